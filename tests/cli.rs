//! CLI tests: the real binary on the bundled examples and on bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

const AS_OF: &str = "2026-11";

fn gapcheck() -> Command {
    let mut c = Command::cargo_bin("gapcheck").expect("binary");
    c.env_remove("NO_COLOR");
    c.env_remove("GAPCHECK_NO_CACHE");
    // The compiled-taxonomy cache of the tests stays under target/, not in the home directory.
    c.env(
        "GAPCHECK_CACHE_DIR",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gapcheck-cache"),
    );
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn stdout_of(args: &[&str]) -> String {
    let out = gapcheck().args(args).output().expect("run");
    assert!(
        out.status.success(),
        "gapcheck {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn tmp_file(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, content).expect("write fixture");
    p
}

#[test]
fn text_report_ml_engineer() {
    let out = stdout_of(&[
        "--as-of",
        AS_OF,
        "examples/resume-ml-engineer.txt",
        "examples/job-ml-engineer.txt",
    ]);
    insta::assert_snapshot!("text_ml_engineer", out);
}

#[test]
fn text_report_data_analyst_vs_data_scientist() {
    let out = stdout_of(&[
        "--as-of",
        AS_OF,
        "examples/resume-data-analyst.txt",
        "examples/job-data-scientist.txt",
    ]);
    insta::assert_snapshot!("text_analyst_vs_scientist", out);
}

#[test]
fn json_report_ml_engineer() {
    let out = stdout_of(&[
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "examples/resume-ml-engineer.txt",
        "examples/job-ml-engineer.txt",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    assert!(v["score"].as_u64().is_some_and(|s| s <= 100));
    for key in ["matched", "partial", "missing"] {
        assert!(v[key].is_array(), "{key}");
    }
    insta::assert_snapshot!("json_ml_engineer", out);
}

#[test]
fn python_engineer_has_no_gap_for_r_or_java_alternatives() {
    let out = stdout_of(&[
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "examples/resume-ml-engineer.txt",
        "examples/job-ml-engineer.txt",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let missing: Vec<&str> = v["missing"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|m| m["any_of"].as_array().into_iter().flatten())
        .filter_map(|s| s.as_str())
        .collect();
    assert!(!missing.contains(&"r"), "R reported missing: {missing:?}");
    assert!(
        !missing.contains(&"java"),
        "Java reported missing: {missing:?}"
    );
    let group = v["matched"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| {
            m["any_of"]
                .as_array()
                .is_some_and(|a| a.len() == 3 && a.iter().any(|x| x == "r"))
        })
        .expect("the Python/R/Java group is matched");
    assert_eq!(group["id"], "python");
    // Years and education rows are present.
    assert!(!v["experience"].as_array().expect("experience").is_empty());
    assert_eq!(v["education"]["verdict"], "met");
}

#[test]
fn skills_command_json_has_evidence() {
    let out = stdout_of(&[
        "skills",
        "--format",
        "json",
        "examples/resume-ml-engineer.txt",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let skills = v["skills"].as_array().expect("skills array");
    let ids: Vec<&str> = skills.iter().filter_map(|s| s["id"].as_str()).collect();
    for want in ["python", "pytorch", "kubernetes", "docker"] {
        assert!(ids.contains(&want), "{want} not in {ids:?}");
    }
    for trap in ["r", "go", "julia", "excel", "spark", "c"] {
        assert!(!ids.contains(&trap), "trap {trap} found: {ids:?}");
    }
    let k8s = skills
        .iter()
        .find(|s| s["id"] == "kubernetes")
        .expect("k8s");
    let ev = &k8s["evidence"][0];
    assert_eq!(ev["text"], "Kubernets");
    assert_eq!(ev["how"]["kind"], "fuzzy");
    assert!(ev["line"].as_u64().is_some() && ev["column"].as_u64().is_some());
    insta::assert_snapshot!("skills_json_resume_ml", out);
}

#[test]
fn skills_command_table() {
    let out = stdout_of(&["skills", "examples/job-data-scientist.txt"]);
    insta::assert_snapshot!("skills_text_job_ds", out);
}

#[test]
fn role_profile() {
    let out = stdout_of(&[
        "--as-of",
        AS_OF,
        "examples/resume-ml-engineer.txt",
        "--role",
        "ml-engineer",
    ]);
    insta::assert_snapshot!("role_ml_engineer", out);
}

#[test]
fn roles_are_listed() {
    let out = stdout_of(&["roles"]);
    for id in [
        "ml-engineer",
        "data-scientist",
        "data-engineer",
        "software-engineer",
        "mlops-engineer",
    ] {
        assert!(out.contains(id), "{id} missing from:\n{out}");
    }
}

#[test]
fn every_role_resolves_against_the_taxonomy() {
    for role in [
        "ml-engineer",
        "data-scientist",
        "data-engineer",
        "software-engineer",
        "mlops-engineer",
    ] {
        stdout_of(&[
            "--as-of",
            AS_OF,
            "examples/resume-data-analyst.txt",
            "--role",
            role,
        ]);
    }
}

#[test]
fn explain_and_plan_only() {
    let out = stdout_of(&[
        "--as-of",
        AS_OF,
        "--explain",
        "examples/resume-ml-engineer.txt",
        "examples/job-ml-engineer.txt",
    ]);
    assert!(out.contains("\nWhy\n"), "{out}");
    assert!(out.contains("any one suffices"), "{out}");
    let plan = stdout_of(&[
        "--as-of",
        AS_OF,
        "--plan-only",
        "examples/resume-ml-engineer.txt",
        "examples/job-ml-engineer.txt",
    ]);
    assert!(plan.starts_with("\nLearning plan"), "{plan}");
    assert!(!plan.contains("Score:"));
}

#[test]
fn colour_only_when_asked_and_no_color_respected() {
    let args = [
        "--as-of",
        AS_OF,
        "examples/resume-ml-engineer.txt",
        "examples/job-ml-engineer.txt",
    ];
    let plain = stdout_of(&args);
    assert!(!plain.contains('\x1b'), "colour in a pipe");
    let mut with = vec!["--color", "always"];
    with.extend_from_slice(&args);
    assert!(stdout_of(&with).contains('\x1b'));
    let out = gapcheck()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

// ----------------------------------------------------------------------------------------------
// Errors and exit codes

#[test]
fn missing_file_is_an_input_error() {
    gapcheck()
        .args(["nope.txt", "examples/job-ml-engineer.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope.txt: no such file"));
}

#[test]
fn directory_is_an_input_error() {
    gapcheck()
        .args(["examples", "examples/job-ml-engineer.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("examples: is a directory"));
}

#[test]
fn empty_binary_and_skill_less_files_are_input_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let empty = tmp_file(&dir, "empty.txt", b"   \n");
    let binary = tmp_file(&dir, "cv.bin", b"\x7fELF\x02\x01\x01\x00\x00binary");
    let fake_pdf = tmp_file(&dir, "cv.pdf", b"%PDF-1.4\x00\x01\x02binary");
    let prose = tmp_file(
        &dir,
        "letter.txt",
        b"Dear landlord,\nthe heating is broken again.\n",
    );
    for (p, msg) in [
        (&empty, "file is empty"),
        (&binary, "binary"),
        (&fake_pdf, "PDF is damaged or truncated"),
        (&prose, "no skill from the taxonomy was found"),
    ] {
        let out = gapcheck()
            .arg(p)
            .arg("examples/job-ml-engineer.txt")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{p:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{p:?}: {err}");
        assert!(err.contains(&p.display().to_string()), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn job_without_skills_is_an_input_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let job = tmp_file(
        &dir,
        "job.txt",
        b"We are hiring a friendly person. Apply now.\n",
    );
    gapcheck()
        .arg("examples/resume-ml-engineer.txt")
        .arg(&job)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("job.txt: no skill"));
}

#[test]
fn invalid_utf8_warns_and_continues() {
    let dir = tempfile::tempdir().expect("tmp");
    let cv = tmp_file(&dir, "cv.txt", b"SKILLS\nPython, SQL, caf\xe9 Docker\n");
    gapcheck()
        .args(["--as-of", AS_OF])
        .arg(&cv)
        .arg("examples/job-ml-engineer.txt")
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("warning:").and(predicate::str::contains("not valid UTF-8")),
        );
}

#[test]
fn malformed_taxonomy_reports_line_and_column() {
    let dir = tempfile::tempdir().expect("tmp");
    let tax = tmp_file(
        &dir,
        "bad.toml",
        b"[[skill]]\nid = \"a\"\nname = \"A\ncategory = \"x\"\n",
    );
    gapcheck()
        .arg("--taxonomy")
        .arg(&tax)
        .args([
            "examples/resume-ml-engineer.txt",
            "examples/job-ml-engineer.txt",
        ])
        .assert()
        .code(78)
        .stderr(predicate::str::is_match(r"bad\.toml: line 3, column \d+").expect("regex"));
}

#[test]
fn inconsistent_extension_is_a_taxonomy_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let ext = tmp_file(
        &dir,
        "ext.toml",
        b"[[skill]]\nid = \"my-tool\"\nname = \"MyTool\"\ncategory = \"tool\"\nimplies = [\"no-such-skill\"]\n",
    );
    gapcheck()
        .arg("--extend")
        .arg(&ext)
        .args([
            "examples/resume-ml-engineer.txt",
            "examples/job-ml-engineer.txt",
        ])
        .assert()
        .code(78)
        .stderr(predicate::str::contains(
            "unknown id 'no-such-skill' in implies",
        ));
}

#[test]
fn extension_adds_a_skill() {
    let dir = tempfile::tempdir().expect("tmp");
    let ext = tmp_file(
        &dir,
        "ext.toml",
        b"[[skill]]\nid = \"harborview\"\nname = \"Harborview\"\ncategory = \"tool\"\nlearn = [\"Read the Harborview docs\"]\n",
    );
    let out = gapcheck()
        .arg("--extend")
        .arg(&ext)
        .args(["skills", "--format", "json", "examples/job-ml-engineer.txt"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"harborview\""));
}

#[test]
fn missing_taxonomy_file_is_a_taxonomy_error() {
    gapcheck()
        .args([
            "--taxonomy",
            "nope.toml",
            "examples/resume-ml-engineer.txt",
            "examples/job-ml-engineer.txt",
        ])
        .assert()
        .code(78)
        .stderr(predicate::str::contains("nope.toml: no such file"));
}

#[test]
fn usage_errors_exit_64() {
    gapcheck().assert().code(64);
    gapcheck().args(["--bogus"]).assert().code(64);
    gapcheck()
        .args(["examples/resume-ml-engineer.txt"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("--role"));
    gapcheck()
        .args([
            "--as-of",
            "soon",
            "examples/resume-ml-engineer.txt",
            "examples/job-ml-engineer.txt",
        ])
        .assert()
        .code(64);
    gapcheck()
        .args(["examples/resume-ml-engineer.txt", "--role", "astronaut"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("unknown role 'astronaut'"));
    gapcheck().arg("--help").assert().code(0);
}

#[test]
fn output_is_deterministic() {
    let args = [
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "examples/resume-data-analyst.txt",
        "examples/job-ml-engineer.txt",
    ];
    assert_eq!(stdout_of(&args), stdout_of(&args));
}

#[test]
fn taxonomy_import_then_check_then_use() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = tmp_file(
        &dir,
        "skills.csv",
        b"id,name,category,aliases,implies\nharbor,Harborview,tool,HV;Harbor View,forecast\nforecast,Demand forecasting,ml,,\n",
    );
    let out = dir.path().join("imported.toml");
    gapcheck()
        .args(["taxonomy", "import", "--from", "csv"])
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("imported 2 skills, 4 spellings"));
    gapcheck()
        .args(["taxonomy", "check"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("valid: 2 skills, 4 spellings"));
    let job = tmp_file(
        &dir,
        "job.txt",
        b"Requirements\nExperience with Harbor View\n",
    );
    let cv = tmp_file(&dir, "cv.txt", b"SKILLS\nDemand forecasting\n");
    gapcheck()
        .arg("--taxonomy")
        .arg(&out)
        .args(["--as-of", AS_OF, "--format", "json"])
        .arg(&cv)
        .arg(&job)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"id\": \"harbor\""));
}

#[test]
fn taxonomy_import_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let bad = tmp_file(&dir, "bad.csv", b"a,b\n1,2\n");
    gapcheck()
        .args(["taxonomy", "import", "--from", "esco"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.csv: not an ESCO skills CSV"));
    gapcheck()
        .args(["taxonomy", "import", "--from", "esco", "--from", "onet"])
        .arg(&bad)
        .assert()
        .code(64);
    let broken = tmp_file(&dir, "broken.toml", b"[[skill]]\nid = \"x\"\n");
    gapcheck()
        .args(["taxonomy", "check"])
        .arg(&broken)
        .assert()
        .code(78)
        .stderr(predicate::str::contains("skill 'x' has no name"));
}

#[test]
fn batch_streams_json_lines_for_every_pair() {
    let out = gapcheck()
        .args([
            "batch",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--resumes",
            "examples/resume-ml-engineer.txt",
            "examples/resume-data-analyst.txt",
            "--jobs",
            "examples/job-*.txt",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["resume_file"], "examples/resume-ml-engineer.txt");
    assert_eq!(lines[0]["job_file"], "examples/job-data-scientist.txt");
    assert_eq!(lines[0]["schema_version"], 1);
    // The same pair scored alone gives the same score.
    let single = stdout_of(&[
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "examples/resume-ml-engineer.txt",
        "examples/job-data-scientist.txt",
    ]);
    let single: serde_json::Value = serde_json::from_str(&single).expect("json");
    assert_eq!(lines[0]["score"], single["score"]);
}

#[test]
fn batch_reads_json_lines_and_reports_bad_lines_without_stopping() {
    let input = "{\"id\": \"a\", \"text\": \"SKILLS\\nPython, SQL, Docker\"}\n{broken\n{\"id\": \"b\", \"text\": \"SKILLS\\nPyTorch\"}\n";
    let out = gapcheck()
        .args([
            "batch",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--resumes",
            "-",
            "--jobs",
            "examples/job-ml-engineer.txt",
        ])
        .write_stdin(input)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line is an input error at the end"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["resume_file"], "a");
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("not JSON"))
    );
    assert_eq!(lines[2]["resume_file"], "b");
}

#[test]
fn batch_ranked_table() {
    let out = stdout_of(&[
        "batch",
        "--as-of",
        AS_OF,
        "--resumes",
        "examples/resume-ml-engineer.txt",
        "examples/resume-data-analyst.txt",
        "--jobs",
        "examples/job-ml-engineer.txt",
        "examples/job-data-scientist.txt",
        "--top",
        "3",
    ]);
    assert!(out.contains("Rank"), "{out}");
    assert_eq!(out.matches("/100").count(), 3, "{out}");
}

#[test]
fn compiled_taxonomy_cache_is_written_once_and_gives_the_same_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "--as-of",
        AS_OF,
        "examples/resume-ml-engineer.txt",
        "examples/job-data-scientist.txt",
    ];
    let run = |extra: &[&str]| {
        let out = gapcheck()
            .env("GAPCHECK_CACHE_DIR", dir.path())
            .args(extra)
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let cache_files = || std::fs::read_dir(dir.path()).map_or(0, |d| d.count());
    let uncached = run(&["--no-cache"]);
    assert_eq!(cache_files(), 0, "--no-cache writes nothing");
    let first = run(&[]);
    assert_eq!(
        cache_files(),
        1,
        "the first run writes the compiled taxonomy"
    );
    let second = run(&[]);
    assert_eq!(cache_files(), 1);
    assert_eq!(first, uncached);
    assert_eq!(second, uncached);
}
