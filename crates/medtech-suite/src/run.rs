//! Running a suite: every case's messages go through the mappings as one batch
//! (`medtech_core::debug`), and the report is compared with the case's expectations.

use crate::compare::{differences, Difference};
use crate::suite::{load, Case, CaseLines, Suite, SuiteError};
use medtech_core::{Report, Severity};
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How to run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Write the actual results into the expectations (snapshot blessing).
    pub update: bool,
}

/// Why a case failed.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// Measurements or Observations differ from the expectation.
    Differs {
        /// `measurements` or `observations`.
        what: &'static str,
        /// The expectation as written.
        expected: Json,
        /// The actual value (complete).
        actual: Json,
        /// Each difference under the subset rule.
        differences: Vec<Difference>,
    },
    /// An expected diagnostic that no finding matches.
    MissingDiagnostic {
        /// The expectation as written.
        expected: Json,
    },
    /// An error the case does not expect.
    UnexpectedError {
        /// The finding (the `--format json` diagnostic object).
        diagnostic: Json,
    },
}

impl Failure {
    /// One line for summaries and annotations.
    pub fn summary(&self) -> String {
        match self {
            Failure::Differs {
                what, differences, ..
            } => match differences.first() {
                Some(d) => format!("{what}{}: {}", d.pointer, d.what),
                None => format!("{what} differ"),
            },
            Failure::MissingDiagnostic { expected } => {
                format!("expected diagnostic not reported: {expected}")
            }
            Failure::UnexpectedError { diagnostic } => format!(
                "unexpected error {}: {}",
                diagnostic["code"].as_str().unwrap_or("?"),
                diagnostic["message"].as_str().unwrap_or("")
            ),
        }
    }
}

/// The outcome of one case.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Position in `cases`.
    pub index: usize,
    /// 1-based line of the case in the suite file.
    pub line: u32,
    /// Empty when the case passed.
    pub failures: Vec<Failure>,
    /// How long it took.
    pub time: Duration,
    /// The actual report (`--format json` shape, unredacted).
    pub actual: Json,
}

impl CaseResult {
    /// True when every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The outcome of one suite file.
#[derive(Clone, Debug)]
pub struct SuiteResult {
    /// The suite file.
    pub path: PathBuf,
    /// The suite's name.
    pub name: String,
    /// Set when the suite file or a mapping is invalid (no case ran): exit status 2.
    pub error: Option<SuiteError>,
    /// The cases that ran.
    pub cases: Vec<CaseResult>,
    /// True when `--update` rewrote the suite file.
    pub updated: bool,
}

impl SuiteResult {
    /// Cases that passed and failed.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.cases.iter().filter(|c| c.passed()).count();
        (passed, self.cases.len() - passed)
    }
}

/// Loads and runs one suite file.
pub fn run_suite(path: &Path, options: &RunOptions) -> SuiteResult {
    let mut result = SuiteResult {
        path: path.to_path_buf(),
        name: path.display().to_string(),
        error: None,
        cases: Vec::new(),
        updated: false,
    };
    let suite = match load(path) {
        Ok(suite) => suite,
        Err(error) => {
            result.error = Some(error);
            return result;
        }
    };
    result.name = suite.name.clone();
    if let Some(error) = invalid_mapping(&suite) {
        result.error = Some(error);
        return result;
    }
    for case in &suite.cases {
        result.cases.push(run_case(&suite, case));
    }
    if options.update {
        let updated = update(&suite, &result.cases);
        if updated != suite.json {
            let text = splice_expectations(&suite, &updated).unwrap_or_else(|| {
                serde_json::to_string_pretty(&updated).unwrap_or_default() + "\n"
            });
            match std::fs::write(path, text) {
                Ok(()) => {
                    result.updated = true;
                    for case in &mut result.cases {
                        case.failures.clear();
                    }
                }
                Err(e) => {
                    result.error = Some(SuiteError {
                        message: format!("cannot write {}: {e}", path.display()),
                        line: None,
                    })
                }
            }
        }
    }
    result
}

/// The load errors of a mapping the service would reject, as a suite error.
fn invalid_mapping(suite: &Suite) -> Option<SuiteError> {
    let device = medtech_core::load_device_mapping(&suite.device.text);
    let fhir = suite
        .fhir
        .as_ref()
        .map(|f| medtech_core::fhir::load_fhir_mapping(&f.text));
    let lines =
        |name: &str, text: &str, ds: &mut dyn Iterator<Item = &medtech_core::Diagnostic>| {
            let index = medtech_json::LineIndex::new(text);
            ds.filter(|d| d.severity == Severity::Error)
                .map(|d| {
                    let d = medtech_core::session::position(d.clone(), &index);
                    let (l, c) = d.position.unwrap_or((1, 1));
                    format!("  {name}:{l}:{c}: {} {}", d.code.as_str(), d.message)
                })
                .collect::<Vec<_>>()
        };
    let mut problems = Vec::new();
    if !device.valid {
        problems.push(format!(
            "device mapping {} is invalid (the service would reject it):",
            suite.device.name
        ));
        problems.extend(lines(
            &suite.device.name,
            &suite.device.text,
            &mut device.diagnostics.iter(),
        ));
    }
    if let (Some(f), Some(input)) = (&fhir, &suite.fhir) {
        if !f.valid {
            problems.push(format!(
                "FHIR mapping {} is invalid (the service would reject it):",
                input.name
            ));
            problems.extend(lines(&input.name, &input.text, &mut f.diagnostics.iter()));
        }
    }
    (!problems.is_empty()).then(|| SuiteError {
        message: problems.join("\n"),
        line: None,
    })
}

fn run_case(suite: &Suite, case: &Case) -> CaseResult {
    let start = Instant::now();
    let messages: Vec<(Option<String>, String)> = case
        .messages
        .iter()
        .map(|m| (Some(m.name.clone()), m.text.clone()))
        .collect();
    let mut report: Report = medtech_core::debug(
        &suite.device.text,
        suite.fhir.as_ref().map(|f| f.text.as_str()),
        &messages,
        &case.options,
    );
    report.device_mapping_file = Some(suite.device.name.clone());
    report.fhir_mapping_file = suite.fhir.as_ref().map(|f| f.name.clone());
    let names = |i: usize| case.messages.get(i).map(|m| m.name.clone());
    let actual = report.to_json(false, &names);
    let mut failures = Vec::new();
    for what in ["measurements", "observations"] {
        if let Some(expected) = case.expect.get(what) {
            let found = differences(expected, &actual[what]);
            if !found.is_empty() {
                failures.push(Failure::Differs {
                    what,
                    expected: expected.clone(),
                    actual: actual[what].clone(),
                    differences: found,
                });
            }
        }
    }
    let diagnostics = actual["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let expected: Vec<Json> = case
        .expect
        .get("diagnostics")
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    for e in &expected {
        if !diagnostics.iter().any(|a| matches(e, a)) {
            failures.push(Failure::MissingDiagnostic {
                expected: e.clone(),
            });
        }
    }
    for a in diagnostics.iter().filter(|a| a["severity"] == "error") {
        if !expected.iter().any(|e| matches(e, a)) {
            failures.push(Failure::UnexpectedError {
                diagnostic: a.clone(),
            });
        }
    }
    CaseResult {
        name: case.name.clone(),
        index: case.index,
        line: case.line,
        failures,
        time: start.elapsed(),
        actual,
    }
}

/// Does the actual diagnostic have every field the expectation gives?
fn matches(expected: &Json, actual: &Json) -> bool {
    expected.as_object().is_some_and(|fields| {
        fields.iter().all(|(key, value)| match key.as_str() {
            "messageContains" => actual["message"]
                .as_str()
                .zip(value.as_str())
                .is_some_and(|(a, e)| a.contains(e)),
            other => actual.get(other).unwrap_or(&Json::Null) == value,
        })
    })
}

/// The compact form `--update` writes for a finding.
fn compact(d: &Json) -> Json {
    json!({"severity": d["severity"], "code": d["code"], "medtechError": d["medtechError"], "messageIndex": d["messageIndex"], "line": d["line"]})
}

/// The suite with every case's expectations replaced by what actually happened: the members a
/// case already expects are rewritten; a case without expectations gets measurements (and
/// Observations with a FHIR mapping); a case with errors gets them (an unexpected error fails).
fn update(suite: &Suite, results: &[CaseResult]) -> Json {
    let mut json = suite.json.clone();
    let Some(cases) = json.get_mut("cases").and_then(Json::as_array_mut) else {
        return json;
    };
    for result in results {
        let Some(case) = cases.get_mut(result.index).and_then(Json::as_object_mut) else {
            continue;
        };
        let mut expect = case
            .get("expect")
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default();
        let fresh = expect.is_empty();
        if fresh || expect.contains_key("measurements") {
            expect.insert("measurements".into(), result.actual["measurements"].clone());
        }
        if expect.contains_key("observations") || (fresh && suite.fhir.is_some()) {
            expect.insert("observations".into(), result.actual["observations"].clone());
        }
        let findings: Vec<Json> = result.actual["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] != "info")
            .map(compact)
            .collect();
        let has_errors = findings.iter().any(|d| d["severity"] == "error");
        // An error nobody expects fails the case: an updated case expects its errors.
        if expect.contains_key("diagnostics") || has_errors {
            expect.insert("diagnostics".into(), Json::Array(findings));
        }
        case.insert("expect".into(), Json::Object(expect));
    }
    json
}

/// The suite file's text with the `expect` member of each case whose expectations `updated`
/// changes written anew, and everything else as written: messages keep their numbers' digits,
/// comments and layout stay. A case without `expect` gets one after its last member. `None`
/// when the text cannot be edited so that it reads as `updated` (the caller then writes
/// `updated` whole).
fn splice_expectations(suite: &Suite, updated: &Json) -> Option<String> {
    let text = suite.text.as_str();
    let lines = CaseLines::new(text).ok()?;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (index, case) in updated.get("cases")?.as_array()?.iter().enumerate() {
        let Some(expect) = case.get("expect") else {
            continue;
        };
        if suite.json["cases"][index].get("expect") == Some(expect) {
            continue;
        }
        let members = lines.members(&format!("/cases/{index}"));
        // The reader keeps the last of repeated names, as JSON.NET does.
        match members.iter().rev().find(|(name, _)| name == "expect") {
            Some((_, range)) => {
                let indent = indent_of(text, range.start);
                edits.push((range.clone(), indented(expect, indent)));
            }
            None => {
                let (_, last) = members.last()?;
                let indent = indent_of(text, last.start);
                let member = format!("\n{indent}\"expect\": {}", indented(expect, indent));
                // After a line comment that follows the last member, so that it stays with it.
                let line_end = text[last.end..]
                    .find('\n')
                    .map_or(text.len(), |i| last.end + i);
                if text[last.end..line_end].trim_start().starts_with("//") {
                    edits.push((line_end..line_end, member));
                    edits.push((last.end..last.end, ",".into()));
                } else {
                    edits.push((last.end..last.end, format!(",{member}")));
                }
            }
        }
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let check = CaseLines::new(&out).ok()?;
    (check.json() == *updated).then_some(out)
}

/// The whitespace that starts the line holding byte `offset`.
fn indent_of(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..offset];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// `value` laid out as `serde_json::to_string_pretty` does, each line after the first
/// starting with `indent`.
fn indented(value: &Json, indent: &str) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    pretty.replace('\n', &format!("\n{indent}"))
}
