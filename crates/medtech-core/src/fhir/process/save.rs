//! Saving one observation group (fhir-mapping.md §5.1–§5.3): the identifier and id, the search
//! among the Observations on the simulated server, create or merge, and the change check that
//! decides between `Updated` (status `amended`) and `NoOperation`.

use serde_json::Value as Json;

use super::Run;
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::group::{
    identifier_value, observation_id, observation_id_after, observation_id_prefix, ObservationGroup,
};
use crate::fhir::identity::ResolvedIds;
#[cfg(debug_assertions)]
use crate::fhir::json::canonical_observation;
use crate::fhir::json::{canonical_observation_owned, deep_equal};
use crate::fhir::model::CodeValueTemplate;
use crate::fhir::resources::multiple_message;
use crate::fhir::store::Keys;
use crate::fhir::trace::{ObservationTrace, WriteOperation};
#[cfg(debug_assertions)]
use crate::fhir::written::ObservationText;
use crate::fhir::{merge, observation};

impl Run<'_> {
    pub(super) fn save(
        &mut self,
        template: &CodeValueTemplate,
        og: &ObservationGroup,
        ids: &ResolvedIds,
        trace: &mut ObservationTrace,
    ) -> Result<(), Failure> {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        if blank(&ids.device) || blank(&ids.patient) {
            return Err(Failure::new(
                Code::IdentityBlankId,
                "ArgumentException",
                "The string can't be left empty, null or consist of only whitespaces. (Parameter 'deviceId')",
                Policy::FailBatch,
            )
            .help("the resolved Device or Patient has no id."));
        }
        let device = ids.device.as_deref().unwrap_or("");
        let patient = ids.patient.as_deref().unwrap_or("");
        let identifier = identifier_value(patient, device, og);
        // The id text starts with the patient and device ids, the same for a whole measurement
        // group: that part is hashed once.
        if !matches!(&self.id_prefix, Some((p, d, _)) if p == patient && d == device) {
            let prefix = observation_id_prefix(patient, device);
            self.id_prefix = Some((patient.to_string(), device.to_string(), prefix));
        }
        let id = match &self.id_prefix {
            Some((_, _, prefix)) => observation_id_after(prefix, og),
            None => observation_id(&identifier),
        };
        trace.identifier = identifier.clone();
        trace.id = id.clone();
        let matches = self.store.find(&identifier);
        let max_slots = self.options.max_sampled_data_slots;
        let (slot, operation, dropped) = match matches.as_slice() {
            [] => {
                let refs = observation::Refs {
                    patient,
                    device,
                    encounter: ids.encounter.as_deref(),
                    identifier: &identifier,
                    id: &id,
                    issued: &self.options.issued,
                    period: Some((&trace.start, &trace.end)),
                };
                let built = observation::write(template, og, &refs, max_slots, &mut self.codes)?;
                if built.shell {
                    *self.shells.entry(og.name.clone()).or_default() += 1;
                }
                // Written in canonical form directly (checked against the general form, built
                // as a value and canonicalized, in every debug build).
                #[cfg(debug_assertions)]
                {
                    let general = observation::create(template, og, &refs, max_slots)
                        .map(|b| ObservationText::write(&canonical_observation(&b.observation)));
                    debug_assert_eq!(
                        general.as_ref().ok(),
                        Some(&built.text),
                        "a written Observation is not the canonical form of the one built"
                    );
                }
                // A PUT by id replaces an unrelated resource with the same id.
                let keys = Keys::written(identifier.trim(), id.trim());
                let slot = self.store.put_text(built.text, keys);
                (slot, WriteOperation::Created, built.dropped)
            }
            [one] => {
                let Some(existing) = self.store.get(*one) else {
                    return Ok(());
                };
                let existing_json = existing.observation.to_exact_json();
                let (merged, dropped) = merge::merge(template, og, &existing_json, max_slots)?;
                let mut merged = canonical_observation_owned(merged);
                if deep_equal(&merged, &existing_json) {
                    trace.operation = Some(WriteOperation::NoOperation);
                    trace.observation = existing.output;
                    return Ok(());
                }
                if let Some(o) = merged.as_object_mut() {
                    // `status` is always present in a canonical Observation: kept in place.
                    o.insert("status".into(), Json::from("amended"));
                }
                self.store.replace(*one, &merged);
                if self.merged_noted.insert(identifier.clone()) {
                    self.out.diagnostics.push(
                        Diagnostic::info(
                            Code::ObservationMerged,
                            Source::Message,
                            format!("Observation {identifier} is merged into the one written before (status \"amended\")."),
                        )
                        .in_message(self.all[og.measurements[0]].message_index)
                        .with_help("the service finds the earlier Observation by identifier and merges: values are re-slotted, the effective period widened"),
                    );
                }
                (*one, WriteOperation::Updated, dropped)
            }
            many => {
                let found: Vec<Json> = many
                    .iter()
                    .filter_map(|i| self.store.get(*i).map(|s| s.observation.to_json()))
                    .collect();
                return Err(Failure::new(
                    Code::ObservationMultipleExisting,
                    "MultipleResourceFoundException",
                    multiple_message("Observation", &found.iter().collect::<Vec<_>>()),
                    Policy::Skip,
                ));
            }
        };
        if dropped > 0 && self.dropped_noted.insert(identifier.clone()) {
            self.out.diagnostics.push(
                Diagnostic::warning(
                    Code::ObservationValuesDropped,
                    Source::Message,
                    format!("{dropped} SampledData value(s) of Observation {identifier} fall outside its slots and are lost."),
                )
                .in_message(self.all[og.measurements[0]].message_index)
                .with_help("values after the last slot, or behind a value earlier than the period start, are never written"),
            );
        }
        let (output, first) = self.store.output(slot, self.written);
        if first {
            self.written += 1;
        }
        trace.operation = Some(operation);
        trace.observation = Some(output);
        Ok(())
    }
}
