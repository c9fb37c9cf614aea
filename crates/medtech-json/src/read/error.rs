//! Reader errors in Newtonsoft's form: message + `Path '…', line L, position P.`
//! (`JsonPosition.FormatMessage`, `JsonReader.Path`, `JsonTextReader.LineNumber`).

use super::parser::{Parser, State};
use super::scan::{self, fail, Fail, Mode};
use super::{ReadError, ReadErrorKind};

impl Parser<'_> {
    pub(super) fn unexpected_char(&self, at: usize) -> ReadError {
        let c = scan::char_at(self.text, at).unwrap_or('\0');
        self.fail(fail(
            format!("Unexpected character encountered while parsing value: {c}."),
            at,
        ))
    }

    /// The end of the text was reached inside a value.
    pub(super) fn eof_error(&self) -> ReadError {
        let at = self.text.len();
        let Some(root) = self.frames.first() else {
            return self.error_kind(
                "Error reading JToken from JsonReader.".to_string(),
                at,
                ReadErrorKind::Empty,
            );
        };
        let name = if root.is_object { "JObject" } else { "JArray" };
        let message = if self.tokens == self.root_open_tokens {
            format!("Error reading {name} from JsonReader.")
        } else {
            format!("Unexpected end of content while loading {name}.")
        };
        self.fail(fail(message, at))
    }

    pub(super) fn fail(&self, f: Fail) -> ReadError {
        let path = self.path(f.mode);
        self.build(f.message, f.at, path, ReadErrorKind::Syntax, f.mode)
    }

    pub(super) fn error_kind(&self, message: String, at: usize, kind: ReadErrorKind) -> ReadError {
        let path = self.path(Mode::Normal);
        self.build(message, at, path, kind, Mode::Normal)
    }

    pub(super) fn build(
        &self,
        message: String,
        at: usize,
        path: String,
        kind: ReadErrorKind,
        mode: Mode,
    ) -> ReadError {
        let at = at.min(self.text.len());
        let loc = crate::line_index::scan_location(self.text, at);
        // Newtonsoft reports line 0 while nothing has been read at the start of a line.
        let line_number = if self.state == State::Start
            && mode == Mode::Normal
            && loc.newtonsoft_position == 0
            && self.tokens == 0
        {
            0
        } else {
            loc.line
        };
        let message = if kind == ReadErrorKind::DateOutOfRange {
            message
        } else {
            format_message(&message, &path, line_number, loc.newtonsoft_position)
        };
        ReadError {
            message,
            offset: at,
            line: loc.line,
            column: loc.column,
            path,
            line_number,
            line_position: loc.newtonsoft_position,
            kind,
        }
    }

    /// Newtonsoft's `JsonReader.Path` for the current state.
    pub(super) fn path(&self, mode: Mode) -> String {
        let after_number = mode == Mode::AfterNumber;
        let include_last =
            after_number || !matches!(self.state, State::ArrayStart | State::ObjectStart);
        let count = if include_last {
            self.frames.len()
        } else {
            self.frames.len().saturating_sub(1)
        };
        let mut out = String::new();
        for (i, frame) in self.frames[..count].iter().enumerate() {
            if frame.is_object {
                let name = match (&frame.pending, frame.last_slot) {
                    (Some(p), _) => &*p.0,
                    (None, Some(slot)) => self
                        .members
                        .get(frame.start + slot as usize)
                        .map_or("", |m| &m.name),
                    (None, None) => "",
                };
                push_path_name(&mut out, name);
            } else {
                // This frame's elements end where a deeper array's begin.
                let end = self.frames[i + 1..]
                    .iter()
                    .find(|f| !f.is_object)
                    .map_or(self.elements.len(), |f| f.start);
                let children = end.saturating_sub(frame.start);
                let mut index = children as i64 - 1;
                if after_number && i + 1 == self.frames.len() {
                    index += 1;
                }
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
        out
    }
}

pub(super) fn end_token_name(bracket: u8) -> &'static str {
    match bracket {
        b'}' => "EndObject",
        b']' => "EndArray",
        _ => "EndConstructor",
    }
}

/// `JsonPosition.FormatMessage`.
pub(crate) fn format_message(message: &str, path: &str, line: u32, position: u32) -> String {
    let mut out = message.trim().to_string();
    if !out.ends_with('.') {
        out.push('.');
    }
    out.push_str(&format!(
        " Path '{path}', line {line}, position {position}."
    ));
    out
}

/// Characters that make Newtonsoft write a path name as `['…']`.
const SPECIAL: &[char] = &[
    '.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\u{c}', '\u{8}', '\\',
    '\u{85}', '\u{2028}', '\u{2029}',
];

/// Appends one property name to a Newtonsoft path (`a.b`, `['x y']`).
pub(crate) fn push_path_name(out: &mut String, name: &str) {
    if name.contains(SPECIAL) {
        out.push_str("['");
        crate::write::escape_into(out, name, '\'');
        out.push_str("']");
    } else {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(name);
    }
}
