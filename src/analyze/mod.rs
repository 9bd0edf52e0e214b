//! The one analyzer: what a term is, for the model, the scorer and the index alike.
//!
//! Pipeline: HTML → text (with an offset map, see [`html`]), split into words, lowercase,
//! respell British forms the American way and stem with rust-stemmers' English (Porter2)
//! algorithm, keeping a few words whole that Porter2 would merge with a role name (see
//! [`spelling`]). Phrases are matched later on the
//! resulting stem stream, so "prioritizing backlogs" and "backlog prioritization" share terms.
//!
//! Words are maximal runs of alphanumeric characters; an apostrophe between two letters stays
//! in the word (so the stemmer can drop a possessive `'s`), and so do combining marks after a
//! letter (an "é" written as "e" and a combining accent is one word, as is what capitals make
//! of a Greek "ῒ": a letter and two marks, so case never changes how many words a text has);
//! hyphens and slashes split ("PO/PM" → `po`, `pm`; "A/B testing" → `a`, `b`, `test`). Each
//! word records whether it was written in capitals (the title normaliser reads abbreviations
//! that way; scoring ignores case) and whether a sentence or line break precedes it (so context
//! cues do not reach across sentences).
//!
//! Stemming dominates the cost of analysis, so stems are memoised in a per-thread cache
//! (word → stem). Words repeat heavily in postings; the cache turns most stems into one hash
//! look-up. The cache is bounded and simply cleared when full.

pub mod html;
pub mod spelling;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

pub use html::CleanText;

/// The name under which the analyzer is registered with tantivy, and recorded in models.
pub const ANALYZER_NAME: &str = "rolesift_en";

/// Words longer than this (in bytes) are neither stemmed nor cached: they are not vocabulary,
/// and caching them would let one pathological input fill the cache.
const MAX_STEMMED_WORD: usize = 40;

/// Cache entries per thread before the cache is cleared (a few MB at most).
const STEM_CACHE_CAPACITY: usize = 200_000;

/// The analyzer's settings, recorded in every model so a model built by a different analyzer
/// is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerSettings {
    /// Registered name ([`ANALYZER_NAME`]).
    pub name: String,
    /// How words are split.
    pub tokenizer: String,
    /// Case folding.
    pub lowercase: bool,
    /// Stemmer crate and algorithm.
    pub stemmer: String,
    /// Whether HTML is cleaned before tokenizing.
    pub html: bool,
}

impl Default for AnalyzerSettings {
    fn default() -> Self {
        AnalyzerSettings {
            name: ANALYZER_NAME.to_string(),
            tokenizer: "unicode-alphanumeric-runs, inner apostrophes and combining marks kept"
                .to_string(),
            lowercase: true,
            stemmer: "rust-stemmers 1.x english (porter2); British spellings as American; \
                      management, production, productive, productivity kept whole"
                .to_string(),
            html: true,
        }
    }
}

/// One analysed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term<'a> {
    /// The stem (lowercased, stemmed).
    pub stem: &'a str,
    /// Byte offset of the word's start in the original text.
    pub start: usize,
    /// Byte offset just past the word's end in the original text.
    pub end: usize,
    /// The word was written in capitals (at least two letters, no lowercase).
    pub upper: bool,
    /// A sentence end, line break or list bullet stands between this word and the previous one
    /// (true for the first word).
    pub boundary_before: bool,
}

/// An owned [`Term`], for tests and callers that keep terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedTerm {
    /// The stem.
    pub stem: String,
    /// Byte offset of the word's start in the original text.
    pub start: usize,
    /// Byte offset just past the word's end in the original text.
    pub end: usize,
}

/// The analyzer. It has no state of its own (the stem cache is per thread), so it is free to
/// copy and share.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyzer;

impl Analyzer {
    /// The analyzer's settings, as recorded in models.
    pub fn settings(&self) -> AnalyzerSettings {
        AnalyzerSettings::default()
    }

    /// Calls `each` for every term of `text`, in order, with offsets into `text`.
    pub fn analyze(&self, text: &str, mut each: impl FnMut(Term<'_>)) {
        let clean = CleanText::new(text);
        let mapped = !std::ptr::eq(clean.text().as_ptr(), text.as_ptr());
        let mut mapper = clean.mapper();
        with_stem_cache(|cache| {
            for_each_word(clean.text(), |word| {
                let raw = &clean.text()[word.start..word.end];
                let stem = cache.stem(raw, word.plain);
                let (start, end) = if mapped {
                    mapper.to_original(word.start, word.end)
                } else {
                    (word.start, word.end)
                };
                each(Term {
                    stem,
                    start,
                    end,
                    upper: !word.plain && is_capitals(raw),
                    boundary_before: word.boundary_before,
                });
            });
        });
    }

    /// Like [`Analyzer::analyze`], but memoises a caller-chosen value per word instead of
    /// the stem: `make` sees a word's stem once, and later occurrences of the word cost one
    /// hash look-up. The scorer uses it to map words straight to vocabulary ids. The `Word`
    /// passed to `each` carries offsets into the original `text`.
    pub fn analyze_cached<T: Copy>(
        &self,
        text: &str,
        cache: &mut TermCache<T>,
        mut make: impl FnMut(&str) -> T,
        mut each: impl FnMut(T, Word),
    ) {
        let clean = CleanText::new(text);
        let mapped = !std::ptr::eq(clean.text().as_ptr(), text.as_ptr());
        let cleaned = clean.text();
        let mut mapper = clean.mapper();
        for_each_word(cleaned, |word| {
            let value = cache.get(&cleaned[word.start..word.end], word.plain, &mut make);
            let (start, end) = if mapped {
                mapper.to_original(word.start, word.end)
            } else {
                (word.start, word.end)
            };
            each(value, Word { start, end, ..word });
        });
    }

    /// The stems of `text`, in order.
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut stems = Vec::new();
        self.analyze(text, |t| stems.push(t.stem.to_string()));
        stems
    }

    /// The terms of `text`, owned.
    pub fn terms(&self, text: &str) -> Vec<OwnedTerm> {
        let mut terms = Vec::new();
        self.analyze(text, |t| {
            terms.push(OwnedTerm {
                stem: t.stem.to_string(),
                start: t.start,
                end: t.end,
            })
        });
        terms
    }
}

/// A word's position in the text it was split from, before stemming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// A sentence or line break precedes it.
    pub boundary_before: bool,
    /// Only lowercase ASCII letters and digits: already its own cache key.
    pub plain: bool,
}

/// Byte classes for the ASCII fast path of [`for_each_word`].
const SEPARATOR: u8 = 0;
const BOUNDARY: u8 = 1;
const LOWER_OR_DIGIT: u8 = 2;
const UPPER: u8 = 3;
const APOSTROPHE: u8 = 4;
const NON_ASCII: u8 = 5;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() {
            LOWER_OR_DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c == b'\'' {
            APOSTROPHE
        } else if matches!(c, b'.' | b'!' | b'?' | b';' | b':' | b'\n' | b'\r' | b'*') {
            BOUNDARY
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

/// Splits `text` into words (see the module doc for the rules).
///
/// The hot loop of analysis: ASCII bytes are classified by table, and only non-ASCII
/// characters are decoded.
pub fn for_each_word(text: &str, mut each: impl FnMut(Word)) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    let mut boundary = true;
    while i < len {
        match BYTE_CLASS[bytes[i] as usize] {
            LOWER_OR_DIGIT | UPPER => {}
            NON_ASCII => {
                let c = decode_at(text, i);
                if !c.is_alphanumeric() {
                    boundary |= is_unicode_boundary(c);
                    i += c.len_utf8();
                    continue;
                }
            }
            BOUNDARY => {
                boundary = true;
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        // A word starts at i.
        let start = i;
        let mut saw_upper = false;
        let mut saw_non_ascii = false;
        while i < len {
            // Most bytes of a word are lowercase letters and digits: skipped eight at a time,
            // then one at a time near the end of the text, without a dispatch on the byte's
            // class (which compiled to a jump per byte).
            if let Some(run) = bytes.get(i..i + 8) {
                let run = lower_or_digit_run(u64::from_le_bytes(run.try_into().unwrap()));
                i += run;
                if run == 8 {
                    continue;
                }
            }
            let b = bytes[i];
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                i += 1;
                continue;
            }
            match BYTE_CLASS[b as usize] {
                UPPER => {
                    saw_upper = true;
                    i += 1;
                }
                APOSTROPHE
                    if i > start
                        && bytes[i - 1].is_ascii_alphabetic()
                        && next_is_alphabetic(text, i + 1) =>
                {
                    saw_non_ascii = true; // not plain: the cache key must be normalised
                    i += 1;
                }
                NON_ASCII => {
                    let c = decode_at(text, i);
                    let joins = c.is_alphanumeric()
                        || is_combining_mark(c)
                        || (c == '\u{2019}'
                            && prev_is_alphabetic(text, i)
                            && next_is_alphabetic(text, i + c.len_utf8()));
                    if !joins {
                        break;
                    }
                    saw_non_ascii = true;
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
        each(Word {
            start,
            end: i,
            boundary_before: boundary,
            plain: !saw_upper && !saw_non_ascii,
        });
        boundary = false;
    }
}

/// How many of the eight bytes of `x` (first byte lowest), from the first, are ASCII lowercase
/// letters or digits.
fn lower_or_digit_run(x: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each byte's low seven bits, plus a constant below 128: no carry crosses into the next
    // byte, and the byte's high bit says whether it reached the constant's threshold.
    let low = x & !HIGH;
    let at_least = |c: u8| low + ONES * u64::from(128 - c);
    let lower = at_least(b'a') & !at_least(b'z' + 1);
    let digit = at_least(b'0') & !at_least(b'9' + 1);
    // Non-ASCII bytes (high bit set in `x`) are no lowercase letter or digit.
    let wanted = (lower | digit) & !x & HIGH;
    ((!wanted & HIGH).trailing_zeros() / 8) as usize
}

/// At least two letters and no lowercase letter.
fn is_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

fn prev_is_alphabetic(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
}

fn decode_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

fn next_is_alphabetic(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphabetic)
}

/// A combining mark of the blocks case mapping and decomposed accents use: it belongs to the
/// letter before it.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

fn is_unicode_boundary(c: char) -> bool {
    matches!(
        c,
        '•' | '·' | '▪' | '◦' | '●' | '‣' | '…' | '。' | '\u{2028}' | '\u{2029}' | '\u{85}'
    )
}

/// Lowercases `word` into `out`, turning the typographic apostrophe into `'`.
fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '\u{2019}' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// A memo of word → a value derived from its stem (see [`Analyzer::analyze_cached`]).
///
/// Keys are lowercased words; a word already in lowercase ASCII (most words) is looked up
/// without copying. Words of up to 23 bytes (nearly all) are keyed inline, as three machine
/// words: no pointer to chase and no `memcmp` on the hot path. Bounded: cleared when it
/// reaches its capacity.
pub struct TermCache<T> {
    stemmer: Stemmer,
    /// Words of at most 8 bytes (most words), keyed by their bytes as one integer (words hold
    /// no NUL, so zero padding is unambiguous).
    tiny: FxHashMap<u64, T>,
    short: FxHashMap<ShortKey, T>,
    long: FxHashMap<Box<str>, T>,
    lower: String,
}

/// A word of at most 23 bytes, zero-padded, its length in the last byte.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortKey([u64; 3]);

impl ShortKey {
    const MAX: usize = 23;

    fn new(word: &str) -> Option<ShortKey> {
        let bytes = word.as_bytes();
        if bytes.len() > Self::MAX {
            return None;
        }
        // Built in registers, 8 bytes at a time (a byte buffer read back as words stalls).
        let chunk = |i: usize| -> u64 {
            let from = (i * 8).min(bytes.len());
            let part = &bytes[from..(from + 8).min(bytes.len())];
            match <[u8; 8]>::try_from(part) {
                Ok(full) => u64::from_le_bytes(full),
                Err(_) => part
                    .iter()
                    .rev()
                    .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
            }
        };
        let len = (bytes.len() as u64) << 56;
        Some(ShortKey([chunk(0), chunk(1), chunk(2) | len]))
    }
}

impl<T: Copy> Default for TermCache<T> {
    fn default() -> Self {
        TermCache {
            stemmer: Stemmer::create(Algorithm::English),
            tiny: FxHashMap::default(),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            lower: String::new(),
        }
    }
}

impl<T: Copy> TermCache<T> {
    /// Forgets every memoised value (when the mapping changes).
    pub fn clear(&mut self) {
        self.tiny.clear();
        self.short.clear();
        self.long.clear();
    }

    fn get(&mut self, word: &str, plain: bool, make: &mut impl FnMut(&str) -> T) -> T {
        let key: &str = if plain {
            word
        } else {
            lowercase_into(word, &mut self.lower);
            &self.lower
        };
        let tiny = tiny_key(key);
        let short = if tiny.is_some() {
            None
        } else {
            ShortKey::new(key)
        };
        let cached = match (tiny, short) {
            (Some(tiny), _) => self.tiny.get(&tiny),
            (None, Some(short)) => self.short.get(&short),
            (None, None) => self.long.get(key),
        };
        if let Some(value) = cached {
            return *value;
        }
        if key.len() > MAX_STEMMED_WORD {
            return make(key);
        }
        let value = make(&spelling::stem(&self.stemmer, key));
        if self.tiny.len() + self.short.len() + self.long.len() >= STEM_CACHE_CAPACITY {
            self.tiny.clear();
            self.short.clear();
            self.long.clear();
        }
        match (tiny, short) {
            (Some(tiny), _) => {
                self.tiny.insert(tiny, value);
            }
            (None, Some(short)) => {
                self.short.insert(short, value);
            }
            (None, None) => {
                self.long.insert(key.into(), value);
            }
        }
        value
    }
}

/// A word of at most 8 bytes as one integer (little-endian, zero-padded).
fn tiny_key(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    match <[u8; 8]>::try_from(bytes) {
        Ok(full) => Some(u64::from_le_bytes(full)),
        Err(_) if bytes.len() < 8 => Some(
            bytes
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
        ),
        Err(_) => None,
    }
}

/// A per-thread memo of word → stem: a [`TermCache`] from words to positions in `stems`, so a
/// hit is one look-up with the cache's inline keys and hands out a reference.
struct StemCache {
    words: TermCache<u32>,
    stems: Vec<Box<str>>,
    /// Scratch for words too long to cache.
    uncached: String,
}

/// The position standing for "in `uncached`".
const UNCACHED: u32 = u32::MAX;

impl StemCache {
    fn new() -> Self {
        StemCache {
            words: TermCache::default(),
            stems: Vec::new(),
            uncached: String::new(),
        }
    }

    /// The stem of `word` (`plain`: already lowercase ASCII, see [`Word::plain`]).
    fn stem(&mut self, word: &str, plain: bool) -> &str {
        if self.stems.len() >= STEM_CACHE_CAPACITY {
            self.words.clear();
            self.stems.clear();
        }
        let (stems, uncached) = (&mut self.stems, &mut self.uncached);
        let at = self.words.get(word, plain, &mut |stem: &str| {
            if stem.len() > MAX_STEMMED_WORD {
                uncached.clear();
                uncached.push_str(stem);
                UNCACHED
            } else {
                stems.push(stem.into());
                (stems.len() - 1) as u32
            }
        });
        if at == UNCACHED {
            &self.uncached
        } else {
            &self.stems[at as usize]
        }
    }
}

thread_local! {
    static STEM_CACHE: RefCell<StemCache> = RefCell::new(StemCache::new());
}

/// Runs `f` with this thread's stem cache (or a fresh one if it is already in use, which only
/// happens when analysis is re-entered from inside a callback).
fn with_stem_cache<R>(f: impl FnOnce(&mut StemCache) -> R) -> R {
    let mut f = Some(f);
    let done = STEM_CACHE.with(|cell| {
        cell.try_borrow_mut()
            .ok()
            .map(|mut cache| (f.take().expect("called once"))(&mut cache))
    });
    match done {
        Some(r) => r,
        None => (f.take().expect("not yet called"))(&mut StemCache::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_marks_stay_in_their_word_whatever_the_case() {
        let words = |text: &str| {
            let mut words = Vec::new();
            for_each_word(text, |w| words.push(text[w.start..w.end].to_string()));
            words
        };
        // "ῒ" in capitals is a letter and two combining marks.
        for text in ["ῒਲ scrum", "ῒਲ scrum".to_uppercase().as_str()] {
            assert_eq!(words(text).len(), 2, "{text:?}: {:?}", words(text));
        }
        // A decomposed accent: one word.
        assert_eq!(words("cafe\u{301} au lait"), ["cafe\u{301}", "au", "lait"]);
        // A mark with no letter before it is no word.
        assert_eq!(words("\u{301} x"), ["x"]);
    }

    #[test]
    fn runs_of_lowercase_and_digits_are_counted_as_byte_by_byte() {
        let by_bytes = |b: [u8; 8]| {
            b.iter()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                .count()
        };
        let mut samples: Vec<[u8; 8]> = vec![*b"abcdefgh", *b"product ", *b"a9z0AZ{`", [0xff; 8]];
        // Every byte value at every position, among lowercase letters.
        for at in 0..8 {
            for value in 0..=255u8 {
                let mut b = *b"mnopqrst";
                b[at] = value;
                samples.push(b);
            }
        }
        for b in samples {
            assert_eq!(
                lower_or_digit_run(u64::from_le_bytes(b)),
                by_bytes(b),
                "{b:?}"
            );
        }
    }

    fn assert_stems(text: &str, want: &[&str]) {
        assert_eq!(Analyzer.stems(text), want, "stems of {text:?}");
    }

    #[test]
    fn words_lowercase_and_stem() {
        assert_stems("Prioritizing Backlogs", &["priorit", "backlog"]);
        assert_stems("backlog prioritization", &["backlog", "priorit"]);
        assert_stems(
            "user stories, User Story",
            &["user", "stori", "user", "stori"],
        );
        assert_stems("the product’s vision", &["the", "product", "vision"]);
        assert_stems("customer's needs", &["custom", "need"]);
    }

    #[test]
    fn hyphens_and_slashes_split() {
        assert_stems("PO/PM", &["po", "pm"]);
        assert_stems("road-map", &["road", "map"]);
        assert_stems("A/B testing", &["a", "b", "test"]);
        assert_stems("cross-functional", &["cross", "function"]);
    }

    #[test]
    fn acronyms_are_flagged_as_capitals() {
        let mut seen = Vec::new();
        Analyzer.analyze("PO, Po, CSPO, a TPM and KPIs, OKR", |t| {
            seen.push((t.stem.to_string(), t.upper))
        });
        assert_eq!(
            seen,
            [
                ("po".into(), true),
                ("po".into(), false),
                ("cspo".into(), true),
                ("a".into(), false),
                ("tpm".into(), true),
                ("and".into(), false),
                ("kpis".into(), false),
                ("okr".into(), true),
            ]
        );
    }

    #[test]
    fn html_is_cleaned_and_offsets_point_into_the_original() {
        let html = "<p>Own the <b>backlog</b> &amp; <script>roadmap()</script>vision</p>";
        let terms = Analyzer.terms(html);
        let words: Vec<&str> = terms.iter().map(|t| &html[t.start..t.end]).collect();
        assert_eq!(words, ["Own", "the", "backlog", "vision"]);
    }

    #[test]
    fn boundaries_mark_sentences_and_lines() {
        let mut flags = Vec::new();
        for_each_word("As a PO. You will\n• own it", |w| {
            flags.push(w.boundary_before)
        });
        assert_eq!(flags, [true, false, false, true, false, true, false]);
    }

    #[test]
    fn unicode_text_does_not_panic_and_keeps_offsets_on_char_boundaries() {
        let text =
            "Gerente de Produto — responsável pelo backlog; Produktmanager (m/w/d) 🚀 日本語";
        for t in Analyzer.terms(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert!(Analyzer.stems(text).contains(&"backlog".to_string()));
    }

    #[test]
    fn the_term_cache_maps_words_through_their_stems() {
        let mut cache = TermCache::<usize>::default();
        let mut seen = Vec::new();
        let mut calls = 0;
        let text = "<p>Backlogs backlog BACKLOG</p> roadmap";
        Analyzer.analyze_cached(
            text,
            &mut cache,
            |stem| {
                calls += 1;
                stem.len()
            },
            |len, word| seen.push((len, &text[word.start..word.end])),
        );
        assert_eq!(
            seen,
            [
                (7, "Backlogs"),
                (7, "backlog"),
                (7, "BACKLOG"),
                (7, "roadmap")
            ]
        );
        assert_eq!(
            calls, 3,
            "backlog is stemmed once (its upper-case form hits the cache)"
        );
    }

    #[test]
    fn very_long_words_are_kept_whole() {
        let word = "a".repeat(10_000);
        assert_eq!(Analyzer.stems(&word), [word]);
    }
}
