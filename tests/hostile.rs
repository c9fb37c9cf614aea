//! Hostile inputs: every one gives a result or a clear, located error — never a panic, a stack
//! overflow or a hang. The tests assert sizes and outcomes, not times.

use medtech_core::{debug, Code, Options, Report, Severity, Source};

fn mapping(type_match: &str, value: &str) -> String {
    serde_json::json!({
        "templateType": "CollectionContent",
        "template": [{
            "templateType": "JsonPathContent",
            "template": {
                "typeName": "t",
                "typeMatchExpression": type_match,
                "deviceIdExpression": "$.d",
                "timestampExpression": "$.ts",
                "values": [{"valueName": "v", "valueExpression": value, "required": false}]
            }
        }]
    })
    .to_string()
}

fn calculated(type_match: &str, value: &str) -> String {
    serde_json::json!({
        "templateType": "CollectionContent",
        "template": [{
            "templateType": "CalculatedContent",
            "template": {
                "typeName": "t",
                "defaultExpressionLanguage": "JmesPath",
                "typeMatchExpression": type_match,
                "deviceIdExpression": "`\"d\"`",
                "timestampExpression": "`\"2024-01-01T00:00:00Z\"`",
                "values": [{"valueName": "v", "valueExpression": value, "required": false}]
            }
        }]
    })
    .to_string()
}

fn run(mapping: &str, message: String) -> Report {
    debug(mapping, None, &[(None, message)], &Options::default())
}

fn errors(report: &Report) -> Vec<&medtech_core::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

#[test]
fn ten_megabyte_message_is_normalized() {
    let filler = "x".repeat(1000);
    let items: Vec<String> = (0..10_000)
        .map(|i| format!("{{\"i\": {i}, \"pad\": \"{filler}\"}}"))
        .collect();
    let message = format!(
        "{{\"d\": \"dev\", \"ts\": \"2024-01-01T00:00:00Z\", \"hr\": 60, \"items\": [{}]}}",
        items.join(",")
    );
    assert!(message.len() > 10_000_000);
    let report = run(&mapping("$..[?(@hr)]", "$.hr"), message);
    assert_eq!(report.measurements.len(), 1);
    assert!(errors(&report).is_empty());
}

#[test]
fn nesting_100000_deep_is_a_located_reader_error() {
    let message = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let report = run(&mapping("$..[?(@hr)]", "$.hr"), message);
    let error = errors(&report)[0];
    assert_eq!(error.code, Code::MessageSyntax);
    assert_eq!(error.source, Source::Message);
    assert_eq!(error.position.map(|p| p.0), Some(1));
    assert!(
        error.causes[0].contains("MaxDepth of 64"),
        "{:?}",
        error.causes
    );
}

#[test]
fn nesting_100000_deep_mapping_is_rejected_with_a_location() {
    let text = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let report = debug(&text, None, &[], &Options::default());
    assert!(!report.mappings_valid);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::MappingSyntax));
}

#[test]
fn recursive_wildcard_over_a_large_document_counts_every_value() {
    let items: Vec<String> = (0..50_000).map(|i| format!("{{\"v\": {i}}}")).collect();
    let message = format!(
        "{{\"d\": \"dev\", \"ts\": \"2024-01-01T00:00:00Z\", \"items\": [{}]}}",
        items.join(",")
    );
    // `$..*` selects the start token itself first, then every descendant value. Each match needs
    // `$.d` on itself, which only the root has: the root gives a measurement, the next match
    // (the string "dev") fails and aborts the message, as in the service.
    let report = run(&mapping("$..*", "$.v"), message);
    assert_eq!(report.measurements.len(), 1);
    assert_eq!(errors(&report).len(), 1);
    assert_eq!(errors(&report)[0].code, Code::EvalRequiredMissing);
}

#[test]
fn scan_filter_over_a_large_document_matches_every_object() {
    let items: Vec<String> = (0..50_000)
        .map(|i| format!("{{\"d\": \"dev\", \"ts\": \"2024-01-01T00:00:00Z\", \"hr\": {i}}}"))
        .collect();
    let message = format!("{{\"items\": [{}]}}", items.join(","));
    let report = run(&mapping("$..[?(@hr)]", "$.hr"), message);
    assert_eq!(report.measurements.len(), 50_000);
    assert_eq!(report.measurements[49_999].properties[0].value, "49999");
}

#[test]
fn array_of_a_million_elements() {
    let message = format!(
        "{{\"d\": \"dev\", \"ts\": \"2024-01-01T00:00:00Z\", \"hr\": [{}]}}",
        vec!["1"; 1_000_000].join(",")
    );
    let report = run(&mapping("$..[?(@hr)]", "$.hr[999999]"), message);
    assert_eq!(report.measurements.len(), 1);
    assert_eq!(report.measurements[0].properties[0].value, "1");
}

#[test]
fn huge_and_tiny_numbers_keep_their_reference_text_or_fail_as_big_integers() {
    let message = r#"{"d": "dev", "ts": "2024-01-01T00:00:00Z", "hr": 1, "a": 1e308, "b": 5e-324, "c": 1e400, "e": 123456789012345678901234567890}"#;
    let mapping = serde_json::json!({
        "templateType": "CollectionContent",
        "template": [{"templateType": "JsonPathContent", "template": {
            "typeName": "t", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.ts",
            "values": [
                {"valueName": "a", "valueExpression": "$.a", "required": false},
                {"valueName": "b", "valueExpression": "$.b", "required": false},
                {"valueName": "c", "valueExpression": "$.c", "required": false},
                {"valueName": "e", "valueExpression": "$.e", "required": false}
            ]}}]
    })
    .to_string();
    let report = run(&mapping, message.to_string());
    let values: Vec<(&str, &str)> = report.measurements[0]
        .properties
        .iter()
        .map(|p| (&*p.name, p.value.as_str()))
        .collect();
    // The big integer does not convert to text: an optional value is dropped.
    assert_eq!(
        values,
        vec![("a", "1E+308"), ("b", "5E-324"), ("c", "Infinity")]
    );
}

#[test]
fn very_long_strings_and_member_names() {
    let long_name = "n".repeat(1_000_000);
    let long_value = "v".repeat(5_000_000);
    let message = format!(
        "{{\"d\": \"dev\", \"ts\": \"2024-01-01T00:00:00Z\", \"hr\": 1, \"{long_name}\": \"{long_value}\"}}"
    );
    let path = format!("$['{long_name}']");
    let report = run(&mapping("$..[?(@hr)]", &path), message);
    assert_eq!(report.measurements[0].properties[0].value.len(), 5_000_000);
}

#[test]
fn pathological_jmespath_is_bounded() {
    // A deeply nested expression is refused with a located template error, not a stack overflow.
    let deep = format!("{}@{}", "to_array(".repeat(5_000), ")".repeat(5_000));
    let report = run(&calculated(&deep, "`1`"), "{}".to_string());
    assert!(!report.mappings_valid);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ExpressionJmesPathSyntax && d.position.is_some()));
    // A cross product that grows exponentially stays linear in the data here.
    let items = (0..2_000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let report = run(
        &calculated("a[*]", "length(a[*].to_string(@))"),
        format!("{{\"a\": [{items}]}}"),
    );
    assert_eq!(report.measurements.len(), 2_000);
    assert_eq!(report.measurements[0].properties[0].value, "2000");
}

#[test]
fn long_jsonpath_expression_is_refused_not_overflowed() {
    let expr = format!("${}", ".a".repeat(100_000));
    let report = run(&mapping(&expr, "$.v"), "{\"a\": 1}".to_string());
    assert!(
        report.mappings_valid,
        "JSONPath is parsed lazily by the service"
    );
    assert!(errors(&report)
        .iter()
        .any(|d| d.code == Code::EvalJsonPath && d.message_index == Some(0)));
}

#[test]
fn sampled_data_of_86_million_slots_is_refused_with_a_location() {
    // A daily window (periodInterval 1440) sampled every 1 ms needs 86.4 million slots, every
    // 0.001 ms 86.4 billion: each Observation would carry a data string of that many tokens.
    let device = serde_json::json!({
        "templateType": "CollectionContent",
        "template": [{"templateType": "JsonPathContent", "template": {
            "typeName": "hr", "typeMatchExpression": "$..[?(@hr)]",
            "deviceIdExpression": "$.d", "patientIdExpression": "$.p", "timestampExpression": "$.ts",
            "values": [{"valueName": "hr", "valueExpression": "$.hr", "required": true}]}}]
    })
    .to_string();
    let message = r#"{"d": "dev", "p": "pat", "ts": "2024-01-01T10:00:00Z", "hr": 60}"#;
    for (period, slots) in [("1", "86400000"), ("0.001", "86400000000")] {
        let fhir = format!(
            "{{\n  \"templateType\": \"CollectionFhir\",\n  \"template\": [{{\"templateType\": \"CodeValueFhir\", \"template\": {{\n    \"typeName\": \"hr\", \"periodInterval\": 1440,\n    \"codes\": [{{\"code\": \"8867-4\", \"system\": \"http://loinc.org\"}}],\n    \"value\": {{\"valueName\": \"hr\", \"valueType\": \"SampledData\", \"defaultPeriod\": {period}}}}}}}]\n}}"
        );
        let report = debug(
            &device,
            Some(&fhir),
            &[(None, message.to_string())],
            &Options::default(),
        );
        assert!(report.mappings_valid);
        // At load: a warning located on the value of the FHIR template.
        let load = report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::CrossSampledDataLarge)
            .expect("load-time warning");
        assert_eq!(load.source, Source::FhirMapping);
        assert_eq!(load.pointer.as_deref(), Some("/template/0/template/value"));
        assert!(load.span.is_some() && load.message.contains(slots));
        // At run time: no Observation, a finding on the message that names the slot count.
        let run = report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::ObservationTooManySlots)
            .expect("run-time finding");
        assert_eq!(run.message_index, Some(0));
        assert!(run.message.contains(slots), "{}", run.message);
        assert!(report.observations.is_empty());
        assert_eq!(report.measurements.len(), 1);
        // Bounded: the whole report stays small.
        let size = report.to_json(false, &|_| None).to_string().len();
        assert!(size < 50_000, "{size} bytes");
    }
}
