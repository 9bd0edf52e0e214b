//! `rolesift model calibrate`: fit thresholds and a confidence map to labelled postings.
//!
//! Reads and classifies the labelled inputs once (the batch driver, as `eval` does), hashes
//! the input files so the model can say what it was fitted on, and hands the tallies to
//! [`rolesift::eval::calibrate::calibrate`], which cross-validates and fits. The calibrated
//! model is written to `--out`; the report (out-of-fold figures next to the figures before
//! calibration, never figures on the postings a threshold was fitted to) goes to stdout, or to
//! stderr when the model itself goes to stdout.

use super::classify::InputArgs;
use super::eval::{LabelArgs, ReportFormat};
use super::{ModelArgs, EXIT_ERROR, EXIT_OK};
use anyhow::Context;
use rolesift::eval::calibrate::{
    calibrate, CalibrateOptions, Sample, DEFAULT_FOLDS, DEFAULT_REVIEW_BUDGET,
    DEFAULT_REVIEW_BUDGET_BODY_ONLY, DEFAULT_SEED,
};
use rolesift::fs::write_atomically;
use rolesift::lexicon::model::{FittedData, FittedFile};
use rolesift::read::{expand_inputs, InputFormat};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `rolesift model calibrate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift model calibrate labelled.jsonl --ignore-title --out calibrated.json\n  rolesift model calibrate labelled/ --review-budget 0.05 --format json\n  rolesift classify --model calibrated.json postings.jsonl"
)]
pub struct Args {
    /// No notes on stderr (errors are still said).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    labels: LabelArgs,
    /// Where to write the calibrated model (`-` for stdout; the report then goes to stderr).
    #[arg(long, value_name = "FILE", default_value = "models/calibrated.json")]
    out: PathBuf,
    /// Cross-validation folds.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_FOLDS as u16,
          value_parser = clap::value_parser!(u16).range(2..=100))]
    folds: u16,
    /// Seed of the (deterministic, stratified) fold assignment.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// The largest share of postings the review flag may take (default: 0.10, or 0.15 with
    /// --ignore-title).
    #[arg(long, value_name = "SHARE", value_parser = super::eval::parse_unit)]
    review_budget: Option<f64>,
    /// Report format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    #[command(flatten)]
    model: ModelArgs,
}

/// Runs `rolesift model calibrate`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let paths = args.input.paths()?;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!(
            "calibrate needs files, not stdin: the model records the SHA-256 of the data it was fitted on"
        );
    }
    let files = expand_inputs(&paths, InputFormat::from(args.input.input_format))?
        .inputs
        .iter()
        .filter(|input| input.problem.is_none())
        .map(|input| FittedFile::read(&input.path))
        .collect::<rolesift::Result<Vec<_>>>()?;

    let model = args.model.load()?;
    let source = args.labels.source();
    let options = args.labels.classify_options();
    let collected = super::eval::collect_labelled(model.clone(), &args.labels, &args.input)
        .context("calibration stopped")?;
    let samples: Vec<Sample> = collected
        .examples
        .iter()
        .map(|e| Sample {
            id: e.id.clone(),
            gold: e.gold,
            tally: e.tally,
        })
        .collect();
    let data = FittedData {
        files,
        counts: BTreeMap::new(),
        label_source: source.describe(),
        ignore_title: options.ignore_title,
        mask_role_names: options.mask_role_names,
    };
    let (calibrated, report) = calibrate(
        &model,
        &samples,
        CalibrateOptions {
            folds: usize::from(args.folds),
            seed: args.seed,
            review_budget: args.review_budget.unwrap_or(if options.ignore_title {
                DEFAULT_REVIEW_BUDGET_BODY_ONLY
            } else {
                DEFAULT_REVIEW_BUDGET
            }),
            data,
        },
    )?;

    let json = calibrated.to_json();
    let to_stdout = args.out.as_os_str() == "-";
    let format = ReportFormat::resolve(args.format);
    let mut report_text = Vec::new();
    match format {
        ReportFormat::Json => report.write_json(&mut report_text)?,
        ReportFormat::Table => report.write_table(&mut report_text)?,
    }
    if to_stdout {
        std::io::stdout().write_all(json.as_bytes())?;
        std::io::stderr().write_all(&report_text)?;
    } else {
        write_atomically(&args.out, json.as_bytes())
            .with_context(|| format!("cannot write {}", args.out.display()))?;
        std::io::stdout().write_all(&report_text)?;
        if !args.quiet {
            super::say(format_args!(
                "wrote {} (content hash {}); skipped {} without a usable label, {} malformed",
                args.out.display(),
                calibrated.content_hash,
                collected.unlabelled.len(),
                collected.malformed.len()
            ));
        }
    }
    Ok(if collected.malformed.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}
