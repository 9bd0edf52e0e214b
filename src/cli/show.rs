//! `rolesift show`: one indexed posting, whole, with its classification and evidence.
//!
//! Text for people by default: the evidence terms are highlighted in the title and the
//! description (bold on a terminal unless `NO_COLOR` is set, `[[…]]` otherwise), using the
//! evidence spans stored at indexing time. `--format json` gives the stored record for
//! machines. Exit 1 when no posting has the id.

use super::index::IndexDirArg;
use super::{color_style, ModelArgs, EXIT_NEGATIVE, EXIT_OK};
use anyhow::Context;
use clap::ValueEnum;
use rolesift::index::{IdMatch, MAX_ID_CANDIDATES};
use rolesift::output::search::{show_json, show_text};
use std::io::Write;

/// Output of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Text for people, evidence highlighted (`text` also works).
    #[value(alias = "text")]
    Table,
    /// One JSON object (evidence spans index the stored title and body; `jsonl` also works).
    #[value(alias = "jsonl")]
    Json,
}

/// Arguments of `rolesift show`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift show --index ~/jobs sample-01\n  rolesift show --index ~/jobs sample-01 --format json"
)]
pub struct Args {
    /// The posting's id (as shown by `search`).
    #[arg(value_name = "ID")]
    id: String,
    #[command(flatten)]
    index: IndexDirArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
    /// The model the stored classification is compared with (default: the embedded model).
    #[command(flatten)]
    model: ModelArgs,
    /// No notes on stderr: an unknown or ambiguous id only sets the exit code (1).
    #[arg(long, short)]
    quiet: bool,
}

impl Args {
    /// The index this command reads.
    pub fn index_dir(&self) -> std::path::PathBuf {
        self.index.dir()
    }
}

/// Runs `rolesift show`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let index = args.index.open()?;
    // An id copied from a table may carry the table's "…".
    let wanted = args.id.trim_end_matches('…');
    let posting = match index.find(wanted).context("cannot read the index")? {
        IdMatch::One(mut posting) => {
            posting.reposts = index
                .reposts_of(&posting.id)
                .context("cannot read the index")?;
            *posting
        }
        IdMatch::None if args.quiet => return Ok(EXIT_NEGATIVE),
        IdMatch::Several(_) if args.quiet => return Ok(EXIT_NEGATIVE),
        IdMatch::None => {
            super::say(format_args!(
                "no posting with id {:?} (or an id starting with it) in {}",
                args.id,
                index.path().display()
            ));
            return Ok(EXIT_NEGATIVE);
        }
        IdMatch::Several(ids) => {
            let more = if ids.len() > MAX_ID_CANDIDATES {
                ", …"
            } else {
                ""
            };
            let shown: Vec<&str> = ids
                .iter()
                .take(MAX_ID_CANDIDATES)
                .map(String::as_str)
                .collect();
            super::say(format_args!(
                "{:?} starts {} ids: {}{more}; give more of it",
                args.id,
                if more.is_empty() {
                    ids.len().to_string()
                } else {
                    format!("more than {MAX_ID_CANDIDATES}")
                },
                shown.join(", ")
            ));
            return Ok(EXIT_NEGATIVE);
        }
    };
    let bytes = match args.format {
        ShowFormat::Json => show_json(&posting),
        ShowFormat::Table => {
            let outdated = posting.model_hash != args.model.content_hash()?;
            show_text(&posting, color_style(), outdated)
        }
    };
    std::io::stdout().lock().write_all(&bytes)?;
    Ok(EXIT_OK)
}
