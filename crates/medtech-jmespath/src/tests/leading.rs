//! `JmesPath::leading_identifiers`: wherever one of them is missing or null, the search gives a
//! null that is not a projection, without error — the contract the normalizer relies on to skip
//! type matches over members a message does not have.

use crate::{compile, CompileOptions, Var};
use medtech_json::{Document, Value};

const EXPRESSIONS: &[&str] = &[
    "Body",
    "Body.scale",
    "Body.scale[?kind == 'weight']",
    "Body.scale[*].v",
    "Body.scale[0]",
    "Body.scale[]",
    "Body.scale[1:2]",
    "Body.a.b.c",
    "Body.*.v",
    "Body | [`1`]",
    "Body || `1`",
    "to_array(Body)",
    "[Body, a]",
    "Body.[a, b]",
    "Body.{x: a}",
    "a[?b] | [0]",
];

fn documents() -> Vec<serde_json::Value> {
    vec![
        serde_json::json!({}),
        serde_json::json!({"Body": null}),
        serde_json::json!({"Body": {"scale": null}}),
        serde_json::json!({"Body": {"scale": [{"kind": "weight", "v": 1}, {"kind": "x"}]}}),
        serde_json::json!({"Body": {"a": {"b": {"c": 1}}, "scale": 5}, "a": [{"b": 1}]}),
        serde_json::json!({"Body": [1, 2], "a": {"b": null}}),
        serde_json::json!({"body": {"scale": [1]}, "SCALE": 1}),
    ]
}

/// Whether `name` is missing (or null) where the chain looks it up.
fn chain_breaks(doc: &Document, names: &[&str]) -> bool {
    let mut current = doc.root();
    for name in names {
        current = current.and_then(|id| doc.get(id, name));
        match current.map(|id| doc.value(id)) {
            None | Some(Value::Null) => return true,
            _ => {}
        }
    }
    false
}

#[test]
fn a_broken_leading_chain_gives_null() {
    let options = CompileOptions {
        custom_functions: true,
    };
    let (mut broken, mut checked) = (0, 0);
    for expr in EXPRESSIONS {
        let compiled = compile(expr, &options).expect("test expressions compile");
        let names = compiled.leading_identifiers();
        for json in documents() {
            let doc = Document::from_serde(&json);
            let root = doc.root().expect("a root");
            let outcome = compiled.search(&doc, root);
            checked += 1;
            if !names.is_empty() && chain_breaks(&doc, &names) {
                broken += 1;
                let outcome = outcome.expect("no error");
                assert!(!outcome.is_projection, "{expr} on {json}");
                assert!(
                    matches!(outcome.value, Var::Null)
                        || matches!(outcome.value, Var::Node(id) if matches!(doc.value(id), Value::Null)),
                    "{expr} on {json}: {:?}",
                    outcome.value
                );
            }
        }
    }
    assert!(broken > 30, "{broken} of {checked}");
}

#[test]
fn leading_identifiers_stop_at_the_first_other_step() {
    let names = |expr: &str| {
        compile(expr, &CompileOptions::default())
            .expect("compiles")
            .leading_identifiers()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names("Body.scale[?kind == 'weight']"), ["Body", "scale"]);
    assert_eq!(names("Body.scale[*].v"), ["Body", "scale"]);
    assert_eq!(names("a.b.c"), ["a", "b", "c"]);
    assert_eq!(names("a"), ["a"]);
    assert!(names("Body | [`1`]").is_empty());
    assert!(names("Body || `1`").is_empty());
    assert!(names("to_array(Body)").is_empty());
    assert!(names("[Body, a]").is_empty());
    assert!(names("@.a").is_empty());
}
