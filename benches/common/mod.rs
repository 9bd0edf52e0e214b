//! Deterministic job postings for benchmarks, shared by every bench (`mod common;`).
//!
//! Posting `i` is always the same text on every machine: a small splitmix64 generator seeded
//! with `i` picks a role (product owner, product manager, hybrid, or another job), a company,
//! a location, and sentences from per-role vocabularies until the description reaches about
//! 3 KB. One posting in five ([`HTML_EVERY`]) is written as HTML (paragraphs, lists, bold,
//! entities), as job boards export them. Nothing here is real: the sentences were written
//! for rolesift's benchmarks.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Target description length in bytes.
pub const TARGET_BYTES: usize = 3_000;

/// Every `HTML_EVERY`-th posting (20%) is HTML.
pub const HTML_EVERY: usize = 5;

/// One generated posting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedPosting {
    /// `gen-000000`…
    pub id: String,
    /// The job title.
    pub title: String,
    /// A fictional company.
    pub company: String,
    /// A fictional location.
    pub location: String,
    /// About [`TARGET_BYTES`] of plain text or HTML.
    pub description: String,
    /// Written as HTML.
    pub html: bool,
}

/// splitmix64: tiny, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PO_TITLES: &[&str] = &[
    "Product Owner",
    "Senior Product Owner",
    "Technical Product Owner",
    "Product Owner – Payments",
    "Product Owner, Data Platform",
];
const PM_TITLES: &[&str] = &[
    "Product Manager",
    "Senior Product Manager",
    "Group Product Manager",
    "Product Manager – Growth",
    "Principal Product Manager",
];
const HYBRID_TITLES: &[&str] = &[
    "Product Owner / Product Manager",
    "Product Manager (Product Owner)",
];
const OTHER_TITLES: &[&str] = &[
    "Scrum Master",
    "Project Manager",
    "Business Analyst",
    "Data Engineer",
    "Head Chef",
    "Sales Manager",
];
const COMPANIES: &[&str] = &[
    "Nettlebrook Bank",
    "Quillfield Software",
    "Copperlark Systems",
    "Grünwald Systeme GmbH",
    "Saltmarsh Games",
    "Pebblewick Retail",
    "Tidewell Health",
    "Foxglove Lettings",
];
const LOCATIONS: &[&str] = &[
    "Leeds, UK",
    "Austin, TX",
    "München, Germany",
    "Remote",
    "Lisbon, Portugal",
    "Toronto, Canada",
];
const PO_SENTENCES: &[&str] = &[
    "As a Product Owner you will own and prioritise the product backlog for one Scrum team.",
    "You write user stories with clear acceptance criteria and split epics into small increments.",
    "You run backlog refinement and take part in sprint planning, the daily scrum and the sprint review.",
    "You accept or reject completed work against the definition of done.",
    "You are the single point of contact for the developers when questions come up during the sprint.",
    "Backlog prioritization, backlog grooming and release planning are part of your week.",
    "You keep the team's velocity and burndown honest together with the Scrum Master.",
    "A CSPO or PSPO certification is a plus.",
    "You translate stakeholder requests into backlog items the team can deliver.",
];
const PM_SENTENCES: &[&str] = &[
    "As a Product Manager you will own the product roadmap and the product strategy.",
    "You run market research, competitive analysis and customer discovery interviews.",
    "You define pricing and positioning with marketing and lead the go-to-market for new features.",
    "You set OKRs and track KPIs such as retention, activation and revenue.",
    "You write product requirements and business cases and present them to leadership.",
    "Stakeholder management across sales, support and finance is a large part of the job.",
    "You own the product vision and decide which markets we enter next.",
    "You work with the product owners of several teams, who turn your roadmap into backlogs.",
    "You analyse usage data and run A/B tests to decide what to build.",
];
const OTHER_SENTENCES: &[&str] = &[
    "You facilitate Scrum events and coach the team on agile practices.",
    "You plan projects, track budgets and report status to the steering committee.",
    "You gather requirements and document business processes.",
    "You build data pipelines and keep our warehouse fast and correct.",
    "You plan seasonal menus, manage suppliers and train the kitchen brigade.",
    "You meet quarterly sales targets and grow key accounts.",
];
const COMMON_SENTENCES: &[&str] = &[
    "We are a friendly team that values honest feedback and steady delivery.",
    "You will work with engineers, designers and people across the company every day.",
    "We offer flexible hours, a learning budget and thirty days of holiday.",
    "Our office is close to the station, and remote work is possible two days a week.",
    "Experience in a fast-growing company and excellent communication skills are expected.",
    "We care about accessibility, security and the people who use our software.",
];

/// Posting number `i`.
pub fn posting(i: usize) -> GeneratedPosting {
    let mut rng = Rng(i as u64 ^ 0x5EED_0F0B);
    let kind = rng.next() % 10;
    let (titles, own, other): (&[&str], &[&str], &[&str]) = match kind {
        0..=2 => (PO_TITLES, PO_SENTENCES, PM_SENTENCES),
        3..=5 => (PM_TITLES, PM_SENTENCES, PO_SENTENCES),
        6 => (HYBRID_TITLES, PO_SENTENCES, PM_SENTENCES),
        _ => (OTHER_TITLES, OTHER_SENTENCES, COMMON_SENTENCES),
    };
    let html = i.is_multiple_of(HTML_EVERY);
    let mut sentences = Vec::new();
    let mut len = 0;
    while len < TARGET_BYTES {
        let roll = rng.next() % 10;
        let sentence = match roll {
            0..=4 => rng.pick(own),
            5 if kind == 6 => rng.pick(other),
            5 | 6 => rng.pick(COMMON_SENTENCES),
            7 => rng.pick(other),
            _ => rng.pick(COMMON_SENTENCES),
        };
        len += sentence.len() + 1;
        sentences.push(sentence);
    }
    let description = if html {
        let mut out = String::from("<h2>About the role</h2>");
        for chunk in sentences.chunks(4) {
            if rng.next().is_multiple_of(2) {
                out.push_str("<ul>");
                for s in chunk {
                    let _ = write!(out, "<li>{}</li>", s.replace('&', "&amp;"));
                }
                out.push_str("</ul>");
            } else {
                out.push_str("<p>");
                for s in chunk {
                    let s = s
                        .replace('&', "&amp;")
                        .replacen("backlog", "<b>backlog</b>", 1);
                    out.push_str(&s);
                    out.push(' ');
                }
                out.push_str("</p>");
            }
        }
        out
    } else {
        let mut out = String::new();
        for chunk in sentences.chunks(4) {
            out.push_str(&chunk.join(" "));
            out.push_str("\n\n");
        }
        out
    };
    GeneratedPosting {
        id: format!("gen-{i:06}"),
        title: rng.pick(titles).to_string(),
        company: rng.pick(COMPANIES).to_string(),
        location: rng.pick(LOCATIONS).to_string(),
        description,
        html,
    }
}

/// Postings `0..n`.
pub fn postings(n: usize) -> Vec<GeneratedPosting> {
    (0..n).map(posting).collect()
}

/// Posting `i` as one JSONL line (`id`, `title`, `company`, `location`, `description`).
pub fn jsonl_line(i: usize) -> String {
    let p = posting(i);
    let record = serde_json::json!({
        "id": p.id,
        "title": p.title,
        "company": p.company,
        "location": p.location,
        "description": p.description,
    });
    let mut line = record.to_string();
    line.push('\n');
    line
}

/// Postings `0..n` as JSONL.
pub fn jsonl(n: usize) -> String {
    (0..n).map(jsonl_line).collect()
}

/// Streams postings `0, 1, …` as JSONL into `out` until at least `bytes` are written, without
/// holding them in memory; returns (postings, bytes written).
pub fn write_jsonl_bytes(
    out: &mut impl std::io::Write,
    bytes: u64,
) -> std::io::Result<(usize, u64)> {
    let (mut n, mut written) = (0usize, 0u64);
    while written < bytes {
        let line = jsonl_line(n);
        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
        n += 1;
    }
    Ok((n, written))
}

/// Writes postings `0..n` as JSONL to `path`; returns the byte count.
pub fn write_jsonl(path: &Path, n: usize) -> u64 {
    let text = jsonl(n);
    std::fs::write(path, &text).expect("write generated postings");
    text.len() as u64
}

/// A number from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
