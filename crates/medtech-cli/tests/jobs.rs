//! `--jobs`: `normalize` and `debug` give the same standard output, standard error and exit
//! status on one thread as on several, for a batch large enough to be shared out (several
//! batches of `medtech_cli::workers::BATCH` messages) that has measurements, messages nothing
//! matches, unreadable messages and required values missing; with and without `--fhir`,
//! `--redact`, the JSON and the human format, and under GitHub Actions (annotations).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// 1 100 messages for `examples/hourly-steps` in a temporary NDJSON file.
fn messages() -> PathBuf {
    let mut lines = Vec::new();
    for i in 0..1_100 {
        lines.push(match i % 11 {
            // Nothing matches.
            3 => format!(r#"{{"deviceId": "d{i}", "heartRate": {i}}}"#),
            // Not JSON.
            5 => format!(r#"{{"deviceId": "d{i}", "steps": "#),
            // The timestamp is missing.
            7 => format!(r#"{{"deviceId": "d{i}", "patientId": "p{i}", "steps": {i}}}"#),
            // An empty line between messages.
            9 => String::new(),
            _ => format!(
                r#"{{"deviceId": "pedometer-{}", "patientId": "patient-{}", "time": "2023-05-01T{:02}:{:02}:00Z", "steps": {i}}}"#,
                i % 7,
                i % 7,
                (i / 60) % 24,
                i % 60
            ),
        });
    }
    let path = std::env::temp_dir().join(format!("medtech-jobs-{}.ndjson", std::process::id()));
    std::fs::write(&path, lines.join("\n") + "\n").expect("write the messages");
    path
}

fn run(args: &[&str], github: bool) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medtech"));
    command
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS");
    if github {
        command.env("GITHUB_ACTIONS", "true");
    }
    let out = command.output().expect("run medtech");
    (out.stdout, out.stderr, out.status.code())
}

#[test]
fn every_number_of_threads_gives_the_same_output() {
    let file = messages();
    let ndjson = file.to_string_lossy().into_owned();
    let base = [
        "--device",
        "examples/hourly-steps/device.json",
        "--ndjson",
        ndjson.as_str(),
    ];
    let variants: [&[&str]; 7] = [
        &["normalize", "--format", "json"],
        &["normalize", "--format", "json", "--redact"],
        &["normalize"],
        &["debug", "--format", "json"],
        &["debug"],
        &[
            "normalize",
            "--fhir",
            "examples/hourly-steps/fhir.json",
            "--format",
            "json",
        ],
        &[
            "debug",
            "--fhir",
            "examples/hourly-steps/fhir.json",
            "--format",
            "json",
            "--redact",
        ],
    ];
    for variant in variants {
        for github in [false, true] {
            let args = |jobs: &'static str| {
                let mut args: Vec<&str> = variant.to_vec();
                args.extend(base);
                args.extend(["--jobs", jobs]);
                args
            };
            let one = run(&args("1"), github);
            assert!(
                one.0.len() > 10_000,
                "{variant:?}: the run writes its report"
            );
            for jobs in ["2", "3", "8"] {
                let many = run(&args(jobs), github);
                assert!(
                    many == one,
                    "{variant:?} --jobs {jobs} (GitHub Actions: {github}) differs from --jobs 1"
                );
            }
        }
    }
    let _ = std::fs::remove_file(file);
}
