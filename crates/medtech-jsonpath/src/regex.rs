//! The `=~` operator: a .NET regular expression taken from a `/pattern/flags` string
//! (device-mapping.md §6.3), run with `fancy-regex`.
//!
//! Newtonsoft takes the text between the first character and the last `/` as the pattern and
//! the text after it as flags: `i` IgnoreCase, `m` Multiline, `s` Singleline, `x`
//! **ExplicitCapture** (not "extended"); other letters are ignored. The match is unanchored
//! (`Regex.IsMatch`). .NET syntax is emulated by rewriting the pattern:
//! * `x` (ExplicitCapture): every unnamed group `(…)` becomes non-capturing `(?:…)`, so a
//!   numbered back-reference to it fails to compile, as in .NET;
//! * `$` without `m` matches at the end *or before a final newline* (.NET/Perl), written
//!   `(?=\n?\z)`; `\Z` likewise;
//! * `\<`, `\>` are literal characters in .NET (word boundaries in Rust), `\e` is ESC,
//!   `(?'name'…)` is `(?<name>…)`.
//!
//! * `\p{…}` / `\P{…}` take only .NET's names: the general categories (`L`, `Lu`, `Nd`, …,
//!   case-sensitive); any other name (a script such as `Greek`, a binary property, a long
//!   category name, `\pL` without braces) fails as in .NET ("Unknown property"). So only the
//!   general-category, case-folding and `\w`/`\d`/`\s` tables of the regex engine are used.
//!
//! Not emulated: character-class subtraction `[a-z-[aeiou]]`, the inline `n` option,
//! balancing groups, variable-length look-behind, octal escapes, and .NET's unlimited
//! backtracking (fancy-regex stops after its backtrack limit: reported as an error).

use crate::error::{EvalError, EvalErrorKind};
use std::sync::OnceLock;

/// A regex compiled on first use (for pattern literals).
pub(crate) type CachedRegex = OnceLock<Result<fancy_regex::Regex, EvalError>>;

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
fn compile(text: &str) -> Result<fancy_regex::Regex, EvalError> {
    let (pattern, flags) = split(text)?;
    let mut explicit_capture = false;
    let mut multiline = false;
    let mut prefix = String::new();
    for c in flags.chars() {
        match c {
            'i' => prefix.push('i'),
            'm' => {
                multiline = true;
                prefix.push('m');
            }
            's' => prefix.push('s'),
            'x' => explicit_capture = true,
            _ => {}
        }
    }
    check_properties(pattern).map_err(|message| {
        EvalError::new(
            EvalErrorKind::Regex,
            format!("Invalid pattern '{pattern}'. {message}"),
        )
    })?;
    let body = translate(pattern, explicit_capture, multiline);
    let full = if prefix.is_empty() {
        body
    } else {
        format!("(?{prefix}){body}")
    };
    fancy_regex::Regex::new(&full).map_err(|e| {
        EvalError::new(
            EvalErrorKind::Regex,
            format!("Invalid pattern '{pattern}'. {e}"),
        )
    })
}

/// The Unicode general categories .NET's `\p{…}` knows (`RegexCharClass`), besides the
/// `Is…` block names.
const DOTNET_CATEGORIES: [&str; 37] = [
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc",
    "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C",
    "Cc", "Cf", "Cs", "Co", "Cn",
];

/// Rejects `\p{…}` / `\P{…}` names .NET does not know (see the module docs). `Is…` block
/// names are left to the engine, which does not know them either.
fn check_properties(pattern: &str) -> Result<(), String> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        if let Some('p' | 'P') = chars.next() {
            if chars.next() != Some('{') {
                return Err("Malformed \\p{X} character escape.".to_string());
            }
            let name: String = chars.by_ref().take_while(|&n| n != '}').collect();
            if !DOTNET_CATEGORIES.contains(&name.as_str()) && !name.starts_with("Is") {
                return Err(format!("Unknown property '{name}'."));
            }
        }
    }
    Ok(())
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

/// Rewrites the .NET constructs that differ in fancy-regex (see the module docs).
fn translate(pattern: &str, explicit_capture: bool, multiline: bool) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match next {
                    '<' | '>' | '/' | '\'' | '"' | '#' | ' ' | '!' | '%' | ',' | ':' | ';'
                    | '=' | '@' | '`' | '~' => {
                        push_literal(&mut out, next);
                    }
                    'e' => out.push_str("\\x1B"),
                    'Z' if !in_class => out.push_str("(?=\\n?\\z)"),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A leading `]` or `^]` is a literal in both dialects; copy it through.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' if in_class => out.push_str("\\["),
            '$' if !in_class && !multiline => out.push_str("(?=\\n?\\z)"),
            '(' if !in_class => {
                if chars.peek() == Some(&'?') {
                    chars.next();
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                        out.push_str("(?<");
                        for n in chars.by_ref() {
                            if n == '\'' {
                                break;
                            }
                            out.push(n);
                        }
                        out.push('>');
                    } else {
                        out.push_str("(?");
                    }
                } else if explicit_capture {
                    out.push_str("(?:");
                } else {
                    out.push('(');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn push_literal(out: &mut String, c: char) {
    if matches!(c, '#' | '&' | '-' | '~') {
        out.push('\\');
    }
    out.push(c);
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
}
