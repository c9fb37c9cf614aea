//! Lint conformance cases: every JSON file under `tests/cases/lint/` (workspace root) is one
//! named test, run through `medtech_core::lint::validate` (what `medtech validate` prints). A
//! case gives a device mapping, optionally a FHIR mapping (`fhirMapping` / `fhirMappingText`),
//! and sample messages like a conformance case (`tests/cases/README.md`), and `expect.diagnostics` (each must match at least one lint
//! finding on every field it gives; `messageContains` is a substring) and/or `expect.absent`
//! (codes that must not be reported). Every `lint/…` finding must have a line, a column, a
//! pointer and a fix hint.

use libtest_mimic::{Arguments, Failed, Trial};
use medtech_core::{Envelope, EnvelopeKind, Options};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/lint");
    let mut files = Vec::new();
    collect(&base, &mut files);
    files.sort();
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&base)
                .unwrap_or(&path)
                .to_string_lossy()
                .trim_end_matches(".json")
                .replace('\\', "/");
            Trial::test(format!("lint/{name}"), move || run(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn run(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Json = serde_json::from_str(&text).map_err(|e| format!("case is not JSON: {e}"))?;
    for key in ["title", "spec", "expect"] {
        if case.get(key).is_none() {
            return Err(format!("case has no {key}").into());
        }
    }
    let device = match (case.get("deviceMappingText"), case.get("deviceMapping")) {
        (Some(Json::String(t)), _) => t.clone(),
        (_, Some(v)) => serde_json::to_string_pretty(v).unwrap_or_default(),
        _ => return Err("case has no deviceMapping".into()),
    };
    let mut messages: Vec<(Option<String>, String)> = Vec::new();
    for item in case["messages"].as_array().into_iter().flatten() {
        messages.push((None, serde_json::to_string_pretty(item).unwrap_or_default()));
    }
    for item in case["messageTexts"].as_array().into_iter().flatten() {
        messages.push((None, item.as_str().unwrap_or_default().to_string()));
    }
    let mut options = Options::default();
    if let Some(kind) = case.get("envelope").and_then(Json::as_str) {
        options.envelope = Envelope {
            kind: EnvelopeKind::parse(kind).ok_or("unknown envelope")?,
            ..Envelope::default()
        };
    }
    let fhir = match (case.get("fhirMappingText"), case.get("fhirMapping")) {
        (Some(Json::String(t)), _) => Some(t.clone()),
        (_, Some(v)) => Some(serde_json::to_string_pretty(v).unwrap_or_default()),
        _ => None,
    };
    let report = medtech_core::lint::validate(&device, fhir.as_deref(), &messages, &options);
    let actual = report.to_json(false, &|_| None);
    let diagnostics = actual["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let dump = || serde_json::to_string_pretty(&diagnostics).unwrap_or_default();
    for d in diagnostics
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("lint/")))
    {
        for key in ["line", "column", "pointer", "help"] {
            if d[key].is_null() {
                return Err(format!("{} has no {key}\n{}", d["code"], dump()).into());
            }
        }
    }
    let expect = &case["expect"];
    if let Some(valid) = expect.get("valid") {
        if &actual["valid"] != valid {
            return Err(format!("expected valid = {valid}").into());
        }
    }
    for e in expect["diagnostics"].as_array().into_iter().flatten() {
        if !diagnostics.iter().any(|a| matches(e, a)) {
            return Err(format!(
                "no finding matches\n{}\n--- actual ---\n{}",
                serde_json::to_string_pretty(e).unwrap_or_default(),
                dump()
            )
            .into());
        }
    }
    for code in expect["absent"].as_array().into_iter().flatten() {
        if diagnostics.iter().any(|a| &a["code"] == code) {
            return Err(format!("{code} was reported\n{}", dump()).into());
        }
    }
    Ok(())
}

fn matches(expected: &Json, actual: &Json) -> bool {
    expected.as_object().is_some_and(|fields| {
        fields.iter().all(|(key, value)| match key.as_str() {
            "messageContains" => actual["message"]
                .as_str()
                .zip(value.as_str())
                .is_some_and(|(a, e)| a.contains(e)),
            "helpContains" => actual["help"]
                .as_str()
                .zip(value.as_str())
                .is_some_and(|(a, e)| a.contains(e)),
            other => actual.get(other).unwrap_or(&Json::Null) == value,
        })
    })
}
