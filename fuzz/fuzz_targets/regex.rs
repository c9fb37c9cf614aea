//! The .NET regular-expression engine (`medtech-regex`, behind JSONPath's `=~`) on any pattern,
//! options and input: a match, a parse error with .NET's message, or the step-budget error —
//! never a panic, a stack overflow or a hang. The input is one byte of option bits, then the
//! pattern and the text to match, separated by a NUL byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtech_regex::{Options, Regex};

fuzz_target!(|bytes: &[u8]| {
    let Some((&flags, rest)) = bytes.split_first() else {
        return;
    };
    let (pattern, input) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let pattern = String::from_utf8_lossy(pattern);
    let input = String::from_utf8_lossy(input);
    let options = Options {
        ignore_case: flags & 1 != 0,
        multiline: flags & 2 != 0,
        singleline: flags & 4 != 0,
        explicit_capture: flags & 8 != 0,
        ignore_pattern_whitespace: flags & 16 != 0,
    };
    match Regex::new(&pattern, options) {
        Ok(regex) => {
            let _ = regex.is_match(&input);
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
