//! `JsonPath::features`: the Newtonsoft-only constructs an expression uses (for lints).

use medtech_jsonpath::parse;

/// Expression → the exact list of feature names it reports.
const CASES: &[(&str, &[&str])] = &[
    ("$.a.b", &[]),
    ("$", &[]),
    ("$['a'][0]", &[]),
    ("heartrate", &["missing_dollar"]),
    (
        "$heartrate",
        &["missing_dollar", "dollar_property", "unusual_member_name"],
    ),
    (
        "@x",
        &["missing_dollar", "at_property", "unusual_member_name"],
    ),
    (
        " a",
        &[
            "missing_dollar",
            "leading_space_name",
            "unusual_member_name",
        ],
    ),
    ("$.a  ", &["space_terminated"]),
    ("$.['a b']", &["dot_bracket"]),
    ("$.a(0)", &["paren_indexer"]),
    ("$.*", &["dot_wildcard"]),
    ("$[*]", &["bracket_wildcard"]),
    ("$..a", &["recursive_descent"]),
    ("$..*", &["recursive_descent", "recursive_wildcard"]),
    ("$..[0]", &["scan_index_ignored"]),
    (
        "$..[?(@.a)]",
        &["recursive_descent", "scan_filter", "existence_test"],
    ),
    (
        "$..[?(@heartrate)]",
        &[
            "recursive_descent",
            "scan_filter",
            "at_without_dot",
            "existence_test",
        ],
    ),
    ("$[?(@.a == 1)]", &["filter_on_children"]),
    (
        "$[?($.a)]",
        &["filter_on_children", "root_in_filter", "existence_test"],
    ),
    (
        "$[?($a)]",
        &[
            "filter_on_children",
            "at_without_dot",
            "root_in_filter",
            "existence_test",
        ],
    ),
    (
        "$[?(@.a && @.b || @.c)]",
        &["filter_on_children", "existence_test", "and_then_or"],
    ),
    (
        "$[?(@.a || @.b && @.c)]",
        &["filter_on_children", "existence_test"],
    ),
    (
        "$[?(@.a == 1 @.b)]",
        &["filter_on_children", "existence_test", "dropped_condition"],
    ),
    (
        "$[?(1)]",
        &["filter_on_children", "existence_test", "literal_left"],
    ),
    (
        "$[?(@.a === 1)]",
        &["filter_on_children", "strict_equality"],
    ),
    (
        "$[?(@.a <> 1)]",
        &["filter_on_children", "angle_not_equals"],
    ),
    ("$[?(@.a > 1)]", &["filter_on_children", "relational"]),
    ("$[?(@.a =~ /x/i)]", &["filter_on_children", "regex"]),
    (
        "$[?(@.a =~ /x/x)]",
        &["filter_on_children", "regex", "regex_explicit_capture"],
    ),
    ("$[-1]", &["negative_index"]),
    ("$[0,-1]", &["negative_index", "union"]),
    ("$[1:]", &["slice"]),
    ("$[::0]", &["slice", "zero_step"]),
    ("$['a','b']", &["union"]),
    ("$.iothub-creation-time-utc", &["unusual_member_name"]),
    ("$['a',b']", &["union", "lenient_quote"]),
];

#[test]
fn features_table() {
    let mut failures = Vec::new();
    for (expr, expected) in CASES {
        let got = parse(expr).map(|p| p.features().names());
        match got {
            Ok(names) if names == *expected => {}
            other => failures.push(format!("{expr:?}: got {other:?}, want {expected:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
