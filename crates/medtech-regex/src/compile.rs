//! Compiles the tree into a program for the backtracking machine (`exec`). Lookbehinds are
//! compiled right-to-left, as .NET runs them: their concatenations are reversed and their
//! consuming instructions step backwards, so any lookbehind, of any length, works.

use crate::ast::{Assertion, Class, Node};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Matcher {
    Char(u16),
    NotNewline,
    /// An index into `Program::classes`.
    Set(u32),
}

/// Where a loop's body starts and ends, and how often it may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LoopShape {
    pub(crate) body: u32,
    pub(crate) exit: u32,
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) lazy: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Inst {
    /// Consumes one unit.
    One {
        m: Matcher,
        rtl: bool,
    },
    /// Consumes `min..=max` units, each matching `m`, without a stack entry per unit.
    Rep {
        m: Matcher,
        min: u32,
        max: u32,
        lazy: bool,
        rtl: bool,
    },
    Assert(Assertion),
    /// Tries `first`, and `second` on backtracking.
    Split {
        first: u32,
        second: u32,
    },
    Jmp(u32),
    /// Enters a loop (its counter in `slot`).
    LoopInit {
        slot: u32,
        shape: LoopShape,
    },
    /// The first instruction of a loop body: notes where the iteration started.
    LoopBody {
        slot: u32,
    },
    /// Ends an iteration: loops again or leaves, as `shape` says.
    LoopEnd {
        slot: u32,
        shape: LoopShape,
    },
    Open {
        slot: u32,
    },
    Close {
        slot: u32,
        cap: Option<u32>,
        uncap: Option<u32>,
    },
    Backref {
        group: u32,
        ignore_case: bool,
        rtl: bool,
    },
    /// `(?(n)`: continue if group `n` has a capture, else jump to `no`.
    IfGroup {
        group: u32,
        no: u32,
    },
    /// Starts an atomic group, a lookaround or a conditional's condition.
    Barrier(Barrier),
    /// The end of an atomic group or of a positive lookaround (which also restores the
    /// position): drops the choices made inside.
    Cut {
        restore_position: bool,
    },
    /// The end of a negative lookaround's body: the lookaround fails.
    NegLookEnd,
    Match,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Barrier {
    Atomic,
    Look,
    /// Its body failing is success: continue at `next` at the saved position.
    NegLook {
        next: u32,
    },
    /// A conditional's condition: its failure continues at `no` at the saved position.
    Condition {
        no: u32,
    },
}

#[derive(Clone)]
pub(crate) struct Program {
    pub insts: Vec<Inst>,
    pub classes: Vec<Class>,
    pub capture_slots: usize,
    pub loop_slots: usize,
    pub groups: usize,
}

struct Compiler<'a> {
    insts: Vec<Inst>,
    classes: Vec<Class>,
    capture_slots: u32,
    loop_slots: u32,
    group_numbers: &'a [u32],
}

pub(crate) fn compile(root: Node, group_numbers: &[u32]) -> Program {
    let mut c = Compiler {
        insts: Vec::new(),
        classes: Vec::new(),
        capture_slots: 0,
        loop_slots: 0,
        group_numbers,
    };
    c.node(root, false);
    c.insts.push(Inst::Match);
    Program {
        insts: c.insts,
        classes: c.classes,
        capture_slots: c.capture_slots as usize,
        loop_slots: c.loop_slots as usize,
        groups: group_numbers.len(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Compiler<'_> {
    fn here(&self) -> u32 {
        to_u32(self.insts.len())
    }

    fn group(&self, number: u32) -> u32 {
        to_u32(self.group_numbers.binary_search(&number).unwrap_or(0))
    }

    fn matcher(&mut self, node: Node) -> Result<Matcher, Node> {
        match node {
            Node::Char(c) => Ok(Matcher::Char(c)),
            Node::NotNewline => Ok(Matcher::NotNewline),
            Node::Set(class) => {
                self.classes.push(*class);
                Ok(Matcher::Set(to_u32(self.classes.len() - 1)))
            }
            other => Err(other),
        }
    }

    fn patch(&mut self, at: u32, target: u32) {
        match &mut self.insts[at as usize] {
            Inst::Split { second, .. } => *second = target,
            Inst::Jmp(t) => *t = target,
            Inst::IfGroup { no, .. } => *no = target,
            Inst::Barrier(Barrier::NegLook { next }) => *next = target,
            Inst::Barrier(Barrier::Condition { no }) => *no = target,
            Inst::LoopInit { shape, .. } | Inst::LoopEnd { shape, .. } => shape.exit = target,
            _ => {}
        }
    }

    fn node(&mut self, node: Node, rtl: bool) {
        match node {
            Node::Empty => {}
            Node::Char(_) | Node::NotNewline | Node::Set(_) => {
                if let Ok(m) = self.matcher(node) {
                    self.insts.push(Inst::One { m, rtl });
                }
            }
            Node::Assert(a) => self.insts.push(Inst::Assert(a)),
            Node::Concat(nodes) => {
                if rtl {
                    for n in nodes.into_iter().rev() {
                        self.node(n, rtl);
                    }
                } else {
                    for n in nodes {
                        self.node(n, rtl);
                    }
                }
            }
            Node::Alternate(nodes) => {
                let count = nodes.len();
                let mut jumps = Vec::new();
                for (i, n) in nodes.into_iter().enumerate() {
                    if i + 1 < count {
                        let split = self.here();
                        self.insts.push(Inst::Split {
                            first: split + 1,
                            second: 0,
                        });
                        self.node(n, rtl);
                        jumps.push(self.here());
                        self.insts.push(Inst::Jmp(0));
                        let next = self.here();
                        self.patch(split, next);
                    } else {
                        self.node(n, rtl);
                    }
                }
                let end = self.here();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Node::Repeat {
                min,
                max,
                lazy,
                body,
            } => match self.matcher(*body) {
                Ok(m) => self.insts.push(Inst::Rep {
                    m,
                    min,
                    max,
                    lazy,
                    rtl,
                }),
                Err(body) => {
                    let slot = self.loop_slots;
                    self.loop_slots += 1;
                    let init = self.here();
                    // (`exit` is patched once the body is compiled.)
                    let shape = LoopShape {
                        body: init + 1,
                        exit: 0,
                        min,
                        max,
                        lazy,
                    };
                    self.insts.push(Inst::LoopInit { slot, shape });
                    self.insts.push(Inst::LoopBody { slot });
                    self.node(body, rtl);
                    let end = self.here();
                    self.insts.push(Inst::LoopEnd { slot, shape });
                    let exit = self.here();
                    self.patch(init, exit);
                    self.patch(end, exit);
                }
            },
            Node::Capture { cap, uncap, body } => {
                let slot = self.capture_slots;
                self.capture_slots += 1;
                self.insts.push(Inst::Open { slot });
                self.node(*body, rtl);
                let cap = cap.map(|n| self.group(n));
                let uncap = uncap.map(|n| self.group(n));
                self.insts.push(Inst::Close { slot, cap, uncap });
            }
            Node::Atomic(body) => {
                self.insts.push(Inst::Barrier(Barrier::Atomic));
                self.node(*body, rtl);
                self.insts.push(Inst::Cut {
                    restore_position: false,
                });
            }
            Node::Look {
                behind,
                negate,
                body,
            } => {
                if negate {
                    let barrier = self.here();
                    self.insts.push(Inst::Barrier(Barrier::NegLook { next: 0 }));
                    self.node(*body, behind);
                    self.insts.push(Inst::NegLookEnd);
                    let next = self.here();
                    self.patch(barrier, next);
                } else {
                    self.insts.push(Inst::Barrier(Barrier::Look));
                    self.node(*body, behind);
                    self.insts.push(Inst::Cut {
                        restore_position: true,
                    });
                }
            }
            Node::Backref { group, ignore_case } => {
                let group = self.group(group);
                self.insts.push(Inst::Backref {
                    group,
                    ignore_case,
                    rtl,
                });
            }
            Node::GroupConditional { group, yes, no } => {
                let group = self.group(group);
                let test = self.here();
                self.insts.push(Inst::IfGroup { group, no: 0 });
                self.branches(test, *yes, *no, rtl);
            }
            Node::ExpressionConditional { condition, yes, no } => {
                let barrier = self.here();
                self.insts.push(Inst::Barrier(Barrier::Condition { no: 0 }));
                self.node(*condition, rtl);
                self.insts.push(Inst::Cut {
                    restore_position: true,
                });
                self.branches(barrier, *yes, *no, rtl);
            }
        }
    }

    /// `yes`, then `no` where `test` jumps when the condition fails.
    fn branches(&mut self, test: u32, yes: Node, no: Node, rtl: bool) {
        self.node(yes, rtl);
        let jump = self.here();
        self.insts.push(Inst::Jmp(0));
        let no_start = self.here();
        self.patch(test, no_start);
        self.node(no, rtl);
        let end = self.here();
        self.patch(jump, end);
    }
}
