//! Skill extraction: the taxonomy compiled once into a matcher (exact token-sequence index, a compact
//! index for spacing variants, a deletion-neighbourhood index for misspellings), then one linear pass
//! per document producing mentions with evidence. Ambiguous names count only with supporting context.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::input::Document;
use crate::taxonomy::{SkillId, Taxonomy};
use crate::text::{Line, SectionKind, Token, compact_chars, push_compact, tokenize_into};

/// Ordinary English words (6+ letters) that are never read as misspelt skill names.
const ENGLISH_WORDS: &str = include_str!("../data/english-words.txt");

/// Longest text (in characters) looked up as a misspelling; longer keys get no neighbourhood.
const MAX_FUZZY_CHARS: usize = 48;

/// The number of characters of a token made of letters only, else `None`.
fn alphabetic_len(t: &str) -> Option<usize> {
    if t.is_ascii() {
        return t
            .bytes()
            .all(|b| b.is_ascii_alphabetic())
            .then_some(t.len());
    }
    let mut n = 0;
    for c in t.chars() {
        if !c.is_alphabetic() {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Function words never joined with a neighbour for fuzzy matching ("back and" is not "backend").
fn is_stopword(t: &str) -> bool {
    matches!(
        t,
        "and"
            | "the"
            | "for"
            | "with"
            | "our"
            | "you"
            | "your"
            | "are"
            | "was"
            | "has"
            | "have"
            | "its"
            | "not"
            | "but"
            | "all"
            | "any"
            | "can"
            | "may"
            | "per"
            | "via"
            | "who"
            | "how"
            | "why"
            | "out"
            | "use"
            | "new"
            | "own"
            | "from"
            | "into"
            | "onto"
            | "that"
            | "this"
            | "than"
            | "then"
            | "they"
            | "them"
            | "will"
            | "also"
            | "able"
            | "well"
    )
}

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
    /// [`poly_hash`] of each token, compared before the strings.
    hashes: Box<[u64]>,
    spelling: Box<str>,
    /// Letters, digits, `+` and `#` of the spelling ("scikitlearn"), to confirm a variant hit;
    /// empty for ambiguous spellings, which have no variants.
    compact: Box<str>,
    is_name: bool,
    /// Case forms accepted for an ambiguous spelling (any one of them).
    ambiguous: Option<Vec<Box<str>>>,
}

/// The compiled taxonomy.
#[derive(Debug)]
pub struct Matcher {
    patterns: Vec<Pattern>,
    /// Everything known about a string (a token, or tokens read as one word), keyed by its
    /// [`poly_hash`]: one probe per token tells whether spellings start with it, whether it is
    /// the compact key of a spelling or a prefix of one, and whether it is an English word.
    /// Hits are confirmed against the strings; a hash collision can only cost time.
    vocab: FxHashMap<u64, Entry>,
    /// A Bloom filter over the hashes of every first token, compact key and prefix of a compact
    /// key: small enough to stay in cache, it answers "no" for almost every ordinary word
    /// before the (larger) `vocab` is probed.
    bloom: Bloom,
    /// Hashes of ordinary English words (6+ letters), never read as misspelt skill names.
    english: rustc_hash::FxHashSet<u64>,
    /// Runs of pattern indices (longest spelling first) that [`Entry::first`] points into.
    first_lists: Vec<u32>,
    /// `POLY_BASE` to the power `k`, for joining hashes of adjacent tokens.
    powers: Vec<u64>,
    /// Fuzzy keys (compact spellings of eligible patterns).
    fuzzy_keys: Vec<(Box<str>, u32)>,
    /// Deletion neighbourhood: the [`char_hash`] of each key and of each of its one-character
    /// deletions → a run of `delete_lists` holding the fuzzy keys that produce it. Hashes only:
    /// a collision costs one distance computation, never a wrong match.
    deletes: FxHashMap<u64, (u32, u32)>,
    /// A Bloom filter over the keys of `deletes`, to answer most probes from cache.
    delete_bloom: Bloom,
    delete_lists: Vec<u32>,
    /// Per skill: context phrases as token lists.
    context: Vec<Vec<Vec<Box<str>>>>,
    /// Per skill: words that veto a mention when they follow / precede it.
    exclude_next: Vec<Vec<String>>,
    exclude_prev: Vec<Vec<String>>,
}

/// What [`Matcher::vocab`] holds for one string.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// A run of `first_lists`: the patterns whose first token this is.
    first: (u32, u32),
    /// The pattern whose compact key this is, or [`NONE`].
    compact: u32,
    /// Spellings of several words start with this token: their run is under [`pair_key`].
    multi: bool,
}

/// The key of the patterns that start with the two tokens hashed `a` and `b`.
fn pair_key(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b.wrapping_mul(0xff51_afd7_ed55_8ccd)
}

const NONE: u32 = u32::MAX;

impl Entry {
    const EMPTY: Entry = Entry {
        first: (0, 0),
        compact: NONE,
        multi: false,
    };
}

/// A Bloom filter of 64-bit hashes with two probes: no false negatives.
#[derive(Debug)]
struct Bloom {
    bits: Vec<u64>,
    mask: u64,
}

impl Bloom {
    /// About 16 bits per item (a false-positive rate near 1.5%), at least 64 Kbit.
    fn new(items: usize) -> Bloom {
        let nbits = (items.max(1) * 16).next_power_of_two().max(1 << 16);
        Bloom {
            bits: vec![0; nbits / 64],
            mask: nbits as u64 - 1,
        }
    }

    fn probes(&self, h: u64) -> [u64; 2] {
        // splitmix64's finaliser: the polynomial hash's low bits are weak on their own.
        let mut m = h ^ (h >> 30);
        m = m.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        m ^= m >> 27;
        m = m.wrapping_mul(0x94d0_49bb_1331_11eb);
        m ^= m >> 31;
        [m & self.mask, (m >> 32) & self.mask]
    }

    fn insert(&mut self, h: u64) {
        for b in self.probes(h) {
            self.bits[(b / 64) as usize] |= 1 << (b % 64);
        }
    }

    fn may_contain(&self, h: u64) -> bool {
        self.probes(h)
            .iter()
            .all(|&b| self.bits[(b / 64) as usize] & (1 << (b % 64)) != 0)
    }
}

/// Per token of a line: its hash and entry, and the same for its compact form.
#[derive(Debug, Clone, Copy)]
struct TokInfo {
    hash: u64,
    entry: Option<Entry>,
    /// [`poly_hash`] of the token's compact form, its length in characters, and its entry.
    compact_hash: u64,
    compact_len: u32,
    compact_entry: Option<Entry>,
    /// Whether the compact form may be a compact key or a prefix of one (Bloom filter).
    compact_prefix: bool,
}

/// Buffers reused from line to line.
#[derive(Default)]
struct Scratch {
    toks: Vec<Token>,
    infos: Vec<TokInfo>,
    buf: String,
}

const POLY_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

fn poly_step(h: u64, c: char) -> u64 {
    h.wrapping_mul(POLY_BASE).wrapping_add(u64::from(c) + 1)
}

/// Polynomial hash of a string's characters: `H(ab) = H(a)·B^len(b) + H(b)`, so the hash of
/// tokens read as one word comes from the tokens' own hashes.
fn poly_hash(s: &str) -> u64 {
    if s.is_ascii() {
        s.bytes().fold(0, |h, b| poly_step(h, b as char))
    } else {
        s.chars().fold(0, poly_step)
    }
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

impl Matcher {
    /// Compiles a taxonomy. Linear in the number of spellings.
    pub fn new(tax: &Taxonomy) -> Matcher {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut vocab: FxHashMap<u64, Entry> = FxHashMap::default();
        let mut prefixes: Vec<u64> = Vec::new();
        let mut multi_starts: Vec<u64> = Vec::new();
        let mut firsts: Vec<(u64, u32)> = Vec::new();
        let mut fuzzy_keys = Vec::new();
        let mut neighbourhood: Vec<(u64, u32)> = Vec::new();
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
                let h0 = poly_hash(&tokens[0]);
                if tokens.len() == 1 {
                    firsts.push((h0, pi));
                } else {
                    firsts.push((pair_key(h0, poly_hash(&tokens[1])), pi));
                    multi_starts.push(h0);
                }
                let mut key = String::new();
                if ambiguous.is_none() {
                    for t in &tokens {
                        push_compact(&mut key, t);
                    }
                    if key.chars().count() >= 2 {
                        let mut h = 0;
                        for c in key.chars() {
                            h = poly_step(h, c);
                            prefixes.push(h);
                        }
                        let e = vocab.entry(h).or_insert(Entry::EMPTY);
                        if e.compact == NONE {
                            e.compact = pi;
                        }
                    }
                    // Text is matched fuzzily one or two tokens at a time, so longer phrases
                    // never need (and do not get) a deletion neighbourhood.
                    let eligible = skill.fuzzy
                        && tokens.len() <= 2
                        && key.chars().count() >= FUZZY_MIN_LEN
                        && key.chars().count() <= MAX_FUZZY_CHARS
                        && key.chars().all(|c| c.is_alphabetic());
                    if eligible {
                        let fi = fuzzy_keys.len() as u32;
                        let chars: Vec<char> = key.chars().collect();
                        for_each_deletion_hash(&chars, |h| neighbourhood.push((h, fi)));
                        fuzzy_keys.push((key.clone().into_boxed_str(), pi));
                    }
                }
                patterns.push(Pattern {
                    skill: sid,
                    hashes: tokens.iter().map(|t| poly_hash(t)).collect(),
                    tokens,
                    spelling: sp.into(),
                    compact: key.into_boxed_str(),
                    is_name: k == 0,
                    ambiguous,
                });
            }
        }
        neighbourhood.sort_unstable();
        neighbourhood.dedup();
        let mut deletes: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        let mut delete_bloom = Bloom::new(neighbourhood.len());
        for &(h, _) in &neighbourhood {
            delete_bloom.insert(h);
        }
        deletes.reserve(neighbourhood.len());
        let mut delete_lists = Vec::with_capacity(neighbourhood.len());
        for chunk in neighbourhood.chunk_by(|a, b| a.0 == b.0) {
            deletes.insert(chunk[0].0, (delete_lists.len() as u32, chunk.len() as u32));
            delete_lists.extend(chunk.iter().map(|&(_, fi)| fi));
        }
        // Longest spelling first; ties in taxonomy order.
        firsts.sort_unstable_by_key(|&(h, pi)| {
            (h, std::cmp::Reverse(patterns[pi as usize].tokens.len()), pi)
        });
        let mut first_lists = Vec::with_capacity(firsts.len());
        for run in firsts.chunk_by(|a, b| a.0 == b.0) {
            vocab.entry(run[0].0).or_insert(Entry::EMPTY).first =
                (first_lists.len() as u32, run.len() as u32);
            first_lists.extend(run.iter().map(|&(_, pi)| pi));
        }
        for &h in &multi_starts {
            vocab.entry(h).or_insert(Entry::EMPTY).multi = true;
        }
        let english = ENGLISH_WORDS.lines().map(poly_hash).collect();
        let mut bloom = Bloom::new(prefixes.len() + firsts.len() + multi_starts.len());
        for &h in prefixes
            .iter()
            .chain(firsts.iter().map(|(h, _)| h))
            .chain(&multi_starts)
        {
            bloom.insert(h);
        }
        let mut powers = vec![1u64; MAX_FUZZY_CHARS + 1];
        for k in 1..powers.len() {
            powers[k] = powers[k - 1].wrapping_mul(POLY_BASE);
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
        Matcher {
            patterns,
            vocab,
            bloom,
            english,
            first_lists,
            powers,
            fuzzy_keys,
            deletes,
            delete_bloom,
            delete_lists,
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
        }
    }

    /// `POLY_BASE^k`.
    fn power(&self, k: u32) -> u64 {
        match self.powers.get(k as usize) {
            Some(&p) => p,
            None => (0..k).fold(1u64, |p, _| p.wrapping_mul(POLY_BASE)),
        }
    }

    /// The entry of a hash, through the Bloom filter.
    fn lookup(&self, h: u64) -> Option<Entry> {
        if self.bloom.may_contain(h) {
            self.vocab.get(&h).copied()
        } else {
            None
        }
    }

    /// Fills `infos` with the hash entries of each token of a line.
    fn token_infos(&self, line: &Line, toks: &[Token], infos: &mut Vec<TokInfo>) {
        infos.clear();
        for t in toks {
            let s = Self::token_str(line, t);
            let h = poly_hash(s);
            let maybe = self.bloom.may_contain(h);
            let entry = if maybe {
                self.vocab.get(&h).copied()
            } else {
                None
            };
            // A plain token ("python", "c++") is its own compact form.
            let plain = !s.starts_with('.')
                && s.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'+' || b == b'#'
                });
            let info = if plain {
                TokInfo {
                    hash: h,
                    entry,
                    compact_hash: h,
                    compact_len: s.len() as u32,
                    compact_entry: entry,
                    compact_prefix: maybe,
                }
            } else {
                let (mut ch, mut n) = (0u64, 0u32);
                for c in compact_chars(s) {
                    ch = poly_step(ch, c);
                    n += 1;
                }
                TokInfo {
                    hash: h,
                    entry,
                    compact_hash: ch,
                    compact_len: n,
                    compact_entry: self.lookup(ch),
                    compact_prefix: self.bloom.may_contain(ch),
                }
            };
            infos.push(info);
        }
    }

    /// Every mention of a skill in a document, in document order.
    pub fn extract(&self, tax: &Taxonomy, doc: &Document, opts: ExtractOptions) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut sc = Scratch::default();
        for (li, line) in doc.lines.iter().enumerate() {
            tokenize_into(&line.lower, &mut sc.toks);
            if sc.toks.is_empty() {
                continue;
            }
            let section = doc.sections[li];
            let found = self.scan_line(line, opts, section, &mut sc);
            let before = out.len();
            self.resolve_line(tax, line, li, section, &sc.toks, found, &mut out);
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
        let gap = &line.lower.as_bytes()[toks[i].end as usize..toks[i + 1].start as usize];
        if gap.is_empty() || gap.len() > 3 {
            return false;
        }
        let mut marks = gap.iter().filter(|&&c| c != b' ');
        match (marks.next(), marks.next()) {
            (None, _) => true,
            (Some(b'-' | b'/' | b'&'), None) => true,
            // "Node.JS" joins; "teams. Management" is a sentence end.
            (Some(b'.'), None) => gap == b".",
            _ => false,
        }
    }

    fn scan_line(
        &self,
        line: &Line,
        opts: ExtractOptions,
        section: SectionKind,
        sc: &mut Scratch,
    ) -> Vec<Raw> {
        let Scratch { toks, infos, buf } = sc;
        let toks: &[Token] = toks;
        self.token_infos(line, toks, infos);
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
            if let Some(e) = infos[i].entry {
                // Spellings of two or more words starting here (longest first), then of one.
                let pair = match infos.get(i + 1) {
                    Some(next) if e.multi => self
                        .lookup(pair_key(infos[i].hash, next.hash))
                        .map_or((0, 0), |p| p.first),
                    _ => (0, 0),
                };
                let run = |(s, l): (u32, u32)| &self.first_lists[s as usize..(s + l) as usize];
                for &pi in run(pair).iter().chain(run(e.first)) {
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
                    let all = p
                        .hashes
                        .iter()
                        .zip(&infos[i..i + len])
                        .all(|(&h, t)| h == t.hash)
                        && Self::token_str(line, &toks[i]) == &*p.tokens[0]
                        && (1..len).all(|k| {
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
            let (mut hash, mut chars) = (0u64, 0u32);
            for w in 1..=MAX_COMPACT_WINDOW.min(n - i) {
                if w > 1 && !Self::joinable(line, toks, i + w - 2) {
                    break;
                }
                let t = &infos[i + w - 1];
                hash = hash
                    .wrapping_mul(self.power(t.compact_len))
                    .wrapping_add(t.compact_hash);
                chars += t.compact_len;
                // Not a prefix of any compact key: no longer window can be one either.
                let prefix = if w == 1 {
                    t.compact_prefix
                } else {
                    self.bloom.may_contain(hash)
                };
                if !prefix {
                    break;
                }
                if (w > 1 && chars < 4) || best.as_ref().is_some_and(|b| b.0 >= w) {
                    continue;
                }
                let entry = if w == 1 {
                    t.compact_entry
                } else {
                    self.vocab.get(&hash).copied()
                };
                let Some(pi) = entry.map(|e| e.compact).filter(|&pi| pi != NONE) else {
                    continue;
                };
                if w > 1 && !Self::compact_window_ok(line, &toks[i..i + w]) {
                    continue;
                }
                let p = &self.patterns[pi as usize];
                buf.clear();
                for t in &toks[i..i + w] {
                    push_compact(buf, Self::token_str(line, t));
                }
                if *buf == *p.compact {
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
                best = self.fuzzy_at(line, toks, infos, i, buf);
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
        infos: &[TokInfo],
        i: usize,
        buf: &mut String,
    ) -> Option<(usize, u32, How)> {
        let t0 = Self::token_str(line, &toks[i]);
        let n0 = alphabetic_len(t0)?;
        // An English word is never a misspelling, alone or joined with the next word.
        if n0 >= FUZZY_MIN_LEN {
            if self.english.contains(&infos[i].hash) {
                return None;
            }
            if let Some(hit) = self.fuzzy_hit(t0, 1) {
                return Some(hit);
            }
        }
        // Two words read as one ("Tenser flow"): neither a function word nor a fragment.
        if i + 1 >= toks.len() || n0 < 3 || is_stopword(t0) || !Self::joinable(line, toks, i) {
            return None;
        }
        let t1 = Self::token_str(line, &toks[i + 1]);
        let n1 = alphabetic_len(t1)?;
        if n1 < 3 || n0 + n1 < FUZZY_MIN_LEN || is_stopword(t1) {
            return None;
        }
        buf.clear();
        buf.push_str(t0);
        buf.push_str(t1);
        self.fuzzy_hit(buf, 2)
    }

    fn fuzzy_hit(&self, q: &str, w: usize) -> Option<(usize, u32, How)> {
        let (fi, score) = self.fuzzy_lookup(q)?;
        let pi = self.fuzzy_keys[fi as usize].1;
        Some((
            w,
            pi,
            How::Fuzzy {
                of: self.patterns[pi as usize].spelling.to_string(),
                score: (score * 100.0).round() / 100.0,
            },
        ))
    }

    /// Best fuzzy key for a query: same first letter, Damerau-Levenshtein distance 1 (2 for keys of 10+
    /// letters), found through the deletion index.
    fn fuzzy_lookup(&self, q: &str) -> Option<(u32, f64)> {
        let mut chars = ['\0'; MAX_FUZZY_CHARS];
        let mut n = 0;
        for c in q.chars() {
            *chars.get_mut(n)? = c;
            n += 1;
        }
        let mut cands: Vec<u32> = Vec::new();
        for_each_deletion_hash(&chars[..n], |h| {
            if !self.delete_bloom.may_contain(h) {
                return;
            }
            if let Some(&(start, len)) = self.deletes.get(&h) {
                cands.extend_from_slice(&self.delete_lists[start as usize..(start + len) as usize]);
            }
        });
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

/// Calls `f` with the polynomial hash of `chars` and of each string obtained by deleting one
/// character of it, in O(1) per deletion from prefix hashes: with `P[i]` the hash of the first
/// `i` characters, deleting character `i` of an `n`-character string leaves
/// `P[i]·B^(n-1-i) + (H - P[i+1]·B^(n-1-i))`.
fn for_each_deletion_hash(chars: &[char], mut f: impl FnMut(u64)) {
    const B: u64 = 0x100_0000_01b3;
    let n = chars.len().min(MAX_FUZZY_CHARS);
    let mut prefix = [0u64; MAX_FUZZY_CHARS + 1];
    for (i, &c) in chars[..n].iter().enumerate() {
        prefix[i + 1] = prefix[i].wrapping_mul(B).wrapping_add(u64::from(c) + 1);
    }
    let whole = prefix[n];
    f(whole);
    let mut pow = 1u64; // B^(n-1-i), built from the end
    for i in (0..n).rev() {
        let rest = whole.wrapping_sub(prefix[i + 1].wrapping_mul(pow));
        f(prefix[i].wrapping_mul(pow).wrapping_add(rest));
        pow = pow.wrapping_mul(B);
    }
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
