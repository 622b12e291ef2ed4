use super::*;
use crate::taxonomy::Source;

use crate::testutil::TAX;

fn setup() -> (Taxonomy, Matcher) {
    let t = Taxonomy::load(&[Source::new("t.toml", TAX)]).expect("test taxonomy");
    let m = Matcher::new(&t);
    (t, m)
}

fn ids(text: &str) -> Vec<String> {
    let (t, m) = setup();
    let doc = Document::from_text("d", text);
    m.extract(&t, &doc, ExtractOptions::default())
        .iter()
        .map(|x| t.skill(x.skill).id.clone())
        .collect()
}

#[test]
fn special_tokens_are_found() {
    assert_eq!(
        ids("C++, C#, .NET and Node.js with CI/CD and A/B testing"),
        ["cpp", "csharp", "dotnet", "node-js", "ci-cd", "ab-testing"]
    );
}

#[test]
fn word_boundaries_hold() {
    assert_eq!(ids("JavaScript developer"), ["javascript"]);
    assert_eq!(ids("scalable systems in Java"), ["java"]);
    assert!(ids("pythonic codebase").is_empty());
}

#[test]
fn r_needs_context_and_rejects_r_and_d() {
    assert_eq!(
        ids("Proficiency in Python, R, or Java"),
        ["python", "r", "java"]
    );
    assert_eq!(ids("Worked with the R&D team on Python"), ["python"]);
    assert_eq!(ids("R & D budget and Python"), ["python"]);
    assert!(ids("Section R of the form").is_empty());
    assert_eq!(ids("statistical analysis in R"), ["r"]);
    assert_eq!(ids("R programming"), ["r"]);
}

#[test]
fn go_traps() {
    assert!(
        ids("She is the go-to person for Python questions")
            .iter()
            .all(|s| s != "go")
    );
    assert!(ids("Go to the website").is_empty());
    assert_eq!(ids("Services in Go and Python"), ["go", "python"]);
    assert_eq!(ids("golang microservices"), ["go"]);
    assert!(ids("we go live with Python").iter().all(|s| s != "go"));
}

#[test]
fn excel_spark_julia_traps() {
    assert!(
        ids("I excel at building Python tools")
            .iter()
            .all(|s| s != "excel")
    );
    assert_eq!(ids("Excel at communication"), ["communication"]);
    assert_eq!(ids("Excel (pivot tables, VLOOKUP)"), ["excel"]);
    assert_eq!(ids("Tools: SQL, Excel, Looker"), ["sql", "excel", "looker"]);
    assert!(
        ids("This sparked a new project in Python")
            .iter()
            .all(|s| s != "spark")
    );
    assert!(ids("Spark joy at work").is_empty());
    assert_eq!(ids("Spark and Hadoop clusters"), ["spark"]);
    assert_eq!(ids("Spark-based pipelines on a Hadoop cluster"), ["spark"]);
    assert!(ids("Julia Marek\nData Scientist").is_empty());
    assert!(ids("Contact Julia's manager").is_empty());
    assert_eq!(
        ids("Python, Scala, Java, R and/or Julia"),
        ["python", "scala", "java", "r", "julia"]
    );
}

#[test]
fn c_language_traps() {
    assert!(ids("C-level stakeholders").is_empty());
    assert!(ids("Dutch (C1), German (B2)").is_empty());
    assert!(ids("John C. Smith").is_empty());
    assert_eq!(ids("Languages: C, C++, Python"), ["c", "cpp", "python"]);
}

#[test]
fn skills_section_accepts_lists() {
    let (t, m) = setup();
    let doc = Document::from_text("d", "SKILLS\nR, Julia, Go\n");
    let found: Vec<_> = m
        .extract(&t, &doc, ExtractOptions::default())
        .iter()
        .map(|x| t.skill(x.skill).id.clone())
        .collect();
    assert_eq!(found, ["r", "julia", "go"]);
}

#[test]
fn misspellings_and_variants() {
    let (t, m) = setup();
    let doc = Document::from_text(
        "d",
        "Pytorch, Tensorflow, Kubernets, Pyhton, scikit learn, sklearn, k8s, Tensor Flow, NodeJS",
    );
    let got: Vec<(String, String)> = m
        .extract(&t, &doc, ExtractOptions::default())
        .iter()
        .map(|x| (t.skill(x.skill).id.clone(), x.how.label()))
        .collect();
    let ids: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pytorch",
            "tensorflow",
            "kubernetes",
            "python",
            "scikit-learn",
            "scikit-learn",
            "kubernetes",
            "tensorflow",
            "node-js"
        ]
    );
    assert!(
        got[2].1.starts_with("misspelling of \"Kubernetes\""),
        "{:?}",
        got[2]
    );
    assert!(
        got[3].1.starts_with("misspelling of \"Python\""),
        "{:?}",
        got[3]
    );
    assert_eq!(got[4].1, "exact");
    assert_eq!(got[5].1, "alias \"sklearn\"");
    assert!(got[7].1.starts_with("variant of"), "{:?}", got[7]);
}

#[test]
fn fuzzy_never_for_short_names_or_english_words() {
    // "Scala" is too short for fuzzy; "scale" must not become Scala.
    assert!(ids("we scale systems").is_empty());
    // "locker"/"looked" are English words and Looker is marked fuzzy = false.
    assert!(ids("we looked at the locker").is_empty());
    // "Kubernets" only with fuzzy on.
    let (t, m) = setup();
    let doc = Document::from_text("d", "Kubernets");
    assert!(
        m.extract(&t, &doc, ExtractOptions { fuzzy: false })
            .is_empty()
    );
}

#[test]
fn evidence_has_line_column_and_raw_text() {
    let (t, m) = setup();
    let doc = Document::from_text("d", "Summary\n  Built “PyTorch” models");
    let ms = m.extract(&t, &doc, ExtractOptions::default());
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].line, 2);
    assert_eq!(ms[0].column, 10);
    assert_eq!(ms[0].text, "PyTorch");
    assert_eq!(ms[0].how, How::Exact);
}

#[test]
fn longest_alias_wins() {
    let (t, m) = setup();
    let doc = Document::from_text("d", "Microsoft Excel and continuous integration");
    let ms = m.extract(&t, &doc, ExtractOptions::default());
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0].text, "Microsoft Excel");
    assert_eq!(ms[1].text, "continuous integration");
}

#[test]
fn multi_word_spellings_do_not_cross_commas() {
    // "continuous integration" is one alias; split by a comma it is not.
    assert!(ids("continuous, integration").is_empty());
}

#[test]
fn run_together_spelling_matches_spaced_name() {
    // "A/B testing" written as one word.
    assert_eq!(ids("abtesting"), ["ab-testing"]);
}

#[test]
fn lowercase_short_words_are_not_joined() {
    assert!(ids("py torch").is_empty());
    assert_eq!(ids("Py Torch"), ["pytorch"]);
    assert_eq!(ids("tensor flow"), ["tensorflow"]);
}

#[test]
fn lowercase_tags_in_a_skills_list_count_with_other_skills() {
    assert_eq!(
        ids("Technologies\npython go spark"),
        ["python", "go", "spark"]
    );
    assert!(ids("SKILLS\ngo").is_empty());
    assert!(ids("We go far with python").iter().all(|s| s != "go"));
}

#[test]
fn function_words_are_not_joined_into_misspellings() {
    // "to serving" must not read as a misspelling of some "tfserving"; "back and" not "backend".
    let (t, m) = setup();
    let doc = Document::from_text("d", "go back and forth to the kubernetes cluster");
    let found: Vec<_> = m
        .extract(&t, &doc, ExtractOptions::default())
        .iter()
        .map(|x| t.skill(x.skill).id.clone())
        .collect();
    assert_eq!(found, ["kubernetes"]);
}

#[test]
fn leading_dot_names_do_not_match_plain_words() {
    assert_eq!(ids(".NET and C#"), ["dotnet", "csharp"]);
    assert!(ids("surfing the net").is_empty());
}

#[test]
fn initials_and_spaced_ampersands_are_not_r() {
    assert!(ids("Akella, R. (2013) on Python").iter().all(|s| s != "r"));
    assert!(ids("R. J. Smith, Python").iter().all(|s| s != "r"));
    assert!(ids("R  &  D with Python").iter().all(|s| s != "r"));
    assert_eq!(ids("Python, R, SQL"), ["python", "r", "sql"]);
}

#[test]
fn skills_inside_urls_are_not_mentions() {
    assert!(ids("see https://example.com/python-jobs").is_empty());
    assert!(ids("github.com/someone/pytorch-demos").is_empty());
    assert_eq!(
        ids("ASP.NET/C# and Node.js/JavaScript"),
        ["csharp", "node-js", "javascript"]
    );
}

#[test]
fn words_are_not_joined_across_a_sentence_end() {
    assert!(ids("we build tensor. Flow of data").is_empty());
}

#[test]
fn vetoes_apply_to_variants_and_misspellings_too() {
    let t = Taxonomy::load(&[Source::new(
        "v.toml",
        "[[skill]]\nid = \"regression\"\nname = \"Regression\"\ncategory = \"ml\"\nexclude_next = [\"tests\"]\n\n[[skill]]\nid = \"tf\"\nname = \"TensorFlow\"\ncategory = \"ml\"\nexclude_next = [\"lite\"]\n",
    )])
    .expect("taxonomy");
    let m = Matcher::new(&t);
    let found = |text: &str| -> usize {
        m.extract(
            &t,
            &Document::from_text("d", text),
            ExtractOptions::default(),
        )
        .len()
    };
    assert_eq!(found("regression models"), 1);
    assert_eq!(found("regression tests"), 0);
    assert_eq!(found("Tensor Flow models"), 1);
    assert_eq!(found("Tensor Flow lite"), 0, "variant");
    assert_eq!(found("Tensorflw lite"), 0, "misspelling");
}

#[test]
fn a_chain_of_ambiguous_names_is_accepted_through_its_one_anchor() {
    assert_eq!(ids("Julia, R, Go, Python"), ["julia", "r", "go", "python"]);
    assert_eq!(ids("Python, Julia, R, Go"), ["python", "julia", "r", "go"]);
    // A long line of them stays linear: 20,000 names anchored at the end.
    let line = format!("{}Python", "R, ".repeat(20_000));
    assert_eq!(ids(&line).len(), 20_001);
}

#[test]
fn deletion_hashes_are_the_hashes_of_the_deleted_strings() {
    // Reference: hash each string with one character removed, the slow way.
    fn reference(chars: &[char]) -> Vec<(u8, u64)> {
        let h = |cs: &[char]| {
            cs.iter().fold(0u64, |h, &c| {
                h.wrapping_mul(0x100_0000_01b3)
                    .wrapping_add(u64::from(c) + 1)
            })
        };
        // (class bit, hash): the string itself, then each deletion but the first character's.
        let class = |i: usize| match i {
            0 => super::CLASS_WHOLE,
            1..=3 => super::CLASS_SECOND << (i - 1),
            _ => super::CLASS_LATER,
        };
        let mut out = vec![(class(0), h(chars))];
        for i in 1..chars.len() {
            let mut d = chars.to_vec();
            d.remove(i);
            out.push((class(i), h(&d)));
        }
        out
    }
    for word in [
        "tensorflow",
        "pyhton",
        "kubernets",
        "naïve",
        "naïvetés",
        "abcde",
        "abcd",
        "a",
        "",
    ] {
        let chars: Vec<char> = word.chars().collect();
        let want = reference(&chars);
        let mut got = Vec::new();
        super::for_each_deletion_hash(&chars, |h| got.push(h));
        let mut all: Vec<u64> = want.iter().map(|&(_, h)| h).collect();
        got.sort_unstable();
        all.sort_unstable();
        assert_eq!(got, all, "{word}");
        // Each choice of classes visits its own deletions (all of them for a string shorter than
        // five), and the bytes of ASCII text hash as its characters do.
        for classes in 0..=super::ALL_CLASSES {
            let mut got = Vec::new();
            super::any_deletion_hash_of(&chars, classes, |h| {
                got.push(h);
                false
            });
            if word.is_ascii() {
                let mut by_bytes = Vec::new();
                super::any_deletion_hash_of(word.as_bytes(), classes, |h| {
                    by_bytes.push(h);
                    false
                });
                assert_eq!(by_bytes, got, "{word} bytes, classes {classes:05b}");
            }
            let mut want: Vec<u64> = want
                .iter()
                .filter(|&&(c, _)| chars.len() < 5 || c & classes != 0)
                .map(|&(_, h)| h)
                .collect();
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "{word}, classes {classes:05b}");
        }
    }
}

#[test]
fn bloom_filter_has_no_false_negatives() {
    let keys: Vec<u64> = (0..10_000u64)
        .map(|k| super::hash_str(&k.to_string()))
        .collect();
    let bits = super::bloom_of(&keys);
    assert!(keys.iter().all(|&k| super::bloom_has(&bits, k)));
    // And it does filter: most other keys are rejected.
    let others = (10_000..20_000u64)
        .filter(|k| super::bloom_has(&bits, super::hash_str(&k.to_string())))
        .count();
    assert!(others < 500, "{others} false positives of 10000");
}

#[test]
fn long_run_together_words_are_variants() {
    // A compact form longer than the prefix filter holds must still be looked up.
    let t = Taxonomy::builtin().expect("builtin");
    let m = Matcher::new(&t);
    let doc = Document::from_text("d", "Skills: RegressionTesting, ContinuousIntegration");
    let found = m.extract(&t, &doc, ExtractOptions::default());
    assert!(
        found.iter().any(|x| x.text == "RegressionTesting"
            && x.how
                == How::Variant {
                    of: "regression testing".into()
                }),
        "{found:?}"
    );
}

#[test]
fn a_run_of_underscores_is_not_part_of_a_variant() {
    // Form lines in flattened résumés ("Photoshop  ______"): the underscores have no letters, so
    // they cannot extend a spacing variant (they did: "Photoshop  ____" was a variant of
    // Photoshop).
    let (t, m) = setup();
    let doc = Document::from_text("d", "Skills: Python  ________________ and Rust");
    let found = m.extract(&t, &doc, ExtractOptions::default());
    let python = found
        .iter()
        .find(|x| t.skill(x.skill).id == "python")
        .expect("python is found");
    assert_eq!(python.text, "Python");
    assert_eq!(python.how, How::Exact);
}

#[test]
fn function_words_have_three_or_four_letters() {
    // The tokenizer's pass looks a token up as a function word only at these lengths.
    assert!(super::STOPWORDS.iter().all(|w| (3..=4).contains(&w.len())));
}

#[test]
fn the_function_word_table_holds_exactly_the_function_words() {
    for w in super::STOPWORDS {
        assert!(super::is_stopword(w), "{w} is a function word");
    }
    for w in [
        "", "a", "an", "to", "an\u{0}", "andy", "thee", "them1", "data", "java", "node", "rust",
        "fort", "ands", "the ", "über", "python",
    ] {
        assert!(!super::is_stopword(w), "{w:?} is not a function word");
    }
}

#[test]
fn misspellings_at_the_first_letters_are_found_without_first_letter_deletions() {
    // The deletion index leaves out the first character's deletion: a doubled first letter, a
    // dropped or swapped second letter and an extra second letter still meet their key.
    for (typo, id) in [
        ("Ppython", "python"),
        ("Kbernetes", "kubernetes"),
        ("Ypthon", ""),
        ("Tnesorflow", "tensorflow"),
        ("Pyython", "python"),
        ("Kkubernetes", "kubernetes"),
        ("Uubernetes", ""),
    ] {
        let want: Vec<&str> = if id.is_empty() { vec![] } else { vec![id] };
        assert_eq!(
            ids(&format!("Built it with {typo} at work")),
            want,
            "{typo}"
        );
    }
}

#[test]
fn deletion_hashes_of_ascii_bytes_and_of_chars_agree() {
    for word in ["kubernetes", "pyhton", "x"] {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        super::for_each_deletion_hash(word.as_bytes(), |h| a.push(h));
        let chars: Vec<char> = word.chars().collect();
        super::for_each_deletion_hash(&chars, |h| b.push(h));
        assert_eq!(a, b, "{word}");
    }
}

#[test]
fn addresses_are_found_from_any_of_their_openings() {
    assert!(super::has_www("visit www.x.org"));
    assert!(super::has_www("www."));
    assert!(!super::has_www("ww.w. wwwx w w w"));
    let spans = |line: &str| {
        let mut out = Vec::new();
        super::url_spans(line, &mut out);
        out
    };
    assert_eq!(spans("see www.python.org now"), [(4, 18)]);
    assert_eq!(spans("at http://a.io/python"), [(3, 21)]);
    // The earliest opening counts: "www." inside an https address does not cut it short.
    assert_eq!(spans("https://www.kaggle.com/x"), [(0, 24)]);
    assert!(
        ids("Python at www.pytorch.org")
            .iter()
            .all(|id| id == "python")
    );
}

#[test]
fn long_spellings_sharing_their_first_words_each_match_only_in_full() {
    // Several spellings start with the same two words; their tails (and, past TAIL_MAX tokens,
    // the patterns themselves) decide which one stands in the text, the longest first.
    let tax = r#"
[[skill]]
id = "pm"
name = "Project Management"
category = "practice"
aliases = ["project management office", "project management body of knowledge"]
[[skill]]
id = "pmlong"
name = "Project Management For Very Large Public Sector Programmes Of Work"
category = "practice"
[[skill]]
id = "pms"
name = "Project Management Software"
category = "tool"
"#;
    let t = Taxonomy::load(&[Source::new("t.toml", tax)]).expect("test taxonomy");
    let m = Matcher::new(&t);
    let found = |text: &str| -> Vec<(String, String)> {
        let doc = Document::from_text("d", text);
        m.extract(&t, &doc, ExtractOptions::default())
            .iter()
            .map(|x| (t.skill(x.skill).id.clone(), x.text.to_string()))
            .collect()
    };
    let long = "Project Management for very large public sector programmes of work";
    for (text, id, matched) in [
        (
            "Led the project management office.",
            "pm",
            "project management office",
        ),
        (
            "Knows the Project Management Body of Knowledge well",
            "pm",
            "Project Management Body of Knowledge",
        ),
        (
            "Project management body of work",
            "pm",
            "Project management",
        ),
        (
            "Used project management software daily",
            "pms",
            "project management software",
        ),
        (long, "pmlong", long),
        (
            "Project Management for very large public sector programmes of play",
            "pm",
            "Project Management",
        ),
    ] {
        assert_eq!(
            found(text),
            [(id.to_string(), matched.to_string())],
            "{text}"
        );
    }
    // The second word alone, or the first without the second, is no spelling of several words.
    assert!(found("management office").is_empty());
    assert_eq!(found("project office"), Vec::<(String, String)>::new());
}

#[test]
fn the_prefix_filter_passes_every_query_one_edit_from_a_key() {
    // Every fuzzy key of the built-in taxonomy, and every string one edit away from it that keeps
    // its first letter (a deletion, an insertion, a substitution, a swap of neighbours): each
    // shares a deletion neighbour with the key, so the prefix bitmap must let it through.
    let tax = Taxonomy::load(&[Source::builtin()]).expect("built-in taxonomy");
    let m = Matcher::new(&tax);
    let t = m.tables();
    assert!(
        t.fuzzy_keys.len() > 500,
        "the built-in taxonomy has fuzzy keys"
    );
    let (mut checked, mut others_passed, mut others) = (0, 0, 0);
    let mut chars = Vec::new();
    for &pi in t.fuzzy_keys {
        let key: Vec<char> = t.compact(pi).chars().collect();
        let mut edits: Vec<Vec<char>> = vec![key.clone()];
        for i in 1..=key.len() {
            for c in ['x', 'é'] {
                let mut ins = key.clone();
                ins.insert(i, c);
                edits.push(ins);
                if i < key.len() {
                    let mut sub = key.clone();
                    sub[i] = c;
                    edits.push(sub);
                }
            }
            if i < key.len() {
                let mut del = key.clone();
                del.remove(i);
                edits.push(del);
            }
            if i + 1 < key.len() {
                let mut swap = key.clone();
                swap.swap(i, i + 1);
                edits.push(swap);
            }
        }
        for q in &edits {
            assert!(t.neighbour_prefix_may(q), "{:?} from {:?}", q, key);
            let s: String = q.iter().collect();
            if s.is_ascii() {
                assert!(t.neighbour_prefix_may(s.as_bytes()), "{s}");
            }
            // Nor may the deletion probes, which skip the neighbours the bitmap turns away.
            if q.len() <= MAX_FUZZY_CHARS {
                assert!(t.may_be_fuzzy(&s, false, &mut chars), "{s}: deletions");
            }
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked} queries");
    // And it filters: most strings of random letters are turned away.
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..2_000 {
        let q: Vec<char> = (0..8)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        others += 1;
        others_passed += usize::from(t.neighbour_prefix_may(&q));
    }
    assert!(
        others_passed * 2 < others,
        "{others_passed} of {others} random queries passed"
    );
    // Lengths count: a key lengthened by four letters keeps its first four, and would pass a
    // filter of first letters alone; many are turned away (about 44% with the built-in
    // taxonomy: the rest begin as another key of about their length does).
    let (mut long, mut long_passed) = (0, 0);
    for &pi in t.fuzzy_keys {
        let q: Vec<char> = t.compact(pi).chars().chain("qqqq".chars()).collect();
        long += 1;
        long_passed += usize::from(t.neighbour_prefix_may(&q));
    }
    assert!(
        long_passed * 3 < long * 2,
        "{long_passed} of {long} lengthened keys passed"
    );
}

#[test]
fn per_word_fuzzy_flags_agree_with_the_query_filters() {
    // The flags that `learn` sets once per distinct word must say exactly what the filters would
    // say of the word as a query: a word turned away is never a possible misspelling.
    let tax = Taxonomy::load(&[Source::builtin()]).expect("built-in taxonomy");
    let m = Matcher::new(&tax);
    let t = m.tables();
    let mut words: Vec<String> = Vec::new();
    for &pi in t.fuzzy_keys.iter().take(400) {
        let key = t.compact(pi);
        words.push(key.clone());
        // A deletion and a doubled letter: misspellings one edit away.
        let chars: Vec<char> = key.chars().collect();
        for i in [1, chars.len() / 2] {
            let mut del = chars.clone();
            del.remove(i);
            words.push(del.into_iter().collect());
            let mut dup = chars.clone();
            dup.insert(i, chars[i]);
            words.push(dup.into_iter().collect());
        }
    }
    words.extend(
        "management experience the and with developing analysis résumé naïveté zzzzzzq qwxzvb"
            .split(' ')
            .map(String::from),
    );
    let text = words.join(" ");
    let doc = Document::from_text("w", &text);
    let line = doc.line(0);
    let mut sc = Scratch::for_lines(1);
    t.tokens_of::<false>(&line, &mut sc, true);
    let (mut singles, mut refused) = (0, 0);
    for (tok, info) in sc.toks.iter().zip(&sc.infos) {
        let w = Tables::token_str(&line, tok);
        let n = w.chars().count();
        let letters = w.chars().all(char::is_alphabetic);
        let english = n >= FUZZY_MIN_LEN && is_english(info.hash);
        let chars: Vec<char> = w.chars().collect();
        let open = letters && n >= 3 && !is_stopword(w) && !english;
        assert_eq!(info.flags & PAIR_HEAD != 0, open, "{w}: pair head");
        assert_eq!(
            info.flags & FUZZY_ONE != 0,
            open && n >= FUZZY_MIN_LEN && t.neighbour_prefix_may(&chars),
            "{w}: alone"
        );
        assert_eq!(
            info.flags & PAIR_TAIL != 0,
            letters && n >= 3 && !is_stopword(w),
            "{w}: pair tail"
        );
        if letters && n >= FUZZY_MIN_LEN && !english {
            let mut buf = Vec::new();
            if info.flags & FUZZY_ONE == 0 {
                refused += 1;
                assert!(!t.may_be_fuzzy(w, false, &mut buf), "{w} was turned away");
            } else {
                singles += 1;
            }
        }
    }
    assert!(singles > 500, "{singles} words may be misspellings");
    assert!(
        refused > 0,
        "some words are turned away by their first letters and length"
    );
}

#[test]
fn deferred_table_reads_change_nothing() {
    // `tokens_of::<true>` (taken with large tables) learns a line's new words after tokenizing
    // it; it must give the very facts, and so the very mentions, that learning each word as it
    // comes gives. The memo is kept tiny so that words evict each other within a line.
    let tax = Taxonomy::load(&[Source::builtin()]).expect("built-in taxonomy");
    let m = Matcher::new(&tax);
    let t = m.tables();
    let mut text = String::new();
    for f in [
        "resume-ml-engineer.txt",
        "resume-data-analyst.txt",
        "job-ml-engineer.txt",
        "job-data-scientist.txt",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(f);
        text.push_str(&std::fs::read_to_string(&path).expect("bundled example"));
        text.push('\n');
    }
    text.push_str(
        "Python python PYTHON, Tensor Flow and Tenser flow; scikit learn / sklearn / Py-Torch\n\
         Kubernets k8s Golang go-to R&D R, Excel at Spark sparked Julia JavaScript scalable\n\
         machine learning machine learning machine learning natural language processing\n",
    );
    let doc = Document::from_text("mixed.txt", &text);
    let (mut now, mut later) = (Scratch::for_lines(1), Scratch::for_lines(1));
    for li in 0..doc.len() {
        let line = doc.line(li);
        t.tokens_of::<false>(&line, &mut now, true);
        t.tokens_of::<true>(&line, &mut later, true);
        assert_eq!(now.toks, later.toks, "line {li}");
        assert_eq!(now.infos, later.infos, "line {li}: {}", line.lower);
    }
    for fuzzy in [true, false] {
        let opts = ExtractOptions { fuzzy };
        let direct = t.extract_lines(&tax, &doc, opts, false);
        assert!(direct.len() > 40, "only {} mentions", direct.len());
        assert_eq!(direct, t.extract_lines(&tax, &doc, opts, true));
    }
}
