//! LaTeX (moderncv, awesome-cv, plain article): commands and environments stripped, text kept.
//!
//! One left-to-right pass with a recursive reader for `{...}` groups whose depth is bounded
//! ([`MAX_DEPTH`]; deeper braces are skipped, not recursed into), so any input, including unbalanced
//! braces, takes linear time and bounded stack. Sectioning commands become heading lines; `\cventry`,
//! `\cvitem` and friends are laid out as "title, employer, place" followed by a line with the dates,
//! which is what gapcheck's position reader expects. The preamble (before `\begin{document}`) is
//! skipped, comments are dropped, `\&` `\%` `~` `--` and accents become their characters.

use unicode_normalization::UnicodeNormalization;

use super::{Builder, Converted, Format, text};
use crate::error::Result;

/// Deepest `{` nesting that is read recursively.
const MAX_DEPTH: usize = 40;
/// Marks a heading line in the intermediate text (removed from the input first).
const HEADING_MARK: char = '\u{E000}';
/// Longest optional argument `[...]` that is skipped as one.
const MAX_OPT: usize = 120;

pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    let mut b = Builder::new();
    let src = text::decode_for_markup(name, bytes, &mut b)?;
    let src = if src.contains(HEADING_MARK) {
        src.replace(HEADING_MARK, "")
    } else {
        src
    };
    let rendered = render(&src, &mut |w| b.warn(format!("{name}: {w}")));
    for line in rendered.split('\n') {
        if let Some(h) = line.strip_prefix(HEADING_MARK) {
            b.heading(h, None);
        } else if !line.trim().is_empty() {
            b.line(line, None);
        }
    }
    Ok(b.finish(Format::Latex))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    ModernCv,
    AwesomeCv,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    Eof,
    Brace,
    Bracket,
}

struct Reader<'a, 'w> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    done: bool,
    class: Class,
    warn: &'w mut dyn FnMut(String),
}

/// Renders LaTeX source to text with `\n` line breaks and [`HEADING_MARK`]-prefixed heading lines.
fn render(src: &str, warn: &mut dyn FnMut(String)) -> String {
    let class = if let Some(i) = src.find("\\documentclass") {
        // Byte search: 200 bytes on may fall inside a multi-byte character.
        let tail = &src.as_bytes()[i..src.len().min(i + 200)];
        if super::find(tail, b"moderncv").is_some() {
            Class::ModernCv
        } else if super::find(tail, b"awesome-cv").is_some() {
            Class::AwesomeCv
        } else {
            Class::Other
        }
    } else {
        Class::Other
    };
    let start = src
        .find("\\begin{document}")
        .map_or(0, |i| i + "\\begin{document}".len());
    let mut r = Reader {
        s: src,
        b: src.as_bytes(),
        pos: start,
        done: false,
        class,
        warn,
    };
    let mut out = String::with_capacity(src.len() - start);
    r.parse(&mut out, 0, Stop::Eof);
    out
}

impl Reader<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.b.get(self.pos + k).copied()
    }

    /// Reads until `stop` (consumed) or the end; text goes to `out`.
    fn parse(&mut self, out: &mut String, depth: usize, stop: Stop) {
        // Braces opened beyond MAX_DEPTH: counted, not recursed into.
        let mut flat_open = 0usize;
        while !self.done {
            let Some(c) = self.peek() else { return };
            match c {
                b'\\' => self.command(out, depth),
                b'{' => {
                    self.pos += 1;
                    if depth + 1 < MAX_DEPTH {
                        self.parse(out, depth + 1, Stop::Brace);
                    } else {
                        flat_open += 1;
                    }
                }
                b'}' => {
                    self.pos += 1;
                    if flat_open > 0 {
                        flat_open -= 1;
                    } else if stop == Stop::Brace {
                        return;
                    }
                    // A stray `}` elsewhere is dropped.
                }
                b']' if stop == Stop::Bracket && flat_open == 0 => {
                    self.pos += 1;
                    return;
                }
                b'%' => self.skip_comment(),
                b'$' => self.pos += 1,
                b'~' => {
                    self.pos += 1;
                    out.push(' ');
                }
                b'&' => {
                    self.pos += 1;
                    out.push_str(" | ");
                }
                b'-' => {
                    self.pos += 1;
                    let mut n = 1;
                    while n < 3 && self.peek() == Some(b'-') {
                        self.pos += 1;
                        n += 1;
                    }
                    out.push('-');
                }
                b'`' | b'\'' if self.peek_at(1) == Some(c) => {
                    self.pos += 2;
                    out.push('"');
                }
                b'`' => {
                    self.pos += 1;
                    out.push('\'');
                }
                b'\n' => {
                    self.pos += 1;
                    let mut k = self.pos;
                    while k < self.b.len() && (self.b[k] == b' ' || self.b[k] == b'\t') {
                        k += 1;
                    }
                    if self.b.get(k) == Some(&b'\n') {
                        self.pos = k;
                        out.push('\n');
                    } else {
                        out.push(' ');
                    }
                }
                _ => {
                    // Copy a run of ordinary text (stops at any special ASCII byte).
                    let start = self.pos;
                    self.pos += 1;
                    while let Some(&d) = self.b.get(self.pos) {
                        if matches!(
                            d,
                            b'\\'
                                | b'{'
                                | b'}'
                                | b']'
                                | b'%'
                                | b'$'
                                | b'~'
                                | b'&'
                                | b'-'
                                | b'`'
                                | b'\''
                                | b'\n'
                        ) {
                            break;
                        }
                        self.pos += 1;
                    }
                    // Special bytes are ASCII, so the run ends on a char boundary.
                    out.push_str(self.s.get(start..self.pos).unwrap_or(""));
                }
            }
        }
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek() {
            if c == b'\n' {
                // The comment swallows its line end (as TeX does) unless a blank line follows.
                self.pos += 1;
                return;
            }
            self.pos += 1;
        }
    }

    /// Skips spaces, line ends and comments (between a command and its arguments).
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'%' => self.skip_comment(),
                _ => return,
            }
        }
    }

    /// Skips spaces and tabs only.
    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Reads a command name after `\` (letters, or one other character).
    fn command_name(&mut self) -> &str {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphabetic() || c == b'@') {
            self.pos += 1;
        }
        if self.pos == start {
            // A control symbol: one (possibly multi-byte) character.
            if let Some(ch) = self.s.get(self.pos..).and_then(|r| r.chars().next()) {
                self.pos += ch.len_utf8();
            }
        }
        self.s.get(start..self.pos).unwrap_or("")
    }

    /// A braced argument rendered to text (`None` if the next token is not `{`).
    fn arg(&mut self, depth: usize) -> Option<String> {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return None;
        }
        self.pos += 1;
        let mut s = String::new();
        if depth + 1 < MAX_DEPTH {
            self.parse(&mut s, depth + 1, Stop::Brace);
        } else {
            self.skip_group_body();
        }
        Some(s)
    }

    /// A braced argument, kept as raw source (for environment names; short).
    fn raw_arg(&mut self) -> Option<String> {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return None;
        }
        let start = self.pos + 1;
        let end = self.b[start..]
            .iter()
            .take(64)
            .position(|&c| c == b'}')
            .map(|k| start + k)?;
        self.pos = end + 1;
        Some(self.s.get(start..end).unwrap_or("").trim().to_string())
    }

    /// Skips a braced argument without rendering it.
    fn skip_arg(&mut self) -> bool {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return false;
        }
        self.pos += 1;
        self.skip_group_body();
        true
    }

    /// Skips to after the `}` matching an already consumed `{` (or to the end).
    fn skip_group_body(&mut self) {
        let mut level = 1usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'%' => self.skip_comment(),
                b'{' => level += 1,
                b'}' => {
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
        self.pos = self.pos.min(self.b.len());
    }

    /// Skips an optional argument `[...]` if one follows (bounded look-ahead).
    fn skip_opt(&mut self) {
        self.skip_spaces();
        if self.peek() != Some(b'[') {
            return;
        }
        let mut level = 0i32;
        for (k, &c) in self.b[self.pos + 1..].iter().take(MAX_OPT).enumerate() {
            match c {
                b'{' => level += 1,
                b'}' => level -= 1,
                b']' if level <= 0 => {
                    self.pos += k + 2;
                    return;
                }
                b'\n' if level <= 0 => return,
                _ => {}
            }
        }
    }

    /// An optional argument rendered to text, if one follows.
    fn opt(&mut self, depth: usize) -> Option<String> {
        self.skip_spaces();
        if self.peek() != Some(b'[') || depth + 1 >= MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        let mut s = String::new();
        self.parse(&mut s, depth + 1, Stop::Bracket);
        Some(s)
    }

    /// Up to `max` braced arguments, rendered and tidied.
    fn args(&mut self, depth: usize, max: usize) -> Vec<String> {
        let mut v = Vec::new();
        while v.len() < max {
            match self.arg(depth) {
                Some(a) => v.push(a),
                None => break,
            }
        }
        v
    }

    fn command(&mut self, out: &mut String, depth: usize) {
        self.pos += 1; // the backslash
        let name = self.command_name().to_string();
        match name.as_str() {
            "" => {}
            "\\" => {
                if self.peek() == Some(b'*') {
                    self.pos += 1;
                }
                self.skip_opt();
                out.push('\n');
            }
            "&" | "%" | "$" | "#" | "_" | "{" | "}" => out.push_str(&name),
            " " | "," | ";" | ":" | "quad" | "qquad" | "enspace" | "thinspace" | "hfill"
            | "hfil" | "dotfill" | "enskip" => out.push(' '),
            "!" | "-" | "/" | "@" | "noindent" | "centering" | "raggedright" | "raggedleft"
            | "maketitle" | "makecvtitle" | "makecvheader" | "makecvfooter" | "relax"
            | "protect" | "ignorespaces" | "unskip" | "null" | "leavevmode" | "nopagebreak"
            | "frenchspacing" => {}
            "par" | "newline" | "linebreak" | "newpage" | "clearpage" | "pagebreak"
            | "smallskip" | "medskip" | "bigskip" | "vfill" | "cvline@break" => out.push('\n'),
            "'" | "`" | "^" | "\"" | "~" | "=" | "." | "c" | "v" | "u" | "H" | "k" | "r" | "d"
            | "b" => self.accent(out, &name, depth),
            "begin" => self.begin(out),
            "end" => {
                if let Some(env) = self.raw_arg() {
                    if env == "document" {
                        self.done = true;
                        return;
                    }
                    out.push('\n');
                }
            }
            "section" | "subsection" | "subsubsection" | "chapter" | "part" | "paragraph"
            | "subparagraph" | "cvsection" | "cvsubsection" | "sectionTitle" | "cvchapter" => {
                if self.peek() == Some(b'*') {
                    self.pos += 1;
                }
                self.skip_opt();
                if let Some(h) = self.arg(depth) {
                    let h = one_line(&h);
                    if !h.is_empty() {
                        out.push('\n');
                        out.push(HEADING_MARK);
                        out.push_str(&h);
                    }
                    out.push('\n');
                }
            }
            "item" => {
                out.push('\n');
                if let Some(label) = self.opt(depth) {
                    let label = one_line(&label);
                    if !label.is_empty() {
                        out.push_str(&label);
                        out.push(' ');
                    }
                }
            }
            "cventry" | "cvsubentry" | "cvhonor" | "cvevent" => {
                self.skip_opt();
                let max = if name == "cventry" { 6 } else { 4 };
                let args = self.args(depth, max);
                self.entry(out, &name, &args);
            }
            "cvitem" | "cvline" | "cvskill" | "cvcolumn" | "cvitemwithcomment" => {
                self.skip_opt();
                let args = self.args(depth, if name == "cvitemwithcomment" { 3 } else { 2 });
                out.push('\n');
                labelled(out, &args);
                out.push('\n');
            }
            "cvdoubleitem" => {
                self.skip_opt();
                let args = self.args(depth, 4);
                out.push('\n');
                labelled(out, args.get(..2).unwrap_or(&args));
                out.push('\n');
                labelled(out, args.get(2..).unwrap_or(&[]));
                out.push('\n');
            }
            "cvlistitem" | "cvlistdoubleitem" | "cvitems" => {
                self.skip_opt();
                for a in self.args(depth, 2) {
                    out.push('\n');
                    out.push_str(a.trim());
                }
                out.push('\n');
            }
            "href" | "hyperlink" | "textcolor" | "colorbox" | "raisebox" | "foreignlanguage"
            | "hyperref" => {
                self.skip_opt();
                self.skip_arg();
                if let Some(t) = self.arg(depth) {
                    out.push_str(&t);
                }
            }
            "fcolorbox" => {
                self.skip_arg();
                self.skip_arg();
                if let Some(t) = self.arg(depth) {
                    out.push_str(&t);
                }
            }
            "verb" => self.verb(out),
            "def" | "gdef" | "edef" | "xdef" => {
                // \def\name#1#2{body}
                self.skip_ws();
                if self.peek() == Some(b'\\') {
                    self.pos += 1;
                    self.command_name();
                }
                // The parameter text (`#1#2`) up to the body's `{`.
                let window = &self.b[self.pos..self.b.len().min(self.pos + 64)];
                if let Some(k) = window.iter().position(|&c| c == b'{') {
                    self.pos += k;
                    self.skip_arg();
                }
            }
            "let" => {
                for _ in 0..2 {
                    self.skip_ws();
                    if self.peek() == Some(b'=') {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    if self.peek() == Some(b'\\') {
                        self.pos += 1;
                        self.command_name();
                    } else if let Some(ch) = self.s.get(self.pos..).and_then(|r| r.chars().next()) {
                        self.pos += ch.len_utf8();
                    }
                }
            }
            "newcommand" | "renewcommand" | "providecommand" | "DeclareRobustCommand" => {
                if self.peek() == Some(b'*') {
                    self.pos += 1;
                }
                self.skip_ws();
                if self.peek() == Some(b'\\') {
                    self.pos += 1;
                    self.command_name();
                } else {
                    self.skip_arg();
                }
                self.skip_opt();
                self.skip_opt();
                self.skip_arg();
            }
            "newenvironment" | "renewenvironment" => {
                if self.peek() == Some(b'*') {
                    self.pos += 1;
                }
                self.skip_arg();
                self.skip_opt();
                self.skip_opt();
                self.skip_arg();
                self.skip_arg();
            }
            "input" | "include" | "subfile" | "import" => {
                let file = self.raw_arg().unwrap_or_default();
                (self.warn)(format!(
                    "\\{name}{{{file}}} was not followed: only this file is read"
                ));
            }
            _ => {
                if let Some(n) = skipped_args(&name) {
                    if self.peek() == Some(b'*') {
                        self.pos += 1;
                    }
                    self.skip_opt();
                    for _ in 0..n {
                        if !self.skip_arg() {
                            break;
                        }
                    }
                    // Trailing optional arguments (\includegraphics[..]{..}, \documentclass[..]{..}).
                } else if let Some(sym) = symbol(&name) {
                    out.push_str(sym);
                    // `\LaTeX{}`, `\ldots{}`: an empty group after a symbol is nothing.
                    if self.peek() == Some(b'{') && self.peek_at(1) == Some(b'}') {
                        self.pos += 2;
                    } else if name.bytes().all(|c| c.is_ascii_alphabetic())
                        && self.peek() == Some(b' ')
                    {
                        // TeX swallows the space after a control word; keep one between words.
                        out.push(' ');
                        self.pos += 1;
                    }
                } else {
                    // Unknown command (formatting, icons, user macros): dropped; its optional
                    // argument too; braced arguments that follow are read as text.
                    if self.peek() == Some(b'[') {
                        self.skip_opt();
                    }
                }
            }
        }
    }

    fn begin(&mut self, out: &mut String) {
        let Some(env) = self.raw_arg() else { return };
        let base = env.trim_end_matches('*');
        match base {
            "comment" | "tikzpicture" | "pspicture" | "figure" | "equation" | "align"
            | "thebibliography" | "filecontents" => {
                self.skip_env(&env);
                out.push('\n');
            }
            "verbatim" | "lstlisting" | "minted" | "Verbatim" => {
                if base == "minted" {
                    self.skip_opt();
                    self.skip_arg();
                } else {
                    self.skip_opt();
                }
                let start = self.pos;
                self.skip_env(&env);
                let end_pat = format!("\\end{{{env}}}");
                let end = if self
                    .s
                    .get(..self.pos)
                    .is_some_and(|h| h.ends_with(&end_pat))
                {
                    self.pos - end_pat.len()
                } else {
                    self.pos
                };
                out.push('\n');
                out.push_str(self.s.get(start..end).unwrap_or(""));
                out.push('\n');
            }
            "tabular" | "array" | "longtable" => {
                self.skip_opt();
                self.skip_arg();
                out.push('\n');
            }
            "tabularx" | "tabular*" | "tabulary" | "adjustwidth" => {
                self.skip_arg();
                self.skip_opt();
                self.skip_arg();
                out.push('\n');
            }
            "minipage" | "multicols" | "paracol" | "wrapfigure" => {
                self.skip_opt();
                self.skip_opt();
                self.skip_arg();
                out.push('\n');
            }
            _ => {
                self.skip_opt();
                out.push('\n');
            }
        }
    }

    /// Moves past `\end{env}` (or to the end of the input).
    fn skip_env(&mut self, env: &str) {
        let pat = format!("\\end{{{env}}}");
        match self.s.get(self.pos..).and_then(|rest| rest.find(&pat)) {
            Some(k) => self.pos += k + pat.len(),
            None => self.pos = self.b.len(),
        }
    }

    fn verb(&mut self, out: &mut String) {
        if self.peek() == Some(b'*') {
            self.pos += 1;
        }
        let Some(delim) = self.s.get(self.pos..).and_then(|r| r.chars().next()) else {
            return;
        };
        self.pos += delim.len_utf8();
        let start = self.pos;
        while let Some(ch) = self.s.get(self.pos..).and_then(|r| r.chars().next()) {
            if ch == delim || ch == '\n' {
                out.push_str(self.s.get(start..self.pos).unwrap_or(""));
                self.pos += ch.len_utf8();
                return;
            }
            self.pos += ch.len_utf8();
        }
        out.push_str(self.s.get(start..).unwrap_or(""));
    }

    fn accent(&mut self, out: &mut String, name: &str, depth: usize) {
        let mark = match name {
            "'" => '\u{301}',
            "`" => '\u{300}',
            "^" => '\u{302}',
            "\"" => '\u{308}',
            "~" => '\u{303}',
            "=" => '\u{304}',
            "." => '\u{307}',
            "c" => '\u{327}',
            "v" => '\u{30C}',
            "u" => '\u{306}',
            "H" => '\u{30B}',
            "k" => '\u{328}',
            "r" => '\u{30A}',
            "d" => '\u{323}',
            _ => '\u{331}',
        };
        let base: String = if name.bytes().all(|c| c.is_ascii_alphabetic()) {
            self.skip_spaces();
            match self.peek() {
                Some(b'{') => self.arg(depth).unwrap_or_default(),
                _ => self.single_char_arg(),
            }
        } else if self.peek() == Some(b'{') {
            self.arg(depth).unwrap_or_default()
        } else {
            self.single_char_arg()
        };
        let base = match base.trim() {
            "\\i" | "ı" => "i".to_string(),
            "\\j" => "j".to_string(),
            b => b.to_string(),
        };
        let mut chars = base.chars();
        if let Some(first) = chars.next() {
            let composed: String = [first, mark].iter().collect::<String>().nfc().collect();
            out.push_str(&composed);
            out.extend(chars);
        }
    }

    /// The next character, or `\i`-style control word, as an accent's base.
    fn single_char_arg(&mut self) -> String {
        if self.peek() == Some(b'\\') {
            self.pos += 1;
            let n = self.command_name();
            return match n {
                "i" => "i".to_string(),
                "j" => "j".to_string(),
                _ => String::new(),
            };
        }
        match self.s.get(self.pos..).and_then(|r| r.chars().next()) {
            Some(ch) if !ch.is_whitespace() && ch != '}' => {
                self.pos += ch.len_utf8();
                ch.to_string()
            }
            _ => String::new(),
        }
    }

    /// Lays out a `\cventry`-like command: "title, employer, place" then the dates then the rest.
    fn entry(&mut self, out: &mut String, name: &str, args: &[String]) {
        let args: Vec<String> = args.iter().map(|a| a.trim().to_string()).collect();
        let n = args.len();
        let long = |a: &String| a.contains('\n') || a.chars().count() > 100;
        // (date index, first description index) by class; other commands and classes by content.
        let (date_idx, desc_from) = match (name, self.class) {
            ("cventry", Class::ModernCv) if n >= 2 => (Some(0), 5),
            ("cventry", Class::AwesomeCv) if n >= 4 => (Some(3), 4),
            ("cventry", _) if n == 6 && looks_like_date(&args[0]) => (Some(0), 5),
            _ => (args.iter().position(|a| looks_like_date(a)), n),
        };
        let is_desc = |i: usize, a: &String| i >= desc_from || long(a);
        let title: Vec<String> = args
            .iter()
            .enumerate()
            .filter(|(i, a)| Some(*i) != date_idx && !is_desc(*i, a))
            .map(|(_, a)| one_line(a))
            .filter(|a| !a.is_empty())
            .collect();
        out.push('\n');
        out.push_str(&title.join(", "));
        if let Some(d) = date_idx.and_then(|i| args.get(i)) {
            out.push('\n');
            out.push_str(&one_line(d));
        }
        for (i, a) in args.iter().enumerate() {
            if Some(i) != date_idx && is_desc(i, a) {
                out.push('\n');
                out.push_str(a);
            }
        }
        out.push('\n');
    }
}

/// "label: text" for `\cvitem{label}{text}` (and ", comment" for a third argument).
fn labelled(out: &mut String, args: &[String]) {
    let parts: Vec<String> = args.iter().map(|a| one_line(a)).collect();
    match parts.as_slice() {
        [] => {}
        [one] => out.push_str(one),
        [label, rest @ ..] => {
            let rest: Vec<&String> = rest.iter().filter(|r| !r.is_empty()).collect();
            let rest = rest
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            match (label.is_empty(), rest.is_empty()) {
                (true, _) => out.push_str(&rest),
                (false, true) => out.push_str(label),
                (false, false) => {
                    out.push_str(label);
                    out.push_str(": ");
                    out.push_str(&rest);
                }
            }
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_date(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    let digits_run = l
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit) && (w[0] == b'1' || w[0] == b'2'));
    (digits_run || l.contains("present") || l.contains("current")) && s.chars().count() <= 60
}

/// Commands whose arguments are dropped: how many braced arguments follow.
fn skipped_args(name: &str) -> Option<usize> {
    Some(match name {
        "usepackage" | "RequirePackage" | "documentclass" | "label" | "ref" | "pageref"
        | "eqref" | "cite" | "citep" | "citet" | "nocite" | "vspace" | "hspace" | "vskip"
        | "includegraphics" | "photo" | "geometry" | "moderncvstyle" | "moderncvcolor"
        | "pagestyle" | "thispagestyle" | "hypersetup" | "linespread" | "usetikzlibrary"
        | "bibliography" | "bibliographystyle" | "addbibresource" | "color" | "setmainfont"
        | "setsansfont" | "setmonofont" | "fontfamily" | "selectfont" | "pagenumbering"
        | "setstretch" | "fontspec" | "urlstyle" | "phantom" | "hphantom" | "vphantom"
        | "colorlet" | "newlength" | "columnratio" | "setcolumnwidth" | "nopagenumbers"
        | "recipient" | "opening" | "closing" | "enclosure" | "signature" => match name {
            "colorlet" => 2,
            _ => 1,
        },
        "setlength" | "addtolength" | "setcounter" | "addtocounter" | "fontsize" | "rule"
        | "moderncvtheme" | "titlespacing" => 2,
        "definecolor" => 3,
        "titleformat" => 5,
        _ => return None,
    })
}

/// Text of symbol commands.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "ldots" | "dots" | "textellipsis" => "...",
        "textbullet" | "bullet" | "cdot" | "textperiodcentered" | "cdotp" => "•",
        "textbar" | "vert" | "mid" => "|",
        "slash" => "/",
        "textendash" | "textemdash" | "textminus" => "-",
        "textasciitilde" | "sim" => "~",
        "textbackslash" | "backslash" => "\\",
        "textunderscore" => "_",
        "textquoteright" | "textquoteleft" => "'",
        "textquotedblleft" | "textquotedblright" => "\"",
        "textless" | "lt" => "<",
        "textgreater" | "gt" => ">",
        "textasciicircum" => "^",
        "textdollar" => "$",
        "textpercent" => "%",
        "textregistered" => "®",
        "texttrademark" => "™",
        "copyright" | "textcopyright" => "©",
        "euro" | "EUR" | "texteuro" => "€",
        "pounds" | "textsterling" => "£",
        "times" => "x",
        "pm" => "±",
        "geq" | "ge" => "≥",
        "leq" | "le" => "≤",
        "approx" => "≈",
        "rightarrow" | "to" | "longrightarrow" => "→",
        "degree" | "textdegree" => "°",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "XeTeX" => "XeTeX",
        "LuaTeX" => "LuaTeX",
        "ss" => "ß",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "o" => "ø",
        "O" => "Ø",
        "aa" => "å",
        "AA" => "Å",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "today" => "",
        "textsharp" | "sharp" => "#",
        "textplus" => "+",
        "space" => " ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tex(s: &str) -> Converted {
        convert("r.tex", s.as_bytes()).expect("converts")
    }

    #[test]
    fn moderncv_entries_sections_and_items() {
        let c = tex(r#"\documentclass[11pt]{moderncv}
\moderncvstyle{classic}
\name{Jane}{Doe}
\begin{document}
\makecvtitle
\section{Experience}
\cventry{Mar 2021 -- present}{Senior ML Engineer}{Acme \& Co}{Berlin}{}{Built \textbf{PyTorch} models; 30\% faster % secret
with~Kubernetes.}
\section{Skills}
\cvitem{Languages}{Python, SQL, C\texttt{++}}
\cvitem{ML}{\href{https://pytorch.org}{PyTorch}, scikit-learn}
\section*{Education}
\cventry{2015--2017}{M.Sc. in Computer Science}{TU M\"unchen}{}{}{}
\end{document}
ignored after the end"#);
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(
            lines,
            [
                "Experience",
                "Senior ML Engineer, Acme & Co, Berlin",
                "Mar 2021 - present",
                "Built PyTorch models; 30% faster with Kubernetes.",
                "",
                "Skills",
                "Languages: Python, SQL, C++",
                "ML: PyTorch, scikit-learn",
                "",
                "Education",
                "M.Sc. in Computer Science, TU München",
                "2015-2017"
            ]
        );
        assert!(c.headings[0] && c.headings[5] && c.headings[9]);
    }

    #[test]
    fn awesome_cv_entries() {
        let c = tex(r#"\documentclass{awesome-cv}
\begin{document}
\cvsection{Experience}
\begin{cventries}
  \cventry
    {Data Scientist} % Job title
    {Globex} % Organization
    {Remote} % Location
    {Jun. 2019 - Feb. 2021} % Date(s)
    {
      \begin{cvitems}
        \item {Forecasting with Prophet and Spark}
        \item {Dashboards in Tableau}
      \end{cvitems}
    }
\end{cventries}
\cvsection{Skills}
\begin{cvskills}
  \cvskill{Programming}{Python, R, SQL}
\end{cvskills}
\end{document}"#);
        let lines: Vec<&str> = c.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "Experience",
                "Data Scientist, Globex, Remote",
                "Jun. 2019 - Feb. 2021",
                "Forecasting with Prophet and Spark",
                "Dashboards in Tableau",
                "Skills",
                "Programming: Python, R, SQL"
            ]
        );
    }

    #[test]
    fn plain_article_with_itemize_and_tabular() {
        let c = tex(r#"\documentclass{article}
\usepackage[margin=1in]{geometry}
\newcommand{\role}[2]{\textbf{#1} \hfill #2}
\begin{document}
\section{Experience}
\textbf{ML Engineer}, Initech \hfill Jan 2020 -- Dec 2022\\
\begin{itemize}
  \item Trained models in \emph{TensorFlow}
  \item[--] Deployed on AWS
\end{itemize}
\begin{tabular}{ll}
Tools & Docker, Git \\
\end{tabular}
\end{document}"#);
        assert!(
            c.text.contains("ML Engineer, Initech Jan 2020 - Dec 2022"),
            "{}",
            c.text
        );
        assert!(
            c.text.contains("\nTrained models in TensorFlow\n"),
            "{}",
            c.text
        );
        assert!(c.text.contains("\n- Deployed on AWS\n"), "{}", c.text);
        assert!(c.text.contains("Tools | Docker, Git"), "{}", c.text);
        assert!(!c.text.contains("margin"));
    }

    #[test]
    fn hostile_input_terminates() {
        // Unbalanced braces both ways, deep nesting, a huge single line, lone backslashes.
        let deep = format!("{}Python{}", "{".repeat(100_000), "}".repeat(3));
        let c = tex(&deep);
        assert!(c.text.contains("Python"));
        let close = format!("Python{}SQL", "}".repeat(10_000));
        assert!(tex(&close).text.contains("PythonSQL"));
        let nested_cmd = format!("{}Go", r"\textbf{".repeat(50_000));
        assert!(tex(&nested_cmd).text.contains("Go"));
        let long = format!("Python {}", "x ".repeat(500_000));
        assert!(tex(&long).text.starts_with("Python"));
        let opts = format!("Rust{}", r"\foo[".repeat(100_000));
        assert!(tex(&opts).text.contains("Rust"));
        for s in [
            "\\",
            "\\begin{",
            "\\begin{comment} never ends",
            "\\verb|x",
            "\\'",
            "\\c",
            "\\cventry{",
            "\\section",
            "\\item[",
            "\\def\\x",
            "}{][",
        ] {
            let _ = convert("h.tex", s.as_bytes());
        }
    }

    #[test]
    fn documentclass_options_with_multibyte_characters() {
        // Fuzzer find: the class name was looked for in a string slice ending inside 'ÿ'.
        let src = format!(
            "\\documentclass[{}11pt]{{moderncv}}\n\\begin{{document}}Python",
            "ÿ".repeat(100)
        );
        assert_eq!(tex(&src).text, "Python");
    }

    #[test]
    fn accents_and_symbols() {
        let c = tex(r#"Caf\'e, na\"{\i}ve, Fran\c{c}ois, \LaTeX{} and C\# --- R\&D, \ss"#);
        assert_eq!(c.text, "Café, naïve, François, LaTeX and C# - R&D, ß");
    }
}
