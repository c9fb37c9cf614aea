//! The wasm-bindgen exports. Values cross as JSON (`JSON.stringify` / `JSON.parse`), so the
//! boundary needs no serializer crate; all logic is in `dto` and the core.

use crate::dto;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
/** How a message becomes the document the templates see, and the run's settings. */
export interface DebugOptions {
  /** `raw` (default): the message is the document; `eventhub` / `iothub`: it is the event body. */
  envelope?: "raw" | "eventhub" | "iothub";
  /** IoT Hub `iothub-connection-device-id` (default `device-1`). */
  deviceId?: string;
  /** The events' enqueued time, ISO 8601 (default 2024-01-01T00:00:00Z). */
  enqueuedTime?: string;
  /** IoT Hub `iothub-creation-time-utc` as the device sends it; `"none"` leaves it out. */
  creationTime?: string;
  /** Identity resolution: `create` (default) or `lookup`. */
  identity?: "create" | "lookup";
  /** Mask every value taken from a message. */
  redact?: boolean;
  /** Names for the `file` members of diagnostics and traces. */
  files?: { device?: string; fhir?: string; messages?: string[] };
}

/** 1-based lines; columns in UTF-16 code units, in the text that was passed in. */
export interface Range { line: number; column: number; endLine: number; endColumn: number }

export interface Diagnostic {
  severity: "error" | "warning" | "info";
  /** Stable identifier, e.g. `template/unknown-member`. */
  code: string;
  /** The name the MedTech service logs, e.g. `IncompatibleDataException`. */
  medtechError: string | null;
  message: string;
  source: "device-mapping" | "fhir-mapping" | "message";
  file: string | null;
  messageIndex: number | null;
  /** 1-based line and column (characters) as the CLI reports them. */
  line: number | null;
  column: number | null;
  pointer: string | null;
  referencePosition: [number, number] | null;
  help: string | null;
  causes: string[];
  /** Where to put an editor marker (a message finding: in the messages text passed in). */
  range: Range | null;
}

export interface Measurement {
  Type: string;
  OccurrenceTimeUtc: string;
  IngestionTimeUtc: string | null;
  DeviceId: string;
  PatientId: string | null;
  EncounterId: string | null;
  CorrelationId: string | null;
  Properties: { Name: string; Value: string }[];
}

export interface FieldTrace {
  field: string;
  expressions: string[];
  required: boolean;
  outcome:
    | { status: "value"; tokenKind: string; value: string; pointer: string | null }
    | { status: "absent" }
    | { status: "dropped"; reason: string }
    | { status: "failed"; reason: string };
}

export interface TemplateTrace {
  index: number;
  typeName: string;
  templateType: string;
  status: "evaluated" | "failed" | "not-evaluated";
  /** JSON Pointers of the tokens the type match selected. */
  matches: (string | null)[];
  measurements: number;
  /** Index into `diagnostics` of the error that stopped it. */
  error: number | null;
  /** Per match, the fields in extraction order. */
  fields: FieldTrace[][];
}

export interface MessageTrace { file: string | null; index: number; templates: TemplateTrace[] }

/** The `medtech debug --format json` report. */
export interface Report {
  /** Whether every mapping given would be accepted by the service. */
  valid: boolean;
  deviceMappingValid: boolean;
  /** `null` when no FHIR mapping was given. */
  fhirMappingValid: boolean | null;
  measurements: Measurement[];
  /** FHIR R4 Observation resources. */
  observations: Record<string, unknown>[];
  diagnostics: Diagnostic[];
  messages: MessageTrace[];
}
"#;

fn parse(value: &JsValue, what: &str) -> Result<serde_json::Value, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Null);
    }
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new(&format!("{what} cannot be converted to JSON")))?
        .into();
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn to_js(value: &serde_json::Value) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("report is not valid JSON"))
}

/// Runs the device mapping (and the FHIR mapping, if given) on the messages as one batch and
/// returns the report of `medtech debug --format json`.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn debug(
    #[wasm_bindgen(js_name = "deviceMapping")] device_mapping: &str,
    #[wasm_bindgen(
        js_name = "fhirMapping",
        unchecked_param_type = "string | null | undefined"
    )]
    fhir_mapping: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "string | string[] | null | undefined")]
    messages: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DebugOptions | null | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let messages =
        dto::parse_messages(&parse(&messages, "messages")?).map_err(|e| JsError::new(&e))?;
    let options = dto::parse_options(&parse(&options, "options")?).map_err(|e| JsError::new(&e))?;
    // The report's text is written directly and parsed by the engine's `JSON.parse`: building
    // it as a `serde_json::Value` first took most of the time of a large batch.
    let text = dto::debug_text(device_mapping, fhir_mapping.as_deref(), &messages, &options)
        .map_err(|e| JsError::new(&e))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("report is not valid JSON"))
}

/// Loads and checks the mappings (no messages); the report's `diagnostics` say what is wrong.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    #[wasm_bindgen(js_name = "deviceMapping")] device_mapping: &str,
    #[wasm_bindgen(
        js_name = "fhirMapping",
        unchecked_param_type = "string | null | undefined"
    )]
    fhir_mapping: Option<String>,
) -> Result<JsValue, JsError> {
    to_js(&dto::validate(device_mapping, fhir_mapping.as_deref()))
}
