//! HTML to text, keeping a map back to the original bytes.
//!
//! Postings arrive as HTML as often as plain text. Evidence spans must point into the text the
//! user gave us, so cleaning does not just produce a string: it records, for every run of
//! cleaned text, where that run came from. Tags become a single space (so `<li>a</li><li>b</li>`
//! stays two words), `script` and `style` elements and comments vanish, entities are decoded.
//! Plain text (no tag, no entity) is never copied.

use std::borrow::Cow;

/// Cleaned text plus the map from cleaned offsets to original offsets.
#[derive(Debug)]
pub struct CleanText<'a> {
    text: Cow<'a, str>,
    /// Runs of cleaned text in order; empty when the text was not changed.
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    clean_start: usize,
    orig_start: usize,
    orig_end: usize,
    /// Copied byte for byte (offsets map 1:1), or a replacement (tag, entity).
    verbatim: bool,
}

impl<'a> CleanText<'a> {
    /// Cleans `text` if it looks like HTML; borrows it unchanged otherwise.
    pub fn new(text: &'a str) -> Self {
        if looks_like_html(text) {
            clean_html(text)
        } else {
            CleanText {
                text: Cow::Borrowed(text),
                segments: Vec::new(),
            }
        }
    }

    /// The text to analyse.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of [`CleanText::text`] back to a byte range of the original.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.segments.is_empty() {
            return (start, end);
        }
        (self.map_start(start), self.map_end(end))
    }

    /// A mapper for offsets that arrive in increasing order (words, left to right): it walks
    /// the segments instead of searching them, so mapping every word of a page is linear.
    pub fn mapper(&self) -> OffsetMapper<'_> {
        OffsetMapper {
            clean: self,
            next: 0,
        }
    }

    fn map_start(&self, offset: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|s| s.clean_start <= offset)
            .saturating_sub(1);
        let seg = self.segments[idx];
        if seg.verbatim {
            (seg.orig_start + (offset - seg.clean_start)).min(seg.orig_end)
        } else {
            seg.orig_start
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|s| s.clean_start < offset)
            .saturating_sub(1);
        let seg = self.segments[idx];
        if seg.verbatim {
            (seg.orig_start + (offset.saturating_sub(seg.clean_start))).min(seg.orig_end)
        } else {
            seg.orig_end
        }
    }
}

/// Maps increasing cleaned offsets back to the original text (see [`CleanText::mapper`]).
pub struct OffsetMapper<'c> {
    clean: &'c CleanText<'c>,
    /// Index of the first segment starting after the last mapped start.
    next: usize,
}

impl OffsetMapper<'_> {
    /// Maps a word's `[start, end)`; starts must not decrease between calls.
    pub fn to_original(&mut self, start: usize, end: usize) -> (usize, usize) {
        let segments = &self.clean.segments;
        if segments.is_empty() {
            return (start, end);
        }
        while self.next < segments.len() && segments[self.next].clean_start <= start {
            self.next += 1;
        }
        let seg = segments[self.next.saturating_sub(1)];
        // A word never spans two segments unless an entity sits inside it; fall back then.
        let seg_end = segments
            .get(self.next)
            .map_or(usize::MAX, |next| next.clean_start);
        if seg.verbatim && end <= seg_end {
            let delta = start - seg.clean_start;
            (
                seg.orig_start + delta,
                seg.orig_start + delta + (end - start),
            )
        } else {
            self.clean.to_original(start, end)
        }
    }
}

/// A cheap test: a tag opener (`<` then a letter, `/` or `!`) or an entity (`&` … `;`).
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'<', b'&', bytes).any(|i| match bytes[i] {
        b'<' => bytes
            .get(i + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!'),
        _ => entity_end(bytes, i).is_some(),
    })
}

/// The index of the `;` closing an entity that starts at `amp`, if it is one.
fn entity_end(bytes: &[u8], amp: usize) -> Option<usize> {
    let rest = &bytes[amp + 1..];
    let limit = rest.len().min(32);
    let semi = rest[..limit].iter().position(|&b| b == b';')?;
    let name = &rest[..semi];
    let ok = match name.first() {
        Some(b'#') => {
            name.len() > 1
                && (name[1..].iter().all(u8::is_ascii_digit)
                    || ((name[1] == b'x' || name[1] == b'X')
                        && name.len() > 2
                        && name[2..].iter().all(u8::is_ascii_hexdigit)))
        }
        Some(_) => name.iter().all(u8::is_ascii_alphanumeric),
        None => false,
    };
    ok.then_some(amp + 1 + semi)
}

fn clean_html(text: &str) -> CleanText<'_> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut segments = Vec::new();
    let mut copy_from = 0;
    let mut pos = 0;

    let copy = |out: &mut String, segments: &mut Vec<Segment>, from: usize, to: usize| {
        if from < to {
            segments.push(Segment {
                clean_start: out.len(),
                orig_start: from,
                orig_end: to,
                verbatim: true,
            });
            out.push_str(&text[from..to]);
        }
    };

    while let Some(found) = memchr::memchr2(b'<', b'&', &bytes[pos..]) {
        let at = pos + found;
        let replacement: Option<(usize, Cow<'_, str>)> = if bytes[at] == b'<' {
            tag_end(text, at).map(|end| (end, Cow::Borrowed(" ")))
        } else {
            entity_end(bytes, at).and_then(|semi| {
                let entity = &text[at..=semi];
                match html_escape::decode_html_entities(entity) {
                    Cow::Owned(decoded) => Some((semi + 1, Cow::Owned(decoded))),
                    Cow::Borrowed(_) => None,
                }
            })
        };
        match replacement {
            Some((end, with)) => {
                copy(&mut out, &mut segments, copy_from, at);
                segments.push(Segment {
                    clean_start: out.len(),
                    orig_start: at,
                    orig_end: end,
                    verbatim: false,
                });
                out.push_str(&with);
                copy_from = end;
                pos = end;
            }
            None => pos = at + 1,
        }
    }
    copy(&mut out, &mut segments, copy_from, text.len());
    if segments.is_empty() {
        segments.push(Segment {
            clean_start: 0,
            orig_start: 0,
            orig_end: 0,
            verbatim: true,
        });
    }
    CleanText {
        text: Cow::Owned(out),
        segments,
    }
}

/// Where the markup starting at `lt` ends (exclusive), swallowing `script`/`style` elements and
/// comments whole. `None` when `<` does not open markup.
fn tag_end(text: &str, lt: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let next = *bytes.get(lt + 1)?;
    if bytes[lt..].starts_with(b"<!--") {
        return Some(find_ascii_ci(text, lt + 4, "-->").map_or(text.len(), |i| i + 3));
    }
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
        return None;
    }
    let close = lt + 1 + memchr::memchr(b'>', &bytes[lt + 1..])?;
    let name_start = lt + 1;
    let name_len = bytes[name_start..close]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = &text[name_start..name_start + name_len];
    for raw in ["script", "style"] {
        if name.eq_ignore_ascii_case(raw) {
            let closing = format!("</{raw}");
            return Some(match find_ascii_ci(text, close, &closing) {
                Some(i) => memchr::memchr(b'>', &bytes[i..]).map_or(text.len(), |j| i + j + 1),
                None => text.len(),
            });
        }
    }
    Some(close + 1)
}

/// Finds an ASCII needle case-insensitively from byte `from`.
fn find_ascii_ci(text: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = &text.as_bytes()[from..];
    let needle = needle.as_bytes();
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> String {
        CleanText::new(text)
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        let clean = CleanText::new("Own the backlog. 3 < 4 & so on");
        assert!(matches!(clean.text, Cow::Borrowed(_)));
        assert_eq!(clean.to_original(4, 7), (4, 7));
    }

    #[test]
    fn tags_scripts_styles_comments_and_entities() {
        let table = [
            ("<p>Own the <b>backlog</b></p>", "Own the backlog"),
            (
                "<ul><li>roadmap</li><li>pricing</li></ul>",
                "roadmap pricing",
            ),
            ("R&amp;D &lt;team&gt; caf&eacute;", "R&D <team> café"),
            ("a<script>var x = '<p>';</script>b", "a b"),
            ("a<STYLE>p{}</STYLE>b<!-- hidden -->c", "a b c"),
            ("x &#39;y&#x27; &#8217;z", "x 'y' \u{2019}z"),
            ("unclosed <p tag", "unclosed <p tag"),
            ("&bogus; &amp", "&bogus; &amp"),
        ];
        for (html, want) in table {
            assert_eq!(cleaned(html), want, "{html}");
        }
    }

    #[test]
    fn the_mapper_agrees_with_the_search() {
        let html = "<p>Own the <b>back&shy;log</b> &amp; road&#45;map</p>\n<li>caf&eacute; x</li>";
        let clean = CleanText::new(html);
        let mut mapper = clean.mapper();
        crate::analyze::for_each_word(clean.text(), |w| {
            assert_eq!(
                mapper.to_original(w.start, w.end),
                clean.to_original(w.start, w.end)
            );
        });
    }

    #[test]
    fn offsets_map_back_to_the_original_word() {
        let html = "<p>Own the <b>back&shy;log</b> &amp; roadmap</p>";
        let clean = CleanText::new(html);
        let text = clean.text();
        let at = text.find("roadmap").unwrap();
        let (s, e) = clean.to_original(at, at + "roadmap".len());
        assert_eq!(&html[s..e], "roadmap");
        let own = text.find("Own").unwrap();
        let (s, e) = clean.to_original(own, own + 3);
        assert_eq!(&html[s..e], "Own");
    }
}
