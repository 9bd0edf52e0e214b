//! Preparing a title for reading: a working copy with the raw title's byte offsets, noise and
//! acronyms that do not count blanked out, and the segments between separators.
//!
//! Kept apart because every step here keeps offsets into the raw title valid (text is
//! overwritten, never removed), which is what lets evidence be quoted as written.

use super::rules::{
    ACRONYM, ACRONYM_SINGULARS, CONNECTORS, CPO_CTX, NOISE, PO_REJECT, PURCHASE_CTX, SENIORITY,
    SEP, TOKEN,
};
use std::ops::Range;

/// Maps the raw title to a working copy with the *same byte offsets*: letters, digits and ASCII
/// punctuation are kept, dashes/bullets/emoji/symbols become a `|` separator padded with
/// spaces, currency symbols become `$`, odd whitespace becomes spaces. Offsets into the copy
/// are therefore offsets into the raw title, which is how evidence is quoted as written.
pub(super) fn prepare(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let n = c.len_utf8();
        if c.is_ascii() {
            match c {
                '\n' | '\r' => out.push('|'),
                c if c.is_ascii_control() => out.push(' '),
                c => out.push(c),
            }
        } else if c.is_alphanumeric() || is_mark(c) {
            out.push(c);
        } else if c.is_whitespace()
            || matches!(
                c,
                '\u{2018}' | '\u{2019}' | '\u{00B4}' | '\u{00AD}' | '\u{200B}'
                    ..='\u{200F}' | '\u{2060}' | '\u{FE0E}' | '\u{FE0F}' | '\u{FEFF}'
            )
        {
            pad(&mut out, "", n);
        } else if matches!(c, '€' | '£' | '¥' | '₹' | '₽' | '₩' | '₪' | '₺' | '¢') {
            pad(&mut out, "$", n);
        } else {
            pad(&mut out, "|", n);
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn pad(out: &mut String, s: &str, width: usize) {
    out.push_str(s);
    for _ in s.len()..width {
        out.push(' ');
    }
}

/// Overwrites `range` with spaces (same byte length, so offsets stay valid).
fn blank(work: &mut String, range: Range<usize>) {
    if let Some(len) = work.get(range.clone()).map(str::len) {
        work.replace_range(range, &" ".repeat(len));
    }
}

pub(super) fn blank_noise(work: &mut String) {
    for re in NOISE.iter() {
        let ranges: Vec<Range<usize>> = re
            .captures_iter(work)
            .filter_map(|c| c.get(1).or_else(|| c.get(0)).map(|m| m.range()))
            .collect();
        for r in ranges {
            blank(work, r);
        }
    }
}

/// Blanks role acronyms that do not count (see the [module docs](super)).
pub(super) fn blank_invalid_acronyms(raw: &str, work: &mut String) {
    let has_upper = raw.chars().any(char::is_uppercase);
    let purchase = PURCHASE_CTX.is_match(work);
    let cpo_ctx = CPO_CTX.is_match(work);
    let only_acronyms = !has_upper && only_acronyms_and_levels(work);
    let mut kill = Vec::new();
    for m in ACRONYM.find_iter(work) {
        let text = m.as_str();
        let lower = text.to_ascii_lowercase();
        let singular = ACRONYM_SINGULARS.contains(&lower.as_str());
        let stem = if singular {
            lower.as_str()
        } else {
            &lower[..lower.len() - 1]
        };
        let well_cased = if singular {
            text.bytes().all(|b| b.is_ascii_uppercase()) || !has_upper
        } else {
            let (head, tail) = text.split_at(text.len() - 1);
            tail == "s" && head.bytes().all(|b| b.is_ascii_uppercase())
        };
        let fits = match stem {
            "pm" => !work[..m.start()]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit()),
            "po" => {
                !purchase
                    && !next_word(work, m.end(), "")
                        .is_some_and(|w| PO_REJECT.contains(&w.as_str()))
                    && (has_upper || only_acronyms)
            }
            "cpo" => !cpo_ctx,
            "ba" => !next_word(work, m.end(), "(")
                .is_some_and(|w| matches!(w.as_str(), "hons" | "honours" | "degree")),
            _ => true,
        };
        if !(well_cased && fits) {
            kill.push(m.range());
        }
    }
    for r in kill {
        blank(work, r);
    }
}

/// Whether the title is nothing but role acronyms, seniority words and connectors ("sr po").
fn only_acronyms_and_levels(work: &str) -> bool {
    let stripped = SENIORITY.re.replace_all(work, " ");
    let mut any = false;
    for t in TOKEN.find_iter(&stripped) {
        let t = t.as_str().to_lowercase();
        if matches!(t.as_str(), "po" | "pm" | "tpm" | "apm") {
            any = true;
        } else if !CONNECTORS.contains(&t.as_str()) {
            return false;
        }
    }
    any
}

/// Byte ranges of the segments between separators that contain at least one letter or digit.
pub(super) fn segments(work: &str) -> Vec<Range<usize>> {
    let mut segs = Vec::new();
    let mut last = 0;
    let mut push = |r: Range<usize>| {
        if work[r.clone()].chars().any(char::is_alphanumeric) {
            segs.push(r);
        }
    };
    for m in SEP.find_iter(work) {
        if m.start() > last {
            push(last..m.start());
        }
        last = last.max(m.end());
    }
    if last < work.len() {
        push(last..work.len());
    }
    segs
}

pub(super) fn seg_index(segs: &[Range<usize>], pos: usize) -> Option<usize> {
    segs.iter().position(|s| s.start <= pos && pos < s.end)
}

pub(super) fn within(r: &Range<usize>, area: &Range<usize>) -> bool {
    r.start >= area.start && r.end <= area.end
}

/// The next word after `pos`, lowercased, skipping whitespace and the characters in `skip`.
pub(super) fn next_word(work: &str, pos: usize, skip: &str) -> Option<String> {
    let rest = work
        .get(pos..)?
        .trim_start_matches(|c: char| c.is_whitespace() || skip.contains(c));
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    (!word.is_empty()).then(|| word.to_lowercase())
}

/// Whether everything before `pos` in its segment is seniority words ("Senior Manager, …").
pub(super) fn at_segment_head(work: &str, segs: &[Range<usize>], pos: usize) -> bool {
    let Some(seg) = seg_index(segs, pos).and_then(|i| segs.get(i)) else {
        return true;
    };
    let before = SENIORITY.re.replace_all(&work[seg.start..pos], " ");
    !before.chars().any(char::is_alphanumeric)
}

/// Whether a segment says nothing but a level ("Senior", "Junior/Mid", "Lead level").
pub(super) fn is_seniority_only(text: &str) -> bool {
    if !SENIORITY.re.is_match(text) {
        return false;
    }
    let stripped = SENIORITY.re.replace_all(text, " ");
    TOKEN
        .find_iter(&stripped)
        .all(|t| CONNECTORS.contains(&t.as_str().to_lowercase().as_str()))
}
