//! The reader's state machine (Newtonsoft `JsonTextReader.Read` + `JContainer.ReadContentFrom`),
//! building the located [`Document`] as it goes. Iterative: nesting lives in `frames`.

use super::error::end_token_name;
use super::scan::{self, fail, Fail, Mode};
use super::{ReadError, ReadErrorKind, ReadOptions};
use crate::datetime::detect::{detect, Detected};
use crate::document::{Document, Member, MemberKey, NodeId, Span, Str, Value};
use std::collections::HashMap;

/// Newtonsoft's reader states that matter here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    Start,
    Property,
    ObjectStart,
    Object,
    ArrayStart,
    Array,
    PostValue,
}

/// A container being read. Its children live on the parser's shared stacks from `start` on
/// (one exact-size allocation per container when it closes).
pub(super) struct Frame {
    pub(super) id: NodeId,
    pub(super) is_object: bool,
    /// Index of the first child on the elements or members stack.
    pub(super) start: usize,
    /// The property whose value is awaited: name, name span, colon offset, slot.
    pub(super) pending: Option<(Str, Span, u32, u32, MemberKey)>,
    /// Slot of the latest property (for Newtonsoft's path).
    pub(super) last_slot: Option<u32>,
    /// Name → slot, built once an object gets large (duplicate detection).
    pub(super) lookup: Option<HashMap<Str, u32>>,
}

const LOOKUP_THRESHOLD: usize = 16;

/// The parser's stacks, kept between reads on this thread (a read of a small message then
/// allocates only its containers' final lists), within bounds: none that grew beyond
/// [`SCRATCH_CAPACITY`] entries is kept.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) frames: Vec<Frame>,
    pub(super) elements: Vec<NodeId>,
    pub(super) members: Vec<Member>,
}

const SCRATCH_CAPACITY: usize = 4096;

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

impl Scratch {
    pub(super) fn take() -> Scratch {
        SCRATCH
            .try_with(|s| s.take())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give(mut self) {
        if self.frames.capacity() > SCRATCH_CAPACITY
            || self.elements.capacity() > SCRATCH_CAPACITY
            || self.members.capacity() > SCRATCH_CAPACITY
        {
            return;
        }
        self.frames.clear();
        self.elements.clear();
        self.members.clear();
        let _ = SCRATCH.try_with(|s| s.set(Some(self)));
    }
}

impl Frame {
    fn new(id: NodeId, is_object: bool, start: usize) -> Frame {
        Frame {
            id,
            is_object,
            start,
            pending: None,
            last_slot: None,
            lookup: None,
        }
    }

    /// Slot of an existing member `name` among `members` (this frame's part of the stack).
    fn find(&mut self, members: &[Member], name: &str, key: MemberKey) -> Option<u32> {
        if members.len() >= LOOKUP_THRESHOLD {
            let lookup = self.lookup.get_or_insert_with(|| {
                let mut map = HashMap::with_capacity(members.len() * 2);
                for (i, m) in members.iter().enumerate() {
                    map.entry(m.name.clone()).or_insert(i as u32);
                }
                map
            });
            return lookup.get(name).copied();
        }
        members
            .iter()
            .position(|m| m.is_named(key, name.as_bytes()))
            .map(|i| i as u32)
    }
}

/// What a value position held.
enum Item {
    Scalar(Value, Span),
    Open(bool, usize),
}

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) options: &'a ReadOptions,
    pub(super) pos: usize,
    pub(super) state: State,
    pub(super) frames: Vec<Frame>,
    /// Children of the open containers (see [`Frame::start`]).
    pub(super) elements: Vec<NodeId>,
    pub(super) members: Vec<Member>,
    pub(super) doc: Document,
    /// Tokens produced so far (comments included), and the count when the root opened.
    pub(super) tokens: u64,
    pub(super) root_open_tokens: u64,
}

impl<'a> Parser<'a> {
    /// A parser that appends the text's nodes to `doc` (after the nodes it already has).
    pub(super) fn appending(text: &'a str, options: &'a ReadOptions, doc: Document) -> Parser<'a> {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let scratch = Scratch::take();
        Parser {
            text,
            options,
            pos,
            state: State::Start,
            frames: scratch.frames,
            elements: scratch.elements,
            members: scratch.members,
            doc,
            tokens: 0,
            root_open_tokens: 0,
        }
    }

    pub(super) fn run(mut self) -> Result<Document, ReadError> {
        let result = self.read_root();
        Scratch {
            frames: std::mem::take(&mut self.frames),
            elements: std::mem::take(&mut self.elements),
            members: std::mem::take(&mut self.members),
        }
        .give();
        match result {
            Ok(root) => {
                self.doc.set_root(root);
                Ok(self.doc)
            }
            Err(e) => {
                self.doc.recycle();
                Err(e)
            }
        }
    }

    fn read_root(&mut self) -> Result<NodeId, ReadError> {
        loop {
            let done = match self.state {
                State::Start | State::Property | State::ArrayStart | State::Array => {
                    self.step_value()?
                }
                State::ObjectStart | State::Object => self.step_object()?,
                State::PostValue => self.step_post_value()?,
            };
            if let Some(root) = done {
                if self.options.check_additional_content {
                    self.check_additional_content()?;
                }
                return Ok(root);
            }
        }
    }

    // ----- steps -------------------------------------------------------------------------

    /// `ParseValue`: a value, a comment, `]`/`)`, or `,` (an empty slot: `undefined`).
    fn step_value(&mut self) -> Result<Option<NodeId>, ReadError> {
        let text = self.text;
        let bytes = text.as_bytes();
        self.pos = scan::skip_blank(text, self.pos);
        let start = self.pos;
        let Some(&b) = bytes.get(start) else {
            return Err(self.eof_error());
        };
        let item = match b {
            b'"' | b'\'' => {
                let (s, end) = scan::string(text, start).map_err(|f| self.fail(f))?;
                self.pos = end;
                let span = Span::new(start, end);
                let value = if self.options.date_parse {
                    match detect(&s) {
                        Detected::Date(d) => Value::Date(d),
                        Detected::No => Value::String(s.into()),
                        Detected::OutOfRange(message) => {
                            return Err(self.error_kind(
                                message.to_string(),
                                end,
                                ReadErrorKind::DateOutOfRange,
                            ))
                        }
                    }
                } else {
                    Value::String(s.into())
                };
                Item::Scalar(value, span)
            }
            b't' => self.literal(
                start,
                "true",
                "Error parsing boolean value.",
                Value::Bool(true),
            )?,
            b'f' => self.literal(
                start,
                "false",
                "Error parsing boolean value.",
                Value::Bool(false),
            )?,
            b'n' => match bytes.get(start + 1) {
                Some(b'u') => {
                    self.literal(start, "null", "Error parsing null value.", Value::Null)?
                }
                Some(b'e') => return Err(self.constructor(start)),
                Some(_) => return Err(self.unexpected_char(start)),
                None => return Err(self.fail(fail("Unexpected end when reading JSON.", start + 1))),
            },
            b'u' => self.literal(
                start,
                "undefined",
                "Error parsing undefined value.",
                Value::Undefined,
            )?,
            b'N' => self.literal(
                start,
                "NaN",
                "Error parsing NaN value.",
                Value::Float(f64::NAN),
            )?,
            b'I' => self.literal(
                start,
                "Infinity",
                "Error parsing Infinity value.",
                Value::Float(f64::INFINITY),
            )?,
            b'-' if bytes.get(start + 1) == Some(&b'I') => self.literal(
                start,
                "-Infinity",
                "Error parsing -Infinity value.",
                Value::Float(f64::NEG_INFINITY),
            )?,
            b'/' => {
                self.pos = scan::comment(text, start).map_err(|f| self.fail(f))?;
                self.tokens += 1;
                return Ok(None);
            }
            b'{' => Item::Open(true, start),
            b'[' => Item::Open(false, start),
            b']' | b')' => {
                self.pos = start + 1;
                return self.close(b);
            }
            b',' => Item::Scalar(Value::Undefined, Span::new(start, start)),
            _ => {
                let c = scan::char_at(text, start).unwrap_or('\u{FFFD}');
                if c.is_numeric() || c == '-' || c == '.' {
                    self.number(start)?
                } else {
                    return Err(self.unexpected_char(start));
                }
            }
        };
        self.tokens += 1;
        match item {
            Item::Scalar(value, span) => Ok(self.add_scalar(value, span)),
            Item::Open(is_object, at) => {
                self.open(is_object, at)?;
                Ok(None)
            }
        }
    }

    /// `ParseObject`: `}`, a comment, or a property name and its `:`.
    fn step_object(&mut self) -> Result<Option<NodeId>, ReadError> {
        let text = self.text;
        self.pos = scan::skip_blank(text, self.pos);
        let start = self.pos;
        let Some(&b) = text.as_bytes().get(start) else {
            return Err(self.eof_error());
        };
        match b {
            b'}' => {
                self.pos = start + 1;
                self.close(b'}')
            }
            b'/' => {
                self.pos = scan::comment(text, start).map_err(|f| self.fail(f))?;
                self.tokens += 1;
                Ok(None)
            }
            _ => {
                self.property(start)?;
                Ok(None)
            }
        }
    }

    /// `ParsePostValue`: `,`, a closing bracket, or a comment.
    fn step_post_value(&mut self) -> Result<Option<NodeId>, ReadError> {
        let text = self.text;
        self.pos = scan::skip_blank(text, self.pos);
        let start = self.pos;
        let Some(&b) = text.as_bytes().get(start) else {
            return Err(self.eof_error());
        };
        match b {
            b'}' | b']' | b')' => {
                self.pos = start + 1;
                self.close(b)
            }
            b'/' => {
                self.pos = scan::comment(text, start).map_err(|f| self.fail(f))?;
                self.tokens += 1;
                Ok(None)
            }
            b',' => {
                self.pos = start + 1;
                self.state = match self.frames.last() {
                    Some(f) if f.is_object => State::Object,
                    _ => State::Array,
                };
                Ok(None)
            }
            _ => {
                let c = scan::char_at(text, start).unwrap_or('\u{FFFD}');
                Err(self.fail(fail(
                    format!("After parsing a value an unexpected character was encountered: {c}."),
                    start,
                )))
            }
        }
    }

    // ----- values ------------------------------------------------------------------------

    fn literal(
        &mut self,
        start: usize,
        word: &str,
        error: &str,
        value: Value,
    ) -> Result<Item, ReadError> {
        let end = scan::literal(self.text, start, word, error).map_err(|f| self.fail(f))?;
        self.pos = end;
        Ok(Item::Scalar(value, Span::new(start, end)))
    }

    fn number(&mut self, start: usize) -> Result<Item, ReadError> {
        let end = scan::number_end(self.text, start).map_err(|f| self.fail(f))?;
        self.pos = end;
        match scan::number_value(&self.text[start..end]) {
            Ok(value) => Ok(Item::Scalar(value, Span::new(start, end))),
            Err(message) => Err(self.fail(Fail {
                message,
                at: end,
                mode: Mode::AfterNumber,
            })),
        }
    }

    fn constructor(&mut self, start: usize) -> ReadError {
        match scan::literal(
            self.text,
            start,
            "new",
            "Unexpected content while parsing JSON.",
        ) {
            Err(f) => self.fail(f),
            Ok(_) => self.error_kind(
                "JavaScript constructors (new …) are not supported.".to_string(),
                start,
                ReadErrorKind::Unsupported,
            ),
        }
    }

    /// `ParseProperty`: a quoted or unquoted name, blanks, then `:`.
    fn property(&mut self, start: usize) -> Result<(), ReadError> {
        let text = self.text;
        let (name, name_end): (Str, usize) = match text.as_bytes()[start] {
            b'"' | b'\'' => {
                let (s, end) = scan::string(text, start).map_err(|f| self.fail(f))?;
                (s.into(), end)
            }
            _ => {
                let c = scan::char_at(text, start).unwrap_or('\u{FFFD}');
                if !scan::identifier_char(c) {
                    return Err(self.fail(fail(
                        format!("Invalid property identifier character: {c}."),
                        start,
                    )));
                }
                let end = scan::unquoted_name(text, start).map_err(|f| self.fail(f))?;
                (text[start..end].into(), end)
            }
        };
        let colon = scan::skip_blank(text, name_end);
        if text.as_bytes().get(colon) != Some(&b':') {
            let c = scan::char_at(text, colon).unwrap_or('\0');
            return Err(self.fail(fail(
                format!(
                    "Invalid character after parsing property name. Expected ':' but got: {c}."
                ),
                colon,
            )));
        }
        self.pos = colon + 1;
        self.tokens += 1;
        self.state = State::Property;
        if let Some(frame) = self.frames.last_mut() {
            let members = self.members.get(frame.start..).unwrap_or(&[]);
            let key = MemberKey::of(name.as_bytes());
            let slot = frame
                .find(members, &name, key)
                .unwrap_or(members.len() as u32);
            frame.last_slot = Some(slot);
            frame.pending = Some((name, Span::new(start, name_end), colon as u32, slot, key));
        }
        Ok(())
    }

    /// Where the next value goes: (parent, slot). `None` at the root.
    fn next_slot(&self) -> Option<(NodeId, u32)> {
        let frame = self.frames.last()?;
        let slot = if frame.is_object {
            frame.pending.as_ref().map_or(0, |p| p.3)
        } else {
            (self.elements.len() - frame.start) as u32
        };
        Some((frame.id, slot))
    }

    /// Records a new node in the current container.
    fn attach(&mut self, id: NodeId) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        if !frame.is_object {
            self.elements.push(id);
            return;
        }
        let Some((name, name_span, colon, slot, key)) = frame.pending.take() else {
            return;
        };
        let member = Member::keyed(name, key, id, name_span, colon);
        match self.members.get_mut(frame.start + slot as usize) {
            Some(existing) => {
                let old = existing.value;
                *existing = member;
                self.doc.set_parent(old, None, 0);
            }
            None => {
                if let Some(lookup) = frame.lookup.as_mut() {
                    lookup.insert(member.name.clone(), slot);
                }
                self.members.push(member);
            }
        }
    }

    fn push_node(&mut self, value: Value, span: Span) -> NodeId {
        match self.next_slot() {
            Some((parent, slot)) => self.doc.push_child(value, span, parent, slot),
            None => self.doc.push(value, span),
        }
    }

    /// Adds a scalar; returns the root when the scalar is the whole document.
    fn add_scalar(&mut self, value: Value, span: Span) -> Option<NodeId> {
        let id = self.push_node(value, span);
        if self.frames.is_empty() {
            return Some(id);
        }
        self.attach(id);
        self.state = State::PostValue;
        None
    }

    fn open(&mut self, is_object: bool, at: usize) -> Result<(), ReadError> {
        self.pos = at + 1;
        let placeholder = if is_object {
            Value::Object(Vec::new())
        } else {
            Value::Array(Vec::new())
        };
        let id = self.push_node(placeholder, Span::new(at, at + 1));
        self.attach(id);
        if self.frames.is_empty() {
            self.root_open_tokens = self.tokens;
        }
        let start = if is_object {
            self.members.len()
        } else {
            self.elements.len()
        };
        self.frames.push(Frame::new(id, is_object, start));
        self.state = if is_object {
            State::ObjectStart
        } else {
            State::ArrayStart
        };
        if self.frames.len() > 1 && self.frames.len() > self.options.max_depth {
            return Err(self.fail(fail(
                format!(
                    "The reader's MaxDepth of {} has been exceeded.",
                    self.options.max_depth
                ),
                at + 1,
            )));
        }
        Ok(())
    }

    /// `ValidateEnd` for `}`, `]` or `)`; finishes the container. Returns the root when it was
    /// the outermost one.
    fn close(&mut self, bracket: u8) -> Result<Option<NodeId>, ReadError> {
        self.tokens += 1;
        let Some(frame) = self.frames.pop() else {
            let message = format!(
                "JsonToken {} is not valid for closing JsonType None.",
                end_token_name(bracket)
            );
            return Err(self.fail(fail(message, self.pos)));
        };
        let matches = matches!((bracket, frame.is_object), (b'}', true) | (b']', false));
        if !matches {
            let message = format!(
                "JsonToken {} is not valid for closing JsonType {}.",
                end_token_name(bracket),
                if frame.is_object { "Object" } else { "Array" }
            );
            return Err(self.fail(fail(message, self.pos)));
        }
        let node = self.doc.node_mut(frame.id);
        node.span.end = self.pos as u32;
        node.value = if frame.is_object {
            Value::Object(self.members.drain(frame.start..).collect())
        } else {
            Value::Array(self.elements.drain(frame.start..).collect())
        };
        if self.frames.is_empty() {
            return Ok(Some(frame.id));
        }
        self.state = State::PostValue;
        Ok(None)
    }

    fn check_additional_content(&mut self) -> Result<(), ReadError> {
        let text = self.text;
        self.state = State::PostValue;
        loop {
            self.pos = scan::skip_blank(text, self.pos);
            match text.as_bytes().get(self.pos) {
                None => return Ok(()),
                Some(b'/') => {
                    self.pos = scan::comment(text, self.pos).map_err(|f| self.fail(f))?;
                    self.tokens += 1;
                }
                Some(_) => {
                    let c = scan::char_at(text, self.pos).unwrap_or('\u{FFFD}');
                    return Err(self.fail(fail(
                        format!(
                            "Additional text encountered after finished reading JSON content: {c}."
                        ),
                        self.pos,
                    )));
                }
            }
        }
    }
}
