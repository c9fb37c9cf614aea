//! The few .NET runtime rules the JSONPath dialect leans on (device-mapping.md §6):
//! `char.IsDigit` / `char.IsLetter` / `char.IsWhiteSpace` on UTF-16 code units, and the invariant
//! number parsers (`long.TryParse`, `double.Parse`, `Convert.ToInt32`, `bool.Parse`,
//! `BigInteger.Parse`) with their exception messages as .NET 8 prints them.

use std::cmp::Ordering;

/// First code point of every run of ten `Nd` (decimal digit) characters in the Basic
/// Multilingual Plane (Unicode 15). Characters beyond the BMP are surrogate pairs in .NET and
/// never digits.
const ND_BMP_STARTS: [u32; 37] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

/// `char.IsDigit`: a BMP character of category `Nd`.
pub fn is_digit(c: char) -> bool {
    let cp = c as u32;
    ND_BMP_STARTS
        .iter()
        .any(|&start| cp >= start && cp < start + 10)
}

/// `char.IsLetter` (approximated by the Unicode `Alphabetic` property, BMP only).
pub fn is_letter(c: char) -> bool {
    (c as u32) <= 0xFFFF && c.is_alphabetic() && !c.is_numeric()
}

/// `char.IsWhiteSpace` (the same set as Unicode `White_Space`).
pub fn is_white_space(c: char) -> bool {
    c.is_whitespace()
}

/// `String.TrimEnd()`.
pub fn trim_end(s: &str) -> &str {
    s.trim_end_matches(is_white_space)
}

/// Whitespace that `NumberStyles.AllowLeadingWhite/AllowTrailingWhite` skip.
fn is_number_white(c: char) -> bool {
    matches!(c, '\u{9}'..='\u{D}' | ' ')
}

/// Strips the whitespace number parsing allows, and trailing NULs (which .NET ignores).
fn trim_number(s: &str) -> &str {
    s.trim_start_matches(is_number_white)
        .trim_end_matches('\0')
        .trim_end_matches(is_number_white)
}

/// Splits an optional sign; returns (negative, rest).
fn split_sign(s: &str) -> (bool, &str) {
    if let Some(rest) = s.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix('+') {
        (false, rest)
    } else {
        (false, s)
    }
}

/// Outcome of an integer parse with `NumberStyles.Integer`.
#[derive(Debug, PartialEq, Eq)]
pub enum IntParse {
    /// The value.
    Ok(i64),
    /// Not an integer (FormatException).
    Format,
    /// An integer outside the range (OverflowException).
    Overflow,
}

/// `long.Parse(s, NumberStyles.Integer, Invariant)`, reporting overflow against `[min, max]`.
pub fn parse_integer(s: &str, min: i64, max: i64) -> IntParse {
    let (negative, digits) = split_sign(trim_number(s));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return IntParse::Format;
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        value = value * 10 + i128::from(b - b'0');
        if value > i128::from(u64::MAX) {
            return IntParse::Overflow;
        }
    }
    if negative {
        value = -value;
    }
    if value < i128::from(min) || value > i128::from(max) {
        return IntParse::Overflow;
    }
    IntParse::Ok(value as i64)
}

/// `double.Parse(s, NumberStyles.Float | NumberStyles.AllowThousands, Invariant)`; `None` on a
/// format error. (.NET Core 3.0+ never overflows: large values become infinities.)
pub fn parse_double(s: &str) -> Option<f64> {
    let t = trim_number(s);
    let (negative, body) = split_sign(t);
    let mut clean = String::with_capacity(body.len() + 1);
    if negative {
        clean.push('-');
    }
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut int_digits = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => {
                clean.push(bytes[i] as char);
                int_digits += 1;
            }
            b',' if int_digits > 0 => {}
            _ => break,
        }
        i += 1;
    }
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        clean.push('.');
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            clean.push(bytes[i] as char);
            frac_digits += 1;
            i += 1;
        }
    }
    if int_digits + frac_digits == 0 {
        return parse_special(t);
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        let mut exp = String::from("e");
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            exp.push(bytes[j] as char);
            j += 1;
        }
        let start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            exp.push(bytes[j] as char);
            j += 1;
        }
        if j > start {
            clean.push_str(&exp);
            i = j;
        }
    }
    if i != bytes.len() {
        return None;
    }
    clean.parse::<f64>().ok()
}

/// The invariant culture's `Infinity`, `-Infinity`, `NaN` symbols (case-insensitive).
fn parse_special(t: &str) -> Option<f64> {
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "infinity" | "+infinity" => Some(f64::INFINITY),
        "-infinity" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        _ => None,
    }
}

/// `bool.Parse`: `True`/`False` in any case, surrounding whitespace and NULs ignored.
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An arbitrary-size integer as sign + decimal digits without leading zeros (`BigInteger`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigInt {
    negative: bool,
    digits: String,
}

impl BigInt {
    /// `BigInteger.Parse(s, Invariant)` (`NumberStyles.Integer`).
    pub fn parse(s: &str) -> Option<BigInt> {
        let (negative, digits) = split_sign(trim_number(s));
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(BigInt::from_parts(negative, digits))
    }

    fn from_parts(negative: bool, digits: &str) -> BigInt {
        let digits = digits.trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        BigInt {
            negative: negative && digits != "0",
            digits: digits.to_string(),
        }
    }

    /// An exact conversion of an `i64`.
    pub fn from_i64(v: i64) -> BigInt {
        let text = v.unsigned_abs().to_string();
        BigInt::from_parts(v < 0, &text)
    }

    /// `new BigInteger(double)`: truncates toward zero. `None` for NaN/infinities.
    pub fn from_f64_trunc(v: f64) -> Option<BigInt> {
        if !v.is_finite() {
            return None;
        }
        let t = v.trunc();
        let text = format!("{:.0}", t.abs());
        Some(BigInt::from_parts(t < 0.0, &text))
    }

    /// Numeric ordering.
    pub fn cmp_to(&self, other: &BigInt) -> Ordering {
        let magnitude = self
            .digits
            .len()
            .cmp(&other.digits.len())
            .then_with(|| self.digits.cmp(&other.digits));
        match (self.negative, other.negative) {
            (false, false) => magnitude,
            (true, true) => magnitude.reverse(),
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
        }
    }
}

/// .NET `double.CompareTo`: NaN sorts below everything and equals itself.
pub fn compare_doubles(a: f64, b: f64) -> Ordering {
    match a.partial_cmp(&b) {
        Some(o) => o,
        None => match (a.is_nan(), b.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            _ => Ordering::Greater,
        },
    }
}

/// Newtonsoft's `MathUtils.ApproxEquals`.
pub fn approx_equals(d1: f64, d2: f64) -> bool {
    const EPSILON: f64 = 2.220_446_049_250_313E-16;
    if d1 == d2 {
        return true;
    }
    let tolerance = (d1.abs() + d2.abs() + 10.0) * EPSILON;
    let difference = d1 - d2;
    -tolerance < difference && tolerance > difference
}

/// `string.CompareOrdinal`: UTF-16 code unit order.
pub fn compare_ordinal(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_unicode_nd_in_the_bmp() {
        assert!(is_digit('7'));
        assert!(is_digit('\u{663}'));
        assert!(is_digit('\u{FF19}'));
        assert!(!is_digit('a'));
        assert!(!is_digit('\u{1D7CE}'));
        assert!(!is_digit('\u{2167}'));
    }

    #[test]
    fn integers_parse_like_long_parse() {
        assert_eq!(
            parse_integer(" -12 ", i64::MIN, i64::MAX),
            IntParse::Ok(-12)
        );
        assert_eq!(parse_integer("+7", i64::MIN, i64::MAX), IntParse::Ok(7));
        assert_eq!(parse_integer("1-2", i64::MIN, i64::MAX), IntParse::Format);
        assert_eq!(parse_integer("-", i64::MIN, i64::MAX), IntParse::Format);
        assert_eq!(parse_integer("5.5", i64::MIN, i64::MAX), IntParse::Format);
        assert_eq!(
            parse_integer("2147483648", i32::MIN.into(), i32::MAX.into()),
            IntParse::Overflow
        );
        assert_eq!(
            parse_integer("-2147483648", i32::MIN.into(), i32::MAX.into()),
            IntParse::Ok(-2147483648)
        );
        assert_eq!(
            parse_integer("99999999999999999999999", i64::MIN, i64::MAX),
            IntParse::Overflow
        );
    }

    #[test]
    fn doubles_parse_like_double_parse() {
        assert_eq!(parse_double("1,000.5"), Some(1000.5));
        assert_eq!(parse_double("-.5"), Some(-0.5));
        assert_eq!(parse_double("1."), Some(1.0));
        assert_eq!(parse_double("1e3"), Some(1000.0));
        assert_eq!(parse_double(" 2E-1 "), Some(0.2));
        assert_eq!(parse_double("1e"), None);
        assert_eq!(parse_double(",1"), None);
        assert_eq!(parse_double("."), None);
        assert_eq!(parse_double("abc"), None);
        assert_eq!(parse_double("1.2.3"), None);
        assert_eq!(parse_double("Infinity"), Some(f64::INFINITY));
        assert!(parse_double("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_double("1e999"), Some(f64::INFINITY));
    }

    #[test]
    fn booleans_and_bigints() {
        assert_eq!(parse_bool(" TRUE "), Some(true));
        assert_eq!(parse_bool("yes"), None);
        let big = BigInt::parse("123456789012345678901234567890").unwrap();
        assert_eq!(big.cmp_to(&BigInt::from_i64(i64::MAX)), Ordering::Greater);
        assert_eq!(
            BigInt::parse("-0005")
                .unwrap()
                .cmp_to(&BigInt::from_i64(-5)),
            Ordering::Equal
        );
        assert_eq!(BigInt::from_f64_trunc(-5.9).unwrap(), BigInt::from_i64(-5));
        assert!(BigInt::from_f64_trunc(f64::NAN).is_none());
    }

    #[test]
    fn ordinal_and_approx() {
        assert_eq!(compare_ordinal("a", "b"), Ordering::Less);
        // U+FF21 sorts above a surrogate pair in UTF-16 but below it in UTF-8.
        assert_eq!(compare_ordinal("\u{FF21}", "\u{1F600}"), Ordering::Greater);
        assert!(approx_equals(0.1 + 0.2, 0.3));
        assert!(!approx_equals(1.0, 1.0001));
        assert_eq!(compare_doubles(f64::NAN, f64::NAN), Ordering::Equal);
        assert_eq!(compare_doubles(f64::NAN, 1.0), Ordering::Less);
        assert_eq!(trim_end("ab \t\u{A0}"), "ab");
    }
}
