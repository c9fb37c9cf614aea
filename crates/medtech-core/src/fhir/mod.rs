//! The FHIR destination-mapping engine (fhir-mapping.md): loading a `CollectionFhir` mapping
//! with every reference error, and turning normalized measurements into the FHIR R4
//! Observations the MedTech service would write — grouping (§2), identity resolution (§3),
//! building (§4), batches and merging (§5), and the service's error policy (§7) — plus the
//! checks across device and FHIR mappings.

pub mod decimal;
mod hints;
pub mod load;
pub mod model;

pub use load::{
    load_fhir_mapping, load_fhir_mapping_document, reference_message, LoadedFhirMapping,
};
pub use model::{
    CategorySpec, CodeValueTemplate, Component, FhirCode, FhirMapping, FhirValue, Location,
    PeriodInterval, ValueKind, SERVICE_SYSTEM,
};
