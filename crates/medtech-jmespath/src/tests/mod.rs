//! Data-driven tables: every rule of device-mapping.md §7 this crate implements, the tested
//! values of §7.3/§9.10, and the reference cases E7–E14 of §9.8.
//!
//! A row is `(expression, data, expected)`. `data` is JSON; a string `"@date:<ISO>"` in it
//! becomes a date token (as Newtonsoft's reader would make it). `expected` is the result as
//! compact Newtonsoft JSON (so `1` is an Integer token and `1.0` a Float), prefixed with `P:` when
//! the result is a projection, `date:<ISO>` for a date token, `!compile <message>` or
//! `!runtime <message>` for errors.

mod builtins;
mod core;
mod custom;
mod leading;
mod reference;

use crate::{compile, CompileOptions, Var};
use medtech_json::{DateKind, DateTime, Document, Value};

/// Builds a document; `"@date:yyyy-MM-ddTHH:mm:ss[.f…][Z]"` strings become date tokens.
pub(crate) fn doc_from(json: &str) -> Document {
    let value: serde_json::Value = serde_json::from_str(json).expect("test data is JSON");
    let mut doc = Document::from_serde(&value);
    for i in 0..doc.len() {
        let id = medtech_json::NodeId(i as u32);
        if let Value::String(s) = doc.value(id) {
            if let Some(iso) = s.strip_prefix("@date:") {
                let date = parse_iso(iso);
                doc.node_mut(id).value = Value::Date(date);
            }
        }
    }
    doc
}

fn parse_iso(iso: &str) -> DateTime {
    let num = |a: usize, b: usize| iso[a..b].parse::<i64>().expect("date digits");
    let (y, mo, d) = (num(0, 4), num(5, 7), num(8, 10));
    let (h, mi, s) = (num(11, 13), num(14, 16), num(17, 19));
    let rest = &iso[19..];
    let (fraction, zone) = match rest.strip_prefix('.') {
        Some(f) => {
            let digits: String = f.chars().take_while(|c| c.is_ascii_digit()).collect();
            let ticks = format!("{digits:0<7}").parse::<i64>().unwrap_or(0);
            (ticks, &f[digits.len()..])
        }
        None => (0, rest),
    };
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yy = y - 1;
    let mut days = yy * 365 + yy / 4 - yy / 100 + yy / 400 + cumulative[(mo - 1) as usize] + d - 1;
    if mo > 2 && leap(y) {
        days += 1;
    }
    let ticks = days * 864_000_000_000 + (h * 3600 + mi * 60 + s) * 10_000_000 + fraction;
    DateTime {
        ticks,
        kind: if zone == "Z" {
            DateKind::Utc
        } else {
            DateKind::Unspecified
        },
    }
}

/// A result as the tables write it.
pub(crate) fn show(doc: &Document, var: &Var) -> String {
    if let Var::Date(d) = var {
        return format!("date:{}", crate::text::date_iso(*d));
    }
    if let Var::Node(id) = var {
        if let Value::Date(d) = doc.value(*id) {
            return format!("date:{}", crate::text::date_iso(*d));
        }
    }
    let mut out = String::new();
    crate::json_out::write_json(doc, var, &mut out).expect("writable");
    out
}

/// Compiles and runs one row.
pub(crate) fn run(expr: &str, data: &str, custom: bool) -> String {
    let doc = doc_from(data);
    let compiled = match compile(
        expr,
        &CompileOptions {
            custom_functions: custom,
        },
    ) {
        Ok(c) => c,
        Err(e) => return format!("!compile {}", e.message),
    };
    let root = doc.root().expect("root");
    match compiled.search(&doc, root) {
        Ok(outcome) => {
            let shown = show(&doc, &outcome.value);
            if outcome.is_projection {
                format!("P:{shown}")
            } else {
                shown
            }
        }
        Err(e) => format!("!runtime {}", e.message),
    }
}

/// Runs a table and reports every mismatching row at once.
pub(crate) fn check(table: &[(&str, &str, &str)], custom: bool) {
    let mut failures = Vec::new();
    for (expr, data, expected) in table {
        let actual = run(expr, data, custom);
        if actual != *expected {
            failures.push(format!(
                "  {expr}\n    data:     {data}\n    expected: {expected}\n    actual:   {actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}
