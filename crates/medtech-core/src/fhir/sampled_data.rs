//! `SampledDataProcessor` (fhir-mapping.md §4.1, §5.2): the slot algorithm that turns timed
//! values into a `data` string (`E` for gaps, the latest value wins in a slot), reading a
//! stored `data` back into timed values, and merging two sorted value lists.
//!
//! Time stepping is cumulative `DateTime.AddMilliseconds(double)` (.NET 7+: whole milliseconds
//! and the fraction truncated to ticks separately). A step of zero or less never terminates in
//! the reference; this implementation reports it instead, and bounds the number of slots.

use medtech_json::datetime::MAX_TICKS;

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
    pub value: String,
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
                value: token.to_string(),
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
mod tests {
    use super::*;
    use medtech_json::datetime::{
        TICKS_PER_MILLISECOND as MS, TICKS_PER_MINUTE as MIN, TICKS_PER_SECOND as SEC,
    };

    const SEED: i64 = 636_818_976_000_000_000; // 2019-01-01T00:00:00Z

    fn dec(s: &str) -> Decimal {
        Decimal::parse_newtonsoft(s).unwrap()
    }

    fn p(ticks: i64, v: &str) -> Point {
        Point {
            ticks,
            value: v.into(),
        }
    }

    fn data(values: &[Point], start: i64, end: i64, period: &str) -> String {
        build(values, start, end, Some(&dec(period)), 1_000_000)
            .unwrap()
            .data
    }

    #[test]
    fn s8_4_1_minute_slots_drop_the_value_after_end() {
        let values: Vec<Point> = (0..=10)
            .map(|i| p(SEED + i * MIN, &i.to_string()))
            .collect();
        assert_eq!(
            data(&values, SEED, SEED + 10 * MIN - MS, "60000"),
            "0 1 2 3 4 5 6 7 8 9"
        );
        let b = build(
            &values,
            SEED,
            SEED + 10 * MIN - MS,
            Some(&dec("60000")),
            100,
        )
        .unwrap();
        assert_eq!(b.dropped, 1);
    }

    #[test]
    fn s8_4_2_to_5_token_counts_gaps_and_offsets() {
        for n in [10i64, 100] {
            let values: Vec<Point> = (0..n)
                .map(|k| p(SEED + k * SEC, &(k + 1).to_string()))
                .collect();
            let expected: Vec<String> = (1..=n).map(|k| k.to_string()).collect();
            assert_eq!(
                data(&values, SEED, SEED + (n - 1) * SEC, "1000"),
                expected.join(" ")
            );
            // end = start + N s → N + 1 tokens, the last E.
            assert_eq!(
                data(&values, SEED, SEED + n * SEC, "1000"),
                format!("{} E", expected.join(" "))
            );
            // +5 ms stays in the same slot.
            let shifted: Vec<Point> = values
                .iter()
                .map(|v| p(v.ticks + 5 * MS, &v.value))
                .collect();
            assert_eq!(
                data(&shifted, SEED, SEED + (n - 1) * SEC, "1000"),
                expected.join(" ")
            );
            // Every other second → value, E, value …
            let sparse: Vec<Point> = (0..n / 2)
                .map(|k| p(SEED + 2 * k * SEC, &(k + 1).to_string()))
                .collect();
            let tokens: Vec<String> = (1..=n / 2)
                .flat_map(|k| [k.to_string(), "E".to_string()])
                .collect();
            assert_eq!(
                data(&sparse, SEED, SEED + (n - 1) * SEC, "1000"),
                tokens.join(" ")
            );
        }
    }

    #[test]
    fn s8_4_6_later_value_in_a_slot_wins() {
        let values: Vec<Point> = (1..=20)
            .map(|i| p(SEED + (500 * i - 499) * MS, &i.to_string()))
            .collect();
        let expected: Vec<String> = (0..10).map(|k| (2 * k + 2).to_string()).collect();
        assert_eq!(
            data(&values, SEED, SEED + 9 * SEC, "1000"),
            expected.join(" ")
        );
    }

    #[test]
    fn s8_4_7_parse_back_snaps_to_slot_starts() {
        let values: Vec<Point> = (0..10)
            .map(|k| p(SEED + k * SEC + 5 * MS, &(k + 1).to_string()))
            .collect();
        let text = data(&values, SEED, SEED + 10 * SEC, "1000");
        let back = parse(&text, SEED, Some(&dec("1000"))).unwrap();
        assert_eq!(back.len(), 10);
        for (k, point) in back.iter().enumerate() {
            assert_eq!(point.ticks, SEED + k as i64 * SEC);
            assert_eq!(point.value, (k + 1).to_string());
        }
    }

    #[test]
    fn s8_4_8_to_12_merge() {
        let one = |mins: &[i64]| {
            mins.iter()
                .map(|m| p(SEED + m * MIN, "1"))
                .collect::<Vec<_>>()
        };
        let two = |mins: &[i64]| {
            mins.iter()
                .map(|m| p(SEED + m * MIN, "2"))
                .collect::<Vec<_>>()
        };
        let merged = merge(one(&[0, 2, 4]), two(&[1, 3]));
        assert_eq!(
            merged.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
            ["1", "2", "1", "2", "1"]
        );
        assert!(merged.windows(2).all(|w| w[0].ticks < w[1].ticks));
        let merged = merge(one(&[3, 4]), two(&[0, 1, 2]));
        assert_eq!(
            merged.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
            ["2", "2", "2", "1", "1"]
        );
        let merged = merge(one(&[0, 1]), two(&[0, 1]));
        assert_eq!(
            merged.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
            ["2", "2"]
        );
        assert_eq!(merge(vec![], two(&[0])).len(), 1);
    }

    #[test]
    fn single_window_has_one_token_and_hourly_3600() {
        assert_eq!(data(&[p(SEED, "72")], SEED, SEED, "1000"), "72");
        let b = build(
            &[p(SEED, "72")],
            SEED,
            SEED + 3600 * SEC - 1,
            Some(&dec("1000")),
            1_000_000,
        )
        .unwrap();
        assert_eq!(b.slots, 3600);
        let b = build(
            &[],
            SEED,
            SEED + 3600 * SEC - 1,
            Some(&dec("5000")),
            1_000_000,
        )
        .unwrap();
        assert_eq!(b.slots, 720);
        assert!(b.data.starts_with("E E") && !b.data.ends_with(' '));
    }

    #[test]
    fn a_value_before_start_blocks_all_later_values() {
        let values = vec![p(SEED - SEC, "0"), p(SEED, "1"), p(SEED + SEC, "2")];
        let b = build(&values, SEED, SEED + 2 * SEC, Some(&dec("1000")), 100).unwrap();
        assert_eq!(b.data, "E E E");
        assert_eq!(b.dropped, 3);
    }

    #[test]
    fn fractional_and_bad_periods() {
        assert_eq!(step_ticks(&dec("1000")).unwrap(), 10_000_000);
        assert_eq!(step_ticks(&dec("0.5")).unwrap(), 5_000);
        assert_eq!(step_ticks(&dec("0.00001")).unwrap(), 0);
        for bad in ["0", "-1000", "0.00001"] {
            assert!(
                matches!(
                    build(&[], SEED, SEED + SEC, Some(&dec(bad)), 100),
                    Err(SampledDataError::NonPositiveStep { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            build(&[], SEED, SEED, None, 100),
            Err(SampledDataError::PeriodMissing)
        );
        assert_eq!(
            build(
                &[],
                SEED,
                SEED + 86_400 * SEC - 1,
                Some(&dec("1")),
                1_000_000
            ),
            Err(SampledDataError::TooManySlots {
                slots: 86_400_000,
                limit: 1_000_000
            })
        );
        assert_eq!(
            build(&[], SEED, SEED, Some(&dec("1E+20")), 100),
            Err(SampledDataError::OutOfRange)
        );
        assert_eq!(
            build(
                &[],
                MAX_TICKS - SEC,
                MAX_TICKS - SEC,
                Some(&dec("1000")),
                100
            ),
            Err(SampledDataError::OutOfRange)
        );
    }

    #[test]
    fn parse_keeps_empty_tokens_and_rejects_blank_data() {
        let back = parse("1  2 E", SEED, Some(&dec("1000"))).unwrap();
        assert_eq!(
            back,
            vec![p(SEED, "1"), p(SEED + SEC, ""), p(SEED + 2 * SEC, "2")]
        );
        assert_eq!(
            parse("  ", SEED, Some(&dec("1000"))),
            Err(SampledDataError::EmptyData)
        );
        assert_eq!(parse("1", SEED, None), Err(SampledDataError::PeriodMissing));
    }
}
