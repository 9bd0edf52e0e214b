//! The evaluation report: every figure `rolesift eval` prints, as one value with two renderings.
//!
//! [`Report::build`] computes the figures from [`Example`]s with the pure metrics of
//! [`super`]; [`Report::write_json`] writes one JSON object (the machine contract: fixed field
//! order, `snake_case`, the headline figures first) and [`Report::write_table`] a text report
//! for people (never parse it). Misclassified postings are listed most confident first, since
//! a confident mistake says more about the model than a hesitant one.

use super::collect::Example;
use super::{
    auto_accept, calibration_bins, coverage_at, expected_calibration_error, AutoAccept,
    CalibrationBin, ClassMetrics, ConfusionMatrix, CoveragePoint, PerLabel, Prediction,
    ProductFigures, ReviewFigures, AUTO_ACCEPT_ACCURACY, CALIBRATION_BINS, COVERAGE_LEVELS,
};
use crate::classify::Field;
use crate::error::Result;
use crate::label::Label;
use crate::lexicon::Role;
use crate::output::table::fit;
use serde::Serialize;
use std::io::Write;

/// What was evaluated and how; echoed in the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalSettings {
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// Where labels came from (`field:label` or `title`).
    pub label_source: String,
    /// The classifier ignored titles.
    pub ignore_title: bool,
    /// Role names were masked in the body.
    pub mask_role_names: bool,
    /// The floor given with `--min-macro-f1`, if any.
    pub min_macro_f1: Option<f64>,
    /// At most this many misclassified postings are listed.
    pub show_errors: usize,
    /// The share of product postings assumed for the precision of a product label.
    pub prevalence: f64,
}

/// The model that was evaluated.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ModelRef {
    /// Its content hash.
    pub content_hash: String,
    /// Whether its thresholds were fitted by `model calibrate`.
    pub calibrated: bool,
}

/// How many records went where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Labelled postings evaluated.
    pub evaluated: u64,
    /// Of them, predicted right.
    pub correct: u64,
    /// Records without a usable label (skipped).
    pub unlabelled: u64,
    /// Records that could not be read (skipped).
    pub malformed: u64,
    /// Gold labels.
    pub gold: PerLabel<u64>,
    /// Predicted labels.
    pub predicted: PerLabel<u64>,
}

/// One piece of evidence of a misclassified posting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceBrief {
    /// The term.
    pub term: String,
    /// The role it supports.
    pub role: Role,
    /// Title or body.
    pub field: Field,
    /// What it added.
    pub contribution: f64,
}

/// A misclassified posting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misclassified {
    /// Its id.
    pub id: String,
    /// `path:line`.
    pub source: String,
    /// Its title.
    pub title: String,
    /// The gold label.
    pub gold: Label,
    /// rolesift's label.
    pub predicted: Label,
    /// rolesift's confidence.
    pub confidence: f64,
    /// Whether it was flagged for review.
    pub review: bool,
    /// The strongest evidence.
    pub evidence: Vec<EvidenceBrief>,
}

/// Every figure of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Share predicted right.
    pub accuracy: f64,
    /// Mean F1 over the classes present.
    pub macro_f1: f64,
    /// Expected calibration error.
    pub ece: f64,
    /// False-product rate, product recall and the precision of a product label in a real
    /// batch: the figures that say whether a product label can be trusted.
    pub product: ProductFigures,
    /// The same on the postings rolesift could read, i.e. not flagged `not_english`, `stub`,
    /// `truncated` or `no_evidence` (those are flagged for review whatever their label).
    pub product_readable: ProductFigures,
    /// Postings rolesift said it could not read.
    pub unreadable: u64,
    /// Precision, recall, F1, support per class.
    pub per_class: PerLabel<ClassMetrics>,
    /// `confusion[gold][predicted]`.
    pub confusion: PerLabel<PerLabel<u64>>,
    /// Record counts.
    pub counts: Counts,
    /// Coverage and accuracy above each confidence level.
    pub coverage: Vec<CoveragePoint>,
    /// How much can be accepted without review at 95% accuracy.
    pub auto_accept: AutoAccept,
    /// Reliability table.
    pub calibration: Vec<CalibrationBin>,
    /// What the review flag catches.
    pub review: ReviewFigures,
    /// Misclassified postings in all.
    pub errors_total: u64,
    /// The first [`EvalSettings::show_errors`] of them, most confident first.
    pub errors: Vec<Misclassified>,
    /// What was evaluated and how.
    pub options: EvalSettings,
    /// The model.
    pub model: ModelRef,
}

impl Report {
    /// Computes the report of `examples`.
    pub fn build(
        examples: &[Example],
        unlabelled: u64,
        malformed: u64,
        options: EvalSettings,
        model: ModelRef,
    ) -> Report {
        let predictions: Vec<Prediction> = examples.iter().map(Example::prediction).collect();
        let readable: Vec<Prediction> = examples
            .iter()
            .filter(|e| !e.unreadable)
            .map(Example::prediction)
            .collect();
        let matrix = ConfusionMatrix::of(&predictions);
        let bins = calibration_bins(&predictions, CALIBRATION_BINS);
        let mut wrong: Vec<&Example> = examples.iter().filter(|e| e.gold != e.predicted).collect();
        wrong.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        let errors = wrong
            .iter()
            .take(options.show_errors)
            .map(|e| Misclassified {
                id: e.id.clone(),
                source: e.source.to_string(),
                title: e.title.clone(),
                gold: e.gold,
                predicted: e.predicted,
                confidence: e.confidence,
                review: e.review,
                evidence: e
                    .evidence
                    .iter()
                    .map(|ev| EvidenceBrief {
                        term: ev.term.clone(),
                        role: ev.role,
                        field: ev.field,
                        contribution: ev.contribution,
                    })
                    .collect(),
            })
            .collect();
        Report {
            accuracy: matrix.accuracy(),
            macro_f1: matrix.macro_f1(),
            ece: expected_calibration_error(&bins),
            product: ProductFigures::of(&predictions, options.prevalence),
            product_readable: ProductFigures::of(&readable, options.prevalence),
            unreadable: (predictions.len() - readable.len()) as u64,
            per_class: matrix.per_class(),
            confusion: PerLabel::from_fn(|gold| PerLabel::from_fn(|p| matrix.count(gold, p))),
            counts: Counts {
                evaluated: matrix.total(),
                correct: matrix.correct(),
                unlabelled,
                malformed,
                gold: PerLabel::from_fn(|l| matrix.support(l)),
                predicted: PerLabel::from_fn(|l| matrix.predicted(l)),
            },
            coverage: coverage_at(&predictions, &COVERAGE_LEVELS),
            auto_accept: auto_accept(&predictions, AUTO_ACCEPT_ACCURACY),
            calibration: bins,
            review: ReviewFigures::of(&predictions),
            errors_total: wrong.len() as u64,
            errors,
            options,
            model,
        }
    }

    /// Whether macro-F1 is below the floor in [`EvalSettings::min_macro_f1`].
    pub fn below_floor(&self) -> bool {
        self.options
            .min_macro_f1
            .is_some_and(|floor| self.macro_f1 < floor)
    }

    /// Writes the report as one pretty-printed JSON object and a newline.
    pub fn write_json(&self, out: &mut dyn Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    }

    /// Writes the report as text for people.
    pub fn write_table(&self, out: &mut dyn Write) -> Result<()> {
        let o = &self.options;
        let mut how = vec![format!("labels from {}", o.label_source)];
        how.push(
            if o.ignore_title {
                "titles ignored"
            } else {
                "titles used"
            }
            .to_string(),
        );
        if o.mask_role_names {
            how.push("role names masked".to_string());
        }
        writeln!(
            out,
            "{} postings evaluated ({}); model {}{}",
            self.counts.evaluated,
            how.join(", "),
            self.model.content_hash,
            if self.model.calibrated {
                " (calibrated)"
            } else {
                ""
            }
        )?;
        if self.counts.unlabelled + self.counts.malformed > 0 {
            writeln!(
                out,
                "skipped: {} without a usable label, {} malformed",
                self.counts.unlabelled, self.counts.malformed
            )?;
        }
        writeln!(
            out,
            "\naccuracy {:.3}   macro-F1 {:.3}   ECE {:.3}",
            self.accuracy, self.macro_f1, self.ece
        )?;
        if let Some(floor) = o.min_macro_f1 {
            let verdict = if self.below_floor() {
                "BELOW"
            } else {
                "at or above"
            };
            writeln!(out, "macro-F1 is {verdict} the floor of {floor:.3}")?;
        }
        let p = &self.product;
        writeln!(
            out,
            "false-product rate {} ({} of {} non-product postings given a product label)",
            opt3(p.false_product_rate),
            p.false_product,
            p.non_product
        )?;
        writeln!(
            out,
            "product recall {} ({} of {} product postings given a product label)",
            opt3(p.product_recall),
            p.product_found,
            p.product
        )?;
        writeln!(
            out,
            "precision of a product label at {:.0}% product postings: {}",
            100.0 * p.prevalence,
            opt3(p.precision_at_prevalence)
        )?;
        let r = &self.product_readable;
        writeln!(
            out,
            "on the postings it could read ({} not English, stubs, cut off or without any role's \
             words left out): false-product rate {} ({} of {}), product recall {} ({} of {})",
            self.unreadable,
            opt3(r.false_product_rate),
            r.false_product,
            r.non_product,
            opt3(r.product_recall),
            r.product_found,
            r.product
        )?;

        writeln!(
            out,
            "\n{:<16} {:>9} {:>7} {:>7} {:>8} {:>10}",
            "label", "precision", "recall", "F1", "support", "predicted"
        )?;
        for label in Label::ALL {
            let m = self.per_class.get(label);
            writeln!(
                out,
                "{:<16} {:>9.3} {:>7.3} {:>7.3} {:>8} {:>10}",
                label.as_str(),
                m.precision,
                m.recall,
                m.f1,
                m.support,
                m.predicted
            )?;
        }

        writeln!(out, "\nconfusion (rows: gold, columns: predicted)")?;
        write!(out, "{:<16}", "")?;
        for label in Label::ALL {
            write!(out, " {:>15}", label.as_str())?;
        }
        writeln!(out)?;
        for gold in Label::ALL {
            write!(out, "{:<16}", gold.as_str())?;
            for predicted in Label::ALL {
                write!(out, " {:>15}", self.confusion.get(gold).get(predicted))?;
            }
            writeln!(out)?;
        }

        writeln!(out, "\ncoverage by confidence")?;
        writeln!(
            out,
            "{:<16} {:>8} {:>9} {:>9}",
            "min confidence", "covered", "coverage", "accuracy"
        )?;
        for point in &self.coverage {
            writeln!(
                out,
                "{:<16} {:>8} {:>8.1}% {:>9}",
                format!("≥ {:.2}", point.min_confidence),
                point.covered,
                100.0 * point.coverage,
                opt3(point.accuracy)
            )?;
        }
        let a = &self.auto_accept;
        match a.min_confidence {
            Some(level) => writeln!(
                out,
                "auto-accept at ≥ {:.0}% accuracy: confidence ≥ {level:.4} covers {} postings ({:.1}%), accuracy {} (chosen on this data: optimistic)",
                100.0 * a.target_accuracy,
                a.covered,
                100.0 * a.coverage,
                opt3(a.accuracy)
            )?,
            None => writeln!(
                out,
                "auto-accept at ≥ {:.0}% accuracy: no confidence level reaches it",
                100.0 * a.target_accuracy
            )?,
        }

        writeln!(
            out,
            "\ncalibration (predicted confidence vs observed accuracy)"
        )?;
        writeln!(
            out,
            "{:<12} {:>6} {:>11} {:>9} {:>7}",
            "confidence", "count", "mean conf.", "accuracy", "gap"
        )?;
        for bin in self.calibration.iter().filter(|b| b.count > 0) {
            let gap = bin
                .accuracy
                .zip(bin.mean_confidence)
                .map(|(acc, conf)| format!("{:+.3}", acc - conf))
                .unwrap_or_default();
            writeln!(
                out,
                "{:<12} {:>6} {:>11} {:>9} {:>7}",
                format!("{:.1}–{:.1}", bin.lower, bin.upper),
                bin.count,
                opt3(bin.mean_confidence),
                opt3(bin.accuracy),
                gap
            )?;
        }
        writeln!(out, "ECE {:.3} (0 is perfectly calibrated)", self.ece)?;

        let r = &self.review;
        writeln!(
            out,
            "\nreview flag: {} flagged ({:.1}%); accuracy {} unflagged, {} flagged; {} of {} errors flagged",
            r.flagged,
            100.0 * r.flagged_share,
            opt3(r.accuracy_unflagged),
            opt3(r.accuracy_flagged),
            r.errors_flagged,
            r.errors
        )?;

        if self.errors_total > 0 {
            writeln!(
                out,
                "\nmisclassified: {} (showing {}, most confident first)",
                self.errors_total,
                self.errors.len()
            )?;
        }
        for e in &self.errors {
            writeln!(
                out,
                "  {}  {}\n    gold {}, predicted {} ({:.2}{})  title: {}",
                e.source,
                fit(&e.id, 60),
                e.gold,
                e.predicted,
                e.confidence,
                if e.review { ", review" } else { "" },
                if e.title.is_empty() {
                    "—".to_string()
                } else {
                    fit(&e.title, 60)
                }
            )?;
            let shown = e
                .evidence
                .iter()
                .take(crate::output::TOP_EVIDENCE)
                .map(|ev| {
                    let field = if ev.field == Field::Title {
                        ", title"
                    } else {
                        ""
                    };
                    format!(
                        "{} ({}{field}, {:.2})",
                        ev.term,
                        ev.role.as_str(),
                        ev.contribution
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            writeln!(
                out,
                "    evidence: {}",
                if shown.is_empty() { "none" } else { &shown }
            )?;
        }
        Ok(())
    }
}

fn opt3(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.3}"))
}
