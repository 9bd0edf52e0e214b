//! The project-written gold set: an accuracy floor that only rises, and a snapshot of the
//! confusion matrix (with titles, and from the body alone).
//!
//! `tests/fixtures/gold/gold.jsonl` holds fictional postings written for this project (clear
//! product owner, clear product manager, hybrids, and hard negatives such as scrum masters and
//! project managers). The real-world figure is measured on ../shared/eval (see README).

mod common;

use rolesift::read::{read_all, ReadOptions};
use rolesift::{Classifier, ClassifyOptions, Label, Model, Posting};
use std::fmt::Write;

/// Raise these when the classifier improves; never lower them to make a change pass.
const FLOOR_WITH_TITLES: f64 = 0.98;
const FLOOR_BODY_ONLY: f64 = 0.98;

fn gold() -> Vec<(Posting, Label)> {
    let path = common::root().join("tests/fixtures/gold/gold.jsonl");
    let (postings, errors) = read_all(&[path], ReadOptions::default()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    postings
        .into_iter()
        .map(|p| {
            let label = p.extra["label"].as_str().unwrap().parse().unwrap();
            (p, label)
        })
        .collect()
}

/// Accuracy and a printed confusion matrix (rows: gold, columns: predicted).
fn evaluate(ignore_title: bool) -> (f64, String) {
    let options = ClassifyOptions {
        ignore_title,
        ..ClassifyOptions::default()
    };
    let classifier = Classifier::with_options(Model::embedded().unwrap(), options);
    let mut matrix = [[0u32; 4]; 4];
    let gold = gold();
    for (posting, label) in &gold {
        let predicted = classifier.classify(posting).label;
        matrix[label.index()][predicted.index()] += 1;
    }
    let correct: u32 = (0..4).map(|i| matrix[i][i]).sum();
    let mut table = format!("{:<16}", "gold \\ predicted");
    for label in Label::ALL {
        write!(table, "{:>16}", label.as_str()).unwrap();
    }
    for label in Label::ALL {
        write!(table, "\n{:<16}", label.as_str()).unwrap();
        for n in matrix[label.index()] {
            write!(table, "{n:>16}").unwrap();
        }
    }
    (f64::from(correct) / gold.len() as f64, table)
}

#[test]
fn the_gold_set_is_large_and_covers_every_label() {
    let gold = gold();
    assert!(gold.len() >= 40);
    for label in Label::ALL {
        assert!(
            gold.iter().filter(|(_, l)| *l == label).count() >= 8,
            "{label}"
        );
    }
}

#[test]
fn accuracy_with_titles_stays_above_its_floor() {
    let (accuracy, matrix) = evaluate(false);
    assert!(
        accuracy >= FLOOR_WITH_TITLES,
        "accuracy {accuracy:.3}\n{matrix}"
    );
    insta::assert_snapshot!("confusion_with_titles", matrix);
}

#[test]
fn accuracy_from_the_body_alone_stays_above_its_floor() {
    let (accuracy, matrix) = evaluate(true);
    assert!(
        accuracy >= FLOOR_BODY_ONLY,
        "accuracy {accuracy:.3}\n{matrix}"
    );
    insta::assert_snapshot!("confusion_body_only", matrix);
}
