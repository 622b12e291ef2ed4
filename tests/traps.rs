//! The traps of real postings and résumés, run through the built-in taxonomy and the real extractor.

use gapcheck::{CompareOptions, Document, Engine, YearMonth};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builtin().expect("built-in taxonomy"))
}

fn ids(text: &str) -> Vec<String> {
    let e = engine();
    let doc = Document::from_text("t", text);
    let mut v: Vec<String> = e
        .extract(&doc, true)
        .iter()
        .map(|m| e.taxonomy.skill(m.skill).id.clone())
        .collect();
    v.dedup();
    v
}

fn has(text: &str, id: &str) -> bool {
    ids(text).iter().any(|s| s == id)
}

#[test]
fn r_and_d_is_not_r() {
    assert!(!has("I worked with the R&D team on forecasting", "r"));
    assert!(!has("Head of R & D", "r"));
    assert!(has("Proficiency in Python, R, or Java", "r"));
    assert!(has("statistical modelling in R (tidyverse, ggplot2)", "r"));
}

#[test]
fn go_to_is_not_go() {
    assert!(!has("She is the go-to person for data questions", "go"));
    assert!(!has("Go to our careers page to apply", "go"));
    assert!(has("Backend services in Go and Python", "go"));
    assert!(has("Golang microservices", "go"));
}

#[test]
fn excel_at_is_not_excel() {
    assert!(!has("I excel at turning questions into analyses", "excel"));
    assert!(!has(
        "You will excel at translating business questions",
        "excel"
    ));
    assert!(!has("Excelled at explaining model behaviour", "excel"));
    assert!(has("Tools: SQL, Excel, Tableau", "excel"));
    assert!(has(
        "Advanced Microsoft Excel (pivot tables, VLOOKUP)",
        "excel"
    ));
}

#[test]
fn sparked_is_not_spark() {
    assert!(!has("The model sparked a retention programme", "spark"));
    assert!(!has("a culture that sparked our best ideas", "spark"));
    assert!(has("Experience with Spark, Airflow, or Kafka", "spark"));
    assert!(has("Apache Spark", "spark"));
}

#[test]
fn a_person_named_julia_is_not_julia() {
    assert!(!has("Julia Marek\nMachine Learning Engineer", "julia"));
    assert!(!has("JULIA MAREK", "julia"));
    assert!(!has("Please contact Julia for details", "julia"));
    assert!(has(
        "Python, Scala, Java, R and/or Julia (at least one)",
        "julia"
    ));
}

#[test]
fn c_is_only_the_language_in_context() {
    assert!(!has("Presented to C-level executives", "c"));
    assert!(!has("Dutch (C1), German (B2)", "c"));
    assert!(has("Languages: C, C++, Python", "c"));
}

#[test]
fn word_boundaries() {
    assert!(!has("JavaScript and TypeScript", "java"));
    assert!(has("JavaScript and TypeScript", "javascript"));
    assert!(!has("Built scalable services", "scala"));
    assert!(has("Spark jobs in Scala", "scala"));
}

#[test]
fn misspellings_and_variants() {
    for (text, id) in [
        ("Pytorch", "pytorch"),
        ("Tensorflow", "tensorflow"),
        ("Kubernets", "kubernetes"),
        ("Pyhton", "python"),
        ("scikit learn", "scikit-learn"),
        ("sklearn", "scikit-learn"),
        ("k8s", "kubernetes"),
        ("Golang", "go"),
        ("Tensor Flow", "tensorflow"),
    ] {
        assert_eq!(ids(text), [id], "{text}");
    }
}

#[test]
fn special_tokens() {
    for (text, id) in [
        ("C++", "cpp"),
        ("C#", "csharp"),
        ("Node.js", "node-js"),
        ("CI/CD", "ci-cd"),
        ("A/B testing", "a-b-testing"),
    ] {
        assert!(has(text, id), "{text} -> {:?}", ids(text));
    }
}

#[test]
fn python_engineer_meets_python_r_java_group() {
    let e = engine();
    let cv = Document::from_text("cv", "SKILLS\nPython, PyTorch, SQL\n");
    let job = Document::from_text(
        "job",
        "Requirements\n- Proficiency in Python, R, or Java\n- Experience with TensorFlow, Keras, or PyTorch\n",
    );
    let a = e
        .compare(
            &cv,
            &job,
            &CompareOptions {
                as_of: YearMonth {
                    year: 2026,
                    month: 11,
                },
                fuzzy: true,
                ignore: Vec::new(),
            },
        )
        .expect("compare");
    assert_eq!(a.missing().count(), 0);
    assert_eq!(a.score, 100);
}
