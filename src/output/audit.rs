//! Output formats of `audit`: JSONL (the contract: [`AuditRecord`]'s field order), CSV
//! (flattened, one header) and a table for people.
//!
//! Like `classify`'s formats these implement [`RecordFormat`], here over an [`AuditRecord`],
//! so records are formatted on the batch driver's worker threads.

use super::{csv_row, json_line, table, OutputFormat, RecordFormat};
use crate::audit::{AuditRecord, ContentEvidence, FindingEvidence};
use crate::posting::Posting;

/// JSONL: the [`AuditRecord`] as is.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditJsonl;

impl RecordFormat<AuditRecord> for AuditJsonl {
    fn record(&self, _posting: &Posting, record: &AuditRecord) -> Vec<u8> {
        json_line(record)
    }
}

/// `term (role) contribution` for body terms and `"phrase" (level)` for seniority cues,
/// joined with `; `.
pub fn content_evidence(evidence: &FindingEvidence) -> String {
    evidence
        .content
        .iter()
        .map(|c| match c {
            ContentEvidence::Term(e) => {
                format!("{} ({}) {:.2}", e.term, e.role.as_str(), e.contribution)
            }
            ContentEvidence::Seniority(cue) => {
                format!("\"{}\" ({})", cue.phrase, cue.implies.as_str())
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The additional findings as `verdict (severity)`, joined with `; `.
fn additional(record: &AuditRecord) -> String {
    record
        .additional
        .iter()
        .map(|f| format!("{} ({})", f.verdict, f.severity))
        .collect::<Vec<_>>()
        .join("; ")
}

/// CSV: one row per posting.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditCsv;

/// The CSV header of `audit`.
pub const AUDIT_CSV_HEADER: [&str; 15] = [
    "id",
    "title",
    "title_family",
    "title_seniority",
    "content_label",
    "verdict",
    "severity",
    "title_evidence",
    "content_evidence",
    "additional",
    "content_confidence",
    "content_review",
    "content_review_reasons",
    "title_cleaned",
    "specializations",
];

impl RecordFormat<AuditRecord> for AuditCsv {
    fn header(&self) -> Vec<u8> {
        csv_row(AUDIT_CSV_HEADER)
    }

    fn record(&self, _posting: &Posting, r: &AuditRecord) -> Vec<u8> {
        csv_row([
            r.id.clone(),
            r.title.clone(),
            r.title_family.to_string(),
            r.title_seniority.to_string(),
            r.content_label.to_string(),
            r.verdict.to_string(),
            r.severity.map(|s| s.to_string()).unwrap_or_default(),
            r.evidence.title.join("; "),
            content_evidence(&r.evidence),
            additional(r),
            r.content_confidence.to_string(),
            r.content_review.to_string(),
            r.content_review_reasons.join(";"),
            r.title_cleaned.clone(),
            r.specializations.join(";"),
        ])
    }
}

/// The table of `audit`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditTable;

const AUDIT_COLUMNS: [table::Column; 7] = [
    table::Column::left("ID", 14),
    table::Column::left("TITLE", 30),
    table::Column::left("TITLE FAMILY", 25),
    table::Column::fixed("CONTENT", 15),
    table::Column::left("VERDICT", 33),
    table::Column::fixed("SEV", 6),
    table::Column::last("EVIDENCE (TITLE → BODY)", 70),
];

impl RecordFormat<AuditRecord> for AuditTable {
    fn header(&self) -> Vec<u8> {
        table::row(&AUDIT_COLUMNS, &AUDIT_COLUMNS.map(|c| c.name.to_string()))
    }

    fn record(&self, _posting: &Posting, r: &AuditRecord) -> Vec<u8> {
        let mut verdict = r.verdict.to_string();
        if !r.additional.is_empty() {
            verdict.push_str(&format!(" +{}", r.additional.len()));
        }
        let body: Vec<String> = r
            .evidence
            .content
            .iter()
            .take(3)
            .map(|c| match c {
                ContentEvidence::Term(e) => e.term.clone(),
                ContentEvidence::Seniority(cue) => format!("\"{}\"", cue.phrase),
            })
            .collect();
        let cells = [
            r.id.clone(),
            super::terminal::shown(&r.title),
            r.title_family.to_string(),
            if r.content_review {
                format!("{}?", r.content_label)
            } else {
                r.content_label.to_string()
            },
            verdict,
            r.severity.map(|s| s.to_string()).unwrap_or_default(),
            format!(
                "{} → {}",
                or_dash(r.evidence.title.join(" ")),
                or_dash(body.join(", "))
            ),
        ];
        table::row(&AUDIT_COLUMNS, &cells)
    }
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "–".to_string()
    } else {
        text
    }
}

/// The record format of `audit` for an output format.
pub fn audit_format(format: OutputFormat) -> Box<dyn RecordFormat<AuditRecord>> {
    match format {
        OutputFormat::Jsonl => Box::new(AuditJsonl),
        OutputFormat::Csv => Box::new(AuditCsv),
        OutputFormat::Table => Box::new(AuditTable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::audit;
    use crate::{Classifier, ClassifyOptions, Model};

    fn record() -> (Posting, AuditRecord) {
        let classifier =
            Classifier::with_options(Model::embedded().unwrap(), ClassifyOptions::body_only());
        let posting = Posting::new(
            "Senior Product Owner, \"Payments\"",
            "This is an entry-level role. As a Product Manager you own the product roadmap, \
             market research and competitive analysis, and plan the product launch. You will \
             work with the sales and marketing teams to bring the product to the market, and \
             you will report on the results of each launch to the leadership of the company.",
        );
        let record = audit(&posting, &classifier.classify(&posting));
        (posting, record)
    }

    #[test]
    fn csv_rows_match_the_header() {
        let (posting, r) = record();
        let mut bytes = AuditCsv.header();
        bytes.extend(AuditCsv.record(&posting, &r));
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap().len(), AUDIT_CSV_HEADER.len());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "Senior Product Owner, \"Payments\"");
        assert_eq!(&row[5], "title_po_content_pm");
        assert_eq!(&row[6], "high");
        assert_eq!(&row[9], "seniority_contradicted (medium)");
        assert!(
            row[8].contains("product roadmap (product_manager)"),
            "{}",
            &row[8]
        );
    }

    #[test]
    fn table_rows_are_one_line() {
        let (posting, r) = record();
        let line = String::from_utf8(AuditTable.record(&posting, &r)).unwrap();
        assert_eq!(line.lines().count(), 1);
        assert!(line.contains("title_po_content_pm +1"), "{line}");
        assert!(line.contains("Senior Product Owner → "), "{line}");
    }
}
