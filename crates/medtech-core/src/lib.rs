//! The MedTech mapping engine: loads device mappings (and FHIR destination mappings), normalizes
//! device messages into measurements exactly as the service's reference engine
//! (`microsoft/iomt-fhir`) does, and explains every result with located diagnostics and a
//! per-template trace.
//!
//! The core does no I/O and has no wasm, web or CLI dependencies; the `medtech` CLI, the wasm
//! module and the web app are thin consumers of [`Session`] and [`Report`].
//!
//! ```
//! use medtech_core::{debug, Options};
//! let mapping = r#"{"templateType": "CollectionContent", "template": [{
//!     "templateType": "JsonPathContent",
//!     "template": {"typeName": "heartrate", "typeMatchExpression": "$..[?(@heartRate)]",
//!                  "deviceIdExpression": "$.deviceId", "timestampExpression": "$.endDate",
//!                  "values": [{"valueName": "hr", "valueExpression": "$.heartRate", "required": "true"}]}}]}"#;
//! let message = r#"{"heartRate": 78, "deviceId": "dev-1", "endDate": "2019-02-01T22:46:01.875Z"}"#;
//! let report = debug(mapping, None, &[(None, message.to_string())], &Options::default());
//! assert_eq!(report.measurements.len(), 1);
//! assert_eq!(report.measurements[0].properties[0].value, "78");
//! assert_eq!(report.measurements[0].occurrence_time.to_newtonsoft_iso(), "2019-02-01T22:46:01.875Z");
//! ```

pub mod batch;
pub mod device_mapping;
pub mod diagnostic;
pub mod editor;
pub mod envelope;
pub mod fhir;
pub mod fhir_stage;
pub mod lint;
pub(crate) mod newtonsoft;
pub mod normalize;
pub mod pretty;
pub mod redact;
pub mod report;
pub mod session;
pub mod settings;

pub use device_mapping::{load_device_mapping, DeviceMapping, LoadedDeviceMapping};
pub use diagnostic::{Code, Diagnostic, MedTechError, Severity, Source};
pub use envelope::{Envelope, EnvelopeKind};
pub use fhir_stage::{FhirResult, FhirStage};
pub use normalize::measurement::{Measurement, MeasurementProperty};
pub use report::{ExitStatus, Report};
pub use session::{FhirOptions, IdentityMode, Options, Session, SourceFile};

/// Loads the mappings and runs every message (file name, text) through them as one batch: the
/// measurements of all messages are grouped together before Observations are built, as the
/// service does within a batch (`options.fhir.batch_size` simulates several batches). Without a
/// FHIR mapping there are no Observations. When a mapping is invalid, messages are not run, as in
/// the service and its validator.
pub fn debug(
    device_mapping: &str,
    fhir_mapping: Option<&str>,
    messages: &[(Option<String>, String)],
    options: &Options,
) -> Report {
    let session = Session::new(device_mapping, options.clone());
    let fhir = fhir_mapping.map(|text| FhirStage::new(text, &session.device.mapping));
    let valid = session.is_valid() && fhir.as_ref().is_none_or(FhirStage::is_valid);
    let mut report = Report::new(valid);
    report.device_mapping_valid = session.is_valid();
    report.fhir_mapping_valid = fhir.as_ref().map(FhirStage::is_valid);
    report
        .diagnostics
        .extend(session.diagnostics.iter().cloned());
    if let Some(fhir) = &fhir {
        report.diagnostics.extend(fhir.diagnostics.iter().cloned());
    }
    if !valid {
        return report;
    }
    for (index, (file, text)) in messages.iter().enumerate() {
        report.add_message(session.run_message_with(index, file.as_deref(), text, options.detail));
    }
    if let Some(fhir) = &fhir {
        let result = fhir.build(&report.measurements, &options.fhir);
        report.observations = result.observations;
        report.diagnostics.extend(result.diagnostics);
    }
    report
}
