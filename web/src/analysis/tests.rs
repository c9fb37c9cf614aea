use super::*;
use crate::state::Settings;

const DEVICE: &str = include_str!("../../../examples/heart-rate/device.json");
const MESSAGE: &str = include_str!("../../../examples/heart-rate/message-1.json");

fn inputs(device: &str, messages: &str) -> Inputs {
    Inputs {
        device: device.into(),
        messages: messages.into(),
        ..Inputs::default()
    }
}

fn clock() -> f64 {
    0.0
}

#[test]
fn example_gives_a_measurement_and_a_traced_match_in_the_editor() {
    let (a, _) = analyze(&inputs(DEVICE, MESSAGE), &clock);
    assert!(a.valid);
    assert_eq!(a.shape, "single");
    assert_eq!(a.measurement_count, 1);
    assert_eq!(a.measurements[0]["Properties"][0]["Value"], "78");
    let template = &a.messages[0].templates[0];
    assert_eq!(template.type_name, "heartrate");
    assert_eq!(template.status, "evaluated");
    // `$..[?(@heartRate)]` matches the message root: the whole text is marked.
    let m = &template.matches[0];
    let loc = m.loc.expect("match located");
    assert_eq!((loc.start, loc.end), (0, MESSAGE.trim_end().len()));
    assert_eq!(a.matched, vec![(loc.start, loc.end)]);
    // The device id field points at its value in the message.
    let device = m
        .fields
        .iter()
        .find(|f| f.field == "DeviceIdExpression")
        .expect("device id field");
    assert_eq!(device.text, "device123");
    let at = device.loc.expect("value located");
    assert_eq!(&MESSAGE[at.start..at.end], "\"device123\"");
    assert_eq!(at.line, 4);
}

#[test]
fn findings_are_placed_in_their_editor() {
    let broken = "{\n  \"heartRate\": 78,\n  \"deviceId\": \n}";
    let (a, _) = analyze(&inputs(DEVICE, broken), &clock);
    let finding = a
        .findings
        .iter()
        .find(|f| f.severity == "error")
        .expect("an error");
    let loc = finding.loc.expect("located");
    assert_eq!(loc.editor, Editor::Messages);
    assert_eq!(loc.line, 4);
    assert_eq!(a.counts.0, 1);
}

#[test]
fn bad_settings_are_reported_without_evaluating() {
    let mut i = inputs(DEVICE, MESSAGE);
    i.settings = Settings {
        enqueued_time: "not a time".into(),
        ..Settings::default()
    };
    let (a, core_ms) = analyze(&i, &clock);
    assert!(a
        .settings_error
        .as_deref()
        .is_some_and(|e| e.starts_with("enqueuedTime")));
    assert_eq!(a.measurement_count, 0);
    assert_eq!(core_ms, 0.0);
}

#[test]
fn repeated_numeric_values_form_a_series() {
    let messages: Vec<String> = (0..3)
        .map(|i| {
            MESSAGE
                .replace("\"78\"", &format!("\"{}\"", 70 + i))
                .replace('\n', " ")
        })
        .collect();
    let (a, _) = analyze(&inputs(DEVICE, &messages.join("\n")), &clock);
    assert_eq!(a.shape, "ndjson");
    assert_eq!(a.series.len(), 1);
    assert_eq!(a.series[0].label, "heartrate · hr");
    let values: Vec<f64> = a.series[0].points.iter().map(|p| p.1).collect();
    assert_eq!(values, vec![70.0, 71.0, 72.0]);
    // Matches of later messages are placed on their own lines.
    assert_eq!(a.messages[2].loc.map(|l| l.line), Some(3));
}

#[test]
fn analysis_survives_a_json_round_trip() {
    let (a, _) = analyze(&inputs(DEVICE, MESSAGE), &clock);
    let text = serde_json::to_string(&a).expect("serializes");
    let back: Analysis = serde_json::from_str(&text).expect("reads");
    assert_eq!(back, a);
}
