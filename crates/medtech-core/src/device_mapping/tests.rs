//! Unit tests of the loader (device-mapping.md §3, §4), one per rule, on inline texts.

use super::*;

fn load(text: &str) -> LoadedDeviceMapping {
    load_device_mapping(text)
}

/// Errors as (message, reference line info).
fn errors(loaded: &LoadedDeviceMapping) -> Vec<(String, Option<(u32, u32)>)> {
    loaded
        .errors()
        .map(|d| (d.message.clone(), d.reference_position))
        .collect()
}

fn messages(loaded: &LoadedDeviceMapping) -> Vec<String> {
    loaded.errors().map(|d| d.message.clone()).collect()
}

fn codes(loaded: &LoadedDeviceMapping) -> Vec<Code> {
    loaded.errors().map(|d| d.code).collect()
}

/// A collection around one inner container.
fn one(kind: &str, template: &str) -> String {
    format!(
        "{{\"templateType\": \"CollectionContent\", \"template\": [{{\"templateType\": \"{kind}\", \"template\": {template}}}]}}"
    )
}

const JSONPATH_OK: &str = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "hr", "valueExpression": "$.hr", "required": true}]}"#;
const CALC_OK: &str = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "hr", "valueExpression": "$.hr", "required": true}]}"#;

// ---- §3.1 root ----

#[test]
fn root_names_are_case_insensitive_and_accept_both_spellings() {
    for root in [
        r#"{"templateType": "CollectionContent", "template": []}"#,
        r#"{"TemplateType": "collectionContentTemplate", "TEMPLATE": []}"#,
        r#"{"templatetype": "COLLECTIONCONTENT", "template": [], "other": 1}"#,
    ] {
        let loaded = load(root);
        assert!(loaded.valid, "{root}: {:?}", loaded.diagnostics);
        assert!(loaded.diagnostics.is_empty());
        assert!(loaded.mapping.templates.is_empty());
    }
}

#[test]
fn root_template_type_errors_have_no_prefix_and_point_at_the_property() {
    let loaded = load("{\n  \"templateType\": \"JsonPathContent\",\n  \"template\": []\n}");
    assert_eq!(
        errors(&loaded),
        [(
            "Expected TemplateType value CollectionContentTemplate, actual JsonPathContent.".into(),
            Some((2, 17))
        )]
    );
    assert_eq!(codes(&loaded), [Code::MappingRootType]);
    assert_eq!(
        loaded.validation_message().unwrap(),
        "Validation errors:\nExpected TemplateType value CollectionContentTemplate, actual JsonPathContent."
    );
    // empty string, missing and null
    assert_eq!(
        messages(&load(r#"{"templateType": "", "template": []}"#)),
        ["Expected TemplateType value CollectionContentTemplate, actual ."]
    );
    let missing = load("{\"template\": []}");
    assert_eq!(
        errors(&missing),
        [(
            "Expected TemplateType value CollectionContentTemplate, actual Not Found.".into(),
            Some((1, 1))
        )]
    );
    assert_eq!(
        messages(&load(r#"{"templateType": null, "template": []}"#)),
        ["Expected TemplateType value CollectionContentTemplate, actual Not Found."]
    );
    // numbers are read as text
    assert_eq!(
        messages(&load(r#"{"templateType": 5, "template": []}"#)),
        ["Expected TemplateType value CollectionContentTemplate, actual 5."]
    );
}

#[test]
fn root_template_must_be_an_array() {
    for text in [
        "{\"templateType\": \"CollectionContent\",\n \"template\": {}}",
        "{\"templateType\": \"CollectionContent\",\n \"template\": \"\"}",
    ] {
        let loaded = load(text);
        assert_eq!(
            errors(&loaded),
            [(
                "Expected an array for the template property value for template type CollectionContentTemplate.".into(),
                Some((2, 12))
            )]
        );
        assert_eq!(codes(&loaded), [Code::MappingTemplateArray]);
    }
    let missing = load(r#"{"templateType": "CollectionContent"}"#);
    assert_eq!(
        errors(&missing)[0].1,
        Some((1, 1)),
        "line info of the root object when absent"
    );
}

#[test]
fn root_object_template_type_is_a_reader_exception() {
    let loaded = load("{\"templateType\": {}, \"template\": []}");
    assert_eq!(
        messages(&loaded),
        ["Error reading string. Unexpected token: StartObject. Path 'templateType', line 1, position 18."]
    );
    assert_eq!(loaded.errors().next().unwrap().reference_position, None);
}

#[test]
fn root_syntax_errors_are_the_reader_message_without_line_info() {
    let loaded = load("{\n  \"templateType\":\n}");
    assert!(!loaded.valid);
    assert!(loaded.document.is_none());
    let d = loaded.errors().next().unwrap();
    assert_eq!(d.code, Code::MappingSyntax);
    assert_eq!(
        d.message,
        "Unexpected character encountered while parsing value: }. Path 'templateType', line 3, position 0."
    );
    assert_eq!(d.reference_position, None);
    assert!(d.span.is_some());
}

#[test]
fn root_that_is_not_an_object_fails_in_jobject_load() {
    assert_eq!(
        messages(&load("[1, }")),
        ["Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1."]
    );
    assert_eq!(
        messages(&load("  \"abc\"")),
        ["Error reading JObject from JsonReader. Current JsonReader item is not an object: String. Path '', line 1, position 7."]
    );
    assert_eq!(
        messages(&load("5 x")),
        ["Error reading JObject from JsonReader. Current JsonReader item is not an object: Integer. Path '', line 1, position 1."]
    );
}

#[test]
fn content_after_the_root_object_is_an_error() {
    let loaded = load("{\"templateType\": \"CollectionContent\", \"template\": []} // ok\n}");
    assert_eq!(
        messages(&loaded),
        ["Additional text encountered after finished reading JSON content: }. Path '', line 2, position 0."]
    );
    assert!(load("{\"templateType\": \"CollectionContent\", \"template\": []} /* c */ ").valid);
}

#[test]
fn empty_and_null_documents_build_nothing() {
    for text in ["", "   \n", "// only a comment", "null", " null "] {
        let loaded = load(text);
        assert!(!loaded.valid, "{text:?}");
        assert_eq!(codes(&loaded), [Code::MappingEmpty], "{text:?}");
        assert!(loaded.mapping.templates.is_empty());
    }
}

#[test]
fn the_document_is_kept_and_positions_are_newtonsofts() {
    let loaded = load(&one("JsonPathContent", JSONPATH_OK));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    assert!(loaded.document.is_some());
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.location.pointer, "/template/0/template");
    assert_eq!(t.location.line_info, Some((1, 100)));
    let loaded = load_device_mapping_document(
        Document::from_serde(&serde_json::from_str(&one("JsonPathContent", JSONPATH_OK)).unwrap()),
        None,
    );
    assert!(loaded.valid);
    assert_eq!(loaded.mapping.templates[0].location.line_info, None);
}

// ---- §3.2 dispatch ----

#[test]
fn accepted_template_type_names_per_kind() {
    let cases = [
        ("JsonPathContent", Some(TemplateKind::JsonPath)),
        ("jsonpathcontenttemplate", Some(TemplateKind::JsonPath)),
        ("IotJsonPathContent", Some(TemplateKind::IotJsonPath)),
        (
            "IotJsonPathContentTemplate",
            Some(TemplateKind::IotJsonPath),
        ),
        (
            "iotcentraljsonpathcontent",
            Some(TemplateKind::IotCentralJsonPath),
        ),
        ("IotCentralJsonPathContentTemplate", None),
        ("CalculatedContent", Some(TemplateKind::Calculated)),
        ("CALCULATEDCONTENT", Some(TemplateKind::Calculated)),
        ("CalculatedContentTemplate", None),
        ("CollectionContent", None),
        ("", None),
    ];
    for (name, kind) in cases {
        let body = if kind == Some(TemplateKind::Calculated) {
            CALC_OK
        } else {
            r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t"}"#
        };
        let loaded = load(&one(name, body));
        match kind {
            Some(kind) => {
                assert!(loaded.valid, "{name}: {:?}", loaded.diagnostics);
                assert_eq!(loaded.mapping.templates[0].kind, kind, "{name}");
            }
            None => {
                assert_eq!(
                    messages(&loaded),
                    [format!("No match found for template type {name}.")],
                    "{name}"
                );
                assert_eq!(codes(&loaded), [Code::TemplateUnknownType]);
            }
        }
    }
}

#[test]
fn unknown_type_points_at_the_template_property_and_helps() {
    let text = "{\"templateType\": \"CollectionContent\", \"template\": [\n {\"templateType\": \"CalculatedContentTemplate\",\n  \"template\": {}}]}";
    let loaded = load(text);
    let d = loaded.errors().next().unwrap();
    assert_eq!(
        d.message,
        "No match found for template type CalculatedContentTemplate."
    );
    assert_eq!(d.reference_position, Some((3, 13)));
    assert_eq!(d.pointer.as_deref(), Some("/template/0/template"));
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("use \"CalculatedContent\""));
    assert_eq!(
        reference_message(d),
        "Line Number: 3, Position: 13. No match found for template type CalculatedContentTemplate."
    );
    // no templateType, no template: null prints as empty, line info of the element
    let loaded = load("{\"templateType\": \"CollectionContent\", \"template\": [\n {}]}");
    assert_eq!(
        errors(&loaded),
        [("No match found for template type .".into(), Some((2, 2)))]
    );
}

#[test]
fn inner_template_must_be_an_object() {
    for (kind, name) in [
        ("JsonPathContent", "JsonPathContentTemplate"),
        ("IotJsonPathContent", "IotJsonPathContentTemplate"),
        ("IotCentralJsonPathContent", "IotCentralJsonPathContent"),
        ("CalculatedContent", "CalculatedContent"),
    ] {
        for body in ["null", "[]", "\"x\"", "1"] {
            let loaded = load(&one(kind, body));
            assert_eq!(
                messages(&loaded),
                [format!(
                    "Expected an object for the template property value for template type {name}."
                )]
            );
            assert_eq!(codes(&loaded), [Code::TemplateNotObject]);
        }
    }
    let loaded = load(
        r#"{"templateType": "CollectionContent", "template": [{"templateType": "JsonPathContent"}]}"#,
    );
    assert_eq!(
        messages(&loaded),
        ["Expected an object for the template property value for template type JsonPathContentTemplate."]
    );
}

#[test]
fn element_errors_are_collected_and_valid_templates_kept() {
    let text = format!(
        r#"{{"templateType": "CollectionContent", "template": [
            {{"templateType": "Nope", "template": {{}}}},
            {{"templateType": "JsonPathContent", "template": {JSONPATH_OK}}},
            {{"templateType": "JsonPathContent", "template": {{}}}},
            {{"templateType": "CalculatedContent", "template": {CALC_OK}}}
        ]}}"#
    );
    let loaded = load(&text);
    assert!(!loaded.valid);
    assert_eq!(loaded.mapping.templates.len(), 2);
    assert_eq!(loaded.mapping.templates[0].index, 1);
    assert_eq!(loaded.mapping.templates[1].index, 3);
    assert_eq!(
        messages(&loaded),
        [
            "No match found for template type Nope.",
            "Required property 'TypeMatchExpression' not found in JSON. ",
            "Required property 'DeviceIdExpression' not found in JSON. ",
            "Required property 'TimestampExpression' not found in JSON. ",
            "Required property 'TypeName' not found in JSON. ",
        ]
    );
}

#[test]
fn inner_container_keys_are_case_insensitive() {
    let text = format!(
        r#"{{"templateType": "CollectionContent", "template": [{{"TEMPLATETYPE": "JsonPathContent", "Template": {JSONPATH_OK}, "extra": 1}}]}}"#
    );
    assert!(load(&text).valid);
    // the last templateType wins (Populate assigns each match in turn)
    let text = format!(
        r#"{{"templateType": "CollectionContent", "template": [{{"templateType": "Nope", "TemplateType": "JsonPathContent", "template": {JSONPATH_OK}}}]}}"#
    );
    assert!(load(&text).valid);
}

// ---- crashes (§3.2 last paragraph, §4.4) ----

#[test]
fn null_or_non_object_elements_crash_the_load() {
    let text = r#"{"templateType": "CollectionContent", "template": [{"templateType": "Nope", "template": {}}, null, {"templateType": "Nope2", "template": {}}]}"#;
    let loaded = load(text);
    assert_eq!(
        codes(&loaded),
        [Code::TemplateUnknownType, Code::MappingLoadCrash],
        "loading stops at the crash"
    );
    let loaded = load(r#"{"templateType": "CollectionContent", "template": ["x"]}"#);
    let d = loaded.errors().next().unwrap();
    assert_eq!(d.code, Code::MappingLoadCrash);
    assert!(d.causes[0].contains(
        "Current JsonReader item is not an object: String. Path 'template[0]', line 1, position 54."
    ));
}

#[test]
fn calculated_content_without_values_crashes() {
    for values in ["", r#", "values": null"#, r#", "values": """#] {
        let body = format!(
            r#"{{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t"{values}}}"#
        );
        let loaded = load(&one("CalculatedContent", &body));
        assert_eq!(codes(&loaded), [Code::MappingLoadCrash], "{values}");
        assert!(loaded
            .errors()
            .next()
            .unwrap()
            .message
            .contains("\"values\""));
    }
    // JsonPathContent without values is fine
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t"}"#;
    let loaded = load(&one("JsonPathContent", body));
    assert!(loaded.valid);
    assert!(loaded.mapping.templates[0].values.is_empty());
    // values: [] is allowed
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": []}"#;
    assert!(load(&one("CalculatedContent", body)).valid);
}

#[test]
fn blank_calculated_expressions_crash_but_empty_required_ones_are_null_errors() {
    let base = |member: &str, value: &str| {
        format!(
            r#"{{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [], "{member}": {value}}}"#
        )
    };
    // whitespace in a required member, empty in an optional one, empty object value
    for (member, value) in [
        ("deviceIdExpression", "\"  \""),
        ("patientIdExpression", "\"\""),
        ("typeMatchExpression", r#"{"value": ""}"#),
    ] {
        let loaded = load(&one("CalculatedContent", &base(member, value)));
        assert_eq!(
            codes(&loaded),
            [Code::MappingLoadCrash],
            "{member}: {value}"
        );
    }
    // "" for a required TemplateExpression member reads as null
    let loaded = load(&one(
        "CalculatedContent",
        &base("deviceIdExpression", "\"\""),
    ));
    assert_eq!(
        messages(&loaded),
        ["Required property 'DeviceIdExpression' expects a value but got null. "]
    );
    assert_eq!(codes(&loaded), [Code::TemplateNullMember]);
    // a value expression "" too
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "a", "valueExpression": ""}]}"#;
    assert_eq!(
        messages(&load(&one("CalculatedContent", body))),
        ["Required property 'ValueExpression' expects a value but got null. "]
    );
}

#[test]
fn null_values_elements_crash() {
    for kind in ["JsonPathContent", "CalculatedContent"] {
        let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [null]}"#;
        assert_eq!(
            codes(&load(&one(kind, body))),
            [Code::MappingLoadCrash],
            "{kind}"
        );
    }
}

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

// ---- CalculatedContent expressions (§3.4, §4.4) ----

#[test]
fn calculated_expression_objects() {
    let body = r#"{"typeName": "hr",
        "typeMatchExpression": {"VALUE": "$..[?(@hr)]", "Language": "jsonpath", "extra": 1},
        "deviceIdExpression": {"value": "d", "language": 1},
        "timestampExpression": {"value": "t", "language": "JMESPATH"},
        "patientIdExpression": {"value": "$.p", "language": 0},
        "encounterIdExpression": {"value": "$.e", "language": ""},
        "values": [{"valueName": "v", "valueExpression": {"value": "x", "language": "JmesPath"}}]}"#;
    let loaded = load(&one("CalculatedContent", body));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    let t = &loaded.mapping.templates[0];
    let type_match = t.type_match.as_ref().unwrap();
    assert_eq!(type_match.text, "$..[?(@hr)]");
    assert_eq!(type_match.language, Language::JsonPath);
    assert!(type_match.explicit_language);
    assert_eq!(t.device_id.as_ref().unwrap().language, Language::JmesPath);
    assert_eq!(t.timestamp.as_ref().unwrap().language, Language::JmesPath);
    assert_eq!(t.patient_id.as_ref().unwrap().language, Language::JsonPath);
    let encounter = t.encounter_id.as_ref().unwrap();
    assert_eq!(encounter.language, Language::JsonPath);
    assert!(!encounter.explicit_language);
    assert_eq!(t.values[0].expression.language, Language::JmesPath);
    assert_eq!(t.default_language, None);
}

#[test]
fn calculated_expression_object_errors() {
    let base = |expr: &str| {
        format!(
            "{{\"typeName\": \"hr\", \"typeMatchExpression\": \"$..[?(@hr)]\", \"deviceIdExpression\": \"$.d\", \"timestampExpression\": \"$.t\", \"values\": [],\n \"patientIdExpression\": {expr}}}"
        )
    };
    let loaded = load(&one(
        "CalculatedContent",
        &base("{\"language\": \"JsonPath\"}"),
    ));
    assert_eq!(
        errors(&loaded),
        [(
            "Required property 'Value' not found in JSON. ".into(),
            Some((2, 25))
        )]
    );
    assert_eq!(
        messages(&load(&one("CalculatedContent", &base("{\"value\": null}")))),
        ["Required property 'Value' expects a value but got null. "]
    );
    assert_eq!(
        messages(&load(&one("CalculatedContent", &base("{\"value\": \"$.p\", \"language\": \"XPath\"}")))),
        ["Error converting value \"XPath\" to type 'System.Nullable`1[Microsoft.Health.Fhir.Ingest.Template.TemplateExpressionLanguage]'. "]
    );
    assert_eq!(
        messages(&load(&one(
            "CalculatedContent",
            &base("{\"value\": \"$.p\", \"language\": true}")
        ))),
        ["Unexpected token Boolean when parsing enum. "]
    );
    let loaded = load(&one(
        "CalculatedContent",
        &base("{\"value\": \"$.p\", \"language\": 5}"),
    ));
    assert_eq!(messages(&loaded), ["Unsupported Expression Language: 5"]);
    assert_eq!(
        loaded.errors().next().unwrap().medtech_error,
        Some(crate::diagnostic::MedTechError::TemplateExpressionException)
    );
    for (expr, token) in [("5", "Integer"), ("[]", "StartArray"), ("true", "Boolean")] {
        assert_eq!(
            messages(&load(&one("CalculatedContent", &base(expr)))),
            [format!("Error reading JObject from JsonReader. Current JsonReader item is not an object: {token}. ")]
        );
    }
    // an optional expression may be null
    assert!(load(&one("CalculatedContent", &base("null"))).valid);
}

#[test]
fn default_expression_language_applies_to_expressions_without_one() {
    let body = r#"{"defaultExpressionLanguage": "jmespath", "typeName": "hr", "typeMatchExpression": "to_array(@)", "deviceIdExpression": {"value": "$.d", "language": "JsonPath"}, "timestampExpression": "t", "values": [{"valueName": "v", "valueExpression": "x"}]}"#;
    let loaded = load(&one("CalculatedContent", body));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.default_language, Some(Language::JmesPath));
    assert_eq!(t.type_match.as_ref().unwrap().language, Language::JmesPath);
    assert!(!t.type_match.as_ref().unwrap().explicit_language);
    assert_eq!(t.device_id.as_ref().unwrap().language, Language::JsonPath);
    assert_eq!(t.values[0].expression.language, Language::JmesPath);
    let body = r#"{"defaultExpressionLanguage": null, "typeName": "hr", "typeMatchExpression": "a", "deviceIdExpression": "b", "timestampExpression": "c", "values": []}"#;
    assert_eq!(
        messages(&load(&one("CalculatedContent", body))),
        ["Cannot convert null value to Microsoft.Health.Fhir.Ingest.Template.TemplateExpressionLanguage. "]
    );
}

#[test]
fn calculated_string_expression_line_info_is_the_string() {
    let body = "{\"typeName\": \"hr\",\n \"typeMatchExpression\": \"$..[?(@hr)]\", \"deviceIdExpression\": \"$.d\", \"timestampExpression\": {\n \"value\": \"$.t\"}, \"values\": []}";
    let loaded = load(&one("CalculatedContent", body));
    let t = &loaded.mapping.templates[0];
    assert_eq!(
        t.type_match.as_ref().unwrap().location.line_info,
        Some((2, 37))
    );
    // an expression object reports its `value` property
    assert_eq!(
        t.timestamp.as_ref().unwrap().location.line_info,
        Some((3, 9))
    );
}

#[test]
fn validation_message_joins_errors_with_prefixes() {
    let text = "{\"templateType\": \"CollectionContent\", \"template\": [\n{\"templateType\": \"JsonPathContent\", \"template\": {}}]}";
    let loaded = load(text);
    assert_eq!(
        loaded.validation_message().unwrap(),
        "Validation errors:\nLine Number: 2, Position: 49. Required property 'TypeMatchExpression' not found in JSON. \nLine Number: 2, Position: 49. Required property 'DeviceIdExpression' not found in JSON. \nLine Number: 2, Position: 49. Required property 'TimestampExpression' not found in JSON. \nLine Number: 2, Position: 49. Required property 'TypeName' not found in JSON. "
    );
    assert!(
        load(r#"{"templateType": "CollectionContent", "template": []}"#)
            .validation_message()
            .is_none()
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let deep = "[".repeat(5000);
    assert!(!load(&deep).valid);
    let deep = format!(
        "{{\"templateType\": \"CollectionContent\", \"template\": [{}]}}",
        "{\"a\":".repeat(100)
    );
    assert!(!load(&deep).valid);
    for text in [
        "{",
        "}",
        "{\"templateType\"",
        "\u{feff}",
        "/*",
        "{\"a\":1}}",
        "\u{0}",
    ] {
        let _ = load(text);
    }
}

#[test]
fn json_path_syntax_errors_are_warnings_only() {
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "v", "valueExpression": "$.[", "required": true}]}"#;
    for kind in ["JsonPathContent", "CalculatedContent"] {
        let loaded = load(&one(kind, body));
        assert!(loaded.valid, "{kind}: {:?}", loaded.diagnostics);
        let warnings: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ExpressionJsonPathSyntax)
            .collect();
        assert_eq!(warnings.len(), 2, "{kind}: {warnings:?}");
        assert!(warnings.iter().all(|d| d.severity == Severity::Warning));
        assert!(warnings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("every message"));
        assert_eq!(
            warnings[0].pointer.as_deref(),
            Some("/template/0/template/typeMatchExpression")
        );
    }
}

#[test]
fn jmespath_expressions_are_compiled_at_load() {
    let body = "{\"typeName\": \"hr\", \"typeMatchExpression\": \"$..[?(@hr)]\",\n \"deviceIdExpression\": {\"value\": \"sort(itemOne, itemTwo)\", \"language\": \"JmesPath\"},\n \"timestampExpression\": {\"value\": \"foo(\", \"language\": \"JmesPath\"}, \"values\": []}";
    let loaded = load(&one("CalculatedContent", body));
    let e: Vec<_> = loaded.errors().collect();
    // the factory throws on the first failing expression only
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, Code::ExpressionJmesPathSyntax);
    assert!(e[0].message.starts_with(
        "The following JmesPath expression could not be parsed: sort(itemOne, itemTwo). Cause: "
    ));
    assert!(e[0].message.contains("invalid-arity"), "{}", e[0].message);
    assert_eq!(e[0].reference_position, Some((2, 32)));
    assert_eq!(
        e[0].medtech_error,
        Some(crate::diagnostic::MedTechError::TemplateExpressionException)
    );
    assert!(loaded.mapping.templates.is_empty());
    // custom functions are registered, as in production
    let body = r#"{"defaultExpressionLanguage": "JmesPath", "typeName": "hr", "typeMatchExpression": "[@]", "deviceIdExpression": "d", "timestampExpression": "fromUnixTimestamp(t)", "values": [{"valueName": "v", "valueExpression": "add(a, b)"}]}"#;
    let loaded = load(&one("CalculatedContent", body));
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    // unknown functions are compile errors
    let body = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "v", "valueExpression": {"value": "nope(a)", "language": "JmesPath"}}]}"#;
    let m = messages(&load(&one("CalculatedContent", body)));
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("unknown-function"), "{}", m[0]);
}
