//! Evaluation of a parsed path (device-mapping.md §6.2, §6.3), in the order Newtonsoft's lazy
//! enumerators produce tokens and raise errors.
//!
//! Newtonsoft chains one lazy enumerator per path filter; pulling the last one pulls each token
//! through the whole chain before the next is looked at. Here every segment applied to one
//! input token is a [`Cursor`] that yields its outputs on demand, and the driver keeps a stack
//! of cursors, always advancing the deepest one: every output of a segment is pushed through
//! the remaining segments before the segment continues. That gives the same output order and
//! raises errors at the same moment, so the tokens produced before an error are exactly those
//! the reference would have yielded. The stack is explicit (no recursion per segment), and its
//! buffers are pooled for the whole evaluation (no allocation per visited node).
//!
//! A slice with step 0 throws as soon as its path is first pulled, before any token flows.
//! Filter conditions evaluate the left operand lazily, the right operand once (on the first left
//! token), and stop at the first matching pair.

use crate::ast::{Expr, Filter, Literal, Name, Op, Operand, Path, Segment};
use crate::compare::{match_tokens, Item};
use crate::error::{EvalError, EvalErrorKind};
use crate::token::{child, Descendants, ObjectEntry, Objects, Token};
use medtech_json::{Document, NodeId, Value};
use std::cell::{Cell, RefCell};
use std::ops::ControlFlow;

/// Continue, stop early (a consumer had enough), or fail.
pub(crate) type Flow = Result<ControlFlow<()>, EvalError>;

type Frame = (usize, Cursor);
type WalkBuffer = Vec<(Token, usize)>;
type ObjectBuffer = Vec<ObjectEntry>;

/// What the evaluation runs on: the document, the token `$` stands for, and what it observed.
pub(crate) struct Ctx<'d> {
    pub doc: &'d Document,
    pub root: Token,
    pub observed: Cell<Observations>,
    /// Take the shortcuts that give the same results faster (off only to test exactly that).
    shortcuts: bool,
}

/// What an evaluation ran into (evidence for lints): recorded for the main path and for the
/// paths inside filters alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Observations {
    /// A non-recursive filter `[?(…)]` was applied to an object: it tested the object's
    /// property tokens, not its member values.
    pub filter_on_object: bool,
    /// `.*` was applied to an array (it yields nothing there).
    pub dot_wildcard_on_array: bool,
    /// `[*]` was applied to an object (it yields nothing there).
    pub bracket_wildcard_on_object: bool,
    /// A scan filter `..[?(…)]` accepted the token it started from (RFC 9535 never tests it).
    pub scan_filter_matched_start: bool,
    /// A property token was selected by a filter or a scan.
    pub property_selected: bool,
}

/// Buffers kept between evaluations on this thread: a path evaluated on every message then
/// allocates nothing once warm (a type match used to allocate and free four buffers per message).
/// A buffer is taken when a walk or a driver starts and given back when it ends, so nested
/// evaluations (paths inside filters) take their own.
#[derive(Default)]
struct Pools {
    stacks: Vec<Vec<Frame>>,
    walks: Vec<WalkBuffer>,
    object_walks: Vec<ObjectBuffer>,
}

/// At most this many buffers of each kind are kept…
const POOLED: usize = 8;
/// …and none that grew beyond this many entries (a hostile document's walk is not kept).
const POOLED_CAPACITY: usize = 4096;

thread_local! {
    static POOLS: RefCell<Pools> = RefCell::new(Pools::default());
}

/// A buffer of the kind `pick` chooses from this thread's pool, or a new one.
fn take<T>(pick: fn(&mut Pools) -> &mut Vec<Vec<T>>) -> Vec<T> {
    POOLS
        .try_with(|pools| {
            pools
                .try_borrow_mut()
                .ok()
                .and_then(|mut pools| pick(&mut pools).pop())
        })
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Gives `buffer` back to this thread's pool, within the pool's bounds. (No pool while the
/// thread is being torn down: the buffer is simply freed.)
fn give<T>(pick: fn(&mut Pools) -> &mut Vec<Vec<T>>, mut buffer: Vec<T>) {
    if buffer.capacity() == 0 || buffer.capacity() > POOLED_CAPACITY {
        return;
    }
    buffer.clear();
    let _ = POOLS.try_with(|pools| {
        if let Ok(mut pools) = pools.try_borrow_mut() {
            let list = pick(&mut pools);
            if list.len() < POOLED {
                list.push(buffer);
            }
        }
    });
}

fn stacks(pools: &mut Pools) -> &mut Vec<Vec<Frame>> {
    &mut pools.stacks
}

fn walks(pools: &mut Pools) -> &mut Vec<WalkBuffer> {
    &mut pools.walks
}

fn object_walks(pools: &mut Pools) -> &mut Vec<ObjectBuffer> {
    &mut pools.object_walks
}

impl<'d> Ctx<'d> {
    pub fn new(doc: &'d Document, root: Token) -> Ctx<'d> {
        Ctx {
            doc,
            root,
            observed: Cell::new(Observations::default()),
            shortcuts: true,
        }
    }

    /// A context that evaluates everything the general way.
    #[cfg(test)]
    pub fn without_shortcuts(doc: &'d Document, root: Token) -> Ctx<'d> {
        let mut ctx = Ctx::new(doc, root);
        ctx.shortcuts = false;
        ctx
    }

    /// The member names of `path` when it is a plain member chain and shortcuts are on.
    fn chain<'p>(&self, path: &'p Path) -> Option<impl Iterator<Item = &'p Name> + 'p> {
        if self.shortcuts {
            path.member_chain()
        } else {
            None
        }
    }

    fn observe(&self, note: impl FnOnce(&mut Observations)) {
        let mut current = self.observed.get();
        note(&mut current);
        self.observed.set(current);
    }

    fn walk(&self, start: Token) -> Descendants {
        Descendants::with_buffer(take(walks), self.doc, start)
    }

    fn object_walk(&self, start: NodeId) -> Objects {
        Objects::with_buffer(take(object_walks), self.doc, start)
    }

    fn recycle(&self, cursor: Cursor) {
        match cursor {
            Cursor::Scan { walk, .. }
            | Cursor::ScanFields { walk, .. }
            | Cursor::ScanQuery { walk, .. } => give(walks, walk.into_buffer()),
            Cursor::ScanObjects { walk, .. } => give(object_walks, walk.into_buffer()),
            _ => {}
        }
    }
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
    let segments = &path.segments;
    let Some(first) = segments.first() else {
        return sink(start);
    };
    let mut stack = take(stacks);
    stack.push((0, Cursor::new(ctx, first, start)));
    let result = drive(ctx, segments, &mut stack, sink);
    for (_, cursor) in stack.drain(..) {
        ctx.recycle(cursor);
    }
    give(stacks, stack);
    result
}

/// `..[?(…)]` from the object-or-not node `start` with a condition only objects can satisfy
/// ([`Filter::objects_only`]): the same outputs in the same order as [`run_path`] on that
/// one-segment path (the start token, then the object nodes below it), without the cursor
/// driver — the shape of almost every legacy type match (`$..[?(@heartRate)]`).
pub(crate) fn scan_objects(
    ctx: &Ctx<'_>,
    filter: &Filter,
    start: NodeId,
    sink: &mut dyn FnMut(Token) -> ControlFlow<()>,
) -> Result<(), EvalError> {
    let mut first = Some(Token::Node(start));
    if let Some(token) = scan_start(ctx, filter, &mut first)? {
        if sink(token).is_break() {
            return Ok(());
        }
    }
    let mut walk = ctx.object_walk(start);
    let result = loop {
        match next_object_match(ctx, filter, &mut walk) {
            Ok(Some(found)) if sink(Token::Node(found)).is_continue() => {}
            Ok(_) => break Ok(()),
            Err(error) => break Err(error),
        }
    };
    give(object_walks, walk.into_buffer());
    result
}

/// The next object of `walk` that satisfies the scan filter's condition.
fn next_object_match(
    ctx: &Ctx<'_>,
    filter: &Filter,
    walk: &mut Objects,
) -> Result<Option<NodeId>, EvalError> {
    while let Some(found) = walk.next(ctx.doc) {
        if is_match(ctx, &filter.expr, Token::Node(found))? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

fn drive(
    ctx: &Ctx<'_>,
    segments: &[Segment],
    stack: &mut Vec<Frame>,
    sink: &mut dyn FnMut(Token) -> Flow,
) -> Flow {
    while let Some((level, cursor)) = stack.last_mut() {
        let level = *level;
        let Some(segment) = segments.get(level) else {
            break;
        };
        match cursor.next(ctx, segment)? {
            None => {
                if let Some((_, done)) = stack.pop() {
                    ctx.recycle(done);
                }
            }
            Some(token) => match segments.get(level + 1) {
                None => {
                    if let ControlFlow::Break(()) = sink(token)? {
                        return Ok(ControlFlow::Break(()));
                    }
                }
                Some(next) => stack.push((level + 1, Cursor::new(ctx, next, token))),
            },
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// One segment applied to one input token (Newtonsoft's `PathFilter.ExecuteFilter`), yielding
/// its outputs on demand.
enum Cursor {
    Done,
    /// A single output (a named member, `$` in a filter).
    One(Token),
    /// `.*`: the member values of an object.
    Members {
        object: NodeId,
        next: usize,
    },
    /// `['a','b']`: the named members, in list order.
    Fields {
        object: NodeId,
        next: usize,
    },
    /// `[*]`: the elements of an array.
    Elements {
        array: NodeId,
        next: usize,
    },
    /// `[n]`, `[n,m]`: elements by index (a negative index throws on an array).
    Indexes {
        token: Token,
        next: usize,
    },
    /// `[a:b:c]` on an array, with C#'s wrapping 32-bit arithmetic.
    Slice {
        array: NodeId,
        i: i32,
        to: i32,
        step: i32,
    },
    /// `..name` / `..*`.
    Scan {
        start: Option<Token>,
        walk: Descendants,
    },
    /// `..['a','b']`: the property being matched against the names.
    ScanFields {
        walk: Descendants,
        property: Option<Token>,
        next: usize,
    },
    /// `[?(…)]`: the children that satisfy the condition.
    Children {
        parent: Token,
        next: usize,
    },
    /// `..[?(…)]`: the token itself, then its descendants, that satisfy the condition.
    ScanQuery {
        start: Option<Token>,
        walk: Descendants,
    },
    /// `..[?(…)]` from a node with a condition only objects can satisfy
    /// ([`Filter::objects_only`]): the same outputs, visiting only the object nodes.
    ScanObjects {
        start: Option<Token>,
        walk: Objects,
    },
}

impl Cursor {
    fn new(ctx: &Ctx<'_>, segment: &Segment, token: Token) -> Cursor {
        let doc = ctx.doc;
        let object = || match token {
            Token::Node(id) if matches!(doc.value(id), Value::Object(_)) => Some(id),
            _ => None,
        };
        let array = || match token {
            Token::Node(id) if matches!(doc.value(id), Value::Array(_)) => Some(id),
            _ => None,
        };
        match segment {
            Segment::Root => Cursor::One(ctx.root),
            Segment::Field(Some(name)) => object()
                .and_then(|id| doc.get_keyed(id, name.key, name))
                .map_or(Cursor::Done, |v| Cursor::One(Token::Node(v))),
            Segment::Field(None) => {
                if array().is_some() {
                    ctx.observe(|o| o.dot_wildcard_on_array = true);
                }
                object().map_or(Cursor::Done, |object| Cursor::Members { object, next: 0 })
            }
            Segment::Fields(_) => {
                object().map_or(Cursor::Done, |object| Cursor::Fields { object, next: 0 })
            }
            Segment::AllElements => {
                if object().is_some() {
                    ctx.observe(|o| o.bracket_wildcard_on_object = true);
                }
                array().map_or(Cursor::Done, |array| Cursor::Elements { array, next: 0 })
            }
            Segment::Index(_) | Segment::Indexes(_) => Cursor::Indexes { token, next: 0 },
            Segment::Slice { start, end, step } => match array() {
                Some(array) => slice_cursor(array, doc.elements(array).len(), *start, *end, *step),
                None => Cursor::Done,
            },
            Segment::Scan(name) => Cursor::Scan {
                start: name.is_none().then_some(token),
                walk: ctx.walk(token),
            },
            Segment::ScanFields(_) => Cursor::ScanFields {
                walk: ctx.walk(token),
                property: None,
                next: 0,
            },
            Segment::Query(_) => {
                if object().is_some() {
                    ctx.observe(|o| o.filter_on_object = true);
                }
                Cursor::Children {
                    parent: token,
                    next: 0,
                }
            }
            Segment::ScanQuery(filter) => match token {
                Token::Node(id) if filter.objects_only && ctx.shortcuts => Cursor::ScanObjects {
                    start: Some(token),
                    walk: ctx.object_walk(id),
                },
                _ => Cursor::ScanQuery {
                    start: Some(token),
                    walk: ctx.walk(token),
                },
            },
        }
    }

    fn next(&mut self, ctx: &Ctx<'_>, segment: &Segment) -> Result<Option<Token>, EvalError> {
        let doc = ctx.doc;
        match self {
            Cursor::Done => Ok(None),
            Cursor::One(token) => {
                let token = *token;
                *self = Cursor::Done;
                Ok(Some(token))
            }
            Cursor::Members { object, next } => {
                let found = doc
                    .members(*object)
                    .get(*next)
                    .map(|m| Token::Node(m.value));
                *next += 1;
                Ok(found)
            }
            Cursor::Fields { object, next } => {
                let Segment::Fields(names) = segment else {
                    return Ok(None);
                };
                while let Some(name) = names.get(*next) {
                    *next += 1;
                    if let Some(value) = doc.get(*object, name) {
                        return Ok(Some(Token::Node(value)));
                    }
                }
                Ok(None)
            }
            Cursor::Elements { array, next } => {
                let found = doc.elements(*array).get(*next).copied().map(Token::Node);
                *next += 1;
                Ok(found)
            }
            Cursor::Indexes { token, next } => {
                let list = match segment {
                    Segment::Index(i) => std::slice::from_ref(i),
                    Segment::Indexes(list) => list.as_slice(),
                    _ => &[],
                };
                while let Some(&index) = list.get(*next) {
                    *next += 1;
                    if let Some(found) = element(doc, *token, index)? {
                        return Ok(Some(found));
                    }
                }
                Ok(None)
            }
            Cursor::Slice { array, i, to, step } => {
                let valid = if *step > 0 { *i < *to } else { *i > *to };
                if !valid {
                    return Ok(None);
                }
                let items = doc.elements(*array);
                let Some(&item) = usize::try_from(*i).ok().and_then(|u| items.get(u)) else {
                    return Err(out_of_range());
                };
                *i = i.wrapping_add(*step);
                Ok(Some(Token::Node(item)))
            }
            Cursor::Scan { start, walk } => {
                if let Some(token) = start.take() {
                    return Ok(Some(token));
                }
                let Segment::Scan(name) = segment else {
                    return Ok(None);
                };
                while let Some(found) = walk.next(doc) {
                    match (found, name) {
                        (Token::Property { .. }, Some(name))
                            if found.property_name(doc) == Some(&**name) =>
                        {
                            if let Some(value) = found.value_node(doc) {
                                return Ok(Some(Token::Node(value)));
                            }
                        }
                        (Token::Node(_), None) => return Ok(Some(found)),
                        _ => {}
                    }
                }
                Ok(None)
            }
            Cursor::ScanFields {
                walk,
                property,
                next,
            } => {
                let Segment::ScanFields(names) = segment else {
                    return Ok(None);
                };
                loop {
                    if let Some(current) = *property {
                        let name = current.property_name(doc).unwrap_or_default();
                        while let Some(wanted) = names.get(*next) {
                            *next += 1;
                            if **wanted == *name {
                                return Ok(current.value_node(doc).map(Token::Node));
                            }
                        }
                        *property = None;
                    }
                    match walk.next(doc) {
                        None => return Ok(None),
                        Some(found @ Token::Property { .. }) => {
                            *property = Some(found);
                            *next = 0;
                        }
                        Some(Token::Node(_)) => {}
                    }
                }
            }
            Cursor::Children { parent, next } => {
                let Segment::Query(filter) = segment else {
                    return Ok(None);
                };
                while let Some(candidate) = child(doc, *parent, *next) {
                    *next += 1;
                    if filter_match(ctx, filter, candidate)? {
                        if candidate.node().is_none() {
                            ctx.observe(|o| o.property_selected = true);
                        }
                        return Ok(Some(candidate));
                    }
                }
                Ok(None)
            }
            Cursor::ScanQuery { start, walk } => {
                let Segment::ScanQuery(filter) = segment else {
                    return Ok(None);
                };
                if let Some(token) = scan_start(ctx, filter, start)? {
                    return Ok(Some(token));
                }
                while let Some(found) = walk.next(doc) {
                    if filter_match(ctx, filter, found)? {
                        if found.node().is_none() {
                            ctx.observe(|o| o.property_selected = true);
                        }
                        return Ok(Some(found));
                    }
                }
                Ok(None)
            }
            Cursor::ScanObjects { start, walk } => {
                let Segment::ScanQuery(filter) = segment else {
                    return Ok(None);
                };
                if let Some(token) = scan_start(ctx, filter, start)? {
                    return Ok(Some(token));
                }
                Ok(next_object_match(ctx, filter, walk)?.map(Token::Node))
            }
        }
    }
}

/// `..[?( )]` tests its start token first (once: `start` is taken): the token, if it matches.
fn scan_start(
    ctx: &Ctx<'_>,
    filter: &Filter,
    start: &mut Option<Token>,
) -> Result<Option<Token>, EvalError> {
    let Some(token) = start.take() else {
        return Ok(None);
    };
    if filter_match(ctx, filter, token)? {
        ctx.observe(|o| o.scan_filter_matched_start = true);
        return Ok(Some(token));
    }
    Ok(None)
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

/// `ArraySliceFilter`'s bounds for one array, with C#'s wrapping 32-bit arithmetic.
fn slice_cursor(
    array: NodeId,
    len: usize,
    start: Option<i32>,
    end: Option<i32>,
    step: Option<i32>,
) -> Cursor {
    let count = i32::try_from(len).unwrap_or(i32::MAX);
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
    Cursor::Slice {
        array,
        i: from,
        to,
        step,
    }
}

/// `QueryExpression.IsMatch`, skipping tokens the filter can never accept (see
/// [`Filter::objects_only`]).
fn filter_match(ctx: &Ctx<'_>, filter: &Filter, token: Token) -> Result<bool, EvalError> {
    if filter.objects_only && ctx.shortcuts {
        let Token::Node(id) = token else {
            return Ok(false);
        };
        if !matches!(ctx.doc.value(id), Value::Object(_)) {
            return Ok(false);
        }
    }
    is_match(ctx, &filter.expr, token)
}

/// The token a plain member chain (`@.a.b`; `@` alone selects the token itself) selects from
/// `token`, if any.
pub(crate) fn resolve_chain<'p>(
    doc: &Document,
    names: impl Iterator<Item = &'p Name>,
    token: Token,
) -> Option<Token> {
    let mut current = token;
    for name in names {
        let Token::Node(id) = current else {
            return None;
        };
        current = match doc.value(id) {
            Value::Object(_) => Token::Node(doc.get_keyed(id, name.key, name)?),
            _ => return None,
        };
    }
    Some(current)
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
            if let Some(chain) = ctx.chain(path) {
                return Ok(resolve_chain(ctx.doc, chain, token).is_some());
            }
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
                if let Some(chain) = ctx.chain(path) {
                    return Ok(match resolve_chain(ctx.doc, chain, token) {
                        Some(t) => Rights::One(Item::Tok(t)),
                        None => Rights::Many(Vec::new()),
                    });
                }
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
        Operand::Path(path) => match ctx.chain(path) {
            Some(chain) => {
                if let Some(t) = resolve_chain(doc, chain, token) {
                    let _ = test(Item::Tok(t))?;
                }
            }
            None => {
                let _ = run_path(ctx, path, token, &mut |t| test(Item::Tok(t)))?;
            }
        },
    }
    Ok(matched)
}

#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
