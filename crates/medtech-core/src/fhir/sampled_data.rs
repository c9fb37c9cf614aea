//! `SampledDataProcessor` (fhir-mapping.md §4.1, §5.2): the slot algorithm that turns timed
//! values into a `data` string (`E` for gaps, the latest value wins in a slot), reading a
//! stored `data` back into timed values, and merging two sorted value lists.
//!
//! Time stepping is cumulative `DateTime.AddMilliseconds(double)` (.NET 7+: whole milliseconds
//! and the fraction truncated to ticks separately). A step of zero or less never terminates in
//! the reference; this implementation reports it instead, and bounds the number of slots.

use medtech_json::datetime::MAX_TICKS;
use medtech_json::Str;

use crate::fhir::decimal::Decimal;

/// `DateTime.MaxValue` in milliseconds (`AddMilliseconds` throws beyond it).
const MAX_MILLIS: f64 = 315_537_897_600_000.0;

/// Why a SampledData operation fails.
#[derive(Clone, Debug, PartialEq)]
pub enum SampledDataError {
    /// `defaultPeriod` is missing (`ArgumentNullException`).
    PeriodMissing,
    /// The step is zero or negative ticks: the reference loops forever.
    NonPositiveStep {
        /// The period in milliseconds as converted to `double`.
        period_ms: f64,
    },
    /// A date beyond .NET's range (`ArgumentOutOfRangeException`).
    OutOfRange,
    /// More slots than the configured bound.
    TooManySlots {
        /// Slots the reference would build.
        slots: u128,
        /// The bound.
        limit: usize,
    },
    /// The stored `data` is empty or white space (`ArgumentException`).
    EmptyData,
}

/// A value at a time (ticks).
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// 100-ns ticks.
    pub ticks: i64,
    /// The value text.
    pub value: Str,
}

/// The ticks one `AddMilliseconds(period)` step adds.
pub fn step_ticks(period: &Decimal) -> Result<i64, SampledDataError> {
    let ms = period.to_f64();
    if !ms.is_finite() || ms.abs() > MAX_MILLIS {
        return Err(SampledDataError::OutOfRange);
    }
    let integral = ms.trunc();
    let fraction = ms - integral;
    let ticks = (integral as i64) * 10_000 + (fraction * 10_000.0) as i64;
    Ok(ticks)
}

/// The result of [`build`].
#[derive(Clone, Debug, PartialEq)]
pub struct Built {
    /// The `data` string.
    pub data: String,
    /// Number of slots (tokens).
    pub slots: usize,
    /// Values that no slot took (after the last slot, or behind a value earlier than start).
    pub dropped: usize,
}

/// `BuildSampledData(values, start, end, period)`; `values` sorted by time.
pub fn build(
    values: &[Point],
    start: i64,
    end: i64,
    period: Option<&Decimal>,
    max_slots: usize,
) -> Result<Built, SampledDataError> {
    let period = period.ok_or(SampledDataError::PeriodMissing)?;
    let step = step_ticks(period)?;
    // The first `next = start + step` is computed before the loop.
    let first_next = start
        .checked_add(step)
        .filter(|t| (0..=MAX_TICKS).contains(t));
    if first_next.is_none() {
        return Err(SampledDataError::OutOfRange);
    }
    if step <= 0 {
        if start <= end {
            return Err(SampledDataError::NonPositiveStep {
                period_ms: period.to_f64(),
            });
        }
        return Ok(Built {
            data: String::new(),
            slots: 0,
            dropped: values.len(),
        });
    }
    let slots: u128 = if end < start {
        0
    } else {
        ((end - start) / step) as u128 + 1
    };
    if slots > max_slots as u128 {
        return Err(SampledDataError::TooManySlots {
            slots,
            limit: max_slots,
        });
    }
    // The loop computes `next` up to start + (slots + 1) · step.
    let last_next = i128::from(start) + (slots as i128 + 1) * i128::from(step);
    if last_next > i128::from(MAX_TICKS) {
        return Err(SampledDataError::OutOfRange);
    }
    let slots = slots as usize;
    let mut data = String::with_capacity(slots * 2);
    let mut i = 0;
    let mut slot_start = start;
    for k in 0..slots {
        let slot_end = slot_start + step;
        let mut value: Option<&str> = None;
        while let Some(p) = values.get(i) {
            if p.ticks >= slot_start && p.ticks < slot_end {
                value = Some(&p.value);
                i += 1;
            } else {
                break;
            }
        }
        if k > 0 {
            data.push(' ');
        }
        data.push_str(value.unwrap_or("E"));
        slot_start = slot_end;
    }
    // `TrimEnd()`: a last value ending in white space loses it.
    let trimmed = data.trim_end().len();
    data.truncate(trimmed);
    Ok(Built {
        data,
        slots,
        dropped: values.len() - i,
    })
}

/// `SampledDataToTimeValues(stream, start, period)`: token k at `start + k·period`, `E`
/// tokens skipped (tokens are split on single spaces; an empty token is a value).
pub fn parse(
    data: &str,
    start: i64,
    period: Option<&Decimal>,
) -> Result<Vec<Point>, SampledDataError> {
    if data.trim().is_empty() {
        return Err(SampledDataError::EmptyData);
    }
    let period = period.ok_or(SampledDataError::PeriodMissing)?;
    let step = step_ticks(period)?;
    let mut out = Vec::new();
    let mut time = start;
    for token in data.split(' ') {
        if token != "E" {
            out.push(Point {
                ticks: time,
                value: Str::from(token),
            });
        }
        time = time
            .checked_add(step)
            .filter(|t| (0..=MAX_TICKS).contains(t))
            .ok_or(SampledDataError::OutOfRange)?;
    }
    Ok(out)
}

/// `MergeData(existing, new)`: the time-ordered union; on equal times the new point wins.
pub fn merge(existing: Vec<Point>, new: Vec<Point>) -> Vec<Point> {
    let mut out = Vec::with_capacity(existing.len() + new.len());
    let mut a = existing.into_iter().peekable();
    let mut b = new.into_iter().peekable();
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => out.extend(a.next()),
            (None, Some(_)) => out.extend(b.next()),
            (Some(x), Some(y)) => {
                if x.ticks < y.ticks {
                    out.extend(a.next());
                } else if x.ticks > y.ticks {
                    out.extend(b.next());
                } else {
                    a.next();
                    out.extend(b.next());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
