//! .NET `System.Decimal` as the FHIR stage meets it (fhir-mapping.md §4.1, §6):
//!
//! * [`Decimal::parse_number_style`] — `decimal.Parse(v, CultureInfo.InvariantCulture)` with
//!   `NumberStyles.Number` (Quantity values): leading/trailing white space, a leading **or**
//!   trailing sign, `.`, `,` group separators after the first digit, no exponent; more than
//!   29 significant digits are rounded (ties to even), overflow fails;
//! * [`Decimal::parse_newtonsoft`] — Newtonsoft's own `ConvertUtils.DecimalTryParse` (number
//!   tokens read as `decimal`, e.g. `defaultPeriod`): exponents allowed, no white space;
//! * [`Decimal`]'s `Display` — `decimal.ToString(InvariantCulture)`: scale kept (`22.40`),
//!   never an exponent, `-0` printed as `0`;
//! * [`Decimal::to_f64`] — `Convert.ToDouble(decimal)` (the SampledData period step).

use std::fmt;

/// Largest 96-bit mantissa.
const MAX96: u128 = (1u128 << 96) - 1;
/// `MAX96 / 10` (the last mantissa that can take one more digit).
const MAX96_DIV10: u128 = MAX96 / 10;
/// Most significant digits a decimal holds.
const PRECISION: i32 = 29;
/// Largest scale.
const MAX_SCALE: u8 = 28;

/// A .NET decimal: `mantissa / 10^scale`, with a sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The 96-bit unsigned mantissa.
    pub mantissa: u128,
    /// Digits after the decimal point (0–28), kept as parsed (`22.40` has scale 2).
    pub scale: u8,
    /// The sign bit (a negative zero exists, it prints as `0`).
    pub negative: bool,
}

/// Why Newtonsoft's decimal parser failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseFailure {
    /// Not a number in its grammar.
    Invalid,
    /// Too large for a decimal.
    Overflow,
}

impl Decimal {
    /// Zero with scale 0.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
        negative: false,
    };

    /// A decimal from an integer.
    pub fn from_i64(value: i64) -> Decimal {
        Decimal {
            mantissa: u128::from(value.unsigned_abs()),
            scale: 0,
            negative: value < 0,
        }
    }

    /// True when the value is zero (whatever its scale and sign).
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// True for values below zero (a negative zero is not).
    pub fn is_negative(&self) -> bool {
        self.negative && self.mantissa != 0
    }

    /// Numeric equality, ignoring scale (`1000 == 1000.0`), as .NET's `decimal ==`.
    pub fn numeric_eq(&self, other: &Decimal) -> bool {
        if self.mantissa == 0 && other.mantissa == 0 {
            return true;
        }
        if self.is_negative() != other.is_negative() {
            return false;
        }
        let (a, b) = (self.mantissa, other.mantissa);
        let (sa, sb) = (self.scale, other.scale);
        // Bring both to the larger scale; 10^28 * 2^96 fits in u128? No: use checked maths.
        let (hi, lo, diff) = if sa >= sb {
            (a, b, sa - sb)
        } else {
            (b, a, sb - sa)
        };
        match 10u128
            .checked_pow(u32::from(diff))
            .and_then(|p| lo.checked_mul(p))
        {
            Some(scaled) => scaled == hi,
            None => false,
        }
    }

    /// `decimal.Parse(text, CultureInfo.InvariantCulture)` (`NumberStyles.Number`); `None`
    /// where .NET throws (format or overflow).
    pub fn parse_number_style(text: &str) -> Option<Decimal> {
        let bytes: Vec<char> = text.chars().collect();
        let mut i = 0;
        let mut negative = false;
        let mut signed = false;
        // Leading white space and one sign (no white space after the sign: invariant culture's
        // negative pattern is "-n").
        while i < bytes.len() {
            let c = bytes[i];
            if is_dotnet_white(c) && !signed {
                i += 1;
            } else if !signed && (c == '+' || c == '-') {
                signed = true;
                negative = c == '-';
                i += 1;
            } else {
                break;
            }
        }
        let mut digits: Vec<u8> = Vec::new();
        let mut scale: i32 = 0;
        let mut seen_digit = false;
        let mut seen_nonzero = false;
        let mut seen_point = false;
        let mut nonzero_tail = false;
        while i < bytes.len() {
            let c = bytes[i];
            if c.is_ascii_digit() {
                seen_digit = true;
                if c != '0' || seen_nonzero {
                    if digits.len() < 30 {
                        digits.push(c as u8 - b'0');
                    } else if c != '0' {
                        nonzero_tail = true;
                    }
                    if !seen_point {
                        scale += 1;
                    }
                    seen_nonzero = true;
                } else if seen_point {
                    scale -= 1;
                }
            } else if c == '.' && !seen_point {
                seen_point = true;
            } else if c == ',' && seen_digit && !seen_point {
                // Group separator: accepted and ignored.
            } else {
                break;
            }
            i += 1;
        }
        if !seen_digit {
            return None;
        }
        while i < bytes.len() {
            let c = bytes[i];
            if is_dotnet_white(c) {
                i += 1;
            } else if !signed && (c == '+' || c == '-') {
                signed = true;
                negative = c == '-';
                i += 1;
            } else {
                break;
            }
        }
        // Trailing NUL characters are tolerated by .NET.
        if bytes[i..].iter().any(|&c| c != '\0') {
            return None;
        }
        number_to_decimal(&digits, scale, negative, nonzero_tail)
    }

    /// Newtonsoft's `ConvertUtils.DecimalTryParse` (a number token's text read as `decimal`).
    pub fn parse_newtonsoft(text: &str) -> Result<Decimal, ParseFailure> {
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            return Err(ParseFailure::Invalid);
        }
        let negative = chars[0] == '-';
        let start = usize::from(negative);
        if negative && chars.len() == 1 {
            return Err(ParseFailure::Invalid);
        }
        let end = chars.len();
        let mut decimal_start = end;
        let mut decimal_end = end;
        let mut exponent: i64 = 0;
        let mut mantissa: u128 = 0;
        let mut mantissa_digits: i64 = 0;
        let mut exponent_from_mantissa: i64 = 0;
        let mut digit29: Option<char> = None;
        let mut only_28: Option<bool> = None;
        let mut i = start;
        while i < end {
            let c = chars[i];
            match c {
                '.' => {
                    if i == start || i + 1 == end || decimal_start != end {
                        return Err(ParseFailure::Invalid);
                    }
                    decimal_start = i + 1;
                }
                'e' | 'E' => {
                    if i == start || i == decimal_start {
                        return Err(ParseFailure::Invalid);
                    }
                    i += 1;
                    if i == end {
                        return Err(ParseFailure::Invalid);
                    }
                    if decimal_start < end {
                        decimal_end = i - 1;
                    }
                    let mut exp_negative = false;
                    match chars[i] {
                        '-' => {
                            exp_negative = true;
                            i += 1;
                        }
                        '+' => i += 1,
                        _ => {}
                    }
                    while i < end {
                        let d = chars[i];
                        if !d.is_ascii_digit() {
                            return Err(ParseFailure::Invalid);
                        }
                        let next = 10 * exponent + i64::from(d as u8 - b'0');
                        if exponent < next && next <= i64::from(i32::MAX) {
                            exponent = next;
                        }
                        i += 1;
                    }
                    if exp_negative {
                        exponent = -exponent;
                    }
                    break;
                }
                _ => {
                    if !c.is_ascii_digit() {
                        return Err(ParseFailure::Invalid);
                    }
                    if i == start && c == '0' && i + 1 != end {
                        // A leading zero must be followed by '.', 'e' or 'E', and is not
                        // counted as a mantissa digit.
                        match chars[i + 1] {
                            '.' | 'e' | 'E' => {
                                i += 1;
                                continue;
                            }
                            _ => return Err(ParseFailure::Invalid),
                        }
                    }
                    if mantissa_digits == 28 && only_28.is_none() {
                        only_28 = Some(
                            mantissa > 7_922_816_251_426_433_759_354_395_033
                                || (mantissa == 7_922_816_251_426_433_759_354_395_033 && c > '5'),
                        );
                    }
                    let store = mantissa_digits < 29
                        && (mantissa_digits != 28 || !only_28.unwrap_or(false));
                    if store {
                        mantissa = mantissa * 10 + u128::from(c as u8 - b'0');
                        mantissa_digits += 1;
                    } else {
                        if digit29.is_none() {
                            digit29 = Some(c);
                        }
                        exponent_from_mantissa += 1;
                    }
                }
            }
            i += 1;
        }
        exponent += exponent_from_mantissa;
        exponent -= (decimal_end - decimal_start.min(decimal_end)) as i64;
        let value = if exponent > 0 {
            let total = mantissa_digits + exponent;
            if total > 29 {
                return Err(ParseFailure::Overflow);
            }
            let scaled = mantissa
                .checked_mul(10u128.pow(exponent as u32))
                .ok_or(ParseFailure::Overflow)?;
            if scaled > MAX96 {
                return Err(ParseFailure::Overflow);
            }
            Decimal {
                mantissa: scaled,
                scale: 0,
                negative,
            }
        } else {
            if digit29.is_some_and(|d| d >= '5') && exponent >= -28 {
                mantissa += 1;
                if mantissa > MAX96 {
                    return Err(ParseFailure::Overflow);
                }
            }
            if exponent < 0 && mantissa_digits + exponent + 28 <= 0 {
                return Ok(Decimal::ZERO);
            }
            if exponent >= -28 {
                Decimal {
                    mantissa,
                    scale: (-exponent) as u8,
                    negative,
                }
            } else {
                // value / 1e28 * 10^-(e+28): round the mantissa to scale 28.
                let drop = (-exponent - 28) as u32;
                let divisor = 10u128.checked_pow(drop).unwrap_or(u128::MAX);
                Decimal {
                    mantissa: round_half_even_div(mantissa, divisor),
                    scale: MAX_SCALE,
                    negative,
                }
            }
        };
        Ok(value)
    }

    /// `Convert.ToDouble(decimal)` (.NET `VarR8FromDec`).
    pub fn to_f64(&self) -> f64 {
        const TWO_64: f64 = 1.844_674_407_370_955_2e19;
        let low = (self.mantissa & u128::from(u64::MAX)) as u64;
        let high = (self.mantissa >> 64) as u64;
        let value = (low as f64 + high as f64 * TWO_64) / POWERS_OF_TEN[usize::from(self.scale)];
        if self.negative {
            -value
        } else {
            value
        }
    }
}

const POWERS_OF_TEN: [f64; 29] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28,
];

/// `a / b` rounded half to even.
fn round_half_even_div(a: u128, b: u128) -> u128 {
    if b == 0 {
        return a;
    }
    let q = a / b;
    let r = a % b;
    let twice = r.saturating_mul(2);
    if twice > b || (twice == b && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// .NET's `IsWhite` for number parsing: U+0020 and U+0009–U+000D.
fn is_dotnet_white(c: char) -> bool {
    c == ' ' || ('\u{9}'..='\u{d}').contains(&c)
}

/// .NET `Number.NumberToDecimal`: `digits` are the significant digits (first non-zero on,
/// at most 30), `scale` the position of the decimal point relative to the first digit.
fn number_to_decimal(
    digits: &[u8],
    scale: i32,
    negative: bool,
    nonzero_tail: bool,
) -> Option<Decimal> {
    if digits.is_empty() {
        return Some(Decimal {
            mantissa: 0,
            scale: (-scale).clamp(0, i32::from(MAX_SCALE)) as u8,
            negative,
        });
    }
    let mut e = scale;
    if e > PRECISION {
        return None;
    }
    let mut m: u128 = 0;
    let mut p = 0;
    let digit_at = |p: usize| digits.get(p).copied();
    while (e > 0 || (p < digits.len() && e > -28))
        && (m < MAX96_DIV10 || (m == MAX96_DIV10 && digit_at(p).unwrap_or(0) <= 5))
    {
        m = m * 10 + u128::from(digit_at(p).unwrap_or(0));
        if p < digits.len() {
            p += 1;
        }
        e -= 1;
    }
    if let Some(next) = digit_at(p) {
        if next >= 5 {
            let mut round = true;
            if next == 5 && m % 2 == 0 {
                let zero_tail = !nonzero_tail && digits[p + 1..].iter().all(|&d| d == 0);
                if zero_tail {
                    round = false;
                }
            }
            if round {
                m += 1;
                if m > MAX96 {
                    m = MAX96_DIV10 + 1;
                    e += 1;
                }
            }
        }
    }
    if e > 0 {
        return None;
    }
    if e <= -PRECISION {
        return Some(Decimal {
            mantissa: 0,
            scale: MAX_SCALE,
            negative,
        });
    }
    Some(Decimal {
        mantissa: m,
        scale: (-e) as u8,
        negative,
    })
}

impl fmt::Display for Decimal {
    /// `decimal.ToString(CultureInfo.InvariantCulture)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = usize::from(self.scale);
        let mut out = String::with_capacity(digits.len() + 3);
        if self.negative && self.mantissa != 0 {
            out.push('-');
        }
        if self.mantissa == 0 {
            out.push('0');
            if scale > 0 {
                out.push('.');
                out.extend(std::iter::repeat_n('0', scale));
            }
        } else if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            out.push_str(int);
            if !frac.is_empty() {
                out.push('.');
                out.push_str(frac);
            }
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(&digits);
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests;
