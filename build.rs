//! Build steps:
//! - the table of English-word hashes the matcher uses to keep ordinary words out of fuzzy
//!   matching, built here so that no run pays for it (`data/english-words.txt`);
//! - a fingerprint of the source files that define the compiled-taxonomy cache's layout, so that a
//!   cache written by another build of gapcheck is never read as this one's (see `src/cache.rs`).

use std::hash::{Hash, Hasher};

#[path = "src/hash.rs"]
mod hash;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=data/english-words.txt");
    let words = std::fs::read_to_string("data/english-words.txt").expect("data/english-words.txt");
    let table = hash::build_table(words.lines().map(str::trim).filter(|w| !w.is_empty()));
    std::fs::write(out.join("english.bin"), table).expect("write english.bin");

    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in [
        "src/extract.rs",
        "src/taxonomy.rs",
        "src/cache.rs",
        "src/lib.rs",
        "src/hash.rs",
        "src/text.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
        std::fs::read(f).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=GAPCHECK_CACHE_LAYOUT={:016x}", h.finish());
}
