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
//! 5. The decision rule ([`decide`]) turns PO, PM and other-role evidence into a label, a
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

use crate::analyze::{Analyzer, TermCache};
use crate::label::Label;
use crate::lexicon::model::{is_core_category, Model, Thresholds};
use crate::lexicon::{Category, CueKind, Role};
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
}

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
        let mut vocabulary: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut intern = |stems: &[String]| -> Box<[u32]> {
            stems
                .iter()
                .map(|s| {
                    let next = vocabulary.len() as u32;
                    *vocabulary.entry(s.as_str().into()).or_insert(next)
                })
                .collect()
        };
        let mut term_patterns: FxHashMap<u32, Vec<Pattern>> = FxHashMap::default();
        for (index, term) in model.terms.iter().enumerate() {
            for stems in &term.stems {
                if stems.is_empty() {
                    continue;
                }
                let ids = intern(stems);
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
            let ids = intern(&cue.stems);
            cue_patterns.entry(ids[0]).or_default().push(Pattern {
                ids,
                target: Target::Cue(cue.kind),
                acronym: false,
            });
        }
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

    /// Classifies one posting, showing `observe` every analysed term of the title (unless
    /// titles are ignored) and the body as the scorer reads it.
    ///
    /// For callers that need the posting's terms too (the index), so the text is analysed
    /// once, not twice. (Slower per word than [`Classifier::classify`], which memoises words
    /// straight to vocabulary ids and never builds their stems.)
    pub fn classify_observed(
        &self,
        posting: &Posting,
        mut observe: impl FnMut(Field, &crate::analyze::Term<'_>),
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
        mut observe: Option<&mut Observer<'_>>,
    ) -> Classification {
        if scratch.owner != self.id {
            scratch.owner = self.id;
            scratch.words.clear();
        }
        let t = &self.model.thresholds;
        let found = &mut scratch.found;
        found.hit_index.clear();
        found.hits.clear();
        let cache = &mut scratch.words;
        if !self.options.ignore_title && !posting.title.is_empty() {
            self.find(
                &posting.title,
                Field::Title,
                found,
                cache,
                observe.as_deref_mut(),
            );
        }
        let (body_words, function_words) =
            self.find(&posting.body, Field::Body, found, cache, observe);
        let length_factor = 1.0
            / (body_words as f64 / t.length_reference_words)
                .max(1.0)
                .sqrt();

        let mut tally = Tally {
            body_words: body_words as u32,
            function_words,
            ..Tally::default()
        };
        let mut evidence = Vec::with_capacity(found.hits.len());
        for ((term_index, field, context), count, spans) in found.hits.drain(..) {
            let term = &self.model.terms[term_index as usize];
            let weight = term.weight * multiplier(t, field, context);
            let saturated = count as f64 * (t.saturation_k + 1.0) / (count as f64 + t.saturation_k);
            let scale = if field == Field::Body {
                length_factor
            } else {
                1.0
            };
            let contribution = weight * saturated * scale;
            tally.add(term.role, term.category, contribution);
            evidence.push(Evidence {
                term: term.term.clone(),
                category: term.category,
                role: term.role,
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
            review: decision.review,
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
        observe: Option<&mut Observer<'o>>,
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
        match observe {
            // The caller wants every term: analyse with stems.
            Some(observe) => Analyzer.analyze(text, |t| {
                observe(field, &t);
                push(word_info(t.stem), t.start, t.end, t.boundary_before);
            }),
            // Memoise words straight to what the scorer needs.
            None => Analyzer.analyze_cached(text, cache, word_info, |info, word| {
                push(info, word.start, word.end, word.boundary_before)
            }),
        }
        if self.options.mask_role_names && field == Field::Body {
            self.mask_role_names(words);
        }
        let words = &*words;

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
            let context = if field == Field::Body && term.category.names_a_role() {
                self.cue_context(words, i)
            } else {
                Context::Mention
            };
            let span = [words[i].start, words[i + len - 1].end];
            record_hit(hit_index, hits, (term_index, field, context), span);
            // "Product Manager/Owner": the next word completes a second role name that shares
            // this one's modifiers; both roles are named.
            if term.category == Category::RoleTitle {
                if let Some(next) = words.get(i + len).filter(|w| !w.boundary_before) {
                    let mut elided: Vec<u32> = p.ids[..len - 1].to_vec();
                    elided.push(next.id);
                    if let Some(&other) = self.elided_role_names.get(&elided) {
                        let span = [words[i].start, next.end];
                        record_hit(hit_index, hits, (other, field, context), span);
                        i += 1;
                    }
                }
            }
            i += len;
        }
        (words.len(), function_words)
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
        let from = at.saturating_sub(CUE_WINDOW_WORDS + self.longest_cue);
        let mut nearest: Option<(usize, CueKind)> = None;
        for j in from..at {
            if !words[j].starts_cue {
                continue;
            }
            let fits = |p: &Pattern| j + p.ids.len() <= at;
            if let Some(p) = self.match_where(&self.cue_patterns, words, j, fits) {
                if let Target::Cue(kind) = p.target {
                    let end = j + p.ids.len();
                    if nearest.is_none_or(|(best, _)| end >= best) {
                        nearest = Some((end, kind));
                    }
                }
            }
        }
        let Some((cue_end, kind)) = nearest else {
            return Context::Mention;
        };
        if at - cue_end > CUE_WINDOW_WORDS || words[cue_end..=at].iter().any(|w| w.boundary_before)
        {
            return Context::Mention;
        }
        match kind {
            CueKind::SelfDescription => Context::SelfDescription,
            CueKind::Collaborator => Context::Collaborator,
        }
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

/// Field and context multiplier for a term.
fn multiplier(t: &Thresholds, field: Field, context: Context) -> f64 {
    let field_factor = match field {
        Field::Title => t.title_multiplier,
        Field::Body => 1.0,
    };
    let context_factor = match context {
        Context::SelfDescription => t.self_description_multiplier,
        Context::Collaborator => t.collaborator_multiplier,
        Context::Mention => 1.0,
    };
    field_factor * context_factor
}

/// Evidence summed three ways per role (product owner, product manager, other): all of it,
/// core categories only, and role names only.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// All evidence per role ([PO, PM, other]); shared terms count for PO and PM.
    pub total: [f64; 3],
    /// Core-category evidence per role (see [`is_core_category`]).
    pub core: [f64; 3],
    /// Role- and career-title evidence per role: what the posting says it is.
    pub identity: [f64; 3],
    /// Words in the body.
    pub body_words: u32,
    /// English function words ("the", "and", "to", …) in the body: nearly none means the
    /// body is not English, and the vocabulary cannot read it.
    pub function_words: u32,
}

impl Tally {
    /// Adds one term's contribution.
    pub fn add(&mut self, role: Role, category: Category, contribution: f64) {
        let slots: &[usize] = match role {
            Role::ProductOwner => &[0],
            Role::ProductManager => &[1],
            Role::Shared => &[0, 1],
            Role::Other => &[2],
        };
        for &slot in slots {
            self.total[slot] += contribution;
            if is_core_category(category) {
                self.core[slot] += contribution;
            }
            if category.names_a_role() {
                self.identity[slot] += contribution;
            }
        }
    }
}

/// A caller's view of every analysed term (see [`Classifier::classify_observed`]).
type Observer<'o> = dyn FnMut(Field, &crate::analyze::Term<'_>) + 'o;

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
    found: Found,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A (term, field, context) triple: evidence is aggregated per triple.
type HitKey = (u32, Field, Context);

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

/// A label with its raw confidence and review flag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// The label.
    pub label: Label,
    /// Raw (uncalibrated) confidence in [0, 1].
    pub confidence: f64,
    /// Uncertain by the margin rule.
    pub review: bool,
}

/// The decision rule: evidence and thresholds in, label out.
///
/// In order: a posting that names another role (scrum master, project manager…) at least as
/// strongly as any product role is `neither`; so is one with too little core product
/// evidence; one where the weaker product role still holds a large share is `hybrid`;
/// otherwise the stronger role wins. Confidence grows with the volume of evidence and with
/// the margin between the roles.
pub fn decide(tally: &Tally, t: &Thresholds) -> Decision {
    let [po, pm, _] = tally.total.map(|x| x.max(0.0));
    let [po_core, pm_core, _] = tally.core.map(|x| x.max(0.0));
    let [po_id, pm_id, other_id] = tally.identity.map(|x| x.max(0.0));
    let total = po + pm;
    let core = po_core + pm_core;
    let mass = 1.0 - (-total / t.confidence_evidence_scale).exp();
    let foreign = is_foreign(tally);

    let product_id = po_id.max(pm_id);
    if other_id > 0.0 && other_id >= t.other_role_dominance * product_id {
        let confidence = (other_id / (other_id + product_id)).clamp(0.5, 1.0);
        return Decision {
            label: Label::Neither,
            confidence,
            review: foreign || (core >= t.neither_min_evidence && confidence < 0.75),
        };
    }
    if core < t.neither_min_evidence {
        let confidence = 1.0 - 0.5 * core / t.neither_min_evidence;
        // Finding nothing in a text we cannot read (another language, a stub) is no evidence
        // that it is not a product role.
        let unreadable = foreign || tally.body_words < MIN_READABLE_WORDS;
        return Decision {
            label: Label::Neither,
            confidence: if unreadable {
                confidence.min(0.5)
            } else {
                confidence
            },
            // A near miss (at least half the product-evidence floor) is worth a look too.
            review: unreadable || core >= NEAR_MISS_SHARE * t.neither_min_evidence,
        };
    }
    let minority = po.min(pm);
    let share = minority / total;
    if share >= t.hybrid_min_share && minority >= t.hybrid_min_evidence {
        let balance = 1.0 - (po - pm).abs() / total;
        return Decision {
            label: Label::Hybrid,
            confidence: mass * (0.5 + 0.5 * balance),
            review: foreign,
        };
    }
    let margin = (po - pm).abs() / total;
    Decision {
        label: if po >= pm {
            Label::ProductOwner
        } else {
            Label::ProductManager
        },
        confidence: mass * (0.5 + 0.5 * margin),
        review: foreign || margin < t.review_below_margin,
    }
}

/// A `neither` whose core product evidence reaches this share of the floor is a near miss and
/// flagged for review. Three quarters: one more plain duty would make it a product posting.
pub const NEAR_MISS_SHARE: f64 = 0.75;

/// Below this share of English function words, a body is not English prose. English postings
/// run 15–30% ("the", "and", "to", "you"…), terse bullet lists about 5%, other languages close
/// to 0 (they share few of these words); 3% sits between. Chosen by that reasoning, not fitted.
pub const MIN_FUNCTION_WORD_SHARE: f64 = 0.03;

/// Bodies shorter than this many words are stubs (truncated exports, headers): finding no
/// product evidence in one says little.
pub const MIN_READABLE_WORDS: u32 = 30;

/// The body (of at least [`MIN_READABLE_WORDS`]) is not English: the vocabulary reads only
/// the English words in it, so whatever it decides is worth a look.
pub fn is_foreign(tally: &Tally) -> bool {
    tally.body_words >= MIN_READABLE_WORDS
        && f64::from(tally.function_words) < MIN_FUNCTION_WORD_SHARE * f64::from(tally.body_words)
}

/// Stems of the English function words counted by [`Tally::function_words`].
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "to", "of", "for", "with", "you", "we", "our", "is", "are", "be", "this", "that",
    "your", "or", "at", "by", "from",
];

/// The decision rule followed by calibration: [`decide`], then the raw confidence mapped
/// through `confidence_map` (when not empty), then the review flag: the margin rule, or a
/// (calibrated) confidence below [`Thresholds::review_below_confidence`].
///
/// This is exactly what [`Classifier::classify`] does with a posting's tally (before rounding
/// the confidence to four decimals), so evaluation and calibration can re-decide a tally under
/// other thresholds without classifying the posting again.
pub fn decide_calibrated(tally: &Tally, t: &Thresholds, confidence_map: &[[f64; 2]]) -> Decision {
    let decision = decide(tally, t);
    let confidence = if confidence_map.is_empty() {
        decision.confidence
    } else {
        map_confidence(confidence_map, decision.confidence)
    };
    Decision {
        label: decision.label,
        confidence,
        review: decision.review || confidence < t.review_below_confidence,
    }
}

/// Maps a raw confidence through calibration bins `[upper_bound, accuracy]` (sorted by bound):
/// the accuracy of the first bin whose upper bound is at least `raw` (the last bin above all).
pub fn map_confidence(map: &[[f64; 2]], raw: f64) -> f64 {
    map.iter()
        .find(|[upper, _]| raw <= *upper)
        .or(map.last())
        .map_or(raw, |[_, accuracy]| *accuracy)
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

    /// The word counts of a long English body.
    fn readable() -> Tally {
        Tally {
            body_words: 400,
            function_words: 80,
            ..Tally::default()
        }
    }

    #[test]
    fn unreadable_bodies_are_flagged_and_their_neither_is_not_confident() {
        let t = Thresholds::default();
        let foreign = Tally {
            body_words: 300,
            function_words: 2,
            ..Tally::default()
        };
        let d = decide(&foreign, &t);
        assert_eq!(d.label, Label::Neither);
        assert!(d.review && d.confidence <= 0.5);
        let stub = Tally {
            body_words: 12,
            function_words: 4,
            ..Tally::default()
        };
        assert!(decide(&stub, &t).review);
        let english = decide(&readable(), &t);
        assert!(!english.review && english.confidence == 1.0);
        let near_miss = Tally {
            core: [3.5, 0.0, 0.0],
            total: [3.5, 0.0, 0.0],
            ..readable()
        };
        assert!(decide(&near_miss, &t).review);
    }

    #[test]
    fn function_words_are_stems_the_analyzer_produces() {
        for word in FUNCTION_WORDS {
            assert_eq!(Analyzer.stems(word), [word.to_string()]);
        }
    }

    #[test]
    fn decide_follows_the_thresholds() {
        let t = Thresholds::default();
        // Core product evidence as duties, plus role-name evidence.
        let s = |po: f64, pm: f64, other_id: f64, po_id: f64| Tally {
            total: [po, pm, other_id],
            core: [po, pm, 0.0],
            identity: [po_id, 0.0, other_id],
            ..readable()
        };
        assert_eq!(decide(&s(0.0, 0.0, 0.0, 0.0), &t).label, Label::Neither);
        assert_eq!(decide(&s(1.0, 1.0, 0.0, 0.0), &t).label, Label::Neither);
        assert_eq!(
            decide(&s(10.0, 2.0, 0.0, 0.0), &t).label,
            Label::ProductOwner
        );
        assert_eq!(
            decide(&s(2.0, 10.0, 0.0, 0.0), &t).label,
            Label::ProductManager
        );
        assert_eq!(decide(&s(8.0, 7.0, 0.0, 0.0), &t).label, Label::Hybrid);
        assert_eq!(decide(&s(20.0, 2.0, 9.0, 6.0), &t).label, Label::Neither);
        assert_eq!(
            decide(&s(20.0, 2.0, 3.0, 9.0), &t).label,
            Label::ProductOwner
        );
        let non_core = Tally {
            total: [9.0, 0.0, 0.0],
            core: [1.0, 0.0, 0.0],
            identity: [0.0; 3],
            ..readable()
        };
        assert_eq!(
            decide(&non_core, &t).label,
            Label::Neither,
            "skills alone are not a role"
        );
        let d = decide(
            &s(5.0, 4.0, 0.0, 0.0),
            &Thresholds {
                hybrid_min_share: 0.5,
                ..t.clone()
            },
        );
        assert_eq!(d.label, Label::ProductOwner);
        assert!(d.review, "a 5/4 split is worth a review");
        for (po, pm, other) in [(0.0, 0.0, 0.0), (100.0, 0.0, 0.0), (3.0, 3.0, 3.0)] {
            let c = decide(&s(po, pm, other, 1.0), &t).confidence;
            assert!((0.0..=1.0).contains(&c), "{c}");
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

    #[test]
    fn decide_calibrated_maps_confidence_and_reviews_below_it() {
        let t = Thresholds::default();
        let tally = Tally {
            total: [10.0, 2.0, 0.0],
            core: [10.0, 2.0, 0.0],
            identity: [0.0; 3],
            ..readable()
        };
        let raw = decide(&tally, &t);
        assert_eq!(decide_calibrated(&tally, &t, &[]), raw);
        let low = decide_calibrated(&tally, &t, &[[1.0, 0.2]]);
        assert_eq!(low.label, raw.label);
        assert_eq!(low.confidence, 0.2);
        assert!(
            low.review,
            "calibrated confidence under the review threshold"
        );
        assert_eq!(map_confidence(&[[0.5, 0.3], [0.8, 0.6]], 0.2), 0.3);
        assert_eq!(map_confidence(&[[0.5, 0.3], [0.8, 0.6]], 0.7), 0.6);
        assert_eq!(map_confidence(&[[0.5, 0.3], [0.8, 0.6]], 0.9), 0.6);
    }
}
