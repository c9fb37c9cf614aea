//! Runs the FHIR conformance cases (`tests/cases/fhir/**.json`, format in
//! tests/cases/README.md) against this module directly, so the case files and the engine are
//! checked together until the workspace harness runs them. Messages go through the device
//! mapping (raw envelope) to give the measurements. `FHIR_CASES_PRINT=1` prints the actual
//! Observations and findings of each case.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::*;
use crate::session::{Options, Session};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/fhir")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn text_of(case: &Json, value_key: &str, text_key: &str) -> Option<String> {
    if let Some(t) = case.get(text_key).and_then(Json::as_str) {
        return Some(t.to_string());
    }
    case.get(value_key)
        .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
}

fn identity(case: &Json) -> IdentityMode {
    match case.get("identity").and_then(Json::as_str) {
        Some("lookup") => IdentityMode::Lookup,
        Some("lookupWithEncounter") => IdentityMode::LookupWithEncounter,
        _ => IdentityMode::Create,
    }
}

fn without_issued(o: &Json) -> Json {
    let mut o = o.clone();
    if let Some(map) = o.as_object_mut() {
        map.shift_remove("issued");
    }
    o
}

fn diagnostic_matches(expected: &Json, d: &crate::diagnostic::Diagnostic) -> bool {
    let Some(e) = expected.as_object() else {
        return false;
    };
    e.iter().all(|(k, v)| match k.as_str() {
        "severity" => v.as_str() == Some(d.severity.as_str()),
        "code" => v.as_str() == Some(d.code.as_str()),
        "medtechError" => v.as_str() == d.medtech_error.map(|m| m.as_str()),
        "source" => v.as_str() == Some(d.source.as_str()),
        "messageIndex" => v.as_u64().map(|x| x as usize) == d.message_index,
        "message" => v.as_str() == Some(d.message.as_str()),
        "messageContains" => v.as_str().is_some_and(|s| d.message.contains(s)),
        "pointer" => v.as_str() == d.pointer.as_deref(),
        "referencePosition" => {
            let p = v.as_array().map(|a| {
                (
                    a[0].as_u64().unwrap_or(0) as u32,
                    a[1].as_u64().unwrap_or(0) as u32,
                )
            });
            p == d.reference_position
        }
        _ => true,
    })
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Json = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let device = text_of(&case, "deviceMapping", "deviceMappingText").ok_or("no device mapping")?;
    let fhir_text = text_of(&case, "fhirMapping", "fhirMappingText").ok_or("no FHIR mapping")?;
    let session = Session::new(&device, Options::default());
    let mut messages: Vec<String> = Vec::new();
    for m in case
        .get("messages")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        messages.push(serde_json::to_string(m).unwrap_or_default());
    }
    for m in case
        .get("messageTexts")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        messages.push(m.as_str().unwrap_or("").to_string());
    }
    let mut measurements = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        measurements.extend(session.run_message(i, None, m).measurements);
    }
    let loaded = load_fhir_mapping(&fhir_text);
    let list = |key: &str| {
        case.get(key)
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let options = FhirOptions {
        identity: identity(&case),
        device_identifier_system: case
            .get("deviceIdentifierSystem")
            .and_then(Json::as_str)
            .map(str::to_string),
        resources: list("resources"),
        existing: list("existing"),
        batch_size: case
            .get("batchSize")
            .and_then(Json::as_u64)
            .map(|n| n as usize),
        batch_unit: match case.get("batchUnit").and_then(Json::as_str) {
            Some("messages") => BatchUnit::Messages,
            _ => BatchUnit::Measurements,
        },
        ..FhirOptions::default()
    };
    let outcome = build_observations(&loaded.mapping, &measurements, &options);
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(cross_check(&session.device.mapping, &loaded.mapping));
    diagnostics.extend(outcome.diagnostics.iter().cloned());
    if std::env::var("FHIR_CASES_PRINT").is_ok() {
        eprintln!("== {}", path.display());
        eprintln!(
            "{}",
            serde_json::to_string_pretty(
                &outcome
                    .observations
                    .iter()
                    .map(without_issued)
                    .collect::<Vec<_>>()
            )
            .unwrap_or_default()
        );
        for d in &diagnostics {
            eprintln!(
                "{} {} {:?} {:?} msg={:?} ptr={:?} pos={:?}",
                d.severity.as_str(),
                d.code.as_str(),
                d.medtech_error,
                d.message,
                d.message_index,
                d.pointer,
                d.reference_position
            );
        }
    }
    let expect = case.get("expect").ok_or("no expect")?;
    if let Some(v) = expect.get("fhirValid").and_then(Json::as_bool) {
        if v != loaded.valid {
            return Err(format!("fhirValid: expected {v}, got {}", loaded.valid));
        }
    }
    if let Some(expected) = expect.get("observations").and_then(Json::as_array) {
        let actual: Vec<Json> = outcome.observations.iter().map(without_issued).collect();
        let expected: Vec<Json> = expected.iter().map(without_issued).collect();
        if actual.len() != expected.len() {
            return Err(format!(
                "{} observations, expected {}",
                actual.len(),
                expected.len()
            ));
        }
        for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
            if !crate::fhir::json::deep_equal(a, e) {
                return Err(format!(
                    "observation {i} differs:\nactual   {}\nexpected {}",
                    serde_json::to_string(a).unwrap_or_default(),
                    serde_json::to_string(e).unwrap_or_default()
                ));
            }
        }
    }
    for e in expect
        .get("diagnostics")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        if !diagnostics.iter().any(|d| diagnostic_matches(e, d)) {
            return Err(format!("no diagnostic matches {e}"));
        }
    }
    if expect.get("exhaustive").and_then(Json::as_bool) == Some(true) {
        let serious: Vec<&crate::diagnostic::Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity != crate::diagnostic::Severity::Info)
            .collect();
        let expected: Vec<&Json> = expect
            .get("diagnostics")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter(|e| e.get("severity").and_then(Json::as_str) != Some("info"))
            .collect();
        if serious.len() != expected.len()
            || !serious
                .iter()
                .zip(&expected)
                .all(|(d, e)| diagnostic_matches(e, d))
        {
            return Err(format!(
                "exhaustive: got {:?}",
                serious.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    Ok(())
}

#[test]
fn fhir_conformance_cases() {
    let mut paths = Vec::new();
    collect(&cases_dir(), &mut paths);
    let mut failures = Vec::new();
    for p in &paths {
        if let Err(e) = run_case(p) {
            failures.push(format!("{}: {e}", p.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}
