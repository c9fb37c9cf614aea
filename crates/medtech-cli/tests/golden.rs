//! Golden tests: each folder under `tests/golden/` (at the workspace root) holds `args` (the
//! command line after `medtech`, one argument per line), and the expected `stdout` and `status`
//! (and `stderr`, where the folder has that file).
//! They run the real `medtech` binary from the workspace root, with `GITHUB_ACTIONS` removed
//! from the environment and the variables of an optional `env` file (`NAME=value` lines) added.
//! `UPDATE_GOLDEN=1` rewrites the expectations from the actual output (review the diff before
//! committing).

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let base = root.join("tests").join("golden");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join("args").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    let trials = dirs
        .into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let root = root.clone();
            Trial::test(name, move || run(&root, &dir))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn run(root: &Path, dir: &Path) -> Result<(), Failed> {
    let args_text = std::fs::read_to_string(dir.join("args")).map_err(|e| e.to_string())?;
    let args: Vec<&str> = args_text.lines().filter(|l| !l.is_empty()).collect();
    let stdin = std::fs::read(dir.join("stdin")).ok();
    let mut command = Command::new(env!("CARGO_BIN_EXE_medtech"));
    command
        .args(&args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS");
    if let Ok(env) = std::fs::read_to_string(dir.join("env")) {
        for line in env.lines() {
            if let Some((name, value)) = line.split_once('=') {
                command.env(name.trim(), value.trim());
            }
        }
    }
    command.stdin(if stdin.is_some() {
        std::process::Stdio::piped()
    } else {
        std::process::Stdio::null()
    });
    command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().map_err(|e| e.to_string())?;
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        use std::io::Write;
        pipe.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let status = output.status.code().unwrap_or(-1).to_string();
    let stderr_file = dir.join("stderr");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(dir.join("stdout"), &stdout).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("status"), format!("{status}\n")).map_err(|e| e.to_string())?;
        if stderr_file.is_file() {
            std::fs::write(&stderr_file, &stderr).map_err(|e| e.to_string())?;
        }
        return Ok(());
    }
    if let Ok(expected_stderr) = std::fs::read_to_string(&stderr_file) {
        if expected_stderr != stderr {
            return Err(format!(
                "stderr differs:\n--- expected\n{expected_stderr}\n--- actual\n{stderr}"
            )
            .into());
        }
    }
    let expected_stdout = std::fs::read_to_string(dir.join("stdout")).unwrap_or_default();
    let expected_status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
    if expected_status.trim() != status {
        return Err(format!(
            "exit status {status}, expected {}\nstderr:\n{}",
            expected_status.trim(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    if expected_stdout != stdout {
        return Err(format!("stdout differs\n{}", diff(&expected_stdout, &stdout)).into());
    }
    Ok(())
}

/// A line diff good enough to read in a test log.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                out.push_str(&format!(
                    "line {}:\n- {}\n+ {}\n",
                    i + 1,
                    x.unwrap_or(&""),
                    y.unwrap_or(&"")
                ));
            }
        }
    }
    out
}
