use super::*;
use crate::extract::{ExtractOptions, Matcher};
use crate::taxonomy::Source;
use crate::testutil::TAX;

fn tax() -> Taxonomy {
    Taxonomy::load(&[Source::new("t.toml", TAX)]).expect("test taxonomy")
}

fn profile(text: &str) -> (Taxonomy, JobProfile) {
    let t = tax();
    let m = Matcher::new(&t);
    let doc = Document::from_text("job", text);
    let ms = m.extract(&t, &doc, ExtractOptions::default());
    let p = job_profile(&t, &doc, &ms);
    (t, p)
}

/// Requirements as lists of skill ids.
fn reqs(text: &str) -> Vec<Vec<String>> {
    let (t, p) = profile(text);
    p.requirements
        .iter()
        .map(|r| r.any_of.iter().map(|&s| t.skill(s).id.clone()).collect())
        .collect()
}

fn v(groups: &[&[&str]]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| g.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn or_list_is_one_any_of_requirement() {
    assert_eq!(
        reqs("Proficiency in Python, R, or Java"),
        v(&[&["python", "r", "java"]])
    );
    assert_eq!(reqs("AWS or GCP"), v(&[&["aws", "gcp"]]));
    assert_eq!(reqs("Python/Java"), v(&[&["python", "java"]]));
}

#[test]
fn at_least_one_and_and_or_make_a_group() {
    assert_eq!(
        reqs("Python, Scala, Java, R and/or Julia (at least one)"),
        v(&[&["python", "scala", "java", "r", "julia"]])
    );
}

#[test]
fn such_as_and_eg_lists_are_any_of() {
    assert_eq!(
        reqs(
            "Experience with a deep learning framework such as TensorFlow, Keras, PyTorch, or scikit-learn"
        ),
        v(&[
            &["deep-learning"],
            &["tensorflow", "keras", "pytorch", "scikit-learn"]
        ])
    );
    assert_eq!(
        reqs("Cloud experience (e.g. AWS, GCP)"),
        v(&[&["aws", "gcp"]])
    );
    assert_eq!(reqs("One of Java, Kotlin"), v(&[&["java", "kotlin"]]));
    assert_eq!(
        reqs("Experience with Docker, Kubernetes, or a similar tool"),
        v(&[&["docker", "kubernetes"]])
    );
}

#[test]
fn parenthesised_examples_are_any_of() {
    assert_eq!(
        reqs("Deep learning frameworks (TensorFlow, PyTorch)"),
        v(&[&["deep-learning"], &["tensorflow", "pytorch"]])
    );
}

#[test]
fn and_lists_stay_separate() {
    assert_eq!(
        reqs("Solid understanding of Statistics, Linear Algebra, and Calculus"),
        v(&[&["statistics"], &["linear-algebra"], &["calculus"]])
    );
    assert_eq!(reqs("Java and Python"), v(&[&["java"], &["python"]]));
}

#[test]
fn and_splits_or_groups() {
    assert_eq!(
        reqs("At least 5 years in Java or Kotlin and JavaScript or TypeScript programming"),
        v(&[&["java", "kotlin"], &["javascript", "typescript"]])
    );
}

#[test]
fn r_and_d_is_no_requirement() {
    assert_eq!(
        reqs("Work closely with R&D on Python services"),
        v(&[&["python"]])
    );
}

#[test]
fn importance_from_sections_and_phrases() {
    let (t, p) = profile(
        "About us\nWe love Docker.\nResponsibilities\nBuild SQL pipelines\nRequirements\nPython\n\
         Experience with Kubernetes; AWS is a plus\nNice to have\nSpark and Hadoop clusters",
    );
    let got: Vec<(String, Importance)> = p
        .requirements
        .iter()
        .map(|r| (t.skill(r.any_of[0]).id.clone(), r.importance))
        .collect();
    assert_eq!(
        got,
        [
            ("sql".to_string(), Importance::Responsibility),
            ("python".to_string(), Importance::Required),
            ("kubernetes".to_string(), Importance::Required),
            ("aws".to_string(), Importance::Preferred),
            ("spark".to_string(), Importance::Preferred),
        ]
    );
}

#[test]
fn duplicate_requirements_merge_to_the_most_important() {
    let (_, p) = profile("Nice to have: Docker\nRequirements\nDocker");
    assert_eq!(p.requirements.len(), 1);
    assert_eq!(p.requirements[0].importance, Importance::Required);
}

fn years(text: &str) -> Vec<(Option<String>, f64, Option<f64>)> {
    let (t, p) = profile(text);
    p.years
        .iter()
        .map(|y| {
            (
                y.skill.map(|s| t.skill(s).id.clone()),
                y.min_years,
                y.max_years,
            )
        })
        .collect()
}

#[test]
fn years_of_experience() {
    assert_eq!(
        years("4+ years of Python"),
        [(Some("python".into()), 4.0, None)]
    );
    assert_eq!(
        years(
            "4+ years of professional software engineering experience, at least 2 of them with Python"
        ),
        [(None, 4.0, None), (Some("python".into()), 2.0, None)]
    );
    assert_eq!(
        years("2-4 years of experience in data science"),
        [(None, 2.0, Some(4.0))]
    );
    assert_eq!(years("5–9 years of experience"), [(None, 5.0, Some(9.0))]);
    assert_eq!(
        years("three years of experience with SQL"),
        [(Some("sql".into()), 3.0, None)]
    );
    assert_eq!(years("SQL (3+ years)"), [(Some("sql".into()), 3.0, None)]);
}

#[test]
fn years_that_are_not_experience() {
    assert!(years("Founded 10 years ago, we use Python").is_empty());
    assert!(years("25 days of holiday and 2 weeks of Python training").is_empty());
}

#[test]
fn education_levels_and_fields() {
    let (_, p) = profile(
        "Bachelor's or Master's degree in Computer Science, Mathematics, Statistics, or a related field",
    );
    assert_eq!(p.education.len(), 1);
    let e = &p.education[0];
    assert_eq!(e.min_level, DegreeLevel::Bachelor);
    assert_eq!(e.fields, ["computer science", "mathematics", "statistics"]);
    assert!(e.related_field_ok);
    assert!(!e.equivalent_experience_ok);

    let (_, p) = profile("MSc or PhD in Statistics or equivalent practical experience");
    assert_eq!(p.education[0].min_level, DegreeLevel::Master);
    assert!(p.education[0].equivalent_experience_ok);

    let (_, p) = profile("B.S. in CS");
    assert_eq!(p.education[0].min_level, DegreeLevel::Bachelor);
    assert_eq!(p.education[0].fields, ["computer science"]);

    let (_, p) = profile("Associate Software Engineer working in Python");
    assert!(p.education.is_empty());
}

#[test]
fn resume_positions_and_total_years() {
    let doc = Document::from_text(
        "cv",
        "EXPERIENCE\nML Engineer, Acme\nMar 2021 – present\nBuilt PyTorch models\n\nData Scientist, Beta\n\
         Sep 2018 – Feb 2021\nSQL and Python\n\nAnalyst\n2016 - 2018\nExcel (pivot tables)\n\
         EDUCATION\nM.Sc. in Computer Science, 2014 - 2016\nB.Sc. Mathematics",
    );
    let f = resume_facts(
        &doc,
        YearMonth {
            year: 2024,
            month: 2,
        },
    );
    assert_eq!(f.positions.len(), 3);
    assert_eq!(
        f.positions[0].start,
        YearMonth {
            year: 2021,
            month: 3
        }
    );
    assert_eq!(
        f.positions[0].end,
        YearMonth {
            year: 2024,
            month: 2
        }
    );
    assert_eq!(
        f.positions[2].start,
        YearMonth {
            year: 2016,
            month: 1
        }
    );
    assert_eq!(
        f.positions[2].end,
        YearMonth {
            year: 2018,
            month: 12
        }
    );
    // 2016-01 .. 2024-02, with the overlap of 2018 counted once: 98 months.
    assert!(
        (f.total_years() - 98.0 / 12.0).abs() < 1e-9,
        "{}",
        f.total_years()
    );
    assert_eq!(f.degrees.len(), 2);
    assert_eq!(
        f.highest_degree().map(|d| d.level),
        Some(DegreeLevel::Master)
    );
    assert_eq!(f.degrees[0].fields, ["computer science"]);
    assert_eq!(f.degrees[1].fields, ["mathematics"]);

    let t = tax();
    let m = Matcher::new(&t);
    let ms = m.extract(&t, &doc, ExtractOptions::default());
    let py = t.by_id("python").unwrap();
    assert!((f.years_with(&t, &ms, py) - 30.0 / 12.0).abs() < 1e-9);
    // PyTorch implies deep learning: 3 years (Mar 2021 - Feb 2024).
    let dl = t.by_id("deep-learning").unwrap();
    assert!((f.years_with(&t, &ms, dl) - 3.0).abs() < 1e-9);
}

#[test]
fn date_formats() {
    let doc = Document::from_text(
        "cv",
        "01/2020 - 05/2022\nJun 2022 - Present\n2019-03 to 2019-08",
    );
    let f = resume_facts(
        &doc,
        YearMonth {
            year: 2023,
            month: 1,
        },
    );
    let spans: Vec<(String, String)> = f
        .positions
        .iter()
        .map(|p| (p.start.to_string(), p.end.to_string()))
        .collect();
    assert_eq!(
        spans,
        [
            ("2020-01".to_string(), "2022-05".to_string()),
            ("2022-06".to_string(), "2023-01".to_string()),
            ("2019-03".to_string(), "2019-08".to_string())
        ]
    );
}

#[test]
fn year_month_parse_and_today() {
    assert_eq!(
        YearMonth::parse("2024-07"),
        Some(YearMonth {
            year: 2024,
            month: 7
        })
    );
    assert_eq!(YearMonth::parse("2024-13"), None);
    assert_eq!(YearMonth::parse("July 2024"), None);
    let t = YearMonth::today();
    assert!(t.year >= 2024 && (1..=12).contains(&t.month));
}

#[test]
fn regex_prefilters_never_change_a_result() {
    // The word and literal checks in front of the degree, years and date patterns only skip
    // lines the patterns cannot match: compare with the patterns alone.
    let lines = [
        "BSc in Computer Science",
        "B.Sc. Mathematics",
        "B.S. in CS",
        "BS in Statistics",
        "BA in Economics",
        "B.A. Economics",
        "B.E. in Electronics",
        "BE in Mechanical",
        "B.Tech (IT)",
        "Bachelor's degree",
        "bachelors in physics",
        "a 4-year degree",
        "four year degree",
        "college degree",
        "university degree",
        "undergraduate degree",
        "M.Sc. Data Science",
        "MSc",
        "M.S. in CS",
        "MS in Statistics",
        "MA in Linguistics",
        "M.A. History",
        "MBA",
        "M.Eng",
        "MEng",
        "M.Tech",
        "MPhil",
        "Master's degree",
        "masters degree in AI",
        "Ph.D. in ML",
        "PhD",
        "Ph D",
        "doctorate",
        "doctoral degree",
        "D.Phil",
        "DPhil",
        "Associate's degree",
        "associate of science",
        "A.A.S. in nursing",
        "I am a team player",
        "Maintained MySQL",
        "Built a BE service",
        "led R&D at ACME",
    ];
    for l in lines {
        let unfiltered: Vec<DegreeLevel> = [
            (&ASSOCIATE, DegreeLevel::Associate),
            (&BACHELOR, DegreeLevel::Bachelor),
            (&MASTER, DegreeLevel::Master),
            (&PHD, DegreeLevel::Phd),
        ]
        .iter()
        .filter(|(re, _)| re.is_match(l))
        .map(|&(_, d)| d)
        .collect();
        assert_eq!(degree_level_in(l), unfiltered, "{l}");
    }
    for l in [
        "Mar 2021 - present",
        "2016 - 2019",
        "Sep '18 - Feb '21",
        "03/2019 - 2020",
        "2019-05 - now",
        "Python 3.10, 12 projects",
        "no dates here",
    ] {
        if DATE_RANGE.is_match(l) {
            assert!(has_year(l), "{l}");
        }
    }
    assert!(!has_year("Python 3.10, 12 projects"));
    for clause in [
        "Spark is a plus",
        "ideally Go",
        "AWS preferred",
        "nice-to-have: Rust",
        "Python",
    ] {
        if PREFERRED_MARK.is_match(clause) {
            assert!(may_mark_preferred(clause), "{clause}");
        }
    }
}

#[test]
fn embedded_dfas_agree_with_the_patterns() {
    // Every line of the bundled examples and a few tricky ones, against every pattern: the DFAs
    // built by build.rs find what regex-lite finds, and their captures are regex-lite's.
    let mut lines: Vec<String> = [
        "4+ years of Python",
        "2-4 years’ experience, 5 to 7 yrs with SQL",
        "at least 2 of them with Python",
        "Mar 2021 - present, Sep '18 - Feb '21, 2016–2019, 09/2018 - 02/2021, 2019-05 - now",
        "Ph.D. or MSc or B.S. in CS, BA in Maths, A.A.S., associate's degree",
        "Python, R, or Java (at least one); such as: (",
        ") or similar, etc",
        "or a related field, or equivalent practical experience",
        "Spark is a plus, ideally Go, nice-to-have: Rust, would be great",
        "Ph.D.é doctorate, naïve café 2019 – 2020",
    ]
    .map(String::from)
    .to_vec();
    for f in [
        "examples/resume-ml-engineer.txt",
        "examples/resume-data-analyst.txt",
        "examples/job-ml-engineer.txt",
        "examples/job-data-scientist.txt",
    ] {
        let text = std::fs::read_to_string(format!("{}/{f}", env!("CARGO_MANIFEST_DIR")))
            .expect("example file");
        lines.extend(text.lines().map(String::from));
    }
    for p in [
        &PREFERRED_MARK,
        &ANY_OF_BEFORE,
        &ANY_OF_AFTER,
        &YEARS,
        &OF_THEM,
        &PHD,
        &MASTER,
        &BACHELOR,
        &ASSOCIATE,
        &RELATED_FIELD,
        &EQUIVALENT,
        &DATE_RANGE,
    ] {
        assert!(p.dfa().is_some(), "{}: embedded DFA unreadable", p.name);
        // The unchecked read at run time is of bytes that pass the full check.
        for bytes in [p.forward, p.reverse] {
            assert!(
                regex_automata::dfa::sparse::DFA::from_bytes(bytes).is_ok(),
                "{}: embedded DFA invalid",
                p.name
            );
        }
        let lite = p.lite().expect("pattern compiles");
        for l in &lines {
            assert_eq!(p.is_match(l), lite.is_match(l), "{}: {l}", p.name);
            assert_eq!(
                p.find(l),
                lite.find(l).map(|m| m.as_str()),
                "{}: {l}",
                p.name
            );
            let ours: Vec<Vec<Option<&str>>> = p
                .captures_iter(l)
                .iter()
                .map(|c| c.iter().map(|g| g.map(|m| m.as_str())).collect())
                .collect();
            let theirs: Vec<Vec<Option<&str>>> = lite
                .captures_iter(l)
                .map(|c| c.iter().map(|g| g.map(|m| m.as_str())).collect())
                .collect();
            assert_eq!(ours, theirs, "{}: {l}", p.name);
        }
    }
}
