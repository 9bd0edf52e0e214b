//! The accuracy figures quoted in README.md and docs/eval.md are what the binary prints today.
//!
//! Each quoted table sits between `<!-- figures:NAME -->` and `<!-- /figures -->` and is
//! generated here from `rolesift eval` and `rolesift model calibrate` on `../shared/eval/`, so
//! a change to the model or the rules that moves a figure fails this test until the documents
//! are regenerated:
//!
//! ```sh
//! ROLESIFT_UPDATE_FIGURES=1 cargo test --test cli figures
//! ```
//!
//! Without the shared postings the test says SKIPPED.

use crate::{rolesift, root, SuccessStdout};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `../shared/eval` (or `$ROLESIFT_SHARED/eval`) when it holds both dev files.
fn shared_eval() -> Option<PathBuf> {
    let base = std::env::var_os("ROLESIFT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared"));
    let eval = base.join("eval");
    let present = ["dev.jsonl", "dev-wide.jsonl"]
        .iter()
        .all(|f| eval.join(f).exists());
    if !present {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED documented_figures_are_what_the_binary_prints: {} lacks dev.jsonl or dev-wide.jsonl (set ROLESIFT_SHARED to the shared folder to run it)",
            eval.display()
        );
        return None;
    }
    Some(std::fs::canonicalize(eval).expect("shared eval folder"))
}

/// `rolesift eval FILES… [flags] --format json` (or on `stdin` when given).
fn eval(files: &[&Path], flags: &[&str], stdin: Option<Vec<u8>>) -> Value {
    let mut cmd = rolesift();
    cmd.args(["eval", "--format", "json", "--quiet"])
        .args(flags);
    match stdin {
        Some(input) => {
            cmd.arg("-").write_stdin(input);
        }
        None => {
            cmd.args(files);
        }
    }
    // Exit 0, or 2 when records were skipped; the report is on stdout either way.
    let output = cmd.output().expect("rolesift runs");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "eval {flags:?}: {e}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn f(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

fn u(value: &Value) -> u64 {
    value.as_u64().unwrap_or(0)
}

/// `0.950` style, or `—` for a class with no postings.
fn f1_cell(report: &Value, class: &str) -> String {
    let c = &report["per_class"][class];
    if u(&c["support"]) == 0 {
        "—".into()
    } else {
        format!("{:.2}", f(&c["f1"]))
    }
}

/// One row of the accuracy table.
fn accuracy_row(name: &str, mode: &str, r: &Value) -> String {
    let p = &r["product"];
    let readable = &r["product_readable"];
    let review = &r["review"];
    format!(
        "| {name} | {mode} | {:.1}% ({}/{}) | {:.1}% ({}/{}) | {:.1}% / {:.1}% ({}) | {:.2} | {} | {} | {:.3} | {}/{} / {:.1}% | {:.3} |",
        100.0 * f(&p["false_product_rate"]),
        u(&p["false_product"]),
        u(&p["non_product"]),
        100.0 * f(&p["product_recall"]),
        u(&p["product_found"]),
        u(&p["product"]),
        100.0 * f(&readable["false_product_rate"]),
        100.0 * f(&readable["product_recall"]),
        u(&r["unreadable"]),
        f(&p["precision_at_prevalence"]),
        f1_cell(r, "product_owner"),
        f1_cell(r, "product_manager"),
        f(&r["accuracy"]),
        u(&review["errors_flagged"]),
        u(&review["errors"]),
        100.0 * f(&review["flagged_share"]),
        f(&r["ece"]),
    )
}

/// Accuracy of the shipped model on each dev file and both, body only and with titles.
fn accuracy_table(eval_dir: &Path) -> String {
    let dev = eval_dir.join("dev.jsonl");
    let wide = eval_dir.join("dev-wide.jsonl");
    let mut out = String::from(
        "| postings | mode | false-product rate | product recall | readable postings: false-product rate / recall (unreadable) | precision of a product label at 5% | PO F1 | PM F1 | accuracy | review: errors caught / flagged | ECE |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let sets: [(&str, Vec<&Path>); 3] = [
        ("`dev.jsonl`", vec![&dev]),
        ("`dev-wide.jsonl`", vec![&wide]),
        ("both", vec![&dev, &wide]),
    ];
    for (name, files) in &sets {
        for (mode, flags) in [("body only", &["--ignore-title"][..]), ("with titles", &[])] {
            let report = eval(files, flags, None);
            let n = u(&report["counts"]["evaluated"]);
            out += &accuracy_row(&format!("{name} ({n})"), mode, &report);
            out.push('\n');
        }
    }
    out
}

/// `dev.jsonl` by part: accuracy / macro-F1 in four modes.
fn parts_table(eval_dir: &Path) -> String {
    let text = std::fs::read_to_string(eval_dir.join("dev.jsonl")).expect("dev.jsonl");
    let records: Vec<(&str, Value)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l, serde_json::from_str(l).expect("dev.jsonl is JSONL")))
        .collect();
    let is_hn = |r: &Value| {
        r["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "hn_who_is_hiring_comment"))
    };
    type Part<'a> = (&'a str, &'a dyn Fn(&Value) -> bool);
    let parts: [Part; 4] = [
        ("all", &|_| true),
        ("English only", &|r| r["lang"] == "en"),
        ("HN \"Who is hiring\" comments", &is_hn),
        ("other sources", &|r| !is_hn(r)),
    ];
    let modes: [&[&str]; 4] = [
        &["--ignore-title"],
        &["--ignore-title", "--mask-role-names"],
        &[],
        &["--mask-role-names"],
    ];
    let mut out = String::from(
        "| part | n | body only | body, role names masked | with titles | titles, role names masked |\n|---|---:|---|---|---|---|\n",
    );
    for (name, keep) in parts {
        let input: Vec<u8> = records
            .iter()
            .filter(|(_, r)| keep(r))
            .flat_map(|(line, _)| format!("{line}\n").into_bytes())
            .collect();
        let n = records.iter().filter(|(_, r)| keep(r)).count();
        let cells: Vec<String> = modes
            .iter()
            .map(|flags| {
                let r = eval(&[], flags, Some(input.clone()));
                format!("{:.3} / {:.3}", f(&r["accuracy"]), f(&r["macro_f1"]))
            })
            .collect();
        out += &format!("| {name} | {n} | {} |\n", cells.join(" | "));
    }
    out
}

/// accuracy / macro-F1 / ECE; errors caught of errors / share flagged.
fn calibration_cell(figures: &Value, review: &Value) -> String {
    format!(
        "{:.3} / {:.3} / {:.3}; {} of {} / {:.1}%",
        f(&figures["accuracy"]),
        f(&figures["macro_f1"]),
        f(&figures["ece"]),
        u(&review["errors_flagged"]),
        u(&review["errors"]),
        100.0 * f(&review["flagged_share"]),
    )
}

/// `model calibrate` on both files in three settings: before, out of fold, and what was
/// fitted on all of them (thresholds that moved from the shipped defaults).
fn calibration_table(eval_dir: &Path) -> String {
    let info: Value = serde_json::from_slice(
        &rolesift()
            .args(["model", "info", "--format", "json"])
            .success_stdout(),
    )
    .unwrap();
    let defaults = info["thresholds"].as_object().expect("thresholds").clone();
    let mut out = String::from(
        "| setting | before (documented defaults) | calibrated, out of fold | fitted on all |\n|---|---|---|---|\n",
    );
    let settings: [(&str, &[&str]); 3] = [
        ("body only (`--ignore-title`)", &["--ignore-title"]),
        ("with titles", &[]),
        (
            "body, role names masked",
            &["--ignore-title", "--mask-role-names"],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, flags) in settings {
        let output = rolesift()
            .args(["model", "calibrate", "--quiet", "--format", "json"])
            .arg("--out")
            .arg(dir.path().join("calibrated.json"))
            .args(flags)
            .arg(eval_dir.join("dev.jsonl"))
            .arg(eval_dir.join("dev-wide.jsonl"))
            .success_stdout();
        let report: Value = serde_json::from_slice(&output).unwrap();
        let cv = &report["cross_validation"];
        let fitted = &report["fitted"]["thresholds"];
        let moved: Vec<String> = defaults
            .iter()
            .filter(|(key, value)| fitted[key.as_str()] != **value)
            .map(|(key, _)| format!("{key} {}", fitted[key.as_str()]))
            .collect();
        let moved = if moved.is_empty() {
            "defaults".to_string()
        } else {
            moved.join(", ")
        };
        out += &format!(
            "| {name} | {} | {} | {moved} |\n",
            calibration_cell(&cv["before"], &cv["before_review"]),
            calibration_cell(&cv["out_of_fold"], &cv["out_of_fold_review"]),
        );
    }
    out
}

/// Replaces (or checks) every `<!-- figures:NAME -->` block of `path` with `tables[NAME]`;
/// returns the names of the blocks that differ.
fn sync(path: &Path, tables: &[(&str, &str)], update: bool) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("document");
    let mut result = String::with_capacity(text.len());
    let mut stale = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find("<!-- figures:") {
        let name_end = open + rest[open..].find(" -->").expect("a closed figures marker");
        let name = &rest[open + "<!-- figures:".len()..name_end];
        let body_start = name_end + " -->\n".len();
        let close = body_start
            + rest[body_start..]
                .find("<!-- /figures -->")
                .unwrap_or_else(|| panic!("{}: figures:{name} is not closed", path.display()));
        let (_, table) = tables
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{}: no table called {name}", path.display()));
        if &rest[body_start..close] != *table {
            stale.push(format!("{}: {name}", path.display()));
        }
        result.push_str(&rest[..body_start]);
        result.push_str(table);
        rest = &rest[close..];
    }
    result.push_str(rest);
    if update && result != text {
        std::fs::write(path, result).expect("rewrite document");
    }
    stale
}

#[test]
fn documented_figures_are_what_the_binary_prints() {
    let Some(eval_dir) = shared_eval() else {
        return;
    };
    let accuracy = accuracy_table(&eval_dir);
    let parts = parts_table(&eval_dir);
    let calibration = calibration_table(&eval_dir);
    let tables = [
        ("accuracy", accuracy.as_str()),
        ("parts", parts.as_str()),
        ("calibration", calibration.as_str()),
    ];
    let update = std::env::var_os("ROLESIFT_UPDATE_FIGURES").is_some();
    let mut stale = Vec::new();
    for doc in ["README.md", "docs/eval.md"] {
        stale.extend(sync(&root().join(doc), &tables, update));
    }
    assert!(
        update || stale.is_empty(),
        "figures that no longer match the binary: {stale:?}; regenerate with ROLESIFT_UPDATE_FIGURES=1 cargo test --test cli figures"
    );
}
