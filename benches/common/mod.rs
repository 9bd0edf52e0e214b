//! A deterministic generator of synthetic postings for benchmarks.
//!
//! Postings are about 3 KB, one in five is HTML, and they mix product owner, product manager,
//! hybrid and unrelated content, written from the project's own phrase lists (no real
//! postings). The same seed always gives the same bytes, so two runs measure the same work.
#![allow(dead_code)]

use std::io::Write;

/// One generated posting.
pub struct GeneratedPosting {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description (plain text or HTML).
    pub body: String,
}

/// splitmix64: small, fast and good enough for picking phrases.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TITLES: &[&str] = &[
    "Product Owner",
    "Senior Product Owner",
    "Product Manager",
    "Senior Product Manager",
    "Product Manager / Product Owner",
    "Technical Product Owner",
    "Scrum Master",
    "Project Manager",
    "Software Engineer",
    "Registered Nurse",
    "Data Analyst",
];
const PO_DUTIES: &[&str] = &[
    "own and prioritise the product backlog for two scrum teams",
    "write user stories with clear acceptance criteria",
    "run backlog refinement and sprint planning with the developers",
    "accept completed stories in the sprint review",
    "act as the voice of the customer for the development team",
    "translate the roadmap into actionable tasks every sprint",
    "answer the team's questions about requirements during the sprint",
];
const PM_DUTIES: &[&str] = &[
    "lead market research and competitive analysis",
    "own the product roadmap and the product vision",
    "define pricing, positioning and the go-to-market plan",
    "interview customers and turn insights into strategy",
    "track adoption, retention and revenue metrics after each launch",
    "align engineering, design, marketing and sales around the strategy",
    "run A/B tests and read the product analytics",
];
const OTHER_DUTIES: &[&str] = &[
    "coordinate schedules, budgets and vendors across the project",
    "care for patients and keep accurate clinical records",
    "build and maintain backend services in Go and Postgres",
    "prepare weekly reports and dashboards for the finance team",
    "facilitate daily stand-ups and remove impediments for the team",
];
const FILLER: &[&str] = &[
    "We are a growing company with offices in three cities and a friendly, curious team.",
    "You will join a group that values clear writing, kind feedback and steady delivery.",
    "Our customers rely on us every day, so quality and reliability matter to everyone here.",
    "We offer flexible hours, a learning budget, parental leave and a hybrid way of working.",
    "The role reports to the head of the department and works across several time zones.",
    "Applicants should be comfortable with ambiguity and enjoy solving practical problems.",
    "Benefits include health insurance, a pension plan and twenty-eight days of holiday.",
    "We believe diverse teams build better products and welcome applicants of every background.",
];

/// The `i`-th posting of the stream for `seed`.
pub fn posting(seed: u64, i: usize) -> GeneratedPosting {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let title = rng.pick(TITLES).to_string();
    let duties: &[&str] = match rng.below(4) {
        0 => PO_DUTIES,
        1 => PM_DUTIES,
        2 => {
            if rng.below(2) == 0 {
                PO_DUTIES
            } else {
                PM_DUTIES
            }
        }
        _ => OTHER_DUTIES,
    };
    let html = rng.below(5) == 0;
    let mut body = String::with_capacity(3300);
    while body.len() < 3000 {
        let sentence = if rng.below(3) == 0 {
            format!("You will {}.", rng.pick(duties))
        } else {
            rng.pick(FILLER).to_string()
        };
        if html {
            body.push_str("<p>");
            body.push_str(&sentence.replace(", ", ", <b>").replace('.', "</b>."));
            body.push_str("</p>\n");
        } else {
            body.push_str(&sentence);
            body.push(if rng.below(4) == 0 { '\n' } else { ' ' });
        }
    }
    GeneratedPosting {
        id: format!("gen-{seed}-{i}"),
        title,
        body,
    }
}

/// `n` postings for `seed`.
pub fn postings(seed: u64, n: usize) -> Vec<GeneratedPosting> {
    (0..n).map(|i| posting(seed, i)).collect()
}

/// Writes postings as JSONL until at least `bytes` are written; returns (postings, bytes).
pub fn write_jsonl(out: &mut impl Write, seed: u64, bytes: u64) -> std::io::Result<(usize, u64)> {
    let mut written = 0u64;
    let mut n = 0usize;
    while written < bytes {
        let p = posting(seed, n);
        let line = serde_json::json!({"id": p.id, "title": p.title, "description": p.body});
        let mut text = serde_json::to_string(&line).expect("serialises");
        text.push('\n');
        out.write_all(text.as_bytes())?;
        written += text.len() as u64;
        n += 1;
    }
    Ok((n, written))
}
