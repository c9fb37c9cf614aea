//! The conformance suite: every JSON file under `tests/cases/` is one named test (see
//! `tests/cases/README.md` for the format). Each case is validated against
//! `tests/cases/schema.json`, run through `medtech_core::debug`, and its expectations are
//! checked against the `--format json` report, the same contract the CLI prints. Its messages
//! are also run with `Detail::Findings`, which must give the same measurements and findings.

use libtest_mimic::{Arguments, Failed, Trial};
use medtech_tests::{case_name, files_below, workspace_root};
use serde_json::{json, Value as Json};
use std::path::Path;
use std::sync::{Arc, OnceLock};

fn main() {
    let args = Arguments::from_args();
    let base = workspace_root().join("tests").join("cases");
    let schema_text = std::fs::read_to_string(base.join("schema.json")).ok();
    let schema = Arc::new(OnceLock::new());
    let trials = files_below(&base, ".json")
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "schema.json"))
        // Lint cases run through `medtech validate` (crates/medtech-cli/tests/lint_cases.rs).
        .filter(|p| !p.starts_with(base.join("lint")))
        .map(|path| {
            let name = case_name(&base, &path);
            let schema = Arc::clone(&schema);
            let schema_text = schema_text.clone();
            Trial::test(name, move || {
                run_case(&path, &schema, schema_text.as_deref())
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

type Validator = Option<jsonschema::Validator>;

fn run_case(
    path: &Path,
    schema: &OnceLock<Validator>,
    schema_text: Option<&str>,
) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read case: {e}"))?;
    let case: Json = serde_json::from_str(&text).map_err(|e| format!("case is not JSON: {e}"))?;
    let validator = schema.get_or_init(|| {
        let schema: Json = serde_json::from_str(schema_text?).ok()?;
        jsonschema::validator_for(&schema).ok()
    });
    if let Some(validator) = validator {
        let problems: Vec<String> = validator
            .iter_errors(&case)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if !problems.is_empty() {
            return Err(format!(
                "case does not follow tests/cases/schema.json:\n  {}",
                problems.join("\n  ")
            )
            .into());
        }
    }
    // Every case also checks that a run recording only what findings need (what
    // `medtech normalize` does) gives the same measurements and findings.
    medtech_tests::check_detail_levels(&case)?;
    let report = medtech_tests::run_case(&case)?;
    let actual = report.to_json(false, &|_| None);
    let expect = case.get("expect").cloned().unwrap_or(Json::Null);
    check(&expect, &actual)
        .and_then(|()| check_number_texts(&text, &report.observations))
        .map_err(|problem| {
            Failed::from(format!(
                "{problem}\n--- actual report ---\n{}",
                serde_json::to_string_pretty(&actual).unwrap_or_default()
            ))
        })
}

/// The numbers of the expected Observations as the case writes them (`72.50`), in order, must be
/// those the service writes: the values compared by [`check`] hold doubles (`72.5`).
fn check_number_texts(
    case_text: &str,
    observations: &[medtech_core::fhir::ObservationText],
) -> Result<(), String> {
    let options = medtech_json::ReadOptions {
        date_parse: false,
        ..medtech_json::ReadOptions::default()
    };
    let Ok(doc) = medtech_json::read(case_text, &options) else {
        return Ok(());
    };
    let expected = doc
        .root()
        .and_then(|root| doc.get(root, "expect"))
        .and_then(|expect| doc.get(expect, "observations"));
    let Some(expected) = expected else {
        return Ok(());
    };
    let span = doc.node(expected).span;
    let expected = number_texts(&case_text[span.start as usize..span.end as usize]);
    let actual: Vec<&str> = observations
        .iter()
        .flat_map(|o| number_texts(o.as_str()))
        .collect();
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "the Observations' numbers are written differently\n--- expected ---\n{expected:?}\n--- actual ---\n{actual:?}"
        ))
    }
}

/// The number literals of a JSON text, in order (strings skipped).
fn number_texts(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                out.push(&text[start..i]);
            }
            _ => i += 1,
        }
    }
    out
}

fn check(expect: &Json, actual: &Json) -> Result<(), String> {
    // `valid` is the device mapping's validity; `fhirValid` the FHIR mapping's.
    if let Some(valid) = expect.get("valid") {
        if actual.get("deviceMappingValid") != Some(valid) {
            return Err(format!(
                "expected the device mapping valid = {valid}, got {}",
                actual["deviceMappingValid"]
            ));
        }
    }
    if let Some(valid) = expect.get("fhirValid") {
        if actual.get("fhirMappingValid") != Some(valid) {
            return Err(format!(
                "expected the FHIR mapping valid = {valid}, got {}",
                actual["fhirMappingValid"]
            ));
        }
    }
    if let Some(Json::Array(expected)) = expect.get("observations") {
        let actual_observations = actual["observations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let same = expected.len() == actual_observations.len()
            && expected
                .iter()
                .zip(&actual_observations)
                .all(|(e, a)| same_resource(e, a));
        if !same {
            return Err(format!(
                "observations differ (issued is not compared)\n--- expected ---\n{}\n--- actual ---\n{}",
                pretty(&Json::Array(expected.clone())),
                pretty(&actual["observations"])
            ));
        }
    }
    if let Some(expected) = expect.get("measurements") {
        if &actual["measurements"] != expected {
            return Err(format!(
                "measurements differ\n--- expected ---\n{}\n--- actual ---\n{}",
                pretty(expected),
                pretty(&actual["measurements"])
            ));
        }
    }
    let diagnostics = actual["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if let Some(Json::Array(expected)) = expect.get("diagnostics") {
        if expect.get("exhaustive") == Some(&json!(true)) {
            let relevant: Vec<&Json> = diagnostics
                .iter()
                .filter(|d| d["severity"] != "info")
                .collect();
            if relevant.len() != expected.len() {
                return Err(format!(
                    "expected exactly {} errors/warnings, got {}",
                    expected.len(),
                    relevant.len()
                ));
            }
            for (i, (e, a)) in expected.iter().zip(relevant).enumerate() {
                if let Err(why) = matches_diagnostic(e, a) {
                    return Err(format!(
                        "diagnostic {i}: {why}\n--- expected ---\n{}",
                        pretty(e)
                    ));
                }
            }
        } else {
            for e in expected {
                let reasons: Vec<String> = diagnostics
                    .iter()
                    .filter_map(|a| matches_diagnostic(e, a).err())
                    .collect();
                if reasons.len() == diagnostics.len() {
                    return Err(format!(
                        "no diagnostic matches\n--- expected ---\n{}\n--- nearest mismatches ---\n  {}",
                        pretty(e),
                        reasons.join("\n  ")
                    ));
                }
            }
        }
    }
    if let Some(Json::Array(traces)) = expect.get("trace") {
        for t in traces {
            let message = t["message"].as_u64().unwrap_or(0) as usize;
            let template = t["template"].as_u64().unwrap_or(0) as usize;
            let actual_template = actual["messages"]
                .get(message)
                .and_then(|m| m["templates"].as_array())
                .and_then(|ts| ts.iter().find(|x| x["index"] == json!(template)))
                .ok_or_else(|| format!("no trace for message {message} template {template}"))?;
            if let Some(matches) = t.get("matches") {
                if &actual_template["matches"] != matches {
                    return Err(format!(
                        "trace of message {message} template {template}: matches {} expected {}",
                        actual_template["matches"], matches
                    ));
                }
            }
            if let Some(count) = t.get("measurements") {
                if &actual_template["measurements"] != count {
                    return Err(format!(
                        "trace of message {message} template {template}: {} measurements, expected {count}",
                        actual_template["measurements"]
                    ));
                }
            }
        }
    }
    Ok(())
}

fn matches_diagnostic(expected: &Json, actual: &Json) -> Result<(), String> {
    let Some(fields) = expected.as_object() else {
        return Err("expected diagnostic is not an object".into());
    };
    for (key, value) in fields {
        let ok = match key.as_str() {
            "messageContains" => {
                actual["message"]
                    .as_str()
                    .zip(value.as_str())
                    .is_some_and(|(a, e)| {
                        a.contains(e)
                            || actual["causes"].as_array().is_some_and(|c| {
                                c.iter().any(|c| c.as_str().is_some_and(|c| c.contains(e)))
                            })
                    })
            }
            other => actual.get(other).unwrap_or(&Json::Null) == value,
        };
        if !ok {
            return Err(format!(
                "{} {key}: expected {value}, got {}",
                actual["code"],
                if key == "messageContains" {
                    &actual["message"]
                } else {
                    actual.get(key).unwrap_or(&Json::Null)
                }
            ));
        }
    }
    Ok(())
}

/// FHIR resources compared as the service would write them: `issued` (the write time) is left
/// out, numbers compare by value (`72.50` equals `72.5`).
fn same_resource(expected: &Json, actual: &Json) -> bool {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            let keys = |m: &serde_json::Map<String, Json>| -> Vec<String> {
                m.keys().filter(|k| *k != "issued").cloned().collect()
            };
            let (ek, ak) = (keys(e), keys(a));
            let mut es = ek.clone();
            let mut as_ = ak.clone();
            es.sort();
            as_.sort();
            es == as_ && ek.iter().all(|k| same_resource(&e[k], &a[k]))
        }
        (Json::Array(e), Json::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| same_resource(x, y))
        }
        (Json::Number(e), Json::Number(a)) => e.as_f64() == a.as_f64(),
        _ => expected == actual,
    }
}

fn pretty(value: &Json) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
