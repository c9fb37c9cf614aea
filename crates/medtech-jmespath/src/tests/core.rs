//! Projections, null handling, chains, pipes, comparisons, truthiness, literals, slices,
//! multi-selects and compile-time errors (device-mapping.md §7.1, §7.2).

use super::{check, run};

const BP: &str = r#"{"Body":[{"systolic":"120","diastolic":"80"},{"systolic":"122"},{"hr":1}]}"#;
const HR: &str = r#"{"heartrate":"60","device":"abc"}"#;
const NULLS: &str = r#"{"Body":[{"a":null},{"a":1},{}]}"#;
const DATES_Z: &str = r#"{"t":"@date:2019-02-01T22:46:01Z"}"#;
const DATES: &str = r#"{"t":"@date:2019-02-01T22:46:01.875Z","u":"@date:2019-02-01T22:46:01.875Z","s":"2019-02-01T22:46:01.875Z"}"#;

#[test]
fn projections_are_flagged_as_the_reference_flags_them() {
    check(
        &[
            (
                "Body",
                BP,
                r#"[{"systolic":"120","diastolic":"80"},{"systolic":"122"},{"hr":1}]"#,
            ),
            (
                "Body[*]",
                BP,
                r#"P:[{"systolic":"120","diastolic":"80"},{"systolic":"122"},{"hr":1}]"#,
            ),
            (
                "Body[?systolic]",
                BP,
                r#"P:[{"systolic":"120","diastolic":"80"},{"systolic":"122"}]"#,
            ),
            ("Body[?systolic].diastolic", BP, r#"P:["80"]"#),
            (
                "Body[]",
                BP,
                r#"P:[{"systolic":"120","diastolic":"80"},{"systolic":"122"},{"hr":1}]"#,
            ),
            (
                "Body[0:2]",
                BP,
                r#"P:[{"systolic":"120","diastolic":"80"},{"systolic":"122"}]"#,
            ),
            (
                "Body[*] | [0]",
                BP,
                r#"{"systolic":"120","diastolic":"80"}"#,
            ),
            ("Body[*].systolic | [0]", BP, r#""120""#),
            ("Body[*].systolic", BP, r#"P:["120","122"]"#),
            ("Body[*].systolic | @", BP, r#"["120","122"]"#),
            ("Body[0]", BP, r#"{"systolic":"120","diastolic":"80"}"#),
            ("Body[-1]", BP, r#"{"hr":1}"#),
            ("Body[5]", BP, "null"),
            ("Body[-4]", BP, "null"),
            ("Body.systolic", BP, "null"),
            ("length(Body[*])", BP, "3"),
            ("[Body[*].systolic]", BP, r#"[["120","122"]]"#),
            ("(Body[*]).systolic", BP, r#"P:["120","122"]"#),
            (
                "to_array(@)[?heartrate]",
                HR,
                r#"P:[{"heartrate":"60","device":"abc"}]"#,
            ),
            ("to_array(@)[?steps]", HR, "P:[]"),
            ("heartrate", HR, r#""60""#),
            ("missing", HR, "null"),
            (
                "a.*",
                r#"{"a":{"x":1,"y":null,"z":{"k":2}}}"#,
                r#"P:[1,null,{"k":2}]"#,
            ),
            ("a.*.k", r#"{"a":{"x":1,"y":null,"z":{"k":2}}}"#, "P:[2]"),
            ("*.x", r#"{"a":{"x":1},"b":{"x":2},"c":3}"#, "P:[1,2]"),
            ("a.*", r#"{"a":[1]}"#, "null"),
            ("a[*]", r#"{"a":{"x":1}}"#, "null"),
            ("a[?x]", r#"{"a":{"x":1}}"#, "null"),
            ("a[]", r#"{"a":"s"}"#, "null"),
            ("a[0:1]", r#"{"a":"abc"}"#, "null"),
            ("[*].foo", r#"[{"foo":1},{"foo":2},{"bar":3}]"#, "P:[1,2]"),
            ("[*][0]", r#"["foo","bar"]"#, "P:[]"),
            ("a[*][0]", r#"{"a":[[1,2],[3]]}"#, "P:[1,3]"),
            ("a[*][*]", r#"{"a":[[1,2],[3]]}"#, "P:[[1,2],[3]]"),
            ("a[*][*] | [1]", r#"{"a":[[1,2],[3]]}"#, "[3]"),
            (
                "a[*].[b, c]",
                r#"{"a":[{"b":1,"c":2},{"b":3}]}"#,
                "P:[[1,2],[3,null]]",
            ),
            (
                "a[*][b, c]",
                r#"{"a":[{"b":1,"c":2},{"b":3}]}"#,
                "P:[[1,2],[3,null]]",
            ),
            (
                "a[*].{v: b}",
                r#"{"a":[{"b":1},{"b":3}]}"#,
                r#"P:[{"v":1},{"v":3}]"#,
            ),
            ("a[*].length(@)", r#"{"a":["xy","z"]}"#, "P:[2,1]"),
        ],
        false,
    );
}

#[test]
fn only_the_shared_null_is_dropped_from_projections() {
    check(
        &[
            // a member whose value is JSON null is a token of its own: it is kept
            ("Body[*].a", NULLS, "P:[null,1]"),
            ("Body[*].a.b", NULLS, "P:[]"),
            ("Body[*].a | length(@)", NULLS, "2"),
            ("Body[?a == `null`]", NULLS, r#"P:[{"a":null},{}]"#),
            // `[*]` and `[]` skip null elements; slices, filters and `*` keep them
            ("a[*]", r#"{"a":[1,null,2]}"#, "P:[1,2]"),
            ("a[]", r#"{"a":[1,null,2]}"#, "P:[1,2]"),
            ("a[:]", r#"{"a":[1,null,2]}"#, "P:[1,null,2]"),
            ("a[?`true`]", r#"{"a":[1,null,2]}"#, "P:[1,null,2]"),
            ("a[]", r#"{"a":[[1,2],3,[null,4],null]}"#, "P:[1,2,3,4]"),
            ("a[]", r#"{"a":[[0,1],2,[3],4,[5,[6,7]]]}"#, "P:[0,1,2,3,4,5,[6,7]]"),
            ("a[][]", r#"{"a":[[0,1],2,[3],4,[5,[6,7]]]}"#, "P:[0,1,2,3,4,5,6,7]"),
            // a literal null and a null element of a computed array are not the singleton
            ("a[*].{x: `null`}.x", r#"{"a":[1,2]}"#, "P:[null,null]"),
            ("a[*].[`null`][0]", r#"{"a":[1,2]}"#, "P:[null,null]"),
            ("a[*].missing", r#"{"a":[1,2]}"#, "P:[]"),
            ("a[*].to_number(@)", r#"{"a":["1","x"]}"#, "P:[1]"),
            // a chain stops at any null; a pipe does not
            ("missing.length(@)", r#"{"x":1}"#, "null"),
            ("x.y.length(@)", r#"{"x":{"y":null}}"#, "null"),
            ("missing | length(@)", r#"{"x":1}"#, "!runtime Error: invalid-type, function length expects either an object, an array or a string."),
            ("missing | to_array(@)", r#"{"x":1}"#, "[null]"),
        ],
        false,
    );
}

#[test]
fn logic_and_truthiness() {
    check(
        &[
            ("a[*] || b", r#"{"a":[1,2],"b":3}"#, "P:[1,2]"),
            ("a[?@ > `5`] || b", r#"{"a":[1,2],"b":3}"#, "3"),
            ("a[*] && b", r#"{"a":[1,2],"b":3}"#, "3"),
            ("b && missing", r#"{"a":[1,2],"b":3}"#, "null"),
            ("missing && b", r#"{"a":[1,2],"b":3}"#, "null"),
            ("missing || `false`", r#"{}"#, "false"),
            ("!a", r#"{"a":[1,2]}"#, "false"),
            ("!missing", r#"{}"#, "true"),
            ("!!a", r#"{"a":0}"#, "true"),
            ("!''", r#"{}"#, "true"),
            ("!`{}`", r#"{}"#, "true"),
            ("!`[]`", r#"{}"#, "true"),
            ("!' '", r#"{}"#, "false"),
            // postfix operators bind tighter than `!` in JmesPath.Net's grammar
            ("!a.b", r#"{"a":{"b":false}}"#, "true"),
            ("!a.b == `true`", r#"{"a":{"b":false}}"#, "true"),
            ("!a[?b]", r#"{"a":[{"b":1}]}"#, "false"),
            ("!(a || b)", r#"{"a":false}"#, "true"),
            (
                "a[?@]",
                r#"{"a":[0,"",[],{},false,null,"x",true,[0],{"k":0}]}"#,
                r#"P:[0,"x",true,[0],{"k":0}]"#,
            ),
            (
                "a[?!@]",
                r#"{"a":[0,"",[],{},false,null]}"#,
                r#"P:["",[],{},false,null]"#,
            ),
            (
                "a[?b || c]",
                r#"{"a":[{"b":1},{"c":2},{"d":3}]}"#,
                r#"P:[{"b":1},{"c":2}]"#,
            ),
            (
                "a[?b && c]",
                r#"{"a":[{"b":1,"c":2},{"c":2}]}"#,
                r#"P:[{"b":1,"c":2}]"#,
            ),
            // a date token is never an empty string
            ("t && 'yes'", DATES, r#""yes""#),
        ],
        false,
    );
}

#[test]
fn equality_is_newtonsoft_deep_equality() {
    check(
        &[
            ("`78` == `78.0`", "{}", "false"),
            ("`78` == `78`", "{}", "true"),
            ("`78.0` == `78.0`", "{}", "true"),
            ("`0.30000000000000004` == `0.3`", "{}", "true"),
            ("`1.0` == `1.001`", "{}", "false"),
            (
                "`{\"a\":1,\"b\":[1,2]}` == `{\"b\":[1,2],\"a\":1}`",
                "{}",
                "true",
            ),
            ("`[1,2]` == `[2,1]`", "{}", "false"),
            ("`[1,2]` == `[1,2]`", "{}", "true"),
            ("`{\"a\":1}` == `{\"a\":1,\"b\":2}`", "{}", "false"),
            ("'a' == 'a'", "{}", "true"),
            ("'a' != 'b'", "{}", "true"),
            ("`null` == missing", "{}", "true"),
            ("`true` == 'true'", "{}", "false"),
            ("`1` == '1'", "{}", "false"),
            (
                "a == b",
                r#"{"a":{"x":[1,{"y":null}]},"b":{"x":[1,{"y":null}]}}"#,
                "true",
            ),
            ("hr == '60'", HR, "false"),
            ("heartrate == '60'", HR, "true"),
            // a date token is not equal to a string, even its own ISO text
            ("t == s", DATES, "false"),
            ("t == '2019-02-01T22:46:01.875Z'", DATES, "false"),
            ("t != s", DATES, "true"),
            ("t == u", DATES, "true"),
            ("t == t", DATES, "true"),
        ],
        false,
    );
}

#[test]
fn ordering_compares_numbers_or_ordinal_strings() {
    check(
        &[
            ("`1` < `2.5`", "{}", "true"),
            ("`2` <= `2.0`", "{}", "true"),
            ("`3` > `2`", "{}", "true"),
            ("`3` >= `4`", "{}", "false"),
            ("'a' < 'b'", "{}", "true"),
            ("'B' < 'a'", "{}", "true"),
            ("'abc' > 'abd'", "{}", "false"),
            ("'a' >= 'a'", "{}", "true"),
            // null counts as a string that sorts first
            ("missing < 'a'", "{}", "true"),
            ("'a' > missing", "{}", "true"),
            ("missing <= missing", "{}", "true"),
            ("missing >= missing", "{}", "true"),
            ("missing > missing", "{}", "false"),
            ("missing < missing", "{}", "false"),
            ("missing >= 'a'", "{}", "false"),
            ("'a' <= missing", "{}", "false"),
            // anything else is incomparable: null
            ("`1` < 'a'", "{}", "null"),
            ("`true` < `false`", "{}", "null"),
            ("`[1]` < `[2]`", "{}", "null"),
            ("missing < `1`", "{}", "null"),
            // a date compares as its MM/dd/yyyy HH:mm:ss text
            ("t < 'a'", DATES, "true"),
            ("t > '02/01/2019 22:46:00'", DATES, "true"),
            ("t >= '02/01/2019 22:46:01'", DATES, "true"),
            (
                "a[?v > `1`].v",
                r#"{"a":[{"v":1},{"v":2.5},{"v":"3"}]}"#,
                "P:[2.5]",
            ),
        ],
        false,
    );
}

#[test]
fn literals_and_raw_strings() {
    check(
        &[
            ("`null`", "{}", "null"),
            ("`[1,2]`[0]", "{}", "1"),
            ("`{\"b\":1,\"a\":2}`", "{}", r#"{"b":1,"a":2}"#),
            ("`1.0`", "{}", "1.0"),
            ("`\"x\\`y\"`", "{}", r#""x`y""#),
            ("'it\\'s'", "{}", r#""it's""#),
            ("'a\\\\b'", "{}", r#""a\\\\b""#),
            ("'2019-02-01T22:46:01Z'", "{}", r#""2019-02-01T22:46:01Z""#),
            ("type('2019-02-01T22:46:01Z')", "{}", r#""string""#),
            ("\"quoted key\"", r#"{"quoted key":5}"#, "5"),
            ("\"a\\\"b\"", r#"{"a\"b":5}"#, "5"),
        ],
        false,
    );
}

#[test]
fn literals_are_read_with_newtonsoft_defaults() {
    check(
        &[
            // an ISO string literal becomes a date token (a raw string does not)
            (
                "`\"2019-02-01T22:46:01Z\"`",
                "{}",
                "date:2019-02-01T22:46:01Z",
            ),
            (
                "`\"2019-02-01T22:46:01Z\"` == '2019-02-01T22:46:01Z'",
                "{}",
                "false",
            ),
            ("`\"2019-02-01T22:46:01Z\"` == t", DATES_Z, "true"),
            ("t == `\"2019-02-01T22:46:01\"`", DATES_Z, "true"),
            (
                "`\"2019-02-01 22:46:01\"`",
                "{}",
                r#""2019-02-01 22:46:01""#,
            ),
            (
                "`[\"2019-02-01T22:46:01Z\"]`[0]",
                "{}",
                "date:2019-02-01T22:46:01Z",
            ),
            ("type(`\"2019-02-01T22:46:01Z\"`)", "{}", r#""string""#),
            // integers beyond 64 bits are big integers: numbers that .NET cannot convert
            (
                "`123456789012345678901234`",
                "{}",
                "123456789012345678901234",
            ),
            ("type(`123456789012345678901234`)", "{}", r#""number""#),
            (
                "`123456789012345678901234` == `123456789012345678901234`",
                "{}",
                "true",
            ),
            (
                "`123456789012345678901234` < `1`",
                "{}",
                "!runtime Object must implement IConvertible.",
            ),
            (
                "abs(`123456789012345678901234`)",
                "{}",
                "!runtime Object must implement IConvertible.",
            ),
            (
                "to_string(`123456789012345678901234`)",
                "{}",
                r#""123456789012345678901234""#,
            ),
        ],
        false,
    );
}

#[test]
fn slices_follow_the_reference_bounds() {
    let a = r#"{"a":[0,1,2,3,4]}"#;
    check(
        &[
            ("a[1:3]", a, "P:[1,2]"),
            ("a[::-1]", a, "P:[4,3,2,1,0]"),
            ("a[-2:]", a, "P:[3,4]"),
            ("a[:-1]", a, "P:[0,1,2,3]"),
            ("a[5:0:-1]", a, "P:[4,3,2,1]"),
            ("a[::2]", a, "P:[0,2,4]"),
            ("a[1::2]", a, "P:[1,3]"),
            ("a[-10:2]", a, "P:[0,1]"),
            ("a[10:]", a, "P:[]"),
            ("a[-10::-1]", a, "P:[]"),
            ("a[:]", a, "P:[0,1,2,3,4]"),
            ("a[-2147483647:2147483647]", a, "P:[0,1,2,3,4]"),
            ("a[2147483647:-2147483647:-1]", a, "P:[4,3,2,1,0]"),
            ("a[::-2147483647]", a, "P:[4]"),
            ("a[::2147483647]", a, "P:[0]"),
            ("a[0:5:3]", a, "P:[0,3]"),
            ("a[3:1]", a, "P:[]"),
            ("a[0:2][0]", a, "P:[]"),
            (
                "a[::0]",
                a,
                "!compile Error: invalid-value, a slice projection step cannot be 0.",
            ),
            (
                "[[0,1],[2]][0:2][0:1]",
                "{}",
                "!compile Error(1, 3): syntax, near ','.",
            ),
            ("a[0:2] | [1]", a, "1"),
        ],
        false,
    );
}

#[test]
fn multi_selects() {
    let d = r#"{"a":1,"b":[1,2]}"#;
    check(
        &[
            ("[a, b]", d, "[1,[1,2]]"),
            ("{x: a, y: missing}", d, r#"{"x":1,"y":null}"#),
            ("b[*].{v: @}", d, r#"P:[{"v":1},{"v":2}]"#),
            ("b[*].[@, @]", d, "P:[[1,1],[2,2]]"),
            ("[b[*]]", d, "[[1,2]]"),
            ("{x: b[*]}", d, r#"{"x":[1,2]}"#),
            ("[a, b][1][0]", d, "1"),
            (
                "{a: a, a: b}",
                d,
                "!compile An item with the same key has already been added. Key: a",
            ),
            ("missing.[a]", d, "null"),
            ("missing.{a: a}", d, "null"),
        ],
        false,
    );
}

#[test]
fn compile_time_errors() {
    let d = "{}";
    check(
        &[
            ("sort(itemOne, itemTwo)", d, "!compile Error: invalid-arity, the function sort expects 1 argument but 2 were supplied."),
            ("length()", d, "!compile Error: invalid-arity, the function length expects 1 argument but none were supplied."),
            ("contains(a)", d, "!compile Error: invalid-arity, the function contains expects 2 arguments but 1 were supplied."),
            ("not_null()", d, "!compile Error: invalid-arity, the function not_null expects 1 argument or more but none were supplied."),
            ("merge()", d, "!compile Error: invalid-arity, the function merge expects 1 argument or more but none were supplied."),
            ("foo(a)", d, "!compile Error: unknown-function, no function named foo has been registered."),
            ("Length(a)", d, "!compile Error: unknown-function, no function named Length has been registered."),
            ("to_object(a)", d, "!compile Error: unknown-function, no function named to_object has been registered."),
            ("let(a, b)", d, "!compile Error: unknown-function, no function named let has been registered."),
            ("lower(a)", d, "!compile Error: unknown-function, no function named lower has been registered."),
            // without registration the custom functions are unknown
            ("add(a, b)", d, "!compile Error: unknown-function, no function named add has been registered."),
            // arguments are reduced before their function
            ("foo(sort(a, b))", d, "!compile Error: invalid-arity, the function sort expects 1 argument but 2 were supplied."),
            ("sort(foo(a), b)", d, "!compile Error: unknown-function, no function named foo has been registered."),
            ("[length(a, b), foo(c)]", d, "!compile Error: invalid-arity, the function length expects 1 argument but 2 were supplied."),
            // `&expr` only as a function argument
            ("&a", d, "!compile Error(1, 0): syntax, near '&'."),
            ("[&a]", d, "!compile Error(1, 1): syntax, near '&'."),
            ("a.&b", d, "!compile Error(1, 2): syntax, near '&'."),
            // lexical and grammar errors
            ("", d, "!compile Error(1, 0): syntax, near ''."),
            ("a.", d, "!compile Error(1, 2): syntax, near ''."),
            ("foo[", d, "!compile Error(1, 4): syntax, near ''."),
            ("a b", d, "!compile Error(1, 2): syntax, near 'b'."),
            ("$.a", d, "!compile Error(1, 0): syntax, near '$'."),
            ("a = b", d, "!compile Error(1, 2): syntax, near '='."),
            ("pow(left", d, "!compile Error(1, 8): syntax, near ''."),
            ("`{bad}`", d, "!compile Error(1, 0): syntax, near '`{bad}`'."),
            ("'abc", d, "!compile Error(1, 0): syntax, near ''abc'."),
            ("a[?]", d, "!compile Error(1, 3): syntax, near ']'."),
        ],
        false,
    );
}

#[test]
fn hostile_expressions_are_refused_without_crashing() {
    let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    assert!(run(&deep, "{}", false).starts_with("!compile The expression is too complex"));
    let nots = format!("{}a", "!".repeat(100_000));
    assert!(run(&nots, "{}", false).starts_with("!compile The expression is too complex"));
    let chain = vec!["a"; 5000].join(".");
    assert!(run(&chain, "{}", false).starts_with("!compile The expression is too complex"));
    // the limits leave ordinary expressions alone
    let long_chain = vec!["a"; 100].join(".");
    assert_eq!(run(&long_chain, r#"{"a":1}"#, false), "null");
    let nested = format!("{}a{}", "(".repeat(50), ")".repeat(50));
    assert_eq!(run(&nested, r#"{"a":1}"#, false), "1");
    let projections = format!("a{}", "[*]".repeat(40));
    // nested projections keep (empty) inner projections
    assert_eq!(run(&projections, r#"{"a":[[1]]}"#, false), "P:[[]]");
    for junk in [
        "\u{0}",
        "`",
        "'",
        "\"",
        "[?",
        "{a:",
        "a[-",
        "a[99999999999]",
        "\u{1F600}",
    ] {
        assert!(run(junk, "{}", false).starts_with("!compile"), "{junk:?}");
    }
}

#[test]
fn long_chains_keep_their_order_past_the_inline_steps() {
    let deep = r#"{"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": [10, 11, {"l": "end"}]}}}}}}}}}}}"#;
    check(
        &[
            ("a.b.c.d.e.f.g.h.i.j.k[2].l", deep, "\"end\""),
            ("a.b.c.d.e.f.g.h.i.j.k[1]", deep, "11"),
            (
                "a.b.c.d.e.f.g.h",
                deep,
                r#"{"i":{"j":{"k":[10,11,{"l":"end"}]}}}"#,
            ),
            ("a.b.c.x.e.f.g.h.i.j.k", deep, "null"),
            ("a.b.c.d.e.f.g.h.i.x.k", deep, "null"),
            // a function's arguments, inline or (five and more) on the heap
            ("not_null(a.x, a.y, a.b.c.d.e.f.g.h.i.j.k[0])", deep, "10"),
            (
                "not_null(a.x, a.y, a.z, a.w, a.b.c.d.e.f.g.h.i.j.k[1])",
                deep,
                "11",
            ),
        ],
        false,
    );
}
