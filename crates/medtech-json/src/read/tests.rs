//! Reader tests: value typing, leniency, locations and Newtonsoft's error texts (§2.1, §3.1).

use super::*;
use crate::datetime::DateKind;
use crate::document::{Span, Value};

fn ok(text: &str) -> Document {
    match read(text, &ReadOptions::default()) {
        Ok(d) => d,
        Err(e) => panic!("{text:?} failed: {}", e.message),
    }
}

fn root_value(text: &str) -> Value {
    let doc = ok(text);
    doc.value(doc.root().unwrap()).clone()
}

fn err(text: &str) -> ReadError {
    match read(text, &ReadOptions::default()) {
        Ok(_) => panic!("{text:?} should fail"),
        Err(e) => e,
    }
}

#[test]
fn scalar_typing() {
    let cases: &[(&str, Value)] = &[
        ("0", Value::Integer(0)),
        ("7", Value::Integer(7)),
        ("78", Value::Integer(78)),
        ("-5", Value::Integer(-5)),
        ("-0", Value::Integer(0)),
        ("010", Value::Integer(8)),
        ("00", Value::Integer(0)),
        ("0x1F", Value::Integer(31)),
        ("0X1f", Value::Integer(31)),
        ("0xFFFFFFFFFFFFFFFF", Value::Integer(-1)),
        ("-010", Value::Integer(-10)),
        ("9223372036854775807", Value::Integer(i64::MAX)),
        ("-9223372036854775808", Value::Integer(i64::MIN)),
        (
            "9223372036854775808",
            Value::BigInteger("9223372036854775808".into()),
        ),
        ("-00000000000000000000001", Value::BigInteger("-1".into())),
        ("1.5", Value::Float(1.5)),
        ("1.0", Value::Float(1.0)),
        ("-0.0", Value::Float(-0.0)),
        ("1e5", Value::Float(100000.0)),
        ("1E+2", Value::Float(100.0)),
        (".5", Value::Float(0.5)),
        ("1.", Value::Float(1.0)),
        ("0.5e-1", Value::Float(0.05)),
        ("1e400", Value::Float(f64::INFINITY)),
        ("Infinity", Value::Float(f64::INFINITY)),
        ("-Infinity", Value::Float(f64::NEG_INFINITY)),
        ("true", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("null", Value::Null),
        ("undefined", Value::Undefined),
        (",", Value::Undefined),
        ("'single'", Value::String("single".into())),
        ("\"a\\tb\\u0041\\/\"", Value::String("a\tbA/".into())),
        ("\"\\uD83D\\uDE00\"", Value::String("\u{1F600}".into())),
        ("\"\\uDE00x\"", Value::String("\u{FFFD}x".into())),
        ("\"\\uD83Dx\"", Value::String("\u{FFFD}x".into())),
        ("\"\\uD83D\\u0041\"", Value::String("\u{FFFD}A".into())),
        (
            "\"\\uD83D\\uD83D\\uDE00\"",
            Value::String("\u{FFFD}\u{1F600}".into()),
        ),
        ("'it\\'s \"q\"'", Value::String("it's \"q\"".into())),
        ("\"line\nbreak\"", Value::String("line\nbreak".into())),
        ("\u{feff}42", Value::Integer(42)),
        ("/* c */ 42 // after", Value::Integer(42)),
        ("42 garbage", Value::Integer(42)),
        (
            "\"2019-02-01 22:46:01\"",
            Value::String("2019-02-01 22:46:01".into()),
        ),
    ];
    for (text, expected) in cases {
        let got = root_value(text);
        match (&got, expected) {
            (Value::Float(a), Value::Float(b)) => {
                assert!(a.to_bits() == b.to_bits(), "{text}: {a} vs {b}")
            }
            _ => assert_eq!(&got, expected, "{text}"),
        }
    }
    assert!(matches!(root_value("NaN"), Value::Float(f) if f.is_nan()));
}

#[test]
fn big_integer_limit() {
    let long = "9".repeat(380);
    assert!(matches!(root_value(&long), Value::BigInteger(_)));
    let too_long = "9".repeat(381);
    let e = err(&too_long);
    assert!(e
        .message
        .starts_with(&format!("JSON integer {too_long} is too large to parse.")));
}

#[test]
fn dates_are_detected_only_when_asked() {
    let d = root_value("\"2019-02-01T22:46:01.875Z\"");
    let Value::Date(date) = d else {
        panic!("{d:?}")
    };
    assert_eq!(date.kind, DateKind::Utc);
    assert_eq!(date.to_newtonsoft_iso(), "2019-02-01T22:46:01.875Z");
    let opts = ReadOptions {
        date_parse: false,
        ..ReadOptions::default()
    };
    let doc = read("\"2019-02-01T22:46:01Z\"", &opts).unwrap();
    assert_eq!(
        doc.value(doc.root().unwrap()),
        &Value::String("2019-02-01T22:46:01Z".into())
    );
    // Property names are never dates.
    let doc = ok("{\"2019-02-01T22:46:01Z\": 1}");
    assert!(doc
        .get(doc.root().unwrap(), "2019-02-01T22:46:01Z")
        .is_some());
}

#[test]
fn date_out_of_range_is_an_error() {
    let e = err("\"9999-12-31T24:00:00\"");
    assert_eq!(e.kind, ReadErrorKind::DateOutOfRange);
    let e = err("\"/Date(253402300800000)/\"");
    assert_eq!(e.kind, ReadErrorKind::DateOutOfRange);
}

#[test]
fn containers_leniency_and_duplicates() {
    let doc = ok("{ a: 1, 'b': [1,,2,], $c_1: {}, \"a\": 3, }");
    let root = doc.root().unwrap();
    let members = doc.members(root);
    let names: Vec<&str> = members.iter().map(|m| &*m.name).collect();
    assert_eq!(names, ["a", "b", "$c_1"]);
    assert_eq!(doc.value(members[0].value), &Value::Integer(3));
    // The later member's location is kept.
    assert_eq!(members[0].name_span, Span::new(32, 35));
    let b = doc.elements(members[1].value);
    assert_eq!(b.len(), 3);
    assert_eq!(doc.value(b[1]), &Value::Undefined);
    assert_eq!(doc.pointer(b[2]), "/b/2");
    assert_eq!(doc.pointer(members[0].value), "/a");
    assert_eq!(doc.node(members[0].value).slot, 0);
    let doc = ok("[,1]");
    let items = doc.elements(doc.root().unwrap());
    assert_eq!(doc.value(items[0]), &Value::Undefined);
    let doc = ok("{\"a\":,}");
    assert_eq!(
        doc.value(doc.get(doc.root().unwrap(), "a").unwrap()),
        &Value::Undefined
    );
}

#[test]
fn many_duplicates_in_a_large_object() {
    let mut text = String::from("{");
    for i in 0..100 {
        text.push_str(&format!("\"k{}\": {},", i % 40, i));
    }
    text.push('}');
    let doc = ok(&text);
    let root = doc.root().unwrap();
    assert_eq!(doc.members(root).len(), 40);
    assert_eq!(doc.value(doc.get(root, "k0").unwrap()), &Value::Integer(80));
    assert_eq!(
        doc.value(doc.get(root, "k39").unwrap()),
        &Value::Integer(79)
    );
    for (i, m) in doc.members(root).iter().enumerate() {
        assert_eq!(doc.node(m.value).slot as usize, i);
        assert_eq!(doc.node(m.value).parent, Some(root));
    }
}

#[test]
fn spans_and_links() {
    let text = "{\"a\" : [1, \"x\"], \"b\":{}}";
    let doc = ok(text);
    let root = doc.root().unwrap();
    assert_eq!(doc.span(root), Span::new(0, text.len()));
    let m = &doc.members(root)[0];
    assert_eq!(m.name_span, Span::new(1, 4));
    assert_eq!(m.colon, 5);
    let arr = m.value;
    assert_eq!(
        &text[doc.span(arr).start as usize..doc.span(arr).end as usize],
        "[1, \"x\"]"
    );
    let x = doc.elements(arr)[1];
    assert_eq!(
        &text[doc.span(x).start as usize..doc.span(x).end as usize],
        "\"x\""
    );
    assert_eq!(doc.node(x).parent, Some(arr));
    assert_eq!(doc.node(x).slot, 1);
    assert_eq!(doc.pointer(x), "/a/1");
}

#[test]
fn additional_content() {
    assert!(read("{} x", &ReadOptions::default()).is_ok());
    let strict = ReadOptions {
        check_additional_content: true,
        ..ReadOptions::default()
    };
    assert!(read("{} // c\n /* d */ ", &strict).is_ok());
    let e = read("{}\n x", &strict).unwrap_err();
    assert_eq!(
        e.message,
        "Additional text encountered after finished reading JSON content: x. Path '', line 2, position 1."
    );
    assert_eq!((e.line, e.column, e.offset), (2, 2, 4));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let ok64 = format!("{}{}", "[".repeat(64), "]".repeat(64));
    assert!(read(&ok64, &ReadOptions::default()).is_ok());
    let e = err(&"[".repeat(65));
    let path = "[0]".repeat(64);
    assert_eq!(
        e.message,
        format!(
            "The reader's MaxDepth of 64 has been exceeded. Path '{path}', line 1, position 65."
        )
    );
    let e = err(&"[".repeat(100_000));
    assert!(e.message.starts_with("The reader's MaxDepth of 64"));
    let unlimited = ReadOptions {
        max_depth: usize::MAX,
        ..ReadOptions::default()
    };
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read(&deep, &unlimited).is_ok());
    let e = err(&"{\"a\":".repeat(65));
    assert!(
        e.message.ends_with(&format!(
            "Path '{}', line 1, position 321.",
            vec!["a"; 64].join(".")
        )),
        "{}",
        e.message
    );
}

/// (input, Newtonsoft message). Positions follow the reader: the number of UTF-16 units of
/// the line consumed when it stopped.
#[test]
fn error_messages() {
    let cases: &[(&str, &str)] = &[
        ("{\n  \"templateType\":\n}\n", "Unexpected character encountered while parsing value: }. Path 'templateType', line 3, position 0."),
        ("", "Error reading JToken from JsonReader. Path '', line 0, position 0."),
        ("   ", "Error reading JToken from JsonReader. Path '', line 1, position 3."),
        ("\n", "Error reading JToken from JsonReader. Path '', line 0, position 0."),
        ("/* c */", "Error reading JToken from JsonReader. Path '', line 1, position 7."),
        ("<html>", "Unexpected character encountered while parsing value: <. Path '', line 0, position 0."),
        ("{", "Error reading JObject from JsonReader. Path '', line 1, position 1."),
        ("[", "Error reading JArray from JsonReader. Path '', line 1, position 1."),
        ("[1,", "Unexpected end of content while loading JArray. Path '[0]', line 1, position 3."),
        ("[[", "Unexpected end of content while loading JArray. Path '[0]', line 1, position 2."),
        ("{\"a\":1", "Unexpected end of content while loading JObject. Path 'a', line 1, position 6."),
        ("{\"a\":", "Unexpected end of content while loading JObject. Path 'a', line 1, position 5."),
        ("{\"a\":1,", "Unexpected end of content while loading JObject. Path 'a', line 1, position 7."),
        ("{ /* c */", "Unexpected end of content while loading JObject. Path '', line 1, position 9."),
        ("{\"a\"", "Invalid character after parsing property name. Expected ':' but got: \0. Path '', line 1, position 4."),
        ("{\"a\" 1}", "Invalid character after parsing property name. Expected ':' but got: 1. Path '', line 1, position 5."),
        ("{\"a\":1, \"b\" 2}", "Invalid character after parsing property name. Expected ':' but got: 2. Path 'a', line 1, position 12."),
        ("{]", "Invalid property identifier character: ]. Path '', line 1, position 1."),
        ("{a-b:1}", "Invalid JavaScript property identifier character: -. Path '', line 1, position 2."),
        ("{abc", "Unexpected end while parsing unquoted property name. Path '', line 1, position 4."),
        ("[1 2]", "After parsing a value an unexpected character was encountered: 2. Path '[0]', line 1, position 3."),
        ("[1}", "JsonToken EndObject is not valid for closing JsonType Array. Path '', line 1, position 3."),
        ("{\"a\":]", "JsonToken EndArray is not valid for closing JsonType Object. Path '', line 1, position 6."),
        ("{\"a\":{\"b\":1]}", "JsonToken EndArray is not valid for closing JsonType Object. Path 'a', line 1, position 12."),
        ("]", "JsonToken EndArray is not valid for closing JsonType None. Path '', line 1, position 1."),
        ("[)", "JsonToken EndConstructor is not valid for closing JsonType Array. Path '', line 1, position 2."),
        ("[}", "Unexpected character encountered while parsing value: }. Path '', line 1, position 1."),
        ("\"abc", "Unterminated string. Expected delimiter: \". Path '', line 1, position 4."),
        ("['abc", "Unterminated string. Expected delimiter: '. Path '', line 1, position 5."),
        ("\"a\\x\"", "Bad JSON escape sequence: \\x. Path '', line 1, position 4."),
        ("\"\\u12G4\"", "Invalid Unicode escape sequence: \\u12G4. Path '', line 1, position 3."),
        ("\"\\u12\"", "Unexpected end while parsing Unicode escape sequence. Path '', line 1, position 3."),
        ("08", "Input string '08' is not a valid number. Path '', line 1, position 2."),
        ("[1, 0x]", "Input string '0x' is not a valid number. Path '[1]', line 1, position 6."),
        ("[1x]", "Input string '1x' is not a valid number. Path '[0]', line 1, position 3."),
        ("{\"a\": 1e}", "Input string '1e' is not a valid number. Path 'a', line 1, position 8."),
        ("[-]", "Input string '-' is not a valid number. Path '[0]', line 1, position 2."),
        ("1.5.5", "Input string '1.5.5' is not a valid number. Path '', line 1, position 5."),
        ("[1:", "Unexpected character encountered while parsing number: :. Path '', line 1, position 2."),
        ("tru", "Unexpected end when reading JSON. Path '', line 1, position 3."),
        ("trux", "Error parsing boolean value. Path '', line 1, position 3."),
        ("truex", "Error parsing boolean value. Path '', line 1, position 4."),
        ("[true)", "Error parsing boolean value. Path '', line 1, position 5."),
        ("nul", "Unexpected end when reading JSON. Path '', line 1, position 3."),
        ("nx", "Unexpected character encountered while parsing value: n. Path '', line 0, position 0."),
        ("[n", "Unexpected end when reading JSON. Path '', line 1, position 2."),
        ("NaX", "Error parsing NaN value. Path '', line 1, position 2."),
        ("Infinityx", "Error parsing Infinity value. Path '', line 1, position 8."),
        ("-Inf", "Unexpected end when reading JSON. Path '', line 1, position 4."),
        ("undefinex", "Error parsing undefined value. Path '', line 1, position 8."),
        ("nex", "Unexpected content while parsing JSON. Path '', line 1, position 2."),
        ("[1 /", "Unexpected end while parsing comment. Path '[0]', line 1, position 4."),
        ("[1 //", "Unexpected end while parsing comment. Path '[0]', line 1, position 4."),
        ("[1 /x ]", "Error parsing comment. Expected: *, got x. Path '[0]', line 1, position 4."),
        ("[1 /* ", "Unexpected end while parsing comment. Path '[0]', line 1, position 6."),
        ("{\r\n\"a\":\r\n}", "Unexpected character encountered while parsing value: }. Path 'a', line 3, position 0."),
        ("{\r\"é😀\": x}", "Unexpected character encountered while parsing value: x. Path 'é😀', line 2, position 7."),
        ("{\"a b\":{\"c\":[1 2", "After parsing a value an unexpected character was encountered: 2. Path '['a b'].c[0]', line 1, position 15."),
        ("{\"it's\": }", "Unexpected character encountered while parsing value: }. Path '['it\\'s']', line 1, position 9."),
    ];
    for (text, expected) in cases {
        let e = err(text);
        assert_eq!(&e.message, expected, "input {text:?}");
    }
}

#[test]
fn error_location_fields() {
    let e = err("{\n  \"templateType\":\n}\n");
    assert_eq!(e.path, "templateType");
    assert_eq!((e.line_number, e.line_position), (3, 0));
    assert_eq!((e.offset, e.line, e.column), (20, 3, 1));
    assert_eq!(e.kind, ReadErrorKind::Syntax);
    assert_eq!(err("").kind, ReadErrorKind::Empty);
    assert_eq!(err("  // only a comment\n").kind, ReadErrorKind::Empty);
    assert_eq!(err("new Date(1)").kind, ReadErrorKind::Unsupported);
    assert_eq!(err("new").kind, ReadErrorKind::Unsupported);
}

#[test]
fn not_an_object() {
    let text = "[1]";
    let doc = ok(text);
    let index = LineIndex::new(text);
    let e = not_an_object_error(&doc, doc.root().unwrap(), &index).unwrap();
    assert_eq!(e.message, "Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1.");
    let text = " \"abc\"";
    let doc = ok(text);
    let e = not_an_object_error(&doc, doc.root().unwrap(), &LineIndex::new(text)).unwrap();
    assert!(e
        .message
        .ends_with("not an object: String. Path '', line 1, position 6."));
    let doc = ok("{}");
    assert!(not_an_object_error(&doc, doc.root().unwrap(), &LineIndex::new("{}")).is_none());
}

#[test]
fn decode_body_bytes() {
    assert_eq!(decode_utf8(b"\xEF\xBB\xBF{}"), "{}");
    assert_eq!(decode_utf8(b"\"a\xFFb\""), "\"a\u{FFFD}b\"");
    assert_eq!(decode_utf8(b"\xFF\xFE{\x00}\x00"), "{}");
    assert_eq!(decode_utf8(b"\xFE\xFF\x00[\x00]"), "[]");
    assert_eq!(decode_utf8(b"\xFF\xFE\x00\x001\x00\x00\x00"), "1");
    assert_eq!(decode_utf8(b"\x00\x00\xFE\xFF\x00\x00\x00\x32"), "2");
    assert_eq!(decode_utf8(b"\xFF\xFE\x00\xD8a\x00"), "\u{FFFD}a");
}

#[test]
fn nul_characters_are_blank_between_tokens() {
    assert_eq!(root_value("[1\0,\0 2]"), root_value("[1,2]"));
    assert_eq!(root_value("\0true"), Value::Bool(true));
}

#[test]
fn a_recycled_arena_reads_the_next_document_exactly_like_a_fresh_one() {
    let texts = [
        r#"{"a": [1, {"b": "x"}], "c": null}"#,
        "[1, 2, 3]",
        r#"{"dup": 1, "dup": {"z": true}}"#,
        "{ broken",
        r#""2019-02-01T22:46:01.875Z""#,
    ];
    let fresh: Vec<_> = texts
        .iter()
        .map(|t| read(t, &ReadOptions::default()))
        .collect();
    for _ in 0..3 {
        for (text, expected) in texts.iter().zip(&fresh) {
            let again = read(text, &ReadOptions::default());
            assert_eq!(&again, expected, "{text}");
            if let Ok(doc) = again {
                doc.recycle();
            }
        }
    }
    // An arena beyond the bound is dropped, not kept; the next read is unaffected.
    let big = format!(
        "[{}]",
        vec!["0"; crate::document::SPARE_CAPACITY * 2].join(",")
    );
    read(&big, &ReadOptions::default()).unwrap().recycle();
    assert_eq!(read(texts[0], &ReadOptions::default()), fresh[0]);
}
