//! Which document an expression sees (device-mapping.md §4, §2; peers.md (c) 2): in the
//! service every template sees the envelope `{Body, Properties, SystemProperties}`;
//! CalculatedContent evaluates its fields on the envelope plus `matchedToken`, legacy templates
//! (JsonPathContent, IotJsonPathContent, IotCentralJsonPathContent) on the matched token only.
//! Mixing the two silently breaks. Also: IotJsonPathContent must match the envelope root, and
//! identity resolution Create needs a patient id.

use super::{fields, on_expression, on_template, template_label};
use crate::device_mapping::model::{ContentTemplate, Expression, Language, TemplateKind};
use crate::diagnostic::{Code, Diagnostic, Severity};

/// Top-level members of the envelope the service builds for every event.
const ENVELOPE: [&str; 3] = ["Body", "Properties", "SystemProperties"];

/// The static scope lints of one template.
pub fn lint_template(template: &ContentTemplate, out: &mut Vec<Diagnostic>) {
    let label = template_label(template);
    let calculated = template.kind == TemplateKind::Calculated;
    for field in fields(template) {
        let e = field.expression;
        let type_match = field.name == "TypeMatchExpression";
        if !calculated && e.text.contains("matchedToken") {
            out.push(on_expression(
                Severity::Warning,
                Code::LintScopeLegacy,
                e,
                format!("[{}] of {label}: {} reads 'matchedToken', which exists only in CalculatedContent; in {} templates '$' is the matched token itself.", field.name, e.text, template.kind.type_name()),
                format!("drop 'matchedToken' ({}), or make the template a CalculatedContent", e.text.replacen("matchedToken.", "", 1)),
            ));
            continue;
        }
        let Some(first) = first_step(e) else { continue };
        if (calculated || type_match)
            && !ENVELOPE.contains(&first.as_str())
            && first != "matchedToken"
        {
            let (code, message, help) = if calculated && !type_match {
                (
                    Code::LintScopeMatchedToken,
                    format!("[{}] of {label}: {} starts at '{first}', but in the service CalculatedContent expressions see the envelope {{Body, Properties, SystemProperties}} plus matchedToken; it resolves only when a raw test message (portal debugger, --envelope raw) has '{first}' at its root.", field.name, e.text),
                    format!("read it from the matched token ({}) or from the body ({})", prefixed(e, "matchedToken"), prefixed(e, "Body")),
                )
            } else {
                (
                    if calculated { Code::LintScopeMatchedToken } else { Code::LintScopeLegacy },
                    format!("[{}] of {label}: {} starts at '{first}', but the service evaluates the type match on the envelope {{Body, Properties, SystemProperties}}; it matches only raw test messages (portal debugger, --envelope raw).", field.name, e.text),
                    format!("select from the body: {}, or use a scan such as $..[?(@{first})]", prefixed(e, "Body")),
                )
            };
            out.push(on_expression(Severity::Warning, code, e, message, help));
        }
    }
    if template.kind == TemplateKind::IotJsonPath {
        if let Some(e) = &template.type_match {
            let envelope_test = [
                "@Body",
                "@.Body",
                "@['Body']",
                "@Properties",
                "@.Properties",
                "@SystemProperties",
                "@.SystemProperties",
            ]
            .iter()
            .any(|p| e.text.contains(p));
            if !envelope_test && e.text.trim() != "$" {
                out.push(on_expression(
                    Severity::Warning,
                    Code::LintIotTypeMatch,
                    e,
                    format!("[TypeMatchExpression] of {label}: {} does not test the envelope; IotJsonPathContent reads its device id ($.SystemProperties.iothub-connection-device-id) and timestamp relative to the matched token, so the match must be the envelope root or every message fails with 'Unable to extract required value for [DeviceIdExpression]'.", e.text),
                    "test members through Body, e.g. $..[?(@Body.heartRate)], and read values as $.Body.heartRate".to_string(),
                ));
            }
        }
    }
    if template.patient_id.is_none() {
        out.push(on_template(
            Severity::Info,
            Code::LintPatientIdMissing,
            template,
            format!("{label} has no patientIdExpression: with identity resolution 'Create' the service cannot create the Patient and drops every measurement of this type (ResourceIdentityNotDefinedException, PatientIdentityNotDefined)."),
            "add \"patientIdExpression\", or use identity resolution 'Lookup' with Devices that reference their Patient".to_string(),
        ));
    }
}

/// The first member name of a path (`$.a[*].b` → `a`, `$['a']` → `a`; JMESPath `a[?b]` → `a`),
/// or `None` when the expression does not start with a member (`$..`, `@`, a function…).
pub(crate) fn first_step(e: &Expression) -> Option<String> {
    let text = e.text.trim();
    let rest = match e.language {
        Language::JsonPath => {
            if let Some(r) = text
                .strip_prefix("$['")
                .or_else(|| text.strip_prefix("$.['"))
            {
                return r.find('\'').map(|end| r[..end].to_string());
            }
            text.strip_prefix("$.")?
        }
        Language::JmesPath => {
            if let Some(r) = text.strip_prefix('"') {
                return r.find('"').map(|end| r[..end].to_string());
            }
            text
        }
    };
    let end = rest
        .find(['.', '[', ' ', '|', '(', ')'])
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let function_call = rest[end..].starts_with('(');
    let plain = !name.is_empty()
        && !name.contains([
            '*', '?', '@', '`', '\'', '"', '&', '!', '=', '<', '>', '{', ',',
        ])
        && !function_call
        && (e.language != Language::JmesPath
            || name.starts_with(|c: char| c.is_alphabetic() || c == '_'));
    plain.then(|| name.to_string())
}

/// The expression with `prefix` inserted before its path.
fn prefixed(e: &Expression, prefix: &str) -> String {
    let text = e.text.trim();
    match e.language {
        Language::JsonPath => match text.strip_prefix("$.") {
            Some(rest) => format!("$.{prefix}.{rest}"),
            None => format!("$.{prefix}{}", text.trim_start_matches('$')),
        },
        Language::JmesPath => format!("{prefix}.{text}"),
    }
}
