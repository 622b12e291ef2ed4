//! The skill taxonomy: `skills.toml` schema, loading (embedded default plus user files), validation and
//! the skill graph (implies, related, prerequisites). Knows nothing about documents.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, describe_toml_error};
use crate::flat::{Arr, FlatBuf};

/// The default taxonomy, embedded at build time.
pub static DEFAULT_TAXONOMY: &str = include_str!("../skills.toml");
/// Name used in messages for the embedded taxonomy.
pub const DEFAULT_TAXONOMY_NAME: &str = "built-in skills.toml";

/// Index of a skill inside a [`Taxonomy`].
pub type SkillId = usize;

/// Category of professional (soft) skills, weighted lower in the score.
pub const PROFESSIONAL: &str = "professional";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    skill: Vec<RawSkill>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    id: String,
    name: Option<String>,
    category: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    implies: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    prerequisites: Vec<String>,
    effort_hours: Option<u32>,
    #[serde(default)]
    learn: Vec<String>,
    #[serde(default)]
    ambiguous: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    exclude_next: Vec<String>,
    #[serde(default)]
    exclude_prev: Vec<String>,
    fuzzy: Option<bool>,
}

/// One skill of the taxonomy, with references resolved to [`SkillId`]s.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub category: String,
    pub aliases: Vec<String>,
    pub implies: Vec<SkillId>,
    pub related: Vec<SkillId>,
    pub prerequisites: Vec<SkillId>,
    pub effort_hours: Option<u32>,
    pub learn: Vec<String>,
    /// Spellings that only count with their exact case and supporting context.
    pub ambiguous: Vec<String>,
    /// Words that support an ambiguous mention when they occur nearby.
    pub context: Vec<String>,
    pub exclude_next: Vec<String>,
    pub exclude_prev: Vec<String>,
    pub fuzzy: bool,
}

impl Skill {
    /// The name followed by the aliases: every spelling the extractor looks for.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether `spelling` is one of the skill's ambiguous spellings (case-insensitive).
    pub fn is_ambiguous(&self, spelling: &str) -> bool {
        self.ambiguous.iter().any(|a| {
            a.eq_ignore_ascii_case(spelling) || a.to_lowercase() == spelling.to_lowercase()
        })
    }

    pub fn is_professional(&self) -> bool {
        self.category == PROFESSIONAL
    }
}

/// A validated taxonomy with its graph.
///
/// Skills loaded from TOML are held as they are; a taxonomy read back from the compiled-taxonomy
/// cache holds them encoded, and decodes each one the first time it is asked for, so reading a
/// large taxonomy costs a copy of bytes, not an allocation per string (a report touches a few
/// dozen skills of thousands). Everything looked up by index or key is in flat arrays.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    skills: Skills,
    /// `[hash of the id, skill]`, sorted: the index of [`Taxonomy::by_id`].
    ids: Arr<[u64; 2]>,
    /// `[hash of the normalised spelling, skill]` for every name and alias, sorted: the index of
    /// [`Taxonomy::find`].
    spellings: Arr<[u64; 2]>,
    /// For each skill, every skill it implies transitively (not itself), sorted: the run
    /// `ancestors[ancestor_ends[i - 1]..ancestor_ends[i]]`.
    ancestor_ends: Arr<u32>,
    ancestors: Arr<SkillId>,
    /// For each skill, the skills related to it in either direction, sorted (the same layout).
    related_ends: Arr<u32>,
    related: Arr<SkillId>,
}

#[derive(Debug, Clone)]
enum Skills {
    Owned(Vec<Skill>),
    /// Encoded skills (postcard), `ends[i]` the end of skill `i` in `blob`, decoded on first use.
    Encoded {
        blob: Arr<u8>,
        ends: Arr<u32>,
        decoded: Vec<std::sync::OnceLock<Box<Skill>>>,
    },
}

/// The number of arrays of a taxonomy's flat form.
const TAXONOMY_ARRAYS: usize = 8;

impl Taxonomy {
    /// The taxonomy as a flat part of the compiled-taxonomy cache (see
    /// [`crate::flat::write_part`]): the skills encoded one after another, and the indexes.
    pub(crate) fn to_part(&self) -> Vec<u64> {
        let mut blob = Vec::new();
        let mut ends = Vec::with_capacity(self.len());
        for skill in self.skills() {
            // Serialising a plain struct into a vector cannot fail.
            if let Ok(bytes) = postcard::to_stdvec(skill) {
                blob.extend_from_slice(&bytes);
            }
            ends.push(blob.len() as u32);
        }
        crate::flat::write_part(|w| {
            vec![
                w.push(&blob),
                w.push(&ends),
                w.push(self.ids.get()),
                w.push(self.spellings.get()),
                w.push(self.ancestor_ends.get()),
                w.push(self.ancestors.get()),
                w.push(self.related_ends.get()),
                w.push(self.related.get()),
            ]
        })
    }

    /// A taxonomy from its flat part, if the part's directory is in place.
    pub(crate) fn from_part(buf: FlatBuf) -> Option<Taxonomy> {
        let r = crate::flat::read_part(&buf, TAXONOMY_ARRAYS)?;
        let ends: Arr<u32> = Arr::Flat(buf.clone(), r[1]);
        let n = ends.get().len();
        Some(Taxonomy {
            skills: Skills::Encoded {
                blob: Arr::Flat(buf.clone(), r[0]),
                ends,
                decoded: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            },
            ids: Arr::Flat(buf.clone(), r[2]),
            spellings: Arr::Flat(buf.clone(), r[3]),
            ancestor_ends: Arr::Flat(buf.clone(), r[4]),
            ancestors: Arr::Flat(buf.clone(), r[5]),
            related_ends: Arr::Flat(buf.clone(), r[6]),
            related: Arr::Flat(buf, r[7]),
        })
    }
}

/// A stand-in for a skill that cannot be decoded (a damaged cache that passed its checks).
fn unreadable_skill() -> Skill {
    Skill {
        id: "unreadable".into(),
        name: "(unreadable skill)".into(),
        category: "tool".into(),
        aliases: Vec::new(),
        implies: Vec::new(),
        related: Vec::new(),
        prerequisites: Vec::new(),
        effort_hours: None,
        learn: Vec::new(),
        ambiguous: Vec::new(),
        context: Vec::new(),
        exclude_next: Vec::new(),
        exclude_prev: Vec::new(),
        fuzzy: false,
    }
}

/// The hash of a spelling's normalised form (its lowercase tokens joined by single spaces), the key
/// that makes two spellings the same.
fn spelling_key(spelling: &str) -> String {
    crate::text::phrase_tokens(spelling).join(" ")
}

/// `[hash, index]` pairs, sorted.
fn key_index<'a>(keys: impl Iterator<Item = (&'a str, SkillId)>) -> Vec<[u64; 2]> {
    let mut v: Vec<[u64; 2]> = keys
        .map(|(k, i)| [crate::hash::hash_str(k), i as u64])
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Flat runs of lists: the items end to end and the end of each run.
fn flatten(lists: &[Vec<SkillId>]) -> (Vec<u32>, Vec<SkillId>) {
    let mut ends = Vec::with_capacity(lists.len());
    let mut items = Vec::new();
    for l in lists {
        items.extend_from_slice(l);
        ends.push(items.len() as u32);
    }
    (ends, items)
}

/// Run `i` of a [`flatten`]ed list.
fn run_of<'a>(ends: &[u32], items: &'a [SkillId], i: usize) -> &'a [SkillId] {
    let start = if i == 0 {
        0
    } else {
        ends.get(i - 1).copied().unwrap_or(0)
    };
    let end = ends.get(i).copied().unwrap_or(start);
    items.get(start as usize..end as usize).unwrap_or(&[])
}

/// Where a taxonomy comes from: a name for messages and its TOML text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    /// The TOML text (borrowed for the embedded taxonomy: no copy of half a megabyte per run).
    pub text: std::borrow::Cow<'static, str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<std::borrow::Cow<'static, str>>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The embedded default taxonomy.
    pub fn builtin() -> Source {
        Source::new(DEFAULT_TAXONOMY_NAME, DEFAULT_TAXONOMY)
    }

    /// Whether this is the embedded default taxonomy (its text, not a copy of it).
    pub fn is_builtin(&self) -> bool {
        matches!(&self.text, std::borrow::Cow::Borrowed(t) if std::ptr::eq(*t, DEFAULT_TAXONOMY))
    }
}

/// Line (1-based) of `id = "x"` in a TOML text, for messages about a skill.
fn line_of_id(text: &str, id: &str) -> Option<usize> {
    let needle = format!("\"{id}\"");
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with("id") && t.contains(&needle)
        })
        .map(|i| i + 1)
}

fn at_line(src: &Source, id: &str) -> String {
    match line_of_id(&src.text, id) {
        Some(l) => format!("line {l}: "),
        None => String::new(),
    }
}

struct Merged {
    raw: RawSkill,
    source: usize,
}

impl Taxonomy {
    /// The embedded default taxonomy. It is validated by the test suite, so a failure here is a build
    /// defect; it is still reported as an error rather than a panic.
    pub fn builtin() -> Result<Taxonomy> {
        Taxonomy::load(&[Source::builtin()])
    }

    /// Loads a base taxonomy followed by extensions. A skill of an extension whose id already exists
    /// adds its aliases, context words and references to that skill (and replaces its name, category,
    /// effort and learning steps when given); a new id adds a skill.
    pub fn load(sources: &[Source]) -> Result<Taxonomy> {
        let mut merged: Vec<Merged> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (si, src) in sources.iter().enumerate() {
            let file: RawFile = toml::from_str(&src.text)
                .map_err(|e| Error::taxonomy(&src.name, describe_toml_error(&src.text, &e)))?;
            let mut seen_here = HashSet::new();
            for raw in file.skill {
                if !seen_here.insert(raw.id.clone()) {
                    return Err(Error::taxonomy(
                        &src.name,
                        format!("{}duplicate skill id '{}'", at_line(src, &raw.id), raw.id),
                    ));
                }
                match index.get(&raw.id) {
                    Some(&i) if si > 0 => merge_into(&mut merged[i].raw, raw),
                    _ => {
                        index.insert(raw.id.clone(), merged.len());
                        merged.push(Merged { raw, source: si });
                    }
                }
            }
        }
        if merged.is_empty() {
            let name = sources.first().map_or("taxonomy", |s| s.name.as_str());
            return Err(Error::taxonomy(name, "the taxonomy defines no skills"));
        }
        Self::build(merged, sources)
    }

    fn build(merged: Vec<Merged>, sources: &[Source]) -> Result<Taxonomy> {
        let by_id: rustc_hash::FxHashMap<String, SkillId> = merged
            .iter()
            .enumerate()
            .map(|(i, m)| (m.raw.id.clone(), i))
            .collect();
        let mut skills = Vec::with_capacity(merged.len());
        let mut alias_owner: HashMap<String, SkillId> = HashMap::new();
        for (i, m) in merged.iter().enumerate() {
            let src = &sources[m.source];
            let r = &m.raw;
            let err =
                |msg: String| Error::taxonomy(&src.name, format!("{}{msg}", at_line(src, &r.id)));
            if r.id.is_empty()
                || !r.id.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
                })
            {
                return Err(err(format!(
                    "skill id '{}' must be lowercase letters, digits, '-', '_' or '.'",
                    r.id
                )));
            }
            let name = r
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| err(format!("skill '{}' has no name", r.id)))?;
            let category = r
                .category
                .clone()
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| err(format!("skill '{}' has no category", r.id)))?;
            let resolve = |field: &str, ids: &[String]| -> Result<Vec<SkillId>> {
                let mut out = Vec::new();
                for id in ids {
                    match by_id.get(id) {
                        Some(&j) if j == i => {
                            return Err(err(format!("skill '{}' lists itself in {field}", r.id)));
                        }
                        Some(&j) => {
                            if !out.contains(&j) {
                                out.push(j)
                            }
                        }
                        None => {
                            return Err(err(format!(
                                "skill '{}' has unknown id '{id}' in {field}",
                                r.id
                            )));
                        }
                    }
                }
                Ok(out)
            };
            // An ambiguous spelling that is not a name or alias yet becomes an alias.
            let mut aliases = r.aliases.clone();
            for a in &r.ambiguous {
                if !name.eq_ignore_ascii_case(a) {
                    aliases.push(a.clone());
                }
            }
            let skill = Skill {
                id: r.id.clone(),
                name,
                category,
                aliases: dedup_case_insensitive(&aliases),
                implies: resolve("implies", &r.implies)?,
                related: resolve("related", &r.related)?,
                prerequisites: resolve("prerequisites", &r.prerequisites)?,
                effort_hours: r.effort_hours,
                learn: r.learn.clone(),
                ambiguous: r.ambiguous.clone(),
                context: r.context.iter().map(|c| c.to_lowercase()).collect(),
                exclude_next: r.exclude_next.iter().map(|c| c.to_lowercase()).collect(),
                exclude_prev: r.exclude_prev.iter().map(|c| c.to_lowercase()).collect(),
                fuzzy: r.fuzzy.unwrap_or(true),
            };
            for sp in skill.spellings() {
                let key = spelling_key(sp);
                if key.is_empty() {
                    return Err(err(format!(
                        "skill '{}' has a spelling with no letters or digits: '{sp}'",
                        r.id
                    )));
                }
                if let Some(&other) = alias_owner.get(&key)
                    && other != i
                {
                    return Err(err(format!(
                        "alias '{sp}' of skill '{}' is already claimed by skill '{}'",
                        r.id, merged[other].raw.id
                    )));
                }
                alias_owner.insert(key, i);
            }
            skills.push(skill);
        }
        let name_of = |i: SkillId| merged[i].raw.id.as_str();
        for (field, edges) in [
            (
                "implies",
                skills.iter().map(|s| s.implies.clone()).collect::<Vec<_>>(),
            ),
            (
                "prerequisites",
                skills
                    .iter()
                    .map(|s| s.prerequisites.clone())
                    .collect::<Vec<_>>(),
            ),
        ] {
            if let Some(cycle) = find_cycle(&edges) {
                let path: Vec<&str> = cycle.iter().map(|&i| name_of(i)).collect();
                let src = &sources[merged[cycle[0]].source];
                return Err(Error::taxonomy(
                    &src.name,
                    format!(
                        "{}cycle in {field}: {}",
                        at_line(src, name_of(cycle[0])),
                        path.join(" -> ")
                    ),
                ));
            }
        }
        let ancestors = (0..skills.len())
            .map(|i| closure(i, |j| &skills[j].implies))
            .collect();
        let mut related: Vec<Vec<SkillId>> = vec![Vec::new(); skills.len()];
        for (i, s) in skills.iter().enumerate() {
            for &j in &s.related {
                related[i].push(j);
                related[j].push(i);
            }
        }
        for r in &mut related {
            r.sort_unstable();
            r.dedup();
        }
        let ancestors: Vec<Vec<SkillId>> = ancestors;
        let (ancestor_ends, ancestors) = flatten(&ancestors);
        let (related_ends, related) = flatten(&related);
        Ok(Taxonomy {
            ids: Arr::Owned(key_index(
                skills.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)),
            )),
            spellings: Arr::Owned(key_index(alias_owner.iter().map(|(k, &i)| (k.as_str(), i)))),
            skills: Skills::Owned(skills),
            ancestor_ends: Arr::Owned(ancestor_ends),
            ancestors: Arr::Owned(ancestors),
            related_ends: Arr::Owned(related_ends),
            related: Arr::Owned(related),
        })
    }

    /// Every skill, in order.
    pub fn skills(&self) -> impl ExactSizeIterator<Item = &Skill> + '_ {
        (0..self.len()).map(|i| self.skill(i))
    }

    pub fn len(&self) -> usize {
        match &self.skills {
            Skills::Owned(v) => v.len(),
            Skills::Encoded { decoded, .. } => decoded.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Skill `id` (a placeholder "unreadable skill" for an id out of range or a skill that
    /// cannot be decoded from a damaged cache: never a panic).
    pub fn skill(&self, id: SkillId) -> &Skill {
        static UNREADABLE: std::sync::LazyLock<Skill> = std::sync::LazyLock::new(unreadable_skill);
        match &self.skills {
            Skills::Owned(v) => v.get(id).unwrap_or(&UNREADABLE),
            Skills::Encoded {
                blob,
                ends,
                decoded,
            } => {
                let Some(cell) = decoded.get(id) else {
                    return &UNREADABLE;
                };
                cell.get_or_init(|| {
                    let ends = ends.get();
                    let n = decoded.len();
                    let start = match id {
                        0 => 0,
                        _ => ends.get(id - 1).copied().unwrap_or(0) as usize,
                    };
                    let end = ends.get(id).copied().unwrap_or(0) as usize;
                    let skill = blob
                        .get()
                        .get(start..end)
                        .and_then(|b| postcard::from_bytes::<Skill>(b).ok())
                        .map(|mut s| {
                            // References out of range are dropped: never an index panic later.
                            for v in [&mut s.implies, &mut s.related, &mut s.prerequisites] {
                                v.retain(|&j| j < n && j != id);
                            }
                            s
                        })
                        .unwrap_or_else(unreadable_skill);
                    Box::new(skill)
                })
            }
        }
    }

    /// Whether the arrays that go together have matching lengths and the graph's ids are in range
    /// (a cheap check of a taxonomy read back from the cache, which reads nothing else: every
    /// access is bounds-checked, see [`Taxonomy::skill`]).
    pub(crate) fn is_consistent(&self) -> bool {
        let n = self.len();
        let blob_ok = match &self.skills {
            Skills::Owned(_) => true,
            Skills::Encoded { ends, .. } => ends.get().len() == n,
        };
        // The graph is read by index everywhere: its ids are checked (a few pages).
        blob_ok
            && self.ancestor_ends.get().len() == n
            && self.related_ends.get().len() == n
            && self
                .ancestors
                .get()
                .iter()
                .chain(self.related.get())
                .all(|&j| j < n)
    }

    /// The skills under a key of a [`key_index`] whose string confirms.
    fn lookup(
        &self,
        index: &[[u64; 2]],
        key: &str,
        confirm: impl Fn(&Skill) -> bool,
    ) -> Option<SkillId> {
        let h = crate::hash::hash_str(key);
        let from = index.partition_point(|&[k, _]| k < h);
        index[from..]
            .iter()
            .take_while(|&&[k, _]| k == h)
            .map(|&[_, i]| i as usize)
            .find(|&i| i < self.len() && confirm(self.skill(i)))
    }

    /// Looks a skill up by its string id.
    pub fn by_id(&self, id: &str) -> Option<SkillId> {
        self.lookup(self.ids.get(), id, |s| s.id == id)
    }

    /// Looks a skill up by id, name or alias (case-insensitive).
    pub fn find(&self, key: &str) -> Option<SkillId> {
        if let Some(i) = self.by_id(key) {
            return Some(i);
        }
        let want = spelling_key(key);
        self.lookup(self.spellings.get(), &want, |s| {
            s.spellings().any(|sp| spelling_key(sp) == want)
        })
    }

    /// Every skill `id` implies, transitively (PyTorch → deep learning → machine learning).
    pub fn ancestors(&self, id: SkillId) -> &[SkillId] {
        run_of(self.ancestor_ends.get(), self.ancestors.get(), id)
    }

    /// Skills related to `id` in either direction.
    pub fn related(&self, id: SkillId) -> &[SkillId] {
        run_of(self.related_ends.get(), self.related.get(), id)
    }

    /// Every prerequisite of `id`, transitively, in learning order (deepest first).
    pub fn prerequisite_order(&self, id: SkillId) -> Vec<SkillId> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        fn visit(t: &Taxonomy, i: SkillId, seen: &mut HashSet<SkillId>, out: &mut Vec<SkillId>) {
            for &p in &t.skill(i).prerequisites {
                if seen.insert(p) {
                    visit(t, p, seen, out);
                    out.push(p);
                }
            }
        }
        visit(self, id, &mut seen, &mut out);
        out
    }

    /// Number of spellings (names plus aliases).
    pub fn spelling_count(&self) -> usize {
        self.skills().map(|s| 1 + s.aliases.len()).sum()
    }
}

fn merge_into(base: &mut RawSkill, ext: RawSkill) {
    if ext.name.is_some() {
        base.name = ext.name;
    }
    if ext.category.is_some() {
        base.category = ext.category;
    }
    if ext.effort_hours.is_some() {
        base.effort_hours = ext.effort_hours;
    }
    if !ext.learn.is_empty() {
        base.learn = ext.learn;
    }
    if ext.fuzzy.is_some() {
        base.fuzzy = ext.fuzzy;
    }
    base.aliases.extend(ext.aliases);
    base.implies.extend(ext.implies);
    base.related.extend(ext.related);
    base.prerequisites.extend(ext.prerequisites);
    base.ambiguous.extend(ext.ambiguous);
    base.context.extend(ext.context);
    base.exclude_next.extend(ext.exclude_next);
    base.exclude_prev.extend(ext.exclude_prev);
}

fn dedup_case_insensitive(v: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    v.iter()
        .filter(|a| seen.insert(a.to_lowercase()))
        .cloned()
        .collect()
}

/// Transitive closure over an edge function, excluding the start, sorted.
fn closure<'a>(start: SkillId, edges: impl Fn(SkillId) -> &'a Vec<SkillId>) -> Vec<SkillId> {
    let mut seen = HashSet::new();
    let mut stack: Vec<SkillId> = edges(start).clone();
    while let Some(n) = stack.pop() {
        if n != start && seen.insert(n) {
            stack.extend(edges(n).iter().copied());
        }
    }
    let mut v: Vec<SkillId> = seen.into_iter().collect();
    v.sort_unstable();
    v
}

/// Finds one cycle in a directed graph given as adjacency lists; returns it as a path that starts and
/// ends at the same node.
fn find_cycle(edges: &[Vec<SkillId>]) -> Option<Vec<SkillId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Active,
        Done,
    }
    let n = edges.len();
    let mut state = vec![State::New; n];
    for root in 0..n {
        if state[root] != State::New {
            continue;
        }
        // Iterative DFS with an explicit path.
        let mut path: Vec<(SkillId, usize)> = vec![(root, 0)];
        state[root] = State::Active;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if *next < edges[node].len() {
                let child = edges[node][*next];
                *next += 1;
                match state[child] {
                    State::New => {
                        state[child] = State::Active;
                        path.push((child, 0));
                    }
                    State::Active => {
                        let pos = path.iter().position(|&(p, _)| p == child).unwrap_or(0);
                        let mut cycle: Vec<SkillId> = path[pos..].iter().map(|&(p, _)| p).collect();
                        cycle.push(child);
                        return Some(cycle);
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                path.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Taxonomy> {
        Taxonomy::load(&[Source::new("t.toml", text.to_string())])
    }

    const SMALL: &str = r#"
[[skill]]
id = "ml"
name = "Machine Learning"
category = "ml"

[[skill]]
id = "dl"
name = "Deep Learning"
category = "ml"
implies = ["ml"]
prerequisites = ["la"]

[[skill]]
id = "la"
name = "Linear Algebra"
category = "math"

[[skill]]
id = "pytorch"
name = "PyTorch"
category = "ml-framework"
aliases = ["torch"]
implies = ["dl"]
related = ["tf"]
prerequisites = ["dl"]

[[skill]]
id = "tf"
name = "TensorFlow"
category = "ml-framework"
implies = ["dl"]
"#;

    #[test]
    fn builtin_taxonomy_is_valid_and_large() {
        let t = Taxonomy::builtin().expect("built-in taxonomy must validate");
        assert!(t.len() >= 150, "only {} skills", t.len());
        for s in t.skills() {
            assert!(!s.learn.is_empty(), "skill {} has no learning steps", s.id);
        }
    }

    #[test]
    fn graph_closure_and_symmetric_related() {
        let t = load(SMALL).unwrap();
        let py = t.by_id("pytorch").unwrap();
        let names: Vec<&str> = t
            .ancestors(py)
            .iter()
            .map(|&i| t.skill(i).id.as_str())
            .collect();
        assert_eq!(names, ["ml", "dl"]);
        let tf = t.by_id("tf").unwrap();
        assert_eq!(t.related(tf), &[py]);
        let order: Vec<&str> = t
            .prerequisite_order(py)
            .iter()
            .map(|&i| t.skill(i).id.as_str())
            .collect();
        assert_eq!(order, ["la", "dl"]);
        assert_eq!(t.find("Torch"), Some(py));
    }

    #[test]
    fn rejects_duplicate_ids_with_line() {
        let e = load("[[skill]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\n[[skill]]\nid = \"a\"\nname = \"B\"\ncategory = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("duplicate skill id 'a'"), "{e}");
        assert!(e.starts_with("t.toml: line 2"), "{e}");
    }

    #[test]
    fn rejects_alias_claimed_twice() {
        let e = load("[[skill]]\nid = \"a\"\nname = \"Alpha\"\ncategory = \"x\"\naliases = [\"al\"]\n[[skill]]\nid = \"b\"\nname = \"Beta\"\ncategory = \"x\"\naliases = [\"AL\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("alias 'AL' of skill 'b' is already claimed by skill 'a'"),
            "{e}"
        );
    }

    #[test]
    fn rejects_unknown_reference() {
        let e =
            load("[[skill]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\nimplies = [\"nope\"]\n")
                .unwrap_err()
                .to_string();
        assert!(e.contains("unknown id 'nope' in implies"), "{e}");
    }

    #[test]
    fn rejects_cycles() {
        let e = load("[[skill]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\nprerequisites = [\"b\"]\n[[skill]]\nid = \"b\"\nname = \"B\"\ncategory = \"x\"\nprerequisites = [\"a\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cycle in prerequisites: a -> b -> a"), "{e}");
    }

    #[test]
    fn malformed_toml_reports_line_and_column() {
        let e = load("[[skill]]\nid = \"a\"\nname = \"A\ncategory = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.toml: line 3, column"), "{e}");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = load("[[skill]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\nalias = [\"b\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `alias`"), "{e}");
    }

    #[test]
    fn empty_taxonomy_is_an_error() {
        let e = load("").unwrap_err().to_string();
        assert!(e.contains("defines no skills"), "{e}");
    }

    #[test]
    fn extension_adds_aliases_and_skills() {
        let t = Taxonomy::load(&[
            Source::new("t.toml", SMALL),
            Source::new(
                "ext.toml",
                "[[skill]]\nid = \"pytorch\"\naliases = [\"pt\"]\n[[skill]]\nid = \"jax\"\nname = \"JAX\"\ncategory = \"ml-framework\"\nrelated = [\"pytorch\"]\n",
            ),
        ])
        .unwrap();
        let py = t.by_id("pytorch").unwrap();
        assert!(t.skill(py).aliases.contains(&"pt".to_string()));
        assert!(t.skill(py).aliases.contains(&"torch".to_string()));
        let jax = t.by_id("jax").unwrap();
        assert_eq!(t.related(py), &[t.by_id("tf").unwrap(), jax]);
    }

    #[test]
    fn ambiguous_spellings_become_aliases() {
        let t = load("[[skill]]\nid = \"r\"\nname = \"R language\"\ncategory = \"language\"\nambiguous = [\"R\"]\n").unwrap();
        assert_eq!(t.skill(0).aliases, ["R"]);
        assert!(t.skill(0).is_ambiguous("R"));
    }
}
