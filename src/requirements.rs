//! Reading a posting the way a recruiter does: requirements with importance and any-of groups, years of
//! experience, education; and the matching facts of a résumé (positions with dates, degrees).
//! Renders nothing.

use std::collections::HashMap;

use regex_lite::Regex;
use serde::Serialize;
use std::sync::OnceLock;

use crate::extract::Mention;
use crate::input::Document;
use crate::taxonomy::{SkillId, Taxonomy};
use crate::text::SectionKind;

/// How much a requirement matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    /// Stated as a requirement or qualification (or not qualified at all).
    Required,
    /// Named among the duties of the role.
    Responsibility,
    /// Nice to have, preferred, a plus.
    Preferred,
}

impl Importance {
    /// Weight in the score (see README, "Score").
    pub fn weight(self) -> f64 {
        match self {
            Importance::Required => 3.0,
            Importance::Responsibility => 2.0,
            Importance::Preferred => 1.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Importance::Required => "required",
            Importance::Responsibility => "responsibility",
            Importance::Preferred => "preferred",
        }
    }
}

/// One skill requirement: satisfied by any of its members.
#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    #[serde(skip)]
    pub any_of: Vec<SkillId>,
    pub importance: Importance,
    /// 1-based line of the posting (0 for role profiles).
    pub line: usize,
    /// The clause it was read from.
    pub text: String,
    /// Why the members form one any-of group ("or" list, "such as", "(at least one)"…), if they do.
    pub group: Option<String>,
}

/// A minimum of years of experience, overall or with a skill.
#[derive(Debug, Clone, Serialize)]
pub struct YearsRequirement {
    #[serde(skip)]
    pub skill: Option<SkillId>,
    pub min_years: f64,
    pub max_years: Option<f64>,
    pub importance: Importance,
    pub line: usize,
    pub text: String,
}

/// Degree levels, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    Associate,
    Bachelor,
    Master,
    Phd,
}

impl DegreeLevel {
    pub fn label(self) -> &'static str {
        match self {
            DegreeLevel::Associate => "associate's",
            DegreeLevel::Bachelor => "bachelor's",
            DegreeLevel::Master => "master's",
            DegreeLevel::Phd => "PhD",
        }
    }

    pub fn parse(s: &str) -> Option<DegreeLevel> {
        match s.to_ascii_lowercase().as_str() {
            "associate" => Some(DegreeLevel::Associate),
            "bachelor" => Some(DegreeLevel::Bachelor),
            "master" => Some(DegreeLevel::Master),
            "phd" => Some(DegreeLevel::Phd),
            _ => None,
        }
    }
}

/// An education requirement of a posting.
#[derive(Debug, Clone, Serialize)]
pub struct EducationRequirement {
    pub min_level: DegreeLevel,
    /// Fields of study named (canonical names); empty means any field.
    pub fields: Vec<String>,
    /// "or a related field".
    pub related_field_ok: bool,
    /// "or equivalent practical experience".
    pub equivalent_experience_ok: bool,
    pub importance: Importance,
    pub line: usize,
    pub text: String,
}

/// Everything a posting (or role profile) asks for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct JobProfile {
    pub requirements: Vec<Requirement>,
    pub years: Vec<YearsRequirement>,
    pub education: Vec<EducationRequirement>,
}

impl JobProfile {
    /// The profile without the given skills (requirements left empty are dropped).
    pub fn without(mut self, ignore: &[SkillId]) -> JobProfile {
        if ignore.is_empty() {
            return self;
        }
        for r in &mut self.requirements {
            r.any_of.retain(|s| !ignore.contains(s));
        }
        self.requirements.retain(|r| !r.any_of.is_empty());
        self.years
            .retain(|y| y.skill.is_none_or(|s| !ignore.contains(&s)));
        self
    }
}

/// A year and month, for experience spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl YearMonth {
    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.trim().split_once('-')?;
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1900..=2200).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }

    /// Today's month (UTC) from the system clock.
    pub fn today() -> YearMonth {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let days = (secs / 86_400) as i64;
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        YearMonth {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m as u32,
        }
    }

    fn index(self) -> i64 {
        self.year as i64 * 12 + self.month as i64 - 1
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A position on a résumé: a dated span and the lines it covers.
#[derive(Debug, Clone, Serialize)]
pub struct Position {
    #[serde(serialize_with = "ser_ym")]
    pub start: YearMonth,
    #[serde(serialize_with = "ser_ym")]
    pub end: YearMonth,
    /// Line of the date range.
    pub line: usize,
    pub text: String,
    /// Line indexes covered (first, last), inclusive.
    #[serde(skip)]
    pub lines: (usize, usize),
}

fn ser_ym<S: serde::Serializer>(ym: &YearMonth, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ym.to_string())
}

impl Position {
    /// Length in years (months / 12), counting both end months.
    pub fn years(&self) -> f64 {
        ((self.end.index() - self.start.index() + 1).max(0)) as f64 / 12.0
    }
}

/// A degree on a résumé.
#[derive(Debug, Clone, Serialize)]
pub struct Degree {
    pub level: DegreeLevel,
    pub fields: Vec<String>,
    pub line: usize,
    pub text: String,
}

/// Dated experience and education read from a résumé.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResumeFacts {
    pub positions: Vec<Position>,
    pub degrees: Vec<Degree>,
}

impl ResumeFacts {
    /// Total experience in years: the union of position spans.
    pub fn total_years(&self) -> f64 {
        union_months(
            self.positions
                .iter()
                .map(|p| (p.start.index(), p.end.index())),
        ) as f64
            / 12.0
    }

    /// Years with a skill: the union of the spans of positions whose lines mention it (directly or
    /// through a skill that implies it).
    pub fn years_with(&self, tax: &Taxonomy, mentions: &[Mention], skill: SkillId) -> f64 {
        let spans = self.positions.iter().filter(|p| {
            mentions.iter().any(|m| {
                (p.lines.0..=p.lines.1).contains(&m.line_index)
                    && (m.skill == skill || tax.ancestors(m.skill).contains(&skill))
            })
        });
        union_months(spans.map(|p| (p.start.index(), p.end.index()))) as f64 / 12.0
    }

    pub fn highest_degree(&self) -> Option<&Degree> {
        self.degrees.iter().max_by_key(|d| d.level)
    }
}

fn union_months(spans: impl Iterator<Item = (i64, i64)>) -> i64 {
    let mut v: Vec<(i64, i64)> = spans.filter(|(a, b)| b >= a).collect();
    v.sort_unstable();
    let mut total = 0;
    let mut cur: Option<(i64, i64)> = None;
    for (a, b) in v {
        match cur {
            Some((ca, cb)) if a <= cb + 1 => cur = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca + 1;
                cur = Some((a, b));
            }
            None => cur = Some((a, b)),
        }
    }
    if let Some((ca, cb)) = cur {
        total += cb - ca + 1;
    }
    total
}

// ---------------------------------------------------------------------------------------------------
// Clauses

/// A clause of a line: byte range in the line's normalised text.
#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
}

/// Splits a line into clauses at sentence ends (". " before a capital or digit), ';', '!', '?'. Keeps
/// "e.g." and "i.e." and decimals together.
fn clauses(norm: &str) -> Vec<Clause> {
    let b = norm.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let split = match c {
            b';' | b'!' | b'?' => true,
            b'.' => {
                let next = norm[i + 1..].chars().next();
                let after = norm[i + 1..].trim_start().chars().next();
                let before = norm[..i]
                    .rsplit(|ch: char| !ch.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                let abbrev = matches!(
                    before.to_ascii_lowercase().as_str(),
                    "e" | "g"
                        | "i"
                        | "etc"
                        | "vs"
                        | "incl"
                        | "approx"
                        | "min"
                        | "e.g"
                        | "i.e"
                        | "st"
                        | "dr"
                        | "mr"
                        | "ms"
                ) || before.len() == 1;
                next.is_some_and(|n| n == ' ')
                    && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || a == '(')
                    && !abbrev
            }
            _ => false,
        };
        if split {
            if i > start {
                out.push(Clause { start, end: i });
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < b.len() {
        out.push(Clause {
            start,
            end: b.len(),
        });
    }
    out
}

/// One pattern of [`crate::patterns`]: its sparse DFAs, compiled by `build.rs` and embedded,
/// searched in place (the DFAs are checked once, on first use), and the same pattern compiled with
/// regex-lite on first use only where the DFAs are of no help: for capture groups, which a DFA
/// does not have (regex-lite then runs on the match alone), or if the embedded DFAs cannot be read.
struct Pattern {
    name: &'static str,
    forward: &'static [u8],
    reverse: &'static [u8],
    dfa: OnceLock<Option<DfaRegex>>,
    lite: OnceLock<Option<Regex>>,
}

type DfaRegex = regex_automata::dfa::regex::Regex<regex_automata::dfa::sparse::DFA<&'static [u8]>>;

/// The [`Pattern`] of that name, with its embedded DFAs.
macro_rules! pattern {
    ($name:literal) => {
        Pattern {
            name: $name,
            forward: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".fwd.dfa")),
            reverse: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".rev.dfa")),
            dfa: OnceLock::new(),
            lite: OnceLock::new(),
        }
    };
}

impl Pattern {
    fn dfa(&self) -> Option<&DfaRegex> {
        self.dfa
            .get_or_init(|| {
                use regex_automata::dfa::sparse::DFA;
                // SAFETY: the bytes were written by regex-automata's own serializer in `build.rs`
                // of this very build, from the patterns of `crate::patterns`, and are embedded
                // in the binary: they are as trusted as the code. This skips only the walk over
                // every transition that `from_bytes` does (a quarter of a millisecond a run for
                // bytes that cannot be wrong); the header, endianness and sizes are still checked,
                // and a test reads every DFA with the checking `from_bytes`.
                let (forward, _) = unsafe { DFA::from_bytes_unchecked(self.forward) }.ok()?;
                let (reverse, _) = unsafe { DFA::from_bytes_unchecked(self.reverse) }.ok()?;
                Some(regex_automata::dfa::regex::Regex::builder().build_from_dfas(forward, reverse))
            })
            .as_ref()
    }

    fn lite(&self) -> Option<&Regex> {
        self.lite
            .get_or_init(|| {
                let source = crate::patterns::all()
                    .into_iter()
                    .find(|(n, _)| *n == self.name)?
                    .1;
                Regex::new(&source).ok()
            })
            .as_ref()
    }

    /// The byte range of the leftmost-first match starting at `at` or later (what comes before
    /// `at` is still seen by `\b`).
    fn find_range(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        if let Some(dfa) = self.dfa() {
            let input = regex_automata::Input::new(text.as_bytes()).range(at..);
            match dfa.find(input) {
                None => return None,
                // A class such as `[^0-9A-Za-z_]` matches one byte in the DFA and one character
                // in regex-lite: a match ending inside a character is taken from regex-lite.
                Some(m) if text.is_char_boundary(m.start()) && text.is_char_boundary(m.end()) => {
                    return Some((m.start(), m.end()));
                }
                Some(_) => {}
            }
        }
        self.lite()?.find_at(text, at).map(|m| (m.start(), m.end()))
    }

    fn is_match(&self, text: &str) -> bool {
        match self.dfa() {
            Some(dfa) => dfa.is_match(text.as_bytes()),
            None => self.lite().is_some_and(|re| re.is_match(text)),
        }
    }

    /// The text of the leftmost-first match.
    fn find<'t>(&self, text: &'t str) -> Option<&'t str> {
        let (s, e) = self.find_range(text, 0)?;
        text.get(s..e)
    }

    /// The capture groups of the leftmost-first match: found by the DFA, its groups read by
    /// regex-lite from the match's start (so `\b` still sees what precedes it).
    fn captures<'t>(&self, text: &'t str) -> Option<regex_lite::Captures<'t>> {
        let (s, _) = self.find_range(text, 0)?;
        self.lite()?.captures_at(text, s)
    }

    /// The capture groups of every match, left to right.
    fn captures_iter<'t>(&self, text: &'t str) -> Vec<regex_lite::Captures<'t>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some((s, e)) = self.find_range(text, at) else {
                break;
            };
            let Some(c) = self.lite().and_then(|re| re.captures_at(text, s)) else {
                break;
            };
            out.push(c);
            // Matches are never empty; step past this one.
            at = e.max(s + 1);
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
        }
        out
    }
}

/// Whether a clause holds a literal without which [`PREFERRED_MARK`] cannot match.
fn may_mark_preferred(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "plus",
        "bonus",
        "advantage",
        "asset",
        "prefer",
        "ideal",
        "desir",
        "nice",
        "benefic",
        "would",
        "required",
        "optional",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

static PREFERRED_MARK: Pattern = pattern!("preferred_mark");

static ANY_OF_BEFORE: Pattern = pattern!("any_of_before");

static ANY_OF_AFTER: Pattern = pattern!("any_of_after");

#[derive(Debug, Clone, Copy, PartialEq)]
enum Link {
    /// ", " only.
    Comma,
    /// "and" (not "and/or").
    And,
    /// "or", "and/or", "/".
    Or,
    /// Anything else: the list ends here.
    Break,
}

fn link_of(gap: &str) -> Link {
    let mut has_or = false;
    let mut has_and = false;
    let mut has_comma = false;
    let lower = gap.to_ascii_lowercase();
    let mut words = 0;
    for w in lower.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')')) {
        match w {
            "" => {}
            "or" | "and/or" | "/" | "nor" => has_or = true,
            "and" | "&" | "as" | "well" | "plus" => has_and = true,
            w if w.chars().all(|c| c == '/') => has_or = true,
            _ => {
                words += 1;
            }
        }
    }
    if gap.contains(',') {
        has_comma = true;
    }
    if gap.trim().starts_with('/') || gap.trim() == "/" {
        has_or = true;
    }
    if words > 0 {
        return Link::Break;
    }
    if has_or {
        Link::Or
    } else if has_and {
        Link::And
    } else if has_comma || gap.trim().is_empty() {
        Link::Comma
    } else {
        Link::Break
    }
}

/// Importance of a posting line from its section; `None` for sections that state no requirements.
fn section_importance(kind: SectionKind) -> Option<Importance> {
    match kind {
        SectionKind::Preferred => Some(Importance::Preferred),
        SectionKind::Responsibilities | SectionKind::Summary => Some(Importance::Responsibility),
        SectionKind::About => None,
        _ => Some(Importance::Required),
    }
}

/// Reads a posting's requirements from its mentions.
pub fn job_profile(tax: &Taxonomy, doc: &Document, mentions: &[Mention]) -> JobProfile {
    let mut by_line: HashMap<usize, Vec<&Mention>> = HashMap::new();
    for m in mentions {
        by_line.entry(m.line_index).or_default().push(m);
    }
    let mut reqs: Vec<Requirement> = Vec::new();
    let mut years = Vec::new();
    let mut education = Vec::new();
    for (li, line) in doc.lines().enumerate() {
        if doc.is_heading[li] {
            continue;
        }
        let Some(base) = section_importance(doc.sections[li]) else {
            continue;
        };
        let line_mentions = by_line.get(&li).cloned().unwrap_or_default();
        for cl in clauses(line.norm) {
            let text = line.norm[cl.start..cl.end].trim();
            if text.is_empty() {
                continue;
            }
            let importance = if may_mark_preferred(text) && PREFERRED_MARK.is_match(text) {
                Importance::Preferred
            } else {
                base
            };
            let ms: Vec<&Mention> = line_mentions
                .iter()
                .copied()
                .filter(|m| m.start >= cl.start && m.end <= cl.end)
                .collect();
            for (any_of, group) in groups(line.norm, cl, &ms) {
                reqs.push(Requirement {
                    any_of,
                    importance,
                    line: line.number,
                    text: text.to_string(),
                    group,
                });
            }
            years.extend(years_in(tax, line.norm, cl, &ms, importance, line.number));
            if let Some(e) = education_in(text, importance, line.number) {
                education.push(e);
            }
        }
    }
    JobProfile {
        requirements: dedup_requirements(reqs),
        years: dedup_years(years),
        education,
    }
}

/// Splits a clause's mentions into requirements: any-of groups and single skills.
fn groups(norm: &str, cl: Clause, ms: &[&Mention]) -> Vec<(Vec<SkillId>, Option<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ms.len() {
        // A run: mentions joined by list links.
        let mut j = i;
        let mut links = Vec::new();
        while j + 1 < ms.len() {
            let l = link_of(&norm[ms[j].end..ms[j + 1].start]);
            if l == Link::Break {
                break;
            }
            links.push(l);
            j += 1;
        }
        let run = &ms[i..=j];
        let before = &norm[cl.start..run[0].start];
        let after_end = ms.get(j + 1).map_or(cl.end, |m| m.start);
        let after = &norm[run[run.len() - 1].end..after_end];
        let marker = if run.len() < 2 {
            None
        } else if let Some(m) = ANY_OF_BEFORE.find(before) {
            Some(format!(
                "\"{}\"",
                m.trim().trim_end_matches(['(', ':']).trim()
            ))
        } else if let Some(m) = ANY_OF_AFTER.find(after) {
            Some(format!(
                "\"{}\"",
                m.trim().trim_start_matches([')', ',']).trim()
            ))
        } else if in_parentheses(before, after) {
            Some("a parenthesised list of examples".to_string())
        } else {
            None
        };
        if let Some(why) = marker {
            push_group(&mut out, run, Some(why));
        } else if links.contains(&Link::Or) {
            // Split at explicit "and": "Java or Kotlin and JavaScript or TypeScript" is two groups.
            let mut s = 0;
            for (k, l) in links.iter().enumerate() {
                if *l == Link::And {
                    push_or_run(&mut out, &run[s..=k], &links[s..k]);
                    s = k + 1;
                }
            }
            push_or_run(&mut out, &run[s..], &links[s..]);
        } else {
            for m in run {
                push_group(&mut out, std::slice::from_ref(m), None);
            }
        }
        i = j + 1;
    }
    out
}

fn push_or_run(out: &mut Vec<(Vec<SkillId>, Option<String>)>, run: &[&Mention], links: &[Link]) {
    if links.contains(&Link::Or) {
        push_group(out, run, Some("an \"or\" list".to_string()));
    } else {
        for m in run {
            push_group(out, std::slice::from_ref(m), None);
        }
    }
}

fn push_group(
    out: &mut Vec<(Vec<SkillId>, Option<String>)>,
    run: &[&Mention],
    why: Option<String>,
) {
    let mut ids: Vec<SkillId> = Vec::new();
    for m in run {
        if !ids.contains(&m.skill) {
            ids.push(m.skill);
        }
    }
    let why = if ids.len() > 1 { why } else { None };
    out.push((ids, why));
}

fn in_parentheses(before: &str, after: &str) -> bool {
    let open = before.rfind('(');
    let close = before.rfind(')');
    let opened = match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    };
    opened && after.trim_start().starts_with(')')
}

/// Merges requirements with the same members: the most important wins, the first line is kept.
fn dedup_requirements(reqs: Vec<Requirement>) -> Vec<Requirement> {
    let mut out: Vec<Requirement> = Vec::new();
    for r in reqs {
        let mut key = r.any_of.clone();
        key.sort_unstable();
        if let Some(existing) = out.iter_mut().find(|e| {
            let mut k = e.any_of.clone();
            k.sort_unstable();
            k == key
        }) {
            if r.importance < existing.importance {
                existing.importance = r.importance;
                existing.line = r.line;
                existing.text = r.text;
                existing.group = r.group;
            }
        } else {
            out.push(r);
        }
    }
    out
}

fn dedup_years(v: Vec<YearsRequirement>) -> Vec<YearsRequirement> {
    let mut out: Vec<YearsRequirement> = Vec::new();
    for y in v {
        if let Some(e) = out.iter_mut().find(|e| e.skill == y.skill) {
            if y.min_years > e.min_years {
                *e = y;
            }
        } else {
            out.push(y);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Years

static YEARS: Pattern = pattern!("years");

static OF_THEM: Pattern = pattern!("of_them");

fn parse_num(s: &str) -> Option<f64> {
    let words = [
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
    ];
    let l = s.to_ascii_lowercase();
    words
        .iter()
        .find(|(w, _)| *w == l)
        .map(|(_, n)| *n)
        .or_else(|| l.parse().ok())
}

/// Years-of-experience requirements in one clause.
fn years_in(
    _tax: &Taxonomy,
    norm: &str,
    cl: Clause,
    ms: &[&Mention],
    importance: Importance,
    line: usize,
) -> Vec<YearsRequirement> {
    let text = &norm[cl.start..cl.end];
    let mut out = Vec::new();
    // Every match of YEARS ends in "year(s)" or "yr(s)": no need to search a clause without.
    let lower = text.to_ascii_lowercase();
    let years_text = if lower.contains("year") || lower.contains("yr") {
        text
    } else {
        ""
    };
    for c in YEARS.captures_iter(years_text) {
        let Some(whole) = c.get(0) else { continue };
        let Some(min) = c.get(1).and_then(|m| parse_num(m.as_str())) else {
            continue;
        };
        let max = c.get(3).and_then(|m| parse_num(m.as_str()));
        let tail = &text[whole.end()..];
        let tail_l = tail.to_ascii_lowercase();
        let tail_words: Vec<&str> = tail_l.split_whitespace().take(8).collect();
        let head = text[..whole.start()].to_ascii_lowercase();
        // Only experience: "years of ...", "years' experience", "years in/with", or "experience" soon.
        let is_experience = tail_words.first().is_some_and(|w| {
            matches!(
                *w,
                "of" | "in"
                    | "with"
                    | "using"
                    | "experience"
                    | "working"
                    | "professional"
                    | "hands-on"
                    | "industry"
                    | "relevant"
            )
        }) || tail_words.iter().any(|w| w.starts_with("experience"))
            || head.contains("experience");
        let not_experience = tail_words.first().is_some_and(|w| {
            matches!(
                *w,
                "ago" | "old" | "history" | "warranty" | "contract" | "term"
            )
        });
        let abs_end = cl.start + whole.end();
        let abs_start = cl.start + whole.start();
        let before = ms.iter().rev().find(|m| {
            m.end <= abs_start && {
                let gap = &norm[m.end..abs_start];
                gap.split_whitespace().count() <= 1 && gap.contains('(')
            }
        });
        if !(is_experience || before.is_some()) || not_experience || min > 40.0 {
            continue;
        }
        // The skill: the first mention after the phrase within a few words ("4+ years of Python"), or
        // the mention right before it ("Python (3+ years)").
        let after = ms.iter().find(|m| {
            m.start >= abs_end && {
                let gap = &norm[abs_end..m.start];
                gap.split_whitespace().count() <= 4 && !gap.contains([',', ';', '.'])
            }
        });
        let skill = after.or(before).map(|m| m.skill);
        out.push(YearsRequirement {
            skill,
            min_years: min,
            max_years: max.filter(|&x| x > min),
            importance,
            line,
            text: text.trim().to_string(),
        });
    }
    // "at least 2 of them with Python"
    for c in OF_THEM.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let Some(min) = c.get(1).and_then(|m| parse_num(m.as_str())) else {
            continue;
        };
        let abs_end = cl.start + whole.end();
        if let Some(m) = ms
            .iter()
            .find(|m| m.start >= abs_end && norm[abs_end..m.start].split_whitespace().count() <= 3)
        {
            if out.iter().any(|y| y.skill == Some(m.skill)) {
                continue;
            }
            out.push(YearsRequirement {
                skill: Some(m.skill),
                min_years: min,
                max_years: None,
                importance,
                line,
                text: text.trim().to_string(),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Education

static PHD: Pattern = pattern!("phd");
static MASTER: Pattern = pattern!("master");
static BACHELOR: Pattern = pattern!("bachelor");
static ASSOCIATE: Pattern = pattern!("associate");

/// Fields of study: canonical name and the lowercase phrases that name it.
const FIELDS: &[(&str, &[&str])] = &[
    (
        "computer science",
        &[
            "computer science",
            "cs",
            "comp sci",
            "computing science",
            "informatics",
            "computer sciences",
        ],
    ),
    ("computer engineering", &["computer engineering"]),
    ("software engineering", &["software engineering"]),
    (
        "electrical engineering",
        &[
            "electrical engineering",
            "electronics",
            "ece",
            "eee",
            "electrical and computer engineering",
        ],
    ),
    ("engineering", &["engineering"]),
    (
        "mathematics",
        &[
            "mathematics",
            "maths",
            "math",
            "applied mathematics",
            "applied math",
        ],
    ),
    (
        "statistics",
        &["statistics", "biostatistics", "statistical science"],
    ),
    ("data science", &["data science", "data analytics"]),
    ("physics", &["physics"]),
    ("operations research", &["operations research"]),
    ("economics", &["economics", "econometrics"]),
    (
        "information technology",
        &["information technology", "information systems", "it"],
    ),
    ("finance", &["finance"]),
    ("business", &["business", "business administration"]),
    (
        "biology",
        &["biology", "bioinformatics", "computational biology"],
    ),
    ("chemistry", &["chemistry"]),
    (
        "artificial intelligence",
        &["artificial intelligence", "machine learning"],
    ),
    ("linguistics", &["linguistics", "computational linguistics"]),
];

/// Fields that count as "related" to a quantitative technical field.
const QUANTITATIVE: &[&str] = &[
    "computer science",
    "computer engineering",
    "software engineering",
    "electrical engineering",
    "engineering",
    "mathematics",
    "statistics",
    "data science",
    "physics",
    "operations research",
    "economics",
    "information technology",
    "artificial intelligence",
    "finance",
    "biology",
    "chemistry",
    "linguistics",
];

fn degree_level_in(text: &str) -> Vec<DegreeLevel> {
    // Each pattern runs only on a line holding a word it cannot match without (every alternative
    // starts at a word boundary with one of these words); the patterns run on every line of both
    // documents, and the regex engine has no literal prefilter of its own.
    let lower = text.to_ascii_lowercase();
    let (mut associate, mut bachelor, mut master, mut phd) =
        (lower.contains("a.a"), false, false, false);
    for w in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
        match w {
            "associate" | "associates" => associate = true,
            "b" | "bsc" | "btech" | "beng" | "bs" | "ba" | "be" | "undergraduate" | "4"
            | "four" | "college" | "university" => bachelor = true,
            "m" | "msc" | "mba" | "meng" | "mtech" | "mphil" | "ms" | "ma" => master = true,
            "ph" | "phd" | "doctorate" | "doctoral" | "d" | "dphil" => phd = true,
            w if w.starts_with("bachelor") => bachelor = true,
            w if w.starts_with("master") => master = true,
            _ => {}
        }
    }
    let mut v = Vec::new();
    if associate && ASSOCIATE.is_match(text) {
        v.push(DegreeLevel::Associate);
    }
    if bachelor && BACHELOR.is_match(text) {
        v.push(DegreeLevel::Bachelor);
    }
    if master && MASTER.is_match(text) {
        v.push(DegreeLevel::Master);
    }
    if phd && PHD.is_match(text) {
        v.push(DegreeLevel::Phd);
    }
    v
}

/// Whether a line holds a year: four digits in a row, or an apostrophe and two digits ('19), which
/// every date of [`DATE_RANGE`] starts with.
fn has_year(text: &str) -> bool {
    let b = text.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
            if c == b'\''
                && b.get(i + 1..i + 3)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            {
                return true;
            }
        }
    }
    false
}

fn fields_in(text: &str) -> Vec<String> {
    let lower = format!(" {} ", text.to_lowercase());
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let cleaned = format!(
        " {} ",
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let mut out: Vec<String> = Vec::new();
    for (name, phrases) in FIELDS {
        for p in *phrases {
            let short = p.len() <= 3;
            let hit = if short {
                // "CS" and "IT" only in capitals.
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == p.to_uppercase())
            } else {
                cleaned.contains(&format!(" {p} "))
            };
            if hit {
                // "engineering" alone only when no more specific engineering field matched.
                if *name == "engineering" && out.iter().any(|f| f.contains("engineering")) {
                    break;
                }
                if !out.iter().any(|f| f == name) {
                    out.push(name.to_string());
                }
                break;
            }
        }
    }
    out
}

static RELATED_FIELD: Pattern = pattern!("related_field");
static EQUIVALENT: Pattern = pattern!("equivalent");

fn education_in(text: &str, importance: Importance, line: usize) -> Option<EducationRequirement> {
    let levels = degree_level_in(text);
    let min = *levels.iter().min()?;
    Some(EducationRequirement {
        min_level: min,
        fields: fields_in(text),
        related_field_ok: RELATED_FIELD.is_match(text),
        equivalent_experience_ok: EQUIVALENT.is_match(text),
        importance,
        line,
        text: text.to_string(),
    })
}

// ---------------------------------------------------------------------------------------------------
// Résumé facts

static DATE_RANGE: Pattern = pattern!("date_range");

fn month_num(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| l.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn year_of(s: &str) -> Option<i32> {
    if let Some(two) = s.strip_prefix('\'') {
        let y: i32 = two.parse().ok()?;
        return Some(if y > 50 { 1900 + y } else { 2000 + y });
    }
    let y: i32 = s.parse().ok()?;
    (1950..=2100).contains(&y).then_some(y)
}

/// One side of a date range from capture groups starting at `base` (month-name, year, mm, yyyy, yyyy, mm,
/// yyyy); `is_end` picks December for bare years at the end of a range.
fn ym_from(c: &regex_lite::Captures, base: usize, is_end: bool) -> Option<YearMonth> {
    let g = |k: usize| c.get(base + k).map(|m| m.as_str());
    if let (Some(m), Some(y)) = (g(0), g(1)) {
        return Some(YearMonth {
            year: year_of(y)?,
            month: month_num(m)?,
        });
    }
    if let (Some(m), Some(y)) = (g(2), g(3)) {
        let month: u32 = m.parse().ok()?;
        return (1..=12).contains(&month).then_some(YearMonth {
            year: year_of(y)?,
            month,
        });
    }
    if let (Some(y), Some(m)) = (g(4), g(5)) {
        let month: u32 = m.parse().ok()?;
        return (1..=12).contains(&month).then_some(YearMonth {
            year: year_of(y)?,
            month,
        });
    }
    if let Some(y) = g(6) {
        return Some(YearMonth {
            year: year_of(y)?,
            month: if is_end { 12 } else { 1 },
        });
    }
    None
}

/// Reads dated positions and degrees from a résumé.
pub fn resume_facts(doc: &Document, as_of: YearMonth) -> ResumeFacts {
    let mut starts: Vec<(usize, YearMonth, YearMonth, String)> = Vec::new();
    let has_education_section = doc.sections.contains(&SectionKind::Education);
    let mut degrees = Vec::new();
    for (li, line) in doc.lines().enumerate() {
        let section = doc.sections[li];
        if section != SectionKind::Education
            && has_year(line.norm)
            && let Some(c) = DATE_RANGE.captures(line.norm)
        {
            let start = ym_from(&c, 1, false);
            let end = if c.get(15).is_some() {
                Some(as_of)
            } else {
                ym_from(&c, 8, true)
            };
            if let (Some(s), Some(e)) = (start, end.map(|e| e.min(as_of)))
                && s <= e
            {
                let text = c.get(0).map_or("", |m| m.as_str()).to_string();
                starts.push((li, s, e, text));
            }
        }
        if (!has_education_section || section == SectionKind::Education) && !doc.is_heading[li] {
            let levels = degree_level_in(line.norm);
            if let Some(&level) = levels.iter().max() {
                let mut fields = fields_in(line.norm);
                if fields.is_empty()
                    && let Some(next) = doc.get_line(li + 1)
                {
                    fields = fields_in(next.norm);
                }
                degrees.push(Degree {
                    level,
                    fields,
                    line: line.number,
                    text: line.norm.trim().to_string(),
                });
            }
        }
    }
    let mut positions = Vec::new();
    for (k, (li, s, e, text)) in starts.iter().enumerate() {
        // A position covers its title line just above the dates and runs until the next position.
        let first =
            if *li > 0 && !doc.line(li - 1).norm.trim().is_empty() && !doc.is_heading[li - 1] {
                li - 1
            } else {
                *li
            };
        let last = starts.get(k + 1).map_or(doc.len().saturating_sub(1), |n| {
            n.0.saturating_sub(2).max(*li)
        });
        // Stop at the next section heading.
        let last = (*li..=last)
            .find(|&x| x > *li && doc.is_heading[x])
            .map_or(last, |h| h - 1);
        positions.push(Position {
            start: *s,
            end: *e,
            line: doc.line(*li).number,
            text: text.clone(),
            lines: (first, last),
        });
    }
    ResumeFacts { positions, degrees }
}

/// Whether a résumé field satisfies a required field list.
pub fn field_matches(have: &[String], want: &EducationRequirement) -> bool {
    if want.fields.is_empty() {
        return true;
    }
    if have.iter().any(|h| want.fields.contains(h)) {
        return true;
    }
    want.related_field_ok && have.iter().any(|h| QUANTITATIVE.contains(&h.as_str()))
}

#[cfg(test)]
mod tests;
