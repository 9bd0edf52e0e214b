//! Query latency on a large index: a dozen typical recruiter queries, with and without a label
//! filter, through the same library call `rolesift search` makes (parse, filter, rank, fetch
//! the stored hits, build snippets). Prints p50 and p99 over all runs; the target is
//! p99 < 10 ms.
//!
//! The index (`ROLESIFT_BENCH_QUERY_POSTINGS` generated postings, default 100,000) is built
//! once through the library's ingest path and kept under cargo's target tmp directory, so
//! later runs only measure queries. `cargo bench --no-run` (CI) only compiles this file.
//!
//! ```text
//! cargo bench --bench query
//! ROLESIFT_BENCH_QUERY_POSTINGS=20000 cargo bench --bench query
//! ```

mod common;

use rolesift::classify::batch::BatchOptions;
use rolesift::index::search::SearchRequest;
use rolesift::index::{IngestOptions, PostingIndex};
use rolesift::read::{expand_inputs, InputFormat, ReadOptions, RecordReader};
use rolesift::{Classifier, Label, Model};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Typical recruiter queries, each also run with a label filter.
const QUERIES: [(&str, Label); 12] = [
    ("backlog refinement", Label::ProductOwner),
    ("roadmap", Label::ProductManager),
    ("stakeholder management", Label::ProductManager),
    ("\"user stories\"", Label::ProductOwner),
    ("product strategy", Label::ProductManager),
    ("sprint planning", Label::ProductOwner),
    ("market research", Label::Hybrid),
    ("pricing", Label::ProductManager),
    ("acceptance criteria", Label::ProductOwner),
    ("go-to-market", Label::ProductManager),
    ("scrum master", Label::Neither),
    ("product vision OR okrs", Label::Hybrid),
];

/// Runs per query variant, after one warm-up run.
const RUNS: usize = 50;

fn build(dir: &Path, n: usize) -> PostingIndex {
    if let Ok(index) = PostingIndex::open(dir) {
        if index.num_docs().ok() == Some(n as u64) {
            return index;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
    let input = dir.with_extension("jsonl");
    common::write_jsonl(&input, n);
    let index = PostingIndex::open_or_create(dir).expect("index");
    let inputs = expand_inputs(std::slice::from_ref(&input), InputFormat::Auto)
        .expect("input")
        .inputs;
    let started = Instant::now();
    let summary = index
        .add(
            RecordReader::new(inputs, ReadOptions::default()),
            &Classifier::new(Model::embedded().expect("model")),
            IngestOptions {
                batch: BatchOptions::default(),
                ..IngestOptions::default()
            },
            &mut |_| Ok(()),
        )
        .expect("ingest");
    assert_eq!(summary.docs, n as u64);
    println!(
        "built the index: {n} postings in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    std::fs::remove_file(&input).ok();
    PostingIndex::open(dir).expect("reopen")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // `cargo bench` passes `--bench`; without it (`cargo test --benches`) run a tiny smoke test.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let n = common::env_usize(
        "ROLESIFT_BENCH_QUERY_POSTINGS",
        if smoke { 300 } else { 100_000 },
    );
    let runs = if smoke { 1 } else { RUNS };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("rolesift-bench-{n}"));
    let index = build(&dir, n);
    println!("query latency: {n} postings, {runs} runs per query variant, limit 10, snippets");
    let mut all = Vec::new();
    for (query, label) in QUERIES {
        for filtered in [false, true] {
            let request = SearchRequest {
                labels: if filtered { vec![label] } else { Vec::new() },
                ..SearchRequest::new(query)
            };
            let warm = index.search(&request).expect("search");
            assert!(warm.total > 0, "{query:?} finds something");
            assert!(warm.warnings.is_empty(), "{query:?} parses");
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let started = Instant::now();
                let results = index.search(&request).expect("search");
                times.push(started.elapsed());
                assert_eq!(results.hits.len(), warm.hits.len());
            }
            times.sort();
            println!(
                "  {:<28} {:<16} {:>7} hits  p50 {:>6.2} ms  p99 {:>6.2} ms",
                query,
                if filtered { label.as_str() } else { "-" },
                warm.total,
                ms(percentile(&times, 0.5)),
                ms(percentile(&times, 0.99)),
            );
            all.extend(times);
        }
    }
    all.sort();
    let p99 = percentile(&all, 0.99);
    println!(
        "all queries: p50 {:.2} ms, p99 {:.2} ms (target p99 < 10 ms: {})",
        ms(percentile(&all, 0.5)),
        ms(p99),
        if p99 < Duration::from_millis(10) {
            "met"
        } else {
            "missed"
        }
    );
}
