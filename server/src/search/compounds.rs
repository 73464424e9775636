//! German compound words split into their parts, so `Beteiligung` finds `Bürgerbeteiligung` and
//! `Parkplatzsensoren` is found by `Sensoren`. A word splits when it is made wholly of words of the shipped
//! list (`compounds_de.txt`), optionally joined by a linking `s`, `es`, `n`, `en` or `e`; the fewest parts win.

use std::collections::HashSet;
use std::sync::LazyLock;

static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("compounds_de.txt")
        .lines()
        .map(str::trim)
        .filter(|w| w.chars().count() >= 3)
        .collect()
});

/// Words shorter than this are not compounds worth splitting.
const MIN_COMPOUND: usize = 7;
const MIN_PART: usize = 3;
const LINKS: [&str; 5] = ["s", "es", "n", "en", "e"];

/// The parts of a lower-case German compound, or `None` when it is not one.
pub fn split(word: &str) -> Option<Vec<String>> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < MIN_COMPOUND {
        return None;
    }
    let n = chars.len();
    let byte = |i: usize| if i == n { word.len() } else { chars[i].0 };
    // best[i]: the fewest parts covering word[i..], and where the first part ends.
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
    best[n] = Some((0, n, n));
    for i in (0..n).rev() {
        for j in (i + MIN_PART)..=n {
            let part = &word[byte(i)..byte(j)];
            if !WORDS.contains(part) {
                continue;
            }
            // The part may be followed directly by the next one or by a linking element.
            let mut nexts = vec![j];
            for link in LINKS {
                if word[byte(j)..].starts_with(link) && j + link.len() < n {
                    nexts.push(j + link.chars().count());
                }
            }
            for next in nexts {
                if let Some((parts, _, _)) = best[next] {
                    let candidate = (parts + 1, j, next);
                    if best[i].is_none_or(|b| candidate.0 < b.0) {
                        best[i] = Some(candidate);
                    }
                }
            }
        }
    }
    let (count, _, _) = best[0]?;
    if count < 2 {
        return None;
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < n {
        let (_, end, next) = best[i]?;
        parts.push(word[byte(i)..byte(end)].to_string());
        i = next;
    }
    Some(parts)
}

/// The parts of every compound in a German text, as words separated by spaces: indexed beside the text.
pub fn parts_of_text(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() < MIN_COMPOUND {
            continue;
        }
        if let Some(parts) = split(&word.to_lowercase()) {
            for p in parts {
                out.push_str(&p);
                out.push(' ');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_split_into_listed_words_with_linking_letters() {
        assert_eq!(
            split("bürgerbeteiligung"),
            Some(vec!["bürger".into(), "beteiligung".into()])
        );
        assert_eq!(
            split("verwaltungsdienst"),
            Some(vec!["verwaltung".into(), "dienst".into()])
        );
        assert_eq!(split("bürger"), None);
        assert_eq!(split("xyzabcdefg"), None);
    }
}
