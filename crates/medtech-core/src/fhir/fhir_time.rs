//! FHIR date-times met when merging into existing Observations (fhir-mapping.md §5.2): Firely's
//! `FhirDateTime.ToDateTimeOffset(TimeSpan.Zero).UtcDateTime` — partial dates allowed
//! (`2019`, `2019-01`, `2019-01-02`), a missing zone read as UTC, at most 7 fraction digits.

use medtech_json::{DateKind, DateTime};

/// Writes `value` in decimal into `out`, zero-padded to its length (`value` < 10^len).
fn put_digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The date and time digits of `t` (`yyyyMMddHHmmss` and the 7 fraction digits), `None` for
/// years beyond 4 digits.
fn fields(t: &DateTime) -> Option<[u32; 7]> {
    let (y, mo, d) = t.date_parts();
    let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
    Some([
        y,
        mo,
        d,
        t.hour(),
        t.minute(),
        t.second(),
        t.fraction_ticks(),
    ])
}

/// [`DateTime::to_roundtrip_string`] (`yyyy-MM-ddTHH:mm:ss.fffffffK`) written into one buffer,
/// without a character-by-character push (the text of every Observation window).
pub fn roundtrip_text(t: &DateTime) -> String {
    let Some([y, mo, d, h, mi, s, f]) = fields(t) else {
        return t.to_roundtrip_string();
    };
    let mut buf = *b"0000-00-00T00:00:00.0000000+00:00";
    put_digits(&mut buf[0..4], y);
    put_digits(&mut buf[5..7], mo);
    put_digits(&mut buf[8..10], d);
    put_digits(&mut buf[11..13], h);
    put_digits(&mut buf[14..16], mi);
    put_digits(&mut buf[17..19], s);
    put_digits(&mut buf[20..27], f);
    let len = match t.kind {
        DateKind::Utc => {
            buf[27] = b'Z';
            28
        }
        DateKind::Local { .. } => 33,
        DateKind::Unspecified => 27,
    };
    std::str::from_utf8(&buf[..len])
        .map(str::to_string)
        .unwrap_or_else(|_| t.to_roundtrip_string())
}

/// `yyyyMMddHHmmss` + literal `Z` (the identifier segment's form) appended to `out`.
pub fn push_segment_text(out: &mut String, t: &DateTime) {
    let Some([y, mo, d, h, mi, s, _]) = fields(t) else {
        let (y, mo, d) = t.date_parts();
        out.push_str(&format!(
            "{y:04}{mo:02}{d:02}{:02}{:02}{:02}Z",
            t.hour(),
            t.minute(),
            t.second()
        ));
        return;
    };
    let mut buf = *b"00000000000000Z";
    put_digits(&mut buf[0..4], y);
    for (i, v) in [mo, d, h, mi, s].into_iter().enumerate() {
        put_digits(&mut buf[4 + 2 * i..6 + 2 * i], v);
    }
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

/// Parses a FHIR `dateTime` / `instant` to a UTC date; `None` when Firely would fail.
pub fn parse_fhir_datetime(text: &str) -> Option<DateTime> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let s = text.get(from..from + len)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let year = num(0, 4)? as i32;
    let (mut month, mut day) = (1, 1);
    let mut i = 4;
    if b.get(i) == Some(&b'-') {
        month = num(5, 2)?;
        i = 7;
        if b.get(i) == Some(&b'-') {
            day = num(8, 2)?;
            i = 10;
        }
    }
    let (mut hour, mut minute, mut second, mut fraction) = (0, 0, 0, 0u32);
    let mut offset_minutes: i64 = 0;
    if b.get(i) == Some(&b'T') {
        hour = num(i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        minute = num(i + 4, 2)?;
        i += 6;
        if b.get(i) == Some(&b':') {
            second = num(i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                let mut end = start;
                while b.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
                if end == start {
                    return None;
                }
                let digits = &text[start..end.min(start + 7)];
                fraction = format!("{digits:0<7}").parse().ok()?;
                i = end;
            }
        }
        match b.get(i) {
            None => {}
            Some(b'Z') if i + 1 == b.len() => {}
            Some(&sign @ (b'+' | b'-')) => {
                let h = num(i + 1, 2)?;
                if b.get(i + 3) != Some(&b':') || i + 6 != b.len() {
                    return None;
                }
                let m = num(i + 4, 2)?;
                offset_minutes = i64::from(h * 60 + m);
                if sign == b'-' {
                    offset_minutes = -offset_minutes;
                }
            }
            _ => return None,
        }
    } else if i != b.len() {
        return None;
    }
    let local = DateTime::from_parts(
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
        DateKind::Utc,
    )?;
    local.add_ticks(-offset_minutes * medtech_json::datetime::TICKS_PER_MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_firely_accepts() {
        let t = |s: &str| parse_fhir_datetime(s).map(|d| d.to_roundtrip_string());
        assert_eq!(
            t("2019-01-01T00:00:00.0000000Z").as_deref(),
            Some("2019-01-01T00:00:00.0000000Z")
        );
        assert_eq!(
            t("2019-01-01T10:59:59.9999999Z").as_deref(),
            Some("2019-01-01T10:59:59.9999999Z")
        );
        assert_eq!(
            t("2019-01-01T02:00:00+02:00").as_deref(),
            Some("2019-01-01T00:00:00.0000000Z")
        );
        assert_eq!(
            t("2019-01-01T00:00:00").as_deref(),
            Some("2019-01-01T00:00:00.0000000Z")
        );
        assert_eq!(t("2019").as_deref(), Some("2019-01-01T00:00:00.0000000Z"));
        assert_eq!(
            t("2019-03").as_deref(),
            Some("2019-03-01T00:00:00.0000000Z")
        );
        assert_eq!(
            t("2019-03-04").as_deref(),
            Some("2019-03-04T00:00:00.0000000Z")
        );
        assert_eq!(
            t("2019-01-01T00:00:00.123456789Z").as_deref(),
            Some("2019-01-01T00:00:00.1234567Z")
        );
        assert_eq!(t("not a date"), None);
        assert_eq!(t("2019-13-01"), None);
        assert_eq!(t("2019-01-01T00:00:00Zx"), None);
    }
}
