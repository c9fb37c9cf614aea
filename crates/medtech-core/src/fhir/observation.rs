//! Building a new Observation (fhir-mapping.md §4): status `final`, the template codes plus
//! the service coding, category, subject/device/encounter references, the identifier and its
//! SHA-256 id, the window as `effectivePeriod`, the value and the components in template order.

use foldhash::HashMap;

use serde_json::{Map, Value as Json};

use crate::diagnostic::Code;
use crate::fhir::failure::Failure;
use crate::fhir::fhir_time::roundtrip_text;
use crate::fhir::group::ObservationGroup;
use crate::fhir::json::{coding, reference, service_coding, text};
use crate::fhir::model::{CategorySpec, CodeList, CodeValueTemplate, FhirValue, SERVICE_SYSTEM};
use crate::fhir::values;
use crate::fhir::written::{push_string, push_string_parts, push_value, ObservationText};
use std::rc::Rc;

/// `ResolveCode(name, codes)`: template codings, then the service coding; `text` = name.
pub fn resolve_code(name: &str, codes: &CodeList) -> Result<Json, Failure> {
    let mut list = Vec::with_capacity(codes.len() + 1);
    for c in codes {
        let c = c.as_ref().ok_or_else(|| {
            Failure::null_reference(Code::ObservationNullEntry)
                .help("\"codes\" holds a null entry.")
        })?;
        list.push(coding(c));
    }
    list.push(service_coding(name));
    let mut map = Map::with_capacity(2);
    map.insert("coding".into(), Json::Array(list));
    map.insert("text".into(), text(name));
    Ok(Json::Object(map))
}

/// `ResolveCategory`: one CodeableConcept per entry (`text`, `codes` → `coding`).
pub fn resolve_category(category: &[Option<CategorySpec>]) -> Result<Json, Failure> {
    let mut list = Vec::with_capacity(category.len());
    for entry in category {
        let entry = entry.as_ref().ok_or_else(|| {
            Failure::null_reference(Code::ObservationNullEntry)
                .help("\"category\" holds a null entry.")
        })?;
        let mut map = Map::with_capacity(2);
        if let Some(codes) = &entry.codes {
            let mut codings = Vec::with_capacity(codes.len());
            for c in codes {
                let c = c.as_ref().ok_or_else(|| {
                    Failure::null_reference(Code::ObservationNullEntry)
                        .help("a category's \"codes\" holds a null entry.")
                })?;
                codings.push(coding(c));
            }
            // Built in canonical form: no empty array, strings trimmed.
            if !codings.is_empty() {
                map.insert("coding".into(), Json::Array(codings));
            }
        }
        if let Some(t) = &entry.text {
            map.insert("text".into(), text(t));
        }
        list.push(Json::Object(map));
    }
    Ok(Json::Array(list))
}

/// The period as `Period` with the round-trip format (`yyyy-MM-ddTHH:mm:ss.fffffffK`).
pub fn period(start: &medtech_json::DateTime, end: &medtech_json::DateTime) -> Json {
    let mut map = Map::with_capacity(2);
    map.insert("start".into(), Json::String(roundtrip_text(start)));
    map.insert("end".into(), Json::String(roundtrip_text(end)));
    Json::Object(map)
}

/// The ids the Observation references and its identity.
#[derive(Clone, Debug)]
pub struct Refs<'a> {
    /// Patient logical id.
    pub patient: &'a str,
    /// Device logical id.
    pub device: &'a str,
    /// Encounter logical id.
    pub encounter: Option<&'a str>,
    /// Identifier value.
    pub identifier: &'a str,
    /// Observation id.
    pub id: &'a str,
    /// `issued` text.
    pub issued: &'a str,
    /// The window's start and end in the round-trip format, when already written (they are
    /// the observation group's `start` and `end`).
    pub period: Option<(&'a str, &'a str)>,
}

/// What a create produced besides the Observation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Built {
    /// The Observation.
    pub observation: Json,
    /// True when neither value nor any component was written.
    pub shell: bool,
    /// SampledData values outside the slots.
    pub dropped: usize,
}

/// A component value's template, checked as the reference's code meets it.
pub fn component_value(value: &Option<FhirValue>) -> Result<(&FhirValue, &str), Failure> {
    let v = value.as_ref().ok_or_else(|| {
        Failure::null_reference(Code::ObservationComponentValueMissing)
            .help("a component has no \"value\".")
    })?;
    let name = v.value_name.as_deref().ok_or_else(|| {
        Failure::argument_null(Code::ObservationComponentValueMissing, "key")
            .help("a component value has no \"valueName\".")
    })?;
    Ok((v, name))
}

/// The `code` CodeableConcepts of a run's Observations ([`resolve_code`]) as written, built once
/// per template, component and name and shared by every Observation.
#[derive(Clone, Debug, Default)]
pub struct Codes {
    /// (template index, 0 for the Observation or 1 + component index) → (name, code text).
    built: HashMap<(usize, usize), (String, Rc<str>)>,
    /// The buffer [`write`] writes an Observation in, kept between Observations: each text is
    /// then copied out at its exact size (a run keeps every Observation it writes).
    buffer: String,
}

impl Codes {
    /// The text of [`resolve_code`]`(name, codes)` for the template's Observation code (`slot`
    /// 0) or its component `slot - 1`; failures are not kept (they fail again the same way).
    pub fn resolve(
        &mut self,
        template: &CodeValueTemplate,
        slot: usize,
        name: &str,
        codes: &CodeList,
    ) -> Result<Rc<str>, Failure> {
        let key = (template.index, slot);
        if let Some((built_name, code)) = self.built.get(&key) {
            if built_name == name {
                return Ok(Rc::clone(code));
            }
        }
        let code: Rc<str> = ObservationText::write(&resolve_code(name, codes)?)
            .as_str()
            .into();
        self.built.insert(key, (name.to_string(), Rc::clone(&code)));
        Ok(code)
    }
}

/// `CreateObservation` + `GenerateObservation`. The Observation is built in canonical form
/// (R4 member order, strings trimmed, no nulls or empty arrays): it equals its
/// [`canonical_observation`](crate::fhir::json::canonical_observation). The run writes it
/// with [`write`] instead, which gives its text directly.
pub fn create(
    template: &CodeValueTemplate,
    group: &ObservationGroup,
    refs: &Refs<'_>,
    max_slots: usize,
) -> Result<Built, Failure> {
    let code = resolve_code(&group.name, &template.codes)?;
    let mut dropped = 0;
    let category = match &template.category {
        Some(c) if !c.is_empty() => Some(resolve_category(c)?),
        _ => None,
    };
    let mut value: Option<(&'static str, Json)> = None;
    if let Some(v) = &template.value {
        if let Some(name) = v.value_name.as_deref().filter(|n| !n.trim().is_empty()) {
            if let Some(data) = group.get(name) {
                let built = values::create(&v.kind, data, group.start, group.end, max_slots)?;
                dropped += built.dropped;
                value = Some((built.member, built.json));
            }
        }
    }
    let mut components = Vec::new();
    if let Some(list) = template.components.as_ref().filter(|l| !l.is_empty()) {
        for component in list {
            let component = component.as_ref().ok_or_else(|| {
                Failure::null_reference(Code::ObservationNullEntry)
                    .help("\"components\" holds a null entry.")
            })?;
            let (v, name) = component_value(&component.value)?;
            if let Some(data) = group.get(name) {
                let mut c = Map::with_capacity(2);
                c.insert("code".into(), resolve_code(name, &component.codes)?);
                let built = values::create(&v.kind, data, group.start, group.end, max_slots)?;
                dropped += built.dropped;
                if !built.json.is_null() {
                    c.insert(built.member.into(), built.json);
                }
                components.push(Json::Object(c));
            }
        }
    }
    let shell = value.is_none() && components.is_empty();
    let encounter = refs.encounter.filter(|e| !e.trim().is_empty());
    // resourceType, id, identifier, status, code, subject, effectivePeriod, issued, device and
    // the optional members.
    let members = 9
        + usize::from(category.is_some())
        + usize::from(encounter.is_some())
        + usize::from(value.is_some())
        + usize::from(!components.is_empty());
    let mut o = Map::with_capacity(members);
    o.insert("resourceType".into(), Json::from("Observation"));
    o.insert("id".into(), text(refs.id));
    let mut identifier = Map::with_capacity(2);
    identifier.insert("system".into(), Json::from(SERVICE_SYSTEM));
    identifier.insert("value".into(), text(refs.identifier));
    o.insert(
        "identifier".into(),
        Json::Array(vec![Json::Object(identifier)]),
    );
    o.insert("status".into(), Json::from("final"));
    if let Some(c) = category {
        o.insert("category".into(), c);
    }
    o.insert("code".into(), code);
    o.insert("subject".into(), reference("Patient", refs.patient));
    if let Some(e) = encounter {
        o.insert("encounter".into(), reference("Encounter", e));
    }
    let effective = match refs.period {
        Some((start, end)) => {
            let mut map = Map::with_capacity(2);
            map.insert("start".into(), text(start));
            map.insert("end".into(), text(end));
            Json::Object(map)
        }
        None => period(&group.start, &group.end),
    };
    o.insert("effectivePeriod".into(), effective);
    o.insert("issued".into(), text(refs.issued));
    if let Some((member, json)) = value.filter(|(_, json)| !json.is_null()) {
        o.insert(member.into(), json);
    }
    o.insert("device".into(), reference("Device", refs.device));
    if !components.is_empty() {
        o.insert("component".into(), Json::Array(components));
    }
    Ok(Built {
        observation: Json::Object(o),
        shell,
        dropped,
    })
}

/// What [`write`] produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// The Observation's text: [`ObservationText::write`] of what [`create`] builds.
    pub text: ObservationText,
    /// True when neither value nor any component was written.
    pub shell: bool,
    /// SampledData values outside the slots.
    pub dropped: usize,
}

/// Room for an Observation's members besides its code, value and components (ids, references,
/// period, `issued`: about 400 bytes with this service's ids and timestamps).
const SHELL_CAPACITY: usize = 640;

/// Room for a Quantity value, or a SampledData's members besides its data.
const VALUE_CAPACITY: usize = 160;

/// [`create`], written as text directly (the run's path: no `serde_json` value of the whole
/// Observation is built), the codes taken from (and kept in) `codes`. Fails as [`create`] does,
/// in the same order.
pub fn write(
    template: &CodeValueTemplate,
    group: &ObservationGroup,
    refs: &Refs<'_>,
    max_slots: usize,
    codes: &mut Codes,
) -> Result<Written, Failure> {
    let code = codes.resolve(template, 0, &group.name, &template.codes)?;
    let mut dropped = 0;
    let category = match &template.category {
        Some(c) if !c.is_empty() => Some(resolve_category(c)?),
        _ => None,
    };
    // `,"value[x]":…`, built before the components (their failures come after its own) and
    // written after `issued`.
    let mut value = String::new();
    if let Some(v) = &template.value {
        if let Some(name) = v.value_name.as_deref().filter(|n| !n.trim().is_empty()) {
            if let Some(data) = group.get(name) {
                value.reserve(VALUE_CAPACITY);
                value.push(',');
                push_string(&mut value, v.kind.json_member());
                value.push(':');
                dropped +=
                    values::write(&v.kind, data, group.start, group.end, max_slots, &mut value)?;
            }
        }
    }
    let mut components = String::new();
    if let Some(list) = template.components.as_ref().filter(|l| !l.is_empty()) {
        for (index, component) in list.iter().enumerate() {
            let component = component.as_ref().ok_or_else(|| {
                Failure::null_reference(Code::ObservationNullEntry)
                    .help("\"components\" holds a null entry.")
            })?;
            let (v, name) = component_value(&component.value)?;
            if let Some(data) = group.get(name) {
                let code = codes.resolve(template, index + 1, name, &component.codes)?;
                components.push(if components.is_empty() { '[' } else { ',' });
                components.push_str(r#"{"code":"#);
                components.push_str(&code);
                components.push(',');
                push_string(&mut components, v.kind.json_member());
                components.push(':');
                dropped += values::write(
                    &v.kind,
                    data,
                    group.start,
                    group.end,
                    max_slots,
                    &mut components,
                )?;
                components.push('}');
            }
        }
    }
    let shell = value.is_empty() && components.is_empty();
    let encounter = refs.encounter.filter(|e| !e.trim().is_empty());
    // Room for the fixed members plus what is already written, so that the text is not copied
    // again as it grows (an hourly SampledData's data alone can be kilobytes).
    let mut o = std::mem::take(&mut codes.buffer);
    o.reserve(SHELL_CAPACITY + code.len() + value.len() + components.len());
    o.push_str(r#"{"resourceType":"Observation","id":"#);
    push_string(&mut o, refs.id.trim());
    o.push_str(r#","identifier":[{"system":"#);
    push_string(&mut o, SERVICE_SYSTEM);
    o.push_str(r#","value":"#);
    push_string(&mut o, refs.identifier.trim());
    o.push_str(r#"}],"status":"final""#);
    if let Some(c) = &category {
        o.push_str(r#","category":"#);
        push_value(&mut o, c);
    }
    o.push_str(r#","code":"#);
    o.push_str(&code);
    push_reference(&mut o, "subject", "Patient", refs.patient);
    if let Some(e) = encounter {
        push_reference(&mut o, "encounter", "Encounter", e);
    }
    o.push_str(r#","effectivePeriod":{"start":"#);
    match refs.period {
        Some((start, end)) => {
            push_string(&mut o, start.trim());
            o.push_str(r#","end":"#);
            push_string(&mut o, end.trim());
        }
        None => {
            push_string(&mut o, &roundtrip_text(&group.start));
            o.push_str(r#","end":"#);
            push_string(&mut o, &roundtrip_text(&group.end));
        }
    }
    o.push_str(r#"},"issued":"#);
    push_string(&mut o, refs.issued.trim());
    o.push_str(&value);
    push_reference(&mut o, "device", "Device", refs.device);
    if !components.is_empty() {
        o.push_str(r#","component":"#);
        o.push_str(&components);
        o.push(']');
    }
    o.push('}');
    let text = ObservationText::from_text(o.as_str().into());
    // Only the room is kept: no message data stays behind in the run's state.
    o.clear();
    codes.buffer = o;
    Ok(Written {
        text,
        shell,
        dropped,
    })
}

/// `,"{member}":{"reference":"{type}/{id}"}` (the reference text trimmed, as [`reference`]
/// does: the type is not blank, so only the end of the id can be trimmed).
fn push_reference(out: &mut String, member: &str, resource_type: &str, id: &str) {
    out.push_str(",\"");
    out.push_str(member);
    out.push_str(r#"":{"reference":"#);
    push_string_parts(out, &[resource_type, "/", id.trim_end()]);
    out.push('}');
}
