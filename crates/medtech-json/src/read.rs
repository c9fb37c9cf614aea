//! The lenient reader (Newtonsoft `JsonTextReader` + `JToken.Load` defaults, device-mapping.md §2.1).

use crate::document::Document;

/// How to read a text.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Turn ISO-looking strings into date tokens (Newtonsoft `DateParseHandling.DateTime`).
    pub date_parse: bool,
    /// Maximum nesting depth (Newtonsoft default 64).
    pub max_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            date_parse: true,
            max_depth: 64,
        }
    }
}

/// A reader error, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Newtonsoft's message, ending with `Path '…', line L, position P.`
    pub message: String,
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// Reads one JSON value from `text` (placeholder until the reader lands).
pub fn read(_text: &str, _options: &ReadOptions) -> Result<Document, ReadError> {
    Err(ReadError {
        message: "reader not implemented".into(),
        offset: 0,
        line: 1,
        column: 1,
    })
}
