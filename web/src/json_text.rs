//! JSON text for the editors: a forgiving tokenizer (comments, single quotes, unquoted words and
//! half-typed text all tokenize; nothing panics), the highlighted HTML of a text with marked
//! ranges, and the Format button's re-indenting, which keeps every token's text as typed (so a
//! number like `1.50` or `12345678901234567890` is never changed by formatting).

use std::fmt::Write;

/// What a token is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `{ } [ ] , :`
    Punct,
    /// A string that is an object member name.
    Key,
    /// Any other string.
    Str,
    /// A number.
    Num,
    /// `true`, `false`, `null` and other words.
    Word,
    /// `// …` or `/* … */`.
    Comment,
    /// White space.
    Space,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Punct => "t-p",
            Kind::Key => "t-k",
            Kind::Str => "t-s",
            Kind::Num => "t-n",
            Kind::Word => "t-w",
            Kind::Comment => "t-c",
            Kind::Space => "",
        }
    }
}

/// A token: kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

fn scan_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Splits `text` into tokens covering it completely.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                i += 1;
                Kind::Punct
            }
            b'"' | b'\'' => {
                i = scan_string(bytes, i);
                Kind::Str
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                Kind::Comment
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
                Kind::Comment
            }
            b' ' | b'\t' | b'\r' | b'\n' => {
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
                Kind::Space
            }
            b => {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b'{' | b'}'
                            | b'['
                            | b']'
                            | b','
                            | b':'
                            | b'"'
                            | b'\''
                            | b' '
                            | b'\t'
                            | b'\r'
                            | b'\n'
                    )
                    && !(bytes[i] == b'/' && matches!(bytes.get(i + 1), Some(b'/' | b'*')))
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                if b == b'-' || b.is_ascii_digit() || b == b'.' {
                    Kind::Num
                } else {
                    Kind::Word
                }
            }
        };
        // Never split a UTF-8 sequence (the loops above stop only at ASCII bytes).
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        tokens.push(Token {
            kind,
            start,
            end: i.min(bytes.len()),
        });
    }
    // A string followed (after space and comments) by `:` is a member name.
    let mut next_significant: Option<usize> = None;
    for index in (0..tokens.len()).rev() {
        let token = tokens[index];
        if token.kind == Kind::Str
            && next_significant.is_some_and(|n| &text[tokens[n].start..tokens[n].end] == ":")
        {
            tokens[index].kind = Kind::Key;
        }
        if !matches!(token.kind, Kind::Space | Kind::Comment) {
            next_significant = Some(index);
        }
    }
    tokens
}

/// Appends `text` with `& < > \"` escaped for HTML.
pub fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// A byte range of the text to mark with a CSS class (`m-error`, `m-match`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The CSS class.
    pub class: &'static str,
}

/// The text as escaped HTML spans with token classes and mark classes. Marks may overlap;
/// out-of-range or reversed marks are ignored.
pub fn highlight_html(text: &str, marks: &[Mark]) -> String {
    let tokens = tokenize(text);
    let marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| {
            m.start < m.end
                && m.end <= text.len()
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
        })
        .collect();
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2 + 64);
    for token in tokens {
        let mut start = token.start;
        let inner = cuts
            .iter()
            .copied()
            .filter(|&c| c > token.start && c < token.end);
        for end in inner.chain(std::iter::once(token.end)) {
            piece(&mut out, text, token.kind, start, end, &marks);
            start = end;
        }
    }
    out
}

fn piece(out: &mut String, text: &str, kind: Kind, start: usize, end: usize, marks: &[&Mark]) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let mut class = String::from(kind.class());
    for mark in marks {
        if mark.start <= start && end <= mark.end {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str(mark.class);
        }
    }
    if class.is_empty() {
        escape_html_into(out, slice);
    } else {
        let _ = write!(out, "<span class=\"{class}\">");
        escape_html_into(out, slice);
        out.push_str("</span>");
    }
}

/// Re-indents JSON text (two spaces), keeping every token's text. Comments are kept on their
/// own lines. The text should be JSON the reader accepts; other text is re-indented as far as
/// its brackets go.
pub fn format_json(text: &str) -> String {
    let tokens: Vec<Token> = tokenize(text)
        .into_iter()
        .filter(|t| t.kind != Kind::Space)
        .collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth: usize = 0;
    let newline = |out: &mut String, depth: usize| {
        while out.ends_with(' ') {
            out.pop();
        }
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    for (index, token) in tokens.iter().enumerate() {
        let slice = &text[token.start..token.end];
        let next = tokens.get(index + 1).map(|t| &text[t.start..t.end]);
        match slice {
            "{" | "[" => {
                out.push_str(slice);
                let closes = matches!((slice, next), ("{", Some("}")) | ("[", Some("]")));
                depth += 1;
                if !closes {
                    newline(&mut out, depth);
                }
            }
            "}" | "]" => {
                depth = depth.saturating_sub(1);
                let previous = index
                    .checked_sub(1)
                    .map(|p| &text[tokens[p].start..tokens[p].end]);
                if !matches!(previous, Some("{" | "[")) {
                    newline(&mut out, depth);
                }
                out.push_str(slice);
                if depth == 0 && next.is_some() {
                    out.push('\n');
                }
            }
            "," => {
                out.push(',');
                newline(&mut out, depth);
            }
            ":" => out.push_str(": "),
            _ if token.kind == Kind::Comment => {
                if !out.is_empty()
                    && !out.ends_with('\n')
                    && !out.trim_end_matches(' ').ends_with('\n')
                {
                    out.push(' ');
                }
                out.push_str(slice);
                if slice.starts_with("//") {
                    newline(&mut out, depth);
                }
            }
            _ => out.push_str(slice),
        }
    }
    while out.ends_with(' ') || out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests;
