//! Postings as stored in the index: reading a document back whole, every stored posting as
//! records for the batch driver, and the compact form stored evidence takes.
//!
//! Kept apart because it is the read side of the document format (`ingest` writes it, and
//! encodes evidence with [`stored_evidence`], kept here beside its decoder): `show`, search
//! hits, `reclassify` and `audit --index` all read postings here.

use super::{tantivy_error, Fields, Highlighted, Layout};
use crate::classify::batch::RecordSource;
use crate::classify::{Evidence, Scores};
use crate::error::{Error, Result};
use crate::label::Label;
use crate::posting::{Posting, SourceRef};
use crate::read::RawRecord;
use serde::Serialize;
use serde_json::{Map, Value};
use std::ops::Range;
use std::path::PathBuf;
use tantivy::schema::{Field, Value as _};
use tantivy::{DocAddress, Searcher, TantivyDocument};

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
    /// in by callers of [`PostingIndex::reposts_of`](super::PostingIndex::reposts_of), empty
    /// as read.
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

/// The evidence as stored: one JSON array per item instead of an object, in [`Evidence`]'s
/// field order. Evidence is often larger than the posting itself, and field names repeated in
/// every item made storing it cost about a tenth of an ingest.
pub(super) mod stored_evidence {
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

    pub(in crate::index) fn encode(evidence: &[Evidence]) -> String {
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
pub(super) fn stored_posting(
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
pub(super) struct StoredPostings {
    pub(super) searcher: Searcher,
    pub(super) fields: Fields,
    pub(super) path: PathBuf,
    pub(super) segment: usize,
    pub(super) docs: Vec<tantivy::DocId>,
    pub(super) next: usize,
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

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_735_689_599), "2024-12-31T23:59:59Z");
    }
}
