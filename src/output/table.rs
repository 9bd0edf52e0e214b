//! Table rows for terminals, fitted to the terminal's width.
//!
//! Widths are measured in terminal columns (`unicode-width`), so titles in any script line up;
//! a cell too wide is cut with `…`. Rows are formatted independently (no look-ahead at other
//! rows), which lets a table stream like the other formats. Each table declares its columns'
//! natural widths; with a terminal width set ([`set_terminal_width`]), they are fitted to it
//! (see [`fitted`]) so a row never wraps.

use std::sync::atomic::{AtomicUsize, Ordering};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The terminal's width in columns; 0 when tables keep their natural widths (output to a file
/// or a pipe, where nothing wraps).
static TERMINAL_WIDTH: AtomicUsize = AtomicUsize::new(0);

/// Sets the width every table is fitted to, for the whole process (the command line sets it
/// once: `COLUMNS`, else the terminal's size when stdout is one).
pub fn set_terminal_width(width: Option<usize>) {
    TERMINAL_WIDTH.store(width.unwrap_or(0), Ordering::Relaxed);
}

/// The terminal width tables are fitted to, if one is set.
pub fn terminal_width() -> Option<usize> {
    Some(TERMINAL_WIDTH.load(Ordering::Relaxed)).filter(|&w| w > 0)
}

/// The narrowest a left-aligned column is squeezed to before the last column gives way.
pub const MIN_TEXT_COLUMN: usize = 6;
/// The narrowest the last column gets (the snippet or the evidence: what a reader came for),
/// and at least this share of the row.
pub const MIN_LAST_COLUMN: usize = 8;
/// The last column keeps at least 1/this of the row while other text columns can give way.
pub const MIN_LAST_SHARE: usize = 3;

/// The columns fitted to the terminal width, if one is set: the last column takes what the
/// others leave (up to the row's width), and when the natural widths do not fit, the text
/// columns give way first (widest first, to [`MIN_TEXT_COLUMN`]) so the last one keeps a third
/// of the row (at least [`MIN_LAST_COLUMN`]). Numbers and labels keep their widths.
pub fn fitted(columns: &[Column]) -> Vec<Column> {
    let mut out = columns.to_vec();
    let width = TERMINAL_WIDTH.load(Ordering::Relaxed);
    if width == 0 || out.is_empty() {
        return out;
    }
    let gaps = 2 * (out.len() - 1);
    let others = |cols: &[Column]| -> usize {
        cols[..cols.len() - 1]
            .iter()
            .map(|c| c.width)
            .sum::<usize>()
            + gaps
    };
    let last = out.len() - 1;
    let min_last = MIN_LAST_COLUMN
        .max(width / MIN_LAST_SHARE)
        .min(out[last].width);
    // Squeeze the widest text column, one column of width at a time, until the last one fits;
    // in a very narrow terminal the labels give way too, and the last column's share with them.
    for (may_squeeze_fixed, min_last) in [(false, min_last), (true, MIN_LAST_COLUMN)] {
        while others(&out) + min_last > width {
            let widest = out[..last]
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.right && (may_squeeze_fixed || !c.fixed))
                .filter(|(_, c)| c.width > MIN_TEXT_COLUMN)
                .max_by_key(|(_, c)| c.width)
                .map(|(i, _)| i);
            match widest {
                Some(i) => out[i].width -= 1,
                None => break,
            }
        }
    }
    out[last].width = width.saturating_sub(others(&out)).max(1);
    out
}

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
    /// Keeps its width when the table is squeezed (labels, which a cut would make unreadable).
    pub fixed: bool,
}

impl Column {
    /// A left-aligned column.
    pub const fn left(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: false,
            last: false,
            fixed: false,
        }
    }

    /// A left-aligned column that keeps its width in a narrow terminal.
    pub const fn fixed(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: false,
            last: false,
            fixed: true,
        }
    }

    /// A right-aligned column.
    pub const fn right(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: true,
            last: false,
            fixed: true,
        }
    }

    /// The last column: cut at `width` but not padded.
    pub const fn last(name: &'static str, width: usize) -> Self {
        Column {
            name,
            width,
            right: false,
            last: true,
            fixed: false,
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
    let columns = fitted(columns);
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
///
/// Fit the last cell to `fitted(columns)`'s last width.
pub fn row_with_styled_last(columns: &[Column], cells: &[String], styled_last: &str) -> Vec<u8> {
    let columns = fitted(columns);
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
