//! Building one content template from its inner `template` object, as the four factories do
//! (device-mapping.md §3.2–§3.4, §4): `ToValidTemplate` (every deserialization problem is one
//! error), then the kind's own construction — the JsonPath adapter, or for CalculatedContent
//! the language defaulting and the evaluator creation that compiles JMESPath and throws on
//! blank expressions and a missing `values`.

use medtech_json::NodeId;

use super::expressions::{check_jmespath, check_jsonpath};
use super::members::{
    camel, Field, ModelClass, CALCULATED_TEMPLATE, IOT_CENTRAL_TEMPLATE, IOT_JSON_PATH_TEMPLATE,
    JSON_PATH_TEMPLATE,
};
use super::model::{ContentTemplate, Expression, Language, Location, TemplateKind, ValueTemplate};
use super::populate::{populate, Ctx, ExprRead, Fields, Mode, Note, Read, Sink, ValueRead};
use crate::diagnostic::{Code, Diagnostic, MedTechError, Source};

/// What building one template gave.
pub(crate) enum Built {
    /// The template the reference builds.
    Template(Box<ContentTemplate>),
    /// Template errors (the reference collects them and goes on with the next element).
    Errors(Vec<Diagnostic>),
    /// An exception that escapes the loader: the whole load fails.
    Crash(Box<Diagnostic>),
}

/// The model class `ToValidTemplate` deserializes for a kind.
pub(crate) fn model_class(kind: TemplateKind) -> &'static ModelClass {
    match kind {
        TemplateKind::JsonPath => &JSON_PATH_TEMPLATE,
        TemplateKind::IotJsonPath => &IOT_JSON_PATH_TEMPLATE,
        TemplateKind::IotCentralJsonPath => &IOT_CENTRAL_TEMPLATE,
        TemplateKind::Calculated => &CALCULATED_TEMPLATE,
    }
}

/// Builds the template of `kind` from the object `obj`; non-error findings go to `findings`.
pub(crate) fn build_template(
    ctx: &Ctx<'_>,
    kind: TemplateKind,
    index: usize,
    obj: NodeId,
    findings: &mut Vec<Diagnostic>,
) -> Built {
    let mut sink = Sink::default();
    let fields = match populate(ctx, model_class(kind), obj, "", Mode::Strict, &mut sink) {
        Ok(fields) => fields,
        Err(e) => return Built::Errors(vec![e.into_template_diagnostic()]),
    };
    for note in &sink.notes {
        findings.push(note_diagnostic(ctx, kind, *note));
    }
    if !sink.errors.is_empty() {
        return Built::Errors(
            sink.errors
                .into_iter()
                .map(|e| e.into_template_diagnostic())
                .collect(),
        );
    }
    let location = Location {
        span: ctx.doc.span(obj),
        pointer: ctx.doc.pointer(obj),
        line_info: ctx.value_pos(obj),
    };
    let type_name = fields.text(Field::TypeName).unwrap_or_default().to_string();
    let built = match kind {
        TemplateKind::Calculated => build_calculated(ctx, &fields, obj, findings),
        _ => build_legacy(ctx, kind, &fields, obj, findings),
    };
    match built {
        Ok(parts) => Built::Template(Box::new(ContentTemplate {
            index,
            kind,
            type_name,
            type_match: parts.type_match,
            device_id: parts.device_id,
            timestamp: parts.timestamp,
            patient_id: parts.patient_id,
            encounter_id: parts.encounter_id,
            correlation_id: parts.correlation_id,
            values: parts.values,
            default_language: parts.default_language,
            location,
        })),
        Err(b) => b,
    }
}

#[derive(Default)]
struct Parts {
    type_match: Option<Expression>,
    device_id: Option<Expression>,
    timestamp: Option<Expression>,
    patient_id: Option<Expression>,
    encounter_id: Option<Expression>,
    correlation_id: Option<Expression>,
    values: Vec<ValueTemplate>,
    default_language: Option<Language>,
}

/// .NET `string.IsNullOrWhiteSpace`.
fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// The `values` list as read (`None` when absent or null).
fn values_of(fields: &Fields) -> Option<&Vec<Option<ValueRead>>> {
    match fields.values.get(&Field::Values) {
        Some(Read::Values(Some(v))) => Some(v),
        _ => None,
    }
}

/// JsonPathContent, IotJsonPathContent, IotCentralJsonPathContent: the adapter turns every
/// non-blank string into a JsonPath expression (blank → absent); a `null` element of `values`
/// makes it throw.
fn build_legacy(
    ctx: &Ctx<'_>,
    kind: TemplateKind,
    fields: &Fields,
    obj: NodeId,
    findings: &mut Vec<Diagnostic>,
) -> Result<Parts, Built> {
    let expr = |field: Field, findings: &mut Vec<Diagnostic>| -> Option<Expression> {
        let Some(Read::Text(Some(text), node)) = fields.values.get(&field) else {
            return None;
        };
        if is_blank(text) {
            return None;
        }
        let line_info = fields
            .members
            .get(&field)
            .and_then(|i| ctx.member_pos(obj, *i));
        let e = legacy_expression(ctx, text, *node, line_info);
        jsonpath_warning(&e, findings);
        Some(e)
    };
    let iot = matches!(
        kind,
        TemplateKind::IotJsonPath | TemplateKind::IotCentralJsonPath
    );
    let mut parts = Parts {
        type_match: expr(Field::TypeMatch, findings),
        device_id: if iot {
            None
        } else {
            expr(Field::DeviceId, findings)
        },
        patient_id: expr(Field::PatientId, findings),
        encounter_id: expr(Field::EncounterId, findings),
        timestamp: if iot {
            None
        } else {
            expr(Field::Timestamp, findings)
        },
        correlation_id: expr(Field::Correlation, findings),
        ..Parts::default()
    };
    if let Some(values) = values_of(fields) {
        for (k, value) in values.iter().enumerate() {
            let Some(value) = value else {
                return Err(Built::Crash(Box::new(null_value_crash(ctx, obj, k, kind))));
            };
            let name = value.fields.text(Field::ValueName).unwrap_or_default();
            let (text, node) = match value.fields.values.get(&Field::ValueExpression) {
                Some(Read::Text(Some(t), node)) => (t.as_str(), *node),
                _ => ("", value.node),
            };
            let line_info = value
                .fields
                .members
                .get(&Field::ValueExpression)
                .and_then(|_| {
                    // The adapter gives value expressions the line info of the values element.
                    ctx.value_pos(value.node)
                });
            let expression = legacy_expression(ctx, text, node, line_info);
            if !is_blank(text) {
                jsonpath_warning(&expression, findings);
            }
            parts.values.push(ValueTemplate {
                name: name.to_string(),
                expression,
                required: required_of(&value.fields),
                location: node_location(ctx, value.node),
            });
        }
    }
    Ok(parts)
}

fn legacy_expression(
    ctx: &Ctx<'_>,
    text: &str,
    node: NodeId,
    line_info: Option<(u32, u32)>,
) -> Expression {
    Expression {
        text: text.to_string(),
        language: Language::JsonPath,
        explicit_language: false,
        location: Location {
            span: ctx.doc.span(node),
            pointer: ctx.doc.pointer(node),
            line_info,
        },
        value_line_info: line_info,
    }
}

fn node_location(ctx: &Ctx<'_>, node: NodeId) -> Location {
    Location {
        span: ctx.doc.span(node),
        pointer: ctx.doc.pointer(node),
        line_info: ctx.value_pos(node),
    }
}

fn required_of(fields: &Fields) -> bool {
    matches!(fields.values.get(&Field::Required), Some(Read::Bool(true)))
}

/// CalculatedContent: `EnsureExpressionLanguageIsSet`, then `CreateExpressionEvaluatorFactory`
/// in its order (type match, device id, patient, encounter, timestamp, correlation, values).
fn build_calculated(
    ctx: &Ctx<'_>,
    fields: &Fields,
    obj: NodeId,
    findings: &mut Vec<Diagnostic>,
) -> Result<Parts, Built> {
    let default_language = match fields.values.get(&Field::DefaultLanguage) {
        Some(Read::Lang(Some(v))) => *v,
        _ => 0,
    };
    // EnsureExpressionLanguageIsSet walks the values first: a null element throws.
    if let Some(values) = values_of(fields) {
        if let Some(k) = values.iter().position(Option::is_none) {
            return Err(Built::Crash(Box::new(null_value_crash(
                ctx,
                obj,
                k,
                TemplateKind::Calculated,
            ))));
        }
    }
    let mut parts = Parts {
        default_language: match fields.values.get(&Field::DefaultLanguage) {
            Some(Read::Lang(Some(0))) => Some(Language::JsonPath),
            Some(Read::Lang(Some(1))) => Some(Language::JmesPath),
            _ => None,
        },
        ..Parts::default()
    };
    let members = [
        (Field::TypeMatch, "TypeMatchExpression"),
        (Field::DeviceId, "DeviceIdExpression"),
        (Field::PatientId, "PatientIdExpression"),
        (Field::EncounterId, "EncounterIdExpression"),
        (Field::Timestamp, "TimestampExpression"),
        (Field::Correlation, "CorrelationIdExpression"),
    ];
    for (field, name) in members {
        let Some(read) = fields.expr(field) else {
            continue;
        };
        let e = create_evaluator(ctx, read, default_language, &camel(name), findings)?;
        match field {
            Field::TypeMatch => parts.type_match = Some(e),
            Field::DeviceId => parts.device_id = Some(e),
            Field::PatientId => parts.patient_id = Some(e),
            Field::EncounterId => parts.encounter_id = Some(e),
            Field::Timestamp => parts.timestamp = Some(e),
            _ => parts.correlation_id = Some(e),
        }
    }
    let Some(values) = values_of(fields) else {
        return Err(Built::Crash(Box::new(
            Diagnostic::error(
                Code::MappingLoadCrash,
                Source::DeviceMapping,
                "This CalculatedContent template has no \"values\" array: the service's loader throws a NullReferenceException (\"Object reference not set to an instance of an object.\") and the whole device mapping fails to load.",
            )
            .at(ctx.span(obj), ctx.doc.pointer(obj))
            .with_reference_position(ctx.value_pos(obj))
            .with_cause("System.NullReferenceException: Object reference not set to an instance of an object.")
            .with_help("add \"values\": [] (CalculatedContent requires the array, even empty)"),
        )));
    };
    for value in values.iter().flatten() {
        let name = value.fields.text(Field::ValueName).unwrap_or_default();
        let Some(read) = value.fields.expr(Field::ValueExpression) else {
            continue;
        };
        let expression =
            create_evaluator(ctx, read, default_language, "valueExpression", findings)?;
        parts.values.push(ValueTemplate {
            name: name.to_string(),
            expression,
            required: required_of(&value.fields),
            location: node_location(ctx, value.node),
        });
    }
    Ok(parts)
}

/// `TemplateExpressionEvaluatorFactory.Create` for one expression.
fn create_evaluator(
    ctx: &Ctx<'_>,
    read: &ExprRead,
    default_language: i32,
    member: &str,
    findings: &mut Vec<Diagnostic>,
) -> Result<Expression, Built> {
    let location = Location {
        span: ctx.doc.span(read.node),
        pointer: ctx.doc.pointer(read.node),
        line_info: ctx.value_pos(read.node).or(read.value_line_info),
    };
    if is_blank(&read.text) {
        return Err(Built::Crash(Box::new(
            Diagnostic::error(
                Code::MappingLoadCrash,
                Source::DeviceMapping,
                format!("The expression \"{member}\" is empty or white space: the service's loader throws an ArgumentException while creating its evaluator and the whole device mapping fails to load."),
            )
            .at(ctx.span(read.node), ctx.doc.pointer(read.node))
            .with_reference_position(read.value_line_info)
            .with_cause("System.ArgumentException: the expression value is empty or white space (EnsureArg.IsNotNullOrWhiteSpace)")
            .with_help(format!("write an expression for \"{member}\", or remove the member if it is optional")),
        )));
    }
    let explicit = read.language.is_some();
    let language = read.language.unwrap_or(default_language);
    let language = match language {
        0 => Language::JsonPath,
        1 => Language::JmesPath,
        other => {
            return Err(Built::Errors(vec![Diagnostic::error(
                Code::TemplateBadValue,
                Source::DeviceMapping,
                format!("Unsupported Expression Language: {other}"),
            )
            .with_medtech_error(Some(MedTechError::TemplateExpressionException))
            .at(ctx.span(read.node), ctx.doc.pointer(read.node))
            .with_reference_position(read.value_line_info)
            .with_help("the language is \"JsonPath\" (0) or \"JmesPath\" (1)")]));
        }
    };
    let expression = Expression {
        text: read.text.clone(),
        language,
        explicit_language: explicit,
        location,
        value_line_info: read.value_line_info,
    };
    match language {
        Language::JmesPath => {
            if let Err(cause) = check_jmespath(&read.text) {
                let span = read.text_span.or_else(|| ctx.span(read.node));
                return Err(Built::Errors(vec![Diagnostic::error(
                    Code::ExpressionJmesPathSyntax,
                    Source::DeviceMapping,
                    format!(
                        "The following JmesPath expression could not be parsed: {}. Cause: {cause}",
                        read.text
                    ),
                )
                .at(span, ctx.doc.pointer(read.node))
                .with_reference_position(read.value_line_info)
                .with_cause(cause)
                .with_help("JMESPath expressions are compiled when the mapping loads; the first one that fails rejects the template")]));
            }
        }
        Language::JsonPath => jsonpath_warning(&expression, findings),
    }
    Ok(expression)
}

/// A warning for a JSONPath expression that will fail on every message.
fn jsonpath_warning(expression: &Expression, findings: &mut Vec<Diagnostic>) {
    if let Err(cause) = check_jsonpath(&expression.text) {
        let span = Some(expression.location.span);
        findings.push(
            Diagnostic::warning(
                Code::ExpressionJsonPathSyntax,
                Source::DeviceMapping,
                format!(
                    "The JSONPath expression {} does not parse: {cause}",
                    expression.text
                ),
            )
            .at(span, expression.location.pointer.clone())
            .with_cause(cause)
            .with_help("the service accepts the mapping (JSONPath is parsed lazily) but fails every message this expression is evaluated on"),
        );
    }
}

fn null_value_crash(ctx: &Ctx<'_>, obj: NodeId, k: usize, kind: TemplateKind) -> Diagnostic {
    let values = ctx
        .doc
        .get_ignore_case(obj, "values")
        .map(|m| m.value)
        .unwrap_or(obj);
    let element = ctx.doc.elements(values).get(k).copied().unwrap_or(values);
    Diagnostic::error(
        Code::MappingLoadCrash,
        Source::DeviceMapping,
        format!(
            "values[{k}] is null: the service's {} loader throws a NullReferenceException and the whole device mapping fails to load.",
            kind.type_name()
        ),
    )
    .at(ctx.span(element), ctx.doc.pointer(element))
    .with_reference_position(ctx.value_pos(element))
    .with_cause("System.NullReferenceException: Object reference not set to an instance of an object.")
    .with_help("remove the null element or write a { valueName, valueExpression } object")
}

/// Info findings for members the service accepts but does not use.
fn note_diagnostic(ctx: &Ctx<'_>, kind: TemplateKind, note: Note) -> Diagnostic {
    match note {
        Note::RequiredString(obj, index) => {
            let text = ctx
                .doc
                .members(obj)
                .get(index)
                .map(|m| ctx.doc.value(m.value))
                .and_then(|v| match v {
                    medtech_json::Value::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .unwrap_or_default();
            Diagnostic::info(
                Code::TemplateRequiredString,
                Source::DeviceMapping,
                format!("\"required\" is the string \"{text}\"; the service reads it as a boolean"),
            )
            .at(ctx.member_span(obj, index), ctx.member_pointer(obj, index))
            .with_help("a JSON boolean (true / false) says the same thing")
        }
        Note::Ignored(obj, index) => {
            let name = ctx
                .doc
                .members(obj)
                .get(index)
                .map(|m| m.name.to_string())
                .unwrap_or_default();
            let lower = name.to_ascii_lowercase();
            let message = if lower.contains("deviceid") || lower.contains("timestamp") {
                let fixed = match (kind, lower.contains("deviceid")) {
                    (TemplateKind::IotJsonPath, true) => {
                        "$.SystemProperties.iothub-connection-device-id"
                    }
                    (TemplateKind::IotJsonPath, false) => {
                        "$.Properties.iothub-creation-time-utc (then $.SystemProperties.iothub-enqueuedtime)"
                    }
                    (_, true) => "$.deviceId",
                    (_, false) => "$.enqueuedTime",
                };
                format!(
                    "\"{name}\" is ignored by {}: the service always uses {fixed}",
                    kind.type_name()
                )
            } else {
                format!("\"{name}\" is accepted and ignored by the service")
            };
            Diagnostic::info(Code::TemplateIgnoredMember, Source::DeviceMapping, message)
                .at(ctx.member_span(obj, index), ctx.member_pointer(obj, index))
                .with_help(match kind {
                    TemplateKind::IotJsonPath | TemplateKind::IotCentralJsonPath => {
                        "use CalculatedContent to choose your own device id and timestamp expressions"
                    }
                    _ => "remove it; it has no effect",
                })
        }
    }
}
