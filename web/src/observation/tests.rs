use super::*;
use serde_json::json;

fn heart_rate() -> Json {
    json!({
        "resourceType": "Observation",
        "identifier": [{"system": "https://azure.microsoft.com/en-us/services/iomt-fhir-connector/",
                        "value": "pat1.dev1.heartrate.20190101100000Z.20190101105959Z"}],
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"},
                            {"system": "https://azure.microsoft.com/en-us/services/iomt-fhir-connector/",
                             "code": "heartrate", "display": "heartrate"}],
                 "text": "heartrate"},
        "subject": {"reference": "Patient/pat1"},
        "effectivePeriod": {"start": "2019-01-01T10:00:00.0000000Z", "end": "2019-01-01T10:59:59.9999999Z"},
        "valueSampledData": {"origin": {"value": 0, "unit": "count/min"}, "period": 1000, "dimensions": 1,
                             "data": "72 E 73.5 E"},
        "device": {"reference": "Device/dev1"}
    })
}

#[test]
fn card_reads_code_period_references_and_identifier() {
    let card = card(&heart_rate());
    assert_eq!(card.title, "heartrate");
    assert_eq!(card.status, "final");
    assert_eq!(card.codes[0], "8867-4 (Heart rate) · http://loinc.org");
    assert_eq!(
        card.effective.as_deref(),
        Some("2019-01-01T10:00:00.0000000Z → 2019-01-01T10:59:59.9999999Z")
    );
    assert_eq!(card.subject.as_deref(), Some("Patient/pat1"));
    assert_eq!(card.device.as_deref(), Some("Device/dev1"));
    assert_eq!(
        card.identifier.as_deref(),
        Some("pat1.dev1.heartrate.20190101100000Z.20190101105959Z")
    );
}

#[test]
fn sampled_data_slots_become_numbers_and_gaps() {
    let Some(ValueView::Sampled(s)) = card(&heart_rate()).value else {
        panic!("expected SampledData");
    };
    assert_eq!(s.values, vec![Some(72.0), None, Some(73.5), None]);
    assert_eq!(s.filled(), 2);
    assert_eq!(s.unit.as_deref(), Some("count/min"));
    assert_eq!(s.period_ms, 1000.0);
    let scaled = sampled(&json!({"origin": {"value": 10}, "factor": 2, "data": "1 L U x 3"}));
    assert_eq!(
        scaled.values,
        vec![Some(12.0), None, None, None, Some(16.0)]
    );
}

#[test]
fn components_and_other_value_types() {
    let bp = json!({
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
        "effectiveDateTime": "2021-07-13T17:30:00Z",
        "component": [
            {"code": {"text": "systolic"}, "valueQuantity": {"value": 120, "unit": "mmHg"}},
            {"code": {"coding": [{"code": "8462-4", "display": "Diastolic"}]}, "valueString": "80"},
            {"code": {"text": "position"},
             "valueCodeableConcept": {"text": "sitting", "coding": [{"code": "33586001"}]}},
            {"code": {"text": "flag"}, "valueBoolean": true},
            {"code": {"text": "empty"}}
        ]
    });
    let card = card(&bp);
    assert_eq!(card.title, "85354-9");
    assert_eq!(card.effective.as_deref(), Some("2021-07-13T17:30:00Z"));
    assert_eq!(card.value, None);
    assert_eq!(
        card.components,
        vec![
            (
                "systolic".to_string(),
                Some(ValueView::Quantity("120 mmHg".into()))
            ),
            ("Diastolic".to_string(), Some(ValueView::Text("80".into()))),
            (
                "position".to_string(),
                Some(ValueView::Concept("sitting [33586001]".into()))
            ),
            ("flag".to_string(), Some(ValueView::Other("true".into()))),
            ("empty".to_string(), None),
        ]
    );
}

#[test]
fn odd_json_gives_an_empty_card_not_a_panic() {
    for value in [
        json!(null),
        json!([]),
        json!({"code": 3, "component": {}, "valueSampledData": 1}),
    ] {
        let card = card(&value);
        assert_eq!(card.title, "(no code)");
    }
}

#[test]
fn bundle_wraps_each_observation() {
    let text = bundle(&[medtech_core::fhir::ObservationText::write(&heart_rate())]);
    let b: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    assert_eq!(b["entry"][0]["resource"]["status"], "final");
    assert_eq!(b["entry"][0]["resource"], heart_rate());
    assert_eq!(text, serde_json::to_string_pretty(&b).unwrap());
}
