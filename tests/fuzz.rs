//! A bounded fuzzing pass over what takes outside input: the readers (JSONL, CSV, text, with
//! hostile bytes), the analyzer and classifier (random text and HTML) and the query parser
//! (random operator soup). Each property is "no panic, no hang, a well-formed answer".
//!
//! Cases per property: `ROLESIFT_FUZZ_CASES` (default 200, which `.ci/run` uses; raise it for a
//! longer hunt, e.g. `ROLESIFT_FUZZ_CASES=20000 cargo test --release --test fuzz`). Failures
//! shrink and are saved under `tests/fuzz.proptest-regressions`, replayed on every run.

use proptest::prelude::*;
use rolesift::analyze::Analyzer;
use rolesift::index::search::SearchRequest;
use rolesift::index::{IngestOptions, PostingIndex};
use rolesift::read::{expand_inputs, InputFormat, ReadOptions, RecordReader};
use rolesift::{Classifier, Error, Model, Posting};
use std::io::Write;
use std::sync::OnceLock;

fn cases() -> u32 {
    std::env::var("ROLESIFT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| Classifier::new(Model::embedded().unwrap()))
}

/// Byte fragments that stress the readers: structure, quotes, line ends, BOMs, NULs, invalid
/// UTF-8, compression magic.
const READER_PIECES: &[&[u8]] = &[
    b"{\"id\": 1, \"description\": \"product owner backlog\"}",
    b"{\"title\": \"PM\", \"body\": \"roadmap\"",
    b"{\"id\": 123456789012345678901234567890, \"text\": \"x\"}",
    b"id,title,description",
    b"a,\"b\"\"c\",d",
    b"\"unterminated",
    b",,,,",
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff\xfe",
    b"\x1f\x8b",
    b"\xc3\x28",
    b"\"",
    b"[1, 2]",
    b"null",
    b"<html><title>PO</title>",
    b"\t",
    b" product owner ",
];

const QUERY_PIECES: &[&str] = &[
    "backlog",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "\"",
    "-",
    "+",
    "title:",
    "body:",
    "label:",
    "review:true",
    "confidence:[0.5 TO 1]",
    "[",
    "]",
    "{",
    "}",
    "*",
    "~2",
    "^3",
    ":",
    "\\",
    "product owner",
    "é",
    " ",
    "  ",
    "TO",
    "evidence:",
    "company:",
    "nosuch:",
];

fn joined<T: Clone + std::fmt::Debug>(
    pieces: &'static [T],
    max: usize,
) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(prop::sample::select(pieces), 0..max)
}

/// A small index to run queries against, built once.
fn index() -> &'static PostingIndex {
    static INDEX: OnceLock<(tempfile::TempDir, PostingIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = PostingIndex::open_or_create(dir.path()).unwrap();
            let postings: Vec<Posting> = [
                (
                    "Product Owner",
                    "Own the product backlog and run sprint planning.",
                ),
                (
                    "Product Manager",
                    "Set the roadmap, pricing and go-to-market.",
                ),
                ("Chef", "Plan menus and run the kitchen."),
            ]
            .iter()
            .enumerate()
            .map(|(i, (title, body))| {
                let mut p = Posting::new(*title, *body);
                p.id = format!("f{i}");
                p
            })
            .collect();
            let source = rolesift::classify::batch::InMemoryPostings::new(postings);
            index
                .add(source, classifier(), IngestOptions::default(), &mut |_| {
                    Ok(())
                })
                .unwrap();
            (dir, index)
        })
        .1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn readers_never_panic_and_every_record_is_a_posting_or_a_located_error(
        pieces in joined(READER_PIECES, 24),
        ext in prop::sample::select(&["jsonl", "csv", "txt", "json", "html", "unknown"][..]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("in.{ext}"));
        let mut file = std::fs::File::create(&path).unwrap();
        for piece in &pieces {
            file.write_all(piece).unwrap();
        }
        drop(file);
        let bytes: usize = pieces.iter().map(|p| p.len()).sum();
        let lines = pieces.iter().map(|p| p.iter().filter(|&&b| b == b'\n').count()).sum::<usize>() as u64 + 1;
        let inputs = expand_inputs(&[path], InputFormat::Auto).unwrap().inputs;
        let options = ReadOptions { max_record_bytes: 64, ..ReadOptions::default() };
        let mut records = 0;
        for record in RecordReader::new(inputs, options) {
            records += 1;
            prop_assert!(records <= bytes + 1, "more records than bytes: a loop");
            match record.unwrap().into_posting() {
                Ok(posting) => {
                    prop_assert!(!posting.id.is_empty());
                    prop_assert!(!posting.body.trim().is_empty());
                }
                Err(error) => prop_assert!(error.line <= lines, "{error} beyond line {lines}"),
            }
        }
    }

    #[test]
    fn the_classifier_answers_anything_with_a_valid_confidence(text in "\\PC{0,400}", html in any::<bool>()) {
        let body = if html { format!("<div><p>{text}</p><script>x</script></div>") } else { text.clone() };
        for term in Analyzer.terms(&body) {
            prop_assert!(body.is_char_boundary(term.start) && body.is_char_boundary(term.end));
        }
        let c = classifier().classify(&Posting::new(text.clone(), body));
        prop_assert!(c.confidence.is_finite() && (0.0..=1.0).contains(&c.confidence));
        prop_assert_eq!(c.review, !c.review_reasons.is_empty());
    }

    #[test]
    fn the_query_parser_never_panics(pieces in joined(QUERY_PIECES, 40), depth in 0usize..80) {
        let query = format!("{}{}{}", "(".repeat(depth), pieces.concat(), ")".repeat(depth));
        match index().search(&SearchRequest::new(query.clone())) {
            Ok(results) => prop_assert!(results.hits.len() <= results.total.max(10)),
            Err(Error::Query { .. } | Error::Usage(_)) => {}
            Err(other) => prop_assert!(false, "{query:?}: {other}"),
        }
    }
}
