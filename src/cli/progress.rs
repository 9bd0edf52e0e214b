//! A progress bar on stderr, only for people: shown when stderr is a terminal, not under CI,
//! and only once the work has run for a moment (short runs stay silent).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Work shorter than this never shows a bar.
const SHOW_AFTER: Duration = Duration::from_millis(400);

/// A lazily shown byte-progress bar.
pub struct Progress {
    enabled: bool,
    total: Option<u64>,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for `total` bytes (unknown for stdin), enabled on an interactive stderr.
    pub fn new(total: Option<u64>) -> Self {
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress {
            enabled,
            total,
            started: Instant::now(),
            bar: None,
        }
    }

    /// Records that `bytes` have been read.
    pub fn update(&mut self, bytes: u64) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.started.elapsed() >= SHOW_AFTER {
            let bar = match self.total {
                Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                    .with_style(
                        ProgressStyle::with_template(
                            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})",
                        )
                        .expect("valid template"),
                    ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec})")
                        .expect("valid template"),
                ),
            };
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
        }
    }

    /// Prints a line on stderr without tearing the bar (it is hidden, the line printed, the
    /// bar redrawn).
    /// The line is made safe for a terminal (it carries file names and ids).
    pub fn eprintln(&self, line: &str) {
        let line = rolesift::output::terminal::text(line);
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
