//! Newtonsoft's date detection on string tokens (`DateTimeUtils.TryParseDateTime` with
//! `DateParseHandling.DateTime`, `DateTimeZoneHandling.RoundtripKind`; device-mapping.md §2.1).
//!
//! Two forms are recognised:
//! * ISO: length 19–40, first char a digit, `T` at index 10, then Newtonsoft's own fixed-layout
//!   parser (`DateTimeParser`): `yyyy-MM-ddTHH:mm:ss`, optional `.` + 1–7 fraction digits,
//!   optional zone `Z`/`z`, `±hh`, `±hhmm`, `±hh:mm`. Its quirks are kept: hour 24 only as
//!   `24:00:00` (next day), offsets up to `±99:99`, and — because the zone parser falls back to
//!   reading two "minute" digits — `…:ss` followed by exactly two more digits (`…:0112`, nine
//!   fraction digits, `…:ss:mm`) also parses, the extra digits being ignored.
//! * MS-AJAX: `/Date(<ms since epoch>[±hh[mm]])/`.
//!
//! The host's local zone is UTC, so offset forms keep their UTC instant with kind Local.

use super::{DateKind, DateTime, MAX_TICKS, TICKS_PER_DAY, TICKS_PER_MINUTE, UNIX_EPOCH_TICKS};

/// Outcome of date detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detected {
    /// Not a date: the token stays a string.
    No,
    /// A date token.
    Date(DateTime),
    /// Newtonsoft would throw `ArgumentOutOfRangeException` while building the date
    /// (`/Date(…)/` beyond year 9999, or `9999-12-31T24:00:00`): reading fails with this
    /// .NET message.
    OutOfRange(&'static str),
}

/// The date Newtonsoft's reader makes of a string token, if any (§2.1). Strings for which
/// .NET would throw while building the date (out of range) give `None` here; the reader
/// reports them as errors.
pub fn detect_newtonsoft(s: &str) -> Option<DateTime> {
    match detect(s) {
        Detected::Date(d) => Some(d),
        _ => None,
    }
}

pub(crate) fn detect(s: &str) -> Detected {
    let b = s.as_bytes();
    match b.first() {
        Some(b'/') => {
            if s.starts_with("/Date(") && s.ends_with(")/") && utf16_len(s) >= 9 {
                return microsoft(s);
            }
            Detected::No
        }
        Some(c) if c.is_ascii_digit() => {
            // Any non-ASCII character makes the fixed layout fail, so byte length = UTF-16 length.
            if b.len() >= 19 && b.len() <= 40 && b[10] == b'T' && s.is_ascii() {
                iso(b)
            } else {
                Detected::No
            }
        }
        _ => Detected::No,
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// .NET's message when `new DateTime(ticks)` is out of range.
const TICKS_OUT_OF_RANGE: &str =
    "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks. (Parameter 'ticks')";
/// .NET's message when `DateTime.AddDays` leaves the range.
const ADD_OUT_OF_RANGE: &str =
    "The added or subtracted value results in an un-representable DateTime. (Parameter 'value')";

#[derive(Default)]
struct Parts {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    fraction: u32,
    zone_hour: u32,
    zone_minute: u32,
    zone: Zone,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Zone {
    #[default]
    Unspecified,
    Utc,
    West,
    East,
}

fn digit(b: &[u8], i: usize) -> Option<u32> {
    match b.get(i) {
        Some(c) if c.is_ascii_digit() => Some(u32::from(c - b'0')),
        _ => None,
    }
}

fn two(b: &[u8], i: usize) -> Option<u32> {
    Some(digit(b, i)? * 10 + digit(b, i + 1)?)
}

fn is(b: &[u8], i: usize, c: u8) -> bool {
    b.get(i) == Some(&c)
}

fn parse_iso_parts(b: &[u8]) -> Option<Parts> {
    let mut p = Parts {
        year: (two(b, 0)? * 100 + two(b, 2)?) as i32,
        ..Parts::default()
    };
    if p.year < 1 || !is(b, 4, b'-') {
        return None;
    }
    p.month = two(b, 5)?;
    if !(1..=12).contains(&p.month) || !is(b, 7, b'-') {
        return None;
    }
    p.day = two(b, 8)?;
    if p.day < 1 || p.day > super::days_in_month(p.year, p.month) || !is(b, 10, b'T') {
        return None;
    }
    p.hour = two(b, 11)?;
    if p.hour > 24 || !is(b, 13, b':') {
        return None;
    }
    p.minute = two(b, 14)?;
    if p.minute >= 60 || !is(b, 16, b':') {
        return None;
    }
    p.second = two(b, 17)?;
    if p.second >= 60 || (p.hour == 24 && (p.minute != 0 || p.second != 0)) {
        return None;
    }
    let mut i = 19;
    if is(b, i, b'.') {
        let mut digits = 0;
        i += 1;
        while i < b.len() && digits < 7 {
            match digit(b, i) {
                Some(d) => p.fraction = p.fraction * 10 + d,
                None => break,
            }
            digits += 1;
            i += 1;
        }
        if digits == 0 {
            return None;
        }
        p.fraction *= 10u32.pow(7 - digits);
        if p.hour == 24 && p.fraction != 0 {
            return None;
        }
    }
    parse_zone(b, i, &mut p).then_some(p)
}

/// Newtonsoft's `ParseZone`, including its fall-through to two "minute" digits.
fn parse_zone(b: &[u8], mut i: usize, p: &mut Parts) -> bool {
    let end = b.len();
    if i < end {
        let ch = b[i];
        if ch == b'Z' || ch == b'z' {
            p.zone = Zone::Utc;
            i += 1;
        } else {
            if i + 2 < end {
                if let Some(h) = two(b, i + 1) {
                    p.zone_hour = h;
                    match ch {
                        b'-' => {
                            p.zone = Zone::West;
                            i += 3;
                        }
                        b'+' => {
                            p.zone = Zone::East;
                            i += 3;
                        }
                        _ => {}
                    }
                }
            }
            if i < end {
                if is(b, i, b':') {
                    i += 1;
                }
                if i + 1 < end {
                    if let Some(m) = two(b, i) {
                        p.zone_minute = m;
                        i += 2;
                    }
                }
            }
        }
    }
    i == end
}

fn iso(b: &[u8]) -> Detected {
    let Some(p) = parse_iso_parts(b) else {
        return Detected::No;
    };
    let (hour, next_day) = if p.hour == 24 {
        (0, true)
    } else {
        (p.hour, false)
    };
    let Some(base) = DateTime::from_parts(
        p.year,
        p.month,
        p.day,
        hour,
        p.minute,
        p.second,
        p.fraction,
        DateKind::Unspecified,
    ) else {
        return Detected::No;
    };
    let mut ticks = base.ticks;
    if next_day {
        ticks += TICKS_PER_DAY;
        if ticks > MAX_TICKS {
            return Detected::OutOfRange(ADD_OUT_OF_RANGE);
        }
    }
    let offset_minutes = (p.zone_hour * 60 + p.zone_minute) as i64;
    let offset = offset_minutes * TICKS_PER_MINUTE;
    let date = match p.zone {
        Zone::Unspecified => DateTime {
            ticks,
            kind: DateKind::Unspecified,
        },
        Zone::Utc => DateTime {
            ticks,
            kind: DateKind::Utc,
        },
        // The instant is clamped to .NET's range, as Newtonsoft does.
        Zone::West => DateTime {
            ticks: (ticks + offset).min(MAX_TICKS),
            kind: DateKind::Local {
                original_offset_minutes: -(offset_minutes as i16),
            },
        },
        Zone::East => DateTime {
            ticks: (ticks - offset).max(0),
            kind: DateKind::Local {
                original_offset_minutes: offset_minutes as i16,
            },
        },
    };
    Detected::Date(date)
}

/// `Int64TryParse` of Newtonsoft's `ConvertUtils`: optional `-`, then ASCII digits only.
fn int64(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

fn microsoft(s: &str) -> Detected {
    // Indices are UTF-16 units in .NET; the searched part must be ASCII for the ticks to parse,
    // so searching bytes from index 7 up to the `)` is equivalent.
    let inner_end = s.len() - 2; // index of ")/"
    let search = s.get(7..inner_end + 1).unwrap_or("");
    let sign_at = search.find('+').or_else(|| search.find('-')).map(|i| i + 7);
    let (ticks_text, kind) = match sign_at {
        Some(at) => {
            let rest = &s.as_bytes()[at..];
            let negative = rest.first() == Some(&b'-');
            // Two hour characters must parse (Int32TryParse of 2 chars); minutes are
            // informational only (Newtonsoft checks them only in some buffer layouts).
            let hours_text = s.get(at + 1..at + 3).unwrap_or("");
            let Some(hours) = int32_2(hours_text) else {
                return Detected::No;
            };
            let minutes = two(rest, 3).unwrap_or(0) as i32;
            let total = hours * 60 + minutes;
            let total = if negative { -total } else { total };
            (
                &s[6..at],
                DateKind::Local {
                    original_offset_minutes: total.clamp(-32768, 32767) as i16,
                },
            )
        }
        None => (&s[6..inner_end], DateKind::Utc),
    };
    let Some(ms) = int64(ticks_text) else {
        return Detected::No;
    };
    // .NET computes this unchecked, then the DateTime constructor throws when out of range.
    let ticks = ms.wrapping_mul(10_000).wrapping_add(UNIX_EPOCH_TICKS);
    match DateTime::new(ticks, kind) {
        Some(d) => Detected::Date(d),
        None => Detected::OutOfRange(TICKS_OUT_OF_RANGE),
    }
}

fn int32_2(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    if b.len() != 2 {
        return None;
    }
    match (b[0], b[1]) {
        (b'-', d) if d.is_ascii_digit() => Some(-i32::from(d - b'0')),
        (a, d) if a.is_ascii_digit() && d.is_ascii_digit() => {
            Some(i32::from(a - b'0') * 10 + i32::from(d - b'0'))
        }
        _ => None,
    }
}
