//! Scaling of skill extraction with text length and taxonomy size (divan).
//!
//! Table of figures (Markdown, one command): `tools/bench-table.sh` (it runs the command below).
//! Raw divan output: `cargo bench --bench scaling` (about 2.5 minutes on 2 cores, plus about 2 for
//! the first import of ESCO + O*NET, see below); one part only:
//! `cargo bench --bench scaling -- extract::BuiltinAll` (divan's name filters); a smoke run that
//! times each case once: `cargo bench --bench scaling -- --test`.
//!
//! - `extract`: `Document::from_text` + `Matcher::extract` (fuzzy on), text size × taxonomy size,
//!   with throughput in MB/s (decimal: 1 KB = 1,000 bytes); `extract_only`: `Matcher::extract` on
//!   a document already read; `read`: `Document::from_text` alone (no taxonomy).
//! - `compile`: `Matcher::new` for each taxonomy; `load`: `Taxonomy::load` of its TOML text;
//!   `cached`: `Engine::load` when the compiled taxonomy is in the cache (a run after the first).
//!
//! Text: distinct real documents concatenated up to the size and cut there: the Dotin résumés, the
//! SkillSpan and USAJobs postings of the development data (`../shared/data`, or `GAPCHECK_DATA_DIR`),
//! then `examples/*.txt`; they repeat only once all were used. Without the development data, the
//! repository's examples alone (repeated).
//!
//! Taxonomies, by spelling count (names + aliases), each the first skills of a source with references
//! to dropped skills removed: `Builtin500` (built-in), `BuiltinAll` (the built-in, whole),
//! `Imported5k`, `Imported25k`, `Imported100k` (`gapcheck::import` of ESCO 1.1.1 then O*NET 29.2
//! technologies from the development data; skipped without it). The import's TOML is cached beside
//! the bench binary (`target/release/scaling-import-*.toml`), keyed by the importer's sources, the
//! built-in taxonomy and the exports; delete the file to import again.
//! Everything is built before timing, once. What each name stands for (spelling and skill counts,
//! origin, mentions found in 1 MB) is printed after the results.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use divan::Bencher;
use divan::counter::BytesCount;
use gapcheck::import::{ImportFormat, Importer};
use gapcheck::{Document, ExtractOptions, Matcher, Source, Taxonomy};

const KB: usize = 1_000;
const MB: usize = 1_000_000;
const TEXT_SIZES: [usize; 5] = [KB, 10 * KB, 100 * KB, MB, 10 * MB];

/// What the names stand for, printed after the results (printing during the run would cut divan's
/// lines).
static NOTES: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn note(s: String) {
    NOTES.lock().expect("notes lock").push(s);
}

/// Development data beside the repository, if present.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GAPCHECK_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    dir.is_dir().then_some(dir)
}

fn read_file(path: &Path) -> String {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `.txt` files of a folder, by name.
fn txt_files(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_file(p)).collect()
}

/// The `text` field of every line of a JSON-lines file.
fn jsonl_texts(path: &Path) -> Vec<String> {
    read_file(path)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}: bad JSON line: {e}", path.display()));
            v["text"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: a line has no text field", path.display()))
                .to_string()
        })
        .collect()
}

/// Distinct documents, in the order they are concatenated.
static DOCS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut parts: Vec<(&str, Vec<String>)> = Vec::new();
    if let Some(d) = data_dir() {
        parts.push((
            "Dotin résumés",
            jsonl_texts(&d.join("resumes/dotin-train/resumes.jsonl")),
        ));
        let mut skillspan = jsonl_texts(&d.join("postings/skillspan-tech/train.jsonl"));
        skillspan.extend(jsonl_texts(&d.join("postings/skillspan-tech/dev.jsonl")));
        parts.push(("SkillSpan postings", skillspan));
        parts.push((
            "USAJobs postings",
            txt_files(&d.join("postings/usajobs-data-science")),
        ));
    }
    parts.push((
        "repo examples",
        txt_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")),
    ));
    let docs: Vec<String> = parts.iter().flat_map(|(_, v)| v.iter().cloned()).collect();
    let total: usize = docs.iter().map(|d| d.len() + 2).sum();
    let what: Vec<String> = parts
        .iter()
        .map(|(name, v)| format!("{} {name}", v.len()))
        .collect();
    note(format!(
        "scaling: text: {} ({:.2} MB distinct)",
        what.join(", "),
        total as f64 / MB as f64
    ));
    assert!(total > 0, "no documents to build the text from");
    docs
});

/// The documents concatenated (blank line between) up to `size` bytes, cut at a char boundary.
fn build_text(size: usize) -> String {
    let mut s = String::with_capacity(size + 64 * KB);
    let mut rounds = 0;
    while s.len() < size {
        rounds += 1;
        for d in DOCS.iter() {
            s.push_str(d);
            s.push_str("\n\n");
            if s.len() >= size {
                break;
            }
        }
    }
    let mut end = size;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    if rounds > 1 {
        note(format!(
            "scaling: text of {size} bytes goes through the documents {rounds} times (repeats)"
        ));
    }
    s
}

static TEXTS: LazyLock<Vec<String>> =
    LazyLock::new(|| TEXT_SIZES.iter().map(|&n| build_text(n)).collect());

fn text(size: usize) -> &'static str {
    let i = TEXT_SIZES
        .iter()
        .position(|&n| n == size)
        .expect("a size of TEXT_SIZES");
    &TEXTS[i]
}

/// A taxonomy source as TOML, its skills as TOML values and the loaded taxonomy.
struct Base {
    name: &'static str,
    text: String,
    skills: Vec<toml::Value>,
    tax: Taxonomy,
}

impl Base {
    fn new(name: &'static str, text: String) -> Base {
        let tax = Taxonomy::load(&[Source::new(name, text.clone())])
            .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
        let mut table: toml::Table = toml::from_str(&text).expect("taxonomy TOML parses");
        let skills = match table.remove("skill") {
            Some(toml::Value::Array(a)) => a,
            _ => panic!("{name}: no [[skill]] array"),
        };
        assert_eq!(skills.len(), tax.len(), "{name}: skill count");
        Base {
            name,
            text,
            skills,
            tax,
        }
    }

    /// The first skills whose spellings add up closest to `target`, as TOML, with their references
    /// (implies, related, prerequisites) to dropped skills removed so that the subset validates.
    fn subset(&self, target: usize) -> (usize, String) {
        let (mut total, mut best, mut best_diff) = (0, self.tax.len(), usize::MAX);
        for (i, s) in self.tax.skills().enumerate() {
            total += s.spellings().count();
            if total.abs_diff(target) < best_diff {
                (best, best_diff) = (i + 1, total.abs_diff(target));
            }
            if total >= target {
                break;
            }
        }
        let mut skills = self.skills[..best].to_vec();
        let kept: HashSet<String> = self.tax.skills().take(best).map(|s| s.id.clone()).collect();
        for s in &mut skills {
            let t = s.as_table_mut().expect("a [[skill]] is a table");
            for field in ["implies", "related", "prerequisites"] {
                if let Some(toml::Value::Array(refs)) = t.get_mut(field) {
                    refs.retain(|r| r.as_str().is_some_and(|id| kept.contains(id)));
                }
            }
        }
        let mut table = toml::Table::new();
        table.insert("skill".into(), toml::Value::Array(skills));
        (
            best,
            toml::to_string(&table).expect("subset serialises as TOML"),
        )
    }
}

static BUILTIN: LazyLock<Base> =
    LazyLock::new(|| Base::new("built-in skills.toml", Source::builtin().text.into_owned()));

/// ESCO then O*NET through `gapcheck::import`, as `gapcheck taxonomy import` does (cached, see top).
static IMPORTED: LazyLock<Option<Base>> = LazyLock::new(|| {
    let d = data_dir()?;
    let esco = d.join("taxonomies/esco-1.1.1/skills.csv");
    let onet = d.join("taxonomies/onet-29.2-technology/technology_skills.tsv");
    let (esco_text, onet_text) = (read_file(&esco), read_file(&onet));
    let mut h = DefaultHasher::new();
    for part in [
        include_str!("../src/import.rs"),
        include_str!("../src/taxonomy.rs"),
        include_str!("../src/text.rs"),
        include_str!("../skills.toml"),
        include_str!("../data/english-words.txt"),
        &esco_text,
        &onet_text,
    ] {
        h.write(part.as_bytes());
        h.write_u8(0);
    }
    let cache = std::env::current_exe().ok().and_then(|exe| {
        let dir = exe.parent()?.parent()?;
        Some(dir.join(format!("scaling-import-{:016x}.toml", h.finish())))
    });
    let text = match cache.as_deref().map(std::fs::read_to_string) {
        Some(Ok(t)) => t,
        _ => {
            eprintln!("scaling: importing ESCO + O*NET (about two minutes; cached afterwards)");
            let t0 = std::time::Instant::now();
            let mut imp = Importer::new();
            imp.read(ImportFormat::Esco, &esco.display().to_string(), &esco_text)
                .expect("ESCO export imports");
            imp.read(ImportFormat::Onet, &onet.display().to_string(), &onet_text)
                .expect("O*NET export imports");
            let (text, stats) = imp.finish().expect("import finishes");
            note(format!(
                "scaling: imported {} skills, {} spellings in {:.0?}",
                stats.skills,
                stats.spellings,
                t0.elapsed()
            ));
            if let Some(c) = &cache
                && let Err(e) = std::fs::write(c, &text)
            {
                eprintln!("scaling: cannot cache the import at {}: {e}", c.display());
            }
            text
        }
    };
    Some(Base::new("ESCO 1.1.1 + O*NET 29.2 import", text))
});

/// One taxonomy of the grid, compiled.
struct TaxSet {
    source: Source,
    tax: Taxonomy,
    matcher: Matcher,
}

/// `target` spellings of `base` (the whole of it for `None`).
fn tax_set(label: &str, base: &Base, target: Option<usize>) -> TaxSet {
    let (n, text) = match target {
        Some(t) => base.subset(t),
        None => (base.tax.len(), base.text.clone()),
    };
    let source = Source::new(format!("{label}.toml"), text);
    let tax = Taxonomy::load(std::slice::from_ref(&source))
        .unwrap_or_else(|e| panic!("{label}: the subset does not validate: {e}"));
    let matcher = Matcher::new(&tax);
    let from = |prefix: &str| tax.skills().filter(|s| s.id.starts_with(prefix)).count();
    let (esco, onet) = (from("esco-"), from("onet-"));
    let origin = if esco + onet > 0 {
        format!("; {esco} ESCO and {onet} O*NET skills and groups")
    } else {
        String::new()
    };
    note(format!(
        "scaling: taxonomy {label} = {} spellings, {} skills (first {n} of {} skills of the {}{origin})",
        tax.spelling_count(),
        tax.len(),
        base.tax.len(),
        base.name
    ));
    TaxSet {
        source,
        tax,
        matcher,
    }
}

/// A taxonomy size of the grid (divan shows the type's name).
trait Size {
    const NAME: &str;
    fn set() -> &'static TaxSet;
}

macro_rules! sizes {
    ($($name:ident: $base:expr, $target:expr;)*) => {$(
        struct $name;
        impl Size for $name {
            const NAME: &str = stringify!($name);
            fn set() -> &'static TaxSet {
                static SET: LazyLock<TaxSet> =
                    LazyLock::new(|| tax_set(stringify!($name), $base, $target));
                &SET
            }
        }
    )*};
}

fn imported() -> &'static Base {
    IMPORTED
        .as_ref()
        .expect("development data for the imported taxonomy")
}

sizes! {
    Builtin500: &BUILTIN, Some(500);
    BuiltinAll: &BUILTIN, None;
    Imported5k: imported(), Some(5_000);
    Imported25k: imported(), Some(25_000);
    Imported100k: imported(), Some(100_000);
}

#[divan::bench(
    types = [Builtin500, BuiltinAll, Imported5k, Imported25k, Imported100k],
    args = TEXT_SIZES,
    max_time = 10,
)]
fn extract<T: Size>(bencher: Bencher, size: usize) {
    let set = T::set();
    let text = text(size);
    if size == MB {
        // How much is found matters as much as the taxonomy size: say it next to the figures.
        let doc = Document::from_text("bench.txt", text);
        let found = set
            .matcher
            .extract(&set.tax, &doc, ExtractOptions { fuzzy: true });
        note(format!(
            "scaling: mentions {} in 1 MB = {} mentions",
            T::NAME,
            found.len()
        ));
    }
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let doc = Document::from_text("bench.txt", divan::black_box(text));
        set.matcher
            .extract(&set.tax, &doc, ExtractOptions { fuzzy: true })
    });
}

#[divan::bench(
    types = [Builtin500, BuiltinAll, Imported5k, Imported25k, Imported100k],
    args = TEXT_SIZES,
    max_time = 10,
)]
fn extract_only<T: Size>(bencher: Bencher, size: usize) {
    let set = T::set();
    let text = text(size);
    let doc = Document::from_text("bench.txt", text);
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        set.matcher.extract(
            &set.tax,
            divan::black_box(&doc),
            ExtractOptions { fuzzy: true },
        )
    });
}

#[divan::bench(args = TEXT_SIZES, max_time = 5)]
fn read(bencher: Bencher, size: usize) {
    let text = text(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| Document::from_text("bench.txt", divan::black_box(text)));
}

#[divan::bench(
    types = [Builtin500, BuiltinAll, Imported5k, Imported25k, Imported100k],
    max_time = 5,
)]
fn compile<T: Size>(bencher: Bencher) {
    let set = T::set();
    bencher.bench(|| Matcher::new(divan::black_box(&set.tax)));
}

#[divan::bench(
    types = [Builtin500, BuiltinAll, Imported5k, Imported25k, Imported100k],
    max_time = 5,
)]
fn load<T: Size>(bencher: Bencher) {
    let sources = std::slice::from_ref(&T::set().source);
    bencher.bench(|| Taxonomy::load(divan::black_box(sources)).expect("taxonomy loads"));
}

/// A run after the first: the compiled taxonomy read back from the cache (`gapcheck::cache`),
/// including hashing the sources for the key.
#[divan::bench(
    types = [Builtin500, BuiltinAll, Imported5k, Imported25k, Imported100k],
    max_time = 5,
)]
fn cached<T: Size>(bencher: Bencher) {
    let sources = std::slice::from_ref(&T::set().source);
    let dir = std::env::temp_dir().join(format!("gapcheck-bench-cache-{}", std::process::id()));
    gapcheck::Engine::load(sources, Some(&dir)).expect("taxonomy compiles");
    bencher.bench(|| {
        gapcheck::Engine::load(divan::black_box(sources), Some(&dir)).expect("cached taxonomy")
    });
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let mut divan = divan::Divan::from_args();
    if data_dir().is_none() {
        let msg = "scaling: no development data at ../shared/data (or GAPCHECK_DATA_DIR): the \
                   Imported* taxonomies are skipped and the text is the repository's examples, \
                   repeated";
        eprintln!("{msg}");
        note(msg.to_string());
        divan = divan.skip_regex("Imported");
    }
    divan.main();
    let notes = NOTES.lock().expect("notes lock");
    if !notes.is_empty() {
        println!();
        for n in notes.iter() {
            println!("{n}");
        }
    }
}
