//! Compact JSON text as Newtonsoft's `JsonTextWriter` writes a token with default settings
//! (JmesPath.Net's `AsString()`, used by `to_string` and to print literals; device-mapping.md §7.2).
//!
//! Doubles: shortest round-trip text with `.0` added when it has neither `.` nor `E`;
//! NaN/±∞ as quoted strings (`FloatFormatHandling.String`). Dates: ISO text (`RoundtripKind`).
//! Strings: `"` and `\` escaped, control characters as `\n`-style or `\u00xx`, and U+0085,
//! U+2028, U+2029 escaped; other characters verbatim.

use crate::error::{Eval, RuntimeError};
use crate::text::date_iso;
use crate::var::{view, Var, View};
use medtech_json::Document;
use std::fmt::Write;

/// Deepest nesting written (guards hostile synthetic documents).
const MAX_DEPTH: usize = crate::var::MAX_DATA_DEPTH;

/// Writes `var` as compact JSON.
pub(crate) fn write_json(doc: &Document, var: &Var, out: &mut String) -> Eval<()> {
    write_view(doc, view(doc, var), out, 0)
}

fn write_view(doc: &Document, v: View<'_>, out: &mut String, depth: usize) -> Eval<()> {
    if depth > MAX_DEPTH {
        return Err(RuntimeError::new(
            "The value is nested too deeply to be written.",
        ));
    }
    match v {
        View::Null => out.push_str("null"),
        View::Undefined => out.push_str("undefined"),
        View::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        View::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        View::BigInteger(t) => out.push_str(t),
        View::Float(f) => out.push_str(&medtech_json::format_double_json(f)),
        View::String(s) => json_string(s, out),
        View::Date(d) => {
            out.push('"');
            out.push_str(&date_iso(d));
            out.push('"');
        }
        View::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_view(doc, view(doc, &item), out, depth + 1)?;
            }
            out.push(']');
        }
        View::Object(fields) => {
            out.push('{');
            for (i, (name, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(name, out);
                out.push(':');
                write_view(doc, view(doc, &value), out, depth + 1)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// A JSON string with Newtonsoft's default escaping.
pub(crate) fn json_string(s: &str, out: &mut String) {
    medtech_json::write::write_string(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn json(var: &Var) -> String {
        let doc = Document::new();
        let mut out = String::new();
        write_json(&doc, var, &mut out).unwrap();
        out
    }

    #[test]
    fn writes_newtonsoft_compact_json() {
        assert_eq!(json(&Var::Float(1.0)), "1.0");
        assert_eq!(json(&Var::Float(1e15)), "1E+15");
        assert_eq!(json(&Var::Float(-0.0)), "-0.0");
        assert_eq!(json(&Var::Float(f64::NAN)), "\"NaN\"");
        assert_eq!(json(&Var::Float(2.5)), "2.5");
        assert_eq!(
            json(&Var::string("a\"b\\c\n\u{1}\u{2028}é/")),
            "\"a\\\"b\\\\c\\n\\u0001\\u2028é/\""
        );
        let obj = Var::Object(Rc::new(vec![
            (
                Rc::from("x"),
                Var::array(vec![Var::Integer(1), Var::Null, Var::Bool(true)]),
            ),
            (Rc::from("y"), Var::Object(Rc::new(Vec::new()))),
        ]));
        assert_eq!(json(&obj), "{\"x\":[1,null,true],\"y\":{}}");
    }

    #[test]
    fn writes_document_nodes() {
        let doc = Document::from_serde(&serde_json::json!({"a": [1, 2.5, "s"]}));
        let mut out = String::new();
        write_json(&doc, &Var::Node(doc.root().unwrap()), &mut out).unwrap();
        assert_eq!(out, "{\"a\":[1,2.5,\"s\"]}");
    }
}
