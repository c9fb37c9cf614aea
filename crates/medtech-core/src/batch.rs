//! Splitting a pasted text into device messages: one JSON message, a JSON array of messages, or
//! NDJSON (one message per non-empty line). Each message keeps its byte offset in the pasted
//! text, so findings inside a message can be placed in the editor the text came from.

use medtech_json::{read, ReadOptions, Value};

/// How a pasted text was split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchShape {
    /// The text is empty or white space.
    Empty,
    /// One message (any JSON value other than an array, or text that is not JSON).
    Single,
    /// A JSON array: each element is one message.
    Array,
    /// Several lines, each a message.
    Ndjson,
}

/// One message cut out of a pasted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageSlice<'a> {
    /// The message's text.
    pub text: &'a str,
    /// Its byte offset in the pasted text.
    pub offset: usize,
}

/// Splits `text` into messages. A JSON array counts as several messages; text that reads as one
/// JSON value is one message; otherwise, when it has several non-empty lines that each read as
/// JSON, each line is a message; anything else is one (invalid) message, so the reader's error
/// is reported for it.
pub fn split_messages(text: &str) -> (BatchShape, Vec<MessageSlice<'_>>) {
    if text.trim().is_empty() {
        return (BatchShape::Empty, Vec::new());
    }
    let options = ReadOptions {
        check_additional_content: true,
        ..ReadOptions::default()
    };
    if let Ok(doc) = read(text, &options) {
        if let Some(root) = doc.root() {
            if let Value::Array(items) = doc.value(root) {
                let slices = items
                    .iter()
                    .filter_map(|id| {
                        let span = doc.span(*id);
                        text.get(span.start as usize..span.end as usize)
                            .map(|t| MessageSlice {
                                text: t,
                                offset: span.start as usize,
                            })
                    })
                    .collect();
                return (BatchShape::Array, slices);
            }
        }
        return (BatchShape::Single, vec![MessageSlice { text, offset: 0 }]);
    }
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if !trimmed.trim().is_empty() {
            lines.push(MessageSlice {
                text: trimmed,
                offset,
            });
        }
        offset += line.len();
    }
    let all_json = lines.len() > 1
        && lines
            .iter()
            .all(|l| read(l.text, &ReadOptions::default()).is_ok());
    if all_json {
        (BatchShape::Ndjson, lines)
    } else {
        (BatchShape::Single, vec![MessageSlice { text, offset: 0 }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(split_messages("  ").0, BatchShape::Empty);
        let (shape, slices) = split_messages("{\"a\": 1}");
        assert_eq!(shape, BatchShape::Single);
        assert_eq!(slices.len(), 1);
        let (shape, slices) = split_messages("[{\"a\": 1}, {\"a\": 2}]");
        assert_eq!(shape, BatchShape::Array);
        assert_eq!(slices[1].text, "{\"a\": 2}");
        assert_eq!(slices[1].offset, 11);
        let (shape, slices) = split_messages("{\"a\": 1}\n\n{\"a\": 2}\n");
        assert_eq!(shape, BatchShape::Ndjson);
        assert_eq!(slices[1].offset, 10);
        let (shape, slices) = split_messages("{\"a\": 1\n{\"a\": 2}");
        assert_eq!(shape, BatchShape::Single);
        assert_eq!(slices.len(), 1);
    }
}
