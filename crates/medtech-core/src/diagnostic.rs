//! Findings as data. A [`Diagnostic`] carries a stable [`Code`], the MedTech error name the
//! service would log for the same failure, the reference engine's message text, and a location
//! (byte span in its source text and a JSON Pointer). Rendering (terminal, JSON, HTML) happens in
//! the consumers; line and column are derived from the span with a `LineIndex`.

use medtech_json::Span;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational: the service accepts it, but a human may be surprised.
    Info,
    /// Data may be lost or the mapping is probably not what was meant.
    Warning,
    /// The service rejects the mapping or fails on the message.
    Error,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"` (the CLI JSON report's spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which input a finding points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The device mapping (`CollectionContent`).
    DeviceMapping,
    /// The FHIR destination mapping (`CollectionFhir`).
    FhirMapping,
    /// A device message; the index is in [`Diagnostic::message_index`].
    Message,
}

impl Source {
    /// `"device-mapping"`, `"fhir-mapping"` or `"message"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::DeviceMapping => "device-mapping",
            Source::FhirMapping => "fhir-mapping",
            Source::Message => "message",
        }
    }
}

/// The error names the MedTech service logs (peers.md (b)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MedTechError {
    /// A mapping template is malformed.
    InvalidTemplateException,
    /// An expression is missing, has an unsupported language, or does not parse.
    TemplateExpressionException,
    /// Any failure while applying the device mapping to a message (wraps the inner error).
    NormalizationDataMappingException,
    /// Message and mapping disagree: a required value is missing or blank.
    IncompatibleDataException,
    /// The event body is not parseable JSON.
    InvalidDataFormatException,
    /// `correlationIdExpression` is set but the message has no value.
    CorrelationIdNotDefinedException,
    /// A device `typeName` has no FHIR template.
    TemplateNotFoundException,
    /// Transforming normalized data with the FHIR mapping failed.
    FhirDataMappingException,
    /// A value cannot become `Quantity.value`.
    InvalidQuantityFhirValueException,
    /// Lookup mode: a resource with that identifier was not found.
    FhirResourceNotFoundException,
    /// Create mode: the id for a resource type is missing.
    ResourceIdentityNotDefinedException,
    /// The Device references a different Patient.
    PatientDeviceMismatchException,
    /// More than one resource has the identifier.
    MultipleResourceFoundException,
    /// .NET `NotSupportedException` on the FHIR side (e.g. merging into an existing
    /// Observation whose value has another type); the service skips the data.
    NotSupportedException,
}

impl MedTechError {
    /// The name exactly as the service logs it.
    pub fn as_str(self) -> &'static str {
        match self {
            MedTechError::InvalidTemplateException => "InvalidTemplateException",
            MedTechError::TemplateExpressionException => "TemplateExpressionException",
            MedTechError::NormalizationDataMappingException => "NormalizationDataMappingException",
            MedTechError::IncompatibleDataException => "IncompatibleDataException",
            MedTechError::InvalidDataFormatException => "InvalidDataFormatException",
            MedTechError::CorrelationIdNotDefinedException => "CorrelationIdNotDefinedException",
            MedTechError::TemplateNotFoundException => "TemplateNotFoundException",
            MedTechError::FhirDataMappingException => "FhirDataMappingException",
            MedTechError::InvalidQuantityFhirValueException => "InvalidQuantityFhirValueException",
            MedTechError::FhirResourceNotFoundException => "FhirResourceNotFoundException",
            MedTechError::ResourceIdentityNotDefinedException => {
                "ResourceIdentityNotDefinedException"
            }
            MedTechError::PatientDeviceMismatchException => "PatientDeviceMismatchException",
            MedTechError::MultipleResourceFoundException => "MultipleResourceFoundException",
            MedTechError::NotSupportedException => "NotSupportedException",
        }
    }

    /// Whether the service stops processing (blocking) or skips the message (non-blocking).
    pub fn is_blocking(self) -> bool {
        matches!(
            self,
            MedTechError::InvalidTemplateException
                | MedTechError::TemplateExpressionException
                | MedTechError::NormalizationDataMappingException
                | MedTechError::CorrelationIdNotDefinedException
                | MedTechError::FhirDataMappingException
        )
    }
}

/// A finding: what, where, and what the service would call it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Our stable identifier, e.g. `template/unknown-member` (see [`Code`]).
    pub code: Code,
    /// The MedTech error name for the same failure, where the service has one.
    pub medtech_error: Option<MedTechError>,
    /// The message. For findings the reference engine reports, its exact text (without the
    /// `Line Number: L, Position: P. ` prefix, which renderers add from the location).
    pub message: String,
    /// Which input it points into.
    pub source: Source,
    /// For [`Source::Message`]: which message (0-based, in input order).
    pub message_index: Option<usize>,
    /// Where in the source text (byte range); `None` when the finding has no place.
    pub span: Option<Span>,
    /// Newtonsoft's line info for reference messages (1-based line, position of the token's
    /// last character), when it differs from what `span` gives.
    pub reference_position: Option<(u32, u32)>,
    /// 1-based line and column (in characters) of the span's start in its source text,
    /// filled in by the session that knows the text.
    pub position: Option<(u32, u32)>,
    /// RFC 6901 JSON Pointer into the source document.
    pub pointer: Option<String>,
    /// A hint on how to fix it, or an explanation of a surprising reference behaviour.
    pub help: Option<String>,
    /// Inner causes, outermost first (the reference's `\n2:…` chain).
    pub causes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with only the required parts; add the rest with the builder methods.
    pub fn new(severity: Severity, code: Code, source: Source, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            medtech_error: code.default_medtech_error(),
            message: message.into(),
            source,
            message_index: None,
            span: None,
            reference_position: None,
            position: None,
            pointer: None,
            help: None,
            causes: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: Code, source: Source, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, source, message)
    }

    /// A warning.
    pub fn warning(code: Code, source: Source, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, source, message)
    }

    /// An informational finding.
    pub fn info(code: Code, source: Source, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Info, code, source, message)
    }

    /// Sets the location.
    pub fn at(mut self, span: Option<Span>, pointer: impl Into<Option<String>>) -> Self {
        self.span = span.filter(|s| !s.is_synthetic());
        self.pointer = pointer.into();
        self
    }

    /// Sets the reference's own line info.
    pub fn with_reference_position(mut self, position: Option<(u32, u32)>) -> Self {
        self.reference_position = position;
        self
    }

    /// Sets the message index.
    pub fn in_message(mut self, index: usize) -> Self {
        self.message_index = Some(index);
        self
    }

    /// Sets the MedTech error name.
    pub fn with_medtech_error(mut self, error: Option<MedTechError>) -> Self {
        self.medtech_error = error;
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds an inner cause.
    pub fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal => $err:expr, )*) => {
        /// Stable diagnostic codes. The text form (`Code::as_str`) appears in the JSON report,
        /// in test expectations and in the docs; never change one, only add.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// The stable text form.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// Parses the text form.
            pub fn parse(text: &str) -> Option<Code> {
                match text { $( $text => Some(Code::$variant), )* _ => None }
            }

            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The MedTech error name this code maps to by default.
            pub fn default_medtech_error(self) -> Option<MedTechError> {
                #[allow(unused_imports)]
                use MedTechError::*;
                match self { $( Code::$variant => $err, )* }
            }
        }
    };
}

codes! {
    // ---- JSON text ----
    /// The text is not JSON even for Newtonsoft's lenient reader.
    JsonSyntax = "json/syntax" => None,
    /// Nesting deeper than the reader's limit.
    JsonDepth = "json/depth" => None,
    /// The text holds content after the first JSON value (ignored by the service's reader).
    JsonTrailingContent = "json/trailing-content" => None,
    /// A lenient-only construct (comment, single quotes, unquoted name, trailing comma, NaN…).
    JsonLenient = "json/lenient" => None,

    // ---- device mapping: collection ----
    /// The device mapping is not JSON.
    MappingSyntax = "mapping/syntax" => Some(InvalidTemplateException),
    /// The root `templateType` is missing or not `CollectionContent`.
    MappingRootType = "mapping/root-template-type" => Some(InvalidTemplateException),
    /// The root `template` is missing or not an array.
    MappingTemplateArray = "mapping/template-not-array" => Some(InvalidTemplateException),
    /// The document is empty or `null` (the service accepts it and then fails).
    MappingEmpty = "mapping/empty" => Some(InvalidTemplateException),
    /// An element of the template array crashes the reference loader (not an object, null,
    /// CalculatedContent without `values`, blank expression).
    MappingLoadCrash = "mapping/load-exception" => Some(InvalidTemplateException),

    // ---- device mapping: one template ----
    /// No template factory recognises the `templateType`.
    TemplateUnknownType = "template/unknown-type" => Some(InvalidTemplateException),
    /// The inner `template` is missing or not an object.
    TemplateNotObject = "template/not-object" => Some(InvalidTemplateException),
    /// A required member is missing.
    TemplateMissingMember = "template/missing-member" => Some(InvalidTemplateException),
    /// A required member is `null`.
    TemplateNullMember = "template/null-member" => Some(InvalidTemplateException),
    /// A member that the template model does not have.
    TemplateUnknownMember = "template/unknown-member" => Some(InvalidTemplateException),
    /// A member value of the wrong JSON type or that does not convert.
    TemplateBadValue = "template/bad-value" => Some(InvalidTemplateException),
    /// A JMESPath expression that does not compile.
    ExpressionJmesPathSyntax = "expression/jmespath-syntax" => Some(TemplateExpressionException),
    /// A JSONPath expression that does not parse (the service reports it per message).
    ExpressionJsonPathSyntax = "expression/jsonpath-syntax" => Some(TemplateExpressionException),
    /// An expression that is present but blank.
    ExpressionBlank = "expression/blank" => Some(TemplateExpressionException),
    /// A member the service accepts but ignores (e.g. `deviceIdExpression` on IoT templates).
    TemplateIgnoredMember = "template/ignored-member" => None,
    /// `"required": "true"` written as a string (accepted by the service).
    TemplateRequiredString = "template/required-as-string" => None,

    // ---- message / evaluation ----
    /// The event body is not JSON.
    MessageSyntax = "message/syntax" => Some(InvalidDataFormatException),
    /// The document the templates see is not an object.
    MessageNotObject = "message/not-object" => Some(NormalizationDataMappingException),
    /// A required field has no value (`Unable to extract required value for [X]`).
    EvalRequiredMissing = "eval/required-value-missing" => Some(IncompatibleDataException),
    /// A required field is null or blank.
    EvalRequiredNull = "eval/required-value-null" => Some(IncompatibleDataException),
    /// A required expression is not set (`An expression must be set for [X]`).
    EvalExpressionNotSet = "eval/expression-not-set" => Some(IncompatibleDataException),
    /// A single-value JSONPath selected several tokens.
    EvalMultipleTokens = "eval/multiple-tokens" => Some(TemplateExpressionException),
    /// A single-value JMESPath projection returned several elements.
    EvalMultipleTokensJmesPath = "eval/multiple-tokens-jmespath" => Some(TemplateExpressionException),
    /// A JSONPath error at evaluation time (syntax, negative index, bad comparison).
    EvalJsonPath = "eval/jsonpath-error" => Some(NormalizationDataMappingException),
    /// A JMESPath runtime error (custom-function type, arity, maths).
    EvalJmesPath = "eval/jmespath-error" => Some(NormalizationDataMappingException),
    /// The correlation id expression is set but gives no value.
    EvalCorrelationMissing = "eval/correlation-id-missing" => Some(IncompatibleDataException),
    /// No template produced a measurement for the message.
    EvalNoMeasurements = "eval/no-measurements" => None,

    // ---- explanations and near misses (info / warning) ----
    /// A value was converted in a way that surprises (date re-formatted, `True`, `1E+15`…).
    ExplainConversion = "explain/value-conversion" => None,
    /// A timestamp had an offset or no zone.
    ExplainTimestampZone = "explain/timestamp-zone" => None,
    /// A member exists with other letter case.
    HintCaseMismatch = "hint/case-mismatch" => None,
    /// A member exists one level up (or under `matchedToken`).
    HintWrongScope = "hint/wrong-scope" => None,
    /// A number was sent as a string, or the reverse.
    HintNumberAsString = "hint/number-as-string" => None,
    /// A type-match expression matched nothing.
    HintNoMatch = "hint/type-match-no-match" => None,
    // ---- FHIR destination mapping: loading (fhir-mapping.md §1) ----
    /// The FHIR mapping is not JSON (or its root cannot be read).
    FhirSyntax = "fhir/syntax" => Some(InvalidTemplateException),
    /// The FHIR mapping is empty or `null`: accepted, then every batch fails.
    FhirEmpty = "fhir/empty" => Some(FhirDataMappingException),
    /// The root `templateType` is missing or not `CollectionFhir`.
    FhirRootType = "fhir/root-template-type" => Some(InvalidTemplateException),
    /// The root `template` is not an array.
    FhirTemplateArray = "fhir/template-not-array" => Some(InvalidTemplateException),
    /// An element of the template array crashes the reference loader (null, not an object,
    /// unreadable `templateType`).
    FhirLoadCrash = "fhir/load-exception" => Some(InvalidTemplateException),
    /// An inner `templateType` that is not `CodeValueFhir`.
    FhirTemplateType = "fhir/template-type" => Some(InvalidTemplateException),
    /// The inner `template` is missing or not an object.
    FhirTemplateNotObject = "fhir/template-not-object" => Some(InvalidTemplateException),
    /// A required member (`typeName`, `codes`) is missing.
    FhirMissingMember = "fhir/missing-member" => Some(InvalidTemplateException),
    /// A required member is `null`.
    FhirNullMember = "fhir/null-member" => Some(InvalidTemplateException),
    /// A member the template model does not have (body, codes, category, components).
    FhirUnknownMember = "fhir/unknown-member" => Some(InvalidTemplateException),
    /// A member value of the wrong JSON type or that does not convert.
    FhirBadValue = "fhir/bad-value" => Some(InvalidTemplateException),
    /// `value` is not an object (`null` included).
    FhirValueNotObject = "fhir/value-not-object" => Some(InvalidTemplateException),
    /// `value` has no `valueType` / `ValueType` key.
    FhirValueTypeMissing = "fhir/value-type-missing" => Some(InvalidTemplateException),
    /// `valueType` is not SampledData, Quantity, CodeableConcept or String.
    FhirValueTypeUnknown = "fhir/value-type-unknown" => Some(InvalidTemplateException),
    /// `typeName` is empty or white space.
    FhirEmptyTypeName = "fhir/empty-type-name" => Some(InvalidTemplateException),
    /// Two templates with the same `typeName` (ignoring case).
    FhirDuplicateTypeName = "fhir/duplicate-type-name" => Some(InvalidTemplateException),
    /// A member inside a `value` object that the service ignores.
    FhirIgnoredMember = "fhir/ignored-member" => None,

    // ---- FHIR: grouping measurements (fhir-mapping.md §2) ----
    /// The FHIR mapping is invalid: the service fails every batch.
    GroupMappingInvalid = "group/mapping-invalid" => Some(InvalidTemplateException),
    /// No FHIR template for the measurement type (TemplateNotFoundException, wrapped).
    GroupTemplateNotFound = "group/template-not-found" => Some(FhirDataMappingException),
    /// `periodInterval` is not one of -1, 0, 60, 1440.
    GroupPeriodUnsupported = "group/period-interval-unsupported" => Some(FhirDataMappingException),
    /// A correlation-id template met a measurement without correlation id.
    GroupCorrelationIdMissing = "group/correlation-id-missing" => Some(CorrelationIdNotDefinedException),
    /// A window boundary falls outside .NET's date range.
    GroupBoundaryOutOfRange = "group/boundary-out-of-range" => Some(FhirDataMappingException),
    /// The measurement type is blank.
    GroupBlankType = "group/blank-type" => Some(FhirDataMappingException),
    /// A measurement dropped because another one has the same timestamp in the group.
    GroupDuplicateTimestamp = "group/duplicate-timestamp" => None,
    /// A property value ignored because the observation group already has one at that time.
    GroupDuplicateValue = "group/duplicate-value" => None,

    // ---- FHIR: identity resolution (fhir-mapping.md §3) ----
    /// No Device with the measurement's device identifier.
    IdentityDeviceNotFound = "identity/device-not-found" => Some(FhirResourceNotFoundException),
    /// The Device has no usable `patient` reference.
    IdentityPatientNotFound = "identity/patient-not-found" => Some(FhirResourceNotFoundException),
    /// No Encounter with the measurement's encounter identifier.
    IdentityEncounterNotFound = "identity/encounter-not-found" => Some(FhirResourceNotFoundException),
    /// Create mode without a patient id.
    IdentityPatientNotDefined = "identity/patient-not-defined" => Some(ResourceIdentityNotDefinedException),
    /// LookupWithEncounter without an encounter id.
    IdentityEncounterNotDefined = "identity/encounter-not-defined" => Some(ResourceIdentityNotDefinedException),
    /// The Device references another Patient.
    IdentityPatientDeviceMismatch = "identity/patient-device-mismatch" => Some(PatientDeviceMismatchException),
    /// Several resources carry the identifier.
    IdentityMultipleResources = "identity/multiple-resources" => Some(MultipleResourceFoundException),
    /// A blank device id or resource id (argument error: the batch fails).
    IdentityBlankId = "identity/blank-id" => None,
    /// A `--resources` input that cannot be used (not a resource, no resourceType).
    IdentityResourceIgnored = "identity/resource-ignored" => None,
    /// Create mode created a Patient or Device.
    IdentityCreated = "identity/created" => None,
    /// Ids reused from the service's per-device cache.
    IdentityCached = "identity/cached" => None,

    // ---- FHIR: building and merging Observations (fhir-mapping.md §4, §5) ----
    /// A Quantity value that is not one parsable decimal.
    ObservationQuantityInvalid = "observation/quantity-invalid" => Some(InvalidQuantityFhirValueException),
    /// A String value with several values in the window (the batch fails).
    ObservationStringMultiple = "observation/string-multiple-values" => None,
    /// SampledData without `defaultPeriod` (the batch fails).
    ObservationPeriodMissing = "observation/sampled-data-period-missing" => None,
    /// SampledData `defaultPeriod` ≤ 0 or below 0.0001 ms: the service never finishes.
    ObservationPeriodNotPositive = "observation/sampled-data-period-not-positive" => None,
    /// More SampledData slots than this tool builds.
    ObservationTooManySlots = "observation/sampled-data-too-large" => None,
    /// A date computation beyond .NET's range (the batch fails).
    ObservationDateOutOfRange = "observation/date-out-of-range" => None,
    /// A CodeableConcept value without `codes` (the batch fails).
    ObservationCodesMissing = "observation/codeable-concept-codes-missing" => None,
    /// A component without `value` or `valueName` (the batch fails).
    ObservationComponentValueMissing = "observation/component-value-missing" => None,
    /// A `null` entry in `codes`, `category` or `components` (the batch fails).
    ObservationNullEntry = "observation/null-entry" => None,
    /// Merging into an existing Observation of another shape (NotSupportedException).
    ObservationMergeNotSupported = "observation/merge-not-supported" => Some(NotSupportedException),
    /// The existing Observation cannot be merged (no effective period, empty data…).
    ObservationMergeInvalid = "observation/merge-invalid-existing" => None,
    /// Several existing Observations carry the identifier.
    ObservationMultipleExisting = "observation/multiple-existing" => Some(MultipleResourceFoundException),
    /// An Observation written without value and without components.
    ObservationNoValues = "observation/no-values" => None,
    /// A measurement property no template value or component names.
    ObservationUnusedProperty = "observation/unused-property" => None,
    /// An Observation was merged into an earlier one (status `amended`).
    ObservationMerged = "observation/merged" => None,
    /// SampledData values that fall outside the slots and are lost.
    ObservationValuesDropped = "observation/sampled-data-dropped" => None,
    /// An `--existing` input that is not an Observation.
    ObservationExistingIgnored = "observation/existing-ignored" => None,

    // ---- device mapping × FHIR mapping (the validator's checks and more) ----
    /// A device typeName without FHIR template (validator warning).
    CrossNoFhirTemplate = "cross/no-fhir-template" => Some(TemplateNotFoundException),
    /// A device valueName the FHIR template does not use (validator warning).
    CrossValueNotRepresented = "cross/value-not-represented" => None,
    /// typeNames that match only ignoring case (works; the code keeps the device spelling).
    CrossTypeNameCase = "cross/type-name-case" => None,
    /// The mapping debugger (MappingValidator) itself fails on this pair of mappings.
    CrossValidatorCrash = "cross/validator-exception" => None,
    /// A FHIR template no device template feeds.
    CrossUnusedFhirTemplate = "cross/unused-fhir-template" => None,
    /// A Quantity or String value under an hourly, daily or correlation window.
    CrossSingleValueWindow = "cross/single-value-in-window" => None,
    /// SampledData without `defaultPeriod`.
    CrossPeriodMissing = "cross/sampled-data-period-missing" => None,
    /// SampledData `defaultPeriod` ≤ 0: the service loops forever.
    CrossPeriodNotPositive = "cross/sampled-data-period-not-positive" => None,
    /// SampledData with very many slots per Observation.
    CrossSampledDataLarge = "cross/sampled-data-large" => None,
    /// A CodeableConcept value without `codes`.
    CrossCodeableConceptNoCodes = "cross/codeable-concept-codes-missing" => None,
    /// A component without `value` or `valueName`.
    CrossComponentNoValueName = "cross/component-value-name-missing" => None,
    /// The main value has no `valueName` (it never appears).
    CrossValueNameMissing = "cross/value-name-missing" => None,
    /// An undefined `periodInterval` number.
    CrossPeriodUnsupported = "cross/period-interval-unsupported" => Some(FhirDataMappingException),
    /// A `null` entry in `codes`, `category` or `components`.
    CrossNullEntry = "cross/null-entry" => None,

    // ---- lints (`medtech validate`; peers.md (c), (d)) ----
    /// `@x` without a dot in a filter: other JSONPath tools reject or misread it.
    LintAtWithoutDot = "lint/jsonpath-at-without-dot" => None,
    /// `..[?( )]` also tests the token the scan starts from (the message root).
    LintScanFilterRoot = "lint/jsonpath-scan-filter-root" => None,
    /// `a && b || c` is read as `a && (b || c)`.
    LintAndOrGrouping = "lint/jsonpath-and-or-grouping" => None,
    /// Two filter conditions with no `&&`/`||` between them: all but the last are dropped.
    LintDroppedCondition = "lint/jsonpath-dropped-condition" => None,
    /// `[?( )]` without `..` applied to an object: it never matches.
    LintFilterOnObject = "lint/jsonpath-filter-on-object" => None,
    /// `.*` on an array or `[*]` on an object: Newtonsoft yields nothing.
    LintWildcardKind = "lint/jsonpath-wildcard-kind" => None,
    /// Other constructs particular to Newtonsoft's JSONPath dialect.
    LintNewtonsoftOnly = "lint/jsonpath-newtonsoft-only" => None,
    /// `..` in an expression that must select one token.
    LintRecursiveSingleValue = "lint/jsonpath-recursive-single-value" => Some(TemplateExpressionException),
    /// A type match whose matches overlap (one inside another) on a sample message.
    LintOverlappingMatches = "lint/jsonpath-multiple-matches" => None,
    /// CalculatedContent: a path that exists only under `matchedToken`, or only outside it.
    LintScopeMatchedToken = "lint/scope-matched-token" => None,
    /// Legacy templates: a path that needs the envelope (or `matchedToken`), which they cannot see.
    LintScopeLegacy = "lint/scope-legacy-relative" => None,
    /// IotJsonPathContent: the type match must select the envelope root.
    LintIotTypeMatch = "lint/iot-type-match-scope" => Some(IncompatibleDataException),
    /// A JMESPath literal written without backticks (or in the wrong quotes).
    LintJmesPathLiteral = "lint/jmespath-literal-without-backticks" => Some(TemplateExpressionException),
    /// A JMESPath function applied to a path that may be missing.
    LintJmesPathMissingArgument = "lint/jmespath-function-on-missing-path" => Some(NormalizationDataMappingException),
    /// An epoch number where the timestamp expression needs a date.
    LintTimestampEpoch = "lint/timestamp-epoch-number" => Some(IncompatibleDataException),
    /// `fromUnixTimestamp` / `fromUnixTimestampMs` given a number of the other unit.
    LintTimestampEpochUnit = "lint/timestamp-epoch-unit" => None,
    /// A sample message's timestamp has no time zone.
    LintTimestampNoZone = "lint/timestamp-no-zone" => None,
    /// No `patientIdExpression`: identity resolution Create fails.
    LintPatientIdMissing = "lint/patient-id-missing" => Some(ResourceIdentityNotDefinedException),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
    }
}
