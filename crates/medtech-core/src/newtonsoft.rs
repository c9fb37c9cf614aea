//! Newtonsoft.Json's deserialization texts and token conversions, shared by the device-mapping
//! and FHIR-mapping loaders (device-mapping.md §3.3–§3.4, fhir-mapping.md §1): the `JsonToken`
//! names in messages, `JsonPosition.FormatMessage` paths, the reference's "cut at the last
//! `Path`" rule, and `JsonReader.ReadAsString` / `ReadAsInt32` on already-read tokens.

use medtech_json::number::format_double;
use medtech_json::{Document, NodeId, Value};

/// Newtonsoft's `JsonToken` name of a node (as in "Unexpected token: StartObject").
pub(crate) fn token_name(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "StartObject",
        Value::Array(_) => "StartArray",
        other => other.kind_name(),
    }
}

/// `JsonPosition.FormatMessage`: the exception text with `Path '…'` and the line info.
pub(crate) fn format_message(text: &str, path: &str, line_info: Option<(u32, u32)>) -> String {
    let mut message = if text.ends_with('\n') {
        text.to_string()
    } else {
        let mut m = text.trim().to_string();
        if !m.ends_with('.') {
            m.push('.');
        }
        m.push(' ');
        m
    };
    message.push_str("Path '");
    message.push_str(path);
    message.push('\'');
    if let Some((line, position)) = line_info {
        message.push_str(&format!(", line {line}, position {position}"));
    }
    message.push('.');
    message
}

/// The reference's `ConvertErrorContext`: cut the message at the last occurrence of `Path`
/// (ASCII case-insensitive), keeping the trailing space.
pub(crate) fn cut_at_last_path(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    match lower.rfind("path") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// Characters that make `JsonPosition` quote a property name as `['…']`.
fn needs_quoting(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(
            c,
            '.' | ' '
                | '\''
                | '/'
                | '"'
                | '['
                | ']'
                | '('
                | ')'
                | '\t'
                | '\n'
                | '\r'
                | '\u{c}'
                | '\u{8}'
                | '\\'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    })
}

/// Appends a property name to a Newtonsoft path.
pub(crate) fn path_property(parent: &str, name: &str) -> String {
    if needs_quoting(name) {
        let mut escaped = String::new();
        for c in name.chars() {
            match c {
                '\'' => escaped.push_str("\\'"),
                '\\' => escaped.push_str("\\\\"),
                '\n' => escaped.push_str("\\n"),
                '\r' => escaped.push_str("\\r"),
                '\t' => escaped.push_str("\\t"),
                '\u{c}' => escaped.push_str("\\f"),
                '\u{8}' => escaped.push_str("\\b"),
                '\u{85}' => escaped.push_str("\\u0085"),
                '\u{2028}' => escaped.push_str("\\u2028"),
                '\u{2029}' => escaped.push_str("\\u2029"),
                c => escaped.push(c),
            }
        }
        format!("{parent}['{escaped}']")
    } else if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// Appends an array index to a Newtonsoft path.
pub(crate) fn path_index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// `JsonReader.ReadAsString` on a token: `Ok(None)` for null, the .NET text of a scalar, or the
/// reader error text.
pub(crate) fn read_as_string(doc: &Document, id: NodeId) -> Result<Option<String>, String> {
    match doc.value(id) {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.to_string())),
        Value::Integer(i) => Ok(Some(i.to_string())),
        Value::BigInteger(s) => Ok(Some(s.to_string())),
        Value::Float(f) => Ok(Some(format_double(*f))),
        Value::Bool(b) => Ok(Some(if *b { "True" } else { "False" }.to_string())),
        Value::Date(d) => Ok(Some(d.to_invariant_string())),
        other => Err(format!(
            "Error reading string. Unexpected token: {}.",
            token_name(other)
        )),
    }
}

/// `JsonReader.ReadAsInt32`: `Ok(None)` when the token becomes null.
pub(crate) fn read_as_int32(doc: &Document, id: NodeId) -> Result<Option<i32>, String> {
    match doc.value(id) {
        Value::Null => Ok(None),
        Value::Integer(i) => i32::try_from(*i)
            .map(Some)
            .map_err(|_| format!("Could not convert to integer: {i}.")),
        Value::BigInteger(s) => {
            // `(int)BigInteger` throws OverflowException, which escapes unwrapped; report it as
            // the reader would for a 64-bit overflow.
            Err(format!("Could not convert to integer: {s}."))
        }
        Value::Float(f) => {
            let r = round_half_even(*f);
            if r.is_finite() && r >= i32::MIN as f64 && r <= i32::MAX as f64 {
                Ok(Some(r as i32))
            } else {
                Err(format!(
                    "Could not convert to integer: {}.",
                    format_double(*f)
                ))
            }
        }
        Value::String(s) => {
            if s.is_empty() {
                return Ok(None);
            }
            match parse_int32(s) {
                Some(i) => Ok(Some(i)),
                None => Err(format!("Could not convert string to integer: {s}.")),
            }
        }
        other => Err(format!(
            "Error reading integer. Unexpected token: {}.",
            token_name(other)
        )),
    }
}

fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - f.signum()
    } else {
        r
    }
}

/// `int.TryParse(s, NumberStyles.Integer, InvariantCulture)`.
pub(crate) fn parse_int32(s: &str) -> Option<i32> {
    let t = s.trim_matches(|c: char| matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' '));
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for b in digits.bytes() {
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        if value > i64::from(i32::MAX) + 1 {
            return None;
        }
    }
    let value = if negative { -value } else { value };
    i32::try_from(value).ok()
}
