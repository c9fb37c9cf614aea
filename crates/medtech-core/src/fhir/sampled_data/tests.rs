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
