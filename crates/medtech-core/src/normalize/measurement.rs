//! The normalized measurement and its serialization (device-mapping.md §8.1).

use medtech_json::DateTime;
use serde_json::{json, Map, Value as Json};
use std::sync::Arc;

/// One `{Name, Value}` property of a measurement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasurementProperty {
    /// The template's `valueName`.
    pub name: Arc<str>,
    /// The extracted value as text (device-mapping.md §5.4).
    pub value: String,
}

/// A normalized measurement, as the service produces it.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// `typeName` of the template that produced it.
    pub type_name: Arc<str>,
    /// The extracted timestamp, with the kind the source had.
    pub occurrence_time: DateTime,
    /// The event's enqueued time (none in the validator / raw mode).
    pub ingestion_time: Option<DateTime>,
    /// Device id.
    pub device_id: String,
    /// Patient id, if extracted.
    pub patient_id: Option<String>,
    /// Encounter id, if extracted.
    pub encounter_id: Option<String>,
    /// Correlation id, if the template defines one.
    pub correlation_id: Option<String>,
    /// Properties in template value order (duplicates kept).
    pub properties: Vec<MeasurementProperty>,
    /// Which message produced it (0-based, input order).
    pub message_index: usize,
    /// Which template (index in the mapping's `template` array) produced it.
    pub template_index: usize,
}

impl Measurement {
    /// The service's JSON for this measurement: PascalCase members in model order, nulls
    /// included, dates in Newtonsoft's ISO form.
    pub fn to_json(&self) -> Json {
        let mut map = Map::new();
        map.insert("Type".into(), json!(self.type_name));
        map.insert(
            "OccurrenceTimeUtc".into(),
            json!(self.occurrence_time.to_newtonsoft_iso()),
        );
        map.insert(
            "IngestionTimeUtc".into(),
            self.ingestion_time
                .map(|t| json!(t.to_newtonsoft_iso()))
                .unwrap_or(Json::Null),
        );
        map.insert("DeviceId".into(), json!(self.device_id));
        map.insert("PatientId".into(), json!(self.patient_id));
        map.insert("EncounterId".into(), json!(self.encounter_id));
        map.insert("CorrelationId".into(), json!(self.correlation_id));
        map.insert(
            "Properties".into(),
            Json::Array(
                self.properties
                    .iter()
                    .map(|p| json!({"Name": p.name, "Value": p.value}))
                    .collect(),
            ),
        );
        Json::Object(map)
    }
}
