//! The normalized measurement and its serialization (device-mapping.md §8.1).

use crate::pretty::JsonWriter;
use crate::redact::MASK;
use medtech_json::{DateTime, Str};
use serde_json::{json, Map, Value as Json};
use std::sync::Arc;

/// One `{Name, Value}` property of a measurement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasurementProperty {
    /// The template's `valueName`.
    pub name: Arc<str>,
    /// The extracted value as text (device-mapping.md §5.4); short texts are kept inline.
    pub value: Str,
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
    /// Device id. (The ids and values are [`Str`]s: a text of up to 24 bytes, as ids and
    /// values mostly are, is kept inline instead of in an allocation of its own.)
    pub device_id: Str,
    /// Patient id, if extracted.
    pub patient_id: Option<Str>,
    /// Encounter id, if extracted.
    pub encounter_id: Option<Str>,
    /// Correlation id, if the template defines one.
    pub correlation_id: Option<Str>,
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
        map.insert("DeviceId".into(), json!(self.device_id.as_str()));
        map.insert("PatientId".into(), json!(self.patient_id.as_deref()));
        map.insert("EncounterId".into(), json!(self.encounter_id.as_deref()));
        map.insert(
            "CorrelationId".into(),
            json!(self.correlation_id.as_deref()),
        );
        map.insert(
            "Properties".into(),
            Json::Array(
                self.properties
                    .iter()
                    .map(|p| json!({"Name": p.name, "Value": p.value.as_str()}))
                    .collect(),
            ),
        );
        Json::Object(map)
    }

    /// Writes [`Measurement::to_json`]'s value to `w` without building it; with `redact`, as
    /// [`crate::redact::mask_measurement`] masks it (ids and property values).
    pub fn write_json(&self, w: &mut JsonWriter<'_>, redact: bool) {
        fn masked(text: &str, redact: bool) -> &str {
            if redact {
                MASK
            } else {
                text
            }
        }
        w.begin_object();
        w.name("Type").string(&self.type_name);
        w.name("OccurrenceTimeUtc").date(&self.occurrence_time);
        w.name("IngestionTimeUtc");
        match &self.ingestion_time {
            Some(time) => w.date(time),
            None => w.null(),
        };
        w.name("DeviceId").string(masked(&self.device_id, redact));
        w.name("PatientId")
            .string_or_null(self.patient_id.as_deref().map(|t| masked(t, redact)));
        w.name("EncounterId")
            .string_or_null(self.encounter_id.as_deref().map(|t| masked(t, redact)));
        w.name("CorrelationId")
            .string_or_null(self.correlation_id.as_deref().map(|t| masked(t, redact)));
        w.name("Properties").begin_array();
        for p in &self.properties {
            w.begin_object();
            w.name("Name").string(&p.name);
            w.name("Value").string(masked(&p.value, redact));
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_json::DateKind;

    fn samples() -> Vec<Measurement> {
        let time = |ticks, kind| DateTime { ticks, kind };
        let base = Measurement {
            type_name: "heartrate".into(),
            occurrence_time: time(638_000_000_000_000_000, DateKind::Utc),
            ingestion_time: None,
            device_id: "device-1".into(),
            patient_id: None,
            encounter_id: None,
            correlation_id: None,
            properties: Vec::new(),
            message_index: 0,
            template_index: 0,
        };
        vec![
            base.clone(),
            Measurement {
                type_name: "blood \"pressure\"\n".into(),
                occurrence_time: time(638_000_000_123_456_700, DateKind::Unspecified),
                ingestion_time: Some(time(638_000_000_000_000_000, DateKind::Utc)),
                device_id: Str::default(),
                patient_id: Some("p\\1\u{1}é".into()),
                encounter_id: Some("e".into()),
                correlation_id: Some("\u{2028}".into()),
                properties: vec![
                    MeasurementProperty {
                        name: "systolic".into(),
                        value: "120".into(),
                    },
                    MeasurementProperty {
                        name: "systolic".into(),
                        value: "\t".into(),
                    },
                ],
                ..base
            },
        ]
    }

    #[test]
    fn written_json_is_the_pretty_and_compact_text_of_to_json() {
        for m in samples() {
            for redact in [false, true] {
                let mut json = m.to_json();
                if redact {
                    crate::redact::mask_measurement(&mut json);
                }
                let mut out = Vec::new();
                m.write_json(&mut JsonWriter::pretty(&mut out, 2), redact);
                let expected = serde_json::to_string_pretty(&json)
                    .unwrap()
                    .replace('\n', "\n    ");
                assert_eq!(String::from_utf8(out).unwrap(), expected);
                let mut out = Vec::new();
                m.write_json(&mut JsonWriter::compact(&mut out), redact);
                assert_eq!(String::from_utf8(out).unwrap(), json.to_string());
            }
        }
    }
}
