//! The boundary's own data: options and messages as JavaScript passes them (read from JSON),
//! and the report as JavaScript receives it — the CLI's `--format json` report (cli.md), plus
//! one additive member per diagnostic, `range`, with 1-based lines and **UTF-16** columns in
//! the text the caller passed (what browser editors count).
//!
//! Plain Rust, so it is unit-tested natively; `bindings` only moves values across.

use medtech_core::editor::{debug_batch, EditorRange, Locator};
use medtech_core::pretty::JsonWriter;
use medtech_core::settings::{EnvelopeSettings, RunSettings};
use medtech_core::{Options, Report, Source};
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

/// A run's report and each of its findings' editor range.
struct Run {
    report: Report,
    ranges: Vec<Option<EditorRange>>,
}

/// Runs the mappings on the messages, names the files and locates every finding.
fn run(
    device: &str,
    fhir: Option<&str>,
    messages: &Messages,
    options: &DebugOptions,
) -> Result<Run, String> {
    let run_options: Options = options
        .settings
        .to_options()
        .map_err(|e| format!("options.{}: {}", e.setting, e.message))?;
    let (mut report, batch_text, slices): (Report, &str, Vec<(usize, usize)>) = match messages {
        Messages::Batch(text) => {
            let run = debug_batch(device, fhir, text, &run_options);
            (run.report, text.as_str(), run.slices)
        }
        Messages::List(list) => {
            let inputs: Vec<(Option<String>, String)> =
                list.iter().map(|m| (None, m.clone())).collect();
            let report = medtech_core::debug(device, fhir, &inputs, &run_options);
            (report, "", Vec::new())
        }
    };
    for trace in &mut report.messages {
        if trace.file.is_none() {
            trace.file = options.message_files.get(trace.index).cloned();
        }
    }
    report.device_mapping_file = options.device_file.clone();
    report.fhir_mapping_file = options.fhir_file.clone();
    let base = Locator::new(device, fhir.unwrap_or(""), batch_text, &slices);
    let ranges = report
        .diagnostics
        .iter()
        .map(|d| match (messages, d.source, d.message_index) {
            // A finding about one of a list's messages: located in that message's own text,
            // as message 0 of a locator over it alone.
            (Messages::List(list), Source::Message, Some(i)) => {
                let text = list.get(i)?;
                Locator::new("", "", text, &[(0, text.len())]).locate_as(d, Some(0))
            }
            _ => base.locate(d),
        })
        .collect();
    Ok(Run { report, ranges })
}

/// Runs the mappings on the messages and returns the report as JSON.
pub fn debug(
    device: &str,
    fhir: Option<&str>,
    messages: &Messages,
    options: &DebugOptions,
) -> Result<Json, String> {
    let Run { report, ranges } = run(device, fhir, messages, options)?;
    let files = |i: usize| options.message_files.get(i).cloned();
    let mut json = report.to_json(options.redact, &files);
    if let Some(Json::Array(items)) = json.get_mut("diagnostics") {
        for (item, range) in items.iter_mut().zip(ranges) {
            if let Json::Object(map) = item {
                map.insert("range".into(), range.map(range_json).unwrap_or(Json::Null));
            }
        }
    }
    Ok(json)
}

/// [`debug`]'s report as compact JSON text, written directly instead of built as a
/// `serde_json::Value` first (what the JavaScript binding hands to `JSON.parse`): the same
/// members and values, Observations as the service writes them.
pub fn debug_text(
    device: &str,
    fhir: Option<&str>,
    messages: &Messages,
    options: &DebugOptions,
) -> Result<String, String> {
    let Run { report, ranges } = run(device, fhir, messages, options)?;
    let redact = options.redact;
    let files = |i: usize| options.message_files.get(i).cloned();
    let mut out = Vec::with_capacity(4096);
    let mut w = JsonWriter::compact(&mut out);
    w.begin_object();
    w.name("valid").boolean(report.mappings_valid);
    w.name("deviceMappingValid")
        .boolean(report.device_mapping_valid);
    w.name("fhirMappingValid");
    match report.fhir_mapping_valid {
        Some(valid) => w.boolean(valid),
        None => w.null(),
    };
    w.name("measurements").begin_array();
    for m in &report.measurements {
        m.write_json(&mut w, redact);
    }
    w.end_array();
    w.name("observations").begin_array();
    for o in &report.observations {
        if redact {
            let masked = medtech_core::redact::mask_values(&o.to_json());
            w.compact_value(&masked.to_string());
        } else {
            w.compact_value(o.as_str());
        }
    }
    w.end_array();
    w.name("diagnostics").begin_array();
    for (d, range) in report.diagnostics.iter().zip(&ranges) {
        report.write_diagnostic_json_with(d, redact, &files, &mut w, &mut |w| {
            w.name("range");
            match range {
                Some(r) => {
                    w.begin_object();
                    w.name("line").unsigned(u64::from(r.start.line));
                    w.name("column").unsigned(u64::from(r.start.column));
                    w.name("endLine").unsigned(u64::from(r.end.line));
                    w.name("endColumn").unsigned(u64::from(r.end.column));
                    w.end_object();
                }
                None => {
                    w.null();
                }
            }
        });
    }
    w.end_array();
    w.name("messages").begin_array();
    for trace in &report.messages {
        trace.write_json(&mut w, redact);
    }
    w.end_array();
    w.end_object();
    String::from_utf8(out).map_err(|e| e.to_string())
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
