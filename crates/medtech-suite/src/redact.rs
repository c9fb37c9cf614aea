//! Masking values that came from device messages in test output (`--redact`): CI logs are
//! widely readable and device messages may hold patient data. Structure, names, codes, units
//! and times stay; ids, property values and Observation values become `***`.

use serde_json::Value as Json;

/// What a masked value is replaced with.
pub const MASK: &str = medtech_core::redact::MASK;

/// A copy of `value` with message-derived scalars masked
/// ([`medtech_core::redact::mask_values`]).
pub fn mask(value: &Json) -> Json {
    medtech_core::redact::mask_values(value)
}

/// Masks the quoted parts of a text (the convention of the core's messages).
pub fn mask_text(text: &str) -> String {
    medtech_core::redact::mask_quoted(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_values_keeps_names_and_times() {
        let m = json!({"Type": "hr", "DeviceId": "d-1", "OccurrenceTimeUtc": "2024-01-01T00:00:00Z", "Properties": [{"Name": "hr", "Value": "78"}]});
        assert_eq!(
            mask(&m),
            json!({"Type": "hr", "DeviceId": "***", "OccurrenceTimeUtc": "2024-01-01T00:00:00Z", "Properties": [{"Name": "hr", "Value": "***"}]})
        );
        let o = json!({"valueQuantity": {"value": 78, "unit": "count/min"}, "subject": {"reference": "Patient/x"}});
        assert_eq!(
            mask(&o),
            json!({"valueQuantity": {"value": "***", "unit": "count/min"}, "subject": {"reference": "***"}})
        );
    }
}
