//! The per-message, per-template trace: which template matched which tokens, what each
//! expression gave, and why a field failed. This is what no peer shows (peers.md (d)).

use crate::pretty::JsonWriter;
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
    /// One entry per template, in mapping order (with [`super::Detail::Findings`], only the
    /// templates that matched something or failed).
    pub templates: Vec<TemplateTrace>,
}

impl FieldOutcome {
    /// Whether a finding can use this outcome: a failure, a dropped value, or a value whose
    /// text was recorded (with [`super::Detail::Findings`], only values whose conversion a
    /// hint explains). A plain value or an absent field is not.
    pub fn is_noted(&self) -> bool {
        match self {
            FieldOutcome::Value { text, pointer, .. } => !text.is_empty() || pointer.is_some(),
            FieldOutcome::Absent => false,
            FieldOutcome::Dropped { .. } | FieldOutcome::Failed { .. } => true,
        }
    }

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

impl FieldOutcome {
    /// Writes [`FieldOutcome::to_json`]'s value to `w` without building it.
    fn write_json(&self, w: &mut JsonWriter<'_>, redact: bool) {
        w.begin_object();
        match self {
            FieldOutcome::Value {
                text,
                pointer,
                kind,
            } => {
                w.name("status").string("value");
                w.name("tokenKind").string(kind);
                w.name("value")
                    .string(if redact { crate::redact::MASK } else { text });
                w.name("pointer").string_or_null(pointer.as_deref());
            }
            FieldOutcome::Absent => {
                w.name("status").string("absent");
            }
            FieldOutcome::Dropped { reason } => {
                w.name("status").string("dropped");
                w.name("reason").string(reason);
            }
            FieldOutcome::Failed { reason } => {
                w.name("status").string("failed");
                w.name("reason").string(reason);
            }
        }
        w.end_object();
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

    /// Writes [`MessageTrace::to_json`]'s value to `w` without building it.
    pub fn write_json(&self, w: &mut JsonWriter<'_>, redact: bool) {
        w.begin_object();
        w.name("file").string_or_null(self.file.as_deref());
        w.name("index").unsigned(self.index as u64);
        w.name("templates").begin_array();
        for t in &self.templates {
            w.begin_object();
            w.name("index").unsigned(t.index as u64);
            w.name("typeName").string(&t.type_name);
            w.name("templateType").string(t.template_type);
            w.name("status").string(t.status.as_str());
            w.name("matches").begin_array();
            for m in &t.matches {
                w.string_or_null(m.pointer.as_deref());
            }
            w.end_array();
            w.name("measurements").unsigned(t.measurements as u64);
            w.name("error").unsigned_or_null(t.error.map(|e| e as u64));
            w.name("fields").begin_array();
            for m in &t.matches {
                w.begin_array();
                for f in &m.fields {
                    w.begin_object();
                    w.name("field").string(&f.field);
                    w.name("expressions").begin_array();
                    for e in f.expressions.iter() {
                        w.string(e);
                    }
                    w.end_array();
                    w.name("required").boolean(f.required);
                    w.name("outcome");
                    f.outcome.write_json(w, redact);
                    w.end_object();
                }
                w.end_array();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, outcome: FieldOutcome) -> FieldTrace {
        FieldTrace {
            field: name.into(),
            expressions: vec!["$.a".to_string(), "$.b \"quoted\"".to_string()].into(),
            required: name != "hr",
            outcome,
        }
    }

    fn sample() -> MessageTrace {
        MessageTrace {
            file: Some("messages.ndjson:3".into()),
            index: 2,
            templates: vec![
                TemplateTrace {
                    index: 0,
                    type_name: "heart\nrate".into(),
                    template_type: "JsonPathContent",
                    status: TemplateStatus::Failed,
                    matches: vec![
                        MatchTrace {
                            pointer: Some("/Body/0".into()),
                            fields: vec![
                                field(
                                    "DeviceIdExpression",
                                    FieldOutcome::Value {
                                        text: "device-1".into(),
                                        pointer: Some("/Body/0/id".into()),
                                        kind: "String",
                                    },
                                ),
                                field("hr", FieldOutcome::Absent),
                                field(
                                    "hr",
                                    FieldOutcome::Dropped {
                                        reason: "not a number".into(),
                                    },
                                ),
                            ],
                            measurement: Some(0),
                        },
                        MatchTrace {
                            pointer: None,
                            fields: vec![field(
                                "TimestampExpression",
                                FieldOutcome::Failed {
                                    reason: "Unable to extract".into(),
                                },
                            )],
                            measurement: None,
                        },
                    ],
                    measurements: 1,
                    error: Some(4),
                },
                TemplateTrace {
                    index: 1,
                    type_name: "spo2".into(),
                    template_type: "CalculatedContent",
                    status: TemplateStatus::NotEvaluated,
                    matches: Vec::new(),
                    measurements: 0,
                    error: None,
                },
            ],
        }
    }

    #[test]
    fn written_json_is_the_pretty_text_of_to_json() {
        for trace in [
            sample(),
            MessageTrace {
                file: None,
                ..sample()
            },
        ] {
            for redact in [false, true] {
                let mut out = Vec::new();
                trace.write_json(&mut JsonWriter::pretty(&mut out, 2), redact);
                let expected = serde_json::to_string_pretty(&trace.to_json(redact))
                    .unwrap()
                    .replace('\n', "\n    ");
                assert_eq!(String::from_utf8(out).unwrap(), expected);
            }
        }
    }
}
