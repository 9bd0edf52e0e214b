//! `rolesift index add|stats|reclassify`, `rolesift search` and `rolesift show`: the index
//! contract (upserts, batched commits that survive a crash, locking, refusing foreign
//! directories, model changes) and the search contract (query language, filters, formats,
//! exit codes).

use super::{fixture, jsonl, rolesift, root, write, SuccessStdout};
use predicates::str::contains;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn postings() -> PathBuf {
    fixture("index/postings.jsonl")
}

/// `rolesift <args> --index DIR`, for any subcommand path.
fn with_index(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = rolesift();
    cmd.args(args).arg("--index").arg(dir);
    cmd
}

/// A temporary directory with the fixture postings indexed in `idx/`.
fn indexed() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    with_index(&dir, &["index", "add"])
        .arg(postings())
        .assert()
        .success()
        .stderr(contains("6 classified"))
        .stderr(contains("the index holds 6 postings"));
    (tmp, dir)
}

fn search(dir: &Path, args: &[&str]) -> Vec<Value> {
    let out = with_index(dir, &["search", "--format", "jsonl"])
        .args(args)
        .success_stdout();
    jsonl(&out)
}

fn ids(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn sorted_ids(hits: &[Value]) -> Vec<String> {
    let mut ids = ids(hits);
    ids.sort();
    ids
}

fn stats(dir: &Path) -> Value {
    let out = with_index(dir, &["index", "stats", "--format", "json"]).success_stdout();
    serde_json::from_slice(&out).unwrap()
}

/// Every id in the index, via search (duplicates kept).
fn all_ids(dir: &Path) -> Vec<String> {
    ids(&search(dir, &["*", "--limit", "100000"]))
}

#[test]
fn search_finds_words_in_any_form_and_hits_follow_the_contract() {
    let (_tmp, dir) = indexed();
    let hits = search(&dir, &["prioritizing backlogs"]);
    assert_eq!(
        ids(&hits),
        ["ix-po"],
        "\"backlog prioritization\" is in ix-po"
    );
    let keys = super::keys(&hits[0]);
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "company",
            "label",
            "confidence",
            "review",
            "review_reasons",
            "score",
            "duplicates",
            "snippet"
        ]
    );
    assert_eq!(hits[0]["duplicates"], 0);
    assert_eq!(hits[0]["label"], "product_owner");
    assert_eq!(hits[0]["company"], "Nettlebrook Bank");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("Backlog prioritization"), "{snippet}");
    assert!(!snippet.contains("[["), "JSONL snippets are plain text");
}

#[test]
fn british_and_american_spellings_find_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "spellings.jsonl",
        concat!(
            r#"{"id": "uk", "title": "Product Owner", "description": "Prioritise the product backlog and organise sprint reviews; analyse what users do."}"#,
            "\n",
            r#"{"id": "us", "title": "Product Manager", "description": "Prioritize the roadmap, organize customer interviews and analyze the market."}"#,
            "\n",
        ),
    );
    let dir = tmp.path().join("idx");
    with_index(&dir, &["index", "add"])
        .arg(&input)
        .assert()
        .success();
    assert_eq!(ids(&search(&dir, &["prioritizing backlogs"])), ["uk"]);
    assert_eq!(
        ids(&search(&dir, &["\"prioritize the product backlog\""])),
        ["uk"]
    );
    assert_eq!(ids(&search(&dir, &["organised interviews"])), ["us"]);
    assert_eq!(sorted_ids(&search(&dir, &["analysing"])), ["uk", "us"]);
}

#[test]
fn search_understands_phrases_booleans_and_fields() {
    let (_tmp, dir) = indexed();
    assert_eq!(
        sorted_ids(&search(&dir, &["\"stakeholder management\""])),
        ["ix-chef", "ix-hy", "ix-pm"]
    );
    assert_eq!(
        sorted_ids(&search(&dir, &["stakeholder management -kitchen"])),
        ["ix-hy", "ix-pm"]
    );
    assert_eq!(
        sorted_ids(&search(&dir, &["pricing OR menus"])),
        ["ix-chef", "ix-pm", "ix-review"]
    );
    assert_eq!(ids(&search(&dir, &["title:chef"])), ["ix-chef"]);
    assert_eq!(ids(&search(&dir, &["company:quillfield"])), ["ix-pm"]);
    assert_eq!(ids(&search(&dir, &["label:hybrid"])), ["ix-hy"]);
    let flagged = search(&dir, &["review:true"]);
    assert_eq!(ids(&flagged), ["ix-review"]);
    assert_eq!(
        flagged[0]["review_reasons"],
        serde_json::json!(["other_occupation_named"])
    );
    assert_eq!(search(&dir, &["confidence:[0.9 TO 1]"]).len(), 6);
    assert_eq!(
        ids(&search(&dir, &["review_reasons:other_occupation_named"])),
        ["ix-review"]
    );
    assert_eq!(
        sorted_ids(&search(&dir, &["evidence:\"product backlog\""])),
        ["ix-hy", "ix-po", "ix-review"]
    );
    // Non-ASCII words go through the same analyzer.
    assert_eq!(ids(&search(&dir, &["Größe"])), ["ix-de"]);
    // Title matches are boosted over body matches.
    let hits = search(&dir, &["chef"]);
    assert_eq!(ids(&hits)[0], "ix-chef");
}

#[test]
fn search_filters_and_pages() {
    let (_tmp, dir) = indexed();
    let product = ["--label", "product_owner", "--label", "product_manager"];
    let mut args = vec!["roadmap"];
    args.extend(product);
    // ix-review is titled as another occupation ("Product Specialist"): neither, flagged.
    assert_eq!(
        sorted_ids(&search(&dir, &args)),
        ["ix-de", "ix-pm", "ix-po"]
    );
    assert_eq!(
        ids(&search(&dir, &["*", "--review"])),
        ["ix-review"],
        "only flagged postings"
    );
    let confident = search(&dir, &["*", "--min-confidence", "0.9"]);
    assert!(confident
        .iter()
        .all(|h| h["confidence"].as_f64().unwrap() >= 0.9));
    assert_eq!(confident.len(), 6);
    assert_eq!(
        sorted_ids(&search(&dir, &["*", "--company", "NETTLEBROOK"])),
        ["ix-hy", "ix-po"]
    );
    assert_eq!(
        ids(&search(&dir, &["*", "--location", "austin tx"])),
        ["ix-pm"]
    );
    let by_confidence = search(&dir, &["*", "--sort", "confidence", "--limit", "3"]);
    let confidences: Vec<f64> = by_confidence
        .iter()
        .map(|h| h["confidence"].as_f64().unwrap())
        .collect();
    assert_eq!(confidences.len(), 3);
    assert!(
        confidences.windows(2).all(|w| w[0] >= w[1]),
        "{confidences:?}"
    );
    let all = ids(&search(&dir, &["product", "--limit", "100"]));
    let page = ids(&search(&dir, &["product", "--limit", "2", "--offset", "1"]));
    assert_eq!(page, all[1..3]);
    with_index(&dir, &["search", "x", "--min-confidence", "2"])
        .assert()
        .code(2)
        .stderr(contains("not between 0 and 1"));
    with_index(&dir, &["search", "x", "--label", "manager"])
        .assert()
        .code(2);
}

#[test]
fn search_without_hits_exits_1_and_bad_queries_fall_back_with_a_note() {
    let (_tmp, dir) = indexed();
    with_index(&dir, &["search", "--format", "jsonl", "submarine"])
        .assert()
        .code(1)
        .stdout("");
    let out = with_index(
        &dir,
        &["search", "--format", "jsonl", "backlog AND (refinement"],
    )
    .assert()
    .success()
    .stderr(contains("the query is not well formed"))
    .get_output()
    .stdout
    .clone();
    assert_eq!(ids(&jsonl(&out)), ["ix-po"]);
    with_index(&dir, &["search", "nosuchfield:x"])
        .assert()
        .code(1)
        .stderr(contains("nosuchfield"));
}

#[test]
fn search_refuses_hostile_nesting_and_clamps_huge_limits() {
    let (_tmp, dir) = indexed();
    let deep = format!("{}a", "NOT ".repeat(5000));
    with_index(&dir, &["search", &deep])
        .assert()
        .code(2)
        .stderr(contains("levels deep; at most 32"));
    let parens = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    with_index(&dir, &["search", &parens]).assert().code(2);
    let hits = search(&dir, &["*", "--limit", "18446744073709551615"]);
    assert_eq!(hits.len(), 6);
}

#[test]
fn a_panic_in_the_engine_is_a_damaged_index_said_once() {
    let (_tmp, dir) = indexed();
    let out = with_index(&dir, &["search", "backlog"])
        .env("ROLESIFT_TEST_PANIC", "1")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("is damaged"), "{stderr}");
    assert!(stderr.contains("rolesift index add"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Flips bytes all over a small index's files: every command answers, fails with a sentence or
/// says the index is damaged — never a panic, an abort or a debug dump.
#[test]
fn damaged_index_files_never_crash_a_command() {
    let (tmp, dir) = indexed();
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            !name.starts_with('.') && !name.ends_with(".json") && !name.ends_with(".lock")
        })
        .collect();
    assert!(files.len() >= 5, "{files:?}");
    let mut verified_damage = 0;
    for file in &files {
        let len = std::fs::metadata(file).unwrap().len();
        for k in 0..2u64 {
            let copy = tmp.path().join("copy");
            let _ = std::fs::remove_dir_all(&copy);
            std::fs::create_dir(&copy).unwrap();
            for entry in std::fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
            }
            let target = copy.join(file.file_name().unwrap());
            let mut bytes = std::fs::read(&target).unwrap();
            let at = (len * (2 * k + 1) / 4) as usize;
            bytes[at] ^= 0x5a;
            std::fs::write(&target, bytes).unwrap();
            for args in [
                &["search", "product OR backlog OR chef", "--format", "jsonl"][..],
                &["index", "stats"],
                &["show", "ix-po"],
                &["index", "reclassify", "--quiet"],
                &["index", "stats", "--verify"],
            ] {
                let out = with_index(&copy, args).output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                let code = out.status.code();
                assert!(
                    matches!(code, Some(0..=2)),
                    "{args:?} on {target:?}@{at}: {code:?} {stderr}"
                );
                assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
                assert!(!stderr.contains("IoError {"), "{args:?}: {stderr}");
                if args.contains(&"--verify") && code == Some(2) {
                    assert!(stderr.contains("is damaged"), "{stderr}");
                    verified_damage += 1;
                }
            }
        }
    }
    assert!(verified_damage > 0, "--verify finds flipped bytes");
}

/// A command as a user who may read the index but not write it: the current user when it is
/// not root (root ignores permissions), else `nobody` through `setpriv`; `None` (and a
/// SKIPPED line) when neither is possible.
fn as_reader(test: &str) -> Option<Vec<String>> {
    let uid = std::process::Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some(Vec::new());
    }
    if Path::new("/usr/bin/setpriv").exists() {
        return Some(
            [
                "/usr/bin/setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    eprintln!("SKIPPED {test}: running as root without setpriv to drop permissions");
    None
}

#[cfg(unix)]
#[test]
fn a_read_only_index_can_be_searched_and_says_why_it_cannot_be_written() {
    use std::os::unix::fs::PermissionsExt;
    let Some(prefix) = as_reader("a_read_only_index_can_be_searched") else {
        return;
    };
    let (tmp, dir) = indexed();
    // Readable by anyone (nobody included), writable by no one.
    let mut paths = vec![tmp.path().to_path_buf(), dir.clone()];
    paths.extend(std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()));
    for path in &paths {
        let mode = if path.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let run = |args: &[&str]| {
        let binary = assert_cmd::cargo::cargo_bin("rolesift");
        let mut command = match prefix.split_first() {
            Some((program, rest)) => {
                let mut c = std::process::Command::new(program);
                c.args(rest).arg(&binary);
                c
            }
            None => std::process::Command::new(&binary),
        };
        command
            .args(args)
            .arg("--index")
            .arg(&dir)
            .output()
            .unwrap()
    };
    let out = run(&["search", "backlog", "--format", "jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(run(&["index", "stats"]).status.code(), Some(0));
    assert_eq!(run(&["show", "ix-po"]).status.code(), Some(0));
    let input = postings();
    let out = run(&["index", "add", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot write this index (permission denied)"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for path in &paths {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn search_writes_csv_and_a_table() {
    let (_tmp, dir) = indexed();
    let csv =
        with_index(&dir, &["search", "--format", "csv", "backlog refinement"]).success_stdout();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,title,company,label,confidence,review,score,duplicates,snippet")
    );
    assert!(lines.next().unwrap().starts_with("ix-po,"));

    // Not a terminal: matched words are marked [[like this]], never with ANSI escapes.
    let table = with_index(&dir, &["search", "--format", "table", "backlog refinement"])
        .env("NO_COLOR", "")
        .success_stdout();
    let table = String::from_utf8(table).unwrap();
    assert!(table.starts_with("ID "), "{table}");
    assert!(table.contains("own the product [[backlog]]"), "{table}");
    assert!(!table.contains('\x1b'));
    assert!(table.contains("hits 1–1 of 1"), "{table}");
}

#[test]
fn show_prints_the_posting_with_its_evidence_highlighted() {
    let (_tmp, dir) = indexed();
    let out = with_index(&dir, &["show", "ix-hy"]).success_stdout();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("label       hybrid"), "{text}");
    assert!(text.contains("review      no"), "{text}");
    assert!(
        // The title is read whole, by the title normaliser: it is one piece of evidence.
        text.contains("title       [[Product Owner / Product Manager]]"),
        "{text}"
    );
    assert!(text.contains("\nevidence\nTERM"), "{text}");
    // Product owner words in brackets, product manager words in braces, the rest in angles
    // (marks that survive NO_COLOR).
    assert!(
        text.contains("our [[Product Owner]] is also our {{Product Manager}}"),
        "{text}"
    );
    assert!(
        text.contains("Own the <<product vision>>, the {{roadmap}}"),
        "{text}"
    );
    assert!(
        text.contains("description  [[product owner]] {{product manager}} <<other>>"),
        "{text}"
    );
    // The table says what the text marks: every body term's words as written are highlighted.
    let (table, description) = text.split_once("\ndescription").unwrap();
    let written_column = table
        .lines()
        .find(|l| l.starts_with("TERM"))
        .and_then(|l| l.find("AS WRITTEN"))
        .expect("an AS WRITTEN column");
    for row in table.lines().filter(|l| l.contains(" body ")) {
        let written = row[written_column..].split("  ").next().unwrap().trim();
        if !written.ends_with('…') {
            assert!(
                [("[[", "]]"), ("{{", "}}"), ("<<", ">>")]
                    .iter()
                    .any(|(open, close)| description.contains(&format!("{open}{written}{close}"))),
                "{written} is not highlighted: {text}"
            );
        }
    }
    assert!(
        !text.contains("<li>") && text.contains("sales & customers"),
        "HTML is cleaned for display: {text}"
    );
    assert!(!text.contains('\x1b'));

    let out = with_index(&dir, &["show", "ix-hy", "--format", "json"]).success_stdout();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["id"], "ix-hy");
    assert_eq!(json["label"], "hybrid");
    assert!(
        json["body"].as_str().unwrap().starts_with("<p>"),
        "stored as given"
    );
    let evidence = json["evidence"].as_array().unwrap();
    let body = json["body"].as_str().unwrap();
    let span = evidence
        .iter()
        .find(|e| e["term"] == "product vision")
        .unwrap()["spans"][0]
        .clone();
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[s..e], "product vision");
    assert!(json["indexed_at"].as_str().unwrap().ends_with('Z'));

    with_index(&dir, &["show", "nope"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("no posting with id \"nope\""));
}

#[test]
fn adding_the_same_postings_again_replaces_them() {
    let (tmp, dir) = indexed();
    with_index(&dir, &["index", "add"])
        .arg(postings())
        .assert()
        .success()
        .stderr(contains("the index holds 6 postings"));
    // Postings without ids get content-derived ones, so re-adding is idempotent too.
    let no_ids = write(
        tmp.path(),
        "no-ids.jsonl",
        "{\"title\": \"Product Owner\", \"description\": \"Own the product backlog.\"}\n\
         {\"title\": \"Baker\", \"description\": \"Bake bread at dawn.\"}\n",
    );
    for _ in 0..2 {
        with_index(&dir, &["index", "add"])
            .arg(&no_ids)
            .assert()
            .success()
            .stderr(contains("the index holds 8 postings"));
    }
    // A changed posting under a known id replaces the old one.
    let changed = write(
        tmp.path(),
        "changed.jsonl",
        "{\"id\": \"ix-chef\", \"title\": \"Sous Chef\", \"description\": \"Prepare sauces.\"}\n",
    );
    with_index(&dir, &["index", "add"])
        .arg(&changed)
        .assert()
        .success();
    let ids = all_ids(&dir);
    assert_eq!(ids.len(), 8);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 8, "{ids:?}");
    assert_eq!(ids_of_query(&dir, "sauces"), ["ix-chef"]);
    with_index(&dir, &["search", "kitchen"]).assert().code(1);
}

fn ids_of_query(dir: &Path, query: &str) -> Vec<String> {
    ids(&search(dir, &[query]))
}

#[test]
fn bad_records_are_reported_skipped_and_exit_2_and_strict_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "mixed.jsonl",
        "{\"id\": \"a\", \"description\": \"Own the product backlog.\"}\n\
         {broken\n\
         {\"id\": \"c\", \"title\": \"no body\"}\n\
         {\"id\": \"d\", \"description\": \"Own the roadmap.\"}\n",
    );
    let dir = tmp.path().join("idx");
    with_index(&dir, &["index", "add"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(contains("mixed.jsonl:2: invalid JSON"))
        .stderr(contains("mixed.jsonl:3: no description field"))
        .stderr(contains("2 skipped"));
    assert_eq!(stats(&dir)["docs"], 2);

    let strict_dir = tmp.path().join("strict");
    with_index(&strict_dir, &["index", "add", "--strict"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(contains("mixed.jsonl:2: invalid JSON"))
        .stderr(contains("indexing stopped"));
    assert_eq!(
        stats(&strict_dir)["docs"],
        0,
        "nothing past the last commit"
    );
}

/// `n` small generated postings, ids `p00000`…, in input order.
fn many_postings(dir: &Path, n: usize) -> PathBuf {
    let words = [
        "backlog",
        "roadmap",
        "sprint",
        "vision",
        "pricing",
        "stakeholders",
        "refinement",
        "discovery",
        "delivery",
        "customers",
    ];
    let mut text = String::new();
    for i in 0..n {
        let body: Vec<&str> = (0..12)
            .map(|j| words[(i * 7 + j * 3) % words.len()])
            .collect();
        text.push_str(&format!(
            "{{\"id\": \"p{i:05}\", \"title\": \"Role {i}\", \"description\": \"{}\"}}\n",
            body.join(" ")
        ));
    }
    write(dir, "many.jsonl", text)
}

fn binary() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rolesift"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(root());
    cmd
}

#[test]
fn an_ingest_that_dies_keeps_its_last_commit_and_a_rerun_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let input = many_postings(tmp.path(), 20_000);
    let dir = tmp.path().join("idx");
    // The test hook aborts the process (like a crash: no destructors, no final commit)
    // just before commit 3, with 500 uncommitted postings already in the writer.
    let status = binary()
        .args(["index", "add", "--commit-every", "500", "--index"])
        .arg(&dir)
        .arg(&input)
        .env("ROLESIFT_TEST_ABORT_AT_COMMIT", "3")
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the process was aborted");
    let ids = all_ids(&dir);
    let want: Vec<String> = (0..1000).map(|i| format!("p{i:05}")).collect();
    let mut got = ids.clone();
    got.sort();
    assert_eq!(got, want, "exactly the first two commits are visible");

    with_index(&dir, &["index", "add", "--commit-every", "500"])
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("the index holds 20000 postings"));
    let ids = all_ids(&dir);
    assert_eq!(ids.len(), 20_000);
    assert_eq!(ids.into_iter().collect::<HashSet<_>>().len(), 20_000);
}

#[test]
fn ctrl_c_during_an_ingest_says_what_was_kept_and_how_to_finish() {
    let tmp = tempfile::tempdir().unwrap();
    let input = many_postings(tmp.path(), 3_000);
    let dir = tmp.path().join("idx");
    // As if Ctrl-C came right after the second commit.
    let out = binary()
        .args(["index", "add", "--commit-every", "500", "--index"])
        .arg(&dir)
        .arg(&input)
        .env("ROLESIFT_TEST_INTERRUPT_AFTER_COMMIT", "2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("interrupted: the index keeps its last commit, with 1000 postings"),
        "{stderr}"
    );
    assert!(stderr.contains("run the same command again"), "{stderr}");
    assert_eq!(all_ids(&dir).len(), 1000);
    with_index(&dir, &["index", "add", "--commit-every", "500"])
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("the index holds 3000 postings"));
}

/// A real SIGINT, not the test hook: the ingest stops with the message, never a torn index.
#[cfg(unix)]
#[test]
fn a_real_sigint_stops_the_ingest_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let input = many_postings(tmp.path(), 20_000);
    let dir = tmp.path().join("idx");
    let child = binary()
        .args(["index", "add", "--commit-every", "500", "--index"])
        .arg(&dir)
        .arg(&input)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the first commit is visible.
    wait_for_the_first_commit(&dir);
    // SAFETY: kill(2) on our own child's pid, with a valid signal number.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        // It may have finished first on a fast machine.
        Some(0) => assert!(
            stderr.contains("the index holds 20000 postings"),
            "{stderr}"
        ),
        code => {
            assert_eq!(code, Some(130), "{stderr}");
            assert!(
                stderr.contains("interrupted: the index keeps its last commit"),
                "{stderr}"
            );
            let ids = all_ids(&dir);
            assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
        }
    }
}

#[test]
fn an_ingest_killed_midway_leaves_a_readable_index() {
    let tmp = tempfile::tempdir().unwrap();
    let input = many_postings(tmp.path(), 20_000);
    let dir = tmp.path().join("idx");
    let mut child = binary()
        .args(["index", "add", "--commit-every", "500", "--index"])
        .arg(&dir)
        .arg(&input)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill (SIGKILL) as soon as the first commit is visible.
    wait_for_the_first_commit(&dir);
    child.kill().unwrap();
    child.wait().unwrap();

    let ids = all_ids(&dir);
    assert!(
        !ids.is_empty() && ids.len().is_multiple_of(500),
        "{} postings",
        ids.len()
    );
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());

    with_index(&dir, &["index", "add", "--commit-every", "500"])
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("the index holds 20000 postings"));
}

#[test]
fn two_writers_creating_one_new_index_never_see_a_foreign_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let input = many_postings(tmp.path(), 300);
    for round in 0..8 {
        let dir = tmp.path().join(format!("race{round}"));
        let spawn = || {
            binary()
                .args(["index", "add", "--quiet", "--index"])
                .arg(&dir)
                .arg(&input)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() {
                assert!(
                    stderr.contains("being written by another process"),
                    "round {round}: {stderr}"
                );
            }
        }
        assert_eq!(all_ids(&dir).len(), 300, "round {round}");
    }
}

#[test]
fn a_second_writer_is_told_the_index_is_busy() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    // The first writer reads stdin, which stays open: it holds the writer lock meanwhile.
    let mut first = binary()
        .args(["index", "add", "--index"])
        .arg(&dir)
        .arg("-")
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !dir.join(".tantivy-writer.lock").exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "no lock taken");
        std::thread::sleep(Duration::from_millis(5));
    }
    with_index(&dir, &["index", "add"])
        .arg(postings())
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("the index is being written by another process"));
    with_index(&dir, &["index", "reclassify"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("being written by another process"));
    // Readers are not blocked.
    with_index(&dir, &["search", "backlog"]).assert().code(1);

    use std::io::Write;
    first
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\": \"x\", \"description\": \"Own the backlog.\"}\n")
        .unwrap();
    assert!(first.wait().unwrap().success());
    assert_eq!(ids_of_query(&dir, "backlog"), ["x"]);
}

#[test]
fn directories_that_are_not_rolesift_indexes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    write(&notes, "todo.txt", "buy milk");
    with_index(&notes, &["index", "add"])
        .arg(postings())
        .assert()
        .code(2)
        .stderr(contains("not a rolesift index"))
        .stderr(contains("give --index a new or empty directory"));
    assert_eq!(
        std::fs::read_dir(&notes).unwrap().count(),
        1,
        "left untouched"
    );

    let file = write(tmp.path(), "plain-file", "x");
    with_index(&file, &["search", "backlog"])
        .assert()
        .code(2)
        .stderr(contains("not an index directory"));

    let missing = tmp.path().join("missing");
    with_index(&missing, &["search", "backlog"])
        .assert()
        .code(2)
        .stderr(contains("no index here yet"));
    with_index(&missing, &["show", "x"]).assert().code(2);
    assert!(!missing.exists(), "reading never creates an index");
}

#[test]
fn an_index_from_an_incompatible_build_is_refused() {
    let (_tmp, dir) = indexed();
    let meta_path = dir.join("rolesift-index.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    assert_eq!(meta["kind"], "rolesift-index");
    meta["format_version"] = Value::from(99);
    std::fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    let add = ["index", "add", postings().to_str().unwrap()].map(str::to_string);
    let search = ["search", "backlog"].map(str::to_string);
    let stats = ["index", "stats"].map(str::to_string);
    for args in [&add[..], &search[..], &stats[..]] {
        with_index(&dir, &args.iter().map(String::as_str).collect::<Vec<_>>())
            .assert()
            .code(2)
            .stderr(contains("index format 99"))
            .stderr(contains(
                "remove the directory and run `rolesift index add` again",
            ));
    }
}

#[test]
fn a_changed_model_is_noticed_and_reclassify_catches_up() {
    let tmp = tempfile::tempdir().unwrap();
    let overlay = write(
        tmp.path(),
        "overlay.toml",
        "[[term]]\nterm = \"menus\"\nrole = \"product_manager\"\nweight = 9.0\ncategory = \"artifact\"\n",
    );
    let dir = tmp.path().join("idx");
    rolesift()
        .args(["index", "add", "--index"])
        .arg(&dir)
        .arg("--overlay")
        .arg(&overlay)
        .arg(postings())
        .assert()
        .success();
    // Searching with the default model: every posting was classified by another one.
    with_index(&dir, &["search", "--format", "jsonl", "backlog"])
        .assert()
        .success()
        .stderr(contains("6 of 6 postings"))
        .stderr(contains("run `rolesift index reclassify"));
    let before = stats(&dir);
    assert_eq!(before["models"].as_object().unwrap().len(), 1);
    assert_ne!(
        before["models"].as_object().unwrap().keys().next().unwrap(),
        before["current_model"].as_str().unwrap()
    );

    with_index(&dir, &["index", "reclassify"])
        .assert()
        .success()
        .stderr(contains("6 classified"));
    with_index(&dir, &["search", "--format", "jsonl", "backlog"])
        .assert()
        .success()
        .stderr("");
    let after = stats(&dir);
    assert_eq!(after["docs"], 6);
    assert_eq!(after["models"][after["current_model"].as_str().unwrap()], 6);
    // The stored text was kept: the posting still reads the same.
    let hits = search(&dir, &["prioritizing backlogs"]);
    assert_eq!(ids(&hits), ["ix-po"]);
}

#[test]
fn stats_count_labels_review_flags_sources_and_models() {
    let (_tmp, dir) = indexed();
    let s = stats(&dir);
    assert_eq!(s["docs"], 6);
    assert_eq!(s["labels"]["product_owner"], 1);
    assert_eq!(s["labels"]["product_manager"], 2);
    assert_eq!(s["labels"]["hybrid"], 1);
    assert_eq!(s["labels"]["neither"], 2);
    assert_eq!(s["review"]["true"], 1);
    assert_eq!(s["review"]["false"], 5);
    assert_eq!(s["sources"][postings().display().to_string()], 6);
    assert_eq!(s["models"][s["current_model"].as_str().unwrap()], 6);
    assert!(s["size_bytes"].as_u64().unwrap() > 1000);
    with_index(&dir, &["index", "stats"])
        .assert()
        .success()
        .stdout(contains("postings   6"))
        .stdout(contains("(current)"));
}

#[test]
fn the_index_location_comes_from_the_flag_the_environment_or_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let env_dir = tmp.path().join("from-env");
    rolesift()
        .args(["index", "add"])
        .arg(postings())
        .env("ROLESIFT_INDEX", &env_dir)
        .assert()
        .success();
    assert!(env_dir.join("rolesift-index.json").exists());

    rolesift()
        .args(["index", "add"])
        .arg(postings())
        .current_dir(tmp.path())
        .assert()
        .success();
    assert!(tmp
        .path()
        .join(".rolesift-index/rolesift-index.json")
        .exists());
    rolesift()
        .args(["search", "--format", "jsonl", "label:hybrid"])
        .current_dir(tmp.path())
        .assert()
        .success()
        .stdout(contains("\"id\":\"ix-hy\""));
}

#[test]
fn search_speaks_the_common_vocabulary_and_exports_without_guessing() {
    let (_tmp, dir) = indexed();
    // Labels as eval takes them.
    let short = search(&dir, &["*", "--label", "po", "--label", "pm"]);
    let long = search(
        &dir,
        &[
            "*",
            "--label",
            "product_owner",
            "--label",
            "product_manager",
        ],
    );
    assert_eq!(ids(&short), ids(&long));
    assert!(!short.is_empty());
    // Every hit, streamed; 0 is a sentence, not a range.
    assert_eq!(search(&dir, &["*", "--limit", "all"]).len(), 6);
    with_index(&dir, &["search", "*", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(contains("a limit of 0 would show nothing"));
    with_index(&dir, &["search", "*", "--offset", "50"])
        .assert()
        .code(1)
        .stderr(contains(
            "--offset 50 is past the last of the 6 matching postings",
        ));
    // A CSV export with no hits still has its header.
    let out = with_index(&dir, &["search", "zzzznothing", "--format", "csv"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "id,title,company,label,confidence,review,score,duplicates,snippet\n"
    );
}

#[test]
fn show_takes_any_unique_prefix_and_lists_the_candidates_of_an_ambiguous_one() {
    let (_tmp, dir) = indexed();
    let shown = with_index(&dir, &["show", "ix-c"]).success_stdout();
    assert!(String::from_utf8(shown)
        .unwrap()
        .starts_with("id          ix-chef\n"));
    with_index(&dir, &["show", "ix-p"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains(
            "\"ix-p\" starts 2 ids: ix-pm, ix-po; give more of it",
        ));
    with_index(&dir, &["show", "nope"])
        .assert()
        .code(1)
        .stderr(contains("no posting with id \"nope\""));
}

#[test]
fn one_format_vocabulary_and_quiet_everywhere() {
    let (tmp, dir) = indexed();
    // Reports: table|json (text and jsonl also understood).
    for format in ["table", "text", "json", "jsonl"] {
        with_index(&dir, &["index", "stats", "--format", format])
            .assert()
            .success();
        with_index(&dir, &["show", "ix-po", "--format", format])
            .assert()
            .success();
    }
    let info = rolesift()
        .args(["model", "info", "--format", "json"])
        .success_stdout();
    let info: Value = serde_json::from_slice(&info).unwrap();
    assert!(info["content_hash"].is_string() && info["terms"].as_u64().unwrap() > 100);
    // Records: jsonl|csv|table (json understood as jsonl).
    let hits = with_index(&dir, &["search", "backlog", "--format", "json", "--quiet"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    assert!(!jsonl(&hits).is_empty());
    rolesift()
        .args([
            "classify",
            "samples/postings.jsonl",
            "--format",
            "json",
            "-q",
        ])
        .assert()
        .success()
        .stderr("");
    rolesift()
        .args(["model", "build", "--quiet", "--out"])
        .arg(tmp.path().join("m.json"))
        .assert()
        .success()
        .stderr("");
}

#[test]
fn count_by_groups_the_matching_postings_and_the_counts_add_up() {
    let (_tmp, dir) = indexed();
    for query in ["*", "backlog", "roadmap"] {
        let matching = search(&dir, &[query, "--limit", "all"]).len() as u64;
        for by in ["label", "company", "location", "review"] {
            let rows = jsonl(
                &with_index(
                    &dir,
                    &["search", query, "--count-by", by, "--format", "jsonl"],
                )
                .success_stdout(),
            );
            let sum: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
            assert_eq!(sum, matching, "{query} by {by}");
            assert!(rows.iter().all(|r| r["field"] == by));
            let counts: Vec<u64> = rows.iter().map(|r| r["count"].as_u64().unwrap()).collect();
            assert!(
                counts.windows(2).all(|w| w[0] >= w[1]),
                "most frequent first"
            );
        }
    }
    let table = with_index(
        &dir,
        &["search", "*", "--count-by", "label", "--format", "table"],
    )
    .success_stdout();
    let table = String::from_utf8(table).unwrap();
    assert!(table.starts_with("LABEL "), "{table}");
    assert!(table.ends_with("6 matching postings\n"), "{table}");
}

#[test]
fn like_finds_postings_about_the_same_thing_without_the_posting_itself() {
    let (_tmp, dir) = indexed();
    let hits = ids(&search(&dir, &["--like", "ix-po", "--limit", "all"]));
    assert!(!hits.is_empty());
    assert!(!hits.contains(&"ix-po".to_string()), "{hits:?}");
    // The chef's posting shares nothing with a product owner's backlog.
    assert_ne!(hits[0], "ix-chef", "{hits:?}");
    // Filters apply as in any search.
    let filtered = search(&dir, &["--like", "ix-po", "--label", "neither"]);
    assert!(
        filtered.iter().all(|h| h["label"] == "neither"),
        "{filtered:?}"
    );
    with_index(&dir, &["search", "--like", "nope"])
        .assert()
        .code(2)
        .stderr(contains("no posting with id \"nope\""));
}

#[test]
fn tables_fit_the_terminal_width_and_never_wrap() {
    let (_tmp, dir) = indexed();
    let fixture = postings();
    for width in [60usize, 100] {
        let mut tables = Vec::new();
        for (name, args) in [
            (
                "search",
                vec!["search", "backlog OR roadmap OR menus", "--format", "table"],
            ),
            ("classify", vec!["classify", "--format", "table", "--quiet"]),
            ("audit", vec!["audit", "--format", "table", "--quiet"]),
        ] {
            let mut command = if name == "search" {
                with_index(&dir, &args)
            } else {
                let mut c = rolesift();
                c.args(&args).arg(&fixture);
                c
            };
            let out = command
                .env("COLUMNS", width.to_string())
                .env("NO_COLOR", "1")
                .success_stdout();
            let text = String::from_utf8(out).unwrap();
            for line in text.lines() {
                assert!(
                    line.chars().count() <= width,
                    "{name} at {width}: {} columns: {line}",
                    line.chars().count()
                );
            }
            tables.push(format!("== {name}\n{text}"));
        }
        insta::assert_snapshot!(format!("tables_at_{width}_columns"), tables.join("\n"));
    }
}

#[test]
fn table_ids_are_the_shortest_unique_prefixes_and_show_takes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let lines: Vec<String> = [
        "sinnerschrade-product-owner-berlin",
        "sinnerschrade-product-owner-hamburg",
        "quillfield-roadmap-lead-2026",
    ]
    .iter()
    .map(|id| {
        format!(
            r#"{{"id": "{id}", "title": "Product Owner", "description": "Own the product backlog and the roadmap."}}"#
        )
    })
    .collect();
    let input = write(tmp.path(), "long.jsonl", lines.join("\n") + "\n");
    let dir = tmp.path().join("idx");
    with_index(&dir, &["index", "add"])
        .arg(&input)
        .assert()
        .success();
    // The three are one posting under three ids: shown apart here, where ids are the point.
    let table = with_index(
        &dir,
        &["search", "backlog", "--format", "table", "--no-collapse"],
    )
    .env("NO_COLOR", "1")
    .success_stdout();
    let table = String::from_utf8(table).unwrap();
    let shown: Vec<&str> = table
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty() && !l.starts_with("hits"))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(shown.len(), 3, "{table}");
    assert!(shown.contains(&"quillfie…"), "{table}");
    assert!(shown.contains(&"sinnerschrade-product-owner-b…"), "{table}");
    for id in shown {
        assert!(id.trim_end_matches('…').chars().count() >= 8);
        // What the table shows is what `show` takes, ellipsis and all.
        with_index(&dir, &["show", id]).assert().success();
    }
}

#[test]
fn show_wraps_the_description_to_the_terminal_width() {
    let (_tmp, dir) = indexed();
    for width in [40usize, 60] {
        let out = with_index(&dir, &["show", "ix-hy"])
            .env("COLUMNS", width.to_string())
            .env("NO_COLOR", "1")
            .success_stdout();
        let text = String::from_utf8(out).unwrap();
        let (_, description) = text.split_once("\ndescription").unwrap();
        for line in description.lines().skip(1) {
            assert!(line.chars().count() <= width, "{width}: {line}");
        }
        // Nothing is lost to the wrapping.
        assert!(description.contains("[[product backlog]]"), "{description}");
    }
}

/// Waits until an ingest's first commit is visible in tantivy's meta.json (at most 2 minutes).
fn wait_for_the_first_commit(dir: &Path) {
    let started = Instant::now();
    loop {
        let committed = std::fs::read_to_string(dir.join("meta.json"))
            .ok()
            .and_then(|m| serde_json::from_str::<Value>(&m).ok())
            .is_some_and(|m| m["segments"].as_array().is_some_and(|s| !s.is_empty()));
        if committed {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no commit seen"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A body of a product manager posting, with a date line that changes between reposts.
fn repost_body(posted: &str) -> String {
    format!(
        "Posted {posted}. You will own the roadmap for our payments product, talk to merchants \
         every week, write clear requirements with the engineering team, decide what we build \
         next and why, measure adoption after each release, and present the plan to the \
         leadership team each quarter. You have shipped software products before."
    )
}

fn repost_line(id: &str, title: &str, company: &str, body: &str) -> String {
    serde_json::json!({"id": id, "title": title, "company": company, "description": body})
        .to_string()
        + "\n"
}

#[test]
fn reposts_are_one_hit_with_a_count_and_show_lists_the_other_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    // One ingest: a posting, its repost under another id (title in other case and
    // punctuation, a new date), and a second opening at the same company with another text.
    let first = write(
        tmp.path(),
        "first.jsonl",
        repost_line(
            "board-a:1",
            "Product Manager – Payments",
            "Acme",
            &repost_body("2026-01-04"),
        ) + &repost_line(
            "board-b:77",
            "product manager, payments",
            "ACME",
            &repost_body("2026-02-11"),
        ) + &repost_line(
            "board-a:2",
            "Product Manager – Payments",
            "Acme",
            "You will own the roadmap of our card issuing product in Lisbon: plan the year \
             with the fraud and ledger teams, hire two engineers, agree service levels with \
             banking partners in four countries and report adoption to the board.",
        ),
    );
    with_index(&dir, &["index", "add"])
        .arg(&first)
        .assert()
        .success();
    // A later ingest: the same posting from a third board, found in the committed index.
    let later = write(
        tmp.path(),
        "later.jsonl",
        repost_line(
            "mirror:9",
            "Product Manager - Payments",
            "acme",
            &repost_body("2026-03-19"),
        ),
    );
    with_index(&dir, &["index", "add"])
        .arg(&later)
        .assert()
        .success();

    let hits = search(&dir, &["roadmap", "--limit", "all"]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let grouped = hits
        .iter()
        .find(|h| h["id"] != "board-a:2")
        .expect("the reposted posting");
    assert_eq!(grouped["duplicates"], 2);
    let other = hits.iter().find(|h| h["id"] == "board-a:2").unwrap();
    assert_eq!(other["duplicates"], 0);

    let all = search(&dir, &["roadmap", "--limit", "all", "--no-collapse"]);
    assert_eq!(
        sorted_ids(&all),
        ["board-a:1", "board-a:2", "board-b:77", "mirror:9"]
    );
    let table = with_index(&dir, &["search", "roadmap", "--format", "table"])
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .success_stdout();
    let table = String::from_utf8(table).unwrap();
    assert!(table.lines().next().unwrap().contains(" DUP "), "{table}");
    assert!(table.contains(" +2 "), "{table}");
    // Paging counts groups: the second page of one holds the other group.
    let page2 = search(&dir, &["roadmap", "--limit", "1", "--offset", "1"]);
    assert_eq!(page2.len(), 1);
    assert_ne!(page2[0]["id"], hits[0]["id"]);

    // Paging past the last group says how many there are, reposts apart.
    with_index(&dir, &["search", "roadmap", "--offset", "2"])
        .assert()
        .code(1)
        .stderr(contains(
            "--offset 2 is past the last of the 2 (4 with reposts) matching postings",
        ));
    let count = |extra: &[&str]| -> u64 {
        let mut args = vec!["search", "*", "--count-by", "label", "--format", "jsonl"];
        args.extend_from_slice(extra);
        jsonl(&with_index(&dir, &args).success_stdout())
            .iter()
            .map(|r| r["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--no-collapse"]), 4);
    let stats = stats(&dir);
    assert_eq!(
        (stats["docs"].as_u64(), stats["repost_groups"].as_u64()),
        (Some(4), Some(2))
    );
    let text = String::from_utf8(with_index(&dir, &["index", "stats"]).success_stdout()).unwrap();
    assert!(
        text.contains("reposts    2 of them repeat another (2 distinct postings)"),
        "{text}"
    );

    let shown =
        String::from_utf8(with_index(&dir, &["show", "board-b:77"]).success_stdout()).unwrap();
    assert!(
        shown.contains("reposts     board-a:1, mirror:9\n"),
        "{shown}"
    );
    let json: Value = serde_json::from_slice(
        &with_index(&dir, &["show", "mirror:9", "--format", "json"]).success_stdout(),
    )
    .unwrap();
    assert_eq!(
        json["reposts"],
        serde_json::json!(["board-a:1", "board-b:77"])
    );
    // A posting without reposts has no such line.
    let alone =
        String::from_utf8(with_index(&dir, &["show", "board-a:2"]).success_stdout()).unwrap();
    assert!(!alone.contains("reposts"), "{alone}");
}

/// `-q` is accepted by every command that reads or writes postings, indexes or models; on
/// `show`, an unknown id is then only its exit code.
#[test]
fn quiet_is_accepted_everywhere_and_silences_show() {
    for command in super::COMMANDS {
        let help = super::help_of(command);
        assert!(help.contains("-q, --quiet"), "{command:?}");
    }
    let (_tmp, dir) = indexed();
    with_index(&dir, &["show", "nope", "-q"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("");
    with_index(&dir, &["index", "stats", "-q"])
        .assert()
        .success();
    rolesift().args(["model", "info", "-q"]).assert().success();
}
