//! Checks across the device mapping and the FHIR mapping.
//!
//! * The validator's own warnings (`MappingValidator.CheckForTemplateCompatibility`,
//!   device-mapping.md §8.2): a device `typeName` with no FHIR template (looked up ignoring
//!   case), a device `valueName` the FHIR template does not use (compared exactly), with
//!   did-you-mean hints; and the cases where that check itself throws (reported as
//!   [`Code::CrossValidatorCrash`]).
//! * This tool's checks of a FHIR mapping (fhir-mapping.md §1.4 "not validated at load time"):
//!   templates no device template feeds, Quantity/String values under windows that collect
//!   several values, SampledData without or with a non-positive `defaultPeriod` (the reference
//!   loops forever) or with very many slots, CodeableConcept without codes, components without
//!   value or `valueName`, a main value without `valueName`, `null` entries, undefined
//!   `periodInterval` numbers.

use crate::device_mapping::DeviceMapping;
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::hints::closest;
use crate::fhir::model::{
    CodeValueTemplate, FhirMapping, FhirValue, Location, PeriodInterval, ValueKind,
};
use crate::fhir::sampled_data::step_ticks;

/// Slots per Observation beyond which a SampledData template is reported as large.
const LARGE_SLOTS: i64 = 1_000_000;

fn at(d: Diagnostic, location: &Location) -> Diagnostic {
    d.at(location.span, Some(location.pointer.clone()))
        .with_reference_position(location.line_info)
}

/// The validator's cross-mapping warnings plus this tool's checks of the FHIR templates.
pub fn cross_check(device: &DeviceMapping, fhir: &FhirMapping) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    validator_checks(device, fhir, &mut out);
    for t in &fhir.templates {
        let fed = device
            .templates
            .iter()
            .any(|d| medtech_json::document::eq_ignore_case(&d.type_name, &t.type_name));
        if !fed && !device.templates.is_empty() {
            let mut d = Diagnostic::info(
                Code::CrossUnusedFhirTemplate,
                Source::FhirMapping,
                format!(
                    "No device template produces measurements of type [{}]: this FHIR template is never used.",
                    t.type_name
                ),
            );
            if let Some(c) = closest(
                &t.type_name,
                device.templates.iter().map(|d| d.type_name.as_str()),
            ) {
                d = d.with_help(format!("did you mean the device type {c:?}?"));
            }
            out.push(at(d, &t.type_name_location));
        }
    }
    out.extend(template_checks(fhir));
    out
}

/// The FHIR value names the validator compares against (`GetFhirValues`): the components'
/// values when a components list exists (even empty), else the main value. `Err` when the
/// validator's code meets a `null` there.
fn validator_value_names(t: &CodeValueTemplate) -> Result<Vec<Option<&str>>, ()> {
    let values: Vec<&Option<FhirValue>> = match &t.components {
        Some(list) => {
            let mut v = Vec::with_capacity(list.len());
            for c in list {
                v.push(&c.as_ref().ok_or(())?.value);
            }
            v
        }
        None => vec![&t.value],
    };
    let mut names: Vec<Option<&str>> = Vec::new();
    for v in values {
        let name = v.as_ref().ok_or(())?.value_name.as_deref();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(names)
}

fn validator_checks(device: &DeviceMapping, fhir: &FhirMapping, out: &mut Vec<Diagnostic>) {
    let available = fhir
        .templates
        .iter()
        .map(|t| t.type_name.as_str())
        .collect::<Vec<_>>()
        .join(" ,");
    for dt in &device.templates {
        let location = Location {
            span: Some(dt.location.span).filter(|s| !s.is_synthetic()),
            pointer: dt.location.pointer.clone(),
            line_info: dt.location.line_info,
        };
        if dt.type_name.trim().is_empty() {
            out.push(at(
                Diagnostic::warning(
                    Code::CrossValidatorCrash,
                    Source::DeviceMapping,
                    "The string can't be left empty, null or consist of only whitespaces. (Parameter 'type')",
                )
                .with_help("the mapping debugger (MappingValidator) reports this as an error for a blank device typeName"),
                &location,
            ));
            continue;
        }
        let Some(ft) = fhir.find(&dt.type_name) else {
            let mut d = Diagnostic::warning(
                Code::CrossNoFhirTemplate,
                Source::DeviceMapping,
                format!(
                    "No matching Fhir Template exists for Device Mapping [{}]. Ensure case matches. Available Fhir Templates: [{available}].",
                    dt.type_name
                ),
            );
            let hint = closest(
                &dt.type_name,
                fhir.templates.iter().map(|t| t.type_name.as_str()),
            );
            d = d.with_help(match hint {
                Some(c) => format!("did you mean {c:?}? Measurements of this type fail with TemplateNotFoundException and never reach FHIR."),
                None => "measurements of this type fail with TemplateNotFoundException and never reach FHIR (the lookup itself ignores case)".to_string(),
            });
            out.push(at(d, &location));
            continue;
        };
        if ft.type_name != dt.type_name {
            out.push(at(
                Diagnostic::info(
                    Code::CrossTypeNameCase,
                    Source::DeviceMapping,
                    format!(
                        "Device type [{}] uses the FHIR template [{}]: the lookup ignores case; Observation codes and identifiers keep the device's spelling.",
                        dt.type_name, ft.type_name
                    ),
                ),
                &location,
            ));
        }
        let Ok(names) = validator_value_names(ft) else {
            {
                out.push(at(
                    Diagnostic::warning(
                        Code::CrossValidatorCrash,
                        Source::FhirMapping,
                        "Object reference not set to an instance of an object.",
                    )
                    .with_help(format!(
                        "the mapping debugger (MappingValidator) fails on FHIR template [{}] because it has no value (or a component without value); the service itself is not affected",
                        ft.type_name
                    )),
                    &ft.type_name_location,
                ));
            }
            continue;
        };
        let display = names
            .iter()
            .map(|n| n.unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ,");
        for v in &dt.values {
            if names.contains(&Some(v.name.as_str())) {
                continue;
            }
            let mut d = Diagnostic::warning(
                Code::CrossValueNotRepresented,
                Source::DeviceMapping,
                format!(
                    "The value [{}] in Device Mapping [{}] is not represented within the Fhir Template of type [{}]. Available values are: [{display}]. No value will appear inside of Observations.",
                    v.name, dt.type_name, dt.type_name
                ),
            );
            let main = ft.value.as_ref().and_then(|m| m.value_name.as_deref());
            if ft.components.is_some() && main == Some(v.name.as_str()) {
                d = d.with_help("the validator only compares component values when the template has components; the main value does use this property");
            } else if let Some(c) = closest(&v.name, names.iter().flatten().copied()) {
                d = d.with_help(format!(
                    "did you mean {c:?}? valueName is compared case-sensitively"
                ));
            }
            let vl = &v.location;
            out.push(
                d.at(
                    Some(vl.span).filter(|s| !s.is_synthetic()),
                    Some(vl.pointer.clone()),
                )
                .with_reference_position(vl.line_info),
            );
        }
    }
}

/// Run-time problems visible in the FHIR mapping alone.
pub fn template_checks(fhir: &FhirMapping) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &fhir.templates {
        if let PeriodInterval::Other(v) = t.period_interval {
            let loc = t.period_location.as_ref().unwrap_or(&t.location);
            out.push(at(
                Diagnostic::warning(
                    Code::CrossPeriodUnsupported,
                    Source::FhirMapping,
                    format!("periodInterval {v} is accepted when loading but every measurement of [{}] fails: ObservationPeriodInterval {v} is not supported.", t.type_name),
                )
                .with_help("use 0 (Single), 60 (Hourly), 1440 (Daily) or -1 (CorrelationId)"),
                loc,
            ));
        }
        if t.codes.iter().any(Option::is_none)
            || t.category.iter().flatten().any(|c| {
                c.as_ref()
                    .is_none_or(|c| c.codes.iter().flatten().any(Option::is_none))
            })
            || t.components.iter().flatten().any(Option::is_none)
        {
            out.push(at(
                Diagnostic::warning(
                    Code::CrossNullEntry,
                    Source::FhirMapping,
                    format!("Template [{}] has a null entry in codes, category or components: building an Observation throws NullReferenceException and the batch fails.", t.type_name),
                ),
                &t.location,
            ));
        }
        match &t.value {
            Some(v) if v.value_name.as_deref().is_none_or(|n| n.trim().is_empty()) => out.push(at(
                Diagnostic::warning(
                    Code::CrossValueNameMissing,
                    Source::FhirMapping,
                    format!(
                        "The value of template [{}] has no valueName: it is never written.",
                        t.type_name
                    ),
                ),
                &v.location,
            )),
            _ => {}
        }
        if let Some(v) = &t.value {
            value_checks(t, v, &mut out);
        }
        for c in t.components.iter().flatten().flatten() {
            match &c.value {
                None => out.push(at(
                    Diagnostic::warning(
                        Code::CrossComponentNoValueName,
                        Source::FhirMapping,
                        format!("A component of template [{}] has no value: every measurement of this type throws NullReferenceException and the batch fails.", t.type_name),
                    ),
                    &c.location,
                )),
                Some(v) if v.value_name.is_none() => out.push(at(
                    Diagnostic::warning(
                        Code::CrossComponentNoValueName,
                        Source::FhirMapping,
                        format!("A component value of template [{}] has no valueName: every measurement of this type throws ArgumentNullException and the batch fails.", t.type_name),
                    ),
                    &v.location,
                )),
                Some(v) => value_checks(t, v, &mut out),
            }
        }
    }
    out
}

fn value_checks(t: &CodeValueTemplate, v: &FhirValue, out: &mut Vec<Diagnostic>) {
    let window = match t.period_interval {
        PeriodInterval::Hourly => Some(("an hourly window", 3_600_000i64)),
        PeriodInterval::Daily => Some(("a daily window", 86_400_000)),
        PeriodInterval::CorrelationId => Some(("a correlation-id window", 0)),
        _ => None,
    };
    match &v.kind {
        ValueKind::Quantity { .. } | ValueKind::String if window.is_some() => {
            let (what, _) = window.unwrap_or(("", 0));
            let effect = match v.kind {
                ValueKind::String => "String takes one value: a second one in the window throws InvalidOperationException and the batch fails",
                _ => "Quantity takes one value: a second one in the window fails with InvalidQuantityFhirValueException (Expected 1 value. Received 2.) and the data is skipped",
            };
            out.push(at(
                Diagnostic::warning(
                    Code::CrossSingleValueWindow,
                    Source::FhirMapping,
                    format!("{} value {:?} of template [{}] under {what}: {effect}.", v.kind.type_name(), v.value_name.as_deref().unwrap_or(""), t.type_name),
                )
                .with_help("use periodInterval 0 (Single) for Quantity and String values, or SampledData"),
                &v.location,
            ));
        }
        ValueKind::SampledData { default_period, .. } => match default_period {
            None => out.push(at(
                Diagnostic::warning(
                    Code::CrossPeriodMissing,
                    Source::FhirMapping,
                    format!("SampledData value of template [{}] has no defaultPeriod: every measurement of this type throws ArgumentNullException and the batch fails.", t.type_name),
                )
                .with_help("add \"defaultPeriod\": the slot length in milliseconds"),
                &v.location,
            )),
            Some(p) => match step_ticks(p) {
                Ok(step) if step <= 0 => out.push(at(
                    Diagnostic::warning(
                        Code::CrossPeriodNotPositive,
                        Source::FhirMapping,
                        format!("SampledData defaultPeriod {p} of template [{}] adds no time per slot: the service loops forever on the first measurement of this type.", t.type_name),
                    )
                    .with_help("use a positive defaultPeriod (milliseconds, at least 0.0001)"),
                    &v.location,
                )),
                Ok(step) => {
                    if let Some((what, ms)) = window.filter(|(_, ms)| *ms > 0) {
                        let slots = ms * 10_000 / step;
                        if slots > LARGE_SLOTS {
                            out.push(at(
                                Diagnostic::warning(
                                    Code::CrossSampledDataLarge,
                                    Source::FhirMapping,
                                    format!("SampledData of template [{}] has {slots} slots per Observation ({what}, defaultPeriod {p} ms).", t.type_name),
                                )
                                .with_help("every Observation carries a data string with that many tokens; raise defaultPeriod"),
                                &v.location,
                            ));
                        }
                    }
                }
                Err(_) => out.push(at(
                    Diagnostic::warning(
                        Code::CrossPeriodNotPositive,
                        Source::FhirMapping,
                        format!("SampledData defaultPeriod {p} of template [{}] is beyond .NET's date range: every measurement of this type fails.", t.type_name),
                    ),
                    &v.location,
                )),
            },
        },
        ValueKind::CodeableConcept { codes: None, .. } => out.push(at(
            Diagnostic::warning(
                Code::CrossCodeableConceptNoCodes,
                Source::FhirMapping,
                format!("CodeableConcept value of template [{}] has no codes: every measurement of this type throws ArgumentNullException and the batch fails.", t.type_name),
            )
            .with_help("add \"codes\": [ { \"code\": …, \"system\": …, \"display\": … } ]"),
            &v.location,
        )),
        _ => {}
    }
}
