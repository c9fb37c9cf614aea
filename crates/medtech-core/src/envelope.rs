//! How a device message becomes the document the templates see (device-mapping.md §2, cli.md).
//!
//! * [`Envelope::Raw`]: the message's JSON *is* that document, as the reference validator and the
//!   portal's mapping debugger treat a pasted test message.
//! * [`Envelope::EventHub`]: the message is the event body, wrapped as
//!   `{"Body": …, "Properties": {}, "SystemProperties": {x-opt-…}}`.
//! * [`Envelope::IotHub`]: likewise with the properties IoT Hub routing adds.
//!
//! Envelope nodes are synthetic (no span); the body keeps the spans of the message text, so a
//! finding inside `Body` still points at the right line of the file.

use compact_str::ToCompactString;
use medtech_json::{DateKind, DateTime, Document, Member, NodeId, Span, Str, Value};

/// The instant used for enqueued and creation times when none is given, so runs are
/// reproducible: 2024-01-01T00:00:00Z.
pub const DEFAULT_INSTANT_TICKS: i64 = 638_396_640_000_000_000;

/// Which envelope to build around each message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EnvelopeKind {
    /// The message is the document.
    #[default]
    Raw,
    /// Event Hub event.
    EventHub,
    /// IoT Hub routed event.
    IotHub,
}

impl EnvelopeKind {
    /// Parses `raw` / `eventhub` / `iothub`.
    pub fn parse(text: &str) -> Option<EnvelopeKind> {
        match text {
            "raw" => Some(EnvelopeKind::Raw),
            "eventhub" => Some(EnvelopeKind::EventHub),
            "iothub" => Some(EnvelopeKind::IotHub),
            _ => None,
        }
    }

    /// The spelling [`EnvelopeKind::parse`] accepts.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvelopeKind::Raw => "raw",
            EnvelopeKind::EventHub => "eventhub",
            EnvelopeKind::IotHub => "iothub",
        }
    }
}

/// Envelope settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// Which envelope.
    pub kind: EnvelopeKind,
    /// IoT Hub `iothub-connection-device-id`.
    pub device_id: String,
    /// The event's enqueued time (UTC); also the measurements' `IngestionTimeUtc`.
    pub enqueued_time: DateTime,
    /// IoT Hub `Properties.iothub-creation-time-utc` as the device SDK sends it (a string);
    /// `None` leaves it out, so templates fall back to the enqueued time.
    pub creation_time: Option<String>,
}

impl Default for Envelope {
    fn default() -> Self {
        Envelope {
            kind: EnvelopeKind::Raw,
            device_id: "device-1".to_string(),
            enqueued_time: DateTime {
                ticks: DEFAULT_INSTANT_TICKS,
                kind: DateKind::Utc,
            },
            creation_time: Some("2024-01-01T00:00:00Z".to_string()),
        }
    }
}

impl Envelope {
    /// The `IngestionTimeUtc` the service stamps on measurements (none for raw documents,
    /// as in the reference validator).
    pub fn ingestion_time(&self) -> Option<DateTime> {
        match self.kind {
            EnvelopeKind::Raw => None,
            _ => Some(self.enqueued_time),
        }
    }

    /// The member names of the envelope's objects (the same for every message it wraps).
    pub fn member_names(&self) -> medtech_jsonpath::MemberNames {
        let mut doc = Document::new();
        self.wrap(&mut doc, None, 0);
        medtech_jsonpath::MemberNames::of_document(&doc)
    }

    /// Wraps the message `body` (already in `doc`; `None` for an empty body, which the service
    /// reads as JSON `null`) and returns the root the templates see. `sequence` is the message's
    /// position in the run (used for `x-opt-sequence-number`).
    pub fn wrap(&self, doc: &mut Document, body: Option<NodeId>, sequence: usize) -> NodeId {
        if self.kind == EnvelopeKind::Raw {
            let root = body.unwrap_or_else(|| doc.push(Value::Null, Span::SYNTHETIC));
            doc.set_root(root);
            return root;
        }
        let body = body.unwrap_or_else(|| doc.push(Value::Null, Span::SYNTHETIC));
        let enqueued = doc.push(Value::Date(self.enqueued_time), Span::SYNTHETIC);
        let sequence_number = doc.push(Value::Integer(sequence as i64), Span::SYNTHETIC);
        let offset = doc.push(Value::String(offset_text(sequence)), Span::SYNTHETIC);
        let mut properties: [(&'static str, NodeId); 1] = [("", body)];
        let mut property_count = 0;
        let mut system: [(&'static str, NodeId); 7] = [
            ("x-opt-sequence-number", sequence_number),
            ("x-opt-offset", offset),
            ("x-opt-enqueued-time", enqueued),
            ("", body),
            ("", body),
            ("", body),
            ("", body),
        ];
        let mut system_count = 3;
        if self.kind == EnvelopeKind::IotHub {
            if let Some(creation) = &self.creation_time {
                let id = doc.push(Value::String(creation.as_str().into()), Span::SYNTHETIC);
                properties[0] = ("iothub-creation-time-utc", id);
                property_count = 1;
            }
            let device = doc.push(
                Value::String(self.device_id.as_str().into()),
                Span::SYNTHETIC,
            );
            let enqueued_iot = doc.push(Value::Date(self.enqueued_time), Span::SYNTHETIC);
            let auth = doc.push(Value::String(Str::const_new("{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}")), Span::SYNTHETIC);
            let source = doc.push(Value::String(Str::const_new("Telemetry")), Span::SYNTHETIC);
            system[3] = ("iothub-connection-device-id", device);
            system[4] = ("iothub-connection-auth-method", auth);
            system[5] = ("iothub-enqueuedtime", enqueued_iot);
            system[6] = ("iothub-message-source", source);
            system_count = 7;
        }
        let properties = &properties[..property_count];
        let system = &system[..system_count];
        let properties = object(doc, properties);
        let system = object(doc, system);
        let root = object(
            doc,
            &[
                ("Body", body),
                ("Properties", properties),
                ("SystemProperties", system),
            ],
        );
        doc.set_root(root);
        root
    }
}

/// An envelope built once, at the start of an arena, for every message of a run: each message's
/// body is read after it ([`medtech_json::read_into`]) and attached with
/// [`EnvelopeArena::attach`], which also writes the message's sequence number and offset. The
/// document the templates see is the same as [`Envelope::wrap`] builds.
#[derive(Debug)]
pub struct EnvelopeArena {
    /// The envelope's nodes, then (between [`EnvelopeArena::attach`] and
    /// [`EnvelopeArena::reset`]) a message's.
    pub doc: Document,
    root: NodeId,
    /// The `null` that stands for an empty body.
    empty_body: NodeId,
    sequence: NodeId,
    offset: NodeId,
    len: usize,
}

impl EnvelopeArena {
    /// The envelope's nodes in a fresh arena (`None` for [`EnvelopeKind::Raw`], which has none).
    pub fn new(envelope: &Envelope) -> Option<EnvelopeArena> {
        if envelope.kind == EnvelopeKind::Raw {
            return None;
        }
        let mut doc = Document::reusing(64);
        let empty_body = doc.push(Value::Null, Span::SYNTHETIC);
        let root = envelope.wrap(&mut doc, Some(empty_body), 0);
        let system = doc.get(root, "SystemProperties")?;
        let sequence = doc.get(system, "x-opt-sequence-number")?;
        let offset = doc.get(system, "x-opt-offset")?;
        let len = doc.len();
        Some(EnvelopeArena {
            doc,
            root,
            empty_body,
            sequence,
            offset,
            len,
        })
    }

    /// Where a message's body starts in the arena: after the envelope's nodes.
    pub fn body_start(&self) -> usize {
        self.len
    }

    /// Reads a message's body after the envelope's nodes: its root, or `None` for an empty
    /// text. After an error the arena has lost its nodes (the next message builds a new one).
    pub fn read_body(&mut self, text: &str) -> Result<Option<NodeId>, medtech_json::ReadError> {
        if text.is_empty() {
            return Ok(None);
        }
        let doc = std::mem::take(&mut self.doc);
        self.doc = medtech_json::read_into(doc, text, &medtech_json::ReadOptions::default())?;
        Ok(self.doc.root())
    }

    /// Makes `body` (read after the envelope's nodes; `None` for an empty body, which the
    /// service reads as JSON `null`) the envelope's `Body`, writes the message's `sequence`
    /// number and offset, and returns the root the templates see.
    pub fn attach(&mut self, body: Option<NodeId>, sequence: usize) -> NodeId {
        let doc = &mut self.doc;
        let body = body.unwrap_or(self.empty_body);
        if let Value::Object(members) = &mut doc.node_mut(self.root).value {
            if let Some(first) = members.first_mut() {
                first.value = body;
            }
        }
        // The stand-in for an empty body belongs to the tree only when it is the body.
        doc.set_parent(self.empty_body, None, 0);
        doc.set_parent(body, Some(self.root), 0);
        doc.node_mut(self.sequence).value = Value::Integer(sequence as i64);
        doc.node_mut(self.offset).value = Value::String(offset_text(sequence));
        doc.set_root(self.root);
        self.root
    }

    /// Drops the message's nodes, keeping the envelope's for the next message.
    pub fn reset(&mut self) {
        self.doc.truncate(self.len);
    }
}

/// `x-opt-offset`: the message's position times 1024, as text.
fn offset_text(sequence: usize) -> Str {
    (sequence as u64).wrapping_mul(1024).to_compact_string()
}

/// Pushes an object whose members are the given nodes, re-parenting them under it (the names
/// are static: no copy).
fn object(doc: &mut Document, members: &[(&'static str, NodeId)]) -> NodeId {
    let id = doc.push(Value::Null, Span::SYNTHETIC);
    let mut list = Vec::with_capacity(members.len());
    for (slot, (name, value)) in members.iter().enumerate() {
        doc.set_parent(*value, Some(id), slot as u32);
        list.push(Member::synthetic(Str::const_new(name), *value));
    }
    doc.node_mut(id).value = Value::Object(list);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iothub_envelope_names_the_body_under_body() {
        let mut doc = Document::from_serde(&serde_json::json!({"hr": 1}));
        let body = doc.root();
        let envelope = Envelope {
            kind: EnvelopeKind::IotHub,
            ..Envelope::default()
        };
        let root = envelope.wrap(&mut doc, body, 0);
        let body = doc.get(root, "Body").unwrap();
        let hr = doc.get(body, "hr").unwrap();
        assert_eq!(doc.pointer(hr), "/Body/hr");
        let system = doc.get(root, "SystemProperties").unwrap();
        assert!(doc.get(system, "iothub-connection-device-id").is_some());
        let props = doc.get(root, "Properties").unwrap();
        assert!(doc.get(props, "iothub-creation-time-utc").is_some());
    }

    /// The document, the root's JSON and every reachable node's pointer and span.
    fn shape(doc: &Document, root: NodeId) -> (serde_json::Value, Vec<(String, Span)>) {
        let mut nodes = Vec::new();
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            nodes.push((doc.pointer(id), doc.span(id)));
            match doc.value(id) {
                Value::Object(members) => stack.extend(members.iter().map(|m| m.value)),
                Value::Array(items) => stack.extend(items.iter().copied()),
                _ => {}
            }
        }
        (medtech_json::write::to_serde(doc, root), nodes)
    }

    #[test]
    fn an_envelope_built_once_gives_every_message_the_document_wrap_gives() {
        let texts = [
            r#"{"hr": 60, "nested": {"a": [1, {"b": null}]}}"#,
            "",
            "[1, 2, 3]",
            r#"{"Body": "shadow", "x": "2024-03-01T10:00:00+02:00"}"#,
            "7",
            r#"{"hr": 61}"#,
        ];
        for kind in [EnvelopeKind::EventHub, EnvelopeKind::IotHub] {
            for creation_time in [None, Some("2024-01-01T00:00:00Z".to_string())] {
                let envelope = Envelope {
                    kind,
                    creation_time,
                    ..Envelope::default()
                };
                let mut arena = EnvelopeArena::new(&envelope).unwrap();
                for (sequence, text) in texts.iter().enumerate() {
                    let options = medtech_json::ReadOptions::default();
                    // What `wrap` builds around a freshly read body.
                    let mut doc = if text.is_empty() {
                        Document::new()
                    } else {
                        medtech_json::read(text, &options).unwrap()
                    };
                    let body = doc.root();
                    let root = envelope.wrap(&mut doc, body, sequence);
                    let expected = shape(&doc, root);
                    // The same body read after the kept envelope and attached.
                    let body = arena.read_body(text).unwrap();
                    let root = arena.attach(body, sequence);
                    assert_eq!(
                        shape(&arena.doc, root),
                        expected,
                        "{kind:?} message {sequence}"
                    );
                    arena.reset();
                    assert_eq!(arena.doc.len(), arena.body_start());
                }
            }
        }
        assert!(EnvelopeArena::new(&Envelope::default()).is_none());
    }

    #[test]
    fn raw_envelope_is_the_message() {
        let mut doc = Document::from_serde(&serde_json::json!({"hr": 1}));
        let body = doc.root();
        let root = Envelope::default().wrap(&mut doc, body, 0);
        assert_eq!(Some(root), body);
    }
}
