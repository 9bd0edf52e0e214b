//! The library's error type.
//!
//! Every variant says *where* something went wrong (a file, a line, a lexicon entry), because
//! the people who see these messages are fixing an input file, not reading a backtrace. The
//! binary adds its own context with `anyhow` and prints the chain with `{:#}`.

use std::path::PathBuf;

/// A specialised `Result` for rolesift's library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error while reading or writing a named file.
    ///
    /// The cause is part of the message and not also the error's `source`, so a chain printed
    /// with `{:#}` says it once.
    #[error("{}: {}", path.display(), io_message(cause))]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },

    /// An I/O error on a stream with no file name (stdout, a pipe).
    #[error(transparent)]
    Stream(#[from] std::io::Error),

    /// A lexicon (corpus) file that cannot be used.
    #[error("{}: {message}", path.display())]
    Lexicon {
        /// The lexicon file.
        path: PathBuf,
        /// What is wrong, naming the entry where there is one.
        message: String,
    },

    /// A model file that cannot be used.
    #[error("{origin}: {message}")]
    Model {
        /// Where the model came from (a path, or `embedded default model`).
        origin: String,
        /// What is wrong.
        message: String,
    },

    /// A record of an input batch that cannot be read, in `--strict` mode.
    #[error("{0}")]
    Record(crate::read::RecordError),

    /// An input that is not usable as a whole (unknown format, not found, …).
    #[error("{}: {message}", path.display())]
    Input {
        /// The input path (or `-` for standard input).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },

    /// An error from the search index.
    #[error("index: {0}")]
    Index(String),

    /// An error from tantivy, the search engine under the index.
    #[cfg(feature = "index")]
    #[error("index {}: {cause}", path.display())]
    Tantivy {
        /// The index directory.
        path: PathBuf,
        /// The underlying error.
        cause: tantivy::TantivyError,
    },

    /// The index's files are damaged (a checksum, a decompression or a decoding failed, or
    /// the engine gave up on them).
    #[error(
        "the index {} is damaged ({detail}); rebuild it: remove the directory and run \
         `rolesift index add` again",
        path.display()
    )]
    IndexDamaged {
        /// The index directory.
        path: PathBuf,
        /// What failed, in a few words.
        detail: String,
    },

    /// The user may read the index but not write it.
    #[error(
        "{}: cannot write this index (permission denied); searching it needs no write \
         permission, adding to it does",
        path.display()
    )]
    IndexNotWritable {
        /// The index directory.
        path: PathBuf,
    },

    /// Another process holds the index's writer lock.
    #[error(
        "{}: the index is being written by another process (an `index add` or `index reclassify` \
         still running); wait for it to finish and try again",
        path.display()
    )]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },

    /// The path exists but is not a rolesift index.
    #[error("{}: {message}", path.display())]
    NotAnIndex {
        /// The path given as the index.
        path: PathBuf,
        /// What was found there and what to do.
        message: String,
    },

    /// A rolesift index this build cannot read.
    #[error("{}: {message}", path.display())]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// Which versions differ and what to do.
        message: String,
    },

    /// A search query that cannot be run.
    #[error("query {query:?}: {message}")]
    Query {
        /// The query as given.
        query: String,
        /// What is wrong with it.
        message: String,
    },

    /// The user interrupted the work (Ctrl-C).
    #[error("interrupted")]
    Interrupted,

    /// Invalid options given to a library function.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }

    /// True when this error is a closed output pipe (`rolesift … | head`), which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io { cause: source, .. } | Error::Stream(source) => {
                source.kind() == std::io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }
}

impl From<crate::read::RecordError> for Error {
    fn from(error: crate::read::RecordError) -> Self {
        Error::Record(error)
    }
}

/// An I/O error's message without the "(os error N)" that repeats it in numbers.
pub(crate) fn io_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// What a panic said (its payload is a `&str` or a `String` when it said anything).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}
