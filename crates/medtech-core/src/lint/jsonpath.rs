//! JSONPath constructs that only Newtonsoft.Json reads the way the service does
//! (device-mapping.md §6): other JSONPath tools (RFC 9535 implementations, online testers)
//! reject or misread them, so an expression "tested" elsewhere behaves differently in MedTech.
//! Read statically from [`medtech_jsonpath::Features`]; what a sample message shows is in
//! [`super::samples`].

use super::{fields, on_expression, template_label, Field};
use crate::device_mapping::model::{ContentTemplate, Language, TemplateKind};
use crate::diagnostic::{Code, Diagnostic, Severity};
use medtech_jsonpath::Features;

/// The static JSONPath lints of one template.
pub fn lint_template(template: &ContentTemplate, out: &mut Vec<Diagnostic>) {
    for field in fields(template) {
        if field.expression.language != Language::JsonPath {
            continue;
        }
        // Syntax errors are the loader's (`expression/jsonpath-syntax`).
        let Ok(path) = medtech_jsonpath::parse(&field.expression.text) else {
            continue;
        };
        lint_features(template, &field, path.features(), out);
    }
}

fn lint_features(
    template: &ContentTemplate,
    field: &Field<'_>,
    f: Features,
    out: &mut Vec<Diagnostic>,
) {
    let e = field.expression;
    let text = &e.text;
    let label = template_label(template);
    if f.at_without_dot {
        out.push(on_expression(
            Severity::Info,
            Code::LintAtWithoutDot,
            e,
            format!("[{}] of {label}: {text} uses '@name' without a dot; Newtonsoft reads it as '@.name', other JSONPath tools reject it.", field.name),
            format!("write {} so the expression reads the same everywhere", add_dots(text)),
        ));
    }
    if f.scan_filter {
        out.push(on_expression(
            Severity::Info,
            Code::LintScanFilterRoot,
            e,
            format!("[{}] of {label}: {text} uses '..[?( )]', which in Newtonsoft also tests the token the scan starts from (the whole message), so the message root can match; RFC 9535 tools only test its descendants.", field.name),
            "expected here when the template needs the whole message (legacy and IoT templates); otherwise check the trace for a match at the root (pointer \"\")".to_string(),
        ));
    }
    if f.and_then_or {
        out.push(on_expression(
            Severity::Warning,
            Code::LintAndOrGrouping,
            e,
            format!("[{}] of {label}: {text} mixes '&&' followed by '||'; Newtonsoft reads 'a && b || c' as 'a && (b || c)', not '(a && b) || c'.", field.name),
            "Newtonsoft filters have no grouping parentheses: reorder the conditions as 'c || a && b' (read 'c || (a && b)') or split the template in two".to_string(),
        ));
    }
    if f.dropped_condition {
        out.push(on_expression(
            Severity::Warning,
            Code::LintDroppedCondition,
            e,
            format!("[{}] of {label}: {text} has two conditions with no '&&' or '||' between them; Newtonsoft silently keeps only the last one.", field.name),
            "join the conditions with '&&' or '||'; note that a number literal ends only at a space or ')': write '@.a == 5 && @.b', not '@.a==5&&@.b'".to_string(),
        ));
    }
    if field.single && f.recursive_descent {
        let why = if template.kind == TemplateKind::Calculated {
            "in CalculatedContent the expression runs on the envelope plus matchedToken, so a member found under the matched token is found twice (once through the copied envelope, once under matchedToken)"
        } else {
            "it fails as soon as the name occurs more than once below the matched token"
        };
        out.push(on_expression(
            Severity::Warning,
            Code::LintRecursiveSingleValue,
            e,
            format!("[{}] of {label}: {text} uses '..' where the service selects exactly one token; two or more matches abort the message with 'Unable to retrieve JsonToken using expression' ({why}).", field.name),
            if template.kind == TemplateKind::Calculated {
                "use a direct path such as $.matchedToken.name".to_string()
            } else {
                "use a direct path relative to the matched token, such as $.name".to_string()
            },
        ));
    }
    let others = newtonsoft_only(&f);
    if !others.is_empty() {
        out.push(on_expression(
            Severity::Info,
            Code::LintNewtonsoftOnly,
            e,
            format!("[{}] of {label}: {text} uses constructs that only Newtonsoft's JSONPath reads this way: {}.", field.name, others.join("; ")),
            "the service evaluates it as described; test such expressions with `medtech debug`, not with other JSONPath tools".to_string(),
        ));
    }
}

/// Descriptions of the Newtonsoft-only constructs without a lint of their own.
fn newtonsoft_only(f: &Features) -> Vec<&'static str> {
    let table: [(bool, &str); 15] = [
        (f.missing_dollar, "no leading '$' (the root is implicit)"),
        (
            f.dollar_property,
            "'$' glued to a name is part of a property name",
        ),
        (
            f.at_property,
            "a leading '@' outside a filter is a property name",
        ),
        (
            f.leading_space_name,
            "leading spaces are part of the property name",
        ),
        (f.space_terminated, "a space ends the path"),
        (f.dot_bracket, "'.[' (the dot is ignored)"),
        (f.paren_indexer, "'( )' used as an indexer"),
        (
            f.scan_index_ignored,
            "'..' before an index is ignored ('$..[0]' is '$[0]')",
        ),
        (
            f.recursive_wildcard,
            "'..*' yields the start token itself first",
        ),
        (f.strict_equality, "'===' / '!==' (no RFC 9535 equivalent)"),
        (f.angle_not_equals, "'<>' means '!='"),
        (
            f.regex,
            "'=~ /regex/' with .NET regex syntax (RFC 9535 has match()/search())",
        ),
        (
            f.regex_explicit_capture,
            "the regex flag 'x' is .NET ExplicitCapture, not 'extended'",
        ),
        (
            f.negative_index,
            "a negative index throws in Newtonsoft (other tools count from the end)",
        ),
        (
            f.lenient_quote,
            "a bracket name without its opening quote (its first character is skipped)",
        ),
    ];
    let mut out: Vec<&str> = table
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, d)| *d)
        .collect();
    if f.zero_step {
        out.push("a slice step of 0 throws when evaluated");
    }
    if f.literal_left {
        out.push("a literal as the left operand (a constant condition)");
    }
    out
}

/// `@heartRate` → `@.heartRate` (only where a name follows `@` directly).
fn add_dots(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '@' {
            if let Some(&next) = chars.peek() {
                if next.is_alphanumeric() || next == '_' {
                    out.push('.');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::add_dots;

    #[test]
    fn dots_are_added_after_at() {
        assert_eq!(
            add_dots("$..[?(@hr && @.x || @['y'])]"),
            "$..[?(@.hr && @.x || @['y'])]"
        );
    }
}
