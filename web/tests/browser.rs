//! Component tests in a real browser (wasm-bindgen-test in headless Chromium through
//! chromedriver): `cargo test -p medtech-web --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use medtech_core::fhir::written::ObservationText;
use medtech_web::components::observation_card::ObservationCard;
use medtech_web::state::{Inputs, Settings};
use medtech_web::{App, AppProps};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = include_str!("../../examples/heart-rate/device.json");
const FHIR: &str = include_str!("../../examples/heart-rate/fhir.json");
const MESSAGE: &str = include_str!("../../examples/heart-rate/message-1.json");

/// Waits `ms`, then until Yew's scheduler has run all it has queued: past 16 ms of work it
/// yields to the browser between a render and its effects, and a test that woke there would
/// see the results without the marks an effect sets.
async fn idle(ms: u64) {
    gloo::timers::future::sleep(Duration::from_millis(ms)).await;
    yew::scheduler::flush().await;
}

fn root() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    root
}

fn mount(inputs: Inputs) -> Element {
    let root = root();
    let props = yew::props!(AppProps {
        use_worker: false,
        persist: false,
        initial: Some(Rc::new(inputs)),
    });
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    root
}

fn example() -> Inputs {
    Inputs {
        device: DEVICE.into(),
        fhir: FHIR.into(),
        messages: MESSAGE.into(),
        settings: Settings::default(),
        example: Some("heart-rate".into()),
    }
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Waits (up to 3 s) until the summary is no longer pending.
async fn settled(root: &Element) {
    for _ in 0..60 {
        idle(50).await;
        if let Ok(Some(s)) = root.query_selector("#summary") {
            if !s
                .get_attribute("class")
                .unwrap_or_default()
                .contains("pending")
                && !text(root, "#summary").contains("Evaluating")
            {
                return;
            }
        }
    }
}

fn type_into(root: &Element, id: &str, value: &str) {
    let area: HtmlTextAreaElement = root
        .query_selector(&format!("#{id}"))
        .expect("query")
        .expect("textarea")
        .unchecked_into();
    area.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    area.dispatch_event(&event).expect("dispatch");
}

fn click(root: &Element, selector: &str) {
    let element: HtmlElement = root
        .query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into();
    element.click();
}

#[wasm_bindgen_test]
async fn the_example_renders_editors_and_a_green_summary() {
    let root = mount(example());
    settled(&root).await;
    let device: HtmlTextAreaElement = root
        .query_selector("#device-input")
        .expect("query")
        .expect("device editor")
        .unchecked_into();
    assert_eq!(device.value(), DEVICE);
    assert!(
        text(&root, "#summary").contains("No errors"),
        "{}",
        text(&root, "#summary")
    );
    assert!(text(&root, "#tab-measurements").contains("(1)"));
    // Highlighting: member names are coloured.
    assert!(root
        .query_selector("#device-editor .highlight .t-k")
        .expect("q")
        .is_some());
    // The matched token (the whole message) is marked in the messages editor.
    assert!(root
        .query_selector("#messages-editor .m-match")
        .expect("q")
        .is_some());
}

#[wasm_bindgen_test]
async fn a_syntax_error_gets_a_gutter_marker_on_its_line() {
    let root = mount(example());
    settled(&root).await;
    type_into(
        &root,
        "messages-input",
        "{\n  \"heartRate\": 1,\n  \"deviceId\": device123,\n  \"x\": 2\n}",
    );
    idle(20).await;
    settled(&root).await;
    let marks = root
        .query_selector_all("#messages-gutter .mark")
        .expect("marks");
    assert_eq!(marks.length(), 1);
    let mark = marks.get(0).expect("mark");
    assert_eq!(mark.text_content().as_deref(), Some("3"));
    let title = mark
        .unchecked_ref::<Element>()
        .get_attribute("title")
        .unwrap_or_default();
    assert!(title.contains("error"), "{title}");
    assert!(text(&root, "#summary").contains("error"));
}

#[wasm_bindgen_test]
async fn format_reindents_the_editor() {
    let root = mount(example());
    settled(&root).await;
    type_into(
        &root,
        "fhir-input",
        "{\"templateType\":\"CollectionFhir\",\"template\":[]}",
    );
    idle(20).await;
    click(&root, "#fhir-format");
    idle(50).await;
    let fhir: HtmlTextAreaElement = root
        .query_selector("#fhir-input")
        .expect("q")
        .expect("fhir editor")
        .unchecked_into();
    assert_eq!(
        fhir.value(),
        "{\n  \"templateType\": \"CollectionFhir\",\n  \"template\": []\n}\n"
    );
}

#[wasm_bindgen_test]
async fn a_diagnostic_click_moves_the_caret_to_its_line() {
    let mut inputs = example();
    inputs.device = DEVICE.replace("$..[?(@heartRate)]", "$..[?(@heartRate");
    let line = inputs
        .device
        .lines()
        .position(|l| l.contains("typeMatchExpression"))
        .expect("line")
        + 1;
    let root = mount(inputs);
    settled(&root).await;
    click(&root, "#tab-diagnostics");
    idle(50).await;
    click(&root, ".finding.sev-error button.link");
    idle(50).await;
    let area: HtmlTextAreaElement = root
        .query_selector("#device-input")
        .expect("q")
        .expect("device editor")
        .unchecked_into();
    let caret = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let value = area.value();
    let before: String = value
        .encode_utf16()
        .take(caret)
        .map(|u| u as u8 as char)
        .collect();
    assert_eq!(before.matches('\n').count() + 1, line);
}

#[wasm_bindgen_test]
async fn an_observation_card_draws_sampled_data_and_components() {
    let observation = serde_json::json!({
        "resourceType": "Observation", "status": "final",
        "code": {"text": "steps", "coding": [{"system": "http://loinc.org", "code": "55423-8"}]},
        "effectivePeriod": {"start": "2024-01-01T10:00:00.0000000Z", "end": "2024-01-01T10:59:59.9999999Z"},
        "valueSampledData": {"origin": {"value": 0, "unit": "count"}, "period": 60000, "dimensions": 1,
                             "data": "E 12 15 E E 40"},
        "component": [{"code": {"text": "systolic"}, "valueQuantity": {"value": 120, "unit": "mmHg"}}],
        "subject": {"reference": "Patient/p"}, "device": {"reference": "Device/d"}
    });
    let root = root();
    let props = yew::props!(medtech_web::components::observation_card::CardProps {
        observation: Rc::new(ObservationText::write(&observation)),
        index: 0usize,
    });
    yew::Renderer::<ObservationCard>::with_root_and_props(root.clone(), props).render();
    idle(30).await;
    assert_eq!(text(&root, "h3"), "steps");
    assert!(root.query_selector("svg polyline").expect("q").is_some());
    assert!(root.query_selector("svg circle").expect("q").is_some());
    let caption = text(&root, "figcaption");
    assert!(caption.contains("3 of 6 slots"), "{caption}");
    assert!(text(&root, ".components").contains("120 mmHg"));
    assert!(text(&root, "dl").contains("Patient/p"));
}

#[wasm_bindgen_test]
async fn the_panic_banner_shows_outside_the_app() {
    let document = gloo::utils::document();
    let banner = document.create_element("div").expect("div");
    banner.set_id("fatal");
    banner.set_attribute("hidden", "").expect("hidden");
    let message = document.create_element("span").expect("span");
    message.set_id("fatal-message");
    banner.append_child(&message).expect("append");
    document
        .body()
        .expect("body")
        .append_child(&banner)
        .expect("append");
    medtech_web::services::panic::show("index out of bounds");
    assert!(!banner.has_attribute("hidden"));
    assert_eq!(
        message.text_content().as_deref(),
        Some("index out of bounds")
    );
}
