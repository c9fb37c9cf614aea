//! Identity resolution (fhir-mapping.md §3, §8.7).

use serde_json::json;

use super::*;
use crate::diagnostic::MedTechError;

fn simple() -> FhirMapping {
    mapping(&[r#"{"typeName":"hr","codes":[],"value":{"valueType":"String","valueName":"v"}}"#])
}

fn one(patient: Option<&str>, encounter: Option<&str>) -> Vec<Measurement> {
    let mut m = meas(
        "hr",
        "2019-01-01T00:00:00Z",
        "deviceId",
        patient,
        &[("v", "1")],
    );
    m.encounter_id = encounter.map(Str::from);
    vec![m]
}

fn options(mode: IdentityMode, resources: Vec<serde_json::Value>) -> FhirOptions {
    FhirOptions {
        identity: mode,
        resources,
        ..FhirOptions::default()
    }
}

fn device(id: &str, patient: Option<&str>) -> serde_json::Value {
    let mut d = json!({"resourceType": "Device", "id": id, "identifier": [{"value": "deviceId"}]});
    if let Some(p) = patient {
        d["patient"] = json!({"reference": p});
    }
    d
}

fn refs(out: &Out) -> (String, String) {
    let o = &out.observations[0];
    (
        o["device"]["reference"].as_str().unwrap().to_string(),
        o["subject"]["reference"].as_str().unwrap().to_string(),
    )
}

#[test]
fn lookup_device_with_patient_reference() {
    let out = build_observations(
        &simple(),
        &one(Some("ignored"), None),
        &options(IdentityMode::Lookup, vec![device("1", Some("Patient/123"))]),
    );
    assert_eq!(refs(&out), ("Device/1".into(), "Patient/123".into()));
}

#[test]
fn lookup_failures() {
    // No device.
    let out = build_observations(
        &simple(),
        &one(None, None),
        &options(IdentityMode::Lookup, vec![]),
    );
    assert!(out.observations.is_empty());
    let d = &out.diagnostics[0];
    assert_eq!(d.code, Code::IdentityDeviceNotFound);
    assert_eq!(d.message, "Fhir resource of type Device not found.");
    assert_eq!(
        d.medtech_error,
        Some(MedTechError::FhirResourceNotFoundException)
    );
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("DeviceNotFoundException"));
    // Device without patient, or a reference that is not Patient/<id>.
    for p in [
        None,
        Some("Not a reference in the form of: /ResourceName/Identifier"),
        Some("http://x/Patient/1"),
    ] {
        let out = build_observations(
            &simple(),
            &one(None, None),
            &options(IdentityMode::Lookup, vec![device("1", p)]),
        );
        assert_eq!(codes(&out), [Code::IdentityPatientNotFound], "{p:?}");
        assert_eq!(
            out.diagnostics[0].message,
            "Fhir resource of type Patient not found."
        );
    }
    // Two devices with the identifier.
    let out = build_observations(
        &simple(),
        &one(None, None),
        &options(
            IdentityMode::Lookup,
            vec![
                device("1", Some("Patient/1")),
                device("2", Some("Patient/1")),
            ],
        ),
    );
    assert_eq!(codes(&out), [Code::IdentityMultipleResources]);
    assert!(out.diagnostics[0]
        .message
        .starts_with("Multiple resources 2 of type Hl7.Fhir.Model.Device found, expected one."));
}

#[test]
fn lookup_encounter() {
    let enc = json!({"resourceType": "Encounter", "id": "abc", "identifier": [{"system": "any", "value": "eId"}]});
    let out = build_observations(
        &simple(),
        &one(None, Some("eId")),
        &options(
            IdentityMode::Lookup,
            vec![device("1", Some("Patient/123")), enc],
        ),
    );
    assert_eq!(
        out.observations[0]["encounter"]["reference"],
        "Encounter/abc"
    );
    let out = build_observations(
        &simple(),
        &one(None, Some("eId")),
        &options(IdentityMode::Lookup, vec![device("1", Some("Patient/123"))]),
    );
    assert_eq!(codes(&out), [Code::IdentityEncounterNotFound]);
    assert_eq!(
        out.diagnostics[0].message,
        "Fhir resource of type Encounter not found."
    );
    // LookupWithEncounter: a missing encounter id is an error (after the device lookup).
    let out = build_observations(
        &simple(),
        &one(None, None),
        &options(
            IdentityMode::LookupWithEncounter,
            vec![device("1", Some("Patient/123"))],
        ),
    );
    assert_eq!(codes(&out), [Code::IdentityEncounterNotDefined]);
    assert_eq!(
        out.diagnostics[0].medtech_error,
        Some(MedTechError::ResourceIdentityNotDefinedException)
    );
    let out = build_observations(
        &simple(),
        &one(None, None),
        &options(IdentityMode::LookupWithEncounter, vec![]),
    );
    assert_eq!(codes(&out), [Code::IdentityDeviceNotFound]);
}

#[test]
fn device_identifier_system() {
    let d = json!({"resourceType": "Device", "id": "1", "identifier": [{"system": "mySystem", "value": "deviceId"}], "patient": {"reference": "Patient/p"}});
    let mut o = options(IdentityMode::Lookup, vec![d]);
    o.device_identifier_system = Some("other".into());
    assert_eq!(
        codes(&build_observations(&simple(), &one(None, None), &o)),
        [Code::IdentityDeviceNotFound]
    );
    o.device_identifier_system = Some("mySystem".into());
    assert!(codes(&build_observations(&simple(), &one(None, None), &o)).is_empty());
    o.device_identifier_system = Some("  ".into());
    assert!(codes(&build_observations(&simple(), &one(None, None), &o)).is_empty());
}

#[test]
fn create_mode_ids_are_the_services_hashes() {
    let out = build_observations(
        &simple(),
        &one(Some("patientId"), None),
        &options(IdentityMode::Create, vec![]),
    );
    assert_eq!(
        refs(&out),
        (
            "Device/96b1d91b8c1066c6093f8699cbd01fd2e9e8956cbad873307dcbd44449aafd13".into(),
            "Patient/bf7c741785b9bbaa3e63dd3637c0acb9caa211351ff2ca17d9474c20c1cdb683".into()
        )
    );
    assert_eq!(out.resources_written.len(), 2);
    assert_eq!(
        out.resources_written[0],
        json!({"resourceType": "Patient", "id": "bf7c741785b9bbaa3e63dd3637c0acb9caa211351ff2ca17d9474c20c1cdb683", "identifier": [{"value": "patientId"}]})
    );
    assert_eq!(
        out.resources_written[1]["patient"]["reference"],
        "Patient/bf7c741785b9bbaa3e63dd3637c0acb9caa211351ff2ca17d9474c20c1cdb683"
    );
    let mut o = options(IdentityMode::Create, vec![]);
    o.device_identifier_system = Some("mySystem".into());
    let out = build_observations(&simple(), &one(Some("patientId"), None), &o);
    assert_eq!(
        refs(&out).0,
        "Device/fd6eb28968a94406c73e4c3b6f05a142f71e3a1a27f3cf9435019cae48069afa"
    );
    assert_eq!(
        out.resources_written[1]["identifier"],
        json!([{"system": "mySystem", "value": "deviceId"}])
    );
    assert_eq!(
        out.resources_written[0]["identifier"],
        json!([{"value": "patientId"}])
    );
}

#[test]
fn create_mode_uses_existing_resources_first() {
    let out = build_observations(
        &simple(),
        &one(Some("patientId"), None),
        &options(IdentityMode::Create, vec![device("1", Some("Patient/123"))]),
    );
    assert_eq!(refs(&out), ("Device/1".into(), "Patient/123".into()));
    assert!(out.resources_written.is_empty());
    // A device without patient is linked to the found/created patient.
    let patient = json!({"resourceType": "Patient", "id": "p9", "identifier": [{"system": "x", "value": "patientId"}]});
    let out = build_observations(
        &simple(),
        &one(Some("patientId"), None),
        &options(IdentityMode::Create, vec![device("1", None), patient]),
    );
    assert_eq!(refs(&out), ("Device/1".into(), "Patient/p9".into()));
    assert_eq!(
        out.resources_written[0]["patient"]["reference"],
        "Patient/p9"
    );
}

#[test]
fn create_mode_failures() {
    for patient in [None, Some(""), Some(" ")] {
        let out = build_observations(
            &simple(),
            &one(patient, None),
            &options(IdentityMode::Create, vec![]),
        );
        assert_eq!(
            codes(&out),
            [Code::IdentityPatientNotDefined],
            "{patient:?}"
        );
        assert!(out.resources_written.is_empty());
    }
    // The device points somewhere the lookup cannot follow, and not to the ensured patient.
    let out = build_observations(
        &simple(),
        &one(Some("123"), None),
        &options(
            IdentityMode::Create,
            vec![device("1", Some("Patient/abc/_history/2"))],
        ),
    );
    assert_eq!(codes(&out), [Code::IdentityPatientDeviceMismatch]);
    assert_eq!(
        out.diagnostics.last().unwrap().medtech_error,
        Some(MedTechError::PatientDeviceMismatchException)
    );
    // Encounter lookups still fail in Create mode when the device is found.
    let out = build_observations(
        &simple(),
        &one(Some("p"), Some("nope")),
        &options(IdentityMode::Create, vec![device("1", Some("Patient/123"))]),
    );
    assert_eq!(codes(&out), [Code::IdentityEncounterNotFound]);
    // …but on the create path the encounter is not resolved at all.
    let out = build_observations(
        &simple(),
        &one(Some("p"), Some("nope")),
        &options(IdentityMode::Create, vec![]),
    );
    assert!(codes(&out).is_empty());
    assert!(out.observations[0].get("encounter").is_none());
}

#[test]
fn identities_are_cached_per_device_id() {
    let mut ms = one(Some("p1"), None);
    let mut second = meas(
        "hr",
        "2019-01-01T00:00:01Z",
        "deviceId",
        Some("p2"),
        &[("v", "2")],
    );
    second.message_index = 1;
    ms.push(second);
    let out = build_observations(&simple(), &ms, &options(IdentityMode::Create, vec![]));
    assert_eq!(out.observations.len(), 2);
    assert_eq!(
        out.observations[0]["subject"],
        out.observations[1]["subject"]
    );
    assert!(out.groups[1].ids_cached);
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == Code::IdentityCached && d.message_index == Some(1)));
}

#[test]
fn failed_resolutions_are_not_cached() {
    let mut ms = one(None, None);
    let mut second = meas(
        "hr",
        "2019-01-01T00:00:01Z",
        "deviceId",
        Some("p2"),
        &[("v", "2")],
    );
    second.message_index = 1;
    ms.push(second);
    let out = build_observations(&simple(), &ms, &options(IdentityMode::Create, vec![]));
    assert_eq!(codes(&out), [Code::IdentityPatientNotDefined]);
    assert_eq!(out.observations.len(), 1);
}
