//! .NET number text (device-mapping.md §5.4): `double.ToString()` as .NET Core 3.0+ prints it
//! (shortest round-trip), Newtonsoft's JSON form of a double, and invariant-culture parsing of
//! doubles and 64-bit integers (`double.Parse`, `long.Parse`).

/// .NET Core 3.0+ `double.ToString()` / `ToString("R")` with the invariant culture.
///
/// Rule (§5.4): take the shortest round-trip digits D (n digits) and the scale s with
/// value = 0.D × 10^s; fixed notation when −3 ≤ s ≤ max(15, n), otherwise `d.ddd` + `E` + sign +
/// at least two exponent digits. `-0.0` → `-0`, NaN → `NaN`, ±∞ → `Infinity` / `-Infinity`.
///
/// When two shortest digit strings are equally near the exact value (`1658206780088562.25`
/// between `…562.2` and `…562.3`), .NET's Dragon4 takes the one ending in an even digit
/// (`Number.Dragon4.cs`: "if we are directly in the middle, round towards the even digit"; its
/// Grisu3 first pass gives up on such ties). `zmij` does the same; Rust's own `{:e}` rounds
/// these ties up, so it is not used.
pub fn format_double(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let mut buffer = zmij::Buffer::new();
    let (negative, digits, scale) = shortest_digits(buffer.format_finite(value));
    let digits = digits.as_str();
    let n = digits.len() as i32;
    let exponent = scale - 1;
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if scale > n.max(15) || scale < -3 {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('E');
        out.push(if exponent < 0 { '-' } else { '+' });
        let e = exponent.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        crate::document::push_decimal(&mut out, u64::from(e));
    } else if scale <= 0 {
        out.push_str("0.");
        for _ in 0..-scale {
            out.push('0');
        }
        out.push_str(digits);
    } else if scale < n {
        out.push_str(&digits[..scale as usize]);
        out.push('.');
        out.push_str(&digits[scale as usize..]);
    } else {
        out.push_str(digits);
        for _ in 0..scale - n {
            out.push('0');
        }
    }
    out
}

/// Up to 24 significant digits (a double has at most 17), kept on the stack.
struct Digits {
    bytes: [u8; 24],
    len: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("0")
    }
}

/// The sign, the significant digits D (no leading or trailing zeros; `"0"` for zero) and the
/// scale s with |value| = 0.D × 10^s, of a shortest round-trip text such as `zmij` writes
/// (`"-1.9811999999999999"`, `"1e16"`, `"1.5e-7"`, `"100.0"`, `"0.001"`).
fn shortest_digits(text: &str) -> (bool, Digits, i32) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let mut digits = Digits {
        bytes: [0; 24],
        len: 0,
    };
    // `point`: the digits' place relative to the decimal point, counted while leading zeros
    // are skipped ("0.001" → -2, "100.0" → 3).
    let mut point = 0i32;
    let mut seen_point = false;
    for b in mantissa.bytes() {
        match b {
            b'.' => seen_point = true,
            b'0' if digits.len == 0 && seen_point => point -= 1,
            b'0' if digits.len == 0 => {}
            b'0'..=b'9' => {
                if !seen_point {
                    point += 1;
                }
                if digits.len < digits.bytes.len() {
                    digits.bytes[digits.len] = b;
                    digits.len += 1;
                }
            }
            _ => {}
        }
    }
    // Trailing zeros are not significant: "100.0" gives "1000", then "1".
    while digits.len > 1 && digits.bytes[digits.len - 1] == b'0' {
        digits.len -= 1;
    }
    if digits.len == 0 {
        digits.bytes[0] = b'0';
        digits.len = 1;
        return (negative, digits, 1);
    }
    (negative, digits, point + exponent)
}

/// A double as Newtonsoft's `JsonTextWriter` writes it with default settings: the `R` text with
/// `.0` appended when it has no `.`/`E` (`1.0`, `-0.0`, `1E+15`), and NaN/±∞ as JSON strings
/// (`FloatFormatHandling.String`: `"NaN"`, `"Infinity"`, `"-Infinity"`).
pub fn format_double_json(value: f64) -> String {
    let text = format_double(value);
    if !value.is_finite() {
        return format!("\"{text}\"");
    }
    if text.contains(['.', 'E', 'e']) {
        text
    } else {
        text + ".0"
    }
}

/// .NET's `IsWhite` for number parsing: space and U+0009–U+000D.
fn is_number_white(c: char) -> bool {
    c == ' ' || ('\u{9}'..='\u{d}').contains(&c)
}

/// Strips the whitespace `NumberStyles.AllowLeadingWhite | AllowTrailingWhite` allow, and the
/// trailing NUL characters .NET ignores.
fn trim_number_white(s: &str) -> &str {
    s.trim_start_matches(is_number_white)
        .trim_end_matches('\0')
        .trim_end_matches(is_number_white)
}

/// `double.Parse(s, NumberStyles.Float | NumberStyles.AllowThousands,
/// CultureInfo.InvariantCulture)` (.NET Core 3.0+): surrounding whitespace, one leading sign,
/// digits with `,` group separators before the decimal point (after a first digit), `.`
/// fraction, `e`/`E` exponent; `NaN`, `Infinity`, `-Infinity`, `+Infinity`, `-NaN`, `+NaN`
/// (case-insensitive); too large values give ±∞. The invariant culture has no `∞` symbol, so
/// `∞` is rejected. `None` when .NET would throw a `FormatException`.
pub fn parse_dotnet_double(s: &str) -> Option<f64> {
    if let Some(v) = parse_float_number(s) {
        return Some(v);
    }
    let t = s.trim();
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if eq(t, "Infinity") {
        return Some(f64::INFINITY);
    }
    if eq(t, "-Infinity") {
        return Some(f64::NEG_INFINITY);
    }
    if eq(t, "NaN") {
        return Some(f64::NAN);
    }
    if let Some(rest) = t.strip_prefix('+') {
        if eq(rest, "Infinity") {
            return Some(f64::INFINITY);
        }
        if eq(rest, "NaN") {
            return Some(f64::NAN);
        }
        return None;
    }
    if let Some(rest) = t.strip_prefix('-') {
        if eq(rest, "NaN") {
            return Some(f64::NAN);
        }
    }
    None
}

/// The numeric grammar of [`parse_dotnet_double`], normalised for Rust's correctly rounded parser.
fn parse_float_number(s: &str) -> Option<f64> {
    let t = trim_number_white(s);
    let b = t.as_bytes();
    let mut i = 0;
    let mut normal = String::with_capacity(t.len());
    if let Some(&c) = b.first() {
        if c == b'+' || c == b'-' {
            if c == b'-' {
                normal.push('-');
            }
            i = 1;
        }
    }
    let mut digits = 0;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                normal.push(c as char);
                digits += 1;
            }
            b',' if digits > 0 => {}
            _ => break,
        }
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        normal.push('.');
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            normal.push(b[i] as char);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        let mut exp = String::from("e");
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            exp.push(b[j] as char);
            j += 1;
        }
        let start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > start {
            // Rust's parser saturates huge exponents to ∞ / 0 as .NET Core 3.0+ does.
            let exp_digits = t[start..j].trim_start_matches('0');
            exp.push_str(if exp_digits.is_empty() {
                "0"
            } else {
                exp_digits
            });
            if exp_digits.len() > 9 {
                // Keep the exponent within i32 while preserving its effect.
                exp.truncate(exp.len() - exp_digits.len());
                exp.push_str("999999999");
            }
            normal.push_str(&exp);
            i = j;
        }
    }
    if i != b.len() {
        return None;
    }
    if normal.ends_with('.') {
        normal.push('0');
    }
    if normal.starts_with('.') || normal.starts_with("-.") {
        normal = normal.replacen('.', "0.", 1);
    }
    normal.parse::<f64>().ok()
}

/// `long.Parse(s, CultureInfo.InvariantCulture)` (`NumberStyles.Integer`): surrounding
/// whitespace, one leading sign, ASCII digits; `None` on bad format or overflow.
pub fn parse_dotnet_i64(s: &str) -> Option<i64> {
    let t = trim_number_white(s);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let negative = t.starts_with('-');
    let mut value: i64 = 0;
    for c in digits.bytes() {
        let d = i64::from(c - b'0');
        value = value.checked_mul(10)?;
        value = if negative {
            value.checked_sub(d)?
        } else {
            value.checked_add(d)?
        };
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sign, digits and scale of Rust's `{:e}` text (shortest round-trip digits, but exact
    /// ties rounded up).
    fn digits_by_std(value: f64) -> (bool, String, i32) {
        let sci = format!("{value:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap();
        let exponent: i32 = exponent.parse().unwrap();
        let (negative, mantissa) = match mantissa.strip_prefix('-') {
            Some(m) => (true, m),
            None => (false, mantissa),
        };
        (negative, mantissa.replace('.', ""), exponent + 1)
    }

    /// A double written with all its digits (a literal would trip clippy's precision lint).
    fn exact(text: &str) -> f64 {
        text.parse().unwrap()
    }

    /// Whether the exact value of `value` lies exactly halfway between two decimals of
    /// `digits` significant digits (its exact expansion continues with 5 and then only zeros).
    fn exact_tie(value: f64, digits: usize) -> bool {
        // 800 significant digits hold every double's exact expansion.
        let exact = format!("{:.800e}", value.abs());
        let mantissa: String = exact.split('e').next().unwrap().replace('.', "");
        let rest = &mantissa[digits..];
        rest.starts_with('5') && rest[1..].bytes().all(|b| b == b'0')
    }

    #[test]
    fn shortest_digits_are_rusts_except_ties_which_go_to_the_even_digit() {
        let mut ties = 0;
        let mut check = |value: f64| {
            let mut buffer = zmij::Buffer::new();
            let text = buffer.format_finite(value);
            let (negative, digits, scale) = shortest_digits(text);
            let ours = (negative, digits.as_str().to_string(), scale);
            let std = digits_by_std(value);
            if ours != std {
                // Only an exact tie may differ: same length, the other neighbour, the even one.
                let (d, s) = (&ours.1, &std.1);
                assert!(
                    d.len() == s.len()
                        && exact_tie(value, d.len())
                        && (d.as_bytes()[d.len() - 1] - b'0') % 2 == 0,
                    "{value:e}: zmij wrote {text}, std {std:?}"
                );
                ties += 1;
            }
        };
        for value in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.001,
            0.0001,
            100.0,
            1e15,
            1e16,
            1e17,
            1.5e-7,
            123.456,
            98.6,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            1.9811999999999999,
            9007199254740993.0,
            0.30000000000000004,
            1e21,
            1e22,
            1e-5,
        ] {
            check(value);
        }
        check(exact("1658206780088562.25"));
        // Every power of ten and its neighbours.
        for e in -325..=308 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            check(p);
            check(f64::from_bits(p.to_bits() + 1));
            check(f64::from_bits(p.to_bits().saturating_sub(1)));
        }
        // Every power of two (the lower neighbour is twice as near: unequal margins) and its
        // neighbours, normal and subnormal.
        for biased in 0..2047u64 {
            let p = f64::from_bits(biased << 52);
            check(p);
            check(f64::from_bits((biased << 52) + 1));
            if biased > 0 {
                check(f64::from_bits((biased << 52) - 1));
            }
        }
        for bit in 0..52 {
            check(f64::from_bits(1u64 << bit));
        }
        // Pseudo-random bit patterns, short decimals (what messages carry) and quarter values
        // near 2^50..2^53 (where 17-digit ties live).
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let value = f64::from_bits(x);
            if value.is_finite() {
                check(value);
            }
            check((x % 1_000_000) as f64 / 1000.0);
            check(((1u64 << 50) + x % (1u64 << 52)) as f64 / 4.0);
        }
        assert!(
            ties > 0,
            "the run met no tie, so the tie rule went untested"
        );
    }

    #[test]
    fn ties_take_the_even_digit_as_dotnet_does() {
        // 1658206780088562.25: "...562.2" and "...562.3" are equally near; .NET's Dragon4
        // keeps the even digit.
        assert_eq!(
            format_double(exact("1658206780088562.25")),
            "1658206780088562.2"
        );
        // 1658206780088562.75 lies between ".7" and ".8": the even one is ".8".
        assert_eq!(
            format_double(exact("1658206780088562.75")),
            "1658206780088562.8"
        );
    }

    #[test]
    fn double_text_matches_dotnet() {
        let cases: &[(f64, &str)] = &[
            (98.6, "98.6"),
            (1.0, "1"),
            (78.0 * 0.0254, "1.9811999999999999"),
            (1e15, "1E+15"),
            (1e14, "100000000000000"),
            (1e-5, "1E-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0"),
            (0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (-60.0, "-60"),
            (123456789012345680.0, "1.2345678901234568E+17"),
            (12345678901234567.0, "12345678901234568"),
            (1.5e300, "1.5E+300"),
            (2.5e-10, "2.5E-10"),
            (0.1 + 0.2, "0.30000000000000004"),
            (36.6, "36.6"),
            (1e16, "1E+16"),
            (123.456e10, "1234560000000"),
            (5e-324, "5E-324"),
            (f64::MAX, "1.7976931348623157E+308"),
            (0.001, "0.001"),
            (-1.5e-4, "-0.00015"),
            (1e100, "1E+100"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_double(*value), *expected, "{value:e}");
        }
    }

    #[test]
    fn json_double_text() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (98.6, "98.6"),
            (1e15, "1E+15"),
            (1e14, "100000000000000.0"),
            (f64::NAN, "\"NaN\""),
            (f64::INFINITY, "\"Infinity\""),
            (f64::NEG_INFINITY, "\"-Infinity\""),
        ];
        for (value, expected) in cases {
            assert_eq!(format_double_json(*value), *expected);
        }
    }

    #[test]
    fn dotnet_double_parsing() {
        let ok: &[(&str, f64)] = &[
            ("1", 1.0),
            (" 98.6 ", 98.6),
            ("\t-1.5e3\n", -1500.0),
            ("+2", 2.0),
            ("1,000.5", 1000.5),
            ("1,,0", 10.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("-.5", -0.5),
            ("1E+2", 100.0),
            ("1e-2", 0.01),
            ("1e400", f64::INFINITY),
            ("-1e400", f64::NEG_INFINITY),
            ("1e-400", 0.0),
            ("1e99999999999999", f64::INFINITY),
            ("Infinity", f64::INFINITY),
            ("infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("+Infinity", f64::INFINITY),
            ("007", 7.0),
            ("1\0\0", 1.0),
        ];
        for (text, expected) in ok {
            assert_eq!(parse_dotnet_double(text), Some(*expected), "{text:?}");
        }
        for nan in ["NaN", "nan", " -NaN ", "+NaN"] {
            assert!(parse_dotnet_double(nan).unwrap().is_nan(), "{nan}");
        }
        let bad = [
            "",
            " ",
            ".",
            "-",
            "1e",
            "1e+",
            ",1",
            "1.2.3",
            "0x10",
            "- 1",
            "1 2",
            "∞",
            "abc",
            "1,0.5,",
            "--1",
            "1.5,",
            "Infinityx",
        ];
        for text in bad {
            assert_eq!(parse_dotnet_double(text), None, "{text:?}");
        }
    }

    #[test]
    fn dotnet_i64_parsing() {
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            (" 42 ", 42),
            ("-42", -42),
            ("+7", 7),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("000123", 123),
        ];
        for (text, expected) in ok {
            assert_eq!(parse_dotnet_i64(text), Some(*expected), "{text:?}");
        }
        for text in [
            "",
            "-",
            "1.0",
            "9223372036854775808",
            "1,000",
            "0x1",
            "1e3",
            "- 1",
        ] {
            assert_eq!(parse_dotnet_i64(text), None, "{text:?}");
        }
    }
}
