//! Plain text: encoding detection and decoding, binary checks, mojibake repair.
//!
//! Order: a BOM (UTF-8, UTF-16 LE/BE) decides; UTF-16 without a BOM is recognised by its zero bytes;
//! valid UTF-8 is taken as is; anything else is guessed with chardetng among legacy encodings
//! (Windows-1252 for Latin-1 text) and decoded with a warning. Text that was UTF-8 once decoded as
//! Windows-125x ("â€œ", "Ã©", "β€œ") is repaired where the repair is unambiguous, with a warning, and
//! kept as text otherwise.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::{Builder, Converted, Format};
use crate::error::{Error, Result};

/// Reads a plain-text document: the lines are kept exactly as decoded (line numbers match the file).
pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    let (text, warnings) = decode(name, bytes)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let n = lines.len();
    Ok(Converted {
        format: Format::Text,
        text: lines.join("\n"),
        line_origins: vec![None; n],
        headings: vec![false; n],
        source_lines: (1..=n).map(Some).collect(),
        warnings,
    })
}

/// Decodes a text document to a `String` (line ends `\n` or `\r\n` as in the file, lone `\r` turned
/// into `\n`), refusing binary data. Returns the text and warnings (lossy decoding, mojibake).
pub(crate) fn decode(name: &str, bytes: &[u8]) -> Result<(String, Vec<String>)> {
    let mut warnings = Vec::new();
    let text: Cow<'_, str> = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!(
                "{name}: not valid {} despite its byte order mark; undecodable sequences were replaced",
                enc.name()
            ));
        }
        t
    } else if let Some(enc) = utf16_without_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        warnings.push(format!(
            "{name}: decoded as {} (no byte order mark){}",
            enc.name(),
            if had_errors {
                "; undecodable sequences were replaced"
            } else {
                ""
            }
        ));
        t
    } else {
        if bytes.contains(&0) {
            return Err(Error::input(
                name,
                "looks like a binary file (contains NUL bytes), not text",
            ));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                let enc = guess_legacy(bytes);
                let (t, _, had_errors) = enc.decode(bytes);
                warnings.push(format!(
                    "{name}: not valid UTF-8; decoded as {}{}",
                    enc.name(),
                    if had_errors {
                        " (some sequences were undecodable and replaced)"
                    } else {
                        ""
                    }
                ));
                t
            }
        }
    };
    check_not_binary(name, &text)?;
    let text = if text.contains('\r') {
        lone_cr_to_lf(&text)
    } else {
        text.into_owned()
    };
    let (text, repaired) = repair_mojibake(&text);
    if repaired > 0 {
        warnings.push(format!(
            "{name}: repaired {repaired} double-encoded character sequence(s) (mojibake such as \
             'â€œ'); re-save the file as UTF-8"
        ));
    }
    Ok((text.into_owned(), warnings))
}

/// A lossy decoded prefix of at most `max` bytes, for format sniffing (never fails).
pub(crate) fn sniff_prefix(bytes: &[u8], max: usize) -> String {
    let head = &bytes[..bytes.len().min(max)];
    if let Some((enc, bom_len)) = Encoding::for_bom(head) {
        return enc
            .decode_without_bom_handling(&head[bom_len..])
            .0
            .into_owned();
    }
    if let Some(enc) = utf16_without_bom(head) {
        return enc.decode_without_bom_handling(head).0.into_owned();
    }
    String::from_utf8_lossy(head).into_owned()
}

/// UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 20 <= pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The most likely legacy (non-UTF) encoding of bytes that are not UTF-8.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    if enc == UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    }
}

/// Rejects text that is mostly control characters or replacement characters.
fn check_not_binary(name: &str, text: &str) -> Result<()> {
    let mut total = 0usize;
    let mut control = 0usize;
    let mut replaced = 0usize;
    let mut nul = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            nul += 1;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
        if c == '\u{FFFD}' {
            replaced += 1;
        }
    }
    let total = total.max(1);
    if nul > 0 && nul * 100 > total {
        return Err(Error::input(
            name,
            "looks like a binary file (contains NUL characters), not text",
        ));
    }
    if control * 10 > total || replaced * 4 > total {
        return Err(Error::input(
            name,
            "looks like a binary file (mostly control or undecodable bytes), not text",
        ));
    }
    Ok(())
}

/// Turns a lone `\r` (classic Mac line end) into `\n`, keeping `\r\n`.
fn lone_cr_to_lf(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Byte of each character in the Windows code pages that UTF-8 text is commonly mis-decoded with
/// (first code page wins when two map one character differently).
static MOJIBAKE_BYTES: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for enc in [
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1253,
        encoding_rs::WINDOWS_1251,
    ] {
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (s, _) = enc.decode_without_bom_handling(&byte);
            if let Some(c) = s.chars().next()
                && c != '\u{FFFD}'
            {
                map.entry(c).or_insert(b);
            }
        }
    }
    map
});

/// Characters a repaired sequence may decode to: what résumés contain (accented letters, Greek,
/// Cyrillic, CJK, punctuation, bullets, arrows, symbols), not rarities such as IPA.
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x17F
        | 0x370..=0x3FF
        | 0x400..=0x4FF
        | 0x2000..=0x206F
        | 0x20A0..=0x20CF
        | 0x2100..=0x21FF
        | 0x2500..=0x27BF
        | 0x3000..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF000..=0xF0FF
        | 0xFEFF)
}

/// Repairs runs of non-ASCII characters that are UTF-8 bytes decoded as a Windows code page
/// ("â€œ" → "“", "Ã©" → "é"). A run is repaired only when all of it decodes as UTF-8 to plausible
/// characters, so real accented or Greek/Cyrillic text is left alone. Returns the text and the
/// number of runs repaired.
pub(crate) fn repair_mojibake(s: &str) -> (Cow<'_, str>, usize) {
    // Fast path: the common lead characters of mojibake (U+00C2..U+00F4 and their Greek/Cyrillic
    // look-alikes) must occur at all.
    if s.is_ascii() {
        return (Cow::Borrowed(s), 0);
    }
    let map = &*MOJIBAKE_BYTES;
    let mut out = String::with_capacity(s.len());
    let mut repaired = 0;
    let mut run: Vec<char> = Vec::new();
    let mut flush = |run: &mut Vec<char>, out: &mut String| {
        if run.len() >= 2
            && let Some(fixed) = repair_run(run, map)
        {
            out.push_str(&fixed);
            repaired += 1;
        } else {
            out.extend(run.iter());
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii() {
            if !run.is_empty() {
                flush(&mut run, &mut out);
            }
            out.push(c);
        } else if run.len() >= 64 {
            // Long non-ASCII runs are real text (CJK, Cyrillic words), not mojibake.
            run.push(c);
            out.extend(run.iter());
            run.clear();
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        flush(&mut run, &mut out);
    }
    if repaired == 0 {
        (Cow::Borrowed(s), 0)
    } else {
        (Cow::Owned(out), repaired)
    }
}

fn repair_run(run: &[char], map: &HashMap<char, u8>) -> Option<String> {
    let bytes: Option<Vec<u8>> = run.iter().map(|c| map.get(c).copied()).collect();
    if let Some(bytes) = bytes
        && let Ok(fixed) = std::str::from_utf8(&bytes)
        && fixed.chars().all(plausible)
    {
        return Some(fixed.to_string());
    }
    // Partly damaged mojibake ("â€\u{FFFD}" where a byte was lost, or mojibake glued to real
    // accented letters): repaired sequence by sequence, but only in runs with a sure sign of
    // mojibake, so real Greek or Cyrillic text is never touched.
    let signed = run.iter().enumerate().any(|(i, &c)| {
        c == '€'
            || c == '\u{FFFD}'
            || ('\u{80}'..='\u{9F}').contains(&c)
            || (matches!(c, 'Ã' | 'Â')
                && run
                    .get(i + 1)
                    .and_then(|n| map.get(n))
                    .is_some_and(|b| (0x80..=0xBF).contains(b)))
    });
    if !signed {
        return None;
    }
    let mut out = String::new();
    let mut changed = false;
    let mut i = 0;
    while i < run.len() {
        if let Some((ch, used)) = sequence_at(&run[i..], map) {
            out.push(ch);
            i += used;
            changed = true;
        } else {
            out.push(run[i]);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// One UTF-8 sequence spelled by the first characters of `run`, if they spell a plausible one. A
/// replacement character in the last position of "â€?" stands for the byte 0x9D that Windows-1252
/// cannot show, which makes the sequence U+201D (the closing double quote).
fn sequence_at(run: &[char], map: &HashMap<char, u8>) -> Option<(char, usize)> {
    let lead = *map.get(run.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for (k, c) in run.iter().enumerate().take(len).skip(1) {
        let b = match map.get(c) {
            Some(&b) => b,
            None if *c == '\u{FFFD}' && k == 2 && bytes == [0xE2, 0x80] => 0x9D,
            None => return None,
        };
        bytes.push(b);
    }
    if bytes.len() != len {
        return None;
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    let ch = s.chars().next()?;
    plausible(ch).then_some((ch, len))
}

/// Used by the text-based readers (Markdown, LaTeX, HTML, JSON): decoded text with CRLF folded.
pub(crate) fn decode_for_markup(name: &str, bytes: &[u8], b: &mut Builder) -> Result<String> {
    let (text, warnings) = decode(name, bytes)?;
    for w in warnings {
        b.warn(w);
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> (String, Vec<String>) {
        decode("t.txt", bytes).expect("decodes")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec(b"Python\n").0, "Python\n");
        assert_eq!(dec(b"\xEF\xBB\xBFPython").0, "Python");
        assert!(dec(b"caf\xC3\xA9").1.is_empty());
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Skills: Python, PyTorch\r\n".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(dec(&le).0, "Skills: Python, PyTorch\r\n");
        assert_eq!(dec(&be).0, "Skills: Python, PyTorch\r\n");
        // Without a BOM, recognised from the zero bytes (with a warning).
        let (t, w) = dec(&le[2..]);
        assert_eq!(t, "Skills: Python, PyTorch\r\n");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn legacy_8bit_falls_back_with_warning() {
        let (t, w) = dec(b"Caf\xE9 \x96 Python and na\xEFve SQL \x93quoted\x94\n");
        assert_eq!(t, "Café – Python and naïve SQL “quoted”\n");
        assert!(w[0].contains("windows-1252"), "{w:?}");
    }

    #[test]
    fn mojibake_is_repaired_or_kept() {
        let (t, w) = dec("Skills: â€œPythonâ€\u{9d} and PyTorch â€“ SQL, rÃ©sumÃ©".as_bytes());
        assert_eq!(t, "Skills: “Python” and PyTorch – SQL, résumé");
        assert_eq!(w.len(), 1);
        // Mixed code pages (the Greek beta of windows-1253 with the oe of windows-1252).
        let (t, _) = dec("β€œPyTorchβ€\u{9d}".as_bytes());
        assert_eq!(t, "“PyTorch”");
        // Real text is left alone.
        for real in [
            "Café – naïve",
            "Μηχανικός λογισμικού",
            "Инженер-программист",
            "ВІДДІЛ",
            "CAFÉ” quoted",
            "数据科学家",
        ] {
            assert_eq!(dec(real.as_bytes()).0, real);
        }
        // Unrepairable mojibake stays as text.
        let (t, _) = dec("x â€ y Python".as_bytes());
        assert_eq!(t, "x â€ y Python");
        // A lost third byte (Python's cp1252 cannot decode 0x9D) and mojibake glued to a word.
        let (t, _) = dec("“Pythonâ€\u{FFFD}, Ã©tÃ©".as_bytes());
        assert_eq!(t, "“Python”, été");
    }

    #[test]
    fn binary_is_refused_and_nul_reported() {
        let e = decode("b.bin", b"PK\x03\x04\x00\x00")
            .unwrap_err()
            .to_string();
        assert!(e.contains("binary"), "{e}");
        let noise: Vec<u8> = (1u8..32).cycle().take(400).collect();
        assert!(decode("n", &noise).is_err());
    }

    #[test]
    fn lone_cr_becomes_newline() {
        assert_eq!(dec(b"a\rb\r\nc").0, "a\nb\r\nc");
    }

    #[test]
    fn text_convert_keeps_line_numbers() {
        let c = convert("t.txt", b"Skills\r\n\r\n\r\nPython   and  SQL\n").unwrap();
        assert_eq!(c.text, "Skills\n\n\nPython   and  SQL\n");
        assert_eq!(c.line_origins.len(), 5);
    }
}
