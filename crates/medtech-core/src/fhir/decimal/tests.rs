use super::*;

fn number(s: &str) -> Option<String> {
    Decimal::parse_number_style(s).map(|d| d.to_string())
}

#[test]
fn number_style_accepts_what_dotnet_accepts() {
    let table: &[(&str, Option<&str>)] = &[
        ("22.4", Some("22.4")),
        ("22.40", Some("22.40")),
        ("  72 ", Some("72")),
        ("\t72\n", Some("72")),
        ("-5", Some("-5")),
        ("5-", Some("-5")),
        ("+5", Some("5")),
        ("5+", Some("5")),
        ("1,000", Some("1000")),
        ("1,,000.5", Some("1000.5")),
        (".5", Some("0.5")),
        ("5.", Some("5")),
        ("0.00", Some("0.00")),
        ("-0", Some("0")),
        ("000123", Some("123")),
        ("0.000123", Some("0.000123")),
        ("1E-05", None),
        ("1e3", None),
        ("NaN", None),
        ("Infinity", None),
        ("(5)", None),
        ("$5", None),
        ("0x10", None),
        ("- 5", None),
        ("-5-", None),
        (",1", None),
        ("1.000,5", None),
        (".", None),
        ("", None),
        ("   ", None),
        ("1 2", None),
        ("５", None),
    ];
    for (input, expected) in table {
        assert_eq!(number(input).as_deref(), *expected, "{input:?}");
    }
}

#[test]
fn number_style_rounds_beyond_29_digits_and_overflows() {
    assert_eq!(
        number("79228162514264337593543950335").as_deref(),
        Some("79228162514264337593543950335")
    );
    assert_eq!(number("79228162514264337593543950336"), None);
    assert_eq!(
        number("1.2345678901234567890123456789").as_deref(),
        Some("1.2345678901234567890123456789")
    );
    // 30 significant digits: rounded to 28 fraction digits (half to even).
    assert_eq!(
        number("0.123456789012345678901234567891").as_deref(),
        Some("0.1234567890123456789012345679")
    );
    assert_eq!(
        number("0.00000000000000000000000000001").as_deref(),
        Some("0.0000000000000000000000000000")
    );
    assert_eq!(
        number("2.50000000000000000000000000005").as_deref(),
        Some("2.5000000000000000000000000000")
    );
}

#[test]
fn newtonsoft_parser_handles_exponents_and_scale() {
    let table: &[(&str, Result<&str, ParseFailure>)] = &[
        ("5000", Ok("5000")),
        ("1000.0", Ok("1000.0")),
        ("0.5", Ok("0.5")),
        ("0.50", Ok("0.50")),
        ("-2.5", Ok("-2.5")),
        ("1E+20", Ok("100000000000000000000")),
        ("5e3", Ok("5000")),
        ("1.5E-3", Ok("0.0015")),
        ("1E-05", Ok("0.00001")),
        ("0", Ok("0")),
        ("00.5", Err(ParseFailure::Invalid)),
        (".5", Err(ParseFailure::Invalid)),
        ("5.", Err(ParseFailure::Invalid)),
        ("1e", Err(ParseFailure::Invalid)),
        (" 5", Err(ParseFailure::Invalid)),
        ("+5", Err(ParseFailure::Invalid)),
        ("-", Err(ParseFailure::Invalid)),
        ("1E+40", Err(ParseFailure::Overflow)),
    ];
    for (input, expected) in table {
        let actual = Decimal::parse_newtonsoft(input).map(|d| d.to_string());
        assert_eq!(actual.as_deref().map_err(|e| *e), *expected, "{input:?}");
    }
}

#[test]
fn conversion_to_double_and_numeric_equality() {
    let d = Decimal::parse_newtonsoft("1000.0").unwrap();
    assert_eq!(d.to_f64(), 1000.0);
    assert!(d.numeric_eq(&Decimal::from_i64(1000)));
    assert!(!d.numeric_eq(&Decimal::from_i64(-1000)));
    assert_eq!(Decimal::parse_newtonsoft("0.1").unwrap().to_f64(), 0.1);
    assert_eq!(Decimal::parse_newtonsoft("-2.5").unwrap().to_f64(), -2.5);
    assert!(Decimal::parse_number_style("-0.00")
        .unwrap()
        .numeric_eq(&Decimal::ZERO));
}
