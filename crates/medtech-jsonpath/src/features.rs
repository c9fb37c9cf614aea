//! Which Newtonsoft-only constructs an expression uses (device-mapping.md §6), for lints such
//! as "other JSONPath tools read this differently".

/// Constructs found while parsing. Each flag names a reading particular to Newtonsoft 13.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Features {
    /// The expression does not start with `$.`, `$[` or `$` alone: the root is implicit
    /// (`heartrate` ≡ `$.heartrate`).
    pub missing_dollar: bool,
    /// A leading `$` not followed by `.`/`[` is part of a property name (`$x`, `$ `).
    pub dollar_property: bool,
    /// A leading `@` outside a filter is a property named `@…`.
    pub at_property: bool,
    /// Leading spaces before a name without `$` are part of the name (` a` is property " a").
    pub leading_space_name: bool,
    /// The path ends at a space followed only by spaces (or a dot followed by spaces).
    pub space_terminated: bool,
    /// `.[` (`$.['a']` ≡ `$['a']`).
    pub dot_bracket: bool,
    /// `(` … `)` used as an indexer (`$(0)`).
    pub paren_indexer: bool,
    /// `.*`: member values of objects only (nothing on arrays; RFC 9535 takes both).
    pub dot_wildcard: bool,
    /// `[*]`: elements of arrays only (nothing on objects; RFC 9535 takes both).
    pub bracket_wildcard: bool,
    /// Any `..`.
    pub recursive_descent: bool,
    /// `..*`: yields the start token itself first, then every descendant value.
    pub recursive_wildcard: bool,
    /// `..[0]`, `..[*]`, `..[1:2]`: the `..` is ignored before an index (`$..[0]` ≡ `$[0]`).
    pub scan_index_ignored: bool,
    /// `..[?(…)]`: tests the start token itself and all descendants, property tokens included.
    pub scan_filter: bool,
    /// `[?(…)]` without `..`: tests the children; on an object they are property tokens, which
    /// never satisfy member tests (the filter effectively works on arrays only).
    pub filter_on_children: bool,
    /// `@x` / `$x` in a filter (the dot after `@`/`$` is optional).
    pub at_without_dot: bool,
    /// `$` inside a filter (the token the whole expression is evaluated on).
    pub root_in_filter: bool,
    /// A bare operand as a condition: true when the path yields anything, JSON `null` included.
    pub existence_test: bool,
    /// `a && b || c` read as `a && (b || c)`.
    pub and_then_or: bool,
    /// Two conditions with no `&&`/`||` between them: all but the last are silently dropped.
    pub dropped_condition: bool,
    /// A literal as the left operand (a constant condition, e.g. `[?(1)]`).
    pub literal_left: bool,
    /// `===` / `!==`.
    pub strict_equality: bool,
    /// `<>` (same as `!=`).
    pub angle_not_equals: bool,
    /// `<`, `<=`, `>`, `>=`: .NET type coercion, which can throw at run time.
    pub relational: bool,
    /// A `/regex/` literal (.NET syntax; `=~`).
    pub regex: bool,
    /// The `x` regex flag: ExplicitCapture in .NET, "extended" elsewhere.
    pub regex_explicit_capture: bool,
    /// A negative index `[-1]`: throws when applied to an array.
    pub negative_index: bool,
    /// A slice `[a:b:c]`.
    pub slice: bool,
    /// A slice with step 0: throws when evaluated.
    pub zero_step: bool,
    /// A union of indexes or names (`[0,1]`, `['a','b']`).
    pub union: bool,
    /// A dot name with characters RFC 9535's shorthand does not allow (`-`, `$`, `@`, `:`…)
    /// or starting with a digit.
    pub unusual_member_name: bool,
    /// A bracket name list whose later item does not start with a quote (`['a',b']`: the first
    /// character is skipped as if it were the quote).
    pub lenient_quote: bool,
}

impl Features {
    /// The names of the flags that are set, in declaration order (snake_case).
    pub fn names(&self) -> Vec<&'static str> {
        let all = [
            (self.missing_dollar, "missing_dollar"),
            (self.dollar_property, "dollar_property"),
            (self.at_property, "at_property"),
            (self.leading_space_name, "leading_space_name"),
            (self.space_terminated, "space_terminated"),
            (self.dot_bracket, "dot_bracket"),
            (self.paren_indexer, "paren_indexer"),
            (self.dot_wildcard, "dot_wildcard"),
            (self.bracket_wildcard, "bracket_wildcard"),
            (self.recursive_descent, "recursive_descent"),
            (self.recursive_wildcard, "recursive_wildcard"),
            (self.scan_index_ignored, "scan_index_ignored"),
            (self.scan_filter, "scan_filter"),
            (self.filter_on_children, "filter_on_children"),
            (self.at_without_dot, "at_without_dot"),
            (self.root_in_filter, "root_in_filter"),
            (self.existence_test, "existence_test"),
            (self.and_then_or, "and_then_or"),
            (self.dropped_condition, "dropped_condition"),
            (self.literal_left, "literal_left"),
            (self.strict_equality, "strict_equality"),
            (self.angle_not_equals, "angle_not_equals"),
            (self.relational, "relational"),
            (self.regex, "regex"),
            (self.regex_explicit_capture, "regex_explicit_capture"),
            (self.negative_index, "negative_index"),
            (self.slice, "slice"),
            (self.zero_step, "zero_step"),
            (self.union, "union"),
            (self.unusual_member_name, "unusual_member_name"),
            (self.lenient_quote, "lenient_quote"),
        ];
        all.iter()
            .filter(|(set, _)| *set)
            .map(|(_, name)| *name)
            .collect()
    }
}

/// True when RFC 9535's `member-name-shorthand` accepts `name`.
pub(crate) fn is_shorthand_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let first_ok = first.is_ascii_alphabetic() || first == '_' || (first as u32) >= 0x80;
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (c as u32) >= 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lists_set_flags() {
        let f = Features {
            scan_filter: true,
            at_without_dot: true,
            ..Features::default()
        };
        assert_eq!(f.names(), ["scan_filter", "at_without_dot"]);
        assert!(Features::default().names().is_empty());
    }

    #[test]
    fn shorthand_names() {
        assert!(is_shorthand_name("heartRate"));
        assert!(is_shorthand_name("_x1"));
        assert!(is_shorthand_name("é"));
        assert!(!is_shorthand_name("iothub-creation-time-utc"));
        assert!(!is_shorthand_name("1a"));
        assert!(!is_shorthand_name(""));
    }
}
