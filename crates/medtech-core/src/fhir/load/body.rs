//! The `CodeValueFhir` body as `ToValidTemplate<CodeValueFhirTemplate>` deserializes it
//! (fhir-mapping.md §1.3): Newtonsoft with `MissingMemberHandling.Error` and an error handler
//! that records every problem and goes on. Members are matched exactly, then ignoring case;
//! each unknown member, unreadable value or missing required member is one error; `codes`,
//! `category` and `components` entries are checked the same way (not `value`, §1.4).

use medtech_json::{NodeId, Value};

use super::convert::{jtoken_read_as_int32, jtoken_read_as_string, path_property};
use super::ctx::{Ctx, ErrorKind, LoadError};
use super::lists::{read_list, read_period};
use super::value::read_value;
use crate::diagnostic::Code;
use crate::fhir::model::{
    CategorySpec, CodeList, CodeValueTemplate, Component, FhirValue, Location, PeriodInterval,
};

/// How a model member is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Int,
    Period,
    Codes,
    Categories,
    Components,
    Value,
    /// `[JsonIgnore]`: accepted and skipped.
    Ignored,
}

struct MemberSpec {
    name: &'static str,
    kind: Kind,
    required: bool,
}

pub(super) struct ClassSpec {
    /// `Type.Name` (in "Could not find member … on object of type '…'").
    name: &'static str,
    /// Members in contract order (derived class first, then base classes).
    members: &'static [MemberSpec],
}

const fn m(name: &'static str, kind: Kind, required: bool) -> MemberSpec {
    MemberSpec {
        name,
        kind,
        required,
    }
}

static TEMPLATE: ClassSpec = ClassSpec {
    name: "CodeValueFhirTemplate",
    members: &[
        m("Category", Kind::Categories, false),
        m("Codes", Kind::Codes, true),
        m("Value", Kind::Value, false),
        m("Components", Kind::Components, false),
        m("PeriodInterval", Kind::Period, false),
        m("TypeName", Kind::Text, true),
        m("LineNumber", Kind::Int, false),
        m("LinePosition", Kind::Int, false),
        m("LineInfoForProperties", Kind::Ignored, false),
    ],
};

pub(super) static CODE: ClassSpec = ClassSpec {
    name: "FhirCode",
    members: &[
        m("Code", Kind::Text, false),
        m("System", Kind::Text, false),
        m("Display", Kind::Text, false),
    ],
};

pub(super) static CATEGORY: ClassSpec = ClassSpec {
    name: "FhirCodeableConcept",
    members: &[m("Text", Kind::Text, false), m("Codes", Kind::Codes, false)],
};

pub(super) static COMPONENT: ClassSpec = ClassSpec {
    name: "CodeValueMapping",
    members: &[
        m("Codes", Kind::Codes, true),
        m("Value", Kind::Value, false),
    ],
};

/// Whether a member was seen (Newtonsoft's `PropertyPresence`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Presence {
    None,
    Null,
    Value,
}

/// A value read for a member.
pub(super) enum Read {
    Text(Option<String>),
    Period(PeriodInterval),
    Codes(Option<CodeList>),
    Categories(Option<Vec<Option<CategorySpec>>>),
    Components(Option<Vec<Option<Component>>>),
    Value(Option<FhirValue>),
}

/// The members read from one object, by member index in the class spec.
pub(super) struct Populated {
    reads: Vec<Option<Read>>,
    /// For each class member, the last JSON member (index in the object) that matched it.
    sources: Vec<Option<usize>>,
}

impl Populated {
    pub(super) fn text(&mut self, i: usize) -> Option<String> {
        match self.reads.get_mut(i).and_then(Option::take) {
            Some(Read::Text(t)) => t,
            _ => None,
        }
    }
    pub(super) fn codes(&mut self, i: usize) -> Option<CodeList> {
        match self.reads.get_mut(i).and_then(Option::take) {
            Some(Read::Codes(c)) => c,
            _ => None,
        }
    }
    pub(super) fn value(&mut self, i: usize) -> Option<FhirValue> {
        match self.reads.get_mut(i).and_then(Option::take) {
            Some(Read::Value(v)) => v,
            _ => None,
        }
    }
}

/// Reads a template body. Returns the template (when no error was recorded) and the errors.
pub(crate) fn read_body(
    ctx: &Ctx<'_>,
    obj: NodeId,
    index: usize,
) -> (Option<CodeValueTemplate>, Vec<LoadError>) {
    let mut errors = Vec::new();
    let mut p = populate(ctx, obj, &TEMPLATE, "", &mut errors);
    if errors.iter().any(|e| !e.info) {
        return (None, errors);
    }
    let doc = ctx.doc;
    let location_of = |source: Option<usize>| -> Option<Location> {
        let member = doc.members(obj).get(source?)?;
        Some(ctx.member_location(member))
    };
    let type_name_location = location_of(p.sources[5]).unwrap_or_else(|| ctx.location(obj));
    let period_location = location_of(p.sources[4]);
    let period_interval = match p.reads[4].take() {
        Some(Read::Period(period)) => period,
        _ => PeriodInterval::Single,
    };
    let category = match p.reads[0].take() {
        Some(Read::Categories(c)) => c,
        _ => None,
    };
    let components = match p.reads[3].take() {
        Some(Read::Components(c)) => c,
        _ => None,
    };
    let template = CodeValueTemplate {
        index,
        type_name: p.text(5).unwrap_or_default(),
        period_interval,
        codes: p.codes(1).unwrap_or_default(),
        category,
        value: p.value(2),
        components,
        location: ctx.location(obj),
        type_name_location,
        period_location,
    };
    (Some(template), errors)
}

/// Newtonsoft's `PopulateObject` over `obj` for `class`, errors recorded and skipped.
pub(super) fn populate(
    ctx: &Ctx<'_>,
    obj: NodeId,
    class: &ClassSpec,
    path: &str,
    errors: &mut Vec<LoadError>,
) -> Populated {
    let doc = ctx.doc;
    let n = class.members.len();
    let mut out = Populated {
        reads: (0..n).map(|_| None).collect(),
        sources: vec![None; n],
    };
    let mut presence = vec![Presence::None; n];
    for (json_index, member) in doc.members(obj).iter().enumerate() {
        let name: &str = &member.name;
        let member_path = path_property(path, name);
        let found = class
            .members
            .iter()
            .position(|s| s.name == name)
            .or_else(|| {
                class
                    .members
                    .iter()
                    .position(|s| medtech_json::document::eq_ignore_case(s.name, name))
            });
        let Some(i) = found else {
            let mut e = LoadError {
                code: Code::FhirUnknownMember,
                kind: ErrorKind::Serialization,
                text: format!(
                    "Could not find member '{name}' on object of type '{}'",
                    class.name
                ),
                path: Some(member_path),
                line_info: ctx.member_pos(member),
                span: ctx.member_span(member),
                pointer: Some(doc.pointer(member.value)),
                help: None,
                info: false,
            };
            if let Some(hint) = member_hint(class, name) {
                e = e.help(hint);
            }
            errors.push(e);
            continue;
        };
        let spec = &class.members[i];
        let value = member.value;
        let token = doc.value(value);
        let token_presence = match token {
            Value::Null | Value::Undefined => Presence::Null,
            Value::String(s) if s.is_empty() && !matches!(spec.kind, Kind::Text) => Presence::Null,
            _ => Presence::Value,
        };
        out.sources[i] = Some(json_index);
        match spec.kind {
            Kind::Ignored => presence[i] = token_presence,
            Kind::Text => match jtoken_read_as_string(doc, value) {
                Ok(text) => {
                    presence[i] = if text.is_some() {
                        Presence::Value
                    } else {
                        Presence::Null
                    };
                    out.reads[i] = Some(Read::Text(text));
                }
                Err(text) => errors.push(LoadError::at_value(
                    ctx,
                    Code::FhirBadValue,
                    ErrorKind::Reader,
                    text,
                    Some(member_path),
                    value,
                )),
            },
            Kind::Int => match jtoken_read_as_int32(doc, value) {
                Ok(v) => {
                    presence[i] = if v.is_some() {
                        Presence::Value
                    } else {
                        Presence::Null
                    }
                }
                Err(text) => errors.push(LoadError::at_value(
                    ctx,
                    Code::FhirBadValue,
                    ErrorKind::Reader,
                    text,
                    Some(member_path),
                    value,
                )),
            },
            Kind::Period => {
                presence[i] = token_presence;
                match read_period(doc, value) {
                    Ok(period) => out.reads[i] = Some(Read::Period(period)),
                    Err(text) => errors.push(
                        LoadError::at_value(
                            ctx,
                            Code::FhirBadValue,
                            ErrorKind::Serialization,
                            text,
                            Some(member_path),
                            value,
                        )
                        .help("periodInterval is 0 (Single), 60 (Hourly), 1440 (Daily) or -1 (CorrelationId), as a number or one of those names"),
                    ),
                }
            }
            Kind::Codes | Kind::Categories | Kind::Components => {
                presence[i] = token_presence;
                let read = read_list(ctx, value, spec.kind, &member_path, errors);
                out.reads[i] = Some(read);
            }
            Kind::Value => {
                presence[i] = token_presence;
                match read_value(ctx, value, &member_path, errors) {
                    Ok(v) => out.reads[i] = Some(Read::Value(v)),
                    Err(e) => errors.push(*e),
                }
            }
        }
    }
    // Required members, in contract order, reported at the object's `{`.
    for (i, spec) in class.members.iter().enumerate() {
        if !spec.required {
            continue;
        }
        let (code, text) = match presence[i] {
            Presence::None => (
                Code::FhirMissingMember,
                format!("Required property '{}' not found in JSON.", spec.name),
            ),
            Presence::Null => (
                Code::FhirNullMember,
                format!(
                    "Required property '{}' expects a value but got null.",
                    spec.name
                ),
            ),
            Presence::Value => continue,
        };
        let help = match spec.name {
            "TypeName" => {
                "every CodeValueFhir template needs \"typeName\": the measurement type it maps"
            }
            _ => "\"codes\" is required (it may be an empty array [])",
        };
        errors.push(
            LoadError::at_value(
                ctx,
                code,
                ErrorKind::Serialization,
                text,
                Some(path.to_string()),
                obj,
            )
            .help(help),
        );
    }
    out
}

/// A did-you-mean for an unknown member.
fn member_hint(class: &ClassSpec, name: &str) -> Option<String> {
    if name.eq_ignore_ascii_case("coding") && class.members.iter().any(|m| m.name == "Codes") {
        return Some("the template model uses \"codes\", not FHIR's \"coding\"".into());
    }
    let names: Vec<String> = class
        .members
        .iter()
        .filter(|m| m.kind != Kind::Ignored && !m.name.starts_with("Line"))
        .map(|m| camel(m.name))
        .collect();
    let best = crate::fhir::hints::closest(name, names.iter().map(String::as_str))?;
    Some(format!(
        "did you mean \"{best}\"? {} has: {}",
        class.name,
        names.join(", ")
    ))
}

fn camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}
