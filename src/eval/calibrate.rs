//! Calibration: fitting the decision thresholds and a confidence map to labelled data, and
//! measuring the result out of fold.
//!
//! # What is fitted, and how
//!
//! Only a handful of numbers, never a term or a rule about one posting:
//!
//! 1. **Decision thresholds** — `neither_min_evidence` (the neither cut-off) and
//!    `hybrid_min_share` / `hybrid_min_evidence` (the hybrid band) — by an exhaustive search of
//!    a small fixed grid ([`NEITHER_GRID`], [`HYBRID_SHARE_GRID`], [`HYBRID_EVIDENCE_GRID`],
//!    each plus its documented default), maximising **macro-F1**. Macro-F1, not accuracy, so the
//!    scarce classes (product owner, hybrid) weigh as much as the plentiful ones. Ties go to
//!    the setting closest to the defaults (fewest grid steps away), then to grid order.
//! 2. **Confidence map** — raw confidence → observed accuracy, by isotonic regression (pool
//!    adjacent violators) over the postings sorted by raw confidence. Blocks of fewer than
//!    [`MIN_CONFIDENCE_BLOCK`] postings are merged into their neighbour, each block's accuracy
//!    is smoothed with add-one (Laplace) smoothing, `(right + 1) / (n + 2)`, so no block claims
//!    certainty from a handful of postings, and a running maximum keeps the map
//!    non-decreasing. The map is written to [`Calibration::confidence_map`] as
//!    `[upper_bound, accuracy]` steps; bounds sit half-way between adjacent blocks.
//! 3. **Review rule** — `review_below_confidence` (compared with the *calibrated*
//!    confidence, so it reads as "expected accuracy below …") and `review_below_margin` — by a
//!    grid search ([`REVIEW_CONFIDENCE_GRID`], [`REVIEW_MARGIN_GRID`]) for the most wrong
//!    answers caught while flagging at most [`CalibrateOptions::review_budget`] of the postings
//!    (a reviewer's time is the budget; [`DEFAULT_REVIEW_BUDGET`], and
//!    [`DEFAULT_REVIEW_BUDGET_BODY_ONLY`] when titles are ignored, since bodies alone are less
//!    certain); ties go to fewer flags, then to the defaults. No candidate within the budget
//!    keeps the defaults.
//!
//! Steps run in that order, each on the result of the one before. The scores themselves
//! (weights, multipliers, saturation) are never touched: a posting's [`Tally`] is computed once
//! and re-decided under each candidate, so a fit costs a few thousand calls of [`decide()`].
//!
//! # Too little data
//!
//! A threshold is fitted only when the class that drives it has at least
//! [`MIN_CLASS_EXAMPLES`] examples in the data it is fitted on: `neither_min_evidence` needs
//! that many `neither` postings, the hybrid band that many `hybrid` postings; the confidence
//! map needs that many postings and the review rule that many wrong answers. Otherwise the
//! documented default is kept and the reason recorded ([`Calibration::kept_defaults`]).
//!
//! # Honest figures
//!
//! A threshold measured on the postings it was fitted to flatters itself. [`calibrate`]
//! therefore reports only *out-of-fold* figures for anything fitted: the postings are split into
//! k folds ([`assign_folds`]: stratified by gold label, order within a label decided by a
//! SHA-256 of the seed and the posting id, so the split depends neither on input order nor on
//! chance), the whole fitting procedure above runs on k − 1 folds and the held-out fold is
//! decided with the result; the k held-out sets together give accuracy, macro-F1 and ECE. The
//! figures of the model's thresholds before calibration are measured on all the data, since
//! nothing in them was fitted to it.

use super::{ConfusionMatrix, PerLabel, Prediction, ReviewFigures, Summary};
use crate::classify::{decide, decide_calibrated, Tally};
use crate::error::{Error, Result};
use crate::label::Label;
use crate::lexicon::model::{
    Calibration, CrossValidated, Figures, FittedData, Model, Thresholds,
    DEFAULT_HYBRID_MIN_EVIDENCE, DEFAULT_HYBRID_MIN_SHARE, DEFAULT_NEITHER_MIN_EVIDENCE,
    DEFAULT_REVIEW_BELOW_CONFIDENCE, DEFAULT_REVIEW_BELOW_MARGIN,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// A class with fewer examples than this does not drive a threshold: its defaults are kept.
/// Thirty is the usual rule of thumb below which a proportion's sampling error (±18 points at
/// 95% for p = 0.5) swamps the differences a grid step makes.
pub const MIN_CLASS_EXAMPLES: u64 = 30;

/// The default number of cross-validation folds.
pub const DEFAULT_FOLDS: usize = 5;

/// The default seed of the fold assignment.
pub const DEFAULT_SEED: u64 = 0;

/// Confidence-map blocks smaller than this are merged into a neighbour.
pub const MIN_CONFIDENCE_BLOCK: u64 = 10;

/// Candidates for `neither_min_evidence` (the default is added).
pub const NEITHER_GRID: [f64; 10] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
/// Candidates for `hybrid_min_share` (the default is added).
pub const HYBRID_SHARE_GRID: [f64; 5] = [0.25, 0.3, 0.35, 0.4, 0.45];
/// Candidates for `hybrid_min_evidence` (the default is added).
pub const HYBRID_EVIDENCE_GRID: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 6.0];
/// The share of postings the review flag may take when titles are read.
pub const DEFAULT_REVIEW_BUDGET: f64 = 0.10;
/// The share of postings the review flag may take when titles are ignored.
pub const DEFAULT_REVIEW_BUDGET_BODY_ONLY: f64 = 0.15;

/// Candidates for `review_below_confidence` (the default is added).
pub const REVIEW_CONFIDENCE_GRID: [f64; 13] = [
    0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
];
/// Candidates for `review_below_margin` (the default is added).
pub const REVIEW_MARGIN_GRID: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];

/// One labelled posting as fitting sees it: its id (for the folds), gold label and tally.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The posting id.
    pub id: String,
    /// The gold label.
    pub gold: Label,
    /// Its evidence sums.
    pub tally: Tally,
}

/// Fold numbers (0..k) for `samples`: stratified by gold label; within a label, postings are
/// ordered by SHA-256 of `seed` and their id, then dealt round-robin.
pub fn assign_folds(samples: &[Sample], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(1);
    let mut folds = vec![0; samples.len()];
    for label in Label::ALL {
        let mut members: Vec<(String, &str, usize)> = samples
            .iter()
            .enumerate()
            .filter(|(_, s)| s.gold == label)
            .map(|(i, s)| {
                let mut keyed = seed.to_le_bytes().to_vec();
                keyed.extend_from_slice(s.id.as_bytes());
                (crate::lexicon::sha256_hex(&keyed), s.id.as_str(), i)
            })
            .collect();
        members.sort();
        for (rank, (_, _, i)) in members.into_iter().enumerate() {
            folds[i] = rank % k;
        }
    }
    folds
}

/// What a fit produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fitted {
    /// The thresholds, with the fitted ones replaced.
    pub thresholds: Thresholds,
    /// The confidence map (empty when not fitted).
    pub confidence_map: Vec<[f64; 2]>,
    /// Thresholds kept at their defaults, and why.
    pub kept_defaults: Vec<String>,
}

/// Counts per gold label.
pub fn label_counts(samples: &[&Sample]) -> PerLabel<u64> {
    PerLabel::from_fn(|l| samples.iter().filter(|s| s.gold == l).count() as u64)
}

/// `base` with the fittable thresholds reset to their documented defaults.
pub fn with_default_fittables(base: &Thresholds) -> Thresholds {
    Thresholds {
        neither_min_evidence: DEFAULT_NEITHER_MIN_EVIDENCE,
        hybrid_min_share: DEFAULT_HYBRID_MIN_SHARE,
        hybrid_min_evidence: DEFAULT_HYBRID_MIN_EVIDENCE,
        review_below_confidence: DEFAULT_REVIEW_BELOW_CONFIDENCE,
        review_below_margin: DEFAULT_REVIEW_BELOW_MARGIN,
        ..base.clone()
    }
}

/// Fits thresholds, confidence map and review rule to `samples` (see the module docs),
/// starting from `base` with its fittable thresholds at their documented defaults.
pub fn fit(samples: &[&Sample], base: &Thresholds, review_budget: f64) -> Fitted {
    let base = with_default_fittables(base);
    let counts = label_counts(samples);
    let mut kept = Vec::new();
    let too_small = |what: &str, n: u64, thresholds: &str| {
        format!(
            "{thresholds}: kept the default, {n} {what} (fewer than {MIN_CLASS_EXAMPLES} to fit on)"
        )
    };

    // 1. Decision thresholds, by macro-F1.
    let neither = if counts.neither >= MIN_CLASS_EXAMPLES {
        grid_with(&NEITHER_GRID, base.neither_min_evidence)
    } else {
        kept.push(too_small(
            "neither postings",
            counts.neither,
            "neither_min_evidence",
        ));
        vec![base.neither_min_evidence]
    };
    let (shares, evidences) = if counts.hybrid >= MIN_CLASS_EXAMPLES {
        (
            grid_with(&HYBRID_SHARE_GRID, base.hybrid_min_share),
            grid_with(&HYBRID_EVIDENCE_GRID, base.hybrid_min_evidence),
        )
    } else {
        kept.push(too_small(
            "hybrid postings",
            counts.hybrid,
            "hybrid_min_share, hybrid_min_evidence",
        ));
        (vec![base.hybrid_min_share], vec![base.hybrid_min_evidence])
    };
    let mut best = None;
    for &n in &neither {
        for &share in &shares {
            for &evidence in &evidences {
                let t = Thresholds {
                    neither_min_evidence: n,
                    hybrid_min_share: share,
                    hybrid_min_evidence: evidence,
                    ..base.clone()
                };
                let mut matrix = ConfusionMatrix::default();
                for s in samples {
                    matrix.add(s.gold, decide(&s.tally, &t).label);
                }
                let distance = steps(&neither, base.neither_min_evidence, n)
                    + steps(&shares, base.hybrid_min_share, share)
                    + steps(&evidences, base.hybrid_min_evidence, evidence);
                offer(&mut best, matrix.macro_f1(), distance, t);
            }
        }
    }
    let mut thresholds = best.map_or(base.clone(), |b| b.value);

    // 2. Confidence map, by isotonic regression of raw confidence on correctness.
    let confidence_map = if samples.len() as u64 >= MIN_CLASS_EXAMPLES {
        let raw: Vec<(f64, bool)> = samples
            .iter()
            .map(|s| {
                let d = decide(&s.tally, &thresholds);
                (d.confidence, d.label == s.gold)
            })
            .collect();
        isotonic_map(raw)
    } else {
        kept.push(format!(
            "confidence map: none, {} postings (fewer than {MIN_CLASS_EXAMPLES} to fit on)",
            samples.len()
        ));
        Vec::new()
    };

    // 3. Review rule: the most wrong answers caught within the budget of flags.
    let errors = samples
        .iter()
        .filter(|s| decide(&s.tally, &thresholds).label != s.gold)
        .count() as u64;
    if errors >= MIN_CLASS_EXAMPLES {
        let confidences = grid_with(&REVIEW_CONFIDENCE_GRID, base.review_below_confidence);
        let margins = grid_with(&REVIEW_MARGIN_GRID, base.review_below_margin);
        let mut best = None;
        for &c in &confidences {
            for &m in &margins {
                let t = Thresholds {
                    review_below_confidence: c,
                    review_below_margin: m,
                    ..thresholds.clone()
                };
                let review = ReviewFigures::of(&predict(samples, &t, &confidence_map));
                if review.flagged_share > review_budget {
                    continue;
                }
                let distance = steps(&confidences, base.review_below_confidence, c)
                    + steps(&margins, base.review_below_margin, m);
                offer(
                    &mut best,
                    review.errors_flagged as f64,
                    (review.flagged, distance),
                    (c, m),
                );
            }
        }
        if let Some(Best { value: (c, m), .. }) = best {
            thresholds.review_below_confidence = c;
            thresholds.review_below_margin = m;
        }
    } else {
        kept.push(format!(
            "review_below_confidence, review_below_margin: kept the defaults, {errors} wrong answers (fewer than {MIN_CLASS_EXAMPLES} to fit on)"
        ));
    }

    Fitted {
        thresholds,
        confidence_map,
        kept_defaults: kept,
    }
}

/// Decides every sample under `t` and `map`, as the classifier would (confidence rounded to
/// four decimals).
pub fn predict(samples: &[&Sample], t: &Thresholds, map: &[[f64; 2]]) -> Vec<Prediction> {
    samples
        .iter()
        .map(|s| {
            let d = decide_calibrated(&s.tally, t, map);
            Prediction {
                gold: s.gold,
                predicted: d.label,
                confidence: round4(d.confidence),
                review: d.review(),
            }
        })
        .collect()
}

/// The values one fold's fit chose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FoldFit {
    /// The held-out fold.
    pub fold: usize,
    /// Postings fitted on.
    pub trained_on: u64,
    /// Postings held out.
    pub held_out: u64,
    /// Fitted `neither_min_evidence`.
    pub neither_min_evidence: f64,
    /// Fitted `hybrid_min_share`.
    pub hybrid_min_share: f64,
    /// Fitted `hybrid_min_evidence`.
    pub hybrid_min_evidence: f64,
    /// Fitted `review_below_confidence`.
    pub review_below_confidence: f64,
    /// Fitted `review_below_margin`.
    pub review_below_margin: f64,
    /// Steps in the fitted confidence map.
    pub confidence_steps: usize,
}

/// Out-of-fold figures against the thresholds before calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossValidation {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The largest share of postings the review flag may take.
    pub review_budget: f64,
    /// The model's thresholds before calibration, on all the data.
    pub before: Summary,
    /// Fitted on k − 1 folds, measured on the held-out fold, aggregated.
    pub out_of_fold: Summary,
    /// Review-flag figures before calibration.
    pub before_review: ReviewFigures,
    /// Review-flag figures out of fold.
    pub out_of_fold_review: ReviewFigures,
    /// What each fold's fit chose (how stable the fit is).
    pub per_fold: Vec<FoldFit>,
}

/// Runs the whole fit k times, each time holding one fold out (see the module docs).
pub fn cross_validate(
    samples: &[Sample],
    base: &Thresholds,
    base_map: &[[f64; 2]],
    folds: usize,
    seed: u64,
    review_budget: f64,
) -> CrossValidation {
    let all: Vec<&Sample> = samples.iter().collect();
    let before = predict(&all, base, base_map);
    let assignment = assign_folds(samples, folds, seed);
    let mut out_of_fold = Vec::with_capacity(samples.len());
    let mut per_fold = Vec::with_capacity(folds);
    for fold in 0..folds {
        let in_fold = |keep: bool| -> Vec<&Sample> {
            samples
                .iter()
                .zip(&assignment)
                .filter(|(_, f)| (**f == fold) == keep)
                .map(|(s, _)| s)
                .collect()
        };
        let (held_out, trained) = (in_fold(true), in_fold(false));
        let fitted = fit(&trained, base, review_budget);
        let t = &fitted.thresholds;
        per_fold.push(FoldFit {
            fold,
            trained_on: trained.len() as u64,
            held_out: held_out.len() as u64,
            neither_min_evidence: t.neither_min_evidence,
            hybrid_min_share: t.hybrid_min_share,
            hybrid_min_evidence: t.hybrid_min_evidence,
            review_below_confidence: t.review_below_confidence,
            review_below_margin: t.review_below_margin,
            confidence_steps: fitted.confidence_map.len(),
        });
        out_of_fold.extend(predict(&held_out, t, &fitted.confidence_map));
    }
    CrossValidation {
        folds,
        seed,
        review_budget,
        before: Summary::of(&before),
        out_of_fold: Summary::of(&out_of_fold),
        before_review: ReviewFigures::of(&before),
        out_of_fold_review: ReviewFigures::of(&out_of_fold),
        per_fold,
    }
}

/// Options of a calibration run.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrateOptions {
    /// Number of cross-validation folds (at least 2).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The largest share of postings the review flag may take.
    pub review_budget: f64,
    /// What the data was (files and hashes, label source, classify options); the counts are
    /// filled in by [`calibrate`].
    pub data: FittedData,
}

/// Everything `model calibrate` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    /// Labelled postings per gold label.
    pub counts: PerLabel<u64>,
    /// What was fitted on all the data (these values go into the model).
    pub fitted: Fitted,
    /// Out-of-fold figures against the figures before calibration.
    pub cross_validation: CrossValidation,
    /// Classes too small to measure reliably (they drive no threshold, or kept its default).
    pub small_classes: Vec<String>,
    /// Content hash of the calibrated model.
    pub content_hash: String,
}

/// Calibrates `model` on `samples`: cross-validates the fitting procedure, fits it once more on
/// all the data, writes thresholds, confidence map and a record of the data into the model and
/// rehashes it.
pub fn calibrate(
    model: &Model,
    samples: &[Sample],
    options: CalibrateOptions,
) -> Result<(Model, CalibrationReport)> {
    if options.folds < 2 {
        return Err(Error::Usage(
            "calibration needs at least 2 folds".to_string(),
        ));
    }
    if samples.len() < options.folds {
        return Err(Error::Usage(format!(
            "{} labelled postings are too few for {} folds",
            samples.len(),
            options.folds
        )));
    }
    let base_map = model
        .calibration
        .as_ref()
        .map_or(&[][..], |c| &c.confidence_map[..]);
    let cv = cross_validate(
        samples,
        &model.thresholds,
        base_map,
        options.folds,
        options.seed,
        options.review_budget,
    );
    let all: Vec<&Sample> = samples.iter().collect();
    let fitted = fit(&all, &model.thresholds, options.review_budget);
    let counts = label_counts(&all);
    let small_classes: Vec<String> = Label::ALL
        .iter()
        .filter(|&&l| *counts.get(l) < MIN_CLASS_EXAMPLES)
        .map(|&l| {
            format!(
                "{l}: {} examples (fewer than {MIN_CLASS_EXAMPLES}); its figures are noisy",
                counts.get(l)
            )
        })
        .collect();

    let mut data = options.data;
    data.counts = Label::ALL
        .iter()
        .map(|&l| (l, *counts.get(l)))
        .collect::<BTreeMap<_, _>>();
    let files = data
        .files
        .iter()
        .map(|f| {
            format!(
                "{} (sha256 {})",
                f.path,
                &f.sha256[..f.sha256.len().min(16)]
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let per_label = Label::ALL
        .iter()
        .map(|&l| format!("{l} {}", counts.get(l)))
        .collect::<Vec<_>>()
        .join(", ");
    let fitted_on = format!(
        "{files}: {} labelled postings ({per_label}); labels from {}{}{}",
        samples.len(),
        data.label_source,
        if data.ignore_title {
            "; titles ignored"
        } else {
            ""
        },
        if data.mask_role_names {
            "; role names masked"
        } else {
            ""
        },
    );
    let method = format!(
        "grid search maximising macro-F1 (neither_min_evidence, hybrid_min_share, hybrid_min_evidence); \
         isotonic confidence map (blocks of at least {MIN_CONFIDENCE_BLOCK}, add-one smoothing); \
         review rule maximising the F1 of flagging wrong answers; \
         {}-fold stratified cross-validation, seed {}",
        options.folds, options.seed
    );
    let figures = |s: &Summary| Figures {
        accuracy: round4(s.accuracy),
        macro_f1: round4(s.macro_f1),
        ece: round4(s.ece),
    };
    let mut calibrated = model.clone();
    calibrated.thresholds = fitted.thresholds.clone();
    calibrated.calibration = Some(Calibration {
        fitted_on,
        method,
        confidence_map: fitted.confidence_map.clone(),
        data: Some(data),
        kept_defaults: fitted.kept_defaults.clone(),
        cross_validation: Some(CrossValidated {
            folds: options.folds as u32,
            seed: options.seed,
            before: figures(&cv.before),
            out_of_fold: figures(&cv.out_of_fold),
        }),
    });
    calibrated.rehash();
    let report = CalibrationReport {
        counts,
        fitted,
        cross_validation: cv,
        small_classes,
        content_hash: calibrated.content_hash.clone(),
    };
    Ok((calibrated, report))
}

impl CalibrationReport {
    /// Writes the report as one pretty-printed JSON object and a newline.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    }

    /// Writes the report as text for people.
    pub fn write_table(&self, out: &mut dyn std::io::Write) -> Result<()> {
        let c = &self.counts;
        writeln!(
            out,
            "{} labelled postings: product_owner {}, product_manager {}, hybrid {}, neither {}",
            c.product_owner + c.product_manager + c.hybrid + c.neither,
            c.product_owner,
            c.product_manager,
            c.hybrid,
            c.neither
        )?;
        for note in &self.small_classes {
            writeln!(out, "  small class — {note}")?;
        }
        for note in &self.fitted.kept_defaults {
            writeln!(out, "  {note}")?;
        }
        let cv = &self.cross_validation;
        writeln!(
            out,
            "\n{:<34} {:>9} {:>9} {:>7} {:>9} {:>11}",
            "", "accuracy", "macro-F1", "ECE", "flagged", "unflagged"
        )?;
        for (name, s) in [
            ("before (the model's thresholds)", &cv.before),
            (
                &*format!("calibrated, out of fold ({}-fold)", cv.folds),
                &cv.out_of_fold,
            ),
        ] {
            writeln!(
                out,
                "{:<34} {:>9.3} {:>9.3} {:>7.3} {:>8.1}% {:>11}",
                name,
                s.accuracy,
                s.macro_f1,
                s.ece,
                100.0 * s.flagged_share,
                s.accuracy_unflagged
                    .map_or("—".to_string(), |a| format!("{a:.3}"))
            )?;
        }
        writeln!(
            out,
            "(out-of-fold: each fold decided by thresholds fitted on the other {}; \"unflagged\" is the accuracy of answers not flagged for review)",
            cv.folds - 1
        )?;

        writeln!(
            out,
            "\n{:<6} {:>8} {:>8} {:>8} {:>7} {:>8} {:>7} {:>7} {:>6}",
            "fold", "fitted", "held", "neither", "h.share", "h.evid.", "rev.c", "rev.m", "steps"
        )?;
        for f in &cv.per_fold {
            writeln!(
                out,
                "{:<6} {:>8} {:>8} {:>8} {:>7} {:>8} {:>7} {:>7} {:>6}",
                f.fold,
                f.trained_on,
                f.held_out,
                f.neither_min_evidence,
                f.hybrid_min_share,
                f.hybrid_min_evidence,
                f.review_below_confidence,
                f.review_below_margin,
                f.confidence_steps
            )?;
        }
        let t = &self.fitted.thresholds;
        writeln!(
            out,
            "{:<6} {:>8} {:>8} {:>8} {:>7} {:>8} {:>7} {:>7} {:>6}",
            "all",
            c.product_owner + c.product_manager + c.hybrid + c.neither,
            "—",
            t.neither_min_evidence,
            t.hybrid_min_share,
            t.hybrid_min_evidence,
            t.review_below_confidence,
            t.review_below_margin,
            self.fitted.confidence_map.len()
        )?;
        writeln!(
            out,
            "(\"all\" is what goes into the model; no figure is shown for it, since it was fitted to these postings)"
        )?;
        if !self.fitted.confidence_map.is_empty() {
            let steps = self
                .fitted
                .confidence_map
                .iter()
                .map(|[upper, acc]| format!("≤{upper:.3}→{acc:.3}"))
                .collect::<Vec<_>>()
                .join("  ");
            writeln!(out, "confidence map: {steps}")?;
        }
        writeln!(out, "content hash {}", self.content_hash)?;
        Ok(())
    }
}

/// `grid` with `value` added, sorted, without duplicates.
fn grid_with(grid: &[f64], value: f64) -> Vec<f64> {
    let mut values = grid.to_vec();
    values.push(value);
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

/// Grid steps between `from` and `to` in `grid` (both are in it).
fn steps(grid: &[f64], from: f64, to: f64) -> usize {
    let at = |x: f64| grid.iter().position(|&g| g == x).unwrap_or(0);
    at(from).abs_diff(at(to))
}

/// The best candidate of a grid search so far.
struct Best<K, T> {
    score: f64,
    key: K,
    value: T,
}

/// Keeps `value` if it beats `best`: a higher score wins; on a tie (within 1e-12), the smaller
/// tie-break `key` (distance from the defaults, fewer flags); on a full tie, the earlier one.
fn offer<K: PartialOrd, T>(best: &mut Option<Best<K, T>>, score: f64, key: K, value: T) {
    let wins = match best {
        None => true,
        Some(b) => score > b.score + 1e-12 || ((score - b.score).abs() <= 1e-12 && key < b.key),
    };
    if wins {
        *best = Some(Best { score, key, value });
    }
}

/// Isotonic regression of correctness on raw confidence, as `[upper_bound, accuracy]` steps
/// (see the module docs). Raw confidences are read to six decimals, so last-bit differences
/// between platforms' `exp` cannot change the map.
fn isotonic_map(points: Vec<(f64, bool)>) -> Vec<[f64; 2]> {
    #[derive(Clone, Copy)]
    struct Block {
        lo: f64,
        hi: f64,
        n: u64,
        right: u64,
    }
    impl Block {
        fn mean(&self) -> f64 {
            self.right as f64 / self.n as f64
        }
        fn absorb(&mut self, other: Block) {
            self.lo = self.lo.min(other.lo);
            self.hi = self.hi.max(other.hi);
            self.n += other.n;
            self.right += other.right;
        }
    }
    let mut points: Vec<(f64, bool)> = points.into_iter().map(|(c, r)| (round6(c), r)).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut blocks: Vec<Block> = Vec::new();
    for (confidence, right) in points {
        let block = Block {
            lo: confidence,
            hi: confidence,
            n: 1,
            right: u64::from(right),
        };
        match blocks.last_mut() {
            // Equal confidences are one point of the function.
            Some(last) if last.hi == confidence => last.absorb(block),
            _ => blocks.push(block),
        }
        // Pool adjacent violators (and equals: a flat stretch is one block, not many small
        // ones that smoothing would then pull apart).
        while blocks.len() >= 2
            && blocks[blocks.len() - 2].mean() >= blocks[blocks.len() - 1].mean()
        {
            let last = blocks.pop().expect("two blocks");
            blocks.last_mut().expect("one block").absorb(last);
        }
    }
    let mut merged: Vec<Block> = Vec::new();
    for block in blocks {
        match merged.last_mut() {
            Some(last) if last.n < MIN_CONFIDENCE_BLOCK => last.absorb(block),
            _ => merged.push(block),
        }
    }
    if merged.len() >= 2 && merged[merged.len() - 1].n < MIN_CONFIDENCE_BLOCK {
        let last = merged.pop().expect("two blocks");
        merged.last_mut().expect("one block").absorb(last);
    }
    let mut floor = 0.0f64;
    let mut map: Vec<[f64; 2]> = Vec::with_capacity(merged.len());
    for (i, block) in merged.iter().enumerate() {
        let smoothed = round4((block.right as f64 + 1.0) / (block.n as f64 + 2.0));
        floor = floor.max(smoothed);
        let upper = match merged.get(i + 1) {
            Some(next) => round6((block.hi + next.lo) / 2.0),
            None => 1.0,
        };
        // A step with the value of the one before only widens it.
        match map.last_mut() {
            Some(last) if last[1] == floor || last[0] >= upper => *last = [upper, floor],
            _ => map.push([upper, floor]),
        }
    }
    map
}

fn round6(x: f64) -> f64 {
    (x * 1_000_000.0).round() / 1_000_000.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(id: usize, gold: Label, po: f64, pm: f64) -> Sample {
        Sample {
            id: format!("s{id}"),
            gold,
            tally: Tally {
                total: [po, pm, 0.0],
                core: [po, pm, 0.0],
                identity: [0.0; 3],
                own: [0.0; 3],
                titled: [false; 2],
                body_words: 400,
                function_words: 80,
                cut_off: false,
            },
        }
    }

    #[test]
    fn folds_are_stratified_deterministic_and_independent_of_order() {
        let samples: Vec<Sample> = (0..40)
            .map(|i| {
                sample(
                    i,
                    if i % 4 == 0 {
                        Label::Neither
                    } else {
                        Label::ProductOwner
                    },
                    5.0,
                    0.0,
                )
            })
            .collect();
        let folds = assign_folds(&samples, 5, 0);
        for fold in 0..5 {
            let in_fold: Vec<&Sample> = samples
                .iter()
                .zip(&folds)
                .filter(|(_, f)| **f == fold)
                .map(|(s, _)| s)
                .collect();
            assert_eq!(in_fold.len(), 8);
            assert_eq!(
                in_fold.iter().filter(|s| s.gold == Label::Neither).count(),
                2
            );
        }
        let mut reversed = samples.clone();
        reversed.reverse();
        let folds_reversed = assign_folds(&reversed, 5, 0);
        for (s, f) in reversed.iter().zip(&folds_reversed) {
            let i = samples.iter().position(|x| x.id == s.id).unwrap();
            assert_eq!(folds[i], *f, "{}", s.id);
        }
        assert_ne!(
            assign_folds(&samples, 5, 1),
            folds,
            "the seed changes the split"
        );
    }

    #[test]
    fn the_neither_cut_off_moves_to_where_the_data_says() {
        // Neither postings carry 2.5 units of product evidence, product owners 3.5: the default
        // cut-off (4, times 1.5 unnamed) calls everything neither; the fit must land between.
        let mut samples = Vec::new();
        for i in 0..40 {
            samples.push(sample(i, Label::Neither, 2.5, 0.0));
            samples.push(sample(100 + i, Label::ProductOwner, 3.5, 0.0));
        }
        let all: Vec<&Sample> = samples.iter().collect();
        let fitted = fit(&all, &Thresholds::default(), DEFAULT_REVIEW_BUDGET);
        // None of them names a role, so the floor they meet is the unnamed one.
        let t = &fitted.thresholds;
        let floor = t.neither_min_evidence * t.unnamed_floor_factor;
        assert!(floor > 2.5 && floor <= 3.5, "{floor}");
        assert_eq!(fitted.thresholds.hybrid_min_share, DEFAULT_HYBRID_MIN_SHARE);
        assert!(
            fitted
                .kept_defaults
                .iter()
                .any(|k| k.starts_with("hybrid_min_share")),
            "{:?}",
            fitted.kept_defaults
        );
        // A perfect split leaves too few errors for the review rule.
        assert!(fitted
            .kept_defaults
            .iter()
            .any(|k| k.starts_with("review_below_confidence")));
        let predictions = predict(&all, &fitted.thresholds, &fitted.confidence_map);
        assert_eq!(ConfusionMatrix::of(&predictions).accuracy(), 1.0);
    }

    #[test]
    fn small_classes_keep_their_defaults() {
        let samples: Vec<Sample> = (0..20)
            .map(|i| sample(i, Label::Neither, 2.5, 0.0))
            .collect();
        let all: Vec<&Sample> = samples.iter().collect();
        let fitted = fit(&all, &Thresholds::default(), DEFAULT_REVIEW_BUDGET);
        assert_eq!(fitted.thresholds, Thresholds::default());
        assert!(fitted.confidence_map.is_empty());
        assert_eq!(fitted.kept_defaults.len(), 4, "{:?}", fitted.kept_defaults);
    }

    #[test]
    fn isotonic_map_is_monotone_smoothed_and_merges_small_blocks() {
        // 20 at 0.2 with 5 right, 20 at 0.5 with 15 right, 5 at 0.9 all right, 3 at 0.95 wrong.
        let mut points = Vec::new();
        points.extend((0..20).map(|i| (0.2, i < 5)));
        points.extend((0..20).map(|i| (0.5, i < 15)));
        points.extend((0..5).map(|_| (0.9, true)));
        points.extend((0..3).map(|_| (0.95, false)));
        let map = isotonic_map(points);
        // PAV pools 0.9 and 0.95 (5/8 < 15/20 → pooled with 0.5 too: 20/28); blocks under 10
        // merge: the result is [0.2: 5/20] and [0.5–0.95: 20/28].
        assert_eq!(map.len(), 2, "{map:?}");
        assert_eq!(map[0], [0.35, round4(6.0 / 22.0)]);
        assert_eq!(map[1], [1.0, round4(21.0 / 30.0)]);
        assert!(map.windows(2).all(|w| w[0][1] <= w[1][1]));
    }

    #[test]
    fn re_deciding_a_tally_gives_exactly_the_classifiers_answer() {
        use crate::{Classifier, Posting};
        let mut model = Model::embedded().unwrap();
        model.thresholds.neither_min_evidence = 2.5;
        model.calibration = Some(Calibration {
            fitted_on: "test".into(),
            method: "test".into(),
            confidence_map: vec![[0.6, 0.4], [0.9, 0.7], [1.0, 0.9]],
            data: None,
            kept_defaults: Vec::new(),
            cross_validation: None,
        });
        let classifier = Classifier::new(model.clone());
        let postings = [
            Posting::new(
                "Product Owner",
                "Own the product backlog and run sprint planning.",
            ),
            Posting::new(
                "",
                "Drive the product roadmap, market research and pricing.",
            ),
            Posting::new(
                "Scrum Master",
                "Facilitate the daily scrum and retrospectives.",
            ),
            Posting::new("", "Own the backlog and the roadmap; talk to customers."),
        ];
        let answers: Vec<_> = postings.iter().map(|p| classifier.classify(p)).collect();
        let samples: Vec<Sample> = answers
            .iter()
            .map(|c| Sample {
                id: String::new(),
                gold: Label::Neither,
                tally: c.tally,
            })
            .collect();
        let all: Vec<&Sample> = samples.iter().collect();
        let map = &model.calibration.as_ref().unwrap().confidence_map;
        for (c, p) in answers.iter().zip(predict(&all, &model.thresholds, map)) {
            assert_eq!(
                (c.label, c.confidence, c.review),
                (p.predicted, p.confidence, p.review)
            );
        }
    }

    #[test]
    fn calibrate_records_the_data_and_changes_the_hash() {
        let model = Model::embedded().unwrap();
        let mut samples = Vec::new();
        for i in 0..40 {
            samples.push(sample(i, Label::Neither, 2.5, 0.0));
            samples.push(sample(100 + i, Label::ProductOwner, 3.5, 0.0));
        }
        let data = FittedData {
            files: vec![crate::lexicon::model::FittedFile {
                path: "x.jsonl".into(),
                sha256: "ab".repeat(32),
            }],
            counts: BTreeMap::new(),
            label_source: "field:label".into(),
            ignore_title: true,
            mask_role_names: false,
        };
        let options = CalibrateOptions {
            folds: 4,
            seed: 0,
            review_budget: DEFAULT_REVIEW_BUDGET,
            data,
        };
        let (calibrated, report) = calibrate(&model, &samples, options.clone()).unwrap();
        assert_ne!(calibrated.content_hash, model.content_hash);
        let cal = calibrated.calibration.as_ref().unwrap();
        assert!(
            cal.fitted_on.starts_with("x.jsonl (sha256 abab"),
            "{}",
            cal.fitted_on
        );
        assert_eq!(cal.data.as_ref().unwrap().counts[&Label::Neither], 40);
        // Out of fold, the fitted cut-off generalises; the default calls everything neither.
        let cv = cal.cross_validation.as_ref().unwrap();
        assert_eq!(cv.out_of_fold.accuracy, 1.0);
        assert_eq!(cv.before.accuracy, 0.5);
        assert_eq!(report.cross_validation.per_fold.len(), 4);
        // Deterministic, and the model round-trips through JSON.
        let (again, _) = calibrate(&model, &samples, options).unwrap();
        assert_eq!(again.to_json(), calibrated.to_json());
        let loaded = Model::from_json("calibrated", &calibrated.to_json()).unwrap();
        assert_eq!(loaded, calibrated);
        assert!(calibrate(
            &model,
            &samples[..3],
            CalibrateOptions {
                folds: 5,
                seed: 0,
                review_budget: DEFAULT_REVIEW_BUDGET,
                data: cal.data.clone().unwrap()
            }
        )
        .is_err());
    }
}
