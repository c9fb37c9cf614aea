//! Errors with the messages JmesPath.Net, the MedTech functions and the .NET base library give
//! (device-mapping.md §7.1, §7.3, §5.6).

use std::fmt;

/// An expression that JmesPath.Net would refuse to parse (the service reports
/// `The following JmesPath expression could not be parsed: <expr>. Cause: <message>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The cause, worded as JmesPath.Net words it where known, e.g.
    /// `Error: unknown-function, no function named foo has been registered.`,
    /// `Error: invalid-arity, the function sort expects 1 argument but 2 were supplied.` or
    /// `Error(1, 4): syntax, near ']'.`
    pub message: String,
    /// Byte offset in the expression text the error refers to, when known.
    pub offset: Option<usize>,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileError {}

/// An evaluation failure: a function's type/arity/maths error or a .NET exception the reference
/// would throw. The service aborts the event with this message (device-mapping.md §5.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    /// The exception message, e.g.
    /// `Error: invalid-type, function add expects argument 0 to be one of the following: Integer|Float`.
    pub message: String,
}

impl RuntimeError {
    pub(crate) fn new(message: impl Into<String>) -> RuntimeError {
        RuntimeError {
            message: message.into(),
        }
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuntimeError {}

/// Evaluation result.
pub(crate) type Eval<T> = Result<T, RuntimeError>;

/// .NET exception messages the reference surfaces unchanged.
pub(crate) mod dotnet {
    /// `NullReferenceException` (an `&expr` argument where a function reads a token).
    pub const NULL_REFERENCE: &str = "Object reference not set to an instance of an object.";
    /// `OverflowException` from a checked conversion or operation.
    pub const ARITHMETIC_OVERFLOW: &str = "Arithmetic operation resulted in an overflow.";
    /// `OverflowException` from `Convert.ToInt32`.
    pub const INT32_OVERFLOW: &str = "Value was either too large or too small for an Int32.";
    /// `OverflowException` from `Math.Abs(int.MinValue)`.
    pub const NEGATE_MIN: &str =
        "Negating the minimum value of a twos complement number is invalid.";
    /// `DivideByZeroException`.
    pub const DIVIDE_BY_ZERO: &str = "Attempted to divide by zero.";
    /// `InvalidCastException` converting a big integer (not `IConvertible`).
    pub const NOT_CONVERTIBLE: &str = "Object must implement IConvertible.";
    /// `InvalidCastException` converting a `null` value to a value type.
    pub const NULL_TO_VALUE_TYPE: &str = "Null object cannot be converted to a value type.";
    /// `ArgumentNullException` for a `null` string argument.
    pub const NULL_VALUE_ARGUMENT: &str = "Value cannot be null. (Parameter 'value')";
    /// `InvalidOperationException` from LINQ `Aggregate` over an empty sequence.
    pub const NO_ELEMENTS: &str = "Sequence contains no elements";
    /// `NotSupportedException` (JMESPath type of an `undefined` token).
    pub const NOT_SUPPORTED: &str = "Specified method is not supported.";
    /// `ArgumentOutOfRangeException` from `StringBuilder.Insert` (.NET 8 wording).
    pub const INSERT_INDEX: &str = "Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'index')";
}

/// Newtonsoft's `InvalidCastException` when a container is read as a scalar
/// (`Value<T>()` on a `JArray`/`JObject`).
pub(crate) fn cannot_cast_container(is_array: bool) -> RuntimeError {
    let kind = if is_array { "JArray" } else { "JObject" };
    RuntimeError::new(format!(
        "Cannot cast Newtonsoft.Json.Linq.{kind} to Newtonsoft.Json.Linq.JToken."
    ))
}

/// The message of JmesPath.Net's scanner/parser errors: `Error(line, column): syntax, near 'text'.`
/// (line 1-based, column 0-based, as gplex counts them).
pub(crate) fn syntax_error(src: &str, offset: usize) -> CompileError {
    let offset = offset.min(src.len());
    let offset = (0..=offset)
        .rev()
        .find(|i| src.is_char_boundary(*i))
        .unwrap_or(0);
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].encode_utf16().count();
    let near = token_at(&src[offset..]);
    CompileError {
        message: format!("Error({line}, {column}): syntax, near '{near}'."),
        offset: Some(offset),
    }
}

/// The token starting at the beginning of `rest` (whitespace skipped), as the scanner would cut it.
fn token_at(rest: &str) -> &str {
    let rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    let end = if first.is_ascii_alphabetic() || first == '_' {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    } else if first.is_ascii_digit() || first == '-' {
        rest[1..]
            .find(|c: char| !c.is_ascii_digit())
            .map(|i| i + 1)
            .unwrap_or(rest.len())
    } else if first == '"' || first == '\'' || first == '`' {
        let mut escaped = false;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == first {
                end = i + c.len_utf8();
                break;
            }
        }
        end
    } else {
        let two = rest.get(..2).unwrap_or("");
        if matches!(two, "&&" | "||" | "==" | "!=" | ">=" | "<=" | "[]" | "[?") {
            2
        } else {
            first.len_utf8()
        }
    };
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_name_line_column_and_token() {
        assert_eq!(
            syntax_error("foo[?a", 6).message,
            "Error(1, 6): syntax, near ''."
        );
        assert_eq!(
            syntax_error("a.\n  ]b", 5).message,
            "Error(2, 2): syntax, near ']'."
        );
        assert_eq!(
            syntax_error("x == 'ab' )", 5).message,
            "Error(1, 5): syntax, near ''ab''."
        );
        assert_eq!(
            syntax_error("a || b", 2).message,
            "Error(1, 2): syntax, near '||'."
        );
        assert_eq!(syntax_error("a", 99).offset, Some(1));
        assert_eq!(syntax_error("é]", 1).offset, Some(0));
    }
}
