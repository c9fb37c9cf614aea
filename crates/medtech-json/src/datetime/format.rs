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
        let (y, mo, d) = self.date_parts();
        let _ = write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            y,
            mo,
            d,
            self.hour(),
            self.minute(),
            self.second()
        );
        let mut fraction = self.fraction_ticks();
        if fraction != 0 {
            let mut digits = 7;
            while fraction % 10 == 0 {
                fraction /= 10;
                digits -= 1;
            }
            let _ = write!(out, ".{:0width$}", fraction, width = digits);
        }
        match self.kind {
            DateKind::Utc => out.push('Z'),
            DateKind::Local { .. } => out.push_str("+00:00"),
            DateKind::Unspecified => {}
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
        let (y, mo, d) = self.date_parts();
        let zone = match self.kind {
            DateKind::Utc => "Z",
            DateKind::Local { .. } => "+00:00",
            DateKind::Unspecified => "",
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}{}",
            y,
            mo,
            d,
            self.hour(),
            self.minute(),
            self.second(),
            self.fraction_ticks(),
            zone
        )
    }
}

impl std::fmt::Display for DateTime {
    /// Displays as [`DateTime::to_newtonsoft_iso`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_newtonsoft_iso())
    }
}
