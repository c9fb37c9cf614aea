//! What the FHIR stage did, for reports and the UI: the Observations written, the findings,
//! and per measurement group which template, ids and Observations it led to.

use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::fhir::identity::ResolvedIds;
use crate::fhir::written::ObservationText;

/// How an Observation was saved (the service's `ResourceOperation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOperation {
    /// A new Observation was PUT.
    Created,
    /// An existing one was merged and PUT with status `amended`.
    Updated,
    /// The merge changed nothing: no request.
    NoOperation,
}

impl WriteOperation {
    /// `Created`, `Updated` or `NoOperation`.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteOperation::Created => "Created",
            WriteOperation::Updated => "Updated",
            WriteOperation::NoOperation => "NoOperation",
        }
    }
}

/// One observation group of a measurement group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObservationTrace {
    /// Window start (round-trip format).
    pub start: String,
    /// Window end.
    pub end: String,
    /// The identifier value (empty when the group failed before it was computed).
    pub identifier: String,
    /// The Observation id.
    pub id: String,
    /// What was done (`None` when it failed).
    pub operation: Option<WriteOperation>,
    /// Index into [`FhirOutcome::observations`] of the Observation written.
    pub observation: Option<usize>,
    /// The measurements (indexes into the run's slice) in the group.
    pub measurements: Vec<usize>,
}

/// One measurement group of one batch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupTrace {
    /// Batch number (0-based).
    pub batch: usize,
    /// The grouping key.
    pub key: String,
    /// `MeasureType` and the ids of the group's first measurement.
    pub measure_type: String,
    /// Device id.
    pub device_id: String,
    /// Patient id.
    pub patient_id: Option<String>,
    /// Encounter id.
    pub encounter_id: Option<String>,
    /// Correlation id.
    pub correlation_id: Option<String>,
    /// Surviving measurements (indexes into the run's slice).
    pub measurements: Vec<usize>,
    /// Measurements dropped by the de-duplication on occurrence time.
    pub dropped: Vec<usize>,
    /// Index (in the mapping's `template` array) of the FHIR template used.
    pub template: Option<usize>,
    /// The resolved ids.
    pub ids: Option<ResolvedIds>,
    /// True when the ids came from the per-device cache.
    pub ids_cached: bool,
    /// The observation groups.
    pub observations: Vec<ObservationTrace>,
    /// Index into [`FhirOutcome::diagnostics`] of the failure that stopped the group.
    pub error: Option<usize>,
    /// True when the group was not processed because its device's batch had already failed
    /// (or the service would hang before reaching it).
    pub skipped: bool,
}

/// The result of the FHIR stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FhirOutcome {
    /// The Observations as last written, in order of first write (`issued` is the run's).
    pub observations: Vec<ObservationText>,
    /// Findings, in the order met.
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per measurement group per batch.
    pub groups: Vec<GroupTrace>,
    /// Patient and Device resources Create mode would write (PUT), in order.
    pub resources_written: Vec<Json>,
}
