//! Date tests: Newtonsoft detection (§2.1), `DateTime.Parse` (§5.5), printing (§5.4, §8.1).

use super::*;

fn local(offset: i16) -> DateKind {
    DateKind::Local {
        original_offset_minutes: offset,
    }
}

/// (input, expected ISO print and kind) for strings Newtonsoft turns into dates.
#[test]
fn newtonsoft_detects_dates() {
    let cases: &[(&str, &str, DateKind)] = &[
        (
            "2019-02-01T22:46:01Z",
            "2019-02-01T22:46:01Z",
            DateKind::Utc,
        ),
        (
            "2019-02-01T22:46:01z",
            "2019-02-01T22:46:01Z",
            DateKind::Utc,
        ),
        (
            "2019-02-01T22:46:01.875Z",
            "2019-02-01T22:46:01.875Z",
            DateKind::Utc,
        ),
        (
            "2019-02-01T22:46:01.1234567Z",
            "2019-02-01T22:46:01.1234567Z",
            DateKind::Utc,
        ),
        (
            "2019-02-01T22:46:01.1Z",
            "2019-02-01T22:46:01.1Z",
            DateKind::Utc,
        ),
        (
            "2019-02-01T22:46:01",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01.500",
            "2019-02-01T22:46:01.5",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01+01:00",
            "2019-02-01T21:46:01+00:00",
            local(60),
        ),
        (
            "2019-02-01T22:46:01+0130",
            "2019-02-01T21:16:01+00:00",
            local(90),
        ),
        (
            "2019-02-01T22:46:01-05",
            "2019-02-02T03:46:01+00:00",
            local(-300),
        ),
        (
            "2019-02-01T22:46:01.5-05:00",
            "2019-02-02T03:46:01.5+00:00",
            local(-300),
        ),
        (
            "2019-02-01T24:00:00",
            "2019-02-02T00:00:00",
            DateKind::Unspecified,
        ),
        (
            "2020-02-29T00:00:00Z",
            "2020-02-29T00:00:00Z",
            DateKind::Utc,
        ),
        (
            "0001-01-01T00:00:00+01:00",
            "0001-01-01T00:00:00+00:00",
            local(60),
        ),
        (
            "9999-12-31T23:59:59-01:00",
            "9999-12-31T23:59:59.9999999+00:00",
            local(-60),
        ),
        // Quirks of Newtonsoft's zone parser: two trailing digits are read as "minutes".
        (
            "2019-02-01T22:46:0112",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01.123456789",
            "2019-02-01T22:46:01.1234567",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01:30",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01+01:",
            "2019-02-01T21:46:01+00:00",
            local(60),
        ),
        (
            "2019-02-01T22:46:01+99:99",
            "2019-01-28T18:07:01+00:00",
            local(6039),
        ),
        (
            "/Date(1549061161875)/",
            "2019-02-01T22:46:01.875Z",
            DateKind::Utc,
        ),
        ("/Date(0)/", "1970-01-01T00:00:00Z", DateKind::Utc),
        (
            "/Date(-62135596800000)/",
            "0001-01-01T00:00:00Z",
            DateKind::Utc,
        ),
        (
            "/Date(1549061161875+0100)/",
            "2019-02-01T22:46:01.875+00:00",
            local(60),
        ),
        (
            "/Date(1549061161875-0530)/",
            "2019-02-01T22:46:01.875+00:00",
            local(-330),
        ),
    ];
    for (input, iso, kind) in cases {
        let d = detect_newtonsoft(input).unwrap_or_else(|| panic!("{input} not a date"));
        assert_eq!(d.to_newtonsoft_iso(), *iso, "{input}");
        assert_eq!(d.kind, *kind, "{input}");
    }
}

#[test]
fn newtonsoft_leaves_strings() {
    let cases = [
        "2019-02-01 22:46:01",
        "2019-02-01t22:46:01",
        "2019-02-01",
        "2019-02-01T22:46",
        "2019-02-01T22:46:01.12345678",
        "2019-02-01T22:46:01.1234567890",
        "2019-02-01T22:46:01.",
        "2019-02-01T22:46:01.123456789Z",
        "2019-02-30T00:00:00",
        "2019-13-01T00:00:00",
        "0000-01-01T00:00:00",
        "2019-02-01T24:00:01",
        "2019-02-01T24:00:00.1",
        "2019-02-01T23:60:00",
        "2019-02-01T23:00:60",
        "2019-02-01T22:46:01+1",
        "2019-02-01T22:46:01 Z",
        "2019-02-01T22:46:01ZZ",
        " 2019-02-01T22:46:01",
        "x2019-02-01T22:46:01",
        "2019-02-01T22:46:01.000000000000000000000Z",
        "/Date()/",
        "/Date(abc)/",
        "/Date(+5)/",
        "/Date(12)",
        "/Date(1+1)/",
        "２０１９-02-01T22:46:01",
        "",
        "hello",
    ];
    for input in cases {
        assert_eq!(detect_newtonsoft(input), None, "{input}");
    }
}

#[test]
fn newtonsoft_out_of_range_dates_fail_reading() {
    use detect::{detect, Detected};
    assert!(matches!(
        detect("9999-12-31T24:00:00"),
        Detected::OutOfRange(_)
    ));
    assert!(matches!(
        detect("/Date(253402300800000)/"),
        Detected::OutOfRange(_)
    ));
    assert!(matches!(
        detect("/Date(-62135596800001)/"),
        Detected::OutOfRange(_)
    ));
    assert!(matches!(
        detect("/Date(253402300799999)/"),
        Detected::Date(_)
    ));
}

#[test]
fn dotnet_parse_forms() {
    let cases: &[(&str, &str, DateKind)] = &[
        (
            "2019-02-01 22:46:01",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01.875",
            "2019-02-01T22:46:01.875",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01.123456789",
            "2019-02-01T22:46:01.1234568",
            DateKind::Unspecified,
        ),
        (
            "2019-02-01T22:46:01Z",
            "2019-02-01T22:46:01+00:00",
            local(0),
        ),
        (
            "2019-02-01 22:46:01Z",
            "2019-02-01T22:46:01+00:00",
            local(0),
        ),
        (
            "2019-02-01T22:46:01+01:00",
            "2019-02-01T21:46:01+00:00",
            local(60),
        ),
        (
            "2019-02-01T22:46:01-0500",
            "2019-02-02T03:46:01+00:00",
            local(-300),
        ),
        ("2019-02-01", "2019-02-01T00:00:00", DateKind::Unspecified),
        (
            "2019/02/01 22:46",
            "2019-02-01T22:46:00",
            DateKind::Unspecified,
        ),
        (
            "02/01/2019 22:46:01",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2/1/2019 10:46:01 PM",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        (
            "2/1/2019 12:00:00 AM",
            "2019-02-01T00:00:00",
            DateKind::Unspecified,
        ),
        (
            "2/1/2019 12:30 pm",
            "2019-02-01T12:30:00",
            DateKind::Unspecified,
        ),
        ("2/1/2019", "2019-02-01T00:00:00", DateKind::Unspecified),
        ("2/1/19", "2019-02-01T00:00:00", DateKind::Unspecified),
        ("2/1/45", "1945-02-01T00:00:00", DateKind::Unspecified),
        ("02-01-2019", "2019-02-01T00:00:00", DateKind::Unspecified),
        (
            "Fri, 01 Feb 2019 22:46:01 GMT",
            "2019-02-01T22:46:01+00:00",
            local(0),
        ),
        (
            "Friday, 01 February 2019 22:46:01",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
        ("01 Feb 2019", "2019-02-01T00:00:00", DateKind::Unspecified),
        (
            "Feb 1, 2019 10:00 PM",
            "2019-02-01T22:00:00",
            DateKind::Unspecified,
        ),
        ("01-Feb-2019", "2019-02-01T00:00:00", DateKind::Unspecified),
        (
            "  2019-02-01T22:46:01  ",
            "2019-02-01T22:46:01",
            DateKind::Unspecified,
        ),
    ];
    for (input, iso, kind) in cases {
        let d = parse_dotnet(input).unwrap_or_else(|| panic!("{input} not parsed"));
        assert_eq!(d.to_newtonsoft_iso(), *iso, "{input}");
        assert_eq!(d.kind, *kind, "{input}");
    }
}

#[test]
fn dotnet_parse_rejects() {
    for input in [
        "",
        " ",
        "not a date",
        "13/01/2019",
        "2019-02-30",
        "2019-02-01T25:00:00",
        "22:61",
        "2019-02-01X22:46:01",
        "1549061161",
        "2019-02-01T22:46:01+25:00",
        "13:00 PM",
        "2019",
    ] {
        assert_eq!(parse_dotnet(input), None, "{input}");
    }
}

#[test]
fn time_only_needs_today() {
    assert_eq!(parse_dotnet("22:46:01"), None);
    let today = DateTime::from_parts(2019, 2, 1, 8, 0, 0, 0, DateKind::Utc).unwrap();
    let d = parse_dotnet_at("10:46:01 PM", today).unwrap();
    assert_eq!(d.to_newtonsoft_iso(), "2019-02-01T22:46:01");
    let d = parse_dotnet_at("2019-03-04 01:02", today).unwrap();
    assert_eq!(d.to_newtonsoft_iso(), "2019-03-04T01:02:00");
}

#[test]
fn printing() {
    let d = DateTime::from_parts(2019, 2, 1, 22, 46, 1, 8_750_000, DateKind::Utc).unwrap();
    assert_eq!(d.to_newtonsoft_iso(), "2019-02-01T22:46:01.875Z");
    assert_eq!(d.to_invariant_string(), "02/01/2019 22:46:01");
    assert_eq!(d.to_roundtrip_string(), "2019-02-01T22:46:01.8750000Z");
    assert_eq!(
        d.with_kind(local(60)).to_newtonsoft_iso(),
        "2019-02-01T22:46:01.875+00:00"
    );
    assert_eq!(
        d.with_kind(DateKind::Unspecified).to_newtonsoft_iso(),
        "2019-02-01T22:46:01.875"
    );
    let ingestion = DateTime::from_parts(2019, 2, 1, 22, 46, 2, 1_000_000, DateKind::Utc).unwrap();
    assert_eq!(ingestion.to_newtonsoft_iso(), "2019-02-01T22:46:02.1Z");
    let min = DateTime::new(0, DateKind::Unspecified).unwrap();
    assert_eq!(min.to_newtonsoft_iso(), "0001-01-01T00:00:00");
    assert_eq!(min.to_invariant_string(), "01/01/0001 00:00:00");
    let max = DateTime::new(MAX_TICKS, DateKind::Utc).unwrap();
    assert_eq!(max.to_newtonsoft_iso(), "9999-12-31T23:59:59.9999999Z");
    assert_eq!(format!("{d}"), "2019-02-01T22:46:01.875Z");
}

#[test]
fn calendar_parts_and_arithmetic() {
    let d = DateTime::from_parts(2024, 2, 29, 23, 59, 59, 9_999_999, DateKind::Utc).unwrap();
    assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
    assert_eq!(
        (d.hour(), d.minute(), d.second(), d.millisecond()),
        (23, 59, 59, 999)
    );
    assert_eq!(d.fraction_ticks(), 9_999_999);
    assert_eq!(d.day_of_week(), 4); // Thursday
    let next = d.add_ticks(1).unwrap();
    assert_eq!(next.to_newtonsoft_iso(), "2024-03-01T00:00:00Z");
    assert_eq!(
        d.add_millis(1).unwrap().to_newtonsoft_iso(),
        "2024-03-01T00:00:00.0009999Z"
    );
    assert_eq!(d.add_days(-365).unwrap().date_parts(), (2023, 3, 1));
    assert_eq!(d.add_seconds(1).unwrap().second(), 0);
    assert_eq!(d.date_only().to_newtonsoft_iso(), "2024-02-29T00:00:00Z");
    assert!(DateTime::new(MAX_TICKS, DateKind::Utc)
        .unwrap()
        .add_ticks(1)
        .is_none());
    assert!(DateTime::new(0, DateKind::Utc)
        .unwrap()
        .add_ticks(-1)
        .is_none());
    assert!(DateTime::from_parts(2019, 2, 29, 0, 0, 0, 0, DateKind::Utc).is_none());
    assert!(DateTime::from_parts(0, 1, 1, 0, 0, 0, 0, DateKind::Utc).is_none());
    assert!(DateTime::from_parts(2019, 1, 1, 24, 0, 0, 0, DateKind::Utc).is_none());
    assert!(DateTime::from_parts(1900, 2, 29, 0, 0, 0, 0, DateKind::Utc).is_none());
    assert!(DateTime::from_parts(2000, 2, 29, 0, 0, 0, 0, DateKind::Utc).is_some());
    // Every day of a 400-year cycle round-trips through the calendar.
    let mut t = DateTime::from_parts(1999, 12, 31, 0, 0, 0, 0, DateKind::Utc).unwrap();
    let (mut y, mut m, mut dd) = t.date_parts();
    for _ in 0..146_097 {
        t = t.add_days(1).unwrap();
        dd += 1;
        if dd > days_in_month(y, m) {
            dd = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        assert_eq!(t.date_parts(), (y, m, dd));
    }
}

#[test]
fn unix_conversions() {
    let d = DateTime::from_unix_seconds(1_549_061_161).unwrap();
    assert_eq!(d.to_newtonsoft_iso(), "2019-02-01T22:46:01Z");
    assert_eq!(d.kind, DateKind::Utc);
    assert_eq!(d.to_unix_seconds(), 1_549_061_161);
    let ms = DateTime::from_unix_millis(1_549_061_161_875).unwrap();
    assert_eq!(ms.to_newtonsoft_iso(), "2019-02-01T22:46:01.875Z");
    assert_eq!(ms.to_unix_millis(), 1_549_061_161_875);
    assert_eq!(DateTime::from_unix_millis(-1).unwrap().to_unix_millis(), -1);
    let before = DateTime::new(UNIX_EPOCH_TICKS - 1, DateKind::Utc).unwrap();
    assert_eq!(before.to_unix_millis(), -1);
    assert!(DateTime::from_unix_seconds(253_402_300_799).is_some());
    assert!(DateTime::from_unix_seconds(253_402_300_800).is_none());
    assert!(DateTime::from_unix_seconds(-62_135_596_800).is_some());
    assert!(DateTime::from_unix_seconds(-62_135_596_801).is_none());
    assert!(DateTime::from_unix_seconds(i64::MAX).is_none());
    assert!(DateTime::from_unix_millis(i64::MIN).is_none());
}

/// The strict ISO 8601 shortcut of `parse_dotnet` gives what the general parser gives, on the
/// shape it takes (and beside it: values out of range, other zones, more fraction digits).
#[test]
fn strict_iso_shortcut_agrees_with_the_general_parser() {
    const YEARS: &[&str] = &[
        "0000", "0001", "0099", "1899", "2000", "2024", "9998", "9999",
    ];
    const MONTHS: &[&str] = &["00", "01", "02", "09", "12", "13"];
    const DAYS: &[&str] = &["00", "01", "28", "29", "30", "31", "32"];
    const HOURS: &[&str] = &["00", "09", "23", "24"];
    const MINUTES: &[&str] = &["00", "07", "59", "60"];
    const FRACTIONS: &[&str] = &["", ".", ".5", ".123", ".1234567", ".12345678", ".9999999"];
    const ZONES: &[&str] = &[
        "", "Z", "z", "+00:00", "-00:00", "+05:30", "-12:30", "+14:00", "+14:59", "+15:00",
        "-14:00", "+1:00", "+0100", " Z", "Z ", "+05:3", "GMT",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut pick = |list: &[&'static str]| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        list[(state % list.len() as u64) as usize]
    };
    let mut taken = 0;
    for _ in 0..60_000 {
        let text = format!(
            "{}-{}-{}T{}:{}:{}{}{}",
            pick(YEARS),
            pick(MONTHS),
            pick(DAYS),
            pick(HOURS),
            pick(MINUTES),
            pick(MINUTES),
            pick(FRACTIONS),
            pick(ZONES)
        );
        let shortcut = parse::strict_iso_for_tests(&text);
        let general = parse::parse_dotnet_general(&text);
        if let Some(date) = shortcut {
            taken += 1;
            assert_eq!(Some(date), general, "{text}");
        }
        assert_eq!(parse_dotnet(&text), general, "{text}");
    }
    // Many of the generated texts are in range and of the shortcut's shape.
    assert!(taken > 2_000, "{taken} taken by the shortcut");
    // The extremes of the range, with offsets that leave it.
    for text in [
        "0001-01-01T00:00:00+00:01",
        "0001-01-01T00:00:00-00:01",
        "9999-12-31T23:59:59.9999999-00:01",
        "9999-12-31T23:59:59.9999999+00:01",
        "2024-02-29T12:00:00Z",
        "2023-02-29T12:00:00Z",
    ] {
        assert_eq!(
            parse_dotnet(text),
            parse::parse_dotnet_general(text),
            "{text}"
        );
    }
}
