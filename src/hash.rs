//! The string hash of the matcher, and the English-word table built from it at compile time.
//! Shared with `build.rs` (which includes this file), so the table and the lookups agree.
//!
//! A string is hashed eight bytes at a time (one multiplication each, then a final mix), so the
//! tokenizer hashes a token from the same 8-byte words it classifies its bytes with.

/// Folds one 8-byte chunk (little-endian, zero-padded) into a hash.
#[inline]
pub fn fold(h: u64, chunk: u64) -> u64 {
    (h ^ chunk)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(29)
}

/// The hash of a string from its folded chunks and its length in bytes: murmur3's finaliser, so
/// every bit of the result depends on every bit of the input. Never 0 (0 marks an empty slot).
#[inline]
pub fn finish(h: u64, len: usize) -> u64 {
    let mut x = h ^ (len as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    (x ^ (x >> 33)).max(1)
}

/// The hash of a byte string: its 8-byte chunks folded in order (the last one zero-padded), then
/// [`finish`]ed with the length.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = 0u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = fold(h, u64::from_le_bytes(a));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = fold(h, u64::from_le_bytes(a));
    }
    finish(h, b.len())
}

/// A checksum of a large byte string (a cache file): four independent lanes of [`fold`] over
/// 32-byte blocks, so it runs at the multiplier's throughput instead of its latency.
#[allow(dead_code)] // used by the library only
pub fn checksum(b: &[u8]) -> u64 {
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = b.chunks_exact(32);
    for block in &mut blocks {
        for (lane, c) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            *lane = fold(*lane, u64::from_le_bytes(a));
        }
    }
    let tail = hash_bytes(blocks.remainder());
    let h = lanes.iter().fold(tail, |h, &l| fold(h, l));
    finish(h, b.len())
}

/// The hash of a string's UTF-8 bytes.
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Home slot of a hash in an open-addressing table of `1 << bits` slots.
pub fn table_slot(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0xff51_afd7_ed55_8ccd) >> (64 - bits)) as usize
}

/// The 32-bit fingerprint a table made by [`build_table`] keeps of a hash (never 0, which marks an
/// empty slot). Together with the home slot it compares about 48 bits of the hash.
pub fn fingerprint(h: u64) -> u32 {
    ((h >> 32) as u32).max(1)
}

/// An open-addressing table (linear probing, 0 = empty) of the fingerprints of the hashes of
/// `words`, a little over half full, as little-endian `u32`s: 34,000 words take 256 KB, so a probe
/// is usually answered from the second-level cache.
#[allow(dead_code)] // used by build.rs
pub fn build_table<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut hashes: Vec<u64> = words.map(hash_str).filter(|&h| h != 0).collect();
    hashes.sort_unstable();
    hashes.dedup();
    // At most 60% full.
    let bits = (hashes.len().max(1) * 5 / 3)
        .next_power_of_two()
        .trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut slots = vec![0u32; 1 << bits];
    for h in hashes {
        let f = fingerprint(h);
        let mut i = table_slot(h, bits);
        while slots[i] != 0 && slots[i] != f {
            i = (i + 1) & mask;
        }
        slots[i] = f;
    }
    slots.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// Whether a table made by [`build_table`] holds `h`.
#[allow(dead_code)] // used by the library only
pub fn table_contains(table: &[u8], h: u64) -> bool {
    let n = table.len() / 4;
    if !n.is_power_of_two() || h == 0 {
        return false;
    }
    let bits = n.trailing_zeros();
    let f = fingerprint(h);
    let mut i = table_slot(h, bits);
    loop {
        let Some(b) = table.get(i * 4..i * 4 + 4) else {
            return false;
        };
        match u32::from_le_bytes([b[0], b[1], b[2], b[3]]) {
            0 => return false,
            v if v == f => return true,
            _ => i = (i + 1) & (n - 1),
        }
    }
}
