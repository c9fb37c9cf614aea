//! Native tests of the boundary's conversions.

use crate::dto::{
    debug, debug_text, parse_messages, parse_options, validate, DebugOptions, Messages,
};
use serde_json::json;

const DEVICE: &str = include_str!("../../../examples/heart-rate/device.json");
const FHIR: &str = include_str!("../../../examples/heart-rate/fhir.json");
const MESSAGE: &str = include_str!("../../../examples/heart-rate/message-1.json");

#[test]
fn options_default_when_absent() {
    let options = parse_options(&json!(null)).expect("defaults");
    assert!(!options.redact);
    assert_eq!(options.settings.envelope.kind, "");
}

#[test]
fn options_are_read_from_camel_case_members() {
    let options = parse_options(&json!({
        "envelope": "iothub", "deviceId": "d", "enqueuedTime": "2023-01-01T00:00:00Z",
        "creationTime": "none", "identity": "lookup", "redact": true,
        "files": {"device": "device.json", "messages": ["m.json"]}
    }))
    .expect("valid");
    assert_eq!(options.settings.envelope.kind, "iothub");
    assert_eq!(options.settings.envelope.device_id, "d");
    assert_eq!(options.settings.envelope.creation_time, "none");
    assert_eq!(options.settings.identity, "lookup");
    assert!(options.redact);
    assert_eq!(options.device_file.as_deref(), Some("device.json"));
    assert_eq!(options.message_files, vec!["m.json".to_string()]);
}

#[test]
fn wrong_option_types_are_errors() {
    assert!(parse_options(&json!("raw")).is_err());
    assert!(parse_options(&json!({"redact": "yes"})).is_err());
    assert!(parse_options(&json!({"envelope": 3})).is_err());
    assert!(parse_options(&json!({"files": {"messages": [1]}})).is_err());
    let bad_envelope = parse_options(&json!({"envelope": "amqp"})).expect("read");
    let error = debug(DEVICE, None, &Messages::List(vec![]), &bad_envelope).expect_err("bad");
    assert!(error.starts_with("options.envelope"), "{error}");
}

#[test]
fn messages_are_a_text_or_a_list_of_texts() {
    assert_eq!(
        parse_messages(&json!("{}")).expect("text"),
        Messages::Batch("{}".into())
    );
    assert_eq!(
        parse_messages(&json!(["{}", "[]"])).expect("list"),
        Messages::List(vec!["{}".into(), "[]".into()])
    );
    assert_eq!(
        parse_messages(&json!(null)).expect("none"),
        Messages::List(vec![])
    );
    assert!(parse_messages(&json!([1])).is_err());
    assert!(parse_messages(&json!({})).is_err());
}

#[test]
fn report_has_the_cli_members_and_a_measurement() {
    let report = debug(
        DEVICE,
        Some(FHIR),
        &Messages::Batch(MESSAGE.into()),
        &Default::default(),
    )
    .expect("report");
    for member in [
        "valid",
        "measurements",
        "observations",
        "diagnostics",
        "messages",
    ] {
        assert!(report.get(member).is_some(), "{member}");
    }
    assert_eq!(report["valid"], json!(true));
    assert_eq!(
        report["measurements"][0]["Properties"][0]["Value"],
        json!("78")
    );
    assert_eq!(
        report["messages"][0]["templates"][0]["typeName"],
        json!("heartrate")
    );
}

#[test]
fn batch_and_list_give_the_same_measurements() {
    let two = format!("[{MESSAGE}, {MESSAGE}]");
    let batch = debug(DEVICE, None, &Messages::Batch(two), &Default::default()).expect("batch");
    let list = debug(
        DEVICE,
        None,
        &Messages::List(vec![MESSAGE.into(), MESSAGE.into()]),
        &Default::default(),
    )
    .expect("list");
    assert_eq!(batch["measurements"], list["measurements"]);
    assert_eq!(batch["measurements"].as_array().map(Vec::len), Some(2));
}

#[test]
fn ranges_count_utf16_units_in_the_passed_text() {
    // The emoji takes two UTF-16 units: the syntax error after it is at column 12, not 11.
    let message = "{\"a\": \"😀\" x}";
    let batch = debug(
        DEVICE,
        None,
        &Messages::Batch(message.into()),
        &Default::default(),
    )
    .expect("report");
    let finding = batch["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["source"] == json!("message")))
        .expect("a message finding")
        .clone();
    assert_eq!(finding["range"]["line"], json!(1));
    let column = finding["range"]["column"].as_u64().expect("column");
    let chars = finding["column"].as_u64().expect("char column");
    assert_eq!(column, chars + 1, "{finding}");
    let list = debug(
        DEVICE,
        None,
        &Messages::List(vec!["{}".into(), message.into()]),
        &Default::default(),
    )
    .expect("report");
    let in_list = list["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["messageIndex"] == json!(1)))
        .expect("finding of message 1");
    assert_eq!(in_list["range"], finding["range"]);
}

#[test]
fn file_names_and_redaction_are_applied() {
    let options = parse_options(&json!({
        "redact": true, "files": {"device": "d.json", "messages": ["m.json"]}
    }))
    .expect("valid");
    let report = debug(DEVICE, None, &Messages::Batch("{".into()), &options).expect("report");
    let finding = report["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["source"] == json!("message")))
        .expect("a message finding");
    assert_eq!(finding["file"], json!("m.json"));
    let mapping = report["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["source"] == json!("device-mapping")));
    if let Some(mapping) = mapping {
        assert_eq!(mapping["file"], json!("d.json"));
    }
    assert_eq!(report["messages"][0]["file"], json!("m.json"));
    let ok = debug(DEVICE, None, &Messages::Batch(MESSAGE.into()), &options).expect("report");
    assert_ne!(
        ok["messages"][0]["templates"][0]["fields"][0][0]["outcome"]["value"],
        json!("device123")
    );
}

#[test]
fn validate_reports_mapping_errors_with_ranges() {
    let report = validate(
        "{\"templateType\": \"CollectionContent\",\n\"template\": 3}",
        None,
    );
    assert_eq!(report["valid"], json!(false));
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["source"], json!("device-mapping"));
    assert!(finding["range"]["line"].is_number(), "{finding}");
}

/// `debug_text` read back with the correctly rounded reader (numbers as the nearest double,
/// as `ObservationText::to_json` reads them; strings left as strings).
fn read_back(text: &str) -> serde_json::Value {
    let options = medtech_json::ReadOptions {
        date_parse: false,
        ..medtech_json::ReadOptions::default()
    };
    let doc = medtech_json::read::read(text, &options).expect("the text report is JSON");
    medtech_json::write::to_serde_numeric(&doc, doc.root().expect("a root"))
}

/// The text report JavaScript receives is the value report, member for member: every bundled
/// example, its messages as a list and as one batch, with and without the FHIR mapping and
/// redaction, and a message with a syntax error (a located finding).
#[test]
fn text_report_is_the_value_report() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut compared = 0;
    for entry in std::fs::read_dir(&examples).expect("examples") {
        let dir = entry.expect("an entry").path();
        let Ok(manifest) = std::fs::read_to_string(dir.join("example.json")) else {
            continue;
        };
        let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("a manifest");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("a file");
        let device = read("device.json");
        let fhir = read("fhir.json");
        let mut list: Vec<String> = manifest["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| read(m.as_str().expect("a name")))
            .collect();
        list.push("{\"broken\": ".to_string());
        let batch = format!("[{}]", list[..list.len() - 1].join(","));
        let options = parse_options(&json!({
            "envelope": manifest["envelope"],
            "files": {"device": "device.json", "fhir": "fhir.json", "messages": ["m1.json"]},
        }))
        .expect("options");
        let redacted = DebugOptions {
            redact: true,
            ..options.clone()
        };
        for messages in [Messages::List(list.clone()), Messages::Batch(batch.clone())] {
            for fhir in [Some(fhir.as_str()), None] {
                for options in [&options, &redacted] {
                    let value = debug(&device, fhir, &messages, options).expect("value report");
                    let text = debug_text(&device, fhir, &messages, options).expect("text");
                    assert_eq!(read_back(&text), value, "{}", dir.display());
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 40, "{compared} reports compared");
}
