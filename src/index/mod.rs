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
//!   [`tokenizer::RolesiftTokenizer`], registered under [`ANALYZER_NAME`] every time an index
//!   is opened, so queries, snippets and the classifier all see the same terms. The body is
//!   analysed once per posting: the classifier's pass collects its terms
//!   ([`tokenizer::PreAnalyzed`]) and the tokenizer replays them; the text as given is stored
//!   apart ([`field::BODY_ORIGINAL`]).
//! * **Upsert by id.** Adding a posting deletes any document with the same id in the same
//!   commit ([`IndexWriter::delete_term`] then `add_document`), so re-adding a file never
//!   duplicates. Postings without an id carry a content-derived one
//!   ([`Posting::content_id`]), so re-adding the same file is idempotent.
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
pub mod repost;
pub mod search;
pub mod tokenizer;

use crate::analyze::{html::CleanText, AnalyzerSettings, ANALYZER_NAME};
use crate::classify::batch::{self, BatchOptions, BatchSink, BatchSummary, Outcome, RecordSource};
use crate::classify::{Classification, Classifier, Evidence, Scores};
use crate::error::{Error, Result};
use crate::fs::write_atomically;
use crate::label::Label;
use crate::lexicon::model::Model;
use crate::posting::{Posting, SourceRef};
use crate::read::{RawRecord, RecordError};
use repost::Fingerprint;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::indexer::LogMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value as _,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument,
    TantivyError, Term,
};

/// The file that marks a directory as a rolesift index.
pub const META_FILE: &str = "rolesift-index.json";
/// The `kind` recorded in [`META_FILE`].
pub const META_KIND: &str = "rolesift-index";
/// Version of the index directory's layout (meta file, how documents are written). Bump it when
/// an older build could misread a newer index.
pub const INDEX_FORMAT_VERSION: u32 = 1;
/// Version of the tantivy schema ([`schema`]). Bump it whenever a field is added, removed or
/// indexed differently.
pub const SCHEMA_VERSION: u32 = 3;
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

/// Field names, as used in queries (`title:owner`, `label:hybrid`, `evidence:"user story"`).
pub mod field {
    /// The posting's id (exact).
    pub const ID: &str = "id";
    /// The title (analysed).
    pub const TITLE: &str = "title";
    /// The company (analysed).
    pub const COMPANY: &str = "company";
    /// The location (analysed).
    pub const LOCATION: &str = "location";
    /// The description (analysed, not stored: its terms come from the classifier's pass).
    pub const BODY: &str = "body";
    /// The description as given, HTML included (stored only).
    pub const BODY_ORIGINAL: &str = "body_original";
    /// The label (exact: `product_owner`, …).
    pub const LABEL: &str = "label";
    /// Confidence in [0, 1].
    pub const CONFIDENCE: &str = "confidence";
    /// Flagged for review.
    pub const REVIEW: &str = "review";
    /// Why (one keyword per reason: `review_reasons:low_margin`).
    pub const REVIEW_REASONS: &str = "review_reasons";
    /// Product-owner score.
    pub const PO_SCORE: &str = "po_score";
    /// Product-manager score.
    pub const PM_SCORE: &str = "pm_score";
    /// Other-role score.
    pub const OTHER_SCORE: &str = "other_score";
    /// Matched evidence terms, one value per distinct term (exact).
    pub const EVIDENCE: &str = "evidence";
    /// The full evidence, compact JSON (stored only).
    pub const EVIDENCE_JSON: &str = "evidence_json";
    /// The input file (exact).
    pub const SOURCE: &str = "source";
    /// The line in the input file (stored only).
    pub const SOURCE_LINE: &str = "source_line";
    /// The content hash of the model that classified the posting (exact).
    pub const MODEL_HASH: &str = "model_hash";
    /// The format version of that model.
    pub const MODEL_FORMAT: &str = "model_format";
    /// When the document was written (by `index add` or `index reclassify`).
    pub const INDEXED_AT: &str = "indexed_at";
    /// Input fields rolesift does not use, as JSON (stored only).
    pub const EXTRA: &str = "fields";
    /// The repost group: postings with the same value are one posting indexed under several
    /// ids (see [`super::repost`]).
    pub const REPOST_GROUP: &str = "repost_group";
    /// The band keys of the repost sketch (indexed, to find earlier copies; see
    /// [`super::repost::Fingerprint::band_keys`]).
    pub const REPOST_KEY: &str = "repost_key";
    /// The body's MinHash sketch, one fast value per slot (`slot << 32 | value`), read by
    /// column when looking for reposts: no stored document is decompressed.
    pub const REPOST_SKETCH: &str = "repost_sketch";
}

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`field::ID`].
    pub id: Field,
    /// See [`field::TITLE`].
    pub title: Field,
    /// See [`field::COMPANY`].
    pub company: Field,
    /// See [`field::LOCATION`].
    pub location: Field,
    /// See [`field::BODY`].
    pub body: Field,
    /// See [`field::BODY_ORIGINAL`].
    pub body_original: Field,
    /// See [`field::LABEL`].
    pub label: Field,
    /// See [`field::CONFIDENCE`].
    pub confidence: Field,
    /// See [`field::REVIEW`].
    pub review: Field,
    /// See [`field::REVIEW_REASONS`].
    pub review_reasons: Field,
    /// See [`field::PO_SCORE`].
    pub po_score: Field,
    /// See [`field::PM_SCORE`].
    pub pm_score: Field,
    /// See [`field::OTHER_SCORE`].
    pub other_score: Field,
    /// See [`field::EVIDENCE`].
    pub evidence: Field,
    /// See [`field::EVIDENCE_JSON`].
    pub evidence_json: Field,
    /// See [`field::SOURCE`].
    pub source: Field,
    /// See [`field::SOURCE_LINE`].
    pub source_line: Field,
    /// See [`field::MODEL_HASH`].
    pub model_hash: Field,
    /// See [`field::MODEL_FORMAT`].
    pub model_format: Field,
    /// See [`field::INDEXED_AT`].
    pub indexed_at: Field,
    /// See [`field::EXTRA`].
    pub extra: Field,
    /// See [`field::REPOST_GROUP`].
    pub repost_group: Field,
    /// See [`field::REPOST_KEY`].
    pub repost_key: Field,
    /// See [`field::REPOST_SKETCH`].
    pub repost_sketch: Field,
}

/// The index schema: analysed text for search, exact strings and fast fields for filters,
/// sorting and stats, and everything `show` needs stored.
pub fn schema() -> (Schema, Fields) {
    let analysed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let stored_only = TextOptions::default().set_stored();
    let analysed_unstored = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let number = || NumericOptions::default().set_stored().set_fast();
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field(field::ID, STRING | STORED),
        title: b.add_text_field(field::TITLE, analysed.clone()),
        company: b.add_text_field(field::COMPANY, analysed.clone()),
        location: b.add_text_field(field::LOCATION, analysed),
        body: b.add_text_field(field::BODY, analysed_unstored),
        body_original: b.add_text_field(field::BODY_ORIGINAL, stored_only.clone()),
        label: b.add_text_field(field::LABEL, STRING | STORED | FAST),
        confidence: b.add_f64_field(field::CONFIDENCE, number().set_indexed()),
        review: b.add_bool_field(field::REVIEW, INDEXED | STORED | FAST),
        review_reasons: b.add_text_field(field::REVIEW_REASONS, STRING | STORED),
        po_score: b.add_f64_field(field::PO_SCORE, number()),
        pm_score: b.add_f64_field(field::PM_SCORE, number()),
        other_score: b.add_f64_field(field::OTHER_SCORE, number()),
        evidence: b.add_text_field(field::EVIDENCE, STRING | STORED),
        evidence_json: b.add_text_field(field::EVIDENCE_JSON, stored_only.clone()),
        source: b.add_text_field(field::SOURCE, STRING | STORED | FAST),
        source_line: b.add_u64_field(field::SOURCE_LINE, STORED),
        model_hash: b.add_text_field(field::MODEL_HASH, STRING | STORED | FAST),
        model_format: b.add_u64_field(field::MODEL_FORMAT, STORED | FAST),
        indexed_at: b.add_date_field(field::INDEXED_AT, INDEXED | STORED | FAST),
        extra: b.add_text_field(field::EXTRA, stored_only),
        repost_group: b.add_u64_field(field::REPOST_GROUP, INDEXED | STORED | FAST),
        repost_key: b.add_u64_field(field::REPOST_KEY, INDEXED),
        repost_sketch: b.add_u64_field(field::REPOST_SKETCH, FAST),
    };
    (b.build(), fields)
}

/// The contents of [`META_FILE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Always [`META_KIND`].
    pub kind: String,
    /// [`INDEX_FORMAT_VERSION`] of the build that created the index.
    pub format_version: u32,
    /// [`SCHEMA_VERSION`] of the build that created the index.
    pub schema_version: u32,
    /// The analyzer the text fields were indexed with.
    pub analyzer: AnalyzerSettings,
    /// The rolesift version that created the index.
    pub created_by: String,
}

impl IndexMeta {
    /// The meta this build writes.
    pub fn current() -> Self {
        IndexMeta {
            kind: META_KIND.to_string(),
            format_version: INDEX_FORMAT_VERSION,
            schema_version: SCHEMA_VERSION,
            analyzer: AnalyzerSettings::default(),
            created_by: format!("rolesift {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The model stamp written with every document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ModelStamp {
    hash: String,
    format: u32,
}

impl ModelStamp {
    fn of(model: &Model) -> Self {
        ModelStamp {
            hash: model.content_hash.clone(),
            format: model.format_version,
        }
    }
}

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

/// A posting as stored in the index, with its classification: what `show` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPosting {
    /// The posting's id.
    pub id: String,
    /// Title as read.
    pub title: String,
    /// Company, when the input had one.
    pub company: Option<String>,
    /// Location, when the input had one.
    pub location: Option<String>,
    /// The label.
    pub label: Label,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// Flagged for review.
    pub review: bool,
    /// Why (short codes, as in `classify`).
    pub review_reasons: Vec<String>,
    /// Evidence per role.
    pub scores: Scores,
    /// The matched terms, with spans into the stored title and body.
    pub evidence: Vec<Evidence>,
    /// Input file and line.
    pub source: String,
    /// 1-based line in the input file.
    pub source_line: u64,
    /// The model that classified it.
    pub model_hash: String,
    /// That model's format version.
    pub model_format: u64,
    /// When the document was written, as Unix seconds (RFC 3339 in JSON).
    #[serde(serialize_with = "serialize_rfc3339")]
    pub indexed_at: i64,
    /// Input fields rolesift does not use.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
    /// The ids of the same posting indexed again (its repost group, itself left out): filled
    /// in by callers of [`PostingIndex::reposts_of`], empty as read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reposts: Vec<String>,
    /// The description as given (plain text or HTML).
    pub body: String,
}

impl StoredPosting {
    /// The posting again (for reclassification).
    pub fn to_posting(&self) -> Posting {
        Posting {
            id: self.id.clone(),
            title: self.title.clone(),
            company: self.company.clone(),
            location: self.location.clone(),
            body: self.body.clone(),
            extra: self.fields.clone(),
            source: SourceRef {
                path: self.source.clone(),
                line: self.source_line,
            },
        }
    }

    /// Title or body for display, HTML cleaned, with this posting's evidence highlighted.
    pub fn highlighted(&self, which: crate::classify::Field) -> Highlighted {
        let text = match which {
            crate::classify::Field::Title => &self.title,
            crate::classify::Field::Body => &self.body,
        };
        let spans: Vec<Range<usize>> = self
            .evidence
            .iter()
            .filter(|e| e.field == which)
            .flat_map(|e| e.spans.iter().map(|[s, e]| *s..*e))
            .collect();
        Highlighted::from_original(text, &spans, Layout::Lines)
    }
}

/// Text for display with highlighted byte ranges (sorted, not overlapping).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// The text: HTML cleaned, whitespace tidied.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<Range<usize>>,
}

/// How [`Highlighted`] text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One line: every whitespace run becomes one space (snippets).
    OneLine,
    /// Lines kept; spaces collapsed within lines, at most one blank line in a row (`show`).
    Lines,
}

/// Private-use characters marking highlight starts and ends while HTML is cleaned.
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';
/// Marks a block tag in HTML: at least one line break there.
const MARK_BREAK: char = '\u{E003}';

impl Highlighted {
    /// Cleans `original` (HTML → text) and tidies its whitespace, keeping `spans` (byte ranges
    /// of `original`, e.g. evidence spans) highlighted. Spans out of bounds, not on character
    /// boundaries, or overlapping an earlier span are ignored.
    pub fn from_original(original: &str, spans: &[Range<usize>], layout: Layout) -> Self {
        let mut spans = spans.to_vec();
        spans.sort_by_key(|r| (r.start, r.end));
        let mut marked = String::with_capacity(original.len() + 6 * spans.len());
        let push_text = |marked: &mut String, text: &str| {
            for (i, c) in text.char_indices() {
                if c == '<' && layout == Layout::Lines && starts_block_tag(&text[i..]) {
                    // Cleaning turns tags into spaces; for display, blocks start new lines.
                    marked.push(MARK_BREAK);
                }
                marked.push(unmarked(c));
            }
        };
        let mut at = 0;
        for span in spans {
            let ok = span.start >= at
                && span.start < span.end
                && span.end <= original.len()
                && original.is_char_boundary(span.start)
                && original.is_char_boundary(span.end);
            if !ok {
                continue;
            }
            push_text(&mut marked, &original[at..span.start]);
            marked.push(MARK_START);
            push_text(&mut marked, &original[span.clone()]);
            marked.push(MARK_END);
            at = span.end;
        }
        push_text(&mut marked, &original[at..]);
        let clean = CleanText::new(&marked);
        tidy(clean.text(), layout)
    }
}

/// `c`, or U+FFFD when the text itself contains one of the private marks.
fn unmarked(c: char) -> char {
    if matches!(c, MARK_START | MARK_END | MARK_BREAK) {
        '\u{FFFD}'
    } else {
        c
    }
}

/// Appends `text` to `out` with any private marks in it neutralised.
fn push_unmarked(out: &mut String, text: &str) {
    out.extend(text.chars().map(unmarked));
}

/// True when `text` starts with a tag that begins or ends a block (paragraph, list item,
/// heading, line break, …).
fn starts_block_tag(text: &str) -> bool {
    const BLOCKS: [&str; 12] = [
        "p", "li", "br", "div", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5",
    ];
    let name = text
        .trim_start_matches('<')
        .trim_start_matches('/')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) || name.eq_ignore_ascii_case("h6")
}

/// Collapses whitespace per `layout` and turns the marks into highlight ranges.
fn tidy(marked: &str, layout: Layout) -> Highlighted {
    let mut out = String::with_capacity(marked.len());
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut space = false;
    let mut newlines = 0usize;
    for c in marked.chars() {
        match c {
            MARK_START => {
                flush_space(&mut out, &mut space, &mut newlines);
                open = Some(out.len());
            }
            MARK_END => {
                if let Some(start) = open.take() {
                    let end = out.trim_end().len().max(start);
                    if end > start {
                        highlights.push(start..end);
                    }
                }
            }
            '\n' if layout == Layout::Lines => newlines += 1,
            MARK_BREAK => newlines = newlines.max(1),
            c if c.is_whitespace() || c.is_control() => space = true,
            c => {
                if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')') && newlines == 0 {
                    // A tag between a word and its punctuation left a space: drop it.
                    space = false;
                }
                flush_space(&mut out, &mut space, &mut newlines);
                out.push(c);
            }
        }
    }
    Highlighted {
        text: out,
        highlights,
    }
}

fn flush_space(out: &mut String, space: &mut bool, newlines: &mut usize) {
    if !out.is_empty() {
        if *newlines > 0 {
            out.push_str(if *newlines > 1 { "\n\n" } else { "\n" });
        } else if *space {
            out.push(' ');
        }
    }
    *space = false;
    *newlines = 0;
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

/// What a directory holds.
enum Found {
    Missing,
    Empty,
    Rolesift,
}

impl PostingIndex {
    /// Opens the index at `dir`, creating it when `dir` does not exist or is empty.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
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

/// A classified posting's document on its way to the writer, with what finds its reposts.
struct PendingDoc {
    id: String,
    doc: TantivyDocument,
    fingerprint: Fingerprint,
}

/// Gives each posting its repost group (see [`repost`]): the group of the first earlier
/// posting, in this commit or in the index, with the same key and a matching sketch.
struct RepostGrouper {
    /// The index as of the last commit.
    reader: IndexReader,
    /// Per segment of the last commit: what the band lookup reads (see [`CommittedSegment`]).
    segments: Vec<CommittedSegment>,
    fields: Fields,
    /// This commit's postings: (id, group, sketch). Cleared at each commit, when the reader
    /// sees them, so it never holds more than one commit's worth.
    recent: Vec<(String, u64, [u32; repost::SKETCH_SLOTS])>,
    /// Indexes into `recent` by band key.
    recent_bands: std::collections::HashMap<u64, Vec<usize>>,
}

impl RepostGrouper {
    fn new(reader: IndexReader, fields: Fields) -> std::result::Result<Self, TantivyError> {
        let mut grouper = RepostGrouper {
            reader,
            segments: Vec::new(),
            fields,
            recent: Vec::new(),
            recent_bands: std::collections::HashMap::new(),
        };
        grouper.open_segments()?;
        Ok(grouper)
    }

    /// Opens the band postings and the group and sketch columns of every committed segment,
    /// once per commit rather than once per posting.
    fn open_segments(&mut self) -> std::result::Result<(), TantivyError> {
        let searcher = self.reader.searcher();
        self.segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let columns = segment.fast_fields();
                Ok(CommittedSegment {
                    bands: segment.inverted_index(self.fields.repost_key)?,
                    alive: segment.alive_bitset().cloned(),
                    group: columns.u64(field::REPOST_GROUP)?,
                    sketch: columns.u64(field::REPOST_SKETCH)?,
                })
            })
            .collect::<std::result::Result<_, TantivyError>>()?;
        Ok(())
    }

    /// The group of `pending`: an earlier copy's, or a new one named after its id.
    fn group(&mut self, pending: &PendingDoc) -> std::result::Result<u64, TantivyError> {
        let f = &pending.fingerprint;
        let bands = f.band_keys();
        // As in the index (see `in_index`), a few candidates at most, each once.
        let mut candidates: Vec<usize> = Vec::new();
        for &i in bands
            .iter()
            .filter_map(|band| self.recent_bands.get(band))
            .flat_map(|hits| hits.iter().rev())
        {
            if candidates.len() == MAX_REPOST_CANDIDATES {
                break;
            }
            if !candidates.contains(&i) {
                candidates.push(i);
            }
        }
        let in_commit = candidates
            .into_iter()
            .map(|i| &self.recent[i])
            .find(|(id, _, sketch)| *id != pending.id && f.matches(sketch))
            .map(|(_, group, _)| *group);
        let group = match in_commit {
            Some(group) => group,
            None => self
                .in_index(pending, &bands)?
                .unwrap_or_else(|| repost::group_of_id(&pending.id)),
        };
        let at = self.recent.len();
        self.recent.push((pending.id.clone(), group, f.sketch));
        for band in bands {
            self.recent_bands.entry(band).or_default().push(at);
        }
        Ok(group)
    }

    /// The group of a committed posting with the same key and a matching sketch (its own
    /// earlier copy included: a posting added again keeps its group).
    fn in_index(
        &self,
        pending: &PendingDoc,
        bands: &[u64],
    ) -> std::result::Result<Option<u64>, TantivyError> {
        use tantivy::{DocSet, TERMINATED};
        let mut checked = 0;
        let mut seen: Vec<(usize, tantivy::DocId)> = Vec::new();
        for (segment_ord, segment) in self.segments.iter().enumerate() {
            for &band in bands {
                let term = Term::from_field_u64(self.fields.repost_key, band);
                let Some(mut postings) = segment
                    .bands
                    .read_postings(&term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if checked == MAX_REPOST_CANDIDATES {
                        return Ok(None);
                    }
                    let live = segment
                        .alive
                        .as_ref()
                        .is_none_or(|alive| alive.is_alive(doc));
                    // The same posting shares several bands: compared once.
                    if live && !seen.contains(&(segment_ord, doc)) {
                        seen.push((segment_ord, doc));
                        checked += 1;
                        let sketch = repost::sketch_from_values(segment.sketch.values_for_doc(doc));
                        if let (Some(sketch), Some(group)) = (sketch, segment.group.first(doc)) {
                            if pending.fingerprint.matches(&sketch) {
                                return Ok(Some(group));
                            }
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(None)
    }

    /// After a commit: the index now holds what `recent` held.
    fn committed(&mut self) -> std::result::Result<(), TantivyError> {
        self.recent.clear();
        self.recent_bands.clear();
        self.reader.reload()?;
        self.open_segments()
    }
}

/// Earlier postings compared with a new one at most, in this commit and in the index each.
/// Postings sharing a band are few (reposts, and rarely a chance match), and a repost matches
/// on its first candidate; but templated openings under one title and company can share bands
/// by the thousand without matching, and comparing them all would make an ingest quadratic.
const MAX_REPOST_CANDIDATES: usize = 16;

/// One committed segment as the repost lookup reads it.
struct CommittedSegment {
    /// The inverted index of [`field::REPOST_KEY`].
    bands: std::sync::Arc<tantivy::InvertedIndexReader>,
    /// Which documents are live (`None`: all).
    alive: Option<tantivy::fastfield::AliveBitSet>,
    /// [`field::REPOST_GROUP`].
    group: tantivy::columnar::Column<u64>,
    /// [`field::REPOST_SKETCH`].
    sketch: tantivy::columnar::Column<u64>,
}

/// The batch sink that upserts into the writer and commits in batches.
struct WriterSink<'a, 'e> {
    writer: &'a mut IndexWriter,
    reposts: RepostGrouper,
    fields: Fields,
    commit_every: usize,
    pending: usize,
    written: u64,
    commits: u64,
    events: &'a mut (dyn FnMut(IngestEvent<'_>) -> Result<()> + 'e),
    path: &'a Path,
}

impl WriterSink<'_, '_> {
    fn commit(&mut self) -> Result<()> {
        let commit = self.commits + 1;
        (self.events)(IngestEvent::Committing {
            commit,
            postings: self.written,
        })?;
        self.writer.commit().map_err(tantivy_error(self.path))?;
        self.reposts.committed().map_err(tantivy_error(self.path))?;
        self.commits = commit;
        self.pending = 0;
        (self.events)(IngestEvent::Committed {
            commit,
            postings: self.written,
        })
    }
}

impl BatchSink<PendingDoc> for WriterSink<'_, '_> {
    fn accept(&mut self, outcome: Outcome<PendingDoc>) -> Result<()> {
        match outcome {
            Outcome::Done(mut pending) => {
                let group = self
                    .reposts
                    .group(&pending)
                    .map_err(tantivy_error(self.path))?;
                pending.doc.add_u64(self.fields.repost_group, group);
                let PendingDoc { id, doc, .. } = pending;
                // Delete first: a delete applies to documents added before it, so the add below
                // survives and any older copy (committed or not) goes, in the same commit.
                self.writer
                    .delete_term(Term::from_field_text(self.fields.id, &id));
                self.writer
                    .add_document(doc)
                    .map_err(tantivy_error(self.path))?;
                self.pending += 1;
                self.written += 1;
                if self.pending >= self.commit_every {
                    self.commit()?;
                }
                Ok(())
            }
            Outcome::Skipped(error) => (self.events)(IngestEvent::Skipped(&error)),
        }
    }

    fn progress(&mut self, bytes_read: u64) {
        let _ = (self.events)(IngestEvent::Progress(bytes_read));
    }
}

/// The document for one classified posting; `body_terms` is the body as
/// [`tokenizer::PreAnalyzed`] text.
fn document(
    fields: &Fields,
    posting: &Posting,
    c: &Classification,
    body_terms: String,
    stamp: &ModelStamp,
    now: DateTime,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &posting.id);
    doc.add_text(fields.title, &posting.title);
    if let Some(company) = &posting.company {
        doc.add_text(fields.company, company);
    }
    if let Some(location) = &posting.location {
        doc.add_text(fields.location, location);
    }
    doc.add_text(fields.body, body_terms);
    doc.add_text(fields.body_original, &posting.body);
    doc.add_text(fields.label, c.label.as_str());
    doc.add_f64(fields.confidence, c.confidence);
    doc.add_bool(fields.review, c.review);
    for reason in c.review_reasons.iter() {
        doc.add_text(fields.review_reasons, reason.as_str());
    }
    doc.add_f64(fields.po_score, c.scores.product_owner);
    doc.add_f64(fields.pm_score, c.scores.product_manager);
    doc.add_f64(fields.other_score, c.scores.other_role);
    let mut terms: Vec<&str> = c.evidence.iter().map(|e| e.term.as_str()).collect();
    terms.sort_unstable();
    terms.dedup();
    for term in terms {
        doc.add_text(fields.evidence, term);
    }
    doc.add_text(fields.evidence_json, stored_evidence::encode(&c.evidence));
    doc.add_text(fields.source, &posting.source.path);
    doc.add_u64(fields.source_line, posting.source.line);
    doc.add_text(fields.model_hash, &stamp.hash);
    doc.add_u64(fields.model_format, u64::from(stamp.format));
    doc.add_date(fields.indexed_at, now);
    if !posting.extra.is_empty() {
        doc.add_text(
            fields.extra,
            serde_json::to_string(&posting.extra).expect("fields serialise"),
        );
    }
    doc
}

/// The evidence as stored: one JSON array per item instead of an object, in [`Evidence`]'s
/// field order. Evidence is often larger than the posting itself, and field names repeated in
/// every item made storing it cost about a tenth of an ingest.
mod stored_evidence {
    use crate::classify::{Context, Evidence, Field};
    use crate::lexicon::{Category, Role};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize)]
    struct Out<'a>(
        &'a str,
        Category,
        Role,
        u32,
        f64,
        &'a [[usize; 2]],
        f64,
        Field,
        Context,
    );

    #[derive(Deserialize)]
    struct In(
        String,
        Category,
        Role,
        u32,
        f64,
        Vec<[usize; 2]>,
        f64,
        Field,
        Context,
    );

    pub(super) fn encode(evidence: &[Evidence]) -> String {
        let items: Vec<Out<'_>> = evidence
            .iter()
            .map(|e| {
                Out(
                    &e.term,
                    e.category,
                    e.role,
                    e.count,
                    e.weight,
                    &e.spans,
                    e.contribution,
                    e.field,
                    e.context,
                )
            })
            .collect();
        serde_json::to_string(&items).expect("evidence serialises")
    }

    pub(super) fn decode(json: &str) -> serde_json::Result<Vec<Evidence>> {
        let items: Vec<In> = serde_json::from_str(json)?;
        Ok(items
            .into_iter()
            .map(
                |In(term, category, role, count, weight, spans, contribution, field, context)| {
                    Evidence {
                        term,
                        category,
                        role,
                        count,
                        weight,
                        spans,
                        contribution,
                        field,
                        context,
                    }
                },
            )
            .collect())
    }
}

/// Reads a stored document back.
fn stored_posting(
    fields: &Fields,
    doc: &TantivyDocument,
) -> std::result::Result<StoredPosting, String> {
    let text = |f: Field| {
        doc.get_first(f)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let number = |f: Field| doc.get_first(f).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let id = text(fields.id).ok_or("a stored document has no id")?;
    let label = text(fields.label)
        .unwrap_or_default()
        .parse()
        .map_err(|e| format!("document {id}: {e}"))?;
    let evidence = match text(fields.evidence_json) {
        Some(json) => stored_evidence::decode(&json)
            .map_err(|e| format!("document {id}: stored evidence: {e}"))?,
        None => Vec::new(),
    };
    let extra = match text(fields.extra) {
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| format!("document {id}: stored fields: {e}"))?
        }
        None => Map::new(),
    };
    Ok(StoredPosting {
        title: text(fields.title).unwrap_or_default(),
        company: text(fields.company),
        location: text(fields.location),
        label,
        confidence: number(fields.confidence),
        review: doc
            .get_first(fields.review)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        review_reasons: doc
            .get_all(fields.review_reasons)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        scores: Scores {
            product_owner: number(fields.po_score),
            product_manager: number(fields.pm_score),
            other_role: number(fields.other_score),
        },
        evidence,
        source: text(fields.source).unwrap_or_default(),
        source_line: doc
            .get_first(fields.source_line)
            .and_then(|v| v.as_u64())
            .unwrap_or(0),
        model_hash: text(fields.model_hash).unwrap_or_default(),
        model_format: doc
            .get_first(fields.model_format)
            .and_then(|v| v.as_u64())
            .unwrap_or(0),
        indexed_at: doc
            .get_first(fields.indexed_at)
            .and_then(|v| v.as_datetime())
            .map_or(0, |d| d.into_timestamp_secs()),
        fields: extra,
        reposts: Vec::new(),
        body: text(fields.body_original).unwrap_or_default(),
        id,
    })
}

/// Every stored posting of a searcher's snapshot, as records for the batch driver.
struct StoredPostings {
    searcher: Searcher,
    fields: Fields,
    path: PathBuf,
    segment: usize,
    docs: Vec<tantivy::DocId>,
    next: usize,
}

impl Iterator for StoredPostings {
    type Item = Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next >= self.docs.len() {
            let reader = self.searcher.segment_readers().get(self.segment)?;
            self.docs = reader.doc_ids_alive().collect();
            self.next = 0;
            self.segment += 1;
        }
        let address = DocAddress::new((self.segment - 1) as u32, self.docs[self.next]);
        self.next += 1;
        let doc: TantivyDocument = match self.searcher.doc(address) {
            Ok(doc) => doc,
            Err(e) => return Some(Err(tantivy_error(&self.path)(e))),
        };
        Some(
            stored_posting(&self.fields, &doc)
                .map(|stored| RawRecord::Ready(Box::new(stored.to_posting())))
                .map_err(|detail| Error::IndexDamaged {
                    path: self.path.clone(),
                    detail,
                }),
        )
    }
}

impl RecordSource for StoredPostings {}

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

/// The process id in the name of our meta file's temporary copy
/// (`.rolesift-index.json.tmp-PID`, as [`write_atomically`] names it).
fn meta_tmp_pid(name: &str) -> Option<u32> {
    name.strip_prefix('.')?
        .strip_prefix(META_FILE)?
        .strip_prefix(".tmp-")?
        .parse()
        .ok()
}

/// Removes temporary meta files whose writer is gone (Linux tells by `/proc`; elsewhere they
/// are only ignored).
fn remove_stale_meta_tmp(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(meta_tmp_pid) else {
            continue;
        };
        if !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn inspect(dir: &Path) -> Result<Found> {
    let metadata = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !metadata.is_dir() {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            message: "this is a file, not an index directory; give --index a directory \
                      (it is created when missing)"
                .to_string(),
        });
    }
    if dir.join(META_FILE).exists() {
        return Ok(Found::Rolesift);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    // Our own meta file's temporary copy, left by a first ingest killed in its first moments
    // (or being written right now by a concurrent one), is not "other files".
    let mut others = entries.filter_map(|e| e.ok()).filter(|e| {
        e.file_name()
            .to_str()
            .is_none_or(|name| meta_tmp_pid(name).is_none())
    });
    if others.next().is_none() {
        remove_stale_meta_tmp(dir);
        return Ok(Found::Empty);
    }
    let what = if dir.join("meta.json").exists() {
        "a tantivy index not made by rolesift"
    } else {
        "a directory with other files"
    };
    Err(Error::NotAnIndex {
        path: dir.to_path_buf(),
        message: format!(
            "not a rolesift index ({what}, no {META_FILE}); give --index a new or empty \
             directory (default {DEFAULT_INDEX_DIR}, or set {INDEX_DIR_ENV})"
        ),
    })
}

fn read_meta(dir: &Path) -> Result<IndexMeta> {
    let path = dir.join(META_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        message: format!(
            "{META_FILE} is unreadable ({e}); rebuild the index: remove the directory and run \
             `rolesift index add` again"
        ),
    })?;
    if value.get("kind").and_then(Value::as_str) != Some(META_KIND) {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            message: format!(
                "{META_FILE} does not describe a rolesift index; give --index another directory"
            ),
        });
    }
    serde_json::from_value(value).map_err(|e| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        message: format!(
            "{META_FILE} was written by another version of rolesift ({e}); rebuild the index: \
             remove the directory and run `rolesift index add` again"
        ),
    })
}

fn check_meta(dir: &Path) -> Result<IndexMeta> {
    let meta = read_meta(dir)?;
    let current = IndexMeta::current();
    let rebuild = "rebuild it: remove the directory and run `rolesift index add` again \
                   (or use a rolesift that matches it)";
    let problem = if meta.format_version != current.format_version {
        Some(format!(
            "index format {} (made by {}), but this build reads format {}",
            meta.format_version, meta.created_by, current.format_version
        ))
    } else if meta.schema_version != current.schema_version {
        Some(format!(
            "index schema version {} (made by {}), but this build uses version {}",
            meta.schema_version, meta.created_by, current.schema_version
        ))
    } else if meta.analyzer != current.analyzer {
        Some(format!(
            "the index was analysed with another analyzer ({:?}, made by {})",
            meta.analyzer.name, meta.created_by
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            message: format!("{problem}; {rebuild}"),
        }),
        None => Ok(meta),
    }
}

fn meta_json(meta: &IndexMeta) -> Vec<u8> {
    let mut json = serde_json::to_vec_pretty(meta).expect("meta serialises");
    json.push(b'\n');
    json
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

fn serialize_rfc3339<S: serde::Serializer>(
    secs: &i64,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*secs))
}

/// Unix seconds as an RFC 3339 UTC timestamp (`2025-01-31T12:00:00Z`).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

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

    #[test]
    fn highlighting_cleans_html_and_keeps_spans_on_the_words() {
        let html = "<p>Own the <b>product backlog</b> &amp; roadmap</p>";
        let start = html.find("product").unwrap();
        let end = html.find("backlog").unwrap() + "backlog".len();
        let r = html.find("roadmap").unwrap();
        let h = Highlighted::from_original(html, &[r..r + 7, start..end, 0..3], Layout::OneLine);
        assert_eq!(h.text, "Own the product backlog & roadmap");
        let words: Vec<&str> = h.highlights.iter().map(|r| &h.text[r.clone()]).collect();
        assert_eq!(
            words,
            ["product backlog", "roadmap"],
            "the span inside a tag is dropped"
        );

        let html =
            "<p>Our <b>Product Owner</b>.</p><ul><li>Own the backlog</li><li>Roadmap</li></ul>";
        let h = Highlighted::from_original(html, &[], Layout::Lines);
        assert_eq!(h.text, "Our Product Owner.\nOwn the backlog\nRoadmap");

        let plain = "Line one\n\n\n\n  Line   two \u{E000}";
        let h = Highlighted::from_original(plain, &[0..4, 100..200], Layout::Lines);
        assert_eq!(h.text, "Line one\n\nLine two \u{FFFD}");
        assert_eq!(h.highlights, vec![0..4]);
    }

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_735_689_599), "2024-12-31T23:59:59Z");
    }
}
