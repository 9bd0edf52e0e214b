//! Nothing from a posting or a file name reaches a terminal as an escape sequence: `show`,
//! tables and messages on stderr neutralise them, JSONL keeps the text exactly.

use super::{rolesift, write, SuccessStdout};

/// OSC 0 (window title), OSC 8 (hyperlink), CSI 2J (clear screen) and a bidi override.
const HOSTILE: &str = "x\u{1b}]0;pwned\u{7}\u{1b}]8;;http://evil\u{1b}\\\u{1b}[2J\u{202e}y";

/// The same without a slash, for file names.
const HOSTILE_NAME: &str = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}y";

fn no_escapes(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains('\u{1b}'), "{what}: {text:?}");
    assert!(!text.contains('\u{202e}'), "{what}: {text:?}");
    assert!(!text.contains('\u{7}'), "{what}: {text:?}");
}

#[test]
fn show_tables_and_messages_neutralise_escapes_and_jsonl_keeps_them() {
    let tmp = tempfile::tempdir().unwrap();
    let posting = serde_json::json!({
        "id": format!("id-{HOSTILE}"),
        "title": format!("Product Owner {HOSTILE}"),
        "company": HOSTILE,
        "location": HOSTILE,
        "description": format!("Own the product backlog and run sprint planning. {HOSTILE}"),
    });
    let input = write(tmp.path(), "hostile.jsonl", format!("{posting}\n"));
    let index = tmp.path().join("idx");
    rolesift()
        .args(["index", "add", "--index"])
        .arg(&index)
        .arg(&input)
        .assert()
        .success();
    let id = format!("id-{HOSTILE}");
    let shown = rolesift()
        .args(["show", "--index"])
        .arg(&index)
        .arg(&id)
        .success_stdout();
    no_escapes(&shown, "show");
    assert!(
        String::from_utf8_lossy(&shown).contains("pwned"),
        "readable"
    );
    for args in [
        &["classify", "--format", "table"][..],
        &["audit", "--format", "table"],
    ] {
        let out = rolesift().args(args).arg(&input).output().unwrap();
        no_escapes(&out.stdout, args[0]);
        no_escapes(&out.stderr, args[0]);
    }
    let search = rolesift()
        .args(["search", "backlog", "--format", "table", "--index"])
        .arg(&index)
        .success_stdout();
    no_escapes(&search, "search table");
    // JSONL is the machine contract: the text exactly as it came.
    let jsonl = rolesift()
        .args(["classify", "--format", "jsonl"])
        .arg(&input)
        .success_stdout();
    let record: serde_json::Value = serde_json::from_slice(&jsonl).unwrap();
    assert_eq!(record["id"], id.as_str());

    // Messages: an unlabelled posting's id in `eval`, a bad file's name everywhere.
    let gold =
        std::fs::read_to_string(super::root().join("tests/fixtures/gold/gold.jsonl")).unwrap();
    let first = gold.lines().next().unwrap();
    let mixed = write(tmp.path(), "mixed.jsonl", format!("{first}\n{posting}\n"));
    let eval = rolesift().args(["eval"]).arg(&mixed).output().unwrap();
    no_escapes(&eval.stderr, "eval");
    assert!(String::from_utf8_lossy(&eval.stderr).contains("no usable label"));
    let bad = write(
        tmp.path(),
        &format!("bad{HOSTILE_NAME}.jsonl"),
        "not json\n",
    );
    let out = rolesift().arg("classify").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    no_escapes(&out.stderr, "classify message");
    let missing = tmp.path().join(format!("missing{HOSTILE_NAME}.jsonl"));
    let out = rolesift().arg("classify").arg(&missing).output().unwrap();
    no_escapes(&out.stderr, "missing file");
}

#[test]
fn csv_formulas_are_guarded_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "f.jsonl",
        r#"{"id": "=1+2", "title": "=HYPERLINK(\"http://x\")", "description": "Own the product backlog and run sprint planning."}"#,
    );
    let plain = rolesift()
        .args(["classify", "--format", "csv"])
        .arg(&input)
        .success_stdout();
    let row = |bytes: &[u8]| {
        let mut reader = csv::Reader::from_reader(bytes);
        reader.records().next().unwrap().unwrap()
    };
    assert_eq!(&row(&plain)[0], "=1+2", "exact by default");
    let guarded = rolesift()
        .args(["classify", "--format", "csv", "--csv-formula-guard"])
        .arg(&input)
        .success_stdout();
    let guarded = row(&guarded);
    assert_eq!(&guarded[0], "'=1+2");
    assert!(guarded[1].starts_with("'=HYPERLINK"));
    let audit = rolesift()
        .args(["audit", "--format", "csv", "--csv-formula-guard"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(&row(&audit.stdout)[0], "'=1+2");
}
