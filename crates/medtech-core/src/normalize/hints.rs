//! Near misses and explanations: why a template matched nothing or a field failed, and where a
//! value was converted in a surprising way (peers.md (d) "per-template trace").
//!
//! Hints never change results; they are `info` diagnostics attached to the message.

use super::trace::{FieldOutcome, MatchTrace, MessageTrace, TemplateStatus};
use super::{MessageOutcome, Normalizer, MATCHED_TOKEN};
use crate::device_mapping::model::{ContentTemplate, Expression, Language, TemplateKind};
use crate::diagnostic::{Code, Diagnostic, Source};
use medtech_json::document::{eq_ignore_case, push_decimal};
use medtech_json::{DateKind, Document, Member, MemberKey, NodeId, Value};
use medtech_jsonpath::NameKey;

/// A template's status and matches in a message's trace.
struct Traced<'a> {
    status: TemplateStatus,
    matches: &'a [MatchTrace],
}

/// Every template with its status and matches. A `Detail::Findings` trace has entries only for
/// the templates that matched something or failed: a template without one matched nothing, or
/// did not run when an earlier one failed.
fn traced<'a>(
    normalizer: &'a Normalizer,
    trace: &'a MessageTrace,
) -> impl Iterator<Item = (&'a super::Prepared, Traced<'a>)> + 'a {
    let (entries, mut next) = (&trace.templates, 0);
    let mut failed = false;
    normalizer.templates.iter().map(move |prepared| {
        let entry = entries
            .get(next)
            .filter(|t| t.index == prepared.template.index);
        next += usize::from(entry.is_some());
        let traced = match entry {
            Some(t) => Traced {
                status: t.status,
                matches: &t.matches,
            },
            None => Traced {
                status: if failed {
                    TemplateStatus::NotEvaluated
                } else {
                    TemplateStatus::Evaluated
                },
                matches: &[],
            },
        };
        failed |= traced.status == TemplateStatus::Failed;
        (prepared, traced)
    })
}

/// Adds hint diagnostics to `outcome` for the message rooted at `root`.
/// `names` holds the message's member names if the type matches gathered them already.
#[inline(never)]
pub(crate) fn explain(
    doc: &Document,
    root: NodeId,
    normalizer: &Normalizer,
    outcome: &mut MessageOutcome,
    names: &mut super::Names,
) {
    let mut hints = Vec::new();
    let message_index = outcome.trace.index;
    // Every member of the message, gathered once and only when a name is likely there.
    let mut members: Option<Vec<MessageMember<'_>>> = None;
    for (prepared, trace) in traced(normalizer, &outcome.trace) {
        let template = &prepared.template;
        // 1. A type match that matched nothing: look for its member names with other case,
        //    and for comparisons whose literal has the other type than the message's value.
        if trace.status == TemplateStatus::Evaluated
            && trace.matches.is_empty()
            && template.type_match.is_some()
        {
            {
                let names = names.get(doc);
                for (name, key) in &prepared.probe.names {
                    // No case variant is reported for a name the message has exactly: ruled
                    // out cheaply when no member has it in any case, or the root has it.
                    if !names.may_contain_ignore_case(key) || doc.get(root, name).is_some() {
                        continue;
                    }
                    // Nor when the message has it exactly anywhere (`find_case_variant` then
                    // finds nothing): told without listing every member.
                    if names.may_contain(key) && has_member(doc, root, name) {
                        continue;
                    }
                    // Nor when no member has it in another case (the summary's "maybe" can
                    // be wrong): told without listing every member.
                    let ascii = name.is_ascii();
                    if !any_member(doc, root, |m| {
                        is_case_variant(&m.name, m.name.is_ascii(), name, ascii)
                    }) {
                        continue;
                    }
                    let members = members.get_or_insert_with(|| all_members(doc, root));
                    if let Some((found, at)) = find_case_variant(doc, members, name) {
                        hints.push(
                            Diagnostic::info(
                                Code::HintCaseMismatch,
                                Source::Message,
                                format!(
                                    "Template {} ('{}') matched nothing: its typeMatchExpression looks for '{}', but the message has '{}' at {} (names are case-sensitive).",
                                    template.index, template.type_name, name, found, at
                                ),
                            )
                            .in_message(message_index)
                            .at(None, Some(at.clone())),
                        );
                    }
                }
                for (name, key, literal_is_string) in &prepared.probe.comparisons {
                    let literal_is_string = *literal_is_string;
                    let member_key = MemberKey::of(name.as_bytes());
                    if !names.may_contain(key)
                        || !any_member(doc, root, |m| {
                            m.is_named(member_key, name.as_bytes())
                                && other_type(doc.value(m.value), literal_is_string)
                        })
                    {
                        continue;
                    }
                    let members = members.get_or_insert_with(|| all_members(doc, root));
                    if let Some(at) = find_other_type(doc, members, name, literal_is_string) {
                        hints.push(
                            Diagnostic::info(
                                Code::HintNumberAsString,
                                Source::Message,
                                format!(
                                    "Template {} ('{}') matched nothing: its typeMatchExpression compares '{}' with a {} literal, but the message holds a {} at {}; JSONPath '==' never equals a string and a number.",
                                    template.index,
                                    template.type_name,
                                    name,
                                    if literal_is_string { "string" } else { "number" },
                                    if literal_is_string { "number" } else { "string" },
                                    at
                                ),
                            )
                            .in_message(message_index)
                            .at(None, Some(at)),
                        );
                    }
                }
            }
        }
        // 2. A required field that was not found: the same member with other case, or in the
        //    other scope (legacy templates see only the matched token; CalculatedContent sees
        //    the envelope plus matchedToken).
        if trace.status == TemplateStatus::Failed {
            let Some(last_match) = trace.matches.last() else {
                continue;
            };
            let Some(field) = last_match.fields.last() else {
                continue;
            };
            if !matches!(field.outcome, FieldOutcome::Failed { .. }) {
                continue;
            }
            let matched = last_match
                .pointer
                .as_deref()
                .and_then(|p| doc.at_pointer(root, p));
            let Some(expression) = field_expression(prepared, &field.field) else {
                continue;
            };
            if let Some((code, message, at)) =
                scope_hint(doc, root, matched, template.kind, expression)
            {
                hints.push(
                    Diagnostic::info(code, Source::Message, message)
                        .in_message(message_index)
                        .at(None, Some(at)),
                );
            }
        }
        // 3. Surprising conversions, once per field of the first match.
        if let Some(first) = trace.matches.first() {
            for field in &first.fields {
                if let FieldOutcome::Value {
                    text,
                    kind,
                    pointer,
                } = &field.outcome
                {
                    if !explains_conversion(kind, &field.field, text) {
                        continue;
                    }
                    // (Which conversions get a note is `explains_conversion`'s to say.)
                    let why = match *kind {
                        "Date" => format!(
                            "The message's ISO date string was read as a date token and is written as '{text}' (MM/dd/yyyy HH:mm:ss, fraction and zone dropped), as Newtonsoft.Json does."
                        ),
                        "Boolean" => format!(
                            "A JSON boolean becomes the text '{text}' (capitalised), as .NET prints it."
                        ),
                        _ => format!(
                            "A JSON number is written as '{text}' in .NET's round-trip notation."
                        ),
                    };
                    hints.push(
                        Diagnostic::info(
                            Code::ExplainConversion,
                            Source::Message,
                            format!(
                                "[{}] of template {} ('{}'): {}",
                                field.field, template.index, template.type_name, why
                            ),
                        )
                        .in_message(message_index)
                        .at(None, pointer.clone()),
                    );
                }
            }
            if let Some(m) = first.measurement.and_then(|i| outcome.measurements.get(i)) {
                if let Some(note) = timestamp_note(template, &m.occurrence_time) {
                    hints.push(
                        Diagnostic::info(Code::ExplainTimestampZone, Source::Message, note)
                            .in_message(message_index),
                    );
                }
            }
        }
    }
    // 4. Nothing at all was produced: say, per template, which expression selected nothing
    //    (unless a sharper hint above already explains it).
    let failed = outcome
        .trace
        .templates
        .iter()
        .any(|t| t.status == TemplateStatus::Failed);
    if outcome.measurements.is_empty() && !failed {
        // (Then no template matched anything: every match gives a measurement or a failure.)
        for prepared in &normalizer.templates {
            // (Both texts are written once per mapping.)
            let explained = hints
                .iter()
                .any(|h: &Diagnostic| h.message.starts_with(&prepared.hint_prefix));
            if !explained {
                if let Some(hint) = &prepared.no_match_hint {
                    hints.push(
                        Diagnostic::info(Code::HintNoMatch, Source::Message, hint.clone())
                            .in_message(message_index),
                    );
                }
            }
        }
    }
    outcome.diagnostics.extend(hints);
}

/// The note on a timestamp that had an offset or no zone (none for UTC), written in one
/// buffer: one in four messages of real traffic gets it.
fn timestamp_note(template: &ContentTemplate, time: &medtech_json::DateTime) -> Option<String> {
    let (head, tail) = match time.kind {
        DateKind::Local { .. } => (
            "The timestamp had the offset ",
            "; the service converts it to the host's local time (UTC on Azure) and writes it with '+00:00': ",
        ),
        DateKind::Unspecified => (
            "The timestamp has no time zone; the service keeps it as an unspecified wall-clock time (",
            "), and FHIR Observations will treat it as UTC.",
        ),
        DateKind::Utc => return None,
    };
    let mut out = String::with_capacity(256);
    // (Pieces pushed, not `write!`: this runs for many messages.)
    out.push_str("Template ");
    push_decimal(&mut out, template.index as u64);
    out.push_str(" ('");
    out.push_str(&template.type_name);
    out.push_str("'): ");
    out.push_str(head);
    if let DateKind::Local {
        original_offset_minutes,
    } = time.kind
    {
        push_offset(&mut out, original_offset_minutes);
        out.push_str(tail);
        time.write_newtonsoft_iso(&mut out);
        out.push('.');
    } else {
        time.write_newtonsoft_iso(&mut out);
        out.push_str(tail);
    }
    Some(out)
}

/// Whether the value of `field` (of token kind `kind`, written as `text`) gets an
/// "explain/conversion" hint: ISO date strings read as dates (other than the timestamp),
/// booleans, and numbers in .NET's round-trip notation. (A run that records only what
/// findings need keeps these values' texts and pointers.)
pub(crate) fn explains_conversion(kind: &str, field: &str, text: &str) -> bool {
    match (kind, field) {
        ("Date", "TimestampExpression") => false,
        ("Date", _) | ("Boolean", _) => true,
        ("Float", _) => text.contains('E'),
        _ => false,
    }
}

/// Appends an offset in minutes as `+hh:mm` / `-hh:mm`.
fn push_offset(out: &mut String, minutes: i16) {
    let m = minutes.unsigned_abs();
    out.push(if minutes < 0 { '-' } else { '+' });
    let two_digits = |out: &mut String, n: u16| {
        if n < 10 {
            out.push('0');
        }
        push_decimal(out, u64::from(n));
    };
    two_digits(out, m / 60);
    out.push(':');
    two_digits(out, m % 60);
}

fn field_expression<'a>(prepared: &'a super::Prepared, field: &str) -> Option<&'a Expression> {
    let compiled = match field {
        "DeviceIdExpression" => prepared.device_id.first(),
        "TimestampExpression" => prepared.timestamp.first(),
        "CorrelationIdExpression" => prepared.correlation_id.as_ref(),
        "PatientIdExpression" => prepared.patient_id.as_ref(),
        "EncounterIdExpression" => prepared.encounter_id.as_ref(),
        name => prepared
            .template
            .values
            .iter()
            .position(|v| v.name == name)
            .and_then(|i| prepared.values.get(i))
            .and_then(|c| c.as_ref()),
    };
    compiled.map(|c| &c.expression)
}

/// Suggests where a simple path that found nothing would have found something.
fn scope_hint(
    doc: &Document,
    root: NodeId,
    matched: Option<NodeId>,
    kind: TemplateKind,
    expression: &Expression,
) -> Option<(Code, String, String)> {
    let steps = simple_path(&expression.text, expression.language)?;
    let resolve = |from: NodeId| resolve_path(doc, from, &steps, false);
    let resolve_ci = |from: NodeId| resolve_path(doc, from, &steps, true);
    match kind {
        TemplateKind::Calculated => {
            let matched = matched?;
            // The steps after a leading `matchedToken`, if the path starts with it.
            let under_matched = steps
                .split_first()
                .filter(|(first, _)| *first == MATCHED_TOKEN)
                .map(|(_, rest)| rest);
            let direct = match under_matched {
                Some(rest) => resolve_path(doc, matched, rest, false),
                None => resolve(root),
            };
            if let Some(found) = direct {
                // The path does reach a value: the failure is its conversion, not the scope.
                return unconvertible_hint(doc, expression, found);
            }
            if let Some(rest) = under_matched {
                if let Some(found) = resolve_path(doc, root, rest, false) {
                    return Some((Code::HintWrongScope, format!(
                        "'{}' found nothing under matchedToken, but the envelope has it at {}: drop 'matchedToken' to read it from the envelope.",
                        expression.text, doc.pointer(found)
                    ), doc.pointer(found)));
                }
                if let Some(found) = resolve_path(doc, matched, rest, true) {
                    return Some(case_hint(doc, expression, found));
                }
            } else {
                if let Some(found) = resolve_path(doc, matched, &steps, false) {
                    let suggestion = match expression.language {
                        Language::JsonPath => format!("$.matchedToken.{}", steps.join(".")),
                        Language::JmesPath => format!("matchedToken.{}", steps.join(".")),
                    };
                    return Some((Code::HintWrongScope, format!(
                        "'{}' is evaluated on the envelope plus matchedToken in CalculatedContent; the value is in the matched token at {}: write '{}'.",
                        expression.text, doc.pointer(found), suggestion
                    ), doc.pointer(found)));
                }
                if let Some(found) =
                    resolve_ci(root).or_else(|| resolve_path(doc, matched, &steps, true))
                {
                    return Some(case_hint(doc, expression, found));
                }
            }
            None
        }
        _ => {
            let matched = matched?;
            if let Some(found) = resolve(matched) {
                return unconvertible_hint(doc, expression, found);
            }
            if let Some(found) = resolve_ci(matched) {
                return Some(case_hint(doc, expression, found));
            }
            if matched != root {
                if let Some(found) = resolve(root) {
                    return Some((Code::HintWrongScope, format!(
                        "'{}' is evaluated relative to the matched token {} in {} templates and cannot reach {}. Use a CalculatedContent template (which sees the whole envelope) or a type match that selects an object containing it.",
                        expression.text,
                        doc.pointer(matched),
                        kind.type_name(),
                        doc.pointer(found)
                    ), doc.pointer(found)));
                }
            }
            None
        }
    }
}

/// Explains a required value that was found but could not be converted: an integer beyond
/// 64 bits, which JSON.NET reads as a `BigInteger` that `Convert.ChangeType` rejects.
fn unconvertible_hint(
    doc: &Document,
    expression: &Expression,
    found: NodeId,
) -> Option<(Code, String, String)> {
    let Value::BigInteger(digits) = doc.value(found) else {
        return None;
    };
    let pointer = doc.pointer(found);
    Some((
        Code::ExplainConversion,
        format!(
            "'{}' found {} at {}, an integer beyond 64 bits: JSON.NET reads it as a BigInteger, which the service cannot convert to a value ('Object must implement IConvertible.'). Send it as a string (with a decimal point it would be read as a double, keeping 15 to 17 digits).",
            expression.text, digits, pointer
        ),
        pointer,
    ))
}

fn case_hint(doc: &Document, expression: &Expression, found: NodeId) -> (Code, String, String) {
    (
        Code::HintCaseMismatch,
        format!(
            "'{}' found nothing, but a member with other letter case exists at {} (names are case-sensitive).",
            expression.text,
            doc.pointer(found)
        ),
        doc.pointer(found),
    )
}

/// The member names of a plain dotted path (`$.a.b`, `$['a'].b`, JMESPath `a.b`), or `None`
/// for anything more complex.
pub(crate) fn simple_path(text: &str, language: Language) -> Option<Vec<String>> {
    let text = text.trim();
    let body = match language {
        Language::JsonPath => text.strip_prefix('$').unwrap_or(text),
        Language::JmesPath => text,
    };
    let mut steps = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("['") {
            let end = r.find("']")?;
            steps.push(r[..end].to_string());
            rest = &r[end + 2..];
        } else if rest.starts_with(".[") {
            rest = &rest[1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let name = r[..end].trim_matches('"');
            if name.is_empty() || name.contains(['*', '?', '(', ')', '@', ' ', '|', '`']) {
                return None;
            }
            steps.push(name.to_string());
            rest = &r[end..];
        }
    }
    (!steps.is_empty()).then_some(steps)
}

fn resolve_path(
    doc: &Document,
    from: NodeId,
    steps: &[String],
    ignore_case: bool,
) -> Option<NodeId> {
    if !ignore_case {
        return doc.follow(from, steps.iter().map(String::as_str));
    }
    steps.iter().try_fold(from, |current, step| {
        doc.members(current)
            .iter()
            .find(|m| eq_ignore_case(&m.name, step))
            .map(|m| m.value)
    })
}

/// Member names an expression tests for existence or reads (`@heartRate`, `@.Body.x`,
/// `$.a.b`, JMESPath identifiers inside filters).
fn referenced_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == '@' || c == '.' || c == '?' || c == '[' || c == '&' || c == '|' || c == ' ' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == '.' || bytes[j] == ' ') {
                j += 1;
            }
            let start = j;
            while j < bytes.len()
                && (bytes[j].is_alphanumeric() || bytes[j] == '_' || bytes[j] == '-')
            {
                j += 1;
            }
            if j > start {
                let name: String = bytes[start..j].iter().collect();
                if !name.chars().all(|c| c.is_ascii_digit())
                    && !matches!(name.as_str(), "true" | "false" | "null")
                    && !names.contains(&name)
                {
                    names.push(name);
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    names
}

/// `(member, literal is a string)` for comparisons such as `@.type == 'bp'` or `@.v > 5`.
fn compared_names(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for op in ["===", "!==", "==", "!=", ">=", "<=", ">", "<"] {
        let mut search = text;
        while let Some(pos) = search.find(op) {
            let left = search[..pos].trim_end();
            let right = search[pos + op.len()..].trim_start();
            let name: String = left
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if !name.is_empty() {
                if right.starts_with('\'') || right.starts_with('"') || right.starts_with('`') {
                    out.push((name, true));
                } else if right.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                    out.push((name, false));
                }
            }
            search = &search[pos + op.len()..];
        }
    }
    out
}

/// What a type-match expression looks for, worked out once per mapping.
#[derive(Clone, Debug, Default)]
pub(crate) struct Probe {
    /// Member names it tests or reads (with their keys in a message's [`MemberNames`]).
    pub(crate) names: Vec<(String, NameKey)>,
    /// `(member, its key, literal is a string)` of its comparisons.
    pub(crate) comparisons: Vec<(String, NameKey, bool)>,
}

impl Probe {
    pub(crate) fn new(type_match: Option<&Expression>) -> Probe {
        match type_match {
            Some(e) => Probe {
                names: referenced_names(&e.text)
                    .into_iter()
                    .map(|n| {
                        let key = NameKey::new(&n);
                        (n, key)
                    })
                    .collect(),
                comparisons: compared_names(&e.text)
                    .into_iter()
                    .map(|(n, string)| {
                        let key = NameKey::new(&n);
                        (n, key, string)
                    })
                    .collect(),
            },
            None => Probe::default(),
        }
    }
}

/// A member of the message: its name, its value, and whether the name is ASCII (an ASCII name
/// can equal an ASCII probe name ignoring case only when both have the same length).
type MessageMember<'d> = (&'d str, NodeId, bool);

/// Every member of the document (depth-bounded, document order).
fn all_members(doc: &Document, root: NodeId) -> Vec<MessageMember<'_>> {
    // (Sized for the whole arena: one allocation each.)
    let mut out = Vec::with_capacity(doc.len());
    let mut stack = Vec::with_capacity(doc.len().min(256));
    stack.push((root, 0usize));
    while let Some((id, depth)) = stack.pop() {
        if depth > ALL_MEMBERS_DEPTH {
            continue;
        }
        for m in doc.members(id).iter().rev() {
            stack.push((m.value, depth + 1));
        }
        for e in doc.elements(id).iter().rev() {
            stack.push((*e, depth + 1));
        }
        for m in doc.members(id) {
            out.push((&*m.name, m.value, m.name.is_ascii()));
        }
    }
    out
}

/// Whether an object that [`all_members`] visits has a member called exactly `name`: one pass
/// over the arena, each hit checked to be reachable from `root` (through the parents' member
/// and element lists: a replaced duplicate's value is not) within `all_members`' depth.
fn has_member(doc: &Document, root: NodeId, name: &str) -> bool {
    let key = MemberKey::of(name.as_bytes());
    any_member(doc, root, |m| m.is_named(key, name.as_bytes()))
}

/// Whether an object that [`all_members`] visits has a member for which `test` is true (see
/// [`has_member`]).
fn any_member(doc: &Document, root: NodeId, test: impl Fn(&Member) -> bool) -> bool {
    doc.nodes().iter().enumerate().any(|(i, node)| {
        matches!(&node.value, Value::Object(members) if members.iter().any(&test))
            && reachable_within(doc, root, NodeId(i as u32), ALL_MEMBERS_DEPTH)
    })
}

/// Whether `id` is `root` or below it, at most `depth` levels down, through live links.
fn reachable_within(doc: &Document, root: NodeId, mut id: NodeId, depth: usize) -> bool {
    for _ in 0..=depth {
        if id == root {
            return true;
        }
        let node = doc.node(id);
        let Some(parent) = node.parent else {
            return false;
        };
        let slot = node.slot as usize;
        let linked = match doc.value(parent) {
            Value::Object(members) => members.get(slot).is_some_and(|m| m.value == id),
            Value::Array(items) => items.get(slot) == Some(&id),
            _ => false,
        };
        if !linked {
            return false;
        }
        id = parent;
    }
    false
}

/// How deep [`all_members`] lists members (the root's are at depth 0).
const ALL_MEMBERS_DEPTH: usize = 64;

fn find_case_variant(
    doc: &Document,
    members: &[MessageMember<'_>],
    name: &str,
) -> Option<(String, String)> {
    if members.iter().any(|(n, _, _)| *n == name) {
        return None;
    }
    let ascii = name.is_ascii();
    members
        .iter()
        .find(|(n, _, n_ascii)| is_case_variant(n, *n_ascii, name, ascii))
        .map(|(n, value, _)| (n.to_string(), doc.pointer(*value)))
}

/// Whether the member name `n` equals `name` ignoring case (lengths differ only where a name
/// is not ASCII).
fn is_case_variant(n: &str, n_ascii: bool, name: &str, ascii: bool) -> bool {
    (n.len() == name.len() || !(ascii && n_ascii)) && eq_ignore_case(n, name)
}

fn find_other_type(
    doc: &Document,
    members: &[MessageMember<'_>],
    name: &str,
    literal_is_string: bool,
) -> Option<String> {
    members.iter().find_map(|(n, id, _)| {
        (*n == name && other_type(doc.value(*id), literal_is_string)).then(|| doc.pointer(*id))
    })
}

/// A number where a comparison has a string literal, or a numeric string where it has a number.
fn other_type(value: &Value, literal_is_string: bool) -> bool {
    if literal_is_string {
        matches!(value, Value::Integer(_) | Value::Float(_))
    } else {
        matches!(value, Value::String(s) if s.trim().parse::<f64>().is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_jsonpath::MemberNames;

    #[test]
    fn decimals_and_offsets_are_written_as_format_writes_them() {
        for n in [0, 7, 10, 99, 100, 12345, usize::MAX] {
            let mut out = String::new();
            push_decimal(&mut out, n as u64);
            assert_eq!(out, n.to_string());
        }
        for minutes in [0i16, 5, -5, 330, -330, 840, -720, i16::MAX, i16::MIN] {
            let mut out = String::new();
            push_offset(&mut out, minutes);
            let m = minutes.unsigned_abs();
            let sign = if minutes < 0 { '-' } else { '+' };
            assert_eq!(out, format!("{sign}{:02}:{:02}", m / 60, m % 60));
        }
    }

    #[test]
    fn has_member_agrees_with_the_member_list() {
        // Duplicates leave the replaced value in the arena, unreachable; the depth bound is
        // all_members'.
        let text = r#"{"a": {"kind": 1}, "a": {"other": 2}, "b": [{"Kind": 3}]}"#;
        let doc = medtech_json::read(text, &medtech_json::ReadOptions::default()).unwrap();
        let root = doc.root().unwrap();
        let members = all_members(&doc, root);
        for name in ["kind", "Kind", "other", "a", "b", "x"] {
            assert_eq!(
                has_member(&doc, root, name),
                members.iter().any(|(n, _, _)| *n == name),
                "{name}"
            );
        }
        let mut deep = serde_json::json!({"leaf": 1});
        for _ in 0..70 {
            deep = serde_json::json!({ "d": deep });
        }
        let doc = Document::from_serde(&deep);
        let root = doc.root().unwrap();
        assert!(!all_members(&doc, root).iter().any(|(n, _, _)| *n == "leaf"));
        assert!(!has_member(&doc, root, "leaf"));
        assert!(has_member(&doc, root, "d"));
    }

    #[test]
    fn simple_paths() {
        assert_eq!(
            simple_path("$.a.b", Language::JsonPath),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            simple_path("$['My Property'].x", Language::JsonPath),
            Some(vec!["My Property".into(), "x".into()])
        );
        assert_eq!(simple_path("$..a", Language::JsonPath), None);
        assert_eq!(
            simple_path("matchedToken.x", Language::JmesPath),
            Some(vec!["matchedToken".into(), "x".into()])
        );
        assert_eq!(simple_path("a[?b]", Language::JmesPath), None);
    }

    #[test]
    fn member_summary_rules_out_only_absent_names() {
        let doc = Document::from_serde(&serde_json::json!(
            {"heartRate": 1, "Body": {"Steps": [{"kind": "x"}]}}
        ));
        let names = MemberNames::of_document(&doc);
        for name in ["heartRate", "HEARTRATE", "steps", "Kind", "body"] {
            assert!(names.may_contain_ignore_case(&NameKey::new(name)), "{name}");
        }
        assert!(!names.may_contain_ignore_case(&NameKey::new("glucose")));
        assert!(!names.may_contain_ignore_case(&NameKey::new("heartRat")));
        let doc = Document::from_serde(&serde_json::json!({"Größe": 1}));
        let names = MemberNames::of_document(&doc);
        assert!(names.may_contain_ignore_case(&NameKey::new("glucose")));
    }

    #[test]
    fn names_in_filters() {
        assert_eq!(
            referenced_names("$..[?(@heartRate && @.Body.x)]"),
            vec!["heartRate", "Body", "x"]
        );
        assert_eq!(
            compared_names("$..[?(@.type == 'bp')]"),
            vec![("type".to_string(), true)]
        );
        assert_eq!(
            compared_names("$..[?(@.v > 5)]"),
            vec![("v".to_string(), false)]
        );
    }
}
