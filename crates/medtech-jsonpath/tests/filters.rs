//! Filters `[?( … )]` (device-mapping.md §6.3), checked against Newtonsoft 13.0.3's
//! `JPath.ParseExpression`, `QueryFilter`, `QueryScanFilter` and `BooleanQueryExpression`.

mod support;

use medtech_jsonpath::EvalErrorKind as E;
use medtech_jsonpath::ParseErrorKind as P;
use support::{run, Case, Want::*};

#[test]
fn existence_and_targets() {
    run(&[
        // A member holding null exists.
        Case(
            "$[?(@.a)]",
            r#"[{"a": 1}, {"b": 2}, {"a": null}]"#,
            Many(&["/0", "/2"]),
        ),
        Case("$[?(@a)]", r#"[{"a": 1}, {"b": 2}]"#, Many(&["/0"])),
        Case("$[?(@['a b'])]", r#"[{"a b": 1}, {"b": 2}]"#, Many(&["/0"])),
        Case(
            "$[?(@a.b)]",
            r#"[{"a": {"b": 1}}, {"a": 2}]"#,
            Many(&["/0"]),
        ),
        Case("$[?(@.a[0])]", r#"[{"a": [1]}, {"a": []}]"#, Many(&["/0"])),
        Case(
            "$[?(@..x)]",
            r#"[{"y": {"x": 1}}, {"y": 2}]"#,
            Many(&["/0"]),
        ),
        // Non-recursive filters test children; an object's children are property tokens.
        Case("$[?(@.a)]", r#"{"x": {"a": 1}}"#, Many(&[])),
        Case(
            "$.Body[?(@.hr)]",
            r#"{"Body": {"hr": 1, "x": {"hr": 2}}}"#,
            Many(&[]),
        ),
        Case(
            "$[?(@)]",
            r#"{"a": 1, "b": 2}"#,
            Many(&["prop:/a", "prop:/b"]),
        ),
        Case(
            "$[?($.flag)]",
            r#"{"flag": true, "a": 1}"#,
            Many(&["prop:/flag", "prop:/a"]),
        ),
        Case(
            "$.arr[?($.flag)]",
            r#"{"flag": 1, "arr": [1, 2]}"#,
            Many(&["/arr/0", "/arr/1"]),
        ),
        Case(
            "$.arr[?($.nope)]",
            r#"{"flag": 1, "arr": [1, 2]}"#,
            Many(&[]),
        ),
        Case("$[?(@)]", "[1, null]", Many(&["/0", "/1"])),
        Case("$[?(@.a)]", "5", Many(&[])),
        // Property tokens flow on: a filter over a property tests its value, a scan descends.
        Case("$[?(@)].x", r#"{"a": {"x": 1}}"#, Many(&[])),
        Case("$[?(@)][?(@.x)]", r#"{"a": {"x": 1}}"#, Many(&["/a"])),
        Case("$[?(@)]..x", r#"{"a": {"x": 1}}"#, Many(&["/a/x"])),
        Case(
            "$[?(@)]..*",
            r#"{"a": {"x": 1}}"#,
            Many(&["prop:/a", "/a", "/a/x"]),
        ),
        Case("$[?(@)][*]", r#"{"a": [1]}"#, Many(&[])),
        // Literals as conditions are always true.
        Case("$[?(1)]", "[1, 2]", Many(&["/0", "/1"])),
        Case("$[?(null)]", "[1]", Many(&["/0"])),
        Case("$[?('x')]", "[1]", Many(&["/0"])),
        Case("$[?(1 == 1)]", "[1, 2]", Many(&["/0", "/1"])),
        Case(
            "$[?('a' == @.x)]",
            r#"[{"x": "a"}, {"x": "b"}]"#,
            Many(&["/0"]),
        ),
    ]);
}

#[test]
fn scan_filters_test_the_start_token_and_properties() {
    run(&[
        Case(
            "$..[?(@.a)]",
            r#"{"a": 1, "x": {"a": 2}}"#,
            Many(&["", "/x"]),
        ),
        Case(
            "$..[?(@.a)]",
            r#"[{"a": 1}, [{"a": 2}]]"#,
            Many(&["/0", "/1/0"]),
        ),
        Case("$..[?(@.a)]", "5", Many(&[])),
        Case("$..[?(@)]", "5", Many(&[""])),
        Case("$..[?(@ != 'x')]", r#"{"a": "x"}"#, Many(&["", "prop:/a"])),
        Case(
            "$..[?(@..b)]",
            r#"{"a": {"b": 1}}"#,
            Many(&["", "prop:/a", "/a"]),
        ),
        Case("$..[?($.f)]", r#"{"f": 1}"#, Many(&["", "prop:/f", "/f"])),
        Case(
            "$..[?(@ > 1)]",
            r#"{"a": [1, 2, {"b": 3}]}"#,
            Many(&["/a/1", "/a/2/b"]),
        ),
        Case(
            "$.a..[?(@.b)]",
            r#"{"a": {"b": 1, "c": {"b": 2}}, "b": 0}"#,
            Many(&["/a", "/a/c"]),
        ),
        Case("$..['a']..[?(@.b)]", r#"{"a": {"b": 1}}"#, Many(&["/a"])),
    ]);
}

#[test]
fn filter_syntax_errors() {
    const D: &str = r#"[{"a": 5, "b": 1}]"#;
    run(&[
        Case(
            "$[?@.a]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: @",
            ),
        ),
        Case(
            "$[?",
            D,
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case(
            "$[?(",
            D,
            ParseErr(P::Syntax, "Path ended with open query."),
        ),
        Case(
            "$[?( ",
            D,
            ParseErr(
                P::IndexOutOfRange,
                "Index was outside the bounds of the array.",
            ),
        ),
        Case(
            "$[?(@.a)",
            D,
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case("$[?(@.a) ", D, ParseErr(P::IndexOutOfRange, "")),
        Case(
            "$[?(@.a))]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path indexer: )",
            ),
        ),
        Case(
            "$[?(@.a)",
            D,
            ParseErr(P::Syntax, "Path ended with open indexer."),
        ),
        Case(
            "$[?(@.a",
            D,
            ParseErr(P::Syntax, "Path ended with open query."),
        ),
        Case(
            "$[?(@.a ",
            D,
            ParseErr(P::Syntax, "Path ended with open query."),
        ),
        Case(
            "$[?(@.a =",
            D,
            ParseErr(P::Syntax, "Path ended with open query."),
        ),
        Case("$[?(@.a ==", D, ParseErr(P::IndexOutOfRange, "")),
        Case("$[?(@.a == ", D, ParseErr(P::IndexOutOfRange, "")),
        Case("$[?(@.a == 1", D, ParseErr(P::IndexOutOfRange, "")),
        Case(
            "$[?(@.a = 1)]",
            D,
            ParseErr(P::Syntax, "Could not read query operator."),
        ),
        Case(
            "$[?(@.a ! 1)]",
            D,
            ParseErr(P::Syntax, "Could not read query operator."),
        ),
        Case(
            "$[?(@.a ==== 1)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: =",
            ),
        ),
        Case(
            "$[?(@.a < )]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: )",
            ),
        ),
        // A number literal ends only at a space or `)`.
        Case(
            "$[?(@.a==5&&@.b)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: )",
            ),
        ),
        Case("$[?(@.a==5 &&@.b)]", D, Many(&["/0"])),
        Case(
            "$[?(@.a == 1,000)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: )",
            ),
        ),
        Case(
            "$[?(@.a == 99999999999999999999)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: )",
            ),
        ),
        Case(
            "$[?(@.a == 1.2.3 )]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query:  ",
            ),
        ),
        Case(
            "$[?(@.a == \u{663})]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: )",
            ),
        ),
        Case(
            r#"$[?(@.a == "x")]"#,
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: \"",
            ),
        ),
        Case(
            "$[?(@.a == tru)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: t",
            ),
        ),
        Case(
            "$[?(@.a == truex)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: x",
            ),
        ),
        Case(
            "$[?(@.a == x)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: x",
            ),
        ),
        Case(
            "$[?(@.a == 'x)]",
            D,
            ParseErr(P::Syntax, "Path ended with an open string."),
        ),
        Case(
            "$[?(@.a =~ /x)]",
            D,
            ParseErr(P::Syntax, "Path ended with an open regex."),
        ),
        Case(
            "$[?(@.a & @.b)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: &",
            ),
        ),
        Case(
            "$[?(@.a | @.b)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: |",
            ),
        ),
        Case("$[?(@.a &&", D, ParseErr(P::IndexOutOfRange, "")),
        Case(
            "$[?(@.a ||",
            D,
            ParseErr(P::Syntax, "Path ended with open query."),
        ),
        Case(
            "$[?(@.a && )]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: )",
            ),
        ),
        Case(
            "$[?(@. == 1)]",
            D,
            ParseErr(P::Syntax, "Unexpected end while parsing path."),
        ),
        Case(
            "$[?(@[0]x)]",
            D,
            ParseErr(P::Syntax, "Unexpected character following indexer: x"),
        ),
        Case(
            "$[?(@.a])]",
            D,
            ParseErr(P::Syntax, "Could not read query operator."),
        ),
        Case(
            "$[?(!@.a)]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: !",
            ),
        ),
        Case(
            "$[?((@.a))]",
            D,
            ParseErr(
                P::Syntax,
                "Unexpected character while parsing path query: (",
            ),
        ),
        Case(
            "$[?(@.a)]]",
            D,
            ParseErr(P::Syntax, "Unexpected character while parsing path: ]"),
        ),
        Case(
            "$[?(@.a)].",
            D,
            ParseErr(P::Syntax, "Unexpected end while parsing path."),
        ),
    ]);
}

#[test]
fn boolean_composition() {
    const ABC: &str = r#"[{"a": 1, "b": 1}, {"a": 1, "c": 1}, {"c": 1}, {"b": 1, "c": 1}]"#;
    run(&[
        // `a && b || c` is `a && (b || c)`.
        Case("$[?(@.a && @.b || @.c)]", ABC, Many(&["/0", "/1"])),
        Case(
            "$[?(@.c || @.a && @.b)]",
            ABC,
            Many(&["/0", "/1", "/2", "/3"]),
        ),
        Case(
            "$[?(@.a || @.b && @.c)]",
            r#"[{"a": 1}, {"b": 1}, {"b": 1, "c": 1}]"#,
            Many(&["/0", "/2"]),
        ),
        Case(
            "$[?(@.a && @.b || @.c && @.d)]",
            r#"[{"a": 1, "c": 1, "d": 1}, {"c": 1, "d": 1}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a && @.b && @.c)]",
            r#"[{"a": 1, "b": 1, "c": 1}, {"a": 1, "b": 1}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a || @.b || @.c)]",
            r#"[{"c": 1}, {"d": 1}]"#,
            Many(&["/0"]),
        ),
        // A condition not followed by `&&`/`||` is dropped.
        Case(
            "$[?(@.a == 1 @.b)]",
            r#"[{"a": 2, "b": 1}, {"a": 1}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a @.b)]",
            r#"[{"a": 1}]"#,
            ParseErr(P::Syntax, "Could not read query operator."),
        ),
        Case(
            "$[?(@.a == 1 @.b == 2)]",
            r#"[{"a": 1, "b": 2}, {"a": 2, "b": 2}]"#,
            Many(&["/0", "/1"]),
        ),
        // `&&||`: the same condition joins both groups.
        Case(
            "$[?(@.a &&|| @.b)]",
            r#"[{"a": 1}, {"b": 1}]"#,
            Many(&["/0"]),
        ),
        // Short-circuit: the failing comparison is never reached.
        Case("$[?(@.x && @.a > 1)]", r#"[{"a": "bad"}]"#, Many(&[])),
        Case("$[?(@.a || @.a > 1)]", r#"[{"a": "bad"}]"#, Many(&["/0"])),
    ]);
}

#[test]
fn equality() {
    const MIX: &str = r#"[{"a": 1}, {"a": 1.0}, {"a": "1"}, {"a": 2}, {"a": true}, {"a": null}, {}, {"a": [1]}, {"a": {"x": 1}}]"#;
    run(&[
        Case("$[?(@.a == 1)]", MIX, Many(&["/0", "/1"])),
        Case("$[?(@.a==1)]", MIX, Many(&["/0", "/1"])),
        Case("$[?(@.a == 1.0)]", MIX, Many(&["/0", "/1"])),
        Case("$[?(@.a == '1')]", MIX, Many(&["/2"])),
        Case("$[?(@.a == true)]", MIX, Many(&["/4"])),
        Case("$[?(@.a == null)]", MIX, Many(&["/5"])),
        // `!=`: negation for primitives, true against containers, false when the left is empty.
        Case(
            "$[?(@.a != 1)]",
            MIX,
            Many(&["/2", "/3", "/4", "/5", "/7", "/8"]),
        ),
        Case(
            "$[?(@.a <> 1)]",
            MIX,
            Many(&["/2", "/3", "/4", "/5", "/7", "/8"]),
        ),
        Case("$[?(@.a === 1)]", MIX, Many(&["/0", "/1"])),
        Case("$[?(@.a !== 1)]", MIX, Many(&["/2", "/3", "/4", "/5"])),
        Case("$[?(@.a == 15)]", r#"[{"a": 1.5e1}]"#, Many(&["/0"])),
        Case("$[?(@.a == 1.5e1)]", r#"[{"a": 15}]"#, Many(&["/0"])),
        Case("$[?(@.a == 1,000.5)]", r#"[{"a": 1000.5}]"#, Many(&["/0"])),
        Case("$[?(@.a == -1)]", r#"[{"a": -1}, {"a": 1}]"#, Many(&["/0"])),
        // Doubles compare within Newtonsoft's ApproxEquals tolerance.
        Case(
            "$[?(@.a == 0.1)]",
            r#"[{"a": 0.1000000000000001}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a > 0.1)]",
            r#"[{"a": 0.1000000000000001}]"#,
            Many(&[]),
        ),
        Case(
            "$[?(@.a == 'x')]",
            r#"[{"a": "x"}, {"a": "X"}]"#,
            Many(&["/0"]),
        ),
        Case(r"$[?(@.a == 'it\'s')]", r#"[{"a": "it's"}]"#, Many(&["/0"])),
        Case("$[?(@.a == 'abc')]", r#"[{"a": 5}]"#, Many(&[])),
        Case("$[?(@.a == 5)]", r#"[{"a": "5"}]"#, Many(&[])),
        // Any pair: left and right sets.
        Case(
            "$[?(@.a[*] == 2)]",
            r#"[{"a": [1, 2]}, {"a": [3]}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a == @.b)]",
            r#"[{"a": 1, "b": 1}, {"a": 1, "b": 2}, {"a": 1}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a == @.b[*])]",
            r#"[{"a": 1, "b": [3, 1]}]"#,
            Many(&["/0"]),
        ),
        Case("$[?(@.a != @.b)]", r#"[{"a": 1}]"#, Many(&[])),
        Case(
            "$[?(@.a == $.v)]",
            r#"{"v": 2, "l": [{"a": 2}, {"a": 3}]}"#,
            Many(&[]),
        ),
        Case(
            "$.l[?(@.a == $.v)]",
            r#"{"v": 2, "l": [{"a": 2}, {"a": 3}]}"#,
            Many(&["/l/0"]),
        ),
        Case("$[?(@ == 'x')]", r#"{"a": "x"}"#, Many(&[])),
        Case("$[?(@ != 'x')]", r#"{"a": "x"}"#, Many(&["prop:/a"])),
        Case("$[?(@ == 2)]", "[1, 2, 2.0]", Many(&["/1", "/2"])),
        // A regex literal is just a string to `==`.
        Case(
            "$[?(@.a == /abc/)]",
            r#"[{"a": "/abc/"}, {"a": "abc"}]"#,
            Many(&["/0"]),
        ),
    ]);
}

#[test]
fn ordering_and_coercion() {
    run(&[
        Case(
            "$[?(@.a > 1)]",
            r#"[{"a": 1}, {"a": 2}, {"a": "3"}, {"a": 1.5}]"#,
            Many(&["/1", "/2", "/3"]),
        ),
        Case(
            "$[?(@.a >= 2)]",
            r#"[{"a": 1}, {"a": 2}, {"a": 2.0}]"#,
            Many(&["/1", "/2"]),
        ),
        Case("$[?(@.a < 2)]", r#"[{"a": 1}, {"a": 2}]"#, Many(&["/0"])),
        Case(
            "$[?(@.a <= 2)]",
            r#"[{"a": 1}, {"a": 2}, {"a": 3}]"#,
            Many(&["/0", "/1"]),
        ),
        // A string left operand takes the right operand's type.
        Case("$[?(@.a > 60)]", r#"[{"a": "78"}]"#, Many(&["/0"])),
        Case(
            "$[?(@.a > 60)]",
            r#"[{"a": "abc"}]"#,
            EvalErr(
                E::Format,
                "The input string 'abc' was not in a correct format.",
            ),
        ),
        Case(
            "$[?(@.a > 60)]",
            r#"[{"a": "78.5"}]"#,
            EvalErr(
                E::Format,
                "The input string '78.5' was not in a correct format.",
            ),
        ),
        Case("$[?(@.a > 60.5)]", r#"[{"a": "78.5"}]"#, Many(&["/0"])),
        Case(
            "$[?(@.a > 60)]",
            r#"[{"a": "99999999999999999999"}]"#,
            EvalErr(E::Overflow, ""),
        ),
        // Otherwise the left operand's type rules.
        Case("$[?(@.a > '5')]", r#"[{"a": 10}]"#, Many(&["/0"])),
        Case("$[?(@.a > 'x')]", r#"[{"a": 10}]"#, EvalErr(E::Format, "")),
        Case("$[?(@.a > '5.5')]", r#"[{"a": 10.0}]"#, Many(&["/0"])),
        Case(
            "$[?(@.a > 'B')]",
            r#"[{"a": "A"}, {"a": "C"}, {"a": "b"}]"#,
            Many(&["/1", "/2"]),
        ),
        Case(
            "$[?(@.a > 'abc')]",
            r#"[{"a": "abd"}, {"a": "ab"}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a > false)]",
            r#"[{"a": true}, {"a": "True"}, {"a": false}]"#,
            Many(&["/0", "/1"]),
        ),
        Case(
            "$[?(@.a > false)]",
            r#"[{"a": "yes"}]"#,
            EvalErr(
                E::Format,
                "String 'yes' was not recognized as a valid Boolean.",
            ),
        ),
        Case(
            "$[?(@.a > 0)]",
            r#"[{"a": true}, {"a": false}]"#,
            Many(&["/0"]),
        ),
        // Compared as booleans: 0.5 is true, so true > 0.5 is false.
        Case("$[?(@.a > 0.5)]", r#"[{"a": true}]"#, Many(&[])),
        // Null orders below everything.
        Case("$[?(@.a < 5)]", r#"[{"a": null}]"#, Many(&["/0"])),
        Case("$[?(@.a > 5)]", r#"[{"a": null}]"#, Many(&[])),
        Case(
            "$[?(@.a >= null)]",
            r#"[{"a": 1}, {"a": null}]"#,
            Many(&["/0", "/1"]),
        ),
        Case(
            "$[?(@.a > null)]",
            r#"[{"a": "x"}, {"a": null}]"#,
            Many(&["/0"]),
        ),
        Case("$[?(@.a < 'x')]", r#"[{"a": null}]"#, Many(&["/0"])),
        // Containers never compare.
        Case(
            "$[?(@.a > 1)]",
            r#"[{"a": [5]}, {"a": {"b": 5}}]"#,
            Many(&[]),
        ),
        Case("$[?(@ > 1)]", "[1, 2, 3]", Many(&["/1", "/2"])),
        // The error surfaces at the candidate that raises it, after earlier matches.
        Case(
            "$[?(@.a > 1)]",
            r#"[{"a": 2}, {"a": "x"}, {"a": 3}]"#,
            Partial(&["/0"], E::Format),
        ),
        Case(
            "$..[?(@.v > 1)]",
            r#"{"a": {"v": 5}, "b": {"v": "x"}}"#,
            Partial(&["/a"], E::Format),
        ),
    ]);
}

#[test]
fn big_integers_dates_and_undefined() {
    const DATE: &str = r#"N:[{"t": "2019-02-01T22:46:01Z", "s": "x"}]"#;
    run(&[
        Case(
            "$[?(@.a > 1)]",
            "N:[{\"a\": 123456789012345678901234567890}]",
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a < 1.5)]",
            "N:[{\"a\": -123456789012345678901234567890}]",
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a == 123456789012345678901234567890)]",
            "N:[{\"a\": 123456789012345678901234567890}]",
            ParseErr(P::Syntax, ""),
        ),
        Case(
            "$[?(@.a > '5')]",
            "N:[{\"a\": 123456789012345678901234567890}]",
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.a > 'x')]",
            "N:[{\"a\": 123456789012345678901234567890}]",
            EvalErr(E::Format, "The value could not be parsed."),
        ),
        Case(
            "$[?(@.a > true)]",
            "N:[{\"a\": 123456789012345678901234567890}]",
            EvalErr(
                E::InvalidCast,
                "Cannot convert System.Boolean to BigInteger.",
            ),
        ),
        // A date token equals a string literal holding its ISO text (not the other way round).
        Case("$[?(@.t == '2019-02-01T22:46:01Z')]", DATE, Many(&["/0"])),
        Case("$[?(@.t == '2019-02-01T22:46:01.000Z')]", DATE, Many(&[])),
        Case("$[?('2019-02-01T22:46:01Z' == @.t)]", DATE, Many(&[])),
        Case("$[?(@.t === '2019-02-01T22:46:01Z')]", DATE, Many(&[])),
        Case("$[?(@.t != '2019-02-01T22:46:01Z')]", DATE, Many(&[])),
        Case(
            "$[?(@.t == '2019-02-01T22:46:01+00:00')]",
            r#"N:[{"t": "2019-02-01T23:46:01+01:00"}]"#,
            Many(&["/0"]),
        ),
        Case(
            "$[?(@.t == '2019-02-01T22:46:01.5')]",
            r#"N:[{"t": "2019-02-01T22:46:01.5000"}]"#,
            Many(&["/0"]),
        ),
        Case("$[?(@.t > '2019-01-01')]", DATE, Many(&["/0"])),
        Case("$[?(@.t < '2019-01-01')]", DATE, Many(&[])),
        Case(
            "$[?(@.t > 'soon')]",
            DATE,
            EvalErr(
                E::Format,
                "String 'soon' was not recognized as a valid DateTime.",
            ),
        ),
        Case(
            "$[?(@.t > 5)]",
            DATE,
            EvalErr(E::InvalidCast, "Invalid cast from 'Int64' to 'DateTime'."),
        ),
        Case(
            "$[?(@.t > true)]",
            DATE,
            EvalErr(E::InvalidCast, "Invalid cast from 'Boolean' to 'DateTime'."),
        ),
        Case(
            "$[?(@.s > @.t)]",
            DATE,
            EvalErr(
                E::InvalidCast,
                "Unable to cast object of type 'System.String' to type 'System.DateTimeOffset'.",
            ),
        ),
        Case("$[?(@.t > null)]", DATE, Many(&["/0"])),
        // A date is not a string to `=~`.
        Case("$[?(@.t =~ /2019/)]", DATE, Many(&[])),
        Case("$[?(@.a)]", "N:[{\"a\": undefined}]", Many(&["/0"])),
        Case("$[?(@.a == null)]", "N:[{\"a\": undefined}]", Many(&[])),
        Case("$[?(@.a < 1)]", "N:[{\"a\": undefined}]", Many(&["/0"])),
    ]);
}

#[test]
fn regular_expressions() {
    run(&[
        Case("$[?(@.a =~ /^ab/i)]", r#"[{"a": "ABc"}, {"a": "xab"}, {"a": 5}]"#, Many(&["/0"])),
        Case("$[?(@.a =~ /b/)]", r#"[{"a": "abc"}, {"a": "xyz"}]"#, Many(&["/0"])),
        Case(r"$[?(@.a =~ /a\/b/)]", r#"[{"a": "a/b"}]"#, Many(&["/0"])),
        Case("$[?(@.a =~ /^b$/m)]", r#"[{"a": "a\nb\nc"}]"#, Many(&["/0"])),
        Case("$[?(@.a =~ /a.b/s)]", r#"[{"a": "a\nb"}]"#, Many(&["/0"])),
        Case("$[?(@.a =~ /a.b/)]", r#"[{"a": "a\nb"}]"#, Many(&[])),
        Case("$[?(@.a =~ /x/)]", r#"[{"a": 1}, {"a": null}]"#, Many(&[])),
        Case("$[?(@.a =~ 'x')]", r#"[{"a": "x"}]"#, EvalErr(E::Argument, "")),
        Case("$[?(@.a =~ @.p)]", r#"[{"a": "abc", "p": "/b/"}, {"a": "abc", "p": "b"}]"#, Partial(&["/0"], E::Argument)),
        Case("$[?(@.a =~ /(/)]", r#"[{"a": "x"}]"#, EvalErr(E::Regex, "")),
        Case("$[?(@.a =~ /(/)]", r#"[{"b": "x"}]"#, Many(&[])),
        Case("$[?(/a/ =~ 'x')]", r#"[1]"#, EvalErr(E::Argument, "")),
        Case(
            "$..[?(@dataTypeName == 'com.google.weight' && $.Body.dataSourceId =~ /raw/ && $.Body.dataSourceId =~ /user_input/)]",
            r#"{"Body": {"dataSourceId": "raw:com.google.weight:user_input", "point": [{"dataTypeName": "com.google.weight"}, {"dataTypeName": "x"}]}}"#,
            Many(&["/Body/point/0"]),
        ),
        Case(
            "$..[?(@dataTypeName == 'com.google.heart_rate.bpm' && $.Body.dataSourceId =~ /resting_heart_rate<-merge_heart_rate_bpm/)]",
            r#"{"Body": {"dataSourceId": "derived:resting_heart_rate<-merge_heart_rate_bpm", "p": [{"dataTypeName": "com.google.heart_rate.bpm"}]}}"#,
            Many(&["/Body/p/0"]),
        ),
    ]);
}

#[test]
fn errors_inside_filter_paths() {
    run(&[
        Case(
            "$[?(@.a[-1] == 1)]",
            r#"[{"a": [1]}]"#,
            EvalErr(E::IndexOutOfRange, ""),
        ),
        Case("$[?(@.a[-1] == 1)]", r#"[{"a": {"b": 1}}]"#, Many(&[])),
        Case(
            "$[?(@.x[::0])]",
            "[1]",
            EvalErr(E::StepZero, "Step cannot be zero."),
        ),
        Case("$[?(@.x[::0])]", "[]", Many(&[])),
        // The right side is only evaluated when the left side yields something.
        Case("$[?(@.x == @.y[::0])]", "[{}]", Many(&[])),
        Case(
            "$[?(@.x == @.y[::0])]",
            r#"[{"x": 1}]"#,
            EvalErr(E::StepZero, ""),
        ),
    ]);
}
