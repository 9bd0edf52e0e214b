//! The classifier's reading of a title: the audit's title normaliser, memoised per thread.
//!
//! One normaliser serves the audit and the classifier, so "Sr. PM (m/w/d)" means the same in
//! both. It runs a few regular expressions per title, which would cost more than scoring a
//! whole body; titles repeat heavily in a batch (the same role posted many times, reposts), so
//! each thread keeps the families of the titles it has seen, up to a bound.
//!
//! The family is also the title's evidence (`Classifier::title_identity`): a title counts as
//! what the normaliser reads it as, not term by term.

use super::find::{record_hit, Found, HitTarget};
use super::{Classifier, Context, Field};
use crate::audit::title::{normalize_title, TitleFamily};
use crate::label::Label;
use crate::lexicon::Role;
use rustc_hash::FxHashMap;

/// Titles remembered per thread before the memo is cleared (a few MB at most).
const CAPACITY: usize = 50_000;

/// Titles longer than this are not remembered (they are rare, and would fill the memo).
const MAX_REMEMBERED_BYTES: usize = 200;

/// Title → family, per thread.
#[derive(Default)]
pub(super) struct TitleFamilies {
    seen: FxHashMap<Box<str>, TitleFamily>,
}

impl TitleFamilies {
    /// The family of `title`, as [`normalize_title`] reads it.
    pub(super) fn family(&mut self, title: &str) -> TitleFamily {
        if let Some(&family) = self.seen.get(title) {
            return family;
        }
        let family = normalize_title(title).family;
        if title.len() <= MAX_REMEMBERED_BYTES {
            if self.seen.len() >= CAPACITY {
                self.seen.clear();
            }
            self.seen.insert(title.into(), family);
        }
        family
    }
}

impl Classifier {
    /// Records what the title says the posting is, as the title normaliser reads it: a product
    /// family counts for its role (both for a hybrid title), another family or an occupation
    /// found in the title counts against a product label, as strongly.
    pub(super) fn title_identity(&self, title: &str, family: TitleFamily, found: &mut Found) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_remembered_and_agree_with_the_normaliser() {
        let mut memo = TitleFamilies::default();
        for title in ["Senior Product Owner", "Sr. PM (m/w/d)", "Data Analyst"] {
            let want = normalize_title(title).family;
            assert_eq!(memo.family(title), want);
            assert_eq!(memo.family(title), want, "second time, from the memo");
        }
        assert_eq!(memo.seen.len(), 3);
    }
}
