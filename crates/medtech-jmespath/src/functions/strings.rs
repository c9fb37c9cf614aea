//! String built-ins as JmesPath.Net implements them (device-mapping.md §7.2). A date token is a
//! JMESPath "string" for the type checks; where the function reads its text it gets
//! `MM/dd/yyyy HH:mm:ss`. Lengths and reversal work on UTF-16 code units, as .NET strings do.

use super::{jmes_type, value, Args};
use crate::compare::deep_equals;
use crate::error::{dotnet, Eval, RuntimeError};
use crate::eval::Arg;
use crate::numparse::{parse_double, parse_int64};
use crate::text::token_string;
use crate::var::{view, Var, View};
use std::rc::Rc;

fn null_argument() -> RuntimeError {
    RuntimeError::new(dotnet::NULL_VALUE_ARGUMENT)
}

#[inline(never)]
pub(super) fn contains(args: &Args<'_, '_>) -> Eval<Arg> {
    let subject = match args.token(0) {
        Ok(v) => view(args.ctx.doc, v),
        Err(_) => return Err(args.err("function contains expects either an array or a string.")),
    };
    if !matches!(jmes_type(subject)?, "array" | "string") {
        return Err(args.err("function contains expects either an array or a string."));
    }
    match subject {
        View::String(s) => {
            let search = args.view(1).map_err(|_| null_argument())?;
            let needle = token_string(search)?.ok_or_else(null_argument)?;
            value(Var::Bool(s.contains(needle.as_str())))
        }
        View::Array(items) => {
            let Ok(search) = args.token(1) else {
                return value(Var::Bool(false));
            };
            for item in items.iter() {
                if deep_equals(args.ctx.doc, &item, search, 0)? {
                    return value(Var::Bool(true));
                }
            }
            value(Var::Bool(false))
        }
        // a date token passes the type check but is neither a String nor an Array token
        _ => value(Var::Bool(false)),
    }
}

#[inline(never)]
pub(super) fn starts_ends_with(args: &Args<'_, '_>, starts: bool) -> Eval<Arg> {
    let text = args.view(0)?;
    let pattern = args.view(1)?;
    let text_type = jmes_type(text)?;
    let pattern_type = jmes_type(pattern)?;
    if text_type != "string" || !matches!(pattern_type, "string" | "null") {
        return Err(args.err(&format!(
            "both arguments to function {} must be strings.",
            args.name
        )));
    }
    let text = token_string(text)?.unwrap_or_default();
    let pattern = token_string(pattern)?.ok_or_else(null_argument)?;
    value(Var::Bool(if starts {
        text.starts_with(&pattern)
    } else {
        text.ends_with(&pattern)
    }))
}

#[inline(never)]
pub(super) fn join(args: &Args<'_, '_>) -> Eval<Arg> {
    let separator = args.view(0)?;
    let array = args.view(1)?;
    if jmes_type(separator)? != "string" || jmes_type(array)? != "array" {
        return Err(args.err("function join expects a string separator and an array of strings."));
    }
    let View::Array(items) = args.ensure_array_of(1, "string")? else {
        return value(Var::Null);
    };
    let separator = token_string(separator)?.unwrap_or_default();
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&separator);
        }
        out.push_str(&token_string(view(args.ctx.doc, &item))?.unwrap_or_default());
    }
    value(Var::String(Rc::from(out)))
}

#[inline(never)]
pub(super) fn length(args: &Args<'_, '_>) -> Eval<Arg> {
    let v = args.view(0)?;
    let n = match v {
        View::Array(items) => items.len(),
        View::Object(fields) => fields.len(),
        _ if jmes_type(v)? == "string" => {
            token_string(v)?.unwrap_or_default().encode_utf16().count()
        }
        _ => {
            return Err(args.err("function length expects either an object, an array or a string."))
        }
    };
    value(Var::Integer(n as i64))
}

#[inline(never)]
pub(super) fn reverse(args: &Args<'_, '_>) -> Eval<Arg> {
    let v = args.view(0)?;
    match v {
        View::Array(items) => {
            let mut out: Vec<Var> = items.iter().collect();
            out.reverse();
            value(Var::array(out))
        }
        _ if jmes_type(v)? == "string" => {
            let text = token_string(v)?.unwrap_or_default();
            let mut units: Vec<u16> = text.encode_utf16().collect();
            units.reverse();
            value(Var::String(Rc::from(String::from_utf16_lossy(&units))))
        }
        _ => Err(args.err(&format!(
            "function {} accepts either an array or a string.",
            args.name
        ))),
    }
}

#[inline(never)]
pub(super) fn to_number(args: &Args<'_, '_>) -> Eval<Arg> {
    args.no_exprefs()?;
    let token = args.token(0)?;
    let v = view(args.ctx.doc, token);
    match jmes_type(v)? {
        "number" => value(token.clone()),
        "string" => {
            let text = token_string(v)?.unwrap_or_default();
            if let Some(i) = parse_int64(&text) {
                value(Var::Integer(i))
            } else if let Some(d) = parse_double(&text, false) {
                value(Var::Float(d))
            } else {
                value(Var::Null)
            }
        }
        _ => value(Var::Null),
    }
}

#[inline(never)]
pub(super) fn to_string(args: &Args<'_, '_>) -> Eval<Arg> {
    args.no_exprefs()?;
    let token = args.token(0)?;
    if jmes_type(view(args.ctx.doc, token))? == "string" {
        return value(token.clone());
    }
    let mut out = String::new();
    crate::json_out::write_json(args.ctx.doc, token, &mut out)?;
    value(Var::String(Rc::from(out)))
}
