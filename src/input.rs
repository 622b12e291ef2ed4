//! Reading documents: size, encoding and content checks, lines and sections. Matches nothing.

use std::path::Path;

use crate::error::{Error, Result};
use crate::text::{Line, SectionKind, heading};

/// Largest document read by default (10 MB).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// A normalised document: lines with their section.
#[derive(Debug, Clone)]
pub struct Document {
    /// Name for messages and reports (usually the path as given).
    pub name: String,
    pub lines: Vec<Line>,
    /// Section kind of each line (same length as `lines`).
    pub sections: Vec<SectionKind>,
    /// Whether each line is itself a heading (same length as `lines`).
    pub is_heading: Vec<bool>,
    /// Non-fatal problems met while reading (lossy decoding).
    pub warnings: Vec<String>,
}

impl Document {
    /// Builds a document from text already in memory.
    pub fn from_text(name: impl Into<String>, text: &str) -> Document {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut lines = Vec::new();
        let mut sections = Vec::new();
        let mut is_heading = Vec::new();
        let mut current = SectionKind::General;
        for (i, raw) in text.split('\n').enumerate() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let line = Line::new(i + 1, raw);
            match heading(&line) {
                Some((kind, true)) => {
                    sections.push(kind);
                    is_heading.push(false);
                }
                Some((kind, false)) => {
                    current = kind;
                    sections.push(kind);
                    is_heading.push(true);
                }
                None => {
                    sections.push(current);
                    is_heading.push(false);
                }
            }
            lines.push(line);
        }
        Document {
            name: name.into(),
            lines,
            sections,
            is_heading,
            warnings: Vec::new(),
        }
    }

    /// Reads a document from a file, refusing what cannot be a résumé or posting.
    pub fn read(path: &Path, max_bytes: u64) -> Result<Document> {
        let meta = std::fs::metadata(path).map_err(|e| Error::input(path, io_message(&e)))?;
        if meta.is_dir() {
            return Err(Error::input(path, "is a directory, not a file"));
        }
        if meta.len() > max_bytes {
            return Err(Error::input(
                path,
                format!(
                    "file is {} bytes, over the limit of {max_bytes} bytes",
                    meta.len()
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::input(path, io_message(&e)))?;
        Document::from_bytes(&path.display().to_string(), &bytes)
    }

    /// Decodes and checks raw bytes (UTF-8; lossy with a warning otherwise).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Document> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Error::input(name, "file is empty"));
        }
        if bytes.contains(&0) {
            return Err(Error::input(
                name,
                "looks like a binary file (contains NUL bytes), not text",
            ));
        }
        let (text, lossy) = match std::str::from_utf8(bytes) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), false),
            Err(_) => (String::from_utf8_lossy(bytes), true),
        };
        let total = text.chars().count().max(1);
        let control = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .count();
        let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if control * 10 > total || replaced * 4 > total {
            return Err(Error::input(
                name,
                "looks like a binary file (mostly control or undecodable bytes), not text",
            ));
        }
        let mut doc = Document::from_text(name, &text);
        if lossy {
            doc.warnings.push(format!(
                "{name}: not valid UTF-8; {replaced} undecodable byte sequence(s) were replaced"
            ));
        }
        Ok(doc)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_follow_headings_and_inline_labels_stay_local() {
        let d = Document::from_text(
            "job",
            "About us\nWe build things.\nRequirements\nPython\nNice to have: Spark\nSQL\nNice to have\nGo",
        );
        use SectionKind::*;
        assert_eq!(
            d.sections,
            [
                About, About, Required, Required, Preferred, Required, Preferred, Preferred
            ]
        );
        assert!(d.is_heading[2]);
        assert!(!d.is_heading[4]);
    }

    #[test]
    fn rejects_empty_and_binary() {
        let e = Document::from_bytes("a.txt", b"  \n\t ")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "a.txt: file is empty");
        let e = Document::from_bytes("b.bin", b"PK\x03\x04\x00\x00")
            .unwrap_err()
            .to_string();
        assert!(e.contains("binary"), "{e}");
        let noise: Vec<u8> = (0u8..32).cycle().take(400).filter(|&b| b != 0).collect();
        let e = Document::from_bytes("c.bin", &noise)
            .unwrap_err()
            .to_string();
        assert!(e.contains("binary"), "{e}");
    }

    #[test]
    fn invalid_utf8_decodes_lossily_with_warning() {
        let d = Document::from_bytes("l.txt", b"Python and caf\xe9 SQL\n").unwrap();
        assert_eq!(d.warnings.len(), 1);
        assert!(d.lines[0].raw.starts_with("Python and caf"));
    }

    #[test]
    fn crlf_and_bom_are_handled() {
        let d = Document::from_text("w", "\u{FEFF}Skills\r\nPython\r\n");
        assert_eq!(d.lines[0].raw, "Skills");
        assert_eq!(d.lines[1].raw, "Python");
    }
}
