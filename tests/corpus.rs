//! The vocabulary and the shipped model: provenance against the seed articles, and the
//! shipped model being exactly what `model build` makes from `corpus/`.

mod common;

use rolesift::analyze::Analyzer;
use rolesift::lexicon::model::{Model, EMBEDDED_MODEL_JSON};
use rolesift::lexicon::{Category, Corpus, Role};
use std::collections::BTreeSet;

fn corpus() -> Corpus {
    Corpus::load(&common::root().join("corpus")).expect("corpus/ loads")
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn every_entry_occurs_in_every_seed_file_it_cites() {
    let Some(seeds) = common::shared("seeds", "every_entry_occurs_in_every_seed_file_it_cites")
    else {
        return;
    };
    let corpus = corpus();
    let mut failures = Vec::new();
    for (id, file) in &corpus.lexicon.sources {
        let text = std::fs::read_to_string(seeds.join(file))
            .unwrap_or_else(|e| panic!("seed {id} ({file}): {e}"));
        let stems = Analyzer.stems(&text);
        for entry in &corpus.lexicon.entries {
            let cites = entry.sources.contains(id) || entry.contradicted_by.contains(id);
            if cites && !contains_run(&stems, &Analyzer.stems(&entry.term)) {
                failures.push(format!("{:?} does not occur in {id} ({file})", entry.term));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_lexicon_covers_both_roles_every_category_and_records_contradictions() {
    let corpus = corpus();
    let entries = &corpus.lexicon.entries;
    assert!(entries.len() >= 150, "{} entries", entries.len());
    for role in [
        Role::ProductOwner,
        Role::ProductManager,
        Role::Shared,
        Role::Other,
    ] {
        assert!(entries.iter().any(|e| e.role == role), "no {role:?} entry");
    }
    let categories: BTreeSet<Category> = entries.iter().map(|e| e.category).collect();
    for category in [
        Category::Duty,
        Category::Skill,
        Category::Tool,
        Category::Artifact,
        Category::Methodology,
        Category::Stakeholder,
        Category::Certification,
        Category::Education,
        Category::CareerTitle,
        Category::RoleTitle,
    ] {
        assert!(categories.contains(&category), "no {category:?} entry");
    }
    // The known contradiction: one source gives market research to the product owner.
    let market = entries
        .iter()
        .find(|e| e.term == "market research")
        .expect("market research is in the lexicon");
    assert_eq!(market.role, Role::ProductManager);
    assert!(!market.contradicted_by.is_empty());
}

#[test]
fn no_entry_is_a_sentence() {
    for entry in &corpus().lexicon.entries {
        let words = Analyzer.stems(&entry.term).len();
        assert!(
            (1..=5).contains(&words),
            "{:?} has {words} words",
            entry.term
        );
    }
}

#[test]
fn the_shipped_model_is_exactly_what_model_build_makes() {
    let built = Model::build(&corpus()).to_json();
    let shipped = std::fs::read_to_string(common::root().join("models/default.json")).unwrap();
    assert!(
        built == shipped,
        "models/default.json is stale: run `cargo run -- model build`"
    );
    assert!(
        built == EMBEDDED_MODEL_JSON,
        "the embedded model differs from models/default.json: rebuild the binary"
    );
}

#[test]
fn weights_are_computed_from_provenance() {
    let model = Model::embedded().unwrap();
    let weight = |term: &str| {
        model
            .terms
            .iter()
            .find(|t| t.term == term)
            .unwrap_or_else(|| panic!("{term} in model"))
            .weight
    };
    // More sources, more weight; a phrase weighs at least what the term it contains weighs;
    // shared terms weigh little.
    assert!(weight("product owner") > weight("scrum master"));
    assert!(weight("senior product owner") >= weight("product owner"));
    let shared_max = model
        .terms
        .iter()
        .filter(|t| t.role == Role::Shared)
        .map(|t| t.weight)
        .fold(0.0, f64::max);
    let one_role_max = model
        .terms
        .iter()
        .filter(|t| t.role == Role::ProductOwner)
        .map(|t| t.weight)
        .fold(0.0, f64::max);
    assert!(shared_max < one_role_max / 2.0);
}
