//! String ordering as JmesPath.Net gets it (device-mapping.md §7.2).
//!
//! * Ordering comparisons (`<`, `>=`, …) and `sort_by` keys use ordinal comparison (UTF-16 code
//!   units).
//! * `sort`, `max` and `min` of strings use `Comparer<string>.Default`, i.e. the culture-aware
//!   comparison of the invariant culture, which .NET 5+ on Linux delegates to ICU's root
//!   collation. This module approximates it: primary weights in the Unicode collation order for
//!   ASCII (white space, punctuation and symbols, digits, then letters with `a`/`A` equal), then
//!   lower case before upper case; other characters by code point after the ASCII letters, and
//!   ASCII control characters ignored. Accented letters are not folded (a documented gap).

use std::cmp::Ordering;

/// ASCII characters in ascending primary collation order (letters lower-case only).
const ASCII_ORDER: &str =
    "\t\n\u{b}\u{c}\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";

fn primary(c: char) -> Option<u32> {
    if c.is_ascii() {
        let lower = c.to_ascii_lowercase();
        ASCII_ORDER
            .find(lower)
            .map(|i| i as u32 + 1)
            // other ASCII control characters are ignorable
            .filter(|_| !c.is_ascii_control() || "\t\n\u{b}\u{c}\r".contains(c))
    } else {
        Some(0x1000 + c as u32)
    }
}

/// Culture-aware comparison of the invariant culture (approximated; see the module docs).
pub(crate) fn culture_compare(a: &str, b: &str) -> Ordering {
    let pa = a.chars().filter_map(primary);
    let pb = b.chars().filter_map(primary);
    match pa.cmp(pb) {
        Ordering::Equal => {}
        other => return other,
    }
    let ta = a
        .chars()
        .filter(|c| primary(*c).is_some())
        .map(|c| c.is_uppercase());
    let tb = b
        .chars()
        .filter(|c| primary(*c).is_some())
        .map(|c| c.is_uppercase());
    ta.cmp(tb)
}

/// `Comparer<string>.Default` with .NET's `null` first.
pub(crate) fn culture_compare_opt(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => culture_compare(a, b),
    }
}

/// `string.CompareOrdinal`: UTF-16 code unit order.
pub(crate) fn ordinal_compare(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn culture_order_puts_case_after_letters_and_digits_before_letters() {
        let mut words = vec![
            "b", "B", "a", "A", "10", "9", "_x", "-x", "apple", "Apple", "ab",
        ];
        words.sort_by(|a, b| culture_compare(a, b));
        assert_eq!(
            words,
            vec!["_x", "-x", "10", "9", "a", "A", "ab", "apple", "Apple", "b", "B"]
        );
        assert_eq!(culture_compare("a\u{1}b", "ab"), Ordering::Equal);
        assert_eq!(culture_compare_opt(None, Some("")), Ordering::Less);
    }

    #[test]
    fn ordinal_order_is_utf16() {
        assert_eq!(ordinal_compare("B", "a"), Ordering::Less);
        // U+FF61 sorts after a surrogate pair in UTF-16, before it in UTF-8
        assert_eq!(ordinal_compare("\u{ff61}", "\u{1f600}"), Ordering::Greater);
        assert_eq!(ordinal_compare("ab", "abc"), Ordering::Less);
    }
}
