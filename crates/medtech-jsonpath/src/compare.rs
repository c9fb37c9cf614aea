//! Comparison semantics of filter operators (device-mapping.md §6.3), after Newtonsoft's
//! `BooleanQueryExpression.MatchTokens` and `JValue.Compare`:
//! * only two primitive values are compared; if either side is an object, array or property,
//!   `!=` is true and every other operator false;
//! * `==`: same type and equal (floats within `ApproxEquals`), integer vs float numerically,
//!   a date on the left equals a string on the right holding its ISO text; otherwise false;
//! * `===`: no date/string coercion; `!=`/`!==` negate them;
//! * `<`, `<=`, `>`, `>=`: compared in the left operand's type, or the right one's when the
//!   left is a string of another type than the right; the other side is converted with .NET's
//!   `Convert` rules, which throw (`"abc" > 60`: `FormatException`). A null on either side
//!   orders below any value;
//! * `=~`: both sides strings, the right one a `/pattern/flags` text.

use crate::ast::{Literal, Op};
use crate::dates;
use crate::dotnet::{self, BigInt, IntParse};
use crate::error::{EvalError, EvalErrorKind};
use crate::regex::{self, CachedRegex};
use crate::token::Token;
use medtech_json::{DateTime, Document, Value};
use std::cmp::Ordering;

/// An operand value: a token of the document or a literal of the expression.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Item<'a> {
    Tok(Token),
    Lit(&'a Literal),
}

/// A primitive value with its .NET representation (`JValue.Value`).
#[derive(Clone, Copy, Debug)]
enum Prim<'a> {
    Null,
    Undefined,
    Bool(bool),
    Long(i64),
    Big(&'a str),
    Double(f64),
    Str(&'a str),
    Date(DateTime),
}

/// `JTokenType` of a primitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Null,
    Undefined,
    Boolean,
    Integer,
    Float,
    String,
    Date,
}

impl Prim<'_> {
    fn ty(&self) -> Ty {
        match self {
            Prim::Null => Ty::Null,
            Prim::Undefined => Ty::Undefined,
            Prim::Bool(_) => Ty::Boolean,
            Prim::Long(_) | Prim::Big(_) => Ty::Integer,
            Prim::Double(_) => Ty::Float,
            Prim::Str(_) => Ty::String,
            Prim::Date(_) => Ty::Date,
        }
    }

    /// True when `JValue.Value` is a null reference.
    fn is_null(&self) -> bool {
        matches!(self, Prim::Null | Prim::Undefined)
    }

    /// The CLR type name used in `InvalidCastException` messages.
    fn clr_name(&self) -> &'static str {
        match self {
            Prim::Bool(_) => "Boolean",
            Prim::Long(_) => "Int64",
            Prim::Big(_) => "BigInteger",
            Prim::Double(_) => "Double",
            Prim::Str(_) => "String",
            Prim::Date(_) => "DateTime",
            Prim::Null | Prim::Undefined => "Object",
        }
    }
}

fn prim<'a>(doc: &'a Document, item: Item<'a>) -> Option<Prim<'a>> {
    match item {
        Item::Tok(Token::Node(id)) => Some(match doc.value(id) {
            Value::Null => Prim::Null,
            Value::Undefined => Prim::Undefined,
            Value::Bool(b) => Prim::Bool(*b),
            Value::Integer(i) => Prim::Long(*i),
            Value::BigInteger(text) => Prim::Big(text),
            Value::Float(f) => Prim::Double(*f),
            Value::String(s) => Prim::Str(s),
            Value::Date(d) => Prim::Date(*d),
            Value::Array(_) | Value::Object(_) => return None,
        }),
        Item::Tok(Token::Property { .. }) => None,
        Item::Lit(lit) => Some(match lit {
            Literal::Null => Prim::Null,
            Literal::Bool(b) => Prim::Bool(*b),
            Literal::Integer(i) => Prim::Long(*i),
            Literal::Float(f) => Prim::Double(*f),
            Literal::String { text, .. } => Prim::Str(text),
        }),
    }
}

/// `BooleanQueryExpression.MatchTokens` for one (left, right) pair.
pub(crate) fn match_tokens(
    doc: &Document,
    op: Op,
    left: Item<'_>,
    right: Item<'_>,
) -> Result<bool, EvalError> {
    let (Some(l), Some(r)) = (prim(doc, left), prim(doc, right)) else {
        return Ok(matches!(op, Op::Exists | Op::NotEquals));
    };
    Ok(match op {
        Op::Exists => true,
        Op::Equals => equals_with_coercion(&l, &r)?,
        Op::NotEquals => !equals_with_coercion(&l, &r)?,
        Op::StrictEquals => strict_equals(&l, &r)?,
        Op::StrictNotEquals => !strict_equals(&l, &r)?,
        Op::LessThan => compare_to(&l, &r)? == Ordering::Less,
        Op::LessThanOrEquals => compare_to(&l, &r)? != Ordering::Greater,
        Op::GreaterThan => compare_to(&l, &r)? == Ordering::Greater,
        Op::GreaterThanOrEquals => compare_to(&l, &r)? != Ordering::Less,
        Op::RegexEquals => match (l, r) {
            (Prim::Str(input), Prim::Str(pattern)) => {
                let cache: Option<&CachedRegex> = match right {
                    Item::Lit(Literal::String { regex, .. }) => Some(regex),
                    _ => None,
                };
                regex::is_match(input, pattern, cache)?
            }
            _ => false,
        },
    })
}

/// `JValue.Equals`: same type and `Compare(type) == 0`.
fn values_equal(l: &Prim, r: &Prim) -> Result<bool, EvalError> {
    Ok(l.ty() == r.ty() && compare(l.ty(), l, r)? == Ordering::Equal)
}

fn is_int_float_mix(l: &Prim, r: &Prim) -> bool {
    matches!(
        (l.ty(), r.ty()),
        (Ty::Integer, Ty::Float) | (Ty::Float, Ty::Integer)
    )
}

/// `EqualsWithStringCoercion`.
fn equals_with_coercion(l: &Prim, r: &Prim) -> Result<bool, EvalError> {
    if values_equal(l, r)? {
        return Ok(true);
    }
    if is_int_float_mix(l, r) {
        return Ok(compare(l.ty(), l, r)? == Ordering::Equal);
    }
    let Prim::Str(query) = r else {
        return Ok(false);
    };
    Ok(match l {
        Prim::Date(d) => dates::iso_text(d) == *query,
        _ => false,
    })
}

/// `EqualsWithStrictMatch`.
fn strict_equals(l: &Prim, r: &Prim) -> Result<bool, EvalError> {
    if is_int_float_mix(l, r) {
        return Ok(compare(l.ty(), l, r)? == Ordering::Equal);
    }
    if l.ty() != r.ty() {
        return Ok(false);
    }
    values_equal(l, r)
}

/// `JValue.CompareTo(JValue)`: a string left operand takes the right operand's type.
fn compare_to(l: &Prim, r: &Prim) -> Result<Ordering, EvalError> {
    let ty = if l.ty() == Ty::String && r.ty() != Ty::String {
        r.ty()
    } else {
        l.ty()
    };
    compare(ty, l, r)
}

/// `JValue.Compare(valueType, objA, objB)`.
fn compare(ty: Ty, a: &Prim, b: &Prim) -> Result<Ordering, EvalError> {
    match (a.is_null(), b.is_null()) {
        (true, true) => return Ok(Ordering::Equal),
        (false, true) => return Ok(Ordering::Greater),
        (true, false) => return Ok(Ordering::Less),
        (false, false) => {}
    }
    match ty {
        Ty::Integer | Ty::Float => {
            if let Prim::Big(x) = a {
                return compare_big(x, b);
            }
            if let Prim::Big(y) = b {
                return compare_big(y, a).map(Ordering::reverse);
            }
            let any_double = matches!(a, Prim::Double(_)) || matches!(b, Prim::Double(_));
            if ty == Ty::Float || any_double {
                let (d1, d2) = (to_double(a)?, to_double(b)?);
                if dotnet::approx_equals(d1, d2) {
                    return Ok(Ordering::Equal);
                }
                return Ok(dotnet::compare_doubles(d1, d2));
            }
            Ok(to_long(a)?.cmp(&to_long(b)?))
        }
        Ty::String => Ok(dotnet::compare_ordinal(&to_text(a), &to_text(b))),
        Ty::Boolean => Ok(to_bool(a)?.cmp(&to_bool(b)?)),
        Ty::Date => match a {
            Prim::Date(d) => Ok(d.ticks.cmp(&to_date_ticks(b)?)),
            other => Err(EvalError::new(
                EvalErrorKind::InvalidCast,
                format!(
                    "Unable to cast object of type 'System.{}' to type 'System.DateTimeOffset'.",
                    other.clr_name()
                ),
            )),
        },
        Ty::Null | Ty::Undefined => Ok(Ordering::Equal),
    }
}

fn not_convertible(p: &Prim) -> EvalError {
    EvalError::new(
        EvalErrorKind::InvalidCast,
        format!(
            "Unable to cast object of type 'System.Numerics.{}' to type 'System.IConvertible'.",
            p.clr_name()
        ),
    )
}

/// `Convert.ToInt64(object, Invariant)`.
fn to_long(p: &Prim) -> Result<i64, EvalError> {
    match p {
        Prim::Long(v) => Ok(*v),
        Prim::Bool(b) => Ok(i64::from(*b)),
        Prim::Double(d) => Ok(d.round_ties_even() as i64),
        Prim::Str(s) => match dotnet::parse_integer(s, i64::MIN, i64::MAX) {
            IntParse::Ok(v) => Ok(v),
            IntParse::Format => Err(EvalError::format_string(s)),
            IntParse::Overflow => Err(EvalError::new(
                EvalErrorKind::Overflow,
                "Value was either too large or too small for an Int64.",
            )),
        },
        Prim::Date(_) => Err(EvalError::invalid_cast("DateTime", "Int64")),
        Prim::Big(_) => Err(not_convertible(p)),
        Prim::Null | Prim::Undefined => Ok(0),
    }
}

/// `Convert.ToDouble(object, Invariant)`.
fn to_double(p: &Prim) -> Result<f64, EvalError> {
    match p {
        Prim::Long(v) => Ok(*v as f64),
        Prim::Double(d) => Ok(*d),
        Prim::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Prim::Str(s) => dotnet::parse_double(s).ok_or_else(|| EvalError::format_string(s)),
        Prim::Date(_) => Err(EvalError::invalid_cast("DateTime", "Double")),
        Prim::Big(_) => Err(not_convertible(p)),
        Prim::Null | Prim::Undefined => Ok(0.0),
    }
}

/// `Convert.ToBoolean(object, Invariant)`.
fn to_bool(p: &Prim) -> Result<bool, EvalError> {
    match p {
        Prim::Bool(b) => Ok(*b),
        Prim::Long(v) => Ok(*v != 0),
        Prim::Double(d) => Ok(*d != 0.0),
        Prim::Str(s) => dotnet::parse_bool(s).ok_or_else(|| {
            EvalError::new(
                EvalErrorKind::Format,
                format!("String '{s}' was not recognized as a valid Boolean."),
            )
        }),
        Prim::Date(_) => Err(EvalError::invalid_cast("DateTime", "Boolean")),
        Prim::Big(_) => Err(not_convertible(p)),
        Prim::Null | Prim::Undefined => Ok(false),
    }
}

/// `Convert.ToDateTime(object, Invariant)`, as ticks.
fn to_date_ticks(p: &Prim) -> Result<i64, EvalError> {
    match p {
        Prim::Date(d) => Ok(d.ticks),
        Prim::Str(s) => dates::parse_ticks(s).ok_or_else(|| {
            EvalError::new(
                EvalErrorKind::Format,
                format!("String '{s}' was not recognized as a valid DateTime."),
            )
        }),
        Prim::Big(_) => Err(not_convertible(p)),
        other => Err(EvalError::invalid_cast(other.clr_name(), "DateTime")),
    }
}

/// `Convert.ToString(object, Invariant)` for the string comparison.
fn to_text<'a>(p: &Prim<'a>) -> std::borrow::Cow<'a, str> {
    match p {
        Prim::Str(s) => std::borrow::Cow::Borrowed(s),
        Prim::Big(s) => std::borrow::Cow::Borrowed(s),
        Prim::Long(v) => v.to_string().into(),
        Prim::Double(d) => d.to_string().into(),
        Prim::Bool(b) => if *b { "True" } else { "False" }.into(),
        Prim::Date(d) => dates::iso_text(d).into(),
        Prim::Null | Prim::Undefined => "".into(),
    }
}

/// `JValue.CompareBigInteger(BigInteger, object)`.
fn compare_big(x: &str, other: &Prim) -> Result<Ordering, EvalError> {
    let parse_failed = || EvalError::new(EvalErrorKind::Format, "The value could not be parsed.");
    let left = BigInt::parse(x).ok_or_else(parse_failed)?;
    let right = match other {
        Prim::Big(y) | Prim::Str(y) => BigInt::parse(y).ok_or_else(parse_failed)?,
        Prim::Long(v) => BigInt::from_i64(*v),
        Prim::Double(d) => BigInt::from_f64_trunc(*d).ok_or_else(|| {
            EvalError::new(
                EvalErrorKind::Overflow,
                if d.is_nan() {
                    "The value is not a number."
                } else {
                    "BigInteger cannot represent infinity."
                },
            )
        })?,
        other => {
            return Err(EvalError::new(
                EvalErrorKind::InvalidCast,
                format!("Cannot convert System.{} to BigInteger.", other.clr_name()),
            ))
        }
    };
    let result = left.cmp_to(&right);
    if let (Ordering::Equal, Prim::Double(d)) = (result, other) {
        let fraction = (d - d.trunc()).abs();
        return Ok(if fraction > 0.0 {
            Ordering::Less
        } else {
            Ordering::Equal
        });
    }
    Ok(result)
}
