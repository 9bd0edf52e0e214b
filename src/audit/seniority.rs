//! Seniority cues in a posting's body, for the `seniority_contradicted` finding.
//!
//! A title's seniority ("Senior Product Owner") is a promise the body can contradict: "this is
//! an entry-level role", "0-2 years of experience", "new grads welcome" under a senior title,
//! or "10+ years of experience", "senior leadership experience" under a junior one. The body is
//! cleaned of HTML first ([`CleanText`]); spans point into the body as given.
//!
//! The detector is a small, fixed set of regular expressions ([`RULES`]), deliberately narrow:
//! a false "contradiction" costs an auditor more than a missed one. Two guards keep it narrow:
//!
//! * **Experience context.** A number of years counts only with the word "experience" close by
//!   (60 bytes after, or 40 before), so "founded 10+ years ago" is not a requirement; a range
//!   counts by its lower end ("2-5 years" is neither junior nor senior); years of the company
//!   or its founders ("founders with 20 years of combined experience") do not count.
//! * **Other people and negation.** A junior cue preceded, in its sentence, by a verb about other
//!   people ("mentor junior PMs", "hire new grads", "coach entry-level analysts") describes the
//!   team, not the role; any cue right after a negation ("not an entry-level role", "no 10+
//!   years needed") is dropped.
//!
//! The body may say both (postings that hire at several levels); [`contradiction`] then lowers
//! the finding's severity.

use super::title::Seniority;
use super::Severity;
use crate::analyze::html::CleanText;
use regex::{Regex, RegexBuilder};
use serde::Serialize;
use std::sync::LazyLock;

/// The level a body cue points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueLevel {
    /// Entry level, junior, graduate, 0–3 years.
    Junior,
    /// Five or more years, senior or executive leadership, a team of product managers to run.
    Senior,
}

impl CueLevel {
    /// The snake_case name, identical to the serialised form.
    pub fn as_str(self) -> &'static str {
        match self {
            CueLevel::Junior => "junior",
            CueLevel::Senior => "senior",
        }
    }
}

/// A phrase in the body that says how senior the role is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeniorityCue {
    /// The phrase as written (HTML removed).
    pub phrase: String,
    /// The level it points to.
    pub implies: CueLevel,
    /// Byte span `[start, end)` in the body as given.
    pub span: [usize; 2],
}

/// One detector rule: the level it signals, its pattern, and whether it is a number of years
/// that needs "experience" nearby.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The level a match points to.
    pub level: CueLevel,
    /// The pattern (case-insensitive).
    pub pattern: &'static str,
    /// A match counts only with "experience" nearby.
    pub years: bool,
}

const fn junior(pattern: &'static str, years: bool) -> Rule {
    Rule {
        level: CueLevel::Junior,
        pattern,
        years,
    }
}

const fn senior(pattern: &'static str, years: bool) -> Rule {
    Rule {
        level: CueLevel::Senior,
        pattern,
        years,
    }
}

/// The detector, documented rule by rule.
pub const RULES: &[Rule] = &[
    // "entry-level", "entry level"
    junior(r"\bentry[- ]level\b", false),
    // "junior-level", "junior role", "junior position"
    junior(r"\bjunior[- ](?:level|role|position)\b", false),
    // "as a junior product owner", "is a junior role", "be a junior"
    junior(r"\b(?:as|is|be)\s+an?\s+junior\b", false),
    // "new grads", "recent graduates"
    junior(r"\b(?:new|recent)\s+grad(?:uate)?s?\b", false),
    // "graduate scheme", "graduate programme", "graduate role"
    junior(
        r"\bgraduate\s+(?:scheme|program(?:me)?|role|position|intake)\b",
        false,
    ),
    // "0-2 years", "1 to 3 yrs"
    junior(
        r"\b[0-2]\s*(?:-|–|—|to)\s*[1-3]\s*\+?\s*(?:years?|yrs?)\b",
        true,
    ),
    // "less than 2 years", "up to one year"
    junior(
        r"\b(?:less than|under|up to|fewer than)\s+(?:[1-2]|one|two)\s+(?:years?|yrs?)\b",
        true,
    ),
    // "no prior experience required"
    junior(
        r"\bno\s+(?:prior\s+|previous\s+)?experience\s+(?:is\s+)?(?:required|necessary|needed)\b",
        false,
    ),
    // "5-7 years", "10 to 15 yrs"
    senior(
        r"\b(?:[5-9]|[1-3][0-9])\s*(?:-|–|—|to)\s*\d{1,2}\s*(?:years?|yrs?)\b",
        true,
    ),
    // "5+ years", "10 years", "12 plus yrs"
    senior(
        r"\b(?:[5-9]|[1-3][0-9])\s*(?:\+|plus)?\s*(?:years?|yrs?)\b",
        true,
    ),
    // "at least five years", "minimum of 7 years", "more than ten years"
    senior(
        r"\b(?:at least|minimum(?:\s+of)?|over|more than)\s+(?:five|six|seven|eight|nine|ten|twelve|fifteen)\s*(?:years?|yrs?)\b",
        true,
    ),
    // "senior leadership experience", "executive leadership role"
    senior(
        r"\b(?:senior|executive)\s+leadership\s+(?:role|position|experience)\b",
        false,
    ),
    // "experience in senior leadership", "background as an executive leader"
    senior(
        r"\b(?:experience|background)\s+(?:in|as)\s+(?:an?\s+)?(?:senior|executive)\s+leader(?:ship)?\b",
        false,
    ),
    // "manage a team of product managers", "lead a team of 6 PMs"
    senior(
        r"\b(?:manage|lead|build|grow)\s+a\s+team\s+of\s+(?:\w+\s+)?(?:product\s+managers|product\s+owners|PMs)\b",
        false,
    ),
];

static COMPILED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| {
            RegexBuilder::new(r.pattern)
                .case_insensitive(true)
                .build()
                .expect("seniority rules compile")
        })
        .collect()
});

/// Words about other people: a junior cue after one of these, in its sentence, is the team.
static OTHER_PEOPLE: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(
        r"\b(?:mentor\w*|coach\w*|manag\w*|lead\w*|guid\w*|support\w*|develop\w*|grow\w*|hir(?:e|es|ed|ing)|recruit\w*|train\w*|supervis\w*|oversee\w*|team of|work(?:ing)? with)\b",
    )
    .case_insensitive(true)
    .build()
    .expect("compiles")
});

/// A negation right before a cue (at most two words in between).
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"\b(?:not|no|non|never|isn't|aren't)\W+(?:\w+\W+){0,2}$")
        .case_insensitive(true)
        .build()
        .expect("compiles")
});

/// The text before the upper end of a range of years ("2-5 years"): not a cue on its own.
static RANGE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d\s*(?:-|–|—|to)\s*$").expect("compiles"));

/// Years that belong to the company or its founders ("founders with 20 years of combined
/// experience"), not to the role.
static COMPANY_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"\b(?:combined|founders?|founded|founding)\b")
        .case_insensitive(true)
        .build()
        .expect("compiles")
});

static EXPERIENCE: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"\bexperience")
        .case_insensitive(true)
        .build()
        .expect("compiles")
});

/// How far after a number of years "experience" may be.
const EXPERIENCE_AFTER_BYTES: usize = 60;
/// How far before a number of years "experience" may be ("Experience: 5+ years").
const EXPERIENCE_BEFORE_BYTES: usize = 40;
/// How far after a number of years "combined" may be.
const COMPANY_AFTER_BYTES: usize = 25;
/// How much of a cue's sentence is read for words about other people and negations.
const CONTEXT_BEFORE_BYTES: usize = 60;

/// Finds the seniority cues in a body (plain text or HTML), in body order.
pub fn cues(body: &str) -> Vec<SeniorityCue> {
    let clean = CleanText::new(body);
    let text = clean.text();
    let mut found: Vec<(usize, usize, CueLevel)> = Vec::new();
    for (rule, re) in RULES.iter().zip(COMPILED.iter()) {
        for m in re.find_iter(text) {
            let before = sentence_before(text, m.start());
            if NEGATED.is_match(before) {
                continue;
            }
            if rule.level == CueLevel::Junior && OTHER_PEOPLE.is_match(before) {
                continue;
            }
            if rule.years
                && (RANGE_START.is_match(before)
                    || COMPANY_YEARS.is_match(before)
                    || COMPANY_YEARS.is_match(after(text, m.end(), COMPANY_AFTER_BYTES))
                    || !near_experience(text, m.start(), m.end()))
            {
                continue;
            }
            found.push((m.start(), m.end(), rule.level));
        }
    }
    // Leftmost first, longest first; then drop matches overlapping an earlier one.
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out: Vec<SeniorityCue> = Vec::new();
    let mut covered = 0;
    for (start, end, level) in found {
        if start < covered {
            continue;
        }
        covered = end;
        let (s, e) = clean.to_original(start, end);
        out.push(SeniorityCue {
            phrase: text[start..end].to_string(),
            implies: level,
            span: [s, e],
        });
    }
    out
}

/// The text before `at` in its sentence, at most [`CONTEXT_BEFORE_BYTES`] long.
fn sentence_before(text: &str, at: usize) -> &str {
    let from = floor_boundary(text, at.saturating_sub(CONTEXT_BEFORE_BYTES));
    let window = &text[from..at];
    match window
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | '!' | '?' | '\n' | ';' | '•'))
    {
        Some((i, c)) => &window[i + c.len_utf8()..],
        None => window,
    }
}

/// Up to `len` bytes of `text` after `at`.
fn after(text: &str, at: usize, len: usize) -> &str {
    &text[at..ceil_boundary(text, at + len)]
}

fn near_experience(text: &str, start: usize, end: usize) -> bool {
    let from = floor_boundary(text, start.saturating_sub(EXPERIENCE_BEFORE_BYTES));
    let to = ceil_boundary(text, end + EXPERIENCE_AFTER_BYTES);
    EXPERIENCE.is_match(&text[from..to])
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether a title's seniority is contradicted by the body's cues; if so, the finding's
/// severity and the contradicting cues.
///
/// Titles at senior level or above (senior, lead, principal, director, VP, head, chief) are
/// contradicted by junior cues; intern and junior titles by senior cues; mid-level titles
/// (including titles naming no level) never. The finding is `medium`, or `low` when the body
/// also has cues that agree with the title (a posting hiring at several levels).
pub fn contradiction(
    title: Seniority,
    cues: &[SeniorityCue],
) -> Option<(Severity, Vec<SeniorityCue>)> {
    let against = if title >= Seniority::Senior {
        CueLevel::Junior
    } else if title <= Seniority::Junior {
        CueLevel::Senior
    } else {
        return None;
    };
    let (contra, agree): (Vec<&SeniorityCue>, Vec<&SeniorityCue>) =
        cues.iter().partition(|c| c.implies == against);
    if contra.is_empty() {
        return None;
    }
    let severity = if agree.is_empty() {
        Severity::Medium
    } else {
        Severity::Low
    };
    Some((severity, contra.into_iter().cloned().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(body: &str) -> Vec<(String, CueLevel)> {
        cues(body)
            .into_iter()
            .map(|c| (c.phrase, c.implies))
            .collect()
    }

    fn assert_cues(body: &str, want: &[(&str, CueLevel)]) {
        let want: Vec<(String, CueLevel)> = want.iter().map(|(p, l)| (p.to_string(), *l)).collect();
        assert_eq!(phrases(body), want, "{body:?}");
    }

    use CueLevel::{Junior as J, Senior as S};

    #[test]
    fn table_of_bodies() {
        let cases: &[(&str, &[(&str, CueLevel)])] = &[
            ("This is an entry-level role.", &[("entry-level", J)]),
            ("A junior position in our team.", &[("junior position", J)]),
            (
                "You will join as a junior product owner.",
                &[("as a junior", J)],
            ),
            ("New grads welcome!", &[("New grads", J)]),
            (
                "Part of our graduate programme.",
                &[("graduate programme", J)],
            ),
            ("0-2 years of experience in software.", &[("0-2 years", J)]),
            ("Experience: 1 to 3 yrs.", &[("1 to 3 yrs", J)]),
            (
                "No prior experience required.",
                &[("No prior experience required", J)],
            ),
            (
                "10+ years of product management experience.",
                &[("10+ years", S)],
            ),
            (
                "At least seven years of relevant experience.",
                &[("At least seven years", S)],
            ),
            ("Experience: 8 plus years.", &[("8 plus years", S)]),
            (
                "Proven senior leadership experience.",
                &[("senior leadership experience", S)],
            ),
            (
                "You will manage a team of product managers.",
                &[("manage a team of product managers", S)],
            ),
            (
                "You will lead a team of 6 PMs.",
                &[("lead a team of 6 PMs", S)],
            ),
            // Guards: other people, negation, no experience context.
            (
                "You will mentor junior product managers and entry-level analysts.",
                &[],
            ),
            ("Hire and coach new grads.", &[]),
            ("This is not an entry-level role.", &[]),
            ("Founded 12 years ago, we ship globally.", &[]),
            ("Present to senior leadership every month.", &[]),
            ("Own the backlog for 2 teams.", &[]),
            ("2-5 years of experience.", &[]),
            (
                "Our founders bring over 20 years in logistics software.",
                &[],
            ),
            (
                "Together our partners have 20+ years of combined industry know-how.",
                &[],
            ),
            ("5-8 years of experience.", &[("5-8 years", S)]),
            // A new sentence resets the other-people guard.
            (
                "We mentor everyone. This is an entry-level role.",
                &[("entry-level", J)],
            ),
            // Both kinds in one body, in body order.
            (
                "Entry level welcome. Seniors: 7+ years of experience.",
                &[("Entry level", J), ("7+ years", S)],
            ),
        ];
        for (body, want) in cases {
            assert_cues(body, want);
        }
    }

    #[test]
    fn spans_point_into_the_original_html() {
        let body = "<p>Great team.</p><p>This is an <b>entry-level</b> role.</p>";
        let found = cues(body);
        assert_eq!(found.len(), 1);
        let [s, e] = found[0].span;
        assert_eq!(&body[s..e], "entry-level");
        let plain = "We want 10+ years of experience.";
        let [s, e] = cues(plain)[0].span;
        assert_eq!(&plain[s..e], "10+ years");
    }

    #[test]
    fn contradiction_follows_the_title_level() {
        let junior_cue = cues("This is an entry-level role.");
        let senior_cue = cues("10+ years of experience required.");
        let both = cues("Entry level welcome. Seniors: 7+ years of experience.");
        let sev = |title, c: &[SeniorityCue]| contradiction(title, c).map(|(s, _)| s);
        assert_eq!(sev(Seniority::Senior, &junior_cue), Some(Severity::Medium));
        assert_eq!(sev(Seniority::Head, &junior_cue), Some(Severity::Medium));
        assert_eq!(sev(Seniority::Lead, &senior_cue), None);
        assert_eq!(sev(Seniority::Mid, &junior_cue), None);
        assert_eq!(sev(Seniority::Mid, &senior_cue), None);
        assert_eq!(sev(Seniority::Junior, &senior_cue), Some(Severity::Medium));
        assert_eq!(sev(Seniority::Intern, &senior_cue), Some(Severity::Medium));
        assert_eq!(sev(Seniority::Junior, &junior_cue), None);
        assert_eq!(sev(Seniority::Senior, &both), Some(Severity::Low));
        let (_, shown) = contradiction(Seniority::Senior, &both).unwrap();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].implies, CueLevel::Junior);
    }

    #[test]
    fn never_panics_on_awkward_text() {
        for body in [
            "",
            "é5+ years",
            "🚀🚀 0-2 years 🚀 experience",
            "experience 10+ years",
            "&amp; entry-level &lt;",
            "<b>",
            "We’re looking for:\n• 3-5 years of experience\n•entry-level",
            "•7+ years experience",
        ] {
            let _ = cues(body);
        }
        let long = "ü".repeat(100)
            + " 10+ years of "
            + &"ü".repeat(20)
            + " experience "
            + &"ü".repeat(100);
        assert_eq!(cues(&long).len(), 1);
    }
}
