//! .NET number parsing as `to_number` and `min_by`/`max_by` use it (device-mapping.md §7.2):
//! `Int64.TryParse(s)` (`NumberStyles.Integer`) and `double.TryParse(s, NumberStyles.Float,
//! InvariantCulture)` (optionally with `AllowThousands`), invariant culture.

/// .NET's number white space: U+0009–U+000D and U+0020.
fn is_number_white(c: char) -> bool {
    c == ' ' || ('\u{9}'..='\u{d}').contains(&c)
}

/// Strips what .NET allows around a number: leading white space, trailing white space and
/// trailing NUL characters.
fn trim_number(s: &str) -> &str {
    s.trim_start_matches(is_number_white)
        .trim_end_matches(|c| is_number_white(c) || c == '\0')
}

/// `Int64.TryParse(s)`: optional sign, decimal digits, surrounding white space.
pub(crate) fn parse_int64(s: &str) -> Option<i64> {
    let t = trim_number(s);
    let (negative, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        value = value * 10 + i128::from(b - b'0');
        if value > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).ok()
}

/// `double.TryParse(s, NumberStyles.Float[ | AllowThousands], InvariantCulture)`, including
/// the symbols `Infinity`, `-Infinity` and `NaN` (case-insensitive) and .NET Core's overflow to
/// ±∞.
pub(crate) fn parse_double(s: &str, allow_thousands: bool) -> Option<f64> {
    parse_float_syntax(trim_number(s), allow_thousands).or_else(|| special_symbol(s))
}

fn parse_float_syntax(t: &str, allow_thousands: bool) -> Option<f64> {
    let bytes = t.as_bytes();
    let mut i = 0;
    let mut normalized = String::with_capacity(t.len() + 2);
    match bytes.first() {
        Some(b'-') => {
            normalized.push('-');
            i = 1;
        }
        Some(b'+') => i = 1,
        _ => {}
    }
    let mut int_digits = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            normalized.push(b as char);
            int_digits += 1;
        } else if b == b',' && allow_thousands && int_digits > 0 {
            // group separators are skipped once a digit was seen
        } else {
            break;
        }
        i += 1;
    }
    let mut frac_digits = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        normalized.push('.');
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            normalized.push(bytes[i] as char);
            frac_digits += 1;
            i += 1;
        }
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if normalized.ends_with('.') {
        normalized.push('0');
    }
    if normalized.starts_with('.') || normalized.starts_with("-.") {
        normalized.insert(
            normalized.len() - normalized.trim_start_matches('-').len(),
            '0',
        );
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        let mut exponent = String::from("e");
        match bytes.get(j) {
            Some(b'-') => {
                exponent.push('-');
                j += 1;
            }
            Some(b'+') => j += 1,
            _ => {}
        }
        let start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j > start {
            // clamp absurd exponents: the value is then 0 or ±∞ anyway
            let digits = t[start..j].trim_start_matches('0');
            if digits.len() > 6 {
                exponent.push_str("999999");
            } else {
                exponent.push_str(if digits.is_empty() { "0" } else { digits });
            }
            normalized.push_str(&exponent);
            i = j;
        }
        // otherwise the `e` is not part of the number and the parse fails below
    }
    if i != bytes.len() {
        return None;
    }
    normalized.parse::<f64>().ok()
}

fn special_symbol(s: &str) -> Option<f64> {
    let t = s.trim();
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if eq(t, "Infinity") || eq(t, "+Infinity") {
        Some(f64::INFINITY)
    } else if eq(t, "-Infinity") {
        Some(f64::NEG_INFINITY)
    } else if eq(t, "NaN") || eq(t, "+NaN") || eq(t, "-NaN") {
        Some(f64::NAN)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int64_parse_follows_number_styles_integer() {
        let ok: &[(&str, i64)] = &[
            ("42", 42),
            ("  -7 ", -7),
            ("+3", 3),
            ("007", 7),
            ("-0", 0),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("12\0\0", 12),
            ("\t5\n", 5),
        ];
        for (s, v) in ok {
            assert_eq!(parse_int64(s), Some(*v), "{s:?}");
        }
        for s in [
            "",
            " ",
            "-",
            "1.0",
            "1e3",
            "0x10",
            "9223372036854775808",
            "1 2",
            "1,000",
            "\u{a0}1",
        ] {
            assert_eq!(parse_int64(s), None, "{s:?}");
        }
    }

    #[test]
    fn double_parse_follows_number_styles_float() {
        let ok: &[(&str, f64)] = &[
            ("1.5", 1.5),
            (" -2.5e3 ", -2500.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("-.5", -0.5),
            ("1E+2", 100.0),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
            ("infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
        ];
        for (s, v) in ok {
            assert_eq!(parse_double(s, false), Some(*v), "{s:?}");
        }
        assert!(parse_double("NaN", false).unwrap().is_nan());
        for s in [
            "", ".", "e5", "1e", "1e+", "1.2.3", "abc", "1,000", "0x1", "--1", "1 e5",
        ] {
            assert_eq!(parse_double(s, false), None, "{s:?}");
        }
        assert_eq!(parse_double("1,000.5", true), Some(1000.5));
        assert_eq!(parse_double(",5", true), None);
    }
}
