//! Batch mode: every résumé against every posting, on all cores, streamed in input order.
//!
//! Postings are read once and kept; résumés are read lazily and processed in chunks, so memory is
//! bounded by the number of postings and the chunk size, not by the number of résumés.

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::input::Document;
use crate::{CompareOptions, Engine, Error};

/// Résumés processed in parallel at a time (bounds memory; keeps output in input order).
pub const CHUNK: usize = 256;

/// One résumé to score: its name and how to read it (lazily, on a worker thread).
pub struct ResumeSource {
    pub name: String,
    pub load: Box<dyn FnOnce() -> Result<Document, Error> + Send>,
}

/// The outcome of one (résumé, posting) pair, or of a résumé that could not be read.
#[derive(Debug, Clone)]
pub struct PairResult {
    pub resume: String,
    pub job: Option<String>,
    /// The report as in `--format json`, or `{"error": …}`.
    pub value: Value,
    pub score: Option<u32>,
}

/// A posting that could not be read is reported once and left out.
pub fn job_error(name: &str, e: &Error) -> PairResult {
    PairResult {
        resume: String::new(),
        job: Some(name.to_string()),
        value: json!({"resume": null, "job": name, "error": e.to_string(), "exit_code": e.exit_code()}),
        score: None,
    }
}

fn score_one(
    engine: &Engine,
    src: ResumeSource,
    jobs: &[Document],
    opts: &CompareOptions,
) -> Vec<PairResult> {
    let name = src.name;
    let resume = match (src.load)() {
        Ok(d) => d,
        Err(e) => {
            return vec![PairResult {
                resume: name.clone(),
                job: None,
                value: json!({"resume": name, "job": null, "error": e.to_string(), "exit_code": e.exit_code()}),
                score: None,
            }];
        }
    };
    jobs.iter()
        .map(|job| match engine.compare(&resume, job, opts) {
            Ok(a) => {
                let mut v = crate::report::json(&engine.taxonomy, &a);
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("resume_file".into(), json!(name));
                    obj.insert("job_file".into(), json!(job.name));
                }
                PairResult {
                    resume: name.clone(),
                    job: Some(job.name.clone()),
                    score: Some(a.score),
                    value: v,
                }
            }
            Err(e) => PairResult {
                resume: name.clone(),
                job: Some(job.name.clone()),
                value: json!({"resume": name, "job": job.name, "error": e.to_string(), "exit_code": e.exit_code()}),
                score: None,
            },
        })
        .collect()
}

/// Scores every résumé against every posting; `emit` receives the results of each résumé in input
/// order (pairs in posting order), `progress` the number of résumés done so far.
pub fn run(
    engine: &Engine,
    resumes: impl Iterator<Item = ResumeSource>,
    jobs: &[Document],
    opts: &CompareOptions,
    mut emit: impl FnMut(Vec<PairResult>),
    mut progress: impl FnMut(usize),
) {
    let mut done = 0;
    let mut resumes = resumes.peekable();
    while resumes.peek().is_some() {
        let chunk: Vec<ResumeSource> = resumes.by_ref().take(CHUNK).collect();
        let n = chunk.len();
        let results: Vec<Vec<PairResult>> = chunk
            .into_par_iter()
            .map(|src| score_one(engine, src, jobs, opts))
            .collect();
        for r in results {
            emit(r);
        }
        done += n;
        progress(done);
    }
}

/// Parses résumés given as JSON Lines (`{"id": …, "text": …}`), one per line; a malformed line becomes
/// a résumé that fails to load, so the run goes on.
pub fn jsonl_resumes(text: String) -> Vec<ResumeSource> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let parsed: Result<(String, String), String> = serde_json::from_str::<Value>(line)
                .map_err(|e| format!("line {}: not JSON: {e}", i + 1))
                .and_then(|v| {
                    let id = match &v["id"] {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => format!("line-{}", i + 1),
                    };
                    v["text"]
                        .as_str()
                        .map(|t| (id, t.to_string()))
                        .ok_or_else(|| format!("line {}: no \"text\" string", i + 1))
                });
            match parsed {
                Ok((id, text)) => {
                    let name = id.clone();
                    ResumeSource {
                        name,
                        load: Box::new(move || Document::from_bytes(&id, text.as_bytes())),
                    }
                }
                Err(msg) => {
                    let name = format!("stdin:{}", i + 1);
                    let n2 = name.clone();
                    ResumeSource {
                        name,
                        load: Box::new(move || Err(Error::input(n2, msg))),
                    }
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requirements::YearMonth;

    fn opts() -> CompareOptions {
        CompareOptions {
            as_of: YearMonth {
                year: 2026,
                month: 11,
            },
            ..CompareOptions::default()
        }
    }

    #[test]
    fn every_pair_in_input_order_with_errors_in_their_own_lines() {
        let engine = Engine::builtin().expect("engine");
        let jobs = vec![
            Document::from_text("a.txt", "Requirements\nPython and SQL"),
            Document::from_text("b.txt", "Requirements\nKubernetes"),
        ];
        let input = "{\"id\": \"r1\", \"text\": \"SKILLS\\nPython, SQL\"}\nnot json\n{\"id\": 7, \"text\": \"SKILLS\\nKubernetes\"}\n";
        let mut out = Vec::new();
        let mut last = 0;
        run(
            &engine,
            jsonl_resumes(input.to_string()).into_iter(),
            &jobs,
            &opts(),
            |r| out.extend(r),
            |d| last = d,
        );
        assert_eq!(last, 3);
        let keys: Vec<(String, Option<String>, Option<u32>)> = out
            .iter()
            .map(|p| (p.resume.clone(), p.job.clone(), p.score))
            .collect();
        assert_eq!(
            keys,
            [
                ("r1".to_string(), Some("a.txt".to_string()), Some(100)),
                ("r1".to_string(), Some("b.txt".to_string()), Some(0)),
                ("stdin:2".to_string(), None, None),
                ("7".to_string(), Some("a.txt".to_string()), Some(0)),
                ("7".to_string(), Some("b.txt".to_string()), Some(100)),
            ]
        );
        assert!(
            out[2].value["error"]
                .as_str()
                .is_some_and(|e| e.contains("not JSON"))
        );
        assert_eq!(out[0].value["resume_file"], "r1");
        assert_eq!(out[0].value["schema_version"], 1);
    }
}
