//! `rolesift audit`: verdicts, the JSONL contract, formats, summary, exit codes, the report
//! (in a real headless Chromium when one is installed).

use super::{fixture, jsonl, rolesift, root, write};
use predicates::str::contains;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// One posting per verdict (and a few more): `tests/fixtures/cli/audit.jsonl`.
fn postings() -> PathBuf {
    fixture("cli/audit.jsonl")
}

fn audit_jsonl(args: &[&str], input: &Path) -> Vec<serde_json::Value> {
    let output = rolesift()
        .args(["audit", "--format", "jsonl", "--quiet"])
        .args(args)
        .arg(input)
        .output()
        .unwrap();
    jsonl(&output.stdout)
}

#[test]
fn every_verdict_on_its_posting() {
    let records = audit_jsonl(&[], &postings());
    let got: Vec<(String, String, String, Vec<String>)> = records
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["verdict"].as_str().unwrap().to_string(),
                r["severity"].as_str().unwrap_or("-").to_string(),
                r["additional"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| format!("{} {}", f["verdict"], f["severity"]).replace('"', ""))
                    .collect(),
            )
        })
        .collect();
    let want: Vec<(&str, &str, &str, Vec<&str>)> = vec![
        ("au-po-ok", "consistent", "-", vec![]),
        (
            "au-po-pm",
            "title_po_content_pm",
            "high",
            vec!["seniority_contradicted medium"],
        ),
        ("au-pm-po", "title_pm_content_po", "high", vec![]),
        (
            "au-pm-hybrid",
            "title_single_role_content_hybrid",
            "low",
            vec![],
        ),
        (
            "au-hybrid-po",
            "title_hybrid_content_single_role",
            "low",
            vec![],
        ),
        (
            "au-po-empty",
            // A stub body: finding nothing in it is uncertain, so the finding is capped at low.
            "product_title_no_product_content",
            "low",
            vec![],
        ),
        (
            "au-pjm-po",
            "non_product_title_product_content",
            "high",
            vec![],
        ),
        (
            "au-senior-junior",
            "seniority_contradicted",
            "medium",
            vec![],
        ),
        ("au-nurse", "consistent", "-", vec![]),
        ("au-<b>&\"x'", "title_po_content_pm", "low", vec![]),
        (
            "au-untitled",
            "non_product_title_product_content",
            "info",
            vec![],
        ),
    ];
    let got: Vec<(&str, &str, &str, Vec<&str>)> = got
        .iter()
        .map(|(a, b, c, d)| {
            (
                a.as_str(),
                b.as_str(),
                c.as_str(),
                d.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn jsonl_records_follow_the_contract() {
    let records = audit_jsonl(&[], &postings());
    for r in &records {
        let keys = super::keys(r);
        assert_eq!(
            keys[..8],
            [
                "id",
                "title",
                "title_family",
                "title_seniority",
                "content_label",
                "verdict",
                "severity",
                "evidence"
            ],
            "{r}"
        );
        for key in ["additional", "content_confidence", "content_review"] {
            assert!(r.get(key).is_some(), "{key} in {r}");
        }
        // Why the body's label is doubtful: reasons exactly when flagged.
        let reasons = r["content_review_reasons"].as_array().unwrap();
        assert_eq!(r["content_review"], !reasons.is_empty(), "{r}");
    }
    assert!(
        records.iter().any(|r| r["content_review"] == true),
        "the fixture has a flagged body"
    );
    // Both sides of a role swap: the title words and the body terms with their weights.
    let swap = &records[1];
    assert_eq!(swap["title_family"], "product_owner");
    assert_eq!(swap["title_seniority"], "senior");
    assert_eq!(swap["content_label"], "product_manager");
    assert_eq!(
        swap["evidence"]["title"],
        serde_json::json!(["Senior", "Product Owner"])
    );
    let content = swap["evidence"]["content"].as_array().unwrap();
    assert!(!content.is_empty());
    for term in content {
        assert_eq!(term["role"], "product_manager", "{term}");
        assert!(term["weight"].as_f64().unwrap() > 0.0);
        assert!(term["contribution"].as_f64().unwrap() > 0.0);
    }
    // The seniority finding quotes the body.
    let seniority = &swap["additional"][0]["evidence"]["content"][0];
    assert_eq!(seniority["phrase"], "entry-level");
    assert_eq!(seniority["implies"], "junior");
    // Consistent records carry no severity.
    assert_eq!(records[0]["severity"], serde_json::Value::Null);
}

#[test]
fn table_and_csv_formats() {
    let table = rolesift()
        .args(["audit", "--format", "table", "--quiet"])
        .arg(postings())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(String::from_utf8(table).unwrap());
    let csv = rolesift()
        .args(["audit", "--format", "csv", "--quiet"])
        .arg(postings())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>()[..8],
        [
            "id",
            "title",
            "title_family",
            "title_seniority",
            "content_label",
            "verdict",
            "severity",
            "title_evidence"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 11);
    assert_eq!(&rows[1][9], "seniority_contradicted (medium)");
}

#[test]
fn the_summary_counts_verdicts_and_title_families() {
    rolesift()
        .args(["audit", "--format", "jsonl", "--fail-on", "low"])
        .arg(postings())
        .assert()
        .code(1)
        .stderr(contains(
            "11 audited; 9 with findings (high 3, medium 1, low 4, info 1)",
        ))
        .stderr(contains("title_po_content_pm                     2"))
        .stderr(contains("seniority_contradicted                  1  (+1 as an additional finding)"))
        .stderr(contains(
            "product_owner                   4  consistent 1, title_po_content_pm 2, product_title_no_product_content 1",
        ))
        .stderr(contains("8 postings with findings at or above low (--fail-on)"));
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = std::fs::read_to_string(postings())
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let pick = |ids: &[&str]| -> String {
        lines
            .iter()
            .filter(|l| {
                ids.iter()
                    .any(|id| l.contains(&format!("\"id\": \"{id}\"")))
            })
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let consistent = write(dir.path(), "ok.jsonl", pick(&["au-po-ok", "au-nurse"]));
    let low = write(dir.path(), "low.jsonl", pick(&["au-po-ok", "au-hybrid-po"]));
    let info = write(dir.path(), "info.jsonl", pick(&["au-untitled"]));
    let code = |args: &[&str], path: &Path| {
        rolesift()
            .args(["audit", "--quiet", "--format", "jsonl"])
            .args(args)
            .arg(path)
            .output()
            .unwrap()
            .status
            .code()
            .unwrap()
    };
    assert_eq!(code(&[], &consistent), 0);
    assert_eq!(code(&["--fail-on", "info"], &consistent), 0);
    assert_eq!(code(&[], &low), 0, "failing is opt-in");
    assert_eq!(code(&["--fail-on", "low"], &low), 1);
    assert_eq!(code(&["--fail-on", "medium"], &low), 0);
    assert_eq!(code(&[], &info), 0);
    assert_eq!(code(&["--fail-on", "info"], &info), 1);
    assert_eq!(code(&["--fail-on", "high"], &postings()), 1);
    assert_eq!(
        code(&[], &postings()),
        0,
        "a report, not a failure, by default"
    );
    rolesift()
        .args(["audit", "--fail-on", "severe"])
        .arg(&low)
        .assert()
        .code(2);
}

#[test]
fn malformed_records_are_skipped_and_errors_win_over_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = std::fs::read_to_string(postings()).unwrap();
    data.push_str("{not json}\n");
    let bad = write(dir.path(), "bad.jsonl", &data);
    let output = rolesift()
        .args(["audit", "--format", "jsonl"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(contains(format!("{}:12: invalid JSON", bad.display())))
        .stderr(contains("1 records skipped"))
        .get_output()
        .stdout
        .clone();
    assert_eq!(jsonl(&output).len(), 11, "the rest is audited");
    rolesift()
        .args(["audit", "--strict", "--format", "jsonl"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(contains("audit stopped"));
    rolesift()
        .args(["audit", "no/such/file.jsonl"])
        .assert()
        .code(2)
        .stderr(contains("no/such/file.jsonl"));
}

#[test]
fn output_and_report_are_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let gold = root().join("tests/fixtures/gold/gold.jsonl");
    let run = |threads: &str| {
        let report = dir.path().join(format!("r{threads}.html"));
        let out = rolesift()
            .args([
                "audit",
                "--format",
                "jsonl",
                "--quiet",
                "--threads",
                threads,
            ])
            .arg("--report")
            .arg(&report)
            .arg(&gold)
            .arg(root().join("samples"))
            .arg(postings())
            .output()
            .unwrap()
            .stdout;
        (out, std::fs::read(&report).unwrap())
    };
    let one = run("1");
    assert!(jsonl(&one.0).len() > 70);
    assert_eq!(one, run("2"));
}

#[test]
fn the_report_is_self_contained_and_escapes_posting_text() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("audit.html");
    rolesift()
        .args(["audit", "--format", "jsonl", "--report"])
        .arg(&report)
        .arg(postings())
        .assert()
        .code(0)
        .stderr(contains(format!("report written to {}", report.display())));
    let page = std::fs::read_to_string(&report).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // Each flagged body says why, with the codes' meaning on hover.
    let records = audit_jsonl(&[], &postings());
    for r in records.iter().filter(|r| r["content_review"] == true) {
        let codes: Vec<&str> = r["content_review_reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(
            page.contains(&format!("review: {}</span>", codes.join(", "))),
            "{codes:?}"
        );
    }
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!page.contains("alert('pwn')"));
    assert!(
        page.contains("Product Owner &lt;script&gt;alert(&#39;pwn&#39;)&lt;/script&gt; &amp; Co")
    );
    assert!(page.contains("au-&lt;b&gt;&amp;&quot;x&#39;"));
    for resource in ["http://", "https://", "src=\"", "href=", "@import", "url("] {
        assert!(!page.contains(resource), "{resource}");
    }
    assert!(page.contains("<svg id=\"chart\""));
}

/// Counts per (title family, verdict), per verdict and per family, from JSONL records.
fn expected_counts(records: &[serde_json::Value]) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for r in records {
        let family = r["title_family"].as_str().unwrap().to_string();
        let verdict = r["verdict"].as_str().unwrap().to_string();
        for key in [
            (family.clone(), verdict.clone()),
            ("all".to_string(), verdict.clone()),
            (family.clone(), "total".to_string()),
            ("all".to_string(), "total".to_string()),
        ] {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    counts
}

/// The chromium binary, or `None` after saying so past the test harness's capture.
fn chromium(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("ROLESIFT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {} is absent (run .ci/install-chromium, or set ROLESIFT_CHROMIUM)",
        path.display()
    );
    None
}

#[test]
fn the_report_renders_in_chromium_with_the_jsonl_counts() {
    let Some(chromium) = chromium("the_report_renders_in_chromium_with_the_jsonl_counts") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("audit.html");
    let gold = root().join("tests/fixtures/gold/gold.jsonl");
    let output = rolesift()
        .args(["audit", "--format", "jsonl", "--quiet", "--report"])
        .arg(&report)
        .arg(postings())
        .arg(&gold)
        .output()
        .unwrap();
    let records = jsonl(&output.stdout);
    let findings = records
        .iter()
        .filter(|r| r["verdict"] != "consistent")
        .count();

    let profile = tempfile::tempdir().unwrap();
    let dump = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("chromium runs");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dom = String::from_utf8(dump.stdout).unwrap();

    // The script ran to its end and counted the rows it shows.
    assert!(
        dom.contains("data-ready=\"true\""),
        "the page's script did not finish"
    );
    let shown = regex::Regex::new(
        r#"<span id="shown" data-total="(\d+)" data-shown="(\d+)">(\d+) findings shown</span>"#,
    )
    .unwrap()
    .captures(&dom)
    .expect("the script filled in the count of findings shown");
    for group in 1..=3 {
        assert_eq!(shown[group].parse::<usize>().unwrap(), findings);
    }
    // The browser parsed every finding as a row, hostile titles included.
    let rows = regex::Regex::new(r#"<tr data-seq="\d+""#).unwrap();
    assert_eq!(rows.find_iter(&dom).count(), findings);
    assert!(!dom.contains("<script>alert"));

    // Counts table: every cell equals the JSONL's count, and every JSONL count has a cell.
    let want = expected_counts(&records);
    let cell = regex::Regex::new(
        r#"<td class="num[^"]*" data-family="([a-z_]+)" data-verdict="([a-z_]+)"[^>]*>(\d+)</td>"#,
    )
    .unwrap();
    let mut seen = BTreeMap::new();
    for c in cell.captures_iter(&dom) {
        let key = (c[1].to_string(), c[2].to_string());
        let n: u64 = c[3].parse().unwrap();
        assert_eq!(
            want.get(&key).copied().unwrap_or(0),
            n,
            "counts cell {key:?}"
        );
        seen.insert(key, n);
    }
    for (key, n) in &want {
        assert_eq!(seen.get(key), Some(n), "no cell for {key:?}");
    }
    // Chart: one segment per non-zero (family, verdict), with the JSONL's count.
    let bar = regex::Regex::new(
        r#"<rect data-family="([a-z_]+)" data-verdict="([a-z_]+)" data-count="(\d+)""#,
    )
    .unwrap();
    let segments: BTreeMap<(String, String), u64> = bar
        .captures_iter(&dom)
        .map(|c| ((c[1].to_string(), c[2].to_string()), c[3].parse().unwrap()))
        .collect();
    let pairs: BTreeMap<(String, String), u64> = want
        .into_iter()
        .filter(|((f, v), _)| f != "all" && v != "total")
        .collect();
    assert_eq!(segments, pairs);
}

#[test]
fn a_closed_pipe_exits_quietly() {
    super::assert_closed_pipe_is_quiet("audit");
}

#[test]
fn an_index_is_audited_without_its_source_files() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let source = dir.path().join("postings.jsonl");
    std::fs::copy(root().join("tests/fixtures/gold/gold.jsonl"), &source).unwrap();
    rolesift()
        .args(["index", "add", "--index"])
        .arg(&index)
        .arg(&source)
        .assert()
        .success();
    let from_files = rolesift()
        .args(["audit", "--format", "jsonl", "--quiet"])
        .arg(&source)
        .output()
        .unwrap();
    std::fs::remove_file(&source).unwrap();
    let from_index = rolesift()
        .args(["audit", "--format", "jsonl", "--quiet", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(from_index.status.code(), from_files.status.code());
    let verdicts = |stdout: &[u8]| {
        let mut v: Vec<(String, String)> = jsonl(stdout)
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["verdict"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let indexed = verdicts(&from_index.stdout);
    assert_eq!(indexed.len(), 56);
    assert_eq!(indexed, verdicts(&from_files.stdout));
    rolesift()
        .args(["audit", "--index"])
        .arg(&index)
        .arg(&source)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be used with"));
}
