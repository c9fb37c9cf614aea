//! Evaluation of a parsed path (device-mapping.md §6.2, §6.3), in the order Newtonsoft's lazy
//! enumerators produce tokens and raise errors.
//!
//! Newtonsoft chains one lazy enumerator per path filter; pulling the last one pulls each token
//! through the whole chain before the next is looked at. Evaluating depth-first — every output
//! of a segment is pushed through the remaining segments before the segment continues — gives
//! the same output order and raises errors at the same moment, so the tokens produced before an
//! error are exactly those the reference would have yielded. A slice with step 0 throws as soon
//! as its path is first pulled, before any token flows. Filter conditions evaluate the left
//! operand lazily, the right operand once (on the first left token), and stop at the first
//! matching pair.

use crate::ast::{Expr, Literal, Op, Operand, Path, Segment};
use crate::compare::{match_tokens, Item};
use crate::error::{EvalError, EvalErrorKind};
use crate::token::{child, Descendants, Token};
use medtech_json::{Document, Value};
use std::ops::ControlFlow;

/// Continue, stop early (a consumer had enough), or fail.
pub(crate) type Flow = Result<ControlFlow<()>, EvalError>;

/// What the evaluation runs on: the document and the token `$` stands for.
pub(crate) struct Ctx<'d> {
    pub doc: &'d Document,
    pub root: Token,
}

/// Stops the enclosing function when the consumer asked to.
macro_rules! emit {
    ($sink:expr, $token:expr) => {
        if let ControlFlow::Break(()) = $sink($token)? {
            return Ok(ControlFlow::Break(()));
        }
    };
}

/// Runs `path` from `start`, handing every result to `sink` in order.
pub(crate) fn run_path(
    ctx: &Ctx<'_>,
    path: &Path,
    start: Token,
    sink: &mut dyn FnMut(Token) -> Flow,
) -> Flow {
    if path.zero_step {
        return Err(EvalError::new(
            EvalErrorKind::StepZero,
            "Step cannot be zero.",
        ));
    }
    run_segments(ctx, &path.segments, start, sink)
}

fn run_segments(
    ctx: &Ctx<'_>,
    segments: &[Segment],
    token: Token,
    sink: &mut dyn FnMut(Token) -> Flow,
) -> Flow {
    let Some((first, rest)) = segments.split_first() else {
        return sink(token);
    };
    if rest.is_empty() {
        return apply(ctx, first, token, sink);
    }
    apply(ctx, first, token, &mut |out| {
        run_segments(ctx, rest, out, sink)
    })
}

/// Newtonsoft's `PathFilter.ExecuteFilter` for one input token.
fn apply(
    ctx: &Ctx<'_>,
    segment: &Segment,
    token: Token,
    sink: &mut dyn FnMut(Token) -> Flow,
) -> Flow {
    let doc = ctx.doc;
    match segment {
        Segment::Root => return sink(ctx.root),
        Segment::Field(name) => {
            if let Token::Node(id) = token {
                if let Value::Object(members) = doc.value(id) {
                    match name {
                        Some(name) => {
                            if let Some(value) = doc.get(id, name) {
                                emit!(sink, Token::Node(value));
                            }
                        }
                        None => {
                            for member in members {
                                emit!(sink, Token::Node(member.value));
                            }
                        }
                    }
                }
            }
        }
        Segment::Fields(names) => {
            if let Token::Node(id) = token {
                if matches!(doc.value(id), Value::Object(_)) {
                    for name in names {
                        if let Some(value) = doc.get(id, name) {
                            emit!(sink, Token::Node(value));
                        }
                    }
                }
            }
        }
        Segment::Scan(name) => {
            if name.is_none() {
                emit!(sink, token);
            }
            let mut walk = Descendants::new(doc, token);
            while let Some(found) = walk.next(doc) {
                match (found, name) {
                    (Token::Property { .. }, Some(name)) => {
                        if found.property_name(doc) == Some(&**name) {
                            if let Some(value) = found.value_node(doc) {
                                emit!(sink, Token::Node(value));
                            }
                        }
                    }
                    (Token::Property { .. }, None) => {}
                    (Token::Node(_), Some(_)) => {}
                    (Token::Node(_), None) => emit!(sink, found),
                }
            }
        }
        Segment::ScanFields(names) => {
            let mut walk = Descendants::new(doc, token);
            while let Some(found) = walk.next(doc) {
                let Some(property) = found.property_name(doc) else {
                    continue;
                };
                for name in names {
                    if **name == *property {
                        if let Some(value) = found.value_node(doc) {
                            emit!(sink, Token::Node(value));
                        }
                    }
                }
            }
        }
        Segment::Index(index) => {
            if let Some(found) = element(doc, token, *index)? {
                emit!(sink, found);
            }
        }
        Segment::Indexes(indexes) => {
            for index in indexes {
                if let Some(found) = element(doc, token, *index)? {
                    emit!(sink, found);
                }
            }
        }
        Segment::AllElements => {
            if let Token::Node(id) = token {
                for &item in doc.elements(id) {
                    emit!(sink, Token::Node(item));
                }
            }
        }
        Segment::Slice { start, end, step } => {
            if let Token::Node(id) = token {
                if let Value::Array(items) = doc.value(id) {
                    return slice(items, *start, *end, *step, sink);
                }
            }
        }
        Segment::Query(expr) => {
            let mut k = 0;
            while let Some(candidate) = child(doc, token, k) {
                k += 1;
                if is_match(ctx, expr, candidate)? {
                    emit!(sink, candidate);
                }
            }
        }
        Segment::ScanQuery(expr) => {
            if is_match(ctx, expr, token)? {
                emit!(sink, token);
            }
            let mut walk = Descendants::new(doc, token);
            while let Some(found) = walk.next(doc) {
                if is_match(ctx, expr, found)? {
                    emit!(sink, found);
                }
            }
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// `PathFilter.GetTokenIndex`: the element of an array (a negative index throws).
fn element(doc: &Document, token: Token, index: i32) -> Result<Option<Token>, EvalError> {
    let Token::Node(id) = token else {
        return Ok(None);
    };
    let Value::Array(items) = doc.value(id) else {
        return Ok(None);
    };
    if index < 0 {
        return Err(out_of_range());
    }
    Ok(items.get(index as usize).copied().map(Token::Node))
}

fn out_of_range() -> EvalError {
    EvalError::new(
        EvalErrorKind::IndexOutOfRange,
        "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')",
    )
}

/// `ArraySliceFilter` on one array, with C#'s wrapping 32-bit arithmetic.
fn slice(
    items: &[medtech_json::NodeId],
    start: Option<i32>,
    end: Option<i32>,
    step: Option<i32>,
    sink: &mut dyn FnMut(Token) -> Flow,
) -> Flow {
    let count = i32::try_from(items.len()).unwrap_or(i32::MAX);
    let step = step.unwrap_or(1);
    let positive = step > 0;
    let mut from = start.unwrap_or(if positive { 0 } else { count - 1 });
    let mut to = end.unwrap_or(if positive { count } else { -1 });
    if start.is_some_and(|s| s < 0) {
        from = count.wrapping_add(from);
    }
    if end.is_some_and(|e| e < 0) {
        to = count.wrapping_add(to);
    }
    from = from.max(if positive { 0 } else { i32::MIN });
    from = from.min(if positive { count } else { count - 1 });
    to = to.max(-1).min(count);
    let valid = |i: i32| if positive { i < to } else { i > to };
    let mut i = from;
    while valid(i) {
        let Some(&item) = usize::try_from(i).ok().and_then(|u| items.get(u)) else {
            return Err(out_of_range());
        };
        emit!(sink, Token::Node(item));
        i = i.wrapping_add(step);
    }
    Ok(ControlFlow::Continue(()))
}

/// `QueryExpression.IsMatch`.
fn is_match(ctx: &Ctx<'_>, expr: &Expr, token: Token) -> Result<bool, EvalError> {
    match expr {
        Expr::And(list) => {
            for e in list {
                if !is_match(ctx, e, token)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Expr::Or(list) => {
            for e in list {
                if is_match(ctx, e, token)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Expr::Compare { op, left, right } => match (op, right) {
            (Op::Exists, _) | (_, None) => exists(ctx, left, token),
            (op, Some(right)) => compare(ctx, *op, left, right, token),
        },
    }
}

fn exists(ctx: &Ctx<'_>, operand: &Operand, token: Token) -> Result<bool, EvalError> {
    match operand {
        Operand::Literal(_) => Ok(true),
        Operand::Path(path) => {
            let mut found = false;
            let _ = run_path(ctx, path, token, &mut |_| {
                found = true;
                Ok(ControlFlow::Break(()))
            })?;
            Ok(found)
        }
    }
}

/// The right operand's values, collected once.
enum Rights<'a> {
    One(Item<'a>),
    Many(Vec<Item<'a>>),
}

impl<'a> Rights<'a> {
    fn collect(ctx: &Ctx<'_>, operand: &'a Operand, token: Token) -> Result<Self, EvalError> {
        match operand {
            Operand::Literal(lit) => Ok(Rights::One(Item::Lit(lit))),
            Operand::Path(path) => {
                let mut items = Vec::new();
                let _ = run_path(ctx, path, token, &mut |t| {
                    items.push(Item::Tok(t));
                    Ok(ControlFlow::Continue(()))
                })?;
                Ok(Rights::Many(items))
            }
        }
    }

    fn as_slice(&self) -> &[Item<'a>] {
        match self {
            Rights::One(item) => std::slice::from_ref(item),
            Rights::Many(items) => items,
        }
    }
}

/// `BooleanQueryExpression.IsMatch` for a binary operator: true if any pair matches.
fn compare(
    ctx: &Ctx<'_>,
    op: Op,
    left: &Operand,
    right: &Operand,
    token: Token,
) -> Result<bool, EvalError> {
    let doc = ctx.doc;
    let mut rights: Option<Rights<'_>> = None;
    let mut matched = false;
    let mut test = |l: Item<'_>| -> Flow {
        let set = match rights.take() {
            Some(set) => set,
            None => Rights::collect(ctx, right, token)?,
        };
        let mut hit = false;
        for r in set.as_slice() {
            if match_tokens(doc, op, l, *r)? {
                hit = true;
                break;
            }
        }
        rights = Some(set);
        if hit {
            matched = true;
            return Ok(ControlFlow::Break(()));
        }
        Ok(ControlFlow::Continue(()))
    };
    match left {
        Operand::Literal(lit) => {
            let lit: &Literal = lit;
            let _ = test(Item::Lit(lit))?;
        }
        Operand::Path(path) => {
            let _ = run_path(ctx, path, token, &mut |t| test(Item::Tok(t)))?;
        }
    }
    Ok(matched)
}
