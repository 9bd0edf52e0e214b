//! Reading a role name in its context: the cue just before it (the posting's own role, a
//! colleague's, experience asked for), the body's heading, the plural; and the other
//! occupations a body describes itself with, and the product roles' fields it asks experience
//! in.
//!
//! Kept apart from finding the names (`find`) because this is where a found name's weight is
//! decided, from the sentence around it, and it is looked up only for role names, which are
//! few.

use super::compile::{Pattern, Target};
use super::find::{record_hit, HitKey, HitTarget, Word};
use super::{Classifier, Context, Field, NO_ID};
use crate::lexicon::{taxonomy, CueKind, Role};
use rustc_hash::FxHashMap;

/// How many words may stand between a cue and the role name it qualifies.
const CUE_WINDOW_WORDS: usize = 5;

/// A role name among the first words of the body's first line or sentence is its heading: the
/// posting names itself ("Senior Product Manager – Payments\nAbout us…").
const HEADING_WORDS: usize = 16;

/// A first line of at most this many words, with more text after it, is a heading line as a
/// whole, whatever dots it holds: `Acme - https://acme.io - Remote - Engineers and Product
/// Managers\n…` names the roles the posting hires.
const HEADING_LINE_WORDS: usize = 24;

/// Between a cue and an occupation, at most this many modifier words.
const MAX_OCCUPATION_MODIFIERS: usize = 2;

impl Classifier {
    /// How the body uses the role name at words `at..at + len`: the nearest cue decides; a role
    /// name heading the body is its own; a plural without either names colleagues.
    pub(super) fn role_context(
        &self,
        text: &str,
        words: &[Word],
        at: usize,
        len: usize,
    ) -> Context {
        match self.cue_context(words, at) {
            Context::Mention if is_heading(text, words, at) => Context::SelfDescription,
            // Colleagues, unless a cue says the posting hires them ("we are hiring product
            // managers") or the body's heading lists them among its roles.
            // So with experience asked for: "experience with product managers".
            Context::Mention | Context::Experience if is_plural(text, &words[at + len - 1]) => {
                Context::Collaborator
            }
            context => context,
        }
    }

    /// Other occupations the body uses to describe itself: a self-description cue ("as a",
    /// "we are looking for"), at most [`MAX_OCCUPATION_MODIFIERS`] modifier words, then an
    /// occupation's title in the singular ("as a senior data analyst you will…").
    pub(super) fn find_occupations(
        &self,
        text: &str,
        words: &[Word],
        hit_index: &mut FxHashMap<HitKey, usize>,
        hits: &mut Vec<(HitKey, u32, Vec<[usize; 2]>)>,
    ) {
        if self.occupations.is_empty() {
            return;
        }
        // The body's first words: a posting that opens with an occupation's title repeats its
        // own ("Frontend Developer – Mobile Apps\n…"), as a product role name heading the body
        // does.
        let mut record = |(index, span): (u32, [usize; 2])| {
            record_hit(
                hit_index,
                hits,
                (
                    HitTarget::Occupation(index),
                    Field::Body,
                    Context::SelfDescription,
                ),
                span,
            );
        };
        if let Some(found) = self.occupation_after(text, words, 0, true) {
            record(found);
        }
        for j in 0..words.len() {
            if !words[j].starts_cue {
                continue;
            }
            let Some(p) = self.match_at(&self.cue_patterns, words, j) else {
                continue;
            };
            if !matches!(p.target, Target::Cue(CueKind::SelfDescription)) {
                continue;
            }
            if let Some(found) = self.occupation_after(text, words, j + p.ids.len(), false) {
                record(found);
            }
        }
    }

    /// The occupation a posting names as its own from word `first` on (after a
    /// self-description cue, or at the body's start when `heading`): at most
    /// [`MAX_OCCUPATION_MODIFIERS`] modifier words, then an occupation's title in the singular,
    /// reading as a person and not as a relation. Its index and span.
    fn occupation_after(
        &self,
        text: &str,
        words: &[Word],
        first: usize,
        heading: bool,
    ) -> Option<(u32, [usize; 2])> {
        for at in first..=first + MAX_OCCUPATION_MODIFIERS {
            let word = words.get(at)?;
            if word.boundary_before && !(heading && at == 0) {
                return None;
            }
            if let Some((index, len)) = self.occupation_at(words, at) {
                // "as a product manager": the longer role name is ours, whatever shorter
                // occupation ("products") starts it.
                let product_role = self
                    .match_where(&self.term_patterns, words, at, |p| match p.target {
                        Target::Term(t) => {
                            let term = &self.model.terms[t as usize];
                            term.role != Role::Other && term.category.names_a_role()
                        }
                        Target::Cue(_) => false,
                    })
                    .is_some_and(|p| p.ids.len() >= len);
                if product_role {
                    return None;
                }
                let last = &words[at + len - 1];
                // A one-word title must read as a person: "software as a service" is not a
                // servicer, though both stem to "servic". So must a longer one that stems like
                // a product term: "software development" is no developer.
                let shares_a_term = self
                    .match_where(&self.term_patterns, words, at, |p| p.ids.len() == len)
                    .is_some();
                let person = (len > 1 && !shares_a_term)
                    || taxonomy::reads_as_person(&text[last.start..last.end].to_lowercase());
                // The cue must still be the one that governs the title: "has worked as a
                // business analyst" is a past role.
                let own = heading || self.cue_context(words, at) == Context::SelfDescription;
                // "As the operator of the network, we…", "as a member of the team": a relation,
                // not a job title (titles with "of" are matched whole).
                let relation = words
                    .get(at + len)
                    .is_some_and(|w| w.id == self.of_id && !w.boundary_before);
                return (person && own && !relation && !is_plural(text, last))
                    .then_some((index, [word.start, last.end]));
            }
            if !self.occupation_modifiers.contains(&word.id) {
                return None;
            }
        }
        None
    }

    /// Product roles' fields the body asks experience in ("5+ years of product management",
    /// "product management experience"): the role the posting is for. A field without such a
    /// requirement ("interest in product management") is no role name and not evidence.
    pub(super) fn find_fields(
        &self,
        text: &str,
        words: &[Word],
        hit_index: &mut FxHashMap<HitKey, usize>,
        hits: &mut Vec<(HitKey, u32, Vec<[usize; 2]>)>,
    ) {
        let fields = &self.fields;
        for (end, word) in words.iter().enumerate() {
            if word.id != fields.last_word {
                continue;
            }
            // The longest field ending here, within one sentence.
            let from = (end + 1).saturating_sub(fields.longest);
            let ids: Vec<u32> = words[from..=end].iter().map(|w| w.id).collect();
            let found = (from..end).find_map(|start| {
                let joined = words[start + 1..=end].iter().all(|w| !w.boundary_before);
                joined
                    .then(|| fields.by_stems.get(&ids[start - from..]))
                    .flatten()
                    .map(|&term| (start, term))
            });
            let Some((start, term)) = found else {
                continue;
            };
            let required = words
                .get(end + 1)
                .is_some_and(|w| !w.boundary_before && fields.requirement_words.contains(&w.id));
            // A heading line naming the field names the team the posting hires for ("Acme -
            // Remote - Engineering & Product Management").
            if required
                || self.governing_cue(words, start) == Some(CueKind::Experience)
                || in_heading_line(text, words, end)
            {
                record_hit(
                    hit_index,
                    hits,
                    (HitTarget::Term(term), Field::Body, Context::Experience),
                    [words[start].start, word.end],
                );
            }
        }
    }

    /// The longest occupation title starting at word `at`: (its index, its length in words).
    pub(super) fn occupation_at(&self, words: &[Word], at: usize) -> Option<(u32, usize)> {
        let mut key: Vec<u32> = Vec::with_capacity(self.longest_occupation);
        for (k, word) in words[at..].iter().take(self.longest_occupation).enumerate() {
            if word.id == NO_ID || (k > 0 && word.boundary_before) {
                break;
            }
            key.push(word.id);
        }
        (1..=key.len())
            .rev()
            .find_map(|len| self.occupations.get(&key[..len]).map(|&i| (i, len)))
    }

    /// The context of a role name at word `at`, from the nearest cue ending before it (at most
    /// [`CUE_WINDOW_WORDS`] words before, in the same sentence). Looked up only for role names,
    /// which are few, rather than matching cues all over the text.
    fn cue_context(&self, words: &[Word], at: usize) -> Context {
        match self.governing_cue(words, at) {
            None | Some(CueKind::PastRole) => Context::Mention,
            Some(CueKind::SelfDescription) => Context::SelfDescription,
            Some(CueKind::Collaborator) => Context::Collaborator,
            Some(CueKind::Experience) => Context::Experience,
        }
    }

    /// The kind of the nearest cue ending at most [`CUE_WINDOW_WORDS`] words before word `at`,
    /// in the same sentence.
    fn governing_cue(&self, words: &[Word], at: usize) -> Option<CueKind> {
        let from = at.saturating_sub(CUE_WINDOW_WORDS + self.longest_cue);
        let mut nearest: Option<(usize, usize, CueKind)> = None;
        let mut past_role_end = 0;
        for j in from..at {
            if !words[j].starts_cue {
                continue;
            }
            let fits = |p: &Pattern| j + p.ids.len() <= at;
            if let Some(p) = self.match_where(&self.cue_patterns, words, j, fits) {
                if let Target::Cue(kind) = p.target {
                    let end = j + p.ids.len();
                    if kind == CueKind::PastRole {
                        past_role_end = past_role_end.max(end);
                    }
                    if nearest.is_none_or(|(best, _, _)| end >= best) {
                        nearest = Some((end, j, kind));
                    }
                }
            }
        }
        // "experience as a": the past-role cue overlaps the "as a" that ends nearer.
        let nearest = nearest.map(|(end, start, kind)| match kind {
            CueKind::SelfDescription if past_role_end > start => (end, CueKind::PastRole),
            _ => (end, kind),
        });
        let (cue_end, kind) = nearest?;
        if at - cue_end > CUE_WINDOW_WORDS || words[cue_end..=at].iter().any(|w| w.boundary_before)
        {
            return None;
        }
        Some(kind)
    }
}

/// The word ends in a plural `s` ("managers", "POs"), not a possessive ("manager's").
fn is_plural(text: &str, word: &Word) -> bool {
    let bytes = &text.as_bytes()[word.start..word.end];
    matches!(bytes, [.., b, b's' | b'S'] if *b != b'\'' && *b != b's' && *b != b'S')
        && !text[word.start..word.end].ends_with("\u{2019}s")
}

/// The word at `at` heads the body: it is among the first [`HEADING_WORDS`] of the body's first
/// line or sentence, or in a short first line (see [`in_heading_line`]).
fn is_heading(text: &str, words: &[Word], at: usize) -> bool {
    (at < HEADING_WORDS && words[1..=at].iter().all(|w| !w.boundary_before))
        || in_heading_line(text, words, at)
}

/// The word at `at` is on the body's first line, and that line is at most
/// [`HEADING_LINE_WORDS`] long with more words after it: a heading, not the first sentence of a
/// paragraph. Counted in words, so the amount of whitespace does not matter.
fn in_heading_line(text: &str, words: &[Word], at: usize) -> bool {
    if at >= HEADING_LINE_WORDS {
        return false;
    }
    let bytes = text.as_bytes();
    (1..words.len().min(HEADING_LINE_WORDS + 1))
        .find(|&k| {
            bytes[words[k - 1].end..words[k].start]
                .iter()
                .any(|&b| b == b'\n' || b == b'\r')
        })
        .is_some_and(|line_end| at < line_end)
}

/// An occupation's evidence name: the words as written, lowercase, single-spaced.
pub(super) fn occupation_name(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
