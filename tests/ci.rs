//! gapcheck as a CI check: the real binary inside a temporary copy of examples/resume-repo.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A fresh résumé repository (a copy of examples/resume-repo) in a temporary directory.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/resume-repo"),
        dir.path(),
    );
    dir
}

fn gapcheck_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gapcheck").expect("binary");
    c.current_dir(dir).env_remove("NO_COLOR");
    c.env(
        "GAPCHECK_CACHE_DIR",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gapcheck-cache"),
    );
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn configured_check_runs_with_no_arguments_and_fails_its_gate() {
    let r = repo();
    // The example config asks fail_under = 60; the ML platform posting scores under it.
    let out = gapcheck_in(r.path()).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Summary"), "{stdout}");
    assert!(stdout.contains("Gates: FAILED"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gate fail_under failed (jobs/ml-platform-engineer.txt)"),
        "{stderr}"
    );
}

#[test]
fn config_is_discovered_from_a_subdirectory() {
    let r = repo();
    gapcheck_in(&r.path().join("jobs"))
        .args(["--fail-under", "0", "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"reports\""));
}

#[test]
fn flags_override_the_file_and_gates_pass() {
    let r = repo();
    gapcheck_in(r.path())
        .args(["--fail-under", "40"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Gates: all passed"));
}

#[test]
fn each_gate_fails_with_exit_2_and_says_why() {
    let r = repo();
    gapcheck_in(r.path())
        .args(["--fail-under", "0", "--require", "Rust"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "gate require failed: the résumé does not show required skill 'Rust'",
        ));
    gapcheck_in(r.path())
        .args(["--fail-under", "0", "--max-required-gaps", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "gate max_required_gaps failed (jobs/ml-platform-engineer.txt)",
        ));
    gapcheck_in(r.path())
        .args([
            "--fail-under",
            "0",
            "--max-required-gaps",
            "10",
            "--require",
            "python",
        ])
        .assert()
        .code(0);
}

#[test]
fn unknown_skill_in_a_gate_is_a_config_error() {
    let r = repo();
    gapcheck_in(r.path())
        .args(["--require", "underwater basket weaving"])
        .assert()
        .code(78)
        .stderr(predicate::str::contains(
            "require: unknown skill 'underwater basket weaving'",
        ));
}

#[test]
fn isolated_ignores_the_config() {
    let r = repo();
    gapcheck_in(r.path())
        .arg("--isolated")
        .assert()
        .code(64)
        .stderr(predicate::str::contains("a résumé file is required"));
}

#[test]
fn explicit_config_file_and_dump_config() {
    let r = repo();
    let other = write(
        r.path(),
        "strict.toml",
        "resume = \"resume.md\"\njobs = [\"jobs/senior-*.txt\"]\nfail_under = 90\n",
    );
    let out = gapcheck_in(r.path())
        .arg("--config")
        .arg(&other)
        .args(["--dump-config", "--max-required-gaps", "1"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fail_under = 90"), "{text}");
    assert!(text.contains("max_required_gaps = 1"), "{text}");
    assert!(text.contains("jobs = [\"jobs/senior-*.txt\"]"), "{text}");
    // The glob selects one posting, which scores over 90.
    gapcheck_in(r.path())
        .arg("--config")
        .arg(&other)
        .assert()
        .code(0);
}

#[test]
fn bad_configs_exit_78_naming_file_and_key() {
    let r = repo();
    write(
        r.path(),
        "gapcheck.toml",
        "resume = \"resume.md\"\njobz = [\"jobs/*.txt\"]\n",
    );
    gapcheck_in(r.path()).assert().code(78).stderr(
        predicate::str::contains("gapcheck.toml: line 2, column 1")
            .and(predicate::str::contains("unknown field `jobz`")),
    );
    write(r.path(), "gapcheck.toml", "resume = [\n");
    gapcheck_in(r.path())
        .assert()
        .code(78)
        .stderr(predicate::str::contains("gapcheck.toml: line"));
    gapcheck_in(r.path())
        .args(["--config", "missing.toml"])
        .assert()
        .code(78)
        .stderr(predicate::str::contains("missing.toml: no such file"));
}

#[test]
fn glob_that_matches_nothing_is_an_input_error() {
    let r = repo();
    write(
        r.path(),
        "gapcheck.toml",
        "resume = \"resume.md\"\njobs = [\"postings/*.txt\"]\n",
    );
    gapcheck_in(r.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "postings/*.txt: no file matches this pattern",
        ));
}

#[test]
fn globs_on_the_command_line_expand() {
    let r = repo();
    let out = gapcheck_in(r.path())
        .args([
            "--isolated",
            "--as-of",
            "2026-11",
            "--format",
            "json",
            "resume.md",
            "jobs/*.txt",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(2));
    let summary = v["summary"].as_array().expect("summary");
    assert!(
        summary[0]["score"].as_u64() >= summary[1]["score"].as_u64(),
        "ranked by score"
    );
    assert_eq!(v["gates"]["checked"], false);
}

#[test]
fn empty_resume_never_passes() {
    let r = repo();
    write(
        r.path(),
        "resume.md",
        "# Nothing here\n\nJust a name and a phone number: 555-0100\n",
    );
    gapcheck_in(r.path())
        .args(["--fail-under", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("resume.md: no skill"));
}

#[test]
fn init_writes_a_template_once() {
    let dir = tempfile::tempdir().expect("tmp");
    gapcheck_in(dir.path()).arg("init").assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("gapcheck.toml")).expect("written");
    assert!(text.contains("fail_under"));
    gapcheck_in(dir.path()).arg("init").assert().code(64);
    gapcheck_in(dir.path())
        .args(["init", "--force"])
        .assert()
        .code(0);
}

#[test]
fn markdown_format() {
    let r = repo();
    let out = gapcheck_in(r.path())
        .args(["--format", "markdown"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let md = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!("markdown_resume_repo", md);
}

#[test]
fn github_annotations_point_at_posting_lines() {
    let r = repo();
    let out = gapcheck_in(r.path())
        .args(["--format", "github"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(
            |l| l.starts_with("::warning file=jobs/ml-platform-engineer.txt,line=")
                && l.contains("::missing required skill")
        ),
        "{text}"
    );
    assert!(
        text.contains("::error title=gapcheck gate fail_under failed::"),
        "{text}"
    );
    insta::assert_snapshot!("github_resume_repo", text);
}

#[test]
fn junit_output_parses_and_counts_failures() {
    let r = repo();
    let file = r.path().join("report.xml");
    gapcheck_in(r.path())
        .args(["--format", "junit", "--output"])
        .arg(&file)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
    let xml = std::fs::read_to_string(&file).expect("report written");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3, "two postings and the gates");
    let mut total_failures = 0;
    for s in &suites {
        let cases = s.children().filter(|n| n.has_tag_name("testcase")).count();
        assert_eq!(
            s.attribute("tests").and_then(|t| t.parse().ok()),
            Some(cases)
        );
        let failures = s
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
            .count();
        assert_eq!(
            s.attribute("failures").and_then(|t| t.parse().ok()),
            Some(failures)
        );
        total_failures += failures;
    }
    assert_eq!(
        root.attribute("failures").and_then(|t| t.parse().ok()),
        Some(total_failures)
    );
    let gates = suites
        .iter()
        .find(|s| s.attribute("name") == Some("gates"))
        .expect("gates suite");
    assert_eq!(gates.attribute("failures"), Some("1"));
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().expect("tmp");
    gapcheck_in(dir.path())
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("_gapcheck()"));
    gapcheck_in(dir.path())
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH gapcheck"));
}
