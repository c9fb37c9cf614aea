//! The reference's template model classes as Newtonsoft's contract sees them (device-mapping.md
//! §3.3, §3.4, §4): members in contract order (the derived class's own properties first, then
//! the base classes'), their JSON type, whether they are `Required.Always`, and which are
//! `[JsonIgnore]` (accepted and skipped).

/// How a member's value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MemberType {
    /// `string`: `ReadAsString` (numbers and booleans become their .NET text).
    Text,
    /// `TemplateExpression` through `TemplateExpressionJsonConverter`: a string or an
    /// expression object.
    Expression,
    /// `bool`: `ReadAsBoolean`.
    Bool,
    /// `int`: `ReadAsInt32` (`LineNumber`, `LinePosition`).
    Int,
    /// `TemplateExpressionLanguage` with `StringEnumConverter` (not nullable).
    Language,
    /// `TemplateExpressionLanguage?` with `StringEnumConverter`.
    NullableLanguage,
    /// `IList<…ValueExpression>` of the given class.
    Values(&'static ModelClass),
    /// `JToken`: any value.
    AnyToken,
    /// `[JsonIgnore]`: the key is accepted and its value skipped.
    Ignored,
}

/// Which model field a member fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    TypeName,
    TypeMatch,
    DeviceId,
    PatientId,
    EncounterId,
    Timestamp,
    Correlation,
    Values,
    DefaultLanguage,
    ValueName,
    ValueExpression,
    Required,
    Value,
    Language,
    TemplateType,
    Template,
    /// Members that carry nothing the loader keeps (`LineNumber`, ignored ones).
    Other,
}

/// One contract property.
#[derive(Debug)]
pub(crate) struct ModelMember {
    /// The C# property name (used in "Required property 'X' …").
    pub name: &'static str,
    pub ty: MemberType,
    pub required: bool,
    pub field: Field,
}

/// One model class.
#[derive(Debug)]
pub(crate) struct ModelClass {
    /// The class name (used in "… on object of type 'X'").
    pub name: &'static str,
    pub members: &'static [ModelMember],
}

impl PartialEq for ModelClass {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ModelClass {}

impl ModelClass {
    /// Newtonsoft's `GetClosestMatchProperty`: exact name first, then ignoring case.
    pub(crate) fn closest(&self, json_name: &str) -> Option<&'static ModelMember> {
        let members: &'static [ModelMember] = self.members;
        members.iter().find(|m| m.name == json_name).or_else(|| {
            members
                .iter()
                .find(|m| medtech_json::document::eq_ignore_case(m.name, json_name))
        })
    }

    /// The member names a JSON key may be meant as (for did-you-mean hints), camelCase.
    pub(crate) fn json_names(&self) -> impl Iterator<Item = String> + '_ {
        self.members
            .iter()
            .filter(|m| {
                !matches!(m.field, Field::Other) || m.name == "AlternateTimestampExpression"
            })
            .map(|m| camel(m.name))
    }
}

/// `TypeName` → `typeName`.
pub(crate) fn camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

const fn m(name: &'static str, ty: MemberType, required: bool, field: Field) -> ModelMember {
    ModelMember {
        name,
        ty,
        required,
        field,
    }
}

use Field as F;
use MemberType as T;

/// The members every `LineAwareJsonObject` shares (declared on the base classes, so last).
const LINE_INFO_FOR_PROPERTIES: ModelMember =
    m("LineInfoForProperties", T::Ignored, false, F::Other);
const LINE_NUMBER: ModelMember = m("LineNumber", T::Int, false, F::Other);
const LINE_POSITION: ModelMember = m("LinePosition", T::Int, false, F::Other);

/// `JsonPathValueExpression`.
pub(crate) static JSON_PATH_VALUE: ModelClass = ModelClass {
    name: "JsonPathValueExpression",
    members: &[
        m("ValueName", T::Text, true, F::ValueName),
        m("ValueExpression", T::Text, true, F::ValueExpression),
        m("Required", T::Bool, false, F::Required),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `CalculatedFunctionValueExpression`.
pub(crate) static CALCULATED_VALUE: ModelClass = ModelClass {
    name: "CalculatedFunctionValueExpression",
    members: &[
        m("ValueName", T::Text, true, F::ValueName),
        m("ValueExpression", T::Expression, true, F::ValueExpression),
        m("Required", T::Bool, false, F::Required),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `TemplateExpression` (the object form; read by a serializer without missing-member errors).
pub(crate) static TEMPLATE_EXPRESSION: ModelClass = ModelClass {
    name: "TemplateExpression",
    members: &[
        m("Value", T::Text, true, F::Value),
        m("Language", T::NullableLanguage, false, F::Language),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `JsonPathContentTemplate`.
pub(crate) static JSON_PATH_TEMPLATE: ModelClass = ModelClass {
    name: "JsonPathContentTemplate",
    members: &[
        m("TypeMatchExpression", T::Text, true, F::TypeMatch),
        m("DeviceIdExpression", T::Text, true, F::DeviceId),
        m("PatientIdExpression", T::Text, false, F::PatientId),
        m("EncounterIdExpression", T::Text, false, F::EncounterId),
        m("TimestampExpression", T::Text, true, F::Timestamp),
        m("CorrelationIdExpression", T::Text, false, F::Correlation),
        m("Values", T::Values(&JSON_PATH_VALUE), false, F::Values),
        m("TypeName", T::Text, true, F::TypeName),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `IotJsonPathContentTemplate` (device id / timestamp overridden with `[JsonIgnore]`).
pub(crate) static IOT_JSON_PATH_TEMPLATE: ModelClass = ModelClass {
    name: "IotJsonPathContentTemplate",
    members: &[
        m("DeviceIdExpression", T::Ignored, false, F::Other),
        m("TimestampExpression", T::Ignored, false, F::Other),
        m("AlternateTimestampExpression", T::Ignored, false, F::Other),
        m("TypeMatchExpression", T::Text, true, F::TypeMatch),
        m("PatientIdExpression", T::Text, false, F::PatientId),
        m("EncounterIdExpression", T::Text, false, F::EncounterId),
        m("CorrelationIdExpression", T::Text, false, F::Correlation),
        m("Values", T::Values(&JSON_PATH_VALUE), false, F::Values),
        m("TypeName", T::Text, true, F::TypeName),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `IotCentralJsonPathContentTemplate`.
pub(crate) static IOT_CENTRAL_TEMPLATE: ModelClass = ModelClass {
    name: "IotCentralJsonPathContentTemplate",
    members: &[
        m("DeviceIdExpression", T::Ignored, false, F::Other),
        m("TimestampExpression", T::Ignored, false, F::Other),
        m("TypeMatchExpression", T::Text, true, F::TypeMatch),
        m("PatientIdExpression", T::Text, false, F::PatientId),
        m("EncounterIdExpression", T::Text, false, F::EncounterId),
        m("CorrelationIdExpression", T::Text, false, F::Correlation),
        m("Values", T::Values(&JSON_PATH_VALUE), false, F::Values),
        m("TypeName", T::Text, true, F::TypeName),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `CalculatedFunctionContentTemplate`.
pub(crate) static CALCULATED_TEMPLATE: ModelClass = ModelClass {
    name: "CalculatedFunctionContentTemplate",
    members: &[
        m("TypeMatchExpression", T::Expression, true, F::TypeMatch),
        m("DeviceIdExpression", T::Expression, true, F::DeviceId),
        m("PatientIdExpression", T::Expression, false, F::PatientId),
        m(
            "EncounterIdExpression",
            T::Expression,
            false,
            F::EncounterId,
        ),
        m("TimestampExpression", T::Expression, true, F::Timestamp),
        m(
            "CorrelationIdExpression",
            T::Expression,
            false,
            F::Correlation,
        ),
        m("Values", T::Values(&CALCULATED_VALUE), false, F::Values),
        m(
            "DefaultExpressionLanguage",
            T::Language,
            false,
            F::DefaultLanguage,
        ),
        m("TypeName", T::Text, true, F::TypeName),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

/// `TemplateContainer` (root and inner containers; read without missing-member errors).
pub(crate) static TEMPLATE_CONTAINER: ModelClass = ModelClass {
    name: "TemplateContainer",
    members: &[
        m("TemplateType", T::Text, false, F::TemplateType),
        m("Template", T::AnyToken, false, F::Template),
        LINE_INFO_FOR_PROPERTIES,
        LINE_NUMBER,
        LINE_POSITION,
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_match_prefers_exact_then_ignores_case() {
        assert_eq!(
            JSON_PATH_TEMPLATE.closest("typeName").map(|m| m.name),
            Some("TypeName")
        );
        assert_eq!(
            JSON_PATH_TEMPLATE
                .closest("TYPEMATCHEXPRESSION")
                .map(|m| m.name),
            Some("TypeMatchExpression")
        );
        assert!(JSON_PATH_TEMPLATE
            .closest("defaultExpressionLanguage")
            .is_none());
        assert!(CALCULATED_TEMPLATE
            .closest("defaultExpressionLanguage")
            .is_some());
        assert_eq!(
            IOT_JSON_PATH_TEMPLATE
                .closest("deviceIdExpression")
                .map(|m| m.ty),
            Some(MemberType::Ignored)
        );
        assert!(IOT_CENTRAL_TEMPLATE
            .closest("alternateTimestampExpression")
            .is_none());
        assert!(JSON_PATH_VALUE.closest("lineInfoForProperties").is_some());
    }

    #[test]
    fn required_members_are_in_contract_order() {
        let required: Vec<_> = JSON_PATH_TEMPLATE
            .members
            .iter()
            .filter(|m| m.required)
            .map(|m| m.name)
            .collect();
        assert_eq!(
            required,
            [
                "TypeMatchExpression",
                "DeviceIdExpression",
                "TimestampExpression",
                "TypeName"
            ]
        );
    }
}
