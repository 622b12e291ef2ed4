//! Every supported document format through the real binary: the skills found, with evidence lines.

use assert_cmd::Command;
use predicates::prelude::*;

fn gapcheck() -> Command {
    let mut c = Command::cargo_bin("gapcheck").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env(
        "GAPCHECK_CACHE_DIR",
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gapcheck-cache"),
    );
    c
}

fn skills(file: &str) -> serde_json::Value {
    let out = gapcheck()
        .args(["skills", "--format", "json", file])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["skills"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_format_yields_the_resume_skills() {
    for f in [
        "tests/fixtures/resume.md",
        "tests/fixtures/resume.tex",
        "tests/fixtures/resume.json",
        "tests/fixtures/resume.pdf",
        "tests/fixtures/resume.docx",
        "tests/fixtures/utf16.txt",
    ] {
        let got = ids(&skills(f));
        for want in ["python", "pytorch", "docker", "kubernetes", "sql"] {
            assert!(got.iter().any(|g| g == want), "{f}: {want} not in {got:?}");
        }
    }
    let posting = ids(&skills("tests/fixtures/posting.html"));
    for want in ["python", "tensorflow", "kubernetes"] {
        assert!(
            posting.iter().any(|g| g == want),
            "posting.html: {want} not in {posting:?}"
        );
    }
}

#[test]
fn json_resume_evidence_points_to_the_json_path() {
    let v = skills("tests/fixtures/resume.json");
    let docker = v["skills"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["id"] == "docker"))
        .expect("docker");
    let path = docker["evidence"][0]["path"].as_str().expect("a JSON path");
    assert!(
        path.starts_with("skills[") || path.starts_with("work["),
        "{path}"
    );
}

#[test]
fn legacy_encodings_and_mojibake_keep_their_skills() {
    for f in ["tests/fixtures/cp1252.txt", "tests/fixtures/mojibake.txt"] {
        let out = gapcheck()
            .args(["skills", "--format", "json", f])
            .output()
            .expect("run");
        assert!(out.status.success(), "{f}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert!(!ids(&v).is_empty(), "{f}: no skills");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("warning"),
            "{f}: no warning"
        );
    }
}

#[test]
fn broken_pdfs_are_clear_input_errors() {
    for (f, msg) in [
        ("tests/fixtures/scanned.pdf", "no text layer"),
        ("tests/fixtures/encrypted.pdf", "encrypted"),
        ("tests/fixtures/truncated.pdf", "damaged or truncated"),
    ] {
        let out = gapcheck().args(["skills", f]).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{f}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(f) && err.contains(msg), "{f}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn pdf_resume_against_html_posting() {
    gapcheck()
        .args([
            "--as-of",
            "2026-11",
            "tests/fixtures/resume.pdf",
            "tests/fixtures/posting.html",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Score:"));
}

#[test]
fn standard_input_and_forced_format() {
    let md = std::fs::read("tests/fixtures/resume.md").expect("fixture");
    gapcheck()
        .args([
            "skills",
            "--format",
            "json",
            "--input-format",
            "markdown",
            "-",
        ])
        .write_stdin(md)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("\"pytorch\"").and(predicate::str::contains("standard input")),
        );
    gapcheck()
        .args([
            "skills",
            "--input-format",
            "klingon",
            "tests/fixtures/resume.md",
        ])
        .assert()
        .code(64);
}

#[test]
fn size_limit_is_enforced() {
    gapcheck()
        .args(["skills", "--max-bytes", "100", "tests/fixtures/resume.md"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("over the limit of 100 bytes"));
}

#[test]
fn markdown_evidence_lines_are_the_source_lines() {
    let src = std::fs::read_to_string("tests/fixtures/resume.md").expect("fixture");
    let v = skills("tests/fixtures/resume.md");
    for s in v["skills"].as_array().expect("skills") {
        for ev in s["evidence"].as_array().expect("evidence") {
            let line = ev["line"].as_u64().expect("line") as usize;
            let text = ev["text"].as_str().expect("text");
            let src_line = src.lines().nth(line - 1).unwrap_or_default();
            assert!(
                src_line.to_lowercase().contains(&text.to_lowercase()),
                "{text:?} is not on source line {line}: {src_line:?}"
            );
        }
    }
}
