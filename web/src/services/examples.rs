//! The example sets, shipped as static files next to the app (`examples/<name>/…`, copied from
//! the repository's `examples/` folder) and fetched from the app's own origin with gloo-net.

use crate::state::{Inputs, Settings};
use gloo::net::http::Request;
use medtech_core::settings::EnvelopeSettings;
use serde_json::Value as Json;
use std::cell::RefCell;
use std::collections::HashMap;

/// The examples, in gallery order (the folder names under `examples/`).
pub const EXAMPLES: [&str; 6] = [
    "heart-rate",
    "iothub-blood-pressure",
    "iot-central",
    "calculated-functions",
    "blood-pressure-components",
    "hourly-steps",
];

/// The example loaded when there is no saved work.
pub const DEFAULT_EXAMPLE: &str = "heart-rate";

/// An example's manifest (`example.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// Folder name.
    pub name: String,
    /// Title.
    pub title: String,
    /// What it shows.
    pub description: String,
    /// Message file names.
    pub messages: Vec<String>,
    /// Envelope settings.
    pub settings: Settings,
}

/// Reads a manifest.
pub fn manifest(name: &str, json: &Json) -> Manifest {
    let text = |key: &str| {
        json.get(key)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let envelope = EnvelopeSettings::from_manifest(json);
    Manifest {
        name: name.to_string(),
        title: text("title"),
        description: text("description"),
        messages: json
            .get("messages")
            .and_then(Json::as_array)
            .map(|m| {
                m.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        settings: Settings {
            envelope: envelope.kind,
            device_id: envelope.device_id,
            enqueued_time: envelope.enqueued_time,
            creation_time: envelope.creation_time,
            identity: String::new(),
        },
    }
}

/// Several message files as one editor text: the single text, or a JSON array of them.
pub fn join_messages(texts: &[String]) -> String {
    match texts {
        [one] => one.clone(),
        many => {
            let items: Vec<String> = many
                .iter()
                .map(|t| {
                    let body = t.trim_end().replace('\n', "\n  ");
                    format!("  {body}")
                })
                .collect();
            format!("[\n{}\n]\n", items.join(",\n"))
        }
    }
}

thread_local! {
    /// Example files already fetched, so the gallery keeps working offline after load.
    static CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

async fn text(url: &str) -> Result<String, String> {
    if let Some(hit) = CACHE.with(|c| c.borrow().get(url).cloned()) {
        return Ok(hit);
    }
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    CACHE.with(|c| c.borrow_mut().insert(url.to_string(), body.clone()));
    Ok(body)
}

/// Fetches every example's files into the cache (after start-up), so the gallery works
/// with the network cut.
pub async fn prefetch_all() {
    let mut complete = true;
    for name in EXAMPLES {
        complete &= fetch_inputs(name).await.is_ok();
    }
    if complete {
        // Lets tests (and the curious) see that the gallery now works offline.
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("data-examples-cached", "true");
        }
    }
}

/// Fetches an example's manifest.
pub async fn fetch_manifest(name: &str) -> Result<Manifest, String> {
    let raw = text(&format!("examples/{name}/example.json")).await?;
    let json: Json = serde_json::from_str(&raw).map_err(|e| format!("{name}: {e}"))?;
    Ok(manifest(name, &json))
}

/// Fetches an example set as editor inputs.
pub async fn fetch_inputs(name: &str) -> Result<Inputs, String> {
    let manifest = fetch_manifest(name).await?;
    let device = text(&format!("examples/{name}/device.json")).await?;
    let fhir = text(&format!("examples/{name}/fhir.json")).await?;
    let mut messages = Vec::new();
    for file in &manifest.messages {
        messages.push(text(&format!("examples/{name}/{file}")).await?);
    }
    Ok(Inputs {
        device,
        fhir,
        messages: join_messages(&messages),
        settings: manifest.settings,
        example: Some(name.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_folder_is_in_the_gallery() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        let mut folders: Vec<String> = std::fs::read_dir(root)
            .expect("examples folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("example.json").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        let mut listed: Vec<String> = EXAMPLES.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(folders, listed);
        assert!(EXAMPLES.contains(&DEFAULT_EXAMPLE));
    }

    #[test]
    fn manifests_give_titles_messages_and_settings() {
        let json = serde_json::json!({
            "title": "T", "description": "D", "envelope": "iothub", "deviceId": "d",
            "messages": ["message-1.json", "message-2.json"]
        });
        let m = manifest("x", &json);
        assert_eq!(m.title, "T");
        assert_eq!(m.messages.len(), 2);
        assert_eq!(m.settings.envelope, "iothub");
        assert_eq!(m.settings.device_id, "d");
    }

    #[test]
    fn several_messages_become_a_json_array_batch() {
        let joined = join_messages(&["{\n  \"a\": 1\n}\n".into(), "{\"a\": 2}".into()]);
        assert_eq!(joined, "[\n  {\n    \"a\": 1\n  },\n  {\"a\": 2}\n]\n");
        let (shape, slices) = medtech_core::batch::split_messages(&joined);
        assert_eq!(shape, medtech_core::batch::BatchShape::Array);
        assert_eq!(slices.len(), 2);
        assert_eq!(join_messages(&["{}".into()]), "{}");
    }
}
