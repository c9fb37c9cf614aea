//! GitHub Actions workflow-command annotations (`::error file=…,line=…::…`), printed when
//! `GITHUB_ACTIONS=true` so findings and failed test cases show on the files in the pull
//! request. Values are escaped as the runner expects (`%`, CR, LF; also `:` and `,` in
//! properties).

use medtech_core::Report;

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

/// The annotations of a report's errors and warnings (infos are left out: they would crowd the
/// pull request).
pub fn for_report(
    report: &Report,
    redact: bool,
    files: &dyn Fn(usize) -> Option<String>,
) -> String {
    let json = report.to_json(redact, files);
    let mut out = String::new();
    for d in json["diagnostics"].as_array().into_iter().flatten() {
        let level = match d["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => continue,
        };
        let mut message = d["message"].as_str().unwrap_or("").to_string();
        if let Some(error) = d["medtechError"].as_str() {
            message.push_str(&format!(" [{error}]"));
        }
        if let Some(help) = d["help"].as_str() {
            message.push_str(&format!("\nHint: {help}"));
        }
        out.push_str(&annotation(
            level,
            d["file"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["code"].as_str().unwrap_or("medtech"),
            &message,
        ));
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
