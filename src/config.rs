//! `gapcheck.toml`: discovery (current directory upwards), loading, path resolution, and the CI gates.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, describe_toml_error};
use crate::gap::{Analysis, Verdict};
use crate::requirements::{Importance, YearMonth};
use crate::taxonomy::{SkillId, Taxonomy};

/// File names looked for, in this order, in each directory.
pub const CONFIG_NAMES: [&str; 2] = ["gapcheck.toml", ".gapcheck.toml"];

/// The configuration file. Every key is optional; flags override it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The résumé file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume: Option<PathBuf>,
    /// Job postings: files or glob patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<String>,
    /// Built-in role profiles to check against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Gate: every report must score at least this (0-100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<u32>,
    /// Gate: at most this many missing required skills per report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_required_gaps: Option<usize>,
    /// Gate: skills (ids, names or aliases) the résumé must show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<String>,
    /// Skills to leave out of every comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// A taxonomy replacing the built-in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<PathBuf>,
    /// Taxonomy extensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend: Vec<PathBuf>,
    /// The month "present" means on the résumé (YYYY-MM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// The file it was read from; `None` when no file was used.
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// The directory relative paths of the file are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// A path of the file, resolved against its directory.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() || self.path.is_none() {
            p.to_path_buf()
        } else {
            let base = self.base_dir();
            if base.as_os_str().is_empty() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        }
    }

    fn name(&self) -> String {
        self.path
            .as_ref()
            .map_or("configuration".to_string(), |p| p.display().to_string())
    }

    /// The job files of the configuration, globs expanded (sorted, deduplicated).
    pub fn job_files(&self) -> Result<Vec<PathBuf>> {
        let patterns: Vec<String> = self
            .config
            .jobs
            .iter()
            .map(|j| self.resolve(Path::new(j)).display().to_string())
            .collect();
        expand(&patterns, &self.name())
    }

    /// `as_of`, parsed.
    pub fn as_of(&self) -> Result<Option<YearMonth>> {
        match &self.config.as_of {
            None => Ok(None),
            Some(s) => YearMonth::parse(s).map(Some).ok_or_else(|| {
                Error::config(
                    self.name(),
                    format!("as_of = '{s}' is not a month in the form YYYY-MM"),
                )
            }),
        }
    }
}

/// Whether a string is a glob pattern rather than a plain path.
pub fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands file names and glob patterns; a pattern that matches nothing is an error.
pub fn expand(patterns: &[String], origin: &str) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in patterns {
        if !is_glob(p) {
            out.push(PathBuf::from(p));
            continue;
        }
        let paths = glob::glob(p)
            .map_err(|e| Error::config(origin, format!("bad glob pattern '{p}': {}", e.msg)))?;
        let mut matched: Vec<PathBuf> = paths
            .filter_map(|r| r.ok())
            .filter(|p| p.is_file())
            .collect();
        if matched.is_empty() {
            return Err(Error::input(p, "no file matches this pattern"));
        }
        matched.sort();
        out.extend(matched);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

/// Reads and checks a configuration file.
pub fn load(path: &Path) -> Result<Loaded> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::config(
            &name,
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ if path.is_dir() => "is a directory, not a file".to_string(),
                _ => e.to_string(),
            },
        )
    })?;
    let config: Config =
        toml::from_str(&text).map_err(|e| Error::config(&name, describe_toml_error(&text, &e)))?;
    if let Some(n) = config.fail_under
        && n > 100
    {
        return Err(Error::config(
            &name,
            format!("fail_under = {n}: a score is 0 to 100"),
        ));
    }
    let loaded = Loaded {
        config,
        path: Some(path.to_path_buf()),
    };
    loaded.as_of()?;
    Ok(loaded)
}

/// The nearest configuration file from `start` upwards, as a path relative to `start` ("gapcheck.toml",
/// "../../.gapcheck.toml") so that reports name files the way the user sees them.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    let mut up = PathBuf::new();
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            if d.join(name).is_file() {
                return Some(up.join(name));
            }
        }
        dir = d.parent();
        up.push("..");
    }
    None
}

/// The commented template written by `gapcheck init`.
pub const TEMPLATE: &str = r#"# gapcheck configuration. gapcheck looks for gapcheck.toml (or .gapcheck.toml) in the current
# directory and its parents; flags on the command line override these values.
# Paths are relative to this file. gapcheck never touches the network.

# The résumé to check (plain text).
resume = "resume.txt"

# Job postings: files or glob patterns. One report per posting, plus a summary ranking them.
jobs = ["jobs/*.txt"]

# Built-in role profiles to check against as well (see `gapcheck roles`).
# roles = ["ml-engineer"]

# Gates: any failure exits with code 2.
# fail_under = 60          # every report must score at least this (0-100)
# max_required_gaps = 3    # at most this many missing required skills per report
# require = ["python"]     # skills the résumé must show (ids, names or aliases)

# Skills to leave out of every comparison.
# ignore = ["communication"]

# Your own skills and aliases on top of the built-in taxonomy.
# extend = ["my-skills.toml"]

# The month "present" means on the résumé, for reproducible CI runs.
# as_of = "2026-11"
"#;

/// The CI gates.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    pub fail_under: Option<u32>,
    pub max_required_gaps: Option<usize>,
    /// Skills the résumé must show, with the spelling the user gave.
    pub require: Vec<(SkillId, String)>,
}

/// One failed gate.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GateFailure {
    /// `fail_under`, `max_required_gaps` or `require`.
    pub gate: &'static str,
    /// The report (posting or role) it failed on; `None` for résumé-wide gates.
    pub report: Option<String>,
    pub message: String,
}

impl GateFailure {
    /// " (jobs/ml.txt)" for a per-report gate, "" for a résumé-wide one.
    pub fn at(&self) -> String {
        self.report
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    }
}

/// Resolves skill names given by the user (ids, names or aliases) to ids.
pub fn resolve_skills(
    tax: &Taxonomy,
    names: &[String],
    key: &str,
    origin: &str,
) -> Result<Vec<(SkillId, String)>> {
    names
        .iter()
        .map(|n| {
            tax.find(n).map(|id| (id, n.clone())).ok_or_else(|| {
                Error::config(
                    origin,
                    format!("{key}: unknown skill '{n}' (not in the taxonomy)"),
                )
            })
        })
        .collect()
}

impl Gates {
    pub fn is_empty(&self) -> bool {
        self.fail_under.is_none() && self.max_required_gaps.is_none() && self.require.is_empty()
    }

    /// Every gate that fails on these analyses (all share one résumé).
    pub fn check(&self, tax: &Taxonomy, analyses: &[Analysis]) -> Vec<GateFailure> {
        let mut out = Vec::new();
        for a in analyses {
            if let Some(min) = self.fail_under
                && a.score < min
            {
                out.push(GateFailure {
                    gate: "fail_under",
                    report: Some(a.job_name.clone()),
                    message: format!("score {} is under the minimum of {min}", a.score),
                });
            }
            if let Some(max) = self.max_required_gaps {
                let gaps: Vec<String> = a
                    .results
                    .iter()
                    .filter(|r| {
                        r.verdict == Verdict::Missing
                            && r.requirement.importance == Importance::Required
                    })
                    .map(|r| tax.skill(r.member).name.clone())
                    .collect();
                if gaps.len() > max {
                    out.push(GateFailure {
                        gate: "max_required_gaps",
                        report: Some(a.job_name.clone()),
                        message: format!(
                            "{} required skills missing (at most {max} allowed): {}",
                            gaps.len(),
                            gaps.join(", ")
                        ),
                    });
                }
            }
        }
        if let Some(a) = analyses.first() {
            for (id, given) in &self.require {
                let present = a
                    .resume_skills
                    .iter()
                    .any(|h| h.skill == *id || tax.ancestors(h.skill).contains(id));
                if !present {
                    out.push(GateFailure {
                        gate: "require",
                        report: None,
                        message: format!(
                            "the résumé does not show required skill '{given}' ({})",
                            tax.skill(*id).name
                        ),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_parses_and_round_trips() {
        let c: Config = toml::from_str(TEMPLATE).expect("template");
        assert_eq!(c.resume.as_deref(), Some(Path::new("resume.txt")));
        assert_eq!(c.jobs, ["jobs/*.txt"]);
        let again: Config = toml::from_str(&toml::to_string(&c).expect("ser")).expect("de");
        assert_eq!(again, c);
    }

    #[test]
    fn unknown_keys_name_the_key_with_position() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("gapcheck.toml");
        std::fs::write(&p, "resume = \"cv.txt\"\nfail_undr = 50\n").expect("write");
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("line 2, column 1"), "{e}");
        assert!(e.contains("unknown field `fail_undr`"), "{e}");
        assert_eq!(load(&p).unwrap_err().exit_code(), 78);
    }

    #[test]
    fn bad_values_are_config_errors() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("gapcheck.toml");
        std::fs::write(&p, "fail_under = 140\n").expect("write");
        assert!(
            load(&p)
                .unwrap_err()
                .to_string()
                .contains("fail_under = 140")
        );
        std::fs::write(&p, "as_of = \"soon\"\n").expect("write");
        assert!(load(&p).unwrap_err().to_string().contains("as_of = 'soon'"));
    }

    #[test]
    fn discovery_walks_up_and_prefers_the_plain_name() {
        let dir = tempfile::tempdir().expect("tmp");
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        assert_eq!(discover(&deep), None);
        std::fs::write(dir.path().join(".gapcheck.toml"), "").expect("write");
        assert_eq!(discover(&deep), Some(PathBuf::from("../../.gapcheck.toml")));
        std::fs::write(dir.path().join("a/gapcheck.toml"), "").expect("write");
        assert_eq!(discover(&deep), Some(PathBuf::from("../gapcheck.toml")));
        std::fs::write(deep.join("gapcheck.toml"), "").expect("write");
        assert_eq!(discover(&deep), Some(PathBuf::from("gapcheck.toml")));
    }

    #[test]
    fn globs_expand_sorted_and_empty_globs_fail() {
        let dir = tempfile::tempdir().expect("tmp");
        for n in ["b.txt", "a.txt", "c.md"] {
            std::fs::write(dir.path().join(n), "x").expect("write");
        }
        let pat = format!("{}/*.txt", dir.path().display());
        let got = expand(&[pat], "test").expect("expand");
        assert_eq!(got, [dir.path().join("a.txt"), dir.path().join("b.txt")]);
        let none = format!("{}/*.pdf", dir.path().display());
        assert_eq!(expand(&[none], "test").unwrap_err().exit_code(), 1);
    }
}
