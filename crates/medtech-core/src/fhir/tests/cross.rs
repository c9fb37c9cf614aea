//! Cross-mapping checks (the validator's warnings, device-mapping.md §8.2 / fhir-mapping.md
//! §8.8, and this tool's template checks).

use super::*;
use crate::device_mapping::load_device_mapping;

const DEVICE: &str = r#"{"templateType":"CollectionContent","template":[
 {"templateType":"JsonPathContent","template":{"typeName":"heartrate","typeMatchExpression":"$..[?(@heartrate)]","deviceIdExpression":"$.device","timestampExpression":"$.date",
   "values":[{"required":"true","valueExpression":"$.heartrate","valueName":"hr"}]}},
 {"templateType":"JsonPathContent","template":{"typeName":"bloodpressure","typeMatchExpression":"$..[?(@systolic)]","deviceIdExpression":"$.device","timestampExpression":"$.date",
   "values":[{"required":"true","valueExpression":"$.systolic","valueName":"systolic"},{"required":"true","valueExpression":"$.diastolic","valueName":"diastolic"}]}}]}"#;

const BP_COMPONENTS: &str = r#"{"typeName":"bloodpressure","periodInterval":60,"codes":[],"components":[
 {"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"valueName":"diastolic"}},
 {"codes":[],"value":{"valueType":"SampledData","defaultPeriod":1000,"valueName":"systolic"}}]}"#;

fn device() -> crate::device_mapping::DeviceMapping {
    let loaded = load_device_mapping(DEVICE);
    assert!(loaded.valid, "{:?}", loaded.diagnostics);
    loaded.mapping
}

fn found(ds: &[crate::diagnostic::Diagnostic]) -> Vec<Code> {
    ds.iter().map(|d| d.code).collect()
}

#[test]
fn compatible_mappings_give_nothing() {
    let ds = cross_check(&device(), &mapping(&[HEARTRATE, BP_COMPONENTS]));
    assert_eq!(found(&ds), Vec::<Code>::new(), "{ds:?}");
}

#[test]
fn s8_8_missing_fhir_template() {
    let renamed = BP_COMPONENTS.replace("\"bloodpressure\"", "\"bloodpressureBadTypeName\"");
    let ds = cross_check(&device(), &mapping(&[HEARTRATE, &renamed]));
    let d = ds
        .iter()
        .find(|d| d.code == Code::CrossNoFhirTemplate)
        .unwrap();
    assert_eq!(
        d.message,
        "No matching Fhir Template exists for Device Mapping [bloodpressure]. Ensure case matches. Available Fhir Templates: [heartrate ,bloodpressureBadTypeName]."
    );
    assert_eq!(d.severity, crate::diagnostic::Severity::Warning);
    assert_eq!(
        d.medtech_error,
        Some(crate::diagnostic::MedTechError::TemplateNotFoundException)
    );
    // The unused FHIR template is pointed out too.
    assert!(ds.iter().any(|d| d.code == Code::CrossUnusedFhirTemplate
        && d.help
            .as_deref()
            .is_some_and(|h| h.contains("bloodpressure"))));
}

#[test]
fn s8_8_value_not_represented() {
    let bad = BP_COMPONENTS.replace(
        "\"valueName\":\"systolic\"",
        "\"valueName\":\"systolicBadValueName\"",
    );
    let ds = cross_check(&device(), &mapping(&[HEARTRATE, &bad]));
    let d = ds
        .iter()
        .find(|d| d.code == Code::CrossValueNotRepresented)
        .unwrap();
    assert_eq!(
        d.message,
        "The value [systolic] in Device Mapping [bloodpressure] is not represented within the Fhir Template of type [bloodpressure]. Available values are: [diastolic ,systolicBadValueName]. No value will appear inside of Observations."
    );
    assert!(d.help.as_deref().unwrap().contains("systolicBadValueName"));
}

#[test]
fn type_name_case_only_differs_and_value_name_case_matters() {
    let hr = HEARTRATE
        .replace("\"heartrate\"", "\"HeartRate\"")
        .replace("\"valueName\":\"hr\"", "\"valueName\":\"HR\"");
    let ds = cross_check(&device(), &mapping(&[&hr, BP_COMPONENTS]));
    assert!(ds.iter().any(|d| d.code == Code::CrossTypeNameCase));
    let d = ds
        .iter()
        .find(|d| d.code == Code::CrossValueNotRepresented)
        .unwrap();
    assert!(d.help.as_deref().unwrap().contains("\"HR\""));
}

#[test]
fn the_validator_crashes_on_templates_without_value() {
    let shell = r#"{"typeName":"heartrate","codes":[]}"#;
    let ds = cross_check(&device(), &mapping(&[shell, BP_COMPONENTS]));
    let d = ds
        .iter()
        .find(|d| d.code == Code::CrossValidatorCrash)
        .unwrap();
    assert_eq!(
        d.message,
        "Object reference not set to an instance of an object."
    );
}

#[test]
fn components_hide_the_main_value_from_the_validator() {
    let both = r#"{"typeName":"heartrate","codes":[],"value":{"valueType":"String","valueName":"hr"},"components":[]}"#;
    let ds = cross_check(&device(), &mapping(&[both, BP_COMPONENTS]));
    let d = ds
        .iter()
        .find(|d| d.code == Code::CrossValueNotRepresented)
        .unwrap();
    assert!(d.message.contains("Available values are: []"));
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("only compares component values"));
}

#[test]
fn template_checks() {
    let cases: &[(&str, Code)] = &[
        (
            r#"{"typeName":"a","periodInterval":60,"codes":[],"value":{"valueType":"Quantity","valueName":"v"}}"#,
            Code::CrossSingleValueWindow,
        ),
        (
            r#"{"typeName":"a","periodInterval":-1,"codes":[],"value":{"valueType":"String","valueName":"v"}}"#,
            Code::CrossSingleValueWindow,
        ),
        (
            r#"{"typeName":"a","codes":[],"value":{"valueType":"SampledData","valueName":"v"}}"#,
            Code::CrossPeriodMissing,
        ),
        (
            r#"{"typeName":"a","codes":[],"value":{"valueType":"SampledData","valueName":"v","defaultPeriod":0}}"#,
            Code::CrossPeriodNotPositive,
        ),
        (
            r#"{"typeName":"a","codes":[],"value":{"valueType":"SampledData","valueName":"v","defaultPeriod":-5}}"#,
            Code::CrossPeriodNotPositive,
        ),
        (
            r#"{"typeName":"a","periodInterval":1440,"codes":[],"value":{"valueType":"SampledData","valueName":"v","defaultPeriod":10}}"#,
            Code::CrossSampledDataLarge,
        ),
        (
            r#"{"typeName":"a","codes":[],"value":{"valueType":"CodeableConcept","valueName":"v"}}"#,
            Code::CrossCodeableConceptNoCodes,
        ),
        (
            r#"{"typeName":"a","codes":[],"components":[{"codes":[]}]}"#,
            Code::CrossComponentNoValueName,
        ),
        (
            r#"{"typeName":"a","codes":[],"components":[{"codes":[],"value":{"valueType":"String"}}]}"#,
            Code::CrossComponentNoValueName,
        ),
        (
            r#"{"typeName":"a","codes":[],"value":{"valueType":"String"}}"#,
            Code::CrossValueNameMissing,
        ),
        (r#"{"typeName":"a","codes":[null]}"#, Code::CrossNullEntry),
        (
            r#"{"typeName":"a","periodInterval":30,"codes":[]}"#,
            Code::CrossPeriodUnsupported,
        ),
    ];
    for (body, code) in cases {
        let ds = crate::fhir::cross_check::template_checks(&mapping(&[body]));
        assert_eq!(found(&ds), [*code], "{body}");
        assert!(
            ds[0]
                .pointer
                .as_deref()
                .is_some_and(|p| p.starts_with("/template/0/template")),
            "{body}"
        );
    }
    let ok = crate::fhir::cross_check::template_checks(&mapping(&[HEARTRATE, BP_COMPONENTS]));
    assert!(ok.is_empty(), "{ok:?}");
}
