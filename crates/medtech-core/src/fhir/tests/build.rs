//! Building Observations (fhir-mapping.md §4, §8.6 create cases, §8.8).

use serde_json::json;

use super::*;

#[test]
fn s4_2_worked_example_heart_rate_hourly() {
    let map = mapping(&[HEARTRATE]);
    let ms = vec![
        meas(
            "heartrate",
            "2019-01-01T10:00:00Z",
            "device-a",
            None,
            &[("hr", "72")],
        ),
        meas(
            "heartrate",
            "2019-01-01T10:00:02.5Z",
            "device-a",
            None,
            &[("hr", "73.5")],
        ),
    ];
    let out = build_observations(&map, &ms, &lookup("device-a", "dev1", "pat1"));
    assert_eq!(codes(&out), Vec::<Code>::new(), "{:?}", out.diagnostics);
    assert_eq!(out.observations.len(), 1);
    let o = &out.observations[0];
    assert_eq!(
        o["id"],
        "257df4727830b750ca7526095cf28d3e201044def11e891ae33e1c1e949515f9"
    );
    assert_eq!(
        o["identifier"],
        json!([{"system": SERVICE_SYSTEM, "value": "pat1.dev1.heartrate.20190101100000Z.20190101105959Z"}])
    );
    assert_eq!(o["status"], "final");
    assert_eq!(
        o["code"],
        json!({"coding": [
            {"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"},
            {"system": SERVICE_SYSTEM, "code": "heartrate", "display": "heartrate"}
        ], "text": "heartrate"})
    );
    assert_eq!(o["subject"], json!({"reference": "Patient/pat1"}));
    assert_eq!(o["device"], json!({"reference": "Device/dev1"}));
    assert!(o.get("encounter").is_none());
    assert_eq!(
        o["effectivePeriod"],
        json!({"start": "2019-01-01T10:00:00.0000000Z", "end": "2019-01-01T10:59:59.9999999Z"})
    );
    let sd = &o["valueSampledData"];
    assert_eq!(sd["origin"], json!({"value": 0, "unit": "count/min"}));
    assert_eq!(sd["period"], 1000);
    assert_eq!(sd["dimensions"], 1);
    let tokens: Vec<&str> = data(o).split(' ').collect();
    assert_eq!(tokens.len(), 3600);
    assert_eq!(&tokens[..4], ["72", "E", "73.5", "E"]);
    // Member order as Firely writes it.
    let keys: Vec<&String> = o.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "resourceType",
            "id",
            "identifier",
            "status",
            "code",
            "subject",
            "effectivePeriod",
            "issued",
            "valueSampledData",
            "device"
        ]
    );
    // A later batch merges: 02.5 s snapped to 02 s, status amended, period kept.
    let mut ms2 = ms.clone();
    ms2.push(meas(
        "heartrate",
        "2019-01-01T10:00:01Z",
        "device-a",
        None,
        &[("hr", "80")],
    ));
    let options = FhirOptions {
        batch_size: Some(2),
        ..lookup("device-a", "dev1", "pat1")
    };
    let out = build_observations(&map, &ms2, &options);
    assert_eq!(out.observations.len(), 1);
    let o = &out.observations[0];
    assert!(data(o).starts_with("72 80 73.5 E"));
    assert_eq!(o["status"], "amended");
    assert_eq!(
        out.groups[1].observations[0].operation,
        Some(WriteOperation::Updated)
    );
}

#[test]
fn s2_3_identifier_and_id_example() {
    assert_eq!(
        group::observation_id("patientId.deviceId.heartrate.20190101000000Z.20190101005959Z"),
        "127aeff043da8c8e1f6d6f37bce384eb01aee4664f10f8ee565a2e7196bf889f"
    );
}

#[test]
fn s8_6_2_empty_template_gives_the_service_coding_only() {
    let map = mapping(&[r#"{"typeName":"code","codes":[]}"#]);
    let ms = vec![meas(
        "code",
        "2019-01-01T00:00:00Z",
        "d",
        None,
        &[("p1", "v1")],
    )];
    let out = build_observations(&map, &ms, &lookup("d", "deviceId", "patientId"));
    let o = &out.observations[0];
    assert_eq!(
        o["code"],
        json!({"coding": [{"system": SERVICE_SYSTEM, "code": "code", "display": "code"}], "text": "code"})
    );
    assert_eq!(o["status"], "final");
    assert!(o.get("valueSampledData").is_none() && o.get("component").is_none());
    assert_eq!(codes(&out), [Code::ObservationNoValues]);
    // Single: start == end, still a Period.
    assert_eq!(o["effectivePeriod"]["start"], o["effectivePeriod"]["end"]);
}

#[test]
fn s8_6_4_components_in_template_order_with_their_codes() {
    let map = mapping(&[r#"{"typeName":"bp","codes":[],"components":[
        {"codes":[{"code":"code3","display":"e","system":"f"}],"value":{"valueType":"String","valueName":"p3"}},
        {"codes":[{"code":"code2","display":"c","system":"d"}],"value":{"valueType":"String","valueName":"p2"}}]}"#]);
    let ms = vec![meas(
        "bp",
        "2019-01-01T00:00:00Z",
        "d",
        None,
        &[("p2", "v2"), ("p3", "v3"), ("p1", "v1")],
    )];
    let out = build_observations(&map, &ms, &lookup("d", "deviceId", "patientId"));
    let o = &out.observations[0];
    assert!(o.get("valueString").is_none());
    assert_eq!(
        o["component"][0]["code"]["coding"][0],
        json!({"system": "f", "code": "code3", "display": "e"})
    );
    assert_eq!(
        o["component"][0]["code"]["coding"][1],
        json!({"system": SERVICE_SYSTEM, "code": "p3", "display": "p3"})
    );
    assert_eq!(o["component"][0]["code"]["text"], "p3");
    assert_eq!(o["component"][1]["valueString"], "v2");
    // p1 is used by no template value: an info, nothing written.
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ObservationUnusedProperty && d.message.contains("\"p1\"")));
}

#[test]
fn s8_6_9_categories() {
    let map = mapping(&[r#"{"typeName":"t","codes":[],"category":[
        {"text":"category with two codes","codes":[{"code":"a","display":"b","system":"c"},{"code":"d","display":"e","system":"f"}]},
        {"text":"category with no display","codes":[{"code":"y","system":"z"}]},
        {"text":"category with no codes"}]}"#]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[])],
        &lookup("d", "dev", "pat"),
    );
    let c = &out.observations[0]["category"];
    assert_eq!(c.as_array().unwrap().len(), 3);
    assert_eq!(
        c[0]["coding"][1],
        json!({"system": "f", "code": "d", "display": "e"})
    );
    assert_eq!(c[1]["coding"][0], json!({"system": "z", "code": "y"}));
    assert_eq!(c[2], json!({"text": "category with no codes"}));
    // An empty category list writes no category.
    let map = mapping(&[r#"{"typeName":"t","codes":[],"category":[]}"#]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[])],
        &lookup("d", "dev", "pat"),
    );
    assert!(out.observations[0].get("category").is_none());
}

#[test]
fn s8_8_validator_blood_pressure_components_in_template_order() {
    let map = mapping(&[
        r#"{"typeName":"bloodpressure","periodInterval":60,"codes":[],"components":[
        {"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"unit":"mmHg","valueName":"diastolic"}},
        {"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"unit":"mmHg","valueName":"systolic"}}]}"#,
    ]);
    let ms = vec![meas(
        "bloodpressure",
        "2019-01-01T00:00:00Z",
        "abc",
        Some("patient123"),
        &[("systolic", "60"), ("diastolic", "80")],
    )];
    let out = build_observations(&map, &ms, &FhirOptions::default());
    let o = &out.observations[0];
    assert_eq!(o["code"]["text"], "bloodpressure");
    assert_eq!(o["component"][0]["code"]["text"], "diastolic");
    assert!(o["component"][0]["valueSampledData"]["data"]
        .as_str()
        .unwrap()
        .starts_with("80 "));
    assert!(o["component"][1]["valueSampledData"]["data"]
        .as_str()
        .unwrap()
        .starts_with("60 "));
}

#[test]
fn value_types_quantity_string_codeable_concept() {
    let map = mapping(&[
        r#"{"typeName":"weight","codes":[],"value":{"valueType":"Quantity","valueName":"w","unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}"#,
        r#"{"typeName":"note","codes":[],"value":{"valueType":"String","valueName":"text"}}"#,
        r#"{"typeName":"alarm","codes":[],"value":{"valueType":"CodeableConcept","valueName":"a","text":"Alarm!","codes":[{"code":"x","system":"s","display":"X"}]}}"#,
    ]);
    let ms = vec![
        meas(
            "weight",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("w", " 72.50 ")],
        ),
        meas(
            "note",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("text", "hello")],
        ),
        meas(
            "alarm",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("a", "anything")],
        ),
    ];
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert_eq!(out.observations.len(), 3);
    let q = &out.observations[0]["valueQuantity"];
    assert_eq!(q["value"].as_f64(), Some(72.5));
    assert_eq!(q["unit"], "kg");
    assert_eq!(out.observations[1]["valueString"], "hello");
    assert_eq!(
        out.observations[2]["valueCodeableConcept"],
        json!({"coding": [{"system": "s", "code": "x", "display": "X"}], "text": "Alarm!"})
    );
}

#[test]
fn value_names_are_case_sensitive_and_type_names_are_not() {
    let map = mapping(&[HEARTRATE]);
    let ms = vec![meas(
        "HeartRate",
        "2019-01-01T00:00:00Z",
        "d",
        None,
        &[("HR", "72")],
    )];
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    let o = &out.observations[0];
    // The template is found ignoring case; code keeps the measurement's spelling.
    assert_eq!(o["code"]["text"], "HeartRate");
    assert!(o["identifier"][0]["value"]
        .as_str()
        .unwrap()
        .contains(".HeartRate."));
    // "HR" is not "hr": a shell Observation.
    assert!(o.get("valueSampledData").is_none());
    assert_eq!(codes(&out), [Code::ObservationNoValues]);
}

#[test]
fn encounter_reference_when_resolved() {
    let map = mapping(&[HEARTRATE]);
    let mut m = meas(
        "heartrate",
        "2019-01-01T00:00:00Z",
        "deviceId",
        None,
        &[("hr", "1")],
    );
    m.encounter_id = Some("eId".into());
    let mut options = lookup("deviceId", "deviceId", "patientId");
    options.resources.push(
        json!({"resourceType": "Encounter", "id": "encounterId", "identifier": [{"value": "eId"}]}),
    );
    let out = build_observations(&map, &[m], &options);
    let o = &out.observations[0];
    assert_eq!(o["subject"], json!({"reference": "Patient/patientId"}));
    assert_eq!(o["device"], json!({"reference": "Device/deviceId"}));
    assert_eq!(
        o["encounter"],
        json!({"reference": "Encounter/encounterId"})
    );
    let keys: Vec<&String> = o.as_object().unwrap().keys().collect();
    assert_eq!(keys[5..8], ["subject", "encounter", "effectivePeriod"]);
}

#[test]
fn correlation_period_keeps_the_input_kind() {
    let map = mapping(&[
        r#"{"typeName":"session","periodInterval":-1,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":60000,"valueName":"v"}}"#,
    ]);
    let mut a = meas("session", "2019-01-01T00:00:00", "d", None, &[("v", "1")]);
    let mut b = meas("session", "2019-01-01T00:02:00", "d", None, &[("v", "3")]);
    a.correlation_id = Some("c-1".into());
    b.correlation_id = Some("c-1".into());
    let out = build_observations(&map, &[a, b], &lookup("d", "dev", "pat"));
    let o = &out.observations[0];
    assert_eq!(
        o["effectivePeriod"],
        json!({"start": "2019-01-01T00:00:00.0000000", "end": "2019-01-01T00:02:00.0000000"})
    );
    assert_eq!(o["identifier"][0]["value"], "pat.dev.session.c-1");
    assert_eq!(data(o), "1 E 3");
}

#[test]
fn strings_are_trimmed_as_firely_writes_them() {
    let map = mapping(&[
        r#"{"typeName":"note","codes":[{"code":" c ","display":" Display "}],"value":{"valueType":"String","valueName":"text"}}"#,
    ]);
    let out = build_observations(
        &map,
        &[meas(
            "note",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("text", "  padded  ")],
        )],
        &lookup("d", "dev", "pat"),
    );
    let o = &out.observations[0];
    assert_eq!(o["valueString"], "padded");
    assert_eq!(
        o["code"]["coding"][0],
        json!({"code": "c", "display": "Display"})
    );
}

/// Observations written as text with the codes kept per template ([`observation::write`], the
/// run's path) are the text of those built from scratch ([`observation::create`]), whatever the
/// order of templates, names in other letter cases, components present or not, and failures.
#[test]
fn codes_kept_per_template_build_the_same_observations() {
    use crate::fhir::group::{group_batch, observation_groups};
    use crate::fhir::observation::{create, write, Codes, Refs};
    let map = mapping(&[
        HEARTRATE,
        r#"{"typeName": "bp", "periodInterval": 0,
            "codes": [{"code": "85354-9", "system": "http://loinc.org", "display": " BP "}],
            "category": [{"text": "vital", "codes": [{"code": "vital-signs"}]}],
            "components": [
              {"codes": [{"code": "8480-6", "system": "http://loinc.org"}], "value": {"valueName": "sys", "valueType": "Quantity", "unit": "mmHg"}},
              {"codes": [], "value": {"valueName": "dia", "valueType": "Quantity"}}]}"#,
        r#"{"typeName": "nullcode", "periodInterval": 0, "codes": [null],
            "value": {"valueName": "v", "valueType": "String"}}"#,
    ]);
    let ms = vec![
        meas(
            "heartrate",
            "2019-01-01T10:00:00Z",
            "d",
            Some("p"),
            &[("hr", "72")],
        ),
        meas(
            "bp",
            "2019-01-01T10:00:00Z",
            "d",
            Some("p"),
            &[("sys", "120"), ("dia", "80")],
        ),
        meas(
            "HeartRate",
            "2019-01-01T11:00:00Z",
            "d",
            Some("p"),
            &[("hr", "70")],
        ),
        meas(
            "bp",
            "2019-01-01T10:01:00Z",
            "d",
            Some("p"),
            &[("dia", "81")],
        ),
        meas(
            "nullcode",
            "2019-01-01T10:00:00Z",
            "d",
            Some("p"),
            &[("v", "x")],
        ),
        meas(
            "BP",
            "2019-01-01T10:02:00Z",
            "d",
            Some("p"),
            &[("sys", "121")],
        ),
        meas(
            "heartrate",
            "2019-01-02T10:00:00Z",
            "d",
            Some("p"),
            &[("hr", "71")],
        ),
        meas(
            "bp",
            "2019-01-01T10:03:00Z",
            "d",
            Some("p"),
            &[("sys", "122"), ("dia", "82")],
        ),
    ];
    let all: Vec<usize> = (0..ms.len()).collect();
    let refs = Refs {
        patient: "p",
        device: "d",
        encounter: None,
        identifier: "i",
        id: "x",
        issued: "2024-01-01T00:00:00+00:00",
        period: None,
    };
    let mut codes = Codes::default();
    let mut built = 0;
    for round in 0..2 {
        for group in group_batch(&ms, &all) {
            let first = group.first(&ms).unwrap();
            let template = map.find(&first.type_name).unwrap();
            for og in observation_groups(&ms, &group, template.period_interval).unwrap() {
                let general = create(template, &og, &refs, 100_000);
                let kept = write(template, &og, &refs, 100_000, &mut codes);
                match (general, kept) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(
                            ObservationText::write(&a.observation),
                            b.text,
                            "round {round}"
                        );
                        assert_eq!((a.shell, a.dropped), (b.shell, b.dropped));
                        built += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
                    (a, b) => panic!("{a:?} / {b:?}"),
                }
            }
        }
    }
    assert_eq!(built, 14);
}

/// Created Observations are in canonical form as built (the run stores them without
/// [`canonical_observation`](crate::fhir::json::canonical_observation)): white space around every
/// text, empty code lists, values that are not decimals, every value type, components.
#[test]
fn created_observations_are_canonical_as_built() {
    use crate::fhir::group::{group_batch, observation_groups};
    use crate::fhir::json::canonical_observation;
    use crate::fhir::observation::{create, write, Codes, Refs};
    let mut codes = Codes::default();
    let map = mapping(&[
        r#"{"typeName": " hr ", "periodInterval": 60,
            "codes": [{"code": " 8867-4 ", "system": " http://loinc.org", "display": "Heart rate "}],
            "category": [{"text": " vital ", "codes": []}, {"codes": [{"code": " c "}]}, {}],
            "value": {"valueName": "hr", "valueType": "SampledData", "defaultPeriod": 60000, "unit": " /min "}}"#,
        r#"{"typeName": "q", "periodInterval": 0, "codes": [],
            "value": {"valueName": "v", "valueType": "Quantity", "unit": " kg ", "system": " s ", "code": "c "}}"#,
        r#"{"typeName": "s", "periodInterval": 0, "codes": [{"code": ""}],
            "value": {"valueName": "v", "valueType": "String"}}"#,
        r#"{"typeName": "cc", "periodInterval": 0, "codes": [{"display": " d "}],
            "value": {"valueName": "v", "valueType": "CodeableConcept", "text": " t ", "codes": []}}"#,
        r#"{"typeName": "cc2", "periodInterval": 0, "codes": [],
            "value": {"valueName": "v", "valueType": "CodeableConcept", "codes": [{"code": " x ", "system": " y "}]}}"#,
        r#"{"typeName": "bp", "periodInterval": 0, "codes": [{"code": "85354-9"}],
            "components": [
              {"codes": [{"code": " 8480-6 ", "system": "http://loinc.org"}], "value": {"valueName": " sys ", "valueType": "Quantity", "unit": " mmHg"}},
              {"codes": [], "value": {"valueName": "dia", "valueType": "String"}},
              {"codes": [], "value": {"valueName": "hr", "valueType": "SampledData", "defaultPeriod": 1000}}]}"#,
    ]);
    let ms = vec![
        meas(" hr ", "2019-01-01T10:00:00Z", "d", None, &[("hr", " 72 ")]),
        meas(" hr ", "2019-01-01T10:00:01Z", "d", None, &[("hr", "73 ")]),
        meas("q", "2019-01-01T10:00:00Z", "d", None, &[("v", " 22.40 ")]),
        meas("q", "2019-01-01T10:00:01Z", "d", None, &[("v", "1000")]),
        meas("s", "2019-01-01T10:00:00Z", "d", None, &[("v", "  ")]),
        meas("s", "2019-01-01T10:00:01Z", "d", None, &[("v", " x y ")]),
        meas("cc", "2019-01-01T10:00:00Z", "d", None, &[("v", "1")]),
        meas("cc2", "2019-01-01T10:00:00Z", "d", None, &[("v", "1")]),
        meas(
            "bp",
            "2019-01-01T10:00:00Z",
            "d",
            None,
            &[(" sys ", "120"), ("dia", " 80 "), ("hr", " 1 ")],
        ),
        meas("bp", "2019-01-01T10:00:01Z", "d", None, &[("dia", "x")]),
        meas("bp", "2019-01-01T10:00:02Z", "d", None, &[("other", "x")]),
    ];
    let all: Vec<usize> = (0..ms.len()).collect();
    let mut built = 0;
    for (patient, device, encounter, identifier, issued) in [
        ("p", "d", None, "p.d", "2024-01-01T00:00:00+00:00"),
        (" p ", "d ", Some(" e "), " p.d ", " 2024 "),
        ("p", "d", Some("  "), "", ""),
    ] {
        let refs = Refs {
            patient,
            device,
            encounter,
            identifier,
            id: " x ",
            issued,
            period: None,
        };
        for group in group_batch(&ms, &all) {
            let first = group.first(&ms).unwrap();
            let template = map.find(&first.type_name).unwrap();
            for og in observation_groups(&ms, &group, template.period_interval).unwrap() {
                let o = create(template, &og, &refs, 100_000).unwrap();
                assert_eq!(
                    serde_json::to_string(&o.observation).unwrap(),
                    serde_json::to_string(&canonical_observation(&o.observation)).unwrap()
                );
                // The run's path writes the same text.
                let written = write(template, &og, &refs, 100_000, &mut codes).unwrap();
                assert_eq!(written.text, ObservationText::write(&o.observation));
                assert_eq!((written.shell, written.dropped), (o.shell, o.dropped));
                built += 1;
            }
        }
    }
    assert_eq!(built, 30);
}

/// Without the group trace the run writes the same Observations and findings.
#[test]
fn a_run_without_the_trace_writes_the_same() {
    let map = mapping(&[HEARTRATE]);
    let ms = numbered(vec![
        meas(
            "heartrate",
            "2019-01-01T10:00:00Z",
            "a",
            Some("p"),
            &[("hr", "72")],
        ),
        meas(
            "heartrate",
            "2019-01-01T10:00:00Z",
            "a",
            Some("p"),
            &[("hr", "73")],
        ),
        meas(
            "heartrate",
            "2019-01-01T11:00:00Z",
            "b",
            Some("q"),
            &[("hr", "x y")],
        ),
        meas(
            "heartrate",
            "2019-01-01T11:00:00Z",
            "c",
            None,
            &[("hr", "70")],
        ),
        meas(
            "nothing",
            "2019-01-01T11:00:00Z",
            "b",
            Some("q"),
            &[("hr", "70")],
        ),
        meas(
            "heartrate",
            "2019-01-01T10:30:00Z",
            "a",
            Some("p"),
            &[("hr", "74"), ("x", "1")],
        ),
    ]);
    for batch_size in [None, Some(1), Some(2)] {
        let traced = FhirOptions {
            batch_size,
            ..FhirOptions::default()
        };
        let untraced = FhirOptions {
            trace: false,
            ..traced.clone()
        };
        let a = build_observations(&map, &ms, &traced);
        let b = build_observations(&map, &ms, &untraced);
        assert!(!a.groups.is_empty());
        assert!(b.groups.is_empty());
        assert_eq!(a.observations, b.observations);
        assert_eq!(a.diagnostics, b.diagnostics);
        assert_eq!(a.resources_written, b.resources_written);
    }
}
