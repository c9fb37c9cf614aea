//! GitHub Actions workflow-command annotations (`::error file=…,line=…::…`), printed when
//! `GITHUB_ACTIONS=true` so findings and failed test cases show on the files in the pull
//! request. Values are escaped as the runner expects (`%`, CR, LF; also `:` and `,` in
//! properties).

use medtech_core::{Diagnostic, Report, Severity, Source};

/// Escapes a message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation: `level` is `error`, `warning` or `notice`.
pub fn annotation(
    level: &str,
    file: Option<&str>,
    line: Option<u64>,
    column: Option<u64>,
    title: &str,
    message: &str,
) -> String {
    let mut props = Vec::new();
    if let Some(file) = file {
        props.push(format!("file={}", property(file)));
    }
    if let Some(line) = line {
        props.push(format!("line={line}"));
    }
    if let Some(col) = column {
        props.push(format!("col={col}"));
    }
    props.push(format!("title={}", property(title)));
    format!("::{level} {}::{}\n", props.join(","), data(message))
}

/// Where a finding shows in a pull request: a file and, for a message that is one line of an
/// NDJSON file, that line's number (the message's positions count from it; 0 otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub file: String,
    /// The message's line in `file`, or 0 when the message is the whole file.
    pub first_line: u32,
}

impl Place {
    /// The place of the message the report names `name` (`file:line` for an NDJSON line,
    /// `line` being that line, else 0).
    pub fn of_message(name: &str, line: u32) -> Place {
        match name.strip_suffix(&format!(":{line}")) {
            Some(file) if line > 0 => Place {
                file: file.to_string(),
                first_line: line,
            },
            _ => Place {
                file: name.to_string(),
                first_line: 0,
            },
        }
    }

    /// The line and column in the file of a finding at `position` (1-based, in the message).
    pub fn position(&self, position: Option<(u32, u32)>) -> (Option<u64>, Option<u64>) {
        let first = u64::from(self.first_line);
        match position {
            Some((line, column)) if first > 0 => {
                (Some(first + u64::from(line) - 1), Some(u64::from(column)))
            }
            Some((line, column)) => (Some(u64::from(line)), Some(u64::from(column))),
            None => ((first > 0).then_some(first), None),
        }
    }

    /// Where `d` shows: its message's place for a finding in a message (names from
    /// `files`, NDJSON lines from `lines`), else the file the report gives it.
    pub fn of_finding(
        report: &Report,
        d: &Diagnostic,
        files: &dyn Fn(usize) -> Option<String>,
        lines: &dyn Fn(usize) -> u32,
    ) -> Option<Place> {
        match (d.source, d.message_index) {
            (Source::Message, Some(i)) => files(i).map(|name| Place::of_message(&name, lines(i))),
            _ => report.diagnostic_file(d, files).map(|file| Place {
                file,
                first_line: 0,
            }),
        }
    }
}

/// The annotation of one finding, if it is an error or a warning (infos are left out: they
/// would crowd the pull request), at `place`; with `redact`, values quoted from messages are
/// masked as in the JSON report.
pub fn for_diagnostic(d: &Diagnostic, place: Option<&Place>, redact: bool) -> Option<String> {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => return None,
    };
    let mask = |text| medtech_core::redact::finding_text(d, redact, text);
    let mut message = mask(&d.message).into_owned();
    if let Some(error) = d.medtech_error {
        message.push_str(&format!(" [{}]", error.as_str()));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nHint: {}", mask(help)));
    }
    let (line, column) = match place {
        Some(place) => place.position(d.position),
        None => (
            d.position.map(|p| u64::from(p.0)),
            d.position.map(|p| u64::from(p.1)),
        ),
    };
    Some(annotation(
        level,
        place.map(|p| p.file.as_str()),
        line,
        column,
        d.code.as_str(),
        &message,
    ))
}

/// The annotations of a report's errors and warnings, in the report's order (message names
/// from `files`, their NDJSON lines from `lines`).
pub fn for_report(
    report: &Report,
    redact: bool,
    files: &dyn Fn(usize) -> Option<String>,
    lines: &dyn Fn(usize) -> u32,
) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let place = Place::of_finding(report, d, files, lines);
        if let Some(line) = for_diagnostic(d, place.as_ref(), redact) {
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{annotation, Place};

    #[test]
    fn an_ndjson_line_is_the_place_of_its_message() {
        let place = Place::of_message("data/day.ndjson:8", 8);
        assert_eq!(place.file, "data/day.ndjson");
        assert_eq!(place.position(Some((1, 5))), (Some(8), Some(5)));
        assert_eq!(place.position(Some((2, 1))), (Some(9), Some(1)));
        assert_eq!(place.position(None), (Some(8), None));
        let whole = Place::of_message("data/a:8.json", 0);
        assert_eq!(whole.file, "data/a:8.json");
        assert_eq!(whole.position(Some((3, 2))), (Some(3), Some(2)));
        assert_eq!(whole.position(None), (None, None));
        // A name that does not end with its line is kept whole.
        assert_eq!(Place::of_message("x.ndjson:7", 8).file, "x.ndjson:7");
    }

    #[test]
    fn escapes_values() {
        assert_eq!(
            annotation(
                "error",
                Some("a,b.json"),
                Some(3),
                None,
                "x:y",
                "50% done\nnext"
            ),
            "::error file=a%2Cb.json,line=3,title=x%3Ay::50%25 done%0Anext\n"
        );
    }
}
