//! The reference's own FHIR-mapping inputs (fhir-mapping.md §8.1, §8.2, §8.8, §9).

use super::*;

// ---- §8.1 inner factory (CodeValueFhirTemplateFactoryTests) ----

#[test]
fn s8_1_sampled_data_template() {
    let Some(text) = corpus("data_CodeValueFhirTemplate_SampledData.json") else {
        return;
    };
    let l = load_fhir_mapping(&wrap_container(&text));
    assert!(l.valid, "{:?}", messages(&l));
    let t = &l.mapping.templates[0];
    assert_eq!(t.type_name, "heartrate");
    assert_eq!(t.period_interval, PeriodInterval::Hourly);
    let v = t.value.as_ref().unwrap();
    assert_eq!(v.value_name.as_deref(), Some("hr"));
    match &v.kind {
        ValueKind::SampledData {
            default_period,
            unit,
        } => {
            assert_eq!(default_period.unwrap().to_string(), "5000");
            assert_eq!(unit.as_deref(), Some("bpm"));
        }
        other => panic!("{other:?}"),
    }
    let c = t.codes[0].as_ref().unwrap();
    assert_eq!(
        (c.code.as_deref(), c.system.as_deref(), c.display.as_deref()),
        (Some("8867-4"), Some("http://loinc.org"), Some("Heart rate"))
    );
}

#[test]
fn s8_1_components_with_lower_case_value_type() {
    let Some(text) = corpus("data_CodeValueFhirTemplate_Components.json") else {
        return;
    };
    let l = load_fhir_mapping(&wrap_container(&text));
    assert!(l.valid, "{:?}", messages(&l));
    let t = &l.mapping.templates[0];
    assert_eq!(t.type_name, "bloodpressure");
    assert!(t.value.is_none());
    let comps = t.components.as_ref().unwrap();
    assert_eq!(comps.len(), 2);
    let first = comps[0].as_ref().unwrap();
    assert_eq!(
        first.codes[0].as_ref().unwrap().code.as_deref(),
        Some("8867-4")
    );
    let v = first.value.as_ref().unwrap();
    assert_eq!(v.value_type, "sampledData");
    assert_eq!(v.value_name.as_deref(), Some("diastolic"));
    assert!(matches!(&v.kind, ValueKind::SampledData { unit: Some(u), .. } if u == "mmHg"));
}

#[test]
fn s8_1_codeable_concept_quantity_string_templates() {
    if let Some(text) = corpus("data_CodeValueFhirTemplate_CodeableConceptData.json") {
        let l = load_fhir_mapping(&wrap_container(&text));
        assert!(l.valid, "{:?}", messages(&l));
        let t = &l.mapping.templates[0];
        assert_eq!(
            (t.type_name.as_str(), t.period_interval),
            ("alarmevent", PeriodInterval::Single)
        );
        match &t.value.as_ref().unwrap().kind {
            ValueKind::CodeableConcept { text, codes } => {
                assert_eq!(text.as_deref(), Some("Alarm!"));
                assert_eq!(
                    codes.as_ref().unwrap()[0].as_ref().unwrap().code.as_deref(),
                    Some("alarmevent")
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            t.codes[0].as_ref().unwrap().display.as_deref(),
            Some("Device Event")
        );
    }
    if let Some(text) = corpus("data_CodeValueFhirTemplate_Quantity.json") {
        let l = load_fhir_mapping(&wrap_container(&text));
        assert!(l.valid, "{:?}", messages(&l));
        let comps = l.mapping.templates[0].components.clone().unwrap();
        for (c, name) in comps.iter().zip(["diastolic", "systolic"]) {
            let v = c.as_ref().unwrap().value.as_ref().unwrap();
            assert_eq!(v.value_name.as_deref(), Some(name));
            assert_eq!(
                v.kind,
                ValueKind::Quantity {
                    unit: Some("mmHg".into()),
                    system: Some("http://unitsofmeasure.org".into()),
                    code: Some("mm[Hg]".into())
                }
            );
        }
    }
    if let Some(text) = corpus("data_CodeValueFhirTemplate_String.json") {
        let l = load_fhir_mapping(&wrap_container(&text));
        assert!(l.valid, "{:?}", messages(&l));
        let t = &l.mapping.templates[0];
        assert_eq!(t.type_name, "stringDetail");
        assert_eq!(t.value.as_ref().unwrap().kind, ValueKind::String);
        assert_eq!(
            t.value.as_ref().unwrap().value_name.as_deref(),
            Some("reasonText")
        );
    }
    if let Some(text) = corpus("data_CodeValueFhirTemplate_CodeableConceptAndStringComponent.json")
    {
        let l = load_fhir_mapping(&wrap_container(&text));
        assert!(l.valid, "{:?}", messages(&l));
        let t = &l.mapping.templates[0];
        assert_eq!(t.type_name, "alarmEvent");
        let comp = t.components.as_ref().unwrap()[0].as_ref().unwrap();
        assert_eq!(comp.value.as_ref().unwrap().kind, ValueKind::String);
        assert_eq!(
            comp.codes[0].as_ref().unwrap().code.as_deref(),
            Some("reasonText")
        );
    }
}

#[test]
fn s8_1_missing_type_name_and_missing_codes() {
    if let Some(text) =
        corpus("Ingest.Template.UnitTests_data_CodeValueFhirTemplateInvalid_MissingFields.json")
    {
        let l = load_fhir_mapping(&wrap_container(&text));
        assert_eq!(codes(&l), [Code::FhirMissingMember]);
        assert!(messages(&l)[0].contains("TypeName"));
    }
    if let Some(text) = corpus("data_CodeValueFhirTemplateInvalid_MissingCodeField.json") {
        let l = load_fhir_mapping(&wrap_container(&text));
        assert_eq!(codes(&l), [Code::FhirMissingMember]);
        assert_eq!(
            messages(&l),
            ["Required property 'Codes' not found in JSON. "]
        );
    }
}

#[test]
fn s8_1_container_without_type_or_template() {
    let l = load_fhir_mapping(r#"{"templateType":"CollectionFhir","template":[{}]}"#);
    assert_eq!(
        messages(&l),
        ["Expected TemplateType value CodeValueFhirTemplate, actual ."]
    );
    let l = load_fhir_mapping(
        r#"{"templateType":"CollectionFhir","template":[{"templateType":"CodeValueFhirTemplate","template":null}]}"#,
    );
    assert_eq!(
        messages(&l),
        ["Expected an object for the template property value for template type CodeValueFhirTemplate."]
    );
    // The line info is the templateType property's (":" at column 61).
    assert_eq!(l.diagnostics[0].reference_position, Some((1, 61)));
}

// ---- §8.2 collections (CollectionFhirTemplateFactoryTests) ----

#[test]
fn s8_2_collection_files() {
    let table: &[(&str, bool, &str)] = &[
        ("data_CollectionFhirTemplateEmpty.json", false, "Expected TemplateType value CollectionFhirTemplate, actual ."),
        ("data_CollectionFhirTemplateEmptyWithType.json", true, ""),
        ("Ingest.Template.UnitTests_data_CollectionFhirTemplateValid.json", true, ""),
        ("Ingest.Validation.UnitTests_data_CollectionFhirTemplateValid.json", true, ""),
        ("data_CollectionFhirTemplateInvalid.json", false, "Required property 'TypeName' not found in JSON. "),
        ("data_CollectionFhirTemplateMixedValidity.json", false, "Required property 'TypeName' not found in JSON. "),
        ("data_CollectionFhirTemplateMultipleMocks.json", false, "Expected TemplateType value CodeValueFhirTemplate, actual mockA."),
        ("data_InvalidJson.txt", false, "Unexpected character encountered while parsing value: }. Path 'templateType', line 3, position 0."),
        ("data_InvalidTemplateType.json", false, "Expected TemplateType value CollectionFhirTemplate, actual templateType."),
        ("data_InvalidCollectionFhirTemplateWithNoTemplateArray.json", false, "Expected an array for the template property value for template type CollectionFhirTemplate."),
        ("data_CollectionFhirTemplateMixed.json", false, "Expected TemplateType value CollectionFhirTemplate, actual CollectionContent."),
        ("Ingest.Validation.UnitTests_data_CodeValueFhirTemplateInvalid_MissingFields.json", false, "Expected TemplateType value CollectionFhirTemplate, actual CodeValueFhir."),
        ("basic_fhirmapping.json", true, ""),
        ("healthkitOnFhir_fhirmapping.json", true, ""),
        ("sandbox_fhirmapping.json", true, ""),
        ("data_CollectionFhirTemplateIncorrectValueNameInvalid.json", true, ""),
        ("data_CollectionFhirTemplateMissingTypeInvalid.json", true, ""),
    ];
    for (file, valid, first) in table {
        let Some(text) = corpus(file) else { return };
        let l = load_fhir_mapping(&text);
        assert_eq!(l.valid, *valid, "{file}: {:?}", messages(&l));
        if !valid {
            assert_eq!(
                messages(&l).first().map(String::as_str),
                Some(*first),
                "{file}"
            );
        }
    }
}

#[test]
fn s8_2_invalid_collection_reports_every_problem_in_order() {
    let Some(text) = corpus("data_CollectionFhirTemplateInvalid.json") else {
        return;
    };
    let l = load_fhir_mapping(&text);
    let m = messages(&l);
    assert_eq!(m[0], "Required property 'TypeName' not found in JSON. ");
    assert!(
        m.iter().any(|x| x == "Property ValueType is missing."),
        "{m:?}"
    );
    assert!(
        m.iter().any(|x| x == "Empty type name is not allowed: ' '"),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x == "Duplicate template defined for type name: 'steps'"),
        "{m:?}"
    );
    // The duplicate and the blank name point at their typeName property.
    let dup = l
        .errors()
        .find(|d| d.code == Code::FhirDuplicateTypeName)
        .unwrap();
    assert!(dup.reference_position.is_some());
    assert!(dup
        .pointer
        .as_deref()
        .unwrap()
        .ends_with("/template/typeName"));
}

#[test]
fn s8_2_mixed_validity_still_registers_the_valid_template() {
    let Some(text) = corpus("data_CollectionFhirTemplateMixedValidity.json") else {
        return;
    };
    let l = load_fhir_mapping(&text);
    assert!(!l.valid);
    let t = l.mapping.find("bloodpressure").unwrap();
    assert_eq!(t.period_interval, PeriodInterval::Hourly);
    assert!(l.mapping.find("BLOODPRESSURE").is_some());
    assert!(l.mapping.find("c").is_none());
}

#[test]
fn s8_8_validator_root_error_line() {
    let Some(text) =
        corpus("Ingest.Validation.UnitTests_data_CodeValueFhirTemplateInvalid_MissingFields.json")
    else {
        return;
    };
    let l = load_fhir_mapping(&text);
    assert_eq!(l.diagnostics[0].reference_position.map(|p| p.0), Some(2));
    // Root errors print without the "Line Number" prefix.
    assert!(reference_message(&l.diagnostics[0]).starts_with("Expected TemplateType"));
}
