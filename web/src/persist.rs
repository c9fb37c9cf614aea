//! Keeping work: the inputs as JSON for `localStorage`, and as a URL fragment
//! (`#state=<base64url>`) for "copy link" — a fragment is never sent to a server.

use crate::state::Inputs;

/// The `localStorage` key of the autosaved inputs.
pub const STORAGE_KEY: &str = "medtech-debugger/inputs/v1";
/// The fragment parameter holding the inputs.
pub const FRAGMENT_KEY: &str = "state=";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let count = chunk.len() + 1;
        for i in 0..count {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(ALPHABET[index as usize] as char);
        }
    }
    out
}

/// Decodes base64url (padding and standard `+/` accepted); `None` on any other character.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .bytes()
        .map(value)
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The inputs as saved text.
pub fn to_saved(inputs: &Inputs) -> String {
    serde_json::to_string(inputs).unwrap_or_default()
}

/// Inputs from saved text; `None` if it is not a saved state.
pub fn from_saved(text: &str) -> Option<Inputs> {
    serde_json::from_str(text).ok()
}

/// The fragment (without `#`) that holds the inputs.
pub fn to_fragment(inputs: &Inputs) -> String {
    format!(
        "{FRAGMENT_KEY}{}",
        base64url_encode(to_saved(inputs).as_bytes())
    )
}

/// Inputs from a location hash (`#state=…`, with or without the `#`).
pub fn from_fragment(hash: &str) -> Option<Inputs> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let encoded = hash
        .split('&')
        .find_map(|part| part.strip_prefix(FRAGMENT_KEY))?;
    let bytes = base64url_decode(encoded)?;
    from_saved(std::str::from_utf8(&bytes).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Settings;

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64url_encode(plain.as_bytes()), encoded);
            assert_eq!(base64url_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("-_8="), Some(vec![0xfb, 0xff]));
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("a$"), None);
    }

    #[test]
    fn inputs_round_trip_through_a_fragment() {
        let inputs = Inputs {
            device: "{\"é\": \"😀\"}".into(),
            messages: "[1, 2]\n".into(),
            settings: Settings {
                envelope: "iothub".into(),
                ..Settings::default()
            },
            ..Inputs::default()
        };
        let fragment = to_fragment(&inputs);
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)));
        assert_eq!(from_fragment(&format!("#{fragment}")), Some(inputs.clone()));
        assert_eq!(from_fragment(&format!("x=1&{fragment}")), Some(inputs));
    }

    #[test]
    fn foreign_fragments_and_saved_text_are_ignored() {
        assert_eq!(from_fragment("#section-2"), None);
        assert_eq!(from_fragment("#state=!!"), None);
        assert_eq!(from_fragment("#state=AAAA"), None);
        assert_eq!(from_saved("not json"), None);
    }
}
