//! Lints (`medtech validate`): findings the service does not report but that lose data or
//! surprise, each with a stable `lint/…` code, a severity, the MedTech error name where one
//! applies, a location and a fix hint (peers.md (c) "user pain points", (d) "Lints").
//!
//! * [`jsonpath`] — Newtonsoft-only JSONPath constructs (device-mapping.md §6) read statically
//!   from [`medtech_jsonpath::Features`];
//! * [`jmespath`] — JMESPath literals without backticks, functions on possibly missing paths
//!   (§7);
//! * [`scope`] — CalculatedContent vs legacy scoping (§4), IoT type matches, patient id;
//! * [`samples`] — what sample messages reveal: overlapping matches, paths in the wrong scope,
//!   filters on objects, epoch timestamps and their unit, timestamps without zone.
//!
//! `"required": "true"` written as a string is reported by the loader itself
//! ([`Code::TemplateRequiredString`]); the checks across device and FHIR mappings are the FHIR
//! engine's (`cross/…` codes). Lints never change results and never panic.

pub mod jmespath;
pub mod jsonpath;
pub mod samples;
pub mod scope;
pub mod validate;

#[cfg(test)]
mod tests;

use crate::device_mapping::model::{ContentTemplate, Expression};
use crate::diagnostic::{Code, Diagnostic, Severity, Source};
use crate::session::{Options, Session};
use medtech_json::LineIndex;

pub use validate::validate;

/// One expression of a template with the field it fills.
#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    /// `TypeMatchExpression`, `DeviceIdExpression`, …, or the value's `valueName`.
    pub name: &'a str,
    /// The expression.
    pub expression: &'a Expression,
    /// True when the service selects one token (every field but the type match).
    pub single: bool,
}

/// The expressions of a template in evaluation order (type match first).
pub fn fields(template: &ContentTemplate) -> Vec<Field<'_>> {
    let named = [
        ("TypeMatchExpression", &template.type_match, false),
        ("DeviceIdExpression", &template.device_id, true),
        ("TimestampExpression", &template.timestamp, true),
        ("CorrelationIdExpression", &template.correlation_id, true),
        ("PatientIdExpression", &template.patient_id, true),
        ("EncounterIdExpression", &template.encounter_id, true),
    ];
    let mut fields: Vec<Field<'_>> = named
        .into_iter()
        .filter_map(|(name, expression, single)| {
            expression.as_ref().map(|expression| Field {
                name,
                expression,
                single,
            })
        })
        .collect();
    for value in &template.values {
        fields.push(Field {
            name: &value.name,
            expression: &value.expression,
            single: true,
        });
    }
    fields
}

/// A lint finding on a template expression, located in the device mapping.
pub(crate) fn on_expression(
    severity: Severity,
    code: Code,
    expression: &Expression,
    message: String,
    help: String,
) -> Diagnostic {
    Diagnostic::new(severity, code, Source::DeviceMapping, message)
        .at(
            Some(expression.location.span),
            Some(expression.location.pointer.clone()),
        )
        .with_help(help)
}

/// A lint finding on a template as a whole (its inner `template` object).
pub(crate) fn on_template(
    severity: Severity,
    code: Code,
    template: &ContentTemplate,
    message: String,
    help: String,
) -> Diagnostic {
    Diagnostic::new(severity, code, Source::DeviceMapping, message)
        .at(
            Some(template.location.span),
            Some(template.location.pointer.clone()),
        )
        .with_help(help)
}

/// `Template 2 (JsonPathContent "heartrate")` — how lint messages name a template (double
/// quotes: single-quoted parts are what `--redact` masks).
pub(crate) fn template_label(template: &ContentTemplate) -> String {
    format!(
        "Template {} ({} \"{}\")",
        template.index,
        template.kind.type_name(),
        template.type_name
    )
}

/// Every lint of a loaded device mapping and its sample messages (file name, text), located
/// (line and column filled from `device_text` and the message texts). Only templates the
/// service builds are linted; load errors stay the session's. Sample messages are run only when
/// the mapping is valid.
pub fn lint_session(
    session: &Session,
    device_text: &str,
    messages: &[(Option<String>, String)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for template in &session.device.mapping.templates {
        jsonpath::lint_template(template, &mut out);
        jmespath::lint_template(template, &mut out);
        scope::lint_template(template, &mut out);
    }
    jmespath::lint_load_errors(
        session.device.document.as_ref(),
        &session.device.diagnostics,
        &mut out,
    );
    if session.is_valid() {
        for (index, (_, text)) in messages.iter().enumerate() {
            samples::lint_message(session, index, text, &mut out);
        }
    }
    dedupe(&mut out);
    let lines = LineIndex::new(device_text);
    let message_lines: Vec<Option<LineIndex>> = messages
        .iter()
        .enumerate()
        .map(|(i, (_, text))| {
            out.iter()
                .any(|d| d.source == Source::Message && d.message_index == Some(i))
                .then(|| LineIndex::new(text))
        })
        .collect();
    for d in &mut out {
        let index = match d.source {
            Source::Message => d
                .message_index
                .and_then(|i| message_lines.get(i))
                .and_then(Option::as_ref),
            _ => Some(&lines),
        };
        if let (Some(index), Some(span)) = (index, d.span) {
            if d.position.is_none() {
                let p = index.position(span.start as usize);
                d.position = Some((p.line, p.column));
            }
        }
    }
    out
}

/// Loads the device mapping and lints it with its sample messages.
pub fn lint(
    device_text: &str,
    messages: &[(Option<String>, String)],
    options: &Options,
) -> Vec<Diagnostic> {
    let session = Session::new(device_text, options.clone());
    lint_session(&session, device_text, messages)
}

/// The same finding reported from several sample messages is kept once (the first); static
/// findings are kept once per code, place and text.
fn dedupe(out: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| {
        let from_sample = d.message_index.is_some() && d.source != Source::Message;
        seen.insert((
            d.code,
            d.source,
            d.pointer.clone(),
            d.message_index.filter(|_| d.source == Source::Message),
            if from_sample {
                String::new()
            } else {
                d.message.clone()
            },
        ))
    });
}
