//! Text normalisation and tokenisation. Knows nothing about skills.
//!
//! A line is normalised into two strings of identical byte length: `norm` (case kept, typographic
//! quotes/dashes/spaces folded, compatibility forms unfolded) and `lower` (its lowercase). Tokens are byte
//! ranges valid in both, so matching runs on `lower` while case-sensitive rules can look at `norm`.

use unicode_normalization::UnicodeNormalization;

/// One normalised line of a document: a view into the document's buffers.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number in the source document.
    pub number: usize,
    /// The line as read (after decoding), for evidence.
    pub raw: &'a str,
    /// Normalised text, case kept.
    pub norm: &'a str,
    /// Lowercase of `norm`, same byte length.
    pub lower: &'a str,
    /// For each byte of `norm`, the 1-based character column in `raw` it came from; empty for lines
    /// where byte `i` is column `i + 1` (ASCII lines).
    cols: &'a [u32],
}

impl<'a> Line<'a> {
    /// A view of normalised text (`norm` and `lower` of the same length).
    pub(crate) fn from_parts(
        number: usize,
        raw: &'a str,
        norm: &'a str,
        lower: &'a str,
        cols: &'a [u32],
    ) -> Line<'a> {
        Line {
            number,
            raw,
            norm,
            lower,
            cols,
        }
    }

    /// 1-based character column in `raw` of a byte offset in `norm`.
    pub fn column(&self, byte: usize) -> usize {
        if self.cols.is_empty() {
            return byte.min(self.norm.len()) + 1;
        }
        self.cols
            .get(byte)
            .copied()
            .unwrap_or_else(|| self.raw.chars().count() as u32 + 1) as usize
    }

    /// The normalised text of a byte range (case kept).
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.norm.get(start..end).unwrap_or("")
    }
}

/// One normalised line that owns its text (a phrase, a heading in a test).
#[derive(Debug, Clone, Default)]
pub struct LineBuf {
    number: usize,
    raw: String,
    norm: String,
    lower: String,
    cols: Vec<u32>,
}

impl LineBuf {
    /// Normalises one raw line.
    pub fn new(number: usize, raw: &str) -> LineBuf {
        let (mut norm, mut lower, mut cols) = (Vec::new(), Vec::new(), Vec::new());
        normalize_into(raw, &mut norm, &mut lower, &mut cols);
        LineBuf {
            number,
            raw: raw.to_string(),
            norm: utf8_string(norm),
            lower: utf8_string(lower),
            cols,
        }
    }

    pub fn view(&self) -> Line<'_> {
        Line::from_parts(self.number, &self.raw, &self.norm, &self.lower, &self.cols)
    }
}

/// Appends the normalised form of one raw line (no line breaks inside) to `norm` and its
/// lowercase twin to `lower` (both UTF-8), and, for a line that is not plain ASCII, the raw column
/// of every appended byte to `cols`. Returns whether columns were appended.
///
/// ASCII lines (nearly all of them) are copied and lowercased in bulk; only control characters
/// change, so bytes and columns line up.
pub(crate) fn normalize_into(
    raw: &str,
    norm: &mut Vec<u8>,
    lower: &mut Vec<u8>,
    cols: &mut Vec<u32>,
) -> bool {
    if raw.is_ascii() {
        push_ascii(raw.as_bytes(), norm, lower);
        return false;
    }
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut col = 0u32; // characters of `raw` before byte `i`
    while i < bytes.len() {
        // A run of ASCII characters.
        let run = bytes[i..].iter().take_while(|&&b| b < 0x80).count();
        if run > 0 {
            push_ascii(&bytes[i..i + run], norm, lower);
            cols.extend((col + 1)..=(col + run as u32));
            col += run as u32;
            i += run;
            continue;
        }
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        col += 1;
        let mut push = |c: char| {
            let mut b = [0u8; 4];
            norm.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            lower.extend_from_slice(lower_same_len(c).encode_utf8(&mut b).as_bytes());
            cols.extend(std::iter::repeat_n(col, c.len_utf8()));
        };
        match fold(c) {
            Some(f) => push(f),
            None => {
                for d in std::iter::once(c).nfkc() {
                    push(fold(d).unwrap_or(d));
                }
            }
        }
    }
    true
}

/// Appends ASCII bytes to `norm` (control characters become spaces) and their lowercase to
/// `lower`. Both loops are plain byte maps, which the compiler vectorises.
fn push_ascii(ascii: &[u8], norm: &mut Vec<u8>, lower: &mut Vec<u8>) {
    let clean = |b: u8| if b < 0x20 || b == 0x7f { b' ' } else { b };
    norm.extend(ascii.iter().map(|&b| clean(b)));
    lower.extend(ascii.iter().map(|&b| clean(b).to_ascii_lowercase()));
}

/// Bytes known to be UTF-8 (built from `str`s and `char`s only) as a `String`.
pub(crate) fn utf8_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Lowercase of a character when it keeps the same UTF-8 length, else the character itself.
fn lower_same_len(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Folds typographic punctuation to ASCII; `None` for characters that need NFKC or stay.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{0060}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{FEFF}' => ' ',
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => ' ',
        '\u{2022}' | '\u{25AA}' | '\u{25CF}' | '\u{25E6}' | '\u{2023}' | '\u{2043}'
        | '\u{25A0}' | '\u{25A1}' | '\u{27A2}' | '\u{2756}' | '\u{00B7}' | '\u{2219}'
        | '\u{F0B7}' => '*',
        '\u{2026}' => '.',
        _ => return None,
    })
}

/// A token: a byte range in a [`Line`]'s `norm`/`lower`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// The punctuation character that glues this token to the previous one with no space in between
    /// (`-` in "go-to", `/` in "CI/CD", `'` in "Julia's"), if any.
    pub glue_before: Option<char>,
}

impl Token {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Classes of bytes for the tokenizer: bit 0 an ASCII word character (letter, digit, `_`), bit 1
/// plain (a lowercase letter, digit, `+` or `#`: a token of these is its own compact form), bit 2
/// an ASCII letter, bit 3 ASCII. Bytes of multi-byte characters are in no class.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let mut k = 0;
        if b.is_ascii_alphanumeric() || b == b'_' {
            k |= WORD;
        }
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'+' || b == b'#' {
            k |= PLAIN;
        }
        if b.is_ascii_alphabetic() {
            k |= ALPHA;
        }
        if b.is_ascii() {
            k |= ASCII;
        }
        t[c] = k;
        c += 1;
    }
    t
};
const WORD: u8 = 1;
/// Token flag: made of lowercase letters, digits, `+` and `#` only (and not starting with `.`).
pub(crate) const PLAIN: u8 = 2;
/// Token flag: made of ASCII letters only.
pub(crate) const ALPHA: u8 = 4;
/// Token flag: ASCII only.
pub(crate) const ASCII: u8 = 8;

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// What the matcher knows of a token besides its place: its [`hash_str`](crate::hash::hash_str) and
/// its [`PLAIN`] / [`ALPHA`] / [`ASCII`] flags.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenHash {
    pub hash: u64,
    pub flags: u8,
}

/// Splits a lowercase (or any) string into tokens.
///
/// Word characters are letters, digits and `_`. Inside a token, `.` joins when a word character follows
/// (`node.js`, `asp.net`, `e.g`), and a leading `.` before letters starts one (`.net`); `&` joins between
/// word characters (`r&d`, `at&t`); trailing `+` and `#` stay (`c++`, `c#`, `4+`). Every other
/// character separates tokens; `-`, `/` and `'` directly between two tokens are recorded as glue.
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(s, &mut out);
    out
}

/// [`tokenize`] into a reusable buffer.
pub fn tokenize_into(s: &str, out: &mut Vec<Token>) {
    out.clear();
    tokenize_with(s, |t, _| out.push(t));
}

/// [`tokenize_into`], and the hash and flags of each token into `hashes` (same length).
#[cfg(test)]
pub(crate) fn tokenize_hashed(s: &str, out: &mut Vec<Token>, hashes: &mut Vec<TokenHash>) {
    out.clear();
    hashes.clear();
    tokenize_with(s, |t, h| {
        out.push(t);
        hashes.push(h);
    });
}

/// Calls `emit` with each token of `s` (see [`tokenize`]) and its hash and flags, in order.
///
/// The bytes are classified 64 at a time into bitmasks ([`classify64`]: word bytes, bytes that
/// may start a token, bytes that may extend one, and the case and digit classes), and tokens are
/// walked by bit scanning: a token of ASCII word bytes followed by a plain separator, nearly every
/// token of every text, is found, classified and hashed from the masks and its 8-byte words
/// alone. Other tokens (`.net`, `c++`, `r&d`, non-ASCII letters) are read byte by byte by
/// [`token_at`].
#[inline]
pub(crate) fn tokenize_with(s: &str, mut emit: impl FnMut(Token, TokenHash)) {
    use crate::hash::hash_bytes;
    let b = s.as_bytes();
    let n = b.len();
    // The block of 64 bytes read (from `base`), and the bytes of it that may start a token and are
    // not yet passed.
    let mut base = 0;
    let mut m = classify64(b, 0);
    let mut starts = m.start;
    let mut prev_end = usize::MAX;
    loop {
        if starts == 0 {
            base += 64;
            if base >= n {
                break;
            }
            m = classify64(b, base);
            starts = m.start;
            continue;
        }
        let off = starts.trailing_zeros() as usize;
        let start = base + off;
        let run = (!(m.word >> off)).trailing_zeros() as usize;
        let (end, flags, hash) = if run > 0 && off + run < 64 && (m.extend >> (off + run)) & 1 == 0
        {
            // A run of ASCII word bytes that ends in this block, before a byte that cannot
            // extend it: the token, from the masks.
            let range = ((1u64 << run) - 1) << off;
            starts &= u64::MAX << (off + run);
            let end = start + run;
            let flags = run_flags(m.not_plain & range, m.not_alpha & range);
            (end, flags, hash_run(b, start, end))
        } else if let Some((next, more)) = (run > 0 && off + run == 64 && base + 64 < n)
            .then(|| classify64(b, base + 64))
            .map(|next| (next, (!next.word).trailing_zeros() as usize))
            .filter(|&(next, more)| more < 64 && (next.extend >> more) & 1 == 0)
        {
            // A run to the end of the block that ends in the next one: the flags from the run's
            // part of each block's masks.
            let (lo, hi) = (u64::MAX << off, (1u64 << more) - 1);
            let flags = run_flags(
                m.not_plain & lo | next.not_plain & hi,
                m.not_alpha & lo | next.not_alpha & hi,
            );
            let end = base + 64 + more;
            (base, m) = (base + 64, next);
            starts = m.start & (u64::MAX << more);
            (end, flags, hash_run(b, start, end))
        } else {
            let (next, token) = match token_at(s, start) {
                Ok((end, flags)) => (end, Some((end, flags, hash_bytes(&b[start..end])))),
                Err(next) => (next, None),
            };
            if next >= base + 64 {
                if next >= n {
                    starts = 0;
                    base = n;
                } else {
                    base = next & !63;
                    m = classify64(b, base);
                    starts = m.start & (u64::MAX << (next - base));
                }
            } else {
                starts &= u64::MAX << (next - base);
            }
            match token {
                Some(t) => t,
                None => continue,
            }
        };
        emit_token(&mut emit, b, &mut prev_end, start, end, flags, hash);
    }
}

/// The flags of a token of ASCII word bytes, from the bits of its bytes in the masks
/// [`Masks::not_plain`] and [`Masks::not_alpha`].
#[inline(always)]
fn run_flags(not_plain: u64, not_alpha: u64) -> u8 {
    let mut flags = ASCII;
    if not_plain == 0 {
        flags |= PLAIN;
    }
    if not_alpha == 0 {
        flags |= ALPHA;
    }
    flags
}

/// The glue characters a token records ([`Token::glue_before`]), by byte.
const GLUE: [Option<char>; 256] = {
    let mut t = [None; 256];
    t[b'-' as usize] = Some('-');
    t[b'/' as usize] = Some('/');
    t[b'\'' as usize] = Some('\'');
    t[b'&' as usize] = Some('&');
    t
};

/// Emits the token `start..end` of `b`, with the glue between it and the last one (which ended at
/// `prev_end`).
#[inline(always)]
fn emit_token(
    emit: &mut impl FnMut(Token, TokenHash),
    b: &[u8],
    prev_end: &mut usize,
    start: usize,
    end: usize,
    flags: u8,
    hash: u64,
) {
    // Looked up whether or not it applies, then kept only when the last token ended right before
    // this one's separator: a select instead of a branch.
    let glue = GLUE[b.get(start.wrapping_sub(1)).map_or(0, |&c| c) as usize];
    let glue_before = if prev_end.wrapping_add(1) == start {
        glue
    } else {
        None
    };
    emit(
        Token {
            start: start as u32,
            end: end as u32,
            glue_before,
        },
        TokenHash { hash, flags },
    );
    *prev_end = end;
}

/// [`crate::hash::hash_bytes`] of `b[start..end]`. Tokens of up to 16 bytes (nearly all) are
/// hashed from two 8-byte loads without a loop: both words are folded and the result of the right
/// number of folds is picked, so that varying token lengths cost no mispredicted branches.
#[inline(always)]
fn hash_run(b: &[u8], start: usize, end: usize) -> u64 {
    use crate::hash::{finish, fold};
    let len = end - start;
    if len <= 16 {
        // Masks of the bytes of the token in each word (a token has at least one byte).
        let mask = |bytes: usize| u64::MAX >> (64 - 8 * bytes.clamp(1, 8));
        let one = fold(0, load8(b, start) & mask(len));
        let two = fold(one, load8(b, start + 8) & mask(len.saturating_sub(8)));
        return finish(if len > 8 { two } else { one }, len);
    }
    crate::hash::hash_bytes(&b[start..end])
}

/// The token starting at byte `start` (a byte that may start one), read byte by byte: its end and
/// flags, or `Err` with the byte to go on from when none starts there.
fn token_at(s: &str, start: usize) -> Result<(usize, u8), usize> {
    let b = s.as_bytes();
    let n = b.len();
    // The character at byte `i` (a character boundary), and its length.
    let decode = |i: usize| -> (char, usize) {
        let c = s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
        (c, c.len_utf8())
    };
    // Whether a word character starts at byte `i`.
    let word_at = |i: usize| -> bool {
        match b.get(i) {
            Some(&c) if c < 0x80 => BYTE_CLASS[c as usize] & WORD != 0,
            Some(_) => is_word(decode(i).0),
            None => false,
        }
    };
    let mut i = start;
    let mut flags = PLAIN | ALPHA | ASCII;
    let c = b[i];
    if c < 0x80 {
        if BYTE_CLASS[c as usize] & WORD == 0 {
            // A leading dot before a letter starts a token (".net"), unless it follows a word.
            let dot = c == b'.'
                && b.get(i + 1).is_some_and(|&d| {
                    if d < 0x80 {
                        d.is_ascii_alphabetic()
                    } else {
                        decode(i + 1).0.is_alphabetic()
                    }
                })
                && (i == 0 || !is_word(char_at_before(s, i)));
            if !dot {
                return Err(i + 1);
            }
            flags = ASCII;
            i += 1;
        }
    } else {
        let (ch, len) = decode(i);
        if !is_word(ch) {
            return Err(i + len);
        }
    }
    loop {
        while let Some(&c) = b.get(i) {
            let k = BYTE_CLASS[c as usize];
            if k & WORD == 0 {
                break;
            }
            // Word bytes: a letter or digit or `_`; `k | ASCII` keeps PLAIN and ALPHA as they
            // apply to it.
            flags &= k | ASCII;
            i += 1;
        }
        if i >= n {
            break;
        }
        let c = b[i];
        if c >= 0x80 {
            let (ch, len) = decode(i);
            if !is_word(ch) {
                break;
            }
            flags = 0;
            i += len;
            continue;
        }
        if (c == b'.' || c == b'&') && word_at(i + 1) {
            flags &= ASCII;
            i += 1;
            continue;
        }
        if c == b'+' || c == b'#' {
            let mut j = i;
            while j < n && (b[j] == b'+' || b[j] == b'#') {
                j += 1;
            }
            if !word_at(j) {
                i = j;
                flags &= PLAIN | ASCII;
            }
        }
        break;
    }
    Ok((i, flags))
}

/// Bitmasks of 64 bytes (bit `i` for byte `i`; bytes past the text are zero, in no class).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    /// ASCII word bytes (letter, digit, `_`).
    word: u64,
    /// Bytes that may start a token: word bytes, `.`, bytes of multi-byte characters.
    start: u64,
    /// Bytes after which a run of ASCII word bytes may go on as the same token, or take more
    /// bytes: `.` and `&` before a word byte (or at the block's end), `+`, `#`, bytes of
    /// multi-byte characters.
    extend: u64,
    /// Word bytes that are not plain: uppercase letters and `_`.
    not_plain: u64,
    /// Word bytes that are not letters: digits and `_`.
    not_alpha: u64,
}

/// [`Masks`] of the 64 bytes of `b` from `base`, one byte at a time (the reference for
/// [`classify64`], and its version on other processors).
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2"),
    allow(dead_code) // there, used by the tests only
)]
fn classify64_scalar(b: &[u8], base: usize) -> Masks {
    let mut m = Masks::default();
    let (mut joins, mut highs) = (0, 0);
    for (k, &c) in b.iter().skip(base).take(64).enumerate() {
        let bit = 1u64 << k;
        let class = BYTE_CLASS[c as usize];
        if class & WORD != 0 {
            m.word |= bit;
            m.start |= bit;
            if class & PLAIN == 0 {
                m.not_plain |= bit;
            }
            if class & ALPHA == 0 {
                m.not_alpha |= bit;
            }
        }
        if c == b'.' || c >= 0x80 {
            m.start |= bit;
        }
        if matches!(c, b'.' | b'&') {
            joins |= bit;
        }
        if c >= 0x80 {
            highs |= bit;
        }
        if matches!(c, b'+' | b'#') || c >= 0x80 {
            m.extend |= bit;
        }
    }
    m.extend |= joins_word(joins, m.word | highs);
    m
}

/// [`Masks`] of the 64 bytes of `b` from `base`, 16 at a time with SSE2 (part of every x86-64
/// processor).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn classify64(b: &[u8], base: usize) -> Masks {
    // SAFETY: the only requirement of `classify64_sse2` is SSE2, which this build targets
    // (`cfg` above; SSE2 is in the x86-64 baseline).
    unsafe { classify64_sse2(b, base) }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn classify64_sse2(b: &[u8], base: usize) -> Masks {
    use std::arch::x86_64::*;
    let mut m = Masks::default();
    let (mut joins, mut highs) = (0, 0);
    for k in 0..4 {
        let at = base + 16 * k;
        let v: __m128i = match b.get(at..at + 16) {
            Some(chunk) => bytemuck::pod_read_unaligned(chunk),
            None => {
                // The last bytes, zero-padded (zero is in no class).
                let rest = b.get(at..).unwrap_or(&[]);
                if rest.is_empty() {
                    break;
                }
                let mut pad = [0u8; 16];
                pad[..rest.len()].copy_from_slice(rest);
                bytemuck::pod_read_unaligned(&pad)
            }
        };
        // Bytes of 0x80 and above are negative as i8, so they fall in no range below.
        let range = |lo: u8, hi: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
            )
        };
        let is = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let digit = range(b'0', b'9');
        let upper = range(b'A', b'Z');
        let lower = range(b'a', b'z');
        let under = is(b'_');
        let dot = is(b'.');
        let high = _mm_movemask_epi8(v) as u16 as u64;
        let mask = |x: __m128i| (_mm_movemask_epi8(x) as u16 as u64) << (16 * k);
        let word = mask(_mm_or_si128(
            _mm_or_si128(digit, under),
            _mm_or_si128(upper, lower),
        ));
        m.word |= word;
        m.start |= word | mask(dot) | high << (16 * k);
        joins |= mask(_mm_or_si128(dot, is(b'&')));
        highs |= high << (16 * k);
        m.extend |= mask(_mm_or_si128(is(b'+'), is(b'#'))) | high << (16 * k);
        m.not_plain |= mask(_mm_or_si128(upper, under));
        m.not_alpha |= mask(_mm_or_si128(digit, under));
    }
    m.extend |= joins_word(joins, m.word | highs);
    m
}

/// Of the `.` and `&` bytes `joins` of a block, those that may join the word bytes around them
/// into one token ("node.js", "r&d"): those followed by a byte of `word_or_high` (an ASCII word
/// byte, or one of a multi-byte character, which may be a letter), and the block's last byte
/// (followed by the next block, unknown here).
#[inline(always)]
fn joins_word(joins: u64, word_or_high: u64) -> u64 {
    joins & (word_or_high >> 1 | 1 << 63)
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn classify64(b: &[u8], base: usize) -> Masks {
    classify64_scalar(b, base)
}

/// Eight bytes of `b` from `i`, little-endian, zero past the end.
#[inline(always)]
fn load8(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(c) => {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            u64::from_le_bytes(a)
        }
        None => {
            let rest = b.get(i..).unwrap_or(&[]);
            let mut a = [0u8; 8];
            a[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(a)
        }
    }
}

fn char_at_before(s: &str, i: usize) -> char {
    match s.as_bytes().get(i.wrapping_sub(1)) {
        Some(&c) if c < 0x80 => c as char,
        _ => s[..i].chars().next_back().unwrap_or(' '),
    }
}

/// The characters [`push_compact`] appends for a token.
pub fn compact_chars(token: &str) -> impl Iterator<Item = char> + '_ {
    let dot = token.starts_with('.').then_some('.');
    dot.into_iter().chain(
        token
            .chars()
            .filter(|&c| c.is_alphanumeric() || c == '+' || c == '#'),
    )
}

/// Letters and digits of a token, lowercased already by the caller: the "compact" key used to match
/// `tensor flow` against `tensorflow` and `node.js` against `nodejs`.
pub fn push_compact(out: &mut String, token: &str) {
    // A leading dot is part of the name (".NET" is not "net").
    if token.starts_with('.') {
        out.push('.');
    }
    if token.is_ascii() {
        for b in token.bytes() {
            if b.is_ascii_alphanumeric() || b == b'+' || b == b'#' {
                out.push(b as char);
            }
        }
        return;
    }
    for c in token.chars() {
        if c.is_alphanumeric() || c == '+' || c == '#' {
            out.push(c);
        }
    }
}

/// Normalises a whole phrase (an alias, a heading) to its lowercase token strings.
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let buf = LineBuf::new(0, phrase);
    let line = buf.view();
    tokenize(line.lower)
        .iter()
        .map(|t| line.lower[t.range()].to_string())
        .collect()
}

/// What a section of a document is about, from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Before any heading, or under a heading we do not classify.
    General,
    /// Requirements, qualifications, must-haves.
    Required,
    /// Nice to have, preferred, bonus.
    Preferred,
    /// Responsibilities, duties, what you will do.
    Responsibilities,
    /// About the company, benefits, what we offer: not requirements.
    About,
    /// A résumé's skills list.
    Skills,
    /// Work experience.
    Experience,
    /// Education and certifications.
    Education,
    /// Projects.
    Projects,
    /// Summary or profile.
    Summary,
}

const HEADINGS: &[(&str, SectionKind)] = &[
    // Preferred first: "preferred qualifications" must not read as "qualifications".
    ("nice to have", SectionKind::Preferred),
    ("nice to haves", SectionKind::Preferred),
    ("nice-to-have", SectionKind::Preferred),
    ("preferred", SectionKind::Preferred),
    ("bonus", SectionKind::Preferred),
    ("pluses", SectionKind::Preferred),
    ("plus", SectionKind::Preferred),
    ("desirable", SectionKind::Preferred),
    ("desired", SectionKind::Preferred),
    ("good to have", SectionKind::Preferred),
    ("extra credit", SectionKind::Preferred),
    ("ideally", SectionKind::Preferred),
    ("optional", SectionKind::Preferred),
    ("requirements", SectionKind::Required),
    ("requirement", SectionKind::Required),
    ("required", SectionKind::Required),
    ("qualifications", SectionKind::Required),
    ("qualification", SectionKind::Required),
    ("must have", SectionKind::Required),
    ("must haves", SectionKind::Required),
    ("what you bring", SectionKind::Required),
    ("what you'll bring", SectionKind::Required),
    ("what you will bring", SectionKind::Required),
    ("what you need", SectionKind::Required),
    ("what you'll need", SectionKind::Required),
    ("what we're looking for", SectionKind::Required),
    ("what we are looking for", SectionKind::Required),
    ("who you are", SectionKind::Required),
    ("about you", SectionKind::Required),
    ("your profile", SectionKind::Required),
    ("your background", SectionKind::Required),
    ("you have", SectionKind::Required),
    ("essential", SectionKind::Required),
    ("minimum", SectionKind::Required),
    ("basic", SectionKind::Required),
    ("skills and experience", SectionKind::Required),
    ("experience and skills", SectionKind::Required),
    ("specialized experience", SectionKind::Required),
    ("responsibilities", SectionKind::Responsibilities),
    ("responsibility", SectionKind::Responsibilities),
    ("duties", SectionKind::Responsibilities),
    ("what you'll do", SectionKind::Responsibilities),
    ("what you will do", SectionKind::Responsibilities),
    ("the role", SectionKind::Responsibilities),
    ("your role", SectionKind::Responsibilities),
    ("the job", SectionKind::Responsibilities),
    ("in this role", SectionKind::Responsibilities),
    ("day to day", SectionKind::Responsibilities),
    ("your mission", SectionKind::Responsibilities),
    ("your impact", SectionKind::Responsibilities),
    ("job description", SectionKind::Responsibilities),
    ("about us", SectionKind::About),
    ("about the company", SectionKind::About),
    ("about the team", SectionKind::About),
    ("who we are", SectionKind::About),
    ("our company", SectionKind::About),
    ("company", SectionKind::About),
    ("benefits", SectionKind::About),
    ("perks", SectionKind::About),
    ("what we offer", SectionKind::About),
    ("we offer", SectionKind::About),
    ("compensation", SectionKind::About),
    ("salary", SectionKind::About),
    ("equal opportunity", SectionKind::About),
    ("how to apply", SectionKind::About),
    ("technical skills", SectionKind::Skills),
    ("skills", SectionKind::Skills),
    ("skill", SectionKind::Skills),
    ("technologies", SectionKind::Skills),
    ("tech stack", SectionKind::Skills),
    ("stack", SectionKind::Skills),
    ("tools", SectionKind::Skills),
    ("competencies", SectionKind::Skills),
    ("expertise", SectionKind::Skills),
    ("languages", SectionKind::Skills),
    ("programming languages", SectionKind::Skills),
    ("frameworks", SectionKind::Skills),
    ("experience", SectionKind::Experience),
    ("employment", SectionKind::Experience),
    ("work history", SectionKind::Experience),
    ("career history", SectionKind::Experience),
    ("education", SectionKind::Education),
    ("academic", SectionKind::Education),
    ("certifications", SectionKind::Education),
    ("certificates", SectionKind::Education),
    ("training", SectionKind::Education),
    ("projects", SectionKind::Projects),
    ("publications", SectionKind::Projects),
    ("summary", SectionKind::Summary),
    ("profile", SectionKind::Summary),
    ("objective", SectionKind::Summary),
    ("overview", SectionKind::Summary),
];

/// If `line` reads as a section heading, its kind and whether text follows the heading on the same line
/// ("Requirements: Python, SQL" is an inline heading that applies to its own line only).
pub fn heading(line: &Line<'_>) -> Option<(SectionKind, bool)> {
    let t = line.lower.trim();
    let t = t.trim_start_matches(['#', '*', '=', '-', ' ']);
    if t.is_empty() {
        return None;
    }
    let (head, rest) = match t.find(':') {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t, ""),
    };
    let head = head.trim().trim_end_matches(['*', '#', '=', '-', ' ']);
    if head.len() > 60 {
        return None;
    }
    let ws_words = head.split_whitespace().count();
    if ws_words == 0 || ws_words > 6 {
        return None;
    }
    // The words of the head: letters, digits and apostrophes (at most 30 in 60 bytes).
    let mut buf = [""; 32];
    let mut nw = 0;
    for w in head
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
    {
        if let Some(slot) = buf.get_mut(nw) {
            *slot = w;
            nw += 1;
        }
    }
    let words = &buf[..nw];
    let (kind, phrase) = classify_words(words)?;
    // Words beyond the heading phrase: at most two, and no prepositions ("Experience with Python" is a
    // requirement line, "Professional Experience" a heading).
    let extra = words.len().saturating_sub(phrase.len());
    let has_preposition = words != phrase
        && words.iter().any(|w| {
            matches!(
                *w,
                "with"
                    | "in"
                    | "of"
                    | "for"
                    | "using"
                    | "on"
                    | "at"
                    | "from"
                    | "by"
                    | "is"
                    | "are"
                    | "a"
                    | "an"
                    | "as"
                    | "i"
                    | "we"
            )
        });
    if extra > 2 || has_preposition {
        return None;
    }
    // A standalone heading: ends with ':' / is short and either ALL CAPS or a known phrase.
    let has_colon = t.contains(':');
    if !rest.is_empty() {
        // Inline heading only with a colon and a short label.
        return if has_colon && ws_words <= 4 {
            Some((kind, true))
        } else {
            None
        };
    }
    let raw_head_upper = {
        let mut letters = line
            .norm
            .trim()
            .chars()
            .filter(|c| c.is_alphabetic())
            .peekable();
        letters.peek().is_some() && letters.all(char::is_uppercase)
    };
    let starts_upper = line
        .norm
        .trim_start_matches(['#', '*', '=', '-', ' '])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase());
    if has_colon || raw_head_upper || line.norm.trim_start().starts_with('#') || starts_upper {
        Some((kind, false))
    } else {
        None
    }
}

/// The heading phrases split into words, once.
static HEADING_WORDS: std::sync::LazyLock<Vec<(Vec<&'static str>, SectionKind)>> =
    std::sync::LazyLock::new(|| {
        HEADINGS
            .iter()
            .map(|(p, k)| (p.split(' ').collect(), *k))
            .collect()
    });

/// The phrases (indices into [`HEADINGS`], ascending) by one of their words, the longest (so rarely
/// an everyday word): a line holding none of these words holds no heading phrase, and most lines
/// are rejected after a few lookups.
static HEADING_INDEX: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, Vec<usize>>> =
    std::sync::LazyLock::new(|| {
        let mut index: rustc_hash::FxHashMap<&'static str, Vec<usize>> = Default::default();
        for (i, (words, _)) in HEADING_WORDS.iter().enumerate() {
            let key = words
                .iter()
                .fold("", |best, w| if w.len() > best.len() { w } else { best });
            index.entry(key).or_default().push(i);
        }
        index
    });

/// The first heading phrase (in [`HEADINGS`] order) that stands in `words`, with its words.
fn classify_words(words: &[&str]) -> Option<(SectionKind, &'static [&'static str])> {
    let mut best: Option<usize> = None;
    for w in words {
        let Some(list) = HEADING_INDEX.get(w) else {
            continue;
        };
        for &pi in list {
            if best.is_some_and(|b| b <= pi) {
                break;
            }
            let pw = &HEADING_WORDS[pi].0;
            if pw.len() <= words.len() && words.windows(pw.len()).any(|win| win == pw.as_slice()) {
                best = Some(pi);
                break;
            }
        }
    }
    best.map(|pi| (HEADING_WORDS[pi].1, HEADING_WORDS[pi].0.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first version of the tokenizer, kept as the reference the fast one must agree with.
    #[allow(clippy::all)]
    fn tokenize_reference(s: &str, out: &mut Vec<Token>, mut hashes: Option<&mut Vec<TokenHash>>) {
        const POLY_BASE: u64 = 0x9E37_79B9_7F4A_7C15;
        out.clear();
        if let Some(h) = hashes.as_deref_mut() {
            h.clear();
        }
        let b = s.as_bytes();
        let n = b.len();
        let mut i = 0;
        let mut prev_end: Option<usize> = None;
        // ASCII bytes (nearly all of them) decode without slicing the string.
        let char_at = |i: usize| -> char {
            match b.get(i) {
                Some(&c) if c < 0x80 => c as char,
                _ => s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' '),
            }
        };
        while i < n {
            // Fast skip over ASCII separators (spaces, commas, brackets…).
            if b[i] < 0x80 && BYTE_CLASS[b[i] as usize] & WORD == 0 && b[i] != b'.' {
                i += 1;
                continue;
            }
            let c = char_at(i);
            let starts_dot = c == '.'
                && i + 1 < n
                && char_at(i + 1).is_alphabetic()
                && (i == 0 || !is_word(char_at_before(s, i)));
            if !is_word(c) && !starts_dot {
                i += c.len_utf8();
                continue;
            }
            let start = i;
            // Hash and flags of the ASCII bytes read; a token with other characters is hashed again
            // from its characters at the end.
            let mut h = 0u64;
            let mut flags = PLAIN | ALPHA | ASCII;
            if starts_dot {
                h = u64::from(b'.') + 1;
                flags = ASCII;
                i += 1;
            }
            loop {
                // Fast path: ASCII word bytes.
                while i < n && b[i] < 0x80 {
                    let k = BYTE_CLASS[b[i] as usize];
                    if k & WORD == 0 {
                        break;
                    }
                    h = h.wrapping_mul(POLY_BASE).wrapping_add(u64::from(b[i]) + 1);
                    flags &= k | ASCII;
                    i += 1;
                }
                if i >= n {
                    break;
                }
                let c = char_at(i);
                if is_word(c) {
                    flags = 0;
                    i += c.len_utf8();
                    continue;
                }
                if (c == '.' || c == '&') && i + 1 < n && is_word(char_at(i + 1)) {
                    h = h.wrapping_mul(POLY_BASE).wrapping_add(u64::from(b[i]) + 1);
                    flags &= ASCII;
                    i += 1;
                    continue;
                }
                if c == '+' || c == '#' {
                    let mut j = i;
                    while j < n && (b[j] == b'+' || b[j] == b'#') {
                        j += 1;
                    }
                    if j >= n || !is_word(char_at(j)) {
                        while i < j {
                            h = h.wrapping_mul(POLY_BASE).wrapping_add(u64::from(b[i]) + 1);
                            i += 1;
                        }
                        flags &= PLAIN | ASCII;
                    }
                    break;
                }
                break;
            }
            let glue_before = match prev_end {
                Some(p) if start == p + 1 => match b[p] {
                    b'-' => Some('-'),
                    b'/' => Some('/'),
                    b'\'' => Some('\''),
                    b'&' => Some('&'),
                    _ => None,
                },
                _ => None,
            };
            out.push(Token {
                start: start as u32,
                end: i as u32,
                glue_before,
            });
            if let Some(hs) = hashes.as_deref_mut() {
                let _ = h;
                h = crate::hash::hash_bytes(&s.as_bytes()[start..i]);
                hs.push(TokenHash { hash: h, flags });
            }
            prev_end = Some(i);
        }
    }

    #[test]
    fn block_masks_agree_with_the_bytes() {
        // Every byte value at every place of a block, and texts that end inside one.
        let mut text: Vec<u8> = (0..=255u8).collect();
        text.extend((0..=255u8).rev());
        text.extend(b"C++ node.js r&d .net x_1 Z.");
        for base in (0..text.len()).step_by(7) {
            for end in [
                text.len(),
                base + 1,
                base + 17,
                base + 63,
                base + 64,
                base + 65,
            ] {
                let t = &text[..end.min(text.len())];
                assert_eq!(
                    classify64(t, base),
                    classify64_scalar(t, base),
                    "block at {base} of {} bytes",
                    t.len()
                );
            }
        }
    }

    fn toks(s: &str) -> Vec<String> {
        let b = LineBuf::new(1, s);
        let l = b.view();
        tokenize(l.lower)
            .iter()
            .map(|t| l.lower[t.range()].to_string())
            .collect()
    }

    #[test]
    fn the_fast_tokenizer_agrees_with_the_reference() {
        // Every string of up to four characters from an alphabet of the tricky ones, and some
        // longer mixtures.
        let long = "x".repeat(70);
        let alphabet = [
            "a", "Z", "0", "_", ".", "&", "+", "#", "-", "/", "'", " ", "é", "ß", "\u{2019}", "ｐ",
            "·", "\t",
        ];
        let mut inputs: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for p in &inputs {
                for a in alphabet {
                    next.push(format!("{p}{a}"));
                }
            }
            inputs.extend(next);
            inputs.sort();
            inputs.dedup();
        }
        inputs.extend(
            [
                "C++, C#, .NET and Node.js; R&D at AT&T (e.g. Go-to) naïve café Ｐｙｔｈｏｎ",
                "...net a.b. c++d c#1 __init__ x86-64 utf-8 3.14 .5 a..b a&&b +++ ### é.net",
            ]
            .map(String::from),
        );
        inputs.push(format!("{long} {long}.net {long}++ .{long}"));
        // Tokens ending at every offset of an 8-byte word, then separators of every length up to
        // a word and more, then the next token: where it starts is read from the word the last
        // one ended in, or from a new one.
        for len in 1..=17 {
            for gap in 1..=10 {
                for sep in [" ", ",", ".", "é", "-", "+", "#", "&", "\u{2019}"] {
                    let word = "ab1".repeat(6);
                    inputs.push(format!(
                        "{}{}{}{}.x",
                        &word[..len],
                        sep.repeat(gap),
                        &word[..len.min(9)],
                        sep
                    ));
                }
            }
        }
        // Tokens and joins across the 64-byte blocks the masks are made of: each snippet at every
        // offset around the first two block ends, after a run of word bytes or of spaces.
        let long_word = "Ab_9".repeat(20);
        for snippet in [
            "node.js",
            "r&d",
            "c++ ",
            "c#",
            "é",
            "ab. cd",
            "x&ß",
            "Ab_9Z",
            ".net",
            "a-b/c'd",
            long_word.as_str(),
        ] {
            for at in (50..=70).chain(118..=134) {
                for fill in ["q", " "] {
                    let mut input = fill.repeat(at);
                    if fill == "q" {
                        input.replace_range(at - 1..at, " ");
                    }
                    inputs.push(format!("{input}{snippet} tail"));
                    inputs.push(format!("{}{snippet}", &input[..at - 1]));
                }
            }
        }
        for input in &inputs {
            let lower = input.to_lowercase();
            for s in [input.as_str(), lower.as_str()] {
                let (mut a, mut ah) = (Vec::new(), Vec::new());
                let (mut b, mut bh) = (Vec::new(), Vec::new());
                tokenize_hashed(s, &mut a, &mut ah);
                tokenize_reference(s, &mut b, Some(&mut bh));
                assert_eq!(a, b, "{s:?}");
                let hashes =
                    |v: &[TokenHash]| v.iter().map(|t| (t.hash, t.flags)).collect::<Vec<_>>();
                assert_eq!(hashes(&ah), hashes(&bh), "{s:?}");
                for (t, th) in a.iter().zip(&ah) {
                    assert_eq!(th.hash, crate::hash::hash_str(&s[t.range()]), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn keeps_special_tech_tokens() {
        assert_eq!(
            toks("C++, C#, .NET and Node.js"),
            ["c++", "c#", ".net", "and", "node.js"]
        );
        assert_eq!(
            toks("CI/CD, A/B testing"),
            ["ci", "cd", "a", "b", "testing"]
        );
        assert_eq!(toks("ASP.NET Core"), ["asp.net", "core"]);
    }

    #[test]
    fn sentence_punctuation_is_not_part_of_tokens() {
        assert_eq!(
            toks("I know Python. Also R."),
            ["i", "know", "python", "also", "r"]
        );
        assert_eq!(toks("(Python)"), ["python"]);
        assert_eq!(toks("4+ years"), ["4+", "years"]);
    }

    #[test]
    fn ampersand_joins_words_but_not_spaced() {
        assert_eq!(toks("R&D team"), ["r&d", "team"]);
        assert_eq!(toks("R & D"), ["r", "d"]);
    }

    #[test]
    fn glue_is_recorded() {
        let b = LineBuf::new(1, "go-to CI/CD Julia's");
        let t = tokenize(b.view().lower);
        assert_eq!(t[1].glue_before, Some('-'));
        assert_eq!(t[3].glue_before, Some('/'));
        assert_eq!(t[5].glue_before, Some('\''));
        assert_eq!(t[2].glue_before, None);
    }

    #[test]
    fn typographic_quotes_and_dashes_fold() {
        let b = LineBuf::new(1, "“Python” – scikit‑learn’s");
        let l = b.view();
        assert_eq!(l.norm, "\"Python\" - scikit-learn's");
        assert_eq!(l.lower.len(), l.norm.len());
    }

    #[test]
    fn compatibility_forms_unfold_and_columns_follow_raw() {
        let b = LineBuf::new(1, "ｐｙｔｈｏｎ and ﬁne");
        let l = b.view();
        assert_eq!(l.lower, "python and fine");
        // "fine" starts at raw column 12 (the ligature).
        let pos = l.lower.find("fine").unwrap();
        assert_eq!(l.column(pos), 12);
    }

    #[test]
    fn lowercase_keeps_byte_length() {
        let b = LineBuf::new(1, "İSTANBUL Straße ÆØÅ");
        let l = b.view();
        assert_eq!(l.lower.len(), l.norm.len());
    }

    #[test]
    fn headings_are_classified() {
        let h = |s: &str| heading(&LineBuf::new(1, s).view());
        assert_eq!(h("Requirements"), Some((SectionKind::Required, false)));
        assert_eq!(h("Nice to have:"), Some((SectionKind::Preferred, false)));
        assert_eq!(
            h("PREFERRED QUALIFICATIONS"),
            Some((SectionKind::Preferred, false))
        );
        assert_eq!(
            h("## What you'll do"),
            Some((SectionKind::Responsibilities, false))
        );
        assert_eq!(h("TECHNICAL SKILLS"), Some((SectionKind::Skills, false)));
        assert_eq!(
            h("Requirements: Python, SQL"),
            Some((SectionKind::Required, true))
        );
        assert_eq!(h("Bonus: Spark"), Some((SectionKind::Preferred, true)));
        assert_eq!(
            h("We need strong skills in Python and a lot more than that"),
            None
        );
        assert_eq!(h("experience with python"), None);
    }
}
