//! Root rules, dispatch and load crashes (device-mapping.md §3.1, §3.2).

use super::*;

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

#[test]
fn a_read_document_loads_with_or_without_its_text() {
    let text = one("JsonPathContent", JSONPATH_OK);
    let doc = medtech_json::read(&text, &medtech_json::ReadOptions::default()).unwrap();
    let with_text = load_device_mapping_document(doc.clone(), Some(&text));
    assert_eq!(with_text.mapping, load(&text).mapping);
    // a text that cannot be the source gives no line info instead of wrong ones
    let other = load_device_mapping_document(doc, Some("{}"));
    assert!(other.valid);
    assert_eq!(other.mapping.templates[0].location.line_info, None);
}

#[test]
fn crashes_and_empty_documents_have_no_validation_message() {
    assert!(load("").validation_message().is_none());
    let loaded = load(r#"{"templateType": "CollectionContent", "template": [null]}"#);
    assert!(!loaded.valid);
    assert!(loaded.validation_message().is_none());
}
