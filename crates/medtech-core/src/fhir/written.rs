//! An Observation as the service writes it: its canonical JSON text, compact, with decimals as
//! .NET writes them (scale kept, never an exponent: fhir-mapping.md §6).
//!
//! The FHIR stage builds and merges Observations as `serde_json` values with decimals as
//! [`DECIMAL`](crate::fhir::json::DECIMAL) objects, and keeps only this text of each
//! (a tenth of the memory of the value). [`ObservationText::to_json`] gives a value to
//! read members from (numbers as doubles there: `22.40` reads as `22.4`);
//! [`ObservationText::pretty`] the indented text with the numbers as written.

use std::fmt;

use medtech_json::{read, ReadOptions, Value};
use serde_json::{Map, Value as Json};

use crate::fhir::json::{decimal_from_text, decimal_text, is_number_literal};

/// An Observation's canonical JSON text, compact (no white space outside strings).
#[derive(Clone, PartialEq, Eq)]
pub struct ObservationText(Box<str>);

impl fmt::Debug for ObservationText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ObservationText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Serialized as its text, a string (the web app hands reports between threads this way).
impl serde::Serialize for ObservationText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Read back from its text (trusted: what [`ObservationText::write`] wrote).
impl<'de> serde::Deserialize<'de> for ObservationText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| ObservationText(s.into_boxed_str()))
    }
}

impl ObservationText {
    /// The text of `value`: `serde_json`'s compact layout, each decimal object written as its
    /// number text.
    pub fn write(value: &Json) -> ObservationText {
        let mut out = String::with_capacity(1024);
        write_value(&mut out, value, 0);
        ObservationText(out.into_boxed_str())
    }

    /// Text already in this form (written by the stage's own writers).
    pub(crate) fn from_text(text: String) -> ObservationText {
        ObservationText(text.into_boxed_str())
    }

    /// The compact text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Observation as a `serde_json` value, numbers as the nearest double (`22.40` reads
    /// as `22.4`). Read with the correctly rounded reader: `serde_json::from_str` can be one
    /// unit in the last place off for 16- and 17-digit numbers (`93.53085792562891`).
    pub fn to_json(&self) -> Json {
        self.read().map_or(Json::Null, |(doc, root)| {
            medtech_json::write::to_serde_numeric(&doc, root)
        })
    }

    /// The text read back (strings left as strings).
    fn read(&self) -> Option<(medtech_json::Document, medtech_json::NodeId)> {
        let options = ReadOptions {
            date_parse: false,
            ..ReadOptions::default()
        };
        let doc = read(&self.0, &options).ok()?;
        let root = doc.root()?;
        Some((doc, root))
    }

    /// The text indented as `serde_json::to_string_pretty` lays out a value (two spaces per
    /// level), numbers as written.
    pub fn pretty(&self) -> String {
        pretty(&self.0)
    }

    /// Appends [`ObservationText::pretty`] to `out` as a value written at indentation level
    /// `base` (each line after the first indented `base` levels more).
    pub fn write_pretty(&self, out: &mut String, base: usize) {
        pretty_into(out, &self.0, base)
    }

    /// The Observation as the FHIR stage merges it: decimals as decimal objects, so that a
    /// merge keeps every number's text.
    pub fn to_exact_json(&self) -> Json {
        self.read()
            .map_or(Json::Null, |(doc, root)| to_exact_json(&doc, root, &self.0))
    }
}

/// A `serde_json` copy of the node `root` of `doc` (read from `text`) with each number as a
/// decimal object ([`DECIMAL`](crate::fhir::json::DECIMAL)) holding its text as written, so that
/// writing it again keeps the number's text (`72.50`). Literals that are not JSON numbers
/// (Newtonsoft's `NaN`, hexadecimal) are converted as [`medtech_json::write::to_serde`] does.
pub fn to_exact_json(doc: &medtech_json::Document, root: medtech_json::NodeId, text: &str) -> Json {
    medtech_json::write::to_serde_with(doc, root, &mut |node| {
        let node = doc.node(node);
        match &node.value {
            Value::Integer(_) | Value::BigInteger(_) | Value::Float(_) => {
                let literal = text.get(node.span.start as usize..node.span.end as usize)?;
                is_number_literal(literal).then(|| decimal_from_text(literal.to_string()))
            }
            _ => None,
        }
    })
}

/// Deeper values than this are written as `null` (the stage's Observations nest five levels;
/// existing ones are read with a depth limit of 64).
const MAX_DEPTH: usize = 128;

fn write_value(out: &mut String, value: &Json, depth: usize) {
    if let Some(text) = decimal_text(value) {
        out.push_str(text);
        return;
    }
    match value {
        Json::Object(map) if depth < MAX_DEPTH => write_object(out, map, depth),
        Json::Array(items) if depth < MAX_DEPTH => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, depth + 1);
            }
            out.push(']');
        }
        Json::Object(_) | Json::Array(_) | Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&n.to_string()),
        Json::String(s) => push_string(out, s),
    }
}

fn write_object(out: &mut String, map: &Map<String, Json>, depth: usize) {
    out.push('{');
    for (i, (name, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, name);
        out.push(':');
        write_value(out, v, depth + 1);
    }
    out.push('}');
}

/// A value in the compact layout ([`ObservationText::write`]).
pub(crate) fn push_value(out: &mut String, value: &Json) {
    write_value(out, value, 0);
}

/// A string quoted and escaped as `serde_json` does: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, other control characters as `\u00xx`; everything else (DEL, non-ASCII) as it is.
pub(crate) fn push_string(out: &mut String, s: &str) {
    push_string_parts(out, &[s]);
}

/// [`push_string`] of the concatenation of `parts`.
pub(crate) fn push_string_parts(out: &mut String, parts: &[&str]) {
    out.push('"');
    for part in parts {
        push_escaped(out, part);
    }
    out.push('"');
}

/// True when a byte of `bytes` is a control character, `"` or `\\`: eight bytes at a time
/// (a byte below `n` is found by the borrow it makes in `word - n`, a byte equal to `c` as a
/// zero byte of `word ^ c`).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(word);
        let hit = below(word, 0x20)
            | below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1);
        if hit != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

fn push_escaped(out: &mut String, s: &str) {
    // Most strings need no escape.
    if !needs_escape(s.as_bytes()) {
        out.push_str(s);
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Indents compact JSON text as `serde_json`'s pretty printer does: a newline and two spaces
/// per level after `[`, `{` and `,`, `": "` between a name and its value, `[]` and `{}` for
/// empty containers. Strings are copied as they are.
pub fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    pretty_into(&mut out, compact, 0);
    out
}

/// Appends [`pretty`]'s text of `compact` to `out`, every line after the first indented `base`
/// levels more (as an element of an array at level `base - 1` is).
pub fn pretty_into(out: &mut String, compact: &str, base: usize) {
    let bytes = compact.as_bytes();
    out.reserve(compact.len() * 2);
    let mut depth = base;
    let mut start = 0;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip to the closing quote (escapes are two bytes).
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b @ (b'{' | b'[') => {
                out.push_str(&compact[start..=i]);
                let close = if b == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(char::from(close));
                    i += 2;
                } else {
                    depth += 1;
                    newline(out, depth);
                    i += 1;
                }
                start = i;
                continue;
            }
            b'}' | b']' => {
                out.push_str(&compact[start..i]);
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(char::from(bytes[i]));
                start = i + 1;
            }
            b',' => {
                out.push_str(&compact[start..=i]);
                newline(out, depth);
                start = i + 1;
            }
            b':' => {
                out.push_str(&compact[start..=i]);
                out.push(' ');
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(compact.get(start..).unwrap_or(""));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::decimal::Decimal;
    use crate::fhir::json::decimal_json;
    use serde_json::json;

    #[test]
    fn decimals_are_written_with_their_scale() {
        let value = json!({
            "valueQuantity": {"value": decimal_json(&Decimal::parse_newtonsoft("22.40").unwrap()), "unit": "kg"},
            "n": 1.5,
            "big": decimal_from_text("12345678901234567890123".into()),
        });
        let text = ObservationText::write(&value);
        assert_eq!(
            text.as_str(),
            r#"{"valueQuantity":{"value":22.40,"unit":"kg"},"n":1.5,"big":12345678901234567890123}"#
        );
        assert_eq!(text.to_json()["valueQuantity"]["value"], json!(22.4));
        assert_eq!(text.to_json()["big"], json!(1.2345678901234568e22));
        // The nearest double, which serde_json's own parser misses by one unit here.
        let close = ObservationText::from_text(r#"{"v":93.53085792562891}"#.into());
        assert_eq!(close.to_json()["v"].as_f64(), Some(93.530_857_925_628_91));
        let exact = text.to_exact_json();
        assert_eq!(
            decimal_text(&exact["valueQuantity"]["value"]),
            Some("22.40")
        );
        assert_eq!(ObservationText::write(&exact), text);
    }

    #[test]
    fn an_object_is_a_decimal_only_when_its_text_is_a_number() {
        let value = json!({"\u{0}decimal": "1e"});
        assert_eq!(
            ObservationText::write(&value).as_str(),
            r#"{"\u0000decimal":"1e"}"#
        );
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        all.push_str("\u{ffff}\u{10000}\u{10ffff}\"\\/");
        for s in [all.as_str(), "", "plain", "\u{0}", "a\"b", "é\n\u{7f}"] {
            let mut out = String::new();
            push_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn a_string_needs_escapes_exactly_when_a_byte_does() {
        let byte_needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for len in [1, 7, 8, 9, 17] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    // Neighbours that could disturb a borrow: 0x80.., 0x00, 0x21.
                    for fill in [b'a', 0xff, 0x80, 0x21] {
                        let mut v = bytes.clone();
                        for (i, x) in v.iter_mut().enumerate() {
                            if i != at {
                                *x = fill;
                            }
                        }
                        let expected = v.iter().any(|&x| byte_needs(x));
                        assert_eq!(needs_escape(&v), expected, "{v:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_compact_text_is_serde_json_s() {
        let value = json!({
            "a": [1, -2.5, 1e300, "x\"\\\n\u{1}é/", true, null, {}, [], {"b": [{}]}],
            "": {"c": "d"}
        });
        let text = ObservationText::write(&value);
        assert_eq!(text.as_str(), serde_json::to_string(&value).unwrap());
        assert_eq!(text.pretty(), serde_json::to_string_pretty(&value).unwrap());
        let mut indented = String::from("[\n    ");
        text.write_pretty(&mut indented, 2);
        assert_eq!(
            indented,
            "[\n    ".to_string() + &text.pretty().replace('\n', "\n    ")
        );
        assert_eq!(text.to_json(), value);
    }
}
