//! The eight MedTech custom functions (`Microsoft.Health.Expressions`, device-mapping.md §7.3).
//!
//! Each validates its arguments' Newtonsoft token kinds positionally (0-based position in the
//! message: `expects argument 0 to be one of the following: Integer|Float`), then computes:
//! Float if either operand is a Float token, else 64-bit integer arithmetic that wraps silently
//! (C# unchecked), `divide` by integer zero or `long.MinValue / -1` throwing, `pow` on integers
//! computed as a double and converted with `Convert.ToInt64` (half to even, overflow error).

use super::{value, Args, Func};
use crate::error::{dotnet, Eval, RuntimeError};
use crate::eval::Arg;
use crate::text::{token_double, token_int, token_long, token_string};
use crate::var::{Var, View};
use medtech_json::{DateKind, DateTime, TokenKind};
use std::rc::Rc;

const NUMBER: &[TokenKind] = &[TokenKind::Integer, TokenKind::Float];
const INTEGER: &[TokenKind] = &[TokenKind::Integer];
const STRING: &[TokenKind] = &[TokenKind::String];

/// `ValidatePositionalArgument`.
fn check(args: &Args<'_, '_>, pos: usize, kinds: &[TokenKind]) -> Eval<()> {
    let kind = args.view(pos)?.token_kind();
    if kinds.contains(&kind) {
        Ok(())
    } else {
        Err(invalid_type(args.name, pos, kinds))
    }
}

/// The `invalid-type` error of [`check`] (out of line: `check` runs on every call).
#[cold]
fn invalid_type(function: &str, pos: usize, kinds: &[TokenKind]) -> RuntimeError {
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    RuntimeError::new(format!(
        "Error: invalid-type, function {function} expects argument {pos} to be one of the following: {}",
        names.join("|")
    ))
}

#[inline(never)]
pub(super) fn arithmetic(args: &Args<'_, '_>, func: Func) -> Eval<Arg> {
    check(args, 0, NUMBER)?;
    check(args, 1, NUMBER)?;
    let (a, b) = (args.view(0)?, args.view(1)?);
    if matches!(a, View::Float(_)) || matches!(b, View::Float(_)) {
        let (x, y) = (token_double(a)?, token_double(b)?);
        let r = match func {
            Func::Add => x + y,
            Func::Subtract => x - y,
            Func::Multiply => x * y,
            Func::Divide => x / y,
            _ => x.powf(y),
        };
        return value(Var::Float(r));
    }
    let (x, y) = (token_long(a)?, token_long(b)?);
    let r = match func {
        Func::Add => x.wrapping_add(y),
        Func::Subtract => x.wrapping_sub(y),
        Func::Multiply => x.wrapping_mul(y),
        Func::Divide => {
            if y == 0 {
                return Err(RuntimeError::new(dotnet::DIVIDE_BY_ZERO));
            }
            x.checked_div(y)
                .ok_or_else(|| RuntimeError::new(dotnet::ARITHMETIC_OVERFLOW))?
        }
        _ => crate::text::round_to_i64((x as f64).powf(y as f64))?,
    };
    value(Var::Integer(r))
}

/// Unix seconds accepted by `DateTimeOffset.FromUnixTimeSeconds`.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;
const EPOCH_TICKS: i64 = 621_355_968_000_000_000;

#[inline(never)]
pub(super) fn from_unix(args: &Args<'_, '_>, millis: bool) -> Eval<Arg> {
    check(args, 0, INTEGER)?;
    let n = token_long(args.view(0)?)?;
    let (min, max, per_tick, name) = if millis {
        (
            MIN_SECONDS * 1000,
            MAX_SECONDS * 1000 + 999,
            10_000,
            "milliseconds",
        )
    } else {
        (MIN_SECONDS, MAX_SECONDS, 10_000_000, "seconds")
    };
    if !(min..=max).contains(&n) {
        return Err(RuntimeError::new(format!(
            "Valid values are between {min} and {max}, inclusive. (Parameter '{name}')"
        )));
    }
    value(Var::Date(DateTime {
        ticks: n * per_tick + EPOCH_TICKS,
        kind: DateKind::Utc,
    }))
}

#[inline(never)]
pub(super) fn insert_string(args: &Args<'_, '_>) -> Eval<Arg> {
    check(args, 0, STRING)?;
    check(args, 1, STRING)?;
    check(args, 2, INTEGER)?;
    let target = token_string(args.view(0)?)?.unwrap_or_default();
    let insert = token_string(args.view(1)?)?.unwrap_or_default();
    let pos = token_int(args.view(2)?)?;
    // .NET indexes UTF-16 units. When the index falls between two chars (always, in text
    // without astral chars) the strings are joined directly; an index inside a surrogate pair
    // splits it, which the general path below does (lone halves become U+FFFD).
    if let Ok(wanted) = usize::try_from(pos) {
        let mut units = 0;
        let at = target
            .char_indices()
            .find_map(|(byte, c)| {
                let here = (units == wanted).then_some(byte);
                units += c.len_utf16();
                here
            })
            .or((units == wanted).then_some(target.len()));
        if let Some(at) = at {
            let mut joined = String::with_capacity(target.len() + insert.len());
            joined.push_str(&target[..at]);
            joined.push_str(&insert);
            joined.push_str(&target[at..]);
            return value(Var::String(Rc::from(joined)));
        }
    }
    let mut units: Vec<u16> = target.encode_utf16().collect();
    let index = usize::try_from(pos)
        .ok()
        .filter(|i| *i <= units.len())
        .ok_or_else(|| RuntimeError::new(dotnet::INSERT_INDEX))?;
    units.splice(index..index, insert.encode_utf16());
    value(Var::String(Rc::from(String::from_utf16_lossy(&units))))
}
