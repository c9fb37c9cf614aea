use super::*;

fn state() -> AppState {
    AppState::default()
}

fn evaluated(revision: u64, at: f64) -> Action {
    Action::Evaluated {
        revision,
        analysis: Rc::new(Analysis::default()),
        timings: Timings {
            core_ms: 1.0,
            ..Timings::default()
        },
        at,
    }
}

#[test]
fn edits_bump_the_revision_and_mark_pending() {
    let s = state().apply(Action::Edit(Editor::Device, "{}".into(), 10.0));
    assert_eq!(s.inputs.device, "{}");
    assert_eq!(s.revision, 1);
    assert!(s.pending);
    assert_eq!(s.edited_at, Some(10.0));
    // The same text again changes nothing.
    let again = s
        .clone()
        .apply(Action::Edit(Editor::Device, "{}".into(), 11.0));
    assert_eq!(again, s);
}

#[test]
fn stale_results_are_ignored_and_fresh_ones_timed() {
    let s = state()
        .apply(Action::Edit(Editor::Messages, "1".into(), 100.0))
        .apply(Action::Edit(Editor::Messages, "12".into(), 200.0));
    let stale = s.clone().apply(evaluated(1, 400.0));
    assert_eq!(stale, s);
    let fresh = s.apply(evaluated(2, 420.0));
    assert!(!fresh.pending);
    assert_eq!(fresh.analysis.as_ref().map(|a| a.0), Some(2));
    assert_eq!(fresh.timings.edit_to_result_ms, Some(220.0));
    assert_eq!(fresh.timings.core_ms, 1.0);
}

#[test]
fn settings_change_the_inputs() {
    let s = state().apply(Action::Set(SettingKey::Envelope, "iothub".into()));
    assert_eq!(s.inputs.settings.envelope, "iothub");
    assert_eq!(s.revision, 1);
    let s = s
        .apply(Action::Set(SettingKey::DeviceId, "d".into()))
        .apply(Action::Set(
            SettingKey::EnqueuedTime,
            "2020-01-01T00:00:00Z".into(),
        ))
        .apply(Action::Set(SettingKey::CreationTime, "none".into()))
        .apply(Action::Set(SettingKey::Identity, "lookup".into()));
    assert_eq!(s.revision, 5);
    assert_eq!(s.inputs.settings.identity, "lookup");
    assert_eq!(s.inputs.settings.creation_time, "none");
    let same = s
        .clone()
        .apply(Action::Set(SettingKey::Identity, "lookup".into()));
    assert_eq!(same.revision, 5);
}

#[test]
fn loading_replaces_inputs_and_closes_the_gallery() {
    let inputs = Inputs {
        device: "d".into(),
        example: Some("heart-rate".into()),
        ..Inputs::default()
    };
    let s = state()
        .apply(Action::ToggleGallery)
        .apply(Action::Load(Box::new(inputs.clone())));
    assert_eq!(s.inputs, inputs);
    assert!(!s.gallery_open);
    assert!(s.pending);
    assert_eq!(s.edited_at, None);
}

#[test]
fn format_reindents_and_turns_ndjson_into_an_array() {
    let s = state()
        .apply(Action::Edit(Editor::Device, "{\"a\":[1,2]}".into(), 0.0))
        .apply(Action::Format(Editor::Device));
    assert_eq!(s.inputs.device, "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
    assert_eq!(s.revision, 2);
    let s = s
        .apply(Action::Edit(
            Editor::Messages,
            "{\"a\":1}\n{\"a\":2}\n".into(),
            0.0,
        ))
        .apply(Action::Format(Editor::Messages));
    assert_eq!(
        s.inputs.messages,
        "[\n  {\n    \"a\": 1\n  },\n  {\n    \"a\": 2\n  }\n]\n"
    );
    // Formatting formatted or empty text changes nothing.
    let again = s.clone().apply(Action::Format(Editor::Messages));
    assert_eq!(again.revision, s.revision);
    let empty = state().apply(Action::Format(Editor::Fhir));
    assert_eq!(empty.revision, 0);
}

#[test]
fn failures_show_a_banner_and_keep_inputs() {
    let s = state()
        .apply(Action::Edit(Editor::Device, "x".into(), 0.0))
        .apply(Action::Failed(1, "evaluation crashed".into()));
    assert_eq!(s.banner.as_deref(), Some("evaluation crashed"));
    assert_eq!(s.inputs.device, "x");
    assert!(!s.pending);
    let s = s.apply(Action::DismissBanner);
    assert_eq!(s.banner, None);
    let s = s.apply(Action::Banner("file too large".into()));
    assert_eq!(s.banner.as_deref(), Some("file too large"));
}

#[test]
fn jumps_are_numbered_and_tabs_selected() {
    let jump = |line| Action::JumpTo {
        editor: Editor::Fhir,
        start: 3,
        end: 5,
        line,
    };
    let s = state().apply(jump(2)).apply(jump(2));
    let j = s.jump.clone().expect("jump");
    assert_eq!(
        (j.editor, j.start, j.end, j.line, j.seq),
        (Editor::Fhir, 3, 5, 2, 2)
    );
    let s = s.apply(Action::SelectTab(Tab::Trace));
    assert_eq!(s.tab, Tab::Trace);
}

#[test]
fn inputs_round_trip_through_json_with_missing_members() {
    let inputs = Inputs {
        device: "d".into(),
        fhir: "f".into(),
        messages: "m".into(),
        settings: Settings {
            envelope: "eventhub".into(),
            ..Settings::default()
        },
        example: None,
    };
    let text = serde_json::to_string(&inputs).expect("serializes");
    assert!(text.contains("\"deviceId\""));
    let back: Inputs = serde_json::from_str(&text).expect("reads");
    assert_eq!(back, inputs);
    let partial: Inputs = serde_json::from_str("{\"device\": \"x\"}").expect("reads");
    assert_eq!(partial.device, "x");
    assert_eq!(partial.settings, Settings::default());
}
