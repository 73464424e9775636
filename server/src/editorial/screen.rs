//! What the editor screen asks of the editorial service beyond a save: a preview of what is typed, rendered
//! by the site's own pipeline, and "mark as current", which records a review of a translation without
//! edits and so must refuse words typed meanwhile (they are saved, not lost).

use super::{EditError, Editorial, Saved, field_of, form};
use crate::content::{markdown, parse};
use crate::domain::{ItemKind, Lang};
use app::account::Viewer;
use app::desk::{EditForm, Preview};

/// The words of a composed file, as the import would read them.
fn parse_text(
    kind: ItemKind,
    slug: &str,
    lang: Lang,
    raw: &str,
) -> Result<crate::domain::Text, EditError> {
    match kind {
        ItemKind::Case => parse::parse_case(slug, lang.code(), raw).map(|d| d.text),
        ItemKind::Magazine => parse::parse_magazine(slug, lang.code(), raw).map(|d| d.text),
    }
    .map_err(|p| EditError::Invalid {
        line: p.line,
        field: field_of(p.key.as_deref()),
        message: p.message,
    })
}

/// The words that "mark as current" must find unchanged.
fn words(f: &EditForm) -> [String; 5] {
    [&f.title, &f.summary, &f.tags, &f.image_alt, &f.body].map(|s| s.trim().replace("\r\n", "\n"))
}

impl Editorial {
    /// The form as readers would see it, rendered now; nothing is stored.
    pub fn preview(
        &self,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        typed: &EditForm,
    ) -> Result<Preview, EditError> {
        let text = parse_text(kind, slug, lang, &form::compose(kind, typed))?;
        Ok(Preview {
            html: markdown::render(&text.body, &kind.media_base(slug)),
            title: text.title,
            summary: text.summary,
        })
    }

    /// Marks a translation as following its source as it is now, if what was typed is what is stored;
    /// [`EditError::Unsaved`] otherwise.
    pub async fn mark_current_as_typed(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        typed: &EditForm,
    ) -> Result<Saved, EditError> {
        let stored = self
            .store
            .accounts()
            .item_files(kind, slug)
            .await?
            .into_iter()
            .find(|f| f.lang == lang)
            .and_then(|f| form::decompose(kind, slug, lang, &f.raw));
        if stored.is_some_and(|s| words(&s) != words(typed)) {
            return Err(EditError::Unsaved);
        }
        self.mark_current(viewer, kind, slug, lang, &typed.source_hash)
            .await
    }
}
