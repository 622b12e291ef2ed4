//! HTML (a saved job posting): tokenised with html5gum (WHATWG tokenizer, no tree building, no
//! unsafe code), so text and entities are decoded as a browser would. `script`, `style`, `noscript`,
//! `template`, `svg` and `title` contents are dropped; block elements end lines; `h1`..`h6` become
//! heading lines; table cells are joined with ` | `; whitespace inside text collapses as in a browser
//! (except in `pre`).

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{Builder, Converted, Format, text};
use crate::error::Result;

/// Longest heading kept as one heading line; an unclosed `<h1>` does not swallow the page.
const MAX_HEADING: usize = 300;

pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    let mut b = Builder::new();
    let src = text::decode_for_markup(name, bytes, &mut b)?;
    render(&src, &mut b);
    Ok(b.finish(Format::Html))
}

fn is_skipped(tag: &[u8]) -> bool {
    matches!(
        tag,
        b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"svg"
            | b"math"
            | b"title"
            | b"iframe"
            | b"object"
            | b"noembed"
            | b"noframes"
            | b"select"
            | b"button"
    )
}

fn is_block(tag: &[u8]) -> bool {
    matches!(
        tag,
        b"p" | b"div"
            | b"li"
            | b"br"
            | b"tr"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"main"
            | b"nav"
            | b"aside"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"caption"
            | b"blockquote"
            | b"pre"
            | b"hr"
            | b"form"
            | b"fieldset"
            | b"legend"
            | b"figure"
            | b"figcaption"
            | b"address"
            | b"details"
            | b"summary"
            | b"body"
            | b"html"
            | b"head"
            | b"center"
            | b"label"
    )
}

fn heading_level(tag: &[u8]) -> bool {
    matches!(tag, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

struct State {
    skip: usize,
    pre: usize,
    heading: Option<String>,
    cells_in_row: usize,
}

fn render(src: &str, b: &mut Builder) {
    let mut emitter = DefaultEmitter::default();
    // Switch to raw-text states after <script>, <style>, <textarea>... as a tree builder would.
    emitter.naively_switch_states(true);
    let tokenizer = Tokenizer::new_with_emitter(src, emitter);
    let mut st = State {
        skip: 0,
        pre: 0,
        heading: None,
        cells_in_row: 0,
    };
    for token in tokenizer.flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                if is_skipped(name) {
                    if !tag.self_closing {
                        st.skip += 1;
                    }
                    continue;
                }
                if st.skip > 0 {
                    continue;
                }
                if heading_level(name) {
                    flush_heading(&mut st, b);
                    b.line_break();
                    st.heading = Some(String::new());
                } else if name == b"td" || name == b"th" {
                    if st.cells_in_row > 0 {
                        push_text(&mut st, b, " | ");
                    }
                    st.cells_in_row += 1;
                } else if is_block(name) {
                    if name == b"tr" {
                        st.cells_in_row = 0;
                    }
                    if name == b"pre" && !tag.self_closing {
                        st.pre += 1;
                    }
                    if name != b"br" && st.heading.as_ref().is_some_and(|h| !h.trim().is_empty()) {
                        flush_heading(&mut st, b);
                    }
                    if st.heading.is_some() {
                        push_text(&mut st, b, " ");
                    } else {
                        b.line_break();
                    }
                    if name == b"li" {
                        // Nothing: one item per line is enough; bullets would add noise.
                    }
                } else if name == b"img" || name == b"input" {
                    push_text(&mut st, b, " ");
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_slice();
                if is_skipped(name) {
                    st.skip = st.skip.saturating_sub(1);
                    continue;
                }
                if st.skip > 0 {
                    continue;
                }
                if heading_level(name) {
                    flush_heading(&mut st, b);
                } else if is_block(name) || name == b"td" || name == b"th" {
                    if name == b"pre" {
                        st.pre = st.pre.saturating_sub(1);
                    }
                    if name == b"td" || name == b"th" {
                        continue;
                    }
                    if name == b"tr" {
                        st.cells_in_row = 0;
                    }
                    if st.heading.is_some() {
                        push_text(&mut st, b, " ");
                    } else {
                        b.line_break();
                    }
                }
            }
            Token::String(s) => {
                if st.skip > 0 {
                    continue;
                }
                let t = String::from_utf8_lossy(&s.value);
                if st.pre > 0 && st.heading.is_none() {
                    b.text(&t);
                } else {
                    let collapsed = collapse_ws(&t);
                    push_text(&mut st, b, &collapsed);
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    flush_heading(&mut st, b);
}

fn push_text(st: &mut State, b: &mut Builder, s: &str) {
    match st.heading.as_mut() {
        Some(h) => {
            h.push_str(s);
            if h.len() > MAX_HEADING {
                // Not a real heading (unclosed tag): emit as text from here on.
                let text = std::mem::take(h);
                st.heading = None;
                b.line_break();
                b.text(&text);
            }
        }
        None => b.text(s),
    }
}

fn flush_heading(st: &mut State, b: &mut Builder) {
    if let Some(h) = st.heading.take() {
        b.heading(&h, None);
    }
}

/// HTML whitespace rules outside `pre`: any run of whitespace is one space.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> Converted {
        convert("p.html", s.as_bytes()).expect("converts")
    }

    #[test]
    fn posting_structure() {
        let c = html(
            "<!DOCTYPE html><html><head><title>Job</title><style>p{color:red}</style>\
             <script>var skills = 'Java';</script></head><body>\
             <h1>Senior  ML&nbsp;Engineer</h1><noscript>Enable JS</noscript>\
             <div><h2>Requirements</h2><ul><li>5+ years of <b>Python</b> &amp; SQL</li>\
             <li>PyTorch or\n   TensorFlow</li></ul></div>\
             <h2>Nice to have</h2><p>Kubernetes<br>Spark &lt;3</p>\
             <table><tr><th>Tool</th><th>Level</th></tr><tr><td>Docker</td><td>good</td></tr></table>\
             </body></html>",
        );
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(
            lines,
            [
                "Senior ML Engineer",
                "",
                "Requirements",
                "5+ years of Python & SQL",
                "PyTorch or TensorFlow",
                "",
                "Nice to have",
                "Kubernetes",
                "Spark <3",
                "Tool | Level",
                "Docker | good"
            ]
        );
        assert!(c.headings[0] && c.headings[2] && c.headings[6]);
        assert!(!c.text.contains("Java") && !c.text.contains("Enable"));
    }

    #[test]
    fn unclosed_tags_do_not_swallow_text() {
        let c = html(&format!("<h1>Title<p>{}</p>Python", "word ".repeat(200)));
        assert!(c.text.contains("Python"));
        let c = html("<p>Before</p><script>never closed Python");
        assert_eq!(c.text, "Before");
        let c = html(&"<div>".repeat(100_000));
        assert!(c.text.is_empty() || c.text.trim().is_empty());
    }
}
