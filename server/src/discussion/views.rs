//! The comment screens' view models: what each person may see of a discussion, their notifications, and
//! the moderation queue.

use super::{Discussion, EDIT_WINDOW_MS, markup};
use crate::domain::{ItemKind, Lang};
use crate::store::SharedStore;
use crate::store::comments::{CommentRecord, CommentState, Cursor, Queue, QueueWindow};
use app::account::{Action, Viewer};
use app::desk::{Choice, DeskError};
use app::discussion::*;
use std::collections::HashMap;
use std::sync::Arc;

pub struct DiscussionService {
    pub discussion: Discussion,
    pub store: SharedStore,
    /// What everyone sees of each discussion read lately, kept until the change log says it changed.
    threads: ThreadCache,
    /// Titles of the items comments are about, per language, for the moderation queue and notifications:
    /// read once, not as whole cases on every page of the queue.
    titles: crate::store::kept::Kept<(ItemKind, String, Lang), String>,
    /// The library writes of this process through the store.
    writes: crate::store::WriteCount,
}

/// The public discussion of items, and its list rendered per language and kind of reader. Every signed-in
/// reader's page shows the same list (their own comments aside; it holds links to forms, no form and no
/// token), so it is rendered once, not per request.
#[derive(Default)]
struct ThreadCache {
    items: std::sync::Mutex<HashMap<(ItemKind, String), Arc<PublicThread>>>,
    /// Raised by every change: a thread read before one is not kept.
    generation: std::sync::atomic::AtomicU64,
    /// This process's library writes the kept threads were read after (`store::WriteCount`): a case
    /// unpublished here loses its discussion at once, not at the follower's next poll.
    writes: std::sync::atomic::AtomicU64,
}

/// At most this many item titles (an item in one language) are kept.
const TITLES_KEPT: usize = 20_000;

/// At most this many discussions are kept; past it the cache starts again (they are cheap to read).
const THREADS_KEPT: usize = 1_000;

struct PublicThread {
    /// The partner of the item, which is published (the thread of anything else is not read).
    partner: Option<String>,
    comments: Vec<CommentView>,
    count: usize,
    /// By language and whether the reader is signed in.
    lists: std::sync::Mutex<HashMap<(Lang, bool), Arc<str>>>,
}

impl PublicThread {
    fn list(&self, lang: Lang, kind: ItemKind, slug: &str, member: bool) -> Arc<str> {
        if let Some(html) = self.lists.lock().expect("thread lock").get(&(lang, member)) {
            return html.clone();
        }
        let html: Arc<str> =
            app::components::comments::list_items_html(lang, kind, slug, &self.comments, member)
                .into();
        self.lists
            .lock()
            .expect("thread lock")
            .insert((lang, member), html.clone());
        html
    }
}

impl crate::store::ChangeListener for DiscussionService {
    fn changed(&self, changes: &[crate::store::Change]) {
        use crate::store::ChangeKind;
        if changes
            .iter()
            .any(|c| matches!(c.kind, ChangeKind::Case | ChangeKind::Magazine))
        {
            self.titles.forget();
        }
        let t = &self.threads;
        t.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut items = t.items.lock().expect("thread lock");
        for c in changes {
            let item = match c.kind {
                ChangeKind::Discussion => c
                    .slug
                    .split_once('/')
                    .and_then(|(dir, slug)| Some((ItemKind::from_dir(dir)?, slug.to_string()))),
                ChangeKind::Case => Some((ItemKind::Case, c.slug.clone())),
                ChangeKind::Magazine => Some((ItemKind::Magazine, c.slug.clone())),
                _ => None,
            };
            if let Some(item) = item {
                items.remove(&item);
            }
        }
    }

    fn forget_all(&self) {
        self.titles.forget();
        self.threads
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.threads.items.lock().expect("thread lock").clear();
    }
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
    pub fn new(discussion: Discussion, store: SharedStore) -> Self {
        let writes = store.write_count();
        DiscussionService {
            discussion,
            store,
            threads: ThreadCache::default(),
            titles: crate::store::kept::Kept::new(TITLES_KEPT, writes.clone()),
            writes,
        }
    }

    /// The public discussion of an item, from memory or read and kept.
    async fn public_thread(
        &self,
        kind: ItemKind,
        slug: &str,
    ) -> Result<Arc<PublicThread>, DeskError> {
        let key = (kind, slug.to_string());
        let writes = self.writes.get();
        {
            let mut items = self.threads.items.lock().expect("thread lock");
            let seen = self
                .threads
                .writes
                .swap(writes, std::sync::atomic::Ordering::SeqCst);
            if seen != writes {
                self.threads
                    .generation
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                items.clear();
            } else if let Some(t) = items.get(&key) {
                return Ok(t.clone());
            }
        }
        let generation = self
            .threads
            .generation
            .load(std::sync::atomic::Ordering::SeqCst);
        // Readers see the discussion of what they may read: a published item.
        let partner = match self.discussion.published_item(kind, slug).await {
            Ok(p) => p,
            Err(super::CommentError::NotFound) => return Err(DeskError::NotFound),
            Err(e) => return Err(fail(e)),
        };
        let all = self
            .store
            .comments()
            .item_comments(kind, slug)
            .await
            .map_err(fail)?;
        let (comments, count) = thread(&all, None);
        let t = Arc::new(PublicThread {
            partner,
            comments,
            count,
            lists: Default::default(),
        });
        let mut items = self.threads.items.lock().expect("thread lock");
        if self
            .threads
            .generation
            .load(std::sync::atomic::Ordering::SeqCst)
            == generation
            && self.writes.get() == writes
        {
            if items.len() >= THREADS_KEPT {
                items.clear();
            }
            items.insert(key, t.clone());
        }
        Ok(t)
    }

    /// Titles of the items comments are about, in `lang` where translated.
    async fn titles(
        &self,
        lang: Lang,
        comments: &[&CommentRecord],
    ) -> Result<HashMap<(ItemKind, String), String>, DeskError> {
        let mut out = HashMap::new();
        let mut missing: Vec<(ItemKind, String)> = Vec::new();
        let mut tickets = Vec::new();
        for c in comments {
            let key = (c.kind, c.slug.clone());
            if out.contains_key(&key) || missing.contains(&key) {
                continue;
            }
            match self.titles.get(&(c.kind, c.slug.clone(), lang)) {
                Ok(title) => {
                    out.insert(key, (*title).clone());
                }
                Err(ticket) => {
                    missing.push(key);
                    tickets.push(ticket);
                }
            }
        }
        if missing.is_empty() {
            return Ok(out);
        }
        let mut read = self.store.read().await.map_err(fail)?;
        let mut found = HashMap::new();
        let case_slugs: Vec<String> = missing
            .iter()
            .filter(|(k, _)| *k == ItemKind::Case)
            .map(|(_, s)| s.clone())
            .collect();
        if !case_slugs.is_empty() {
            for case in read.cases_by_slugs(&case_slugs).await.map_err(fail)? {
                let title = case.text_or_source(lang).title.clone();
                found.insert((ItemKind::Case, case.slug.clone()), title);
            }
        }
        for (_, slug) in missing.iter().filter(|(k, _)| *k == ItemKind::Magazine) {
            if let Some(m) = read.magazine(slug).await.map_err(fail)? {
                let title = m.text_or_source(lang).text.title.clone();
                found.insert((ItemKind::Magazine, slug.clone()), title);
            }
        }
        for ((kind, slug), ticket) in missing.into_iter().zip(tickets) {
            if let Some(title) = found.remove(&(kind, slug.clone())) {
                self.titles
                    .keep((kind, slug.clone(), lang), Arc::new(title.clone()), ticket);
                out.insert((kind, slug), title);
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
        lang: Lang,
        kind: ItemKind,
        slug: &str,
    ) -> Result<CommentsView, DeskError> {
        let item = kind;
        // Kept with the item's partner, checked published when it was read (a change to the item drops it).
        let public = self.public_thread(item, slug).await?;
        let partner = public.partner.clone();
        let own = match viewer {
            Some(v) => self
                .store
                .comments()
                .authored_in(item, slug, &v.account_id)
                .await
                .map_err(fail)?,
            None => false,
        };
        // A reader with comments of their own here sees them (waiting, hidden, editable): made for them.
        // Everyone else sees the public discussion, whose list is rendered once per language.
        let (comments, count, list_html) = if own {
            let all = self
                .store
                .comments()
                .item_comments(item, slug)
                .await
                .map_err(fail)?;
            let (comments, count) = thread(&all, viewer);
            (comments, count, None)
        } else {
            let list = public.list(lang, item, slug, viewer.is_some());
            (
                public.comments.clone(),
                public.count,
                Some(list.to_string()),
            )
        };
        let will_wait = match viewer {
            Some(v) => self
                .discussion
                .will_wait_hint(v, partner.as_deref())
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
            list_html,
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
        at: QueueAt,
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
        let cursor = match (at.after, at.before) {
            (Some(id), _) => Cursor::After(id),
            (None, Some(id)) => Cursor::Before(id),
            (None, None) => Cursor::First,
        };
        let c = self.store.comments();
        let QueueWindow { records, before } =
            c.queue(queue, cursor, PER_PAGE).await.map_err(fail)?;
        let (waiting, reported, hidden) = c.queue_counts().await.map_err(fail)?;
        let total = match queue {
            Queue::Waiting => waiting,
            Queue::Reported => reported,
            Queue::Hidden => hidden,
        };
        let prev_before = (before > 0)
            .then(|| records.first().map(|r| r.id))
            .flatten();
        let next_after = (before + (records.len() as i64) < total)
            .then(|| records.last().map(|r| r.id))
            .flatten();
        let page = (before / PER_PAGE + 1) as u32;
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
            prev_before,
            next_after,
            site_mode,
            threshold,
            partner_modes,
            notice: None,
            errors: vec![],
        })
    }
}
