//! Token → .NET value conversions the extractor performs (device-mapping.md §5.4, §5.5):
//! Newtonsoft's `JToken.Value<string>()` and `Value<DateTime?>()`, which end in
//! `Convert.ChangeType(value, type, CultureInfo.InvariantCulture)`.

use crate::datetime::{parse_dotnet, DateTime};
use crate::document::{Document, NodeId, Str, Value};
use crate::number::format_double;
use std::borrow::Cow;

/// A failed conversion, with the .NET exception message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionError {
    /// The .NET exception's message, e.g. "Object must implement IConvertible.".
    pub message: String,
}

impl ConversionError {
    fn new(message: impl Into<String>) -> ConversionError {
        ConversionError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ConversionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConversionError {}

/// `Extensions.Convert` refuses non-`JValue` tokens with this text (`T` is `JToken` for
/// `token.Value<U>()`).
fn not_a_value(value: &Value) -> ConversionError {
    let class = match value {
        Value::Array(_) => "JArray",
        _ => "JObject",
    };
    ConversionError::new(format!(
        "Cannot cast Newtonsoft.Json.Linq.{class} to Newtonsoft.Json.Linq.JToken."
    ))
}

/// .NET's text when a value is not `IConvertible` (`BigInteger`).
const NOT_CONVERTIBLE: &str = "Object must implement IConvertible.";

/// `token.Value<string>()` (§5.4): string unchanged; `null`/`undefined` → `None`; integers in
/// decimal; doubles as [`format_double`]; booleans `True`/`False`; dates as
/// [`DateTime::to_invariant_string`] (`MM/dd/yyyy HH:mm:ss`); big integers, objects and arrays
/// fail.
pub fn to_dotnet_string(
    doc: &Document,
    id: NodeId,
) -> Result<Option<Cow<'_, str>>, ConversionError> {
    Ok(Some(match doc.value(id) {
        Value::String(s) => Cow::Borrowed(&**s),
        Value::Null | Value::Undefined => return Ok(None),
        Value::Integer(i) => Cow::Owned(i.to_string()),
        Value::BigInteger(_) => return Err(ConversionError::new(NOT_CONVERTIBLE)),
        Value::Float(f) => Cow::Owned(format_double(*f)),
        Value::Bool(true) => Cow::Borrowed("True"),
        Value::Bool(false) => Cow::Borrowed("False"),
        Value::Date(d) => Cow::Owned(d.to_invariant_string()),
        v @ (Value::Object(_) | Value::Array(_)) => return Err(not_a_value(v)),
    }))
}

/// [`to_dotnet_string`] as a [`Str`], the type measurements keep their texts in: a string
/// token's text is shared or copied inline, an integer is written straight into one (a text of
/// up to 24 bytes needs no allocation).
pub fn to_dotnet_text(doc: &Document, id: NodeId) -> Result<Option<Str>, ConversionError> {
    match doc.value(id) {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Integer(i) => Ok(Some(compact_str::ToCompactString::to_compact_string(i))),
        _ => to_dotnet_string(doc, id).map(|v| v.map(Str::from)),
    }
}

/// `token.Value<DateTime?>()` (§5.5): a date token as is; a string through
/// [`parse_dotnet`] (`DateTime.Parse`, invariant culture; zones → Local kind); `null`/`undefined`
/// → `None`; numbers, booleans, objects and arrays fail (epoch numbers are **not** dates).
/// Time-only strings (which .NET dates "today") fail here; see [`crate::datetime::parse_dotnet_at`].
pub fn to_datetime(doc: &Document, id: NodeId) -> Result<Option<DateTime>, ConversionError> {
    match doc.value(id) {
        Value::Date(d) => Ok(Some(*d)),
        Value::Null | Value::Undefined => Ok(None),
        Value::String(s) => parse_dotnet(s).map(Some).ok_or_else(|| {
            ConversionError::new(format!(
                "String '{s}' was not recognized as a valid DateTime."
            ))
        }),
        Value::Integer(_) => Err(invalid_cast("Int64")),
        Value::Float(_) => Err(invalid_cast("Double")),
        Value::Bool(_) => Err(invalid_cast("Boolean")),
        Value::BigInteger(_) => Err(ConversionError::new(NOT_CONVERTIBLE)),
        v @ (Value::Object(_) | Value::Array(_)) => Err(not_a_value(v)),
    }
}

fn invalid_cast(from: &str) -> ConversionError {
    ConversionError::new(format!("Invalid cast from '{from}' to 'DateTime'."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::DateKind;
    use crate::read::{read, ReadOptions};

    fn convert_all(text: &str) -> Vec<Result<Option<String>, String>> {
        let doc = read(text, &ReadOptions::default()).unwrap();
        doc.elements(doc.root().unwrap())
            .iter()
            .map(|&id| match to_dotnet_string(&doc, id) {
                Ok(v) => Ok(v.map(|s| s.into_owned())),
                Err(e) => Err(e.message),
            })
            .collect()
    }

    #[test]
    fn token_to_string_table() {
        let got = convert_all(
            r#"["abc", null, undefined, 78, -5, 1.0, 98.6, 1e15, true, false,
                "2019-02-01T22:46:01.875Z", "2019-02-01T22:46:01+02:00", 123456789012345678901234,
                {}, [], NaN, -0.0, 010]"#,
        );
        let s = |x: &str| Ok(Some(x.to_string()));
        let expected: Vec<Result<Option<String>, String>> = vec![
            s("abc"),
            Ok(None),
            Ok(None),
            s("78"),
            s("-5"),
            s("1"),
            s("98.6"),
            s("1E+15"),
            s("True"),
            s("False"),
            s("02/01/2019 22:46:01"),
            s("02/01/2019 20:46:01"),
            Err("Object must implement IConvertible.".into()),
            Err("Cannot cast Newtonsoft.Json.Linq.JObject to Newtonsoft.Json.Linq.JToken.".into()),
            Err("Cannot cast Newtonsoft.Json.Linq.JArray to Newtonsoft.Json.Linq.JToken.".into()),
            s("NaN"),
            s("-0"),
            s("8"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn token_to_datetime_table() {
        let doc = read(
            r#"["2019-02-01T22:46:01Z", null, 1549061161, 1.5, true, {}, [], "not a date", "2019-02-01 22:46:01"]"#,
            &ReadOptions::default(),
        )
        .unwrap();
        let items = doc.elements(doc.root().unwrap()).to_vec();
        let date = to_datetime(&doc, items[0]).unwrap().unwrap();
        assert_eq!(date.kind, DateKind::Utc);
        assert_eq!(to_datetime(&doc, items[1]), Ok(None));
        let msg = |i: usize| to_datetime(&doc, items[i]).unwrap_err().message;
        assert_eq!(msg(2), "Invalid cast from 'Int64' to 'DateTime'.");
        assert_eq!(msg(3), "Invalid cast from 'Double' to 'DateTime'.");
        assert_eq!(msg(4), "Invalid cast from 'Boolean' to 'DateTime'.");
        assert_eq!(
            msg(5),
            "Cannot cast Newtonsoft.Json.Linq.JObject to Newtonsoft.Json.Linq.JToken."
        );
        assert_eq!(
            msg(6),
            "Cannot cast Newtonsoft.Json.Linq.JArray to Newtonsoft.Json.Linq.JToken."
        );
        assert_eq!(
            msg(7),
            "String 'not a date' was not recognized as a valid DateTime."
        );
        let spaced = to_datetime(&doc, items[8]).unwrap().unwrap();
        assert_eq!(spaced.kind, DateKind::Unspecified);
        assert_eq!(spaced.to_newtonsoft_iso(), "2019-02-01T22:46:01");
    }
}
