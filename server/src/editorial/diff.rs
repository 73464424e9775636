//! A readable difference between two revisions of a file: its lines (front matter and body alike, so
//! metadata changes show as well as text), and within a changed line the words that changed.

use app::desk::{DiffLine, DiffPart, LineChange};
use similar::{ChangeTag, TextDiff};
use std::time::Duration;

/// The time a diff may take: two revisions written to be as unlike as possible cost quadratic time, and a
/// history page must not become a way to keep the server busy. Past it, the diff is coarser (whole lines
/// rather than the least of them), never wrong.
const BUDGET: Duration = Duration::from_millis(250);
/// The most lines a diff shows; past them a gap says that more changed.
pub const MAX_LINES: usize = 2_000;

/// Lines of `old` → `new`, unchanged stretches of more than `context` lines around a change left out.
pub fn lines(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::configure().timeout(BUDGET).diff_lines(old, new);
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
                if out.len() >= MAX_LINES {
                    out.push(DiffLine {
                        change: LineChange::Gap,
                        parts: vec![],
                    });
                    return out;
                }
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
    fn a_diff_of_two_long_unlike_files_is_cut_short() {
        let a: String = (0..20_000)
            .map(|i| format!("line {i} of the old text\n"))
            .collect();
        let b: String = (0..20_000)
            .map(|i| format!("other {} line\n", i * 7))
            .collect();
        let d = lines(&a, &b, 3);
        assert!(d.len() <= MAX_LINES + 50, "{}", d.len());
        assert_eq!(d.last().unwrap().change, LineChange::Gap);
    }

    #[test]
    fn the_same_text_has_no_difference() {
        assert!(lines("a\nb\n", "a\nb\n", 3).is_empty());
    }
}
