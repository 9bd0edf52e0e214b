//! The meta file that marks a directory as a rolesift index, and what a directory holds.
//!
//! Kept apart because it is checked before tantivy opens anything: a directory that is not
//! a rolesift index, or one from an incompatible build, is refused here with a message
//! saying what to do.

use super::{DEFAULT_INDEX_DIR, INDEX_DIR_ENV, SCHEMA_VERSION};
use crate::analyze::AnalyzerSettings;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// The file that marks a directory as a rolesift index.
pub const META_FILE: &str = "rolesift-index.json";
/// The `kind` recorded in [`META_FILE`].
pub const META_KIND: &str = "rolesift-index";
/// Version of the index directory's layout (meta file, how documents are written). Bump it when
/// an older build could misread a newer index.
pub const INDEX_FORMAT_VERSION: u32 = 1;

/// The contents of [`META_FILE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Always [`META_KIND`].
    pub kind: String,
    /// [`INDEX_FORMAT_VERSION`] of the build that created the index.
    pub format_version: u32,
    /// [`SCHEMA_VERSION`] of the build that created the index.
    pub schema_version: u32,
    /// The analyzer the text fields were indexed with.
    pub analyzer: AnalyzerSettings,
    /// The rolesift version that created the index.
    pub created_by: String,
}

impl IndexMeta {
    /// The meta this build writes.
    pub fn current() -> Self {
        IndexMeta {
            kind: META_KIND.to_string(),
            format_version: INDEX_FORMAT_VERSION,
            schema_version: SCHEMA_VERSION,
            analyzer: AnalyzerSettings::default(),
            created_by: format!("rolesift {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// What a directory holds.
pub(super) enum Found {
    Missing,
    Empty,
    Rolesift,
}

/// The lock file that makes creating an index one process's job at a time.
pub(super) const CREATION_LOCK_FILE: &str = ".rolesift-create.lock";

/// Takes the creation lock of the index directory `dir`, waiting for another process that
/// holds it; released when the returned file is dropped.
///
/// Creating an index is a check and then a write (ours for the meta file, tantivy's for its
/// own): two writers starting on one new directory both found it empty, and the later one's
/// fresh, empty index could replace what the earlier had committed meanwhile.
pub(super) fn creation_lock(dir: &Path) -> Result<std::fs::File> {
    let path = dir.join(CREATION_LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    file.lock().map_err(|e| Error::io(&path, e))?;
    Ok(file)
}

/// The process id in the name of our meta file's temporary copy
/// (`.rolesift-index.json.tmp-PID`, as [`write_atomically`](crate::fs::write_atomically) names it).
fn meta_tmp_pid(name: &str) -> Option<u32> {
    name.strip_prefix('.')?
        .strip_prefix(META_FILE)?
        .strip_prefix(".tmp-")?
        .parse()
        .ok()
}

/// Removes temporary meta files whose writer is gone (Linux tells by `/proc`; elsewhere they
/// are only ignored).
fn remove_stale_meta_tmp(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(meta_tmp_pid) else {
            continue;
        };
        if !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

pub(super) fn inspect(dir: &Path) -> Result<Found> {
    let metadata = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !metadata.is_dir() {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            message: "this is a file, not an index directory; give --index a directory \
                      (it is created when missing)"
                .to_string(),
        });
    }
    if dir.join(META_FILE).exists() {
        return Ok(Found::Rolesift);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    // Our own meta file's temporary copy, left by a first ingest killed in its first moments
    // (or being written right now by a concurrent one), and the creation lock are not "other
    // files".
    let mut others = entries.filter_map(|e| e.ok()).filter(|e| {
        e.file_name()
            .to_str()
            .is_none_or(|name| meta_tmp_pid(name).is_none() && name != CREATION_LOCK_FILE)
    });
    if others.next().is_none() {
        remove_stale_meta_tmp(dir);
        return Ok(Found::Empty);
    }
    let what = if dir.join("meta.json").exists() {
        "a tantivy index not made by rolesift"
    } else {
        "a directory with other files"
    };
    Err(Error::NotAnIndex {
        path: dir.to_path_buf(),
        message: format!(
            "not a rolesift index ({what}, no {META_FILE}); give --index a new or empty \
             directory (default {DEFAULT_INDEX_DIR}, or set {INDEX_DIR_ENV})"
        ),
    })
}

pub(super) fn read_meta(dir: &Path) -> Result<IndexMeta> {
    let path = dir.join(META_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        message: format!(
            "{META_FILE} is unreadable ({e}); rebuild the index: remove the directory and run \
             `rolesift index add` again"
        ),
    })?;
    if value.get("kind").and_then(Value::as_str) != Some(META_KIND) {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            message: format!(
                "{META_FILE} does not describe a rolesift index; give --index another directory"
            ),
        });
    }
    serde_json::from_value(value).map_err(|e| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        message: format!(
            "{META_FILE} was written by another version of rolesift ({e}); rebuild the index: \
             remove the directory and run `rolesift index add` again"
        ),
    })
}

pub(super) fn check_meta(dir: &Path) -> Result<IndexMeta> {
    let meta = read_meta(dir)?;
    let current = IndexMeta::current();
    let rebuild = "rebuild it: remove the directory and run `rolesift index add` again \
                   (or use a rolesift that matches it)";
    let problem = if meta.format_version != current.format_version {
        Some(format!(
            "index format {} (made by {}), but this build reads format {}",
            meta.format_version, meta.created_by, current.format_version
        ))
    } else if meta.schema_version != current.schema_version {
        Some(format!(
            "index schema version {} (made by {}), but this build uses version {}",
            meta.schema_version, meta.created_by, current.schema_version
        ))
    } else if meta.analyzer != current.analyzer {
        Some(format!(
            "the index was analysed with another analyzer ({:?}, made by {})",
            meta.analyzer.name, meta.created_by
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            message: format!("{problem}; {rebuild}"),
        }),
        None => Ok(meta),
    }
}

pub(super) fn meta_json(meta: &IndexMeta) -> Vec<u8> {
    let mut json = serde_json::to_vec_pretty(meta).expect("meta serialises");
    json.push(b'\n');
    json
}
