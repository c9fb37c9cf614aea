//! Normalization: evaluating every template of a device mapping against one message
//! (device-mapping.md §4, §5).
//!
//! Templates run in document order; within a template, matches run in the order the type-match
//! expression yields them; within a match, fields run in the reference's order (§5.2). The first
//! failure aborts the message, and the measurements produced before it are kept (§5.1).

pub(crate) mod compiled;
pub(crate) mod extract;
pub mod hints;
pub mod measurement;
pub mod trace;

use crate::device_mapping::model::{ContentTemplate, DeviceMapping, TemplateKind};
use crate::diagnostic::{Code, Diagnostic, MedTechError, Source};
use compiled::{Compiled, Failure};
use extract::{extract, Extracted, Field, Label, Target};
use measurement::{Measurement, MeasurementProperty};
use medtech_json::{DateTime, Document, Member, NodeId, Span, Str, Value};
use std::sync::Arc;
use trace::{MatchTrace, MessageTrace, TemplateStatus, TemplateTrace};

const IOT_DEVICE_ID: &str = "$.SystemProperties.iothub-connection-device-id";
const IOT_CREATION_TIME: &str = "$.Properties.iothub-creation-time-utc";
const IOT_ENQUEUED_TIME: &str = "$.SystemProperties.iothub-enqueuedtime";
const IOT_CENTRAL_DEVICE_ID: &str = "$.deviceId";
const IOT_CENTRAL_TIMESTAMP: &str = "$.enqueuedTime";
const MATCHED_TOKEN: &str = "matchedToken";

/// A template with its expressions compiled.
#[derive(Debug)]
struct Prepared {
    template: ContentTemplate,
    type_match: Option<Compiled>,
    device_id: Vec<Compiled>,
    timestamp: Vec<Compiled>,
    correlation_id: Option<Compiled>,
    patient_id: Option<Compiled>,
    encounter_id: Option<Compiled>,
    values: Vec<Option<Compiled>>,
    probe: hints::Probe,
    /// The trace's shared texts: `typeName`, and each field's name and expressions.
    type_name: Arc<str>,
    labels: Labels,
    /// The start of every hint about this template (`Template {index} (`) and the hint for a
    /// message nothing matched, written once per mapping.
    hint_prefix: String,
    no_match_hint: Option<String>,
}

/// The trace labels of a template's fields.
#[derive(Debug)]
struct Labels {
    device_id: Label,
    timestamp: Label,
    correlation_id: Label,
    patient_id: Label,
    encounter_id: Label,
    values: Vec<Label>,
}

impl Labels {
    fn empty() -> Labels {
        let none = Label::new("", &[]);
        Labels {
            device_id: none.clone(),
            timestamp: none.clone(),
            correlation_id: none.clone(),
            patient_id: none.clone(),
            encounter_id: none,
            values: Vec::new(),
        }
    }

    fn new(prepared: &Prepared) -> Labels {
        Labels {
            device_id: Label::new("DeviceIdExpression", &prepared.device_id),
            timestamp: Label::new("TimestampExpression", &prepared.timestamp),
            correlation_id: Label::new(
                "CorrelationIdExpression",
                prepared.correlation_id.as_slice(),
            ),
            patient_id: Label::new("PatientIdExpression", prepared.patient_id.as_slice()),
            encounter_id: Label::new("EncounterIdExpression", prepared.encounter_id.as_slice()),
            values: prepared
                .template
                .values
                .iter()
                .zip(&prepared.values)
                .map(|(v, c)| Label::new(&v.name, c.as_slice()))
                .collect(),
        }
    }
}

/// Member names of the message's envelope, known before the message is read: the envelope's
/// objects and names are the same for every message of a run, so a message's name summary
/// reads only the body's nodes (`body_start..body_end`) and what the run pushes after them.
#[derive(Clone, Copy, Debug)]
pub struct KnownNames {
    /// Where the body's nodes start in the arena (0, or after an envelope built first).
    pub body_start: usize,
    /// Where the body's nodes end (the envelope's start, or the arena's length).
    pub body_end: usize,
    /// The names of the envelope's objects.
    pub envelope: medtech_jsonpath::MemberNames,
}

/// A message's [`medtech_jsonpath::MemberNames`], gathered when a template first asks.
pub(crate) struct Names {
    known: Option<KnownNames>,
    /// Where the envelope's nodes end (the arena's length when the run started).
    envelope_end: usize,
    summary: Option<medtech_jsonpath::MemberNames>,
}

impl Names {
    pub(crate) fn get(&mut self, doc: &Document) -> &medtech_jsonpath::MemberNames {
        let (known, envelope_end) = (&self.known, self.envelope_end);
        self.summary
            .get_or_insert_with(|| gather(doc, known.as_ref(), envelope_end))
    }
}

/// A message's name summary, read once per message: out of line, so that [`Names::get`] stays
/// small enough to be inlined into every template's check.
#[inline(never)]
fn gather(
    doc: &Document,
    known: Option<&KnownNames>,
    envelope_end: usize,
) -> medtech_jsonpath::MemberNames {
    use medtech_jsonpath::MemberNames;
    match known {
        Some(known) if known.body_end <= envelope_end => {
            MemberNames::of_nodes(doc, known.body_start..known.body_end)
                .union(known.envelope)
                .union(MemberNames::of_nodes(doc, envelope_end..doc.len()))
        }
        _ => MemberNames::of_document(doc),
    }
}

/// How much of the per-template trace a run records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Everything: every match's pointer and every field's value text and pointer (what
    /// `medtech debug` and the web app show).
    #[default]
    Trace,
    /// What the measurements and findings need (what `medtech normalize` prints): the same
    /// measurements and findings, and a trace with only the templates that matched something
    /// or failed (those missing were evaluated and matched nothing, or, after a failure, did
    /// not run), of each match's fields only those a finding can use (a failure, a dropped
    /// value, a value whose conversion a hint explains: [`trace::FieldOutcome::is_noted`]),
    /// and the pointers of matches only where a finding uses them.
    Findings,
}

/// A device mapping ready to run: expressions parsed once, evaluated per message.
#[derive(Debug)]
pub struct Normalizer {
    templates: Vec<Prepared>,
}

/// What one message gave.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageOutcome {
    /// Measurements in production order (also those produced before an error).
    pub measurements: Vec<Measurement>,
    /// The per-template trace (`error` indexes refer to `diagnostics`).
    pub trace: MessageTrace,
    /// The error that aborted the message (at most one), then hints and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Legacy templates blank an expression that is only white space (the adapter treats it as
/// absent); CalculatedContent rejects such expressions at load.
fn present(expression: &Option<crate::device_mapping::model::Expression>) -> Option<Compiled> {
    expression
        .as_ref()
        .filter(|e| !extract::is_null_or_white_space(&e.text))
        .map(Compiled::new)
}

impl Prepared {
    /// How many fields a match that succeeds traces: device id, timestamp, the correlation id
    /// where the template has one, patient id, encounter id, and the values.
    fn field_count(&self) -> usize {
        4 + usize::from(self.correlation_id.is_some()) + self.values.len()
    }

    fn new(template: &ContentTemplate) -> Prepared {
        let location = &template.location;
        let (device_id, timestamp) = match template.kind {
            TemplateKind::JsonPath | TemplateKind::Calculated => (
                present(&template.device_id).into_iter().collect(),
                present(&template.timestamp).into_iter().collect(),
            ),
            TemplateKind::IotJsonPath => (
                vec![Compiled::fixed(IOT_DEVICE_ID, location)],
                vec![
                    Compiled::fixed(IOT_CREATION_TIME, location),
                    Compiled::fixed(IOT_ENQUEUED_TIME, location),
                ],
            ),
            TemplateKind::IotCentralJsonPath => (
                vec![Compiled::fixed(IOT_CENTRAL_DEVICE_ID, location)],
                vec![Compiled::fixed(IOT_CENTRAL_TIMESTAMP, location)],
            ),
        };
        let mut prepared = Prepared {
            type_match: present(&template.type_match),
            device_id,
            timestamp,
            correlation_id: present(&template.correlation_id),
            patient_id: present(&template.patient_id),
            encounter_id: present(&template.encounter_id),
            values: template
                .values
                .iter()
                .map(|v| {
                    if extract::is_null_or_white_space(&v.expression.text) {
                        None
                    } else {
                        Some(Compiled::new(&v.expression))
                    }
                })
                .collect(),
            probe: hints::Probe::new(template.type_match.as_ref()),
            type_name: template.type_name.as_str().into(),
            labels: Labels::empty(),
            hint_prefix: format!("Template {} (", template.index),
            no_match_hint: template.type_match.as_ref().map(|expression| {
                format!(
                    "Template {} ('{}', {}) matched nothing: its typeMatchExpression {} selected no token in this message.",
                    template.index,
                    template.type_name,
                    template.kind.type_name(),
                    expression.text
                )
            }),
            template: template.clone(),
        };
        prepared.labels = Labels::new(&prepared);
        prepared
    }
}

impl Normalizer {
    /// Prepares every template of the mapping.
    pub fn new(mapping: &DeviceMapping) -> Normalizer {
        Normalizer {
            templates: mapping.templates.iter().map(Prepared::new).collect(),
        }
    }

    /// Number of templates.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    /// True when the mapping has no template.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// Runs every template on the document rooted at `root` (the envelope or raw message).
    /// Temporary nodes pushed while evaluating are removed again. `known`: the envelope's
    /// names, when the envelope was the last thing pushed.
    pub fn run(
        &self,
        doc: &mut Document,
        root: NodeId,
        message_index: usize,
        ingestion_time: Option<DateTime>,
        detail: Detail,
        known: Option<KnownNames>,
    ) -> MessageOutcome {
        let mark = doc.len();
        let mut outcome = MessageOutcome {
            // A message usually gives one or two measurements: room for two, allocated directly
            // (a first push would go through the vector's growth path).
            measurements: Vec::with_capacity(2),
            trace: MessageTrace {
                file: None,
                index: message_index,
                templates: match detail {
                    Detail::Trace => Vec::with_capacity(self.templates.len()),
                    // Only the templates that matched or failed, usually one or two.
                    Detail::Findings => Vec::with_capacity(2),
                },
            },
            diagnostics: Vec::new(),
        };
        let mut aborted = false;
        // The message's member names, gathered when a type match first asks.
        let mut names = Names {
            known,
            envelope_end: mark,
            summary: None,
        };
        for prepared in &self.templates {
            let template = &prepared.template;
            let mut matches = Vec::new();
            let mut status = TemplateStatus::NotEvaluated;
            let mut error = None;
            let before = outcome.measurements.len();
            if !aborted {
                let result = self.run_template(
                    prepared,
                    doc,
                    root,
                    message_index,
                    ingestion_time,
                    &mut outcome.measurements,
                    &mut matches,
                    &mut names,
                    detail,
                );
                match result {
                    Ok(()) => status = TemplateStatus::Evaluated,
                    Err(failure) => {
                        status = TemplateStatus::Failed;
                        error = Some(outcome.diagnostics.len());
                        outcome.diagnostics.push(failure_diagnostic(
                            failure,
                            message_index,
                            template,
                        ));
                        aborted = true;
                    }
                }
            }
            // (`Detail::Findings` leaves out the templates that matched nothing or did not run.)
            if detail == Detail::Trace || status == TemplateStatus::Failed || !matches.is_empty() {
                outcome.trace.templates.push(TemplateTrace {
                    index: template.index,
                    type_name: prepared.type_name.clone(),
                    template_type: template.kind.type_name(),
                    status,
                    matches,
                    measurements: outcome.measurements.len() - before,
                    error,
                });
            }
        }
        hints::explain(doc, root, self, &mut outcome, &mut names);
        doc.truncate(mark);
        if outcome.measurements.is_empty() && !aborted {
            outcome.diagnostics.push(
                Diagnostic::warning(
                    Code::EvalNoMeasurements,
                    Source::Message,
                    "No measurements were produced for the given device data.",
                )
                .in_message(message_index)
                .with_help(
                    "No typeMatchExpression of any template selected anything in this message; see the trace for near misses.",
                ),
            );
        }
        outcome
    }

    #[allow(clippy::too_many_arguments)]
    fn run_template(
        &self,
        prepared: &Prepared,
        doc: &mut Document,
        root: NodeId,
        message_index: usize,
        ingestion_time: Option<DateTime>,
        measurements: &mut Vec<Measurement>,
        traced: &mut Vec<MatchTrace>,
        names: &mut Names,
        detail: Detail,
    ) -> Result<(), Failure> {
        let template = &prepared.template;
        if !matches!(doc.value(root), Value::Object(_)) {
            return Err(Failure {
                code: Code::MessageNotObject,
                medtech_error: Some(MedTechError::NormalizationDataMappingException),
                message: format!(
                    "The document the templates are evaluated on must be a JSON object, not {}.",
                    article_kind(doc.value(root))
                ),
                causes: Vec::new(),
                location: template.location.clone(),
            });
        }
        let Some(type_match) = &prepared.type_match else {
            return Err(Failure {
                code: Code::EvalExpressionNotSet,
                medtech_error: Some(MedTechError::IncompatibleDataException),
                message: "An expression must be set for [TypeMatchExpression]".to_string(),
                causes: Vec::new(),
                location: template
                    .type_match
                    .as_ref()
                    .map(|e| e.location.clone())
                    .unwrap_or_else(|| template.location.clone()),
            });
        };
        if type_match.selects_nothing(doc, names) {
            return Ok(());
        }
        let (matches, selection_error) = type_match.select_many(doc, root);
        // A run's report keeps every trace, so no room to spare for the usual few matches (a
        // template that aborts on the first of a million reserves no more than these).
        traced.reserve_exact(matches.len().min(16));
        let calculated = template.kind == TemplateKind::Calculated;
        let mark = doc.len();
        for matched in matches {
            let context = if calculated {
                push_wrapper(doc, root, matched)
            } else {
                matched
            };
            let mut match_trace = MatchTrace {
                pointer: match detail {
                    Detail::Trace => pointer_of(doc, matched),
                    Detail::Findings => None,
                },
                fields: match detail {
                    Detail::Trace => Vec::with_capacity(prepared.field_count()),
                    // Only the fields a finding uses, which are rare.
                    Detail::Findings => Vec::new(),
                },
                measurement: None,
            };
            let result = build_measurement(prepared, doc, context, &mut match_trace, detail);
            doc.truncate(mark);
            if result.is_err() && detail == Detail::Findings {
                // The near-miss hints look around the match that failed.
                match_trace.pointer = pointer_of(doc, matched);
            }
            match result {
                Ok(mut measurement) => {
                    measurement.message_index = message_index;
                    measurement.ingestion_time = ingestion_time;
                    match_trace.measurement = Some(measurements.len());
                    measurements.push(measurement);
                    traced.push(match_trace);
                }
                Err(failure) => {
                    traced.push(match_trace);
                    return Err(failure);
                }
            }
        }
        match selection_error {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }
}

/// Builds one measurement from one match (`CreateMeasurementFromToken`).
fn build_measurement(
    prepared: &Prepared,
    doc: &mut Document,
    context: NodeId,
    trace: &mut MatchTrace,
    detail: Detail,
) -> Result<Measurement, Failure> {
    let template = &prepared.template;
    let location = &template.location;
    let labels = &prepared.labels;
    let mut run = |label: &Label, required: bool, candidates: &[Compiled], target: Target| {
        let field = Field {
            label,
            required,
            candidates,
            target,
            template_location: location,
            detail,
        };
        let (result, outcome) = extract(doc, context, &field);
        if detail == Detail::Trace || outcome.is_noted() {
            trace.fields.push(field.trace(outcome));
        }
        result.map_err(|failure| *failure)
    };
    let device_id = text(run(
        &labels.device_id,
        true,
        &prepared.device_id,
        Target::Text,
    )?);
    let timestamp = match run(&labels.timestamp, true, &prepared.timestamp, Target::Date)? {
        Some(Extracted::Date(date)) => date,
        _ => unreachable_timestamp(),
    };
    let correlation_id = match &prepared.correlation_id {
        Some(c) => text(run(
            &labels.correlation_id,
            true,
            std::slice::from_ref(c),
            Target::Text,
        )?),
        None => None,
    };
    let patient_id = text(run(
        &labels.patient_id,
        false,
        prepared.patient_id.as_slice(),
        Target::Text,
    )?);
    let encounter_id = text(run(
        &labels.encounter_id,
        false,
        prepared.encounter_id.as_slice(),
        Target::Text,
    )?);
    let mut properties = Vec::with_capacity(template.values.len());
    let values = template
        .values
        .iter()
        .zip(&prepared.values)
        .zip(&labels.values);
    for ((value, compiled), label) in values {
        if let Some(text) = text(run(
            label,
            value.required,
            compiled.as_slice(),
            Target::Text,
        )?) {
            properties.push(MeasurementProperty {
                // The label's name is the `valueName`, shared by every measurement.
                name: label.name.clone(),
                value: text,
            });
        }
    }
    Ok(Measurement {
        type_name: prepared.type_name.clone(),
        occurrence_time: timestamp,
        ingestion_time: None,
        device_id: device_id.unwrap_or_default(),
        patient_id,
        encounter_id,
        correlation_id,
        properties,
        message_index: 0,
        template_index: template.index,
    })
}

/// A required date field that returned without a value cannot happen (extract fails instead);
/// the epoch keeps this total without a panic.
fn unreachable_timestamp() -> DateTime {
    DateTime {
        ticks: 0,
        kind: medtech_json::DateKind::Unspecified,
    }
}

fn text(value: Option<Extracted>) -> Option<Str> {
    match value {
        Some(Extracted::Text(s)) => Some(s),
        Some(Extracted::Date(d)) => Some(d.to_invariant_string().into()),
        None => None,
    }
}

/// The CalculatedContent evaluation context: a copy of the root's members plus `matchedToken`
/// (an existing top-level `matchedToken` is replaced). Members share the original nodes.
fn push_wrapper(doc: &mut Document, root: NodeId, matched: NodeId) -> NodeId {
    let root_members = doc.members(root);
    // One allocation: the root's members and `matchedToken`.
    let mut members: Vec<Member> = Vec::with_capacity(root_members.len() + 1);
    members.extend(
        root_members
            .iter()
            .filter(|m| &*m.name != MATCHED_TOKEN)
            .cloned(),
    );
    members.push(Member::synthetic(MATCHED_TOKEN, matched));
    doc.push(Value::Object(members), Span::SYNTHETIC)
}

fn pointer_of(doc: &Document, id: NodeId) -> Option<String> {
    if doc.span(id).is_synthetic() && doc.node(id).parent.is_none() && doc.root() != Some(id) {
        None
    } else {
        Some(doc.pointer(id))
    }
}

fn article_kind(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "an array",
        Value::String(_) | Value::Date(_) => "a string",
        Value::Integer(_) | Value::BigInteger(_) | Value::Float(_) => "a number",
        Value::Bool(_) => "a boolean",
        _ => "null",
    }
}

fn failure_diagnostic(
    failure: Failure,
    message_index: usize,
    template: &ContentTemplate,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(failure.code, Source::DeviceMapping, failure.message)
        .with_medtech_error(failure.medtech_error)
        .in_message(message_index)
        .at(
            Some(failure.location.span),
            Some(failure.location.pointer.clone()),
        )
        .with_reference_position(failure.location.line_info);
    diagnostic.causes = failure.causes;
    diagnostic.help = Some(format!(
        "Template {} ({} '{}') aborted this message; measurements it produced before are kept. The service logs this as NormalizationDataMappingException and, with the default error policy, retries the batch.",
        template.index,
        template.kind.type_name(),
        template.type_name
    ));
    diagnostic
}
