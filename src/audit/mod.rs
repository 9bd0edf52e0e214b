//! Title audit: what a posting's title promises against what its body describes.
//!
//! People who audit titles want the postings titled one thing that describe another: a
//! "Product Owner" whose duties are a product manager's, a "Project Manager" that is really a
//! product role, a "Senior" role for new graduates. The audit reads each side on its own and
//! compares them:
//!
//! ```text
//!  title ──▶ title::normalize_title ──▶ family, seniority ─┐
//!                                                         ├─▶ verdict::audit ──▶ AuditRecord
//!  body ───▶ Classifier (ignore_title) ──▶ content label ──┤       (verdict, severity,
//!       └──▶ seniority::cues ──────────▶ level cues ──────┘        evidence both sides)
//! ```
//!
//! * [`title`] turns a raw, noisy job title into a role family, a seniority and
//!   specialisations.
//! * [`seniority`] finds phrases in the body that say how senior the role is.
//! * [`verdict`] is the pure core, `(&Posting, body-only Classification) → AuditRecord`, with
//!   the verdict and severity rules; any source of postings (files through the batch driver,
//!   a search index) feeds it the same way.
//! * [`summary`] counts records per verdict and title family; [`report`] renders them as a
//!   self-contained HTML page.
//!
//! ```
//! use rolesift::audit::{audit, Severity, Verdict};
//! use rolesift::{Classifier, ClassifyOptions, Model, Posting};
//!
//! let body_only = Classifier::with_options(Model::embedded()?, ClassifyOptions::body_only());
//! let posting = Posting::new(
//!     "Product Owner",
//!     "As a Product Manager you will lead market research and competitive analysis, own the \
//!      product roadmap and product vision, and plan the product launch with marketing.",
//! );
//! let record = audit(&posting, &body_only.classify(&posting));
//! assert_eq!(record.verdict, Verdict::TitlePoContentPm);
//! assert!(record.severity >= Some(Severity::Medium));
//! assert_eq!(record.evidence.title, ["Product Owner"]);
//! # Ok::<(), rolesift::Error>(())
//! ```

pub mod report;
pub mod seniority;
pub mod summary;
pub mod title;
pub mod verdict;

pub use summary::AuditSummary;
pub use verdict::{
    audit, AuditRecord, ContentEvidence, Finding, FindingEvidence, Severity, Verdict,
};
