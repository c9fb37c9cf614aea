//! The FHIR destination mapping model (fhir-mapping.md §1): a `CollectionFhir` document loaded
//! into the `CodeValueFhir` templates the reference registers, with where each part stands.

use medtech_json::Span;

use super::decimal::Decimal;

/// The system of the coding and identifier the service adds (note the trailing slash).
pub const SERVICE_SYSTEM: &str = "https://azure.microsoft.com/en-us/services/iomt-fhir-connector/";

/// Where a template part stands in the mapping text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Location {
    /// Byte span of the value (for an object, the whole object); `None` for synthetic input.
    pub span: Option<Span>,
    /// JSON Pointer into the mapping document.
    pub pointer: String,
    /// Newtonsoft's line info (1-based line, position) as the reference reports it.
    pub line_info: Option<(u32, u32)>,
}

/// `periodInterval` (§1.5): how measurements are grouped into observations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PeriodInterval {
    /// `-1`: one observation per correlation id.
    CorrelationId,
    /// `0` (default): one observation per distinct timestamp.
    #[default]
    Single,
    /// `60`: UTC clock hours.
    Hourly,
    /// `1440`: UTC calendar days.
    Daily,
    /// Any other integer: accepted at load time, `NotSupportedException` at run time.
    Other(i32),
}

impl PeriodInterval {
    /// The enum from its integer value.
    pub fn from_value(value: i32) -> PeriodInterval {
        match value {
            -1 => PeriodInterval::CorrelationId,
            0 => PeriodInterval::Single,
            60 => PeriodInterval::Hourly,
            1440 => PeriodInterval::Daily,
            other => PeriodInterval::Other(other),
        }
    }

    /// The integer value.
    pub fn value(self) -> i32 {
        match self {
            PeriodInterval::CorrelationId => -1,
            PeriodInterval::Single => 0,
            PeriodInterval::Hourly => 60,
            PeriodInterval::Daily => 1440,
            PeriodInterval::Other(v) => v,
        }
    }

    /// .NET's `ToString()` of the enum value: the name, or the number when undefined.
    pub fn dotnet_name(self) -> String {
        match self {
            PeriodInterval::CorrelationId => "CorrelationId".into(),
            PeriodInterval::Single => "Single".into(),
            PeriodInterval::Hourly => "Hourly".into(),
            PeriodInterval::Daily => "Daily".into(),
            PeriodInterval::Other(v) => v.to_string(),
        }
    }

    /// True for the time windows that collect several timestamps (hourly, daily, correlation).
    pub fn collects_many(self) -> bool {
        matches!(
            self,
            PeriodInterval::Hourly | PeriodInterval::Daily | PeriodInterval::CorrelationId
        )
    }
}

/// A `{code, system, display}` entry (`FhirCode`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FhirCode {
    /// `code`.
    pub code: Option<String>,
    /// `system`.
    pub system: Option<String>,
    /// `display`.
    pub display: Option<String>,
}

/// A list as Newtonsoft builds it: `null` elements are kept (they fail later, at run time).
pub type CodeList = Vec<Option<FhirCode>>;

/// A `category` entry (`FhirCodeableConcept`: `text` and `codes`, not FHIR's `coding`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CategorySpec {
    /// `text`.
    pub text: Option<String>,
    /// `codes` (`None` when absent or null).
    pub codes: Option<CodeList>,
}

/// The four value kinds (§1.4) with their own fields.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `SampledData`: `defaultPeriod` (milliseconds) and `unit`.
    SampledData {
        /// `defaultPeriod` (`None` → run-time argument-null error).
        default_period: Option<Decimal>,
        /// `unit` of `origin`.
        unit: Option<String>,
    },
    /// `Quantity`: `unit`, `system`, `code`.
    Quantity {
        /// `unit`.
        unit: Option<String>,
        /// `system`.
        system: Option<String>,
        /// `code`.
        code: Option<String>,
    },
    /// `CodeableConcept`: `text` and `codes`.
    CodeableConcept {
        /// `text`.
        text: Option<String>,
        /// `codes` (`None` → run-time null error).
        codes: Option<CodeList>,
    },
    /// `String`: the value verbatim.
    String,
}

impl ValueKind {
    /// The canonical `valueType` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            ValueKind::SampledData { .. } => "SampledData",
            ValueKind::Quantity { .. } => "Quantity",
            ValueKind::CodeableConcept { .. } => "CodeableConcept",
            ValueKind::String => "String",
        }
    }

    /// The Firely class the value becomes (`Hl7.Fhir.Model.…`), for reference messages.
    pub fn fhir_class(&self) -> &'static str {
        match self {
            ValueKind::SampledData { .. } => "Hl7.Fhir.Model.SampledData",
            ValueKind::Quantity { .. } => "Hl7.Fhir.Model.Quantity",
            ValueKind::CodeableConcept { .. } => "Hl7.Fhir.Model.CodeableConcept",
            ValueKind::String => "Hl7.Fhir.Model.FhirString",
        }
    }

    /// The JSON member of the value in an Observation (`valueSampledData`, …).
    pub fn json_member(&self) -> &'static str {
        match self {
            ValueKind::SampledData { .. } => "valueSampledData",
            ValueKind::Quantity { .. } => "valueQuantity",
            ValueKind::CodeableConcept { .. } => "valueCodeableConcept",
            ValueKind::String => "valueString",
        }
    }
}

/// A `value` object (main value or a component's value).
#[derive(Clone, Debug, PartialEq)]
pub struct FhirValue {
    /// `valueName`: the measurement property it binds (matched case-sensitively).
    pub value_name: Option<String>,
    /// `valueType` as written.
    pub value_type: String,
    /// The kind and its fields.
    pub kind: ValueKind,
    /// Where the value object stands.
    pub location: Location,
}

/// A `components[]` entry (`CodeValueMapping`).
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// `codes` (required at load time).
    pub codes: CodeList,
    /// `value` (optional at load time; missing → run-time null reference).
    pub value: Option<FhirValue>,
    /// Where the component object stands.
    pub location: Location,
}

/// One registered `CodeValueFhir` template.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeValueTemplate {
    /// Position of its container in the root `template` array.
    pub index: usize,
    /// `typeName` (looked up case-insensitively).
    pub type_name: String,
    /// `periodInterval`.
    pub period_interval: PeriodInterval,
    /// `codes`.
    pub codes: CodeList,
    /// `category` (`None` when absent or null).
    pub category: Option<Vec<Option<CategorySpec>>>,
    /// `value`.
    pub value: Option<FhirValue>,
    /// `components` (`None` when absent or null; `null` entries kept).
    pub components: Option<Vec<Option<Component>>>,
    /// Where the template body stands.
    pub location: Location,
    /// Where `typeName` stands (its property).
    pub type_name_location: Location,
    /// Where `periodInterval` stands, if written.
    pub period_location: Option<Location>,
}

/// A loaded FHIR mapping: the templates the reference registers, in registration order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FhirMapping {
    /// The registered templates (the reference's lookup; partly filled when invalid).
    pub templates: Vec<CodeValueTemplate>,
    /// True when the service accepts the mapping (no load error).
    pub valid: bool,
}

impl FhirMapping {
    /// `FhirLookupTemplate.GetTemplate`: the template whose `typeName` equals `type_name`
    /// ignoring case (invariant culture).
    pub fn find(&self, type_name: &str) -> Option<&CodeValueTemplate> {
        self.templates
            .iter()
            .find(|t| medtech_json::document::eq_ignore_case(&t.type_name, type_name))
    }
}
