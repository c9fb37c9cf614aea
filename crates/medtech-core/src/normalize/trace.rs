//! The per-message, per-template trace: which template matched which tokens, what each
//! expression gave, and why a field failed. This is what no peer shows (peers.md (d)).

use serde_json::{json, Value as Json};
use std::sync::Arc;

/// What one field extraction gave.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldOutcome {
    /// A value was extracted (as text; timestamps in ISO form).
    Value {
        /// The text that went into the measurement.
        text: String,
        /// JSON Pointer of the token it came from, when it is a node of the message.
        pointer: Option<String>,
        /// Newtonsoft's token kind of the source (`String`, `Integer`, `Float`, `Date`, …).
        kind: &'static str,
    },
    /// Optional field: nothing selected, or null (left out of the measurement).
    Absent,
    /// Optional field: the token did not convert (silently dropped by the service).
    Dropped {
        /// Why the conversion failed.
        reason: String,
    },
    /// The field failed; the event was aborted here.
    Failed {
        /// The reference's message.
        reason: String,
    },
}

/// One field of one match.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldTrace {
    /// `DeviceIdExpression`, `TimestampExpression`, …, or the `valueName` (shared by every
    /// trace of the field: made once per mapping).
    pub field: Arc<str>,
    /// The expression text(s) tried, in order (shared likewise).
    pub expressions: Arc<[String]>,
    /// Whether the field is required.
    pub required: bool,
    /// What it gave.
    pub outcome: FieldOutcome,
}

/// One token the type-match expression selected.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchTrace {
    /// JSON Pointer of the matched token in the document the templates see (`None` for a
    /// value computed by JMESPath).
    pub pointer: Option<String>,
    /// The fields in extraction order (stops at the first failure).
    pub fields: Vec<FieldTrace>,
    /// Index of the produced measurement in the message's measurements, if one was produced.
    pub measurement: Option<usize>,
}

/// Whether and how a template ran on a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateStatus {
    /// It ran to the end.
    Evaluated,
    /// It failed; the event was aborted (later templates did not run).
    Failed,
    /// An earlier template failed, so this one never ran.
    NotEvaluated,
}

/// One template on one message.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateTrace {
    /// Position in the mapping's `template` array.
    pub index: usize,
    /// `typeName` (shared by every trace of the template).
    pub type_name: Arc<str>,
    /// `templateType` (canonical spelling).
    pub template_type: &'static str,
    /// Whether it ran.
    pub status: TemplateStatus,
    /// The tokens its type match selected, with their fields.
    pub matches: Vec<MatchTrace>,
    /// How many measurements it produced.
    pub measurements: usize,
    /// Index (in the report's diagnostics) of the error that stopped it.
    pub error: Option<usize>,
}

/// All templates on one message.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageTrace {
    /// Which file the message came from, if any.
    pub file: Option<String>,
    /// 0-based index in the run.
    pub index: usize,
    /// One entry per template, in mapping order.
    pub templates: Vec<TemplateTrace>,
}

impl FieldOutcome {
    fn to_json(&self, redact: bool) -> Json {
        match self {
            FieldOutcome::Value {
                text,
                pointer,
                kind,
            } => json!({
                "status": "value",
                "tokenKind": kind,
                "value": if redact { Json::String(crate::redact::MASK.into()) } else { Json::String(text.clone()) },
                "pointer": pointer,
            }),
            FieldOutcome::Absent => json!({"status": "absent"}),
            FieldOutcome::Dropped { reason } => json!({"status": "dropped", "reason": reason}),
            FieldOutcome::Failed { reason } => json!({"status": "failed", "reason": reason}),
        }
    }
}

impl TemplateStatus {
    /// `evaluated` / `failed` / `not-evaluated`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateStatus::Evaluated => "evaluated",
            TemplateStatus::Failed => "failed",
            TemplateStatus::NotEvaluated => "not-evaluated",
        }
    }
}

impl MessageTrace {
    /// Renumbers the trace's references for a report that already holds `findings` findings
    /// and `measurements` measurements before this message's.
    pub fn shift(&mut self, findings: usize, measurements: usize) {
        for template in &mut self.templates {
            if let Some(error) = &mut template.error {
                *error += findings;
            }
            for m in &mut template.matches {
                if let Some(i) = &mut m.measurement {
                    *i += measurements;
                }
            }
        }
    }

    /// The `messages[]` entry of the JSON report (cli.md), with the additive `status` and
    /// `fields` members.
    pub fn to_json(&self, redact: bool) -> Json {
        json!({
            "file": self.file,
            "index": self.index,
            "templates": self.templates.iter().map(|t| json!({
                "index": t.index,
                "typeName": &*t.type_name,
                "templateType": t.template_type,
                "status": t.status.as_str(),
                "matches": t.matches.iter().map(|m| json!(m.pointer)).collect::<Vec<_>>(),
                "measurements": t.measurements,
                "error": t.error,
                "fields": t.matches.iter().map(|m| Json::Array(m.fields.iter().map(|f| json!({
                    "field": &*f.field,
                    "expressions": &*f.expressions,
                    "required": f.required,
                    "outcome": f.outcome.to_json(redact),
                })).collect())).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}
