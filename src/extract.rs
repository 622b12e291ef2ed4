//! Skill extraction: the taxonomy compiled once into a matcher (exact token-sequence index, a compact
//! index for spacing variants, a deletion-neighbourhood index for misspellings), then one linear pass
//! per document producing mentions with evidence. Ambiguous names count only with supporting context.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::input::Document;
use crate::polyhash::{POLY_BASE, poly_hash, poly_step};
use crate::taxonomy::{SkillId, Taxonomy};
use crate::text::{Line, SectionKind, Token, compact_chars, push_compact, tokenize_into};

/// Longest prefix of a compact key (in characters) put in the Bloom filter; longer windows are
/// looked up directly.
const MAX_PREFIX_CHARS: usize = 16;

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

/// A span of [`Matcher::text`].
type Span = (u32, u32);

/// One spelling of a skill. Its strings live in [`Matcher::text`] and its token lists in flat
/// arrays, so a compiled matcher is a few large buffers: quick to write to the cache and to read
/// back.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Pattern {
    skill: u32,
    /// A run of `pattern_tokens` (ids of interned tokens).
    tokens: (u32, u32),
    spelling: Span,
    is_name: bool,
    /// Case forms accepted for an ambiguous spelling (any one of them): a run of `form_spans`;
    /// empty when the spelling is not ambiguous.
    forms: (u32, u32),
}

impl Pattern {
    fn len(&self) -> usize {
        self.tokens.1 as usize
    }

    fn is_ambiguous(&self) -> bool {
        self.forms.1 > 0
    }
}

fn run<T>(v: &[T], (start, len): (u32, u32)) -> &[T] {
    v.get(start as usize..(start + len) as usize).unwrap_or(&[])
}

/// The compiled taxonomy.
#[derive(Debug, Serialize, Deserialize)]
pub struct Matcher {
    /// Every string of the patterns, end to end.
    text: String,
    patterns: Vec<Pattern>,
    /// The tokens of each pattern, as ids of `token_spans` / `token_hashes`.
    #[serde(with = "le_u32")]
    pattern_tokens: Vec<u32>,
    /// Distinct tokens of all spellings (stored once each) and their hashes.
    token_spans: Vec<Span>,
    #[serde(with = "le_u64")]
    token_hashes: Vec<u64>,
    form_spans: Vec<Span>,
    /// Everything known about a string (a token, or tokens read as one word), keyed by its
    /// [`poly_hash`]: whether spellings start with it and whether it is the compact key of a
    /// spelling. Hits are confirmed against the strings; a hash collision can only cost time.
    vocab: HashIndex,
    entries: Vec<Entry>,
    /// A Bloom filter over the hashes of every first token, compact key and prefix of a compact
    /// key: small enough to stay in cache, it answers "no" for almost every ordinary word
    /// before the (larger) `vocab` is probed.
    bloom: Bloom,
    /// Runs of pattern indices (longest spelling first) that [`Entry::first`] points into.
    #[serde(with = "le_u32")]
    first_lists: Vec<u32>,
    /// `POLY_BASE` to the power `k`, for joining hashes of adjacent tokens.
    powers: Vec<u64>,
    /// Patterns matched fuzzily (by their compact form, "scikitlearn").
    #[serde(with = "le_u32")]
    fuzzy_keys: Vec<u32>,
    /// Deletion neighbourhood: the hash of each fuzzy key and of each of its one-character
    /// deletions, sorted, with `delete_starts[i]..delete_starts[i + 1]` the run of
    /// `delete_lists` holding the keys that produce `delete_keys[i]`. Searched only when the
    /// Bloom filter says yes. Hashes only: a collision costs one distance computation, never a
    /// wrong match.
    #[serde(with = "le_u64")]
    delete_keys: Vec<u64>,
    #[serde(with = "le_u32")]
    delete_starts: Vec<u32>,
    /// A Bloom filter over the keys of `deletes`, to answer most probes from cache.
    delete_bloom: Bloom,
    #[serde(with = "le_u32")]
    delete_lists: Vec<u32>,
    /// Per skill: context phrases as token lists.
    context: Vec<Vec<Vec<Box<str>>>>,
    /// Per skill: words that veto a mention when they follow / precede it.
    exclude_next: Vec<Vec<String>>,
    exclude_prev: Vec<Vec<String>>,
}

/// An open-addressing hash index (linear probing, at most three quarters full) from 64-bit string hashes
/// to dense `u32` indices; key 0 marks an empty slot (only the empty string hashes to 0). Flat
/// arrays, so reading one back from the cache is a copy.
#[derive(Debug, Serialize, Deserialize)]
struct HashIndex {
    #[serde(with = "le_u64")]
    keys: Vec<u64>,
    #[serde(with = "le_u32")]
    values: Vec<u32>,
}

impl HashIndex {
    /// An index of `pairs` (distinct nonzero keys).
    fn new(pairs: impl ExactSizeIterator<Item = (u64, u32)>) -> HashIndex {
        // At most three quarters full: linear probing stays short, the arrays stay small.
        let bits = (pairs.len().max(4) * 4 / 3 + 1)
            .next_power_of_two()
            .trailing_zeros();
        let mut idx = HashIndex {
            keys: vec![0; 1 << bits],
            values: vec![NONE; 1 << bits],
        };
        let mask = idx.keys.len() - 1;
        for (k, v) in pairs {
            if k == 0 {
                continue;
            }
            let mut i = crate::polyhash::table_slot(k, bits);
            while idx.keys[i] != 0 && idx.keys[i] != k {
                i = (i + 1) & mask;
            }
            idx.keys[i] = k;
            idx.values[i] = v;
        }
        idx
    }

    fn get(&self, k: u64) -> Option<u32> {
        let n = self.keys.len();
        if k == 0 || n == 0 {
            return None;
        }
        let mut i = crate::polyhash::table_slot(k, n.trailing_zeros());
        loop {
            match *self.keys.get(i)? {
                0 => return None,
                x if x == k => return self.values.get(i).copied().filter(|&v| v != NONE),
                _ => i = (i + 1) & (n - 1),
            }
        }
    }

    fn is_valid(&self, values_below: usize) -> bool {
        self.keys.len().is_power_of_two()
            && self.keys.len() == self.values.len()
            && self
                .keys
                .iter()
                .zip(&self.values)
                .all(|(&k, &v)| k == 0 || (v as usize) < values_below)
    }
}

/// Serde for `Vec<u64>` as little-endian bytes (one copy instead of a varint per number).
mod le_u64 {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u64], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
        // Borrowed from the input when the format allows (postcard does): one copy, not two.
        let b: std::borrow::Cow<'de, [u8]> = serde_bytes::deserialize(d)?;
        if !b.len().is_multiple_of(8) {
            return Err(serde::de::Error::custom("u64 array of odd length"));
        }
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect())
    }
}

/// Serde for `Vec<u32>` as little-endian bytes.
mod le_u32 {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u32], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
        // Borrowed from the input when the format allows (postcard does): one copy, not two.
        let b: std::borrow::Cow<'de, [u8]> = serde_bytes::deserialize(d)?;
        if !b.len().is_multiple_of(4) {
            return Err(serde::de::Error::custom("u32 array of odd length"));
        }
        Ok(b.chunks_exact(4)
            .map(|c| {
                let mut a = [0u8; 4];
                a.copy_from_slice(c);
                u32::from_le_bytes(a)
            })
            .collect())
    }
}

/// What [`Matcher::vocab`] points to for one string.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
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
#[derive(Debug, Serialize, Deserialize)]
struct Bloom {
    #[serde(with = "le_u64")]
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

    fn is_valid(&self) -> bool {
        !self.bits.is_empty()
            && self.bits.len().is_power_of_two()
            && self.mask == self.bits.len() as u64 * 64 - 1
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

/// Hashes of ordinary English words (6+ letters, `data/english-words.txt`), never read as
/// misspelt skill names: an open-addressing table built by `build.rs`.
static ENGLISH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english.bin"));

fn is_english(hash: u64) -> bool {
    crate::polyhash::table_contains(ENGLISH, hash)
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
        let mut text = String::new();
        let push_str = |text: &mut String, v: &str| -> Span {
            let start = text.len() as u32;
            text.push_str(v);
            (start, v.len() as u32)
        };
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut token_spans: Vec<Span> = Vec::new();
        let mut token_hashes: Vec<u64> = Vec::new();
        let mut token_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut pattern_tokens: Vec<u32> = Vec::new();
        let mut form_spans: Vec<Span> = Vec::new();
        // vocab: hash → entry, built in a temporary map.
        let mut vocab: FxHashMap<u64, Entry> = FxHashMap::default();
        let mut prefixes: Vec<u64> = Vec::new();
        let mut multi_starts: Vec<u64> = Vec::new();
        let mut firsts: Vec<(u64, u32)> = Vec::new();
        let mut fuzzy_keys: Vec<u32> = Vec::new();
        let mut neighbourhood: Vec<(u64, u32)> = Vec::new();
        let mut key = String::new();
        for (sid, skill) in tax.skills().iter().enumerate() {
            // Token lists of the ambiguous forms, once per skill.
            let ambiguous: Vec<(Vec<String>, String)> = skill
                .ambiguous
                .iter()
                .map(|a| (crate::text::phrase_tokens(a), words_of(a)))
                .collect();
            for (k, sp) in skill.spellings().enumerate() {
                let tokens = crate::text::phrase_tokens(sp);
                if tokens.is_empty() {
                    continue;
                }
                let forms_start = form_spans.len() as u32;
                for (at, form) in &ambiguous {
                    if *at == tokens {
                        form_spans.push(push_str(&mut text, form));
                    }
                }
                let forms = (forms_start, form_spans.len() as u32 - forms_start);
                let pi = patterns.len() as u32;
                let hashes: Vec<u64> = tokens.iter().map(|t| poly_hash(t)).collect();
                if tokens.len() == 1 {
                    firsts.push((hashes[0], pi));
                } else {
                    firsts.push((pair_key(hashes[0], hashes[1]), pi));
                    multi_starts.push(hashes[0]);
                }
                key.clear();
                if forms.1 == 0 {
                    for t in &tokens {
                        push_compact(&mut key, t);
                    }
                    let chars = key.chars().count();
                    if chars >= 2 {
                        let mut h = 0;
                        for (n, c) in key.chars().enumerate() {
                            h = poly_step(h, c);
                            if n < MAX_PREFIX_CHARS {
                                prefixes.push(h);
                            }
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
                        && (FUZZY_MIN_LEN..=MAX_FUZZY_CHARS).contains(&chars)
                        && key.chars().all(|c| c.is_alphabetic());
                    if eligible {
                        let fi = fuzzy_keys.len() as u32;
                        let cs: Vec<char> = key.chars().collect();
                        for_each_deletion_hash(&cs, |h| neighbourhood.push((h, fi)));
                        fuzzy_keys.push(pi);
                    }
                }
                let tokens_start = pattern_tokens.len() as u32;
                for (t, &h) in tokens.iter().zip(&hashes) {
                    let id = match token_ids.get(t.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = token_spans.len() as u32;
                            token_spans.push(push_str(&mut text, t));
                            token_hashes.push(h);
                            token_ids.insert(t.clone(), id);
                            id
                        }
                    };
                    pattern_tokens.push(id);
                }
                patterns.push(Pattern {
                    skill: sid as u32,
                    tokens: (tokens_start, tokens.len() as u32),
                    spelling: push_str(&mut text, sp),
                    is_name: k == 0,
                    forms,
                });
            }
        }
        neighbourhood.sort_unstable();
        neighbourhood.dedup();
        let mut delete_bloom = Bloom::new(neighbourhood.len());
        let mut delete_keys = Vec::new();
        let mut delete_starts = Vec::new();
        let mut delete_lists = Vec::with_capacity(neighbourhood.len());
        for chunk in neighbourhood.chunk_by(|a, b| a.0 == b.0) {
            delete_bloom.insert(chunk[0].0);
            delete_keys.push(chunk[0].0);
            delete_starts.push(delete_lists.len() as u32);
            delete_lists.extend(chunk.iter().map(|&(_, fi)| fi));
        }
        delete_starts.push(delete_lists.len() as u32);
        // Longest spelling first; ties in taxonomy order.
        firsts.sort_unstable_by_key(|&(h, pi)| {
            (h, std::cmp::Reverse(patterns[pi as usize].len()), pi)
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
        prefixes.sort_unstable();
        prefixes.dedup();
        multi_starts.sort_unstable();
        multi_starts.dedup();
        let mut bloom = Bloom::new(prefixes.len() + firsts.len() + multi_starts.len());
        for &h in prefixes
            .iter()
            .chain(firsts.iter().map(|(h, _)| h))
            .chain(&multi_starts)
        {
            bloom.insert(h);
        }
        // Deterministic order, so the same taxonomy always compiles to the same bytes.
        let mut vocab: Vec<(u64, Entry)> = vocab.into_iter().collect();
        vocab.sort_unstable_by_key(|&(h, _)| h);
        let entries: Vec<Entry> = vocab.iter().map(|&(_, e)| e).collect();
        let vocab = HashIndex::new(vocab.iter().enumerate().map(|(i, &(h, _))| (h, i as u32)));
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
            text,
            patterns,
            pattern_tokens,
            token_spans,
            token_hashes,
            form_spans,
            vocab,
            entries,
            bloom,
            first_lists,
            powers,
            fuzzy_keys,
            delete_keys,
            delete_starts,
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

    /// A string of the arena.
    fn s(&self, (start, len): Span) -> &str {
        self.text
            .get(start as usize..(start + len) as usize)
            .unwrap_or("")
    }

    fn pattern(&self, pi: u32) -> &Pattern {
        &self.patterns[pi as usize]
    }

    fn spelling(&self, pi: u32) -> String {
        self.s(self.pattern(pi).spelling).to_string()
    }

    /// Letters, digits, `+` and `#` of a pattern's tokens ("scikitlearn"): its variant key.
    fn compact(&self, pi: u32) -> String {
        let mut key = String::new();
        for &id in run(&self.pattern_tokens, self.pattern(pi).tokens) {
            push_compact(&mut key, self.s(self.token_spans[id as usize]));
        }
        key
    }

    fn skill_of(&self, pi: u32) -> SkillId {
        self.pattern(pi).skill as usize
    }

    /// Whether this matcher can have been compiled from `tax`: every index in range and every
    /// span on character boundaries (a cheap check of a matcher read back from the cache).
    pub(crate) fn fits(&self, tax: &Taxonomy) -> bool {
        let n = tax.len();
        let np = self.patterns.len();
        let span_ok = |(s, l): Span| {
            let (s, e) = (s as usize, s as usize + l as usize);
            e <= self.text.len() && self.text.is_char_boundary(s) && self.text.is_char_boundary(e)
        };
        let run_ok = |(s, l): (u32, u32), len: usize| s as usize + l as usize <= len;
        self.context.len() == n
            && self.exclude_next.len() == n
            && self.exclude_prev.len() == n
            && self.token_spans.len() == self.token_hashes.len()
            && self
                .pattern_tokens
                .iter()
                .all(|&t| (t as usize) < self.token_spans.len())
            && self.patterns.iter().all(|p| {
                (p.skill as usize) < n
                    && p.tokens.1 > 0
                    && run_ok(p.tokens, self.pattern_tokens.len())
                    && run_ok(p.forms, self.form_spans.len())
                    && span_ok(p.spelling)
            })
            && self
                .token_spans
                .iter()
                .chain(&self.form_spans)
                .all(|&sp| span_ok(sp))
            && self.first_lists.iter().all(|&p| (p as usize) < np)
            && self.fuzzy_keys.iter().all(|&p| (p as usize) < np)
            && self
                .delete_lists
                .iter()
                .all(|&f| (f as usize) < self.fuzzy_keys.len())
            && self.vocab.is_valid(self.entries.len())
            && self.entries.iter().all(|e| {
                (e.compact == NONE || (e.compact as usize) < np)
                    && run_ok(e.first, self.first_lists.len())
            })
            && self.delete_starts.len() == self.delete_keys.len() + 1
            && self.delete_starts.windows(2).all(|w| w[0] <= w[1])
            && self
                .delete_starts
                .last()
                .is_some_and(|&e| e as usize == self.delete_lists.len())
            && self.delete_keys.windows(2).all(|w| w[0] < w[1])
            && self.powers.len() == MAX_FUZZY_CHARS + 1
            && self.bloom.is_valid()
            && self.delete_bloom.is_valid()
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
            self.entry(h)
        } else {
            None
        }
    }

    /// The entry of a hash.
    fn entry(&self, h: u64) -> Option<Entry> {
        self.vocab
            .get(h)
            .and_then(|i| self.entries.get(i as usize).copied())
    }

    /// Fills `infos` with the hash entries of each token of a line.
    fn token_infos(&self, line: &Line, toks: &[Token], infos: &mut Vec<TokInfo>) {
        infos.clear();
        for t in toks {
            let s = Self::token_str(line, t);
            let h = poly_hash(s);
            // A plain token ("python", "c++") is its own compact form.
            let plain = !s.starts_with('.')
                && s.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'+' || b == b'#'
                });
            // The filter holds every first token but compact keys only up to MAX_PREFIX_CHARS.
            let long = plain && s.len() > MAX_PREFIX_CHARS;
            let maybe = long || self.bloom.may_contain(h);
            let entry = if maybe { self.entry(h) } else { None };
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
                    compact_entry: if n as usize > MAX_PREFIX_CHARS {
                        self.entry(ch)
                    } else {
                        self.lookup(ch)
                    },
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
                let lists = &self.first_lists;
                for &pi in run(lists, pair).iter().chain(run(lists, e.first)) {
                    let p = self.pattern(pi);
                    let len = p.len();
                    if i + len > n {
                        continue;
                    }
                    if best.as_ref().is_some_and(|b| b.0 >= len) {
                        break;
                    }
                    // Words of a multi-word spelling must be joined by spacing, not by a comma
                    // ("React, Redux" is two skills, not "React Redux").
                    let ids = run(&self.pattern_tokens, p.tokens);
                    let all = ids
                        .iter()
                        .zip(&infos[i..i + len])
                        .all(|(&id, t)| self.token_hashes[id as usize] == t.hash)
                        && ids.iter().enumerate().all(|(k, &id)| {
                            Self::token_str(line, &toks[i + k])
                                == self.s(self.token_spans[id as usize])
                                && (k == 0 || Self::joinable(line, toks, i + k - 1))
                        });
                    if !all {
                        continue;
                    }
                    let mut exact = true;
                    if p.is_ambiguous() {
                        let forms: Vec<&str> = run(&self.form_spans, p.forms)
                            .iter()
                            .map(|&sp| self.s(sp))
                            .collect();
                        match ambiguous_local_ok(line, toks, i, len, &forms, relaxed) {
                            None => continue,
                            Some(e) => exact = e,
                        }
                    }
                    if self.vetoed(p.skill as usize, line, toks, i, i + len) {
                        continue;
                    }
                    let how = if p.is_name {
                        How::Exact
                    } else {
                        How::Alias {
                            alias: self.spelling(pi),
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
                // Not a prefix of any compact key: no longer window can be one either. (Only
                // prefixes of up to MAX_PREFIX_CHARS characters are in the filter.)
                let prefix = if w == 1 {
                    t.compact_prefix || chars as usize > MAX_PREFIX_CHARS
                } else {
                    chars as usize > MAX_PREFIX_CHARS || self.bloom.may_contain(hash)
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
                    self.entry(hash)
                };
                let Some(pi) = entry.map(|e| e.compact).filter(|&pi| pi != NONE) else {
                    continue;
                };
                if w > 1 && !Self::compact_window_ok(line, &toks[i..i + w]) {
                    continue;
                }
                buf.clear();
                for t in &toks[i..i + w] {
                    push_compact(buf, Self::token_str(line, t));
                }
                if *buf == self.compact(pi) {
                    best = Some((
                        w,
                        pi,
                        How::Variant {
                            of: self.spelling(pi),
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
                && (self.vetoed(self.skill_of(*pi), line, toks, i, i + len)
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
            if is_english(infos[i].hash) {
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
        let pi = self.fuzzy_keys[fi as usize];
        Some((
            w,
            pi,
            How::Fuzzy {
                of: self.spelling(pi),
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
            if let Ok(i) = self.delete_keys.binary_search(&h) {
                let (s, e) = (self.delete_starts[i], self.delete_starts[i + 1]);
                cands.extend_from_slice(run(&self.delete_lists, (s, e - s)));
            }
        });
        if cands.is_empty() {
            return None;
        }
        cands.sort_unstable();
        cands.dedup();
        let qf = q.chars().next();
        let mut best: Option<(usize, u32, String)> = None;
        for fi in cands {
            let key = self.compact(self.fuzzy_keys[fi as usize]);
            if key == q || key.chars().next() != qf {
                continue;
            }
            let max = if key.chars().count() >= 10 { 2 } else { 1 };
            let d = strsim::damerau_levenshtein(q, &key);
            if d <= max && best.as_ref().is_none_or(|(bd, _, _)| d < *bd) {
                best = Some((d, fi, key));
            }
        }
        best.map(|(_, fi, key)| (fi, strsim::normalized_damerau_levenshtein(q, &key)))
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
            .map(|r| self.pattern(r.pattern).is_ambiguous())
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
            let skill = self.skill_of(r.pattern);
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
                    let other = self.skill_of(found[j].pattern);
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
                skill: p.skill as usize,
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
    forms: &[&str],
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
