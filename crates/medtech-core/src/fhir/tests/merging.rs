//! Batches and merging (fhir-mapping.md §5, §8.6 merge cases, §8.7 import cases).

use serde_json::json;

use super::*;

const ID: &str = "pat.dev.t.20190101000000Z.20190101000000Z";

fn existing(extra: serde_json::Value) -> serde_json::Value {
    let mut o = json!({
        "resourceType": "Observation",
        "id": "old",
        "identifier": [{"system": SERVICE_SYSTEM, "value": ID}],
        "status": "final",
        "code": {"coding": [{"system": "x", "code": "old"}], "text": "t"},
        "effectivePeriod": {"start": "2019-01-01T00:00:00.0000000Z", "end": "2019-01-01T00:00:00.0000000Z"},
        "issued": "2018-01-01T00:00:00+00:00"
    });
    if let (Some(o), Some(extra)) = (o.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            o.insert(k.clone(), v.clone());
        }
    }
    o
}

fn with_existing(e: serde_json::Value) -> FhirOptions {
    FhirOptions {
        existing: vec![e],
        ..lookup("d", "dev", "pat")
    }
}

fn t_meas(props: &[(&str, &str)]) -> Vec<Measurement> {
    vec![meas("t", "2019-01-01T00:00:00Z", "d", None, props)]
}

#[test]
fn s8_6_5_merge_with_empty_template_keeps_status_but_rewrites_the_period() {
    let map = mapping(&[r#"{"typeName":"t","codes":[]}"#]);
    let out = build_observations(
        &map,
        &t_meas(&[("p1", "v1")]),
        &with_existing(existing(json!({}))),
    );
    // Nothing changed → no write at all.
    assert!(out.observations.is_empty());
    assert_eq!(
        out.groups[0].observations[0].operation,
        Some(WriteOperation::NoOperation)
    );
    // An effective period written in another format is rewritten → a change → amended.
    let e = existing(
        json!({"effectivePeriod": {"start": "2019-01-01T00:00:00Z", "end": "2019-01-01T00:00:00Z"}}),
    );
    let out = build_observations(&map, &t_meas(&[("p1", "v1")]), &with_existing(e));
    assert_eq!(out.observations[0]["status"], "amended");
    assert_eq!(
        out.observations[0]["effectivePeriod"]["start"],
        "2019-01-01T00:00:00.0000000Z"
    );
    // The code is never re-applied; issued and id kept.
    assert_eq!(out.observations[0]["code"]["coding"][0]["code"], "old");
    assert_eq!(out.observations[0]["issued"], "2018-01-01T00:00:00+00:00");
    assert_eq!(out.observations[0]["id"], "old");
}

#[test]
fn s8_6_6_merge_quantity_and_type_mismatch() {
    let map = mapping(&[
        r#"{"typeName":"t","codes":[],"value":{"valueType":"Quantity","valueName":"p1","unit":"u2"}}"#,
    ]);
    let e = existing(json!({"valueQuantity": {"value": 1, "unit": "u"}}));
    let out = build_observations(&map, &t_meas(&[("p1", "2")]), &with_existing(e));
    assert_eq!(
        out.observations[0]["valueQuantity"],
        json!({"value": 2, "unit": "u2"})
    );
    assert_eq!(out.observations[0]["status"], "amended");
    // An existing Observation without value cannot take one.
    let out = build_observations(
        &map,
        &t_meas(&[("p1", "2")]),
        &with_existing(existing(json!({}))),
    );
    assert_eq!(codes(&out), [Code::ObservationMergeNotSupported]);
    assert_eq!(
        out.diagnostics[0].message,
        "Element existingValue expected to be of type Hl7.Fhir.Model.Quantity. Actual type is null."
    );
}

#[test]
fn s8_6_7_and_8_components_merged_or_appended() {
    let map = mapping(&[r#"{"typeName":"t","codes":[],"components":[
        {"codes":[{"code":"code2","display":"c","system":"d"}],"value":{"valueType":"String","valueName":"p2"}},
        {"codes":[{"code":"code3","display":"e","system":"f"}],"value":{"valueType":"String","valueName":"p3"}}]}"#]);
    let e = existing(json!({"component": [
        {"code": {"coding": [{"system": SERVICE_SYSTEM, "code": "p2", "display": "p2"}], "text": "p2"}, "valueString": "old"},
        {"code": {"coding": [{"system": "other", "code": "kept"}]}, "valueString": "untouched"}
    ]}));
    let out = build_observations(
        &map,
        &t_meas(&[("p2", "new2"), ("p3", "new3")]),
        &with_existing(e),
    );
    let c = &out.observations[0]["component"];
    assert_eq!(c[0]["valueString"], "new2");
    assert_eq!(c[1]["valueString"], "untouched");
    assert_eq!(
        c[2]["code"]["coding"],
        json!([{"system": "f", "code": "code3", "display": "e"}, {"system": SERVICE_SYSTEM, "code": "p3", "display": "p3"}])
    );
    assert_eq!(c[2]["valueString"], "new3");
    // Into an Observation without components: one new component.
    let out = build_observations(
        &map,
        &t_meas(&[("p2", "v")]),
        &with_existing(existing(json!({}))),
    );
    assert_eq!(
        out.observations[0]["component"].as_array().unwrap().len(),
        1
    );
}

#[test]
fn s8_6_10_and_11_category_replaced_or_removed() {
    let e = existing(json!({"category": [{"text": "old category"}]}));
    let map = mapping(&[r#"{"typeName":"t","codes":[],"category":[{"text":"new category"}]}"#]);
    let out = build_observations(&map, &t_meas(&[]), &with_existing(e.clone()));
    assert_eq!(
        out.observations[0]["category"],
        json!([{"text": "new category"}])
    );
    let map = mapping(&[r#"{"typeName":"t","codes":[],"category":[]}"#]);
    let out = build_observations(&map, &t_meas(&[]), &with_existing(e));
    assert!(out.observations[0].get("category").is_none());
    assert_eq!(out.observations[0]["status"], "amended");
}

#[test]
fn s8_6_12_and_13_effective_period_widening() {
    let map = mapping(&[r#"{"typeName":"t","periodInterval":1440,"codes":[]}"#]);
    let id = "pat.dev.t.20190101000000Z.20190101235959Z";
    let mk = |start: &str, end: &str| {
        json!({"resourceType": "Observation", "id": "x", "identifier": [{"system": SERVICE_SYSTEM, "value": id}],
               "status": "final", "code": {"text": "t"}, "effectivePeriod": {"start": start, "end": end}})
    };
    let out = build_observations(
        &map,
        &t_meas(&[]),
        &with_existing(mk("2019-01-01T06:00:00Z", "2019-01-01T07:00:00Z")),
    );
    assert_eq!(
        out.observations[0]["effectivePeriod"],
        json!({"start": "2019-01-01T00:00:00.0000000Z", "end": "2019-01-01T23:59:59.9999999Z"})
    );
    let out = build_observations(
        &map,
        &t_meas(&[]),
        &with_existing(mk("2018-12-31T00:00:00Z", "2019-01-03T00:00:00Z")),
    );
    assert_eq!(
        out.observations[0]["effectivePeriod"],
        json!({"start": "2018-12-31T00:00:00.0000000Z", "end": "2019-01-03T00:00:00.0000000Z"})
    );
    // effectiveDateTime is read as (t, t) and rewritten as a Period.
    let e = json!({"resourceType": "Observation", "id": "x", "identifier": [{"system": SERVICE_SYSTEM, "value": id}],
                   "status": "final", "code": {"text": "t"}, "effectiveDateTime": "2019-01-01T06:00:00Z"});
    let out = build_observations(&map, &t_meas(&[]), &with_existing(e));
    assert!(out.observations[0].get("effectiveDateTime").is_none());
    assert_eq!(
        out.observations[0]["effectivePeriod"]["end"],
        "2019-01-01T23:59:59.9999999Z"
    );
}

#[test]
fn s8_7_found_observation_merged_once_and_no_op_when_equal() {
    let map = mapping(&[
        r#"{"typeName":"t","periodInterval":60,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"valueName":"v"}}"#,
    ]);
    let ms = vec![meas("t", "2019-01-01T00:00:01Z", "d", None, &[("v", "1")])];
    let first = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    // Feeding the written Observation back as existing with the same data: NoOperation.
    let again = build_observations(&map, &ms, &with_existing(first.observations[0].clone()));
    assert!(again.observations.is_empty());
    assert_eq!(
        again.groups[0].observations[0].operation,
        Some(WriteOperation::NoOperation)
    );
    // New data: Updated.
    let ms2 = vec![meas("t", "2019-01-01T00:00:02Z", "d", None, &[("v", "2")])];
    let merged = build_observations(&map, &ms2, &with_existing(first.observations[0].clone()));
    assert!(data(&merged.observations[0]).starts_with("E 1 2 E"));
    assert_eq!(
        merged.groups[0].observations[0].operation,
        Some(WriteOperation::Updated)
    );
}

#[test]
fn batches_merge_in_order_and_later_values_win_per_slot() {
    let map = mapping(&[
        r#"{"typeName":"t","periodInterval":60,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"valueName":"v"}}"#,
    ]);
    let ms = numbered(vec![
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")]),
        meas("t", "2019-01-01T00:00:01Z", "d", None, &[("v", "2")]),
        meas("t", "2019-01-01T00:00:00.5Z", "d", None, &[("v", "3")]),
    ]);
    let one_batch = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert!(data(&one_batch.observations[0]).starts_with("3 2 E"));
    assert_eq!(one_batch.observations[0]["status"], "final");
    let options = FhirOptions {
        batch_size: Some(1),
        ..lookup("d", "dev", "pat")
    };
    let three = build_observations(&map, &ms, &options);
    assert_eq!(three.observations.len(), 1);
    assert!(data(&three.observations[0]).starts_with("3 2 E"));
    assert_eq!(three.observations[0]["status"], "amended");
    let ops: Vec<_> = three
        .groups
        .iter()
        .map(|g| g.observations[0].operation)
        .collect();
    assert_eq!(
        ops,
        [
            Some(WriteOperation::Created),
            Some(WriteOperation::Updated),
            Some(WriteOperation::Updated)
        ]
    );
    assert!(three
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ObservationMerged));
}

#[test]
fn single_window_sub_second_values_merge_into_one_observation() {
    let map = mapping(&[
        r#"{"typeName":"t","codes":[],"value":{"valueType":"Quantity","valueName":"v"}}"#,
    ]);
    let ms = vec![
        meas("t", "2019-01-01T12:00:00Z", "d", None, &[("v", "1")]),
        meas("t", "2019-01-01T12:00:00.5Z", "d", None, &[("v", "2")]),
    ];
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert_eq!(out.observations.len(), 1);
    assert_eq!(out.observations[0]["valueQuantity"]["value"], 2);
    assert_eq!(out.observations[0]["status"], "amended");
    assert_eq!(
        out.observations[0]["effectivePeriod"],
        json!({"start": "2019-01-01T12:00:00.0000000Z", "end": "2019-01-01T12:00:00.5000000Z"})
    );
}

#[test]
fn stored_period_is_ignored_when_the_template_period_changed() {
    // Written with 1000 ms slots, merged with a 2000 ms template: old tokens re-timed.
    let map = mapping(&[
        r#"{"typeName":"t","periodInterval":60,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":2000,"valueName":"v"}}"#,
    ]);
    let id = "pat.dev.t.20190101000000Z.20190101005959Z";
    let old_data = format!("1 2{}", " E".repeat(3598));
    let e = json!({"resourceType": "Observation", "id": "x", "identifier": [{"system": SERVICE_SYSTEM, "value": id}],
                   "status": "final", "code": {"text": "t"},
                   "effectivePeriod": {"start": "2019-01-01T00:00:00.0000000Z", "end": "2019-01-01T00:59:59.9999999Z"},
                   "valueSampledData": {"origin": {"value": 0}, "period": 1000, "dimensions": 1, "data": old_data}});
    let ms = vec![meas("t", "2019-01-01T00:00:10Z", "d", None, &[("v", "9")])];
    let out = build_observations(&map, &ms, &with_existing(e));
    let o = &out.observations[0];
    assert_eq!(o["valueSampledData"]["period"], 1000);
    let tokens: Vec<&str> = data(o).split(' ').collect();
    assert_eq!(tokens.len(), 1800);
    assert_eq!(&tokens[..7], ["1", "2", "E", "E", "E", "9", "E"]);
}

#[test]
fn existing_inputs_that_are_not_observations_are_ignored() {
    let map = mapping(&[r#"{"typeName":"t","codes":[]}"#]);
    let options = FhirOptions {
        existing: vec![json!({"resourceType": "Patient"})],
        ..lookup("d", "dev", "pat")
    };
    let out = build_observations(&map, &t_meas(&[]), &options);
    assert_eq!(
        codes(&out),
        [Code::ObservationExistingIgnored, Code::ObservationNoValues]
    );
}

#[test]
fn two_existing_observations_with_the_identifier() {
    let map = mapping(&[r#"{"typeName":"t","codes":[]}"#]);
    let options = FhirOptions {
        existing: vec![existing(json!({"id": "a"})), existing(json!({"id": "b"}))],
        ..lookup("d", "dev", "pat")
    };
    let out = build_observations(&map, &t_meas(&[]), &options);
    assert_eq!(codes(&out), [Code::ObservationMultipleExisting]);
    assert!(out.diagnostics[0]
        .message
        .starts_with("Multiple resources 2 of type Hl7.Fhir.Model.Observation found"));
    // An identifier with extra members is not an exact match: a new Observation is created.
    let mut e = existing(json!({}));
    e["identifier"][0]["use"] = json!("usual");
    let out = build_observations(&map, &t_meas(&[]), &with_existing(e));
    assert_eq!(
        out.groups[0].observations[0].operation,
        Some(WriteOperation::Created)
    );
}

#[test]
fn batches_by_device_message() {
    let map = mapping(&[
        r#"{"typeName":"t","periodInterval":60,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"valueName":"v"}}"#,
    ]);
    // Message 0 yields two measurements, message 1 one.
    let mut ms = vec![
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")]),
        meas("t", "2019-01-01T00:00:01Z", "d", None, &[("v", "2")]),
        meas("t", "2019-01-01T00:00:02Z", "d", None, &[("v", "3")]),
    ];
    ms[2].message_index = 1;
    let options = FhirOptions {
        batch_size: Some(1),
        batch_unit: BatchUnit::Messages,
        ..lookup("d", "dev", "pat")
    };
    let out = build_observations(&map, &ms, &options);
    let batches: Vec<usize> = out.groups.iter().map(|g| g.batch).collect();
    assert_eq!(batches, [0, 1]);
    assert_eq!(out.groups[0].measurements, [0, 1]);
    assert!(data(&out.observations[0]).starts_with("1 2 3 E"));
}

#[test]
fn many_measurements_in_batches_merge_into_one_observation_per_hour_and_device() {
    // 6 000 measurements of 50 devices, one per second: hourly SampledData plus Single
    // Quantity Observations, in batches of 300 (the service's batch size).
    let map = mapping(&[
        r#"{"typeName":"t","periodInterval":60,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"valueName":"v"}}"#,
        r#"{"typeName":"q","codes":[],"value":{"valueType":"Quantity","valueName":"v"}}"#,
    ]);
    let start = dt("2019-01-01T00:00:00Z");
    let mut ms = Vec::new();
    for i in 0..6_000i64 {
        let mut m = meas(
            if i % 2 == 0 { "t" } else { "q" },
            "2019-01-01T00:00:00Z",
            &format!("d{}", i % 50),
            Some("p"),
            &[("v", "1")],
        );
        m.occurrence_time = start.add_seconds(i / 50).unwrap();
        m.message_index = i as usize;
        ms.push(m);
    }
    let out = build_observations(
        &map,
        &ms,
        &FhirOptions {
            batch_size: Some(300),
            ..FhirOptions::default()
        },
    );
    // The 25 even devices' "t" measurements (two minutes) merge into one hourly SampledData
    // Observation each; the odd devices' 3 000 "q" measurements are one Observation each.
    assert!(codes(&out).is_empty(), "{:?}", &out.diagnostics[..1]);
    assert_eq!(out.observations.len(), 25 + 3_000);
}

/// An existing Observation's numbers are written again as the server holds them (`72.50`, not
/// `72.5`): they are read with their texts (as `medtech` reads `--existing` files).
#[test]
fn a_merged_observation_keeps_the_existing_numbers_texts() {
    let map = mapping(&[r#"{"typeName":"t","codes":[]}"#]);
    let text = existing(json!({
        "effectivePeriod": {"start": "2019-01-01T00:00:00Z", "end": "2019-01-01T00:00:00Z"},
        "valueQuantity": {"value": "@", "unit": "u"},
    }))
    .to_string()
    .replace(r#""@""#, "72.50");
    let options = medtech_json::ReadOptions {
        date_parse: false,
        ..medtech_json::ReadOptions::default()
    };
    let doc = medtech_json::read(&text, &options).unwrap();
    let e = crate::fhir::written::to_exact_json(&doc, doc.root().unwrap(), &text);
    let out = process::build_observations(&map, &t_meas(&[("p1", "v1")]), &with_existing(e));
    assert_eq!(
        out.groups[0].observations[0].operation,
        Some(WriteOperation::Updated)
    );
    let written = out.observations[0].as_str();
    assert!(
        written.contains(r#""valueQuantity":{"value":72.50,"unit":"u"}"#),
        "{written}"
    );
}
