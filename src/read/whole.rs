//! Inputs read whole rather than line by line: a JSON array of postings, split into its
//! elements, and a text file or web page that is one posting.
//!
//! Kept apart from the streaming reader because each is read into memory at once, under its
//! own bound, and leaves nothing of the input to read after it.

use super::record::json_error_text;
use super::{DynBufRead, RawRecord, RecordError, RecordReader};
use crate::error::io_message;
use crate::posting::{Posting, SourceRef};
use std::io::Read;

/// The largest JSON array file read whole; JSONL has no such bound (it is streamed).
pub const MAX_ARRAY_BYTES: u64 = 1 << 30;

impl RecordReader {
    /// A JSON array of postings, read whole (up to [`MAX_ARRAY_BYTES`]) and split into one
    /// record per element, each located by the line it starts on.
    pub(super) fn read_array(
        &mut self,
        name: &str,
        reader: DynBufRead,
    ) -> std::result::Result<std::collections::VecDeque<RawRecord>, String> {
        let mut bytes = Vec::new();
        let read = reader
            .take(MAX_ARRAY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_message(&e))?;
        self.bytes_read += read as u64;
        if read as u64 > MAX_ARRAY_BYTES {
            return Err(format!(
                "a JSON array over {} MiB; write it as JSONL, one posting per line (`jq -c '.[]' FILE`)",
                MAX_ARRAY_BYTES >> 20
            ));
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| format!("invalid UTF-8 at byte {} of the file", e.valid_up_to()))?;
        let text = text.trim_start_matches('\u{feff}');
        let elements: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(text).map_err(|e| {
                format!(
                    "line {}: not a JSON array of postings: {}",
                    e.line(),
                    json_error_text(&e)
                )
            })?;
        let start = text.as_ptr() as usize;
        let mut line = 1u64;
        let mut counted = 0usize;
        let mut records = std::collections::VecDeque::with_capacity(elements.len());
        for element in elements {
            let raw = element.get();
            let offset = raw.as_ptr() as usize - start;
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..offset]).count() as u64;
            counted = offset;
            let source = SourceRef {
                path: name.to_string(),
                line,
            };
            records.push_back(if raw.len() > self.options.max_record_bytes {
                RawRecord::Invalid(RecordError::at(
                    &source,
                    format!(
                        "record is {} bytes, over the limit of {} bytes (--max-record-bytes)",
                        raw.len(),
                        self.options.max_record_bytes
                    ),
                ))
            } else {
                RawRecord::Json {
                    source,
                    bytes: raw.as_bytes().to_vec(),
                }
            });
        }
        Ok(records)
    }

    pub(super) fn read_text(&mut self, name: &str, reader: DynBufRead) -> RawRecord {
        let max = self.options.max_record_bytes;
        let mut bytes = Vec::new();
        let read = match reader.take(max as u64 + 1).read_to_end(&mut bytes) {
            Ok(read) => read,
            Err(e) => return RawRecord::Invalid(RecordError::whole_input(name, io_message(&e))),
        };
        self.bytes_read += read as u64;
        let source = SourceRef {
            path: name.to_string(),
            line: 1,
        };
        if read > max {
            return RawRecord::Invalid(RecordError::at(
                &source,
                format!("posting is larger than the limit of {max} bytes (--max-record-bytes)"),
            ));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                return RawRecord::Invalid(RecordError {
                    path: name.to_string(),
                    line,
                    message: "invalid UTF-8".to_string(),
                });
            }
        };
        let text = text.trim_start_matches('\u{feff}');
        let trimmed = text.trim_start();
        let skipped_lines = text[..text.len() - trimmed.len()].matches('\n').count() as u64;
        // A web page is a posting too: its title from <title> (or the first heading), its
        // body the page (the analyzer reads HTML), whatever its line breaks.
        if let Some(title) = html_page_title(trimmed) {
            let mut posting = Posting {
                title,
                body: trimmed.to_string(),
                source: SourceRef {
                    path: name.to_string(),
                    line: 1 + skipped_lines,
                },
                ..Posting::default()
            };
            let page = crate::analyze::html::CleanText::new(&posting.body);
            if page.text().trim().is_empty() {
                return RawRecord::Invalid(RecordError::at(
                    &posting.source,
                    "empty description (the page has no text)",
                ));
            }
            posting.id = posting.content_id();
            return RawRecord::Ready(Box::new(posting));
        }
        let (title, body) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
        let source = SourceRef {
            path: name.to_string(),
            line: 1 + skipped_lines,
        };
        if body.trim().is_empty() {
            return RawRecord::Invalid(RecordError::at(
                &source,
                "empty description (a text posting is its title on the first line, then the description)",
            ));
        }
        let mut posting = Posting {
            title: title.trim().to_string(),
            body: body.to_string(),
            source,
            ..Posting::default()
        };
        posting.id = posting.content_id();
        RawRecord::Ready(Box::new(posting))
    }
}

/// The title of an HTML page (`<title>`, else the first `<h1>`), or `None` when the text is
/// not an HTML page (it must start with a doctype or an `<html>` tag).
fn html_page_title(text: &str) -> Option<String> {
    let head: String = text
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if !(head.starts_with("<!doctype html") || head.starts_with("<html")) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let inner = |open: &str, close: &str| -> Option<String> {
        let start = lower.find(open)?;
        let content = start + lower[start..].find('>')? + 1;
        let end = content + lower[content..].find(close)?;
        let raw = &text[content..end];
        // Tags inside a heading are dropped, entities decoded, spaces collapsed.
        let mut plain = String::with_capacity(raw.len());
        let mut in_tag = false;
        for c in raw.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let decoded = html_escape::decode_html_entities(&plain);
        let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
        (!title.is_empty()).then_some(title)
    };
    Some(
        inner("<title", "</title>")
            .or_else(|| inner("<h1", "</h1>"))
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use crate::read::tests::read_str;

    #[test]
    fn a_json_array_of_postings_is_read_element_by_element() {
        let pretty = b"[\n  {\"id\": \"a\", \"description\": \"x\"},\n  5,\n  {\n    \"id\": \"b\",\n    \"body\": \"y\"\n  }\n]\n";
        let (postings, errors) = read_str("json", pretty);
        let ids: Vec<&str> = postings.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(
            postings[1].source.line, 4,
            "located by the line it starts on"
        );
        assert_eq!(errors, ["3: expected a JSON object"]);
        let (postings, errors) = read_str("json", b"[{\"description\": \"x\"}");
        assert!(postings.is_empty());
        assert!(
            errors[0].starts_with("0: line 1: not a JSON array of postings"),
            "{errors:?}"
        );
    }

    #[test]
    fn text_files_take_the_first_line_as_title() {
        let (postings, errors) = read_str("txt", b"\n\nProduct Owner\nOwn the backlog.\nAnd more.");
        assert!(errors.is_empty());
        assert_eq!(postings[0].title, "Product Owner");
        assert_eq!(postings[0].body, "Own the backlog.\nAnd more.");
        assert_eq!(postings[0].source.line, 3);
        let (_, errors) = read_str("txt", b"Only a title\n");
        assert!(errors[0].contains("empty description"));
    }

    #[test]
    fn an_html_page_is_a_posting_titled_by_its_title() {
        let page = b"<!DOCTYPE html><html><head><title>Product Owner &amp; Scrum &#8211; Acme</title></head><body><h1>Join us</h1><p>Own the product backlog.</p></body></html>";
        let (postings, errors) = read_str("html", page);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(postings[0].title, "Product Owner & Scrum \u{2013} Acme");
        assert!(postings[0].body.contains("Own the product backlog."));
        let (postings, _) = read_str(
            "htm",
            b"<html>\n<body>\n<h1>Senior <b>Product</b> Manager</h1>\n<p>Roadmap.</p></body></html>",
        );
        assert_eq!(postings[0].title, "Senior Product Manager");
        let (postings, errors) = read_str(
            "html",
            b"<!doctype html><html><head><script>x()</script></head><body> </body></html>",
        );
        assert!(postings.is_empty());
        assert!(errors[0].contains("the page has no text"), "{errors:?}");
    }
}
