//! Word forms the stemmer alone gets wrong: British spellings, and words it merges with a
//! role name.
//!
//! Porter2 is an English stemmer, but it treats British and American spellings as different
//! words ("prioritise" → `prioritis`, "prioritize" → `priorit`; "behaviour" and "behavior"),
//! so a posting written in British English would miss half the vocabulary, and a search for
//! "prioritizing backlogs" would miss "prioritise the backlog". It also folds words that mean
//! different things in a job posting into one stem: "management" and "manager" both become
//! `manag` (so "project management skills" read as the role "project manager"), and
//! "production", "productive", "productivity" become `product` (so a "Production Manager" read
//! as a "product manager").
//!
//! `stem` fixes both before and around the stemmer, for every caller of the one analyzer
//! (model, scorer, index, queries): a lowercase word is first respelled the American way, then
//! stemmed, except for the few words kept apart, whose stem is the word itself. It is applied
//! once per distinct word (the analyzer memoises stems), so its cost is off the hot path.

use rust_stemmers::Stemmer;
use std::borrow::Cow;

/// Words whose Porter2 stem would merge them with a role name, kept as they are. Plurals too.
const KEPT_APART: &[&str] = &[
    "management",
    "managements",
    "production",
    "productions",
    "productive",
    "productivity",
];

/// The stem of `word` (already lowercase): [`KEPT_APART`] words as they are, other words
/// respelled the American way ([`americanize`]) and stemmed with `stemmer`.
pub(crate) fn stem<'w>(stemmer: &Stemmer, word: &'w str) -> Cow<'w, str> {
    if KEPT_APART.contains(&word) {
        return Cow::Borrowed(word);
    }
    match americanize(word) {
        Cow::Borrowed(word) => stemmer.stem(word),
        Cow::Owned(respelled) => Cow::Owned(stemmer.stem(&respelled).into_owned()),
    }
}

/// `-ise` words that are spelled `-ise` in American English too (their base form; inflections
/// such as "advertising" and "promised" are recognised through it).
const ISE_IN_BOTH: &[&str] = &[
    "advertise",
    "advise",
    "anise",
    "chastise",
    "circumcise",
    "comprise",
    "compromise",
    "concise",
    "cruise",
    "bruise",
    "demise",
    "despise",
    "devise",
    "disguise",
    "enterprise",
    "excise",
    "exercise",
    "expertise",
    "franchise",
    "improvise",
    "incise",
    "merchandise",
    "mortise",
    "paradise",
    "porpoise",
    "praise",
    "precise",
    "premise",
    "promise",
    "reprise",
    "revise",
    "supervise",
    "surmise",
    "surprise",
    "televise",
    "tortoise",
    "treatise",
];

/// Endings of `-ise` verbs and their derivatives, longest first, with the American ending.
const ISE_ENDINGS: &[(&str, &str)] = &[
    ("isations", "izations"),
    ("isation", "ization"),
    ("isable", "izable"),
    ("ising", "izing"),
    ("isers", "izers"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("iser", "izer"),
    ("ise", "ize"),
];

/// `-yse` verbs: analyse, paralyse, catalyse.
const YSE_ENDINGS: &[(&str, &str)] = &[
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("yser", "yzer"),
    ("yse", "yze"),
];

/// British roots spelled `-our` whose American form is `-or`; every word starting with one is
/// respelled ("behavioural", "favourite", "labourer").
const OUR_ROOTS: &[&str] = &[
    "armour",
    "behaviour",
    "candour",
    "clamour",
    "colour",
    "endeavour",
    "favour",
    "flavour",
    "harbour",
    "honour",
    "humour",
    "labour",
    "neighbour",
    "odour",
    "parlour",
    "rigour",
    "rumour",
    "saviour",
    "savour",
    "splendour",
    "tumour",
    "valour",
    "vapour",
    "vigour",
];

/// Whole-word and prefix respellings that follow no productive rule: (British, American),
/// matched as a prefix of the word ("centres", "licenced", "catalogues", "judgements").
const PREFIXES: &[(&str, &str)] = &[
    ("acknowledgement", "acknowledgment"),
    ("ageing", "aging"),
    ("analogue", "analog"),
    ("catalogue", "catalog"),
    ("centre", "center"),
    ("defence", "defense"),
    ("dialogue", "dialog"),
    ("enrolment", "enrollment"),
    ("fibre", "fiber"),
    ("fulfilment", "fulfillment"),
    ("instalment", "installment"),
    ("judgement", "judgment"),
    ("licence", "license"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("offence", "offense"),
    ("practis", "practic"),
    ("programme", "program"),
    ("skilful", "skillful"),
    ("theatre", "theater"),
];

/// Shortest stem left before an `-ise`/`-yse` ending for the word to be respelled: "rise",
/// "wise", "noise" and "raise" are not verbs made with the suffix.
const MIN_ISE_BASE: usize = 3;

/// `word` (lowercase) in American spelling; borrowed when nothing changes.
pub fn americanize(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() || word.len() < 4 {
        return Cow::Borrowed(word);
    }
    for (british, american) in PREFIXES {
        let Some(rest) = word.strip_prefix(british) else {
            continue;
        };
        // A whole word takes only plural and past endings: "programmes", "licenced", but
        // not "programmer" or "programmed" (American too). A stem ("practis") takes any.
        let inflected = match rest {
            "" | "s" => true,
            "d" => american.ends_with('e'),
            _ => !british.ends_with('e'),
        };
        if inflected {
            return Cow::Owned(format!("{american}{rest}"));
        }
    }
    for root in OUR_ROOTS {
        if let Some(rest) = word.strip_prefix(root) {
            let base = &root[..root.len() - 3];
            return Cow::Owned(format!("{base}or{rest}"));
        }
    }
    if word.ends_with("wise") {
        return Cow::Borrowed(word); // otherwise, likewise, clockwise
    }
    for (british, american) in ISE_ENDINGS {
        if let Some(base) = word.strip_suffix(british) {
            if base.len() < MIN_ISE_BASE || ISE_IN_BOTH.contains(&format!("{base}ise").as_str()) {
                return Cow::Borrowed(word);
            }
            return Cow::Owned(format!("{base}{american}"));
        }
    }
    for (british, american) in YSE_ENDINGS {
        if let Some(base) = word.strip_suffix(british) {
            if base.len() < MIN_ISE_BASE - 1 {
                return Cow::Borrowed(word);
            }
            return Cow::Owned(format!("{base}{american}"));
        }
    }
    Cow::Borrowed(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;

    #[test]
    fn british_spellings_become_american() {
        for (british, american) in [
            ("prioritise", "prioritize"),
            ("prioritised", "prioritized"),
            ("prioritising", "prioritizing"),
            ("prioritisation", "prioritization"),
            ("organisations", "organizations"),
            ("organiser", "organizer"),
            ("analyse", "analyze"),
            ("analysing", "analyzing"),
            ("behaviour", "behavior"),
            ("behavioural", "behavioral"),
            ("favourite", "favorite"),
            ("labour", "labor"),
            ("centre", "center"),
            ("centres", "centers"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("catalogue", "catalog"),
            ("licence", "license"),
            ("judgement", "judgment"),
            ("practise", "practice"),
            ("practising", "practicing"),
        ] {
            assert_eq!(americanize(british), american, "{british}");
        }
    }

    #[test]
    fn words_that_are_already_american_or_not_suffixed_stay() {
        for word in [
            "advertising",
            "promised",
            "exercise",
            "expertise",
            "enterprises",
            "supervising",
            "otherwise",
            "noise",
            "raised",
            "rise",
            "analysis",
            "analyst",
            "programmer",
            "programmed",
            "prioritize",
            "hour",
            "your",
            "tour",
            "product",
        ] {
            assert_eq!(americanize(word), word, "{word}");
        }
    }

    #[test]
    fn both_spellings_share_a_stem() {
        let stemmer = Stemmer::create(Algorithm::English);
        for (a, b) in [
            ("prioritise", "prioritize"),
            ("prioritising", "prioritizing"),
            ("organisation", "organization"),
            ("analyse", "analyze"),
            ("behaviour", "behavior"),
            ("modelling", "modeling"),
            ("programme", "program"),
        ] {
            assert_eq!(stem(&stemmer, a), stem(&stemmer, b), "{a} / {b}");
        }
    }

    #[test]
    fn management_and_production_are_not_role_names() {
        let stemmer = Stemmer::create(Algorithm::English);
        assert_ne!(stem(&stemmer, "management"), stem(&stemmer, "manager"));
        assert_ne!(stem(&stemmer, "production"), stem(&stemmer, "product"));
        assert_ne!(stem(&stemmer, "productivity"), stem(&stemmer, "product"));
        assert_eq!(stem(&stemmer, "managers"), stem(&stemmer, "manager"));
        assert_eq!(stem(&stemmer, "products"), stem(&stemmer, "product"));
    }
}
