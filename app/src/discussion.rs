//! What the comment screens show: the comments under a case or magazine, the notifications page and the
//! moderation queue. Filled by the server's `Discussion` (ssr only) or, after a refused form post, with the
//! words typed kept (`CommentDraft`).

use crate::account::Viewer;
use crate::desk::{Choice, ItemKind};
use serde::{Deserialize, Serialize};

/// One comment as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub created_at: String,
    pub edited: bool,
    /// Rendered and sanitised; empty when deleted.
    pub html: String,
    /// Waiting: its author alone sees it; hidden: shown to its author with the reason.
    pub state: crate::model::CommentState,
    pub hidden_reason: Option<String>,
    pub deleted: bool,
    /// An answer written as moderator.
    pub by_moderator: bool,
    pub mine: bool,
    /// The words as typed, for its author's edit form while editing is open.
    pub editable_body: Option<String>,
    pub replies: Vec<CommentView>,
}

/// The words of a comment form refused, kept for the person to correct: `form` names which form
/// (`new`, `reply-<id>`, `edit-<id>`, `report-<id>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentDraft {
    pub form: String,
    pub body: String,
    /// A message code (`cm_err_*`) with an optional number for it.
    pub error: String,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentsView {
    pub kind: ItemKind,
    pub slug: String,
    pub comments: Vec<CommentView>,
    /// Approved comments and replies.
    pub count: usize,
    pub viewer: Option<Viewer>,
    pub may_moderate: bool,
    /// A new comment of this person waits for a moderator (pre-moderation).
    pub will_wait: bool,
    pub draft: Option<CommentDraft>,
    /// A confirmation code (`cm_posted`, `cm_waiting`, …).
    pub notice: Option<String>,
    /// The list of `comments` rendered already (kept per item, language and kind of reader while the
    /// discussion does not change), for a reader who has no comment of their own in it.
    pub list_html: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRow {
    pub comment_id: i64,
    pub href: String,
    pub item_title: String,
    pub author: String,
    pub excerpt: String,
    pub created_at: String,
    pub seen: bool,
    /// A reply to a comment of this person (else: a comment on a case they edit).
    pub reply_to_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsView {
    pub viewer: Viewer,
    pub rows: Vec<NotificationRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub reporter: String,
    pub reason: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRow {
    pub actor: String,
    pub action: String,
    pub reason: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub comment: CommentView,
    pub href: String,
    pub item_title: String,
    pub reports: Vec<ReportRow>,
    pub log: Vec<LogRow>,
}

/// Which window of a moderation list a page shows, from its address (`?after=ID` or `?before=ID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueAt {
    pub after: Option<i64>,
    pub before: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationView {
    pub viewer: Viewer,
    /// `waiting`, `reported` or `hidden`.
    pub tab: String,
    pub waiting: i64,
    pub reported: i64,
    pub hidden: i64,
    pub rows: Vec<QueueRow>,
    pub page: u32,
    pub pages: u32,
    /// The pager's links: the window before this one ends before this id, the next starts after that one.
    pub prev_before: Option<i64>,
    pub next_after: Option<i64>,
    /// `pre` or `post`, and N of pre-moderation.
    pub site_mode: String,
    pub threshold: i64,
    /// Each partner and its own mode (`site`, `pre`, `post`).
    pub partner_modes: Vec<(Choice, String)>,
    pub notice: Option<String>,
    pub errors: Vec<String>,
}

/// Why a comment screen cannot be shown.
pub use crate::desk::DeskError as DiscussionError;

#[cfg(feature = "ssr")]
pub use backend::*;

#[cfg(feature = "ssr")]
mod backend {
    use super::*;
    use crate::lang::Lang;
    use std::sync::Arc;

    /// What the comment screens need from the server.
    #[async_trait::async_trait]
    pub trait Discussion: Send + Sync {
        /// The comments of an item as `viewer` (none: a visitor) may see them.
        async fn comments(
            &self,
            viewer: Option<&Viewer>,
            lang: Lang,
            kind: ItemKind,
            slug: &str,
        ) -> Result<CommentsView, DiscussionError>;
        async fn notifications(
            &self,
            viewer: &Viewer,
            lang: Lang,
        ) -> Result<NotificationsView, DiscussionError>;
        async fn moderation(
            &self,
            viewer: &Viewer,
            lang: Lang,
            tab: &str,
            at: QueueAt,
        ) -> Result<ModerationView, DiscussionError>;
    }

    pub type SharedDiscussion = Arc<dyn Discussion>;
}
