//! Reading a prepared title: the phrases that name a role family and the words that name a
//! level, each checked in its context, and the precedence that picks one family and one level.
//!
//! Kept apart from the preparation and the rendering because this is where the decisions on
//! ambiguous titles (see the [module docs](super)) are made.

use super::clean::{at_segment_head, next_word};
use super::rules::{Check, DISCIPLINES, MENTIONS, NUMERAL, PROGRAM_CTX, PROJECT_CTX, SENIORITY};
use super::{Seniority, TitleFamily};
use std::ops::Range;

/// A phrase in the title that names a role family.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) range: Range<usize>,
    pub(super) family: TitleFamily,
    pub(super) implicit: Option<Seniority>,
}

pub(super) fn find_mentions(work: &str, segs: &[Range<usize>]) -> Vec<Mention> {
    let has_program = PROGRAM_CTX.is_match(work);
    let has_project = PROJECT_CTX.is_match(work);
    MENTIONS
        .find_all(work)
        .into_iter()
        .filter_map(|(range, rule)| {
            let text = &work[range.clone()];
            let inverted = text.contains(',') || text.contains(" - ");
            if inverted && !at_segment_head(work, segs, range.start) {
                return None; // "Engineering Manager, Product Platform"
            }
            let mut family = rule.family;
            let mut implicit = None;
            match rule.check {
                Check::Plain => {}
                Check::Implies(level) => implicit = Some(level),
                Check::NotDiscipline => {
                    if next_word(work, range.end, "")
                        .is_some_and(|w| DISCIPLINES.contains(&w.as_str()))
                    {
                        return None;
                    }
                }
                Check::TechnicalAfter => {
                    if next_word(work, range.end, ",(-:|").is_some_and(|w| w == "technical") {
                        family = TitleFamily::TechnicalProductManager;
                    }
                }
                Check::PmAcronym => {
                    if has_program {
                        family = TitleFamily::ProgramManager;
                    } else if has_project {
                        family = TitleFamily::ProjectManager;
                    }
                }
                Check::TpmAcronym => {
                    if has_program {
                        family = TitleFamily::ProgramManager;
                    }
                }
            }
            Some(Mention {
                range,
                family,
                implicit,
            })
        })
        .collect()
}

pub(super) fn find_seniority(work: &str) -> Vec<(Range<usize>, Seniority)> {
    SENIORITY
        .find_all(work)
        .into_iter()
        .filter(|(r, _)| {
            let text = work[r.clone()].to_ascii_lowercase();
            let next = next_word(work, r.end, "-");
            let next = next.as_deref().unwrap_or("");
            let rejected = match text.as_str() {
                "staff" => matches!(
                    next,
                    "nurse"
                        | "nurses"
                        | "accountant"
                        | "writer"
                        | "physician"
                        | "pharmacist"
                        | "member"
                        | "members"
                        | "sergeant"
                        | "augmentation"
                ),
                "lead" | "leads" => {
                    matches!(next, "generation" | "gen" | "generator" | "qualification")
                }
                "mid" => matches!(
                    next,
                    "market" | "size" | "sized" | "year" | "west" | "atlantic" | "term"
                ),
                _ => false,
            };
            !rejected
        })
        .collect()
}

/// Level numerals right after a role ("Product Manager II"), when nothing else follows in the
/// segment.
pub(super) fn numeral_after(
    work: &str,
    pos: usize,
    seg_end: usize,
) -> Option<(Range<usize>, Seniority)> {
    let rest = work.get(pos..seg_end)?;
    let caps = NUMERAL.captures(rest)?;
    let g = caps.get(1)?;
    if rest[g.end()..].chars().any(char::is_alphanumeric) {
        return None;
    }
    Some((pos + g.start()..pos + g.end(), numeral_level(g.as_str())))
}

/// Levels I–V (or 1–5) → junior, mid, senior, lead, principal.
pub(super) fn numeral_level(numeral: &str) -> Seniority {
    match numeral.to_ascii_lowercase().as_str() {
        "i" | "1" => Seniority::Junior,
        "ii" | "2" => Seniority::Mid,
        "iii" | "3" => Seniority::Senior,
        "iv" | "4" => Seniority::Lead,
        _ => Seniority::Principal,
    }
}

/// Decides the family from all mentions (see the precedence in the [module docs](super)) and
/// returns the mentions that support it.
pub(super) fn resolve(mentions: &[Mention]) -> (TitleFamily, Vec<Mention>) {
    use TitleFamily::*;
    let has = |f: TitleFamily| mentions.iter().any(|m| m.family == f);
    let manager_side = [
        ProductManager,
        TechnicalProductManager,
        AssociateProductManager,
        ProductLeadership,
    ]
    .into_iter()
    .any(has);
    if has(HybridPoPm) || (has(ProductOwner) && manager_side) {
        let chosen = mentions
            .iter()
            .filter(|m| m.family.is_product_role())
            .cloned()
            .collect();
        return (HybridPoPm, chosen);
    }
    const PRECEDENCE: [TitleFamily; 10] = [
        ProductManager,
        ProductOwner,
        TechnicalProductManager,
        AssociateProductManager,
        ProductLeadership,
        ProductMarketingManager,
        ProgramManager,
        ProjectManager,
        ScrumMaster,
        BusinessAnalyst,
    ];
    for family in PRECEDENCE {
        if has(family) {
            let chosen = mentions
                .iter()
                .filter(|m| m.family == family)
                .cloned()
                .collect();
            return (family, chosen);
        }
    }
    (Other, Vec::new())
}

/// The highest level, except that intern beats junior…senior.
pub(super) fn pick_level(levels: impl Iterator<Item = Seniority>) -> Option<Seniority> {
    let levels: Vec<Seniority> = levels.collect();
    let max = levels.iter().copied().max()?;
    if levels.contains(&Seniority::Intern) && max <= Seniority::Senior {
        Some(Seniority::Intern)
    } else {
        Some(max)
    }
}
