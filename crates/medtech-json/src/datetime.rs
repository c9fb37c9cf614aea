//! .NET `DateTime` as Newtonsoft produces and prints it: 100-nanosecond ticks since
//! 0001-01-01T00:00:00 plus a kind (device-mapping.md §2.1, §5.4, §5.5, §8.1).
//!
//! The host's local time zone is modelled as UTC (the MedTech service runs on UTC hosts): an
//! input with an offset is converted to that instant and gets [`DateKind::Local`], which prints
//! as `+00:00`. The original offset is kept so diagnostics can explain the conversion.
//!
//! * [`detect_newtonsoft`] — the reader's date detection (ISO and MS-AJAX forms, §2.1);
//! * [`parse_dotnet`] / [`parse_dotnet_at`] — `DateTime.Parse(s, InvariantCulture)` (§5.5);
//! * [`DateTime::to_newtonsoft_iso`] / [`DateTime::to_invariant_string`] — printing (§8.1, §5.4).

pub(crate) mod detect;
mod format;
mod parse;

pub use detect::detect_newtonsoft;
pub use parse::{parse_dotnet, parse_dotnet_at};

/// The `DateTimeKind` of a .NET date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateKind {
    /// No zone was given (wall-clock time).
    Unspecified,
    /// `Z` was given, or the value was computed in UTC.
    Utc,
    /// An offset was given; the value was converted to host-local time (UTC).
    Local {
        /// The offset written in the source, in minutes east of UTC.
        original_offset_minutes: i16,
    },
}

/// A .NET `DateTime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// 100-ns ticks since 0001-01-01T00:00:00 (in UTC for `Utc`/`Local`, wall clock otherwise).
    pub ticks: i64,
    /// How the value was zoned.
    pub kind: DateKind,
}

/// Ticks in one millisecond.
pub const TICKS_PER_MILLISECOND: i64 = 10_000;
/// Ticks in one second.
pub const TICKS_PER_SECOND: i64 = 10_000_000;
/// Ticks in one minute.
pub const TICKS_PER_MINUTE: i64 = 600_000_000;
/// Ticks in one hour.
pub const TICKS_PER_HOUR: i64 = 36_000_000_000;
/// Ticks in one day.
pub const TICKS_PER_DAY: i64 = 864_000_000_000;
/// Ticks of `DateTime.MaxValue` (9999-12-31T23:59:59.9999999).
pub const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
/// Ticks of the Unix epoch 1970-01-01T00:00:00.
pub const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

const DAYS_TO_MONTH_365: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const DAYS_TO_MONTH_366: [i64; 13] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

/// True for Gregorian leap years.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let table = if is_leap_year(year) {
        &DAYS_TO_MONTH_366
    } else {
        &DAYS_TO_MONTH_365
    };
    match month {
        1..=12 => (table[month as usize] - table[month as usize - 1]) as u32,
        _ => 0,
    }
}

/// Days since 0001-01-01 of a valid date (no validation).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let table = if is_leap_year(year) {
        &DAYS_TO_MONTH_366
    } else {
        &DAYS_TO_MONTH_365
    };
    let y = i64::from(year) - 1;
    y * 365 + y / 4 - y / 100 + y / 400 + table[(month as usize - 1).min(11)] + i64::from(day) - 1
}

/// (year, month, day) of a day number since 0001-01-01 (the .NET algorithm).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let mut n = days;
    let y400 = n / 146_097;
    n -= y400 * 146_097;
    let mut y100 = n / 36_524;
    if y100 == 4 {
        y100 = 3;
    }
    n -= y100 * 36_524;
    let y4 = n / 1461;
    n -= y4 * 1461;
    let mut y1 = n / 365;
    if y1 == 4 {
        y1 = 3;
    }
    let year = (y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1) as i32;
    n -= y1 * 365;
    let table = if is_leap_year(year) {
        &DAYS_TO_MONTH_366
    } else {
        &DAYS_TO_MONTH_365
    };
    let mut month = 1usize;
    while month < 12 && table[month] <= n {
        month += 1;
    }
    let day = n - table[month - 1] + 1;
    (year, month as u32, day as u32)
}

impl DateTime {
    /// A date from raw ticks; `None` outside .NET's range (year 1–9999).
    pub fn new(ticks: i64, kind: DateKind) -> Option<DateTime> {
        (0..=MAX_TICKS)
            .contains(&ticks)
            .then_some(DateTime { ticks, kind })
    }

    /// A date from calendar parts; `fraction_ticks` is the sub-second part in 100-ns ticks
    /// (0–9 999 999). `None` when any part is out of range (like .NET's constructor throwing).
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        fraction_ticks: u32,
        kind: DateKind,
    ) -> Option<DateTime> {
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
            || i64::from(fraction_ticks) >= TICKS_PER_SECOND
        {
            return None;
        }
        let ticks = days_from_civil(year, month, day) * TICKS_PER_DAY
            + i64::from(hour) * TICKS_PER_HOUR
            + i64::from(minute) * TICKS_PER_MINUTE
            + i64::from(second) * TICKS_PER_SECOND
            + i64::from(fraction_ticks);
        DateTime::new(ticks, kind)
    }

    /// A UTC date from Unix seconds (`DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime`);
    /// `None` outside year 1–9999 (where .NET throws).
    pub fn from_unix_seconds(seconds: i64) -> Option<DateTime> {
        let ticks = seconds
            .checked_mul(TICKS_PER_SECOND)?
            .checked_add(UNIX_EPOCH_TICKS)?;
        DateTime::new(ticks, DateKind::Utc)
    }

    /// A UTC date from Unix milliseconds (`FromUnixTimeMilliseconds`); `None` outside year 1–9999.
    pub fn from_unix_millis(millis: i64) -> Option<DateTime> {
        let ticks = millis
            .checked_mul(TICKS_PER_MILLISECOND)?
            .checked_add(UNIX_EPOCH_TICKS)?;
        DateTime::new(ticks, DateKind::Utc)
    }

    /// Milliseconds since the Unix epoch, rounded towards negative infinity (as
    /// `DateTimeOffset.ToUnixTimeMilliseconds`). Unspecified dates are taken as UTC (host = UTC).
    pub fn to_unix_millis(&self) -> i64 {
        (self.ticks - UNIX_EPOCH_TICKS).div_euclid(TICKS_PER_MILLISECOND)
    }

    /// Seconds since the Unix epoch, rounded towards negative infinity.
    pub fn to_unix_seconds(&self) -> i64 {
        (self.ticks - UNIX_EPOCH_TICKS).div_euclid(TICKS_PER_SECOND)
    }

    /// (year, month, day).
    pub fn date_parts(&self) -> (i32, u32, u32) {
        civil_from_days(self.ticks.div_euclid(TICKS_PER_DAY))
    }

    /// Calendar year (1–9999).
    pub fn year(&self) -> i32 {
        self.date_parts().0
    }

    /// Month (1–12).
    pub fn month(&self) -> u32 {
        self.date_parts().1
    }

    /// Day of the month (1–31).
    pub fn day(&self) -> u32 {
        self.date_parts().2
    }

    fn time_of_day(&self) -> i64 {
        self.ticks.rem_euclid(TICKS_PER_DAY)
    }

    /// Hour (0–23).
    pub fn hour(&self) -> u32 {
        (self.time_of_day() / TICKS_PER_HOUR) as u32
    }

    /// Minute (0–59).
    pub fn minute(&self) -> u32 {
        (self.time_of_day() / TICKS_PER_MINUTE % 60) as u32
    }

    /// Second (0–59).
    pub fn second(&self) -> u32 {
        (self.time_of_day() / TICKS_PER_SECOND % 60) as u32
    }

    /// Millisecond (0–999).
    pub fn millisecond(&self) -> u32 {
        (self.time_of_day() / TICKS_PER_MILLISECOND % 1000) as u32
    }

    /// Sub-second part in ticks (0–9 999 999).
    pub fn fraction_ticks(&self) -> u32 {
        self.ticks.rem_euclid(TICKS_PER_SECOND) as u32
    }

    /// Day of the week, 0 = Sunday … 6 = Saturday (.NET `DayOfWeek`).
    pub fn day_of_week(&self) -> u32 {
        ((self.ticks.div_euclid(TICKS_PER_DAY) + 1) % 7) as u32
    }

    /// The date at midnight, same kind.
    pub fn date_only(&self) -> DateTime {
        DateTime {
            ticks: self.ticks - self.time_of_day(),
            kind: self.kind,
        }
    }

    /// Adds ticks; `None` when leaving .NET's range.
    pub fn add_ticks(&self, ticks: i64) -> Option<DateTime> {
        DateTime::new(self.ticks.checked_add(ticks)?, self.kind)
    }

    /// Adds milliseconds; `None` when leaving .NET's range.
    pub fn add_millis(&self, millis: i64) -> Option<DateTime> {
        self.add_ticks(millis.checked_mul(TICKS_PER_MILLISECOND)?)
    }

    /// Adds seconds; `None` when leaving .NET's range.
    pub fn add_seconds(&self, seconds: i64) -> Option<DateTime> {
        self.add_ticks(seconds.checked_mul(TICKS_PER_SECOND)?)
    }

    /// Adds days; `None` when leaving .NET's range.
    pub fn add_days(&self, days: i64) -> Option<DateTime> {
        self.add_ticks(days.checked_mul(TICKS_PER_DAY)?)
    }

    /// The same instant with another kind.
    pub fn with_kind(&self, kind: DateKind) -> DateTime {
        DateTime {
            ticks: self.ticks,
            kind,
        }
    }
}

#[cfg(test)]
mod tests;
