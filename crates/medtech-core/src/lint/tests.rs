//! Unit tests of the lints (the conformance cases under `tests/cases/lint/` pin each code).

use super::*;
use crate::diagnostic::Code;

fn codes(mapping: &str, messages: &[&str]) -> Vec<Code> {
    let messages: Vec<(Option<String>, String)> =
        messages.iter().map(|m| (None, m.to_string())).collect();
    lint(mapping, &messages, &Options::default())
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn empty_and_broken_inputs_do_not_panic() {
    for text in [
        "",
        "null",
        "{",
        "[]",
        "{\"templateType\": \"CollectionContent\", \"template\": [1, null, {}]}",
    ] {
        let _ = codes(text, &["", "{", "[1]", "null"]);
    }
}

#[test]
fn overlapping_matches_are_found_among_twenty_thousand_matches() {
    let mapping = r#"{"templateType": "CollectionContent", "template": [{"templateType": "JsonPathContent", "template": {
        "typeName": "hr", "typeMatchExpression": "$..[?(@.heartRate)]", "deviceIdExpression": "$.d",
        "timestampExpression": "$.t", "values": [{"valueName": "hr", "valueExpression": "$.heartRate", "required": false}]}}]}"#;
    let items: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"heartRate": {i}, "d": "x", "t": "2024-01-01T00:00:00Z"}}"#))
        .collect();
    let message = format!(
        r#"{{"heartRate": 1, "d": "x", "t": "2024-01-01T00:00:00Z", "items": [{}]}}"#,
        items.join(",")
    );
    let found = codes(mapping, &[&message]);
    assert!(found.contains(&Code::LintOverlappingMatches));
}

#[test]
fn every_lint_code_is_documented_in_the_code_list() {
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("lint/")) {
        assert!(Code::parse(code.as_str()).is_some());
    }
    assert!(
        Code::ALL
            .iter()
            .filter(|c| c.as_str().starts_with("lint/"))
            .count()
            >= 18
    );
}
