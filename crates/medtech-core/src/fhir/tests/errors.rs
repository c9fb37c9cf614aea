//! The error policy (fhir-mapping.md §7): what stops a group, what fails a batch.

use super::*;
use crate::diagnostic::{MedTechError, Severity};
use crate::fhir::failure::Policy;

#[test]
fn template_not_found_is_a_wrapped_mapping_error() {
    let map = mapping(&[HEARTRATE]);
    let ms = vec![meas(
        "heartrat",
        "2019-01-01T00:00:00Z",
        "d",
        None,
        &[("hr", "1")],
    )];
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert!(out.observations.is_empty());
    let d = &out.diagnostics[0];
    assert_eq!(d.code, Code::GroupTemplateNotFound);
    assert_eq!(
        d.medtech_error,
        Some(MedTechError::FhirDataMappingException)
    );
    assert!(d
        .message
        .starts_with("No Fhir Template exists with the type name [heartrat]."));
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean \"heartrate\""));
    assert_eq!(out.groups[0].error, Some(0));
}

#[test]
fn identity_is_resolved_before_the_template_is_looked_up() {
    let map = mapping(&[HEARTRATE]);
    let ms = vec![meas("nothing", "2019-01-01T00:00:00Z", "d", None, &[])];
    let out = build_observations(
        &map,
        &ms,
        &FhirOptions {
            identity: IdentityMode::Lookup,
            ..FhirOptions::default()
        },
    );
    assert_eq!(codes(&out), [Code::IdentityDeviceNotFound]);
}

#[test]
fn quantity_with_two_values_in_a_window_skips_the_group() {
    let map = mapping(&[
        r#"{"typeName":"w","periodInterval":60,"codes":[],"value":{"valueType":"Quantity","valueName":"v"}}"#,
    ]);
    let ms = numbered(vec![
        meas("w", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")]),
        meas("w", "2019-01-01T00:10:00Z", "d", None, &[("v", "2")]),
        meas("w", "2019-01-01T02:00:00Z", "e", None, &[("v", "3")]),
    ]);
    let mut options = lookup("d", "dev", "pat");
    options.resources.push(serde_json::json!({"resourceType": "Device", "id": "dev2", "identifier": [{"value": "e"}], "patient": {"reference": "Patient/pat"}}));
    let out = build_observations(&map, &ms, &options);
    assert_eq!(out.observations.len(), 1);
    let d = &out.diagnostics[0];
    assert_eq!(d.code, Code::ObservationQuantityInvalid);
    assert_eq!(d.message, "Expected 1 value. Received 2.");
    assert_eq!(
        d.medtech_error,
        Some(MedTechError::InvalidQuantityFhirValueException)
    );
    assert_eq!(d.message_index, Some(0));
    let out = build_observations(
        &map,
        &[meas(
            "w",
            "2019-01-01T00:00:00Z",
            "d",
            None,
            &[("v", "1E-05")],
        )],
        &lookup("d", "dev", "pat"),
    );
    assert_eq!(
        out.diagnostics[0].message,
        "Error encountered processing value: 1E-05."
    );
}

#[test]
fn string_with_two_values_fails_the_batch_for_that_device() {
    let map = mapping(&[
        r#"{"typeName":"s","periodInterval":1440,"codes":[],"value":{"valueType":"String","valueName":"v"}}"#,
        r#"{"typeName":"n","codes":[],"value":{"valueType":"String","valueName":"v"}}"#,
    ]);
    let ms = numbered(vec![
        meas("s", "2019-01-01T00:00:00Z", "d", None, &[("v", "a")]),
        meas("s", "2019-01-01T01:00:00Z", "d", None, &[("v", "b")]),
        meas("n", "2019-01-01T01:00:00Z", "d", None, &[("v", "c")]),
    ]);
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert_eq!(codes(&out), [Code::ObservationStringMultiple]);
    assert_eq!(
        out.diagnostics[0].message,
        "Sequence contains more than one element"
    );
    assert_eq!(out.diagnostics[0].medtech_error, None);
    assert!(out.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("fails the whole batch"));
    // The next group of the same device in the batch is not processed.
    assert!(out.observations.is_empty());
    assert!(out.groups[1].skipped);
    // In a later batch it is.
    let out = build_observations(
        &map,
        &ms,
        &FhirOptions {
            batch_size: Some(2),
            ..lookup("d", "dev", "pat")
        },
    );
    assert_eq!(out.observations.len(), 1);
}

#[test]
fn non_positive_sampled_data_period_is_reported_not_looped() {
    for period in ["0", "-1000", "0.00001"] {
        let map = mapping(&[&format!(
            r#"{{"typeName":"t","codes":[],"value":{{"valueType":"SampledData","defaultPeriod":{period},"valueName":"v"}}}}"#
        )]);
        let ms = vec![meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")])];
        let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
        assert_eq!(
            codes(&out),
            [Code::ObservationPeriodNotPositive],
            "{period}"
        );
        assert!(out.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("never finishes"));
    }
}

#[test]
fn missing_period_and_too_many_slots() {
    let map = mapping(&[
        r#"{"typeName":"t","codes":[],"value":{"valueType":"SampledData","valueName":"v"}}"#,
    ]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")])],
        &lookup("d", "dev", "pat"),
    );
    assert_eq!(codes(&out), [Code::ObservationPeriodMissing]);
    assert_eq!(
        out.diagnostics[0].message,
        "Value cannot be null. (Parameter 'samplePeriod')"
    );
    let map = mapping(&[
        r#"{"typeName":"t","periodInterval":1440,"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1,"valueName":"v"}}"#,
    ]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")])],
        &lookup("d", "dev", "pat"),
    );
    assert_eq!(codes(&out), [Code::ObservationTooManySlots]);
    assert_eq!(out.diagnostics[0].severity, Severity::Warning);
    assert!(out.diagnostics[0].message.contains("86400000 slots"));
}

#[test]
fn correlation_and_unsupported_intervals() {
    let map = mapping(&[r#"{"typeName":"t","periodInterval":-1,"codes":[]}"#]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[])],
        &lookup("d", "dev", "pat"),
    );
    assert_eq!(codes(&out), [Code::GroupCorrelationIdMissing]);
    assert_eq!(
        out.diagnostics[0].medtech_error,
        Some(MedTechError::CorrelationIdNotDefinedException)
    );
    let map = mapping(&[r#"{"typeName":"t","periodInterval":30,"codes":[]}"#]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[])],
        &lookup("d", "dev", "pat"),
    );
    assert_eq!(codes(&out), [Code::GroupPeriodUnsupported]);
    assert_eq!(
        out.diagnostics[0].message,
        "ObservationPeriodInterval 30 is not supported."
    );
}

#[test]
fn runtime_null_entries_and_missing_component_values() {
    let cases: &[(&str, Code)] = &[
        (
            r#"{"typeName":"t","codes":[null]}"#,
            Code::ObservationNullEntry,
        ),
        (
            r#"{"typeName":"t","codes":[],"category":[null]}"#,
            Code::ObservationNullEntry,
        ),
        (
            r#"{"typeName":"t","codes":[],"components":[{"codes":[]}]}"#,
            Code::ObservationComponentValueMissing,
        ),
        (
            r#"{"typeName":"t","codes":[],"components":[{"codes":[],"value":{"valueType":"String"}}]}"#,
            Code::ObservationComponentValueMissing,
        ),
        (
            r#"{"typeName":"t","codes":[],"value":{"valueType":"CodeableConcept","valueName":"v"}}"#,
            Code::ObservationCodesMissing,
        ),
    ];
    for (body, code) in cases {
        let map = mapping(&[body]);
        let out = build_observations(
            &map,
            &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")])],
            &lookup("d", "dev", "pat"),
        );
        assert_eq!(codes(&out), [*code], "{body}");
        assert!(out.observations.is_empty());
    }
    // A main value without valueName is silently skipped.
    let map = mapping(&[r#"{"typeName":"t","codes":[],"value":{"valueType":"String"}}"#]);
    let out = build_observations(
        &map,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "1")])],
        &lookup("d", "dev", "pat"),
    );
    assert_eq!(codes(&out), [Code::ObservationNoValues]);
}

#[test]
fn an_invalid_mapping_writes_nothing() {
    let loaded = load_fhir_mapping(
        r#"{"templateType":"CollectionFhir","template":[{"templateType":"CodeValueFhir","template":{}}]}"#,
    );
    assert!(!loaded.valid);
    let out = build_observations(
        &loaded.mapping,
        &[meas("t", "2019-01-01T00:00:00Z", "d", None, &[])],
        &FhirOptions::default(),
    );
    assert_eq!(codes(&out), [Code::GroupMappingInvalid]);
    assert!(out.observations.is_empty());
}

#[test]
fn policies_of_the_handled_exceptions() {
    let skip = failure::Failure::new(
        Code::IdentityDeviceNotFound,
        "FhirResourceNotFoundException",
        "m",
        Policy::Skip,
    );
    assert!(skip
        .consequence(3)
        .contains("skips the rest of this measurement group (3 measurement(s))"));
    let wrapped = failure::Failure::new(
        Code::GroupTemplateNotFound,
        "FhirDataMappingException",
        "m",
        Policy::SkipIfReported,
    );
    assert!(wrapped.consequence(1).contains("error-message service"));
}

#[test]
fn duplicates_in_a_batch_are_explained() {
    let map =
        mapping(&[r#"{"typeName":"t","codes":[],"value":{"valueType":"String","valueName":"v"}}"#]);
    let ms = numbered(vec![
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "first")]),
        meas("t", "2019-01-01T00:00:00Z", "d", None, &[("v", "second")]),
    ]);
    let out = build_observations(&map, &ms, &lookup("d", "dev", "pat"));
    assert_eq!(out.observations[0]["valueString"], "first");
    let info = out
        .diagnostics
        .iter()
        .find(|d| d.code == Code::GroupDuplicateTimestamp)
        .unwrap();
    assert_eq!(info.message_index, Some(1));
    assert_eq!(out.groups[0].dropped, [1]);
}
