//! Error values of the library. The binary maps each kind to an exit code.

use std::path::PathBuf;

/// Everything that can go wrong inside the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A document (résumé or posting) could not be read or is unusable.
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    /// A taxonomy file is malformed or inconsistent.
    #[error("{source_name}: {message}")]
    Taxonomy {
        source_name: String,
        message: String,
    },
    /// A configuration file or value is malformed.
    #[error("{source_name}: {message}")]
    Config {
        source_name: String,
        message: String,
    },
}

impl Error {
    pub(crate) fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn taxonomy(source_name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Taxonomy {
            source_name: source_name.into(),
            message: message.into(),
        }
    }

    pub(crate) fn config(source_name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Config {
            source_name: source_name.into(),
            message: message.into(),
        }
    }

    /// The process exit code for this error (see README, "Exit codes").
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } => 1,
            Error::Taxonomy { .. } | Error::Config { .. } => 78,
        }
    }
}

/// Result alias for the library.
pub type Result<T> = std::result::Result<T, Error>;

/// Turns a TOML parse error into "line L, column C: message" (1-based).
pub(crate) fn describe_toml_error(text: &str, err: &toml::de::Error) -> String {
    let msg = err.message().trim().to_string();
    match err.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}
