//! `index add` throughput against bare tantivy, in one run, on the same generated postings.
//!
//! Ours: the library's ingest path, exactly what `rolesift index add` runs (read JSONL,
//! classify on the batch driver's threads, build documents with evidence, upsert through one
//! `IndexWriter` with our analyzer, commit, wait for merges). Bare: the same file read and
//! parsed with serde_json on one thread, `id` as STRING and `title`/`description` as stored
//! TEXT with tantivy's `en_stem` (positions), one `IndexWriter` with the same threads, memory and commit cadence.
//! Each side runs `ROUNDS` times, alternating; the figure is the median of the pairs' ratios
//! (the machine is shared: a disturbance spoils one pair, not the median). CPU time (all threads,
//! from `getrusage`) is printed next to wall time: it is the steadier measure of work done
//! when other processes compete for the cores.
//!
//! ```text
//! cargo bench --bench index                          # 20,000 postings, all cores
//! ROLESIFT_BENCH_POSTINGS=5000 ROLESIFT_BENCH_THREADS=2 cargo bench --bench index
//! ROLESIFT_BENCH_SIDE=ours cargo bench --bench index # one side alone, for a profiler
//! ```
//!
//! `ROLESIFT_BENCH_SIDE` runs one part alone (for `perf record`): `ours`, `bare`, `classify`
//! (the batch driver with a null sink) or `analyze` (the analyzer on one thread, ns per word).
#![allow(unsafe_code)] // mimalloc's options, set as the binary sets them

mod common;

/// Both sides run on the allocator the `rolesift` binary uses, set up the same way (see
/// `src/main.rs`), so the comparison is the one a user of the binary sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `src/main.rs`'s allocator set-up: arenas committed on demand (option 4), freed memory kept a
/// second (option 15), before the first allocation.
extern "C" fn configure_allocator() {
    // SAFETY: plain option stores in mimalloc, allocating nothing; the numbers are mimalloc.h's.
    unsafe {
        libmimalloc_sys::mi_option_set(4, 0);
        libmimalloc_sys::mi_option_set(15, 1000);
    }
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static CONFIGURE_ALLOCATOR: extern "C" fn() = configure_allocator;

use rolesift::classify::batch::BatchOptions;
use rolesift::index::{IngestOptions, PostingIndex, DEFAULT_COMMIT_EVERY};
use rolesift::read::{expand_inputs, InputFormat, ReadOptions, RecordReader};
use rolesift::{Classifier, Model};
use std::io::BufRead;
use std::path::Path;
use std::time::{Duration, Instant};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::{Index, TantivyDocument};

const ROUNDS: usize = 5;
/// The issue's target for ours/bare.
const TARGET: f64 = 0.75;
/// Same per-thread budget as `rolesift::index` uses.
const MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;

fn ours(input: &Path, dir: &Path, threads: usize, classifier: &Classifier) -> u64 {
    let index = PostingIndex::open_or_create(dir).expect("index");
    let inputs = expand_inputs(&[input.to_path_buf()], InputFormat::Auto)
        .expect("input")
        .inputs;
    let reader = RecordReader::new(inputs, ReadOptions::default());
    let options = IngestOptions {
        batch: BatchOptions {
            threads: Some(threads),
            ..BatchOptions::default()
        },
        commit_every: DEFAULT_COMMIT_EVERY,
    };
    let summary = index
        .add(reader, classifier, options, &mut |_| Ok(()))
        .expect("ingest");
    summary.docs
}

#[derive(serde::Deserialize)]
struct Record {
    id: String,
    title: String,
    description: String,
}

fn bare(input: &Path, dir: &Path, threads: usize) -> u64 {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    // Stored, as ours stores them: the reference is a search index a user could show hits from.
    let title = builder.add_text_field("title", text.clone() | STORED);
    let description = builder.add_text_field("description", text | STORED);
    let index = Index::create_in_dir(dir, builder.build()).expect("bare index");
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(threads, threads * MEMORY_PER_THREAD)
        .expect("writer");
    let file = std::io::BufReader::new(std::fs::File::open(input).expect("input"));
    let mut pending = 0;
    for line in file.lines() {
        let record: Record = serde_json::from_str(&line.expect("line")).expect("json");
        let mut doc = TantivyDocument::new();
        doc.add_text(id, &record.id);
        doc.add_text(title, &record.title);
        doc.add_text(description, &record.description);
        writer.add_document(doc).expect("add");
        pending += 1;
        if pending == DEFAULT_COMMIT_EVERY {
            writer.commit().expect("commit");
            pending = 0;
        }
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    index.reader().expect("reader").searcher().num_docs()
}

/// CPU time (user + system) of the whole process, all threads, from `/proc/self/stat`
/// (Linux; zero elsewhere). Resolution: one clock tick (USER_HZ, 100 per second on Linux).
fn cpu_time() -> Duration {
    const USER_HZ: u64 = 100;
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which ends with the last ')'): utime is 14th, stime 15th
    // of the whole line, i.e. the 12th and 13th after the name.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    let ticks: u64 = fields.iter().sum();
    Duration::from_millis(ticks * 1000 / USER_HZ)
}

/// Wall time and CPU time of `f`, and its result.
fn timed(f: impl FnOnce() -> u64) -> (Duration, Duration, u64) {
    let start = Instant::now();
    let cpu = cpu_time();
    let docs = f();
    (start.elapsed(), cpu_time() - cpu, docs)
}

fn main() {
    #[cfg(not(target_os = "linux"))]
    configure_allocator();
    // `cargo bench` passes `--bench`; without it (`cargo test --benches`) run a tiny smoke test.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let n = common::env_usize("ROLESIFT_BENCH_POSTINGS", if smoke { 200 } else { 20_000 });
    let threads = common::env_usize(
        "ROLESIFT_BENCH_THREADS",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let rounds = if smoke { 1 } else { ROUNDS };
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("postings.jsonl");
    let bytes = common::write_jsonl(&input, n);
    let classifier = Classifier::new(Model::embedded().expect("model"));
    println!(
        "index add vs bare tantivy: {n} postings, {:.1} MB, {threads} threads, {rounds} rounds",
        bytes as f64 / 1e6
    );
    let side = std::env::var("ROLESIFT_BENCH_SIDE").unwrap_or_default();
    if side == "analyze" {
        let texts: Vec<String> = (0..n).map(|i| common::posting(i).description).collect();
        let (t, cpu, words) = timed(|| {
            let mut words = 0u64;
            for text in &texts {
                rolesift::analyze::Analyzer.analyze(text, |_| words += 1);
            }
            words
        });
        println!(
            "analyze only (1 thread): {:.2} s wall, {:.2} s cpu, {words} words, {:.1} ns/word",
            t.as_secs_f64(),
            cpu.as_secs_f64(),
            t.as_secs_f64() * 1e9 / words as f64
        );
        return;
    }
    if side == "classify" {
        use rolesift::classify::batch::{run, BatchSink, Outcome};
        struct Null;
        impl BatchSink<usize> for Null {
            fn accept(&mut self, _: Outcome<usize>) -> rolesift::Result<()> {
                Ok(())
            }
        }
        let inputs = expand_inputs(std::slice::from_ref(&input), InputFormat::Auto)
            .unwrap()
            .inputs;
        let reader = RecordReader::new(inputs, ReadOptions::default());
        let options = BatchOptions {
            threads: Some(threads),
            ..BatchOptions::default()
        };
        let (t, cpu, _) = timed(|| {
            run(
                reader,
                &classifier,
                options,
                |p, c| p.body.len() + c.evidence.len(),
                &mut Null,
            )
            .unwrap()
            .classified()
        });
        println!(
            "classify only: {:.2} s wall, {:.2} s cpu",
            t.as_secs_f64(),
            cpu.as_secs_f64()
        );
        return;
    }
    if side == "ours" || side == "bare" {
        let dir = tmp.path().join("one-side");
        std::fs::create_dir(&dir).expect("dir");
        let (t, cpu, docs) = if side == "ours" {
            timed(|| ours(&input, &dir, threads, &classifier))
        } else {
            timed(|| bare(&input, &dir, threads))
        };
        assert_eq!(docs, n as u64);
        println!(
            "{side}: {:.2} s wall, {:.2} s cpu",
            t.as_secs_f64(),
            cpu.as_secs_f64()
        );
        return;
    }
    // Alternating pairs; each pair's ratio is taken, and the median of the pairs' ratios is
    // the figure (the machine is shared: a disturbance spoils one pair, not the median).
    let mut pairs: Vec<(Duration, Duration, Duration, Duration)> = Vec::new();
    for round in 0..rounds {
        let dir = tmp.path().join(format!("ours-{round}"));
        let (t, t_cpu, docs) = timed(|| ours(&input, &dir, threads, &classifier));
        assert_eq!(docs, n as u64, "every posting indexed once");
        std::fs::remove_dir_all(&dir).ok();

        let dir = tmp.path().join(format!("bare-{round}"));
        std::fs::create_dir(&dir).expect("bare dir");
        let (u, u_cpu, docs) = timed(|| bare(&input, &dir, threads));
        assert_eq!(docs, n as u64);
        std::fs::remove_dir_all(&dir).ok();
        println!(
            "  pair {}: ours {:>6.2} s wall {:>6.2} s cpu   bare {:>6.2} s wall {:>6.2} s cpu   ratio {:.2} wall {:.2} cpu",
            round + 1,
            t.as_secs_f64(),
            t_cpu.as_secs_f64(),
            u.as_secs_f64(),
            u_cpu.as_secs_f64(),
            t.as_secs_f64() / u.as_secs_f64(),
            t_cpu.as_secs_f64() / u_cpu.as_secs_f64(),
        );
        pairs.push((t, t_cpu, u, u_cpu));
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let secs = |pick: fn(&(Duration, Duration, Duration, Duration)) -> Duration| {
        median(pairs.iter().map(|p| pick(p).as_secs_f64()).collect())
    };
    let (ours_wall, ours_cpu) = (secs(|p| p.0), secs(|p| p.1));
    let (bare_wall, bare_cpu) = (secs(|p| p.2), secs(|p| p.3));
    let mbps = |s: f64| bytes as f64 / 1e6 / s;
    let pps = |s: f64| n as f64 / s;
    println!(
        "ours (read + classify + index, our analyzer): {ours_wall:>6.2} s  {:>6.1} MB/s  {:>6.0} postings/s  cpu {ours_cpu:>6.2} s  (medians)",
        mbps(ours_wall),
        pps(ours_wall),
    );
    println!(
        "bare tantivy (en_stem, stored, no classification): {bare_wall:>6.2} s  {:>6.1} MB/s  {:>6.0} postings/s  cpu {bare_cpu:>6.2} s",
        mbps(bare_wall),
        pps(bare_wall),
    );
    let ratio = median(
        pairs
            .iter()
            .map(|p| p.0.as_secs_f64() / p.2.as_secs_f64())
            .collect(),
    );
    let cpu_ratio = median(
        pairs
            .iter()
            .map(|p| p.1.as_secs_f64() / p.3.as_secs_f64())
            .collect(),
    );
    println!(
        "ratio ours/bare, median of {} pairs: wall time {ratio:.2}, cpu time {cpu_ratio:.2} (target ≤ {TARGET:.2}: {})",
        pairs.len(),
        if ratio <= TARGET { "met" } else { "missed" }
    );
}
