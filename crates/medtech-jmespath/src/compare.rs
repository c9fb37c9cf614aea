//! Truthiness, `==` and ordering as JmesPath.Net evaluates them over Newtonsoft tokens
//! (device-mapping.md §7.2).
//!
//! * `==` is `JToken.DeepEquals`: token kinds must match (`Integer` ≠ `Float`, date ≠ string);
//!   doubles compare with Newtonsoft's relative tolerance (and NaN equals NaN); dates compare by
//!   ticks only; objects ignore member order.
//! * `<`, `<=`, `>`, `>=` compare two numbers as doubles, or two "strings" (string, date — read
//!   as `MM/dd/yyyy HH:mm:ss` — or `null`) ordinally, `null` sorting first; anything else gives
//!   `null`.
//! * Falsy: `null`, `false`, `""`, `[]`, `{}` and an empty projection.

use crate::ast::Cmp;
use crate::collate::ordinal_compare;
use crate::error::{Eval, RuntimeError};
use crate::eval::Arg;
use crate::text::{token_double, token_string};
use crate::var::{view, Var, View};
use medtech_json::Document;
use std::cmp::Ordering;

/// Deepest nesting compared (guards hostile synthetic documents).
const MAX_DEPTH: usize = crate::var::MAX_DATA_DEPTH;

/// `JTokens.IsFalse(argument.AsJToken())`.
pub(crate) fn is_false(doc: &Document, arg: &Arg) -> bool {
    match arg {
        Arg::Proj(items) => items.is_empty(),
        Arg::LooseNull => true,
        Arg::Tok(v) => is_false_view(view(doc, v)),
    }
}

pub(crate) fn is_false_view(v: View<'_>) -> bool {
    match v {
        View::Null => true,
        View::Bool(b) => !b,
        View::String(s) => s.is_empty(),
        View::Array(items) => items.len() == 0,
        View::Object(fields) => fields.len() == 0,
        _ => false,
    }
}

/// Newtonsoft's `MathUtils.ApproxEquals`.
fn approx_equals(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    let tolerance = (a.abs() + b.abs() + 10.0) * 2.220_446_049_250_313e-16;
    let difference = a - b;
    -tolerance < difference && tolerance > difference
}

/// `JValue.CompareFloat`: approximately equal, else `double.CompareTo` (NaN lowest, NaN = NaN).
pub(crate) fn compare_float(a: f64, b: f64) -> Ordering {
    if approx_equals(a, b) {
        return Ordering::Equal;
    }
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

/// Compares two big-integer texts (or a big integer with a 64-bit one).
fn compare_big(a: &str, b: &str) -> Ordering {
    let parse = |s: &str| -> (bool, String) {
        let s = s.trim();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let digits = digits.trim_start_matches('0');
        (neg && !digits.is_empty(), digits.to_string())
    };
    let (na, da) = parse(a);
    let (nb, db) = parse(b);
    let magnitude = da.len().cmp(&db.len()).then_with(|| da.cmp(&db));
    match (na, nb) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}

/// `JToken.DeepEquals`.
pub(crate) fn deep_equals(doc: &Document, a: &Var, b: &Var, depth: usize) -> Eval<bool> {
    if depth > MAX_DEPTH {
        return Err(RuntimeError::new(
            "The value is nested too deeply to be compared.",
        ));
    }
    if let (Var::Node(x), Var::Node(y)) = (a, b) {
        if x == y {
            return Ok(true);
        }
    }
    Ok(match (view(doc, a), view(doc, b)) {
        (View::Null, View::Null) | (View::Undefined, View::Undefined) => true,
        (View::Bool(x), View::Bool(y)) => x == y,
        (View::Integer(x), View::Integer(y)) => x == y,
        (View::BigInteger(x), View::BigInteger(y)) => compare_big(x, y) == Ordering::Equal,
        (View::BigInteger(x), View::Integer(y)) | (View::Integer(y), View::BigInteger(x)) => {
            compare_big(x, &y.to_string()) == Ordering::Equal
        }
        (View::Float(x), View::Float(y)) => compare_float(x, y) == Ordering::Equal,
        (View::String(x), View::String(y)) => x == y,
        (View::Date(x), View::Date(y)) => x.ticks == y.ticks,
        (View::Array(x), View::Array(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !deep_equals(doc, &p, &q, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (View::Object(x), View::Object(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (name, p) in x.iter() {
                match y.get(name) {
                    Some(q) if deep_equals(doc, &p, &q, depth + 1)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        _ => false,
    })
}

/// `JmesPathOrderingComparison.Compare`; `None` when the operands are not comparable.
pub(crate) fn ordering(doc: &Document, op: Cmp, a: &Var, b: &Var) -> Eval<Option<bool>> {
    let (va, vb) = (view(doc, a), view(doc, b));
    let number = |v: View<'_>| matches!(v, View::Integer(_) | View::BigInteger(_) | View::Float(_));
    let stringy = |v: View<'_>| matches!(v, View::String(_) | View::Date(_) | View::Null);
    if number(va) && number(vb) {
        let (x, y) = (token_double(va)?, token_double(vb)?);
        return Ok(Some(match op {
            Cmp::Lt => x < y,
            Cmp::Le => x <= y,
            Cmp::Gt => x > y,
            Cmp::Ge => x >= y,
            Cmp::Eq | Cmp::Ne => false,
        }));
    }
    if stringy(va) && stringy(vb) {
        let (x, y) = (token_string(va)?, token_string(vb)?);
        let order = || match (&x, &y) {
            (Some(x), Some(y)) => ordinal_compare(x, y),
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => Ordering::Equal,
        };
        return Ok(Some(match (op, &x) {
            (Cmp::Gt, None) => false,
            (Cmp::Ge, None) => y.is_none(),
            (Cmp::Lt, None) => y.is_some(),
            (Cmp::Le, None) => true,
            (Cmp::Gt, Some(_)) => order() == Ordering::Greater,
            (Cmp::Ge, Some(_)) => order() != Ordering::Less,
            (Cmp::Lt, Some(_)) => order() == Ordering::Less,
            (Cmp::Le, Some(_)) => order() != Ordering::Greater,
            (Cmp::Eq | Cmp::Ne, _) => false,
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_tolerance_and_nan() {
        assert!(approx_equals(0.1 + 0.2, 0.3));
        assert!(!approx_equals(1.0, 1.000001));
        assert_eq!(compare_float(f64::NAN, f64::NAN), Ordering::Equal);
        assert_eq!(compare_float(f64::NAN, 1.0), Ordering::Less);
    }

    #[test]
    fn big_integers_compare_by_value() {
        assert_eq!(compare_big("100", "99"), Ordering::Greater);
        assert_eq!(compare_big("-100", "99"), Ordering::Less);
        assert_eq!(compare_big("-100", "-99"), Ordering::Less);
        assert_eq!(compare_big("-0", "0"), Ordering::Equal);
    }
}
