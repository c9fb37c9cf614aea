//! The reference's own test inputs (`../shared/corpus/reference/device/`) with the results
//! device-mapping.md §9.1 and §9.2 state for them. Skipped with a notice when the shared
//! corpus is not beside the workspace.

use std::path::PathBuf;

use medtech_json::LineIndex;

use super::*;

fn corpus_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/reference/device");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn read(name: &str) -> Option<String> {
    let dir = corpus_dir()?;
    let bytes = std::fs::read(dir.join(name)).ok()?;
    Some(medtech_json::read::decode_utf8(&bytes).into_owned())
}

fn messages(loaded: &LoadedDeviceMapping) -> Vec<String> {
    loaded.errors().map(|d| d.message.clone()).collect()
}

fn lines(loaded: &LoadedDeviceMapping) -> Vec<u32> {
    loaded
        .errors()
        .map(|d| d.reference_position.map_or(0, |p| p.0))
        .collect()
}

/// Line of a member of the node at `pointer`, per Newtonsoft (the `:`).
fn member_line(text: &str, loaded: &LoadedDeviceMapping, pointer: &str, name: &str) -> u32 {
    let doc = loaded.document.as_ref().unwrap();
    let node = doc.at_pointer(doc.root().unwrap(), pointer).unwrap();
    let member = doc.members(node).iter().find(|m| &*m.name == name).unwrap();
    LineIndex::new(text).newtonsoft_member_position(member).0
}

/// Newtonsoft line info of the node at `pointer`.
fn node_position(text: &str, loaded: &LoadedDeviceMapping, pointer: &str) -> (u32, u32) {
    let doc = loaded.document.as_ref().unwrap();
    let node = doc.at_pointer(doc.root().unwrap(), pointer).unwrap();
    LineIndex::new(text).newtonsoft_value_position(doc, node)
}

#[test]
fn every_reference_device_mapping_loads_as_the_reference_says() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") || n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut checked = 0;
    for name in &names {
        let text = read(name).unwrap();
        let is_payload = name.contains("Payload") || name.contains("TestInput");
        if is_payload {
            continue;
        }
        let single = text.contains("\"templateType\"")
            && !text.to_lowercase().contains("collectioncontent")
            && !name.ends_with("Projection.json")
            && !name.contains("InvalidJson")
            && !name.contains("InvalidTemplateType");
        let loaded = if single {
            load_template_container(&text)
        } else {
            load_device_mapping(&text)
        };
        let invalid = [
            "Invalid",
            "CollectionContentTemplateEmpty.json",
            "MixedValidity",
            "MultipleMocks",
            "Projection.json",
        ];
        let expect_valid = !invalid.iter().any(|p| name.contains(p));
        assert_eq!(
            loaded.valid, expect_valid,
            "{name}: {:#?}",
            loaded.diagnostics
        );
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} mappings checked");
}

#[test]
fn c1_empty_template_type_and_template() {
    let Some(text) = read("data_CollectionContentTemplateEmpty.json") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    assert_eq!(
        messages(&loaded),
        ["Expected TemplateType value CollectionContentTemplate, actual ."]
    );
    assert!(loaded.mapping.templates.is_empty());
}

#[test]
fn c2_lower_case_alias_and_empty_array() {
    let Some(text) = read("data_CollectionContentTemplateEmptyWithType.json") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    assert!(loaded.valid);
    assert!(loaded.diagnostics.is_empty());
    assert!(loaded.mapping.templates.is_empty());
}

#[test]
fn c3_unknown_mock_types_are_not_found() {
    let Some(text) = read("data_CollectionContentTemplateMultipleMocks.json") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    assert_eq!(
        messages(&loaded),
        [
            "No match found for template type mockA.",
            "No match found for template type mockB."
        ]
    );
    assert_eq!(lines(&loaded), [6, 10]);
}

#[test]
fn c4_mixed_is_valid() {
    let Some(text) = read("data_CollectionContentTemplateMixed.json") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    assert!(loaded.valid, "{:#?}", loaded.diagnostics);
    let kinds: Vec<_> = loaded.mapping.templates.iter().map(|t| t.kind).collect();
    assert_eq!(kinds.len(), 17);
    assert!(kinds[..6].iter().all(|k| *k == TemplateKind::JsonPath));
    assert!(kinds[6..].iter().all(|k| *k == TemplateKind::IotJsonPath));
    // "required": "true" strings are accepted, with an info each
    assert!(loaded
        .diagnostics
        .iter()
        .all(|d| d.code == Code::TemplateRequiredString && d.severity == Severity::Info));
    assert_eq!(loaded.mapping.templates[6].values.len(), 4);
    assert!(!loaded.mapping.templates[6].values[0].required);
}

#[test]
fn c5_missing_required_members_in_order_with_lines() {
    for name in [
        "Template.UnitTests_data_CollectionContentTemplateInvalid.json",
        "Validation.UnitTests_data_CollectionContentTemplateInvalid.json",
    ] {
        let Some(text) = read(name) else {
            return;
        };
        let loaded = load_device_mapping(&text);
        assert_eq!(
            messages(&loaded),
            [
                "Required property 'DeviceIdExpression' not found in JSON. ",
                "Required property 'TimestampExpression' not found in JSON. ",
                "Required property 'TypeMatchExpression' not found in JSON. ",
            ]
        );
        let positions: Vec<_> = loaded.errors().map(|d| d.reference_position).collect();
        assert_eq!(positions, [Some((6, 19)), Some((6, 19)), Some((20, 19))]);
        let message = loaded.validation_message().unwrap();
        assert!(message.starts_with("Validation errors:\nLine Number: 6, Position: 19. Required property 'DeviceIdExpression' not found in JSON. \n"));
        assert!(loaded.mapping.templates.is_empty());
    }
}

#[test]
fn c6_mixed_validity_keeps_three_templates() {
    let Some(text) = read("data_CollectionContentTemplateMixedValidity.json") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    assert!(!loaded.valid);
    assert_eq!(
        messages(&loaded),
        ["Required property 'TypeMatchExpression' not found in JSON. "]
    );
    assert_eq!(lines(&loaded), [41]);
    let kinds: Vec<_> = loaded.mapping.templates.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TemplateKind::Calculated,
            TemplateKind::JsonPath,
            TemplateKind::IotCentralJsonPath
        ]
    );
    assert_eq!(
        loaded.mapping.templates[0].values[0].name,
        "hr-calc-content"
    );
    assert_eq!(loaded.mapping.templates[1].values[0].name, "hr");
}

#[test]
fn c7_line_info() {
    let Some(text) = read("data_CollectionContentTemplateMixedValidity.json") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    let [calc, jsonpath, central] = &loaded.mapping.templates[..] else {
        panic!("three templates expected");
    };
    // CalculatedContent
    assert_eq!(calc.location.line_info.map(|p| p.0), Some(6));
    assert_eq!(
        member_line(&text, &loaded, "/template/0/template", "typeName"),
        7
    );
    assert_eq!(
        calc.device_id.as_ref().unwrap().location.line_info,
        Some((13, 40))
    );
    let timestamp = calc.timestamp.as_ref().unwrap();
    assert_eq!(
        node_position(&text, &loaded, &timestamp.location.pointer),
        (9, 32)
    );
    // The expression's own line info is its `{` (the reference's "Unable to extract …");
    // its `value` property's is on line 10 (inner "null or empty" / conversion errors).
    assert_eq!(timestamp.location.line_info, Some((9, 32)));
    assert_eq!(timestamp.value_line_info.map(|p| p.0), Some(10));
    assert_eq!(
        member_line(&text, &loaded, &timestamp.location.pointer, "language"),
        11
    );
    let value = &calc.values[0];
    assert_eq!(value.location.line_info, Some((15, 11)));
    for (member, line) in [("required", 16), ("valueExpression", 17), ("valueName", 18)] {
        assert_eq!(
            member_line(&text, &loaded, &value.location.pointer, member),
            line
        );
    }
    // JsonPathContent: expressions carry their property's line info (the adapter)
    assert_eq!(jsonpath.location.line_info.map(|p| p.0), Some(25));
    assert_eq!(
        member_line(&text, &loaded, "/template/1/template", "typeName"),
        26
    );
    assert_eq!(
        jsonpath
            .device_id
            .as_ref()
            .unwrap()
            .location
            .line_info
            .map(|p| p.0),
        Some(28)
    );
    assert_eq!(
        jsonpath
            .timestamp
            .as_ref()
            .unwrap()
            .location
            .line_info
            .map(|p| p.0),
        Some(29)
    );
    let value = &jsonpath.values[0];
    assert_eq!(value.location.line_info.map(|p| p.0), Some(31));
    for (member, line) in [("required", 32), ("valueExpression", 33), ("valueName", 34)] {
        assert_eq!(
            member_line(&text, &loaded, &value.location.pointer, member),
            line
        );
    }
    // IotCentralJsonPathContent
    assert_eq!(central.location.line_info.map(|p| p.0), Some(54));
    assert_eq!(
        member_line(&text, &loaded, "/template/3/template", "typeName"),
        55
    );
    assert_eq!(
        central
            .type_match
            .as_ref()
            .unwrap()
            .location
            .line_info
            .map(|p| p.0),
        Some(56)
    );
    let value = &central.values[0];
    assert_eq!(value.location.line_info.map(|p| p.0), Some(58));
    for (member, line) in [("required", 59), ("valueExpression", 60), ("valueName", 61)] {
        assert_eq!(
            member_line(&text, &loaded, &value.location.pointer, member),
            line
        );
    }
}

#[test]
fn c8_to_c10_root_errors() {
    let Some(text) = read("data_InvalidJson.txt") else {
        return;
    };
    let loaded = load_device_mapping(&text);
    assert_eq!(loaded.errors().count(), 1);
    assert_eq!(loaded.errors().next().unwrap().code, Code::MappingSyntax);
    assert!(messages(&loaded)[0]
        .starts_with("Unexpected character encountered while parsing value: }."));

    let text = read("data_InvalidTemplateType.json").unwrap();
    assert_eq!(
        messages(&load_device_mapping(&text)),
        ["Expected TemplateType value CollectionContentTemplate, actual templateType."]
    );

    let text = read("data_InvalidCollectionContentTemplateWithNoTemplateArray.json").unwrap();
    let loaded = load_device_mapping(&text);
    assert_eq!(
        messages(&loaded),
        ["Expected an array for the template property value for template type CollectionContentTemplate."]
    );
    assert_eq!(
        loaded.errors().next().unwrap().reference_position,
        Some((3, 13))
    );
}

#[test]
fn valid_collections_build_every_template() {
    for (name, count) in [
        ("data_CollectionContentTemplateHrAndSteps.json", 2),
        ("data_CollectionContentTemplateHrAndStepsJmesPath.json", 2),
        (
            "data_CollectionContentTemplateHrAndBloodPressureValid.json",
            2,
        ),
        (
            "data_CollectionContentTemplateMultipleIotCentralJsonPath.json",
            3,
        ),
        (
            "data_Documentation_CalculatedFunction_BloodPressure_Template.json",
            1,
        ),
        (
            "data_Documentation_CalculatedFunction_HeartRate_Template.json",
            1,
        ),
        (
            "data_Documentation_CalculatedFunction_MultipleMatches_Template.json",
            1,
        ),
        (
            "data_Documentation_CalculatedFunction_MultipleMeasurements_Template.json",
            2,
        ),
        (
            "data_Documentation_CalculatedFunction_TransformData_Template.json",
            2,
        ),
        ("sample_basic_devicecontent.json", 6),
        ("sample_healthkitOnFhir_devicecontent.json", 17),
        ("sample_sandbox_devicecontent.json", 7),
        ("sample_sandbox_legacy_devicecontent.json", 7),
    ] {
        let Some(text) = read(name) else {
            return;
        };
        let loaded = load_device_mapping(&text);
        assert!(loaded.valid, "{name}: {:#?}", loaded.diagnostics);
        assert_eq!(loaded.mapping.templates.len(), count, "{name}");
    }
    let text = read("data_CollectionContentTemplateHrAndStepsJmesPath.json").unwrap();
    let loaded = load_device_mapping(&text);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.default_language, Some(Language::JmesPath));
    assert_eq!(t.type_match.as_ref().unwrap().language, Language::JmesPath);
    assert_eq!(t.values[0].expression.text, "matchedToken.heartrate");
    let text = read("data_Documentation_CalculatedFunction_TransformData_Template.json").unwrap();
    let loaded = load_device_mapping(&text);
    let value = &loaded.mapping.templates[0].values[0].expression;
    assert_eq!(value.language, Language::JmesPath);
    assert!(value.explicit_language);
}

#[test]
fn f1_f2_json_path_factory() {
    let Some(text) = read("data_JsonPathContentTemplateValid.json") else {
        return;
    };
    let loaded = load_template_container(&text);
    assert!(loaded.valid);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.kind, TemplateKind::JsonPath);
    assert_eq!(t.type_name, "heartrate");
    assert_eq!(t.type_match.as_ref().unwrap().text, "$..[?(@heartrate)]");
    assert_eq!(t.device_id.as_ref().unwrap().text, "$.device");
    assert_eq!(t.timestamp.as_ref().unwrap().text, "$.date");
    assert!(t.patient_id.is_none() && t.correlation_id.is_none());
    assert_eq!(t.values.len(), 1);
    assert!(t.values[0].required);
    assert_eq!(t.values[0].name, "hr");
    assert_eq!(t.values[0].expression.text, "$.heartrate");

    let text = read("data_JsonPathContentTemplateValidWithOptional.json").unwrap();
    let loaded = load_template_container(&text);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.patient_id.as_ref().unwrap().text, "$.patient");
    assert_eq!(t.correlation_id.as_ref().unwrap().text, "$.sessionid");
}

#[test]
fn f3_f5_json_path_factory_errors() {
    let Some(text) = read("data_JsonPathContentTemplateInvalidMissingExpression.json") else {
        return;
    };
    let loaded = load_template_container(&text);
    assert_eq!(
        messages(&loaded),
        [
            "Required property 'DeviceIdExpression' not found in JSON. ",
            "Required property 'TimestampExpression' not found in JSON. "
        ]
    );
    let loaded =
        load_template_container(r#"{"templateType": "JsonPathContentTemplate", "template": null}"#);
    assert_eq!(
        messages(&loaded),
        ["Expected an object for the template property value for template type JsonPathContentTemplate."]
    );
}

#[test]
fn f6_to_f10_iot_json_path_factory() {
    let Some(text) = read("data_IotJsonPathContentTemplateValid.json") else {
        return;
    };
    let loaded = load_template_container(&text);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.kind, TemplateKind::IotJsonPath);
    assert!(t.device_id.is_none() && t.timestamp.is_none() && t.patient_id.is_none());
    assert_eq!(t.values[0].expression.text, "$.Body.heartrate");
    let text = read("data_IotJsonPathContentTemplateValidWithOptional.json").unwrap();
    let loaded = load_template_container(&text);
    assert_eq!(
        loaded.mapping.templates[0]
            .patient_id
            .as_ref()
            .unwrap()
            .text,
        "$.patient"
    );
    let text = read("data_IotJsonPathContentTemplateInvalidMissingTypeMetadata.json").unwrap();
    assert_eq!(
        messages(&load_template_container(&text)),
        [
            "Required property 'TypeMatchExpression' not found in JSON. ",
            "Required property 'TypeName' not found in JSON. "
        ]
    );
    let text = read("data_IotJsonPathContentTemplateInvalidMissingValueField.json").unwrap();
    let loaded = load_template_container(&text);
    assert_eq!(
        messages(&loaded),
        ["Required property 'ValueName' not found in JSON. "]
    );
    assert_eq!(lines(&loaded), [7]);
    let loaded = load_template_container(
        r#"{"templateType": "IotJsonPathContentTemplate", "template": null}"#,
    );
    assert_eq!(
        loaded.errors().next().unwrap().code,
        Code::TemplateNotObject
    );
}

#[test]
fn f11_to_f14_iot_central_factory() {
    let Some(text) = read("data_IotCentralJsonPathContentTemplateValid.json") else {
        return;
    };
    let loaded = load_template_container(&text);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.kind, TemplateKind::IotCentralJsonPath);
    assert_eq!(t.type_name, "telemetry");
    assert_eq!(t.type_match.as_ref().unwrap().text, "$..[?(@telemetry)]");
    let values: Vec<_> = t
        .values
        .iter()
        .map(|v| (v.required, v.name.as_str(), v.expression.text.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            (true, "activity", "$.template.Activity"),
            (true, "bp_diastolic", "$.template.BloodPressure.Diastolic")
        ]
    );
    let text = read("data_IotCentralJsonPathContentTemplateValidWithOptional.json").unwrap();
    assert_eq!(
        load_template_container(&text).mapping.templates[0]
            .patient_id
            .as_ref()
            .unwrap()
            .text,
        "$.messageProperties.patientId"
    );
    let text =
        read("data_IotCentralJsonPathContentTemplateInvalidMissingTypeMetadata.json").unwrap();
    assert_eq!(
        messages(&load_template_container(&text)),
        [
            "Required property 'TypeMatchExpression' not found in JSON. ",
            "Required property 'TypeName' not found in JSON. "
        ]
    );
    let text = read("data_IotCentralJsonPathContentTemplateInvalidMissingValueField.json").unwrap();
    assert_eq!(
        messages(&load_template_container(&text)),
        ["Required property 'ValueName' not found in JSON. "]
    );
    let loaded = load_template_container(
        r#"{"templateType": "IotCentralJsonPathContent", "template": null}"#,
    );
    assert_eq!(
        messages(&loaded),
        ["Expected an object for the template property value for template type IotCentralJsonPathContent."]
    );
}

#[test]
fn f15_to_f17_calculated_factory() {
    for name in [
        "data_CalculatedFunctionContentTemplateValid.json",
        "data_CalculatedFunctionContentTemplateValidExpressionObject.json",
    ] {
        let Some(text) = read(name) else {
            return;
        };
        let loaded = load_template_container(&text);
        assert!(loaded.valid, "{name}");
        let t = &loaded.mapping.templates[0];
        assert_eq!(t.kind, TemplateKind::Calculated);
        let type_match = t.type_match.as_ref().unwrap();
        assert_eq!(type_match.text, "$..[?(@heartrate)]");
        assert_eq!(type_match.language, Language::JsonPath);
        assert_eq!(t.device_id.as_ref().unwrap().text, "$.device");
        assert_eq!(t.timestamp.as_ref().unwrap().language, Language::JsonPath);
        assert!(t.patient_id.is_none() && t.correlation_id.is_none());
        assert_eq!(t.values[0].expression.text, "$.heartrate");
        assert_eq!(t.values[0].expression.language, Language::JsonPath);
        assert!(t.values[0].required);
        // F17: typeName on line 4
        assert_eq!(member_line(&text, &loaded, "/template", "typeName"), 4);
    }
    let text = read("data_CalculatedFunctionContentTemplateValidOptional.json").unwrap();
    let loaded = load_template_container(&text);
    let t = &loaded.mapping.templates[0];
    assert_eq!(t.patient_id.as_ref().unwrap().text, "$.patientId");
    assert_eq!(t.correlation_id.as_ref().unwrap().text, "$.correlationId");
    assert_eq!(t.encounter_id.as_ref().unwrap().text, "$.encounterId");
    assert!(t.encounter_id.as_ref().unwrap().explicit_language);
}

#[test]
fn f18_unknown_and_missing_members() {
    let Some(text) =
        read("data_CalculatedFunctionContentTemplateValidInvalidAndMissingMembers.json")
    else {
        return;
    };
    let loaded = load_template_container(&text);
    assert_eq!(
        messages(&loaded),
        [
            "Could not find member 'typeMatchExpressionFake' on object of type 'CalculatedFunctionContentTemplate'. ",
            "Could not find member 'deviceIdExpressionFake' on object of type 'CalculatedFunctionContentTemplate'. ",
            "Required property 'TypeMatchExpression' not found in JSON. ",
            "Required property 'DeviceIdExpression' not found in JSON. ",
        ]
    );
    assert_eq!(lines(&loaded), [5, 6, 3, 3]);
}

#[test]
fn mapping_generator_outputs_load() {
    for name in [
        "mapping-generator_Expected_deviceData_BloodPressure.json",
        "mapping-generator_Expected_deviceData_HeartRate.json",
        "mapping-generator_Expected_deviceData_OxygenSaturation.json",
    ] {
        let Some(text) = read(name) else {
            return;
        };
        let loaded = load_template_container(&text);
        assert!(loaded.valid, "{name}: {:#?}", loaded.diagnostics);
        assert!(!loaded.mapping.templates[0].values[0].required);
    }
    // the projection file is a bare array of containers, not a collection
    let text = read("mapping-generator_Expected_deviceData_Projection.json").unwrap();
    let loaded = load_device_mapping(&text);
    assert_eq!(
        messages(&loaded),
        ["Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1."]
    );
}
