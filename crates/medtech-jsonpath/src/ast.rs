//! The parsed form of a Newtonsoft JSONPath: a list of path filters, each applied to every token
//! the previous one produced (device-mapping.md §6.2), and the filter expressions (§6.3).

use crate::regex::CachedRegex;
use medtech_json::MemberKey;

/// A member name of a path, keyed once when the path is parsed ([`MemberKey`]) for the lookups
/// every evaluation makes with it.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    text: Box<str>,
    pub key: MemberKey,
}

impl Name {
    pub fn new(text: String) -> Name {
        let key = MemberKey::of(text.as_bytes());
        Name {
            text: text.into_boxed_str(),
            key,
        }
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// One step of a path (Newtonsoft's `PathFilter` classes).
#[derive(Clone, Debug)]
pub(crate) enum Segment {
    /// `.name`, `['name']`: the member's value, objects only. `None` = `.*`: every member value.
    Field(Option<Name>),
    /// `['a','b']`: the named members' values in list order (duplicates repeat).
    Fields(Vec<Box<str>>),
    /// `..name` / `..['name']`: values of members called `name` at any depth, in pre-order.
    /// `None` = `..*`: the start token, then every descendant value.
    Scan(Option<Box<str>>),
    /// `..['a','b']`.
    ScanFields(Vec<Box<str>>),
    /// `[n]` (arrays only; a negative index throws on an array).
    Index(i32),
    /// `[*]`: the elements of an array.
    AllElements,
    /// `[1,2]`.
    Indexes(Vec<i32>),
    /// `[start:end:step]`.
    Slice {
        start: Option<i32>,
        end: Option<i32>,
        step: Option<i32>,
    },
    /// `[?(…)]`: the children that satisfy the expression (properties for an object).
    Query(Box<Filter>),
    /// `..[?(…)]`: the token itself and all its descendants that satisfy the expression.
    ScanQuery(Box<Filter>),
    /// `$` inside a filter: the root token.
    Root,
}

/// A path: the segments in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Path {
    pub segments: Vec<Segment>,
    /// Some segment is a slice with step 0: evaluation throws before yielding anything.
    pub zero_step: bool,
    /// Some segment is not `.name` (the path is not a plain member chain).
    not_chain: bool,
}

impl Path {
    /// The member names of a plain member chain `@.a.b` (every segment `.name`), which selects
    /// at most one token and never fails.
    pub fn member_chain(&self) -> Option<impl Iterator<Item = &Name> + '_> {
        // (`not_chain` is kept by `push`, so this costs no pass over the segments.)
        let plain = !self.zero_step && !self.not_chain;
        plain.then(|| {
            self.segments.iter().filter_map(|s| match s {
                Segment::Field(Some(name)) => Some(name),
                _ => None,
            })
        })
    }

    /// The filter of a path that is one scan filter over objects only (`$..[?(@a)]`,
    /// [`Filter::objects_only`]), which [`crate::eval::scan_objects`] evaluates directly.
    pub fn object_scan(&self) -> Option<&Filter> {
        match self.segments.as_slice() {
            [Segment::ScanQuery(filter)] if !self.zero_step && filter.objects_only => Some(filter),
            _ => None,
        }
    }

    /// True when the path yields nothing, without error or observation, from any token that is
    /// not an object node (its first segment is `.name` or `['a','b']`, which select only from
    /// objects; `.*` is left out because it notes when it meets an array).
    fn objects_only(&self) -> bool {
        !self.zero_step
            && matches!(
                self.segments.first(),
                Some(Segment::Field(Some(_)) | Segment::Fields(_))
            )
    }

    pub fn push(&mut self, segment: Segment) {
        if let Segment::Slice { step: Some(0), .. } = segment {
            self.zero_step = true;
        }
        self.not_chain |= !matches!(segment, Segment::Field(Some(_)));
        self.segments.push(segment);
    }
}

/// Comparison operators of a filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Exists,
    Equals,
    NotEquals,
    StrictEquals,
    StrictNotEquals,
    LessThan,
    LessThanOrEquals,
    GreaterThan,
    GreaterThanOrEquals,
    RegexEquals,
}

/// A constant operand. A regex literal `/…/flags` is a string holding that whole text.
#[derive(Clone, Debug)]
pub(crate) enum Literal {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String {
        text: Box<str>,
        /// Compiled on first use when the string serves as a `=~` pattern.
        regex: Box<CachedRegex>,
    },
}

/// One side of a comparison.
#[derive(Clone, Debug)]
pub(crate) enum Operand {
    /// `@…` or `$…` (the latter starts with [`Segment::Root`]).
    Path(Path),
    Literal(Literal),
}

/// A filter `[?(…)]` and what the evaluator may skip for it.
#[derive(Clone, Debug)]
pub(crate) struct Filter {
    pub expr: Expr,
    /// The condition is false, without error, on every token that is not an object node
    /// (properties, arrays, primitives): scans test only objects.
    pub objects_only: bool,
}

impl Filter {
    pub fn new(expr: Expr) -> Filter {
        Filter {
            objects_only: expr.objects_only(),
            expr,
        }
    }
}

impl Expr {
    /// See [`Filter::objects_only`]. A comparison whose left operand is such a path yields no
    /// left token, so it is false (the right operand is never evaluated); with a literal on the
    /// left, the right operand's path decides. `&&` is false as soon as its first condition is;
    /// `||` needs every condition false.
    fn objects_only(&self) -> bool {
        match self {
            Expr::And(list) => list.first().is_some_and(Expr::objects_only),
            Expr::Or(list) => !list.is_empty() && list.iter().all(Expr::objects_only),
            Expr::Compare { op, left, right } => match (left, right) {
                (Operand::Path(path), _) => path.objects_only(),
                (Operand::Literal(_), Some(Operand::Path(path))) if *op != Op::Exists => {
                    path.objects_only()
                }
                _ => false,
            },
        }
    }
}

/// A filter expression (Newtonsoft's `QueryExpression` tree).
#[derive(Clone, Debug)]
pub(crate) enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Compare {
        op: Op,
        left: Operand,
        /// `None` for [`Op::Exists`].
        right: Option<Operand>,
    },
}
