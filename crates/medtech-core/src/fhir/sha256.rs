//! SHA-256 (FIPS 180-4) for the service's deterministic ids (fhir-mapping.md §2.3, §3):
//! `Observation.id = sha256hex("{system}_{value}")`, created Patient/Device ids likewise.
//! A small self-contained implementation keeps the core free of extra dependencies.

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// One round of the compression function, with the working variables named in rotated order
/// (so no variable moves between rounds).
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $kw:expr) => {
        let t1 = $h
            .wrapping_add($e.rotate_right(6) ^ $e.rotate_right(11) ^ $e.rotate_right(25))
            .wrapping_add(($e & $f) ^ (!$e & $g))
            .wrapping_add($kw);
        let t2 = ($a.rotate_right(2) ^ $a.rotate_right(13) ^ $a.rotate_right(22))
            .wrapping_add(($a & $b) ^ ($a & $c) ^ ($b & $c));
        $d = $d.wrapping_add(t1);
        $h = t1.wrapping_add(t2);
    };
}

/// The compression function on one 64-byte block (a `const fn`, so the state after a constant
/// first block can be worked out at compile time).
const fn compress(state: [u32; 8], block: &[u8; 64]) -> [u32; 8] {
    // The message schedule plus the round constants (`K[i] + W[i]`).
    let mut w = [0u32; 64];
    let mut i = 0;
    while i < 16 {
        w[i] = u32::from_be_bytes([
            block[4 * i],
            block[4 * i + 1],
            block[4 * i + 2],
            block[4 * i + 3],
        ]);
        i += 1;
    }
    while i < 64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
        i += 1;
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state;
    let mut i = 0;
    while i < 64 {
        round!(a, b, c, d, e, f, g, h, K[i].wrapping_add(w[i]));
        round!(h, a, b, c, d, e, f, g, K[i + 1].wrapping_add(w[i + 1]));
        round!(g, h, a, b, c, d, e, f, K[i + 2].wrapping_add(w[i + 2]));
        round!(f, g, h, a, b, c, d, e, K[i + 3].wrapping_add(w[i + 3]));
        round!(e, f, g, h, a, b, c, d, K[i + 4].wrapping_add(w[i + 4]));
        round!(d, e, f, g, h, a, b, c, K[i + 5].wrapping_add(w[i + 5]));
        round!(c, d, e, f, g, h, a, b, K[i + 6].wrapping_add(w[i + 6]));
        round!(b, c, d, e, f, g, h, a, K[i + 7].wrapping_add(w[i + 7]));
        i += 8;
    }
    [
        state[0].wrapping_add(a),
        state[1].wrapping_add(b),
        state[2].wrapping_add(c),
        state[3].wrapping_add(d),
        state[4].wrapping_add(e),
        state[5].wrapping_add(f),
        state[6].wrapping_add(g),
        state[7].wrapping_add(h),
    ]
}

/// An incremental SHA-256: the text of an id can be hashed in pieces, without being
/// concatenated first, and a constant first block can be skipped ([`Sha256::after_block`]).
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
    /// The hash after a first 64-byte block whose resulting state is `state`
    /// (see [`midstate`]).
    pub const fn after_block(state: [u32; 8]) -> Sha256 {
        Sha256 {
            state,
            buffer: [0; 64],
            buffered: 0,
            length: 64,
        }
    }

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
            self.state = compress(self.state, &self.buffer);
            self.buffered = 0;
        }
        let mut blocks = data.chunks_exact(64);
        for block in &mut blocks {
            if let Ok(block) = block.try_into() {
                self.state = compress(self.state, block);
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
                self.state = compress(self.state, block);
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

/// The state after hashing the 64-byte `block` (for [`Sha256::after_block`]).
pub const fn midstate(block: &[u8; 64]) -> [u32; 8] {
    compress(H0, block)
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
    fn pieces_and_midstates_give_the_digest_of_the_whole() {
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
                let mut h = Sha256::after_block(midstate(&prefix));
                h.update(&text[64..len]);
                assert_eq!(h.finish(), whole, "{len} after the first block");
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
