//! Compiling a model into a [`Classifier`]: its terms, cues, occupation titles and product
//! roles' fields become patterns over interned stem ids, so matching a posting compares
//! integers, not strings.
//!
//! Kept apart because it runs once per classifier, at every start (65k occupation titles),
//! where the rest of the module runs once per posting.

use super::{Classifier, ClassifyOptions};
use crate::analyze::Analyzer;
use crate::lexicon::model::Model;
use crate::lexicon::{Category, CueKind, Role};
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone)]
pub(super) struct Pattern {
    pub(super) ids: Box<[u32]>,
    /// Index into the model's terms, or the cue kind.
    pub(super) target: Target,
    pub(super) acronym: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Target {
    Term(u32),
    Cue(CueKind),
}

/// Product roles' fields: their names ending in manager, read as management, with the words
/// that may follow a field as a requirement.
#[derive(Debug, Clone, Default)]
pub(super) struct Fields {
    /// Field stem ids → the model term of the role name.
    pub(super) by_stems: FxHashMap<Box<[u32]>, u32>,
    /// Id of "management": a field ends in it.
    pub(super) last_word: u32,
    /// Ids of "experience" and "background": "product management experience".
    pub(super) requirement_words: [u32; 2],
    /// Words in the longest field.
    pub(super) longest: usize,
}

/// Words that may stand between a self-description cue and the occupation it introduces:
/// articles, seniority and the adjectives postings put before a job title.
const OCCUPATION_MODIFIERS: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "senior",
    "junior",
    "lead",
    "principal",
    "staff",
    "experienced",
    "skilled",
    "talented",
    "motivated",
    "passionate",
    "seasoned",
    "dedicated",
    "new",
    "next",
];

impl Classifier {
    /// Compiles `model` with default options.
    pub fn new(model: Model) -> Self {
        Classifier::with_options(model, ClassifyOptions::default())
    }

    /// Compiles `model`.
    pub fn with_options(model: Model, options: ClassifyOptions) -> Self {
        // Built at every start (65k occupation titles): interning allocates only new stems,
        // and the maps are sized once.
        let mut vocabulary: FxHashMap<Box<str>, u32> = FxHashMap::default();
        vocabulary.reserve(model.occupations.stems.len() / 2);
        let mut intern = |stems: &mut dyn Iterator<Item = &str>| -> Box<[u32]> {
            stems.map(|s| intern_stem(&mut vocabulary, s)).collect()
        };
        let mut term_patterns: FxHashMap<u32, Vec<Pattern>> = FxHashMap::default();
        for (index, term) in model.terms.iter().enumerate() {
            for stems in &term.stems {
                if stems.is_empty() {
                    continue;
                }
                let ids = intern(&mut stems.iter().map(String::as_str));
                term_patterns.entry(ids[0]).or_default().push(Pattern {
                    ids,
                    target: Target::Term(index as u32),
                    acronym: term.acronym,
                });
            }
        }
        let mut cue_patterns: FxHashMap<u32, Vec<Pattern>> = FxHashMap::default();
        for cue in &model.cues {
            if cue.stems.is_empty() {
                continue;
            }
            let ids = intern(&mut cue.stems.iter().map(String::as_str));
            cue_patterns.entry(ids[0]).or_default().push(Pattern {
                ids,
                target: Target::Cue(cue.kind),
                acronym: false,
            });
        }
        let mut occupations = FxHashMap::default();
        occupations.reserve(model.occupations.stems.len());
        for (index, stems) in model.occupations.stems.iter().enumerate() {
            occupations.insert(intern(&mut stems.split(' ')), index as u32);
        }
        let mut intern_word = |word: &str| intern_stem(&mut vocabulary, &Analyzer.stems(word)[0]);
        let of_id = intern_word("of");
        let occupation_modifiers = OCCUPATION_MODIFIERS
            .iter()
            .map(|w| intern_word(w))
            .collect();
        let longest_occupation = occupations.keys().map(|k| k.len()).max().unwrap_or(0);
        let fields = Fields::new(&model, &mut vocabulary);
        // Patterns by first stem id, longest first, in dense vectors (no hashing per word).
        let by_first = |map: FxHashMap<u32, Vec<Pattern>>| {
            let mut dense = vec![Vec::new(); vocabulary.len()];
            for (first, mut patterns) in map {
                patterns.sort_by_key(|p| std::cmp::Reverse(p.ids.len()));
                dense[first as usize] = patterns;
            }
            dense
        };
        let term_patterns = by_first(term_patterns);
        let cue_patterns = by_first(cue_patterns);
        let mut elided_role_names = FxHashMap::default();
        for (index, term) in model.terms.iter().enumerate() {
            if term.category != Category::RoleTitle {
                continue;
            }
            for stems in term.stems.iter().filter(|s| s.len() >= 2) {
                let ids: Option<Vec<u32>> = stems
                    .iter()
                    .map(|s| vocabulary.get(s.as_str()).copied())
                    .collect();
                if let Some(ids) = ids {
                    elided_role_names.insert(ids, index as u32);
                }
            }
        }
        let role_term = |role: Role| {
            model
                .terms
                .iter()
                .enumerate()
                .filter(|(_, t)| t.role == role && t.category == Category::RoleTitle)
                // The heaviest; among equals the plainest ("product owner", not "scrum
                // product owner").
                .max_by(|(_, a), (_, b)| {
                    a.weight
                        .total_cmp(&b.weight)
                        .then(b.stems[0].len().cmp(&a.stems[0].len()))
                })
                .map(|(i, _)| i as u32)
        };
        let title_role_terms = [
            role_term(Role::ProductOwner),
            role_term(Role::ProductManager),
        ];
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let longest_cue = model.cues.iter().map(|c| c.stems.len()).max().unwrap_or(0);
        Classifier {
            model,
            options,
            vocabulary,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            longest_cue,
            elided_role_names,
            term_patterns,
            cue_patterns,
            occupations,
            longest_occupation,
            occupation_modifiers,
            of_id,
            title_role_terms,
            fields,
        }
    }
}

impl Fields {
    /// The fields of the model's product role names.
    fn new(model: &Model, vocabulary: &mut FxHashMap<Box<str>, u32>) -> Fields {
        let mut id = |stem: &str| intern_stem(vocabulary, stem);
        // Not "ownership": "product ownership" is a trait asked of anyone ("take ownership"),
        // engineers included, where "product management" is a trade.
        let mut fields = Fields {
            last_word: id("management"),
            requirement_words: [id("experi"), id("background")],
            ..Fields::default()
        };
        // Product roles only. Other trades' fields (project, program, change management) are
        // skills product postings ask for too: on the dev files such a requirement stood in
        // nine product postings, and sank two of them.
        for (index, term) in model.terms.iter().enumerate() {
            let product_role = matches!(term.role, Role::ProductOwner | Role::ProductManager);
            if term.category != Category::RoleTitle || term.acronym || !product_role {
                continue;
            }
            for stems in &term.stems {
                // "manager" alone is no field: "management experience" is anyone's.
                let Some((last, rest)) = stems.split_last() else {
                    continue;
                };
                if last != "manag" || rest.is_empty() {
                    continue;
                }
                let ids: Box<[u32]> = rest
                    .iter()
                    .map(|s| id(s))
                    .chain([fields.last_word])
                    .collect();
                fields.longest = fields.longest.max(ids.len());
                fields.by_stems.entry(ids).or_insert(index as u32);
            }
        }
        fields
    }
}

/// The id of `stem` in `vocabulary`, added with the next id when new.
fn intern_stem(vocabulary: &mut FxHashMap<Box<str>, u32>, stem: &str) -> u32 {
    if let Some(&id) = vocabulary.get(stem) {
        return id;
    }
    let id = vocabulary.len() as u32;
    vocabulary.insert(stem.into(), id);
    id
}
