//! The loader's rules for values, periodInterval and registration (fhir-mapping.md §1.3–§1.5).

use super::*;

// ---- §1.4 value ----

#[test]
fn value_type_key_is_case_sensitive_but_its_value_is_not() {
    for key in ["valueType", "ValueType"] {
        for name in ["SampledData", "sampleddata", "SAMPLEDDATA"] {
            let l = load_fhir_mapping(&one(&format!(
                r#"{{"typeName":"a","codes":[],"value":{{"{key}":"{name}","valueName":"v","defaultPeriod":1000}}}}"#
            )));
            assert!(l.valid, "{key} {name}: {:?}", messages(&l));
        }
    }
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"VALUETYPE":"String","valueName":"v"}}"#,
    ));
    assert_eq!(messages(&l), ["Property ValueType is missing."]);
    assert!(l.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("VALUETYPE"));
    assert_eq!(l.diagnostics[0].reference_position, None);
    // ValueType wins over valueType.
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"valueType":"nope","ValueType":"String","valueName":"v"}}"#,
    ));
    assert!(l.valid);
}

#[test]
fn unknown_empty_and_odd_value_types() {
    let table: &[(&str, &str)] = &[
        (r#""foo""#, "foo"),
        (r#""""#, ""),
        ("null", "The method or operation is not implemented."),
        ("5", "5"),
        (r#""SampledDataFhirValueType""#, "SampledDataFhirValueType"),
        (r#""xpathy""#, "x"),
        (
            "{}",
            "Cannot cast Newtonsoft.Json.Linq.JObject to Newtonsoft.Json.Linq.JToken.",
        ),
    ];
    for (value_type, message) in table {
        let l = load_fhir_mapping(&one(&format!(
            r#"{{"typeName":"a","codes":[],"value":{{"valueType":{value_type}}}}}"#
        )));
        assert_eq!(messages(&l), [*message], "{value_type}");
    }
}

#[test]
fn value_must_be_an_object_even_null_is_rejected() {
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[],"value":null}"#));
    assert_eq!(
        messages(&l),
        ["Cannot access child value on Newtonsoft.Json.Linq.JValue."]
    );
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[],"value":[]}"#));
    assert_eq!(
        messages(&l),
        ["Accessed JArray values with invalid key value: \"ValueType\". Int32 array index expected."]
    );
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"components":[{"codes":[],"value":null}]}"#,
    ));
    assert_eq!(codes(&l), [Code::FhirValueNotObject]);
    // Absent is fine.
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"components":[{"codes":[]}]}"#,
    ));
    assert!(l.valid);
}

#[test]
fn value_fields_and_type_errors() {
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"valueType":"SampledData","valueName":"v","defaultPeriod":"1,000.50","unit":5}}"#,
    ));
    assert!(l.valid);
    match &l.mapping.templates[0].value.as_ref().unwrap().kind {
        ValueKind::SampledData {
            default_period,
            unit,
        } => {
            assert_eq!(default_period.unwrap().to_string(), "1000.50");
            assert_eq!(unit.as_deref(), Some("5"));
        }
        other => panic!("{other:?}"),
    }
    for (period, shown) in [
        ("1000.0", "1000.0"),
        ("1e3", "1000.0"),
        ("0.5", "0.5"),
        ("\"\"", "-"),
    ] {
        let l = load_fhir_mapping(&one(&format!(
            r#"{{"typeName":"a","codes":[],"value":{{"valueType":"SampledData","valueName":"v","defaultPeriod":{period}}}}}"#
        )));
        let kind = &l.mapping.templates[0].value.as_ref().unwrap().kind;
        let text = match kind {
            ValueKind::SampledData { default_period, .. } => {
                default_period.map_or("-".to_string(), |d| d.to_string())
            }
            _ => unreachable!(),
        };
        assert_eq!(text, shown, "{period}");
    }
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"valueType":"SampledData","valueName":"v","defaultPeriod":"abc"}}"#,
    ));
    assert_eq!(messages(&l), ["Could not convert string to decimal: abc. "]);
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"valueType":"Quantity","valueName":{}}}"#,
    ));
    assert_eq!(
        messages(&l),
        ["Unexpected character encountered while parsing value: {. "]
    );
    // Serialization errors inside a value carry the position in the re-written value text.
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"valueType":"CodeableConcept","codes":"x"}}"#,
    ));
    assert_eq!(
        messages(&l),
        ["Error converting value \"x\" to type 'System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.FhirCode]'. "]
    );
    assert_eq!(l.diagnostics[0].reference_position, Some((3, 14)));
}

// ---- §1.5 periodInterval ----

#[test]
fn period_interval_values() {
    let table: &[(&str, Option<i32>)] = &[
        ("0", Some(0)),
        ("60", Some(60)),
        ("1440", Some(1440)),
        ("-1", Some(-1)),
        ("30", Some(30)),
        ("\"60\"", Some(60)),
        ("\"Hourly\"", Some(60)),
        ("\"daily\"", Some(1440)),
        ("\"CorrelationId\"", Some(-1)),
        ("\"Single\"", Some(0)),
        ("\"Instance\"", None),
        ("\"Hour\"", None),
        ("\"Day\"", None),
        ("60.0", None),
        ("null", None),
        ("true", None),
        ("{}", None),
        ("[]", None),
    ];
    for (value, expected) in table {
        let l = load_fhir_mapping(&one(&format!(
            r#"{{"typeName":"a","codes":[],"periodInterval":{value}}}"#
        )));
        match expected {
            Some(v) => {
                assert!(l.valid, "{value}: {:?}", messages(&l));
                assert_eq!(
                    l.mapping.templates[0].period_interval.value(),
                    *v,
                    "{value}"
                );
            }
            None => {
                assert_eq!(codes(&l), [Code::FhirBadValue], "{value}");
                assert!(l.diagnostics[0].reference_position.is_some());
            }
        }
    }
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"periodInterval":"Instance"}"#,
    ));
    assert_eq!(
        messages(&l),
        ["Error converting value \"Instance\" to type 'Microsoft.Health.Fhir.Ingest.Template.ObservationPeriodInterval'. "]
    );
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[],"periodInterval":60.0}"#));
    assert_eq!(
        messages(&l),
        ["Error converting value 60 to type 'Microsoft.Health.Fhir.Ingest.Template.ObservationPeriodInterval'. "]
    );
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[]}"#));
    assert_eq!(
        l.mapping.templates[0].period_interval,
        PeriodInterval::Single
    );
}

// ---- registration ----

#[test]
fn blank_and_duplicate_type_names() {
    let text = (r#"{"templateType":"CollectionFhir","template":[
{"templateType":"CodeValueFhir","template":{"typeName":"Steps","codes":[]}},
{"templateType":"CodeValueFhir","template":{"typeName":"STEPS","codes":[]}},
{"templateType":"CodeValueFhir","template":{"typeName":"","codes":[]}},
{"templateType":"CodeValueFhir","template":{"typeName":"  ","codes":[]}}]}"#)
        .to_string();
    let l = load_fhir_mapping(&text);
    assert_eq!(
        messages(&l),
        [
            "Duplicate template defined for type name: 'STEPS'",
            "Empty type name is not allowed: ''",
            "Empty type name is not allowed: '  '"
        ]
    );
    assert_eq!(l.diagnostics[0].reference_position, Some((3, 55)));
    assert_eq!(
        reference_message(&l.diagnostics[0]),
        "Line Number: 3, Position: 55. Duplicate template defined for type name: 'STEPS'"
    );
    assert_eq!(l.mapping.templates.len(), 1);
    assert!(l
        .validation_message()
        .unwrap()
        .starts_with("Validation errors:\nLine Number: 3"));
}

#[test]
fn loaded_template_locations() {
    let l = load_fhir_mapping(&one(HR));
    assert!(l.valid);
    let t = &l.mapping.templates[0];
    assert_eq!(t.location.pointer, "/template/0/template");
    assert_eq!(
        t.type_name_location.pointer,
        "/template/0/template/typeName"
    );
    assert_eq!(
        t.period_location.as_ref().unwrap().pointer,
        "/template/0/template/periodInterval"
    );
    assert_eq!(
        t.value.as_ref().unwrap().location.pointer,
        "/template/0/template/value"
    );
}

#[test]
fn ignored_value_members_are_noted_with_a_suggestion() {
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"a","codes":[],"value":{"valueType":"SampledData","valueName":"v","defualtPeriod":1000}}"#,
    ));
    assert!(l.valid);
    let note = l
        .diagnostics
        .iter()
        .find(|d| d.code == Code::FhirIgnoredMember)
        .unwrap();
    assert_eq!(note.severity, Severity::Info);
    assert_eq!(
        note.pointer.as_deref(),
        Some("/template/0/template/value/defualtPeriod")
    );
    assert!(note.help.as_deref().unwrap().contains("\"defaultPeriod\""));
    // The template is registered without a period (a run-time failure later).
    assert!(matches!(
        l.mapping.templates[0].value.as_ref().unwrap().kind,
        ValueKind::SampledData {
            default_period: None,
            ..
        }
    ));
}
