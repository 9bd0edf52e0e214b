//! Output of `search` and `show`: hits as JSONL (the machine contract), CSV or a table, and
//! one stored posting shown whole with its evidence highlighted.
//!
//! Highlighting has three [`Style`]s. The binary picks [`Style::Ansi`] (bold) when stdout is a
//! terminal and `NO_COLOR` is unset, [`Style::Markers`] (`[[word]]`) for a table or `show`
//! going anywhere else, and JSONL and CSV always carry plain text (the words, not markup).
//! Like the other formats, every function here is deterministic and does no I/O.

use super::table::{self, Column};
use super::{csv_row, OutputFormat};
use crate::index::search::Hit;
use crate::index::{rfc3339, Highlighted, StoredPosting};
use crate::lexicon::Role;
use unicode_width::UnicodeWidthChar;

/// How highlighted words are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI bold (for a terminal).
    Ansi,
    /// `[[` and `]]` around each highlight.
    Markers,
    /// No marks.
    Plain,
}

impl Style {
    fn marks(self) -> (&'static str, &'static str) {
        match self {
            Style::Ansi => ("\x1b[1m", "\x1b[0m"),
            Style::Markers => ("[[", "]]"),
            Style::Plain => ("", ""),
        }
    }
}

/// The text with its highlights marked in `style`.
pub fn render(h: &Highlighted, style: Style) -> String {
    let (open, close) = style.marks();
    let mut out = String::with_capacity(h.text.len() + 8 * h.highlights.len());
    let mut at = 0;
    // The posting's text is made safe piece by piece, so only our own marks are escapes.
    let safe = super::terminal::text;
    for range in &h.highlights {
        if range.start < at || range.end > h.text.len() {
            continue;
        }
        out.push_str(&safe(&h.text[at..range.start]));
        out.push_str(open);
        out.push_str(&safe(&h.text[range.clone()]));
        out.push_str(close);
        at = range.end;
    }
    out.push_str(&safe(&h.text[at..]));
    out
}

/// Cuts one-line highlighted text to `width` terminal columns (with `…`), keeping the
/// highlights that fit. When the first highlight would not be visible, the text starts a few
/// words before it (with a leading `…`).
pub fn fit_highlighted(h: &Highlighted, width: usize) -> Highlighted {
    let columns = |s: &str| s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    if columns(&h.text) <= width {
        return h.clone();
    }
    let shifted;
    let h = match h.highlights.first() {
        Some(first) if width > 8 && columns(&h.text[..first.end]) + 1 > width => {
            // Back up about a quarter of the width before the highlight, to a word start.
            let lead = width / 4;
            let mut start = first.start;
            let mut used = 0;
            for (i, c) in h.text[..first.start].char_indices().rev() {
                used += c.width().unwrap_or(0);
                if used > lead {
                    break;
                }
                start = i;
            }
            if let Some(space) = h.text[start..first.start].find(' ') {
                start += space + 1;
            }
            let mut text = String::from("…");
            text.push_str(&h.text[start..]);
            let shift = |x: usize| x - start + '…'.len_utf8();
            shifted = Highlighted {
                text,
                highlights: h
                    .highlights
                    .iter()
                    .map(|r| shift(r.start)..shift(r.end))
                    .collect(),
            };
            &shifted
        }
        _ => h,
    };
    let mut used = 0;
    let mut end = h.text.len();
    for (i, c) in h.text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(1) {
            end = i;
            break;
        }
        used += w;
    }
    if end == h.text.len() {
        return h.clone();
    }
    let mut text = h.text[..end].to_string();
    text.push('…');
    let highlights = h
        .highlights
        .iter()
        .filter(|r| r.start < end)
        .map(|r| r.start..r.end.min(end))
        .collect();
    Highlighted { text, highlights }
}

/// Turns search hits into bytes.
pub trait HitFormat {
    /// Written once before the first hit.
    fn header(&self) -> Vec<u8> {
        Vec::new()
    }
    /// One hit.
    fn hit(&self, hit: &Hit) -> Vec<u8>;
}

/// JSONL: `id`, `title`, `company`, `label`, `confidence`, `review`, `review_reasons`,
/// `score`, `duplicates`, `snippet`.
#[derive(Debug, Clone, Copy, Default)]
pub struct HitJsonl;

impl HitFormat for HitJsonl {
    fn hit(&self, hit: &Hit) -> Vec<u8> {
        let mut out = serde_json::to_vec(hit).expect("hits serialise");
        out.push(b'\n');
        out
    }
}

/// CSV with the JSONL fields as columns.
#[derive(Debug, Clone, Copy, Default)]
pub struct HitCsv;

impl HitFormat for HitCsv {
    fn header(&self) -> Vec<u8> {
        csv_row([
            "id",
            "title",
            "company",
            "label",
            "confidence",
            "review",
            "score",
            "duplicates",
            "snippet",
        ])
    }

    fn hit(&self, hit: &Hit) -> Vec<u8> {
        csv_row([
            hit.id.clone(),
            hit.title.clone(),
            hit.company.clone().unwrap_or_default(),
            hit.label.to_string(),
            hit.confidence.to_string(),
            hit.review.to_string(),
            hit.score.to_string(),
            hit.duplicates.to_string(),
            hit.snippet.text.clone(),
        ])
    }
}

/// A table for people, the snippet's matched words highlighted.
#[derive(Debug, Clone)]
pub struct HitTable {
    /// How matched words are marked.
    pub style: Style,
    /// How each id is shown: the shortest prefix (at least [`MIN_ID_PREFIX`] characters) no
    /// other id in the index starts with, which `show` accepts; ids not in the map are shown
    /// whole.
    pub short_ids: std::collections::HashMap<String, String>,
    /// Whether to show the DUP column (reposts collapsed into each hit): only when some hit
    /// has any, so the common table keeps its room for titles.
    pub duplicates: bool,
}

/// The fewest characters of an id a table shows (when more are not needed to tell it apart).
pub const MIN_ID_PREFIX: usize = 8;

impl HitTable {
    /// The width the id column needs for these hits' ids as shown.
    fn id_width(&self) -> usize {
        self.short_ids
            .values()
            .map(|id| id.chars().count())
            .max()
            .unwrap_or(14)
            .max(2)
    }

    fn columns(&self) -> Vec<Column> {
        let mut columns = HIT_COLUMNS.to_vec();
        if !self.short_ids.is_empty() {
            columns[0] = Column::fixed("ID", self.id_width());
        }
        if !self.duplicates {
            columns.retain(|c| c.name != DUP_COLUMN.name);
        }
        columns
    }
}

/// Reposts of the hit shown collapsed into it: `+2`.
const DUP_COLUMN: Column = Column::right("DUP", 3);

const HIT_COLUMNS: [Column; 8] = [
    Column::left("ID", 14),
    Column::left("TITLE", 30),
    Column::left("COMPANY", 18),
    Column::fixed("LABEL", 15),
    Column::right("CONF", 4),
    Column::right("SCORE", 5),
    DUP_COLUMN,
    Column::last("SNIPPET", 70),
];

impl HitFormat for HitTable {
    fn header(&self) -> Vec<u8> {
        let columns = self.columns();
        let names: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
        table::row(&columns, &names)
    }

    fn hit(&self, hit: &Hit) -> Vec<u8> {
        let label = if hit.review {
            format!("{}?", hit.label)
        } else {
            hit.label.to_string()
        };
        let id = self.short_ids.get(&hit.id).unwrap_or(&hit.id).clone();
        let mut cells = vec![
            id,
            super::terminal::shown(&hit.title),
            super::terminal::shown(hit.company.as_deref().unwrap_or_default()),
            label,
            format!("{:.2}", hit.confidence),
            format!("{:.1}", hit.score),
        ];
        if self.duplicates {
            cells.push(if hit.duplicates > 0 {
                format!("+{}", hit.duplicates)
            } else {
                String::new()
            });
        }
        let columns = self.columns();
        let width = table::fitted(&columns).last().expect("columns").width;
        let fitted = fit_highlighted(&hit.snippet, width);
        let mut snippet = render(&fitted, self.style);
        // Visible markers take columns too: fit again with room for them, and in a column too
        // narrow even for that, show the words unmarked rather than wrap the row.
        if self.style == Style::Markers && !fitted.highlights.is_empty() {
            let room = 4 * fitted.highlights.len();
            let narrower = fit_highlighted(&hit.snippet, width.saturating_sub(room).max(1));
            snippet = render(&narrower, self.style);
            if unicode_width::UnicodeWidthStr::width(snippet.as_str()) > width {
                snippet = render(&fitted, Style::Plain);
            }
        }
        table::row_with_styled_last(&columns, &cells, &snippet)
    }
}

/// The hit format for an output format; `style` applies to the table.
pub fn hit_format(format: OutputFormat, style: Style) -> Box<dyn HitFormat> {
    match format {
        OutputFormat::Jsonl => Box::new(HitJsonl),
        OutputFormat::Csv => Box::new(HitCsv),
        OutputFormat::Table => Box::new(HitTable {
            style,
            short_ids: Default::default(),
            duplicates: true,
        }),
    }
}

const EVIDENCE_COLUMNS: [Column; 8] = [
    Column::left("TERM", 26),
    Column::left("AS WRITTEN", 24),
    Column::left("ROLE", 15),
    Column::left("CATEGORY", 13),
    Column::left("FIELD", 5),
    Column::left("CONTEXT", 16),
    Column::right("COUNT", 5),
    Column::right("CONTRIB", 7),
];

/// A stored posting for people: fields, classification, evidence, then title and description
/// with the evidence highlighted. `outdated` notes that another model classified it.
pub fn show_text(p: &StoredPosting, style: Style, outdated: bool) -> Vec<u8> {
    use crate::classify::Field;
    let mut out = String::new();
    let mut line = |name: &str, value: &str| {
        out.push_str(&format!("{name:<12}{value}\n"));
    };
    // What came from the posting is made safe for the terminal; the title by `render`.
    let safe = super::terminal::line;
    line("id", &safe(&p.id));
    line(
        "title",
        &render(&p.highlighted(Field::Title), style).replace('\n', " "),
    );
    line("company", &safe(p.company.as_deref().unwrap_or("-")));
    line("location", &safe(p.location.as_deref().unwrap_or("-")));
    line("label", p.label.as_str());
    line("confidence", &format!("{:.2}", p.confidence));
    let review = match (p.review, p.review_reasons.is_empty()) {
        (false, _) => "no".to_string(),
        (true, true) => "yes".to_string(),
        (true, false) => format!("yes ({})", p.review_reasons.join(", ")),
    };
    line("review", &review);
    line(
        "scores",
        &format!(
            "product_owner {}, product_manager {}, other_role {}",
            p.scores.product_owner, p.scores.product_manager, p.scores.other_role
        ),
    );
    line("source", &format!("{}:{}", safe(&p.source), p.source_line));
    if !p.reposts.is_empty() {
        let ids: Vec<String> = p.reposts.iter().map(|id| safe(id).into_owned()).collect();
        line("reposts", &ids.join(", "));
    }
    let model = if outdated {
        format!(
            "{} (format {}; not the current model: run `rolesift index reclassify`)",
            p.model_hash, p.model_format
        )
    } else {
        format!("{} (format {})", p.model_hash, p.model_format)
    };
    line("model", &model);
    line("indexed at", &rfc3339(p.indexed_at));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(b"\nevidence\n");
    if p.evidence.is_empty() {
        bytes.extend_from_slice(b"  (none)\n");
    } else {
        bytes.extend(table::row(
            &EVIDENCE_COLUMNS,
            &EVIDENCE_COLUMNS.map(|c| c.name.to_string()),
        ));
        for e in &p.evidence {
            let context = serde_json::to_value(e.context)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let field = match e.field {
                Field::Title => "title",
                Field::Body => "body",
            };
            // The words the text marks, as written there (a variant, a plural, another case):
            // what the reader finds highlighted below.
            let text = match e.field {
                Field::Title => &p.title,
                Field::Body => &p.body,
            };
            let written = e
                .spans
                .first()
                .and_then(|&[start, end]| text.get(start..end))
                .map(super::terminal::shown)
                .unwrap_or_default();
            bytes.extend(table::row(
                &EVIDENCE_COLUMNS,
                &[
                    e.term.clone(),
                    written,
                    e.role.as_str().to_string(),
                    e.category.as_str().to_string(),
                    field.to_string(),
                    context,
                    e.count.to_string(),
                    format!("{:.2}", e.contribution),
                ],
            ));
        }
    }
    bytes.extend_from_slice(b"\ndescription");
    if style != Style::Plain {
        bytes.extend_from_slice(
            format!(
                "  {} {} {}",
                role_marked("product owner", Role::ProductOwner, style),
                role_marked("product manager", Role::ProductManager, style),
                role_marked("other", Role::Shared, style),
            )
            .as_bytes(),
        );
    }
    bytes.push(b'\n');
    let mut body = p.highlighted(Field::Body);
    let roles = highlight_roles(p, &body);
    if let Some(width) = table::terminal_width() {
        // Bracket marks take columns; colours do not.
        let marks = if style == Style::Markers { 4 } else { 0 };
        wrap(&mut body, width, marks);
    }
    bytes.extend_from_slice(render_by_role(&body, &roles, style).as_bytes());
    bytes.push(b'\n');
    bytes
}

/// Wraps `h`'s lines at spaces so none is wider than `width` columns, counting `marks`
/// columns for each highlight that starts on a line. A space becomes a line break, so every
/// byte offset (and so every highlight) stays where it was; a word longer than the width
/// stays whole on its own line.
fn wrap(h: &mut Highlighted, width: usize, marks: usize) {
    use unicode_width::UnicodeWidthChar;
    let mut breaks = Vec::new();
    let mut used = 0usize;
    let mut last_space: Option<(usize, usize)> = None; // (byte offset, columns used before it)
    let mut starts = h.highlights.iter().map(|r| r.start).peekable();
    for (i, c) in h.text.char_indices() {
        while starts.peek().is_some_and(|&s| s < i) {
            starts.next();
        }
        if starts.peek() == Some(&i) {
            used += marks;
        }
        if c == '\n' {
            used = 0;
            last_space = None;
            continue;
        }
        if c == ' ' {
            last_space = Some((i, used));
        }
        used += c.width().unwrap_or(0);
        if used > width {
            if let Some((at, before)) = last_space.take() {
                breaks.push(at);
                used -= before + 1;
            }
        }
    }
    let mut bytes = std::mem::take(&mut h.text).into_bytes();
    for at in breaks {
        bytes[at] = b'\n';
    }
    h.text = String::from_utf8(bytes).expect("a space replaced by a line break is still UTF-8");
}

/// The role each highlight of the body stands for: the role of the evidence whose words, as
/// written, it marks (product owner before product manager before the rest when words serve
/// several).
fn highlight_roles(p: &StoredPosting, body: &Highlighted) -> Vec<Role> {
    let mut by_words: std::collections::HashMap<String, Role> = std::collections::HashMap::new();
    for e in p
        .evidence
        .iter()
        .filter(|e| e.field == crate::classify::Field::Body)
    {
        for &[start, end] in &e.spans {
            if let Some(words) = p.body.get(start..end) {
                let key = words
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                let role = by_words.entry(key).or_insert(e.role);
                if rank(e.role) < rank(*role) {
                    *role = e.role;
                }
            }
        }
    }
    body.highlights
        .iter()
        .map(|range| {
            let key = body.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            by_words.get(&key).copied().unwrap_or(Role::Shared)
        })
        .collect()
}

fn rank(role: Role) -> u8 {
    match role {
        Role::ProductOwner => 0,
        Role::ProductManager => 1,
        Role::Shared => 2,
        Role::Other => 3,
    }
}

/// Words marked for their role: in colour on a terminal (cyan product owner, magenta product
/// manager, bold the rest), and with brackets that survive `NO_COLOR` (`[[…]]`, `{{…}}`,
/// `<<…>>`).
fn role_marked(words: &str, role: Role, style: Style) -> String {
    let (open, close) = match (style, role) {
        (Style::Plain, _) => ("", ""),
        (Style::Ansi, Role::ProductOwner) => ("\x1b[1;36m", "\x1b[0m"),
        (Style::Ansi, Role::ProductManager) => ("\x1b[1;35m", "\x1b[0m"),
        (Style::Ansi, _) => ("\x1b[1m", "\x1b[0m"),
        (Style::Markers, Role::ProductOwner) => ("[[", "]]"),
        (Style::Markers, Role::ProductManager) => ("{{", "}}"),
        (Style::Markers, _) => ("<<", ">>"),
    };
    format!("{open}{words}{close}")
}

/// [`render`] with each highlight marked for its role.
fn render_by_role(h: &Highlighted, roles: &[Role], style: Style) -> String {
    let safe = super::terminal::text;
    let mut out = String::with_capacity(h.text.len() + 12 * h.highlights.len());
    let mut at = 0;
    for (range, role) in h.highlights.iter().zip(roles) {
        if range.start < at || range.end > h.text.len() {
            continue;
        }
        out.push_str(&safe(&h.text[at..range.start]));
        out.push_str(&role_marked(&safe(&h.text[range.clone()]), *role, style));
        at = range.end;
    }
    out.push_str(&safe(&h.text[at..]));
    out
}

/// A stored posting as one pretty JSON object (evidence spans index the stored `title` and
/// `body`).
pub fn show_json(p: &StoredPosting) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(p).expect("postings serialise");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str, words: &[&str]) -> Highlighted {
        let highlights = words
            .iter()
            .map(|w| {
                let s = text.find(w).unwrap();
                s..s + w.len()
            })
            .collect();
        Highlighted {
            text: text.to_string(),
            highlights,
        }
    }

    #[test]
    fn styles_mark_highlights() {
        let x = h("own the backlog and the roadmap", &["backlog", "roadmap"]);
        assert_eq!(
            render(&x, Style::Markers),
            "own the [[backlog]] and the [[roadmap]]"
        );
        assert_eq!(
            render(&x, Style::Ansi),
            "own the \x1b[1mbacklog\x1b[0m and the \x1b[1mroadmap\x1b[0m"
        );
        assert_eq!(render(&x, Style::Plain), x.text);
    }

    #[test]
    fn fitting_keeps_highlights_that_fit() {
        let x = h("own the backlog and the roadmap", &["backlog", "roadmap"]);
        let fitted = fit_highlighted(&x, 13);
        assert_eq!(render(&fitted, Style::Markers), "…[[backlog]] and…");
        let early = h("own the backlog and the roadmap", &["own"]);
        assert_eq!(
            render(&fit_highlighted(&early, 13), Style::Markers),
            "[[own]] the back…"
        );
        assert_eq!(fit_highlighted(&x, 100), x);
        let wide = h("日本語の求人", &["求人"]);
        assert_eq!(
            render(&fit_highlighted(&wide, 7), Style::Markers),
            "日本語…"
        );
        let late = h(
            "a long introduction about the company and its history, then the backlog",
            &["backlog"],
        );
        assert_eq!(
            render(&fit_highlighted(&late, 24), Style::Markers),
            "…the [[backlog]]"
        );
        let late_and_long = h(
            "a long introduction about the company, then the backlog and much more text after it",
            &["backlog"],
        );
        assert_eq!(
            render(&fit_highlighted(&late_and_long, 24), Style::Markers),
            "…the [[backlog]] and much m…"
        );
    }
}
