//! The FHIR stage of the service simulated over a run (fhir-mapping.md §2–§7): batches of
//! measurements, measurement groups per batch, identity resolution, observation groups, and
//! create-or-merge against the Observations written so far (and the user's existing ones),
//! with the service's error policy deciding what is skipped and what fails a batch.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value as Json;

use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::group::{
    group_batch, identifier_value, observation_groups, observation_id, GroupingError,
    MeasurementGroup, ObservationGroup,
};
use crate::fhir::identity::Resolver;
use crate::fhir::json::{canonical_observation, deep_equal};
use crate::fhir::model::{CodeValueTemplate, FhirMapping};
use crate::fhir::options::{batches, FhirOptions};
use crate::fhir::resources::{multiple_message, ResourceStore};
use crate::fhir::store::ObservationStore;
use crate::fhir::trace::{FhirOutcome, GroupTrace, ObservationTrace, WriteOperation};
use crate::fhir::{merge, observation};
use crate::normalize::measurement::Measurement;

struct Run<'a> {
    mapping: &'a FhirMapping,
    all: &'a [Measurement],
    options: &'a FhirOptions,
    resolver: Resolver,
    store: ObservationStore,
    out: FhirOutcome,
    /// device id → (patient id, encounter id) of the group that filled the identity cache.
    cache_origin: HashMap<String, (Option<String>, Option<String>)>,
    unused: BTreeSet<(String, String)>,
    shells: HashMap<String, usize>,
    merged_noted: HashSet<String>,
    dropped_noted: HashSet<String>,
    hung: bool,
}

/// Runs the FHIR stage over `measurements` (in production order).
pub fn build_observations(
    mapping: &FhirMapping,
    measurements: &[Measurement],
    options: &FhirOptions,
) -> FhirOutcome {
    let mut out = FhirOutcome::default();
    if !mapping.valid {
        if !measurements.is_empty() {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::GroupMappingInvalid,
                    Source::FhirMapping,
                    "The FHIR mapping is invalid: the service rejects every batch (ValidationException) and writes no Observation.",
                )
                .with_help("fix the FHIR mapping's load errors first"),
            );
        }
        return out;
    }
    let (store, warnings) = ResourceStore::from_inputs(&options.resources);
    out.diagnostics.extend(warnings);
    let mut run = Run {
        mapping,
        all: measurements,
        options,
        resolver: Resolver::new(
            options.identity,
            options.device_identifier_system.clone(),
            store,
        ),
        store: ObservationStore::default(),
        out,
        cache_origin: HashMap::new(),
        unused: BTreeSet::new(),
        shells: HashMap::new(),
        merged_noted: HashSet::new(),
        dropped_noted: HashSet::new(),
        hung: false,
    };
    for (index, e) in options.existing.iter().enumerate() {
        if e.get("resourceType").and_then(Json::as_str) == Some("Observation") {
            run.store.add_existing(canonical_observation(e));
        } else {
            run.out.diagnostics.push(Diagnostic::warning(
                Code::ObservationExistingIgnored,
                Source::Message,
                format!("Existing input {index} is ignored: it is not an Observation."),
            ));
        }
    }
    let chunks = batches(measurements, options.batch_size, options.batch_unit);
    for (batch, chunk) in chunks.iter().enumerate() {
        run.batch(batch, chunk);
        if run.hung {
            break;
        }
    }
    run.finish()
}

impl Run<'_> {
    fn batch(&mut self, batch: usize, chunk: &[usize]) {
        let mut failed_devices: HashSet<String> = HashSet::new();
        for group in group_batch(self.all, chunk) {
            let Some(first) = group.first(self.all) else {
                continue;
            };
            let mut trace = GroupTrace {
                batch,
                key: group.key.clone(),
                measure_type: first.type_name.clone(),
                device_id: first.device_id.clone(),
                patient_id: first.patient_id.clone(),
                encounter_id: first.encounter_id.clone(),
                correlation_id: first.correlation_id.clone(),
                measurements: group.members.clone(),
                dropped: group.dropped.iter().map(|(d, _)| *d).collect(),
                ..GroupTrace::default()
            };
            self.note_duplicates(&group);
            if self.hung || failed_devices.contains(&first.device_id) {
                trace.skipped = true;
                self.out.groups.push(trace);
                continue;
            }
            if let Err(f) = self.group(&group, &mut trace) {
                let policy = f.policy;
                let d = f.into_diagnostic(group.members.len(), Some(first.message_index));
                trace.error = Some(self.out.diagnostics.len());
                self.out.diagnostics.push(d);
                match policy {
                    Policy::FailBatch => {
                        failed_devices.insert(first.device_id.clone());
                    }
                    Policy::Hang => {
                        failed_devices.insert(first.device_id.clone());
                        self.hung = true;
                    }
                    _ => {}
                }
            }
            self.out.groups.push(trace);
        }
    }

    fn note_duplicates(&mut self, group: &MeasurementGroup) {
        let Some(&(dropped, kept)) = group.dropped.first() else {
            return;
        };
        let (d, k) = (&self.all[dropped], &self.all[kept]);
        self.out.diagnostics.push(
            Diagnostic::info(
                Code::GroupDuplicateTimestamp,
                Source::Message,
                format!(
                    "{} measurement(s) of {:?} dropped: another measurement of device {:?} has the same OccurrenceTimeUtc ({}) in the batch.",
                    group.dropped.len(),
                    d.type_name,
                    d.device_id,
                    d.occurrence_time.to_newtonsoft_iso()
                ),
            )
            .in_message(d.message_index)
            .with_help(format!(
                "the service keeps only the measurement with the latest IngestionTimeUtc (the first on ties) — here the one from message {}; properties are not combined",
                k.message_index
            )),
        );
    }

    fn group(&mut self, group: &MeasurementGroup, trace: &mut GroupTrace) -> Result<(), Failure> {
        let all = self.all;
        let Some(first) = group.first(all) else {
            return Ok(());
        };
        let resolution = self.resolver.resolve(first)?;
        self.note_identity(first, &resolution);
        trace.ids = Some(resolution.ids.clone());
        trace.ids_cached = resolution.cached;
        let template = template_for(self.mapping, first)?;
        trace.template = Some(template.index);
        self.note_unused(template, group);
        let groups = observation_groups(all, group, template.period_interval)
            .map_err(|e| grouping_failure(e, template))?;
        for og in &groups {
            let mut o_trace = ObservationTrace {
                start: og.start.to_roundtrip_string(),
                end: og.end.to_roundtrip_string(),
                measurements: og.measurements.clone(),
                ..ObservationTrace::default()
            };
            let result = self.save(template, og, &resolution.ids, &mut o_trace);
            trace.observations.push(o_trace);
            result?;
        }
        Ok(())
    }

    fn note_identity(
        &mut self,
        first: &Measurement,
        resolution: &crate::fhir::identity::Resolution,
    ) {
        for r in &resolution.written {
            let kind = r.get("resourceType").and_then(Json::as_str).unwrap_or("");
            let id = r.get("id").and_then(Json::as_str).unwrap_or("");
            self.out.diagnostics.push(
                Diagnostic::info(
                    Code::IdentityCreated,
                    Source::Message,
                    format!("Create mode writes {kind}/{id}."),
                )
                .in_message(first.message_index),
            );
            self.out.resources_written.push(r.clone());
        }
        let mine = (first.patient_id.clone(), first.encounter_id.clone());
        if !resolution.cached {
            self.cache_origin.insert(first.device_id.clone(), mine);
        } else if let Some(origin) = self.cache_origin.get(&first.device_id) {
            if *origin != mine {
                self.out.diagnostics.push(
                    Diagnostic::info(
                        Code::IdentityCached,
                        Source::Message,
                        format!(
                            "Device {:?}: the ids are reused from the service's per-device cache, so this measurement's patient {:?} / encounter {:?} are ignored (the cache holds the patient {:?} / encounter {:?} seen first).",
                            first.device_id, mine.0, mine.1, origin.0, origin.1
                        ),
                    )
                    .in_message(first.message_index)
                    .with_help("identities are cached by device id for 2 hours (sliding); use one device per patient"),
                );
            }
        }
    }
}

fn template_for<'m>(
    mapping: &'m FhirMapping,
    first: &Measurement,
) -> Result<&'m CodeValueTemplate, Failure> {
    {
        let name = first.type_name.as_str();
        if name.trim().is_empty() {
            return Err(Failure::new(
                Code::GroupBlankType,
                "FhirDataMappingException",
                "The string can't be left empty, null or consist of only whitespaces. (Parameter 'lookupValue')",
                Policy::SkipIfReported,
            ));
        }
        mapping.find(name).ok_or_else(|| {
            let names = mapping.templates.iter().map(|t| t.type_name.as_str());
            let hint = match crate::fhir::hints::closest(name, names) {
                Some(c) => format!("did you mean {c:?}? "),
                None => String::new(),
            };
            Failure::new(
                Code::GroupTemplateNotFound,
                "FhirDataMappingException",
                format!("No Fhir Template exists with the type name [{name}]. Ensure that all Fhir Template type names match Device Mapping type names (including casing)"),
                Policy::SkipIfReported,
            )
            .help(format!("{hint}(TemplateNotFoundException: {name})."))
        })
    }
}

impl Run<'_> {
    fn note_unused(&mut self, template: &CodeValueTemplate, group: &MeasurementGroup) {
        let mut used: HashSet<&str> = HashSet::new();
        if let Some(n) = template
            .value
            .as_ref()
            .and_then(|v| v.value_name.as_deref())
        {
            used.insert(n);
        }
        for c in template.components.iter().flatten().flatten() {
            if let Some(n) = c.value.as_ref().and_then(|v| v.value_name.as_deref()) {
                used.insert(n);
            }
        }
        for &i in &group.members {
            for p in &self.all[i].properties {
                if !used.contains(p.name.as_str()) {
                    self.unused
                        .insert((template.type_name.clone(), p.name.clone()));
                }
            }
        }
    }

    fn save(
        &mut self,
        template: &CodeValueTemplate,
        og: &ObservationGroup,
        ids: &crate::fhir::identity::ResolvedIds,
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
        let id = observation_id(&identifier);
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
                };
                let built = observation::create(template, og, &refs, max_slots)?;
                if built.shell {
                    *self.shells.entry(og.name.clone()).or_default() += 1;
                }
                let observation = canonical_observation(&built.observation);
                // A PUT by id replaces an unrelated resource with the same id.
                let slot = self.store.put(observation);
                (slot, WriteOperation::Created, built.dropped)
            }
            [one] => {
                let existing = match self.store.get(*one) {
                    Some(s) => s.observation.clone(),
                    None => return Ok(()),
                };
                let (merged, dropped) = merge::merge(template, og, &existing, max_slots)?;
                let mut merged = canonical_observation(&merged);
                if deep_equal(&merged, &existing) {
                    trace.operation = Some(WriteOperation::NoOperation);
                    trace.observation = self.store.get(*one).and_then(|s| s.output);
                    return Ok(());
                }
                if let Some(o) = merged.as_object_mut() {
                    // `status` is always present in a canonical Observation: kept in place.
                    o.insert("status".into(), Json::from("amended"));
                }
                self.store.replace(*one, merged);
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
                let found: Vec<&Json> = many
                    .iter()
                    .filter_map(|i| self.store.get(*i).map(|s| &s.observation))
                    .collect();
                return Err(Failure::new(
                    Code::ObservationMultipleExisting,
                    "MultipleResourceFoundException",
                    multiple_message("Observation", &found),
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
        let (output, first) = self.store.output(slot, self.out.observations.len());
        if first {
            self.out.observations.push(Json::Null);
        }
        trace.operation = Some(operation);
        trace.observation = Some(output);
        Ok(())
    }

    fn finish(mut self) -> FhirOutcome {
        for s in self.store.entries() {
            if let Some(o) = s.output {
                if let Some(slot) = self.out.observations.get_mut(o) {
                    *slot = s.observation.clone();
                }
            }
        }
        for (type_name, count) in &self.shells {
            self.out.diagnostics.push(
                Diagnostic::warning(
                    Code::ObservationNoValues,
                    Source::Message,
                    format!("{count} Observation(s) of type {type_name:?} are written without value and without components."),
                )
                .with_help("no measurement property matches the template's valueName(s) (names are case-sensitive); the service still writes the Observation"),
            );
        }
        for (type_name, property) in &self.unused {
            self.out.diagnostics.push(
                Diagnostic::info(
                    Code::ObservationUnusedProperty,
                    Source::Message,
                    format!("Property {property:?} of {type_name:?} measurements is not used by the FHIR template and does not appear in Observations."),
                )
                .with_help("valueName in the FHIR template must equal the measurement property name exactly (case-sensitive)"),
            );
        }
        self.out
    }
}

fn grouping_failure(e: GroupingError, template: &CodeValueTemplate) -> Failure {
    match e {
        GroupingError::Unsupported(v) => Failure::new(
            Code::GroupPeriodUnsupported,
            "FhirDataMappingException",
            format!("ObservationPeriodInterval {v} is not supported."),
            Policy::SkipIfReported,
        )
        .help(format!(
            "template {:?} has periodInterval {v}; use 0, 60, 1440 or -1 (NotSupportedException).",
            template.type_name
        )),
        GroupingError::BoundaryOutOfRange(_) => Failure::new(
            Code::GroupBoundaryOutOfRange,
            "FhirDataMappingException",
            "The added or subtracted value results in an un-representable DateTime. (Parameter 'value')",
            Policy::SkipIfReported,
        ),
        GroupingError::CorrelationIdMissing => Failure::new(
            Code::GroupCorrelationIdMissing,
            "CorrelationIdNotDefinedException",
            "Exception of type 'Microsoft.Health.Fhir.Ingest.Data.CorrelationIdNotDefinedException' was thrown.",
            Policy::Skip,
        )
        .help(format!(
            "template {:?} groups by correlation id (periodInterval -1) but the measurement has none: add correlationIdExpression to the device template.",
            template.type_name
        )),
    }
}
