//! The FHIR destination-mapping engine (fhir-mapping.md): loading a `CollectionFhir` mapping
//! with every reference error, and turning normalized measurements into the FHIR R4
//! Observations the MedTech service would write — grouping (§2), identity resolution (§3),
//! building (§4), batches and merging (§5), and the service's error policy (§7) — plus the
//! checks across device and FHIR mappings.
//!
//! * [`load_fhir_mapping`] — the mapping with located diagnostics (`fhir/…` codes);
//! * [`build_observations`] — measurements → Observations, findings (`group/…`,
//!   `identity/…`, `observation/…`) and a per-group trace, under [`FhirOptions`] (identity
//!   mode, Patient/Device/Encounter resources, existing Observations, batch size);
//! * [`cross_check`] — the validator's device × FHIR warnings and template checks (`cross/…`).
//!
//! No I/O: resources and existing Observations are passed in as parsed JSON.
//!
//! ```
//! use medtech_core::fhir::{build_observations, load_fhir_mapping, FhirOptions};
//! use medtech_core::{Measurement, MeasurementProperty};
//! let loaded = load_fhir_mapping(r#"{"templateType": "CollectionFhir", "template": [
//!   {"templateType": "CodeValueFhir", "template": {"typeName": "heartrate", "periodInterval": 60,
//!    "codes": [{"code": "8867-4", "system": "http://loinc.org"}],
//!    "value": {"valueType": "SampledData", "defaultPeriod": 600000, "valueName": "hr"}}}]}"#);
//! assert!(loaded.valid);
//! let m = Measurement {
//!     type_name: "heartrate".into(),
//!     occurrence_time: medtech_json::datetime::detect_newtonsoft("2019-01-01T10:00:00Z").unwrap(),
//!     ingestion_time: None,
//!     device_id: "device-a".into(),
//!     patient_id: Some("patient-1".into()),
//!     encounter_id: None,
//!     correlation_id: None,
//!     properties: vec![MeasurementProperty { name: "hr".into(), value: "72".into() }],
//!     message_index: 0,
//!     template_index: 0,
//! };
//! let outcome = build_observations(&loaded.mapping, &[m], &FhirOptions::default());
//! let o = outcome.observations[0].to_json();
//! assert_eq!(o["valueSampledData"]["data"], "72 E E E E E");
//! assert_eq!(o["effectivePeriod"]["end"], "2019-01-01T10:59:59.9999999Z");
//! ```

pub mod cross_check;
pub mod decimal;
pub mod failure;
pub mod fhir_time;
pub mod group;
mod hints;
pub mod identity;
pub mod json;
pub mod load;
pub mod merge;
pub mod model;
pub mod observation;
pub mod options;
pub mod process;
pub mod resources;
pub mod sampled_data;
pub mod sha256;
pub mod store;
pub mod trace;
pub mod values;
pub mod written;

#[cfg(test)]
mod tests;

pub use cross_check::cross_check;
pub use identity::{IdentityMode, ResolvedIds};
pub use load::{
    load_fhir_mapping, load_fhir_mapping_document, reference_message, LoadedFhirMapping,
};
pub use model::{
    CategorySpec, CodeValueTemplate, Component, FhirCode, FhirMapping, FhirValue, Location,
    PeriodInterval, ValueKind, SERVICE_SYSTEM,
};
pub use options::{BatchUnit, FhirOptions};
pub use process::build_observations;
pub use trace::{FhirOutcome, GroupTrace, ObservationTrace, WriteOperation};
pub use written::ObservationText;
