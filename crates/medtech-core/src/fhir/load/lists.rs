//! `periodInterval` and the list members (`codes`, `category`, `components`) of a template
//! body, as Newtonsoft's serializer reads them (fhir-mapping.md §1.3, §1.5): enum conversion
//! errors, "Error converting value …" for scalars, "Cannot deserialize the current JSON …" for
//! the wrong container, `null` (and `""`) elements kept.

use medtech_json::{Document, NodeId, Value};

use super::body::{populate, Kind, Read, CATEGORY, CODE, COMPONENT};
use super::convert::{
    cannot_deserialize_array, cannot_deserialize_object, path_index, value_for_message, Expected,
};
use super::ctx::{Ctx, ErrorKind, LoadError};
use super::enums::parse_period_interval;
use crate::diagnostic::Code;
use crate::fhir::model::{CategorySpec, Component, FhirCode, PeriodInterval};

const FULL_CODE: &str = "Microsoft.Health.Fhir.Ingest.Template.FhirCode";
const FULL_PERIOD: &str = "Microsoft.Health.Fhir.Ingest.Template.ObservationPeriodInterval";

fn list_type(element: &str) -> String {
    format!("System.Collections.Generic.IList`1[{element}]")
}
const FULL_COMPONENT: &str = "Microsoft.Health.Fhir.Ingest.Template.CodeValueMapping";
const FULL_CATEGORY: &str = "Microsoft.Health.Fhir.Ingest.Template.FhirCodeableConcept";

/// `periodInterval`: an enum without `StringEnumConverter` (`EnsureType`).
pub(super) fn read_period(doc: &Document, id: NodeId) -> Result<PeriodInterval, String> {
    let converting = || {
        format!(
            "Error converting value {} to type '{FULL_PERIOD}'.",
            value_for_message(doc, id)
        )
    };
    match doc.value(id) {
        Value::Integer(i) => Ok(PeriodInterval::from_value(*i as i32)),
        Value::String(s) => parse_period_interval(s).ok_or_else(converting),
        Value::Object(_) => Err(cannot_deserialize_object(FULL_PERIOD, Expected::Primitive)),
        Value::Array(_) => Err(cannot_deserialize_array(FULL_PERIOD, Expected::Primitive)),
        _ => Err(converting()),
    }
}

/// An `IList<T>` member: `codes`, `category` or `components`.
pub(super) fn read_list(
    ctx: &Ctx<'_>,
    id: NodeId,
    kind: Kind,
    path: &str,
    errors: &mut Vec<LoadError>,
) -> Read {
    let doc = ctx.doc;
    let (element_class, element_full) = match kind {
        Kind::Categories => (&CATEGORY, FULL_CATEGORY),
        Kind::Components => (&COMPONENT, FULL_COMPONENT),
        _ => (&CODE, FULL_CODE),
    };
    let empty = || match kind {
        Kind::Categories => Read::Categories(None),
        Kind::Components => Read::Components(None),
        _ => Read::Codes(None),
    };
    let list_error = |text: String| {
        LoadError::at_value(
            ctx,
            Code::FhirBadValue,
            ErrorKind::Serialization,
            text,
            Some(path.to_string()),
            id,
        )
    };
    let items = match doc.value(id) {
        Value::Null | Value::Undefined => return empty(),
        Value::String(s) if s.is_empty() => return empty(),
        Value::Array(items) => items,
        Value::Object(_) => {
            errors.push(list_error(cannot_deserialize_object(
                &list_type(element_full),
                Expected::Array,
            )));
            return empty();
        }
        _ => {
            errors.push(list_error(format!(
                "Error converting value {} to type '{}'.",
                value_for_message(doc, id),
                list_type(element_full)
            )));
            return empty();
        }
    };
    let mut codes = Vec::new();
    let mut categories = Vec::new();
    let mut components = Vec::new();
    for (k, &item) in items.iter().enumerate() {
        let item_path = path_index(path, k);
        let item_error = |text: String| {
            LoadError::at_value(
                ctx,
                Code::FhirBadValue,
                ErrorKind::Serialization,
                text,
                Some(item_path.clone()),
                item,
            )
        };
        match doc.value(item) {
            Value::Null | Value::Undefined => {}
            Value::String(s) if s.is_empty() => {}
            Value::Object(_) => {
                let mut p = populate(ctx, item, element_class, &item_path, errors);
                match kind {
                    Kind::Categories => categories.push(Some(CategorySpec {
                        text: p.text(0),
                        codes: p.codes(1),
                    })),
                    Kind::Components => components.push(Some(Component {
                        codes: p.codes(0).unwrap_or_default(),
                        value: p.value(1),
                        location: ctx.location(item),
                    })),
                    _ => codes.push(Some(FhirCode {
                        code: p.text(0),
                        system: p.text(1),
                        display: p.text(2),
                    })),
                }
                continue;
            }
            Value::Array(_) => {
                errors.push(item_error(cannot_deserialize_array(
                    element_full,
                    Expected::Object,
                )));
                continue;
            }
            _ => {
                errors.push(item_error(format!(
                    "Error converting value {} to type '{element_full}'.",
                    value_for_message(doc, item)
                )));
                continue;
            }
        }
        // A null element is kept (it fails at run time).
        match kind {
            Kind::Categories => categories.push(None),
            Kind::Components => components.push(None),
            _ => codes.push(None),
        }
    }
    match kind {
        Kind::Categories => Read::Categories(Some(categories)),
        Kind::Components => Read::Components(Some(components)),
        _ => Read::Codes(Some(codes)),
    }
}
