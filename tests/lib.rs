//! Shared helpers for the test targets: where the workspace and `../shared` are, and how to
//! walk a folder of case files.

use medtech_core::fhir::BatchUnit;
use medtech_core::{
    Envelope, EnvelopeKind, FhirOptions, IdentityMode, Options, Report, SourceFile,
};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The workspace root (the folder holding `Cargo.toml`, `crates/` and `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `../shared` beside the workspace, if it is there (it is in CI and on developer machines;
/// compatibility suites print a notice and skip without it).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared");
    dir.is_dir().then_some(dir)
}

/// Every file below `dir` whose name ends with `extension`, sorted, recursively.
pub fn files_below(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(extension) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A test name from a path below `base`: `device/jsonpath/at-without-dot`.
pub fn case_name(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_suffix(".json").unwrap_or(&text).to_string()
}

/// Runs a conformance case (format in `tests/cases/README.md`) through `medtech_core::debug`.
pub fn run_case(case: &Json) -> Result<Report, String> {
    let device = device_text(case)?;
    let messages: Vec<(Option<String>, String)> =
        message_texts(case).into_iter().map(|m| (None, m)).collect();
    let fhir = match (case.get("fhirMappingText"), case.get("fhirMapping")) {
        (Some(Json::String(t)), _) => Some(t.clone()),
        (_, Some(v)) => Some(serde_json::to_string_pretty(v).unwrap_or_default()),
        _ => None,
    };
    let options = options(case)?;
    Ok(medtech_core::debug(
        &device,
        fhir.as_deref(),
        &messages,
        &options,
    ))
}

/// The case's device mapping text (a JSON value is written indented).
fn device_text(case: &Json) -> Result<String, String> {
    match (case.get("deviceMappingText"), case.get("deviceMapping")) {
        (Some(Json::String(t)), _) => Ok(t.clone()),
        (_, Some(v)) => Ok(serde_json::to_string_pretty(v).unwrap_or_default()),
        _ => Err("case has no deviceMapping".into()),
    }
}

/// The case's messages: `messages` (JSON values, written compactly), then `messageTexts`.
fn message_texts(case: &Json) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    if let Some(Json::Array(items)) = case.get("messages") {
        texts.extend(
            items
                .iter()
                .map(|i| serde_json::to_string(i).unwrap_or_default()),
        );
    }
    if let Some(Json::Array(items)) = case.get("messageTexts") {
        texts.extend(
            items
                .iter()
                .map(|i| i.as_str().unwrap_or_default().to_string()),
        );
    }
    texts
}

/// Runs the case's messages with the full trace and with only what findings need
/// (`medtech_core::normalize::Detail`): the measurements and the findings must be the same,
/// and the lean trace must hold exactly the full trace's templates that matched something or
/// failed, with the same statuses and matches.
pub fn check_detail_levels(case: &Json) -> Result<(), String> {
    use medtech_core::normalize::trace::TemplateStatus;
    use medtech_core::normalize::Detail;
    let device = device_text(case)?;
    let texts = message_texts(case);
    let session = medtech_core::Session::new(&device, options(case)?);
    for (index, text) in texts.iter().enumerate() {
        let full = session.run_message_with(index, None, text, Detail::Trace);
        let lean = session.run_message_with(index, None, text, Detail::Findings);
        if full.measurements != lean.measurements || full.diagnostics != lean.diagnostics {
            return Err(format!(
                "message {index}: Detail::Findings differs from Detail::Trace\n  trace: {:?}\n  findings: {:?}",
                full.diagnostics, lean.diagnostics
            ));
        }
        let shape = |o: &medtech_core::normalize::MessageOutcome| {
            o.trace
                .templates
                .iter()
                .filter(|t| t.status == TemplateStatus::Failed || !t.matches.is_empty())
                .map(|t| (t.index, t.status, t.matches.len(), t.measurements, t.error))
                .collect::<Vec<_>>()
        };
        if shape(&full) != shape(&lean) || lean.trace.templates.len() != shape(&lean).len() {
            return Err(format!("message {index}: the traces' shapes differ"));
        }
    }
    Ok(())
}

fn options(case: &Json) -> Result<Options, String> {
    let mut envelope = Envelope::default();
    if let Some(kind) = case.get("envelope").and_then(Json::as_str) {
        envelope.kind =
            EnvelopeKind::parse(kind).ok_or_else(|| format!("unknown envelope {kind}"))?;
    }
    if let Some(id) = case.get("deviceId").and_then(Json::as_str) {
        envelope.device_id = id.to_string();
    }
    if let Some(time) = case.get("enqueuedTime").and_then(Json::as_str) {
        let doc = medtech_json::read(
            &format!("\"{time}\""),
            &medtech_json::ReadOptions::default(),
        )
        .map_err(|e| e.message)?;
        if let Some(medtech_json::Value::Date(d)) = doc.root().map(|r| doc.value(r)) {
            envelope.enqueued_time = *d;
        } else {
            return Err(format!("enqueuedTime is not an ISO date: {time}"));
        }
    }
    envelope.creation_time = match case.get("creationTime") {
        Some(Json::String(t)) => Some(t.clone()),
        _ => None,
    };
    let mut fhir = FhirOptions::default();
    if let Some(identity) = case.get("identity").and_then(Json::as_str) {
        fhir.identity =
            IdentityMode::parse(identity).ok_or_else(|| format!("unknown identity {identity}"))?;
    }
    fhir.device_identifier_system = case
        .get("deviceIdentifierSystem")
        .and_then(Json::as_str)
        .map(str::to_string);
    let files = |key: &str| -> Vec<SourceFile> {
        case.get(key)
            .and_then(Json::as_array)
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| SourceFile {
                        name: format!("{key}[{i}]"),
                        text: v.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    fhir.resources = files("resources");
    fhir.existing = files("existing");
    fhir.batch_size = case
        .get("batchSize")
        .and_then(Json::as_u64)
        .map(|n| n as usize);
    fhir.batch_unit = match case.get("batchUnit").and_then(Json::as_str) {
        Some("messages") => BatchUnit::Messages,
        _ => BatchUnit::Measurements,
    };
    Ok(Options {
        envelope,
        fhir,
        ..Options::default()
    })
}

/// A real-world sample set: a device mapping, a FHIR mapping and the messages beside them.
#[derive(Debug)]
pub struct CorpusSet {
    /// The folder, relative to the realworld corpus.
    pub name: String,
    /// Device mapping (path, text).
    pub device: (PathBuf, String),
    /// FHIR mapping (path, text).
    pub fhir: (PathBuf, String),
    /// Messages (path, text).
    pub messages: Vec<(PathBuf, String)>,
    /// The envelope the mapping is written for (IoT Hub templates need the IoT Hub envelope).
    pub envelope: EnvelopeKind,
}

fn root_template_type(text: &str) -> Option<String> {
    let doc = medtech_json::read(text, &medtech_json::ReadOptions::default()).ok()?;
    let root = doc.root()?;
    let member = doc.get_ignore_case(root, "templateType")?;
    match doc.value(member.value) {
        medtech_json::Value::String(s) => Some(s.as_str().to_ascii_lowercase()),
        _ => None,
    }
}

fn read_lossy(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

/// Every folder of `realworld/` that holds both a device and a FHIR mapping, with the message
/// files in it and below it (or, when there are none, in its parent folder).
pub fn corpus_sets(realworld: &Path) -> Vec<CorpusSet> {
    let mut sets = Vec::new();
    let mut dirs = vec![realworld.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
        files.sort();
        let kind = |p: &PathBuf| root_template_type(&read_lossy(p));
        let device = files
            .iter()
            .find(|p| kind(p).is_some_and(|t| t.starts_with("collectioncontent")));
        let fhir = files
            .iter()
            .find(|p| kind(p).is_some_and(|t| t.starts_with("collectionfhir")));
        let (Some(device), Some(fhir)) = (device, fhir) else {
            continue;
        };
        let is_message = |p: &PathBuf| {
            let text = read_lossy(p);
            root_template_type(&text).is_none() && !text.contains("\"templateType\"")
        };
        let mut messages: Vec<PathBuf> = files_below(&dir, ".json")
            .into_iter()
            .filter(is_message)
            .collect();
        if messages.is_empty() {
            if let Some(parent) = dir.parent() {
                let mut siblings: Vec<PathBuf> = std::fs::read_dir(parent)
                    .map(|e| {
                        e.flatten()
                            .map(|e| e.path())
                            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                            .collect()
                    })
                    .unwrap_or_default();
                siblings.sort();
                messages = siblings.into_iter().filter(is_message).collect();
            }
        }
        if messages.is_empty() {
            continue;
        }
        let device_text = read_lossy(device);
        // IoT Hub templates need the IoT Hub envelope; mappings that read `Body` are written for
        // Event Hub events; the rest take the message as the document, like the portal.
        let envelope = if device_text.contains("IotJsonPathContent") {
            EnvelopeKind::IotHub
        } else if device_text.contains("$.Body")
            || device_text.contains("@.Body")
            || device_text.contains("\"Body.")
        {
            EnvelopeKind::EventHub
        } else {
            EnvelopeKind::Raw
        };
        sets.push(CorpusSet {
            name: dir
                .strip_prefix(realworld)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default(),
            device: (device.clone(), device_text),
            fhir: (fhir.clone(), read_lossy(fhir)),
            messages: messages
                .iter()
                .map(|p| (p.clone(), read_lossy(p)))
                .collect(),
            envelope,
        });
    }
    sets.sort_by(|a, b| a.name.cmp(&b.name));
    sets
}

/// Runs a corpus set as one batch. A message file may hold several messages (a JSON array or
/// NDJSON), split as the web app splits pasted text.
pub fn run_corpus_set(set: &CorpusSet) -> Report {
    let mut messages = Vec::new();
    for (path, text) in &set.messages {
        let (_, slices) = medtech_core::batch::split_messages(text);
        for slice in slices {
            messages.push((Some(path.display().to_string()), slice.text.to_string()));
        }
    }
    let options = Options {
        envelope: Envelope {
            kind: set.envelope,
            ..Envelope::default()
        },
        ..Options::default()
    };
    medtech_core::debug(&set.device.1, Some(&set.fhir.1), &messages, &options)
}
