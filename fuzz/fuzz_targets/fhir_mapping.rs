//! Loading a FHIR destination mapping (CollectionFhir) from any text and checking it against
//! an empty device mapping: diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtech_core::fhir::load_fhir_mapping;
use medtech_core::{load_device_mapping, FhirStage};

fuzz_target!(|bytes: &[u8]| {
    let text = medtech_json::read::decode_utf8(bytes);
    let loaded = load_fhir_mapping(&text);
    for d in &loaded.diagnostics {
        if let Some(span) = d.span {
            assert!(span.end as usize <= text.len(), "{d:?}");
        }
    }
    let device = load_device_mapping(r#"{"templateType": "CollectionContent", "template": []}"#);
    let _ = FhirStage::new(&text, &device.mapping);
});
