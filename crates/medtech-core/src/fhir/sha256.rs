//! SHA-256 (FIPS 180-4) for the service's deterministic ids (fhir-mapping.md §2.3, §3):
//! `Observation.id = sha256hex("{system}_{value}")`, created Patient/Device ids likewise.
//! The compression function is the `sha2` crate's (it uses the CPU's SHA instructions where
//! there are any); this file only buffers pieces, so an id's text is hashed without being
//! concatenated first and a shared prefix is hashed once ([`Sha256`] is `Clone`).

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    sha2::block_api::compress256(state, std::slice::from_ref(block));
}

/// An incremental SHA-256: the text of an id can be hashed in pieces, and a hash of a shared
/// prefix cloned and finished in several ways.
#[derive(Clone, Debug)]
pub struct Sha256 {
    state: [u32; 8],
    buffer: [u8; 64],
    buffered: usize,
    length: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Sha256 {
            state: H0,
            buffer: [0; 64],
            buffered: 0,
            length: 0,
        }
    }
}

impl Sha256 {
    /// Adds bytes.
    pub fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let take = (64 - self.buffered).min(data.len());
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < 64 {
                return;
            }
            compress(&mut self.state, &self.buffer);
            self.buffered = 0;
        }
        let mut blocks = data.chunks_exact(64);
        for block in &mut blocks {
            if let Ok(block) = block.try_into() {
                compress(&mut self.state, block);
            }
        }
        let rest = blocks.remainder();
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// The digest.
    pub fn finish(mut self) -> [u8; 32] {
        let bits = self.length.wrapping_mul(8);
        let mut tail = [0u8; 128];
        tail[..self.buffered].copy_from_slice(&self.buffer[..self.buffered]);
        tail[self.buffered] = 0x80;
        let blocks = if self.buffered < 56 { 1 } else { 2 };
        tail[blocks * 64 - 8..blocks * 64].copy_from_slice(&bits.to_be_bytes());
        for block in tail[..blocks * 64].chunks_exact(64) {
            if let Ok(block) = block.try_into() {
                compress(&mut self.state, block);
            }
        }
        let mut out = [0u8; 32];
        for (i, word) in self.state.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// The digest as lowercase hex.
    pub fn finish_hex(self) -> String {
        hex(&self.finish())
    }
}

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::default();
    h.update(data);
    h.finish()
}

fn hex(digest: &[u8; 32]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
    // ASCII digits only.
    std::str::from_utf8(&out).unwrap_or_default().to_string()
}

/// Lowercase hex SHA-256 of the UTF-8 text (`ComputeHashForIdentifier`).
pub fn sha256_hex(text: &str) -> String {
    hex(&sha256(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_vectors() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million = "a".repeat(1_000_000);
        assert_eq!(
            sha256_hex(&million),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn pieces_and_clones_give_the_digest_of_the_whole() {
        let text: Vec<u8> = (0..300u32).map(|i| b'a' + (i * 7 % 26) as u8).collect();
        let prefix: [u8; 64] = text[..64].try_into().unwrap();
        for len in 0..=text.len() {
            let whole = sha256(&text[..len]);
            for split in [0, 1, 55, 56, 63, 64, 65, 119, 128, 200] {
                let split = split.min(len);
                let mut h = Sha256::default();
                h.update(&text[..split]);
                h.update(&text[split..len]);
                assert_eq!(h.finish(), whole, "{len} split at {split}");
            }
            if len >= 64 {
                let mut h = Sha256::default();
                h.update(&prefix);
                let mut h = h.clone();
                h.update(&text[64..len]);
                assert_eq!(h.finish(), whole, "{len} after a cloned first block");
            }
        }
    }

    #[test]
    fn the_specs_identity_hashes() {
        // fhir-mapping.md §8.7 (R4DeviceAndPatientCreateIdentityServiceTests).
        assert_eq!(
            sha256_hex("_deviceId"),
            "96b1d91b8c1066c6093f8699cbd01fd2e9e8956cbad873307dcbd44449aafd13"
        );
        assert_eq!(
            sha256_hex("_patientId"),
            "bf7c741785b9bbaa3e63dd3637c0acb9caa211351ff2ca17d9474c20c1cdb683"
        );
        assert_eq!(
            sha256_hex("mySystem_deviceId"),
            "fd6eb28968a94406c73e4c3b6f05a142f71e3a1a27f3cf9435019cae48069afa"
        );
    }
}
