//! `medtech test [PATH…]`: discovers suite files, runs them (`medtech-suite`), prints each
//! case, a coloured diff for failures and the summary line `N passed, N failed`; writes JUnit
//! XML (`--junit FILE`) and GitHub Actions annotations (`GITHUB_ACTIONS=true`). Exit status:
//! 0 every case passed, 1 a case failed, 2 a suite file or mapping is invalid, 3 usage/I-O.

use crate::annotations::annotation;
use crate::args::TestArgs;
use crate::diff::json_diff;
use crate::run::{github_actions, Output};
use medtech_suite::{discover, redact, run_suite, Failure, RunOptions, SuiteResult};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// Runs `medtech test`.
pub fn run(args: &TestArgs, color: bool) -> Output {
    let color = color && !args.no_color;
    let files = match discover(&args.paths) {
        Ok(files) => files,
        Err(message) => return usage(message),
    };
    if files.is_empty() {
        return usage(format!(
            "no *{} found (pass suite files or folders)",
            medtech_suite::SUITE_SUFFIX
        ));
    }
    let options = RunOptions {
        update: args.update,
    };
    let results: Vec<SuiteResult> = files.iter().map(|f| run_suite(f, &options)).collect();
    let mut stdout = String::new();
    for result in &results {
        stdout.push_str(&human(result, args, color));
    }
    let (passed, failed) = results.iter().fold((0, 0), |(p, f), r| {
        let (a, b) = r.counts();
        (p + a, f + b)
    });
    let invalid = results.iter().filter(|r| r.error.is_some()).count();
    if github_actions() {
        for result in &results {
            stdout.push_str(&annotations(result, args.redact));
        }
    }
    let mut stderr = String::new();
    if let Some(path) = &args.junit {
        match junit(&results, args.redact) {
            Ok(xml) => {
                if let Err(e) = std::fs::write(path, xml) {
                    stderr.push_str(&format!("medtech: cannot write {}: {e}\n", path.display()));
                }
            }
            Err(e) => stderr.push_str(&format!("medtech: cannot write JUnit XML: {e}\n")),
        }
    }
    if invalid > 0 {
        stdout.push_str(&format!(
            "{invalid} suite{} could not run\n",
            if invalid == 1 { "" } else { "s" }
        ));
    }
    stdout.push_str(&format!("{passed} passed, {failed} failed\n"));
    let status = if invalid > 0 {
        2
    } else if failed > 0 {
        1
    } else {
        0
    };
    let status = if !stderr.is_empty() { 3 } else { status };
    Output {
        stdout,
        stderr,
        status,
    }
}

fn usage(message: String) -> Output {
    Output {
        stdout: String::new(),
        stderr: format!("medtech: {message}\n"),
        status: 3,
    }
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn human(result: &SuiteResult, args: &TestArgs, color: bool) -> String {
    let mut out = format!("{} {}\n", paint(color, "1", "suite"), result.path.display());
    if let Some(error) = &result.error {
        let line = error.line.map(|l| format!(":{l}")).unwrap_or_default();
        out.push_str(&format!(
            "  {} {}{line}: {}\n",
            paint(color, "1;31", "INVALID"),
            result.path.display(),
            indent_rest(&error.message, "  ")
        ));
    }
    for case in &result.cases {
        if case.passed() {
            let mark = if result.updated { "updated" } else { "ok" };
            out.push_str(&format!("  {} {}\n", paint(color, "32", mark), case.name));
            continue;
        }
        out.push_str(&format!(
            "  {} {} (line {})\n",
            paint(color, "1;31", "FAIL"),
            case.name,
            case.line
        ));
        for failure in &case.failures {
            out.push_str(&failure_text(failure, args.redact, color));
        }
    }
    out
}

fn indent_rest(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
}

/// The explanation of one failure: the differences, then the diff.
fn failure_text(failure: &Failure, redact_values: bool, color: bool) -> String {
    let mask = |v: &serde_json::Value| {
        if redact_values {
            redact::mask(v)
        } else {
            v.clone()
        }
    };
    let mut out = String::new();
    match failure {
        Failure::Differs {
            what,
            expected,
            actual,
            differences,
        } => {
            for d in differences {
                let what_text = if redact_values {
                    "differs (values redacted)".to_string()
                } else {
                    d.what.clone()
                };
                out.push_str(&format!("      {what}{}: {what_text}\n", d.pointer));
            }
            out.push_str(&format!(
                "      {} ({} expected, {} actual)\n",
                what,
                paint(color, "31", "-"),
                paint(color, "32", "+")
            ));
            let diff = json_diff(&mask(expected), &mask(actual), color, "      ");
            if diff.is_empty() {
                out.push_str("      (the differing values are redacted)\n");
            } else {
                out.push_str(&diff);
            }
        }
        Failure::MissingDiagnostic { expected } => {
            out.push_str(&format!(
                "      expected diagnostic not reported: {expected}\n"
            ));
        }
        Failure::UnexpectedError { diagnostic } => {
            let message = diagnostic["message"].as_str().unwrap_or("");
            let message = if redact_values {
                redact::mask_text(message)
            } else {
                message.to_string()
            };
            out.push_str(&format!(
                "      unexpected error {} [{}] at {}:{}: {message}\n",
                diagnostic["code"].as_str().unwrap_or("?"),
                diagnostic["medtechError"].as_str().unwrap_or("-"),
                diagnostic["file"].as_str().unwrap_or("?"),
                diagnostic["line"]
            ));
        }
    }
    out
}

fn summary(failure: &Failure, redact_values: bool) -> String {
    match failure {
        Failure::Differs {
            what, differences, ..
        } if redact_values => format!(
            "{what}{}: differs (values redacted)",
            differences
                .first()
                .map(|d| d.pointer.as_str())
                .unwrap_or("")
        ),
        Failure::UnexpectedError { .. } if redact_values => redact::mask_text(&failure.summary()),
        _ => failure.summary(),
    }
}

fn annotations(result: &SuiteResult, redact_values: bool) -> String {
    let file = result.path.display().to_string();
    let mut out = String::new();
    if let Some(error) = &result.error {
        out.push_str(&annotation(
            "error",
            Some(&file),
            error.line.map(u64::from),
            None,
            "medtech test: invalid suite",
            &error.message,
        ));
    }
    for case in result.cases.iter().filter(|c| !c.passed()) {
        let message: Vec<String> = case
            .failures
            .iter()
            .map(|f| summary(f, redact_values))
            .collect();
        out.push_str(&annotation(
            "error",
            Some(&file),
            Some(u64::from(case.line)),
            None,
            &format!("medtech test: {}", case.name),
            &message.join("\n"),
        ));
    }
    out
}

/// The JUnit XML of the results: one test suite per suite file, one test case per case; an
/// invalid suite is one errored test case.
pub fn junit(results: &[SuiteResult], redact_values: bool) -> Result<String, String> {
    let mut report = Report::new("medtech test");
    for result in results {
        let mut suite = TestSuite::new(result.path.display().to_string());
        if let Some(error) = &result.error {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message("invalid suite or mapping");
            status.set_description(error.message.clone());
            let mut case = TestCase::new("load", status);
            case.set_classname(result.name.clone());
            suite.add_test_case(case);
        }
        for case in &result.cases {
            let status = if case.passed() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let lines: Vec<String> = case
                    .failures
                    .iter()
                    .map(|f| summary(f, redact_values))
                    .collect();
                status.set_message(lines.first().cloned().unwrap_or_default());
                let details: String = case
                    .failures
                    .iter()
                    .map(|f| failure_text(f, redact_values, false))
                    .collect();
                status.set_description(details);
                status.set_type("mismatch");
                status
            };
            let mut test = TestCase::new(case.name.clone(), status);
            test.set_classname(result.name.clone());
            test.set_time(case.time);
            suite.add_test_case(test);
        }
        report.add_test_suite(suite);
    }
    report.to_string().map_err(|e| e.to_string())
}
