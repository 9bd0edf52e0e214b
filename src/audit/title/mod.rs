//! Title normalisation for the title-versus-content audit.
//!
//! A posting's title is a promise ("Senior Product Owner") and its body is the evidence. The
//! audit compares what the title promises with what the body describes, so it first needs a
//! clean reading of the title. Titles are noisy: gender tags (`(m/w/d)`, `(H/F)`), locations,
//! salaries, requisition numbers, contract types, emoji, shouting capitals, abbreviations
//! (`Sr. PM`, `Prod Mgr`), other languages (`Produktmanager`, `Gerente de Produto`) and
//! Hacker-News-style headers that list several roles at once. [`normalize_title`] strips that
//! noise and reduces a title to a [`TitleFamily`], a [`Seniority`], a sorted set of
//! specialisations and the raw phrases that decided family and seniority, so the audit can show
//! *why* it reads the title the way it does. It is pure, allocation-light and never panics.
//!
//! # Decisions on ambiguous titles
//!
//! * **Hybrid**: explicit forms ("Product Manager/Owner", "Product Owner & Manager") or a title
//!   that names a product owner *and* any manager-side product family (product manager, TPM,
//!   APM, product leadership), e.g. "PO/PM" or "Head of Product / Product Owner".
//! * **Several roles named** (HN headers): product families beat non-product ones; among them
//!   product manager > product owner > TPM > APM > product leadership; among the rest product
//!   marketing > program > project > scrum master > business analyst.
//! * **Group product manager / GPM** and **"Product Lead"** are product managers with seniority
//!   lead. **"Product Portfolio Manager"** is a product manager; a bare "Portfolio Manager" or
//!   "Portfolio Owner" (finance or SAFe governance) is other.
//! * **"Head of Product Owners"** and **"Chief Product Owner"** stay product owners (seniority
//!   head / chief). Head/Director/VP *of Product Design, Engineering, Analytics, …* lead another
//!   discipline and are other; *of Product Marketing* is product marketing.
//! * **TPM** alone is a technical product manager unless "program(me)" appears in the title, in
//!   which case it is a technical program manager (program manager family). The bare acronym
//!   **PM** likewise becomes program manager with "program" in the title, and project manager
//!   with "project" or construction context ("Construction PM").
//! * **Junior / graduate / entry-level product manager** is the associate-product-manager family
//!   (any product manager title whose seniority resolves to junior).
//! * **Agile coach** and **Release Train Engineer** are scrum masters. **Product analyst** is
//!   other (an analytics role, not requirements work); the business-analyst family is business
//!   (systems) analyst, functional analyst, requirements engineer and "BA".
//! * **Seniority** is the highest level named near the role, except that intern beats
//!   junior…senior ("Graduate Intern" → intern). Levels I–V after the role map to
//!   junior/mid/senior/lead/principal. A seniority word in a segment of its own ("(Senior)")
//!   counts when the role's own segment names none.
//! * **Acronyms** count only in capitals (plural with a lowercase `s`, "PMs"), or anywhere in an
//!   all-lowercase title — except lowercase "po", which counts only when the title is nothing
//!   but acronyms and seniority words ("sr po"). "5 PM", "PO Box" and purchase-order contexts
//!   are not roles.

mod clean;
mod family;
mod find;
mod render;
mod rules;

pub use family::{Seniority, TitleFamily};
pub use rules::ACRONYM_SINGULARS;

use clean::{
    blank_invalid_acronyms, blank_noise, is_seniority_only, prepare, seg_index, segments, within,
};
use find::{find_mentions, find_seniority, numeral_after, numeral_level, pick_level, resolve};
use render::{evidence_strings, render, specializations};
use rules::{ROLE_NOUN, ROMAN_LEVEL};
use serde::Serialize;
use std::ops::Range;

/// A job title reduced to what the audit needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormalizedTitle {
    /// The title exactly as given.
    pub raw: String,
    /// The role part after noise removal: lowercase, single-spaced, abbreviations expanded
    /// (e.g. "senior product manager"). Several role parts are joined with " / ".
    pub cleaned: String,
    /// The role family the title names.
    pub family: TitleFamily,
    /// The seniority the title names ([`Seniority::Mid`] when it names none).
    pub seniority: Seniority,
    /// Specialisations from a fixed snake_case vocabulary (technical, growth, data, platform,
    /// ai_ml, payments, mobile, api, security, b2b, b2c, enterprise, ecommerce, fintech,
    /// insurance, healthcare, infrastructure, cloud, saas, analytics, core, internal_tools, ux,
    /// developer_tools, search, marketplace, ads, monetization, crm, erp, logistics, hardware,
    /// gaming, edtech, compliance), sorted and deduplicated.
    pub specializations: Vec<String>,
    /// The phrases that set family and seniority, as written in the raw title, in title order
    /// (e.g. `["Sr.", "PM"]`).
    pub evidence: Vec<String>,
}

/// Normalises a job title: strips noise, expands abbreviations and decides family, seniority
/// and specialisations. Never panics, whatever the input.
pub fn normalize_title(raw: &str) -> NormalizedTitle {
    let mut work = prepare(raw);
    blank_noise(&mut work);
    blank_invalid_acronyms(raw, &mut work);
    let segs = segments(&work);
    let mentions = find_mentions(&work, &segs);
    let hits = find_seniority(&work);
    let (family, chosen) = resolve(&mentions);

    // Where to look for seniority (`sen`) and what to render as `cleaned` (`clean`).
    let mut sen_areas: Vec<Range<usize>> = Vec::new();
    let mut clean_spans: Vec<Range<usize>> = Vec::new();
    let mut candidates: Vec<(Range<usize>, Seniority)> = Vec::new();
    for m in &chosen {
        let lo = seg_index(&segs, m.range.start).unwrap_or(0);
        let hi = seg_index(&segs, m.range.end.saturating_sub(1)).unwrap_or(lo);
        let (Some(first), Some(last)) = (segs.get(lo), segs.get(hi)) else {
            continue;
        };
        let area = first.start..last.end.max(first.end);
        let mut clean_end = m.range.end;
        if let Some((r, level)) = numeral_after(&work, m.range.end, area.end) {
            clean_end = clean_end.max(r.end);
            candidates.push((r, level));
        }
        for (r, _) in &hits {
            if r.start >= m.range.end && r.end <= area.end {
                clean_end = clean_end.max(r.end);
            }
        }
        if let Some(level) = m.implicit {
            candidates.push((m.range.clone(), level));
        }
        clean_spans.push(first.start..clean_end);
        sen_areas.push(area);
    }
    if chosen.is_empty() {
        // No family named: the first segment that looks like a role, not just a level.
        let substantive: Vec<&Range<usize>> = segs
            .iter()
            .filter(|s| !is_seniority_only(&work[(*s).clone()]))
            .collect();
        let pick = substantive
            .iter()
            .find(|s| ROLE_NOUN.is_match(&work[(**s).clone()]))
            .or_else(|| {
                substantive
                    .iter()
                    .find(|s| hits.iter().any(|(r, _)| within(r, s)))
            })
            .or_else(|| substantive.first())
            .copied()
            .or_else(|| segs.first());
        if let Some(s) = pick {
            if let Some(level) = ROMAN_LEVEL
                .captures(&work[s.clone()])
                .and_then(|c| c.get(1))
            {
                let r = s.start + level.start()..s.start + level.end();
                candidates.push((r.clone(), numeral_level(level.as_str())));
            }
            sen_areas.push(s.clone());
            clean_spans.push(s.clone());
        }
    }
    candidates.extend(
        hits.iter()
            .filter(|(r, _)| sen_areas.iter().any(|a| within(r, a)))
            .cloned(),
    );
    if candidates.is_empty() {
        // "Product Owner (Senior)": a segment that says nothing but a level.
        candidates.extend(
            hits.iter()
                .filter(|(r, _)| {
                    segs.iter()
                        .any(|s| within(r, s) && is_seniority_only(&work[s.clone()]))
                })
                .cloned(),
        );
    }
    if candidates.is_empty() {
        // "Sr Business Analyst / Product Owner": the level sits with another role named just
        // before, joined by a slash.
        for m in &chosen {
            let Some(i) = seg_index(&segs, m.range.start) else {
                continue;
            };
            let (Some(prev), Some(cur)) = (i.checked_sub(1).and_then(|j| segs.get(j)), segs.get(i))
            else {
                continue;
            };
            let joined = work
                .get(prev.end..cur.start)
                .is_some_and(|gap| gap.contains('/'));
            if joined && mentions.iter().any(|o| within(&o.range, prev)) {
                candidates.extend(hits.iter().filter(|(r, _)| within(r, prev)).cloned());
            }
        }
    }
    let seniority = pick_level(candidates.iter().map(|(_, l)| *l)).unwrap_or(Seniority::Mid);
    let family = if family == TitleFamily::ProductManager && seniority == Seniority::Junior {
        TitleFamily::AssociateProductManager
    } else {
        family
    };

    let mut evidence_ranges: Vec<Range<usize>> = chosen.iter().map(|m| m.range.clone()).collect();
    evidence_ranges.extend(
        candidates
            .iter()
            .filter(|(_, l)| *l == seniority)
            .map(|(r, _)| r.clone()),
    );

    NormalizedTitle {
        raw: raw.to_string(),
        cleaned: render(&work, clean_spans, family),
        family,
        seniority,
        specializations: specializations(&work, family),
        evidence: evidence_strings(raw, evidence_ranges),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Seniority as S;
    use TitleFamily as F;

    /// (raw title, family, seniority, specialisations)
    #[rustfmt::skip]
    const CASES: &[(&str, F, S, &[&str])] = &[
        // --- product owners
        ("Product Owner", F::ProductOwner, S::Mid, &[]),
        ("Senior Product Owner (m/w/d)", F::ProductOwner, S::Senior, &[]),
        ("SENIOR PRODUCT OWNER", F::ProductOwner, S::Senior, &[]),
        ("Technical Product Owner - Payments Platform", F::ProductOwner, S::Mid, &["payments", "platform", "technical"]),
        ("Lead Product Owner | Berlin | Full-time", F::ProductOwner, S::Lead, &[]),
        ("Product Owner (w/m/d) – Data & Analytics", F::ProductOwner, S::Mid, &["analytics", "data"]),
        ("Junior Product Owner E-Commerce (all genders)", F::ProductOwner, S::Junior, &["ecommerce"]),
        ("Produktowner Mobile Apps (m/w/d) in Hamburg", F::ProductOwner, S::Mid, &["mobile"]),
        ("Product Owner Sênior - Pagamentos | CLT", F::ProductOwner, S::Senior, &["payments"]),
        ("Dono do Produto Pleno", F::ProductOwner, S::Mid, &[]),
        ("Associate Product Owner, Internal Tools", F::ProductOwner, S::Junior, &["internal_tools"]),
        ("Sr. PO - Core Banking (Contract)", F::ProductOwner, S::Senior, &["core", "fintech"]),
        ("Head of Product Owners", F::ProductOwner, S::Head, &[]),
        ("Chief Product Owner (SAFe)", F::ProductOwner, S::Chief, &[]),
        ("Werkstudent Product Owner (m/w/d)", F::ProductOwner, S::Intern, &[]),
        ("Product Owner II, Search", F::ProductOwner, S::Mid, &["search"]),
        ("Proxy Product Owner – Salesforce CRM", F::ProductOwner, S::Mid, &["crm"]),
        ("Trainee Product Owner Digital Banking", F::ProductOwner, S::Intern, &["fintech"]),
        ("Product Owner (Senior) (f/m/x) REQ-20931", F::ProductOwner, S::Senior, &[]),
        ("Freelance Product Owner SAP S/4HANA", F::ProductOwner, S::Mid, &["erp"]),
        ("sr po", F::ProductOwner, S::Senior, &[]),
        // --- product managers
        ("Product Manager", F::ProductManager, S::Mid, &[]),
        ("Sr. Product Manager - Payments", F::ProductManager, S::Senior, &["payments"]),
        ("Senior Product Manager, Growth | Remote | €90k-110k", F::ProductManager, S::Senior, &["growth"]),
        ("Principal Product Manager – AI/ML Platform", F::ProductManager, S::Principal, &["ai_ml", "platform"]),
        ("Staff Product Manager (Developer Experience)", F::ProductManager, S::Principal, &["developer_tools"]),
        ("Lead PM, Checkout", F::ProductManager, S::Lead, &["payments"]),
        ("Group Product Manager - Marketplace", F::ProductManager, S::Lead, &["marketplace"]),
        ("GPM, Ads Ranking", F::ProductManager, S::Lead, &["ads"]),
        ("Product Manager II", F::ProductManager, S::Mid, &[]),
        ("Product Manager III - Billing", F::ProductManager, S::Senior, &["payments"]),
        ("Prod Mgr, B2B SaaS", F::ProductManager, S::Mid, &["b2b", "saas"]),
        ("Senior Product Mgr. (Enterprise)", F::ProductManager, S::Senior, &["enterprise"]),
        ("Produktmanager (m/w/d) Healthcare Software", F::ProductManager, S::Mid, &["healthcare"]),
        ("Senior Produktmanagerin Versicherungen", F::ProductManager, S::Senior, &["insurance"]),
        ("Gerente de Produto Sênior", F::ProductManager, S::Senior, &[]),
        ("Gerente de Produto | PJ | Remoto", F::ProductManager, S::Mid, &[]),
        ("Jefe de Producto Digital", F::ProductManager, S::Mid, &[]),
        ("Chef de produit (H/F) - CDI", F::ProductManager, S::Mid, &[]),
        ("Product Lead, Consumer Mobile", F::ProductManager, S::Lead, &["b2c", "mobile"]),
        ("Product Manager Intern (Summer 2026)", F::ProductManager, S::Intern, &[]),
        ("Product Management Intern", F::ProductManager, S::Intern, &[]),
        ("Internship - Product Management", F::ProductManager, S::Intern, &[]),
        ("Senior Manager, Product Management", F::ProductManager, S::Senior, &[]),
        ("Senior Manager - Product", F::ProductManager, S::Senior, &[]),
        ("sr pm", F::ProductManager, S::Senior, &[]),
        ("🚀 Senior PM @ fast-growing fintech 🚀", F::ProductManager, S::Senior, &["fintech"]),
        ("Product Manager - Identity & Access", F::ProductManager, S::Mid, &["security"]),
        ("Product Manager (Data Platform) #4821", F::ProductManager, S::Mid, &["data", "platform"]),
        ("PM-1234 Product Manager (m/w/d) Job-ID: PM-2024-17", F::ProductManager, S::Mid, &[]),
        ("Product Manager, API Platform — Job ID 99812", F::ProductManager, S::Mid, &["api", "platform"]),
        ("Product Portfolio Manager - Industrial IoT", F::ProductManager, S::Mid, &["hardware"]),
        ("Product Manager - 9am to 5pm shifts", F::ProductManager, S::Mid, &[]),
        ("Acme (YC W20) | Senior Engineers, Product Manager, Head of Product | SF", F::ProductManager, S::Mid, &[]),
        ("Acme | Product Designer, Technical Program Manager, Product Manager | NYC", F::ProductManager, S::Mid, &["technical"]),
        ("We're hiring: Product Manager (Search & Discovery)", F::ProductManager, S::Mid, &["search"]),
        ("产品经理", F::ProductManager, S::Mid, &[]),
        ("高级产品经理", F::ProductManager, S::Senior, &[]),
        ("プロダクトマネージャー", F::ProductManager, S::Mid, &[]),
        // --- hybrids
        ("Product Manager/Owner", F::HybridPoPm, S::Mid, &[]),
        ("Product Owner / Product Manager", F::HybridPoPm, S::Mid, &[]),
        ("PO/PM - Logistics SaaS", F::HybridPoPm, S::Mid, &["logistics", "saas"]),
        ("Product Owner & Manager (f/m/x)", F::HybridPoPm, S::Mid, &[]),
        ("Senior Product Owner/Product Manager - eCommerce", F::HybridPoPm, S::Senior, &["ecommerce"]),
        ("Technical Product Manager / Owner, Payments APIs", F::HybridPoPm, S::Mid, &["api", "payments", "technical"]),
        ("Acme | Product Owners, Product Managers, Engineers | Remote (EU)", F::HybridPoPm, S::Mid, &[]),
        ("Head of Product / Product Owner (Startup)", F::HybridPoPm, S::Head, &[]),
        ("Product Owner | PM | Berlin", F::HybridPoPm, S::Mid, &[]),
        ("Hybrid PO/PM (Remote, EU)", F::HybridPoPm, S::Mid, &[]),
        // --- product leadership
        ("Head of Product", F::ProductLeadership, S::Head, &[]),
        ("Director of Product Management", F::ProductLeadership, S::Director, &[]),
        ("Senior Director, Product - Enterprise", F::ProductLeadership, S::Director, &["enterprise"]),
        ("Senior Director Product Management", F::ProductLeadership, S::Director, &[]),
        ("VP of Product", F::ProductLeadership, S::Vp, &[]),
        ("Vice President, Product (Consumer)", F::ProductLeadership, S::Vp, &["b2c"]),
        ("Chief Product Officer (CPO)", F::ProductLeadership, S::Chief, &[]),
        ("CPO - Series A Healthtech", F::ProductLeadership, S::Chief, &["healthcare"]),
        ("Product Director, Gaming", F::ProductLeadership, S::Director, &["gaming"]),
        ("Leiter Produktmanagement (m/w/d)", F::ProductLeadership, S::Head, &[]),
        ("Diretor de Produto", F::ProductLeadership, S::Director, &[]),
        ("Interim Head of Product (6 month contract)", F::ProductLeadership, S::Head, &[]),
        // --- technical product managers
        ("Technical Product Manager", F::TechnicalProductManager, S::Mid, &["technical"]),
        ("Senior TPM, Infrastructure", F::TechnicalProductManager, S::Senior, &["infrastructure", "technical"]),
        ("Tech PM - Search Relevance", F::TechnicalProductManager, S::Mid, &["search", "technical"]),
        ("Product Manager, Technical - Cloud Infrastructure", F::TechnicalProductManager, S::Mid, &["cloud", "infrastructure", "technical"]),
        // --- associate product managers
        ("Associate Product Manager", F::AssociateProductManager, S::Junior, &[]),
        ("APM (New Grad 2026)", F::AssociateProductManager, S::Junior, &[]),
        ("Junior Product Manager - Mobile", F::AssociateProductManager, S::Junior, &["mobile"]),
        ("Graduate Product Manager Scheme", F::AssociateProductManager, S::Junior, &[]),
        ("Entry Level Product Manager | $75,000 - $85,000", F::AssociateProductManager, S::Junior, &[]),
        ("Product Manager I", F::AssociateProductManager, S::Junior, &[]),
        // --- program managers
        ("Technical Program Manager", F::ProgramManager, S::Mid, &["technical"]),
        ("Senior TPM - Program Delivery", F::ProgramManager, S::Senior, &["technical"]),
        ("Programme Manager, Digital Transformation", F::ProgramManager, S::Mid, &[]),
        ("Sr. Program Manager, AWS", F::ProgramManager, S::Senior, &[]),
        // --- project managers
        ("IT Project Manager", F::ProjectManager, S::Mid, &[]),
        ("Projektmanager (m/w/d) Bau", F::ProjectManager, S::Mid, &[]),
        ("Senior Project Manager - Construction | £65k", F::ProjectManager, S::Senior, &[]),
        ("Construction PM", F::ProjectManager, S::Mid, &[]),
        ("Gerente de Projetos TI", F::ProjectManager, S::Mid, &[]),
        // --- scrum masters
        ("Scrum Master", F::ScrumMaster, S::Mid, &[]),
        ("Agile Coach / Scrum Master (Remote)", F::ScrumMaster, S::Mid, &[]),
        ("Release Train Engineer (SAFe)", F::ScrumMaster, S::Mid, &[]),
        ("Senior Scrum Master - Payments Tribe", F::ScrumMaster, S::Senior, &["payments"]),
        // --- business analysts
        ("Business Analyst", F::BusinessAnalyst, S::Mid, &[]),
        ("Senior Business Systems Analyst – Salesforce", F::BusinessAnalyst, S::Senior, &["crm"]),
        ("Requirements Engineer (m/w/d)", F::BusinessAnalyst, S::Mid, &[]),
        ("Sr BA - Lending", F::BusinessAnalyst, S::Senior, &["fintech"]),
        // --- product marketing
        ("Product Marketing Manager", F::ProductMarketingManager, S::Mid, &[]),
        ("Senior PMM, Developer Tools", F::ProductMarketingManager, S::Senior, &["developer_tools"]),
        ("Head of Product Marketing", F::ProductMarketingManager, S::Head, &[]),
        // --- other
        ("Senior Software Engineer", F::Other, S::Senior, &[]),
        ("Registered Nurse - ICU Night Shift", F::Other, S::Mid, &[]),
        ("Staff Data Scientist", F::Other, S::Principal, &["data"]),
        ("Product Designer", F::Other, S::Mid, &[]),
        ("Head of Product Design", F::Other, S::Head, &[]),
        ("Product Analyst", F::Other, S::Mid, &[]),
        ("Director of Product Engineering", F::Other, S::Director, &[]),
        ("Portfolio Manager - Equities", F::Other, S::Mid, &[]),
        ("Warehouse Associate, 5pm-1am shift", F::Other, S::Junior, &["logistics"]),
        ("NPM Package Maintainer", F::Other, S::Mid, &[]),
        ("PO Box Clerk", F::Other, S::Mid, &[]),
        ("Purchasing Agent - PO Processing", F::Other, S::Mid, &[]),
        ("Engineering Manager, Product Platform", F::Other, S::Mid, &["platform"]),
        ("Product Operations Manager", F::Other, S::Mid, &[]),
        ("Acme | Software Engineers, Designers | Remote", F::Other, S::Mid, &[]),
        ("Smart Contract Engineer", F::Other, S::Mid, &[]),
        ("Chief Technology Officer", F::Other, S::Chief, &[]),
        ("Vice President of Engineering", F::Other, S::Vp, &[]),
        ("Night Auditor (11 PM - 7 AM)", F::Other, S::Mid, &[]),
        ("Staff Nurse - Pediatrics", F::Other, S::Mid, &[]),
        ("Software Engineer II", F::Other, S::Mid, &[]),
        ("Intern, Software Engineering (Summer 2026)", F::Other, S::Intern, &[]),
        ("Head of Product Operations", F::Other, S::Head, &[]),
        ("", F::Other, S::Mid, &[]),
    ];

    #[test]
    fn table_of_titles() {
        let mut failures = Vec::new();
        for (raw, family, seniority, specs) in CASES {
            let n = normalize_title(raw);
            let want: Vec<String> = specs.iter().map(|s| s.to_string()).collect();
            if n.family != *family || n.seniority != *seniority || n.specializations != want {
                failures.push(format!(
                    "{raw:?}: got {} / {} / {:?} (cleaned {:?}, evidence {:?}), want {} / {} / {:?}",
                    n.family, n.seniority, n.specializations, n.cleaned, n.evidence, family, seniority, want
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert!(CASES.len() >= 90);
    }

    #[test]
    fn cleaned_role_part() {
        let cases = [
            ("Sr. Product Manager - Payments", "senior product manager"),
            (
                "Senior Product Owner (m/w/d) | Berlin | REQ-1234",
                "senior product owner",
            ),
            ("SENIOR PRODUCT OWNER", "senior product owner"),
            ("Sr. PM", "senior product manager"),
            ("Prod Mgr, B2B SaaS", "product manager"),
            ("PO/PM - Logistics SaaS", "product owner / product manager"),
            (
                "Product Owner | PM | Berlin",
                "product owner / product manager",
            ),
            (
                "Acme | Software Engineers, Product Managers | Remote",
                "product manager",
            ),
            ("VP of Product", "vice president of product"),
            (
                "Product Manager Intern (Summer 2026)",
                "product manager intern",
            ),
            ("Product Manager II", "product manager ii"),
            ("Construction PM", "construction project manager"),
            (
                "Senior TPM - Program Delivery",
                "senior technical program manager",
            ),
            ("Contract Product Manager  London", "product manager"),
            (
                "🚀 Senior PM @ fast-growing fintech 🚀",
                "senior product manager",
            ),
            ("Registered Nurse - ICU Night Shift", "registered nurse"),
            (
                "Intern, Software Engineering (Summer 2026)",
                "software engineering",
            ),
            (
                "Technical Program Manager (TPM) - Silicon",
                "technical program manager",
            ),
            ("Product-Owner", "product owner"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_title(raw).cleaned, want, "{raw:?}");
        }
    }

    #[test]
    fn evidence_quotes_the_raw_title() {
        let cases: [(&str, &[&str]); 14] = [
            ("Sr. PM", &["Sr.", "PM"]),
            ("Senior Director of Product", &["Director of Product"]),
            ("Associate Product Manager", &["Associate Product Manager"]),
            ("Junior Product Manager", &["Junior", "Product Manager"]),
            ("Product Owner (Senior)", &["Product Owner", "Senior"]),
            ("PO/PM", &["PO", "PM"]),
            ("Product Manager II", &["Product Manager", "II"]),
            ("Product Manager/Owner", &["Product Manager/Owner"]),
            ("CPO", &["CPO"]),
            ("SENIOR PRODUCT OWNER", &["SENIOR", "PRODUCT OWNER"]),
            ("Software Engineer", &[]),
            (
                "Sr Business Analyst / Product Owner",
                &["Sr", "Product Owner"],
            ),
            ("Product Manager", &["Product Manager"]),
            (
                "PM-1234 Product Manager (m/w/d) Job-ID: PM-2024-17",
                &["Product Manager"],
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_title(raw).evidence, want, "{raw:?}");
        }
        for (raw, ..) in CASES {
            for e in normalize_title(raw).evidence {
                assert!(raw.contains(&e), "{e:?} is not in {raw:?}");
            }
        }
    }

    #[test]
    fn acronyms_need_word_boundaries_and_capitals() {
        for raw in [
            "NPM maintainer",
            "Open 9am-5pm",
            "Ships at 5 PM",
            "Pm Rotation",
            "Point of Sale (POS) Specialist",
        ] {
            let n = normalize_title(raw);
            assert_eq!(n.family, F::Other, "{raw:?} -> {n:?}");
        }
        assert_eq!(
            normalize_title("Senior PMs, APMs").family,
            F::ProductManager
        );
        assert_eq!(normalize_title("po").family, F::ProductOwner);
        assert_eq!(normalize_title("po box 12").family, F::Other);
    }

    /// Deterministic pseudo-random strings from an awkward alphabet.
    fn odd_strings() -> Vec<String> {
        let pool: Vec<char> = "aZ PmOo/|-–—()[]{}#$€£.,:;&@*\\\"'’\u{200D}\u{FE0F}\u{301}\u{A0}\t\n\0🚀👩‍💻éßçñ产品经理Продуктمديرप्रबंधक0123456789kKsS"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out: Vec<String> = [
            "",
            " ",
            "|||",
            "()()",
            "((((",
            "))))",
            "🚀🚀🚀",
            "—",
            "\u{200D}",
            "\0",
            "#",
            "R-",
            "Sr.",
            ".",
            "/",
            ",,,,",
            "$$$",
            "m/w/d",
            "(m/w/d)",
            "PO/PM/PO/PM/PO",
            "Менеджер продукта",
            "مدير المنتج",
            "प्रोडक्ट मैनेजर",
            "ผู้จัดการผลิตภัณฑ์",
            "Se\u{301}nior Product Owner",
            "\u{202E}reganaM tcudorP",
            "Ｐｒｏｄｕｃｔ Ｍａｎａｇｅｒ",
            "İSTANBUL PRODUCT OWNER",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        out.push("Product Manager ".repeat(700));
        out.push("é".repeat(5_000));
        out.push("🚀".repeat(2_600));
        out.push("a".repeat(10_240));
        out.push("(m/w/d) | ".repeat(1_000));
        for _ in 0..400 {
            let len = (next() % 40) as usize;
            out.push(
                (0..len)
                    .map(|_| pool[(next() % pool.len() as u64) as usize])
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn never_panics_and_keeps_invariants() {
        for raw in odd_strings() {
            let n = normalize_title(&raw);
            assert_eq!(n.raw, raw);
            assert_eq!(n.cleaned, n.cleaned.to_lowercase(), "{raw:?}");
            assert_eq!(n.cleaned.trim(), n.cleaned);
            assert!(!n.cleaned.contains("  "), "{raw:?}");
            let mut sorted = n.specializations.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted, n.specializations);
            for e in &n.evidence {
                assert!(raw.contains(e.as_str()), "{e:?} not in {raw:?}");
            }
            if n.family == F::Other {
                assert!(n.evidence.iter().all(|e| !e.is_empty()));
            }
        }
    }

    #[test]
    fn serde_names_match_as_str() {
        for f in F::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.as_str())
            );
        }
        for s in S::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert!(S::ALL.windows(2).all(|w| w[0] < w[1]));
        let json = serde_json::to_value(normalize_title("Sr. PM - Payments")).unwrap();
        assert_eq!(json["family"], "product_manager");
        assert_eq!(json["seniority"], "senior");
        assert_eq!(json["cleaned"], "senior product manager");
        assert_eq!(json["specializations"], serde_json::json!(["payments"]));
        assert_eq!(json["evidence"], serde_json::json!(["Sr.", "PM"]));
        assert_eq!(json["raw"], "Sr. PM - Payments");
    }
}
