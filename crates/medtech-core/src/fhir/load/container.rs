//! The root `CollectionFhir` container and its inner `CodeValueFhir` containers
//! (fhir-mapping.md §1.1, §1.2): `TemplateContainerJsonConverter` reads `templateType`
//! (case-insensitive key, last one wins) and `template` (`GetValue("template",
//! InvariantCultureIgnoreCase)`); type names match with or without the `Template` suffix,
//! ignoring case. Root problems stop the load; each element is loaded on its own; a null or
//! non-object element (or an unreadable `templateType`) makes the reference loader throw.

use medtech_json::{Member, NodeId, Value};

use super::body::read_body;
use super::convert::{
    format_message, jtoken_read_as_int32, jtoken_read_as_string, path_index, path_property,
    token_name,
};
use super::ctx::Ctx;
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::model::FhirMapping;

const ROOT_TYPE: &str = "CollectionFhirTemplate";
const INNER_TYPE: &str = "CodeValueFhirTemplate";

pub(crate) struct Collected {
    pub mapping: FhirMapping,
    pub diagnostics: Vec<Diagnostic>,
}

/// `TemplateContainer.MatchTemplateName`.
pub(crate) fn match_template_name(value: Option<&str>, expected: &str) -> bool {
    let Some(value) = value else { return false };
    medtech_json::document::eq_ignore_case(expected, value)
        || medtech_json::document::eq_ignore_case(expected, &format!("{value}Template"))
}

/// A read container.
struct Container {
    template_type: Option<String>,
    template: Option<NodeId>,
    /// The member named `template` (exact, else first case-insensitive).
    template_member: Option<usize>,
    /// Line info of the last `templateType` key, else of the container's `{`.
    type_line_info: Option<(u32, u32)>,
    type_member: Option<usize>,
    /// Line info of the last `template` key, else of the `{`.
    template_line_info: Option<(u32, u32)>,
}

/// Populates a `TemplateContainer` (default settings: unknown keys ignored). `Err` is the
/// full text of the `JsonReaderException` the reference would throw.
fn read_container(ctx: &Ctx<'_>, obj: NodeId, path: &str) -> Result<Container, (String, NodeId)> {
    let doc = ctx.doc;
    let members = doc.members(obj);
    let mut template_type = None;
    let mut type_member = None;
    let mut last_template_key = None;
    for (i, member) in members.iter().enumerate() {
        let name: &str = &member.name;
        let is = |n: &str| medtech_json::document::eq_ignore_case(n, name);
        let member_path = path_property(path, name);
        if is("TemplateType") {
            type_member = Some(i);
            template_type = jtoken_read_as_string(doc, member.value).map_err(|t| {
                (
                    format_message(&t, &member_path, ctx.value_pos(member.value)),
                    member.value,
                )
            })?;
        } else if is("Template") {
            last_template_key = Some(i);
        } else if is("LineNumber") || is("LinePosition") {
            jtoken_read_as_int32(doc, member.value).map_err(|t| {
                (
                    format_message(&t, &member_path, ctx.value_pos(member.value)),
                    member.value,
                )
            })?;
        }
    }
    let template_member = members
        .iter()
        .position(|m| &*m.name == "template")
        .or_else(|| {
            members
                .iter()
                .position(|m| medtech_json::document::eq_ignore_case("template", &m.name))
        });
    let own = ctx.value_pos(obj);
    let pos = |i: Option<usize>| match i.and_then(|i| members.get(i)) {
        Some(m) => ctx.member_pos(m),
        None => own,
    };
    Ok(Container {
        template_type,
        template: template_member
            .and_then(|i| members.get(i))
            .map(|m| m.value),
        template_member,
        type_line_info: pos(type_member),
        type_member,
        template_line_info: pos(last_template_key),
    })
}

fn member_at(ctx: &Ctx<'_>, obj: NodeId, i: Option<usize>) -> Option<Member> {
    ctx.doc.members(obj).get(i?).cloned()
}

/// `CollectionTemplateFactory.Create` after the text was read.
pub(crate) fn load_collection(ctx: &Ctx<'_>, root: NodeId) -> Collected {
    let doc = ctx.doc;
    let mut out = Collected {
        mapping: FhirMapping::default(),
        diagnostics: Vec::new(),
    };
    if !matches!(doc.value(root), Value::Object(_)) {
        let (line, position) = ctx.value_pos(root).unwrap_or((0, 0));
        out.diagnostics.push(
            Diagnostic::error(
                Code::FhirSyntax,
                Source::FhirMapping,
                format!(
                    "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}. Path '', line {line}, position {position}.",
                    token_name(doc.value(root))
                ),
            )
            .at(ctx.span(root), Some(String::new()))
            .with_help("a FHIR mapping is an object: { \"templateType\": \"CollectionFhir\", \"template\": [ … ] }"),
        );
        return out;
    }
    let container = match read_container(ctx, root, "") {
        Ok(c) => c,
        Err((message, at)) => {
            out.diagnostics.push(
                Diagnostic::error(Code::FhirSyntax, Source::FhirMapping, message)
                    .at(ctx.span(at), Some(doc.pointer(at))),
            );
            return out;
        }
    };
    if !match_template_name(container.template_type.as_deref(), ROOT_TYPE) {
        let actual = container.template_type.as_deref().unwrap_or("Not Found");
        let (span, pointer) = match member_at(ctx, root, container.type_member) {
            Some(m) => (ctx.member_span(&m), doc.pointer(m.value)),
            None => (ctx.span(root), String::new()),
        };
        let mut d = Diagnostic::error(
            Code::FhirRootType,
            Source::FhirMapping,
            format!("Expected TemplateType value {ROOT_TYPE}, actual {actual}."),
        )
        .at(span, Some(pointer))
        .with_reference_position(container.type_line_info)
        .with_help("a FHIR mapping starts with { \"templateType\": \"CollectionFhir\", \"template\": [ … ] }");
        if match_template_name(container.template_type.as_deref(), INNER_TYPE) {
            d = d.with_help("this is a single CodeValueFhir template: wrap it as { \"templateType\": \"CollectionFhir\", \"template\": [ <it> ] }");
        }
        out.diagnostics.push(d);
        return out;
    }
    let array = match container.template {
        Some(id) if matches!(doc.value(id), Value::Array(_)) => id,
        _ => {
            let (span, pointer) = match member_at(ctx, root, container.template_member) {
                Some(m) => (ctx.member_span(&m), doc.pointer(m.value)),
                None => (ctx.span(root), String::new()),
            };
            out.diagnostics.push(
                Diagnostic::error(
                    Code::FhirTemplateArray,
                    Source::FhirMapping,
                    format!("Expected an array for the template property value for template type {ROOT_TYPE}."),
                )
                .at(span, Some(pointer))
                .with_reference_position(container.template_line_info)
                .with_help("\"template\" is an array of { \"templateType\": \"CodeValueFhir\", \"template\": { … } }"),
            );
            return out;
        }
    };
    let array_path = container
        .template_member
        .and_then(|i| doc.members(root).get(i))
        .map(|m| path_property("", &m.name))
        .unwrap_or_else(|| "template".into());
    for (index, &element) in doc.elements(array).iter().enumerate() {
        if !load_element(
            ctx,
            index,
            element,
            &path_index(&array_path, index),
            &mut out,
        ) {
            // The reference loader threw: nothing of the mapping is built.
            out.mapping.templates.clear();
            break;
        }
    }
    out
}

/// Loads one element; `false` when the reference loader would throw.
fn load_element(
    ctx: &Ctx<'_>,
    index: usize,
    element: NodeId,
    path: &str,
    out: &mut Collected,
) -> bool {
    let doc = ctx.doc;
    let crash = |message: String, cause: String, at: NodeId| {
        Diagnostic::error(Code::FhirLoadCrash, Source::FhirMapping, message)
            .at(ctx.span(at), Some(doc.pointer(at)))
            .with_reference_position(ctx.value_pos(at))
            .with_cause(cause)
    };
    match doc.value(element) {
        Value::Object(_) => {}
        Value::Null => {
            out.diagnostics.push(
                crash(
                    format!("template[{index}] is null: the service's loader throws an ArgumentNullException and the whole FHIR mapping fails to load."),
                    "System.ArgumentNullException: Value cannot be null. (Parameter 'jsonTemplate')".into(),
                    element,
                )
                .with_help("remove the null element"),
            );
            return false;
        }
        other => {
            let text = format!(
                "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}",
                token_name(other)
            );
            let cause = format_message(&text, path, ctx.value_pos(element));
            out.diagnostics.push(
                crash(
                    format!("template[{index}] is not an object: the service's loader throws a JsonReaderException and the whole FHIR mapping fails to load."),
                    format!("Newtonsoft.Json.JsonReaderException: {cause}"),
                    element,
                )
                .with_help("each element is { \"templateType\": \"CodeValueFhir\", \"template\": { … } }"),
            );
            return false;
        }
    }
    let container = match read_container(ctx, element, path) {
        Ok(c) => c,
        Err((message, at)) => {
            out.diagnostics.push(crash(
                format!("template[{index}] cannot be read: the service's loader throws a JsonReaderException and the whole FHIR mapping fails to load."),
                format!("Newtonsoft.Json.JsonReaderException: {message}"),
                at,
            ));
            return false;
        }
    };
    let (type_span, type_pointer) = match member_at(ctx, element, container.type_member) {
        Some(m) => (ctx.member_span(&m), doc.pointer(m.value)),
        None => (ctx.span(element), doc.pointer(element)),
    };
    if !match_template_name(container.template_type.as_deref(), INNER_TYPE) {
        let actual = container.template_type.as_deref().unwrap_or("");
        out.diagnostics.push(
            Diagnostic::error(
                Code::FhirTemplateType,
                Source::FhirMapping,
                format!("Expected TemplateType value {INNER_TYPE}, actual {actual}."),
            )
            .at(type_span, Some(type_pointer))
            .with_reference_position(container.type_line_info)
            .with_help("the only FHIR template type is \"CodeValueFhir\""),
        );
        return true;
    }
    let body = match container.template {
        Some(id) if matches!(doc.value(id), Value::Object(_)) => id,
        _ => {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::FhirTemplateNotObject,
                    Source::FhirMapping,
                    format!("Expected an object for the template property value for template type {INNER_TYPE}."),
                )
                .at(
                    container.template.and_then(|t| ctx.span(t)).or(type_span),
                    Some(container.template.map(|t| doc.pointer(t)).unwrap_or(type_pointer)),
                )
                .with_reference_position(container.type_line_info)
                .with_help("\"template\" holds the CodeValueFhir body: { \"typeName\": …, \"codes\": [ … ], … }"),
            );
            return true;
        }
    };
    let (template, errors) = read_body(ctx, body, index);
    let failed = errors.iter().any(|e| !e.info);
    out.diagnostics
        .extend(errors.into_iter().map(|e| e.into_diagnostic()));
    if failed {
        return true;
    }
    let Some(template) = template else {
        return true;
    };
    let register_error = |code: Code, text: String, help: &str| {
        Diagnostic::error(code, Source::FhirMapping, text)
            .at(
                template.type_name_location.span,
                Some(template.type_name_location.pointer.clone()),
            )
            .with_reference_position(template.type_name_location.line_info)
            .with_help(help.to_string())
    };
    if template.type_name.trim().is_empty() {
        out.diagnostics.push(register_error(
            Code::FhirEmptyTypeName,
            format!("Empty type name is not allowed: '{}'", template.type_name),
            "typeName must name the measurement type (the device template's typeName)",
        ));
        return true;
    }
    if let Some(first) = out.mapping.find(&template.type_name) {
        let help = format!(
            "typeName is compared ignoring case: template[{}] already maps {:?}",
            first.index, first.type_name
        );
        out.diagnostics.push(register_error(
            Code::FhirDuplicateTypeName,
            format!(
                "Duplicate template defined for type name: '{}'",
                template.type_name
            ),
            &help,
        ));
        return true;
    }
    out.mapping.templates.push(template);
    true
}
