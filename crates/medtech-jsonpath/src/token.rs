//! Newtonsoft's token tree over a [`Document`]: besides the value nodes it has *property*
//! tokens (`JProperty`, a `name: value` pair) between an object and its member values
//! (device-mapping.md §6.3: filters and scans visit them).
//!
//! Children: an object's children are its properties, a property's only child is its value,
//! an array's children are its elements. Traversal follows these links (never parent links),
//! so a node shared by a synthetic wrapper is visited once per place it is reachable from.

use medtech_json::{Document, NodeId, Value};

/// A token a JSONPath can select: a value node, or a property of an object node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// A value (object, array or primitive).
    Node(NodeId),
    /// The `index`-th member of the object node `object`, as a `name: value` pair.
    Property {
        /// The object holding the member.
        object: NodeId,
        /// The member's index in the object's member list.
        index: u32,
    },
}

impl Token {
    /// The value node, if this is not a property token.
    pub fn node(self) -> Option<NodeId> {
        match self {
            Token::Node(id) => Some(id),
            Token::Property { .. } => None,
        }
    }

    /// The node this token stands for: itself, or a property's value node.
    pub fn value_node(self, doc: &Document) -> Option<NodeId> {
        match self {
            Token::Node(id) => Some(id),
            Token::Property { object, index } => doc
                .members(object)
                .get(index as usize)
                .map(|member| member.value),
        }
    }

    /// A property token's name.
    pub fn property_name(self, doc: &Document) -> Option<&str> {
        match self {
            Token::Node(_) => None,
            Token::Property { object, index } => doc
                .members(object)
                .get(index as usize)
                .map(|member| &*member.name),
        }
    }

    /// The JSON Pointer of the token's value node (a property token names its value).
    pub fn pointer(self, doc: &Document) -> String {
        self.value_node(doc)
            .map(|id| doc.pointer(id))
            .unwrap_or_default()
    }

    /// True for objects, arrays and properties (`JContainer`s).
    pub(crate) fn is_container(self, doc: &Document) -> bool {
        match self {
            Token::Node(id) => doc.value(id).is_container(),
            Token::Property { .. } => true,
        }
    }
}

/// The `k`-th child of a token.
pub(crate) fn child(doc: &Document, parent: Token, k: usize) -> Option<Token> {
    match parent {
        Token::Node(id) => match doc.value(id) {
            Value::Object(members) if k < members.len() => Some(Token::Property {
                object: id,
                index: k as u32,
            }),
            Value::Array(items) => items.get(k).copied().map(Token::Node),
            _ => None,
        },
        Token::Property { .. } if k == 0 => parent.value_node(doc).map(Token::Node),
        Token::Property { .. } => None,
    }
}

/// Deepest token nesting the scans descend into: 10 000 JSON levels, each an object and a
/// property token (far beyond Newtonsoft's reader limit of 64; it also stops cyclic synthetic
/// structures). Deeper tokens are not visited.
const MAX_SCAN_DEPTH: usize = 20_000;

/// Pre-order walk over the descendants of a token (the token itself excluded), properties
/// included, like `JContainer.Descendants()` / `GetNextScanValue`.
pub(crate) struct Descendants {
    stack: Vec<(Token, usize)>,
}

impl Descendants {
    /// Starts below `start`, reusing `buffer`'s allocation.
    pub fn with_buffer(
        mut buffer: Vec<(Token, usize)>,
        doc: &Document,
        start: Token,
    ) -> Descendants {
        buffer.clear();
        if start.is_container(doc) {
            buffer.push((start, 0));
        }
        Descendants { stack: buffer }
    }

    /// Gives the allocation back for reuse.
    pub fn into_buffer(self) -> Vec<(Token, usize)> {
        self.stack
    }

    /// The next descendant in document order.
    pub fn next(&mut self, doc: &Document) -> Option<Token> {
        loop {
            let depth = self.stack.len();
            let top = self.stack.last_mut()?;
            match child(doc, top.0, top.1) {
                Some(found) => {
                    top.1 += 1;
                    if found.is_container(doc) && depth < MAX_SCAN_DEPTH {
                        self.stack.push((found, 0));
                    }
                    return Some(found);
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

/// A stack entry of [`Objects`]: a container, its next child, and the depth the container has
/// on the stack of the equivalent [`Descendants`] walk.
pub(crate) type ObjectEntry = (NodeId, u32, u32);

/// The object nodes among the descendants of a node, in the order [`Descendants`] yields them
/// and with the same depth limit, without visiting property tokens or yielding other values:
/// the walk of a scan filter that can only accept objects.
pub(crate) struct Objects {
    stack: Vec<ObjectEntry>,
}

impl Objects {
    /// Starts below the node `start`, reusing `buffer`'s allocation.
    pub fn with_buffer(mut buffer: Vec<ObjectEntry>, doc: &Document, start: NodeId) -> Objects {
        buffer.clear();
        if doc.value(start).is_container() {
            buffer.push((start, 0, 1));
        }
        Objects { stack: buffer }
    }

    /// Gives the allocation back for reuse.
    pub fn into_buffer(self) -> Vec<ObjectEntry> {
        self.stack
    }

    /// The next object node in document order.
    pub fn next(&mut self, doc: &Document) -> Option<NodeId> {
        let is_container = |id: NodeId| doc.value(id).is_container();
        loop {
            let (id, k, depth) = *self.stack.last()?;
            let (k, depth) = (k as usize, depth as usize);
            // An object's values sit one token deeper than its properties; an array's elements
            // directly below it. Scalars yield nothing and hold nothing: skipped in one go.
            let next = match doc.value(id) {
                Value::Object(members) if depth < MAX_SCAN_DEPTH => members
                    .get(k..)
                    .and_then(|rest| rest.iter().position(|m| is_container(m.value)))
                    .map(|i| (members[k + i].value, k + i, depth + 1)),
                Value::Array(items) => items
                    .get(k..)
                    .and_then(|rest| rest.iter().position(|&e| is_container(e)))
                    .map(|i| (items[k + i], k + i, depth)),
                _ => None,
            };
            let Some((child, at, child_depth)) = next else {
                self.stack.pop();
                continue;
            };
            if let Some(top) = self.stack.last_mut() {
                top.1 = at as u32 + 1;
            }
            if child_depth < MAX_SCAN_DEPTH {
                self.stack.push((child, 0, child_depth as u32 + 1));
            }
            if matches!(doc.value(child), Value::Object(_)) {
                return Some(child);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descendants_visit_properties_then_values_in_pre_order() {
        let doc = Document::from_serde(&serde_json::json!({"a": {"b": 1}, "c": [2]}));
        let root = doc.root().unwrap();
        let mut walk = Descendants::with_buffer(Vec::new(), &doc, Token::Node(root));
        let mut seen = Vec::new();
        while let Some(t) = walk.next(&doc) {
            seen.push(match t {
                Token::Property { .. } => format!("p:{}", t.property_name(&doc).unwrap()),
                Token::Node(id) => format!("v:{}", doc.pointer(id)),
            });
        }
        assert_eq!(
            seen,
            ["p:a", "v:/a", "p:b", "v:/a/b", "p:c", "v:/c", "v:/c/0"]
        );
        assert!(Descendants::with_buffer(
            Vec::new(),
            &doc,
            Token::Node(doc.get(root, "c").unwrap())
        )
        .next(&doc)
        .is_some());
    }

    #[test]
    fn objects_walk_yields_the_objects_of_the_full_walk_in_order() {
        let doc = Document::from_serde(&serde_json::json!(
            {"a": {"b": [1, {"c": {}}, [{"d": 2}]]}, "e": [], "f": {"g": null}}
        ));
        let root = doc.root().unwrap();
        let mut full = Descendants::with_buffer(Vec::new(), &doc, Token::Node(root));
        let mut expected = Vec::new();
        while let Some(t) = full.next(&doc) {
            if let Token::Node(id) = t {
                if matches!(doc.value(id), Value::Object(_)) {
                    expected.push(id);
                }
            }
        }
        let mut objects = Objects::with_buffer(Vec::new(), &doc, root);
        let mut seen = Vec::new();
        while let Some(id) = objects.next(&doc) {
            seen.push(id);
        }
        assert_eq!(seen, expected);
        assert_eq!(seen.len(), 5);
    }

    #[test]
    fn objects_walk_stops_at_the_scan_depth_like_the_full_walk() {
        // 12 000 nested objects: deeper than the scan limit of 20 000 tokens.
        let mut doc = Document::new();
        let mut inner = doc.push(Value::Object(Vec::new()), medtech_json::Span::SYNTHETIC);
        for _ in 0..12_000 {
            let member = medtech_json::Member::synthetic("x", inner);
            inner = doc.push(Value::Object(vec![member]), medtech_json::Span::SYNTHETIC);
        }
        let mut full = Descendants::with_buffer(Vec::new(), &doc, Token::Node(inner));
        let mut expected = 0;
        while let Some(t) = full.next(&doc) {
            expected += usize::from(t.node().is_some());
        }
        let mut objects = Objects::with_buffer(Vec::new(), &doc, inner);
        let mut seen = 0;
        while objects.next(&doc).is_some() {
            seen += 1;
        }
        assert_eq!(seen, expected);
        assert!(seen < 12_000);
    }
}
