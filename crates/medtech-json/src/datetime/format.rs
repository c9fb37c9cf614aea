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
        self.write_date_time(out);
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

    /// `yyyy-MM-ddTHH:mm:ss`, filled into 19 bytes and appended at once.
    fn write_date_time(&self, out: &mut String) {
        let (y, mo, d) = self.date_parts();
        let mut text = *b"0000-00-00T00:00:00";
        let digits = |value: u32| [b'0' + (value / 10 % 10) as u8, b'0' + (value % 10) as u8];
        let fields = [
            (5, mo),
            (8, d),
            (11, self.hour()),
            (14, self.minute()),
            (17, self.second()),
        ];
        for (at, value) in fields {
            if let Some(slot) = text.get_mut(at..at + 2) {
                slot.copy_from_slice(&digits(value));
            }
        }
        match u32::try_from(y).ok().filter(|y| *y <= 9999) {
            Some(year) => {
                let [a, b] = digits(year / 100);
                let [c, e] = digits(year % 100);
                text[..4].copy_from_slice(&[a, b, c, e]);
                out.push_str(std::str::from_utf8(&text).unwrap_or_default());
            }
            // Outside .NET's range (years 1–9999): as `format!("{y:04}")` writes it.
            None => {
                push_padded(out, i64::from(y), 4);
                out.push_str(std::str::from_utf8(&text[4..]).unwrap_or_default());
            }
        }
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
        self.write_date_time(&mut out);
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
    use super::{DateKind, DateTime};

    #[test]
    fn date_and_time_fields_match_the_format_macro() {
        // Days spread over years 1–9999 at varied times of day, plus years outside .NET's range.
        let day = 864_000_000_000i64;
        let mut ticks: Vec<i64> = (0..3_652_059i64)
            .step_by(997)
            .map(|d| d * day + d * 7_919_999_917 % day)
            .collect();
        ticks.extend([
            -day,
            0,
            3_155_378_975_999_999_999,
            3_155_378_976_000_000_000 + day,
        ]);
        for t in ticks {
            let time = DateTime {
                ticks: t,
                kind: DateKind::Utc,
            };
            let (y, mo, d) = time.date_parts();
            let expected = format!(
                "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
                time.hour(),
                time.minute(),
                time.second()
            );
            let mut out = String::new();
            time.write_date_time(&mut out);
            assert_eq!(out, expected, "{t}");
        }
    }

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
