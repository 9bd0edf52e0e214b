//! The one record type every stage works on.
//!
//! A `Posting` is what the readers produce and what the classifier, the index and the audit
//! consume. Title and body are kept apart because the title is strong evidence that some uses
//! (title audits, honest evaluation) must be able to ignore.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// A job posting, as read from any input format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Posting {
    /// The posting's id from the input, or one derived from its content (see [`Posting::content_id`]).
    pub id: String,
    /// The job title as posted (may be empty).
    pub title: String,
    /// The company, when the input has one.
    pub company: Option<String>,
    /// The location, when the input has one.
    pub location: Option<String>,
    /// The description: plain text or HTML.
    pub body: String,
    /// Input fields rolesift does not use, in input order, kept for output on request.
    pub extra: Map<String, Value>,
    /// Where the posting came from: file path (or `-`) and 1-based line.
    pub source: SourceRef,
}

/// The place in the input a record came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRef {
    /// The input path as given (`-` for standard input).
    pub path: String,
    /// The 1-based line the record starts on.
    pub line: u64,
}

/// A posting whose description is empty or blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("empty description")]
pub struct EmptyDescription;

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

impl Posting {
    /// Creates a posting from a title and a body, with a content-derived id.
    pub fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        let mut posting = Posting {
            title: title.into(),
            body: body.into(),
            ..Posting::default()
        };
        posting.id = posting.content_id();
        posting
    }

    /// A posting from its parts, normalised exactly as the readers normalise a record: the
    /// title and id trimmed, a blank id replaced by the content id, and a blank description
    /// refused (there is nothing to classify). The Python bindings build postings here, so
    /// they give the CLI's answers.
    pub fn from_parts(
        id: Option<&str>,
        title: &str,
        body: impl Into<String>,
    ) -> Result<Posting, EmptyDescription> {
        let body = body.into();
        if body.trim().is_empty() {
            return Err(EmptyDescription);
        }
        let mut posting = Posting {
            title: title.trim().to_string(),
            body,
            ..Posting::default()
        };
        posting.id = match id.map(str::trim).filter(|i| !i.is_empty()) {
            Some(id) => id.to_string(),
            None => posting.content_id(),
        };
        Ok(posting)
    }

    /// A stable id from the title and body, for inputs that carry none.
    ///
    /// Derived from content rather than position so that re-reading the same posting from a
    /// moved or reordered file gives the same id (the index upserts on it).
    pub fn content_id(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.title.trim().as_bytes());
        hasher.update([0u8]);
        hasher.update(self.body.trim().as_bytes());
        let digest = hasher.finalize();
        let mut id = String::with_capacity(20);
        id.push_str("sha-");
        for byte in &digest[..8] {
            id.push_str(&format!("{byte:02x}"));
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_is_stable_and_ignores_surrounding_whitespace() {
        let a = Posting::new("Product Owner", "Own the backlog.");
        let b = Posting::new(" Product Owner ", "Own the backlog.\n");
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("sha-") && a.id.len() == 20);
        assert_ne!(a.id, Posting::new("Product Manager", "Own the backlog.").id);
    }
}
