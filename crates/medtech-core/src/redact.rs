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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_quoted_values_only() {
        assert_eq!(mask_quoted("value 'abc' at /x"), "value '***' at /x");
        assert_eq!(mask_quoted("no quotes"), "no quotes");
    }
}
