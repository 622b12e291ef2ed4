//! DOCX (Word 2007+): paragraph text in document order, tables row by row, with the zip crate and
//! quick-xml.
//!
//! Each paragraph is a line; paragraphs in a heading style (or with an outline level) are headings;
//! a table row whose cells are one line each becomes one line "a | b | c", other rows give their
//! cells' lines in order; text boxes are read once (the `mc:Fallback` copy is skipped); deleted text
//! and field codes are dropped. Zip bombs are refused: at most [`MAX_ENTRIES`] entries and
//! [`MAX_EXPANDED_BYTES`](super::MAX_EXPANDED_BYTES) of XML read in total, counted while
//! decompressing (not trusted from the headers).

use std::collections::HashSet;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Builder, Converted, Format, MAX_EXPANDED_BYTES};
use crate::error::{Error, Result};

/// Most entries a DOCX archive may have.
pub const MAX_ENTRIES: usize = 10_000;

pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Error::input(
            name,
            "is a password-protected Word document or an old binary .doc, not a DOCX: save it \
             unprotected as .docx, PDF or text",
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::input(name, format!("not a valid DOCX (damaged ZIP archive: {e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::input(
            name,
            format!(
                "DOCX has {} entries, over the limit of {MAX_ENTRIES} (a zip bomb?)",
                zip.len()
            ),
        ));
    }
    let mut budget = MAX_EXPANDED_BYTES;
    let document = read_entry(&mut zip, "word/document.xml", &mut budget)
        .map_err(|e| Error::input(name, e))?
        .ok_or_else(|| {
            Error::input(
                name,
                "not a Word document: the archive has no word/document.xml",
            )
        })?;
    let mut b = Builder::new();
    // Styles only tell which paragraphs are headings: a broken styles.xml is not fatal.
    let heading_styles = match read_entry(&mut zip, "word/styles.xml", &mut budget) {
        Ok(Some(styles)) => heading_style_ids(&String::from_utf8_lossy(&styles)),
        Ok(None) => HashSet::new(),
        Err(e) => {
            b.warn(format!("{name}: styles ignored ({e})"));
            HashSet::new()
        }
    };
    let xml = String::from_utf8_lossy(&document);
    if let Err(e) = render(&xml, &heading_styles, &mut b) {
        b.warn(format!(
            "{name}: word/document.xml is malformed ({e}); the text before the error was read"
        ));
    }
    Ok(b.finish(Format::Docx))
}

/// Reads one entry, refusing more than `budget` bytes (decompressed) and charging what was read.
fn read_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    entry: &str,
    budget: &mut u64,
) -> std::result::Result<Option<Vec<u8>>, String> {
    let file = match zip.by_name(entry) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot open {entry}: {e}")),
    };
    let bomb = || {
        format!(
            "{entry} expands to more than {} MB (a zip bomb?)",
            MAX_EXPANDED_BYTES / (1024 * 1024)
        )
    };
    if file.size() > *budget {
        return Err(bomb());
    }
    let mut buf = Vec::new();
    file.take(*budget + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot decompress {entry} (damaged or truncated DOCX): {e}"))?;
    let n = buf.len() as u64;
    if n > *budget {
        return Err(bomb());
    }
    *budget -= n;
    Ok(Some(buf))
}

/// The value of a `w:val`-style attribute (any prefix) named `local`.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let k = key.rsplit(':').next().unwrap_or(key);
        (k == local).then(|| a.value.to_string())
    })
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// Style ids of paragraph styles that are headings ("heading 1".."heading 9", "Title", or with an
/// outline level).
fn heading_style_ids(xml: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                "style" => current = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, "val")) {
                        let v = v.to_ascii_lowercase();
                        if v.starts_with("heading") || v == "title" {
                            ids.insert(id.clone());
                        }
                    }
                }
                "outlineLvl" => {
                    if let Some(id) = &current {
                        ids.insert(id.clone());
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    ids
}

fn is_heading_style(id: &str, styles: &HashSet<String>) -> bool {
    let l = id.to_ascii_lowercase();
    styles.contains(id) || l == "title" || (l.starts_with("heading") && l.len() <= 9)
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    heading: bool,
}

/// A table row being read: its cells' lines.
#[derive(Default)]
struct Row {
    cells: Vec<Vec<String>>,
}

struct Doc<'b> {
    b: &'b mut Builder,
    paras: Vec<Para>,
    rows: Vec<Row>,
}

impl Doc<'_> {
    /// A finished line goes to the open table cell, or to the document.
    fn emit(&mut self, line: String, heading: bool) {
        if line.trim().is_empty() {
            return;
        }
        if let Some(cell) = self.rows.last_mut().and_then(|r| r.cells.last_mut()) {
            cell.push(line);
            return;
        }
        if heading {
            self.b.heading(&line, None);
        } else {
            self.b.line(&line, None);
        }
    }

    fn text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn end_row(&mut self) {
        let Some(row) = self.rows.pop() else { return };
        let cells: Vec<Vec<String>> = row.cells.into_iter().filter(|c| !c.is_empty()).collect();
        if cells.iter().all(|c| c.len() == 1) {
            let line = cells
                .iter()
                .map(|c| c[0].trim())
                .collect::<Vec<_>>()
                .join(" | ");
            self.emit(line, false);
        } else {
            for line in cells.into_iter().flatten() {
                self.emit(line, false);
            }
        }
    }
}

fn render(
    xml: &str,
    heading_styles: &HashSet<String>,
    b: &mut Builder,
) -> std::result::Result<(), String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut d = Doc {
        b,
        paras: Vec::new(),
        rows: Vec::new(),
    };
    let mut in_t = 0usize;
    let mut in_run = 0usize;
    let mut skip = 0usize;
    let mut tables: Vec<usize> = Vec::new();
    let result = loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => break Err(e.to_string()),
        };
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                if name == "Fallback" {
                    // The fallback copy of a text box (VML) repeats the mc:Choice content.
                    skip = 1;
                    continue;
                }
                match name.as_str() {
                    "p" => d.paras.push(Para::default()),
                    "r" => in_run += 1,
                    "t" => in_t += 1,
                    "tbl" => tables.push(d.rows.len()),
                    "tr" => d.rows.push(Row::default()),
                    "tc" => {
                        if let Some(row) = d.rows.last_mut() {
                            row.cells.push(Vec::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                match local(&e).as_str() {
                    "pStyle" => {
                        if let Some(v) = attr(&e, "val")
                            && is_heading_style(&v, heading_styles)
                            && let Some(p) = d.paras.last_mut()
                        {
                            p.heading = true;
                        }
                    }
                    "outlineLvl" => {
                        if let Some(p) = d.paras.last_mut() {
                            p.heading = true;
                        }
                    }
                    "tab" | "ptab" if in_run > 0 => d.text("\t"),
                    "br" | "cr" if in_run > 0 => d.text("\n"),
                    "noBreakHyphen" => d.text("-"),
                    "p" => {}
                    "tc" => {
                        if let Some(row) = d.rows.last_mut() {
                            row.cells.push(Vec::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match name.as_str() {
                    "p" => {
                        if let Some(p) = d.paras.pop() {
                            for (i, line) in p.text.split('\n').enumerate() {
                                d.emit(line.to_string(), p.heading && i == 0);
                            }
                        }
                    }
                    "r" => in_run = in_run.saturating_sub(1),
                    "t" => in_t = in_t.saturating_sub(1),
                    "tr" => d.end_row(),
                    "tbl" => {
                        // Rows left open by malformed XML are closed with their table.
                        let open = tables.pop().unwrap_or(0);
                        while d.rows.len() > open {
                            d.end_row();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t > 0 && skip == 0 => {
                let s = t.xml10_content();
                d.text(&s);
            }
            Event::GeneralRef(r) if in_t > 0 && skip == 0 => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        _ => String::new(),
                    },
                };
                d.text(&s);
            }
            Event::CData(c) if in_t > 0 && skip == 0 => {
                let s = c.xml10_content();
                d.text(&s);
            }
            Event::Eof => break Ok(()),
            _ => {}
        }
    };
    // Flush what malformed or truncated XML left open.
    while let Some(p) = d.paras.pop() {
        d.emit(p.text, p.heading);
    }
    while !d.rows.is_empty() {
        d.end_row();
    }
    result
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A minimal DOCX with the given `word/document.xml` body (inside `<w:body>`).
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        );
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file("[Content_Types].xml", o).unwrap();
        w.write_all(b"<Types/>").unwrap();
        w.start_file("word/document.xml", o).unwrap();
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_headings_tables_and_text_boxes() {
        let body = format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Skills</w:t></w:r></w:p>
{}<w:p><w:r><w:t xml:space="preserve">PyTorch </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>&amp; SQL</w:t></w:r><w:del><w:r><w:delText>Java</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK</w:instrText></w:r></w:p>
<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>{}</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>{}</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:t>Mar 2021</w:t><w:tab/><w:t>present</w:t><w:br/><w:t>next</w:t></w:r></w:p>"#,
            p("Python"),
            p("Docker"),
            p("expert"),
            p("ML Engineer"),
            p("Mar 2021 - present"),
            p("Acme"),
            p("Kubernetes"),
            p("Kubernetes"),
        );
        let c = convert("r.docx", &docx(&body)).unwrap();
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(
            lines,
            [
                "Skills",
                "Python",
                "PyTorch & SQL",
                "Docker | expert",
                "ML Engineer",
                "Mar 2021 - present",
                "Acme",
                "Kubernetes",
                "Mar 2021 present",
                "next"
            ]
        );
        assert!(c.headings[0]);
    }

    #[test]
    fn zip_bomb_is_refused() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("word/document.xml", o).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..(MAX_EXPANDED_BYTES / (1 << 20) + 2) {
            w.write_all(&chunk).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "{}", bytes.len());
        let e = convert("bomb.docx", &bytes).unwrap_err().to_string();
        assert!(e.contains("zip bomb"), "{e}");
    }

    #[test]
    fn many_entries_are_refused() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..=MAX_ENTRIES {
            w.start_file(format!("f{i}"), o).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        let e = convert("many.docx", &bytes).unwrap_err().to_string();
        assert!(e.contains("entries"), "{e}");
    }

    #[test]
    fn truncated_and_malformed() {
        let good = docx(&p("Python"));
        for cut in [4, 30, good.len() / 2, good.len() - 10] {
            let e = convert("t.docx", &good[..cut]).unwrap_err().to_string();
            assert!(e.contains("DOCX") || e.contains("document"), "{e}");
        }
        let c = convert(
            "m.docx",
            &docx("<w:p><w:r><w:t>Rust</w:t></w:r></w:p></w:body><oops"),
        )
        .unwrap();
        assert!(c.text.contains("Rust"));
        let e = convert("o.docx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err();
        assert!(e.to_string().contains("password-protected"));
    }
}
