//! `rolesift eval`: measure the classifier on labelled postings.
//!
//! Translates the arguments into a label source and classify options, makes one call into
//! [`rolesift::eval::collect`], builds the [`Report`] and prints it. Records without a usable
//! label are reported on stderr and skipped; malformed records too, and they make the exit
//! code 2 as in `classify`. `--min-macro-f1` turns the report into a check for CI: exit 1 below
//! the floor.

use super::classify::InputArgs;
use super::{ModelArgs, EXIT_ERROR, EXIT_OK};
use anyhow::Context;
use clap::ValueEnum;
use rolesift::eval::labels::{LabelSource, DEFAULT_LABEL_FIELD};
use rolesift::eval::report::{EvalSettings, ModelRef, Report};
use rolesift::{Classifier, ClassifyOptions};
use std::io::{BufWriter, IsTerminal, Write};

/// Exit code: macro-F1 under the floor given with `--min-macro-f1`.
pub const EXIT_BELOW_FLOOR: u8 = 1;

/// Report format of `eval` and `model calibrate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One JSON object (default when stdout is not a terminal).
    #[value(alias = "jsonl")]
    Json,
    /// Text for people (default on a terminal).
    Table,
}

impl ReportFormat {
    /// The chosen format, or the default for where stdout goes.
    pub fn resolve(choice: Option<ReportFormat>) -> ReportFormat {
        choice.unwrap_or(if std::io::stdout().is_terminal() {
            ReportFormat::Table
        } else {
            ReportFormat::Json
        })
    }
}

/// Where gold labels come from and what the classifier may see; shared with `model calibrate`.
#[derive(Debug, Clone, clap::Args)]
pub struct LabelArgs {
    /// Read gold labels (product_owner, product_manager, hybrid, neither) from this field.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_LABEL_FIELD)]
    pub label_field: String,
    /// Derive gold labels from the title with the title normaliser (forces --ignore-title).
    #[arg(long, conflicts_with = "label_field")]
    pub label_from_title: bool,
    /// Classify from the description alone, ignoring titles.
    #[arg(long)]
    pub ignore_title: bool,
    /// Blank out role and career titles (and PO, PM, CPO…) in the description before
    /// classifying, to measure what duties and skills alone can do.
    #[arg(long)]
    pub mask_role_names: bool,
}

impl LabelArgs {
    /// The label source.
    pub fn source(&self) -> LabelSource {
        if self.label_from_title {
            LabelSource::Title
        } else {
            LabelSource::Field(self.label_field.clone())
        }
    }

    /// Classify options; titles are ignored when labels come from them.
    pub fn classify_options(&self) -> ClassifyOptions {
        ClassifyOptions {
            ignore_title: self.ignore_title || self.label_from_title,
            mask_role_names: self.mask_role_names,
        }
    }
}

/// Arguments of `rolesift eval`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift eval tests/fixtures/gold/gold.jsonl\n  rolesift eval labelled.jsonl --ignore-title --format json\n  rolesift eval postings.jsonl --label-from-title --prevalence 0.02"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    labels: LabelArgs,
    /// Report format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// List at most this many misclassified postings (most confident first).
    #[arg(long, value_name = "N", default_value_t = 20)]
    show_errors: usize,
    /// The share of product postings in the batch you will classify: the report gives the
    /// precision a product label would have there.
    #[arg(long, value_name = "P", default_value_t = rolesift::eval::DEFAULT_PREVALENCE, value_parser = parse_share)]
    prevalence: f64,
    /// Exit 1 when macro-F1 is below this floor (for CI).
    #[arg(long, value_name = "X", value_parser = parse_unit)]
    min_macro_f1: Option<f64>,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// A number in [0, 1].
pub fn parse_unit(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is not between 0 and 1"))
    }
}

/// Classifies labelled postings (as the label options require) and collects them, reporting
/// malformed and unlabelled records on stderr. Shared by `eval` and `model calibrate`.
pub fn collect_labelled(
    model: rolesift::Model,
    labels: &LabelArgs,
    input: &InputArgs,
) -> anyhow::Result<rolesift::eval::Collected> {
    let classifier = Classifier::with_options(model, labels.classify_options());
    let (reader, _) = input.open()?;
    let collected =
        rolesift::eval::collect(reader, &classifier, input.batch_options(), &labels.source())?;
    for error in &collected.malformed {
        super::say(error);
    }
    report_unlabelled(&collected, labels);
    Ok(collected)
}

/// Postings reported as shown per-record before the rest are counted in one line.
const UNLABELLED_SHOWN: usize = 5;

/// Says which postings had no usable label: once for a file without labels at all (with the
/// options that would find them), else the first few and a count.
fn report_unlabelled(collected: &rolesift::eval::Collected, labels: &LabelArgs) {
    let unlabelled = &collected.unlabelled;
    if unlabelled.is_empty() {
        return;
    }
    if collected.examples.is_empty() {
        let reason = &unlabelled[0].reason;
        super::say(format_args!(
            "none of the {} postings has a usable label (labels from {}: {reason}); name the \
             label field with --label-field NAME, or take labels from the titles with \
             --label-from-title",
            unlabelled.len(),
            labels.source().describe()
        ));
        return;
    }
    for record in unlabelled.iter().take(UNLABELLED_SHOWN) {
        super::say(record);
    }
    if unlabelled.len() > UNLABELLED_SHOWN {
        super::say(format_args!(
            "… and {} more postings without a usable label, skipped",
            unlabelled.len() - UNLABELLED_SHOWN
        ));
    }
}

/// Runs `rolesift eval`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let model = args.model.load()?;
    let model_ref = ModelRef {
        content_hash: model.content_hash.clone(),
        calibrated: model.calibration.is_some(),
    };
    let source = args.labels.source();
    let options = args.labels.classify_options();
    let collected =
        collect_labelled(model, &args.labels, &args.input).context("evaluation stopped")?;
    if collected.examples.is_empty() {
        anyhow::bail!("no labelled postings to evaluate");
    }
    let settings = EvalSettings {
        inputs: args
            .input
            .paths()?
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        label_source: source.describe(),
        ignore_title: options.ignore_title,
        mask_role_names: options.mask_role_names,
        min_macro_f1: args.min_macro_f1,
        show_errors: args.show_errors,
        prevalence: args.prevalence,
    };
    let report = Report::build(
        &collected.examples,
        collected.unlabelled.len() as u64,
        collected.malformed.len() as u64,
        settings,
        model_ref,
    );
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match ReportFormat::resolve(args.format) {
        ReportFormat::Json => report.write_json(&mut out)?,
        ReportFormat::Table => report.write_table(&mut out)?,
    }
    out.flush()?;
    if !args.quiet {
        super::say(format_args!(
            "evaluated {} postings: accuracy {:.3}, macro-F1 {:.3}; skipped {} without a usable label, {} malformed",
            report.counts.evaluated,
            report.accuracy,
            report.macro_f1,
            report.counts.unlabelled,
            report.counts.malformed
        ));
    }
    if report.below_floor() {
        super::say(format_args!(
            "macro-F1 {:.4} is below the floor of {}",
            report.macro_f1,
            args.min_macro_f1.unwrap_or_default()
        ));
    }
    Ok(if report.counts.malformed > 0 {
        EXIT_ERROR
    } else if report.below_floor() {
        EXIT_BELOW_FLOOR
    } else {
        EXIT_OK
    })
}

/// A share strictly between 0 and 1.
fn parse_share(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!(
            "{text:?} is not a share strictly between 0 and 1 (e.g. 0.05)"
        )),
    }
}
