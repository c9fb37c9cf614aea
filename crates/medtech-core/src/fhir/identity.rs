//! Identity resolution (fhir-mapping.md §3): the Patient, Device and Encounter ids an
//! Observation references, as the `Lookup`, `LookupWithEncounter` and `Create` services find
//! or create them, with their per-device cache (successes only, for the whole run).

use foldhash::{HashMap, HashMapExt};

use serde_json::{json, Value as Json};

use crate::diagnostic::Code;
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::resources::{
    multiple_message, patient_id_from_reference, resource_id, ResourceStore,
};
use crate::fhir::sha256::Sha256;
use crate::normalize::measurement::Measurement;

/// `ResourceIdentityServiceType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum IdentityMode {
    /// Find Device (and its Patient), or create both (`Create`; this tool's default).
    #[default]
    Create,
    /// Find the Device by identifier; its `patient` reference gives the Patient.
    Lookup,
    /// Lookup, and an encounter id is required.
    LookupWithEncounter,
}

impl IdentityMode {
    /// `ResourceIdentityServiceType` as the service accepts it (case-insensitive): `Create`,
    /// `Lookup`, `LookupWithEncounter`, or the legacy class names
    /// `R4DeviceAndPatientCreateIdentityService`, `R4DeviceAndPatientLookupIdentityService`,
    /// `R4DeviceAndPatientWithEncounterLookupIdentityService`. `None` where the service throws
    /// `NotSupportedException`.
    pub fn parse(text: &str) -> Option<IdentityMode> {
        const NAMES: [(&str, IdentityMode); 6] = [
            ("Create", IdentityMode::Create),
            ("Lookup", IdentityMode::Lookup),
            ("LookupWithEncounter", IdentityMode::LookupWithEncounter),
            (
                "R4DeviceAndPatientCreateIdentityService",
                IdentityMode::Create,
            ),
            (
                "R4DeviceAndPatientLookupIdentityService",
                IdentityMode::Lookup,
            ),
            (
                "R4DeviceAndPatientWithEncounterLookupIdentityService",
                IdentityMode::LookupWithEncounter,
            ),
        ];
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(text))
            .map(|(_, m)| *m)
    }
}

/// The ids an Observation references.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolvedIds {
    /// Device logical id (`None` when the found Device has no id).
    pub device: Option<String>,
    /// Patient logical id.
    pub patient: Option<String>,
    /// Encounter logical id, when one was resolved.
    pub encounter: Option<String>,
}

/// The outcome of resolving one measurement group.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    /// The ids.
    pub ids: ResolvedIds,
    /// True when they came from the per-device cache.
    pub cached: bool,
    /// Resources Create mode wrote (PUT) for this group.
    pub written: Vec<Json>,
}

/// The identity service of one run.
pub struct Resolver {
    mode: IdentityMode,
    system: Option<String>,
    store: ResourceStore,
    cache: HashMap<String, ResolvedIds>,
}

/// Why a lookup found no ids: no Device, or a Device without a `Patient/<id>` reference.
enum Missing<'s> {
    Device,
    Patient {
        device: &'s Json,
        reference: Option<&'s str>,
    },
}

/// `ComputeHashForIdentifier("{system}_{value}")`: the id Create mode gives a resource (the
/// system is empty for a Patient), hashed without concatenating the text first.
fn id_hash(system: Option<&str>, value: &str) -> String {
    let mut hash = Sha256::default();
    hash.update(system.unwrap_or("").as_bytes());
    hash.update(b"_");
    hash.update(value.as_bytes());
    hash.finish_hex()
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

fn not_found(code: Code, resource_type: &str, help: String) -> Failure {
    Failure::new(
        code,
        "FhirResourceNotFoundException",
        format!("Fhir resource of type {resource_type} not found."),
        Policy::Skip,
    )
    .help(format!(
        "{help} (logged as {resource_type}NotFoundException)."
    ))
}

fn not_defined(resource_type: &str, help: &str) -> Failure {
    let code = if resource_type == "Patient" {
        Code::IdentityPatientNotDefined
    } else {
        Code::IdentityEncounterNotDefined
    };
    Failure::new(
        code,
        "ResourceIdentityNotDefinedException",
        format!("Fhir resource of type {resource_type} not found."),
        Policy::Skip,
    )
    .help(format!(
        "{help} (logged as {resource_type}IdentityNotDefinedException)."
    ))
}

impl Resolver {
    /// A resolver over the given resources (`system` = `DefaultDeviceIdentifierSystem`).
    pub fn new(mode: IdentityMode, system: Option<String>, store: ResourceStore) -> Resolver {
        Resolver {
            mode,
            system: system.filter(|s| !s.trim().is_empty()),
            store,
            cache: HashMap::new(),
        }
    }

    /// Resolves the ids for a measurement group whose first measurement is `m`.
    pub fn resolve(&mut self, m: &Measurement) -> Result<Resolution, Failure> {
        if let Some(ids) = self.cache.get(m.device_id.as_str()) {
            return Ok(Resolution {
                ids: ids.clone(),
                cached: true,
                written: Vec::new(),
            });
        }
        let mut written = Vec::new();
        let ids = match self.mode {
            IdentityMode::Lookup => self.lookup(m)?,
            IdentityMode::LookupWithEncounter => {
                let ids = self.lookup(m)?;
                if blank(m.encounter_id.as_deref()) {
                    return Err(not_defined(
                        "Encounter",
                        "LookupWithEncounter needs an encounter id: add encounterIdExpression to the device template",
                    ));
                }
                ids
            }
            // A Device or Patient not found is created; the lookup's other failures stand.
            IdentityMode::Create => match self.lookup_ids(m)? {
                Ok(ids) => ids,
                Err(_) => self.create(m, &mut written)?,
            },
        };
        self.cache
            .insert(String::from(m.device_id.as_str()), ids.clone());
        Ok(Resolution {
            ids,
            cached: false,
            written,
        })
    }

    /// One search; more than one result → `MultipleResourceFoundException` (only two read).
    fn find_one(
        &self,
        resource_type: &str,
        system: Option<&str>,
        value: &str,
    ) -> Result<Option<&Json>, Failure> {
        let found = self.store.search(resource_type, system, value);
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(self.store.get(*one)),
            [a, b, ..] => {
                let read: Vec<&Json> = [*a, *b].iter().filter_map(|i| self.store.get(*i)).collect();
                Err(Failure::new(
                    Code::IdentityMultipleResources,
                    "MultipleResourceFoundException",
                    multiple_message(resource_type, &read),
                    Policy::Skip,
                )
                .help(format!(
                    "{} {resource_type} resources have the identifier {value:?} (logged as Multiple{resource_type}FoundException).",
                    found.len()
                )))
            }
        }
    }

    fn check_value(value: &str) -> Result<(), Failure> {
        if value.trim().is_empty() {
            return Err(Failure::new(
                Code::IdentityBlankId,
                "ArgumentException",
                "The string can't be left empty, null or consist of only whitespaces. (Parameter 'value')",
                Policy::FailBatch,
            )
            .help("the device id is blank."));
        }
        Ok(())
    }

    /// `R4DeviceAndPatientLookupIdentityService`.
    fn lookup(&self, m: &Measurement) -> Result<ResolvedIds, Failure> {
        match self.lookup_ids(m)? {
            Ok(ids) => Ok(ids),
            Err(missing) => Err(self.missing_failure(m, missing)),
        }
    }

    /// The lookup, with a Device or Patient that is not found as data: Create mode creates
    /// them, so their failure is formatted only where it is the group's outcome.
    fn lookup_ids(&self, m: &Measurement) -> Result<Result<ResolvedIds, Missing<'_>>, Failure> {
        Self::check_value(&m.device_id)?;
        let system = self.system.as_deref();
        let Some(device) = self.find_one("Device", system, &m.device_id)? else {
            return Ok(Err(Missing::Device));
        };
        let reference = device
            .get("patient")
            .and_then(|p| p.get("reference"))
            .and_then(Json::as_str);
        let Some(patient) = patient_id_from_reference(reference) else {
            return Ok(Err(Missing::Patient { device, reference }));
        };
        let mut ids = ResolvedIds {
            device: resource_id(device).map(str::to_string),
            patient: Some(patient),
            encounter: None,
        };
        if let Some(encounter_id) = m.encounter_id.as_deref().filter(|e| !e.trim().is_empty()) {
            let encounter = self
                .find_one("Encounter", None, encounter_id)?
                .ok_or_else(|| {
                    not_found(
                        Code::IdentityEncounterNotFound,
                        "Encounter",
                        format!("No Encounter has the identifier {encounter_id:?}"),
                    )
                })?;
            ids.encounter = resource_id(encounter).map(str::to_string);
        }
        Ok(Ok(ids))
    }

    /// The failure of a lookup that found no Device, or a Device without a patient reference.
    fn missing_failure(&self, m: &Measurement, missing: Missing<'_>) -> Failure {
        match missing {
            Missing::Device => not_found(
                Code::IdentityDeviceNotFound,
                "Device",
                format!(
                    "No Device has the identifier {}{:?}",
                    self.system
                        .as_deref()
                        .map(|s| format!("{s}|"))
                        .unwrap_or_default(),
                    m.device_id
                ),
            ),
            Missing::Patient { device, reference } => not_found(
                Code::IdentityPatientNotFound,
                "Patient",
                format!(
                    "Device/{} has no patient reference of the form Patient/<id> (found {:?})",
                    resource_id(device).unwrap_or(""),
                    reference.unwrap_or("none")
                ),
            ),
        }
    }

    /// `R4DeviceAndPatientCreateIdentityService.EnsureDeviceAndPatientExistsAsync`.
    fn create(&mut self, m: &Measurement, written: &mut Vec<Json>) -> Result<ResolvedIds, Failure> {
        let Some(patient_value) = m.patient_id.as_deref().filter(|p| !p.trim().is_empty()) else {
            return Err(not_defined(
                "Patient",
                "Create mode needs a patient id to create the Patient: add patientIdExpression to the device template",
            ));
        };
        let patient_id = match self.find_one("Patient", None, patient_value)? {
            Some(p) => resource_id(p).unwrap_or("").to_string(),
            None => {
                let id = id_hash(None, patient_value);
                let p = json!({
                    "resourceType": "Patient",
                    "id": id,
                    "identifier": [{"value": patient_value}],
                });
                self.store.put(p.clone());
                written.push(p);
                id
            }
        };
        let device_value = m.device_id.as_str();
        Self::check_value(device_value)?;
        let system = self.system.clone();
        let (device, created) = match self.find_one("Device", system.as_deref(), device_value)? {
            Some(d) => (d.clone(), false),
            None => {
                let mut identifier = serde_json::Map::new();
                if let Some(s) = &system {
                    identifier.insert("system".into(), Json::String(s.clone()));
                }
                identifier.insert("value".into(), Json::String(device_value.to_string()));
                let d = json!({
                    "resourceType": "Device",
                    "id": id_hash(system.as_deref(), device_value),
                    "identifier": [Json::Object(identifier)],
                    "patient": {"reference": format!("Patient/{patient_id}")},
                });
                self.store.put(d.clone());
                (d, true)
            }
        };
        match device.get("patient") {
            None | Some(Json::Null) => {
                let mut linked = device.clone();
                if let Some(obj) = linked.as_object_mut() {
                    obj.insert(
                        "patient".into(),
                        json!({"reference": format!("Patient/{patient_id}")}),
                    );
                }
                self.store.put(linked.clone());
                written.push(linked);
            }
            Some(p) => {
                let found = patient_id_from_reference(p.get("reference").and_then(Json::as_str));
                if found.as_deref() != Some(patient_id.as_str()) {
                    return Err(Failure::new(
                        Code::IdentityPatientDeviceMismatch,
                        "PatientDeviceMismatchException",
                        "Exception of type 'Microsoft.Health.Fhir.Ingest.Service.PatientDeviceMismatchException' was thrown.",
                        Policy::Skip,
                    )
                    .help(format!(
                        "Device/{} references {:?} but the measurement's patient {patient_value:?} is Patient/{patient_id}.",
                        resource_id(&device).unwrap_or(""),
                        p.get("reference").and_then(Json::as_str).unwrap_or("(no reference)")
                    )));
                }
            }
        }
        let device_id = resource_id(&device).map(str::to_string);
        if created {
            written.push(device);
        }
        Ok(ResolvedIds {
            device: device_id,
            patient: Some(patient_id),
            encounter: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::sha256::sha256_hex;

    #[test]
    fn created_ids_hash_system_underscore_value() {
        assert_eq!(id_hash(None, "patientId"), sha256_hex("_patientId"));
        assert_eq!(
            id_hash(Some("mySystem"), "deviceId"),
            sha256_hex("mySystem_deviceId")
        );
        // A value longer than a SHA-256 block, split across the pieces' buffer.
        let long = "d".repeat(150);
        assert_eq!(id_hash(Some("s"), &long), sha256_hex(&format!("s_{long}")));
    }

    #[test]
    fn s8_7_service_type_names() {
        assert_eq!(IdentityMode::parse("Lookup"), Some(IdentityMode::Lookup));
        assert_eq!(IdentityMode::parse("lookup"), Some(IdentityMode::Lookup));
        assert_eq!(IdentityMode::parse("create"), Some(IdentityMode::Create));
        assert_eq!(
            IdentityMode::parse("LOOKUPWITHENCOUNTER"),
            Some(IdentityMode::LookupWithEncounter)
        );
        assert_eq!(
            IdentityMode::parse("R4DeviceAndPatientLookupIdentityService"),
            Some(IdentityMode::Lookup)
        );
        assert_eq!(IdentityMode::parse("foo"), None);
        assert_eq!(IdentityMode::default(), IdentityMode::Create);
    }
}
