//! Converting public taxonomy exports (ESCO, O*NET technology skills, a simple CSV) into gapcheck's
//! `skills.toml` format.
//!
//! Every label becomes a spelling of exactly one skill: a label claimed by two skills stays with the
//! first and is counted as dropped. Labels that are one ordinary English word, or very short, are marked
//! ambiguous (they then need context: a skills list, another skill nearby), because public taxonomies
//! hold everyday words as labels.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};

/// Supported export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// ESCO skills CSV: `id,description,hierarchy_levels,type` (one row per label).
    Esco,
    /// O*NET `technology_skills.tsv`: `O*NET-SOC Code, Example, Commodity Code, Commodity Title, …`.
    Onet,
    /// A plain CSV: `id,name,category,aliases,implies` (aliases and implies separated by `;`).
    Csv,
}

#[derive(Debug, Serialize)]
struct OutSkill {
    id: String,
    name: String,
    category: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    implies: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ambiguous: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    context: Vec<String>,
}

#[derive(Serialize)]
struct OutFile {
    skill: Vec<OutSkill>,
}

/// Counts of an import, for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportStats {
    pub skills: usize,
    pub spellings: usize,
    pub dropped_duplicates: usize,
    pub ambiguous: usize,
}

/// Skills being built, in a stable order.
#[derive(Default)]
pub struct Importer {
    skills: Vec<OutSkill>,
    by_id: HashMap<String, usize>,
    /// Spelling key → index of the skill that owns it.
    claimed: HashMap<String, usize>,
    english: HashSet<&'static str>,
    /// The built-in taxonomy: what it knows about a spelling's ambiguity is reused.
    builtin: Option<crate::Taxonomy>,
    stats: ImportStats,
}

const ENGLISH_WORDS: &str = include_str!("../data/english-words.txt");

/// A lowercase key for "the same spelling": letters and digits separated by single spaces.
fn spelling_key(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#')))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `[a-z0-9-]` slug of a text.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '+' {
            out.push_str("plus");
        } else if c == '#' {
            out.push_str("sharp");
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Importer {
    pub fn new() -> Importer {
        Importer {
            english: ENGLISH_WORDS.lines().collect(),
            builtin: crate::Taxonomy::builtin().ok(),
            ..Importer::default()
        }
    }

    /// How a label must be matched: `None` when it is safe anywhere, else the case forms accepted and
    /// the context words that support it. The built-in taxonomy decides for spellings it knows (Python
    /// is safe, Julia and Spark need context); otherwise every single-word label needs context, since
    /// public taxonomies hold everyday words ("data", "logistics", "transformers") as labels.
    fn ambiguity(&self, label: &str) -> Option<(Vec<String>, Vec<String>)> {
        let key = spelling_key(label);
        if let Some(t) = &self.builtin
            && let Some(id) = t.find(label)
        {
            let sk = t.skill(id);
            if !sk.is_ambiguous(label) {
                return None;
            }
            let forms: Vec<String> = sk
                .ambiguous
                .iter()
                .filter(|a| spelling_key(a) == key)
                .cloned()
                .collect();
            return Some((
                if forms.is_empty() {
                    vec![label.to_string()]
                } else {
                    forms
                },
                sk.context.clone(),
            ));
        }
        let single = !key.contains(' ');
        let everyday = key.chars().count() <= 3
            || self.english.contains(key.as_str())
            || SHORT_WORDS.contains(&key.as_str());
        (single || everyday).then(|| (vec![label.to_string()], Vec::new()))
    }

    fn mark(&mut self, idx: usize, label: &str) {
        if let Some((forms, context)) = self.ambiguity(label) {
            let s = &mut self.skills[idx];
            for f in forms {
                if !s.ambiguous.contains(&f) {
                    s.ambiguous.push(f);
                }
            }
            for c in context {
                if !s.context.contains(&c) {
                    s.context.push(c);
                }
            }
            self.stats.ambiguous += 1;
        }
    }

    /// Adds a skill (or a label to an existing one).
    fn add(&mut self, id: &str, label: &str, category: &str, implies: &[String]) {
        let label = label.trim();
        if label.is_empty() || spelling_key(label).is_empty() {
            return;
        }
        let key = spelling_key(label);
        let idx = match self.by_id.get(id) {
            Some(&i) => i,
            None => {
                if self.claimed.contains_key(&key) {
                    // Its name is another skill's spelling: the skill cannot be named; skip it.
                    self.stats.dropped_duplicates += 1;
                    return;
                }
                self.claimed.insert(key.clone(), self.skills.len());
                self.by_id.insert(id.to_string(), self.skills.len());
                self.skills.push(OutSkill {
                    id: id.to_string(),
                    name: label.to_string(),
                    category: category.to_string(),
                    aliases: Vec::new(),
                    implies: implies.to_vec(),
                    ambiguous: Vec::new(),
                    context: Vec::new(),
                });
                self.stats.spellings += 1;
                self.mark(self.skills.len() - 1, label);
                return;
            }
        };
        for imp in implies {
            if !self.skills[idx].implies.contains(imp) {
                self.skills[idx].implies.push(imp.clone());
            }
        }
        match self.claimed.get(&key) {
            Some(&owner) if owner == idx => return, // a repeat of its own spelling
            Some(_) => {
                self.stats.dropped_duplicates += 1;
                return;
            }
            None => {}
        }
        self.claimed.insert(key, idx);
        self.skills[idx].aliases.push(label.to_string());
        self.stats.spellings += 1;
        self.mark(idx, label);
    }

    /// Reads an export.
    pub fn read(&mut self, format: ImportFormat, name: &str, text: &str) -> Result<()> {
        match format {
            ImportFormat::Esco => self.read_esco(name, text),
            ImportFormat::Onet => self.read_onet(name, text),
            ImportFormat::Csv => self.read_csv(name, text),
        }
    }

    fn read_esco(&mut self, name: &str, text: &str) -> Result<()> {
        let mut rows = rows(name, text, b',')?.into_iter();
        let header = rows
            .next()
            .ok_or_else(|| Error::input(name, "file is empty"))?;
        let col = |h: &str| header.iter().position(|c| c == h);
        let (Some(ci), Some(cl), Some(ch), Some(ct)) = (
            col("id"),
            col("description"),
            col("hierarchy_levels"),
            col("type"),
        ) else {
            return Err(Error::input(
                name,
                "not an ESCO skills CSV (expected columns id, description, hierarchy_levels, type)",
            ));
        };
        // Preferred labels first so that names are preferred labels.
        let mut all: Vec<Vec<String>> = rows.collect();
        all.sort_by_key(|r| r.get(ct).map(|t| t != "preferredLabel"));
        for r in &all {
            let (Some(id), Some(label)) = (r.get(ci), r.get(cl)) else {
                continue;
            };
            let groups = esco_groups(r.get(ch).map_or("", String::as_str));
            let implies: Vec<String> = groups
                .iter()
                .map(|g| format!("esco-group-{}", slug(g)))
                .collect();
            for g in &groups {
                let gid = format!("esco-group-{}", slug(g));
                if !self.by_id.contains_key(&gid) {
                    let label = format!("ESCO skill group {g}");
                    self.add(&gid, &label, "esco-group", &[]);
                }
            }
            let category = groups.first().map_or("esco".to_string(), |g| {
                format!("esco-{}", slug(g.split('.').next().unwrap_or(g)))
            });
            let sid = format!("esco-{}", slug(id.split('-').next().unwrap_or(id)));
            self.add(&sid, label, &category, &implies);
        }
        Ok(())
    }

    fn read_onet(&mut self, name: &str, text: &str) -> Result<()> {
        let mut rows = rows(name, text, b'\t')?.into_iter();
        let header = rows
            .next()
            .ok_or_else(|| Error::input(name, "file is empty"))?;
        let (Some(ce), Some(ct)) = (
            header.iter().position(|h| h == "Example"),
            header.iter().position(|h| h == "Commodity Title"),
        ) else {
            return Err(Error::input(
                name,
                "not an O*NET technology skills file (expected tab-separated columns Example and Commodity Title)",
            ));
        };
        for cols in rows {
            let (Some(example), Some(title)) = (cols.get(ce), cols.get(ct)) else {
                continue;
            };
            let gid = format!("onet-group-{}", slug(title));
            if !self.by_id.contains_key(&gid) {
                self.add(&gid, title, "onet-group", &[]);
            }
            let implies = if self.by_id.contains_key(&gid) {
                vec![gid]
            } else {
                Vec::new()
            };
            self.add(
                &format!("onet-{}", slug(example)),
                example,
                "technology",
                &implies,
            );
        }
        Ok(())
    }

    fn read_csv(&mut self, name: &str, text: &str) -> Result<()> {
        let mut rows = rows(name, text, b',')?.into_iter();
        let header = rows
            .next()
            .ok_or_else(|| Error::input(name, "file is empty"))?;
        let col = |h: &str| header.iter().position(|c| c.eq_ignore_ascii_case(h));
        let (Some(ci), Some(cn)) = (col("id"), col("name")) else {
            return Err(Error::input(
                name,
                "CSV needs at least the columns id and name",
            ));
        };
        let (cc, ca, cm) = (col("category"), col("aliases"), col("implies"));
        let list = |r: &Vec<String>, c: Option<usize>| -> Vec<String> {
            c.and_then(|c| r.get(c))
                .map(|v| {
                    v.split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        for r in rows {
            let (Some(id), Some(n)) = (r.get(ci), r.get(cn)) else {
                continue;
            };
            let id = slug(id);
            let category = cc
                .and_then(|c| r.get(c))
                .cloned()
                .unwrap_or_else(|| "imported".into());
            let implies: Vec<String> = list(&r, cm).iter().map(|s| slug(s)).collect();
            self.add(&id, n, &category, &implies);
            for a in list(&r, ca) {
                self.add(&id, &a, &category, &[]);
            }
        }
        Ok(())
    }

    /// The taxonomy as TOML, and its counts. Implied ids that were never defined are dropped.
    pub fn finish(mut self) -> Result<(String, ImportStats)> {
        let ids: HashSet<String> = self.skills.iter().map(|s| s.id.clone()).collect();
        for s in &mut self.skills {
            s.implies.retain(|i| ids.contains(i) && *i != s.id);
        }
        self.stats.skills = self.skills.len();
        let text = toml::to_string(&OutFile { skill: self.skills })
            .map_err(|e| Error::input("import", format!("cannot write TOML: {e}")))?;
        Ok((
            format!(
                "# Imported by `gapcheck taxonomy import`; validate with `gapcheck taxonomy check`.\n{text}"
            ),
            self.stats,
        ))
    }
}

/// Common short words that are not in the 6+ letter English list.
const SHORT_WORDS: &[&str] = &[
    "use", "work", "make", "plan", "read", "write", "sell", "cook", "drive", "teach", "lead",
    "care", "clean", "build", "test", "code", "data", "design", "manage", "learn", "speak",
    "listen", "swim", "ride", "paint", "draw", "sing", "dance", "play", "coach", "serve", "wait",
    "load", "ship", "pack", "lift", "sort", "file", "type", "print", "copy", "edit", "post", "sew",
    "knit", "fish", "hunt", "farm", "mine", "weld", "cut", "shop", "bake", "brew", "fly", "sail",
    "row", "run", "walk",
];

/// ESCO hierarchy codes of a row, most specific of each path ("S4.5.0").
fn esco_groups(levels: &str) -> Vec<String> {
    let mut out = Vec::new();
    for path in levels.split(']') {
        let codes: Vec<String> = path
            .split(',')
            .map(|c| c.trim().trim_matches(['[', '\'', ' ', '"']).to_string())
            .filter(|c| !c.is_empty() && c != "None")
            .collect();
        if let Some(last) = codes.last()
            && !out.contains(last)
        {
            out.push(last.clone());
        }
    }
    out
}

/// Rows of a delimited file (the csv crate: quoting, embedded newlines), header row first.
fn rows(name: &str, text: &str, delimiter: u8) -> Result<Vec<Vec<String>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(delimiter == b',')
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::input(name, format!("row {}: {e}", i + 1)))?;
        out.push(rec.iter().map(str::to_string).collect());
    }
    Ok(out)
}

/// Skill and category counts of a taxonomy, for `gapcheck taxonomy check`.
pub fn category_counts(tax: &crate::Taxonomy) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for s in tax.skills() {
        *m.entry(s.category.clone()).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{Source, Taxonomy};

    #[test]
    fn esco_rows_become_skills_with_groups_and_aliases() {
        let csv = "id,description,hierarchy_levels,type\n\
            aaa-1,use spreadsheets software,\"[['S', 'S5', 'S5.6', 'S5.6.1']]\",altLabel\n\
            aaa-1,use spreadsheet software,\"[['S', 'S5', 'S5.6', 'S5.6.1']]\",preferredLabel\n\
            bbb-2,Python,\"[['S', 'S5', 'S5.6', 'S5.6.1']]\",preferredLabel\n\
            bbb-2,python programming,\"[['S', 'S5', 'S5.6', 'S5.6.1']]\",altLabel\n\
            ccc-3,\"design, plan\",\"[['S', 'S1', 'S1.1', None]]\",preferredLabel\n\
            ddd-4,Python,\"[['S', 'S5', 'S5.6', 'S5.6.1']]\",altLabel\n";
        let mut imp = Importer::new();
        imp.read(ImportFormat::Esco, "esco.csv", csv).expect("read");
        let (toml, stats) = imp.finish().expect("finish");
        let t =
            Taxonomy::load(&[Source::new("esco.toml", toml)]).expect("imported taxonomy validates");
        let sheet = t.by_id("esco-aaa").expect("skill");
        assert_eq!(t.skill(sheet).name, "use spreadsheet software");
        assert_eq!(t.skill(sheet).aliases, ["use spreadsheets software"]);
        let group = t.by_id("esco-group-s5-6-1").expect("group");
        assert!(t.ancestors(sheet).contains(&group));
        assert_eq!(
            t.skill(t.by_id("esco-ccc").expect("c")).name,
            "design, plan"
        );
        // "Python" of ddd-4 was claimed by bbb-2.
        assert_eq!(stats.dropped_duplicates, 1);
        assert!(t.by_id("esco-ddd").is_none());
    }

    #[test]
    fn everyday_single_words_are_ambiguous_known_names_follow_the_builtin() {
        let mut imp = Importer::new();
        imp.read(
            ImportFormat::Csv,
            "x.csv",
            "id,name,category,aliases\nteach,teach,soft,\npytorch,PyTorch,ml,torch\nsql,SQL,db,\njulia,Julia,lang,\nlogistics,logistics,x,\nms,machine scheduling,x,\n",
        )
        .expect("read");
        let (toml, stats) = imp.finish().expect("finish");
        let t = Taxonomy::load(&[Source::new("x.toml", toml)]).expect("valid");
        let amb = |id: &str, sp: &str| t.skill(t.by_id(id).expect("id")).is_ambiguous(sp);
        assert!(amb("teach", "teach"));
        assert!(amb("logistics", "logistics"));
        assert!(
            amb("julia", "Julia"),
            "the built-in taxonomy knows Julia is a name too"
        );
        assert!(!t.skill(t.by_id("julia").expect("j")).context.is_empty());
        assert!(
            !amb("sql", "SQL"),
            "the built-in taxonomy knows SQL is safe"
        );
        assert!(!amb("pytorch", "PyTorch"));
        assert!(!amb("ms", "machine scheduling"));
        assert_eq!(stats.skills, 6);
    }

    #[test]
    fn onet_examples_group_under_commodities() {
        let tsv = "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n\
            15-1252.00\tPython\t43232403\tObject or component oriented development software\tY\tY\n\
            15-2051.00\tPython\t43232403\tObject or component oriented development software\tY\tY\n\
            15-2051.00\tSAS\t43232612\tAnalytical or scientific software\tY\tN\n";
        let mut imp = Importer::new();
        imp.read(ImportFormat::Onet, "t.tsv", tsv).expect("read");
        let (toml, stats) = imp.finish().expect("finish");
        let t = Taxonomy::load(&[Source::new("o.toml", toml)]).expect("valid");
        assert_eq!(stats.skills, 4);
        let py = t.by_id("onet-python").expect("python");
        assert_eq!(t.ancestors(py).len(), 1);
    }

    #[test]
    fn bad_headers_are_input_errors() {
        let mut imp = Importer::new();
        let e = imp
            .read(ImportFormat::Esco, "x.csv", "a,b\n1,2\n")
            .unwrap_err();
        assert!(e.to_string().contains("not an ESCO skills CSV"), "{e}");
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn csv_quotes_and_embedded_commas() {
        let r = rows("x.csv", "a,\"b, c\",\"d \"\"e\"\"\"\n1,2,3", b',').expect("rows");
        assert_eq!(r[0], ["a", "b, c", "d \"e\""]);
        assert_eq!(r[1], ["1", "2", "3"]);
    }
}
