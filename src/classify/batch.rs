//! The batch driver: the one place classification runs in parallel.
//!
//! A reader thread walks the inputs and sends chunks of raw records (bounded in count and
//! bytes) through a channel of capacity two; the calling thread parses and classifies each
//! chunk on a rayon pool, then hands the results, in input order, to a sink. Memory is
//! therefore bounded by a few chunks whatever the input size, and output order (hence the
//! output bytes) does not depend on the number of threads.

use super::{Classification, Classifier};
use crate::error::{Error, Result};
use crate::label::Label;
use crate::posting::Posting;
use crate::read::{RawRecord, RecordError, RecordReader};
use rayon::prelude::*;
use std::sync::mpsc;

/// Options for a batch run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Stop at the first bad record instead of reporting and skipping it.
    pub strict: bool,
    /// At most this many records per chunk.
    pub chunk_records: usize,
    /// At most about this many input bytes per chunk.
    pub chunk_bytes: usize,
}

impl Default for BatchOptions {
    /// By default: all cores, lenient, chunks of 512 records or 2 MiB (small enough to stay
    /// in cache and keep memory flat, large enough to keep every core busy).
    fn default() -> Self {
        BatchOptions {
            threads: None,
            strict: false,
            chunk_records: 512,
            chunk_bytes: 2 * 1024 * 1024,
        }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Postings classified, per label (indexed by [`Label::index`]).
    pub counts: [u64; 4],
    /// Postings flagged for review.
    pub review: u64,
    /// Records reported and skipped.
    pub skipped: u64,
    /// Input bytes read.
    pub bytes: u64,
}

impl BatchSummary {
    /// Postings classified.
    pub fn classified(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Counts one classified posting.
    pub fn count(&mut self, label: Label, review: bool) {
        self.counts[label.index()] += 1;
        self.review += u64::from(review);
    }

    /// One line for people: counts per label, review, skipped.
    pub fn describe(&self) -> String {
        let labels = Label::ALL
            .iter()
            .map(|l| format!("{} {}", l.as_str(), self.counts[l.index()]))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{} classified ({labels}); {} flagged for review; {} skipped",
            self.classified(),
            self.review,
            self.skipped
        )
    }
}

/// One record's result, in input order.
pub enum Outcome<T> {
    /// A posting was classified and mapped.
    Done(T),
    /// A record could not be read; it was skipped.
    Skipped(RecordError),
}

/// Where results go, in input order.
pub trait BatchSink<T> {
    /// Called once per record, in input order. An error stops the batch.
    fn accept(&mut self, outcome: Outcome<T>) -> Result<()>;
    /// Called after each chunk with the input bytes read so far.
    fn progress(&mut self, _bytes_read: u64) {}
}

struct Chunk {
    records: Vec<RawRecord>,
    bytes_read: u64,
}

/// Where a batch's records come from: the readers ([`RecordReader`]), or any other sequential
/// source of records (the index re-reading its stored postings to reclassify them).
///
/// The source is walked on its own thread, so it must be `Send`.
pub trait RecordSource: Iterator<Item = Result<RawRecord>> + Send {
    /// Input bytes consumed so far, for progress (0 when unknown).
    fn bytes_read(&self) -> u64 {
        0
    }
}

/// Postings already in memory as a record source, for library callers (and tests) that want
/// the batch driver's parallelism without reading files.
pub struct InMemoryPostings(std::vec::IntoIter<Posting>);

impl InMemoryPostings {
    /// A source yielding `postings` in order.
    pub fn new(postings: Vec<Posting>) -> Self {
        InMemoryPostings(postings.into_iter())
    }
}

impl Iterator for InMemoryPostings {
    type Item = Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|p| Ok(RawRecord::Ready(Box::new(p))))
    }
}

impl RecordSource for InMemoryPostings {}

impl RecordSource for RecordReader {
    fn bytes_read(&self) -> u64 {
        RecordReader::bytes_read(self)
    }
}

/// Reads, classifies and maps every record, handing results to `sink` in input order.
///
/// `map` runs on the worker threads (format output there, not in the sink).
pub fn run<R, T, M, S>(
    reader: R,
    classifier: &Classifier,
    options: BatchOptions,
    map: M,
    sink: &mut S,
) -> Result<BatchSummary>
where
    R: RecordSource,
    T: Send,
    M: Fn(&Posting, &Classification) -> T + Sync,
    S: BatchSink<T> + ?Sized,
{
    run_with(
        reader,
        options,
        |posting| {
            let classification = classifier.classify(posting);
            let mapped = map(posting, &classification);
            (classification, mapped)
        },
        sink,
    )
}

/// Like [`run`], but `work` classifies each posting itself (with whatever classifier call it
/// needs, e.g. [`Classifier::classify_observed`]) and returns the classification, which is
/// counted in the summary, with its result.
pub fn run_with<R, T, W, S>(
    reader: R,
    options: BatchOptions,
    work: W,
    sink: &mut S,
) -> Result<BatchSummary>
where
    R: RecordSource,
    T: Send,
    W: Fn(&Posting) -> (Classification, T) + Sync,
    S: BatchSink<T> + ?Sized,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .thread_name(|i| format!("rolesift-worker-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let (tx, rx) = mpsc::sync_channel::<Result<Chunk>>(2);

    // Parses, classifies and maps one chunk on the pool, keeping input order.
    let process = |chunk: Chunk| -> Processed<T> {
        let results = chunk
            .records
            .into_par_iter()
            .map(|raw| match raw.into_posting() {
                Ok(posting) => {
                    let (classification, mapped) = work(&posting);
                    (
                        Ok(mapped),
                        Some((classification.label, classification.review)),
                    )
                }
                Err(e) => (Err(e), None),
            })
            .collect();
        Processed {
            results,
            bytes_read: chunk.bytes_read,
        }
    };

    std::thread::scope(|scope| {
        scope.spawn(move || read_chunks(reader, options, tx));
        let mut summary = BatchSummary::default();
        // Hands one processed chunk to the sink, in order.
        let mut deliver = |processed: Processed<T>| -> Result<()> {
            for (result, counted) in processed.results {
                match result {
                    Ok(mapped) => {
                        if let Some((label, review)) = counted {
                            summary.count(label, review);
                        }
                        sink.accept(Outcome::Done(mapped))?;
                    }
                    Err(e) if options.strict => return Err(Error::Record(e)),
                    Err(e) => {
                        summary.skipped += 1;
                        sink.accept(Outcome::Skipped(e))?;
                    }
                }
            }
            summary.bytes = processed.bytes_read;
            sink.progress(processed.bytes_read);
            Ok(())
        };
        // A two-stage pipeline: while the pool classifies chunk k+1, this thread writes chunk k,
        // so the workers never wait for output.
        let result = (|| {
            let mut incoming = rx.iter();
            let mut pending: Option<Processed<T>> = None;
            loop {
                let next = incoming.next().transpose()?;
                if next.is_none() && pending.is_none() {
                    return Ok(());
                }
                let mut next_done = None;
                let delivered = pool.in_place_scope(|s| {
                    if let Some(chunk) = next {
                        let slot = &mut next_done;
                        let process = &process;
                        s.spawn(move |_| *slot = Some(process(chunk)));
                    }
                    pending.take().map_or(Ok(()), &mut deliver)
                });
                delivered?;
                pending = next_done;
            }
        })();
        // Dropping the receiver makes the reader thread's next send fail, so it stops.
        drop(rx);
        result.map(|()| summary)
    })
}

/// One record's result, with its label and review flag when it was classified.
type RecordResult<T> = (std::result::Result<T, RecordError>, Option<(Label, bool)>);

/// One chunk's results, in input order, with what the summary needs.
struct Processed<T> {
    results: Vec<RecordResult<T>>,
    bytes_read: u64,
}

fn read_chunks<R: RecordSource>(
    reader: R,
    options: BatchOptions,
    tx: mpsc::SyncSender<Result<Chunk>>,
) {
    let mut reader = reader;
    let mut records = Vec::new();
    let mut bytes = 0usize;
    loop {
        let next = reader.next();
        let end = match next {
            Some(Ok(record)) => {
                bytes += record.size();
                records.push(record);
                false
            }
            Some(Err(e)) => {
                let _ = tx.send(Err(e));
                return;
            }
            None => true,
        };
        let full = records.len() >= options.chunk_records.max(1) || bytes >= options.chunk_bytes;
        if (full || end) && !records.is_empty() {
            let chunk = Chunk {
                records: std::mem::take(&mut records),
                bytes_read: reader.bytes_read(),
            };
            bytes = 0;
            if tx.send(Ok(chunk)).is_err() {
                return;
            }
        }
        if end {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::model::Model;
    use crate::read::{expand_inputs, InputFormat, ReadOptions};

    struct Collect(Vec<std::result::Result<String, String>>);

    impl BatchSink<String> for Collect {
        fn accept(&mut self, outcome: Outcome<String>) -> Result<()> {
            self.0.push(match outcome {
                Outcome::Done(id) => Ok(id),
                Outcome::Skipped(e) => Err(e.to_string()),
            });
            Ok(())
        }
    }

    fn run_on(content: &str, options: BatchOptions) -> Result<(BatchSummary, Collect)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, content).unwrap();
        let inputs = expand_inputs(&[path], InputFormat::Auto).unwrap().inputs;
        let reader = RecordReader::new(inputs, ReadOptions::default());
        let classifier = Classifier::new(Model::embedded().unwrap());
        let mut sink = Collect(Vec::new());
        let summary = run(reader, &classifier, options, |p, _| p.id.clone(), &mut sink)?;
        Ok((summary, sink))
    }

    #[test]
    fn order_is_kept_across_small_chunks_and_bad_records_are_skipped() {
        let mut content = String::new();
        for i in 0..50 {
            if i == 17 {
                content.push_str("{broken\n");
            }
            content.push_str(&format!(
                "{{\"id\": \"p{i}\", \"description\": \"backlog {i}\"}}\n"
            ));
        }
        let options = BatchOptions {
            threads: Some(3),
            chunk_records: 4,
            ..BatchOptions::default()
        };
        let (summary, sink) = run_on(&content, options).unwrap();
        assert_eq!(summary.classified(), 50);
        assert_eq!(summary.skipped, 1);
        let ids: Vec<_> = sink
            .0
            .iter()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect();
        let want: Vec<_> = (0..50).map(|i| format!("p{i}")).collect();
        assert_eq!(ids, want);
        assert!(sink.0[17]
            .as_ref()
            .unwrap_err()
            .contains(":18: invalid JSON"));
    }

    #[test]
    fn strict_stops_at_the_first_bad_record() {
        let content =
            "{\"description\": \"a\"}\n{\"title\": \"no body\"}\n{\"description\": \"c\"}\n";
        let options = BatchOptions {
            strict: true,
            ..BatchOptions::default()
        };
        let err = run_on(content, options).err().expect("strict fails");
        assert!(err.to_string().ends_with(":2: no description field (expected one of description, body, text, job_description, content)"), "{err}");
    }
}
