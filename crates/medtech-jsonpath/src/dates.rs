//! Date tokens in filter comparisons (device-mapping.md §6.3):
//! * `==` with a string literal compares the date's ISO text as Newtonsoft writes it
//!   (`yyyy-MM-ddTHH:mm:ss[.fffffff, trailing zeros trimmed]` + `Z` for UTC, the host offset
//!   (`+00:00`, hosts run on UTC) for local dates, nothing for unspecified ones);
//! * `<`, `>`… convert the other side with `Convert.ToDateTime` (`DateTime.Parse`, invariant
//!   culture) and compare ticks, ignoring the kind. Only a subset of `DateTime.Parse` is
//!   emulated: ISO dates (`yyyy-MM-dd`, `yyyy/MM/dd`), US dates (`M/d/yyyy`), each optionally
//!   followed by `T` or spaces and `H:mm[:ss[.fffffff]]`, then `Z`, `±hh[:mm]` or `±hhmm`.

use medtech_json::{DateKind, DateTime};

const TICKS_PER_SECOND: i64 = 10_000_000;
const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;
/// Days from 0001-01-01 to 1970-01-01.
const UNIX_EPOCH_DAYS: i64 = 719_162;
const MAX_TICKS: i64 = 3_155_378_975_999_999_999;

/// (year, month, day) of a day count since 0001-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days - UNIX_EPOCH_DAYS + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day count since 0001-01-01 of a valid civil date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + UNIX_EPOCH_DAYS
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The date's text as `DateTimeUtils.WriteDateTimeString` writes it in ISO format.
pub(crate) fn iso_text(date: &DateTime) -> String {
    let ticks = date.ticks.clamp(0, MAX_TICKS);
    let (year, month, day) = civil_from_days(ticks / TICKS_PER_DAY);
    let in_day = ticks % TICKS_PER_DAY;
    let seconds = in_day / TICKS_PER_SECOND;
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    let mut fraction = in_day % TICKS_PER_SECOND;
    if fraction != 0 {
        let mut digits = 7;
        while fraction % 10 == 0 {
            digits -= 1;
            fraction /= 10;
        }
        out.push_str(&format!(".{fraction:0digits$}"));
    }
    match date.kind {
        DateKind::Utc => out.push('Z'),
        DateKind::Local { .. } => out.push_str("+00:00"),
        DateKind::Unspecified => {}
    }
    out
}

/// A small cursor over ASCII text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads `min..=max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<(i64, usize)> {
        let start = self.pos;
        let mut value: i64 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + i64::from(b - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        let n = self.pos - start;
        (n >= min).then_some((value, n))
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }
}

/// `Convert.ToDateTime(string)` for the supported subset: the ticks (UTC for zoned input,
/// wall clock otherwise), or `None` for a format error.
pub(crate) fn parse_ticks(text: &str) -> Option<i64> {
    let t = text.trim();
    let mut c = Cursor {
        bytes: t.as_bytes(),
        pos: 0,
    };
    let (first, first_len) = c.number(1, 4)?;
    let (year, month, day) = if first_len == 4 {
        let sep = c.peek()?;
        if sep != b'-' && sep != b'/' {
            return None;
        }
        c.pos += 1;
        let (month, _) = c.number(1, 2)?;
        if !c.eat(sep) {
            return None;
        }
        let (day, _) = c.number(1, 2)?;
        (first, month, day)
    } else {
        if !c.eat(b'/') {
            return None;
        }
        let (day, _) = c.number(1, 2)?;
        if !c.eat(b'/') {
            return None;
        }
        let (year, _) = c.number(4, 4)?;
        (year, first, day)
    };
    if !(1..=12).contains(&month) || year < 1 {
        return None;
    }
    let (month, day) = (month as u32, day as u32);
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ticks = days_from_civil(year, month, day) * TICKS_PER_DAY;
    if !c.eat(b'T') {
        c.skip_spaces();
    }
    if c.peek().is_some_and(|b| b.is_ascii_digit()) {
        let (hour, _) = c.number(1, 2)?;
        if !c.eat(b':') {
            return None;
        }
        let (minute, _) = c.number(2, 2)?;
        let mut second = 0;
        let mut fraction = 0;
        if c.eat(b':') {
            second = c.number(2, 2)?.0;
            if c.eat(b'.') {
                let (digits, n) = c.number(1, 7)?;
                fraction = digits * 10_i64.pow(7 - n as u32);
                while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                    c.pos += 1;
                }
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        ticks += (hour * 3600 + minute * 60 + second) * TICKS_PER_SECOND + fraction;
    }
    c.skip_spaces();
    if c.eat(b'Z') || c.eat(b'z') {
        // UTC: the instant, which is also host-local time on a UTC host.
    } else if let Some(sign @ (b'+' | b'-')) = c.peek() {
        c.pos += 1;
        let (hours, _) = c.number(2, 2)?;
        c.eat(b':');
        let minutes = c.number(2, 2).map(|(m, _)| m).unwrap_or(0);
        if hours > 14 || minutes > 59 {
            return None;
        }
        let offset = (hours * 60 + minutes) * 60 * TICKS_PER_SECOND;
        ticks += if sign == b'+' { -offset } else { offset };
    }
    c.skip_spaces();
    (c.pos == t.len() && (0..=MAX_TICKS).contains(&ticks)).then_some(ticks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str, kind: DateKind) -> DateTime {
        DateTime {
            ticks: parse_ticks(text).unwrap(),
            kind,
        }
    }

    #[test]
    fn iso_text_trims_fraction_and_writes_kind() {
        assert_eq!(
            iso_text(&date("2019-02-01T22:46:01", DateKind::Utc)),
            "2019-02-01T22:46:01Z"
        );
        assert_eq!(
            iso_text(&date("2019-02-01T22:46:01.1200", DateKind::Unspecified)),
            "2019-02-01T22:46:01.12"
        );
        let local = DateKind::Local {
            original_offset_minutes: 60,
        };
        assert_eq!(
            iso_text(&date("2019-02-01T22:46:01+01:00", local)),
            "2019-02-01T21:46:01+00:00"
        );
        assert_eq!(
            iso_text(&DateTime {
                ticks: 0,
                kind: DateKind::Unspecified
            }),
            "0001-01-01T00:00:00"
        );
        assert_eq!(
            iso_text(&date("2000-02-29T23:59:59.9999999", DateKind::Unspecified)),
            "2000-02-29T23:59:59.9999999"
        );
    }

    #[test]
    fn parse_subset() {
        let day = parse_ticks("2020-01-02").unwrap();
        assert_eq!(parse_ticks("01/02/2020"), Some(day));
        assert_eq!(parse_ticks("2020/01/02"), Some(day));
        assert_eq!(
            parse_ticks("2020-01-02 01:00"),
            Some(day + 3600 * TICKS_PER_SECOND)
        );
        assert_eq!(parse_ticks("2020-01-02T01:00:00+01:00"), Some(day));
        assert_eq!(parse_ticks("2020-01-02T00:00:00Z"), Some(day));
        assert_eq!(parse_ticks("2020-02-30"), None);
        assert_eq!(parse_ticks("abc"), None);
        assert_eq!(parse_ticks("2020-01-02Tx"), None);
        assert_eq!(days_from_civil(1, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }
}
