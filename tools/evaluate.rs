//! Extraction quality against gold labels: `cargo run --release --example evaluate [-- DATA_DIR]`.
//!
//! DATA_DIR defaults to `../shared/data` (the development data beside the repository). Not part of CI.
//!
//! Metric: span overlap. Gold spans are every occurrence (on word boundaries, case-insensitive) of a
//! labelled string in its document. A predicted mention is a true positive when it overlaps a gold span
//! of any label kind (technologies, knowledge, skills: the annotators labelled soft skills too); a gold
//! technology/knowledge span is recalled when a mention overlaps it. "In-vocabulary" recall counts only
//! gold strings that the taxonomy can name at all (the string, first in a skills list, yields a skill).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use gapcheck::{Document, Engine};

struct Doc {
    text: String,
    /// Labels whose recall we measure (technologies / knowledge).
    gold: Vec<String>,
    /// Further labels that make a prediction correct (soft skills, job-specific skills).
    also_ok: Vec<String>,
}

fn load_jsonl(path: &Path, gold_keys: &[&str], ok_keys: &[&str]) -> Vec<Doc> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping {}: not readable", path.display());
        return Vec::new();
    };
    let strings = |v: &serde_json::Value, keys: &[&str]| -> Vec<String> {
        keys.iter()
            .flat_map(|k| v[*k].as_array().cloned().unwrap_or_default())
            .filter_map(|s| s.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Doc {
            text: v["text"].as_str().unwrap_or_default().to_string(),
            gold: strings(&v, gold_keys),
            also_ok: strings(&v, ok_keys),
        })
        .collect()
}

/// Every occurrence of `needle` in `hay` (ASCII case-insensitive) on word boundaries, as char ranges.
fn occurrences(hay_lower: &[char], needle: &str) -> Vec<(usize, usize)> {
    let n: Vec<char> = needle.to_lowercase().chars().collect();
    let mut out = Vec::new();
    if n.is_empty() || n.len() > hay_lower.len() {
        return out;
    }
    let boundary = |i: Option<usize>| i.is_none_or(|i| !hay_lower[i].is_alphanumeric());
    for i in 0..=hay_lower.len() - n.len() {
        if hay_lower[i..i + n.len()] == n[..]
            && boundary(i.checked_sub(1))
            && boundary((i + n.len() < hay_lower.len()).then_some(i + n.len()))
        {
            out.push((i, i + n.len()));
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    docs: usize,
    predicted: usize,
    tp_pred: usize,
    gold: usize,
    gold_found: usize,
    gold_inv: usize,
    gold_inv_found: usize,
    false_pos: BTreeMap<String, usize>,
    misses: BTreeMap<String, usize>,
    oov: BTreeMap<String, usize>,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn evaluate(engine: &Engine, docs: &[Doc], inv_cache: &mut HashMap<String, bool>) -> Tally {
    let mut t = Tally::default();
    for d in docs {
        t.docs += 1;
        let doc = Document::from_text("eval", &d.text);
        let mentions = engine.extract(&doc, true);
        // Char offset of each line start.
        let mut starts = vec![0usize];
        for (i, c) in d.text.chars().enumerate() {
            if c == '\n' {
                starts.push(i + 1);
            }
        }
        let pred: Vec<((usize, usize), String)> = mentions
            .iter()
            .map(|m| {
                let s = starts.get(m.line - 1).copied().unwrap_or(0) + m.column - 1;
                ((s, s + m.text.chars().count()), m.text.to_string())
            })
            .collect();
        let lower: Vec<char> = d.text.to_lowercase().chars().collect();
        let distinct = |v: &[String]| -> Vec<String> {
            let mut seen = HashSet::new();
            v.iter()
                .filter(|s| seen.insert(s.to_lowercase()))
                .cloned()
                .collect()
        };
        let gold_terms = distinct(&d.gold);
        let mut gold_spans: Vec<((usize, usize), String)> = Vec::new();
        for g in &gold_terms {
            for sp in occurrences(&lower, g) {
                gold_spans.push((sp, g.clone()));
            }
        }
        let mut ok_spans: Vec<(usize, usize)> = gold_spans.iter().map(|g| g.0).collect();
        for g in distinct(&d.also_ok) {
            ok_spans.extend(occurrences(&lower, &g));
        }
        for (sp, text) in &pred {
            t.predicted += 1;
            if ok_spans.iter().any(|g| overlaps(*g, *sp)) {
                t.tp_pred += 1;
            } else {
                *t.false_pos.entry(text.to_lowercase()).or_default() += 1;
            }
        }
        for (sp, g) in &gold_spans {
            t.gold += 1;
            let found = pred.iter().any(|p| overlaps(p.0, *sp));
            if found {
                t.gold_found += 1;
            }
            let key = g.to_lowercase();
            let inv = *inv_cache.entry(key.clone()).or_insert_with(|| {
                // In a skills list next to another skill, where lowercase tags of ambiguous names
                // count too; in-vocabulary when a mention starts at the term.
                let doc = Document::from_text("term", &format!("SKILLS\n{g}, Python\n"));
                engine
                    .extract(&doc, true)
                    .iter()
                    .any(|m| m.line == 2 && m.column == 1)
            });
            if inv {
                t.gold_inv += 1;
                if found {
                    t.gold_inv_found += 1;
                } else {
                    *t.misses.entry(key).or_default() += 1;
                }
            } else {
                *t.oov.entry(key).or_default() += 1;
            }
        }
    }
    t
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn top(m: &BTreeMap<String, usize>, n: usize) -> String {
    let mut v: Vec<(&String, &usize)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(n)
        .map(|(k, c)| format!("{k} ({c})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let coverage = args.iter().any(|a| a == "--coverage");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if !dir.is_dir() {
        eprintln!(
            "evaluate: no development data at {} (pass the data folder as the first argument)",
            dir.display()
        );
        std::process::exit(1);
    }
    let engine = match Engine::builtin() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("evaluate: {e}");
            std::process::exit(78);
        }
    };
    let sets: Vec<(&str, Vec<Doc>)> = vec![
        (
            "SkillSpan train (knowledge_spans)",
            load_jsonl(
                &dir.join("postings/skillspan-tech/train.jsonl"),
                &["knowledge_spans"],
                &["skill_spans"],
            ),
        ),
        (
            "SkillSpan dev (knowledge_spans)",
            load_jsonl(
                &dir.join("postings/skillspan-tech/dev.jsonl"),
                &["knowledge_spans"],
                &["skill_spans"],
            ),
        ),
        (
            "Dotin résumés (tech_tools)",
            load_jsonl(
                &dir.join("resumes/dotin-train/resumes.jsonl"),
                &["tech_tools"],
                &["job_specific_skills", "soft_skills"],
            ),
        ),
    ];
    let mut inv_cache = HashMap::new();
    println!(
        "| data | docs | mentions | precision | recall (all gold) | recall (in-vocabulary) | F1 (in-vocabulary) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut tallies = Vec::new();
    for (name, docs) in &sets {
        let t = evaluate(&engine, docs, &mut inv_cache);
        let p = pct(t.tp_pred, t.predicted);
        let r_all = pct(t.gold_found, t.gold);
        let r_inv = pct(t.gold_inv_found, t.gold_inv);
        let f1 = if p + r_inv > 0.0 {
            2.0 * p * r_inv / (p + r_inv)
        } else {
            0.0
        };
        println!(
            "| {name} | {} | {} | {p:.1}% | {r_all:.1}% | {r_inv:.1}% | {f1:.1}% |",
            t.docs, t.predicted
        );
        tallies.push((name, t));
    }
    for (name, t) in &tallies {
        println!("\n{name}");
        println!(
            "  false positives (mention text, count): {}",
            top(&t.false_pos, 40)
        );
        println!(
            "  in-vocabulary misses (gold text, count): {}",
            top(&t.misses, 30)
        );
        if coverage {
            println!(
                "  not in the taxonomy (gold text, count): {}",
                top(&t.oov, 80)
            );
        }
    }
}
