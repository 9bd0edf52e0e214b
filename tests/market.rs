//! The rest of the job market, on postings written for this project: other occupations say
//! what they are, role names count by their context, "management" is no manager, British and
//! American spellings are one vocabulary, and hybrid needs both roles really there.
//!
//! Each case is checked body-only and, where the posting has a title, with it: a rule that
//! holds only with titles is no rule for a batch of bodies.

use rolesift::classify::{Context, ReviewReason};
use rolesift::lexicon::Role;
use rolesift::{Classification, Classifier, ClassifyOptions, Label, Model, Posting};

fn classify(title: &str, body: &str, ignore_title: bool) -> Classification {
    let options = ClassifyOptions {
        ignore_title,
        ..ClassifyOptions::default()
    };
    Classifier::with_options(Model::embedded().unwrap(), options)
        .classify(&Posting::new(title, body))
}

/// Both ways: body-only, then with the title.
fn both(title: &str, body: &str) -> [Classification; 2] {
    [classify(title, body, true), classify(title, body, false)]
}

fn is_product(label: Label) -> bool {
    label != Label::Neither
}

/// The evidence for `term`, in whichever context it was found.
fn contexts(c: &Classification, term: &str) -> Vec<(Role, Context)> {
    c.evidence
        .iter()
        .filter(|e| e.term == term)
        .map(|e| (e.role, e.context))
        .collect()
}

const DATA_ANALYST: &str = "As a Data Analyst you will turn raw sales and usage data into \
    dashboards and reports that the business relies on. You will write SQL queries, build data \
    models in our warehouse and analyse trends in customer behaviour. You will partner with \
    product managers on the roadmap and present findings to stakeholders in a clear way. Our \
    agile team meets for sprint planning every two weeks. What you bring: three years of \
    experience with SQL and Python, a statistics background, strong communication skills and \
    attention to detail. Experience with Tableau or Power BI is a plus.";

#[test]
fn another_occupations_self_description_is_neither() {
    for c in both("Data Analyst", DATA_ANALYST) {
        assert_eq!(c.label, Label::Neither, "{:?}", c.scores);
        assert!(contexts(&c, "data analyst")
            .iter()
            .any(|&(role, context)| role == Role::Other && context == Context::SelfDescription));
        // The product managers it partners with are colleagues, no evidence of its own role.
        assert!(contexts(&c, "product manager")
            .iter()
            .all(|&(_, context)| context == Context::Collaborator));
    }
}

#[test]
fn a_title_naming_another_occupation_outweighs_shared_duty_words() {
    let body = "You will build and maintain the services behind our checkout. You will pick up \
        backlog items each sprint, estimate user stories with the team, review pull requests \
        and keep our roadmap of technical improvements up to date. You care about testing, \
        observability and clean APIs. Five years of experience with Go or Rust, Kubernetes and \
        PostgreSQL. You will join sprint reviews and demo what you built to stakeholders.";
    let c = classify("Senior Software Engineer", body, false);
    assert_eq!(c.label, Label::Neither, "{:?}", c.scores);
    assert!(c.scores.other_role > c.scores.product_owner.max(c.scores.product_manager));
    // The title is what settles it: it names another occupation as strongly as "Product
    // Owner" would name ours.
    let owner = classify("Product Owner", body, false);
    assert!(is_product(owner.label), "{:?}", owner.scores);
}

#[test]
fn an_occupation_that_stems_like_a_duty_counts_only_as_a_person() {
    // "software development" stems like "software developer"; only the person is one.
    let body = "We are looking for a Product Manager to own the product vision and product \
        strategy for our developer platform. You will run customer interviews, define the \
        roadmap, set pricing and plan each go-to-market launch. Customers know us as a \
        software development partner they can trust. You will work closely with \
        engineering and design and measure success with product metrics and KPIs.";
    for c in both("Product Manager", body) {
        assert_eq!(c.label, Label::ProductManager, "{:?}", c.scores);
        assert!(
            !c.evidence
                .iter()
                .any(|e| e.role == Role::Other && e.context == Context::SelfDescription),
            "{:?}",
            c.evidence
        );
    }
    let developer = classify(
        "",
        "As a Software Developer you will write code, review pull requests and fix bugs in \
         our payment services, working in sprints with the rest of the engineering team.",
        true,
    );
    assert_eq!(developer.label, Label::Neither);
    assert!(developer.scores.other_role > 0.0);
}

#[test]
fn management_as_a_skill_is_not_a_manager() {
    let body = "We are looking for a Product Manager to define the product vision and the \
        product roadmap for our mobile banking app. You will run market research and customer \
        interviews, write the business case for new features, own pricing decisions and plan \
        go-to-market launches with marketing. You bring strong project management skills, an \
        interest in product management best practice and stakeholder management experience. \
        You will track product metrics and KPIs and report on them to the leadership team.";
    for c in both("Product Manager", body) {
        assert_eq!(c.label, Label::ProductManager, "{:?}", c.scores);
        assert!(
            contexts(&c, "project manager").is_empty(),
            "\"project management\" is a skill: {:?}",
            c.evidence
        );
        assert!(c.confidence > 0.6, "{}", c.confidence);
    }
}

const OWNER_AMERICAN: &str = "As the Product Owner you will prioritize the product backlog, \
    organize sprint planning and sprint reviews, analyze feedback from users and write user \
    stories with clear acceptance criteria. You will refine backlog items with the development \
    team every week and accept the work they deliver.";

#[test]
fn british_and_american_spellings_are_one_vocabulary() {
    let british = OWNER_AMERICAN
        .replace("prioritize", "prioritise")
        .replace("organize", "organise")
        .replace("analyze", "analyse");
    assert_ne!(british, OWNER_AMERICAN);
    let american = classify("", OWNER_AMERICAN, true);
    let british = classify("", &british, true);
    assert_eq!(american.label, Label::ProductOwner);
    assert_eq!(british.label, american.label);
    assert_eq!(british.scores, american.scores);
    let terms = |c: &Classification| {
        let mut terms: Vec<String> = c.evidence.iter().map(|e| e.term.clone()).collect();
        terms.sort();
        terms
    };
    assert_eq!(terms(&british), terms(&american));
}

#[test]
fn a_product_owner_who_shapes_strategy_stays_a_product_owner() {
    let body = "As the Product Owner for our claims platform you own the product backlog and \
        its priorities. You write user stories and acceptance criteria, lead backlog \
        refinement, join sprint planning and sprint reviews and accept the increment with the \
        development team. You also contribute to the product strategy and the roadmap with \
        the head of product, and talk to customers to understand their needs.";
    for c in both("Product Owner", body) {
        assert_eq!(c.label, Label::ProductOwner, "{:?}", c.scores);
    }
}

#[test]
fn hybrid_needs_both_roles_really_there_in_either_direction() {
    let both_roles = "You will act as both product manager and product owner for our \
        scheduling app. As product manager you set the product vision and product strategy, run \
        market research and competitive analysis, own pricing and plan go-to-market launches. \
        As product owner you own the product backlog, write user stories with acceptance \
        criteria, lead sprint planning and backlog refinement with the development team.";
    assert_eq!(
        classify("", both_roles, true).label,
        Label::Hybrid,
        "both named in the body"
    );
    assert_eq!(
        classify("Product Owner / Product Manager", both_roles, false).label,
        Label::Hybrid,
        "both named in the title"
    );
    // A product manager who works in an agile team is still a product manager…
    let manager = "We are looking for a Product Manager to own the product vision, product \
        strategy and roadmap for our logistics software. You will run customer interviews and \
        market research, define pricing and go-to-market plans and measure outcomes with \
        product metrics. You will join sprint reviews and help the team keep the backlog in \
        order.";
    for c in both("Product Manager", manager) {
        assert_eq!(c.label, Label::ProductManager, "{:?}", c.scores);
    }
    // …and a product owner who is told about the roadmap is still a product owner.
    let owner =
        format!("{OWNER_AMERICAN} You will keep the roadmap in view and explain it to the team.");
    assert_eq!(classify("", &owner, true).label, Label::ProductOwner);
}

#[test]
fn review_reasons_say_why_and_only_when_flagged() {
    let cases = [
        ("Data Analyst", DATA_ANALYST),
        ("", OWNER_AMERICAN),
        (
            "",
            "Product Owner gesucht. Du verantwortest das Backlog und die Sprints.",
        ),
        ("", "Backlog."),
        (
            "Product Specialist",
            "You will own the product backlog, write user stories, \
          set the product vision and product strategy, run competitive analysis and plan the \
          go-to-market launch and pricing for each release.",
        ),
    ];
    let mut seen = Vec::new();
    for (title, body) in cases {
        for c in both(title, body) {
            assert_eq!(c.review, !c.review_reasons.is_empty(), "{title}: {body}");
            for reason in c.review_reasons.iter() {
                assert!(ReviewReason::ALL.contains(&reason));
                seen.push(reason);
            }
        }
    }
    // Short and foreign texts are flagged for what they are.
    assert!(seen.contains(&ReviewReason::Stub), "{seen:?}");
    assert!(
        seen.contains(&ReviewReason::OtherOccupationNamed),
        "{seen:?}"
    );
}

/// `term` is found in `c`, and every time as a colleague's role.
fn assert_only_a_colleague(c: &Classification, term: &str) {
    let found = contexts(c, term);
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|&(_, context)| context == Context::Collaborator),
        "{term}: {:?}",
        c.evidence
    );
}

/// `term` is found in `c` at least once as `role`, the posting's own.
fn assert_own_role(c: &Classification, term: &str, role: Role) {
    assert!(
        contexts(c, term).contains(&(role, Context::SelfDescription)),
        "{term}: {:?}",
        c.evidence
    );
}

/// Postings in German or Portuguese often keep the English role name; their hiring statement
/// names the posting's own role, their "mit dem …" names a colleague.
#[test]
fn hiring_statements_in_other_languages_name_the_role() {
    let german = "Für unser Team in Leipzig suchen wir ab sofort einen Product Owner (m/w/d). \
        Du verantwortest das Product Backlog, schreibst User Stories mit Akzeptanzkriterien \
        und planst die Sprints gemeinsam mit dem Entwicklungsteam.";
    let c = classify("", german, true);
    assert_own_role(&c, "product owner", Role::ProductOwner);
    assert_eq!(c.label, Label::ProductOwner, "{:?}", c.scores);
    let portuguese = "Estamos em busca de um Product Manager para o nosso time. Você vai \
        definir o roadmap do produto e a estratégia de produto com os clientes.";
    assert_own_role(
        &classify("", portuguese, true),
        "product manager",
        Role::ProductManager,
    );
    // A developer's posting that works with the product owner names a colleague.
    let colleague = "Als Backend-Entwickler (m/w/d) baust du APIs in Rust und stimmst \
        Anforderungen mit dem Product Owner ab.";
    let c = classify("", colleague, true);
    assert_only_a_colleague(&c, "product owner");
    assert_eq!(c.label, Label::Neither);
    // A scrum master's posting in Portuguese: its own role named by "vaga de", the product
    // owner it supports a colleague.
    let scrum_master = "Vaga de Scrum Master para o nosso time de pagamentos. Você vai facilitar \
        as cerimônias do Scrum, remover impedimentos do time e apoiar o Product Owner na \
        priorização do backlog.";
    let c = classify("", scrum_master, true);
    assert_only_a_colleague(&c, "product owner");
    assert_own_role(&c, "scrum master", Role::Other);
    assert_eq!(c.label, Label::Neither);
    // "Erfahrung als …" is a role held before: a plain mention, though it holds "als".
    let past = "Als Scrum Master (m/w/d) moderierst du Retrospektiven. Du bringst drei Jahre \
        Erfahrung als Product Owner mit.";
    let c = classify("", past, true);
    assert_eq!(
        contexts(&c, "product owner"),
        vec![(Role::ProductOwner, Context::Mention)],
        "{:?}",
        c.evidence
    );
}
