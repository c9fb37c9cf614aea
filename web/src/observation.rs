//! A readable card of a FHIR R4 Observation (JSON as the core writes it, fhir-mapping.md §4):
//! code, value (Quantity, String, CodeableConcept, SampledData), effective period or time,
//! components, subject, device and identifier. SampledData keeps its slots as numbers (gaps
//! `E` as `None`) so it can be drawn instead of shown as `E E 56 E`.

use medtech_core::fhir::ObservationText;
use serde_json::Value as Json;

/// A SampledData value with its slots decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampled {
    /// `origin.unit`.
    pub unit: Option<String>,
    /// `period` in milliseconds.
    pub period_ms: f64,
    /// Slot values (`origin + factor × x`); `None` for `E`, `L`, `U` and unreadable tokens.
    pub values: Vec<Option<f64>>,
    /// The `data` text.
    pub raw: String,
}

impl Sampled {
    /// Slots that hold a value.
    pub fn filled(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }
}

/// An Observation value.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueView {
    /// `valueQuantity` as `value unit`.
    Quantity(String),
    /// `valueString`.
    Text(String),
    /// `valueCodeableConcept` as text and codes.
    Concept(String),
    /// `valueSampledData`.
    Sampled(Sampled),
    /// `valueBoolean`, `valueInteger`, … as JSON text.
    Other(String),
}

/// What a card shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// `code.text`, else the first coding's display or code.
    pub title: String,
    /// `status`.
    pub status: String,
    /// Each coding as `code (display) · system`.
    pub codes: Vec<String>,
    /// Category texts or codes.
    pub categories: Vec<String>,
    /// The value, if any.
    pub value: Option<ValueView>,
    /// `effectivePeriod` as `start → end`, or `effectiveDateTime`.
    pub effective: Option<String>,
    /// Components: (title, value).
    pub components: Vec<(String, Option<ValueView>)>,
    /// `subject.reference`.
    pub subject: Option<String>,
    /// `device.reference`.
    pub device: Option<String>,
    /// `encounter.reference`.
    pub encounter: Option<String>,
    /// The first identifier's value.
    pub identifier: Option<String>,
}

fn text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn coding_text(coding: &Json) -> String {
    let code = coding.get("code").and_then(text).unwrap_or_default();
    let mut out = code;
    if let Some(display) = coding.get("display").and_then(text) {
        if display != out {
            out = format!("{out} ({display})");
        }
    }
    if let Some(system) = coding.get("system").and_then(text) {
        out = format!("{out} · {system}");
    }
    out
}

fn concept_title(concept: &Json) -> String {
    if let Some(t) = concept.get("text").and_then(text) {
        return t;
    }
    let first = concept.get("coding").and_then(|c| c.get(0));
    first
        .and_then(|c| c.get("display").or_else(|| c.get("code")))
        .and_then(text)
        .unwrap_or_else(|| "(no code)".into())
}

fn codings(concept: &Json) -> Vec<String> {
    concept
        .get("coding")
        .and_then(Json::as_array)
        .map(|c| c.iter().map(coding_text).collect())
        .unwrap_or_default()
}

/// Decodes a SampledData element.
pub fn sampled(data: &Json) -> Sampled {
    let origin = data.get("origin");
    let base = origin
        .and_then(|o| o.get("value"))
        .and_then(number)
        .unwrap_or(0.0);
    let factor = data.get("factor").and_then(number).unwrap_or(1.0);
    let raw = data.get("data").and_then(text).unwrap_or_default();
    let values = raw
        .split_whitespace()
        .map(|token| token.parse::<f64>().ok().map(|x| base + factor * x))
        .collect();
    Sampled {
        unit: origin.and_then(|o| o.get("unit")).and_then(text),
        period_ms: data.get("period").and_then(number).unwrap_or(0.0),
        values,
        raw,
    }
}

/// The value[x] of an Observation or component.
pub fn value_of(element: &Json) -> Option<ValueView> {
    let object = element.as_object()?;
    if let Some(q) = object.get("valueQuantity") {
        let value = q.get("value").and_then(text).unwrap_or_default();
        let unit = q.get("unit").or_else(|| q.get("code")).and_then(text);
        return Some(ValueView::Quantity(match unit {
            Some(unit) => format!("{value} {unit}"),
            None => value,
        }));
    }
    if let Some(s) = object.get("valueString") {
        return Some(ValueView::Text(text(s).unwrap_or_default()));
    }
    if let Some(c) = object.get("valueCodeableConcept") {
        let mut shown = concept_title(c);
        let codes = codings(c);
        if !codes.is_empty() {
            shown = format!("{shown} [{}]", codes.join("; "));
        }
        return Some(ValueView::Concept(shown));
    }
    if let Some(d) = object.get("valueSampledData") {
        return Some(ValueView::Sampled(sampled(d)));
    }
    object
        .iter()
        .find(|(k, _)| k.starts_with("value"))
        .map(|(_, v)| ValueView::Other(v.to_string()))
}

/// The card of an Observation.
pub fn card(observation: &Json) -> Card {
    let code = observation.get("code").cloned().unwrap_or(Json::Null);
    let reference = |key: &str| {
        observation
            .get(key)
            .and_then(|r| r.get("reference"))
            .and_then(text)
    };
    let effective = match (
        observation.get("effectivePeriod"),
        observation.get("effectiveDateTime").and_then(text),
    ) {
        (Some(p), _) => {
            let start = p.get("start").and_then(text).unwrap_or_default();
            let end = p.get("end").and_then(text).unwrap_or_default();
            Some(if start == end {
                start
            } else {
                format!("{start} → {end}")
            })
        }
        (None, Some(t)) => Some(t),
        (None, None) => None,
    };
    let components = observation
        .get("component")
        .and_then(Json::as_array)
        .map(|list| {
            list.iter()
                .map(|c| {
                    let title = c.get("code").map(concept_title).unwrap_or_default();
                    (title, value_of(c))
                })
                .collect()
        })
        .unwrap_or_default();
    let categories = observation
        .get("category")
        .and_then(Json::as_array)
        .map(|list| list.iter().map(concept_title).collect())
        .unwrap_or_default();
    Card {
        title: concept_title(&code),
        status: observation.get("status").and_then(text).unwrap_or_default(),
        codes: codings(&code),
        categories,
        value: value_of(observation),
        effective,
        components,
        subject: reference("subject"),
        device: reference("device"),
        encounter: reference("encounter"),
        identifier: observation
            .get("identifier")
            .and_then(|i| i.get(0))
            .and_then(|i| i.get("value"))
            .and_then(text),
    }
}

/// The Observations as a FHIR `collection` Bundle (for download), indented, each Observation
/// as the service writes it (decimals keep their scale).
pub fn bundle(observations: &[ObservationText]) -> String {
    let mut compact = String::from(r#"{"resourceType":"Bundle","type":"collection","entry":["#);
    for (i, o) in observations.iter().enumerate() {
        if i > 0 {
            compact.push(',');
        }
        compact.push_str(r#"{"resource":"#);
        compact.push_str(o.as_str());
        compact.push('}');
    }
    compact.push_str("]}");
    medtech_core::fhir::written::pretty(&compact)
}

#[cfg(test)]
mod tests;
