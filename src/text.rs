//! Text normalisation and tokenisation. Knows nothing about skills.
//!
//! A line is normalised into two strings of identical byte length: `norm` (case kept, typographic
//! quotes/dashes/spaces folded, compatibility forms unfolded) and `lower` (its lowercase). Tokens are byte
//! ranges valid in both, so matching runs on `lower` while case-sensitive rules can look at `norm`.

use unicode_normalization::UnicodeNormalization;

/// One normalised line of a document.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// 1-based line number in the source document.
    pub number: usize,
    /// The line as read (after decoding), for evidence.
    pub raw: String,
    /// Normalised text, case kept.
    pub norm: String,
    /// Lowercase of `norm`, same byte length.
    pub lower: String,
    /// For each byte of `norm`, the 1-based character column in `raw` it came from; empty for ASCII
    /// lines, where byte `i` is column `i + 1`.
    cols: Vec<u32>,
}

impl Line {
    /// Normalises one raw line.
    pub fn new(number: usize, raw: &str) -> Line {
        if raw.is_ascii() {
            // Fast path: only control characters change; bytes and columns line up.
            let norm: String = raw
                .bytes()
                .map(|b| if b.is_ascii_control() { ' ' } else { b as char })
                .collect();
            let lower = norm.to_ascii_lowercase();
            return Line {
                number,
                raw: raw.to_string(),
                norm,
                lower,
                cols: Vec::new(),
            };
        }
        let mut norm = String::with_capacity(raw.len());
        let mut lower = String::with_capacity(raw.len());
        let mut cols = Vec::with_capacity(raw.len());
        let mut push = |c: char, col: u32, norm: &mut String, lower: &mut String| {
            let lc = lower_same_len(c);
            norm.push(c);
            lower.push(lc);
            for _ in 0..c.len_utf8() {
                cols.push(col);
            }
        };
        for (i, c) in raw.chars().enumerate() {
            let col = i as u32 + 1;
            if c.is_ascii() {
                let c = if c == '\t' || c.is_ascii_control() {
                    ' '
                } else {
                    c
                };
                push(c, col, &mut norm, &mut lower);
                continue;
            }
            match fold(c) {
                Some(f) => push(f, col, &mut norm, &mut lower),
                None => {
                    for d in std::iter::once(c).nfkc() {
                        let d = fold(d).unwrap_or(d);
                        push(d, col, &mut norm, &mut lower);
                    }
                }
            }
        }
        Line {
            number,
            raw: raw.to_string(),
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
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.norm[start..end]
    }
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

/// ASCII bytes that are word characters: letters, digits and `_`.
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    t
};

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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
        if b[i] < 0x80 && !ASCII_WORD[b[i] as usize] && b[i] != b'.' {
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
        if starts_dot {
            i += 1;
        }
        loop {
            // Fast path: ASCII word bytes.
            while i < n && b[i] < 0x80 && ASCII_WORD[b[i] as usize] {
                i += 1;
            }
            if i >= n {
                break;
            }
            let c = char_at(i);
            if is_word(c) {
                i += c.len_utf8();
                continue;
            }
            if (c == '.' || c == '&') && i + 1 < n && is_word(char_at(i + 1)) {
                i += 1;
                continue;
            }
            if c == '+' || c == '#' {
                let mut j = i;
                while j < n && (b[j] == b'+' || b[j] == b'#') {
                    j += 1;
                }
                if j >= n || !is_word(char_at(j)) {
                    i = j;
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
        prev_end = Some(i);
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
    let line = Line::new(0, phrase);
    tokenize(&line.lower)
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
pub fn heading(line: &Line) -> Option<(SectionKind, bool)> {
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
    let words = head.split_whitespace().count();
    if words == 0 || words > 6 || head.len() > 60 {
        return None;
    }
    // Most short lines are not headings: none of their words is a word of a heading phrase.
    let heading_word = head
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|w| !w.is_empty() && HEADING_WORD_SET.contains(w));
    if !heading_word {
        return None;
    }
    // A standalone heading: ends with ':' / is short and either ALL CAPS or a known phrase.
    let has_colon = t.contains(':');
    let norm_head: String = head
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let norm_head = norm_head.split_whitespace().collect::<Vec<_>>().join(" ");
    let (kind, phrase) = classify_heading(&norm_head)?;
    // Words beyond the heading phrase: at most two, and no prepositions ("Experience with Python" is a
    // requirement line, "Professional Experience" a heading).
    let rest_words: Vec<&str> = norm_head.split(' ').collect();
    let extra = rest_words.len().saturating_sub(phrase.split(' ').count());
    let has_preposition = rest_words.iter().any(|w| {
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
    }) && norm_head != phrase;
    if extra > 2 || has_preposition {
        return None;
    }
    let raw_head_upper = {
        let orig = line.norm.trim();
        let letters: Vec<char> = orig.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    };
    if !rest.is_empty() {
        // Inline heading only with a colon and a short label.
        return if has_colon && words <= 4 {
            Some((kind, true))
        } else {
            None
        };
    }
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

/// Every word of the heading phrases, for a quick rejection of lines that cannot be headings.
static HEADING_WORD_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| HEADINGS.iter().flat_map(|(p, _)| p.split(' ')).collect());

/// The heading phrases split into words, once.
static HEADING_WORDS: std::sync::LazyLock<Vec<(Vec<&'static str>, SectionKind, &'static str)>> =
    std::sync::LazyLock::new(|| {
        HEADINGS
            .iter()
            .map(|(p, k)| (p.split(' ').collect(), *k, *p))
            .collect()
    });

/// Classifies a normalised heading text (lowercase, single spaces); returns the phrase that matched.
fn classify_heading(h: &str) -> Option<(SectionKind, &'static str)> {
    let words: Vec<&str> = h.split(' ').collect();
    HEADING_WORDS
        .iter()
        .find(|(pw, _, _)| {
            pw.len() <= words.len() && words.windows(pw.len()).any(|w| w == pw.as_slice())
        })
        .map(|(_, kind, phrase)| (*kind, *phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let l = Line::new(1, s);
        tokenize(&l.lower)
            .iter()
            .map(|t| l.lower[t.range()].to_string())
            .collect()
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
        let l = Line::new(1, "go-to CI/CD Julia's");
        let t = tokenize(&l.lower);
        assert_eq!(t[1].glue_before, Some('-'));
        assert_eq!(t[3].glue_before, Some('/'));
        assert_eq!(t[5].glue_before, Some('\''));
        assert_eq!(t[2].glue_before, None);
    }

    #[test]
    fn typographic_quotes_and_dashes_fold() {
        let l = Line::new(1, "“Python” – scikit‑learn’s");
        assert_eq!(l.norm, "\"Python\" - scikit-learn's");
        assert_eq!(l.lower.len(), l.norm.len());
    }

    #[test]
    fn compatibility_forms_unfold_and_columns_follow_raw() {
        let l = Line::new(1, "ｐｙｔｈｏｎ and ﬁne");
        assert_eq!(l.lower, "python and fine");
        // "fine" starts at raw column 12 (the ligature).
        let pos = l.lower.find("fine").unwrap();
        assert_eq!(l.column(pos), 12);
    }

    #[test]
    fn lowercase_keeps_byte_length() {
        let l = Line::new(1, "İSTANBUL Straße ÆØÅ");
        assert_eq!(l.lower.len(), l.norm.len());
    }

    #[test]
    fn headings_are_classified() {
        let h = |s: &str| heading(&Line::new(1, s));
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
