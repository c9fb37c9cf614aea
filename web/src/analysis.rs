//! What the result panes show, built from one core run: findings placed in the editors,
//! trace rows with the matched tokens' places in the message editor, measurements,
//! Observations, and the series of repeated numeric values. No evaluation happens here — the
//! core's report is only re-shaped (and serialized, when a Web Worker computed it).

use crate::state::{Editor, Inputs};
use medtech_core::batch::BatchShape;
use medtech_core::editor::{debug_batch, EditorId, EditorRange, Locator};
use medtech_core::fhir::ObservationText;
use medtech_core::normalize::trace::{FieldOutcome, TemplateStatus};
use medtech_core::settings::{EnvelopeSettings, RunSettings};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// Trace rows and matched-token marks are built for this many messages at most.
pub const MAX_TRACED_MESSAGES: usize = 200;
/// Measurements listed at most (all are counted).
pub const MAX_LISTED_MEASUREMENTS: usize = 1000;

/// A range in an editor: 1-based line, UTF-16 columns, and byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loc {
    /// Which editor.
    pub editor: Editor,
    /// Start line.
    pub line: u32,
    /// Start column (UTF-16 units).
    pub column: u32,
    /// End line.
    pub end_line: u32,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
}

impl From<EditorRange> for Loc {
    fn from(range: EditorRange) -> Loc {
        Loc {
            editor: match range.editor {
                EditorId::DeviceMapping => Editor::Device,
                EditorId::FhirMapping => Editor::Fhir,
                EditorId::Messages => Editor::Messages,
            },
            line: range.start.line,
            column: range.start.column,
            end_line: range.end.line,
            start: range.bytes.0,
            end: range.bytes.1,
        }
    }
}

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `error`, `warning`, `info`.
    pub severity: String,
    /// Stable code.
    pub code: String,
    /// MedTech error name.
    pub medtech_error: Option<String>,
    /// The message.
    pub message: String,
    /// Fix hint or explanation.
    pub help: Option<String>,
    /// Inner causes.
    pub causes: Vec<String>,
    /// Which message (0-based), for message-related findings.
    pub message_index: Option<usize>,
    /// JSON Pointer into its source.
    pub pointer: Option<String>,
    /// Where it is shown.
    pub loc: Option<Loc>,
    /// Whether `loc` is the finding's own place (not just the start of its message).
    pub placed: bool,
}

/// One field of one match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldRow {
    /// Field or value name.
    pub field: String,
    /// Expressions tried.
    pub expressions: Vec<String>,
    /// Required?
    pub required: bool,
    /// `value`, `absent`, `dropped`, `failed`.
    pub status: String,
    /// The value, or the reason.
    pub text: String,
    /// Token kind of a value.
    pub kind: Option<String>,
    /// Where the value came from in the message editor.
    pub loc: Option<Loc>,
}

/// One token a type match selected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchRow {
    /// Its JSON Pointer in the document the templates saw.
    pub pointer: Option<String>,
    /// Its place in the message editor.
    pub loc: Option<Loc>,
    /// Fields in extraction order.
    pub fields: Vec<FieldRow>,
    /// Index of its measurement in the report.
    pub measurement: Option<usize>,
}

/// One template on one message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateRow {
    /// Index in the mapping.
    pub index: usize,
    /// `typeName`.
    pub type_name: String,
    /// `templateType`.
    pub template_type: String,
    /// `evaluated`, `failed`, `not-evaluated`.
    pub status: String,
    /// Measurements produced.
    pub measurements: usize,
    /// Index of the error in [`Analysis::findings`].
    pub error: Option<usize>,
    /// Matched tokens.
    pub matches: Vec<MatchRow>,
}

/// One message's trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageRow {
    /// 0-based index.
    pub index: usize,
    /// Where the message is in the editor.
    pub loc: Option<Loc>,
    /// One row per template.
    pub templates: Vec<TemplateRow>,
}

/// Numeric values of one measurement property over time (for a chart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// `type · name`.
    pub label: String,
    /// (time text, value) in production order.
    pub points: Vec<(String, f64)>,
}

/// Everything the result panes show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Whether the mappings are valid.
    pub valid: bool,
    /// A setting that could not be used (nothing was evaluated).
    pub settings_error: Option<String>,
    /// `empty`, `single`, `array`, `ndjson`.
    pub shape: String,
    /// Number of messages.
    pub message_count: usize,
    /// Error, warning and info counts.
    pub counts: (usize, usize, usize),
    /// All findings.
    pub findings: Vec<Finding>,
    /// Measurements as the service serializes them (at most [`MAX_LISTED_MEASUREMENTS`]).
    pub measurements: Vec<Json>,
    /// Total number of measurements.
    pub measurement_count: usize,
    /// FHIR Observations, as the service writes them.
    pub observations: Vec<ObservationText>,
    /// Per-message trace (at most [`MAX_TRACED_MESSAGES`]).
    pub messages: Vec<MessageRow>,
    /// Byte ranges of matched tokens in the messages text.
    pub matched: Vec<(usize, usize)>,
    /// Repeated numeric values.
    pub series: Vec<Series>,
}

/// Runs the core on the inputs and shapes the result; `now` gives milliseconds, so the core's
/// share of the time can be measured. Returns the analysis and the core's time.
pub fn analyze(inputs: &Inputs, now: &dyn Fn() -> f64) -> (Analysis, f64) {
    let s = &inputs.settings;
    let settings = RunSettings {
        envelope: EnvelopeSettings {
            kind: s.envelope.clone(),
            device_id: s.device_id.clone(),
            enqueued_time: s.enqueued_time.clone(),
            creation_time: s.creation_time.clone(),
        },
        identity: s.identity.clone(),
    };
    let options = match settings.to_options() {
        Ok(options) => options,
        Err(error) => {
            let analysis = Analysis {
                settings_error: Some(format!("{}: {}", error.setting, error.message)),
                shape: "empty".into(),
                ..Analysis::default()
            };
            return (analysis, 0.0);
        }
    };
    let fhir = Some(inputs.fhir.as_str()).filter(|f| !f.trim().is_empty());
    let started = now();
    let run = debug_batch(&inputs.device, fhir, &inputs.messages, &options);
    let core_ms = now() - started;
    let report = &run.report;
    let locator = Locator::new(&inputs.device, &inputs.fhir, &inputs.messages, &run.slices);
    let findings: Vec<Finding> = report
        .diagnostics
        .iter()
        .map(|d| Finding {
            severity: d.severity.as_str().into(),
            code: d.code.as_str().into(),
            medtech_error: d.medtech_error.map(|e| e.as_str().to_string()),
            message: d.message.clone(),
            help: d.help.clone(),
            causes: d.causes.clone(),
            message_index: d.message_index,
            pointer: d.pointer.clone(),
            loc: locator.locate(d).map(Loc::from),
            placed: d.span.is_some() || d.position.is_some(),
        })
        .collect();
    let mut matched = Vec::new();
    let messages: Vec<MessageRow> = report
        .messages
        .iter()
        .take(MAX_TRACED_MESSAGES)
        .map(|trace| {
            message_row(
                trace,
                &run.slices,
                &locator,
                &options.envelope,
                &mut matched,
            )
        })
        .collect();
    let shape = match run.shape {
        BatchShape::Empty => "empty",
        BatchShape::Single => "single",
        BatchShape::Array => "array",
        BatchShape::Ndjson => "ndjson",
    };
    let analysis = Analysis {
        valid: report.mappings_valid,
        settings_error: None,
        shape: shape.into(),
        message_count: run.slices.len(),
        counts: report.counts(),
        findings,
        measurements: report
            .measurements
            .iter()
            .take(MAX_LISTED_MEASUREMENTS)
            .map(|m| m.to_json())
            .collect(),
        measurement_count: report.measurements.len(),
        observations: report.observations.clone(),
        messages,
        matched,
        series: series(report),
    };
    (analysis, core_ms)
}

fn message_row(
    trace: &medtech_core::normalize::trace::MessageTrace,
    slices: &[(usize, usize)],
    locator: &Locator,
    envelope: &medtech_core::Envelope,
    matched: &mut Vec<(usize, usize)>,
) -> MessageRow {
    // All pointers of this message, resolved with one read of its text.
    let mut pointers: Vec<&str> = Vec::new();
    for template in &trace.templates {
        for m in &template.matches {
            pointers.push(m.pointer.as_deref().unwrap_or("\u{0}"));
            for field in &m.fields {
                if let FieldOutcome::Value {
                    pointer: Some(p), ..
                } = &field.outcome
                {
                    pointers.push(p);
                }
            }
        }
    }
    let mut places = locator
        .pointer_ranges(trace.index, envelope, &pointers)
        .into_iter()
        .map(|r| r.map(Loc::from));
    let mut templates = Vec::new();
    for template in &trace.templates {
        let mut matches = Vec::new();
        for m in &template.matches {
            let loc = places.next().flatten();
            if let Some(loc) = loc {
                matched.push((loc.start, loc.end));
            }
            let fields = m
                .fields
                .iter()
                .map(|f| {
                    let (status, text, kind, loc) = match &f.outcome {
                        FieldOutcome::Value {
                            text,
                            pointer,
                            kind,
                        } => {
                            let loc = if pointer.is_some() {
                                places.next().flatten()
                            } else {
                                None
                            };
                            ("value", text.clone(), Some(kind.to_string()), loc)
                        }
                        FieldOutcome::Absent => ("absent", String::new(), None, None),
                        FieldOutcome::Dropped { reason } => ("dropped", reason.clone(), None, None),
                        FieldOutcome::Failed { reason } => ("failed", reason.clone(), None, None),
                    };
                    FieldRow {
                        field: f.field.to_string(),
                        expressions: f.expressions.to_vec(),
                        required: f.required,
                        status: status.into(),
                        text,
                        kind,
                        loc,
                    }
                })
                .collect();
            matches.push(MatchRow {
                pointer: m.pointer.clone(),
                loc,
                fields,
                measurement: m.measurement,
            });
        }
        templates.push(TemplateRow {
            index: template.index,
            type_name: template.type_name.to_string(),
            template_type: template.template_type.to_string(),
            status: match template.status {
                TemplateStatus::Evaluated => "evaluated",
                TemplateStatus::Failed => "failed",
                TemplateStatus::NotEvaluated => "not-evaluated",
            }
            .into(),
            measurements: template.measurements,
            error: template.error,
            matches,
        });
    }
    let loc = slices
        .get(trace.index)
        .map(|&(offset, len)| Loc::from(locator.range(EditorId::Messages, offset, offset + len)));
    MessageRow {
        index: trace.index,
        loc,
        templates,
    }
}

/// Numeric property values grouped by measurement type and property name, for those with
/// at least two values.
fn series(report: &medtech_core::Report) -> Vec<Series> {
    let mut all: Vec<Series> = Vec::new();
    for m in &report.measurements {
        for p in &m.properties {
            let Ok(value) = p.value.trim().parse::<f64>() else {
                continue;
            };
            if !value.is_finite() {
                continue;
            }
            let label = format!("{} · {}", m.type_name, p.name);
            let point = (m.occurrence_time.to_newtonsoft_iso(), value);
            match all.iter_mut().find(|s| s.label == label) {
                Some(s) => s.points.push(point),
                None => all.push(Series {
                    label,
                    points: vec![point],
                }),
            }
        }
    }
    all.retain(|s| s.points.len() >= 2);
    all
}

#[cfg(test)]
mod tests;
