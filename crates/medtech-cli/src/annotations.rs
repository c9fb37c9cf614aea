//! GitHub Actions workflow-command annotations (`::error file=…,line=…::…`), printed when
//! `GITHUB_ACTIONS=true` so findings and failed test cases show on the files in the pull
//! request. Values are escaped as the runner expects (`%`, CR, LF; also `:` and `,` in
//! properties).

use medtech_core::{Diagnostic, Report, Severity};

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

/// The annotation of one finding, if it is an error or a warning (infos are left out: they
/// would crowd the pull request). `file` is the finding's file in the report; with `redact`,
/// values quoted from messages are masked as in the JSON report.
pub fn for_diagnostic(d: &Diagnostic, file: Option<&str>, redact: bool) -> Option<String> {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => return None,
    };
    let masks = medtech_core::redact::masks_finding(d, redact);
    let mask = |text: &str| {
        if masks {
            medtech_core::redact::mask_quoted(text)
        } else {
            text.to_string()
        }
    };
    let mut message = mask(&d.message);
    if let Some(error) = d.medtech_error {
        message.push_str(&format!(" [{}]", error.as_str()));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nHint: {}", mask(help)));
    }
    Some(annotation(
        level,
        file,
        d.position.map(|p| u64::from(p.0)),
        d.position.map(|p| u64::from(p.1)),
        d.code.as_str(),
        &message,
    ))
}

/// The annotations of a report's errors and warnings, in the report's order.
pub fn for_report(
    report: &Report,
    redact: bool,
    files: &dyn Fn(usize) -> Option<String>,
) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let file = report.diagnostic_file(d, files);
        if let Some(line) = for_diagnostic(d, file.as_deref(), redact) {
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::annotation;

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
