//! Template unit tests for MedTech mappings (`medtech test`): suite files kept next to the
//! mappings name the device and FHIR mappings and list cases — messages with the measurements,
//! Observations (subset match: only the members written are compared) or diagnostics they must
//! give. This crate reads the files and runs them through `medtech-core`; the CLI renders the
//! results. Rust users call it from `cargo test`:
//!
//! ```no_run
//! #[test]
//! fn mappings() {
//!     medtech_suite::assert_suites(&["mappings/tests"]);
//! }
//! ```

#![forbid(unsafe_code)]

pub mod compare;
pub mod redact;
pub mod run;
pub mod suite;

pub use compare::{differences, project, Difference};
pub use run::{run_suite, CaseResult, Failure, RunOptions, SuiteResult};
pub use suite::{load, Case, Suite, SuiteError};

use std::path::{Path, PathBuf};

/// The file-name ending that marks a suite file.
pub const SUITE_SUFFIX: &str = ".suite.json";

/// The suite files named by `paths`: files as given, folders searched recursively for
/// `*.suite.json` (sorted; `target`, `node_modules` and hidden folders skipped). An empty list
/// searches the current folder.
pub fn discover<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.iter().map(|p| p.as_ref().to_path_buf()).collect()
    };
    for root in roots {
        if root.is_file() {
            out.push(root);
        } else if root.is_dir() {
            let mut found = Vec::new();
            walk(&root, &mut found, 0);
            found.sort();
            out.extend(found);
        } else {
            return Err(format!("no such file or folder: {}", root.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 32 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, out, depth + 1);
            }
        } else if name.ends_with(SUITE_SUFFIX) {
            out.push(path);
        }
    }
}

/// Runs every suite under `paths` and panics with a readable report when a suite is invalid or
/// a case fails — for `cargo test`.
pub fn assert_suites<P: AsRef<Path>>(paths: &[P]) {
    let files = match discover(paths) {
        Ok(files) => files,
        Err(e) => panic!("{e}"),
    };
    assert!(!files.is_empty(), "no *.suite.json found");
    let mut problems = Vec::new();
    let (mut passed, mut failed) = (0, 0);
    for file in files {
        let result = run_suite(&file, &RunOptions::default());
        if let Some(error) = &result.error {
            problems.push(format!("{}: {}", file.display(), error.message));
        }
        let (p, f) = result.counts();
        passed += p;
        failed += f;
        for case in result.cases.iter().filter(|c| !c.passed()) {
            for failure in &case.failures {
                problems.push(format!(
                    "{}:{}: {}: {}",
                    file.display(),
                    case.line,
                    case.name,
                    failure.summary()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{passed} passed, {failed} failed\n{}",
        problems.join("\n")
    );
}
