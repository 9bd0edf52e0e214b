//! Expanding the paths given into inputs: directories walked in order, every real file and
//! directory once, and each input's format resolved from its extension.
//!
//! Kept apart because it runs once, before any input is opened, and looks only at names and
//! metadata; what it cannot read becomes an input with a problem, which the reader reports in
//! its turn.

use super::InputFormat;
use crate::error::{io_message, Error, Result};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// One input after expansion: a path (or stdin) and its resolved format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path, or `-` for stdin.
    pub path: PathBuf,
    /// The format (`Auto` means: sniff the content).
    pub format: InputFormat,
    /// Why this input found in a walked directory cannot be read (a dangling link, a directory
    /// that cannot be listed): the reader reports it and goes on with the others.
    pub problem: Option<String>,
}

/// The inputs a list of paths expands to, and what the walk noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Things skipped on purpose, for the user to know (a symbolic link back into a directory
    /// already walked, a file reached a second time through a link).
    pub warnings: Vec<String>,
}

impl Input {
    /// True for standard input.
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// Expands directories (recursively, sorted, known extensions only) and resolves formats.
///
/// Symbolic links are followed, but every directory and every file is read once: a link back
/// into a directory already walked (a loop) or to a file already found is skipped with a
/// warning. A named path that does not exist is an error; what a walk finds and cannot read is
/// an input with a [`Input::problem`], reported by the reader without stopping the others.
pub fn expand_inputs(paths: &[PathBuf], format: InputFormat) -> Result<Expansion> {
    let mut walk = Walk {
        format,
        expansion: Expansion::default(),
        dirs: HashSet::new(),
        files: HashSet::new(),
    };
    for path in paths {
        if path.as_os_str() == "-" {
            walk.push(path.clone(), format, None);
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk.dir(path);
        } else {
            let format = match format {
                InputFormat::Auto => format_from_extension(path).unwrap_or(InputFormat::Auto),
                explicit => explicit,
            };
            if let Ok(real) = std::fs::canonicalize(path) {
                walk.files.insert(real);
            }
            walk.push(path.clone(), format, None);
        }
    }
    Ok(walk.expansion)
}

/// A directory walk's state: what was found, and every real path already visited.
struct Walk {
    format: InputFormat,
    expansion: Expansion,
    dirs: HashSet<PathBuf>,
    files: HashSet<PathBuf>,
}

impl Walk {
    fn push(&mut self, path: PathBuf, format: InputFormat, problem: Option<String>) {
        self.expansion.inputs.push(Input {
            path,
            format,
            problem,
        });
    }

    fn warn(&mut self, message: String) {
        self.expansion.warnings.push(message);
    }

    fn dir(&mut self, dir: &Path) {
        match std::fs::canonicalize(dir) {
            Ok(real) if !self.dirs.insert(real.clone()) => {
                return self.warn(format!(
                    "{}: a link to {}, which is already being read; skipped (a symbolic link loop?)",
                    dir.display(),
                    real.display()
                ));
            }
            Ok(_) => {}
            Err(e) => return self.push(dir.to_path_buf(), self.format, Some(io_message(&e))),
        }
        let entries = std::fs::read_dir(dir).and_then(|entries| {
            entries
                .map(|entry| entry.map(|e| e.path()))
                .collect::<io::Result<Vec<_>>>()
        });
        let mut entries = match entries {
            Ok(entries) => entries,
            Err(e) => {
                let problem = format!("cannot list this directory: {}", io_message(&e));
                return self.push(dir.to_path_buf(), self.format, Some(problem));
            }
        };
        entries.sort();
        for path in entries {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            let by_ext = format_from_extension(&path);
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.dir(&path),
                Ok(_) => {
                    let Some(by_ext) = by_ext else { continue };
                    let format = match self.format {
                        InputFormat::Auto => by_ext,
                        explicit => explicit,
                    };
                    let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    if self.files.insert(real.clone()) {
                        self.push(path, format, None);
                    } else {
                        self.warn(format!(
                            "{}: the same file as {}, already read; skipped",
                            path.display(),
                            real.display()
                        ));
                    }
                }
                // A dangling link or an entry that vanished: only what would have been read
                // is worth a word.
                Err(e) if by_ext.is_some() => {
                    let problem = if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
                        "a symbolic link to nothing (its target does not exist)".to_string()
                    } else {
                        io_message(&e)
                    };
                    self.push(path, self.format, Some(problem));
                }
                Err(_) => {}
            }
        }
    }
}

/// The format an extension implies, if it is one we know.
pub fn format_from_extension(path: &Path) -> Option<InputFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
        "csv" | "tsv" | "tab" => Some(InputFormat::Csv),
        "txt" | "text" | "html" | "htm" => Some(InputFormat::Text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_in_order_with_known_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "T\nbody").unwrap();
        std::fs::write(dir.path().join("a.jsonl"), "").unwrap();
        std::fs::write(dir.path().join("sub/c.csv"), "").unwrap();
        std::fs::write(dir.path().join("notes.bin"), "").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "").unwrap();
        let inputs = expand_inputs(&[dir.path().to_path_buf()], InputFormat::Auto)
            .unwrap()
            .inputs;
        let names: Vec<_> = inputs
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.csv"]);
    }
}
