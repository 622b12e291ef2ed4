//! Detection, conversion through the public entry points, the fixtures under tests/fixtures, and
//! hostile inputs for every reader.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_fixture(name: &str) -> Converted {
    convert(name, &fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn has_line(c: &Converted, line: &str) -> bool {
    c.lines().any(|l| l.trim() == line)
}

#[test]
fn detects_by_content_first_then_extension() {
    assert_eq!(detect("x.txt", b"%PDF-1.7\n..."), Format::Pdf);
    assert_eq!(
        detect("x", b"PK\x03\x04....word/document.xml"),
        Format::Docx
    );
    assert_eq!(detect("x.docx", b"PK\x03\x04...."), Format::Docx);
    assert_eq!(detect("x.bin", b"PK\x03\x04\x00\x00"), Format::Text);
    assert_eq!(
        detect("r.txt", b"{\"basics\": {}, \"work\": []}"),
        Format::JsonResume
    );
    assert_eq!(detect("r.json", b"[1]"), Format::JsonResume);
    assert_eq!(detect("p.txt", b"<!DOCTYPE html><html>"), Format::Html);
    assert_eq!(detect("p", b"  <html lang=en><body>x"), Format::Html);
    assert_eq!(detect("p.htm", b"Just text"), Format::Html);
    assert_eq!(
        detect("r.txt", b"\\documentclass{moderncv}\n\\begin{document}"),
        Format::Latex
    );
    assert_eq!(detect("r.md", b"Skills: Python"), Format::Markdown);
    assert_eq!(detect("r.txt", b"# Skills\n- **Python**"), Format::Text);
    assert_eq!(detect("r", b"# Skills\n- **Python**"), Format::Markdown);
    assert_eq!(
        detect("r", b"\\section{Skills}\n\\item Python"),
        Format::Latex
    );
    assert_eq!(detect("resume", b"Skills\nPython"), Format::Text);
    assert_eq!(detect("C:\\cv\\resume.PDF", b"junk"), Format::Pdf);
    assert_eq!(detect(".md", b"plain"), Format::Text);
    // UTF-16 content is sniffed after decoding.
    let mut le = vec![0xFF, 0xFE];
    for u in "<!DOCTYPE html><p>Python".encode_utf16() {
        le.extend(u.to_le_bytes());
    }
    assert_eq!(detect("p", &le), Format::Html);
}

#[test]
fn format_names_round_trip() {
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>(), Ok(f));
        assert_eq!(f.to_string(), f.name());
    }
    assert_eq!("MD".parse::<Format>(), Ok(Format::Markdown));
    assert!(
        "rtf"
            .parse::<Format>()
            .unwrap_err()
            .contains("expected one of")
    );
}

#[test]
fn forced_format_wins() {
    let c = convert("r.md", b"# Skills\n**Python**", Some(Format::Text)).unwrap();
    assert_eq!(c.text, "# Skills\n**Python**");
    let c = convert("r.txt", b"# Skills\n**Python**", Some(Format::Markdown)).unwrap();
    assert_eq!(c.text, "Skills\nPython");
}

#[test]
fn empty_and_textless_documents() {
    for f in Format::ALL {
        let e = convert_as(f, "e", b" \n\t").unwrap_err().to_string();
        assert_eq!(e, "e: file is empty");
    }
    let e = convert_as(Format::Html, "h.html", b"<p> </p><script>x</script>")
        .unwrap_err()
        .to_string();
    assert!(e.contains("no text found"), "{e}");
}

#[test]
fn fixture_markdown() {
    let c = read_fixture("resume.md");
    assert_eq!(c.format, Format::Markdown);
    for l in ["SKILLS", "EXPERIENCE", "EDUCATION", "Mar 2021 - present"] {
        assert!(has_line(&c, l), "{l} in {}", c.text);
    }
    assert!(c.text.contains("PyTorch") && c.text.contains("Python"));
    assert!(!c.text.contains("**") && !c.text.contains("]("));
}

#[test]
fn fixture_latex() {
    let c = read_fixture("resume.tex");
    assert_eq!(c.format, Format::Latex);
    for l in ["Experience", "Skills", "Education", "Mar 2021 - present"] {
        assert!(has_line(&c, l), "{l} in {}", c.text);
    }
    assert!(c.text.contains("PyTorch") && c.text.contains("Python"));
    assert!(!c.text.contains('\\') && !c.text.contains("moderncv"));
}

#[test]
fn fixture_json_resume() {
    let c = read_fixture("resume.json");
    assert_eq!(c.format, Format::JsonResume);
    for l in [
        "SKILLS",
        "EXPERIENCE",
        "EDUCATION",
        "PROJECTS",
        "Mar 2021 - present",
    ] {
        assert!(has_line(&c, l), "{l} in {}", c.text);
    }
    assert!(c.text.contains("PyTorch") && c.text.contains("Python"));
    assert!(
        c.line_origins
            .iter()
            .flatten()
            .any(|o| o == "work[0].highlights[1]")
    );
}

#[test]
fn fixture_html() {
    let c = read_fixture("posting.html");
    assert_eq!(c.format, Format::Html);
    for l in ["Requirements", "Nice to have"] {
        assert!(has_line(&c, l), "{l} in {}", c.text);
    }
    assert!(c.text.contains("Python") && c.text.contains("PyTorch"));
    assert!(!c.text.contains("gtag") && !c.text.contains("font-family"));
}

#[test]
fn fixture_pdf() {
    let c = read_fixture("resume.pdf");
    assert_eq!(c.format, Format::Pdf);
    assert!(
        c.text.contains("Python") && c.text.contains("PyTorch"),
        "{}",
        c.text
    );
    assert!(c.text.contains("Mar 2021 - present"), "{}", c.text);
    assert!(
        has_line(&c, "SKILLS") && has_line(&c, "EXPERIENCE"),
        "{}",
        c.text
    );
}

#[test]
fn fixture_pdf_failures() {
    let e = convert("scanned.pdf", &fixture("scanned.pdf"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no text layer") && e.contains("OCR"), "{e}");
    let e = convert("encrypted.pdf", &fixture("encrypted.pdf"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("encrypted"), "{e}");
    let e = convert("truncated.pdf", &fixture("truncated.pdf"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("damaged or truncated"), "{e}");
}

#[test]
fn fixture_docx() {
    let c = read_fixture("resume.docx");
    assert_eq!(c.format, Format::Docx);
    for l in ["Skills", "Experience", "Mar 2021 - present"] {
        assert!(has_line(&c, l), "{l} in {}", c.text);
    }
    assert!(
        c.text.contains("Python") && c.text.contains("PyTorch"),
        "{}",
        c.text
    );
    assert!(c.text.contains("Docker | Kubernetes"), "{}", c.text);
}

#[test]
fn fixture_encodings() {
    let c = read_fixture("utf16.txt");
    assert!(
        c.text.contains("Python") && c.text.contains("PyTorch"),
        "{}",
        c.text
    );
    assert!(c.text.contains("Mar 2021 - present"));
    let c = read_fixture("cp1252.txt");
    assert!(
        c.text.contains("Café") && c.text.contains("PyTorch"),
        "{}",
        c.text
    );
    assert!(c.warnings.iter().any(|w| w.contains("windows-1252")));
    let c = read_fixture("mojibake.txt");
    assert!(
        c.text.contains("Python") && c.text.contains("PyTorch"),
        "{}",
        c.text
    );
    assert!(!c.warnings.is_empty());
}

#[test]
fn hostile_inputs_never_panic() {
    let long_line = "Python ".repeat(150_000);
    let nul = b"Python\0SQL\0\0\0\0\0\0\0\0\0\0".to_vec();
    let inputs: Vec<Vec<u8>> = vec![
        long_line.clone().into_bytes(),
        nul,
        vec![0u8; 4096],
        vec![0xFFu8; 4096],
        b"\xEF\xBB\xBF".to_vec(),
        b"\xFF\xFE\x00".to_vec(),
        format!("{}{}", "{\"basics\":".repeat(10_000), "1").into_bytes(),
        "<".repeat(100_000).into_bytes(),
        "[".repeat(100_000).into_bytes(),
        "\\begin{itemize}".repeat(20_000).into_bytes(),
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".to_vec(),
        b"PK\x03\x04garbage".to_vec(),
    ];
    for bytes in &inputs {
        for f in Format::ALL {
            let _ = convert_as(f, "h", bytes);
        }
        let _ = convert("h", bytes, None);
    }
    // A 1 MB line reads fine as every text format.
    for f in [Format::Text, Format::Markdown, Format::Latex, Format::Html] {
        let c = convert_as(f, "l", long_line.as_bytes()).unwrap();
        assert!(c.text.starts_with("Python Python"));
    }
    // NUL bytes: refused as binary, not mangled.
    let e = convert_as(Format::Text, "n", b"Python\0SQL")
        .unwrap_err()
        .to_string();
    assert!(e.contains("binary"), "{e}");
}
