//! A disk cache of compiled taxonomies, keyed by content hash.
//!
//! Parsing and compiling a taxonomy costs about 25 ms for the built-in one and over half a second
//! for a 100,000-label import; reading the compiled form back costs a fraction of that. The cache
//! holds only taxonomy data (never a résumé or posting), lives in `$GAPCHECK_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/gapcheck`, else `~/.cache/gapcheck`, and is written atomically (a temporary
//! file renamed into place), so concurrent runs never read half a file. Any problem (no cache
//! directory, a read-only disk, a stale or damaged file) falls back to compiling: the cache can
//! make a run faster, never wrong or failed.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::Engine;
use crate::error::Result;
use crate::extract::Matcher;
use crate::flat::{FlatBuf, Region};
use crate::taxonomy::{Source, Taxonomy};

/// Changes whenever the files defining the cached structures change (see `build.rs`).
const LAYOUT: &str = env!("GAPCHECK_CACHE_LAYOUT");
/// Cache files kept in the directory; the least recently written beyond this are removed.
const KEEP: usize = 8;

/// The cache directory from the environment, if one can be named.
pub fn default_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("GAPCHECK_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("gapcheck")))
        .or_else(|| env("HOME").map(|d| d.join(".cache").join("gapcheck")))
}

/// The digest of the embedded taxonomy, computed by `build.rs` with [`crate::hash::checksum`]:
/// a run with the built-in taxonomy does not hash half a megabyte to find its cache file.
const BUILTIN_DIGEST: &str = env!("GAPCHECK_BUILTIN_DIGEST");

/// A key over gapcheck's version, the cache layout and the sources' texts (not their names: the
/// same file read through another path is the same taxonomy).
pub fn key(sources: &[Source]) -> String {
    let mut h = rustc_hash::FxHasher::with_seed(0x5eed_0001);
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(LAYOUT.as_bytes());
    // The arrays are stored in the machine's own byte order and word size.
    h.write_u32(usize::BITS);
    h.write_u8(u8::from(cfg!(target_endian = "big")));
    h.write_usize(sources.len());
    let mut digests = String::new();
    for s in sources {
        let digest = if s.is_builtin() {
            BUILTIN_DIGEST.to_string()
        } else {
            format!("{:016x}", crate::hash::checksum(s.text.as_bytes()))
        };
        h.write(digest.as_bytes());
        h.write_usize(s.text.len());
        digests.push_str(&digest);
    }
    format!(
        "{:016x}{:016x}",
        h.finish(),
        crate::hash::hash_str(&digests)
    )
}

/// The first bytes of a cache file: a name and the version of the file's framing.
const MAGIC: &[u8; 8] = b"GAPCHK\x00\x05";

/// The header: `MAGIC`, the key (32 bytes), the byte lengths of the taxonomy part and of the
/// matcher part (8 bytes each, native order), the file's length, 64 bytes in all. The parts
/// follow, each 8-byte aligned (see [`crate::flat`]).
const HEADER: usize = 64;

fn path_for(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("taxonomy-{key}.bin"))
}

/// The compiled engine for `sources`: read from the cache in `dir` when present and valid, else
/// loaded, validated and compiled (and then written to the cache, best effort). Errors are those
/// of [`Taxonomy::load`]; cache problems are never errors.
pub fn load_engine(sources: &[Source], dir: Option<&Path>) -> Result<Engine> {
    let Some(dir) = dir else {
        return Ok(Engine::new(Taxonomy::load(sources)?));
    };
    let key = key(sources);
    let path = path_for(dir, &key);
    if let Some(engine) = read(&path, &key) {
        return Ok(engine);
    }
    let engine = Engine::new(Taxonomy::load(sources)?);
    let _ = write(dir, &path, &key, &engine);
    Ok(engine)
}

/// The cache file, mapped into memory: its arrays are read in place, and only the pages a run
/// touches are ever loaded (a run on one résumé reads a small part of a large taxonomy).
fn map(path: &Path) -> Option<FlatBuf> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the mapping is read-only, and cache files are never modified in place: they are
    // written to a temporary file and renamed into place, and pruning unlinks them (which leaves
    // existing mappings intact). Every array read from the mapping is bounds- and
    // alignment-checked (see `flat`), so its contents are never trusted for memory safety.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    Some(FlatBuf::mapped(map))
}

fn read(path: &Path, key: &str) -> Option<Engine> {
    let buf = map(path)?;
    let bytes = buf.bytes();
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_ne_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    if bytes.get(..8)? != MAGIC
        || bytes.get(8..40)? != key.as_bytes()
        || word(56)? != bytes.len() as u64
    {
        return None;
    }
    let (tax_len, matcher_len) = (word(40)?, word(48)?);
    let taxonomy = Taxonomy::from_part(buf.part(Region {
        start: HEADER as u64,
        len: tax_len,
    })?)?;
    let matcher = Matcher::from_buf(buf.part(Region {
        start: HEADER as u64 + tax_len,
        len: matcher_len,
    })?)?;
    if !matcher.fits(&taxonomy) || !taxonomy.is_consistent() {
        return None;
    }
    Some(Engine::from_parts(taxonomy, matcher))
}

fn write(dir: &Path, path: &Path, key: &str, engine: &Engine) -> std::io::Result<()> {
    let taxonomy = engine.taxonomy.to_part();
    let taxonomy: &[u8] = bytemuck::cast_slice(&taxonomy);
    let matcher = engine.matcher().bytes();
    let mut bytes = vec![0u8; HEADER];
    bytes.extend_from_slice(taxonomy);
    bytes.extend_from_slice(matcher);
    let total = bytes.len() as u64;
    bytes[..8].copy_from_slice(MAGIC);
    bytes[8..40].copy_from_slice(key.as_bytes());
    bytes[40..48].copy_from_slice(&(taxonomy.len() as u64).to_ne_bytes());
    bytes[48..56].copy_from_slice(&(matcher.len() as u64).to_ne_bytes());
    bytes[56..64].copy_from_slice(&total.to_ne_bytes());
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".taxonomy-{key}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, &bytes)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    prune(dir);
    Ok(())
}

/// Keeps the [`KEEP`] most recently written cache files.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with("taxonomy-") && n.ends_with(".bin")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if files.len() <= KEEP {
        return;
    }
    files.sort();
    for (_, p) in &files[..files.len() - KEEP] {
        let _ = std::fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::TAX;

    fn sources() -> Vec<Source> {
        vec![Source::new("t.toml", TAX)]
    }

    #[test]
    fn a_cached_engine_extracts_what_a_compiled_one_does() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = load_engine(&sources(), Some(dir.path())).unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "one cache file written");
        let cached = read(&path_for(dir.path(), &key(&sources())), &key(&sources()))
            .expect("the cache file reads back");
        let doc = crate::Document::from_text(
            "r",
            "SKILLS\nPython, Pytorch, scikit learn, R, Go\nI excel at R&D and go-to plans",
        );
        let a: Vec<_> = fresh.extract(&doc, true);
        let b: Vec<_> = cached.extract(&doc, true);
        assert!(!a.is_empty());
        assert_eq!(a, b);
        assert_eq!(fresh.taxonomy.len(), cached.taxonomy.len());
    }

    #[test]
    fn the_key_follows_content_not_names() {
        let a = key(&[Source::new("a.toml", TAX)]);
        assert_eq!(a, key(&[Source::new("elsewhere/b.toml", TAX)]));
        assert_ne!(a, key(&[Source::new("a.toml", format!("{TAX}\n# edited"))]));
        assert_ne!(
            a,
            key(&[Source::new("a.toml", TAX), Source::new("x.toml", "")])
        );
    }

    #[test]
    fn damaged_or_foreign_cache_files_are_recompiled_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(&sources());
        let p = path_for(dir.path(), &k);
        std::fs::write(&p, b"not a cache file").unwrap();
        assert!(read(&p, &k).is_none());
        let e = load_engine(&sources(), Some(dir.path())).unwrap();
        assert!(e.taxonomy.len() > 5);
        // The damaged file was replaced by a good one.
        assert!(read(&p, &k).is_some());
        // A good file under another key's name is refused.
        let other = path_for(dir.path(), "0000");
        std::fs::copy(&p, &other).unwrap();
        assert!(read(&other, "0000").is_none());
    }

    #[test]
    fn errors_are_the_taxonomy_errors_and_an_unwritable_dir_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let bad = [Source::new("bad.toml", "[[skill]]\nid = ")];
        let e = load_engine(&bad, Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("bad.toml"), "{e}");
        // A file where the directory should be: compiling still works.
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(load_engine(&sources(), Some(&file.join("sub"))).is_ok());
    }

    #[test]
    fn old_files_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..KEEP + 3 {
            std::fs::write(dir.path().join(format!("taxonomy-{i}.bin")), "x").unwrap();
        }
        std::fs::write(dir.path().join("unrelated.txt"), "x").unwrap();
        prune(dir.path());
        let n = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(n, KEEP + 1);
    }
}
