//! Integration tests that drive the real `rolesift` binary, one file per subcommand.

mod audit;
mod classify;
mod eval;
mod figures;
mod index;
mod model;
mod terminal;

use std::path::{Path, PathBuf};

/// Every command that reads or writes postings, indexes or models (all but `completions` and
/// `man`), as its words on the command line.
pub const COMMANDS: [&[&str]; 12] = [
    &["classify"],
    &["eval"],
    &["audit"],
    &["search"],
    &["show"],
    &["index", "add"],
    &["index", "stats"],
    &["index", "reclassify"],
    &["model", "build"],
    &["model", "info"],
    &["model", "calibrate"],
    &["model", "taxonomy"],
];

/// `rolesift COMMAND… --help`, which must succeed.
pub fn help_of(command: &[&str]) -> String {
    String::from_utf8(rolesift().args(command).arg("--help").success_stdout()).unwrap()
}

/// The binary under test, with a clean environment.
pub fn rolesift() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rolesift").expect("binary built");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(root());
    cmd
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A project fixture file.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Writes `content` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write fixture");
    path
}

/// Parses JSONL output.
pub fn jsonl(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `rolesift SUBCOMMAND --format jsonl -` fed many postings into `head -n 1`: the closed pipe
/// must end the command quietly, with exit code 0 and nothing on stderr about it.
pub fn assert_closed_pipe_is_quiet(subcommand: &str) {
    let gold = root().join("tests/fixtures/gold/gold.jsonl");
    let bin = assert_cmd::cargo::cargo_bin("rolesift");
    let script = format!(
        "set -o pipefail; for i in 1 2 3 4 5 6 7 8; do cat '{g}'; done | '{b}' {subcommand} --format jsonl - | head -n 1 >/dev/null",
        g = gold.display(),
        b = bin.display()
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
}

/// The keys of a JSON object, in order (to check a record's field order).
pub fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// Runs a command that must succeed and returns its stdout.
pub trait SuccessStdout {
    /// Asserts success (showing stdout and stderr if not) and returns stdout.
    fn success_stdout(&mut self) -> Vec<u8>;
}

impl SuccessStdout for assert_cmd::Command {
    fn success_stdout(&mut self) -> Vec<u8> {
        self.assert().success().get_output().stdout.clone()
    }
}
