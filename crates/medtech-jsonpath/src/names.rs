//! A summary of the member names under a token, to skip evaluations that cannot select
//! anything: a scan filter `$..[?(@a && …)]` tests members of objects, so over a document where
//! no object has a member `a` it selects nothing — and, its first condition being false on
//! every token, evaluates nothing else, so it cannot fail either. A device mapping's templates
//! mostly look for members a given message does not have; one pass over the message's names
//! replaces a scan per template.
//!
//! The summary is a 256-bit Bloom filter of the exact (case-sensitive, as Newtonsoft looks
//! members up) names: "absent" is certain, "present" may be wrong, which only means the
//! expression is evaluated as usual.

use crate::ast::{Expr, Op, Operand, Path, Segment};
use crate::JsonPath;
use medtech_json::{Document, Value};

/// The names of every object member reachable from a node (see the module docs), exact and
/// with ASCII letters folded to lower case (for tools that look for case variants).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberNames {
    bits: [u64; 4],
    folded: [u64; 4],
    /// Some name is not ASCII: the folded filter cannot rule anything out (Unicode folding
    /// can make a non-ASCII name equal an ASCII one, as the Kelvin sign equals `k`).
    non_ascii: bool,
}

/// Names (their bit positions) with their clause: for each clause, some object must have one
/// of its names for the expression to select anything or fail.
pub(crate) type RequiredNames = Box<[(NameBits, u8)]>;

/// A member name's two bit positions in the filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameBits(u8, u8);

impl NameBits {
    pub(crate) fn of(name: &str) -> NameBits {
        NameBits::from_hash(hashes(name.as_bytes()).0)
    }

    fn from_hash(hash: u64) -> NameBits {
        NameBits(hash as u8, (hash >> 32) as u8)
    }
}

/// ASCII letters folded to lower case (and some punctuation with them: `@` with `` ` ``, `[`
/// with `{`; the filter only gets coarser, never wrong).
const FOLD: u64 = 0x2020_2020_2020_2020;

/// Hashes of a name's length and first and last eight bytes, exact and folded (`FOLD` ORed
/// into the bytes): constant time per name, which is what matters for a pass over every member
/// of every message. Names of up to eight bytes are hashed whole.
fn hashes(bytes: &[u8]) -> (u64, u64) {
    let load8 = |b: &[u8]| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[..8]);
        u64::from_le_bytes(word)
    };
    let load4 = |b: &[u8]| {
        let mut word = [0u8; 4];
        word.copy_from_slice(&b[..4]);
        u64::from(u32::from_le_bytes(word))
    };
    let n = bytes.len();
    let (head, tail) = if n >= 8 {
        (load8(bytes), load8(&bytes[n - 8..]))
    } else if n >= 4 {
        (load4(bytes) | load4(&bytes[n - 4..]) << 32, 0)
    } else if n > 0 {
        let b = |i: usize| u64::from(bytes[i]);
        (b(0) | b(n / 2) << 8 | b(n - 1) << 16, 0)
    } else {
        (0, 0)
    };
    let mix = |head: u64, tail: u64| {
        let mixed = (head ^ (n as u64).rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ tail.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        mixed ^ (mixed >> 29)
    };
    (mix(head, tail), mix(head | FOLD, tail | FOLD))
}

/// A name looked up in [`MemberNames`], hashed once (for names looked up in every message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameKey {
    exact: NameBits,
    folded: NameBits,
    ascii: bool,
}

impl NameKey {
    /// The key of `name`.
    pub fn new(name: &str) -> NameKey {
        let (exact, folded) = hashes(name.as_bytes());
        NameKey {
            exact: NameBits::from_hash(exact),
            folded: NameBits::from_hash(folded),
            ascii: name.is_ascii(),
        }
    }
}

impl MemberNames {
    /// The names of the members of every object of the document: those reachable from any
    /// node and more (nodes pushed and detached, such as a duplicate member's replaced value,
    /// are read too; more names only make the filter answer "maybe" more often). One linear
    /// pass over the arena, without a stack.
    pub fn of_document(doc: &Document) -> MemberNames {
        MemberNames::of_nodes(doc, 0..doc.len())
    }

    /// The names of the members of the objects among the arena's nodes `range` (clamped to
    /// the arena): with [`MemberNames::union`], a document whose other nodes' names are
    /// known already (a message's envelope, the same for every message) is summarized by
    /// reading only the rest.
    pub fn of_nodes(doc: &Document, range: std::ops::Range<usize>) -> MemberNames {
        let nodes = doc.nodes();
        let end = range.end.min(nodes.len());
        let mut names = MemberNames::default();
        for node in nodes.get(range.start.min(end)..end).unwrap_or_default() {
            if let Value::Object(members) = &node.value {
                for member in members {
                    let (exact, folded) = hashes(member.name.as_bytes());
                    names.non_ascii |= !member.name.is_ascii();
                    set(&mut names.bits, NameBits::from_hash(exact));
                    set(&mut names.folded, NameBits::from_hash(folded));
                }
            }
        }
        names
    }

    /// The names of both summaries.
    pub fn union(self, other: MemberNames) -> MemberNames {
        let or = |a: [u64; 4], b: [u64; 4]| std::array::from_fn(|i| a[i] | b[i]);
        MemberNames {
            bits: or(self.bits, other.bits),
            folded: or(self.folded, other.folded),
            non_ascii: self.non_ascii || other.non_ascii,
        }
    }

    /// False when no object has a member called exactly `name`.
    pub fn may_contain(&self, name: &NameKey) -> bool {
        test(&self.bits, name.exact)
    }

    /// False when no object has a member whose name equals `name` ignoring case (as
    /// `medtech_json::document::eq_ignore_case` compares).
    pub fn may_contain_ignore_case(&self, name: &NameKey) -> bool {
        self.non_ascii || !name.ascii || test(&self.folded, name.folded)
    }

    /// False when `path`, evaluated from the node these names were gathered from, certainly
    /// selects nothing and raises no error (see [`JsonPath::required_member_names`]).
    pub fn may_select(&self, path: &JsonPath) -> bool {
        match &path.required {
            None => true,
            Some(required) => {
                let (mut need, mut have) = (0u64, 0u64);
                for &(bits, clause) in required.iter() {
                    need |= 1 << clause;
                    if test(&self.bits, bits) {
                        have |= 1 << clause;
                    }
                }
                have == need
            }
        }
    }
}

fn set(filter: &mut [u64; 4], bits: NameBits) {
    for bit in [bits.0, bits.1] {
        filter[usize::from(bit >> 6)] |= 1 << (bit & 63);
    }
}

fn test(filter: &[u64; 4], bits: NameBits) -> bool {
    [bits.0, bits.1]
        .iter()
        .all(|&bit| filter[usize::from(bit >> 6)] & (1 << (bit & 63)) != 0)
}

/// For `$..[?(filter)]` whose filter is false, without evaluating anything that could fail, on
/// every token unless the document has member names satisfying every clause: the names with
/// their clauses (see [`names_with_clauses`]), as bit positions.
pub(crate) fn required_names(path: &Path) -> Option<RequiredNames> {
    names_with_clauses(path).map(|names| {
        names
            .into_iter()
            .map(|(name, clause)| (NameBits::of(name), clause))
            .collect()
    })
}

/// For `$..[?(filter)]` whose filter is false, without evaluating anything that could fail, on
/// every token unless, for each clause, some object has one of the clause's names: the names,
/// each with its clause (0, 1, …).
pub(crate) fn names_with_clauses(path: &Path) -> Option<Vec<(&str, u8)>> {
    let [Segment::ScanQuery(filter)] = path.segments.as_slice() else {
        return None;
    };
    if !filter.objects_only {
        return None;
    }
    let mut names = Vec::new();
    expr_names(&filter.expr, &mut names, true).then_some(names)
}

/// Adds the names, with their clauses, that hold wherever `expr` is true or fails; false when
/// there is no such requirement. `&&` stops at its first false condition, so its first
/// condition's names are required; `||` needs one of every condition's first names (one
/// clause). A comparison is false when either operand selects nothing
/// (`BooleanQueryExpression.IsMatch`, which reads the right operand only for a left result), so
/// a path operand whose first steps are `.name` or `['a','b']` requires those names, one clause
/// per step (with `chain`; the first step's otherwise): a member step selects nothing from a
/// token, object or not, without such a member (and fails on nothing inside a filter), so
/// nothing after it is evaluated.
fn expr_names<'a>(expr: &'a Expr, out: &mut Vec<(&'a str, u8)>, chain: bool) -> bool {
    match expr {
        Expr::And(list) => list.first().is_some_and(|e| expr_names(e, out, chain)),
        Expr::Or(list) => !list.is_empty() && list.iter().all(|e| expr_names(e, out, false)),
        Expr::Compare { op, left, right } => match (left, right) {
            (Operand::Path(path), _) => path_names(path, out, chain),
            (Operand::Literal(_), Some(Operand::Path(path))) if *op != Op::Exists => {
                path_names(path, out, chain)
            }
            _ => false,
        },
    }
}

fn path_names<'a>(path: &'a Path, out: &mut Vec<(&'a str, u8)>, chain: bool) -> bool {
    if path.zero_step {
        return false;
    }
    let mut steps = 0u8;
    for segment in &path.segments {
        match segment {
            Segment::Field(Some(name)) => out.push((name, steps)),
            Segment::Fields(names) if !names.is_empty() => {
                out.extend(names.iter().map(|n| (&**n, steps)))
            }
            _ => break,
        }
        steps += 1;
        if !chain || steps == 64 {
            break;
        }
    }
    steps > 0
}

#[cfg(test)]
mod tests;
