//! Masking message values: device messages carry patient data, and CI logs are widely
//! readable. With redaction on, every value that came from a message is replaced by [`MASK`]
//! in the report; structure, names, codes and locations stay.

/// What a redacted value is replaced with.
pub const MASK: &str = "***";

/// Masks quoted parts of a message text (`'…'`): the reference's messages quote values only in
/// a few places, and hints quote the message's member names and values this way.
pub fn mask_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if c == '\'' {
            if inside {
                out.push_str(MASK);
            }
            inside = !inside;
            out.push(c);
        } else if !inside {
            out.push(c);
        }
    }
    if inside {
        out.push_str(MASK);
    }
    out
}

/// A text of finding `d` (its message, help or a cause) as the report shows it: with `redact`,
/// the quoted values of a finding about a message are masked ([`mask_quoted`]); other texts
/// are borrowed as they are.
pub fn finding_text<'t>(
    d: &crate::Diagnostic,
    redact: bool,
    text: &'t str,
) -> std::borrow::Cow<'t, str> {
    if redact && (d.source == crate::Source::Message || d.message_index.is_some()) {
        mask_quoted(text).into()
    } else {
        text.into()
    }
}

/// Masks the ids and property values of a measurement's JSON (names and times stay).
pub fn mask_measurement(json: &mut serde_json::Value) {
    for key in ["DeviceId", "PatientId", "EncounterId", "CorrelationId"] {
        if let Some(v) = json.get_mut(key) {
            if !v.is_null() {
                *v = serde_json::Value::String(MASK.into());
            }
        }
    }
    if let Some(serde_json::Value::Array(props)) = json.get_mut("Properties") {
        for p in props {
            if let Some(v) = p.get_mut("Value") {
                *v = serde_json::Value::String(MASK.into());
            }
        }
    }
}

/// Members whose values come from the mappings or are times, not from message values.
const KEEP: [&str; 17] = [
    "Type",
    "Name",
    "OccurrenceTimeUtc",
    "IngestionTimeUtc",
    "resourceType",
    "status",
    "system",
    "code",
    "display",
    "unit",
    "text",
    "start",
    "end",
    "effectiveDateTime",
    "issued",
    "period",
    "dimensions",
];

/// A copy of a measurement's or an Observation's JSON with the scalars that came from messages
/// masked: ids, references, identifiers, property and Observation values become [`MASK`];
/// structure, names, codes, units and times stay.
pub fn mask_values(value: &serde_json::Value) -> serde_json::Value {
    mask_at(value, None, 0)
}

fn mask_at(value: &serde_json::Value, key: Option<&str>, depth: usize) -> serde_json::Value {
    use serde_json::Value as Json;
    if depth > 256 {
        return Json::String(MASK.into());
    }
    match value {
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), mask_at(v, Some(k), depth + 1)))
                .collect(),
        ),
        Json::Array(items) => {
            Json::Array(items.iter().map(|v| mask_at(v, key, depth + 1)).collect())
        }
        Json::Null => Json::Null,
        _ if key.is_some_and(|k| KEEP.contains(&k)) => value.clone(),
        _ => Json::String(MASK.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_quoted_values_only() {
        assert_eq!(mask_quoted("value 'abc' at /x"), "value '***' at /x");
        assert_eq!(mask_quoted("no quotes"), "no quotes");
    }
}
