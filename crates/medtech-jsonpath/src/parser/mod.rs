//! The JSONPath parser, reproducing Newtonsoft 13.0.3's `JPath` character by character
//! (device-mapping.md §6.1–§6.3), including its messages and its crashes:
//! * a leading `$` is consumed only before `.`/`[` or when it is the whole text; otherwise
//!   names start at offset 0, leading spaces included;
//! * a dot name runs to `.`, `[`, `(`, `)`, `]` or a space (in filters also `= < ! > | &`); the
//!   last name is trimmed of trailing white space; `*` alone is the wildcard;
//! * after `..`, a bracket with an index, slice or `*` drops the `..`;
//! * bracket names are single-quoted; indexes, unions, slices go through `Convert.ToInt32`;
//! * filters need `(`; a number literal ends only at a space or `)`; `&&` then `||` nests the
//!   rest of the expression; a condition not followed by `&&`/`||`/`)` is dropped;
//! * reading past the end of the text raises `IndexOutOfRangeException`, as in .NET.
//!
//! Filter expressions are parsed in [`query`].

mod query;

use crate::ast::{Name, Path, Segment};
use crate::dotnet::{self, IntParse};
use crate::error::{ParseError, ParseErrorKind};
use crate::features::{is_shorthand_name, Features};

/// Deepest nesting of filters inside filters.
const MAX_FILTER_DEPTH: usize = 32;
/// Most path segments in one expression (all filters included).
const MAX_SEGMENTS: usize = 1024;

/// Parses an expression into its path and the features it uses.
pub(crate) fn parse(src: &str) -> Result<(Path, Features), ParseError> {
    let mut parser = Parser {
        chars: src.chars().collect(),
        src,
        i: 0,
        depth: 0,
        segments: 0,
        features: Features::default(),
    };
    let path = parser.parse_main()?;
    Ok((path, parser.features))
}

struct Parser<'s> {
    src: &'s str,
    chars: Vec<char>,
    i: usize,
    depth: usize,
    segments: usize,
    features: Features,
}

type PResult<T> = Result<T, ParseError>;

impl Parser<'_> {
    fn len(&self) -> usize {
        self.chars.len()
    }

    fn error(&self, kind: ParseErrorKind, message: String, at: usize) -> ParseError {
        let offset = self
            .src
            .char_indices()
            .nth(at)
            .map(|(b, _)| b)
            .unwrap_or(self.src.len());
        ParseError {
            message,
            offset,
            kind,
        }
    }

    fn syntax(&self, message: impl Into<String>) -> ParseError {
        self.error(ParseErrorKind::Syntax, message.into(), self.i)
    }

    /// `_expression[_currentIndex]`, which throws past the end.
    fn current(&self) -> PResult<char> {
        self.chars.get(self.i).copied().ok_or_else(|| {
            self.error(
                ParseErrorKind::IndexOutOfRange,
                "Index was outside the bounds of the array.".into(),
                self.i,
            )
        })
    }

    fn eat_whitespace(&mut self) {
        while self.chars.get(self.i) == Some(&' ') {
            self.i += 1;
        }
    }

    fn ensure_length(&self, message: &str) -> PResult<()> {
        if self.i >= self.len() {
            return Err(self.syntax(message));
        }
        Ok(())
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// Consumes `s` if the text continues with it.
    fn match_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        let matches = self
            .chars
            .get(self.i..self.i + n)
            .is_some_and(|window| window.iter().copied().eq(s.chars()));
        if matches {
            self.i += n;
        }
        matches
    }

    fn push(&mut self, path: &mut Path, segment: Segment) -> PResult<()> {
        self.segments += 1;
        if self.segments > MAX_SEGMENTS {
            return Err(self.error(
                ParseErrorKind::TooComplex,
                format!("The expression has more than {MAX_SEGMENTS} path segments."),
                self.i,
            ));
        }
        path.push(segment);
        Ok(())
    }

    fn parse_main(&mut self) -> PResult<Path> {
        let mut path = Path::default();
        let mut part_start = self.i;
        self.eat_whitespace();
        if self.i == self.len() {
            return Ok(path);
        }
        if self.chars[self.i] == '$' {
            if self.len() == 1 {
                return Ok(path);
            }
            let next = self.chars.get(self.i + 1).copied().ok_or_else(|| {
                self.error(
                    ParseErrorKind::IndexOutOfRange,
                    "Index was outside the bounds of the array.".into(),
                    self.i + 1,
                )
            })?;
            if next == '.' || next == '[' {
                self.i += 1;
                part_start = self.i;
            } else {
                self.features.dollar_property = true;
                self.features.missing_dollar = true;
            }
        } else {
            self.features.missing_dollar = true;
            if self.chars[self.i] == '@' {
                self.features.at_property = true;
            }
        }
        if part_start < self.i {
            self.features.leading_space_name = true;
        }
        if !self.parse_path(&mut path, part_start, false)? {
            let last = self.i;
            self.eat_whitespace();
            if self.i < self.len() {
                let c = self.chars[last];
                return Err(self.error(
                    ParseErrorKind::Syntax,
                    format!("Unexpected character while parsing path: {c}"),
                    last,
                ));
            }
            self.features.space_terminated = true;
        }
        Ok(path)
    }

    fn push_member(&mut self, path: &mut Path, member: String, scan: bool) -> PResult<()> {
        let name = if member == "*" {
            if scan {
                self.features.recursive_wildcard = true;
            } else {
                self.features.dot_wildcard = true;
            }
            None
        } else {
            if !is_shorthand_name(&member) {
                self.features.unusual_member_name = true;
            }
            Some(member)
        };
        let segment = if scan {
            self.features.recursive_descent = true;
            Segment::Scan(name.map(String::into_boxed_str))
        } else {
            Segment::Field(name.map(Name::new))
        };
        self.push(path, segment)
    }

    /// `JPath.ParsePath`: returns true when the text ended inside the path.
    fn parse_path(&mut self, path: &mut Path, mut part_start: usize, query: bool) -> PResult<bool> {
        let mut scan = false;
        let mut following_indexer = false;
        let mut following_dot = false;
        while self.i < self.len() {
            let c = self.chars[self.i];
            match c {
                '[' | '(' => {
                    if self.i > part_start {
                        let member = self.text(part_start, self.i);
                        self.push_member(path, member, scan)?;
                        scan = false;
                    } else if following_dot && !scan {
                        self.features.dot_bracket = true;
                    }
                    if c == '(' {
                        self.features.paren_indexer = true;
                    }
                    let segment = self.parse_indexer(c, scan)?;
                    self.push(path, segment)?;
                    scan = false;
                    self.i += 1;
                    part_start = self.i;
                    following_indexer = true;
                    following_dot = false;
                }
                ']' | ')' | ' ' => break,
                '.' => {
                    if self.i > part_start {
                        let member = self.text(part_start, self.i);
                        self.push_member(path, member, scan)?;
                        scan = false;
                    }
                    if self.chars.get(self.i + 1) == Some(&'.') {
                        scan = true;
                        self.i += 1;
                    }
                    self.i += 1;
                    part_start = self.i;
                    following_indexer = false;
                    following_dot = true;
                }
                _ => {
                    if query && matches!(c, '=' | '<' | '!' | '>' | '|' | '&') {
                        break;
                    }
                    if following_indexer {
                        return Err(
                            self.syntax(format!("Unexpected character following indexer: {c}"))
                        );
                    }
                    self.i += 1;
                }
            }
        }
        let at_end = self.i == self.len();
        if self.i > part_start {
            let member = dotnet::trim_end(&self.text(part_start, self.i)).to_string();
            self.push_member(path, member, scan)?;
        } else if following_dot && (at_end || query) {
            return Err(self.syntax("Unexpected end while parsing path."));
        }
        Ok(at_end)
    }

    fn parse_indexer(&mut self, open: char, scan: bool) -> PResult<Segment> {
        self.i += 1;
        let close = if open == '[' { ']' } else { ')' };
        self.ensure_length("Path ended with open indexer.")?;
        self.eat_whitespace();
        match self.current()? {
            '\'' => self.parse_quoted_field(close, scan),
            '?' => self.parse_query(close, scan),
            _ => {
                if scan {
                    self.features.scan_index_ignored = true;
                }
                self.parse_array_indexer(close)
            }
        }
    }

    /// `Convert.ToInt32` of `chars[start..start+length]`.
    fn to_int32(&self, start: usize, length: usize) -> PResult<i32> {
        let text = self.text(start, start + length);
        match dotnet::parse_integer(&text, i32::MIN.into(), i32::MAX.into()) {
            IntParse::Ok(v) => Ok(v as i32),
            IntParse::Format => Err(self.error(
                ParseErrorKind::Format,
                format!("The input string '{text}' was not in a correct format."),
                start,
            )),
            IntParse::Overflow => Err(self.error(
                ParseErrorKind::Overflow,
                "Value was either too large or too small for an Int32.".into(),
                start,
            )),
        }
    }

    fn unexpected_indexer_char(&self, c: char) -> ParseError {
        self.syntax(format!(
            "Unexpected character while parsing path indexer: {c}"
        ))
    }

    fn parse_array_indexer(&mut self, close: char) -> PResult<Segment> {
        let mut start = self.i;
        let mut end: Option<usize> = None;
        let mut indexes: Option<Vec<i32>> = None;
        let mut colons = 0;
        let mut bounds: [Option<i32>; 3] = [None; 3];
        while self.i < self.len() {
            let c = self.chars[self.i];
            if c == ' ' {
                end = Some(self.i);
                self.eat_whitespace();
                continue;
            }
            let length = end.unwrap_or(self.i).saturating_sub(start);
            if c == close {
                if let Some(mut list) = indexes {
                    if length == 0 {
                        return Err(self.syntax("Array index expected."));
                    }
                    list.push(self.to_int32(start, length)?);
                    self.note_indexes(&list);
                    self.features.union = true;
                    return Ok(Segment::Indexes(list));
                }
                if colons > 0 {
                    if length > 0 {
                        let v = self.to_int32(start, length)?;
                        bounds[if colons == 1 { 1 } else { 2 }] = Some(v);
                    }
                    self.features.slice = true;
                    if bounds[2] == Some(0) {
                        self.features.zero_step = true;
                    }
                    return Ok(Segment::Slice {
                        start: bounds[0],
                        end: bounds[1],
                        step: bounds[2],
                    });
                }
                if length == 0 {
                    return Err(self.syntax("Array index expected."));
                }
                let index = self.to_int32(start, length)?;
                self.note_indexes(&[index]);
                return Ok(Segment::Index(index));
            } else if c == ',' {
                if length == 0 {
                    return Err(self.syntax("Array index expected."));
                }
                let v = self.to_int32(start, length)?;
                indexes.get_or_insert_with(Vec::new).push(v);
                self.i += 1;
                self.eat_whitespace();
                start = self.i;
                end = None;
            } else if c == '*' {
                self.i += 1;
                self.ensure_length("Path ended with open indexer.")?;
                self.eat_whitespace();
                if self.current()? != close {
                    return Err(self.unexpected_indexer_char(c));
                }
                self.features.bracket_wildcard = true;
                return Ok(Segment::AllElements);
            } else if c == ':' {
                if length > 0 {
                    let v = self.to_int32(start, length)?;
                    bounds[colons.min(2)] = Some(v);
                }
                colons += 1;
                self.i += 1;
                self.eat_whitespace();
                start = self.i;
                end = None;
            } else if (!dotnet::is_digit(c) && c != '-') || end.is_some() {
                return Err(self.unexpected_indexer_char(c));
            } else {
                self.i += 1;
            }
        }
        Err(self.syntax("Path ended with open indexer."))
    }

    fn note_indexes(&mut self, list: &[i32]) {
        if list.iter().any(|&i| i < 0) {
            self.features.negative_index = true;
        }
    }

    fn parse_quoted_field(&mut self, close: char, scan: bool) -> PResult<Segment> {
        let mut fields: Option<Vec<Box<str>>> = None;
        while self.i < self.len() {
            if fields.is_some() && self.chars[self.i] != '\'' {
                self.features.lenient_quote = true;
            }
            let field = self.read_quoted_string()?;
            self.eat_whitespace();
            self.ensure_length("Path ended with open indexer.")?;
            let c = self.chars[self.i];
            if c == close {
                if scan {
                    self.features.recursive_descent = true;
                }
                return Ok(match fields {
                    Some(mut list) => {
                        list.push(field.into_boxed_str());
                        self.features.union = true;
                        if scan {
                            Segment::ScanFields(list)
                        } else {
                            Segment::Fields(list)
                        }
                    }
                    None if scan => Segment::Scan(Some(field.into_boxed_str())),
                    None => Segment::Field(Some(Name::new(field))),
                });
            } else if c == ',' {
                self.i += 1;
                self.eat_whitespace();
                fields
                    .get_or_insert_with(Vec::new)
                    .push(field.into_boxed_str());
            } else {
                return Err(self.unexpected_indexer_char(c));
            }
        }
        Err(self.syntax("Path ended with open indexer."))
    }

    /// Reads a single-quoted string; the current character is taken as the opening quote.
    fn read_quoted_string(&mut self) -> PResult<String> {
        let mut out = String::new();
        self.i += 1;
        while self.i < self.len() {
            let c = self.chars[self.i];
            if c == '\\' && self.i + 1 < self.len() {
                self.i += 1;
                let e = self.chars[self.i];
                out.push(match e {
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'f' => '\u{c}',
                    'r' => '\r',
                    '\\' | '"' | '\'' | '/' => e,
                    _ => return Err(self.syntax(format!("Unknown escape character: \\{e}"))),
                });
                self.i += 1;
            } else if c == '\'' {
                self.i += 1;
                return Ok(out);
            } else {
                self.i += 1;
                out.push(c);
            }
        }
        Err(self.syntax("Path ended with an open string."))
    }
}
