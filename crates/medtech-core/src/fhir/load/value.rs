//! A `value` object as the reference's `AbstractJsonConverter` reads it (fhir-mapping.md §1.4):
//!
//! 1. the token is loaded; a non-object fails (`null` too: "Cannot access child value on
//!    Newtonsoft.Json.Linq.JValue.");
//! 2. the discriminator is the member spelled exactly `ValueType`, else exactly `valueType`;
//!    missing → "Property ValueType is missing."; its text is looked up case-insensitively
//!    among `SampledData`, `Quantity`, `CodeableConcept`, `String`, else the error message is
//!    the text itself;
//! 3. the object is written back to text and deserialized with *default* settings: unknown
//!    members are ignored, names match ignoring case, and the first conversion error ends it.

use medtech_json::{Document, NodeId, Value};

use super::convert::{
    cannot_deserialize_array, cannot_deserialize_object, dotnet_double, path_index, path_property,
    text_read_as_decimal, text_read_as_string, token_name, Expected,
};
use super::ctx::{Ctx, ErrorKind, LoadError};
use super::indented::indented_position;
use crate::diagnostic::Code;
use crate::fhir::decimal::Decimal;
use crate::fhir::model::{CodeList, FhirCode, FhirValue, ValueKind};

const VALUE_TYPES: [&str; 4] = ["SampledData", "Quantity", "CodeableConcept", "String"];
const FULL_CODE: &str = "Microsoft.Health.Fhir.Ingest.Template.FhirCode";
const LIST_CODE: &str =
    "System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.FhirCode]";

/// Reads a `value` / `components[].value` member. `Ok(None)` never happens for a present
/// member (a `null` value is an error in the reference); it is kept for symmetry.
pub(crate) fn read_value(
    ctx: &Ctx<'_>,
    id: NodeId,
    path: &str,
    notes: &mut Vec<LoadError>,
) -> Result<Option<FhirValue>, Box<LoadError>> {
    let doc = ctx.doc;
    let other = |code: Code, text: String| LoadError {
        code,
        kind: ErrorKind::Other,
        text,
        path: None,
        line_info: None,
        span: ctx.span(id),
        pointer: Some(doc.pointer(id)),
        help: None,
        info: false,
    };
    match doc.value(id) {
        Value::Object(_) => {}
        Value::Array(_) => {
            return Err(Box::new(other(
                Code::FhirValueNotObject,
                "Accessed JArray values with invalid key value: \"ValueType\". Int32 array index expected.".into(),
            )
            .help("\"value\" is an object: { \"valueType\": …, \"valueName\": …, … }")))
        }
        _ => {
            return Err(Box::new(other(
                Code::FhirValueNotObject,
                "Cannot access child value on Newtonsoft.Json.Linq.JValue.".into(),
            )
            .help("\"value\" must be an object; the service rejects even \"value\": null — omit the member instead")))
        }
    }
    let discriminator = doc
        .get(id, "ValueType")
        .or_else(|| doc.get(id, "valueType"));
    let Some(discriminator) = discriminator else {
        let mut e = other(
            Code::FhirValueTypeMissing,
            "Property ValueType is missing.".into(),
        );
        let near = doc
            .members(id)
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case("valuetype"));
        e = match near {
            Some(m) => e.help(format!(
                "this key must be spelled exactly \"valueType\" or \"ValueType\" (found \"{}\")",
                m.name
            )),
            None => e.help("add \"valueType\": SampledData, Quantity, CodeableConcept or String"),
        };
        return Err(Box::new(e));
    };
    let type_text = match doc.value(discriminator) {
        Value::String(s) => Some(s.to_string()),
        Value::Null | Value::Undefined => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::BigInteger(s) => Some(s.to_string()),
        Value::Float(f) => Some(dotnet_double(*f)),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Value::Date(d) => Some(d.to_invariant_string()),
        kind @ (Value::Object(_) | Value::Array(_)) => {
            let class = if matches!(kind, Value::Object(_)) {
                "JObject"
            } else {
                "JArray"
            };
            return Err(Box::new(other(
                Code::FhirValueTypeUnknown,
                format!("Cannot cast Newtonsoft.Json.Linq.{class} to Newtonsoft.Json.Linq.JToken."),
            )));
        }
    };
    let unknown = |text: Option<String>| {
        let message = text
            .clone()
            .unwrap_or_else(|| "The method or operation is not implemented.".to_string());
        other(Code::FhirValueTypeUnknown, message).help(format!(
            "unknown valueType {:?}: use SampledData, Quantity, CodeableConcept or String",
            text.unwrap_or_default()
        ))
    };
    let Some(type_text) = type_text.filter(|t| !t.is_empty()) else {
        return Err(Box::new(unknown(match doc.value(discriminator) {
            Value::String(_) => Some(String::new()),
            _ => None,
        })));
    };
    let Some(canonical) = VALUE_TYPES
        .iter()
        .find(|n| medtech_json::document::eq_ignore_case(n, &type_text))
    else {
        return Err(Box::new(unknown(Some(type_text))));
    };
    let mut inner = Inner {
        ctx,
        root: id,
        fields: Fields::default(),
    };
    inner.read(canonical)?;
    let f = inner.fields;
    ignored_members(ctx, id, canonical, notes);
    let kind = match *canonical {
        "SampledData" => ValueKind::SampledData {
            default_period: f.default_period,
            unit: f.unit,
        },
        "Quantity" => ValueKind::Quantity {
            unit: f.unit,
            system: f.system,
            code: f.code,
        },
        "CodeableConcept" => ValueKind::CodeableConcept {
            text: f.text,
            codes: f.codes,
        },
        _ => ValueKind::String,
    };
    let _ = path;
    Ok(Some(FhirValue {
        value_name: f.value_name,
        value_type: f.value_type.unwrap_or(type_text),
        kind,
        location: ctx.location(id),
    }))
}

#[derive(Default)]
struct Fields {
    value_name: Option<String>,
    value_type: Option<String>,
    default_period: Option<Decimal>,
    unit: Option<String>,
    system: Option<String>,
    code: Option<String>,
    text: Option<String>,
    codes: Option<CodeList>,
}

/// The inner `JsonConvert.DeserializeObject(token.ToString(), type)`.
struct Inner<'c, 'a> {
    ctx: &'c Ctx<'a>,
    root: NodeId,
    fields: Fields,
}

impl Inner<'_, '_> {
    fn doc(&self) -> &Document {
        self.ctx.doc
    }

    /// A reader error (no line info kept).
    fn reader_error(&self, text: String, path: String, id: NodeId) -> Box<LoadError> {
        Box::new(LoadError {
            code: Code::FhirBadValue,
            kind: ErrorKind::Reader,
            text,
            path: Some(path),
            line_info: None,
            span: self.ctx.span(id),
            pointer: Some(self.doc().pointer(id)),
            help: None,
            info: false,
        })
    }

    /// A serialization error: line info of the re-written text.
    fn serialization_error(&self, text: String, path: String, id: NodeId) -> Box<LoadError> {
        Box::new(LoadError {
            code: Code::FhirBadValue,
            kind: ErrorKind::Serialization,
            text,
            path: Some(path),
            line_info: indented_position(self.doc(), self.root, id),
            span: self.ctx.span(id),
            pointer: Some(self.doc().pointer(id)),
            help: Some("the service reports this position in its own re-written copy of the value object, not in the mapping file".into()),
            info: false,
        })
    }

    fn read(&mut self, canonical: &str) -> Result<(), Box<LoadError>> {
        let members: &[&str] = match canonical {
            "SampledData" => &["DefaultPeriod", "Unit", "ValueName", "ValueType"],
            "Quantity" => &["Unit", "System", "Code", "ValueName", "ValueType"],
            "CodeableConcept" => &["Text", "Codes", "ValueName", "ValueType"],
            _ => &["ValueName", "ValueType"],
        };
        let doc = self.ctx.doc;
        for member in doc.members(self.root) {
            let name: &str = &member.name;
            let Some(target) = members.iter().find(|m| **m == name).or_else(|| {
                members
                    .iter()
                    .find(|m| medtech_json::document::eq_ignore_case(m, name))
            }) else {
                continue; // unknown members are ignored inside a value
            };
            let path = path_property("", name);
            let id = member.value;
            match *target {
                "DefaultPeriod" => {
                    self.fields.default_period = text_read_as_decimal(doc, id)
                        .map_err(|t| self.reader_error(t, path, id))?;
                }
                "Codes" => self.fields.codes = self.read_codes(id, &path)?,
                field => {
                    let text =
                        text_read_as_string(doc, id).map_err(|t| self.reader_error(t, path, id))?;
                    match field {
                        "Unit" => self.fields.unit = text,
                        "System" => self.fields.system = text,
                        "Code" => self.fields.code = text,
                        "Text" => self.fields.text = text,
                        "ValueName" => self.fields.value_name = text,
                        _ => self.fields.value_type = text,
                    }
                }
            }
        }
        Ok(())
    }

    /// `IList<FhirCode>` with default settings (unknown members of the codes ignored).
    fn read_codes(&self, id: NodeId, path: &str) -> Result<Option<CodeList>, Box<LoadError>> {
        let doc = self.ctx.doc;
        let items = match doc.value(id) {
            Value::Null | Value::Undefined => return Ok(None),
            Value::String(s) if s.is_empty() => return Ok(None),
            Value::Array(items) => items,
            Value::Object(_) => {
                return Err(self.serialization_error(
                    cannot_deserialize_object(LIST_CODE, Expected::Array),
                    path.to_string(),
                    id,
                ))
            }
            _ => {
                return Err(self.serialization_error(
                    format!(
                        "Error converting value {} to type '{LIST_CODE}'.",
                        inner_value_text(doc, id)
                    ),
                    path.to_string(),
                    id,
                ))
            }
        };
        let mut codes = Vec::with_capacity(items.len());
        for (k, &item) in items.iter().enumerate() {
            let item_path = path_index(path, k);
            match doc.value(item) {
                Value::Null | Value::Undefined => codes.push(None),
                Value::String(s) if s.is_empty() => codes.push(None),
                Value::Object(members) => {
                    let mut code = FhirCode::default();
                    for member in members {
                        let name: &str = &member.name;
                        let slot = ["Code", "System", "Display"]
                            .iter()
                            .find(|m| **m == name)
                            .or_else(|| {
                                ["Code", "System", "Display"]
                                    .iter()
                                    .find(|m| medtech_json::document::eq_ignore_case(m, name))
                            });
                        let Some(slot) = slot else { continue };
                        let text = text_read_as_string(doc, member.value).map_err(|t| {
                            self.reader_error(t, path_property(&item_path, name), member.value)
                        })?;
                        match *slot {
                            "Code" => code.code = text,
                            "System" => code.system = text,
                            _ => code.display = text,
                        }
                    }
                    codes.push(Some(code));
                }
                Value::Array(_) => {
                    return Err(self.serialization_error(
                        cannot_deserialize_array(FULL_CODE, Expected::Object),
                        item_path,
                        item,
                    ))
                }
                _ => {
                    return Err(self.serialization_error(
                        format!(
                            "Error converting value {} to type '{FULL_CODE}'.",
                            inner_value_text(doc, item)
                        ),
                        item_path,
                        item,
                    ))
                }
            }
        }
        Ok(Some(codes))
    }
}

/// `MiscellaneousUtils.ToString` of a value as the inner text reader parsed it back: numbers
/// from the written text, ISO strings as dates (re-printed in the invariant general format).
fn inner_value_text(doc: &Document, id: NodeId) -> String {
    match doc.value(id) {
        Value::String(s) => format!("\"{s}\""),
        Value::Date(d) => d.to_invariant_string(),
        Value::Integer(i) => i.to_string(),
        Value::BigInteger(s) => s.to_string(),
        Value::Float(f) if f.is_finite() => dotnet_double(*f),
        Value::Float(f) => format!("\"{}\"", dotnet_double(*f)),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Null | Value::Undefined => "{null}".into(),
        other => token_name(other).to_string(),
    }
}

/// Members of a value object the service ignores (unknown keys are not errors inside
/// `value`): an info each, with a did-you-mean.
fn ignored_members(ctx: &Ctx<'_>, id: NodeId, canonical: &str, notes: &mut Vec<LoadError>) {
    let known: &[&str] = match canonical {
        "SampledData" => &["defaultPeriod", "unit", "valueName", "valueType"],
        "Quantity" => &["unit", "system", "code", "valueName", "valueType"],
        "CodeableConcept" => &["text", "codes", "valueName", "valueType"],
        _ => &["valueName", "valueType"],
    };
    for member in ctx.doc.members(id) {
        let name: &str = &member.name;
        if known
            .iter()
            .any(|k| medtech_json::document::eq_ignore_case(k, name))
        {
            continue;
        }
        let hint = crate::fhir::hints::closest(name, known.iter().copied());
        notes.push(LoadError {
            code: Code::FhirIgnoredMember,
            kind: ErrorKind::Other,
            text: format!("The service ignores the member {name:?} of this {canonical} value."),
            path: None,
            line_info: None,
            span: ctx.member_span(member),
            pointer: Some(ctx.doc.pointer(member.value)),
            help: Some(match hint {
                Some(h) => format!(
                    "did you mean {h:?}? A {canonical} value has: {}",
                    known.join(", ")
                ),
                None => format!("a {canonical} value has: {}", known.join(", ")),
            }),
            info: true,
        });
    }
}
