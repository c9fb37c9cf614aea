//! Template deserialization (device-mapping.md §3.3, §3.4).

use super::*;

// ---- §3.3 / §3.4 deserialization ----

#[test]
fn unknown_members_are_errors_with_their_line_and_a_hint() {
    let body = "{\n\"typeName\": \"hr\",\n\"typeMatchExpresion\": \"$..[?(@hr)]\",\n\"deviceIdExpression\": \"$.d\", \"timestampExpression\": \"$.t\"}";
    let loaded = load(&one("JsonPathContent", body));
    let d: Vec<_> = loaded.errors().collect();
    assert_eq!(d.len(), 2);
    assert_eq!(
        d[0].message,
        "Could not find member 'typeMatchExpresion' on object of type 'JsonPathContentTemplate'. "
    );
    assert_eq!(d[0].reference_position, Some((3, 21)));
    assert_eq!(d[0].code, Code::TemplateUnknownMember);
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean \"typeMatchExpression\""));
    assert_eq!(
        d[0].pointer.as_deref(),
        Some("/template/0/template/typeMatchExpresion")
    );
    assert_eq!(
        reference_message(d[0]),
        "Line Number: 3, Position: 21. Could not find member 'typeMatchExpresion' on object of type 'JsonPathContentTemplate'. "
    );
    assert_eq!(
        d[1].message,
        "Required property 'TypeMatchExpression' not found in JSON. "
    );
    assert_eq!(d[1].reference_position, Some((1, 100)));
}

#[test]
fn an_unknown_member_named_like_path_cuts_the_message_inside_the_name() {
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "jsonPath": 1}"#;
    assert_eq!(
        messages(&load(&one("JsonPathContent", body))),
        ["Could not find member 'jsonPath' on object of type 'JsonPathContentTemplate'. Path 'json"]
    );
}

#[test]
fn members_match_case_insensitively() {
    let body = r#"{"TYPENAME": "hr", "TypeMatchExpression": "$..[?(@hr)]", "deviceidexpression": "$.d", "timestampExpression": "$.t", "VALUES": [{"VALUENAME": "hr", "valueexpression": "$.hr"}]}"#;
    let loaded = load(&one("JsonPathContent", body));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.type_name, "hr");
    assert_eq!(t.device_id.as_ref().unwrap().text, "$.d");
    assert_eq!(t.values[0].name, "hr");
    assert!(!t.values[0].required);
}

#[test]
fn error_order_is_document_order_then_required_in_contract_order() {
    let body = "{\"zz\": 1, \"values\": [{\"valueName\": \"a\", \"valueExpression\": \"$.a\", \"required\": \"yes\"}, {\"x\": 1}], \"typeName\": null}";
    let loaded = load(&one("JsonPathContent", body));
    assert_eq!(
        messages(&loaded),
        [
            "Could not find member 'zz' on object of type 'JsonPathContentTemplate'. ",
            "Could not convert string to boolean: yes. ",
            "Could not find member 'x' on object of type 'JsonPathValueExpression'. ",
            "Required property 'ValueName' not found in JSON. ",
            "Required property 'ValueExpression' not found in JSON. ",
            "Required property 'TypeMatchExpression' not found in JSON. ",
            "Required property 'DeviceIdExpression' not found in JSON. ",
            "Required property 'TimestampExpression' not found in JSON. ",
            "Required property 'TypeName' expects a value but got null. ",
        ]
    );
    let codes = codes(&loaded);
    assert_eq!(codes[1], Code::TemplateBadValue);
    assert_eq!(codes[8], Code::TemplateNullMember);
    // reader exceptions lose their line info, serialization exceptions keep it
    let positions: Vec<_> = loaded
        .errors()
        .map(|d| d.reference_position.is_some())
        .collect();
    assert_eq!(
        positions,
        [true, false, true, true, true, true, true, true, true]
    );
}

#[test]
fn json_path_members_read_numbers_and_booleans_as_text() {
    let body = r#"{"typeName": 12, "typeMatchExpression": true, "deviceIdExpression": 1.50, "timestampExpression": "$.t", "patientIdExpression": "2019-02-01T22:46:01.875Z", "values": [{"valueName": false, "valueExpression": 1e15}]}"#;
    let loaded = load(&one("JsonPathContent", body));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.type_name, "12");
    assert_eq!(t.type_match.as_ref().unwrap().text, "True");
    assert_eq!(t.device_id.as_ref().unwrap().text, "1.5");
    assert_eq!(t.patient_id.as_ref().unwrap().text, "02/01/2019 22:46:01");
    assert_eq!(t.values[0].name, "False");
    assert_eq!(t.values[0].expression.text, "1E+15");
}

#[test]
fn an_object_for_a_json_path_member_is_two_errors() {
    let body = r#"{"typeName": "hr", "typeMatchExpression": {"value": "$..x"}, "deviceIdExpression": "$.d", "timestampExpression": "$.t"}"#;
    let loaded = load(&one("JsonPathContent", body));
    assert_eq!(
        errors(&loaded),
        [
            (
                "Error reading string. Unexpected token: StartObject. ".into(),
                None
            ),
            (
                "Required property 'TypeMatchExpression' not found in JSON. ".into(),
                Some((1, 100))
            ),
        ]
    );
}

#[test]
fn required_accepts_booleans_strings_and_numbers() {
    for (value, expected) in [
        ("true", true),
        ("false", false),
        ("\"true\"", true),
        ("\"TRUE\"", true),
        ("\" False \"", false),
        ("1", true),
        ("0", false),
        ("2.5", true),
        ("0.0", false),
    ] {
        let body = format!(
            r#"{{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{{"valueName": "hr", "valueExpression": "$.hr", "required": {value}}}]}}"#
        );
        let loaded = load(&one("JsonPathContent", &body));
        assert!(loaded.valid, "{value}: {:?}", loaded.diagnostics);
        assert_eq!(
            loaded.mapping.templates[0].values[0].required, expected,
            "{value}"
        );
        let string_info = loaded
            .diagnostics
            .iter()
            .any(|d| d.code == Code::TemplateRequiredString && d.severity == Severity::Info);
        assert_eq!(string_info, value.starts_with('"'), "{value}");
    }
    for (value, message, positioned) in [
        (
            "\"\"",
            "Error converting value {null} to type 'System.Boolean'. ",
            true,
        ),
        (
            "null",
            "Error converting value {null} to type 'System.Boolean'. ",
            true,
        ),
        (
            "\"yes\"",
            "Could not convert string to boolean: yes. ",
            false,
        ),
        (
            "{}",
            "Error reading boolean. Unexpected token: StartObject. ",
            false,
        ),
        (
            "[]",
            "Error reading boolean. Unexpected token: StartArray. ",
            false,
        ),
    ] {
        let body = format!(
            r#"{{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{{"valueName": "hr", "valueExpression": "$.hr", "required": {value}}}]}}"#
        );
        let loaded = load(&one("JsonPathContent", &body));
        let e = errors(&loaded);
        assert_eq!(e.len(), 1, "{value}: {e:?}");
        assert_eq!(e[0].0, message, "{value}");
        assert_eq!(e[0].1.is_some(), positioned, "{value}");
    }
}

#[test]
fn values_must_be_an_array_of_objects() {
    let base = |values: &str| {
        format!(
            r#"{{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": {values}}}"#
        )
    };
    assert_eq!(
        messages(&load(&one("JsonPathContent", &base("\"abc\"")))),
        ["Error converting value \"abc\" to type 'System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.JsonPathValueExpression]'. "]
    );
    let object = messages(&load(&one("CalculatedContent", &base("{\"a\": 1}"))));
    assert_eq!(object.len(), 1);
    assert!(object[0].starts_with("Cannot deserialize the current JSON object (e.g. {\"name\":\"value\"}) into type 'System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.CalculatedFunctionValueExpression]'"));
    assert!(object[0].ends_with("deserialize from a JSON object.\n"));
    assert_eq!(
        messages(&load(&one("JsonPathContent", &base("[1, \"x\"]")))),
        [
            "Error reading JObject from JsonReader. Current JsonReader item is not an object: Integer. ",
            "Error reading JObject from JsonReader. Current JsonReader item is not an object: String. "
        ]
    );
    assert!(load(&one("JsonPathContent", &base("\"\""))).valid);
}

#[test]
fn line_info_members_are_accepted_and_ignored() {
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "lineNumber": 3, "linePosition": "4", "lineInfoForProperties": {"a": 1}, "values": [{"valueName": "hr", "valueExpression": "$.hr", "LineNumber": 1}]}"#;
    let loaded = load(&one("JsonPathContent", body));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "lineNumber": "x"}"#;
    assert_eq!(
        messages(&load(&one("JsonPathContent", body))),
        ["Could not convert string to integer: x. "]
    );
}

#[test]
fn iot_kinds_ignore_device_and_timestamp_members() {
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@Body.hr)]", "deviceIdExpression": "$.d", "timestampExpression": {"not": "read"}, "values": []}"#;
    for kind in ["IotJsonPathContent", "IotCentralJsonPathContent"] {
        let loaded = load(&one(kind, body));
        assert!(loaded.valid, "{kind}: {:?}", loaded.diagnostics);
        let t = &loaded.mapping.templates[0];
        assert!(t.device_id.is_none() && t.timestamp.is_none());
        let infos: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::TemplateIgnoredMember)
            .collect();
        assert_eq!(infos.len(), 2, "{kind}");
        assert_eq!(infos[0].severity, Severity::Info);
    }
    // only IotJsonPathContent has AlternateTimestampExpression
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@Body.hr)]", "alternateTimestampExpression": "$.x"}"#;
    assert!(load(&one("IotJsonPathContent", body)).valid);
    assert_eq!(
        messages(&load(&one("IotCentralJsonPathContent", body))),
        ["Could not find member 'alternateTimestampExpression' on object of type 'IotCentralJsonPathContentTemplate'. "]
    );
    // JsonPathContent has no defaultExpressionLanguage
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "defaultExpressionLanguage": "JmesPath"}"#;
    assert_eq!(
        codes(&load(&one("JsonPathContent", body))),
        [Code::TemplateUnknownMember]
    );
}

#[test]
fn blank_json_path_expressions_are_absent() {
    let body = r#"{"typeName": "hr", "typeMatchExpression": " ", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "patientIdExpression": ""}"#;
    let loaded = load(&one("JsonPathContent", body));
    assert!(loaded.valid);
    let t = &loaded.mapping.templates[0];
    assert!(t.type_match.is_none());
    assert!(t.patient_id.is_none());
    assert_eq!(t.device_id.as_ref().unwrap().language, Language::JsonPath);
}
