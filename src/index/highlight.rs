//! Text for display with highlighted ranges: HTML cleaned, whitespace tidied, spans kept.
//!
//! Kept apart because it is display work on stored text, shared by `show` (evidence spans,
//! [`Layout::Lines`]) and search snippets (query terms, [`Layout::OneLine`]), and needs
//! nothing from tantivy.

use crate::analyze::html::CleanText;
use std::ops::Range;

/// Text for display with highlighted byte ranges (sorted, not overlapping).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// The text: HTML cleaned, whitespace tidied.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<Range<usize>>,
}

/// How [`Highlighted`] text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One line: every whitespace run becomes one space (snippets).
    OneLine,
    /// Lines kept; spaces collapsed within lines, at most one blank line in a row (`show`).
    Lines,
}

/// Private-use characters marking highlight starts and ends while HTML is cleaned.
pub(super) const MARK_START: char = '\u{E000}';
pub(super) const MARK_END: char = '\u{E001}';
/// Marks a block tag in HTML: at least one line break there.
const MARK_BREAK: char = '\u{E003}';

impl Highlighted {
    /// Cleans `original` (HTML → text) and tidies its whitespace, keeping `spans` (byte ranges
    /// of `original`, e.g. evidence spans) highlighted. Spans out of bounds, not on character
    /// boundaries, or overlapping an earlier span are ignored.
    pub fn from_original(original: &str, spans: &[Range<usize>], layout: Layout) -> Self {
        let mut spans = spans.to_vec();
        spans.sort_by_key(|r| (r.start, r.end));
        let mut marked = String::with_capacity(original.len() + 6 * spans.len());
        let push_text = |marked: &mut String, text: &str| {
            for (i, c) in text.char_indices() {
                if c == '<' && layout == Layout::Lines && starts_block_tag(&text[i..]) {
                    // Cleaning turns tags into spaces; for display, blocks start new lines.
                    marked.push(MARK_BREAK);
                }
                marked.push(unmarked(c));
            }
        };
        let mut at = 0;
        for span in spans {
            let ok = span.start >= at
                && span.start < span.end
                && span.end <= original.len()
                && original.is_char_boundary(span.start)
                && original.is_char_boundary(span.end);
            if !ok {
                continue;
            }
            push_text(&mut marked, &original[at..span.start]);
            marked.push(MARK_START);
            push_text(&mut marked, &original[span.clone()]);
            marked.push(MARK_END);
            at = span.end;
        }
        push_text(&mut marked, &original[at..]);
        let clean = CleanText::new(&marked);
        tidy(clean.text(), layout)
    }
}

/// `c`, or U+FFFD when the text itself contains one of the private marks.
fn unmarked(c: char) -> char {
    if matches!(c, MARK_START | MARK_END | MARK_BREAK) {
        '\u{FFFD}'
    } else {
        c
    }
}

/// Appends `text` to `out` with any private marks in it neutralised.
pub(super) fn push_unmarked(out: &mut String, text: &str) {
    out.extend(text.chars().map(unmarked));
}

/// True when `text` starts with a tag that begins or ends a block (paragraph, list item,
/// heading, line break, …).
fn starts_block_tag(text: &str) -> bool {
    const BLOCKS: [&str; 12] = [
        "p", "li", "br", "div", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5",
    ];
    let name = text
        .trim_start_matches('<')
        .trim_start_matches('/')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) || name.eq_ignore_ascii_case("h6")
}

/// Collapses whitespace per `layout` and turns the marks into highlight ranges.
pub(super) fn tidy(marked: &str, layout: Layout) -> Highlighted {
    let mut out = String::with_capacity(marked.len());
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut space = false;
    let mut newlines = 0usize;
    for c in marked.chars() {
        match c {
            MARK_START => {
                flush_space(&mut out, &mut space, &mut newlines);
                open = Some(out.len());
            }
            MARK_END => {
                if let Some(start) = open.take() {
                    let end = out.trim_end().len().max(start);
                    if end > start {
                        highlights.push(start..end);
                    }
                }
            }
            '\n' if layout == Layout::Lines => newlines += 1,
            MARK_BREAK => newlines = newlines.max(1),
            c if c.is_whitespace() || c.is_control() => space = true,
            c => {
                if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')') && newlines == 0 {
                    // A tag between a word and its punctuation left a space: drop it.
                    space = false;
                }
                flush_space(&mut out, &mut space, &mut newlines);
                out.push(c);
            }
        }
    }
    Highlighted {
        text: out,
        highlights,
    }
}

fn flush_space(out: &mut String, space: &mut bool, newlines: &mut usize) {
    if !out.is_empty() {
        if *newlines > 0 {
            out.push_str(if *newlines > 1 { "\n\n" } else { "\n" });
        } else if *space {
            out.push(' ');
        }
    }
    *space = false;
    *newlines = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_cleans_html_and_keeps_spans_on_the_words() {
        let html = "<p>Own the <b>product backlog</b> &amp; roadmap</p>";
        let start = html.find("product").unwrap();
        let end = html.find("backlog").unwrap() + "backlog".len();
        let r = html.find("roadmap").unwrap();
        let h = Highlighted::from_original(html, &[r..r + 7, start..end, 0..3], Layout::OneLine);
        assert_eq!(h.text, "Own the product backlog & roadmap");
        let words: Vec<&str> = h.highlights.iter().map(|r| &h.text[r.clone()]).collect();
        assert_eq!(
            words,
            ["product backlog", "roadmap"],
            "the span inside a tag is dropped"
        );

        let html =
            "<p>Our <b>Product Owner</b>.</p><ul><li>Own the backlog</li><li>Roadmap</li></ul>";
        let h = Highlighted::from_original(html, &[], Layout::Lines);
        assert_eq!(h.text, "Our Product Owner.\nOwn the backlog\nRoadmap");

        let plain = "Line one\n\n\n\n  Line   two \u{E000}";
        let h = Highlighted::from_original(plain, &[0..4, 100..200], Layout::Lines);
        assert_eq!(h.text, "Line one\n\nLine two \u{FFFD}");
        assert_eq!(h.highlights, vec![0..4]);
    }
}
