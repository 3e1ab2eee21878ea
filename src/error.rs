//! Tool failures: nifcheck could not do its job (exit code 2). Findings are never errors.

use std::path::PathBuf;

use miette::{Diagnostic, LabeledSpan, NamedSource};

/// Why nifcheck could not do its job.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", shown(path))]
    #[diagnostic(code(nifcheck::io))]
    Read {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        source: std::sync::Arc<std::io::Error>,
    },

    /// An output file could not be written.
    #[error("cannot write {}: {source}", shown(path))]
    #[diagnostic(code(nifcheck::io))]
    Write {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        source: std::sync::Arc<std::io::Error>,
    },

    /// The command line asks for something that cannot be done.
    #[error("{message}")]
    #[diagnostic(code(nifcheck::usage))]
    Usage {
        /// What is wrong.
        message: String,
        /// How to ask instead.
        #[help]
        help: Option<String>,
    },

    /// A framework file (manifest, schema, code list) is broken at a known place.
    #[error(transparent)]
    #[diagnostic(transparent)]
    FrameworkFile(Box<FileProblem>),

    /// A schema names a document nifcheck will not read: outside its package, remote, or absolute.
    /// Its place is the location as written, so a report can point at it.
    #[error(transparent)]
    #[diagnostic(transparent)]
    LocationRefused(Box<FileProblem>),

    /// Something could not be fetched.
    #[error("cannot fetch {url}: {reason}")]
    #[diagnostic(code(nifcheck::remote))]
    Remote {
        /// What was asked for.
        url: String,
        /// Why it failed.
        reason: String,
        /// What to do.
        #[help]
        help: Option<String>,
    },

    /// The framework is broken in a way that has no single place (a missing file, a bad reference).
    #[error("{message}")]
    #[diagnostic(code(nifcheck::framework))]
    Framework {
        /// What is wrong.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },
}

impl Error {
    /// A read failure of `path`.
    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source: std::sync::Arc::new(source),
        }
    }

    /// A write failure of `path`.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source: std::sync::Arc::new(source),
        }
    }

    /// A usage error with a hint.
    pub fn usage(message: impl Into<String>, help: impl Into<Option<String>>) -> Self {
        Error::Usage {
            message: message.into(),
            help: help.into(),
        }
    }

    /// A framework error with no single place.
    pub fn framework(message: impl Into<String>, help: impl Into<Option<String>>) -> Self {
        Error::Framework {
            message: message.into(),
            help: help.into(),
        }
    }

    /// A framework error at a byte range of a file's text.
    pub fn at(
        name: &str,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        Self::at_many(name, text, vec![(span, label.into())], message, help)
    }

    /// A refused schema location at a byte range of the schema's text.
    pub fn refused_at(
        name: &str,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        match Self::at(name, text, span, message, label, help) {
            Error::FrameworkFile(problem) => Error::LocationRefused(problem),
            other => other,
        }
    }

    /// A framework error at several places of one file.
    pub fn at_many(
        name: &str,
        text: &str,
        places: Vec<(std::ops::Range<usize>, String)>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let labels = places
            .into_iter()
            .map(|(span, label)| {
                let start = span.start.min(text.len());
                let len = span.end.min(text.len()).saturating_sub(start);
                LabeledSpan::new(Some(label), start, len)
            })
            .collect();
        Error::FrameworkFile(Box::new(FileProblem {
            message: message.into(),
            src: NamedSource::new(name, text.to_string()),
            labels,
            help,
        }))
    }
}

impl FileProblem {
    /// The file and the 1-based line and column of the first place, for reports that give a
    /// finding in place of the message.
    pub fn place(&self) -> (&str, usize, usize) {
        let text = self.src.inner();
        let offset = self.labels.first().map_or(0, LabeledSpan::offset);
        let (line, column) = crate::source::LineIndex::new(text).line_col(text, offset);
        (self.src.name(), line, column)
    }
}

/// A problem at known places of one file, shown with its source.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(nifcheck::framework))]
pub struct FileProblem {
    /// What is wrong.
    pub message: String,
    /// The file, with its text.
    #[source_code]
    pub src: NamedSource<String>,
    /// The places in it, each with what is wrong there.
    #[label(collection)]
    pub labels: Vec<LabeledSpan>,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

/// A path as an error shows it: control characters escaped, so a file name cannot write to the
/// terminal or start a CI workflow command.
fn shown(path: &std::path::Path) -> String {
    crate::source::printable::control(&path.display().to_string()).into_owned()
}

/// The result of anything that can fail as a tool.
pub type Result<T, E = Error> = std::result::Result<T, E>;
