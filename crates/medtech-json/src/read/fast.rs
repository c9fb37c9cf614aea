//! The reader's fast path: recursive descent over plain JSON, the shape nearly every device
//! message has. It uses the same lexical pieces as the state machine ([`super::scan`], the
//! date detection) and builds the same [`Document`] node for node: containers pushed when they
//! open, children in text order, the same spans, parents, slots and member keys.
//!
//! It gives up — returns `None`, and the caller drops what it pushed and runs the state machine
//! from the start — on anything it does not handle itself: comments, single-quoted strings,
//! unquoted or repeated property names, empty slots and trailing commas, `NaN`, `Infinity`,
//! `undefined`, constructors, numbers not starting with an ASCII digit or `-`, a date beyond
//! .NET's range, nesting beyond the depth limit (or 128), content after the value when it must
//! be checked, large objects, and every error. So the state machine alone decides what
//! Newtonsoft accepts and what its errors say; a test compares the two on many texts.

use super::parser::Scratch;
use super::scan;
use super::ReadOptions;
use crate::datetime::detect::{detect, Detected};
use crate::document::{Document, Member, MemberKey, NodeId, Span, Value};

/// Deepest nesting the fast path follows (its recursion uses the call stack).
const MAX_DEPTH: usize = 128;

/// Objects with more members go to the state machine, which finds repeated names by hashing.
const MAX_MEMBERS: usize = 32;

/// Reads `text` into `doc` (after its existing nodes) and returns the root, or `None` when the
/// text needs the state machine (see the module docs). On `None`, `doc` may hold nodes pushed
/// by the attempt: the caller truncates it.
pub(super) fn read(doc: &mut Document, text: &str, options: &ReadOptions) -> Option<NodeId> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let scratch = Scratch::take();
    let mut fast = Fast {
        text,
        options,
        max_depth: options.max_depth.min(MAX_DEPTH),
        doc,
        members: scratch.members,
        elements: scratch.elements,
    };
    let result = fast.root(start);
    Scratch {
        frames: scratch.frames,
        elements: std::mem::take(&mut fast.elements),
        members: std::mem::take(&mut fast.members),
    }
    .give();
    result
}

/// What follows a container's child.
enum Next {
    /// A comma: the offset of the next child.
    Child(usize),
    /// The closing bracket: the offset after it.
    End(usize),
}

struct Fast<'a, 'd> {
    text: &'a str,
    options: &'a ReadOptions,
    max_depth: usize,
    doc: &'d mut Document,
    /// Members and elements of the open containers, as in the state machine.
    members: Vec<Member>,
    elements: Vec<NodeId>,
}

impl Fast<'_, '_> {
    fn root(&mut self, start: usize) -> Option<NodeId> {
        let pos = scan::skip_blank(self.text, start);
        let (root, end) = self.value(pos, None, 0)?;
        if self.options.check_additional_content
            && scan::skip_blank(self.text, end) != self.text.len()
        {
            return None;
        }
        Some(root)
    }

    fn push(&mut self, value: Value, span: Span, parent: Option<(NodeId, u32)>) -> NodeId {
        match parent {
            Some((parent, slot)) => self.doc.push_child(value, span, parent, slot),
            None => self.doc.push(value, span),
        }
    }

    /// The value whose first byte is at `pos` (blanks skipped): its node and the offset after
    /// it. `depth`: containers open around it.
    fn value(
        &mut self,
        pos: usize,
        parent: Option<(NodeId, u32)>,
        depth: usize,
    ) -> Option<(NodeId, usize)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let (value, end) = match *bytes.get(pos)? {
            b'"' => {
                let (s, end) = scan::string(text, pos).ok()?;
                let value = if self.options.date_parse {
                    match detect(&s) {
                        Detected::No => Value::String(s.into()),
                        Detected::Date(d) => Value::Date(d),
                        Detected::OutOfRange(_) => return None,
                    }
                } else {
                    Value::String(s.into())
                };
                (value, end)
            }
            b'0'..=b'9' | b'-' => {
                let end = scan::number_end(text, pos).ok()?;
                (scan::number_value(&text[pos..end]).ok()?, end)
            }
            b't' => (Value::Bool(true), literal(text, pos, "true")?),
            b'f' => (Value::Bool(false), literal(text, pos, "false")?),
            b'n' => (Value::Null, literal(text, pos, "null")?),
            b'{' => return self.object(pos, parent, depth + 1),
            b'[' => return self.array(pos, parent, depth + 1),
            _ => return None,
        };
        Some((self.push(value, Span::new(pos, end), parent), end))
    }

    fn open(
        &mut self,
        value: Value,
        at: usize,
        parent: Option<(NodeId, u32)>,
        depth: usize,
    ) -> Option<NodeId> {
        // The state machine's limit: the root container is never too deep.
        if depth > 1 && depth > self.max_depth {
            return None;
        }
        Some(self.push(value, Span::new(at, at + 1), parent))
    }

    /// What follows a child that ends at `end`, in a container closed by `close`: a comma and
    /// the next child, or the closing bracket; `None` for anything else.
    fn next(&self, end: usize, close: u8) -> Option<Next> {
        let pos = scan::skip_blank(self.text, end);
        match *self.text.as_bytes().get(pos)? {
            b',' => Some(Next::Child(scan::skip_blank(self.text, pos + 1))),
            b if b == close => Some(Next::End(pos + 1)),
            _ => None,
        }
    }

    /// Finishes a container: its end and its children, taken off the stack in one allocation.
    fn close(&mut self, id: NodeId, end: usize, value: Value) -> Option<(NodeId, usize)> {
        let node = self.doc.node_mut(id);
        node.span.end = end as u32;
        node.value = value;
        Some((id, end))
    }

    fn object(
        &mut self,
        at: usize,
        parent: Option<(NodeId, u32)>,
        depth: usize,
    ) -> Option<(NodeId, usize)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let id = self.open(Value::Object(Vec::new()), at, parent, depth)?;
        let start = self.members.len();
        let mut pos = scan::skip_blank(text, at + 1);
        if bytes.get(pos) == Some(&b'}') {
            return self.close(id, pos + 1, Value::Object(Vec::new()));
        }
        loop {
            if bytes.get(pos) != Some(&b'"') {
                return None;
            }
            let (name, name_end) = scan::string(text, pos).ok()?;
            let colon = scan::skip_blank(text, name_end);
            if bytes.get(colon) != Some(&b':') {
                return None;
            }
            let key = MemberKey::of(name.as_bytes());
            let siblings = &self.members[start..];
            if siblings.len() >= MAX_MEMBERS
                || siblings.iter().any(|m| m.is_named(key, name.as_bytes()))
            {
                return None;
            }
            let slot = siblings.len() as u32;
            let value_at = scan::skip_blank(text, colon + 1);
            let (child, end) = self.value(value_at, Some((id, slot)), depth)?;
            self.members.push(Member::keyed(
                name.into(),
                key,
                child,
                Span::new(pos, name_end),
                colon as u32,
            ));
            match self.next(end, b'}')? {
                Next::Child(at) => pos = at,
                Next::End(end) => {
                    let members = self.members.drain(start..).collect();
                    return self.close(id, end, Value::Object(members));
                }
            }
        }
    }

    fn array(
        &mut self,
        at: usize,
        parent: Option<(NodeId, u32)>,
        depth: usize,
    ) -> Option<(NodeId, usize)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let id = self.open(Value::Array(Vec::new()), at, parent, depth)?;
        let start = self.elements.len();
        let mut pos = scan::skip_blank(text, at + 1);
        if bytes.get(pos) == Some(&b']') {
            return self.close(id, pos + 1, Value::Array(Vec::new()));
        }
        loop {
            let slot = (self.elements.len() - start) as u32;
            let (child, end) = self.value(pos, Some((id, slot)), depth)?;
            self.elements.push(child);
            match self.next(end, b']')? {
                Next::Child(at) => pos = at,
                Next::End(end) => {
                    let elements = self.elements.drain(start..).collect();
                    return self.close(id, end, Value::Array(elements));
                }
            }
        }
    }
}

/// `true`, `false` or `null` at `pos`, followed by what may follow a value here: the offset
/// after it.
fn literal(text: &str, pos: usize, word: &str) -> Option<usize> {
    let end = pos + word.len();
    if text.as_bytes().get(pos..end) != Some(word.as_bytes()) {
        return None;
    }
    match text.as_bytes().get(end) {
        None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') => Some(end),
        _ => None,
    }
}
