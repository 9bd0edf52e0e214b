//! End-to-end throughput: `rolesift classify big.jsonl > out.jsonl` (the real binary, as a
//! user runs it) against a bare tantivy `en_stem` analyzer pass over the same descriptions on
//! the same threads, measured in alternating pairs in one run on the same generated postings;
//! the ratio reported is the median of the pairs' ratios, so a disturbance of the shared
//! machine touches one pair, not the figure. Each round also times `--evidence terms` and
//! `--evidence none` (lighter output for batch users who need labels). Then the classifier's
//! peak memory on 1 GB of input.
//!
//! `cargo bench --bench throughput` prints the ratios. Knobs (environment):
//! `ROLESIFT_BENCH_MB` (input size, default 200), `ROLESIFT_BENCH_THREADS` (default: all
//! cores), `ROLESIFT_BENCH_ROUNDS` (default 3), `ROLESIFT_BENCH_RSS_GB` (default 1; 0 skips),
//! `ROLESIFT_BENCH_WRITE=FILE` (only write the generated input to FILE, for timing by hand).
//!
//! Targets (from the issue): classify ≥ 4× the analyzer pass on the same threads; peak RSS
//! under 100 MB for 1M postings.
#![allow(unsafe_code)] // getrusage, to read the child's peak memory

mod common;

use rayon::prelude::*;
use std::io::{BufRead, BufReader, BufWriter, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tantivy::tokenizer::TokenizerManager;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn generate(path: &Path, bytes: u64) -> (usize, u64) {
    let file = std::fs::File::create(path).expect("create input");
    let mut out = BufWriter::new(file);
    let (n, written) = common::write_jsonl_bytes(&mut out, bytes).expect("write input");
    drop(out);
    (n, written)
}

/// Descriptions of a generated file, as the reference sees them.
fn descriptions(path: &Path) -> Vec<String> {
    BufReader::new(std::fs::File::open(path).unwrap())
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            value["description"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The reference: tantivy's en_stem chain over every description, on `threads` threads.
fn en_stem_pass(texts: &[String], threads: usize) -> (Duration, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let start = Instant::now();
    let tokens = pool.install(|| {
        texts
            .par_chunks(256)
            .map(|chunk| {
                let mut analyzer = TokenizerManager::default().get("en_stem").unwrap();
                let mut n = 0usize;
                for text in chunk {
                    analyzer.token_stream(text).process(&mut |_| n += 1);
                }
                n
            })
            .sum()
    });
    (start.elapsed(), tokens)
}

/// The real binary, end to end, output to a file as `rolesift classify in > out` does, with
/// `--evidence EVIDENCE`; returns the time and the number of output records (counted after
/// the clock stops).
fn classify(path: &Path, threads: usize, evidence: &str) -> (Duration, usize) {
    let out_path = path.with_extension("out.jsonl");
    let out = std::fs::File::create(&out_path).expect("create output");
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_rolesift"))
        .args([
            "classify",
            "--format",
            "jsonl",
            "--quiet",
            "--evidence",
            evidence,
        ])
        .arg("--threads")
        .arg(threads.to_string())
        .arg(path)
        .stdout(Stdio::from(out))
        .status()
        .expect("run rolesift");
    let elapsed = start.elapsed();
    assert!(status.success());
    let mut lines = 0usize;
    let mut buf = vec![0u8; 1 << 20];
    let mut file = std::fs::File::open(&out_path).unwrap();
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        lines += memchr::memchr_iter(b'\n', &buf[..n]).count();
    }
    drop(std::fs::remove_file(&out_path));
    (elapsed, lines)
}

fn children_peak_rss_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own; RUSAGE_CHILDREN is a valid target.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument (a filter) that does not name this
    // bench skips it, so `cargo bench --bench analysis` style filters work as expected.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"throughput".contains(a.as_str()))
    {
        return;
    }
    let mb: u64 = env_or("ROLESIFT_BENCH_MB", 200);
    if let Ok(path) = std::env::var("ROLESIFT_BENCH_WRITE") {
        // Only write the generated input (for timing commands by hand) and stop.
        let (n, bytes) = generate(Path::new(&path), mb * 1_000_000);
        println!("wrote {n} generated postings ({bytes} bytes) to {path}");
        return;
    }
    let threads: usize = env_or(
        "ROLESIFT_BENCH_THREADS",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let rounds: usize = env_or("ROLESIFT_BENCH_ROUNDS", 3).max(1);
    let rss_gb: u64 = env_or("ROLESIFT_BENCH_RSS_GB", 1);

    let dir = tempfile::tempdir().unwrap();
    // Peak memory first, while this process is small: a child's peak as getrusage reports it
    // includes what it shared with this process when it was forked.
    if rss_gb > 0 {
        let big = dir.path().join("big.jsonl");
        let (n, bytes) = generate(&big, rss_gb * 1_000_000_000);
        let (t, records) = classify(&big, threads, "full");
        assert_eq!(records, n);
        println!(
            "peak RSS classifying {:.2} GB ({n} postings) in {:.1} s: {:.0} MB (target < 100 MB)",
            bytes as f64 / 1e9,
            t.as_secs_f64(),
            children_peak_rss_mb()
        );
        drop(std::fs::remove_file(&big));
    }
    let input = dir.path().join("postings.jsonl");
    let (n, file_bytes) = generate(&input, mb * 1_000_000);
    let texts = descriptions(&input);
    assert_eq!(texts.len(), n);
    let text_mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "input: {n} generated postings, {:.0} MB of JSONL, {text_mb:.0} MB of descriptions; {threads} threads, {rounds} rounds",
        file_bytes as f64 / 1e6
    );

    // Alternating pairs: the reference, then ours, round after round; each pair gives a ratio.
    let mut ref_1 = Vec::new();
    let mut ref_n = Vec::new();
    let mut ours = Vec::new();
    let mut ratios = Vec::new();
    let mut ratios_terms = Vec::new();
    let mut ratios_none = Vec::new();
    let mut ratios_one_core = Vec::new();
    for _ in 0..rounds {
        let (t, tokens) = en_stem_pass(&texts, 1);
        assert!(tokens > n * 300);
        let one = text_mb / t.as_secs_f64();
        ref_1.push(one);
        let (t, _) = en_stem_pass(&texts, threads);
        let reference = text_mb / t.as_secs_f64();
        ref_n.push(reference);
        let (t, records) = classify(&input, threads, "full");
        assert_eq!(records, n, "one output record per posting");
        let full = text_mb / t.as_secs_f64();
        ours.push(full);
        ratios.push(full / reference);
        ratios_one_core.push(full / one);
        let (t, records) = classify(&input, threads, "terms");
        assert_eq!(records, n);
        ratios_terms.push(text_mb / t.as_secs_f64() / reference);
        let (t, records) = classify(&input, threads, "none");
        assert_eq!(records, n);
        ratios_none.push(text_mb / t.as_secs_f64() / reference);
    }
    let show = |xs: &[f64]| {
        xs.iter()
            .map(|x| format!("{x:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "tantivy en_stem pass, 1 thread:          {:8.1} MB/s of descriptions (median)",
        median(ref_1)
    );
    println!(
        "tantivy en_stem pass, {threads} threads:         {:8.1} MB/s",
        median(ref_n)
    );
    println!(
        "rolesift classify end to end, {threads} threads: {:8.1} MB/s (JSON parsing, scoring and JSONL output included)",
        median(ours)
    );
    println!(
        "ratio classify / en_stem pass, same threads, median of {rounds} pairs: {:.2}x (target >= 4x; pairs: {})",
        median(ratios.clone()),
        show(&ratios)
    );
    println!(
        "  with --evidence terms: {:.2}x; --evidence none: {:.2}x",
        median(ratios_terms),
        median(ratios_none)
    );
    println!(
        "ratio classify ({threads} threads) / en_stem pass on one core: {:.2}x",
        median(ratios_one_core)
    );
}
