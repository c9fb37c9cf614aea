//! Newtonsoft's `PopulateObject` over one template object, as `ToValidTemplate` runs it
//! (device-mapping.md §3.3, §3.4): members in document order, matched to the model
//! case-insensitively; each problem is one error (the serializer's error handler marks it
//! handled and goes on); then the required-member checks in contract order, reported at the
//! object's `{`.

use std::collections::HashMap;

use medtech_json::{Document, LineIndex, NodeId, Span, Value};

use super::members::{camel, Field, MemberType, ModelClass, ModelMember, TEMPLATE_EXPRESSION};
use super::netconv::{
    self, format_message, parse_language_enum, path_index, path_property, read_as_boolean,
    read_as_int32, read_as_string, token_name, value_for_print, EnumParse, ExceptionKind,
};
use super::position::{member_position, member_span, value_position};
use crate::diagnostic::{Code, Diagnostic, Source};

/// The document being loaded, with its line index when the text is known.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub lines: Option<LineIndex>,
}

impl Ctx<'_> {
    pub(crate) fn value_pos(&self, id: NodeId) -> Option<(u32, u32)> {
        value_position(self.lines.as_ref(), self.doc, id)
    }

    pub(crate) fn member_pos(&self, obj: NodeId, index: usize) -> Option<(u32, u32)> {
        let member = self.doc.members(obj).get(index)?;
        member_position(self.lines.as_ref(), member)
    }

    pub(crate) fn span(&self, id: NodeId) -> Option<Span> {
        Some(self.doc.span(id)).filter(|s| !s.is_synthetic())
    }

    pub(crate) fn member_span(&self, obj: NodeId, index: usize) -> Option<Span> {
        let member = self.doc.members(obj).get(index)?;
        member_span(self.doc, member)
    }

    /// JSON Pointer of a member (`…/name`).
    pub(crate) fn member_pointer(&self, obj: NodeId, index: usize) -> String {
        match self.doc.members(obj).get(index) {
            Some(member) => self.doc.pointer(member.value),
            None => self.doc.pointer(obj),
        }
    }
}

/// A Newtonsoft exception raised while reading, with where it points in our terms.
#[derive(Clone, Debug)]
pub(crate) struct NsError {
    pub kind: ExceptionKind,
    /// The text passed to `JsonException.Create` (before `Path …` is added).
    pub text: String,
    /// The reader's path at the throw.
    pub path: String,
    /// The reader's line info at the throw.
    pub line_info: Option<(u32, u32)>,
    pub code: Code,
    pub span: Option<Span>,
    pub pointer: Option<String>,
    pub help: Option<String>,
}

impl NsError {
    /// The exception's `Message` (`JsonPosition.FormatMessage`).
    pub(crate) fn full_message(&self) -> String {
        format_message(&self.text, &self.path, self.line_info)
    }

    /// The reference's `ConvertErrorContext`: the message cut at the last `Path`, line info kept
    /// only for serialization exceptions. Becomes an `InvalidTemplateException`.
    pub(crate) fn into_template_diagnostic(self) -> Diagnostic {
        let message = netconv::cut_at_last_path(&self.full_message());
        let position = match self.kind {
            ExceptionKind::Serialization => self.line_info,
            ExceptionKind::Reader => None,
        };
        let mut d = Diagnostic::error(self.code, Source::DeviceMapping, message)
            .at(self.span, self.pointer)
            .with_reference_position(position);
        d.help = self.help;
        d
    }
}

/// A read expression member (string form or expression object).
#[derive(Clone, Debug)]
pub(crate) struct ExprRead {
    pub text: String,
    /// `Language` as the enum value written (`None` = not written).
    pub language: Option<i32>,
    /// The string token or the expression object.
    pub node: NodeId,
    /// The reference's line info for the expression: `GetLineInfoForProperty("value")` of the
    /// expression object, else the expression itself (string: its last character).
    pub value_line_info: Option<(u32, u32)>,
    /// Span of the expression text token (the `value` member's value for objects).
    pub text_span: Option<Span>,
}

/// A read `values[]` element (`None` for a JSON `null` element).
#[derive(Clone, Debug)]
pub(crate) struct ValueRead {
    pub node: NodeId,
    pub fields: Fields,
}

/// One member's converted value.
#[derive(Clone, Debug)]
pub(crate) enum Read {
    Text(Option<String>, NodeId),
    Expr(Option<ExprRead>),
    Bool(bool),
    Lang(Option<i32>),
    Values(Option<Vec<Option<ValueRead>>>),
    Token,
}

/// What a populated object holds: the last value per field, and where each field's member
/// stands (the last member matching it, as `LineInfoForProperties` keeps it).
#[derive(Clone, Debug, Default)]
pub(crate) struct Fields {
    pub values: HashMap<Field, Read>,
    pub members: HashMap<Field, usize>,
}

impl Fields {
    pub(crate) fn text(&self, field: Field) -> Option<&str> {
        match self.values.get(&field) {
            Some(Read::Text(Some(s), _)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn expr(&self, field: Field) -> Option<&ExprRead> {
        match self.values.get(&field) {
            Some(Read::Expr(Some(e))) => Some(e),
            _ => None,
        }
    }
}

/// Whether the serializer has the reference's error handler (`ToValidTemplate`) or not (the
/// inner `TemplateExpression` serializer and the container reader), and whether unknown keys
/// are errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Errors are collected and reading goes on; unknown members are errors.
    Strict,
    /// The first error aborts; unknown members are ignored.
    Lenient,
}

/// Non-error findings met while reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Note {
    /// `required` written as a string; the member index in its object.
    RequiredString(NodeId, usize),
    /// A `[JsonIgnore]` member was given (object, member index).
    Ignored(NodeId, usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Value,
    Null,
}

/// Collected problems of one `ToValidTemplate` run.
#[derive(Default)]
pub(crate) struct Sink {
    pub errors: Vec<NsError>,
    pub notes: Vec<Note>,
}

const LANGUAGE_TYPE: &str = "Microsoft.Health.Fhir.Ingest.Template.TemplateExpressionLanguage";
const NULLABLE_LANGUAGE_TYPE: &str =
    "System.Nullable`1[Microsoft.Health.Fhir.Ingest.Template.TemplateExpressionLanguage]";

/// Runs `PopulateObject` of `class` over the object `obj` (the reader's path is `path`).
pub(crate) fn populate(
    ctx: &Ctx<'_>,
    class: &'static ModelClass,
    obj: NodeId,
    path: &str,
    mode: Mode,
    sink: &mut Sink,
) -> Result<Fields, Box<NsError>> {
    let mut fields = Fields::default();
    let mut presence: HashMap<&'static str, Presence> = HashMap::new();
    for (index, member) in ctx.doc.members(obj).iter().enumerate() {
        let value = member.value;
        let member_path = path_property(path, &member.name);
        let Some(model) = class.closest(&member.name) else {
            if mode == Mode::Strict {
                sink.errors.push(NsError {
                    kind: ExceptionKind::Serialization,
                    text: format!(
                        "Could not find member '{}' on object of type '{}'",
                        member.name, class.name
                    ),
                    path: member_path,
                    line_info: ctx.member_pos(obj, index),
                    code: Code::TemplateUnknownMember,
                    span: ctx.member_span(obj, index),
                    pointer: Some(ctx.member_pointer(obj, index)),
                    help: Some(unknown_member_help(class, &member.name)),
                });
            }
            continue;
        };
        let err = |kind, text: String, code, line_info| {
            Box::new(NsError {
                kind,
                text,
                path: member_path.clone(),
                line_info,
                code,
                span: ctx.span(value),
                pointer: Some(ctx.doc.pointer(value)),
                help: None,
            })
        };
        let token = ctx.doc.value(value);
        let outcome: Result<Option<Read>, Box<NsError>> = match model.ty {
            MemberType::Ignored => {
                sink.notes.push(Note::Ignored(obj, index));
                Ok(None)
            }
            MemberType::AnyToken => {
                presence.insert(model.name, presence_of_plain(token));
                Ok(Some(Read::Token))
            }
            MemberType::Text => match read_as_string(ctx.doc, value) {
                Err(text) => Err(err(
                    ExceptionKind::Reader,
                    text,
                    Code::TemplateBadValue,
                    ctx.value_pos(value),
                )),
                Ok(s) => {
                    let p = if s.is_some() {
                        Presence::Value
                    } else {
                        Presence::Null
                    };
                    presence.insert(model.name, p);
                    Ok(Some(Read::Text(s, value)))
                }
            },
            MemberType::Bool => match read_as_boolean(ctx.doc, value) {
                Err(text) => Err(err(
                    ExceptionKind::Reader,
                    text,
                    Code::TemplateBadValue,
                    ctx.value_pos(value),
                )),
                Ok(None) => {
                    presence.insert(model.name, Presence::Null);
                    Err(err(
                        ExceptionKind::Serialization,
                        "Error converting value {null} to type 'System.Boolean'.".into(),
                        Code::TemplateBadValue,
                        ctx.value_pos(value),
                    ))
                }
                Ok(Some(b)) => {
                    presence.insert(model.name, Presence::Value);
                    if matches!(token, Value::String(_)) {
                        sink.notes.push(Note::RequiredString(obj, index));
                    }
                    Ok(Some(Read::Bool(b)))
                }
            },
            MemberType::Int => match read_as_int32(ctx.doc, value) {
                Err(text) => Err(err(
                    ExceptionKind::Reader,
                    text,
                    Code::TemplateBadValue,
                    ctx.value_pos(value),
                )),
                Ok(None) => {
                    presence.insert(model.name, Presence::Null);
                    Err(err(
                        ExceptionKind::Serialization,
                        "Error converting value {null} to type 'System.Int32'.".into(),
                        Code::TemplateBadValue,
                        ctx.value_pos(value),
                    ))
                }
                Ok(Some(_)) => {
                    presence.insert(model.name, Presence::Value);
                    Ok(None)
                }
            },
            MemberType::Language | MemberType::NullableLanguage => {
                let nullable = model.ty == MemberType::NullableLanguage;
                let p = match token {
                    Value::Null | Value::Undefined => Presence::Null,
                    Value::String(s) if s.is_empty() && nullable => Presence::Null,
                    _ => Presence::Value,
                };
                presence.insert(model.name, p);
                read_language(ctx, value, nullable)
                    .map(|l| Some(Read::Lang(l)))
                    .map_err(|(text, line_info)| {
                        err(
                            ExceptionKind::Serialization,
                            text,
                            Code::TemplateBadValue,
                            line_info,
                        )
                    })
            }
            MemberType::Expression => {
                let p = match token {
                    Value::Null | Value::Undefined => Presence::Null,
                    Value::String(s) if s.is_empty() => Presence::Null,
                    _ => Presence::Value,
                };
                presence.insert(model.name, p);
                read_expression(ctx, value, sink).map(|e| Some(Read::Expr(e)))
            }
            MemberType::Values(item_class) => {
                let p = match token {
                    Value::Null | Value::Undefined => Presence::Null,
                    Value::String(s) if s.is_empty() => Presence::Null,
                    _ => Presence::Value,
                };
                presence.insert(model.name, p);
                read_values(ctx, item_class, value, &member_path, mode, sink)
                    .map(|v| Some(Read::Values(v)))
            }
        };
        match outcome {
            Ok(Some(read)) => {
                fields.values.insert(model.field, read);
                fields.members.insert(model.field, index);
            }
            Ok(None) => {
                fields.members.insert(model.field, index);
            }
            Err(e) => {
                if mode == Mode::Lenient {
                    return Err(e);
                }
                sink.errors.push(*e);
            }
        }
    }
    for model in class.members.iter().filter(|m| m.required) {
        let text = match presence.get(model.name) {
            None => format!("Required property '{}' not found in JSON.", model.name),
            Some(Presence::Null) => format!(
                "Required property '{}' expects a value but got null.",
                model.name
            ),
            Some(Presence::Value) => continue,
        };
        let missing = !presence.contains_key(model.name);
        let e = NsError {
            kind: ExceptionKind::Serialization,
            text,
            path: path_at_end(path),
            line_info: ctx.value_pos(obj),
            code: if missing {
                Code::TemplateMissingMember
            } else {
                Code::TemplateNullMember
            },
            span: match fields.members.get(&model.field) {
                Some(i) if !missing => ctx.member_span(obj, *i),
                _ => ctx.span(obj),
            },
            pointer: Some(match fields.members.get(&model.field) {
                Some(i) if !missing => ctx.member_pointer(obj, *i),
                _ => ctx.doc.pointer(obj),
            }),
            help: Some(required_help(model, missing)),
        };
        if mode == Mode::Lenient {
            return Err(Box::new(e));
        }
        sink.errors.push(e);
    }
    Ok(fields)
}

/// The path a fresh reader reports at the end of its root object.
fn path_at_end(path: &str) -> String {
    path.to_string()
}

fn presence_of_plain(token: &Value) -> Presence {
    match token {
        Value::Null | Value::Undefined => Presence::Null,
        _ => Presence::Value,
    }
}

/// A converter failure: the message and the reader's line info.
type LanguageError = (String, Option<(u32, u32)>);

/// `StringEnumConverter.ReadJson` for `TemplateExpressionLanguage` (nullable or not).
fn read_language(
    ctx: &Ctx<'_>,
    value: NodeId,
    nullable: bool,
) -> Result<Option<i32>, LanguageError> {
    let type_name = if nullable {
        NULLABLE_LANGUAGE_TYPE
    } else {
        LANGUAGE_TYPE
    };
    let at = ctx.value_pos(value);
    let convert_error = || {
        (
            format!(
                "Error converting value {} to type '{type_name}'.",
                value_for_print(ctx.doc, value)
            ),
            at,
        )
    };
    match ctx.doc.value(value) {
        Value::Null => {
            if nullable {
                Ok(None)
            } else {
                Err((format!("Cannot convert null value to {LANGUAGE_TYPE}."), at))
            }
        }
        Value::String(s) => {
            if s.is_empty() && nullable {
                return Ok(None);
            }
            match parse_language_enum(s) {
                EnumParse::Value(v) => Ok(Some(v)),
                EnumParse::Fail => Err(convert_error()),
            }
        }
        // `Enum.ToObject(type, long)` keeps the low 32 bits.
        Value::Integer(i) => Ok(Some(*i as i32)),
        Value::BigInteger(_) => Err(convert_error()),
        other => Err((
            format!("Unexpected token {} when parsing enum.", token_name(other)),
            at,
        )),
    }
}

/// `TemplateExpressionJsonConverter.ReadJson`.
fn read_expression(
    ctx: &Ctx<'_>,
    value: NodeId,
    sink: &mut Sink,
) -> Result<Option<ExprRead>, Box<NsError>> {
    let not_object = |token: &Value| {
        NsError {
        kind: ExceptionKind::Reader,
        text: format!(
            "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}",
            token_name(token)
        ),
        path: String::new(),
        line_info: ctx.value_pos(value),
        code: Code::TemplateBadValue,
        span: ctx.span(value),
        pointer: Some(ctx.doc.pointer(value)),
        help: Some(
            "an expression is a string or an object { \"value\": …, \"language\": \"JsonPath\" | \"JmesPath\" }"
                .into(),
        ),
    }
    };
    match ctx.doc.value(value) {
        Value::String(s) => Ok(Some(ExprRead {
            text: s.to_string(),
            language: None,
            node: value,
            value_line_info: ctx.value_pos(value),
            text_span: ctx.span(value),
        })),
        Value::Null => Ok(None),
        Value::Object(_) => {
            // A separate serializer without the error handler: the first problem escapes.
            let mut inner = Sink::default();
            let fields = populate(
                ctx,
                &TEMPLATE_EXPRESSION,
                value,
                "",
                Mode::Lenient,
                &mut inner,
            )?;
            sink.notes.extend(inner.notes);
            let text = fields.text(Field::Value).unwrap_or_default().to_string();
            let language = match fields.values.get(&Field::Language) {
                Some(Read::Lang(l)) => *l,
                _ => None,
            };
            let value_member = last_member_ignore_case(ctx.doc, value, "value");
            let value_line_info = match value_member {
                Some(i) => ctx.member_pos(value, i),
                None => ctx.value_pos(value),
            };
            let text_span = match fields.values.get(&Field::Value) {
                Some(Read::Text(_, node)) => ctx.span(*node),
                _ => None,
            };
            Ok(Some(ExprRead {
                text,
                language,
                node: value,
                value_line_info,
                text_span,
            }))
        }
        other => Err(Box::new(not_object(other))),
    }
}

/// The index of the last member named `name` ignoring case (`LineInfoForProperties` keeps the
/// last one).
pub(crate) fn last_member_ignore_case(doc: &Document, obj: NodeId, name: &str) -> Option<usize> {
    doc.members(obj)
        .iter()
        .rposition(|m| medtech_json::document::eq_ignore_case(&m.name, name))
}

/// Reads `values` into `IList<class>`.
fn read_values(
    ctx: &Ctx<'_>,
    class: &'static ModelClass,
    value: NodeId,
    path: &str,
    mode: Mode,
    sink: &mut Sink,
) -> Result<Option<Vec<Option<ValueRead>>>, Box<NsError>> {
    let list_type = format!(
        "System.Collections.Generic.IList`1[Microsoft.Health.Fhir.Ingest.Template.{}]",
        class.name
    );
    let base = |text: String, path: String, line_info| NsError {
        kind: ExceptionKind::Serialization,
        text,
        path,
        line_info,
        code: Code::TemplateBadValue,
        span: ctx.span(value),
        pointer: Some(ctx.doc.pointer(value)),
        help: Some("`values` is an array of { valueName, valueExpression, required }".into()),
    };
    match ctx.doc.value(value) {
        Value::Null | Value::Undefined => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::Object(members) => {
            // CreateObject reads the first token inside before it finds the contract wrong.
            let (path, line_info) = match members.first() {
                Some(first) => (path_property(path, &first.name), ctx.member_pos(value, 0)),
                None => (path.to_string(), ctx.value_pos(value)),
            };
            Err(Box::new(base(
                format!(
                    "Cannot deserialize the current JSON object (e.g. {{\"name\":\"value\"}}) into type '{list_type}' because the type requires a JSON array (e.g. [1,2,3]) to deserialize correctly.\nTo fix this error either change the JSON to a JSON array (e.g. [1,2,3]) or change the deserialized type so that it is a normal .NET type (e.g. not a primitive type like integer, not a collection type like an array or List<T>) that can be deserialized from a JSON object. JsonObjectAttribute can also be added to the type to force it to deserialize from a JSON object.\n"
                ),
                path,
                line_info,
            )))
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (k, item) in items.iter().enumerate() {
                match ctx.doc.value(*item) {
                    Value::Null => out.push(None),
                    Value::Object(_) => {
                        let fields = populate(ctx, class, *item, "", mode, sink)?;
                        out.push(Some(ValueRead {
                            node: *item,
                            fields,
                        }));
                    }
                    other => {
                        let e = NsError {
                            kind: ExceptionKind::Reader,
                            text: format!(
                                "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}",
                                token_name(other)
                            ),
                            path: path_index(path, k),
                            line_info: ctx.value_pos(*item),
                            code: Code::TemplateBadValue,
                            span: ctx.span(*item),
                            pointer: Some(ctx.doc.pointer(*item)),
                            help: Some(
                                "each `values` element is an object { valueName, valueExpression, required }"
                                    .into(),
                            ),
                        };
                        if mode == Mode::Lenient {
                            return Err(Box::new(e));
                        }
                        sink.errors.push(e);
                    }
                }
            }
            Ok(Some(out))
        }
        _ => Err(Box::new(base(
            format!(
                "Error converting value {} to type '{list_type}'.",
                value_for_print(ctx.doc, value)
            ),
            path.to_string(),
            ctx.value_pos(value),
        ))),
    }
}

fn required_help(model: &ModelMember, missing: bool) -> String {
    let json = camel(model.name);
    if missing {
        format!("add \"{json}\" (required by the service)")
    } else {
        format!("\"{json}\" is required and must not be null or empty")
    }
}

/// A did-you-mean hint for an unknown member.
fn unknown_member_help(class: &ModelClass, name: &str) -> String {
    let lower = name.to_lowercase();
    let best = class
        .json_names()
        .map(|candidate| {
            let d = edit_distance(&lower, &candidate.to_lowercase());
            (d, candidate)
        })
        .min_by_key(|(d, _)| *d);
    let known: Vec<String> = class.json_names().collect();
    match best {
        Some((d, candidate)) if d <= (candidate.len() / 3).max(2) => {
            format!("did you mean \"{candidate}\"? The service rejects unknown members")
        }
        _ => format!(
            "the service rejects unknown members; {} has: {}",
            class.name,
            known.join(", ")
        ),
    }
}

/// Levenshtein distance (bounded inputs: member names).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(200).collect();
    let b: Vec<char> = b.chars().take(200).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(
            edit_distance("typematchexpresion", "typematchexpression"),
            1
        );
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
