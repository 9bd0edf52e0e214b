//! The `classify` record as a JSON line, written straight into bytes.
//!
//! A batch's output is as large as its input (every evidence item carries its spans), and
//! through serde it cost about a quarter of `classify`'s time: each of an evidence item's nine
//! keys went through the string escaper, and each value through the serializer's dispatch. Here
//! the keys and the enums' names are literal bytes, numbers go through `itoa` and `zmij` (the
//! formatters serde_json itself uses), and only strings from the input are escaped, by
//! serde_json when they need it. The bytes are serde_json's to the last one: a test compares
//! them on every project posting and on strings full of characters to escape.

use super::{ClassifyRecord, EvidenceDetail};
use crate::classify::Evidence;

/// Appends `record` and a newline to `out`.
pub(super) fn write_record(out: &mut Vec<u8>, record: &ClassifyRecord<'_>) {
    out.extend_from_slice(b"{\"id\":");
    write_str(out, record.id);
    out.extend_from_slice(b",\"title\":");
    write_str(out, record.title);
    out.extend_from_slice(b",\"label\":\"");
    out.extend_from_slice(record.label.as_str().as_bytes());
    out.extend_from_slice(b"\",\"confidence\":");
    write_f64(out, record.confidence);
    out.extend_from_slice(if record.review {
        b",\"review\":true,\"review_reasons\":["
    } else {
        b",\"review\":false,\"review_reasons\":["
    });
    for (i, reason) in record.review_reasons.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(reason.as_str().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"],\"scores\":{\"product_owner\":");
    write_f64(out, record.scores.product_owner);
    out.extend_from_slice(b",\"product_manager\":");
    write_f64(out, record.scores.product_manager);
    out.extend_from_slice(b",\"other_role\":");
    write_f64(out, record.scores.other_role);
    out.push(b'}');
    let detail = record.evidence.detail;
    if detail != EvidenceDetail::None {
        out.extend_from_slice(b",\"evidence\":");
        write_evidence_items(
            out,
            record.evidence.evidence,
            detail == EvidenceDetail::Full,
        );
    }
    if let Some(fields) = record.fields {
        out.extend_from_slice(b",\"fields\":");
        serde_json::to_writer(&mut *out, fields).expect("fields serialise");
    }
    out.extend_from_slice(b"}\n");
}

/// The evidence as a JSON array, every item with its spans: serde_json's bytes for
/// `&[Evidence]`, written as the JSONL records are.
pub(super) fn write_evidence_array(out: &mut Vec<u8>, evidence: &[Evidence]) {
    write_evidence_items(out, evidence, true);
}

/// The evidence as a JSON array, its items with or without their spans.
fn write_evidence_items(out: &mut Vec<u8>, evidence: &[Evidence], spans: bool) {
    out.push(b'[');
    for (i, e) in evidence.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_evidence(out, e, spans);
    }
    out.push(b']');
}

/// One evidence item, its fields in the order of [`Evidence`].
fn write_evidence(out: &mut Vec<u8>, e: &Evidence, spans: bool) {
    out.extend_from_slice(b"{\"term\":");
    write_str(out, &e.term);
    out.extend_from_slice(b",\"category\":\"");
    out.extend_from_slice(e.category.as_str().as_bytes());
    out.extend_from_slice(b"\",\"role\":\"");
    out.extend_from_slice(e.role.as_str().as_bytes());
    out.extend_from_slice(b"\",\"count\":");
    write_u64(out, u64::from(e.count));
    out.extend_from_slice(b",\"weight\":");
    write_f64(out, e.weight);
    if spans {
        out.extend_from_slice(b",\"spans\":[");
        for (i, [start, end]) in e.spans.iter().enumerate() {
            out.extend_from_slice(if i > 0 { b",[" } else { b"[" });
            write_u64(out, *start as u64);
            out.push(b',');
            write_u64(out, *end as u64);
            out.push(b']');
        }
        out.push(b']');
    }
    out.extend_from_slice(b",\"contribution\":");
    write_f64(out, e.contribution);
    out.extend_from_slice(b",\"field\":\"");
    out.extend_from_slice(e.field.as_str().as_bytes());
    out.extend_from_slice(b"\",\"context\":\"");
    out.extend_from_slice(e.context.as_str().as_bytes());
    out.extend_from_slice(b"\"}");
}

/// A JSON string: copied as it is when nothing in it needs escaping (nearly always), else
/// escaped by serde_json.
fn write_str(out: &mut Vec<u8>, s: &str) {
    // Without a short-circuit, so that the check runs over whole vectors of bytes.
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20 && b != b'"' && b != b'\\')
    });
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, s).expect("strings serialise");
    }
}

/// As serde_json writes an `f64`: the shortest representation that reads back the same,
/// `null` when not finite.
fn write_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

fn write_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Classifier, Model, Posting};
    use proptest::prelude::*;

    fn both_ways(posting: &Posting, keep_fields: bool) {
        let classifier = Classifier::new(Model::embedded().unwrap());
        let c = classifier.classify(posting);
        for detail in [
            EvidenceDetail::Full,
            EvidenceDetail::Terms,
            EvidenceDetail::None,
        ] {
            let record = ClassifyRecord::new(posting, &c, keep_fields).with_evidence(detail);
            let mut ours = Vec::new();
            write_record(&mut ours, &record);
            let mut theirs = serde_json::to_vec(&record).unwrap();
            theirs.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
        let mut ours = Vec::new();
        write_evidence_array(&mut ours, &c.evidence);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(&c.evidence).unwrap()
        );
    }

    #[test]
    fn the_same_bytes_as_serde_json() {
        let mut posting = Posting::new(
            "Product Owner \"Payments\" \\ Berlin\t\u{1}",
            "As a Product Owner you will own the product backlog and write user stories.\n\
             Work with the Scrum Master and stakeholders on the roadmap. Ünïcödé 🎉 </script>",
        );
        posting.extra.insert(
            "salary".into(),
            serde_json::json!({"min": 1.5, "max": [1, "a\"b"]}),
        );
        both_ways(&posting, true);
        both_ways(&posting, false);
        let empty = Posting::new("", "");
        both_ways(&empty, false);
    }

    #[test]
    fn the_same_bytes_as_serde_json_on_the_project_postings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = [root.join("samples"), root.join("tests/fixtures/gold")];
        let (postings, _) =
            crate::read::read_all(&paths, crate::read::ReadOptions::default()).unwrap();
        assert!(postings.len() > 50, "{} postings", postings.len());
        for posting in &postings {
            both_ways(posting, true);
        }
    }

    proptest! {
        #[test]
        fn any_strings_come_out_as_serde_json_writes_them(
            title in "\\PC*|[\"\\\\\u{0}-\u{1f}a-z ]*",
            body in "(product owner |backlog |roadmap |[\"\\\\\u{0}-\u{1f}]|\\PC)*",
        ) {
            both_ways(&Posting::new(&title, &body), false);
        }
    }
}
