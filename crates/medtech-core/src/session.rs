//! A debugging session: a device mapping loaded once, then any number of messages run through
//! it, one at a time (so a CLI can stream NDJSON and a browser can re-run on every keystroke).

use crate::device_mapping::{load_device_mapping, LoadedDeviceMapping};
use crate::diagnostic::{Code, Diagnostic, MedTechError, Source};
use crate::envelope::Envelope;
use crate::normalize::trace::MessageTrace;
use crate::normalize::{Detail, KnownNames, MessageOutcome, Normalizer};
use medtech_json::{read, read::ReadErrorKind, Document, LineIndex, ReadOptions};

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
        let mut outcome = MessageOutcome {
            measurements: Vec::new(),
            trace: MessageTrace {
                file: file.map(str::to_string),
                index,
                templates: Vec::new(),
            },
            diagnostics: Vec::new(),
        };
        if !self.is_valid() {
            return outcome;
        }
        let body = if text.is_empty() {
            Ok(Document::new())
        } else {
            read(text, &ReadOptions::default())
        };
        let mut doc = match body {
            Ok(doc) => doc,
            Err(error) => {
                outcome.diagnostics.push(body_error(&error, index));
                return outcome;
            }
        };
        let body = doc.root();
        let body_end = doc.len();
        let root = self.options.envelope.wrap(&mut doc, body, index);
        let mut result = self.normalizer.run(
            &mut doc,
            root,
            index,
            self.options.envelope.ingestion_time(),
            detail,
            Some(KnownNames {
                body_end,
                envelope: self.envelope_names,
            }),
        );
        result.trace.file = file.map(str::to_string);
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
        doc.recycle();
        result
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
