//! Skill extraction: the taxonomy compiled once into a matcher (exact token-sequence index, a compact
//! index for spacing variants, a deletion-neighbourhood index for misspellings), then one linear pass
//! per document producing mentions with evidence. Ambiguous names count only with supporting context.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Serialize;

use crate::input::Document;
use crate::taxonomy::{SkillId, Taxonomy};
use crate::text::{Line, SectionKind, Token, push_compact, tokenize_into};

/// Ordinary English words (6+ letters) that are never read as misspelt skill names.
const ENGLISH_WORDS: &str = include_str!("../data/english-words.txt");

/// Function words never joined with a neighbour for fuzzy matching ("back and" is not "backend").
const STOPWORDS: &[&str] = &[
    "and", "the", "for", "with", "our", "you", "your", "are", "was", "has", "have", "its", "not",
    "but", "all", "any", "can", "may", "per", "via", "who", "how", "why", "out", "use", "new",
    "own", "from", "into", "onto", "that", "this", "than", "then", "they", "them", "will", "also",
    "able", "well",
];

/// Shortest spelling (in characters) that fuzzy matching applies to.
pub const FUZZY_MIN_LEN: usize = 6;
/// Longest window of tokens joined for spacing variants ("scikit learn" → "scikitlearn").
const MAX_COMPACT_WINDOW: usize = 3;
/// How far (in tokens) a context word may stand from an ambiguous mention.
const CONTEXT_WINDOW: usize = 8;

/// How a mention was matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum How {
    /// The skill's name, case-insensitively.
    Exact,
    /// One of the skill's aliases.
    Alias { alias: String },
    /// A spacing or punctuation variant of a name or alias ("Tensor Flow", "NodeJS").
    Variant { of: String },
    /// A likely misspelling of a name or alias.
    Fuzzy { of: String, score: f64 },
}

impl How {
    /// Short label for tables: `exact`, `alias`, `variant`, `fuzzy 0.89`.
    pub fn label(&self) -> String {
        match self {
            How::Exact => "exact".into(),
            How::Alias { alias } => format!("alias \"{alias}\""),
            How::Variant { of } => format!("variant of \"{of}\""),
            How::Fuzzy { of, score } => format!("misspelling of \"{of}\", similarity {score:.2}"),
        }
    }

    pub fn is_fuzzy(&self) -> bool {
        matches!(self, How::Fuzzy { .. })
    }
}

/// One occurrence of a skill in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    #[serde(skip)]
    pub skill: SkillId,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column (in characters) in the line as read.
    pub column: usize,
    /// The text as it appears in the document.
    pub text: String,
    pub how: How,
    /// Index of the line in the document.
    #[serde(skip)]
    pub line_index: usize,
    /// Byte range in the line's normalised text.
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    /// Token range in the line.
    #[serde(skip)]
    pub tok_start: usize,
    #[serde(skip)]
    pub tok_end: usize,
    /// Whether this came from an ambiguous spelling accepted on context (for `--explain`).
    #[serde(skip)]
    pub ambiguous_support: Option<String>,
    /// Where the line came from in a structured source (a JSON Resume path), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

#[derive(Debug)]
struct Pattern {
    skill: SkillId,
    tokens: Vec<Box<str>>,
    spelling: Box<str>,
    is_name: bool,
    /// Case forms accepted for an ambiguous spelling (any one of them).
    ambiguous: Option<Vec<Box<str>>>,
}

/// The compiled taxonomy.
#[derive(Debug)]
pub struct Matcher {
    patterns: Vec<Pattern>,
    /// First token → patterns starting with it, longest first.
    first: FxHashMap<Box<str>, Vec<u32>>,
    /// Compact key (letters/digits only) → pattern, for spacing variants.
    compact: FxHashMap<Box<str>, u32>,
    /// Fuzzy keys (compact spellings of eligible patterns).
    fuzzy_keys: Vec<(Box<str>, u32)>,
    /// Deletion neighbourhood (the key and each one-character deletion) → fuzzy key indices.
    deletes: FxHashMap<Box<str>, Vec<u32>>,
    /// Per skill: context phrases as token lists.
    context: Vec<Vec<Vec<Box<str>>>>,
    /// Per skill: words that veto a mention when they follow / precede it.
    exclude_next: Vec<Vec<String>>,
    exclude_prev: Vec<Vec<String>>,
    english: FxHashSet<&'static str>,
}

/// Options for extraction.
#[derive(Debug, Clone, Copy)]
pub struct ExtractOptions {
    pub fuzzy: bool,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { fuzzy: true }
    }
}

fn compact_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for t in crate::text::phrase_tokens(s) {
        push_compact(&mut out, &t);
    }
    out
}

impl Matcher {
    /// Compiles a taxonomy. Linear in the number of spellings.
    pub fn new(tax: &Taxonomy) -> Matcher {
        let mut patterns = Vec::new();
        let mut first: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        let mut compact: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut fuzzy_keys = Vec::new();
        let mut deletes: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        for (sid, skill) in tax.skills().iter().enumerate() {
            for (k, sp) in skill.spellings().enumerate() {
                let tokens: Vec<Box<str>> = crate::text::phrase_tokens(sp)
                    .into_iter()
                    .map(String::into_boxed_str)
                    .collect();
                if tokens.is_empty() {
                    continue;
                }
                let forms: Vec<Box<str>> = skill
                    .ambiguous
                    .iter()
                    .filter(|a| {
                        let at = crate::text::phrase_tokens(a);
                        at.len() == tokens.len() && at.iter().zip(&tokens).all(|(x, y)| **x == **y)
                    })
                    .map(|a| words_of(a).into_boxed_str())
                    .collect();
                let ambiguous = (!forms.is_empty()).then_some(forms);
                let pi = patterns.len() as u32;
                first.entry(tokens[0].clone()).or_default().push(pi);
                if ambiguous.is_none() {
                    let key = compact_of(sp);
                    if key.chars().count() >= 2 {
                        compact.entry(key.clone().into_boxed_str()).or_insert(pi);
                    }
                    // Text is matched fuzzily one or two tokens at a time, so longer phrases
                    // never need (and do not get) a deletion neighbourhood.
                    let eligible = skill.fuzzy
                        && tokens.len() <= 2
                        && key.chars().count() >= FUZZY_MIN_LEN
                        && key.chars().all(|c| c.is_alphabetic());
                    if eligible {
                        let fi = fuzzy_keys.len() as u32;
                        for d in deletion_neighbourhood(&key) {
                            let e = deletes.entry(d.into_boxed_str()).or_default();
                            if !e.contains(&fi) {
                                e.push(fi);
                            }
                        }
                        fuzzy_keys.push((key.into_boxed_str(), pi));
                    }
                }
                patterns.push(Pattern {
                    skill: sid,
                    tokens,
                    spelling: sp.into(),
                    is_name: k == 0,
                    ambiguous,
                });
            }
        }
        for list in first.values_mut() {
            list.sort_by_key(|&p| std::cmp::Reverse(patterns[p as usize].tokens.len()));
        }
        let context = tax
            .skills()
            .iter()
            .map(|s| {
                s.context
                    .iter()
                    .map(|c| {
                        crate::text::phrase_tokens(c)
                            .into_iter()
                            .map(String::into_boxed_str)
                            .collect()
                    })
                    .filter(|v: &Vec<Box<str>>| !v.is_empty())
                    .collect()
            })
            .collect();
        let english = ENGLISH_WORDS.lines().collect();
        Matcher {
            patterns,
            first,
            compact,
            fuzzy_keys,
            deletes,
            context,
            exclude_next: tax
                .skills()
                .iter()
                .map(|s| s.exclude_next.clone())
                .collect(),
            exclude_prev: tax
                .skills()
                .iter()
                .map(|s| s.exclude_prev.clone())
                .collect(),
            english,
        }
    }

    /// Every mention of a skill in a document, in document order.
    pub fn extract(&self, tax: &Taxonomy, doc: &Document, opts: ExtractOptions) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut toks = Vec::new();
        let mut buf = String::new();
        for (li, line) in doc.lines.iter().enumerate() {
            tokenize_into(&line.lower, &mut toks);
            if toks.is_empty() {
                continue;
            }
            let section = doc.sections[li];
            let found = self.scan_line(line, &toks, opts, section, &mut buf);
            let before = out.len();
            self.resolve_line(tax, line, li, section, &toks, found, &mut out);
            if let Some(Some(origin)) = doc.origins.get(li) {
                for m in &mut out[before..] {
                    m.origin = Some(origin.clone());
                }
            }
        }
        out
    }

    fn token_str<'a>(line: &'a Line, t: &Token) -> &'a str {
        &line.lower[t.range()]
    }

    /// Whether tokens `i` and `i+1` are separated only by spacing/joining punctuation, so that they can
    /// be read as one word ("Tensor Flow", "Py-Torch").
    fn joinable(line: &Line, toks: &[Token], i: usize) -> bool {
        let gap = &line.lower[toks[i].end as usize..toks[i + 1].start as usize];
        let marks: Vec<char> = gap.chars().filter(|c| *c != ' ').collect();
        !gap.is_empty()
            && gap.len() <= 3
            && match marks.as_slice() {
                [] => true,
                ['-' | '/' | '&'] => true,
                // "Node.JS" joins; "teams. Management" is a sentence end.
                ['.'] => gap == ".",
                _ => false,
            }
    }

    fn scan_line(
        &self,
        line: &Line,
        toks: &[Token],
        opts: ExtractOptions,
        section: SectionKind,
        buf: &mut String,
    ) -> Vec<Raw> {
        // In a skills list, tags are often lowercase ("docker selenium jenkins go").
        let relaxed = section == SectionKind::Skills;
        // Most lines hold no address: only look for them when a '/' or "www." is there.
        let urls = if line.lower.contains('/') || line.lower.contains("www.") {
            url_spans(&line.lower)
        } else {
            Vec::new()
        };
        let mut found = Vec::new();
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, u32, How)> = None;
            let mut case_exact = true;
            if let Some(list) = self.first.get(Self::token_str(line, &toks[i])) {
                for &pi in list {
                    let p = &self.patterns[pi as usize];
                    let len = p.tokens.len();
                    if i + len > n {
                        continue;
                    }
                    if best.as_ref().is_some_and(|b| b.0 >= len) {
                        break;
                    }
                    // Words of a multi-word spelling must be joined by spacing, not by a comma
                    // ("React, Redux" is two skills, not "React Redux").
                    let all = (1..len).all(|k| {
                        Self::token_str(line, &toks[i + k]) == &*p.tokens[k]
                            && Self::joinable(line, toks, i + k - 1)
                    });
                    if !all {
                        continue;
                    }
                    let mut exact = true;
                    if let Some(forms) = &p.ambiguous {
                        match ambiguous_local_ok(line, toks, i, len, forms, relaxed) {
                            None => continue,
                            Some(e) => exact = e,
                        }
                    }
                    if self.vetoed(p.skill, line, toks, i, i + len) {
                        continue;
                    }
                    let how = if p.is_name {
                        How::Exact
                    } else {
                        How::Alias {
                            alias: p.spelling.to_string(),
                        }
                    };
                    best = Some((len, pi, how));
                    case_exact = exact;
                }
            }
            // Spacing/punctuation variants.
            buf.clear();
            for w in 1..=MAX_COMPACT_WINDOW.min(n - i) {
                if w > 1 && !Self::joinable(line, toks, i + w - 2) {
                    break;
                }
                push_compact(buf, Self::token_str(line, &toks[i + w - 1]));
                if w > 1
                    && (buf.chars().count() < 4 || !Self::compact_window_ok(line, &toks[i..i + w]))
                {
                    continue;
                }
                if best.as_ref().is_some_and(|b| b.0 >= w) {
                    continue;
                }
                if let Some(&pi) = self.compact.get(buf.as_str()) {
                    let p = &self.patterns[pi as usize];
                    best = Some((
                        w,
                        pi,
                        How::Variant {
                            of: p.spelling.to_string(),
                        },
                    ));
                    case_exact = true;
                }
            }
            if best.is_none() && opts.fuzzy {
                best = self.fuzzy_at(line, toks, i, buf);
            }
            // Vetoes hold for every kind of match ("regression tests" is not Regression).
            if let Some((len, pi, _)) = &best
                && (self.vetoed(self.patterns[*pi as usize].skill, line, toks, i, i + len)
                    || in_url(&urls, toks[i].start as usize))
            {
                best = None;
            }
            match best {
                Some((len, pi, how)) => {
                    found.push(Raw {
                        tok_start: i,
                        tok_end: i + len,
                        pattern: pi,
                        how,
                        case_exact,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }

    /// Whether words may be read run together ("Tensor Flow" as TensorFlow): not when they are written
    /// in lowercase and one is a short word ("an open cv" is not OpenCV).
    fn compact_window_ok(line: &Line, window: &[Token]) -> bool {
        let lowercase = window
            .iter()
            .all(|t| !line.norm[t.range()].chars().any(char::is_uppercase));
        !lowercase || window.iter().all(|t| t.end - t.start >= 4)
    }

    /// A likely misspelling at token `i` (alone, or joined with the next token).
    fn fuzzy_at(
        &self,
        line: &Line,
        toks: &[Token],
        i: usize,
        buf: &mut String,
    ) -> Option<(usize, u32, How)> {
        for w in 1..=2 {
            if i + w > toks.len() || (w == 2 && !Self::joinable(line, toks, i)) {
                break;
            }
            buf.clear();
            for k in 0..w {
                let t = Self::token_str(line, &toks[i + k]);
                if !t.chars().all(|c| c.is_alphabetic()) || self.english.contains(t) && w == 1 {
                    return None;
                }
                if w == 2 && (t.chars().count() < 3 || STOPWORDS.contains(&t)) {
                    return None;
                }
                buf.push_str(t);
            }
            let len = buf.chars().count();
            if len < FUZZY_MIN_LEN || (w == 1 && self.english.contains(buf.as_str())) {
                continue;
            }
            if let Some((fi, score)) = self.fuzzy_lookup(buf) {
                let (key, pi) = &self.fuzzy_keys[fi as usize];
                let p = &self.patterns[*pi as usize];
                let _ = key;
                return Some((
                    w,
                    *pi,
                    How::Fuzzy {
                        of: p.spelling.to_string(),
                        score: (score * 100.0).round() / 100.0,
                    },
                ));
            }
        }
        None
    }

    /// Best fuzzy key for a query: same first letter, Damerau-Levenshtein distance 1 (2 for keys of 10+
    /// letters), found through the deletion index.
    fn fuzzy_lookup(&self, q: &str) -> Option<(u32, f64)> {
        let mut cands: Vec<u32> = Vec::new();
        if let Some(list) = self.deletes.get(q) {
            cands.extend(list.iter().copied());
        }
        // Each one-character deletion of the query, built in one reused buffer.
        let mut d = String::with_capacity(q.len());
        for (i, c) in q.char_indices() {
            d.clear();
            d.push_str(&q[..i]);
            d.push_str(&q[i + c.len_utf8()..]);
            if let Some(list) = self.deletes.get(d.as_str()) {
                cands.extend(list.iter().copied());
            }
        }
        if cands.is_empty() {
            return None;
        }
        cands.sort_unstable();
        cands.dedup();
        let qf = q.chars().next();
        let mut best: Option<(usize, u32)> = None;
        for fi in cands {
            let key = &*self.fuzzy_keys[fi as usize].0;
            if key == q || key.chars().next() != qf {
                continue;
            }
            let max = if key.chars().count() >= 10 { 2 } else { 1 };
            let d = strsim::damerau_levenshtein(q, key);
            if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, fi));
            }
        }
        best.map(|(_, fi)| {
            let key = &*self.fuzzy_keys[fi as usize].0;
            (fi, strsim::normalized_damerau_levenshtein(q, key))
        })
    }

    /// Turns the raw matches of one line into mentions, applying the context rules to ambiguous ones.
    #[allow(clippy::too_many_arguments)]
    fn resolve_line(
        &self,
        tax: &Taxonomy,
        line: &Line,
        li: usize,
        section: SectionKind,
        toks: &[Token],
        found: Vec<Raw>,
        out: &mut Vec<Mention>,
    ) {
        if found.is_empty() {
            return;
        }
        let pending: Vec<bool> = found
            .iter()
            .map(|r| self.patterns[r.pattern as usize].ambiguous.is_some())
            .collect();
        let mut accepted: Vec<Option<String>> = vec![None; found.len()];
        for k in 0..found.len() {
            if !pending[k] {
                accepted[k] = Some(String::new());
            }
        }
        let label_line = section == SectionKind::Skills;
        let others_on_line = pending.iter().any(|p| !p);
        // Own support first (a skills section, a context word), then list neighbours in one sweep each
        // way, so that a chain "R, Go, and Python" accepts Go through Python and R through Go in linear
        // time (a fixpoint: support only flows between adjacent list items).
        for k in 0..found.len() {
            if accepted[k].is_some() {
                continue;
            }
            let r = &found[k];
            let skill = self.patterns[r.pattern as usize].skill;
            accepted[k] = if label_line && (r.case_exact || others_on_line) {
                Some("listed in a skills section".to_string())
            } else {
                self.context_word_near(line, toks, r, skill)
                    .map(|w| format!("context word \"{w}\" nearby"))
            };
        }
        let order: Vec<usize> = (0..found.len()).chain((0..found.len()).rev()).collect();
        for k in order {
            if accepted[k].is_some() {
                continue;
            }
            accepted[k] = self
                .list_neighbour(line, toks, &found, &accepted, k)
                .map(|j| {
                    let other = self.patterns[found[j].pattern as usize].skill;
                    format!("listed with {}", tax.skill(other).name)
                });
        }
        for (k, r) in found.into_iter().enumerate() {
            let Some(why) = accepted[k].take() else {
                continue;
            };
            let p = &self.patterns[r.pattern as usize];
            let start = toks[r.tok_start].start as usize;
            let end = toks[r.tok_end - 1].end as usize;
            out.push(Mention {
                skill: p.skill,
                line: line.number,
                column: line.column(start),
                text: line.slice(start, end).to_string(),
                how: r.how,
                line_index: li,
                start,
                end,
                tok_start: r.tok_start,
                tok_end: r.tok_end,
                ambiguous_support: if pending[k] { Some(why) } else { None },
                origin: None,
            });
        }
    }

    /// Whether a skill's exclude_next/exclude_prev words stand right after/before tokens `s..e`.
    fn vetoed(&self, skill: SkillId, line: &Line, toks: &[Token], s: usize, e: usize) -> bool {
        let next = toks.get(e).map(|t| &line.lower[t.range()]);
        let prev = s.checked_sub(1).map(|p| &line.lower[toks[p].range()]);
        next.is_some_and(|w| self.exclude_next[skill].iter().any(|x| x == w))
            || prev.is_some_and(|w| self.exclude_prev[skill].iter().any(|x| x == w))
    }

    fn context_word_near(
        &self,
        line: &Line,
        toks: &[Token],
        r: &Raw,
        skill: SkillId,
    ) -> Option<String> {
        let lo = r.tok_start.saturating_sub(CONTEXT_WINDOW);
        let hi = (r.tok_end + CONTEXT_WINDOW).min(toks.len());
        for phrase in &self.context[skill] {
            let n = phrase.len();
            for s in lo..hi.saturating_sub(n - 1) {
                if s + n > r.tok_start && s < r.tok_end {
                    continue;
                }
                if (0..n).all(|k| Self::token_str(line, &toks[s + k]) == &*phrase[k]) {
                    return Some(phrase.join(" "));
                }
            }
        }
        None
    }

    /// Index of a neighbouring accepted mention separated from `k` only by list punctuation.
    fn list_neighbour(
        &self,
        line: &Line,
        toks: &[Token],
        found: &[Raw],
        accepted: &[Option<String>],
        k: usize,
    ) -> Option<usize> {
        let ok = |a: usize, b: usize| -> bool {
            // a before b
            let gap_start = toks[found[a].tok_end - 1].end as usize;
            let gap_end = toks[found[b].tok_start].start as usize;
            list_gap(&line.norm[gap_start..gap_end])
        };
        if k > 0 && accepted[k - 1].is_some() && ok(k - 1, k) {
            return Some(k - 1);
        }
        if k + 1 < found.len() && accepted[k + 1].is_some() && ok(k, k + 1) {
            return Some(k + 1);
        }
        None
    }
}

#[derive(Debug)]
struct Raw {
    tok_start: usize,
    tok_end: usize,
    pattern: u32,
    how: How,
    /// For ambiguous spellings: written in an accepted case form (not just any case in a skills list).
    case_exact: bool,
}

/// The text between two list items: separators and conjunctions only ("", ", ", " or ", ", and/or ",
/// " / ", " (", "), ").
fn list_gap(gap: &str) -> bool {
    let mut has_sep = false;
    for word in gap.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '/' | '|' | ';' | '(' | ')' | '&' | '+' | '*')
    }) {
        match word.to_ascii_lowercase().as_str() {
            "" => {}
            "and" | "or" | "and/or" | "nor" | "e.g." | "e.g" | "i.e." | "ie" | "eg" | "etc"
            | "etc." => has_sep = true,
            _ => return false,
        }
    }
    has_sep || gap.contains([',', '/', '|', ';', '(', ')', '&', '+', '*'])
}

/// Byte ranges of URLs and e-mail-like addresses in a lowercase line: skills inside them are not
/// mentions ("opm.gov/policy-data-oversight/classification").
fn url_spans(lower: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for pat in ["http://", "https://", "www."] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(pat) {
            let s = from + i;
            let e = lower[s..]
                .find(char::is_whitespace)
                .map_or(lower.len(), |k| s + k);
            out.push((s, e));
            from = e.max(s + pat.len());
        }
    }
    // Bare domains with a path: "github.com/user/repo", "opm.gov/policy".
    for word in lower.split_whitespace() {
        if let Some(slash) = word.find('/') {
            let host = &word[..slash];
            let tld_ok = host.rsplit('.').next().is_some_and(|tld| {
                host.contains('.')
                    && matches!(
                        tld,
                        "com"
                            | "org"
                            | "net"
                            | "io"
                            | "gov"
                            | "edu"
                            | "dev"
                            | "ai"
                            | "co"
                            | "uk"
                            | "de"
                            | "me"
                            | "info"
                            | "app"
                            | "eu"
                            | "us"
                            | "in"
                            | "fr"
                            | "nl"
                    )
            });
            // A real path: "asp.net/c#" and "ASP.NET/MVC" are skill lists, not addresses.
            if tld_ok && word.len() - slash > 4 {
                let s = word.as_ptr() as usize - lower.as_ptr() as usize;
                out.push((s, s + word.len()));
            }
        }
    }
    out
}

fn in_url(urls: &[(usize, usize)], pos: usize) -> bool {
    urls.iter().any(|&(s, e)| pos >= s && pos < e)
}

/// A phrase with its separators reduced to single spaces, case kept ("Fine-Tuning" → "Fine Tuning").
fn words_of(s: &str) -> String {
    s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#' | '.' | '&' | '_')))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Local checks for an ambiguous spelling at token `i`: one of its case forms as written (an
/// all-lowercase form accepts any case; any form of 2+ letters also accepts ALL CAPS), not glued
/// to a neighbour by `-`, `'` or `&` ("go-to", "Julia's"), not "R & D".
fn ambiguous_local_ok(
    line: &Line,
    toks: &[Token],
    i: usize,
    n: usize,
    forms: &[Box<str>],
    relaxed: bool,
) -> Option<bool> {
    let start = toks[i].start as usize;
    let end = toks[i + n - 1].end as usize;
    let raw = &line.norm[start..end];
    // One plain word needs no separator folding (and no allocation).
    let folded;
    let seen = if n == 1 && raw.chars().all(|c| c.is_alphanumeric()) {
        raw
    } else {
        folded = words_of(raw);
        folded.as_str()
    };
    let case_ok = forms.iter().any(|form| {
        let form: &str = form;
        if seen == form {
            return true;
        }
        let letters = form.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && seen == form.to_uppercase() {
            return true;
        }
        // An all-lowercase form ("optimization") is a common word in any case: it still needs context.
        form.chars().all(|c| !c.is_uppercase()) && seen.to_lowercase() == form
    });
    if !case_ok && !relaxed {
        return None;
    }
    let glued = |g: Option<char>| matches!(g, Some('-') | Some('\'') | Some('&'));
    if glued(toks[i].glue_before) {
        return None;
    }
    if let Some(next) = toks.get(i + n)
        && glued(next.glue_before)
    {
        // "Spark-based" and "Go-powered" are mentions; "go-to" and "R-squared" are not.
        let word = &line.lower[next.range()];
        let suffix_ok = next.glue_before == Some('-')
            && matches!(
                word,
                "based"
                    | "powered"
                    | "driven"
                    | "native"
                    | "backed"
                    | "centric"
                    | "compatible"
                    | "enabled"
                    | "heavy"
                    | "first"
                    | "only"
                    | "specific"
            );
        if !suffix_ok {
            return None;
        }
    }
    let after = &line.norm[end..];
    let before = &line.norm[..start];
    let single_letter = seen.chars().count() == 1;
    if single_letter {
        // "R & D", "R  &  D"
        if after.trim_start().starts_with('&') {
            return None;
        }
        // Initials: "Akella, R. (2013)", "R. J. Smith", "Smith, R.,"
        if let Some(rest) = after.strip_prefix('.') {
            let next = rest.trim_start();
            let mut cs = next.chars();
            let initial_chain =
                matches!((cs.next(), cs.next()), (Some(c), Some('.')) if c.is_uppercase());
            if next.starts_with(['(', ',']) || initial_chain {
                return None;
            }
        }
        let prev_word_capitalised_then_punct = {
            let b = before.trim_end();
            (b.ends_with(',') || b.ends_with('.'))
                && b[..b.len() - 1]
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .is_some_and(|w| {
                        w.len() > 2 && w.chars().next().is_some_and(char::is_uppercase)
                    })
        };
        if prev_word_capitalised_then_punct && after.starts_with('.') {
            return None;
        }
    }
    Some(case_ok)
}

/// The key itself and every string obtained by deleting one character.
fn deletion_neighbourhood(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut out = Vec::with_capacity(chars.len() + 1);
    out.push(key.to_string());
    for skip in 0..chars.len() {
        let s: String = chars
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != skip)
            .map(|(_, c)| *c)
            .collect();
        out.push(s);
    }
    out
}

/// Extraction result for one document, grouped per skill.
#[derive(Debug, Clone)]
pub struct SkillHits {
    pub skill: SkillId,
    pub mentions: Vec<Mention>,
}

/// Groups mentions per skill, ordered by first occurrence then id (deterministic).
pub fn group(tax: &Taxonomy, mentions: &[Mention]) -> Vec<SkillHits> {
    let mut order: Vec<SkillId> = Vec::new();
    let mut map: HashMap<SkillId, Vec<Mention>> = HashMap::new();
    for m in mentions {
        map.entry(m.skill)
            .or_insert_with(|| {
                order.push(m.skill);
                Vec::new()
            })
            .push(m.clone());
    }
    let _ = tax;
    order
        .into_iter()
        .map(|s| SkillHits {
            skill: s,
            mentions: map.remove(&s).unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
