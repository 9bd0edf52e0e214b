//! rolesift: is a job posting a product owner's, a product manager's, both, or neither — and why?
//!
//! The pipeline, one module per stage:
//!
//! ```text
//!  read ──▶ analyze ──▶ classify (score + decide) ──▶ output
//!  (JSONL,   (HTML→text,   (lexicon model terms,        (JSONL, CSV,
//!   CSV,      words,        context cues, saturation,     table)
//!   text)     stems)        thresholds → label)
//! ```
//!
//! The vocabulary comes from five articles on product owner vs product manager, extracted into
//! `corpus/` ([`lexicon`]) and built into a weighted model ([`lexicon::model`]); the default
//! model is compiled in. One [`analyze::Analyzer`] defines what a term is for the model, the
//! scorer and the index. [`eval`] measures the answers against labelled postings (accuracy,
//! per-class F1, calibration of the confidence) and fits the decision thresholds to them.
//!
//! ```
//! use rolesift::{Classifier, Label, Model, Posting};
//!
//! let classifier = Classifier::new(Model::embedded()?);
//! let posting = Posting::new(
//!     "Product Owner",
//!     "As a Product Owner you will own and prioritise the product backlog, \
//!      write user stories with acceptance criteria and run sprint planning with the Scrum team.",
//! );
//! let answer = classifier.classify(&posting);
//! assert_eq!(answer.label, Label::ProductOwner);
//! assert!(answer.evidence.iter().any(|e| e.term == "product backlog"));
//! # Ok::<(), rolesift::Error>(())
//! ```
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyze;
pub mod audit;
pub mod classify;
pub mod error;
pub mod eval;
pub mod fs;
#[cfg(feature = "index")]
pub mod index;
pub mod label;
pub mod lexicon;
pub mod output;
pub mod posting;
pub mod read;

pub use classify::{Classification, Classifier, ClassifyOptions};
pub use error::{Error, Result};
pub use label::Label;
pub use lexicon::model::Model;
pub use posting::Posting;
