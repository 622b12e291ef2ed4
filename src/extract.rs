//! Skill extraction: the taxonomy compiled once into a matcher (exact token-sequence index, a compact
//! index for spacing variants, a deletion-neighbourhood index for misspellings), then one linear pass
//! per document producing mentions with evidence. Ambiguous names count only with supporting context.

use std::collections::HashMap;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::flat::{FlatBuf, Region, Writer};
use crate::hash::hash_str;
use crate::input::Document;
use crate::taxonomy::{SkillId, Taxonomy};
use crate::text::{
    ALPHA, ASCII, Line, PLAIN, SectionKind, Token, TokenHash, compact_chars, push_compact,
    tokenize_with,
};

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
/// All of three or four letters (a test checks), so only such tokens are looked up.
const STOPWORDS: &[&str] = &[
    "and", "the", "for", "with", "our", "you", "your", "are", "was", "has", "have", "its", "not",
    "but", "all", "any", "can", "may", "per", "via", "who", "how", "why", "out", "use", "new",
    "own", "from", "into", "onto", "that", "this", "than", "then", "they", "them", "will", "also",
    "able", "well",
];

/// A word of at most four bytes as one number (its bytes, little-endian, zero-padded): distinct
/// words give distinct keys, since no byte of a word is 0.
const fn short_key(b: &[u8]) -> u32 {
    let mut k = 0u32;
    let mut i = 0;
    while i < b.len() && i < 4 {
        k |= (b[i] as u32) << (8 * i);
        i += 1;
    }
    k
}

/// Slots of the open-addressing table of [`STOPWORDS`]' keys (a power of two).
const STOP_SLOTS: usize = 128;

const fn stop_slot(k: u32) -> usize {
    (k.wrapping_mul(0x9E37_79B1) >> 25) as usize
}

/// [`STOPWORDS`] as [`short_key`]s in an open-addressing table (linear probing, 0 = empty), built
/// at compile time, so that a token is told a function word in a probe or two.
const STOP_TABLE: [u32; STOP_SLOTS] = {
    let mut t = [0u32; STOP_SLOTS];
    let mut w = 0;
    while w < STOPWORDS.len() {
        let k = short_key(STOPWORDS[w].as_bytes());
        let mut i = stop_slot(k);
        while t[i] != 0 && t[i] != k {
            i = (i + 1) % STOP_SLOTS;
        }
        t[i] = k;
        w += 1;
    }
    t
};

fn is_stopword(t: &str) -> bool {
    if t.len() > 4 {
        return false;
    }
    let k = short_key(t.as_bytes());
    let mut i = stop_slot(k);
    loop {
        match STOP_TABLE[i] {
            0 => return false,
            x if x == k => return true,
            _ => i = (i + 1) % STOP_SLOTS,
        }
    }
}

/// Shortest spelling (in characters) that fuzzy matching applies to.
pub const FUZZY_MIN_LEN: usize = 6;
/// How far (in tokens) a context word may stand from an ambiguous mention.
const CONTEXT_WINDOW: usize = 8;

/// Above this size of the tables read for each new word ([`Tables::defers`]), their reads are
/// prefetched a line ahead.
const DEFER_MIN_BYTES: usize = 1 << 20;

/// How a mention was matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum How {
    /// The skill's name, case-insensitively.
    Exact,
    /// One of the skill's aliases.
    Alias { alias: CompactString },
    /// A spacing or punctuation variant of a name or alias ("Tensor Flow", "NodeJS").
    Variant { of: CompactString },
    /// A likely misspelling of a name or alias.
    Fuzzy { of: CompactString, score: f64 },
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
    /// The text as it appears in the document (a short string, as nearly all mentions are, is
    /// kept inline: extraction allocates nothing for it).
    pub text: CompactString,
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
type Span = [u32; 2];

/// One spelling of a skill. Its strings live in [`Matcher::text`] and its token lists in flat
/// arrays, so a compiled matcher is a few large buffers: quick to write to the cache and to read
/// back.
#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Pattern {
    skill: u32,
    /// A run of `pattern_tokens` (ids of interned tokens).
    tokens: [u32; 2],
    spelling: Span,
    /// 1 for the skill's name, 0 for an alias.
    is_name: u32,
    /// Case forms accepted for an ambiguous spelling (any one of them): a run of `form_spans`;
    /// empty when the spelling is not ambiguous.
    forms: [u32; 2],
}

impl Pattern {
    fn len(&self) -> usize {
        self.tokens[1] as usize
    }

    fn is_ambiguous(&self) -> bool {
        self.forms[1] > 0
    }
}

fn run<T>(v: &[T], [start, len]: [u32; 2]) -> &[T] {
    v.get(start as usize..(start + len) as usize).unwrap_or(&[])
}

/// Declares the compiled taxonomy's arrays once: the owned form they are built in ([`Arrays`]),
/// the borrowed form extraction reads ([`Tables`], slices of a [`Matcher`]'s flat buffer), and the
/// conversions between them.
macro_rules! arrays {
    ($($(#[doc = $doc:literal])* $name:ident: $t:ty,)*) => {
        /// The compiled taxonomy's arrays while they are built.
        #[derive(Default)]
        struct Arrays {
            $($name: Vec<$t>,)*
        }

        /// The compiled taxonomy's arrays, borrowed from a [`Matcher`]'s buffer.
        #[derive(Debug, Clone, Copy)]
        struct Tables<'a> {
            $($(#[doc = $doc])* $name: &'a [$t],)*
        }

        /// The number of arrays.
        const ARRAYS: usize = [$(stringify!($name)),*].len();

        impl Arrays {
            fn write(&self, w: &mut Writer) -> [Region; ARRAYS] {
                [$(w.push(&self.$name)),*]
            }
        }

        impl<'a> Tables<'a> {
            const EMPTY: Tables<'static> = Tables { $($name: &[],)* };

            fn read(buf: &'a FlatBuf, regions: &[Region]) -> Option<Tables<'a>> {
                let mut r = regions.iter();
                Some(Tables { $($name: buf.get(*r.next()?)?,)* })
            }
        }
    };
}

arrays! {
    /// Every string of the patterns, end to end (UTF-8).
    text: u8,
    patterns: Pattern,
    /// The tokens of each pattern, as ids of `token_spans` / `token_hashes`.
    pattern_tokens: u32,
    /// Distinct tokens of all spellings (stored once each) and their hashes.
    token_spans: Span,
    token_hashes: u64,
    form_spans: Span,
    /// Everything known about a string (a token, or tokens read as one word), keyed by its
    /// [`hash_str`]: whether spellings start with it and whether it is the compact key of a
    /// spelling; an open-addressing table (see [`vocab_get`]). Hits are confirmed against the
    /// strings; a hash collision can only cost time.
    vocab: Slot,
    /// A Bloom filter over the keys of `vocab` (first tokens, pairs of first tokens, compact
    /// keys): small enough to stay in cache, it answers "no" for almost every ordinary word
    /// before the (larger) `vocab` is probed.
    bloom: u64,
    /// A Bloom filter over the [`window_hash`]es of the compact keys: a window of two or three
    /// tokens is looked up as a compact key only when its window hash, composed from its tokens'
    /// in O(1), is here.
    window_bloom: u64,
    /// Runs of pattern indices (longest spelling first) that [`Entry::first`] points into.
    first_lists: u32,
    /// For each entry of `first_lists`, its pattern's [`tail_key`]: its length and a hash of its
    /// tokens after the first two, so that a candidate whose tail is not in the text is passed
    /// over without reading the pattern.
    first_keys: u64,
    /// Patterns matched fuzzily (by their compact form, "scikitlearn").
    fuzzy_keys: u32,
    /// Deletion neighbourhood: the hash of each fuzzy key and of each of its one-character
    /// deletions, sorted (`delete_buckets` indexes them by their top bits, see [`index_get`]),
    /// with `delete_starts[i]..delete_starts[i + 1]` the run of `delete_lists` holding the keys
    /// that produce `delete_keys[i]`. Probed only when `delete_bloom` says yes. Hashes only: a
    /// collision costs one distance computation, never a wrong match.
    delete_keys: u64,
    delete_buckets: u32,
    delete_starts: u32,
    delete_bloom: u64,
    delete_lists: u32,
    /// The first four characters and the length of every string of the deletion neighbourhood,
    /// as bits of a bitmap ([`prefix_key`], [`prefix_bit`]): a query none of whose neighbours
    /// begins as one of them of its length meets no key there, and is passed over before its
    /// deletions are hashed and probed.
    delete_prefixes: u64,
    /// Per skill: its context phrases, a run of `phrases`; each phrase a run of `phrase_tokens`
    /// (spans of `text`, with their hashes in `phrase_hashes`).
    skill_phrases: Span,
    phrases: Span,
    phrase_tokens: Span,
    phrase_hashes: u64,
    /// Per skill: the words that veto a mention when they follow (`skill_next`) or precede
    /// (`skill_prev`) it, runs of `veto_words` (spans of `text`).
    skill_next: Span,
    skill_prev: Span,
    veto_words: Span,
    /// The hashes of `veto_words`, compared first.
    veto_hashes: u64,
}

/// The compiled taxonomy: its arrays in one flat buffer, which begins with their directory (the
/// count, then a [`Region`] per array). A matcher compiled here and one read back from the cache
/// are the same bytes.
#[derive(Clone)]
pub struct Matcher {
    buf: FlatBuf,
    regions: [Region; ARRAYS],
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("bytes", &self.buf.bytes().len())
            .field("patterns", &self.tables().patterns.len())
            .finish()
    }
}

/// Whether a Bloom filter (a power-of-two number of words, see [`bloom_probe`]) may hold `h`.
#[inline]
fn bloom_has(bits: &[u64], h: u64) -> bool {
    let (w, b) = bloom_probe(bits.len(), h);
    bits.get(w).is_some_and(|&x| x & b == b)
}

/// Asks the processor to start loading the cache line of `v[i]` (if there is one) into the
/// first-level cache: a hint, with no effect on what any load returns.
#[inline(always)]
fn prefetch<T>(v: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = v.get(i) {
        // SAFETY: a prefetch reads nothing and cannot fault; the address is that of a live
        // element of `v`.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                (x as *const T).cast(),
            )
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, i);
}

/// The word and the three bits of `h` in a blocked Bloom filter of `words` words (a power of two):
/// one multiplication mixes enough; the word comes from the middle bits, the bit positions from
/// the low ones.
#[inline]
fn bloom_probe(words: usize, h: u64) -> (usize, u64) {
    let m = h.wrapping_mul(0xd6e8_feb8_6659_fd93);
    let word = ((m >> 32) as usize) & words.wrapping_sub(1);
    let bits = (1u64 << (m & 63)) | (1u64 << ((m >> 6) & 63)) | (1u64 << ((m >> 12) & 63));
    (word, bits)
}

/// The entry of `k` in an open-addressing table of slots (a power of two, linear probing, key 0 =
/// empty).
#[inline]
fn vocab_get(slots: &[Slot], k: u64) -> Option<Entry> {
    let n = slots.len();
    if k == 0 || !n.is_power_of_two() {
        return None;
    }
    let mut i = crate::hash::table_slot(k, n.trailing_zeros());
    // Bounded: a damaged table with no empty slot cannot loop forever.
    for _ in 0..n {
        let slot = slots.get(i)?;
        match slot.key {
            0 => return None,
            x if x == k => return Some(slot.entry),
            _ => i = (i + 1) & (n - 1),
        }
    }
    None
}

/// The position of `k` in sorted `keys` bucketed by their top bits (`buckets[b]..buckets[b + 1]`,
/// a power of two plus one starts).
#[inline]
fn index_get(keys: &[u64], buckets: &[u32], k: u64) -> Option<u32> {
    let nb = buckets
        .len()
        .checked_sub(1)
        .filter(|n| n.is_power_of_two() && *n > 1)?;
    let b = (k >> (64 - nb.trailing_zeros())) as usize;
    let (s, e) = (*buckets.get(b)? as usize, *buckets.get(b + 1)? as usize);
    let run = keys.get(s..e)?;
    run.iter().position(|&x| x == k).map(|i| (s + i) as u32)
}

/// Buckets of sorted keys by their top bits, for [`index_get`]: about a quarter as many buckets
/// as keys.
fn index_buckets(keys: &[u64]) -> Vec<u32> {
    let bits = (keys.len() / 4).max(2).next_power_of_two().trailing_zeros();
    let mut starts = vec![0u32; (1 << bits) + 1];
    for &k in keys {
        starts[(k >> (64 - bits)) as usize + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    starts
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Slot {
    key: u64,
    entry: Entry,
}

/// The slots of an open-addressing table of `pairs` (distinct nonzero keys) for [`vocab_get`]: at
/// most three quarters full.
fn vocab_slots(pairs: &[(u64, Entry)]) -> Vec<Slot> {
    let bits = (pairs.len().max(4) * 4 / 3 + 1)
        .next_power_of_two()
        .trailing_zeros();
    let mut slots = vec![
        Slot {
            key: 0,
            entry: Entry::EMPTY
        };
        1 << bits
    ];
    let mask = slots.len() - 1;
    for &(k, e) in pairs {
        if k == 0 {
            continue;
        }
        let mut i = crate::hash::table_slot(k, bits);
        while slots[i].key != 0 && slots[i].key != k {
            i = (i + 1) & mask;
        }
        slots[i] = Slot { key: k, entry: e };
    }
    slots
}

/// What [`Matcher::vocab`] points to for one string.
#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Entry {
    /// A run of `first_lists`: the patterns whose first token this is.
    first: [u32; 2],
    /// The pattern whose compact key this is, or [`NONE`].
    compact: u32,
    /// Nonzero when spellings of several words start with this token (their run is under
    /// [`pair_key`]): a bit for each of their second tokens ([`second_bit`]), so that a pair of
    /// tokens is looked up only when its second token may be one of them.
    multi: u32,
}

/// The bit of a token (by its hash) in [`Entry::multi`].
fn second_bit(hash: u64) -> u32 {
    1 << (hash >> 59)
}

/// Longest spelling (in tokens) whose tail is checked by [`tail_key`] before its pattern is read.
const TAIL_MAX: usize = 8;

/// Folds the hash of one more token into the hash of a spelling's tail.
fn tail_fold(acc: u64, token_hash: u64) -> u64 {
    crate::hash::fold(acc, token_hash)
}

/// A spelling's length in tokens (top byte, 255 for "255 or more") and the hash of its tokens after
/// the first two, folded with [`tail_fold`] from 0 (the other 56 bits).
fn tail_key(tail: u64, len: usize) -> u64 {
    (tail & (u64::MAX >> 8)) | ((len.min(255) as u64) << 56)
}

/// The key of the patterns that start with the two tokens hashed `a` and `b`.
fn pair_key(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b.wrapping_mul(0xff51_afd7_ed55_8ccd)
}

const NONE: u32 = u32::MAX;

impl Entry {
    const EMPTY: Entry = Entry {
        first: [0, 0],
        compact: NONE,
        multi: 0,
    };
}

/// A blocked Bloom filter of `hashes` for [`bloom_has`]: each key sets three bits of one 64-bit
/// word, so a probe reads one word; about 16 bits per item (a false-positive rate near 1%), at
/// least 4 Kbit. No false negatives.
fn bloom_of(hashes: &[u64]) -> Vec<u64> {
    let words = (hashes.len().max(1) * 16 / 64).next_power_of_two().max(64);
    let mut bits = vec![0u64; words];
    for &h in hashes {
        let (w, b) = bloom_probe(words, h);
        bits[w] |= b;
    }
    bits
}

/// Per token of a line: its hash, what the tables say of it and of its compact form, and its
/// window hashes. 48 bytes: written once per token and read by the scan that follows.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TokInfo {
    hash: u64,
    /// The [`window_hash`] of the compact form.
    window: u64,
    /// The [`window_hash`] of the compact forms of this token and the next when they join (both
    /// nonempty), else 0.
    window2: u64,
    /// The spellings whose first token this is ([`Entry::first`]).
    first: [u32; 2],
    /// The second tokens of spellings of several words that start with this one
    /// ([`Entry::multi`]).
    seconds: u32,
    /// The pattern whose compact key the token's compact form is, or [`NONE`].
    compact_pattern: u32,
    /// The compact form's length in characters.
    compact_len: u32,
    /// [`JOINS_NEXT`], [`FUZZY_ONE`], [`PAIR_HEAD`], [`PAIR_TAIL`], [`WINDOW2`], [`WINDOW3`],
    /// [`PLAIN_FORM`].
    flags: u8,
}

/// The next token may be read together with this one (see [`Matcher::joinable`]).
const JOINS_NEXT: u8 = 1;
/// The token may be a misspelling alone: a word of [`FUZZY_MIN_LEN`] letters or more, not an
/// ordinary English one (never a misspelling), that passes the prefix filter
/// ([`Matcher::neighbour_prefix_may`]).
const FUZZY_ONE: u8 = 2;
/// The token may begin a misspelling of two words read as one ("Tenser flow"): a word of three
/// letters or more, not a function word nor an ordinary English word.
const PAIR_HEAD: u8 = 4;
/// This token and the next may be read as one compact key: they join, and the first may begin
/// and the second end a compact key of their length together.
const WINDOW2: u8 = 8;
/// The same for this token and the next two.
const WINDOW3: u8 = 16;
/// The token may end such a pair: a word of three letters or more, not a function word.
const PAIR_TAIL: u8 = 32;
/// Two words of three letters or more make a query long enough to be fuzzy.
const _: () = assert!(3 + 3 >= FUZZY_MIN_LEN);
/// The token is its own compact form (see [`crate::text::PLAIN`]).
const PLAIN_FORM: u8 = 64;

/// The polynomial hash of a string's characters (base [`DELETION_BASE`], as the deletion
/// hashes) and the base to the power of its length: the hash of a concatenation `a + b` is
/// `hash(a) · pow(b) + hash(b)`, so a window of tokens is hashed from its tokens' hashes without
/// building its string.
fn window_hash(s: &str) -> (u64, u64) {
    window_hash_of(s.chars())
}

/// [`window_hash`] of characters (`char`s, or the bytes of ASCII text, which hash alike).
#[inline]
fn window_hash_of<C: Into<u64>>(chars: impl Iterator<Item = C>) -> (u64, u64) {
    chars.fold((0, 1), |(h, pow), c| {
        (poly_step(h, c), pow.wrapping_mul(DELETION_BASE))
    })
}

/// How a raw match was made, before its strings are looked up.
#[derive(Debug, Clone, Copy)]
enum RawHow {
    Spelling,
    Variant,
    Fuzzy(f64),
}

/// Why an ambiguous mention was accepted.
#[derive(Debug, Clone, Copy)]
enum Support {
    /// The spelling is not ambiguous.
    Plain,
    SkillsSection,
    /// The context phrase (an index into the skill's phrases).
    Context(usize),
    /// The index of the accepted list neighbour.
    ListedWith(usize),
}

/// Buffers reused from line to line.
#[derive(Default)]
struct Scratch {
    toks: Vec<Token>,
    infos: Vec<TokInfo>,
    buf: String,
    found: Vec<Raw>,
    accepted: Vec<Option<Support>>,
    urls: Vec<(usize, usize)>,
    chars: Vec<char>,
    cands: Vec<u32>,
    /// The compact form of the token being read.
    key: String,
    /// The tokens of the line not in `known` (their index and hash), learnt after the line is
    /// tokenized.
    pending: Vec<(u32, TokenHash)>,
    /// Per token of the line, the window-hash base to the power of its compact form's length.
    pows: Vec<u64>,
    /// What is known of the tokens read last, by hash (see [`Known`]): a document repeats most of
    /// its words, and a word's entries, compact form and English-ness are looked up once per stay
    /// here instead of once per occurrence (most of all with a large taxonomy, whose tables do not
    /// fit the cache).
    known: Vec<Known>,
    /// Whether a query may be fuzzy ([`Matcher::may_be_fuzzy`]) for the queries tried last: the
    /// query's hash with its lowest bit replaced by the answer, in a slot picked by the hash.
    fuzzy_seen: Vec<u64>,
}

impl Scratch {
    /// Scratch buffers for a document of `lines` lines: the memo tables grow with it, up to a size
    /// that fits the second-level cache.
    fn for_lines(lines: usize) -> Scratch {
        let slots = (lines * 4).next_power_of_two().clamp(256, 4096);
        Scratch {
            known: vec![Known::EMPTY; slots],
            fuzzy_seen: vec![0; slots],
            ..Scratch::default()
        }
    }

    /// The memo slot of a hash (the tables are a power of two long).
    fn slot(table_len: usize, h: u64) -> usize {
        (h >> 17) as usize & table_len.wrapping_sub(1)
    }
}

/// What a token's text alone decides ([`Matcher::tokens_of`]), kept in [`Scratch::known`]: the
/// fields of its [`TokInfo`] that the text decides (not [`JOINS_NEXT`] or the windows), and the
/// window-hash base to the power of its compact form's length. 48 bytes: the memo of a large
/// document, 4,096 slots, takes 192 KB of the second-level cache.
#[derive(Debug, Clone, Copy)]
struct Known {
    /// 0 for an empty slot.
    hash: u64,
    window: u64,
    pow: u64,
    first: [u32; 2],
    seconds: u32,
    compact_pattern: u32,
    compact_len: u32,
    flags: u8,
}

impl Known {
    const EMPTY: Known = Known {
        hash: 0,
        window: 0,
        pow: 1,
        first: [0, 0],
        seconds: 0,
        compact_pattern: NONE,
        compact_len: 0,
        flags: 0,
    };

    #[inline]
    const fn info(&self) -> TokInfo {
        TokInfo {
            hash: self.hash,
            window: self.window,
            window2: 0,
            first: self.first,
            seconds: self.seconds,
            compact_pattern: self.compact_pattern,
            compact_len: self.compact_len,
            flags: self.flags,
        }
    }
}

/// Hashes of ordinary English words (6+ letters, `data/english-words.txt`), never read as
/// misspelt skill names: an open-addressing table built by `build.rs`.
static ENGLISH_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english.bin"));

fn is_english(hash: u64) -> bool {
    crate::hash::table_contains(ENGLISH_WORDS, hash)
}

/// Starts loading the line of [`ENGLISH_WORDS`] that [`is_english`] reads first for `hash`.
fn prefetch_english(hash: u64) {
    let slots = ENGLISH_WORDS.len() / 4;
    if slots.is_power_of_two() {
        prefetch(
            ENGLISH_WORDS,
            crate::hash::table_slot(hash, slots.trailing_zeros()) * 4,
        );
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
        let mut text = String::new();
        let push_str = |text: &mut String, v: &str| -> Span {
            let start = text.len() as u32;
            text.push_str(v);
            [start, v.len() as u32]
        };
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut token_spans: Vec<Span> = Vec::new();
        let mut token_hashes: Vec<u64> = Vec::new();
        let mut token_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut pattern_tokens: Vec<u32> = Vec::new();
        let mut form_spans: Vec<Span> = Vec::new();
        // vocab: hash → entry, built in a temporary map.
        let mut vocab: FxHashMap<u64, Entry> = FxHashMap::default();
        let mut multi_starts: Vec<(u64, u64)> = Vec::new();
        let mut firsts: Vec<(u64, u32)> = Vec::new();
        let mut fuzzy_keys: Vec<u32> = Vec::new();
        let mut neighbourhood: Vec<(u64, u32)> = Vec::new();
        let mut prefixes: Vec<u64> = Vec::new();
        let mut windows: Vec<u64> = Vec::new();
        let mut key = String::new();
        for (sid, skill) in tax.skills().enumerate() {
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
                let forms = [forms_start, form_spans.len() as u32 - forms_start];
                let pi = patterns.len() as u32;
                let hashes: Vec<u64> = tokens.iter().map(|t| hash_str(t)).collect();
                if tokens.len() == 1 {
                    firsts.push((hashes[0], pi));
                } else {
                    firsts.push((pair_key(hashes[0], hashes[1]), pi));
                    multi_starts.push((hashes[0], hashes[1]));
                }
                key.clear();
                if forms[1] == 0 {
                    for t in &tokens {
                        push_compact(&mut key, t);
                    }
                    let chars = key.chars().count();
                    if chars >= 2 {
                        windows.push(window_hash(&key).0);
                        let h = hash_str(&key);
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
                        for_each_neighbour_prefix(&cs, |h| prefixes.push(h));
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
                    tokens: [tokens_start, tokens.len() as u32],
                    spelling: push_str(&mut text, sp),
                    is_name: u32::from(k == 0),
                    forms,
                });
            }
        }
        neighbourhood.sort_unstable();
        neighbourhood.dedup();
        let mut delete_keys = Vec::new();
        let mut delete_starts = Vec::new();
        let mut delete_lists = Vec::with_capacity(neighbourhood.len());
        for chunk in neighbourhood.chunk_by(|a, b| a.0 == b.0) {
            delete_keys.push(chunk[0].0);
            delete_starts.push(delete_lists.len() as u32);
            delete_lists.extend(chunk.iter().map(|&(_, fi)| fi));
        }
        delete_starts.push(delete_lists.len() as u32);
        // Sorted already (the neighbourhood was), and distinct.
        let delete_bloom = bloom_of(&delete_keys);
        prefixes.sort_unstable();
        prefixes.dedup();
        let delete_prefixes = prefix_bitmap(&prefixes);
        let delete_buckets = index_buckets(&delete_keys);
        // Longest spelling first; ties in taxonomy order.
        firsts.sort_unstable_by_key(|&(h, pi)| {
            (h, std::cmp::Reverse(patterns[pi as usize].len()), pi)
        });
        let mut first_lists = Vec::with_capacity(firsts.len());
        let mut first_keys = Vec::with_capacity(firsts.len());
        for run in firsts.chunk_by(|a, b| a.0 == b.0) {
            vocab.entry(run[0].0).or_insert(Entry::EMPTY).first =
                [first_lists.len() as u32, run.len() as u32];
            first_lists.extend(run.iter().map(|&(_, pi)| pi));
            first_keys.extend(run.iter().map(|&(_, pi)| {
                let p = &patterns[pi as usize];
                let tail = pattern_tokens[p.tokens[0] as usize..][..p.len()]
                    .iter()
                    .skip(2)
                    .fold(0, |acc, &id| tail_fold(acc, token_hashes[id as usize]));
                tail_key(tail, p.len())
            }));
        }
        for &(h, second) in &multi_starts {
            vocab.entry(h).or_insert(Entry::EMPTY).multi |= second_bit(second);
        }
        // Deterministic order, so the same taxonomy always compiles to the same bytes.
        let mut vocab: Vec<(u64, Entry)> = vocab.into_iter().collect();
        vocab.sort_unstable_by_key(|&(h, _)| h);
        let bloom = bloom_of(&vocab.iter().map(|&(h, _)| h).collect::<Vec<_>>());
        let distinct_bloom = |mut hs: Vec<u64>| {
            hs.sort_unstable();
            hs.dedup();
            bloom_of(&hs)
        };
        let window_bloom = distinct_bloom(windows);
        let vocab = vocab_slots(&vocab);
        // Context phrases and vetoes, flat.
        let mut skill_phrases = Vec::with_capacity(tax.len());
        let mut phrases = Vec::new();
        let mut phrase_tokens = Vec::new();
        let mut phrase_hashes = Vec::new();
        let mut skill_next = Vec::with_capacity(tax.len());
        let mut skill_prev = Vec::with_capacity(tax.len());
        let mut veto_words = Vec::new();
        let mut veto_hashes = Vec::new();
        for skill in tax.skills() {
            let first = phrases.len() as u32;
            for c in &skill.context {
                let toks = crate::text::phrase_tokens(c);
                if toks.is_empty() {
                    continue;
                }
                phrases.push([phrase_tokens.len() as u32, toks.len() as u32]);
                for t in &toks {
                    phrase_tokens.push(push_str(&mut text, t));
                    phrase_hashes.push(hash_str(t));
                }
            }
            skill_phrases.push([first, phrases.len() as u32 - first]);
            for (words, runs) in [
                (&skill.exclude_next, &mut skill_next),
                (&skill.exclude_prev, &mut skill_prev),
            ] {
                let first = veto_words.len() as u32;
                for w in words {
                    veto_words.push(push_str(&mut text, w));
                    veto_hashes.push(hash_str(w));
                }
                runs.push([first, veto_words.len() as u32 - first]);
            }
        }
        Matcher::from_arrays(&Arrays {
            text: text.into_bytes(),
            patterns,
            pattern_tokens,
            token_spans,
            token_hashes,
            form_spans,
            vocab,
            bloom,
            window_bloom,
            first_lists,
            first_keys,
            fuzzy_keys,
            delete_keys,
            delete_buckets,
            delete_starts,
            delete_bloom,
            delete_prefixes,
            delete_lists,
            skill_phrases,
            phrases,
            phrase_tokens,
            phrase_hashes,
            skill_next,
            skill_prev,
            veto_words,
            veto_hashes,
        })
    }

    /// Packs built arrays into a matcher's flat buffer (see [`crate::flat::write_part`]).
    fn from_arrays(arrays: &Arrays) -> Matcher {
        let buf = FlatBuf::new(crate::flat::write_part(|w| arrays.write(w).to_vec()));
        let regions = crate::flat::read_part(&buf, ARRAYS)
            .and_then(|r| <[Region; ARRAYS]>::try_from(r).ok())
            .unwrap_or([Region::default(); ARRAYS]);
        Matcher { buf, regions }
    }

    /// A matcher from its flat buffer (as [`Matcher::bytes`] gave it), if its directory and
    /// arrays are in place.
    pub(crate) fn from_buf(buf: FlatBuf) -> Option<Matcher> {
        let regions = <[Region; ARRAYS]>::try_from(crate::flat::read_part(&buf, ARRAYS)?).ok()?;
        Tables::read(&buf, &regions)?;
        Some(Matcher { buf, regions })
    }

    /// The matcher's flat buffer (to write to the cache).
    pub(crate) fn bytes(&self) -> &[u8] {
        self.buf.bytes()
    }

    /// The arrays, borrowed.
    fn tables(&self) -> Tables<'_> {
        Tables::read(&self.buf, &self.regions).unwrap_or(Tables::EMPTY)
    }

    /// Every mention of a skill in a document, in document order.
    pub fn extract(&self, tax: &Taxonomy, doc: &Document, opts: ExtractOptions) -> Vec<Mention> {
        self.tables().extract(tax, doc, opts)
    }

    /// Whether this matcher can have been compiled from `tax` (see [`Tables::fits`]).
    pub(crate) fn fits(&self, tax: &Taxonomy) -> bool {
        self.tables().fits(tax)
    }
}

impl<'a> Tables<'a> {
    /// A string of the arena.
    fn s(&self, span: Span) -> &'a str {
        std::str::from_utf8(self.b(span)).unwrap_or("")
    }

    /// The bytes of a string of the arena.
    fn b(&self, [start, len]: Span) -> &'a [u8] {
        self.text
            .get(start as usize..(start as usize).saturating_add(len as usize))
            .unwrap_or(&[])
    }

    /// Pattern `pi` (an empty one for an index out of range: a damaged cache cannot panic).
    fn pattern(&self, pi: u32) -> &Pattern {
        const NO_PATTERN: Pattern = Pattern {
            skill: 0,
            tokens: [0, 0],
            spelling: [0, 0],
            is_name: 0,
            forms: [0, 0],
        };
        self.patterns.get(pi as usize).unwrap_or(&NO_PATTERN)
    }

    fn spelling(&self, pi: u32) -> CompactString {
        CompactString::new(self.s(self.pattern(pi).spelling))
    }

    /// Letters, digits, `+` and `#` of a pattern's tokens ("scikitlearn"): its variant key.
    fn compact(&self, pi: u32) -> String {
        let mut key = String::new();
        for &id in run(self.pattern_tokens, self.pattern(pi).tokens) {
            let span = self.token_spans.get(id as usize).copied().unwrap_or([0, 0]);
            push_compact(&mut key, self.s(span));
        }
        key
    }

    fn skill_of(&self, pi: u32) -> SkillId {
        self.pattern(pi).skill as usize
    }

    /// Whether these arrays can have been compiled from `tax`: the arrays that go together have
    /// matching lengths and every table its shape (a cheap check of a matcher read back from the
    /// cache, which reads none of the arrays' contents, so a mapped cache file stays unread
    /// until used). Indices inside the arrays are not checked here: every access is
    /// bounds-checked, so a damaged cache can give wrong mentions but never a panic.
    fn fits(&self, tax: &Taxonomy) -> bool {
        let n = tax.len();
        let pow2 = |v: &[u64]| v.len().is_power_of_two();
        self.skill_phrases.len() == n
            && self.skill_next.len() == n
            && self.skill_prev.len() == n
            && self.phrase_tokens.len() == self.phrase_hashes.len()
            && self.veto_words.len() == self.veto_hashes.len()
            && self.first_keys.len() == self.first_lists.len()
            && self.token_spans.len() == self.token_hashes.len()
            && self.delete_starts.len() == self.delete_keys.len() + 1
            && self
                .delete_buckets
                .len()
                .checked_sub(1)
                .is_some_and(usize::is_power_of_two)
            && self.vocab.len().is_power_of_two()
            && pow2(self.bloom)
            && pow2(self.window_bloom)
            && pow2(self.delete_bloom)
            && pow2(self.delete_prefixes)
    }

    /// The entry of a hash, through the Bloom filter.
    #[inline]
    fn lookup(&self, h: u64) -> Option<Entry> {
        if bloom_has(self.bloom, h) {
            vocab_get(self.vocab, h)
        } else {
            None
        }
    }

    /// When a token whose compact form has [`window_hash`] `(window, pow)` and `len` characters
    /// joins the last one of `infos`: marks that it joins, and the windows of two and three tokens
    /// ending here whose compact forms may be compact keys (their window hashes are in the
    /// filter).
    fn mark_windows(&self, infos: &mut [TokInfo], (window, pow): (u64, u64), len: u32) {
        let k = infos.len();
        let Some(prev) = infos.last_mut() else {
            return;
        };
        prev.flags |= JOINS_NEXT;
        if len == 0 || prev.compact_len == 0 {
            return;
        }
        let two = prev.window.wrapping_mul(pow).wrapping_add(window);
        prev.window2 = two;
        let total = prev.compact_len + len;
        if total >= 4 && bloom_has(self.window_bloom, two) {
            prev.flags |= WINDOW2;
        }
        if k >= 2 && infos[k - 2].flags & JOINS_NEXT != 0 && infos[k - 2].compact_len > 0 {
            let first = &mut infos[k - 2];
            let three = first.window2.wrapping_mul(pow).wrapping_add(window);
            if total + first.compact_len >= 4 && bloom_has(self.window_bloom, three) {
                first.flags |= WINDOW3;
            }
        }
    }

    /// Whether [`Tables::tokens_of`] should defer the table reads of a line: when the tables it
    /// reads are too large to stay in the second-level cache, their misses are worth overlapping;
    /// when they are small, the extra passes only cost time.
    fn defers(&self) -> bool {
        std::mem::size_of_val(self.vocab) + std::mem::size_of_val(self.bloom) > DEFER_MIN_BYTES
    }

    /// Tokenizes a line into `sc.toks` and fills `sc.infos` with what is known of each token,
    /// from the memo `sc.known` where the token was seen lately, else from the tables.
    ///
    /// `DEFER` (for large tables, see [`Tables::defers`]): three passes, so that the tables'
    /// cache misses overlap instead of waiting on each other. The first tokenizes, answers what it
    /// can from the memo, and starts loading the table lines that the tokens it could not answer
    /// will read ([`Tables::prefetch_learn`]); the second learns those tokens; the third marks
    /// the windows of joined tokens and starts loading the entries of the pairs of tokens that
    /// the scan will look up. The result is the same either way.
    fn tokens_of<const DEFER: bool>(&self, line: &Line<'_>, sc: &mut Scratch, fuzzy: bool) {
        let Scratch {
            toks,
            infos,
            known,
            pending,
            pows,
            key,
            ..
        } = sc;
        toks.clear();
        infos.clear();
        pending.clear();
        pows.clear();
        let n_known = known.len();
        tokenize_with(line.lower, |t, th| {
            let joins = toks
                .last()
                .is_some_and(|prev| Self::joinable(line, prev, &t));
            let h = th.hash;
            let slot = Scratch::slot(n_known, h);
            let k = match known.get(slot) {
                Some(k) if k.hash == h => *k,
                _ if DEFER => {
                    self.prefetch_learn(th, t.end - t.start, fuzzy);
                    pending.push((toks.len() as u32, th));
                    Known::EMPTY
                }
                _ => {
                    let k = self.learn(line, &t, th, key, fuzzy);
                    if let Some(s) = known.get_mut(slot) {
                        *s = k;
                    }
                    k
                }
            };
            if DEFER {
                if joins && let Some(prev) = infos.last_mut() {
                    prev.flags |= JOINS_NEXT;
                }
                pows.push(k.pow);
            } else if joins {
                self.mark_windows(infos, (k.window, k.pow), k.compact_len);
            }
            infos.push(k.info());
            toks.push(t);
        });
        if !DEFER {
            return;
        }
        for &(i, th) in pending.iter() {
            let i = i as usize;
            let slot = Scratch::slot(n_known, th.hash);
            // An earlier token of the line may have been the same word.
            let k = match known.get(slot) {
                Some(k) if k.hash == th.hash => *k,
                _ => {
                    let k = self.learn(line, &toks[i], th, key, fuzzy);
                    if let Some(s) = known.get_mut(slot) {
                        *s = k;
                    }
                    k
                }
            };
            let joins = infos[i].flags & JOINS_NEXT;
            infos[i] = k.info();
            infos[i].flags |= joins;
            pows[i] = k.pow;
        }
        for i in 1..infos.len() {
            // The scan will look this pair up (`spelling_at`).
            let (a, b) = (&infos[i - 1], &infos[i]);
            if a.seconds & second_bit(b.hash) != 0 {
                self.prefetch_lookup(pair_key(a.hash, b.hash));
            }
            if infos[i - 1].flags & JOINS_NEXT != 0 {
                let (window, len) = (infos[i].window, infos[i].compact_len);
                self.mark_windows(&mut infos[..i], (window, pows[i]), len);
            }
        }
    }

    /// Starts loading the lines of the tables that [`Tables::learn`] reads first for a token of
    /// `len` bytes hashed as `th`: a hint to the processor, which changes nothing but when the
    /// loads are paid.
    #[inline]
    fn prefetch_learn(&self, th: TokenHash, len: u32, fuzzy: bool) {
        let h = th.hash;
        if fuzzy && th.flags & ALPHA != 0 && len as usize >= FUZZY_MIN_LEN {
            prefetch_english(h);
        }
        self.prefetch_lookup(h);
    }

    /// Starts loading the lines that [`Tables::lookup`] of `h` reads.
    #[inline]
    fn prefetch_lookup(&self, h: u64) {
        prefetch(self.bloom, bloom_probe(self.bloom.len(), h).0);
        let n = self.vocab.len();
        if n.is_power_of_two() {
            prefetch(self.vocab, crate::hash::table_slot(h, n.trailing_zeros()));
        }
    }

    /// What the tables say of token `t` (hashed and classified by the tokenizer as `th`).
    fn learn(
        &self,
        line: &Line<'_>,
        t: &Token,
        th: TokenHash,
        key: &mut String,
        fuzzy: bool,
    ) -> Known {
        let h = th.hash;
        let len = t.end - t.start;
        let alpha_len = if th.flags & ASCII != 0 {
            if th.flags & ALPHA != 0 { len } else { 0 }
        } else {
            alphabetic_len(Self::token_str(line, t)).map_or(0, |n| n as u32)
        };
        let entry = self.lookup(h).unwrap_or(Entry::EMPTY);
        let mut flags = 0;
        let (compact_len, compact_pattern, window) = if th.flags & PLAIN != 0 {
            // A plain token ("python", "c++") is its own compact form, and ASCII: hashed by
            // bytes.
            flags |= PLAIN_FORM;
            let window = window_hash_of(Self::token_str(line, t).as_bytes().iter().copied());
            (len, entry.compact, window)
        } else {
            key.clear();
            push_compact(key, Self::token_str(line, t));
            (
                key.chars().count() as u32,
                self.lookup(hash_str(key)).map_or(NONE, |e| e.compact),
                window_hash(key),
            )
        };
        if fuzzy && alpha_len >= 3 {
            let word = Self::token_str(line, t);
            // Every function word has three or four letters.
            if alpha_len > 4 || !is_stopword(word) {
                flags |= PAIR_TAIL;
                // An English word is never a misspelling, nor the start of one.
                let long = alpha_len as usize >= FUZZY_MIN_LEN;
                if !(long && is_english(h)) {
                    flags |= PAIR_HEAD;
                    if long && self.word_prefix_may(word) {
                        flags |= FUZZY_ONE;
                    }
                }
            }
        }
        Known {
            hash: h,
            window: window.0,
            pow: window.1,
            first: entry.first,
            seconds: entry.multi,
            compact_pattern,
            compact_len,
            flags,
        }
    }

    /// Every mention of a skill in a document, in document order.
    pub fn extract(&self, tax: &Taxonomy, doc: &Document, opts: ExtractOptions) -> Vec<Mention> {
        self.extract_lines(tax, doc, opts, self.defers())
    }

    /// [`Tables::extract`], deferring the table reads of each line ([`Tables::tokens_of`]) or
    /// not.
    fn extract_lines(
        &self,
        tax: &Taxonomy,
        doc: &Document,
        opts: ExtractOptions,
        defer: bool,
    ) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut sc = Scratch::for_lines(doc.len());
        for li in 0..doc.len() {
            let line = doc.line(li);
            if defer {
                self.tokens_of::<true>(&line, &mut sc, opts.fuzzy);
            } else {
                self.tokens_of::<false>(&line, &mut sc, opts.fuzzy);
            }
            if sc.toks.is_empty() {
                continue;
            }
            let section = doc.sections[li];
            self.scan_line(&line, opts, section, &mut sc);
            if sc.found.is_empty() {
                continue;
            }
            let before = out.len();
            self.resolve_line(tax, &line, li, section, &mut sc, &mut out);
            if let Some(Some(origin)) = doc.origins.get(li) {
                for m in &mut out[before..] {
                    m.origin = Some(origin.clone());
                }
            }
        }
        out
    }

    fn token_str<'l>(line: &Line<'l>, t: &Token) -> &'l str {
        &line.lower[t.range()]
    }

    /// Whether two adjacent tokens are separated only by spacing/joining punctuation, so that they
    /// can be read as one word ("Tensor Flow", "Py-Torch").
    #[inline]
    fn joinable(line: &Line<'_>, a: &Token, b: &Token) -> bool {
        let gap = line
            .lower
            .as_bytes()
            .get(a.end as usize..b.start as usize)
            .unwrap_or(&[]);
        match gap {
            [b' '] => true,
            [] => false,
            _ if gap.len() > 3 => false,
            _ => {
                let mut marks = gap.iter().filter(|&&c| c != b' ');
                match (marks.next(), marks.next()) {
                    (None, _) => true,
                    (Some(b'-' | b'/' | b'&'), None) => true,
                    // "Node.JS" joins; "teams. Management" is a sentence end.
                    (Some(b'.'), None) => gap == b".",
                    _ => false,
                }
            }
        }
    }

    /// Whether the exact spelling `pi` stands at token `i`: its tokens, joined by spacing only.
    fn spelled_at(
        &self,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        i: usize,
        p: &Pattern,
    ) -> bool {
        let ids = run(self.pattern_tokens, p.tokens);
        ids.iter()
            .zip(&infos[i..i + ids.len()])
            .all(|(&id, t)| self.token_hashes.get(id as usize) == Some(&t.hash))
            && ids.iter().enumerate().all(|(k, &id)| {
                let want = self
                    .token_spans
                    .get(id as usize)
                    .map_or(&[][..], |&sp| self.b(sp));
                Self::token_str(line, &toks[i + k]).as_bytes() == want
                    && (k == 0 || infos[i + k - 1].flags & JOINS_NEXT != 0)
            })
    }

    /// Finds the raw matches of one line into `sc.found`.
    fn scan_line(
        &self,
        line: &Line<'_>,
        opts: ExtractOptions,
        section: SectionKind,
        sc: &mut Scratch,
    ) {
        let Scratch {
            toks,
            infos,
            buf,
            found,
            urls,
            chars,
            cands,
            fuzzy_seen,
            ..
        } = sc;
        let toks: &[Token] = toks;
        found.clear();
        // In a skills list, tags are often lowercase ("docker selenium jenkins go").
        let relaxed = section == SectionKind::Skills;
        // Web addresses matter only where something matches: looked for at the line's first
        // match ([`line_urls`]).
        let mut urls_read = false;
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let ti = &infos[i];
            let pair_may = infos
                .get(i + 1)
                .is_some_and(|next| ti.seconds & second_bit(next.hash) != 0);
            let spelled = ti.first[1] > 0 || pair_may;
            let variant = ti.compact_pattern != NONE || ti.flags & (WINDOW2 | WINDOW3) != 0;
            let (single, pair) = if opts.fuzzy {
                Self::fuzzy_shape(infos, i)
            } else {
                (false, false)
            };
            // Most tokens are none of these: one branch for them (`|`, not `||`: the tests are
            // cheap, the branches they would take are not predictable).
            if !(spelled | variant | single | pair) {
                i += 1;
                continue;
            }
            // (tokens, pattern, how, written in an accepted case form)
            let mut best: Option<(usize, u32, RawHow, bool)> = None;
            if spelled {
                best = self.spelling_at(line, toks, infos, i, pair_may, relaxed);
            }
            // Spacing/punctuation variants: one to three tokens read as one word.
            if variant {
                let longest = best.as_ref().map_or(0, |b| b.0);
                if let Some((w, pi)) = self.variant_at(line, toks, infos, i, longest, buf) {
                    best = Some((w, pi, RawHow::Variant, true));
                }
            }
            if best.is_none() && (single || pair) {
                best = self
                    .fuzzy_at(
                        line, toks, infos, i, single, pair, buf, chars, cands, fuzzy_seen,
                    )
                    .map(|(w, pi, score)| (w, pi, RawHow::Fuzzy(score), true));
            }
            let Some((len, pi, how, case_exact)) = best else {
                i += 1;
                continue;
            };
            // Vetoes hold for every kind of match ("regression tests" is not Regression);
            // `spelling_at` has checked its own.
            let vetted = matches!(how, RawHow::Spelling);
            if !vetted && self.vetoed(self.skill_of(pi), line, toks, infos, i, i + len)
                || in_url(
                    line_urls(line, urls, &mut urls_read),
                    toks[i].start as usize,
                )
            {
                i += 1;
                continue;
            }
            found.push(Raw {
                tok_start: i,
                tok_end: i + len,
                pattern: pi,
                how,
                case_exact,
            });
            i += len;
        }
    }

    /// The longest name or alias spelled at token `i` (one that passes its local checks).
    fn spelling_at(
        &self,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        i: usize,
        pair_may: bool,
        relaxed: bool,
    ) -> Option<(usize, u32, RawHow, bool)> {
        let n = toks.len();
        let e = &infos[i];
        // Spellings of two or more words starting here (longest first), then of one; the pair is
        // looked up only when `pair_may` (the next token may be one of their second tokens).
        let pair = match infos.get(i + 1) {
            Some(next) if pair_may => self
                .lookup(pair_key(e.hash, next.hash))
                .map_or([0, 0], |p| p.first),
            _ => [0, 0],
        };
        let (lists, keys) = (self.first_lists, self.first_keys);
        let candidates = run(lists, pair)
            .iter()
            .zip(run(keys, pair))
            .chain(run(lists, e.first).iter().zip(run(keys, e.first)));
        // tails[k]: the hash of tokens i + 2 .. i + k, as far as computed (to `tails_to`).
        let mut tails = [0u64; TAIL_MAX + 1];
        let mut tails_to = 2;
        let mut best = None;
        for (&pi, &key) in candidates {
            let mut len = (key >> 56) as usize;
            if len == 255 {
                match self.patterns.get(pi as usize) {
                    Some(p) => len = p.len(),
                    None => continue,
                }
            }
            if len > n - i {
                continue;
            }
            if best
                .as_ref()
                .is_some_and(|b: &(usize, u32, RawHow, bool)| b.0 >= len)
            {
                break;
            }
            if (3..=TAIL_MAX).contains(&len) {
                while tails_to < len {
                    tails[tails_to + 1] = tail_fold(tails[tails_to], infos[i + tails_to].hash);
                    tails_to += 1;
                }
                if tail_key(tails[len], len) != key {
                    continue;
                }
            }
            let Some(p) = self.patterns.get(pi as usize) else {
                continue;
            };
            // Words of a multi-word spelling must be joined by spacing, not by a comma
            // ("React, Redux" is two skills, not "React Redux").
            if !self.spelled_at(line, toks, infos, i, p) {
                continue;
            }
            let mut exact = true;
            if p.is_ambiguous() {
                match self.ambiguous_local_ok(line, toks, i, len, p, relaxed) {
                    None => continue,
                    Some(e) => exact = e,
                }
            }
            if self.vetoed(p.skill as usize, line, toks, infos, i, i + len) {
                continue;
            }
            best = Some((len, pi, RawHow::Spelling, exact));
        }
        best
    }

    /// The longest spacing or punctuation variant at token `i`: the compact form of one to three
    /// tokens ("Tensor Flow", "scikit learn") that is a pattern's, longer than `longer_than`.
    fn variant_at(
        &self,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        i: usize,
        longer_than: usize,
        buf: &mut String,
    ) -> Option<(usize, u32)> {
        let t0 = &infos[i];
        let mut found = None;
        if longer_than < 1
            && t0.compact_pattern != NONE
            && self.compact_is(t0.compact_pattern, {
                buf.clear();
                push_compact(buf, Self::token_str(line, &toks[i]));
                buf
            })
        {
            found = Some((1, t0.compact_pattern));
        }
        // Windows only where their first tokens may begin a compact key of their length and their
        // last token end one.
        let two = t0.flags & WINDOW2 != 0 && longer_than < 2;
        let three = t0.flags & WINDOW3 != 0 && longer_than < 3;
        if !two && !three {
            return found;
        }
        buf.clear();
        Self::push_compact_of(buf, line, toks, infos, i);
        Self::push_compact_of(buf, line, toks, infos, i + 1);
        let hash = hash_str(buf);
        if two
            && let Some(pi) = self
                .lookup(hash)
                .map(|e| e.compact)
                .filter(|&pi| pi != NONE)
            && Self::compact_window_ok(line, &toks[i..i + 2])
            && self.compact_is(pi, buf)
        {
            found = Some((2, pi));
        }
        if !three || i + 2 >= toks.len() {
            return found;
        }
        Self::push_compact_of(buf, line, toks, infos, i + 2);
        if let Some(pi) = self
            .lookup(hash_str(buf))
            .map(|e| e.compact)
            .filter(|&pi| pi != NONE)
            && Self::compact_window_ok(line, &toks[i..i + 3])
            && self.compact_is(pi, buf)
        {
            found = Some((3, pi));
        }
        found
    }

    /// Appends the compact form of token `i`: the token itself when it is plain ([`PLAIN_FORM`]),
    /// else its letters, digits, `+` and `#`.
    fn push_compact_of(
        buf: &mut String,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        i: usize,
    ) {
        let t = Self::token_str(line, &toks[i]);
        if infos[i].flags & PLAIN_FORM != 0 {
            buf.push_str(t);
        } else {
            push_compact(buf, t);
        }
    }

    /// Whether `key` is the compact form of pattern `pi`.
    fn compact_is(&self, pi: u32, key: &str) -> bool {
        let mut rest = key;
        let Some(p) = self.patterns.get(pi as usize) else {
            return false;
        };
        for &id in run(self.pattern_tokens, p.tokens) {
            let tok = self
                .token_spans
                .get(id as usize)
                .map_or("", |&sp| self.s(sp));
            for c in compact_chars(tok) {
                match rest.strip_prefix(c) {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
        }
        rest.is_empty()
    }

    /// Whether words may be read run together ("Tensor Flow" as TensorFlow): not when they are written
    /// in lowercase and one is a short word ("an open cv" is not OpenCV).
    fn compact_window_ok(line: &Line<'_>, window: &[Token]) -> bool {
        let lowercase = window
            .iter()
            .all(|t| !line.norm[t.range()].chars().any(char::is_uppercase));
        !lowercase || window.iter().all(|t| t.end - t.start >= 4)
    }

    /// Whether token `i` may be misspelt alone (`.0`) and together with the next token (`.1`), from
    /// the token facts alone ([`FUZZY_ONE`], [`PAIR_HEAD`], [`PAIR_TAIL`], decided once per
    /// distinct word): words of letters, not English ("an English word is never a misspelling,
    /// alone or joined with the next word"), long enough; two words read as one ("Tenser flow")
    /// are neither function words nor fragments, and they join.
    #[inline]
    fn fuzzy_shape(infos: &[TokInfo], i: usize) -> (bool, bool) {
        // Without short-circuits: every test is cheap, and branching on each would mispredict.
        let t = infos[i].flags;
        let next = infos.get(i + 1).map_or(0, |n| n.flags);
        let single = t & FUZZY_ONE != 0;
        let pair =
            (t & (PAIR_HEAD | JOINS_NEXT) == PAIR_HEAD | JOINS_NEXT) & (next & PAIR_TAIL != 0);
        (single, pair)
    }

    /// A likely misspelling at token `i` alone (when `single`), else joined with the next token
    /// (when `pair`); see [`Matcher::fuzzy_shape`].
    #[allow(clippy::too_many_arguments)]
    fn fuzzy_at(
        &self,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        i: usize,
        single: bool,
        pair: bool,
        buf: &mut String,
        chars: &mut Vec<char>,
        cands: &mut Vec<u32>,
        seen: &mut [u64],
    ) -> Option<(usize, u32, f64)> {
        let t0 = Self::token_str(line, &toks[i]);
        // A word that may be misspelt alone has passed the prefix filter already (`learn`).
        if single
            && self.may_be_fuzzy_seen(t0, infos[i].hash, true, seen, chars)
            && let Some((pi, score)) = self.fuzzy_lookup(t0, chars, cands)
        {
            return Some((1, pi, score));
        }
        if !pair {
            return None;
        }
        let t1 = Self::token_str(line, &toks[i + 1]);
        buf.clear();
        buf.push_str(t0);
        buf.push_str(t1);
        let key = pair_key(infos[i].hash, infos[i + 1].hash);
        if !self.may_be_fuzzy_seen(buf, key, false, seen, chars) {
            return None;
        }
        self.fuzzy_lookup(buf, chars, cands)
            .map(|(pi, score)| (2, pi, score))
    }

    /// [`Matcher::may_be_fuzzy`] through the memo `seen`, where the query is known by `key` (a hash
    /// of its text); `prefix_passed` when the query is known to pass the prefix filter.
    fn may_be_fuzzy_seen(
        &self,
        q: &str,
        key: u64,
        prefix_passed: bool,
        seen: &mut [u64],
        chars: &mut Vec<char>,
    ) -> bool {
        let slot = Scratch::slot(seen.len(), key);
        if let Some(&v) = seen.get(slot)
            && v | 1 == key | 1
            && v != 0
        {
            return v & 1 == 1;
        }
        let may = self.may_be_fuzzy(q, prefix_passed, chars);
        if let Some(v) = seen.get_mut(slot) {
            *v = (key & !1) | u64::from(may);
        }
        may
    }

    /// Whether a query can be fuzzy at all: one of its deletion neighbours may be a key's. Only
    /// the neighbours whose first four characters and length the prefix filter knows are probed
    /// ([`Matcher::neighbour_classes`]); when the caller knows that the query passes the filter
    /// (`prefix_passed`), all of them.
    fn may_be_fuzzy(&self, q: &str, prefix_passed: bool, chars: &mut Vec<char>) -> bool {
        if q.is_ascii() {
            return self.may_be_fuzzy_of(q.as_bytes(), prefix_passed);
        }
        chars.clear();
        chars.extend(q.chars());
        self.may_be_fuzzy_of(chars, prefix_passed)
    }

    /// [`Matcher::may_be_fuzzy`] of a query's characters (the bytes of ASCII text, or `char`s).
    #[inline]
    fn may_be_fuzzy_of<C: Copy + Into<u64>>(&self, chars: &[C], prefix_passed: bool) -> bool {
        let classes = if prefix_passed {
            ALL_CLASSES
        } else {
            self.neighbour_classes(chars)
        };
        chars.len() <= MAX_FUZZY_CHARS
            && any_deletion_hash_of(chars, classes, |h| bloom_has(self.delete_bloom, h))
    }

    /// [`Matcher::neighbour_prefix_may`] of a word, read from its text.
    fn word_prefix_may(&self, word: &str) -> bool {
        if word.is_ascii() {
            return self.neighbour_prefix_may(word.as_bytes());
        }
        let mut five = [0u64; 5];
        let mut n = 0;
        for c in word.chars() {
            if let Some(slot) = five.get_mut(n) {
                *slot = u64::from(c);
            }
            n += 1;
        }
        n < 5 || self.prefix_may(five, n)
    }

    /// Whether a neighbour of the query `chars` (itself or a deletion, see
    /// [`any_deletion_hash`]) may begin as one of the deletion neighbourhood's strings of its
    /// length: a necessary condition for a shared neighbour, tested with five bits. Queries of
    /// fewer than five characters, whose neighbours may be shorter than four, pass.
    fn neighbour_prefix_may<C: Copy + Into<u64>>(&self, chars: &[C]) -> bool {
        self.neighbour_classes(chars) != 0
    }

    /// Which classes of the neighbours of the query `chars` ([`neighbour_prefix_keys`]) pass the
    /// prefix filter, as bits: a neighbour of a class that does not is no string of the index.
    /// All of them for queries of fewer than five characters.
    fn neighbour_classes<C: Copy + Into<u64>>(&self, chars: &[C]) -> u8 {
        if chars.len() < 5 {
            return ALL_CLASSES;
        }
        self.prefix_classes(std::array::from_fn(|i| chars[i].into()), chars.len())
    }

    /// [`Matcher::neighbour_prefix_may`] of a query of `len` characters (five or more) that
    /// begins with `first`.
    #[inline]
    fn prefix_may(&self, first: [u64; 5], len: usize) -> bool {
        self.prefix_classes(first, len) != 0
    }

    /// [`Matcher::neighbour_classes`] of a query of `len` characters (five or more) that begins
    /// with `first`.
    #[inline]
    fn prefix_classes(&self, first: [u64; 5], len: usize) -> u8 {
        let bits = self.delete_prefixes;
        if bits.is_empty() {
            return ALL_CLASSES;
        }
        let keys = neighbour_prefix_keys(first, len);
        let has = |k: u64| {
            let (w, bit) = prefix_bit(bits.len(), k);
            u8::from(bits.get(w).is_some_and(|&x| x & bit != 0))
        };
        // Without branches: five cheap probes beat five unpredictable branches.
        has(keys[0]) | has(keys[1]) << 1 | has(keys[2]) << 2 | has(keys[3]) << 3 | has(keys[4]) << 4
    }

    /// Best fuzzy key for a query: same first letter, Damerau-Levenshtein distance 1 (2 for keys of 10+
    /// letters), found through the deletion index. Returns the pattern and the similarity.
    fn fuzzy_lookup(
        &self,
        q: &str,
        chars: &mut Vec<char>,
        cands: &mut Vec<u32>,
    ) -> Option<(u32, f64)> {
        cands.clear();
        chars.clear();
        chars.extend(q.chars());
        for_each_deletion_hash(chars, |h| {
            if !bloom_has(self.delete_bloom, h) {
                return;
            }
            if let Some(i) = index_get(self.delete_keys, self.delete_buckets, h)
                && let (Some(&s), Some(&e)) = (
                    self.delete_starts.get(i as usize),
                    self.delete_starts.get(i as usize + 1),
                )
            {
                cands.extend_from_slice(run(self.delete_lists, [s, e.saturating_sub(s)]));
            }
        });
        if cands.is_empty() {
            return None;
        }
        cands.sort_unstable();
        cands.dedup();
        let qf = q.chars().next();
        let mut best: Option<(usize, u32, String)> = None;
        for &fi in cands.iter() {
            let Some(&pi) = self.fuzzy_keys.get(fi as usize) else {
                continue;
            };
            let key = self.compact(pi);
            if key == q || key.chars().next() != qf {
                continue;
            }
            let max = if key.chars().count() >= 10 { 2 } else { 1 };
            let d = strsim::damerau_levenshtein(q, &key);
            if d <= max && best.as_ref().is_none_or(|(bd, _, _)| d < *bd) {
                best = Some((d, pi, key));
            }
        }
        best.map(|(_, pi, key)| {
            let score = strsim::normalized_damerau_levenshtein(q, &key);
            (pi, (score * 100.0).round() / 100.0)
        })
    }

    /// Turns the raw matches of one line (`sc.found`) into mentions, applying the context rules to
    /// ambiguous ones.
    fn resolve_line(
        &self,
        tax: &Taxonomy,
        line: &Line<'_>,
        li: usize,
        section: SectionKind,
        sc: &mut Scratch,
        out: &mut Vec<Mention>,
    ) {
        let Scratch {
            toks,
            infos,
            found,
            accepted,
            ..
        } = sc;
        let toks: &[Token] = toks;
        let found: &[Raw] = found;
        let pending = |r: &Raw| self.pattern(r.pattern).is_ambiguous();
        accepted.clear();
        accepted.extend(
            found
                .iter()
                .map(|r| (!pending(r)).then_some(Support::Plain)),
        );
        if accepted.iter().any(Option::is_none) {
            let label_line = section == SectionKind::Skills;
            let others_on_line = accepted.iter().any(Option::is_some);
            // Own support first (a skills section, a context word), then list neighbours in one
            // sweep each way, so that a chain "R, Go, and Python" accepts Go through Python and R
            // through Go in linear time (a fixpoint: support only flows between adjacent list
            // items).
            for (k, r) in found.iter().enumerate() {
                if accepted[k].is_some() {
                    continue;
                }
                let skill = self.skill_of(r.pattern);
                accepted[k] = if label_line && (r.case_exact || others_on_line) {
                    Some(Support::SkillsSection)
                } else {
                    self.context_word_near(line, toks, infos, r, skill)
                        .map(Support::Context)
                };
            }
            for k in (0..found.len()).chain((0..found.len()).rev()) {
                if accepted[k].is_some() {
                    continue;
                }
                accepted[k] =
                    Self::list_neighbour(line, toks, found, accepted, k).map(Support::ListedWith);
            }
        }
        for (k, r) in found.iter().enumerate() {
            let Some(support) = accepted[k] else {
                continue;
            };
            let p = self.pattern(r.pattern);
            let start = toks[r.tok_start].start as usize;
            let end = toks[r.tok_end - 1].end as usize;
            let how = match r.how {
                RawHow::Spelling if p.is_name != 0 => How::Exact,
                RawHow::Spelling => How::Alias {
                    alias: self.spelling(r.pattern),
                },
                RawHow::Variant => How::Variant {
                    of: self.spelling(r.pattern),
                },
                RawHow::Fuzzy(score) => How::Fuzzy {
                    of: self.spelling(r.pattern),
                    score,
                },
            };
            let skill = p.skill as usize;
            let ambiguous_support = match support {
                Support::Plain => None,
                Support::SkillsSection => Some("listed in a skills section".to_string()),
                Support::Context(c) => Some(format!(
                    "context word \"{}\" nearby",
                    self.phrases_of(skill)
                        .get(c)
                        .map_or(String::new(), |&p| self.phrase_text(p))
                )),
                Support::ListedWith(j) => Some(format!(
                    "listed with {}",
                    tax.skill(self.skill_of(found[j].pattern)).name
                )),
            };
            out.push(Mention {
                skill,
                line: line.number,
                column: line.column(start),
                text: CompactString::new(line.slice(start, end)),
                how,
                line_index: li,
                start,
                end,
                tok_start: r.tok_start,
                tok_end: r.tok_end,
                ambiguous_support,
                origin: None,
            });
        }
    }

    /// Whether a skill's exclude_next/exclude_prev words stand right after/before tokens `s..e`.
    fn vetoed(
        &self,
        skill: SkillId,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        s: usize,
        e: usize,
    ) -> bool {
        let is_veto = |runs: &[Span], t: usize| {
            let Some(&r) = runs.get(skill) else {
                return false;
            };
            let Some(info) = infos.get(t) else {
                return false;
            };
            let word = Self::token_str(line, &toks[t]).as_bytes();
            run(self.veto_hashes, r)
                .iter()
                .zip(run(self.veto_words, r))
                .any(|(&h, &sp)| h == info.hash && self.b(sp) == word)
        };
        is_veto(self.skill_next, e)
            || s.checked_sub(1)
                .is_some_and(|p| is_veto(self.skill_prev, p))
    }

    /// The context phrases of a skill, each as its run of `phrase_tokens`.
    fn phrases_of(&self, skill: SkillId) -> &[Span] {
        self.skill_phrases
            .get(skill)
            .map_or(&[][..], |&r| run(self.phrases, r))
    }

    /// A context phrase as text, its tokens joined by spaces.
    fn phrase_text(&self, phrase: Span) -> String {
        run(self.phrase_tokens, phrase)
            .iter()
            .map(|&sp| self.s(sp))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The index of a context phrase of `skill` near a raw match.
    fn context_word_near(
        &self,
        line: &Line<'_>,
        toks: &[Token],
        infos: &[TokInfo],
        r: &Raw,
        skill: SkillId,
    ) -> Option<usize> {
        let lo = r.tok_start.saturating_sub(CONTEXT_WINDOW);
        let hi = (r.tok_end + CONTEXT_WINDOW).min(toks.len());
        // One bit (of 64) for each token hash of the window: a phrase whose first token's bit is
        // clear is not there, and most are not, so their scans are skipped.
        let bit = |h: u64| 1u64 << (h >> 58);
        let window = infos
            .get(lo..hi)
            .map_or(0, |w| w.iter().fold(0, |m, t| m | bit(t.hash)));
        for (pi, &phrase) in self.phrases_of(skill).iter().enumerate() {
            let spans = run(self.phrase_tokens, phrase);
            let hashes = run(self.phrase_hashes, phrase);
            let n = spans.len();
            let Some(&first) = hashes.first() else {
                continue;
            };
            if window & bit(first) == 0 {
                continue;
            }
            for s in lo..hi.saturating_sub(n - 1) {
                if s + n > r.tok_start && s < r.tok_end || infos[s].hash != first {
                    continue;
                }
                if (0..n)
                    .all(|k| Self::token_str(line, &toks[s + k]).as_bytes() == self.b(spans[k]))
                {
                    return Some(pi);
                }
            }
        }
        None
    }

    /// Index of a neighbouring accepted mention separated from `k` only by list punctuation.
    fn list_neighbour(
        line: &Line<'_>,
        toks: &[Token],
        found: &[Raw],
        accepted: &[Option<Support>],
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

    /// Local checks for an ambiguous spelling (see [`ambiguous_local_ok`]) with its case forms.
    fn ambiguous_local_ok(
        &self,
        line: &Line<'_>,
        toks: &[Token],
        i: usize,
        n: usize,
        p: &Pattern,
        relaxed: bool,
    ) -> Option<bool> {
        let mut forms = [""; 8];
        let spans = run(self.form_spans, p.forms);
        let mut k = 0;
        for &sp in spans.iter().take(forms.len()) {
            forms[k] = self.s(sp);
            k += 1;
        }
        if spans.len() > forms.len() {
            let all: Vec<&str> = spans.iter().map(|&sp| self.s(sp)).collect();
            return ambiguous_local_ok(line, toks, i, n, &all, relaxed);
        }
        ambiguous_local_ok(line, toks, i, n, &forms[..k], relaxed)
    }
}

#[derive(Debug)]
struct Raw {
    tok_start: usize,
    tok_end: usize,
    pattern: u32,
    how: RawHow,
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
/// mentions ("opm.gov/policy-data-oversight/classification"). Only the words around a `/` or a
/// `www.` are looked at.
fn url_spans(lower: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = lower.as_bytes();
    let mut hits = memchr::memchr_iter(b'/', bytes)
        .chain(memchr::memmem::find_iter(bytes, b"www."))
        .collect::<Vec<usize>>();
    hits.sort_unstable();
    let mut done_to = 0;
    for p in hits {
        if p < done_to {
            continue;
        }
        // The whitespace-separated word around the hit.
        let start = lower[..p]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = lower[p..]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(lower.len(), |(i, _)| p + i);
        done_to = end;
        url_spans_in_word(&lower[start..end], start, out);
    }
}

fn url_spans_in_word(word: &str, at: usize, out: &mut Vec<(usize, usize)>) {
    // An address runs from "http://", "https://" or "www." to the end of the word.
    let b = word.as_bytes();
    let first = (0..b.len()).find(|&i| {
        let rest = &b[i..];
        rest.starts_with(b"http://") || rest.starts_with(b"https://") || rest.starts_with(b"www.")
    });
    if let Some(i) = first {
        out.push((at + i, at + word.len()));
    }
    // Bare domains with a path: "github.com/user/repo", "opm.gov/policy".
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
            out.push((at, at + word.len()));
        }
    }
}

/// The web addresses of `line` in `urls`, found on the first call for the line (`read` says
/// whether it was made), and only when a '/' or "www." is there.
fn line_urls<'u>(
    line: &Line<'_>,
    urls: &'u mut Vec<(usize, usize)>,
    read: &mut bool,
) -> &'u [(usize, usize)] {
    if !*read {
        *read = true;
        urls.clear();
        if memchr::memchr(b'/', line.lower.as_bytes()).is_some() || has_www(line.lower) {
            url_spans(line.lower, urls);
        }
    }
    urls
}

/// Whether `s` holds "www." (the first test of a web address; most lines have none).
fn has_www(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'w', b).any(|i| b[i..].starts_with(b"www."))
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

/// The base of the polynomial hash of [`for_each_deletion_hash`], and its inverse modulo 2^64 (the
/// base is odd), by Newton's iteration: each step doubles the bits that are right.
const DELETION_BASE: u64 = 0x100_0000_01b3;
const DELETION_BASE_INV: u64 = {
    let mut x = DELETION_BASE;
    let mut k = 0;
    while k < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(DELETION_BASE.wrapping_mul(x)));
        k += 1;
    }
    x
};

/// One more character in the polynomial hash of [`window_hash`] and [`any_deletion_hash`].
#[inline]
fn poly_step(h: u64, c: impl Into<u64>) -> u64 {
    h.wrapping_mul(DELETION_BASE).wrapping_add(c.into() + 1)
}

/// Calls `f` with the polynomial hash of `chars` and of each string obtained by deleting one
/// character of it but the first, until `f` returns true; returns whether it did.
///
/// The first character's deletion is left out on both sides of the index (keys and queries): a
/// fuzzy match keeps its first letter ([`Matcher::fuzzy_lookup`]), and any pair of strings with
/// the same first letter that meet through a first-character deletion also meet through another
/// (it drops a letter equal to the next one, whose deletion gives the same string) or are equal
/// outright. So a query costs one probe less, and the index is smaller, for the same matches.
fn any_deletion_hash<C: Copy + Into<u64>>(chars: &[C], f: impl FnMut(u64) -> bool) -> bool {
    any_deletion_hash_of(chars, ALL_CLASSES, f)
}

/// The classes of [`neighbour_prefix_keys`], as bits: the string itself; deleting its fifth
/// character or a later one; deleting its second (then third, fourth: the next two bits).
const CLASS_WHOLE: u8 = 1;
const CLASS_LATER: u8 = 2;
const CLASS_SECOND: u8 = 4;
const ALL_CLASSES: u8 = 31;

/// `DELETION_BASE` to the powers 0 to [`MAX_FUZZY_CHARS`].
const DELETION_POWERS: [u64; MAX_FUZZY_CHARS + 1] = {
    let mut p = [1u64; MAX_FUZZY_CHARS + 1];
    let mut k = 1;
    while k < p.len() {
        p[k] = p[k - 1].wrapping_mul(DELETION_BASE);
        k += 1;
    }
    p
};

/// [`any_deletion_hash`] of only the neighbours in `classes` (bits of the order of
/// [`neighbour_prefix_keys`]) of a string of five characters or more; of all of them for a
/// shorter one. The same answer as `any_deletion_hash` wherever `f` holds no string of the
/// classes left out: a query probes only the neighbours that the prefix filter lets through.
///
/// O(1) per deletion and no buffer: with `P[i]` the hash of the first `i` characters and `H` the
/// whole string's, deleting character `i` of an `n`-character string leaves
/// `P[i]·B^(n-1-i) + (H - P[i+1]·B^(n-1-i))`. The fifth and later characters' deletions walk `P`
/// down from `H` with the base's inverse; the second to fourth take `P` forwards. The characters
/// are bytes (ASCII text) or `char`s, which hash alike.
fn any_deletion_hash_of<C: Copy + Into<u64>>(
    chars: &[C],
    classes: u8,
    mut f: impl FnMut(u64) -> bool,
) -> bool {
    let chars = &chars[..chars.len().min(MAX_FUZZY_CHARS)];
    let n = chars.len();
    let classes = if n < 5 { ALL_CLASSES } else { classes };
    let code = |c: C| -> u64 { c.into() + 1 };
    let whole = chars.iter().fold(0u64, |h, &c| poly_step(h, c));
    if classes & CLASS_WHOLE != 0 && f(whole) {
        return true;
    }
    if classes & CLASS_LATER != 0 {
        let mut after = whole; // P[i + 1]
        let mut pow = 1u64; // B^(n-1-i)
        for &c in chars.get(4..).unwrap_or(&[]).iter().rev() {
            let before = after.wrapping_sub(code(c)).wrapping_mul(DELETION_BASE_INV); // P[i]
            let rest = whole.wrapping_sub(after.wrapping_mul(pow));
            if f(before.wrapping_mul(pow).wrapping_add(rest)) {
                return true;
            }
            after = before;
            pow = pow.wrapping_mul(DELETION_BASE);
        }
    }
    let early = n.min(4);
    let mut prefix = [0u64; 5]; // P[0] to P[early]
    for i in 0..early {
        prefix[i + 1] = poly_step(prefix[i], chars[i]);
    }
    (1..early).any(|i| {
        classes & (CLASS_SECOND << (i - 1)) != 0
            && f(whole.wrapping_add(
                prefix[i]
                    .wrapping_sub(prefix[i + 1])
                    .wrapping_mul(DELETION_POWERS[n - 1 - i]),
            ))
    })
}

/// Every hash of [`any_deletion_hash`].
fn for_each_deletion_hash<C: Copy + Into<u64>>(chars: &[C], mut f: impl FnMut(u64)) {
    any_deletion_hash(chars, |h| {
        f(h);
        false
    });
}

/// Calls `f` with the first four characters ([`prefix_key`]) of each string of a key's deletion
/// neighbourhood ([`for_each_deletion_hash`]) that has four or more.
fn for_each_neighbour_prefix(chars: &[char], mut f: impl FnMut(u64)) {
    let c: Vec<u64> = chars.iter().take(5).map(|&c| u64::from(c)).collect();
    match c[..] {
        [a, b, c, d, e] => neighbour_prefix_keys([a, b, c, d, e], chars.len())
            .into_iter()
            .for_each(f),
        // A key of four characters: only its own (its deletions have three).
        [a, b, c, d] => f(prefix_key([a, b, c, d], 4)),
        _ => {}
    }
}

/// The [`prefix_key`]s of the neighbours of a string of `len` characters (five or more) that
/// begins with the five `c`: its own first four with its length; and, with one less, those of
/// deleting its second, third or fourth character and its own again (any later deletion leaves
/// the first four). Keys and queries both take theirs from here: two strings that share a
/// neighbour share one of these.
#[inline]
fn neighbour_prefix_keys([a, b, c, d, e]: [u64; 5], len: usize) -> [u64; 5] {
    [
        prefix_key([a, b, c, d], len),
        prefix_key([a, b, c, d], len - 1),
        prefix_key([a, c, d, e], len - 1),
        prefix_key([a, b, d, e], len - 1),
        prefix_key([a, b, c, e], len - 1),
    ]
}

/// A hash of four characters and the length of the string they begin.
#[inline]
fn prefix_key(c: [u64; 4], len: usize) -> u64 {
    c.iter().fold(len as u64, |h, &x| {
        h.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(x + 1)
    })
}

/// The word and bit of a [`prefix_key`] in a bitmap of `words` words (a power of two).
#[inline]
fn prefix_bit(words: usize, key: u64) -> (usize, u64) {
    let m = key.wrapping_mul(0xff51_afd7_ed55_8ccd);
    let i = (m >> (64 - (words * 64).trailing_zeros())) as usize;
    (i / 64, 1u64 << (i % 64))
}

/// The bitmap of the prefix keys `keys`: about 16 bits a key (so that a probe is mostly a clear
/// "no"), from 1,024 bits up to 2 Mbit (256 KB, for the largest taxonomies).
fn prefix_bitmap(keys: &[u64]) -> Vec<u64> {
    let bits = (keys.len() * 16)
        .next_power_of_two()
        .clamp(1 << 10, 1 << 21);
    let mut map = vec![0u64; bits / 64];
    for &k in keys {
        let (w, bit) = prefix_bit(map.len(), k);
        map[w] |= bit;
    }
    map
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
