//! Build steps:
//! - the table of English-word hashes the matcher uses to keep ordinary words out of fuzzy
//!   matching, built here so that no run pays for it (`data/english-words.txt`);
//! - a fingerprint of the source files that define the compiled-taxonomy cache's layout, so that a
//!   cache written by another build of gapcheck is never read as this one's (see `src/cache.rs`).

use std::hash::{Hash, Hasher};

#[path = "src/hash.rs"]
mod hash;
#[path = "src/patterns.rs"]
mod patterns;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=data/english-words.txt");
    let words = std::fs::read_to_string("data/english-words.txt").expect("data/english-words.txt");
    let table = hash::build_table(words.lines().map(str::trim).filter(|w| !w.is_empty()));
    std::fs::write(out.join("english.bin"), table).expect("write english.bin");

    // The grammars' patterns as sparse DFAs (forward and reverse, little-endian), read in place at
    // run time: no regular expression is compiled by a run.
    println!("cargo:rerun-if-changed=src/patterns.rs");
    for (name, pattern) in patterns::all() {
        use regex_automata::dfa::{dense, regex::Regex};
        let re = Regex::builder()
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(false)
                    .utf8(false),
            )
            .dense(dense::Config::new().minimize(true))
            .build(&pattern)
            .unwrap_or_else(|e| panic!("pattern {name}: {e}"));
        for (dir, dfa) in [("fwd", re.forward()), ("rev", re.reverse())] {
            let sparse = dfa
                .to_sparse()
                .unwrap_or_else(|e| panic!("pattern {name}: {e}"));
            std::fs::write(
                out.join(format!("{name}.{dir}.dfa")),
                sparse.to_bytes_little_endian(),
            )
            .expect("write a DFA");
        }
    }

    println!("cargo:rerun-if-changed=skills.toml");
    let skills = std::fs::read("skills.toml").expect("skills.toml");
    println!(
        "cargo:rustc-env=GAPCHECK_BUILTIN_DIGEST={:016x}",
        hash::checksum(&skills)
    );

    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in [
        "src/extract.rs",
        "src/taxonomy.rs",
        "src/cache.rs",
        "src/lib.rs",
        "src/hash.rs",
        "src/text.rs",
        "src/pod.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
        std::fs::read(f).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=GAPCHECK_CACHE_LAYOUT={:016x}", h.finish());
}
