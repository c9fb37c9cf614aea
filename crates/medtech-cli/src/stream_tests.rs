//! The streaming `normalize` and `debug` print exactly what the buffered runs print, with the
//! same exit status, in every configuration they handle.

use super::{applies, debug, normalize};
use crate::args::{Cli, Command, RunArgs};
use clap::Parser;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse(args: &[String]) -> RunArgs {
    let argv = ["medtech", "normalize"]
        .into_iter()
        .map(str::to_string)
        .chain(args.iter().cloned());
    match Cli::try_parse_from(argv)
        .expect("test arguments parse")
        .command
    {
        Command::Normalize(args) => args,
        _ => panic!("not normalize"),
    }
}

/// (stdout, stderr, status) of both runs, of `debug` when `trace`, else of `normalize`.
fn both(
    args: &[String],
    stdin: &str,
    trace: bool,
) -> ((String, String, i32), (String, String, i32)) {
    let streamed_args = parse(args);
    assert!(applies(&streamed_args), "{args:?} should stream");
    let mut out = Vec::new();
    let run = if trace { debug } else { normalize };
    let output = run(&streamed_args, &mut stdin.as_bytes(), false, &mut out);
    let streamed = (
        String::from_utf8_lossy(&out).into_owned() + &output.stdout,
        output.stderr,
        output.status,
    );
    let buffered = crate::run::run_messages(parse(args), &mut stdin.as_bytes(), false, trace);
    (
        streamed,
        (buffered.stdout, buffered.stderr, buffered.status),
    )
}

fn path(relative: &str) -> String {
    root().join(relative).display().to_string()
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("medtech-stream-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(name);
    std::fs::write(&file, text).expect("write fixture");
    file.display().to_string()
}

#[test]
fn streamed_output_equals_buffered_output() {
    let steps = path("tests/golden/fixtures/steps.ndjson");
    let device = path("examples/hourly-steps/device.json");
    let fhir = path("examples/hourly-steps/fhir.json");
    // Blank lines, CRLF, a line that is not JSON, a value the template cannot read, a BOM.
    let mixed = write(
        "mixed.ndjson",
        "\u{feff}{\"deviceId\": \"d\", \"patientId\": \"p\", \"time\": \"2023-05-01T08:00:00Z\", \"steps\": 1}\r\n\
         \r\n  \n{not json\n{\"deviceId\": \"d\", \"time\": \"2023-05-01T09:00:00\", \"steps\": true}\n\
         {\"patientId\": \"p\", \"steps\": 3}\n[1, 2]\n\"text\"",
    );
    // Enough findings to spill them to a temporary file.
    let many: String = (0..200)
        .map(|i| {
            format!(
                "{{\"deviceId\": \"d{i}\", \"time\": \"2023-05-01T08:{:02}:00\"}}\n",
                i % 60
            )
        })
        .collect();
    let many = write("many.ndjson", &many);
    let invalid = path("tests/golden/fixtures/invalid-device.json");
    let single = path("tests/golden/fixtures/lint-message.json");
    let folder = root().display().to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["--device", &device, "--ndjson", &steps, "--format", "json"],
        vec!["--device", &device, "--ndjson", &steps],
        vec!["--device", &device, "--ndjson", &steps, "--redact"],
        vec![
            "--device", &device, "--ndjson", &steps, "--format", "json", "--redact",
        ],
        vec![
            "--device", &device, "--fhir", &fhir, "--ndjson", &steps, "--format", "json",
        ],
        vec![
            "--device", &device, "--fhir", &fhir, "--ndjson", &steps, "--format", "json",
            "--redact",
        ],
        vec!["--device", &device, "--ndjson", &mixed, "--format", "json"],
        vec!["--device", &device, "--ndjson", &mixed],
        vec![
            "--device",
            &device,
            "--ndjson",
            &mixed,
            "--envelope",
            "iothub",
            "--format",
            "json",
        ],
        vec![
            "--device", &device, "--fhir", &fhir, "--ndjson", &mixed, "--ndjson", &steps,
            "--format", "json",
        ],
        vec!["--device", &device, "--ndjson", &many, "--format", "json"],
        vec!["--device", &device, "--ndjson", &many],
        vec![
            "--device", &device, "--fhir", &fhir, "--ndjson", &many, "--format", "json",
        ],
        vec!["--device", &device, &single, &steps, "--format", "json"],
        vec!["--device", &device, &single, "--ndjson", &steps],
        vec!["--device", &device, "--format", "json"],
        vec!["--device", &invalid, "--ndjson", &steps, "--format", "json"],
        vec!["--device", &invalid, "--ndjson", &steps],
        vec!["--example", "iothub-blood-pressure", "--format", "json"],
        vec!["--example", "heart-rate", "--format", "json", "--redact"],
        vec![
            "--example",
            "hourly-steps",
            "--ndjson",
            &steps,
            "--format",
            "json",
        ],
        vec!["--device", &device, "--ndjson", "-", "--format", "json"],
        vec!["--device", &device, "-", "--ndjson", &steps],
        vec![
            "--device",
            &device,
            "--ndjson",
            "missing.ndjson",
            "--format",
            "json",
        ],
        vec!["--device", &device, "--ndjson", &folder],
        vec![
            "--device",
            &device,
            "--ndjson",
            &steps,
            "--envelope",
            "iothub",
            "--enqueued-time",
            "nope",
            "--format",
            "json",
        ],
    ];
    let stdin = "{\"deviceId\": \"s\", \"patientId\": \"p\", \"time\": \"2023-05-01T08:00:00Z\", \"steps\": 7}\n\n{\"x\": 1}\n";
    let mut largest = 0;
    let mut statuses = std::collections::BTreeSet::new();
    for run in runs {
        let args: Vec<String> = run.iter().map(|s| s.to_string()).collect();
        for trace in [false, true] {
            let (streamed, buffered) = both(&args, stdin, trace);
            assert_eq!(streamed, buffered, "{args:?}, trace: {trace}");
            largest = largest.max(streamed.0.len());
            statuses.insert(streamed.2);
        }
    }
    // Findings were spilled to a temporary file, and every exit status was seen.
    assert!(largest > 10 * super::SPILL_AT, "{largest}");
    assert_eq!(statuses, [0, 1, 2, 3].into_iter().collect());
}

#[test]
fn what_streams() {
    let device = path("examples/hourly-steps/device.json");
    let fhir = path("examples/hourly-steps/fhir.json");
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(applies(&parse(&args(&["--device", &device]))));
    assert!(applies(&parse(&args(&[
        "--device", &device, "--fhir", &fhir, "--format", "json"
    ]))));
    assert!(!applies(&parse(&args(&[
        "--device", &device, "--fhir", &fhir
    ]))));
    assert!(!applies(&parse(&args(&[
        "--device", &device, "--format", "sarif"
    ]))));
    assert!(!applies(&parse(&args(&["--example", "list"]))));
}
