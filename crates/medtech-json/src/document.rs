//! The located JSON tree: an arena of [`Node`]s addressed by [`NodeId`].
//!
//! Every node knows its parent and its slot in the parent, so any node can name its
//! JSON Pointer, and its byte [`Span`] in the source text, so any finding can be located.
//! Synthetic nodes (the Event Hub envelope, the CalculatedContent `matchedToken` wrapper,
//! values computed by JMESPath) are pushed onto the same arena with an empty span.

use crate::datetime::DateTime;

/// The text of a member name or a string value: up to 24 bytes inline, longer ones on the heap,
/// and static texts (the envelope's names) without a copy, so reading a message and wrapping
/// it allocate no memory for most of its strings.
pub type Str = compact_str::CompactString;

/// The largest arena [`Document::recycle`] keeps (about 1 MB).
pub const SPARE_CAPACITY: usize = 16_384;

thread_local! {
    static SPARE_NODES: std::cell::Cell<Option<Vec<Node>>> = const { std::cell::Cell::new(None) };
}

/// Index of a node in its [`Document`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// A byte range `start..end` in the source text. Synthetic nodes have `start == end == 0`
/// and [`Span::is_synthetic`] true.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte of the token.
    pub start: u32,
    /// One past the last byte of the token.
    pub end: u32,
}

impl Span {
    /// A span that points nowhere (nodes built in code).
    pub const SYNTHETIC: Span = Span { start: 0, end: 0 };

    /// Creates a span.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// True for nodes that were not read from text.
    pub fn is_synthetic(&self) -> bool {
        self.start == 0 && self.end == 0
    }
}

/// One member of an object: `"name": value`. Built with [`Member::new`], which keys the name
/// for lookups.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The property name, unescaped. Not to be changed in place: lookups go by the key made
    /// from it when the member was built (a member with another name is a new `Member`).
    pub name: Str,
    /// The value node.
    pub value: NodeId,
    /// Span of the name token (including quotes, if any).
    pub name_span: Span,
    /// Byte offset of the `:` after the name (Newtonsoft reports a property's position there).
    pub colon: u32,
    /// The name's [`MemberKey`].
    key: MemberKey,
}

impl Member {
    /// A member; its name is keyed once here for every later lookup.
    #[inline]
    pub fn new(name: Str, value: NodeId, name_span: Span, colon: u32) -> Member {
        let key = MemberKey::of(name.as_bytes());
        Member::keyed(name, key, value, name_span, colon)
    }

    /// A member whose name's key is already known (the reader keys a name once, for its
    /// duplicate check and the member).
    #[inline]
    pub(crate) fn keyed(
        name: Str,
        key: MemberKey,
        value: NodeId,
        name_span: Span,
        colon: u32,
    ) -> Member {
        Member {
            name,
            value,
            name_span,
            colon,
            key,
        }
    }

    /// A member built in code (no place in a source text).
    pub fn synthetic(name: impl Into<Str>, value: NodeId) -> Member {
        Member::new(name.into(), value, Span::SYNTHETIC, 0)
    }

    /// True when the member is called `name`, whose key is `key`.
    #[inline]
    pub fn is_named(&self, key: MemberKey, name: &[u8]) -> bool {
        self.key == key && (key.is_exact() || same_bytes(self.name.as_bytes(), name))
    }
}

/// A member name folded into one word — its first seven bytes and its length (up to 255) — so
/// that a lookup compares one integer per member instead of a length and the bytes: names of up
/// to seven bytes are equal exactly when their keys are, longer ones are compared in full only
/// when their keys are equal. Member lookups are the evaluators' most frequent operation, and a
/// byte comparison per member mispredicts its branches on the members that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct MemberKey(u64);

impl MemberKey {
    /// The key of a name.
    #[inline]
    pub fn of(name: &[u8]) -> MemberKey {
        // Fixed-size loads (a copy of a variable length would call `memcpy`); overlapping
        // loads put the same bytes at the same places.
        let n = name.len();
        let bytes = match name {
            [a, b, c, d, e, f, g, h, ..] => u64::from_le_bytes([*a, *b, *c, *d, *e, *f, *g, *h]),
            [a, b, c, d, ..] => {
                let tail = [name[n - 4], name[n - 3], name[n - 2], name[n - 1]];
                u64::from(u32::from_le_bytes([*a, *b, *c, *d]))
                    | u64::from(u32::from_le_bytes(tail)) << (8 * (n - 4))
            }
            [] => 0,
            [a, ..] => {
                u64::from(*a)
                    | u64::from(name[n / 2]) << (8 * (n / 2))
                    | u64::from(name[n - 1]) << (8 * (n - 1))
            }
        };
        MemberKey(bytes & 0x00ff_ffff_ffff_ffff | (n.min(255) as u64) << 56)
    }

    /// True when equal keys mean equal names (names of at most seven bytes).
    #[inline]
    pub fn is_exact(self) -> bool {
        (self.0 >> 56) < 8
    }
}

/// The payload of a node, in Newtonsoft's token kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// JSON `null`.
    Null,
    /// Newtonsoft's `undefined` literal.
    Undefined,
    /// `true` / `false`.
    Bool(bool),
    /// An integer literal that fits in a signed 64-bit integer.
    Integer(i64),
    /// An integer literal beyond 64 bits (Newtonsoft `BigInteger`), kept as its decimal text.
    BigInteger(Box<str>),
    /// A literal with `.`, `e` or `E`, or `NaN`/`Infinity`: a 64-bit double.
    Float(f64),
    /// A string that was not detected as a date.
    String(Str),
    /// A string that Newtonsoft's reader turned into a date token (device-mapping.md §2.1),
    /// or a date computed by an expression (`fromUnixTimestamp`).
    Date(DateTime),
    /// An array: its element nodes, in order.
    Array(Vec<NodeId>),
    /// An object: its members in document order (a duplicate name replaces the earlier value).
    Object(Vec<Member>),
}

/// Newtonsoft's `JTokenType` of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Null,
    Undefined,
    Boolean,
    /// Also a [`Value::BigInteger`].
    Integer,
    Float,
    String,
    Date,
    Array,
    Object,
}

impl TokenKind {
    /// Newtonsoft's name for it (`Integer`, `Float`, `String`, `Date`, …), as used in error
    /// messages such as JMESPath's `invalid-type`.
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Null => "Null",
            TokenKind::Undefined => "Undefined",
            TokenKind::Boolean => "Boolean",
            TokenKind::Integer => "Integer",
            TokenKind::Float => "Float",
            TokenKind::String => "String",
            TokenKind::Date => "Date",
            TokenKind::Array => "Array",
            TokenKind::Object => "Object",
        }
    }
}

impl Value {
    /// Newtonsoft's token kind.
    pub fn token_kind(&self) -> TokenKind {
        match self {
            Value::Null => TokenKind::Null,
            Value::Undefined => TokenKind::Undefined,
            Value::Bool(_) => TokenKind::Boolean,
            Value::Integer(_) | Value::BigInteger(_) => TokenKind::Integer,
            Value::Float(_) => TokenKind::Float,
            Value::String(_) => TokenKind::String,
            Value::Date(_) => TokenKind::Date,
            Value::Array(_) => TokenKind::Array,
            Value::Object(_) => TokenKind::Object,
        }
    }

    /// Newtonsoft's name for the token kind ([`TokenKind::name`]).
    pub fn kind_name(&self) -> &'static str {
        self.token_kind().name()
    }

    /// True for objects and arrays.
    pub fn is_container(&self) -> bool {
        matches!(self, Value::Array(_) | Value::Object(_))
    }
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub value: Value,
    /// The containing array or object; `None` for the root and for synthetic roots.
    pub parent: Option<NodeId>,
    /// Position within the parent: the element index, or the member index of the parent's
    /// `Object` vector.
    pub slot: u32,
    /// Where the value's token(s) stand in the source text.
    pub span: Span,
}

/// A parsed JSON text (or a tree built in code): an arena of nodes with one root.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    nodes: Vec<Node>,
    root: Option<NodeId>,
}

impl Document {
    /// An empty document (no root).
    pub fn new() -> Document {
        Document::default()
    }

    /// An empty document with room for `n` nodes, in the arena of a document given back with
    /// [`Document::recycle`] on this thread if there is one (its memory is likely still in
    /// the cache: reading one message after another then writes no cold memory).
    pub fn reusing(n: usize) -> Document {
        let spare = SPARE_NODES.try_with(|s| s.take()).ok().flatten();
        match spare {
            Some(mut nodes) => {
                nodes.reserve(n);
                Document { nodes, root: None }
            }
            None => Document::with_capacity(n),
        }
    }

    /// Drops the document's nodes and keeps its arena for the next [`Document::reusing`] on
    /// this thread (one arena; none of more than [`SPARE_CAPACITY`] nodes).
    pub fn recycle(mut self) {
        if self.nodes.capacity() > SPARE_CAPACITY {
            return;
        }
        self.nodes.clear();
        let nodes = std::mem::take(&mut self.nodes);
        let _ = SPARE_NODES.try_with(|s| s.set(Some(nodes)));
    }

    /// Makes room for `n` more nodes.
    pub fn reserve(&mut self, n: usize) {
        self.nodes.reserve(n);
    }

    /// The arena's capacity in nodes.
    pub fn capacity(&self) -> usize {
        self.nodes.capacity()
    }

    /// An empty document with room for `n` nodes.
    pub fn with_capacity(n: usize) -> Document {
        Document {
            nodes: Vec::with_capacity(n),
            root: None,
        }
    }

    /// The root node, if the text held a value.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// Sets the root node.
    pub fn set_root(&mut self, root: NodeId) {
        self.root = Some(root);
    }

    /// Every node of the arena, in id order (reachable from the root or not).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Mutable access to a node (used by builders).
    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.0 as usize]
    }

    /// The value of the node with this id.
    pub fn value(&self, id: NodeId) -> &Value {
        &self.nodes[id.0 as usize].value
    }

    /// The span of the node with this id.
    pub fn span(&self, id: NodeId) -> Span {
        self.nodes[id.0 as usize].span
    }

    /// Number of nodes in the arena.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the arena holds no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Drops every node pushed after the arena had `len` nodes (undo of temporary nodes such as
    /// the CalculatedContent wrapper). The root must not be among them.
    pub fn truncate(&mut self, len: usize) {
        self.nodes.truncate(len);
    }

    /// Pushes a detached node (no parent) and returns its id. Children named in `value` are
    /// *not* re-parented: a synthetic container may share nodes of the original tree, and
    /// their pointers keep naming their place in the original text.
    pub fn push(&mut self, value: Value, span: Span) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            value,
            parent: None,
            slot: 0,
            span,
        });
        id
    }

    /// Pushes a node and records `parent`/`slot` (used by the reader and by builders).
    pub fn push_child(&mut self, value: Value, span: Span, parent: NodeId, slot: u32) -> NodeId {
        let id = self.push(value, span);
        let node = self.node_mut(id);
        node.parent = Some(parent);
        node.slot = slot;
        id
    }

    /// Sets a node's parent link (used when wrapping a document in an envelope).
    pub fn set_parent(&mut self, id: NodeId, parent: Option<NodeId>, slot: u32) {
        let node = self.node_mut(id);
        node.parent = parent;
        node.slot = slot;
    }

    /// The members of an object node (empty for any other kind).
    pub fn members(&self, id: NodeId) -> &[Member] {
        match self.value(id) {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    /// The elements of an array node (empty for any other kind).
    pub fn elements(&self, id: NodeId) -> &[NodeId] {
        match self.value(id) {
            Value::Array(e) => e,
            _ => &[],
        }
    }

    /// The member `name` of an object node, compared exactly (case-sensitive, as Newtonsoft's
    /// JSONPath and JMESPath look members up).
    pub fn get(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.get_keyed(id, MemberKey::of(name.as_bytes()), name)
    }

    /// [`Document::get`] with the name's key worked out beforehand (compiled expressions key
    /// their member names once).
    #[inline]
    pub fn get_keyed(&self, id: NodeId, key: MemberKey, name: &str) -> Option<NodeId> {
        let wanted = name.as_bytes();
        self.members(id)
            .iter()
            .find(|m| m.is_named(key, wanted))
            .map(|m| m.value)
    }

    /// The node reached from `from` by following the members `names` in turn: `None` where a
    /// member is missing or a step is not an object.
    pub fn follow<'n>(
        &self,
        from: NodeId,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Option<NodeId> {
        let mut current = from;
        for name in names {
            current = self.get(current, name)?;
        }
        Some(current)
    }

    /// The member `name` compared case-insensitively (ASCII and Unicode simple folding), the
    /// way Newtonsoft matches property names to model members when deserializing.
    pub fn get_ignore_case(&self, id: NodeId, name: &str) -> Option<&Member> {
        let members = self.members(id);
        members
            .iter()
            .find(|m| &*m.name == name)
            .or_else(|| members.iter().find(|m| eq_ignore_case(&m.name, name)))
    }

    /// The RFC 6901 JSON Pointer of a node, built from parent links (`""` for the root).
    pub fn pointer(&self, id: NodeId) -> String {
        /// One step from a parent to a child: a member name or an element index.
        #[derive(Clone, Copy)]
        enum Step<'d> {
            Name(&'d str),
            Index(u32),
        }
        // The steps from the node up, each resolved once; shallow nodes need no allocation
        // besides the result.
        let mut near = [Step::Index(0); 16];
        let mut far: Vec<Step<'_>> = Vec::new();
        let mut depth = 0;
        // Sized first (escapes aside), so the text is written without growing.
        let mut size = 0;
        let mut current = self.node(id);
        while let Some(parent) = current.parent {
            let step = match self.value(parent) {
                Value::Object(members) => {
                    Step::Name(members.get(current.slot as usize).map_or("", |m| &*m.name))
                }
                _ => Step::Index(current.slot),
            };
            size += 1 + match step {
                Step::Name(name) => name.len(),
                Step::Index(_) => 10,
            };
            match near.get_mut(depth) {
                Some(slot) => *slot = step,
                None => far.push(step),
            }
            depth += 1;
            current = self.node(parent);
        }
        let shallow = near.get(..depth.min(near.len())).unwrap_or(&[]);
        let mut out = String::with_capacity(size);
        for step in far.iter().rev().chain(shallow.iter().rev()) {
            out.push('/');
            match *step {
                Step::Name(name) => push_pointer_token(&mut out, name),
                Step::Index(slot) => push_decimal(&mut out, u64::from(slot)),
            }
        }
        out
    }

    /// The node at an RFC 6901 JSON Pointer below `from`, if any.
    pub fn at_pointer(&self, from: NodeId, pointer: &str) -> Option<NodeId> {
        if pointer.is_empty() {
            return Some(from);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut current = from;
        for raw in rest.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            current = match self.value(current) {
                Value::Object(_) => self.get(current, &token)?,
                Value::Array(items) => *items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// Copies a `serde_json` value into this arena (detached, synthetic spans) and returns its id.
    /// Strings are kept as strings (no date detection): callers that want Newtonsoft's reading
    /// of a text should use [`crate::read`].
    pub fn push_serde(&mut self, value: &serde_json::Value) -> NodeId {
        let id = self.push(Value::Null, Span::SYNTHETIC);
        let payload = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::Integer(i)
                } else if n.is_u64() {
                    Value::BigInteger(n.to_string().into())
                } else {
                    Value::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            serde_json::Value::String(s) => Value::String(s.as_str().into()),
            serde_json::Value::Array(items) => {
                let mut ids = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let child = self.push_serde(item);
                    self.set_parent(child, Some(id), i as u32);
                    ids.push(child);
                }
                Value::Array(ids)
            }
            serde_json::Value::Object(map) => {
                let mut members = Vec::with_capacity(map.len());
                for (i, (name, item)) in map.iter().enumerate() {
                    let child = self.push_serde(item);
                    self.set_parent(child, Some(id), i as u32);
                    members.push(Member::synthetic(name.as_str(), child));
                }
                Value::Object(members)
            }
        };
        self.node_mut(id).value = payload;
        id
    }

    /// A document built from a `serde_json` value (see [`Document::push_serde`]).
    pub fn from_serde(value: &serde_json::Value) -> Document {
        let mut doc = Document::new();
        let root = doc.push_serde(value);
        doc.set_root(root);
        doc
    }
}

/// Escapes `~` and `/` for a JSON Pointer reference token.
pub fn escape_pointer_token(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_string()
    }
}

/// Appends the decimal digits of `n` (without `fmt`, on paths that run per message).
pub fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

/// Appends `token` escaped for a JSON Pointer (`~` → `~0`, `/` → `~1`).
fn push_pointer_token(out: &mut String, token: &str) {
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Byte equality, with names of up to 16 bytes compared in two overlapping word loads: a
/// `memcmp` call costs more than the comparison itself for the member names messages have, and
/// member lookups are the evaluators' most frequent operation.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |s: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_le_bytes(w)
    };
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// Case-insensitive comparison as .NET's `OrdinalIgnoreCase` does it (simple upper-case folding).
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let mut x = a.chars().flat_map(char::to_uppercase);
    let mut y = b.chars().flat_map(char::to_uppercase);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => continue,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_name_every_node() {
        let doc = Document::from_serde(&serde_json::json!({"a": [1, {"b/c": true}], "~": null}));
        let root = doc.root().unwrap();
        let a = doc.get(root, "a").unwrap();
        let inner = doc.elements(a)[1];
        let b = doc.get(inner, "b/c").unwrap();
        assert_eq!(doc.pointer(b), "/a/1/b~1c");
        assert_eq!(doc.pointer(doc.get(root, "~").unwrap()), "/~0");
        assert_eq!(doc.at_pointer(root, "/a/1/b~1c"), Some(b));
        assert_eq!(doc.pointer(root), "");
        // Element numbers of one and more digits.
        let doc = Document::from_serde(&serde_json::json!({"l": (0..1001).collect::<Vec<_>>()}));
        let root = doc.root().unwrap();
        let list = doc.get(root, "l").unwrap();
        for (i, expected) in [(0, "/l/0"), (9, "/l/9"), (10, "/l/10"), (1000, "/l/1000")] {
            assert_eq!(doc.pointer(doc.elements(list)[i]), expected);
        }
    }

    #[test]
    fn pointers_of_deep_nodes() {
        let mut json = serde_json::json!({"leaf/~": 1});
        for i in 0..40 {
            json = if i % 2 == 0 {
                serde_json::json!([0, json])
            } else {
                serde_json::json!({ format!("k{i}"): json })
            };
        }
        let doc = Document::from_serde(&json);
        let root = doc.root().unwrap();
        let mut expected = String::new();
        let mut id = root;
        for i in (0..40).rev() {
            if i % 2 == 0 {
                expected.push_str("/1");
                id = doc.elements(id)[1];
            } else {
                expected.push_str(&format!("/k{i}"));
                id = doc.get(id, &format!("k{i}")).unwrap();
            }
        }
        id = doc.get(id, "leaf/~").unwrap();
        expected.push_str("/leaf~1~0");
        assert_eq!(doc.pointer(id), expected);
        assert_eq!(doc.at_pointer(root, &expected), Some(id));
    }

    #[test]
    fn ignore_case_lookup_prefers_exact_match() {
        let doc = Document::from_serde(&serde_json::json!({"TypeName": 1, "typeName": 2}));
        let root = doc.root().unwrap();
        let m = doc.get_ignore_case(root, "typeName").unwrap();
        assert_eq!(doc.value(m.value), &Value::Integer(2));
        assert!(doc.get_ignore_case(root, "TYPENAME").is_some());
    }
}

#[cfg(test)]
mod name_tests {
    use super::{same_bytes, Member, MemberKey, NodeId};

    /// `a`, `ab`, `abc`, … up to `longest` bytes.
    fn words(longest: usize) -> Vec<Vec<u8>> {
        (0..=longest)
            .map(|n| (0..n).map(|i| b'a' + (i % 26) as u8).collect())
            .collect()
    }

    fn member(name: &[u8]) -> Member {
        Member::synthetic(std::str::from_utf8(name).unwrap(), NodeId(0))
    }

    #[test]
    fn member_keys_are_equal_exactly_for_equal_short_names() {
        let words = words(20);
        for a in &words {
            let key = MemberKey::of(a);
            assert_eq!(key.is_exact(), a.len() < 8, "{a:?}");
            for b in &words {
                assert_eq!(
                    MemberKey::of(b) == key,
                    a == b || (a.len() >= 8 && a.len() == b.len() && a[..7] == b[..7])
                );
            }
            for i in 0..a.len() {
                let mut c = a.clone();
                c[i] ^= 0x20;
                // A change in the first seven bytes changes the key; beyond them, the full
                // comparison of `Member::is_named` tells the names apart.
                assert_eq!(MemberKey::of(&c) == key, i >= 7, "{a:?} at {i}");
                assert!(!member(&c).is_named(key, a), "{a:?} at {i}");
            }
            assert!(member(a).is_named(key, a));
        }
        // A name of 256 bytes and more keys its length as 255.
        let long = vec![b'x'; 300];
        let longer = vec![b'x'; 301];
        assert_eq!(MemberKey::of(&long), MemberKey::of(&longer));
        assert!(!member(&long).is_named(MemberKey::of(&longer), &longer));
        assert!(member(&long).is_named(MemberKey::of(&long), &long));
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        let words = words(40);
        for a in &words {
            for b in &words {
                assert_eq!(same_bytes(a, b), a == b);
            }
            // Every single-byte change at every position is seen.
            for i in 0..a.len() {
                let mut c = a.clone();
                c[i] ^= 0x20;
                assert!(!same_bytes(a, &c), "{a:?} at {i}");
            }
        }
    }
}
