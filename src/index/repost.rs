//! Reposts: the same posting indexed under different ids (a job board reposting it, boards
//! mirroring each other), found at index time so search can show one hit per group.
//!
//! **The rule.** Two postings are reposts of each other when
//!
//! 1. their titles are the same and their companies are the same, once case, punctuation
//!    and spacing are ignored ("Senior PM – Payments" and "senior pm payments"), and
//! 2. their bodies are near-identical: at least [`MIN_SHARED_SLOTS`] of the
//!    [`SKETCH_SLOTS`] slots of their MinHash sketches agree, an estimate of the share of
//!    three-word sequences the two bodies have in common (about 80%). The words are the
//!    analyzer's stems, so HTML is read as its text and "prioritise" meets "prioritize"; words
//!    with digits are left out first, so a new date, salary or reference number does not make
//!    a new posting.
//!
//! A title and company alone would merge a company's many "Software Engineer" openings; a body
//! alone would merge two companies posting the same agency text. Both together are what a
//! repost is.
//!
//! **How.** Each posting gets a key (title and company) and a sketch (one-permutation
//! MinHash: each shingle hashed once, the smallest hash kept in each of [`SKETCH_SLOTS`]
//! buckets), computed by the ingest's worker threads from the stems the classifier's pass
//! already produces ([`SketchBuilder`]), so the body is not read a second time. The writer's single
//! thread then looks for earlier postings sharing one of its [`BANDS`] band keys (key and a
//! band of the sketch), among this commit's postings and in the index, and gives the new
//! posting the group of the first one whose whole sketch agrees;
//! a posting with none starts its own group, named after its id. Hashes are FNV-1a, written
//! here rather than taken from a crate, because they are stored in the index and must not
//! change with a dependency's version.

use crate::analyze::html::CleanText;
use crate::posting::Posting;

/// Buckets in a body sketch. 32 slots estimate a Jaccard similarity of 0.8 within about ±0.07.
pub const SKETCH_SLOTS: usize = 32;

/// Words per shingle: three words catch a changed phrase without making every edit a new text.
pub const SHINGLE_WORDS: usize = 3;

/// Agreeing slots for two bodies to be near-identical: 26 of 32, about 80% of shingles shared.
pub const MIN_SHARED_SLOTS: usize = 26;

/// The sketch is cut into this many bands of [`SKETCH_SLOTS`] / `BANDS` slots each, and
/// earlier postings are looked up by band: a repost shares at least one whole band with the
/// posting it repeats (for bodies 80% alike, 1 − (1 − 0.8⁴)⁸ ≈ 98.5% of the time), while
/// postings that merely share a title and company rarely do, so a company's hundred
/// "Software Engineer" openings are not all compared with each other.
pub const BANDS: usize = 8;

/// A slot no shingle fell into (short bodies).
const EMPTY_SLOT: u32 = u32::MAX;

/// What identifies a posting as a repost: its title-and-company key and its body sketch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// FNV-1a of the normalised title and company.
    pub key: u64,
    /// The body's MinHash sketch.
    pub sketch: [u32; SKETCH_SLOTS],
}

/// Collects a body's stems, as the analyzer hands them out, into a [`Fingerprint`].
#[derive(Debug, Default)]
pub struct SketchBuilder {
    words: Vec<u64>,
}

impl SketchBuilder {
    /// Room for a body of `bytes` bytes (about one word per six bytes).
    pub fn with_capacity(bytes: usize) -> Self {
        SketchBuilder {
            words: Vec::with_capacity(bytes / 6),
        }
    }

    /// The body's next stem.
    pub fn push(&mut self, stem: &str) {
        if !stem.bytes().any(|b| b.is_ascii_digit()) {
            let mut h = Fnv::new();
            h.write(stem.as_bytes());
            self.words.push(h.finish());
        }
    }

    /// The fingerprint of `posting`, whose body's stems were pushed.
    pub fn finish(self, posting: &Posting) -> Fingerprint {
        let mut key = Fnv::new();
        for_each_word(&posting.title, |word| key.write(&word.to_le_bytes()));
        // Title words never run on into company words.
        key.write(&[0x1f]);
        let company = posting.company.as_deref().unwrap_or("");
        for_each_word(company, |word| key.write(&word.to_le_bytes()));
        Fingerprint {
            key: key.finish(),
            sketch: sketch(&self.words),
        }
    }
}

impl Fingerprint {
    /// The fingerprint of a posting (title, company and body as given).
    pub fn of(posting: &Posting) -> Self {
        let mut builder = SketchBuilder::with_capacity(posting.body.len());
        crate::analyze::Analyzer.analyze(&posting.body, |term| builder.push(term.stem));
        builder.finish(posting)
    }

    /// Whether `other` (a stored sketch) is near-identical to this body.
    ///
    /// Slots empty in both (a body too short to fill them) are left out of the count, so
    /// two short bodies must agree on the slots they have.
    pub fn matches(&self, other: &[u32; SKETCH_SLOTS]) -> bool {
        let filled = self
            .sketch
            .iter()
            .zip(other)
            .filter(|(a, b)| **a != EMPTY_SLOT || **b != EMPTY_SLOT)
            .count();
        let agree = self
            .sketch
            .iter()
            .zip(other)
            .filter(|(a, b)| a == b && **a != EMPTY_SLOT)
            .count();
        agree * SKETCH_SLOTS >= MIN_SHARED_SLOTS * filled
    }

    /// The lookup keys: one per band, each the title-and-company key with the band's slots.
    pub fn band_keys(&self) -> [u64; BANDS] {
        let rows = SKETCH_SLOTS / BANDS;
        std::array::from_fn(|band| {
            let mut h = Fnv::new();
            h.write(&self.key.to_le_bytes());
            h.write(&[band as u8]);
            for slot in &self.sketch[band * rows..(band + 1) * rows] {
                h.write(&slot.to_le_bytes());
            }
            mix(h.finish())
        })
    }

    /// The sketch as stored: one value per slot, `slot << 32 | value`, so the slots come
    /// back whatever order a multi-valued column keeps them in.
    pub fn sketch_values(&self) -> impl Iterator<Item = u64> + '_ {
        (0u64..)
            .zip(&self.sketch)
            .map(|(slot, &value)| slot << 32 | u64::from(value))
    }
}

/// A stored sketch back from its values (`None` when they are not a whole sketch).
pub fn sketch_from_values(values: impl Iterator<Item = u64>) -> Option<[u32; SKETCH_SLOTS]> {
    let mut sketch = [EMPTY_SLOT; SKETCH_SLOTS];
    let mut seen = 0usize;
    for value in values {
        let slot = usize::try_from(value >> 32)
            .ok()
            .filter(|&s| s < SKETCH_SLOTS)?;
        sketch[slot] = value as u32;
        seen += 1;
    }
    (seen == SKETCH_SLOTS).then_some(sketch)
}

/// The group a posting that is nobody's repost starts: named after its id.
pub fn group_of_id(id: &str) -> u64 {
    let mut h = Fnv::new();
    h.write(id.as_bytes());
    h.finish()
}

/// Calls `each` with the FNV-1a hash of every lower-cased word (a run of letters and
/// digits) of a title or company, HTML read as its text.
fn for_each_word(text: &str, mut each: impl FnMut(u64)) {
    let clean = CleanText::new(text);
    let mut hash = Fnv::new();
    let mut len = 0usize;
    let mut buf = [0u8; 4];
    for c in clean.text().chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                hash.write(lower.encode_utf8(&mut buf).as_bytes());
            }
            len += 1;
        } else if len > 0 {
            each(hash.finish());
            hash = Fnv::new();
            len = 0;
        }
    }
}

/// The one-permutation MinHash sketch of the shingles of a body's word hashes.
fn sketch(words: &[u64]) -> [u32; SKETCH_SLOTS] {
    let mut slots = [EMPTY_SLOT; SKETCH_SLOTS];
    let mut add = |shingle: &[u64]| {
        let mut h = Fnv::new();
        for word in shingle {
            h.write(&word.to_le_bytes());
        }
        let hash = mix(h.finish());
        // The top bits pick the slot, the low 32 bits are the value kept.
        let slot = (hash >> (64 - SKETCH_SLOTS.trailing_zeros())) as usize;
        let value = (hash as u32).min(EMPTY_SLOT - 1);
        slots[slot] = slots[slot].min(value);
    };
    if words.len() < SHINGLE_WORDS {
        if !words.is_empty() {
            add(words);
        }
    } else {
        words.windows(SHINGLE_WORDS).for_each(&mut add);
    }
    slots
}

/// SplitMix64's finaliser: FNV's low bits are weak, and the slot comes from the top bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(title: &str, company: &str, body: &str) -> Posting {
        Posting {
            title: title.into(),
            company: Some(company.into()),
            body: body.into(),
            ..Posting::default()
        }
    }

    const BODY: &str = "You will own the roadmap for our payments platform, talk to merchants \
        every week, write clear requirements with the engineering team, decide what we build \
        next and why, measure adoption after each release, and present the plan to the \
        leadership team each quarter. You have shipped software products before and enjoy \
        working with designers, engineers and sales colleagues across three offices.";

    #[test]
    fn a_repost_with_new_dates_and_spacing_is_the_same_posting() {
        let first = Fingerprint::of(&posting(
            "Senior Product Manager – Payments",
            "Acme GmbH",
            &format!("Posted 2026-01-04. {BODY} Salary 80,000 EUR."),
        ));
        let again = Fingerprint::of(&posting(
            "senior product manager payments",
            "ACME gmbh",
            &format!("<p>Posted 2026-03-19.</p> <p>{BODY}</p> Salary 85,000 EUR."),
        ));
        assert_eq!(first.key, again.key);
        assert!(first.matches(&again.sketch));
        let shared = first
            .band_keys()
            .iter()
            .filter(|k| again.band_keys().contains(k))
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn another_company_or_another_text_is_another_posting() {
        let first = Fingerprint::of(&posting("Product Manager", "Acme", BODY));
        let elsewhere = Fingerprint::of(&posting("Product Manager", "Globex", BODY));
        assert_ne!(first.key, elsewhere.key);
        assert!(first
            .band_keys()
            .iter()
            .all(|k| !elsewhere.band_keys().contains(k)));
        // Same title and company, half the text rewritten: a second opening, not a repost.
        let half = BODY.len() / 2;
        let rewritten = format!(
            "{} Our team in Lisbon looks after card issuing, fraud rules and the ledger, and \
             you will help them plan the year, hire two engineers and agree service levels \
             with our banking partners in four countries.",
            &BODY[..half]
        );
        let second = Fingerprint::of(&posting("Product Manager", "Acme", &rewritten));
        assert_eq!(first.key, second.key);
        assert!(!first.matches(&second.sketch));
    }

    #[test]
    fn sketches_survive_storage_and_short_bodies_have_one() {
        let f = Fingerprint::of(&posting("PM", "Acme", "Own the roadmap"));
        let mut values: Vec<u64> = f.sketch_values().collect();
        values.reverse();
        assert_eq!(sketch_from_values(values.into_iter()), Some(f.sketch));
        assert_eq!(sketch_from_values([1u64, 2, 3].into_iter()), None);
        let short = Fingerprint::of(&posting("PM", "Acme", "Roadmap"));
        assert!(short.matches(&short.sketch));
        assert!(!f.matches(&short.sketch));
    }
}
