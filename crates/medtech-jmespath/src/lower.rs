//! From the `jmespath` crate's parse tree to JmesPath.Net's tree (device-mapping.md §7.1).
//!
//! The `jmespath` crate is used for parsing only. Its Pratt parser nests the rest of a
//! projection inside a `Projection` node and uses `Subexpr` for `.`, `[n]` and `|` alike;
//! JmesPath.Net's LALR grammar builds a left-leaning chain of postfix operators instead and
//! decides projections at run time. Lowering flattens every postfix chain and folds it the
//! reference's way, tells `|` from `.` by the source character at the node's offset, tells a
//! raw string `'…'` from a JSON literal, restores the parentheses that the grammar requires for
//! printing, and performs the checks JmesPath.Net performs while parsing: unknown functions and
//! argument counts (in reduction order), duplicate multi-select keys, `&expr` only as a function
//! argument, and the zero slice step.

use crate::ast::{Cmp, FnArg, Name, Node};
use crate::error::{syntax_error, CompileError};
use crate::functions::registry::{unknown_function, Func};
use crate::literal::{literal_text, read_literal};
use jmespath::ast::{Ast, Comparator, KeyValuePair};
use std::rc::Rc;

/// Lowers a parse tree.
pub(crate) fn lower(src: &str, ast: &Ast, custom: bool) -> Result<Node, CompileError> {
    let node = Lower { src, custom }.expr(ast)?;
    check_slices(&node)?;
    Ok(node)
}

struct Lower<'a> {
    src: &'a str,
    custom: bool,
}

/// Binding strength of a lowered node where it is an operand (Pratt binding powers).
fn strength(node: &Node) -> u8 {
    match node {
        Node::Pipe(..) => 1,
        Node::Or(..) => 2,
        Node::And(..) => 3,
        Node::Compare(..) => 5,
        _ => 100,
    }
}

fn paren_if(node: Node, needs: bool) -> Box<Node> {
    Box::new(if needs {
        Node::Paren(Box::new(node))
    } else {
        node
    })
}

/// True for chain steps that JmesPath.Net attaches with a `.` (`SubExpression`); the others are
/// bracket specifiers (`IndexExpression`).
fn is_dot_step(node: &Node) -> bool {
    matches!(
        node,
        Node::Identifier(_)
            | Node::MultiList(_)
            | Node::MultiHash(_)
            | Node::Function { .. }
            | Node::HashWildcard
    )
}

impl Lower<'_> {
    fn char_at(&self, offset: usize) -> Option<char> {
        self.src.get(offset..).and_then(|s| s.chars().next())
    }

    /// An `Identity` node the Pratt parser inserted (not a written `@`).
    fn is_placeholder(&self, ast: &Ast) -> bool {
        matches!(ast, Ast::Identity { offset } if self.char_at(*offset) != Some('@'))
    }

    /// Lowers one expression; each kind is lowered by its own function so that the recursion
    /// keeps small stack frames.
    fn expr(&self, ast: &Ast) -> Result<Node, CompileError> {
        match ast {
            Ast::Identity { .. } => Ok(Node::Current),
            Ast::Field { name, .. } => Ok(Node::Identifier(Name::new(name))),
            Ast::Literal { offset, value } => self.literal(*offset, value),
            Ast::Comparison {
                comparator,
                lhs,
                rhs,
                ..
            } => self.comparison(comparator, lhs, rhs),
            Ast::And { lhs, rhs, .. } => self.binary(lhs, rhs, 3),
            Ast::Or { lhs, rhs, .. } => self.binary(lhs, rhs, 2),
            Ast::Not { node, .. } => self.not(node),
            Ast::Subexpr {
                offset, lhs, rhs, ..
            } if self.char_at(*offset) == Some('|') => self.binary(lhs, rhs, 1),
            Ast::Subexpr { .. } | Ast::Projection { .. } | Ast::Index { .. } => self.chain(ast),
            Ast::Function { name, args, offset } => self.function(name, args, *offset),
            Ast::MultiList { elements, .. } => self.multi_list(elements),
            Ast::MultiHash { elements, offset } => self.multi_hash(elements, *offset),
            // `&expr` is only a function argument in JmesPath.Net's grammar.
            Ast::Expref { offset, .. }
            | Ast::Condition { offset, .. }
            | Ast::Flatten { offset, .. }
            | Ast::ObjectValues { offset, .. }
            | Ast::Slice { offset, .. } => Err(syntax_error(self.src, *offset)),
        }
    }

    #[inline(never)]
    fn comparison(
        &self,
        comparator: &Comparator,
        lhs: &Ast,
        rhs: &Ast,
    ) -> Result<Node, CompileError> {
        let op = match comparator {
            Comparator::Equal => Cmp::Eq,
            Comparator::NotEqual => Cmp::Ne,
            Comparator::LessThan => Cmp::Lt,
            Comparator::LessThanEqual => Cmp::Le,
            Comparator::GreaterThan => Cmp::Gt,
            Comparator::GreaterThanEqual => Cmp::Ge,
        };
        let l = self.expr(lhs)?;
        let r = self.expr(rhs)?;
        let (lp, rp) = (strength(&l) < 5, strength(&r) <= 5);
        Ok(Node::Compare(op, paren_if(l, lp), paren_if(r, rp)))
    }

    /// `||` (strength 2), `&&` (3) or `|` (1), with the parentheses the grammar needs.
    #[inline(never)]
    fn binary(&self, lhs: &Ast, rhs: &Ast, power: u8) -> Result<Node, CompileError> {
        let l = self.expr(lhs)?;
        let r = self.expr(rhs)?;
        let (lp, rp) = (strength(&l) < power, strength(&r) <= power);
        let (l, r) = (paren_if(l, lp), paren_if(r, rp));
        Ok(match power {
            1 => Node::Pipe(l, r),
            2 => Node::Or(l, r),
            _ => Node::And(l, r),
        })
    }

    #[inline(never)]
    fn not(&self, node: &Ast) -> Result<Node, CompileError> {
        let inner = self.expr(node)?;
        let p = strength(&inner) < 100;
        Ok(Node::Not(paren_if(inner, p)))
    }

    #[inline(never)]
    fn chain(&self, ast: &Ast) -> Result<Node, CompileError> {
        let mut items = Vec::new();
        self.flatten_into(ast, &mut items)?;
        let mut items = items.into_iter();
        Ok(match items.next() {
            Some(base) => attach(base, items.collect()),
            None => Node::Current,
        })
    }

    #[inline(never)]
    fn multi_list(&self, elements: &[Ast]) -> Result<Node, CompileError> {
        let mut items = Vec::with_capacity(elements.len());
        for e in elements {
            items.push(self.expr(e)?);
        }
        Ok(Node::MultiList(items))
    }

    #[inline(never)]
    fn multi_hash(&self, elements: &[KeyValuePair], offset: usize) -> Result<Node, CompileError> {
        let mut pairs: Vec<(Rc<str>, Node)> = Vec::with_capacity(elements.len());
        for kv in elements {
            let value = self.expr(&kv.value)?;
            if pairs.iter().any(|(k, _)| **k == *kv.key) {
                return Err(CompileError {
                    message: format!(
                        "An item with the same key has already been added. Key: {}",
                        kv.key
                    ),
                    offset: Some(offset),
                });
            }
            pairs.push((Rc::from(kv.key.as_str()), value));
        }
        Ok(Node::MultiHash(pairs))
    }

    /// Appends the postfix chain of `ast` (base first) to `out`.
    fn flatten_into(&self, ast: &Ast, out: &mut Vec<Node>) -> Result<(), CompileError> {
        match ast {
            Ast::Identity { .. } if self.is_placeholder(ast) => {}
            Ast::Subexpr {
                offset, lhs, rhs, ..
            } if self.char_at(*offset) != Some('|') => {
                self.flatten_into(lhs, out)?;
                self.flatten_into(rhs, out)?;
            }
            Ast::Index { idx, .. } => out.push(Node::Index(*idx)),
            Ast::Projection { lhs, rhs, .. } => {
                match &**lhs {
                    Ast::ObjectValues { node, .. } => {
                        self.flatten_into(node, out)?;
                        out.push(Node::HashWildcard);
                    }
                    Ast::Flatten { node, .. } => {
                        self.flatten_into(node, out)?;
                        out.push(Node::Flatten);
                    }
                    Ast::Slice {
                        offset,
                        start,
                        stop,
                        step,
                    } => out.push(Node::Slice {
                        start: *start,
                        stop: *stop,
                        step: self.written_step(*offset, *step),
                    }),
                    other => {
                        self.flatten_into(other, out)?;
                        if !matches!(**rhs, Ast::Condition { .. }) {
                            out.push(Node::ListWildcard);
                        }
                    }
                }
                match &**rhs {
                    Ast::Condition {
                        predicate, then, ..
                    } => {
                        out.push(Node::Filter(Box::new(self.expr(predicate)?)));
                        self.flatten_into(then, out)?;
                    }
                    other => self.flatten_into(other, out)?,
                }
            }
            other => out.push(self.expr(other)?),
        }
        Ok(())
    }

    /// The slice step as written (`None` when omitted): the Pratt tree defaults it to 1, but
    /// JmesPath.Net keeps "absent" and prints it so. `offset` is the closing `]`.
    fn written_step(&self, offset: usize, step: i32) -> Option<i32> {
        let before = self.src.get(..offset.min(self.src.len())).unwrap_or("");
        let inner = before.rfind('[').map(|i| &before[i + 1..]).unwrap_or("");
        match inner.split(':').nth(2) {
            Some(part) if !part.trim().is_empty() => Some(step),
            _ => None,
        }
    }

    fn literal(&self, offset: usize, value: &jmespath::Rcvar) -> Result<Node, CompileError> {
        if self.char_at(offset) == Some('\'') {
            let text = value.as_string().map(String::as_str).unwrap_or("");
            return Ok(Node::RawString(Rc::from(text)));
        }
        let text = literal_text(self.src, offset);
        read_literal(&text)
            .map(Node::Literal)
            .map_err(|message| CompileError {
                message,
                offset: Some(offset),
            })
    }

    fn function(&self, name: &str, args: &[Ast], offset: usize) -> Result<Node, CompileError> {
        let mut lowered = Vec::with_capacity(args.len());
        for arg in args {
            lowered.push(match arg {
                Ast::Expref { ast, .. } => FnArg {
                    node: self.expr(ast)?,
                    expref: true,
                },
                other => FnArg {
                    node: self.expr(other)?,
                    expref: false,
                },
            });
        }
        let error = |message: String| CompileError {
            message,
            offset: Some(offset),
        };
        let func = Func::lookup(name, self.custom).ok_or_else(|| error(unknown_function(name)))?;
        func.check_arity(lowered.len()).map_err(error)?;
        Ok(Node::Function {
            name: Rc::from(name),
            func,
            args: lowered,
        })
    }
}

/// Folds a chain left to right; postfix operators bind tighter than `!` in JmesPath.Net's
/// grammar, so a `!` base takes the steps inside (`!a.b` is `!(a.b)`).
fn attach(base: Node, steps: Vec<Node>) -> Node {
    if steps.is_empty() {
        return base;
    }
    match base {
        Node::Not(inner) => Node::Not(Box::new(attach(*inner, steps))),
        base => {
            let needs = strength(&base) < 100;
            let mut acc = *paren_if(base, needs);
            for step in steps {
                acc = if is_dot_step(&step) {
                    Node::Sub(Box::new(acc), Box::new(step))
                } else {
                    Node::IndexExpr(Box::new(acc), Box::new(step))
                };
            }
            acc
        }
    }
}

/// JmesPath.Net's post-parse check (`SyntaxVisitor`).
fn check_slices(node: &Node) -> Result<(), CompileError> {
    let zero_step = CompileError {
        message: "Error: invalid-value, a slice projection step cannot be 0.".to_string(),
        offset: None,
    };
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n {
            Node::Slice { step: Some(0), .. } => return Err(zero_step),
            Node::Filter(e) | Node::Not(e) | Node::Paren(e) => stack.push(e),
            Node::Sub(l, r)
            | Node::IndexExpr(l, r)
            | Node::Pipe(l, r)
            | Node::Or(l, r)
            | Node::And(l, r)
            | Node::Compare(_, l, r) => {
                stack.push(r);
                stack.push(l);
            }
            Node::MultiList(items) => stack.extend(items.iter().rev()),
            Node::MultiHash(pairs) => stack.extend(pairs.iter().rev().map(|p| &p.1)),
            Node::Function { args, .. } => stack.extend(args.iter().rev().map(|a| &a.node)),
            _ => {}
        }
    }
    Ok(())
}
