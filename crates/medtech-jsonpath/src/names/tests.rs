//! Skipping by member names never changes a result: wherever [`MemberNames::may_select`] says
//! no, the evaluation selects nothing and raises no error.

use super::{MemberNames, NameKey};
use medtech_json::Document;
use serde_json::{json, Value as Json};

const NAMES: &[&str] = &[
    "a",
    "b",
    "v",
    "kind",
    "heartRate",
    "list",
    "Body",
    "w",
    "HeartRate",
];

const EXPRESSIONS: &[&str] = &[
    "$..[?(@heartRate)]",
    "$..[?(@.heartRate)]",
    "$..[?(@HeartRate)]",
    "$..[?(@a && @b)]",
    "$..[?(@a || @b)]",
    "$..[?(@a.v)]",
    "$..[?(@.kind == 'spo2')]",
    "$..[?(@.v > 5)]",
    "$..[?(@.v >= 5 && @.kind)]",
    "$..[?(@.kind != 'x')]",
    "$..[?(@.kind =~ /^s/i)]",
    "$..[?(@.kind =~ /[/)]",
    "$..[?(5 == @.v)]",
    "$..[?(@['v','kind'])]",
    "$..[?(@.v == @.w)]",
    "$..[?(@.list[0])]",
    "$..[?(@.list[-1] || @.v)]",
    "$..[?(@.a && @.list[-1])]",
    "$..[?(@.list[0:1:0])]",
    "$..[?(@)]",
    "$..[?($.a)]",
    "$..[?(@..v)]",
    "$..[?(@.*)]",
    "$.a[?(@.v)]",
    "$..[?(@.v)].kind",
    "$..[?(@a.v.kind)]",
    "$..[?(@Body.a.v)]",
    "$..[?(@a['v','kind'].w)]",
    "$..[?(@a.v == 'spo2')]",
    "$..[?('x' != @a.kind)]",
    "$..[?(@a.list[-1])]",
    "$..[?(@b.list[-1] || @v.w)]",
    "$..[?(@a.v && @.list[-1])]",
    "$..[?(@heartRate.v =~ /[/)]",
];

/// A fixed-seed generator of JSON documents over a few member names.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn value(&mut self, depth: usize) -> Json {
        match self.pick(if depth > 3 { 5 } else { 8 }) {
            0 => Json::Null,
            1 => json!(self.pick(10)),
            2 => json!(["spo2", "x", "walk"][self.pick(3)]),
            3 => json!(self.pick(2) == 0),
            4 => json!(-(self.pick(3) as i64)),
            5 | 6 => {
                let mut map = serde_json::Map::new();
                for _ in 0..self.pick(4) {
                    let name = NAMES[self.pick(NAMES.len())];
                    map.insert(name.to_string(), self.value(depth + 1));
                }
                Json::Object(map)
            }
            _ => Json::Array((0..self.pick(4)).map(|_| self.value(depth + 1)).collect()),
        }
    }
}

#[test]
fn a_skipped_expression_selects_nothing_and_never_fails() {
    let paths: Vec<_> = EXPRESSIONS
        .iter()
        .map(|e| crate::parse(e).expect("test expressions parse"))
        .collect();
    let mut generator = Gen(0x2545_f491_4f6c_dd1d);
    let (mut skipped, mut evaluated_non_empty, mut errors) = (0, 0, 0);
    for _ in 0..3000 {
        let json = json!({ "Body": generator.value(0), "a": generator.value(1) });
        let doc = Document::from_serde(&json);
        let root = doc.root().expect("a root");
        let names = MemberNames::of_document(&doc);
        for (expr, path) in EXPRESSIONS.iter().zip(&paths) {
            let (tokens, error) = path.select_tokens_partial(&doc, crate::Token::Node(root));
            if !names.may_select(path) {
                skipped += 1;
                assert!(tokens.is_empty(), "{expr} on {json}: {tokens:?}");
                assert!(error.is_none(), "{expr} on {json}: {error:?}");
            } else if !tokens.is_empty() {
                evaluated_non_empty += 1;
            }
            errors += usize::from(error.is_some());
        }
    }
    // The table exercises skips, selections and errors alike.
    assert!(skipped > 10_000, "{skipped}");
    assert!(evaluated_non_empty > 10_000, "{evaluated_non_empty}");
    assert!(errors > 100, "{errors}");
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn only_member_scan_filters_have_required_names() {
    let names = |expr: &str| -> Option<Vec<Vec<String>>> {
        crate::parse(expr)
            .expect("parses")
            .required_member_names()
            .map(|clauses| clauses.iter().map(|c| strings(c)).collect())
    };
    let clauses = |list: &[&[&str]]| Some(list.iter().map(|c| strings(c)).collect::<Vec<_>>());
    assert_eq!(names("$..[?(@heartRate)]"), clauses(&[&["heartRate"]]));
    assert_eq!(
        names("$..[?(@systolic && @diastolic)]"),
        clauses(&[&["systolic"]])
    );
    assert_eq!(
        names("$..[?(@a || @['b','c'])]"),
        clauses(&[&["a", "b", "c"]])
    );
    assert_eq!(names("$..[?(5 == @.v)]"), clauses(&[&["v"]]));
    // Member chains require every step's names.
    assert_eq!(
        names("$..[?(@Body.steps)]"),
        clauses(&[&["Body"], &["steps"]])
    );
    assert_eq!(
        names("$..[?(@telemetry['a','b'].v[0].w)]"),
        clauses(&[&["telemetry"], &["a", "b"], &["v"]])
    );
    assert_eq!(names("$..[?(@a.b && @c.d)]"), clauses(&[&["a"], &["b"]]));
    // `||`: one of every condition's first names.
    assert_eq!(names("$..[?(@a.b || @c.d)]"), clauses(&[&["a", "c"]]));
    assert_eq!(names("$..[?(@)]"), None);
    assert_eq!(names("$..[?($.a)]"), None);
    assert_eq!(names("$..[?(@.a || $.b)]"), None);
    assert_eq!(names("$..[?(@.list[0:1:0])]"), None);
    assert_eq!(names("$.Body[?(@.a)]"), None);
    assert_eq!(names("$..[?(@.a)].b"), None);
}

#[test]
fn names_are_exact_and_deep_nesting_is_fine() {
    let doc = Document::from_serde(&json!({"Body": [{"heartRate": 1}]}));
    let names = MemberNames::of_document(&doc);
    let may = |e: &str| names.may_select(&crate::parse(e).expect("parses"));
    assert!(may("$..[?(@heartRate)]"));
    assert!(may("$..[?(@.Body)]"));
    // (A Bloom filter: "absent" is certain for these.)
    assert!(!may("$..[?(@HeartRate)]"));
    assert!(!may("$..[?(@steps)]"));
    let depth = 100_000;
    let text = format!("{}{{\"steps\": 1}}{}", "[".repeat(depth), "]".repeat(depth));
    let options = medtech_json::ReadOptions {
        max_depth: depth + 1,
        ..medtech_json::ReadOptions::default()
    };
    let doc = medtech_json::read(&text, &options).expect("reads");
    let names = MemberNames::of_document(&doc);
    assert!(names.may_select(&crate::parse("$..[?(@steps)]").expect("parses")));
}

#[test]
fn names_can_be_looked_up_exactly_and_ignoring_case() {
    let doc = Document::from_serde(&json!({"Body": [{"heartRate": 1, "a": {"SpO2": 2}}]}));
    let names = MemberNames::of_document(&doc);
    for present in ["Body", "heartRate", "a", "SpO2"] {
        assert!(names.may_contain(&NameKey::new(present)), "{present}");
        for variant in [
            present.to_string(),
            present.to_uppercase(),
            present.to_lowercase(),
        ] {
            assert!(
                names.may_contain_ignore_case(&NameKey::new(&variant)),
                "{variant}"
            );
        }
    }
    // (A Bloom filter: "absent" is certain for these.)
    assert!(!names.may_contain(&NameKey::new("HeartRate")));
    assert!(!names.may_contain(&NameKey::new("spo2")));
    assert!(!names.may_contain_ignore_case(&NameKey::new("glucose")));
    // Long names: the first and last eight bytes and the length tell them apart.
    let doc = Document::from_serde(&json!({"aVeryLongMemberName_01": 1}));
    let names = MemberNames::of_document(&doc);
    assert!(names.may_contain(&NameKey::new("aVeryLongMemberName_01")));
    assert!(!names.may_contain(&NameKey::new("aVeryLongMemberName_02")));
    assert!(!names.may_contain(&NameKey::new("aVeryLongMemberName_1")));
    // A non-ASCII name anywhere: case variants cannot be ruled out (Kelvin sign = k).
    let doc = Document::from_serde(&json!({"\u{212A}ind": 1}));
    let names = MemberNames::of_document(&doc);
    assert!(names.may_contain_ignore_case(&NameKey::new("kind")));
    assert!(!names.may_contain(&NameKey::new("kind")));
}

#[test]
fn a_summary_of_node_ranges_equals_the_summary_of_the_whole_arena() {
    let doc = Document::from_serde(&json!(
        {"a": {"heartRate": 1, "list": [{"kind": "x"}, {"Größe": 2}]}, "Body": {"w": {}}}
    ));
    let whole = MemberNames::of_document(&doc);
    for split in 0..=doc.len() {
        for end in split..=doc.len() + 1 {
            let parts = MemberNames::of_nodes(&doc, 0..split)
                .union(MemberNames::of_nodes(&doc, split..end))
                .union(MemberNames::of_nodes(&doc, end..doc.len()));
            assert_eq!(parts, whole, "split at {split}, {end}");
        }
    }
    let (from, to) = (5, 2);
    assert_eq!(
        MemberNames::of_nodes(&doc, from..to),
        MemberNames::default(),
        "a backwards range"
    );
}
