//! The two scales a title is read on: its role family and its seniority, with the names they
//! serialise as and the label a family promises.
//!
//! Kept apart from the reading because these are the public vocabulary the rest of the audit
//! (verdicts, summaries, the report) and evaluation speak; nothing here depends on how a title
//! is parsed.

use crate::label::Label;
use serde::Serialize;
use std::fmt;

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

#[cfg(test)]
mod tests {
    use super::*;
    use TitleFamily as F;

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
}
