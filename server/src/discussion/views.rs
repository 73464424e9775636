//! The comment screens' view models: what each person may see of a discussion, their notifications, and
//! the moderation queue.

use super::{Discussion, EDIT_WINDOW_MS, markup};
use crate::domain::{ItemKind, Lang};
use crate::store::SharedStore;
use crate::store::comments::{CommentRecord, CommentState, Queue};
use app::account::{Action, Viewer};
use app::desk::{Choice, DeskError};
use app::discussion::*;
use std::collections::HashMap;

pub struct DiscussionService {
    pub discussion: Discussion,
    pub store: SharedStore,
}

fn fail(e: impl std::fmt::Display) -> DeskError {
    tracing::error!("discussion: {e}");
    DeskError::Unavailable
}

/// One comment as `viewer` sees it (without replies).
pub fn comment_view(c: &CommentRecord, viewer: Option<&Viewer>) -> CommentView {
    let mine = viewer.is_some_and(|v| v.account_id == c.author);
    let open = chrono::Utc::now().timestamp_millis() - c.created_ms <= EDIT_WINDOW_MS;
    CommentView {
        id: c.id,
        author: c.author_name.clone(),
        created_at: c.created_at.clone(),
        edited: c.edited_at.is_some(),
        html: if c.deleted {
            String::new()
        } else {
            c.html.clone()
        },
        state: c.state,
        hidden_reason: if mine { c.hidden_reason.clone() } else { None },
        deleted: c.deleted,
        by_moderator: c.by_moderator,
        mine,
        editable_body: (mine && open && !c.deleted).then(|| c.body.clone()),
        replies: vec![],
    }
}

/// Whether `viewer` sees a comment in the discussion: approved ones everybody, waiting and hidden ones
/// their author alone (moderators see those in the queue).
fn visible(c: &CommentRecord, viewer: Option<&Viewer>) -> bool {
    c.state == CommentState::Approved || viewer.is_some_and(|v| v.account_id == c.author)
}

/// The discussion of an item as `viewer` sees it: top-level comments oldest first, replies beneath; a
/// deleted comment stays as a marker only while replies hang from it.
pub fn thread(all: &[CommentRecord], viewer: Option<&Viewer>) -> (Vec<CommentView>, usize) {
    let mut replies: HashMap<i64, Vec<CommentView>> = HashMap::new();
    for c in all.iter().filter(|c| c.parent.is_some()) {
        if visible(c, viewer) && !c.deleted {
            replies
                .entry(c.parent.unwrap_or_default())
                .or_default()
                .push(comment_view(c, viewer));
        }
    }
    let top: Vec<CommentView> = all
        .iter()
        .filter(|c| c.parent.is_none() && visible(c, viewer))
        .filter_map(|c| {
            let mut v = comment_view(c, viewer);
            v.replies = replies.remove(&c.id).unwrap_or_default();
            (!c.deleted || !v.replies.is_empty()).then_some(v)
        })
        .collect();
    // What readers see: approved comments, and approved replies under a comment they see (or its marker).
    let public = |v: &CommentView| v.state == CommentState::Approved && !v.deleted;
    let count = top
        .iter()
        .filter(|t| t.state == CommentState::Approved)
        .map(|t| usize::from(public(t)) + t.replies.iter().filter(|r| public(r)).count())
        .sum();
    (top, count)
}

/// The comments of an item that readers see, newest first (the feed): approved, not deleted, and replies
/// only under an approved comment.
pub fn public_newest_first(all: &[CommentRecord]) -> Vec<&CommentRecord> {
    let approved: std::collections::HashSet<i64> = all
        .iter()
        .filter(|c| c.state == CommentState::Approved)
        .map(|c| c.id)
        .collect();
    all.iter()
        .rev()
        .filter(|c| c.state == CommentState::Approved && !c.deleted)
        .filter(|c| c.parent.is_none_or(|p| approved.contains(&p)))
        .collect()
}

impl DiscussionService {
    /// Titles of the items comments are about, in `lang` where translated.
    async fn titles(
        &self,
        lang: Lang,
        comments: &[&CommentRecord],
    ) -> Result<HashMap<(ItemKind, String), String>, DeskError> {
        let mut out = HashMap::new();
        let mut read = self.store.read().await.map_err(fail)?;
        let mut case_slugs: Vec<String> = comments
            .iter()
            .filter(|c| c.kind == ItemKind::Case)
            .map(|c| c.slug.clone())
            .collect();
        case_slugs.sort();
        case_slugs.dedup();
        for case in read.cases_by_slugs(&case_slugs).await.map_err(fail)? {
            let title = case.text_or_source(lang).title.clone();
            out.insert((ItemKind::Case, case.slug.clone()), title);
        }
        for c in comments.iter().filter(|c| c.kind == ItemKind::Magazine) {
            let key = (ItemKind::Magazine, c.slug.clone());
            if out.contains_key(&key) {
                continue;
            }
            if let Some(m) = read.magazine(&c.slug).await.map_err(fail)? {
                out.insert(key, m.text_or_source(lang).text.title.clone());
            }
        }
        Ok(out)
    }
}

pub fn href(lang: Lang, kind: ItemKind, slug: &str, id: i64) -> String {
    format!("/{lang}/{}/{slug}#comment-{id}", kind.dir())
}

#[async_trait::async_trait]
impl app::discussion::Discussion for DiscussionService {
    async fn comments(
        &self,
        viewer: Option<&Viewer>,
        kind: ItemKind,
        slug: &str,
    ) -> Result<CommentsView, DeskError> {
        let item = kind;
        // Readers see the discussion of what they may read: a published item.
        let partner = match self.discussion.published_item(item, slug).await {
            Ok(p) => p,
            Err(super::CommentError::NotFound) => return Err(DeskError::NotFound),
            Err(e) => return Err(fail(e)),
        };
        let all = self
            .store
            .comments()
            .item_comments(item, slug)
            .await
            .map_err(fail)?;
        let (comments, count) = thread(&all, viewer);
        let will_wait = match viewer {
            Some(v) => self
                .discussion
                .will_wait(v, partner.as_deref())
                .await
                .map_err(fail)?,
            None => false,
        };
        Ok(CommentsView {
            kind,
            slug: slug.to_string(),
            comments,
            count,
            viewer: viewer.cloned(),
            may_moderate: viewer.is_some_and(|v| v.may(&Action::Moderate)),
            will_wait,
            draft: None,
            notice: None,
        })
    }

    async fn notifications(
        &self,
        viewer: &Viewer,
        lang: Lang,
    ) -> Result<NotificationsView, DeskError> {
        let records = self
            .store
            .comments()
            .notifications(&viewer.account_id, 100)
            .await
            .map_err(fail)?;
        let comments: Vec<&CommentRecord> = records.iter().map(|n| &n.comment).collect();
        let titles = self.titles(lang, &comments).await?;
        let rows = records
            .iter()
            .map(|n| {
                let c = &n.comment;
                NotificationRow {
                    comment_id: c.id,
                    href: href(lang, c.kind, &c.slug, c.id),
                    item_title: titles
                        .get(&(c.kind, c.slug.clone()))
                        .cloned()
                        .unwrap_or_else(|| c.slug.clone()),
                    author: c.author_name.clone(),
                    excerpt: markup::excerpt(&c.body, 160),
                    created_at: n.created_at.clone(),
                    seen: n.seen,
                    reply_to_me: n.parent_author.as_deref() == Some(viewer.account_id.as_str()),
                }
            })
            .collect();
        Ok(NotificationsView {
            viewer: viewer.clone(),
            rows,
        })
    }

    async fn moderation(
        &self,
        viewer: &Viewer,
        lang: Lang,
        tab: &str,
        page: u32,
    ) -> Result<ModerationView, DeskError> {
        if !viewer.may(&Action::Moderate) {
            return Err(DeskError::Forbidden);
        }
        const PER_PAGE: i64 = 50;
        let (queue, tab) = match tab {
            "reported" => (Queue::Reported, "reported"),
            "hidden" => (Queue::Hidden, "hidden"),
            _ => (Queue::Waiting, "waiting"),
        };
        let page = page.max(1);
        let c = self.store.comments();
        let (records, total) = c
            .queue(queue, (page as i64 - 1) * PER_PAGE, PER_PAGE)
            .await
            .map_err(fail)?;
        let (waiting, reported, hidden) = c.queue_counts().await.map_err(fail)?;
        let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
        let reports = c.open_reports(&ids).await.map_err(fail)?;
        let log = c.moderation_log(&ids).await.map_err(fail)?;
        let refs: Vec<&CommentRecord> = records.iter().collect();
        let titles = self.titles(lang, &refs).await?;
        let rows = records
            .iter()
            .map(|r| QueueRow {
                comment: CommentView {
                    hidden_reason: r.hidden_reason.clone(),
                    ..comment_view(r, Some(viewer))
                },
                href: href(lang, r.kind, &r.slug, r.id),
                item_title: titles
                    .get(&(r.kind, r.slug.clone()))
                    .cloned()
                    .unwrap_or_else(|| r.slug.clone()),
                reports: reports
                    .iter()
                    .filter(|x| x.comment == r.id)
                    .map(|x| ReportRow {
                        reporter: x.reporter_name.clone(),
                        reason: x.reason.clone(),
                        created_at: x.created_at.clone(),
                    })
                    .collect(),
                log: log
                    .iter()
                    .filter(|x| x.comment == r.id)
                    .map(|x| LogRow {
                        actor: x.actor.clone(),
                        action: x.action.clone(),
                        reason: x.reason.clone().unwrap_or_default(),
                        created_at: x.created_at.clone(),
                    })
                    .collect(),
            })
            .collect();
        let (site_mode, threshold) = self.discussion.mode(None).await.map_err(fail)?;
        let own = c.partner_moderation().await.map_err(fail)?;
        let partner_modes = self
            .store
            .partners()
            .await
            .map_err(fail)?
            .into_iter()
            .map(|p| {
                let mode = own.get(&p.slug).cloned().unwrap_or_else(|| "site".into());
                (
                    Choice {
                        value: p.slug,
                        label: p.name,
                    },
                    mode,
                )
            })
            .collect();
        Ok(ModerationView {
            viewer: viewer.clone(),
            tab: tab.to_string(),
            waiting,
            reported,
            hidden,
            rows,
            page,
            pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1) as u32,
            site_mode,
            threshold,
            partner_modes,
            notice: None,
            errors: vec![],
        })
    }
}
