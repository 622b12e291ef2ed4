//! PDF with a text layer: text in content-stream order (the reading order of generated résumés) with
//! pdf-extract, on a document loaded and checked with its lopdf.
//!
//! Refused with one clear line: encrypted PDFs that need a password (those with an empty user
//! password, "owner-locked" ones, are read), PDFs without text (scans: run OCR), truncated or corrupt
//! files. pdf-extract and lopdf index and unwrap on malformed input, so the extraction runs under
//! `std::panic::catch_unwind` (with the panic message silenced) and a panic becomes an error; this
//! needs the default `panic = "unwind"` profile. Before extraction the document is made safe for
//! pdf-extract's recursive walks: pages get their inherited attributes copied and their `/Parent`
//! link removed (a cyclic page tree would recurse forever), a missing or short `/MediaBox` gets a
//! default, and form XObjects that invoke themselves (directly or through others) or nest too deeply
//! are refused. Every stream is decoded once, bounded, while the document loads (lopdf inflates
//! without a limit): one that expands past [`MAX_DECODED`] in total is a decompression bomb and is
//! refused before anything is inflated for real.

use std::cell::Cell;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use pdf_extract::{
    Dictionary, Document, LoadOptions, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream,
};

use super::{Builder, Converted, Format};
use crate::error::{Error, Result};

/// Deepest nesting of form XObjects read.
const MAX_FORM_DEPTH: usize = 12;
/// Most form XObject invocations checked per document (bounds the pre-check's work).
const MAX_FORM_VISITS: usize = 10_000;
/// Most characters extracted (a PDF's text layer beyond this is not a résumé).
const MAX_CHARS: usize = 20_000_000;
/// Most bytes all the streams of one PDF may decode to (a résumé's fonts and pages need a few MB).
const MAX_DECODED: u64 = 256 << 20;
/// Message for a PDF without text.
pub(crate) const NO_TEXT: &str =
    "PDF has no text layer (a scanned document?): run OCR first, e.g. ocrmypdf";

enum Problem {
    Encrypted,
    Damaged(String),
    Unsupported(String),
    TooMuchText,
    Bomb,
}

pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    let pages = match quiet_catch_unwind(|| extract(bytes)) {
        Ok(Ok(pages)) => pages,
        Ok(Err(Problem::Encrypted)) => {
            return Err(Error::input(
                name,
                "PDF is encrypted and needs a password: save an unprotected copy (or export the \
                 text) and read that",
            ));
        }
        Ok(Err(Problem::Damaged(why))) => {
            return Err(Error::input(
                name,
                format!("PDF is damaged or truncated ({why}); re-export or re-download it"),
            ));
        }
        Ok(Err(Problem::Unsupported(why))) => {
            return Err(Error::input(name, format!("PDF cannot be read: {why}")));
        }
        Ok(Err(Problem::TooMuchText)) => {
            return Err(Error::input(
                name,
                format!(
                    "PDF holds more than {MAX_CHARS} characters of text, not a résumé or posting"
                ),
            ));
        }
        Ok(Err(Problem::Bomb)) => {
            return Err(Error::input(
                name,
                format!(
                    "PDF streams decompress to more than {} MB (a decompression bomb?)",
                    MAX_DECODED >> 20
                ),
            ));
        }
        Err(_) => {
            return Err(Error::input(
                name,
                "PDF is damaged or uses features the PDF reader cannot handle; re-export it \
                 (\"Print to PDF\") or save it as text",
            ));
        }
    };
    let mut b = Builder::new();
    for page in &pages {
        b.text(page);
        b.blank_line();
    }
    let c = b.finish(Format::Pdf);
    if !c.text.chars().any(char::is_alphanumeric) {
        return Err(Error::input(name, NO_TEXT));
    }
    Ok(c)
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}
static HOOK: Once = Once::new();

/// `catch_unwind` that keeps the default panic message off stderr for panics it catches (a
/// thread-local flag read by a wrapper around the previous panic hook, installed once).
fn quiet_catch_unwind<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    r
}

fn extract(bytes: &[u8]) -> std::result::Result<Vec<String>, Problem> {
    extract_within(bytes, MAX_DECODED)
}

fn extract_within(bytes: &[u8], max_decoded: u64) -> std::result::Result<Vec<String>, Problem> {
    DECODED.with(|d| d.set(0));
    LIMIT.with(|l| l.set(max_decoded));
    let loaded = Document::load_mem_with_options(bytes, LoadOptions::with_filter(guard_stream));
    if DECODED.with(Cell::get) > max_decoded {
        return Err(Problem::Bomb);
    }
    let mut doc = loaded.map_err(|e| load_problem(bytes, &e))?;
    // lopdf decrypts documents with an empty user password while loading; one still carrying
    // /Encrypt needs a real password.
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(Problem::Encrypted);
    }
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if pages.is_empty() {
        return Err(Problem::Damaged("no pages found".into()));
    }
    for &(_, id) in &pages {
        flatten_page(&mut doc, id);
    }
    check_forms(&doc, &pages)?;
    let mut out = PageText::new();
    for &(num, _) in &pages {
        match pdf_extract::output_doc_page(&doc, &mut out, num) {
            Ok(()) => {}
            Err(_) if out.too_much => return Err(Problem::TooMuchText),
            // A page that fails (broken font, bad content stream) is skipped; others may be fine.
            Err(_) => out.end_page_quietly(),
        }
    }
    Ok(out.pages)
}

thread_local! {
    /// Bytes the streams of the PDF being loaded on this thread decode to (lopdf calls its load
    /// filter on the loading thread: it is built without its `rayon` feature).
    static DECODED: Cell<u64> = const { Cell::new(0) };
    /// The budget for [`DECODED`] ([`MAX_DECODED`] but in tests).
    static LIMIT: Cell<u64> = const { Cell::new(MAX_DECODED) };
}

/// lopdf's load filter, called with each object as it is parsed and before object streams are
/// inflated: adds what a stream decodes to to [`DECODED`] (decoding at most the remaining budget)
/// and drops every object once the budget is spent, so nothing more is inflated.
fn guard_stream(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    let (spent, limit) = (DECODED.with(Cell::get), LIMIT.with(Cell::get));
    if spent > limit {
        return None;
    }
    if let Object::Stream(s) = obj {
        let n = decoded_len(s, limit - spent);
        DECODED.with(|d| d.set(spent + n));
        if spent + n > limit {
            return None;
        }
    }
    // lopdf keeps its own copy for top-level objects and this one for objects of an object
    // stream (which are never streams, so the copy is small).
    Some((id, obj.clone()))
}

/// How many bytes a stream decodes to through its filter chain, counting at most `limit` (any
/// number above `limit` means "too much"). Filters lopdf does not decode count as their raw size.
fn decoded_len(s: &Stream, limit: u64) -> u64 {
    let Ok(filters) = s.filters() else {
        return s.content.len() as u64;
    };
    let mut data: std::borrow::Cow<'_, [u8]> = std::borrow::Cow::Borrowed(&s.content);
    for f in filters {
        let next = match f {
            b"FlateDecode" => inflate_bounded(&data, limit),
            b"LZWDecode" => {
                let early = s
                    .dict
                    .get(b"DecodeParms")
                    .and_then(Object::as_dict)
                    .and_then(|p| p.get(b"EarlyChange"))
                    .and_then(Object::as_i64)
                    .map_or(true, |v| v != 0);
                lzw_bounded(&data, early, limit)
            }
            // ASCII85 shrinks data (at most 4 bytes out for each 'z'): decoded by lopdf itself.
            b"ASCII85Decode" => {
                let mut d = Dictionary::new();
                d.set("Filter", "ASCII85Decode");
                Stream::new(d, data.to_vec())
                    .decompressed_content()
                    .unwrap_or_default()
            }
            _ => return data.len() as u64,
        };
        if next.len() as u64 > limit {
            return next.len() as u64;
        }
        data = std::borrow::Cow::Owned(next);
    }
    data.len() as u64
}

/// Zlib (or, as lopdf falls back to, raw deflate) output, cut off after `limit + 1` bytes.
fn inflate_bounded(input: &[u8], limit: u64) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(input)
        .take(limit + 1)
        .read_to_end(&mut out);
    if out.is_empty() && input.len() > 2 {
        let _ = flate2::read::DeflateDecoder::new(&input[2..])
            .take(limit + 1)
            .read_to_end(&mut out);
    }
    out
}

/// LZW output (PDF's MSB-first variant), cut off after `limit + 1` bytes.
fn lzw_bounded(input: &[u8], early_change: bool, limit: u64) -> Vec<u8> {
    use weezl::{BitOrder, LzwStatus, decode::Decoder};
    let mut dec = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut rest = input;
    while (out.len() as u64) <= limit {
        let r = dec.decode_bytes(rest, &mut buf);
        out.extend_from_slice(&buf[..r.consumed_out]);
        rest = &rest[r.consumed_in..];
        match r.status {
            Ok(LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            _ => break,
        }
    }
    out
}

fn load_problem(bytes: &[u8], e: &pdf_extract::Error) -> Problem {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if super::find(tail, b"%%EOF").is_none() {
        Problem::Damaged(format!("no end-of-file marker; {e}"))
    } else if super::find(bytes, b"/Encrypt").is_some() {
        Problem::Encrypted
    } else {
        Problem::Damaged(e.to_string())
    }
}

/// Copies a page's inherited attributes onto it and removes its `/Parent` link; gives it a usable
/// `/MediaBox`.
fn flatten_page(doc: &mut Document, page: ObjectId) {
    let mut inherited: Vec<(&'static [u8], Object)> = Vec::new();
    for key in [
        b"Resources".as_slice(),
        b"MediaBox".as_slice(),
        b"CropBox".as_slice(),
        b"Rotate".as_slice(),
    ] {
        if let Some(v) = inherited_value(doc, page, key) {
            inherited.push((key, v));
        }
    }
    let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) else {
        return;
    };
    for (key, v) in inherited {
        if !dict.has(key) {
            dict.set(key, v);
        }
    }
    dict.remove(b"Parent");
    let media_ok = match dict.get(b"MediaBox") {
        Ok(Object::Array(a)) => a.len() >= 4 && a.iter().take(4).all(|o| o.as_float().is_ok()),
        _ => false,
    };
    if !media_ok {
        dict.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
        );
    }
}

/// The value of `key` on a page or its nearest ancestor (bounded walk, cycle-safe), dereferenced once
/// when it is an indirect MediaBox/Rotate (so a later copy stays valid).
fn inherited_value(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut seen = HashSet::new();
    let mut id = page;
    for _ in 0..64 {
        if !seen.insert(id) {
            return None;
        }
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(v) = dict.get(key) {
            return Some(match v {
                Object::Reference(r) if key != b"Resources" => {
                    doc.get_object(*r).ok().cloned().unwrap_or(Object::Null)
                }
                other => other.clone(),
            });
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// Refuses XObjects that invoke themselves or nest deeper than [`MAX_FORM_DEPTH`]: pdf-extract
/// follows `Do` recursively without a limit.
fn check_forms(doc: &Document, pages: &[(u32, ObjectId)]) -> std::result::Result<(), Problem> {
    let mut visits = 0usize;
    let mut checked: HashSet<ObjectId> = HashSet::new();
    for &(_, page) in pages {
        let Ok(dict) = doc.get_dictionary(page) else {
            continue;
        };
        let Some(resources) = deref_dict(doc, dict.get(b"Resources").ok()) else {
            continue;
        };
        let Ok(content) = doc.get_page_content(page) else {
            continue;
        };
        let mut stack = Vec::new();
        walk_forms(
            doc,
            &content,
            resources,
            &mut stack,
            &mut visits,
            &mut checked,
        )?;
    }
    Ok(())
}

fn deref_dict<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Dictionary> {
    match o? {
        Object::Dictionary(d) => Some(d),
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        _ => None,
    }
}

fn walk_forms(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    stack: &mut Vec<ObjectId>,
    visits: &mut usize,
    checked: &mut HashSet<ObjectId>,
) -> std::result::Result<(), Problem> {
    if !content.windows(2).any(|w| w == b"Do") {
        return Ok(());
    }
    let Ok(ops) = pdf_extract::content::Content::decode(content) else {
        return Ok(());
    };
    let xobjects = deref_dict(doc, resources.get(b"XObject").ok());
    for op in ops.operations.iter().filter(|op| op.operator == "Do") {
        let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
            continue;
        };
        let Some(Ok(Object::Reference(id))) = xobjects.map(|x| x.get(name)) else {
            continue;
        };
        let id = *id;
        if stack.contains(&id) {
            return Err(Problem::Unsupported(
                "a form XObject invokes itself (malformed PDF)".into(),
            ));
        }
        if stack.len() >= MAX_FORM_DEPTH {
            return Err(Problem::Unsupported(format!(
                "form XObjects nest more than {MAX_FORM_DEPTH} deep"
            )));
        }
        *visits += 1;
        if *visits > MAX_FORM_VISITS {
            return Err(Problem::Unsupported(format!(
                "more than {MAX_FORM_VISITS} form XObject invocations"
            )));
        }
        // pdf-extract runs any stream named by `Do` as a content stream (images and page contents
        // included, whatever their /Subtype), so every one is followed here.
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        // A form with its own resources is checked once; one inheriting the caller's resources
        // depends on them, so it is checked in each context.
        let own = deref_dict(doc, form.dict.get(b"Resources").ok());
        if own.is_some() && checked.contains(&id) {
            continue;
        }
        // The same bytes pdf-extract reads (its `get_contents`).
        let inner = if form.filters().is_ok() {
            form.decompressed_content()
                .unwrap_or_else(|_| form.content.clone())
        } else {
            form.content.clone()
        };
        stack.push(id);
        walk_forms(
            doc,
            &inner,
            own.unwrap_or(resources),
            stack,
            visits,
            checked,
        )?;
        stack.pop();
        if own.is_some() {
            checked.insert(id);
        }
    }
    Ok(())
}

/// Text of each page, laid out with pdf-extract's plain-text rules (a new line when the baseline
/// moves by more than the font size, a space for a horizontal gap), with a cap on the total size.
struct PageText {
    pages: Vec<String>,
    cur: String,
    chars: usize,
    too_much: bool,
    height: f64,
    last_end: f64,
    last_y: f64,
    first_char: bool,
}

impl PageText {
    fn new() -> PageText {
        PageText {
            pages: Vec::new(),
            cur: String::new(),
            chars: 0,
            too_much: false,
            height: 0.0,
            last_end: 100_000.0,
            last_y: 0.0,
            first_char: false,
        }
    }

    fn end_page_quietly(&mut self) {
        if !self.cur.is_empty() {
            self.pages.push(std::mem::take(&mut self.cur));
        }
    }
}

impl OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.last_end = 100_000.0;
        self.last_y = 0.0;
        self.cur.clear();
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        self.pages.push(std::mem::take(&mut self.cur));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> std::result::Result<(), OutputError> {
        // Position after flipping the y axis (top of the page is 0).
        let x = trm.m31;
        let y = self.height - trm.m32;
        let fx = font_size * trm.m11 + font_size * trm.m21;
        let fy = font_size * trm.m12 + font_size * trm.m22;
        let size = (fx * fy).abs().sqrt();
        if self.first_char {
            if (y - self.last_y).abs() > size * 1.5 {
                self.cur.push('\n');
            }
            if x < self.last_end && (y - self.last_y).abs() > size * 0.5 {
                self.cur.push('\n');
            }
            if x > self.last_end + size * 0.1 {
                self.cur.push(' ');
            }
        }
        self.cur.push_str(char);
        self.chars += char.len();
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        if self.chars > MAX_CHARS {
            self.too_much = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        self.first_char = true;
        Ok(())
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF with a Helvetica text object per line, xref offsets computed.
    pub(crate) fn tiny_pdf(lines: &[&str]) -> Vec<u8> {
        let mut content = String::from("BT /F1 11 Tf 72 720 Td 14 TL\n");
        for l in lines {
            let esc = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({esc}) Tj T*\n"));
        }
        content.push_str("ET");
        build_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ])
    }

    /// Serialises objects 1..=n with a correct xref table.
    pub(crate) fn build_pdf<O: AsRef<[u8]>>(objects: &[O]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).bytes());
            out.extend_from_slice(o.as_ref());
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for off in offsets {
            out.extend(format!("{off:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn reads_text_in_order() {
        let pdf = tiny_pdf(&[
            "SKILLS",
            "Python, PyTorch",
            "EXPERIENCE",
            "Mar 2021 - present",
        ]);
        let c = convert("r.pdf", &pdf).unwrap();
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(
            lines,
            [
                "SKILLS",
                "Python, PyTorch",
                "EXPERIENCE",
                "Mar 2021 - present"
            ]
        );
    }

    #[test]
    fn truncated_and_garbage_are_errors() {
        let pdf = tiny_pdf(&["Python"]);
        for cut in [10, pdf.len() / 3, pdf.len() / 2, pdf.len() - 20] {
            if let Err(e) = convert("t.pdf", &pdf[..cut]) {
                let e = e.to_string();
                assert!(e.contains("PDF"), "{e}");
            }
        }
        let e = convert("g.pdf", b"%PDF-1.4\ngarbage")
            .unwrap_err()
            .to_string();
        assert!(e.contains("damaged"), "{e}");
    }

    #[test]
    fn no_text_is_a_scan() {
        let pdf = build_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_string(),
            "<< /Length 20 >>\nstream\n0 0 m 100 100 l S  \nendstream".to_string(),
        ]);
        let e = convert("s.pdf", &pdf).unwrap_err().to_string();
        assert!(e.contains("no text layer"), "{e}");
    }

    #[test]
    fn cyclic_structures_do_not_recurse_forever() {
        // The page is its own parent, and a form XObject draws itself.
        let content = "/Fm1 Do BT /F1 11 Tf 72 720 Td (Python) Tj ET";
        let pdf = build_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 3 0 R /Resources 6 0 R /Contents 5 0 R >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Font << /F1 4 0 R >> /XObject << /Fm1 7 0 R >> >>".to_string(),
            "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 8 >>\nstream\n/Fm1 Do\nendstream".to_string(),
        ]);
        let e = convert("c.pdf", &pdf).unwrap_err().to_string();
        assert!(e.contains("invokes itself"), "{e}");
        // Fuzzer find: an XObject that is not a form (here the page's own content stream, no
        // /Subtype) is still run by pdf-extract, which recursed until the stack overflowed.
        let content = "/X1 Do";
        let pdf = build_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X1 4 0 R >> >> /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ]);
        let e = convert("x.pdf", &pdf).unwrap_err().to_string();
        assert!(e.contains("invokes itself"), "{e}");
    }

    /// A one-page PDF whose content stream is `content` encoded with `filter`.
    fn encoded_pdf(filter: &str, encoded: &[u8]) -> Vec<u8> {
        let mut stream = format!(
            "<< /Length {} /Filter /{filter} >>\nstream\n",
            encoded.len()
        )
        .into_bytes();
        stream.extend_from_slice(encoded);
        stream.extend_from_slice(b"\nendstream");
        build_pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            stream,
        ])
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn lzw(data: &[u8]) -> Vec<u8> {
        weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(data)
            .unwrap()
    }

    #[test]
    fn compressed_content_is_read() {
        let content = b"BT /F1 11 Tf 72 720 Td (TensorFlow) Tj ET";
        for pdf in [
            encoded_pdf("FlateDecode", &zlib(content)),
            encoded_pdf("LZWDecode", &lzw(content)),
        ] {
            assert_eq!(convert("z.pdf", &pdf).unwrap().text, "TensorFlow");
        }
    }

    #[test]
    fn decompression_bombs_are_refused_before_inflating() {
        // 4 MB of spaces after the text: fine under the real budget, a bomb under a 1 MB one.
        let mut content = b"BT /F1 11 Tf 72 720 Td (TensorFlow) Tj ET".to_vec();
        content.resize(4 << 20, b' ');
        for pdf in [
            encoded_pdf("FlateDecode", &zlib(&content)),
            encoded_pdf("LZWDecode", &lzw(&content)),
        ] {
            assert!(pdf.len() < 64 << 10, "{}", pdf.len());
            assert!(matches!(extract_within(&pdf, 1 << 20), Err(Problem::Bomb)));
            assert_eq!(
                extract_within(&pdf, 8 << 20).ok().unwrap()[0].trim(),
                "TensorFlow"
            );
        }
    }

    #[test]
    fn missing_media_box_gets_a_default() {
        let content = "BT /F1 11 Tf 72 720 Td (Kubernetes) Tj ET";
        let pdf = build_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ]);
        assert_eq!(convert("m.pdf", &pdf).unwrap().text, "Kubernetes");
    }
}
