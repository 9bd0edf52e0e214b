//! Command-line interface: clap definitions, one module per subcommand.
//!
//! The `match` in [`run`] is the table of contents. Subcommand modules translate arguments
//! into library options and make one call into the library; stage modules never see clap.

mod audit;
mod calibrate;
mod classify;
mod eval;
mod index;
mod model;
mod progress;
mod search;
mod show;
mod sink;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Classify job postings as product owner, product manager, hybrid or neither — with evidence.
#[derive(Debug, Parser)]
#[command(name = "rolesift", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify postings from files, directories or stdin.
    Classify(classify::Args),
    /// Measure accuracy, per-class F1, calibration and coverage on labelled postings.
    Eval(Box<eval::Args>),
    /// Audit titles against what the postings describe: mistitled roles, contradicted seniority.
    Audit(audit::Args),
    /// Build or inspect models.
    #[command(subcommand)]
    Model(model::ModelCommand),
    /// Build and maintain the local posting index.
    #[command(subcommand)]
    Index(index::IndexCommand),
    /// Search the index: words, phrases, field queries, filters.
    Search(search::Args),
    /// Show one indexed posting with its classification and evidence.
    Show(show::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `rolesift man > rolesift.1`.
    Man,
}

/// Arguments of `rolesift completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    rolesift completions bash > ~/.local/share/bash-completion/completions/rolesift\n  \
    rolesift completions zsh > \"${fpath[1]}/_rolesift\"\n  \
    rolesift completions fish > ~/.config/fish/completions/rolesift.fish")]
pub struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: a negative answer (no hits, id not found, audit findings at or above
/// `--fail-on`, accuracy under `--min-macro-f1`).
pub const EXIT_NEGATIVE: u8 = 1;
/// Exit code: an error, or records skipped.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and maps errors to exit codes.
///
/// A panic never reaches the user as a backtrace: it is caught here and said once. In a
/// command that reads an index, the search engine panicking on its files means they are
/// damaged, and the message says how to rebuild them.
pub fn main() -> ExitCode {
    record_panics();
    let cli = Cli::parse();
    rolesift::output::table::set_terminal_width(terminal_width());
    let index_dir = cli.command.index_dir();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    let result = outcome.unwrap_or_else(|_| {
        let (what, place) = LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut last| last.take())
            .unwrap_or_else(|| ("an unknown failure".to_string(), String::new()));
        Err(match index_dir {
            Some(path) => rolesift::Error::IndexDamaged {
                path,
                detail: format!("the search engine failed on its files: {what}"),
            }
            .into(),
            None => anyhow::anyhow!("internal error ({what}{place}); please report it"),
        })
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::from(EXIT_OK);
            }
            say(format_args!("{err:#}"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The width tables are fitted to: `COLUMNS` when set (also for a pipe, so a script can ask
/// for a width), else the terminal's when stdout is one, else none (natural widths).
fn terminal_width() -> Option<usize> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 20);
    from_env.or_else(|| {
        let term = console::Term::stdout();
        (std::io::stdout().is_terminal())
            .then(|| term.size_checked())
            .flatten()
            .map(|(_, columns)| usize::from(columns))
    })
}

/// Says one message on stderr as `rolesift: …`, made safe for a terminal: messages carry
/// file names and posting ids, which may hold escape sequences.
pub fn say(message: impl std::fmt::Display) {
    let text = message.to_string();
    eprintln!("rolesift: {}", rolesift::output::terminal::text(&text));
}

/// The last panic's message and place, kept for [`main`] to say once.
static LAST_PANIC: std::sync::Mutex<Option<(String, String)>> = std::sync::Mutex::new(None);

/// Replaces the default panic report (a backtrace hint on stderr) with a record for [`main`];
/// with `RUST_BACKTRACE` set, the default report is printed as well, for developers.
fn record_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = rolesift::error::panic_message(info.payload());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            last.get_or_insert((payload, place));
        }
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            default(info);
        }
    }));
}

impl Command {
    /// The index a command reads, if it reads one.
    fn index_dir(&self) -> Option<PathBuf> {
        match self {
            Command::Index(command) => Some(command.index_dir()),
            Command::Search(args) => Some(args.index_dir()),
            Command::Show(args) => Some(args.index_dir()),
            Command::Audit(args) => args.index_dir(),
            _ => None,
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Classify(args) => classify::run(args),
        Command::Eval(args) => eval::run(*args),
        Command::Audit(args) => audit::run(args),
        Command::Model(command) => model::run(command),
        Command::Index(command) => index::run(command),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut command, "rolesift", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
            Ok(EXIT_OK)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<rolesift::Error>()
                .is_some_and(rolesift::Error::is_broken_pipe)
    })
}

/// The most worker threads a command takes: far beyond any machine's cores (more only
/// costs memory and start-up: 4096 threads took 27 s and 1 GB for 316 postings).
pub const MAX_THREADS: u16 = 256;

/// `--threads`: a number from 1 to [`MAX_THREADS`].
pub fn parse_threads(text: &str) -> Result<u16, String> {
    match text.parse::<u64>() {
        Ok(n) if (1..=u64::from(MAX_THREADS)).contains(&n) => Ok(n as u16),
        Ok(0) => Err("at least one thread is needed".to_string()),
        Ok(n) => Err(format!(
            "{n} threads is more than the {MAX_THREADS} rolesift starts; one per core is the \
             default and usually the fastest"
        )),
        Err(_) => Err(format!("{text:?} is not a number of threads")),
    }
}

/// How to highlight words for people: bold when stdout is a terminal and `NO_COLOR` is unset
/// (or empty), `[[…]]` markers otherwise.
pub fn color_style() -> rolesift::output::search::Style {
    use rolesift::output::search::Style;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if std::io::stdout().is_terminal() && !no_color {
        Style::Ansi
    } else {
        Style::Markers
    }
}

/// Output format choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON object per line (default when stdout is not a terminal; `json` also works).
    #[value(alias = "json")]
    Jsonl,
    /// CSV with a header.
    Csv,
    /// A table for people (default on a terminal).
    Table,
}

impl FormatArg {
    /// The chosen format, or the default for where stdout goes.
    pub fn resolve(choice: Option<FormatArg>) -> rolesift::output::OutputFormat {
        use rolesift::output::OutputFormat;
        match choice {
            Some(FormatArg::Jsonl) => OutputFormat::Jsonl,
            Some(FormatArg::Csv) => OutputFormat::Csv,
            Some(FormatArg::Table) => OutputFormat::Table,
            None if std::io::stdout().is_terminal() => OutputFormat::Table,
            None => OutputFormat::Jsonl,
        }
    }
}

/// Options shared by every command that classifies: which model, which overlay.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Use this model file instead of the embedded default.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Add your own terms and weights (TOML, see README) on top of the model.
    #[arg(long, value_name = "PATH")]
    pub overlay: Vec<PathBuf>,
}

impl ModelArgs {
    /// Loads the model and applies overlays.
    pub fn load(&self) -> anyhow::Result<rolesift::Model> {
        use anyhow::Context;
        let mut model = match &self.model {
            Some(path) => rolesift::Model::load(path)
                .with_context(|| format!("cannot load model {}", path.display()))?,
            None => rolesift::Model::embedded().context("the embedded model is broken")?,
        };
        for overlay in &self.overlay {
            model
                .apply_overlay_file(overlay)
                .with_context(|| format!("cannot apply overlay {}", overlay.display()))?;
        }
        Ok(model)
    }

    /// The content hash of the model [`ModelArgs::load`] would load; the embedded model's is
    /// read without building the model.
    pub fn content_hash(&self) -> anyhow::Result<String> {
        use anyhow::Context;
        if self.model.is_none() && self.overlay.is_empty() {
            return rolesift::Model::embedded_content_hash()
                .context("the embedded model is broken");
        }
        Ok(self.load()?.content_hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
