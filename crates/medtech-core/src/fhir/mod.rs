//! The FHIR destination-mapping engine (fhir-mapping.md): loading a `CollectionFhir` mapping
//! with every reference error, and turning normalized measurements into the FHIR R4
//! Observations the MedTech service would write — grouping (§2), identity resolution (§3),
//! building (§4), batches and merging (§5), and the service's error policy (§7) — plus the
//! checks across device and FHIR mappings.

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
pub mod process;
pub mod resources;
pub mod sampled_data;
pub mod sha256;
pub mod store;
pub mod trace;
pub mod values;

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
pub use process::{build_observations, BatchUnit, FhirOptions};
pub use trace::{FhirOutcome, GroupTrace, ObservationTrace, WriteOperation};
