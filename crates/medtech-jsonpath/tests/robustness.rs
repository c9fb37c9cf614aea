//! No panic, no stack overflow, bounded work on hostile input (team brief): random expressions
//! over random documents, deep documents, long and deeply nested expressions.

mod support;

use medtech_json::{Document, Span, Value};
use medtech_jsonpath::standard::{compare_with_standard, rfc9535_select};
use medtech_jsonpath::{parse, ParseErrorKind, Token};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "$",
    "@",
    ".",
    "..",
    "[",
    "]",
    "(",
    ")",
    "?",
    "?(",
    "*",
    "'",
    "'a'",
    "\\",
    ",",
    ":",
    "-",
    "0",
    "1",
    "-1",
    "2147483648",
    " ",
    "a",
    "b",
    "x",
    "==",
    "!=",
    "===",
    "<",
    ">=",
    "<>",
    "=~",
    "/a/i",
    "/",
    "&&",
    "||",
    "&",
    "|",
    "true",
    "null",
    "1.5",
    "'s'",
    "\"",
    "\u{663}",
    "é",
    "\t",
];

const DOCS: &[&str] = &[
    r#"{"a": {"b": [1, {"a": 2}], "x": null}, "b": "s", "x": [true, 1.5, "a"]}"#,
    r#"[{"a": 1}, {"a": "x"}, [], {}, [[{"b": -1}]]]"#,
    r#""text""#,
    r#"N:{"a": "2019-02-01T22:46:01Z", "b": 123456789012345678901234567890, "c": undefined}"#,
];

#[test]
fn random_expressions_never_panic() {
    let docs: Vec<_> = DOCS.iter().map(|d| support::document(d)).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut parsed = 0;
    for _ in 0..20_000 {
        let n = 1 + rng.next() % 12;
        let expr: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        let Ok(path) = parse(&expr) else { continue };
        parsed += 1;
        for (doc, root) in &docs {
            let _ = path.select_tokens_partial(doc, Token::Node(*root));
            let _ = path.select_one(doc, *root);
        }
    }
    assert!(parsed > 1000, "only {parsed} random expressions parsed");
}

#[test]
fn random_expressions_through_the_standard_reader_never_panic() {
    let (doc, root) = support::document(DOCS[0]);
    let mut rng = Rng(42);
    for _ in 0..3_000 {
        let n = 1 + rng.next() % 10;
        let expr: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        let _ = rfc9535_select(&expr, &doc, root);
        if let Ok(path) = parse(&expr) {
            let _ = compare_with_standard(&path, &doc, root);
        }
    }
}

/// Builds `{"a": {"a": … {"x": 1} …}}` `depth` levels deep, by hand (no recursion).
fn deep_document(depth: usize) -> (Document, medtech_json::NodeId) {
    let mut doc = Document::new();
    let mut inner = doc.push(Value::Integer(1), Span::SYNTHETIC);
    let mut name = "x";
    for _ in 0..depth {
        let member = medtech_json::Member::synthetic(name, inner);
        let obj = doc.push(Value::Object(vec![member]), Span::SYNTHETIC);
        doc.set_parent(inner, Some(obj), 0);
        inner = obj;
        name = "a";
    }
    doc.set_root(inner);
    (doc, inner)
}

#[test]
fn deep_documents_are_scanned_without_recursion() {
    // Scans stop descending at 10 000 levels (Newtonsoft's reader stops at 64): no crash.
    let (doc, root) = deep_document(100_000);
    let found = parse("$..x").unwrap().select_many(&doc, root).unwrap();
    assert!(found.is_empty());
    let (doc, root) = deep_document(9_000);
    let found = parse("$..x").unwrap().select_many(&doc, root).unwrap();
    assert_eq!(found.len(), 1);
    let filtered = parse("$..[?(@.x)]")
        .unwrap()
        .select_many(&doc, root)
        .unwrap();
    assert_eq!(filtered.len(), 1);
    let all = parse("$..*").unwrap().select_many(&doc, root).unwrap();
    assert!(all.len() > 1000);
    // The standard reader is not asked about documents that deep.
    assert!(rfc9535_select("$..x", &doc, root).is_err());
    let path = parse("$..x").unwrap();
    assert_eq!(compare_with_standard(&path, &doc, root), None);
}

#[test]
fn long_and_nested_expressions_are_bounded() {
    let long = format!("${}", ".a".repeat(5000));
    assert_eq!(parse(&long).unwrap_err().kind, ParseErrorKind::TooComplex);
    let fine = format!("${}", ".a".repeat(500));
    let (doc, root) = deep_document(600);
    assert_eq!(
        parse(&fine).unwrap().select_many(&doc, root).unwrap().len(),
        1
    );

    let mut nested = String::from("@.a");
    for _ in 0..200 {
        nested = format!("@[?({nested})]");
    }
    let expr = format!("$[?({nested})]");
    assert_eq!(parse(&expr).unwrap_err().kind, ParseErrorKind::TooComplex);

    let mut ok = String::from("@.a");
    for _ in 0..30 {
        ok = format!("@..[?({ok})]");
    }
    let path = parse(&format!("$..[?({ok})]")).unwrap();
    let (doc, root) = support::document(r#"{"a": {"a": 1}}"#);
    assert!(path.select_tokens(&doc, Token::Node(root)).is_ok());

    let huge_text = "x".repeat(1_000_000);
    assert!(parse(&format!("$.{huge_text}")).is_ok());
    assert!(parse(&format!("$[?(@.a == '{huge_text}')]")).is_ok());
}

#[test]
fn parse_error_offsets_are_byte_offsets() {
    let e = parse("$.é b").unwrap_err();
    assert_eq!(e.offset, 4);
    assert_eq!(&"$.é b"[e.offset..], " b");
    let e = parse("$[x]").unwrap_err();
    assert_eq!(e.offset, 2);
    assert_eq!(e.dotnet_type(), "Newtonsoft.Json.JsonException");
    assert!(e.is_json_exception());
    let e = parse("$[").unwrap_err();
    assert_eq!(e.offset, 2);
    let e = parse("$[ ").unwrap_err();
    assert_eq!(e.dotnet_type(), "System.IndexOutOfRangeException");
    assert!(!e.is_json_exception());
}
