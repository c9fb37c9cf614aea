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
            value: (*s).into(),
            measurement: i,
        })
        .collect()
}

/// A value as the service writes it.
fn written(value: &Json) -> String {
    crate::fhir::ObservationText::write(value).to_string()
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
        written(&v.json),
        r#"{"value":22.4,"unit":"myUnit","system":"mySystem","code":"myCode"}"#
    );
    // .NET writes a decimal with its scale and without an exponent (fhir-mapping.md §6).
    for (text, number) in [
        ("22.40", "22.40"),
        (" 1000 ", "1000"),
        ("5.0", "5.0"),
        ("1,000.50", "1000.50"),
        ("0.1234567890123456789", "0.1234567890123456789"),
        ("12345678901234567890123", "12345678901234567890123"),
        ("-0.00", "0.00"),
    ] {
        let v = create(&qty(), &values(&[text]), t(SEED), t(SEED), 10).unwrap();
        assert_eq!(written(&v.json["value"]), number, "{text:?}");
    }
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
        written(&v.json),
        r#"{"origin":{"value":0,"unit":"myUnits"},"period":1000,"dimensions":1,"data":"1 2 E E"}"#
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

/// `write` (the run's path) writes what `create` builds, and fails where it fails.
#[test]
fn write_is_the_text_of_create() {
    let padded = |s: &str| Some(format!(" {s}\t"));
    let kinds = [
        qty(),
        ValueKind::Quantity {
            unit: padded("mm\"Hg"),
            system: None,
            code: Some(String::new()),
        },
        ValueKind::SampledData {
            default_period: Some(Decimal::from_i64(1000)),
            unit: Some("myUnits".into()),
        },
        ValueKind::SampledData {
            default_period: Decimal::parse_number_style("0.50"),
            unit: padded("x"),
        },
        ValueKind::SampledData {
            default_period: None,
            unit: None,
        },
        ValueKind::String,
        ValueKind::CodeableConcept {
            text: padded("t"),
            codes: Some(vec![Some(crate::fhir::model::FhirCode {
                code: Some("c".into()),
                display: None,
                system: padded("s"),
            })]),
        },
        ValueKind::CodeableConcept {
            text: None,
            codes: None,
        },
    ];
    let inputs: [&[&str]; 6] = [
        &["22.40"],
        &[" 1,000.50 "],
        &["1", "2"],
        &["NaN"],
        &[],
        &["a \"quoted\"\nvalue"],
    ];
    for kind in &kinds {
        for input in inputs {
            let data = values(input);
            let (start, end) = (t(SEED), t(SEED + 30_000_000));
            let created = create(kind, &data, start, end, 10);
            let mut out = String::from("prefix ");
            let wrote = write(kind, &data, start, end, 10, &mut out);
            match (created, wrote) {
                (Ok(c), Ok(dropped)) => {
                    let mut expected = String::from("prefix ");
                    push_value(&mut expected, &c.json);
                    assert_eq!(out, expected, "{kind:?} {input:?}");
                    assert_eq!(dropped, c.dropped);
                }
                (Err(c), Err(w)) => assert_eq!(c, w, "{kind:?} {input:?}"),
                (c, w) => panic!("{kind:?} {input:?}: create {c:?}, write {w:?}"),
            }
        }
    }
}
