//! The report's JSON text written directly, laid out exactly as `serde_json::to_string_pretty`
//! (or, compact, `serde_json::to_string`) lays out the same values: for writers that stream a
//! report piece by piece and should not build a `serde_json::Value` per measurement or finding
//! only to print it (BENCHMARKS.md, eighth round). Strings are escaped by `serde_json` itself.

use std::io::Write;

/// Containers nested up to this deep are tracked in a bit set (the report's pieces are at
/// most six deep); deeper ones in a vector.
const BITS: usize = 64;

/// A JSON text writer with `serde_json`'s layout, appending to a byte buffer.
pub struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    /// `None`: compact. `Some(base)`: pretty, the first value written at indentation `base`
    /// (two spaces a level), as an element of an array at `base - 1` is.
    base: Option<usize>,
    /// Open containers.
    depth: usize,
    /// Bit `d - 1`: the container at depth `d` already has an element.
    filled: u64,
    /// The same for containers deeper than [`BITS`].
    deeper: Vec<bool>,
    /// A member name was written and its value is next.
    after_name: bool,
    /// Room for a date's text.
    text: String,
}

impl<'a> JsonWriter<'a> {
    /// A pretty writer whose first value starts at indentation level `base` (the caller has
    /// written what comes before it on its line).
    pub fn pretty(out: &'a mut Vec<u8>, base: usize) -> JsonWriter<'a> {
        JsonWriter {
            out,
            base: Some(base),
            depth: 0,
            filled: 0,
            deeper: Vec::new(),
            after_name: false,
            text: String::new(),
        }
    }

    /// A compact writer (`serde_json::to_string`'s layout).
    pub fn compact(out: &'a mut Vec<u8>) -> JsonWriter<'a> {
        JsonWriter {
            out,
            base: None,
            depth: 0,
            filled: 0,
            deeper: Vec::new(),
            after_name: false,
            text: String::new(),
        }
    }

    /// Whether the innermost container has an element.
    fn is_filled(&self) -> bool {
        match self.depth {
            0 => false,
            d if d <= BITS => self.filled & (1 << (d - 1)) != 0,
            d => self.deeper.get(d - BITS - 1).copied().unwrap_or(false),
        }
    }

    fn set_filled(&mut self, filled: bool) {
        match self.depth {
            0 => {}
            d if d <= BITS => {
                let bit = 1 << (d - 1);
                if filled {
                    self.filled |= bit;
                } else {
                    self.filled &= !bit;
                }
            }
            d => {
                self.deeper.resize(d - BITS, false);
                self.deeper[d - BITS - 1] = filled;
            }
        }
    }

    fn newline(&mut self, level: usize) {
        if let Some(base) = self.base {
            self.out.push(b'\n');
            for _ in 0..base + level {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    /// What comes before a value or a member name: nothing after a name or at the top, else
    /// the separator and, pretty, a new line at the container's inner indentation.
    fn separate(&mut self) {
        if self.after_name {
            self.after_name = false;
            return;
        }
        if self.depth == 0 {
            return;
        }
        if self.is_filled() {
            self.out.push(b',');
        }
        self.set_filled(true);
        self.newline(self.depth);
    }

    /// Opens an object (as a value).
    pub fn begin_object(&mut self) -> &mut Self {
        self.open(b'{')
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) -> &mut Self {
        self.close(b'}')
    }

    /// Opens an array (as a value).
    pub fn begin_array(&mut self) -> &mut Self {
        self.open(b'[')
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) -> &mut Self {
        self.close(b']')
    }

    fn open(&mut self, bracket: u8) -> &mut Self {
        self.separate();
        self.out.push(bracket);
        self.depth += 1;
        self.set_filled(false);
        self
    }

    fn close(&mut self, bracket: u8) -> &mut Self {
        if self.depth == 0 {
            return self;
        }
        if self.is_filled() {
            self.newline(self.depth - 1);
        }
        self.out.push(bracket);
        self.depth -= 1;
        self
    }

    /// Writes a member name; its value is the next thing written.
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.separate();
        self.escaped(name);
        self.out
            .extend_from_slice(if self.base.is_some() { b": " } else { b":" });
        self.after_name = true;
        self
    }

    /// A string value.
    pub fn string(&mut self, value: &str) -> &mut Self {
        self.separate();
        self.escaped(value);
        self
    }

    /// A string value, or `null`.
    pub fn string_or_null(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.string(value),
            None => self.null(),
        }
    }

    /// An unsigned number.
    pub fn unsigned(&mut self, value: u64) -> &mut Self {
        self.separate();
        let _ = write!(self.out, "{value}");
        self
    }

    /// An unsigned number, or `null`.
    pub fn unsigned_or_null(&mut self, value: Option<u64>) -> &mut Self {
        match value {
            Some(value) => self.unsigned(value),
            None => self.null(),
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, value: bool) -> &mut Self {
        self.separate();
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    /// A value already written as compact JSON text (`serde_json::to_string`'s layout), copied
    /// as it is: for a compact writer only (a pretty writer would need it re-indented).
    pub fn compact_value(&mut self, text: &str) -> &mut Self {
        debug_assert!(self.base.is_none(), "compact_value on a pretty writer");
        self.separate();
        self.out.extend_from_slice(text.as_bytes());
        self
    }

    /// `null`.
    pub fn null(&mut self) -> &mut Self {
        self.separate();
        self.out.extend_from_slice(b"null");
        self
    }

    /// A date as a string value in Newtonsoft's ISO form
    /// ([`medtech_json::DateTime::to_newtonsoft_iso`]).
    pub fn date(&mut self, value: &medtech_json::DateTime) -> &mut Self {
        self.separate();
        self.text.clear();
        value.write_newtonsoft_iso(&mut self.text);
        // Digits, separators and a zone: nothing to escape.
        self.out.push(b'"');
        self.out.extend_from_slice(self.text.as_bytes());
        self.out.push(b'"');
        self
    }

    fn escaped(&mut self, text: &str) {
        // Writing to a vector cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// Writes `value` through the writer (numbers as unsigned).
    fn write(w: &mut JsonWriter<'_>, value: &Value) {
        match value {
            Value::Object(map) => {
                w.begin_object();
                for (k, v) in map {
                    w.name(k);
                    write(w, v);
                }
                w.end_object();
            }
            Value::Array(items) => {
                w.begin_array();
                for v in items {
                    write(w, v);
                }
                w.end_array();
            }
            Value::String(s) => {
                w.string(s);
            }
            Value::Number(n) => {
                w.unsigned(n.as_u64().unwrap_or_default());
            }
            Value::Null => {
                w.null();
            }
            Value::Bool(b) => {
                w.boolean(*b);
            }
        }
    }

    fn samples() -> Vec<Value> {
        vec![
            json!({}),
            json!([]),
            json!({"a": [], "b": {}, "c": null, "d": [true, false]}),
            json!({"Type": "hr", "Properties": [{"Name": "n\"\\\u{1}\n\t\u{7f}\u{2028}é", "Value": "1"}]}),
            json!([[], [[]], {"x": [1, 2, {"y": {}}]}, "s", null, 0, 18446744073709551615u64]),
            json!("top"),
            json!({"\u{7f}\u{2028}é ~": "\u{85}\u{10ffff}", "q\"": 1, "b\\": 2, "\u{1f}": 3}),
            json!(7),
        ]
    }

    #[test]
    fn pretty_layout_is_serde_jsons_at_every_base_indentation() {
        for value in samples() {
            for base in 0..3 {
                let mut out = Vec::new();
                write(&mut JsonWriter::pretty(&mut out, base), &value);
                let expected = serde_json::to_string_pretty(&value)
                    .unwrap()
                    .replace('\n', &format!("\n{}", "  ".repeat(base)));
                assert_eq!(String::from_utf8(out).unwrap(), expected, "base {base}");
            }
        }
    }

    #[test]
    fn compact_layout_is_serde_jsons() {
        for value in samples() {
            let mut out = Vec::new();
            write(&mut JsonWriter::compact(&mut out), &value);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&value).unwrap()
            );
        }
    }

    #[test]
    fn containers_deeper_than_the_bit_set_are_laid_out_alike() {
        let mut value = json!("leaf");
        for _ in 0..(BITS + 10) {
            value = json!([value, [], {"a": {}}]);
        }
        let mut out = Vec::new();
        write(&mut JsonWriter::pretty(&mut out, 0), &value);
        assert_eq!(out, serde_json::to_vec_pretty(&value).unwrap());
        out.clear();
        write(&mut JsonWriter::compact(&mut out), &value);
        assert_eq!(out, serde_json::to_vec(&value).unwrap());
    }
}
