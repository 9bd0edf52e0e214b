//! Search: a recruiter's query plus filters in, ranked hits with snippets out.
//!
//! The query language is tantivy's ([`QueryParser`]): words, `"phrases"`, `AND`/`OR`/`NOT`,
//! `+required -excluded`, and field queries (`title:owner`, `company:acme`,
//! `evidence:"product backlog"`, `label:hybrid`). Words are analysed with the same analyzer
//! as the index, so "prioritizing backlogs" finds "backlog prioritization". Words are joined
//! with AND unless the query says otherwise: a recruiter typing three words wants postings
//! with all three. Default fields are title and body, the title boosted ([`TITLE_BOOST`]).
//!
//! A malformed query is not an error: it is parsed leniently (what can be understood is
//! run) and the problems come back in [`SearchResults::warnings`] for the caller to show.
//!
//! Filters (label, confidence, review flag, company, location) never change scores; they only
//! restrict the hits. Snippets come from tantivy's [`SnippetGenerator`] run over the body as
//! text (HTML cleaned), so highlighted words are the analysed query terms.

use super::highlight::{push_unmarked, tidy, MARK_END, MARK_START};
use super::{field, Highlighted, Layout, PostingIndex};
use crate::analyze::{html::CleanText, Analyzer};
use crate::error::{Error, Result};
use crate::index::tokenizer;
use crate::label::Label;
use serde::{Serialize, Serializer};
use std::ops::Bound;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value as _};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Score, Searcher, TantivyDocument, Term};

/// Reads postings' repost groups from the fast field: one column per segment, opened once.
struct GroupReader {
    /// Per segment; `None` where the column cannot be read (no group recorded).
    columns: Vec<Option<tantivy::columnar::Column<u64>>>,
}

impl GroupReader {
    fn new(searcher: &Searcher) -> Self {
        GroupReader {
            columns: searcher
                .segment_readers()
                .iter()
                .map(|segment| segment.fast_fields().u64(field::REPOST_GROUP).ok())
                .collect(),
        }
    }

    /// The group of the posting at `address` (`None`: none recorded).
    fn group(&self, address: DocAddress) -> Option<u64> {
        self.columns[address.segment_ord as usize]
            .as_ref()
            .and_then(|column| column.first(address.doc_id))
    }
}

/// Title matches count this many times a body match: a title is a claim the employer made on
/// purpose. Set by judgement on the sample postings, not fitted.
pub const TITLE_BOOST: Score = 2.0;

/// Snippet length in bytes (tantivy's default is 150).
pub const SNIPPET_CHARS: usize = 160;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Best BM25 match first.
    #[default]
    Relevance,
    /// Highest confidence first (ties by relevance).
    Confidence,
}

/// A search: the query and its filters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The query text (empty or `*`: every posting).
    pub query: String,
    /// Only these labels (none: any label).
    pub labels: Vec<Label>,
    /// Only postings with at least this confidence.
    pub min_confidence: Option<f64>,
    /// Only postings flagged for review.
    pub review_only: bool,
    /// Only postings whose company contains these words (in order).
    pub company: Option<String>,
    /// Only postings whose location contains these words (in order).
    pub location: Option<String>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Order of hits.
    pub sort: SortBy,
    /// Only postings like the one with this id (its most telling words), itself left out.
    pub like: Option<String>,
    /// One hit per repost group (see [`super::repost`]), the best-ranked of its postings; off,
    /// every posting is a hit.
    pub collapse: bool,
}

impl SearchRequest {
    /// A search for `query`. By default: no filters, the first 10 hits by relevance.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            labels: Vec::new(),
            min_confidence: None,
            review_only: false,
            company: None,
            location: None,
            limit: 10,
            offset: 0,
            sort: SortBy::Relevance,
            like: None,
            collapse: true,
        }
    }
}

/// One hit. Serialised, it is the JSONL contract of `rolesift search`: exactly these fields,
/// in this order, the snippet as plain text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The posting's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its company, if known.
    pub company: Option<String>,
    /// Its label.
    pub label: Label,
    /// Confidence in the label.
    pub confidence: f64,
    /// Flagged for review.
    pub review: bool,
    /// Why (codes as in `classify`; empty when not flagged).
    pub review_reasons: Vec<String>,
    /// BM25 relevance score.
    pub score: Score,
    /// Other postings in its repost group: the same posting indexed under other ids.
    pub duplicates: u64,
    /// A passage of the body around the matched words.
    #[serde(serialize_with = "plain_text")]
    pub snippet: Highlighted,
}

fn plain_text<S: Serializer>(h: &Highlighted, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&h.text)
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// How many postings matched in all.
    pub total: usize,
    /// See [`SearchOutcome::distinct`].
    pub distinct: Option<usize>,
    /// Problems with the query that lenient parsing worked around.
    pub warnings: Vec<String>,
}

/// What [`PostingIndex::count_by`] groups postings by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountField {
    /// The label.
    Label,
    /// The company as stored.
    Company,
    /// The location as stored.
    Location,
    /// The review flag.
    Review,
}

impl CountField {
    /// The field's name in output.
    pub fn as_str(self) -> &'static str {
        match self {
            CountField::Label => field::LABEL,
            CountField::Company => field::COMPANY,
            CountField::Location => field::LOCATION,
            CountField::Review => field::REVIEW,
        }
    }
}

/// One group of [`PostingIndex::count_by`]: serialised, one JSONL line of `search --count-by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The field counted by.
    pub field: &'static str,
    /// One of its values (`(none)` for postings without one).
    pub value: String,
    /// Matching postings with that value.
    pub count: u64,
}

/// What a streamed search found besides its hits.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOutcome {
    /// How many postings matched in all.
    pub total: usize,
    /// How many distinct postings (repost groups) matched, when the search read them all to
    /// fill its page (a collapsed search paged to or past its end); `None` otherwise.
    pub distinct: Option<usize>,
    /// Hits handed out.
    pub hits: usize,
    /// Problems with the query that lenient parsing worked around.
    pub warnings: Vec<String>,
}

impl PostingIndex {
    /// Runs a search and collects its hits.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut hits = Vec::new();
        let outcome = self.search_each(request, &mut |_, hit| {
            hits.push(hit);
            Ok(())
        })?;
        Ok(SearchResults {
            hits,
            total: outcome.total,
            distinct: outcome.distinct,
            warnings: outcome.warnings,
        })
    }

    /// Runs a search and hands each hit to `on_hit` as soon as it is read, best first, so a
    /// page of a million hits costs no more memory than one (the warnings come first, as the
    /// first argument, before any hit).
    pub fn search_each(
        &self,
        request: &SearchRequest,
        on_hit: &mut dyn FnMut(&[String], Hit) -> Result<()>,
    ) -> Result<SearchOutcome> {
        if request.limit == 0 {
            return Err(Error::Usage("the limit must be at least 1".to_string()));
        }
        let searcher = self.searcher()?;
        let f = &self.fields;
        let (query, warnings) = self.prepare(request)?;
        // What the engine refuses about the query itself is the query's problem, said as such.
        let engine = self.error();
        let err = |e: tantivy::TantivyError| match e {
            tantivy::TantivyError::SchemaError(message)
            | tantivy::TantivyError::InvalidArgument(message)
            | tantivy::TantivyError::FieldNotFound(message) => Error::Query {
                query: shorten(&request.query),
                message: format!("it cannot be run: {message}"),
            },
            other => engine(other),
        };
        // No page holds more than the index: a limit or offset past it costs nothing.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let offset = request.offset.min(docs);
        let limit = request.limit.min(docs - offset).max(1);
        // The engine has assertions that some odd but valid queries trip (in debug builds, a
        // phrase excluded inside a group); a panic in it is this query's failure, not the
        // process's.
        let run_page = |limit: usize, offset: usize| -> Result<(Vec<(Score, DocAddress)>, usize)> {
            let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
            Ok(match request.sort {
                SortBy::Relevance => searcher
                    .search(&query, &(top.order_by_score(), Count))
                    .map_err(&err)?,
                SortBy::Confidence => {
                    let by = (
                        (
                            SortByStaticFastValue::<f64>::for_field(field::CONFIDENCE),
                            Order::Desc,
                        ),
                        (SortBySimilarityScore, Order::Desc),
                    );
                    let (hits, total) = searcher
                        .search(&query, &(top.order_by(by), Count))
                        .map_err(&err)?;
                    let hits = hits.into_iter().map(|((_, score), a)| (score, a)).collect();
                    (hits, total)
                }
            })
        };
        let groups = GroupReader::new(&searcher);
        // The page, the postings matched, and the distinct postings when all were read.
        type Page = (Vec<(Score, DocAddress)>, usize, Option<usize>);
        let run = || -> Result<Page> {
            if !request.collapse {
                let (page, total) = run_page(limit, offset)?;
                return Ok((page, total, None));
            }
            // One hit per repost group: read ranked postings until `offset + limit` groups are
            // seen (or every match is), fetching more as groups turn out to repeat.
            let wanted = offset.saturating_add(limit);
            let mut fetch = wanted.saturating_mul(2).saturating_add(10).min(docs);
            loop {
                let (ranked, total) = run_page(fetch, 0)?;
                let mut seen = std::collections::HashSet::new();
                let mut firsts = Vec::new();
                for (score, address) in ranked {
                    if seen.insert(groups.group(address)) {
                        firsts.push((score, address));
                        if firsts.len() == wanted {
                            break;
                        }
                    }
                }
                if firsts.len() == wanted || fetch >= total.min(docs) {
                    // Fewer groups than asked for: every match was read, so they are all.
                    let distinct = (firsts.len() < wanted).then_some(firsts.len());
                    let page = firsts.into_iter().skip(offset).collect();
                    return Ok((page, total, distinct));
                }
                fetch = fetch.saturating_mul(4).min(docs);
            }
        };
        let (ranked, total, distinct) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .unwrap_or_else(|panic| {
                let what = crate::error::panic_message(panic.as_ref());
                Err(Error::Query {
                    query: shorten(&request.query),
                    message: format!(
                        "the search engine failed on it ({what}); rephrase it, and if other \
                         queries fail too, check the index with `rolesift index stats --verify`"
                    ),
                })
            })?;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, f.body).map_err(&err)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let found = ranked.len();
        for (score, address) in ranked {
            let doc: TantivyDocument = searcher.doc(address).map_err(&err)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let body = text(f.body_original).unwrap_or_default();
            let hit = Hit {
                id: text(f.id).unwrap_or_default(),
                title: text(f.title).unwrap_or_default(),
                company: text(f.company),
                label: text(f.label)
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(Label::Neither),
                confidence: doc
                    .get_first(f.confidence)
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0),
                review: doc
                    .get_first(f.review)
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                review_reasons: doc
                    .get_all(f.review_reasons)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                score,
                duplicates: match groups.group(address) {
                    Some(group) => self.members_of(&searcher, group)?.saturating_sub(1),
                    None => 0,
                },
                snippet: snippet(&snippets, &body),
            };
            on_hit(&warnings, hit)?;
        }
        Ok(SearchOutcome {
            total,
            distinct,
            hits: found,
            warnings,
        })
    }

    /// The postings of one repost group.
    fn group_query(&self, group: u64) -> TermQuery {
        TermQuery::new(
            Term::from_field_u64(self.fields.repost_group, group),
            IndexRecordOption::Basic,
        )
    }

    /// How many live postings the repost group holds.
    fn members_of(&self, searcher: &Searcher, group: u64) -> Result<u64> {
        let members = searcher
            .search(&self.group_query(group), &Count)
            .map_err(self.error())?;
        Ok(members as u64)
    }

    /// The ids of the other live postings in the repost group of `id` (none when it has no
    /// reposts or is not in the index).
    pub fn reposts_of(&self, id: &str) -> Result<Vec<String>> {
        let searcher = self.searcher()?;
        let group = self
            .address_of(&searcher, id)?
            .and_then(|address| GroupReader::new(&searcher).group(address));
        let Some(group) = group else {
            return Ok(Vec::new());
        };
        let members = searcher
            .search(
                &self.group_query(group),
                &tantivy::collector::DocSetCollector,
            )
            .map_err(self.error())?;
        let mut ids = Vec::new();
        for member in members {
            let doc: TantivyDocument = searcher.doc(member).map_err(self.error())?;
            if let Some(other) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                if other != id {
                    ids.push(other.to_string());
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Counts the postings matching `request` (its limit and offset aside) per value of one
    /// field, most frequent first; the counts sum to the number of matching postings (with
    /// `collapse`, of matching repost groups, each counted by its first posting). Also returns
    /// the query's warnings.
    pub fn count_by(
        &self,
        request: &SearchRequest,
        by: CountField,
    ) -> Result<(Vec<CountRow>, Vec<String>)> {
        let searcher = self.searcher()?;
        let (query, warnings) = self.prepare(request)?;
        let addresses = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .map_err(self.error())?;
        let f = &self.fields;
        let field = match by {
            CountField::Label => f.label,
            CountField::Company => f.company,
            CountField::Location => f.location,
            CountField::Review => f.review,
        };
        let mut counts: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        let mut addresses: Vec<DocAddress> = addresses.into_iter().collect();
        addresses.sort_unstable();
        let groups = GroupReader::new(&searcher);
        let mut seen = std::collections::HashSet::new();
        for address in addresses {
            if request.collapse && !seen.insert(groups.group(address)) {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(address).map_err(self.error())?;
            let value = doc.get_first(field).and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_bool().map(|b| b.to_string()))
            });
            *counts
                .entry(value.unwrap_or_else(|| "(none)".to_string()))
                .or_default() += 1;
        }
        let mut rows: Vec<CountRow> = counts
            .into_iter()
            .map(|(value, count)| CountRow {
                field: by.as_str(),
                value,
                count,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        Ok((rows, warnings))
    }

    /// The query of a request: its text parsed (after the nesting check) and its filters.
    fn prepare(&self, request: &SearchRequest) -> Result<(Box<dyn Query>, Vec<String>)> {
        check_nesting(&request.query)?;
        let (mut text_query, warnings) = self.parse(&request.query);
        if let Some(id) = &request.like {
            text_query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, text_query),
                (Occur::Must, self.like(id)?),
                (
                    Occur::MustNot,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.id, id),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]));
        }
        Ok((self.with_filters(text_query, request)?, warnings))
    }

    /// Postings like the one with `id`: its title's and body's most telling words (tantivy's
    /// more-like-this, on our analyzer), as one query.
    fn like(&self, id: &str) -> Result<Box<dyn Query>> {
        let posting = self.get(id)?.ok_or_else(|| {
            Error::Usage(format!(
                "no posting with id {id:?} to find others like (show takes a prefix; --like \
                 needs the whole id)"
            ))
        })?;
        let text = |t: &str| vec![tantivy::schema::OwnedValue::Str(t.to_string())];
        Ok(Box::new(
            tantivy::query::MoreLikeThisQuery::builder()
                .with_min_doc_frequency(1)
                .with_min_term_frequency(1)
                .with_max_query_terms(LIKE_QUERY_TERMS)
                .with_document_fields(vec![
                    (self.fields.title, text(&posting.title)),
                    (self.fields.body, text(&posting.body)),
                ]),
        ))
    }

    /// Parses the query text; problems are returned as warnings, never as errors (but see
    /// [`check_nesting`]).
    fn parse(&self, text: &str) -> (Box<dyn Query>, Vec<String>) {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "*" {
            return (Box::new(AllQuery), Vec::new());
        }
        let mut parser = QueryParser::new(
            self.tantivy().schema(),
            vec![self.fields.title, self.fields.body],
            tokenizer::for_queries(),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, TITLE_BOOST);
        match parser.parse_query(trimmed) {
            Ok(query) => (query, Vec::new()),
            Err(strict) => {
                // One sentence: the lenient parser's findings are the precise ones (with
                // positions); the strict error only when it found none.
                let (query, errors) = parser.parse_query_lenient(trimmed);
                let mut problems: Vec<String> = Vec::new();
                for problem in errors
                    .iter()
                    .map(|e| query_problem(&e.to_string()))
                    .chain(std::iter::once(query_problem(&strict.to_string())))
                {
                    if !problems.contains(&problem)
                        && (problems.is_empty() || !problem.contains(trimmed))
                    {
                        problems.push(problem);
                    }
                }
                let warning = format!(
                    "the query is not well formed ({}); searched for what could be understood",
                    problems.join("; ")
                );
                (query, vec![warning])
            }
        }
    }

    /// The query with every filter added as a zero-score required clause.
    fn with_filters(
        &self,
        query: Box<dyn Query>,
        request: &SearchRequest,
    ) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if !request.labels.is_empty() {
            let any_label = request
                .labels
                .iter()
                .map(|label| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.label, label.as_str()),
                            IndexRecordOption::Basic,
                        )),
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_label)));
        }
        if let Some(min) = request.min_confidence {
            if !min.is_finite() {
                return Err(Error::Usage(format!(
                    "the minimum confidence must be a number, not {min}"
                )));
            }
            filters.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(f.confidence, min)),
                Bound::Unbounded,
            )));
        }
        if request.review_only {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_bool(f.review, true),
                IndexRecordOption::Basic,
            )));
        }
        for (field, words) in [
            (f.company, &request.company),
            (f.location, &request.location),
        ] {
            if let Some(words) = words {
                filters.push(words_in_field(field, words)?);
            }
        }
        if filters.is_empty() {
            return Ok(query);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        clauses.extend(filters.into_iter().map(|q| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
        }));
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// Words of a posting that `--like` searches for: enough to say what it is about.
pub const LIKE_QUERY_TERMS: usize = 25;

/// How deeply a query may nest groups and negations. The query grammar parses them
/// recursively, so a hostile query ("NOT NOT … a", ten thousand parentheses) would overflow
/// the stack; no recruiter's query comes near this.
pub const MAX_QUERY_NESTING: usize = 32;

/// Refuses a query nesting deeper than [`MAX_QUERY_NESTING`]: parentheses, and runs of `NOT`,
/// `-` and `+` (quoted phrases are text, not structure).
fn check_nesting(query: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut unary_run = 0usize;
    let mut quoted = false;
    let mut word = String::new();
    let end_word = |word: &mut String, unary_run: &mut usize| {
        if word == "NOT" {
            *unary_run += 1;
        } else if !word.is_empty() {
            *unary_run = 0;
        }
        word.clear();
    };
    for c in query.chars() {
        if quoted {
            quoted = c != '"';
            continue;
        }
        match c {
            '"' => {
                end_word(&mut word, &mut unary_run);
                unary_run = 0;
                quoted = true;
            }
            '(' => {
                end_word(&mut word, &mut unary_run);
                depth += 1;
            }
            ')' => {
                end_word(&mut word, &mut unary_run);
                depth = depth.saturating_sub(1);
            }
            '-' | '+' if word.is_empty() => unary_run += 1,
            c if c.is_whitespace() => end_word(&mut word, &mut unary_run),
            c => word.push(c),
        }
        deepest = deepest.max(depth + unary_run);
    }
    if deepest > MAX_QUERY_NESTING {
        return Err(Error::Query {
            query: shorten(query),
            message: format!(
                "it nests groups or negations {deepest} levels deep; at most \
                 {MAX_QUERY_NESTING} are searched"
            ),
        });
    }
    Ok(())
}

/// A query parser's message in our words: without its "Syntax Error:" prefix.
fn query_problem(message: &str) -> String {
    message
        .strip_prefix("Syntax Error: ")
        .unwrap_or(message)
        .to_string()
}

/// A long query cut for an error message.
fn shorten(query: &str) -> String {
    const SHOWN: usize = 40;
    match query.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &query[..at]),
        None => query.to_string(),
    }
}

/// The analysed words of `text` as one term or a phrase in `field`.
fn words_in_field(field: Field, text: &str) -> Result<Box<dyn Query>> {
    let mut terms: Vec<Term> = Analyzer
        .stems(text)
        .iter()
        .map(|stem| Term::from_field_text(field, stem))
        .collect();
    match terms.len() {
        0 => Err(Error::Usage(format!(
            "the filter {text:?} has no words to match"
        ))),
        1 => Ok(Box::new(TermQuery::new(
            terms.remove(0),
            IndexRecordOption::Basic,
        ))),
        _ => Ok(Box::new(PhraseQuery::new(terms))),
    }
}

/// The best passage of `body` (cleaned of HTML) around the query's words, on one line; the
/// start of the body when no query word is in it.
fn snippet(generator: &SnippetGenerator, body: &str) -> Highlighted {
    let clean = CleanText::new(body);
    let text = clean.text();
    let found = generator.snippet(text);
    if found.fragment().is_empty() {
        let mut end = SNIPPET_CHARS.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut plain = String::with_capacity(end);
        push_unmarked(&mut plain, &text[..end]);
        return tidy(&plain, Layout::OneLine);
    }
    let fragment = found.fragment();
    let mut marked = String::with_capacity(fragment.len() + 16);
    let mut at = 0;
    for range in tantivy::snippet::collapse_overlapped_ranges(found.highlighted()) {
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        push_unmarked(&mut marked, &fragment[at..range.start]);
        marked.push(MARK_START);
        push_unmarked(&mut marked, &fragment[range.clone()]);
        marked.push(MARK_END);
        at = range.end;
    }
    push_unmarked(&mut marked, &fragment[at..]);
    tidy(&marked, Layout::OneLine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::batch::BatchOptions;
    use crate::index::IngestOptions;
    use crate::posting::Posting;
    use crate::{Classifier, Model};

    use crate::classify::batch::InMemoryPostings as Postings;

    const PO_BODY: &str = "As a Product Owner you will own the product backlog: backlog \
        prioritization, backlog refinement, user stories and sprint planning with the Scrum team.";
    const PM_BODY: &str = "As a Product Manager you will own the product roadmap and the \
        product strategy, run market research, and lead stakeholder management across sales.";
    const HTML_BODY: &str = "<h2>About</h2><p>We bake <b>bread</b> &amp; cakes.</p>\
        <ul><li>Stakeholder management with shops</li></ul>";

    fn index_with_postings() -> (tempfile::TempDir, PostingIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let posting = |id: &str, title: &str, body: &str, company: &str, location: &str| Posting {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            company: Some(company.into()),
            location: Some(location.into()),
            ..Posting::default()
        };
        let list = vec![
            posting(
                "po",
                "Product Owner",
                PO_BODY,
                "Acme Bank",
                "Berlin, Germany",
            ),
            posting("pm", "Product Manager", PM_BODY, "Globex", "Austin, TX"),
            posting(
                "baker",
                "Baker",
                HTML_BODY,
                "Acme Bakery",
                "Berlin, Germany",
            ),
        ];
        let options = IngestOptions {
            batch: BatchOptions {
                threads: Some(1),
                ..BatchOptions::default()
            },
            ..IngestOptions::default()
        };
        let classifier = Classifier::new(Model::embedded().unwrap());
        index
            .add(Postings::new(list), &classifier, options, &mut |_| Ok(()))
            .unwrap();
        (dir, index)
    }

    fn ids(index: &PostingIndex, request: &SearchRequest) -> Vec<String> {
        let results = index.search(request).unwrap();
        results.hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn words_are_analysed_like_the_classifier() {
        let (_dir, index) = index_with_postings();
        assert_eq!(
            ids(&index, &SearchRequest::new("prioritizing backlogs")),
            ["po"]
        );
        assert_eq!(ids(&index, &SearchRequest::new("ROADMAPS")), ["pm"]);
    }

    #[test]
    fn phrases_booleans_and_fields() {
        let (_dir, index) = index_with_postings();
        let mut both = ids(&index, &SearchRequest::new("\"stakeholder management\""));
        both.sort();
        assert_eq!(both, ["baker", "pm"]);
        assert_eq!(
            ids(&index, &SearchRequest::new("\"management stakeholder\"")),
            Vec::<String>::new()
        );
        let mut either = ids(&index, &SearchRequest::new("backlog OR roadmap"));
        either.sort();
        assert_eq!(either, ["pm", "po"]);
        assert_eq!(
            ids(&index, &SearchRequest::new("stakeholder -bread")),
            ["pm"]
        );
        assert_eq!(ids(&index, &SearchRequest::new("title:baker")), ["baker"]);
        assert_eq!(ids(&index, &SearchRequest::new("company:globex")), ["pm"]);
        assert_eq!(
            ids(&index, &SearchRequest::new("label:product_owner")),
            ["po"]
        );
        assert_eq!(
            ids(&index, &SearchRequest::new("evidence:\"product backlog\"")),
            ["po"]
        );
    }

    #[test]
    fn phrases_skip_words_every_posting_has_but_keep_their_place() {
        let (_dir, index) = index_with_postings();
        // One word beside the common ones: the phrase is read whole.
        assert_eq!(
            ids(&index, &SearchRequest::new("\"roadmap and the\"")),
            ["pm"]
        );
        // More: read as "own _ product roadmap", found as before, through the gap…
        assert_eq!(
            ids(&index, &SearchRequest::new("\"own the product roadmap\"")),
            ["pm"]
        );
        // …and the gap still holds a word: "own product" is not "own the product".
        assert_eq!(
            ids(&index, &SearchRequest::new("\"own product roadmap\"")),
            Vec::<String>::new()
        );
        assert_eq!(
            ids(&index, &SearchRequest::new("\"own a the product roadmap\"")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn filters_restrict_without_rescoring() {
        let (_dir, index) = index_with_postings();
        let all = index.search(&SearchRequest::new("stakeholder")).unwrap();
        assert_eq!(all.total, 2);
        let request = SearchRequest {
            labels: vec![Label::ProductManager],
            ..SearchRequest::new("stakeholder")
        };
        let filtered = index.search(&request).unwrap();
        assert_eq!(filtered.total, 1);
        let unfiltered_pm = all.hits.iter().find(|h| h.id == "pm").unwrap();
        assert_eq!(filtered.hits[0].score, unfiltered_pm.score);

        let request = SearchRequest {
            company: Some("ACME".into()),
            location: Some("berlin germany".into()),
            ..SearchRequest::new("")
        };
        let mut acme = ids(&index, &request);
        acme.sort();
        assert_eq!(acme, ["baker", "po"]);

        let request = SearchRequest {
            min_confidence: Some(0.0),
            labels: vec![Label::ProductOwner, Label::ProductManager],
            sort: SortBy::Confidence,
            ..SearchRequest::new("*")
        };
        let results = index.search(&request).unwrap();
        assert_eq!(results.total, 2);
        assert!(results.hits[0].confidence >= results.hits[1].confidence);

        let request = SearchRequest {
            min_confidence: Some(1.01),
            ..SearchRequest::new("*")
        };
        assert_eq!(index.search(&request).unwrap().total, 0);
        let request = SearchRequest {
            limit: 1,
            offset: 1,
            ..SearchRequest::new("stakeholder")
        };
        let page = index.search(&request).unwrap();
        assert_eq!((page.total, page.hits.len()), (2, 1));
        assert_eq!(page.hits[0].id, all.hits[1].id);
    }

    #[test]
    fn malformed_queries_are_parsed_leniently_with_a_warning() {
        let (_dir, index) = index_with_postings();
        let results = index
            .search(&SearchRequest::new("backlog AND (refinement"))
            .unwrap();
        assert!(!results.warnings.is_empty());
        assert_eq!(
            results
                .hits
                .iter()
                .map(|h| h.id.as_str())
                .collect::<Vec<_>>(),
            ["po"]
        );
        let results = index.search(&SearchRequest::new("nosuchfield:x")).unwrap();
        assert!(
            results.warnings[0].contains("nosuchfield"),
            "{:?}",
            results.warnings
        );
    }

    #[test]
    fn snippets_highlight_the_analysed_words_in_clean_text() {
        let (_dir, index) = index_with_postings();
        let results = index
            .search(&SearchRequest::new("stakeholders management"))
            .unwrap();
        let baker = results.hits.iter().find(|h| h.id == "baker").unwrap();
        assert!(!baker.snippet.text.contains('<'), "{:?}", baker.snippet);
        let words: Vec<&str> = baker
            .snippet
            .highlights
            .iter()
            .map(|r| &baker.snippet.text[r.clone()])
            .collect();
        assert_eq!(words, ["Stakeholder", "management"]);

        let results = index.search(&SearchRequest::new("title:baker")).unwrap();
        assert!(results.hits[0]
            .snippet
            .text
            .starts_with("About We bake bread & cakes."));
        assert!(results.hits[0].snippet.highlights.is_empty());
    }

    #[test]
    fn hits_serialise_in_contract_order() {
        let (_dir, index) = index_with_postings();
        let results = index.search(&SearchRequest::new("roadmap")).unwrap();
        let json = serde_json::to_value(&results.hits[0]).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "title",
                "company",
                "label",
                "confidence",
                "review",
                "review_reasons",
                "score",
                "duplicates",
                "snippet"
            ]
        );
        assert!(json["snippet"].is_string());
    }

    #[test]
    fn hostile_nesting_is_refused_and_huge_limits_are_clamped() {
        let (_dir, index) = index_with_postings();
        for query in [
            format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000)),
            "NOT (".repeat(3000),
            format!("{}a", "NOT ".repeat(5000)),
            format!("{}a", "-".repeat(5000)),
        ] {
            let err = index.search(&SearchRequest::new(&query)).unwrap_err();
            assert!(err.to_string().contains("levels deep"), "{err}");
            assert!(err.to_string().len() < 300, "the query is shortened: {err}");
        }
        // Ordinary structure passes; so do parentheses inside a phrase.
        let fine = "(backlog OR roadmap) AND NOT (chef OR \"((((((((((((((((((((((((((((((((((\")";
        assert!(index.search(&SearchRequest::new(fine)).is_ok());
        let mut request = SearchRequest::new("*");
        request.limit = usize::MAX;
        request.offset = usize::MAX - 1;
        assert!(index.search(&request).unwrap().hits.is_empty());
        request.offset = 0;
        let all = index.search(&request).unwrap();
        assert_eq!(all.hits.len(), all.total);
    }

    #[test]
    fn hits_are_handed_out_as_they_are_read() {
        let (_dir, index) = index_with_postings();
        let mut request = SearchRequest::new("*");
        request.limit = usize::MAX;
        let mut seen = 0;
        // The callback stops the search after the first hit: nothing was collected first.
        let err = index
            .search_each(&request, &mut |_, _| {
                seen += 1;
                Err(Error::Usage("enough".into()))
            })
            .unwrap_err();
        assert_eq!(seen, 1);
        assert!(err.to_string().contains("enough"));
    }

    #[test]
    fn a_malformed_query_is_one_warning() {
        let (_dir, index) = index_with_postings();
        let results = index
            .search(&SearchRequest::new("nosuchfield:x AND (backlog"))
            .unwrap();
        assert_eq!(results.warnings.len(), 1, "{:?}", results.warnings);
        assert!(results.warnings[0].starts_with("the query is not well formed ("));
    }
}
