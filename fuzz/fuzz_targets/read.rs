//! The lenient JSON reader on any text: a document or a located error, never a panic. The
//! document's pointers, spans and re-serialization are exercised too, and the line index's
//! columns are checked against counting the characters of the line. The reader's fast path
//! must give what the state machine alone gives: the same document or the same error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtech_json::{read, LineIndex, ReadOptions};

fuzz_target!(|bytes: &[u8]| {
    let text = medtech_json::read::decode_utf8(bytes);
    let index = LineIndex::new(&text);
    check_position(&index, &text, text.len());
    for options in [
        ReadOptions::default(),
        ReadOptions {
            date_parse: false,
            check_additional_content: true,
            ..ReadOptions::default()
        },
    ] {
        let result = read(&text, &options);
        let reference = medtech_json::read::read_without_fast_path(&text, &options);
        assert_eq!(format!("{result:?}"), format!("{reference:?}"));
        match result {
            Ok(doc) => {
                if let Some(root) = doc.root() {
                    let _ = medtech_json::write::to_serde(&doc, root);
                    // Every node reachable from the root names its pointer, which leads back
                    // to it, and its span lies inside the text.
                    let mut stack = vec![root];
                    let mut seen = 0;
                    while let Some(id) = stack.pop() {
                        seen += 1;
                        if seen > 10_000 {
                            break;
                        }
                        let span = doc.span(id);
                        assert!(span.start <= span.end && span.end as usize <= text.len());
                        check_position(&index, &text, span.start as usize);
                        let pointer = doc.pointer(id);
                        assert_eq!(doc.at_pointer(root, &pointer), Some(id), "{pointer}");
                        stack.extend(doc.members(id).iter().map(|m| m.value));
                        stack.extend(doc.elements(id).iter().copied());
                    }
                }
            }
            Err(error) => {
                assert!(error.offset <= text.len());
                assert!(error.line >= 1);
                check_position(&index, &text, error.offset);
            }
        }
    }
});

/// The columns of `offset` are the characters (UTF-16 units) from its line's start, plus one.
fn check_position(index: &LineIndex, text: &str, offset: usize) {
    let position = index.position(offset);
    let start = index.line_start(position.line).expect("the line exists");
    let Some(line) = text.get(start..offset) else {
        return;
    };
    assert_eq!(position.column as usize, line.chars().count() + 1, "{offset}");
    assert_eq!(position.column_utf16 as usize, line.encode_utf16().count() + 1, "{offset}");
}
