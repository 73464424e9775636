//! The editor's services: saving a case or magazine file (from the editor, the write API or a revert),
//! moving it through the workflow, uploading its images, and reading its history. Every call checks who
//! may do it first (`app::account::Viewer::may`), then writes through the same import path as a content
//! tree, so the editor and the API validate exactly as `likewise import` does, and every save is a
//! revision with its author and note, and a change-log record that refreshes caches and the search index.

pub mod adoptions;
pub mod desk;
pub mod diff;
pub mod form;
pub mod library_files;
pub mod screen;
pub mod translation;
pub mod upload;

use crate::content::parse;
use crate::domain::{ItemKind, Lang, Status};
use crate::exchange::import::{self, Status as LineStatus};
use crate::store::{Edit, Expect, Outcome, SharedStore, StoreError, as_author};
use app::account::{Action, Viewer};

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Signed in, but not allowed: a 403.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The file (or form) is refused: the reason names the key and, where known, the line.
    #[error("{message}")]
    Invalid {
        line: Option<usize>,
        field: Option<String>,
        message: String,
    },
    /// Valid on its own, but not in the item's present state.
    #[error("{0}")]
    Conflict(String),
    /// "Mark as current" with words typed since the page was loaded: they must be saved, not dropped.
    #[error("words were changed; save them instead of marking the translation as current")]
    Unsaved,
    #[error(transparent)]
    Store(StoreError),
    #[error("the file could not be staged: {0}")]
    Io(#[from] std::io::Error),
}

/// A store's conflict is the item's state refusing the write (it exists, or changed meanwhile): a 409.
impl From<StoreError> for EditError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => EditError::Conflict(m),
            e => EditError::Store(e),
        }
    }
}

impl EditError {
    /// A refusal about one key of a request or file (`organisation.partner`, `adoptions[2].case`).
    pub fn invalid_key(key: impl Into<String>, message: impl Into<String>) -> Self {
        EditError::Invalid {
            line: None,
            field: Some(key.into()),
            message: message.into(),
        }
    }

    pub fn invalid(field: Option<&str>, message: impl Into<String>) -> Self {
        EditError::Invalid {
            line: None,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// How a save treats an item that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveMode {
    /// Refuse when the item (for a source file) exists: `POST`.
    Create,
    /// Create or replace: `PUT` and the editor.
    Upsert,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub outcome: Outcome,
    pub status: Status,
}

pub struct Editorial {
    store: SharedStore,
}

/// The editor form's field of a front-matter key a refusal is about (`image.alt` is `image_alt`), so the
/// form shows the refusal beside it; none for a key the form has no field of.
pub fn field_of(key: Option<&str>) -> Option<String> {
    let key = key?.replace('.', "_");
    // `image.alt` is the form's `image_alt`, `contact.email` its `contact_email`.
    const KEYS: &[&str] = &[
        "title",
        "summary",
        "partner",
        "themes",
        "published",
        "updated",
        "tags",
        "stage",
        "started",
        "cost_eur",
        "contact",
        "contact_name",
        "contact_email",
        "links",
        "image",
        "image_alt",
        "number",
        "cases",
        "cover",
        "cover_alt",
        "translated_from",
        "slug",
        "note",
        "body",
    ];
    KEYS.contains(&key.as_str()).then_some(key)
}

impl Editorial {
    pub fn new(store: SharedStore) -> Self {
        Editorial { store }
    }

    /// Whether `viewer` may edit the item as it is stored (`None`: it does not exist).
    pub async fn owner(
        &self,
        kind: ItemKind,
        slug: &str,
    ) -> Result<Option<(Status, Option<String>)>, EditError> {
        Ok(self.store.accounts().item_owner(kind, slug).await?)
    }

    fn may_edit(viewer: &Viewer, kind: ItemKind, owner: Option<&str>) -> bool {
        match kind {
            ItemKind::Case => owner.is_some_and(|p| viewer.may(&Action::EditCase { partner: p })),
            ItemKind::Magazine => viewer.may(&Action::EditMagazine { owner }),
        }
    }

    /// Whether `viewer` may see the editor, history and drafts of a stored item: an editor of it or a
    /// translator of it.
    pub async fn may_open(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
    ) -> Result<bool, EditError> {
        Ok(match self.owner(kind, slug).await? {
            None => false,
            Some((_, owner)) => Self::may_open_owned(viewer, kind, owner.as_deref()),
        })
    }

    /// [`Editorial::may_open`] for an item whose owner is known.
    pub fn may_open_owned(viewer: &Viewer, kind: ItemKind, owner: Option<&str>) -> bool {
        Self::may_edit(viewer, kind, owner) || viewer.may(&Action::Translate { partner: owner })
    }

    /// Saves one file of a case or magazine. `owner` is the partner a new magazine belongs to (ignored
    /// otherwise; an editor of one partner needs not give it).
    #[allow(clippy::too_many_arguments)]
    pub async fn save(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        raw: &str,
        note: Option<String>,
        mode: SaveMode,
        owner: Option<String>,
    ) -> Result<Saved, EditError> {
        let existing = self.owner(kind, slug).await?;
        let parsed =
            import::Parsed::parse(kind, slug, lang, raw).map_err(|p| EditError::Invalid {
                line: p.line,
                field: field_of(p.key.as_deref()),
                message: p.message,
            })?;
        let (is_source, partner) = parsed.source_of();
        let partner = partner.map(str::to_string);
        let noun = noun(kind);
        let mut new_owner = None;
        // What this decision rests on, checked again where the write is applied.
        let expect = match &existing {
            None => Expect::Absent,
            Some((_, owner)) => Expect::Owner(owner.clone()),
        };
        if is_source {
            if mode == SaveMode::Create && existing.is_some() {
                return Err(EditError::Conflict(format!(
                    "{noun} `{slug}` exists; use PUT to replace it"
                )));
            }
            match (&existing, kind) {
                (Some((_, old)), _) => {
                    if !Self::may_edit(viewer, kind, old.as_deref()) {
                        return Err(forbidden(noun, slug));
                    }
                }
                (None, ItemKind::Magazine) => {
                    new_owner = match owner {
                        Some(p) => Some(p),
                        None if viewer.is_admin() => None,
                        None => match viewer.edited_partners().as_deref() {
                            Some([one]) => Some(one.clone()),
                            Some([]) => return Err(forbidden(noun, slug)),
                            _ => {
                                return Err(EditError::invalid(
                                    Some("partner"),
                                    "say which partner the new magazine belongs to",
                                ));
                            }
                        },
                    };
                    if !Self::may_edit(viewer, kind, new_owner.as_deref()) {
                        return Err(forbidden(noun, slug));
                    }
                }
                (None, ItemKind::Case) => {}
            }
            if let Some(p) = &partner
                && !viewer.may(&Action::EditCase { partner: p })
            {
                return Err(EditError::Forbidden(format!(
                    "you may not write cases of partner `{p}`"
                )));
            }
            if let Some(file) = self.store.source_file(kind, slug).await?
                && file.lang != lang
            {
                return Err(EditError::Conflict(format!(
                    "the source of {noun} `{slug}` is in `{}`; a file without `translated_from` must be {}.md",
                    file.lang, file.lang
                )));
            }
        } else {
            let Some((_, owner)) = &existing else {
                return Err(EditError::NotFound(format!(
                    "there is no {noun} `{slug}` to translate"
                )));
            };
            if !viewer.may(&Action::Translate {
                partner: owner.as_deref(),
            }) && !Self::may_edit(viewer, kind, owner.as_deref())
            {
                return Err(forbidden(noun, slug));
            }
        }
        let edit = Edit {
            note: note.filter(|n| !n.trim().is_empty()),
            new_status: Status::Draft,
            owner: new_owner,
            expect,
            ..Edit::by(&viewer.email)
        };
        let outcome = self.import_one(edit, slug, parsed).await?;
        let status = self
            .owner(kind, slug)
            .await?
            .map(|(s, _)| s)
            .unwrap_or(Status::Draft);
        Ok(Saved { outcome, status })
    }

    /// Imports one parsed file as a content tree holding only it would be, as `edit` says.
    async fn import_one(
        &self,
        edit: Edit,
        slug: &str,
        parsed: import::Parsed,
    ) -> Result<Outcome, EditError> {
        let line = as_author(edit, import::import_parsed(&*self.store, slug, parsed))
            .await
            .map_err(|e| match e {
                import::ImportError::Store(s) => EditError::from(s),
                import::ImportError::Io { source, .. } => EditError::Io(source),
            })?;
        Ok(match line.status {
            LineStatus::Rejected => {
                return Err(EditError::Invalid {
                    line: line.line,
                    field: field_of(line.key.as_deref()),
                    message: line.reason.unwrap_or_default(),
                });
            }
            LineStatus::Added => Outcome::Added,
            LineStatus::Updated => Outcome::Updated,
            LineStatus::Unchanged => Outcome::Unchanged,
        })
    }

    /// Moves an item through draft → review → published → unpublished. Sending an item back from review
    /// needs a note saying why.
    pub async fn transition(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        to: Status,
        note: Option<String>,
    ) -> Result<Status, EditError> {
        let noun = noun(kind);
        let Some((from, owner)) = self.owner(kind, slug).await? else {
            return Err(EditError::NotFound(format!("there is no {noun} `{slug}`")));
        };
        if !Self::may_edit(viewer, kind, owner.as_deref()) {
            return Err(forbidden(noun, slug));
        }
        let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        if from == to {
            return Ok(to);
        }
        use Status::*;
        let allowed = matches!(
            (from, to),
            (Draft, Review)
                | (Review, Draft)
                | (Review, Published)
                | (Published, Unpublished)
                | (Unpublished, Published)
                | (Unpublished, Draft)
        );
        if !allowed {
            return Err(EditError::Conflict(format!(
                "a {noun} in {} cannot move to {}{}",
                from.code(),
                to.code(),
                if to == Published {
                    "; send it to review first"
                } else {
                    ""
                }
            )));
        }
        if (from, to) == (Review, Draft) && note.is_none() {
            return Err(EditError::invalid(
                Some("note"),
                "say in a short note why it goes back to draft",
            ));
        }
        let edit = Edit {
            note,
            new_status: Status::Draft,
            expect: Expect::OwnerIn(owner, from),
            ..Edit::by(&viewer.email)
        };
        as_author(edit, self.store.set_status(kind, slug, to)).await?;
        Ok(to)
    }

    /// Stores an uploaded image beside an item; `partner` is the partner of a case not saved yet. Returns
    /// the file's name in the item's folder.
    pub async fn upload(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        partner: Option<&str>,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<String, EditError> {
        parse::check_slug(&format!("{} slug", noun(kind)), slug)
            .map_err(|m| EditError::invalid(Some("slug"), m))?;
        let existing = self.owner(kind, slug).await?;
        let allowed = match &existing {
            Some((_, owner)) => Self::may_edit(viewer, kind, owner.as_deref()),
            None => match kind {
                ItemKind::Case => {
                    partner.is_some_and(|p| viewer.may(&Action::EditCase { partner: p }))
                }
                ItemKind::Magazine => viewer.may(&Action::EditMagazine { owner: partner }),
            },
        };
        if !allowed {
            return Err(forbidden(noun(kind), slug));
        }
        let checked = upload::check(name, &bytes)?;
        // Beside an item not created yet, the file is the uploader's partner's until the item exists.
        let edit = Edit {
            new_status: Status::Draft,
            owner: partner.map(str::to_string),
            expect: match existing {
                None => Expect::Absent,
                Some((_, owner)) => Expect::Owner(owner),
            },
            ..Edit::by(&viewer.email)
        };
        // The smaller copies for srcset first, made once here: the picture's own row is the one its page
        // waits for.
        let copies = {
            let (content_type, bytes) = (checked.content_type, checked.bytes.clone());
            tokio::task::spawn_blocking(move || {
                crate::content::pictures::variants(content_type, &bytes)
            })
            .await
            .unwrap_or_default()
        };
        for (width, bytes) in copies {
            if let Some(variant) = crate::content::pictures::variant_name(&checked.name, width) {
                let copy = crate::store::Asset {
                    path: format!("{}/{slug}/{variant}", kind.dir()),
                    content_type: checked.content_type.to_string(),
                    bytes,
                };
                as_author(edit.clone(), self.store.put_asset(&copy)).await?;
            }
        }
        let asset = crate::store::Asset {
            path: format!("{}/{slug}/{}", kind.dir(), checked.name),
            content_type: checked.content_type.to_string(),
            bytes: checked.bytes,
        };
        as_author(edit, self.store.put_asset(&asset)).await?;
        Ok(checked.name)
    }

    /// The history of one language of an item, for those who may open it.
    pub async fn history(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
    ) -> Result<Vec<crate::store::accounts::RevisionEntry>, EditError> {
        if !self.may_open(viewer, kind, slug).await? {
            return Err(forbidden(noun(kind), slug));
        }
        Ok(self
            .store
            .accounts()
            .history(&format!("{}/{slug}/{lang}.md", kind.dir()))
            .await?)
    }

    /// Saves an earlier revision again, as a new revision: nothing of the history is lost.
    pub async fn revert(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        revision: i64,
    ) -> Result<Saved, EditError> {
        let history = self.history(viewer, kind, slug, lang).await?;
        let Some(content) = history
            .into_iter()
            .find(|r| r.revision == revision)
            .and_then(|r| r.content)
        else {
            return Err(EditError::NotFound(format!(
                "there is no revision {revision}"
            )));
        };
        self.save(
            viewer,
            kind,
            slug,
            lang,
            &content,
            Some(format!("Reverted to revision {revision}")),
            SaveMode::Upsert,
            None,
        )
        .await
    }
}

fn noun(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Case => "case",
        ItemKind::Magazine => "magazine",
    }
}

fn forbidden(noun: &str, slug: &str) -> EditError {
    EditError::Forbidden(format!("you may not change {noun} `{slug}`"))
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn a_refusal_is_shown_beside_the_field_of_its_key() {
        assert_eq!(field_of(Some("title")).as_deref(), Some("title"));
        assert_eq!(field_of(Some("image.alt")).as_deref(), Some("image_alt"));
        assert_eq!(
            field_of(Some("contact.email")).as_deref(),
            Some("contact_email")
        );
        assert_eq!(field_of(Some("made_up")), None);
        assert_eq!(field_of(None), None);
    }
}
