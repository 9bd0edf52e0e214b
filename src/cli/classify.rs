//! `rolesift classify`: batch classification of files, directories or stdin.

use super::sink::StreamSink;
use super::{FormatArg, ModelArgs, EXIT_ERROR, EXIT_OK};
use anyhow::Context;
use clap::ValueEnum;
use rolesift::classify::batch::{self, BatchOptions};
use rolesift::output::{classify_format, EvidenceDetail};
use rolesift::read::{expand_inputs, InputFormat, ReadOptions, RecordReader};
use rolesift::{Classifier, ClassifyOptions};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

/// Input format choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// By extension; stdin and unknown extensions by content.
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// One posting per file, first line the title.
    Text,
}

impl From<InputFormatArg> for InputFormat {
    fn from(arg: InputFormatArg) -> Self {
        match arg {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Text => InputFormat::Text,
        }
    }
}

/// Options for reading a batch of postings, shared by the commands that read postings.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Files, directories (walked recursively) or `-` for stdin (the default when stdin is
    /// not a terminal).
    #[arg(value_name = "FILE|DIR|-")]
    inputs: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// Worker threads, 1 to 256 (default: one per core).
    #[arg(long, value_name = "N", value_parser = super::parse_threads)]
    pub threads: Option<u16>,
    /// Stop at the first malformed record (default: report it, skip it, go on).
    #[arg(long)]
    pub strict: bool,
    /// Records larger than this many bytes are reported and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = rolesift::read::DEFAULT_MAX_RECORD_BYTES)]
    pub max_record_bytes: usize,
}

impl InputArgs {
    /// The inputs as given, or `-` when none were and stdin is piped. With no input and a
    /// terminal on stdin, says what to give instead of waiting for typing.
    pub fn paths(&self) -> anyhow::Result<Vec<PathBuf>> {
        if !self.inputs.is_empty() {
            return Ok(self.inputs.clone());
        }
        if std::io::stdin().is_terminal() {
            anyhow::bail!(
                "no input: give files or directories of postings, or pipe them in (`-` reads stdin)"
            );
        }
        Ok(vec![PathBuf::from("-")])
    }

    /// Expands the inputs and opens a record reader; also returns the total size when known.
    pub fn open(&self) -> anyhow::Result<(RecordReader, Option<u64>)> {
        let format = InputFormat::from(self.input_format);
        let expansion = expand_inputs(&self.paths()?, format)?;
        for warning in &expansion.warnings {
            super::say(format_args!("warning: {warning}"));
        }
        let inputs = expansion.inputs;
        if inputs.is_empty() {
            anyhow::bail!("{}", no_postings(&self.paths()?));
        }
        let total = inputs
            .iter()
            .map(|i| {
                if i.is_stdin() {
                    None
                } else {
                    std::fs::metadata(&i.path).ok().map(|m| m.len())
                }
            })
            .sum::<Option<u64>>();
        let options = ReadOptions {
            format,
            max_record_bytes: self.max_record_bytes,
        };
        Ok((RecordReader::new(inputs, options), total))
    }

    /// Batch options from these arguments.
    pub fn batch_options(&self) -> BatchOptions {
        BatchOptions {
            threads: self.threads.map(usize::from),
            strict: self.strict,
            ..BatchOptions::default()
        }
    }
}

/// `--evidence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceArg {
    /// Every term with its spans.
    Full,
    /// The terms without their spans.
    Terms,
    /// No evidence.
    None,
}

/// Arguments of `rolesift classify`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift classify samples/\n  rolesift classify postings.jsonl --ignore-title > labelled.jsonl\n  cat postings.jsonl | rolesift classify - --format csv > labelled.csv"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format (default: table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// In CSV output, put `'` before cells a spreadsheet would run as a formula (`=`, `+`, `-`,
    /// `@`…).
    #[arg(long)]
    csv_formula_guard: bool,
    /// Classify from the description alone, ignoring titles.
    #[arg(long)]
    ignore_title: bool,
    /// Copy input fields rolesift does not use into the output (`fields`).
    #[arg(long)]
    keep_fields: bool,
    /// How much evidence each JSONL record carries: every term with its spans (`full`), the
    /// terms without spans (`terms`), or none (`none`: labels, confidence, review and scores).
    #[arg(long, value_enum, default_value_t = EvidenceArg::Full)]
    evidence: EvidenceArg,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// Runs `rolesift classify`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    rolesift::output::guard_csv_formulas(args.csv_formula_guard);
    let model = args.model.load()?;
    let classifier = Classifier::with_options(
        model,
        ClassifyOptions {
            ignore_title: args.ignore_title,
            ..ClassifyOptions::default()
        },
    );
    let (reader, total) = args.input.open()?;
    let evidence = match args.evidence {
        EvidenceArg::Full => EvidenceDetail::Full,
        EvidenceArg::Terms => EvidenceDetail::Terms,
        EvidenceArg::None => EvidenceDetail::None,
    };
    let format = classify_format(FormatArg::resolve(args.format), args.keep_fields, evidence);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    out.write_all(&format.header())?;
    let mut sink = StreamSink::new(total, |bytes: Vec<u8>| {
        out.write_all(&bytes)?;
        Ok(())
    });
    let result = batch::run(
        reader,
        &classifier,
        args.input.batch_options(),
        |posting, classification| format.record(posting, classification),
        &mut sink,
    );
    sink.finish();
    drop(sink);
    let summary = result.context("classification stopped")?;
    out.flush()?;
    if !args.quiet {
        eprintln!("rolesift: {}", summary.describe());
    }
    if summary.classified() == 0 && summary.skipped == 0 {
        anyhow::bail!("{}", no_postings(&args.input.paths()?));
    }
    Ok(if summary.skipped > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    })
}

/// The message for inputs that hold no postings at all (an empty file, a directory of other
/// files): an error, not "0 classified".
pub fn no_postings(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!(
        "no postings found in {}: rolesift reads JSONL, CSV, text and HTML files (.jsonl .ndjson \
         .json .csv .txt .text .html .htm) and directories of them",
        names.join(", ")
    )
}
