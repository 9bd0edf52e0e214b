//! CSV records: the guard under the parser that counts quotes and bounds a record's size, a
//! CSV error's text, and a row turned into a record under its header.
//!
//! Kept apart because the guard is what lets a CSV file be streamed safely: the parser itself
//! keeps no count of quotes or of a record's size until the record is whole, so a runaway
//! quoted field would otherwise be read into memory to the end of the file.

use super::record::posting_from_fields;
use super::{DynBufRead, RawRecord, RecordError};
use crate::error::io_message;
use crate::posting::SourceRef;
use serde_json::{Map, Value};
use std::fmt;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// What the CSV parser has read, counted on the way in: the parser itself keeps no record of
/// quotes or of a record's size until the record is whole.
pub(super) struct GuardState {
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
    pub(super) fn new(max_record_bytes: usize) -> Self {
        GuardState {
            quotes: AtomicU64::new(0),
            total: AtomicU64::new(0),
            record_start: AtomicU64::new(0),
            limit: max_record_bytes as u64 + CSV_READ_AHEAD,
            eof: AtomicBool::new(false),
        }
    }

    pub(super) fn record_ends_at(&self, byte: u64) {
        self.record_start.store(byte, Ordering::Relaxed);
    }

    /// The record that ended at `end` ran to the end of input with a quote still open.
    pub(super) fn ended_inside_quotes(&self, end: u64) -> bool {
        self.eof.load(Ordering::Relaxed)
            && end >= self.total.load(Ordering::Relaxed)
            && self.quotes.load(Ordering::Relaxed) % 2 == 1
    }
}

/// The reader under the CSV parser: counts quotes and refuses to feed one record past the
/// size bound, so a runaway quoted field costs no more memory than the bound.
pub(super) struct CsvGuard {
    pub(super) inner: DynBufRead,
    pub(super) state: Arc<GuardState>,
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

pub(super) fn is_too_large(e: &io::Error) -> bool {
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
pub(super) fn csv_error_text(e: &csv::Error) -> String {
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

pub(super) fn csv_record(
    source: SourceRef,
    headers: &[String],
    record: &csv::ByteRecord,
) -> RawRecord {
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
