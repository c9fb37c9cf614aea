//! Envelope mode (raw / Event Hub / IoT Hub, with device id and times for the envelope) and
//! identity mode selectors.

use crate::context::{use_app, AppHandle};
use crate::state::SettingKey;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn on_change<E: AsRef<Event> + 'static>(app: &AppHandle, key: SettingKey) -> Callback<E> {
    let app = app.clone();
    Callback::from(move |e: E| {
        let e: &Event = e.as_ref();
        let target = e.target();
        let value = target
            .clone()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .or_else(|| {
                target
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                    .map(|i| i.value())
            });
        if let Some(value) = value {
            app.set(key, value);
        }
    })
}

fn text_field(
    app: &AppHandle,
    id: &'static str,
    label: &'static str,
    key: SettingKey,
    value: &str,
    placeholder: &'static str,
) -> Html {
    html! {
        <label class="field" for={id}>
            <span>{ label }</span>
            <input id={id} type="text" value={value.to_string()} {placeholder} spellcheck="false"
                oninput={on_change::<InputEvent>(app, key)} />
        </label>
    }
}

/// The settings component.
#[component(Settings)]
pub fn settings() -> Html {
    let app = use_app();
    let s = app.state.inputs.settings.clone();
    let envelope = if s.envelope.is_empty() {
        "raw".to_string()
    } else {
        s.envelope.clone()
    };
    let identity = if s.identity.is_empty() {
        "create".to_string()
    } else {
        s.identity.clone()
    };
    html! {
        <div class="settings" role="group" aria-label="Run settings">
            <label class="field" for="envelope">
                <span>{ "Envelope" }</span>
                <select id="envelope" aria-describedby="envelope-hint" onchange={on_change::<Event>(&app, SettingKey::Envelope)}>
                    <option value="raw" selected={envelope == "raw"}>{ "Raw message" }</option>
                    <option value="eventhub" selected={envelope == "eventhub"}>{ "Event Hub" }</option>
                    <option value="iothub" selected={envelope == "iothub"}>{ "IoT Hub" }</option>
                </select>
            </label>
            if envelope == "iothub" {
                { text_field(&app, "device-id", "Device id", SettingKey::DeviceId, &s.device_id, "device-1") }
                { text_field(&app, "creation-time", "Creation time", SettingKey::CreationTime, &s.creation_time, "enqueued time, or none") }
            }
            if envelope != "raw" {
                { text_field(&app, "enqueued-time", "Enqueued time", SettingKey::EnqueuedTime, &s.enqueued_time, "2024-01-01T00:00:00Z") }
            }
            <span class="hint" id="envelope-hint">{ match envelope.as_str() {
                "eventhub" => "Templates see {Body, Properties, SystemProperties} with Event Hub properties.",
                "iothub" => "Templates see {Body, Properties, SystemProperties} as IoT Hub routes it.",
                _ => "Templates see the message itself, as in the portal's debugger.",
            } }</span>
            <label class="field" for="identity">
                <span>{ "Identity" }</span>
                <select id="identity" onchange={on_change::<Event>(&app, SettingKey::Identity)}>
                    <option value="create" selected={identity == "create"}>{ "Create" }</option>
                    <option value="lookup" selected={identity == "lookup"}>{ "Lookup" }</option>
                </select>
            </label>
        </div>
    }
}
