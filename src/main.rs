//! The gapcheck command line: argument parsing, wiring and exit codes. Logic lives in the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gapcheck::report::{self, TextOptions};
use gapcheck::taxonomy::Source;
use gapcheck::{CompareOptions, Document, Engine, Error, Taxonomy, YearMonth};

/// Exit code for a usage error (BSD EX_USAGE).
const EXIT_USAGE: u8 = 64;
/// Exit code for an input or runtime error.
const EXIT_INPUT: u8 = 1;

#[derive(Parser, Debug)]
#[command(
    name = "gapcheck",
    version,
    about = "Compare a résumé with a job posting: matched skills, gaps and a learning plan.",
    long_about = "Compare a résumé with a job posting: matched skills, gaps and a learning plan.\n\n\
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
    /// The job posting (plain text). Omit it when using --role.
    job: Option<PathBuf>,

    /// Check against a built-in role profile instead of a posting (see `gapcheck roles`).
    #[arg(long, value_name = "ROLE", conflicts_with = "job")]
    role: Option<String>,

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
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    Text,
    Json,
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

/// An error at the binary edge: a library error or a usage problem found after parsing.
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
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => EXIT_USAGE,
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
            eprintln!("Usage: gapcheck [OPTIONS] <RESUME> <JOB>  (see gapcheck --help)");
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

fn engine(common: &Common) -> Result<Engine, Failure> {
    let mut sources = vec![match &common.taxonomy {
        Some(p) => read_source(p)?,
        None => Source::builtin(),
    }];
    for p in &common.extend {
        sources.push(read_source(p)?);
    }
    Ok(Engine::new(Taxonomy::load(&sources)?))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn emit(s: &str) -> Result<(), Failure> {
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

fn run(cli: Cli) -> Result<u8, Failure> {
    let text_opts = TextOptions {
        color: use_color(cli.common.color),
        explain: cli.explain,
        plan_only: cli.plan_only,
        ..TextOptions::default()
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
                Format::Text => roles
                    .iter()
                    .map(|r| format!("{:<18} {} — {}\n", r.id, r.name, r.description))
                    .collect(),
            };
            emit(&out)?;
            return Ok(0);
        }
        Some(Command::Skills { file }) => {
            let engine = engine(&cli.common)?;
            let doc = Document::read(file, gapcheck::input::DEFAULT_MAX_BYTES)?;
            for w in &doc.warnings {
                eprintln!("gapcheck: warning: {w}");
            }
            let mentions = engine.extract(&doc, !cli.common.no_fuzzy);
            let hits = gapcheck::extract::group(&engine.taxonomy, &mentions);
            let out = match cli.common.format {
                Format::Json => {
                    json_string(&report::skills_json_doc(&engine.taxonomy, &doc.name, &hits))?
                }
                Format::Text => report::skills_text(&engine.taxonomy, &doc.name, &hits, &text_opts),
            };
            emit(&out)?;
            return Ok(0);
        }
        None => {}
    }
    let Some(resume_path) = &cli.resume else {
        return Err(Failure::Usage("a résumé file is required".into()));
    };
    if cli.job.is_none() && cli.role.is_none() {
        return Err(Failure::Usage(
            "give a job posting file, or --role ROLE (see `gapcheck roles`)".into(),
        ));
    }
    let engine = engine(&cli.common)?;
    let opts = CompareOptions {
        as_of: cli.as_of.unwrap_or_else(YearMonth::today),
        fuzzy: !cli.common.no_fuzzy,
    };
    let resume = Document::read(resume_path, gapcheck::input::DEFAULT_MAX_BYTES)?;
    let analysis = match (&cli.job, &cli.role) {
        (Some(job_path), _) => {
            let job = Document::read(job_path, gapcheck::input::DEFAULT_MAX_BYTES)?;
            engine.compare(&resume, &job, &opts)?
        }
        (None, Some(role_id)) => {
            let roles = gapcheck::roles::builtin()?;
            let Some(role) = roles.iter().find(|r| &r.id == role_id) else {
                let known: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "unknown role '{role_id}'; known roles: {}",
                    known.join(", ")
                )));
            };
            engine.compare_role(&resume, role, &opts)?
        }
        (None, None) => unreachable!("checked above"),
    };
    let out = match cli.common.format {
        Format::Json => json_string(&report::json(&engine.taxonomy, &analysis))?,
        Format::Text => report::text(&engine.taxonomy, &analysis, &text_opts),
    };
    if cli.common.format == Format::Text {
        for w in &analysis.warnings {
            let _ = w; // shown inside the text report
        }
    } else {
        for w in &analysis.warnings {
            eprintln!("gapcheck: warning: {w}");
        }
    }
    emit(&out)?;
    Ok(0)
}
