//! Unit tests of the loader (device-mapping.md §3, §4), one per rule, on inline texts.

mod calculated;
mod collection;
mod template;

use super::*;

fn load(text: &str) -> LoadedDeviceMapping {
    load_device_mapping(text)
}

/// Errors as (message, reference line info).
fn errors(loaded: &LoadedDeviceMapping) -> Vec<(String, Option<(u32, u32)>)> {
    loaded
        .errors()
        .map(|d| (d.message.clone(), d.reference_position))
        .collect()
}

fn messages(loaded: &LoadedDeviceMapping) -> Vec<String> {
    loaded.errors().map(|d| d.message.clone()).collect()
}

fn codes(loaded: &LoadedDeviceMapping) -> Vec<Code> {
    loaded.errors().map(|d| d.code).collect()
}

/// A collection around one inner container.
fn one(kind: &str, template: &str) -> String {
    format!(
        "{{\"templateType\": \"CollectionContent\", \"template\": [{{\"templateType\": \"{kind}\", \"template\": {template}}}]}}"
    )
}

const JSONPATH_OK: &str = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "hr", "valueExpression": "$.hr", "required": true}]}"#;
const CALC_OK: &str = r#"{"typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.d", "timestampExpression": "$.t", "values": [{"valueName": "hr", "valueExpression": "$.hr", "required": true}]}"#;
