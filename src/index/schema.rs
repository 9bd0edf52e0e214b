//! The tantivy schema: field names as queries spell them, the fields, and how each is indexed.
//!
//! Kept apart because the schema is the index's data contract (it decides [`SCHEMA_VERSION`]),
//! read by ingest, by reading documents back and by search alike, and changes for its own
//! reasons.

use crate::analyze::ANALYZER_NAME;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

/// Version of the tantivy schema ([`schema`]). Bump it whenever a field is added, removed or
/// indexed differently.
pub const SCHEMA_VERSION: u32 = 3;

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
    /// ids (see [`crate::index::repost`]).
    pub const REPOST_GROUP: &str = "repost_group";
    /// The band keys of the repost sketch (indexed, to find earlier copies; see
    /// [`crate::index::repost::Fingerprint::band_keys`]).
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
