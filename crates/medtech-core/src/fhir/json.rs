//! FHIR JSON as the service writes it (fhir-mapping.md §4, §6): members in the element order
//! of the R4 definitions (the Firely serializer's order), string values trimmed (Firely's JSON
//! builder trims primitive strings), empty arrays and nulls left out, decimals as numbers; and
//! the deep equality the merge uses to decide between "updated" and "no operation".

use serde_json::{Map, Value as Json};

use crate::fhir::decimal::Decimal;
use crate::fhir::model::{FhirCode, SERVICE_SYSTEM};

/// Element order of the datatypes the service writes or meets in Observations (the list
/// [`element_position`] is checked against).
#[cfg(test)]
fn element_order(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Observation => &[
            "resourceType",
            "id",
            "meta",
            "implicitRules",
            "language",
            "text",
            "contained",
            "extension",
            "modifierExtension",
            "identifier",
            "basedOn",
            "partOf",
            "status",
            "category",
            "code",
            "subject",
            "focus",
            "encounter",
            "effectiveDateTime",
            "effectivePeriod",
            "effectiveTiming",
            "effectiveInstant",
            "issued",
            "performer",
            "valueQuantity",
            "valueCodeableConcept",
            "valueString",
            "valueBoolean",
            "valueInteger",
            "valueRange",
            "valueRatio",
            "valueSampledData",
            "valueTime",
            "valueDateTime",
            "valuePeriod",
            "dataAbsentReason",
            "interpretation",
            "note",
            "bodySite",
            "method",
            "specimen",
            "device",
            "referenceRange",
            "hasMember",
            "derivedFrom",
            "component",
        ],
        Kind::Component => &[
            "id",
            "extension",
            "modifierExtension",
            "code",
            "valueQuantity",
            "valueCodeableConcept",
            "valueString",
            "valueBoolean",
            "valueInteger",
            "valueRange",
            "valueRatio",
            "valueSampledData",
            "valueTime",
            "valueDateTime",
            "valuePeriod",
            "dataAbsentReason",
            "interpretation",
            "referenceRange",
        ],
        Kind::CodeableConcept => &["id", "extension", "coding", "text"],
        Kind::Coding => &[
            "id",
            "extension",
            "system",
            "version",
            "code",
            "display",
            "userSelected",
        ],
        Kind::Quantity => &[
            "id",
            "extension",
            "value",
            "comparator",
            "unit",
            "system",
            "code",
        ],
        Kind::SampledData => &[
            "id",
            "extension",
            "origin",
            "period",
            "factor",
            "lowerLimit",
            "upperLimit",
            "dimensions",
            "data",
        ],
        Kind::Period => &["id", "extension", "start", "end"],
        Kind::Reference => &[
            "id",
            "extension",
            "reference",
            "type",
            "identifier",
            "display",
        ],
        Kind::Identifier => &[
            "id",
            "extension",
            "use",
            "type",
            "system",
            "value",
            "period",
            "assigner",
        ],
        Kind::Meta => &[
            "id",
            "extension",
            "versionId",
            "lastUpdated",
            "source",
            "profile",
            "security",
            "tag",
        ],
        Kind::Other => &[],
    }
}

/// The position of `name` in the element order of `kind` (a `match`, which the compiler turns
/// into length and byte tests, instead of a search through the list).
fn element_position(kind: Kind, name: &str) -> Option<usize> {
    let position = match kind {
        Kind::Observation => match name {
            "resourceType" => 0,
            "id" => 1,
            "meta" => 2,
            "implicitRules" => 3,
            "language" => 4,
            "text" => 5,
            "contained" => 6,
            "extension" => 7,
            "modifierExtension" => 8,
            "identifier" => 9,
            "basedOn" => 10,
            "partOf" => 11,
            "status" => 12,
            "category" => 13,
            "code" => 14,
            "subject" => 15,
            "focus" => 16,
            "encounter" => 17,
            "effectiveDateTime" => 18,
            "effectivePeriod" => 19,
            "effectiveTiming" => 20,
            "effectiveInstant" => 21,
            "issued" => 22,
            "performer" => 23,
            "valueQuantity" => 24,
            "valueCodeableConcept" => 25,
            "valueString" => 26,
            "valueBoolean" => 27,
            "valueInteger" => 28,
            "valueRange" => 29,
            "valueRatio" => 30,
            "valueSampledData" => 31,
            "valueTime" => 32,
            "valueDateTime" => 33,
            "valuePeriod" => 34,
            "dataAbsentReason" => 35,
            "interpretation" => 36,
            "note" => 37,
            "bodySite" => 38,
            "method" => 39,
            "specimen" => 40,
            "device" => 41,
            "referenceRange" => 42,
            "hasMember" => 43,
            "derivedFrom" => 44,
            "component" => 45,
            _ => return None,
        },
        Kind::Component => match name {
            "id" => 0,
            "extension" => 1,
            "modifierExtension" => 2,
            "code" => 3,
            "valueQuantity" => 4,
            "valueCodeableConcept" => 5,
            "valueString" => 6,
            "valueBoolean" => 7,
            "valueInteger" => 8,
            "valueRange" => 9,
            "valueRatio" => 10,
            "valueSampledData" => 11,
            "valueTime" => 12,
            "valueDateTime" => 13,
            "valuePeriod" => 14,
            "dataAbsentReason" => 15,
            "interpretation" => 16,
            "referenceRange" => 17,
            _ => return None,
        },
        Kind::CodeableConcept => match name {
            "id" => 0,
            "extension" => 1,
            "coding" => 2,
            "text" => 3,
            _ => return None,
        },
        Kind::Coding => match name {
            "id" => 0,
            "extension" => 1,
            "system" => 2,
            "version" => 3,
            "code" => 4,
            "display" => 5,
            "userSelected" => 6,
            _ => return None,
        },
        Kind::Quantity => match name {
            "id" => 0,
            "extension" => 1,
            "value" => 2,
            "comparator" => 3,
            "unit" => 4,
            "system" => 5,
            "code" => 6,
            _ => return None,
        },
        Kind::SampledData => match name {
            "id" => 0,
            "extension" => 1,
            "origin" => 2,
            "period" => 3,
            "factor" => 4,
            "lowerLimit" => 5,
            "upperLimit" => 6,
            "dimensions" => 7,
            "data" => 8,
            _ => return None,
        },
        Kind::Period => match name {
            "id" => 0,
            "extension" => 1,
            "start" => 2,
            "end" => 3,
            _ => return None,
        },
        Kind::Reference => match name {
            "id" => 0,
            "extension" => 1,
            "reference" => 2,
            "type" => 3,
            "identifier" => 4,
            "display" => 5,
            _ => return None,
        },
        Kind::Identifier => match name {
            "id" => 0,
            "extension" => 1,
            "use" => 2,
            "type" => 3,
            "system" => 4,
            "value" => 5,
            "period" => 6,
            "assigner" => 7,
            _ => return None,
        },
        Kind::Meta => match name {
            "id" => 0,
            "extension" => 1,
            "versionId" => 2,
            "lastUpdated" => 3,
            "source" => 4,
            "profile" => 5,
            "security" => 6,
            "tag" => 7,
            _ => return None,
        },
        Kind::Other => return None,
    };
    Some(position)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Observation,
    Component,
    CodeableConcept,
    Coding,
    Quantity,
    SampledData,
    Period,
    Reference,
    Identifier,
    Meta,
    Other,
}

/// The datatype of a member of a `parent`.
fn member_kind(parent: Kind, name: &str) -> Kind {
    match (parent, name) {
        (Kind::Observation, "meta") => Kind::Meta,
        (Kind::Observation, "identifier") | (Kind::Reference, "identifier") => Kind::Identifier,
        (
            Kind::Observation,
            "category" | "code" | "dataAbsentReason" | "interpretation" | "bodySite" | "method",
        )
        | (Kind::Component, "code" | "dataAbsentReason" | "interpretation")
        | (Kind::Identifier, "type") => Kind::CodeableConcept,
        (
            Kind::Observation,
            "subject" | "focus" | "encounter" | "performer" | "specimen" | "device" | "basedOn"
            | "partOf" | "hasMember" | "derivedFrom",
        )
        | (Kind::Identifier, "assigner") => Kind::Reference,
        (Kind::Observation | Kind::Identifier, "effectivePeriod" | "period")
        | (Kind::Observation | Kind::Component, "valuePeriod") => Kind::Period,
        (Kind::Observation | Kind::Component, "valueQuantity") | (Kind::SampledData, "origin") => {
            Kind::Quantity
        }
        (Kind::Observation | Kind::Component, "valueCodeableConcept") => Kind::CodeableConcept,
        (Kind::Observation | Kind::Component, "valueSampledData") => Kind::SampledData,
        (Kind::Observation, "component") => Kind::Component,
        (Kind::CodeableConcept, "coding") | (Kind::Meta, "security" | "tag") => Kind::Coding,
        _ => Kind::Other,
    }
}

/// An Observation as the service writes it: R4 member order, trimmed strings, no nulls or
/// empty arrays.
pub fn canonical_observation(observation: &Json) -> Json {
    canonical_observation_owned(observation.clone())
}

/// [`canonical_observation`] of an Observation the caller no longer needs: members and strings
/// are moved, and objects already in order are kept as they are.
pub fn canonical_observation_owned(mut observation: Json) -> Json {
    canonicalize(&mut observation, Kind::Observation, 0);
    observation
}

fn is_empty_array(value: &Json) -> bool {
    matches!(value, Json::Array(a) if a.is_empty())
}

/// Where a member goes: its element's position (`usize::MAX` for unknown members, which keep
/// their order after the known ones) and whether it is the element's `_name` extension.
fn order_key(kind: Kind, name: &str) -> (usize, bool) {
    let base = name.strip_prefix('_');
    match element_position(kind, base.unwrap_or(name)) {
        Some(position) => (position, base.is_some()),
        None => (usize::MAX, false),
    }
}

fn canonicalize(value: &mut Json, kind: Kind, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Json::String(s) => {
            let trimmed = s.trim();
            if trimmed.len() != s.len() {
                *s = trimmed.to_string();
            }
        }
        Json::Array(items) => {
            items.retain(|v| !v.is_null());
            for v in items.iter_mut() {
                canonicalize(v, kind, depth + 1);
            }
        }
        Json::Object(map) => {
            let mut last = (0, false);
            let in_order = map.iter().all(|(name, v)| {
                let key = order_key(kind, name);
                let ok = !v.is_null() && !is_empty_array(v) && key >= last;
                last = key;
                ok
            });
            if in_order {
                for (name, v) in map.iter_mut() {
                    canonicalize(v, member_kind(kind, name), depth + 1);
                }
                map.retain(|_, v| !is_empty_array(v));
                return;
            }
            // Members in element order (`_name` right after `name`), then the others in their
            // own order; nulls and empty arrays left out.
            let mut members: Vec<((usize, bool), String, Json)> = std::mem::take(map)
                .into_iter()
                .filter(|(_, v)| !v.is_null() && !is_empty_array(v))
                .map(|(name, v)| (order_key(kind, &name), name, v))
                .collect();
            members.sort_by_key(|(key, _, _)| *key);
            for (_, name, mut v) in members {
                canonicalize(&mut v, member_kind(kind, &name), depth + 1);
                if !is_empty_array(&v) {
                    map.insert(name, v);
                }
            }
        }
        _ => {}
    }
}

/// Deep equality as Firely's `IsExactly` sees two Observations: same members and values,
/// decimals compared by value (`1000` equals `1000.0`, `22.4` equals `22.40`).
pub fn deep_equal(a: &Json, b: &Json) -> bool {
    if let (Some(x), Some(y)) = (number_text(a), number_text(b)) {
        return numbers_equal(&x, &y);
    }
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| deep_equal(p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        _ => a == b,
    }
}

fn numbers_equal(x: &str, y: &str) -> bool {
    match (Decimal::parse_newtonsoft(x), Decimal::parse_newtonsoft(y)) {
        (Ok(a), Ok(b)) => a.numeric_eq(&b),
        _ => x.parse::<f64>().ok() == y.parse::<f64>().ok(),
    }
}

/// The member name of the one-member object that stands for a decimal inside the FHIR stage.
///
/// .NET writes a decimal with its scale (`22.40`, `1000`, never an exponent: fhir-mapping.md
/// §6), which a `serde_json` number (a double) cannot hold. So while an Observation is built
/// and merged, a decimal is `{"\u0000decimal": "22.40"}`; [`ObservationText`] writes it as the
/// number `22.40`. No member name the service writes starts with NUL, and an object is taken for
/// a decimal only when its text is a JSON number.
///
/// [`ObservationText`]: crate::fhir::written::ObservationText
pub const DECIMAL: &str = "\u{0}decimal";

/// A decimal as the FHIR stage carries it ([`DECIMAL`]): its .NET text, scale kept.
pub fn decimal_json(d: &Decimal) -> Json {
    decimal_from_text(d.to_string())
}

/// [`decimal_json`] of a number's text (a JSON number literal).
pub fn decimal_from_text(text: String) -> Json {
    let mut map = Map::with_capacity(1);
    map.insert(DECIMAL.into(), Json::String(text));
    Json::Object(map)
}

/// The text of a decimal ([`DECIMAL`]) the FHIR stage carries, if `value` is one.
pub fn decimal_text(value: &Json) -> Option<&str> {
    let Json::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    match map.get(DECIMAL) {
        Some(Json::String(text)) if is_number_literal(text) => Some(text),
        _ => None,
    }
}

/// The text of a number: a decimal the stage carries or a `serde_json` number.
fn number_text(value: &Json) -> Option<std::borrow::Cow<'_, str>> {
    match value {
        Json::Number(n) => Some(std::borrow::Cow::Owned(n.to_string())),
        _ => decimal_text(value).map(std::borrow::Cow::Borrowed),
    }
}

/// A number's value as a double: a decimal the stage carries or a `serde_json` number.
pub fn number_f64(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => n.as_f64(),
        _ => decimal_text(value).and_then(|t| t.parse().ok()),
    }
}

/// True when `text` is a JSON number literal (RFC 8259 §6).
pub fn is_number_literal(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A JSON string of `text` trimmed, as in the canonical form (so that what is built is
/// already canonical).
pub fn text(text: &str) -> Json {
    Json::String(text.trim().to_string())
}

/// [`text`] of a string the caller no longer needs (kept when there is nothing to trim).
pub fn text_owned(mut s: String) -> Json {
    let trimmed = s.trim();
    if trimmed.len() != s.len() {
        s = trimmed.to_string();
    }
    Json::String(s)
}

/// `{system, code, display}` without the members that are null.
pub fn coding(code: &FhirCode) -> Json {
    let members = [&code.system, &code.code, &code.display]
        .iter()
        .filter(|m| m.is_some())
        .count();
    let mut map = Map::with_capacity(members);
    if let Some(s) = &code.system {
        map.insert("system".into(), text(s));
    }
    if let Some(c) = &code.code {
        map.insert("code".into(), text(c));
    }
    if let Some(d) = &code.display {
        map.insert("display".into(), text(d));
    }
    Json::Object(map)
}

/// The coding the service always adds: `{SERVICE_SYSTEM, name, name}`.
pub fn service_coding(name: &str) -> Json {
    let mut map = Map::with_capacity(3);
    map.insert("system".into(), Json::from(SERVICE_SYSTEM));
    map.insert("code".into(), text(name));
    map.insert("display".into(), text(name));
    Json::Object(map)
}

/// `{"reference": "{type}/{id}"}`.
pub fn reference(resource_type: &str, id: &str) -> Json {
    let mut text = String::with_capacity(resource_type.len() + 1 + id.len());
    text.push_str(resource_type);
    text.push('/');
    text.push_str(id);
    let mut map = Map::with_capacity(1);
    map.insert("reference".into(), text_owned(text));
    Json::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The straightforward form of [`canonical_observation`] (a copy built member by member in
    /// element order), against which the in-place one is checked.
    fn reference(value: &Json, kind: Kind, depth: usize) -> Json {
        if depth > 64 {
            return value.clone();
        }
        match value {
            Json::String(s) => Json::String(s.trim().to_string()),
            Json::Array(items) => Json::Array(
                items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| reference(v, kind, depth + 1))
                    .collect(),
            ),
            Json::Object(map) => {
                let order = element_order(kind);
                let mut out = Map::new();
                let mut push = |name: &str, v: &Json| {
                    if v.is_null() || is_empty_array(v) {
                        return;
                    }
                    let c = reference(v, member_kind(kind, name), depth + 1);
                    if !is_empty_array(&c) {
                        out.insert(name.to_string(), c);
                    }
                };
                for name in order {
                    if let Some(v) = map.get(*name) {
                        push(name, v);
                    }
                    if let Some(v) = map.get(&format!("_{name}")) {
                        push(&format!("_{name}"), v);
                    }
                }
                for (name, v) in map {
                    if !order.contains(&name.strip_prefix('_').unwrap_or(name)) {
                        push(name, v);
                    }
                }
                Json::Object(out)
            }
            other => other.clone(),
        }
    }

    /// A pseudo-random Observation-like value: known and unknown members, `_` extensions,
    /// nulls, empty arrays, padded strings, nesting.
    fn next(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    fn generate(seed: &mut u64, depth: usize) -> Json {
        const NAMES: [&str; 14] = [
            "status",
            "_status",
            "code",
            "coding",
            "system",
            "value",
            "valueQuantity",
            "unit",
            "component",
            "zeta",
            "_x",
            "meta",
            "id",
            "resourceType",
        ];
        match (next(seed, 7), depth) {
            (0, _) => Json::Null,
            (1, _) => Json::String([" a ", "b", "  ", "c d"][next(seed, 4) as usize].to_string()),
            (2, _) => json!(next(seed, 100)),
            (3, d) if d < 5 => {
                let n = next(seed, 3);
                Json::Array((0..n).map(|_| generate(seed, d + 1)).collect())
            }
            (_, d) if d < 5 => {
                let mut map = Map::new();
                for _ in 0..next(seed, 6) {
                    let name = NAMES[next(seed, NAMES.len() as u64) as usize];
                    map.insert(name.to_string(), generate(seed, d + 1));
                }
                Json::Object(map)
            }
            _ => Json::Bool(true),
        }
    }

    #[test]
    fn canonical_form_in_place_equals_the_reference_copy() {
        let mut seed = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5_000 {
            let value = generate(&mut seed, 0);
            let expected = reference(&value, Kind::Observation, 0);
            let actual = canonical_observation(&value);
            // Same members in the same order (serialized text), not only equal maps.
            assert_eq!(
                serde_json::to_string(&actual).unwrap(),
                serde_json::to_string(&expected).unwrap(),
                "{value}"
            );
        }
    }

    #[test]
    fn observation_members_follow_the_r4_order() {
        let o = json!({
            "device": {"reference": "Device/d"},
            "valueQuantity": {"code": "c", "value": 1, "unit": "u"},
            "status": "final",
            "code": {"text": "t", "coding": [{"display": "D", "code": "C", "system": "S"}]},
            "id": " x ",
            "resourceType": "Observation",
            "component": [],
            "category": null,
            "meta": {"lastUpdated": "2019", "versionId": "1"}
        });
        let c = canonical_observation(&o);
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "resourceType",
                "id",
                "meta",
                "status",
                "code",
                "valueQuantity",
                "device"
            ]
        );
        assert_eq!(c["id"], "x");
        let coding: Vec<&String> = c["code"]["coding"][0].as_object().unwrap().keys().collect();
        assert_eq!(coding, ["system", "code", "display"]);
        let q: Vec<&String> = c["valueQuantity"].as_object().unwrap().keys().collect();
        assert_eq!(q, ["value", "unit", "code"]);
        let meta: Vec<&String> = c["meta"].as_object().unwrap().keys().collect();
        assert_eq!(meta, ["versionId", "lastUpdated"]);
    }

    #[test]
    fn underscored_members_follow_their_element_and_unknown_members_come_last() {
        let o = json!({
            "zeta": 1,
            "_status": {"id": "e"},
            "_": 2,
            "__status": 3,
            "status": "final",
            "_issued": {"id": "i"},
            "resourceType": "Observation"
        });
        let c = canonical_observation(&o);
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "resourceType",
                "status",
                "_status",
                "_issued",
                "zeta",
                "_",
                "__status"
            ]
        );
    }

    #[test]
    fn element_orders_name_every_element_once() {
        for kind in [
            Kind::Observation,
            Kind::Component,
            Kind::CodeableConcept,
            Kind::Coding,
            Kind::Quantity,
            Kind::SampledData,
            Kind::Period,
            Kind::Reference,
            Kind::Identifier,
            Kind::Meta,
            Kind::Other,
        ] {
            let order = element_order(kind);
            let unique: std::collections::HashSet<_> = order.iter().collect();
            assert_eq!(unique.len(), order.len());
            assert!(order.iter().all(|n| !n.starts_with('_')));
            // The `match` finds each name at its place in the list, and nothing else.
            for (i, name) in order.iter().enumerate() {
                assert_eq!(element_position(kind, name), Some(i), "{kind:?} {name}");
            }
            for other in [
                Kind::Observation,
                Kind::Component,
                Kind::Coding,
                Kind::Quantity,
                Kind::Meta,
            ] {
                for name in element_order(other) {
                    assert_eq!(
                        element_position(kind, name),
                        order.iter().position(|n| n == name),
                        "{kind:?} {name}"
                    );
                }
            }
            for name in ["", "x", "Id", "id ", "_id", "valuequantity", "codes"] {
                assert_eq!(element_position(kind, name), None, "{kind:?} {name:?}");
            }
        }
    }

    #[test]
    fn the_service_coding_is_the_coding_of_its_three_texts() {
        for name in ["heartrate", " x ", ""] {
            let general = coding(&FhirCode {
                code: Some(name.to_string()),
                system: Some(SERVICE_SYSTEM.to_string()),
                display: Some(name.to_string()),
            });
            assert_eq!(
                serde_json::to_string(&service_coding(name)).unwrap(),
                serde_json::to_string(&general).unwrap()
            );
        }
    }

    #[test]
    fn equality_compares_decimals_by_value() {
        assert!(deep_equal(&json!({"a": [1000]}), &json!({"a": [1000.0]})));
        assert!(!deep_equal(&json!({"a": 1}), &json!({"a": 2})));
        assert!(!deep_equal(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!deep_equal(
            &json!({"a": 22.4}),
            &decimal_from_text("22.40".into())
        ));
        assert!(deep_equal(
            &json!({"a": 22.4}),
            &json!({"a": decimal_from_text("22.40".into())})
        ));
        assert_eq!(
            decimal_text(&decimal_json(&Decimal::from_i64(1000))),
            Some("1000")
        );
    }
}
