//! Parse and evaluation errors, with the .NET exception each one stands for
//! (device-mapping.md §5.3, §5.6).
//!
//! The reference wraps only `JsonException`s into template-expression errors
//! (`Unable to retrieve JsonToken using expression …`); every other .NET exception escapes raw.
//! [`ParseError::is_json_exception`] and [`EvalError::is_json_exception`] tell the two apart, and
//! `dotnet_type` names the exception class for messages.

use std::fmt;

/// What kind of failure a [`ParseError`] is, by the .NET exception Newtonsoft's `JPath`
/// constructor throws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParseErrorKind {
    /// A `JsonException` with one of Newtonsoft's parser messages ("Unexpected character while
    /// parsing path: …", "Path ended with open indexer.", …).
    Syntax,
    /// The parser read one character past the end of the text (`$[ `, `$[?(@.a==5`, ` $`):
    /// `System.IndexOutOfRangeException`.
    IndexOutOfRange,
    /// An array index that is not an integer (`[1-2]`, `[-]`): `System.FormatException` from
    /// `Convert.ToInt32`.
    Format,
    /// An array index beyond 32 bits: `System.OverflowException`.
    Overflow,
    /// Filters nested too deeply or too many path segments: a limit of this implementation
    /// (the reference has none; it would eventually overflow its stack).
    TooComplex,
}

/// A JSONPath text the reference rejects when the expression is evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Newtonsoft's message text (or the .NET runtime's, see [`ParseErrorKind`]).
    pub message: String,
    /// Byte offset in the expression where the parser stopped.
    pub offset: usize,
    /// Which exception the reference throws.
    pub kind: ParseErrorKind,
}

impl ParseError {
    /// True when the reference throws a `JsonException` (which the MedTech evaluator wraps into
    /// "Unable to retrieve JsonToken(s) using expression …"); false for raw runtime exceptions.
    pub fn is_json_exception(&self) -> bool {
        self.kind == ParseErrorKind::Syntax
    }

    /// The full name of the .NET exception class.
    pub fn dotnet_type(&self) -> &'static str {
        match self.kind {
            ParseErrorKind::Syntax => "Newtonsoft.Json.JsonException",
            ParseErrorKind::IndexOutOfRange => "System.IndexOutOfRangeException",
            ParseErrorKind::Format => "System.FormatException",
            ParseErrorKind::Overflow => "System.OverflowException",
            ParseErrorKind::TooComplex => "System.InsufficientExecutionStackException",
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// What kind of failure an [`EvalError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EvalErrorKind {
    /// `SelectToken` found a second token: `JsonException` "Path returned multiple tokens.".
    MultipleTokens,
    /// A slice with step 0: `JsonException` "Step cannot be zero.".
    StepZero,
    /// A negative index applied to an array (or a slice step that overflowed):
    /// `System.ArgumentOutOfRangeException` from the list indexer.
    IndexOutOfRange,
    /// A `=~` whose pattern string has no usable `/…/` delimiters:
    /// `System.ArgumentOutOfRangeException` from `String.Substring`.
    Argument,
    /// A string that is not a number/boolean/date compared with one (`"abc" > 60`):
    /// `System.FormatException`.
    Format,
    /// A number too large for the comparison type: `System.OverflowException`.
    Overflow,
    /// Values that cannot be converted for a comparison (a date against a number):
    /// `System.InvalidCastException`.
    InvalidCast,
    /// A regular expression that does not compile (`RegexParseException`) or that exceeded this
    /// implementation's backtracking limit (the reference has no timeout by default).
    Regex,
    /// The selection contains a property token (`name: value` pair), which the `NodeId`
    /// convenience APIs cannot represent; use the `Token` APIs. Not a reference error.
    PropertyToken,
}

/// A failure while evaluating a parsed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong.
    pub kind: EvalErrorKind,
    /// The message as .NET prints it (where feasible).
    pub message: String,
}

impl EvalError {
    pub(crate) fn new(kind: EvalErrorKind, message: impl Into<String>) -> EvalError {
        EvalError {
            kind,
            message: message.into(),
        }
    }

    /// True when the reference throws a `JsonException` (wrapped by the MedTech evaluator when
    /// it happens inside `SelectToken`); false for raw runtime exceptions.
    pub fn is_json_exception(&self) -> bool {
        matches!(
            self.kind,
            EvalErrorKind::MultipleTokens | EvalErrorKind::StepZero
        )
    }

    /// The full name of the .NET exception class.
    pub fn dotnet_type(&self) -> &'static str {
        match self.kind {
            EvalErrorKind::MultipleTokens | EvalErrorKind::StepZero => {
                "Newtonsoft.Json.JsonException"
            }
            EvalErrorKind::IndexOutOfRange | EvalErrorKind::Argument => {
                "System.ArgumentOutOfRangeException"
            }
            EvalErrorKind::Format => "System.FormatException",
            EvalErrorKind::Overflow => "System.OverflowException",
            EvalErrorKind::InvalidCast => "System.InvalidCastException",
            EvalErrorKind::Regex => "System.Text.RegularExpressions.RegexParseException",
            EvalErrorKind::PropertyToken => "(none: API limitation)",
        }
    }

    pub(crate) fn format_string(text: &str) -> EvalError {
        EvalError::new(
            EvalErrorKind::Format,
            format!("The input string '{text}' was not in a correct format."),
        )
    }

    pub(crate) fn invalid_cast(from: &str, to: &str) -> EvalError {
        EvalError::new(
            EvalErrorKind::InvalidCast,
            format!("Invalid cast from '{from}' to '{to}'."),
        )
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}
