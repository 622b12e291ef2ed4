//! gapcheck: compare a résumé with a job posting against a skill taxonomy.
//!
//! The engine runs one way: [`input`] reads a [`Document`], [`extract`] finds skill mentions with a
//! [`Matcher`] compiled once from a [`Taxonomy`], [`requirements`] reads what a posting asks for (or a
//! built-in [`roles`] profile), [`gap`] compares and scores, and [`report`] renders the [`Analysis`].
//!
//! ```
//! use gapcheck::{Engine, Document, CompareOptions};
//! let engine = Engine::builtin().unwrap();
//! let resume = Document::from_text("resume.txt", "SKILLS\nPython, PyTorch, SQL");
//! let job = Document::from_text("job.txt", "Requirements\nPython and SQL\nNice to have\nKubernetes");
//! let analysis = engine.compare(&resume, &job, &CompareOptions::default()).unwrap();
//! assert!(analysis.score > 50);
//! ```

pub mod batch;
pub mod cache;
pub mod config;
pub mod error;
pub mod extract;
mod flat;
pub mod formats;
pub mod gap;
mod hash;
pub mod import;
pub mod input;
mod patterns;
pub mod report;
pub mod requirements;
pub mod roles;
pub mod taxonomy;
#[cfg(test)]
mod testutil;
pub mod text;

pub use error::{Error, Result};
pub use extract::{ExtractOptions, Matcher, Mention};
pub use gap::Analysis;
pub use input::Document;
pub use requirements::YearMonth;
pub use roles::Role;
pub use taxonomy::{Source, Taxonomy};

/// Options of a comparison.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// The month that "present" means on a résumé.
    pub as_of: YearMonth,
    /// Fuzzy matching of misspellings.
    pub fuzzy: bool,
    /// Skills left out of the requirements.
    pub ignore: Vec<taxonomy::SkillId>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            as_of: YearMonth::today(),
            fuzzy: true,
            ignore: Vec::new(),
        }
    }
}

/// A taxonomy compiled for extraction: build once, use for any number of documents.
#[derive(Debug)]
pub struct Engine {
    pub taxonomy: Taxonomy,
    matcher: Matcher,
}

impl Engine {
    /// Compiles a taxonomy.
    pub fn new(taxonomy: Taxonomy) -> Engine {
        let matcher = Matcher::new(&taxonomy);
        Engine { taxonomy, matcher }
    }

    /// An engine from a taxonomy and the matcher compiled from it (as read from the cache).
    pub(crate) fn from_parts(taxonomy: Taxonomy, matcher: Matcher) -> Engine {
        Engine { taxonomy, matcher }
    }

    pub(crate) fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Loads and compiles taxonomy sources (a base and its extensions), through the compiled-taxonomy
    /// cache in `cache_dir` when one is given (see [`cache`]).
    pub fn load(sources: &[Source], cache_dir: Option<&std::path::Path>) -> Result<Engine> {
        cache::load_engine(sources, cache_dir)
    }

    /// The engine for the embedded default taxonomy.
    pub fn builtin() -> Result<Engine> {
        Ok(Engine::new(Taxonomy::builtin()?))
    }

    /// Every skill mention in a document, in document order.
    pub fn extract(&self, doc: &Document, fuzzy: bool) -> Vec<Mention> {
        self.matcher
            .extract(&self.taxonomy, doc, ExtractOptions { fuzzy })
    }

    fn resume_side<'a>(
        &self,
        resume: &'a Document,
        mentions: &'a [Mention],
        opts: &CompareOptions,
    ) -> Result<gap::ResumeSide<'a>> {
        if mentions.is_empty() {
            return Err(no_skills(&resume.name));
        }
        Ok(gap::ResumeSide {
            name: &resume.name,
            mentions,
            facts: requirements::resume_facts(resume, opts.as_of),
        })
    }

    /// Compares a résumé with a job posting.
    pub fn compare(
        &self,
        resume: &Document,
        job: &Document,
        opts: &CompareOptions,
    ) -> Result<Analysis> {
        let rm = self.extract(resume, opts.fuzzy);
        let jm = self.extract(job, opts.fuzzy);
        if jm.is_empty() {
            return Err(no_skills(&job.name));
        }
        let profile = requirements::job_profile(&self.taxonomy, job, &jm).without(&opts.ignore);
        if profile.requirements.is_empty()
            && profile.years.is_empty()
            && profile.education.is_empty()
        {
            return Err(Error::input(
                &job.name,
                "skills were found only in sections that state no requirements (about us, benefits)",
            ));
        }
        let side = self.resume_side(resume, &rm, opts)?;
        let mut a = gap::analyze(
            &self.taxonomy,
            side,
            gap::JobSide {
                name: &job.name,
                mentions: &jm,
                profile,
            },
        );
        a.warnings.extend(resume.warnings.iter().cloned());
        a.warnings.extend(job.warnings.iter().cloned());
        Ok(a)
    }

    /// Compares a résumé with a built-in (or user) role profile.
    pub fn compare_role(
        &self,
        resume: &Document,
        role: &Role,
        opts: &CompareOptions,
    ) -> Result<Analysis> {
        let rm = self.extract(resume, opts.fuzzy);
        let side = self.resume_side(resume, &rm, opts)?;
        let profile = role.profile(&self.taxonomy)?.without(&opts.ignore);
        let name = format!("role:{}", role.id);
        let mut a = gap::analyze(
            &self.taxonomy,
            side,
            gap::JobSide {
                name: &name,
                mentions: &[],
                profile,
            },
        );
        a.warnings.extend(resume.warnings.iter().cloned());
        Ok(a)
    }
}

fn no_skills(name: &str) -> Error {
    Error::input(
        name,
        "no skill from the taxonomy was found in this document (wrong file, or a broken export?)",
    )
}
