//! Path syntax and selection (device-mapping.md §6.1, §6.2), checked against Newtonsoft
//! 13.0.3's `JPath` and path filters.

mod support;

use medtech_jsonpath::EvalErrorKind as E;
use medtech_jsonpath::ParseErrorKind as P;
use support::{run, Case, Want::*};

const OBJ: &str = r#"{"a": 1, "b": [2, 3], "c": {"d": 4}}"#;
const ARR4: &str = "[0, 1, 2, 3]";

#[test]
fn roots_and_implicit_root() {
    run(&[
        Case("$", OBJ, Many(&[""])),
        Case("", OBJ, Many(&[""])),
        Case("   ", OBJ, Many(&[""])),
        Case("$.a", OBJ, Many(&["/a"])),
        Case("a", OBJ, Many(&["/a"])),
        Case("c.d", OBJ, Many(&["/c/d"])),
        Case(" $.a", OBJ, Many(&["/a"])),
        Case("$[1]", ARR4, Many(&["/1"])),
        Case("[1]", ARR4, Many(&["/1"])),
        Case("$['a']", OBJ, Many(&["/a"])),
        // `$` not followed by `.`/`[` is part of a property name.
        Case("$a", r#"{"$a": 1, "a": 2}"#, Many(&["/$a"])),
        Case("$ ", r#"{"$": 5}"#, Many(&["/$"])),
        Case("$$", r#"{"$$": 5}"#, Many(&["/$$"])),
        // Leading spaces before a name are part of it; before `$` they are skipped.
        Case(" a", r#"{" a": 1, "a": 2}"#, Many(&["/ a"])),
        Case(" [0]", r#"{" ": [7]}"#, Many(&["/ /0"])),
        // ` $`: Newtonsoft reads one character past the end.
        Case(
            " $",
            OBJ,
            ParseErr(
                P::IndexOutOfRange,
                "Index was outside the bounds of the array.",
            ),
        ),
        // `@` outside a filter is a property name.
        Case("@", r#"{"@": 1}"#, Many(&["/@"])),
        Case("@.a", r#"{"@": {"a": 1}, "a": 2}"#, Many(&["/@/a"])),
        Case("$.missing", OBJ, Many(&[])),
        Case("missing.deeper", OBJ, Many(&[])),
        Case("$.A", OBJ, Many(&[])),
    ]);
}

#[test]
fn dot_names_and_terminators() {
    run(&[
        Case(
            "$.Properties.iothub-creation-time-utc",
            r#"{"Properties": {"iothub-creation-time-utc": "t"}}"#,
            Many(&["/Properties/iothub-creation-time-utc"]),
        ),
        Case("$.a$b@c'd", r#"{"a$b@c'd": 1}"#, Many(&["/a$b@c'd"])),
        Case("$.a   ", OBJ, Many(&["/a"])),
        Case("$.a\t", OBJ, Many(&["/a"])),
        Case("$.a\tb", "{\"a\\tb\": 1}", Many(&["/a\tb"])),
        Case(
            "$.a b",
            OBJ,
            ParseErr(P::Syntax, "Unexpected character while parsing path:  "),
        ),
        Case(
            "$.a]",
            OBJ,
            ParseErr(P::Syntax, "Unexpected character while parsing path: ]"),
        ),
        Case(
            "$.a)",
            OBJ,
            ParseErr(P::Syntax, "Unexpected character while parsing path: )"),
        ),
        Case(
            "$.a.",
            OBJ,
            ParseErr(P::Syntax, "Unexpected end while parsing path."),
        ),
        Case(
            "$.",
            OBJ,
            ParseErr(P::Syntax, "Unexpected end while parsing path."),
        ),
        Case(
            "$..",
            OBJ,
            ParseErr(P::Syntax, "Unexpected end while parsing path."),
        ),
        // A dot followed by spaces is accepted: `a. ` is `a`.
        Case("a. ", OBJ, Many(&["/a"])),
        Case("$.c..d", OBJ, Many(&["/c/d"])),
        Case("$.c...d", OBJ, Many(&["/c/d"])),
    ]);
}

#[test]
fn wildcards() {
    run(&[
        Case("$.*", OBJ, Many(&["/a", "/b", "/c"])),
        Case("$.*", ARR4, Many(&[])),
        Case("$.b.*", OBJ, Many(&[])),
        Case("$[*]", ARR4, Many(&["/0", "/1", "/2", "/3"])),
        Case("$[*]", OBJ, Many(&[])),
        Case("$.c[*]", OBJ, Many(&[])),
        Case("$[ * ]", "[5]", Many(&["/0"])),
        Case("$.*.d", OBJ, Many(&["/c/d"])),
        Case("$.b[*]", OBJ, Many(&["/b/0", "/b/1"])),
        // `['*']` is a member literally named `*`.
        Case("$['*']", r#"{"*": 1, "a": 2}"#, Many(&["/*"])),
        // Anything before `*` in an indexer is ignored.
        Case("$[1*]", "[1, 2]", Many(&["/0", "/1"])),
        Case("$[1,2,*]", "[1, 2]", Many(&["/0", "/1"])),
        Case(
            "$[*x]",
            "[1]",
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: *",
            ),
        ),
        Case(
            "$[*",
            "[1]",
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case("$[* ", "[1]", ParseErr(P::IndexOutOfRange, "")),
    ]);
}

#[test]
fn bracket_names() {
    run(&[
        Case(
            "$.['My Property']",
            r#"{"My Property": 1}"#,
            Many(&["/My Property"]),
        ),
        Case(
            "$['My Property']",
            r#"{"My Property": 1}"#,
            Many(&["/My Property"]),
        ),
        Case("$[ 'a' ]", OBJ, Many(&["/a"])),
        Case("$['b','a']", OBJ, Many(&["/b", "/a"])),
        Case("$['a', 'missing' ,'c']", OBJ, Many(&["/a", "/c"])),
        Case("$['a','a']", OBJ, Many(&["/a", "/a"])),
        Case("$['b']['0']", OBJ, Many(&[])),
        Case("$.c['d']", OBJ, Many(&["/c/d"])),
        Case("$['']", r#"{"": 1}"#, Many(&["/"])),
        Case(r"$['a\'b']", r#"{"a'b": 1}"#, Many(&["/a'b"])),
        Case(r"$['a\\b']", r#"{"a\\b": 1}"#, Many(&["/a\\b"])),
        Case(r#"$['a\"\/b']"#, r#"{"a\"/b": 1}"#, Many(&["/a\"~1b"])),
        Case(r"$['\t']", "{\"\\t\": 1}", Many(&["/\t"])),
        // Later items need no opening quote: its first character is skipped.
        Case("$['a',b']", r#"{"a": 1, "": 2}"#, Many(&["/a", "/"])),
        Case(
            r#"$["a"]"#,
            OBJ,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: \"",
            ),
        ),
        Case(
            r"$['a\u0041']",
            OBJ,
            ParseErr(P::Syntax, r"Unknown escape character: \u"),
        ),
        Case(
            "$['a",
            OBJ,
            ParseErr(P::Syntax, "Path ended with an open string."),
        ),
        Case(
            r"$['a\",
            OBJ,
            ParseErr(P::Syntax, "Path ended with an open string."),
        ),
        Case(
            "$['a'",
            OBJ,
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case(
            "$['a' x]",
            OBJ,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: x",
            ),
        ),
        Case(
            "$['a',",
            OBJ,
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case(
            "$['a']b",
            OBJ,
            ParseErr(P::Syntax, "Unexpected character following indexer: b"),
        ),
        Case("$['c'].d", OBJ, Many(&["/c/d"])),
        Case("$['c']['d']", OBJ, Many(&["/c/d"])),
        Case("('a')", OBJ, Many(&["/a"])),
        Case("$.c('d')", OBJ, Many(&["/c/d"])),
        // `$(` is not a root: `$('a')` is member `$`, then member `a`.
        Case("$('a')", OBJ, Many(&[])),
        Case("$('a')", r#"{"$": {"a": 1}}"#, Many(&["/$/a"])),
        Case(
            "$['a')",
            OBJ,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: )",
            ),
        ),
    ]);
}

#[test]
fn indexes_and_unions() {
    run(&[
        Case("$[0]", ARR4, Many(&["/0"])),
        Case("$[3]", ARR4, Many(&["/3"])),
        Case("$[4]", ARR4, Many(&[])),
        Case("$[0][1]", "[[1, 2]]", Many(&["/0/1"])),
        Case("$[0] ", ARR4, Many(&["/0"])),
        Case("$[ 1 ]", ARR4, Many(&["/1"])),
        Case("(2)", ARR4, Many(&["/2"])),
        // `$(2)` is member `$`, then index 2 (the spec's `$(0)` example selects nothing).
        Case("$(2)", ARR4, Many(&[])),
        Case("$(2)", r#"{"$": [0, 1, 2]}"#, Many(&["/$/2"])),
        Case("$.b(1)", OBJ, Many(&["/b/1"])),
        Case("$[0,2]", ARR4, Many(&["/0", "/2"])),
        Case("$[2, 0 ,2]", ARR4, Many(&["/2", "/0", "/2"])),
        Case("$[0,9]", ARR4, Many(&["/0"])),
        Case("$[0]", OBJ, Many(&[])),
        Case("$.a[0]", OBJ, Many(&[])),
        // A negative index throws on an array (List indexer), and only on an array.
        Case("$[-1]", ARR4, EvalErr(E::IndexOutOfRange, "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')")),
        Case("$[-1]", "[]", EvalErr(E::IndexOutOfRange, "")),
        Case("$[0,-1]", ARR4, Partial(&["/0"], E::IndexOutOfRange)),
        Case("$[-1]", OBJ, Many(&[])),
        Case("$.missing[-1]", OBJ, Many(&[])),
        Case("$.c[-1]", OBJ, Many(&[])),
        Case("$[1 2]", ARR4, ParseErr(P::Syntax, "Unexpected character while parsing path indexer: 2")),
        Case("$[]", ARR4, ParseErr(P::Syntax, "Array index expected.")),
        Case("$[ ]", ARR4, ParseErr(P::Syntax, "Array index expected.")),
        Case("$[,1]", ARR4, ParseErr(P::Syntax, "Array index expected.")),
        Case("$[1,]", ARR4, ParseErr(P::Syntax, "Array index expected.")),
        Case("$[a]", ARR4, ParseErr(P::Syntax, "Unexpected character while parsing path indexer: a")),
        Case("$[\t1]", ARR4, ParseErr(P::Syntax, "Unexpected character while parsing path indexer: \t")),
        Case("$[1-2]", ARR4, ParseErr(P::Format, "The input string '1-2' was not in a correct format.")),
        Case("$[-]", ARR4, ParseErr(P::Format, "The input string '-' was not in a correct format.")),
        Case("$[\u{663}]", ARR4, ParseErr(P::Format, "The input string '\u{663}' was not in a correct format.")),
        Case("$[99999999999]", ARR4, ParseErr(P::Overflow, "Value was either too large or too small for an Int32.")),
        Case("$[", ARR4, ParseErr(P::Syntax, "Path ended with open indexer.")),
        Case("$[ ", ARR4, ParseErr(P::IndexOutOfRange, "")),
        Case("$[1", ARR4, ParseErr(P::Syntax, "Path ended with open indexer.")),
        Case("$[1]x", ARR4, ParseErr(P::Syntax, "Unexpected character following indexer: x")),
        Case("$(0]", ARR4, ParseErr(P::Syntax, "Unexpected character while parsing path indexer: ]")),
        Case("$.b(", OBJ, ParseErr(P::Syntax, "Path ended with open indexer.")),
    ]);
}

#[test]
fn slices() {
    run(&[
        Case("$[1:]", ARR4, Many(&["/1", "/2", "/3"])),
        Case("$[:2]", ARR4, Many(&["/0", "/1"])),
        Case("$[:]", ARR4, Many(&["/0", "/1", "/2", "/3"])),
        Case("$[ 1 : 3 ]", ARR4, Many(&["/1", "/2"])),
        Case("$[-2:]", ARR4, Many(&["/2", "/3"])),
        Case("$[:-1]", ARR4, Many(&["/0", "/1", "/2"])),
        Case("$[::2]", ARR4, Many(&["/0", "/2"])),
        Case("$[::-1]", ARR4, Many(&["/3", "/2", "/1", "/0"])),
        Case("$[3:0:-1]", ARR4, Many(&["/3", "/2", "/1"])),
        Case("$[-1::-2]", ARR4, Many(&["/3", "/1"])),
        Case("$[10:]", ARR4, Many(&[])),
        Case("$[-10:2]", ARR4, Many(&["/0", "/1"])),
        Case("$[2:1]", ARR4, Many(&[])),
        Case("$[0:2]", OBJ, Many(&[])),
        // More colons: the last number is the step.
        Case("$[1:2:3:4]", ARR4, Many(&["/1"])),
        // A comma after a slice start turns it into an index list (the start is dropped).
        Case("$[1:2,3]", ARR4, Many(&["/2", "/3"])),
        // Step 0 throws as soon as the path is evaluated, even with nothing to slice.
        Case("$[::0]", ARR4, EvalErr(E::StepZero, "Step cannot be zero.")),
        Case(
            "$.missing[::0]",
            OBJ,
            EvalErr(E::StepZero, "Step cannot be zero."),
        ),
        Case("$[1:2:0]", OBJ, EvalErr(E::StepZero, "")),
        // C# int arithmetic wraps: a huge step runs into a negative index.
        Case(
            "$[1::2147483647]",
            "[0, 1, 2]",
            Partial(&["/1"], E::IndexOutOfRange),
        ),
        Case("$[::-2147483648]", "[0, 1, 2]", Many(&["/2"])),
        Case(
            "$[1:a]",
            ARR4,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: a",
            ),
        ),
        Case(
            "$[1:2",
            ARR4,
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case("$[1:-]", ARR4, ParseErr(P::Format, "")),
    ]);
}

#[test]
fn recursive_descent() {
    const NESTED: &str = r#"{"name": 1, "a": {"name": 2, "b": [{"name": 3}]}}"#;
    run(&[
        Case(
            "$..name",
            NESTED,
            Many(&["/name", "/a/name", "/a/b/0/name"]),
        ),
        Case("..name", NESTED, Many(&["/name", "/a/name", "/a/b/0/name"])),
        // Pre-order: a member's subtree comes before the next member.
        Case("$..x", r#"{"a": {"x": 1}, "x": 2}"#, Many(&["/a/x", "/x"])),
        Case("$..x", r#"{"x": {"x": 1}}"#, Many(&["/x", "/x/x"])),
        // `..*`: the start token first, then every descendant value.
        Case(
            "$..*",
            r#"{"a": {"b": 1}, "c": [2]}"#,
            Many(&["", "/a", "/a/b", "/c", "/c/0"]),
        ),
        Case("$..*", "5", Many(&[""])),
        Case(
            "$.a..*",
            NESTED,
            Many(&["/a", "/a/name", "/a/b", "/a/b/0", "/a/b/0/name"]),
        ),
        Case(
            "$..['b','a']",
            r#"{"b": {"a": 1}, "a": 2}"#,
            Many(&["/b", "/b/a", "/a"]),
        ),
        Case("$..['a','a']", r#"{"a": 1}"#, Many(&["/a", "/a"])),
        Case(
            "$..['name']",
            NESTED,
            Many(&["/name", "/a/name", "/a/b/0/name"]),
        ),
        Case("$..['*']", r#"{"*": 1, "a": 2}"#, Many(&["/*"])),
        Case(
            "$..name.x",
            r#"{"name": {"x": 1}, "a": {"name": {"x": 2}}}"#,
            Many(&["/name/x", "/a/name/x"]),
        ),
        // `..` before an index, slice or `[*]` is dropped.
        Case("$..[0]", r#"[[5], [6]]"#, Many(&["/0"])),
        Case("$..[0]", r#"{"a": [1]}"#, Many(&[])),
        Case("$..[*]", r#"[[1], [2]]"#, Many(&["/0", "/1"])),
        Case("$..[0:1]", r#"[[1], [2]]"#, Many(&["/0"])),
        Case("$..b[0]", NESTED, Many(&["/a/b/0"])),
        Case("$..missing", NESTED, Many(&[])),
        Case("$..name", "[]", Many(&[])),
    ]);
}
