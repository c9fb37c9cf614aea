//! Grouping (fhir-mapping.md §2): a batch of measurements → measurement groups (by the key
//! `"{DeviceId}-{Type}-{PatientId}-{EncounterId}-{CorrelationId}"`, de-duplicated by
//! occurrence time) → observation groups (Single / Hourly / Daily windows or one group per
//! correlation id), each with its sorted values per property and its identifier segment.

use medtech_json::datetime::{TICKS_PER_DAY, TICKS_PER_HOUR};
use medtech_json::{DateKind, DateTime, Str};
use std::sync::Arc;

use crate::fhir::fhir_time::push_segment_text;
use crate::fhir::model::PeriodInterval;
use crate::fhir::sha256::Sha256;
use crate::fhir::SERVICE_SYSTEM;
use crate::normalize::measurement::Measurement;

/// Measurements of one batch that share the grouping key.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasurementGroup {
    /// The grouping key (plain concatenation; differently split ids can collide).
    pub key: String,
    /// Indexes (into the run's measurement slice) that survived de-duplication, in the order
    /// the reference keeps them.
    pub members: Vec<usize>,
    /// Measurements dropped because another one had the same occurrence time:
    /// (dropped, kept instead).
    pub dropped: Vec<(usize, usize)>,
}

impl MeasurementGroup {
    /// The group's fields come from its first surviving measurement.
    pub fn first<'m>(&self, all: &'m [Measurement]) -> Option<&'m Measurement> {
        all.get(*self.members.first()?)
    }
}

fn opt(s: &Option<Str>) -> &str {
    s.as_deref().unwrap_or("")
}

/// The reference's grouping key.
pub fn group_key(m: &Measurement) -> String {
    let parts = [
        m.device_id.as_str(),
        &m.type_name,
        opt(&m.patient_id),
        opt(&m.encounter_id),
        opt(&m.correlation_id),
    ];
    let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            key.push('-');
        }
        key.push_str(part);
    }
    key
}

/// Groups the measurements `batch` (indexes into `all`, in batch order) the way
/// `MeasurementGroupFhirImportService` does.
pub fn group_batch(all: &[Measurement], batch: &[usize]) -> Vec<MeasurementGroup> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: foldhash::HashMap<String, usize> = Default::default();
    for &i in batch {
        let Some(m) = all.get(i) else { continue };
        let key = group_key(m);
        match index.get(&key) {
            Some(&g) => groups[g].1.push(i),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![i]));
            }
        }
    }
    groups
        .into_iter()
        .map(|(key, members)| dedupe(all, key, members))
        .collect()
}

/// Keeps, per occurrence time, the measurement with the greatest ingestion time (null loses,
/// ties keep the first), at the position of the first measurement with that time.
fn dedupe(all: &[Measurement], key: String, members: Vec<usize>) -> MeasurementGroup {
    let mut by_time: Vec<(i64, Vec<usize>)> = Vec::new();
    let mut slot: foldhash::HashMap<i64, usize> = Default::default();
    for i in members {
        let ticks = all[i].occurrence_time.ticks;
        match slot.get(&ticks) {
            Some(&s) => by_time[s].1.push(i),
            None => {
                slot.insert(ticks, by_time.len());
                by_time.push((ticks, vec![i]));
            }
        }
    }
    let mut kept = Vec::with_capacity(by_time.len());
    let mut dropped = Vec::new();
    for (_, same_time) in by_time {
        let mut best = same_time[0];
        for &candidate in &same_time[1..] {
            let later = match (all[candidate].ingestion_time, all[best].ingestion_time) {
                (Some(c), Some(b)) => c.ticks > b.ticks,
                (Some(_), None) => true,
                _ => false,
            };
            if later {
                best = candidate;
            }
        }
        for &i in &same_time {
            if i != best {
                dropped.push((i, best));
            }
        }
        kept.push(best);
    }
    MeasurementGroup {
        key,
        members: kept,
        dropped,
    }
}

/// One value of a property in an observation group.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedValue {
    /// The measurement's occurrence time (raw kind kept).
    pub time: DateTime,
    /// The property value text.
    pub value: Str,
    /// Which measurement (index into the run's slice) it came from.
    pub measurement: usize,
}

/// An observation group: the data of one Observation.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservationGroup {
    /// `MeasureType` (the measurement's spelling).
    pub name: String,
    /// Window start.
    pub start: DateTime,
    /// Window end.
    pub end: DateTime,
    /// The identifier segment (`{start}Z.{end}Z` or the correlation id).
    pub segment: String,
    /// Values per property name, property names in first-seen order, values sorted by time.
    pub values: Vec<(Arc<str>, Vec<TimedValue>)>,
    /// The measurements in the group, in the order added.
    pub measurements: Vec<usize>,
    /// Values ignored because the property already had a value at that time:
    /// (measurement, property name).
    pub ignored: Vec<(usize, Arc<str>)>,
}

impl ObservationGroup {
    fn new(name: &str, start: DateTime, end: DateTime, segment: String) -> ObservationGroup {
        ObservationGroup {
            name: name.to_string(),
            start,
            end,
            segment,
            values: Vec::new(),
            measurements: Vec::new(),
            ignored: Vec::new(),
        }
    }

    /// The values recorded for a property (exact, case-sensitive name).
    pub fn get(&self, name: &str) -> Option<&[TimedValue]> {
        self.values
            .iter()
            .find(|(n, _)| **n == *name)
            .map(|(_, v)| v.as_slice())
    }

    /// `SortedObservationGroup.AddMeasurement`: each property into a set sorted by time; a
    /// second value at the same time is ignored.
    fn add(&mut self, index: usize, m: &Measurement) {
        self.measurements.push(index);
        for p in &m.properties {
            let slot = match self.values.iter().position(|(n, _)| *n == p.name) {
                Some(s) => s,
                None => {
                    self.values.push((p.name.clone(), Vec::new()));
                    self.values.len() - 1
                }
            };
            let list = &mut self.values[slot].1;
            let ticks = m.occurrence_time.ticks;
            match list.binary_search_by(|v| v.time.ticks.cmp(&ticks)) {
                Ok(_) => self.ignored.push((index, p.name.clone())),
                Err(pos) => list.insert(
                    pos,
                    TimedValue {
                        time: m.occurrence_time,
                        value: p.value.clone(),
                        measurement: index,
                    },
                ),
            }
        }
    }
}

/// Why observation groups could not be built.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupingError {
    /// A window boundary beyond year 9999 (`ArgumentOutOfRangeException`, wrapped).
    BoundaryOutOfRange(usize),
    /// A correlation template and a blank correlation id (`CorrelationIdNotDefinedException`).
    CorrelationIdMissing,
    /// An undefined `periodInterval` (`NotSupportedException`, wrapped).
    Unsupported(i32),
}

/// `ToUniversalTime()` on a UTC host: the same instant, kind UTC.
fn to_utc(t: DateTime) -> DateTime {
    t.with_kind(DateKind::Utc)
}

/// `yyyyMMddHHmmss` + literal `Z`.
pub fn segment_time(t: &DateTime) -> String {
    let mut out = String::with_capacity(15);
    push_segment_time(&mut out, t);
    out
}

fn push_segment_time(out: &mut String, t: &DateTime) {
    push_segment_text(out, t);
}

/// `{start}.{end}` of [`segment_time`]s.
fn window_segment(start: &DateTime, end: &DateTime) -> String {
    let mut out = String::with_capacity(31);
    push_segment_time(&mut out, start);
    out.push('.');
    push_segment_time(&mut out, end);
    out
}

/// Builds the observation groups of a measurement group (`MeasurementObservationGroupFactory`).
pub fn observation_groups(
    all: &[Measurement],
    group: &MeasurementGroup,
    interval: PeriodInterval,
) -> Result<Vec<ObservationGroup>, GroupingError> {
    let Some(first) = group.first(all) else {
        return Ok(Vec::new());
    };
    let name = &*first.type_name;
    let window = match interval {
        PeriodInterval::Other(v) => return Err(GroupingError::Unsupported(v)),
        PeriodInterval::CorrelationId => {
            let id = first.correlation_id.as_deref().unwrap_or("");
            if id.trim().is_empty() {
                return Err(GroupingError::CorrelationIdMissing);
            }
            let mut start: Option<DateTime> = None;
            let mut end: Option<DateTime> = None;
            for &i in &group.members {
                let t = all[i].occurrence_time;
                if start.is_none_or(|s| t.ticks < s.ticks) {
                    start = Some(t);
                }
                if end.is_none_or(|e| t.ticks > e.ticks) {
                    end = Some(t);
                }
            }
            let (Some(start), Some(end)) = (start, end) else {
                return Ok(Vec::new());
            };
            let mut g = ObservationGroup::new(name, start, end, id.to_string());
            for &i in &group.members {
                g.add(i, &all[i]);
            }
            return Ok(vec![g]);
        }
        PeriodInterval::Single => 0,
        PeriodInterval::Hourly => TICKS_PER_HOUR,
        PeriodInterval::Daily => TICKS_PER_DAY,
    };
    let mut groups: Vec<ObservationGroup> = Vec::new();
    let mut by_start: foldhash::HashMap<i64, usize> = Default::default();
    for &i in &group.members {
        let t = to_utc(all[i].occurrence_time);
        let (start, end) = if window == 0 {
            (t, t)
        } else {
            let start = DateTime {
                ticks: t.ticks - t.ticks.rem_euclid(window),
                kind: DateKind::Utc,
            };
            let end = start
                .add_ticks(window)
                .and_then(|e| e.add_ticks(-1))
                .ok_or(GroupingError::BoundaryOutOfRange(i))?;
            (start, end)
        };
        let slot = match by_start.get(&start.ticks) {
            Some(&s) => s,
            None => {
                let segment = window_segment(&start, &end);
                by_start.insert(start.ticks, groups.len());
                groups.push(ObservationGroup::new(name, start, end, segment));
                groups.len() - 1
            }
        };
        groups[slot].add(i, &all[i]);
    }
    Ok(groups)
}

/// The Observation identifier value `"{patient}.{device}.{type}.{segment}"`.
pub fn identifier_value(patient: &str, device: &str, group: &ObservationGroup) -> String {
    let parts = [patient, device, group.name.as_str(), group.segment.as_str()];
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(part);
    }
    out
}

/// `Observation.id = sha256hex("{system}_{value}")`.
pub fn observation_id(identifier_value: &str) -> String {
    let mut h = service_prefix();
    h.update(identifier_value.as_bytes());
    h.finish_hex()
}

/// The hash of `"{SERVICE_SYSTEM}_{patient}.{device}."`, the start of the id text of every
/// Observation of a device and patient: [`observation_id_after`] finishes it.
pub fn observation_id_prefix(patient: &str, device: &str) -> Sha256 {
    let mut h = service_prefix();
    for part in [patient, ".", device, "."] {
        h.update(part.as_bytes());
    }
    h
}

/// [`observation_id`] of [`identifier_value`]`(patient, device, group)`, from
/// [`observation_id_prefix`]`(patient, device)`: only the type and the segment are hashed.
pub fn observation_id_after(prefix: &Sha256, group: &ObservationGroup) -> String {
    let mut h = prefix.clone();
    h.update(group.name.as_bytes());
    h.update(b".");
    h.update(group.segment.as_bytes());
    h.finish_hex()
}

/// The hash of `"{SERVICE_SYSTEM}_"`, the start of every Observation id's text, worked out once.
fn service_prefix() -> Sha256 {
    static PREFIX: std::sync::LazyLock<Sha256> = std::sync::LazyLock::new(|| {
        let mut h = Sha256::default();
        h.update(SERVICE_SYSTEM.as_bytes());
        h.update(b"_");
        h
    });
    PREFIX.clone()
}
