//! Gap analysis: résumé skills against requirements through the taxonomy graph, the score, and the
//! learning plan. Reads no files.

use std::collections::HashSet;

use serde::Serialize;

use crate::extract::{How, Mention, SkillHits};
use crate::requirements::{
    Degree, EducationRequirement, Importance, JobProfile, Requirement, ResumeFacts,
    YearsRequirement, field_matches,
};
use crate::taxonomy::{SkillId, Taxonomy};

/// Credit for a partial match (a related skill).
pub const PARTIAL_CREDIT: f64 = 0.5;
/// Factor on the weight of requirements whose skills are all professional (soft) skills.
pub const PROFESSIONAL_FACTOR: f64 = 0.5;

/// Outcome of one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Matched,
    Partial,
    Missing,
}

/// How a requirement was satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The résumé names the skill itself.
    Direct,
    /// The résumé names a skill that implies it (PyTorch → deep learning).
    Implied {
        from: SkillId,
    },
    /// The résumé names a related skill (TensorFlow ↔ PyTorch): partial credit.
    Related {
        from: SkillId,
    },
    None,
}

/// One requirement with its verdict.
#[derive(Debug, Clone)]
pub struct RequirementResult {
    pub requirement: Requirement,
    pub verdict: Verdict,
    pub credit: f64,
    pub weight: f64,
    /// The alternative that is met (or, for a gap, the one the plan suggests).
    pub member: SkillId,
    pub via: Via,
}

/// A years-of-experience check.
#[derive(Debug, Clone)]
pub struct YearsResult {
    pub requirement: YearsRequirement,
    /// Years the résumé shows (overall or with the skill).
    pub have: f64,
    pub met: bool,
    pub credit: f64,
    pub weight: f64,
}

/// Education verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EducationVerdict {
    Met,
    /// Degree level met but in another field.
    FieldDiffers,
    /// Not met, but the posting accepts equivalent experience.
    Equivalent,
    NotMet,
    /// The posting states no education requirement.
    NotStated,
}

/// The education check.
#[derive(Debug, Clone)]
pub struct EducationResult {
    pub requirement: Option<EducationRequirement>,
    pub have: Option<Degree>,
    pub verdict: EducationVerdict,
    pub credit: f64,
    pub weight: f64,
}

/// Why a skill is in the learning plan.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanReason {
    /// It closes a gap of this importance (index into `Analysis::results`).
    Gap {
        importance: Importance,
        result: usize,
        partial: bool,
    },
    /// It must be learnt before another skill of the plan.
    Prerequisite { of: SkillId },
}

/// One step of the learning plan.
#[derive(Debug, Clone)]
pub struct PlanItem {
    pub skill: SkillId,
    pub reason: PlanReason,
}

/// A remark about the résumé's wording.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub kind: NoteKind,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A likely misspelling on the résumé.
    Misspelling,
    /// The résumé names a skill differently from the posting.
    Wording,
}

/// The whole comparison: the single source for every output format.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub resume_name: String,
    pub job_name: String,
    pub resume_skills: Vec<SkillHits>,
    pub job_skills: Vec<SkillHits>,
    pub job: JobProfile,
    pub facts: ResumeFacts,
    pub results: Vec<RequirementResult>,
    pub years: Vec<YearsResult>,
    pub education: EducationResult,
    pub score: u32,
    pub plan: Vec<PlanItem>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

impl Analysis {
    pub fn matched(&self) -> impl Iterator<Item = &RequirementResult> {
        self.results
            .iter()
            .filter(|r| r.verdict == Verdict::Matched)
    }

    pub fn partial(&self) -> impl Iterator<Item = &RequirementResult> {
        self.results
            .iter()
            .filter(|r| r.verdict == Verdict::Partial)
    }

    pub fn missing(&self) -> impl Iterator<Item = &RequirementResult> {
        self.results
            .iter()
            .filter(|r| r.verdict == Verdict::Missing)
    }

    /// Total estimated effort of the plan, in hours.
    pub fn plan_hours(&self, tax: &Taxonomy) -> u32 {
        self.plan
            .iter()
            .filter_map(|p| tax.skill(p.skill).effort_hours)
            .sum()
    }
}

/// The résumé side of a comparison.
pub struct ResumeSide<'a> {
    pub name: &'a str,
    pub mentions: &'a [Mention],
    pub facts: ResumeFacts,
}

/// The job side of a comparison.
pub struct JobSide<'a> {
    pub name: &'a str,
    pub mentions: &'a [Mention],
    pub profile: JobProfile,
}

/// How (and whether) the résumé's skill set meets one skill.
fn meet(tax: &Taxonomy, have: &[SkillId], want: SkillId) -> (Verdict, Via) {
    if have.contains(&want) {
        return (Verdict::Matched, Via::Direct);
    }
    if let Some(&h) = have.iter().find(|&&h| tax.ancestors(h).contains(&want)) {
        return (Verdict::Matched, Via::Implied { from: h });
    }
    if let Some(&h) = have.iter().find(|&&h| tax.related(h).contains(&want)) {
        return (Verdict::Partial, Via::Related { from: h });
    }
    (Verdict::Missing, Via::None)
}

/// Compares a résumé with a job profile.
pub fn analyze(tax: &Taxonomy, resume: ResumeSide, job: JobSide) -> Analysis {
    let resume_skills = crate::extract::group(tax, resume.mentions);
    let job_skills = crate::extract::group(tax, job.mentions);
    let have: Vec<SkillId> = resume_skills.iter().map(|h| h.skill).collect();
    let have_closure: HashSet<SkillId> = have
        .iter()
        .flat_map(|&h| std::iter::once(h).chain(tax.ancestors(h).iter().copied()))
        .collect();

    let mut results: Vec<RequirementResult> = job
        .profile
        .requirements
        .iter()
        .map(|r| {
            let mut best: Option<(Verdict, Via, SkillId)> = None;
            for &m in &r.any_of {
                let (v, via) = meet(tax, &have, m);
                let rank = |v: Verdict| match v {
                    Verdict::Matched => 2,
                    Verdict::Partial => 1,
                    Verdict::Missing => 0,
                };
                if best.as_ref().is_none_or(|b| rank(v) > rank(b.0)) {
                    best = Some((v, via, m));
                }
            }
            let (verdict, via, member) = best.unwrap_or((Verdict::Missing, Via::None, r.any_of[0]));
            let member = if verdict == Verdict::Missing {
                closest_member(tax, &have_closure, &r.any_of)
            } else {
                member
            };
            let credit = match verdict {
                Verdict::Matched => 1.0,
                Verdict::Partial => PARTIAL_CREDIT,
                Verdict::Missing => 0.0,
            };
            let professional = r.any_of.iter().all(|&s| tax.skill(s).is_professional());
            let weight = r.importance.weight()
                * if professional {
                    PROFESSIONAL_FACTOR
                } else {
                    1.0
                };
            RequirementResult {
                requirement: r.clone(),
                verdict,
                credit,
                weight,
                member,
                via,
            }
        })
        .collect();
    // Stable order: importance, then posting line, then first member id.
    results.sort_by(|a, b| {
        a.requirement
            .importance
            .cmp(&b.requirement.importance)
            .then(a.requirement.line.cmp(&b.requirement.line))
            .then_with(|| tax.skill(a.member).id.cmp(&tax.skill(b.member).id))
    });

    let years: Vec<YearsResult> = job
        .profile
        .years
        .iter()
        .map(|y| {
            let have = match y.skill {
                Some(s) => resume.facts.years_with(tax, resume.mentions, s),
                None => resume.facts.total_years(),
            };
            let have = (have * 10.0).round() / 10.0;
            let met = have + 1e-9 >= y.min_years;
            YearsResult {
                requirement: y.clone(),
                have,
                met,
                credit: if y.min_years > 0.0 {
                    (have / y.min_years).min(1.0)
                } else {
                    1.0
                },
                weight: y.importance.weight(),
            }
        })
        .collect();

    let education = education_result(&job.profile, &resume.facts);

    let total_w: f64 = results.iter().map(|r| r.weight).sum::<f64>()
        + years.iter().map(|y| y.weight).sum::<f64>()
        + education.weight;
    let got: f64 = results.iter().map(|r| r.weight * r.credit).sum::<f64>()
        + years.iter().map(|y| y.weight * y.credit).sum::<f64>()
        + education.weight * education.credit;
    let score = if total_w > 0.0 {
        (100.0 * got / total_w).round() as u32
    } else {
        0
    };

    let plan = learning_plan(tax, &results, &have_closure);
    let notes = notes(tax, &resume_skills, &job_skills, &results);
    Analysis {
        resume_name: resume.name.to_string(),
        job_name: job.name.to_string(),
        resume_skills,
        job_skills,
        job: job.profile,
        facts: resume.facts,
        results,
        years,
        education,
        score,
        plan,
        notes,
        warnings: Vec::new(),
    }
}

/// For a group nobody meets: the alternative closest to the résumé (related to, or a prerequisite met
/// by, a résumé skill), else the first listed.
fn closest_member(tax: &Taxonomy, have: &HashSet<SkillId>, any_of: &[SkillId]) -> SkillId {
    let score = |m: SkillId| -> usize {
        let related = tax.related(m).iter().filter(|r| have.contains(r)).count();
        let prereqs = tax
            .skill(m)
            .prerequisites
            .iter()
            .filter(|p| have.contains(p))
            .count();
        let parents = tax.ancestors(m).iter().filter(|p| have.contains(p)).count();
        related * 4 + prereqs * 2 + parents
    };
    let mut best = any_of[0];
    let mut best_score = score(best);
    for &m in &any_of[1..] {
        let s = score(m);
        if s > best_score {
            best = m;
            best_score = s;
        }
    }
    best
}

fn education_result(job: &JobProfile, facts: &ResumeFacts) -> EducationResult {
    // The strictest required statement, else the first.
    let req = job
        .education
        .iter()
        .min_by_key(|e| (e.importance, std::cmp::Reverse(e.min_level)))
        .cloned();
    let have = facts.highest_degree().cloned();
    let Some(r) = req else {
        return EducationResult {
            requirement: None,
            have,
            verdict: EducationVerdict::NotStated,
            credit: 0.0,
            weight: 0.0,
        };
    };
    let weight = r.importance.weight();
    let level_ok = facts.degrees.iter().filter(|d| d.level >= r.min_level);
    let field_ok = level_ok.clone().any(|d| field_matches(&d.fields, &r));
    let (verdict, credit) = if field_ok {
        (EducationVerdict::Met, 1.0)
    } else if level_ok.count() > 0 {
        (EducationVerdict::FieldDiffers, PARTIAL_CREDIT)
    } else if r.equivalent_experience_ok && !facts.positions.is_empty() {
        (EducationVerdict::Equivalent, PARTIAL_CREDIT)
    } else {
        (EducationVerdict::NotMet, 0.0)
    };
    let have = facts
        .degrees
        .iter()
        .filter(|d| d.level >= r.min_level)
        .find(|d| field_matches(&d.fields, &r))
        .cloned()
        .or(have);
    EducationResult {
        requirement: Some(r),
        have,
        verdict,
        credit,
        weight,
    }
}

/// Gaps first by importance (then posting order), each preceded by the prerequisites the résumé lacks.
fn learning_plan(
    tax: &Taxonomy,
    results: &[RequirementResult],
    have: &HashSet<SkillId>,
) -> Vec<PlanItem> {
    let mut plan: Vec<PlanItem> = Vec::new();
    let mut planned: HashSet<SkillId> = HashSet::new();
    for (i, r) in results.iter().enumerate() {
        if r.verdict == Verdict::Matched {
            continue;
        }
        let target = r.member;
        if planned.contains(&target) {
            continue;
        }
        for p in tax.prerequisite_order(target) {
            if !have.contains(&p) && planned.insert(p) {
                plan.push(PlanItem {
                    skill: p,
                    reason: PlanReason::Prerequisite { of: target },
                });
            }
        }
        planned.insert(target);
        plan.push(PlanItem {
            skill: target,
            reason: PlanReason::Gap {
                importance: r.requirement.importance,
                result: i,
                partial: r.verdict == Verdict::Partial,
            },
        });
    }
    plan
}

/// Categories of named tools and technologies, where applicant tracking systems look for the exact
/// name (sklearn vs scikit-learn); concepts and soft skills are phrased too freely for a wording note.
const WORDING_CATEGORIES: &[&str] = &[
    "language",
    "ml-framework",
    "library",
    "data-engineering",
    "database",
    "cloud",
    "mlops",
    "devops",
    "web",
    "tool",
    "analytics",
];

/// Whether two phrases share a word of four or more letters ("deployed models" / "deploying models").
fn shares_word(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect()
    };
    let wb = words(b);
    words(a).iter().any(|w| wb.contains(w))
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '+' | '#'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn notes(
    tax: &Taxonomy,
    resume: &[SkillHits],
    job: &[SkillHits],
    results: &[RequirementResult],
) -> Vec<Note> {
    let mut out = Vec::new();
    for h in resume {
        for m in &h.mentions {
            if let How::Fuzzy { of, .. } = &m.how {
                out.push(Note {
                    kind: NoteKind::Misspelling,
                    line: m.line,
                    message: {
                        let name = &tax.skill(h.skill).name;
                        let skill = if name == of {
                            String::new()
                        } else {
                            format!(" ({name})")
                        };
                        format!(
                            "\"{}\" looks like a misspelling of \"{of}\"{skill}; applicant tracking systems match exact words",
                            m.text
                        )
                    },
                });
            }
        }
    }
    for r in results {
        if r.verdict != Verdict::Matched
            || r.via != Via::Direct
            || !WORDING_CATEGORIES.contains(&tax.skill(r.member).category.as_str())
        {
            continue;
        }
        let (Some(rh), Some(jh)) = (
            resume.iter().find(|h| h.skill == r.member),
            job.iter().find(|h| h.skill == r.member),
        ) else {
            continue;
        };
        let job_word = &jh.mentions[0].text;
        // Same word, or one contains the other ("transformer models" / "transformers"): no note.
        let jw = compact(job_word);
        let resume_uses_job_word = rh.mentions.iter().any(|m| {
            let rw = compact(&m.text);
            rw == jw || rw.contains(&jw) || jw.contains(&rw) || shares_word(&m.text, job_word)
        });
        if !resume_uses_job_word {
            let mine = rh
                .mentions
                .iter()
                .find(|m| !m.how.is_fuzzy())
                .unwrap_or(&rh.mentions[0]);
            if mine.how.is_fuzzy() {
                continue; // already reported as a misspelling
            }
            out.push(Note {
                kind: NoteKind::Wording,
                line: mine.line,
                message: format!(
                    "the posting says \"{job_word}\" where the résumé says \"{}\"; consider the posting's wording",
                    mine.text
                ),
            });
        }
    }
    out.sort_by(|a, b| a.line.cmp(&b.line).then(a.message.cmp(&b.message)));
    out.dedup_by(|a, b| a.message == b.message);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{ExtractOptions, Matcher};
    use crate::input::Document;
    use crate::requirements::{YearMonth, job_profile, resume_facts};
    use crate::taxonomy::Source;
    use crate::testutil::TAX;

    fn run(resume: &str, job: &str) -> (Taxonomy, Analysis) {
        let t = Taxonomy::load(&[Source::new("t.toml", TAX)]).expect("taxonomy");
        let m = Matcher::new(&t);
        let rd = Document::from_text("cv", resume);
        let jd = Document::from_text("job", job);
        let rm = m.extract(&t, &rd, ExtractOptions::default());
        let jm = m.extract(&t, &jd, ExtractOptions::default());
        let profile = job_profile(&t, &jd, &jm);
        let a = analyze(
            &t,
            ResumeSide {
                name: "cv",
                mentions: &rm,
                facts: resume_facts(
                    &rd,
                    YearMonth {
                        year: 2024,
                        month: 1,
                    },
                ),
            },
            JobSide {
                name: "job",
                mentions: &jm,
                profile,
            },
        );
        (t, a)
    }

    fn names(t: &Taxonomy, it: impl Iterator<Item = RequirementResult>) -> Vec<String> {
        it.map(|r| t.skill(r.member).id.clone()).collect()
    }

    #[test]
    fn any_of_group_is_met_by_one_member() {
        let (t, a) = run(
            "SKILLS\nPython",
            "Requirements\nProficiency in Python, R, or Java",
        );
        assert_eq!(names(&t, a.matched().cloned()), ["python"]);
        assert_eq!(a.missing().count(), 0);
        assert_eq!(a.score, 100);
    }

    #[test]
    fn implied_and_related_credit() {
        let (t, a) = run(
            "SKILLS\nPyTorch, AWS",
            "Requirements\nDeep Learning\nGCP\nDocker",
        );
        let dl = a
            .results
            .iter()
            .find(|r| t.skill(r.member).id == "deep-learning")
            .unwrap();
        assert_eq!(dl.verdict, Verdict::Matched);
        assert!(matches!(dl.via, Via::Implied { .. }));
        let gcp = a
            .results
            .iter()
            .find(|r| t.skill(r.member).id == "gcp")
            .unwrap();
        assert_eq!(gcp.verdict, Verdict::Partial);
        assert_eq!(names(&t, a.missing().cloned()), ["docker"]);
        // (3 + 1.5 + 0) / 9 = 50%
        assert_eq!(a.score, 50);
    }

    #[test]
    fn required_weighs_more_than_preferred() {
        let (_, a1) = run(
            "SKILLS\nPython",
            "Requirements\nPython\nNice to have\nDocker",
        );
        let (_, a2) = run(
            "SKILLS\nDocker",
            "Requirements\nPython\nNice to have\nDocker",
        );
        assert_eq!(a1.score, 75);
        assert_eq!(a2.score, 25);
    }

    #[test]
    fn professional_skills_weigh_half() {
        let (_, a) = run("SKILLS\nPython", "Requirements\nPython\nCommunication");
        // 3 / (3 + 1.5)
        assert_eq!(a.score, 67);
    }

    #[test]
    fn plan_puts_required_gaps_first_and_prerequisites_before() {
        let (t, a) = run("SKILLS\nSQL", "Requirements\nPyTorch\nNice to have\nDocker");
        let order: Vec<&str> = a
            .plan
            .iter()
            .map(|p| t.skill(p.skill).id.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "python",
                "linear-algebra",
                "deep-learning",
                "pytorch",
                "docker"
            ]
        );
        assert!(matches!(a.plan[0].reason, PlanReason::Prerequisite { .. }));
    }

    #[test]
    fn unmet_group_plans_the_closest_alternative() {
        // TensorFlow is related to PyTorch... the résumé has TensorFlow? No: it has AWS, related to GCP.
        let (t, a) = run("SKILLS\nAWS", "Requirements\nDocker or GCP");
        let gap = a
            .results
            .iter()
            .find(|r| r.requirement.any_of.len() == 2)
            .unwrap();
        assert_eq!(t.skill(gap.member).id, "gcp");
    }

    #[test]
    fn years_shortfall_and_education() {
        let (_, a) = run(
            "EXPERIENCE\nEngineer\nJan 2022 - present\nPython\nEDUCATION\nBSc in Economics",
            "Requirements\n4+ years of experience with Python\nMaster's degree in Computer Science",
        );
        assert_eq!(a.years.len(), 1);
        assert!(!a.years[0].met);
        // Jan 2022 to Jan 2024, both months counted: 25 months.
        assert!((a.years[0].have - 2.1).abs() < 0.05, "{}", a.years[0].have);
        assert_eq!(a.education.verdict, EducationVerdict::NotMet);
    }

    #[test]
    fn misspelling_and_wording_notes() {
        let (_, a) = run(
            "SKILLS\nKubernets, sklearn",
            "Requirements\nKubernetes and scikit-learn",
        );
        let kinds: Vec<NoteKind> = a.notes.iter().map(|n| n.kind).collect();
        assert!(kinds.contains(&NoteKind::Misspelling));
        assert!(kinds.contains(&NoteKind::Wording), "{:?}", a.notes);
    }
}
