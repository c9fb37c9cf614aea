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
