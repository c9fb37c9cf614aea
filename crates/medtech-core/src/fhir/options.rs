//! How a run of the FHIR stage is simulated: identity mode, resources, existing Observations,
//! batches (fhir-mapping.md §3, §5).

use serde_json::Value as Json;

use crate::fhir::identity::IdentityMode;
use crate::normalize::measurement::Measurement;

/// How the run is simulated.
#[derive(Clone, Debug, PartialEq)]
pub struct FhirOptions {
    /// `ResourceIdentityServiceType` (default `Create`).
    pub identity: IdentityMode,
    /// `DefaultDeviceIdentifierSystem` (blank = none).
    pub device_identifier_system: Option<String>,
    /// Patient, Device and Encounter resources (or Bundles) on the simulated FHIR server.
    pub resources: Vec<Json>,
    /// Observations already on the server (merged into like the service does).
    pub existing: Vec<Json>,
    /// Batch size (the service writes batch by batch); `None` or 0: everything is one batch.
    pub batch_size: Option<usize>,
    /// What [`FhirOptions::batch_size`] counts: normalized measurements (the service's own
    /// unit: one event per measurement) or device messages.
    pub batch_unit: BatchUnit,
    /// The `issued` instant written into new Observations.
    pub issued: String,
    /// The most SampledData slots built for one value (this tool's bound).
    pub max_sampled_data_slots: usize,
    /// Whether [`FhirOutcome::groups`](crate::fhir::FhirOutcome::groups) is kept (default
    /// `true`); a caller that only needs the Observations and findings saves holding a trace
    /// entry per Observation for the whole run.
    pub trace: bool,
}

impl Default for FhirOptions {
    fn default() -> Self {
        FhirOptions {
            identity: IdentityMode::Create,
            device_identifier_system: None,
            resources: Vec::new(),
            existing: Vec::new(),
            batch_size: None,
            batch_unit: BatchUnit::Measurements,
            issued: "2024-01-01T00:00:00+00:00".to_string(),
            max_sampled_data_slots: 1_000_000,
            trace: true,
        }
    }
}

/// What a batch size counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BatchUnit {
    /// Normalized measurements (one event each on the service's internal event hub).
    #[default]
    Measurements,
    /// Device messages: all measurements of N consecutive messages form a batch.
    Messages,
}

/// Splits the run into batches of measurement indexes.
pub(crate) fn batches(
    measurements: &[Measurement],
    size: Option<usize>,
    unit: BatchUnit,
) -> Vec<Vec<usize>> {
    let all: Vec<usize> = (0..measurements.len()).collect();
    let Some(size) = size.filter(|s| *s > 0) else {
        return vec![all];
    };
    match unit {
        BatchUnit::Measurements => all.chunks(size).map(<[usize]>::to_vec).collect(),
        BatchUnit::Messages => {
            let mut out: Vec<Vec<usize>> = Vec::new();
            let mut messages: Vec<usize> = Vec::new();
            for (i, m) in measurements.iter().enumerate() {
                if !messages.contains(&m.message_index) {
                    if messages.len() == size {
                        messages.clear();
                    }
                    if messages.is_empty() {
                        out.push(Vec::new());
                    }
                    messages.push(m.message_index);
                }
                if let Some(batch) = out.last_mut() {
                    batch.push(i);
                }
            }
            out
        }
    }
}
