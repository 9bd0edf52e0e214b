//! Fixed-width table rows for terminals.
//!
//! Widths are measured in terminal columns (`unicode-width`), so titles in any script line up;
//! a cell too wide is cut with `…`. Rows are formatted independently (no look-ahead at other
//! rows), which lets a table stream like the other formats.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header text.
    pub name: &'static str,
    /// Width in terminal columns.
    pub width: usize,
    /// Right-aligned (numbers).
    pub right: bool,
    /// The last column is not padded.
    pub last: bool,
}

impl Column {
    /// A left-aligned column.
    pub const fn left(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: false,
            last: false,
        }
    }

    /// A right-aligned column.
    pub const fn right(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: true,
            last: false,
        }
    }

    /// The last column: cut at `width` but not padded.
    pub const fn last(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: false,
            last: true,
        }
    }
}

/// Cuts `text` (one line, made safe for a terminal: see [`super::terminal`]) to `width`
/// columns.
pub fn fit(text: &str, width: usize) -> String {
    let flat = super::terminal::line(text);
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.width() <= width {
        return flat;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in flat.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// One row, cells fitted and padded, two spaces between columns, ending in a newline.
pub fn row(columns: &[Column], cells: &[String]) -> Vec<u8> {
    let mut line = String::new();
    for (i, (col, cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        let text = fit(cell, col.width);
        let pad = col.width.saturating_sub(text.width());
        if col.right {
            line.push_str(&" ".repeat(pad));
            line.push_str(&text);
        } else {
            line.push_str(&text);
            if !col.last {
                line.push_str(&" ".repeat(pad));
            }
        }
    }
    let mut bytes = line.trim_end().as_bytes().to_vec();
    bytes.push(b'\n');
    bytes
}

/// One row like [`row`], but the last cell is given already fitted and styled (ANSI escapes
/// would be miscounted by [`fit`]); it is written as is.
pub fn row_with_styled_last(columns: &[Column], cells: &[String], styled_last: &str) -> Vec<u8> {
    let (last, padded) = columns.split_last().expect("at least one column");
    let mut line = String::new();
    for (col, cell) in padded.iter().zip(cells) {
        let text = fit(cell, col.width);
        let pad = col.width.saturating_sub(text.width());
        if col.right {
            line.push_str(&" ".repeat(pad));
            line.push_str(&text);
        } else {
            line.push_str(&text);
            line.push_str(&" ".repeat(pad));
        }
        line.push_str("  ");
    }
    debug_assert!(last.last, "the styled cell is the last column");
    line.push_str(styled_last);
    let mut bytes = line.trim_end().as_bytes().to_vec();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_fitted_to_terminal_columns() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a long title here", 8), "a long …");
        assert_eq!(fit("日本語の求人", 7), "日本語…");
        assert_eq!(fit("line\nbreak\ttab", 20), "line break tab");
    }

    #[test]
    fn rows_align() {
        let cols = [
            Column::left("A", 4),
            Column::right("N", 3),
            Column::last("Z", 9),
        ];
        let r = row(&cols, &["x".into(), "7".into(), "end".into()]);
        assert_eq!(String::from_utf8(r).unwrap(), "x       7  end\n");
        let styled = row_with_styled_last(&cols, &["x".into(), "7".into()], "\x1b[1mend\x1b[0m");
        assert_eq!(
            String::from_utf8(styled).unwrap(),
            "x       7  \x1b[1mend\x1b[0m\n"
        );
    }
}
