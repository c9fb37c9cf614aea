//! Filter expressions `[?( … )]` of Newtonsoft's `JPath` (device-mapping.md §6.3):
//! `ParseQuery`, `ParseExpression` (the `&&`/`||` nesting quirk, dropped conditions),
//! `ParseSide`, `ParseOperator` and literal values (a number ends only at a space or `)`).

use super::{PResult, Parser, MAX_FILTER_DEPTH};
use crate::ast::{Expr, Filter, Literal, Op, Operand, Path, Segment};
use crate::dotnet::{self, IntParse};
use crate::error::{ParseError, ParseErrorKind};

impl Parser<'_> {
    pub(super) fn parse_query(&mut self, close: char, scan: bool) -> PResult<Segment> {
        self.i += 1;
        self.ensure_length("Path ended with open indexer.")?;
        let c = self.chars[self.i];
        if c != '(' {
            return Err(self.unexpected_indexer_char(c));
        }
        self.i += 1;
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(self.error(
                ParseErrorKind::TooComplex,
                format!("Filters are nested more than {MAX_FILTER_DEPTH} levels deep."),
                self.i,
            ));
        }
        let expr = self.parse_expression()?;
        self.depth -= 1;
        self.i += 1;
        self.ensure_length("Path ended with open indexer.")?;
        self.eat_whitespace();
        let c = self.current()?;
        if c != close {
            return Err(self.unexpected_indexer_char(c));
        }
        Ok(if scan {
            self.features.scan_filter = true;
            self.features.recursive_descent = true;
            Segment::ScanQuery(Box::new(Filter::new(expr)))
        } else {
            self.features.filter_on_children = true;
            Segment::Query(Box::new(Filter::new(expr)))
        })
    }

    fn unexpected_query_char(&self) -> ParseError {
        match self.current() {
            Ok(c) => self.syntax(format!(
                "Unexpected character while parsing path query: {c}"
            )),
            Err(e) => e,
        }
    }

    /// A path operand starting with `$` or `@`.
    fn try_parse_expression(&mut self) -> PResult<Option<Path>> {
        let mut path = Path::default();
        match self.current()? {
            '$' => {
                self.features.root_in_filter = true;
                self.push(&mut path, Segment::Root)?;
            }
            '@' => {}
            _ => return Ok(None),
        }
        self.i += 1;
        if let Some(&next) = self.chars.get(self.i) {
            if !matches!(
                next,
                '.' | '[' | '(' | ')' | ']' | ' ' | '=' | '<' | '!' | '>' | '|' | '&'
            ) {
                self.features.at_without_dot = true;
            }
        }
        if self.parse_path(&mut path, self.i, true)? {
            return Err(self.syntax("Path ended with open query."));
        }
        Ok(Some(path))
    }

    fn parse_side(&mut self) -> PResult<Operand> {
        self.eat_whitespace();
        if let Some(path) = self.try_parse_expression()? {
            self.eat_whitespace();
            self.ensure_length("Path ended with open query.")?;
            return Ok(Operand::Path(path));
        }
        if let Some(literal) = self.try_parse_value()? {
            self.eat_whitespace();
            self.ensure_length("Path ended with open query.")?;
            return Ok(Operand::Literal(literal));
        }
        Err(self.unexpected_query_char())
    }

    fn parse_expression(&mut self) -> PResult<Expr> {
        // Open composites, outermost first; each one ends up as the last child of the previous.
        let mut levels: Vec<(bool, Vec<Expr>)> = Vec::new();
        while self.i < self.len() {
            let left = self.parse_side()?;
            if matches!(left, Operand::Literal(_)) {
                self.features.literal_left = true;
            }
            let c = self.chars[self.i];
            let (op, right) = if matches!(c, ')' | '|' | '&') {
                self.features.existence_test = true;
                (Op::Exists, None)
            } else {
                let op = self.parse_operator()?;
                (op, Some(self.parse_side()?))
            };
            let condition = Expr::Compare { op, left, right };
            let c = self.chars[self.i];
            if c == ')' {
                return Ok(match levels.is_empty() {
                    true => condition,
                    false => {
                        if let Some(last) = levels.last_mut() {
                            last.1.push(condition);
                        }
                        fold(levels)
                    }
                });
            }
            let mut used = false;
            if c == '&' {
                if !self.match_str("&&") {
                    return Err(self.unexpected_query_char());
                }
                if !levels.last().is_some_and(|l| l.0) {
                    levels.push((true, Vec::new()));
                }
                if let Some(last) = levels.last_mut() {
                    last.1.push(condition.clone());
                }
                used = true;
            }
            if self.current()? == '|' {
                if !self.match_str("||") {
                    return Err(self.unexpected_query_char());
                }
                match levels.last() {
                    Some((false, _)) => {}
                    Some((true, _)) => {
                        self.features.and_then_or = true;
                        levels.push((false, Vec::new()));
                    }
                    None => levels.push((false, Vec::new())),
                }
                if let Some(last) = levels.last_mut() {
                    last.1.push(condition);
                }
                used = true;
            }
            if !used {
                self.features.dropped_condition = true;
            }
        }
        Err(self.syntax("Path ended with open query."))
    }

    fn parse_operator(&mut self) -> PResult<Op> {
        if self.i + 1 >= self.len() {
            return Err(self.syntax("Path ended with open query."));
        }
        let table: [(&str, Op); 10] = [
            ("===", Op::StrictEquals),
            ("==", Op::Equals),
            ("=~", Op::RegexEquals),
            ("!==", Op::StrictNotEquals),
            ("!=", Op::NotEquals),
            ("<>", Op::NotEquals),
            ("<=", Op::LessThanOrEquals),
            ("<", Op::LessThan),
            (">=", Op::GreaterThanOrEquals),
            (">", Op::GreaterThan),
        ];
        for (text, op) in table {
            if self.match_str(text) {
                match text {
                    "===" | "!==" => self.features.strict_equality = true,
                    "<>" => self.features.angle_not_equals = true,
                    "<=" | "<" | ">=" | ">" => self.features.relational = true,
                    _ => {}
                }
                return Ok(op);
            }
        }
        Err(self.syntax("Could not read query operator."))
    }

    fn try_parse_value(&mut self) -> PResult<Option<Literal>> {
        let c = self.current()?;
        if c == '\'' {
            let text = self.read_quoted_string()?;
            return Ok(Some(string_literal(text)));
        }
        if dotnet::is_digit(c) || c == '-' {
            let mut text = String::new();
            text.push(c);
            self.i += 1;
            while self.i < self.len() {
                let c = self.chars[self.i];
                if c == ' ' || c == ')' {
                    if text.contains(['.', 'E', 'e']) {
                        return Ok(dotnet::parse_double(&text).map(Literal::Float));
                    }
                    return Ok(match dotnet::parse_integer(&text, i64::MIN, i64::MAX) {
                        IntParse::Ok(v) => Some(Literal::Integer(v)),
                        _ => None,
                    });
                }
                text.push(c);
                self.i += 1;
            }
            return Ok(None);
        }
        let keyword = match c {
            't' => ("true", Literal::Bool(true)),
            'f' => ("false", Literal::Bool(false)),
            'n' => ("null", Literal::Null),
            '/' => {
                let text = self.read_regex_string()?;
                self.features.regex = true;
                if let Some(slash) = text.rfind('/') {
                    if text[slash..].contains('x') {
                        self.features.regex_explicit_capture = true;
                    }
                }
                return Ok(Some(string_literal(text)));
            }
            _ => return Ok(None),
        };
        Ok(self.match_str(keyword.0).then_some(keyword.1))
    }

    fn read_regex_string(&mut self) -> PResult<String> {
        let start = self.i;
        self.i += 1;
        while self.i < self.len() {
            let c = self.chars[self.i];
            if c == '\\' && self.i + 1 < self.len() {
                self.i += 2;
            } else if c == '/' {
                self.i += 1;
                while self.i < self.len() && dotnet::is_letter(self.chars[self.i]) {
                    self.i += 1;
                }
                return Ok(self.text(start, self.i));
            } else {
                self.i += 1;
            }
        }
        Err(self.syntax("Path ended with an open regex."))
    }
}

fn string_literal(text: String) -> Literal {
    Literal::String {
        text: text.into_boxed_str(),
        regex: Default::default(),
    }
}

/// Closes the open composites: each level becomes the last child of the one before it.
fn fold(mut levels: Vec<(bool, Vec<Expr>)>) -> Expr {
    let mut inner: Option<Expr> = None;
    while let Some((is_and, mut children)) = levels.pop() {
        if let Some(child) = inner.take() {
            children.push(child);
        }
        inner = Some(if is_and {
            Expr::And(children)
        } else {
            Expr::Or(children)
        });
    }
    inner.unwrap_or(Expr::And(Vec::new()))
}
