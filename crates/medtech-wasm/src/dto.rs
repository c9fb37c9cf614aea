//! The boundary's own data: options and messages as JavaScript passes them (read from JSON),
//! and the report as JavaScript receives it — the CLI's `--format json` report (cli.md), plus
//! one additive member per diagnostic, `range`, with 1-based lines and **UTF-16** columns in
//! the text the caller passed (what browser editors count).
//!
//! Plain Rust, so it is unit-tested natively; `bindings` only moves values across.

use medtech_core::editor::{debug_batch, EditorRange, Locator};
use medtech_core::settings::{EnvelopeSettings, RunSettings};
use medtech_core::{Diagnostic, Options, Report, Source};
use serde_json::{json, Value as Json};

/// The messages argument: one text (one message, a JSON array or NDJSON, split as the web app
/// splits it) or one text per message.
#[derive(Clone, Debug, PartialEq)]
pub enum Messages {
    /// A pasted text holding one or many messages.
    Batch(String),
    /// One text per message.
    List(Vec<String>),
}

/// The options object (`DebugOptions` in the TypeScript declarations).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DebugOptions {
    /// `envelope`, `deviceId`, `enqueuedTime`, `creationTime`, `identity`.
    pub settings: RunSettings,
    /// `redact`: mask values taken from messages.
    pub redact: bool,
    /// `files.device`, `files.fhir`, `files.messages[]`: names for the `file` members.
    pub device_file: Option<String>,
    /// The FHIR mapping's file name.
    pub fhir_file: Option<String>,
    /// The messages' file names, by index.
    pub message_files: Vec<String>,
}

fn text_member(object: &Json, key: &str) -> Result<String, String> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(String::new()),
        Some(Json::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!("options.{key} must be a string, not {other}")),
    }
}

fn optional_text(object: Option<&Json>, key: &str) -> Result<Option<String>, String> {
    match object.and_then(|o| o.get(key)) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("options.files.{key} must be a string, not {other}")),
    }
}

/// Reads the options object (`undefined`/`null` are the defaults).
pub fn parse_options(value: &Json) -> Result<DebugOptions, String> {
    if value.is_null() {
        return Ok(DebugOptions::default());
    }
    if !value.is_object() {
        return Err("options must be an object".to_string());
    }
    let redact = match value.get("redact") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(b)) => *b,
        Some(_) => return Err("options.redact must be a boolean".to_string()),
    };
    let files = value.get("files").filter(|f| !f.is_null());
    if files.is_some_and(|f| !f.is_object()) {
        return Err("options.files must be an object".to_string());
    }
    let message_files = match files.and_then(|f| f.get("messages")) {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("options.files.messages must be an array of strings")?,
        Some(_) => return Err("options.files.messages must be an array of strings".to_string()),
    };
    Ok(DebugOptions {
        settings: RunSettings {
            envelope: EnvelopeSettings {
                kind: text_member(value, "envelope")?,
                device_id: text_member(value, "deviceId")?,
                enqueued_time: text_member(value, "enqueuedTime")?,
                creation_time: text_member(value, "creationTime")?,
            },
            identity: text_member(value, "identity")?,
        },
        redact,
        device_file: optional_text(files, "device")?,
        fhir_file: optional_text(files, "fhir")?,
        message_files,
    })
}

/// Reads the messages argument: a string, an array of strings, or `null` (no messages).
pub fn parse_messages(value: &Json) -> Result<Messages, String> {
    match value {
        Json::Null => Ok(Messages::List(Vec::new())),
        Json::String(text) => Ok(Messages::Batch(text.clone())),
        Json::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(Messages::List)
            .ok_or_else(|| "messages must be a string or an array of strings".to_string()),
        _ => Err("messages must be a string or an array of strings".to_string()),
    }
}

fn range_json(range: EditorRange) -> Json {
    json!({
        "line": range.start.line,
        "column": range.start.column,
        "endLine": range.end.line,
        "endColumn": range.end.column,
    })
}

/// Runs the mappings on the messages and returns the report as JSON.
pub fn debug(
    device: &str,
    fhir: Option<&str>,
    messages: &Messages,
    options: &DebugOptions,
) -> Result<Json, String> {
    let run_options: Options = options
        .settings
        .to_options()
        .map_err(|e| format!("options.{}: {}", e.setting, e.message))?;
    let (mut report, texts, slices): (Report, Vec<&str>, Vec<(usize, usize)>) = match messages {
        Messages::Batch(text) => {
            let run = debug_batch(device, fhir, text, &run_options);
            (run.report, vec![text.as_str()], run.slices)
        }
        Messages::List(list) => {
            let inputs: Vec<(Option<String>, String)> =
                list.iter().map(|m| (None, m.clone())).collect();
            let report = medtech_core::debug(device, fhir, &inputs, &run_options);
            let texts = list.iter().map(String::as_str).collect();
            (report, texts, Vec::new())
        }
    };
    for trace in &mut report.messages {
        if trace.file.is_none() {
            trace.file = options.message_files.get(trace.index).cloned();
        }
    }
    report.device_mapping_file = options.device_file.clone();
    report.fhir_mapping_file = options.fhir_file.clone();
    let files = |i: usize| options.message_files.get(i).cloned();
    let mut json = report.to_json(options.redact, &files);
    let fhir_text = fhir.unwrap_or("");
    let batch_text = texts.first().copied().unwrap_or("");
    let base = Locator::new(device, fhir_text, batch_text, &slices);
    let locate = |d: &Diagnostic| -> Option<EditorRange> {
        match (messages, d.source, d.message_index) {
            (Messages::List(_), Source::Message, Some(i)) => {
                let text = texts.get(i)?;
                let mut own = vec![(0, 0); i + 1];
                own[i] = (0, text.len());
                Locator::new("", "", text, &own).locate(d)
            }
            _ => base.locate(d),
        }
    };
    if let Some(Json::Array(items)) = json.get_mut("diagnostics") {
        for (item, diagnostic) in items.iter_mut().zip(&report.diagnostics) {
            if let Json::Object(map) = item {
                let range = locate(diagnostic).map(range_json).unwrap_or(Json::Null);
                map.insert("range".into(), range);
            }
        }
    }
    Ok(json)
}

/// Loads and checks the mappings only.
pub fn validate(device: &str, fhir: Option<&str>) -> Json {
    debug(
        device,
        fhir,
        &Messages::List(Vec::new()),
        &DebugOptions::default(),
    )
    .unwrap_or_else(|message| json!({ "error": message }))
}
