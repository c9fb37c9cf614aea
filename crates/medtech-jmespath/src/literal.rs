//! Backtick literals, read the way JmesPath.Net reads them: `JToken.Parse` with Newtonsoft's
//! defaults, so an ISO date string becomes a date token and `1.0` a `Float` token
//! (device-mapping.md §7.1, §2.1).
//!
//! All literal reading goes through [`read_literal`], which uses `medtech_json::read` (with the
//! additional-content check of `JToken.Parse`). Should that reader report itself unimplemented,
//! it falls back to a strict `serde_json` reading without date detection.

use crate::var::Var;
use medtech_json::{Document, NodeId, ReadOptions, Value};
use std::rc::Rc;

/// The text between the backticks of the literal starting at byte `offset` of `src` (the
/// jmespath lexer's rule: a backslash keeps the next character), with `` \` `` unescaped.
pub(crate) fn literal_text(src: &str, offset: usize) -> String {
    let mut out = String::new();
    let mut chars = src.get(offset..).unwrap_or("").chars();
    if chars.next() != Some('`') {
        return out;
    }
    while let Some(c) = chars.next() {
        match c {
            '`' => break,
            '\\' => {
                out.push('\\');
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c => out.push(c),
        }
    }
    out.replace("\\`", "`")
}

/// Reads literal JSON text into a value, or Newtonsoft's reader message.
pub(crate) fn read_literal(text: &str) -> Result<Var, String> {
    let options = ReadOptions {
        check_additional_content: true,
        ..ReadOptions::default()
    };
    match medtech_json::read(text, &options) {
        Ok(doc) => match doc.root() {
            Some(root) => Ok(from_document(&doc, root, 0)),
            None => Err("Unexpected end of content while loading JObject.".to_string()),
        },
        Err(error) if error.message.contains("not implemented") => read_with_serde(text),
        Err(error) => Err(error.message),
    }
}

fn from_document(doc: &Document, id: NodeId, depth: usize) -> Var {
    if depth > 256 {
        return Var::Null;
    }
    match doc.value(id) {
        Value::Null | Value::Undefined => Var::Null,
        Value::Bool(b) => Var::Bool(*b),
        Value::Integer(i) => Var::Integer(*i),
        Value::BigInteger(t) => Var::BigInteger(Rc::from(&**t)),
        Value::Float(f) => Var::Float(*f),
        Value::String(s) => Var::String(Rc::from(&**s)),
        Value::Date(d) => Var::Date(*d),
        Value::Array(items) => Var::array(
            items
                .iter()
                .map(|i| from_document(doc, *i, depth + 1))
                .collect(),
        ),
        Value::Object(members) => Var::Object(Rc::new(
            members
                .iter()
                .map(|m| (Rc::from(&*m.name), from_document(doc, m.value, depth + 1)))
                .collect(),
        )),
    }
}

/// Fallback reading (strict JSON, no date detection).
fn read_with_serde(text: &str) -> Result<Var, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(from_serde(&value))
}

fn from_serde(value: &serde_json::Value) -> Var {
    match value {
        serde_json::Value::Null => Var::Null,
        serde_json::Value::Bool(b) => Var::Bool(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Var::Integer(i)
            } else if n.is_u64() {
                Var::BigInteger(Rc::from(n.to_string().as_str()))
            } else {
                Var::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_json::Value::String(s) => Var::string(s),
        serde_json::Value::Array(items) => Var::array(items.iter().map(from_serde).collect()),
        serde_json::Value::Object(map) => Var::Object(Rc::new(
            map.iter()
                .map(|(k, v)| (Rc::from(k.as_str()), from_serde(v)))
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_text_unescapes_backticks() {
        assert_eq!(literal_text("a == `\"x\\`y\"`", 5), "\"x`y\"");
        assert_eq!(literal_text("`[1, 2]`.x", 0), "[1, 2]");
        assert_eq!(literal_text("abc", 0), "");
    }

    #[test]
    fn literals_keep_newtonsoft_number_kinds_and_member_order() {
        assert_eq!(read_literal("1").unwrap(), Var::Integer(1));
        assert_eq!(read_literal("1.0").unwrap(), Var::Float(1.0));
        assert_eq!(read_literal("1e2").unwrap(), Var::Float(100.0));
        assert!(matches!(
            read_literal("123456789012345678901").unwrap(),
            Var::BigInteger(_) | Var::Float(_)
        ));
        let Var::Object(fields) = read_literal("{\"b\": 1, \"a\": null}").unwrap() else {
            panic!("object expected");
        };
        assert_eq!(&*fields[0].0, "b");
        assert_eq!(fields[1].1, Var::Null);
    }
}
