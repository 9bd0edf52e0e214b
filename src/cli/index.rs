//! `rolesift index`: build and maintain the local posting index (`add`, `stats`,
//! `reclassify`).
//!
//! `add` reads postings exactly like `classify` (same [`InputArgs`], same bad-record rules:
//! `file:line: message` on stderr, skipped, counted, exit 2; `--strict` stops) and hands them
//! to [`PostingIndex::add`]. The index directory comes from `--index`, else `$ROLESIFT_INDEX`,
//! else `./.rolesift-index` ([`IndexDirArg`], shared with `search` and `show`).

use super::classify::InputArgs;
use super::progress::Progress;
use super::{ModelArgs, EXIT_ERROR, EXIT_OK};
use anyhow::Context;
use clap::ValueEnum;
use rolesift::classify::batch::BatchOptions;
use rolesift::index::{
    IndexStats, IngestEvent, IngestOptions, PostingIndex, DEFAULT_COMMIT_EVERY, DEFAULT_INDEX_DIR,
    INDEX_DIR_ENV,
};
use rolesift::{Classifier, Label};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Test hook: abort the process (as a crash would) just before this commit of an ingest, so a
/// test can prove an interrupted ingest leaves the index at its last commit. Not for users.
const TEST_ABORT_AT_COMMIT_ENV: &str = "ROLESIFT_TEST_ABORT_AT_COMMIT";

/// Test hook: act as if Ctrl-C came right after this commit. Not for users.
const TEST_INTERRUPT_AFTER_COMMIT_ENV: &str = "ROLESIFT_TEST_INTERRUPT_AFTER_COMMIT";

/// Where the index lives; shared by `index`, `search` and `show`.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexDirArg {
    /// The index directory [default: $ROLESIFT_INDEX, else ./.rolesift-index].
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

impl IndexDirArg {
    /// The directory: `--index`, else `$ROLESIFT_INDEX`, else [`DEFAULT_INDEX_DIR`].
    pub fn dir(&self) -> PathBuf {
        self.index
            .clone()
            .or_else(|| {
                std::env::var_os(INDEX_DIR_ENV)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR))
    }

    /// Opens the existing index (its errors name the directory already).
    pub fn open(&self) -> anyhow::Result<PostingIndex> {
        Ok(PostingIndex::open(&self.dir())?)
    }
}

/// `index` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum IndexCommand {
    /// Read, classify and add postings to the index (a posting already there, by id, is replaced).
    Add(AddArgs),
    /// Counts per label, review flag, source and model; documents; size on disk.
    Stats(StatsArgs),
    /// Recompute every stored classification with the current model, from the stored text.
    Reclassify(ReclassifyArgs),
}

/// Arguments of `rolesift index add`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift index add --index ~/jobs postings.jsonl exports/\n  cat postings.jsonl | rolesift index add --index ~/jobs -"
)]
pub struct AddArgs {
    #[command(flatten)]
    index: IndexDirArg,
    #[command(flatten)]
    input: InputArgs,
    /// Commit (make searchable and crash-safe) after every N postings.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_COMMIT_EVERY,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    commit_every: usize,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// Arguments of `rolesift index reclassify`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift index reclassify --index ~/jobs\n  rolesift index reclassify --index ~/jobs --overlay my-terms.toml"
)]
pub struct ReclassifyArgs {
    #[command(flatten)]
    index: IndexDirArg,
    /// Worker threads, 1 to 256 (default: one per core).
    #[arg(long, value_name = "N", value_parser = super::parse_threads)]
    threads: Option<u16>,
    /// Commit after every N postings.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_COMMIT_EVERY,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    commit_every: usize,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// Output of `index stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned text for people (`text` also works).
    #[value(alias = "text")]
    Table,
    /// One JSON object (`jsonl` also works).
    #[value(alias = "jsonl")]
    Json,
}

/// Arguments of `rolesift index stats`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift index stats --index ~/jobs\n  rolesift index stats --index ~/jobs --verify --format json"
)]
pub struct StatsArgs {
    #[command(flatten)]
    index: IndexDirArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    format: StatsFormat,
    /// The model to compare stored classifications with (default: the embedded model).
    #[command(flatten)]
    model: ModelArgs,
    /// Also check every file's checksum (reads the whole index; exit 2 when any is damaged).
    #[arg(long)]
    verify: bool,
    /// No notes on stderr (stats has none; accepted so scripts can pass `-q` everywhere;
    /// errors are still said).
    #[arg(long, short)]
    quiet: bool,
}

impl IndexCommand {
    /// The index this command works on.
    pub fn index_dir(&self) -> PathBuf {
        match self {
            IndexCommand::Add(args) => args.index.dir(),
            IndexCommand::Stats(args) => args.index.dir(),
            IndexCommand::Reclassify(args) => args.index.dir(),
        }
    }
}

/// Runs an `index` subcommand.
pub fn run(command: IndexCommand) -> anyhow::Result<u8> {
    match command {
        IndexCommand::Add(args) => add(args),
        IndexCommand::Stats(args) => stats(args),
        IndexCommand::Reclassify(args) => reclassify(args),
    }
}

/// Set by Ctrl-C during `index add` and `index reclassify`; the ingest stops at its next event.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Postings of this run in the index's last commit, for the message after an interruption.
static COMMITTED: AtomicU64 = AtomicU64::new(0);

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

/// The first Ctrl-C asks the ingest to stop (the index keeps its last commit, and the user is
/// told how far it got); a second one stops the process at once.
fn stop_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
}

/// After an interruption, says what the index holds and how to finish.
fn interrupted(result: &rolesift::Result<impl Sized>, what: &str) -> Option<u8> {
    if !matches!(result, Err(rolesift::Error::Interrupted)) {
        return None;
    }
    super::say(format_args!(
        "interrupted: the index keeps its last commit, with {} postings of this run; run the \
         same command again to {what} (postings already there are replaced, never repeated)",
        COMMITTED.load(Ordering::SeqCst)
    ));
    Some(EXIT_INTERRUPTED)
}

/// The ingest callback: reports skipped records, drives the progress bar, notices Ctrl-C,
/// honours the test hooks.
fn reporter(progress: &mut Progress) -> impl FnMut(IngestEvent<'_>) -> rolesift::Result<()> + '_ {
    let abort_at: Option<u64> = std::env::var(TEST_ABORT_AT_COMMIT_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
    let interrupt_at: Option<u64> = std::env::var(TEST_INTERRUPT_AFTER_COMMIT_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
    move |event| {
        match event {
            IngestEvent::Skipped(error) => progress.eprintln(&format!("rolesift: {error}")),
            IngestEvent::Progress(bytes) => progress.update(bytes),
            IngestEvent::Committing { commit, .. } if Some(commit) == abort_at => {
                std::process::abort();
            }
            IngestEvent::Committed { commit, postings } => {
                COMMITTED.store(postings, Ordering::SeqCst);
                if Some(commit) == interrupt_at {
                    INTERRUPTED.store(true, Ordering::SeqCst);
                }
            }
            IngestEvent::Committing { .. } => {}
        }
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(rolesift::Error::Interrupted);
        }
        Ok(())
    }
}

fn add(args: AddArgs) -> anyhow::Result<u8> {
    let classifier = Classifier::new(args.model.load()?);
    let (reader, total) = args.input.open()?;
    let dir = args.index.dir();
    let index = PostingIndex::open_or_create(&dir)
        .with_context(|| format!("cannot open the index {}", dir.display()))?;
    let options = IngestOptions {
        batch: args.input.batch_options(),
        commit_every: args.commit_every,
    };
    let mut progress = Progress::new(total);
    stop_on_ctrl_c();
    let result = index.add(reader, &classifier, options, &mut reporter(&mut progress));
    progress.finish();
    if let Some(code) = interrupted(&result, "add the rest") {
        return Ok(code);
    }
    let summary = result.context("indexing stopped (the index keeps its last commit)")?;
    if !args.quiet {
        super::say(format_args!(
            "{}; {} commit(s); the index holds {} postings",
            summary.batch.describe(),
            summary.commits,
            summary.docs
        ));
    }
    Ok(if summary.batch.skipped > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    })
}

fn reclassify(args: ReclassifyArgs) -> anyhow::Result<u8> {
    let classifier = Classifier::new(args.model.load()?);
    let index = args.index.open()?;
    let options = IngestOptions {
        batch: BatchOptions {
            threads: args.threads.map(usize::from),
            strict: true,
            ..BatchOptions::default()
        },
        commit_every: args.commit_every,
    };
    let mut progress = Progress::new(None);
    stop_on_ctrl_c();
    let result = index.reclassify(&classifier, options, &mut reporter(&mut progress));
    progress.finish();
    if let Some(code) = interrupted(&result, "reclassify the rest") {
        return Ok(code);
    }
    let summary = result.context("reclassification stopped (the index keeps its last commit)")?;
    if !args.quiet {
        super::say(format_args!(
            "reclassified with model {}: {}",
            classifier.model().content_hash,
            summary.batch.describe()
        ));
    }
    Ok(EXIT_OK)
}

fn stats(args: StatsArgs) -> anyhow::Result<u8> {
    let model = args.model.load()?;
    let index = args.index.open()?;
    if args.verify {
        index.verify()?;
    }
    let stats = index.stats().context("cannot read the index")?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        StatsFormat::Json => {
            let mut value = serde_json::to_value(&stats)?;
            value["current_model"] = serde_json::Value::from(model.content_hash.as_str());
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        StatsFormat::Table => out.write_all(stats_text(&stats, &model.content_hash).as_bytes())?,
    }
    Ok(EXIT_OK)
}

fn stats_text(s: &IndexStats, current_model: &str) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: String| out.push_str(&format!("{name:<11}{value}\n"));
    line(
        "index",
        format!(
            "{} (format {}, schema {}, made by {})",
            s.path.display(),
            s.meta.format_version,
            s.meta.schema_version,
            s.meta.created_by
        ),
    );
    line("postings", s.docs.to_string());
    line(
        "reposts",
        format!(
            "{} of them repeat another ({} distinct postings)",
            s.docs.saturating_sub(s.repost_groups),
            s.repost_groups
        ),
    );
    line(
        "size",
        format!("{} in {} segment(s)", human_bytes(s.size_bytes), s.segments),
    );
    let labels = Label::ALL
        .iter()
        .map(|l| format!("{l} {}", s.labels.get(l).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ");
    line("labels", labels);
    line(
        "review",
        format!(
            "{} flagged, {} not",
            s.review.get(&true).copied().unwrap_or(0),
            s.review.get(&false).copied().unwrap_or(0)
        ),
    );
    let formats = s
        .model_formats
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    line(
        "model fmt",
        if formats.is_empty() {
            "-".into()
        } else {
            formats
        },
    );
    out.push_str("models\n");
    if s.models.is_empty() {
        out.push_str("  -\n");
    }
    for (hash, n) in &s.models {
        let note = if hash == current_model {
            "current"
        } else {
            "outdated: run `rolesift index reclassify`"
        };
        out.push_str(&format!("  {hash}  {n:>8}  ({note})\n"));
    }
    out.push_str("sources\n");
    if s.sources.is_empty() {
        out.push_str("  -\n");
    }
    for (source, n) in &s.sources {
        out.push_str(&format!("  {n:>8}  {source}\n"));
    }
    out
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
