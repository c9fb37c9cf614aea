//! JMESPath values: nodes of the evaluated [`Document`] or values computed by the expression
//! (device-mapping.md §7.2).
//!
//! JmesPath.Net evaluates over Newtonsoft tokens. A token taken from the message is kept as
//! [`Var::Node`] (no copy, its pointer still names its place in the text); values built by the
//! expression (function results, multi-selects, literals) are the other variants. The token kinds
//! are Newtonsoft's: `Integer` and `Float` are distinct, and a date token ([`Var::Date`]) is not a
//! string token.

use medtech_json::{DateTime, Document, Member, NodeId, Span, TokenKind, Value};
use std::rc::Rc;

/// A JMESPath value over Newtonsoft token kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Var {
    /// A node of the evaluated document, unchanged.
    Node(NodeId),
    /// JSON `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A Newtonsoft `Integer` token (64-bit).
    Integer(i64),
    /// A Newtonsoft `Integer` token beyond 64 bits (from a backtick literal), as decimal text.
    BigInteger(Rc<str>),
    /// A Newtonsoft `Float` token.
    Float(f64),
    /// A Newtonsoft `String` token.
    String(Rc<str>),
    /// A Newtonsoft `Date` token (e.g. from `fromUnixTimestamp` or an ISO literal).
    Date(DateTime),
    /// An array of values.
    Array(Rc<Vec<Var>>),
    /// An object: members in order, names unique.
    Object(Rc<Vec<(Rc<str>, Var)>>),
}

impl Var {
    /// A string value.
    pub fn string(text: &str) -> Var {
        Var::String(Rc::from(text))
    }

    /// An array value.
    pub fn array(items: Vec<Var>) -> Var {
        Var::Array(Rc::new(items))
    }
}

/// A borrowed, kind-resolved look at a [`Var`] (document nodes resolved through the arena).
#[derive(Clone, Copy, Debug)]
pub(crate) enum View<'a> {
    Null,
    Undefined,
    Bool(bool),
    Integer(i64),
    BigInteger(&'a str),
    Float(f64),
    String(&'a str),
    Date(DateTime),
    Array(Items<'a>),
    Object(Fields<'a>),
}

/// Elements of an array, from the document or computed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Items<'a> {
    Doc(&'a [NodeId]),
    Computed(&'a [Var]),
}

/// Members of an object, from the document or computed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fields<'a> {
    Doc(&'a [Member]),
    Computed(&'a [(Rc<str>, Var)]),
}

impl<'a> Items<'a> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Items::Doc(ids) => ids.len(),
            Items::Computed(vars) => vars.len(),
        }
    }

    pub(crate) fn get(&self, index: usize) -> Option<Var> {
        match self {
            Items::Doc(ids) => ids.get(index).map(|id| Var::Node(*id)),
            Items::Computed(vars) => vars.get(index).cloned(),
        }
    }

    /// True when element values come from a computed container (a `null` element is then a
    /// detached null token, not the shared `JTokens.Null`).
    pub(crate) fn is_computed(&self) -> bool {
        matches!(self, Items::Computed(_))
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = Var> + 'a {
        let (doc, computed): (&'a [NodeId], &'a [Var]) = match self {
            Items::Doc(ids) => (ids, &[]),
            Items::Computed(vars) => (&[], vars),
        };
        doc.iter()
            .map(|id| Var::Node(*id))
            .chain(computed.iter().cloned())
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Fields::Doc(m) => m.len(),
            Fields::Computed(m) => m.len(),
        }
    }

    pub(crate) fn is_computed(&self) -> bool {
        matches!(self, Fields::Computed(_))
    }

    /// The member `name`, compared ordinally (Newtonsoft's `JObject` indexer).
    pub(crate) fn get(&self, name: &str) -> Option<Var> {
        match self {
            Fields::Doc(m) => m
                .iter()
                .find(|x| medtech_json::document::same_bytes(x.name.as_bytes(), name.as_bytes()))
                .map(|x| Var::Node(x.value)),
            Fields::Computed(m) => m.iter().find(|x| &*x.0 == name).map(|x| x.1.clone()),
        }
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = (&'a str, Var)> + 'a {
        let (doc, computed): (&'a [Member], &'a [(Rc<str>, Var)]) = match self {
            Fields::Doc(m) => (m, &[]),
            Fields::Computed(m) => (&[], m),
        };
        doc.iter()
            .map(|m| (&*m.name, Var::Node(m.value)))
            .chain(computed.iter().map(|(n, v)| (&**n, v.clone())))
    }
}

/// Resolves a value through the document.
pub(crate) fn view<'a>(doc: &'a Document, var: &'a Var) -> View<'a> {
    match var {
        Var::Node(id) => view_node(doc, *id),
        Var::Null => View::Null,
        Var::Bool(b) => View::Bool(*b),
        Var::Integer(i) => View::Integer(*i),
        Var::BigInteger(t) => View::BigInteger(t),
        Var::Float(f) => View::Float(*f),
        Var::String(s) => View::String(s),
        Var::Date(d) => View::Date(*d),
        Var::Array(items) => View::Array(Items::Computed(items)),
        Var::Object(fields) => View::Object(Fields::Computed(fields)),
    }
}

/// Resolves a document node (an id outside the arena reads as `null`).
pub(crate) fn view_node(doc: &Document, id: NodeId) -> View<'_> {
    if id.0 as usize >= doc.len() {
        return View::Null;
    }
    match doc.value(id) {
        Value::Null => View::Null,
        Value::Undefined => View::Undefined,
        Value::Bool(b) => View::Bool(*b),
        Value::Integer(i) => View::Integer(*i),
        Value::BigInteger(t) => View::BigInteger(t),
        Value::Float(f) => View::Float(*f),
        Value::String(s) => View::String(s),
        Value::Date(d) => View::Date(*d),
        Value::Array(ids) => View::Array(Items::Doc(ids)),
        Value::Object(m) => View::Object(Fields::Doc(m)),
    }
}

impl View<'_> {
    /// Newtonsoft's `JTokenType` (named in the custom functions' `invalid-type` message).
    pub(crate) fn token_kind(&self) -> TokenKind {
        match self {
            View::Null => TokenKind::Null,
            View::Undefined => TokenKind::Undefined,
            View::Bool(_) => TokenKind::Boolean,
            View::Integer(_) | View::BigInteger(_) => TokenKind::Integer,
            View::Float(_) => TokenKind::Float,
            View::String(_) => TokenKind::String,
            View::Date(_) => TokenKind::Date,
            View::Array(_) => TokenKind::Array,
            View::Object(_) => TokenKind::Object,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, View::Null)
    }
}

/// Turns a value into document nodes: [`Var::Node`] returns its id unchanged; computed values
/// are pushed as synthetic nodes (document nodes they contain are shared, not copied or
/// re-parented).
pub fn materialize(doc: &mut Document, var: &Var) -> NodeId {
    materialize_at(doc, var, 0)
}

/// Deepest value nesting walked by the recursive helpers (comparison, JSON text, merge,
/// materializing). Documents read from text are at most 64 deep and expressions add at most
/// [`crate::MAX_TREE_DEPTH`] levels, so this only stops hostile synthetic (e.g. cyclic) trees.
pub(crate) const MAX_DATA_DEPTH: usize = 400;

/// Nesting beyond this is materialized as `null`.
const MATERIALIZE_DEPTH: usize = MAX_DATA_DEPTH;

fn materialize_at(doc: &mut Document, var: &Var, depth: usize) -> NodeId {
    let value = match var {
        Var::Node(id) => return *id,
        _ if depth > MATERIALIZE_DEPTH => Value::Null,
        Var::Null => Value::Null,
        Var::Bool(b) => Value::Bool(*b),
        Var::Integer(i) => Value::Integer(*i),
        Var::BigInteger(t) => Value::BigInteger(t.as_ref().into()),
        Var::Float(f) => Value::Float(*f),
        Var::String(s) => Value::String(s.as_ref().into()),
        Var::Date(d) => Value::Date(*d),
        Var::Array(items) => {
            let id = doc.push(Value::Null, Span::SYNTHETIC);
            let mut ids = Vec::with_capacity(items.len());
            for (slot, item) in items.iter().enumerate() {
                let child = materialize_at(doc, item, depth + 1);
                if !matches!(item, Var::Node(_)) {
                    doc.set_parent(child, Some(id), slot as u32);
                }
                ids.push(child);
            }
            doc.node_mut(id).value = Value::Array(ids);
            return id;
        }
        Var::Object(fields) => {
            let id = doc.push(Value::Null, Span::SYNTHETIC);
            let mut members = Vec::with_capacity(fields.len());
            for (slot, (name, item)) in fields.iter().enumerate() {
                let child = materialize_at(doc, item, depth + 1);
                if !matches!(item, Var::Node(_)) {
                    doc.set_parent(child, Some(id), slot as u32);
                }
                members.push(Member::synthetic(name.as_ref(), child));
            }
            doc.node_mut(id).value = Value::Object(members);
            return id;
        }
    };
    doc.push(value, Span::SYNTHETIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn materialize_keeps_nodes_and_shares_children() {
        let mut doc = Document::from_serde(&serde_json::json!({"a": [1, 2]}));
        let root = doc.root().unwrap();
        let a = doc.get(root, "a").unwrap();
        assert_eq!(materialize(&mut doc, &Var::Node(a)), a);
        let before = doc.len();
        let wrapper = Var::Object(Rc::new(vec![
            (Rc::from("x"), Var::Node(a)),
            (Rc::from("y"), Var::array(vec![Var::Integer(7), Var::Null])),
        ]));
        let id = materialize(&mut doc, &wrapper);
        assert!(doc.len() > before);
        assert_eq!(doc.get(id, "x"), Some(a));
        // the shared child keeps its original parent
        assert_eq!(doc.node(a).parent, Some(root));
        let y = doc.get(id, "y").unwrap();
        assert_eq!(doc.node(y).parent, Some(id));
        assert_eq!(doc.value(doc.elements(y)[0]), &Value::Integer(7));
        assert_eq!(doc.pointer(doc.elements(y)[1]), "/y/1");
    }

    #[test]
    fn view_resolves_out_of_range_ids_as_null() {
        let doc = Document::new();
        assert!(view_node(&doc, NodeId(5)).is_null());
    }
}
