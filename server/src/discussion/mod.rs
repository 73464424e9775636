//! Comments and their moderation (docs/design.md#comments-and-moderation): who may write, reply, edit,
//! delete, report and moderate, what a comment may say, when it waits for a moderator, and who hears of
//! it. Forms, the API and the pages all come through here.

pub mod markup;
pub mod views;

use crate::domain::{ItemKind, Status};
use crate::store::comments::{Added, CommentRecord, CommentState, Limits, NewComment};
use crate::store::{SharedStore, StoreError};
use app::account::{Action, Viewer};
use std::collections::HashMap;
use std::sync::atomic::Ordering::SeqCst;

/// The longest comment, in characters.
pub const MAX_CHARS: usize = 4000;
/// The most links one comment may carry.
pub const MAX_LINKS: usize = 3;
/// Comments one account may write in `RATE_WINDOW_MS`.
pub const COMMENTS_PER_WINDOW: i64 = 5;
pub const RATE_WINDOW_MS: i64 = 10 * 60 * 1000;
/// Reports one account may make in an hour.
pub const REPORTS_PER_HOUR: i64 = 10;
/// How long after writing it an author may still edit a comment.
pub const EDIT_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const MAX_REASON_CHARS: usize = 500;

/// `pre` (comments of members with fewer than N approved comments wait) or `post`.
pub const SITE_MODE_KEY: &str = "moderation";
pub const THRESHOLD_KEY: &str = "moderation_threshold";
pub const DEFAULT_MODE: &str = "pre";
pub const DEFAULT_THRESHOLD: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    #[error("no such comment or item")]
    NotFound,
    #[error("{0}")]
    Forbidden(&'static str),
    /// The words are refused: `code` is the message key the pages translate.
    #[error("{message}")]
    Refused {
        code: &'static str,
        field: &'static str,
        limit: Option<i64>,
        message: String,
    },
    /// More of them than the limit allows in a while: the same parts as `Refused`, asked to wait.
    #[error("{message}")]
    TooFast {
        code: &'static str,
        field: &'static str,
        limit: Option<i64>,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn refused(
    code: &'static str,
    field: &'static str,
    limit: Option<i64>,
    message: impl Into<String>,
) -> CommentError {
    CommentError::Refused {
        code,
        field,
        limit,
        message: message.into(),
    }
}

pub type CommentResult<T> = Result<T, CommentError>;

/// A report's or a moderator's reason, at most `MAX_REASON_CHARS` long.
fn check_reason_length(reason: &str) -> CommentResult<()> {
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(refused(
            "cm_err_reason_long",
            "reason",
            Some(MAX_REASON_CHARS as i64),
            format!("a reason has at most {MAX_REASON_CHARS} characters"),
        ));
    }
    Ok(())
}

/// What a moderator does to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Approve,
    Hide,
    Restore,
    /// Closes the reports of a comment and leaves it as it is.
    Dismiss,
}

impl Moderation {
    pub fn parse(s: &str) -> Option<Moderation> {
        match s {
            "approve" => Some(Moderation::Approve),
            "hide" => Some(Moderation::Hide),
            "restore" => Some(Moderation::Restore),
            "dismiss" => Some(Moderation::Dismiss),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct Discussion {
    store: SharedStore,
    /// Counts of unseen notifications kept for page headers; a notification made forgets its account's.
    unseen: Option<std::sync::Arc<crate::auth::unseen::UnseenCounts>>,
    /// What the "your comment will wait" hint of a page is made from, kept a few seconds: the moderation
    /// settings and each writer's approved count. A comment sent is judged on the stored values.
    hints: std::sync::Arc<Hints>,
}

/// How long a page's hint may lag a change made on another instance (this one's writes forget at once).
const HINT_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Default)]
struct Hints {
    modes: std::sync::Mutex<Option<(std::time::Instant, std::sync::Arc<Modes>)>>,
    /// Raised when this instance changes a mode: settings read before are not kept.
    modes_generation: std::sync::atomic::AtomicU64,
    approved: crate::auth::unseen::UnseenCounts,
}

/// The site's moderation mode and N, and the partners' own modes.
struct Modes {
    site: String,
    threshold: i64,
    partners: HashMap<String, String>,
}

impl Hints {
    fn forget_modes(&self) {
        let mut kept = self.modes.lock().expect("hints lock");
        self.modes_generation.fetch_add(1, SeqCst);
        *kept = None;
    }
}

impl Modes {
    fn of(&self, partner: Option<&str>) -> (String, i64) {
        let own = partner.and_then(|p| self.partners.get(p)).cloned();
        (own.unwrap_or_else(|| self.site.clone()), self.threshold)
    }
}

/// Moderators, and the editors answering questions about their own partner's cases, never wait.
fn never_waits(viewer: &Viewer, partner: Option<&str>) -> bool {
    viewer.may(&Action::Moderate) || partner.is_some_and(|p| viewer.edits_for(p))
}

fn repeated() -> CommentError {
    refused(
        "cm_err_duplicate",
        "body",
        None,
        "you have already written a comment with these words",
    )
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Discussion {
    pub fn new(store: SharedStore) -> Self {
        Self {
            store,
            unseen: None,
            hints: Default::default(),
        }
    }

    pub fn with_unseen(
        mut self,
        counts: std::sync::Arc<crate::auth::unseen::UnseenCounts>,
    ) -> Self {
        self.unseen = Some(counts);
        self
    }

    /// The partner whose cases (or magazine) an item is, when readers see it; `NotFound` otherwise: the
    /// one rule of which discussions exist, for the pages, the API and the feed alike.
    pub async fn published_item(
        &self,
        kind: ItemKind,
        slug: &str,
    ) -> CommentResult<Option<String>> {
        match self.store.accounts().item_owner(kind, slug).await? {
            Some((Status::Published, owner)) => Ok(owner),
            _ => Err(CommentError::NotFound),
        }
    }

    async fn modes(&self) -> CommentResult<Modes> {
        let c = self.store.comments();
        let site = c
            .setting(SITE_MODE_KEY)
            .await?
            .unwrap_or_else(|| DEFAULT_MODE.into());
        let threshold = c
            .setting(THRESHOLD_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_THRESHOLD);
        Ok(Modes {
            site,
            threshold,
            partners: c.partner_moderation().await?,
        })
    }

    /// The moderation mode for an item of `partner`, and N.
    pub async fn mode(&self, partner: Option<&str>) -> CommentResult<(String, i64)> {
        Ok(self.modes().await?.of(partner))
    }

    /// Whether a new comment of `viewer` on an item of `partner` waits for a moderator, judged on the
    /// stored settings and count (a comment being sent).
    pub async fn will_wait(&self, viewer: &Viewer, partner: Option<&str>) -> CommentResult<bool> {
        if never_waits(viewer, partner) {
            return Ok(false);
        }
        let (mode, threshold) = self.mode(partner).await?;
        if mode != "pre" {
            return Ok(false);
        }
        let approved = self
            .store
            .comments()
            .approved_count(&viewer.account_id)
            .await?;
        Ok(approved < threshold)
    }

    /// The same judgement for the hint on a page, from values kept a few seconds.
    pub async fn will_wait_hint(
        &self,
        viewer: &Viewer,
        partner: Option<&str>,
    ) -> CommentResult<bool> {
        if never_waits(viewer, partner) {
            return Ok(false);
        }
        let kept = self
            .hints
            .modes
            .lock()
            .expect("hints lock")
            .as_ref()
            .filter(|(at, _)| at.elapsed() < HINT_FRESH_FOR)
            .map(|(_, m)| m.clone());
        let modes = match kept {
            Some(m) => m,
            None => {
                let generation = self.hints.modes_generation.load(SeqCst);
                let m = std::sync::Arc::new(self.modes().await?);
                let mut kept = self.hints.modes.lock().expect("hints lock");
                if self.hints.modes_generation.load(SeqCst) == generation {
                    *kept = Some((std::time::Instant::now(), m.clone()));
                }
                m
            }
        };
        let (mode, threshold) = modes.of(partner);
        if mode != "pre" {
            return Ok(false);
        }
        let approved = match self.hints.approved.get(&viewer.account_id) {
            Some(n) => n,
            None => {
                let n = self
                    .store
                    .comments()
                    .approved_count(&viewer.account_id)
                    .await?;
                self.hints.approved.put(&viewer.account_id, n);
                n
            }
        };
        Ok(approved < threshold)
    }

    /// The words of a comment checked against the length and link limits: its HTML, and its fingerprint.
    fn check_words(body: &str) -> CommentResult<(String, String)> {
        let body = body.trim();
        if body.is_empty() {
            return Err(refused(
                "cm_err_empty",
                "body",
                None,
                "the comment is empty",
            ));
        }
        let chars = body.chars().count();
        if chars > MAX_CHARS {
            return Err(refused(
                "cm_err_too_long",
                "body",
                Some(MAX_CHARS as i64),
                format!("the comment has {chars} characters; at most {MAX_CHARS} are allowed"),
            ));
        }
        let rendered = markup::render(body);
        if rendered.links > MAX_LINKS {
            return Err(refused(
                "cm_err_too_many_links",
                "body",
                Some(MAX_LINKS as i64),
                format!(
                    "the comment has {} links; at most {MAX_LINKS} are allowed",
                    rendered.links
                ),
            ));
        }
        Ok((rendered.html, markup::fingerprint(body)))
    }

    /// A new comment, or a reply to `parent` (replies go one level deep).
    pub async fn post(
        &self,
        viewer: &Viewer,
        kind: ItemKind,
        slug: &str,
        parent: Option<i64>,
        body: &str,
    ) -> CommentResult<(i64, CommentState)> {
        if !viewer.may(&Action::Comment) {
            return Err(CommentError::Forbidden("members may comment"));
        }
        let partner = self.published_item(kind, slug).await?;
        if let Some(p) = parent {
            let Some(parent) = self.store.comments().comment(p).await? else {
                return Err(refused(
                    "cm_err_parent",
                    "parent",
                    None,
                    format!("there is no comment {p} to reply to"),
                ));
            };
            if parent.kind != kind || parent.slug != slug {
                return Err(refused(
                    "cm_err_parent",
                    "parent",
                    None,
                    format!("comment {p} is not about this item"),
                ));
            }
            if parent.parent.is_some() {
                return Err(refused(
                    "cm_err_nesting",
                    "parent",
                    None,
                    "replies go one level deep: reply to the comment this one answers",
                ));
            }
            if parent.deleted || parent.state != CommentState::Approved {
                return Err(refused(
                    "cm_err_parent",
                    "parent",
                    None,
                    format!("comment {p} cannot be answered"),
                ));
            }
        }
        let (html, fingerprint) = Self::check_words(body)?;
        let state = if self.will_wait(viewer, partner.as_deref()).await? {
            CommentState::Waiting
        } else {
            CommentState::Approved
        };
        let added = self
            .store
            .comments()
            .add_comment(&NewComment {
                kind,
                slug: slug.to_string(),
                parent,
                author: viewer.account_id.clone(),
                body: body.trim().to_string(),
                html,
                state,
                by_moderator: false,
                fingerprint,
                now_ms: now_ms(),
                limits: Some(Limits {
                    since_ms: now_ms() - RATE_WINDOW_MS,
                    // Moderators may have many questions to answer at once.
                    max_recent: if viewer.may(&Action::Moderate) {
                        i64::MAX
                    } else {
                        COMMENTS_PER_WINDOW
                    },
                }),
            })
            .await?;
        let id = match added {
            Added::Stored(id) => id,
            Added::TooMany => {
                return Err(CommentError::TooFast {
                    code: "cm_err_rate",
                    field: "body",
                    limit: Some(COMMENTS_PER_WINDOW),
                    message: format!(
                        "at most {COMMENTS_PER_WINDOW} comments in 10 minutes; wait a little and send it again"
                    ),
                });
            }
            Added::Repeated => return Err(repeated()),
        };
        if state == CommentState::Approved {
            self.tell_about(id, None).await?;
        }
        Ok((id, state))
    }

    /// A moderator's answer to a comment readers can see: a reply marked as the moderator's, visible at
    /// once (to a reply: beside it, under the same comment), told to the author of the comment answered.
    /// A moderator may give the same answer twice (a standard reply).
    pub async fn answer(&self, viewer: &Viewer, to: i64, body: &str) -> CommentResult<i64> {
        if !viewer.may(&Action::Moderate) {
            return Err(CommentError::Forbidden("moderators answer as moderator"));
        }
        let Some(c) = self.store.comments().comment(to).await? else {
            return Err(CommentError::NotFound);
        };
        if c.deleted || c.state != CommentState::Approved {
            return Err(refused(
                "cm_err_parent",
                "parent",
                None,
                "only a comment readers can see can be answered: approve or restore it first",
            ));
        }
        let parent = c.parent.unwrap_or(c.id);
        let (html, fingerprint) = Self::check_words(body)?;
        let added = self
            .store
            .comments()
            .add_comment(&NewComment {
                kind: c.kind,
                slug: c.slug.clone(),
                parent: Some(parent),
                author: viewer.account_id.clone(),
                body: body.trim().to_string(),
                html,
                state: CommentState::Approved,
                by_moderator: true,
                fingerprint,
                now_ms: now_ms(),
                // A moderator may give the same answer twice (a standard reply).
                limits: None,
            })
            .await?;
        // Without limits a comment is always stored.
        let Added::Stored(id) = added else {
            return Err(repeated());
        };
        self.store
            .comments()
            .log_action(
                to,
                &viewer.email,
                "answer",
                Some(&markup::excerpt(body, 200)),
            )
            .await?;
        self.tell_about(id, Some(c.author)).await?;
        Ok(id)
    }

    async fn own(&self, viewer: &Viewer, id: i64) -> CommentResult<CommentRecord> {
        let Some(c) = self.store.comments().comment(id).await? else {
            return Err(CommentError::NotFound);
        };
        if c.author != viewer.account_id {
            return Err(CommentError::Forbidden(
                "only its author may change a comment",
            ));
        }
        if c.deleted {
            return Err(CommentError::NotFound);
        }
        Ok(c)
    }

    /// New words for one's own comment, within 15 minutes of writing it; the earlier words are kept.
    pub async fn edit(&self, viewer: &Viewer, id: i64, body: &str) -> CommentResult<CommentRecord> {
        let c = self.own(viewer, id).await?;
        if now_ms() - c.created_ms > EDIT_WINDOW_MS {
            return Err(refused(
                "cm_err_edit_closed",
                "body",
                Some(EDIT_WINDOW_MS / 60_000),
                "a comment can be edited for 15 minutes after it was written",
            ));
        }
        let (html, fingerprint) = Self::check_words(body)?;
        // New words of someone whose comments still wait are looked at again, approved before or not.
        let partner = self
            .store
            .accounts()
            .item_owner(c.kind, &c.slug)
            .await?
            .and_then(|(_, p)| p);
        let requeue =
            c.state == CommentState::Approved && self.will_wait(viewer, partner.as_deref()).await?;
        let edited = self
            .store
            .comments()
            .edit_comment(id, body.trim(), &html, &fingerprint, requeue)
            .await?;
        if !edited {
            return Err(repeated());
        }
        Ok(c)
    }

    pub async fn delete(&self, viewer: &Viewer, id: i64) -> CommentResult<CommentRecord> {
        let c = self.own(viewer, id).await?;
        self.store.comments().delete_comment(id).await?;
        Ok(c)
    }

    pub async fn report(
        &self,
        viewer: &Viewer,
        id: i64,
        reason: &str,
    ) -> CommentResult<CommentRecord> {
        if !viewer.may(&Action::Comment) {
            return Err(CommentError::Forbidden("members may report"));
        }
        let Some(c) = self.store.comments().comment(id).await? else {
            return Err(CommentError::NotFound);
        };
        if c.deleted || c.state != CommentState::Approved {
            return Err(CommentError::NotFound);
        }
        if c.author == viewer.account_id {
            return Err(CommentError::Forbidden(
                "one's own comment is deleted or edited, not reported",
            ));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(refused(
                "cm_err_reason",
                "reason",
                None,
                "say why the comment should be looked at",
            ));
        }
        check_reason_length(reason)?;
        let added = self
            .store
            .comments()
            .report(
                id,
                &viewer.account_id,
                reason,
                now_ms(),
                Limits {
                    since_ms: now_ms() - 60 * 60 * 1000,
                    max_recent: REPORTS_PER_HOUR,
                },
            )
            .await?;
        match added {
            Added::Stored(_) => Ok(c),
            Added::Repeated => Err(refused(
                "cm_err_reported_already",
                "reason",
                None,
                "you have reported this comment already; a moderator will look at it",
            )),
            Added::TooMany => Err(CommentError::TooFast {
                code: "cm_err_report_rate",
                field: "reason",
                limit: Some(REPORTS_PER_HOUR),
                message: format!("at most {REPORTS_PER_HOUR} reports an hour"),
            }),
        }
    }

    /// Approve, hide (with a reason its author sees), restore, or dismiss the reports of a comment; every
    /// action logged with who and why.
    pub async fn moderate(
        &self,
        viewer: &Viewer,
        id: i64,
        action: Moderation,
        reason: &str,
    ) -> CommentResult<CommentRecord> {
        if !viewer.may(&Action::Moderate) {
            return Err(CommentError::Forbidden("moderators act on comments"));
        }
        let Some(c) = self.store.comments().comment(id).await? else {
            return Err(CommentError::NotFound);
        };
        if c.deleted && action != Moderation::Dismiss {
            return Err(refused(
                "cm_err_deleted",
                "reason",
                None,
                "its author deleted this comment",
            ));
        }
        let reason = reason.trim();
        check_reason_length(reason)?;
        let reason = (!reason.is_empty()).then_some(reason);
        let comments = self.store.comments();
        match action {
            Moderation::Approve | Moderation::Restore => {
                let code = if action == Moderation::Approve {
                    "approve"
                } else {
                    "restore"
                };
                comments
                    .moderate(id, CommentState::Approved, &viewer.email, code, reason)
                    .await?;
                self.tell_about(id, None).await?;
            }
            Moderation::Hide => {
                let Some(reason) = reason else {
                    return Err(refused(
                        "cm_err_hide_reason",
                        "reason",
                        None,
                        "say why the comment is hidden: its author reads it",
                    ));
                };
                comments
                    .moderate(
                        id,
                        CommentState::Hidden,
                        &viewer.email,
                        "hide",
                        Some(reason),
                    )
                    .await?;
            }
            Moderation::Dismiss => {
                comments.resolve_reports(id).await?;
                comments
                    .log_action(id, &viewer.email, "dismiss", reason)
                    .await?;
            }
        }
        // The author's approved count changed (once written): their next page's hint is judged anew.
        self.hints.approved.forget(&c.author);
        Ok(c)
    }

    /// Site-wide pre- or post-moderation and N.
    pub async fn set_site_mode(
        &self,
        viewer: &Viewer,
        mode: &str,
        threshold: &str,
    ) -> CommentResult<()> {
        if !viewer.may(&Action::Moderate) {
            return Err(CommentError::Forbidden(
                "moderators and admins set moderation",
            ));
        }
        if mode != "pre" && mode != "post" {
            return Err(refused(
                "cm_err_mode",
                "mode",
                None,
                format!("moderation is `pre` or `post`, not `{mode}`"),
            ));
        }
        let n: i64 = match threshold.trim().parse() {
            Ok(n) if (0..=1000).contains(&n) => n,
            _ => {
                return Err(refused(
                    "cm_err_threshold",
                    "threshold",
                    None,
                    format!(
                        "N is a whole number from 0 to 1000, not `{}`",
                        threshold.trim()
                    ),
                ));
            }
        };
        let c = self.store.comments();
        c.set_setting(SITE_MODE_KEY, mode).await?;
        c.set_setting(THRESHOLD_KEY, &n.to_string()).await?;
        self.hints.forget_modes();
        Ok(())
    }

    /// A partner's own mode for its cases (`site` follows the site): its editors or a moderator set it.
    pub async fn set_partner_mode(
        &self,
        viewer: &Viewer,
        partner: &str,
        mode: &str,
    ) -> CommentResult<()> {
        if !(viewer.may(&Action::Moderate) || viewer.may(&Action::EditCase { partner })) {
            return Err(CommentError::Forbidden(
                "a partner's editors or a moderator set its moderation",
            ));
        }
        let mode = match mode {
            "site" => None,
            "pre" | "post" => Some(mode),
            other => {
                return Err(refused(
                    "cm_err_mode",
                    "mode",
                    None,
                    format!("moderation is `site`, `pre` or `post`, not `{other}`"),
                ));
            }
        };
        self.store
            .comments()
            .set_partner_moderation(partner, mode)
            .await?;
        self.hints.forget_modes();
        Ok(())
    }

    /// Tells the author of the comment answered (and `also`, the author of a reply a moderator answers)
    /// and the editors of the item's partner about a comment readers can now see (never its own author).
    async fn tell_about(&self, id: i64, also: Option<String>) -> CommentResult<()> {
        let c = self.store.comments();
        let Some(comment) = c.comment(id).await? else {
            return Ok(());
        };
        let mut to: Vec<String> = also.into_iter().collect();
        if let Some(parent) = comment.parent
            && let Some(p) = c.comment(parent).await?
        {
            to.push(p.author);
        }
        if let Some((_, Some(partner))) = self
            .store
            .accounts()
            .item_owner(comment.kind, &comment.slug)
            .await?
        {
            to.extend(c.holders("editor", &partner).await?);
        }
        to.retain(|a| *a != comment.author);
        to.sort();
        to.dedup();
        c.notify(id, &to).await?;
        if let Some(counts) = &self.unseen {
            to.iter().for_each(|a| counts.forget(a));
        }
        Ok(())
    }
}
