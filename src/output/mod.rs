//! Output formats: JSONL (the machine contract), CSV (flattened, one header), a table (for
//! people on a terminal; never parse it).
//!
//! Each format turns one record into bytes on its own ([`RecordFormat::record`] takes `&self`
//! and is `Sync`), so the batch driver formats on its worker threads and only writes bytes in
//! order. Every format is fully deterministic: same input, same bytes.

pub mod audit;
mod jsonl;
#[cfg(feature = "index")]
pub mod search;
pub mod table;
pub mod terminal;

use crate::classify::{Classification, Evidence, ReviewReasons, Scores};
use crate::label::Label;
use crate::posting::Posting;
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

/// The output formats of `classify` (and the shape shared by other commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header.
    Csv,
    /// An aligned table for people.
    Table,
}

/// Turns a posting and what a command made of it (`R`: a [`Classification`] for `classify`,
/// an [`AuditRecord`](crate::audit::AuditRecord) for `audit`) into bytes.
pub trait RecordFormat<R = Classification>: Sync {
    /// Written once before the first record.
    fn header(&self) -> Vec<u8> {
        Vec::new()
    }
    /// One record.
    fn record(&self, posting: &Posting, result: &R) -> Vec<u8>;
}

/// The JSONL record of `classify`, in contract order.
#[derive(Serialize)]
pub struct ClassifyRecord<'a> {
    /// Posting id.
    pub id: &'a str,
    /// Title as read.
    pub title: &'a str,
    /// The label.
    pub label: Label,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// Worth a human look.
    pub review: bool,
    /// Why it is worth a look (empty when it is not).
    pub review_reasons: ReviewReasons,
    /// Evidence per role.
    pub scores: &'a Scores,
    /// Matched terms, in the detail asked for.
    #[serde(skip_serializing_if = "EvidenceView::is_none")]
    pub evidence: EvidenceView<'a>,
    /// Input fields rolesift does not use (with `--keep-fields`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<&'a Map<String, Value>>,
}

impl<'a> ClassifyRecord<'a> {
    /// The record for one posting.
    pub fn new(posting: &'a Posting, c: &'a Classification, keep_fields: bool) -> Self {
        ClassifyRecord {
            id: &posting.id,
            title: &posting.title,
            label: c.label,
            confidence: c.confidence,
            review: c.review,
            review_reasons: c.review_reasons,
            scores: &c.scores,
            evidence: EvidenceView {
                evidence: &c.evidence,
                detail: EvidenceDetail::Full,
            },
            fields: keep_fields.then_some(&posting.extra),
        }
    }

    /// The same record with its evidence in another detail.
    pub fn with_evidence(mut self, detail: EvidenceDetail) -> Self {
        self.evidence.detail = detail;
        self
    }
}

/// How much of the evidence a record carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvidenceDetail {
    /// Every term with its spans (the default: what `show`, audits and reviewers need).
    #[default]
    Full,
    /// Every term without its spans: most of the output's size is spans.
    Terms,
    /// No `evidence` field: labels, confidence, review and scores only.
    None,
}

/// A record's evidence as serialised in some [`EvidenceDetail`].
pub struct EvidenceView<'a> {
    evidence: &'a [Evidence],
    detail: EvidenceDetail,
}

impl EvidenceView<'_> {
    fn is_none(&self) -> bool {
        self.detail == EvidenceDetail::None
    }
}

impl Serialize for EvidenceView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self.detail {
            EvidenceDetail::Full | EvidenceDetail::None => self.evidence.serialize(serializer),
            EvidenceDetail::Terms => {
                let mut seq = serializer.serialize_seq(Some(self.evidence.len()))?;
                for e in self.evidence {
                    seq.serialize_element(&EvidenceTerm {
                        term: &e.term,
                        category: e.category,
                        role: e.role,
                        count: e.count,
                        weight: e.weight,
                        contribution: e.contribution,
                        field: e.field,
                        context: e.context,
                    })?;
                }
                seq.end()
            }
        }
    }
}

/// One evidence item without its spans, fields in the full item's order.
#[derive(Serialize)]
struct EvidenceTerm<'a> {
    term: &'a str,
    category: crate::lexicon::Category,
    role: crate::lexicon::Role,
    count: u32,
    weight: f64,
    contribution: f64,
    field: crate::classify::Field,
    context: crate::classify::Context,
}

/// The evidence as a JSON array, as it stands in a JSONL record (the Python package's
/// `evidence` column): the same bytes as `serde_json::to_string`, without its per-field
/// dispatch.
pub fn evidence_json(evidence: &[Evidence]) -> String {
    let mut out = Vec::with_capacity(2 + 160 * evidence.len());
    jsonl::write_evidence_array(&mut out, evidence);
    String::from_utf8(out).expect("JSON written from strings is UTF-8")
}

/// One value as a JSON line.
pub fn json_line<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec(value).expect("records serialise");
    out.push(b'\n');
    out
}

/// JSONL output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Jsonl {
    /// How much evidence each record carries.
    pub evidence: EvidenceDetail,
    /// Include unknown input fields under `fields`.
    pub keep_fields: bool,
}

impl RecordFormat for Jsonl {
    fn record(&self, posting: &Posting, c: &Classification) -> Vec<u8> {
        let record = ClassifyRecord::new(posting, c, self.keep_fields).with_evidence(self.evidence);
        // About 60 bytes per evidence span and item: one allocation for most records.
        let mut out = Vec::with_capacity(256 + 64 * c.evidence.len());
        jsonl::write_record(&mut out, &record);
        out
    }
}

/// CSV output: one row per posting, evidence flattened to its top terms.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv {
    /// Add a `fields` column with the unknown input fields as JSON.
    pub keep_fields: bool,
}

/// How many evidence terms the CSV and table show.
pub const TOP_EVIDENCE: usize = 5;

/// `term (role)` for the strongest evidence, joined with `; `.
pub fn top_evidence(evidence: &[Evidence], n: usize) -> String {
    let mut shown: Vec<&Evidence> = Vec::with_capacity(n);
    for e in evidence.iter().filter(|e| e.contribution > 0.0) {
        if shown.len() == n {
            break;
        }
        if !shown.iter().any(|s| s.term == e.term && s.role == e.role) {
            shown.push(e);
        }
    }
    shown
        .iter()
        .map(|e| format!("{} ({})", e.term, e.role.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether CSV cells that a spreadsheet would run as a formula get a `'` in front.
static CSV_FORMULA_GUARD: AtomicBool = AtomicBool::new(false);

/// Turns the spreadsheet-formula guard of every CSV writer on or off, for the whole process
/// (the command line sets it once, from `--csv-formula-guard`).
///
/// A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
/// LibreOffice and Google Sheets as a formula ("CSV injection"): a posting titled
/// `=HYPERLINK(…)` would become a live link. The guard prefixes such cells with `'`, which
/// spreadsheets show as text. It is off by default because it changes the data: CSV is also
/// read by programs, for which `-5` or `+49 …` must stay as they are.
pub fn guard_csv_formulas(on: bool) {
    CSV_FORMULA_GUARD.store(on, Ordering::Relaxed);
}

/// A cell as written under the formula guard.
fn guarded(cell: &[u8]) -> Cow<'_, [u8]> {
    match cell.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let mut out = Vec::with_capacity(cell.len() + 1);
            out.push(b'\'');
            out.extend_from_slice(cell);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(cell),
    }
}

/// Writes one CSV row into bytes.
pub fn csv_row<I, S>(fields: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    if CSV_FORMULA_GUARD.load(Ordering::Relaxed) {
        let fields: Vec<S> = fields.into_iter().collect();
        writer
            .write_record(fields.iter().map(|f| guarded(f.as_ref())))
            .expect("writing to memory");
    } else {
        writer.write_record(fields).expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

impl RecordFormat for Csv {
    fn header(&self) -> Vec<u8> {
        let mut header = vec![
            "id",
            "title",
            "label",
            "confidence",
            "review",
            "review_reasons",
            "score_product_owner",
            "score_product_manager",
            "score_other_role",
            "top_evidence",
        ];
        if self.keep_fields {
            header.push("fields");
        }
        csv_row(header)
    }

    fn record(&self, posting: &Posting, c: &Classification) -> Vec<u8> {
        let mut row = vec![
            posting.id.clone(),
            posting.title.clone(),
            c.label.to_string(),
            c.confidence.to_string(),
            c.review.to_string(),
            c.review_reasons.join(";"),
            c.scores.product_owner.to_string(),
            c.scores.product_manager.to_string(),
            c.scores.other_role.to_string(),
            top_evidence(&c.evidence, TOP_EVIDENCE),
        ];
        if self.keep_fields {
            row.push(serde_json::to_string(&posting.extra).expect("fields serialise"));
        }
        csv_row(row)
    }
}

/// The table of `classify`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClassifyTable;

impl RecordFormat for ClassifyTable {
    fn header(&self) -> Vec<u8> {
        table::row(
            &CLASSIFY_COLUMNS,
            &CLASSIFY_COLUMNS.map(|c| c.name.to_string()),
        )
    }

    fn record(&self, posting: &Posting, c: &Classification) -> Vec<u8> {
        let cells = [
            posting.id.clone(),
            terminal::shown(&posting.title),
            c.label.to_string(),
            format!("{:.2}", c.confidence),
            review_cell(c),
            format!("{:.1}", c.scores.product_owner),
            format!("{:.1}", c.scores.product_manager),
            top_evidence(&c.evidence, 3),
        ];
        table::row(&CLASSIFY_COLUMNS, &cells)
    }
}

/// The review column: the reasons, or `review` when a classification carries the flag without
/// them (one made by an older rolesift).
fn review_cell(c: &Classification) -> String {
    match (c.review, c.review_reasons.is_empty()) {
        (false, _) => String::new(),
        (true, true) => "review".into(),
        (true, false) => c.review_reasons.join(","),
    }
}

const CLASSIFY_COLUMNS: [table::Column; 8] = [
    table::Column::left("ID", 14),
    table::Column::left("TITLE", 30),
    table::Column::fixed("LABEL", 15),
    table::Column::right("CONF", 4),
    table::Column::left("REVIEW", 22),
    table::Column::right("PO", 5),
    table::Column::right("PM", 5),
    table::Column::last("TOP EVIDENCE", 60),
];

/// The record format for an output format.
pub fn classify_format(
    format: OutputFormat,
    keep_fields: bool,
    evidence: EvidenceDetail,
) -> Box<dyn RecordFormat> {
    match format {
        OutputFormat::Jsonl => Box::new(Jsonl {
            evidence,
            keep_fields,
        }),
        OutputFormat::Csv => Box::new(Csv { keep_fields }),
        OutputFormat::Table => Box::new(ClassifyTable),
    }
}
