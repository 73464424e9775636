//! The editorial screens' read side (`app::desk::Desk`): what each screen shows, for the person asking,
//! never more than they may see.

use super::{Editorial, diff, form, translation};
use crate::domain::{ItemKind, Lang, Status};
use crate::store::SharedStore;
use app::account::{Action, Viewer};
use app::desk::*;
use std::sync::Arc;

pub struct DeskService {
    store: SharedStore,
    auth: Arc<crate::auth::Auth>,
    editorial: Arc<Editorial>,
}

fn fail(e: impl std::fmt::Display) -> DeskError {
    tracing::error!("desk: {e}");
    DeskError::Unavailable
}

/// The workflow moves from `status` (as `transition` allows them).
pub fn moves(status: Status) -> Vec<Status> {
    use Status::*;
    let to: &[Status] = match status {
        Draft => &[Review],
        Review => &[Published, Draft],
        Published => &[Unpublished],
        Unpublished => &[Published, Draft],
    };
    to.to_vec()
}

impl DeskService {
    pub fn new(
        store: SharedStore,
        auth: Arc<crate::auth::Auth>,
        editorial: Arc<Editorial>,
    ) -> Self {
        DeskService {
            store,
            auth,
            editorial,
        }
    }

    async fn partner_choices(&self, viewer: &Viewer) -> Result<Vec<Choice>, DeskError> {
        let partners = self.store.partners().await.map_err(fail)?;
        Ok(partners
            .into_iter()
            .filter(|p| viewer.edits_for(&p.slug))
            .map(|p| Choice {
                value: p.slug,
                label: p.name,
            })
            .collect())
    }

    async fn theme_choices(&self, lang: Lang) -> Result<Vec<Choice>, DeskError> {
        Ok(self
            .store
            .themes()
            .await
            .map_err(fail)?
            .into_iter()
            .map(|t| Choice {
                label: t.name(lang).to_string(),
                value: t.slug,
            })
            .collect())
    }

    /// The editor's view of one file, filled from the store (or empty for a new item).
    pub async fn editor_view(
        &self,
        viewer: &Viewer,
        lang: Lang,
        kind: ItemKind,
        slug: Option<String>,
        text_lang: Option<Lang>,
    ) -> Result<EditorView, DeskError> {
        let item = kind;
        let partners = self.partner_choices(viewer).await?;
        let themes = self.theme_choices(lang).await?;
        let Some(slug) = slug else {
            let may = match kind {
                ItemKind::Case => !partners.is_empty(),
                ItemKind::Magazine => {
                    viewer.is_admin() || viewer.edited_partners().is_some_and(|p| !p.is_empty())
                }
            };
            if !may {
                return Err(DeskError::Forbidden);
            }
            let text_lang = text_lang.unwrap_or(lang);
            let mut form = EditForm {
                published: chrono::Utc::now().format("%Y-%m-%d").to_string(),
                ..EditForm::default()
            };
            if partners.len() == 1 {
                form.partner = partners[0].value.clone();
            }
            return Ok(EditorView {
                viewer: viewer.clone(),
                kind,
                slug: None,
                text_lang,
                source_lang: None,
                languages: vec![],
                status: None,
                form,
                errors: vec![],
                notice: None,
                preview: None,
                partners,
                themes,
                images: vec![],
                may_publish: false,
                moves: vec![],
                restored_draft: None,
                translation: None,
            });
        };
        let Some((status, owner)) = self.editorial.owner(item, &slug).await.map_err(fail)? else {
            return Err(DeskError::NotFound);
        };
        if !self
            .editorial
            .may_open(viewer, item, &slug)
            .await
            .map_err(fail)?
        {
            return Err(DeskError::Forbidden);
        }
        let files = self
            .store
            .accounts()
            .item_files(item, &slug)
            .await
            .map_err(fail)?;
        let source = self
            .store
            .source_file(item, &slug)
            .await
            .map_err(fail)?
            .map(|f| f.lang);
        let text_lang = text_lang.or(source).unwrap_or(lang);
        let languages: Vec<Lang> = files.iter().map(|f| f.lang).collect();
        let source_file = files.iter().find(|f| Some(f.lang) == source);
        let mut form = match files.iter().find(|f| f.lang == text_lang) {
            Some(f) => {
                form::decompose(item, &slug, text_lang, &f.raw).ok_or(DeskError::Unavailable)?
            }
            None => {
                // A translation not written yet: the source's words to start from.
                let mut start = source_file
                    .and_then(|f| form::decompose(item, &slug, f.lang, &f.raw))
                    .unwrap_or_default();
                start.translated_from = source;
                start
            }
        };
        // A translation saved from here follows the source as the translator sees it now.
        if form.translated_from.is_some()
            && let Some(s) = source_file
        {
            form = translation::with_source_hash(form, s);
        }
        let aid = match source {
            Some(source_lang) => self
                .editorial
                .translation_aid(item, &slug, text_lang, source_lang, &files)
                .await
                .map_err(fail)?,
            None => None,
        };
        let path = format!("{}/{slug}/{text_lang}.md", item.dir());
        let restored_draft = match self
            .store
            .accounts()
            .draft(&viewer.account_id, &path)
            .await
            .map_err(fail)?
        {
            Some((content, saved_at)) => match serde_json::from_str::<EditForm>(&content) {
                Ok(d) if d != form => {
                    form = d;
                    Some(saved_at)
                }
                _ => None,
            },
            None => None,
        };
        let may_edit = match item {
            ItemKind::Case => owner
                .as_deref()
                .is_some_and(|p| viewer.may(&Action::EditCase { partner: p })),
            ItemKind::Magazine => viewer.may(&Action::EditMagazine {
                owner: owner.as_deref(),
            }),
        };
        let images = self
            .store
            .asset_paths()
            .await
            .map_err(fail)?
            .into_iter()
            .filter_map(|p| {
                p.strip_prefix(&format!("{}/{slug}/", item.dir()))
                    .map(str::to_string)
            })
            .collect();
        Ok(EditorView {
            viewer: viewer.clone(),
            kind,
            slug: Some(slug),
            text_lang,
            source_lang: source,
            languages,
            status: Some(status),
            form,
            errors: vec![],
            notice: None,
            preview: None,
            partners,
            themes,
            images,
            may_publish: may_edit,
            moves: if may_edit { moves(status) } else { vec![] },
            restored_draft,
            translation: aid,
        })
    }
}

fn entry_of(i: crate::store::accounts::DeskItem) -> DeskEntry {
    DeskEntry {
        kind: i.kind,
        slug: i.slug,
        title: i.title,
        status: i.status,
        partner: i.partner,
        source_lang: i.source_lang,
        languages: i.languages,
    }
}

#[async_trait::async_trait]
impl Desk for DeskService {
    async fn desk(&self, viewer: &Viewer) -> Result<DeskView, DeskError> {
        let partners = viewer.edited_partners();
        let mut items: Vec<DeskEntry> = self
            .store
            .accounts()
            .desk_items(partners.as_deref())
            .await
            .map_err(fail)?
            .into_iter()
            .map(entry_of)
            .collect();
        // Translators see every published case: any may need their language.
        if viewer.has(&app::account::Grant::Translator) && partners.is_some() {
            let all = self.store.accounts().desk_items(None).await.map_err(fail)?;
            for i in all {
                if i.status == Status::Published && !items.iter().any(|e| e.slug == i.slug) {
                    items.push(entry_of(i));
                }
            }
        }
        let partner_choices = self.partner_choices(viewer).await?;
        let own = self
            .store
            .comments()
            .partner_moderation()
            .await
            .map_err(fail)?;
        let moderation = partner_choices
            .iter()
            .map(|p| {
                let mode = own.get(&p.value).cloned().unwrap_or_else(|| "site".into());
                (p.clone(), mode)
            })
            .collect();
        Ok(DeskView {
            viewer: viewer.clone(),
            moderation,
            items,
            may_create_magazine: viewer.is_admin() || !partner_choices.is_empty(),
            partners: partner_choices,
        })
    }

    async fn editor(
        &self,
        viewer: &Viewer,
        lang: Lang,
        kind: ItemKind,
        slug: Option<String>,
        text_lang: Option<Lang>,
    ) -> Result<EditorView, DeskError> {
        self.editor_view(viewer, lang, kind, slug, text_lang).await
    }

    async fn history(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: String,
        text_lang: Option<Lang>,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<HistoryView, DeskError> {
        let item = kind;
        if self
            .editorial
            .owner(item, &slug)
            .await
            .map_err(fail)?
            .is_none()
        {
            return Err(DeskError::NotFound);
        }
        let source = self.store.source_file(item, &slug).await.map_err(fail)?;
        let text_lang = text_lang
            .or(source.as_ref().map(|s| s.lang))
            .unwrap_or(Lang::En);
        let revisions = match self.editorial.history(viewer, item, &slug, text_lang).await {
            Ok(r) => r,
            Err(super::EditError::Forbidden(_)) => return Err(DeskError::Forbidden),
            Err(e) => return Err(fail(e)),
        };
        let files = self
            .store
            .accounts()
            .item_files(item, &slug)
            .await
            .map_err(fail)?;
        let title = files
            .iter()
            .find(|f| f.lang == text_lang)
            .and_then(|f| form::decompose(item, &slug, f.lang, &f.raw))
            .map(|f| f.title)
            .unwrap_or_else(|| slug.clone());
        let last = revisions.last().map(|r| r.revision);
        let to = to.or(last);
        let from = from.or_else(|| to.map(|t| t - 1).filter(|f| *f >= 1));
        let content = |n: Option<i64>| {
            n.and_then(|n| revisions.iter().find(|r| r.revision == n))
                .and_then(|r| r.content.clone())
                .unwrap_or_default()
        };
        let diff = if from.is_some() || to.is_some() {
            diff::lines(&content(from), &content(to), 3)
        } else {
            vec![]
        };
        let events = self
            .store
            .accounts()
            .workflow_events(item, &slug)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| WorkflowRow {
                from: e.from,
                to: e.to,
                author: e.author,
                note: e.note.unwrap_or_default(),
                created_at: e.created_at,
            })
            .collect();
        let adoption_history = match item {
            ItemKind::Case => self
                .store
                .accounts()
                .history(&format!("cases/{slug}/adoptions.toml"))
                .await
                .map_err(fail)?,
            ItemKind::Magazine => Vec::new(),
        };
        Ok(HistoryView {
            adoptions_file: adoption_history.last().and_then(|r| r.content.clone()),
            adoption_revisions: adoption_history
                .iter()
                .rev()
                .map(|r| RevisionRow {
                    revision: r.revision,
                    created_at: r.created_at.clone(),
                    author: r.author.clone().unwrap_or_else(|| "import".into()),
                    note: r.note.clone().unwrap_or_default(),
                })
                .collect(),
            viewer: viewer.clone(),
            kind,
            slug,
            title,
            text_lang,
            languages: files.iter().map(|f| f.lang).collect(),
            revisions: revisions
                .iter()
                .rev()
                .map(|r| RevisionRow {
                    revision: r.revision,
                    created_at: r.created_at.clone(),
                    author: r.author.clone().unwrap_or_else(|| "import".into()),
                    note: r.note.clone().unwrap_or_default(),
                })
                .collect(),
            events,
            from,
            to,
            diff,
            may_revert: true,
            notice: None,
            errors: vec![],
        })
    }

    async fn translate_desk(
        &self,
        viewer: &Viewer,
        lang: Lang,
        filter: TranslateFilter,
    ) -> Result<TranslateDeskView, DeskError> {
        if !(viewer.has(&app::account::Grant::Translator) || viewer.may_edit_anything()) {
            return Err(DeskError::Forbidden);
        }
        const PER_PAGE: usize = 100;
        let items = self
            .store
            .accounts()
            .translation_items()
            .await
            .map_err(fail)?;
        let (rows, counts) = translation::desk_rows(&items, &filter);
        let total = rows.len();
        let pages = total.div_ceil(PER_PAGE).max(1) as u32;
        let page = filter.page.clamp(1, pages);
        let rows = rows
            .into_iter()
            .skip((page as usize - 1) * PER_PAGE)
            .take(PER_PAGE)
            .collect();
        let partners = self
            .store
            .partners()
            .await
            .map_err(fail)?
            .into_iter()
            .map(|p| Choice {
                value: p.slug,
                label: p.name,
            })
            .collect();
        let themes = self.theme_choices(lang).await?;
        Ok(TranslateDeskView {
            viewer: viewer.clone(),
            filter: TranslateFilter { page, ..filter },
            rows,
            total,
            pages,
            counts,
            partners,
            themes,
        })
    }

    async fn account(&self, viewer: &Viewer) -> Result<AccountView, DeskError> {
        let tokens = self.auth.tokens(viewer).await.map_err(fail)?;
        Ok(AccountView {
            viewer: viewer.clone(),
            tokens: tokens
                .into_iter()
                .map(|t| TokenRow {
                    id: t.id,
                    name: t.name,
                    created_at: t.created_at,
                    last_used_at: t.last_used_at,
                    revoked: t.revoked_at.is_some(),
                    expires_at: t.expires_at,
                })
                .collect(),
            new_token: None,
            notice: None,
            errors: vec![],
        })
    }

    async fn admin(&self, viewer: &Viewer) -> Result<AdminView, DeskError> {
        if !viewer.may(&Action::Administer) {
            return Err(DeskError::Forbidden);
        }
        let accounts = self
            .store
            .accounts()
            .all_accounts()
            .await
            .map_err(fail)?
            .into_iter()
            .map(|a| AccountRow {
                id: a.id,
                email: a.email,
                name: a.name,
                grants: a.grants.iter().map(|g| g.code()).collect(),
                disabled: a.disabled,
            })
            .collect();
        let partners = self.store.partners().await.map_err(fail)?;
        let themes = self.store.themes().await.map_err(fail)?;
        let partners_toml = crate::exchange::export::partners_toml(&partners);
        let themes_toml = crate::exchange::export::themes_toml(&themes);
        Ok(AdminView {
            viewer: viewer.clone(),
            accounts,
            partners: partners
                .into_iter()
                .map(|p| Choice {
                    value: p.slug,
                    label: p.name,
                })
                .collect(),
            themes: themes
                .into_iter()
                .map(|t| Choice {
                    label: t.name(Lang::En).to_string(),
                    value: t.slug,
                })
                .collect(),
            secret: None,
            notice: None,
            errors: vec![],
            partners_toml,
            themes_toml,
        })
    }

    async fn reset_link_live(&self, token: &str) -> Result<bool, DeskError> {
        self.auth.reset_link_live(token).await.map_err(fail)
    }
}
