//! What a reading is reported as: the cleaned role text with abbreviations expanded, the
//! specialisations, and the evidence quoted from the raw title.
//!
//! Kept apart because it only presents what has been decided: nothing here changes the family
//! or the level.

use super::rules::{SPECS, SPEC_SET, TOKEN};
use super::TitleFamily;
use std::collections::BTreeSet;
use std::ops::Range;

/// Renders the role spans: tokens lowercased, abbreviations expanded, spans joined by " / ".
pub(super) fn render(work: &str, mut spans: Vec<Range<usize>>, family: TitleFamily) -> String {
    spans.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let parts: Vec<String> = merged
        .iter()
        .filter_map(|r| {
            let text = work.get(r.clone())?;
            let words: Vec<String> = TOKEN
                .find_iter(text)
                .map(|t| expand(&t.as_str().to_lowercase(), family))
                .collect();
            let start = words.iter().position(|w| w != "/" && w != "&")?;
            let end = words.iter().rposition(|w| w != "/" && w != "&")?;
            Some(words[start..=end].join(" "))
        })
        .fold(Vec::new(), |mut acc, part| {
            if !acc.contains(&part) {
                acc.push(part); // "Project Manager (PM)" renders once
            }
            acc
        });
    parts
        .join(" / ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn expand(token: &str, family: TitleFamily) -> String {
    let program = family == TitleFamily::ProgramManager;
    let word = match token {
        "sr" | "snr" => "senior",
        "jr" | "jnr" => "junior",
        "mgr" | "mgrs" | "mngr" | "mngrs" | "managers" => "manager",
        "mgmt" => "management",
        "dir" => "director",
        "vp" | "vps" => "vice president",
        "svp" => "senior vice president",
        "evp" => "executive vice president",
        "avp" => "assistant vice president",
        "po" | "pos" => "product owner",
        "pm" | "pms" => match family {
            TitleFamily::ProjectManager => "project manager",
            TitleFamily::ProgramManager => "program manager",
            _ => "product manager",
        },
        "tpm" | "tpms" if program => "technical program manager",
        "tpm" | "tpms" => "technical product manager",
        "apm" | "apms" => "associate product manager",
        "pmm" | "pmms" => "product marketing manager",
        "cpo" | "cpos" => "chief product officer",
        "gpm" | "gpms" => "group product manager",
        "prod" => "product",
        "ba" | "bas" => "business analyst",
        "pmo" => "project management office",
        "owners" => "owner",
        "masters" => "master",
        "analysts" => "analyst",
        "engineers" => "engineer",
        "designers" => "designer",
        "developers" => "developer",
        "scientists" => "scientist",
        "directors" => "director",
        "coaches" => "coach",
        "leads" => "lead",
        "interns" => "intern",
        other if other.starts_with("product-") || other.starts_with("scrum-") => {
            return other.replace('-', " ");
        }
        other => other,
    };
    word.to_string()
}

pub(super) fn specializations(work: &str, family: TitleFamily) -> Vec<String> {
    let mut found: BTreeSet<&'static str> = SPEC_SET
        .matches(work)
        .into_iter()
        .filter_map(|i| SPECS.get(i).map(|(name, _)| *name))
        .collect();
    if family == TitleFamily::TechnicalProductManager {
        found.insert("technical");
    }
    found.into_iter().map(str::to_string).collect()
}

/// Quotes the evidence ranges from the raw title: title order, phrases inside a longer
/// phrase dropped, duplicates dropped.
pub(super) fn evidence_strings(raw: &str, mut ranges: Vec<Range<usize>>) -> Vec<String> {
    ranges.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<String> = Vec::new();
    let mut reach = 0;
    for r in ranges {
        if r.end <= reach {
            continue; // inside an earlier, longer phrase
        }
        reach = r.end;
        let s = raw_slice(raw, &r).trim();
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    out
}

/// `raw[range]`, widened to character boundaries if needed (never panics).
fn raw_slice<'a>(raw: &'a str, range: &Range<usize>) -> &'a str {
    let mut start = range.start.min(raw.len());
    while !raw.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.min(raw.len()).max(start);
    while !raw.is_char_boundary(end) {
        end += 1;
    }
    &raw[start..end]
}
