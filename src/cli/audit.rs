//! `rolesift audit`: titles against what the postings describe, as JSONL/CSV/table, a summary
//! on stderr and an optional HTML report.
//!
//! The body is classified alone (`ignore_title`), each posting is audited by the library's pure
//! [`rolesift::audit::audit`] on the batch driver's worker threads, and the records stream out
//! in input order. Exit codes: 0 no finding at or above `--fail-on`, 1 such findings, 2 an
//! error or skipped records; an error wins over findings, because a partial audit cannot
//! vouch for the postings it did not read.

use super::sink::StreamSink;
use super::{FormatArg, ModelArgs, EXIT_ERROR, EXIT_NEGATIVE, EXIT_OK};
use crate::cli::classify::InputArgs;
use anyhow::Context;
use clap::ValueEnum;
use rolesift::audit::report::{self, ReportFindings, ReportMeta};
use rolesift::audit::{audit, AuditRecord, AuditSummary, Severity};
use rolesift::classify::batch;
use rolesift::output::audit::audit_format;
use rolesift::{Classifier, ClassifyOptions};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// A severity on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Any finding.
    Info,
    /// Low and above.
    Low,
    /// Medium and above.
    Medium,
    /// High only.
    High,
}

impl From<SeverityArg> for Severity {
    fn from(arg: SeverityArg) -> Self {
        match arg {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
        }
    }
}

/// Arguments of `rolesift audit`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift audit postings.jsonl --report audit.html\n  rolesift audit postings.jsonl --format jsonl --fail-on high\n  rolesift audit --index ~/jobs --format csv > audit.csv"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Audit the postings stored in this index instead of reading files.
    #[arg(long, value_name = "DIR", conflicts_with = "inputs")]
    index: Option<PathBuf>,
    /// Output format (default: table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// In CSV output, put `'` before cells a spreadsheet would run as a formula (`=`, `+`, `-`,
    /// `@`…).
    #[arg(long)]
    csv_formula_guard: bool,
    /// Also write a self-contained HTML report (chart, counts, sortable findings) to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Exit 1 when any posting has a finding at or above this severity (for pipelines; without
    /// it, an audit that ran exits 0 whatever it found).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<SeverityArg>,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: ModelArgs,
}

impl Args {
    /// The index this audit reads, when it reads one.
    pub fn index_dir(&self) -> Option<PathBuf> {
        self.index.clone()
    }
}

/// Runs `rolesift audit`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    rolesift::output::guard_csv_formulas(args.csv_formula_guard);
    let model = args.model.load()?;
    let classifier = Classifier::with_options(model, ClassifyOptions::body_only());
    // The postings come from the index (no source files needed) or from the inputs.
    let index = args
        .index
        .as_deref()
        .map(rolesift::index::PostingIndex::open)
        .transpose()?;
    let (reader, total) = match &index {
        Some(_) => (None, None),
        None => {
            let (reader, total) = args.input.open()?;
            (Some(reader), total)
        }
    };
    let format = audit_format(FormatArg::resolve(args.format));
    let fail_on = args.fail_on.map(Severity::from);

    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    out.write_all(&format.header())?;
    let mut summary = AuditSummary::default();
    let mut findings = args.report.as_ref().map(|_| ReportFindings::default());
    let mut sink = StreamSink::new(total, |(record, bytes): (AuditRecord, Vec<u8>)| {
        summary.add(&record);
        if let Some(findings) = findings.as_mut() {
            findings.add(&record);
        }
        out.write_all(&bytes)?;
        Ok(())
    });
    let work = |posting: &rolesift::Posting, content: &rolesift::Classification| {
        let record = audit(posting, content);
        let bytes = format.record(posting, &record);
        (record, bytes)
    };
    let batch_options = args.input.batch_options();
    let result = match &index {
        Some(index) => batch::run(
            index.stored_postings()?,
            &classifier,
            batch_options,
            work,
            &mut sink,
        ),
        None => batch::run(
            reader.expect("files when no index"),
            &classifier,
            batch_options,
            work,
            &mut sink,
        ),
    };
    sink.finish();
    drop(sink);
    let batch = result.context("audit stopped")?;
    out.flush()?;

    if let (Some(path), Some(findings)) = (&args.report, findings) {
        let meta = ReportMeta {
            source: match &args.index {
                Some(dir) => format!("index {}", dir.display()),
                None => describe_inputs(&args.input.paths()?),
            },
            skipped: batch.skipped,
        };
        let page = report::render(&summary, findings, &meta);
        std::fs::write(path, page)
            .with_context(|| format!("cannot write the report {}", path.display()))?;
    }

    let failing = fail_on.map(|severity| (severity, summary.at_or_above(severity)));
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        write!(err, "rolesift: {}", summary.describe())?;
        if batch.skipped > 0 {
            writeln!(err, "rolesift: {} records skipped", batch.skipped)?;
        }
        if let Some((severity, failing)) = failing {
            writeln!(
                err,
                "rolesift: {failing} postings with findings at or above {severity} (--fail-on)"
            )?;
        }
        if let Some(path) = &args.report {
            writeln!(err, "rolesift: report written to {}", path.display())?;
        }
    }
    Ok(if batch.skipped > 0 {
        EXIT_ERROR
    } else if failing.is_some_and(|(_, n)| n > 0) {
        EXIT_NEGATIVE
    } else {
        EXIT_OK
    })
}

/// The inputs as the report names them.
fn describe_inputs(inputs: &[PathBuf]) -> String {
    let names: Vec<String> = inputs
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                p.display().to_string()
            }
        })
        .collect();
    match names.len() {
        0..=3 => names.join(", "),
        n => format!("{}, … ({n} inputs)", names[..2].join(", ")),
    }
}
