//! Where a token lands in `JToken.ToString()` (Newtonsoft, `Formatting.Indented`, two spaces).
//!
//! The reference deserializes a `value` object from that re-serialized text
//! (`AbstractJsonConverter`), so serialization errors inside a value carry line info of the
//! re-written text, not of the mapping file (fhir-mapping.md §1.4). This reproduces the writer's
//! layout to give the same (line, position): a scalar → its last character, a container → its
//! `{`/`[`; positions count UTF-16 units.

use medtech_json::{Document, NodeId, Value};

use super::convert::{dotnet_double, json_float};

/// The reader's line info of `target` when `root` is written indented and read back.
pub(crate) fn indented_position(
    doc: &Document,
    root: NodeId,
    target: NodeId,
) -> Option<(u32, u32)> {
    let mut w = Walker {
        doc,
        target,
        line: 1,
        column: 0,
        found: None,
        steps: 0,
    };
    w.value(root, 0);
    w.found
}

struct Walker<'a> {
    doc: &'a Document,
    target: NodeId,
    line: u32,
    column: u32,
    found: Option<(u32, u32)>,
    steps: usize,
}

/// Nodes visited before giving up (bounds the walk on hostile input).
const MAX_STEPS: usize = 1_000_000;

impl Walker<'_> {
    fn write(&mut self, units: u32) {
        self.column += units;
    }

    fn newline(&mut self, depth: usize) {
        self.line += 1;
        self.column = (depth * 2) as u32;
    }

    fn mark(&mut self, id: NodeId) {
        if id == self.target && self.found.is_none() {
            self.found = Some((self.line, self.column));
        }
    }

    fn value(&mut self, id: NodeId, depth: usize) {
        self.steps += 1;
        if self.found.is_some() || self.steps > MAX_STEPS || depth > 200 {
            return;
        }
        let doc = self.doc;
        match doc.value(id) {
            Value::Object(members) => {
                self.write(1);
                self.mark(id);
                if members.is_empty() {
                    self.write(1);
                    return;
                }
                for member in members {
                    self.newline(depth + 1);
                    self.write(escaped_len(&member.name) + 2 + 2);
                    self.value(member.value, depth + 1);
                    self.write(1); // ',' (one too many after the last member: harmless)
                }
                self.newline(depth);
                self.write(1);
            }
            Value::Array(items) => {
                self.write(1);
                self.mark(id);
                if items.is_empty() {
                    self.write(1);
                    return;
                }
                for &item in items {
                    self.newline(depth + 1);
                    self.value(item, depth + 1);
                    self.write(1);
                }
                self.newline(depth);
                self.write(1);
            }
            scalar => {
                let units = scalar_len(scalar);
                self.write(units);
                self.mark(id);
            }
        }
    }
}

/// UTF-16 length of a scalar as the writer prints it.
fn scalar_len(value: &Value) -> u32 {
    match value {
        Value::Null => 4,
        Value::Undefined => 9,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Integer(i) => i.to_string().len() as u32,
        Value::BigInteger(s) => s.len() as u32,
        Value::Float(f) if f.is_finite() => json_float(*f).len() as u32,
        Value::Float(f) => dotnet_double(*f).len() as u32 + 2,
        Value::String(s) => escaped_len(s) + 2,
        Value::Date(d) => d.to_newtonsoft_iso().len() as u32 + 2,
        Value::Object(_) | Value::Array(_) => 0,
    }
}

/// UTF-16 length of a string after Newtonsoft's default JavaScript escaping (no quotes).
fn escaped_len(s: &str) -> u32 {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{c}' | '\u{8}' | '\\' | '"' => 2,
            '\u{85}' | '\u{2028}' | '\u{2029}' => 6,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf16() as u32,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_json::{read, ReadOptions};

    #[test]
    fn positions_follow_the_indented_layout() {
        // {
        //   "valueType": "CodeableConcept",
        //   "codes": "x"
        // }
        let doc = read(
            r#"{"valueType":"CodeableConcept","codes":"x"}"#,
            &ReadOptions::default(),
        )
        .unwrap();
        let root = doc.root().unwrap();
        let codes = doc.get(root, "codes").unwrap();
        assert_eq!(indented_position(&doc, root, codes), Some((3, 14)));
        assert_eq!(indented_position(&doc, root, root), Some((1, 1)));
        // {
        //   "codes": [
        //     5
        //   ]
        // }
        let doc = read(r#"{"codes":[5,{}]}"#, &ReadOptions::default()).unwrap();
        let root = doc.root().unwrap();
        let codes = doc.get(root, "codes").unwrap();
        let items = doc.elements(codes).to_vec();
        assert_eq!(indented_position(&doc, root, codes), Some((2, 12)));
        assert_eq!(indented_position(&doc, root, items[0]), Some((3, 5)));
        assert_eq!(indented_position(&doc, root, items[1]), Some((4, 5)));
    }
}
