//! Records and their fields: what the reader yields, what is wrong with a bad one, and a JSON
//! object or CSV row turned into a [`Posting`] under the field-name aliases.
//!
//! Kept apart from the reader because a record is parsed apart from its input: a JSONL line on
//! any thread ([`RawRecord::into_posting`]), a CSV row as it is read; either needs only its
//! fields and where they came from.

use crate::posting::{Posting, SourceRef};
use serde_json::{Map, Value};
use std::fmt;

/// Field names accepted for the title, in order of preference.
pub const TITLE_FIELDS: &[&str] = &[
    "title",
    "job_title",
    "position",
    "jobtitle",
    "position_title",
];
/// Field names accepted for the description.
pub const BODY_FIELDS: &[&str] = &["description", "body", "text", "job_description", "content"];
/// Field names accepted for the id.
pub const ID_FIELDS: &[&str] = &["id", "job_id", "posting_id"];
/// Field names accepted for the company.
pub const COMPANY_FIELDS: &[&str] = &["company", "company_name", "employer"];
/// Field names accepted for the location.
pub const LOCATION_FIELDS: &[&str] = &["location", "job_location", "city"];

/// A record that could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RecordError {
    /// The input path (`-` for stdin).
    pub path: String,
    /// The 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            // A problem with a whole input, not one record of it.
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{}:{}: {}", self.path, self.line, self.message)
        }
    }
}

impl RecordError {
    /// A problem with a whole input (line 0): it is skipped like a bad record.
    pub fn whole_input(path: impl Into<String>, message: impl Into<String>) -> Self {
        RecordError {
            path: path.into(),
            line: 0,
            message: message.into(),
        }
    }

    pub(super) fn at(source: &SourceRef, message: impl Into<String>) -> Self {
        RecordError {
            path: source.path.clone(),
            line: source.line,
            message: message.into(),
        }
    }
}

/// A record read but not yet parsed.
#[derive(Debug)]
pub enum RawRecord {
    /// A JSONL line's bytes.
    Json {
        /// Where it came from.
        source: SourceRef,
        /// The line, without its newline.
        bytes: Vec<u8>,
    },
    /// A record already turned into a posting (CSV rows, text files).
    Ready(Box<Posting>),
    /// A record already known to be bad.
    Invalid(RecordError),
}

impl RawRecord {
    /// Roughly how many bytes of input this record holds (for chunking and progress).
    pub fn size(&self) -> usize {
        match self {
            RawRecord::Json { bytes, .. } => bytes.len() + 1,
            RawRecord::Ready(p) => p.title.len() + p.body.len() + 1,
            RawRecord::Invalid(_) => 1,
        }
    }

    /// Parses the record into a posting.
    pub fn into_posting(self) -> std::result::Result<Posting, RecordError> {
        match self {
            RawRecord::Ready(posting) => Ok(*posting),
            RawRecord::Invalid(error) => Err(error),
            RawRecord::Json { source, bytes } => parse_json_line(source, &bytes),
        }
    }
}

fn parse_json_line(source: SourceRef, bytes: &[u8]) -> std::result::Result<Posting, RecordError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        RecordError::at(
            &source,
            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
        )
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        RecordError::at(
            &source,
            format!(
                "invalid JSON at column {}: {}",
                e.column(),
                json_error_text(&e)
            ),
        )
    })?;
    let Value::Object(map) = value else {
        return Err(RecordError::at(&source, "expected a JSON object"));
    };
    posting_from_fields(source, map)
}

/// serde_json's message without its trailing "at line 1 column N".
pub(super) fn json_error_text(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Builds a posting from named fields (JSON object or CSV row), applying the aliases.
pub(super) fn posting_from_fields(
    source: SourceRef,
    mut map: Map<String, Value>,
) -> std::result::Result<Posting, RecordError> {
    let mut take =
        |names: &[&str], what: &str| -> std::result::Result<Option<String>, RecordError> {
            for name in names {
                let Some(key) = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned() else {
                    continue;
                };
                return match map.shift_remove(&key) {
                    Some(Value::String(s)) => Ok(Some(s)),
                    Some(Value::Number(n)) => Ok(Some(n.to_string())),
                    Some(Value::Null) | None => Ok(None),
                    Some(_) => Err(RecordError::at(
                        &source,
                        format!("field {key:?} ({what}) must be a string"),
                    )),
                };
            }
            Ok(None)
        };
    let id = take(ID_FIELDS, "id")?;
    let title = take(TITLE_FIELDS, "title")?.unwrap_or_default();
    let body = take(BODY_FIELDS, "description")?;
    let company = take(COMPANY_FIELDS, "company")?;
    let location = take(LOCATION_FIELDS, "location")?;
    let Some(body) = body else {
        return Err(RecordError::at(
            &source,
            format!(
                "no description field (expected one of {})",
                BODY_FIELDS.join(", ")
            ),
        ));
    };
    let mut posting = Posting::from_parts(id.as_deref(), &title, body)
        .map_err(|e| RecordError::at(&source, e.to_string()))?;
    posting.company = company.filter(|c| !c.trim().is_empty());
    posting.location = location.filter(|l| !l.trim().is_empty());
    posting.extra = map;
    posting.source = source;
    Ok(posting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::tests::read_str;

    #[test]
    fn jsonl_aliases_and_bad_lines() {
        let data = b"{\"job_id\": 7, \"job_title\": \"PO\", \"job_description\": \"Own it\", \"team\": \"x\"}\n\
            not json\n\
            \n\
            {\"title\": \"t\", \"text\": \"  \"}\n\
            {\"title\": \"t\"}\n\
            {\"title\": \"t\", \"body\": \"ok \xff\"}\n\
            [1]\n\
            {\"position\": \"PM\", \"description\": \"Roadmap\"}";
        let (postings, errors) = read_str("jsonl", data);
        assert_eq!(postings.len(), 2);
        assert_eq!(postings[0].id, "7");
        assert_eq!(postings[0].title, "PO");
        assert_eq!(postings[0].extra.get("team"), Some(&Value::from("x")));
        assert!(postings[1].id.starts_with("sha-"));
        assert_eq!(postings[1].source.line, 8);
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors[0].starts_with("2: invalid JSON"), "{errors:?}");
        assert_eq!(errors[1], "4: empty description");
        assert!(errors[2].starts_with("5: no description field"));
        assert!(errors[3].starts_with("6: invalid UTF-8"));
        assert_eq!(errors[4], "7: expected a JSON object");
    }

    #[test]
    fn ids_keep_their_exact_source_text() {
        let (postings, errors) = read_str(
            "jsonl",
            b"{\"id\": 123456789012345678901234, \"description\": \"x\"}\n\
              {\"id\": 123456789012345678901235, \"description\": \"x\"}\n\
              {\"id\": 1.50, \"description\": \"x\"}\n\
              {\"id\": \"  padded  \", \"description\": \"x\"}\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = postings.iter().map(|p| p.id.as_str()).collect();
        // Surrounding whitespace is not part of an id (README: ids).
        assert_eq!(
            ids,
            [
                "123456789012345678901234",
                "123456789012345678901235",
                "1.50",
                "padded"
            ]
        );
    }
}
