//! The machine-readable outputs parsed back: SARIF 2.1.0 from `validate --format sarif`
//! (required properties, rules and results agree) and JUnit XML from `test --junit`
//! (`quick-junit`'s reader: suites, cases, failures and their messages), both from the real
//! binary, plus `test` exit statuses and `--update`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn medtech(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_medtech"))
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run medtech");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn sarif_has_the_required_properties() {
    let (stdout, status) = medtech(&[
        "validate",
        "--device",
        "tests/golden/fixtures/lint-device.json",
        "--fhir",
        "examples/suite/fhir.json",
        "tests/golden/fixtures/lint-message.json",
        "--format",
        "sarif",
    ]);
    assert_eq!(status, 1, "a sample message fails");
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "medtech");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let results = runs[0]["results"].as_array().expect("results");
    assert!(results.len() >= 10, "{} results", results.len());
    let mut lint_results = 0;
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules.get(index), Some(&id));
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().expect("level")));
        assert!(!r["message"]["text"]
            .as_str()
            .expect("message.text")
            .is_empty());
        let physical = &r["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.ends_with(".json"), "{uri}");
        assert!(physical["region"]["startLine"].as_u64().expect("startLine") >= 1);
        assert!(
            physical["region"]["startColumn"]
                .as_u64()
                .expect("startColumn")
                >= 1
        );
        if id.starts_with("lint/") {
            lint_results += 1;
            assert!(r["message"]["text"]
                .as_str()
                .unwrap_or("")
                .contains("Hint:"));
        }
    }
    assert!(lint_results >= 8);
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "cross/no-fhir-template"));
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("medtech-cli-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

#[test]
fn junit_parses_back() {
    let file = temp("junit").join("report.xml");
    let file_text = file.display().to_string();
    let (stdout, status) = medtech(&[
        "test",
        "--junit",
        &file_text,
        "examples/suite",
        "tests/golden/fixtures/suites/failing.suite.json",
        "tests/golden/fixtures/suites/invalid-mapping.suite.json",
    ]);
    assert_eq!(status, 2, "an invalid suite wins over failures:\n{stdout}");
    assert!(stdout.ends_with("5 passed, 2 failed\n"), "{stdout}");
    let xml = std::fs::read_to_string(&file).expect("JUnit file written");
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("JUnit XML parses");
    assert_eq!(report.test_suites.len(), 3);
    assert_eq!(report.tests, 8);
    assert_eq!(report.failures, 2);
    assert_eq!(report.errors, 1);
    let failing = &report.test_suites[1];
    assert!(failing.name.as_str().ends_with("failing.suite.json"));
    let names: Vec<&str> = failing.test_cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "passes",
            "wrong heart rate and unit",
            "an error nobody expected"
        ]
    );
    match &failing.test_cases[1].status {
        quick_junit::TestCaseStatus::NonSuccess {
            kind,
            message,
            description,
            ..
        } => {
            assert_eq!(*kind, quick_junit::NonSuccessKind::Failure);
            let message = message.as_ref().map(|m| m.as_str()).unwrap_or("");
            assert!(
                message.contains("measurements/0/Properties/0/Value"),
                "{message}"
            );
            let description = description.as_ref().map(|d| d.as_str()).unwrap_or("");
            assert!(
                description.contains("+         \"Value\": \"78\""),
                "{description}"
            );
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Writes `text` as the suite file `suite`, checks that it fails, blesses it with `--update`,
/// checks that it then passes, and returns the blessed text.
fn bless(suite: &std::path::Path, text: &str) -> String {
    std::fs::write(suite, text).expect("write suite");
    let path = suite.display().to_string();
    assert_eq!(medtech(&["test", &path]).1, 1);
    let (stdout, status) = medtech(&["test", "--update", &path]);
    assert_eq!(status, 0, "{stdout}");
    let (stdout, status) = medtech(&["test", &path]);
    assert_eq!(status, 0, "{stdout}");
    std::fs::read_to_string(suite).expect("read")
}

#[test]
fn update_blesses_the_actual_results() {
    let dir = temp("update");
    let device = root().join("examples/suite/device.json");
    let suite = dir.join("bless.suite.json");
    let text = serde_json::json!({
        "deviceMapping": device.display().to_string(),
        "cases": [{ "name": "hr", "messages": [{"heartRate": 61, "deviceId": "d", "patientId": "p", "endDate": "2024-01-01T00:00:00Z"}],
                    "expect": { "measurements": [{ "Properties": [{ "Name": "hr", "Value": "1" }] }] } }]
    });
    let blessed: serde_json::Value =
        serde_json::from_str(&bless(&suite, &text.to_string())).expect("JSON");
    assert_eq!(
        blessed["cases"][0]["expect"]["measurements"][0]["Properties"][0]["Value"],
        "61"
    );
    assert_eq!(
        blessed["cases"][0]["expect"]["measurements"][0]["DeviceId"],
        "d"
    );
}

#[test]
fn update_rewrites_only_the_expectations() {
    let dir = temp("update-splice");
    let device = root().join("examples/suite/device.json");
    let suite = dir.join("splice.suite.json");
    let text = format!(
        r#"// Blood pressure and heart rate
{{
  "deviceMapping": {device},
  "cases": [
    {{
      "name": "fresh",
      "messages": [{{ "heartRate": 93.53085792562891, "deviceId": "d", "patientId": "p", "endDate": "2024-01-01T00:00:00Z" }}] // as sent
    }},
    {{ "name": "an error", "messages": [{{"heartRate": 12345678901234567890123, "deviceId": "d", "patientId": "p", "endDate": "2024-01-01T00:00:00Z"}}],
      "expect": {{ "measurements": [{{ "DeviceId": "other" }}] }} }}
  ]
}}
"#,
        device = serde_json::Value::from(device.display().to_string())
    );
    let blessed = bless(&suite, &text);
    // Everything but the expectations is as written: the comments, the messages' digits.
    assert!(
        blessed.starts_with("// Blood pressure and heart rate\n{"),
        "{blessed}"
    );
    assert!(
        blessed.contains(r#""endDate": "2024-01-01T00:00:00Z" }], // as sent"#),
        "{blessed}"
    );
    assert!(
        blessed.contains(r#""heartRate": 93.53085792562891,"#),
        "{blessed}"
    );
    assert!(
        blessed.contains(r#""heartRate": 12345678901234567890123,"#),
        "{blessed}"
    );
    let at = |needle: &str| {
        blessed
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {blessed}"))
    };
    // The fresh case gets its measurement; the case with an error gets the error.
    assert!(at(r#""Value": "93.53085792562891""#) < at(r#""name": "an error""#));
    assert!(at(r#""code": "eval/required-value-missing""#) > at(r#""name": "an error""#));
    assert!(!blessed.contains(r#""DeviceId": "other""#), "{blessed}");
}
