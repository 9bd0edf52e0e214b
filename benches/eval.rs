//! The evaluation on real postings: ../shared/eval/dev.jsonl, when present.
//!
//! Not a timing benchmark but a measurement that should be rerun whenever the vocabulary, the
//! weights or the decision rule change: accuracy, macro-F1 and ECE overall and per part of the
//! data (English only; Hacker News "Who is hiring" comments against the other sources; each
//! title group), body-only (the honest figure: the labels were read from the titles) and with
//! titles (the realistic one), with and without role names masked in the body. It states
//! clearly when the shared data is absent, and asserts that every posting it read was
//! evaluated. The equivalent command lines are in docs/eval.md.
//!
//! Run it with `cargo bench --bench eval` (set `ROLESIFT_SHARED` if the shared folder is not
//! at `../shared`).

use rolesift::eval::{ConfusionMatrix, Prediction, Summary};
use rolesift::read::{read_all, ReadOptions};
use rolesift::{Classifier, ClassifyOptions, Label, Model, Posting};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// The four ways of classifying the set.
const SETTINGS: [(&str, ClassifyOptions); 4] = [
    (
        "body-only",
        ClassifyOptions {
            ignore_title: true,
            mask_role_names: false,
        },
    ),
    (
        "body, masked",
        ClassifyOptions {
            ignore_title: true,
            mask_role_names: true,
        },
    ),
    (
        "with titles",
        ClassifyOptions {
            ignore_title: false,
            mask_role_names: false,
        },
    ),
    (
        "titles, masked",
        ClassifyOptions {
            ignore_title: false,
            mask_role_names: true,
        },
    ),
];

fn text_field<'a>(posting: &'a Posting, name: &str) -> &'a str {
    posting
        .extra
        .get(name)
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

fn has_flag(posting: &Posting, flag: &str) -> bool {
    posting
        .extra
        .get("flags")
        .and_then(|v| v.as_array())
        .is_some_and(|flags| flags.iter().any(|f| f.as_str() == Some(flag)))
}

fn main() {
    let base = std::env::var_os("ROLESIFT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dev = base.join("eval/dev.jsonl");
    if !dev.exists() {
        println!(
            "SKIPPED: {} is absent, so there is nothing to measure (set ROLESIFT_SHARED to the shared folder)",
            dev.display()
        );
        return;
    }
    let (postings, errors) = read_all(std::slice::from_ref(&dev), ReadOptions::default())
        .expect("dev.jsonl is readable");
    assert!(errors.is_empty(), "malformed records: {errors:?}");
    let gold: Vec<Label> = postings
        .iter()
        .map(|p| {
            text_field(p, "label")
                .parse()
                .unwrap_or_else(|e| panic!("{}: {e}", p.source))
        })
        .collect();

    // The parts of the data, as (name, members).
    let everything: Vec<usize> = (0..postings.len()).collect();
    let select = |keep: &dyn Fn(&Posting) -> bool| -> Vec<usize> {
        everything
            .iter()
            .copied()
            .filter(|&i| keep(&postings[i]))
            .collect()
    };
    let hn = |p: &Posting| has_flag(p, "hn_who_is_hiring_comment");
    let parts: Vec<(String, Vec<usize>)> = vec![
        ("all".to_string(), everything.clone()),
        (
            "English only".to_string(),
            select(&|p| text_field(p, "lang") == "en"),
        ),
        ("HN comments".to_string(), select(&hn)),
        ("other sources".to_string(), select(&|p| !hn(p))),
        (
            "HN, one role in header".to_string(),
            select(&|p| hn(p) && !has_flag(p, "hn_header_lists_other_roles")),
        ),
    ];
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &everything {
        groups
            .entry(text_field(&postings[i], "title_group").to_string())
            .or_default()
            .push(i);
    }

    println!(
        "rolesift evaluation on {} ({} postings; labels derived from titles, see its README)\n",
        dev.display(),
        postings.len()
    );
    let model = Model::embedded().expect("embedded model");
    let mut predictions: Vec<Vec<Prediction>> = Vec::new();
    for (name, options) in SETTINGS {
        let classifier = Classifier::with_options(model.clone(), options);
        let started = Instant::now();
        let answers: Vec<Prediction> = postings
            .iter()
            .zip(&gold)
            .map(|(p, &gold)| {
                let c = classifier.classify(p);
                Prediction {
                    gold,
                    predicted: c.label,
                    confidence: c.confidence,
                    review: c.review,
                }
            })
            .collect();
        let elapsed = started.elapsed();
        assert_eq!(answers.len(), postings.len(), "every posting is evaluated");
        println!(
            "{name:<15} classified in {:>7.1} ms ({:.0} postings/s, one thread)",
            elapsed.as_secs_f64() * 1000.0,
            postings.len() as f64 / elapsed.as_secs_f64()
        );
        predictions.push(answers);
    }

    println!("\naccuracy / macro-F1 / ECE per part");
    print!("{:<24} {:>5}", "part", "n");
    for (name, _) in SETTINGS {
        print!("  {name:>20}");
    }
    println!();
    for (name, members) in &parts {
        print!("{name:<24} {:>5}", members.len());
        for answers in &predictions {
            let chosen: Vec<Prediction> = members.iter().map(|&i| answers[i]).collect();
            let s = Summary::of(&chosen);
            print!(
                "  {:>20}",
                format!("{:.3} / {:.3} / {:.3}", s.accuracy, s.macro_f1, s.ece)
            );
        }
        println!();
    }

    println!("\naccuracy per title group (each group has one gold label, so this is its recall)");
    print!("{:<24} {:>5}", "title group", "n");
    for (name, _) in SETTINGS {
        print!("  {name:>15}");
    }
    println!();
    for (group, members) in &groups {
        print!("{group:<24} {:>5}", members.len());
        for answers in &predictions {
            let chosen: Vec<Prediction> = members.iter().map(|&i| answers[i]).collect();
            print!("  {:>15.3}", ConfusionMatrix::of(&chosen).accuracy());
        }
        println!();
    }
}
