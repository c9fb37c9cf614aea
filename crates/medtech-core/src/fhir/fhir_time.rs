//! FHIR date-times met when merging into existing Observations (fhir-mapping.md §5.2): Firely's
//! `FhirDateTime.ToDateTimeOffset(TimeSpan.Zero).UtcDateTime` — partial dates allowed
//! (`2019`, `2019-01`, `2019-01-02`), a missing zone read as UTC, at most 7 fraction digits.

use medtech_json::{DateKind, DateTime};

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
