//! `rolesift classify`: formats, inputs, bad records, exit codes, determinism, pipes.

use super::{fixture, jsonl, rolesift, root, write, SuccessStdout};
use predicates::str::contains;

fn labels(stdout: &[u8]) -> Vec<(String, String)> {
    jsonl(stdout)
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn jsonl_records_follow_the_contract() {
    let out = rolesift()
        .args(["classify", "--format", "jsonl"])
        .arg(fixture("cli/three.jsonl"))
        .assert()
        .success()
        .stderr(contains(
            "3 classified (product_owner 1, product_manager 1, hybrid 0, neither 1)",
        ))
        .get_output()
        .stdout
        .clone();
    let records = jsonl(&out);
    let keys = super::keys(&records[0]);
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "label",
            "confidence",
            "review",
            "review_reasons",
            "scores",
            "evidence"
        ]
    );
    let evidence = &records[0]["evidence"][0];
    for key in ["term", "category", "role", "count", "weight", "spans"] {
        assert!(evidence.get(key).is_some(), "evidence has {key}");
    }
    assert_eq!(
        labels(&out),
        [
            ("fx-po".into(), "product_owner".into()),
            ("fx-pm".into(), "product_manager".into()),
            ("fx-neither".into(), "neither".into())
        ]
    );
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn table_and_csv_formats() {
    let table = rolesift()
        .args(["classify", "--format", "table", "--quiet"])
        .arg(fixture("cli/three.jsonl"))
        .success_stdout();
    insta::assert_snapshot!(String::from_utf8(table).unwrap());
    let csv = rolesift()
        .args(["classify", "--format", "csv", "--quiet"])
        .arg(fixture("cli/three.jsonl"))
        .success_stdout();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "title",
            "label",
            "confidence",
            "review",
            "review_reasons",
            "score_product_owner",
            "score_product_manager",
            "score_other_role",
            "top_evidence"
        ]
    );
    assert_eq!(reader.records().count(), 3);
}

#[test]
fn stdin_csv_text_and_directories_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "job_id,job_title,job_description\nc1,Product Owner,\"Own the product backlog and user stories.\"\n";
    rolesift()
        .args(["classify", "--format", "jsonl", "-"])
        .write_stdin(csv)
        .assert()
        .success()
        .stdout(contains("\"id\":\"c1\""));
    write(
        dir.path(),
        "a.txt",
        "Product Manager\nOwn the product roadmap and market research.",
    );
    write(
        dir.path(),
        "b.jsonl",
        "{\"id\": \"j1\", \"text\": \"Refine the product backlog.\"}\n",
    );
    let out = rolesift()
        .args(["classify", "--format", "jsonl"])
        .arg(dir.path())
        .success_stdout();
    let records = jsonl(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["title"], "Product Manager");
    assert_eq!(records[1]["id"], "j1");
}

#[test]
fn bad_records_are_reported_with_file_and_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl_bytes =
        b"{\"id\": \"ok1\", \"description\": \"Own the product backlog.\"}\n".to_vec();
    jsonl_bytes.extend_from_slice(b"{not json}\n");
    jsonl_bytes.extend_from_slice(b"{\"id\": \"empty\", \"description\": \"   \"}\n");
    jsonl_bytes.extend_from_slice(b"{\"id\": \"utf\", \"description\": \"bad \xff byte\"}\n");
    jsonl_bytes
        .extend_from_slice(b"{\"id\": \"ok2\", \"description\": \"Own the product roadmap.\"}\n");
    let bad = write(dir.path(), "bad.jsonl", jsonl_bytes);
    let csv = write(
        dir.path(),
        "bad.csv",
        "id,title,description\nr1,PO,Backlog work\nr2,too few\n",
    );
    let assert = rolesift()
        .args(["classify", "--format", "jsonl"])
        .arg(&bad)
        .arg(&csv)
        .assert()
        .code(2);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let bad_name = bad.display().to_string();
    let csv_name = csv.display().to_string();
    assert!(
        stderr.contains(&format!("{bad_name}:2: invalid JSON")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{bad_name}:3: empty description")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{bad_name}:4: invalid UTF-8")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{csv_name}:3: expected 3 fields (as in the header), found 2"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("3 classified"), "{stderr}");
    assert!(stderr.contains("4 skipped"), "{stderr}");
    let ids: Vec<String> = labels(&output.stdout)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["ok1", "ok2", "r1"]);
}

#[test]
fn strict_stops_at_the_first_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"id\": \"a\", \"description\": \"x\"}\n{oops\n{\"id\": \"b\", \"description\": \"y\"}\n",
    );
    rolesift()
        .args(["classify", "--strict", "--format", "jsonl"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(contains(format!("{}:2: invalid JSON", bad.display())))
        .stdout(contains("\"id\":\"b\"").not());
}

#[test]
fn a_50_mb_posting_is_reported_and_the_rest_classified() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = b"{\"id\": \"small\", \"description\": \"Own the product backlog.\"}\n".to_vec();
    data.extend_from_slice(b"{\"id\": \"huge\", \"description\": \"");
    data.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
    data.extend_from_slice(b"\"}\n{\"id\": \"after\", \"description\": \"Own the roadmap.\"}\n");
    let path = write(dir.path(), "huge.jsonl", data);
    let output = rolesift()
        .args(["classify", "--format", "jsonl"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(contains(format!(
            "{}:2: record is 52428833 bytes, over the limit",
            path.display()
        )))
        .get_output()
        .stdout
        .clone();
    let ids: Vec<String> = labels(&output).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["small", "after"]);
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let gold = root().join("tests/fixtures/gold/gold.jsonl");
    let run = |threads: &str| {
        rolesift()
            .args(["classify", "--format", "jsonl", "--threads", threads])
            .arg(&gold)
            .arg(root().join("samples"))
            .arg(&gold)
            .success_stdout()
    };
    let one = run("1");
    assert!(jsonl(&one).len() > 100);
    assert_eq!(one, run("4"));
    assert_eq!(one, run("2"));
}

#[test]
fn ignore_title_classifies_from_the_body_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.jsonl",
        "{\"id\": \"t\", \"title\": \"Product Owner\", \"description\": \"As the product manager you will lead market research and competitive analysis, own the product roadmap and plan the product launch.\"}\n",
    );
    let with_title = jsonl(
        &rolesift()
            .args(["classify", "--format", "jsonl"])
            .arg(&path)
            .output()
            .unwrap()
            .stdout,
    );
    let body_only = jsonl(
        &rolesift()
            .args(["classify", "--format", "jsonl", "--ignore-title"])
            .arg(&path)
            .output()
            .unwrap()
            .stdout,
    );
    let fields = |r: &serde_json::Value| {
        r["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(fields(&with_title[0]).contains(&"title".to_string()));
    assert!(!fields(&body_only[0]).contains(&"title".to_string()));
    assert_eq!(body_only[0]["label"], "product_manager");
}

#[test]
fn keep_fields_copies_unknown_input_fields() {
    let out = rolesift()
        .args(["classify", "--format", "jsonl", "--keep-fields", "-"])
        .write_stdin("{\"id\": \"k\", \"description\": \"Own the backlog.\", \"salary\": \"80k\", \"remote\": true}\n")
        .success_stdout();
    let record = &jsonl(&out)[0];
    assert_eq!(record["fields"]["salary"], "80k");
    assert_eq!(record["fields"]["remote"], true);
}

#[test]
fn overlay_terms_are_used_without_rebuilding() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = write(
        dir.path(),
        "mine.toml",
        "[[term]]\nterm = \"jira grooming\"\nrole = \"product_owner\"\nweight = 5.0\ncategory = \"tool\"\n",
    );
    let posting = "{\"id\": \"o\", \"description\": \"Daily jira grooming.\"}\n";
    let out = rolesift()
        .args(["classify", "--format", "jsonl", "--overlay"])
        .arg(&overlay)
        .arg("-")
        .write_stdin(posting)
        .success_stdout();
    let record = &jsonl(&out)[0];
    assert_eq!(record["evidence"][0]["term"], "jira grooming");
    assert_eq!(record["evidence"][0]["weight"], 5.0);

    let broken = write(
        dir.path(),
        "broken.toml",
        "[[term]]\nterm = \"x\"\nrole = \"owner\"\nweight = 1\n",
    );
    rolesift()
        .args(["classify", "--overlay"])
        .arg(&broken)
        .arg("-")
        .write_stdin(posting)
        .assert()
        .code(2)
        .stderr(contains(format!("{}:3", broken.display())))
        .stderr(contains("unknown variant `owner`"));
}

#[test]
fn missing_inputs_and_bad_models_are_clear_errors() {
    rolesift()
        .args(["classify", "no/such/file.jsonl"])
        .assert()
        .code(2)
        .stderr(contains("no/such/file.jsonl"));
    let dir = tempfile::tempdir().unwrap();
    let model = write(dir.path(), "model.json", "{\"format_version\": 99}");
    rolesift()
        .args(["classify", "--model"])
        .arg(&model)
        .arg(fixture("cli/three.jsonl"))
        .assert()
        .code(2)
        .stderr(contains("cannot load model"));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    super::assert_closed_pipe_is_quiet("classify");
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn thread_counts_are_bounded_with_a_sentence() {
    for (threads, message) in [
        ("4096", "more than the 256 rolesift starts"),
        ("0", "at least one thread"),
    ] {
        rolesift()
            .args(["classify", "samples", "--threads", threads])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    rolesift()
        .args(["classify", "samples", "--threads", "256", "--quiet"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn a_walked_directory_with_a_loop_and_a_bad_file_loses_nothing_and_repeats_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(
        d.join("a.jsonl"),
        "{\"id\": \"a1\", \"description\": \"product owner backlog\"}\n{\"id\": \"a2\", \"description\": \"roadmap and pricing\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("b.csv"), "id,title\nb1,PO\n").unwrap();
    std::fs::write(
        d.join("c.jsonl"),
        "{\"id\": \"c1\", \"description\": \"sprint planning\"}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(".", d.join("loop")).unwrap();
    std::os::unix::fs::symlink("gone.jsonl", d.join("dangling.jsonl")).unwrap();
    let out = rolesift()
        .args(["classify", "--format", "jsonl"])
        .arg(&d)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "bad files are counted as skipped"
    );
    let ids: Vec<String> = jsonl(&out.stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a1", "a2", "c1"], "every good record, in order, once");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b.csv: the CSV header has no description column"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dangling.jsonl: a symbolic link to nothing"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning:") && stderr.contains("loop"),
        "{stderr}"
    );
    assert!(stderr.contains("2 skipped"), "{stderr}");
}

#[test]
fn an_unterminated_csv_quote_is_reported_and_strict_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = write(
        tmp.path(),
        "u.csv",
        "id,title,description\nu1,PO,\"backlog\nu2,PM,roadmap\n",
    );
    rolesift()
        .args(["classify", "--strict"])
        .arg(&csv)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "u.csv:2: unterminated quoted field",
        ));
}

#[test]
fn a_cause_is_said_once() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nosuchfile.jsonl");
    let out = rolesift().arg("classify").arg(&missing).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
    let bad = write(tmp.path(), "bad.jsonl", "not json\n");
    let out = rolesift()
        .args(["classify", "--strict"])
        .arg(&bad)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("invalid JSON").count(), 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn completions_a_man_page_and_examples_in_every_help() {
    for shell in ["bash", "zsh", "fish"] {
        let script = rolesift().args(["completions", shell]).success_stdout();
        let script = String::from_utf8(script).unwrap();
        assert!(script.contains("rolesift"), "{shell}");
        assert!(
            script.contains("classify") && script.contains("search"),
            "{shell}"
        );
    }
    let man = String::from_utf8(rolesift().arg("man").success_stdout()).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH rolesift 1"),
        "{man}"
    );
    assert!(man.contains("classify"));
    for command in super::COMMANDS {
        let help = super::help_of(command);
        assert!(
            help.contains("Examples:\n  rolesift "),
            "{command:?}: {help}"
        );
    }
}

#[test]
fn inputs_without_postings_are_an_error_not_zero_classified() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "Cargo.toml", "[package]\n");
    write(tmp.path(), "README.md", "# notes\n");
    for path in [
        tmp.path().to_path_buf(),
        write(tmp.path(), "empty.jsonl", ""),
    ] {
        rolesift()
            .args(["classify"])
            .arg(&path)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains("no postings found in"));
    }
}

#[test]
fn evidence_detail_is_the_users_choice() {
    let records = |detail: &str| {
        jsonl(
            &rolesift()
                .args([
                    "classify",
                    "samples/postings.jsonl",
                    "--format",
                    "jsonl",
                    "-q",
                ])
                .args(["--evidence", detail])
                .success_stdout(),
        )
    };
    let full = records("full");
    let terms = records("terms");
    let none = records("none");
    assert_eq!(full.len(), terms.len());
    for ((f, t), n) in full.iter().zip(&terms).zip(&none) {
        for key in [
            "id",
            "label",
            "confidence",
            "review",
            "review_reasons",
            "scores",
        ] {
            assert_eq!(f[key], t[key]);
            assert_eq!(f[key], n[key]);
        }
        let (fe, te) = (
            f["evidence"].as_array().unwrap(),
            t["evidence"].as_array().unwrap(),
        );
        assert_eq!(fe.len(), te.len());
        for (a, b) in fe.iter().zip(te) {
            assert!(a.get("spans").is_some() && b.get("spans").is_none());
            assert_eq!(a["term"], b["term"]);
            assert_eq!(a["contribution"], b["contribution"]);
        }
        assert!(n.get("evidence").is_none());
    }
}

/// A body that says nothing of the job, and one a feed cut off before it named a role, are
/// `neither` only by default: flagged, with a confidence of at most one half.
#[test]
fn silent_and_cut_off_bodies_are_flagged_not_confident() {
    let input = concat!(
        r#"{"id":"blurb","description":"Founded in 2009, our company builds software for small shops in twelve countries. We are proud of our friendly culture, our office dog and our yearly trip to the mountains. Our customers love us and we love them back, and we grow every year with the same calm pace and care for the people who work here."}"#,
        "\n",
        r#"{"id":"cut","description":"Our platform moves freight for thousands of shippers across the continent, and we are growing quickly in every market where we operate today. We are one of the fastest growing companies in our field, and in this role you will help our customers to..."}"#,
        "\n",
        r#"{"id":"engineer","description":"As a Software Engineer you will build and test services in Rust and Go, review code with your peers, and keep our systems reliable. You will write clear designs and care for the people who use what you build every day."}"#,
        "\n",
    );
    let out = rolesift()
        .args(["classify", "--ignore-title", "--format", "jsonl", "-"])
        .write_stdin(input)
        .success_stdout();
    let records = jsonl(&out);
    let reasons = |i: usize| records[i]["review_reasons"].clone();
    assert_eq!(records[0]["label"], "neither");
    assert_eq!(reasons(0), serde_json::json!(["no_evidence"]));
    assert!(records[0]["confidence"].as_f64().unwrap() <= 0.5);
    assert_eq!(records[1]["label"], "neither");
    assert_eq!(reasons(1), serde_json::json!(["truncated"]));
    assert!(records[1]["confidence"].as_f64().unwrap() <= 0.5);
    // Names its own occupation: a confident, unflagged `neither`.
    assert_eq!(records[2]["label"], "neither");
    assert_eq!(reasons(2), serde_json::json!([]));
    assert!(records[2]["confidence"].as_f64().unwrap() > 0.9);
}
