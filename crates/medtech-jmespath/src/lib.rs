//! JMESPath as JmesPath.Net 1.0.205 evaluates it over Newtonsoft tokens, with the eight MedTech
//! custom functions, over [`medtech_json::Document`] (device-mapping.md §7, §4.4, §5.3).
//!
//! ```
//! use medtech_jmespath::{compile, CompileOptions, Var};
//! use medtech_json::Document;
//!
//! let doc = Document::from_serde(&serde_json::json!({"Body": [{"hr": 60}, {"hr": 61}]}));
//! let expr = compile("Body[*].hr", &CompileOptions { custom_functions: true }).unwrap();
//! let outcome = expr.search(&doc, doc.root().unwrap()).unwrap();
//! assert!(outcome.is_projection);
//!
//! let expr = compile("add(`1`, `2`)", &CompileOptions { custom_functions: true }).unwrap();
//! let outcome = expr.search(&doc, doc.root().unwrap()).unwrap();
//! assert_eq!(outcome.value, Var::Integer(3));
//! ```
//!
//! # Why an own interpreter
//!
//! The [`jmespath`] crate is used only to parse. Its interpreter implements the JMESPath
//! specification over JSON values, while the service runs JmesPath.Net over Newtonsoft tokens,
//! whose results differ in ways that change measurements: date tokens are strings to `type()`
//! but never `==` a string; `Integer` and `Float` are different tokens (`78 == 78.0` is false,
//! `sum`/`ceil` return Integer tokens); `to_number`, `abs`, `sort`, `merge`, `contains` follow
//! .NET semantics; a projection is a flag of the result (which decides "one match per element"
//! and the "Multiple tokens" error); only the shared null singleton is dropped from projections;
//! and the errors carry the reference's messages. So the crate lowers the parse tree into
//! JmesPath.Net's own tree shape ([`JmesPath::formatted`] prints it like the reference) and
//! evaluates it class by class.
//!
//! # Using the outcome like the service (`JmesPathExpressionEvaluator`, §5.3)
//!
//! * select-many (type match): a projection yields every element of [`Outcome::value`] (a
//!   [`Var::Array`]), `null` elements included; otherwise the value is one match unless it is a
//!   null token ([`Var::Null`] or a [`Var::Node`] holding `null`).
//! * select-one (fields): a projection with more than one element is the error
//!   `Multiple tokens were returned using expression $` + [`JmesPath::formatted`]; otherwise the
//!   value (a projection of 0–1 elements being an array) unless it is a null token.
//! * [`materialize`] turns computed values into synthetic document nodes.
//!
//! Expressions beyond [`MAX_TOKENS`] tokens, [`MAX_NESTING`] nested brackets/operators or
//! [`MAX_TREE_DEPTH`] tree levels are refused at compile time (the reference has no limit).

#![forbid(unsafe_code)]

mod ast;
mod collate;
mod compare;
mod error;
mod eval;
mod functions;
mod guard;
mod json_out;
mod literal;
mod lower;
mod numparse;
mod text;
mod var;

#[cfg(test)]
mod tests;

pub use error::{CompileError, RuntimeError};
pub use functions::registry::{builtin_names, custom_names};
pub use var::{materialize, Var};

use ast::{format_node, Node};
use eval::{Arg, Ctx};
use medtech_json::{Document, NodeId};

/// What to register besides the built-ins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// Register the eight MedTech custom functions (`add`, `subtract`, `multiply`, `divide`,
    /// `pow`, `fromUnixTimestamp`, `fromUnixTimestampMs`, `insertString`), as production does.
    pub custom_functions: bool,
}

/// A compiled expression; compile once, search many times.
#[derive(Clone, Debug)]
pub struct JmesPath {
    source: String,
    formatted: String,
    tree: Node,
}

/// The result of a search.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The value; for a projection, a [`Var::Array`] of its elements.
    pub value: Var,
    /// True when the result is a projection as JmesPath.Net flags it (`[*]`, `*`, `[?…]`, `[]`,
    /// slices, and expressions continuing them; a pipe ends the projection on its left).
    pub is_projection: bool,
}

pub use guard::{MAX_NESTING, MAX_TOKENS, MAX_TREE_DEPTH};

/// Parses an expression the way JmesPath.Net does at template load: syntax errors, unknown
/// function names and wrong argument counts are reported here.
pub fn compile(expr: &str, options: &CompileOptions) -> Result<JmesPath, CompileError> {
    guard::check_text(expr)?;
    let ast = jmespath::parse(expr).map_err(|e| error::syntax_error(expr, e.offset))?;
    guard::check_tree(&ast)?;
    let tree = lower::lower(expr, &ast, options.custom_functions)?;
    let mut formatted = String::new();
    format_node(&mut formatted, &tree, false);
    Ok(JmesPath {
        source: expr.to_string(),
        formatted,
        tree,
    })
}

impl JmesPath {
    /// The expression text as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The expression as JmesPath.Net's `ToString()` prints it (e.g. `add(a, b)` for
    /// `add(a,b)`); the service uses this text in
    /// `Multiple tokens were returned using expression $<formatted>`.
    pub fn formatted(&self) -> &str {
        &self.formatted
    }

    /// The member names the expression looks up first, one after the other, from the current
    /// node (`a.b` of `a.b[?x == 'y']`, `a.b.c[*]`): where any of them is missing (or null), the
    /// expression is null — not a projection, and no error — since a sub-expression or index of
    /// null is null. Empty when the expression does not start with a member chain.
    pub fn leading_identifiers(&self) -> Vec<&str> {
        let mut steps = Vec::new();
        let mut base = &self.tree;
        while let Node::Sub(left, right) | Node::IndexExpr(left, right) = base {
            steps.push(&**right);
            base = left;
        }
        let Node::Identifier(first) = base else {
            return Vec::new();
        };
        let mut names = vec![&**first];
        for step in steps.into_iter().rev() {
            match step {
                Node::Identifier(name) => names.push(&**name),
                _ => break,
            }
        }
        names
    }

    /// The member names of an expression that is nothing but a member chain (`Body.device.id`,
    /// `a`): on a document node it selects what following those members from object to object
    /// selects, and `null` where a member is missing or a step is not an object — the same as
    /// [`JmesPath::search`], without the interpreter. `None` for every other expression.
    pub fn field_chain(&self) -> Option<Vec<&str>> {
        fn walk<'t>(node: &'t Node, out: &mut Vec<&'t str>) -> bool {
            match node {
                Node::Identifier(name) => {
                    out.push(name);
                    true
                }
                Node::Sub(left, right) => {
                    walk(left, out) && matches!(&**right, Node::Identifier(_)) && walk(right, out)
                }
                _ => false,
            }
        }
        let mut names = Vec::new();
        walk(&self.tree, &mut names).then_some(names)
    }

    /// Evaluates the expression with `root` as the current node.
    pub fn search(&self, doc: &Document, root: NodeId) -> Result<Outcome, RuntimeError> {
        let ctx = Ctx { doc };
        let result = ctx.transform(&self.tree, &Arg::Tok(Var::Node(root)))?;
        Ok(Outcome {
            is_projection: matches!(result, Arg::Proj(_)),
            value: result.into_var(),
        })
    }
}
