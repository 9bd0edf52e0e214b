//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<part>` (or `$ROLESIFT_SHARED/<part>`), when present.
///
/// When absent, says so on the terminal (past the test harness's capture, so it shows in a
/// normal `cargo test` run) and returns `None`; the caller then skips its checks.
pub fn shared(part: &str, test: &str) -> Option<PathBuf> {
    let base = std::env::var_os("ROLESIFT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared"));
    let path = base.join(part);
    if path.exists() {
        Some(path)
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: {} is absent (set ROLESIFT_SHARED to the shared folder to run it)",
            path.display()
        );
        None
    }
}
