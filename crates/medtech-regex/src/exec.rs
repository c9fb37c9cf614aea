//! The backtracking machine: an explicit stack of choice points and undo records, no native
//! recursion, and a step budget.

use crate::ast::Assertion;
use crate::compile::{Barrier, Inst, LoopShape, Matcher, Program};
use crate::unicode;
use crate::MatchError;

/// Instructions executed plus entries backtracked over, per `is_match` call.
pub(crate) const STEP_LIMIT: u64 = 20_000_000;
/// Backtracking-stack entries (about 16 bytes each).
pub(crate) const STACK_LIMIT: usize = 4_000_000;

#[derive(Debug, Clone, Copy)]
enum Bt {
    Choice {
        pc: u32,
        pos: u32,
    },
    /// A greedy `Rep` at `pc` that can still give back `count` units (it now ends at `pos`).
    RepGreedy {
        pc: u32,
        pos: u32,
        count: u32,
    },
    /// A lazy `Rep` at `pc` that has taken `count` units (it now ends at `pos`).
    RepLazy {
        pc: u32,
        pos: u32,
        count: u32,
    },
    Barrier {
        pc: u32,
        pos: u32,
    },
    RestoreOpen {
        slot: u32,
        pos: u32,
    },
    RestoreLoop {
        slot: u32,
        count: u32,
        start: u32,
    },
    /// Undoes a capture pushed onto `group`.
    UndoPush {
        group: u32,
    },
    /// Undoes a capture popped from `group` by a balancing group.
    UndoPop {
        group: u32,
        start: u32,
        end: u32,
    },
}

impl Bt {
    fn is_undo(&self) -> bool {
        matches!(
            self,
            Bt::RestoreOpen { .. }
                | Bt::RestoreLoop { .. }
                | Bt::UndoPush { .. }
                | Bt::UndoPop { .. }
        )
    }
}

struct Machine<'a> {
    prog: &'a Program,
    input: &'a [u16],
    stack: Vec<Bt>,
    /// Stack indexes of the open barriers.
    barriers: Vec<usize>,
    opens: Vec<u32>,
    loops: Vec<(u32, u32)>,
    caps: Vec<Vec<(u32, u32)>>,
    steps: u64,
}

enum Flow {
    Continue(usize, usize),
    Fail,
}

pub(crate) fn is_match(prog: &Program, input: &[u16]) -> Result<bool, MatchError> {
    let len = u32::try_from(input.len()).map_err(|_| MatchError::TooLong)?;
    let mut m = Machine {
        prog,
        input,
        stack: Vec::new(),
        barriers: Vec::new(),
        opens: vec![0; prog.capture_slots],
        loops: vec![(0, 0); prog.loop_slots],
        caps: vec![Vec::new(); prog.groups],
        steps: 0,
    };
    let anchored = matches!(
        prog.insts.first(),
        Some(Inst::Assert(Assertion::Beginning | Assertion::Start))
    );
    let first_char = match prog.insts.first() {
        Some(Inst::One {
            m: Matcher::Char(c),
            rtl: false,
        }) => Some(*c),
        _ => None,
    };
    for start in 0..=len as usize {
        if anchored && start > 0 {
            break;
        }
        if let Some(c) = first_char {
            if input.get(start) != Some(&c) {
                m.steps += 1;
                continue;
            }
        }
        if m.run(start)? {
            return Ok(true);
        }
    }
    Ok(false)
}

impl Machine<'_> {
    fn unit_matches(&self, m: Matcher, unit: u16) -> bool {
        match m {
            Matcher::Char(c) => unit == c,
            Matcher::NotNewline => unit != u16::from(b'\n'),
            Matcher::Set(i) => self.prog.classes[i as usize].contains(unit),
        }
    }

    /// Whether one unit in direction `rtl` from `pos` matches.
    fn step_one(&self, m: Matcher, pos: usize, rtl: bool) -> Option<usize> {
        if rtl {
            (pos > 0 && self.unit_matches(m, self.input[pos - 1])).then(|| pos - 1)
        } else {
            (pos < self.input.len() && self.unit_matches(m, self.input[pos])).then(|| pos + 1)
        }
    }

    fn push(&mut self, entry: Bt) -> Result<(), MatchError> {
        if self.stack.len() >= STACK_LIMIT {
            return Err(MatchError::BacktrackLimit);
        }
        self.stack.push(entry);
        Ok(())
    }

    /// Records an undo entry, unless nothing could ever backtrack to it.
    fn push_undo(&mut self, entry: Bt) -> Result<(), MatchError> {
        if self.stack.is_empty() {
            return Ok(());
        }
        self.push(entry)
    }

    fn tick(&mut self) -> Result<(), MatchError> {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return Err(MatchError::BacktrackLimit);
        }
        Ok(())
    }

    fn assertion(&self, a: Assertion, pos: usize) -> bool {
        let input = self.input;
        let len = input.len();
        let nl = u16::from(b'\n');
        match a {
            Assertion::Beginning | Assertion::Start => pos == 0,
            Assertion::Bol => pos == 0 || input[pos - 1] == nl,
            Assertion::Eol => pos == len || input[pos] == nl,
            Assertion::EndZ => pos == len || (pos + 1 == len && input[pos] == nl),
            Assertion::End => pos == len,
            Assertion::Boundary | Assertion::NonBoundary => {
                let before = pos > 0 && unicode::is_boundary_word(input[pos - 1]);
                let after = pos < len && unicode::is_boundary_word(input[pos]);
                (before != after) == (a == Assertion::Boundary)
            }
        }
    }

    fn run(&mut self, start: usize) -> Result<bool, MatchError> {
        self.stack.clear();
        self.barriers.clear();
        for c in &mut self.caps {
            c.clear();
        }
        let mut pc = 0usize;
        let mut pos = start;
        loop {
            self.tick()?;
            let flow = self.exec(pc, pos)?;
            match flow {
                Some(Flow::Continue(next_pc, next_pos)) => {
                    pc = next_pc;
                    pos = next_pos;
                }
                Some(Flow::Fail) => match self.backtrack()? {
                    Some((next_pc, next_pos)) => {
                        pc = next_pc;
                        pos = next_pos;
                    }
                    None => return Ok(false),
                },
                None => return Ok(true),
            }
        }
    }

    /// Runs one instruction; `None` is a match.
    fn exec(&mut self, pc: usize, pos: usize) -> Result<Option<Flow>, MatchError> {
        let prog = self.prog;
        let flow = match &prog.insts[pc] {
            Inst::Match => return Ok(None),
            &Inst::One { m, rtl } => match self.step_one(m, pos, rtl) {
                Some(p) => Flow::Continue(pc + 1, p),
                None => Flow::Fail,
            },
            &Inst::Rep {
                m,
                min,
                max,
                lazy,
                rtl,
            } => {
                let mut p = pos;
                let mut count = 0u32;
                let limit = if lazy { min } else { max };
                while count < limit {
                    match self.step_one(m, p, rtl) {
                        Some(next) => {
                            p = next;
                            count += 1;
                        }
                        None => break,
                    }
                    if count % 1024 == 0 {
                        self.tick()?;
                    }
                }
                if count < min {
                    Flow::Fail
                } else {
                    let entry = if lazy {
                        (min < max).then_some(Bt::RepLazy {
                            pc: pc as u32,
                            pos: p as u32,
                            count,
                        })
                    } else {
                        (count > min).then_some(Bt::RepGreedy {
                            pc: pc as u32,
                            pos: p as u32,
                            count: count - min,
                        })
                    };
                    if let Some(entry) = entry {
                        self.push(entry)?;
                    }
                    Flow::Continue(pc + 1, p)
                }
            }
            &Inst::Assert(a) => {
                if self.assertion(a, pos) {
                    Flow::Continue(pc + 1, pos)
                } else {
                    Flow::Fail
                }
            }
            &Inst::Split { first, second } => {
                self.push(Bt::Choice {
                    pc: second,
                    pos: pos as u32,
                })?;
                Flow::Continue(first as usize, pos)
            }
            &Inst::Jmp(target) => Flow::Continue(target as usize, pos),
            &Inst::LoopInit { slot, shape } => {
                let (count, start) = self.loops[slot as usize];
                self.push_undo(Bt::RestoreLoop { slot, count, start })?;
                self.loops[slot as usize] = (0, pos as u32);
                self.loop_decide(0, shape, pos)?
            }
            &Inst::LoopBody { slot } => {
                let (count, start) = self.loops[slot as usize];
                self.push_undo(Bt::RestoreLoop { slot, count, start })?;
                self.loops[slot as usize] = (count, pos as u32);
                Flow::Continue(pc + 1, pos)
            }
            &Inst::LoopEnd { slot, shape } => {
                let (count, start) = self.loops[slot as usize];
                self.push_undo(Bt::RestoreLoop { slot, count, start })?;
                let count = count.saturating_add(1);
                self.loops[slot as usize] = (count, start);
                if start as usize == pos && count >= shape.min {
                    // An empty iteration ends the loop.
                    Flow::Continue(shape.exit as usize, pos)
                } else {
                    self.loop_decide(count, shape, pos)?
                }
            }
            &Inst::Open { slot } => {
                let old = self.opens[slot as usize];
                self.push_undo(Bt::RestoreOpen { slot, pos: old })?;
                self.opens[slot as usize] = pos as u32;
                Flow::Continue(pc + 1, pos)
            }
            &Inst::Close { slot, cap, uncap } => {
                let open = self.opens[slot as usize];
                let (mut start, mut end) = (open.min(pos as u32), open.max(pos as u32));
                if let Some(uncap) = uncap {
                    let Some(&(start2, end2)) = self.caps[uncap as usize].last() else {
                        return Ok(Some(Flow::Fail));
                    };
                    // The innermost interval, as `RegexRunner.TransferCapture` computes it.
                    if start >= end2 {
                        end = start;
                        start = end2;
                    } else if end <= start2 {
                        start = start2;
                    } else {
                        end = end.min(end2);
                        start = start.max(start2);
                    }
                    self.caps[uncap as usize].pop();
                    self.push_undo(Bt::UndoPop {
                        group: uncap,
                        start: start2,
                        end: end2,
                    })?;
                }
                if let Some(cap) = cap {
                    self.caps[cap as usize].push((start, end));
                    self.push_undo(Bt::UndoPush { group: cap })?;
                }
                Flow::Continue(pc + 1, pos)
            }
            &Inst::Backref {
                group,
                ignore_case,
                rtl,
            } => match self.caps[group as usize].last() {
                None => Flow::Fail,
                Some(&(s, e)) => {
                    let captured = &self.input[s as usize..e as usize];
                    let n = captured.len();
                    let candidate = if rtl {
                        pos.checked_sub(n).map(|b| (b, &self.input[b..pos]))
                    } else {
                        self.input.get(pos..pos + n).map(|t| (pos + n, t))
                    };
                    match candidate {
                        Some((next, text))
                            if captured.iter().zip(text).all(|(&a, &b)| {
                                a == b || (ignore_case && unicode::fold(a) == unicode::fold(b))
                            }) =>
                        {
                            Flow::Continue(pc + 1, next)
                        }
                        _ => Flow::Fail,
                    }
                }
            },
            &Inst::IfGroup { group, no } => {
                if self.caps[group as usize].is_empty() {
                    Flow::Continue(no as usize, pos)
                } else {
                    Flow::Continue(pc + 1, pos)
                }
            }
            &Inst::Barrier(_) => {
                self.barriers.push(self.stack.len());
                self.push(Bt::Barrier {
                    pc: pc as u32,
                    pos: pos as u32,
                })?;
                Flow::Continue(pc + 1, pos)
            }
            &Inst::Cut { restore_position } => {
                let at = self.barriers.pop().unwrap_or(0);
                let saved = match self.stack.get(at) {
                    Some(&Bt::Barrier { pos, .. }) => pos as usize,
                    _ => pos,
                };
                // Keep the undo records (captures made inside stay, and are undone if the
                // match backtracks past this point); drop the choices and the barrier.
                let mut write = at;
                for read in at + 1..self.stack.len() {
                    self.steps += 1;
                    let entry = self.stack[read];
                    if entry.is_undo() {
                        self.stack[write] = entry;
                        write += 1;
                    }
                }
                self.stack.truncate(write);
                let next_pos = if restore_position { saved } else { pos };
                Flow::Continue(pc + 1, next_pos)
            }
            Inst::NegLookEnd => {
                // The body matched: undo everything it did, then fail past the barrier.
                let at = self.barriers.pop().unwrap_or(0);
                while self.stack.len() > at + 1 {
                    self.tick()?;
                    if let Some(entry) = self.stack.pop() {
                        self.undo(entry);
                    }
                }
                self.stack.pop();
                Flow::Fail
            }
        };
        Ok(Some(flow))
    }

    fn loop_decide(
        &mut self,
        count: u32,
        shape: LoopShape,
        pos: usize,
    ) -> Result<Flow, MatchError> {
        let LoopShape {
            body,
            exit,
            min,
            max,
            lazy,
        } = shape;
        if count < min {
            return Ok(Flow::Continue(body as usize, pos));
        }
        if count >= max {
            return Ok(Flow::Continue(exit as usize, pos));
        }
        let (first, second) = if lazy { (exit, body) } else { (body, exit) };
        self.push(Bt::Choice {
            pc: second,
            pos: pos as u32,
        })?;
        Ok(Flow::Continue(first as usize, pos))
    }

    fn undo(&mut self, entry: Bt) {
        match entry {
            Bt::RestoreOpen { slot, pos } => self.opens[slot as usize] = pos,
            Bt::RestoreLoop { slot, count, start } => self.loops[slot as usize] = (count, start),
            Bt::UndoPush { group } => {
                self.caps[group as usize].pop();
            }
            Bt::UndoPop { group, start, end } => self.caps[group as usize].push((start, end)),
            Bt::Barrier { .. } => {
                self.barriers.pop();
            }
            Bt::Choice { .. } | Bt::RepGreedy { .. } | Bt::RepLazy { .. } => {}
        }
    }

    /// Pops to the next choice: `(pc, pos)` to resume at, or `None` when the attempt failed.
    fn backtrack(&mut self) -> Result<Option<(usize, usize)>, MatchError> {
        while let Some(entry) = self.stack.pop() {
            self.tick()?;
            match entry {
                Bt::Choice { pc, pos } => return Ok(Some((pc as usize, pos as usize))),
                Bt::RepGreedy { pc, pos, count } => {
                    let Inst::Rep { rtl, .. } = self.prog.insts[pc as usize] else {
                        continue;
                    };
                    let pos = if rtl { pos + 1 } else { pos - 1 } as usize;
                    if count > 1 {
                        self.stack.push(Bt::RepGreedy {
                            pc,
                            pos: pos as u32,
                            count: count - 1,
                        });
                    }
                    return Ok(Some((pc as usize + 1, pos)));
                }
                Bt::RepLazy { pc, pos, count } => {
                    let Inst::Rep { m, max, rtl, .. } = self.prog.insts[pc as usize] else {
                        continue;
                    };
                    if let Some(next) = self.step_one(m, pos as usize, rtl) {
                        let count = count + 1;
                        if count < max {
                            self.stack.push(Bt::RepLazy {
                                pc,
                                pos: next as u32,
                                count,
                            });
                        }
                        return Ok(Some((pc as usize + 1, next)));
                    }
                }
                Bt::Barrier { pc, pos } => {
                    self.barriers.pop();
                    match self.prog.insts[pc as usize] {
                        Inst::Barrier(Barrier::NegLook { next }) => {
                            return Ok(Some((next as usize, pos as usize)));
                        }
                        Inst::Barrier(Barrier::Condition { no }) => {
                            return Ok(Some((no as usize, pos as usize)));
                        }
                        _ => {}
                    }
                }
                undo => self.undo(undo),
            }
        }
        Ok(None)
    }
}
