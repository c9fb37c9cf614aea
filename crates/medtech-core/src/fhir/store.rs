//! The Observations on the simulated FHIR server (fhir-mapping.md §5.1): the user's existing
//! ones and those written during the run, found by exact identifier `{SERVICE_SYSTEM, value}`
//! (no other identifier members) and written by id (a PUT replaces the resource with that id).
//! Each is kept as its text ([`ObservationText`]) and the keys it is found by.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::fhir::model::SERVICE_SYSTEM;
use crate::fhir::written::ObservationText;

/// One stored Observation.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// The Observation as the server holds it.
    pub observation: ObservationText,
    /// Index in the run's output once written in this run.
    pub output: Option<usize>,
    /// Its service identifier values and its id (the keys it is found by).
    keys: Keys,
}

/// The service identifier values and the id an Observation is found by (each text shared with
/// the store's indexes, which key on the same texts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keys {
    identifiers: Vec<Arc<str>>,
    id: Option<Arc<str>>,
}

impl Keys {
    /// The keys of an Observation the stage writes: one service identifier and its id.
    pub fn written(identifier: &str, id: &str) -> Keys {
        Keys {
            identifiers: vec![identifier.into()],
            id: Some(id.into()),
        }
    }

    fn of(observation: &Json) -> Keys {
        Keys {
            identifiers: service_identifiers(observation).map(Arc::from).collect(),
            id: observation.get("id").and_then(Json::as_str).map(Arc::from),
        }
    }
}

/// Observations indexed by service identifier value and by id.
#[derive(Clone, Debug, Default)]
pub struct ObservationStore {
    entries: Vec<Stored>,
    by_identifier: HashMap<Arc<str>, Vec<usize>>,
    by_id: HashMap<Arc<str>, usize>,
}

/// The values of the identifiers that are exactly `{SERVICE_SYSTEM, value}`.
fn service_identifiers(observation: &Json) -> impl Iterator<Item = &str> {
    observation
        .get("identifier")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            let o = id.as_object()?;
            if o.len() != 2 || o.get("system").and_then(Json::as_str) != Some(SERVICE_SYSTEM) {
                return None;
            }
            o.get("value").and_then(Json::as_str)
        })
}

impl ObservationStore {
    /// A store with room in its indexes for `observations` Observations, at most 65 536 (about
    /// 10 MB of index room reserved ahead, of which natively only the control bytes are
    /// touched; the wasm module's memory is not committed lazily, so a run with millions of
    /// measurements but few Observations must not reserve for all of them).
    pub fn with_capacity(observations: usize) -> ObservationStore {
        let room = observations.min(1 << 16);
        ObservationStore {
            entries: Vec::new(),
            by_identifier: HashMap::with_capacity(room),
            by_id: HashMap::with_capacity(room),
        }
    }

    fn index(&mut self, slot: usize) {
        let Some(entry) = self.entries.get(slot) else {
            return;
        };
        for value in &entry.keys.identifiers {
            // One lookup: the key shares the entry's text.
            let slots = self.by_identifier.entry(Arc::clone(value)).or_default();
            if !slots.contains(&slot) {
                slots.push(slot);
            }
        }
        if let Some(id) = &entry.keys.id {
            self.by_id.insert(Arc::clone(id), slot);
        }
    }

    fn unindex(&mut self, slot: usize) {
        let Some(entry) = self.entries.get(slot) else {
            return;
        };
        for value in &entry.keys.identifiers {
            if let Some(slots) = self.by_identifier.get_mut(value) {
                slots.retain(|s| *s != slot);
            }
        }
        if let Some(id) = &entry.keys.id {
            if self.by_id.get(id) == Some(&slot) {
                self.by_id.remove(id);
            }
        }
    }

    /// Adds an Observation the server already holds.
    pub fn add_existing(&mut self, observation: &Json) {
        self.entries.push(Stored {
            keys: Keys::of(observation),
            observation: ObservationText::write(observation),
            output: None,
        });
        self.index(self.entries.len() - 1);
    }

    /// The search by identifier (sorted by storage order).
    pub fn find(&self, identifier_value: &str) -> Vec<usize> {
        let mut slots = self
            .by_identifier
            .get(identifier_value)
            .cloned()
            .unwrap_or_default();
        slots.sort_unstable();
        slots
    }

    /// The entry at a slot.
    pub fn get(&self, slot: usize) -> Option<&Stored> {
        self.entries.get(slot)
    }

    /// Writes an Observation by id (create): replaces the one with the same id, or adds it.
    pub fn put(&mut self, observation: &Json) -> usize {
        self.put_text(ObservationText::write(observation), Keys::of(observation))
    }

    /// [`ObservationStore::put`] of an Observation's text and its keys.
    pub fn put_text(&mut self, observation: ObservationText, keys: Keys) -> usize {
        match keys.id.as_ref().and_then(|id| self.by_id.get(id).copied()) {
            Some(slot) => {
                self.unindex(slot);
                if let Some(entry) = self.entries.get_mut(slot) {
                    entry.keys = keys;
                    entry.observation = observation;
                }
                self.index(slot);
                slot
            }
            None => {
                self.entries.push(Stored {
                    keys,
                    observation,
                    output: None,
                });
                let slot = self.entries.len() - 1;
                self.index(slot);
                slot
            }
        }
    }

    /// Replaces the Observation at a slot (update).
    pub fn replace(&mut self, slot: usize, observation: &Json) {
        self.unindex(slot);
        if let Some(entry) = self.entries.get_mut(slot) {
            entry.keys = Keys::of(observation);
            entry.observation = ObservationText::write(observation);
        }
        self.index(slot);
    }

    /// Records the output index of a slot, returning it (assigned on first write).
    pub fn output(&mut self, slot: usize, next: usize) -> (usize, bool) {
        match self.entries.get_mut(slot) {
            Some(Stored {
                output: Some(o), ..
            }) => (*o, false),
            Some(entry) => {
                entry.output = Some(next);
                (next, true)
            }
            None => (next, false),
        }
    }

    /// Every entry.
    pub fn entries(&self) -> &[Stored] {
        &self.entries
    }

    /// Every entry, by value (the store is done).
    pub fn into_entries(self) -> Vec<Stored> {
        self.entries
    }
}
