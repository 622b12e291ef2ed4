//! The gapcheck command line: argument parsing, configuration, wiring and exit codes. Logic lives in
//! the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use gapcheck::config::{self, Config, Gates, Loaded};
use gapcheck::report::{self, TextOptions};
use gapcheck::taxonomy::Source;
use gapcheck::{Analysis, CompareOptions, Document, Engine, Error, Taxonomy, YearMonth};

/// Exit code when a CI gate failed.
const EXIT_GATE: u8 = 2;
/// Exit code for a usage error (BSD EX_USAGE).
const EXIT_USAGE: u8 = 64;
/// Exit code for an input or runtime error.
const EXIT_INPUT: u8 = 1;

#[derive(Parser, Debug)]
#[command(
    name = "gapcheck",
    version,
    about = "Compare a résumé with job postings: matched skills, gaps and a learning plan.",
    long_about = "Compare a résumé with job postings: matched skills, gaps and a learning plan.\n\n\
        With no arguments, gapcheck runs the check configured in gapcheck.toml (or .gapcheck.toml), \
        looked for in the current directory and its parents.\n\n\
        gapcheck never touches the network: résumés are personal data.\n\n\
        Exit codes: 0 success, 1 input or runtime error, 2 a CI gate failed, 64 usage error, \
        78 taxonomy or configuration error.",
    subcommand_precedence_over_arg = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// The résumé (plain text).
    resume: Option<PathBuf>,
    /// Job postings (files or glob patterns): one report each, plus a ranked summary.
    jobs: Vec<String>,

    /// Check against a built-in role profile as well or instead (repeatable; see `gapcheck roles`).
    #[arg(long, value_name = "ROLE")]
    role: Vec<String>,

    #[command(flatten)]
    common: Common,

    /// Explain why each verdict was reached.
    #[arg(long)]
    explain: bool,

    /// Print only the learning plan.
    #[arg(long)]
    plan_only: bool,

    /// The month that "present" means on the résumé (YYYY-MM); default: this month.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_as_of)]
    as_of: Option<YearMonth>,

    /// Gate: fail (exit 2) when a report scores under N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    fail_under: Option<u32>,

    /// Gate: fail (exit 2) unless the résumé shows this skill (repeatable; id, name or alias).
    #[arg(long, value_name = "SKILL")]
    require: Vec<String>,

    /// Gate: fail (exit 2) when a report has more than N missing required skills.
    #[arg(long, value_name = "N")]
    max_required_gaps: Option<usize>,

    /// Leave this skill out of every comparison (repeatable).
    #[arg(long, value_name = "SKILL")]
    ignore: Vec<String>,

    /// Use this configuration file instead of discovering gapcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore configuration files.
    #[arg(long)]
    isolated: bool,

    /// Print the effective configuration (file plus flags) as TOML and exit.
    #[arg(long)]
    dump_config: bool,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, global = true)]
    format: Format,

    /// Replace the built-in taxonomy with this file.
    #[arg(long, value_name = "FILE", global = true)]
    taxonomy: Option<PathBuf>,

    /// Add skills and aliases from this file on top of the taxonomy (repeatable).
    #[arg(long, value_name = "FILE", global = true)]
    extend: Vec<PathBuf>,

    /// Turn off fuzzy matching of misspellings.
    #[arg(long, global = true)]
    no_fuzzy: bool,

    /// When to use colour (NO_COLOR is honoured in auto mode).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,

    /// Read documents as this format instead of detecting it (text, markdown, latex, json-resume,
    /// html, pdf, docx).
    #[arg(long, value_name = "FORMAT", global = true)]
    input_format: Option<gapcheck::formats::Format>,

    /// Largest document accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = gapcheck::input::DEFAULT_MAX_BYTES, global = true)]
    max_bytes: u64,

    /// Compile the taxonomy afresh instead of reading (and writing) the compiled-taxonomy cache in
    /// $GAPCHECK_CACHE_DIR, else $XDG_CACHE_HOME/gapcheck, else ~/.cache/gapcheck.
    #[arg(long, global = true, env = "GAPCHECK_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    no_cache: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the skills found in one document, with their evidence.
    Skills {
        /// The document.
        file: PathBuf,
    },
    /// List the built-in role profiles.
    Roles,
    /// Write a commented gapcheck.toml template in the current directory.
    Init {
        /// Overwrite an existing gapcheck.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from these definitions.
    Man,
    /// Import or check taxonomies.
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
    /// Score every résumé against every posting on all cores (JSON Lines or a ranked table).
    Batch {
        /// Résumés: files, directories or glob patterns; `-` reads JSON Lines ({"id", "text"}) from
        /// standard input.
        #[arg(long, required = true, num_args = 1..)]
        resumes: Vec<String>,
        /// Postings: files, directories or glob patterns.
        #[arg(long, required = true, num_args = 1..)]
        jobs: Vec<String>,
        /// The month "present" means on résumés (YYYY-MM); default: this month.
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_as_of)]
        as_of: Option<YearMonth>,
        /// In the ranked table, show at most N pairs.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
    },
}

#[derive(Subcommand, Debug)]
enum TaxonomyCommand {
    /// Convert public taxonomy exports into gapcheck's skills.toml format.
    Import {
        /// Format of each FILE, in order (repeat for several files: --from esco a.csv --from onet b.tsv).
        #[arg(long, value_enum, required = true)]
        from: Vec<ImportKind>,
        /// The export files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the TOML (default: standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Validate a taxonomy file and report its counts.
    Check {
        /// The taxonomy (skills.toml format).
        file: PathBuf,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum ImportKind {
    /// ESCO skills CSV (id, description, hierarchy_levels, type).
    Esco,
    /// O*NET technology_skills.tsv.
    Onet,
    /// CSV with id, name, category, aliases (;-separated), implies (;-separated).
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    /// Tables for people (the default).
    Text,
    /// Versioned JSON (see README).
    Json,
    /// GitHub-flavoured Markdown, for step summaries and PR comments.
    Markdown,
    /// GitHub Actions workflow commands (annotations on posting lines).
    Github,
    /// JUnit XML, rendered as test results by most CI systems.
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_as_of(s: &str) -> Result<YearMonth, String> {
    YearMonth::parse(s).ok_or_else(|| format!("'{s}' is not a month in the form YYYY-MM"))
}

/// An error at the binary edge: a library error, a usage problem found after parsing, or I/O.
enum Failure {
    Lib(Error),
    Usage(String),
    Io(anyhow::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => EXIT_USAGE,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Lib(e)) => {
            eprintln!("gapcheck: error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("gapcheck: error: {msg}");
            eprintln!("Usage: gapcheck [OPTIONS] <RESUME> <JOB>...  (see gapcheck --help)");
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Io(e)) => {
            eprintln!("gapcheck: error: {e:#}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

fn read_source(path: &Path) -> Result<Source, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Lib(Error::Taxonomy {
            source_name: path.display().to_string(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::InvalidData => "not valid UTF-8 text".to_string(),
                _ if path.is_dir() => "is a directory, not a file".to_string(),
                _ => e.to_string(),
            },
        })
    })?;
    Ok(Source::new(path.display().to_string(), text))
}

fn engine(taxonomy: Option<&Path>, extend: &[PathBuf], no_cache: bool) -> Result<Engine, Failure> {
    let mut sources = vec![match taxonomy {
        Some(p) => read_source(p)?,
        None => Source::builtin(),
    }];
    for p in extend {
        sources.push(read_source(p)?);
    }
    let dir = if no_cache {
        None
    } else {
        gapcheck::cache::default_dir()
    };
    Ok(Engine::load(&sources, dir.as_deref())?)
}

fn use_color(choice: ColorChoice, to_file: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn emit(s: &str, output: Option<&Path>) -> Result<(), Failure> {
    if let Some(path) = output {
        return std::fs::write(path, s).map_err(|e| {
            Failure::Io(
                anyhow::Error::new(e)
                    .context(format!("{}: cannot write the report", path.display())),
            )
        });
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`gapcheck … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Io(
            anyhow::Error::new(e).context("writing the report"),
        )),
    }
}

fn json_string(v: &serde_json::Value) -> Result<String, Failure> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Failure::Io(anyhow::Error::new(e).context("serialising JSON")))
}

/// Files named by paths, directories (their files, sorted) or glob patterns.
fn batch_files(args: &[String]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for a in args {
        let p = Path::new(a);
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| {
                    Failure::Lib(Error::Input {
                        path: p.to_path_buf(),
                        message: e.to_string(),
                    })
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.extend(config::expand(std::slice::from_ref(a), "command line")?);
        }
    }
    Ok(out)
}

fn batch(
    cli: &Cli,
    engine: &Engine,
    resume_args: &[String],
    job_args: &[String],
    as_of: Option<YearMonth>,
    top: Option<usize>,
) -> Result<u8, Failure> {
    use gapcheck::batch::{self, ResumeSource};
    let max = cli.common.max_bytes;
    let fmt = cli.common.input_format;
    let mut jobs = Vec::new();
    let mut job_errors = Vec::new();
    for p in batch_files(job_args)? {
        match Document::read_as(&p, max, fmt) {
            Ok(d) => jobs.push(d),
            Err(e) => job_errors.push(batch::job_error(&p.display().to_string(), &e)),
        }
    }
    let resumes: Vec<ResumeSource> = if resume_args.iter().any(|a| a == "-") {
        use std::io::Read;
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            Failure::Io(anyhow::Error::new(e).context("reading JSON Lines from standard input"))
        })?;
        batch::jsonl_resumes(text)
    } else {
        batch_files(resume_args)?
            .into_iter()
            .map(|p| ResumeSource {
                name: p.display().to_string(),
                load: Box::new(move || Document::read_as(&p, max, fmt)),
            })
            .collect()
    };
    let opts = CompareOptions {
        as_of: as_of.unwrap_or_else(YearMonth::today),
        fuzzy: !cli.common.no_fuzzy,
        ignore: Vec::new(),
    };
    let total = resumes.len();
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} résumés {elapsed} (eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let mut out: Box<dyn Write> = match &cli.output {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |e| {
                Failure::Io(anyhow::Error::new(e).context(format!("{}: cannot write", p.display())))
            },
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let jsonl = cli.common.format == Format::Json;
    let mut table: Vec<(u32, String, String)> = Vec::new();
    let mut errors = 0usize;
    let mut write_err: Option<std::io::Error> = None;
    let mut write = |line: String, out: &mut Box<dyn Write>| {
        if write_err.is_none()
            && let Err(e) = writeln!(out, "{line}")
        {
            write_err = Some(e);
        }
    };
    for e in &job_errors {
        errors += 1;
        if jsonl {
            write(e.value.to_string(), &mut out);
        } else {
            eprintln!(
                "gapcheck: error: {}",
                e.value["error"].as_str().unwrap_or_default()
            );
        }
    }
    batch::run(
        engine,
        resumes.into_iter(),
        &jobs,
        &opts,
        |results| {
            for r in results {
                if r.score.is_none() {
                    errors += 1;
                }
                if jsonl {
                    write(r.value.to_string(), &mut out);
                } else if let (Some(s), Some(j)) = (r.score, &r.job) {
                    table.push((s, r.resume.clone(), j.clone()));
                } else {
                    eprintln!(
                        "gapcheck: error: {}",
                        r.value["error"].as_str().unwrap_or_default()
                    );
                }
            }
        },
        |done| {
            if let Some(b) = &bar {
                b.set_position(done as u64);
            }
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !jsonl {
        table.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_header(vec!["Rank", "Résumé", "Posting", "Score"]);
        for (i, (s, r, j)) in table.iter().take(top.unwrap_or(usize::MAX)).enumerate() {
            t.add_row(vec![
                (i + 1).to_string(),
                r.clone(),
                j.clone(),
                format!("{s}/100"),
            ]);
        }
        write(format!("{t}"), &mut out);
    }
    if let Err(e) = out.flush() {
        write_err.get_or_insert(e);
    }
    if let Some(e) = write_err
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Failure::Io(
            anyhow::Error::new(e).context("writing the batch output"),
        ));
    }
    if errors > 0 {
        eprintln!("gapcheck: {errors} document(s) could not be scored (see their error lines)");
        return Ok(EXIT_INPUT);
    }
    Ok(0)
}

/// The configuration in force: `--config`, else discovery, unless `--isolated`.
fn load_config(cli: &Cli) -> Result<Loaded, Failure> {
    if cli.isolated {
        return Ok(Loaded::default());
    }
    if let Some(p) = &cli.config {
        return Ok(config::load(p)?);
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::Io(anyhow::Error::new(e).context("reading the current directory")))?;
    match config::discover(&cwd) {
        Some(p) => Ok(config::load(&p)?),
        None => Ok(Loaded::default()),
    }
}

/// The file configuration with the flags applied on top: what `--dump-config` prints.
fn effective(cli: &Cli, loaded: &Loaded) -> Config {
    let mut c = loaded.config.clone();
    if let Some(r) = &cli.resume {
        c.resume = Some(r.clone());
    }
    if !cli.jobs.is_empty() || !cli.role.is_empty() {
        c.jobs = cli.jobs.clone();
        c.roles = cli.role.clone();
    }
    if cli.fail_under.is_some() {
        c.fail_under = cli.fail_under;
    }
    if cli.max_required_gaps.is_some() {
        c.max_required_gaps = cli.max_required_gaps;
    }
    if !cli.require.is_empty() {
        c.require = cli.require.clone();
    }
    if !cli.ignore.is_empty() {
        c.ignore = cli.ignore.clone();
    }
    if cli.common.taxonomy.is_some() {
        c.taxonomy = cli.common.taxonomy.clone();
    }
    if !cli.common.extend.is_empty() {
        c.extend = cli.common.extend.clone();
    }
    if let Some(a) = cli.as_of {
        c.as_of = Some(a.to_string());
    }
    c
}

/// Wall time since the process started, by phase, on stderr when `GAPCHECK_TIMINGS` is set (for
/// performance work; nothing is printed otherwise).
struct Timings {
    start: std::time::Instant,
    on: bool,
}

impl Timings {
    fn new() -> Timings {
        Timings {
            start: std::time::Instant::now(),
            on: std::env::var_os("GAPCHECK_TIMINGS").is_some(),
        }
    }

    fn mark(&self, phase: &str) {
        if self.on {
            eprintln!(
                "gapcheck: timings: {phase} done at {:.3} ms",
                self.start.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    let timings = Timings::new();
    let loaded = load_config(&cli)?;
    let text_opts = TextOptions {
        color: use_color(cli.common.color, cli.output.is_some()),
        explain: cli.explain,
        plan_only: cli.plan_only,
        ..TextOptions::default()
    };
    // Taxonomy paths: from flags as given, from the file relative to the file.
    let taxonomy = cli
        .common
        .taxonomy
        .clone()
        .or_else(|| loaded.config.taxonomy.as_ref().map(|p| loaded.resolve(p)));
    let extend: Vec<PathBuf> = if cli.common.extend.is_empty() {
        loaded
            .config
            .extend
            .iter()
            .map(|p| loaded.resolve(p))
            .collect()
    } else {
        cli.common.extend.clone()
    };
    match &cli.command {
        Some(Command::Roles) => {
            let roles = gapcheck::roles::builtin()?;
            let out = match cli.common.format {
                Format::Json => json_string(&serde_json::json!({
                    "schema_version": report::SCHEMA_VERSION,
                    "roles": roles.iter().map(|r| serde_json::json!({
                        "id": r.id, "name": r.name, "description": r.description,
                    })).collect::<Vec<_>>(),
                }))?,
                _ => roles
                    .iter()
                    .map(|r| format!("{:<18} {} — {}\n", r.id, r.name, r.description))
                    .collect(),
            };
            emit(&out, cli.output.as_deref())?;
            return Ok(0);
        }
        Some(Command::Skills { file }) => {
            let engine = engine(taxonomy.as_deref(), &extend, cli.common.no_cache)?;
            let doc = Document::read_as(file, cli.common.max_bytes, cli.common.input_format)?;
            for w in &doc.warnings {
                eprintln!("gapcheck: warning: {w}");
            }
            let mentions = engine.extract(&doc, !cli.common.no_fuzzy);
            let hits = gapcheck::extract::group(&engine.taxonomy, &mentions);
            let out = match cli.common.format {
                Format::Json => {
                    json_string(&report::skills_json_doc(&engine.taxonomy, &doc.name, &hits))?
                }
                _ => report::skills_text(&engine.taxonomy, &doc.name, &hits, &text_opts),
            };
            emit(&out, cli.output.as_deref())?;
            return Ok(0);
        }
        Some(Command::Init { force }) => {
            let path = Path::new("gapcheck.toml");
            if path.exists() && !force {
                return Err(Failure::Usage(
                    "gapcheck.toml already exists (use --force to overwrite)".into(),
                ));
            }
            std::fs::write(path, config::TEMPLATE).map_err(|e| {
                Failure::Io(anyhow::Error::new(e).context("gapcheck.toml: cannot write"))
            })?;
            eprintln!("gapcheck: wrote gapcheck.toml");
            return Ok(0);
        }
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "gapcheck", &mut buf);
            emit(&String::from_utf8_lossy(&buf), cli.output.as_deref())?;
            return Ok(0);
        }
        Some(Command::Man) => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(|e| {
                    Failure::Io(anyhow::Error::new(e).context("rendering the manual page"))
                })?;
            emit(&String::from_utf8_lossy(&buf), cli.output.as_deref())?;
            return Ok(0);
        }
        Some(Command::Batch {
            resumes,
            jobs,
            as_of,
            top,
        }) => {
            let engine = engine(taxonomy.as_deref(), &extend, cli.common.no_cache)?;
            return batch(&cli, &engine, resumes, jobs, *as_of, *top);
        }
        Some(Command::Taxonomy(TaxonomyCommand::Check { file })) => {
            let src = read_source(file)?;
            let started = std::time::Instant::now();
            let tax = Taxonomy::load(std::slice::from_ref(&src))?;
            let loaded = started.elapsed();
            let engine = Engine::new(tax);
            let compiled = started.elapsed() - loaded;
            let tax = &engine.taxonomy;
            let ambiguous = tax.skills().filter(|s| !s.ambiguous.is_empty()).count();
            let no_steps = tax.skills().filter(|s| s.learn.is_empty()).count();
            let mut out = format!(
                "{}: valid: {} skills, {} spellings, {} with ambiguous spellings, {} without learning steps\n",
                src.name,
                tax.len(),
                tax.spelling_count(),
                ambiguous,
                no_steps
            );
            out.push_str(&format!(
                "load + validate {:.1} ms, matcher compile {:.1} ms\n",
                loaded.as_secs_f64() * 1e3,
                compiled.as_secs_f64() * 1e3
            ));
            for (cat, n) in gapcheck::import::category_counts(tax) {
                out.push_str(&format!("  {cat:<24} {n}\n"));
            }
            emit(&out, cli.output.as_deref())?;
            return Ok(0);
        }
        Some(Command::Taxonomy(TaxonomyCommand::Import {
            from,
            files,
            output,
        })) => {
            if from.len() != files.len() {
                return Err(Failure::Usage(format!(
                    "give one --from for each file ({} --from, {} files)",
                    from.len(),
                    files.len()
                )));
            }
            let mut imp = gapcheck::import::Importer::new();
            for (kind, file) in from.iter().zip(files) {
                let bytes = std::fs::read(file).map_err(|e| {
                    Failure::Lib(Error::Input {
                        path: file.clone(),
                        message: if e.kind() == std::io::ErrorKind::NotFound {
                            "no such file".into()
                        } else {
                            e.to_string()
                        },
                    })
                })?;
                let text = String::from_utf8_lossy(&bytes);
                let format = match kind {
                    ImportKind::Esco => gapcheck::import::ImportFormat::Esco,
                    ImportKind::Onet => gapcheck::import::ImportFormat::Onet,
                    ImportKind::Csv => gapcheck::import::ImportFormat::Csv,
                };
                imp.read(format, &file.display().to_string(), &text)?;
            }
            let (toml, stats) = imp.finish()?;
            emit(&toml, output.as_deref())?;
            eprintln!(
                "gapcheck: imported {} skills, {} spellings ({} marked ambiguous, {} duplicate labels dropped)",
                stats.skills, stats.spellings, stats.ambiguous, stats.dropped_duplicates
            );
            return Ok(0);
        }
        None => {}
    }

    if cli.dump_config {
        let c = effective(&cli, &loaded);
        let text = toml::to_string(&c).map_err(|e| {
            Failure::Io(anyhow::Error::new(e).context("serialising the configuration"))
        })?;
        let origin = match &loaded.path {
            Some(p) => format!("# effective configuration: {} plus flags\n", p.display()),
            None => "# effective configuration: flags only (no configuration file)\n".to_string(),
        };
        emit(&format!("{origin}{text}"), cli.output.as_deref())?;
        return Ok(0);
    }

    // What to compare: flags first, else the configuration file.
    let resume_path = match (&cli.resume, &loaded.config.resume) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => loaded.resolve(p),
        (None, None) => {
            return Err(Failure::Usage(
                "a résumé file is required (or a gapcheck.toml with `resume`)".into(),
            ));
        }
    };
    let (jobs, roles) = if !cli.jobs.is_empty() || !cli.role.is_empty() {
        (config::expand(&cli.jobs, "command line")?, cli.role.clone())
    } else {
        (loaded.job_files()?, loaded.config.roles.clone())
    };
    if jobs.is_empty() && roles.is_empty() {
        return Err(Failure::Usage(
            "give one or more job posting files, or --role ROLE (see `gapcheck roles`)".into(),
        ));
    }
    // The process ends right after the report: freeing the compiled taxonomy would only cost time.
    timings.mark("configuration");
    let engine =
        std::mem::ManuallyDrop::new(engine(taxonomy.as_deref(), &extend, cli.common.no_cache)?);
    timings.mark("taxonomy");
    let origin = loaded
        .path
        .as_ref()
        .map_or("command line".to_string(), |p| p.display().to_string());
    let eff = effective(&cli, &loaded);
    let flag_or_file = |from_flags: bool| {
        if from_flags {
            "command line".to_string()
        } else {
            origin.clone()
        }
    };
    let ignore = config::resolve_skills(
        &engine.taxonomy,
        &eff.ignore,
        "ignore",
        &flag_or_file(!cli.ignore.is_empty()),
    )?
    .into_iter()
    .map(|(id, _)| id)
    .collect();
    let gates = Gates {
        fail_under: eff.fail_under,
        max_required_gaps: eff.max_required_gaps,
        require: config::resolve_skills(
            &engine.taxonomy,
            &eff.require,
            "require",
            &flag_or_file(!cli.require.is_empty()),
        )?,
    };
    let as_of = match cli.as_of {
        Some(a) => a,
        None => loaded.as_of()?.unwrap_or_else(YearMonth::today),
    };
    let opts = CompareOptions {
        as_of,
        fuzzy: !cli.common.no_fuzzy,
        ignore,
    };
    let resume = Document::read_as(&resume_path, cli.common.max_bytes, cli.common.input_format)?;
    timings.mark("reading the résumé");
    let mut analyses: Vec<Analysis> = Vec::new();
    for job_path in &jobs {
        let job = Document::read_as(job_path, cli.common.max_bytes, cli.common.input_format)?;
        analyses.push(engine.compare(&resume, &job, &opts)?);
    }
    timings.mark("comparing");
    if !roles.is_empty() {
        let all = gapcheck::roles::builtin()?;
        for role_id in &roles {
            let Some(role) = all.iter().find(|r| &r.id == role_id) else {
                let known: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "unknown role '{role_id}'; known roles: {}",
                    known.join(", ")
                )));
            };
            analyses.push(engine.compare_role(&resume, role, &opts)?);
        }
    }
    let failures = gates.check(&engine.taxonomy, &analyses);
    let gates_set = !gates.is_empty();
    let tax = &engine.taxonomy;
    let out = match cli.common.format {
        Format::Json => {
            let g = report::gates_json(&failures, gates_set);
            if analyses.len() == 1 {
                let mut v = report::json(tax, &analyses[0]);
                v["gates"] = g;
                json_string(&v)?
            } else {
                json_string(&report::json_multi(tax, &analyses, &g))?
            }
        }
        Format::Text => {
            let mut s = String::new();
            for (i, a) in analyses.iter().enumerate() {
                if i > 0 {
                    s.push_str(&format!("\n{}\n", "─".repeat(usize::from(text_opts.width))));
                }
                s.push_str(&report::text(tax, a, &text_opts));
            }
            if analyses.len() > 1 && !text_opts.plan_only {
                s.push_str(&report::summary_text(&analyses, &text_opts));
            }
            s.push_str(&report::gates_text(&failures, gates_set, &text_opts));
            s
        }
        Format::Markdown => report::markdown_all(tax, &analyses, &failures, gates_set),
        Format::Github => report::github(tax, &analyses, &failures),
        Format::Junit => report::junit(tax, &analyses, &failures, gates_set),
    };
    if cli.common.format != Format::Text {
        for a in &analyses {
            for w in &a.warnings {
                eprintln!("gapcheck: warning: {w}");
            }
        }
    }
    timings.mark("rendering");
    emit(&out, cli.output.as_deref())?;
    timings.mark("writing");
    if !failures.is_empty() {
        for f in &failures {
            let at = f.at();
            eprintln!("gapcheck: gate {} failed{at}: {}", f.gate, f.message);
        }
        return Ok(EXIT_GATE);
    }
    Ok(0)
}
