//! A readable difference between two revisions of a file: its lines (front matter and body alike, so
//! metadata changes show as well as text), and within a changed line the words that changed.

use app::desk::{DiffLine, DiffPart, LineChange};
use similar::{ChangeTag, TextDiff};

/// Lines of `old` → `new`, unchanged stretches of more than `context` lines around a change left out.
pub fn lines(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(context) {
        if !out.is_empty() {
            out.push(DiffLine {
                change: LineChange::Gap,
                parts: vec![],
            });
        }
        for op in group {
            for change in diff.iter_inline_changes(&op) {
                let kind = match change.tag() {
                    ChangeTag::Equal => LineChange::Same,
                    ChangeTag::Delete => LineChange::Removed,
                    ChangeTag::Insert => LineChange::Added,
                };
                let parts = change
                    .iter_strings_lossy()
                    .map(|(emphasised, text)| DiffPart {
                        changed: emphasised,
                        text: text.trim_end_matches('\n').to_string(),
                    })
                    .filter(|p| !p.text.is_empty())
                    .collect();
                out.push(DiffLine {
                    change: kind,
                    parts,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_marked_within_its_line() {
        let d = lines(
            "title = \"A\"\n\nThe town tried it.\n",
            "title = \"B\"\n\nThe town tried it.\n",
            3,
        );
        let removed: Vec<_> = d
            .iter()
            .filter(|l| l.change == LineChange::Removed)
            .collect();
        let added: Vec<_> = d.iter().filter(|l| l.change == LineChange::Added).collect();
        assert_eq!(removed.len(), 1);
        assert_eq!(added.len(), 1);
        assert!(
            added[0]
                .parts
                .iter()
                .any(|p| p.changed && p.text.contains('B'))
        );
        assert!(d.iter().any(|l| l.change == LineChange::Same));
    }

    #[test]
    fn the_same_text_has_no_difference() {
        assert!(lines("a\nb\n", "a\nb\n", 3).is_empty());
    }
}
