//! Readers: JSONL, CSV with a header, plain-text files, directories of those, and stdin.
//!
//! Reading is split in two so the batch driver can parallelise the expensive half: the
//! [`RecordReader`] walks the inputs sequentially and yields [`RawRecord`]s (a JSONL line's
//! bytes, an already-split CSV row, a text file), and [`RawRecord::into_posting`] turns one
//! into a [`Posting`] on any thread. Every problem with a record is a [`RecordError`] naming
//! `file:line`; only problems with a whole input (missing file, unreadable stream, CSV without
//! a description column) are fatal.

pub mod lines;

use crate::error::{Error, Result};
use crate::posting::{Posting, SourceRef};
use lines::{read_bounded_line, BoundedLine};
use serde_json::{Map, Value};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

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

/// Default bound on one record's size: real postings are under 100 KB; anything past this is
/// a broken export, and refusing it keeps memory bounded.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension, or by sniffing the content (stdin, unknown extensions).
    #[default]
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// One posting per file: first line the title, the rest the body.
    Text,
}

/// Options for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The format of every input (`Auto` decides per input).
    pub format: InputFormat,
    /// Records larger than this are reported and skipped.
    pub max_record_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

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
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl RecordError {
    fn at(source: &SourceRef, message: impl Into<String>) -> Self {
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
fn json_error_text(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Builds a posting from named fields (JSON object or CSV row), applying the aliases.
fn posting_from_fields(
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
    if body.trim().is_empty() {
        return Err(RecordError::at(&source, "empty description"));
    }
    let mut posting = Posting {
        id: String::new(),
        title: title.trim().to_string(),
        company: company.filter(|c| !c.trim().is_empty()),
        location: location.filter(|l| !l.trim().is_empty()),
        body,
        extra: map,
        source,
    };
    posting.id = match id.map(|i| i.trim().to_string()).filter(|i| !i.is_empty()) {
        Some(id) => id,
        None => posting.content_id(),
    };
    Ok(posting)
}

/// One input after expansion: a path (or stdin) and its resolved format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path, or `-` for stdin.
    pub path: PathBuf,
    /// The format (`Auto` means: sniff the content).
    pub format: InputFormat,
}

impl Input {
    /// True for standard input.
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// Expands directories (recursively, sorted, known extensions only) and resolves formats.
pub fn expand_inputs(paths: &[PathBuf], format: InputFormat) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                path: path.clone(),
                format,
            });
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk_dir(path, format, &mut inputs)?;
        } else {
            let format = match format {
                InputFormat::Auto => format_from_extension(path).unwrap_or(InputFormat::Auto),
                explicit => explicit,
            };
            inputs.push(Input {
                path: path.clone(),
                format,
            });
        }
    }
    Ok(inputs)
}

fn walk_dir(dir: &Path, format: InputFormat, inputs: &mut Vec<Input>) -> Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk_dir(&path, format, inputs)?;
        } else if let Some(by_ext) = format_from_extension(&path) {
            let format = if format == InputFormat::Auto {
                by_ext
            } else {
                format
            };
            inputs.push(Input { path, format });
        }
    }
    Ok(())
}

/// The format an extension implies, if it is one we know.
pub fn format_from_extension(path: &Path) -> Option<InputFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
        "csv" => Some(InputFormat::Csv),
        "txt" | "text" | "html" | "htm" => Some(InputFormat::Text),
        _ => None,
    }
}

type DynBufRead = Box<dyn BufRead + Send>;

/// Reads records from a list of inputs, one after the other.
pub struct RecordReader {
    inputs: std::vec::IntoIter<Input>,
    options: ReadOptions,
    current: Option<Source>,
    /// Bytes of input consumed so far (for progress).
    bytes_read: u64,
}

enum Source {
    Jsonl {
        name: String,
        reader: DynBufRead,
        line: u64,
        buf: Vec<u8>,
    },
    Csv {
        name: String,
        reader: Box<csv::Reader<DynBufRead>>,
        headers: Vec<String>,
        record: csv::ByteRecord,
    },
    Done,
}

impl RecordReader {
    /// A reader over `inputs`.
    pub fn new(inputs: Vec<Input>, options: ReadOptions) -> Self {
        RecordReader {
            inputs: inputs.into_iter(),
            options,
            current: None,
            bytes_read: 0,
        }
    }

    /// Bytes of input consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn open(&mut self, input: Input) -> Result<Option<RawRecord>> {
        let name = input.path.display().to_string();
        let mut reader: DynBufRead = if input.is_stdin() {
            Box::new(BufReader::with_capacity(256 * 1024, io::stdin()))
        } else {
            let file = File::open(&input.path).map_err(|e| Error::io(&input.path, e))?;
            Box::new(BufReader::with_capacity(256 * 1024, file))
        };
        let format = match input.format {
            InputFormat::Auto => sniff(&mut reader).map_err(|e| Error::io(&input.path, e))?,
            known => known,
        };
        match format {
            InputFormat::Jsonl | InputFormat::Auto => {
                self.current = Some(Source::Jsonl {
                    name,
                    reader,
                    line: 0,
                    buf: Vec::new(),
                });
                Ok(None)
            }
            InputFormat::Csv => {
                let mut csv_reader = csv::ReaderBuilder::new()
                    .flexible(false)
                    .from_reader(reader);
                let headers = csv_reader
                    .byte_headers()
                    .map_err(|e| Error::Input {
                        path: input.path.clone(),
                        message: format!("cannot read the CSV header: {e}"),
                    })?
                    .iter()
                    .map(|h| {
                        String::from_utf8_lossy(h)
                            .trim()
                            .trim_start_matches('\u{feff}')
                            .to_string()
                    })
                    .collect::<Vec<_>>();
                let has_body = headers
                    .iter()
                    .any(|h| BODY_FIELDS.iter().any(|b| h.eq_ignore_ascii_case(b)));
                if !has_body {
                    return Err(Error::Input {
                        path: input.path.clone(),
                        message: format!(
                            "the CSV header has no description column (expected one of {})",
                            BODY_FIELDS.join(", ")
                        ),
                    });
                }
                self.current = Some(Source::Csv {
                    name,
                    reader: Box::new(csv_reader),
                    headers,
                    record: csv::ByteRecord::new(),
                });
                Ok(None)
            }
            InputFormat::Text => {
                self.current = Some(Source::Done);
                Ok(Some(self.read_text(&name, reader)?))
            }
        }
    }

    fn read_text(&mut self, name: &str, reader: DynBufRead) -> Result<RawRecord> {
        let max = self.options.max_record_bytes;
        let mut bytes = Vec::new();
        let read = reader
            .take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(name, e))?;
        self.bytes_read += read as u64;
        let source = SourceRef {
            path: name.to_string(),
            line: 1,
        };
        if read > max {
            return Ok(RawRecord::Invalid(RecordError::at(
                &source,
                format!("posting is larger than the limit of {max} bytes (--max-record-bytes)"),
            )));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                return Ok(RawRecord::Invalid(RecordError {
                    path: name.to_string(),
                    line,
                    message: "invalid UTF-8".to_string(),
                }));
            }
        };
        let text = text.trim_start_matches('\u{feff}');
        let trimmed = text.trim_start();
        let skipped_lines = text[..text.len() - trimmed.len()].matches('\n').count() as u64;
        let (title, body) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
        let source = SourceRef {
            path: name.to_string(),
            line: 1 + skipped_lines,
        };
        if body.trim().is_empty() {
            return Ok(RawRecord::Invalid(RecordError::at(
                &source,
                "empty description (a text posting is its title on the first line, then the description)",
            )));
        }
        let mut posting = Posting {
            title: title.trim().to_string(),
            body: body.to_string(),
            source,
            ..Posting::default()
        };
        posting.id = posting.content_id();
        Ok(RawRecord::Ready(Box::new(posting)))
    }

    fn next_from_current(&mut self) -> Result<Option<RawRecord>> {
        let max = self.options.max_record_bytes;
        match self.current.as_mut() {
            None | Some(Source::Done) => Ok(None),
            Some(Source::Jsonl {
                name,
                reader,
                line,
                buf,
            }) => loop {
                let Some(read) =
                    read_bounded_line(reader, buf, max).map_err(|e| Error::io(&*name, e))?
                else {
                    return Ok(None);
                };
                *line += 1;
                let source = SourceRef {
                    path: name.clone(),
                    line: *line,
                };
                match read {
                    BoundedLine::TooLong(len) => {
                        self.bytes_read += len as u64 + 1;
                        return Ok(Some(RawRecord::Invalid(RecordError::at(
                            &source,
                            format!("record is {len} bytes, over the limit of {max} bytes (--max-record-bytes)"),
                        ))));
                    }
                    BoundedLine::Line => {
                        self.bytes_read += buf.len() as u64 + 1;
                        if buf.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        return Ok(Some(RawRecord::Json {
                            source,
                            // An exact-size copy: the line buffer keeps its capacity.
                            bytes: buf.as_slice().to_vec(),
                        }));
                    }
                }
            },
            Some(Source::Csv {
                name,
                reader,
                headers,
                record,
            }) => {
                let result = reader.read_byte_record(record);
                let line = reader.position().line();
                let source = SourceRef {
                    path: name.clone(),
                    line: record.position().map_or(line, |p| p.line()),
                };
                match result {
                    Ok(false) => Ok(None),
                    Ok(true) => {
                        let size = record.as_slice().len() as u64 + record.len() as u64;
                        self.bytes_read += size;
                        if size as usize > max {
                            return Ok(Some(RawRecord::Invalid(RecordError::at(
                                &source,
                                format!("record is {size} bytes, over the limit of {max} bytes (--max-record-bytes)"),
                            ))));
                        }
                        Ok(Some(csv_record(source, headers, record)))
                    }
                    Err(e) => match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            pos,
                            expected_len,
                            len,
                        } => {
                            let source = SourceRef {
                                path: name.clone(),
                                line: pos.as_ref().map_or(line, |p| p.line()),
                            };
                            Ok(Some(RawRecord::Invalid(RecordError::at(
                                &source,
                                format!("expected {expected_len} fields (as in the header), found {len}"),
                            ))))
                        }
                        csv::ErrorKind::Io(_) => Err(Error::Input {
                            path: PathBuf::from(&*name),
                            message: e.to_string(),
                        }),
                        _ => Ok(Some(RawRecord::Invalid(RecordError::at(
                            &source,
                            e.to_string(),
                        )))),
                    },
                }
            }
        }
    }
}

fn csv_record(source: SourceRef, headers: &[String], record: &csv::ByteRecord) -> RawRecord {
    let mut map = Map::new();
    for (header, field) in headers.iter().zip(record.iter()) {
        match std::str::from_utf8(field) {
            Ok(text) => {
                map.insert(header.clone(), Value::String(text.to_string()));
            }
            Err(e) => {
                return RawRecord::Invalid(RecordError::at(
                    &source,
                    format!(
                        "invalid UTF-8 in column {header:?} at byte {}",
                        e.valid_up_to()
                    ),
                ))
            }
        }
    }
    match posting_from_fields(source, map) {
        Ok(posting) => RawRecord::Ready(Box::new(posting)),
        Err(e) => RawRecord::Invalid(e),
    }
}

/// Decides the format of a stream from its first bytes: `{` → JSONL; a first line with a
/// comma → CSV; anything else → one text posting.
fn sniff(reader: &mut DynBufRead) -> io::Result<InputFormat> {
    let head = reader.fill_buf()?;
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    Ok(match first {
        Some(b'{') => InputFormat::Jsonl,
        Some(_) => {
            let line_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
            let first_line = String::from_utf8_lossy(&head[..line_end]).to_ascii_lowercase();
            let looks_csv =
                first_line.contains(',') && BODY_FIELDS.iter().any(|f| first_line.contains(f));
            if looks_csv {
                InputFormat::Csv
            } else {
                InputFormat::Text
            }
        }
        None => InputFormat::Jsonl,
    })
}

impl Iterator for RecordReader {
    type Item = Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_from_current() {
                Ok(Some(record)) => return Some(Ok(record)),
                Ok(None) => {}
                Err(e) => {
                    self.current = None;
                    return Some(Err(e));
                }
            }
            let input = self.inputs.next()?;
            match self.open(input) {
                Ok(Some(record)) => return Some(Ok(record)),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Reads every record of `inputs` into postings, for callers that want them all at once
/// (small labelled sets); bad records are returned alongside.
pub fn read_all(
    paths: &[PathBuf],
    options: ReadOptions,
) -> Result<(Vec<Posting>, Vec<RecordError>)> {
    let inputs = expand_inputs(paths, options.format)?;
    let mut postings = Vec::new();
    let mut errors = Vec::new();
    for record in RecordReader::new(inputs, options) {
        match record?.into_posting() {
            Ok(p) => postings.push(p),
            Err(e) => errors.push(e),
        }
    }
    Ok((postings, errors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_str(ext: &str, content: &[u8]) -> (Vec<Posting>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("in.{ext}"));
        File::create(&path).unwrap().write_all(content).unwrap();
        let (postings, errors) = read_all(&[path], ReadOptions::default()).unwrap();
        let errors = errors
            .into_iter()
            .map(|e| format!("{}: {}", e.line, e.message))
            .collect();
        (postings, errors)
    }

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
    fn csv_aliases_and_wrong_field_counts() {
        let data = b"Job_ID,Job_Title,Company,Job_Description\n\
            1,Product Owner,Acme,\"Own the backlog, daily\"\n\
            2,too,few\n\
            3,PM,Acme,\"multi\nline\"\n\
            4,x,y,\"bad \xff\"\n";
        let (postings, errors) = read_str("csv", data);
        assert_eq!(postings.len(), 2);
        assert_eq!(postings[0].company.as_deref(), Some("Acme"));
        assert_eq!(postings[1].body, "multi\nline");
        assert_eq!(postings[1].source.line, 4);
        assert_eq!(
            errors[0],
            "3: expected 4 fields (as in the header), found 3"
        );
        assert!(
            errors[1].starts_with("6: invalid UTF-8 in column \"Job_Description\""),
            "{errors:?}"
        );
    }

    #[test]
    fn text_files_take_the_first_line_as_title() {
        let (postings, errors) = read_str("txt", b"\n\nProduct Owner\nOwn the backlog.\nAnd more.");
        assert!(errors.is_empty());
        assert_eq!(postings[0].title, "Product Owner");
        assert_eq!(postings[0].body, "Own the backlog.\nAnd more.");
        assert_eq!(postings[0].source.line, 3);
        let (_, errors) = read_str("txt", b"Only a title\n");
        assert!(errors[0].contains("empty description"));
    }

    #[test]
    fn oversized_records_are_refused_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let big = format!(
            "{{\"description\": \"{}\"}}\n{{\"description\": \"fine\"}}\n",
            "x".repeat(5000)
        );
        std::fs::write(&path, big).unwrap();
        let options = ReadOptions {
            max_record_bytes: 1000,
            ..ReadOptions::default()
        };
        let (postings, errors) = read_all(&[path], options).unwrap();
        assert_eq!(postings.len(), 1);
        assert!(
            errors[0].message.contains("over the limit"),
            "{:?}",
            errors[0]
        );
    }

    #[test]
    fn directories_are_walked_in_order_with_known_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "T\nbody").unwrap();
        std::fs::write(dir.path().join("a.jsonl"), "").unwrap();
        std::fs::write(dir.path().join("sub/c.csv"), "").unwrap();
        std::fs::write(dir.path().join("notes.bin"), "").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "").unwrap();
        let inputs = expand_inputs(&[dir.path().to_path_buf()], InputFormat::Auto).unwrap();
        let names: Vec<_> = inputs
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.csv"]);
    }
}
