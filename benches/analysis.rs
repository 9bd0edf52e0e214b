//! Criterion benches: analysis and classification throughput on generated postings, with a
//! bare tantivy `en_stem` pass over the same text as the reference measured in the same run.
//!
//! `cargo bench --bench analysis`

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rolesift::analyze::Analyzer;
use rolesift::{Classifier, Model, Posting};
use std::hint::black_box;
use tantivy::tokenizer::TokenizerManager;

const POSTINGS: usize = 2_000;

fn bench(c: &mut Criterion) {
    let generated = common::postings(POSTINGS);
    let bytes: u64 = generated.iter().map(|p| p.description.len() as u64).sum();
    let postings: Vec<Posting> = generated
        .iter()
        .map(|p| Posting::new(p.title.clone(), p.description.clone()))
        .collect();

    let mut group = c.benchmark_group("per_core");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);

    group.bench_function("tantivy_en_stem_reference", |b| {
        let mut analyzer = TokenizerManager::default().get("en_stem").expect("en_stem");
        b.iter(|| {
            let mut tokens = 0usize;
            for p in &generated {
                analyzer
                    .token_stream(&p.description)
                    .process(&mut |_| tokens += 1);
            }
            assert!(tokens > POSTINGS * 300);
            black_box(tokens)
        })
    });

    group.bench_function("rolesift_analyze", |b| {
        b.iter(|| {
            let mut terms = 0usize;
            for p in &generated {
                Analyzer.analyze(&p.description, |_| terms += 1);
            }
            assert!(terms > POSTINGS * 300);
            black_box(terms)
        })
    });

    let classifier = Classifier::new(Model::embedded().expect("embedded model"));
    group.bench_function("rolesift_classify", |b| {
        b.iter(|| {
            let with_evidence = postings
                .iter()
                .filter(|p| !classifier.classify(p).evidence.is_empty())
                .count();
            assert!(with_evidence > POSTINGS / 2);
            black_box(with_evidence)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
