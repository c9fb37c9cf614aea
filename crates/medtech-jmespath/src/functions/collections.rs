//! Array/object built-ins as JmesPath.Net implements them (device-mapping.md §7.2): `merge` is
//! Newtonsoft's `JObject.Merge` (nested objects merged, arrays concatenated, `null` never
//! overwrites), `sort` orders by the first item's token kind (Float → doubles, Integer → 32-bit
//! ints, else culture-ordered strings), `sort_by` orders by the key tokens (numbers, ordinal
//! strings, dates by instant); both are stable.

use super::math::validate_by;
use super::{jmes_type, value, Args};
use crate::collate::{culture_compare_opt, ordinal_compare};
use crate::compare::compare_float;
use crate::error::{Eval, RuntimeError};
use crate::eval::Arg;
use crate::text::{token_double, token_int, token_string};
use crate::var::{view, Var, View};
use medtech_json::Document;
use std::cmp::Ordering;
use std::rc::Rc;

#[inline(never)]
pub(super) fn keys(args: &Args<'_, '_>) -> Eval<Arg> {
    let View::Object(fields) = args.ensure_of(0, "object")? else {
        return value(Var::Null);
    };
    value(Var::array(
        fields.iter().map(|(name, _)| Var::string(name)).collect(),
    ))
}

#[inline(never)]
pub(super) fn values(args: &Args<'_, '_>) -> Eval<Arg> {
    let View::Object(fields) = args.ensure_of(0, "object")? else {
        return value(Var::Null);
    };
    value(Var::array(fields.iter().map(|(_, v)| v).collect()))
}

#[inline(never)]
pub(super) fn map(args: &Args<'_, '_>) -> Eval<Arg> {
    let Some(expr) = args.expr(0) else {
        return Err(args.err("function map expects its first argument to be an expression type."));
    };
    let View::Array(items) = args.view(1)? else {
        return Err(args.err("function map expects its second argument to be an array."));
    };
    let computed = items.is_computed();
    let mut out = Vec::with_capacity(items.len());
    for item in items.iter() {
        let item = if computed && item == Var::Null {
            Arg::LooseNull
        } else {
            Arg::Tok(item)
        };
        out.push(args.ctx.transform(expr, &item)?.into_var());
    }
    value(Var::array(out))
}

#[inline(never)]
pub(super) fn not_null(args: &Args<'_, '_>) -> Eval<Arg> {
    args.no_exprefs()?;
    for i in 0..args.vals.len() {
        let token = args.token(i)?;
        if !view(args.ctx.doc, token).is_null() {
            return value(token.clone());
        }
    }
    value(Var::Null)
}

#[inline(never)]
pub(super) fn to_array(args: &Args<'_, '_>) -> Eval<Arg> {
    args.no_exprefs()?;
    let token = args.token(0)?;
    if matches!(view(args.ctx.doc, token), View::Array(_)) {
        value(token.clone())
    } else {
        value(Var::array(vec![token.clone()]))
    }
}

#[inline(never)]
pub(super) fn type_of(args: &Args<'_, '_>) -> Eval<Arg> {
    args.no_exprefs()?;
    value(Var::string(jmes_type(args.view(0)?)?))
}

/// `(JObject)token`: the cast each `merge` argument goes through.
fn cast_error(kind: &str) -> RuntimeError {
    RuntimeError::new(format!(
        "Unable to cast object of type 'Newtonsoft.Json.Linq.{kind}' to type 'Newtonsoft.Json.Linq.JObject'."
    ))
}

#[inline(never)]
pub(super) fn merge(args: &Args<'_, '_>) -> Eval<Arg> {
    args.ensure_of(0, "object")?;
    let doc = args.ctx.doc;
    let mut result: Vec<(Rc<str>, Var)> = Vec::new();
    for i in 0..args.vals.len() {
        // an `&expr` argument casts to a null object, which `Merge` ignores
        let Ok(token) = args.token(i) else { continue };
        match view(doc, token) {
            View::Object(_) => merge_object(doc, &mut result, token, 0)?,
            View::Array(_) => return Err(cast_error("JArray")),
            _ => return Err(cast_error("JValue")),
        }
    }
    value(Var::Object(Rc::new(result)))
}

const MAX_MERGE_DEPTH: usize = crate::var::MAX_DATA_DEPTH;

/// `JObject.MergeItem` with default settings.
fn merge_object(
    doc: &Document,
    target: &mut Vec<(Rc<str>, Var)>,
    content: &Var,
    depth: usize,
) -> Eval<()> {
    if depth > MAX_MERGE_DEPTH {
        return Err(RuntimeError::new(
            "The value is nested too deeply to be merged.",
        ));
    }
    let View::Object(fields) = view(doc, content) else {
        return Ok(());
    };
    for (name, new) in fields.iter() {
        let Some(slot) = target.iter_mut().find(|(n, _)| &**n == name) else {
            target.push((Rc::from(name), new));
            continue;
        };
        let existing = view(doc, &slot.1);
        let incoming = view(doc, &new);
        match (existing, incoming) {
            (View::Object(_), View::Object(_)) => {
                let mut inner: Vec<(Rc<str>, Var)> = match existing {
                    View::Object(f) => f.iter().map(|(n, v)| (Rc::from(n), v)).collect(),
                    _ => Vec::new(),
                };
                merge_object(doc, &mut inner, &new, depth + 1)?;
                slot.1 = Var::Object(Rc::new(inner));
            }
            (View::Array(a), View::Array(b)) => {
                let mut items: Vec<Var> = a.iter().collect();
                items.extend(b.iter());
                slot.1 = Var::array(items);
            }
            (_, View::Null | View::Undefined) => {}
            _ => slot.1 = new,
        }
    }
    Ok(())
}

#[inline(never)]
pub(super) fn sort(args: &Args<'_, '_>) -> Eval<Arg> {
    let View::Array(items) = args.ensure_array_of_same(0, &[])? else {
        return value(Var::Null);
    };
    let doc = args.ctx.doc;
    let mut entries: Vec<Var> = items.iter().collect();
    let Some(first) = entries.first() else {
        return value(Var::array(Vec::new()));
    };
    match view(doc, first) {
        View::Float(_) => {
            let keys = keys_of(doc, &entries, token_double)?;
            stable_sort(&mut entries, &keys, |a, b| a.total_cmp_like_dotnet(b));
        }
        View::Integer(_) | View::BigInteger(_) => {
            let keys = keys_of(doc, &entries, token_int)?;
            stable_sort(&mut entries, &keys, |a, b| a.cmp(b));
        }
        _ => {
            let keys = keys_of(doc, &entries, token_string)?;
            stable_sort(&mut entries, &keys, |a, b| {
                culture_compare_opt(a.as_deref(), b.as_deref())
            });
        }
    }
    value(Var::array(entries))
}

trait DotnetDoubleOrder {
    fn total_cmp_like_dotnet(&self, other: &Self) -> Ordering;
}

impl DotnetDoubleOrder for f64 {
    /// `double.CompareTo`: NaN first and equal to itself.
    fn total_cmp_like_dotnet(&self, other: &f64) -> Ordering {
        match (self.is_nan(), other.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => self.partial_cmp(other).unwrap_or(Ordering::Equal),
        }
    }
}

/// Computes every key first, in order (as LINQ's `OrderBy` does, so the first failing item
/// reports).
fn keys_of<K>(doc: &Document, entries: &[Var], key: impl Fn(View<'_>) -> Eval<K>) -> Eval<Vec<K>> {
    entries.iter().map(|e| key(view(doc, e))).collect()
}

fn stable_sort<K>(entries: &mut Vec<Var>, keys: &[K], cmp: impl Fn(&K, &K) -> Ordering) {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|a, b| cmp(&keys[*a], &keys[*b]));
    let sorted: Vec<Var> = order.iter().map(|i| entries[*i].clone()).collect();
    *entries = sorted;
}

/// A `sort_by` key (`JValue` compared through `IComparable`).
enum Key {
    Number(f64, Option<i64>),
    Text(String),
    Date(i64),
}

fn compare_keys(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Number(_, Some(x)), Key::Number(_, Some(y))) => x.cmp(y),
        (Key::Number(x, _), Key::Number(y, _)) => compare_float(*x, *y),
        (Key::Text(x), Key::Text(y)) => ordinal_compare(x, y),
        (Key::Date(x), Key::Date(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

#[inline(never)]
pub(super) fn sort_by(args: &Args<'_, '_>) -> Eval<Arg> {
    validate_by(args)?;
    let (View::Array(items), Some(expr)) = (args.view(0)?, args.expr(1)) else {
        return value(Var::Null);
    };
    let doc = args.ctx.doc;
    let computed = items.is_computed();
    let entries: Vec<Var> = items.iter().collect();
    let mut keys = Vec::with_capacity(entries.len());
    let mut expected: Option<&str> = None;
    for entry in &entries {
        let item = if computed && *entry == Var::Null {
            Arg::LooseNull
        } else {
            Arg::Tok(entry.clone())
        };
        let key = args.ctx.transform(expr, &item)?.into_var();
        let v = view(doc, &key);
        let t = jmes_type(v)?;
        match expected {
            None if t != "number" && t != "string" => return Err(args.err(
                "the expression argument of function sort_by should return a number or a string.",
            )),
            None => expected = Some(t),
            Some(e) if e != t => {
                // the reference's message lacks the `$` of string interpolation
                return Err(args.err("all items resulting from the evaluation of the expression argument of function {Name} should have the same type."));
            }
            Some(_) => {}
        }
        keys.push(match v {
            View::Integer(i) => Key::Number(i as f64, Some(i)),
            View::Date(d) => Key::Date(d.ticks),
            View::String(s) => Key::Text(s.to_string()),
            other => Key::Number(token_double(other)?, None),
        });
    }
    let mixed = keys.iter().any(|k| matches!(k, Key::Date(_)))
        && keys.iter().any(|k| matches!(k, Key::Text(_)));
    if mixed {
        return Err(RuntimeError::new(
            "Failed to compare two elements in the array.",
        ));
    }
    let mut entries = entries;
    stable_sort(&mut entries, &keys, compare_keys);
    value(Var::array(entries))
}
