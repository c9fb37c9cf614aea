//! Function calls: argument evaluation, JmesPath.Net's validation helpers and dispatch
//! (device-mapping.md §7.2, §7.3).
//!
//! As in JmesPath.Net, every argument is evaluated first (left to right, a projection becomes an
//! array), then the function validates the arguments, then executes. Most built-ins read their
//! argument token before checking it, so an `&expr` argument where a value is expected fails with
//! .NET's `NullReferenceException` message; the five functions without their own validation
//! reject it with `unexpected expression type`.

mod collections;
mod custom;
mod math;
pub(crate) mod registry;
mod strings;

pub(crate) use registry::Func;

use crate::ast::{FnArg, Node};
use crate::error::{dotnet, Eval, RuntimeError};
use crate::eval::{Arg, Ctx};
use crate::var::{view, Var, View};

/// An evaluated argument.
pub(crate) enum Val<'n> {
    Token(Var),
    Expr(&'n Node),
}

/// The arguments of one call, with the function's name for messages.
pub(crate) struct Args<'c, 'n> {
    pub(crate) ctx: &'c Ctx<'c>,
    pub(crate) name: &'static str,
    pub(crate) vals: Vals<'n>,
}

/// Argument values: up to four kept inline (no allocation for the calls templates make), more
/// on the heap (`merge`, `not_null`).
pub(crate) enum Vals<'n> {
    Inline([Val<'n>; 4], usize),
    Heap(Vec<Val<'n>>),
}

impl<'n> std::ops::Deref for Vals<'n> {
    type Target = [Val<'n>];

    fn deref(&self) -> &[Val<'n>] {
        match self {
            Vals::Inline(values, len) => &values[..*len],
            Vals::Heap(values) => values,
        }
    }
}

/// Calls `func` with `args` evaluated against `input`.
pub(crate) fn call<'n>(ctx: &Ctx<'_>, func: Func, args: &'n [FnArg], input: &Arg) -> Eval<Arg> {
    let value = |arg: &'n FnArg| -> Eval<Val<'n>> {
        Ok(if arg.expref {
            Val::Expr(&arg.node)
        } else {
            Val::Token(ctx.transform(&arg.node, input)?.into_var())
        })
    };
    let vals = if args.len() <= 4 {
        let mut values = [
            Val::Token(Var::Null),
            Val::Token(Var::Null),
            Val::Token(Var::Null),
            Val::Token(Var::Null),
        ];
        for (slot, arg) in values.iter_mut().zip(args) {
            *slot = value(arg)?;
        }
        Vals::Inline(values, args.len())
    } else {
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            values.push(value(arg)?);
        }
        Vals::Heap(values)
    };
    let args = Args {
        ctx,
        name: func.name(),
        vals,
    };
    match func {
        Func::Abs => math::abs(&args),
        Func::Avg => math::avg(&args),
        Func::Ceil => math::ceil_floor(&args, f64::ceil),
        Func::Floor => math::ceil_floor(&args, f64::floor),
        Func::Sum => math::sum(&args),
        Func::Max => math::min_max(&args, true),
        Func::Min => math::min_max(&args, false),
        Func::MaxBy => math::min_max_by(&args, true),
        Func::MinBy => math::min_max_by(&args, false),
        Func::Contains => strings::contains(&args),
        Func::StartsWith => strings::starts_ends_with(&args, true),
        Func::EndsWith => strings::starts_ends_with(&args, false),
        Func::Join => strings::join(&args),
        Func::Length => strings::length(&args),
        Func::Reverse => strings::reverse(&args),
        Func::ToNumber => strings::to_number(&args),
        Func::ToString => strings::to_string(&args),
        Func::Keys => collections::keys(&args),
        Func::Values => collections::values(&args),
        Func::Map => collections::map(&args),
        Func::Merge => collections::merge(&args),
        Func::NotNull => collections::not_null(&args),
        Func::Sort => collections::sort(&args),
        Func::SortBy => collections::sort_by(&args),
        Func::ToArray => collections::to_array(&args),
        Func::Type => collections::type_of(&args),
        Func::Add | Func::Subtract | Func::Multiply | Func::Divide | Func::Pow => {
            custom::arithmetic(&args, func)
        }
        Func::FromUnixTimestamp => custom::from_unix(&args, false),
        Func::FromUnixTimestampMs => custom::from_unix(&args, true),
        Func::InsertString => custom::insert_string(&args),
    }
}

/// JMESPath type names (`JTokenExtensions.GetTokenType`); a date is a "string".
pub(crate) fn jmes_type(v: View<'_>) -> Eval<&'static str> {
    Ok(match v {
        View::Object(_) => "object",
        View::Array(_) => "array",
        View::Integer(_) | View::BigInteger(_) | View::Float(_) => "number",
        View::Bool(_) => "boolean",
        View::Null => "null",
        View::String(_) | View::Date(_) => "string",
        View::Undefined => return Err(RuntimeError::new(dotnet::NOT_SUPPORTED)),
    })
}

impl<'n> Args<'_, 'n> {
    pub(crate) fn err(&self, text: &str) -> RuntimeError {
        RuntimeError::new(format!("Error: invalid-type, {text}"))
    }

    /// The token of argument `i`; an `&expr` (or a missing argument) reads as a null reference.
    pub(crate) fn token(&self, i: usize) -> Eval<&Var> {
        match self.vals.get(i) {
            Some(Val::Token(v)) => Ok(v),
            _ => Err(RuntimeError::new(dotnet::NULL_REFERENCE)),
        }
    }

    pub(crate) fn view(&self, i: usize) -> Eval<View<'_>> {
        Ok(view(self.ctx.doc, self.token(i)?))
    }

    pub(crate) fn expr(&self, i: usize) -> Option<&'n Node> {
        match self.vals.get(i) {
            Some(Val::Expr(node)) => Some(node),
            _ => None,
        }
    }

    /// `JmesPathFunction.Validate`: no argument may be an expression type.
    pub(crate) fn no_exprefs(&self) -> Eval<()> {
        if self.vals.iter().any(|v| matches!(v, Val::Expr(_))) {
            return Err(RuntimeError::new(format!(
                "Error: invalid-type, unexpected expression type as a parameter to the function {}.",
                self.name
            )));
        }
        Ok(())
    }

    /// `EnsureOf(argument, type)`: "expects an object" / "expects an array".
    pub(crate) fn ensure_of(&self, i: usize, kind: &str) -> Eval<View<'_>> {
        let v = self.view(i)?;
        if jmes_type(v)? != kind {
            return Err(self.err(&format!("function {} expects an {kind}.", self.name)));
        }
        Ok(v)
    }

    /// `EnsureArrayOf(argument, type)`.
    pub(crate) fn ensure_array_of(&self, i: usize, kind: &str) -> Eval<View<'_>> {
        let v = self.ensure_of(i, "array")?;
        if let View::Array(items) = v {
            for item in items.iter() {
                if jmes_type(view(self.ctx.doc, &item))? != kind {
                    return Err(self.err(&format!(
                        "function {} expects an array of {kind}.",
                        self.name
                    )));
                }
            }
        }
        Ok(v)
    }

    /// `EnsureArrayOfSame(argument, types…)`.
    pub(crate) fn ensure_array_of_same(&self, i: usize, kinds: &[&str]) -> Eval<View<'_>> {
        let v = self.ensure_of(i, "array")?;
        if let View::Array(items) = v {
            let mut types = Vec::with_capacity(items.len());
            for item in items.iter() {
                types.push(jmes_type(view(self.ctx.doc, &item))?);
            }
            if types.iter().any(|t| *t != types[0]) {
                return Err(self.err(&format!(
                    "all items in the array to the function {} must have the same type.",
                    self.name
                )));
            }
            if let Some(f) = types.first().copied() {
                if !kinds.is_empty() && !kinds.contains(&f) {
                    let allowed = match kinds {
                        [one] => one.to_string(),
                        [init @ .., last] => {
                            let mut s = format!("{} ", init[0]);
                            for k in &init[1..] {
                                s.push_str(&format!(", {k} "));
                            }
                            s.push_str(&format!("or {last}"));
                            s
                        }
                        [] => String::new(),
                    };
                    return Err(self.err(&format!(
                        "function {} expects an array of {allowed}.",
                        self.name
                    )));
                }
            }
        }
        Ok(v)
    }

    /// `EnsureNumbers(args…)`.
    pub(crate) fn ensure_numbers(&self, count: usize) -> Eval<()> {
        for i in 0..count {
            if jmes_type(self.view(i)?)? != "number" {
                return Err(self.err(&format!("function {} only accepts numbers.", self.name)));
            }
        }
        Ok(())
    }
}

/// A function result that is not an element of the input: `null` is the shared singleton.
pub(crate) fn value(v: Var) -> Eval<Arg> {
    Ok(Arg::Tok(v))
}
