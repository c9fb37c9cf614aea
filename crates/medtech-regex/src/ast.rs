//! The parsed pattern.

use crate::unicode;

/// A character class: `[…]`, `\w`, `\p{…}`, `.` with Singleline, or a literal under
/// IgnoreCase that has case equivalents.
#[derive(Debug, Clone, Default)]
pub(crate) struct Class {
    pub negate: bool,
    /// Inclusive ranges; under IgnoreCase their case equivalents belong to the class too.
    pub ranges: Vec<(u16, u16)>,
    pub ignore_case: bool,
    /// Category tests: `(mask, negated)`; a unit matches when `(mask has its category) != negated`.
    pub categories: Vec<(u32, bool)>,
    /// `\s` / `\S`.
    pub spaces: Vec<bool>,
    /// `[base-[subtraction]]`.
    pub subtraction: Option<Box<Class>>,
}

impl Class {
    /// Whether `unit` is in the class: `(ranges or categories) != negate`, minus the
    /// subtraction (walked iteratively).
    pub(crate) fn contains(&self, unit: u16) -> bool {
        if self.subtraction.is_none() {
            return self.contains_base(unit);
        }
        let mut chain = vec![self];
        while let Some(sub) = &chain[chain.len() - 1].subtraction {
            chain.push(sub);
        }
        // Innermost first: in(c) = base(c) && !in(sub)(c).
        chain
            .iter()
            .rev()
            .fold(false, |in_sub, class| class.contains_base(unit) && !in_sub)
    }

    fn contains_base(&self, unit: u16) -> bool {
        let in_ranges = |u: u16| self.ranges.iter().any(|&(lo, hi)| lo <= u && u <= hi);
        let mut found = in_ranges(unit)
            || (self.ignore_case
                && !self.ranges.is_empty()
                && unicode::for_each_equivalent(unit, in_ranges));
        if !found && !self.categories.is_empty() {
            let c = unicode::category(unit);
            found = self
                .categories
                .iter()
                .any(|&(mask, negated)| (mask & c != 0) != negated);
        }
        if !found {
            found = self
                .spaces
                .iter()
                .any(|&negated| unicode::is_space(unit) != negated);
        }
        found != self.negate
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Assertion {
    /// `^` without Multiline, `\A`.
    Beginning,
    /// `^` with Multiline.
    Bol,
    /// `$` with Multiline.
    Eol,
    /// `$` without Multiline, `\Z`: the end or before a final `\n`.
    EndZ,
    /// `\z`.
    End,
    /// `\G`.
    Start,
    Boundary,
    NonBoundary,
}

#[derive(Debug)]
pub(crate) enum Node {
    Empty,
    /// One code unit, case-sensitive.
    Char(u16),
    /// Any unit but `\n`.
    NotNewline,
    Set(Box<Class>),
    Assert(Assertion),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat {
        min: u32,
        max: u32,
        lazy: bool,
        body: Box<Node>,
    },
    /// A capturing or balancing group: `cap`/`uncap` are group numbers.
    Capture {
        cap: Option<u32>,
        uncap: Option<u32>,
        body: Box<Node>,
    },
    Atomic(Box<Node>),
    Look {
        behind: bool,
        negate: bool,
        body: Box<Node>,
    },
    Backref {
        group: u32,
        ignore_case: bool,
    },
    /// `(?(n)yes|no)`.
    GroupConditional {
        group: u32,
        yes: Box<Node>,
        no: Box<Node>,
    },
    /// `(?(expression)yes|no)`.
    ExpressionConditional {
        condition: Box<Node>,
        yes: Box<Node>,
        no: Box<Node>,
    },
}
