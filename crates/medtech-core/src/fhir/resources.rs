//! The FHIR server as identity resolution sees it (fhir-mapping.md §3): Patient, Device and
//! Encounter resources given by the user (Bundles are unpacked), searched by identifier
//! (`identifier=value` matches any system, `identifier=system|value` both), plus the resources
//! Create mode writes during the run.

use foldhash::HashMap;

use serde_json::Value as Json;

use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::fhir_time::parse_fhir_datetime;

/// The resource types identity resolution reads.
pub const IDENTITY_TYPES: [&str; 3] = ["Patient", "Device", "Encounter"];

/// Resources by type, in input order, indexed by identifier value and by type and id (so a run
/// with many devices stays linear).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceStore {
    resources: Vec<Json>,
    /// Identifier value → the (ascending) indexes of resources with an identifier of that value.
    by_value: HashMap<String, Vec<usize>>,
    /// (`resourceType`, `id`) → the first resource with that type and id.
    by_key: HashMap<Key, usize>,
}

/// A resource's `resourceType` and `id`, as a PUT matches them.
type Key = (Option<String>, Option<String>);

fn key(r: &Json) -> Key {
    (
        r.get("resourceType")
            .and_then(Json::as_str)
            .map(str::to_string),
        r.get("id").and_then(Json::as_str).map(str::to_string),
    )
}

/// The values of a resource's identifiers.
fn identifier_values(r: &Json) -> impl Iterator<Item = &str> {
    r.get("identifier")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| id.get("value").and_then(Json::as_str))
}

impl ResourceStore {
    /// Collects the Patient/Device/Encounter resources of `inputs` (resources or Bundles of
    /// them); other inputs give a warning.
    pub fn from_inputs(inputs: &[Json]) -> (ResourceStore, Vec<Diagnostic>) {
        let mut store = ResourceStore::default();
        let mut diagnostics = Vec::new();
        for (index, input) in inputs.iter().enumerate() {
            let resource_type = input.get("resourceType").and_then(Json::as_str);
            match resource_type {
                Some("Bundle") => {
                    let entries = input.get("entry").and_then(Json::as_array);
                    for entry in entries.into_iter().flatten() {
                        if let Some(r) = entry.get("resource") {
                            if r.get("resourceType")
                                .and_then(Json::as_str)
                                .is_some_and(|t| IDENTITY_TYPES.contains(&t))
                            {
                                let _ = store.push(r.clone());
                            }
                        }
                    }
                }
                Some(t) if IDENTITY_TYPES.contains(&t) => {
                    let _ = store.push(input.clone());
                }
                other => diagnostics.push(
                    Diagnostic::warning(
                        Code::IdentityResourceIgnored,
                        Source::Message,
                        format!(
                            "Resource input {index} is ignored: resourceType {} is not Patient, Device, Encounter or Bundle.",
                            other.map_or("(missing)".to_string(), |t| format!("{t:?}"))
                        ),
                    )
                    .with_help("identity resolution reads Patient, Device and Encounter resources (or Bundles of them)"),
                ),
            }
        }
        (store, diagnostics)
    }

    /// The resource at an index.
    pub fn get(&self, index: usize) -> Option<&Json> {
        self.resources.get(index)
    }

    fn index_values(&mut self, index: usize) {
        let Some(resource) = self.resources.get(index) else {
            return;
        };
        for value in identifier_values(resource) {
            let slots = self.by_value.entry(value.to_string()).or_default();
            if let Err(at) = slots.binary_search(&index) {
                slots.insert(at, index);
            }
        }
    }

    fn unindex_values(&mut self, index: usize) {
        let Some(resource) = self.resources.get(index) else {
            return;
        };
        for value in identifier_values(resource) {
            if let Some(slots) = self.by_value.get_mut(value) {
                slots.retain(|i| *i != index);
            }
        }
    }

    fn push(&mut self, resource: Json) -> usize {
        let index = self.resources.len();
        self.by_key.entry(key(&resource)).or_insert(index);
        self.resources.push(resource);
        self.index_values(index);
        index
    }

    /// `GET {type}?identifier=[system|]value`: indexes of matching resources.
    pub fn search(&self, resource_type: &str, system: Option<&str>, value: &str) -> Vec<usize> {
        let Some(candidates) = self.by_value.get(value) else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&i| {
                let Some(r) = self.resources.get(i) else {
                    return false;
                };
                r.get("resourceType").and_then(Json::as_str) == Some(resource_type)
                    && r.get("identifier")
                        .and_then(Json::as_array)
                        .is_some_and(|ids| {
                            ids.iter().any(|id| {
                                id.get("value").and_then(Json::as_str) == Some(value)
                                    && system.is_none_or(|s| {
                                        id.get("system").and_then(Json::as_str) == Some(s)
                                    })
                            })
                        })
            })
            .collect()
    }

    /// Writes a resource (PUT by id): replaces the first one with the same type and id, or
    /// appends.
    pub fn put(&mut self, resource: Json) -> usize {
        match self.by_key.get(&key(&resource)).copied() {
            Some(i) => {
                self.unindex_values(i);
                if let Some(slot) = self.resources.get_mut(i) {
                    *slot = resource;
                }
                self.index_values(i);
                i
            }
            None => self.push(resource),
        }
    }
}

/// A resource's logical id.
pub fn resource_id(resource: &Json) -> Option<&str> {
    resource.get("id").and_then(Json::as_str)
}

/// `ResourceReference.GetId<Patient>()`: the part after `Patient/` (prefix case-insensitive)
/// when it matches `^[A-Za-z0-9_.\-~#]+$` (.NET `$` also matches before a final newline).
pub fn patient_id_from_reference(reference: Option<&str>) -> Option<String> {
    let reference = reference?;
    let prefix = reference.get(..8)?;
    if !prefix.eq_ignore_ascii_case("Patient/") {
        return None;
    }
    let rest = &reference[8..];
    let body = rest.strip_suffix('\n').unwrap_or(rest);
    let ok = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '~' | '#'));
    ok.then(|| body.to_string())
}

/// `Resource metadata: [Resource Id:…; VersionId:…; LastUpdated:…]` of a resource.
pub fn metadata_text(resource: &Json) -> String {
    let id = resource_id(resource).unwrap_or("");
    let meta = resource.get("meta");
    let version = meta
        .and_then(|m| m.get("versionId"))
        .and_then(Json::as_str)
        .unwrap_or("");
    let updated = meta
        .and_then(|m| m.get("lastUpdated"))
        .and_then(Json::as_str)
        .and_then(parse_fhir_datetime)
        .map(|d| d.to_invariant_string())
        .unwrap_or_default();
    format!("[Resource Id:{id}; VersionId:{version}; LastUpdated:{updated}]")
}

/// `MultipleResourceFoundException<T>`'s message.
pub fn multiple_message(resource_type: &str, resources: &[&Json]) -> String {
    let metadata: Vec<String> = resources.iter().map(|r| metadata_text(r)).collect();
    format!(
        "Multiple resources {} of type Hl7.Fhir.Model.{resource_type} found, expected one. Resource metadata: {}.",
        resources.len(),
        metadata.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn s8_7_reference_ids() {
        assert_eq!(
            patient_id_from_reference(Some("Patient/123")).as_deref(),
            Some("123")
        );
        assert_eq!(
            patient_id_from_reference(Some("patient/123")).as_deref(),
            Some("123")
        );
        assert_eq!(
            patient_id_from_reference(Some(
                "Not a reference in the form of: /ResourceName/Identifier"
            )),
            None
        );
        assert_eq!(patient_id_from_reference(Some("Patient/123?_id=123")), None);
        assert_eq!(
            patient_id_from_reference(Some("http://x/Patient/123")),
            None
        );
        assert_eq!(
            patient_id_from_reference(Some("Patient/123/_history/1")),
            None
        );
        assert_eq!(patient_id_from_reference(Some("Patient/")), None);
        assert_eq!(
            patient_id_from_reference(Some("Patient/a.b-c~d#e_f\n")).as_deref(),
            Some("a.b-c~d#e_f")
        );
        assert_eq!(patient_id_from_reference(None), None);
    }

    #[test]
    fn search_by_identifier_with_and_without_system() {
        let (store, diags) = ResourceStore::from_inputs(&[
            json!({"resourceType": "Device", "id": "1", "identifier": [{"system": "s", "value": "dev"}]}),
            json!({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Device", "id": "2", "identifier": [{"value": "dev"}]}}]}),
            json!({"resourceType": "Observation", "id": "o"}),
        ]);
        assert_eq!(diags.len(), 1);
        assert_eq!(store.search("Device", None, "dev"), [0, 1]);
        assert_eq!(store.search("Device", Some("s"), "dev"), [0]);
        assert_eq!(
            store.search("Device", Some("x"), "dev"),
            Vec::<usize>::new()
        );
        assert_eq!(store.search("Patient", None, "dev"), Vec::<usize>::new());
        // A PUT replaces the first resource with the same type and id, identifiers included.
        let mut store = store;
        let i = store
            .put(json!({"resourceType": "Device", "id": "1", "identifier": [{"value": "new"}]}));
        assert_eq!(i, 0);
        assert_eq!(store.search("Device", None, "dev"), [1]);
        assert_eq!(store.search("Device", None, "new"), [0]);
        assert_eq!(store.put(json!({"resourceType": "Patient", "id": "1"})), 2);
        let a =
            json!({"id": "a", "meta": {"versionId": "2", "lastUpdated": "2024-01-02T03:04:05Z"}});
        let b = json!({"id": "b"});
        assert_eq!(
            multiple_message("Device", &[&a, &b]),
            "Multiple resources 2 of type Hl7.Fhir.Model.Device found, expected one. Resource metadata: [Resource Id:a; VersionId:2; LastUpdated:01/02/2024 03:04:05], [Resource Id:b; VersionId:; LastUpdated:]."
        );
    }
}
