//! Writing tokens back as JSON: Newtonsoft's `JToken.ToString(Formatting.None)` text
//! (device-mapping.md §8.1) and a `serde_json` copy. Both walk the tree iteratively.

use crate::document::{Document, NodeId, Value};
use crate::number::format_double_json;

/// Containers nested deeper than this are written as `null` (guards against hostile or cyclic
/// synthetic trees; documents read with the default options are at most 64 deep).
pub const MAX_WRITE_DEPTH: usize = 10_000;

/// Appends `s` escaped as Newtonsoft's `JavaScriptUtils.WriteEscapedJavaScriptString` does with
/// the default escape handling for `delimiter` (the delimiters themselves are not written):
/// `\t \n \r \f \b \\` by name, other controls as `\u00xx` (lower-case hex), the delimiter
/// (`\"` or `\'`), and U+0085, U+2028, U+2029 as `\uXXXX`. Nothing else is escaped.
pub fn escape_into(out: &mut String, s: &str, delimiter: char) {
    let needs = |c: char| {
        (c as u32) < 0x20
            || c == '\\'
            || c == delimiter
            || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
    };
    let mut copied = 0;
    for (i, c) in s.char_indices() {
        if !needs(c) {
            continue;
        }
        out.push_str(&s[copied..i]);
        copied = i + c.len_utf8();
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            '\u{8}' => out.push_str("\\b"),
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            c => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let v = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((v >> shift) & 0xF) as usize] as char);
                }
            }
        }
    }
    out.push_str(&s[copied..]);
}

/// Appends a JSON string literal (double quotes) as Newtonsoft writes it.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    escape_into(out, s, '"');
    out.push('"');
}

/// Compact JSON of the node, as Newtonsoft's `JToken.ToString(Formatting.None)` writes it:
/// dates as quoted [`crate::DateTime::to_newtonsoft_iso`], doubles as
/// [`format_double_json`] (`1.0`, `1E+15`, `"NaN"`), big integers as digits, `undefined` as
/// `undefined`.
pub fn to_json_string(doc: &Document, id: NodeId) -> String {
    let mut out = String::new();
    write_json(&mut out, doc, id);
    out
}

/// Appends [`to_json_string`] of the node to `out`.
pub fn write_json(out: &mut String, doc: &Document, id: NodeId) {
    // (container, next child index)
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    let mut next = Some(id);
    loop {
        if let Some(node) = next.take() {
            match doc.value(node) {
                Value::Array(_) | Value::Object(_) if stack.len() >= MAX_WRITE_DEPTH => {
                    out.push_str("null")
                }
                Value::Array(_) => {
                    out.push('[');
                    stack.push((node, 0));
                }
                Value::Object(_) => {
                    out.push('{');
                    stack.push((node, 0));
                }
                scalar => write_scalar(out, scalar),
            }
        }
        let Some((container, index)) = stack.last_mut() else {
            return;
        };
        let i = *index;
        *index += 1;
        match doc.value(*container) {
            Value::Array(items) => match items.get(i) {
                Some(&child) => {
                    if i > 0 {
                        out.push(',');
                    }
                    next = Some(child);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Value::Object(members) => match members.get(i) {
                Some(member) => {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, &member.name);
                    out.push(':');
                    next = Some(member.value);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
            _ => {
                stack.pop();
            }
        }
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Undefined => out.push_str("undefined"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::BigInteger(text) => out.push_str(text),
        Value::Float(f) => out.push_str(&format_double_json(*f)),
        Value::String(s) => write_string(out, s),
        Value::Date(d) => {
            out.push('"');
            d.write_newtonsoft_iso(out);
            out.push('"');
        }
        Value::Array(_) | Value::Object(_) => out.push_str("null"),
    }
}

/// A `serde_json` copy of the node: dates → ISO strings ([`crate::DateTime::to_newtonsoft_iso`]),
/// big integers → numbers when they fit 64 bits unsigned, else strings; NaN/±∞ → the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"`; `undefined` → `null`. Containers deeper than
/// [`MAX_WRITE_DEPTH`] become `null`.
pub fn to_serde(doc: &Document, id: NodeId) -> serde_json::Value {
    to_serde_with(doc, id, &mut |_| None)
}

/// [`to_serde`], except that integers beyond 64 bits become the nearest double, as JSON
/// readers take them ([`to_serde`] keeps them as strings). Every number is the double nearest
/// its text: unlike `serde_json::from_str` without `float_roundtrip`, which can be one unit in
/// the last place off for 16- and 17-digit numbers (`93.53085792562891`).
pub fn to_serde_numeric(doc: &Document, id: NodeId) -> serde_json::Value {
    to_serde_with(doc, id, &mut |node| match doc.value(node) {
        Value::BigInteger(text) if text.parse::<u64>().is_err() => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number),
        _ => None,
    })
}

/// [`to_serde`] with `scalar` asked first for every scalar node: the value it returns (if any)
/// replaces the node's own conversion.
pub fn to_serde_with(
    doc: &Document,
    id: NodeId,
    scalar: &mut dyn FnMut(NodeId) -> Option<serde_json::Value>,
) -> serde_json::Value {
    enum Partial {
        Array(Vec<serde_json::Value>),
        Object(serde_json::Map<String, serde_json::Value>),
    }
    // (container, next child index, value being built)
    let mut stack: Vec<(NodeId, usize, Partial)> = Vec::new();
    let mut next = Some(id);
    let mut done: Option<serde_json::Value> = None;
    loop {
        if let Some(node) = next.take() {
            let value = match doc.value(node) {
                Value::Array(_) | Value::Object(_) if stack.len() >= MAX_WRITE_DEPTH => {
                    Some(serde_json::Value::Null)
                }
                Value::Array(items) => {
                    stack.push((node, 0, Partial::Array(Vec::with_capacity(items.len()))));
                    None
                }
                Value::Object(_) => {
                    stack.push((node, 0, Partial::Object(serde_json::Map::new())));
                    None
                }
                value => Some(scalar(node).unwrap_or_else(|| scalar_to_serde(value))),
            };
            done = value;
        }
        let Some((container, index, partial)) = stack.last_mut() else {
            return done.unwrap_or(serde_json::Value::Null);
        };
        // Store the value just finished into its parent (the child at `index - 1`).
        if let Some(v) = done.take() {
            match (partial, doc.value(*container)) {
                (Partial::Array(items), _) => items.push(v),
                (Partial::Object(map), Value::Object(members)) => {
                    if let Some(m) = members.get(*index - 1) {
                        map.insert(m.name.to_string(), v);
                    }
                }
                _ => {}
            }
        }
        let Some((container, index, _)) = stack.last_mut() else {
            continue;
        };
        let i = *index;
        *index += 1;
        let child = match doc.value(*container) {
            Value::Array(items) => items.get(i).copied(),
            Value::Object(members) => members.get(i).map(|m| m.value),
            _ => None,
        };
        match child {
            Some(c) => next = Some(c),
            None => {
                if let Some((_, _, partial)) = stack.pop() {
                    done = Some(match partial {
                        Partial::Array(items) => serde_json::Value::Array(items),
                        Partial::Object(map) => serde_json::Value::Object(map),
                    });
                }
                if stack.is_empty() {
                    return done.unwrap_or(serde_json::Value::Null);
                }
            }
        }
    }
}

fn scalar_to_serde(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null | Value::Undefined => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Integer(i) => J::from(*i),
        Value::BigInteger(text) => match text.parse::<u64>() {
            Ok(u) => J::from(u),
            Err(_) => J::String(text.to_string()),
        },
        Value::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => J::Number(n),
            None => J::String(crate::number::format_double(*f)),
        },
        Value::String(s) => J::String(s.to_string()),
        Value::Date(d) => J::String(d.to_newtonsoft_iso()),
        Value::Array(_) | Value::Object(_) => J::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadOptions};

    fn roundtrip(text: &str) -> String {
        let doc = read(text, &ReadOptions::default()).unwrap();
        to_json_string(&doc, doc.root().unwrap())
    }

    #[test]
    fn compact_newtonsoft_text() {
        let cases: &[(&str, &str)] = &[
            ("{ a : 1, 'b': [true, null, undefined, 1.0, 1e15, NaN, -Infinity] }",
             r#"{"a":1,"b":[true,null,undefined,1.0,1E+15,"NaN","-Infinity"]}"#),
            ("[\"2019-02-01T22:46:01.8750000Z\", \"2019-02-01T22:46:01\", \"2019-02-01T23:46:01+01:00\"]",
             r#"["2019-02-01T22:46:01.875Z","2019-02-01T22:46:01","2019-02-01T22:46:01+00:00"]"#),
            ("'it\\'s \"q\" \\\\ \\u0001 \\u001f \\u007f é \\u2028 /'",
             "\"it's \\\"q\\\" \\\\ \\u0001 \\u001f \u{7f} é \\u2028 /\""),
            ("\"\\b\\f\\n\\r\\t\\u0085\"", r#""\b\f\n\r\t\u0085""#),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
            ("{}", "{}"),
            ("[]", "[]"),
            ("[[],{},[{}]]", "[[],{},[{}]]"),
            ("{\"a\\nb\": -0.0}", r#"{"a\nb":-0.0}"#),
        ];
        for (input, expected) in cases {
            assert_eq!(roundtrip(input), *expected, "{input}");
        }
    }

    #[test]
    fn serde_copy() {
        let doc = read(
            "{\"a\": [1, 2.5, NaN, \"2019-02-01T22:46:01Z\", 18446744073709551615, 18446744073709551616, undefined], \"b\": {\"c\": true}}",
            &ReadOptions::default(),
        )
        .unwrap();
        let v = to_serde(&doc, doc.root().unwrap());
        assert_eq!(
            v,
            serde_json::json!({"a": [1, 2.5, "NaN", "2019-02-01T22:46:01Z", 18446744073709551615u64, "18446744073709551616", null], "b": {"c": true}})
        );
        let doc = read("7", &ReadOptions::default()).unwrap();
        assert_eq!(to_serde(&doc, doc.root().unwrap()), serde_json::json!(7));
        let doc = read("[]", &ReadOptions::default()).unwrap();
        assert_eq!(to_serde(&doc, doc.root().unwrap()), serde_json::json!([]));
    }

    #[test]
    fn deep_trees_do_not_overflow() {
        let opts = ReadOptions {
            max_depth: usize::MAX,
            ..ReadOptions::default()
        };
        let depth = 20_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let doc = read(&text, &opts).unwrap();
        let json = to_json_string(&doc, doc.root().unwrap());
        assert!(json.starts_with("[[[") && json.contains("null"));
        let v = to_serde(&doc, doc.root().unwrap());
        // Dismantle iteratively: serde_json drops recursively.
        let mut current = v;
        while let serde_json::Value::Array(mut items) = current {
            current = items.pop().unwrap_or(serde_json::Value::Null);
        }
    }
}
