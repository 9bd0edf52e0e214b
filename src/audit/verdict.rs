//! The audit core: one posting's title against its body-only classification → an [`AuditRecord`].
//!
//! [`audit`] is pure (no I/O, no model): it takes a [`Posting`] and the [`Classification`] of
//! its body alone (a [`Classifier`](crate::Classifier) with `ignore_title: true`) and returns
//! the verdict, its severity and the evidence on both sides. The batch driver calls it on its
//! worker threads for files; the index feeds it stored postings the same way.
//!
//! # Verdicts
//!
//! The title's family ([`TitleFamily`]) sets an expected label
//! ([`TitleFamily::expected_label`]); the role verdict compares it with the content label
//! ([`role_verdict`]):
//!
//! | title expects | content says | verdict |
//! |---|---|---|
//! | same label | same label | `consistent` |
//! | product owner | product manager | `title_po_content_pm` |
//! | product manager | product owner | `title_pm_content_po` |
//! | product owner or manager | hybrid | `title_single_role_content_hybrid` |
//! | hybrid | product owner or manager | `title_hybrid_content_single_role` |
//! | any product role | neither | `product_title_no_product_content` |
//! | neither (project/program manager, scrum master, BA, PMM, other) | any product label | `non_product_title_product_content` |
//!
//! Independently, `seniority_contradicted` is found when the body's seniority cues contradict
//! the title's level ([`seniority::contradiction`]).
//!
//! # One verdict, plus additional findings
//!
//! A record has at most two findings (its role finding and a seniority finding). The record's
//! `verdict` and `severity` are its **most severe** finding (the role finding on a tie); the
//! other, if any, is listed under `additional`. A record with no finding is `consistent` with
//! severity `None` (null in JSONL): consistency is not a finding. So `severity` is always the
//! record's highest severity, which is what `--fail-on` compares.
//!
//! # Severity
//!
//! `info` < `low` < `medium` < `high`. A role finding starts from its verdict's base
//! ([`Verdict::base_severity`]): role swaps (`title_po_content_pm`, `title_pm_content_po`,
//! `product_title_no_product_content`, `non_product_title_product_content`) are `high`;
//! scope differences (`title_single_role_content_hybrid`, `title_hybrid_content_single_role`)
//! are `low`. Two weaker forms start at `medium`: a product title whose body has no product
//! terms but names no other role either (absence of evidence, often a short or truncated body),
//! and a scrum master, business analyst or product marketing title whose body reads as a
//! product role (those roles share the vocabulary, [`shares_product_vocabulary`]). Then the
//! content's certainty lowers it ([`role_severity`]): one step when the content confidence is
//! under [`CONFIDENT_CONTENT`], and at most `low` when the classifier flagged the content for
//! review. A posting with no title at all cannot be mistitled: its role finding is `info`.
//! Seniority findings are `medium`, or `low` when the body also agrees with the title
//! somewhere.

use super::seniority::{self, SeniorityCue};
use super::title::{normalize_title, NormalizedTitle, Seniority, TitleFamily};
use crate::classify::{Classification, Evidence, ReviewReasons, Scores};
use crate::label::Label;
use crate::lexicon::Role;
use crate::posting::Posting;
use serde::Serialize;
use std::fmt;

/// Content confidence under which a role finding is one step less severe. Chosen by reading
/// body-only accuracy per confidence band: on the project's gold set, answers under 0.7 were
/// right half the time and those above about 95%; on the real postings of `../shared/eval`
/// (title-derived labels) about 78% under 0.7 against 92–94% above.
pub const CONFIDENT_CONTENT: f64 = 0.7;

/// How many body terms a finding shows.
pub const CONTENT_EVIDENCE_TERMS: usize = 5;

/// What the audit concludes about a posting (or one of its findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Title and content agree (and no seniority contradiction).
    Consistent,
    /// Titled product owner; the body describes a product manager.
    TitlePoContentPm,
    /// Titled product manager (or TPM, APM, product leadership); the body describes a product
    /// owner.
    TitlePmContentPo,
    /// Titled as one product role; the body describes both.
    TitleSingleRoleContentHybrid,
    /// Titled as both product roles; the body describes only one.
    TitleHybridContentSingleRole,
    /// Titled as a product role; the body has no (or too little) product content.
    ProductTitleNoProductContent,
    /// Titled as another role (project manager, business analyst, …, or no role at all); the
    /// body describes a product role.
    NonProductTitleProductContent,
    /// The title's seniority is contradicted by the body ("Senior" over "entry level").
    SeniorityContradicted,
}

impl Verdict {
    /// Every verdict, `consistent` first.
    pub const ALL: [Verdict; 8] = [
        Verdict::Consistent,
        Verdict::TitlePoContentPm,
        Verdict::TitlePmContentPo,
        Verdict::TitleSingleRoleContentHybrid,
        Verdict::TitleHybridContentSingleRole,
        Verdict::ProductTitleNoProductContent,
        Verdict::NonProductTitleProductContent,
        Verdict::SeniorityContradicted,
    ];

    /// The snake_case name, identical to the serialised form.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::TitlePoContentPm => "title_po_content_pm",
            Verdict::TitlePmContentPo => "title_pm_content_po",
            Verdict::TitleSingleRoleContentHybrid => "title_single_role_content_hybrid",
            Verdict::TitleHybridContentSingleRole => "title_hybrid_content_single_role",
            Verdict::ProductTitleNoProductContent => "product_title_no_product_content",
            Verdict::NonProductTitleProductContent => "non_product_title_product_content",
            Verdict::SeniorityContradicted => "seniority_contradicted",
        }
    }

    /// Position in [`Verdict::ALL`], for indexing count arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The severity of this verdict with confident content, before the exceptions of
    /// [`role_severity`] (`None` for `consistent`).
    pub fn base_severity(self) -> Option<Severity> {
        match self {
            Verdict::Consistent => None,
            Verdict::TitlePoContentPm
            | Verdict::TitlePmContentPo
            | Verdict::ProductTitleNoProductContent
            | Verdict::NonProductTitleProductContent => Some(Severity::High),
            Verdict::SeniorityContradicted => Some(Severity::Medium),
            Verdict::TitleSingleRoleContentHybrid | Verdict::TitleHybridContentSingleRole => {
                Some(Severity::Low)
            }
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nobody needs to act.
    Info,
    /// A scope difference, or a role swap the content is unsure of.
    Low,
    /// A real mismatch with some doubt, or a contradicted seniority.
    Medium,
    /// The title names one role and the body confidently describes another.
    High,
}

impl Severity {
    /// Every severity, least first.
    pub const ALL: [Severity; 4] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
    ];

    /// The snake_case name, identical to the serialised form.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// Position in [`Severity::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// One step less severe (`info` stays `info`).
    pub fn lower(self) -> Severity {
        Severity::ALL[self.index().saturating_sub(1)]
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A body-side piece of evidence: a model term the classifier found, or a seniority cue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ContentEvidence {
    /// A classifier term supporting the content label (role findings).
    Term(Evidence),
    /// A phrase about the role's level (seniority findings).
    Seniority(SeniorityCue),
}

/// The evidence on both sides of a finding.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FindingEvidence {
    /// The title phrases that set the expectation ([`NormalizedTitle::evidence`]).
    pub title: Vec<String>,
    /// The body evidence that supports the content reading, strongest first.
    pub content: Vec<ContentEvidence>,
}

/// One finding: a verdict other than `consistent`, its severity and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What is wrong.
    pub verdict: Verdict,
    /// How much it matters.
    pub severity: Severity,
    /// Why.
    pub evidence: FindingEvidence,
}

/// The audit of one posting. Serialises in the JSONL contract order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRecord {
    /// Posting id.
    pub id: String,
    /// The title as posted.
    pub title: String,
    /// The title's role family.
    pub title_family: TitleFamily,
    /// The title's seniority.
    pub title_seniority: Seniority,
    /// The label of the body alone.
    pub content_label: Label,
    /// The most severe finding's verdict, or `consistent`.
    pub verdict: Verdict,
    /// The most severe finding's severity; `None` when consistent.
    pub severity: Option<Severity>,
    /// The evidence for `verdict` (for `consistent`: the title phrases and the body terms
    /// that agree with them).
    pub evidence: FindingEvidence,
    /// Any further, no more severe, findings.
    pub additional: Vec<Finding>,
    /// The content label's confidence.
    pub content_confidence: f64,
    /// The classifier flagged the content for review.
    pub content_review: bool,
    /// Why (empty when not flagged).
    pub content_review_reasons: ReviewReasons,
    /// The body's evidence per role.
    pub content_scores: Scores,
    /// The title's role part, normalised.
    pub title_cleaned: String,
    /// The title's specialisations.
    pub specializations: Vec<String>,
}

impl AuditRecord {
    /// Every finding, most severe first (empty when consistent).
    pub fn findings(&self) -> impl Iterator<Item = (Verdict, Severity, &FindingEvidence)> {
        let primary = self
            .severity
            .map(|severity| (self.verdict, severity, &self.evidence));
        primary.into_iter().chain(
            self.additional
                .iter()
                .map(|f| (f.verdict, f.severity, &f.evidence)),
        )
    }

    /// Whether the record has any finding.
    pub fn is_finding(&self) -> bool {
        self.severity.is_some()
    }
}

/// The role verdict for a title family and a content label (see the module docs' table).
pub fn role_verdict(family: TitleFamily, content: Label) -> Verdict {
    let expected = family.expected_label();
    match (expected, content) {
        (e, c) if e == c => Verdict::Consistent,
        (Label::Neither, _) => Verdict::NonProductTitleProductContent,
        (_, Label::Neither) => Verdict::ProductTitleNoProductContent,
        (Label::Hybrid, _) => Verdict::TitleHybridContentSingleRole,
        (_, Label::Hybrid) => Verdict::TitleSingleRoleContentHybrid,
        (Label::ProductOwner, _) => Verdict::TitlePoContentPm,
        (Label::ProductManager, _) => Verdict::TitlePmContentPo,
    }
}

/// Title families whose postings share a product role's vocabulary by nature (scrum masters
/// and business analysts write backlogs and user stories; product marketers research markets
/// and launch products): a product reading of their body is a weaker sign of a mistitle.
pub fn shares_product_vocabulary(family: TitleFamily) -> bool {
    matches!(
        family,
        TitleFamily::ScrumMaster
            | TitleFamily::BusinessAnalyst
            | TitleFamily::ProductMarketingManager
    )
}

/// The severity of a role finding, from its verdict, the title family and the content's
/// certainty (see the module docs). `None` for `consistent`.
pub fn role_severity(
    verdict: Verdict,
    family: TitleFamily,
    content: &Classification,
    untitled: bool,
) -> Option<Severity> {
    let mut severity = verdict.base_severity()?;
    if untitled {
        return Some(Severity::Info);
    }
    let weaker = match verdict {
        Verdict::NonProductTitleProductContent => shares_product_vocabulary(family),
        // Absence of product terms (short, truncated or vague bodies) is weaker than a body
        // that names another role.
        Verdict::ProductTitleNoProductContent => content.scores.other_role <= 0.0,
        _ => false,
    };
    if weaker {
        severity = severity.min(Severity::Medium);
    }
    if content.confidence < CONFIDENT_CONTENT {
        severity = severity.lower();
    }
    if content.review {
        severity = severity.min(Severity::Low);
    }
    Some(severity)
}

/// The body terms that support a content label, strongest first, one per term: product-owner
/// terms for `product_owner`, product-manager terms for `product_manager`, both for `hybrid`,
/// other-role terms (scrum master, project manager…) for `neither`. Shared terms support no
/// label in particular and are left out.
pub fn supporting_evidence(content: &Classification, n: usize) -> Vec<Evidence> {
    let wanted = |role: Role| match content.label {
        Label::ProductOwner => role == Role::ProductOwner,
        Label::ProductManager => role == Role::ProductManager,
        Label::Hybrid => matches!(role, Role::ProductOwner | Role::ProductManager),
        Label::Neither => role == Role::Other,
    };
    let mut shown: Vec<Evidence> = Vec::with_capacity(n);
    for e in content
        .evidence
        .iter()
        .filter(|e| e.contribution > 0.0 && wanted(e.role))
    {
        if shown.len() == n {
            break;
        }
        if !shown.iter().any(|s| s.term == e.term && s.role == e.role) {
            shown.push(e.clone());
        }
    }
    shown
}

/// Audits one posting against the classification of its body alone.
pub fn audit(posting: &Posting, content: &Classification) -> AuditRecord {
    audit_title(posting, &normalize_title(&posting.title), content)
}

/// [`audit`] with the title already normalised.
pub fn audit_title(
    posting: &Posting,
    title: &NormalizedTitle,
    content: &Classification,
) -> AuditRecord {
    let untitled = posting.title.trim().is_empty();
    let role = role_verdict(title.family, content.label);
    let role_evidence = FindingEvidence {
        title: title.evidence.clone(),
        content: supporting_evidence(content, CONTENT_EVIDENCE_TERMS)
            .into_iter()
            .map(ContentEvidence::Term)
            .collect(),
    };
    let mut findings: Vec<Finding> = Vec::with_capacity(2);
    if let Some(severity) = role_severity(role, title.family, content, untitled) {
        findings.push(Finding {
            verdict: role,
            severity,
            evidence: role_evidence.clone(),
        });
    }
    let cues = seniority::cues(&posting.body);
    if let Some((severity, contra)) = seniority::contradiction(title.seniority, &cues) {
        findings.push(Finding {
            verdict: Verdict::SeniorityContradicted,
            severity,
            evidence: FindingEvidence {
                title: title.evidence.clone(),
                content: contra.into_iter().map(ContentEvidence::Seniority).collect(),
            },
        });
    }
    // Most severe first; a stable sort keeps the role finding first on a tie.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut findings = findings.into_iter();
    let (verdict, severity, evidence) = match findings.next() {
        Some(f) => (f.verdict, Some(f.severity), f.evidence),
        None => (Verdict::Consistent, None, role_evidence),
    };
    AuditRecord {
        id: posting.id.clone(),
        title: posting.title.clone(),
        title_family: title.family,
        title_seniority: title.seniority,
        content_label: content.label,
        verdict,
        severity,
        evidence,
        additional: findings.collect(),
        content_confidence: content.confidence,
        content_review: content.review,
        content_review_reasons: content.review_reasons,
        content_scores: content.scores,
        title_cleaned: title.cleaned.clone(),
        specializations: title.specializations.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Context, Field};
    use crate::lexicon::Category;
    use Severity::{High, Info, Low, Medium};
    use Verdict as V;

    fn term(term: &str, role: Role, contribution: f64) -> Evidence {
        Evidence {
            term: term.into(),
            category: Category::Duty,
            role,
            count: 1,
            weight: contribution,
            spans: vec![[0, 1]],
            contribution,
            field: Field::Body,
            context: Context::Mention,
        }
    }

    /// A synthetic body-only classification with typical evidence for its label.
    fn content(label: Label, confidence: f64, review: bool) -> Classification {
        let evidence = vec![
            term("product roadmap", Role::ProductManager, 3.0),
            term("product backlog", Role::ProductOwner, 2.5),
            term("scrum master", Role::Other, 2.0),
            term("stakeholder", Role::Shared, 1.5),
            term("market research", Role::ProductManager, 1.0),
            term("user story", Role::ProductOwner, 0.5),
            term("roadmap", Role::ProductManager, 0.0),
        ];
        let sum = |role: Role| {
            evidence
                .iter()
                .filter(|e| e.role == role)
                .map(|e| e.contribution)
                .sum()
        };
        let scores = Scores {
            product_owner: sum(Role::ProductOwner),
            product_manager: sum(Role::ProductManager),
            other_role: sum(Role::Other),
        };
        Classification {
            label,
            confidence,
            review,
            review_reasons: Default::default(),
            scores,
            evidence,
            tally: Default::default(),
        }
    }

    /// A classification that found nothing at all.
    fn nothing_found() -> Classification {
        Classification {
            label: Label::Neither,
            confidence: 1.0,
            review: false,
            review_reasons: Default::default(),
            scores: Scores::default(),
            evidence: Vec::new(),
            tally: Default::default(),
        }
    }

    fn posting(title: &str, body: &str) -> Posting {
        Posting::new(title, body)
    }

    const BODY: &str = "Work on our product.";

    #[test]
    fn table_of_verdicts_and_severities() {
        use Label::{Hybrid as H, Neither as N, ProductManager as PM, ProductOwner as PO};
        // (title, body label, confidence, review, verdict, severity)
        type Case = (&'static str, Label, f64, bool, Verdict, Option<Severity>);
        let cases: &[Case] = &[
            ("Product Owner", PO, 0.9, false, V::Consistent, None),
            (
                "Product Owner",
                PM,
                0.9,
                false,
                V::TitlePoContentPm,
                Some(High),
            ),
            (
                "Product Owner",
                PM,
                0.55,
                false,
                V::TitlePoContentPm,
                Some(Medium),
            ),
            (
                "Product Owner",
                PM,
                0.9,
                true,
                V::TitlePoContentPm,
                Some(Low),
            ),
            (
                "Product Owner",
                PM,
                0.4,
                true,
                V::TitlePoContentPm,
                Some(Low),
            ),
            (
                "Senior Product Manager",
                PO,
                0.8,
                false,
                V::TitlePmContentPo,
                Some(High),
            ),
            (
                "Head of Product",
                PO,
                0.8,
                false,
                V::TitlePmContentPo,
                Some(High),
            ),
            (
                "Technical Product Manager",
                PO,
                0.8,
                false,
                V::TitlePmContentPo,
                Some(High),
            ),
            ("Product Manager", PM, 0.7, false, V::Consistent, None),
            (
                "Product Owner",
                H,
                0.9,
                false,
                V::TitleSingleRoleContentHybrid,
                Some(Low),
            ),
            (
                "Product Manager",
                H,
                0.5,
                false,
                V::TitleSingleRoleContentHybrid,
                Some(Info),
            ),
            (
                "Product Manager/Owner",
                PO,
                0.9,
                false,
                V::TitleHybridContentSingleRole,
                Some(Low),
            ),
            (
                "PO/PM",
                PM,
                0.9,
                false,
                V::TitleHybridContentSingleRole,
                Some(Low),
            ),
            ("Product Manager/Owner", H, 0.9, false, V::Consistent, None),
            (
                "Product Manager/Owner",
                N,
                0.9,
                false,
                V::ProductTitleNoProductContent,
                Some(High),
            ),
            (
                "Product Owner",
                N,
                1.0,
                false,
                V::ProductTitleNoProductContent,
                Some(High),
            ),
            (
                "Product Owner",
                N,
                0.52,
                false,
                V::ProductTitleNoProductContent,
                Some(Medium),
            ),
            (
                "Project Manager",
                PO,
                0.9,
                false,
                V::NonProductTitleProductContent,
                Some(High),
            ),
            (
                "Business Analyst",
                PO,
                0.7,
                true,
                V::NonProductTitleProductContent,
                Some(Low),
            ),
            // Roles that share a product role's vocabulary: at most medium.
            (
                "Scrum Master",
                H,
                0.9,
                false,
                V::NonProductTitleProductContent,
                Some(Medium),
            ),
            (
                "Scrum Master",
                PO,
                0.65,
                false,
                V::NonProductTitleProductContent,
                Some(Low),
            ),
            (
                "Product Marketing Manager",
                PM,
                0.95,
                false,
                V::NonProductTitleProductContent,
                Some(Medium),
            ),
            (
                "Program Manager",
                PM,
                0.95,
                false,
                V::NonProductTitleProductContent,
                Some(High),
            ),
            (
                "Software Engineer",
                PM,
                0.9,
                false,
                V::NonProductTitleProductContent,
                Some(High),
            ),
            ("Project Manager", N, 0.9, false, V::Consistent, None),
            ("Registered Nurse", N, 1.0, false, V::Consistent, None),
            // No title at all: nothing to contradict.
            (
                "",
                PM,
                0.9,
                false,
                V::NonProductTitleProductContent,
                Some(Info),
            ),
            ("", N, 0.9, false, V::Consistent, None),
        ];
        let mut failures = Vec::new();
        for (title, label, confidence, review, verdict, severity) in cases {
            let record = audit(
                &posting(title, BODY),
                &content(*label, *confidence, *review),
            );
            if record.verdict != *verdict || record.severity != *severity {
                failures.push(format!(
                    "{title:?} / {label} {confidence} review={review}: got {} {:?}, want {verdict} {severity:?}",
                    record.verdict, record.severity
                ));
            }
            assert!(record.additional.is_empty());
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_pair_of_family_and_label_has_a_verdict() {
        for family in TitleFamily::ALL {
            for label in Label::ALL {
                let v = role_verdict(family, label);
                assert_eq!(v == V::Consistent, family.expected_label() == label);
                assert_ne!(v, V::SeniorityContradicted);
            }
        }
    }

    #[test]
    fn review_caps_at_low_and_low_confidence_lowers_one_step() {
        for verdict in V::ALL.into_iter().skip(1) {
            let base = verdict.base_severity().unwrap();
            let c = |confidence, review| content(Label::Neither, confidence, review);
            let f = TitleFamily::ProductOwner;
            assert_eq!(role_severity(verdict, f, &c(0.9, false), false), Some(base));
            assert_eq!(
                role_severity(verdict, f, &c(0.5, false), false),
                Some(base.lower())
            );
            assert!(role_severity(verdict, f, &c(0.9, true), false).unwrap() <= Low);
            assert_eq!(role_severity(verdict, f, &c(0.9, false), true), Some(Info));
        }
        let any = content(Label::Neither, 0.1, true);
        assert_eq!(
            role_severity(V::Consistent, TitleFamily::Other, &any, false),
            None
        );
        assert_eq!(Info.lower(), Info);
        assert!(Info < Low && Low < Medium && Medium < High);
    }

    #[test]
    fn a_product_title_over_an_empty_body_is_medium() {
        let r = audit(&posting("Product Owner", BODY), &nothing_found());
        assert_eq!(r.verdict, V::ProductTitleNoProductContent);
        assert_eq!(r.severity, Some(Medium));
        assert!(r.evidence.content.is_empty());
        // Naming another role is positive evidence: high.
        let r = audit(
            &posting("Product Owner", BODY),
            &content(Label::Neither, 1.0, false),
        );
        assert_eq!(r.severity, Some(High));
    }

    #[test]
    fn evidence_on_both_sides_supports_the_content_label() {
        let record = audit(
            &posting("Sr. Product Owner", BODY),
            &content(Label::ProductManager, 0.9, false),
        );
        assert_eq!(record.evidence.title, ["Sr.", "Product Owner"]);
        let terms: Vec<&str> = record
            .evidence
            .content
            .iter()
            .map(|e| match e {
                ContentEvidence::Term(t) => t.term.as_str(),
                ContentEvidence::Seniority(c) => c.phrase.as_str(),
            })
            .collect();
        // Product-manager terms only, strongest first, zero contributions left out.
        assert_eq!(terms, ["product roadmap", "market research"]);

        let neither = audit(
            &posting("Product Owner", BODY),
            &content(Label::Neither, 0.9, false),
        );
        assert_eq!(neither.evidence.content.len(), 1, "the other role's terms");
        let hybrid = supporting_evidence(&content(Label::Hybrid, 0.9, false), 3);
        let hybrid: Vec<&str> = hybrid.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(
            hybrid,
            ["product roadmap", "product backlog", "market research"]
        );
    }

    #[test]
    fn seniority_is_a_second_finding_and_the_most_severe_leads() {
        let junior_body = "This is an entry-level role. Own the roadmap.";
        // Role consistent: seniority is the verdict.
        let r = audit(
            &posting("Senior Product Manager", junior_body),
            &content(Label::ProductManager, 0.9, false),
        );
        assert_eq!(
            (r.verdict, r.severity),
            (V::SeniorityContradicted, Some(Medium))
        );
        assert!(r.additional.is_empty());
        match &r.evidence.content[0] {
            ContentEvidence::Seniority(c) => assert_eq!(c.phrase, "entry-level"),
            other => panic!("{other:?}"),
        }
        // A high role swap leads; seniority follows.
        let r = audit(
            &posting("Senior Product Manager", junior_body),
            &content(Label::ProductOwner, 0.9, false),
        );
        assert_eq!((r.verdict, r.severity), (V::TitlePmContentPo, Some(High)));
        assert_eq!(r.additional.len(), 1);
        assert_eq!(r.additional[0].verdict, V::SeniorityContradicted);
        // A low role finding yields to a medium seniority finding.
        let r = audit(
            &posting("Senior Product Manager", junior_body),
            &content(Label::Hybrid, 0.9, false),
        );
        assert_eq!(r.verdict, V::SeniorityContradicted);
        assert_eq!(r.additional[0].verdict, V::TitleSingleRoleContentHybrid);
        let all: Vec<_> = r.findings().map(|(v, s, _)| (v, s)).collect();
        assert_eq!(
            all,
            [
                (V::SeniorityContradicted, Medium),
                (V::TitleSingleRoleContentHybrid, Low)
            ]
        );
        // Junior titles and senior requirements.
        let r = audit(
            &posting(
                "Associate Product Manager",
                "You bring 10+ years of experience.",
            ),
            &content(Label::ProductManager, 0.9, false),
        );
        assert_eq!(r.verdict, V::SeniorityContradicted);
        // A mid-level title is never contradicted.
        let r = audit(
            &posting(
                "Product Manager",
                "Entry-level. Or 10+ years of experience.",
            ),
            &content(Label::ProductManager, 0.9, false),
        );
        assert_eq!(r.verdict, V::Consistent);
        assert!(!r.is_finding());
    }

    #[test]
    fn records_serialise_in_contract_order() {
        let r = audit(
            &posting("Product Owner", BODY),
            &content(Label::ProductManager, 0.9, false),
        );
        let json = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys[..8],
            [
                "id",
                "title",
                "title_family",
                "title_seniority",
                "content_label",
                "verdict",
                "severity",
                "evidence"
            ]
        );
        assert_eq!(json["verdict"], "title_po_content_pm");
        assert_eq!(json["severity"], "high");
        assert_eq!(
            json["evidence"]["title"],
            serde_json::json!(["Product Owner"])
        );
        assert_eq!(json["evidence"]["content"][0]["term"], "product roadmap");
        let consistent = audit(
            &posting("Product Manager", BODY),
            &content(Label::ProductManager, 0.9, false),
        );
        assert_eq!(
            serde_json::to_value(&consistent).unwrap()["severity"],
            serde_json::Value::Null
        );
        for v in V::ALL {
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{v}\""));
        }
        for s in Severity::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
    }
}
