//! The one [`Analyzer`] as a tantivy tokenizer, so the index and the classifier agree on terms.
//!
//! tantivy's built-in `en_stem` is a different chain (it splits on every non-alphanumeric
//! character, does not clean HTML, and uses another stemmer configuration), so "backlogs" in a
//! query could miss "backlog" as the classifier saw it. Instead the index registers
//! [`RolesiftTokenizer`] under [`ANALYZER_NAME`]: it runs [`Analyzer::analyze`] over the text
//! once, keeps the stems and their byte offsets in a reused buffer, and replays them as tantivy
//! [`Token`]s. Offsets point into the ORIGINAL text (the analyzer maps HTML-cleaned offsets
//! back), which is what tantivy's snippets and highlighting expect; positions count words, so
//! phrase queries work as they do with tantivy's own tokenizers.
//!
//! Stemming goes through the analyzer's per-thread stem cache, so indexing pays a hash look-up
//! per repeated word, not a stemmer run.
//!
//! The body of a posting is analysed once: the classifier already walks its terms, so ingest
//! collects them ([`PreAnalyzed`]) and hands tantivy text that starts with
//! [`PRE_ANALYZED_MARK`] followed by the stems separated by spaces. The tokenizer replays such
//! text as it is (same terms, same positions; offsets then point into the marked text, which
//! is indexed but never stored or shown). Any other text, queries included, goes through the
//! analyzer.

use crate::analyze::{Analyzer, ANALYZER_NAME};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

/// Marks text whose terms were already produced by the analyzer: the stems, in order,
/// separated by single spaces (a private-use character, never produced by the analyzer).
pub const PRE_ANALYZED_MARK: char = '\u{E002}';

/// Builds pre-analysed text from the analyzer's stems (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreAnalyzed {
    text: String,
}

impl Default for PreAnalyzed {
    fn default() -> Self {
        PreAnalyzed::with_capacity(0)
    }
}

impl PreAnalyzed {
    /// Room for about `bytes` of stems.
    pub fn with_capacity(bytes: usize) -> Self {
        let mut text = String::with_capacity(bytes + PRE_ANALYZED_MARK.len_utf8());
        text.push(PRE_ANALYZED_MARK);
        PreAnalyzed { text }
    }

    /// Appends the next stem.
    pub fn push(&mut self, stem: &str) {
        if self.text.len() > PRE_ANALYZED_MARK.len_utf8() {
            self.text.push(' ');
        }
        self.text.push_str(stem);
    }

    /// The text to index.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// rolesift's analyzer as a tantivy [`Tokenizer`].
#[derive(Debug, Clone, Default)]
pub struct RolesiftTokenizer {
    /// Every stem of the current text, concatenated.
    stems: String,
    /// Per token: its stem's range in the stems, and its byte offsets in the text.
    spans: Vec<Span>,
    token: Token,
    /// Reading queries: phrases skip [`PHRASE_GAP_WORDS`] (see [`RolesiftTokenizer::for_queries`]).
    for_queries: bool,
}

/// Words in nearly every posting ("to", "the", "of"…). In a phrase ("go-to-market", "head of
/// product") their positions are most of what a search reads, for almost no narrowing: a
/// million-posting index holds hundreds of millions of positions of "to". Queries leave them
/// out of a phrase and keep the gap ("go _ market"), as Lucene does with stop words.
pub const PHRASE_GAP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as",
    "is", "are", "be", "you", "we", "our", "your", "will", "that", "this", "it",
];

#[derive(Debug, Clone, Copy)]
struct Span {
    stem_start: usize,
    stem_end: usize,
    from: usize,
    to: usize,
    /// The word's position in the text (words left out of a query phrase leave a gap).
    position: usize,
}

impl RolesiftTokenizer {
    /// The tokenizer for query text: the index's terms, except that a phrase of two or more
    /// other words leaves out [`PHRASE_GAP_WORDS`], keeping their positions as a gap. A phrase
    /// of gap words alone ("to be"), or with one other word, is kept whole.
    pub fn for_queries() -> Self {
        RolesiftTokenizer {
            for_queries: true,
            ..RolesiftTokenizer::default()
        }
    }
}

/// The token stream of one text.
#[derive(Debug)]
pub struct RolesiftTokenStream<'a> {
    stems: &'a str,
    spans: &'a [Span],
    token: &'a mut Token,
    next: usize,
}

impl Tokenizer for RolesiftTokenizer {
    type TokenStream<'a> = RolesiftTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RolesiftTokenStream<'a> {
        self.stems.clear();
        self.spans.clear();
        self.token.reset();
        if let Some(analysed) = text.strip_prefix(PRE_ANALYZED_MARK) {
            // Already analysed: the stems are the text itself, split on spaces.
            let base = PRE_ANALYZED_MARK.len_utf8();
            if !analysed.is_empty() {
                let mut at = 0;
                for (position, stem) in analysed.split(' ').enumerate() {
                    self.spans.push(Span {
                        stem_start: at,
                        stem_end: at + stem.len(),
                        from: base + at,
                        to: base + at + stem.len(),
                        position,
                    });
                    at += stem.len() + 1;
                }
            }
            return RolesiftTokenStream {
                stems: analysed,
                spans: &self.spans,
                token: &mut self.token,
                next: 0,
            };
        }
        let (stems, spans) = (&mut self.stems, &mut self.spans);
        Analyzer.analyze(text, |term| {
            let stem_start = stems.len();
            stems.push_str(term.stem);
            spans.push(Span {
                stem_start,
                stem_end: stems.len(),
                from: term.start,
                to: term.end,
                position: spans.len(),
            });
        });
        if self.for_queries {
            let is_gap = |s: &Span| PHRASE_GAP_WORDS.contains(&&stems[s.stem_start..s.stem_end]);
            if spans.iter().filter(|s| !is_gap(s)).count() >= 2 {
                spans.retain(|s| !is_gap(s));
            }
        }
        RolesiftTokenStream {
            stems: &self.stems,
            spans: &self.spans,
            token: &mut self.token,
            next: 0,
        }
    }
}

impl TokenStream for RolesiftTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.stems[span.stem_start..span.stem_end]);
        self.token.offset_from = span.from;
        self.token.offset_to = span.to;
        self.token.position = span.position;
        self.token.position_length = 1;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Registers the analyzer with `manager` under [`ANALYZER_NAME`].
pub fn register(manager: &TokenizerManager) {
    manager.register(
        ANALYZER_NAME,
        TextAnalyzer::from(RolesiftTokenizer::default()),
    );
}

/// The tokenizers queries are parsed with: the analyzer, as
/// [`RolesiftTokenizer::for_queries`], under [`ANALYZER_NAME`]. Built once per process.
pub fn for_queries() -> TokenizerManager {
    static MANAGER: std::sync::OnceLock<TokenizerManager> = std::sync::OnceLock::new();
    MANAGER
        .get_or_init(|| {
            let manager = TokenizerManager::default();
            manager.register(
                ANALYZER_NAME,
                TextAnalyzer::from(RolesiftTokenizer::for_queries()),
            );
            manager
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts where a separately built chain would most likely disagree with the analyzer.
    const SAMPLES: &[&str] = &[
        "Prioritizing backlogs and backlog prioritization",
        "As a Product Owner you will own the product backlog, write user stories and run sprint planning.",
        "<p>Own the <b>product&nbsp;backlog</b> &amp; <script>roadmap()</script>define the vision</p>",
        "<ul><li>Stakeholder management</li><li>Go-to-market</li></ul>",
        "PO/PM, A/B testing, cross-functional, the product’s roadmap, customer's needs",
        "Gerente de Produto — responsável pelo backlog; Produktmanager (m/w/d) 🚀 日本語 Ünïcödé",
        "ÉQUIPE PRODUIT: Straße, İstanbul, ΣΊΣΥΦΟΣ",
        "",
        "   \n\t ",
        "x&#39;y&#x27; &bogus; 3 < 4",
    ];

    fn tokens_of(manager: &TokenizerManager, text: &str) -> Vec<Token> {
        let mut analyzer = manager.get(ANALYZER_NAME).expect("registered");
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        stream.process(&mut |t| tokens.push(t.clone()));
        tokens
    }

    #[test]
    fn queries_leave_words_every_posting_has_out_of_phrases_and_keep_the_gap() {
        let manager = for_queries();
        let read = |text: &str| -> Vec<(String, usize)> {
            tokens_of(&manager, text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect()
        };
        let owned = |pairs: &[(&str, usize)]| -> Vec<(String, usize)> {
            pairs.iter().map(|&(s, p)| (s.to_string(), p)).collect()
        };
        assert_eq!(read("go-to-market"), owned(&[("go", 0), ("market", 2)]));
        assert_eq!(
            read("Head of the Product"),
            owned(&[("head", 0), ("product", 3)])
        );
        // One other word, or none: the phrase stays whole.
        assert_eq!(read("to market"), owned(&[("to", 0), ("market", 1)]));
        assert_eq!(read("to be"), owned(&[("to", 0), ("be", 1)]));
        assert_eq!(read("roadmap"), owned(&[("roadmap", 0)]));
        // The index's own tokenizer keeps every word.
        let index = TokenizerManager::default();
        register(&index);
        assert_eq!(tokens_of(&index, "go-to-market").len(), 3);
    }

    #[test]
    fn the_registered_tokenizer_gives_the_analyzers_terms() {
        let manager = TokenizerManager::default();
        register(&manager);
        let long = format!("{} backlog", "a".repeat(100));
        for text in SAMPLES.iter().copied().chain([long.as_str()]) {
            let tokens = tokens_of(&manager, text);
            let stems: Vec<String> = tokens.iter().map(|t| t.text.clone()).collect();
            assert_eq!(stems, Analyzer.stems(text), "terms of {text:?}");
            let offsets: Vec<(usize, usize)> = tokens
                .iter()
                .map(|t| (t.offset_from, t.offset_to))
                .collect();
            let want: Vec<(usize, usize)> = Analyzer
                .terms(text)
                .iter()
                .map(|t| (t.start, t.end))
                .collect();
            assert_eq!(offsets, want, "offsets of {text:?}");
            for (i, t) in tokens.iter().enumerate() {
                assert_eq!(t.position, i);
                assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            }
        }
    }

    #[test]
    fn pre_analysed_text_gives_the_same_terms_and_positions() {
        let manager = TokenizerManager::default();
        register(&manager);
        for text in SAMPLES {
            let mut pre = PreAnalyzed::default();
            Analyzer.analyze(text, |t| pre.push(t.stem));
            let pre = pre.into_text();
            let replayed: Vec<(String, usize)> = tokens_of(&manager, &pre)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            let analysed: Vec<(String, usize)> = tokens_of(&manager, text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            assert_eq!(replayed, analysed, "{text:?}");
        }
    }

    #[test]
    fn a_reused_tokenizer_starts_afresh() {
        let mut tokenizer = RolesiftTokenizer::default();
        let mut first = Vec::new();
        tokenizer
            .token_stream("Roadmaps and backlogs")
            .process(&mut |t| first.push(t.text.clone()));
        let mut second = Vec::new();
        tokenizer
            .token_stream("Vision")
            .process(&mut |t| second.push((t.text.clone(), t.position)));
        assert_eq!(first, ["roadmap", "and", "backlog"]);
        assert_eq!(second, [("vision".to_string(), 0)]);
    }
}
