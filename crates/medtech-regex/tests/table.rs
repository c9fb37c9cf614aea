//! Data-driven checks of .NET behaviour: (pattern, options, input, expected outcome).
//! Options: `i` IgnoreCase, `m` Multiline, `s` Singleline, `n` ExplicitCapture, `x`
//! IgnorePatternWhitespace. Expected: `T`/`F` for a match or not, or `E:<text>` for a
//! parse error whose message ends with the text (which includes .NET's offset).

use medtech_regex::{MatchError, Options, Regex};

fn options(flags: &str) -> Options {
    Options {
        ignore_case: flags.contains('i'),
        multiline: flags.contains('m'),
        singleline: flags.contains('s'),
        explicit_capture: flags.contains('n'),
        ignore_pattern_whitespace: flags.contains('x'),
    }
}

const CASES: &[(&str, &str, &str, &str)] = &[
    // Literals, unanchored search, `.`
    ("ell", "", "Hello", "T"),
    ("^ell", "", "Hello", "F"),
    ("", "", "", "T"),
    ("a.c", "", "abc", "T"),
    ("a.c", "", "a\nc", "F"),
    ("a.c", "s", "a\nc", "T"),
    // UTF-16 units: `.` is one half of a surrogate pair, as in .NET.
    ("^.$", "", "😀", "F"),
    ("^..$", "", "😀", "T"),
    ("^\\p{Cs}\\p{Cs}$", "", "😀", "T"),
    ("^.$", "", "é", "T"),
    // Anchors
    ("^b", "", "a\nb", "F"),
    ("^b", "m", "a\nb", "T"),
    ("a$", "", "a\n", "T"),
    ("a$", "", "a\nb", "F"),
    ("a$", "m", "a\nb", "T"),
    ("a$", "", "a\n\n", "F"),
    ("a\\Z", "", "a\n", "T"),
    ("a\\z", "", "a\n", "F"),
    ("a\\z", "", "a", "T"),
    ("\\Aa", "m", "b\na", "F"),
    ("\\Ga", "", "ba", "F"),
    ("\\Ga", "", "ab", "T"),
    ("\\bfoo\\b", "", "a foo b", "T"),
    ("\\bfoo\\b", "", "afoo", "F"),
    ("\\Boo", "", "foo", "T"),
    ("\\bé", "", "éa", "T"),
    ("a\\b", "", "a\u{200D}", "F"),
    ("a\\w", "", "a\u{200D}", "F"),
    // Classes
    ("^[a-c]+$", "", "abcab", "T"),
    ("[^a-c]", "", "abc", "F"),
    ("[]]", "", "]", "T"),
    ("[^]]", "", "]", "F"),
    ("[[]", "", "x[", "T"),
    ("[a-]", "", "-", "T"),
    ("[-a]", "", "-", "T"),
    ("[\\d-z]", "", "-", "T"),
    ("^[a-z-[aeiou]]+$", "", "bcd", "T"),
    ("^[a-z-[aeiou]]+$", "", "bad", "F"),
    ("^[a-z-[aeiou-[e]]]$", "", "e", "T"),
    ("^[a-z-[aeiou-[e]]]$", "", "a", "F"),
    ("^[^a-z-[x]]$", "", "x", "F"),
    ("^[^a-z-[x]]$", "", "5", "T"),
    ("^[\\w-[\\d]]+$", "", "abc", "T"),
    ("^[\\w-[\\d]]+$", "", "ab1", "F"),
    ("[a-[a]]", "", "a", "F"),
    (
        "[z-a]",
        "",
        "",
        "E:at offset 4. [x-y] range in reverse order.",
    ),
    (
        "[a-z-[b]c]",
        "",
        "",
        "E:at offset 8. A subtraction must be the last element in a character class.",
    ),
    ("[\\d-z]", "", "5", "T"),
    (
        "[a-\\d]",
        "",
        "",
        "E:at offset 5. Cannot include class \\\\d in character range.",
    ),
    ("[abc", "", "", "E:at offset 4. Unterminated [] set."),
    ("[\\b]", "", "\u{8}", "T"),
    // Shorthands and categories
    ("^\\d$", "", "٣", "T"),
    ("^\\d$", "", "²", "F"),
    ("^\\w$", "", "é", "T"),
    ("^\\w$", "", "_", "T"),
    ("^\\w$", "", "\u{0301}", "T"),
    ("^\\w$", "", "\u{0903}", "F"),
    ("^\\W$", "", "-", "T"),
    ("^\\s$", "", "\u{00A0}", "T"),
    ("^\\s$", "", "\u{200B}", "F"),
    ("^\\s$", "", "\u{85}", "T"),
    ("^\\S$", "", "a", "T"),
    ("^\\p{Lu}$", "", "É", "T"),
    ("^\\p{Lu}$", "", "é", "F"),
    ("^\\p{Lu}$", "i", "é", "T"),
    ("^\\P{L}$", "", "a", "F"),
    ("^\\p{N}+$", "", "1²Ⅻ", "T"),
    ("^\\p{IsGreek}+$", "", "αβγ", "T"),
    ("^\\p{IsGreek}$", "", "a", "F"),
    ("^\\P{IsBasicLatin}$", "", "é", "T"),
    ("^[\\p{IsCyrillic}\\d]+$", "", "Жж5", "T"),
    (
        "\\p{Greek}",
        "",
        "",
        "E:at offset 9. Unknown property 'Greek'.",
    ),
    ("\\p{lu}", "", "", "E:Unknown property 'lu'."),
    ("\\p{Letter}", "", "", "E:Unknown property 'Letter'."),
    ("[\\P{Latin}]", "", "", "E:Unknown property 'Latin'."),
    (
        "\\pL",
        "",
        "",
        "E:at offset 2. Incomplete \\\\p{X} character escape.",
    ),
    (
        "\\pLx",
        "",
        "",
        "E:at offset 2. Incomplete \\\\p{X} character escape.",
    ),
    (
        "\\pLxy",
        "",
        "",
        "E:at offset 3. Malformed \\\\p{X} character escape.",
    ),
    (
        "\\p{Lu",
        "",
        "",
        "E:at offset 5. Incomplete \\\\p{X} character escape.",
    ),
    ("\\p{_xmlC}", "", "", "E:not supported by this debugger."),
    // Escapes
    (
        "\\t\\n\\r\\f\\v\\e\\a",
        "",
        "\t\n\r\u{c}\u{b}\u{1b}\u{7}",
        "T",
    ),
    ("\\x41\\u0042", "", "AB", "T"),
    (
        "\\x4",
        "",
        "",
        "E:at offset 2. Insufficient hexadecimal digits.",
    ),
    (
        "\\x4G",
        "",
        "",
        "E:at offset 4. Insufficient hexadecimal digits.",
    ),
    ("\\cA\\cz", "", "\u{1}\u{1a}", "T"),
    ("\\c", "", "", "E:at offset 2. Missing control character."),
    (
        "\\c1",
        "",
        "",
        "E:at offset 3. Unrecognized control character.",
    ),
    ("\\101", "", "A", "T"),
    ("\\0", "", "\0", "T"),
    ("\\08", "", "\u{0}8", "T"),
    // Octal stops after three digits and keeps the low 8 bits (0o477 & 0xFF = '?').
    ("^\\477$", "", "?", "T"),
    ("(a)\\11", "", "a\t", "T"),
    ("\\<b\\>", "", "<b>", "T"),
    ("a\\/b", "", "a/b", "T"),
    ("\\#\\ \\~", "", "# ~", "T"),
    (
        "\\q",
        "",
        "",
        "E:at offset 2. Unrecognized escape sequence \\\\q.",
    ),
    ("\\_", "", "", "E:Unrecognized escape sequence \\\\_."),
    (
        "a\\",
        "",
        "",
        "E:at offset 2. Illegal \\\\ at end of pattern.",
    ),
    (
        "\\8",
        "",
        "",
        "E:at offset 2. Reference to undefined group number 8.",
    ),
    // Quantifiers
    ("^a*$", "", "aaa", "T"),
    ("^a+$", "", "", "F"),
    ("^ab?c$", "", "ac", "T"),
    ("^a{3}$", "", "aaa", "T"),
    ("^a{3}$", "", "aa", "F"),
    ("^a{2,}$", "", "aaaa", "T"),
    ("^a{2,3}$", "", "aaaa", "F"),
    ("^a{,3}$", "", "a{,3}", "T"),
    ("^a{x}$", "", "a{x}", "T"),
    (
        "{1}",
        "",
        "",
        "E:at offset 1. Quantifier {x,y} following nothing.",
    ),
    // An anchor can be quantified.
    ("^{1}a", "", "a", "T"),
    ("x{2,1}", "", "", "E:at offset 6. Illegal {x,y} with x > y."),
    ("a**", "", "", "E:at offset 3. Nested quantifier '*'."),
    ("a*??", "", "", "E:at offset 4. Nested quantifier '?'."),
    (
        "*a",
        "",
        "",
        "E:at offset 1. Quantifier {x,y} following nothing.",
    ),
    (
        "a{99999999999}",
        "",
        "",
        "E:Capture group numbers must be less than or equal to Int32.MaxValue.",
    ),
    ("^(a+?)b", "", "aaab", "T"),
    ("^a.*?b$", "", "axxbxb", "T"),
    ("^(ab)*$", "", "ababab", "T"),
    ("^(ab)*?c$", "", "ababc", "T"),
    ("^(?:a|ab)(?:c|bcd)$", "", "abcd", "T"),
    ("^(a?)*$", "", "aa", "T"),
    ("^(a|)+b$", "", "aab", "T"),
    ("^(ab){2}$", "", "abab", "T"),
    ("^(ab){2,3}$", "", "abababab", "F"),
    ("^(?:a{2}){2}$", "", "aaaa", "T"),
    // Groups, backreferences, explicit capture
    ("(a)\\1", "", "aa", "T"),
    ("(a)\\1", "", "ab", "F"),
    (
        "(a)\\1",
        "n",
        "aa",
        "E:at offset 5. Reference to undefined group number 1.",
    ),
    (
        "(?n)(a)\\1",
        "",
        "aa",
        "E:Reference to undefined group number 1.",
    ),
    ("(?<n>a)\\k<n>", "n", "aa", "T"),
    ("(?'n'a)\\k'n'", "", "aa", "T"),
    (
        "(?<n>a)\\k<m>",
        "",
        "",
        "E:at offset 12. Reference to undefined group name 'm'.",
    ),
    ("(?<n>a)\\<n>", "", "aa", "T"),
    (
        "\\k",
        "",
        "",
        "E:at offset 1. Malformed \\\\k<...> named back reference.",
    ),
    (
        "\\kx",
        "",
        "",
        "E:at offset 3. Malformed \\\\k<...> named back reference.",
    ),
    ("(?<n>a)(b)\\2", "", "abb", "F"),
    ("(?<n>a)(b)\\2", "", "aba", "T"),
    ("(?<n>a)(b)\\1", "", "abb", "T"),
    ("(?<2>a)(b)\\2", "", "aba", "T"),
    (
        "(?<0>a)",
        "",
        "",
        "E:at offset 4. Capture number cannot be zero.",
    ),
    (
        "(?<a b>x)",
        "",
        "",
        "E:at offset 4. Invalid group name: Group names must begin with a word character.",
    ),
    (
        "(?<>x)",
        "",
        "",
        "E:at offset 3. Invalid group name: Group names must begin with a word character.",
    ),
    ("(a)|\\1b", "", "b", "F"),
    ("^(a)?\\1$", "", "", "F"),
    ("(A)\\1", "i", "Aa", "T"),
    ("(k)\\1", "i", "k\u{212A}", "T"),
    ("\\k<1>(a)", "", "aa", "F"),
    ("(?:(a)|b)\\1", "", "ba", "F"),
    // Named groups are numbered after the unnamed ones: \\3 is `x`.
    ("(a)(?<x>b)(c)\\3", "", "abcc", "F"),
    ("(a)(?<x>b)(c)\\3", "", "abcb", "T"),
    // Atomic groups, lookaround
    ("^(?>a+)a", "", "aaa", "F"),
    ("^(?>a|ab)c", "", "abc", "F"),
    ("^(?:a|ab)c", "", "abc", "T"),
    ("a(?=b)", "", "ab", "T"),
    ("a(?=b)", "", "ac", "F"),
    ("a(?!b)", "", "ab", "F"),
    ("a(?!b)", "", "ac", "T"),
    ("(?<=a)b", "", "ab", "T"),
    ("(?<=a)b", "", "cb", "F"),
    ("(?<!a)b", "", "ab", "F"),
    ("(?<!a)b", "", "cb", "T"),
    ("(?<=a+)b", "", "aaab", "T"),
    ("(?<=^a+)b", "", "caab", "F"),
    ("(?<=^\\d{1,3}-)x", "", "12-x", "T"),
    // Lookbehinds run right to left: a backreference must stand left of its group.
    ("(?<=(a)\\1)b", "", "aab", "F"),
    ("(?<=\\1(a))b", "", "aab", "T"),
    ("(?<=\\1(a))b", "", "cab", "F"),
    ("(?<=ab|cde)x", "", "cdex", "T"),
    ("^(?=(a))\\1b", "", "ab", "T"),
    ("(?!(a))\\1", "", "ab", "F"),
    // Inline options
    ("(?i)abc", "", "ABC", "T"),
    ("a(?i)bc", "", "aBC", "T"),
    ("a(?i)bc", "", "ABC", "F"),
    ("(?i:a)b", "", "Ab", "T"),
    ("(?i:a)b", "", "AB", "F"),
    ("(?-i:a)b", "i", "aB", "T"),
    ("(?-i:a)b", "i", "AB", "F"),
    ("(?s).", "", "\n", "T"),
    ("(?m)^b", "", "a\nb", "T"),
    ("(?x) a b c # comment", "", "abc", "T"),
    ("(?x)[ ]", "", " ", "T"),
    ("(?x)a\\ b", "", "a b", "T"),
    ("a b", "x", "ab", "T"),
    ("(?n)(a)(?<x>b)\\k<x>", "", "abb", "T"),
    ("(?I)A", "", "a", "T"),
    (
        "(?q)",
        "",
        "",
        "E:at offset 3. Unrecognized grouping construct.",
    ),
    (
        "(?P<n>a)",
        "",
        "",
        "E:at offset 3. Unrecognized grouping construct.",
    ),
    ("(?<=", "", "", "E:at offset 4. Not enough )'s."),
    ("(?#comment)a", "", "a", "T"),
    (
        "a(?#comment",
        "",
        "",
        "E:at offset 11. Unterminated (?#...) comment.",
    ),
    (
        "(?i)(?#c)*",
        "",
        "",
        "E:Quantifier {x,y} following nothing.",
    ),
    // Alternation and conditionals
    ("^(cat|dog)$", "", "dog", "T"),
    ("^(cat|dog|)$", "", "", "T"),
    ("^(a)?(?(1)b|c)$", "", "ab", "T"),
    ("^(a)?(?(1)b|c)$", "", "c", "T"),
    ("^(a)?(?(1)b|c)$", "", "ac", "F"),
    ("^(?<q>a)?(?(q)b|c)$", "", "ab", "T"),
    ("^(?(a)ab|cd)$", "", "ab", "T"),
    ("^(?(a)ab|cd)$", "", "cd", "T"),
    ("^(?(?=a)ab|cd)$", "", "ab", "T"),
    ("^(?(?!a)cd|ab)$", "", "ab", "T"),
    ("^(?(a)b)$", "", "", "T"),
    (
        "(?(1)a|b|c)",
        "",
        "",
        "E:at offset 5. (?(1) ) reference to undefined group.",
    ),
    (
        "(a)(?(1)a|b|c)",
        "",
        "",
        "E:at offset 14. Too many | in (?()|).",
    ),
    (
        "(?(?#x)a)",
        "",
        "",
        "E:Alternation conditions cannot be comments.",
    ),
    (
        "(?(?<n>x)a)",
        "",
        "",
        "E:Alternation conditions do not capture and cannot be named.",
    ),
    // Balancing groups
    (
        "^(?:(?<o>\\()|(?<-o>\\))|[^()])*(?(o)(?!))$",
        "",
        "(a(b)c)",
        "T",
    ),
    (
        "^(?:(?<o>\\()|(?<-o>\\))|[^()])*(?(o)(?!))$",
        "",
        "(a(b)c",
        "F",
    ),
    (
        "^(?:(?<o>\\()|(?<-o>\\))|[^()])*(?(o)(?!))$",
        "",
        "a)b(",
        "F",
    ),
    // The balancing capture is the text between the two intervals.
    ("^(?<a>x)(?<b-a>y)\\k<b>$", "", "xy", "T"),
    ("^(?<a>x)y(?<b-a>z)\\k<b>$", "", "xyzy", "T"),
    ("^(?<a>x)y(?<b-a>z)\\k<b>$", "", "xyzz", "F"),
    (
        "(?<a-b>x)",
        "",
        "",
        "E:at offset 6. Reference to undefined group name 'b'.",
    ),
    (
        "(?<-1>x)",
        "",
        "",
        "E:Reference to undefined group number 1.",
    ),
    // Parentheses
    ("(", "", "", "E:at offset 1. Not enough )'s."),
    (")", "", "", "E:at offset 1. Too many )'s."),
    ("a)", "", "", "E:at offset 2. Too many )'s."),
    ("()", "", "", "T"),
    // IgnoreCase (.NET 7+ equivalences)
    ("hello", "i", "HELLO", "T"),
    ("K", "i", "\u{212A}", "T"),
    ("\u{212A}", "i", "k", "T"),
    ("[a-z]", "i", "\u{212A}", "T"),
    ("\u{2126}", "i", "ω", "T"),
    ("\u{212B}", "i", "å", "T"),
    ("\u{1C5}", "i", "\u{1C4}", "T"),
    ("\u{130}", "i", "i", "F"),
    ("I", "i", "\u{131}", "F"),
    ("STRAẞE", "i", "straße", "T"),
    ("[^a]", "i", "A", "F"),
    ("[a-z-[k]]", "i", "K", "F"),
    ("\\w", "i", "_", "T"),
    ("(?i)[A-Z]", "", "q", "T"),
    ("[A-Z]", "", "q", "F"),
];

#[test]
fn table() {
    let mut failures = Vec::new();
    for &(pattern, flags, input, expected) in CASES {
        let outcome = match Regex::new(pattern, options(flags)) {
            Ok(regex) => match regex.is_match(input) {
                Ok(true) => "T".to_string(),
                Ok(false) => "F".to_string(),
                Err(e) => format!("match error: {e}"),
            },
            Err(e) => format!("E:{e}"),
        };
        let ok = match expected.strip_prefix("E:") {
            Some(tail) => outcome.starts_with("E:") && outcome.ends_with(tail),
            None => outcome == expected,
        };
        if !ok {
            failures.push(format!(
                "{pattern:?} /{flags}/ on {input:?}: expected {expected}, got {outcome}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn error_message_names_pattern_and_offset() {
    let e = Regex::new("a(b", Options::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Invalid pattern 'a(b' at offset 3. Not enough )'s."
    );
    assert_eq!(e.offset, 3);
    // Offsets count UTF-16 units.
    let e = Regex::new("😀)", Options::default()).unwrap_err();
    assert_eq!(e.offset, 3);
}

#[test]
fn catastrophic_backtracking_is_bounded() {
    let regex = Regex::new("^(a+)+$", Options::default()).unwrap();
    let input = format!("{}b", "a".repeat(40));
    assert_eq!(regex.is_match(&input), Err(MatchError::BacktrackLimit));
    assert_eq!(
        MatchError::BacktrackLimit.to_string(),
        "backtracking limit exceeded"
    );
    // The same pattern on a matching input is quick.
    assert_eq!(regex.is_match(&"a".repeat(40)), Ok(true));
    let regex = Regex::new("(x+x+)+y", Options::default()).unwrap();
    assert_eq!(
        regex.is_match(&"x".repeat(5000)),
        Err(MatchError::BacktrackLimit)
    );
    // Found by the `regex` fuzz target: millions of required empty iterations of a zero-width
    // body stop at the budget too.
    let regex = Regex::new("${7677676}a", Options::default()).unwrap();
    for input in ["", "a", "xyz"] {
        assert_eq!(regex.is_match(input), Err(MatchError::BacktrackLimit));
    }
}

#[test]
fn long_inputs_match_without_deep_stacks() {
    let long = "ab".repeat(200_000);
    let regex = Regex::new("^(?:ab)*$", Options::default()).unwrap();
    assert_eq!(regex.is_match(&long), Ok(true));
    let regex = Regex::new("^.*b$", Options::default()).unwrap();
    assert_eq!(regex.is_match(&long), Ok(true));
    let regex = Regex::new("z", Options::default()).unwrap();
    assert_eq!(regex.is_match(&long), Ok(false));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for pattern in [
        "(".repeat(100_000) + &")".repeat(100_000),
        "(?:".repeat(100_000) + "a" + &")".repeat(100_000),
        "(?=".repeat(100_000),
        "[a-".to_string() + &"[a-".repeat(100_000),
        "[a-[".repeat(100_000),
        "[\\d-[".repeat(100_000),
        "(?(".repeat(100_000),
        "(?>".repeat(100_000) + "a" + &")*".repeat(100_000),
    ] {
        let e = Regex::new(&pattern, Options::default()).unwrap_err();
        assert!(
            e.reason.contains("not supported by this debugger")
                || e.reason.contains("Unterminated")
                || e.reason.contains("Not enough"),
            "{}",
            e.reason
        );
    }
    // 200 levels are fine.
    let pattern = "(".repeat(200) + "a" + &")".repeat(200);
    let regex = Regex::new(&pattern, Options::default()).unwrap();
    assert_eq!(regex.is_match("a"), Ok(true));
}
