//! Reading documents: size, encoding and content checks, lines and sections. Matches nothing.

use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::{self, Format};
use crate::text::{Line, SectionKind, heading, normalize_into};

/// Largest document read by default (10 MB).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// A normalised document: its text as read, the normalised text and its lowercase twin (each a
/// single buffer, lines end to end), and per line its place in them and its section.
#[derive(Debug, Clone)]
pub struct Document {
    /// Name for messages and reports (usually the path as given).
    pub name: String,
    raw: String,
    norm: String,
    lower: String,
    /// Raw column of every byte of `norm` on lines that are not plain ASCII.
    cols: Vec<u32>,
    spans: Vec<LineSpan>,
    /// Section kind of each line (same length as the lines).
    pub sections: Vec<SectionKind>,
    /// Whether each line is itself a heading (same length as the lines).
    pub is_heading: Vec<bool>,
    /// For each line, where it came from in the source when the format knows (a JSON Resume path).
    pub origins: Vec<Option<String>>,
    /// The format the document was read as.
    pub format: Format,
    /// Non-fatal problems met while reading (lossy decoding).
    pub warnings: Vec<String>,
}

/// Where one line lives in a [`Document`]'s buffers.
#[derive(Debug, Clone, Copy)]
struct LineSpan {
    number: usize,
    raw: (usize, usize),
    /// The same range in `norm` and `lower`.
    norm: (usize, usize),
    /// A range of `cols`, empty for ASCII lines.
    cols: (usize, usize),
}

impl Document {
    /// Builds a document from text already in memory.
    pub fn from_text(name: impl Into<String>, text: &str) -> Document {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let lines_hint = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut norm = Vec::with_capacity(text.len() + lines_hint);
        let mut lower = Vec::with_capacity(text.len() + lines_hint);
        let mut cols = Vec::new();
        let mut spans = Vec::with_capacity(lines_hint);
        let mut at = 0;
        for (i, raw) in text.split('\n').enumerate() {
            let raw_start = at;
            at += raw.len() + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let norm_start = norm.len();
            let cols_start = cols.len();
            normalize_into(raw, &mut norm, &mut lower, &mut cols);
            spans.push(LineSpan {
                number: i + 1,
                raw: (raw_start, raw_start + raw.len()),
                norm: (norm_start, norm.len()),
                cols: (cols_start, cols.len()),
            });
            // Lines are kept apart in the buffers, so nothing is read across a line break.
            norm.push(b'\n');
            lower.push(b'\n');
        }
        let n = spans.len();
        let mut doc = Document {
            name: name.into(),
            raw: text.to_string(),
            norm: crate::text::utf8_string(norm),
            lower: crate::text::utf8_string(lower),
            cols,
            spans,
            sections: Vec::with_capacity(n),
            is_heading: Vec::with_capacity(n),
            origins: vec![None; n],
            format: Format::Text,
            warnings: Vec::new(),
        };
        let mut current = SectionKind::General;
        for i in 0..n {
            let (section, is_heading) = match heading(&doc.line(i)) {
                Some((kind, true)) => (kind, false),
                Some((kind, false)) => {
                    current = kind;
                    (kind, true)
                }
                None => (current, false),
            };
            doc.sections.push(section);
            doc.is_heading.push(is_heading);
        }
        doc
    }

    /// Line `i` (0-based).
    ///
    /// # Panics
    /// When `i` is not below [`Document::len`].
    pub fn line(&self, i: usize) -> Line<'_> {
        let s = &self.spans[i];
        Line::from_parts(
            s.number,
            self.raw.get(s.raw.0..s.raw.1).unwrap_or(""),
            self.norm.get(s.norm.0..s.norm.1).unwrap_or(""),
            self.lower.get(s.norm.0..s.norm.1).unwrap_or(""),
            self.cols.get(s.cols.0..s.cols.1).unwrap_or(&[]),
        )
    }

    /// Line `i`, if there is one.
    pub fn get_line(&self, i: usize) -> Option<Line<'_>> {
        (i < self.spans.len()).then(|| self.line(i))
    }

    /// Every line, in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'_>> + '_ {
        (0..self.spans.len()).map(|i| self.line(i))
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
        if converted.source_lines.len() == doc.spans.len() {
            for (span, src) in doc.spans.iter_mut().zip(&converted.source_lines) {
                if let Some(n) = src {
                    span.number = *n;
                }
            }
        }
        doc.format = converted.format;
        doc.warnings = converted.warnings;
        Ok(doc)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
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
        assert!(d.line(0).raw.starts_with("Python and caf"));
    }

    #[test]
    fn crlf_and_bom_are_handled() {
        let d = Document::from_text("w", "\u{FEFF}Skills\r\nPython\r\n");
        assert_eq!(d.line(0).raw, "Skills");
        assert_eq!(d.line(1).raw, "Python");
    }
}
