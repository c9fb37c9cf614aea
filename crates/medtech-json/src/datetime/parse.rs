//! .NET `DateTime.Parse(s, CultureInfo.InvariantCulture)` for the forms met in device data
//! (device-mapping.md §5.5). .NET's parser is a large heuristic lexer; this covers:
//!
//! * ISO-like `yyyy-MM-dd` / `yyyy/MM/dd` / `yyyy.MM.dd`, with an optional time after `T` or
//!   spaces;
//! * invariant short dates `M/d/yyyy` (also `-` or `.` separated; month first, as the invariant
//!   culture's `MM/dd/yyyy`; two-digit years map to 1930–2029);
//! * month names (English, full or abbreviated, any case), with an optional leading day name:
//!   `Fri, 01 Feb 2019`, `1 February 2019`, `Feb 1, 2019`, `01-Feb-2019`;
//! * times `H:mm`, `H:mm:ss`, `H:mm:ss.fffffff` (any number of fraction digits, rounded to
//!   ticks), optional `AM`/`PM`;
//! * zones `Z`, `GMT`, `UTC`, `±h`, `±hh`, `±hhmm`, `±hh:mm`: the instant is converted to local
//!   time (the host is UTC) and the kind is Local, as .NET does; no zone → Unspecified;
//! * date only → midnight; time only → the given `today` (see [`parse_dotnet_at`]).
//!
//! Anything else is rejected (`None`), where .NET might still accept some exotic forms.

use super::{DateKind, DateTime, MAX_TICKS, TICKS_PER_MINUTE};

/// `DateTime.Parse(s, InvariantCulture)`. Time-only strings give `None`: .NET would date them
/// "today", which is not reproducible; use [`parse_dotnet_at`] to supply the day.
pub fn parse_dotnet(s: &str) -> Option<DateTime> {
    match strict_iso(s.as_bytes()) {
        Some(date) => Some(date),
        None => parse(s, None),
    }
}

/// [`parse_dotnet`] without the shortcut for strict ISO 8601 text, for the tests that compare
/// the two.
#[cfg(test)]
pub(crate) fn parse_dotnet_general(s: &str) -> Option<DateTime> {
    parse(s, None)
}

/// The shortcut alone, for the same tests.
#[cfg(test)]
pub(crate) fn strict_iso_for_tests(s: &str) -> Option<DateTime> {
    strict_iso(s.as_bytes())
}

/// The shape of nearly every timestamp in device traffic (IoT Hub's `iothub-creation-time-utc`,
/// ISO text built by an expression): `yyyy-MM-ddTHH:mm:ss`, then up to seven fraction digits
/// after `.`, then nothing, `Z` or `±hh:mm`. What [`parse`] gives for such text, without its
/// lexer; `None` when the text has any other shape or its values are out of range (then the
/// general parser decides).
fn strict_iso(b: &[u8]) -> Option<DateTime> {
    let digit = |i: usize| match b.get(i) {
        Some(c) if c.is_ascii_digit() => Some(u32::from(c - b'0')),
        _ => None,
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let year = two(0)? * 100 + two(2)?;
    let (month, day, hour, minute, second) = (two(5)?, two(8)?, two(11)?, two(14)?, two(17)?);
    let mut i = 19;
    let mut fraction = 0;
    if at(i, b'.') {
        let start = i + 1;
        i = start;
        while let Some(d) = digit(i) {
            fraction = fraction * 10 + d;
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 7 {
            return None;
        }
        fraction *= 10u32.pow(7 - digits as u32);
    }
    let offset = match b.get(i) {
        None => None,
        Some(b'Z') if i + 1 == b.len() => Some(0),
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && at(i + 3, b':') => {
            let (hours, minutes) = (two(i + 1)?, two(i + 4)?);
            if hours > 14 || minutes > 59 {
                return None;
            }
            let minutes = (hours * 60 + minutes) as i32;
            Some(if sign == b'-' { -minutes } else { minutes })
        }
        _ => return None,
    };
    let wall = DateTime::from_parts(
        year as i32,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
        DateKind::Unspecified,
    )?;
    zoned(wall, offset)
}

/// The parsed wall-clock time with its zone, as .NET makes it: no zone → Unspecified; an
/// offset (minutes east of UTC) → the instant in local time (the host is UTC), kind Local,
/// `None` when that leaves .NET's range.
fn zoned(wall: DateTime, offset: Option<i32>) -> Option<DateTime> {
    let Some(offset) = offset else {
        return Some(wall);
    };
    let ticks = wall.ticks - i64::from(offset) * TICKS_PER_MINUTE;
    (0..=MAX_TICKS).contains(&ticks).then_some(DateTime {
        ticks,
        kind: DateKind::Local {
            original_offset_minutes: offset as i16,
        },
    })
}

/// Like [`parse_dotnet`], with the day used for time-only strings (.NET uses the current date).
pub fn parse_dotnet_at(s: &str, today: DateTime) -> Option<DateTime> {
    parse(s, Some(today))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok<'a> {
    /// Digits: value (saturated), digit count, the digits.
    Num(u64, usize, &'a str),
    /// Letters, lower-cased by the comparison helpers.
    Word(&'a str),
    /// One punctuation character.
    Sep(char),
    /// A run of whitespace.
    Space,
}

fn lex(s: &str) -> Option<Vec<Tok<'_>>> {
    let mut toks = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            let digits = &rest[..n];
            let value = digits.bytes().fold(0u64, |v, d| {
                v.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            });
            toks.push(Tok::Num(value, n, digits));
            n
        } else if c.is_ascii_alphabetic() {
            let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            toks.push(Tok::Word(&rest[..n]));
            n
        } else if c.is_whitespace() {
            let n: usize = rest
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            if !matches!(toks.last(), Some(Tok::Space)) {
                toks.push(Tok::Space);
            }
            n
        } else if matches!(c, '-' | '/' | '.' | ':' | ',' | '+') {
            toks.push(Tok::Sep(c));
            1
        } else {
            return None;
        };
        rest = &rest[len..];
    }
    Some(toks)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && *m == "september")
        })
        .map(|i| i as u32 + 1)
}

fn is_day_name(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    DAYS.iter()
        .any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
}

/// A cursor over tokens.
struct Cur<'t, 'a> {
    toks: &'t [Tok<'a>],
    i: usize,
}

impl<'a> Cur<'_, 'a> {
    fn peek(&self) -> Option<Tok<'a>> {
        self.toks.get(self.i).copied()
    }
    fn bump(&mut self) -> Option<Tok<'a>> {
        let t = self.peek();
        self.i += 1;
        t
    }
    fn eat_space(&mut self) {
        while self.peek() == Some(Tok::Space) {
            self.i += 1;
        }
    }
    fn eat_sep(&mut self, c: char) -> bool {
        if self.peek() == Some(Tok::Sep(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        match self.peek() {
            Some(Tok::Num(v, n, _)) if n >= min && n <= max => {
                self.i += 1;
                u32::try_from(v).ok()
            }
            _ => None,
        }
    }
}

fn two_digit_year(y: u32, digits: usize) -> i32 {
    if digits <= 2 {
        if y <= 29 {
            2000 + y as i32
        } else {
            1900 + y as i32
        }
    } else {
        y as i32
    }
}

/// Date part: (year, month, day) or `None` (the cursor is then unchanged).
fn date_part(c: &mut Cur<'_, '_>) -> Option<(i32, u32, u32)> {
    let start = c.i;
    let result = date_forms(c);
    if result.is_none() {
        c.i = start;
    }
    result
}

fn date_forms(c: &mut Cur<'_, '_>) -> Option<(i32, u32, u32)> {
    // Optional day name ("Fri," / "Friday").
    if let Some(Tok::Word(w)) = c.peek() {
        if is_day_name(w) {
            c.i += 1;
            c.eat_sep(',');
            c.eat_space();
        }
    }
    match c.peek()? {
        Tok::Num(_, 4, _) => {
            // yyyy-MM-dd, yyyy/MM/dd, yyyy.MM.dd
            let y = c.num(4, 4)? as i32;
            let Tok::Sep(sep @ ('-' | '/' | '.')) = c.bump()? else {
                return None;
            };
            let m = c.num(1, 2)?;
            if !c.eat_sep(sep) {
                return None;
            }
            let d = c.num(1, 2)?;
            Some((y, m, d))
        }
        Tok::Num(..) => {
            let first = c.num(1, 2)?;
            match c.peek()? {
                Tok::Sep(sep @ ('-' | '/' | '.')) => {
                    c.i += 1;
                    if let Some(Tok::Word(w)) = c.peek() {
                        // 01-Feb-2019
                        let m = month_of(w)?;
                        c.i += 1;
                        if !c.eat_sep(sep) {
                            return None;
                        }
                        let (y, n) = year(c)?;
                        return Some((two_digit_year(y, n), m, first));
                    }
                    let second = c.num(1, 2)?;
                    if !c.eat_sep(sep) {
                        return None;
                    }
                    let (y, n) = year(c)?;
                    Some((two_digit_year(y, n), first, second))
                }
                Tok::Space => {
                    // 01 Feb 2019
                    c.eat_space();
                    let Some(Tok::Word(w)) = c.bump() else {
                        return None;
                    };
                    let m = month_of(w)?;
                    c.eat_sep(',');
                    c.eat_space();
                    let (y, n) = year(c)?;
                    Some((two_digit_year(y, n), m, first))
                }
                _ => None,
            }
        }
        Tok::Word(w) => {
            // Feb 1, 2019
            let m = month_of(w)?;
            c.i += 1;
            c.eat_space();
            let d = c.num(1, 2)?;
            c.eat_sep(',');
            c.eat_space();
            let (y, n) = year(c)?;
            Some((two_digit_year(y, n), m, d))
        }
        _ => None,
    }
}

fn year(c: &mut Cur<'_, '_>) -> Option<(u32, usize)> {
    match c.peek()? {
        Tok::Num(v, n, _) if n == 2 || n == 4 => {
            c.i += 1;
            Some((v as u32, n))
        }
        _ => None,
    }
}

/// Time part: (hour, minute, second, fraction ticks).
fn time_part(c: &mut Cur<'_, '_>) -> Option<(u32, u32, u32, u32)> {
    let mut hour = c.num(1, 2)?;
    if !c.eat_sep(':') {
        return None;
    }
    let minute = c.num(1, 2)?;
    let (mut second, mut fraction) = (0, 0);
    if c.eat_sep(':') {
        second = c.num(1, 2)?;
        if c.eat_sep('.') {
            let Some(Tok::Num(_, _, digits)) = c.bump() else {
                return None;
            };
            fraction = fraction_ticks(digits);
        }
    }
    // AM / PM
    let save = c.i;
    c.eat_space();
    match c.peek() {
        Some(Tok::Word(w)) if w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm") => {
            if hour > 12 {
                return None;
            }
            let pm = w.eq_ignore_ascii_case("pm");
            hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            c.i += 1;
        }
        _ => c.i = save,
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some((hour, minute, second, fraction))
}

/// Fraction digits → ticks, rounded to the nearest tick (≥ 8 digits).
fn fraction_ticks(digits: &str) -> u32 {
    let mut ticks: u32 = 0;
    for (i, d) in digits.bytes().enumerate() {
        let d = u32::from(d - b'0');
        if i < 7 {
            ticks = ticks * 10 + d;
        } else {
            if d >= 5 {
                ticks += 1;
            }
            return ticks.min(9_999_999);
        }
    }
    ticks * 10u32.pow(7 - digits.len().min(7) as u32)
}

/// Zone: offset in minutes east of UTC.
fn zone_part(c: &mut Cur<'_, '_>) -> Option<i32> {
    let save = c.i;
    c.eat_space();
    match c.peek() {
        Some(Tok::Word(w))
            if w.eq_ignore_ascii_case("z")
                || w.eq_ignore_ascii_case("gmt")
                || w.eq_ignore_ascii_case("utc") =>
        {
            c.i += 1;
            // "GMT+01:00"
            let after = c.i;
            if let Some(offset) = signed_offset(c) {
                return Some(offset);
            }
            c.i = after;
            Some(0)
        }
        Some(Tok::Sep('+' | '-')) => {
            let offset = signed_offset(c);
            if offset.is_none() {
                c.i = save;
            }
            offset
        }
        _ => {
            c.i = save;
            None
        }
    }
}

fn signed_offset(c: &mut Cur<'_, '_>) -> Option<i32> {
    let sign = match c.peek()? {
        Tok::Sep('+') => 1,
        Tok::Sep('-') => -1,
        _ => return None,
    };
    c.i += 1;
    let (hours, minutes) = match c.bump()? {
        Tok::Num(v, 1 | 2, _) => {
            let minutes = if c.eat_sep(':') { c.num(2, 2)? } else { 0 };
            (v as u32, minutes)
        }
        Tok::Num(v, 4, _) => ((v / 100) as u32, (v % 100) as u32),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some(sign * (hours as i32 * 60 + minutes as i32))
}

fn parse(s: &str, today: Option<DateTime>) -> Option<DateTime> {
    let toks = lex(s.trim_matches(|c: char| c.is_whitespace() || c == '\0'))?;
    let mut c = Cur { toks: &toks, i: 0 };
    let date = date_part(&mut c);
    let time = if date.is_some() {
        let save = c.i;
        match c.peek() {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("t") => c.i += 1,
            Some(Tok::Word(w)) if w.len() > 1 && (w.starts_with('T') || w.starts_with('t')) => {
                return None
            }
            _ => c.eat_space(),
        }
        let time = time_part(&mut c);
        if time.is_none() {
            c.i = save;
        }
        time
    } else {
        Some(time_part(&mut c)?)
    };
    let zone = zone_part(&mut c);
    c.eat_space();
    if c.i != toks.len() {
        return None;
    }
    let (y, m, d) = match date {
        Some(ymd) => ymd,
        None => today?.date_parts(),
    };
    let (h, mi, sec, frac) = time.unwrap_or((0, 0, 0, 0));
    let wall = DateTime::from_parts(y, m, d, h, mi, sec, frac, DateKind::Unspecified)?;
    zoned(wall, zone)
}
