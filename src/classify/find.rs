//! Finding model terms in a field: its words as the scorer sees them (memoised per thread,
//! with their stems when a caller observes them), role names masked when asked, terms matched
//! leftmost-longest, and the hits evidence is summed from.
//!
//! Kept apart from the scoring in [`Classifier::classify`] because this is the per-word hot
//! path; how a role name found here is used is read in `context`.

use super::compile::{Pattern, Target};
use super::{Classifier, Context, Field, NO_ID};
use crate::analyze::{Analyzer, TermCache};
use crate::lexicon::{Category, Role};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// A word of the posting, as the scorer sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    pub(super) id: u32,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) boundary_before: bool,
    /// All digits: an acronym right after a number is a unit or a time ("5 PM"), not a role.
    numeric: bool,
    starts_term: bool,
    pub(super) starts_cue: bool,
}

/// A caller's view of every analysed word's stem (see [`Classifier::classify_observed`]).
pub(super) type Observer<'o> = dyn FnMut(Field, &str) + 'o;

/// What the observing reader memoises per word: the scorer's view and where its stem is kept
/// in [`Scratch::stems`](super::Scratch::stems).
#[derive(Debug, Clone, Copy)]
pub(super) struct ObservedWord {
    info: WordInfo,
    stem_start: u32,
    stem_len: u32,
}

/// An observing reader's state: the caller, and the memo of words to stems.
pub(super) struct Observing<'a, 'o> {
    pub(super) observe: &'a mut Observer<'o>,
    pub(super) cache: &'a mut TermCache<ObservedWord>,
    pub(super) stems: &'a mut String,
}

/// What the scorer memoises per word.
#[derive(Debug, Clone, Copy)]
pub(super) struct WordInfo {
    id: u32,
    numeric: bool,
    /// Some term / some cue starts with this word (most words start neither).
    starts_term: bool,
    starts_cue: bool,
    function_word: bool,
}

/// What a hit is evidence of: a model term, or another occupation's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum HitTarget {
    /// An index into the model's terms.
    Term(u32),
    /// An index into the model's occupation titles.
    Occupation(u32),
}

/// A (target, field, context) triple: evidence is aggregated per triple.
pub(super) type HitKey = (HitTarget, Field, Context);

/// Scratch state for one posting.
#[derive(Default)]
pub(super) struct Found {
    pub(super) words: Vec<Word>,
    /// Position of each key in `hits`.
    pub(super) hit_index: FxHashMap<HitKey, usize>,
    /// (key, count, spans), in first-seen order so evidence order never depends on hashing.
    pub(super) hits: Vec<(HitKey, u32, Vec<[usize; 2]>)>,
}

pub(super) fn record_hit(
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

/// Stems of the English function words counted by
/// [`Tally::function_words`](super::Tally::function_words).
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "to", "of", "for", "with", "you", "we", "our", "is", "are", "be", "this", "that",
    "your", "or", "at", "by", "from",
];

impl Classifier {
    /// Finds model terms in `text`, recording them in `found`; returns the number of words and
    /// of English function words.
    pub(super) fn find<'o>(
        &self,
        text: &str,
        field: Field,
        found: &mut Found,
        cache: &mut TermCache<WordInfo>,
        observing: Option<&mut Observing<'_, 'o>>,
    ) -> (usize, u32) {
        let Found {
            words,
            hit_index,
            hits,
        } = found;
        words.clear();
        // About one word per six bytes of text: sized once, not grown word by word.
        words.reserve(text.len() / 6);
        let mut function_words = 0u32;
        let word_info = |stem: &str| {
            let id = self.vocabulary.get(stem).copied().unwrap_or(NO_ID);
            let starts = |patterns: &[Vec<Pattern>]| {
                patterns.get(id as usize).is_some_and(|p| !p.is_empty())
            };
            WordInfo {
                id,
                numeric: stem.bytes().all(|b| b.is_ascii_digit()),
                starts_term: starts(&self.term_patterns),
                starts_cue: starts(&self.cue_patterns),
                function_word: stem.len() <= 4 && FUNCTION_WORDS.contains(&stem),
            }
        };
        let mut push = |info: WordInfo, start: usize, end: usize, boundary_before: bool| {
            function_words += u32::from(info.function_word);
            words.push(Word {
                id: info.id,
                start,
                end,
                boundary_before,
                numeric: info.numeric,
                starts_term: info.starts_term,
                starts_cue: info.starts_cue,
            })
        };
        match observing {
            // The caller wants every stem: memoise words with theirs.
            Some(Observing {
                observe,
                cache,
                stems,
            }) => {
                let stems = RefCell::new(&mut **stems);
                Analyzer.analyze_cached(
                    text,
                    cache,
                    |stem| {
                        let mut stems = stems.borrow_mut();
                        let stem_start = stems.len() as u32;
                        stems.push_str(stem);
                        ObservedWord {
                            info: word_info(stem),
                            stem_start,
                            stem_len: stem.len() as u32,
                        }
                    },
                    |word, at| {
                        let start = word.stem_start as usize;
                        observe(
                            field,
                            &stems.borrow()[start..start + word.stem_len as usize],
                        );
                        push(word.info, at.start, at.end, at.boundary_before)
                    },
                );
            }
            // Memoise words straight to what the scorer needs.
            None => Analyzer.analyze_cached(text, cache, word_info, |info, word| {
                push(info, word.start, word.end, word.boundary_before)
            }),
        }
        if self.options.mask_role_names && field == Field::Body {
            self.mask_role_names(words);
        }
        let words = &*words;
        if field == Field::Title {
            // A title is read by the title normaliser (see `title_identity`).
            return (words.len(), function_words);
        }

        let mut i = 0;
        while i < words.len() {
            if !words[i].starts_term {
                i += 1;
                continue;
            }
            let Some(p) = self.match_at(&self.term_patterns, words, i) else {
                i += 1;
                continue;
            };
            let Target::Term(term_index) = p.target else {
                unreachable!("term patterns hold terms")
            };
            let len = p.ids.len();
            let term = &self.model.terms[term_index as usize];
            let context = if term.category.names_a_role() {
                match self.role_context(text, words, i, len) {
                    // "PM" is a project manager as often as a product manager: never the
                    // posting's own role on its own.
                    Context::SelfDescription | Context::Experience if p.acronym => Context::Mention,
                    // Experience asked for as another trade ("years of project manager
                    // experience") is a skill product postings ask for too (see `Fields::new`).
                    Context::Experience if term.role == Role::Other => Context::Mention,
                    context => context,
                }
            } else {
                Context::Mention
            };
            let span = [words[i].start, words[i + len - 1].end];
            record_hit(
                hit_index,
                hits,
                (HitTarget::Term(term_index), field, context),
                span,
            );
            // "Product Manager/Owner": the next word completes a second role name that shares
            // this one's modifiers; both roles are named.
            if term.category == Category::RoleTitle {
                if let Some(next) = words.get(i + len).filter(|w| !w.boundary_before) {
                    let mut elided: Vec<u32> = p.ids[..len - 1].to_vec();
                    elided.push(next.id);
                    if let Some(&other) = self.elided_role_names.get(&elided) {
                        let span = [words[i].start, next.end];
                        record_hit(
                            hit_index,
                            hits,
                            (HitTarget::Term(other), field, context),
                            span,
                        );
                        i += 1;
                    }
                }
            }
            i += len;
        }
        self.find_occupations(text, words, hit_index, hits);
        self.find_fields(text, words, hit_index, hits);
        (words.len(), function_words)
    }

    /// Blanks out role and career titles, leftmost-longest among those terms alone, so a
    /// longer phrase that merely contains a role name cannot shield it.
    fn mask_role_names(&self, words: &mut [Word]) {
        let names_a_role = |p: &Pattern| match p.target {
            Target::Term(index) => self.model.terms[index as usize].category.names_a_role(),
            Target::Cue(_) => false,
        };
        let mut i = 0;
        while i < words.len() {
            match self.match_where(&self.term_patterns, words, i, names_a_role) {
                Some(p) => {
                    let len = p.ids.len();
                    for word in &mut words[i..i + len] {
                        word.id = NO_ID;
                        word.starts_term = false;
                        word.starts_cue = false;
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    pub(super) fn match_at<'p>(
        &self,
        patterns: &'p [Vec<Pattern>],
        words: &[Word],
        i: usize,
    ) -> Option<&'p Pattern> {
        self.match_where(patterns, words, i, |_| true)
    }

    /// The longest pattern accepted by `keep` that matches at word `i`.
    pub(super) fn match_where<'p>(
        &self,
        patterns: &'p [Vec<Pattern>],
        words: &[Word],
        i: usize,
        keep: impl Fn(&Pattern) -> bool,
    ) -> Option<&'p Pattern> {
        let first = words[i].id;
        if first == NO_ID {
            return None;
        }
        let after_number = i > 0 && words[i - 1].numeric && !words[i].boundary_before;
        patterns[first as usize].iter().find(|p| {
            let end = i + p.ids.len();
            if (p.acronym && after_number) || !keep(p) {
                return false;
            }
            end <= words.len()
                && words[i..end]
                    .iter()
                    .zip(p.ids.iter())
                    .all(|(w, id)| w.id == *id)
                && words[i + 1..end].iter().all(|w| !w.boundary_before)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stems_the_analyzer_produces() {
        for word in FUNCTION_WORDS {
            assert_eq!(Analyzer.stems(word), [word.to_string()]);
        }
    }
}
