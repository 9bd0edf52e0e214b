//! The local posting index: classified postings in a tantivy index, upserted by id.
//!
//! Where it sits: `read → classify (batch driver) → index`, and later `index → search/show`.
//! Ingest ([`PostingIndex::add`]) runs the same readers and the same batch driver as
//! `classify`; the driver's worker threads build the tantivy documents, and one
//! [`IndexWriter`] (multithreaded itself) adds them.
//!
//! Invariants:
//!
//! * **One analyzer.** Title, body, company and location are indexed with
//!   [`tokenizer::RolesiftTokenizer`], registered under
//!   [`ANALYZER_NAME`](crate::analyze::ANALYZER_NAME) every time an index is opened, so
//!   queries, snippets and the classifier all see the same terms. The body is
//!   analysed once per posting: the classifier's pass collects its terms
//!   ([`tokenizer::PreAnalyzed`]) and the tokenizer replays them; the text as given is stored
//!   apart ([`field::BODY_ORIGINAL`]).
//! * **Upsert by id.** Adding a posting deletes any document with the same id in the same
//!   commit ([`IndexWriter::delete_term`] then `add_document`), so re-adding a file never
//!   duplicates. Postings without an id carry a content-derived one
//!   ([`Posting::content_id`](crate::posting::Posting::content_id)), so re-adding the same
//!   file is idempotent.
//! * **Commits in batches.** A commit every `commit_every` postings; an ingest that dies
//!   midway leaves the index readable at its last commit, and running it again completes it.
//! * **The directory says what it is.** A small [`META_FILE`] (format and schema versions,
//!   analyzer) is written atomically before tantivy's files, so a directory that is not a
//!   rolesift index, or one from an incompatible build, is refused with a message saying
//!   what to do rather than a tantivy error.
//! * **Every document records its model.** The model's content hash is stored per posting, so
//!   a changed model is noticed ([`PostingIndex::model_check`]) and
//!   [`PostingIndex::reclassify`] can recompute every stored classification from the stored
//!   title and body.

mod directory;
mod highlight;
mod ingest;
mod meta;
pub mod repost;
mod schema;
pub mod search;
mod stored;
pub mod tokenizer;

pub use highlight::{Highlighted, Layout};
pub use meta::{IndexMeta, INDEX_FORMAT_VERSION, META_FILE, META_KIND};
pub use schema::{field, schema, Fields, SCHEMA_VERSION};
pub use stored::{rfc3339, StoredPosting};

use ingest::{document, ModelStamp, PendingDoc, RepostGrouper, WriterSink};
use meta::{check_meta, creation_lock, inspect, meta_json, read_meta, Found};
use stored::{stored_posting, StoredPostings};

use crate::classify::batch::{self, BatchOptions, BatchSummary, RecordSource};
use crate::classify::Classifier;
use crate::error::{Error, Result};
use crate::fs::write_atomically;
use crate::label::Label;
use crate::read::RecordError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::indexer::LogMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument,
    TantivyError, Term,
};

/// The index directory when neither `--index` nor [`INDEX_DIR_ENV`] says otherwise.
pub const DEFAULT_INDEX_DIR: &str = ".rolesift-index";
/// The environment variable naming the index directory.
pub const INDEX_DIR_ENV: &str = "ROLESIFT_INDEX";
/// Postings per commit by default: about 30 MB of text at 3 KB a posting, so a commit costs
/// little next to the work between two commits, and a crash loses at most a few seconds.
pub const DEFAULT_COMMIT_EVERY: usize = 10_000;
/// Indexing memory per writer thread. tantivy needs at least 15 MB; 64 MB holds one
/// default commit's worth of postings per thread, so segments are flushed at commits.
const WRITER_MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;
/// tantivy's limit on indexing threads.
const MAX_WRITER_THREADS: usize = 8;
/// Segments merge eight at a time (tantivy's default), and only segments of at most this many
/// postings take part, so no merge writes a segment of more than eight times as many (100,000
/// postings, about 260 MB of index). A merge reads its segments through the memory map, and
/// every page it reads stays resident until it ends: with tantivy's default (segments of up to
/// 10 million postings merge), the merge that made a 320,000-posting segment took `index add`
/// of 1M postings from about 400 MB to 1.3 GB resident. The price is more segments (a
/// 1M-posting index keeps 13 to 25), which search reads in parallel.
const MAX_DOCS_BEFORE_MERGE: usize = 12_500;

/// Options for [`PostingIndex::add`] and [`PostingIndex::reclassify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestOptions {
    /// Reading and classification (threads, strictness). The writer uses as many threads as
    /// the classifier.
    pub batch: BatchOptions,
    /// Commit after this many postings.
    pub commit_every: usize,
}

impl Default for IngestOptions {
    /// By default: the batch driver's defaults and a commit every [`DEFAULT_COMMIT_EVERY`].
    fn default() -> Self {
        IngestOptions {
            batch: BatchOptions::default(),
            commit_every: DEFAULT_COMMIT_EVERY,
        }
    }
}

/// What an ingest reports as it goes, to a callback the caller gives.
#[derive(Debug)]
pub enum IngestEvent<'a> {
    /// A record could not be read and was skipped.
    Skipped(&'a RecordError),
    /// A commit is about to be made (`commit` counts from 1).
    Committing {
        /// Which commit of this ingest.
        commit: u64,
        /// Postings written so far, this commit's included.
        postings: u64,
    },
    /// A commit is done: the postings so far are searchable and survive a crash.
    Committed {
        /// Which commit of this ingest.
        commit: u64,
        /// Postings written so far.
        postings: u64,
    },
    /// Input bytes read so far.
    Progress(u64),
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Counts from the batch driver (per label, review, skipped, bytes).
    pub batch: BatchSummary,
    /// Commits made.
    pub commits: u64,
    /// Documents in the index afterwards.
    pub docs: u64,
}

/// How the stored classifications compare with a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelCheck {
    /// Documents in the index.
    pub docs: u64,
    /// Documents classified by a model other than the one given.
    pub outdated: u64,
}

/// Counts over the whole index, for `rolesift index stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexStats {
    /// The index directory.
    pub path: PathBuf,
    /// The meta file's contents.
    pub meta: IndexMeta,
    /// Documents (postings) in the index.
    pub docs: u64,
    /// Repost groups (see [`repost`]): what a collapsed search counts; `docs` minus this is
    /// how many postings repeat another.
    pub repost_groups: u64,
    /// Documents per label.
    pub labels: BTreeMap<Label, u64>,
    /// Documents flagged for review, and not.
    pub review: BTreeMap<bool, u64>,
    /// Documents per input file.
    pub sources: BTreeMap<String, u64>,
    /// Documents per model content hash.
    pub models: BTreeMap<String, u64>,
    /// Model format versions seen.
    pub model_formats: Vec<u64>,
    /// Segments.
    pub segments: usize,
    /// Bytes of all files in the index directory.
    pub size_bytes: u64,
}

/// An open rolesift index.
pub struct PostingIndex {
    path: PathBuf,
    index: Index,
    fields: Fields,
    meta: IndexMeta,
    reader: OnceLock<IndexReader>,
}

impl std::fmt::Debug for PostingIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostingIndex")
            .field("path", &self.path)
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl PostingIndex {
    /// Opens the index at `dir`, creating it when `dir` does not exist or is empty.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        // A file or another program's directory is refused before anything is written to it,
        // and a whole index is opened as it is.
        match inspect(dir)? {
            Found::Rolesift if dir.join("meta.json").exists() => {
                check_meta(dir)?;
                return Self::open_tantivy(dir);
            }
            Found::Missing => std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?,
            Found::Empty | Found::Rolesift => {}
        }
        // Of two writers starting on one new index, one creates it while the other waits, then
        // opens what the first made (and is told it is busy if the first is still writing).
        let _creating = creation_lock(dir)?;
        match inspect(dir)? {
            Found::Missing | Found::Empty => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                write_atomically(&dir.join(META_FILE), &meta_json(&IndexMeta::current()))?;
                Self::create_tantivy(dir)
            }
            Found::Rolesift => {
                check_meta(dir)?;
                if dir.join("meta.json").exists() {
                    Self::open_tantivy(dir)
                } else {
                    // Created, then interrupted before tantivy's first files were written.
                    Self::create_tantivy(dir)
                }
            }
        }
    }

    /// Opens an existing index for reading (and for `reclassify`).
    pub fn open(dir: &Path) -> Result<Self> {
        let no_index = || Error::NotAnIndex {
            path: dir.to_path_buf(),
            message: "no index here yet; build one with `rolesift index add --index DIR FILE…`"
                .to_string(),
        };
        match inspect(dir)? {
            Found::Missing | Found::Empty => Err(no_index()),
            Found::Rolesift => {
                check_meta(dir)?;
                if !dir.join("meta.json").exists() {
                    return Err(no_index());
                }
                Self::open_tantivy(dir)
            }
        }
    }

    fn create_tantivy(dir: &Path) -> Result<Self> {
        let (schema, fields) = schema();
        match Index::create_in_dir(dir, schema) {
            Ok(index) => Ok(Self::wrap(dir, index, fields)),
            // Another process created it a moment ago: open what it made (its writer lock
            // then says it is busy, if it still is).
            Err(TantivyError::IndexAlreadyExists) => Self::open_tantivy(dir),
            Err(e) => Err(tantivy_error(dir)(e)),
        }
    }

    fn open_tantivy(dir: &Path) -> Result<Self> {
        let index = directory::IndexDirectory::open(dir)
            .and_then(Index::open)
            .map_err(tantivy_error(dir))?;
        let (schema, fields) = schema();
        if index.schema() != schema {
            return Err(Error::IncompatibleIndex {
                path: dir.to_path_buf(),
                message: format!(
                    "the index's fields differ from schema version {SCHEMA_VERSION} although its \
                     meta file says otherwise; rebuild it: remove the directory and run \
                     `rolesift index add` again"
                ),
            });
        }
        Ok(Self::wrap(dir, index, fields))
    }

    fn wrap(dir: &Path, mut index: Index, fields: Fields) -> Self {
        tokenizer::register(index.tokenizers());
        // Segments are searched in parallel, one thread per core: a query matching half of a
        // million postings spends its time scoring them, segment by segment. Without the
        // threads (the system refuses them) a search still runs, on this one.
        if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
            let _ = index.set_default_multithread_executor();
        }
        PostingIndex {
            path: dir.to_path_buf(),
            index,
            fields,
            meta: IndexMeta::current(),
            reader: OnceLock::new(),
        }
    }

    /// Checks every file of the last commit against its checksum: damage that a search might
    /// not touch (or would read as wrong answers) is found here.
    pub fn verify(&self) -> Result<()> {
        let mut damaged: Vec<String> = self
            .index
            .validate_checksum()
            .map_err(self.error())?
            .into_iter()
            .map(|path| path.display().to_string())
            .collect();
        if damaged.is_empty() {
            return Ok(());
        }
        damaged.sort();
        Err(Error::IndexDamaged {
            path: self.path.clone(),
            detail: format!("checksum mismatch in {}", damaged.join(", ")),
        })
    }

    /// The index directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The tantivy index (its tokenizer manager has the rolesift analyzer registered).
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    fn error(&self) -> impl Fn(TantivyError) -> Error + '_ {
        tantivy_error(&self.path)
    }

    /// A searcher over the last commit, as of the first call (reads are point-in-time).
    pub fn searcher(&self) -> Result<Searcher> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(self.error())?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// Documents in the index (at its last commit).
    pub fn num_docs(&self) -> Result<u64> {
        Ok(self.searcher()?.num_docs())
    }

    fn writer(&self, threads: Option<usize>) -> Result<IndexWriter> {
        let threads = threads
            .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
            .unwrap_or(1)
            .clamp(1, MAX_WRITER_THREADS);
        let writer = self
            .index
            .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
            .map_err(self.error())?;
        let mut merges = LogMergePolicy::default();
        merges.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
        writer.set_merge_policy(Box::new(merges));
        Ok(writer)
    }

    /// Reads, classifies and upserts every posting of `source`, committing every
    /// `options.commit_every` postings.
    ///
    /// Bad records are reported through `events` and skipped (or stop the ingest in strict
    /// mode). On any error the index stays at its last commit.
    pub fn add<R: RecordSource>(
        &self,
        source: R,
        classifier: &Classifier,
        options: IngestOptions,
        events: &mut dyn FnMut(IngestEvent<'_>) -> Result<()>,
    ) -> Result<IngestSummary> {
        let mut writer = self.writer(options.batch.threads)?;
        let stamp = ModelStamp::of(classifier.model());
        let now = DateTime::from_timestamp_secs(unix_now());
        let fields = self.fields;
        let reader: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(self.error())?;
        let mut sink = WriterSink {
            writer: &mut writer,
            reposts: RepostGrouper::new(reader, fields).map_err(self.error())?,
            fields,
            commit_every: options.commit_every.max(1),
            pending: 0,
            written: 0,
            commits: 0,
            events,
            path: &self.path,
        };
        let batch = batch::run_with(
            source,
            options.batch,
            |posting| {
                // The body is analysed once: its terms are collected as the classifier reads them.
                let mut body = tokenizer::PreAnalyzed::with_capacity(posting.body.len());
                let mut sketch = repost::SketchBuilder::with_capacity(posting.body.len());
                let classification = classifier.classify_observed(posting, |field, stem| {
                    if field == crate::classify::Field::Body {
                        body.push(stem);
                        sketch.push(stem);
                    }
                });
                let mut doc = document(
                    &fields,
                    posting,
                    &classification,
                    body.into_text(),
                    &stamp,
                    now,
                );
                let fingerprint = sketch.finish(posting);
                for band in fingerprint.band_keys() {
                    doc.add_u64(fields.repost_key, band);
                }
                for value in fingerprint.sketch_values() {
                    doc.add_u64(fields.repost_sketch, value);
                }
                let pending = PendingDoc {
                    id: posting.id.clone(),
                    doc,
                    fingerprint,
                };
                (classification, pending)
            },
            &mut sink,
        )?;
        if sink.pending > 0 || sink.commits == 0 {
            sink.commit()?;
        }
        let commits = sink.commits;
        writer.wait_merging_threads().map_err(self.error())?;
        let docs = match self.reader.get() {
            Some(reader) => {
                reader.reload().map_err(self.error())?;
                reader.searcher().num_docs()
            }
            None => self.num_docs()?,
        };
        Ok(IngestSummary {
            batch,
            commits,
            docs,
        })
    }

    /// Recomputes every stored classification with `classifier` from the stored title and
    /// body, and rewrites those documents (same id, same text, new classification and model).
    pub fn reclassify(
        &self,
        classifier: &Classifier,
        options: IngestOptions,
        events: &mut dyn FnMut(IngestEvent<'_>) -> Result<()>,
    ) -> Result<IngestSummary> {
        let source = self.stored_postings()?;
        self.add(source, classifier, options, events)
    }

    /// Every stored posting (title, body, company, location, id) of the current snapshot, as
    /// records for the batch driver: what `reclassify` and `audit --index` read instead of the
    /// source files.
    pub fn stored_postings(&self) -> Result<impl RecordSource> {
        Ok(StoredPostings {
            searcher: self.searcher()?,
            fields: self.fields,
            path: self.path.clone(),
            segment: 0,
            docs: Vec::new(),
            next: 0,
        })
    }

    /// The stored posting with this id.
    pub fn get(&self, id: &str) -> Result<Option<StoredPosting>> {
        let searcher = self.searcher()?;
        match self.address_of(&searcher, id)? {
            Some(address) => Ok(Some(self.stored(&searcher, address)?)),
            None => Ok(None),
        }
    }

    /// Where the live posting with exactly this id is, in `searcher`'s snapshot.
    fn address_of(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(self.error())?;
        Ok(top.first().map(|(_, address)| *address))
    }

    /// The posting an id or an id's prefix names: the id itself when a posting has it,
    /// else the only posting whose id starts with it. A prefix several ids share gives them
    /// (at most [`MAX_ID_CANDIDATES`]), so the user can pick.
    pub fn find(&self, id_or_prefix: &str) -> Result<IdMatch> {
        if let Some(posting) = self.get(id_or_prefix)? {
            return Ok(IdMatch::One(Box::new(posting)));
        }
        let candidates = self.ids_with_prefix(id_or_prefix, MAX_ID_CANDIDATES + 1)?;
        match candidates.as_slice() {
            [] => Ok(IdMatch::None),
            [only] => Ok(self
                .get(only)?
                .map_or(IdMatch::None, |posting| IdMatch::One(Box::new(posting)))),
            _ => Ok(IdMatch::Several(candidates)),
        }
    }

    /// Ids of live postings starting with `prefix`, in order, at most `max`.
    pub fn ids_with_prefix(&self, prefix: &str, max: usize) -> Result<Vec<String>> {
        let searcher = self.searcher()?;
        let mut ids = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.id)
                .map_err(self.error())?;
            let mut terms = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| Error::io(&self.path, e))?;
            // Terms of deleted documents stay until a merge: a few more than asked, checked
            // below.
            let mut seen = 0;
            while terms.advance() && seen <= 2 * max {
                let Ok(id) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                if !id.starts_with(prefix) {
                    break;
                }
                ids.insert(id.to_string());
                seen += 1;
            }
        }
        let mut live = Vec::new();
        for id in ids {
            if live.len() == max {
                break;
            }
            if self.get(&id)?.is_some() {
                live.push(id);
            }
        }
        Ok(live)
    }

    /// The shortest prefix of `id` (at least `min` characters) that no other posting's id
    /// starts with: what a table shows, and what `show` accepts. The whole id when no shorter
    /// prefix is unique.
    pub fn shortest_unique_prefix(&self, id: &str, min: usize) -> Result<String> {
        for (end, _) in id.char_indices().skip(min) {
            let prefix = &id[..end];
            if self.ids_with_prefix(prefix, 2)? == [id] {
                return Ok(prefix.to_string());
            }
        }
        Ok(id.to_string())
    }

    fn stored(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredPosting> {
        let doc: TantivyDocument = searcher.doc(address).map_err(self.error())?;
        stored_posting(&self.fields, &doc).map_err(|detail| Error::IndexDamaged {
            path: self.path.clone(),
            detail,
        })
    }

    /// How many documents were classified by a model other than the one with `model_hash`.
    pub fn model_check(&self, model_hash: &str) -> Result<ModelCheck> {
        let searcher = self.searcher()?;
        let current = TermQuery::new(
            Term::from_field_text(self.fields.model_hash, model_hash),
            IndexRecordOption::Basic,
        );
        let matching = searcher.search(&current, &Count).map_err(self.error())? as u64;
        let docs = searcher.num_docs();
        Ok(ModelCheck {
            docs,
            outdated: docs - matching.min(docs),
        })
    }

    /// Counts per label, review flag, source and model; documents; size on disk.
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.searcher()?;
        let mut labels: BTreeMap<Label, u64> = Label::ALL.iter().map(|l| (*l, 0)).collect();
        let mut review: BTreeMap<bool, u64> = [(false, 0), (true, 0)].into_iter().collect();
        let mut sources = BTreeMap::new();
        let mut models = BTreeMap::new();
        let mut model_formats = Vec::new();
        let mut groups = std::collections::HashSet::new();
        let err = self.error();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let group_col = fast.u64(field::REPOST_GROUP).map_err(&err)?;
            let label_col = fast.str(field::LABEL).map_err(&err)?;
            let source_col = fast.str(field::SOURCE).map_err(&err)?;
            let model_col = fast.str(field::MODEL_HASH).map_err(&err)?;
            let review_col = fast.bool(field::REVIEW).map_err(&err)?;
            let format_col = fast.u64(field::MODEL_FORMAT).map_err(&err)?;
            let mut per_label: BTreeMap<u64, u64> = BTreeMap::new();
            let mut per_source: BTreeMap<u64, u64> = BTreeMap::new();
            let mut per_model: BTreeMap<u64, u64> = BTreeMap::new();
            for doc in segment.doc_ids_alive() {
                let first = |col: &Option<tantivy::columnar::StrColumn>| {
                    col.as_ref().and_then(|c| c.term_ords(doc).next())
                };
                if let Some(ord) = first(&label_col) {
                    *per_label.entry(ord).or_default() += 1;
                }
                if let Some(ord) = first(&source_col) {
                    *per_source.entry(ord).or_default() += 1;
                }
                if let Some(ord) = first(&model_col) {
                    *per_model.entry(ord).or_default() += 1;
                }
                if let Some(flag) = review_col.first(doc) {
                    *review.entry(flag).or_default() += 1;
                }
                if let Some(group) = group_col.first(doc) {
                    groups.insert(group);
                }
                if let Some(format) = format_col.first(doc) {
                    if !model_formats.contains(&format) {
                        model_formats.push(format);
                    }
                }
            }
            let name = |col: &Option<tantivy::columnar::StrColumn>, ord: u64| -> Result<String> {
                let mut s = String::new();
                if let Some(c) = col {
                    c.ord_to_str(ord, &mut s)
                        .map_err(|e| Error::io(&self.path, e))?;
                }
                Ok(s)
            };
            for (ord, n) in per_label {
                let label = name(&label_col, ord)?;
                let label: Label = label.parse().map_err(|e| Error::IndexDamaged {
                    path: self.path.clone(),
                    detail: format!("a stored label: {e}"),
                })?;
                *labels.entry(label).or_default() += n;
            }
            for (ord, n) in per_source {
                *sources.entry(name(&source_col, ord)?).or_default() += n;
            }
            for (ord, n) in per_model {
                *models.entry(name(&model_col, ord)?).or_default() += n;
            }
        }
        model_formats.sort_unstable();
        Ok(IndexStats {
            path: self.path.clone(),
            meta: read_meta(&self.path)?,
            docs: searcher.num_docs(),
            repost_groups: groups.len() as u64,
            labels,
            review,
            sources,
            models,
            model_formats,
            segments: searcher.segment_readers().len(),
            size_bytes: dir_size(&self.path)?,
        })
    }
}

/// What an id or an id's prefix names in the index.
#[derive(Debug)]
pub enum IdMatch {
    /// No posting.
    None,
    /// One posting.
    One(Box<StoredPosting>),
    /// Several postings' ids start with the prefix (the first [`MAX_ID_CANDIDATES`], and one
    /// more when there are more).
    Several(Vec<String>),
}

/// Candidates listed for an ambiguous id prefix.
pub const MAX_ID_CANDIDATES: usize = 10;

/// Maps tantivy errors, turning a held writer lock into [`Error::IndexLocked`] and damaged
/// files into [`Error::IndexDamaged`] (tantivy's own messages for those are debug dumps).
fn tantivy_error(path: &Path) -> impl Fn(TantivyError) -> Error + '_ {
    move |e| match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
            path: path.to_path_buf(),
        },
        TantivyError::LockFailure(LockError::IoError(io), _)
            if io.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            Error::IndexNotWritable {
                path: path.to_path_buf(),
            }
        }
        cause => match damage(&cause) {
            Some(detail) => Error::IndexDamaged {
                path: path.to_path_buf(),
                detail,
            },
            None => Error::Tantivy {
                path: path.to_path_buf(),
                cause,
            },
        },
    }
}

/// What a tantivy error says about damaged files, if it says that.
fn damage(e: &TantivyError) -> Option<String> {
    let io_damage = |io: &std::io::Error| {
        matches!(
            io.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        )
        .then(|| crate::error::io_message(io))
    };
    match e {
        TantivyError::DataCorruption(corruption) => Some(format!("{corruption:?}")),
        TantivyError::IoError(io) => io_damage(io).or_else(|| {
            // Decompression failures come as plain I/O errors with the codec's words.
            let text = io.to_string();
            (text.contains("decompress") || text.contains("offset to copy")).then_some(text)
        }),
        TantivyError::OpenReadError(tantivy::directory::error::OpenReadError::IoError {
            io_error,
            filepath,
        }) => io_damage(io_error).map(|what| format!("{}: {what}", filepath.display())),
        TantivyError::DeserializeError(_) => Some(e.to_string()),
        _ => None,
    }
}

fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if let Ok(m) = entry.metadata() {
            if m.is_file() {
                total += m.len();
            }
        }
    }
    Ok(total)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analyzer, ANALYZER_NAME};
    use crate::lexicon::model::Model;
    use crate::posting::{Posting, SourceRef};

    use crate::classify::batch::InMemoryPostings as Postings;

    fn postings(list: &[(&str, &str, &str)]) -> Postings {
        let v: Vec<Posting> = list
            .iter()
            .map(|(id, title, body)| Posting {
                id: id.to_string(),
                title: title.to_string(),
                body: body.to_string(),
                company: Some("Acme Corp".into()),
                source: SourceRef {
                    path: "test.jsonl".into(),
                    line: 1,
                },
                ..Posting::default()
            })
            .collect();
        Postings::new(v)
    }

    fn classifier() -> Classifier {
        Classifier::new(Model::embedded().unwrap())
    }

    fn options() -> IngestOptions {
        IngestOptions {
            batch: BatchOptions {
                threads: Some(1),
                ..BatchOptions::default()
            },
            commit_every: 2,
        }
    }

    fn add(index: &PostingIndex, list: &[(&str, &str, &str)]) -> IngestSummary {
        index
            .add(postings(list), &classifier(), options(), &mut |_| Ok(()))
            .unwrap()
    }

    #[test]
    fn the_index_tokenizer_gives_the_classifiers_terms() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let samples = [
            "Prioritizing backlogs; backlog prioritization",
            "<p>Own the <b>product backlog</b> &amp; the <i>roadmap</i></p><script>x()</script>",
            "Gerente de Produto — responsável pelo backlog 🚀 日本語, Straße",
            "PO/PM: A/B testing, the product’s vision, customer's needs",
        ];
        for text in samples {
            let mut analyzer = index.tantivy().tokenizers().get(ANALYZER_NAME).unwrap();
            let mut stream = analyzer.token_stream(text);
            let mut stems = Vec::new();
            while let Some(token) = stream.next() {
                stems.push(token.text.clone());
            }
            assert_eq!(stems, Analyzer.stems(text), "{text:?}");
        }
        // Every text field of the schema uses it.
        let schema = index.tantivy().schema();
        for name in [field::TITLE, field::BODY, field::COMPANY, field::LOCATION] {
            let entry = schema.get_field_entry(schema.get_field(name).unwrap());
            let tantivy::schema::FieldType::Str(options) = entry.field_type() else {
                panic!("{name} is not text");
            };
            assert_eq!(
                options.get_indexing_options().unwrap().tokenizer(),
                ANALYZER_NAME
            );
        }
    }

    #[test]
    fn ingested_bodies_are_indexed_with_the_analyzers_terms_and_positions() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let body = "<p>Prioritizing <b>backlogs</b> &amp; the product’s roadmap</p>\
                    <ul><li>Größe, café, 日本語</li></ul>";
        add(&index, &[("h", "Owner", body)]);
        let searcher = index.searcher().unwrap();
        let inverted = searcher.segment_readers()[0]
            .inverted_index(index.fields().body)
            .unwrap();
        let mut terms = std::collections::BTreeSet::new();
        let mut stream = inverted.terms().stream().unwrap();
        while stream.advance() {
            terms.insert(String::from_utf8(stream.key().to_vec()).unwrap());
        }
        let want: std::collections::BTreeSet<String> = Analyzer.stems(body).into_iter().collect();
        assert_eq!(terms, want);
        // Positions too: a phrase over the analysed words matches.
        let request = search::SearchRequest::new("\"backlogs the products roadmap\"");
        assert_eq!(index.search(&request).unwrap().total, 1);
    }

    #[test]
    fn adding_again_replaces_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let first = add(
            &index,
            &[
                ("a", "Product Owner", "Own the product backlog."),
                ("b", "Product Manager", "Own the roadmap."),
                ("c", "Chef", "Cook."),
            ],
        );
        assert_eq!(first.docs, 3);
        assert_eq!(first.commits, 2, "commit every 2 postings, then the rest");
        let again = add(
            &index,
            &[
                ("b", "Product Manager", "Own the roadmap and pricing."),
                ("a", "Product Owner", "Own the product backlog."),
                ("a", "Product Owner", "Own the product backlog twice."),
            ],
        );
        assert_eq!(again.docs, 3);
        let a = index.get("a").unwrap().unwrap();
        assert_eq!(a.body, "Own the product backlog twice.");
        assert_eq!(a.company.as_deref(), Some("Acme Corp"));
        assert!(index.get("zzz").unwrap().is_none());
    }

    #[test]
    fn stored_postings_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let body = "As a Product Owner you will own the product backlog and write user stories.";
        add(&index, &[("po-1", "Product Owner", body)]);
        let stored = index.get("po-1").unwrap().unwrap();
        let direct = classifier().classify(&stored.to_posting());
        assert_eq!(stored.label, direct.label);
        assert_eq!(stored.confidence, direct.confidence);
        assert_eq!(stored.evidence, direct.evidence);
        assert_eq!(stored.scores, direct.scores);
        assert_eq!(stored.source, "test.jsonl");
        assert_eq!(stored.model_hash, Model::embedded().unwrap().content_hash);
        assert!(stored.indexed_at > 1_600_000_000);
    }

    #[test]
    fn model_changes_are_noticed_and_reclassify_fixes_them() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let body = "We use Jira every day. Own the product backlog, run sprint planning.";
        add(&index, &[("x", "Analyst", body), ("y", "Chef", "Cook.")]);
        let mut model = Model::embedded().unwrap();
        assert_eq!(index.model_check(&model.content_hash).unwrap().outdated, 0);
        model.apply_overlay(&crate::lexicon::model::Overlay {
            terms: vec![crate::lexicon::model::OverlayTerm {
                term: "Jira".into(),
                role: crate::lexicon::Role::ProductOwner,
                weight: 5.0,
                category: crate::lexicon::Category::Tool,
                acronym: false,
            }],
        });
        let check = index.model_check(&model.content_hash).unwrap();
        assert_eq!(
            check,
            ModelCheck {
                docs: 2,
                outdated: 2
            }
        );

        let reopened = PostingIndex::open(dir.path()).unwrap();
        let summary = reopened
            .reclassify(&Classifier::new(model.clone()), options(), &mut |_| Ok(()))
            .unwrap();
        assert_eq!(summary.docs, 2);
        let fresh = PostingIndex::open(dir.path()).unwrap();
        assert_eq!(fresh.model_check(&model.content_hash).unwrap().outdated, 0);
        let x = fresh.get("x").unwrap().unwrap();
        assert!(
            x.evidence.iter().any(|e| e.term == "Jira"),
            "{:?}",
            x.evidence
        );
        assert_eq!(x.body, body);
    }

    #[test]
    fn merges_leave_large_segments_alone() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let writer = index.writer(Some(1)).unwrap();
        let policy = writer.get_merge_policy();
        let segments = |sizes: &[u32]| {
            sizes
                .iter()
                .map(|&n| {
                    index
                        .index
                        .new_segment_meta(tantivy::index::SegmentId::generate_random(), n)
                })
                .collect::<Vec<_>>()
        };
        // Eight small segments merge into one ...
        let small = segments(&[5_000; 8]);
        let candidates = policy.compute_merge_candidates(&small);
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].0.len(), 8);
        // ... but eight of the size such merges make stay as they are: no merge reads more than
        // eight segments of at most MAX_DOCS_BEFORE_MERGE postings.
        let merged = segments(&[40_000; 8]);
        assert!(policy.compute_merge_candidates(&merged).is_empty());
    }

    #[test]
    fn a_second_writer_is_refused_as_locked() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let _held = index.writer(Some(1)).unwrap();
        let other = PostingIndex::open(dir.path()).unwrap();
        let err = other
            .add(postings(&[]), &classifier(), options(), &mut |_| Ok(()))
            .unwrap_err();
        assert!(matches!(err, Error::IndexLocked { .. }), "{err:?}");
        assert!(err.to_string().contains("being written by another process"));
    }

    #[test]
    fn a_leftover_temporary_meta_file_does_not_block_the_index() {
        let dir = tempfile::tempdir().unwrap();
        // A first ingest killed before its meta file's rename (pid 4294967295 never runs).
        let stale = dir.path().join(format!(".{META_FILE}.tmp-4294967295"));
        std::fs::write(&stale, "{").unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        index
            .add(postings(&[]), &classifier(), options(), &mut |_| Ok(()))
            .unwrap();
        assert!(!stale.exists(), "the dead writer's leftover is removed");
        assert!(PostingIndex::open(dir.path()).is_ok());
        // A concurrent creator's temporary file is not "other files" either.
        let dir = tempfile::tempdir().unwrap();
        // (pid 1 always runs)
        let live = dir.path().join(format!(".{META_FILE}.tmp-1"));
        std::fs::write(&live, "{").unwrap();
        PostingIndex::open_or_create(dir.path()).unwrap();
        assert!(live.exists(), "a live writer's file is left alone");
    }

    #[test]
    fn creating_an_index_another_process_just_created_opens_it() {
        let dir = tempfile::tempdir().unwrap();
        PostingIndex::open_or_create(dir.path()).unwrap();
        // The state a loser of the creation race sees: tantivy's files already there.
        assert!(PostingIndex::create_tantivy(dir.path()).is_ok());
    }

    #[test]
    fn directories_that_are_not_rolesift_indexes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("notes");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("todo.txt"), "x").unwrap();
        let err = PostingIndex::open_or_create(&other).unwrap_err();
        assert!(matches!(err, Error::NotAnIndex { .. }), "{err}");
        assert!(err.to_string().contains("not a rolesift index"), "{err}");

        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = PostingIndex::open(&file).unwrap_err();
        assert!(err.to_string().contains("not an index directory"), "{err}");

        let missing = dir.path().join("missing");
        let err = PostingIndex::open(&missing).unwrap_err();
        assert!(err.to_string().contains("rolesift index add"), "{err}");
        assert!(!missing.exists(), "reading never creates an index");

        let old = dir.path().join("old");
        PostingIndex::open_or_create(&old).unwrap();
        let meta = IndexMeta {
            schema_version: SCHEMA_VERSION + 1,
            ..IndexMeta::current()
        };
        write_atomically(&old.join(META_FILE), &meta_json(&meta)).unwrap();
        let err = PostingIndex::open(&old).unwrap_err();
        assert!(matches!(err, Error::IncompatibleIndex { .. }), "{err}");
        assert!(err.to_string().contains("remove the directory"), "{err}");
    }

    #[test]
    fn stats_count_labels_sources_and_models() {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        add(
            &index,
            &[
                ("a", "Product Owner", "As a Product Owner you will own the product backlog, write user stories and run sprint planning."),
                ("b", "Chef", "Cook."),
                ("c", "Baker", "Bake."),
            ],
        );
        add(&index, &[("c", "Baker", "Bake bread.")]);
        let stats = PostingIndex::open(dir.path()).unwrap().stats().unwrap();
        assert_eq!(stats.docs, 3);
        assert_eq!(stats.labels[&Label::ProductOwner], 1);
        assert_eq!(stats.labels[&Label::Neither], 2);
        assert_eq!(stats.sources["test.jsonl"], 3);
        assert_eq!(stats.models.values().sum::<u64>(), 3);
        assert_eq!(stats.review.values().sum::<u64>(), 3);
        assert!(stats.size_bytes > 0);
    }
}
