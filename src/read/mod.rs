//! Readers: JSONL, CSV with a header, plain-text files, directories of those, and stdin.
//!
//! Reading is split in two so the batch driver can parallelise the expensive half: the
//! [`RecordReader`] walks the inputs sequentially and yields [`RawRecord`]s (a JSONL line's
//! bytes, an already-split CSV row, a text file), and [`RawRecord::into_posting`] turns one
//! into a [`Posting`] on any thread. Every problem with a record is a [`RecordError`] naming
//! `file:line`; only problems with a whole input (missing file, unreadable stream, CSV without
//! a description column) are fatal.

pub mod lines;

use crate::error::{io_message, Error, Result};
use crate::posting::{Posting, SourceRef};
use lines::{read_bounded_line, BoundedLine};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

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
    let mut posting = Posting::from_parts(id.as_deref(), &title, body)
        .map_err(|e| RecordError::at(&source, e.to_string()))?;
    posting.company = company.filter(|c| !c.trim().is_empty());
    posting.location = location.filter(|l| !l.trim().is_empty());
    posting.extra = map;
    posting.source = source;
    Ok(posting)
}

/// One input after expansion: a path (or stdin) and its resolved format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path, or `-` for stdin.
    pub path: PathBuf,
    /// The format (`Auto` means: sniff the content).
    pub format: InputFormat,
    /// Why this input found in a walked directory cannot be read (a dangling link, a directory
    /// that cannot be listed): the reader reports it and goes on with the others.
    pub problem: Option<String>,
}

/// The inputs a list of paths expands to, and what the walk noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Things skipped on purpose, for the user to know (a symbolic link back into a directory
    /// already walked, a file reached a second time through a link).
    pub warnings: Vec<String>,
}

impl Input {
    /// True for standard input.
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// Expands directories (recursively, sorted, known extensions only) and resolves formats.
///
/// Symbolic links are followed, but every directory and every file is read once: a link back
/// into a directory already walked (a loop) or to a file already found is skipped with a
/// warning. A named path that does not exist is an error; what a walk finds and cannot read is
/// an input with a [`Input::problem`], reported by the reader without stopping the others.
pub fn expand_inputs(paths: &[PathBuf], format: InputFormat) -> Result<Expansion> {
    let mut walk = Walk {
        format,
        expansion: Expansion::default(),
        dirs: HashSet::new(),
        files: HashSet::new(),
    };
    for path in paths {
        if path.as_os_str() == "-" {
            walk.push(path.clone(), format, None);
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk.dir(path);
        } else {
            let format = match format {
                InputFormat::Auto => format_from_extension(path).unwrap_or(InputFormat::Auto),
                explicit => explicit,
            };
            if let Ok(real) = std::fs::canonicalize(path) {
                walk.files.insert(real);
            }
            walk.push(path.clone(), format, None);
        }
    }
    Ok(walk.expansion)
}

/// A directory walk's state: what was found, and every real path already visited.
struct Walk {
    format: InputFormat,
    expansion: Expansion,
    dirs: HashSet<PathBuf>,
    files: HashSet<PathBuf>,
}

impl Walk {
    fn push(&mut self, path: PathBuf, format: InputFormat, problem: Option<String>) {
        self.expansion.inputs.push(Input {
            path,
            format,
            problem,
        });
    }

    fn warn(&mut self, message: String) {
        self.expansion.warnings.push(message);
    }

    fn dir(&mut self, dir: &Path) {
        match std::fs::canonicalize(dir) {
            Ok(real) if !self.dirs.insert(real.clone()) => {
                return self.warn(format!(
                    "{}: a link to {}, which is already being read; skipped (a symbolic link loop?)",
                    dir.display(),
                    real.display()
                ));
            }
            Ok(_) => {}
            Err(e) => return self.push(dir.to_path_buf(), self.format, Some(io_message(&e))),
        }
        let entries = std::fs::read_dir(dir).and_then(|entries| {
            entries
                .map(|entry| entry.map(|e| e.path()))
                .collect::<io::Result<Vec<_>>>()
        });
        let mut entries = match entries {
            Ok(entries) => entries,
            Err(e) => {
                let problem = format!("cannot list this directory: {}", io_message(&e));
                return self.push(dir.to_path_buf(), self.format, Some(problem));
            }
        };
        entries.sort();
        for path in entries {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            let by_ext = format_from_extension(&path);
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.dir(&path),
                Ok(_) => {
                    let Some(by_ext) = by_ext else { continue };
                    let format = match self.format {
                        InputFormat::Auto => by_ext,
                        explicit => explicit,
                    };
                    let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    if self.files.insert(real.clone()) {
                        self.push(path, format, None);
                    } else {
                        self.warn(format!(
                            "{}: the same file as {}, already read; skipped",
                            path.display(),
                            real.display()
                        ));
                    }
                }
                // A dangling link or an entry that vanished: only what would have been read
                // is worth a word.
                Err(e) if by_ext.is_some() => {
                    let problem = if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
                        "a symbolic link to nothing (its target does not exist)".to_string()
                    } else {
                        io_message(&e)
                    };
                    self.push(path, self.format, Some(problem));
                }
                Err(_) => {}
            }
        }
    }
}

/// The format an extension implies, if it is one we know.
pub fn format_from_extension(path: &Path) -> Option<InputFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
        "csv" | "tsv" | "tab" => Some(InputFormat::Csv),
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
    /// A `.json` file holding one array of postings, split into its elements.
    Array(std::collections::VecDeque<RawRecord>),
    Csv {
        name: String,
        reader: Box<csv::Reader<CsvGuard>>,
        guard: Arc<GuardState>,
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

    /// Opens the next input. Nothing about one input stops the others: a file that cannot be
    /// opened or read, or a CSV file without a description column, is reported as a bad record
    /// for the whole input (line 0) and skipped.
    fn open(&mut self, input: Input) -> Option<RawRecord> {
        let name = input.path.display().to_string();
        match self.try_open(&name, input) {
            Ok(record) => record,
            Err(message) => {
                self.current = Some(Source::Done);
                Some(RawRecord::Invalid(RecordError::whole_input(name, message)))
            }
        }
    }

    fn try_open(
        &mut self,
        name: &str,
        input: Input,
    ) -> std::result::Result<Option<RawRecord>, String> {
        if let Some(problem) = input.problem {
            return Err(problem);
        }
        let mut reader: DynBufRead = if input.is_stdin() {
            Box::new(BufReader::with_capacity(256 * 1024, io::stdin()))
        } else {
            let file = File::open(&input.path).map_err(|e| io_message(&e))?;
            Box::new(BufReader::with_capacity(256 * 1024, file))
        };
        if let Some(what) = not_text(reader.fill_buf().map_err(|e| io_message(&e))?) {
            return Err(what);
        }
        let format = match input.format {
            InputFormat::Auto => sniff(&mut reader).map_err(|e| io_message(&e))?,
            known => known,
        };
        let name = name.to_string();
        match format {
            InputFormat::Jsonl | InputFormat::Auto if starts_array(&mut reader) => {
                let records = self.read_array(&name, reader)?;
                self.current = Some(Source::Array(records));
                Ok(None)
            }
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
                let guard = Arc::new(GuardState::new(self.options.max_record_bytes));
                let delimiter = delimiter(&input.path, &mut reader);
                let mut csv_reader = csv::ReaderBuilder::new()
                    .flexible(false)
                    .delimiter(delimiter)
                    .from_reader(CsvGuard {
                        inner: reader,
                        state: Arc::clone(&guard),
                    });
                let headers = csv_reader
                    .byte_headers()
                    .map_err(|e| format!("cannot read the CSV header: {}", csv_error_text(&e)))?
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
                    return Err(format!(
                        "the CSV header has no description column (expected one of {})",
                        BODY_FIELDS.join(", ")
                    ));
                }
                guard.record_ends_at(csv_reader.position().byte());
                self.current = Some(Source::Csv {
                    name,
                    reader: Box::new(csv_reader),
                    guard,
                    headers,
                    record: csv::ByteRecord::new(),
                });
                Ok(None)
            }
            InputFormat::Text => {
                self.current = Some(Source::Done);
                Ok(Some(self.read_text(&name, reader)))
            }
        }
    }

    /// A JSON array of postings, read whole (up to [`MAX_ARRAY_BYTES`]) and split into one
    /// record per element, each located by the line it starts on.
    fn read_array(
        &mut self,
        name: &str,
        reader: DynBufRead,
    ) -> std::result::Result<std::collections::VecDeque<RawRecord>, String> {
        let mut bytes = Vec::new();
        let read = reader
            .take(MAX_ARRAY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_message(&e))?;
        self.bytes_read += read as u64;
        if read as u64 > MAX_ARRAY_BYTES {
            return Err(format!(
                "a JSON array over {} MiB; write it as JSONL, one posting per line (`jq -c '.[]' FILE`)",
                MAX_ARRAY_BYTES >> 20
            ));
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| format!("invalid UTF-8 at byte {} of the file", e.valid_up_to()))?;
        let text = text.trim_start_matches('\u{feff}');
        let elements: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(text).map_err(|e| {
                format!(
                    "line {}: not a JSON array of postings: {}",
                    e.line(),
                    json_error_text(&e)
                )
            })?;
        let start = text.as_ptr() as usize;
        let mut line = 1u64;
        let mut counted = 0usize;
        let mut records = std::collections::VecDeque::with_capacity(elements.len());
        for element in elements {
            let raw = element.get();
            let offset = raw.as_ptr() as usize - start;
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..offset]).count() as u64;
            counted = offset;
            let source = SourceRef {
                path: name.to_string(),
                line,
            };
            records.push_back(if raw.len() > self.options.max_record_bytes {
                RawRecord::Invalid(RecordError::at(
                    &source,
                    format!(
                        "record is {} bytes, over the limit of {} bytes (--max-record-bytes)",
                        raw.len(),
                        self.options.max_record_bytes
                    ),
                ))
            } else {
                RawRecord::Json {
                    source,
                    bytes: raw.as_bytes().to_vec(),
                }
            });
        }
        Ok(records)
    }

    fn read_text(&mut self, name: &str, reader: DynBufRead) -> RawRecord {
        let max = self.options.max_record_bytes;
        let mut bytes = Vec::new();
        let read = match reader.take(max as u64 + 1).read_to_end(&mut bytes) {
            Ok(read) => read,
            Err(e) => return RawRecord::Invalid(RecordError::whole_input(name, io_message(&e))),
        };
        self.bytes_read += read as u64;
        let source = SourceRef {
            path: name.to_string(),
            line: 1,
        };
        if read > max {
            return RawRecord::Invalid(RecordError::at(
                &source,
                format!("posting is larger than the limit of {max} bytes (--max-record-bytes)"),
            ));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                return RawRecord::Invalid(RecordError {
                    path: name.to_string(),
                    line,
                    message: "invalid UTF-8".to_string(),
                });
            }
        };
        let text = text.trim_start_matches('\u{feff}');
        let trimmed = text.trim_start();
        let skipped_lines = text[..text.len() - trimmed.len()].matches('\n').count() as u64;
        // A web page is a posting too: its title from <title> (or the first heading), its
        // body the page (the analyzer reads HTML), whatever its line breaks.
        if let Some(title) = html_page_title(trimmed) {
            let mut posting = Posting {
                title,
                body: trimmed.to_string(),
                source: SourceRef {
                    path: name.to_string(),
                    line: 1 + skipped_lines,
                },
                ..Posting::default()
            };
            let page = crate::analyze::html::CleanText::new(&posting.body);
            if page.text().trim().is_empty() {
                return RawRecord::Invalid(RecordError::at(
                    &posting.source,
                    "empty description (the page has no text)",
                ));
            }
            posting.id = posting.content_id();
            return RawRecord::Ready(Box::new(posting));
        }
        let (title, body) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
        let source = SourceRef {
            path: name.to_string(),
            line: 1 + skipped_lines,
        };
        if body.trim().is_empty() {
            return RawRecord::Invalid(RecordError::at(
                &source,
                "empty description (a text posting is its title on the first line, then the description)",
            ));
        }
        let mut posting = Posting {
            title: title.trim().to_string(),
            body: body.to_string(),
            source,
            ..Posting::default()
        };
        posting.id = posting.content_id();
        RawRecord::Ready(Box::new(posting))
    }

    /// The next record of the current input; `None` when it is exhausted. A read error ends
    /// the input with a bad record saying where (the records before it are kept).
    fn next_from_current(&mut self) -> Option<RawRecord> {
        let max = self.options.max_record_bytes;
        match self.current.as_mut() {
            None | Some(Source::Done) => None,
            Some(Source::Array(records)) => records.pop_front(),
            Some(Source::Jsonl {
                name,
                reader,
                line,
                buf,
            }) => loop {
                let read = match read_bounded_line(reader, buf, max) {
                    Ok(Some(read)) => read,
                    Ok(None) => return None,
                    Err(e) => {
                        let error = RecordError {
                            path: name.clone(),
                            line: *line + 1,
                            message: format!(
                                "cannot read further ({}); the rest of this input is skipped",
                                io_message(&e)
                            ),
                        };
                        self.current = Some(Source::Done);
                        return Some(RawRecord::Invalid(error));
                    }
                };
                *line += 1;
                let source = SourceRef {
                    path: name.clone(),
                    line: *line,
                };
                match read {
                    BoundedLine::TooLong(len) => {
                        self.bytes_read += len as u64 + 1;
                        return Some(RawRecord::Invalid(RecordError::at(
                            &source,
                            format!("record is {len} bytes, over the limit of {max} bytes (--max-record-bytes)"),
                        )));
                    }
                    BoundedLine::Line => {
                        self.bytes_read += buf.len() as u64 + 1;
                        // A byte-order mark starts the first line of some exports.
                        if *line == 1 && buf.starts_with(BOM) {
                            buf.drain(..BOM.len());
                        }
                        if buf.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        return Some(RawRecord::Json {
                            source,
                            // An exact-size copy: the line buffer keeps its capacity.
                            bytes: buf.as_slice().to_vec(),
                        });
                    }
                }
            },
            Some(Source::Csv {
                name,
                reader,
                guard,
                headers,
                record,
            }) => {
                let result = reader.read_byte_record(record);
                let line = reader.position().line();
                let source = SourceRef {
                    path: name.clone(),
                    line: record.position().map_or(line, |p| p.line()),
                };
                let end = reader.position().byte();
                guard.record_ends_at(end);
                let record = match result {
                    Ok(false) => return None,
                    Ok(true) => record,
                    Err(e) => {
                        let (line, message, fatal) = match e.kind() {
                            csv::ErrorKind::UnequalLengths {
                                pos,
                                expected_len,
                                len,
                            } => (
                                pos.as_ref().map_or(line, |p| p.line()),
                                format!("expected {expected_len} fields (as in the header), found {len}"),
                                false,
                            ),
                            csv::ErrorKind::Io(io) if is_too_large(io) => (
                                source.line,
                                format!(
                                    "record is over the limit of {max} bytes (--max-record-bytes); \
                                     the rest of this file is skipped (a CSV record's end cannot be \
                                     found without reading it)"
                                ),
                                true,
                            ),
                            csv::ErrorKind::Io(io) => (
                                source.line,
                                format!(
                                    "cannot read further ({}); the rest of this input is skipped",
                                    io_message(io)
                                ),
                                true,
                            ),
                            _ => (source.line, csv_error_text(&e), false),
                        };
                        if fatal {
                            self.current = Some(Source::Done);
                        }
                        return Some(RawRecord::Invalid(RecordError {
                            path: source.path,
                            line,
                            message,
                        }));
                    }
                };
                let size = record.as_slice().len() as u64 + record.len() as u64;
                self.bytes_read += size;
                // A quote opened and never closed swallows the rest of the file into one field;
                // the parser accepts that at the end of input, we do not.
                if guard.ended_inside_quotes(end) {
                    return Some(RawRecord::Invalid(RecordError::at(
                        &source,
                        "unterminated quoted field (a quote opened here is never closed; the \
                         rest of the file was inside it)",
                    )));
                }
                if size as usize > max {
                    return Some(RawRecord::Invalid(RecordError::at(
                        &source,
                        format!("record is {size} bytes, over the limit of {max} bytes (--max-record-bytes)"),
                    )));
                }
                Some(csv_record(source, headers, record))
            }
        }
    }
}

/// The largest JSON array file read whole; JSONL has no such bound (it is streamed).
pub const MAX_ARRAY_BYTES: u64 = 1 << 30;

/// Whether a stream starts (after a byte-order mark and blanks) with `[`: a JSON array.
fn starts_array(reader: &mut DynBufRead) -> bool {
    let Ok(head) = reader.fill_buf() else {
        return false;
    };
    let head = head.strip_prefix(BOM).unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
}

/// The field delimiter of a CSV input: a tab for `.tsv`/`.tab` files and for a header line
/// with tabs and no commas (a tab-separated export named `.csv`, or piped in), else a comma.
fn delimiter(path: &Path, reader: &mut DynBufRead) -> u8 {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
    let header_has_tabs = reader.fill_buf().is_ok_and(|head| {
        let line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
        line.contains(&b'\t') && !line.contains(&b',')
    });
    if by_name || header_has_tabs {
        b'\t'
    } else {
        b','
    }
}

/// The title of an HTML page (`<title>`, else the first `<h1>`), or `None` when the text is
/// not an HTML page (it must start with a doctype or an `<html>` tag).
fn html_page_title(text: &str) -> Option<String> {
    let head: String = text
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if !(head.starts_with("<!doctype html") || head.starts_with("<html")) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let inner = |open: &str, close: &str| -> Option<String> {
        let start = lower.find(open)?;
        let content = start + lower[start..].find('>')? + 1;
        let end = content + lower[content..].find(close)?;
        let raw = &text[content..end];
        // Tags inside a heading are dropped, entities decoded, spaces collapsed.
        let mut plain = String::with_capacity(raw.len());
        let mut in_tag = false;
        for c in raw.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let decoded = html_escape::decode_html_entities(&plain);
        let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
        (!title.is_empty()).then_some(title)
    };
    Some(
        inner("<title", "</title>")
            .or_else(|| inner("<h1", "</h1>"))
            .unwrap_or_default(),
    )
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// What the CSV parser has read, counted on the way in: the parser itself keeps no record of
/// quotes or of a record's size until the record is whole.
struct GuardState {
    /// `"` bytes read so far: odd at the end of input means a quoted field never closed
    /// (doubled quotes inside a field count twice and keep the parity).
    quotes: AtomicU64,
    /// Bytes read so far.
    total: AtomicU64,
    /// Where the record being parsed began.
    record_start: AtomicU64,
    /// Bytes one record may take, with room for the parser's read-ahead.
    limit: u64,
    /// The input is exhausted.
    eof: AtomicBool,
}

/// The parser reads ahead by at most its buffer (8 KiB by default); this leaves room for it.
const CSV_READ_AHEAD: u64 = 64 * 1024;

impl GuardState {
    fn new(max_record_bytes: usize) -> Self {
        GuardState {
            quotes: AtomicU64::new(0),
            total: AtomicU64::new(0),
            record_start: AtomicU64::new(0),
            limit: max_record_bytes as u64 + CSV_READ_AHEAD,
            eof: AtomicBool::new(false),
        }
    }

    fn record_ends_at(&self, byte: u64) {
        self.record_start.store(byte, Ordering::Relaxed);
    }

    /// The record that ended at `end` ran to the end of input with a quote still open.
    fn ended_inside_quotes(&self, end: u64) -> bool {
        self.eof.load(Ordering::Relaxed)
            && end >= self.total.load(Ordering::Relaxed)
            && self.quotes.load(Ordering::Relaxed) % 2 == 1
    }
}

/// The reader under the CSV parser: counts quotes and refuses to feed one record past the
/// size bound, so a runaway quoted field costs no more memory than the bound.
struct CsvGuard {
    inner: DynBufRead,
    state: Arc<GuardState>,
}

/// The guard's refusal, recognised when it comes back out of the parser.
#[derive(Debug)]
struct RecordTooLarge;

impl fmt::Display for RecordTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("record over the size limit")
    }
}

impl std::error::Error for RecordTooLarge {}

fn is_too_large(e: &io::Error) -> bool {
    e.get_ref()
        .is_some_and(|inner| inner.is::<RecordTooLarge>())
}

impl Read for CsvGuard {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let state = &self.state;
        let total = state.total.load(Ordering::Relaxed);
        if total.saturating_sub(state.record_start.load(Ordering::Relaxed)) > state.limit {
            return Err(io::Error::other(RecordTooLarge));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            state.eof.store(true, Ordering::Relaxed);
        }
        let quotes = memchr::memchr_iter(b'"', &buf[..n]).count() as u64;
        state.quotes.fetch_add(quotes, Ordering::Relaxed);
        state.total.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A CSV error's text without the position the caller already gives.
fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io_message(io),
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        _ => {
            let text = e.to_string();
            // "CSV error: record 3 (line: 4, byte: 50): …" → "…"
            match text.find("): ") {
                Some(at) => text[at + 3..].to_string(),
                None => text,
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

/// What a stream is when its first bytes say it is not UTF-8 text, with what to do: one clear
/// message for the file instead of one per line.
fn not_text(head: &[u8]) -> Option<String> {
    if head.starts_with(b"\x1f\x8b") {
        return Some(
            "a gzip-compressed file, not text: decompress it first (`zcat FILE | rolesift … -`)"
                .to_string(),
        );
    }
    if head.starts_with(b"PK\x03\x04") {
        return Some("a zip archive, not text: unzip it first".to_string());
    }
    if head.starts_with(b"BZh") && head.get(3).is_some_and(u8::is_ascii_digit) {
        return Some(
            "a bzip2-compressed file, not text: decompress it first (`bzcat FILE | rolesift … -`)"
                .to_string(),
        );
    }
    if head.starts_with(b"\x28\xb5\x2f\xfd") {
        return Some(
            "a zstd-compressed file, not text: decompress it first (`zstdcat FILE | rolesift … -`)"
                .to_string(),
        );
    }
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") || {
        // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        let sample = &head[..head.len().min(512)];
        sample.len() >= 8
            && (sample.iter().step_by(2).all(|&b| b == 0)
                || sample.iter().skip(1).step_by(2).all(|&b| b == 0))
    };
    if utf16 {
        return Some(
            "UTF-16 text; rolesift reads UTF-8: convert it first (`iconv -f UTF-16 -t UTF-8 FILE`)"
                .to_string(),
        );
    }
    let sample = &head[..head.len().min(4096)];
    if memchr::memchr(0, sample).is_some() {
        return Some("binary data, not text: not a file of postings".to_string());
    }
    None
}

/// Decides the format of a stream from its first bytes: `{` → JSONL; a first line with a
/// comma → CSV; anything else → one text posting.
fn sniff(reader: &mut DynBufRead) -> io::Result<InputFormat> {
    let head = reader.fill_buf()?;
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    Ok(match first {
        Some(b'{' | b'[') => InputFormat::Jsonl,
        Some(_) => {
            let line_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
            let first_line = String::from_utf8_lossy(&head[..line_end]).to_ascii_lowercase();
            let looks_csv = (first_line.contains(',') || first_line.contains('\t'))
                && BODY_FIELDS.iter().any(|f| first_line.contains(f));
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
            if let Some(record) = self.next_from_current() {
                return Some(Ok(record));
            }
            let input = self.inputs.next()?;
            if let Some(record) = self.open(input) {
                return Some(Ok(record));
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
    let inputs = expand_inputs(paths, options.format)?.inputs;
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
        let inputs = expand_inputs(&[dir.path().to_path_buf()], InputFormat::Auto)
            .unwrap()
            .inputs;
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
    /// Reads a directory (or file) and returns the postings' ids, the errors as printed, and
    /// the walk's warnings.
    fn read_path(path: &Path, max: usize) -> (Vec<String>, Vec<String>, Vec<String>) {
        let expansion = expand_inputs(&[path.to_path_buf()], InputFormat::Auto).unwrap();
        let options = ReadOptions {
            max_record_bytes: max,
            ..ReadOptions::default()
        };
        let mut ids = Vec::new();
        let mut errors = Vec::new();
        for record in RecordReader::new(expansion.inputs, options) {
            match record.unwrap().into_posting() {
                Ok(p) => ids.push(p.id),
                Err(e) => errors.push(e.to_string()),
            }
        }
        (ids, errors, expansion.warnings)
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("a.jsonl"),
            "{\"id\": \"a\", \"description\": \"backlog\"}\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(".", d.join("s1")).unwrap();
        std::os::unix::fs::symlink(".", d.join("s2")).unwrap();
        std::os::unix::fs::symlink("a.jsonl", d.join("again.jsonl")).unwrap();
        let (ids, errors, warnings) = read_path(&d, DEFAULT_MAX_RECORD_BYTES);
        assert_eq!(ids, ["a"], "each file read once");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings
            .iter()
            .any(|w| w.contains("s1") && w.contains("loop")));
        assert!(warnings.iter().any(|w| w.contains("again.jsonl")));
    }

    #[cfg(unix)]
    #[test]
    fn a_bad_file_in_a_directory_is_reported_and_the_good_ones_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.jsonl"),
            "{\"id\": \"a1\", \"description\": \"x\"}\n{\"id\": \"a2\", \"description\": \"y\"}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.csv"), "id,title\nb1,PO\n").unwrap();
        std::os::unix::fs::symlink("nowhere.jsonl", dir.path().join("c.jsonl")).unwrap();
        std::fs::write(
            dir.path().join("d.jsonl"),
            "{\"id\": \"d1\", \"description\": \"z\"}\n",
        )
        .unwrap();
        let (ids, errors, _) = read_path(dir.path(), DEFAULT_MAX_RECORD_BYTES);
        assert_eq!(ids, ["a1", "a2", "d1"]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].ends_with("b.csv: the CSV header has no description column (expected one of description, body, text, job_description, content)"), "{errors:?}");
        assert!(
            errors[1].ends_with("c.jsonl: a symbolic link to nothing (its target does not exist)"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_unterminated_csv_quote_is_a_bad_record_not_a_swallowed_file() {
        let (postings, errors) = read_str(
            "csv",
            b"id,title,description\nu1,PO,\"backlog\nu2,PM,roadmap\n",
        );
        assert!(postings.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("2: unterminated quoted field"),
            "{errors:?}"
        );
        // Quoted fields with line breaks and doubled quotes are fine, to the last byte.
        let (postings, errors) = read_str(
            "csv",
            b"id,description\nq1,\"say \"\"hi\"\"\nthen go\"\nq2,\"last, quoted\"",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(postings.len(), 2);
        assert_eq!(postings[0].body, "say \"hi\"\nthen go");
        assert_eq!(postings[1].body, "last, quoted");
    }

    #[test]
    fn a_csv_record_over_the_bound_is_refused_without_holding_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let mut file = File::create(&path).unwrap();
        file.write_all(b"id,description\nok1,fine\nbig,\"").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..4 {
            file.write_all(&chunk).unwrap();
        }
        file.write_all(b"\"\nafter,fine\n").unwrap();
        drop(file);
        let (ids, errors, _) = read_path(&path, 256 * 1024);
        assert_eq!(ids, ["ok1"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains(":3: record is over the limit of 262144 bytes"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_cost_the_first_jsonl_record() {
        let (postings, errors) = read_str(
            "jsonl",
            b"\xef\xbb\xbf{\"id\": \"first\", \"description\": \"x\"}\n{\"id\": \"second\", \"description\": \"y\"}\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(postings.len(), 2);
        assert_eq!(postings[0].id, "first");
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

    #[test]
    fn compressed_utf16_and_binary_files_get_one_clear_message() {
        let utf16: Vec<u8> = "{\"description\": \"x\"}\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(&utf16);
        for (ext, bytes, message) in [
            ("jsonl", b"\x1f\x8b\x08\x00rest".to_vec(), "gzip-compressed"),
            ("csv", b"PK\x03\x04rest".to_vec(), "zip archive"),
            ("jsonl", with_bom, "UTF-16"),
            ("jsonl", utf16, "UTF-16"),
            ("txt", b"ELF\x00\x00\x01\x02binary".to_vec(), "binary data"),
        ] {
            let (postings, errors) = read_str(ext, &bytes);
            assert!(postings.is_empty());
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].starts_with("0: "),
                "a whole-file problem: {errors:?}"
            );
            assert!(errors[0].contains(message), "{errors:?}");
        }
    }

    #[test]
    fn a_json_array_of_postings_is_read_element_by_element() {
        let pretty = b"[\n  {\"id\": \"a\", \"description\": \"x\"},\n  5,\n  {\n    \"id\": \"b\",\n    \"body\": \"y\"\n  }\n]\n";
        let (postings, errors) = read_str("json", pretty);
        let ids: Vec<&str> = postings.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(
            postings[1].source.line, 4,
            "located by the line it starts on"
        );
        assert_eq!(errors, ["3: expected a JSON object"]);
        let (postings, errors) = read_str("json", b"[{\"description\": \"x\"}");
        assert!(postings.is_empty());
        assert!(
            errors[0].starts_with("0: line 1: not a JSON array of postings"),
            "{errors:?}"
        );
    }

    #[test]
    fn tab_separated_files_are_read_as_such() {
        let tsv = b"id\ttitle\tdescription\nt1\tPO\tOwn the backlog, then plan\n";
        for ext in ["tsv", "csv", "unknown"] {
            let (postings, errors) = read_str(ext, tsv);
            assert!(errors.is_empty(), "{ext}: {errors:?}");
            assert_eq!(postings[0].id, "t1", "{ext}");
            assert_eq!(postings[0].body, "Own the backlog, then plan", "{ext}");
        }
    }

    #[test]
    fn an_html_page_is_a_posting_titled_by_its_title() {
        let page = b"<!DOCTYPE html><html><head><title>Product Owner &amp; Scrum &#8211; Acme</title></head><body><h1>Join us</h1><p>Own the product backlog.</p></body></html>";
        let (postings, errors) = read_str("html", page);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(postings[0].title, "Product Owner & Scrum \u{2013} Acme");
        assert!(postings[0].body.contains("Own the product backlog."));
        let (postings, _) = read_str(
            "htm",
            b"<html>\n<body>\n<h1>Senior <b>Product</b> Manager</h1>\n<p>Roadmap.</p></body></html>",
        );
        assert_eq!(postings[0].title, "Senior Product Manager");
        let (postings, errors) = read_str(
            "html",
            b"<!doctype html><html><head><script>x()</script></head><body> </body></html>",
        );
        assert!(postings.is_empty());
        assert!(errors[0].contains("the page has no text"), "{errors:?}");
    }
}
