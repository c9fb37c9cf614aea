//! Newtonsoft's value conversions as the template deserializer meets them (device-mapping.md
//! §3.4) and its exception texts (§3.3): `ReadAsString`, `ReadAsBoolean`, `ReadAsInt32`, the
//! `StringEnumConverter`, and `JsonPosition.FormatMessage` followed by the reference's
//! "cut at the last `Path`" rule.

use medtech_json::{DateTime, Document, NodeId, Value};

pub(crate) use crate::newtonsoft::{
    cut_at_last_path, format_message, parse_int32 as dotnet_int_parse, path_index, path_property,
    read_as_int32, read_as_string, token_name,
};

/// Which exception Newtonsoft throws: decides which `catch` sees it and whether the reference
/// keeps its line info (`ToValidTemplate` keeps it only for serialization exceptions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExceptionKind {
    /// `JsonReaderException` (conversion inside the reader).
    Reader,
    /// `JsonSerializationException`.
    Serialization,
}

/// `JsonReader.ReadAsBoolean`: `Ok(None)` when the token becomes null (null, `""`).
pub(crate) fn read_as_boolean(doc: &Document, id: NodeId) -> Result<Option<bool>, String> {
    match doc.value(id) {
        Value::Null => Ok(None),
        Value::Integer(i) => Ok(Some(*i != 0)),
        // A big integer lies beyond 64 bits, so it is never zero.
        Value::BigInteger(_) => Ok(Some(true)),
        Value::Float(f) => Ok(Some(*f != 0.0)),
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) => {
            if s.is_empty() {
                return Ok(None);
            }
            match dotnet_bool_parse(s) {
                Some(b) => Ok(Some(b)),
                None => Err(format!("Could not convert string to boolean: {s}.")),
            }
        }
        other => Err(format!(
            "Error reading boolean. Unexpected token: {}.",
            token_name(other)
        )),
    }
}

/// `bool.TryParse`: `True`/`False` in any case, surrounding white space and NULs allowed.
pub(crate) fn dotnet_bool_parse(s: &str) -> Option<bool> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The result of parsing an enum text the way `EnumUtils.ParseEnum` does for
/// `TemplateExpressionLanguage` (`JsonPath` = 0, `JmesPath` = 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EnumParse {
    /// The enum value (may be undefined, e.g. `5`).
    Value(i32),
    /// `ParseEnum` threw (the caller wraps it in "Error converting value …").
    Fail,
}

const LANGUAGE_NAMES: [&str; 2] = ["JsonPath", "JmesPath"];

/// `EnumUtils.ParseEnum(TemplateExpressionLanguage, value, disallowNumber: false)`.
pub(crate) fn parse_language_enum(value: &str) -> EnumParse {
    if let Some(i) = LANGUAGE_NAMES.iter().position(|n| *n == value) {
        return EnumParse::Value(i as i32);
    }
    let Some(first) = value.chars().find(|c| !c.is_whitespace()) else {
        return EnumParse::Fail;
    };
    if first.is_ascii_digit() || first == '-' || first == '+' {
        let trimmed = value.trim();
        if let Some(i) = dotnet_int_parse(trimmed) {
            return EnumParse::Value(i);
        }
        // An overflow escapes ParseEnum (OverflowException); a format error falls through.
        let body = trimmed.trim_start_matches(['-', '+']);
        if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
            return EnumParse::Fail;
        }
    }
    let mut result = 0i32;
    for piece in value.split(',') {
        let piece = piece.trim();
        let found = LANGUAGE_NAMES.iter().position(|n| *n == piece).or_else(|| {
            LANGUAGE_NAMES
                .iter()
                .position(|n| n.eq_ignore_ascii_case(piece))
        });
        match found {
            Some(i) => result |= i as i32,
            None => {
                return match LANGUAGE_NAMES
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(value))
                {
                    Some(i) => EnumParse::Value(i as i32),
                    None => EnumParse::Fail,
                };
            }
        }
    }
    EnumParse::Value(result)
}

/// .NET's `MiscellaneousUtils.ToString(value)` used in "Error converting value {0} …".
pub(crate) fn value_for_print(doc: &Document, id: NodeId) -> String {
    match doc.value(id) {
        Value::Null | Value::Undefined => "{null}".to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Integer(i) => i.to_string(),
        Value::BigInteger(s) => s.to_string(),
        Value::Float(f) => dotnet_double_text(*f),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Date(d) => dotnet_general_date(d),
        Value::Array(_) | Value::Object(_) => String::new(),
    }
}

/// .NET `double.ToString(InvariantCulture)` (shortest round-trip, device-mapping.md §5.4).
pub(crate) fn dotnet_double_text(f: f64) -> String {
    medtech_json::number::format_double(f)
}

/// .NET `DateTime.ToString(null, InvariantCulture)`: `MM/dd/yyyy HH:mm:ss`.
pub(crate) fn dotnet_general_date(d: &DateTime) -> String {
    d.to_invariant_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_json::DateKind;

    #[test]
    fn messages_are_formatted_and_cut_like_the_reference() {
        let full = format_message(
            "Could not find member 'x' on object of type 'JsonPathContentTemplate'",
            "x",
            Some((5, 9)),
        );
        assert_eq!(
            full,
            "Could not find member 'x' on object of type 'JsonPathContentTemplate'. Path 'x', line 5, position 9."
        );
        assert_eq!(
            cut_at_last_path(&full),
            "Could not find member 'x' on object of type 'JsonPathContentTemplate'. "
        );
        // a member name containing "path" moves the cut into the name
        let full = format_message(
            "Could not find member 'jsonPath' on object of type 'JsonPathContentTemplate'",
            "jsonPath",
            Some((5, 9)),
        );
        assert_eq!(
            cut_at_last_path(&full),
            "Could not find member 'jsonPath' on object of type 'JsonPathContentTemplate'. Path 'json"
        );
        // a message ending with a new line gets no full stop
        assert_eq!(format_message("a\n", "", None), "a\nPath ''.");
    }

    #[test]
    fn paths_quote_special_names() {
        assert_eq!(path_property("", "a"), "a");
        assert_eq!(path_property("values[0]", "a"), "values[0].a");
        assert_eq!(path_property("", "a b"), "['a b']");
        assert_eq!(path_property("", "it's"), "['it\\'s']");
        assert_eq!(path_index("values", 2), "values[2]");
    }

    #[test]
    fn doubles_print_like_dotnet() {
        for (v, text) in [
            (98.6, "98.6"),
            (1.0, "1"),
            (78.0 * 0.0254, "1.9811999999999999"),
            (1e15, "1E+15"),
            (1e14, "100000000000000"),
            (1e-5, "1E-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (-1.5e300, "-1.5E+300"),
        ] {
            assert_eq!(dotnet_double_text(v), text, "{v}");
        }
    }

    #[test]
    fn dates_print_in_general_invariant_format() {
        // 2019-02-01T22:46:01.875Z
        let days = 737_090i64; // days from 0001-01-01 to 2019-02-01
        let ticks = (days * 86_400 + 22 * 3600 + 46 * 60 + 1) * 10_000_000 + 8_750_000;
        let d = DateTime {
            ticks,
            kind: DateKind::Utc,
        };
        assert_eq!(dotnet_general_date(&d), "02/01/2019 22:46:01");
    }

    #[test]
    fn booleans_and_integers_parse_like_dotnet() {
        assert_eq!(dotnet_bool_parse(" TRUE\t"), Some(true));
        assert_eq!(dotnet_bool_parse("false\0"), Some(false));
        assert_eq!(dotnet_bool_parse("yes"), None);
        assert_eq!(dotnet_int_parse(" -12 "), Some(-12));
        assert_eq!(dotnet_int_parse("2147483648"), None);
        assert_eq!(dotnet_int_parse("-2147483648"), Some(i32::MIN));
        assert_eq!(dotnet_int_parse("1.5"), None);
    }

    #[test]
    fn language_enum_parses_like_enum_utils() {
        assert_eq!(parse_language_enum("JmesPath"), EnumParse::Value(1));
        assert_eq!(parse_language_enum("jsonpath"), EnumParse::Value(0));
        assert_eq!(parse_language_enum(" JMESPATH "), EnumParse::Value(1));
        assert_eq!(parse_language_enum("1"), EnumParse::Value(1));
        assert_eq!(parse_language_enum("5"), EnumParse::Value(5));
        assert_eq!(
            parse_language_enum("JsonPath, JmesPath"),
            EnumParse::Value(1)
        );
        assert_eq!(parse_language_enum("JsonPath,"), EnumParse::Fail);
        assert_eq!(parse_language_enum(""), EnumParse::Fail);
        assert_eq!(parse_language_enum("xpath"), EnumParse::Fail);
        assert_eq!(parse_language_enum("99999999999"), EnumParse::Fail);
    }
}
