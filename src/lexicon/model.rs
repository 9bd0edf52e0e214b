//! The weighted model: what `rolesift model build` makes from `corpus/`.
//!
//! Weights are computed, never typed: a term's weight is its category's base weight times how
//! strongly the sources back it (more supporting articles weigh more, on a log scale; articles
//! that give the term to the other role pull it down; terms the sources give to both roles
//! weigh little). The model records the analyzer settings, a format version, the hashes of the
//! corpus files it came from, the decision thresholds, and a content hash over all of that, so
//! an index can tell when postings were classified by another model.
//!
//! The default model is compiled into the binary ([`Model::embedded`]); a test proves it is
//! exactly what the build step makes from `corpus/`.

use super::{Category, Corpus, CueKind, LexiconEntry, Role};
use crate::analyze::{Analyzer, AnalyzerSettings};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The model format this build reads and writes. Bump it when the JSON shape changes.
pub const MODEL_FORMAT_VERSION: u32 = 2;

/// The default model, as shipped in `models/default.json`.
pub const EMBEDDED_MODEL_JSON: &str = include_str!("../../models/default.json");

/// How errors name the embedded model.
const EMBEDDED_ORIGIN: &str = "embedded default model";

/// Base weight per category, before source support is applied.
///
/// Chosen by reasoning about what each kind of term says about a posting, not fitted: a role's
/// own name and its certificates say the most; work products (backlog, roadmap) and ceremonies
/// are specific to one way of working; duties are specific but phrased in many ways; skills,
/// tools, metrics, degrees and stakeholders appear in most office jobs' postings and say
/// little on their own.
pub fn category_base_weight(category: Category) -> f64 {
    match category {
        Category::RoleTitle => 3.0,
        Category::Certification => 3.0,
        Category::CareerTitle => 2.0,
        Category::Artifact => 1.5,
        Category::Ceremony => 1.5,
        Category::Duty => 1.0,
        Category::Methodology => 0.8,
        Category::Metric => 0.6,
        Category::Tool => 0.6,
        Category::Skill => 0.5,
        Category::Education => 0.3,
        Category::Stakeholder => 0.3,
    }
}

/// Core categories say what the job *is*; the others (skills, tools, metrics, education,
/// stakeholders) are shared with many jobs and only tip the balance between two roles. Only
/// core evidence can make a posting a product role at all.
pub fn is_core_category(category: Category) -> bool {
    matches!(
        category,
        Category::RoleTitle
            | Category::CareerTitle
            | Category::Certification
            | Category::Artifact
            | Category::Ceremony
            | Category::Duty
            | Category::Methodology
    )
}

/// Terms the sources give to both roles count this fraction of a one-role term, so they add
/// to "is this a product role at all" without deciding between the two.
pub const SHARED_WEIGHT_FACTOR: f64 = 0.25;

/// Multiplier for how many sources back a term: 1 source → 1.0, 5 sources → 2.6.
pub fn source_support(n_for: usize, n_against: usize) -> f64 {
    if n_for == 0 {
        return 0.0;
    }
    let breadth = 1.0 + (n_for as f64).ln();
    let agreement = (n_for as f64 - n_against as f64) / (n_for + n_against) as f64;
    breadth * agreement.max(0.0)
}

/// A term used by this share of the job market's occupations keeps half its weight.
///
/// Specificity is `1 / (1 + share / MARKET_SHARE_HALF)`: a term no other occupation uses
/// ("product backlog") keeps its weight, one that a tenth of all occupations use ("budget",
/// "deadlines") keeps about a sixth. 2% is about twenty O*NET occupations: a term that many
/// other jobs describe themselves with says little about product work. Chosen by that
/// reasoning; the false-product rate it gives was then checked out of fold (README).
pub const MARKET_SHARE_HALF: f64 = 0.02;

/// How much of its weight a product term keeps, given the share of other occupations that use
/// it (see [`MARKET_SHARE_HALF`]).
pub fn specificity(market_share: f64) -> f64 {
    1.0 / (1.0 + market_share.max(0.0) / MARKET_SHARE_HALF)
}

/// The decision thresholds and scoring constants.
///
/// Every default is a named constant with the reason for its value. `rolesift model calibrate`
/// (when fitted on labelled data) overwrites them and records what they were fitted on in
/// [`Model::calibration`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Multiplier for role and career titles found in the posting's title.
    pub title_multiplier: f64,
    /// Multiplier for a role name the posting uses to describe itself ("as a Product Owner").
    pub self_description_multiplier: f64,
    /// Multiplier for a role name mentioned as a colleague ("work with the Product Manager").
    pub collaborator_multiplier: f64,
    /// Multiplier for a product role name the body mentions in passing (neither as its own
    /// role nor as a colleague's).
    pub mention_multiplier: f64,
    /// BM25-style saturation constant: a term repeated n times counts n(k+1)/(n+k), never
    /// more than k+1 times.
    pub saturation_k: f64,
    /// Postings longer than this many words have their evidence scaled down by the square root
    /// of how much longer they are, so long postings do not win on volume.
    pub length_reference_words: f64,
    /// Below this much core product evidence (PO + PM, core categories only), a posting is
    /// `neither`.
    pub neither_min_evidence: f64,
    /// The floor is this many times higher for a posting that never names a product role as
    /// its own (in its title or describing itself): duties alone must say more.
    pub unnamed_floor_factor: f64,
    /// A posting that names a non-product role (scrum master, project manager) is `neither`
    /// when that role-name evidence is at least this fraction of the strongest product
    /// role-name evidence.
    pub other_role_dominance: f64,
    /// A posting is `hybrid` when the weaker product role has at least this share of the
    /// product evidence …
    pub hybrid_min_share: f64,
    /// … and at least this much evidence of its own.
    pub hybrid_min_evidence: f64,
    /// Evidence at which confidence from volume reaches 63% (1 − 1/e) of its maximum.
    pub confidence_evidence_scale: f64,
    /// Below this confidence a posting is flagged for review.
    pub review_below_confidence: f64,
    /// Below this margin (difference of PO and PM shares) a PO/PM answer is flagged for review.
    pub review_below_margin: f64,
}

/// Title terms are about three times as telling as body terms: a title is a claim the
/// employer made on purpose, while a body mentions many roles. Not fitted.
pub const DEFAULT_TITLE_MULTIPLIER: f64 = 3.0;
/// Self-description is the strongest signal a body gives; three times a plain mention. Not fitted.
pub const DEFAULT_SELF_DESCRIPTION_MULTIPLIER: f64 = 3.0;
/// A colleague's role name is no evidence at all for the posting's own role (the rule).
pub const DEFAULT_COLLABORATOR_MULTIPLIER: f64 = 0.0;
/// A product role name mentioned in passing, neither the posting's own (title, "as a…", heading)
/// nor a colleague's ("with the product manager", a plural): weighs as any term. Lower values
/// cost recall on postings that name their role without a cue (checked on the dev files:
/// 0.5 loses a tenth of the product postings body-only for a fraction of a point of
/// false-product rate).
pub const DEFAULT_MENTION_MULTIPLIER: f64 = 1.0;
/// Without a product role named as its own, a posting needs half as much duty evidence again:
/// an engineer's or analyst's posting shares some of the vocabulary, a product posting that
/// never names its role carries more of it. Chosen on the dev files among 1, 1.25, 1.5, 2 and 3
/// (README, accuracy).
pub const DEFAULT_UNNAMED_FLOOR_FACTOR: f64 = 1.5;
/// BM25's customary k1 = 1.2: a term counts at most 2.2 times, however often it is repeated.
pub const DEFAULT_SATURATION_K: f64 = 1.2;
/// About the length of a typical posting's body in words (the project's gold postings have a
/// median near 250, real postings run longer); beyond it evidence is length-normalised.
pub const DEFAULT_LENGTH_REFERENCE_WORDS: f64 = 400.0;
/// Roughly three distinct one-role duties, or one role-name mention and a duty: less than
/// that is not a product posting. Set by reasoning on the weights; `model calibrate` refits it.
/// On the 316 real postings of ../shared/eval it picks 6 (body only) or 10 (with titles) for a
/// gain of about 0.01 macro-F1 out of fold, within the noise of so small a set, so the shipped
/// model keeps 4 (see docs/eval.md).
pub const DEFAULT_NEITHER_MIN_EVIDENCE: f64 = 4.0;
/// A posting naming a scrum master or project manager at least as strongly as any product
/// role is that other role: hard negatives share a product owner's vocabulary, so their
/// role names are what tells them apart. Not fitted.
pub const DEFAULT_OTHER_ROLE_DOMINANCE: f64 = 1.0;
/// Hybrid when the minority role holds at least 40% of the product evidence; the sources say
/// the roles overlap, so a 60/40 split is still one role. Not fitted (few hybrid examples).
pub const DEFAULT_HYBRID_MIN_SHARE: f64 = 0.4;
/// … and the minority role on its own clears the product-evidence floor.
pub const DEFAULT_HYBRID_MIN_EVIDENCE: f64 = 3.0;
/// Confidence from volume: at 6 units of evidence (a self-described title plus a few duties),
/// 63% of the way to certainty.
pub const DEFAULT_CONFIDENCE_EVIDENCE_SCALE: f64 = 6.0;
/// Review below 0.5: the answer is no better than a coin flip between two labels.
pub const DEFAULT_REVIEW_BELOW_CONFIDENCE: f64 = 0.5;
/// Review when PO and PM shares differ by less than 0.3 (a 65/35 split or closer), the
/// top-score-and-margin rule occupation coders use.
pub const DEFAULT_REVIEW_BELOW_MARGIN: f64 = 0.3;

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            title_multiplier: DEFAULT_TITLE_MULTIPLIER,
            self_description_multiplier: DEFAULT_SELF_DESCRIPTION_MULTIPLIER,
            collaborator_multiplier: DEFAULT_COLLABORATOR_MULTIPLIER,
            mention_multiplier: DEFAULT_MENTION_MULTIPLIER,
            saturation_k: DEFAULT_SATURATION_K,
            length_reference_words: DEFAULT_LENGTH_REFERENCE_WORDS,
            neither_min_evidence: DEFAULT_NEITHER_MIN_EVIDENCE,
            unnamed_floor_factor: DEFAULT_UNNAMED_FLOOR_FACTOR,
            other_role_dominance: DEFAULT_OTHER_ROLE_DOMINANCE,
            hybrid_min_share: DEFAULT_HYBRID_MIN_SHARE,
            hybrid_min_evidence: DEFAULT_HYBRID_MIN_EVIDENCE,
            confidence_evidence_scale: DEFAULT_CONFIDENCE_EVIDENCE_SCALE,
            review_below_confidence: DEFAULT_REVIEW_BELOW_CONFIDENCE,
            review_below_margin: DEFAULT_REVIEW_BELOW_MARGIN,
        }
    }
}

/// Where a model term came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermOrigin {
    /// Extracted from the seed articles (`corpus/lexicon.toml`).
    Corpus,
    /// A user's overlay file.
    Overlay,
}

/// One weighted term of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelTerm {
    /// The term as written in the corpus.
    pub term: String,
    /// Analysed forms: the term's stems first, then each variant's.
    pub stems: Vec<Vec<String>>,
    /// Its category.
    pub category: Category,
    /// The role it supports.
    pub role: Role,
    /// Computed weight (for `shared`, the weight given to each role).
    pub weight: f64,
    /// An abbreviation: never matched right after a number.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acronym: bool,
    /// Seed ids supporting it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Seed ids giving it to the other role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradicted_by: Vec<String>,
    /// Corpus or overlay.
    pub origin: TermOrigin,
}

/// One analysed context cue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelCue {
    /// The cue phrase as written.
    pub phrase: String,
    /// Its stems.
    pub stems: Vec<String>,
    /// What it signals.
    pub kind: CueKind,
}

/// What the thresholds were fitted on, when `model calibrate` has run.
///
/// Everything here is deterministic (no dates, no absolute figures measured on the data the
/// thresholds were fitted to): calibrating twice on the same files gives the same model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// A description of the data (files, counts per label, hash).
    pub fitted_on: String,
    /// How they were fitted.
    pub method: String,
    /// Confidence bins mapping raw confidence to observed accuracy: `[upper_bound, accuracy]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidence_map: Vec<[f64; 2]>,
    /// The data, in detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<FittedData>,
    /// Thresholds left at their documented defaults, and why (a class too small to fit on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept_defaults: Vec<String>,
    /// Cross-validated figures: the thresholds the model had before against thresholds fitted
    /// on k − 1 folds and measured on the held-out fold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_validation: Option<CrossValidated>,
}

/// The labelled data a calibration was fitted on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedData {
    /// Each input file as given, with the SHA-256 of its bytes.
    pub files: Vec<FittedFile>,
    /// Labelled postings per gold label.
    pub counts: BTreeMap<crate::label::Label, u64>,
    /// Where labels came from (`field:NAME` or `title`).
    pub label_source: String,
    /// The postings were classified without their titles.
    pub ignore_title: bool,
    /// Role names were masked in the bodies.
    pub mask_role_names: bool,
}

/// One input file of a calibration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedFile {
    /// The path as given on the command line.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

impl FittedFile {
    /// Reads `path` and records it with its SHA-256, under the name it was given by.
    pub fn read(path: &Path) -> Result<FittedFile> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(FittedFile {
            path: path.display().to_string(),
            sha256: super::sha256_hex(&bytes),
        })
    }
}

/// Out-of-fold figures recorded with a calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossValidated {
    /// Number of folds.
    pub folds: u32,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The thresholds before calibration, on all the data (nothing fitted to it).
    pub before: Figures,
    /// Fitted on k − 1 folds, measured on the held-out fold, aggregated.
    pub out_of_fold: Figures,
}

/// Headline figures, rounded to four decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// Share right.
    pub accuracy: f64,
    /// Mean F1 over the classes present.
    pub macro_f1: f64,
    /// Expected calibration error.
    pub ece: f64,
}

/// The weighted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// [`MODEL_FORMAT_VERSION`] at the time of writing.
    pub format_version: u32,
    /// SHA-256 (first 16 hex digits) over everything below; an index compares it.
    pub content_hash: String,
    /// The analyzer that made the stems.
    pub analyzer: AnalyzerSettings,
    /// Corpus file → SHA-256 of the file the model was built from.
    pub built_from: BTreeMap<String, String>,
    /// Seed id → seed file name.
    pub sources: BTreeMap<String, String>,
    /// Decision thresholds and scoring constants.
    pub thresholds: Thresholds,
    /// Present when the thresholds were fitted on data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// The weighted terms.
    pub terms: Vec<ModelTerm>,
    /// The context cues.
    pub cues: Vec<ModelCue>,
    /// Other occupations' titles.
    pub occupations: Occupations,
}

/// Other occupations' titles, from the taxonomies (`corpus/occupations.tsv`): a posting whose
/// title, or whose description of itself ("as a Data Analyst you will"), names one is evidence
/// that it is not a product role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occupations {
    /// The weight of one such title: that of the strongest product role name, so "Senior
    /// Software Engineer" in a title weighs as much against a product label as "Product Owner"
    /// weighs for one.
    pub weight: f64,
    /// Each title's stems, space-separated, sorted (the provenance of each stays in the corpus).
    pub stems: Vec<String>,
}

/// A user's own terms, added to a model at load time without rebuilding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// The terms.
    #[serde(rename = "term")]
    pub terms: Vec<OverlayTerm>,
}

/// One overlay term: the weight is the user's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayTerm {
    /// The word or phrase.
    pub term: String,
    /// The role it supports.
    pub role: Role,
    /// Its weight (0 switches a corpus term off).
    pub weight: f64,
    /// Its category (default: duty).
    #[serde(default = "default_overlay_category")]
    pub category: Category,
    /// An abbreviation: never matched right after a number.
    #[serde(default)]
    pub acronym: bool,
}

fn default_overlay_category() -> Category {
    Category::Duty
}

impl Model {
    /// Builds the model from a loaded corpus.
    pub fn build(corpus: &Corpus) -> Model {
        let mut terms = corpus
            .lexicon
            .entries
            .iter()
            .map(|entry| {
                let share = corpus
                    .specificity
                    .as_ref()
                    .and_then(|s| s.market_share(&entry.term));
                weigh_entry(entry, share)
            })
            .collect::<Vec<_>>();
        inherit_contained_weights(&mut terms);
        let role_name_weight = terms
            .iter()
            .filter(|t| {
                t.category == Category::RoleTitle
                    && matches!(t.role, Role::ProductOwner | Role::ProductManager)
            })
            .map(|t| t.weight)
            .fold(0.0, f64::max);
        let mut occupation_stems: Vec<String> = corpus
            .occupations
            .iter()
            .map(|o| Analyzer.stems(&o.title).join(" "))
            .collect();
        occupation_stems.sort();
        occupation_stems.dedup();
        let cues = corpus
            .cues
            .cues
            .iter()
            .map(|cue| ModelCue {
                phrase: cue.phrase.clone(),
                stems: Analyzer.stems(&cue.phrase),
                kind: cue.kind,
            })
            .collect();
        let mut model = Model {
            format_version: MODEL_FORMAT_VERSION,
            content_hash: String::new(),
            analyzer: Analyzer.settings(),
            built_from: corpus.file_hashes.clone(),
            sources: corpus.lexicon.sources.clone(),
            thresholds: Thresholds::default(),
            calibration: None,
            terms,
            cues,
            occupations: Occupations {
                weight: role_name_weight,
                stems: occupation_stems,
            },
        };
        model.rehash();
        model
    }

    /// The embedded default model.
    pub fn embedded() -> Result<Model> {
        Model::parse(EMBEDDED_ORIGIN, EMBEDDED_MODEL_JSON, false)
    }

    /// The embedded model's content hash, without building the model: for commands that only
    /// compare it with what an index records (`search`, `show`), where parsing the whole model
    /// would be most of their start-up.
    pub fn embedded_content_hash() -> Result<String> {
        #[derive(Deserialize)]
        struct Head {
            content_hash: String,
        }
        serde_json::from_str::<Head>(EMBEDDED_MODEL_JSON)
            .map(|head| head.content_hash)
            .map_err(|e| Error::Model {
                origin: EMBEDDED_ORIGIN.to_string(),
                message: format!("line {}: {e}", e.line()),
            })
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Model::from_json(&path.display().to_string(), &text)
    }

    /// Parses and checks a model.
    pub fn from_json(origin: &str, text: &str) -> Result<Model> {
        Model::parse(origin, text, true)
    }

    /// Parses and checks a model; `verify_hash`: recompute its content hash and compare. The
    /// embedded model skips that (re-serialising and hashing two megabytes is most of a quick
    /// `search`'s start-up): its bytes are compiled in, and a test checks that they are exactly
    /// what `model build` makes, hash included.
    fn parse(origin: &str, text: &str, verify_hash: bool) -> Result<Model> {
        let fail = |message: String| Error::Model {
            origin: origin.to_string(),
            message,
        };
        let model: Model =
            serde_json::from_str(text).map_err(|e| fail(format!("line {}: {e}", e.line())))?;
        if model.format_version != MODEL_FORMAT_VERSION {
            return Err(fail(format!(
                "model format {} is not supported by this build (format {}); rebuild it with `rolesift model build`",
                model.format_version, MODEL_FORMAT_VERSION
            )));
        }
        if model.analyzer != AnalyzerSettings::default() {
            return Err(fail(
                "the model was built with a different analyzer; rebuild it with `rolesift model build`"
                    .to_string(),
            ));
        }
        if verify_hash && model.compute_hash() != model.content_hash {
            return Err(fail(
                "content hash does not match the content (the file was edited by hand?); rebuild it with `rolesift model build`"
                    .to_string(),
            ));
        }
        model.check_ranges().map_err(fail)?;
        Ok(model)
    }

    /// Every number within the range the scorer and the output contract need: a weight of
    /// 1e308 or a negative multiplier passes a hash check (anyone can recompute a hash) but
    /// would print `"confidence": null` or invert a decision.
    fn check_ranges(&self) -> std::result::Result<(), String> {
        for term in &self.terms {
            check_weight(&format!("term {:?}", term.term), term.weight)?;
        }
        check_weight("the occupations' weight", self.occupations.weight)?;
        let t = &self.thresholds;
        let within = |name: &str, x: f64, low: f64, high: f64, low_open: bool| {
            let above = if low_open { x > low } else { x >= low };
            if x.is_finite() && above && x <= high {
                Ok(())
            } else {
                let open = if low_open { "(" } else { "[" };
                Err(format!(
                    "threshold {name} is {x}; it must be in {open}{low}, {high}]"
                ))
            }
        };
        for (name, x) in [
            ("title_multiplier", t.title_multiplier),
            ("self_description_multiplier", t.self_description_multiplier),
            ("collaborator_multiplier", t.collaborator_multiplier),
            ("mention_multiplier", t.mention_multiplier),
            ("unnamed_floor_factor", t.unnamed_floor_factor),
            ("hybrid_min_evidence", t.hybrid_min_evidence),
        ] {
            within(name, x, 0.0, MAX_MULTIPLIER, false)?;
        }
        for (name, x) in [
            ("saturation_k", t.saturation_k),
            ("length_reference_words", t.length_reference_words),
            ("neither_min_evidence", t.neither_min_evidence),
            ("other_role_dominance", t.other_role_dominance),
            ("confidence_evidence_scale", t.confidence_evidence_scale),
        ] {
            within(name, x, 0.0, MAX_SCALE, true)?;
        }
        for (name, x) in [
            ("hybrid_min_share", t.hybrid_min_share),
            ("review_below_confidence", t.review_below_confidence),
            ("review_below_margin", t.review_below_margin),
        ] {
            within(name, x, 0.0, 1.0, false)?;
        }
        if let Some(calibration) = &self.calibration {
            let mut last = 0.0;
            for &[bound, accuracy] in &calibration.confidence_map {
                if !(bound.is_finite() && accuracy.is_finite() && (0.0..=1.0).contains(&accuracy))
                    || accuracy < last
                {
                    return Err(format!(
                        "the confidence map's step [{bound}, {accuracy}] is not a \
                         non-decreasing accuracy in [0, 1]"
                    ));
                }
                last = accuracy;
            }
        }
        Ok(())
    }

    /// Adds (or replaces) terms from an overlay file.
    pub fn apply_overlay_file(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let overlay: Overlay = super::parse_toml(path, &text)?;
        for (i, term) in overlay.terms.iter().enumerate() {
            let fail = |what: String| Error::Lexicon {
                path: path.to_path_buf(),
                message: format!("term {} ({:?}): {what}", i + 1, term.term),
            };
            if Analyzer.stems(&term.term).is_empty() {
                return Err(fail("needs at least one word".to_string()));
            }
            check_weight("its weight", term.weight).map_err(fail)?;
        }
        self.apply_overlay(&overlay);
        Ok(())
    }

    /// Adds (or replaces, same stems and role) the overlay's terms; of two overlay terms with
    /// the same stems and role, the later wins. Linear in the number of terms.
    pub fn apply_overlay(&mut self, overlay: &Overlay) {
        let mut latest: HashMap<(Role, Vec<String>), &OverlayTerm> = HashMap::new();
        let mut order: Vec<(Role, Vec<String>)> = Vec::new();
        for term in &overlay.terms {
            let key = (term.role, Analyzer.stems(&term.term));
            if latest.insert(key.clone(), term).is_none() {
                order.push(key);
            }
        }
        self.terms.retain(|t| {
            t.stems
                .first()
                .is_none_or(|stems| !latest.contains_key(&(t.role, stems.clone())))
        });
        for key in order {
            let term = latest[&key];
            self.terms.push(ModelTerm {
                term: term.term.clone(),
                stems: vec![key.1],
                category: term.category,
                role: term.role,
                weight: term.weight,
                acronym: term.acronym,
                sources: Vec::new(),
                contradicted_by: Vec::new(),
                origin: TermOrigin::Overlay,
            });
        }
        self.rehash();
    }

    /// Pretty JSON with a final newline (the form in `models/`).
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a model serialises");
        json.push('\n');
        json
    }

    /// Recomputes [`Model::content_hash`] after a change.
    pub fn rehash(&mut self) {
        self.content_hash = self.compute_hash();
    }

    fn compute_hash(&self) -> String {
        let mut unhashed = self.clone();
        unhashed.content_hash = String::new();
        let json = serde_json::to_string(&unhashed).expect("a model serialises");
        super::sha256_hex(json.as_bytes())[..16].to_string()
    }
}

/// The largest weight a term may carry: the strongest built term weighs about 25; a thousand
/// leaves users every room while keeping sums, saturation and confidence finite.
pub const MAX_TERM_WEIGHT: f64 = 1000.0;

/// The largest context multiplier or evidence count a threshold may hold.
pub const MAX_MULTIPLIER: f64 = 100.0;

/// The largest scale (evidence floor, saturation, reference length) a threshold may hold.
pub const MAX_SCALE: f64 = 1_000_000.0;

fn check_weight(what: &str, weight: f64) -> std::result::Result<(), String> {
    if weight.is_finite() && (0.0..=MAX_TERM_WEIGHT).contains(&weight) {
        Ok(())
    } else {
        Err(format!(
            "{what} is {weight}; a weight must be a number in [0, {MAX_TERM_WEIGHT}]"
        ))
    }
}

/// Rounds weights so the JSON is stable across platforms' last-bit differences.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A phrase never weighs less than a term of the same role it contains ("senior product
/// owner" ⊃ "product owner"; "product roadmap" ⊃ "roadmap"). Matching is leftmost-longest, so
/// without this a more specific phrase would hide a stronger general term.
fn inherit_contained_weights(terms: &mut [ModelTerm]) {
    let inherited: Vec<f64> = terms
        .iter()
        .map(|outer| {
            terms
                .iter()
                .filter(|inner| {
                    inner.role == outer.role && inner.stems[0].len() < outer.stems[0].len()
                })
                .filter(|inner| {
                    outer.stems[0]
                        .windows(inner.stems[0].len())
                        .any(|w| w == inner.stems[0].as_slice())
                })
                .map(|inner| inner.weight)
                .fold(outer.weight, f64::max)
        })
        .collect();
    for (term, weight) in terms.iter_mut().zip(inherited) {
        term.weight = weight;
    }
}

/// A lexicon entry's weight: category base × source support × role factor × specificity (for
/// product terms; other roles' names are evidence against a product label and keep theirs).
fn weigh_entry(entry: &LexiconEntry, market_share: Option<f64>) -> ModelTerm {
    let base = category_base_weight(entry.category);
    let specific = match entry.role {
        Role::Other => 1.0,
        _ => specificity(market_share.unwrap_or(0.0)),
    };
    let support = source_support(entry.sources.len(), entry.contradicted_by.len());
    let role_factor = if entry.role == Role::Shared {
        SHARED_WEIGHT_FACTOR
    } else {
        1.0
    };
    let mut stems = vec![Analyzer.stems(&entry.term)];
    for variant in &entry.variants {
        let variant_stems = Analyzer.stems(variant);
        if !stems.contains(&variant_stems) {
            stems.push(variant_stems);
        }
    }
    ModelTerm {
        term: entry.term.clone(),
        stems,
        category: entry.category,
        role: entry.role,
        weight: round4(base * support * role_factor * specific),
        acronym: entry.acronym,
        sources: entry.sources.clone(),
        contradicted_by: entry.contradicted_by.clone(),
        origin: TermOrigin::Corpus,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_hash_read_alone_is_the_models() {
        assert_eq!(
            Model::embedded_content_hash().unwrap(),
            Model::embedded().unwrap().content_hash
        );
    }

    #[test]
    fn support_grows_with_sources_and_falls_with_contradictions() {
        assert_eq!(source_support(1, 0), 1.0);
        assert!(source_support(4, 0) > source_support(2, 0));
        assert!(source_support(4, 1) < source_support(4, 0));
        assert_eq!(source_support(1, 1), 0.0);
        assert_eq!(source_support(1, 3), 0.0);
    }

    #[test]
    fn the_embedded_model_loads() {
        let model = Model::embedded().expect("embedded model");
        assert!(model.terms.len() >= 150, "{} terms", model.terms.len());
    }

    #[test]
    fn a_hand_edited_model_is_refused() {
        let text = EMBEDDED_MODEL_JSON.replacen("\"weight\": ", "\"weight\": 1", 1);
        let err = Model::from_json("edited.json", &text).unwrap_err();
        assert!(err.to_string().contains("content hash"), "{err}");
    }

    #[test]
    fn overlay_terms_replace_corpus_terms_and_change_the_hash() {
        let mut model = Model::embedded().unwrap();
        let before = model.content_hash.clone();
        model.apply_overlay(&Overlay {
            terms: vec![OverlayTerm {
                term: "Jira".into(),
                role: Role::ProductOwner,
                weight: 2.0,
                category: Category::Tool,
                acronym: false,
            }],
        });
        assert_ne!(model.content_hash, before);
        let jira = model.terms.iter().find(|t| t.term == "Jira").unwrap();
        assert_eq!(jira.stems, [vec!["jira".to_string()]]);
        assert_eq!(jira.origin, TermOrigin::Overlay);
    }

    fn overlay_term(term: &str, weight: f64) -> OverlayTerm {
        OverlayTerm {
            term: term.into(),
            role: Role::ProductOwner,
            weight,
            category: Category::Tool,
            acronym: false,
        }
    }

    #[test]
    fn weights_and_thresholds_outside_their_range_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let overlay = dir.path().join("o.toml");
        for weight in ["1e308", "-1", "1001"] {
            std::fs::write(
                &overlay,
                format!("[[term]]\nterm = \"jira\"\nrole = \"product_owner\"\nweight = {weight}\n"),
            )
            .unwrap();
            let err = Model::embedded()
                .unwrap()
                .apply_overlay_file(&overlay)
                .unwrap_err();
            assert!(
                err.to_string().contains("must be a number in [0, 1000]"),
                "{err}"
            );
        }
        // A hand-edited model with a recomputed hash is still checked.
        let mut model = Model::embedded().unwrap();
        model.terms[0].weight = -3.0;
        model.rehash();
        let err = Model::from_json("edited", &model.to_json()).unwrap_err();
        assert!(
            err.to_string().contains("a weight must be a number"),
            "{err}"
        );
        let mut model = Model::embedded().unwrap();
        model.thresholds.hybrid_min_share = 1.5;
        model.rehash();
        let err = Model::from_json("edited", &model.to_json()).unwrap_err();
        assert!(err.to_string().contains("hybrid_min_share is 1.5"), "{err}");
        let mut model = Model::embedded().unwrap();
        model.thresholds.saturation_k = 0.0;
        model.rehash();
        assert!(Model::from_json("edited", &model.to_json()).is_err());
    }

    #[test]
    fn large_overlays_load_and_the_later_duplicate_wins() {
        let mut model = Model::embedded().unwrap();
        let built = model.terms.len();
        let mut terms: Vec<OverlayTerm> = (0..20_000)
            .map(|i| overlay_term(&format!("tool{i}"), 1.0))
            .collect();
        terms.push(overlay_term("tool7", 4.0));
        model.apply_overlay(&Overlay { terms });
        assert_eq!(model.terms.len(), built + 20_000);
        let tool7: Vec<f64> = model
            .terms
            .iter()
            .filter(|t| t.term == "tool7")
            .map(|t| t.weight)
            .collect();
        assert_eq!(tool7, [4.0]);
    }
}
