//! Keeping translations current: the source beside the translation, aligned by headings; what changed in
//! the source since the state a translation follows; "mark as current"; and the translator's desk.

use super::{EditError, Editorial, SaveMode, Saved, diff};
use crate::content::{frontmatter, markdown, parse};
use crate::domain::{ItemKind, Lang};
use crate::store::accounts::TranslationItem;
use crate::store::{SourceFile, TranslationState};
use app::account::Viewer;
use app::desk::{LangCount, Section, SectionPair, TranslateFilter, TranslateRow, TranslationAid};

/// The Markdown body cut before each heading (`#` to `######` outside fenced code); the text before the
/// first heading is a section of its own when there is any.
pub fn sections(body: &str, media_base: &str) -> Vec<Section> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut current = (String::new(), String::new());
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if t.starts_with('#') {
            let hashes = t.bytes().take_while(|b| *b == b'#').count();
            let rest = &t[hashes..];
            if hashes <= 6 && (rest.starts_with(' ') || rest.trim().is_empty()) {
                if !current.1.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.0 = rest.trim().trim_end_matches('#').trim().to_string();
            }
        }
        current.1.push_str(line);
    }
    if !current.1.trim().is_empty() {
        out.push(current);
    }
    out.into_iter()
        .map(|(heading, md)| Section {
            html: markdown::render(&md, media_base),
            heading,
            markdown: md.trim_end().to_string(),
        })
        .collect()
}

/// The n-th section of each beside each other.
pub fn pair(source: Vec<Section>, translation: Vec<Section>) -> Vec<SectionPair> {
    let n = source.len().max(translation.len());
    let mut s = source.into_iter();
    let mut t = translation.into_iter();
    (0..n)
        .map(|_| SectionPair {
            source: s.next(),
            translation: t.next(),
        })
        .collect()
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(parse::SOURCE_HASH_LEN)]
}

/// The state of the translation `file` of an item whose source is `source`.
pub fn state_of(source: &SourceFile, file: Option<&SourceFile>) -> TranslationState {
    match file {
        None => TranslationState::Missing,
        Some(f) => match &f.follows {
            Some(h) if h != short(&source.hash) => TranslationState::Outdated,
            _ => TranslationState::Current,
        },
    }
}

fn date(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_string()
}

impl Editorial {
    /// What the translator of `lang` sees beside the form.
    pub async fn translation_aid(
        &self,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        source_lang: Lang,
        files: &[SourceFile],
    ) -> Result<Option<TranslationAid>, EditError> {
        let Some(source) = files.iter().find(|f| f.lang == source_lang) else {
            return Ok(None);
        };
        if source.lang == lang {
            return Ok(None);
        }
        let base = kind.media_base(slug);
        let translation = files.iter().find(|f| f.lang == lang);
        let state = state_of(source, translation);
        let text_of = |f: &SourceFile| match kind {
            ItemKind::Case => parse::parse_case(slug, f.lang.code(), &f.raw)
                .ok()
                .map(|d| d.text),
            ItemKind::Magazine => parse::parse_magazine(slug, f.lang.code(), &f.raw)
                .ok()
                .map(|d| d.text),
        };
        let Some(source_text) = text_of(source) else {
            return Ok(None);
        };
        let translated = translation
            .and_then(text_of)
            .map(|t| sections(&t.body, &base))
            .unwrap_or_default();
        let history = self
            .store
            .accounts()
            .history(&format!("{}/{slug}/{}.md", kind.dir(), source.lang))
            .await?;
        let changes = match (state, translation.and_then(|t| t.follows.as_deref())) {
            (TranslationState::Outdated, Some(follows)) => {
                let old = history
                    .iter()
                    .rev()
                    .find(|r| r.hash.starts_with(follows))
                    .and_then(|r| r.content.clone())
                    .unwrap_or_default();
                diff::lines(&old, &source.raw, 2)
            }
            _ => vec![],
        };
        let source_updated = history
            .last()
            .map(|r| date(&r.created_at))
            .unwrap_or_default();
        Ok(Some(TranslationAid {
            state,
            source_lang: source.lang,
            source_title: source_text.title,
            source_summary: source_text.summary,
            source_tags: source_text.tags.join(", "),
            source_image_alt: source_text.image_alt.unwrap_or_default(),
            sections: pair(sections(&source_text.body, &base), translated),
            changes,
            source_updated,
        }))
    }

    /// Records that the translation into `lang` follows the source as it is now, without changing its
    /// words: its file gets the source's `source_hash`, saved as a revision like any other.
    pub async fn mark_current(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        source_hash: &str,
    ) -> Result<Saved, EditError> {
        let files = self.store.accounts().item_files(kind, slug).await?;
        let Some(file) = files.iter().find(|f| f.lang == lang && f.follows.is_some()) else {
            return Err(EditError::NotFound(format!(
                "there is no translation into `{lang}` to mark as current"
            )));
        };
        let hash = parse::check_source_hash(source_hash)
            .map_err(|m| EditError::invalid(Some("source_hash"), m))?;
        let raw = frontmatter::set_string_key(&file.raw, "source_hash", &hash)
            .map_err(|e| EditError::invalid(None, e.message))?;
        self.save(
            viewer,
            kind,
            slug,
            lang,
            &raw,
            Some("Marked as current: the source's changes need no change here".into()),
            SaveMode::Upsert,
            None,
        )
        .await
    }
}

/// The translator's desk: every published case × language that is missing or outdated, filtered, oldest
/// first (by when the source last changed, then by publication), with counts per language.
pub fn desk_rows(
    items: &[TranslationItem],
    filter: &TranslateFilter,
) -> (Vec<TranslateRow>, Vec<LangCount>) {
    let mut rows = Vec::new();
    let mut counts: Vec<LangCount> = Lang::ALL
        .iter()
        .map(|l| LangCount {
            lang: *l,
            missing: 0,
            outdated: 0,
        })
        .collect();
    for item in items {
        if filter.partner.as_ref().is_some_and(|p| *p != item.partner)
            || filter
                .theme
                .as_ref()
                .is_some_and(|t| !item.themes.contains(t))
        {
            continue;
        }
        for lang in Lang::ALL {
            if lang == item.source_lang {
                continue;
            }
            let state = match item.translations.iter().find(|(l, _)| *l == lang) {
                None => TranslationState::Missing,
                Some((_, Some(h))) if h != short(&item.source_hash) => TranslationState::Outdated,
                Some(_) => continue,
            };
            let count = counts
                .iter_mut()
                .find(|c| c.lang == lang)
                .expect("every language counted");
            match state {
                TranslationState::Missing => count.missing += 1,
                _ => count.outdated += 1,
            }
            if filter.lang.is_some_and(|l| l != lang) {
                continue;
            }
            let since = if state == TranslationState::Outdated && !item.source_written_at.is_empty()
            {
                date(&item.source_written_at)
            } else {
                item.published.clone()
            };
            rows.push(TranslateRow {
                slug: item.slug.clone(),
                title: item.title.clone(),
                partner: item.partner.clone(),
                source_lang: item.source_lang,
                lang,
                state,
                since,
            });
        }
    }
    rows.sort_by(|a, b| {
        a.since
            .cmp(&b.since)
            .then_with(|| a.slug.cmp(&b.slug))
            .then_with(|| a.lang.cmp(&b.lang))
    });
    (rows, counts)
}

/// The form fields a translation keeps from its own file when the editor opens, with the source state it
/// will record.
pub fn with_source_hash(mut f: app::desk::EditForm, source: &SourceFile) -> app::desk::EditForm {
    f.source_hash = short(&source.hash).to_string();
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_cut_before_each_heading_but_not_in_code() {
        let s = sections(
            "Intro.\n\n## Challenge\n\nText.\n\n```\n# not a heading\n```\n\n## Solution #\n\nMore.\n",
            "/media/cases/a/",
        );
        let headings: Vec<&str> = s.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(headings, ["", "Challenge", "Solution"]);
        assert!(s[1].markdown.contains("# not a heading"));
        let pairs = pair(s, vec![]);
        assert_eq!(pairs.len(), 3);
        assert!(pairs[0].translation.is_none());
    }
}
