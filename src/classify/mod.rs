//! Scoring: evidence for each role, the decision, the confidence and the review flag.
//!
//! [`Classifier::classify`] is pure (no I/O) and `Sync`; the batch driver ([`batch`]) is the
//! one place that runs it in parallel. How a posting is scored:
//!
//! 1. Title and body are analysed separately with the shared
//!    [`Analyzer`](crate::analyze::Analyzer).
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
mod compile;
mod context;
pub mod decide;
mod evidence;
mod find;
mod title;

pub use decide::{
    decide, decide_calibrated, is_foreign, map_confidence, Decision, ReviewReason, ReviewReasons,
    Tally, MIN_FUNCTION_WORD_SHARE, MIN_READABLE_WORDS, NEAR_MISS_SHARE,
};
pub use evidence::{Classification, ClassifyOptions, Context, Evidence, Field, Scores};

use compile::{Fields, Pattern};
use context::occupation_name;
use find::{Found, HitTarget, ObservedWord, Observer, Observing, WordInfo};

use crate::analyze::TermCache;
use crate::lexicon::model::{Model, Thresholds};
use crate::lexicon::{Category, Role};
use crate::posting::Posting;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// No vocabulary id.
const NO_ID: u32 = u32::MAX;

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

impl Classifier {
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

/// The stems of observed words are kept in one string per thread; past this size it is
/// emptied (with the cache that points into it) before the next posting.
const STEM_ARENA_LIMIT: usize = 16 * 1024 * 1024;

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

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Label;

    fn classifier() -> Classifier {
        Classifier::new(Model::embedded().unwrap())
    }

    fn label_of(title: &str, body: &str) -> Classification {
        classifier().classify(&Posting::new(title, body))
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
