//! JSON Resume (<https://jsonresume.org/schema>): the résumé laid out as text with section headings
//! gapcheck knows (SUMMARY, SKILLS, EXPERIENCE, PROJECTS, EDUCATION, CERTIFICATIONS...), each position
//! as "position, company" followed by a date line ("Mar 2021 - present") that the position reader
//! understands, and each line's JSON path (`work[0].highlights[2]`) kept as its origin for evidence.
//!
//! Values of the wrong type are skipped, not fatal. Nesting deeper than serde_json's recursion limit
//! (128) is refused with a clear error. Only work positions carry dates, so projects and volunteering
//! do not count as years of experience.

use serde_json::{Map, Value};

use super::{Builder, Converted, Format, text};
use crate::error::{Error, Result};

const KNOWN_KEYS: [&str; 12] = [
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
];

pub(crate) fn convert(name: &str, bytes: &[u8]) -> Result<Converted> {
    let mut b = Builder::new();
    let src = text::decode_for_markup(name, bytes, &mut b)?;
    let value: Value = serde_json::from_str(&src).map_err(|e| {
        let msg = e.to_string();
        if msg.contains("recursion limit") {
            Error::input(
                name,
                format!(
                    "JSON is nested too deeply (over 128 levels at line {}), not a JSON Resume",
                    e.line()
                ),
            )
        } else {
            Error::input(
                name,
                format!(
                    "not valid JSON: line {}, column {}: {}",
                    e.line(),
                    e.column(),
                    strip_position(&msg)
                ),
            )
        }
    })?;
    let Value::Object(root) = value else {
        return Err(Error::input(
            name,
            "JSON is not an object, so not a JSON Resume (https://jsonresume.org/schema)",
        ));
    };
    if !KNOWN_KEYS.iter().any(|k| root.contains_key(*k)) {
        return Err(Error::input(
            name,
            "JSON has none of the JSON Resume keys (basics, work, education, skills, projects...); \
             use --input-format text to read it as plain text",
        ));
    }
    render(&root, &mut b);
    Ok(b.finish(Format::JsonResume))
}

/// serde_json's message without its " at line L column C" suffix (reported separately).
fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// A scalar as text (strings trimmed, numbers and booleans printed); `None` for empty or other.
fn scalar(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn field(o: &Map<String, Value>, key: &str) -> Option<String> {
    scalar(o.get(key))
}

fn array<'v>(root: &'v Map<String, Value>, key: &str) -> &'v [Value] {
    match root.get(key) {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// The strings of an array field, with their indexes.
fn strings(o: &Map<String, Value>, key: &str) -> Vec<(usize, String)> {
    match o.get(key) {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .filter_map(|(i, v)| scalar(Some(v)).map(|s| (i, s)))
            .collect(),
        Some(v @ Value::String(_)) => scalar(Some(v)).map(|s| vec![(0, s)]).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn join_present(parts: &[Option<String>], sep: &str) -> Option<String> {
    let v: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    (!v.is_empty()).then(|| v.join(sep))
}

/// "2021-03-15" → "Mar 2021", "2021-03" → "Mar 2021", "2021" → "2021"; anything else as written.
fn month_year(s: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = s.trim().split('-').collect();
    let year_ok = |y: &str| y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] if year_ok(y) => (*y).to_string(),
        [y, m] | [y, m, _] if year_ok(y) => match m.parse::<usize>() {
            Ok(k @ 1..=12) => format!("{} {y}", MONTHS[k - 1]),
            _ => (*y).to_string(),
        },
        _ => s.trim().to_string(),
    }
}

/// "Mar 2021 - present" from startDate/endDate (no end date means present).
fn date_range(o: &Map<String, Value>) -> Option<String> {
    let start = field(o, "startDate")?;
    let end = field(o, "endDate").map_or_else(|| "present".to_string(), |e| month_year(&e));
    Some(format!("{} - {end}", month_year(&start)))
}

fn render(root: &Map<String, Value>, b: &mut Builder) {
    if let Some(Value::Object(basics)) = root.get("basics") {
        if let Some(n) = field(basics, "name") {
            b.line(&n, Some("basics.name".into()));
        }
        if let Some(l) = field(basics, "label") {
            b.line(&l, Some("basics.label".into()));
        }
        if let Some(s) = field(basics, "summary") {
            b.heading("SUMMARY", Some("basics.summary".into()));
            b.line(&s, Some("basics.summary".into()));
        }
    }

    let skills = array(root, "skills");
    if !skills.is_empty() {
        b.heading("SKILLS", Some("skills".into()));
        for (i, s) in skills.iter().enumerate() {
            let origin = format!("skills[{i}]");
            match s {
                Value::Object(o) => {
                    let kws: Vec<String> =
                        strings(o, "keywords").into_iter().map(|(_, k)| k).collect();
                    let name = field(o, "name");
                    let line = match (name, kws.is_empty()) {
                        (Some(n), false) => format!("{n}: {}", kws.join(", ")),
                        (Some(n), true) => n,
                        (None, false) => kws.join(", "),
                        (None, true) => continue,
                    };
                    b.line(&line, Some(origin));
                }
                other => {
                    if let Some(t) = scalar(Some(other)) {
                        b.line(&t, Some(origin));
                    }
                }
            }
        }
    }

    let languages = array(root, "languages");
    if !languages.is_empty() {
        let langs: Vec<String> = languages
            .iter()
            .filter_map(|l| match l {
                Value::Object(o) => {
                    let lang = field(o, "language")?;
                    Some(match field(o, "fluency") {
                        Some(f) => format!("{lang} ({f})"),
                        None => lang,
                    })
                }
                other => scalar(Some(other)),
            })
            .collect();
        if !langs.is_empty() {
            b.line(
                &format!("Languages: {}", langs.join(", ")),
                Some("languages".into()),
            );
        }
    }

    positions(root, "work", "EXPERIENCE", "name", true, b);
    positions(
        root,
        "volunteer",
        "VOLUNTEER EXPERIENCE",
        "organization",
        false,
        b,
    );

    let projects = array(root, "projects");
    if !projects.is_empty() {
        b.heading("PROJECTS", Some("projects".into()));
        for (i, p) in projects.iter().enumerate() {
            let Value::Object(o) = p else { continue };
            let base = format!("projects[{i}]");
            if let Some(n) = join_present(&[field(o, "name"), field(o, "entity")], ", ") {
                b.line(&n, Some(format!("{base}.name")));
            }
            if let Some(d) = field(o, "description") {
                b.line(&d, Some(format!("{base}.description")));
            }
            for (j, h) in strings(o, "highlights") {
                b.line(&h, Some(format!("{base}.highlights[{j}]")));
            }
            let kws: Vec<String> = strings(o, "keywords").into_iter().map(|(_, k)| k).collect();
            if !kws.is_empty() {
                b.line(&kws.join(", "), Some(format!("{base}.keywords")));
            }
        }
    }

    let publications = array(root, "publications");
    if !publications.is_empty() {
        b.heading("PUBLICATIONS", Some("publications".into()));
        for (i, p) in publications.iter().enumerate() {
            let Value::Object(o) = p else { continue };
            let base = format!("publications[{i}]");
            if let Some(n) = join_present(&[field(o, "name"), field(o, "publisher")], ", ") {
                b.line(&n, Some(format!("{base}.name")));
            }
            if let Some(s) = field(o, "summary") {
                b.line(&s, Some(format!("{base}.summary")));
            }
        }
    }

    let education = array(root, "education");
    if !education.is_empty() {
        b.heading("EDUCATION", Some("education".into()));
        for (i, e) in education.iter().enumerate() {
            let Value::Object(o) = e else { continue };
            let base = format!("education[{i}]");
            let degree = match (field(o, "studyType"), field(o, "area")) {
                (Some(t), Some(a)) => Some(format!("{t} in {a}")),
                (t, a) => t.or(a),
            };
            if let Some(line) = join_present(&[degree, field(o, "institution")], ", ") {
                b.line(&line, Some(base.clone()));
            }
            if let Some(d) = date_range(o) {
                b.line(&d, Some(format!("{base}.startDate")));
            }
            if let Some(s) = field(o, "score") {
                b.line(&format!("Score: {s}"), Some(format!("{base}.score")));
            }
            let courses: Vec<String> = strings(o, "courses").into_iter().map(|(_, c)| c).collect();
            if !courses.is_empty() {
                b.line(
                    &format!("Courses: {}", courses.join(", ")),
                    Some(format!("{base}.courses")),
                );
            }
        }
    }

    let certificates = array(root, "certificates");
    if !certificates.is_empty() {
        b.heading("CERTIFICATIONS", Some("certificates".into()));
        for (i, c) in certificates.iter().enumerate() {
            let base = format!("certificates[{i}]");
            match c {
                Value::Object(o) => {
                    if let Some(line) = join_present(&[field(o, "name"), field(o, "issuer")], ", ")
                    {
                        b.line(&line, Some(base));
                    }
                }
                other => {
                    if let Some(t) = scalar(Some(other)) {
                        b.line(&t, Some(base));
                    }
                }
            }
        }
    }

    let awards = array(root, "awards");
    if !awards.is_empty() {
        b.heading("AWARDS", Some("awards".into()));
        for (i, a) in awards.iter().enumerate() {
            let Value::Object(o) = a else { continue };
            let base = format!("awards[{i}]");
            if let Some(line) = join_present(&[field(o, "title"), field(o, "awarder")], ", ") {
                b.line(&line, Some(base.clone()));
            }
            if let Some(s) = field(o, "summary") {
                b.line(&s, Some(format!("{base}.summary")));
            }
        }
    }
}

/// `work[]` / `volunteer[]`: "position, organisation" then dates (work only), summary, highlights.
fn positions(
    root: &Map<String, Value>,
    key: &str,
    heading: &str,
    org_key: &str,
    dated: bool,
    b: &mut Builder,
) {
    let items = array(root, key);
    if items.is_empty() {
        return;
    }
    b.heading(heading, Some(key.to_string()));
    for (i, w) in items.iter().enumerate() {
        let Value::Object(o) = w else { continue };
        let base = format!("{key}[{i}]");
        let org = field(o, org_key).or_else(|| field(o, "company"));
        let title = join_present(&[field(o, "position"), org, field(o, "location")], ", ");
        if let Some(t) = title {
            let origin = if o.contains_key("position") {
                format!("{base}.position")
            } else {
                format!("{base}.{org_key}")
            };
            b.line(&t, Some(origin));
        }
        if dated && let Some(d) = date_range(o) {
            b.line(&d, Some(format!("{base}.startDate")));
        }
        if let Some(s) = field(o, "summary").or_else(|| field(o, "description")) {
            b.line(&s, Some(format!("{base}.summary")));
        }
        for (j, h) in strings(o, "highlights") {
            b.line(&h, Some(format!("{base}.highlights[{j}]")));
        }
        b.blank_line();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESUME: &str = r#"{
      "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
      "basics": {"name": "Jane Doe", "label": "Machine Learning Engineer",
                 "summary": "ML engineer with 6 years of Python."},
      "work": [
        {"name": "Acme", "position": "Senior ML Engineer", "startDate": "2021-03-01",
         "summary": "Recommendation models.", "highlights": ["Cut latency 40%", "Built PyTorch training on Kubernetes"]},
        {"name": "Globex", "position": "Data Scientist", "startDate": "2019-03", "endDate": "2021-02"}
      ],
      "education": [{"institution": "TU Munich", "area": "Computer Science", "studyType": "Master of Science",
                     "startDate": "2015", "endDate": "2017"}],
      "skills": [{"name": "Machine Learning", "keywords": ["PyTorch", "scikit-learn"]},
                 {"name": "Languages", "keywords": ["Python", "SQL"]}],
      "projects": [{"name": "gapcheck", "description": "A CLI in Rust", "keywords": ["Rust", "CLI"]}],
      "certificates": [{"name": "AWS Certified Machine Learning", "issuer": "Amazon"}],
      "unknownKey": {"ignored": true}
    }"#;

    #[test]
    fn lays_out_sections_dates_and_origins() {
        let c = convert("r.json", RESUME.as_bytes()).unwrap();
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(
            lines,
            [
                "Jane Doe",
                "Machine Learning Engineer",
                "",
                "SUMMARY",
                "ML engineer with 6 years of Python.",
                "",
                "SKILLS",
                "Machine Learning: PyTorch, scikit-learn",
                "Languages: Python, SQL",
                "",
                "EXPERIENCE",
                "Senior ML Engineer, Acme",
                "Mar 2021 - present",
                "Recommendation models.",
                "Cut latency 40%",
                "Built PyTorch training on Kubernetes",
                "",
                "Data Scientist, Globex",
                "Mar 2019 - Feb 2021",
                "",
                "PROJECTS",
                "gapcheck",
                "A CLI in Rust",
                "Rust, CLI",
                "",
                "EDUCATION",
                "Master of Science in Computer Science, TU Munich",
                "2015 - 2017",
                "",
                "CERTIFICATIONS",
                "AWS Certified Machine Learning, Amazon"
            ]
        );
        let at = |l: &str| c.origin(lines.iter().position(|x| *x == l).unwrap());
        assert_eq!(
            at("Built PyTorch training on Kubernetes"),
            Some("work[0].highlights[1]")
        );
        assert_eq!(at("Mar 2019 - Feb 2021"), Some("work[1].startDate"));
        assert_eq!(at("Languages: Python, SQL"), Some("skills[1]"));
        assert!(c.headings[6]);
    }

    #[test]
    fn wrong_types_are_skipped() {
        let c = convert(
            "r.json",
            br#"{"work": [1, {"position": ["x"], "name": "Acme", "highlights": "Python"}], "skills": ["SQL", null]}"#,
        )
        .unwrap();
        assert!(c.text.contains("Acme\n") && c.text.contains("Python") && c.text.contains("SQL"));
    }

    #[test]
    fn errors_are_clear() {
        let e = |s: &str| convert("r.json", s.as_bytes()).unwrap_err().to_string();
        assert!(
            e("{\"basics\": ").contains("not valid JSON: line 1"),
            "{}",
            e("{\"basics\": ")
        );
        assert!(e("[1, 2]").contains("not an object"));
        assert!(e("{\"a\": 1}").contains("none of the JSON Resume keys"));
        let deep = format!(
            "{{\"basics\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(e(&deep).contains("nested too deeply"), "{}", e(&deep));
    }
}
