//! `rolesift model`: build the weighted model from the corpus, describe a model, and (in
//! [`super::calibrate`]) calibrate one.

use super::{ModelArgs, EXIT_OK};
use anyhow::Context;
use rolesift::fs::write_atomically;
use rolesift::lexicon::{taxonomy, Corpus, Role};
use rolesift::Model;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Model subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ModelCommand {
    /// Build the weighted model from a corpus directory.
    #[command(
        after_help = "Examples:\n  rolesift model build\n  rolesift model build --corpus my-corpus --out my-model.json\n  rolesift classify --model my-model.json postings.jsonl"
    )]
    Build {
        /// The corpus directory (lexicon.toml, cues.toml).
        #[arg(long, value_name = "DIR", default_value = "corpus")]
        corpus: PathBuf,
        /// Where to write the model (`-` for stdout).
        #[arg(long, value_name = "FILE", default_value = "models/default.json")]
        out: PathBuf,
        /// No notes on stderr (errors are still said).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Extract other occupations' titles and the specificity of every lexicon term from the
    /// O*NET and ESCO taxonomies into the corpus (occupations.tsv, specificity.toml).
    #[command(
        after_help = "Examples:\n  rolesift model taxonomy ../shared/taxonomy\n  rolesift model taxonomy ../shared/taxonomy && rolesift model build"
    )]
    Taxonomy {
        /// The taxonomy directory, with onet/ and esco/ (as in ../shared/taxonomy).
        #[arg(value_name = "DIR")]
        taxonomy: PathBuf,
        /// The corpus directory: its lexicon.toml is read, the two files written.
        #[arg(long, value_name = "DIR", default_value = "corpus")]
        corpus: PathBuf,
        /// No notes on stderr (errors are still said).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Describe a model: hash, thresholds, terms per role and category.
    #[command(
        after_help = "Examples:\n  rolesift model info\n  rolesift model info --model calibrated.json --format json"
    )]
    Info {
        #[command(flatten)]
        model: ModelArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = super::index::StatsFormat::Table)]
        format: super::index::StatsFormat,
        /// No notes on stderr (info has none; accepted so scripts can pass `-q` everywhere;
        /// errors are still said).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Fit the decision thresholds and a confidence map to labelled postings, with
    /// cross-validated figures.
    Calibrate(Box<super::calibrate::Args>),
}

/// Runs a `model` subcommand.
pub fn run(command: ModelCommand) -> anyhow::Result<u8> {
    match command {
        ModelCommand::Build { corpus, out, quiet } => {
            let loaded = Corpus::load(&corpus)
                .with_context(|| format!("cannot load the corpus in {}", corpus.display()))?;
            let model = Model::build(&loaded);
            let json = model.to_json();
            if out.as_os_str() == "-" {
                std::io::stdout().write_all(json.as_bytes())?;
            } else {
                write_atomically(&out, json.as_bytes())
                    .with_context(|| format!("cannot write {}", out.display()))?;
                if !quiet {
                    super::say(format_args!(
                        "wrote {} ({} terms, {} cues, content hash {})",
                        out.display(),
                        model.terms.len(),
                        model.cues.len(),
                        model.content_hash
                    ));
                }
            }
            Ok(EXIT_OK)
        }
        ModelCommand::Taxonomy {
            taxonomy,
            corpus,
            quiet,
        } => {
            let lexicon_path = corpus.join(rolesift::lexicon::LEXICON_FILE);
            let lexicon = rolesift::lexicon::Lexicon::load(&lexicon_path)?;
            let extracted = taxonomy::extract(&taxonomy, &lexicon)
                .with_context(|| format!("cannot read the taxonomies in {}", taxonomy.display()))?;
            for (name, text) in [
                (
                    taxonomy::OCCUPATIONS_FILE,
                    taxonomy::occupations_tsv(&extracted.occupations),
                ),
                (
                    taxonomy::SPECIFICITY_FILE,
                    taxonomy::specificity_toml(&extracted.specificity),
                ),
            ] {
                let path = corpus.join(name);
                write_atomically(&path, text.as_bytes())
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if !quiet {
                super::say(format_args!(
                    "wrote {} other occupations' titles and the specificity of {} terms to {}; \
                     run `rolesift model build` next",
                    extracted.occupations.len(),
                    extracted.specificity.terms.len(),
                    corpus.display()
                ));
            }
            Ok(EXIT_OK)
        }
        ModelCommand::Calibrate(args) => super::calibrate::run(*args),
        ModelCommand::Info { model, format, .. } => {
            let model = model.load()?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if format == super::index::StatsFormat::Json {
                serde_json::to_writer_pretty(&mut out, &model_summary(&model))?;
                writeln!(out)?;
                return Ok(EXIT_OK);
            }
            writeln!(out, "format version  {}", model.format_version)?;
            writeln!(out, "content hash    {}", model.content_hash)?;
            writeln!(
                out,
                "analyzer        {} ({})",
                model.analyzer.name, model.analyzer.stemmer
            )?;
            match &model.calibration {
                Some(c) => {
                    writeln!(out, "calibrated on   {}", c.fitted_on)?;
                    writeln!(out, "method          {}", c.method)?;
                    for kept in &c.kept_defaults {
                        writeln!(out, "  {kept}")?;
                    }
                    if let Some(cv) = &c.cross_validation {
                        writeln!(
                            out,
                            "cross-validated {} folds: macro-F1 {:.3} out of fold ({:.3} before), accuracy {:.3} ({:.3}), ECE {:.3} ({:.3})",
                            cv.folds,
                            cv.out_of_fold.macro_f1,
                            cv.before.macro_f1,
                            cv.out_of_fold.accuracy,
                            cv.before.accuracy,
                            cv.out_of_fold.ece,
                            cv.before.ece
                        )?;
                    }
                }
                None => writeln!(out, "calibrated on   nothing (documented defaults)")?,
            }
            let mut per_role: BTreeMap<(Role, &str), usize> = BTreeMap::new();
            for term in &model.terms {
                *per_role
                    .entry((term.role, term.category.as_str()))
                    .or_default() += 1;
            }
            writeln!(out, "terms           {}", model.terms.len())?;
            for ((role, category), n) in per_role {
                writeln!(out, "  {:<16} {:<14} {n}", role.as_str(), category)?;
            }
            writeln!(out, "cues            {}", model.cues.len())?;
            writeln!(
                out,
                "thresholds      {}",
                serde_json::to_string_pretty(&model.thresholds)?
            )?;
            Ok(EXIT_OK)
        }
    }
}

/// `model info --format json`: what the text says, as one object (the terms themselves are
/// in the model file).
fn model_summary(model: &rolesift::Model) -> serde_json::Value {
    let mut terms: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for term in &model.terms {
        *terms
            .entry(term.role.as_str())
            .or_default()
            .entry(term.category.as_str())
            .or_default() += 1;
    }
    serde_json::json!({
        "format_version": model.format_version,
        "content_hash": model.content_hash,
        "analyzer": model.analyzer,
        "calibration": model.calibration,
        "thresholds": model.thresholds,
        "terms": model.terms.len(),
        "terms_by_role_and_category": terms,
        "cues": model.cues.len(),
        "occupations": model.occupations.stems.len(),
    })
}
