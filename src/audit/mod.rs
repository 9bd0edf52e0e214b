//! Title audit: what a posting's title promises against what its body describes.
//!
//! [`title`] turns a raw, noisy job title into a role family, a seniority and
//! specialisations; the audit compares that expectation with the label the classifier gives
//! the body alone.

pub mod title;
