//! The rule tables: the patterns that name role families and seniority levels, the
//! specialisation vocabulary, the noise to blank, and the word lists the checks consult.
//!
//! Kept apart from the steps that apply them so the vocabulary can be read and extended in one
//! place; every pattern here is compiled once, on first use.

use super::{Seniority, TitleFamily};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::ops::Range;
use std::sync::LazyLock;

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
pub(super) enum Check {
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
pub(super) struct Rule {
    pub(super) family: TitleFamily,
    pub(super) check: Check,
}

/// Ordered patterns compiled into one leftmost-first alternation, one capture group per rule.
pub(super) struct RuleSet<T> {
    pub(super) re: Regex,
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
    pub(super) fn find_all(&self, text: &str) -> Vec<(Range<usize>, T)> {
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

pub(super) static MENTIONS: LazyLock<RuleSet<Rule>> = LazyLock::new(|| {
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

pub(super) static SENIORITY: LazyLock<RuleSet<Seniority>> = LazyLock::new(|| {
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
pub(super) const SPECS: &[(&str, &str)] = &[
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

pub(super) static SPEC_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(SPECS.iter().map(|(_, p)| ascii_boundaries(p)))
        .case_insensitive(true)
        .size_limit(1 << 26)
        .build()
        .expect("static specialisation pattern compiles")
});

/// Noise removed before anything else. When a pattern has a capture group only the group is
/// blanked (the rest is context).
pub(super) static NOISE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
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
pub(super) static SEP: LazyLock<Regex> =
    LazyLock::new(|| build(r#"[|;:()\[\]{}!?,"@<>=*~^#\\]|\s[-/]|[-/]\s|\sat\s"#));

/// Role acronyms whose case decides whether they count.
pub(super) static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:po|pm|tpm|apm|pmm|cpo|gpm|ba|pmo|ceo|cto|coo|cfo|cmo|cio|ciso|cdo|cro)s?\b")
});
/// (Public so tests can tell a title whose reading depends on case.)
pub const ACRONYM_SINGULARS: &[&str] = &[
    "po", "pm", "tpm", "apm", "pmm", "cpo", "gpm", "ba", "pmo", "ceo", "cto", "coo", "cfo", "cmo",
    "cio", "ciso", "cdo", "cro",
];

pub(super) static PROGRAM_CTX: LazyLock<Regex> = LazyLock::new(|| build(r"\bprogram(?:me|m)?s?\b"));
pub(super) static PROJECT_CTX: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:projects?|projekt\w*|projetos?|construction|civil|mep|fit[\s-]?out)\b")
});
pub(super) static PURCHASE_CTX: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:purchas\w*|procurement|buyer|invoic\w*|accounts\s+payable|p2p|sourcing)\b")
});
pub(super) static CPO_CTX: LazyLock<Regex> = LazyLock::new(|| {
    build(r"\b(?:people|procurement|purchasing|privacy|protection|police|personnel)\b")
});
pub(super) static NUMERAL: LazyLock<Regex> = LazyLock::new(|| build(r"^\s+(iv|v|i{1,3}|[1-5])\b"));
/// A roman level closing a segment ("Software Engineer II").
pub(super) static ROMAN_LEVEL: LazyLock<Regex> = LazyLock::new(|| build(r"\s(iv|v|i{1,3})\s*$"));
pub(super) static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    build(r"[\p{Alphabetic}\p{M}\p{Nd}]+(?:['\-.][\p{Alphabetic}\p{M}\p{Nd}]+)*|[/&]")
});
/// Nouns that make a segment look like a role, for titles with no family mention.
pub(super) static ROLE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    build(
        r"(?:engineer|developer|entwickler|designer|scientist|analyst|manager|nurse|specialist|consultant|coordinator|officer|director|architect|administrator|assistant|representative|accountant|teacher|recruiter|writer|technician|intern|executive|marketer|researcher|strategist|owner|master|coach|advisor|agent|clerk|operator|driver|lead|head|president|programmer|tester|editor|lawyer|counsel|pharmacist|physician|doctor|therapist|chef|cook|cashier|associate|partner|maintainer|auditor)s?\b",
    )
});

/// Words after "Head of Product …" that make it another discipline's leadership.
pub(super) const DISCIPLINES: &[&str] = &[
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
pub(super) const PO_REJECT: &[&str] = &[
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
pub(super) const CONNECTORS: &[&str] = &[
    "and", "or", "to", "level", "/", "&", "und", "e", "ou", "y", "et",
];

#[cfg(test)]
mod tests {
    use super::*;

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
