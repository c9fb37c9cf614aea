//! Byte offset → line/column, and Newtonsoft's line-info convention (device-mapping.md §3.3).
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (as Newtonsoft's reader counts them; `U+2028` and
//! friends do not end lines). A leading UTF-8 BOM is not part of line 1's columns (the .NET
//! `StreamReader` strips it before the reader sees the text).
//!
//! Newtonsoft's `LinePosition` is the number of UTF-16 code units of the current line the reader
//! has consumed, i.e. the 1-based UTF-16 column of the **last character** of the token it is on:
//! a string value → its closing quote, a number/literal → its last character, an object/array →
//! the `{`/`[`, a property → the `:` after its name. [`LineIndex::newtonsoft_value_position`] and
//! [`LineIndex::newtonsoft_member_position`] reproduce that (reference test data: `"deviceIdExpression":
//! "$.device",` on line 13 → value (13, 40); `"timestampExpression": {` → (9, 32)).

use crate::document::{Document, Member, NodeId, Value};

/// A location in the text; all fields 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Position {
    /// Line number.
    pub line: u32,
    /// Column counted in Unicode scalar values (chars).
    pub column: u32,
    /// Column counted in UTF-16 code units (what .NET and browsers count).
    pub column_utf16: u32,
}

const BLOCK: usize = 64;

/// Line starts of a text plus counters to turn byte offsets into columns quickly.
#[derive(Clone, Debug)]
pub struct LineIndex {
    text: String,
    /// Byte offset where each line starts (line 1 starts after a BOM, if any).
    line_starts: Vec<u32>,
    /// Chars / UTF-16 units before each `BLOCK`-byte block (empty for ASCII texts).
    block_chars: Vec<u32>,
    block_utf16: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text` (a copy is kept, so the index is self-contained).
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = vec![bom as u32];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push((i + 1) as u32),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push((i + 1) as u32);
                }
                _ => {}
            }
            i += 1;
        }
        let (mut block_chars, mut block_utf16) = (Vec::new(), Vec::new());
        if !text.is_ascii() {
            let (mut chars, mut utf16) = (0u32, 0u32);
            for (n, &b) in bytes.iter().enumerate() {
                if n % BLOCK == 0 {
                    block_chars.push(chars);
                    block_utf16.push(utf16);
                }
                let (c, u) = unit_counts(b);
                chars += c;
                utf16 += u;
            }
        }
        LineIndex {
            text: text.to_string(),
            line_starts,
            block_chars,
            block_utf16,
        }
    }

    /// The indexed text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        let i = (line as usize).checked_sub(1)?;
        self.line_starts.get(i).map(|&s| s as usize)
    }

    /// The 1-based line holding byte `offset` (offsets past the end belong to the last line).
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len()) as u32;
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i.max(1) as u32,
        }
    }

    /// (chars, UTF-16 units) in `text[..offset]` (offset clamped to the text).
    fn prefix(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        if self.block_chars.is_empty() {
            return (offset as u32, offset as u32);
        }
        // The end of a text whose length is a multiple of BLOCK starts no block of its own: count
        // from the last block's start.
        let block = (offset / BLOCK).min(self.block_chars.len() - 1);
        let (mut c, mut u) = match (self.block_chars.get(block), self.block_utf16.get(block)) {
            (Some(&c), Some(&u)) => (c, u),
            _ => (0, 0),
        };
        let start = (block * BLOCK).min(offset);
        for &b in &self.text.as_bytes()[start..offset] {
            let (dc, du) = unit_counts(b);
            c += dc;
            u += du;
        }
        (c, u)
    }

    /// Line and 1-based columns of the character at byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize - 1] as usize;
        let (c0, u0) = self.prefix(start);
        let (c1, u1) = self.prefix(offset.max(start));
        Position {
            line,
            column: c1 - c0 + 1,
            column_utf16: u1 - u0 + 1,
        }
    }

    /// Newtonsoft's (line, position) when the reader has consumed everything before byte `end`:
    /// the line holding `end - 1` and the UTF-16 units of that line up to `end`.
    pub fn newtonsoft_position_after(&self, end: usize) -> (u32, u32) {
        if end == 0 {
            return (1, 0);
        }
        let line = self.line_of(end - 1);
        let start = self.line_starts[line as usize - 1] as usize;
        let (_, u0) = self.prefix(start);
        let (_, u1) = self.prefix(end.max(start));
        (line, u1 - u0)
    }

    /// Newtonsoft's line info of a value token (§3.3): for a string/number/literal the column of
    /// its last character, for an object/array its `{`/`[`. Synthetic nodes give `(0, 0)`.
    pub fn newtonsoft_value_position(&self, doc: &Document, id: NodeId) -> (u32, u32) {
        let span = doc.span(id);
        if span.is_synthetic() {
            return (0, 0);
        }
        let end = match doc.value(id) {
            Value::Object(_) | Value::Array(_) => span.start as usize + 1,
            _ => span.end as usize,
        };
        self.newtonsoft_position_after(end)
    }

    /// Newtonsoft's line info of a property (§3.3): the `:` after its name. Synthetic members
    /// give `(0, 0)`.
    pub fn newtonsoft_member_position(&self, member: &Member) -> (u32, u32) {
        if member.name_span.is_synthetic() && member.colon == 0 {
            return (0, 0);
        }
        self.newtonsoft_position_after(member.colon as usize + 1)
    }

    /// Byte offset of 1-based (`line`, `column` in chars), if inside the text (a column just
    /// past the end of the line is accepted).
    pub fn offset_at(&self, line: u32, column: u32) -> Option<usize> {
        let start = self.line_start(line)?;
        let end = self
            .line_start(line + 1)
            .unwrap_or(self.text.len())
            .max(start);
        let line_text = &self.text[start..end];
        let skip = (column as usize).checked_sub(1)?;
        match line_text.char_indices().nth(skip) {
            Some((i, _)) => Some(start + i),
            None if line_text.chars().count() == skip => Some(end),
            None => None,
        }
    }
}

/// (chars, UTF-16 units) a UTF-8 byte starts: continuation bytes start nothing, a 4-byte lead
/// starts a surrogate pair.
fn unit_counts(b: u8) -> (u32, u32) {
    match b {
        0x80..=0xBF => (0, 0),
        0xF0..=0xFF => (1, 2),
        _ => (1, 1),
    }
}

/// Where a byte offset stands, computed by one scan of the text before it (for errors).
pub(crate) struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in chars.
    pub column: u32,
    /// UTF-16 units of the line before the offset (Newtonsoft's `LinePosition`).
    pub newtonsoft_position: u32,
}

/// Line/column of byte `offset` without building an index (one pass over `text[..offset]`).
pub(crate) fn scan_location(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let mut line = 1u32;
    let mut line_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' => {
                if i + 1 < offset && bytes[i + 1] == b'\n' {
                    i += 1;
                }
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let (mut chars, mut units) = (0u32, 0u32);
    for &b in &bytes[line_start.min(offset)..offset] {
        let (c, u) = unit_counts(b);
        chars += c;
        units += u;
    }
    Location {
        line,
        column: chars + 1,
        newtonsoft_position: units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadOptions};

    /// Found by fuzzing: at the end of a non-ASCII text whose length is a multiple of the block
    /// size, the column was computed from a block that does not exist (an overflow).
    #[test]
    fn the_end_of_a_text_of_whole_blocks_has_a_column() {
        for blocks in 1..4 {
            for line_start in [0, BLOCK - 3, BLOCK + 5] {
                let len = blocks * BLOCK;
                if line_start >= len {
                    continue;
                }
                // "é" (two bytes) at the start, a line break before `line_start`.
                let mut text = String::from("é");
                while text.len() < len {
                    text.push(if text.len() + 1 == line_start {
                        '\n'
                    } else {
                        'a'
                    });
                }
                assert_eq!(text.len(), len);
                let index = LineIndex::new(&text);
                let end = index.position(len);
                let last_start = text.rfind('\n').map_or(0, |i| i + 1);
                let expected = text[last_start..].chars().count() as u32 + 1;
                assert_eq!(
                    end.column, expected,
                    "{blocks} blocks, line at {line_start}"
                );
                assert_eq!(end.column_utf16, expected);
            }
        }
    }

    /// The layout of the reference file `data_CollectionContentTemplateMixedValidity.json`
    /// (lines 9–15) reproduced, with the positions its tests assert (§9.1 C7).
    #[test]
    fn newtonsoft_line_info_of_the_reference_layout() {
        let mut text = String::from("{\n \"a\": [\n");
        for _ in 3..9 {
            text.push_str("        \"x\": 1,\n");
        }
        text.push_str("        \"timestampExpression\": {\n"); // line 9
        text.push_str("          \"value\": \"$.date\",\n"); // line 10
        text.push_str("          \"language\": \"JsonPath\"\n"); // line 11
        text.push_str("        },\n"); // line 12
        text.push_str("        \"deviceIdExpression\": \"$.device\",\n"); // line 13
        text.push_str("        \"values\": [\n"); // line 14
        text.push_str("          {\n"); // line 15
        text.push_str("            \"required\": \"true\"\n          }\n        ]\n }\n]}");
        let text = text
            .replacen("\"a\": [\n", "\"a\": {\n", 1)
            .replacen("\n]}", "\n}", 1);
        let doc = read(&text, &ReadOptions::default()).unwrap();
        let index = LineIndex::new(&text);
        let a = doc.get(doc.root().unwrap(), "a").unwrap();
        let device = doc.get(a, "deviceIdExpression").unwrap();
        assert_eq!(index.newtonsoft_value_position(&doc, device), (13, 40));
        let ts = doc.get(a, "timestampExpression").unwrap();
        assert_eq!(index.newtonsoft_value_position(&doc, ts), (9, 32));
        let values = doc.get(a, "values").unwrap();
        let first = doc.elements(values)[0];
        assert_eq!(index.newtonsoft_value_position(&doc, first), (15, 11));
        // A property reports its colon.
        let member = doc
            .members(a)
            .iter()
            .find(|m| &*m.name == "deviceIdExpression")
            .unwrap();
        assert_eq!(index.newtonsoft_member_position(member), (13, 29));
        let required = doc.get(first, "required").unwrap();
        assert_eq!(index.newtonsoft_value_position(&doc, required), (16, 30));
    }

    #[test]
    fn positions_count_chars_and_utf16() {
        let text = "ab\r\ncé😀x\rz\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.position(x),
            Position {
                line: 2,
                column: 4,
                column_utf16: 5
            }
        );
        let z = text.find('z').unwrap();
        assert_eq!(index.position(z).line, 3);
        assert_eq!(index.position(0).column, 1);
        // The '\n' of "\r\n" belongs to line 1.
        assert_eq!(index.position(3).line, 1);
        assert_eq!(index.line_start(2), Some(4));
        assert_eq!(index.offset_at(2, 4), Some(x));
        assert_eq!(index.offset_at(3, 2), Some(z + 1));
        assert_eq!(index.offset_at(9, 1), None);
        assert_eq!(index.newtonsoft_position_after(x + 1), (2, 5));
        // Past the end: the last line.
        assert_eq!(index.position(text.len() + 10).line, 4);
    }

    #[test]
    fn long_non_ascii_lines_use_the_block_counters() {
        let mut text = String::new();
        for i in 0..500 {
            text.push_str(if i % 3 == 0 { "é" } else { "a" });
            text.push('😀');
        }
        let index = LineIndex::new(&text);
        for (n, (offset, _)) in text.char_indices().enumerate() {
            let p = index.position(offset);
            assert_eq!(p.column as usize, n + 1);
            let utf16: usize = text[..offset].chars().map(char::len_utf16).sum();
            assert_eq!(p.column_utf16 as usize, utf16 + 1);
            let loc = scan_location(&text, offset);
            assert_eq!((loc.line, loc.column), (p.line, p.column));
        }
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}{\"a\":1}";
        let index = LineIndex::new(text);
        assert_eq!(index.position(3).column, 1);
        let doc = read(text, &ReadOptions::default()).unwrap();
        let a = doc.get(doc.root().unwrap(), "a").unwrap();
        assert_eq!(index.newtonsoft_value_position(&doc, a), (1, 6));
        assert_eq!(
            index.newtonsoft_value_position(&doc, doc.root().unwrap()),
            (1, 1)
        );
    }
}
