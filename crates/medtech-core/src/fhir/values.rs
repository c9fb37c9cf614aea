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
use std::fmt::Write as _;

use crate::diagnostic::Code;
use crate::fhir::decimal::Decimal;
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::group::TimedValue;
use crate::fhir::json::{coding, decimal_json, number_f64, text, text_owned};
use crate::fhir::model::{CodeList, ValueKind};
use crate::fhir::sampled_data::{self, Point, SampledDataError};
use crate::fhir::written::{push_string, push_value};

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

/// The SampledData slots of the observation period `(start, end)`.
fn build_sampled(
    data: &[TimedValue],
    start: DateTime,
    end: DateTime,
    default_period: Option<&Decimal>,
    max_slots: usize,
) -> Result<sampled_data::Built, Failure> {
    sampled_data::build(
        &points(data),
        start.ticks,
        end.ticks,
        default_period,
        max_slots,
    )
    .map_err(sampled_failure)
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

fn codeable_concept(text_of: &Option<String>, codes: &Option<CodeList>) -> Result<Json, Failure> {
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
    let mut map = Map::with_capacity(2);
    // Built in canonical form: no empty array, strings trimmed.
    if !coding_list.is_empty() {
        map.insert("coding".into(), Json::Array(coding_list));
    }
    if let Some(t) = text_of {
        map.insert("text".into(), text(t));
    }
    Ok(Json::Object(map))
}

fn quantity(
    unit: &Option<String>,
    system: &Option<String>,
    code: &Option<String>,
    data: &[TimedValue],
) -> Result<Json, Failure> {
    let value = quantity_value(data)?;
    let members = [unit, system, code].iter().filter(|m| m.is_some()).count();
    let mut map = Map::with_capacity(1 + members);
    // Built in canonical form: no null, strings trimmed.
    let value = decimal_json(&value);
    if !value.is_null() {
        map.insert("value".into(), value);
    }
    for (name, v) in [("unit", unit), ("system", system), ("code", code)] {
        if let Some(v) = v {
            map.insert(name.into(), text(v));
        }
    }
    Ok(Json::Object(map))
}

/// A Quantity's value: its single value, .NET `decimal.Parse`d.
fn quantity_value(data: &[TimedValue]) -> Result<Decimal, Failure> {
    match data {
        [single] => Decimal::parse_number_style(&single.value).ok_or_else(|| {
            Failure::new(
                Code::ObservationQuantityInvalid,
                "InvalidQuantityFhirValueException",
                format!("Error encountered processing value: {}.", single.value),
                Policy::Skip,
            )
            .help("a Quantity value must be a plain decimal (no exponent, NaN or units).")
        }),
        _ => Err(Failure::new(
            Code::ObservationQuantityInvalid,
            "InvalidQuantityFhirValueException",
            format!("Expected 1 value. Received {}.", data.len()),
            Policy::Skip,
        )
        .help("a Quantity takes exactly one value per Observation; under an hourly, daily or correlation window use SampledData.")),
    }
}

fn string(data: &[TimedValue]) -> Result<Json, Failure> {
    match data {
        [single] => Ok(text(&single.value)),
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
            let built = build_sampled(data, start, end, default_period.as_ref(), max_slots)?;
            let mut origin = Map::with_capacity(1 + usize::from(unit.is_some()));
            origin.insert("value".into(), Json::from(0));
            if let Some(u) = unit {
                origin.insert("unit".into(), text(u));
            }
            let mut map = Map::with_capacity(3 + usize::from(default_period.is_some()));
            map.insert("origin".into(), Json::Object(origin));
            // Built in canonical form: no null, strings trimmed.
            if let Some(p) = default_period.as_ref().map(decimal_json) {
                if !p.is_null() {
                    map.insert("period".into(), p);
                }
            }
            map.insert("dimensions".into(), Json::from(1));
            map.insert("data".into(), text_owned(built.data));
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

/// [`create`], written as compact JSON text at the end of `out` (the value only, as
/// [`push_value`] writes what [`create`] builds) — the run's path, without a `serde_json` value.
/// Returns the SampledData values no slot took. Fails as [`create`] does; `out` then holds a
/// partial value.
pub fn write(
    kind: &ValueKind,
    data: &[TimedValue],
    start: DateTime,
    end: DateTime,
    max_slots: usize,
    out: &mut String,
) -> Result<usize, Failure> {
    match kind {
        ValueKind::SampledData {
            default_period,
            unit,
        } => {
            let built = build_sampled(data, start, end, default_period.as_ref(), max_slots)?;
            out.reserve(built.data.len() + 96);
            out.push_str(r#"{"origin":{"value":0"#);
            if let Some(u) = unit {
                out.push_str(r#","unit":"#);
                push_string(out, u.trim());
            }
            out.push('}');
            if let Some(p) = default_period {
                out.push_str(r#","period":"#);
                let _ = write!(out, "{p}");
            }
            out.push_str(r#","dimensions":1,"data":"#);
            push_string(out, built.data.trim());
            out.push('}');
            Ok(built.dropped)
        }
        ValueKind::Quantity { unit, system, code } => {
            let value = quantity_value(data)?;
            let _ = write!(out, r#"{{"value":{value}"#);
            for (name, v) in [("unit", unit), ("system", system), ("code", code)] {
                if let Some(v) = v {
                    out.push_str(",\"");
                    out.push_str(name);
                    out.push_str("\":");
                    push_string(out, v.trim());
                }
            }
            out.push('}');
            Ok(0)
        }
        ValueKind::String => {
            push_value(out, &string(data)?);
            Ok(0)
        }
        ValueKind::CodeableConcept { text, codes } => {
            push_value(out, &codeable_concept(text, codes)?);
            Ok(0)
        }
    }
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
        .and_then(number_f64)
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
mod tests;
