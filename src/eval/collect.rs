//! Classifying a labelled set: the batch driver with a gold label read beside each answer.
//!
//! Evaluation and calibration both start here. Records go through the same batch driver as
//! `rolesift classify` (same readers, same parallelism, same order, same handling of bad
//! records), and each answer is kept with its gold label, its [`Tally`] (so calibration can
//! re-decide it under other thresholds without classifying again) and its strongest evidence
//! (so a report can show *why* a posting was misclassified). Nothing is printed: malformed and
//! unlabelled records are returned for the caller to report.

use super::labels::LabelSource;
use super::Prediction;
use crate::classify::batch::{self, BatchOptions, BatchSink, Outcome};
use crate::classify::{Classification, Classifier, Evidence, Tally};
use crate::error::Result;
use crate::label::Label;
use crate::posting::{Posting, SourceRef};
use crate::read::{RecordError, RecordReader};
use std::fmt;

/// How many pieces of evidence an [`Example`] keeps.
pub const KEPT_EVIDENCE: usize = 8;

/// One labelled posting and rolesift's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The posting's id.
    pub id: String,
    /// Its title as read.
    pub title: String,
    /// Where it was read.
    pub source: SourceRef,
    /// The gold label.
    pub gold: Label,
    /// rolesift's label.
    pub predicted: Label,
    /// rolesift's confidence.
    pub confidence: f64,
    /// Whether rolesift flagged it for review.
    pub review: bool,
    /// rolesift said it could not read the posting (see [`ReviewReasons::unreadable`]).
    ///
    /// [`ReviewReasons::unreadable`]: crate::classify::decide::ReviewReasons::unreadable
    pub unreadable: bool,
    /// The evidence sums the decision was made from.
    pub tally: Tally,
    /// The strongest evidence (at most [`KEPT_EVIDENCE`] pieces that contributed).
    pub evidence: Vec<Evidence>,
}

impl Example {
    /// Keeps what evaluation needs of a posting, its gold label and its classification.
    pub fn new(posting: &Posting, gold: Label, c: &Classification) -> Self {
        Example {
            id: posting.id.clone(),
            title: posting.title.clone(),
            source: posting.source.clone(),
            gold,
            predicted: c.label,
            confidence: c.confidence,
            review: c.review,
            unreadable: c.review_reasons.unreadable(),
            tally: c.tally,
            evidence: c
                .evidence
                .iter()
                .filter(|e| e.contribution > 0.0)
                .take(KEPT_EVIDENCE)
                .cloned()
                .collect(),
        }
    }

    /// The metrics' view of this example.
    pub fn prediction(&self) -> Prediction {
        Prediction {
            gold: self.gold,
            predicted: self.predicted,
            confidence: self.confidence,
            review: self.review,
        }
    }
}

/// A record that was read but has no usable gold label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlabelled {
    /// Where it was read.
    pub source: SourceRef,
    /// Its id.
    pub id: String,
    /// Why it has no label.
    pub reason: String,
}

impl fmt::Display for Unlabelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: no usable label ({}); skipped",
            self.source, self.id, self.reason
        )
    }
}

/// The result of classifying a labelled set.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// Labelled postings with their answers, in input order.
    pub examples: Vec<Example>,
    /// Records without a usable label, in input order.
    pub unlabelled: Vec<Unlabelled>,
    /// Records that could not be read, in input order.
    pub malformed: Vec<RecordError>,
}

impl Collected {
    /// The metrics' view of every example.
    pub fn predictions(&self) -> Vec<Prediction> {
        self.examples.iter().map(Example::prediction).collect()
    }
}

struct Sink<'a>(&'a mut Collected);

impl BatchSink<std::result::Result<Example, Unlabelled>> for Sink<'_> {
    fn accept(&mut self, outcome: Outcome<std::result::Result<Example, Unlabelled>>) -> Result<()> {
        match outcome {
            Outcome::Done(Ok(example)) => self.0.examples.push(example),
            Outcome::Done(Err(unlabelled)) => self.0.unlabelled.push(unlabelled),
            Outcome::Skipped(error) => self.0.malformed.push(error),
        }
        Ok(())
    }
}

/// Classifies every record of `reader` and reads its gold label from `labels`.
///
/// With a title-derived [`LabelSource`], `classifier` must ignore titles; this is checked, as
/// evaluating a classifier on the very words its labels were read from would measure nothing.
pub fn collect(
    reader: RecordReader,
    classifier: &Classifier,
    options: BatchOptions,
    labels: &LabelSource,
) -> Result<Collected> {
    if labels.requires_ignoring_title() && !classifier.options().ignore_title {
        return Err(crate::Error::Usage(
            "labels read from the title need a classifier that ignores the title".to_string(),
        ));
    }
    let mut collected = Collected::default();
    batch::run(
        reader,
        classifier,
        options,
        |posting, classification| match labels.gold(posting) {
            Ok(gold) => Ok(Example::new(posting, gold, classification)),
            Err(reason) => Err(Unlabelled {
                source: posting.source.clone(),
                id: posting.id.clone(),
                reason,
            }),
        },
        &mut Sink(&mut collected),
    )?;
    Ok(collected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{expand_inputs, InputFormat, ReadOptions};
    use crate::{ClassifyOptions, Model};

    fn reader(content: &str) -> (tempfile::TempDir, RecordReader) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, content).unwrap();
        let inputs = expand_inputs(&[path], InputFormat::Auto).unwrap().inputs;
        (dir, RecordReader::new(inputs, ReadOptions::default()))
    }

    #[test]
    fn labelled_unlabelled_and_malformed_records_are_kept_apart() {
        let (_dir, reader) = reader(concat!(
            "{\"id\": \"a\", \"title\": \"Product Owner\", \"description\": \"Own the product backlog and write user stories for the Scrum team.\", \"label\": \"product_owner\"}\n",
            "{\"id\": \"b\", \"description\": \"Drive the roadmap.\"}\n",
            "not json\n",
            "{\"id\": \"c\", \"description\": \"Drive the roadmap.\", \"label\": \"boss\"}\n",
        ));
        let classifier = Classifier::new(Model::embedded().unwrap());
        let collected = collect(
            reader,
            &classifier,
            BatchOptions::default(),
            &LabelSource::default(),
        )
        .unwrap();
        assert_eq!(collected.examples.len(), 1);
        let example = &collected.examples[0];
        assert_eq!(
            (example.gold, example.predicted),
            (Label::ProductOwner, Label::ProductOwner)
        );
        assert!(!example.evidence.is_empty() && example.evidence.len() <= KEPT_EVIDENCE);
        assert_eq!(collected.malformed.len(), 1);
        let reasons: Vec<String> = collected.unlabelled.iter().map(|u| u.to_string()).collect();
        assert!(
            reasons[0].ends_with(":2: b: no usable label (no \"label\" field); skipped"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].contains(": c: no usable label (unknown label"),
            "{reasons:?}"
        );
    }

    #[test]
    fn title_labels_refuse_a_classifier_that_reads_titles() {
        let (_dir, r) = reader("{\"title\": \"Product Owner\", \"description\": \"x\"}\n");
        let reads_titles = Classifier::new(Model::embedded().unwrap());
        assert!(collect(
            r,
            &reads_titles,
            BatchOptions::default(),
            &LabelSource::Title
        )
        .is_err());
        let (_dir, r) = reader("{\"title\": \"Product Owner\", \"description\": \"x\"}\n");
        let body_only = Classifier::with_options(
            Model::embedded().unwrap(),
            ClassifyOptions {
                ignore_title: true,
                ..ClassifyOptions::default()
            },
        );
        let collected =
            collect(r, &body_only, BatchOptions::default(), &LabelSource::Title).unwrap();
        assert_eq!(collected.examples[0].gold, Label::ProductOwner);
    }
}
