//! `--format sarif`: the findings as a SARIF 2.1.0 log, so code-scanning UIs (GitHub code
//! scanning, VS Code's SARIF viewer) show them on the template line. One rule per diagnostic
//! code; the MedTech error name and the JSON Pointer are result properties.

use crate::annotations::Place;
use medtech_core::{Code, Report};
use serde_json::{json, Map, Value as Json};

/// The SARIF schema the log declares.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF 2.1.0 log of a report's diagnostics (pretty-printed, with a final newline).
/// Message names come from `files`, their NDJSON lines from `lines` (a message on line 8 of an
/// NDJSON file shows on that line of that file).
pub fn sarif(
    report: &Report,
    redact: bool,
    files: &dyn Fn(usize) -> Option<String>,
    lines: &dyn Fn(usize) -> u32,
) -> String {
    let diagnostics = report.to_json(redact, files)["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut rules: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for (d, finding) in diagnostics.iter().zip(&report.diagnostics) {
        let place = Place::of_finding(report, finding, files, lines);
        let code = d["code"].as_str().unwrap_or("unknown").to_string();
        let rule_index = match rules.iter().position(|r| *r == code) {
            Some(i) => i,
            None => {
                rules.push(code.clone());
                rules.len() - 1
            }
        };
        let level = match d["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "note",
        };
        let mut text = d["message"].as_str().unwrap_or("").to_string();
        if let Some(help) = d["help"].as_str() {
            text.push_str(&format!(" Hint: {help}"));
        }
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(code));
        result.insert("ruleIndex".into(), json!(rule_index));
        result.insert("level".into(), json!(level));
        result.insert("message".into(), json!({ "text": text }));
        if let Some(place) = &place {
            let mut physical = json!({ "artifactLocation": { "uri": uri(&place.file) } });
            if let (Some(line), column) = place.position(finding.position) {
                physical["region"] = json!({
                    "startLine": line,
                    "startColumn": column.unwrap_or(1),
                });
            }
            let mut location = json!({ "physicalLocation": physical });
            if let Some(pointer) = d["pointer"].as_str() {
                location["logicalLocations"] =
                    json!([{ "fullyQualifiedName": pointer, "kind": "element" }]);
            }
            result.insert("locations".into(), json!([location]));
        }
        result.insert(
            "properties".into(),
            json!({
                "medtechError": d["medtechError"],
                "source": d["source"],
                "pointer": d["pointer"],
                "messageIndex": d["messageIndex"],
            }),
        );
        results.push(Json::Object(result));
    }
    let rules: Vec<Json> = rules
        .iter()
        .map(|code| {
            let medtech = Code::parse(code)
                .and_then(|c| c.default_medtech_error())
                .map(|e| e.as_str());
            json!({
                "id": code,
                "name": code,
                "shortDescription": { "text": rule_text(code, medtech) },
                "properties": { "medtechError": medtech },
            })
        })
        .collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "medtech",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://learn.microsoft.com/azure/healthcare-apis/iot/overview-of-device-mapping",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn rule_text(code: &str, medtech: Option<&str>) -> String {
    match medtech {
        Some(e) => format!("{code} ({e})"),
        None => code.to_string(),
    }
}

/// A relative path as a URI reference: forward slashes, spaces and `%` escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_escaped() {
        assert_eq!(uri("./a b/c%.json"), "a%20b/c%25.json");
        assert_eq!(uri("dir\\x.json"), "dir/x.json");
    }
}
