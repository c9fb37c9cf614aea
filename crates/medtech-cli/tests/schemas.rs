//! The JSON Schemas in `schemas/` (draft 2020-12): printed by `medtech schema`, they accept
//! every mapping the service accepts — each valid device mapping of the conformance suite
//! (`tests/cases`) and of `../shared/corpus`, each valid FHIR mapping of the corpus — and
//! reject the invalid ones the specification names (device-mapping.md §9.1, fhir-mapping.md
//! §8.1–8.2) and every conformance case whose error the schema can express (see
//! `EXPRESSIBLE`). The reference loader (`medtech-core`) is the oracle of validity.

use medtech_cli::args::SchemaKind;
use medtech_cli::schema;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// Load errors a JSON Schema can state (other errors need the reference's logic: JMESPath
/// syntax, duplicate type names, dates, crashes of the loader…).
const EXPRESSIBLE: &[&str] = &[
    "mapping/root-template-type",
    "mapping/template-not-array",
    "template/unknown-type",
    "template/not-object",
    "template/missing-member",
    "template/null-member",
    "template/unknown-member",
];

/// Corpus device mappings the specification names as invalid (§9.1 C1, C3, C5, C6, C9, C10).
const NAMED_INVALID_DEVICE: &[&str] = &[
    "data_CollectionContentTemplateEmpty.json",
    "data_CollectionContentTemplateInvalid.json",
    "Template.UnitTests_data_CollectionContentTemplateInvalid.json",
    "Validation.UnitTests_data_CollectionContentTemplateInvalid.json",
    "data_CollectionContentTemplateMixedValidity.json",
    "data_CollectionContentTemplateMultipleMocks.json",
    "data_InvalidTemplateType.json",
    "data_InvalidCollectionContentTemplateWithNoTemplateArray.json",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    let schema: Json = serde_json::from_str(schema::text(kind)).expect("schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn errors(v: &jsonschema::Validator, value: &Json) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect()
}

#[test]
fn shipped_files_are_what_the_cli_prints() {
    for (kind, file) in [
        (SchemaKind::Device, "device-mapping.schema.json"),
        (SchemaKind::Fhir, "fhir-mapping.schema.json"),
        (SchemaKind::Suite, "suite.schema.json"),
    ] {
        let shipped = std::fs::read_to_string(root().join("schemas").join(file)).expect("file");
        assert_eq!(shipped, schema::text(kind));
        let _ = validator(kind);
    }
}

#[test]
fn device_schema_follows_the_loader_on_the_conformance_cases() {
    let v = validator(SchemaKind::Device);
    let mut cases = Vec::new();
    files(&root().join("tests/cases/device"), &mut cases);
    let (mut accepted, mut rejected) = (0, 0);
    let mut problems = Vec::new();
    for path in cases {
        let Ok(case) =
            serde_json::from_str::<Json>(&std::fs::read_to_string(&path).unwrap_or_default())
        else {
            continue;
        };
        let mapping = match (case.get("deviceMapping"), case.get("deviceMappingText")) {
            (Some(m), _) => m.clone(),
            (_, Some(Json::String(t))) => match serde_json::from_str(t) {
                Ok(m) => m,
                Err(_) => continue, // lenient-only text: not JSON for editors either
            },
            _ => continue,
        };
        let text = serde_json::to_string_pretty(&mapping).unwrap_or_default();
        let loaded = medtech_core::load_device_mapping(&text);
        let found = errors(&v, &mapping);
        if loaded.valid {
            accepted += 1;
            if !found.is_empty() {
                problems.push(format!(
                    "{}: valid mapping rejected: {found:?}",
                    path.display()
                ));
            }
        } else if loaded
            .errors()
            .all(|d| EXPRESSIBLE.contains(&d.code.as_str()))
        {
            rejected += 1;
            if found.is_empty() {
                problems.push(format!("{}: invalid mapping accepted", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        accepted > 100 && rejected > 10,
        "{accepted} accepted, {rejected} rejected"
    );
}

#[test]
fn schemas_follow_the_loaders_on_the_corpus() {
    let Some(shared) = Some(root().join("../shared/corpus")).filter(|p| p.is_dir()) else {
        println!("notice: ../shared is absent; the corpus schema checks are skipped");
        return;
    };
    let device = validator(SchemaKind::Device);
    let fhir = validator(SchemaKind::Fhir);
    let mut all = Vec::new();
    files(&shared, &mut all);
    let mut problems = Vec::new();
    let (mut devices, mut fhirs) = (0, 0);
    for path in all {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        let Ok(json) = serde_json::from_str::<Json>(text.trim_start_matches('\u{feff}')) else {
            continue;
        };
        let kind = json
            .as_object()
            .and_then(|o| {
                o.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("templateType"))
            })
            .and_then(|(_, v)| v.as_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if kind.starts_with("collectioncontent") || NAMED_INVALID_DEVICE.contains(&name.as_str()) {
            devices += 1;
            let valid = medtech_core::load_device_mapping(&text).valid;
            let found = errors(&device, &json);
            if valid && !found.is_empty() {
                problems.push(format!(
                    "{}: valid device mapping rejected: {found:?}",
                    path.display()
                ));
            }
            if NAMED_INVALID_DEVICE.contains(&name.as_str()) && found.is_empty() {
                problems.push(format!(
                    "{}: invalid device mapping accepted",
                    path.display()
                ));
            }
        } else if kind.starts_with("collectionfhir") {
            fhirs += 1;
            let loaded = medtech_core::fhir::load_fhir_mapping(&text);
            let found = errors(&fhir, &json);
            if loaded.valid && !found.is_empty() {
                problems.push(format!(
                    "{}: valid FHIR mapping rejected: {found:?}",
                    path.display()
                ));
            }
            if !loaded.valid && name.contains("Invalid") && found.is_empty() {
                problems.push(format!("{}: invalid FHIR mapping accepted", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        devices > 20 && fhirs > 5,
        "{devices} device and {fhirs} FHIR mappings"
    );
}

#[test]
fn fhir_schema_rejects_what_the_spec_names() {
    let v = validator(SchemaKind::Fhir);
    let good = serde_json::json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {
        "typeName": "hr", "codes": [{"code": "8867-4", "system": "http://loinc.org"}], "periodInterval": 60,
        "value": {"valueType": "Quantity", "valueName": "hr", "unit": "count/min", "anything": "ignored"}}}]});
    assert!(errors(&v, &good).is_empty(), "{:?}", errors(&v, &good));
    let bad = [
        // §1.3: typeName and codes are required; unknown body members are errors.
        serde_json::json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {"codes": []}}]}),
        serde_json::json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {"typeName": "hr"}}]}),
        serde_json::json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {"typeName": "hr", "codes": [], "coding": []}}]}),
        // §1.4: valueType must be one of four names; §1.2: only CodeValueFhir.
        serde_json::json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {"typeName": "hr", "codes": [], "value": {"valueType": "Integer"}}}]}),
        serde_json::json!({"templateType": "CollectionFhir", "template": [{"templateType": "Other", "template": {"typeName": "hr", "codes": []}}]}),
        serde_json::json!({"templateType": "CollectionContent", "template": []}),
        serde_json::json!({"templateType": "CollectionFhir", "template": {}}),
    ];
    for b in bad {
        assert!(!errors(&v, &b).is_empty(), "accepted {b}");
        let loaded = medtech_core::fhir::load_fhir_mapping(&b.to_string());
        assert!(!loaded.valid, "the loader accepts {b}");
    }
}

#[test]
fn suite_schema_accepts_the_example_suite() {
    let v = validator(SchemaKind::Suite);
    let suite: Json = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/suite/mappings.suite.json")).expect("suite"),
    )
    .expect("JSON");
    assert!(errors(&v, &suite).is_empty(), "{:?}", errors(&v, &suite));
    assert!(!errors(&v, &serde_json::json!({"cases": []})).is_empty());
}
