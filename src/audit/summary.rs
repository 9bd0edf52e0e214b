//! Counts over a run of audit records: per verdict, per title family × verdict, per severity.
//!
//! Records are counted by their `verdict` (their most severe finding), so per-family counts
//! add up to the family's postings and the report's stacked bars add up to its totals; the
//! further findings a record lists under `additional` are counted apart. The same counts feed
//! the summary on stderr and the HTML report.

use super::title::TitleFamily;
use super::verdict::{AuditRecord, Severity, Verdict};

const VERDICTS: usize = Verdict::ALL.len();
const FAMILIES: usize = TitleFamily::ALL.len();

/// Counts over audited postings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditSummary {
    /// Postings audited.
    pub audited: u64,
    /// Postings per verdict (indexed by [`Verdict::index`]).
    pub verdicts: [u64; VERDICTS],
    /// Postings per title family and verdict (family in [`TitleFamily::ALL`] order).
    pub families: [[u64; VERDICTS]; FAMILIES],
    /// Postings per severity (indexed by [`Severity::index`]); consistent ones are in none.
    pub severities: [u64; 4],
    /// Additional findings per verdict.
    pub additional: [u64; VERDICTS],
}

impl AuditSummary {
    /// Counts one record.
    pub fn add(&mut self, record: &AuditRecord) {
        self.audited += 1;
        self.verdicts[record.verdict.index()] += 1;
        self.families[family_index(record.title_family)][record.verdict.index()] += 1;
        if let Some(severity) = record.severity {
            self.severities[severity.index()] += 1;
        }
        for finding in &record.additional {
            self.additional[finding.verdict.index()] += 1;
        }
    }

    /// Postings with at least one finding.
    pub fn with_findings(&self) -> u64 {
        self.severities.iter().sum()
    }

    /// Postings with a finding at `severity` or above.
    pub fn at_or_above(&self, severity: Severity) -> u64 {
        self.severities[severity.index()..].iter().sum()
    }

    /// Postings with this title family.
    pub fn family_total(&self, family: TitleFamily) -> u64 {
        self.families[family_index(family)].iter().sum()
    }

    /// Postings with this title family and verdict.
    pub fn family_verdict(&self, family: TitleFamily, verdict: Verdict) -> u64 {
        self.families[family_index(family)][verdict.index()]
    }

    /// The families seen, most postings first (ties in [`TitleFamily::ALL`] order).
    pub fn families_seen(&self) -> Vec<TitleFamily> {
        let mut seen: Vec<TitleFamily> = TitleFamily::ALL
            .into_iter()
            .filter(|f| self.family_total(*f) > 0)
            .collect();
        seen.sort_by_key(|f| std::cmp::Reverse(self.family_total(*f)));
        seen
    }

    /// A few lines for people: the totals, postings per verdict, then per title family.
    pub fn describe(&self) -> String {
        let severities = Severity::ALL
            .iter()
            .rev()
            .map(|s| format!("{s} {}", self.severities[s.index()]))
            .collect::<Vec<_>>()
            .join(", ");
        let mut out = format!(
            "{} audited; {} with findings ({severities})\n",
            self.audited,
            self.with_findings()
        );
        let width = Verdict::ALL
            .iter()
            .map(|v| v.as_str().len())
            .max()
            .unwrap_or(0);
        out.push_str("  by verdict:\n");
        for v in Verdict::ALL {
            let n = self.verdicts[v.index()];
            let extra = self.additional[v.index()];
            if n == 0 && extra == 0 {
                continue;
            }
            out.push_str(&format!("    {:<width$}  {n:>6}", v.as_str()));
            if extra > 0 {
                out.push_str(&format!("  (+{extra} as an additional finding)"));
            }
            out.push('\n');
        }
        out.push_str("  by title family:\n");
        let width = TitleFamily::ALL
            .iter()
            .map(|f| f.as_str().len())
            .max()
            .unwrap_or(0);
        for family in self.families_seen() {
            let parts = Verdict::ALL
                .iter()
                .filter_map(|v| {
                    let n = self.family_verdict(family, *v);
                    (n > 0).then(|| format!("{v} {n}"))
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "    {:<width$}  {:>6}  {parts}\n",
                family.as_str(),
                self.family_total(family)
            ));
        }
        out
    }
}

/// Position of a family in [`TitleFamily::ALL`].
pub fn family_index(family: TitleFamily) -> usize {
    TitleFamily::ALL
        .iter()
        .position(|f| *f == family)
        .expect("every family is listed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::title::Seniority;
    use crate::audit::verdict::{Finding, FindingEvidence};
    use crate::classify::Scores;
    use crate::label::Label;

    fn record(family: TitleFamily, verdict: Verdict, severity: Option<Severity>) -> AuditRecord {
        AuditRecord {
            id: "x".into(),
            title: "t".into(),
            title_family: family,
            title_seniority: Seniority::Mid,
            content_label: Label::Neither,
            verdict,
            severity,
            evidence: FindingEvidence::default(),
            additional: Vec::new(),
            content_confidence: 1.0,
            content_review: false,
            content_review_reasons: Default::default(),
            content_scores: Scores::default(),
            title_cleaned: String::new(),
            specializations: Vec::new(),
        }
    }

    #[test]
    fn counts_add_up() {
        let mut s = AuditSummary::default();
        s.add(&record(
            TitleFamily::ProductOwner,
            Verdict::Consistent,
            None,
        ));
        s.add(&record(
            TitleFamily::ProductOwner,
            Verdict::TitlePoContentPm,
            Some(Severity::High),
        ));
        let mut with_extra = record(
            TitleFamily::ProductManager,
            Verdict::TitlePmContentPo,
            Some(Severity::Low),
        );
        with_extra.additional.push(Finding {
            verdict: Verdict::SeniorityContradicted,
            severity: Severity::Low,
            evidence: FindingEvidence::default(),
        });
        s.add(&with_extra);
        assert_eq!(s.audited, 3);
        assert_eq!(s.with_findings(), 2);
        assert_eq!(s.at_or_above(Severity::Info), 2);
        assert_eq!(s.at_or_above(Severity::Medium), 1);
        assert_eq!(s.family_total(TitleFamily::ProductOwner), 2);
        assert_eq!(
            s.family_verdict(TitleFamily::ProductOwner, Verdict::TitlePoContentPm),
            1
        );
        assert_eq!(s.additional[Verdict::SeniorityContradicted.index()], 1);
        assert_eq!(
            s.families_seen(),
            [TitleFamily::ProductOwner, TitleFamily::ProductManager]
        );
        let text = s.describe();
        assert!(text.starts_with("3 audited; 2 with findings (high 1, medium 0, low 1, info 0)"));
        assert!(text.contains("(+1 as an additional finding)"), "{text}");
        assert!(
            text.contains("product_owner") && text.contains("consistent 1, title_po_content_pm 1"),
            "{text}"
        );
    }
}
