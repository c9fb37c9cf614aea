//! CalculatedContent expressions and load-time expression checks (device-mapping.md §3.4, §4.4, §7.1).

use super::*;

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
    // an expression object's own line info is its `{`; its `value` property is reported for
    // inner errors
    let timestamp = t.timestamp.as_ref().unwrap();
    assert_eq!(timestamp.location.line_info.map(|p| p.0), Some(2));
    assert_eq!(timestamp.value_line_info, Some((3, 9)));
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
