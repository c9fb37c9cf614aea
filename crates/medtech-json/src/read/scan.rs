//! Lexical pieces of Newtonsoft's `JsonTextReader` (device-mapping.md §2.1): whitespace,
//! strings and escapes, numbers and their typing, literals, comments, unquoted names.
//! Every function works on byte offsets into the text and reports failures as [`Fail`] with the
//! offset Newtonsoft's reader would stand on.

use crate::document::Value;
use std::borrow::Cow;

/// How the path of a failure is computed (the reader's state differs between failures).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// From the current state.
    Normal,
    /// After a number was consumed: Newtonsoft has already moved to "post value" and counted
    /// the element before it validates the number.
    AfterNumber,
}

/// A lexical failure: Newtonsoft's message (without the path part) and where it stopped.
#[derive(Debug)]
pub(super) struct Fail {
    pub message: String,
    pub at: usize,
    pub mode: Mode,
}

pub(super) fn fail(message: impl Into<String>, at: usize) -> Fail {
    Fail {
        message: message.into(),
        at,
        mode: Mode::Normal,
    }
}

/// The char at byte `pos` (`None` at the end).
pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// Byte length of the whitespace (or NUL, which Newtonsoft skips between tokens) at `pos`.
fn blank_len(text: &str, pos: usize) -> Option<usize> {
    match *text.as_bytes().get(pos)? {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0 => Some(1),
        b if b < 0x80 => None,
        _ => {
            let c = char_at(text, pos)?;
            c.is_whitespace().then(|| c.len_utf8())
        }
    }
}

/// Skips whitespace and NUL characters. Most tokens follow the previous one directly or after
/// one space: those cases are decided inline by comparing a byte or two (blanks are at most
/// `' '` or non-ASCII), the rest out of line.
#[inline(always)]
pub(super) fn skip_blank(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let token = |at: usize| matches!(bytes.get(at), Some(&b) if b > b' ' && b < 0x80);
    if token(pos) {
        pos
    } else if bytes.get(pos) == Some(&b' ') && token(pos + 1) {
        // One space, as after `:` and `,` in much generated JSON.
        pos + 1
    } else {
        skip_blanks(text, pos)
    }
}

#[inline(never)]
fn skip_blanks(text: &str, mut pos: usize) -> usize {
    while let Some(n) = blank_len(text, pos) {
        pos += n;
    }
    pos
}

/// True when the char at `pos` is .NET whitespace (`char.IsWhiteSpace`).
fn is_white(text: &str, pos: usize) -> bool {
    matches!(char_at(text, pos), Some(c) if c.is_whitespace())
}

/// UTF-16 units available from `pos`, counted up to `need` (enough to answer "are there
/// `need` more units?").
fn units_available(text: &str, pos: usize, need: usize) -> usize {
    let mut n = 0;
    for c in text.get(pos..).unwrap_or("").chars() {
        if n >= need {
            break;
        }
        n += c.len_utf16();
    }
    n
}

/// Reads a quoted string whose opening quote is at `open`; returns the unescaped text and the
/// offset after the closing quote.
pub(super) fn string(text: &str, open: usize) -> Result<(Cow<'_, str>, usize), Fail> {
    let bytes = text.as_bytes();
    let quote = bytes[open];
    let start = open + 1;
    let mut pos = start;
    let mut owned: Option<String> = None;
    let mut copied = start;
    loop {
        let Some(rel) = quote_or_escape(quote, &bytes[pos..]) else {
            return Err(unterminated(quote, text.len()));
        };
        pos += rel;
        if bytes[pos] == quote {
            let value = match owned {
                None => Cow::Borrowed(&text[start..pos]),
                Some(mut s) => {
                    s.push_str(&text[copied..pos]);
                    Cow::Owned(s)
                }
            };
            return Ok((value, pos + 1));
        }
        // A backslash.
        let out = owned.get_or_insert_with(String::new);
        out.push_str(&text[copied..pos]);
        let Some(c) = char_at(text, pos + 1) else {
            return Err(unterminated(quote, text.len()));
        };
        let after = pos + 1 + c.len_utf8();
        match c {
            'b' => out.push('\u{8}'),
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'f' => out.push('\u{c}'),
            'r' => out.push('\r'),
            '\\' | '"' | '\'' | '/' => out.push(c),
            'u' => {
                let end = unicode_escape(text, pos + 2, out)?;
                copied = end;
                pos = end;
                continue;
            }
            _ => return Err(fail(format!("Bad JSON escape sequence: \\{c}."), after)),
        }
        copied = after;
        pos = after;
    }
}

/// The offset of the first `quote` or backslash in `rest`. Names and most values in device
/// messages are short: eight bytes at a time are tested as one word (a byte equal to the quote
/// or the backslash becomes zero, and the lowest zero byte is found exactly), which ends them
/// sooner than `memchr2`'s setup; `memchr2` takes over for what is left after 32 bytes.
#[inline]
fn quote_or_escape(quote: u8, rest: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let (quotes, escapes) = (ONES * u64::from(quote), ONES * u64::from(b'\\'));
    let mut at = 0;
    while let Some(chunk) = rest.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let found = zero_byte(word ^ quotes) | zero_byte(word ^ escapes);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
        if at == 32 {
            return memchr::memchr2(quote, b'\\', &rest[at..]).map(|i| at + i);
        }
    }
    rest[at..]
        .iter()
        .position(|&b| b == quote || b == b'\\')
        .map(|i| at + i)
}

fn unterminated(quote: u8, at: usize) -> Fail {
    fail(
        format!(
            "Unterminated string. Expected delimiter: {}.",
            quote as char
        ),
        at,
    )
}

/// Four hex digits at `pos` (after `\u`): the UTF-16 unit and the offset after them.
fn hex4(text: &str, pos: usize) -> Result<(u32, usize), Fail> {
    if units_available(text, pos, 4) < 4 {
        return Err(fail(
            "Unexpected end while parsing Unicode escape sequence.",
            pos,
        ));
    }
    let digits = text
        .get(pos..pos + 4)
        .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
    match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
        Some(v) => Ok((v, pos + 4)),
        None => {
            let shown: String = text[pos..].chars().take(4).collect();
            Err(fail(
                format!("Invalid Unicode escape sequence: \\u{shown}."),
                pos,
            ))
        }
    }
}

/// Handles `\uXXXX` (and a following low surrogate) at `pos`; lone surrogates become U+FFFD as
/// in Newtonsoft. Returns the offset after the escape(s).
fn unicode_escape(text: &str, pos: usize, out: &mut String) -> Result<usize, Fail> {
    let (mut unit, mut end) = hex4(text, pos)?;
    if (0xDC00..0xE000).contains(&unit) {
        out.push('\u{FFFD}');
        return Ok(end);
    }
    while (0xD800..0xDC00).contains(&unit) {
        let b = text.as_bytes();
        let more = units_available(text, end, 3) >= 3
            && b.get(end) == Some(&b'\\')
            && b.get(end + 1) == Some(&b'u');
        if !more {
            out.push('\u{FFFD}');
            return Ok(end);
        }
        let (next, next_end) = hex4(text, end + 2)?;
        end = next_end;
        if (0xDC00..0xE000).contains(&next) {
            let c = 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00);
            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
            return Ok(end);
        }
        out.push('\u{FFFD}');
        unit = next;
    }
    out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
    Ok(end)
}

/// Scans a number token starting at `start`; returns its end. Characters Newtonsoft collects:
/// digits, `.`, `+`, `-`, `a–f`, `A–F`, `x`, `X`; it ends at whitespace, `,`, `}`, `]`, `)`,
/// `/`, NUL or the end of the text.
pub(super) fn number_end(text: &str, start: usize) -> Result<usize, Fail> {
    let bytes = text.as_bytes();
    let mut pos = start;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' | b'x' | b'X' | b'.' | b'+' | b'-' => pos += 1,
            b',' | b'}' | b']' | b')' | b'/' | 0 => break,
            _ if is_white(text, pos) => break,
            _ => {
                let c = char_at(text, pos).unwrap_or('\u{FFFD}');
                return Err(fail(
                    format!("Unexpected character encountered while parsing number: {c}."),
                    pos,
                ));
            }
        }
    }
    Ok(pos)
}

/// Newtonsoft's maximum length of an integer literal parsed as `BigInteger`.
const MAX_BIG_INTEGER_LENGTH: usize = 380;

/// Types a number token as Newtonsoft does (`ParseReadNumber` for `ReadType.Read`): the error
/// text is Newtonsoft's message without its path part.
pub(super) fn number_value(s: &str) -> Result<Value, String> {
    let b = s.as_bytes();
    let invalid = || format!("Input string '{s}' is not a valid number.");
    if b.len() == 1 && b[0].is_ascii_digit() {
        return Ok(Value::Integer(i64::from(b[0] - b'0')));
    }
    if b.len() > 1 && b[0] == b'0' && !matches!(b[1], b'.' | b'e' | b'E') {
        let parsed = match s.get(..2) {
            Some("0x") | Some("0X") => radix_u64(&s[2..], 16),
            _ => radix_u64(s, 8),
        };
        // Convert.ToInt64(s, 8/16) reads an unsigned 64-bit pattern.
        return parsed.map(|v| Value::Integer(v as i64)).ok_or_else(invalid);
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        // Newtonsoft's Int64TryParse: more than 19 digits is an overflow, leading zeros or not.
        let parsed = if digits.len() > 19 {
            None
        } else {
            s.parse::<i64>().ok()
        };
        return match parsed.ok_or(()) {
            Ok(v) => Ok(Value::Integer(v)),
            Err(_) if s.len() > MAX_BIG_INTEGER_LENGTH => {
                Err(format!("JSON integer {s} is too large to parse."))
            }
            Err(_) => Ok(Value::BigInteger(canonical_integer(s).into())),
        };
    }
    if float_syntax(s) {
        if let Ok(v) = s.parse::<f64>() {
            return Ok(Value::Float(v));
        }
    }
    Err(invalid())
}

/// `Convert.ToUInt64`-style parse of all of `s` in `radix` (at least one digit, no overflow).
fn radix_u64(s: &str, radix: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for c in s.chars() {
        let d = c.to_digit(radix)?;
        value = value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(d))?;
    }
    Some(value)
}

/// `BigInteger.ToString()` of a decimal literal: no leading zeros, no `-0`.
fn canonical_integer(s: &str) -> String {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else if neg {
        format!("-{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// `double.TryParse(s, NumberStyles.Float, Invariant)` syntax for the characters a number token
/// can hold: `[-]digits[.digits][(e|E)[+|-]digits]` with at least one mantissa digit.
fn float_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-') || b.first() == Some(&b'+'));
    let mut mantissa = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        mantissa += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            mantissa += 1;
        }
    }
    if mantissa == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// `MatchValueWithTrailingSeparator`: `literal` at `pos` followed by a separator (or the end).
/// `error` is the message when the text differs. Returns the offset after the literal.
pub(super) fn literal(text: &str, pos: usize, literal: &str, error: &str) -> Result<usize, Fail> {
    if units_available(text, pos, literal.len()) < literal.len() {
        return Err(fail("Unexpected end when reading JSON.", text.len()));
    }
    let bytes = text.as_bytes();
    for (i, expected) in literal.bytes().enumerate() {
        if bytes.get(pos + i) != Some(&expected) {
            return Err(fail(error, pos + i));
        }
    }
    let end = pos + literal.len();
    let separated = match bytes.get(end) {
        None | Some(b'}') | Some(b']') | Some(b',') | Some(0) => true,
        Some(b'/') => matches!(bytes.get(end + 1), Some(b'*') | Some(b'/')),
        Some(_) => is_white(text, end),
    };
    if separated {
        Ok(end)
    } else {
        Err(fail(error, end))
    }
}

/// Skips a comment whose `/` is at `pos`; returns the offset after it (a line comment stops
/// before its line break).
pub(super) fn comment(text: &str, pos: usize) -> Result<usize, Fail> {
    let bytes = text.as_bytes();
    let after_slash = pos + 1;
    if units_available(text, after_slash, 2) < 2 {
        return Err(fail("Unexpected end while parsing comment.", after_slash));
    }
    match bytes[after_slash] {
        b'*' => {
            let body = after_slash + 1;
            match text[body..].find("*/") {
                Some(i) => Ok(body + i + 2),
                None => Err(fail("Unexpected end while parsing comment.", text.len())),
            }
        }
        b'/' => {
            let body = after_slash + 1;
            Ok(bytes[body..]
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .map_or(text.len(), |i| body + i))
        }
        _ => {
            let c = char_at(text, after_slash).unwrap_or('\u{FFFD}');
            Err(fail(
                format!("Error parsing comment. Expected: *, got {c}."),
                after_slash,
            ))
        }
    }
}

/// `ValidIdentifierChar`: letter or digit, `_` or `$`.
pub(super) fn identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// An unquoted property name starting at `pos` (its first char is an identifier char); returns
/// the offset after it. It ends before whitespace, `:` or NUL.
pub(super) fn unquoted_name(text: &str, pos: usize) -> Result<usize, Fail> {
    let mut end = pos;
    loop {
        match char_at(text, end) {
            None => {
                return Err(fail(
                    "Unexpected end while parsing unquoted property name.",
                    end,
                ))
            }
            Some(c) if identifier_char(c) => end += c.len_utf8(),
            Some(c) if c.is_whitespace() || c == ':' || c == '\0' => return Ok(end),
            Some(c) => {
                return Err(fail(
                    format!("Invalid JavaScript property identifier character: {c}."),
                    end,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::quote_or_escape;

    /// The word-at-a-time search finds what a byte-by-byte one finds: every length up to past
    /// the `memchr2` hand-over, the wanted byte at every place, after other bytes of every
    /// kind (high bytes of UTF-8 sequences, 0x80, bytes one above and below the wanted ones).
    #[test]
    fn quote_or_escape_agrees_with_a_plain_search() {
        let fillers = [
            b'a',
            0x80,
            0xC3,
            0xFF,
            0x00,
            b'"' + 1,
            b'"' - 1,
            b'\\' + 1,
            b'\'' + 1,
        ];
        for quote in [b'"', b'\''] {
            for len in 0..80 {
                for filler in fillers {
                    let mut text = vec![filler; len];
                    let plain = |t: &[u8]| t.iter().position(|&b| b == quote || b == b'\\');
                    assert_eq!(quote_or_escape(quote, &text), plain(&text));
                    for at in 0..len {
                        for wanted in [quote, b'\\'] {
                            let saved = text[at];
                            text[at] = wanted;
                            assert_eq!(quote_or_escape(quote, &text), plain(&text), "{len} {at}");
                            // A second one after it changes nothing.
                            if at + 3 < len {
                                text[at + 3] = b'\\';
                                assert_eq!(quote_or_escape(quote, &text), Some(at));
                                text[at + 3] = filler;
                            }
                            text[at] = saved;
                        }
                    }
                }
            }
        }
    }
}
