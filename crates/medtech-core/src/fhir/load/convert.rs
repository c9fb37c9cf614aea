//! Newtonsoft's value conversions and exception texts as the FHIR template loader meets them
//! (fhir-mapping.md §1.3, §1.4):
//!
//! * the template body is read through a `JTokenReader` over already-read tokens (`jtoken_*`);
//! * a `value` object is re-serialized with `JToken.ToString()` and read back by a
//!   `JsonTextReader` (`text_*`), which sees the written text, not the tokens;
//! * exception texts get `Path '…', line L, position P.` appended and the reference cuts them
//!   at the last `Path` (ASCII case-insensitive).

use medtech_json::{DateTime, Document, NodeId, Value};

use crate::fhir::decimal::{Decimal, ParseFailure};

pub(crate) use crate::newtonsoft::{
    cut_at_last_path, format_message, parse_int32 as parse_dotnet_int, path_index, path_property,
    read_as_int32 as jtoken_read_as_int32, read_as_string as jtoken_read_as_string, token_name,
};

/// .NET Core `double.ToString()` / `"R"` (shortest round-trip, `1E+15`, `1E-05`).
pub(crate) fn dotnet_double(f: f64) -> String {
    medtech_json::number::format_double(f)
}

/// `JsonConvert.ToString(double)` as the writer emits a finite float: .NET text plus `.0` when
/// it has no `.` or exponent (`1000.0`, `1E+20`, `0.5`).
pub(crate) fn json_float(f: f64) -> String {
    if f.is_finite() {
        medtech_json::number::format_double_json(f)
    } else {
        dotnet_double(f)
    }
}

/// `MiscellaneousUtils.ToString(value)` used in "Error converting value {0} …": strings quoted,
/// null as `{null}`, other values with their .NET `ToString()`.
pub(crate) fn value_for_message(doc: &Document, id: NodeId) -> String {
    match doc.value(id) {
        Value::Null | Value::Undefined => "{null}".into(),
        Value::String(s) => format!("\"{s}\""),
        Value::Integer(i) => i.to_string(),
        Value::BigInteger(s) => s.to_string(),
        Value::Float(f) => dotnet_double(*f),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Date(d) => d.to_invariant_string(),
        Value::Array(_) | Value::Object(_) => String::new(),
    }
}

/// The text `JToken.ToString()` writes for a scalar (what an inner `JsonTextReader` reads
/// back): floats with `.0`, dates in ISO form, `NaN`/`Infinity` as strings.
fn written_scalar(value: &Value) -> Option<WrittenScalar> {
    Some(match value {
        Value::Null => WrittenScalar::Null,
        Value::Undefined => WrittenScalar::Char('u'),
        Value::Bool(b) => WrittenScalar::Literal(if *b { "true" } else { "false" }.into()),
        Value::Integer(i) => WrittenScalar::Number(i.to_string()),
        Value::BigInteger(s) => WrittenScalar::Number(s.to_string()),
        Value::Float(f) if f.is_finite() => WrittenScalar::Number(json_float(*f)),
        Value::Float(f) => WrittenScalar::Quoted(dotnet_double(*f)),
        Value::String(s) => WrittenScalar::Quoted(s.to_string()),
        Value::Date(d) => WrittenScalar::Quoted(iso_written(d)),
        Value::Object(_) => WrittenScalar::Char('{'),
        Value::Array(_) => WrittenScalar::Char('['),
    })
}

enum WrittenScalar {
    Null,
    /// A token the reader rejects at its first character.
    Char(char),
    /// `true` / `false`.
    Literal(String),
    Number(String),
    Quoted(String),
}

/// How the writer prints a date token (`IsoDateFormat`, round-trip kind).
fn iso_written(d: &DateTime) -> String {
    d.to_newtonsoft_iso()
}

/// `JsonTextReader.ReadAsString` over the re-serialized value object.
pub(crate) fn text_read_as_string(doc: &Document, id: NodeId) -> Result<Option<String>, String> {
    match written_scalar(doc.value(id)) {
        Some(WrittenScalar::Null) | None => Ok(None),
        Some(WrittenScalar::Literal(s) | WrittenScalar::Number(s) | WrittenScalar::Quoted(s)) => {
            Ok(Some(s))
        }
        Some(WrittenScalar::Char(c)) => Err(unexpected_char(c)),
    }
}

/// `JsonTextReader.ReadAsDecimal` over the re-serialized value object.
pub(crate) fn text_read_as_decimal(doc: &Document, id: NodeId) -> Result<Option<Decimal>, String> {
    match written_scalar(doc.value(id)) {
        Some(WrittenScalar::Null) | None => Ok(None),
        Some(WrittenScalar::Number(text)) => match Decimal::parse_newtonsoft(&text) {
            Ok(d) => Ok(Some(d)),
            Err(ParseFailure::Overflow) => {
                Err("Value was either too large or too small for a Decimal.".into())
            }
            Err(ParseFailure::Invalid) => {
                Err(format!("Input string '{text}' is not a valid decimal."))
            }
        },
        Some(WrittenScalar::Quoted(s)) => {
            if s.is_empty() {
                return Ok(None);
            }
            if let Some(d) = Decimal::parse_number_style(&s) {
                return Ok(Some(d));
            }
            Decimal::parse_newtonsoft(&s)
                .map(Some)
                .map_err(|_| format!("Could not convert string to decimal: {s}."))
        }
        Some(WrittenScalar::Literal(s)) => Err(unexpected_char(s.chars().next().unwrap_or('t'))),
        Some(WrittenScalar::Char(c)) => Err(unexpected_char(c)),
    }
}

fn unexpected_char(c: char) -> String {
    format!("Unexpected character encountered while parsing value: {c}.")
}

/// The message Newtonsoft gives when an object stands where `expected` is required.
pub(crate) fn cannot_deserialize_object(type_name: &str, expected: Expected) -> String {
    format!(
        "Cannot deserialize the current JSON object (e.g. {{\"name\":\"value\"}}) into type '{type_name}' because the type requires a {e} to deserialize correctly.\nTo fix this error either change the JSON to a {e} or change the deserialized type so that it is a normal .NET type (e.g. not a primitive type like integer, not a collection type like an array or List<T>) that can be deserialized from a JSON object. JsonObjectAttribute can also be added to the type to force it to deserialize from a JSON object.\n",
        e = expected.description()
    )
}

/// The message Newtonsoft gives when an array stands where `expected` is required.
pub(crate) fn cannot_deserialize_array(type_name: &str, expected: Expected) -> String {
    format!(
        "Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '{type_name}' because the type requires a {e} to deserialize correctly.\nTo fix this error either change the JSON to a {e} or change the deserialized type to an array or a type that implements a collection interface (e.g. ICollection, IList) like List<T> that can be deserialized from a JSON array. JsonArrayAttribute can also be added to the type to force it to deserialize from a JSON array.\n",
        e = expected.description()
    )
}

/// What a contract needs (`GetExpectedDescription`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expected {
    Object,
    Array,
    Primitive,
}

impl Expected {
    fn description(self) -> &'static str {
        match self {
            Expected::Object => "JSON object (e.g. {\"name\":\"value\"})",
            Expected::Array => "JSON array (e.g. [1,2,3])",
            Expected::Primitive => "JSON primitive value (e.g. string, number, boolean, null)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_with_a_decimal_place() {
        assert_eq!(dotnet_double(60.0), "60");
        assert_eq!(dotnet_double(0.00001), "1E-05");
        assert_eq!(json_float(1000.0), "1000.0");
        assert_eq!(json_float(1e20), "1E+20");
        assert_eq!(json_float(0.5), "0.5");
    }

    #[test]
    fn messages_get_path_and_are_cut() {
        let m = format_message(
            "Could not find member 'x' on object of type 'FhirCode'",
            "codes[0].x",
            Some((3, 9)),
        );
        assert_eq!(m, "Could not find member 'x' on object of type 'FhirCode'. Path 'codes[0].x', line 3, position 9.");
        assert_eq!(
            cut_at_last_path(&m),
            "Could not find member 'x' on object of type 'FhirCode'. "
        );
        let m = format_message(
            "Could not find member 'myPath' on object of type 'FhirCode'",
            "myPath",
            None,
        );
        assert_eq!(
            cut_at_last_path(&m),
            "Could not find member 'myPath' on object of type 'FhirCode'. Path 'my"
        );
        assert_eq!(format_message("a\n", "p", None), "a\nPath 'p'.");
        assert_eq!(path_property("", "a b"), "['a b']");
        assert_eq!(path_property("x", "y"), "x.y");
        assert_eq!(path_index("codes", 2), "codes[2]");
    }

    #[test]
    fn int_strings_parse_like_dotnet() {
        assert_eq!(parse_dotnet_int(" 60 "), Some(60));
        assert_eq!(parse_dotnet_int("+60"), Some(60));
        assert_eq!(parse_dotnet_int("-2147483648"), Some(i32::MIN));
        assert_eq!(parse_dotnet_int("2147483648"), None);
        assert_eq!(parse_dotnet_int("6 0"), None);
        assert_eq!(parse_dotnet_int("60.0"), None);
    }
}
