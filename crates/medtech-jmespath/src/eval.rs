//! The interpreter: JmesPath.Net's `Transform` semantics over our value model
//! (device-mapping.md §7.2).
//!
//! A result is either a token or a *projection* (a list of results), exactly like
//! `JmesPathArgument`. Any expression applied to a projection is applied to each element, and
//! a result equal to the shared `JTokens.Null` singleton is dropped — but only that singleton
//! (the reference compares by reference): a `null` member of the message, a `null` literal or a
//! `null` element of a computed array is a different token and is kept. A chain `a.b` stops at
//! any null token. A pipe turns the left projection into an array. Projections themselves are
//! produced by `[*]` (skipping null elements), `*` (object values, nulls kept), `[?…]`, `[]`
//! (skipping nulls) and slices.

use crate::ast::{Cmp, Name, Node};
use crate::compare::{deep_equals, is_false, ordering};
use crate::error::Eval;
use crate::var::{view, view_node, Items, Var, View};
use medtech_json::Document;
use std::rc::Rc;

/// An intermediate result (`JmesPathArgument`).
#[derive(Clone, Debug)]
pub(crate) enum Arg {
    /// A token; `Var::Null` here is the shared `JTokens.Null` singleton.
    Tok(Var),
    /// A `null` token that is not the singleton (literal `null`, element of a computed value).
    LooseNull,
    /// A projection.
    Proj(Rc<Vec<Arg>>),
}

impl Arg {
    /// `AsJToken()`: a projection becomes an array.
    pub(crate) fn to_var(&self) -> Var {
        match self {
            Arg::Tok(v) => v.clone(),
            Arg::LooseNull => Var::Null,
            Arg::Proj(items) => Var::array(items.iter().map(Arg::to_var).collect()),
        }
    }

    /// [`Arg::to_var`] of an owned result: a projection's elements are moved out when nothing
    /// else holds them, instead of cloned.
    pub(crate) fn into_var(self) -> Var {
        match self {
            Arg::Tok(v) => v,
            Arg::LooseNull => Var::Null,
            Arg::Proj(items) => match Rc::try_unwrap(items) {
                Ok(items) => Var::array(items.into_iter().map(Arg::into_var).collect()),
                Err(items) => Var::array(items.iter().map(Arg::to_var).collect()),
            },
        }
    }

    /// `AsJToken()` kept as an argument (a loose null stays loose).
    fn to_token(&self) -> Arg {
        match self {
            Arg::Proj(_) => Arg::Tok(self.to_var()),
            other => other.clone(),
        }
    }

    fn is_singleton_null(&self) -> bool {
        matches!(self, Arg::Tok(Var::Null))
    }

    /// `argument == JmesPathArgument.Null` (a hash comparison: true for any null token).
    fn is_null_token(&self, doc: &Document) -> bool {
        match self {
            Arg::Tok(v) => view(doc, v).is_null(),
            Arg::LooseNull => true,
            Arg::Proj(_) => false,
        }
    }

    /// An element taken out of a container: `null` elements of computed containers are loose.
    fn element(v: Var, computed: bool) -> Arg {
        if computed && v == Var::Null {
            Arg::LooseNull
        } else {
            Arg::Tok(v)
        }
    }
}

/// The evaluation context.
pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a Document,
}

impl Ctx<'_> {
    /// `JmesPathExpression.Transform(JmesPathArgument)`.
    pub(crate) fn transform(&self, node: &Node, arg: &Arg) -> Eval<Arg> {
        match (node, arg) {
            // the flatten projection flattens a whole incoming projection
            (Node::Flatten, Arg::Proj(_)) => self.flatten(&arg.to_var()),
            (_, Arg::Proj(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    let result = self.transform(node, item)?;
                    if !result.is_singleton_null() {
                        out.push(result);
                    }
                }
                Ok(Arg::Proj(Rc::new(out)))
            }
            _ => self.transform_token(node, arg),
        }
    }

    /// `Transform(JToken)` of each expression class; `tok` is never a projection. Each class is
    /// a separate function so that the recursive path keeps small stack frames.
    fn transform_token(&self, node: &Node, tok: &Arg) -> Eval<Arg> {
        match node {
            Node::Current => Ok(tok.clone()),
            Node::Identifier(name) => Ok(self.identifier(name, tok)),
            Node::Literal(Var::Null) => Ok(Arg::LooseNull),
            Node::Literal(v) => Ok(Arg::Tok(v.clone())),
            Node::RawString(s) => Ok(Arg::Tok(Var::String(s.clone()))),
            Node::Index(i) => Ok(self.index(*i, tok)),
            Node::ListWildcard => Ok(self.list_wildcard(tok)),
            Node::HashWildcard => Ok(self.hash_wildcard(tok)),
            Node::Flatten => self.flatten(&tok.to_var()),
            Node::Filter(predicate) => self.filter(predicate, tok),
            Node::Slice { start, stop, step } => Ok(match view(self.doc, &tok.to_var()) {
                View::Array(items) => slice(items, *start, *stop, step.unwrap_or(1)),
                _ => Arg::Tok(Var::Null),
            }),
            Node::Sub(..) | Node::IndexExpr(..) => self.chain(node, tok),
            Node::Pipe(left, right) => self.pipe(left, right, tok),
            Node::Or(left, right) => self.or_and(left, right, tok, true),
            Node::And(left, right) => self.or_and(left, right, tok, false),
            Node::Not(e) => {
                let value = self.transform(e, tok)?;
                Ok(Arg::Tok(Var::Bool(is_false(self.doc, &value))))
            }
            Node::Compare(op, left, right) => self.compare(*op, left, right, tok),
            Node::MultiList(items) => self.multi_list(items, tok),
            Node::MultiHash(pairs) => self.multi_hash(pairs, tok),
            Node::Function { func, args, .. } => crate::functions::call(self, *func, args, tok),
            Node::Paren(e) => self.transform(e, tok),
        }
    }

    #[inline(never)]
    fn identifier(&self, name: &Name, tok: &Arg) -> Arg {
        if let Arg::Tok(Var::Node(id)) = tok {
            // A node of the message (the usual case): its members looked up by key.
            let found = match view_node(self.doc, *id) {
                View::Object(_) => self.doc.get_keyed(*id, name.key, name),
                _ => None,
            };
            return Arg::Tok(found.map_or(Var::Null, Var::Node));
        }
        let var = tok.to_var();
        match view(self.doc, &var) {
            View::Object(fields) => match fields.get(name) {
                Some(v) => Arg::element(v, fields.is_computed()),
                None => Arg::Tok(Var::Null),
            },
            _ => Arg::Tok(Var::Null),
        }
    }

    #[inline(never)]
    fn index(&self, i: i32, tok: &Arg) -> Arg {
        let var = tok.to_var();
        match view(self.doc, &var) {
            View::Array(items) => {
                let len = items.len() as i64;
                let mut index = i64::from(i);
                if index < 0 {
                    index += len;
                }
                match usize::try_from(index).ok().and_then(|k| items.get(k)) {
                    Some(v) => Arg::element(v, items.is_computed()),
                    None => Arg::Tok(Var::Null),
                }
            }
            _ => Arg::Tok(Var::Null),
        }
    }

    #[inline(never)]
    fn list_wildcard(&self, tok: &Arg) -> Arg {
        let doc = self.doc;
        let var = tok.to_var();
        match view(doc, &var) {
            View::Array(items) => Arg::Proj(Rc::new(
                items
                    .iter()
                    .filter(|v| !view(doc, v).is_null())
                    .map(Arg::Tok)
                    .collect(),
            )),
            _ => Arg::Tok(Var::Null),
        }
    }

    #[inline(never)]
    fn hash_wildcard(&self, tok: &Arg) -> Arg {
        let var = tok.to_var();
        match view(self.doc, &var) {
            View::Object(fields) => {
                let computed = fields.is_computed();
                Arg::Proj(Rc::new(
                    fields
                        .iter()
                        .map(|(_, v)| Arg::element(v, computed))
                        .collect(),
                ))
            }
            _ => Arg::Tok(Var::Null),
        }
    }

    #[inline(never)]
    fn filter(&self, predicate: &Node, tok: &Arg) -> Eval<Arg> {
        let var = tok.to_var();
        let View::Array(items) = view(self.doc, &var) else {
            return Ok(Arg::Tok(Var::Null));
        };
        // (Room for a few: a filter usually keeps one or two elements of a short array.)
        let mut out = Vec::with_capacity(items.len().min(8));
        for item in items.iter() {
            let item = Arg::element(item, items.is_computed());
            if !is_false(self.doc, &self.transform(predicate, &item)?) {
                out.push(item);
            }
        }
        Ok(Arg::Proj(Rc::new(out)))
    }

    #[inline(never)]
    fn pipe(&self, left: &Node, right: &Node, tok: &Arg) -> Eval<Arg> {
        let left = self.transform(left, tok)?.to_token();
        self.transform(right, &left)
    }

    #[inline(never)]
    fn or_and(&self, left: &Node, right: &Node, tok: &Arg, or: bool) -> Eval<Arg> {
        let l = self.transform(left, tok)?;
        if is_false(self.doc, &l) == or {
            self.transform(right, tok)
        } else {
            Ok(l)
        }
    }

    #[inline(never)]
    fn compare(&self, op: Cmp, left: &Node, right: &Node, tok: &Arg) -> Eval<Arg> {
        let doc = self.doc;
        let l = self.transform(left, tok)?.into_var();
        let r = self.transform(right, tok)?.into_var();
        let result = match op {
            Cmp::Eq => Some(deep_equals(doc, &l, &r, 0)?),
            Cmp::Ne => Some(!deep_equals(doc, &l, &r, 0)?),
            _ => ordering(doc, op, &l, &r)?,
        };
        Ok(match result {
            Some(b) => Arg::Tok(Var::Bool(b)),
            None => Arg::Tok(Var::Null),
        })
    }

    #[inline(never)]
    fn multi_list(&self, items: &[Node], tok: &Arg) -> Eval<Arg> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.transform(item, tok)?.into_var());
        }
        Ok(Arg::Tok(Var::array(out)))
    }

    #[inline(never)]
    fn multi_hash(&self, pairs: &[(Rc<str>, Node)], tok: &Arg) -> Eval<Arg> {
        let mut out = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            out.push((key.clone(), self.transform(value, tok)?.into_var()));
        }
        Ok(Arg::Tok(Var::Object(Rc::new(out))))
    }

    /// A left-leaning chain of `.`/`[…]` steps, evaluated without recursion on its length:
    /// each step applies to the previous result unless that result is a null token.
    fn chain(&self, node: &Node, tok: &Arg) -> Eval<Arg> {
        // The steps from the last to the first: the last eight on the stack (a chain in a
        // template is short), any before them in a vector.
        let mut last: [&Node; 8] = [node; 8];
        let mut count = 0;
        let mut earlier = Vec::new();
        let mut base = node;
        while let Node::Sub(left, right) | Node::IndexExpr(left, right) = base {
            if count < last.len() {
                last[count] = right;
                count += 1;
            } else {
                earlier.push(&**right);
            }
            base = left;
        }
        let steps = earlier
            .into_iter()
            .rev()
            .chain(last[..count].iter().rev().copied());
        let mut acc = self.step(base, tok)?;
        for step in steps {
            if acc.is_null_token(self.doc) {
                return Ok(acc);
            }
            acc = self.step(step, &acc)?;
        }
        Ok(acc)
    }

    /// One step of a chain: a member name on a token is looked up directly (what `transform`
    /// would do after its dispatch), anything else goes through `transform`.
    #[inline]
    fn step(&self, node: &Node, tok: &Arg) -> Eval<Arg> {
        match (node, tok) {
            (Node::Identifier(name), Arg::Tok(_) | Arg::LooseNull) => {
                Ok(self.identifier(name, tok))
            }
            _ => self.transform(node, tok),
        }
    }

    /// `JmesPathFlattenProjection.Project`.
    fn flatten(&self, var: &Var) -> Eval<Arg> {
        let doc = self.doc;
        let View::Array(items) = view(doc, var) else {
            return Ok(Arg::Tok(Var::Null));
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match view(doc, &item) {
                View::Null => {}
                View::Array(inner) => out.extend(
                    inner
                        .iter()
                        .filter(|v| !view(doc, v).is_null())
                        .map(Arg::Tok),
                ),
                _ => out.push(Arg::Tok(item)),
            }
        }
        Ok(Arg::Proj(Rc::new(out)))
    }
}

/// `JmesPathSliceProjection.Project`: negative bounds count from the end, no clamping, indices
/// outside the array skipped (computed directly instead of stepping through them).
fn slice(items: Items<'_>, start: Option<i32>, stop: Option<i32>, step: i32) -> Arg {
    let len = items.len() as i64;
    let step = i64::from(step);
    let mut from = match start {
        Some(s) if s < 0 => len + i64::from(s),
        Some(s) => i64::from(s),
        None if step > 0 => 0,
        None => len - 1,
    };
    let to = match stop {
        Some(s) if s < 0 => len + i64::from(s),
        Some(s) => i64::from(s),
        None if step > 0 => len,
        None => -1,
    };
    let mut out = Vec::new();
    if step > 0 {
        if from < 0 {
            from += (-from + step - 1) / step * step;
        }
        let end = to.min(len);
        while from < end {
            if let Some(v) = items.get(from as usize) {
                out.push(Arg::element(v, items.is_computed()));
            }
            from += step;
        }
    } else if step < 0 {
        if from >= len {
            let over = from - (len - 1);
            from -= (over + -step - 1) / -step * -step;
        }
        let end = to.max(-1);
        while from > end {
            if let Some(v) = usize::try_from(from).ok().and_then(|k| items.get(k)) {
                out.push(Arg::element(v, items.is_computed()));
            }
            from += step;
        }
    }
    Arg::Proj(Rc::new(out))
}
