//! The expression tree in JmesPath.Net's shape (device-mapping.md §7.1).
//!
//! JmesPath.Net's LALR grammar builds postfix operators as a left-leaning chain
//! (`a[*].b[0]` is `IndexExpression(SubExpression(IndexExpression(a, [*]), b), [0])`) and carries
//! "projection" as a runtime flag on the value, not as a tree node. This tree mirrors that, so the
//! evaluator can follow the reference class by class, and so it prints like the reference's
//! `ToString()` (which the service puts into the "Multiple tokens were returned using expression
//! $…" message).

use crate::functions::Func;
use crate::var::Var;
use medtech_json::MemberKey;
use std::fmt::{self, Write};
use std::rc::Rc;

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

/// One function argument; `expref` marks `&expr` (JmesPath.Net's `IsExpressionType`).
#[derive(Clone, Debug)]
pub(crate) struct FnArg {
    pub(crate) node: Node,
    pub(crate) expref: bool,
}

/// A member name of an identifier, with its [`MemberKey`] worked out once: looking it up in a
/// message's object compares one word per member.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub(crate) text: Rc<str>,
    pub(crate) key: MemberKey,
}

impl Name {
    pub(crate) fn new(text: &str) -> Name {
        Name {
            text: Rc::from(text),
            key: MemberKey::of(text.as_bytes()),
        }
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// A node of the tree (one per JmesPath.Net expression class).
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// `@`
    Current,
    /// `name` / `"name"`
    Identifier(Name),
    /// `` `json` `` (already read with Newtonsoft's defaults).
    Literal(Var),
    /// `'text'` — always a string token.
    RawString(Rc<str>),
    /// `[n]`
    Index(i32),
    /// `[*]` (projection)
    ListWildcard,
    /// `*` (projection over object values)
    HashWildcard,
    /// `[]` (projection)
    Flatten,
    /// `[?expr]` (projection)
    Filter(Box<Node>),
    /// `[start:stop:step]` (projection)
    Slice {
        start: Option<i32>,
        stop: Option<i32>,
        step: Option<i32>,
    },
    /// `left.right`
    Sub(Box<Node>, Box<Node>),
    /// `left[...]`
    IndexExpr(Box<Node>, Box<Node>),
    /// `left | right`
    Pipe(Box<Node>, Box<Node>),
    /// `left || right`
    Or(Box<Node>, Box<Node>),
    /// `left && right`
    And(Box<Node>, Box<Node>),
    /// `!expr`
    Not(Box<Node>),
    /// `left <op> right`
    Compare(Cmp, Box<Node>, Box<Node>),
    /// `[a, b]`
    MultiList(Vec<Node>),
    /// `{k: a, …}`
    MultiHash(Vec<(Rc<str>, Node)>),
    /// `name(args…)`
    Function {
        name: Rc<str>,
        func: Func,
        args: Vec<FnArg>,
    },
    /// `(expr)` (kept for printing; transparent when evaluated)
    Paren(Box<Node>),
}

impl Node {
    /// True for the classes that override `ToString()` in JmesPath.Net (they never print the
    /// `&` of an expression-type argument).
    fn overrides_to_string(&self) -> bool {
        matches!(
            self,
            Node::Sub(..)
                | Node::Pipe(..)
                | Node::Or(..)
                | Node::And(..)
                | Node::Not(_)
                | Node::Compare(..)
                | Node::Paren(_)
        )
    }
}

/// Prints a node as JmesPath.Net's `ToString()` does; `expref` adds the `&` where the
/// reference's base `ToString()` would.
pub(crate) fn format_node(out: &mut String, node: &Node, expref: bool) {
    if expref && !node.overrides_to_string() {
        out.push('&');
    }
    match node {
        Node::Current => out.push('@'),
        Node::Identifier(name) => wrap_identifier(out, name),
        Node::Literal(value) => {
            let json = crate::text::literal_json(value);
            out.push('`');
            escape_literal(out, &json);
            out.push('`');
        }
        Node::RawString(text) => {
            out.push('\'');
            out.push_str(&text.replace('\'', "\\'"));
            out.push('\'');
        }
        Node::Index(i) => {
            let _ = write!(out, "[{i}]");
        }
        Node::ListWildcard => out.push_str("[*]"),
        Node::HashWildcard => out.push('*'),
        Node::Flatten => out.push_str("[]"),
        Node::Filter(expr) => {
            out.push_str("[?");
            format_node(out, expr, false);
            out.push(']');
        }
        Node::Slice { start, stop, step } => {
            out.push('[');
            if let Some(s) = start {
                let _ = write!(out, "{s}");
            }
            out.push(':');
            if let Some(s) = stop {
                let _ = write!(out, "{s}");
            }
            if let Some(s) = step {
                let _ = write!(out, ":{s}");
            }
            out.push(']');
        }
        Node::Sub(l, r) => {
            format_node(out, l, false);
            out.push('.');
            format_node(out, r, false);
        }
        Node::IndexExpr(l, r) => {
            format_node(out, l, false);
            format_node(out, r, false);
        }
        Node::Pipe(l, r) => binary(out, l, "|", r),
        Node::Or(l, r) => binary(out, l, " || ", r),
        Node::And(l, r) => binary(out, l, " && ", r),
        Node::Compare(op, l, r) => {
            format_node(out, l, false);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            format_node(out, r, false);
        }
        Node::Not(e) => {
            out.push('!');
            format_node(out, e, false);
        }
        Node::MultiList(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                format_node(out, item, false);
            }
            out.push(']');
        }
        Node::MultiHash(pairs) => {
            out.push('{');
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                wrap_identifier(out, key);
                out.push_str(": ");
                format_node(out, value, false);
            }
            out.push('}');
        }
        Node::Function { name, args, .. } => {
            out.push_str(name);
            out.push('(');
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                format_node(out, &arg.node, arg.expref);
            }
            out.push(')');
        }
        Node::Paren(e) => {
            out.push('(');
            format_node(out, e, false);
            out.push(')');
        }
    }
}

fn binary(out: &mut String, l: &Node, op: &str, r: &Node) {
    format_node(out, l, false);
    out.push_str(op);
    format_node(out, r, false);
}

/// `StringUtil.WrapIdentifier`: JSON-style escapes, then quotes when a character is outside
/// `[0-9A-Za-z_]`.
fn wrap_identifier(out: &mut String, name: &str) {
    let mut escaped = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '/' => escaped.push_str("\\/"),
            '\u{8}' => escaped.push_str("\\b"),
            '\u{c}' => escaped.push_str("\\f"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\u{b}' => escaped.push_str("\\v"),
            '\t' => escaped.push_str("\\t"),
            c => escape_unicode_char(&mut escaped, c),
        }
    }
    let plain = escaped
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        out.push_str(&escaped);
    } else {
        out.push('"');
        out.push_str(&escaped);
        out.push('"');
    }
}

/// `StringUtil.EscapeLiteral`: `/` and `` ` `` escaped, non-printable-ASCII as `\uXXXX`.
fn escape_literal(out: &mut String, json: &str) {
    for c in json.chars() {
        match c {
            '/' => out.push_str("\\/"),
            '`' => out.push_str("\\`"),
            c => escape_unicode_char(out, c),
        }
    }
}

/// Characters outside U+0020–U+007E as `\uxxxx` per UTF-16 unit (lower-case hex).
fn escape_unicode_char(out: &mut String, c: char) {
    if (' '..='~').contains(&c) {
        out.push(c);
    } else {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            let _ = write!(out, "\\u{:04x}", unit);
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        format_node(&mut s, self, false);
        f.write_str(&s)
    }
}
