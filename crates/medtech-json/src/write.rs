//! Writing tokens back as JSON (Newtonsoft `JToken.ToString(Formatting.None)`). Placeholder.

/// Appends `s` escaped as Newtonsoft's `JavaScriptUtils.WriteEscapedJavaScriptString` does with
/// the default escape handling for `delimiter` (no delimiters are written).
pub fn escape_into(out: &mut String, s: &str, delimiter: char) {
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            '\u{8}' => out.push_str("\\b"),
            '\\' => out.push_str("\\\\"),
            '\u{85}' => out.push_str("\\u0085"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if c == delimiter && c == '\'' => out.push_str("\\'"),
            c if c == delimiter && c == '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
}
