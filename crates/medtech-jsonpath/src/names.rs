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
use medtech_json::{Document, NodeId, Value};

/// The names of every object member reachable from a node (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberNames {
    bits: [u64; 4],
}

/// Names one of which an object must have, with their bit positions.
pub(crate) type RequiredNames = Box<[(Box<str>, NameBits)]>;

/// A member name's two bit positions in the filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameBits(u8, u8);

impl NameBits {
    pub(crate) fn of(name: &str) -> NameBits {
        // FNV-1a, 64 bits.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in name.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        NameBits(hash as u8, (hash >> 32) as u8)
    }
}

impl MemberNames {
    /// The names of the members of `start` and of every object below it (shared nodes are
    /// visited as often as they are reachable; an explicit stack keeps deep nesting off the
    /// call stack).
    pub fn of(doc: &Document, start: NodeId) -> MemberNames {
        let mut names = MemberNames::default();
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            match doc.value(id) {
                Value::Object(members) => {
                    for member in members {
                        names.insert(NameBits::of(&member.name));
                        if doc.value(member.value).is_container() {
                            stack.push(member.value);
                        }
                    }
                }
                Value::Array(items) => stack.extend(
                    items
                        .iter()
                        .copied()
                        .filter(|&item| doc.value(item).is_container()),
                ),
                _ => {}
            }
        }
        names
    }

    fn insert(&mut self, bits: NameBits) {
        for bit in [bits.0, bits.1] {
            self.bits[usize::from(bit >> 6)] |= 1 << (bit & 63);
        }
    }

    fn may_contain(&self, bits: NameBits) -> bool {
        [bits.0, bits.1]
            .iter()
            .all(|&bit| self.bits[usize::from(bit >> 6)] & (1 << (bit & 63)) != 0)
    }

    /// False when `path`, evaluated from the node these names were gathered from, certainly
    /// selects nothing and raises no error (see [`JsonPath::required_member_names`]).
    pub fn may_select(&self, path: &JsonPath) -> bool {
        match &path.required {
            None => true,
            Some(required) => required.iter().any(|(_, bits)| self.may_contain(*bits)),
        }
    }
}

/// For `$..[?(filter)]` whose filter is false, without evaluating anything that could fail, on
/// every token that is not an object having one of the returned member names: those names.
pub(crate) fn required_names(path: &Path) -> Option<RequiredNames> {
    let [Segment::ScanQuery(filter)] = path.segments.as_slice() else {
        return None;
    };
    if !filter.objects_only {
        return None;
    }
    let mut names = Vec::new();
    expr_names(&filter.expr, &mut names).then(|| {
        names
            .into_iter()
            .map(|n| (Box::from(n), NameBits::of(n)))
            .collect()
    })
}

/// Adds the names one of which the token must have for `expr` to be true; false when there is
/// no such requirement. `&&` stops at its first false condition, so its first condition's
/// names are required; `||` needs one of every condition's names. A comparison is false when
/// either operand selects nothing (`BooleanQueryExpression.IsMatch`), so a path operand whose
/// first step is `.name` or `['a','b']` requires those names.
fn expr_names<'a>(expr: &'a Expr, out: &mut Vec<&'a str>) -> bool {
    match expr {
        Expr::And(list) => list.first().is_some_and(|e| expr_names(e, out)),
        Expr::Or(list) => !list.is_empty() && list.iter().all(|e| expr_names(e, out)),
        Expr::Compare { op, left, right } => match (left, right) {
            (Operand::Path(path), _) => path_names(path, out),
            (Operand::Literal(_), Some(Operand::Path(path))) if *op != Op::Exists => {
                path_names(path, out)
            }
            _ => false,
        },
    }
}

fn path_names<'a>(path: &'a Path, out: &mut Vec<&'a str>) -> bool {
    if path.zero_step {
        return false;
    }
    match path.segments.first() {
        Some(Segment::Field(Some(name))) => {
            out.push(name);
            true
        }
        Some(Segment::Fields(names)) if !names.is_empty() => {
            out.extend(names.iter().map(|n| &**n));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
