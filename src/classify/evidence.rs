//! What a classification hands back, and the options a classifier is compiled with: the
//! label with its confidence and review flag, the scores, and each piece of evidence with the
//! field and context it was found in.
//!
//! Kept apart because these are the output contract: written by `output`, stored and read back
//! by the index, re-decided by evaluation. The scorer's own workings change without them.

use super::{ReviewReasons, Tally};
use crate::label::Label;
use crate::lexicon::{Category, Role};
use serde::{Deserialize, Serialize};

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

/// Options for a [`Classifier`](super::Classifier). By default, the title is used and nothing
/// is masked.
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
