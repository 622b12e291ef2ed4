//! Document formats: detection and conversion of raw bytes into plain text lines.
//!
//! Each reader turns one format into lines of plain text that the rest of gapcheck reads like a `.txt`
//! file: headings on their own lines (so section detection works), one list item per line, markup
//! dropped. Detection looks at the content first (magic bytes, BOMs, unmistakable markup) and at the
//! file extension second; [`convert`] accepts a forced [`Format`] (`--input-format`).
//!
//! Every reader is total: malformed, truncated or hostile input gives an [`Error::Input`] with one clear
//! line, never a panic or a hang (linear time, bounded nesting). The JSON Resume reader also records,
//! for each output line, the JSON path it came from (`work[0].highlights[2]`), for evidence.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

mod docx;
mod html;
mod jsonresume;
mod latex;
mod markdown;
mod pdf;
mod text;

/// Largest amount of text a container format (DOCX) may expand to (50 MB).
pub const MAX_EXPANDED_BYTES: u64 = 50 * 1024 * 1024;

/// A document format gapcheck can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, legacy 8-bit encodings.
    Text,
    /// Markdown (CommonMark with tables).
    Markdown,
    /// LaTeX source (moderncv, awesome-cv, plain article).
    Latex,
    /// JSON Resume (<https://jsonresume.org/schema>).
    JsonResume,
    /// HTML, e.g. a saved job posting.
    Html,
    /// PDF with a text layer.
    Pdf,
    /// Word 2007+ document (Office Open XML).
    Docx,
}

impl Format {
    /// Every format, in the order of [`Format::name`] listings.
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Markdown,
        Format::Latex,
        Format::JsonResume,
        Format::Html,
        Format::Pdf,
        Format::Docx,
    ];

    /// The name used on the command line (`--input-format NAME`) and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Latex => "latex",
            Format::JsonResume => "json-resume",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The format of a file extension (without the dot, any case), if it names one.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "tex" | "latex" | "ltx" => Format::Latex,
            "json" => Format::JsonResume,
            "html" | "htm" | "xhtml" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" | "docm" | "dotx" => Format::Docx,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Parses a format name as given to `--input-format` (also accepts common aliases and extensions).
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        let l = s.trim().to_ascii_lowercase();
        let f = match l.as_str() {
            "text" | "txt" | "plain" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "latex" | "tex" => Format::Latex,
            "json-resume" | "jsonresume" | "json_resume" | "json" => Format::JsonResume,
            "html" | "htm" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" | "word" => Format::Docx,
            _ => {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                return Err(format!(
                    "unknown input format '{s}' (expected one of: {})",
                    names.join(", ")
                ));
            }
        };
        Ok(f)
    }
}

/// The text of a converted document, one output line per `\n`-separated line of `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The format that was read.
    pub format: Format,
    /// Plain text, lines separated by `\n` (no `\r`, no BOM).
    pub text: String,
    /// For each line of `text`, where it came from in the source, if the format knows (JSON Resume:
    /// a JSON path such as `work[0].highlights[2]`). Same length as `text.split('\n')`.
    pub line_origins: Vec<Option<String>>,
    /// For each line of `text`, whether the source marked it as a heading (Markdown `#`, LaTeX
    /// `\section`, HTML `<h1>`..`<h6>`, DOCX heading styles, JSON Resume section names). Same length as
    /// `line_origins`.
    pub headings: Vec<bool>,
    /// For each line of `text`, the 1-based line of the source file it starts on, when the reader
    /// tracks it (plain text and Markdown), so that evidence points at the file as the user sees it.
    pub source_lines: Vec<Option<usize>>,
    /// Non-fatal problems met while reading (lossy decoding, repaired mojibake, skipped parts), each
    /// prefixed with the document name.
    pub warnings: Vec<String>,
}

impl Converted {
    /// The lines of `text` (same indexing as `line_origins` and `headings`).
    pub fn lines(&self) -> std::str::Split<'_, char> {
        self.text.split('\n')
    }

    /// The origin of line `i` (0-based), if known.
    pub fn origin(&self, i: usize) -> Option<&str> {
        self.line_origins.get(i).and_then(|o| o.as_deref())
    }
}

/// Detects the format of a document from its content first and its name's extension second.
///
/// Content signatures that cannot be mistaken (`%PDF-`, a ZIP holding `word/document.xml`, a JSON
/// object with JSON Resume keys, an HTML document, `\documentclass`) win over the extension; the
/// extension decides between formats whose content is ambiguous (Markdown or plain text); content
/// hints decide when the extension says nothing. Never fails: the fallback is [`Format::Text`].
pub fn detect(name: &str, bytes: &[u8]) -> Format {
    let by_ext = extension(name).and_then(Format::from_extension);
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if by_ext == Some(Format::Docx) || find(bytes, b"word/document.xml").is_some() {
            return Format::Docx;
        }
        return by_ext.unwrap_or(Format::Text);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && by_ext == Some(Format::Docx) {
        // An OLE container named .docx: an encrypted document; the DOCX reader explains.
        return Format::Docx;
    }
    // Text-like formats: sniff a decoded prefix (handles UTF-16 and BOMs).
    let sniff = text::sniff_prefix(bytes, 8192);
    let t = sniff.trim_start_matches('\u{FEFF}').trim_start();
    if t.starts_with('{') && looks_like_json_resume(t) {
        return Format::JsonResume;
    }
    let lower = t.get(..t.len().min(2048)).unwrap_or(t).to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<') && (lower.contains("<body") || lower.contains("<head")))
    {
        return Format::Html;
    }
    if t.contains("\\documentclass") || t.contains("\\begin{document}") {
        return Format::Latex;
    }
    if let Some(f) = by_ext {
        return f;
    }
    if lower.starts_with("<?xml") && lower.contains("<html") {
        return Format::Html;
    }
    if t.starts_with('{') && t.contains("\"basics\"") {
        return Format::JsonResume;
    }
    if looks_like_latex(t) {
        return Format::Latex;
    }
    if looks_like_markdown(t) {
        return Format::Markdown;
    }
    Format::Text
}

/// Converts a document, detecting its format unless `forced` names one.
pub fn convert(name: &str, bytes: &[u8], forced: Option<Format>) -> Result<Converted> {
    let format = forced.unwrap_or_else(|| detect(name, bytes));
    convert_as(format, name, bytes)
}

/// Converts a document read as `format`.
pub fn convert_as(format: Format, name: &str, bytes: &[u8]) -> Result<Converted> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(name, "file is empty"));
    }
    let converted = match format {
        Format::Text => text::convert(name, bytes)?,
        Format::Markdown => markdown::convert(name, bytes)?,
        Format::Latex => latex::convert(name, bytes)?,
        Format::JsonResume => jsonresume::convert(name, bytes)?,
        Format::Html => html::convert(name, bytes)?,
        Format::Pdf => pdf::convert(name, bytes)?,
        Format::Docx => docx::convert(name, bytes)?,
    };
    debug_assert_eq!(
        converted.text.split('\n').count(),
        converted.line_origins.len()
    );
    if format != Format::Text && !converted.text.chars().any(char::is_alphanumeric) {
        return Err(Error::input(
            name,
            format!("no text found in this {} document", format.name()),
        ));
    }
    Ok(converted)
}

fn extension(name: &str) -> Option<&str> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    (!stem.is_empty()).then_some(ext)
}

/// Position of `needle` in `hay` (naive; callers pass bounded or rare needles).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn looks_like_json_resume(t: &str) -> bool {
    [
        "\"basics\"",
        "\"work\"",
        "\"education\"",
        "\"skills\"",
        "jsonresume",
    ]
    .iter()
    .filter(|k| t.contains(*k))
    .count()
        >= 2
}

fn looks_like_latex(t: &str) -> bool {
    [
        "\\section",
        "\\begin{",
        "\\cventry",
        "\\textbf{",
        "\\item",
        "\\usepackage",
    ]
    .iter()
    .filter(|k| t.contains(*k))
    .count()
        >= 2
}

fn looks_like_markdown(t: &str) -> bool {
    let mut atx = 0;
    let mut other = 0;
    for line in t.lines().take(200) {
        let l = line.trim_start();
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') {
            atx += 1;
        }
        if l.contains("](") || l.contains("**") || l.starts_with("```") {
            other += 1;
        }
    }
    atx >= 1 && atx + other >= 2
}

/// Builds a [`Converted`]: lines with origins and heading marks, whitespace tidied.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    lines: Vec<(String, Option<String>, bool, Option<usize>)>,
    cur: String,
    cur_origin: Option<String>,
    /// Source line where the current line started, if the reader reports it.
    cur_source: Option<usize>,
    warnings: Vec<String>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder::default()
    }

    /// Records that the text that follows comes from 1-based source line `n` (the first report for a
    /// line wins).
    pub(crate) fn source_line(&mut self, n: usize) {
        if self.cur_source.is_none() || self.cur.trim().is_empty() {
            self.cur_source = Some(n);
        }
    }

    /// Appends inline text; `\n` inside ends lines.
    pub(crate) fn text(&mut self, s: &str) {
        let mut parts = s.split('\n');
        if let Some(first) = parts.next() {
            self.cur.push_str(first);
        }
        for p in parts {
            self.line_break();
            self.cur.push_str(p);
        }
    }

    /// Ends the current line unless it is empty.
    pub(crate) fn line_break(&mut self) {
        if !self.cur.trim().is_empty() {
            let line = std::mem::take(&mut self.cur);
            let origin = self.cur_origin.take();
            let src = self.cur_source.take();
            self.lines.push((line, origin, false, src));
        } else {
            self.cur.clear();
        }
    }

    /// Ends the current line and adds an empty line (paragraph boundary).
    pub(crate) fn blank_line(&mut self) {
        self.line_break();
        self.lines.push((String::new(), None, false, None));
    }

    /// A whole line with its origin.
    pub(crate) fn line(&mut self, s: &str, origin: Option<String>) {
        self.line_break();
        for part in s.split('\n') {
            if !part.trim().is_empty() {
                self.lines
                    .push((part.to_string(), origin.clone(), false, None));
            }
        }
    }

    /// A heading line (preceded by a blank line).
    pub(crate) fn heading(&mut self, s: &str, origin: Option<String>) {
        let s = s.trim();
        if s.is_empty() {
            return;
        }
        let src = self.cur_source.take();
        self.line_break();
        if !self.lines.is_empty() {
            self.lines.push((String::new(), None, false, None));
        }
        let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        self.lines.push((one_line, origin, true, src));
    }

    pub(crate) fn warn(&mut self, w: String) {
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    pub(crate) fn finish(mut self, format: Format) -> Converted {
        self.line_break();
        let mut text = String::new();
        let mut line_origins = Vec::new();
        let mut headings = Vec::new();
        let mut source_lines = Vec::new();
        let mut prev_blank = true;
        for (line, origin, heading, src) in self.lines {
            let tidy = tidy_line(&line);
            let blank = tidy.is_empty();
            if blank && prev_blank {
                continue;
            }
            if !line_origins.is_empty() {
                text.push('\n');
            }
            text.push_str(&tidy);
            line_origins.push(origin);
            headings.push(heading);
            source_lines.push(src);
            prev_blank = blank;
        }
        // Drop a trailing blank line.
        if prev_blank && !line_origins.is_empty() {
            line_origins.pop();
            headings.pop();
            source_lines.pop();
            if let Some(i) = text.rfind('\n') {
                text.truncate(i);
            } else {
                text.clear();
            }
        }
        if line_origins.is_empty() {
            line_origins.push(None);
            headings.push(false);
            source_lines.push(None);
        }
        Converted {
            format,
            text,
            line_origins,
            headings,
            source_lines,
            warnings: self.warnings,
        }
    }
}

/// Trims a line and folds runs of spaces and tabs (and control characters) into one space.
fn tidy_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' || c == '\t' || c == '\r' || (c.is_control() && c != '\n') {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
