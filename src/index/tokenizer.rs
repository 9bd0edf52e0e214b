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

use crate::analyze::{Analyzer, ANALYZER_NAME};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

/// rolesift's analyzer as a tantivy [`Tokenizer`].
#[derive(Debug, Clone, Default)]
pub struct RolesiftTokenizer {
    /// Every stem of the current text, concatenated.
    stems: String,
    /// Per token: end of its stem in `stems`, and its byte offsets in the original text.
    spans: Vec<Span>,
    token: Token,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    stem_end: usize,
    from: usize,
    to: usize,
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
        let (stems, spans) = (&mut self.stems, &mut self.spans);
        Analyzer.analyze(text, |term| {
            stems.push_str(term.stem);
            spans.push(Span {
                stem_end: stems.len(),
                from: term.start,
                to: term.end,
            });
        });
        self.token.reset();
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
        let stem_start = match self.next {
            0 => 0,
            i => self.spans[i - 1].stem_end,
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.stems[stem_start..span.stem_end]);
        self.token.offset_from = span.from;
        self.token.offset_to = span.to;
        self.token.position = self.next;
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
