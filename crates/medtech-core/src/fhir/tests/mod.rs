//! End-to-end rules of the FHIR stage (fhir-mapping.md §2–§8): measurements in, Observations
//! and findings out.

mod build;
mod cross;
mod errors;
mod grouping;
mod identity;
mod merging;

use medtech_json::{DateTime, Str};
use serde_json::Value as Json;

use super::*;
use crate::diagnostic::Code;
use crate::normalize::measurement::{Measurement, MeasurementProperty};

/// What [`process::build_observations`] gives, the Observations as values (the tests read
/// their members; numbers as doubles).
#[derive(Debug)]
pub(super) struct Out {
    pub observations: Vec<Json>,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
    pub groups: Vec<GroupTrace>,
    pub resources_written: Vec<Json>,
}

/// [`process::build_observations`] with the Observations as values.
pub(super) fn build_observations(
    mapping: &FhirMapping,
    measurements: &[Measurement],
    options: &FhirOptions,
) -> Out {
    let out = process::build_observations(mapping, measurements, options);
    Out {
        observations: out
            .observations
            .iter()
            .map(ObservationText::to_json)
            .collect(),
        diagnostics: out.diagnostics,
        groups: out.groups,
        resources_written: out.resources_written,
    }
}

/// A date as Newtonsoft reads it (ISO with `Z` → UTC, no zone → unspecified).
pub(super) fn dt(s: &str) -> DateTime {
    medtech_json::datetime::detect_newtonsoft(s).unwrap_or_else(|| panic!("not a date: {s}"))
}

/// A measurement of `type_name` at `time` from `device` (patient optional).
pub(super) fn meas(
    type_name: &str,
    time: &str,
    device: &str,
    patient: Option<&str>,
    props: &[(&str, &str)],
) -> Measurement {
    Measurement {
        type_name: type_name.into(),
        occurrence_time: dt(time),
        ingestion_time: None,
        device_id: device.into(),
        patient_id: patient.map(Str::from),
        encounter_id: None,
        correlation_id: None,
        properties: props
            .iter()
            .map(|(n, v)| MeasurementProperty {
                name: (*n).into(),
                value: (*v).into(),
            })
            .collect(),
        message_index: 0,
        template_index: 0,
    }
}

/// Numbers the messages 0, 1, 2 … in order.
pub(super) fn numbered(mut ms: Vec<Measurement>) -> Vec<Measurement> {
    for (i, m) in ms.iter_mut().enumerate() {
        m.message_index = i;
    }
    ms
}

/// A valid mapping from CodeValueFhir bodies.
pub(super) fn mapping(bodies: &[&str]) -> FhirMapping {
    let elements: Vec<String> = bodies
        .iter()
        .map(|b| format!(r#"{{"templateType":"CodeValueFhir","template":{b}}}"#))
        .collect();
    let text = format!(
        r#"{{"templateType":"CollectionFhir","template":[{}]}}"#,
        elements.join(",")
    );
    let loaded = load_fhir_mapping(&text);
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    loaded.mapping
}

/// Lookup-mode options with one Device `id` (identifier `device`) linked to Patient `patient`.
pub(super) fn lookup(device_identifier: &str, device_id: &str, patient_id: &str) -> FhirOptions {
    FhirOptions {
        identity: IdentityMode::Lookup,
        resources: vec![serde_json::json!({
            "resourceType": "Device",
            "id": device_id,
            "identifier": [{"value": device_identifier}],
            "patient": {"reference": format!("Patient/{patient_id}")}
        })],
        ..FhirOptions::default()
    }
}

pub(super) fn codes(outcome: &Out) -> Vec<Code> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity != crate::diagnostic::Severity::Info)
        .map(|d| d.code)
        .collect()
}

pub(super) fn data(o: &Json) -> &str {
    o["valueSampledData"]["data"].as_str().unwrap_or("")
}

pub(super) const HEARTRATE: &str = r#"{"typeName":"heartrate","periodInterval":60,"codes":[{"code":"8867-4","system":"http://loinc.org","display":"Heart rate"}],"value":{"valueType":"SampledData","defaultPeriod":1000,"unit":"count/min","valueName":"hr"}}"#;
