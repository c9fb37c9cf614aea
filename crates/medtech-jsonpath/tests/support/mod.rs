//! Table-driven runner shared by the case files: an expression, a document, and what
//! Newtonsoft 13.0.3 yields (JSON Pointers of the matches in order, `prop:<pointer>` for a
//! property token) or which error it raises.

#![allow(dead_code)]

use medtech_json::{read, Document, NodeId, ReadOptions};
use medtech_jsonpath::{parse, EvalErrorKind, ParseErrorKind, Token};

/// The expected outcome of one case.
#[allow(dead_code)]
pub enum Want {
    /// `SelectTokens`: these pointers, in order.
    Many(&'static [&'static str]),
    /// `SelectToken`: nothing or this pointer.
    One(Option<&'static str>),
    /// `SelectToken` fails with this kind.
    OneErr(EvalErrorKind),
    /// The parser rejects the text with this kind and message (empty: any message).
    ParseErr(ParseErrorKind, &'static str),
    /// `SelectTokens` fails with this kind and message (empty: any message), before any token.
    EvalErr(EvalErrorKind, &'static str),
    /// `SelectTokens` yields these tokens, then fails with this kind.
    Partial(&'static [&'static str], EvalErrorKind),
}

/// One row: expression, document, expected outcome. A document text starting with `N:` is
/// read the Newtonsoft way (`medtech_json::read`: dates, big integers, `undefined`, unquoted
/// names); otherwise it is strict JSON through serde_json.
pub struct Case(pub &'static str, pub &'static str, pub Want);

pub fn document(text: &str) -> (Document, NodeId) {
    let doc = match text.strip_prefix("N:") {
        Some(newtonsoft) => read(newtonsoft, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("reader rejected {newtonsoft}: {}", e.message)),
        None => Document::from_serde(
            &serde_json::from_str(text).unwrap_or_else(|e| panic!("bad JSON {text}: {e}")),
        ),
    };
    let root = doc.root().expect("document has a root");
    (doc, root)
}

pub fn name(doc: &Document, token: Token) -> String {
    match token {
        Token::Node(id) => doc.pointer(id),
        Token::Property { .. } => format!("prop:{}", token.pointer(doc)),
    }
}

fn names(doc: &Document, tokens: &[Token]) -> Vec<String> {
    tokens.iter().map(|&t| name(doc, t)).collect()
}

/// Runs every case and reports all failures at once.
pub fn run(cases: &[Case]) {
    let mut failures = Vec::new();
    for Case(expr, text, want) in cases {
        if let Err(message) = check(expr, text, want) {
            failures.push(format!("{expr:?} on {text}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn check(expr: &str, text: &str, want: &Want) -> Result<(), String> {
    let (doc, root) = document(text);
    let parsed = parse(expr);
    if let Want::ParseErr(kind, message) = want {
        return match parsed {
            Ok(_) => Err("parsed, expected a parse error".into()),
            Err(e) if e.kind != *kind => Err(format!("parse error kind {:?}: {}", e.kind, e)),
            Err(e) if !message.is_empty() && e.message != *message => {
                Err(format!("parse error message {:?}", e.message))
            }
            Err(_) => Ok(()),
        };
    }
    let path = parsed.map_err(|e| format!("parse error {:?}: {}", e.kind, e.message))?;
    let root = Token::Node(root);
    match want {
        Want::Many(expected) => match path.select_tokens(&doc, root) {
            Ok(tokens) if names(&doc, &tokens) == *expected => Ok(()),
            Ok(tokens) => Err(format!("got {:?}", names(&doc, &tokens))),
            Err(e) => Err(format!("error {:?}: {}", e.kind, e.message)),
        },
        Want::One(expected) => match path.select_one_token(&doc, root) {
            Ok(token) if token.map(|t| name(&doc, t)).as_deref() == *expected => Ok(()),
            Ok(token) => Err(format!("got {:?}", token.map(|t| name(&doc, t)))),
            Err(e) => Err(format!("error {:?}: {}", e.kind, e.message)),
        },
        Want::OneErr(kind) => match path.select_one_token(&doc, root) {
            Err(e) if e.kind == *kind => Ok(()),
            other => Err(format!("got {other:?}")),
        },
        Want::EvalErr(kind, message) => match path.select_tokens_partial(&doc, root) {
            (tokens, Some(e))
                if tokens.is_empty()
                    && e.kind == *kind
                    && (message.is_empty() || e.message == *message) =>
            {
                Ok(())
            }
            (tokens, e) => Err(format!("got {:?} then {e:?}", names(&doc, &tokens))),
        },
        Want::Partial(expected, kind) => match path.select_tokens_partial(&doc, root) {
            (tokens, Some(e)) if e.kind == *kind && names(&doc, &tokens) == *expected => Ok(()),
            (tokens, e) => Err(format!("got {:?} then {e:?}", names(&doc, &tokens))),
        },
        Want::ParseErr(..) => Ok(()),
    }
}
