//! Reference cases: the expression evaluators of device-mapping.md §9.8 (E7–E14), the
//! CalculatedContent expressions of §9.4/§9.5, expressions found in published mappings, the
//! printed form used in the "Multiple tokens" message, and robustness.

use super::{check, doc_from, run};
use crate::{compile, materialize, CompileOptions, Var};
use medtech_json::{Document, NodeId, Span, Value};

const PRODUCTION: CompileOptions = CompileOptions {
    custom_functions: true,
};

#[test]
fn e7_to_e14_expression_evaluators() {
    let array = r#"{"testProperty":["a","b"]}"#;
    let names = r#"{"property":[{"name":"value1"},{"name":"value2"}]}"#;
    check(
        &[
            // E7/E10: one token, the array itself
            ("testProperty", array, r#"["a","b"]"#),
            // E8/E11: nothing
            ("testProperty", "{}", "null"),
            // E9/E12: a projection of two → select-one fails, select-many yields both
            ("property[].name", names, r#"P:["value1","value2"]"#),
            // E14
            ("sort(itemOne, itemTwo)", "{}", "!compile Error: invalid-arity, the function sort expects 1 argument but 2 were supplied."),
        ],
        true,
    );
    // E9: the service prints the expression as JmesPath.Net formats it
    let e9 = compile("property[].name", &PRODUCTION).unwrap();
    assert_eq!(e9.formatted(), "property[].name");
    assert_eq!(e9.source(), "property[].name");
    // E13: an empty or blank expression does not parse (the service rejects it even earlier)
    assert!(compile("", &PRODUCTION).is_err());
    assert!(compile("   ", &PRODUCTION).is_err());
}

#[test]
fn projection_detection_decides_the_matches() {
    let d =
        r#"{"Body":[{"systolic":"120"},{"systolic":"122"}],"a":{"x":1,"y":2},"heartrate":"60"}"#;
    let projection = |expr: &str| {
        let doc = doc_from(d);
        let c = compile(expr, &PRODUCTION).unwrap();
        c.search(&doc, doc.root().unwrap()).unwrap().is_projection
    };
    for expr in [
        "Body[*]",
        "Body[?systolic]",
        "to_array(@)[?heartrate]",
        "Body[]",
        "a.*",
        "Body[0:2]",
        "Body[*].systolic",
        "Body[*] || a",
        "@ | Body[*]",
        "a | *",
    ] {
        assert!(projection(expr), "{expr} is a projection");
    }
    for expr in [
        "Body",
        "Body[*] | [0]",
        "Body[*] | @",
        "[Body[*]]",
        "length(Body[*])",
        "Body[0]",
        "a",
        "Body[*] && a",
        "Body[*] == Body",
    ] {
        assert!(!projection(expr), "{expr} is not a projection");
    }
}

#[test]
fn results_are_document_nodes_where_the_reference_returns_message_tokens() {
    let doc = doc_from(r#"{"Body":[{"hr":1},{"hr":2}]}"#);
    let root = doc.root().unwrap();
    let c = compile("Body[*]", &PRODUCTION).unwrap();
    let outcome = c.search(&doc, root).unwrap();
    let Var::Array(items) = &outcome.value else {
        panic!("a projection is an array");
    };
    let pointers: Vec<String> = items
        .iter()
        .map(|v| match v {
            Var::Node(id) => doc.pointer(*id),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(pointers, vec!["/Body/0", "/Body/1"]);
    let c = compile("Body[1].hr", &PRODUCTION).unwrap();
    let Var::Node(id) = c.search(&doc, root).unwrap().value else {
        panic!("a member is a node");
    };
    assert_eq!(doc.pointer(id), "/Body/1/hr");
}

#[test]
fn calculated_content_expressions_of_the_reference_tests() {
    let now = "@date:2021-07-13T17:29:01Z";
    let hr = format!(r#"{{"heartrate":"60","device":"abc","date":"{now}"}}"#);
    let steps = format!(r#"{{"heartrate":"60","steps":"2","device":"abc","date":"{now}"}}"#);
    let mdate = r#"{"heartrate":"60","device":"abc","mdate":"x"}"#.to_string();
    let bp = format!(
        r#"{{"Body":[{{"systolic":"120","diastolic":"80","device":"abc","date":"{now}"}},{{"systolic":"122","diastolic":"82","device":"abc","date":"{now}"}},{{"systolic":"100","diastolic":"70","device":"abc","date":"{now}"}}]}}"#
    );
    let wrapper = format!(
        r#"{{"Properties":{{"deviceId":"parentScopedDeviceId"}},"Body":[],"matchedToken":{{"systolic":"120","diastolic":"80","date":"{now}"}}}}"#
    );
    let rows: Vec<(&str, &str, String)> = vec![
        // K1/K2
        (
            "to_array(@)[?heartrate || steps]",
            &hr,
            r#"P:[{"heartrate":"60","device":"abc","date":"2021-07-13T17:29:01Z"}]"#.to_string(),
        ),
        (
            "to_array(@)[?heartrate || steps] | length(@)",
            &steps,
            "1".into(),
        ),
        // K3: one match per reading
        ("Body[?systolic] | length(@)", &bp, "3".into()),
        (
            "Body[?systolic].diastolic",
            &bp,
            r#"P:["80","82","70"]"#.into(),
        ),
        // K11/K14/K15
        (
            "to_array(@)[?heartrate && date] | length(@)",
            &hr,
            "1".into(),
        ),
        ("to_array(@)[?heartrate && date]", &mdate, "P:[]".into()),
        ("to_array(@)[?heartrate]", r#"{"foo":"60"}"#, "P:[]".into()),
        // value expressions on the wrapper (K18)
        (
            "Properties.deviceId",
            &wrapper,
            r#""parentScopedDeviceId""#.into(),
        ),
        ("matchedToken.systolic", &wrapper, r#""120""#.into()),
        (
            "matchedToken.date",
            &wrapper,
            "date:2021-07-13T17:29:01Z".into(),
        ),
        ("matchedToken.session", &wrapper, "null".into()),
        // D6: inches to meters
        (
            "multiply(to_number(matchedToken.height), `0.0254`)",
            r#"{"matchedToken":{"height":"78"}}"#,
            "1.9811999999999999".into(),
        ),
        (
            "multiply(to_number(matchedToken.height), `0.0254`)",
            r#"{"matchedToken":{"height":"1.9304"}}"#,
            "0.04903216".into(),
        ),
    ];
    let table: Vec<(&str, &str, &str)> =
        rows.iter().map(|(e, d, x)| (*e, *d, x.as_str())).collect();
    check(&table, true);
}

#[test]
fn expressions_from_published_mappings() {
    let lookup = "matchedToken.value[1].intVal | [{\"v\":@,\"n\":`0`,\"s\":'UNSPECIFIED'},{\"v\":@,\"n\":`1`,\"s\":'BODY_POSITION_STANDING'},{\"v\":@,\"n\":`2`,\"s\":'BODY_POSITION_SITTING'}][?v == n].s | @[0]";
    let by_type = "to_array(@.Body) | [? deviceId && starts_with(deviceId, 'deviceTypeB')].data[] ";
    let nanos = "fromUnixTimestampMs(ceil(multiply(matchedToken.endTimeNanos, `0.000001`)))";
    check(
        &[
            (lookup, r#"{"matchedToken":{"value":[{},{"intVal":2}]}}"#, r#""BODY_POSITION_SITTING""#),
            (lookup, r#"{"matchedToken":{"value":[{},{"intVal":0}]}}"#, r#""UNSPECIFIED""#),
            // a Float token never equals an Integer literal
            (lookup, r#"{"matchedToken":{"value":[{},{"intVal":2.0}]}}"#, "null"),
            (lookup, r#"{"matchedToken":{"value":[{},{"intVal":9}]}}"#, "null"),
            (lookup, r#"{"matchedToken":{"value":[{}]}}"#, "null"),
            (by_type, r#"{"Body":{"deviceId":"deviceTypeB-1","data":[{"a":1},[{"a":2}]]}}"#, r#"P:[{"a":1},[{"a":2}]]"#),
            (by_type, r#"{"Body":[{"deviceId":"deviceTypeA","data":[1]},{"deviceId":"deviceTypeB","data":[2,3]}]}"#, "P:[2,3]"),
            (by_type, r#"{"Body":{"deviceId":5,"data":[1]}}"#, "!runtime Error: invalid-type, both arguments to function starts_with must be strings."),
            (nanos, r#"{"matchedToken":{"endTimeNanos":1626799080000000000}}"#, "date:2021-07-20T16:38:00Z"),
            (nanos, r#"{"matchedToken":{"endTimeNanos":1626799080123456789}}"#, "date:2021-07-20T16:38:00.124Z"),
            (nanos, r#"{"matchedToken":{"endTimeNanos":"1626799080000000000"}}"#, "!runtime Error: invalid-type, function multiply expects argument 0 to be one of the following: Integer|Float"),
            ("divide(matchedToken.distanceInYards, `1.0936`)", r#"{"matchedToken":{"distanceInYards":100}}"#, "91.441111923921"),
            ("multiply(matchedToken.distanceInMiles, `1609.344`)", r#"{"matchedToken":{"distanceInMiles":2}}"#, "3218.688"),
        ],
        true,
    );
}

#[test]
fn formatted_expressions_print_like_jmespath_net() {
    let cases = [
        ("Body[?systolic]", "Body[?systolic]"),
        ("to_array(@)[?heartrate]", "to_array(@)[?heartrate]"),
        ("add(a,b)", "add(a, b)"),
        ("property[].name", "property[].name"),
        ("a  ==  'x'", "a == 'x'"),
        ("a || b && c", "a || b && c"),
        ("(a || b) && c", "(a || b) && c"),
        ("!(a || b)", "!(a || b)"),
        ("!a.b", "!a.b"),
        ("a | b", "a|b"),
        ("foo[*].bar | [0]", "foo[*].bar|[0]"),
        ("sort_by(a, &b)", "sort_by(a, &b)"),
        ("sort_by(a, &b.c)", "sort_by(a, b.c)"),
        ("sort_by(a, &b[0])", "sort_by(a, &b[0])"),
        (
            "multiply(to_number(matchedToken.height), `0.0254`)",
            "multiply(to_number(matchedToken.height), `0.0254`)",
        ),
        ("\"my key\".x", "\"my key\".x"),
        ("\"a/b\"", "\"a\\/b\""),
        ("a[0:2]", "a[0:2]"),
        ("a[::-1]", "a[::-1]"),
        ("a[:]", "a[:]"),
        ("a[0:2:1]", "a[0:2:1]"),
        ("a[-1]", "a[-1]"),
        ("`\"a/b\"`", "`\"a\\/b\"`"),
        ("`\"é\"`", "`\"\\u00e9\"`"),
        ("`{\"b\":1,  \"a\": [1, 2.0]}`", "`{\"b\":1,\"a\":[1,2.0]}`"),
        ("'it\\'s'", "'it\\'s'"),
        ("{a: b, \"c d\": e}", "{a: b, \"c d\": e}"),
        ("a.*.b", "a.*.b"),
        ("*", "*"),
        ("[*]", "[*]"),
        ("[]", "[]"),
        ("@", "@"),
        ("a[*][b, c]", "a[*].[b, c]"),
        ("[a, b]", "[a, b]"),
        ("a[?b > `1`]", "a[?b > `1`]"),
        ("not_null(a, b)", "not_null(a, b)"),
        ("(a).b", "a.b"),
    ];
    for (expr, printed) in cases {
        let c = compile(expr, &PRODUCTION).unwrap();
        assert_eq!(c.formatted(), printed, "{expr}");
    }
}

#[test]
fn materialized_results_become_synthetic_nodes() {
    let mut doc = doc_from(r#"{"a":[1,2]}"#);
    let root = doc.root().unwrap();
    let c = compile(
        "{x: a, y: add(`1`, `2`), t: fromUnixTimestamp(`0`)}",
        &PRODUCTION,
    )
    .unwrap();
    let value = c.search(&doc, root).unwrap().value;
    let id = materialize(&mut doc, &value);
    let a = doc.get(root, "a").unwrap();
    assert_eq!(doc.get(id, "x"), Some(a));
    assert_eq!(doc.value(doc.get(id, "y").unwrap()), &Value::Integer(3));
    assert!(matches!(
        doc.value(doc.get(id, "t").unwrap()),
        Value::Date(_)
    ));
    assert!(doc.span(id).is_synthetic());
}

#[test]
fn hostile_documents_do_not_crash_the_evaluator() {
    // a synthetic array that contains itself
    let mut doc = Document::new();
    let id = doc.push(Value::Null, Span::SYNTHETIC);
    doc.node_mut(id).value = Value::Array(vec![id, NodeId(999)]);
    doc.set_root(id);
    for expr in [
        "to_string(@)",
        "@ == @[0]",
        "merge({a: @}, {a: @})",
        "[0][0][0][0][1]",
        "@[*][*][*]",
    ] {
        let c = compile(expr, &PRODUCTION).unwrap();
        let _ = c.search(&doc, id);
    }
    let c = compile("to_string(@)", &PRODUCTION).unwrap();
    assert!(c.search(&doc, id).is_err());
    // the same walks fit the wasm stack
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for expr in [
                "to_string(@)",
                "@ == [@][0]",
                "merge({a: @}, {a: @})",
                "{a: @}",
            ] {
                let c = compile(expr, &PRODUCTION).unwrap();
                if let Ok(outcome) = c.search(&doc, id) {
                    let mut doc = doc.clone();
                    let _ = materialize(&mut doc, &outcome.value);
                }
            }
        })
        .unwrap();
    assert!(handle.join().is_ok());
}

#[test]
fn random_expressions_never_panic() {
    let atoms = [
        "a",
        "b",
        "@",
        "`1`",
        "`\"x\"`",
        "'s'",
        "`null`",
        "`[1,2]`",
        "`{\"a\":1}`",
        "length(",
        "sort_by(",
        "add(",
        "pow(",
        "insertString(",
        "to_number(",
        "merge(",
        "max_by(",
        "&",
        "!",
        "(",
        ")",
        "[",
        "]",
        "[*]",
        "[?",
        "[]",
        "{k:",
        "}",
        ".",
        "*",
        "|",
        "||",
        "&&",
        "==",
        "<",
        ",",
        ":",
        "[0]",
        "[-1]",
        "[::-1]",
    ];
    let doc = doc_from(r#"{"a":[1,2.5,"x",null,{"a":1},[1]],"b":{"a":"y","k":[{}]}}"#);
    let root = doc.root().unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut compiled = 0;
    for _ in 0..20_000 {
        let mut expr = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = 1 + (seed % 8) as usize;
        for i in 0..len {
            let pick = (seed.rotate_left(i as u32 * 7) % atoms.len() as u64) as usize;
            expr.push_str(atoms[pick]);
        }
        if let Ok(c) = compile(&expr, &PRODUCTION) {
            compiled += 1;
            let _ = c.search(&doc, root);
            let _ = c.formatted();
        }
    }
    assert!(
        compiled > 100,
        "the generator produces some valid expressions ({compiled})"
    );
    assert_eq!(run("a[?@ == `1`]", r#"{"a":[1,1.0]}"#, true), "P:[1]");
}

type Shape = fn(usize) -> String;

#[test]
fn expressions_at_the_nesting_limit_fit_a_small_stack() {
    // each shape at the largest size the limits accept must compile and run in 1 MiB of stack
    // (wasm's default; debug builds use the most stack per frame)
    let shapes: [(&str, Shape); 14] = [
        ("parens", |n| format!("{}a{}", "(".repeat(n), ")".repeat(n))),
        ("calls", |n| {
            format!("{}@{}", "to_array(".repeat(n), ")".repeat(n))
        }),
        ("nots", |n| format!("{}a", "!".repeat(n))),
        ("filters", |n| {
            format!("a{}", "[?b".repeat(n)) + &"]".repeat(n)
        }),
        ("lists", |n| format!("{}a{}", "[".repeat(n), "]".repeat(n))),
        ("hashes", |n| {
            format!("{}`1`{}", "{a:".repeat(n), "}".repeat(n))
        }),
        ("projections", |n| format!("a{}", "[*]".repeat(n))),
        ("wildcards", |n| format!("{}a", "a.*.".repeat(n))),
        ("dots", |n| vec!["a"; n + 1].join(".")),
        ("ands", |n| vec!["!a"; n + 1].join(" && ")),
        ("pipes", |n| vec!["a"; n + 1].join(" | ")),
        ("compares", |n| vec!["a"; n + 1].join(" == ")),
        ("flattens", |n| format!("a{}", "[]".repeat(n))),
        ("exprefs", |n| {
            format!("sort_by(x, &{}a{})", "(".repeat(n), ")".repeat(n))
        }),
    ];
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let doc = doc_from(r#"{"a":[[[1]]],"b":1,"x":[{"a":1}]}"#);
            let root = doc.root().unwrap();
            for (name, shape) in shapes {
                let largest = (1..=400)
                    .rev()
                    .find(|n| compile(&shape(*n), &PRODUCTION).is_ok())
                    .unwrap_or(0);
                assert!(largest >= 20, "{name}: only {largest} levels accepted");
                let c = compile(&shape(largest), &PRODUCTION).unwrap();
                let _ = c.search(&doc, root);
                assert!(!c.formatted().is_empty());
            }
        })
        .unwrap();
    assert!(handle.join().is_ok());
}
