//! Human output: diagnostics with the source line and a caret (codespan-reporting), and a
//! readable trace. Colour only when asked for.

use codespan_reporting::diagnostic::{Diagnostic as Snippet, Label, Severity as SnippetSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};
use medtech_core::normalize::trace::{FieldOutcome, MessageTrace, TemplateStatus};
use medtech_core::{redact, Diagnostic, Report, Severity, Source};

/// The texts diagnostics point into.
pub struct Sources<'a> {
    /// Device mapping (name, text).
    pub device: Option<(&'a str, &'a str)>,
    /// FHIR mapping (name, text).
    pub fhir: Option<(&'a str, &'a str)>,
    /// Messages (name, text), by index from `first_message`.
    pub messages: &'a [(String, String)],
    /// The index of the first of `messages` (a streaming run holds only the current one).
    pub first_message: usize,
}

/// Renders findings and traces for a terminal.
pub struct Painter {
    color: bool,
    redact: bool,
}

impl Painter {
    /// A painter; `color` adds ANSI escapes.
    pub fn new(color: bool, redact: bool) -> Painter {
        Painter { color, redact }
    }

    fn buffer(&self) -> Buffer {
        if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        }
    }

    fn bold(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn dim(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn mask(&self, text: &str) -> String {
        if self.redact {
            redact::mask_quoted(text)
        } else {
            text.to_string()
        }
    }

    /// Masks a diagnostic's text only when it can hold message values (it points into a
    /// message or was found while running one), as the JSON report does.
    fn mask_for(&self, d: &Diagnostic, text: &str) -> String {
        if d.source == Source::Message || d.message_index.is_some() {
            self.mask(text)
        } else {
            text.to_string()
        }
    }

    /// One diagnostic with its source snippet.
    pub fn diagnostic(&self, d: &Diagnostic, sources: &Sources<'_>) -> String {
        let mut files = SimpleFiles::new();
        let (name, text) = match d.source {
            Source::DeviceMapping => sources.device.map(|(n, t)| (n.to_string(), t)),
            Source::FhirMapping => sources.fhir.map(|(n, t)| (n.to_string(), t)),
            Source::Message => d
                .message_index
                .and_then(|i| i.checked_sub(sources.first_message))
                .and_then(|i| sources.messages.get(i))
                .map(|(n, t)| (n.clone(), t.as_str())),
        }
        .unwrap_or_else(|| (String::from("<input>"), ""));
        let masked;
        let shown_text = if self.redact && d.source == Source::Message {
            masked = mask_text(text);
            masked.as_str()
        } else {
            text
        };
        let file = files.add(name.clone(), shown_text);
        let severity = match d.severity {
            Severity::Error => SnippetSeverity::Error,
            Severity::Warning => SnippetSeverity::Warning,
            Severity::Info => SnippetSeverity::Note,
        };
        let mut message = self.mask_for(d, &d.message);
        if let Some(error) = d.medtech_error {
            message.push_str(&format!(" [{}]", error.as_str()));
        }
        let mut snippet = Snippet::new(severity)
            .with_code(d.code.as_str())
            .with_message(message);
        let mut labels = Vec::new();
        if let Some(span) = d.span {
            let start = (span.start as usize).min(shown_text.len());
            let end = (span.end as usize).clamp(start, shown_text.len());
            let end = if end == start {
                (start + 1).min(shown_text.len())
            } else {
                end
            };
            let mut label = Label::primary(file, start..end);
            if let Some(pointer) = &d.pointer {
                label = label.with_message(format!("at {pointer}"));
            }
            labels.push(label);
        }
        snippet = snippet.with_labels(labels);
        let mut notes = Vec::new();
        if d.span.is_none() {
            let mut place = name.clone();
            if let Some((line, column)) = d.position {
                place.push_str(&format!(":{line}:{column}"));
            }
            if let Some(pointer) = &d.pointer {
                place.push_str(&format!(" at {pointer}"));
            }
            notes.push(format!("in {place}"));
        }
        if let Some(index) = d.message_index {
            if d.source != Source::Message {
                notes.push(format!("while running message {index}"));
            }
        }
        for (i, cause) in d.causes.iter().enumerate() {
            notes.push(format!("cause {}: {}", i + 2, self.mask_for(d, cause)));
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {}", self.mask_for(d, help)));
        }
        snippet = snippet.with_notes(notes);
        let mut buffer = self.buffer();
        let config = Config::default();
        if term::emit_to_write_style(&mut buffer, &config, &files, &snippet).is_err() {
            return format!("{}: {}\n", d.code.as_str(), self.mask_for(d, &d.message));
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
    }

    /// The per-template trace of one message.
    pub fn trace(&self, trace: &MessageTrace) -> String {
        let mut out = String::new();
        let file = trace.file.as_deref().unwrap_or("<message>");
        out.push_str(&self.bold(&format!("message {} · {}\n", trace.index, file)));
        for t in &trace.templates {
            let status = match t.status {
                TemplateStatus::NotEvaluated => {
                    "not evaluated (an earlier template failed)".to_string()
                }
                _ if t.matches.is_empty() => "no match".to_string(),
                _ => format!(
                    "{} match{}, {} measurement{}{}",
                    t.matches.len(),
                    if t.matches.len() == 1 { "" } else { "es" },
                    t.measurements,
                    if t.measurements == 1 { "" } else { "s" },
                    if t.status == TemplateStatus::Failed {
                        ", failed"
                    } else {
                        ""
                    }
                ),
            };
            out.push_str(&format!(
                "  template {} {} ({}): {}\n",
                t.index, t.type_name, t.template_type, status
            ));
            for m in &t.matches {
                out.push_str(&format!(
                    "    match {}\n",
                    m.pointer
                        .as_deref()
                        .map(|p| if p.is_empty() { "(root)" } else { p })
                        .unwrap_or("(computed value)")
                ));
                for f in &m.fields {
                    let result = match &f.outcome {
                        FieldOutcome::Value { text, pointer, .. } => {
                            let shown = if self.redact {
                                redact::MASK.to_string()
                            } else {
                                format!("{text:?}")
                            };
                            match pointer {
                                Some(p) => format!("→ {shown} {}", self.dim(&format!("({p})"))),
                                None => format!("→ {shown}"),
                            }
                        }
                        FieldOutcome::Absent => self.dim("→ (absent)"),
                        FieldOutcome::Dropped { reason } => {
                            format!("→ dropped: {}", self.mask(reason))
                        }
                        FieldOutcome::Failed { reason } => format!("✗ {}", self.mask(reason)),
                    };
                    out.push_str(&format!(
                        "      {:<22} {:<28} {}\n",
                        f.field,
                        f.expressions.join(" | "),
                        result
                    ));
                }
            }
        }
        out
    }

    /// One Observation in a line or two: code, effective time, value and components.
    pub fn observation(&self, observation: &serde_json::Value) -> String {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
        let code = observation["code"]["text"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| {
                observation["code"]["coding"][0]["code"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string()
            });
        let when = match (
            &observation["effectivePeriod"],
            &observation["effectiveDateTime"],
        ) {
            (serde_json::Value::Object(p), _) => {
                let (start, end) = (text(&p["start"]), text(&p["end"]));
                if start == end {
                    start
                } else {
                    format!("{start} … {end}")
                }
            }
            (_, serde_json::Value::String(t)) => t.clone(),
            _ => String::new(),
        };
        let mut line = format!("  {} {}", self.bold(&code), self.dim(&when));
        let value = value_summary(observation);
        if !value.is_empty() {
            line.push_str(&format!(
                " = {}",
                if self.redact {
                    redact::MASK.to_string()
                } else {
                    value
                }
            ));
        }
        if let Some(components) = observation["component"].as_array() {
            for c in components {
                let name = c["code"]["coding"][0]["display"]
                    .as_str()
                    .or_else(|| c["code"]["coding"][0]["code"].as_str())
                    .unwrap_or("?");
                let value = value_summary(c);
                let shown = if self.redact {
                    redact::MASK.to_string()
                } else {
                    value
                };
                line.push_str(&format!("\n      {name} = {shown}"));
            }
        }
        line.push('\n');
        line
    }

    /// The closing summary line.
    pub fn summary(&self, report: &Report) -> String {
        let (errors, warnings, infos) = report.counts();
        self.summary_of(
            report.measurements.len(),
            report.observations.len(),
            (errors, warnings, infos),
        )
    }

    /// The summary line from counts: measurements, observations, (errors, warnings, infos).
    pub fn summary_of(
        &self,
        measurements: usize,
        observations: usize,
        (errors, warnings, infos): (usize, usize, usize),
    ) -> String {
        format!(
            "{} measurement{}, {} observation{}, {} error{}, {} warning{}, {} info{}\n",
            measurements,
            plural(measurements),
            observations,
            plural(observations),
            errors,
            plural(errors),
            warnings,
            plural(warnings),
            infos,
            plural(infos),
        )
    }
}

/// A FHIR value element as text: `78 count/min`, `"E 72 E"` (SampledData data), a string or a
/// CodeableConcept's text.
fn value_summary(element: &serde_json::Value) -> String {
    if let Some(q) = element.get("valueQuantity") {
        let value = q["value"].to_string();
        let unit = q["unit"].as_str().unwrap_or("");
        return format!("{value} {unit}").trim_end().to_string();
    }
    if let Some(sd) = element.get("valueSampledData") {
        let data = sd["data"].as_str().unwrap_or("");
        let period = sd["period"].to_string();
        return format!("SampledData every {period} ms: {data}");
    }
    if let Some(v) = element.get("valueString").and_then(|v| v.as_str()) {
        return format!("{v:?}");
    }
    if let Some(cc) = element.get("valueCodeableConcept") {
        return cc["text"].as_str().unwrap_or("").to_string();
    }
    String::new()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Masks every value of a JSON text (member names stay; the layout is kept so carets still
/// line up).
fn mask_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let mut in_string: Option<char> = None;
    // Per open container: true for arrays; for objects, whether we are after the colon.
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let in_value = |stack: &Vec<(bool, bool)>| {
        stack
            .last()
            .map(|(array, after)| *array || *after)
            .unwrap_or(true)
    };
    while let Some(c) = chars.next() {
        match in_string {
            Some(q) => {
                let value = in_value(&stack);
                if c == '\\' {
                    out.push(if value { '*' } else { c });
                    if let Some(next) = chars.next() {
                        out.push(if value { '*' } else { next });
                    }
                } else if c == q {
                    in_string = None;
                    out.push(c);
                } else if value {
                    out.extend(std::iter::repeat_n('*', c.len_utf8()));
                } else {
                    out.push(c);
                }
            }
            None => {
                match c {
                    '"' | '\'' => in_string = Some(c),
                    '{' => stack.push((false, false)),
                    '[' => stack.push((true, false)),
                    '}' | ']' => {
                        stack.pop();
                    }
                    ':' => {
                        if let Some(top) = stack.last_mut() {
                            top.1 = true;
                        }
                    }
                    ',' => {
                        if let Some(top) = stack.last_mut() {
                            top.1 = false;
                        }
                    }
                    _ if in_value(&stack)
                        && (c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+') =>
                    {
                        out.push('*');
                        continue;
                    }
                    _ => {}
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_names_and_layout() {
        let text = "{\"hr\": \"78\", \"n\": [5, 6]}";
        let masked = mask_text(text);
        assert_eq!(masked, "{\"hr\": \"**\", \"n\": [*, *]}");
        assert_eq!(masked.len(), text.len());
    }
}
