//! The four value processors (fhir-mapping.md §4.1, §5.2): create a value from an observation
//! group's data, or merge it into an existing Observation's value.
//!
//! * SampledData: the slot algorithm over the observation period; merging parses the stored
//!   `data` back with the *current* template period, unions by time, rebuilds over the widened
//!   period and changes only `data`;
//! * Quantity: exactly one value, .NET `decimal.Parse`; merging replaces it;
//! * String: the single value (several → `InvalidOperationException`); merging replaces it;
//! * CodeableConcept: the template's text and codes, whatever the values; merging replaces it.

use medtech_json::DateTime;
use serde_json::{Map, Value as Json};

use crate::diagnostic::Code;
use crate::fhir::decimal::Decimal;
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::group::TimedValue;
use crate::fhir::json::{coding, decimal_json};
use crate::fhir::model::{CodeList, ValueKind};
use crate::fhir::sampled_data::{self, Point, SampledDataError};

/// A value built or merged, with the SampledData values no slot took.
#[derive(Clone, Debug, PartialEq)]
pub struct BuiltValue {
    /// The JSON member (`valueSampledData`, …).
    pub member: &'static str,
    /// The value.
    pub json: Json,
    /// SampledData values lost (outside the slots).
    pub dropped: usize,
}

fn points(data: &[TimedValue]) -> Vec<Point> {
    data.iter()
        .map(|v| Point {
            ticks: v.time.ticks,
            value: v.value.clone(),
        })
        .collect()
}

fn sampled_failure(e: SampledDataError) -> Failure {
    match e {
        SampledDataError::PeriodMissing => Failure::argument_null(Code::ObservationPeriodMissing, "samplePeriod")
            .help("the SampledData value has no \"defaultPeriod\"."),
        SampledDataError::NonPositiveStep { period_ms } => Failure::new(
            Code::ObservationPeriodNotPositive,
            "(no exception)",
            format!(
                "SampledData defaultPeriod {} ms adds no time per slot: the service's slot loop never ends.",
                crate::fhir::load::convert::dotnet_double(period_ms)
            ),
            Policy::Hang,
        )
        .help("use a positive defaultPeriod of at least 0.0001 ms."),
        SampledDataError::OutOfRange => Failure::date_out_of_range(),
        SampledDataError::TooManySlots { slots, limit } => Failure::new(
            Code::ObservationTooManySlots,
            "(none)",
            format!("This SampledData would have {slots} slots; this tool builds at most {limit}."),
            Policy::ToolLimit,
        )
        .help("raise defaultPeriod or use a shorter periodInterval; the service would write a data string of that many tokens."),
        SampledDataError::EmptyData => Failure::new(
            Code::ObservationMergeInvalid,
            "ArgumentException",
            "The string can't be left empty, null or consist of only whitespaces. (Parameter 'stream')",
            Policy::FailBatch,
        )
        .help("the existing Observation's SampledData has no data to merge into."),
    }
}

fn codeable_concept(text: &Option<String>, codes: &Option<CodeList>) -> Result<Json, Failure> {
    let codes = codes.as_ref().ok_or_else(|| {
        Failure::argument_null(Code::ObservationCodesMissing, "source")
            .help("the CodeableConcept value has no \"codes\".")
    })?;
    let mut coding_list = Vec::with_capacity(codes.len());
    for c in codes {
        let c = c.as_ref().ok_or_else(|| {
            Failure::null_reference(Code::ObservationNullEntry)
                .help("\"codes\" holds a null entry.")
        })?;
        coding_list.push(coding(c));
    }
    let mut map = Map::new();
    map.insert("coding".into(), Json::Array(coding_list));
    if let Some(t) = text {
        map.insert("text".into(), Json::String(t.clone()));
    }
    Ok(Json::Object(map))
}

fn quantity(
    unit: &Option<String>,
    system: &Option<String>,
    code: &Option<String>,
    data: &[TimedValue],
) -> Result<Json, Failure> {
    let value = match data {
        [single] => Decimal::parse_number_style(&single.value).ok_or_else(|| {
            Failure::new(
                Code::ObservationQuantityInvalid,
                "InvalidQuantityFhirValueException",
                format!("Error encountered processing value: {}.", single.value),
                Policy::Skip,
            )
            .help("a Quantity value must be a plain decimal (no exponent, NaN or units).")
        })?,
        _ => {
            return Err(Failure::new(
                Code::ObservationQuantityInvalid,
                "InvalidQuantityFhirValueException",
                format!("Expected 1 value. Received {}.", data.len()),
                Policy::Skip,
            )
            .help("a Quantity takes exactly one value per Observation; under an hourly, daily or correlation window use SampledData."))
        }
    };
    let mut map = Map::new();
    map.insert("value".into(), decimal_json(&value));
    for (name, v) in [("unit", unit), ("system", system), ("code", code)] {
        if let Some(v) = v {
            map.insert(name.into(), Json::String(v.clone()));
        }
    }
    Ok(Json::Object(map))
}

fn string(data: &[TimedValue]) -> Result<Json, Failure> {
    match data {
        [single] => Ok(Json::String(single.value.clone())),
        _ => Err(Failure::new(
            Code::ObservationStringMultiple,
            "InvalidOperationException",
            "Sequence contains more than one element",
            Policy::FailBatch,
        )
        .help(format!(
            "a String value takes exactly one value per Observation ({} here).",
            data.len()
        ))),
    }
}

/// `CreateValue`: the value for the observation period `(start, end)`.
pub fn create(
    kind: &ValueKind,
    data: &[TimedValue],
    start: DateTime,
    end: DateTime,
    max_slots: usize,
) -> Result<BuiltValue, Failure> {
    let (json, dropped) = match kind {
        ValueKind::SampledData {
            default_period,
            unit,
        } => {
            let built = sampled_data::build(
                &points(data),
                start.ticks,
                end.ticks,
                default_period.as_ref(),
                max_slots,
            )
            .map_err(sampled_failure)?;
            let mut origin = Map::new();
            origin.insert("value".into(), Json::from(0));
            if let Some(u) = unit {
                origin.insert("unit".into(), Json::String(u.clone()));
            }
            let mut map = Map::new();
            map.insert("origin".into(), Json::Object(origin));
            if let Some(p) = default_period {
                map.insert("period".into(), decimal_json(p));
            }
            map.insert("dimensions".into(), Json::from(1));
            map.insert("data".into(), Json::String(built.data));
            (Json::Object(map), built.dropped)
        }
        ValueKind::Quantity { unit, system, code } => (quantity(unit, system, code, data)?, 0),
        ValueKind::String => (string(data)?, 0),
        ValueKind::CodeableConcept { text, codes } => (codeable_concept(text, codes)?, 0),
    };
    Ok(BuiltValue {
        member: kind.json_member(),
        json,
        dropped,
    })
}

/// The Firely class name of an existing value (`GetValueTypeName`), from its JSON member.
pub fn existing_type_name(member: Option<&str>) -> &'static str {
    match member {
        Some("valueQuantity") => "Quantity",
        Some("valueCodeableConcept") => "CodeableConcept",
        Some("valueString") => "FhirString",
        Some("valueBoolean") => "FhirBoolean",
        Some("valueInteger") => "Integer",
        Some("valueRange") => "Range",
        Some("valueRatio") => "Ratio",
        Some("valueSampledData") => "SampledData",
        Some("valueTime") => "Time",
        Some("valueDateTime") => "FhirDateTime",
        Some("valuePeriod") => "Period",
        Some(_) => "DataType",
        None => "null",
    }
}

/// `MergeValue`: `existing` is the current `value[x]` (member name and value), if any.
pub fn merge(
    kind: &ValueKind,
    data: &[TimedValue],
    data_period: (DateTime, DateTime),
    observation_period: (DateTime, DateTime),
    existing: Option<(&str, &Json)>,
    max_slots: usize,
) -> Result<BuiltValue, Failure> {
    let wanted = kind.json_member();
    let matches = existing.is_some_and(|(member, _)| member == wanted);
    if !matches {
        return Err(Failure::new(
            Code::ObservationMergeNotSupported,
            "NotSupportedException",
            format!(
                "Element existingValue expected to be of type {}. Actual type is {}.",
                kind.fhir_class(),
                existing_type_name(existing.map(|(m, _)| m))
            ),
            Policy::Skip,
        )
        .help("the existing Observation's value has another type (or none): the template gained a value or changed its valueType after the Observation was written."));
    }
    let ValueKind::SampledData { default_period, .. } = kind else {
        // Quantity, String, CodeableConcept: replaced by a new value.
        return create(
            kind,
            data,
            observation_period.0,
            observation_period.1,
            max_slots,
        );
    };
    let existing = existing.map(|(_, v)| v).cloned().unwrap_or(Json::Null);
    let mut sampled = match existing {
        Json::Object(map) => map,
        _ => Map::new(),
    };
    if sampled
        .get("dimensions")
        .and_then(Json::as_f64)
        .is_some_and(|d| d > 1.0)
    {
        return Err(Failure::new(
            Code::ObservationMergeNotSupported,
            "NotSupportedException",
            "Existing Hl7.Fhir.Model.SampledData value has more than 1 dimension.",
            Policy::Skip,
        ));
    }
    let stored = sampled.get("data").and_then(Json::as_str).unwrap_or("");
    let (data_start, data_end) = data_period;
    let (obs_start, obs_end) = observation_period;
    let merge_start = if data_start.ticks < obs_start.ticks {
        data_start
    } else {
        obs_start
    };
    let merge_end = if data_end.ticks > obs_end.ticks {
        data_end
    } else {
        obs_end
    };
    let old = sampled_data::parse(stored, obs_start.ticks, default_period.as_ref())
        .map_err(sampled_failure)?;
    let merged = sampled_data::merge(old, points(data));
    let built = sampled_data::build(
        &merged,
        merge_start.ticks,
        merge_end.ticks,
        default_period.as_ref(),
        max_slots,
    )
    .map_err(sampled_failure)?;
    sampled.insert("data".into(), Json::String(built.data));
    Ok(BuiltValue {
        member: wanted,
        json: Json::Object(sampled),
        dropped: built.dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_json::DateKind;
    use serde_json::json;

    fn t(ticks: i64) -> DateTime {
        DateTime {
            ticks,
            kind: DateKind::Utc,
        }
    }

    const SEED: i64 = 636_818_976_000_000_000;

    fn values(v: &[&str]) -> Vec<TimedValue> {
        v.iter()
            .enumerate()
            .map(|(i, s)| TimedValue {
                time: t(SEED + i as i64 * 10_000_000),
                value: s.to_string(),
                measurement: i,
            })
            .collect()
    }

    fn qty() -> ValueKind {
        ValueKind::Quantity {
            unit: Some("myUnit".into()),
            system: Some("mySystem".into()),
            code: Some("myCode".into()),
        }
    }

    #[test]
    fn s8_5_quantity() {
        let v = create(&qty(), &values(&["22.4"]), t(SEED), t(SEED), 10).unwrap();
        assert_eq!(
            v.json,
            json!({"value": 22.4, "unit": "myUnit", "system": "mySystem", "code": "myCode"})
        );
        let e = create(&qty(), &values(&["NaN"]), t(SEED), t(SEED), 10).unwrap_err();
        assert_eq!(e.message, "Error encountered processing value: NaN.");
        assert_eq!(e.policy, Policy::Skip);
        let e = create(&qty(), &values(&["1", "2"]), t(SEED), t(SEED), 10).unwrap_err();
        assert_eq!(e.message, "Expected 1 value. Received 2.");
        let e = create(&qty(), &[], t(SEED), t(SEED), 10).unwrap_err();
        assert_eq!(e.message, "Expected 1 value. Received 0.");
        // Merge replaces, with the current template's unit/system/code.
        let old = json!({"value": 1, "unit": "u", "system": "s", "code": "c"});
        let v = merge(
            &qty(),
            &values(&["22.4"]),
            (t(SEED), t(SEED)),
            (t(SEED), t(SEED)),
            Some(("valueQuantity", &old)),
            10,
        )
        .unwrap();
        assert_eq!(v.json["unit"], "myUnit");
        let e = merge(
            &qty(),
            &values(&["1"]),
            (t(SEED), t(SEED)),
            (t(SEED), t(SEED)),
            Some(("valueDateTime", &json!("2019"))),
            10,
        )
        .unwrap_err();
        assert_eq!(e.message, "Element existingValue expected to be of type Hl7.Fhir.Model.Quantity. Actual type is FhirDateTime.");
    }

    #[test]
    fn s8_5_codeable_concept_and_string() {
        let cc = ValueKind::CodeableConcept {
            text: Some("myText".into()),
            codes: Some(vec![
                Some(crate::fhir::model::FhirCode {
                    code: Some("c1".into()),
                    display: Some("d1".into()),
                    system: Some("s1".into()),
                }),
                Some(crate::fhir::model::FhirCode {
                    code: Some("c2".into()),
                    display: Some("d2".into()),
                    system: Some("s2".into()),
                }),
            ]),
        };
        let v = create(&cc, &values(&["x", "y"]), t(SEED), t(SEED), 10).unwrap();
        assert_eq!(v.json["text"], "myText");
        assert_eq!(
            v.json["coding"][1],
            json!({"system": "s2", "code": "c2", "display": "d2"})
        );
        let none = ValueKind::CodeableConcept {
            text: None,
            codes: None,
        };
        assert_eq!(
            create(&none, &values(&["x"]), t(SEED), t(SEED), 10)
                .unwrap_err()
                .policy,
            Policy::FailBatch
        );
        let old = json!({"text": "Test", "coding": [{"code": "old"}]});
        let v = merge(
            &cc,
            &values(&["x"]),
            (t(SEED), t(SEED)),
            (t(SEED), t(SEED)),
            Some(("valueCodeableConcept", &old)),
            10,
        )
        .unwrap();
        assert_eq!(v.json["text"], "myText");

        let v = create(
            &ValueKind::String,
            &values(&["my string value"]),
            t(SEED),
            t(SEED),
            10,
        )
        .unwrap();
        assert_eq!(v.json, json!("my string value"));
        let e = create(
            &ValueKind::String,
            &values(&["a", "b"]),
            t(SEED),
            t(SEED),
            10,
        )
        .unwrap_err();
        assert_eq!(
            (e.exception, e.policy),
            ("InvalidOperationException", Policy::FailBatch)
        );
        let v = merge(
            &ValueKind::String,
            &values(&["new string"]),
            (t(SEED), t(SEED)),
            (t(SEED), t(SEED)),
            Some(("valueString", &json!("old string"))),
            10,
        )
        .unwrap();
        assert_eq!(v.json, json!("new string"));
    }

    #[test]
    fn s8_5_sampled_data_create_and_merge() {
        let kind = ValueKind::SampledData {
            default_period: Some(Decimal::from_i64(1000)),
            unit: Some("myUnits".into()),
        };
        let v = create(
            &kind,
            &values(&["1", "2"]),
            t(SEED),
            t(SEED + 30_000_000),
            10,
        )
        .unwrap();
        assert_eq!(
            v.json,
            json!({"origin": {"value": 0, "unit": "myUnits"}, "period": 1000, "dimensions": 1, "data": "1 2 E E"})
        );
        // Existing dimensions 2 → NotSupported; existing FhirDateTime → NotSupported.
        let two = json!({"dimensions": 2, "data": "1"});
        let e = merge(
            &kind,
            &values(&["1"]),
            (t(SEED), t(SEED)),
            (t(SEED), t(SEED)),
            Some(("valueSampledData", &two)),
            10,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Existing Hl7.Fhir.Model.SampledData value has more than 1 dimension."
        );
        let e = merge(
            &kind,
            &values(&["1"]),
            (t(SEED), t(SEED)),
            (t(SEED), t(SEED)),
            None,
            10,
        )
        .unwrap_err();
        assert_eq!(e.message, "Element existingValue expected to be of type Hl7.Fhir.Model.SampledData. Actual type is null.");
        // Merge: widened to the union of periods, new values win, only data changes.
        let old = json!({"origin": {"value": 0, "unit": "old"}, "period": 5000, "dimensions": 1, "data": "7 E 9"});
        let new = vec![
            TimedValue {
                time: t(SEED + 10_000_000),
                value: "8".into(),
                measurement: 0,
            },
            TimedValue {
                time: t(SEED + 30_000_000),
                value: "10".into(),
                measurement: 1,
            },
        ];
        let v = merge(
            &kind,
            &new,
            (t(SEED + 10_000_000), t(SEED + 30_000_000)),
            (t(SEED), t(SEED + 20_000_000)),
            Some(("valueSampledData", &old)),
            10,
        )
        .unwrap();
        assert_eq!(v.json["data"], "7 8 9 10");
        assert_eq!(v.json["period"], 5000);
        assert_eq!(v.json["origin"]["unit"], "old");
    }

    #[test]
    fn s8_5_sampled_data_merge_period_table() {
        // Data period D and observation period O → the rebuilt range (one-day slots).
        const DAY: i64 = 864_000_000_000;
        let day = |d: i64| t(SEED + d * DAY); // 0 = 2019-01-01, -1 = 2018-12-31
        let kind = ValueKind::SampledData {
            default_period: Some(Decimal::from_i64(86_400_000)),
            unit: None,
        };
        type Row = ((i64, i64), (i64, i64), &'static str);
        let table: &[Row] = &[
            ((0, 2), (0, 2), "1 E E"),
            ((0, 3), (1, 2), "E 1 E E"),
            ((0, 3), (-1, 4), "1 E E E E E"),
            ((0, 3), (-1, 0), "1 E E E E"),
            ((0, 3), (4, 5), "E E E E 1 E"),
        ];
        for (d, o, expected) in table {
            let existing = json!({"dimensions": 1, "data": "1"});
            let v = merge(
                &kind,
                &[],
                (day(d.0), day(d.1)),
                (day(o.0), day(o.1)),
                Some(("valueSampledData", &existing)),
                100,
            )
            .unwrap();
            assert_eq!(v.json["data"], *expected, "D={d:?} O={o:?}");
        }
    }
}
