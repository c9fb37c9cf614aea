//! The root `CollectionContent` container and the dispatch of its inner containers
//! (device-mapping.md §3.1, §3.2): root problems are the only error; each element is offered
//! to the four factories in registration order; per-element errors are collected and loading
//! goes on; some inputs make the reference loader throw, which ends the load.

use medtech_json::{Document, NodeId, Value};

use super::build::{build_template, Built};
use super::members::{Field, TEMPLATE_CONTAINER};
use super::model::{DeviceMapping, TemplateKind};
use super::netconv::{self, format_message, ExceptionKind};
use super::populate::{last_member_ignore_case, populate, Ctx, Mode, NsError, Sink};
use crate::diagnostic::{Code, Diagnostic, Source};

/// The root type name the collection factory expects.
const COLLECTION_TYPE: &str = "CollectionContentTemplate";

/// The factories in registration order: the name each one matches and the kind it builds.
const FACTORIES: [(&str, TemplateKind); 4] = [
    ("JsonPathContentTemplate", TemplateKind::JsonPath),
    ("IotJsonPathContentTemplate", TemplateKind::IotJsonPath),
    (
        "IotCentralJsonPathContent",
        TemplateKind::IotCentralJsonPath,
    ),
    ("CalculatedContent", TemplateKind::Calculated),
];

/// `TemplateContainer.MatchTemplateName`: the value, or the value + `Template`, equals the
/// expected name ignoring case.
pub(crate) fn match_template_name(value: Option<&str>, expected: &str) -> bool {
    let Some(value) = value else {
        return false;
    };
    medtech_json::document::eq_ignore_case(expected, value)
        || medtech_json::document::eq_ignore_case(expected, &format!("{value}Template"))
}

/// The result of loading a collection document.
pub(crate) struct Collected {
    pub mapping: DeviceMapping,
    pub diagnostics: Vec<Diagnostic>,
}

/// A read `TemplateContainer`.
struct Container {
    template_type: Option<String>,
    /// `GetValue("template", InvariantCultureIgnoreCase)`: the exact name, else the first
    /// case-insensitive match.
    template: Option<NodeId>,
    /// `GetLineInfoForProperty("Template")`: the last case-insensitive `template` member, else
    /// the container's `{`.
    template_line_info: Option<(u32, u32)>,
    template_member: Option<usize>,
}

/// Reads a container object (`TemplateContainerJsonConverter`: a default serializer without
/// error handler; unknown keys ignored).
fn read_container(ctx: &Ctx<'_>, obj: NodeId) -> Result<Container, Box<NsError>> {
    let mut sink = Sink::default();
    let fields = populate(ctx, &TEMPLATE_CONTAINER, obj, "", Mode::Lenient, &mut sink)?;
    let template = ctx.doc.get_ignore_case(obj, "template").map(|m| m.value);
    let template_member = last_member_ignore_case(ctx.doc, obj, "template");
    let template_line_info = match template_member {
        Some(i) => ctx.member_pos(obj, i),
        None => ctx.value_pos(obj),
    };
    Ok(Container {
        template_type: fields.text(Field::TemplateType).map(str::to_string),
        template,
        template_line_info,
        template_member,
    })
}

/// `CollectionTemplateFactory.Create` after the text was read into `doc` with root `root`.
pub(crate) fn load_collection(ctx: &Ctx<'_>, root: NodeId) -> Collected {
    let mut out = Collected {
        mapping: DeviceMapping::default(),
        diagnostics: Vec::new(),
    };
    let doc = ctx.doc;
    if !matches!(doc.value(root), Value::Object(_)) {
        out.diagnostics.push(root_not_object(ctx, root));
        return out;
    }
    let container = match read_container(ctx, root) {
        Ok(c) => c,
        Err(e) => {
            // Root exceptions become an error with the full Newtonsoft text and no line info.
            out.diagnostics.push(
                Diagnostic::error(Code::MappingSyntax, Source::DeviceMapping, e.full_message())
                    .at(e.span, e.pointer),
            );
            return out;
        }
    };
    if !match_template_name(container.template_type.as_deref(), COLLECTION_TYPE) {
        let actual = container.template_type.as_deref().unwrap_or("Not Found");
        let member = last_member_ignore_case(doc, root, "templateType");
        let (span, pointer, position) = match member {
            Some(i) => (
                ctx.member_span(root, i),
                ctx.member_pointer(root, i),
                ctx.member_pos(root, i),
            ),
            None => (ctx.span(root), doc.pointer(root), ctx.value_pos(root)),
        };
        out.diagnostics.push(
            Diagnostic::error(
                Code::MappingRootType,
                Source::DeviceMapping,
                format!("Expected TemplateType value {COLLECTION_TYPE}, actual {actual}."),
            )
            .at(span, pointer)
            .with_reference_position(position)
            .with_help("a device mapping starts with { \"templateType\": \"CollectionContent\", \"template\": [ … ] }"),
        );
        return out;
    }
    let array = match container.template {
        Some(id) if matches!(doc.value(id), Value::Array(_)) => id,
        _ => {
            let (span, pointer) = match container.template_member {
                Some(i) => (ctx.member_span(root, i), ctx.member_pointer(root, i)),
                None => (ctx.span(root), doc.pointer(root)),
            };
            out.diagnostics.push(
                Diagnostic::error(
                    Code::MappingTemplateArray,
                    Source::DeviceMapping,
                    format!("Expected an array for the template property value for template type {COLLECTION_TYPE}."),
                )
                .at(span, pointer)
                .with_reference_position(container.template_line_info)
                .with_help("\"template\" is an array of { \"templateType\": …, \"template\": { … } } objects"),
            );
            return out;
        }
    };
    for (index, element) in doc.elements(array).iter().enumerate() {
        match load_element(ctx, array, index, *element, &mut out) {
            ElementOutcome::Continue => {}
            ElementOutcome::Crashed => break,
        }
    }
    out
}

enum ElementOutcome {
    Continue,
    Crashed,
}

/// One element of the root array: `token.ToObject<TemplateContainer>()`, then the factory chain.
fn load_element(
    ctx: &Ctx<'_>,
    array: NodeId,
    index: usize,
    element: NodeId,
    out: &mut Collected,
) -> ElementOutcome {
    let doc = ctx.doc;
    let array_path = array_path(doc, array);
    let crash = |message: String, cause: String| {
        Diagnostic::error(Code::MappingLoadCrash, Source::DeviceMapping, message)
            .at(ctx.span(element), doc.pointer(element))
            .with_reference_position(ctx.value_pos(element))
            .with_cause(cause)
    };
    match doc.value(element) {
        Value::Object(_) => {}
        Value::Null => {
            out.diagnostics.push(
                crash(
                    format!("template[{index}] is null: the service's loader throws an ArgumentNullException and the whole device mapping fails to load."),
                    "System.ArgumentNullException: Value cannot be null. (Parameter 'jsonTemplate')".into(),
                )
                .with_help("remove the null element"),
            );
            return ElementOutcome::Crashed;
        }
        other => {
            let text = format!(
                "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}",
                netconv::token_name(other)
            );
            let cause = format_message(
                &text,
                &netconv::path_index(&array_path, index),
                ctx.value_pos(element),
            );
            out.diagnostics.push(
                crash(
                    format!("template[{index}] is not an object: the service's loader throws a JsonReaderException and the whole device mapping fails to load."),
                    format!("Newtonsoft.Json.JsonReaderException: {cause}"),
                )
                .with_help("each element is { \"templateType\": …, \"template\": { … } }"),
            );
            return ElementOutcome::Crashed;
        }
    }
    let container = match read_container(ctx, element) {
        Ok(c) => c,
        Err(e) => match e.kind {
            ExceptionKind::Serialization => {
                // Caught: the full message (with its Path part), no prefix.
                out.diagnostics.push(
                    Diagnostic::error(
                        Code::TemplateBadValue,
                        Source::DeviceMapping,
                        e.full_message(),
                    )
                    .at(e.span, e.pointer)
                    .with_reference_position(e.line_info),
                );
                return ElementOutcome::Continue;
            }
            ExceptionKind::Reader => {
                let cause = e.full_message();
                out.diagnostics.push(
                    Diagnostic::error(
                        Code::MappingLoadCrash,
                        Source::DeviceMapping,
                        format!("template[{index}] cannot be read as a template container: the service's loader throws a JsonReaderException and the whole device mapping fails to load."),
                    )
                    .at(e.span, e.pointer)
                    .with_cause(format!("Newtonsoft.Json.JsonReaderException: {cause}"))
                    .with_help("\"templateType\" is a string"),
                );
                return ElementOutcome::Crashed;
            }
        },
    };
    let Some(kind) = FACTORIES
        .iter()
        .find(|(name, _)| match_template_name(container.template_type.as_deref(), name))
        .map(|(_, kind)| *kind)
    else {
        let (span, pointer) = template_member_location(ctx, element, &container);
        out.diagnostics.push(
            Diagnostic::error(
                Code::TemplateUnknownType,
                Source::DeviceMapping,
                format!(
                    "No match found for template type {}.",
                    container.template_type.as_deref().unwrap_or("")
                ),
            )
            .at(span, pointer)
            .with_reference_position(container.template_line_info)
            .with_help(unknown_type_help(container.template_type.as_deref())),
        );
        return ElementOutcome::Continue;
    };
    let object = match container.template {
        Some(id) if matches!(doc.value(id), Value::Object(_)) => id,
        _ => {
            let (span, pointer) = template_member_location(ctx, element, &container);
            out.diagnostics.push(
                Diagnostic::error(
                    Code::TemplateNotObject,
                    Source::DeviceMapping,
                    format!(
                        "Expected an object for the template property value for template type {}.",
                        kind.message_name()
                    ),
                )
                .at(span, pointer)
                .with_reference_position(container.template_line_info)
                .with_help("\"template\" holds the template's members as an object"),
            );
            return ElementOutcome::Continue;
        }
    };
    let mut findings = Vec::new();
    let built = build_template(ctx, kind, index, object, &mut findings);
    out.diagnostics.extend(findings);
    match built {
        Built::Template(t) => {
            out.mapping.templates.push(*t);
            ElementOutcome::Continue
        }
        Built::Errors(errors) => {
            out.diagnostics.extend(errors);
            ElementOutcome::Continue
        }
        Built::Crash(d) => {
            out.diagnostics.push(*d);
            ElementOutcome::Crashed
        }
    }
}

/// Where the `template` member of a container stands (or the container).
fn template_member_location(
    ctx: &Ctx<'_>,
    element: NodeId,
    container: &Container,
) -> (Option<medtech_json::Span>, String) {
    match container.template_member {
        Some(i) => (ctx.member_span(element, i), ctx.member_pointer(element, i)),
        None => (ctx.span(element), ctx.doc.pointer(element)),
    }
}

/// The Newtonsoft path of the root `template` array (its property name as written).
fn array_path(doc: &Document, array: NodeId) -> String {
    match doc.node(array).parent {
        Some(parent) => {
            let slot = doc.node(array).slot as usize;
            doc.members(parent)
                .get(slot)
                .map(|m| netconv::path_property("", &m.name))
                .unwrap_or_default()
        }
        None => String::new(),
    }
}

/// The root is not an object: `JObject.Load` throws before anything else is read.
fn root_not_object(ctx: &Ctx<'_>, root: NodeId) -> Diagnostic {
    let token = netconv::token_name(ctx.doc.value(root));
    let text = format!(
        "Error reading JObject from JsonReader. Current JsonReader item is not an object: {token}"
    );
    Diagnostic::error(
        Code::MappingSyntax,
        Source::DeviceMapping,
        format_message(&text, "", ctx.value_pos(root)),
    )
    .at(ctx.span(root), ctx.doc.pointer(root))
    .with_help("a device mapping is an object: { \"templateType\": \"CollectionContent\", \"template\": [ … ] }")
}

/// Help for an unknown `templateType`.
fn unknown_type_help(value: Option<&str>) -> String {
    let Some(value) = value else {
        return "add \"templateType\": one of JsonPathContent, IotJsonPathContent, IotCentralJsonPathContent, CalculatedContent".into();
    };
    if medtech_json::document::eq_ignore_case(value, "CalculatedContentTemplate") {
        return "use \"CalculatedContent\": the service does not accept \"CalculatedContentTemplate\" although its docs use that name".into();
    }
    if medtech_json::document::eq_ignore_case(value, "IotCentralJsonPathContentTemplate") {
        return "use \"IotCentralJsonPathContent\": the service does not accept the \"…Template\" form for this type".into();
    }
    if match_template_name(Some(value), COLLECTION_TYPE) {
        return "CollectionContent is the root type; inner templates are JsonPathContent, IotJsonPathContent, IotCentralJsonPathContent or CalculatedContent".into();
    }
    "the accepted types are JsonPathContent, IotJsonPathContent, IotCentralJsonPathContent and CalculatedContent".into()
}

/// Loads a single inner container `{templateType, template}` as the per-type factory tests do
/// (device-mapping.md §9.2).
pub(crate) fn load_single(ctx: &Ctx<'_>, root: NodeId) -> Collected {
    let mut out = Collected {
        mapping: DeviceMapping::default(),
        diagnostics: Vec::new(),
    };
    if !matches!(ctx.doc.value(root), Value::Object(_)) {
        out.diagnostics.push(root_not_object(ctx, root));
        return out;
    }
    let _ = load_element(ctx, root, 0, root, &mut out);
    out
}
