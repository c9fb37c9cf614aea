//! The device-mapping model: a `CollectionContent` document loaded into templates
//! (device-mapping.md §3, §4). Only templates the reference would build are here; every problem
//! found while loading is a [`crate::Diagnostic`] next to it.

use medtech_json::Span;

/// The four content template kinds (device-mapping.md §3.2 table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// `JsonPathContent` — legacy extractor, expressions relative to the matched token.
    JsonPath,
    /// `IotJsonPathContent` — legacy extractor with fixed IoT Hub device id / timestamp.
    IotJsonPath,
    /// `IotCentralJsonPathContent` — legacy extractor with fixed `$.deviceId` / `$.enqueuedTime`.
    IotCentralJsonPath,
    /// `CalculatedContent` — JSONPath or JMESPath over the envelope plus `matchedToken`.
    Calculated,
}

impl TemplateKind {
    /// The canonical `templateType` spelling.
    pub fn type_name(self) -> &'static str {
        match self {
            TemplateKind::JsonPath => "JsonPathContent",
            TemplateKind::IotJsonPath => "IotJsonPathContent",
            TemplateKind::IotCentralJsonPath => "IotCentralJsonPathContent",
            TemplateKind::Calculated => "CalculatedContent",
        }
    }

    /// The name the reference uses in its messages (§3.2 table, last column).
    pub fn message_name(self) -> &'static str {
        match self {
            TemplateKind::JsonPath => "JsonPathContentTemplate",
            TemplateKind::IotJsonPath => "IotJsonPathContentTemplate",
            TemplateKind::IotCentralJsonPath => "IotCentralJsonPathContent",
            TemplateKind::Calculated => "CalculatedContent",
        }
    }
}

/// An expression language (CalculatedContent only has a choice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// JSONPath, Newtonsoft dialect (§6).
    JsonPath,
    /// JMESPath, JmesPath.Net (§7).
    JmesPath,
}

impl Language {
    /// `JsonPath` / `JmesPath`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::JsonPath => "JsonPath",
            Language::JmesPath => "JmesPath",
        }
    }
}

/// Where a template member stands in the mapping text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Location {
    /// Byte span of the value token (for an expression object, the object).
    pub span: Span,
    /// JSON Pointer into the mapping document.
    pub pointer: String,
    /// Newtonsoft's line info for this member (1-based line, position), as the reference
    /// prefixes its messages with `Line Number: L, Position: P. `.
    pub line_info: Option<(u32, u32)>,
}

/// One expression as written in the template.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    /// The expression text exactly as written.
    pub text: String,
    /// Its language after defaulting (§3.4: explicit, else `defaultExpressionLanguage`, else JsonPath).
    pub language: Language,
    /// True when `language` was written explicitly on the expression object.
    pub explicit_language: bool,
    /// Where it stands. `location.line_info` is the expression's own line info (for an
    /// expression object its `{`), which the reference puts on "Unable to extract required
    /// value …".
    pub location: Location,
    /// The line info of the expression's `value` (for a string, the string itself), which the
    /// reference puts on the inner "A null or empty value …" / "Encountered an error …".
    pub value_line_info: Option<(u32, u32)>,
}

/// A `values[]` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueTemplate {
    /// `valueName` (becomes the measurement property name).
    pub name: String,
    /// `valueExpression`.
    pub expression: Expression,
    /// `required` (default false; the strings `"true"`/`"false"` and numbers are accepted).
    pub required: bool,
    /// Where the `values[]` element stands.
    pub location: Location,
}

/// One content template that the reference would build.
#[derive(Clone, Debug, PartialEq)]
pub struct ContentTemplate {
    /// Position in the root `template` array.
    pub index: usize,
    /// Which kind.
    pub kind: TemplateKind,
    /// `typeName`, verbatim.
    pub type_name: String,
    /// `typeMatchExpression` (`None` or blank → "An expression must be set" at evaluation).
    pub type_match: Option<Expression>,
    /// `deviceIdExpression` (ignored and `None` for the IoT kinds; their fixed expressions are
    /// supplied by the evaluator).
    pub device_id: Option<Expression>,
    /// `timestampExpression` (likewise).
    pub timestamp: Option<Expression>,
    /// `patientIdExpression`.
    pub patient_id: Option<Expression>,
    /// `encounterIdExpression`.
    pub encounter_id: Option<Expression>,
    /// `correlationIdExpression`.
    pub correlation_id: Option<Expression>,
    /// `values` in array order (empty when absent).
    pub values: Vec<ValueTemplate>,
    /// `defaultExpressionLanguage` as written (CalculatedContent only).
    pub default_language: Option<Language>,
    /// Where the inner `template` object stands.
    pub location: Location,
}

/// A loaded device mapping: the templates the reference builds, in document order. A mapping
/// with any load error is rejected by the service as a whole; the valid templates are still
/// kept here (the reference's context holds them too) so they can be shown and traced.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DeviceMapping {
    /// The built templates, in document order.
    pub templates: Vec<ContentTemplate>,
}
