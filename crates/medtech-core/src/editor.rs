//! The core as text editors use it (the web app and the wasm module): a pasted batch of device
//! messages run as one batch, and every finding placed in the editor its text came from, with
//! 1-based lines and columns counted in UTF-16 code units (what browser editors count, unlike the
//! report's columns, which count characters).
//!
//! A message cut out of a pasted batch (a JSON array or NDJSON, see [`crate::batch`]) has its
//! findings located inside its own text; [`Locator`] adds the slice's offset so a marker lands on
//! the right line of the whole editor text.

use crate::batch::{split_messages, BatchShape};
use crate::diagnostic::{Diagnostic, Source};
use crate::envelope::Envelope;
use crate::report::Report;
use crate::session::Options;
use medtech_json::{read, LineIndex, ReadOptions, Span};

/// Which editor a location is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EditorId {
    /// The device mapping.
    DeviceMapping,
    /// The FHIR destination mapping.
    FhirMapping,
    /// The device message(s).
    Messages,
}

impl EditorId {
    /// `device` / `fhir` / `messages`.
    pub fn as_str(self) -> &'static str {
        match self {
            EditorId::DeviceMapping => "device",
            EditorId::FhirMapping => "fhir",
            EditorId::Messages => "messages",
        }
    }
}

/// A place in an editor's text: 1-based line, 1-based column in UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EditorPosition {
    /// Line number.
    pub line: u32,
    /// Column in UTF-16 code units.
    pub column: u32,
}

/// A range of an editor's text (end exclusive; equal to start for a point).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EditorRange {
    /// Which editor.
    pub editor: EditorId,
    /// Where it starts.
    pub start: EditorPosition,
    /// Where it ends.
    pub end: EditorPosition,
    /// Byte offsets of start and end in the editor's text.
    pub bytes: (usize, usize),
}

/// A pasted batch of messages run through both mappings.
#[derive(Clone, Debug)]
pub struct BatchRun {
    /// How the messages text was split.
    pub shape: BatchShape,
    /// Byte offset and length of each message in the messages text.
    pub slices: Vec<(usize, usize)>,
    /// The report (messages indexed in batch order).
    pub report: Report,
}

/// Splits `messages` (one message, a JSON array or NDJSON) and runs the messages through the
/// mappings as one batch with [`crate::debug`].
pub fn debug_batch(
    device_mapping: &str,
    fhir_mapping: Option<&str>,
    messages: &str,
    options: &Options,
) -> BatchRun {
    let (shape, parts) = split_messages(messages);
    let slices: Vec<(usize, usize)> = parts.iter().map(|s| (s.offset, s.text.len())).collect();
    let inputs: Vec<(Option<String>, String)> =
        parts.iter().map(|s| (None, s.text.to_string())).collect();
    let report = crate::debug(device_mapping, fhir_mapping, &inputs, options);
    BatchRun {
        shape,
        slices,
        report,
    }
}

/// Places byte spans and diagnostics in the three editor texts.
#[derive(Clone, Debug)]
pub struct Locator {
    device: LineIndex,
    fhir: LineIndex,
    messages: LineIndex,
    slices: Vec<(usize, usize)>,
}

impl Locator {
    /// Indexes the three texts; `slices` are the messages' (offset, length) in `messages`.
    pub fn new(device: &str, fhir: &str, messages: &str, slices: &[(usize, usize)]) -> Locator {
        Locator {
            device: LineIndex::new(device),
            fhir: LineIndex::new(fhir),
            messages: LineIndex::new(messages),
            slices: slices.to_vec(),
        }
    }

    fn index(&self, editor: EditorId) -> &LineIndex {
        match editor {
            EditorId::DeviceMapping => &self.device,
            EditorId::FhirMapping => &self.fhir,
            EditorId::Messages => &self.messages,
        }
    }

    /// The range of byte offsets `start..end` of an editor's text (clamped to the text).
    pub fn range(&self, editor: EditorId, start: usize, end: usize) -> EditorRange {
        let index = self.index(editor);
        let len = index.text().len();
        let start = start.min(len);
        let end = end.clamp(start, len);
        let (a, b) = (index.position(start), index.position(end));
        EditorRange {
            editor,
            start: EditorPosition {
                line: a.line,
                column: a.column_utf16,
            },
            end: EditorPosition {
                line: b.line,
                column: b.column_utf16,
            },
            bytes: (start, end),
        }
    }

    /// The range of `span` of message `message` (a span in that message's own text).
    pub fn message_range(&self, message: usize, span: Span) -> Option<EditorRange> {
        let (offset, len) = *self.slices.get(message)?;
        let start = offset + (span.start as usize).min(len);
        let end = offset + (span.end as usize).min(len);
        Some(self.range(EditorId::Messages, start, end))
    }

    /// Where a diagnostic belongs: its span, else its line (and column), else — for a message
    /// finding without a place — the start of its message. `None` for a mapping finding with
    /// no place.
    pub fn locate(&self, diagnostic: &Diagnostic) -> Option<EditorRange> {
        self.locate_as(diagnostic, diagnostic.message_index)
    }

    /// [`Locator::locate`] for a message finding as if it were about message `message_index`
    /// of this locator's texts (a caller that indexes each message's text on its own).
    pub fn locate_as(
        &self,
        diagnostic: &Diagnostic,
        message_index: Option<usize>,
    ) -> Option<EditorRange> {
        let editor = match diagnostic.source {
            Source::DeviceMapping => EditorId::DeviceMapping,
            Source::FhirMapping => EditorId::FhirMapping,
            Source::Message => EditorId::Messages,
        };
        if editor == EditorId::Messages {
            let message = message_index?;
            let (offset, len) = *self.slices.get(message)?;
            if let Some(span) = diagnostic.span {
                return self.message_range(message, span);
            }
            let local = diagnostic.position.and_then(|(line, column)| {
                let text = self.messages.text().get(offset..offset + len)?;
                LineIndex::new(text).offset_at(line, column)
            });
            let start = offset + local.unwrap_or(0);
            return Some(self.range(editor, start, start));
        }
        if let Some(span) = diagnostic.span {
            return Some(self.range(editor, span.start as usize, span.end as usize));
        }
        let (line, column) = diagnostic.position?;
        let index = self.index(editor);
        let offset = index
            .offset_at(line, column)
            .or_else(|| index.line_start(line))?;
        Some(self.range(editor, offset, offset))
    }

    /// The ranges of the tokens at `pointers` (RFC 6901, into the document the templates saw)
    /// in message `message`, reading the message once. A pointer to an envelope member or a
    /// computed value gives `None`.
    pub fn pointer_ranges(
        &self,
        message: usize,
        envelope: &Envelope,
        pointers: &[&str],
    ) -> Vec<Option<EditorRange>> {
        let Some(&(offset, len)) = self.slices.get(message) else {
            return vec![None; pointers.len()];
        };
        let text = self.messages.text().get(offset..offset + len).unwrap_or("");
        let Ok(mut doc) = read(text, &ReadOptions::default()) else {
            return vec![None; pointers.len()];
        };
        let body = doc.root();
        let root = envelope.wrap(&mut doc, body, message);
        pointers
            .iter()
            .map(|pointer| {
                let node = doc.at_pointer(root, pointer)?;
                let span = doc.span(node);
                if span.is_synthetic() {
                    return None;
                }
                self.message_range(message, span)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::envelope::EnvelopeKind;

    const DEVICE: &str = r#"{"templateType": "CollectionContent", "template": [{
  "templateType": "CalculatedContent",
  "template": {"typeName": "hr", "typeMatchExpression": "$..[?(@heartRate)]",
    "deviceIdExpression": "$.matchedToken.deviceId", "timestampExpression": "$.matchedToken.t",
    "values": [{"valueName": "hr", "valueExpression": "$.matchedToken.heartRate", "required": true}]}}]}"#;

    fn run(messages: &str) -> (BatchRun, Locator) {
        let run = debug_batch(DEVICE, None, messages, &Options::default());
        let locator = Locator::new(DEVICE, "", messages, &run.slices);
        (run, locator)
    }

    #[test]
    fn batch_of_ndjson_messages_is_one_run() {
        let text = "{\"heartRate\": 1, \"deviceId\": \"a\", \"t\": \"2020-01-01T00:00:00Z\"}\n{\"heartRate\": 2, \"deviceId\": \"b\", \"t\": \"2020-01-01T00:00:00Z\"}\n";
        let (run, _) = run(text);
        assert_eq!(run.shape, BatchShape::Ndjson);
        assert_eq!(run.report.measurements.len(), 2);
        assert_eq!(run.report.measurements[1].device_id, "b");
        assert_eq!(run.report.measurements[1].message_index, 1);
    }

    #[test]
    fn run_time_errors_point_at_the_expression_and_name_the_message() {
        // The second element of the array lacks its device id: the error points at the
        // template's expression and names message 1.
        let text = "[\n  {\"heartRate\": 1, \"deviceId\": \"a\", \"t\": \"2020-01-01T00:00:00Z\"},\n  {\"heartRate\": 2, \"t\": \"2020-01-01T00:00:00Z\"}\n]";
        let (run, locator) = run(text);
        assert_eq!(run.shape, BatchShape::Array);
        let error = run
            .report
            .diagnostics
            .iter()
            .find(|d| d.message_index == Some(1) && d.severity == crate::Severity::Error)
            .expect("an error for message 1");
        let range = locator.locate(error).expect("located");
        assert_eq!(range.editor, EditorId::DeviceMapping);
        assert_eq!(range.start.line, 4);
    }

    #[test]
    fn message_finding_lands_on_the_line_of_the_whole_text() {
        let text = "[\n  {\"a\": 1},\n  {\"b\": 2}\n]";
        let second = text.find("{\"b").expect("second");
        let locator = Locator::new("", "", text, &[(4, 8), (second, 8)]);
        let mut finding =
            Diagnostic::error(Code::MessageSyntax, Source::Message, "x").in_message(1);
        finding.span = Some(Span::new(1, 4));
        let range = locator.locate(&finding).expect("located");
        assert_eq!((range.start.line, range.start.column), (3, 4));
        assert_eq!(&text[range.bytes.0..range.bytes.1], "\"b\"");
        // Without a span, the line and column inside the message are used.
        finding.span = None;
        finding.position = Some((1, 2));
        let range = locator.locate(&finding).expect("located");
        assert_eq!((range.start.line, range.start.column), (3, 4));
        // Without either, the start of the message.
        finding.position = None;
        let range = locator.locate(&finding).expect("located");
        assert_eq!((range.start.line, range.start.column), (3, 3));
    }

    #[test]
    fn syntax_error_in_a_single_message_is_located() {
        let text = "{\n  \"heartRate\": 1,\n  \"deviceId\": \n}";
        let (run, locator) = run(text);
        let error = run
            .report
            .diagnostics
            .iter()
            .find(|d| d.source == Source::Message)
            .expect("a message error");
        let range = locator.locate(error).expect("located");
        assert_eq!(range.start.line, 4);
    }

    #[test]
    fn device_mapping_findings_are_located_in_the_device_editor() {
        let device = "{\"templateType\": \"CollectionContent\",\n \"template\": [{\"templateType\": \"Nope\", \"template\": {}}]}";
        let run = debug_batch(device, None, "", &Options::default());
        let locator = Locator::new(device, "", "", &run.slices);
        let located: Vec<_> = run
            .report
            .diagnostics
            .iter()
            .filter_map(|d| locator.locate(d))
            .collect();
        assert!(!located.is_empty());
        assert!(located
            .iter()
            .all(|r| r.editor == EditorId::DeviceMapping && r.start.line == 2));
    }

    #[test]
    fn columns_count_utf16_units() {
        let text = "{\"a\": \"😀\", \"b\": 1}";
        let locator = Locator::new("", "", text, &[(0, text.len())]);
        let b = text.find("\"b\"").expect("b");
        let range = locator.range(EditorId::Messages, b, b + 3);
        // `{"a": "` is 7 units, the emoji 2, `", ` 3: "b" starts at column 13.
        assert_eq!(range.start.column, 13);
        assert_eq!(range.end.column, 16);
    }

    #[test]
    fn out_of_range_inputs_are_clamped_not_panicking() {
        let locator = Locator::new("{}", "", "x", &[(0, 1)]);
        let range = locator.range(EditorId::DeviceMapping, 10, 2);
        assert_eq!(range.bytes, (2, 2));
        assert!(locator.message_range(5, Span::new(0, 1)).is_none());
        assert_eq!(
            locator.pointer_ranges(3, &Envelope::default(), &["/a"]),
            vec![None]
        );
    }

    #[test]
    fn pointers_of_the_enveloped_document_map_back_to_the_message() {
        let text = "[{\"x\": 1}, {\"heartRate\": 7}]";
        let locator = Locator::new("", "", text, &[(1, 8), (11, 16)]);
        let envelope = Envelope {
            kind: EnvelopeKind::EventHub,
            ..Envelope::default()
        };
        let ranges = locator.pointer_ranges(
            1,
            &envelope,
            &["/Body/heartRate", "/SystemProperties/x-opt-offset", "/Body"],
        );
        let hr = ranges[0].expect("heartRate located");
        assert_eq!(&text[hr.bytes.0..hr.bytes.1], "7");
        assert_eq!(ranges[1], None);
        let body = ranges[2].expect("body located");
        assert_eq!(&text[body.bytes.0..body.bytes.1], "{\"heartRate\": 7}");
        let raw = locator.pointer_ranges(1, &Envelope::default(), &[""]);
        assert_eq!(raw[0].map(|r| r.bytes), Some((11, 27)));
    }
}
