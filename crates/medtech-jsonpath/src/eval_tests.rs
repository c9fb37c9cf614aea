//! The evaluator's shortcuts (object-only scan filters, plain member chains) give exactly what
//! the general evaluation gives: the same tokens in the same order, the same error, the same
//! observations.

use super::{run_path, Ctx};
use crate::token::Token;
use medtech_json::{Document, Member, Span, Value};
use std::ops::ControlFlow;

type Outcome = (Vec<Token>, Option<String>, super::Observations);

fn evaluate(ctx: &Ctx<'_>, expr: &str, start: Token) -> Outcome {
    let path = crate::parse(expr).expect("test expressions parse");
    let mut tokens = Vec::new();
    let result = run_path(ctx, &path.path, start, &mut |t| {
        tokens.push(t);
        Ok(ControlFlow::Continue(()))
    });
    (tokens, result.err().map(|e| e.message), ctx.observed.get())
}

const EXPRESSIONS: &[&str] = &[
    "$..[?(@heartRate)]",
    "$..[?(@.heartRate)]",
    "$..[?(@systolic && @diastolic)]",
    "$..[?(@systolic || @diastolic)]",
    "$..[?(@Body.steps)]",
    "$..[?(@telemetry.RespiratoryRate)]",
    "$..[?(@.kind == 'spo2')]",
    "$..[?(@.v > 5)]",
    "$..[?(@.v >= 5 && @.kind)]",
    "$..[?(@.kind != 'x')]",
    "$..[?(@.activity =~ /^(walk|run)/i)]",
    "$..[?(5 == @.v)]",
    "$..[?(5)]",
    "$..[?(@)]",
    "$..[?(@.*)]",
    "$..[?(@['v','kind'])]",
    "$..[?(@..v)]",
    "$..[?($.a)]",
    "$..[?(@.a && $..v)]",
    "$..[?($..v && @.a)]",
    "$..[?(@.v == @.w)]",
    "$..[?(@.list[0])]",
    "$..[?(@.list[0:1:0])]",
    "$..[?(@.v || @.list[-1])]",
    "$..[?(@.list[-1] || @.v)]",
    "$..[?(@.kind =~ /[/)]",
    "$[?(@.v)]",
    "$[?(@v)]",
    "$.a[?(@.v)]",
    "$.list[?(@.v)]",
    "$..[?(@.v)]..[?(@.kind)]",
    "$..[?(@.v)].kind",
    "$[?(@.v)]..[?(@.v)]",
];

fn documents() -> Vec<(Document, Token)> {
    let json = serde_json::json!({
        "heartRate": 60,
        "a": {"v": 7, "kind": "spo2", "list": [1, {"v": 2, "w": 2}], "systolic": 1},
        "Body": {"steps": 3, "telemetry": {"RespiratoryRate": 12}},
        "list": [{"v": 9, "kind": "x"}, [{"v": 1, "diastolic": 2}], "text", null, {"activity": "Walking"}],
        "v": 5
    });
    let mut out = Vec::new();
    let doc = Document::from_serde(&json);
    let root = doc.root().unwrap();
    out.push((doc, Token::Node(root)));
    // A CalculatedContent-like wrapper sharing nodes: `a` is reachable twice.
    let mut doc = Document::from_serde(&json);
    let root = doc.root().unwrap();
    let a = doc.get(root, "a").unwrap();
    let mut members: Vec<Member> = doc.members(root).to_vec();
    members.push(Member::synthetic("matchedToken", a));
    let wrapper = doc.push(Value::Object(members), Span::SYNTHETIC);
    out.push((doc, Token::Node(wrapper)));
    // Not objects at the root.
    for json in [
        serde_json::json!([{"v": 1}, [{"heartRate": 1}]]),
        serde_json::json!(42),
        serde_json::json!({}),
    ] {
        let doc = Document::from_serde(&json);
        let root = doc.root().unwrap();
        out.push((doc, Token::Node(root)));
    }
    // A property token as the start.
    let doc = Document::from_serde(&serde_json::json!({"p": {"v": 1, "q": {"v": 2}}}));
    let root = doc.root().unwrap();
    out.push((
        doc,
        Token::Property {
            object: root,
            index: 0,
        },
    ));
    out
}

#[test]
fn shortcuts_give_what_the_general_evaluation_gives() {
    let (mut tokens, mut errors) = (0, 0);
    for (doc, start) in documents() {
        for expr in EXPRESSIONS {
            let fast = evaluate(&Ctx::new(&doc, start), expr, start);
            let general = evaluate(&Ctx::without_shortcuts(&doc, start), expr, start);
            assert_eq!(fast, general, "{expr} on {start:?}");
            // The public entry points add their own shortcuts (a direct walk for scan filters
            // over objects, member chains): the same tokens and error again.
            let (selected, error) = crate::parse(expr)
                .expect("test expressions parse")
                .select_tokens_partial(&doc, start);
            assert_eq!(
                (selected, error.map(|e| e.message)),
                (general.0.clone(), general.1.clone()),
                "{expr} on {start:?} through select_tokens_partial"
            );
            tokens += fast.0.len();
            errors += usize::from(fast.1.is_some());
        }
    }
    // The table exercises selections and errors alike.
    assert!(tokens > 100, "{tokens}");
    assert!(errors >= 6, "{errors}");
}

#[test]
fn object_only_filters_are_recognized() {
    let objects_only = |expr: &str| {
        let path = crate::parse(expr).unwrap();
        match path.path.segments.last() {
            Some(crate::ast::Segment::ScanQuery(filter)) => filter.objects_only,
            _ => panic!("{expr} is not a scan filter"),
        }
    };
    assert!(objects_only("$..[?(@heartRate)]"));
    assert!(objects_only("$..[?(@systolic && @diastolic)]"));
    assert!(objects_only("$..[?(@.kind == 'spo2')]"));
    assert!(objects_only("$..[?(5 == @.v)]"));
    assert!(objects_only("$..[?(@.a || @['b','c'])]"));
    assert!(!objects_only("$..[?(@)]"));
    assert!(!objects_only("$..[?(@.*)]"));
    assert!(!objects_only("$..[?(5)]"));
    assert!(!objects_only("$..[?($.a)]"));
    assert!(!objects_only("$..[?(@..a)]"));
    assert!(!objects_only("$..[?(@.a || $.b)]"));
    assert!(!objects_only("$..[?(@.list[0:1:0])]"));
}
