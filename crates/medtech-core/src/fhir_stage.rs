//! The FHIR stage of a run: the destination mapping loaded once (with its findings positioned in
//! its text and the checks across both mappings), then Observations built from a batch of
//! measurements with the run's identity, resources, existing Observations and batch size.

use crate::device_mapping::DeviceMapping;
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::{self, LoadedFhirMapping, ObservationText};
use crate::normalize::measurement::Measurement;
use crate::session::{position, FhirOptions, IdentityMode, SourceFile};
use medtech_json::{read, write::to_serde, LineIndex, ReadOptions};
use serde_json::Value as Json;

/// A FHIR destination mapping ready to build Observations.
#[derive(Debug)]
pub struct FhirStage {
    /// The loaded mapping.
    pub loaded: LoadedFhirMapping,
    /// Load findings and cross-mapping checks, positioned.
    pub diagnostics: Vec<Diagnostic>,
    index: LineIndex,
}

/// What the FHIR stage produced for a batch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FhirResult {
    /// The Observations as the service would last have written them.
    pub observations: Vec<ObservationText>,
    /// Findings (grouping, identity, building, merging), positioned where possible.
    pub diagnostics: Vec<Diagnostic>,
}

impl FhirStage {
    /// Loads the FHIR mapping text and checks it against the device mapping.
    pub fn new(text: &str, device: &DeviceMapping) -> FhirStage {
        let loaded = fhir::load_fhir_mapping(text);
        let index = LineIndex::new(text);
        let mut diagnostics: Vec<Diagnostic> = loaded
            .diagnostics
            .iter()
            .cloned()
            .map(|d| position(d, &index))
            .collect();
        if !device.templates.is_empty() || !loaded.mapping.templates.is_empty() {
            diagnostics.extend(fhir::cross_check(device, &loaded.mapping));
        }
        FhirStage {
            loaded,
            diagnostics,
            index,
        }
    }

    /// Whether the service accepts the FHIR mapping.
    pub fn is_valid(&self) -> bool {
        self.loaded.valid
    }

    /// Builds the Observations for one run's measurements.
    pub fn build(&self, measurements: &[Measurement], options: &FhirOptions) -> FhirResult {
        let mut diagnostics = Vec::new();
        let engine = fhir::FhirOptions {
            identity: match options.identity {
                IdentityMode::Create => fhir::IdentityMode::Create,
                IdentityMode::Lookup => fhir::IdentityMode::Lookup,
                IdentityMode::LookupWithEncounter => fhir::IdentityMode::LookupWithEncounter,
            },
            device_identifier_system: options.device_identifier_system.clone(),
            resources: parse_all(&options.resources, "resource", false, &mut diagnostics),
            existing: parse_all(
                &options.existing,
                "existing Observation",
                true,
                &mut diagnostics,
            ),
            batch_size: options.batch_size,
            batch_unit: options.batch_unit,
            // Only the Observations and findings are returned.
            trace: false,
            ..fhir::FhirOptions::default()
        };
        let outcome = fhir::build_observations(&self.loaded.mapping, measurements, &engine);
        diagnostics.extend(outcome.diagnostics.into_iter().map(|d| {
            if d.source == Source::FhirMapping {
                position(d, &self.index)
            } else {
                d
            }
        }));
        FhirResult {
            observations: outcome.observations,
            diagnostics,
        }
    }
}

/// Reads resource files; a file that is not JSON is reported and left out. Resources come from
/// the FHIR server through the FHIR SDK's parser, so strings stay strings (no Newtonsoft date
/// detection). With `exact`, numbers keep their text (`72.50`) as decimal objects
/// ([`fhir::json::DECIMAL`]): an existing Observation is written again as the server holds it.
fn parse_all(
    files: &[SourceFile],
    what: &str,
    exact: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Json> {
    let options = ReadOptions {
        date_parse: false,
        ..ReadOptions::default()
    };
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        match read(&file.text, &options) {
            Ok(doc) => {
                if let Some(root) = doc.root() {
                    out.push(if exact {
                        fhir::written::to_exact_json(&doc, root, &file.text)
                    } else {
                        to_serde(&doc, root)
                    });
                }
            }
            Err(error) => diagnostics.push(
                Diagnostic::error(
                    Code::JsonSyntax,
                    Source::FhirMapping,
                    format!(
                        "{}: this {what} file is not JSON: {}",
                        file.name, error.message
                    ),
                )
                .with_medtech_error(None),
            ),
        }
    }
    out
}
