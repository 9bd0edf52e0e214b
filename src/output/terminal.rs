//! Text from postings and file names on its way to a terminal.
//!
//! A posting's id, title or company, or a file's name, can hold escape sequences: OSC 0
//! retitles the window, OSC 8 plants a hyperlink, CSI 2J clears the screen. Anything people
//! read (tables, `show`, messages on stderr) goes through here; JSONL and CSV keep the text
//! exactly. Bidirectional controls (U+202E and kin) are replaced too: in a table they can make
//! one cell read as another ("gpj.exe" shown as "exe.jpg").

use std::borrow::Cow;

/// What an unsafe character becomes: visible, so nothing is hidden.
pub const REPLACEMENT: char = '\u{fffd}';

/// One line for a terminal: line breaks and tabs become spaces, other control characters and
/// bidirectional controls become [`REPLACEMENT`].
pub fn line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Text for a terminal that keeps its line breaks and tabs; everything else as in [`line()`].
pub fn text(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

fn clean(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' if keep_lines => c,
                '\n' | '\t' | '\r' => ' ',
                c if is_unsafe(c) => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

/// Control characters (C0, DEL, C1: escape sequences start with ESC or CSI) and the Unicode
/// bidirectional formatting characters.
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Text from a posting shown in a table or `show`: HTML entities decoded (exports often
/// double-encode them: `&amp;#8211;` is an en dash), then made safe like [`line()`].
pub fn shown(text: &str) -> String {
    let mut decoded = std::borrow::Cow::Borrowed(text);
    for _ in 0..2 {
        if !decoded.contains('&') {
            break;
        }
        decoded = std::borrow::Cow::Owned(html_escape::decode_html_entities(&decoded).into_owned());
    }
    line(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_controls_never_pass() {
        let hostile = "a\x1b]0;pwned\x07b\x1b[2Jc\u{9b}31md\u{202e}gpj.exe\x1b]8;;http://x\x1b\\";
        for cleaned in [line(hostile), text(hostile)] {
            assert!(!cleaned.chars().any(is_unsafe), "{cleaned:?}");
            assert!(cleaned.contains("pwned"), "the text stays readable");
        }
        assert_eq!(line("two\nlines\tand\rmore"), "two lines and more");
        assert_eq!(text("two\nlines\tkept"), "two\nlines\tkept");
        assert!(matches!(line("plain café"), Cow::Borrowed(_)));
        assert_eq!(
            shown("Owner &amp;#8211; Payments &amp; Cards"),
            "Owner \u{2013} Payments & Cards"
        );
    }
}
