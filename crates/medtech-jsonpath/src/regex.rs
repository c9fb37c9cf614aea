//! The `=~` operator: a .NET regular expression taken from a `/pattern/flags` string
//! (device-mapping.md §6.3), run with `medtech-regex`, our engine with .NET's syntax and
//! semantics.
//!
//! Newtonsoft takes the text between the first character and the last `/` as the pattern and
//! the text after it as flags: `i` IgnoreCase, `m` Multiline, `s` Singleline, `x`
//! **ExplicitCapture** (not "extended", and not IgnorePatternWhitespace); other letters are
//! ignored. The match is unanchored (`Regex.IsMatch`). A pattern .NET rejects fails with
//! .NET's `RegexParseException` text ("Invalid pattern '…' at offset N. …").
//!
//! What `medtech-regex` does and does not reproduce is listed in its crate docs and in
//! docs/fidelity.md; in short: .NET syntax throughout (class subtraction, balancing groups,
//! conditionals, lookbehind of any length, inline options, octal escapes, `\p{…}` limited to
//! .NET's category and block names), UTF-16 matching, and case-insensitivity by simple
//! lowercase equivalence. .NET has no backtracking limit; the engine stops after a step
//! budget, reported as an error.

use crate::error::{EvalError, EvalErrorKind};
use medtech_regex::{Options, Regex};
use std::sync::OnceLock;

/// A regex compiled on first use (for pattern literals).
pub(crate) type CachedRegex = OnceLock<Result<Regex, EvalError>>;

/// Evaluates `input =~ pattern_text` the way `BooleanQueryExpression.RegexEquals` does.
pub(crate) fn is_match(
    input: &str,
    pattern_text: &str,
    cache: Option<&CachedRegex>,
) -> Result<bool, EvalError> {
    let compiled = match cache {
        Some(cell) => cell.get_or_init(|| compile(pattern_text)),
        None => &compile(pattern_text),
    };
    match compiled {
        Ok(re) => re.is_match(input).map_err(|e| {
            EvalError::new(
                EvalErrorKind::Regex,
                format!("The regular expression could not be evaluated: {e}"),
            )
        }),
        Err(e) => Err(e.clone()),
    }
}

/// Splits `/pattern/flags` like `Substring(1, LastIndexOf('/') - 1)`, then compiles.
fn compile(text: &str) -> Result<Regex, EvalError> {
    let (pattern, flags) = split(text)?;
    let mut options = Options::default();
    for c in flags.chars() {
        match c {
            'i' => options.ignore_case = true,
            'm' => options.multiline = true,
            's' => options.singleline = true,
            'x' => options.explicit_capture = true,
            _ => {}
        }
    }
    Regex::new(pattern, options).map_err(|e| EvalError::new(EvalErrorKind::Regex, e.to_string()))
}

/// The pattern and flag texts, or the `ArgumentOutOfRangeException` `Substring` throws.
fn split(text: &str) -> Result<(&str, &str), EvalError> {
    let Some(slash) = text.rfind('/') else {
        return Err(substring_error(text, -1));
    };
    let first_len = text.chars().next().map(char::len_utf8).unwrap_or(0);
    if slash < first_len {
        return Err(substring_error(text, 0));
    }
    Ok((&text[first_len..slash], &text[slash + 1..]))
}

fn substring_error(text: &str, last_index: i64) -> EvalError {
    if text.is_empty() {
        return EvalError::new(
            EvalErrorKind::Argument,
            "startIndex cannot be larger than length of string. (Parameter 'startIndex')",
        );
    }
    let length = last_index - 1;
    EvalError::new(
        EvalErrorKind::Argument,
        format!(
            "length ('{length}') must be a non-negative value. (Parameter 'length')\nActual value was {length}."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(input: &str, pattern: &str) -> Result<bool, EvalErrorKind> {
        is_match(input, pattern, None).map_err(|e| e.kind)
    }

    #[test]
    fn flags_and_unanchored_match() {
        assert_eq!(m("Hello", "/ell/"), Ok(true));
        assert_eq!(m("Hello", "/^ell/"), Ok(false));
        assert_eq!(m("HELLO", "/hello/"), Ok(false));
        assert_eq!(m("HELLO", "/hello/i"), Ok(true));
        assert_eq!(m("a\nb", "/^b/"), Ok(false));
        assert_eq!(m("a\nb", "/^b/m"), Ok(true));
        assert_eq!(m("a\nb", "/a.b/"), Ok(false));
        assert_eq!(m("a\nb", "/a.b/s"), Ok(true));
        assert_eq!(m("abc", "/abc/q"), Ok(true));
    }

    #[test]
    fn dollar_matches_before_a_final_newline() {
        assert_eq!(m("abc\n", "/abc$/"), Ok(true));
        assert_eq!(m("abc\nx", "/abc$/"), Ok(false));
        assert_eq!(m("abc\nx", "/abc$/m"), Ok(true));
        assert_eq!(m("abc\n", "/abc\\Z/"), Ok(true));
    }

    #[test]
    fn explicit_capture_turns_groups_non_capturing() {
        assert_eq!(m("aa", "/(a)\\1/"), Ok(true));
        assert_eq!(m("aa", "/(a)\\1/x"), Err(EvalErrorKind::Regex));
        assert_eq!(m("aa", "/(?<n>a)\\k<n>/x"), Ok(true));
        assert_eq!(m("aa", "/(?'n'a)\\k<n>/"), Ok(true));
    }

    #[test]
    fn dotnet_escapes() {
        assert_eq!(m("a/b", "/a\\/b/"), Ok(true));
        assert_eq!(m("<b>", "/\\<b\\>/"), Ok(true));
        assert_eq!(m("]", "/[]]/"), Ok(true));
        assert_eq!(m("x[", "/[[]/"), Ok(true));
    }

    #[test]
    fn unicode_properties_are_the_dotnet_categories() {
        assert_eq!(m("É", "/^\\p{Lu}$/"), Ok(true));
        assert_eq!(m("é", "/^\\p{Lu}$/"), Ok(false));
        assert_eq!(m("7", "/[\\p{Nd}]/"), Ok(true));
        assert_eq!(m("a", "/\\P{L}/"), Ok(false));
        // .NET knows no scripts, binary properties, long names or lower-case names.
        for pattern in [
            "/\\p{Greek}/",
            "/\\p{Alphabetic}/",
            "/\\p{Letter}/",
            "/\\p{lu}/",
            "/[\\P{Latin}]/",
            "/\\pL/",
        ] {
            let error = is_match("α", pattern, None).unwrap_err();
            assert_eq!(error.kind, EvalErrorKind::Regex, "{pattern}");
        }
        let error = is_match("α", "/\\p{Greek}/", None).unwrap_err();
        assert!(
            error.message.ends_with("Unknown property 'Greek'."),
            "{}",
            error.message
        );
        // An escaped backslash before `p` is no property.
        assert_eq!(m("\\p{Greek}", "/\\\\p\\{Greek\\}/"), Ok(true));
        // Unicode \w, \d, \b and case folding are kept.
        assert_eq!(m("é", "/^\\w$/"), Ok(true));
        assert_eq!(m("٣", "/^\\d$/"), Ok(true));
        assert_eq!(m("straße", "/STRASSE|STRAẞE/i"), Ok(true));
        assert_eq!(m("éa", "/\\bé/"), Ok(true));
    }

    #[test]
    fn bad_delimiters_throw_substring_errors() {
        assert_eq!(m("x", ""), Err(EvalErrorKind::Argument));
        assert_eq!(m("x", "abc"), Err(EvalErrorKind::Argument));
        assert_eq!(m("x", "/"), Err(EvalErrorKind::Argument));
        assert_eq!(m("x", "a/"), Ok(true));
        assert_eq!(m("x", "/(/"), Err(EvalErrorKind::Regex));
        let e = is_match("x", "abc", None).unwrap_err();
        assert!(e.message.contains("'-2'"), "{}", e.message);
    }

    #[test]
    fn parse_errors_carry_the_dotnet_message() {
        let e = is_match("x", "/(/", None).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid pattern '(' at offset 1. Not enough )'s."
        );
        let e = is_match("x", "/a{2,1}/", None).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid pattern 'a{2,1}' at offset 6. Illegal {x,y} with x > y."
        );
    }

    #[test]
    fn dotnet_only_constructs() {
        // Character-class subtraction.
        assert_eq!(m("bcd", "/^[a-z-[aeiou]]+$/"), Ok(true));
        assert_eq!(m("bad", "/^[a-z-[aeiou]]+$/"), Ok(false));
        // Lookbehind of any length.
        assert_eq!(m("aaab", "/(?<=a+)b/"), Ok(true));
        assert_eq!(m("12-x", "/(?<=^\\d{1,3}-)x/"), Ok(true));
        // The inline `n` option (ExplicitCapture) and inline `x` (IgnorePatternWhitespace).
        assert_eq!(m("aa", "/(?n)(a)\\1/"), Err(EvalErrorKind::Regex));
        assert_eq!(m("abc", "/(?x) a b c/"), Ok(true));
        // Octal escapes.
        assert_eq!(m("A", "/^\\101$/"), Ok(true));
        // Conditionals and balancing groups.
        assert_eq!(m("ab", "/^(a)?(?(1)b|c)$/"), Ok(true));
        assert_eq!(m("ac", "/^(a)?(?(1)b|c)$/"), Ok(false));
        let balanced = "/^(?:(?<o>\\()|(?<-o>\\))|[^()])*(?(o)(?!))$/";
        assert_eq!(m("(a(b)c)", balanced), Ok(true));
        assert_eq!(m("(a(b)c", balanced), Ok(false));
        // `\p{Is…}` block names.
        assert_eq!(m("αβ", "/^\\p{IsGreek}+$/"), Ok(true));
        // IgnoreCase: KELVIN SIGN is a `k`, as in .NET 7+.
        assert_eq!(m("\u{212A}", "/k/i"), Ok(true));
    }

    #[test]
    fn catastrophic_backtracking_is_an_error() {
        let input = format!("{}b", "a".repeat(40));
        let e = is_match(&input, "/^(a+)+$/", None).unwrap_err();
        assert_eq!(e.kind, EvalErrorKind::Regex);
        assert_eq!(
            e.message,
            "The regular expression could not be evaluated: backtracking limit exceeded"
        );
    }
}
