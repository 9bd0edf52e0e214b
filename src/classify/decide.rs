//! The decision rule: a posting's evidence sums ([`Tally`]) and the model's thresholds in; a
//! label, a confidence and the reasons to review it out.
//!
//! Pure functions over a [`Tally`], so evaluation and `model calibrate` can re-decide postings
//! under other thresholds without classifying them again, and a threshold fitted there means
//! exactly what it means in [`super::Classifier::classify`].

use crate::label::Label;
use crate::lexicon::model::{is_core_category, Thresholds};
use crate::lexicon::{Category, Role};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Evidence summed per role (product owner, product manager, other): all of it, core
/// categories only, role names only, and role names the posting uses for itself.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// All evidence per role ([PO, PM, other]); shared terms count for PO and PM.
    pub total: [f64; 3],
    /// Core-category evidence per role (see [`is_core_category`]).
    pub core: [f64; 3],
    /// Role- and career-title evidence per role: what the posting names.
    pub identity: [f64; 3],
    /// Role names the posting uses for itself: its title, or the body's self-description ("as
    /// a…", "we are looking for…", the body's heading). Titles shared by both roles ("head of
    /// product") do not say which one the posting is, and are left out.
    pub own: [f64; 3],
    /// The product roles the title names ([PO, PM]): a title naming both ("Product Owner /
    /// Product Manager") makes the posting a hybrid, however the body weighs the two names.
    pub titled: [bool; 2],
    /// Words in the body.
    pub body_words: u32,
    /// English function words ("the", "and", "to", …) in the body: nearly none means the
    /// body is not English, and the vocabulary cannot read it.
    pub function_words: u32,
    /// The body stops mid-sentence with an ellipsis: a feed cut it off (see [`is_cut_off`]).
    pub cut_off: bool,
}

impl Tally {
    /// Notes that the title names `role` (a product role; others are ignored).
    pub fn title_names(&mut self, role: Role) {
        match role {
            Role::ProductOwner => self.titled[0] = true,
            Role::ProductManager => self.titled[1] = true,
            Role::Shared | Role::Other => {}
        }
    }

    /// Adds one term's contribution; `own`: the posting names itself with it.
    pub fn add(&mut self, role: Role, category: Category, contribution: f64, own: bool) {
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
                if own && role != Role::Shared {
                    self.own[slot] += contribution;
                }
            }
        }
    }
}

/// Why a posting is worth a human look. Serialised as a short snake_case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// Product owner and product manager evidence are close.
    LowMargin,
    /// The (calibrated) confidence is low.
    LowConfidence,
    /// A `neither` just under the product-evidence floor, or a product label just over it.
    NearFloor,
    /// The posting names another occupation as its own role, and also carries product
    /// evidence: one of the two is wrong.
    OtherOccupationNamed,
    /// The body is not English; the vocabulary reads only its English words.
    NotEnglish,
    /// The body is too short to judge.
    Stub,
    /// The body is cut off (it ends in an ellipsis), and what is there names no role.
    Truncated,
    /// Nothing in the posting is evidence of any role, product or other: `neither` is only
    /// the default (a company introduction, a list of benefits).
    NoEvidence,
}

impl ReviewReason {
    /// Every reason, in output order.
    pub const ALL: [ReviewReason; 8] = [
        ReviewReason::LowMargin,
        ReviewReason::LowConfidence,
        ReviewReason::NearFloor,
        ReviewReason::OtherOccupationNamed,
        ReviewReason::NotEnglish,
        ReviewReason::Stub,
        ReviewReason::Truncated,
        ReviewReason::NoEvidence,
    ];

    /// The code, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewReason::LowMargin => "low_margin",
            ReviewReason::LowConfidence => "low_confidence",
            ReviewReason::NearFloor => "near_floor",
            ReviewReason::OtherOccupationNamed => "other_occupation_named",
            ReviewReason::NotEnglish => "not_english",
            ReviewReason::Stub => "stub",
            ReviewReason::Truncated => "truncated",
            ReviewReason::NoEvidence => "no_evidence",
        }
    }

    /// What the code means, for people reading a report.
    pub fn explanation(self) -> &'static str {
        match self {
            ReviewReason::LowMargin => "product owner and product manager evidence are close",
            ReviewReason::LowConfidence => "the confidence is low",
            ReviewReason::NearFloor => "the product evidence is just around the floor",
            ReviewReason::OtherOccupationNamed => {
                "it names another occupation as its own and also carries product evidence"
            }
            ReviewReason::NotEnglish => "the body is not English",
            ReviewReason::Stub => "the body is too short to judge",
            ReviewReason::Truncated => "the body is cut off and names no role",
            ReviewReason::NoEvidence => "nothing in it is evidence of any role",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of [`ReviewReason`]s (small and `Copy`, so a [`Decision`] stays `Copy`). Serialises as
/// a list of codes in [`ReviewReason::ALL`] order; empty when the posting is not flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ReviewReasons(u8);

impl ReviewReasons {
    /// Adds `reason` when `when` holds.
    pub fn add_if(&mut self, when: bool, reason: ReviewReason) {
        if when {
            self.0 |= reason.bit();
        }
    }

    /// Whether `reason` is in the set.
    pub fn contains(self, reason: ReviewReason) -> bool {
        self.0 & reason.bit() != 0
    }

    /// The posting could not be read: its body is not English, a stub, cut off before it says
    /// what the job is, or holds no word of any role's vocabulary. Whatever the label, it rests
    /// on next to nothing; `eval` reports figures without such postings too.
    pub fn unreadable(self) -> bool {
        [
            ReviewReason::NotEnglish,
            ReviewReason::Stub,
            ReviewReason::Truncated,
            ReviewReason::NoEvidence,
        ]
        .into_iter()
        .any(|reason| self.contains(reason))
    }

    /// No reason at all.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The reasons, in [`ReviewReason::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = ReviewReason> {
        ReviewReason::ALL
            .into_iter()
            .filter(move |r| self.contains(*r))
    }

    /// The codes joined with `sep` (for CSV and tables).
    pub fn join(self, sep: &str) -> String {
        self.iter()
            .map(ReviewReason::as_str)
            .collect::<Vec<_>>()
            .join(sep)
    }
}

impl Serialize for ReviewReasons {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ReviewReasons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut reasons = ReviewReasons::default();
        for reason in Vec::<ReviewReason>::deserialize(deserializer)? {
            reasons.add_if(true, reason);
        }
        Ok(reasons)
    }
}

/// A label with its confidence and the reasons to review it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// The label.
    pub label: Label,
    /// Confidence in [0, 1] (raw from [`decide`], calibrated from [`decide_calibrated`]).
    pub confidence: f64,
    /// Why it is worth a look (empty: not flagged).
    pub reasons: ReviewReasons,
}

impl Decision {
    /// Flagged for review.
    pub fn review(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// The decision rule: evidence and thresholds in, label out.
///
/// In order:
/// 1. A posting that names another role or occupation (scrum master, data analyst…) at least as
///    strongly as any product role is `neither`.
/// 2. Too little core product evidence is `neither`. The floor is higher when the posting never
///    names a product role as its own ([`Thresholds::unnamed_floor_factor`]): engineers',
///    analysts' and marketers' postings share much of the duty vocabulary, and what sets a
///    product posting apart is that it says what it is.
/// 3. A posting that names both product roles as its own, the weaker with at least
///    [`Thresholds::hybrid_min_share`] of the naming ("you will act as the product owner" in a
///    product manager posting), is `hybrid`; otherwise one that names a role is the role it
///    names most, whatever duties of the other it also lists (a product owner who shapes
///    strategy is still a product owner).
/// 4. One that names neither as its own but mentions one of them (and never the other) is that
///    one. One that mentions neither is `hybrid` when the weaker role still holds a large share
///    of the evidence, and otherwise the stronger role.
///
/// Confidence grows with the volume of evidence and with the margin between the roles.
pub fn decide(tally: &Tally, t: &Thresholds) -> Decision {
    let [po, pm, _] = tally.total.map(|x| x.max(0.0));
    let [po_core, pm_core, _] = tally.core.map(|x| x.max(0.0));
    let [po_id, pm_id, other_id] = tally.identity.map(|x| x.max(0.0));
    let [po_own, pm_own, other_own] = tally.own.map(|x| x.max(0.0));
    let total = po + pm;
    let core = po_core + pm_core;
    let mass = 1.0 - (-total / t.confidence_evidence_scale).exp();
    let mut reasons = ReviewReasons::default();
    // Not English, and nothing but the body to go by (a title that names the role settles it).
    reasons.add_if(
        is_foreign(tally) && po_own.max(pm_own).max(other_own) == 0.0,
        ReviewReason::NotEnglish,
    );
    let stub = tally.body_words < MIN_READABLE_WORDS;
    // A short body that names its role (or another occupation) is still clear.
    reasons.add_if(
        stub && po_own.max(pm_own).max(other_own) == 0.0,
        ReviewReason::Stub,
    );
    // Cut off before it said what the job is: nothing found is not evidence of `neither`.
    let cut_short = tally.cut_off && !stub && po_own.max(pm_own).max(other_own) == 0.0;
    let named = po_own.max(pm_own) > 0.0;
    let floor = if named {
        t.neither_min_evidence
    } else {
        t.neither_min_evidence * t.unnamed_floor_factor
    };

    let product_id = po_id.max(pm_id);
    if other_id > 0.0 && other_id >= t.other_role_dominance * product_id {
        let confidence = (other_id / (other_id + product_id)).clamp(0.5, 1.0);
        // Much product evidence as well: the posting says two things.
        reasons.add_if(
            other_own > 0.0 && core >= OTHER_OCCUPATION_DOUBT * t.neither_min_evidence,
            ReviewReason::OtherOccupationNamed,
        );
        reasons.add_if(
            core >= floor && confidence < 0.75,
            ReviewReason::LowConfidence,
        );
        return Decision {
            label: Label::Neither,
            confidence,
            reasons,
        };
    }
    if core < floor {
        let confidence = 1.0 - 0.5 * core / floor;
        // Finding nothing in a text we cannot read (another language, a stub) is no evidence
        // that it is not a product role.
        let unreadable = is_foreign(tally) || stub || cut_short;
        reasons.add_if(cut_short, ReviewReason::Truncated);
        // Not a word of any role's vocabulary: `neither` only because nothing was found.
        let silent = tally.total.iter().all(|&x| x <= 0.0);
        reasons.add_if(silent && reasons.is_empty(), ReviewReason::NoEvidence);
        // A near miss: one more duty would make it a product posting.
        reasons.add_if(core >= NEAR_MISS_SHARE * floor, ReviewReason::NearFloor);
        return Decision {
            label: Label::Neither,
            confidence: if unreadable || silent {
                confidence.min(0.5)
            } else {
                confidence
            },
            reasons,
        };
    }
    reasons.add_if(other_own > 0.0, ReviewReason::OtherOccupationNamed);
    reasons.add_if(core < floor / NEAR_MISS_SHARE, ReviewReason::NearFloor);
    let minority = po.min(pm);
    let share = minority / total;
    // A posting that names itself as one product role is that role, whatever else it mentions;
    // one that names both, or neither, may be both.
    // Both named, and the weaker name not a passing one: "Product Owner / Product Manager",
    // "you will act as the product owner" in a product manager posting.
    let names_both_roles = tally.titled == [true, true]
        || (po_own > 0.0
            && pm_own > 0.0
            && po_own.min(pm_own) / (po_own + pm_own) >= t.hybrid_min_share);
    let balanced = share >= t.hybrid_min_share && minority >= t.hybrid_min_evidence;
    // Duties apart from role names: a product owner posting that also carries a large share of
    // a product manager's duties is both. Not the reverse: product manager postings routinely
    // list agile and backlog work, and stay product manager postings.
    let po_duties = (po - po_id).max(0.0);
    let pm_duties = (pm - pm_id).max(0.0);
    // A title that names the product owner alone settles it.
    let owner_with_manager_duties = tally.titled == [false, false]
        && po_own >= pm_own
        && (named || po >= pm)
        && pm_duties >= t.hybrid_min_evidence
        && pm_duties / (po_duties + pm_duties).max(f64::MIN_POSITIVE) >= OWNER_MANAGER_DUTY_SHARE;
    // Not named as its own, but one product role named in passing and the other never ("the
    // Product Owner will…", "report to the product owner"): the posting is about that one role,
    // whatever share of the other's duties it lists.
    let names_one_role_in_passing = !named && ((po_id > 0.0) != (pm_id > 0.0));
    if names_both_roles
        || (balanced && !named && !names_one_role_in_passing)
        || (owner_with_manager_duties && !names_one_role_in_passing)
    {
        let balance = 1.0 - (po - pm).abs() / total;
        return Decision {
            label: Label::Hybrid,
            confidence: mass * (0.5 + 0.5 * balance),
            reasons,
        };
    }
    let label = if named {
        if po_own >= pm_own {
            Label::ProductOwner
        } else {
            Label::ProductManager
        }
    } else if names_one_role_in_passing {
        if po_id > 0.0 {
            Label::ProductOwner
        } else {
            Label::ProductManager
        }
    } else if po >= pm {
        Label::ProductOwner
    } else {
        Label::ProductManager
    };
    // The named role against the weight of the duties: a small or reversed margin is worth a
    // look.
    let signed_margin = match label {
        Label::ProductOwner => (po - pm) / total,
        _ => (pm - po) / total,
    };
    reasons.add_if(
        signed_margin < t.review_below_margin,
        ReviewReason::LowMargin,
    );
    Decision {
        label,
        confidence: mass * (0.5 + 0.5 * signed_margin.max(0.0)),
        reasons,
    }
}

/// A `neither` whose core product evidence reaches this share of the floor is a near miss and
/// flagged for review (and so is a product label within the same distance above it). Three
/// quarters: one more plain duty would change the answer.
pub const NEAR_MISS_SHARE: f64 = 0.75;

/// A posting that names another occupation as its own is flagged when its product evidence
/// reaches this many times the floor: less is the product vocabulary any posting shares.
pub const OTHER_OCCUPATION_DOUBT: f64 = 3.0;

/// The share of a product owner posting's duty evidence that product manager duties must
/// reach for the posting to be `hybrid`. Project-written hybrid postings (half their duties
/// each way) carry 0.2–0.45 with the corpus weights, real product owner postings mostly under
/// 0.2 (dev files, body only).
pub const OWNER_MANAGER_DUTY_SHARE: f64 = 0.3;

/// Below this share of English function words, a body is not English prose. English postings
/// run 15–30% ("the", "and", "to", "you"…), terse bullet lists about 5%, other languages close
/// to 0 (they share few of these words); 3% sits between. Chosen by that reasoning, not fitted.
pub const MIN_FUNCTION_WORD_SHARE: f64 = 0.03;

/// Bodies shorter than this many words are stubs (truncated exports, headers): finding no
/// product evidence in one says little.
pub const MIN_READABLE_WORDS: u32 = 30;

/// Whether a body was cut off by the feed it came from: it ends in an ellipsis (`...` or `…`)
/// that is not the end of a shortened link. Job boards and aggregators export the first few
/// hundred characters of a description this way, often before the duties begin.
pub fn is_cut_off(body: &str) -> bool {
    let trimmed = body.trim_end();
    let Some(rest) = trimmed
        .strip_suffix("...")
        .or_else(|| trimmed.strip_suffix('…'))
    else {
        return false;
    };
    let last_word = rest.rsplit(char::is_whitespace).next().unwrap_or(rest);
    !last_word.contains("://") && !last_word.starts_with("www.")
}

/// The body (of at least [`MIN_READABLE_WORDS`]) is not English: the vocabulary reads only
/// the English words in it, so whatever it decides is worth a look.
pub fn is_foreign(tally: &Tally) -> bool {
    tally.body_words >= MIN_READABLE_WORDS
        && f64::from(tally.function_words) < MIN_FUNCTION_WORD_SHARE * f64::from(tally.body_words)
}

/// The decision rule followed by calibration: [`decide`], then the raw confidence mapped
/// through `confidence_map` (when not empty), then the review reasons, with
/// [`ReviewReason::LowConfidence`] when the (calibrated) confidence is below
/// [`Thresholds::review_below_confidence`].
///
/// This is exactly what [`super::Classifier::classify`] does with a posting's tally (before
/// rounding the confidence to four decimals), so evaluation and calibration can re-decide a
/// tally under other thresholds without classifying the posting again.
pub fn decide_calibrated(tally: &Tally, t: &Thresholds, confidence_map: &[[f64; 2]]) -> Decision {
    let decision = decide(tally, t);
    let confidence = if confidence_map.is_empty() {
        decision.confidence
    } else {
        map_confidence(confidence_map, decision.confidence)
    };
    let mut reasons = decision.reasons;
    reasons.add_if(
        confidence < t.review_below_confidence,
        ReviewReason::LowConfidence,
    );
    Decision {
        label: decision.label,
        confidence,
        reasons,
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(d.reasons.contains(ReviewReason::NotEnglish) && d.confidence <= 0.5);
        let stub = Tally {
            body_words: 12,
            function_words: 4,
            ..Tally::default()
        };
        assert!(decide(&stub, &t).reasons.contains(ReviewReason::Stub));
        // Nothing of any role: `neither` by default, not a confident answer.
        let silent = decide(&readable(), &t);
        assert_eq!(silent.label, Label::Neither);
        assert_eq!(silent.reasons.join(","), "no_evidence");
        assert!(silent.confidence <= 0.5);
        // An engineer's posting: some evidence of its own role, none of ours.
        let engineer = Tally {
            total: [0.0, 0.0, 2.0],
            identity: [0.0, 0.0, 2.0],
            ..readable()
        };
        let d = decide(&engineer, &t);
        assert!(!d.review() && d.confidence == 1.0);
        // Cut off by a feed before it named a role: worth a look, whatever little it holds.
        let cut = Tally {
            total: [0.5, 0.0, 0.0],
            core: [0.5, 0.0, 0.0],
            cut_off: true,
            ..readable()
        };
        let d = decide(&cut, &t);
        assert_eq!(d.label, Label::Neither);
        assert_eq!(d.reasons.join(","), "truncated");
        assert!(d.confidence <= 0.5);
        // Cut off after naming another occupation: that is enough to go by.
        let named = Tally {
            cut_off: true,
            own: [0.0, 0.0, 9.0],
            ..engineer
        };
        assert!(!decide(&named, &t).review());
        let floor = t.neither_min_evidence * t.unnamed_floor_factor;
        let near_miss = Tally {
            core: [0.8 * floor, 0.0, 0.0],
            total: [0.8 * floor, 0.0, 0.0],
            ..readable()
        };
        let d = decide(&near_miss, &t);
        assert_eq!(d.label, Label::Neither);
        assert_eq!(d.reasons.join(","), "near_floor");
    }

    #[test]
    fn a_body_ending_in_an_ellipsis_is_cut_off_unless_a_link_ends_it() {
        assert!(is_cut_off("We build tools for teams and are l..."));
        assert!(is_cut_off(
            "Our platform serves shops in 70 countries. In this role,…  \n"
        ));
        assert!(!is_cut_off(
            "Apply at https://jobs.example.com/acme/12ab..."
        ));
        assert!(!is_cut_off("Apply at www.example.com/jobs/senior-..."));
        assert!(!is_cut_off(
            "A whole description that ends with a full stop."
        ));
        assert!(!is_cut_off(""));
    }

    /// Core product evidence as duties, plus role-name evidence the posting uses for itself.
    fn tally(po: f64, pm: f64, other_own: f64, po_own: f64) -> Tally {
        Tally {
            total: [po + po_own, pm, other_own],
            core: [po + po_own, pm, 0.0],
            identity: [po_own, 0.0, other_own],
            own: [po_own, 0.0, other_own],
            ..readable()
        }
    }

    #[test]
    fn decide_follows_the_thresholds() {
        let t = Thresholds::default();
        let label = |tally: Tally| decide(&tally, &t).label;
        assert_eq!(label(tally(0.0, 0.0, 0.0, 0.0)), Label::Neither);
        assert_eq!(label(tally(1.0, 1.0, 0.0, 0.0)), Label::Neither);
        assert_eq!(label(tally(1.0, 1.0, 0.0, 20.0)), Label::ProductOwner);
        assert_eq!(label(tally(30.0, 2.0, 0.0, 0.0)), Label::ProductOwner);
        assert_eq!(label(tally(2.0, 30.0, 0.0, 0.0)), Label::ProductManager);
        assert_eq!(label(tally(20.0, 18.0, 0.0, 0.0)), Label::Hybrid);
        assert_eq!(label(tally(20.0, 2.0, 9.0, 6.0)), Label::Neither);
        assert_eq!(label(tally(20.0, 2.0, 3.0, 9.0)), Label::ProductOwner);
        for (po, pm, other) in [(0.0, 0.0, 0.0), (100.0, 0.0, 0.0), (3.0, 3.0, 3.0)] {
            let c = decide(&tally(po, pm, other, 1.0), &t).confidence;
            assert!((0.0..=1.0).contains(&c), "{c}");
        }
    }

    #[test]
    fn duties_alone_need_more_evidence_than_a_named_role() {
        let t = Thresholds::default();
        let just_over = t.neither_min_evidence * 1.2;
        assert_eq!(
            decide(&tally(just_over, 0.0, 0.0, 0.0), &t).label,
            Label::Neither
        );
        let named = decide(&tally(just_over, 0.0, 0.0, 1.0), &t);
        assert_eq!(named.label, Label::ProductOwner);
        let unnamed = decide(&tally(10.0 * t.neither_min_evidence, 0.0, 0.0, 0.0), &t);
        assert_eq!(unnamed.label, Label::ProductOwner);
    }

    #[test]
    fn skills_alone_are_not_a_role() {
        let t = Thresholds::default();
        let non_core = Tally {
            total: [40.0, 0.0, 0.0],
            core: [1.0, 0.0, 0.0],
            ..readable()
        };
        assert_eq!(decide(&non_core, &t).label, Label::Neither);
    }

    #[test]
    fn a_posting_named_as_one_role_is_hybrid_only_with_half_the_other_roles_duties() {
        let t = Thresholds::default();
        // A product owner posting with some strategy (PM duties, a quarter of its duties).
        let po_with_strategy = Tally {
            total: [12.0 + 20.0, 4.0, 0.0],
            core: [12.0 + 20.0, 4.0, 0.0],
            identity: [20.0, 0.0, 0.0],
            own: [20.0, 0.0, 0.0],
            ..readable()
        };
        assert_eq!(decide(&po_with_strategy, &t).label, Label::ProductOwner);
        // Named as both: hybrid.
        let both = Tally {
            total: [20.0 + 10.0, 20.0 + 10.0, 0.0],
            core: [20.0 + 10.0, 20.0 + 10.0, 0.0],
            identity: [20.0, 20.0, 0.0],
            own: [20.0, 20.0, 0.0],
            ..readable()
        };
        assert_eq!(decide(&both, &t).label, Label::Hybrid);
        // A product owner posting whose duties are half a product manager's: hybrid, unless
        // its title names the product owner alone.
        let po_with_pm_half = Tally {
            total: [12.0 + 20.0, 12.0, 0.0],
            core: [12.0 + 20.0, 12.0, 0.0],
            identity: [20.0, 0.0, 0.0],
            own: [20.0, 0.0, 0.0],
            ..readable()
        };
        assert_eq!(decide(&po_with_pm_half, &t).label, Label::Hybrid);
        let titled = Tally {
            titled: [true, false],
            ..po_with_pm_half
        };
        assert_eq!(decide(&titled, &t).label, Label::ProductOwner);
        // A product manager posting with as much agile work stays a product manager posting.
        let pm_with_agile = Tally {
            total: [12.0, 12.0 + 20.0, 0.0],
            core: [12.0, 12.0 + 20.0, 0.0],
            identity: [0.0, 20.0, 0.0],
            own: [0.0, 20.0, 0.0],
            ..readable()
        };
        assert_eq!(decide(&pm_with_agile, &t).label, Label::ProductManager);
        // Named as neither, duties of both in equal measure: hybrid…
        let unnamed_both = Tally {
            total: [12.0, 12.0, 0.0],
            core: [12.0, 12.0, 0.0],
            ..readable()
        };
        assert_eq!(decide(&unnamed_both, &t).label, Label::Hybrid);
        // …unless one role is named in passing and the other never ("the Product Owner will…"):
        // then it is that role, even with more of the other's duties.
        let owner_in_passing = Tally {
            total: [8.0 + 4.0, 14.0, 0.0],
            core: [8.0 + 4.0, 14.0, 0.0],
            identity: [4.0, 0.0, 0.0],
            ..readable()
        };
        let d = decide(&owner_in_passing, &t);
        assert_eq!(d.label, Label::ProductOwner);
        assert!(
            d.reasons.contains(ReviewReason::LowMargin),
            "{:?}",
            d.reasons
        );
    }

    #[test]
    fn other_occupations_named_against_product_evidence_are_flagged() {
        let t = Thresholds::default();
        let d = decide(&tally(30.0, 0.0, 20.0, 0.0), &t);
        assert_eq!(d.label, Label::Neither);
        assert!(d.reasons.contains(ReviewReason::OtherOccupationNamed));
    }

    #[test]
    fn decide_calibrated_maps_confidence_and_reviews_below_it() {
        let t = Thresholds::default();
        let tally = tally(30.0, 2.0, 0.0, 8.0);
        let raw = decide(&tally, &t);
        assert_eq!(decide_calibrated(&tally, &t, &[]), raw);
        let low = decide_calibrated(&tally, &t, &[[1.0, 0.2]]);
        assert_eq!(low.label, raw.label);
        assert_eq!(low.confidence, 0.2);
        assert!(low.reasons.contains(ReviewReason::LowConfidence));
        assert_eq!(map_confidence(&[[0.5, 0.3], [0.8, 0.6]], 0.2), 0.3);
        assert_eq!(map_confidence(&[[0.5, 0.3], [0.8, 0.6]], 0.7), 0.6);
        assert_eq!(map_confidence(&[[0.5, 0.3], [0.8, 0.6]], 0.9), 0.6);
    }

    #[test]
    fn reasons_serialise_as_codes_in_order() {
        let mut r = ReviewReasons::default();
        r.add_if(true, ReviewReason::Stub);
        r.add_if(true, ReviewReason::LowMargin);
        r.add_if(false, ReviewReason::NearFloor);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"["low_margin","stub"]"#
        );
        assert_eq!(r.join(" "), "low_margin stub");
    }
}
