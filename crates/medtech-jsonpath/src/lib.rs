//! JSONPath exactly as Newtonsoft.Json 13.0.3 `JToken.SelectToken` / `SelectTokens` evaluate it
//! (device-mapping.md §6), over a [`medtech_json::Document`].
//!
//! ```
//! use medtech_json::Document;
//! let doc = Document::from_serde(&serde_json::json!({"Body": {"heartrate": 78}, "heartrate": null}));
//! let root = doc.root().unwrap();
//! // `..[?(…)]` tests the start token itself too, and a member holding null exists.
//! let path = medtech_jsonpath::parse("$..[?(@heartrate)]").unwrap();
//! let found = path.select_many(&doc, root).unwrap();
//! assert_eq!(found.iter().map(|&n| doc.pointer(n)).collect::<Vec<_>>(), ["", "/Body"]);
//! ```
//!
//! Parse once ([`parse`]), evaluate many times. Results come in the reference's order (document
//! pre-order for scans) and are never de-duplicated: on a synthetic wrapper that shares nodes
//! with the original tree, a node reachable twice is yielded twice, as the reference (which
//! copies tokens) would.
//!
//! Errors keep the reference's .NET exception kind. The MedTech evaluator catches only
//! `JsonException`s ([`ParseError::is_json_exception`], [`EvalError::is_json_exception`]):
//! * `SelectToken` (one token; [`JsonPath::select_one`]): parse errors *and* evaluation
//!   `JsonException`s ("Path returned multiple tokens.", "Step cannot be zero.") become
//!   "Unable to retrieve JsonToken using expression …";
//! * `SelectTokens` (many; [`JsonPath::select_many`]): only parse errors are wrapped ("Unable to
//!   retrieve JsonTokens using expression …"); evaluation is lazy and runs outside the `try`,
//!   so evaluation errors escape raw — after the tokens produced before them
//!   ([`JsonPath::select_tokens_partial`], [`JsonPath::visit`]);
//! * every other exception (index out of range, format, invalid cast, regex) escapes raw.
//!
//! Newtonsoft can also select *property* tokens (`name: value` pairs): a filter over an object
//! tests its properties, and `$`-based or `@..` conditions can accept them. The [`Token`] APIs
//! represent them exactly; the `NodeId` APIs report [`EvalErrorKind::PropertyToken`] instead.
//!
//! The RFC 9535 reading of the same text (through `jsonpath-rust`) is in `standard` (feature
//! `standard`).

#![forbid(unsafe_code)]

mod ast;
mod compare;
mod dates;
mod dotnet;
mod error;
mod eval;
mod features;
mod names;
mod parser;
mod regex;
#[cfg(feature = "standard")]
pub mod standard;
mod token;

pub use error::{EvalError, EvalErrorKind, ParseError, ParseErrorKind};
pub use eval::Observations;
pub use features::Features;
pub use names::{MemberNames, NameKey};
pub use token::Token;

use eval::{run_path, Ctx};
use medtech_json::{Document, NodeId};
use std::ops::ControlFlow;

/// A parsed Newtonsoft JSONPath expression.
#[derive(Clone, Debug)]
pub struct JsonPath {
    source: Box<str>,
    path: ast::Path,
    features: Features,
    /// See [`JsonPath::required_member_names`].
    required: Option<names::RequiredNames>,
}

/// Parses `expr` as Newtonsoft's `JPath` constructor does (the reference parses on every
/// evaluation; its errors surface when the expression is first evaluated).
pub fn parse(expr: &str) -> Result<JsonPath, ParseError> {
    let (path, features) = parser::parse(expr)?;
    Ok(JsonPath {
        source: expr.into(),
        required: names::required_names(&path),
        path,
        features,
    })
}

impl JsonPath {
    /// The expression text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// For a scan filter over members (`$..[?(@a && …)]`, `$..[?(@.kind == 'x' || @b)]`,
    /// `$..[?(@Body.steps)]`): clauses of member names, each a list of names one of which some
    /// object must have, that must all hold for the expression to select anything or fail
    /// ([`MemberNames::may_select`] checks a document against them). `None` for other
    /// expressions.
    pub fn required_member_names(&self) -> Option<Vec<Vec<&str>>> {
        names::names_with_clauses(&self.path).map(|names| {
            let mut clauses: Vec<Vec<&str>> = Vec::new();
            for (name, clause) in names {
                let clause = usize::from(clause);
                if clauses.len() <= clause {
                    clauses.resize_with(clause + 1, Vec::new);
                }
                clauses[clause].push(name);
            }
            clauses
        })
    }

    /// Whether [`MemberNames::may_select`] can rule this expression out for some document
    /// (whether it has [`JsonPath::required_member_names`]).
    pub fn has_required_member_names(&self) -> bool {
        self.required.is_some()
    }

    /// The Newtonsoft-only constructs the expression uses.
    pub fn features(&self) -> Features {
        self.features
    }

    /// Streams the selected tokens, in order, to `f` (which may stop early with `Break`).
    /// An error stops the evaluation after the tokens already handed over.
    pub fn visit(
        &self,
        doc: &Document,
        root: Token,
        mut f: impl FnMut(Token) -> ControlFlow<()>,
    ) -> Result<(), EvalError> {
        // A plain member chain (`$.a.b`) selects at most one token and never fails.
        if let Some(chain) = self.path.member_chain() {
            if let Some(token) = eval::resolve_chain(doc, chain, root) {
                let _ = f(token);
            }
            return Ok(());
        }
        let ctx = Ctx::new(doc, root);
        if let (Some(filter), Token::Node(start)) = (self.path.object_scan(), root) {
            return eval::scan_objects(&ctx, filter, start, &mut f);
        }
        let _stopped_early = run_path(&ctx, &self.path, root, &mut |t| Ok(f(t)))?;
        Ok(())
    }

    /// Like [`JsonPath::select_tokens_partial`], also reporting what the evaluation ran into
    /// (a filter applied to an object, a wildcard on the wrong kind, …) for lints.
    pub fn select_tokens_observed(
        &self,
        doc: &Document,
        root: Token,
    ) -> (Vec<Token>, Option<EvalError>, Observations) {
        let ctx = Ctx::new(doc, root);
        let mut tokens = Vec::new();
        let result = run_path(&ctx, &self.path, root, &mut |t| {
            tokens.push(t);
            Ok(ControlFlow::Continue(()))
        });
        (tokens, result.err(), ctx.observed.get())
    }

    /// `SelectTokens` on `root` (which `$` stands for): every selected token, in order.
    pub fn select_tokens(&self, doc: &Document, root: Token) -> Result<Vec<Token>, EvalError> {
        match self.select_tokens_partial(doc, root) {
            (tokens, None) => Ok(tokens),
            (_, Some(error)) => Err(error),
        }
    }

    /// `SelectTokens` consumed lazily: the tokens produced before an evaluation error, and the
    /// error (the reference produces measurements for those tokens before failing).
    pub fn select_tokens_partial(
        &self,
        doc: &Document,
        root: Token,
    ) -> (Vec<Token>, Option<EvalError>) {
        let mut tokens = Vec::new();
        let result = self.visit(doc, root, |t| {
            tokens.push(t);
            ControlFlow::Continue(())
        });
        (tokens, result.err())
    }

    /// `SelectToken` on `root`: nothing, one token, or `MultipleTokens` ("Path returned
    /// multiple tokens.") as soon as a second token appears.
    pub fn select_one_token(
        &self,
        doc: &Document,
        root: Token,
    ) -> Result<Option<Token>, EvalError> {
        let mut first: Option<Token> = None;
        let mut multiple = false;
        self.visit(doc, root, |t| {
            if first.is_some() {
                multiple = true;
                return ControlFlow::Break(());
            }
            first = Some(t);
            ControlFlow::Continue(())
        })?;
        if multiple {
            return Err(EvalError::new(
                EvalErrorKind::MultipleTokens,
                "Path returned multiple tokens.",
            ));
        }
        Ok(first)
    }

    /// `SelectTokens` from a node: the selected nodes in document pre-order (see
    /// [`JsonPath::select_tokens`]; property tokens → [`EvalErrorKind::PropertyToken`]).
    pub fn select_many(&self, doc: &Document, root: NodeId) -> Result<Vec<NodeId>, EvalError> {
        self.select_tokens(doc, Token::Node(root))?
            .into_iter()
            .map(node_of)
            .collect()
    }

    /// `SelectToken` from a node (see [`JsonPath::select_one_token`]).
    pub fn select_one(&self, doc: &Document, root: NodeId) -> Result<Option<NodeId>, EvalError> {
        self.select_one_token(doc, Token::Node(root))?
            .map(node_of)
            .transpose()
    }
}

fn node_of(token: Token) -> Result<NodeId, EvalError> {
    token.node().ok_or_else(|| {
        EvalError::new(
            EvalErrorKind::PropertyToken,
            "The path selected a property (name: value pair), which a node list cannot hold; use the Token API.",
        )
    })
}
