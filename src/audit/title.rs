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

use crate::label::Label;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

/// The kind of role a title names, judged from the title alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleFamily {
    /// Product owner (incl. "Technical Product Owner", "Produktowner", "Dono do Produto").
    ProductOwner,
    /// Product manager (incl. "Produktmanager", "Gerente de Produto", "Product Lead", GPM).
    ProductManager,
    /// A title that promises both product owner and product manager work.
    HybridPoPm,
    /// Head / director / VP of product, chief product officer.
    ProductLeadership,
    /// Technical product manager (and "TPM" without a program context).
    TechnicalProductManager,
    /// Associate, junior, graduate or entry-level product manager, "APM".
    AssociateProductManager,
    /// Program(me) manager, including technical program manager.
    ProgramManager,
    /// Project manager ("IT Project Manager", "Projektmanager", "Gerente de Projetos").
    ProjectManager,
    /// Scrum master, agile coach, release train engineer.
    ScrumMaster,
    /// Business (systems) analyst, functional analyst, requirements engineer.
    BusinessAnalyst,
    /// Product marketing manager ("PMM", "Head of Product Marketing").
    ProductMarketingManager,
    /// Anything else: engineers, designers, nurses, product analysts, ….
    Other,
}

impl TitleFamily {
    /// Every family, in declaration order.
    pub const ALL: [TitleFamily; 12] = [
        TitleFamily::ProductOwner,
        TitleFamily::ProductManager,
        TitleFamily::HybridPoPm,
        TitleFamily::ProductLeadership,
        TitleFamily::TechnicalProductManager,
        TitleFamily::AssociateProductManager,
        TitleFamily::ProgramManager,
        TitleFamily::ProjectManager,
        TitleFamily::ScrumMaster,
        TitleFamily::BusinessAnalyst,
        TitleFamily::ProductMarketingManager,
        TitleFamily::Other,
    ];

    /// The snake_case name, identical to the serialised form.
    pub fn as_str(self) -> &'static str {
        match self {
            TitleFamily::ProductOwner => "product_owner",
            TitleFamily::ProductManager => "product_manager",
            TitleFamily::HybridPoPm => "hybrid_po_pm",
            TitleFamily::ProductLeadership => "product_leadership",
            TitleFamily::TechnicalProductManager => "technical_product_manager",
            TitleFamily::AssociateProductManager => "associate_product_manager",
            TitleFamily::ProgramManager => "program_manager",
            TitleFamily::ProjectManager => "project_manager",
            TitleFamily::ScrumMaster => "scrum_master",
            TitleFamily::BusinessAnalyst => "business_analyst",
            TitleFamily::ProductMarketingManager => "product_marketing_manager",
            TitleFamily::Other => "other",
        }
    }

    /// The label a posting with this title is expected to have: the product-owner family →
    /// `ProductOwner`; product manager, TPM, APM and product leadership → `ProductManager`;
    /// hybrid → `Hybrid`; program/project manager, scrum master, business analyst, product
    /// marketing and other → `Neither`.
    pub fn expected_label(self) -> Label {
        match self {
            TitleFamily::ProductOwner => Label::ProductOwner,
            TitleFamily::ProductManager
            | TitleFamily::TechnicalProductManager
            | TitleFamily::AssociateProductManager
            | TitleFamily::ProductLeadership => Label::ProductManager,
            TitleFamily::HybridPoPm => Label::Hybrid,
            TitleFamily::ProgramManager
            | TitleFamily::ProjectManager
            | TitleFamily::ScrumMaster
            | TitleFamily::BusinessAnalyst
            | TitleFamily::ProductMarketingManager
            | TitleFamily::Other => Label::Neither,
        }
    }

    /// Whether the family is a product owner/manager role (its expected label is not `Neither`).
    pub fn is_product_role(self) -> bool {
        self.expected_label() != Label::Neither
    }
}

impl fmt::Display for TitleFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How senior a title says the role is, from intern to chief. Ordered from least to most senior.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    /// Intern, internship, trainee, working student (Werkstudent), co-op.
    Intern,
    /// Junior, associate, entry level, graduate, "Jr.".
    Junior,
    /// Mid level; also the default when the title names no level.
    Mid,
    /// Senior, "Sr.", "Snr".
    Senior,
    /// Lead, team lead, leader.
    Lead,
    /// Principal or staff.
    Principal,
    /// Director (also "Senior Director", "Associate Director").
    Director,
    /// Vice president (VP, SVP, EVP).
    Vp,
    /// Head of …, Leiter(in).
    Head,
    /// Chief …, CPO and other C-level acronyms.
    Chief,
}

impl Seniority {
    /// Every level, least senior first.
    pub const ALL: [Seniority; 10] = [
        Seniority::Intern,
        Seniority::Junior,
        Seniority::Mid,
        Seniority::Senior,
        Seniority::Lead,
        Seniority::Principal,
        Seniority::Director,
        Seniority::Vp,
        Seniority::Head,
        Seniority::Chief,
    ];

    /// The snake_case name, identical to the serialised form.
    pub fn as_str(self) -> &'static str {
        match self {
            Seniority::Intern => "intern",
            Seniority::Junior => "junior",
            Seniority::Mid => "mid",
            Seniority::Senior => "senior",
            Seniority::Lead => "lead",
            Seniority::Principal => "principal",
            Seniority::Director => "director",
            Seniority::Vp => "vp",
            Seniority::Head => "head",
            Seniority::Chief => "chief",
        }
    }
}

impl fmt::Display for Seniority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

// ---------------------------------------------------------------------------------------------
// Rule tables
// ---------------------------------------------------------------------------------------------

/// The word "product" in the languages we see.
const P: &str = r"(?:products?|produkte?|produtos?|productos?|produits?)";
/// "manager" and its abbreviations (and the German feminine forms).
const M: &str = r"(?:manager(?:s|in|innen)?|mgrs?|mngrs?)\b\.?";
/// Leadership words that can precede "product".
const L: &str = r"(?:head|director|dir\.?|vp|svp|evp|avp|vice[\s-]+president|chief|diretora?|directeur|directrice|directora|direktor(?:in)?|leiter(?:in)?|leitung)";
/// Connector between a leadership word and "product".
const C: &str = r"(?:\s*,\s*|\s+-\s+|\s+(?:of|for|de|do|da|des|du)\s+|\s+)";
/// Separator in inverted titles ("Manager, Product", "Manager - Product").
const I: &str = r"(?:\s*,\s*|\s+-\s+)";

/// Extra check run on a family mention after the regex matched.
#[derive(Debug, Clone, Copy)]
enum Check {
    /// Nothing more to check.
    Plain,
    /// The phrase also implies a seniority (CPO → chief, GPM → lead, APM → junior).
    Implies(Seniority),
    /// Rejected when the next word names another discipline ("Head of Product Design").
    NotDiscipline,
    /// "Product Manager, Technical" is a technical product manager.
    TechnicalAfter,
    /// Bare "PM": program or project manager in those contexts.
    PmAcronym,
    /// Bare "TPM": technical program manager when "program" is in the title.
    TpmAcronym,
}

/// One family rule: which family a phrase names and what to check.
#[derive(Debug, Clone, Copy)]
struct Rule {
    family: TitleFamily,
    check: Check,
}

/// Ordered patterns compiled into one leftmost-first alternation, one capture group per rule.
struct RuleSet<T> {
    re: Regex,
    tags: Vec<T>,
}

impl<T: Copy> RuleSet<T> {
    fn new(rules: Vec<(String, T)>) -> Self {
        let pattern = rules
            .iter()
            .map(|(p, _)| format!("({p})"))
            .collect::<Vec<_>>()
            .join("|");
        RuleSet {
            re: build(&pattern),
            tags: rules.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// Every non-overlapping match, leftmost first, with the tag of the rule that matched.
    fn find_all(&self, text: &str) -> Vec<(Range<usize>, T)> {
        self.re
            .captures_iter(text)
            .filter_map(|caps| {
                caps.iter().enumerate().skip(1).find_map(|(i, g)| {
                    let g = g?;
                    let tag = *self.tags.get(i - 1)?;
                    Some((g.range(), tag))
                })
            })
            .collect()
    }
}

/// Compiles a case-insensitive pattern whose `\b` are ASCII word boundaries (fast, and they
/// let "高级PM" split between scripts).
fn build(pattern: &str) -> Regex {
    RegexBuilder::new(&ascii_boundaries(pattern))
        .case_insensitive(true)
        .size_limit(1 << 26)
        .build()
        .expect("static title pattern compiles")
}

fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

fn pat(p: &str) -> String {
    p.replace("<P>", P)
        .replace("<M>", M)
        .replace("<L>", L)
        .replace("<C>", C)
        .replace("<I>", I)
}

static MENTIONS: LazyLock<RuleSet<Rule>> = LazyLock::new(|| {
    use Check::*;
    use TitleFamily::*;
    #[rustfmt::skip]
    let rules: &[(&str, TitleFamily, Check)] = &[
        // Explicit hybrids first: they start where the single-role phrases start.
        (r"\b(?:technical\s+)?<P>[\s-]*owners?\s*(?:/|&|\+|\band\b|\bor\b|\bund\b|\be\b)\s*(?:<P>[\s-]*)?<M>", HybridPoPm, Plain),
        (r"\b(?:technical\s+)?<P>[\s-]*<M>\s*(?:/|&|\+|\band\b|\bor\b|\bund\b|\be\b)\s*(?:<P>[\s-]*)?owners?\b", HybridPoPm, Plain),
        // Leadership words before "product".
        (r"\b<L><C><P>[\s-]*marketing\b", ProductMarketingManager, Plain),
        (r"\b<L><C><P>[\s-]*owners?\b", ProductOwner, Plain),
        (r"\b<L><C>(?:produktmanagement|<P>(?:[\s-]*(?:management|managers?|mgmt))?)\b", ProductLeadership, NotDiscipline),
        // Inverted Workday-style titles: "Senior Manager, Product Management".
        (r"\b(?:manager|mgr\.?)<I><P>[\s-]*marketing\b", ProductMarketingManager, Plain),
        (r"\b(?:manager|mgr\.?)<I><P>(?:[\s-]*(?:management|mgmt))?\b", ProductManager, NotDiscipline),
        (r"\b(?:manager|mgr\.?)<I>(?:technical\s+)?program(?:me)?s?(?:\s+management)?\b", ProgramManager, Plain),
        (r"\b(?:manager|mgr\.?)<I>projects?(?:\s+management)?\b", ProjectManager, Plain),
        // "Product Director", "Produktleiter", "CPO".
        (r"\b<P>[\s-]*(?:director|directeur|direktor(?:in)?|diretora?|head|vp)\b", ProductLeadership, Plain),
        (r"\bprodukt(?:leiter(?:in)?|leitung)\b", ProductLeadership, Implies(Seniority::Head)),
        (r"\bcpos?\b", ProductLeadership, Implies(Seniority::Chief)),
        // Product marketing.
        (r"\b<P>[\s-]*marketing(?:[\s-]*<M>|\b)", ProductMarketingManager, Plain),
        (r"\bpmms?\b", ProductMarketingManager, Plain),
        // Group / portfolio / associate product managers.
        (r"\bgroup\s+<P>[\s-]*<M>", ProductManager, Implies(Seniority::Lead)),
        (r"\bgpms?\b", ProductManager, Implies(Seniority::Lead)),
        (r"\b<P>\s+portfolio\s+<M>", ProductManager, Plain),
        (r"\b<P>\s+portfolio\s+owners?\b", ProductOwner, Plain),
        (r"\bassociate\s+<P>[\s-]*<M>", AssociateProductManager, Plain),
        (r"\bapms?\b", AssociateProductManager, Implies(Seniority::Junior)),
        // Technical product / program managers.
        (r"\btechnical\s+<P>[\s-]*<M>", TechnicalProductManager, Plain),
        (r"\btech(?:nical)?\s+pms?\b", TechnicalProductManager, Plain),
        (r"\btpms?\b", TechnicalProductManager, TpmAcronym),
        (r"\b(?:technical\s+)?program(?:me|m)?[\s-]*<M>", ProgramManager, Plain),
        (r"\b(?:technical\s+)?program(?:me)?\s+management\b", ProgramManager, Plain),
        (r"\b(?:gerente|gestora?)\s+de\s+programas?\b", ProgramManager, Plain),
        // Project managers.
        (r"\bproject[\s-]*<M>", ProjectManager, Plain),
        (r"\bproject\s+management\b", ProjectManager, Plain),
        (r"\bprojekt[\s-]*(?:manager(?:in)?|leiter(?:in)?|leitung)\b", ProjectManager, Plain),
        (r"\b(?:gerente|gestora?|coordenadora?)\s+de\s+projetos?\b", ProjectManager, Plain),
        (r"\bchef(?:fe)?\s+de\s+projets?\b", ProjectManager, Plain),
        (r"\bjef[ea]\s+de\s+proyectos?\b", ProjectManager, Plain),
        (r"\bpmos?\b", ProjectManager, Plain),
        // Scrum masters and business analysts.
        (r"\bscrum[\s-]*masters?\b", ScrumMaster, Plain),
        (r"\bagile\s+coach(?:es)?\b", ScrumMaster, Plain),
        (r"\brelease\s+train\s+engineers?\b", ScrumMaster, Plain),
        (r"\bbusiness[\s-]*(?:systems?\s+)?analysts?\b", BusinessAnalyst, Plain),
        (r"\banalista\s+de\s+neg[oó]cios?\b", BusinessAnalyst, Plain),
        (r"\brequirements[\s-]+(?:engineer|analyst)s?\b", BusinessAnalyst, Plain),
        (r"\bfunctional\s+analysts?\b", BusinessAnalyst, Plain),
        (r"\bbas?\b", BusinessAnalyst, Plain),
        // Product owners.
        (r"\b<P>[\s-]*owners?\b", ProductOwner, Plain),
        (r"\bdon[oa]s?\s+d[oe]\s+produtos?\b", ProductOwner, Plain),
        (r"\bdue[ñn][oa]\s+del?\s+producto\b", ProductOwner, Plain),
        (r"\bpropriet[aá]ri[oa]\s+do\s+produto\b", ProductOwner, Plain),
        (r"\bpropietari[oa]\s+del?\s+producto\b", ProductOwner, Plain),
        (r"プロダクトオーナー", ProductOwner, Plain),
        (r"\bpos?\b", ProductOwner, Plain),
        // Product managers.
        (r"\b<P>[\s-]*<M>", ProductManager, TechnicalAfter),
        (r"\bprod\.?\s+<M>", ProductManager, TechnicalAfter),
        (r"\b<P>[\s-]*management\b", ProductManager, Plain),
        (r"\b<P>[\s-]*lead(?:er)?s?\b", ProductManager, Plain),
        (r"\bgerente(?:\s+(?:s[eê]nior|j[uú]nior|pleno))?\s+de\s+produt(?:o|os)\b", ProductManager, Plain),
        (r"\bgestora?\s+de\s+produtos?\b", ProductManager, Plain),
        (r"\b(?:gerente|jef[ea])\s+de\s+productos?\b", ProductManager, Plain),
        (r"\bchef(?:fe)?\s+de\s+produits?\b", ProductManager, Plain),
        (r"\bresponsable\s+(?:de\s+)?produits?\b", ProductManager, Plain),
        (r"产品经理", ProductManager, Plain),
        (r"プロダクト\s*マネー?ジャー", ProductManager, Plain),
        (r"프로덕트\s*매니저", ProductManager, Plain),
        (r"продакт[\s-]*менеджер|менеджер\s+продукта", ProductManager, Plain),
        (r"\bpms?\b", ProductManager, PmAcronym),
    ];
    RuleSet::new(
        rules
            .iter()
            .map(|(p, family, check)| {
                (
                    pat(p),
                    Rule {
                        family: *family,
                        check: *check,
                    },
                )
            })
            .collect(),
    )
});

static SENIORITY: LazyLock<RuleSet<Seniority>> = LazyLock::new(|| {
    use Seniority::*;
    #[rustfmt::skip]
    let rules: &[(&str, Seniority)] = &[
        (r"\b(?:interns?|internship|trainee|werkstudent(?:in)?|working\s+student|praktikant(?:in)?|praktikum|estagi[aá]ri[oa]|est[aá]gio|stagiaire|becari[oa]|co-?op)\b", Intern),
        (r"实习生?|インターン", Intern),
        (r"\b(?:junior|j[uú]nior|associate|entry[\s-]*level|graduate|new\s+grad)\b", Junior),
        (r"\bjn?r\b\.?", Junior),
        (r"初级|ジュニア", Junior),
        (r"\b(?:mid[\s-]*level|mid[\s-]*senior|intermediate|pleno|medior|mid)\b", Mid),
        (r"\b(?:senior|s[eéê]nior)\b", Senior),
        (r"\bsn?r\b\.?", Senior),
        (r"高级|资深|シニア", Senior),
        (r"\b(?:team\s*lead|lead|leads|leader|teamleiter(?:in)?|l[ií]der)\b", Lead),
        (r"\b(?:principal|staff)\b", Principal),
        (r"\b(?:directors?|diretora?|directeur|directrice|directora|direktor(?:in)?)\b", Director),
        (r"\bdir\b\.?", Director),
        (r"总监", Director),
        (r"\b(?:vps?|svp|evp|avp|vice[\s-]+presidente?s?)\b", Vp),
        (r"\bhead(?:\s+of)?\b", Head),
        (r"\b(?:leiter(?:in)?|leitung)\b", Head),
        (r"\bchief\b", Chief),
        (r"\b(?:ceo|cto|cpo|coo|cfo|cmo|cio|ciso|cdo|cro)s?\b", Chief),
    ];
    RuleSet::new(rules.iter().map(|(p, s)| (p.to_string(), *s)).collect())
});

/// The specialisation vocabulary: (name, pattern). Matched as a set, so overlaps all count.
#[rustfmt::skip]
const SPECS: &[(&str, &str)] = &[
    ("technical", r"\b(?:technical|technisch(?:e|er|es)?|t[eé]cnic[oa]|tech|tpms?)\b"),
    ("growth", r"\b(?:growth|wachstum|crescimento)\b"),
    ("data", r"\b(?:data|daten|dados|datos)\b"),
    ("platform", r"\b(?:platforms?|plattform(?:en)?|plataformas?)\b"),
    ("ai_ml", r"\b(?:ai|ml|genai|llms?|ki|ia|nlp|machine[\s-]+learning|artificial\s+intelligence|deep\s+learning|computer\s+vision)\b|\ba\.i\."),
    ("payments", r"\b(?:payments?|checkout|billing|pagamentos?|pagos|zahlung\w*|paiements?|acquiring|payouts?)\b"),
    ("mobile", r"\b(?:mobile|ios|android)\b"),
    ("api", r"\bapis?\b"),
    ("security", r"\b(?:security|cyber\s*security|cyber|infosec|identity|iam|sicherheit|seguran[cç]a|fraud)\b"),
    ("b2b", r"\bb2b\b"),
    ("b2c", r"\b(?:b2c|d2c|dtc|consumer)\b"),
    ("enterprise", r"\benterprise\b"),
    ("ecommerce", r"\b(?:e-?commerce|e-?com|commerce|online[\s-]*shop|webshop)\b"),
    ("fintech", r"\b(?:fintech|banking|bank|lending|financial\s+services|neobank|crypto|web3|blockchain|wealth(?:tech)?|credit)\b"),
    ("insurance", r"\b(?:insurance|insurtech|reinsurance|versicherung\w*|seguros?)\b"),
    ("healthcare", r"\b(?:health\w*|medical|medtech|clinical|pharma\w*|hospital|sa[uú]de|gesundheit\w*|biotech|patient)\b"),
    ("infrastructure", r"\b(?:infrastructure|infra)\b"),
    ("cloud", r"\bcloud\b"),
    ("saas", r"\bsaas\b"),
    ("analytics", r"\b(?:analytics|insights|business\s+intelligence|bi|reporting|metrics)\b"),
    ("core", r"\bcore\b"),
    ("internal_tools", r"\b(?:internal\s+(?:tools?|tooling|platforms?|systems?|products?)|back[\s-]?office)\b"),
    ("ux", r"\b(?:ux|ui|user\s+experience|design\s+systems?)\b"),
    ("developer_tools", r"\b(?:developer\s+(?:tools|tooling|experience|platform|productivity)|devex|devops|dev\s*tools|sdks?)\b"),
    ("search", r"\bsearch\b"),
    ("marketplace", r"\bmarketplaces?\b"),
    ("ads", r"\b(?:ads|advertising|ad[\s-]?tech)\b"),
    ("monetization", r"\b(?:monetization|monetisation|pricing)\b"),
    ("crm", r"\b(?:crm|salesforce|hubspot)\b"),
    ("erp", r"\b(?:erp|sap)\b"),
    ("logistics", r"\b(?:logistics?|logistik|log[ií]stica|supply\s+chain|fulfil+ment|shipping|warehouse)\b"),
    ("hardware", r"\b(?:hardware|devices?|iot|embedded|firmware)\b"),
    ("gaming", r"\b(?:gaming|games?|esports)\b"),
    ("edtech", r"\b(?:edtech|education|e-?learning)\b"),
    ("compliance", r"\b(?:compliance|regulatory|kyc|aml|risk)\b"),
];

static SPEC_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(SPECS.iter().map(|(_, p)| ascii_boundaries(p)))
        .case_insensitive(true)
        .size_limit(1 << 26)
        .build()
        .expect("static specialisation pattern compiles")
});

/// Noise removed before anything else. When a pattern has a capture group only the group is
/// blanked (the rest is context).
static NOISE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // Gender tags.
        r"\(\s*(?:[mwfdxhi*]{1,3}|div|inter)(?:\s*[/|,\\]\s*(?:[mwfdxhi*]{1,3}|div|inter))+\s*\*?\s*\)\*?",
        r"\(\s*(?:all\s+genders?|alle\s+geschlechter|any\s+gender|gn\*?|genderneutral|mwd|wmd|mfd|fmd|mfx|fmx|mfdx)\s*\)",
        r"\b[mwfdh]\s*/\s*[mwfdh](?:\s*/\s*[mwfdxh])?\b\*?",
        // Requisition numbers.
        r"\b(?:req(?:uisition)?(?:\s*(?:id|no|number))?|job[\s-]*(?:id|ref|no|number|code)|ref(?:erence)?(?:\s*(?:id|no|number))?|vacancy\s*(?:id|no|number)?|position\s*(?:id|no|number))\s*(?:#|no\.?|:|-)?\s*:?\s*[a-z]{0,3}[-_]?\d[\w-]*",
        r"\b(?:r|jr|jid|req)[-_]?\d{3,}[\w-]*",
        r"\b[a-z]{1,4}-\d{3,}[\w-]*",
        r"#\s*\d[\w-]*",
        r"\b\d{4,}\b",
        // Salaries (currency symbols were mapped to `$`).
        r"(?:\b(?:up\s+to|from|circa|ca\.?)\s*)?(?:\br\s*)?\$\s*\d[\d.,]*\s*[km]?(?:\s*(?:-|to|bis|a)\s*\$?\s*\d[\d.,]*\s*[km]?)?(?:\s*(?:/|per|p\.?)\s*(?:year|yr|annum|a\.?|hour|hr|h|day|d|month|mo|m)\b\.?)?",
        r"\b\d[\d.,]*\s*k\b(?:\s*(?:-|to)\s*\d[\d.,]*\s*k\b)?(?:\s*(?:/|per)\s*(?:year|yr|annum|a)\b)?",
        r"\b\d[\d.,]*\s*(?:eur|euros?|usd|gbp|chf|brl|dollars?|pounds?)\b",
        r"\b(?:eur|usd|gbp|chf|brl)\s*\d[\d.,]*\s*k?\b",
        r"\b(?:doe|ote|per\s+annum|pro\s+rata)\b|\bp\.a\.",
        r"\+\s*(?:equity|bonus|benefits|stock)\b",
        // Contract types.
        r"\b(?:full|part)[\s-]*time\b",
        r"\b(?:vollzeit|teilzeit|freelancer?|freiberuflich|permanent|perm|festanstellung|befristet|unbefristet|ftc|clt|pj|cdi|cdd|c2h|w-?2|1099|zeitarbeit|contrato)\b",
        r"\bfixed[\s-]*term(?:\s+contract)?\b",
        r"\b\d+\s*-?\s*(?:months?|mths?|mos?|monate?|meses|weeks?)\b(?:\s+(?:ftc|contract|fixed[\s-]*term|assignment|project))?",
        r"\bcontract[\s-]+to[\s-]+(?:hire|perm)\b|\btemp[\s-]+to[\s-]+perm\b",
        // Ambiguous words ("Smart Contract Engineer") only at the end of a segment ...
        r"(?:^|[\s|,;:()\[\]{}])((?:contract(?:or)?|temp(?:orary)?|hybrid|h[ií]brid[oa]|interim)(?:\s+(?:role|position|basis|assignment|job))?)\s*(?:$|[|,;:()\[\]{}]|\s-\s)",
        // ... or right before a role word ("Interim Head of Product").
        r"(?:^|[|,;:()\[\]{}]|\s-\s)\s*(contract(?:or)?|temp(?:orary)?|interim|hybrid)\s+(?:senior|sr|junior|jr|lead|principal|staff|head|director|vp|technical|associate|product|project|program|programme|scrum|business|agile|po|pm|tpm|apm)\b",
        // Work mode.
        r"\b(?:fully\s+)?(?:remote(?:[\s-]*first)?|remot[oa]|on[\s-]*site|onsite|in[\s-]*office|wfh|work\s+from\s+home|home[\s-]*office|anywhere)\b",
        // Hiring filler.
        r"\b(?:we\s*'?\s*re\s+hiring|we\s+are\s+hiring|now\s+hiring|hiring|urgent(?:ly)?(?:\s+(?:hiring|required|needed))?|immediate\s+start|asap|job\s+opening|open\s+role|apply\s+now)\b",
    ]
    .iter()
    .map(|p| build(p))
    .collect()
});

/// Segment separators: punctuation, spaced dashes/slashes, " at ".
static SEP: LazyLock<Regex> =
    LazyLock::new(|| build(r#"[|;:()\[\]{}!?,"@<>=*~^#\\]|\s[-/]|[-/]\s|\sat\s"#));

/// Role acronyms whose case decides whether they count.
static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:po|pm|tpm|apm|pmm|cpo|gpm|ba|pmo|ceo|cto|coo|cfo|cmo|cio|ciso|cdo|cro)s?\b")
});
/// (Public so tests can tell a title whose reading depends on case.)
pub const ACRONYM_SINGULARS: &[&str] = &[
    "po", "pm", "tpm", "apm", "pmm", "cpo", "gpm", "ba", "pmo", "ceo", "cto", "coo", "cfo", "cmo",
    "cio", "ciso", "cdo", "cro",
];

static PROGRAM_CTX: LazyLock<Regex> = LazyLock::new(|| build(r"\bprogram(?:me|m)?s?\b"));
static PROJECT_CTX: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:projects?|projekt\w*|projetos?|construction|civil|mep|fit[\s-]?out)\b")
});
static PURCHASE_CTX: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:purchas\w*|procurement|buyer|invoic\w*|accounts\s+payable|p2p|sourcing)\b")
});
static CPO_CTX: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:people|procurement|purchasing|privacy|protection|police|personnel)\b")
});
static NUMERAL: LazyLock<Regex> = LazyLock::new(|| build(r"^\s+(iv|v|i{1,3}|[1-5])\b"));
/// A roman level closing a segment ("Software Engineer II").
static ROMAN_LEVEL: LazyLock<Regex> = LazyLock::new(|| build(r"\s(iv|v|i{1,3})\s*$"));
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    build(r"[\p{Alphabetic}\p{M}\p{Nd}]+(?:['\-.][\p{Alphabetic}\p{M}\p{Nd}]+)*|[/&]")
});
/// Nouns that make a segment look like a role, for titles with no family mention.
static ROLE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    build(
        r"(?:engineer|developer|entwickler|designer|scientist|analyst|manager|nurse|specialist|consultant|coordinator|officer|director|architect|administrator|assistant|representative|accountant|teacher|recruiter|writer|technician|intern|executive|marketer|researcher|strategist|owner|master|coach|advisor|agent|clerk|operator|driver|lead|head|president|programmer|tester|editor|lawyer|counsel|pharmacist|physician|doctor|therapist|chef|cook|cashier|associate|partner|maintainer|auditor)s?\b",
    )
});

/// Words after "Head of Product …" that make it another discipline's leadership.
const DISCIPLINES: &[&str] = &[
    "design",
    "designer",
    "designers",
    "engineering",
    "engineer",
    "engineers",
    "analytics",
    "analyst",
    "analysts",
    "operations",
    "ops",
    "security",
    "support",
    "development",
    "quality",
    "compliance",
    "content",
    "research",
    "science",
    "safety",
    "sales",
    "supply",
    "assurance",
    "testing",
    "communications",
    "training",
    "certification",
    "documentation",
    "delivery",
    "photography",
    "specialist",
    "specialists",
    "consultant",
    "manufacturing",
    "platform",
    "platforms",
    "infrastructure",
    "marketing",
];
const PO_REJECT: &[&str] = &[
    "box",
    "boxes",
    "processing",
    "clerk",
    "coordinator",
    "administrator",
    "admin",
    "buyer",
    "desk",
    "invoice",
    "invoicing",
    "matching",
    "creation",
    "number",
    "entry",
];
const CONNECTORS: &[&str] = &[
    "and", "or", "to", "level", "/", "&", "und", "e", "ou", "y", "et",
];

// ---------------------------------------------------------------------------------------------
// Pipeline steps
// ---------------------------------------------------------------------------------------------

/// Maps the raw title to a working copy with the *same byte offsets*: letters, digits and ASCII
/// punctuation are kept, dashes/bullets/emoji/symbols become a `|` separator padded with
/// spaces, currency symbols become `$`, odd whitespace becomes spaces. Offsets into the copy
/// are therefore offsets into the raw title, which is how evidence is quoted as written.
fn prepare(raw: &str) -> String {
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

fn blank_noise(work: &mut String) {
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

/// Blanks role acronyms that do not count (see the module docs).
fn blank_invalid_acronyms(raw: &str, work: &mut String) {
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
fn segments(work: &str) -> Vec<Range<usize>> {
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

fn seg_index(segs: &[Range<usize>], pos: usize) -> Option<usize> {
    segs.iter().position(|s| s.start <= pos && pos < s.end)
}

fn within(r: &Range<usize>, area: &Range<usize>) -> bool {
    r.start >= area.start && r.end <= area.end
}

/// The next word after `pos`, lowercased, skipping whitespace and the characters in `skip`.
fn next_word(work: &str, pos: usize, skip: &str) -> Option<String> {
    let rest = work
        .get(pos..)?
        .trim_start_matches(|c: char| c.is_whitespace() || skip.contains(c));
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    (!word.is_empty()).then(|| word.to_lowercase())
}

/// Whether everything before `pos` in its segment is seniority words ("Senior Manager, …").
fn at_segment_head(work: &str, segs: &[Range<usize>], pos: usize) -> bool {
    let Some(seg) = seg_index(segs, pos).and_then(|i| segs.get(i)) else {
        return true;
    };
    let before = SENIORITY.re.replace_all(&work[seg.start..pos], " ");
    !before.chars().any(char::is_alphanumeric)
}

/// Whether a segment says nothing but a level ("Senior", "Junior/Mid", "Lead level").
fn is_seniority_only(text: &str) -> bool {
    if !SENIORITY.re.is_match(text) {
        return false;
    }
    let stripped = SENIORITY.re.replace_all(text, " ");
    TOKEN
        .find_iter(&stripped)
        .all(|t| CONNECTORS.contains(&t.as_str().to_lowercase().as_str()))
}

/// A phrase in the title that names a role family.
#[derive(Debug, Clone)]
struct Mention {
    range: Range<usize>,
    family: TitleFamily,
    implicit: Option<Seniority>,
}

fn find_mentions(work: &str, segs: &[Range<usize>]) -> Vec<Mention> {
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

fn find_seniority(work: &str) -> Vec<(Range<usize>, Seniority)> {
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
fn numeral_after(work: &str, pos: usize, seg_end: usize) -> Option<(Range<usize>, Seniority)> {
    let rest = work.get(pos..seg_end)?;
    let caps = NUMERAL.captures(rest)?;
    let g = caps.get(1)?;
    if rest[g.end()..].chars().any(char::is_alphanumeric) {
        return None;
    }
    Some((pos + g.start()..pos + g.end(), numeral_level(g.as_str())))
}

/// Levels I–V (or 1–5) → junior, mid, senior, lead, principal.
fn numeral_level(numeral: &str) -> Seniority {
    match numeral.to_ascii_lowercase().as_str() {
        "i" | "1" => Seniority::Junior,
        "ii" | "2" => Seniority::Mid,
        "iii" | "3" => Seniority::Senior,
        "iv" | "4" => Seniority::Lead,
        _ => Seniority::Principal,
    }
}

/// Decides the family from all mentions (see the precedence in the module docs) and returns
/// the mentions that support it.
fn resolve(mentions: &[Mention]) -> (TitleFamily, Vec<Mention>) {
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
fn pick_level(levels: impl Iterator<Item = Seniority>) -> Option<Seniority> {
    let levels: Vec<Seniority> = levels.collect();
    let max = levels.iter().copied().max()?;
    if levels.contains(&Seniority::Intern) && max <= Seniority::Senior {
        Some(Seniority::Intern)
    } else {
        Some(max)
    }
}

/// Renders the role spans: tokens lowercased, abbreviations expanded, spans joined by " / ".
fn render(work: &str, mut spans: Vec<Range<usize>>, family: TitleFamily) -> String {
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

fn specializations(work: &str, family: TitleFamily) -> Vec<String> {
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
fn evidence_strings(raw: &str, mut ranges: Vec<Range<usize>>) -> Vec<String> {
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
    fn expected_label_for_every_family() {
        let want = [
            (F::ProductOwner, Label::ProductOwner),
            (F::ProductManager, Label::ProductManager),
            (F::HybridPoPm, Label::Hybrid),
            (F::ProductLeadership, Label::ProductManager),
            (F::TechnicalProductManager, Label::ProductManager),
            (F::AssociateProductManager, Label::ProductManager),
            (F::ProgramManager, Label::Neither),
            (F::ProjectManager, Label::Neither),
            (F::ScrumMaster, Label::Neither),
            (F::BusinessAnalyst, Label::Neither),
            (F::ProductMarketingManager, Label::Neither),
            (F::Other, Label::Neither),
        ];
        assert_eq!(want.len(), F::ALL.len());
        for ((family, label), listed) in want.iter().zip(F::ALL) {
            assert_eq!(*family, listed);
            assert_eq!(family.expected_label(), *label, "{family}");
            assert_eq!(family.is_product_role(), *label != Label::Neither);
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

    #[test]
    fn rule_tables_have_one_group_per_rule() {
        assert_eq!(MENTIONS.re.captures_len(), MENTIONS.tags.len() + 1);
        assert_eq!(SENIORITY.re.captures_len(), SENIORITY.tags.len() + 1);
        assert_eq!(SPEC_SET.len(), SPECS.len());
        for re in NOISE.iter() {
            assert!(re.captures_len() <= 2);
        }
    }
}
