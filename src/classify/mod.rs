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
//!    confidence and a review flag, using the model's named thresholds.

pub mod batch;

use crate::analyze::Analyzer;
use crate::label::Label;
use crate::lexicon::model::{is_core_category, Model, Thresholds};
use crate::lexicon::{Category, CueKind, Role};
use crate::posting::Posting;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

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
}

/// Options for a [`Classifier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassifyOptions {
    /// Classify from the body alone (title audits, honest evaluation).
    pub ignore_title: bool,
}

/// A compiled model, ready to classify postings.
#[derive(Debug, Clone)]
pub struct Classifier {
    model: Model,
    options: ClassifyOptions,
    vocabulary: FxHashMap<Box<str>, u32>,
    /// Term patterns by first stem id, longest first.
    term_patterns: FxHashMap<u32, Vec<Pattern>>,
    /// Cue patterns by first stem id, longest first.
    cue_patterns: FxHashMap<u32, Vec<Pattern>>,
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
    upper: bool,
    boundary_before: bool,
    /// All digits: an acronym right after a number is a unit or a time ("5 PM"), not a role.
    numeric: bool,
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
        for patterns in term_patterns.values_mut().chain(cue_patterns.values_mut()) {
            patterns.sort_by_key(|p| std::cmp::Reverse(p.ids.len()));
        }
        Classifier {
            model,
            options,
            vocabulary,
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
        self.classify_observed(posting, |_, _| {})
    }

    /// Classifies one posting, showing `observe` every analysed term of the title (unless
    /// titles are ignored) and the body as the scorer reads it.
    ///
    /// For callers that need the posting's terms too (the index), so the text is analysed
    /// once, not twice.
    pub fn classify_observed(
        &self,
        posting: &Posting,
        mut observe: impl FnMut(Field, &crate::analyze::Term<'_>),
    ) -> Classification {
        let t = &self.model.thresholds;
        let mut found = Found::default();
        if !self.options.ignore_title && !posting.title.is_empty() {
            self.find(&posting.title, Field::Title, &mut found, &mut observe);
        }
        let body_words = self.find(&posting.body, Field::Body, &mut found, &mut observe);
        let length_factor = 1.0
            / (body_words as f64 / t.length_reference_words)
                .max(1.0)
                .sqrt();

        let mut tally = Tally::default();
        let mut evidence = Vec::with_capacity(found.hits.len());
        for ((term_index, field, context), count, spans) in found.hits {
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
        let decision = decide(&tally, t);
        let confidence = match &self.model.calibration {
            Some(cal) if !cal.confidence_map.is_empty() => {
                map_confidence(&cal.confidence_map, decision.confidence)
            }
            _ => decision.confidence,
        };
        Classification {
            label: decision.label,
            confidence: round4(confidence),
            review: decision.review || confidence < t.review_below_confidence,
            scores,
            evidence,
        }
    }

    /// Finds model terms in `text`, recording them in `found`; returns the number of words.
    fn find(
        &self,
        text: &str,
        field: Field,
        found: &mut Found,
        observe: &mut impl FnMut(Field, &crate::analyze::Term<'_>),
    ) -> usize {
        let Found {
            words,
            cues,
            hit_index,
            hits,
        } = found;
        words.clear();
        // About one word per six bytes of text: sized once, not grown word by word.
        words.reserve(text.len() / 6);
        Analyzer.analyze(text, |t| {
            observe(field, &t);
            words.push(Word {
                id: self.vocabulary.get(t.stem).copied().unwrap_or(NO_ID),
                start: t.start,
                end: t.end,
                upper: t.upper,
                boundary_before: t.boundary_before,
                numeric: t.stem.bytes().all(|b| b.is_ascii_digit()),
            })
        });
        let words = &*words;

        // Cues first: (index of the first word after the cue, kind).
        cues.clear();
        for i in 0..words.len() {
            if let Some(p) = self.match_at(&self.cue_patterns, words, i) {
                if let Target::Cue(kind) = p.target {
                    cues.push((i + p.ids.len(), kind));
                }
            }
        }

        let mut next_cue = 0;
        let mut i = 0;
        while i < words.len() {
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
                while next_cue < cues.len() && cues[next_cue].0 <= i {
                    next_cue += 1;
                }
                cue_context(words, &cues[..next_cue], i)
            } else {
                Context::Mention
            };
            let span = [words[i].start, words[i + len - 1].end];
            record_hit(hit_index, hits, (term_index, field, context), span);
            i += len;
        }
        words.len()
    }

    fn match_at<'p>(
        &self,
        patterns: &'p FxHashMap<u32, Vec<Pattern>>,
        words: &[Word],
        i: usize,
    ) -> Option<&'p Pattern> {
        let first = words[i].id;
        if first == NO_ID {
            return None;
        }
        let after_number = i > 0 && words[i - 1].numeric && !words[i].boundary_before;
        patterns.get(&first)?.iter().find(|p| {
            let end = i + p.ids.len();
            if p.acronym && after_number {
                return false;
            }
            end <= words.len()
                && words[i..end]
                    .iter()
                    .zip(p.ids.iter())
                    .all(|(w, id)| w.id == *id && (!p.acronym || w.upper))
                && words[i + 1..end].iter().all(|w| !w.boundary_before)
        })
    }
}

/// The context of a role name at word `at`, from the nearest preceding cue in its sentence.
fn cue_context(words: &[Word], cues_before: &[(usize, CueKind)], at: usize) -> Context {
    let Some(&(cue_end, kind)) = cues_before.last() else {
        return Context::Mention;
    };
    let gap = at - cue_end;
    if gap > CUE_WINDOW_WORDS || words[cue_end..=at].iter().any(|w| w.boundary_before) {
        return Context::Mention;
    }
    match kind {
        CueKind::SelfDescription => Context::SelfDescription,
        CueKind::Collaborator => Context::Collaborator,
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

/// A (term, field, context) triple: evidence is aggregated per triple.
type HitKey = (u32, Field, Context);

/// Scratch state for one posting.
#[derive(Default)]
struct Found {
    words: Vec<Word>,
    cues: Vec<(usize, CueKind)>,
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

    let product_id = po_id.max(pm_id);
    if other_id > 0.0 && other_id >= t.other_role_dominance * product_id {
        let confidence = (other_id / (other_id + product_id)).clamp(0.5, 1.0);
        return Decision {
            label: Label::Neither,
            confidence,
            review: core >= t.neither_min_evidence && confidence < 0.75,
        };
    }
    if core < t.neither_min_evidence {
        let confidence = 1.0 - 0.5 * core / t.neither_min_evidence;
        return Decision {
            label: Label::Neither,
            confidence,
            review: false,
        };
    }
    let minority = po.min(pm);
    let share = minority / total;
    if share >= t.hybrid_min_share && minority >= t.hybrid_min_evidence {
        let balance = 1.0 - (po - pm).abs() / total;
        return Decision {
            label: Label::Hybrid,
            confidence: mass * (0.5 + 0.5 * balance),
            review: false,
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
        review: margin < t.review_below_margin,
    }
}

/// Maps a raw confidence through calibration bins `[upper_bound, accuracy]` (sorted by bound).
fn map_confidence(map: &[[f64; 2]], raw: f64) -> f64 {
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

    #[test]
    fn decide_follows_the_thresholds() {
        let t = Thresholds::default();
        // Core product evidence as duties, plus role-name evidence.
        let s = |po: f64, pm: f64, other_id: f64, po_id: f64| Tally {
            total: [po, pm, other_id],
            core: [po, pm, 0.0],
            identity: [po_id, 0.0, other_id],
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
            ClassifyOptions { ignore_title: true },
        )
        .classify(&posting);
        assert!(with.evidence.iter().any(|e| e.field == Field::Title));
        assert!(without.evidence.iter().all(|e| e.field == Field::Body));
    }
}
