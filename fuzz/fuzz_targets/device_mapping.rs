//! Loading a device mapping (CollectionContent) from any text, compiling its expressions and
//! linting it: diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtech_core::{lint, Options, Session};

fuzz_target!(|bytes: &[u8]| {
    let text = medtech_json::read::decode_utf8(bytes);
    let session = Session::new(&text, Options::default());
    for d in &session.diagnostics {
        if let Some(span) = d.span {
            assert!(span.end as usize <= text.len(), "{d:?}");
        }
    }
    let _ = lint::lint_session(&session, &text, &[]);
});
