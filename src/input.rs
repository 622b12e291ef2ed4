//! Reading documents: size, encoding and content checks, lines and sections. Matches nothing.

use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::{self, Format};
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
    /// For each line, where it came from in the source when the format knows (a JSON Resume path).
    pub origins: Vec<Option<String>>,
    /// The format the document was read as.
    pub format: Format,
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
        let n = lines.len();
        Document {
            name: name.into(),
            lines,
            sections,
            is_heading,
            origins: vec![None; n],
            format: Format::Text,
            warnings: Vec::new(),
        }
    }

    /// Reads a document from a file, refusing what cannot be a résumé or posting. The format is
    /// detected from the content first and the extension second.
    pub fn read(path: &Path, max_bytes: u64) -> Result<Document> {
        Document::read_as(path, max_bytes, None)
    }

    /// [`Document::read`] with a forced format (`--input-format`); `-` reads standard input.
    pub fn read_as(path: &Path, max_bytes: u64, format: Option<Format>) -> Result<Document> {
        if path.as_os_str() == "-" {
            use std::io::Read;
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::input("standard input", e.to_string()))?;
            if bytes.len() as u64 > max_bytes {
                return Err(Error::input(
                    "standard input",
                    format!("input is over the limit of {max_bytes} bytes (see --max-bytes)"),
                ));
            }
            return Document::from_bytes_as("standard input", &bytes, format);
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::input(path, io_message(&e)))?;
        if meta.is_dir() {
            return Err(Error::input(path, "is a directory, not a file"));
        }
        if meta.len() > max_bytes {
            return Err(Error::input(
                path,
                format!(
                    "file is {} bytes, over the limit of {max_bytes} bytes (see --max-bytes)",
                    meta.len()
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::input(path, io_message(&e)))?;
        Document::from_bytes_as(&path.display().to_string(), &bytes, format)
    }

    /// Decodes and checks raw bytes of any supported format (detected).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Document> {
        Document::from_bytes_as(name, bytes, None)
    }

    /// Decodes and checks raw bytes read as `format` (or detected when `None`).
    pub fn from_bytes_as(name: &str, bytes: &[u8], format: Option<Format>) -> Result<Document> {
        let converted = formats::convert(name, bytes, format)?;
        let mut doc = Document::from_text(name, &converted.text);
        if doc.origins.len() == converted.line_origins.len() {
            doc.origins = converted.line_origins;
        }
        // Evidence lines follow the source file where the reader knows them (Markdown).
        if converted.source_lines.len() == doc.lines.len() {
            for (line, src) in doc.lines.iter_mut().zip(&converted.source_lines) {
                if let Some(n) = src {
                    line.number = *n;
                }
            }
        }
        doc.format = converted.format;
        doc.warnings = converted.warnings;
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
        let e = Document::from_bytes("b.bin", b"\x7fELF\x02\x01\x00\x00binary")
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
