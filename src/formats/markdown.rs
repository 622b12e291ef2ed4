//! Markdown: markup stripped with pulldown-cmark; headings, list items, paragraphs, table rows and
//! source lines inside paragraphs each become their own line; links become their text; code spans
//! and code blocks are kept as text; raw HTML tags are dropped (their text kept).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Builder, Converted, Format, text};
use crate::error::Result;

pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    let mut b = Builder::new();
    let src = text::decode_for_markup(name, bytes, &mut b)?;
    render(&src, &mut b);
    Ok(b.finish(Format::Markdown))
}

fn render(src: &str, b: &mut Builder) {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut heading: Option<String> = None;
    let mut cell = 0usize;
    // Byte offset of each source line start, to report where each output line comes from.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        let line = starts.partition_point(|&s| s <= range.start);
        match &event {
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => b.source_line(line),
            _ => {}
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { .. } => {
                    b.line_break();
                    heading = Some(String::new());
                }
                Tag::Paragraph | Tag::Item | Tag::CodeBlock(_) | Tag::HtmlBlock => b.line_break(),
                Tag::TableRow | Tag::TableHead => {
                    b.line_break();
                    cell = 0;
                }
                Tag::TableCell => {
                    if cell > 0 {
                        emit(b, &mut heading, " | ");
                    }
                    cell += 1;
                }
                Tag::BlockQuote(_) | Tag::List(_) | Tag::DefinitionListTitle => b.line_break(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    if let Some(h) = heading.take() {
                        b.heading(&h, None);
                    }
                }
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => b.line_break(),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                emit(b, &mut heading, &t);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let stripped = strip_tags(&h);
                emit(b, &mut heading, &stripped);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.push(' ');
                } else {
                    b.line_break();
                }
            }
            Event::Rule => b.line_break(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    if let Some(h) = heading.take() {
        b.heading(&h, None);
    }
}

fn emit(b: &mut Builder, heading: &mut Option<String>, s: &str) {
    match heading {
        Some(h) => h.push_str(s),
        None => b.text(s),
    }
}

/// Drops `<...>` tags from raw HTML inside Markdown; `<br>` and block tags become line breaks.
fn strip_tags(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for c in h.chars() {
        if in_tag {
            if c == '>' {
                in_tag = false;
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if matches!(
                    name.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) {
                    out.push('\n');
                }
                tag.clear();
            } else if tag.len() < 16 {
                tag.push(c);
            }
        } else if c == '<' {
            in_tag = true;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> Converted {
        convert("r.md", s.as_bytes()).expect("converts")
    }

    #[test]
    fn headings_lists_links_and_code() {
        let c = md(
            "# Jane Doe\n\n## Skills\n\n- **Python**, `PyTorch`\n- [scikit-learn](https://scikit-learn.org)\n\n## Experience\n\n**ML Engineer**, Acme\nMar 2021 – present\n\n* Built `Kubernetes` pipelines\n",
        );
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(
            lines,
            [
                "Jane Doe",
                "",
                "Skills",
                "Python, PyTorch",
                "scikit-learn",
                "",
                "Experience",
                "ML Engineer, Acme",
                "Mar 2021 – present",
                "Built Kubernetes pipelines"
            ]
        );
        assert!(c.headings[2] && c.headings[6] && !c.headings[3]);
    }

    #[test]
    fn tables_and_html() {
        let c = md("| Skill | Years |\n|---|---|\n| Python | 5 |\n\nSee<br>SQL <b>Spark</b>\n");
        let lines: Vec<&str> = c.lines().collect();
        assert!(lines.contains(&"Skill | Years"), "{lines:?}");
        assert!(lines.contains(&"Python | 5"), "{lines:?}");
        assert!(lines.contains(&"SQL Spark"), "{lines:?}");
    }

    #[test]
    fn setext_and_nested_quotes() {
        let c = md("Skills\n------\nPython\n\n> > > deep quote\n");
        assert_eq!(c.lines().next(), Some("Skills"));
        assert!(c.headings[0]);
        assert!(c.text.contains("deep quote"));
    }
}
