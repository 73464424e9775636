//! How a found case is shown, the same for both backends: in the reader's language where the case has it,
//! else in the first language that matched (source first); with a snippet that marks the matched words.

use super::analysis::{self, Needle, Word};
use super::{DocText, Hit, SearchDoc};
use crate::domain::Lang;
use std::cell::RefCell;
use std::collections::HashMap;

/// About how long a snippet is, in characters.
const SNIPPET_CHARS: usize = 220;
/// How much text a snippet shows before the first match.
const LEAD_CHARS: usize = 60;

/// The query words made ready for every language, once per search, with what each word of the texts was
/// found to be (a match or not): the same words come back in every hit's texts.
pub struct Needles {
    per_lang: Vec<(Lang, Vec<Needle>)>,
    seen: RefCell<HashMap<(Lang, String), bool>>,
}

impl Needles {
    pub fn new(words: &[Word]) -> Needles {
        Needles {
            per_lang: Lang::ALL
                .iter()
                .map(|l| (*l, words.iter().map(|w| Needle::new(*l, w)).collect()))
                .collect(),
            seen: RefCell::new(HashMap::new()),
        }
    }

    fn of(&self, lang: Lang) -> &[Needle] {
        self.per_lang
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, n)| n.as_slice())
            .unwrap_or(&[])
    }

    fn is_empty(&self) -> bool {
        self.per_lang.iter().all(|(_, n)| n.is_empty())
    }
}

/// The byte ranges of the words of `text` (in `lang`) that answer a query word.
fn marks(
    lang: Lang,
    text: &str,
    needles: &Needles,
    first_only: bool,
) -> Vec<std::ops::Range<usize>> {
    let of_lang = needles.of(lang);
    if of_lang.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let german = lang == Lang::De;
    // Words split as the analyser splits them; each distinct word is analysed (stemmed) once per search.
    for range in words(text) {
        let word = &text[range.clone()];
        let key = (lang, word.to_lowercase());
        let known = needles.seen.borrow().get(&key).copied();
        let hit = known.unwrap_or_else(|| {
            let hit = analysis::stem(lang, word)
                .is_some_and(|term| of_lang.iter().any(|n| n.matches(&term).is_some()))
                || (german && compound_part_matches(word, of_lang));
            needles.seen.borrow_mut().insert(key, hit);
            hit
        });
        if hit {
            out.push(range);
            if first_only {
                break;
            }
        }
    }
    out
}

/// The byte ranges of the words of a text: runs of letters and digits, as the analysers split them.
fn words(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| match (c.is_alphanumeric(), start) {
            (true, None) => {
                start = Some(i);
                None
            }
            (false, Some(s)) => {
                start = None;
                Some(s..i)
            }
            _ => None,
        })
}

/// Whether a part of a German compound answers a needle (`Beteiligung` in `Bürgerbeteiligung`).
fn compound_part_matches(word: &str, needles: &[Needle]) -> bool {
    let Some(parts) = super::compounds::split(&word.to_lowercase()) else {
        return false;
    };
    parts.iter().any(|p| {
        analysis::stem(Lang::De, p)
            .is_some_and(|term| needles.iter().any(|n| n.matches(&term).is_some()))
    })
}

fn matches_anywhere(t: &DocText, needles: &Needles) -> bool {
    let head = format!("{}\n{}\n{}", t.title, t.summary, t.tags.join(", "));
    !marks(t.lang, &head, needles, true).is_empty()
        || !marks(t.lang, &t.body, needles, true).is_empty()
}

/// Shows a found case to a reader of `reader`.
pub fn hit(doc: SearchDoc, needles: &Needles, reader: Option<Lang>) -> Hit {
    let chosen = reader
        .and_then(|l| doc.text(l))
        .or_else(|| {
            if needles.is_empty() {
                return None;
            }
            // Source first: the original wording is the best guess when several languages match.
            doc.texts.iter().find(|t| matches_anywhere(t, needles))
        })
        .unwrap_or(&doc.texts[0]);
    let lang = chosen.lang;
    let snippet = snippet(chosen, needles);
    Hit {
        lang,
        title: chosen.title.clone(),
        summary: chosen.summary.clone(),
        snippet,
        doc,
    }
}

/// The summary with its matches marked when it has one; else the stretch of the body around the first
/// match; else the start of the summary.
fn snippet(t: &DocText, needles: &Needles) -> String {
    let in_summary = marks(t.lang, &t.summary, needles, false);
    if !in_summary.is_empty() || needles.of(t.lang).is_empty() {
        return mark(&t.summary, 0, t.summary.len(), &in_summary);
    }
    if let Some(first) = marks(t.lang, &t.body, needles, true).first() {
        let start = word_start(&t.body, back_chars(&t.body, first.start, LEAD_CHARS));
        let end = word_end(&t.body, forward_chars(&t.body, start, SNIPPET_CHARS));
        let window = &t.body[start..end];
        let ranges = marks(t.lang, window, needles, false);
        let mut s = String::new();
        if start > 0 {
            s.push('…');
        }
        s.push_str(&mark(window, 0, window.len(), &ranges));
        if end < t.body.len() {
            s.push('…');
        }
        return s;
    }
    let end = word_end(&t.summary, forward_chars(&t.summary, 0, SNIPPET_CHARS));
    let mut s = mark(&t.summary, 0, end, &[]);
    if end < t.summary.len() {
        s.push('…');
    }
    s
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(0)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map(|(i, _)| from + i)
        .unwrap_or(text.len())
}

/// Moves `at` forward to the start of a word (not in the middle of one).
fn word_start(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| at + i + c.len_utf8())
        .unwrap_or(at)
}

/// Moves `at` forward to the end of a word.
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| at + i)
        .unwrap_or(text.len())
}

/// `text[start..end]`, HTML-escaped, with `ranges` (sorted, inside it) in `<mark>`.
fn mark(text: &str, start: usize, end: usize, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(end - start + ranges.len() * 13);
    let mut at = start;
    for r in ranges.iter().filter(|r| r.start >= start && r.end <= end) {
        if r.start < at {
            continue;
        }
        escape_into(&text[at..r.start], &mut out);
        out.push_str("<mark>");
        escape_into(&text[r.start..r.end], &mut out);
        out.push_str("</mark>");
        at = r.end;
    }
    escape_into(&text[at..end], &mut out);
    out
}

pub use app::text::escape_into;

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(texts: Vec<DocText>) -> SearchDoc {
        SearchDoc {
            kind: crate::domain::ItemKind::Case,
            slug: "s".into(),
            partner: "p".into(),
            country: "NL".into(),
            themes: vec![],
            stage: None,
            published: "2024-01-01".into(),
            source_lang: texts[0].lang,
            texts,
            taken_up: 0,
        }
    }

    fn text(lang: Lang, title: &str, summary: &str, body: &str) -> DocText {
        DocText {
            lang,
            title: title.into(),
            summary: summary.into(),
            tags: vec![],
            body: body.into(),
        }
    }

    #[test]
    fn a_snippet_marks_matches_and_escapes_the_rest() {
        let d = doc(vec![text(Lang::En, "T", "A <b>chatbot</b> & more", "")]);
        let n = Needles::new(&analysis::words("chatbots "));
        let h = hit(d, &n, Some(Lang::En));
        assert_eq!(
            h.snippet,
            "A &lt;b&gt;<mark>chatbot</mark>&lt;/b&gt; &amp; more"
        );
    }

    #[test]
    fn a_hit_is_shown_in_the_readers_language_else_in_the_language_that_matched() {
        let d = doc(vec![
            text(Lang::En, "Parking", "Sensors show free spaces.", ""),
            text(Lang::De, "Parken", "Sensoren zeigen freie Plätze.", ""),
        ]);
        let n = Needles::new(&analysis::words("sensoren"));
        assert_eq!(hit(d.clone(), &n, Some(Lang::En)).lang, Lang::En);
        assert_eq!(hit(d.clone(), &n, Some(Lang::Fr)).lang, Lang::De);
        assert_eq!(hit(d, &Needles::new(&[]), Some(Lang::Fr)).lang, Lang::En);
    }

    #[test]
    fn a_body_match_shows_the_words_around_it() {
        let body = format!(
            "{} the sensor counts cars {}",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let d = doc(vec![text(Lang::En, "T", "Nothing here.", &body)]);
        let h = hit(d, &Needles::new(&analysis::words("sensor ")), None);
        assert!(
            h.snippet.starts_with('…') && h.snippet.ends_with('…'),
            "{}",
            h.snippet
        );
        assert!(
            h.snippet.contains("<mark>sensor</mark> counts"),
            "{}",
            h.snippet
        );
    }
}
