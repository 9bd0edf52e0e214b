//! `rolesift model`: building the model from the corpus, and describing one.

use super::{rolesift, root, write};
use predicates::str::contains;

#[test]
fn model_build_reproduces_the_shipped_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.json");
    rolesift()
        .args(["model", "build", "--corpus", "corpus", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("content hash"));
    let built = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string(root().join("models/default.json")).unwrap();
    assert_eq!(built, shipped);
    // And the built model loads as --model.
    rolesift()
        .args(["model", "info", "--model"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("content hash"));
}

#[test]
fn a_broken_corpus_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/cues.toml"),
        dir.path().join("cues.toml"),
    )
    .unwrap();
    write(
        dir.path(),
        "lexicon.toml",
        "[sources]\n\"000\" = \"a.txt\"\n\n[[entry]]\nterm = \"backlog\"\ncategory = \"artefact\"\nrole = \"product_owner\"\nsources = [\"000\"]\n",
    );
    rolesift()
        .args(["model", "build", "--out", "-", "--corpus"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("lexicon.toml:6"))
        .stderr(contains("artefact"));
    write(
        dir.path(),
        "lexicon.toml",
        "[sources]\n\"000\" = \"a.txt\"\n\n[[entry]]\nterm = \"backlog\"\ncategory = \"artifact\"\nrole = \"product_owner\"\nsources = [\"009\"]\n",
    );
    rolesift()
        .args(["model", "build", "--out", "-", "--corpus"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("entry 1 (\"backlog\"): unknown source \"009\""));
}
