//! Readers: JSONL, CSV with a header, plain-text files, directories of those, and stdin.
//!
//! Reading is split in two so the batch driver can parallelise the expensive half: the
//! [`RecordReader`] walks the inputs sequentially and yields [`RawRecord`]s (a JSONL line's
//! bytes, an already-split CSV row, a text file), and [`RawRecord::into_posting`] turns one
//! into a [`Posting`] on any thread. Every problem with a record is a [`RecordError`] naming
//! `file:line`; only problems with a whole input (missing file, unreadable stream, CSV without
//! a description column) are fatal.

mod csv_rows;
mod expand;
pub mod lines;
mod record;
mod sniff;
mod whole;

pub use expand::{expand_inputs, format_from_extension, Expansion, Input};
pub use record::{
    RawRecord, RecordError, BODY_FIELDS, COMPANY_FIELDS, ID_FIELDS, LOCATION_FIELDS, TITLE_FIELDS,
};
pub use whole::MAX_ARRAY_BYTES;

use csv_rows::{csv_error_text, csv_record, is_too_large, CsvGuard, GuardState};
use sniff::{delimiter, not_text, sniff, starts_array};

use crate::error::{io_message, Result};
use crate::posting::{Posting, SourceRef};
use lines::{read_bounded_line, BoundedLine};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Arc;

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

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

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
    use std::path::Path;

    pub(super) fn read_str(ext: &str, content: &[u8]) -> (Vec<Posting>, Vec<String>) {
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
}
