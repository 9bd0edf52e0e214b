//! Scoring: evidence for each role, the decision, the confidence and the review flag.
//!
//! [`Classifier::classify`] is pure (no I/O) and `Sync`; the batch driver ([`batch`]) is the
//! one place that runs it in parallel. How a posting is scored:
//!
//! 1. Title and body are analysed separately with the shared [`Analyzer`].
//! 2. Model terms (and their variants) are found on the stem stream, leftmost-longest, so
//!    "senior product owner" is one career title, not also a "product owner".
//! 3. A role name's context is read from the cue just before it, within the same sentence:
//!    self-description ("as a", "we are looking for") multiplies its weight, a collaborator
//!    cue ("work closely with", "report to") zeroes it. Non-product role names (scrum master,
//!    project manager) count only as self-description or in the title.
//! 4. Repeats saturate (BM25-style), and body evidence is scaled down for long bodies.
//! 5. The decision rule ([`decide()`]) turns PO, PM and other-role evidence into a label, a
//!    confidence and a review flag, using the model's named thresholds; [`decide_calibrated`]
//!    then maps the confidence through the model's calibration, if it has one. Evaluation and
//!    `model calibrate` call the same two functions on a posting's [`Tally`], so a threshold
//!    fitted there means exactly what it means here.
//!
//! With [`ClassifyOptions::mask_role_names`], role and career titles (and their acronyms, PO,
//! PM, CPO…) are blanked out of the body before any term is matched: they become words that
//! match nothing, as if the text said "a ∎ ∎ will own the backlog". Evaluation uses this to
//! measure what the duty and skill vocabulary can do on its own, without the role names that
//! a title-derived label would make circular.

pub mod batch;
pub mod decide;
mod title;

pub use decide::{
    decide, decide_calibrated, is_foreign, map_confidence, Decision, ReviewReason, ReviewReasons,
    Tally, MIN_FUNCTION_WORD_SHARE, MIN_READABLE_WORDS, NEAR_MISS_SHARE,
};

use crate::analyze::{Analyzer, TermCache};
use crate::audit::title::TitleFamily;
use crate::label::Label;
use crate::lexicon::model::{Model, Thresholds};
use crate::lexicon::{taxonomy, Category, CueKind, Role};
use crate::posting::Posting;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many words may stand between a cue and the role name it qualifies.
const CUE_WINDOW_WORDS: usize = 5;

/// No vocabulary id.
const NO_ID: u32 = u32::MAX;

/// Scores per role.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Scores {
    /// Product-owner evidence.
    pub product_owner: f64,
    /// Product-manager evidence.
    pub product_manager: f64,
    /// Evidence that the posting is some other, named role (scrum master, project manager…).
    pub other_role: f64,
}

/// Which field a term was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The posting's title.
    Title,
    /// The posting's body.
    Body,
}

impl Field {
    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
        }
    }
}

/// How a term was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Plain use.
    Mention,
    /// The posting describes itself with this role name.
    SelfDescription,
    /// The posting names a colleague with this role name (no evidence for its own role).
    Collaborator,
    /// The posting asks for experience in this product role's field or by its name ("5+ years
    /// of product management", "product owner experience"): the role it is for, weighed as a
    /// mention.
    Experience,
}

impl Context {
    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Mention => "mention",
            Context::SelfDescription => "self_description",
            Context::Collaborator => "collaborator",
            Context::Experience => "experience",
        }
    }
}

/// One piece of evidence: a model term found in the posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The term as written in the model.
    pub term: String,
    /// Its category.
    pub category: Category,
    /// The role it supports.
    pub role: Role,
    /// How many times it was found (in this field and context).
    pub count: u32,
    /// Weight per occurrence: model weight × field and context multipliers.
    pub weight: f64,
    /// Byte spans `[start, end)` in the field's original text.
    pub spans: Vec<[usize; 2]>,
    /// What it added to its role's score after saturation and length normalisation.
    pub contribution: f64,
    /// Title or body.
    pub field: Field,
    /// Plain mention, self-description or collaborator.
    pub context: Context,
}

/// The answer for one posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The label.
    pub label: Label,
    /// Confidence in the label, in [0, 1].
    pub confidence: f64,
    /// The decision is uncertain and worth a human look.
    pub review: bool,
    /// Why it is worth a look (empty when `review` is false).
    pub review_reasons: ReviewReasons,
    /// Evidence per role.
    pub scores: Scores,
    /// The terms found, strongest first.
    pub evidence: Vec<Evidence>,
    /// The evidence sums the decision was made from (for evaluation and calibration; not part
    /// of the output contract).
    #[serde(skip)]
    pub tally: Tally,
}

/// Options for a [`Classifier`]. By default, the title is used and nothing is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassifyOptions {
    /// Classify from the body alone (title audits, honest evaluation).
    pub ignore_title: bool,
    /// Blank out role and career titles (and their acronyms) in the body before matching, so
    /// only duties, artefacts, skills and the rest of the vocabulary count.
    pub mask_role_names: bool,
}

impl ClassifyOptions {
    /// Title ignored, nothing masked: how audits and honest evaluations classify.
    pub fn body_only() -> Self {
        ClassifyOptions {
            ignore_title: true,
            ..ClassifyOptions::default()
        }
    }
}

/// A compiled model, ready to classify postings.
#[derive(Debug, Clone)]
pub struct Classifier {
    model: Model,
    options: ClassifyOptions,
    vocabulary: FxHashMap<Box<str>, u32>,
    /// Distinguishes classifiers in the per-thread word cache (vocabulary ids differ).
    id: u64,
    /// Words in the longest cue.
    longest_cue: usize,
    /// Multi-word role titles by their stem ids, for coordinated forms ("Manager/Owner").
    elided_role_names: FxHashMap<Vec<u32>, u32>,
    /// Term patterns by first stem id, longest first.
    term_patterns: Vec<Vec<Pattern>>,
    /// Cue patterns by first stem id, longest first.
    cue_patterns: Vec<Vec<Pattern>>,
    /// Other occupations' titles by their stem ids → index in the model's occupation list.
    occupations: FxHashMap<Box<[u32]>, u32>,
    /// Words in the longest occupation title.
    longest_occupation: usize,
    /// Words that may stand between a self-description cue and an occupation ("as a *senior*
    /// data analyst").
    occupation_modifiers: rustc_hash::FxHashSet<u32>,
    /// Id of "of": "as the operator of the network" says what the employer is, not the job.
    of_id: u32,
    /// The model terms that stand for each product role in a title ([PO, PM]).
    title_role_terms: [Option<u32>; 2],
    /// Roles' fields by their stem ids ("product management" → the product manager term).
    fields: Fields,
}

/// Product roles' fields: their names ending in manager, read as management, with the words
/// that may follow a field as a requirement.
#[derive(Debug, Clone, Default)]
struct Fields {
    /// Field stem ids → the model term of the role name.
    by_stems: FxHashMap<Box<[u32]>, u32>,
    /// Id of "management": a field ends in it.
    last_word: u32,
    /// Ids of "experience" and "background": "product management experience".
    requirement_words: [u32; 2],
    /// Words in the longest field.
    longest: usize,
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

/// A role name among the first words of the body's first line or sentence is its heading: the
/// posting names itself ("Senior Product Manager – Payments\nAbout us…").
const HEADING_WORDS: usize = 16;

/// A first line of at most this many words, with more text after it, is a heading line as a
/// whole, whatever dots it holds: "Acme - https://acme.io - Remote - Engineers and Product
/// Managers\n…" names the roles the posting hires.
const HEADING_LINE_WORDS: usize = 24;

/// Between a cue and an occupation, at most this many modifier words.
const MAX_OCCUPATION_MODIFIERS: usize = 2;

#[derive(Debug, Clone)]
struct Pattern {
    ids: Box<[u32]>,
    /// Index into the model's terms, or the cue kind.
    target: Target,
    acronym: bool,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Term(u32),
    Cue(CueKind),
}

/// A word of the posting, as the scorer sees it.
#[derive(Debug, Clone, Copy)]
struct Word {
    id: u32,
    start: usize,
    end: usize,
    boundary_before: bool,
    /// All digits: an acronym right after a number is a unit or a time ("5 PM"), not a role.
    numeric: bool,
    starts_term: bool,
    starts_cue: bool,
}

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

    /// The model this classifier was compiled from.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The options in force.
    pub fn options(&self) -> ClassifyOptions {
        self.options
    }

    /// Classifies one posting.
    pub fn classify(&self, posting: &Posting) -> Classification {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.classify_with(posting, &mut scratch, None),
            // Re-entered from inside a classification (never in this crate): use a fresh one.
            Err(_) => self.classify_with(posting, &mut Scratch::default(), None),
        })
    }

    /// Classifies one posting, showing `observe` the stem of every analysed word of the title
    /// (unless titles are ignored) and the body as the scorer reads it, in order.
    ///
    /// For callers that need the posting's terms too (the index), so the text is analysed
    /// once, not twice. Words are memoised with their stems, so a repeated word costs one
    /// look-up, as in [`Classifier::classify`].
    pub fn classify_observed(
        &self,
        posting: &Posting,
        mut observe: impl FnMut(Field, &str),
    ) -> Classification {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.classify_with(posting, &mut scratch, Some(&mut observe)),
            Err(_) => self.classify_with(posting, &mut Scratch::default(), Some(&mut observe)),
        })
    }

    fn classify_with(
        &self,
        posting: &Posting,
        scratch: &mut Scratch,
        observe: Option<&mut Observer<'_>>,
    ) -> Classification {
        if scratch.owner != self.id {
            scratch.owner = self.id;
            scratch.words.clear();
            scratch.observed_words.clear();
            scratch.stems.clear();
        }
        if scratch.stems.len() > STEM_ARENA_LIMIT {
            scratch.observed_words.clear();
            scratch.stems.clear();
        }
        let t = &self.model.thresholds;
        let scratch = &mut *scratch;
        let found = &mut scratch.found;
        found.hit_index.clear();
        found.hits.clear();
        let cache = &mut scratch.words;
        let mut observing = observe.map(|observe| Observing {
            observe,
            cache: &mut scratch.observed_words,
            stems: &mut scratch.stems,
        });
        if !self.options.ignore_title && !posting.title.is_empty() {
            self.find(
                &posting.title,
                Field::Title,
                found,
                cache,
                observing.as_mut(),
            );
            let family = scratch.titles.family(&posting.title);
            self.title_identity(&posting.title, family, found);
        }
        let (body_words, function_words) =
            self.find(&posting.body, Field::Body, found, cache, observing.as_mut());
        let length_factor = 1.0
            / (body_words as f64 / t.length_reference_words)
                .max(1.0)
                .sqrt();

        let mut tally = Tally {
            body_words: body_words as u32,
            function_words,
            cut_off: decide::is_cut_off(&posting.body),
            ..Tally::default()
        };
        let mut evidence = Vec::with_capacity(found.hits.len());
        for ((target, field, context), count, spans) in found.hits.drain(..) {
            let (name, category, role, base_weight) = match target {
                // A field ("product management") stands for its role name; the evidence shows
                // the words as written.
                HitTarget::Term(index) if context == Context::Experience => {
                    let term = &self.model.terms[index as usize];
                    let [start, end] = spans[0];
                    (
                        occupation_name(&posting.body[start..end]),
                        term.category,
                        term.role,
                        term.weight,
                    )
                }
                HitTarget::Term(index) => {
                    let term = &self.model.terms[index as usize];
                    (term.term.clone(), term.category, term.role, term.weight)
                }
                HitTarget::Occupation(_) => {
                    let text = match field {
                        Field::Title => &posting.title,
                        Field::Body => &posting.body,
                    };
                    let [start, end] = spans[0];
                    (
                        occupation_name(&text[start..end]),
                        Category::RoleTitle,
                        Role::Other,
                        self.model.occupations.weight,
                    )
                }
            };
            let weight = base_weight * multiplier(t, category, field, context);
            let saturated = count as f64 * (t.saturation_k + 1.0) / (count as f64 + t.saturation_k);
            let scale = if field == Field::Body {
                length_factor
            } else {
                1.0
            };
            let contribution = weight * saturated * scale;
            let own = field == Field::Title
                || matches!(context, Context::SelfDescription | Context::Experience);
            tally.add(role, category, contribution, own);
            if field == Field::Title && category.names_a_role() {
                tally.title_names(role);
            }
            evidence.push(Evidence {
                term: name,
                category,
                role,
                count,
                weight: round4(weight),
                spans,
                contribution: round4(contribution),
                field,
                context,
            });
        }
        evidence.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then_with(|| a.field.cmp(&b.field))
                .then_with(|| a.term.cmp(&b.term))
                .then_with(|| a.context.cmp(&b.context))
        });
        let scores = Scores {
            product_owner: round4(tally.total[0]),
            product_manager: round4(tally.total[1]),
            other_role: round4(tally.total[2]),
        };
        let confidence_map = self
            .model
            .calibration
            .as_ref()
            .map_or(&[][..], |c| &c.confidence_map[..]);
        let decision = decide_calibrated(&tally, t, confidence_map);
        Classification {
            label: decision.label,
            confidence: round4(decision.confidence),
            review: decision.review(),
            review_reasons: decision.reasons,
            scores,
            evidence,
            tally,
        }
    }

    /// Finds model terms in `text`, recording them in `found`; returns the number of words and
    /// of English function words.
    fn find<'o>(
        &self,
        text: &str,
        field: Field,
        found: &mut Found,
        cache: &mut TermCache<WordInfo>,
        observing: Option<&mut Observing<'_, 'o>>,
    ) -> (usize, u32) {
        let Found {
            words,
            hit_index,
            hits,
        } = found;
        words.clear();
        // About one word per six bytes of text: sized once, not grown word by word.
        words.reserve(text.len() / 6);
        let mut function_words = 0u32;
        let word_info = |stem: &str| {
            let id = self.vocabulary.get(stem).copied().unwrap_or(NO_ID);
            let starts = |patterns: &[Vec<Pattern>]| {
                patterns.get(id as usize).is_some_and(|p| !p.is_empty())
            };
            WordInfo {
                id,
                numeric: stem.bytes().all(|b| b.is_ascii_digit()),
                starts_term: starts(&self.term_patterns),
                starts_cue: starts(&self.cue_patterns),
                function_word: stem.len() <= 4 && FUNCTION_WORDS.contains(&stem),
            }
        };
        let mut push = |info: WordInfo, start: usize, end: usize, boundary_before: bool| {
            function_words += u32::from(info.function_word);
            words.push(Word {
                id: info.id,
                start,
                end,
                boundary_before,
                numeric: info.numeric,
                starts_term: info.starts_term,
                starts_cue: info.starts_cue,
            })
        };
        match observing {
            // The caller wants every stem: memoise words with theirs.
            Some(Observing {
                observe,
                cache,
                stems,
            }) => {
                let stems = RefCell::new(&mut **stems);
                Analyzer.analyze_cached(
                    text,
                    cache,
                    |stem| {
                        let mut stems = stems.borrow_mut();
                        let stem_start = stems.len() as u32;
                        stems.push_str(stem);
                        ObservedWord {
                            info: word_info(stem),
                            stem_start,
                            stem_len: stem.len() as u32,
                        }
                    },
                    |word, at| {
                        let start = word.stem_start as usize;
                        observe(
                            field,
                            &stems.borrow()[start..start + word.stem_len as usize],
                        );
                        push(word.info, at.start, at.end, at.boundary_before)
                    },
                );
            }
            // Memoise words straight to what the scorer needs.
            None => Analyzer.analyze_cached(text, cache, word_info, |info, word| {
                push(info, word.start, word.end, word.boundary_before)
            }),
        }
        if self.options.mask_role_names && field == Field::Body {
            self.mask_role_names(words);
        }
        let words = &*words;
        if field == Field::Title {
            // A title is read by the title normaliser (see `title_identity`).
            return (words.len(), function_words);
        }

        let mut i = 0;
        while i < words.len() {
            if !words[i].starts_term {
                i += 1;
                continue;
            }
            let Some(p) = self.match_at(&self.term_patterns, words, i) else {
                i += 1;
                continue;
            };
            let Target::Term(term_index) = p.target else {
                unreachable!("term patterns hold terms")
            };
            let len = p.ids.len();
            let term = &self.model.terms[term_index as usize];
            let context = if term.category.names_a_role() {
                match self.role_context(text, words, i, len) {
                    // "PM" is a project manager as often as a product manager: never the
                    // posting's own role on its own.
                    Context::SelfDescription | Context::Experience if p.acronym => Context::Mention,
                    // Experience asked for as another trade ("years of project manager
                    // experience") is a skill product postings ask for too (see `Fields::new`).
                    Context::Experience if term.role == Role::Other => Context::Mention,
                    context => context,
                }
            } else {
                Context::Mention
            };
            let span = [words[i].start, words[i + len - 1].end];
            record_hit(
                hit_index,
                hits,
                (HitTarget::Term(term_index), field, context),
                span,
            );
            // "Product Manager/Owner": the next word completes a second role name that shares
            // this one's modifiers; both roles are named.
            if term.category == Category::RoleTitle {
                if let Some(next) = words.get(i + len).filter(|w| !w.boundary_before) {
                    let mut elided: Vec<u32> = p.ids[..len - 1].to_vec();
                    elided.push(next.id);
                    if let Some(&other) = self.elided_role_names.get(&elided) {
                        let span = [words[i].start, next.end];
                        record_hit(
                            hit_index,
                            hits,
                            (HitTarget::Term(other), field, context),
                            span,
                        );
                        i += 1;
                    }
                }
            }
            i += len;
        }
        self.find_occupations(text, words, hit_index, hits);
        self.find_fields(text, words, hit_index, hits);
        (words.len(), function_words)
    }

    /// How the body uses the role name at words `at..at + len`: the nearest cue decides; a role
    /// name heading the body is its own; a plural without either names colleagues.
    fn role_context(&self, text: &str, words: &[Word], at: usize, len: usize) -> Context {
        match self.cue_context(words, at) {
            Context::Mention if is_heading(text, words, at) => Context::SelfDescription,
            // Colleagues, unless a cue says the posting hires them ("we are hiring product
            // managers") or the body's heading lists them among its roles.
            // So with experience asked for: "experience with product managers".
            Context::Mention | Context::Experience if is_plural(text, &words[at + len - 1]) => {
                Context::Collaborator
            }
            context => context,
        }
    }

    /// Other occupations the body uses to describe itself: a self-description cue ("as a",
    /// "we are looking for"), at most [`MAX_OCCUPATION_MODIFIERS`] modifier words, then an
    /// occupation's title in the singular ("as a senior data analyst you will…").
    fn find_occupations(
        &self,
        text: &str,
        words: &[Word],
        hit_index: &mut FxHashMap<HitKey, usize>,
        hits: &mut Vec<(HitKey, u32, Vec<[usize; 2]>)>,
    ) {
        if self.occupations.is_empty() {
            return;
        }
        // The body's first words: a posting that opens with an occupation's title repeats its
        // own ("Frontend Developer – Mobile Apps\n…"), as a product role name heading the body
        // does.
        let mut record = |(index, span): (u32, [usize; 2])| {
            record_hit(
                hit_index,
                hits,
                (
                    HitTarget::Occupation(index),
                    Field::Body,
                    Context::SelfDescription,
                ),
                span,
            );
        };
        if let Some(found) = self.occupation_after(text, words, 0, true) {
            record(found);
        }
        for j in 0..words.len() {
            if !words[j].starts_cue {
                continue;
            }
            let Some(p) = self.match_at(&self.cue_patterns, words, j) else {
                continue;
            };
            if !matches!(p.target, Target::Cue(CueKind::SelfDescription)) {
                continue;
            }
            if let Some(found) = self.occupation_after(text, words, j + p.ids.len(), false) {
                record(found);
            }
        }
    }

    /// The occupation a posting names as its own from word `first` on (after a
    /// self-description cue, or at the body's start when `heading`): at most
    /// [`MAX_OCCUPATION_MODIFIERS`] modifier words, then an occupation's title in the singular,
    /// reading as a person and not as a relation. Its index and span.
    fn occupation_after(
        &self,
        text: &str,
        words: &[Word],
        first: usize,
        heading: bool,
    ) -> Option<(u32, [usize; 2])> {
        for at in first..=first + MAX_OCCUPATION_MODIFIERS {
            let word = words.get(at)?;
            if word.boundary_before && !(heading && at == 0) {
                return None;
            }
            if let Some((index, len)) = self.occupation_at(words, at) {
                // "as a product manager": the longer role name is ours, whatever shorter
                // occupation ("products") starts it.
                let product_role = self
                    .match_where(&self.term_patterns, words, at, |p| match p.target {
                        Target::Term(t) => {
                            let term = &self.model.terms[t as usize];
                            term.role != Role::Other && term.category.names_a_role()
                        }
                        Target::Cue(_) => false,
                    })
                    .is_some_and(|p| p.ids.len() >= len);
                if product_role {
                    return None;
                }
                let last = &words[at + len - 1];
                // A one-word title must read as a person: "software as a service" is not a
                // servicer, though both stem to "servic". So must a longer one that stems like
                // a product term: "software development" is no developer.
                let shares_a_term = self
                    .match_where(&self.term_patterns, words, at, |p| p.ids.len() == len)
                    .is_some();
                let person = (len > 1 && !shares_a_term)
                    || taxonomy::reads_as_person(&text[last.start..last.end].to_lowercase());
                // The cue must still be the one that governs the title: "has worked as a
                // business analyst" is a past role.
                let own = heading || self.cue_context(words, at) == Context::SelfDescription;
                // "As the operator of the network, we…", "as a member of the team": a relation,
                // not a job title (titles with "of" are matched whole).
                let relation = words
                    .get(at + len)
                    .is_some_and(|w| w.id == self.of_id && !w.boundary_before);
                return (person && own && !relation && !is_plural(text, last))
                    .then_some((index, [word.start, last.end]));
            }
            if !self.occupation_modifiers.contains(&word.id) {
                return None;
            }
        }
        None
    }

    /// Product roles' fields the body asks experience in ("5+ years of product management",
    /// "product management experience"): the role the posting is for. A field without such a
    /// requirement ("interest in product management") is no role name and not evidence.
    fn find_fields(
        &self,
        text: &str,
        words: &[Word],
        hit_index: &mut FxHashMap<HitKey, usize>,
        hits: &mut Vec<(HitKey, u32, Vec<[usize; 2]>)>,
    ) {
        let fields = &self.fields;
        for (end, word) in words.iter().enumerate() {
            if word.id != fields.last_word {
                continue;
            }
            // The longest field ending here, within one sentence.
            let from = (end + 1).saturating_sub(fields.longest);
            let ids: Vec<u32> = words[from..=end].iter().map(|w| w.id).collect();
            let found = (from..end).find_map(|start| {
                let joined = words[start + 1..=end].iter().all(|w| !w.boundary_before);
                joined
                    .then(|| fields.by_stems.get(&ids[start - from..]))
                    .flatten()
                    .map(|&term| (start, term))
            });
            let Some((start, term)) = found else {
                continue;
            };
            let required = words
                .get(end + 1)
                .is_some_and(|w| !w.boundary_before && fields.requirement_words.contains(&w.id));
            // A heading line naming the field names the team the posting hires for ("Acme -
            // Remote - Engineering & Product Management").
            if required
                || self.governing_cue(words, start) == Some(CueKind::Experience)
                || in_heading_line(text, words, end)
            {
                record_hit(
                    hit_index,
                    hits,
                    (HitTarget::Term(term), Field::Body, Context::Experience),
                    [words[start].start, word.end],
                );
            }
        }
    }

    /// The longest occupation title starting at word `at`: (its index, its length in words).
    fn occupation_at(&self, words: &[Word], at: usize) -> Option<(u32, usize)> {
        let mut key: Vec<u32> = Vec::with_capacity(self.longest_occupation);
        for (k, word) in words[at..].iter().take(self.longest_occupation).enumerate() {
            if word.id == NO_ID || (k > 0 && word.boundary_before) {
                break;
            }
            key.push(word.id);
        }
        (1..=key.len())
            .rev()
            .find_map(|len| self.occupations.get(&key[..len]).map(|&i| (i, len)))
    }

    /// Records what the title says the posting is, as the title normaliser reads it: a product
    /// family counts for its role (both for a hybrid title), another family or an occupation
    /// found in the title counts against a product label, as strongly.
    fn title_identity(&self, title: &str, family: TitleFamily, found: &mut Found) {
        let span = [0, title.len()];
        let record = |target: HitTarget, found: &mut Found| {
            record_hit(
                &mut found.hit_index,
                &mut found.hits,
                (target, Field::Title, Context::SelfDescription),
                span,
            )
        };
        let roles: &[usize] = match family.expected_label() {
            Label::ProductOwner => &[0],
            Label::ProductManager => &[1],
            Label::Hybrid => &[0, 1],
            Label::Neither => &[],
        };
        for &role in roles {
            if let Some(term) = self.title_role_terms[role] {
                record(HitTarget::Term(term), found);
            }
        }
        if !roles.is_empty() {
            return;
        }
        // Another occupation: the leftmost longest title found among the title's words.
        let words = &found.words;
        let occupation = (0..words.len()).find_map(|at| {
            self.occupation_at(words, at)
                .map(|(index, len)| (index, [words[at].start, words[at + len - 1].end]))
        });
        match occupation {
            Some((index, span)) => record_hit(
                &mut found.hit_index,
                &mut found.hits,
                (
                    HitTarget::Occupation(index),
                    Field::Title,
                    Context::SelfDescription,
                ),
                span,
            ),
            None if family != TitleFamily::Other => {
                // A known non-product family (project manager, scrum master, …) the occupation
                // list spells differently.
                if let Some(term) = self.family_term(family) {
                    record(HitTarget::Term(term), found);
                }
            }
            None => {}
        }
    }

    /// The model's `other` role name for a non-product title family, if it has one.
    fn family_term(&self, family: TitleFamily) -> Option<u32> {
        let name = match family {
            TitleFamily::ProjectManager => "project manager",
            TitleFamily::ScrumMaster => "scrum master",
            TitleFamily::BusinessAnalyst => "business analyst",
            TitleFamily::ProductMarketingManager => "product marketing manager",
            _ => return None,
        };
        self.model
            .terms
            .iter()
            .position(|t| t.role == Role::Other && t.term == name)
            .map(|i| i as u32)
    }

    /// Blanks out role and career titles, leftmost-longest among those terms alone, so a
    /// longer phrase that merely contains a role name cannot shield it.
    fn mask_role_names(&self, words: &mut [Word]) {
        let names_a_role = |p: &Pattern| match p.target {
            Target::Term(index) => self.model.terms[index as usize].category.names_a_role(),
            Target::Cue(_) => false,
        };
        let mut i = 0;
        while i < words.len() {
            match self.match_where(&self.term_patterns, words, i, names_a_role) {
                Some(p) => {
                    let len = p.ids.len();
                    for word in &mut words[i..i + len] {
                        word.id = NO_ID;
                        word.starts_term = false;
                        word.starts_cue = false;
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    /// The context of a role name at word `at`, from the nearest cue ending before it (at most
    /// [`CUE_WINDOW_WORDS`] words before, in the same sentence). Looked up only for role names,
    /// which are few, rather than matching cues all over the text.
    fn cue_context(&self, words: &[Word], at: usize) -> Context {
        match self.governing_cue(words, at) {
            None | Some(CueKind::PastRole) => Context::Mention,
            Some(CueKind::SelfDescription) => Context::SelfDescription,
            Some(CueKind::Collaborator) => Context::Collaborator,
            Some(CueKind::Experience) => Context::Experience,
        }
    }

    /// The kind of the nearest cue ending at most [`CUE_WINDOW_WORDS`] words before word `at`,
    /// in the same sentence.
    fn governing_cue(&self, words: &[Word], at: usize) -> Option<CueKind> {
        let from = at.saturating_sub(CUE_WINDOW_WORDS + self.longest_cue);
        let mut nearest: Option<(usize, usize, CueKind)> = None;
        let mut past_role_end = 0;
        for j in from..at {
            if !words[j].starts_cue {
                continue;
            }
            let fits = |p: &Pattern| j + p.ids.len() <= at;
            if let Some(p) = self.match_where(&self.cue_patterns, words, j, fits) {
                if let Target::Cue(kind) = p.target {
                    let end = j + p.ids.len();
                    if kind == CueKind::PastRole {
                        past_role_end = past_role_end.max(end);
                    }
                    if nearest.is_none_or(|(best, _, _)| end >= best) {
                        nearest = Some((end, j, kind));
                    }
                }
            }
        }
        // "experience as a": the past-role cue overlaps the "as a" that ends nearer.
        let nearest = nearest.map(|(end, start, kind)| match kind {
            CueKind::SelfDescription if past_role_end > start => (end, CueKind::PastRole),
            _ => (end, kind),
        });
        let (cue_end, kind) = nearest?;
        if at - cue_end > CUE_WINDOW_WORDS || words[cue_end..=at].iter().any(|w| w.boundary_before)
        {
            return None;
        }
        Some(kind)
    }

    fn match_at<'p>(
        &self,
        patterns: &'p [Vec<Pattern>],
        words: &[Word],
        i: usize,
    ) -> Option<&'p Pattern> {
        self.match_where(patterns, words, i, |_| true)
    }

    /// The longest pattern accepted by `keep` that matches at word `i`.
    fn match_where<'p>(
        &self,
        patterns: &'p [Vec<Pattern>],
        words: &[Word],
        i: usize,
        keep: impl Fn(&Pattern) -> bool,
    ) -> Option<&'p Pattern> {
        let first = words[i].id;
        if first == NO_ID {
            return None;
        }
        let after_number = i > 0 && words[i - 1].numeric && !words[i].boundary_before;
        patterns[first as usize].iter().find(|p| {
            let end = i + p.ids.len();
            if (p.acronym && after_number) || !keep(p) {
                return false;
            }
            end <= words.len()
                && words[i..end]
                    .iter()
                    .zip(p.ids.iter())
                    .all(|(w, id)| w.id == *id)
                && words[i + 1..end].iter().all(|w| !w.boundary_before)
        })
    }
}

/// Field and context multiplier for a term: a title counts [`Thresholds::title_multiplier`]
/// times; a role name counts by how the body uses it (its own, a colleague's, in passing).
fn multiplier(t: &Thresholds, category: Category, field: Field, context: Context) -> f64 {
    match (field, context) {
        (Field::Title, _) => t.title_multiplier,
        (Field::Body, _) if !category.names_a_role() => 1.0,
        (Field::Body, Context::SelfDescription) => t.self_description_multiplier,
        (Field::Body, Context::Collaborator) => t.collaborator_multiplier,
        (Field::Body, Context::Mention | Context::Experience) => t.mention_multiplier,
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

/// The word ends in a plural `s` ("managers", "POs"), not a possessive ("manager's").
fn is_plural(text: &str, word: &Word) -> bool {
    let bytes = &text.as_bytes()[word.start..word.end];
    matches!(bytes, [.., b, b's' | b'S'] if *b != b'\'' && *b != b's' && *b != b'S')
        && !text[word.start..word.end].ends_with("\u{2019}s")
}

/// The word at `at` heads the body: it is among the first [`HEADING_WORDS`] of the body's first
/// line or sentence, or in a short first line (see [`in_heading_line`]).
fn is_heading(text: &str, words: &[Word], at: usize) -> bool {
    (at < HEADING_WORDS && words[1..=at].iter().all(|w| !w.boundary_before))
        || in_heading_line(text, words, at)
}

/// The word at `at` is on the body's first line, and that line is at most
/// [`HEADING_LINE_WORDS`] long with more words after it: a heading, not the first sentence of a
/// paragraph. Counted in words, so the amount of whitespace does not matter.
fn in_heading_line(text: &str, words: &[Word], at: usize) -> bool {
    if at >= HEADING_LINE_WORDS {
        return false;
    }
    let bytes = text.as_bytes();
    (1..words.len().min(HEADING_LINE_WORDS + 1))
        .find(|&k| {
            bytes[words[k - 1].end..words[k].start]
                .iter()
                .any(|&b| b == b'\n' || b == b'\r')
        })
        .is_some_and(|line_end| at < line_end)
}

/// An occupation's evidence name: the words as written, lowercase, single-spaced.
fn occupation_name(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A caller's view of every analysed word's stem (see [`Classifier::classify_observed`]).
type Observer<'o> = dyn FnMut(Field, &str) + 'o;

/// What the observing reader memoises per word: the scorer's view and where its stem is kept
/// in [`Scratch::stems`].
#[derive(Debug, Clone, Copy)]
struct ObservedWord {
    info: WordInfo,
    stem_start: u32,
    stem_len: u32,
}

/// The stems of observed words are kept in one string per thread; past this size it is
/// emptied (with the cache that points into it) before the next posting.
const STEM_ARENA_LIMIT: usize = 16 * 1024 * 1024;

/// An observing reader's state: the caller, and the memo of words to stems.
struct Observing<'a, 'o> {
    observe: &'a mut Observer<'o>,
    cache: &'a mut TermCache<ObservedWord>,
    stems: &'a mut String,
}

/// What the scorer memoises per word.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    id: u32,
    numeric: bool,
    /// Some term / some cue starts with this word (most words start neither).
    starts_term: bool,
    starts_cue: bool,
    function_word: bool,
}

/// Per-thread scratch space: the word cache (valid for one classifier) and buffers.
#[derive(Default)]
struct Scratch {
    owner: u64,
    words: TermCache<WordInfo>,
    /// The observing reader's memo (see [`ObservedWord`]) and its stems.
    observed_words: TermCache<ObservedWord>,
    stems: String,
    found: Found,
    titles: title::TitleFamilies,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// What a hit is evidence of: a model term, or another occupation's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HitTarget {
    /// An index into the model's terms.
    Term(u32),
    /// An index into the model's occupation titles.
    Occupation(u32),
}

/// A (target, field, context) triple: evidence is aggregated per triple.
type HitKey = (HitTarget, Field, Context);

/// Scratch state for one posting.
#[derive(Default)]
struct Found {
    words: Vec<Word>,
    /// Position of each key in `hits`.
    hit_index: FxHashMap<HitKey, usize>,
    /// (key, count, spans), in first-seen order so evidence order never depends on hashing.
    hits: Vec<(HitKey, u32, Vec<[usize; 2]>)>,
}

fn record_hit(
    index: &mut FxHashMap<HitKey, usize>,
    hits: &mut Vec<(HitKey, u32, Vec<[usize; 2]>)>,
    key: HitKey,
    span: [usize; 2],
) {
    let at = *index.entry(key).or_insert_with(|| {
        hits.push((key, 0, Vec::new()));
        hits.len() - 1
    });
    let hit = &mut hits[at];
    hit.1 += 1;
    hit.2.push(span);
}

/// Stems of the English function words counted by [`Tally::function_words`].
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "to", "of", "for", "with", "you", "we", "our", "is", "are", "be", "this", "that",
    "your", "or", "at", "by", "from",
];

/// The id of `stem` in `vocabulary`, added with the next id when new.
fn intern_stem(vocabulary: &mut FxHashMap<Box<str>, u32>, stem: &str) -> u32 {
    if let Some(&id) = vocabulary.get(stem) {
        return id;
    }
    let id = vocabulary.len() as u32;
    vocabulary.insert(stem.into(), id);
    id
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classifier() -> Classifier {
        Classifier::new(Model::embedded().unwrap())
    }

    fn label_of(title: &str, body: &str) -> Classification {
        classifier().classify(&Posting::new(title, body))
    }

    #[test]
    fn function_words_are_stems_the_analyzer_produces() {
        for word in FUNCTION_WORDS {
            assert_eq!(Analyzer.stems(word), [word.to_string()]);
        }
    }

    #[test]
    fn self_description_is_strong_and_collaborators_are_not_evidence() {
        let own = label_of("", "As a Product Owner you will work with the team.");
        let mate = label_of("", "You will work closely with the Product Owner.");
        let po = |c: &Classification| c.scores.product_owner;
        assert!(po(&own) > 0.0);
        assert_eq!(po(&mate), 0.0, "{:?}", mate.evidence);
        let context = mate
            .evidence
            .iter()
            .find(|e| e.term == "product owner")
            .unwrap()
            .context;
        assert_eq!(context, Context::Collaborator);
    }

    #[test]
    fn experience_asked_in_a_roles_field_names_the_role_and_a_skill_does_not() {
        let field_evidence = |body: &str| {
            let c = label_of("", body);
            c.evidence
                .iter()
                .filter(|e| e.context == Context::Experience)
                .map(|e| (e.term.clone(), e.role))
                .collect::<Vec<_>>()
        };
        let product = vec![("product management".to_string(), Role::ProductManager)];
        for asked in [
            "You bring 5+ years of product management experience.",
            "You have 6 years of hands-on product management.",
            "A strong background in product management.",
            "Product management experience in B2B software.",
        ] {
            assert_eq!(field_evidence(asked), product, "{asked}");
            let c = label_of("", asked);
            assert!(c.tally.own[1] > 0.0, "{asked}: {:?}", c.tally);
        }
        for passing in [
            "Strong project management skills.",
            "An interest in product management.",
            "You partner with product management on the roadmap.",
            // Other trades' fields are skills product postings ask for too.
            "5+ years of project management experience.",
            "Experience in change management.",
        ] {
            assert_eq!(field_evidence(passing), vec![], "{passing}");
        }
        // The cue governs a role name too, and each of two coordinated ones.
        let both = field_evidence("4+ years of product management / product owner experience.");
        assert_eq!(
            both,
            vec![
                ("product owner".to_string(), Role::ProductOwner),
                ("product management".to_string(), Role::ProductManager),
            ]
        );
        assert_eq!(field_evidence("Experience with product owners."), vec![]);
    }

    #[test]
    fn a_short_first_line_names_the_roles_the_posting_hires() {
        let own = |body: &str| {
            let c = label_of("", body);
            c.evidence
                .iter()
                .filter(|e| {
                    e.role == Role::ProductManager
                        && matches!(e.context, Context::SelfDescription | Context::Experience)
                })
                .map(|e| e.term.clone())
                .collect::<Vec<_>>()
        };
        // A forum-style header: company, site, place, then the roles, dots and all.
        let header = "Lumenfold - https://lumenfold.example - Remote (EU) - Full-time - \
                      Platform Engineers and Product Managers\nWe build ledgers for bakeries.";
        assert_eq!(own(header), vec!["product manager".to_string()]);
        let team = "Lumenfold | Berlin | Backend Engineering & Product Management\nWe build \
                    ledgers for bakeries.";
        assert_eq!(own(team), vec!["product management".to_string()]);
        // A long first line is a paragraph: its plural role names are colleagues.
        let paragraph = format!(
            "{} You will pair with product managers on the roadmap.\nMore below.",
            "We build ledgers for bakeries and the mills that supply them.".repeat(2)
        );
        assert_eq!(own(&paragraph), Vec::<String>::new());
        // Without a line break and words after it the body has no heading line.
        for alone in [
            "We build ledgers. You will pair with product managers.",
            "We build ledgers. You will pair with product managers.\n\n",
        ] {
            assert_eq!(own(alone), Vec::<String>::new(), "{alone:?}");
        }
    }

    #[test]
    fn a_body_opening_with_another_occupation_names_it_and_a_relation_does_not() {
        let opening = label_of(
            "",
            "Frontend Developer – Mobile Apps\nYou will refine user stories in sprint \
             planning, join standups and fix bugs with an agile development team.",
        );
        let occupation = opening
            .evidence
            .iter()
            .find(|e| e.role == Role::Other)
            .expect("an occupation");
        assert_eq!(occupation.term, "frontend developer");
        assert_eq!(occupation.context, Context::SelfDescription);
        assert_eq!(opening.label, Label::Neither);
        // A product role heading the body is not taken for a shorter occupation inside it.
        let product = label_of("", "Senior Product Manager – Payments\nAbout us: we build.");
        assert!(product.evidence.iter().all(|e| e.role != Role::Other));
        // "As the operator of…" says what the employer is.
        let employer = label_of(
            "",
            "As the operator of the regional health network, we fund care. As a Product Owner \
             you will own the product backlog.",
        );
        assert!(
            employer.evidence.iter().all(|e| e.role != Role::Other),
            "{:?}",
            employer.evidence
        );
    }

    #[test]
    fn coordinated_role_names_count_for_both_roles() {
        let c = label_of("Product Manager/Owner", "");
        let roles: Vec<Role> = c.evidence.iter().map(|e| e.role).collect();
        assert!(roles.contains(&Role::ProductManager), "{:?}", c.evidence);
        assert!(roles.contains(&Role::ProductOwner), "{:?}", c.evidence);
        let owner = c
            .evidence
            .iter()
            .find(|e| e.role == Role::ProductOwner)
            .unwrap();
        assert_eq!(owner.spans, [[0, 21]]);
        // A plain role name followed by an unrelated word is just that role.
        let single = label_of("Product Manager Payments", "");
        assert!(single.evidence.iter().all(|e| e.role != Role::ProductOwner));
    }

    #[test]
    fn repeated_terms_saturate() {
        let once = label_of("", "Own the product backlog.");
        let stuffed = label_of("", &"Own the product backlog. ".repeat(200));
        assert!(stuffed.scores.product_owner < 2.5 * once.scores.product_owner);
    }

    #[test]
    fn spans_point_at_the_words() {
        let body = "We need someone to groom the Backlog and write user stories.";
        let c = label_of("", body);
        let e = c
            .evidence
            .iter()
            .find(|e| e.term.contains("user stor"))
            .unwrap();
        let [s, end] = e.spans[0];
        assert_eq!(&body[s..end], "user stories");
    }

    #[test]
    fn ignore_title_uses_the_body_alone() {
        let posting = Posting::new("Product Owner", "Drive market research and the roadmap.");
        let with = classifier().classify(&posting);
        let without = Classifier::with_options(
            Model::embedded().unwrap(),
            ClassifyOptions {
                ignore_title: true,
                ..ClassifyOptions::default()
            },
        )
        .classify(&posting);
        assert!(with.evidence.iter().any(|e| e.field == Field::Title));
        assert!(without.evidence.iter().all(|e| e.field == Field::Body));
    }

    #[test]
    fn masking_role_names_leaves_duties_and_the_title() {
        let masked = Classifier::with_options(
            Model::embedded().unwrap(),
            ClassifyOptions {
                mask_role_names: true,
                ..ClassifyOptions::default()
            },
        );
        let posting = Posting::new(
            "Product Owner",
            "As a Product Owner (PO) you will own the product backlog. The PM and the CPO set the roadmap.",
        );
        let c = masked.classify(&posting);
        let body: Vec<&str> = c
            .evidence
            .iter()
            .filter(|e| e.field == Field::Body)
            .map(|e| e.term.as_str())
            .collect();
        assert!(body.contains(&"product backlog"), "{body:?}");
        assert!(
            c.evidence
                .iter()
                .filter(|e| e.field == Field::Body)
                .all(|e| !e.category.names_a_role()),
            "{body:?}"
        );
        assert!(
            c.evidence
                .iter()
                .any(|e| e.field == Field::Title && e.category.names_a_role()),
            "the title is not masked"
        );
        let plain = classifier().classify(&posting);
        assert!(plain
            .evidence
            .iter()
            .any(|e| e.field == Field::Body && e.category.names_a_role()));
    }
}
