//! `cargo run -p medtech-tests --bin observations > observations.ndjson`: every Observation the
//! conformance suite, the bundled examples and the real-world sample sets produce, one
//! `{"source", "resource"}` per line, for validation by an independent FHIR implementation
//! (`scripts/fhir-validate/validate.py`).

use medtech_core::fhir::ObservationText;
use medtech_tests::{
    case_name, corpus_sets, files_below, run_case, run_corpus_set, shared_dir, workspace_root,
};
use serde_json::Value as Json;
use std::io::Write;

fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Each resource as the service writes it (decimals keep their scale).
    let mut emit = |source: &str, observations: &[ObservationText]| {
        for (i, o) in observations.iter().enumerate() {
            let source = Json::from(format!("{source}#{i}"));
            let _ = writeln!(out, r#"{{"source":{source},"resource":{o}}}"#);
        }
    };
    let cases = workspace_root().join("tests").join("cases");
    for path in files_below(&cases, ".json") {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(case) = serde_json::from_str::<Json>(&text) else {
            continue;
        };
        if case.get("fhirMapping").is_none() && case.get("fhirMappingText").is_none() {
            continue;
        }
        if let Ok(report) = run_case(&case) {
            emit(
                &format!("tests/cases/{}", case_name(&cases, &path)),
                &report.observations,
            );
        }
    }
    let examples = workspace_root().join("examples");
    let mut dirs: Vec<_> = std::fs::read_dir(&examples)
        .map(|e| {
            e.flatten()
                .map(|e| e.path())
                .filter(|p| p.join("example.json").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let manifest: Json = serde_json::from_str(&read("example.json")).unwrap_or(Json::Null);
        let settings = medtech_core::settings::EnvelopeSettings::from_manifest(&manifest);
        let Ok(envelope) = settings.to_envelope() else {
            continue;
        };
        let messages: Vec<(Option<String>, String)> = manifest["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str())
            .map(|m| (Some(m.to_string()), read(m)))
            .collect();
        let options = medtech_core::Options {
            envelope,
            ..medtech_core::Options::default()
        };
        let report = medtech_core::debug(
            &read("device.json"),
            Some(&read("fhir.json")),
            &messages,
            &options,
        );
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        emit(&format!("examples/{name}"), &report.observations);
    }
    if let Some(shared) = shared_dir() {
        for set in corpus_sets(&shared.join("corpus").join("realworld")) {
            let report = run_corpus_set(&set);
            emit(
                &format!("corpus/realworld/{}", set.name),
                &report.observations,
            );
        }
    }
}
