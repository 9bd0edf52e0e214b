//! Evaluation: how often rolesift's answer matches a labelled set, and how far its confidence
//! can be trusted.
//!
//! A classifier without a measured accuracy is a guess, and a confidence without a measured
//! calibration is decoration. This module holds the metrics as pure functions over
//! [`Prediction`]s (gold label, predicted label, confidence, review flag), so they can be
//! checked against hand-computed examples and reused by `rolesift eval`, `rolesift model
//! calibrate` and the benchmark alike:
//!
//! * a [`ConfusionMatrix`] (rows: gold, columns: predicted), with accuracy, per-class
//!   precision / recall / F1 / support ([`ClassMetrics`]) and macro-F1;
//! * coverage and accuracy above each confidence level ([`coverage_at`]) and the largest share
//!   that can be auto-accepted at a target accuracy ([`auto_accept`]);
//! * a reliability table of predicted confidence against observed accuracy
//!   ([`calibration_bins`]) and the expected calibration error ([`expected_calibration_error`]);
//! * what the review flag catches ([`ReviewFigures`]).
//!
//! Conventions, chosen to match the usual definitions (scikit-learn's with `zero_division=0`):
//! precision of a class never predicted is 0, recall of a class that never occurs is 0, and F1
//! is 0 when both are. Macro-F1 averages F1 over the classes that occur in the gold labels *or*
//! the predictions, so a label nobody used and nothing predicted does not drag it down, while
//! predicting a label that never occurs does.
//!
//! Where it sits: [`labels`] reads gold labels, [`collect()`] runs the batch classifier over a
//! labelled set, [`report`] turns the examples into the figures `rolesift eval` prints, and
//! [`calibrate`] fits thresholds with k-fold cross-validation.

pub mod calibrate;
pub mod collect;
pub mod labels;
pub mod report;

use crate::label::Label;
use serde::Serialize;

pub use collect::{collect, Collected, Example, Unlabelled};
pub use labels::LabelSource;

/// One evaluated posting, reduced to what the metrics need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The label the data says.
    pub gold: Label,
    /// The label rolesift gave.
    pub predicted: Label,
    /// rolesift's confidence in `predicted`, in [0, 1].
    pub confidence: f64,
    /// Whether rolesift flagged the posting for review.
    pub review: bool,
}

impl Prediction {
    /// Whether the prediction is right.
    pub fn correct(&self) -> bool {
        self.gold == self.predicted
    }
}

/// A value per label, in [`Label::ALL`] order; serialises as an object keyed by label name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PerLabel<T> {
    /// For product owner.
    pub product_owner: T,
    /// For product manager.
    pub product_manager: T,
    /// For hybrid.
    pub hybrid: T,
    /// For neither.
    pub neither: T,
}

impl<T> PerLabel<T> {
    /// Builds the value of each label with `f`.
    pub fn from_fn(mut f: impl FnMut(Label) -> T) -> Self {
        PerLabel {
            product_owner: f(Label::ProductOwner),
            product_manager: f(Label::ProductManager),
            hybrid: f(Label::Hybrid),
            neither: f(Label::Neither),
        }
    }

    /// The value for `label`.
    pub fn get(&self, label: Label) -> &T {
        match label {
            Label::ProductOwner => &self.product_owner,
            Label::ProductManager => &self.product_manager,
            Label::Hybrid => &self.hybrid,
            Label::Neither => &self.neither,
        }
    }
}

/// Counts of (gold, predicted) pairs. Rows are gold labels, columns predicted labels, both in
/// [`Label::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConfusionMatrix {
    counts: [[u64; 4]; 4],
}

impl ConfusionMatrix {
    /// The matrix of `predictions`.
    pub fn of(predictions: &[Prediction]) -> Self {
        let mut matrix = ConfusionMatrix::default();
        for p in predictions {
            matrix.add(p.gold, p.predicted);
        }
        matrix
    }

    /// Counts one pair.
    pub fn add(&mut self, gold: Label, predicted: Label) {
        self.counts[gold.index()][predicted.index()] += 1;
    }

    /// How many postings labelled `gold` were predicted `predicted`.
    pub fn count(&self, gold: Label, predicted: Label) -> u64 {
        self.counts[gold.index()][predicted.index()]
    }

    /// The counts, rows gold, columns predicted.
    pub fn rows(&self) -> &[[u64; 4]; 4] {
        &self.counts
    }

    /// How many pairs.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// How many pairs agree.
    pub fn correct(&self) -> u64 {
        (0..4).map(|i| self.counts[i][i]).sum()
    }

    /// Share of pairs that agree (0 for an empty matrix).
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct(), self.total()).unwrap_or(0.0)
    }

    /// How many postings carry the gold label `label`.
    pub fn support(&self, label: Label) -> u64 {
        self.counts[label.index()].iter().sum()
    }

    /// How many postings were predicted `label`.
    pub fn predicted(&self, label: Label) -> u64 {
        self.counts.iter().map(|row| row[label.index()]).sum()
    }

    /// Precision, recall, F1 and support of one class.
    pub fn class_metrics(&self, label: Label) -> ClassMetrics {
        let hits = self.count(label, label);
        let support = self.support(label);
        let predicted = self.predicted(label);
        let precision = ratio(hits, predicted).unwrap_or(0.0);
        let recall = ratio(hits, support).unwrap_or(0.0);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        ClassMetrics {
            precision,
            recall,
            f1,
            support,
            predicted,
        }
    }

    /// [`ConfusionMatrix::class_metrics`] for every label.
    pub fn per_class(&self) -> PerLabel<ClassMetrics> {
        PerLabel::from_fn(|label| self.class_metrics(label))
    }

    /// The mean F1 over the classes that occur in the gold labels or the predictions (0 for an
    /// empty matrix).
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<f64> = Label::ALL
            .iter()
            .map(|&l| self.class_metrics(l))
            .filter(|m| m.support > 0 || m.predicted > 0)
            .map(|m| m.f1)
            .collect();
        if present.is_empty() {
            0.0
        } else {
            present.iter().sum::<f64>() / present.len() as f64
        }
    }
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ClassMetrics {
    /// Of the postings predicted this class, the share that carry it.
    pub precision: f64,
    /// Of the postings that carry this class, the share predicted it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Postings that carry this class.
    pub support: u64,
    /// Postings predicted this class.
    pub predicted: u64,
}

/// The confidence levels of the coverage table: 0.50, 0.55, …, 0.95.
pub const COVERAGE_LEVELS: [f64; 10] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/// The accuracy at which an answer is good enough to accept without a look: the level
/// occupation coders use for automatic coding.
pub const AUTO_ACCEPT_ACCURACY: f64 = 0.95;

/// The answers at or above one confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CoveragePoint {
    /// The level.
    pub min_confidence: f64,
    /// Postings with at least that confidence.
    pub covered: u64,
    /// Their share of all postings.
    pub coverage: f64,
    /// Their accuracy (`None` when none is covered).
    pub accuracy: Option<f64>,
}

/// Coverage and accuracy of the answers at or above each of `levels`.
pub fn coverage_at(predictions: &[Prediction], levels: &[f64]) -> Vec<CoveragePoint> {
    let total = predictions.len() as u64;
    levels
        .iter()
        .map(|&level| {
            let (covered, correct) = predictions
                .iter()
                .filter(|p| p.confidence >= level)
                .fold((0u64, 0u64), |(n, c), p| {
                    (n + 1, c + u64::from(p.correct()))
                });
            CoveragePoint {
                min_confidence: level,
                covered,
                coverage: ratio(covered, total).unwrap_or(0.0),
                accuracy: ratio(correct, covered),
            }
        })
        .collect()
}

/// How much can be accepted without review at a target accuracy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AutoAccept {
    /// The target accuracy.
    pub target_accuracy: f64,
    /// The lowest confidence level whose answers (all those at or above it) still reach the
    /// target; `None` when no level does.
    pub min_confidence: Option<f64>,
    /// Postings at or above that level.
    pub covered: u64,
    /// Their share of all postings.
    pub coverage: f64,
    /// Their accuracy.
    pub accuracy: Option<f64>,
}

/// The largest set of most-confident answers whose accuracy reaches `target`: answers are
/// taken in order of falling confidence (ties together), and the cut with the most answers
/// that still reaches `target` wins. Measured on the data given, so it is optimistic on the
/// set it was chosen on; `model calibrate` reports it out of fold.
pub fn auto_accept(predictions: &[Prediction], target: f64) -> AutoAccept {
    let mut sorted: Vec<&Prediction> = predictions.iter().collect();
    sorted.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let total = predictions.len() as u64;
    let mut best = AutoAccept {
        target_accuracy: target,
        min_confidence: None,
        covered: 0,
        coverage: 0.0,
        accuracy: None,
    };
    let (mut covered, mut correct) = (0u64, 0u64);
    for (i, p) in sorted.iter().enumerate() {
        covered += 1;
        correct += u64::from(p.correct());
        let last_of_tie = sorted
            .get(i + 1)
            .is_none_or(|next| next.confidence != p.confidence);
        let accuracy = correct as f64 / covered as f64;
        if last_of_tie && accuracy >= target {
            best = AutoAccept {
                target_accuracy: target,
                min_confidence: Some(p.confidence),
                covered,
                coverage: ratio(covered, total).unwrap_or(0.0),
                accuracy: Some(accuracy),
            };
        }
    }
    best
}

/// The number of equal-width bins of the calibration table.
pub const CALIBRATION_BINS: usize = 10;

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalibrationBin {
    /// Lower bound of the bin (inclusive).
    pub lower: f64,
    /// Upper bound of the bin (exclusive, except 1.0 for the last bin).
    pub upper: f64,
    /// Postings whose confidence falls in the bin.
    pub count: u64,
    /// Their mean confidence (`None` for an empty bin).
    pub mean_confidence: Option<f64>,
    /// Their accuracy (`None` for an empty bin).
    pub accuracy: Option<f64>,
}

/// Predicted confidence against observed accuracy in `bins` equal-width bins over [0, 1]
/// (`[0, 0.1)`, `[0.1, 0.2)`, …, `[0.9, 1.0]`).
pub fn calibration_bins(predictions: &[Prediction], bins: usize) -> Vec<CalibrationBin> {
    let bins = bins.max(1);
    let mut sums = vec![(0u64, 0u64, 0.0f64); bins];
    for p in predictions {
        // The epsilon keeps a confidence of exactly 0.3 in [0.3, 0.4) despite 0.3 × 10
        // being 2.9999….
        let at =
            ((p.confidence.clamp(0.0, 1.0) * bins as f64 + 1e-9).floor() as usize).min(bins - 1);
        sums[at].0 += 1;
        sums[at].1 += u64::from(p.correct());
        sums[at].2 += p.confidence;
    }
    sums.iter()
        .enumerate()
        .map(|(i, &(count, correct, confidence))| CalibrationBin {
            lower: i as f64 / bins as f64,
            upper: (i + 1) as f64 / bins as f64,
            count,
            mean_confidence: (count > 0).then(|| confidence / count as f64),
            accuracy: ratio(correct, count),
        })
        .collect()
}

/// Expected calibration error: the gap between mean confidence and accuracy in each bin,
/// weighted by the bin's share of postings. 0 is perfectly calibrated.
pub fn expected_calibration_error(bins: &[CalibrationBin]) -> f64 {
    let total: u64 = bins.iter().map(|b| b.count).sum();
    if total == 0 {
        return 0.0;
    }
    bins.iter()
        .filter_map(|b| {
            let gap = (b.accuracy? - b.mean_confidence?).abs();
            Some(b.count as f64 / total as f64 * gap)
        })
        .sum()
}

/// What the review flag catches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReviewFigures {
    /// Postings flagged for review.
    pub flagged: u64,
    /// Their share of all postings.
    pub flagged_share: f64,
    /// Accuracy of the postings not flagged (`None` if all are flagged).
    pub accuracy_unflagged: Option<f64>,
    /// Accuracy of the flagged postings (`None` if none is).
    pub accuracy_flagged: Option<f64>,
    /// Wrong answers in all.
    pub errors: u64,
    /// Wrong answers that were flagged.
    pub errors_flagged: u64,
}

impl ReviewFigures {
    /// The review figures of `predictions`.
    pub fn of(predictions: &[Prediction]) -> Self {
        let mut count = [[0u64; 2]; 2]; // [flagged][correct]
        for p in predictions {
            count[usize::from(p.review)][usize::from(p.correct())] += 1;
        }
        let flagged = count[1][0] + count[1][1];
        let unflagged = count[0][0] + count[0][1];
        ReviewFigures {
            flagged,
            flagged_share: ratio(flagged, predictions.len() as u64).unwrap_or(0.0),
            accuracy_unflagged: ratio(count[0][1], unflagged),
            accuracy_flagged: ratio(count[1][1], flagged),
            errors: count[0][0] + count[1][0],
            errors_flagged: count[1][0],
        }
    }

    /// F1 of the flag as a detector of wrong answers (0 when there are no errors or no flags).
    pub fn error_f1(&self) -> f64 {
        let precision = ratio(self.errors_flagged, self.flagged).unwrap_or(0.0);
        let recall = ratio(self.errors_flagged, self.errors).unwrap_or(0.0);
        if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        }
    }
}

/// What a product label is worth in a real batch, where most postings are not product roles:
/// how often a non-product posting gets one, how many product postings get one, and the share
/// of product labels that would be right at a given share of product postings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProductFigures {
    /// Gold `neither` postings.
    pub non_product: u64,
    /// Of them, given a product label (product owner, product manager or hybrid).
    pub false_product: u64,
    /// `false_product / non_product` (`None` without non-product postings).
    pub false_product_rate: Option<f64>,
    /// Gold product postings.
    pub product: u64,
    /// Of them, given any product label.
    pub product_found: u64,
    /// `product_found / product` (`None` without product postings).
    pub product_recall: Option<f64>,
    /// The share of product postings assumed for [`Self::precision_at_prevalence`].
    pub prevalence: f64,
    /// The share of product labels that would be right in a batch with `prevalence` product
    /// postings: recall·p / (recall·p + false-product rate·(1 − p)).
    pub precision_at_prevalence: Option<f64>,
}

impl ProductFigures {
    /// The figures of `predictions`, precision taken at `prevalence` product postings.
    pub fn of(predictions: &[Prediction], prevalence: f64) -> Self {
        let is_product = |l: Label| l != Label::Neither;
        let (mut non_product, mut false_product, mut product, mut product_found) = (0, 0, 0, 0);
        for p in predictions {
            if is_product(p.gold) {
                product += 1;
                product_found += u64::from(is_product(p.predicted));
            } else {
                non_product += 1;
                false_product += u64::from(is_product(p.predicted));
            }
        }
        let false_product_rate = ratio(false_product, non_product);
        let product_recall = ratio(product_found, product);
        let precision_at_prevalence = match (product_recall, false_product_rate) {
            (Some(recall), Some(fpr)) => {
                let found = recall * prevalence;
                let wrong = fpr * (1.0 - prevalence);
                (found + wrong > 0.0).then(|| found / (found + wrong))
            }
            _ => None,
        };
        ProductFigures {
            non_product,
            false_product,
            false_product_rate,
            product,
            product_found,
            product_recall,
            prevalence,
            precision_at_prevalence,
        }
    }
}

/// The share of product postings in a real batch that `eval` assumes by default.
pub const DEFAULT_PREVALENCE: f64 = 0.05;

/// The headline figures of a set of predictions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Postings.
    pub count: u64,
    /// Share predicted right.
    pub accuracy: f64,
    /// Mean F1 over the classes present.
    pub macro_f1: f64,
    /// Expected calibration error over [`CALIBRATION_BINS`] bins.
    pub ece: f64,
    /// Share flagged for review.
    pub flagged_share: f64,
    /// Accuracy of the answers not flagged.
    pub accuracy_unflagged: Option<f64>,
}

impl Summary {
    /// The summary of `predictions`.
    pub fn of(predictions: &[Prediction]) -> Self {
        let matrix = ConfusionMatrix::of(predictions);
        let review = ReviewFigures::of(predictions);
        Summary {
            count: matrix.total(),
            accuracy: matrix.accuracy(),
            macro_f1: matrix.macro_f1(),
            ece: expected_calibration_error(&calibration_bins(predictions, CALIBRATION_BINS)),
            flagged_share: review.flagged_share,
            accuracy_unflagged: review.accuracy_unflagged,
        }
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

#[cfg(test)]
mod product_tests {
    use super::*;

    fn prediction(gold: Label, predicted: Label) -> Prediction {
        Prediction {
            gold,
            predicted,
            confidence: 0.9,
            review: false,
        }
    }

    #[test]
    fn false_product_rate_recall_and_precision_at_prevalence() {
        let mut predictions = Vec::new();
        // 100 non-product postings, 2 given a product label; 10 product postings, 9 found
        // (a hybrid given product_owner still counts as found).
        for i in 0..100 {
            let predicted = if i < 2 {
                Label::ProductManager
            } else {
                Label::Neither
            };
            predictions.push(prediction(Label::Neither, predicted));
        }
        for i in 0..10 {
            let predicted = if i == 0 {
                Label::Neither
            } else {
                Label::ProductOwner
            };
            predictions.push(prediction(Label::Hybrid, predicted));
        }
        let f = ProductFigures::of(&predictions, 0.05);
        assert_eq!((f.non_product, f.false_product), (100, 2));
        assert_eq!((f.product, f.product_found), (10, 9));
        assert_eq!(f.false_product_rate, Some(0.02));
        assert_eq!(f.product_recall, Some(0.9));
        // 0.9·0.05 / (0.9·0.05 + 0.02·0.95) = 0.045 / 0.064
        let precision = f.precision_at_prevalence.unwrap();
        assert!((precision - 0.045 / 0.064).abs() < 1e-12, "{precision}");
        let none = ProductFigures::of(&predictions[..100], 0.05);
        assert_eq!(none.product_recall, None);
        assert_eq!(none.precision_at_prevalence, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::{Hybrid as H, Neither as N, ProductManager as PM, ProductOwner as PO};

    fn p(gold: Label, predicted: Label, confidence: f64) -> Prediction {
        Prediction {
            gold,
            predicted,
            confidence,
            review: false,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Ten postings, worked by hand:
    ///
    /// ```text
    /// gold \ pred  PO PM  H  N
    /// PO            3  1  0  0
    /// PM            1  2  0  0
    /// H             0  0  0  1
    /// N             0  1  0  1
    /// ```
    fn ten() -> Vec<Prediction> {
        vec![
            p(PO, PO, 0.9),
            p(PO, PO, 0.8),
            p(PO, PO, 0.7),
            p(PO, PM, 0.6),
            p(PM, PO, 0.55),
            p(PM, PM, 0.9),
            p(PM, PM, 0.6),
            p(H, N, 0.5),
            p(N, PM, 0.95),
            p(N, N, 0.85),
        ]
    }

    #[test]
    fn confusion_matrix_and_accuracy() {
        let m = ConfusionMatrix::of(&ten());
        assert_eq!(
            m.rows(),
            &[[3, 1, 0, 0], [1, 2, 0, 0], [0, 0, 0, 1], [0, 1, 0, 1]]
        );
        assert_eq!((m.total(), m.correct()), (10, 6));
        assert!(close(m.accuracy(), 0.6));
        assert_eq!(ConfusionMatrix::default().accuracy(), 0.0);
    }

    #[test]
    fn precision_recall_f1_by_hand() {
        let m = ConfusionMatrix::of(&ten()).per_class();
        // PO: 3 right of 4 predicted, of 4 gold.
        assert!(close(m.product_owner.precision, 0.75));
        assert!(close(m.product_owner.recall, 0.75));
        assert!(close(m.product_owner.f1, 0.75));
        // PM: 2 right of 4 predicted, of 3 gold; F1 = 2·0.5·(2/3) / (0.5 + 2/3) = 4/7.
        assert!(close(m.product_manager.precision, 0.5));
        assert!(close(m.product_manager.recall, 2.0 / 3.0));
        assert!(close(m.product_manager.f1, 4.0 / 7.0));
        // Hybrid: never predicted, one gold: all zero.
        assert_eq!(
            (m.hybrid.precision, m.hybrid.recall, m.hybrid.f1),
            (0.0, 0.0, 0.0)
        );
        assert_eq!((m.hybrid.support, m.hybrid.predicted), (1, 0));
        // Neither: 1 right of 2 predicted, of 2 gold.
        assert!(close(m.neither.f1, 0.5));
    }

    #[test]
    fn macro_f1_averages_the_classes_present() {
        let m = ConfusionMatrix::of(&ten());
        assert!(close(m.macro_f1(), (0.75 + 4.0 / 7.0 + 0.0 + 0.5) / 4.0));
        // No hybrid anywhere: averaged over three classes.
        let no_hybrid: Vec<_> = ten().into_iter().filter(|p| p.gold != H).collect();
        let m = ConfusionMatrix::of(&no_hybrid);
        assert!(close(m.macro_f1(), (0.75 + 4.0 / 7.0 + 2.0 / 3.0) / 3.0));
        // Predicting a class that never occurs counts it as 0.
        let m = ConfusionMatrix::of(&[p(PO, PO, 1.0), p(PO, H, 1.0)]);
        assert!(close(m.macro_f1(), (2.0 / 3.0 + 0.0) / 2.0));
        assert_eq!(ConfusionMatrix::default().macro_f1(), 0.0);
    }

    #[test]
    fn coverage_at_each_level() {
        let points = coverage_at(&ten(), &[0.5, 0.8, 0.99]);
        assert_eq!(points[0].covered, 10);
        assert!(close(points[0].accuracy.unwrap(), 0.6));
        // ≥ 0.8: 0.9 ✓, 0.8 ✓, 0.9 ✓, 0.95 ✗, 0.85 ✓.
        assert_eq!(points[1].covered, 5);
        assert!(close(points[1].coverage, 0.5));
        assert!(close(points[1].accuracy.unwrap(), 0.8));
        assert_eq!((points[2].covered, points[2].accuracy), (0, None));
    }

    #[test]
    fn auto_accept_takes_the_largest_confident_set_that_reaches_the_target() {
        // Falling confidence: 0.95 ✗ | 0.9 ✓ 0.9 ✓ | 0.85 ✓ | 0.8 ✓ | 0.7 ✓ | 0.6 ✗ 0.6 ✓ | …
        let a = auto_accept(&ten(), 0.8);
        // Cumulative: 0/1, 2/3, 3/4, 4/5 = 0.8 ✓, 5/6 ✓, then 6/8 = 0.75 ✗, 6/9, 6/10.
        assert_eq!(a.min_confidence, Some(0.7));
        assert_eq!(a.covered, 6);
        assert!(close(a.accuracy.unwrap(), 5.0 / 6.0));
        let none = auto_accept(&ten(), 0.95);
        assert_eq!((none.min_confidence, none.covered), (None, 0));
        // Ties are taken together: one wrong answer at the top confidence poisons its tie.
        let ties = [p(PO, PO, 0.9), p(PO, PM, 0.9), p(PO, PO, 0.5)];
        assert_eq!(auto_accept(&ties, 0.6).covered, 3);
        assert_eq!(auto_accept(&ties, 0.7).covered, 0);
    }

    #[test]
    fn calibration_bins_and_ece_by_hand() {
        let bins = calibration_bins(&ten(), 2);
        // [0, 0.5): nothing. [0.5, 1.0]: all ten, mean confidence 7.35 / 10, accuracy 0.6.
        assert_eq!(bins[0].count, 0);
        assert_eq!(bins[1].count, 10);
        assert!(close(bins[1].mean_confidence.unwrap(), 0.735));
        assert!(close(expected_calibration_error(&bins), 0.135));

        let bins = calibration_bins(&ten(), 10);
        assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 10);
        // [0.5, 0.6): 0.55 ✗, 0.5 ✗ → confidence 0.525, accuracy 0.
        assert_eq!(bins[5].count, 2);
        assert!(close(bins[5].mean_confidence.unwrap(), 0.525));
        assert_eq!(bins[5].accuracy, Some(0.0));
        // [0.9, 1.0]: 0.9 ✓, 0.9 ✓, 0.95 ✗.
        assert_eq!(bins[9].count, 3);
        // ECE by hand, bin by bin (count × |accuracy − mean confidence|):
        // [0.5, 0.6) 2 × 0.525; [0.6, 0.7) 0.6 ✗ 0.6 ✓: 2 × 0.1; [0.7, 0.8) 1 × 0.3;
        // [0.8, 0.9) 0.8 ✓ 0.85 ✓: 2 × 0.175; [0.9, 1.0] 3 × |2/3 − 2.75/3| = 3 × 0.25.
        // (1.05 + 0.2 + 0.3 + 0.35 + 0.75) / 10 = 0.265.
        assert!(close(expected_calibration_error(&bins), 0.265));
    }

    #[test]
    fn bin_edges_are_exact_and_one_is_in_the_last_bin() {
        let at = |c: f64| {
            calibration_bins(&[p(PO, PO, c)], 10)
                .iter()
                .position(|b| b.count == 1)
                .unwrap()
        };
        assert_eq!(at(0.0), 0);
        assert_eq!(at(0.3), 3);
        assert_eq!(at(0.7), 7);
        assert_eq!(at(0.2999), 2);
        assert_eq!(at(1.0), 9);
        assert_eq!(expected_calibration_error(&calibration_bins(&[], 10)), 0.0);
    }

    #[test]
    fn review_figures_count_caught_errors() {
        let mut predictions = ten();
        for p in predictions.iter_mut() {
            p.review = p.confidence < 0.65;
        }
        // Flagged: 0.6 ✗, 0.55 ✗, 0.6 ✓, 0.5 ✗ → 4 flagged, 3 of the 4 errors.
        let r = ReviewFigures::of(&predictions);
        assert_eq!((r.flagged, r.errors, r.errors_flagged), (4, 4, 3));
        assert!(close(r.flagged_share, 0.4));
        assert!(close(r.accuracy_unflagged.unwrap(), 5.0 / 6.0));
        assert!(close(r.accuracy_flagged.unwrap(), 0.25));
        assert!(close(r.error_f1(), 0.75));
    }

    #[test]
    fn per_label_is_keyed_by_contract_names() {
        let json = serde_json::to_value(PerLabel::from_fn(|l| l.index())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"product_owner": 0, "product_manager": 1, "hybrid": 2, "neither": 3})
        );
    }
}
