//! Walks the whole built-in taxonomy through the real extractor: every spelling, alone as a document,
//! must find its own skill (ambiguous spellings inside a skills section, where they are accepted).

use gapcheck::text::phrase_tokens;
use gapcheck::{Document, Engine};

#[test]
fn every_spelling_finds_its_own_skill() {
    let e = Engine::builtin().expect("built-in taxonomy");
    let tax = &e.taxonomy;
    let mut failures = Vec::new();
    for (id, skill) in tax.skills().enumerate() {
        for sp in skill.spellings() {
            // A spelling with the tokens of an ambiguous one is ambiguous too ("fine tuning").
            let form = skill
                .ambiguous
                .iter()
                .find(|a| phrase_tokens(a) == phrase_tokens(sp));
            let text = if let Some(form) = form {
                // Written in one of its accepted case forms, in a skills list.
                format!("SKILLS\n{form}\n")
            } else {
                format!("{sp}\n")
            };
            let doc = Document::from_text("walk", &text);
            let found = e.extract(&doc, false);
            let ok = found.len() == 1 && found[0].skill == id;
            if !ok {
                let got: Vec<&str> = found
                    .iter()
                    .map(|m| tax.skill(m.skill).id.as_str())
                    .collect();
                failures.push(format!("{} spelling \"{sp}\" -> {got:?}", skill.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} spellings do not find their own skill:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_skill_has_learning_steps_and_effort() {
    let e = Engine::builtin().expect("built-in taxonomy");
    for s in e.taxonomy.skills() {
        assert!(
            (2..=4).contains(&s.learn.len()),
            "{} has {} learning steps",
            s.id,
            s.learn.len()
        );
        assert!(
            s.effort_hours.is_some_and(|h| h > 0),
            "{} has no effort estimate",
            s.id
        );
    }
}
