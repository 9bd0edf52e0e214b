//! The vocabulary and the shipped model: provenance against the seed articles, and the
//! shipped model being exactly what `model build` makes from `corpus/`.

mod common;

use rolesift::analyze::Analyzer;
use rolesift::lexicon::model::{Model, EMBEDDED_MODEL_JSON};
use rolesift::lexicon::{taxonomy, Category, Corpus, Role};
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

#[test]
fn the_taxonomy_extraction_reproduces_the_committed_corpus_files() {
    let test = "the_taxonomy_extraction_reproduces_the_committed_corpus_files";
    let Some(taxonomy) = common::shared("taxonomy", test) else {
        return;
    };
    let root = common::root().join("corpus");
    let lexicon = rolesift::lexicon::Lexicon::load(&root.join("lexicon.toml")).unwrap();
    let extracted = taxonomy::extract(&taxonomy, &lexicon).expect("the taxonomies read");
    let committed = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    // Compared whole, not line by line: a diff of 65k lines helps nobody; the command to run
    // is the message.
    let fix = "run `rolesift model taxonomy ../shared/taxonomy` and `rolesift model build`";
    assert!(
        taxonomy::occupations_tsv(&extracted.occupations) == committed(taxonomy::OCCUPATIONS_FILE),
        "corpus/occupations.tsv is not what the extraction makes: {fix}"
    );
    assert!(
        taxonomy::specificity_toml(&extracted.specificity) == committed(taxonomy::SPECIFICITY_FILE),
        "corpus/specificity.toml is not what the extraction makes: {fix}"
    );
    // Every extracted title keeps its provenance; no product role is another occupation.
    for title in &extracted.occupations {
        assert!(!title.sources.is_empty(), "{}", title.title);
    }
    let products = [
        "product owner",
        "product manager",
        "technical product manager",
    ];
    assert!(extracted
        .occupations
        .iter()
        .all(|t| !products.contains(&t.title.as_str())));
    // The project's own titles are ones the taxonomies lack.
    let project = Corpus::load(&root).unwrap().occupations;
    let extracted_stems: BTreeSet<Vec<String>> = extracted
        .occupations
        .iter()
        .map(|t| Analyzer.stems(&t.title))
        .collect();
    for title in project
        .iter()
        .filter(|t| t.sources == [taxonomy::PROJECT_PROVENANCE])
    {
        assert!(
            !extracted_stems.contains(&Analyzer.stems(&title.title)),
            "{} is in the taxonomies already",
            title.title
        );
    }
}
