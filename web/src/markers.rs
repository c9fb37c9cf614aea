//! What an editor shows of an analysis: a gutter marker on every line with a finding (its
//! messages on hover), wavy underlines at the findings' ranges, and the tokens the type-match
//! expressions selected (messages editor). Pure, so it is tested natively.

use crate::analysis::Analysis;
use crate::json_text::Mark;
use crate::state::Editor;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A gutter marker: line, severity, hover text.
pub type Marker = (u32, &'static str, String);

fn severity(text: &str) -> &'static str {
    match text {
        "error" => "error",
        "warning" => "warning",
        _ => "info",
    }
}

/// The markers and text marks of `editor` (whose text is `text`).
pub fn markers(
    analysis: Option<&Analysis>,
    editor: Editor,
    text: &str,
) -> (Vec<Marker>, Vec<Mark>) {
    let mut markers = Vec::new();
    let mut marks = Vec::new();
    let Some(a) = analysis else {
        return (markers, marks);
    };
    for f in &a.findings {
        let Some(loc) = f.loc.filter(|l| l.editor == editor) else {
            continue;
        };
        // An informational note about a whole message gets no marker (the list has it).
        if !f.placed && f.severity == "info" {
            continue;
        }
        let label = match &f.medtech_error {
            Some(e) => format!("{}: {} ({e})", f.severity, f.message),
            None => format!("{}: {}", f.severity, f.message),
        };
        let severity = severity(&f.severity);
        markers.push((loc.line, severity, label));
        let end = if loc.end > loc.start {
            loc.end
        } else {
            next_char(text, loc.start)
        };
        let class = match severity {
            "error" => "m-error",
            "warning" => "m-warning",
            _ => "m-info",
        };
        marks.push(Mark {
            start: loc.start,
            end,
            class,
        });
    }
    if editor == Editor::Messages {
        marks.extend(a.matched.iter().map(|&(start, end)| Mark {
            start,
            end,
            class: "m-match",
        }));
    }
    (markers, marks)
}

fn next_char(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

/// A piece of the gutter: a run of plain line numbers (with their line breaks), or one marked
/// line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GutterPart {
    /// Line numbers and line breaks.
    Text(String),
    /// A line with findings: the worst severity and the findings' texts (one per line).
    Mark {
        /// The 1-based line.
        line: u32,
        /// `error`, `warning` or `info`.
        severity: &'static str,
        /// The hover text.
        title: String,
    },
}

/// The gutter of a text of `lines` lines as a few parts: runs of plain numbers between the
/// marked lines (so the page builds it as a handful of nodes, whatever the line count).
pub fn gutter_parts(lines: usize, markers: &[Marker]) -> Vec<GutterPart> {
    let mut by_line: BTreeMap<u32, Vec<&Marker>> = BTreeMap::new();
    for marker in markers {
        by_line.entry(marker.0).or_default().push(marker);
    }
    let mut parts = Vec::with_capacity(2 * by_line.len() + 1);
    let mut run = String::with_capacity(lines * 4);
    for line in 1..=lines.max(1) {
        let here = by_line.get(&(line as u32));
        let worst = here.and_then(|h| {
            h.iter().map(|m| m.1).min_by_key(|s| match *s {
                "error" => 0,
                "warning" => 1,
                _ => 2,
            })
        });
        match (here, worst) {
            (Some(here), Some(severity)) => {
                if !run.is_empty() {
                    parts.push(GutterPart::Text(std::mem::take(&mut run)));
                }
                let title: Vec<&str> = here.iter().map(|m| m.2.as_str()).collect();
                parts.push(GutterPart::Mark {
                    line: line as u32,
                    severity,
                    title: title.join("\n"),
                });
            }
            _ => {
                let _ = write!(run, "{line}");
            }
        }
        run.push('\n');
    }
    if !run.is_empty() {
        parts.push(GutterPart::Text(run));
    }
    parts
}

/// The gutter as HTML (line numbers, one per line; marked lines in a `span.mark` with the
/// findings as its title): what the editor renders from [`gutter_parts`], for the tests.
#[cfg(test)]
pub fn gutter_html(lines: usize, markers: &[Marker]) -> String {
    let mut out = String::with_capacity(lines * 4);
    for part in gutter_parts(lines, markers) {
        match part {
            GutterPart::Text(text) => out.push_str(&text),
            GutterPart::Mark {
                line,
                severity,
                title,
            } => {
                let title: Vec<String> = title.split('\n').map(escape_attribute).collect();
                let _ = write!(
                    out,
                    "<span class=\"mark sev-{severity}\" title=\"{}\">{line}</span>",
                    title.join("&#10;")
                );
            }
        }
    }
    out
}

#[cfg(test)]
fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Finding, Loc};

    fn finding(severity: &str, editor: Editor, start: usize, end: usize, placed: bool) -> Finding {
        Finding {
            severity: severity.into(),
            code: "c".into(),
            medtech_error: Some("InvalidDataFormatException".into()),
            message: "m".into(),
            help: None,
            causes: vec![],
            message_index: None,
            pointer: None,
            loc: Some(Loc {
                editor,
                line: 2,
                column: 1,
                end_line: 2,
                start,
                end,
            }),
            placed,
        }
    }

    #[test]
    fn findings_of_the_editor_become_markers_and_marks() {
        let analysis = Analysis {
            findings: vec![
                finding("error", Editor::Messages, 3, 3, true),
                finding("warning", Editor::Device, 0, 1, true),
                finding("info", Editor::Messages, 0, 0, false),
            ],
            matched: vec![(0, 5)],
            ..Analysis::default()
        };
        let (found, marks) = markers(Some(&analysis), Editor::Messages, "{\n \u{e9}x}");
        assert_eq!(
            found,
            vec![(
                2,
                "error",
                "error: m (InvalidDataFormatException)".to_string()
            )]
        );
        // A point finding marks the character it is on (here the two-byte é).
        assert_eq!(
            marks[0],
            Mark {
                start: 3,
                end: 5,
                class: "m-error"
            }
        );
        assert_eq!(
            marks[1],
            Mark {
                start: 0,
                end: 5,
                class: "m-match"
            }
        );
        let (device, _) = markers(Some(&analysis), Editor::Device, "{}");
        assert_eq!(device[0].1, "warning");
        assert_eq!(markers(None, Editor::Fhir, ""), (vec![], vec![]));
    }

    #[test]
    fn gutter_marks_the_worst_finding_of_a_line_and_escapes_messages() {
        let list = vec![
            (2, "warning", "warning: a \"b\" <c> & d".to_string()),
            (2, "error", "error: e".to_string()),
            (9, "info", "outside".to_string()),
        ];
        let html = gutter_html(3, &list);
        assert_eq!(
            html,
            "1\n<span class=\"mark sev-error\" title=\"warning: a &quot;b&quot; &lt;c&gt; &amp; d&#10;error: e\">2</span>\n3\n"
        );
        assert_eq!(gutter_html(0, &[]), "1\n");
    }
}
