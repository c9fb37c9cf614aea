//! Grouping (fhir-mapping.md §2, §8.3).

use super::*;
use crate::fhir::group::{group_batch, observation_groups, segment_time};
use crate::fhir::model::PeriodInterval;

fn groups(ms: &[Measurement], interval: PeriodInterval) -> Vec<group::ObservationGroup> {
    let all: Vec<usize> = (0..ms.len()).collect();
    let batch = group_batch(ms, &all);
    assert_eq!(batch.len(), 1);
    observation_groups(ms, &batch[0], interval).unwrap()
}

fn values(g: &group::ObservationGroup, name: &str) -> Vec<(String, String)> {
    g.get(name)
        .unwrap()
        .iter()
        .map(|v| (v.time.to_newtonsoft_iso(), v.value.to_string()))
        .collect()
}

#[test]
fn s8_3_single_one_group_per_timestamp() {
    let ms = vec![
        meas(
            "t",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("a", "1"), ("b", "2")],
        ),
        meas(
            "t",
            "2019-01-01T00:01:00Z",
            "d",
            None,
            &[("a", "3"), ("b", "4")],
        ),
        meas(
            "t",
            "2019-01-02T00:00:00Z",
            "d",
            None,
            &[("a", "5"), ("b", "6")],
        ),
    ];
    let g = groups(&ms, PeriodInterval::Single);
    assert_eq!(g.len(), 3);
    for x in &g {
        assert_eq!(x.start, x.end);
        assert_eq!(x.get("a").unwrap().len(), 1);
    }
    assert_eq!(g[0].segment, "20190101000000Z.20190101000000Z");
}

#[test]
fn s8_3_hourly_windows_in_first_seen_order() {
    let ms = vec![
        meas(
            "t",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("a", "1"), ("b", "2")],
        ),
        meas(
            "t",
            "2019-01-01T01:00:00Z",
            "d",
            None,
            &[("a", "3"), ("b", "4")],
        ),
        meas(
            "t",
            "2019-01-01T00:01:00Z",
            "d",
            None,
            &[("a", "5"), ("b", "6")],
        ),
    ];
    let g = groups(&ms, PeriodInterval::Hourly);
    assert_eq!(g.len(), 2);
    assert_eq!(
        g[0].start.to_roundtrip_string(),
        "2019-01-01T00:00:00.0000000Z"
    );
    assert_eq!(
        g[0].end.to_roundtrip_string(),
        "2019-01-01T00:59:59.9999999Z"
    );
    assert_eq!(g[0].segment, "20190101000000Z.20190101005959Z");
    assert_eq!(
        values(&g[0], "a"),
        [
            ("2019-01-01T00:00:00Z".to_string(), "1".to_string()),
            ("2019-01-01T00:01:00Z".to_string(), "5".to_string())
        ]
    );
    assert_eq!(g[1].segment, "20190101010000Z.20190101015959Z");
}

#[test]
fn s8_3_daily_windows() {
    let ms = vec![
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("a", "1")]),
        meas("t", "2019-01-02T00:00:00Z", "d", None, &[("a", "2")]),
        meas("t", "2019-01-01T00:01:00Z", "d", None, &[("a", "3")]),
    ];
    let g = groups(&ms, PeriodInterval::Daily);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].segment, "20190101000000Z.20190101235959Z");
    assert_eq!(
        g[0].end.to_roundtrip_string(),
        "2019-01-01T23:59:59.9999999Z"
    );
    assert_eq!(g[0].get("a").unwrap().len(), 2);
    assert_eq!(g[1].get("a").unwrap().len(), 1);
}

#[test]
fn s8_3_correlation_one_group_min_to_max() {
    let mut ms = vec![
        meas("a", "2019-01-01T00:00:00Z", "d", None, &[("a", "1")]),
        meas("a", "2019-01-02T00:00:00Z", "d", None, &[("a", "2")]),
        meas("a", "2019-01-01T01:00:00Z", "d", None, &[("a", "3")]),
    ];
    for m in &mut ms {
        m.correlation_id = Some("id".into());
    }
    let g = groups(&ms, PeriodInterval::CorrelationId);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].name, "a");
    assert_eq!(g[0].segment, "id");
    assert_eq!(
        (g[0].start.to_newtonsoft_iso(), g[0].end.to_newtonsoft_iso()),
        ("2019-01-01T00:00:00Z".into(), "2019-01-02T00:00:00Z".into())
    );
    let v: Vec<String> = values(&g[0], "a").into_iter().map(|(_, v)| v).collect();
    assert_eq!(v, ["1", "3", "2"]);
    for m in &mut ms {
        m.correlation_id = None;
    }
    let all: Vec<usize> = (0..3).collect();
    let batch = group_batch(&ms, &all);
    assert_eq!(
        observation_groups(&ms, &batch[0], PeriodInterval::CorrelationId),
        Err(group::GroupingError::CorrelationIdMissing)
    );
}

#[test]
fn sub_second_measurements_share_an_identifier_segment() {
    let ms = vec![
        meas("t", "2019-01-01T12:00:00Z", "d", None, &[("a", "1")]),
        meas("t", "2019-01-01T12:00:00.5Z", "d", None, &[("a", "2")]),
    ];
    let g = groups(&ms, PeriodInterval::Single);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].segment, g[1].segment);
    assert_eq!(
        segment_time(&dt("2019-01-01T12:00:00.5Z")),
        "20190101120000Z"
    );
}

#[test]
fn same_property_twice_at_one_time_keeps_the_first() {
    let ms = vec![meas(
        "t",
        "2019-01-01T00:00:00Z",
        "d",
        None,
        &[("a", "1"), ("a", "2")],
    )];
    let g = groups(&ms, PeriodInterval::Hourly);
    assert_eq!(values(&g[0], "a").len(), 1);
    assert_eq!(values(&g[0], "a")[0].1, "1");
    assert_eq!(g[0].ignored, [(0, "a".into())]);
}

#[test]
fn batch_key_and_deduplication_by_ingestion_time() {
    let mut ms = vec![
        meas("t", "2019-01-01T00:00:00Z", "d", Some("p"), &[("a", "old")]),
        meas(
            "t",
            "2019-01-01T00:00:00Z",
            "d",
            Some("p"),
            &[("a", "new"), ("b", "x")],
        ),
        meas(
            "t",
            "2019-01-01T00:00:00Z",
            "d",
            Some("q"),
            &[("a", "other patient")],
        ),
        meas(
            "t",
            "2019-01-01T00:00:00Z",
            "d",
            Some("p"),
            &[("a", "no ingestion")],
        ),
    ];
    ms[0].ingestion_time = Some(dt("2019-01-01T00:00:01Z"));
    ms[1].ingestion_time = Some(dt("2019-01-01T00:00:02Z"));
    let batch = group_batch(&ms, &[0, 1, 2, 3]);
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].key, "d-t-p--");
    assert_eq!(batch[0].members, [1]);
    assert_eq!(batch[0].dropped, [(0, 1), (3, 1)]);
    assert_eq!(batch[1].members, [2]);
    // Ties keep the first in batch order; null loses to any value.
    let mut ms = vec![
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("a", "1")]),
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("a", "2")]),
    ];
    assert_eq!(group_batch(&ms, &[0, 1])[0].members, [0]);
    ms[1].ingestion_time = Some(dt("2019-01-01T00:00:00Z"));
    assert_eq!(group_batch(&ms, &[0, 1])[0].members, [1]);
}

#[test]
fn keys_concatenate_so_split_ids_collide() {
    let a = meas("b-c", "2019-01-01T00:00:00Z", "a", None, &[]);
    let b = meas("c", "2019-01-01T00:00:01Z", "a-b", None, &[]);
    assert_eq!(group::group_key(&a), group::group_key(&b));
    assert_eq!(group_batch(&[a, b], &[0, 1]).len(), 1);
}

#[test]
fn offsets_and_unspecified_times_use_utc_windows() {
    let ms = vec![
        meas("t", "2019-01-01T02:30:00+02:00", "d", None, &[("a", "1")]),
        meas("t", "2019-01-01T00:45:00", "d", None, &[("a", "2")]),
    ];
    let g = groups(&ms, PeriodInterval::Hourly);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].segment, "20190101000000Z.20190101005959Z");
}

#[test]
fn hourly_window_at_the_end_of_time_is_an_error() {
    let ms = vec![meas("t", "9999-12-31T23:30:00Z", "d", None, &[("a", "1")])];
    let batch = group_batch(&ms, &[0]);
    assert_eq!(
        observation_groups(&ms, &batch[0], PeriodInterval::Hourly),
        Err(group::GroupingError::BoundaryOutOfRange(0))
    );
    assert!(observation_groups(&ms, &batch[0], PeriodInterval::Single).is_ok());
}

#[test]
fn ignored_duplicate_values_are_explained() {
    let map =
        mapping(&[r#"{"typeName":"t","codes":[],"value":{"valueType":"String","valueName":"a"}}"#]);
    let ms = vec![meas(
        "t",
        "2019-01-01T00:00:00Z",
        "d",
        None,
        &[("a", "1"), ("a", "2")],
    )];
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert_eq!(out.observations[0]["valueString"], "1");
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == Code::GroupDuplicateValue));
}

/// The digit-pushing texts (segment times, keys, identifiers) and the precomputed SHA-256 state
/// of the service system prefix, against the straightforward `format!` forms.
#[test]
fn fast_texts_and_ids_equal_the_general_forms() {
    use crate::fhir::sha256::sha256_hex;
    use medtech_json::datetime::TICKS_PER_DAY;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..2_000 {
        // Any instant of years 1..=9999.
        let t = medtech_json::DateTime {
            ticks: (next(3_652_059) as i64) * TICKS_PER_DAY + next(TICKS_PER_DAY as u64) as i64,
            kind: medtech_json::DateKind::Utc,
        };
        let (y, mo, d) = t.date_parts();
        let general = format!(
            "{y:04}{mo:02}{d:02}{:02}{:02}{:02}Z",
            t.hour(),
            t.minute(),
            t.second()
        );
        assert_eq!(segment_time(&t), general);
        for kind in [
            medtech_json::DateKind::Utc,
            medtech_json::DateKind::Unspecified,
            medtech_json::DateKind::Local {
                original_offset_minutes: -300,
            },
        ] {
            let t = t.with_kind(kind);
            assert_eq!(
                crate::fhir::fhir_time::roundtrip_text(&t),
                t.to_roundtrip_string()
            );
        }
    }
    for len in 0..300 {
        let identifier: String = (0..len)
            .map(|_| char::from(b' ' + next(95) as u8))
            .chain((len % 7 == 0).then_some('é'))
            .collect();
        assert_eq!(
            group::observation_id(&identifier),
            sha256_hex(&format!("{SERVICE_SYSTEM}_{identifier}")),
            "{identifier:?}"
        );
    }
    let mut m = meas(
        "heart-rate",
        "2019-01-01T00:00:00Z",
        "dev-1",
        Some("p"),
        &[],
    );
    assert_eq!(group::group_key(&m), "dev-1-heart-rate-p--");
    m.encounter_id = Some("e".into());
    m.correlation_id = Some("c".into());
    m.patient_id = None;
    assert_eq!(group::group_key(&m), "dev-1-heart-rate--e-c");
}

/// The id hashed from the patient and device prefix (once per measurement group) equals the id
/// of the whole identifier text, for ids of every length around the block boundaries.
#[test]
fn ids_from_the_patient_and_device_prefix_equal_the_whole_hash() {
    use crate::fhir::group::{
        identifier_value, observation_id, observation_id_after, observation_id_prefix,
        ObservationGroup,
    };
    let t = dt("2019-01-01T00:00:00Z");
    let groups: Vec<ObservationGroup> = [
        ("heartrate", "20190101000000Z.20190101005959Z"),
        ("t", ""),
        ("é", "corr-1"),
    ]
    .iter()
    .map(|(name, segment)| ObservationGroup {
        name: name.to_string(),
        start: t,
        end: t,
        segment: segment.to_string(),
        values: Vec::new(),
        measurements: Vec::new(),
        ignored: Vec::new(),
    })
    .collect();
    for patient_len in [0usize, 1, 63, 64, 65, 127] {
        for device_len in 0..140 {
            let patient = "p".repeat(patient_len);
            let device: String = (0..device_len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let prefix = observation_id_prefix(&patient, &device);
            for og in &groups {
                assert_eq!(
                    observation_id_after(&prefix, og),
                    observation_id(&identifier_value(&patient, &device, og)),
                    "{patient_len} {device_len} {}",
                    og.name
                );
            }
        }
    }
}
