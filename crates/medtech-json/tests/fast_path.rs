//! The reader's fast path against the state machine alone: for every text, `read` (fast path,
//! falling back to the state machine) and `read_without_fast_path` must give the same document
//! node for node, or the same error. Texts: hand-written edge cases, every JSON file of the
//! repository's conformance cases and of the shared real-world corpus, generated documents
//! and those documents cut and mutated byte by byte.

use medtech_json::read::{fast_path_reads, read, read_without_fast_path, ReadOptions};
use std::path::Path;

fn options() -> Vec<ReadOptions> {
    let plain = ReadOptions::default();
    vec![
        plain.clone(),
        ReadOptions {
            date_parse: false,
            ..plain.clone()
        },
        ReadOptions {
            check_additional_content: true,
            ..plain.clone()
        },
        ReadOptions {
            max_depth: 3,
            ..plain
        },
    ]
}

/// Compares the two readers on `text`.
fn same(text: &str, options: &ReadOptions) {
    let fast = read(text, options);
    let slow = read_without_fast_path(text, options);
    // Debug text, not `==`: a NaN read by both is equal to itself there.
    assert_eq!(
        format!("{fast:?}"),
        format!("{slow:?}"),
        "the readers differ on {text:?} with {options:?}"
    );
}

fn check_all(text: &str) {
    for options in options() {
        same(text, &options);
    }
}

const EDGES: &[&str] = &[
    "",
    " ",
    "\u{feff}{\"a\":1}",
    "{}",
    "[]",
    "{ }",
    "[ ]",
    "{\"a\":1}",
    "{\"a\" : 1 , \"b\" : [ 1 , 2 ] }",
    "{\"a\":1,}",
    "[1,]",
    "[1,,2]",
    "{\"a\":,}",
    ",",
    "{\"a\":1,\"a\":2}",
    "{\"a\":1,\"b\":2,\"a\":3}",
    "{a:1}",
    "{'a':'b'}",
    "{\"a\":'b'}",
    "[NaN, Infinity, -Infinity, undefined]",
    "[-I]",
    "[new Date(1)]",
    "[nul]",
    "[truex]",
    "[true/**/]",
    "[true//x\n]",
    "[1/**/,2]",
    "/*c*/{\"a\":1}",
    "{\"a\":1}/*c*/",
    "{\"a\":1} x",
    "{\"a\":1}}",
    "[1]]",
    "[1)",
    "(1)",
    "{\"a\":1]",
    "[0x1F, 010, 08, -010, 1e5, 1.5, -0, 12345678901234567890, 1.]",
    "[.5]",
    "[-]",
    "[+1]",
    "[1 2]",
    "{\"a\" 1}",
    "{\"a\":1 \"b\":2}",
    "[\"2019-02-02T04:16:01-05:30\", \"2019-02-02\", \"/Date(1)/\", \"9999-12-31T24:00:00\"]",
    "[\"\\u0041\\ud83d\\ude00\\n\\\"\", \"\\x\"]",
    "[\"unterminated",
    "{\"a\":1",
    "[1",
    "[\u{00a0}1\u{2028}]",
    "[\u{0}1\u{0}]",
    "[1\u{0}]",
    "[\u{0661}]",
    "\"2019-02-02T04:16:01Z\"",
    "12",
    "true",
    "null",
    "[[[[[[[[1]]]]]]]]",
    "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}",
    "{\"\":1, \"A\":2, \"a\":3}",
    "{\"é\":\"ü\", \"日本\":[\"語\"]}",
    "[1e400, -1e400, 123456789012345678901234567890]",
];

#[test]
fn edge_cases_read_the_same() {
    for text in EDGES {
        check_all(text);
    }
}

#[test]
fn plain_json_takes_the_fast_path_and_the_rest_does_not() {
    let options = ReadOptions::default();
    for text in [
        "{}",
        "[1, -2.5, true, false, null, \"s\"]",
        "{\"a\" : {\"b\" : [ ]}}\n",
        "\u{feff}[\"2024-03-01T10:00:00Z\"]",
        "{\"a\":1} trailing text, ignored",
    ] {
        assert!(fast_path_reads(text, &options), "{text:?}");
    }
    for text in [
        "",
        "{\"a\":1,}",
        "{\"a\":1,\"a\":2}",
        "[1 /* c */]",
        "{a:1}",
        "[NaN]",
        "[\"9999-12-31T24:00:00\"]",
        "[1,,2]",
    ] {
        assert!(!fast_path_reads(text, &options), "{text:?}");
    }
    let strict = ReadOptions {
        check_additional_content: true,
        ..options
    };
    assert!(!fast_path_reads("{\"a\":1} x", &strict));
    assert!(fast_path_reads("{\"a\":1} \n", &strict));
}

#[test]
fn deep_nesting_reads_the_same() {
    for depth in [63, 64, 65, 127, 128, 129, 200] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        check_all(&text);
        let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        check_all(&text);
    }
}

#[test]
fn large_objects_read_the_same() {
    for n in [15, 16, 17, 31, 32, 33, 100] {
        let members: Vec<String> = (0..n).map(|i| format!("\"m{i}\":{i}")).collect();
        check_all(&format!("{{{}}}", members.join(",")));
        // A repeated name after the first 32.
        let mut members = members.clone();
        members.push("\"m0\":\"again\"".to_string());
        check_all(&format!("{{{}}}", members.join(",")));
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SCALARS: &[&str] = &[
    "0",
    "-1",
    "42",
    "3.25",
    "-0.5e3",
    "1E+2",
    "9223372036854775807",
    "9223372036854775808",
    "010",
    "0x10",
    "true",
    "false",
    "null",
    "\"\"",
    "\"text\"",
    "\"2024-03-01T10:00:00Z\"",
    "\"2024-03-01T10:00:00+05:30\"",
    "\"2024-03-01\"",
    "\"esc\\\"aped\\\\ \\u00e9\\t\"",
    "\"ünïcödé\"",
    "NaN",
    "undefined",
    "'single'",
];

const NAMES: &[&str] = &[
    "\"a\"",
    "\"b\"",
    "\"deviceId\"",
    "\"Body\"",
    "\"heartRate\"",
    "\"a b\"",
    "\"\\u0061\"",
    "\"\"",
    "'q'",
    "bare",
];

const BLANKS: &[&str] = &["", "", "", " ", "  ", "\n", "\r\n\t", " /* c */ "];

fn generate(rng: &mut Rng, depth: usize, out: &mut String) {
    let blank = |rng: &mut Rng, out: &mut String| {
        // Mostly none or one space, as generated JSON has; comments rarely.
        if rng.below(4) == 0 {
            out.push_str(rng.pick(BLANKS));
        }
    };
    match if depth > 5 { 0 } else { rng.below(4) } {
        0 | 1 => out.push_str(rng.pick(SCALARS)),
        kind => {
            let object = kind == 2;
            out.push(if object { '{' } else { '[' });
            let n = rng.below(6);
            for i in 0..n {
                blank(rng, out);
                if object {
                    out.push_str(rng.pick(NAMES));
                    blank(rng, out);
                    out.push(':');
                    blank(rng, out);
                }
                generate(rng, depth + 1, out);
                blank(rng, out);
                if i + 1 < n {
                    out.push(',');
                }
            }
            out.push(if object { '}' } else { ']' });
        }
    }
}

/// Cuts or changes a text at a random char boundary.
fn mutate(rng: &mut Rng, text: &str) -> String {
    const INSERTS: &[&str] = &[
        ",", ":", "}", "]", "{", "[", "\"", " ", "/", "x", "1", "-", "\0",
    ];
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let at = boundaries[rng.below(boundaries.len())];
    match rng.below(3) {
        0 => text[..at].to_string(),
        1 => format!("{}{}{}", &text[..at], rng.pick(INSERTS), &text[at..]),
        _ => {
            let next = text[at..].chars().next().map_or(0, char::len_utf8);
            format!("{}{}", &text[..at], &text[at + next..])
        }
    }
}

#[test]
fn generated_documents_and_their_mutations_read_the_same() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut plain_read_fast = 0;
    for _ in 0..4000 {
        let mut text = String::new();
        generate(&mut rng, 0, &mut text);
        check_all(&text);
        if fast_path_reads(&text, &ReadOptions::default()) {
            plain_read_fast += 1;
        }
        for _ in 0..3 {
            check_all(&mutate(&mut rng, &text));
        }
    }
    // The generator's documents are often plain JSON, which the fast path reads itself.
    assert!(
        plain_read_fast > 500,
        "{plain_read_fast} read by the fast path"
    );
}

fn json_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "ndjson")
        {
            out.push(path);
        }
    }
}

fn check_files(dir: &Path) -> usize {
    let mut files = Vec::new();
    json_files(dir, &mut files);
    for file in &files {
        let bytes = std::fs::read(file).expect("a readable file");
        let text = medtech_json::read::decode_utf8(&bytes);
        check_all(&text);
        // Each line of a multi-line file, too (ndjson; fragments of templates).
        for line in text.lines().take(200) {
            check_all(line);
        }
    }
    files.len()
}

#[test]
fn conformance_case_files_read_the_same() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    assert!(check_files(&dir) > 100, "the repository's case files");
}

#[test]
fn shared_corpus_reads_the_same() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        println!("notice: ../shared/corpus is absent; the shared corpus is not compared");
        return;
    }
    assert!(check_files(&dir) > 10, "the shared corpus");
}
