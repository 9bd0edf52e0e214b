//! What an input's first bytes say: that it is not text at all (compressed, UTF-16, binary),
//! its format when none was given, a JSON array rather than lines, a CSV header's delimiter.
//!
//! Kept apart because these checks only peek at the buffered head of a stream, consuming
//! nothing, before the reader commits to a format; they decide, and read no record.

use super::{DynBufRead, InputFormat, BODY_FIELDS, BOM};
use std::io::{self, BufRead};
use std::path::Path;

/// What a stream is when its first bytes say it is not UTF-8 text, with what to do: one clear
/// message for the file instead of one per line.
pub(super) fn not_text(head: &[u8]) -> Option<String> {
    if head.starts_with(b"\x1f\x8b") {
        return Some(
            "a gzip-compressed file, not text: decompress it first (`zcat FILE | rolesift … -`)"
                .to_string(),
        );
    }
    if head.starts_with(b"PK\x03\x04") {
        return Some("a zip archive, not text: unzip it first".to_string());
    }
    if head.starts_with(b"BZh") && head.get(3).is_some_and(u8::is_ascii_digit) {
        return Some(
            "a bzip2-compressed file, not text: decompress it first (`bzcat FILE | rolesift … -`)"
                .to_string(),
        );
    }
    if head.starts_with(b"\x28\xb5\x2f\xfd") {
        return Some(
            "a zstd-compressed file, not text: decompress it first (`zstdcat FILE | rolesift … -`)"
                .to_string(),
        );
    }
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") || {
        // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        let sample = &head[..head.len().min(512)];
        sample.len() >= 8
            && (sample.iter().step_by(2).all(|&b| b == 0)
                || sample.iter().skip(1).step_by(2).all(|&b| b == 0))
    };
    if utf16 {
        return Some(
            "UTF-16 text; rolesift reads UTF-8: convert it first (`iconv -f UTF-16 -t UTF-8 FILE`)"
                .to_string(),
        );
    }
    let sample = &head[..head.len().min(4096)];
    if memchr::memchr(0, sample).is_some() {
        return Some("binary data, not text: not a file of postings".to_string());
    }
    None
}

/// Decides the format of a stream from its first bytes: `{` → JSONL; a first line with a
/// comma → CSV; anything else → one text posting.
pub(super) fn sniff(reader: &mut DynBufRead) -> io::Result<InputFormat> {
    let head = reader.fill_buf()?;
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    Ok(match first {
        Some(b'{' | b'[') => InputFormat::Jsonl,
        Some(_) => {
            let line_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
            let first_line = String::from_utf8_lossy(&head[..line_end]).to_ascii_lowercase();
            let looks_csv = (first_line.contains(',') || first_line.contains('\t'))
                && BODY_FIELDS.iter().any(|f| first_line.contains(f));
            if looks_csv {
                InputFormat::Csv
            } else {
                InputFormat::Text
            }
        }
        None => InputFormat::Jsonl,
    })
}

/// Whether a stream starts (after a byte-order mark and blanks) with `[`: a JSON array.
pub(super) fn starts_array(reader: &mut DynBufRead) -> bool {
    let Ok(head) = reader.fill_buf() else {
        return false;
    };
    let head = head.strip_prefix(BOM).unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
}

/// The field delimiter of a CSV input: a tab for `.tsv`/`.tab` files and for a header line
/// with tabs and no commas (a tab-separated export named `.csv`, or piped in), else a comma.
pub(super) fn delimiter(path: &Path, reader: &mut DynBufRead) -> u8 {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
    let header_has_tabs = reader.fill_buf().is_ok_and(|head| {
        let line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
        line.contains(&b'\t') && !line.contains(&b',')
    });
    if by_name || header_has_tabs {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use crate::read::tests::read_str;

    #[test]
    fn compressed_utf16_and_binary_files_get_one_clear_message() {
        let utf16: Vec<u8> = "{\"description\": \"x\"}\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(&utf16);
        for (ext, bytes, message) in [
            ("jsonl", b"\x1f\x8b\x08\x00rest".to_vec(), "gzip-compressed"),
            ("csv", b"PK\x03\x04rest".to_vec(), "zip archive"),
            ("jsonl", with_bom, "UTF-16"),
            ("jsonl", utf16, "UTF-16"),
            ("txt", b"ELF\x00\x00\x01\x02binary".to_vec(), "binary data"),
        ] {
            let (postings, errors) = read_str(ext, &bytes);
            assert!(postings.is_empty());
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].starts_with("0: "),
                "a whole-file problem: {errors:?}"
            );
            assert!(errors[0].contains(message), "{errors:?}");
        }
    }

    #[test]
    fn tab_separated_files_are_read_as_such() {
        let tsv = b"id\ttitle\tdescription\nt1\tPO\tOwn the backlog, then plan\n";
        for ext in ["tsv", "csv", "unknown"] {
            let (postings, errors) = read_str(ext, tsv);
            assert!(errors.is_empty(), "{ext}: {errors:?}");
            assert_eq!(postings[0].id, "t1", "{ext}");
            assert_eq!(postings[0].body, "Own the backlog, then plan", "{ext}");
        }
    }
}
