//! `rolesift search`: BM25 search over the index with filters, hits with snippets.
//!
//! Output: a table on a terminal (matched words in bold unless `NO_COLOR` is set), JSONL
//! otherwise, or what `--format` says. Exit 0 with hits, 1 without, 2 on errors. Notes for
//! people (a query parsed leniently, postings classified by an older model) go to stderr.

use super::index::IndexDirArg;
use super::{color_style, FormatArg, ModelArgs, EXIT_NEGATIVE, EXIT_OK};
use anyhow::Context;
use clap::ValueEnum;
use rolesift::index::search::{SearchRequest, SortBy};
use rolesift::output::search::{hit_format, Style};
use rolesift::output::OutputFormat;
use rolesift::Label;
use std::io::{BufWriter, Write};

/// `--limit`: a positive number, or `all`.
fn parse_limit(text: &str) -> Result<usize, String> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(usize::MAX);
    }
    match text.parse::<u64>() {
        Ok(0) => {
            Err("a limit of 0 would show nothing; give a number of hits, or `all`".to_string())
        }
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err(_) => Err(format!("{text:?} is not a number of hits (or `all`)")),
    }
}

/// A label on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelArg {
    /// Product owner (also `po`).
    #[value(name = "product_owner", alias = "po")]
    ProductOwner,
    /// Product manager (also `pm`).
    #[value(name = "product_manager", alias = "pm")]
    ProductManager,
    /// Both.
    #[value(name = "hybrid")]
    Hybrid,
    /// Neither (also `none`).
    #[value(name = "neither", alias = "none")]
    Neither,
}

impl From<LabelArg> for Label {
    fn from(arg: LabelArg) -> Self {
        match arg {
            LabelArg::ProductOwner => Label::ProductOwner,
            LabelArg::ProductManager => Label::ProductManager,
            LabelArg::Hybrid => Label::Hybrid,
            LabelArg::Neither => Label::Neither,
        }
    }
}

/// What `--count-by` groups the matching postings by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CountByArg {
    /// The label.
    Label,
    /// The company.
    Company,
    /// The location.
    Location,
    /// The review flag.
    Review,
}

/// Order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Highest confidence first.
    Confidence,
}

/// Arguments of `rolesift search`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rolesift search --index ~/jobs \"backlog refinement\" --label po\n  rolesift search --index ~/jobs '\"user stories\" AND sprint -title:scrum' --format jsonl\n  rolesift search --index ~/jobs '*' --review --limit 50"
)]
pub struct Args {
    /// The query: words (all required), "phrases", AND/OR/NOT, +word -word, field:value
    /// (title, body, company, location, label, evidence); "*" (the default) for every posting.
    #[arg(value_name = "QUERY", default_value = "*")]
    query: String,
    /// Only postings like this one (by id): what it is about, the posting itself left out.
    #[arg(long, value_name = "ID")]
    like: Option<String>,
    #[command(flatten)]
    index: IndexDirArg,
    /// Only postings with this label (repeat for several).
    #[arg(long = "label", value_name = "LABEL", value_enum)]
    labels: Vec<LabelArg>,
    /// Only postings classified with at least this confidence (0 to 1).
    #[arg(long, value_name = "X", value_parser = parse_confidence)]
    min_confidence: Option<f64>,
    /// Only postings flagged for review.
    #[arg(long)]
    review: bool,
    /// Only postings whose company contains these words.
    #[arg(long, value_name = "WORDS")]
    company: Option<String>,
    /// Only postings whose location contains these words.
    #[arg(long, value_name = "WORDS")]
    location: Option<String>,
    /// Hits to show, or `all` (written as they are read: any number costs the same memory).
    #[arg(long, value_name = "N|all", default_value = "10", value_parser = parse_limit)]
    limit: usize,
    /// Hits to skip first (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Show every posting, reposts too: by default the same posting indexed under several ids
    /// (same title and company, near-identical text) is one hit, with a DUP count.
    #[arg(long)]
    no_collapse: bool,
    /// Print how many matching postings have each value of this field, instead of hits.
    #[arg(long, value_enum, value_name = "FIELD")]
    count_by: Option<CountByArg>,
    /// No notes on stderr (errors are still said).
    #[arg(long, short)]
    quiet: bool,
    /// Output format (default: table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// In CSV output, put `'` before cells a spreadsheet would run as a formula (`=`, `+`, `-`,
    /// `@`…).
    #[arg(long)]
    csv_formula_guard: bool,
    /// The model the stored classifications are compared with (default: the embedded model).
    #[command(flatten)]
    model: ModelArgs,
}

impl Args {
    /// The index this command reads.
    pub fn index_dir(&self) -> std::path::PathBuf {
        self.index.dir()
    }
}

fn parse_confidence(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is not between 0 and 1"))
    }
}

/// Runs `rolesift search`.
/// Test hook: panic inside `search`, so a test can prove a panic reaches the user as one
/// clear sentence.
const TEST_PANIC_ENV: &str = "ROLESIFT_TEST_PANIC";

pub fn run(args: Args) -> anyhow::Result<u8> {
    rolesift::output::guard_csv_formulas(args.csv_formula_guard);
    let model_hash = args.model.content_hash()?;
    let index = args.index.open()?;
    // Test hook: the search engine panicking, as it may on damaged files. Not for users.
    if std::env::var_os(TEST_PANIC_ENV).is_some() {
        panic!("index out of bounds: the len is 10 but the index is 15");
    }
    let dir = index.path().display().to_string();
    let check = index
        .model_check(&model_hash)
        .context("cannot read the index")?;
    if check.outdated > 0 && !args.quiet {
        super::say(format_args!(
            "{} of {} postings in {dir} were classified by another model than the \
             current one ({}); run `rolesift index reclassify --index {dir}` to update them",
            check.outdated, check.docs, model_hash
        ));
    }
    let request = SearchRequest {
        labels: args.labels.iter().map(|&l| Label::from(l)).collect(),
        min_confidence: args.min_confidence,
        review_only: args.review,
        company: args.company,
        location: args.location,
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => SortBy::Relevance,
            SortArg::Confidence => SortBy::Confidence,
        },
        like: args.like,
        collapse: !args.no_collapse,
        ..SearchRequest::new(args.query)
    };
    let format = FormatArg::resolve(args.format);
    if let Some(by) = args.count_by {
        return count_by(&index, &request, by, format);
    }
    let style = match format {
        OutputFormat::Table => color_style(),
        _ => Style::Plain,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = if format == OutputFormat::Table {
        table_page(&index, &request, style, &mut out)?
    } else {
        let hits = hit_format(format, style);
        // Hits are written as they are read: memory stays flat however many are asked for.
        let mut warned = false;
        let outcome = index
            .search_each(&request, &mut |warnings, hit| {
                if !warned {
                    warned = true;
                    for warning in warnings {
                        super::say(warning);
                    }
                    out.write_all(&hits.header())?;
                }
                out.write_all(&hits.hit(&hit))?;
                Ok(())
            })
            .context("search failed")?;
        if !warned {
            for warning in &outcome.warnings {
                super::say(warning);
            }
            // A CSV export with no hits is still a CSV file with its columns.
            if format == OutputFormat::Csv {
                out.write_all(&hits.header())?;
            }
        }
        outcome
    };
    // Paging past the end is said plainly, whatever the format (on stderr for machines).
    let past_the_end = outcome.hits == 0 && outcome.total > 0 && request.offset > 0;
    // "of 349 (362 with reposts)" when reposts were collapsed and all were counted.
    let of_total = match outcome.distinct {
        Some(distinct) if distinct < outcome.total => {
            format!("{distinct} ({} with reposts)", outcome.total)
        }
        _ => outcome.total.to_string(),
    };
    if past_the_end {
        super::say(format_args!(
            "--offset {} is past the last of the {of_total} matching postings",
            request.offset
        ));
    }
    if format == OutputFormat::Table {
        let first = request.offset + 1;
        let last = request.offset + outcome.hits;
        if outcome.hits == 0 && !past_the_end {
            writeln!(out, "no hits ({} matching postings)", outcome.total)?;
        } else if outcome.hits > 0 {
            writeln!(out, "\nhits {first}–{last} of {of_total}")?;
        }
    }
    out.flush()?;
    Ok(if outcome.hits == 0 {
        EXIT_NEGATIVE
    } else {
        EXIT_OK
    })
}

/// `search --count-by`: one line per value, most frequent first (a table, JSONL lines
/// `{"field":…,"value":…,"count":…}`, or CSV `field,value,count`).
fn count_by(
    index: &rolesift::index::PostingIndex,
    request: &SearchRequest,
    by: CountByArg,
    format: OutputFormat,
) -> anyhow::Result<u8> {
    use rolesift::index::search::CountField;
    let field = match by {
        CountByArg::Label => CountField::Label,
        CountByArg::Company => CountField::Company,
        CountByArg::Location => CountField::Location,
        CountByArg::Review => CountField::Review,
    };
    let (rows, warnings) = index.count_by(request, field).context("search failed")?;
    for warning in &warnings {
        super::say(warning);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        OutputFormat::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut out, row)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Csv => {
            out.write_all(&rolesift::output::csv_row(["field", "value", "count"]))?;
            for row in &rows {
                out.write_all(&rolesift::output::csv_row([
                    row.field.to_string(),
                    row.value.clone(),
                    row.count.to_string(),
                ]))?;
            }
        }
        OutputFormat::Table => {
            let total: u64 = rows.iter().map(|r| r.count).sum();
            let width = rows
                .iter()
                .map(|r| r.value.chars().count())
                .max()
                .unwrap_or(5)
                .clamp(5, 40);
            writeln!(
                out,
                "{:<width$}  {:>7}",
                field.as_str().to_uppercase(),
                "COUNT"
            )?;
            for row in &rows {
                let value = rolesift::output::table::fit(&row.value, width);
                writeln!(out, "{value:<width$}  {:>7}", row.count)?;
            }
            writeln!(out, "\n{total} matching postings")?;
        }
    }
    out.flush()?;
    Ok(if rows.is_empty() {
        EXIT_NEGATIVE
    } else {
        EXIT_OK
    })
}

/// A page of hits as a table for people: collected first (a page is what a person reads), so
/// each id can be shown as the shortest prefix that tells it apart in the whole index, which
/// `show` accepts.
fn table_page(
    index: &rolesift::index::PostingIndex,
    request: &SearchRequest,
    style: Style,
    out: &mut impl Write,
) -> anyhow::Result<rolesift::index::search::SearchOutcome> {
    use rolesift::output::search::{HitFormat, HitTable, MIN_ID_PREFIX};
    let results = index.search(request).context("search failed")?;
    for warning in &results.warnings {
        super::say(warning);
    }
    let mut short_ids = std::collections::HashMap::new();
    for hit in &results.hits {
        if hit.id.chars().count() > MIN_ID_PREFIX {
            let prefix = index
                .shortest_unique_prefix(&hit.id, MIN_ID_PREFIX)
                .context("cannot read the index")?;
            let shown = if prefix.len() < hit.id.len() {
                format!("{prefix}…")
            } else {
                prefix
            };
            short_ids.insert(hit.id.clone(), shown);
        }
    }
    let table = HitTable {
        style,
        short_ids,
        duplicates: results.hits.iter().any(|hit| hit.duplicates > 0),
    };
    if !results.hits.is_empty() {
        out.write_all(&table.header())?;
    }
    for hit in &results.hits {
        out.write_all(&table.hit(hit))?;
    }
    Ok(rolesift::index::search::SearchOutcome {
        total: results.total,
        distinct: results.distinct,
        hits: results.hits.len(),
        warnings: results.warnings,
    })
}
