//! The real-world samples of `../shared/corpus/realworld/` (outside the repository; skipped with
//! a notice when absent) through the same path the browser takes: `analysis::analyze` on the
//! editor texts. Every sample set must evaluate without panicking, and every finding must be
//! placed inside the text of its editor.

use medtech_web::analysis::analyze;
use medtech_web::state::{Editor, Inputs, Settings};
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/realworld");
    dir.is_dir().then_some(dir)
}

/// (device mapping, FHIR mapping, messages, envelope) of sample sets in the corpus.
const SETS: &[(&str, &str, &[&str], &str)] = &[
    (
        "Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/calculatedcontent/conversions-using-functions/deviceMapping.json",
        "Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/calculatedcontent/conversions-using-functions/fhirDestinationMapping.json",
        &[
            "Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/calculatedcontent/conversions-using-functions/testMessageA.json",
            "Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/calculatedcontent/conversions-using-functions/testMessageB.json",
        ],
        "raw",
    ),
    (
        "Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/iotjsonpathcontent/single-device-message-into-multiple-resources/deviceMapping.json",
        "Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/iotjsonpathcontent/single-device-message-into-multiple-resources/fhirDestinationMapping.json",
        &["Azure-Samples__azure-health-data-and-ai-samples/samples/medtech-service-mappings/iotjsonpathcontent/single-device-message-into-multiple-resources/testMessage.json"],
        "iothub",
    ),
    (
        "microsoft__azure-health-data-services-workshop/Challenge-09 - MedTech service/SampleData/Answers/devicecontent.json",
        "microsoft__azure-health-data-services-workshop/Challenge-09 - MedTech service/SampleData/Answers/fhirmapping.json",
        &["microsoft__azure-health-data-services-workshop/Challenge-09 - MedTech service/SampleData/Three-Sample-Message-Types.json"],
        "eventhub",
    ),
    (
        "microsoft__FitbitOnFHIR/templates/device_mapping.json",
        "microsoft__FitbitOnFHIR/templates/FHIR_mapping.json",
        &[],
        "raw",
    ),
];

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_default()
}

#[test]
fn real_world_sample_sets_evaluate_and_place_every_finding() {
    let Some(dir) = corpus() else {
        eprintln!("notice: ../shared/corpus/realworld is absent; real-world samples skipped");
        return;
    };
    for (device, fhir, messages, envelope) in SETS {
        let texts: Vec<String> = messages.iter().map(|m| read(&dir, m)).collect();
        let inputs = Inputs {
            device: read(&dir, device),
            fhir: read(&dir, fhir),
            messages: medtech_web::services::examples::join_messages(&texts),
            settings: Settings {
                envelope: envelope.to_string(),
                ..Settings::default()
            },
            example: None,
        };
        assert!(!inputs.device.is_empty(), "{device} missing");
        let (analysis, _) = analyze(&inputs, &|| 0.0);
        eprintln!(
            "{device}: valid {}, {} messages, {} measurements, {} observations, findings {:?}",
            analysis.valid,
            analysis.message_count,
            analysis.measurement_count,
            analysis.observations.len(),
            analysis.counts
        );
        for finding in &analysis.findings {
            if let Some(loc) = finding.loc {
                let text = match loc.editor {
                    Editor::Device => &inputs.device,
                    Editor::Fhir => &inputs.fhir,
                    Editor::Messages => &inputs.messages,
                };
                assert!(loc.start <= loc.end && loc.end <= text.len(), "{finding:?}");
                assert!(loc.line as usize <= text.split('\n').count(), "{finding:?}");
            }
        }
    }
}

#[test]
fn every_real_world_json_file_is_safe_as_any_editor_input() {
    let Some(dir) = corpus() else {
        eprintln!("notice: ../shared/corpus/realworld is absent; real-world samples skipped");
        return;
    };
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    let heart_rate = include_str!("../../examples/heart-rate/device.json");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // As a device mapping, as a FHIR mapping, and as the messages.
        for inputs in [
            Inputs {
                device: text.clone(),
                ..Inputs::default()
            },
            Inputs {
                device: heart_rate.into(),
                fhir: text.clone(),
                ..Inputs::default()
            },
            Inputs {
                device: heart_rate.into(),
                messages: text.clone(),
                ..Inputs::default()
            },
        ] {
            let _ = analyze(&inputs, &|| 0.0);
        }
    }
    eprintln!("{} real-world files evaluated in each editor", files.len());
}
