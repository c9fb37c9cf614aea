//! The loader's rules (fhir-mapping.md §1.1–§1.5).

use super::*;

// ---- §1.1 root rules ----

#[test]
fn root_type_names_and_case() {
    for t in [
        "CollectionFhir",
        "collectionfhir",
        "COLLECTIONFHIRTEMPLATE",
        "CollectionFhirTemplate",
    ] {
        let l = load_fhir_mapping(&format!(
            r#"{{"TemplateType":"{t}","TEMPLATE":[],"other":1}}"#
        ));
        assert!(l.valid, "{t}: {:?}", messages(&l));
    }
    let l = load_fhir_mapping(r#"{"template":[]}"#);
    assert_eq!(
        messages(&l),
        ["Expected TemplateType value CollectionFhirTemplate, actual Not Found."]
    );
    let l = load_fhir_mapping(r#"{"templateType":null,"template":[]}"#);
    assert_eq!(
        messages(&l),
        ["Expected TemplateType value CollectionFhirTemplate, actual Not Found."]
    );
    let l = load_fhir_mapping(r#"{"templateType":"CollectionContent","template":[]}"#);
    assert_eq!(codes(&l), [Code::FhirRootType]);
    let l = load_fhir_mapping(r#"{"templateType":"CollectionFhir"}"#);
    assert_eq!(codes(&l), [Code::FhirTemplateArray]);
    let l = load_fhir_mapping(r#"{"templateType":"CollectionFhir","template":{}}"#);
    assert_eq!(codes(&l), [Code::FhirTemplateArray]);
}

#[test]
fn root_syntax_empty_and_non_objects() {
    for text in ["", "  ", "null", "// nothing"] {
        assert_eq!(
            codes(&load_fhir_mapping(text)),
            [Code::FhirEmpty],
            "{text:?}"
        );
    }
    let l = load_fhir_mapping("[1]");
    assert_eq!(
        messages(&l),
        ["Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1."]
    );
    let l = load_fhir_mapping(r#"{"templateType":"CollectionFhir","template":[]} x"#);
    assert_eq!(codes(&l), [Code::FhirSyntax]);
    let l = load_fhir_mapping(r#"{"templateType":{},"template":[]}"#);
    assert_eq!(codes(&l), [Code::FhirSyntax]);
    assert!(messages(&l)[0]
        .starts_with("Error reading string. Unexpected token: StartObject. Path 'templateType'"));
}

#[test]
fn elements_that_crash_the_loader() {
    for element in ["null", "\"x\"", "5", "[]"] {
        let l = load_fhir_mapping(&format!(
            r#"{{"templateType":"CollectionFhir","template":[{HR_CONTAINER},{element}]}}"#
        ));
        assert_eq!(codes(&l), [Code::FhirLoadCrash], "{element}");
        assert!(
            l.mapping.templates.is_empty(),
            "nothing is built when the loader throws"
        );
    }
    let l = load_fhir_mapping(
        r#"{"templateType":"CollectionFhir","template":[{"templateType":[],"template":{}}]}"#,
    );
    assert_eq!(codes(&l), [Code::FhirLoadCrash]);
}

pub(super) const HR_CONTAINER: &str =
    r#"{"templateType":"CodeValueFhir","template":{"typeName":"hr","codes":[]}}"#;

// ---- §1.2 inner containers ----

#[test]
fn inner_type_names() {
    for t in [
        "CodeValueFhir",
        "codevaluefhir",
        "CodeValueFhirTemplate",
        "CODEVALUEFHIRTEMPLATE",
    ] {
        let l = load_fhir_mapping(&format!(
            r#"{{"templateType":"CollectionFhir","template":[{{"templateType":"{t}","template":{{"typeName":"a","codes":[]}}}}]}}"#
        ));
        assert!(l.valid, "{t}");
    }
    let l = load_fhir_mapping(
        r#"{"templateType":"CollectionFhir","template":[{"templateType":"CalculatedContent","template":{}}]}"#,
    );
    assert_eq!(
        messages(&l),
        ["Expected TemplateType value CodeValueFhirTemplate, actual CalculatedContent."]
    );
    for template in ["[]", "\"x\"", "5"] {
        let l = load_fhir_mapping(&format!(
            r#"{{"templateType":"CollectionFhir","template":[{{"templateType":"CodeValueFhir","template":{template}}}]}}"#
        ));
        assert_eq!(codes(&l), [Code::FhirTemplateNotObject], "{template}");
    }
}

#[test]
fn each_element_is_independent() {
    let l = load_fhir_mapping(&format!(
        r#"{{"templateType":"CollectionFhir","template":[{{"templateType":"x","template":{{}}}},{HR_CONTAINER}]}}"#
    ));
    assert!(!l.valid);
    assert_eq!(l.mapping.templates.len(), 1);
    assert_eq!(l.mapping.templates[0].index, 1);
}

// ---- §1.3 body ----

#[test]
fn body_members_are_case_insensitive_and_unknown_ones_are_errors() {
    let l = load_fhir_mapping(&one(
        r#"{"TYPENAME":"hr","Codes":[],"PERIODINTERVAL":"hourly"}"#,
    ));
    assert!(l.valid, "{:?}", messages(&l));
    assert_eq!(
        l.mapping.templates[0].period_interval,
        PeriodInterval::Hourly
    );
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"hr","codes":[],"unit":"x","extra":{"a":1}}"#,
    ));
    assert_eq!(
        messages(&l),
        [
            "Could not find member 'unit' on object of type 'CodeValueFhirTemplate'. ",
            "Could not find member 'extra' on object of type 'CodeValueFhirTemplate'. "
        ]
    );
    assert!(l
        .errors()
        .all(|d| d.code == Code::FhirUnknownMember && d.reference_position.is_some()));
    // lineNumber / linePosition / lineInfoForProperties are model members: accepted.
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"hr","codes":[],"lineNumber":3,"linePosition":4,"lineInfoForProperties":{}}"#,
    ));
    assert!(l.valid, "{:?}", messages(&l));
}

#[test]
fn unknown_members_in_codes_category_and_components() {
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"hr","codes":[{"code":"a","coding":"x"}],"category":[{"text":"t","coding":[]}],"components":[{"codes":[],"value":{"valueType":"String","valueName":"v"},"name":"n"}]}"#,
    ));
    assert_eq!(
        messages(&l),
        [
            "Could not find member 'coding' on object of type 'FhirCode'. ",
            "Could not find member 'coding' on object of type 'FhirCodeableConcept'. ",
            "Could not find member 'name' on object of type 'CodeValueMapping'. ",
        ]
    );
    let coding = l.errors().nth(1).unwrap();
    assert!(coding.help.as_deref().unwrap().contains("\"codes\""));
    assert_eq!(
        coding.pointer.as_deref(),
        Some("/template/0/template/category/0/coding")
    );
}

#[test]
fn unknown_members_inside_value_are_ignored() {
    let l = load_fhir_mapping(&one(
        r#"{"typeName":"hr","codes":[],"value":{"valueType":"CodeableConcept","valueName":"v","text":"t","codes":[{"code":"c","extra":1}],"whatever":true}}"#,
    ));
    assert!(l.valid, "{:?}", messages(&l));
}

#[test]
fn required_members_missing_or_null_in_contract_order() {
    let l = load_fhir_mapping(&one("{}"));
    assert_eq!(
        messages(&l),
        [
            "Required property 'Codes' not found in JSON. ",
            "Required property 'TypeName' not found in JSON. "
        ]
    );
    // Reported at the body's `{`.
    assert_eq!(l.diagnostics[0].reference_position, Some((1, 89)));
    let l = load_fhir_mapping(&one(r#"{"typeName":null,"codes":null}"#));
    assert_eq!(
        messages(&l),
        [
            "Required property 'Codes' expects a value but got null. ",
            "Required property 'TypeName' expects a value but got null. "
        ]
    );
    // An empty string for a list is read as null.
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":""}"#));
    assert_eq!(
        messages(&l),
        ["Required property 'Codes' expects a value but got null. "]
    );
    // Components need codes.
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[],"components":[{}]}"#));
    assert_eq!(
        messages(&l),
        ["Required property 'Codes' not found in JSON. "]
    );
}

#[test]
fn unreadable_values_and_their_messages() {
    let l = load_fhir_mapping(&one(r#"{"typeName":{},"codes":[]}"#));
    assert_eq!(
        messages(&l),
        [
            "Error reading string. Unexpected token: StartObject. ",
            "Required property 'TypeName' not found in JSON. "
        ]
    );
    // Reader errors have no line info, serialization errors keep it.
    assert_eq!(l.diagnostics[0].reference_position, None);
    assert!(l.diagnostics[1].reference_position.is_some());
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":"x"}"#));
    assert_eq!(
        messages(&l),
        ["Error converting value \"x\" to type 'System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.FhirCode]'. "]
    );
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":{}}"#));
    assert!(messages(&l)[0].starts_with("Cannot deserialize the current JSON object (e.g. {\"name\":\"value\"}) into type 'System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.FhirCode]' because the type requires a JSON array (e.g. [1,2,3])"));
    assert!(messages(&l)[0].ends_with("object.\n"));
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[5,[],null,""]}"#));
    assert_eq!(
        messages(&l)[0],
        "Error converting value 5 to type 'Microsoft.Health.Fhir.Ingest.Template.FhirCode'. "
    );
    assert!(messages(&l)[1].starts_with("Cannot deserialize the current JSON array (e.g. [1,2,3]) into type 'Microsoft.Health.Fhir.Ingest.Template.FhirCode'"));
    // Numbers and booleans become text.
    let l = load_fhir_mapping(&one(
        r#"{"typeName":5,"codes":[{"code":1.50,"display":true}]}"#,
    ));
    assert!(l.valid);
    let t = &l.mapping.templates[0];
    assert_eq!(t.type_name, "5");
    assert_eq!(t.codes[0].as_ref().unwrap().code.as_deref(), Some("1.5"));
    assert_eq!(
        t.codes[0].as_ref().unwrap().display.as_deref(),
        Some("True")
    );
    // A null code entry is kept (it fails later).
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[null]}"#));
    assert!(l.valid);
    assert_eq!(l.mapping.templates[0].codes, vec![None]);
}

#[test]
fn a_name_containing_path_is_cut_there() {
    let l = load_fhir_mapping(&one(r#"{"typeName":"a","codes":[],"valuePath":1}"#));
    assert_eq!(
        messages(&l),
        ["Could not find member 'valuePath' on object of type 'CodeValueFhirTemplate'. Path 'value"]
    );
}
