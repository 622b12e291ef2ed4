//! Renderers: one per output format, all over the same [`Analysis`]. Computes nothing new.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table};
use serde::Serialize;
use serde_json::{Value, json};

use crate::extract::{Mention, SkillHits};
use crate::gap::{Analysis, EducationVerdict, PlanReason, RequirementResult, Verdict, Via};
use crate::requirements::{Importance, Requirement};
use crate::taxonomy::{SkillId, Taxonomy};

/// Version of the JSON output; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Options of the text renderer.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    pub color: bool,
    pub explain: bool,
    /// Table width in columns.
    pub width: u16,
    /// Only the learning plan.
    pub plan_only: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            explain: false,
            width: 110,
            plan_only: false,
        }
    }
}

fn table(opts: &TextOptions, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(opts.width);
    if opts.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(
        header
            .iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    t
}

fn paint(opts: &TextOptions, s: &str, color: Color) -> Cell {
    let c = Cell::new(s);
    if opts.color { c.fg(color) } else { c }
}

fn ansi(opts: &TextOptions, s: &str, code: &str) -> String {
    if opts.color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// "Python", or "Python | R | Java" for a group.
pub fn requirement_label(tax: &Taxonomy, r: &Requirement) -> String {
    r.any_of
        .iter()
        .map(|&s| tax.skill(s).name.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn evidence_of(hits: &[SkillHits], skill: SkillId) -> Option<&Mention> {
    hits.iter()
        .find(|h| h.skill == skill)
        .and_then(|h| h.mentions.first())
}

fn via_text(tax: &Taxonomy, a: &Analysis, r: &RequirementResult) -> String {
    let name = &tax.skill(r.member).name;
    match r.via {
        Via::Direct => match evidence_of(&a.resume_skills, r.member) {
            Some(m) => format!("{name}: line {} \"{}\" ({})", m.line, m.text, m.how.label()),
            None => name.clone(),
        },
        Via::Implied { from } => {
            let ev = evidence_of(&a.resume_skills, from)
                .map(|m| format!(", line {}", m.line))
                .unwrap_or_default();
            format!("{name} via {}{ev}", tax.skill(from).name)
        }
        Via::Related { from } => {
            let ev = evidence_of(&a.resume_skills, from)
                .map(|m| format!(", line {}", m.line))
                .unwrap_or_default();
            format!("{} is related to {name}{ev}", tax.skill(from).name)
        }
        Via::None => String::new(),
    }
}

fn importance_cell(opts: &TextOptions, i: Importance) -> Cell {
    match i {
        Importance::Required => paint(opts, i.label(), Color::Red),
        Importance::Responsibility => paint(opts, i.label(), Color::Yellow),
        Importance::Preferred => paint(opts, i.label(), Color::Blue),
    }
}

fn line_ref(line: usize) -> String {
    if line == 0 {
        "profile".to_string()
    } else {
        line.to_string()
    }
}

/// Why a skill is in the plan, with its effort: "required gap, ~30 h".
fn plan_why(tax: &Taxonomy, item: &crate::gap::PlanItem) -> String {
    let why = match &item.reason {
        PlanReason::Gap {
            importance,
            partial,
            ..
        } => format!(
            "{} {}",
            importance.label(),
            if *partial { "partial match" } else { "gap" }
        ),
        PlanReason::Prerequisite { of } => format!("prerequisite for {}", tax.skill(*of).name),
    };
    match tax.skill(item.skill).effort_hours {
        Some(h) => format!("{why}, ~{h} h"),
        None => why,
    }
}

/// "about 2.5", or for nothing dated, why there is nothing to count.
fn have_years(y: &crate::gap::YearsResult) -> String {
    if y.have > 0.0 {
        format!("about {}", fmt_years(y.have))
    } else if y.requirement.skill.is_some() {
        "no dated position mentions it".to_string()
    } else {
        "no dated positions".to_string()
    }
}

fn fmt_years(y: f64) -> String {
    if (y - y.round()).abs() < 1e-9 {
        format!("{}", y as i64)
    } else {
        format!("{y:.1}")
    }
}

/// The human report.
pub fn text(tax: &Taxonomy, a: &Analysis, opts: &TextOptions) -> String {
    let mut out = String::new();
    let n = a.results.len();
    let m = a.matched().count();
    let p = a.partial().count();
    let g = a.missing().count();
    if !opts.plan_only {
        out.push_str(&format!(
            "{} {} vs {}\n",
            ansi(opts, "gapcheck", "1"),
            a.resume_name,
            a.job_name
        ));
        let color = match a.score {
            75.. => "32",
            50..=74 => "33",
            _ => "31",
        };
        out.push_str(&format!(
            "Score: {}  ({m} matched, {p} partial, {g} missing of {n} skill requirements)\n",
            ansi(opts, &format!("{}/100", a.score), &format!("1;{color}")),
        ));
        for w in &a.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }

        if m > 0 {
            out.push_str(&format!("\n{}\n", ansi(opts, "Matched", "1;32")));
            let mut t = table(
                opts,
                &["Requirement", "Importance", "Line", "Résumé evidence"],
            );
            for r in a.matched() {
                t.add_row(vec![
                    Cell::new(requirement_label(tax, &r.requirement)),
                    importance_cell(opts, r.requirement.importance),
                    Cell::new(line_ref(r.requirement.line)),
                    Cell::new(via_text(tax, a, r)),
                ]);
            }
            out.push_str(&format!("{t}\n"));
        }
        if p > 0 {
            out.push_str(&format!("\n{}\n", ansi(opts, "Partial", "1;33")));
            let mut t = table(
                opts,
                &["Requirement", "Importance", "Line", "Closest on the résumé"],
            );
            for r in a.partial() {
                t.add_row(vec![
                    Cell::new(requirement_label(tax, &r.requirement)),
                    importance_cell(opts, r.requirement.importance),
                    Cell::new(line_ref(r.requirement.line)),
                    Cell::new(via_text(tax, a, r)),
                ]);
            }
            out.push_str(&format!("{t}\n"));
        }
        if g > 0 {
            out.push_str(&format!("\n{}\n", ansi(opts, "Missing", "1;31")));
            let mut t = table(opts, &["Requirement", "Importance", "Line", "Posting says"]);
            for r in a.missing() {
                t.add_row(vec![
                    Cell::new(requirement_label(tax, &r.requirement)),
                    importance_cell(opts, r.requirement.importance),
                    Cell::new(line_ref(r.requirement.line)),
                    Cell::new(shorten(&r.requirement.text, 90)),
                ]);
            }
            out.push_str(&format!("{t}\n"));
        }
        if !a.years.is_empty() || a.education.requirement.is_some() {
            out.push_str(&format!(
                "\n{}\n",
                ansi(opts, "Experience and education", "1")
            ));
            let mut t = table(opts, &["Requirement", "Asked", "Résumé shows", "Verdict"]);
            for y in &a.years {
                let what = match y.requirement.skill {
                    Some(s) => format!("years with {}", tax.skill(s).name),
                    None => "years of experience".to_string(),
                };
                let asked = match y.requirement.max_years {
                    Some(mx) => format!(
                        "{}-{} years",
                        fmt_years(y.requirement.min_years),
                        fmt_years(mx)
                    ),
                    None => format!("{}+ years", fmt_years(y.requirement.min_years)),
                };
                let verdict = if y.met {
                    paint(opts, "met", Color::Green)
                } else {
                    paint(
                        opts,
                        &format!(
                            "short by about {}",
                            fmt_years(((y.requirement.min_years - y.have) * 10.0).round() / 10.0)
                        ),
                        Color::Red,
                    )
                };
                t.add_row(vec![
                    Cell::new(format!("{what} (line {})", line_ref(y.requirement.line))),
                    Cell::new(asked),
                    Cell::new(have_years(y)),
                    verdict,
                ]);
            }
            if let Some(req) = &a.education.requirement {
                let mut asked = format!("{} degree", req.min_level.label());
                if !req.fields.is_empty() {
                    asked.push_str(&format!(" in {}", req.fields.join(", ")));
                }
                if req.related_field_ok {
                    asked.push_str(" or related");
                }
                if req.equivalent_experience_ok {
                    asked.push_str("; or equivalent experience");
                }
                let have = match &a.education.have {
                    Some(d) if d.fields.is_empty() => {
                        format!("{} (line {})", d.level.label(), d.line)
                    }
                    Some(d) => format!(
                        "{} in {} (line {})",
                        d.level.label(),
                        d.fields.join(", "),
                        d.line
                    ),
                    None => "no degree found".to_string(),
                };
                let verdict = match a.education.verdict {
                    EducationVerdict::Met => paint(opts, "met", Color::Green),
                    EducationVerdict::FieldDiffers => {
                        paint(opts, "level met, field differs", Color::Yellow)
                    }
                    EducationVerdict::Equivalent => paint(
                        opts,
                        "not met; equivalent experience accepted",
                        Color::Yellow,
                    ),
                    EducationVerdict::NotMet => paint(opts, "not met", Color::Red),
                    EducationVerdict::NotStated => Cell::new("not stated"),
                };
                t.add_row(vec![
                    Cell::new(format!("education (line {})", line_ref(req.line))),
                    Cell::new(asked),
                    Cell::new(have),
                    verdict,
                ]);
            }
            out.push_str(&format!("{t}\n"));
        } else {
            out.push_str("\nEducation: not stated in the posting\n");
        }
    }

    if !a.plan.is_empty() {
        out.push_str(&format!(
            "\n{} (about {} hours)\n",
            ansi(opts, "Learning plan", "1"),
            a.plan_hours(tax)
        ));
        for (i, item) in a.plan.iter().enumerate() {
            let s = tax.skill(item.skill);
            let why = plan_why(tax, item);
            out.push_str(&format!(
                "{:>3}. {} ({why})\n",
                i + 1,
                ansi(opts, &s.name, "1")
            ));
            for step in &s.learn {
                out.push_str(&format!("       - {step}\n"));
            }
        }
    } else if !opts.plan_only {
        out.push_str("\nLearning plan: nothing to learn for this posting.\n");
    }

    if !opts.plan_only && !a.notes.is_empty() {
        out.push_str(&format!("\n{}\n", ansi(opts, "Notes on the résumé", "1")));
        for n in &a.notes {
            out.push_str(&format!("  line {}: {}\n", n.line, n.message));
        }
    }
    if opts.explain && !opts.plan_only {
        out.push_str(&explain(tax, a));
    }
    out
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// The "why" of every verdict.
pub fn explain(tax: &Taxonomy, a: &Analysis) -> String {
    let mut out = String::from("\nWhy\n");
    for r in &a.results {
        let req = &r.requirement;
        let mut s = format!(
            "- {} [{}]: posting line {} \"{}\"",
            requirement_label(tax, req),
            req.importance.label(),
            line_ref(req.line),
            shorten(&req.text, 100)
        );
        if let Some(g) = &req.group {
            s.push_str(&format!("; any one suffices ({g})"));
        }
        match r.verdict {
            Verdict::Matched | Verdict::Partial => {
                s.push_str(&format!(
                    "; {}: {}",
                    verdict_word(r.verdict),
                    via_text(tax, a, r)
                ));
            }
            Verdict::Missing => {
                s.push_str("; missing: no résumé skill is, implies or relates to it");
                if req.any_of.len() > 1 {
                    s.push_str(&format!("; plan suggests {}", tax.skill(r.member).name));
                }
            }
        }
        out.push_str(&s);
        out.push('\n');
    }
    for y in &a.years {
        let what = match y.requirement.skill {
            Some(sk) => format!(
                "years with {}: union of the résumé positions whose lines mention it",
                tax.skill(sk).name
            ),
            None => "years of experience: union of all dated positions on the résumé".to_string(),
        };
        out.push_str(&format!(
            "- {what}; posting line {} asks {}, résumé shows about {}\n",
            line_ref(y.requirement.line),
            fmt_years(y.requirement.min_years),
            fmt_years(y.have)
        ));
    }
    for p in &a.facts.positions {
        out.push_str(&format!(
            "  position at résumé line {}: \"{}\" = {} to {} ({} years)\n",
            p.line,
            p.text,
            p.start,
            p.end,
            fmt_years((p.years() * 10.0).round() / 10.0)
        ));
    }
    for h in &a.resume_skills {
        for m in &h.mentions {
            if let Some(why) = &m.ambiguous_support {
                out.push_str(&format!(
                    "  résumé line {}: \"{}\" read as {} ({why})\n",
                    m.line,
                    m.text,
                    tax.skill(h.skill).name
                ));
            }
        }
    }
    out
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Matched => "matched",
        Verdict::Partial => "partial",
        Verdict::Missing => "missing",
    }
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    line: usize,
    column: usize,
    text: &'a str,
    how: &'a crate::extract::How,
    /// The JSON path of the line in a JSON Resume.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

fn skills_json(tax: &Taxonomy, hits: &[SkillHits]) -> Value {
    let mut sorted: Vec<&SkillHits> = hits.iter().collect();
    sorted.sort_by(|a, b| tax.skill(a.skill).id.cmp(&tax.skill(b.skill).id));
    Value::Array(
        sorted
            .iter()
            .map(|h| {
                let s = tax.skill(h.skill);
                json!({
                    "id": s.id,
                    "name": s.name,
                    "category": s.category,
                    "evidence": h.mentions.iter().map(|m| EvidenceJson {
                        line: m.line,
                        column: m.column,
                        text: &m.text,
                        how: &m.how,
                        path: m.origin.as_deref(),
                    }).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn ids(tax: &Taxonomy, v: &[SkillId]) -> Vec<String> {
    v.iter().map(|&s| tax.skill(s).id.clone()).collect()
}

fn result_json(tax: &Taxonomy, a: &Analysis, r: &RequirementResult) -> Value {
    let s = tax.skill(r.member);
    let via = match r.via {
        Via::Direct => json!({"kind": "direct"}),
        Via::Implied { from } => json!({"kind": "implied", "from": tax.skill(from).id}),
        Via::Related { from } => json!({"kind": "related", "from": tax.skill(from).id}),
        Via::None => Value::Null,
    };
    let evidence = match r.via {
        Via::Direct => evidence_of(&a.resume_skills, r.member),
        Via::Implied { from } | Via::Related { from } => evidence_of(&a.resume_skills, from),
        Via::None => None,
    };
    json!({
        "id": s.id,
        "name": s.name,
        "importance": r.requirement.importance,
        "any_of": ids(tax, &r.requirement.any_of),
        "line": r.requirement.line,
        "text": r.requirement.text,
        "via": via,
        "resume_line": evidence.map(|m| m.line),
    })
}

/// The analysis as versioned JSON (see README, "JSON output").
pub fn json(tax: &Taxonomy, a: &Analysis) -> Value {
    let by = |v: Verdict| -> Vec<Value> {
        a.results
            .iter()
            .filter(|r| r.verdict == v)
            .map(|r| result_json(tax, a, r))
            .collect()
    };
    let requirements: Vec<Value> = a
        .job
        .requirements
        .iter()
        .map(|r| {
            json!({
                "any_of": ids(tax, &r.any_of),
                "importance": r.importance,
                "line": r.line,
                "text": r.text,
                "group": r.group,
            })
        })
        .collect();
    let years: Vec<Value> = a
        .years
        .iter()
        .map(|y| {
            json!({
                "skill": y.requirement.skill.map(|s| tax.skill(s).id.clone()),
                "min_years": y.requirement.min_years,
                "max_years": y.requirement.max_years,
                "importance": y.requirement.importance,
                "line": y.requirement.line,
                "text": y.requirement.text,
                "have_years": y.have,
                "met": y.met,
            })
        })
        .collect();
    let plan: Vec<Value> = a
        .plan
        .iter()
        .map(|item| {
            let s = tax.skill(item.skill);
            let (reason, of, importance) = match &item.reason {
                PlanReason::Gap {
                    importance,
                    partial,
                    ..
                } => (
                    if *partial { "partial" } else { "gap" },
                    Value::Null,
                    json!(importance),
                ),
                PlanReason::Prerequisite { of } => {
                    ("prerequisite", json!(tax.skill(*of).id), Value::Null)
                }
            };
            json!({
                "id": s.id,
                "name": s.name,
                "reason": reason,
                "prerequisite_of": of,
                "importance": importance,
                "effort_hours": s.effort_hours,
                "steps": s.learn,
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gapcheck", "version": env!("CARGO_PKG_VERSION")},
        "score": a.score,
        "resume": {
            "file": a.resume_name,
            "skills": skills_json(tax, &a.resume_skills),
            "experience": {
                "total_years": (a.facts.total_years() * 10.0).round() / 10.0,
                "positions": a.facts.positions,
            },
            "degrees": a.facts.degrees,
        },
        "job": {
            "file": a.job_name,
            "skills": skills_json(tax, &a.job_skills),
            "requirements": requirements,
            "years": a.job.years.iter().map(|y| json!({
                "skill": y.skill.map(|s| tax.skill(s).id.clone()),
                "min_years": y.min_years,
                "max_years": y.max_years,
                "importance": y.importance,
                "line": y.line,
                "text": y.text,
            })).collect::<Vec<_>>(),
            "education": a.job.education,
        },
        "matched": by(Verdict::Matched),
        "partial": by(Verdict::Partial),
        "missing": by(Verdict::Missing),
        "experience": years,
        "education": {
            "verdict": a.education.verdict,
            "required": a.education.requirement,
            "have": a.education.have,
        },
        "plan": {
            "total_hours": a.plan_hours(tax),
            "items": plan,
        },
        "notes": a.notes,
        "warnings": a.warnings,
    })
}

/// `gapcheck skills FILE` as a table.
pub fn skills_text(tax: &Taxonomy, name: &str, hits: &[SkillHits], opts: &TextOptions) -> String {
    let mut t = table(opts, &["Skill", "Category", "Line:col", "Text", "How"]);
    for h in hits {
        let s = tax.skill(h.skill);
        for (k, m) in h.mentions.iter().enumerate() {
            t.add_row(vec![
                Cell::new(if k == 0 { s.name.as_str() } else { "" }),
                Cell::new(if k == 0 { s.category.as_str() } else { "" }),
                Cell::new(format!("{}:{}", m.line, m.column)),
                Cell::new(&m.text),
                Cell::new(m.how.label()),
            ]);
        }
    }
    format!("{name}: {} skills\n{t}\n", hits.len())
}

/// `gapcheck skills FILE --format json`.
pub fn skills_json_doc(tax: &Taxonomy, name: &str, hits: &[SkillHits]) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "file": name,
        "skills": skills_json(tax, hits),
    })
}

// ---------------------------------------------------------------------------------------------------
// Several reports, gates, and the CI formats

use crate::config::GateFailure;

/// Reports ranked by score (highest first), then by name: the order of every summary.
pub fn ranked(analyses: &[Analysis]) -> Vec<&Analysis> {
    let mut v: Vec<&Analysis> = analyses.iter().collect();
    v.sort_by(|a, b| b.score.cmp(&a.score).then(a.job_name.cmp(&b.job_name)));
    v
}

fn required_gaps(a: &Analysis) -> usize {
    a.missing()
        .filter(|r| r.requirement.importance == Importance::Required)
        .count()
}

/// The summary table of several reports.
pub fn summary_text(analyses: &[Analysis], opts: &TextOptions) -> String {
    let mut t = table(
        opts,
        &[
            "Rank",
            "Posting",
            "Score",
            "Matched",
            "Partial",
            "Missing",
            "Required gaps",
        ],
    );
    for (i, a) in ranked(analyses).iter().enumerate() {
        t.add_row(vec![
            Cell::new(i + 1),
            Cell::new(&a.job_name),
            Cell::new(format!("{}/100", a.score)),
            Cell::new(a.matched().count()),
            Cell::new(a.partial().count()),
            Cell::new(a.missing().count()),
            Cell::new(required_gaps(a)),
        ]);
    }
    format!("\n{}\n{t}\n", ansi(opts, "Summary", "1"))
}

/// Gate results for the text report.
pub fn gates_text(failures: &[GateFailure], gates_set: bool, opts: &TextOptions) -> String {
    if !gates_set {
        return String::new();
    }
    if failures.is_empty() {
        return format!("\n{}\n", ansi(opts, "Gates: all passed", "1;32"));
    }
    let mut out = format!("\n{}\n", ansi(opts, "Gates: FAILED", "1;31"));
    for f in failures {
        match &f.report {
            Some(r) => out.push_str(&format!("  {} ({r}): {}\n", f.gate, f.message)),
            None => out.push_str(&format!("  {}: {}\n", f.gate, f.message)),
        }
    }
    out
}

/// JSON for several reports: `{schema_version, reports[], summary[], gates}`.
pub fn json_multi(tax: &Taxonomy, analyses: &[Analysis], gates: &Value) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gapcheck", "version": env!("CARGO_PKG_VERSION")},
        "reports": analyses.iter().map(|a| json(tax, a)).collect::<Vec<_>>(),
        "summary": ranked(analyses).iter().map(|a| json!({
            "job": a.job_name,
            "score": a.score,
            "matched": a.matched().count(),
            "partial": a.partial().count(),
            "missing": a.missing().count(),
            "required_gaps": required_gaps(a),
        })).collect::<Vec<_>>(),
        "gates": gates,
    })
}

/// The `gates` object of the JSON output.
pub fn gates_json(failures: &[GateFailure], gates_set: bool) -> Value {
    json!({
        "checked": gates_set,
        "passed": failures.is_empty(),
        "failures": failures,
    })
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_label(tax: &Taxonomy, r: &Requirement) -> String {
    md_escape(
        &r.any_of
            .iter()
            .map(|&s| tax.skill(s).name.as_str())
            .collect::<Vec<_>>()
            .join(" or "),
    )
}

fn score_mark(score: u32) -> &'static str {
    match score {
        75.. => "🟢",
        50..=74 => "🟡",
        _ => "🔴",
    }
}

/// One report as GitHub-flavoured Markdown (step summaries, PR comments).
pub fn markdown(tax: &Taxonomy, a: &Analysis) -> String {
    let mut out = format!(
        "## gapcheck: {} vs {}\n\n**Score: {}/100** {} · {} matched · {} partial · {} missing\n\n",
        md_escape(&a.resume_name),
        md_escape(&a.job_name),
        a.score,
        score_mark(a.score),
        a.matched().count(),
        a.partial().count(),
        a.missing().count()
    );
    if !a.results.is_empty() {
        out.push_str("| Requirement | Importance | Verdict | Line | Evidence |\n| --- | --- | --- | ---: | --- |\n");
        for v in [Verdict::Missing, Verdict::Partial, Verdict::Matched] {
            for r in a.results.iter().filter(|r| r.verdict == v) {
                let evidence = match v {
                    Verdict::Missing => md_escape(&shorten(&r.requirement.text, 80)),
                    _ => md_escape(&via_text(tax, a, r)),
                };
                let mark = match v {
                    Verdict::Matched => "✅ matched",
                    Verdict::Partial => "🟡 partial",
                    Verdict::Missing => "❌ missing",
                };
                out.push_str(&format!(
                    "| {} | {} | {mark} | {} | {evidence} |\n",
                    md_label(tax, &r.requirement),
                    r.requirement.importance.label(),
                    line_ref(r.requirement.line),
                ));
            }
        }
        out.push('\n');
    }
    if !a.years.is_empty() || a.education.requirement.is_some() {
        out.push_str("| Experience and education | Asked | Résumé shows | Verdict |\n| --- | --- | --- | --- |\n");
        for y in &a.years {
            let what = match y.requirement.skill {
                Some(s) => format!("years with {}", tax.skill(s).name),
                None => "years of experience".to_string(),
            };
            out.push_str(&format!(
                "| {what} | {}+ | {} | {} |\n",
                fmt_years(y.requirement.min_years),
                have_years(y),
                if y.met { "✅ met" } else { "❌ short" }
            ));
        }
        if let Some(req) = &a.education.requirement {
            let have = a
                .education
                .have
                .as_ref()
                .map_or("no degree found".to_string(), |d| {
                    d.level.label().to_string()
                });
            let verdict = match a.education.verdict {
                EducationVerdict::Met => "✅ met",
                EducationVerdict::FieldDiffers => "🟡 field differs",
                EducationVerdict::Equivalent => "🟡 equivalent experience accepted",
                EducationVerdict::NotMet => "❌ not met",
                EducationVerdict::NotStated => "not stated",
            };
            out.push_str(&format!(
                "| education | {} degree | {have} | {verdict} |\n",
                req.min_level.label()
            ));
        }
        out.push('\n');
    }
    if !a.plan.is_empty() {
        out.push_str(&format!(
            "<details><summary>Learning plan ({} items, about {} hours)</summary>\n\n",
            a.plan.len(),
            a.plan_hours(tax)
        ));
        for (i, item) in a.plan.iter().enumerate() {
            let s = tax.skill(item.skill);
            let why = plan_why(tax, item);
            out.push_str(&format!("{}. **{}** ({why})\n", i + 1, md_escape(&s.name)));
            for step in &s.learn {
                out.push_str(&format!("   - {}\n", md_escape(step)));
            }
        }
        out.push_str("\n</details>\n");
    }
    if !a.notes.is_empty() {
        out.push_str("\n**Notes on the résumé**\n\n");
        for n in &a.notes {
            out.push_str(&format!("- line {}: {}\n", n.line, md_escape(&n.message)));
        }
    }
    out
}

/// Several reports as Markdown: summary table, gates, then each report.
pub fn markdown_all(
    tax: &Taxonomy,
    analyses: &[Analysis],
    failures: &[GateFailure],
    gates_set: bool,
) -> String {
    let mut out = String::from("# gapcheck report\n\n");
    if analyses.len() > 1 {
        out.push_str("| Rank | Posting | Score | Matched | Partial | Missing | Required gaps |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (i, a) in ranked(analyses).iter().enumerate() {
            out.push_str(&format!(
                "| {} | {} | {}/100 {} | {} | {} | {} | {} |\n",
                i + 1,
                md_escape(&a.job_name),
                a.score,
                score_mark(a.score),
                a.matched().count(),
                a.partial().count(),
                a.missing().count(),
                required_gaps(a)
            ));
        }
        out.push('\n');
    }
    if gates_set {
        if failures.is_empty() {
            out.push_str("**Gates: ✅ all passed**\n\n");
        } else {
            out.push_str("**Gates: ❌ failed**\n\n");
            for f in failures {
                let at = f
                    .report
                    .as_ref()
                    .map(|r| format!(" ({})", md_escape(r)))
                    .unwrap_or_default();
                out.push_str(&format!("- `{}`{at}: {}\n", f.gate, md_escape(&f.message)));
            }
            out.push('\n');
        }
    }
    for a in analyses {
        out.push_str(&markdown(tax, a));
        out.push('\n');
    }
    out
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: a warning on each posting line whose requirement is unmet.
pub fn github(tax: &Taxonomy, analyses: &[Analysis], failures: &[GateFailure]) -> String {
    let mut out = String::new();
    for a in analyses {
        out.push_str(&format!(
            "::notice title={}::{}\n",
            gh_prop("gapcheck score"),
            gh_data(&format!(
                "{} vs {}: {}/100 ({} matched, {} partial, {} missing)",
                a.resume_name,
                a.job_name,
                a.score,
                a.matched().count(),
                a.partial().count(),
                a.missing().count()
            ))
        ));
        for r in a.results.iter().filter(|r| r.verdict != Verdict::Matched) {
            let level = if r.verdict == Verdict::Missing
                && r.requirement.importance != Importance::Preferred
            {
                "warning"
            } else {
                "notice"
            };
            let what = if r.verdict == Verdict::Missing {
                "missing"
            } else {
                "partial"
            };
            let msg = format!(
                "{} {} skill: {}{}",
                what,
                r.requirement.importance.label(),
                requirement_label(tax, &r.requirement),
                match r.via {
                    Via::Related { from } =>
                        format!(" (résumé has the related {})", tax.skill(from).name),
                    _ => String::new(),
                }
            );
            if r.requirement.line > 0 {
                out.push_str(&format!(
                    "::{level} file={},line={},title={}::{}\n",
                    gh_prop(&a.job_name),
                    r.requirement.line,
                    gh_prop("gapcheck"),
                    gh_data(&msg)
                ));
            } else {
                out.push_str(&format!(
                    "::{level} title={}::{}\n",
                    gh_prop(&a.job_name),
                    gh_data(&msg)
                ));
            }
        }
    }
    for f in failures {
        let at = f.at();
        out.push_str(&format!(
            "::error title={}::{}\n",
            gh_prop(&format!("gapcheck gate {} failed", f.gate)),
            gh_data(&format!("{}{at}", f.message))
        ));
    }
    out
}

fn xml(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// JUnit XML: one test suite per posting, one test case per requirement (missing required or
/// responsibility skills fail, missing preferred ones are skipped), and a suite for the gates.
pub fn junit(
    tax: &Taxonomy,
    analyses: &[Analysis],
    failures: &[GateFailure],
    gates_set: bool,
) -> String {
    let mut suites = String::new();
    let mut total = 0;
    let mut total_fail = 0;
    for a in analyses {
        let mut cases = String::new();
        let mut fails = 0;
        let mut skipped = 0;
        for r in &a.results {
            let name = format!(
                "{} [{}]",
                requirement_label(tax, &r.requirement),
                r.requirement.importance.label()
            );
            let body = match r.verdict {
                Verdict::Matched => String::new(),
                Verdict::Partial => format!(
                    "<system-out>{}</system-out>",
                    xml(&format!("partial: {}", via_text(tax, a, r)))
                ),
                Verdict::Missing if r.requirement.importance == Importance::Preferred => {
                    skipped += 1;
                    "<skipped message=\"preferred skill missing\"/>".to_string()
                }
                Verdict::Missing => {
                    fails += 1;
                    format!(
                        "<failure type=\"missing\" message=\"{}\">{}</failure>",
                        xml(&format!(
                            "missing {} skill",
                            r.requirement.importance.label()
                        )),
                        xml(&format!(
                            "posting line {}: {}",
                            line_ref(r.requirement.line),
                            r.requirement.text
                        ))
                    )
                }
            };
            cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">{body}</testcase>\n",
                xml(&a.job_name),
                xml(&name),
                xml(&a.job_name),
                r.requirement.line
            ));
        }
        total += a.results.len();
        total_fail += fails;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\" errors=\"0\" skipped=\"{skipped}\">\n    <properties><property name=\"score\" value=\"{}\"/><property name=\"resume\" value=\"{}\"/></properties>\n{cases}  </testsuite>\n",
            xml(&a.job_name),
            a.results.len(),
            a.score,
            xml(&a.resume_name)
        ));
    }
    if gates_set {
        let mut cases = String::new();
        for f in failures {
            let at = f.at();
            cases.push_str(&format!(
                "    <testcase classname=\"gates\" name=\"{}\"><failure type=\"gate\" message=\"{}\"/></testcase>\n",
                xml(&format!("{}{at}", f.gate)),
                xml(&f.message)
            ));
        }
        if failures.is_empty() {
            cases.push_str("    <testcase classname=\"gates\" name=\"all gates\"/>\n");
        }
        let n = failures.len().max(1);
        total += n;
        total_fail += failures.len();
        suites.push_str(&format!(
            "  <testsuite name=\"gates\" tests=\"{n}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            failures.len()
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gapcheck\" tests=\"{total}\" failures=\"{total_fail}\">\n{suites}</testsuites>\n"
    )
}
