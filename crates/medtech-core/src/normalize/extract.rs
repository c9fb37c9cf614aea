//! Extracting one field from a match: the reference's `EvalExpression` (device-mapping.md §5.3).

use super::compiled::{Compiled, Failure};
use super::trace::{FieldOutcome, FieldTrace};
use crate::device_mapping::model::Location;
use crate::diagnostic::{Code, MedTechError};
use medtech_json::{text, DateTime, Document, NodeId, Str};
use std::sync::Arc;

/// What a field is converted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// `Value<string>()`.
    Text,
    /// `Value<DateTime?>()`.
    Date,
}

/// A converted value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Extracted {
    Text(Str),
    Date(DateTime),
}

/// A field's name and expression texts as the trace shows them, made once per mapping.
#[derive(Clone, Debug)]
pub(crate) struct Label {
    pub(crate) name: Arc<str>,
    pub(crate) expressions: Arc<[String]>,
}

impl Label {
    pub(crate) fn new(name: &str, candidates: &[Compiled]) -> Label {
        Label {
            name: name.into(),
            expressions: candidates
                .iter()
                .map(|c| c.expression.text.clone())
                .collect(),
        }
    }
}

/// One field request.
pub(crate) struct Field<'a> {
    /// The name used in messages (`DeviceIdExpression`, or the `valueName`) and the trace.
    pub(crate) label: &'a Label,
    pub(crate) required: bool,
    /// Candidate expressions, tried in order (two only for the IoT timestamp).
    pub(crate) candidates: &'a [Compiled],
    pub(crate) target: Target,
    /// Where "An expression must be set" points (the template).
    pub(crate) template_location: &'a Location,
    /// How much of the value to record in the trace.
    pub(crate) detail: super::Detail,
}

/// Result of one field: the value (if any), and what its trace entry says
/// ([`Field::trace`] makes the entry, where it is kept).
pub(crate) type FieldResult = (Result<Option<Extracted>, Box<Failure>>, FieldOutcome);

impl Field<'_> {
    /// The field's trace entry with `outcome`.
    pub(crate) fn trace(&self, outcome: FieldOutcome) -> FieldTrace {
        FieldTrace {
            field: self.label.name.clone(),
            expressions: self.label.expressions.clone(),
            required: self.required,
            outcome,
        }
    }
}

/// Evaluates one field on `context` exactly as `MeasurementExtractor.EvalExpression` does.
pub(crate) fn extract(doc: &mut Document, context: NodeId, field: &Field<'_>) -> FieldResult {
    let name = &*field.label.name;
    let mut outcome = FieldOutcome::Absent;
    if field.candidates.is_empty() {
        if !field.required {
            return (Ok(None), outcome);
        }
        let failure = Failure {
            code: Code::EvalExpressionNotSet,
            medtech_error: Some(MedTechError::IncompatibleDataException),
            message: format!("An expression must be set for [{}]", name),
            causes: Vec::new(),
            location: field.template_location.clone(),
        };
        outcome = FieldOutcome::Failed {
            reason: failure.message.clone(),
        };
        return (Err(Box::new(failure)), outcome);
    }

    // Problems recorded per candidate: (is "null or empty", message with inner cause).
    let mut recorded: Vec<(bool, String)> = Vec::new();
    let mut last_dropped: Option<String> = None;
    for candidate in field.candidates {
        let token = match candidate.select_one(doc, context) {
            Ok(token) => token,
            Err(failure) => {
                outcome = FieldOutcome::Failed {
                    reason: failure.message.clone(),
                };
                return (Err(Box::new(failure)), outcome);
            }
        };
        let Some(token) = token else { continue };
        let converted = match field.target {
            Target::Text => text::to_dotnet_text(doc, token).map(|v| v.map(Extracted::Text)),
            Target::Date => text::to_datetime(doc, token).map(|v| v.map(Extracted::Date)),
        };
        match converted {
            Ok(value) => {
                let is_null = match &value {
                    None => true,
                    Some(Extracted::Text(s)) => is_null_or_white_space(s),
                    Some(Extracted::Date(_)) => false,
                };
                if field.required && is_null {
                    recorded.push((
                        true,
                        format!(
                            "A null or empty value was supplied for the required field [{}]",
                            name
                        ),
                    ));
                } else {
                    outcome = match &value {
                        None => FieldOutcome::Absent,
                        Some(v) => {
                            let kind = doc.value(token).kind_name();
                            let recorded = field.detail == super::Detail::Trace
                                || match v {
                                    Extracted::Text(s) => {
                                        super::hints::explains_conversion(kind, name, s)
                                    }
                                    Extracted::Date(_) => false,
                                };
                            if recorded {
                                FieldOutcome::Value {
                                    text: match v {
                                        Extracted::Text(s) => String::from(s.as_str()),
                                        Extracted::Date(d) => d.to_newtonsoft_iso(),
                                    },
                                    pointer: pointer_of(doc, token),
                                    kind,
                                }
                            } else {
                                FieldOutcome::Value {
                                    text: String::new(),
                                    pointer: None,
                                    kind,
                                }
                            }
                        }
                    };
                    return (Ok(value), outcome);
                }
            }
            Err(error) => {
                let message = format!(
                    "Encountered an error while extracting value for [{}] using expression {}",
                    name, candidate.expression.text
                );
                last_dropped = Some(error.message.clone());
                recorded.push((false, format!("{message} ({})", error.message)));
            }
        }
    }

    if !field.required {
        if let Some(reason) = last_dropped {
            outcome = FieldOutcome::Dropped { reason };
        }
        return (Ok(None), outcome);
    }
    let Some(first) = field.candidates.first() else {
        // Unreachable: a field without candidates returned above.
        return (Ok(None), outcome);
    };
    let all_null = !recorded.is_empty() && recorded.iter().all(|(null, _)| *null);
    let code = if name == "CorrelationIdExpression" {
        Code::EvalCorrelationMissing
    } else if all_null {
        Code::EvalRequiredNull
    } else {
        Code::EvalRequiredMissing
    };
    let failure = if recorded.is_empty() {
        let texts: Vec<&str> = field
            .candidates
            .iter()
            .map(|c| c.expression.text.as_str())
            .collect();
        Failure {
            code,
            medtech_error: Some(MedTechError::IncompatibleDataException),
            message: format!(
                "Unable to extract required value for [{}] using {}",
                name,
                texts.join(",")
            ),
            causes: Vec::new(),
            location: first.expression.location.clone(),
        }
    } else {
        Failure {
            code,
            medtech_error: Some(MedTechError::IncompatibleDataException),
            message: format!("Unable to extract required value for [{}]", name),
            causes: recorded.into_iter().map(|(_, m)| m).collect(),
            location: first.expression.location.clone(),
        }
    };
    outcome = FieldOutcome::Failed {
        reason: failure.message.clone(),
    };
    (Err(Box::new(failure)), outcome)
}

fn pointer_of(doc: &Document, id: NodeId) -> Option<String> {
    if doc.span(id).is_synthetic() && doc.node(id).parent.is_none() {
        None
    } else {
        Some(doc.pointer(id))
    }
}

/// .NET `string.IsNullOrWhiteSpace`.
pub(crate) fn is_null_or_white_space(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}
