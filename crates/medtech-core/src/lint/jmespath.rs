//! JMESPath pitfalls in CalculatedContent (device-mapping.md §7; peers.md (c) 3): literals need
//! backticks (a bare `0.0254` does not parse, `'2'` is a string, `"x"` and `true` are field
//! names), and functions applied to a path that may be missing throw a cryptic `invalid-type`
//! error that aborts the batch.
//!
//! A small lexer is enough: these lints look at tokens and their neighbours, and the expression
//! is compiled by the engine anyway.

use super::{fields, on_expression, template_label};
use crate::device_mapping::model::{ContentTemplate, Expression, Language};
use crate::diagnostic::{Code, Diagnostic, Severity};

/// A JMESPath token.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A bare name (`heartRate`, `true`).
    Ident(String),
    /// `"name"` — a quoted identifier, not a string.
    Quoted(String),
    /// `'text'` — a raw string literal.
    Raw(String),
    /// `` `json` ``.
    Literal(String),
    /// Digits, optionally signed (only valid as an index or slice bound).
    Number(String),
    /// Any operator or bracket, e.g. `(`, `==`, `||`, `.`.
    Punct(&'static str),
}

const PUNCTS: [&str; 21] = [
    "==", "!=", "<=", ">=", "||", "&&", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|",
    "@", "&", "!",
];

/// Splits an expression into tokens; `None` for text it cannot read (left to the compiler).
fn lex(text: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' || c == '`' {
            let mut j = i + 1;
            let mut body = String::new();
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' && j + 1 < chars.len() {
                    body.push(chars[j]);
                    j += 1;
                }
                body.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return None;
            }
            out.push(match c {
                '"' => Tok::Quoted(body),
                '\'' => Tok::Raw(body),
                _ => Tok::Literal(body),
            });
            i = j + 1;
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '.') {
                j += 1;
            }
            out.push(Tok::Number(chars[i..j].iter().collect()));
            i = j;
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            out.push(Tok::Ident(chars[i..j].iter().collect()));
            i = j;
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let p = PUNCTS
                .iter()
                .find(|p| rest.starts_with(**p))
                .copied()
                .unwrap_or("?");
            i += p.chars().count().max(1);
            out.push(Tok::Punct(p));
        }
    }
    Some(out)
}

const COMPARISONS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];
const NUMERIC_FUNCTIONS: [&str; 7] = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "pow",
    "fromUnixTimestamp",
    "fromUnixTimestampMs",
];
/// Functions whose arguments must have a type: `null` makes them throw `invalid-type`.
const TYPED_FUNCTIONS: [&str; 24] = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "pow",
    "fromUnixTimestamp",
    "fromUnixTimestampMs",
    "insertString",
    "abs",
    "avg",
    "ceil",
    "contains",
    "ends_with",
    "floor",
    "join",
    "keys",
    "length",
    "max",
    "min",
    "reverse",
    "sort",
    "starts_with",
    "sum",
    "values",
];

/// The JMESPath lints of one template.
pub fn lint_template(template: &ContentTemplate, out: &mut Vec<Diagnostic>) {
    let type_match = template
        .type_match
        .as_ref()
        .map(|e| e.text.as_str())
        .unwrap_or("");
    for field in fields(template) {
        let e = field.expression;
        if e.language != Language::JmesPath {
            continue;
        }
        let Some(tokens) = lex(&e.text) else {
            continue;
        };
        let label = format!("[{}] of {}", field.name, template_label(template));
        literals(&tokens, e, &label, out);
        if field.name != "TypeMatchExpression" {
            missing_arguments(&tokens, e, &label, type_match, out);
        }
    }
}

/// Templates that failed to load because a JMESPath expression does not compile are not built;
/// their load error gets the literal lint too, located like the error.
pub fn lint_load_errors(
    document: Option<&medtech_json::Document>,
    errors: &[Diagnostic],
    out: &mut Vec<Diagnostic>,
) {
    let Some(doc) = document else { return };
    let Some(root) = doc.root() else { return };
    for error in errors
        .iter()
        .filter(|d| d.code == Code::ExpressionJmesPathSyntax)
    {
        let Some(node) = error
            .pointer
            .as_deref()
            .and_then(|p| doc.at_pointer(root, p))
        else {
            continue;
        };
        let text_node = doc.get_ignore_case(node, "value").map_or(node, |m| m.value);
        let medtech_json::Value::String(text) = doc.value(text_node) else {
            continue;
        };
        let Some(tokens) = lex(text) else { continue };
        let expression = Expression {
            text: text.to_string(),
            language: Language::JmesPath,
            explicit_language: false,
            location: crate::device_mapping::model::Location {
                span: error.span.unwrap_or(medtech_json::Span::SYNTHETIC),
                pointer: error.pointer.clone().unwrap_or_default(),
                line_info: None,
            },
            value_line_info: None,
        };
        let label = format!("The expression at {}", expression.location.pointer);
        literals(&tokens, &expression, &label, out);
    }
}

fn literals(tokens: &[Tok], e: &Expression, label: &str, out: &mut Vec<Diagnostic>) {
    let mut calls: Vec<Option<String>> = Vec::new();
    for (k, tok) in tokens.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| tokens.get(p));
        match tok {
            Tok::Punct("(") => calls.push(match prev {
                Some(Tok::Ident(name)) => Some(name.clone()),
                _ => None,
            }),
            Tok::Punct(")") => {
                calls.pop();
            }
            _ => {}
        }
        let after_comparison = matches!(prev, Some(Tok::Punct(p)) if COMPARISONS.contains(p));
        let after_ordering = after_comparison && !matches!(prev, Some(Tok::Punct("==" | "!=")));
        let argument = matches!(prev, Some(Tok::Punct("(" | ",")))
            && calls.last().is_some_and(Option::is_some)
            && !matches!(tok, Tok::Punct(_));
        let function = calls.last().cloned().flatten().unwrap_or_default();
        let finding = match tok {
            Tok::Number(n) if after_comparison || argument => Some((
                format!("{label}: the number {n} is not a JMESPath literal; the expression does not parse."),
                format!("JMESPath literals need backticks: write `{n}`"),
            )),
            Tok::Ident(name)
                if matches!(name.as_str(), "true" | "false" | "null")
                    && (after_comparison || argument)
                    && !matches!(tokens.get(k + 1), Some(Tok::Punct("(" | "."))) =>
            {
                Some((
                    format!("{label}: {name} without backticks is a field name in JMESPath, not the literal {name} (the field is missing, so it is null)."),
                    format!("write `{name}`"),
                ))
            }
            Tok::Quoted(text) if after_comparison => Some((
                format!("{label}: \"{text}\" in double quotes is a quoted field name in JMESPath, not a string, so the comparison reads a field called {text}."),
                format!("write the string as '{text}' (raw string) or `\"{text}\"` (JSON literal)"),
            )),
            Tok::Raw(text)
                if is_number(text)
                    && (after_ordering
                        || (argument && NUMERIC_FUNCTIONS.contains(&function.as_str()))) =>
            {
                Some((
                    format!("{label}: '{text}' is a string, not a number: {}.", if after_ordering { "JMESPath ordering comparisons between a number and a string give null" } else { "the MedTech arithmetic functions throw 'invalid-type' on strings" }),
                    format!("write the number as `{text}`"),
                ))
            }
            _ => None,
        };
        if let Some((message, help)) = finding {
            out.push(on_expression(
                Severity::Warning,
                Code::LintJmesPathLiteral,
                e,
                message,
                help,
            ));
        }
    }
}

fn is_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.parse::<f64>().is_ok()
}

/// Arguments of typed functions that are plain paths not tested by the type match.
fn missing_arguments(
    tokens: &[Tok],
    e: &Expression,
    label: &str,
    type_match: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (k, tok) in tokens.iter().enumerate() {
        let Tok::Ident(function) = tok else { continue };
        if !TYPED_FUNCTIONS.contains(&function.as_str())
            || tokens.get(k + 1) != Some(&Tok::Punct("("))
        {
            continue;
        }
        for argument in arguments(&tokens[k + 2..]) {
            let Some(path) = plain_path(argument) else {
                continue;
            };
            let last = path.rsplit('.').next().unwrap_or(&path).to_string();
            if type_match.contains(&last) {
                continue;
            }
            out.push(on_expression(
                Severity::Warning,
                Code::LintJmesPathMissingArgument,
                e,
                format!("{label}: {function}({path}, …) throws 'invalid-type' when {path} is missing or null in a message, and the service fails the batch with NormalizationDataMappingException; the typeMatchExpression does not test {last}."),
                format!("make the typeMatchExpression select only tokens that have it (e.g. a filter [?{last}]), or give a default: ({path} || `0`)"),
            ));
        }
    }
}

/// The top-level arguments of a call whose tokens start after `(`.
fn arguments(tokens: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, tok) in tokens.iter().enumerate() {
        match tok {
            Tok::Punct("(" | "[" | "{") => depth += 1,
            Tok::Punct(")" | "]" | "}") if depth == 0 => {
                out.push(&tokens[start..i]);
                return out;
            }
            Tok::Punct(")" | "]" | "}") => depth -= 1,
            Tok::Punct(",") if depth == 0 => {
                out.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// `a.b."c d"` as text, when the tokens are only names joined by dots.
fn plain_path(tokens: &[Tok]) -> Option<String> {
    let mut text = String::new();
    for (i, tok) in tokens.iter().enumerate() {
        match (i % 2, tok) {
            (0, Tok::Ident(name)) if !matches!(name.as_str(), "true" | "false" | "null") => {
                text.push_str(name)
            }
            (0, Tok::Quoted(name)) => text.push_str(&format!("\"{name}\"")),
            (1, Tok::Punct(".")) => text.push('.'),
            _ => return None,
        }
    }
    (!tokens.is_empty() && tokens.len() % 2 == 1).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_literals_and_names() {
        let t = lex("multiply(matchedToken.w, `0.45`) || 'x' == \"y\"").unwrap();
        assert_eq!(t[0], Tok::Ident("multiply".into()));
        assert!(t.contains(&Tok::Literal("0.45".into())));
        assert!(t.contains(&Tok::Raw("x".into())));
        assert!(t.contains(&Tok::Quoted("y".into())));
        assert!(lex("'unterminated").is_none());
    }

    #[test]
    fn paths_and_arguments() {
        let t = lex("add(a.b, `1`)").unwrap();
        let args = arguments(&t[2..]);
        assert_eq!(args.len(), 2);
        assert_eq!(plain_path(args[0]), Some("a.b".into()));
        assert_eq!(plain_path(args[1]), None);
    }
}
