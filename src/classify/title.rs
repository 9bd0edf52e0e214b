//! The classifier's reading of a title: the audit's title normaliser, memoised per thread.
//!
//! One normaliser serves the audit and the classifier, so "Sr. PM (m/w/d)" means the same in
//! both. It runs a few regular expressions per title, which would cost more than scoring a
//! whole body; titles repeat heavily in a batch (the same role posted many times, reposts), so
//! each thread keeps the families of the titles it has seen, up to a bound.

use crate::audit::title::{normalize_title, TitleFamily};
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
