//! Printing dates as Newtonsoft and .NET do (device-mapping.md §5.4, §8.1).

use super::{DateKind, DateTime};
use std::fmt::Write;

impl DateTime {
    /// Newtonsoft's ISO form (`DateFormatHandling.IsoDateFormat`, §8.1):
    /// `yyyy-MM-ddTHH:mm:ss`, then `.` and up to 7 fraction digits with trailing zeros removed
    /// (nothing when the fraction is zero), then `Z` for UTC, `+00:00` for Local (the host is
    /// UTC), nothing for Unspecified.
    pub fn to_newtonsoft_iso(&self) -> String {
        let mut out = String::with_capacity(33);
        self.write_newtonsoft_iso(&mut out);
        out
    }

    /// Appends [`DateTime::to_newtonsoft_iso`] to `out`.
    pub fn write_newtonsoft_iso(&self, out: &mut String) {
        self.write_date_time(out, '-', 'T');
        let mut fraction = self.fraction_ticks();
        if fraction != 0 {
            let mut digits = 7;
            while fraction % 10 == 0 {
                fraction /= 10;
                digits -= 1;
            }
            out.push('.');
            push_padded(out, i64::from(fraction), digits);
        }
        out.push_str(self.zone_suffix());
    }

    /// `yyyy-MM-ddTHH:mm:ss` with the given date separator and date/time separator.
    fn write_date_time(&self, out: &mut String, date_sep: char, time_sep: char) {
        let (y, mo, d) = self.date_parts();
        push_padded(out, i64::from(y), 4);
        out.push(date_sep);
        push_padded(out, i64::from(mo), 2);
        out.push(date_sep);
        push_padded(out, i64::from(d), 2);
        out.push(time_sep);
        push_padded(out, i64::from(self.hour()), 2);
        out.push(':');
        push_padded(out, i64::from(self.minute()), 2);
        out.push(':');
        push_padded(out, i64::from(self.second()), 2);
    }

    /// `Z` for UTC, `+00:00` for Local (the host is UTC), nothing for Unspecified.
    fn zone_suffix(&self) -> &'static str {
        match self.kind {
            DateKind::Utc => "Z",
            DateKind::Local { .. } => "+00:00",
            DateKind::Unspecified => "",
        }
    }

    /// .NET `DateTime.ToString(CultureInfo.InvariantCulture)` (general pattern `G`):
    /// `MM/dd/yyyy HH:mm:ss`; fraction and zone are not printed (§5.4).
    pub fn to_invariant_string(&self) -> String {
        let (y, mo, d) = self.date_parts();
        format!(
            "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
            mo,
            d,
            y,
            self.hour(),
            self.minute(),
            self.second()
        )
    }

    /// The round-trip pattern `o` of .NET (`yyyy-MM-ddTHH:mm:ss.fffffffK`), all 7 fraction
    /// digits, `Z` / `+00:00` / nothing by kind. Useful in diagnostics.
    pub fn to_roundtrip_string(&self) -> String {
        let mut out = String::with_capacity(34);
        self.write_date_time(&mut out, '-', 'T');
        out.push('.');
        push_padded(&mut out, i64::from(self.fraction_ticks()), 7);
        out.push_str(self.zone_suffix());
        out
    }
}

/// Appends `value` in decimal, zero-padded to `width` digits, as `format!("{:0width$}")` does.
fn push_padded(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        let _ = write!(out, "{value:0width$}");
        return;
    }
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = value;
    loop {
        start -= 1;
        if let Some(slot) = digits.get_mut(start) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    let used = digits.len() - start;
    for _ in used..width {
        out.push('0');
    }
    for &d in digits.get(start..).unwrap_or(&[]) {
        out.push(char::from(d));
    }
}

impl std::fmt::Display for DateTime {
    /// Displays as [`DateTime::to_newtonsoft_iso`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_newtonsoft_iso())
    }
}

#[cfg(test)]
mod padding_tests {
    #[test]
    fn padded_digits_match_the_format_macro() {
        for value in [
            0i64,
            7,
            42,
            999,
            1000,
            9999,
            10000,
            1234567,
            i64::MAX,
            -5,
            -1234,
        ] {
            for width in [1usize, 2, 4, 7] {
                let mut out = String::new();
                super::push_padded(&mut out, value, width);
                assert_eq!(out, format!("{value:0width$}"), "{value} {width}");
            }
        }
    }
}
