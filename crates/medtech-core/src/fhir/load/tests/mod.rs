//! Loader rules (fhir-mapping.md §1) and the reference's own test inputs (§8.1, §8.2, §9).

mod corpus;
mod rules;
mod values;

use std::path::PathBuf;

use super::*;
use crate::fhir::model::{PeriodInterval, ValueKind};

pub(super) fn corpus(name: &str) -> Option<String> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/reference/fhir");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    let bytes = std::fs::read(dir.join(name)).ok()?;
    Some(medtech_json::read::decode_utf8(&bytes).into_owned())
}

pub(super) fn messages(l: &LoadedFhirMapping) -> Vec<String> {
    l.errors().map(|d| d.message.clone()).collect()
}

pub(super) fn codes(l: &LoadedFhirMapping) -> Vec<Code> {
    l.errors().map(|d| d.code).collect()
}

/// A collection with one CodeValueFhir body.
pub(super) fn one(body: &str) -> String {
    format!(
        r#"{{"templateType":"CollectionFhir","template":[{{"templateType":"CodeValueFhir","template":{body}}}]}}"#
    )
}

/// Wraps a single inner container (as the inner-factory tests use them) in a collection.
pub(super) fn wrap_container(container: &str) -> String {
    format!("{{\"templateType\":\"CollectionFhir\",\"template\":[\n{container}\n]}}")
}

pub(super) const HR: &str = r#"{"typeName":"heartrate","periodInterval":60,"codes":[{"code":"8867-4","system":"http://loinc.org","display":"Heart rate"}],"value":{"valueType":"SampledData","defaultPeriod":5000,"unit":"bpm","valueName":"hr"}}"#;
