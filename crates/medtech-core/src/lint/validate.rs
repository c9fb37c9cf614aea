//! `medtech validate`: every load error of both mappings, the checks across them (the FHIR
//! engine's `cross/…` findings), every lint, and — when sample messages are given — what
//! running them reports, as one [`Report`].

use super::lint_session;
use crate::diagnostic::Source;
use crate::fhir::{cross_check, load_fhir_mapping};
use crate::report::Report;
use crate::session::{position, Options, Session};
use medtech_json::LineIndex;

/// Validates the device mapping (and the FHIR mapping, if given) and lints them with the sample
/// messages (file name, text). The report's `mappings_valid` is false when either mapping
/// would be rejected by the service; messages run only through a valid device mapping, and
/// their measurements and findings are in the report too.
pub fn validate(
    device_text: &str,
    fhir_text: Option<&str>,
    messages: &[(Option<String>, String)],
    options: &Options,
) -> Report {
    let session = Session::new(device_text, options.clone());
    let fhir = fhir_text.map(load_fhir_mapping);
    let fhir_valid = fhir.as_ref().is_none_or(|f| f.valid);
    let mut report = Report::new(session.is_valid() && fhir_valid);
    report
        .diagnostics
        .extend(session.diagnostics.iter().cloned());
    let device_lines = LineIndex::new(device_text);
    if let (Some(fhir), Some(text)) = (&fhir, fhir_text) {
        let fhir_lines = LineIndex::new(text);
        let locate = |d: crate::Diagnostic| match d.source {
            Source::FhirMapping => position(d, &fhir_lines),
            _ => position(d, &device_lines),
        };
        report
            .diagnostics
            .extend(fhir.diagnostics.iter().cloned().map(locate));
        if session.is_valid() && fhir.valid {
            report.diagnostics.extend(
                cross_check(&session.device.mapping, &fhir.mapping)
                    .into_iter()
                    .map(locate),
            );
        }
    }
    report
        .diagnostics
        .extend(lint_session(&session, device_text, messages));
    if report.mappings_valid {
        for (index, (file, text)) in messages.iter().enumerate() {
            report.add_message(session.run_message(index, file.as_deref(), text));
        }
    }
    report
}
