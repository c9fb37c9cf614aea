use super::*;

fn kinds(text: &str) -> Vec<(Kind, &str)> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind != Kind::Space)
        .map(|t| (t.kind, &text[t.start..t.end]))
        .collect()
}

#[test]
fn tokens_cover_the_text_and_name_keys() {
    let text = "{\"a\" : 1.5e3, 'b': [true, null, \"x\\\"y\"], // c\n c: -2 /* d */}";
    let tokens = tokenize(text);
    let joined: String = tokens.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(joined, text);
    let k = kinds(text);
    assert_eq!(k[1], (Kind::Key, "\"a\""));
    assert_eq!(k[3], (Kind::Num, "1.5e3"));
    assert_eq!(k[5], (Kind::Key, "'b'"));
    assert_eq!(k[8], (Kind::Word, "true"));
    assert_eq!(k[12], (Kind::Str, "\"x\\\"y\""));
    assert!(k.contains(&(Kind::Comment, "// c")));
    assert!(k.contains(&(Kind::Comment, "/* d */")));
    assert!(k.contains(&(Kind::Num, "-2")));
}

#[test]
fn half_typed_text_never_panics() {
    for text in [
        "\"abc",
        "{\"a\": \"é",
        "/* open",
        "'\\",
        "\"\\",
        "é😀/",
        "{,:]",
    ] {
        let tokens = tokenize(text);
        let joined: String = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(joined, text);
        let _ = highlight_html(
            text,
            &[Mark {
                start: 0,
                end: 99,
                class: "m",
            }],
        );
        let _ = format_json(text);
    }
}

#[test]
fn highlight_escapes_and_marks_ranges() {
    let text = "{\"a<\": \"x&y\"}";
    let html = highlight_html(text, &[]);
    assert!(
        html.contains("<span class=\"t-k\">&quot;a&lt;&quot;</span>"),
        "{html}"
    );
    assert!(html.contains("&quot;x&amp;y&quot;"), "{html}");
    let value = text.find("\"x").expect("value");
    let html = highlight_html(
        text,
        &[Mark {
            start: value + 1,
            end: value + 2,
            class: "m-match",
        }],
    );
    assert!(
        html.contains("<span class=\"t-s m-match\">x</span>"),
        "{html}"
    );
}

#[test]
fn marks_off_char_boundaries_are_ignored() {
    let text = "\"é\"";
    let html = highlight_html(
        text,
        &[Mark {
            start: 2,
            end: 3,
            class: "m",
        }],
    );
    assert_eq!(html, "<span class=\"t-s\">&quot;é&quot;</span>");
}

#[test]
fn format_reindents_and_keeps_token_text() {
    let text = "{\"a\":1.50,\"b\":[12345678901234567890,{}],\"c\":{\"d\":[]}}";
    let expected = "{\n  \"a\": 1.50,\n  \"b\": [\n    12345678901234567890,\n    {}\n  ],\n  \"c\": {\n    \"d\": []\n  }\n}\n";
    assert_eq!(format_json(text), expected);
    assert_eq!(format_json(expected), expected);
}

#[test]
fn format_keeps_comments() {
    let text = "{// note\n\"a\": 1 /* x */}";
    assert_eq!(format_json(text), "{\n  // note\n  \"a\": 1 /* x */\n}\n");
}
