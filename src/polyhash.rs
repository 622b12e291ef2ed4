//! The polynomial string hash of the matcher, and the English-word table built from it at compile
//! time. Shared with `build.rs` (which includes this file), so the table and the lookups agree.

/// The base of the polynomial hash.
pub const POLY_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// Appends one character to a hash.
pub fn poly_step(h: u64, c: char) -> u64 {
    h.wrapping_mul(POLY_BASE).wrapping_add(u64::from(c) + 1)
}

/// Polynomial hash of a string's characters: `H(ab) = H(a)·B^len(b) + H(b)`, so the hash of
/// tokens read as one word comes from the tokens' own hashes.
pub fn poly_hash(s: &str) -> u64 {
    if s.is_ascii() {
        s.bytes().fold(0, |h, b| poly_step(h, b as char))
    } else {
        s.chars().fold(0, poly_step)
    }
}

/// Home slot of a hash in an open-addressing table of `1 << bits` slots.
pub fn table_slot(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0xff51_afd7_ed55_8ccd) >> (64 - bits)) as usize
}

/// An open-addressing table (linear probing, 0 = empty) of the hashes of `words`, at most half
/// full, as little-endian bytes.
#[allow(dead_code)] // used by build.rs
pub fn build_table<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let hashes: Vec<u64> = words.map(poly_hash).filter(|&h| h != 0).collect();
    let bits = (hashes.len().max(1) * 2)
        .next_power_of_two()
        .trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut slots = vec![0u64; 1 << bits];
    for h in hashes {
        let mut i = table_slot(h, bits);
        while slots[i] != 0 && slots[i] != h {
            i = (i + 1) & mask;
        }
        slots[i] = h;
    }
    slots.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// Whether a table made by [`build_table`] holds `h`.
#[allow(dead_code)] // used by the library only
pub fn table_contains(table: &[u8], h: u64) -> bool {
    let n = table.len() / 8;
    if n == 0 || h == 0 {
        return false;
    }
    let bits = n.trailing_zeros();
    let mut i = table_slot(h, bits);
    loop {
        let Some(b) = table.get(i * 8..i * 8 + 8) else {
            return false;
        };
        let mut s = [0u8; 8];
        s.copy_from_slice(b);
        match u64::from_le_bytes(s) {
            0 => return false,
            v if v == h => return true,
            _ => i = (i + 1) & (n - 1),
        }
    }
}
