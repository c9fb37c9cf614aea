//! The function registry: JmesPath.Net 1.0.205's built-ins and the MedTech custom functions
//! (device-mapping.md §7.2, §7.3), with the arity check JmesPath.Net performs while parsing.

/// A registered function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    Abs,
    Avg,
    Ceil,
    Contains,
    EndsWith,
    Floor,
    Join,
    Keys,
    Length,
    Map,
    Max,
    MaxBy,
    Merge,
    Min,
    MinBy,
    NotNull,
    Reverse,
    Sort,
    SortBy,
    StartsWith,
    Sum,
    ToArray,
    ToNumber,
    ToString,
    Type,
    Values,
    Add,
    Subtract,
    Multiply,
    Divide,
    Pow,
    FromUnixTimestamp,
    FromUnixTimestampMs,
    InsertString,
}

/// (name, function, minimum argument count, variadic, custom)
const TABLE: &[(&str, Func, usize, bool, bool)] = &[
    ("abs", Func::Abs, 1, false, false),
    ("avg", Func::Avg, 1, false, false),
    ("ceil", Func::Ceil, 1, false, false),
    ("contains", Func::Contains, 2, false, false),
    ("ends_with", Func::EndsWith, 2, false, false),
    ("floor", Func::Floor, 1, false, false),
    ("join", Func::Join, 2, false, false),
    ("keys", Func::Keys, 1, false, false),
    ("length", Func::Length, 1, false, false),
    ("map", Func::Map, 2, false, false),
    ("max", Func::Max, 1, false, false),
    ("max_by", Func::MaxBy, 2, false, false),
    ("merge", Func::Merge, 1, true, false),
    ("min", Func::Min, 1, false, false),
    ("min_by", Func::MinBy, 2, false, false),
    ("not_null", Func::NotNull, 1, true, false),
    ("reverse", Func::Reverse, 1, false, false),
    ("sort", Func::Sort, 1, false, false),
    ("sort_by", Func::SortBy, 2, false, false),
    ("starts_with", Func::StartsWith, 2, false, false),
    ("sum", Func::Sum, 1, false, false),
    ("to_array", Func::ToArray, 1, false, false),
    ("to_number", Func::ToNumber, 1, false, false),
    ("to_string", Func::ToString, 1, false, false),
    ("type", Func::Type, 1, false, false),
    ("values", Func::Values, 1, false, false),
    ("add", Func::Add, 2, false, true),
    ("subtract", Func::Subtract, 2, false, true),
    ("multiply", Func::Multiply, 2, false, true),
    ("divide", Func::Divide, 2, false, true),
    ("pow", Func::Pow, 2, false, true),
    ("fromUnixTimestamp", Func::FromUnixTimestamp, 1, false, true),
    (
        "fromUnixTimestampMs",
        Func::FromUnixTimestampMs,
        1,
        false,
        true,
    ),
    ("insertString", Func::InsertString, 3, false, true),
];

/// Names of the built-in functions, in registration order.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    TABLE.iter().filter(|e| !e.4).map(|e| e.0)
}

/// Names of the MedTech custom functions.
pub fn custom_names() -> impl Iterator<Item = &'static str> {
    TABLE.iter().filter(|e| e.4).map(|e| e.0)
}

impl Func {
    fn entry(self) -> &'static (&'static str, Func, usize, bool, bool) {
        // every variant has exactly one row
        TABLE.iter().find(|e| e.1 == self).unwrap_or(&TABLE[0])
    }

    /// The registered name.
    pub(crate) fn name(self) -> &'static str {
        self.entry().0
    }

    /// Looks a name up (ordinal, case-sensitive, like the reference's dictionary).
    pub(crate) fn lookup(name: &str, custom: bool) -> Option<Func> {
        TABLE
            .iter()
            .find(|e| e.0 == name && (custom || !e.4))
            .map(|e| e.1)
    }

    /// JmesPath.Net's parse-time arity check (`JmesPathFunctionExpression` constructor).
    pub(crate) fn check_arity(self, actual: usize) -> Result<(), String> {
        let (name, _, expected, variadic, _) = *self.entry();
        if actual >= expected && (variadic || actual == expected) {
            return Ok(());
        }
        let more = if variadic { "or more " } else { "" };
        let only = if variadic { "only " } else { "" };
        let report = if actual == 0 {
            "none".to_string()
        } else {
            format!("{only}{actual}")
        };
        let plural = if expected > 1 { "s" } else { "" };
        Err(format!(
            "Error: invalid-arity, the function {name} expects {expected} argument{plural} {more}but {report} were supplied."
        ))
    }
}

/// JmesPath.Net's message for an unknown function name.
pub(crate) fn unknown_function(name: &str) -> String {
    format!("Error: unknown-function, no function named {name} has been registered.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_26_builtins_and_8_custom_functions() {
        assert_eq!(builtin_names().count(), 26);
        assert_eq!(custom_names().count(), 8);
        for e in TABLE {
            assert_eq!(Func::lookup(e.0, true), Some(e.1));
            assert_eq!(e.1.name(), e.0);
        }
        assert_eq!(Func::lookup("add", false), None);
        assert_eq!(Func::lookup("Add", true), None);
        assert_eq!(Func::lookup("fromunixtimestamp", true), None);
    }

    #[test]
    fn arity_messages_follow_the_reference_wording() {
        let cases: &[(Func, usize, &str)] = &[
            (Func::Sort, 2, "Error: invalid-arity, the function sort expects 1 argument but 2 were supplied."),
            (Func::Sort, 0, "Error: invalid-arity, the function sort expects 1 argument but none were supplied."),
            (Func::InsertString, 2, "Error: invalid-arity, the function insertString expects 3 arguments but 2 were supplied."),
            (Func::Add, 0, "Error: invalid-arity, the function add expects 2 arguments but none were supplied."),
            (Func::Add, 3, "Error: invalid-arity, the function add expects 2 arguments but 3 were supplied."),
            (Func::NotNull, 0, "Error: invalid-arity, the function not_null expects 1 argument or more but none were supplied."),
            (Func::Merge, 0, "Error: invalid-arity, the function merge expects 1 argument or more but none were supplied."),
        ];
        for (f, n, msg) in cases {
            assert_eq!(f.check_arity(*n).unwrap_err(), *msg);
        }
        assert!(Func::NotNull.check_arity(5).is_ok());
        assert!(Func::Merge.check_arity(1).is_ok());
        assert!(Func::Pow.check_arity(2).is_ok());
    }
}
