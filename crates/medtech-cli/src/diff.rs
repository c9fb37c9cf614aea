//! A readable, coloured line diff of expected vs actual JSON (pretty-printed), for failed test
//! cases. The actual side is cut to the members the expectation writes ([`project`]), so the
//! diff shows only what the case checks.

use medtech_suite::project;
use serde_json::Value as Json;
use similar::{ChangeTag, TextDiff};

/// The diff, each line indented by `indent`; `-` expected (red), `+` actual (green).
pub fn json_diff(expected: &Json, actual: &Json, color: bool, indent: &str) -> String {
    let shown = project(expected, actual);
    let left = serde_json::to_string_pretty(expected).unwrap_or_default() + "\n";
    let right = serde_json::to_string_pretty(&shown).unwrap_or_default() + "\n";
    let diff = TextDiff::from_lines(&left, &right);
    let mut out = String::new();
    for group in diff.grouped_ops(3) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let (sign, start, end) = match change.tag() {
                    ChangeTag::Delete => ('-', "\x1b[31m", "\x1b[0m"),
                    ChangeTag::Insert => ('+', "\x1b[32m", "\x1b[0m"),
                    ChangeTag::Equal => (' ', "", ""),
                };
                let line = change.value().trim_end_matches('\n');
                if color && !start.is_empty() {
                    out.push_str(&format!("{indent}{start}{sign} {line}{end}\n"));
                } else {
                    out.push_str(&format!("{indent}{sign} {line}\n"));
                }
            }
        }
        out.push_str(&format!("{indent}  ┄\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_shows_only_checked_members() {
        let d = json_diff(&json!({"a": 1}), &json!({"a": 2, "b": 3}), false, "");
        assert!(d.contains("-   \"a\": 1"));
        assert!(d.contains("+   \"a\": 2"));
        assert!(!d.contains("\"b\""));
    }
}
