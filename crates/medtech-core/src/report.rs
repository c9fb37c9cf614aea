//! The report of a run: measurements, Observations, diagnostics and the per-message trace, and
//! its `--format json` form (cli.md). The JSON form is a stable contract: change it only
//! additively.

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::fhir::ObservationText;
use crate::normalize::measurement::Measurement;
use crate::normalize::trace::MessageTrace;
use crate::normalize::MessageOutcome;
use crate::pretty::JsonWriter;
use crate::redact;
use serde_json::{json, Map, Value as Json};

/// Everything a run produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Whether every mapping would be accepted by the service.
    pub mappings_valid: bool,
    /// Whether the device mapping would be accepted.
    pub device_mapping_valid: bool,
    /// Whether the FHIR mapping would be accepted (`None` without one).
    pub fhir_mapping_valid: Option<bool>,
    /// Measurements in production order.
    pub measurements: Vec<Measurement>,
    /// FHIR Observations (empty until a FHIR mapping is given), as the service writes them.
    pub observations: Vec<ObservationText>,
    /// Every finding, mapping findings first, then per message in order.
    pub diagnostics: Vec<Diagnostic>,
    /// One trace per message.
    pub messages: Vec<MessageTrace>,
    /// File names per source, for the `file` member of diagnostics.
    pub device_mapping_file: Option<String>,
    /// The FHIR mapping's file name.
    pub fhir_mapping_file: Option<String>,
}

/// How the `medtech` process ends (cli.md "Exit status").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Mappings valid, no message error.
    Clean = 0,
    /// Mappings valid, a message produced an error.
    MessageErrors = 1,
    /// A mapping is invalid.
    InvalidMapping = 2,
    /// Usage or I/O problem.
    Usage = 3,
}

impl Report {
    /// An empty report for mappings with the given validity.
    pub fn new(mappings_valid: bool) -> Report {
        Report {
            mappings_valid,
            device_mapping_valid: mappings_valid,
            ..Report::default()
        }
    }

    /// Appends one message's outcome, re-indexing its trace's error references.
    pub fn add_message(&mut self, mut outcome: MessageOutcome) {
        outcome
            .trace
            .shift(self.diagnostics.len(), self.measurements.len());
        self.measurements.extend(outcome.measurements);
        self.diagnostics.extend(outcome.diagnostics);
        self.messages.push(outcome.trace);
    }

    /// The exit status cli.md prescribes for this report.
    pub fn exit_status(&self) -> ExitStatus {
        if !self.mappings_valid {
            ExitStatus::InvalidMapping
        } else if self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            ExitStatus::MessageErrors
        } else {
            ExitStatus::Clean
        }
    }

    /// Counts of errors, warnings and infos.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |s| self.diagnostics.iter().filter(|d| d.severity == s).count();
        (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )
    }

    /// The `--format json` report. With `redact`, values taken from messages are masked.
    pub fn to_json(&self, redact: bool, message_files: &dyn Fn(usize) -> Option<String>) -> Json {
        let measurements: Vec<Json> = self
            .measurements
            .iter()
            .map(|m| {
                let mut json = m.to_json();
                if redact {
                    redact::mask_measurement(&mut json);
                }
                json
            })
            .collect();
        json!({
            "valid": self.mappings_valid,
            "deviceMappingValid": self.device_mapping_valid,
            "fhirMappingValid": self.fhir_mapping_valid,
            "measurements": measurements,
            "observations": self.observations.iter().map(|o| {
                let json = o.to_json();
                if redact { redact::mask_values(&json) } else { json }
            }).collect::<Vec<_>>(),
            "diagnostics": self.diagnostics.iter().map(|d| self.diagnostic_json(d, redact, message_files)).collect::<Vec<_>>(),
            "messages": self.messages.iter().map(|m| m.to_json(redact)).collect::<Vec<_>>(),
        })
    }

    /// `serde_json::to_string_pretty` of this report's JSON form (`json`, from
    /// [`Report::to_json`], members possibly removed), except that the Observations are
    /// written as the service writes them ([`ObservationText::pretty`]: decimals keep their
    /// scale, which their values in `json` cannot) unless `redact` masked their values.
    pub fn pretty_json(&self, json: &Json, redact: bool) -> String {
        let Json::Object(map) = json else {
            return serde_json::to_string_pretty(json).unwrap_or_default();
        };
        if map.is_empty() {
            return "{}".to_string();
        }
        let mut out = String::from("{");
        for (i, (name, value)) in map.iter().enumerate() {
            out.push_str(if i == 0 { "\n  " } else { ",\n  " });
            out.push_str(&serde_json::to_string(name).unwrap_or_default());
            out.push_str(": ");
            // JSON strings never hold a raw newline: every newline is layout.
            let text = if name == "observations" && !self.observations.is_empty() && !redact {
                pretty_array(self.observations.iter().map(ObservationText::pretty))
            } else {
                serde_json::to_string_pretty(value).unwrap_or_default()
            };
            out.push_str(&text.replace('\n', "\n  "));
        }
        out.push_str("\n}");
        out
    }

    /// The `file` of a finding in the report: the mapping's file, or for a finding about a
    /// message (its `source` is the message), the name `message_files` gives it.
    pub fn diagnostic_file(
        &self,
        d: &Diagnostic,
        message_files: &dyn Fn(usize) -> Option<String>,
    ) -> Option<String> {
        match d.source {
            Source::DeviceMapping => self.device_mapping_file.clone(),
            Source::FhirMapping => self.fhir_mapping_file.clone(),
            Source::Message => d.message_index.and_then(message_files),
        }
    }

    /// One entry of the report's `diagnostics` (file names from this report and
    /// `message_files`), for consumers that write the report piece by piece.
    pub fn diagnostic_json(
        &self,
        d: &Diagnostic,
        redact: bool,
        message_files: &dyn Fn(usize) -> Option<String>,
    ) -> Json {
        let file = self.diagnostic_file(d, message_files);
        let mask = |text| redact::finding_text(d, redact, text).into_owned();
        let mut map = Map::new();
        map.insert("severity".into(), json!(d.severity.as_str()));
        map.insert("code".into(), json!(d.code.as_str()));
        map.insert(
            "medtechError".into(),
            json!(d.medtech_error.map(|e| e.as_str())),
        );
        map.insert("message".into(), json!(mask(&d.message)));
        map.insert("source".into(), json!(d.source.as_str()));
        map.insert("file".into(), json!(file));
        map.insert("messageIndex".into(), json!(d.message_index));
        map.insert("line".into(), json!(d.position.map(|p| p.0)));
        map.insert("column".into(), json!(d.position.map(|p| p.1)));
        map.insert("pointer".into(), json!(d.pointer));
        map.insert(
            "referencePosition".into(),
            json!(d.reference_position.map(|(l, p)| [l, p])),
        );
        map.insert("help".into(), json!(d.help.as_deref().map(mask)));
        map.insert(
            "causes".into(),
            Json::Array(d.causes.iter().map(|c| json!(mask(c))).collect()),
        );
        Json::Object(map)
    }

    /// Writes [`Report::diagnostic_json`]'s value to `w` without building it.
    pub fn write_diagnostic_json(
        &self,
        d: &Diagnostic,
        redact: bool,
        message_files: &dyn Fn(usize) -> Option<String>,
        w: &mut JsonWriter<'_>,
    ) {
        self.write_diagnostic_json_with(d, redact, message_files, w, &mut |_| {});
    }

    /// [`Report::write_diagnostic_json`], with members `extra` writes after the others (the
    /// wasm module's editor `range`).
    pub fn write_diagnostic_json_with(
        &self,
        d: &Diagnostic,
        redact: bool,
        message_files: &dyn Fn(usize) -> Option<String>,
        w: &mut JsonWriter<'_>,
        extra: &mut dyn FnMut(&mut JsonWriter<'_>),
    ) {
        let file = self.diagnostic_file(d, message_files);
        let file = file.as_deref();
        let mask = |text| redact::finding_text(d, redact, text);
        w.begin_object();
        w.name("severity").string(d.severity.as_str());
        w.name("code").string(d.code.as_str());
        w.name("medtechError")
            .string_or_null(d.medtech_error.map(|e| e.as_str()));
        w.name("message").string(&mask(&d.message));
        w.name("source").string(d.source.as_str());
        w.name("file").string_or_null(file);
        w.name("messageIndex")
            .unsigned_or_null(d.message_index.map(|i| i as u64));
        w.name("line")
            .unsigned_or_null(d.position.map(|p| u64::from(p.0)));
        w.name("column")
            .unsigned_or_null(d.position.map(|p| u64::from(p.1)));
        w.name("pointer").string_or_null(d.pointer.as_deref());
        w.name("referencePosition");
        match d.reference_position {
            Some((line, position)) => {
                w.begin_array()
                    .unsigned(u64::from(line))
                    .unsigned(u64::from(position))
                    .end_array();
            }
            None => {
                w.null();
            }
        }
        w.name("help")
            .string_or_null(d.help.as_deref().map(mask).as_deref());
        w.name("causes").begin_array();
        for cause in &d.causes {
            w.string(&mask(cause));
        }
        w.end_array();
        extra(w);
        w.end_object();
    }
}

/// A JSON array of pretty-printed elements, laid out as `serde_json::to_string_pretty` does.
pub fn pretty_array(elements: impl Iterator<Item = String>) -> String {
    let mut out = String::from("[");
    let mut any = false;
    for element in elements {
        out.push_str(if any { ",\n  " } else { "\n  " });
        out.push_str(&element.replace('\n', "\n  "));
        any = true;
    }
    out.push_str(if any { "\n]" } else { "]" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn written_diagnostics_are_the_pretty_text_of_their_json() {
        let report = Report {
            device_mapping_file: Some("device \"mapping\".json".into()),
            ..Report::default()
        };
        let full = Diagnostic {
            position: Some((3, 14)),
            pointer: Some("/template/0/values/1".into()),
            reference_position: Some((1, 27)),
            causes: vec!["first 'value' cause".into(), "\u{1}\n".into()],
            ..Diagnostic::error(
                Code::EvalRequiredMissing,
                Source::Message,
                "Unable to extract 'secret' value",
            )
            .in_message(7)
            .with_help("Look at 'it'.")
        };
        let samples = [
            full.clone(),
            Diagnostic {
                source: Source::DeviceMapping,
                message_index: None,
                ..full.clone()
            },
            Diagnostic {
                message_index: Some(8),
                ..full
            },
            Diagnostic::warning(Code::EvalNoMeasurements, Source::FhirMapping, "plain"),
        ];
        let files = |i: usize| (i == 7).then(|| "messages.ndjson:8".to_string());
        for d in &samples {
            for redact in [false, true] {
                let json = report.diagnostic_json(d, redact, &files);
                let mut out = Vec::new();
                report.write_diagnostic_json(
                    d,
                    redact,
                    &files,
                    &mut JsonWriter::pretty(&mut out, 2),
                );
                let expected = serde_json::to_string_pretty(&json)
                    .unwrap()
                    .replace('\n', "\n    ");
                assert_eq!(String::from_utf8(out).unwrap(), expected);
            }
        }
    }
}
