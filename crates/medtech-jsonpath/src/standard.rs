//! The RFC 9535 reading of an expression, through the `jsonpath-rust` crate, and where it differs
//! from Newtonsoft's (device-mapping.md §6: wildcards, scans, filters, `@x`, missing `$`…).
//! Powers the lint "other JSONPath tools read this differently".
//!
//! The subtree under the evaluation root is copied into a `serde_json::Value` (dates as the ISO
//! text Newtonsoft writes, `undefined` and non-finite floats as `null`); results are named by
//! JSON Pointers **relative to that root** (equal to [`Document::pointer`] when the root is the
//! document root). Matches are compared as multisets of nodes, then as sequences.

use crate::dates;
use crate::token::Token;
use crate::JsonPath;
use jsonpath_rust::JsonPath as _;
use medtech_json::document::escape_pointer_token;
use medtech_json::{Document, NodeId, Value};
use std::collections::HashMap;

/// Deepest subtree handed to `jsonpath-rust` (it recurses over the data).
const MAX_DEPTH: usize = 200;

/// How the two readings differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DifferenceKind {
    /// `jsonpath-rust` rejects the text (e.g. no leading `$`, `@x` without a dot, `=~`).
    RejectedByStandard,
    /// Newtonsoft fails while evaluating (e.g. a negative index), the standard does not.
    FailsInNewtonsoft,
    /// Different nodes are selected.
    DifferentMatches,
    /// The same nodes, in another order.
    DifferentOrder,
}

/// A difference between the Newtonsoft and the RFC 9535 readings of an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardDifference {
    /// What differs.
    pub kind: DifferenceKind,
    /// Newtonsoft's matches as relative JSON Pointers (a property token as
    /// `<pointer of its value> (property)`), or its error message.
    pub newtonsoft: Result<Vec<String>, String>,
    /// The RFC 9535 matches, or the parser's/evaluator's message.
    pub rfc9535: Result<Vec<String>, String>,
}

fn to_serde(doc: &Document, id: NodeId, depth: usize, too_deep: &mut bool) -> serde_json::Value {
    use serde_json::Value as J;
    if depth > MAX_DEPTH {
        *too_deep = true;
        return J::Null;
    }
    match doc.value(id) {
        Value::Null | Value::Undefined => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Integer(i) => J::from(*i),
        Value::BigInteger(text) => serde_json::from_str::<serde_json::Number>(text)
            .map(J::Number)
            .unwrap_or(J::Null),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        Value::String(s) => J::String(s.to_string()),
        Value::Date(d) => J::String(dates::iso_text(d)),
        Value::Array(items) => J::Array(
            items
                .iter()
                .map(|&item| to_serde(doc, item, depth + 1, too_deep))
                .collect(),
        ),
        Value::Object(members) => J::Object(
            members
                .iter()
                .map(|m| {
                    (
                        m.name.to_string(),
                        to_serde(doc, m.value, depth + 1, too_deep),
                    )
                })
                .collect(),
        ),
    }
}

/// Records, for every value of the copy, its address → (node, relative pointer).
fn index_copy(
    doc: &Document,
    id: NodeId,
    value: &serde_json::Value,
    pointer: &mut String,
    out: &mut HashMap<usize, (NodeId, String)>,
) {
    out.insert(value as *const _ as usize, (id, pointer.clone()));
    let mark = pointer.len();
    match (doc.value(id), value) {
        (Value::Array(items), serde_json::Value::Array(copies)) => {
            for (k, (&item, copy)) in items.iter().zip(copies).enumerate() {
                pointer.push('/');
                pointer.push_str(&k.to_string());
                index_copy(doc, item, copy, pointer, out);
                pointer.truncate(mark);
            }
        }
        (Value::Object(members), serde_json::Value::Object(copies)) => {
            for (member, copy) in members.iter().zip(copies.values()) {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(&member.name));
                index_copy(doc, member.value, copy, pointer, out);
                pointer.truncate(mark);
            }
        }
        _ => {}
    }
}

/// The serde copy of the subtree and the index of its values (address → node, pointer).
type Prepared = (serde_json::Value, HashMap<usize, (NodeId, String)>);

fn prepare(doc: &Document, root: NodeId) -> Result<serde_json::Value, String> {
    let mut too_deep = false;
    let value = to_serde(doc, root, 0, &mut too_deep);
    if too_deep {
        return Err(format!(
            "the document is nested deeper than {MAX_DEPTH} levels; not compared"
        ));
    }
    Ok(value)
}

fn index(
    doc: &Document,
    root: NodeId,
    value: &serde_json::Value,
) -> HashMap<usize, (NodeId, String)> {
    let mut out = HashMap::new();
    index_copy(doc, root, value, &mut String::new(), &mut out);
    out
}

/// Runs `expr` with `jsonpath-rust` on the copy; the matches as (node, relative pointer).
fn run(expr: &str, prepared: &Prepared) -> Result<Vec<(NodeId, String)>, String> {
    let (value, index) = prepared;
    let found = value.query(expr).map_err(|e| e.to_string())?;
    Ok(found
        .into_iter()
        .filter_map(|v| index.get(&(v as *const _ as usize)).cloned())
        .collect())
}

/// The RFC 9535 matches of `expr` on the subtree at `root`, as JSON Pointers relative to it;
/// `Err` with the parser's message when `jsonpath-rust` rejects the text.
pub fn rfc9535_select(expr: &str, doc: &Document, root: NodeId) -> Result<Vec<String>, String> {
    let value = prepare(doc, root)?;
    let index = index(doc, root, &value);
    let prepared = (value, index);
    Ok(run(expr, &prepared)?.into_iter().map(|(_, p)| p).collect())
}

/// Describes how the RFC 9535 reading of `path` differs from Newtonsoft's on this data, or
/// `None` when both select the same nodes in the same order (or the data is too deep to
/// compare).
pub fn compare_with_standard(
    path: &JsonPath,
    doc: &Document,
    root: NodeId,
) -> Option<StandardDifference> {
    let value = prepare(doc, root).ok()?;
    let index = index(doc, root, &value);
    let mut names: HashMap<NodeId, String> = HashMap::new();
    for (node, pointer) in index.values() {
        names
            .entry(*node)
            .and_modify(|p| {
                if pointer < p {
                    *p = pointer.clone();
                }
            })
            .or_insert_with(|| pointer.clone());
    }
    let prepared = (value, index);
    let standard = run(path.source(), &prepared);
    let name = |t: &Token| -> String {
        let pointer = t
            .value_node(doc)
            .and_then(|n| names.get(&n).cloned())
            .unwrap_or_else(|| t.pointer(doc));
        match t {
            Token::Node(_) => pointer,
            Token::Property { .. } => format!("{pointer} (property)"),
        }
    };
    let newtonsoft = path.select_tokens(doc, Token::Node(root));
    let newton_names = newtonsoft
        .as_ref()
        .map(|tokens| tokens.iter().map(name).collect::<Vec<_>>())
        .map_err(|e| e.message.clone());
    let standard_names = standard
        .as_ref()
        .map(|found| found.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>())
        .map_err(Clone::clone);
    let kind = match (&newtonsoft, &standard) {
        (_, Err(_)) => DifferenceKind::RejectedByStandard,
        (Err(_), Ok(_)) => DifferenceKind::FailsInNewtonsoft,
        (Ok(tokens), Ok(found)) => {
            let ours: Vec<Option<NodeId>> = tokens.iter().map(|t| t.node()).collect();
            let theirs: Vec<Option<NodeId>> = found.iter().map(|(n, _)| Some(*n)).collect();
            if ours == theirs {
                return None;
            }
            let mut a = ours.clone();
            let mut b = theirs.clone();
            a.sort();
            b.sort();
            if a == b {
                DifferenceKind::DifferentOrder
            } else {
                DifferenceKind::DifferentMatches
            }
        }
    };
    Some(StandardDifference {
        kind,
        newtonsoft: newton_names,
        rfc9535: standard_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: serde_json::Value) -> (Document, NodeId) {
        let d = Document::from_serde(&v);
        let r = d.root().unwrap();
        (d, r)
    }

    #[test]
    fn standard_selects_with_pointers() {
        let (d, r) = doc(json!({"a": [1, {"b/c": 2}], "x": {"b/c": 3}}));
        assert_eq!(rfc9535_select("$.a[*]", &d, r).unwrap(), ["/a/0", "/a/1"]);
        let mut found = rfc9535_select("$..['b/c']", &d, r).unwrap();
        found.sort();
        assert_eq!(found, ["/a/1/b~1c", "/x/b~1c"]);
        assert!(rfc9535_select("heartrate", &d, r).is_err());
    }

    #[test]
    fn same_reading_is_no_difference() {
        let (d, r) = doc(json!({"a": {"b": 1}}));
        let p = crate::parse("$.a.b").unwrap();
        assert_eq!(compare_with_standard(&p, &d, r), None);
    }

    #[test]
    fn wildcards_and_scans_differ() {
        let (d, r) = doc(json!({"a": [1, 2], "o": {"k": 1}}));
        let p = crate::parse("$.a.*").unwrap();
        let diff = compare_with_standard(&p, &d, r).unwrap();
        assert_eq!(diff.kind, DifferenceKind::DifferentMatches);
        assert_eq!(diff.newtonsoft, Ok(vec![]));
        assert_eq!(diff.rfc9535, Ok(vec!["/a/0".into(), "/a/1".into()]));

        let (d, r) = doc(json!({"heartRate": 1, "x": {"heartRate": 2}}));
        let p = crate::parse("$..[?(@.heartRate)]").unwrap();
        let diff = compare_with_standard(&p, &d, r).unwrap();
        assert_eq!(diff.kind, DifferenceKind::DifferentMatches);
        assert_eq!(diff.newtonsoft, Ok(vec!["".into(), "/x".into()]));
        assert_eq!(diff.rfc9535, Ok(vec!["/x".into()]));
    }

    #[test]
    fn rejected_and_failing_readings() {
        let (d, r) = doc(json!({"heartrate": 1}));
        let p = crate::parse("$..[?(@heartrate)]").unwrap();
        let diff = compare_with_standard(&p, &d, r).unwrap();
        assert_eq!(diff.kind, DifferenceKind::RejectedByStandard);
        assert_eq!(diff.newtonsoft, Ok(vec!["".into()]));

        let (d, r) = doc(json!({"a": [1, 2]}));
        let p = crate::parse("$.a[-1]").unwrap();
        let diff = compare_with_standard(&p, &d, r).unwrap();
        assert_eq!(diff.kind, DifferenceKind::FailsInNewtonsoft);
        assert_eq!(diff.rfc9535, Ok(vec!["/a/1".into()]));
    }
}
