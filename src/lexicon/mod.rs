//! The vocabulary: terms extracted from the source articles, and the context cues.
//!
//! `corpus/lexicon.toml` holds what we extracted from the five articles on product owner vs
//! product manager: a term, its category, the role it supports and the seed files that support
//! it (provenance). `corpus/cues.toml` holds the project's own context cues (how a posting
//! describes itself, or mentions a colleague). Both are data, validated when loaded: unknown
//! keys are rejected and every error names the file and the entry. The model builder
//! ([`model`]) turns them into weights.

pub mod model;
pub mod taxonomy;

use crate::analyze::Analyzer;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// File name of the extracted vocabulary inside a corpus directory.
pub const LEXICON_FILE: &str = "lexicon.toml";
/// File name of the context cues inside a corpus directory.
pub const CUES_FILE: &str = "cues.toml";

/// What kind of vocabulary a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Something the role does.
    Duty,
    /// Something the role needs to be good at.
    Skill,
    /// Software or a kind of tool.
    Tool,
    /// A work product: backlog, user story, roadmap.
    Artifact,
    /// A way of working: Scrum, agile.
    Methodology,
    /// A meeting of a method: sprint planning, daily scrum.
    Ceremony,
    /// Someone the role works with.
    Stakeholder,
    /// A certificate: CSPO, PSPO.
    Certification,
    /// A degree: MBA.
    Education,
    /// A rung of a career ladder: senior product owner, head of product.
    CareerTitle,
    /// The name of a role itself: product owner, PM, scrum master.
    RoleTitle,
    /// A measure: KPIs, retention.
    Metric,
}

impl Category {
    /// The snake_case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Duty => "duty",
            Category::Skill => "skill",
            Category::Tool => "tool",
            Category::Artifact => "artifact",
            Category::Methodology => "methodology",
            Category::Ceremony => "ceremony",
            Category::Stakeholder => "stakeholder",
            Category::Certification => "certification",
            Category::Education => "education",
            Category::CareerTitle => "career_title",
            Category::RoleTitle => "role_title",
            Category::Metric => "metric",
        }
    }

    /// Role and career titles name a role; their weight depends on how the posting uses them
    /// (self-description, collaborator mention).
    pub fn names_a_role(self) -> bool {
        matches!(self, Category::CareerTitle | Category::RoleTitle)
    }
}

/// Which role a term supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Product owner.
    ProductOwner,
    /// Product manager.
    ProductManager,
    /// Both product roles (weighs little).
    Shared,
    /// A role that is not a product role (scrum master, project manager, …).
    Other,
}

impl Role {
    /// The snake_case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ProductOwner => "product_owner",
            Role::ProductManager => "product_manager",
            Role::Shared => "shared",
            Role::Other => "other",
        }
    }

    /// The other product role (for recording contradictions).
    pub fn opposite(self) -> Option<Role> {
        match self {
            Role::ProductOwner => Some(Role::ProductManager),
            Role::ProductManager => Some(Role::ProductOwner),
            _ => None,
        }
    }
}

/// One extracted term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    /// The word or phrase, as the sources write it.
    pub term: String,
    /// What kind of vocabulary it is.
    pub category: Category,
    /// The role the sources give it to.
    pub role: Role,
    /// Seed ids whose text contains the term and gives it to `role`.
    pub sources: Vec<String>,
    /// Seed ids that give the term to the other product role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradicted_by: Vec<String>,
    /// An abbreviation (PO, PM, CSPO). Matching ignores case like every term (so a posting's
    /// case never changes its label), but an abbreviation right after a number is a unit or a
    /// time ("5 PM"), never a role.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acronym: bool,
    /// Spellings postings use that the sources do not (not checked against the sources).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// A short note, in our words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The extracted vocabulary file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Seed id → seed file name.
    pub sources: BTreeMap<String, String>,
    /// The entries.
    #[serde(rename = "entry")]
    pub entries: Vec<LexiconEntry>,
}

/// How a cue changes the meaning of a role name that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// The posting describes itself: "as a", "we are looking for".
    SelfDescription,
    /// The posting names a colleague: "work closely with", "report to".
    Collaborator,
    /// The posting names a role someone held before: "has worked as a", "experience as a". It
    /// outranks the shorter "as a" it contains; the role name is a plain mention.
    PastRole,
    /// Experience the posting asks for: "years of", "experience in", "background in". A role's
    /// field after it ("5+ years of product management") says what the job is, as a
    /// self-description does; a role name after it is a plain mention.
    Experience,
}

/// One context cue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// The cue phrase (analysed like any term).
    pub phrase: String,
    /// What it signals.
    pub kind: CueKind,
}

/// The context cue file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueFile {
    /// The cues.
    #[serde(rename = "cue")]
    pub cues: Vec<Cue>,
}

/// A corpus directory: the lexicon, the cues and what was extracted from the occupational
/// taxonomies, loaded and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// The extracted vocabulary.
    pub lexicon: Lexicon,
    /// The context cues.
    pub cues: CueFile,
    /// Other occupations' titles ([`taxonomy::OCCUPATIONS_FILE`], then
    /// [`taxonomy::PROJECT_OCCUPATIONS_FILE`]).
    pub occupations: Vec<taxonomy::OccupationTitle>,
    /// How specific each lexicon term is to product work ([`taxonomy::SPECIFICITY_FILE`]);
    /// `None` when the corpus has no such file.
    pub specificity: Option<taxonomy::SpecificityFile>,
    /// The raw bytes' SHA-256 of each file, for the model's provenance record.
    pub file_hashes: BTreeMap<String, String>,
}

impl Corpus {
    /// Loads `lexicon.toml` and `cues.toml` from `dir`, and `occupations.tsv`,
    /// `occupations-project.tsv` and `specificity.toml` when present: a corpus of one's own may
    /// do without the taxonomy's vocabulary (no other occupations, every term at its full
    /// weight).
    pub fn load(dir: &Path) -> Result<Corpus> {
        let lexicon_path = dir.join(LEXICON_FILE);
        let cues_path = dir.join(CUES_FILE);
        let occupations_path = dir.join(taxonomy::OCCUPATIONS_FILE);
        let project_occupations_path = dir.join(taxonomy::PROJECT_OCCUPATIONS_FILE);
        let specificity_path = dir.join(taxonomy::SPECIFICITY_FILE);
        let lexicon_text = read_text(&lexicon_path)?;
        let cues_text = read_text(&cues_path)?;
        let occupations_text = read_optional_text(&occupations_path)?;
        let project_occupations_text = read_optional_text(&project_occupations_path)?;
        let specificity_text = read_optional_text(&specificity_path)?;
        let lexicon: Lexicon = parse_toml(&lexicon_path, &lexicon_text)?;
        let cues: CueFile = parse_toml(&cues_path, &cues_text)?;
        validate_lexicon(&lexicon_path, &lexicon)?;
        validate_cues(&cues_path, &cues)?;
        let mut occupations = match &occupations_text {
            Some(text) => taxonomy::parse_occupations(&occupations_path, text, false)?,
            None => Vec::new(),
        };
        if let Some(text) = &project_occupations_text {
            occupations.extend(taxonomy::parse_occupations(
                &project_occupations_path,
                text,
                true,
            )?);
        }
        let specificity = match &specificity_text {
            Some(text) => {
                let specificity: taxonomy::SpecificityFile = parse_toml(&specificity_path, text)?;
                validate_specificity(&specificity_path, &lexicon, &specificity)?;
                Some(specificity)
            }
            None => None,
        };
        let mut file_hashes = BTreeMap::new();
        for (name, text) in [
            (LEXICON_FILE, Some(&lexicon_text)),
            (CUES_FILE, Some(&cues_text)),
            (taxonomy::OCCUPATIONS_FILE, occupations_text.as_ref()),
            (
                taxonomy::PROJECT_OCCUPATIONS_FILE,
                project_occupations_text.as_ref(),
            ),
            (taxonomy::SPECIFICITY_FILE, specificity_text.as_ref()),
        ] {
            if let Some(text) = text {
                file_hashes.insert(name.to_string(), sha256_hex(text.as_bytes()));
            }
        }
        Ok(Corpus {
            lexicon,
            cues,
            occupations,
            specificity,
            file_hashes,
        })
    }
}

impl Lexicon {
    /// Loads and validates a lexicon file on its own (the taxonomy extraction needs only it).
    pub fn load(path: &Path) -> Result<Lexicon> {
        let lexicon: Lexicon = parse_toml(path, &read_text(path)?)?;
        validate_lexicon(path, &lexicon)?;
        Ok(lexicon)
    }
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// The file's text, or `None` when there is no such file.
fn read_optional_text(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Parses TOML, turning the error into one that names the file and the line.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        Error::Lexicon {
            path: path_with_line(path, line),
            message: e.message().to_string(),
        }
    })
}

fn path_with_line(path: &Path, line: Option<usize>) -> PathBuf {
    match line {
        Some(line) => PathBuf::from(format!("{}:{line}", path.display())),
        None => path.to_path_buf(),
    }
}

/// Checks what serde cannot: non-empty terms, known sources, no duplicates, analysable terms.
fn validate_lexicon(path: &Path, lexicon: &Lexicon) -> Result<()> {
    let fail = |message: String| Error::Lexicon {
        path: path.to_path_buf(),
        message,
    };
    let mut seen = BTreeSet::new();
    for (i, entry) in lexicon.entries.iter().enumerate() {
        let name = format!("entry {} ({:?})", i + 1, entry.term);
        if Analyzer.stems(&entry.term).is_empty() {
            return Err(fail(format!("{name}: the term has no words")));
        }
        if entry.sources.is_empty() {
            return Err(fail(format!(
                "{name}: no sources; every term needs provenance"
            )));
        }
        for source in entry.sources.iter().chain(&entry.contradicted_by) {
            if !lexicon.sources.contains_key(source) {
                return Err(fail(format!("{name}: unknown source {source:?}")));
            }
        }
        if !entry.contradicted_by.is_empty() && entry.role.opposite().is_none() {
            return Err(fail(format!(
                "{name}: contradicted_by only makes sense for product_owner or product_manager"
            )));
        }
        for variant in &entry.variants {
            if Analyzer.stems(variant).is_empty() {
                return Err(fail(format!("{name}: variant {variant:?} has no words")));
            }
        }
        if !seen.insert((Analyzer.stems(&entry.term), entry.role)) {
            return Err(fail(format!("{name}: duplicate of an earlier entry")));
        }
    }
    Ok(())
}

/// Every lexicon term has its counts (a term added to the lexicon needs `rolesift model
/// taxonomy` to run again), and no count names a term the lexicon does not have.
fn validate_specificity(
    path: &Path,
    lexicon: &Lexicon,
    specificity: &taxonomy::SpecificityFile,
) -> Result<()> {
    let counted: BTreeSet<&str> = specificity.terms.iter().map(|t| t.term.as_str()).collect();
    let terms: BTreeSet<&str> = lexicon.entries.iter().map(|e| e.term.as_str()).collect();
    let rerun = "run `rolesift model taxonomy ../shared/taxonomy` to recount";
    if let Some(missing) = terms.difference(&counted).next() {
        return Err(Error::Lexicon {
            path: path.to_path_buf(),
            message: format!("no counts for the lexicon term {missing:?}; {rerun}"),
        });
    }
    if let Some(extra) = counted.difference(&terms).next() {
        return Err(Error::Lexicon {
            path: path.to_path_buf(),
            message: format!("counts for {extra:?}, which is not a lexicon term; {rerun}"),
        });
    }
    Ok(())
}

fn validate_cues(path: &Path, cues: &CueFile) -> Result<()> {
    for (i, cue) in cues.cues.iter().enumerate() {
        if Analyzer.stems(&cue.phrase).is_empty() {
            return Err(Error::Lexicon {
                path: path.to_path_buf(),
                message: format!("cue {} ({:?}): the phrase has no words", i + 1, cue.phrase),
            });
        }
    }
    Ok(())
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
