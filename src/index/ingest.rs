//! Ingest's moving parts: the document built for each classified posting, its repost group,
//! and the batch sink that upserts into the one writer and commits in batches.
//!
//! Kept apart from [`PostingIndex`](super::PostingIndex), which drives an ingest: these are
//! the write path's pieces, used only while an ingest runs.

use super::repost::{self, Fingerprint};
use super::stored::stored_evidence;
use super::{field, tantivy_error, Fields, IngestEvent};
use crate::classify::batch::{BatchSink, Outcome};
use crate::classify::Classification;
use crate::error::Result;
use crate::lexicon::model::Model;
use crate::posting::Posting;
use std::path::Path;
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, IndexReader, IndexWriter, TantivyDocument, TantivyError, Term};

/// The model stamp written with every document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ModelStamp {
    hash: String,
    format: u32,
}

impl ModelStamp {
    pub(super) fn of(model: &Model) -> Self {
        ModelStamp {
            hash: model.content_hash.clone(),
            format: model.format_version,
        }
    }
}

/// A classified posting's document on its way to the writer, with what finds its reposts.
pub(super) struct PendingDoc {
    pub(super) id: String,
    pub(super) doc: TantivyDocument,
    pub(super) fingerprint: Fingerprint,
}

/// Gives each posting its repost group (see [`repost`]): the group of the first earlier
/// posting, in this commit or in the index, with the same key and a matching sketch.
pub(super) struct RepostGrouper {
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
    pub(super) fn new(
        reader: IndexReader,
        fields: Fields,
    ) -> std::result::Result<Self, TantivyError> {
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
pub(super) struct WriterSink<'a, 'e> {
    pub(super) writer: &'a mut IndexWriter,
    pub(super) reposts: RepostGrouper,
    pub(super) fields: Fields,
    pub(super) commit_every: usize,
    pub(super) pending: usize,
    pub(super) written: u64,
    pub(super) commits: u64,
    pub(super) events: &'a mut (dyn FnMut(IngestEvent<'_>) -> Result<()> + 'e),
    pub(super) path: &'a Path,
}

impl WriterSink<'_, '_> {
    pub(super) fn commit(&mut self) -> Result<()> {
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
/// [`tokenizer::PreAnalyzed`](super::tokenizer::PreAnalyzed) text.
pub(super) fn document(
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
