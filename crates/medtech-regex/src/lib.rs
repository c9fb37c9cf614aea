//! Regular expressions with .NET's syntax and semantics (`System.Text.RegularExpressions`
//! as of .NET 8, without `RegexOptions.ECMAScript`, culture-invariant), for the JSONPath
//! `=~` operator of the MedTech Mapping Debugger.
//!
//! A small backtracking engine: [`Regex::new`] parses the pattern the way .NET's
//! `RegexParser` does (same errors, same offsets: "Invalid pattern '…' at offset N. …"), and
//! [`Regex::is_match`] runs it on an explicit stack with a step budget.
//!
//! What matches .NET:
//! * text is matched as UTF-16 code units, as .NET does: `.` matches one half of a surrogate
//!   pair, and offsets in errors count UTF-16 units;
//! * classes with ranges, negation, subtraction `[a-z-[aeiou]]`, `\p{…}`/`\P{…}` with the
//!   general categories and the `Is…` block names (others fail with "Unknown property");
//!   `\w` = `[\p{L}\p{Mn}\p{Nd}\p{Pc}]`, `\d` = `\p{Nd}`, `\s` = `char.IsWhiteSpace`; `\b`
//!   also counts ZERO WIDTH (NON-)JOINER as word characters;
//! * `^ $ \A \z \Z \G \b \B` (`$` without Multiline also before a final `\n`);
//! * escapes `\t \n \r \f \v \e \a \b`(in classes) `\0`/octal, `\xHH`, `\uHHHH`, `\cX`, and
//!   any non-word character escaped as itself; an escaped word character that is no escape
//!   is an error;
//! * greedy and lazy quantifiers, `{n}`, `{n,}`, `{n,m}` (a `{` that is no quantifier is a
//!   literal); capturing, named (`(?<n>…)`, `(?'n'…)`, numbered `(?<3>…)`), non-capturing,
//!   atomic groups, balancing groups `(?<a-b>…)`; lookahead and lookbehind of any length
//!   (lookbehinds run right to left, as in .NET); backreferences `\1`, `\k<n>`, `\k'n'`,
//!   `\<n>`; conditionals `(?(1)…|…)`, `(?(name)…|…)`, `(?(expression)…|…)`; inline options
//!   `(?imnsx-imnsx)` and `(?imnsx-imnsx:…)`; `(?#…)` comments; group numbering (unnamed
//!   groups first, then named ones).
//!
//! Where it differs from .NET:
//! * IgnoreCase: .NET 7+ uses its own case-equivalence table; here two units are equivalent
//!   when their simple lowercase mappings (Rust's `char::to_lowercase`, when that is one
//!   character) are equal. This gives .NET's invariant-culture answers for the cases its
//!   tests pin (`K`/`k`/KELVIN SIGN, `Ω`/OHM SIGN, `Å`/ANGSTROM SIGN, `ǅ`/`Ǆ`, `İ` only
//!   itself) but may differ for a few characters .NET's table treats specially.
//! * Unicode data: general categories come from `unicode-general-category` (Unicode 16.0);
//!   .NET 8 uses Unicode 15.0, so characters assigned in 15.1 and 16.0 are `Cn` in .NET.
//! * The `\p{_xml…}` internal classes .NET happens to accept are refused (an error), and
//!   groups or class subtractions nested deeper than 200 levels are refused.
//! * .NET has no backtracking limit (only an optional timeout); here a match that takes more
//!   than 20 million steps (or 4 million stack entries) stops with
//!   [`MatchError::BacktrackLimit`].

mod ast;
mod compile;
mod exec;
mod parse;
mod unicode;

use std::fmt;

/// The `RegexOptions` that affect matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub ignore_case: bool,
    pub multiline: bool,
    pub singleline: bool,
    pub explicit_capture: bool,
    /// IgnorePatternWhitespace (inline `x`).
    pub ignore_pattern_whitespace: bool,
}

/// A pattern .NET would reject: `RegexParseException`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub pattern: String,
    /// In UTF-16 code units, as .NET counts.
    pub offset: usize,
    /// .NET's text for the problem, e.g. "Not enough )'s.".
    pub reason: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Invalid pattern '{}' at offset {}. {}",
            self.pattern, self.offset, self.reason
        )
    }
}

impl std::error::Error for Error {}

/// A match that could not be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchError {
    /// The step or stack budget ran out (catastrophic backtracking).
    BacktrackLimit,
    /// The input has more than `u32::MAX` UTF-16 units.
    TooLong,
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MatchError::BacktrackLimit => "backtracking limit exceeded",
            MatchError::TooLong => "input too long",
        })
    }
}

impl std::error::Error for MatchError {}

/// A compiled .NET regular expression.
#[derive(Clone)]
pub struct Regex {
    program: compile::Program,
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Regex")
            .field("instructions", &self.program.insts.len())
            .finish()
    }
}

impl Regex {
    /// Parses `pattern` as `new Regex(pattern, options)` does.
    pub fn new(pattern: &str, options: Options) -> Result<Regex, Error> {
        let parsed = parse::parse(pattern, options)?;
        let program = compile::compile(parsed.root, &parsed.group_numbers);
        Ok(Regex { program })
    }

    /// `Regex.IsMatch(input)`: whether the pattern matches anywhere in `input`.
    pub fn is_match(&self, input: &str) -> Result<bool, MatchError> {
        let units: Vec<u16> = input.encode_utf16().collect();
        exec::is_match(&self.program, &units)
    }
}
