//! Lints that need a sample message (peers.md (c) 1, 2, 4): the message is run through the
//! mapping as the service would, then each template's expressions are looked at again on the
//! same document — overlapping type matches, filters applied to objects, wildcards on the wrong
//! kind, paths that exist only in the other scope, epoch numbers in timestamps and their unit,
//! and timestamps without a zone. Findings on the mapping carry the message index; findings on
//! the message point into it. Values from the message are quoted (`'…'`) so `--redact` masks
//! them.

use super::{fields, on_expression, template_label, Field};
use crate::device_mapping::model::{ContentTemplate, Language, TemplateKind};
use crate::diagnostic::{Code, Diagnostic, Severity, Source};
use crate::normalize::hints::simple_path;
use crate::normalize::trace::{FieldOutcome, TemplateTrace};
use crate::normalize::MessageOutcome;
use crate::session::Session;
use medtech_json::{read, DateKind, Document, Member, NodeId, ReadOptions, Span, Value};
use medtech_jsonpath::{Observations, Token};

const MATCHED_TOKEN: &str = "matchedToken";

/// Runs message `index` and adds the lints it reveals.
pub fn lint_message(session: &Session, index: usize, text: &str, out: &mut Vec<Diagnostic>) {
    let outcome = session.run_message(index, None, text);
    let Ok(mut doc) = read(text, &ReadOptions::default()) else {
        return;
    };
    let body = doc.root();
    let root = session.options().envelope.wrap(&mut doc, body, index);
    if !matches!(doc.value(root), Value::Object(_)) {
        return;
    }
    for template in &session.device.mapping.templates {
        let Some(trace) = outcome
            .trace
            .templates
            .iter()
            .find(|t| t.index == template.index)
        else {
            continue;
        };
        let mut ctx = Ctx {
            doc: &mut doc,
            root,
            index,
            template,
            out,
        };
        ctx.type_match(trace);
        ctx.matches(trace, &outcome);
    }
}

struct Ctx<'a> {
    doc: &'a mut Document,
    root: NodeId,
    index: usize,
    template: &'a ContentTemplate,
    out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        field: &Field<'_>,
        severity: Severity,
        code: Code,
        message: String,
        help: String,
    ) {
        let d =
            on_expression(severity, code, field.expression, message, help).in_message(self.index);
        self.out.push(d);
    }

    fn label(&self, field: &Field<'_>) -> String {
        format!(
            "[{}] of {} on message {}",
            field.name,
            template_label(self.template),
            self.index
        )
    }

    /// Observations of the type match on the whole document, and overlapping matches.
    fn type_match(&mut self, trace: &TemplateTrace) {
        let Some(field) = fields(self.template)
            .into_iter()
            .find(|f| f.name == "TypeMatchExpression")
        else {
            return;
        };
        if field.expression.language != Language::JsonPath {
            return;
        }
        let Ok(path) = medtech_jsonpath::parse(&field.expression.text) else {
            return;
        };
        let (tokens, _, observed) = path.select_tokens_observed(self.doc, Token::Node(self.root));
        self.observations(&field, observed, tokens.is_empty());
        let nodes: Vec<NodeId> = tokens.iter().filter_map(|t| t.node()).collect();
        // Each match's ancestors are looked up in the set of matches: O(matches × depth).
        let set: std::collections::HashSet<NodeId> = nodes.iter().copied().collect();
        let overlapping = nodes
            .iter()
            .find_map(|&inner| ancestor_in(self.doc, inner, &set).map(|outer| (outer, inner)));
        if let Some((outer, inner)) = overlapping {
            let label = self.label(&field);
            let (outer, inner) = (self.doc.pointer(outer), self.doc.pointer(inner));
            self.push(&field, Severity::Warning, Code::LintOverlappingMatches,
                format!("{label}: {} matched {} tokens, and the match at {inner:?} lies inside the match at {outer:?}; the template produces {} measurements ({} of them traced), probably one reading counted twice.", field.expression.text, nodes.len(), nodes.len(), trace.matches.len()),
                "make the filter test a member only the intended object has (e.g. $..[?(@payload.heartRate)] for the envelope, or $.Body[?( )] for array elements)".to_string());
        }
    }

    fn observations(&mut self, field: &Field<'_>, observed: Observations, nothing: bool) {
        let label = self.label(field);
        if observed.filter_on_object && nothing {
            self.push(field, Severity::Warning, Code::LintFilterOnObject,
                format!("{label}: a filter '[?( )]' without '..' was applied to an object; Newtonsoft then tests the object's properties (name: value pairs), never its member values, so it matches nothing (RFC 9535 tools would test the member values)."),
                "filter an array ($.Body.items[?( )]), or use a scan filter $..[?( )] to test the object itself".to_string());
        }
        if observed.dot_wildcard_on_array || observed.bracket_wildcard_on_object {
            let which = if observed.dot_wildcard_on_array {
                "'.*' was applied to an array"
            } else {
                "'[*]' was applied to an object"
            };
            self.push(field, Severity::Warning, Code::LintWildcardKind,
                format!("{label}: {which}; in Newtonsoft '.*' yields only object member values and '[*]' only array elements, so this step yields nothing (RFC 9535 tools take both)."),
                "use '[*]' for arrays and '.*' for objects".to_string());
        }
    }

    /// Per match: scope of single-value paths, observations, timestamps.
    fn matches(&mut self, trace: &TemplateTrace, outcome: &MessageOutcome) {
        let calculated = self.template.kind == TemplateKind::Calculated;
        for m in &trace.matches {
            let Some(matched) = m
                .pointer
                .as_deref()
                .and_then(|p| self.doc.at_pointer(self.root, p))
            else {
                continue;
            };
            let mark = self.doc.len();
            let context = if calculated {
                push_wrapper(self.doc, self.root, matched)
            } else {
                matched
            };
            for field in fields(self.template).into_iter().filter(|f| f.single) {
                if field.expression.language == Language::JsonPath {
                    if let Ok(path) = medtech_jsonpath::parse(&field.expression.text) {
                        let (tokens, _, observed) =
                            path.select_tokens_observed(self.doc, Token::Node(context));
                        self.observations(&field, observed, tokens.is_empty());
                        if tokens.is_empty() {
                            self.scope(&field, matched);
                        }
                    }
                }
            }
            let stamp = m.fields.iter().find(|f| &*f.field == "TimestampExpression");
            if let Some(stamp) = stamp {
                let measurement = m.measurement.and_then(|i| outcome.measurements.get(i));
                self.timestamp(
                    context,
                    &stamp.outcome,
                    measurement.map(|x| x.occurrence_time),
                );
            }
            self.doc.truncate(mark);
        }
    }

    /// A plain path that found nothing here but exists in the other scope.
    fn scope(&mut self, field: &Field<'_>, matched: NodeId) {
        let Some(steps) = simple_path(&field.expression.text, field.expression.language) else {
            return;
        };
        let label = self.label(field);
        let text = &field.expression.text;
        let found = |doc: &Document, from: NodeId, steps: &[String]| {
            steps.iter().try_fold(from, |at, step| doc.get(at, step))
        };
        if self.template.kind == TemplateKind::Calculated {
            if steps.first().map(String::as_str) == Some(MATCHED_TOKEN) {
                if let Some(at) = found(self.doc, self.root, &steps[1..]) {
                    let at = self.doc.pointer(at);
                    self.push(field, Severity::Warning, Code::LintScopeMatchedToken,
                        format!("{label}: {text} found nothing under matchedToken, but the envelope has it at {at:?}."),
                        format!("read it from the envelope: $.{}", steps[1..].join(".")));
                }
            } else if let Some(at) = found(self.doc, matched, &steps) {
                let at = self.doc.pointer(at);
                self.push(field, Severity::Warning, Code::LintScopeMatchedToken,
                    format!("{label}: {text} found nothing on the envelope; the value exists only under matchedToken (at {at:?})."),
                    format!("write $.matchedToken.{}", steps.join(".")));
            }
        } else if matched != self.root {
            if let Some(at) = found(self.doc, self.root, &steps) {
                let at = self.doc.pointer(at);
                self.push(field, Severity::Warning, Code::LintScopeLegacy,
                    format!("{label}: {text} is evaluated relative to the matched token {:?} in {} templates and cannot reach {at:?}.", self.doc.pointer(matched), self.template.kind.type_name()),
                    "make the type match select an object that contains it, or use a CalculatedContent template (which sees the whole envelope)".to_string());
            }
        }
    }

    fn timestamp(
        &mut self,
        context: NodeId,
        outcome: &FieldOutcome,
        time: Option<medtech_json::DateTime>,
    ) {
        let Some(field) = fields(self.template)
            .into_iter()
            .find(|f| f.name == "TimestampExpression")
        else {
            return;
        };
        let text = field.expression.text.clone();
        let label = self.label(&field);
        let ms_function = text.contains("fromUnixTimestampMs");
        let s_function = text.contains("fromUnixTimestamp(");
        match outcome {
            FieldOutcome::Value { pointer, .. } => {
                let Some(time) = time else { return };
                if ms_function && time.year() < 1971 {
                    self.push(&field, Severity::Warning, Code::LintTimestampEpochUnit,
                        format!("{label}: {text} gave '{}', in January 1970: the number looks like seconds, but fromUnixTimestampMs expects milliseconds.", time.to_newtonsoft_iso()),
                        "use fromUnixTimestamp for seconds".to_string());
                } else if s_function && time.year() > 2200 {
                    self.push(&field, Severity::Warning, Code::LintTimestampEpochUnit,
                        format!("{label}: {text} gave '{}', far in the future: the number looks like milliseconds, but fromUnixTimestamp expects seconds.", time.to_newtonsoft_iso()),
                        "use fromUnixTimestampMs for milliseconds".to_string());
                }
                if time.kind == DateKind::Unspecified {
                    let node = pointer
                        .as_deref()
                        .and_then(|p| self.doc.at_pointer(self.root, p));
                    let span = node.map(|n| self.doc.span(n));
                    let d = Diagnostic::warning(Code::LintTimestampNoZone, Source::Message,
                        format!("{label}: the timestamp '{}' has no time zone; the service keeps it as an unspecified wall-clock time and FHIR Observations treat it as UTC.", time.to_newtonsoft_iso()))
                        .at(span, pointer.clone())
                        .in_message(self.index)
                        .with_help("send timestamps with 'Z' or an offset (e.g. 2024-03-01T10:00:00Z), or convert them in the device");
                    self.out.push(d);
                }
            }
            FieldOutcome::Failed { .. } | FieldOutcome::Dropped { .. } => {
                if s_function {
                    self.push(&field, Severity::Warning, Code::LintTimestampEpochUnit,
                        format!("{label}: {text} failed; a millisecond or nanosecond epoch given to fromUnixTimestamp (seconds) falls outside .NET's date range."),
                        "use fromUnixTimestampMs for milliseconds, or divide first: fromUnixTimestampMs(divide(x, `1000000`)) for nanoseconds".to_string());
                    return;
                }
                if field.expression.language != Language::JsonPath {
                    return;
                }
                let Ok(path) = medtech_jsonpath::parse(&text) else {
                    return;
                };
                let Ok(Some(node)) = path.select_one(self.doc, context) else {
                    return;
                };
                let number = match self.doc.value(node) {
                    Value::Integer(n) => *n as f64,
                    Value::Float(f) => *f,
                    _ => return,
                };
                let (unit, fix) = epoch_unit(number);
                let d = Diagnostic::warning(Code::LintTimestampEpoch, Source::Message,
                    format!("{label}: {text} selects the {} '{}', {unit}; the service does not convert epoch numbers to timestamps (IncompatibleDataException).", self.doc.value(node).kind_name().to_lowercase(), number_text(number)))
                    .at(Some(self.doc.span(node)), Some(self.doc.pointer(node)))
                    .in_message(self.index)
                    .with_help(format!("use a CalculatedContent template with a JMESPath timestamp: {fix}"));
                self.out.push(d);
            }
            FieldOutcome::Absent => {}
        }
    }
}

/// The unit an epoch number most likely has, and the JMESPath that converts it.
pub fn epoch_unit(number: f64) -> (&'static str, &'static str) {
    let magnitude = number.abs();
    if magnitude < 1e11 {
        (
            "which looks like seconds since 1970",
            "fromUnixTimestamp(matchedToken.time)",
        )
    } else if magnitude < 1e14 {
        (
            "which looks like milliseconds since 1970",
            "fromUnixTimestampMs(matchedToken.time)",
        )
    } else if magnitude < 1e17 {
        (
            "which looks like microseconds since 1970",
            "fromUnixTimestampMs(divide(matchedToken.time, `1000`))",
        )
    } else {
        (
            "which looks like nanoseconds since 1970",
            "fromUnixTimestampMs(divide(matchedToken.time, `1000000`))",
        )
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e18 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The nearest strict ancestor of `inner` that is in `set`.
fn ancestor_in(
    doc: &Document,
    inner: NodeId,
    set: &std::collections::HashSet<NodeId>,
) -> Option<NodeId> {
    let mut at = doc.node(inner).parent;
    let mut steps = 0;
    while let Some(p) = at {
        if set.contains(&p) {
            return Some(p);
        }
        steps += 1;
        if steps > 10_000 {
            return None;
        }
        at = doc.node(p).parent;
    }
    None
}

/// The CalculatedContent context: the root's members plus `matchedToken` (sharing nodes).
fn push_wrapper(doc: &mut Document, root: NodeId, matched: NodeId) -> NodeId {
    let mut members: Vec<Member> = doc
        .members(root)
        .iter()
        .filter(|m| &*m.name != MATCHED_TOKEN)
        .cloned()
        .collect();
    members.push(Member::synthetic(MATCHED_TOKEN, matched));
    doc.push(Value::Object(members), Span::SYNTHETIC)
}
