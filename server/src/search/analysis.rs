//! How text becomes searchable words, and the matching rules both backends follow: per-language analysis
//! (lower case, stop words, stemming, accents folded so `burger` finds `Bürger`), one typo from 5 letters and
//! two from 9, the last word of a query matched as a prefix, German compounds split into their parts.

use super::compounds;
use crate::domain::Lang;
use std::sync::LazyLock;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};

/// A query holds at most this many words; more add cost and no precision.
pub const MAX_WORDS: usize = 10;

/// The name of a language's analyser in the embedded index.
pub fn analyzer_name(lang: Lang) -> String {
    format!("likewise_{}", lang.code())
}

fn language(lang: Lang) -> Language {
    match lang {
        Lang::En => Language::English,
        Lang::Nl => Language::Dutch,
        Lang::De => Language::German,
        Lang::Da => Language::Danish,
        Lang::Fr => Language::French,
    }
}

/// The analyser of a language: what is indexed of a text in it, and what a query word is looked up as.
pub fn analyzer(lang: Lang) -> TextAnalyzer {
    let l = language(lang);
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(l).expect("tantivy has stop words for the five languages"))
        .filter(Stemmer::new(l))
        .filter(AsciiFoldingFilter)
        .build()
}

/// Words as typed, lower-cased and without accents: what a prefix is compared with.
fn folder() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

static ANALYZERS: LazyLock<Vec<(Lang, TextAnalyzer)>> =
    LazyLock::new(|| Lang::ALL.iter().map(|l| (*l, analyzer(*l))).collect());
static FOLDER: LazyLock<TextAnalyzer> = LazyLock::new(folder);

/// Every token of `text` as the language indexes it: `(term, byte range in text)`.
pub fn tokens(lang: Lang, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut a = ANALYZERS
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, a)| a.clone())
        .expect("an analyser per language");
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

/// A word as `lang` indexes it; `None` for one of its stop words.
pub fn stem(lang: Lang, word: &str) -> Option<String> {
    tokens(lang, word).into_iter().next().map(|(t, _)| t)
}

/// Lower case without accents.
pub fn fold(word: &str) -> String {
    let mut a = FOLDER.clone();
    let mut stream = a.token_stream(word);
    let mut out = String::new();
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

/// The typos a word of this many letters may carry (docs/design.md#search).
pub fn typos(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower case, accents folded.
    pub text: String,
    /// The last word while the reader may still be typing it: it also matches longer words.
    pub prefix: bool,
    /// A German compound's parts, when the word is one.
    pub parts: Vec<String>,
}

impl Word {
    pub fn typos(&self) -> u8 {
        typos(&self.text)
    }
}

/// The words of a query: split like indexed text, at most [`MAX_WORDS`]; the last is a prefix unless the
/// query ends in a space or punctuation (the reader finished it).
pub fn words(query: &str) -> Vec<Word> {
    let mut a = folder();
    let mut stream = a.token_stream(query);
    let mut raw: Vec<(String, usize)> = Vec::new();
    while stream.advance() {
        let t = stream.token();
        raw.push((t.text.clone(), t.offset_to));
    }
    // The original words keep their accents for compound splitting (the dictionary has them).
    let mut originals = Vec::new();
    {
        let mut lower = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build();
        let mut s = lower.token_stream(query);
        while s.advance() {
            originals.push(s.token().text.clone());
        }
    }
    let ends_open = raw.last().is_some_and(|(_, end)| *end == query.len());
    let all_kept = raw.len() <= MAX_WORDS;
    let n = raw.len().min(MAX_WORDS);
    raw.into_iter()
        .take(n)
        .enumerate()
        .map(|(i, (text, _))| Word {
            parts: originals
                .get(i)
                .and_then(|o| compounds::split(o))
                .unwrap_or_default(),
            prefix: i + 1 == n && ends_open && all_kept,
            text,
        })
        .collect()
}

/// How well a token of a text answers a query word, best first: the order ranking uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    Exact,
    Prefix,
    Part,
    OneTypo,
    TwoTypos,
}

/// A query word made ready for one language: its indexed form and its compound parts' indexed forms.
#[derive(Debug, Clone)]
pub struct Needle {
    pub word: Word,
    /// `None` when the word is one of the language's stop words.
    pub stemmed: Option<String>,
    pub parts: Vec<String>,
}

impl Needle {
    pub fn new(lang: Lang, word: &Word) -> Needle {
        Needle {
            stemmed: stem(lang, &word.text),
            parts: if lang == Lang::De {
                word.parts.iter().filter_map(|p| stem(lang, p)).collect()
            } else {
                Vec::new()
            },
            word: word.clone(),
        }
    }

    /// Whether an indexed `term` answers this word, and how.
    pub fn matches(&self, term: &str) -> Option<Match> {
        match_term(term, &self.word, self.stemmed.as_deref(), &self.parts)
    }
}

/// Whether an indexed `term` answers `word` (indexed as `stemmed`, its compound parts as `parts`), and how.
pub fn match_term(
    term: &str,
    word: &Word,
    stemmed: Option<&str>,
    parts: &[String],
) -> Option<Match> {
    let stemmed = stemmed?;
    if term == stemmed {
        return Some(Match::Exact);
    }
    if word.prefix && term.starts_with(word.text.as_str()) {
        return Some(Match::Prefix);
    }
    if parts.iter().any(|p| p == term) {
        return Some(Match::Part);
    }
    let allowed = word.typos();
    if allowed == 0 {
        return None;
    }
    let whole = distance(stemmed, term, allowed);
    let d = if word.prefix {
        match (whole, prefix_distance(&word.text, term, allowed)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    } else {
        whole
    };
    match d {
        Some(0) => Some(Match::Exact),
        Some(1) => Some(Match::OneTypo),
        Some(_) => Some(Match::TwoTypos),
        None => None,
    }
}

/// Edit distance with adjacent transpositions counted as one, or `None` above `max`.
pub fn distance(a: &str, b: &str, max: u8) -> Option<u8> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max as usize {
        return None;
    }
    let last = osa(&a, &b).pop().unwrap_or(usize::MAX);
    (last <= max as usize).then_some(last as u8)
}

/// The smallest distance between `word` and any prefix of `term`, or `None` above `max`.
fn prefix_distance(word: &str, term: &str, max: u8) -> Option<u8> {
    let a: Vec<char> = word.chars().collect();
    // A prefix longer than the word plus the typos allowed cannot be close enough.
    let b: Vec<char> = term.chars().take(a.len() + max as usize).collect();
    if b.len() + (max as usize) < a.len() {
        return None;
    }
    let best = osa(&a, &b).into_iter().min().unwrap_or(usize::MAX);
    // (Entry j compares the whole word with the first j characters of the term.)
    (best <= max as usize).then_some(best as u8)
}

/// The last row of the optimal-string-alignment distance table of `a` against `b`: entry `j` is the
/// distance between `a` and the first `j` characters of `b`. Three rows are kept, not the whole table.
fn osa(a: &[char], b: &[char]) -> Vec<usize> {
    let n = b.len();
    let mut two_back = vec![0usize; n + 1];
    let mut previous: Vec<usize> = (0..=n).collect();
    let mut current = vec![0usize; n + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(two_back[j - 2] + 1);
            }
            current[j] = v;
        }
        // Rows move down by one: the oldest row's storage becomes the next current row.
        std::mem::swap(&mut two_back, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typos("data"), 0);
        assert_eq!(typos("smart"), 1);
        assert_eq!(typos("dashboard"), 2);
        assert_eq!(typos("bürger"), 1);
    }

    #[test]
    fn a_transposition_is_one_typo() {
        assert_eq!(distance("chatbot", "chtabot", 1), Some(1));
        assert_eq!(distance("chatbot", "chabot", 1), Some(1));
        assert_eq!(distance("chatbot", "cahtbto", 1), None);
    }

    #[test]
    fn the_last_word_is_a_prefix_unless_the_query_ends_in_a_space() {
        let w = words("Smart park");
        assert_eq!(w.len(), 2);
        assert!(!w[0].prefix && w[1].prefix);
        assert_eq!(w[0].text, "smart");
        assert!(!words("smart park ")[1].prefix);
    }

    #[test]
    fn accents_are_folded_and_words_stemmed_per_language() {
        assert_eq!(fold("Bürger"), "burger");
        assert_eq!(stem(Lang::Nl, "vergunningen"), stem(Lang::Nl, "vergunning"));
        assert_eq!(stem(Lang::En, "the"), None);
        assert_eq!(stem(Lang::En, "sensors"), Some("sensor".into()));
    }

    #[test]
    fn a_prefix_with_a_typo_matches_from_five_letters() {
        let w = &words("dashbo")[0];
        assert!(Needle::new(Lang::En, w).matches("dashboard").is_some());
        let w = &words("dahsbo")[0];
        assert_eq!(
            Needle::new(Lang::En, w).matches("dashboard"),
            Some(Match::OneTypo)
        );
    }
}
