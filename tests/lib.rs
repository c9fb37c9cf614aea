//! Shared helpers for the test targets: where the workspace and `../shared` are, and how to
//! walk a folder of case files.

use std::path::{Path, PathBuf};

/// The workspace root (the folder holding `Cargo.toml`, `crates/` and `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `../shared` beside the workspace, if it is there (it is in CI and on developer machines;
/// compatibility suites print a notice and skip without it).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared");
    dir.is_dir().then_some(dir)
}

/// Every file below `dir` whose name ends with `extension`, sorted, recursively.
pub fn files_below(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(extension) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A test name from a path below `base`: `device/jsonpath/at-without-dot`.
pub fn case_name(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_suffix(".json").unwrap_or(&text).to_string()
}
