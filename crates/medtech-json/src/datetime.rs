//! .NET `DateTime` as Newtonsoft produces and prints it: 100-nanosecond ticks since
//! 0001-01-01T00:00:00 plus a kind (device-mapping.md §2.1, §5.4, §5.5, §8.1).
//!
//! The host's local time zone is modelled as UTC (the MedTech service runs on UTC hosts): an
//! input with an offset is converted to that instant and gets [`DateKind::Local`], which prints
//! as `+00:00`. The original offset is kept so diagnostics can explain the conversion.

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
