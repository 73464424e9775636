//! Comments on cases and magazines, their earlier wordings, reports, the moderation log, notifications and
//! the moderation settings. The store keeps them and keeps the change log true (a comment that readers can
//! see, or no longer see, changes the item's pages); who may do what, and what a comment may say, is
//! decided by `discussion`.

use super::StoreResult;
use crate::domain::ItemKind;
use std::collections::HashMap;

pub use app::model::CommentState;

#[derive(Debug, Clone, PartialEq)]
pub struct NewComment {
    pub kind: ItemKind,
    pub slug: String,
    pub parent: Option<i64>,
    pub author: String,
    /// As typed (the Markdown subset), and rendered and sanitised.
    pub body: String,
    pub html: String,
    pub state: CommentState,
    pub by_moderator: bool,
    /// The text normalised and hashed: the same words twice are refused.
    pub fingerprint: String,
    pub now_ms: i64,
    /// A member's comment: this pace, and no words the author has written in a comment not deleted (a
    /// moderator's answer has neither). Checked in the insert's own write transaction, so two posts sent at
    /// once cannot both pass.
    pub limits: Option<Limits>,
}

/// The pace of a member's new comments or reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Those written since this moment count towards `max_recent`.
    pub since_ms: i64,
    pub max_recent: i64,
}

/// What became of a new comment or report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Its id.
    Stored(i64),
    /// The author wrote `max_recent` since `since_ms` already.
    TooMany,
    /// The author has written these words before, or has reported this comment and awaits a moderator.
    Repeated,
}

/// SQL for a comment `c` readers can see: approved, not deleted, and under an approved comment if a reply
/// (the counts on cards, notifications).
pub(crate) const VISIBLE: &str = "c.state = 'approved' AND c.deleted = 0 AND (c.parent_id IS NULL OR EXISTS \
     (SELECT 1 FROM comments pc WHERE pc.id = c.parent_id AND pc.state = 'approved'))";

#[derive(Debug, Clone, PartialEq)]
pub struct CommentRecord {
    pub id: i64,
    pub kind: ItemKind,
    pub slug: String,
    pub parent: Option<i64>,
    pub author: String,
    pub author_name: String,
    pub body: String,
    pub html: String,
    pub state: CommentState,
    pub deleted: bool,
    pub by_moderator: bool,
    pub hidden_reason: Option<String>,
    pub created_at: String,
    pub created_ms: i64,
    pub edited_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportRecord {
    pub comment: i64,
    pub reporter_name: String,
    pub reason: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    pub comment: i64,
    pub actor: String,
    pub action: String,
    pub reason: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRecord {
    pub seen: bool,
    pub created_at: String,
    pub comment: CommentRecord,
    /// The author (account id) of the comment this one answers.
    pub parent_author: Option<String>,
}

/// Where a window of the moderation queue starts: by the ids it borders, not by an offset, so a page deep
/// in a long queue costs what the first costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    First,
    /// The comments after this id.
    After(i64),
    /// The comments before this id (going back).
    Before(i64),
}

/// A window of one list of the queue (how long the list is, `queue_counts` says).
#[derive(Debug, Clone)]
pub struct QueueWindow {
    /// Oldest first.
    pub records: Vec<CommentRecord>,
    /// How many of the list come before the window.
    pub before: i64,
}

/// The three lists of the moderation queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Waiting,
    /// Comments with open reports, whatever their state.
    Reported,
    Hidden,
}

#[async_trait::async_trait]
pub trait Comments: Send + Sync {
    /// Stores a comment; one that readers see at once changes its item's pages.
    async fn add_comment(&self, c: &NewComment) -> StoreResult<Added>;
    async fn comment(&self, id: i64) -> StoreResult<Option<CommentRecord>>;
    /// Every comment of an item in any state, oldest first.
    async fn item_comments(&self, kind: ItemKind, slug: &str) -> StoreResult<Vec<CommentRecord>>;
    /// Whether `author` wrote any comment (in any state) on the item.
    async fn authored_in(&self, kind: ItemKind, slug: &str, author: &str) -> StoreResult<bool>;
    /// Replaces the words of a comment, keeping the earlier wording; `requeue` sends it back to wait for a
    /// moderator. `false`, and nothing changed, when new words are those of another comment of its author
    /// (checked in the same write transaction).
    async fn edit_comment(
        &self,
        id: i64,
        body: &str,
        html: &str,
        fingerprint: &str,
        requeue: bool,
    ) -> StoreResult<bool>;
    /// The words go; the comment stays as a marker for its replies.
    async fn delete_comment(&self, id: i64) -> StoreResult<()>;
    /// Earlier wordings of a comment, oldest first.
    async fn comment_edits(&self, id: i64) -> StoreResult<Vec<(String, String)>>;
    /// Moves a comment to `state` (`reason` shown to its author when hidden), closes its open reports and
    /// logs the action, in one transaction.
    async fn moderate(
        &self,
        id: i64,
        state: CommentState,
        actor: &str,
        action: &str,
        reason: Option<&str>,
    ) -> StoreResult<()>;
    /// Logs an action that changes no state (an answer, dismissed reports).
    async fn log_action(
        &self,
        id: i64,
        actor: &str,
        action: &str,
        reason: Option<&str>,
    ) -> StoreResult<()>;
    async fn moderation_log(&self, ids: &[i64]) -> StoreResult<Vec<LogRecord>>;
    /// A report of comment `id`, unless `reporter` has an open one of it or made `max_recent` reports since
    /// `since_ms`: checked in the insert's own write transaction.
    async fn report(
        &self,
        id: i64,
        reporter: &str,
        reason: &str,
        now_ms: i64,
        limits: Limits,
    ) -> StoreResult<Added>;
    /// Closes the open reports of a comment.
    async fn resolve_reports(&self, id: i64) -> StoreResult<()>;
    /// The open reports of these comments.
    async fn open_reports(&self, ids: &[i64]) -> StoreResult<Vec<ReportRecord>>;
    /// A window of one list of the queue.
    async fn queue(&self, queue: Queue, cursor: Cursor, limit: i64) -> StoreResult<QueueWindow>;
    /// How many comments wait, are reported and are hidden.
    async fn queue_counts(&self) -> StoreResult<(i64, i64, i64)>;
    /// A number every write to what the moderation queue shows raises (a trigger of the database, so
    /// writes of every process count): equal numbers mean an unchanged queue.
    async fn version(&self) -> StoreResult<i64>;

    async fn approved_count(&self, author: &str) -> StoreResult<i64>;

    /// The accounts holding `role` for `partner` (editors of a partner).
    async fn holders(&self, role: &str, partner: &str) -> StoreResult<Vec<String>>;
    /// Tells these accounts about a comment (once each).
    async fn notify(&self, comment: i64, accounts: &[String]) -> StoreResult<()>;
    /// The newest notifications of an account about comments readers can see, with the author of the
    /// comment each one answers.
    async fn notifications(
        &self,
        account: &str,
        limit: i64,
    ) -> StoreResult<Vec<NotificationRecord>>;
    async fn unseen(&self, account: &str) -> StoreResult<i64>;
    async fn mark_seen(&self, account: &str) -> StoreResult<()>;

    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()>;
    /// Partners' own moderation modes (a partner without one follows the site).
    async fn partner_moderation(&self) -> StoreResult<HashMap<String, String>>;
    /// `None` clears the partner's own mode.
    async fn set_partner_moderation(&self, partner: &str, mode: Option<&str>) -> StoreResult<()>;
}

/// Implements `Comments` for `$store { pool }` in the SQL both databases accept, writing the change log as
/// every other write does (`begin_write`, `log_change` of the store module).
macro_rules! comments_store {
    ($store:ident, $db:ty) => {
        mod comments_impl {
            use super::{$store, begin_write, log_change};
            use crate::domain::ItemKind;
            use crate::store::comments::*;
            use crate::store::{ChangeKind, StoreError, StoreResult, now};
            use std::collections::HashMap;

            type Row = (
                i64,
                String,
                String,
                Option<i64>,
                String,
                String,
                String,
                String,
                String,
                i32,
                i32,
                Option<String>,
                String,
                i64,
                Option<String>,
            );

            const COLUMNS: &str = "c.id, c.item_kind, c.item_slug, c.parent_id, c.author, a.name, c.body, c.html, c.state, \
                 c.deleted, c.by_moderator, c.hidden_reason, c.created_at, c.created_ms, c.edited_at";
            const FROM: &str = "FROM comments c JOIN accounts a ON a.id = c.author";
            use crate::store::comments::VISIBLE;

            fn kind_of(code: &str) -> StoreResult<ItemKind> {
                ItemKind::from_code(code)
                    .ok_or_else(|| StoreError::Corrupt { at: "comments".into(), message: format!("unknown item kind `{code}`") })
            }

            fn record(r: Row) -> StoreResult<CommentRecord> {
                let state = CommentState::parse(&r.8).ok_or_else(|| StoreError::Corrupt {
                    at: format!("comments/{}", r.0),
                    message: format!("unknown state `{}`", r.8),
                })?;
                Ok(CommentRecord {
                    id: r.0,
                    kind: kind_of(&r.1)?,
                    slug: r.2,
                    parent: r.3,
                    author: r.4,
                    author_name: r.5,
                    body: r.6,
                    html: r.7,
                    state,
                    deleted: r.9 != 0,
                    by_moderator: r.10 != 0,
                    hidden_reason: r.11,
                    created_at: r.12,
                    created_ms: r.13,
                    edited_at: r.14,
                })
            }

            /// `$1, $2, …, $n`: a list of ids bound one by one, so the indexes on `comment_id` serve.
            fn placeholders(n: usize) -> String {
                (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
            }

            /// Logs a change of the discussion of a comment's item: readers' pages of it change when what they see does.
            async fn touch(tx: &mut super::Tx<'_>, id: i64) -> StoreResult<()> {
                let item: Option<(String, String)> =
                    sqlx::query_as("SELECT item_kind, item_slug FROM comments WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                if let Some((kind, slug)) = item {
                    let dir = kind_of(&kind)?.dir();
                    log_change(tx, ChangeKind::Discussion, &format!("{dir}/{slug}")).await?;
                }
                Ok(())
            }

            /// How many rows of one account `sql` counts since a time: `$1` the account, `$2` milliseconds.
            async fn count(tx: &mut super::Tx<'_>, sql: &str, account: &str, since_ms: i64) -> StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as(sql).bind(account).bind(since_ms).fetch_one(&mut **tx).await?;
                Ok(n)
            }

            async fn log(tx: &mut super::Tx<'_>, id: i64, actor: &str, action: &str, reason: Option<&str>) -> StoreResult<()> {
                sqlx::query("INSERT INTO moderation_log (comment_id, actor, action, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(actor)
                    .bind(action)
                    .bind(reason)
                    .bind(now())
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            #[async_trait::async_trait]
            impl Comments for $store {
                async fn add_comment(&self, c: &NewComment) -> StoreResult<Added> {
                    let mut tx = begin_write(&self.pool).await?;
                    if let Some(limits) = c.limits {
                        let recent =
                            count(&mut tx, "SELECT COUNT(*) FROM comments WHERE author = $1 AND created_ms >= $2", &c.author, limits.since_ms)
                                .await?;
                        if recent >= limits.max_recent {
                            // The writers' lock goes now, not when the connection is next used.
                            tx.rollback().await?;
                            return Ok(Added::TooMany);
                        }
                        let seen: Option<(i64,)> = sqlx::query_as(
                            "SELECT id FROM comments WHERE author = $1 AND fingerprint = $2 AND deleted = 0 LIMIT 1",
                        )
                        .bind(&c.author)
                        .bind(&c.fingerprint)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if seen.is_some() {
                            tx.rollback().await?;
                            return Ok(Added::Repeated);
                        }
                    }
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO comments (item_kind, item_slug, parent_id, author, body, html, state, deleted, by_moderator, \
                         fingerprint, created_at, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11) RETURNING id",
                    )
                    .bind(c.kind.code())
                    .bind(&c.slug)
                    .bind(c.parent)
                    .bind(&c.author)
                    .bind(&c.body)
                    .bind(&c.html)
                    .bind(c.state.code())
                    .bind(i32::from(c.by_moderator))
                    .bind(&c.fingerprint)
                    .bind(now())
                    .bind(c.now_ms)
                    .fetch_one(&mut *tx)
                    .await?;
                    if c.state == CommentState::Approved {
                        touch(&mut tx, id).await?;
                    }
                    tx.commit().await?;
                    Ok(Added::Stored(id))
                }

                async fn comment(&self, id: i64) -> StoreResult<Option<CommentRecord>> {
                    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE c.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(record).transpose()
                }

                async fn item_comments(&self, kind: ItemKind, slug: &str) -> StoreResult<Vec<CommentRecord>> {
                    let rows: Vec<Row> = sqlx::query_as(&format!(
                        "SELECT {COLUMNS} {FROM} WHERE c.item_kind = $1 AND c.item_slug = $2 ORDER BY c.id"
                    ))
                    .bind(kind.code())
                    .bind(slug)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(record).collect()
                }

                async fn authored_in(&self, kind: ItemKind, slug: &str, author: &str) -> StoreResult<bool> {
                    let found: Option<(i32,)> = sqlx::query_as(
                        "SELECT 1 FROM comments WHERE author = $1 AND item_kind = $2 AND item_slug = $3 LIMIT 1",
                    )
                    .bind(author)
                    .bind(kind.code())
                    .bind(slug)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(found.is_some())
                }

                async fn edit_comment(&self, id: i64, body: &str, html: &str, fingerprint: &str, requeue: bool) -> StoreResult<bool> {
                    let mut tx = begin_write(&self.pool).await?;
                    // Words kept as they were are no repeat, whatever else holds them (moderators repeat answers).
                    let repeat: Option<(i64,)> = sqlx::query_as(
                        "SELECT o.id FROM comments c JOIN comments o ON o.author = c.author \
                         WHERE c.id = $1 AND c.fingerprint <> $2 AND o.id <> $1 AND o.fingerprint = $2 AND o.deleted = 0 LIMIT 1",
                    )
                    .bind(id)
                    .bind(fingerprint)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if repeat.is_some() {
                        tx.rollback().await?;
                        return Ok(false);
                    }
                    sqlx::query("INSERT INTO comment_edits (comment_id, body, replaced_at) SELECT id, body, $2 FROM comments WHERE id = $1")
                        .bind(id)
                        .bind(now())
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "UPDATE comments SET body = $2, html = $3, fingerprint = $4, edited_at = $5, \
                         state = CASE WHEN $6 = 1 THEN 'waiting' ELSE state END WHERE id = $1",
                    )
                    .bind(id)
                    .bind(body)
                    .bind(html)
                    .bind(fingerprint)
                    .bind(now())
                    .bind(i32::from(requeue))
                    .execute(&mut *tx)
                    .await?;
                    touch(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(true)
                }

                async fn delete_comment(&self, id: i64) -> StoreResult<()> {
                    let mut tx = begin_write(&self.pool).await?;
                    sqlx::query("UPDATE comments SET body = '', html = '', fingerprint = '', deleted = 1 WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM comment_edits WHERE comment_id = $1").bind(id).execute(&mut *tx).await?;
                    touch(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn comment_edits(&self, id: i64) -> StoreResult<Vec<(String, String)>> {
                    Ok(sqlx::query_as("SELECT body, replaced_at FROM comment_edits WHERE comment_id = $1 ORDER BY replaced_at")
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await?)
                }

                async fn moderate(&self, id: i64, state: CommentState, actor: &str, action: &str, reason: Option<&str>) -> StoreResult<()> {
                    let mut tx = begin_write(&self.pool).await?;
                    let hidden_reason = (state == CommentState::Hidden).then_some(reason).flatten();
                    sqlx::query("UPDATE comments SET state = $2, hidden_reason = $3 WHERE id = $1")
                        .bind(id)
                        .bind(state.code())
                        .bind(hidden_reason)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE comment_reports SET resolved = 1 WHERE comment_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    log(&mut tx, id, actor, action, reason).await?;
                    touch(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn log_action(&self, id: i64, actor: &str, action: &str, reason: Option<&str>) -> StoreResult<()> {
                    let mut tx = begin_write(&self.pool).await?;
                    log(&mut tx, id, actor, action, reason).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn moderation_log(&self, ids: &[i64]) -> StoreResult<Vec<LogRecord>> {
                    if ids.is_empty() {
                        return Ok(vec![]);
                    }
                    let sql = format!(
                        "SELECT comment_id, actor, action, reason, created_at FROM moderation_log \
                         WHERE comment_id IN ({}) ORDER BY id",
                        placeholders(ids.len())
                    );
                    let mut q = sqlx::query_as::<_, (i64, String, String, Option<String>, String)>(&sql);
                    for id in ids {
                        q = q.bind(*id);
                    }
                    let rows = q.fetch_all(&self.pool).await?;
                    Ok(rows
                        .into_iter()
                        .map(|(comment, actor, action, reason, created_at)| LogRecord { comment, actor, action, reason, created_at })
                        .collect())
                }

                async fn report(&self, id: i64, reporter: &str, reason: &str, now_ms: i64, limits: Limits) -> StoreResult<Added> {
                    let mut tx = begin_write(&self.pool).await?;
                    let open: Option<(i64,)> = sqlx::query_as(
                        "SELECT id FROM comment_reports WHERE comment_id = $1 AND reporter = $2 AND resolved = 0 LIMIT 1",
                    )
                    .bind(id)
                    .bind(reporter)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if open.is_some() {
                        // The writers' lock goes now, not when the connection is next used.
                        tx.rollback().await?;
                        return Ok(Added::Repeated);
                    }
                    let recent = count(
                        &mut tx,
                        "SELECT COUNT(*) FROM comment_reports WHERE reporter = $1 AND created_ms >= $2",
                        reporter,
                        limits.since_ms,
                    )
                    .await?;
                    if recent >= limits.max_recent {
                        tx.rollback().await?;
                        return Ok(Added::TooMany);
                    }
                    let (report,): (i64,) = sqlx::query_as(
                        "INSERT INTO comment_reports (comment_id, reporter, reason, created_at, created_ms, resolved) \
                         VALUES ($1, $2, $3, $4, $5, 0) RETURNING id",
                    )
                    .bind(id)
                    .bind(reporter)
                    .bind(reason)
                    .bind(now())
                    .bind(now_ms)
                    .fetch_one(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(Added::Stored(report))
                }

                async fn resolve_reports(&self, id: i64) -> StoreResult<()> {
                    // Writers take turns: a moderator's action on the same comment writes the comment, then
                    // its reports, and each write raises `comment_version`; taken alone this statement
                    // would lock the reports first, and PostgreSQL would find the two waiting on each other.
                    let mut tx = begin_write(&self.pool).await?;
                    sqlx::query("UPDATE comment_reports SET resolved = 1 WHERE comment_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn open_reports(&self, ids: &[i64]) -> StoreResult<Vec<ReportRecord>> {
                    if ids.is_empty() {
                        return Ok(vec![]);
                    }
                    let sql = format!(
                        "SELECT r.comment_id, a.name, r.reason, r.created_at FROM comment_reports r JOIN accounts a ON a.id = r.reporter \
                         WHERE r.resolved = 0 AND r.comment_id IN ({}) ORDER BY r.id",
                        placeholders(ids.len())
                    );
                    let mut q = sqlx::query_as::<_, (i64, String, String, String)>(&sql);
                    for id in ids {
                        q = q.bind(*id);
                    }
                    let rows = q.fetch_all(&self.pool).await?;
                    Ok(rows
                        .into_iter()
                        .map(|(comment, reporter_name, reason, created_at)| ReportRecord { comment, reporter_name, reason, created_at })
                        .collect())
                }

                async fn queue(&self, queue: Queue, cursor: Cursor, limit: i64) -> StoreResult<QueueWindow> {
                    // Each filter is answered from the `comments_queue` index (state, deleted, id).
                    let filter = match queue {
                        Queue::Waiting => "c.state = 'waiting' AND c.deleted = 0",
                        Queue::Hidden => "c.state = 'hidden' AND c.deleted = 0",
                        Queue::Reported => {
                            "c.deleted = 0 AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved = 0)"
                        }
                    };
                    let (bound, order) = match cursor {
                        Cursor::First => ("", "ASC"),
                        Cursor::After(_) => ("AND c.id > $2", "ASC"),
                        Cursor::Before(_) => ("AND c.id < $2", "DESC"),
                    };
                    let id = match cursor {
                        Cursor::First => 0,
                        Cursor::After(id) | Cursor::Before(id) => id,
                    };
                    let sql = format!(
                        "SELECT {COLUMNS} {FROM} WHERE {filter} {bound} ORDER BY c.id {order} LIMIT $1"
                    );
                    let mut q = sqlx::query_as::<_, Row>(&sql).bind(limit);
                    if cursor != Cursor::First {
                        q = q.bind(id);
                    }
                    let mut rows = q.fetch_all(&self.pool).await?;
                    if order == "DESC" {
                        rows.reverse();
                    }
                    let records = rows.into_iter().map(record).collect::<StoreResult<Vec<_>>>()?;
                    let first = records.first().map(|r| r.id).unwrap_or(match cursor {
                        Cursor::After(id) => id + 1,
                        _ => 0,
                    });
                    // The first window has nothing before it; a later one counts the index entries below it.
                    let before = if cursor == Cursor::First {
                        0
                    } else {
                        let (n,): (i64,) = sqlx::query_as(&format!(
                            "SELECT COUNT(*) FROM comments c WHERE {filter} AND c.id < $1"
                        ))
                        .bind(first)
                        .fetch_one(&self.pool)
                        .await?;
                        n
                    };
                    Ok(QueueWindow { records, before })
                }

                async fn version(&self) -> StoreResult<i64> {
                    Ok(sqlx::query_scalar("SELECT n FROM comment_version").fetch_one(&self.pool).await?)
                }

                async fn queue_counts(&self) -> StoreResult<(i64, i64, i64)> {
                    let (waiting, hidden): (i64, i64) = sqlx::query_as(
                        "SELECT (SELECT COUNT(*) FROM comments WHERE state = 'waiting' AND deleted = 0), \
                         (SELECT COUNT(*) FROM comments WHERE state = 'hidden' AND deleted = 0)",
                    )
                    .fetch_one(&self.pool)
                    .await?;
                    let (reported,): (i64,) = sqlx::query_as(
                        "SELECT COUNT(DISTINCT r.comment_id) FROM comment_reports r JOIN comments c ON c.id = r.comment_id \
                         WHERE r.resolved = 0 AND c.deleted = 0",
                    )
                    .fetch_one(&self.pool)
                    .await?;
                    Ok((waiting, reported, hidden))
                }

                async fn approved_count(&self, author: &str) -> StoreResult<i64> {
                    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM comments WHERE author = $1 AND state = 'approved'")
                        .bind(author)
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(n)
                }

                async fn holders(&self, role: &str, partner: &str) -> StoreResult<Vec<String>> {
                    let rows: Vec<(String,)> = sqlx::query_as(
                        "SELECT r.account_id FROM account_roles r JOIN accounts a ON a.id = r.account_id \
                         WHERE r.role = $1 AND r.partner = $2 AND a.disabled = 0",
                    )
                    .bind(role)
                    .bind(partner)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(|r| r.0).collect())
                }

                async fn notify(&self, comment: i64, accounts: &[String]) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await?;
                    for account in accounts {
                        sqlx::query(
                            "INSERT INTO notifications (account_id, comment_id, created_at, seen) VALUES ($1, $2, $3, 0) \
                             ON CONFLICT (account_id, comment_id) DO NOTHING",
                        )
                        .bind(account)
                        .bind(comment)
                        .bind(now())
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn notifications(&self, account: &str, limit: i64) -> StoreResult<Vec<NotificationRecord>> {
                    let rows: Vec<(i64, i32, String, Option<String>)> = sqlx::query_as(&format!(
                        "SELECT c.id, n.seen, n.created_at, p.author FROM notifications n JOIN comments c ON c.id = n.comment_id \
                         LEFT JOIN comments p ON p.id = c.parent_id \
                         WHERE n.account_id = $1 AND {VISIBLE} ORDER BY n.id DESC LIMIT $2"
                    ))
                    .bind(account)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                    if rows.is_empty() {
                        return Ok(vec![]);
                    }
                    let sql = format!("SELECT {COLUMNS} {FROM} WHERE c.id IN ({})", placeholders(rows.len()));
                    let mut q = sqlx::query_as::<_, Row>(&sql);
                    for r in &rows {
                        q = q.bind(r.0);
                    }
                    let mut by_id: HashMap<i64, CommentRecord> = HashMap::new();
                    for row in q.fetch_all(&self.pool).await? {
                        let c = record(row)?;
                        by_id.insert(c.id, c);
                    }
                    Ok(rows
                        .into_iter()
                        .filter_map(|(id, seen, created_at, parent_author)| {
                            by_id.remove(&id).map(|comment| NotificationRecord { seen: seen != 0, created_at, comment, parent_author })
                        })
                        .collect())
                }

                async fn unseen(&self, account: &str) -> StoreResult<i64> {
                    let (n,): (i64,) = sqlx::query_as(&format!(
                        "SELECT COUNT(*) FROM notifications n JOIN comments c ON c.id = n.comment_id \
                         WHERE n.account_id = $1 AND n.seen = 0 AND {VISIBLE}"
                    ))
                    .bind(account)
                    .fetch_one(&self.pool)
                    .await?;
                    Ok(n)
                }

                async fn mark_seen(&self, account: &str) -> StoreResult<()> {
                    sqlx::query("UPDATE notifications SET seen = 1 WHERE account_id = $1 AND seen = 0")
                        .bind(account)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
                    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                        .bind(key)
                        .fetch_optional(&self.pool)
                        .await?;
                    Ok(row.map(|r| r.0))
                }

                async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
                    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                        .bind(key)
                        .bind(value)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn partner_moderation(&self) -> StoreResult<HashMap<String, String>> {
                    let rows: Vec<(String, String)> = sqlx::query_as("SELECT partner, moderation FROM partner_settings")
                        .fetch_all(&self.pool)
                        .await?;
                    Ok(rows.into_iter().collect())
                }

                async fn set_partner_moderation(&self, partner: &str, mode: Option<&str>) -> StoreResult<()> {
                    match mode {
                        Some(m) => {
                            sqlx::query(
                                "INSERT INTO partner_settings (partner, moderation) VALUES ($1, $2) \
                                 ON CONFLICT (partner) DO UPDATE SET moderation = excluded.moderation",
                            )
                            .bind(partner)
                            .bind(m)
                            .execute(&self.pool)
                            .await?;
                        }
                        None => {
                            sqlx::query("DELETE FROM partner_settings WHERE partner = $1")
                                .bind(partner)
                                .execute(&self.pool)
                                .await?;
                        }
                    }
                    Ok(())
                }
            }
        }
    };
}

pub(crate) use comments_store;
