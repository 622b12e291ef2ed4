//! `cargo bench --bench throughput`: taxonomy compile time and extraction throughput on the examples.
//!
//! A plain harness (no framework): each figure is the median of repeated timed runs, printed as a table.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gapcheck::{CompareOptions, Document, Engine, ExtractOptions, Matcher, Taxonomy, YearMonth};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).expect("example file");
    let examples: Vec<String> = [
        "examples/resume-ml-engineer.txt",
        "examples/resume-data-analyst.txt",
        "examples/job-ml-engineer.txt",
        "examples/job-data-scientist.txt",
    ]
    .iter()
    .map(|p| read(p))
    .collect();

    let parse = time(20, || {
        black_box(Taxonomy::builtin().expect("taxonomy"));
    });
    let tax = Taxonomy::builtin().expect("taxonomy");
    let compile = time(20, || {
        black_box(Matcher::new(&tax));
    });
    println!(
        "taxonomy: {} skills, {} spellings",
        tax.len(),
        tax.spelling_count()
    );
    println!("{:<44} {:>12}", "benchmark", "median");
    println!(
        "{:<44} {:>9.2} ms",
        "taxonomy load + validate",
        parse.as_secs_f64() * 1e3
    );
    println!(
        "{:<44} {:>9.2} ms",
        "matcher compile",
        compile.as_secs_f64() * 1e3
    );

    let matcher = Matcher::new(&tax);
    // The examples concatenated up to ~1 MB, so one run is long enough to time well.
    let one: String = examples.join("\n");
    let mut big = String::new();
    while big.len() < 1 << 20 {
        big.push_str(&one);
        big.push('\n');
    }
    let mbs = |d: Duration| big.len() as f64 / 1e6 / d.as_secs_f64();
    for fuzzy in [true, false] {
        let d = time(10, || {
            let doc = Document::from_text("bench", &big);
            black_box(matcher.extract(&tax, &doc, ExtractOptions { fuzzy }));
        });
        println!(
            "{:<44} {:>9.1} MB/s",
            format!("read + extract, fuzzy {}", if fuzzy { "on" } else { "off" }),
            mbs(d)
        );
    }
    // The two stages apart: normalising lines and finding sections, then matching.
    let read = time(10, || {
        black_box(Document::from_text("bench", &big));
    });
    println!(
        "{:<44} {:>9.1} MB/s",
        "read only (Document::from_text)",
        mbs(read)
    );
    let doc = Document::from_text("bench", &big);
    let extract = time(10, || {
        black_box(matcher.extract(&tax, &doc, ExtractOptions { fuzzy: true }));
    });
    println!(
        "{:<44} {:>9.1} MB/s",
        "extract only, fuzzy on",
        mbs(extract)
    );
    let engine = Engine::new(tax.clone());
    let cv = Document::from_text("cv", &examples[0]);
    let job = Document::from_text("job", &examples[2]);
    let opts = CompareOptions {
        as_of: YearMonth {
            year: 2026,
            month: 11,
        },
        fuzzy: true,
        ignore: Vec::new(),
    };
    let d = time(50, || {
        black_box(engine.compare(&cv, &job, &opts).expect("compare"));
    });
    println!(
        "{:<44} {:>9.3} ms",
        "compare example résumé with posting",
        d.as_secs_f64() * 1e3
    );
}
