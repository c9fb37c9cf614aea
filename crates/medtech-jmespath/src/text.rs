//! Token → .NET text, as JmesPath.Net obtains it with Newtonsoft's `Value<string>()` and .NET's
//! invariant formatting (device-mapping.md §5.4, §7.2): a date token reads as
//! `MM/dd/yyyy HH:mm:ss`, a double in .NET Core's shortest round-trip form, a boolean as
//! `True`/`False`.
//!
//! Number and date printing come from `medtech_json` (shared with the rest of the workspace).

use crate::error::{cannot_cast_container, dotnet, Eval, RuntimeError};
use crate::var::{Var, View};
use medtech_json::{DateTime, Document};

/// .NET Core 3.0+ `double.ToString(CultureInfo.InvariantCulture)` (shortest round-trip digits).
pub(crate) fn dotnet_double(value: f64) -> String {
    medtech_json::format_double(value)
}

/// `DateTime.ToString(CultureInfo.InvariantCulture)`: `MM/dd/yyyy HH:mm:ss`.
pub(crate) fn date_invariant(date: DateTime) -> String {
    date.to_invariant_string()
}

/// Newtonsoft's ISO date text (`IsoDateFormat`, `RoundtripKind`), without quotes.
pub(crate) fn date_iso(date: DateTime) -> String {
    date.to_newtonsoft_iso()
}

/// Newtonsoft `JToken.Value<string>()`: `None` for `null`, an error for containers and big
/// integers (not `IConvertible`).
pub(crate) fn token_string(view: View<'_>) -> Eval<Option<String>> {
    Ok(Some(match view {
        View::Null | View::Undefined => return Ok(None),
        View::String(s) => s.to_string(),
        View::Date(d) => date_invariant(d),
        View::Integer(i) => i.to_string(),
        View::BigInteger(_) => return Err(RuntimeError::new(dotnet::NOT_CONVERTIBLE)),
        View::Float(f) => dotnet_double(f),
        View::Bool(b) => if b { "True" } else { "False" }.to_string(),
        View::Array(_) => return Err(cannot_cast_container(true)),
        View::Object(_) => return Err(cannot_cast_container(false)),
    }))
}

/// Newtonsoft `JToken.Value<double>()` of a number token.
pub(crate) fn token_double(view: View<'_>) -> Eval<f64> {
    match view {
        View::Integer(i) => Ok(i as f64),
        View::Float(f) => Ok(f),
        View::Bool(b) => Ok(if b { 1.0 } else { 0.0 }),
        View::Null | View::Undefined => Err(RuntimeError::new(dotnet::NULL_TO_VALUE_TYPE)),
        View::Date(_) => Err(RuntimeError::new(
            "Invalid cast from 'DateTime' to 'Double'.",
        )),
        View::String(s) => crate::numparse::parse_double(s, true).ok_or_else(|| {
            RuntimeError::new(format!(
                "The input string '{s}' was not in a correct format."
            ))
        }),
        View::BigInteger(_) => Err(RuntimeError::new(dotnet::NOT_CONVERTIBLE)),
        View::Array(_) => Err(cannot_cast_container(true)),
        View::Object(_) => Err(cannot_cast_container(false)),
    }
}

/// Newtonsoft `JToken.Value<long>()` of an `Integer` token.
pub(crate) fn token_long(view: View<'_>) -> Eval<i64> {
    match view {
        View::Integer(i) => Ok(i),
        View::Float(f) => round_to_i64(f),
        other => token_double(other).and_then(round_to_i64),
    }
}

/// Newtonsoft `JToken.Value<int>()` (`Convert.ToInt32`: range-checked, doubles rounded half to
/// even).
pub(crate) fn token_int(view: View<'_>) -> Eval<i32> {
    let overflow = || RuntimeError::new(dotnet::INT32_OVERFLOW);
    match view {
        View::Integer(i) => i32::try_from(i).map_err(|_| overflow()),
        other => {
            let f = token_double(other)?;
            let r = f.round_ties_even();
            if f.is_nan() || r < i32::MIN as f64 || r > i32::MAX as f64 {
                Err(overflow())
            } else {
                Ok(r as i32)
            }
        }
    }
}

/// 2^63 as a double.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// `Convert.ToInt64(double)`: `checked((long)Math.Round(value))` (half to even).
pub(crate) fn round_to_i64(value: f64) -> Eval<i64> {
    let r = value.round_ties_even();
    // -2^63 is representable; 2^63 is not.
    if value.is_nan() || !(-TWO_POW_63..TWO_POW_63).contains(&r) {
        Err(RuntimeError::new(dotnet::ARITHMETIC_OVERFLOW))
    } else {
        Ok(r as i64)
    }
}

/// Compact JSON text of a literal (literals never reference document nodes).
pub(crate) fn literal_json(value: &Var) -> String {
    let doc = Document::new();
    let mut out = String::new();
    // a literal is at most as deep as its (bounded) text
    let _ = crate::json_out::write_json(&doc, value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_json::DateKind;

    fn date(ticks: i64, kind: DateKind) -> DateTime {
        DateTime { ticks, kind }
    }

    #[test]
    fn dates_print_invariant_and_iso() {
        // 2019-02-01T22:46:01.875Z
        let d = date(636_846_579_618_750_000, DateKind::Utc);
        assert_eq!(date_invariant(d), "02/01/2019 22:46:01");
        assert_eq!(date_iso(d), "2019-02-01T22:46:01.875Z");
        let epoch = date(621_355_968_000_000_000, DateKind::Unspecified);
        assert_eq!(date_iso(epoch), "1970-01-01T00:00:00");
        let local = date(
            621_355_968_000_000_001,
            DateKind::Local {
                original_offset_minutes: 60,
            },
        );
        assert_eq!(date_iso(local), "1970-01-01T00:00:00.0000001+00:00");
        assert_eq!(
            date_invariant(date(0, DateKind::Utc)),
            "01/01/0001 00:00:00"
        );
        assert_eq!(
            date_invariant(date(3_155_378_975_999_999_999, DateKind::Utc)),
            "12/31/9999 23:59:59"
        );
        // 2000-02-29 (leap day)
        assert_eq!(
            date_invariant(date(630_873_792_000_000_000, DateKind::Utc)),
            "02/29/2000 00:00:00"
        );
    }

    #[test]
    fn value_string_conversions() {
        assert_eq!(token_string(View::Bool(true)).unwrap().unwrap(), "True");
        assert_eq!(token_string(View::Integer(-5)).unwrap().unwrap(), "-5");
        assert_eq!(token_string(View::Null).unwrap(), None);
        assert!(token_string(View::BigInteger("1")).is_err());
    }

    #[test]
    fn integer_conversions_check_ranges() {
        assert_eq!(token_int(View::Integer(7)).unwrap(), 7);
        assert_eq!(
            token_int(View::Integer(1 << 40)).unwrap_err().message,
            dotnet::INT32_OVERFLOW
        );
        assert_eq!(token_int(View::Float(2.5)).unwrap(), 2);
        assert_eq!(token_int(View::Float(3.5)).unwrap(), 4);
        assert_eq!(round_to_i64(-TWO_POW_63).unwrap(), i64::MIN);
        assert!(round_to_i64(TWO_POW_63).is_err());
        assert!(round_to_i64(f64::NAN).is_err());
        assert_eq!(round_to_i64(0.5).unwrap(), 0);
        assert_eq!(round_to_i64(1.5).unwrap(), 2);
    }
}
