//! The lenient reader: Newtonsoft.Json 13.0.3 `JsonTextReader` + `JToken.ReadFrom` /
//! `JObject.Load` with default settings (device-mapping.md §2.1).
//!
//! What it accepts and produces, as Newtonsoft does:
//! * comments `//…` and `/*…*/` anywhere a value, property or separator may stand (not between a
//!   name and its `:`); single-quoted strings; unquoted property names (letters, digits, `_`,
//!   `$`); trailing commas; an empty slot (`[1,,2]`, `{"a":,}`, a lone `,`) reads as `undefined`;
//! * `NaN`, `Infinity`, `-Infinity` (doubles), `undefined`; integers that fit 64 bits → `Integer`,
//!   longer ones → `BigInteger`, anything with `.`/`e`/`E` → `Float`; `0x1F` hex, `010` octal
//!   (→ 8), `08` → error; `-010` is decimal (−10);
//! * ISO-looking strings → `Date` tokens when [`ReadOptions::date_parse`] (see
//!   [`crate::datetime::detect_newtonsoft`]);
//! * duplicate property names: the later value replaces the earlier one **at the earlier
//!   position** (`JContainer.ReadProperty` → `JProperty.Replace`); the member's `name_span` and
//!   `colon` are the later ones;
//! * nesting deeper than [`ReadOptions::max_depth`] (64) → "The reader's MaxDepth of 64 has been
//!   exceeded."; the reader is iterative, so any depth is safe;
//! * a leading UTF-8 BOM is skipped; content after the first complete value is ignored unless
//!   [`ReadOptions::check_additional_content`].
//!
//! Errors carry Newtonsoft's message text including `Path '…', line L, position P.`, where P is
//! the number of UTF-16 units of line L the reader had consumed (so an unexpected character at
//! the start of a line reports position 0), and line 0 is reported while nothing was read yet.
//!
//! Not supported: JavaScript constructors (`new Date(1)`), which Newtonsoft reads as a
//! `JConstructor`; they give a [`ReadErrorKind::Unsupported`] error.

mod error;
mod fast;
mod parser;
mod scan;

use crate::document::{Document, NodeId, Value};
use crate::line_index::LineIndex;
use std::borrow::Cow;

/// How to read a text.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Turn ISO-looking strings into date tokens (Newtonsoft `DateParseHandling.DateTime`).
    pub date_parse: bool,
    /// Maximum nesting depth (Newtonsoft default 64): the 65th nested container is an error.
    pub max_depth: usize,
    /// After the first value, keep reading: whitespace and comments are fine, anything else is
    /// "Additional text encountered after finished reading JSON content: x." — what
    /// `JsonConvert.DeserializeObject` (templates, `CheckAdditionalContent` defaults to true
    /// there) and `JToken.Parse`/`JObject.Parse` do. Off by default: the service reads event
    /// bodies with `JToken.ReadFrom`, which stops after the first value (§2).
    pub check_additional_content: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            date_parse: true,
            max_depth: 64,
            check_additional_content: false,
        }
    }
}

/// Which kind of failure a [`ReadError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// A Newtonsoft `JsonReaderException` (syntax error, depth, bad number …).
    Syntax,
    /// The text holds no value (empty, whitespace or comments only): Newtonsoft's
    /// "Error reading JToken from JsonReader." (`JsonConvert.DeserializeObject` instead returns
    /// null for such a text, without error).
    Empty,
    /// .NET throws a non-reader exception while building a date token (`/Date(…)/` or
    /// `…T24:00:00` beyond year 9999): the message is .NET's `ArgumentOutOfRangeException` text.
    DateOutOfRange,
    /// Input Newtonsoft reads but this crate does not model (JavaScript constructors), or a
    /// text of 4 GiB or more.
    Unsupported,
}

/// A reader error, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Newtonsoft's message, ending with `Path '…', line L, position P.`
    pub message: String,
    /// Byte offset where reading stopped (the offending character, or the end of the text).
    pub offset: usize,
    /// 1-based line of `offset`.
    pub line: u32,
    /// 1-based column (in chars) of `offset`.
    pub column: u32,
    /// Newtonsoft's JSON path at the error (`templateType`, `[0].a`, `''` …).
    pub path: String,
    /// Newtonsoft's reported line number (0 when nothing had been read yet).
    pub line_number: u32,
    /// Newtonsoft's reported line position (UTF-16 units consumed on that line).
    pub line_position: u32,
    /// What kind of failure this is.
    pub kind: ReadErrorKind,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

/// Reads one JSON value from `text` the way Newtonsoft does (see the module docs).
///
/// An empty or whitespace-only text is an error of kind [`ReadErrorKind::Empty`] with
/// Newtonsoft's text "Error reading JToken from JsonReader. Path '', line 0, position 0.".
///
/// Texts of 4 GiB or more (beyond [`crate::Span`]'s 32-bit offsets) are refused.
pub fn read(text: &str, options: &ReadOptions) -> Result<Document, ReadError> {
    if let Some(error) = too_large(text) {
        return Err(error);
    }
    read_doc(arena_for(text), text, options)
}

/// Room for the text's nodes and for the synthetic nodes callers add (an event envelope, a
/// CalculatedContent wrapper) without growing the arena again; an arena given back with
/// `Document::recycle` is reused.
fn arena_for(text: &str) -> Document {
    Document::reusing(text.len() / 8 + 32)
}

/// Plain JSON through the fast path, anything else (or anything it gives up on) through the
/// state machine from the start.
fn read_doc(mut doc: Document, text: &str, options: &ReadOptions) -> Result<Document, ReadError> {
    let mark = doc.len();
    if let Some(root) = fast::read(&mut doc, text, options) {
        doc.set_root(root);
        return Ok(doc);
    }
    doc.truncate(mark);
    parser::Parser::appending(text, options, doc).run()
}

/// Whether the fast path reads `text` by itself (without the state machine): for tests.
#[doc(hidden)]
pub fn fast_path_reads(text: &str, options: &ReadOptions) -> bool {
    let mut doc = Document::new();
    too_large(text).is_none() && fast::read(&mut doc, text, options).is_some()
}

/// [`read`] by the state machine alone, without the fast path: the reference the fast path is
/// tested against.
#[doc(hidden)]
pub fn read_without_fast_path(text: &str, options: &ReadOptions) -> Result<Document, ReadError> {
    if let Some(error) = too_large(text) {
        return Err(error);
    }
    parser::Parser::appending(text, options, arena_for(text)).run()
}

/// [`read`], appending the text's nodes to `doc` after the nodes it already has (an event
/// envelope built once for many messages): the root becomes the text's value. On an error
/// `doc` is consumed (its arena recycled).
pub fn read_into(doc: Document, text: &str, options: &ReadOptions) -> Result<Document, ReadError> {
    if let Some(error) = too_large(text) {
        return Err(error);
    }
    let mut doc = doc;
    doc.reserve(text.len() / 8 + 32);
    read_doc(doc, text, options)
}

fn too_large(text: &str) -> Option<ReadError> {
    if text.len() >= u32::MAX as usize {
        return Some(ReadError {
            message: "The text is too large to read (4 GiB or more).".to_string(),
            offset: 0,
            line: 1,
            column: 1,
            path: String::new(),
            line_number: 0,
            line_position: 0,
            kind: ReadErrorKind::Unsupported,
        });
    }
    None
}

/// Decodes a message body as .NET's `new StreamReader(stream, Encoding.UTF8)` does (§2): UTF-8
/// with invalid sequences replaced by U+FFFD; a byte-order mark is dropped and, as the reader
/// detects encodings from byte-order marks by default, a UTF-16 (`FF FE` / `FE FF`) or UTF-32
/// (`FF FE 00 00` / `00 00 FE FF`) mark switches to that encoding.
pub fn decode_utf8(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return Cow::Owned(decode_utf32(rest, u32::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return Cow::Owned(decode_utf32(rest, u32::from_be_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Cow::Owned(decode_utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Cow::Owned(decode_utf16(rest, u16::from_be_bytes));
    }
    String::from_utf8_lossy(bytes)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => unit([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

fn decode_utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> String {
    bytes
        .chunks(4)
        .map(|c| match c {
            [a, b, d, e] => char::from_u32(unit([*a, *b, *d, *e])).unwrap_or('\u{FFFD}'),
            _ => '\u{FFFD}',
        })
        .collect()
}

/// Newtonsoft's name of the token a value starts with, as `JsonReader.TokenType` prints it
/// (`StartObject`, `StartArray`, `String`, `Integer`, `Float`, `Boolean`, `Null`,
/// `Undefined`, `Date`).
pub fn token_type_name(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "StartObject",
        Value::Array(_) => "StartArray",
        Value::Null => "Null",
        Value::Undefined => "Undefined",
        Value::Bool(_) => "Boolean",
        Value::Integer(_) | Value::BigInteger(_) => "Integer",
        Value::Float(_) => "Float",
        Value::String(_) => "String",
        Value::Date(_) => "Date",
    }
}

/// The error `JObject.Load` raises when the root of a read document is not an object
/// (template loading, §3.1): "Error reading JObject from JsonReader. Current JsonReader item is
/// not an object: StartArray. Path '', line 1, position 1." `None` when `root` is an object.
/// `index` must index the text `doc` was read from.
pub fn not_an_object_error(doc: &Document, root: NodeId, index: &LineIndex) -> Option<ReadError> {
    let value = doc.value(root);
    if matches!(value, Value::Object(_)) {
        return None;
    }
    let (line_number, line_position) = index.newtonsoft_value_position(doc, root);
    let span = doc.span(root);
    let offset = match value {
        Value::Array(_) => span.start as usize,
        _ => span.end as usize,
    };
    let pos = index.position(offset);
    Some(ReadError {
        message: format!(
            "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}. Path '', line {}, position {}.",
            token_type_name(value),
            line_number,
            line_position
        ),
        offset,
        line: pos.line,
        column: pos.column,
        path: String::new(),
        line_number,
        line_position,
        kind: ReadErrorKind::Syntax,
    })
}

#[cfg(test)]
mod tests;
