//! Merging an observation group into an existing Observation (fhir-mapping.md §5.2):
//! category replaced (or removed), the value and the components merged, new components
//! appended with the *existing* period, the effective period widened and always rewritten;
//! code, status, identifier, subject and device untouched.

use medtech_json::{DateKind, DateTime};
use serde_json::{Map, Value as Json};

use crate::diagnostic::Code;
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::fhir_time::parse_fhir_datetime;
use crate::fhir::group::ObservationGroup;
use crate::fhir::model::{CodeValueTemplate, SERVICE_SYSTEM};
use crate::fhir::observation::{component_value, period, resolve_category, resolve_code};
use crate::fhir::values;

/// The `value[x]` members an Observation (or component) can have.
const VALUE_MEMBERS: [&str; 11] = [
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
];

fn value_of(map: &Map<String, Json>) -> Option<(&'static str, &Json)> {
    VALUE_MEMBERS
        .iter()
        .find_map(|m| map.get(*m).filter(|v| !v.is_null()).map(|v| (*m, v)))
}

fn set_value(map: &mut Map<String, Json>, member: &str, json: Json) {
    for m in VALUE_MEMBERS {
        map.remove(m);
    }
    map.insert(member.to_string(), json);
}

fn invalid_existing(message: String, help: &str) -> Failure {
    Failure::new(
        Code::ObservationMergeInvalid,
        "ArgumentNullException",
        message,
        Policy::FailBatch,
    )
    .help(help)
}

/// `GetObservationPeriod`: `effectivePeriod` (both ends) or `effectiveDateTime`, as UTC.
pub fn observation_period(o: &Map<String, Json>) -> Result<(DateTime, DateTime), Failure> {
    let parse = |text: &str| {
        parse_fhir_datetime(text).ok_or_else(|| {
            Failure::new(
                Code::ObservationMergeInvalid,
                "FormatException",
                format!("The existing Observation's effective date {text:?} cannot be parsed."),
                Policy::FailBatch,
            )
        })
    };
    if let Some(p) = o.get("effectivePeriod").filter(|p| !p.is_null()) {
        let start = p.get("start").and_then(Json::as_str).ok_or_else(|| {
            invalid_existing(
                "Value cannot be null. (Parameter 'fhirDateTime')".into(),
                "the existing Observation's effectivePeriod has no start.",
            )
        })?;
        let end = p.get("end").and_then(Json::as_str).ok_or_else(|| {
            invalid_existing(
                "Value cannot be null. (Parameter 'fhirDateTime')".into(),
                "the existing Observation's effectivePeriod has no end.",
            )
        })?;
        return Ok((parse(start)?, parse(end)?));
    }
    if let Some(t) = o.get("effectiveDateTime").and_then(Json::as_str) {
        let t = parse(t)?;
        return Ok((t, t));
    }
    for (member, class) in [
        ("effectiveTiming", "Timing"),
        ("effectiveInstant", "Instant"),
    ] {
        if o.get(member).is_some_and(|v| !v.is_null()) {
            return Err(Failure::new(
                Code::ObservationMergeNotSupported,
                "NotSupportedException",
                format!("Observation effective type of Hl7.Fhir.Model.{class} is not supported."),
                Policy::Skip,
            ));
        }
    }
    Err(invalid_existing(
        "Value cannot be null. (Parameter 'Effective')".into(),
        "the existing Observation has no effective[x].",
    ))
}

/// The merged Observation (status not yet amended) and the SampledData values dropped.
pub fn merge(
    template: &CodeValueTemplate,
    group: &ObservationGroup,
    existing: &Json,
    max_slots: usize,
) -> Result<(Json, usize), Failure> {
    let mut m = match existing {
        Json::Object(map) => map.clone(),
        _ => Map::new(),
    };
    let mut dropped = 0;
    m.remove("category");
    if let Some(c) = template.category.as_ref().filter(|c| !c.is_empty()) {
        m.insert("category".into(), resolve_category(c)?);
    }
    let (op_start, op_end) = observation_period(&m)?;
    let data_period = (group.start, group.end);
    if let Some(v) = &template.value {
        if let Some(name) = v.value_name.as_deref().filter(|n| !n.trim().is_empty()) {
            if let Some(data) = group.get(name) {
                let built = values::merge(
                    &v.kind,
                    data,
                    data_period,
                    (op_start, op_end),
                    value_of(&m),
                    max_slots,
                )?;
                dropped += built.dropped;
                set_value(&mut m, built.member, built.json);
            }
        }
    }
    if let Some(list) = template.components.as_ref().filter(|l| !l.is_empty()) {
        let mut components: Vec<Json> = match m.remove("component") {
            Some(Json::Array(items)) => items,
            _ => Vec::new(),
        };
        for component in list {
            let component = component.as_ref().ok_or_else(|| {
                Failure::null_reference(Code::ObservationNullEntry)
                    .help("\"components\" holds a null entry.")
            })?;
            let (v, name) = component_value(&component.value)?;
            let Some(data) = group.get(name) else {
                continue;
            };
            let mut found = None;
            for (i, c) in components.iter().enumerate() {
                let coding = c
                    .get("code")
                    .filter(|code| !code.is_null())
                    .ok_or_else(|| {
                        Failure::null_reference(Code::ObservationMergeInvalid)
                            .help("an existing component has no code.")
                    })?
                    .get("coding")
                    .and_then(Json::as_array);
                let hit = coding.into_iter().flatten().any(|cd| {
                    cd.get("code").and_then(Json::as_str) == Some(name)
                        && cd.get("system").and_then(Json::as_str) == Some(SERVICE_SYSTEM)
                });
                if hit {
                    found = Some(i);
                    break;
                }
            }
            match found {
                Some(i) => {
                    let Some(Json::Object(existing_component)) = components.get_mut(i) else {
                        continue;
                    };
                    let built = values::merge(
                        &v.kind,
                        data,
                        data_period,
                        (op_start, op_end),
                        value_of(existing_component),
                        max_slots,
                    )?;
                    dropped += built.dropped;
                    set_value(existing_component, built.member, built.json);
                }
                None => {
                    let mut c = Map::new();
                    c.insert("code".into(), resolve_code(name, &component.codes)?);
                    let built = values::create(&v.kind, data, op_start, op_end, max_slots)?;
                    dropped += built.dropped;
                    c.insert(built.member.into(), built.json);
                    components.push(Json::Object(c));
                }
            }
        }
        if !components.is_empty() {
            m.insert("component".into(), Json::Array(components));
        }
    }
    let start = if group.start.ticks < op_start.ticks {
        group.start
    } else {
        op_start
    };
    let end = if group.end.ticks > op_end.ticks {
        group.end
    } else {
        op_end
    };
    m.remove("effectiveDateTime");
    m.insert("effectivePeriod".into(), period(&start, &end));
    Ok((Json::Object(m), dropped))
}

/// A UTC date (for tests and traces).
pub fn utc(ticks: i64) -> DateTime {
    DateTime {
        ticks,
        kind: DateKind::Utc,
    }
}
