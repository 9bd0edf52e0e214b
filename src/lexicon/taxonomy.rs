//! What rolesift extracts from the public occupational taxonomies (O*NET, ESCO): the rest of
//! the job market.
//!
//! The seed articles describe only the two product roles, so on their own they cannot say what
//! an engineer's, an analyst's or a nurse's posting looks like, and every posting that mentions
//! a budget or a roadmap collects product evidence. Two facts from the taxonomies fix that:
//!
//! * **Other occupations' titles** ([`OccupationTitle`], `corpus/occupations.tsv`): every
//!   occupation title, alternate title and reported title of O*NET and every preferred and
//!   alternative label of ESCO, except the product roles themselves (anything the title
//!   normaliser reads as a product owner or manager family, and ESCO's two product-manager
//!   occupations), so a title or a self-description naming another occupation is evidence
//!   against a product label.
//! * **How specific each lexicon term is to product work** ([`TermSpecificity`],
//!   `corpus/specificity.toml`): in how many non-product occupations the term occurs, counted
//!   over O*NET's task statements, technology examples and descriptions and over ESCO's
//!   descriptions and linked skill labels. "budget" occurs in hundreds of occupations, "product
//!   backlog" in none; the model builder turns the counts into a weight factor.
//!
//! Only titles and counts go into `corpus/`, each with its provenance (O*NET-SOC code or ESCO
//! concept id); no task or description sentence is kept. The taxonomy files themselves stay
//! outside the repository; [`extract`] reads them, and a test proves the committed files are
//! exactly what it makes from them.

use super::{Lexicon, Role};
use crate::analyze::Analyzer;
use crate::audit::title::normalize_title;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// File name of the other occupations' titles inside a corpus directory.
pub const OCCUPATIONS_FILE: &str = "occupations.tsv";
/// File name of the occupations' titles the taxonomies lack, written for the project (newer
/// job titles of software teams such as "agile coach"); their provenance is `rolesift`.
pub const PROJECT_OCCUPATIONS_FILE: &str = "occupations-project.tsv";
/// The provenance of a project-written occupation title.
pub const PROJECT_PROVENANCE: &str = "rolesift";
/// File name of the terms' specificity counts inside a corpus directory.
pub const SPECIFICITY_FILE: &str = "specificity.toml";

/// The O*NET release the extraction reads (recorded with the counts).
pub const ONET_RELEASE: &str = "O*NET 29.3 Database (May 2025)";
/// The ESCO release the extraction reads.
pub const ESCO_RELEASE: &str = "ESCO v1.1.1, English";

/// ESCO's own product-manager occupations ("product manager", "ICT product manager"): ours,
/// not the rest of the market.
const ESCO_PRODUCT_OCCUPATIONS: &[&str] = &[
    "9f508305-80ce-4111-8722-f2c9b4a44890",
    "a79170ad-0b7b-4697-864f-1748359aa10a",
];

/// Titles longer than this many words are descriptions of a niche ("livestock, grain, cotton
/// and other farm products purchasing agent"), not what postings call a job.
const MAX_TITLE_WORDS: usize = 4;

/// One-word titles that product postings use about their own role, often as a figure of speech
/// ("as a leader", "act as a translator between business and engineering", "a coach and
/// mentor to the team", "the driver of the roadmap"): too generic to count against a product
/// label.
const GENERIC_TITLES: &[&str] = &[
    "administrator",
    "adviser",
    "advisor",
    "advocate",
    "agent",
    "ambassador",
    "analyst",
    "architect",
    "assistant",
    "associate",
    "builder",
    "captain",
    "catalyst",
    "champion",
    "chief",
    "coach",
    "conductor",
    "connector",
    "consultant",
    "coordinator",
    "creator",
    "diplomat",
    "director",
    "driver",
    "entrepreneur",
    "evangelist",
    "executive",
    "expert",
    "facilitator",
    "farmer",
    "founder",
    "generalist",
    "guardian",
    "head",
    "hunter",
    "innovator",
    "lead",
    "leader",
    "liaison",
    "manager",
    "member",
    "mentor",
    "navigator",
    "negotiator",
    "officer",
    "owner",
    "partner",
    "pilot",
    "planner",
    "player",
    "president",
    "principal",
    "professional",
    "representative",
    "specialist",
    "steward",
    "storyteller",
    "strategist",
    "supervisor",
    "translator",
    "visionary",
];

/// Endings of one-word titles that name a person ("nurse" aside, most do): one-word titles
/// without one are fields, products or abbreviations ("production", "products", "app",
/// "aprn") that a product posting uses in other senses.
const PERSON_ENDINGS: &[&str] = &[
    "er", "or", "ist", "ian", "ant", "ent", "eer", "man", "woman", "wright", "smith", "ess",
    "nurse", "aide", "cook", "chef", "clerk", "guard", "judge", "maid", "nanny", "poet", "surgeon",
];

/// One-word titles shorter than this are mostly abbreviations.
const MIN_ONE_WORD_TITLE: usize = 5;

/// Whether a one-word title names a person in another occupation: long enough, a person's
/// ending (plurals read as singular), and not one of the generic words product postings use
/// about their own role (compared by stems, so "managers" is "manager").
fn names_a_person(title: &str, generic: &BTreeSet<Vec<String>>) -> bool {
    reads_as_person(title) && !generic.contains(&Analyzer.stems(title))
}

/// Whether one lowercase word reads as a person: long enough and a person's ending, plurals
/// read as singular. The classifier asks it of the word a one-word occupation matched, since
/// stems alone confuse "servicer" with "service".
pub fn reads_as_person(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    singular.chars().count() >= MIN_ONE_WORD_TITLE
        && PERSON_ENDINGS.iter().any(|e| singular.ends_with(e))
        // "-ent" is an agent or a student, but "-ment" a thing: development, management.
        && !singular.ends_with("ment")
}

/// Another occupation's title, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationTitle {
    /// The title, lowercase, parentheticals removed.
    pub title: String,
    /// Where it came from: `onet:15-2051.00` or `esco:<concept id>`, sorted.
    pub sources: Vec<String>,
}

/// How often a lexicon term occurs in the rest of the job market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpecificity {
    /// The lexicon term, as written in `lexicon.toml`.
    pub term: String,
    /// Non-product O*NET occupations whose text contains the term.
    pub onet: u32,
    /// Non-product ESCO occupations whose text contains the term.
    pub esco: u32,
}

/// What the counts were taken over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountedOver {
    /// The release.
    pub release: String,
    /// How many non-product occupations were counted.
    pub occupations: u32,
}

/// `corpus/specificity.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificityFile {
    /// The O*NET occupations counted.
    pub onet: CountedOver,
    /// The ESCO occupations counted.
    pub esco: CountedOver,
    /// One entry per lexicon term (its first spelling), in lexicon order.
    #[serde(rename = "term")]
    pub terms: Vec<TermSpecificity>,
}

impl SpecificityFile {
    /// The share of the job market's occupations that use `term`: the mean of its O*NET and
    /// ESCO shares. `None` for a term that was not counted (an overlay's).
    pub fn market_share(&self, term: &str) -> Option<f64> {
        let entry = self.terms.iter().find(|t| t.term == term)?;
        let share = |n: u32, of: u32| f64::from(n) / f64::from(of.max(1));
        Some(
            0.5 * (share(entry.onet, self.onet.occupations)
                + share(entry.esco, self.esco.occupations)),
        )
    }
}

/// Everything [`extract`] makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// Other occupations' titles, sorted by title.
    pub occupations: Vec<OccupationTitle>,
    /// The lexicon terms' counts.
    pub specificity: SpecificityFile,
}

/// Reads the taxonomies under `dir` (with `onet/` and `esco/` as in `../shared/taxonomy`) and
/// extracts other occupations' titles and the specificity of every term of `lexicon`.
pub fn extract(dir: &Path, lexicon: &Lexicon) -> Result<Extracted> {
    let onet = dir.join("onet");
    let esco = dir.join("esco");
    let mut documents = Documents::default();
    let mut titles = Titles::default();

    // O*NET: occupation titles, alternate (and short) titles, reported titles; the text of an
    // occupation is its description, its tasks and its technology examples.
    for row in read_tsv(&onet.join("Occupation Data.txt"))? {
        let code = field(&row, 0);
        titles.add(field(&row, 1), format!("onet:{code}"));
        documents.onet_text(code, field(&row, 2));
    }
    for row in read_tsv(&onet.join("Alternate Titles.txt"))? {
        let source = format!("onet:{}", field(&row, 0));
        titles.add(field(&row, 2), source.clone());
        titles.add(field(&row, 3), source);
    }
    for row in read_tsv(&onet.join("Sample of Reported Titles.txt"))? {
        titles.add(field(&row, 2), format!("onet:{}", field(&row, 0)));
    }
    for row in read_tsv(&onet.join("Task Statements.txt"))? {
        documents.onet_text(field(&row, 0), field(&row, 3));
    }
    for row in read_tsv(&onet.join("Technology Skills.txt"))? {
        documents.onet_text(field(&row, 0), field(&row, 2));
    }

    // ESCO: preferred and alternative labels; the text of an occupation is its description and
    // the labels of the skills it is linked to.
    let mut skill_labels: BTreeMap<String, String> = BTreeMap::new();
    for row in read_csv(&esco.join("skills_en.csv"))? {
        skill_labels.insert(concept_id(field(&row, 1)), field(&row, 4).to_string());
    }
    for row in read_csv(&esco.join("occupations_en.csv"))? {
        let id = concept_id(field(&row, 1));
        if ESCO_PRODUCT_OCCUPATIONS.contains(&id.as_str()) {
            continue;
        }
        let source = format!("esco:{id}");
        titles.add(field(&row, 3), source.clone());
        for label in field(&row, 4).lines() {
            titles.add(label, source.clone());
        }
        documents.esco_text(&id, field(&row, 12));
    }
    for row in read_csv(&esco.join("occupationSkillRelations.csv"))? {
        let occupation = concept_id(field(&row, 0));
        if let Some(label) = skill_labels.get(&concept_id(field(&row, 3))) {
            if documents.esco.contains_key(&occupation) {
                documents.esco_text(&occupation, label);
            }
        }
    }

    let product_terms = ProductTerms {
        role_names: lexicon
            .entries
            .iter()
            .filter(|e| e.role != Role::Other && e.category.names_a_role())
            .map(|e| Analyzer.stems(&e.term))
            .collect(),
        others: lexicon
            .entries
            .iter()
            .filter(|e| e.role != Role::Other && !e.category.names_a_role())
            .map(|e| Analyzer.stems(&e.term))
            .collect(),
    };
    Ok(Extracted {
        occupations: titles.finish(&product_terms),
        specificity: documents.count(lexicon),
    })
}

/// The stems of the lexicon's product terms: role names, which are never another occupation,
/// and the rest, which a person's title may share stems with.
struct ProductTerms {
    role_names: BTreeSet<Vec<String>>,
    others: BTreeSet<Vec<String>>,
}

/// Title → sources, deduplicated by the title's stems (the first spelling seen is kept, the
/// sources of every spelling merged).
#[derive(Default)]
struct Titles {
    by_stems: BTreeMap<Vec<String>, (String, BTreeSet<String>)>,
}

impl Titles {
    fn add(&mut self, raw: &str, source: String) {
        let title = clean_title(raw);
        if title.is_empty() {
            return;
        }
        let stems = Analyzer.stems(&title);
        if stems.is_empty() || stems.len() > MAX_TITLE_WORDS {
            return;
        }
        self.by_stems
            .entry(stems)
            .or_insert_with(|| (title, BTreeSet::new()))
            .1
            .insert(source);
    }

    /// Drops the product roles and the generic words, and sorts by title.
    fn finish(self, product_terms: &ProductTerms) -> Vec<OccupationTitle> {
        let generic: BTreeSet<Vec<String>> =
            GENERIC_TITLES.iter().map(|t| Analyzer.stems(t)).collect();
        let mut out: Vec<OccupationTitle> = self
            .by_stems
            .into_iter()
            .filter(|(stems, (title, _))| {
                !product_terms.role_names.contains(stems)
                    // "software developers" stems like the duty "software development": the
                    // person is kept (the classifier tells them apart the same way).
                    && (!product_terms.others.contains(stems)
                        || title.rsplit(' ').next().is_some_and(reads_as_person))
                    && (stems.len() != 1 || names_a_person(title, &generic))
                    && !normalize_title(title).family.is_product_role()
            })
            .map(|(_, (title, sources))| OccupationTitle {
                title,
                sources: sources.into_iter().collect(),
            })
            .collect();
        out.sort_by(|a, b| a.title.cmp(&b.title));
        out
    }
}

/// Lowercase, without parenthetical remarks ("CEO (Chief Executive Officer)" → "ceo"), commas
/// or extra spaces. A title listing alternatives with a comma ("buyers, farm products") keeps
/// only its head.
fn clean_title(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => break,
            _ if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The analysed text of every occupation, as space-separated stems with a space at both ends,
/// so a term is found with a plain substring search on word boundaries.
#[derive(Default)]
struct Documents {
    onet: BTreeMap<String, String>,
    esco: BTreeMap<String, String>,
}

/// O*NET's occupation for product managers (Marketing Managers, 11-2021.00) lists "Product
/// Manager" among its titles: ours, so it is not counted as the rest of the market.
const ONET_PRODUCT_OCCUPATIONS: &[&str] = &["11-2021.00"];

impl Documents {
    fn onet_text(&mut self, code: &str, text: &str) {
        if !ONET_PRODUCT_OCCUPATIONS.contains(&code) {
            append_stems(self.onet.entry(code.to_string()).or_default(), text);
        }
    }

    fn esco_text(&mut self, id: &str, text: &str) {
        append_stems(self.esco.entry(id.to_string()).or_default(), text);
    }

    fn count(&self, lexicon: &Lexicon) -> SpecificityFile {
        let patterns: Vec<String> = lexicon
            .entries
            .iter()
            .map(|e| format!(" {} ", Analyzer.stems(&e.term).join(" ")))
            .collect();
        let matcher = aho_corasick::AhoCorasick::new(&patterns).expect("plain patterns build");
        let occurrences = |docs: &BTreeMap<String, String>| -> Vec<u32> {
            let mut counts = vec![0u32; patterns.len()];
            for text in docs.values() {
                let mut seen = vec![false; patterns.len()];
                for m in matcher.find_overlapping_iter(text) {
                    seen[m.pattern().as_usize()] = true;
                }
                for (count, seen) in counts.iter_mut().zip(seen) {
                    *count += u32::from(seen);
                }
            }
            counts
        };
        let onet = occurrences(&self.onet);
        let esco = occurrences(&self.esco);
        SpecificityFile {
            onet: CountedOver {
                release: ONET_RELEASE.to_string(),
                occupations: self.onet.len() as u32,
            },
            esco: CountedOver {
                release: ESCO_RELEASE.to_string(),
                occupations: self.esco.len() as u32,
            },
            terms: lexicon
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| TermSpecificity {
                    term: e.term.clone(),
                    onet: onet[i],
                    esco: esco[i],
                })
                .collect(),
        }
    }
}

fn append_stems(doc: &mut String, text: &str) {
    if doc.is_empty() {
        doc.push(' ');
    }
    // Sentences are kept apart so a phrase never spans two of them.
    Analyzer.analyze(text, |t| {
        if t.boundary_before && !doc.ends_with(" | ") {
            doc.push_str("| ");
        }
        doc.push_str(t.stem);
        doc.push(' ');
    });
    doc.push_str("| ");
}

/// `http://data.europa.eu/esco/occupation/<id>` → `<id>`.
fn concept_id(uri: &str) -> String {
    uri.rsplit('/').next().unwrap_or(uri).to_string()
}

fn field(row: &csv::StringRecord, i: usize) -> &str {
    row.get(i).unwrap_or("")
}

/// O*NET text files: tab-separated, one header row, no quoting.
fn read_tsv(path: &Path) -> Result<Vec<csv::StringRecord>> {
    let reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .from_path(path)
        .map_err(|e| csv_error(path, e))?;
    collect_rows(path, reader)
}

/// ESCO CSV files: quoted fields may hold line breaks.
fn read_csv(path: &Path) -> Result<Vec<csv::StringRecord>> {
    let reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| csv_error(path, e))?;
    collect_rows(path, reader)
}

fn collect_rows(
    path: &Path,
    mut reader: csv::Reader<std::fs::File>,
) -> Result<Vec<csv::StringRecord>> {
    reader
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| csv_error(path, e))
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::io(path, source),
        other => Error::Lexicon {
            path: match line {
                Some(line) => PathBuf::from(format!("{}:{line}", path.display())),
                None => path.to_path_buf(),
            },
            message: format!("{other:?}"),
        },
    }
}

/// The header of `corpus/occupations.tsv`: what it is and the attribution the licences ask for.
pub const OCCUPATIONS_HEADER: &str = "\
# Other occupations' titles: evidence that a posting is not a product role.
#
# Extracted by `rolesift model taxonomy` from O*NET (Occupation Data, Alternate Titles, Sample of
# Reported Titles) and ESCO (occupation preferred and alternative labels). Titles are lowercase,
# without parenthetical remarks, of at most four words, deduplicated by their analysed stems.
# Left out: every title the title normaliser reads as a product owner or product manager, ESCO's
# two product-manager occupations, and one-word titles that product postings use about their
# own role (leader, owner, strategist, ...). Columns: title, then its sources (O*NET-SOC codes as
# onet:CODE, ESCO occupation concept ids as esco:ID, i.e. http://data.europa.eu/esco/occupation/ID).
#
# This file includes information from the O*NET 29.3 Database by the U.S. Department of Labor,
# Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET(R)
# is a trademark of USDOL/ETA. The rolesift project has modified all or some of this information.
# USDOL/ETA has not approved, endorsed, or tested these modifications.
# This file uses the ESCO classification of the European Commission (v1.1.1, English), adapted:
# only titles were extracted and filtered as described above.
title\tsources
";

/// The header of `corpus/specificity.toml`.
pub const SPECIFICITY_HEADER: &str = "\
# How specific each lexicon term is to product work: in how many occupations of the rest of the
# job market the term occurs (after analysis, as a whole phrase within a sentence).
#
# Extracted by `rolesift model taxonomy`. Counted over O*NET occupations (their description, task
# statements and technology examples; Marketing Managers 11-2021.00, which holds O*NET's product
# manager titles, left out) and ESCO occupations (description and the preferred labels of linked
# skills; ESCO's product manager and ICT product manager left out). Only counts are kept.
# `rolesift model build` turns them into a weight factor (see the README).
#
# This file includes information from the O*NET 29.3 Database by the U.S. Department of Labor,
# Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET(R)
# is a trademark of USDOL/ETA. The rolesift project has modified all or some of this information.
# USDOL/ETA has not approved, endorsed, or tested these modifications.
# This file uses the ESCO classification of the European Commission (v1.1.1, English), adapted:
# only occurrence counts of our own terms were derived from it.

";

/// `corpus/occupations.tsv` as text.
pub fn occupations_tsv(titles: &[OccupationTitle]) -> String {
    let mut out = String::from(OCCUPATIONS_HEADER);
    for t in titles {
        out.push_str(&t.title);
        out.push('\t');
        out.push_str(&t.sources.join(" "));
        out.push('\n');
    }
    out
}

/// `corpus/specificity.toml` as text.
pub fn specificity_toml(file: &SpecificityFile) -> String {
    let mut out = String::from(SPECIFICITY_HEADER);
    out.push_str(&toml::to_string(file).expect("counts serialise"));
    out
}

/// Parses `corpus/occupations.tsv`.
///
/// Titles extracted from the taxonomies cite an O*NET-SOC code or an ESCO concept; in a
/// `project_written` file each cites [`PROJECT_PROVENANCE`] instead.
pub fn parse_occupations(
    path: &Path,
    text: &str,
    project_written: bool,
) -> Result<Vec<OccupationTitle>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if line == "title\tsources" {
                continue;
            }
        }
        let fail = |message: &str| Error::Lexicon {
            path: PathBuf::from(format!("{}:{}", path.display(), i + 1)),
            message: message.to_string(),
        };
        let (title, sources) = line
            .split_once('\t')
            .ok_or_else(|| fail("expected a title, a tab and its sources"))?;
        let sources: Vec<String> = sources.split(' ').map(str::to_string).collect();
        if Analyzer.stems(title).is_empty() {
            return Err(fail("the title has no words"));
        }
        let cited = |s: &String| {
            if project_written {
                s == PROJECT_PROVENANCE
            } else {
                (s.starts_with("onet:") || s.starts_with("esco:")) && s.len() >= 6
            }
        };
        if !sources.iter().all(cited) {
            return Err(fail(if project_written {
                "every title here is the project's: its provenance is `rolesift`"
            } else {
                "every title needs its provenance (onet:CODE or esco:ID)"
            }));
        }
        out.push(OccupationTitle {
            title: title.to_string(),
            sources,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cleaned() {
        assert_eq!(clean_title("CEO (Chief Executive Officer)"), "ceo");
        assert_eq!(
            clean_title("Buyers and Purchasing Agents, Farm Products"),
            "buyers and purchasing agents"
        );
        assert_eq!(clean_title("  Data   Analyst "), "data analyst");
    }

    #[test]
    fn product_roles_and_generic_words_are_not_other_occupations() {
        let mut titles = Titles::default();
        for (t, s) in [
            ("Product Manager", "onet:11-2021.00"),
            ("Technical Product Manager", "onet:11-2021.00"),
            ("Marketing Manager", "onet:11-2021.00"),
            ("Data Analyst", "onet:15-2051.00"),
            ("Data Analysts", "esco:x1"),
            ("Strategist", "onet:13-1111.00"),
            ("Registered Nurse (RN)", "onet:29-1141.00"),
        ] {
            titles.add(t, s.to_string());
        }
        let none = ProductTerms {
            role_names: BTreeSet::new(),
            others: BTreeSet::new(),
        };
        let out = titles.finish(&none);
        let names: Vec<&str> = out.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            names,
            ["data analyst", "marketing manager", "registered nurse"]
        );
        assert_eq!(out[0].sources, ["esco:x1", "onet:15-2051.00"]);
    }

    #[test]
    fn a_title_that_stems_like_a_product_term_is_kept_when_it_names_a_person() {
        let mut titles = Titles::default();
        for t in [
            "Software Developers",
            "Software Development",
            "Scrum Master",
        ] {
            titles.add(t, "onet:15-1252.00".to_string());
        }
        let product_terms = ProductTerms {
            role_names: [Analyzer.stems("scrum master")].into(),
            others: [Analyzer.stems("software development")].into(),
        };
        let out = titles.finish(&product_terms);
        let names: Vec<&str> = out.iter().map(|t| t.title.as_str()).collect();
        // Both spellings share stems; the first seen is kept, and it names a person.
        assert_eq!(names, ["software developers"]);
        assert!(reads_as_person("developer") && reads_as_person("agents"));
        assert!(!reads_as_person("development") && !reads_as_person("management"));
    }

    #[test]
    fn occupations_round_trip_through_the_tsv() {
        let titles = vec![OccupationTitle {
            title: "data analyst".into(),
            sources: vec!["onet:15-2051.00".into()],
        }];
        let text = occupations_tsv(&titles);
        assert_eq!(
            parse_occupations(Path::new("o.tsv"), &text, false).unwrap(),
            titles
        );
        let err = parse_occupations(
            Path::new("o.tsv"),
            "title\tsources\nnurse\tsomewhere\n",
            false,
        )
        .unwrap_err();
        assert!(err.to_string().contains("o.tsv:2"), "{err}");
        // The project's own titles cite the project, and only it.
        let ours = "title\tsources\nagile coach\trolesift\n";
        assert_eq!(
            parse_occupations(Path::new("p.tsv"), ours, true).unwrap()[0].sources,
            [PROJECT_PROVENANCE]
        );
        assert!(parse_occupations(Path::new("p.tsv"), ours, false).is_err());
        let err = parse_occupations(Path::new("p.tsv"), &text, true).unwrap_err();
        assert!(err.to_string().contains("rolesift"), "{err}");
    }
}
