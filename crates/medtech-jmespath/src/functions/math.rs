//! Numeric built-ins as JmesPath.Net implements them (device-mapping.md §7.2):
//! `abs` (Integer via 32-bit `int`!), `avg` (Float), `ceil`/`floor` (Integer, via
//! `Convert.ToInt64`), `sum` (Integer when the double sum is integral, else Float), `max`/`min`
//! (Integer when every item is an Integer token, Float otherwise, culture order for strings),
//! `max_by`/`min_by` (LINQ `Aggregate`; ties keep the later item).

use super::{jmes_type, value, Args};
use crate::collate::culture_compare;
use crate::error::{dotnet, Eval, RuntimeError};
use crate::eval::Arg;
use crate::numparse::parse_double;
use crate::text::{round_to_i64, token_double, token_int, token_long, token_string};
use crate::var::{view, Var, View};
use std::cmp::Ordering;
use std::rc::Rc;

#[inline(never)]
pub(super) fn abs(args: &Args<'_, '_>) -> Eval<Arg> {
    args.ensure_numbers(1)?;
    let v = args.view(0)?;
    match v {
        View::Integer(_) | View::BigInteger(_) => {
            let i = token_int(v)?;
            let a = i
                .checked_abs()
                .ok_or_else(|| RuntimeError::new(dotnet::NEGATE_MIN))?;
            value(Var::Integer(i64::from(a)))
        }
        other => value(Var::Float(token_double(other)?.abs())),
    }
}

#[inline(never)]
pub(super) fn avg(args: &Args<'_, '_>) -> Eval<Arg> {
    let View::Array(items) = args.ensure_array_of(0, "number")? else {
        return value(Var::Null);
    };
    if items.len() == 0 {
        return value(Var::Null);
    }
    let mut sum = 0.0;
    for item in items.iter() {
        sum += token_double(view(args.ctx.doc, &item))?;
    }
    value(Var::Float(sum / items.len() as f64))
}

#[inline(never)]
pub(super) fn ceil_floor(args: &Args<'_, '_>, round: fn(f64) -> f64) -> Eval<Arg> {
    args.ensure_numbers(args.vals.len())?;
    let d = token_double(args.view(0)?)?;
    value(Var::Integer(round_to_i64(round(d))?))
}

#[inline(never)]
pub(super) fn sum(args: &Args<'_, '_>) -> Eval<Arg> {
    let View::Array(items) = args.ensure_array_of(0, "number")? else {
        return value(Var::Null);
    };
    if items.len() == 0 {
        return value(Var::Integer(0));
    }
    let mut sum = 0.0;
    for item in items.iter() {
        sum += token_double(view(args.ctx.doc, &item))?;
    }
    // `IsInteger`: |sum % 1| <= double.Epsilon * 100
    if (sum % 1.0).abs() <= f64::from_bits(1) * 100.0 {
        value(Var::Integer(round_to_i64(sum)?))
    } else {
        value(Var::Float(sum))
    }
}

#[inline(never)]
pub(super) fn min_max(args: &Args<'_, '_>, max: bool) -> Eval<Arg> {
    let View::Array(items) = args.ensure_array_of_same(0, &["number", "string"])? else {
        return value(Var::Null);
    };
    let doc = args.ctx.doc;
    let Some(first) = items.get(0) else {
        return value(Var::Null);
    };
    match jmes_type(view(doc, &first))? {
        "number" => {
            let all_integer = items
                .iter()
                .all(|v| matches!(view(doc, &v), View::Integer(_) | View::BigInteger(_)));
            if all_integer {
                let mut best: Option<i64> = None;
                for item in items.iter() {
                    let x = token_long(view(doc, &item))?;
                    best = Some(match best {
                        Some(b) if (max && x > b) || (!max && x < b) => x,
                        Some(b) => b,
                        None => x,
                    });
                }
                value(best.map(Var::Integer).unwrap_or(Var::Null))
            } else {
                let mut values = Vec::with_capacity(items.len());
                for item in items.iter() {
                    values.push(token_double(view(doc, &item))?);
                }
                value(Var::Float(linq_min_max(&values, max)))
            }
        }
        _ => {
            let mut best: Option<String> = None;
            for item in items.iter() {
                if let Some(x) = token_string(view(doc, &item))? {
                    let better = match &best {
                        None => true,
                        Some(b) => {
                            let o = culture_compare(&x, b);
                            if max {
                                o == Ordering::Greater
                            } else {
                                o == Ordering::Less
                            }
                        }
                    };
                    if better {
                        best = Some(x);
                    }
                }
            }
            value(best.map(|s| Var::String(Rc::from(s))).unwrap_or(Var::Null))
        }
    }
}

/// LINQ `Max`/`Min` over doubles: `Max` skips NaN unless all are NaN; `Min` returns NaN as soon
/// as one is NaN.
fn linq_min_max(values: &[f64], max: bool) -> f64 {
    let mut iter = values.iter().copied();
    let Some(mut best) = iter.next() else {
        return f64::NAN;
    };
    if max {
        for x in iter {
            if best.is_nan() || x > best {
                best = x;
            }
        }
    } else {
        if best.is_nan() {
            return best;
        }
        for x in iter {
            if x < best {
                best = x;
            } else if x.is_nan() {
                return x;
            }
        }
    }
    best
}

/// `ByFunction.Validate`.
#[inline(never)]
pub(super) fn validate_by(args: &Args<'_, '_>) -> Eval<()> {
    if !matches!(args.view(0)?, View::Array(_)) {
        return Err(args.err(&format!(
            "function {} expects its first argument to be an array.",
            args.name
        )));
    }
    if args.expr(1).is_none() {
        return Err(args.err(&format!(
            "function {} expects its second argument to be an expression type.",
            args.name
        )));
    }
    Ok(())
}

/// `ByFunction.Evaluate` followed by `Value<double>()`.
fn by_key(args: &Args<'_, '_>, item: &Arg) -> Eval<f64> {
    let doc = args.ctx.doc;
    let Some(expr) = args.expr(1) else {
        return Err(RuntimeError::new(dotnet::NULL_REFERENCE));
    };
    let key = args.ctx.transform(expr, item)?.into_var();
    let v = view(doc, &key);
    match jmes_type(v)? {
        "number" => token_double(v),
        "string" => {
            let text = token_string(v)?.unwrap_or_default();
            parse_double(&text, true).ok_or_else(|| {
                // the reference's message lacks the `$` of string interpolation
                args.err("when evaluating the expression argument of function {Name}, some items could not be cast to a number.")
            })
        }
        _ => Err(args.err(&format!(
            "the expression argument of function {} should return a number or a string.",
            args.name
        ))),
    }
}

#[inline(never)]
pub(super) fn min_max_by(args: &Args<'_, '_>, max: bool) -> Eval<Arg> {
    validate_by(args)?;
    let View::Array(items) = args.view(0)? else {
        return value(Var::Null);
    };
    let computed = items.is_computed();
    let mut iter = items.iter();
    let Some(first) = iter.next() else {
        return Err(RuntimeError::new(dotnet::NO_ELEMENTS));
    };
    let element = |v: Var| {
        if computed && v == Var::Null {
            Arg::LooseNull
        } else {
            Arg::Tok(v)
        }
    };
    let mut acc = element(first);
    for right in iter {
        let right = element(right);
        let l = by_key(args, &acc)?;
        let r = by_key(args, &right)?;
        let keep_left = if max { l > r } else { l < r };
        if !keep_left {
            acc = right;
        }
    }
    Ok(acc)
}
