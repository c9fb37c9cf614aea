//! `medtech schema device|fhir|suite`: the JSON Schemas (draft 2020-12) shipped in `schemas/`,
//! compiled into the binary.

use crate::args::SchemaKind;

/// The device mapping schema.
pub const DEVICE: &str = include_str!("../../../schemas/device-mapping.schema.json");
/// The FHIR destination mapping schema.
pub const FHIR: &str = include_str!("../../../schemas/fhir-mapping.schema.json");
/// The `medtech test` suite schema.
pub const SUITE: &str = include_str!("../../../schemas/suite.schema.json");

/// The schema text of a kind.
pub fn text(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Device => DEVICE,
        SchemaKind::Fhir => FHIR,
        SchemaKind::Suite => SUITE,
    }
}
