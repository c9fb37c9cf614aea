//! A debugging session: a device mapping loaded once, then any number of messages run through
//! it, one at a time (so a CLI can stream NDJSON and a browser can re-run on every keystroke).

use crate::device_mapping::{load_device_mapping, LoadedDeviceMapping};
use crate::diagnostic::{Code, Diagnostic, MedTechError, Source};
use crate::envelope::{Envelope, EnvelopeArena};
use crate::normalize::trace::MessageTrace;
use crate::normalize::{Detail, KnownNames, MessageOutcome, Normalizer};
use medtech_json::{read, read::ReadErrorKind, Document, LineIndex, NodeId, ReadOptions};

/// Settings of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// How messages become the document the templates see.
    pub envelope: Envelope,
    /// How Observations are built from the measurements.
    pub fhir: FhirOptions,
    /// How much of the per-template trace [`crate::debug`] records (the measurements,
    /// findings and Observations are the same either way).
    pub detail: Detail,
}

/// How Patient, Device and Encounter references are resolved (cli.md `--identity`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IdentityMode {
    /// The service creates the Patient and Device it does not find (ids derived from the
    /// message's identifiers).
    #[default]
    Create,
    /// The resources must exist; they are looked up in [`FhirOptions::resources`].
    Lookup,
    /// Lookup, and every measurement must carry an encounter id.
    LookupWithEncounter,
}

impl IdentityMode {
    /// Parses `create` / `lookup`.
    pub fn parse(text: &str) -> Option<IdentityMode> {
        match text {
            "create" => Some(IdentityMode::Create),
            "lookup" => Some(IdentityMode::Lookup),
            "lookupWithEncounter" | "lookup-with-encounter" => {
                Some(IdentityMode::LookupWithEncounter)
            }
            _ => None,
        }
    }
}

/// A named text given to the core (the core reads no files).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it came from (a file name), for findings.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// Settings of the FHIR stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FhirOptions {
    /// Identity resolution mode.
    pub identity: IdentityMode,
    /// Patient, Device and Encounter resources (or Bundles) known to the FHIR server.
    pub resources: Vec<SourceFile>,
    /// Observations the FHIR server already holds (merged into, as the service does).
    pub existing: Vec<SourceFile>,
    /// Simulate the service writing batch by batch, `batch_size` units per batch (default: one
    /// batch).
    pub batch_size: Option<usize>,
    /// What `batch_size` counts: normalized measurements (the service's own unit) or messages.
    pub batch_unit: crate::fhir::BatchUnit,
    /// The service's `DefaultDeviceIdentifierSystem` setting (none by default).
    pub device_identifier_system: Option<String>,
}

/// A loaded device mapping ready to run messages.
#[derive(Debug)]
pub struct Session {
    /// The loaded mapping, its document and load diagnostics.
    pub device: LoadedDeviceMapping,
    /// Positioned load diagnostics of the device mapping.
    pub diagnostics: Vec<Diagnostic>,
    normalizer: Normalizer,
    device_index: LineIndex,
    options: Options,
    /// The member names of the envelope every message is wrapped in.
    envelope_names: medtech_jsonpath::MemberNames,
    /// The envelope's nodes, built once and kept between messages (event envelopes only; taken
    /// by the message being run, so concurrent runs each build their own).
    envelope_arena: std::sync::Mutex<Option<EnvelopeArena>>,
}

impl Session {
    /// Loads the device mapping text.
    pub fn new(device_mapping: &str, options: Options) -> Session {
        let device = load_device_mapping(device_mapping);
        let index = LineIndex::new(device_mapping);
        let diagnostics = device
            .diagnostics
            .iter()
            .cloned()
            .map(|d| position(d, &index))
            .collect();
        let normalizer = Normalizer::new(&device.mapping);
        let envelope_names = options.envelope.member_names();
        Session {
            device,
            diagnostics,
            normalizer,
            device_index: index,
            options,
            envelope_names,
            envelope_arena: std::sync::Mutex::new(None),
        }
    }

    /// Whether the service would accept the device mapping.
    pub fn is_valid(&self) -> bool {
        self.device.valid
    }

    /// The run's options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Runs one message (its text as the event body). Messages are not evaluated when the
    /// mapping is invalid, as in the service and its validator.
    pub fn run_message(&self, index: usize, file: Option<&str>, text: &str) -> MessageOutcome {
        self.run_message_with(index, file, text, Detail::Trace)
    }

    /// Like [`Session::run_message`], recording as much of the trace as `detail` asks: the
    /// measurements and findings are the same either way.
    pub fn run_message_with(
        &self,
        index: usize,
        file: Option<&str>,
        text: &str,
        detail: Detail,
    ) -> MessageOutcome {
        if !self.is_valid() {
            return not_evaluated(index, file, Vec::new());
        }
        // An event envelope is built once and kept: the body is read after its nodes.
        let arena = self
            .envelope_arena
            .lock()
            .ok()
            .and_then(|mut cached| cached.take())
            .or_else(|| EnvelopeArena::new(&self.options.envelope));
        let read = match arena {
            Some(arena) => self.read_after_envelope(arena, text, index),
            None => self.read_and_wrap(text, index),
        };
        let (mut doc, root, known, arena) = match read {
            Ok(read) => read,
            Err(error) => return not_evaluated(index, file, vec![body_error(&error, index)]),
        };
        let result = self.evaluate(&mut doc, root, known, (index, file, text), detail);
        match arena {
            // Kept unless a huge message grew it: then the next message builds a new one.
            Some(mut arena) if doc.capacity() <= medtech_json::document::SPARE_CAPACITY => {
                arena.doc = doc;
                arena.reset();
                if let Ok(mut cached) = self.envelope_arena.lock() {
                    *cached = Some(arena);
                }
            }
            _ => doc.recycle(),
        }
        result
    }

    /// Runs the templates on a message's document and locates the findings, given the
    /// message's index, file name and text.
    fn evaluate(
        &self,
        doc: &mut Document,
        root: NodeId,
        known: KnownNames,
        (index, file, text): (usize, Option<&str>, &str),
        detail: Detail,
    ) -> MessageOutcome {
        let mut result = self.normalizer.run(
            doc,
            root,
            index,
            self.options.envelope.ingestion_time(),
            detail,
            Some(known),
        );
        result.trace.file = file.map(str::to_string);
        self.locate(&mut result, doc, root, text);
        result
    }

    /// Reads the body after the kept envelope's nodes and attaches it (an empty text is an
    /// empty body). On an error the arena goes with it: the next message builds one.
    fn read_after_envelope(
        &self,
        mut arena: EnvelopeArena,
        text: &str,
        index: usize,
    ) -> Result<ReadMessage, medtech_json::ReadError> {
        let body_start = arena.body_start();
        let body = arena.read_body(text)?;
        let body_end = arena.doc.len();
        let root = arena.attach(body, index);
        let known = KnownNames {
            body_start,
            body_end,
            envelope: self.envelope_names,
        };
        Ok((std::mem::take(&mut arena.doc), root, known, Some(arena)))
    }

    /// Reads the body into an arena of its own and wraps it (the raw envelope: the body is
    /// the document).
    fn read_and_wrap(
        &self,
        text: &str,
        index: usize,
    ) -> Result<ReadMessage, medtech_json::ReadError> {
        let mut doc = if text.is_empty() {
            Document::new()
        } else {
            read(text, &ReadOptions::default())?
        };
        let body = doc.root();
        let body_end = doc.len();
        let root = self.options.envelope.wrap(&mut doc, body, index);
        let known = KnownNames {
            body_start: 0,
            body_end,
            envelope: self.envelope_names,
        };
        Ok((doc, root, known, None))
    }

    /// Gives the findings of a message their line and column: device-mapping findings from
    /// the mapping's text, message findings from their span or pointer in `doc`.
    fn locate(&self, result: &mut MessageOutcome, doc: &Document, root: NodeId, text: &str) {
        let mut line_index: Option<LineIndex> = None;
        for diagnostic in &mut result.diagnostics {
            if diagnostic.source == Source::DeviceMapping && diagnostic.position.is_none() {
                *diagnostic = position(diagnostic.clone(), &self.device_index);
            }
            if diagnostic.source == Source::Message {
                if diagnostic.span.is_none() {
                    if let Some(node) = diagnostic
                        .pointer
                        .as_deref()
                        .and_then(|p| doc.at_pointer(root, p))
                    {
                        let span = doc.span(node);
                        if !span.is_synthetic() {
                            diagnostic.span = Some(span);
                        }
                    }
                }
                if let Some(span) = diagnostic.span {
                    // Built only when a finding needs it: most messages have none.
                    let index = line_index.get_or_insert_with(|| LineIndex::new(text));
                    let p = index.position(span.start as usize);
                    diagnostic.position = Some((p.line, p.column));
                }
            }
        }
    }
}

/// A message's document, the root the templates see, where its body's nodes are, and the kept
/// envelope it was read into (if any).
type ReadMessage = (Document, NodeId, KnownNames, Option<EnvelopeArena>);

/// The outcome of a message that is not evaluated (invalid mapping, unreadable body).
fn not_evaluated(index: usize, file: Option<&str>, diagnostics: Vec<Diagnostic>) -> MessageOutcome {
    MessageOutcome {
        measurements: Vec::new(),
        trace: MessageTrace {
            file: file.map(str::to_string),
            index,
            templates: Vec::new(),
        },
        diagnostics,
    }
}

/// The finding for an event body the reader rejects (`EventMessageJObjectConverter`): reader
/// errors become InvalidDataFormatException and the event is skipped; other exceptions (a date
/// beyond year 9999) escape and fail the batch.
fn body_error(error: &medtech_json::ReadError, index: usize) -> Diagnostic {
    let mut diagnostic = match error.kind {
        ReadErrorKind::Syntax | ReadErrorKind::Empty => Diagnostic::error(
            Code::MessageSyntax,
            Source::Message,
            "Invalid event message. Cannot be parsed into a JSON object.",
        )
        .with_medtech_error(Some(MedTechError::InvalidDataFormatException))
        .with_cause(error.message.clone())
        .with_help("The service skips this event: no measurement is produced from it."),
        ReadErrorKind::DateOutOfRange | ReadErrorKind::Unsupported => Diagnostic::error(
            Code::MessageSyntax,
            Source::Message,
            error.message.clone(),
        )
        .with_medtech_error(Some(MedTechError::NormalizationDataMappingException))
        .with_help(
            "Newtonsoft.Json throws this while reading the body, outside the reader errors the service turns into InvalidDataFormatException: the service logs NormalizationDataMappingException and, with the default error policy, retries the batch.",
        ),
    }
    .in_message(index);
    diagnostic.span = Some(medtech_json::Span::new(error.offset, error.offset));
    diagnostic.position = Some((error.line, error.column));
    diagnostic
}

/// Fills `position` from `span` with the text's line index.
pub fn position(mut diagnostic: Diagnostic, index: &LineIndex) -> Diagnostic {
    if diagnostic.position.is_none() {
        if let Some(span) = diagnostic.span {
            let p = index.position(span.start as usize);
            diagnostic.position = Some((p.line, p.column));
        } else if let Some((line, _)) = diagnostic.reference_position {
            diagnostic.position = Some((line, 1));
        }
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::EnvelopeKind;

    /// A message run the plain way: its body read into an arena of its own, then wrapped.
    fn run_wrapped(
        session: &Session,
        index: usize,
        file: Option<&str>,
        text: &str,
        detail: Detail,
    ) -> MessageOutcome {
        match session.read_and_wrap(text, index) {
            Ok((mut doc, root, known, _)) => {
                session.evaluate(&mut doc, root, known, (index, file, text), detail)
            }
            Err(error) => not_evaluated(index, file, vec![body_error(&error, index)]),
        }
    }

    const MAPPING: &str = r#"{"templateType": "CollectionContent", "template": [
      {"templateType": "IotJsonPathContent", "template": {"typeName": "hr",
        "typeMatchExpression": "$..[?(@Body.hr)]",
        "values": [{"valueName": "hr", "valueExpression": "$.Body.hr", "required": true}]}},
      {"templateType": "CalculatedContent", "template": {"typeName": "seq",
        "typeMatchExpression": "$..[?(@x)]",
        "deviceIdExpression": "$.SystemProperties.iothub-connection-device-id",
        "timestampExpression": "$.SystemProperties.iothub-enqueuedtime",
        "values": [
          {"valueName": "seq", "valueExpression": "$.SystemProperties.x-opt-sequence-number", "required": true},
          {"valueName": "offset", "valueExpression": "$.SystemProperties.x-opt-offset", "required": true},
          {"valueName": "x", "valueExpression": "$.matchedToken.x", "required": true}]}}]}"#;

    #[test]
    fn a_kept_envelope_gives_each_message_what_wrapping_its_body_gives() {
        let big = format!(r#"{{"x": 3, "big": [{}0]}}"#, "0,".repeat(20_000));
        let texts: Vec<&str> = vec![
            r#"{"hr": 60}"#,
            r#"{"x": 1}"#,
            "",
            "{ bad",
            r#"{"x": 2, "hr": 70}"#,
            &big,
            r#"{"x": 4}"#,
            r#"{"Hr": 1}"#,
            r#"{"x": "2024-03-01T10:00:00+02:00", "X": 5}"#,
        ];
        for kind in [EnvelopeKind::EventHub, EnvelopeKind::IotHub] {
            for detail in [Detail::Trace, Detail::Findings] {
                let options = Options {
                    envelope: Envelope {
                        kind,
                        ..Envelope::default()
                    },
                    ..Options::default()
                };
                let kept = Session::new(MAPPING, options.clone());
                assert!(kept.is_valid());
                let mut measured = 0;
                for (index, text) in texts.iter().enumerate() {
                    let expected = run_wrapped(&kept, index, Some("m.json"), text, detail);
                    let got = kept.run_message_with(index, Some("m.json"), text, detail);
                    assert_eq!(got, expected, "{kind:?} {detail:?} message {index}");
                    measured += got.measurements.len();
                    // The arena kept holds only the envelope again (none after a read error
                    // or a message too large to keep).
                    let cached = kept.envelope_arena.lock().unwrap();
                    if let Some(arena) = cached.as_ref() {
                        assert_eq!(arena.doc.len(), arena.body_start(), "message {index}");
                    }
                }
                if kind == EnvelopeKind::IotHub {
                    assert!(
                        measured >= 6,
                        "the messages produce measurements: {measured}"
                    );
                }
            }
        }
    }
}
