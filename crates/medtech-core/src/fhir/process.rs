//! The FHIR stage of the service simulated over a run (fhir-mapping.md §2–§7): batches of
//! measurements, measurement groups per batch, identity resolution, observation groups, and
//! create-or-merge against the Observations written so far (and the user's existing ones),
//! with the service's error policy deciding what is skipped and what fails a batch.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use medtech_json::Str;
use std::collections::BTreeSet;

use serde_json::Value as Json;

use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::failure::{Failure, Policy};
use crate::fhir::fhir_time::roundtrip_text;
use crate::fhir::group::{group_batch, observation_groups, GroupingError, MeasurementGroup};
use crate::fhir::identity::Resolver;
use crate::fhir::json::canonical_observation;
use crate::fhir::model::{CodeValueTemplate, FhirMapping};
use crate::fhir::observation::Codes;
use crate::fhir::options::{batches, FhirOptions};
use crate::fhir::resources::ResourceStore;
use crate::fhir::sha256::Sha256;
use crate::fhir::store::ObservationStore;
use crate::fhir::trace::{FhirOutcome, GroupTrace, ObservationTrace};
use crate::fhir::written::ObservationText;
use crate::normalize::measurement::Measurement;

mod save;

struct Run<'a> {
    mapping: &'a FhirMapping,
    all: &'a [Measurement],
    options: &'a FhirOptions,
    resolver: Resolver,
    store: ObservationStore,
    out: FhirOutcome,
    /// device id → (patient id, encounter id) of the group that filled the identity cache.
    cache_origin: HashMap<Str, (Option<Str>, Option<Str>)>,
    unused: BTreeSet<(String, String)>,
    shells: HashMap<String, usize>,
    merged_noted: HashSet<String>,
    dropped_noted: HashSet<String>,
    hung: bool,
    /// Number of Observations written in the run (each has its output index).
    written: usize,
    codes: Codes,
    /// (patient id, device id, the hash of the start of their Observations' id texts).
    id_prefix: Option<(String, String, Sha256)>,
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
        // Each Observation has at least one measurement.
        store: ObservationStore::with_capacity(measurements.len() + options.existing.len()),
        out,
        cache_origin: HashMap::new(),
        unused: BTreeSet::new(),
        shells: HashMap::new(),
        merged_noted: HashSet::new(),
        dropped_noted: HashSet::new(),
        hung: false,
        written: 0,
        codes: Codes::default(),
        id_prefix: None,
    };
    for (index, e) in options.existing.iter().enumerate() {
        if e.get("resourceType").and_then(Json::as_str) == Some("Observation") {
            run.store.add_existing(&canonical_observation(e));
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
                measure_type: first.type_name.to_string(),
                device_id: String::from(first.device_id.as_str()),
                patient_id: first.patient_id.as_deref().map(String::from),
                encounter_id: first.encounter_id.as_deref().map(String::from),
                correlation_id: first.correlation_id.as_deref().map(String::from),
                measurements: group.members.clone(),
                dropped: group.dropped.iter().map(|(d, _)| *d).collect(),
                ..GroupTrace::default()
            };
            self.note_duplicates(&group);
            if self.hung || failed_devices.contains(first.device_id.as_str()) {
                trace.skipped = true;
                self.keep(trace);
                continue;
            }
            if let Err(f) = self.group(&group, &mut trace) {
                let policy = f.policy;
                let d = f.into_diagnostic(group.members.len(), Some(first.message_index));
                trace.error = Some(self.out.diagnostics.len());
                self.out.diagnostics.push(d);
                match policy {
                    Policy::FailBatch => {
                        failed_devices.insert(String::from(first.device_id.as_str()));
                    }
                    Policy::Hang => {
                        failed_devices.insert(String::from(first.device_id.as_str()));
                        self.hung = true;
                    }
                    _ => {}
                }
            }
            self.keep(trace);
        }
    }

    fn keep(&mut self, trace: GroupTrace) {
        if self.options.trace {
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
        let mut resolution = self.resolver.resolve(first)?;
        self.note_identity(first, &mut resolution);
        trace.ids = Some(resolution.ids.clone());
        trace.ids_cached = resolution.cached;
        let template = template_for(self.mapping, first)?;
        trace.template = Some(template.index);
        self.note_unused(template, group);
        let groups = observation_groups(all, group, template.period_interval)
            .map_err(|e| grouping_failure(e, template))?;
        for og in &groups {
            if let Some((m, name)) = og.ignored.first() {
                self.out.diagnostics.push(
                    Diagnostic::info(
                        Code::GroupDuplicateValue,
                        Source::Message,
                        format!(
                            "{} value(s) of {:?} ignored: property {name:?} already has a value at the same time in this Observation.",
                            og.ignored.len(),
                            og.name
                        ),
                    )
                    .in_message(all[*m].message_index)
                    .with_help("the service keeps the first value per property and timestamp"),
                );
            }
            let mut o_trace = ObservationTrace {
                start: roundtrip_text(&og.start),
                end: roundtrip_text(&og.end),
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
        resolution: &mut crate::fhir::identity::Resolution,
    ) {
        for r in std::mem::take(&mut resolution.written) {
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
            self.out.resources_written.push(r);
        }
        let mine = (first.patient_id.clone(), first.encounter_id.clone());
        if !resolution.cached {
            self.cache_origin.insert(first.device_id.clone(), mine);
        } else if let Some(origin) = self.cache_origin.get(first.device_id.as_str()) {
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
        let name = &*first.type_name;
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
                if !used.contains(&*p.name) {
                    self.unused
                        .insert((template.type_name.clone(), p.name.to_string()));
                }
            }
        }
    }

    fn finish(mut self) -> FhirOutcome {
        let mut written: Vec<Option<ObservationText>> = vec![None; self.written];
        for s in std::mem::take(&mut self.store).into_entries() {
            if let Some(slot) = s.output.and_then(|o| written.get_mut(o)) {
                *slot = Some(s.observation);
            }
        }
        self.out.observations = written.into_iter().flatten().collect();
        for (type_name, count) in &self.shells {
            self.out.diagnostics.push(
                Diagnostic::warning(
                    Code::ObservationNoValues,
                    Source::Message,
                    format!("{count} Observation(s) of type {type_name:?} are written without value and without components."),
                )
                .with_help("no measurement property matches the valueName(s) of the template (names are case-sensitive); the service still writes the Observation"),
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
