//! Accounts, their roles, sessions, API tokens, reset links and sign-in failures; and what the editorial
//! desk reads of items whatever their status (drafts, history, workflow events). Secrets arrive here
//! already hashed: the store never sees a session id, token or reset link in the clear.

use super::{SourceFile, StoreResult};
use crate::domain::{ItemKind, Lang, Status};
use app::account::Grant;

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: String,
    /// Lower-case; unique.
    pub email: String,
    pub name: String,
    pub grants: Vec<Grant>,
    pub disabled: bool,
    pub created_at: String,
}

/// A stored session: whose, its form token, and when it began and was last used (milliseconds).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub account: Account,
    pub csrf: String,
    pub created_at: i64,
    pub seen_at: i64,
}

/// One limiter key's failed sign-ins within the window: how many, and when the last was (milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct KeyFailures {
    pub count: i64,
    pub last_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
    /// When it stops working, if its maker chose a date.
    pub expires_at: Option<String>,
}

/// One revision of one file, as the history page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionEntry {
    pub revision: i64,
    pub hash: String,
    pub created_at: String,
    /// Who saved it (an account's email; `import` for files imported from a content tree).
    pub author: Option<String>,
    pub note: Option<String>,
    pub content: Option<String>,
}

/// A move of an item between statuses.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowEvent {
    pub from: String,
    pub to: String,
    pub author: String,
    pub note: Option<String>,
    pub created_at: String,
}

/// A case or magazine as the editorial desk lists it, in any status.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskItem {
    pub kind: ItemKind,
    pub slug: String,
    pub title: String,
    pub status: Status,
    /// The partner of a case; the owner of a magazine (none: the library's own).
    pub partner: Option<String>,
    pub source_lang: Lang,
    pub languages: Vec<Lang>,
}

/// A published case as the translator's desk sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslationItem {
    pub slug: String,
    pub partner: String,
    pub themes: Vec<String>,
    pub source_lang: Lang,
    pub published: String,
    /// The source's title.
    pub title: String,
    /// The SHA-256 (hex) of the source file as it is now.
    pub source_hash: String,
    /// When the source was last written (empty when not recorded).
    pub source_written_at: String,
    /// Every translation and the `source_hash` it follows.
    pub translations: Vec<(Lang, Option<String>)>,
}

#[async_trait::async_trait]
pub trait Accounts: Send + Sync {
    /// A `Conflict` when the email is taken.
    async fn create_account(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        grants: &[Grant],
    ) -> StoreResult<Account>;
    async fn account(&self, id: &str) -> StoreResult<Option<Account>>;
    /// The account and its password hash.
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<(Account, String)>>;
    async fn all_accounts(&self) -> StoreResult<Vec<Account>>;
    /// Replaces the password and ends every session of the account but `keep` (a session id hash).
    async fn set_password(&self, id: &str, hash: &str, keep: Option<&str>) -> StoreResult<()>;
    async fn set_grants(&self, id: &str, grants: &[Grant]) -> StoreResult<()>;
    /// A disabled account is signed out everywhere and cannot sign in.
    async fn set_disabled(&self, id: &str, disabled: bool) -> StoreResult<()>;

    async fn create_session(
        &self,
        id_hash: &str,
        account: &str,
        csrf: &str,
        now_ms: i64,
    ) -> StoreResult<()>;
    async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(&self, id_hash: &str, now_ms: i64) -> StoreResult<()>;
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;

    /// Counts a sign-in attempt before it is judged, in one write transaction (writers take turns, across
    /// instances too), so parallel guesses see each other: purges every row older than `since_ms`, reads
    /// each key's failures since then, asks `judge`, and unless it refuses (with the milliseconds to
    /// wait), records the attempt as a failure of every key under the id `attempt`.
    async fn count_attempt(
        &self,
        attempt: &str,
        keys: &[String],
        since_ms: i64,
        now_ms: i64,
        judge: &(dyn for<'k> Fn(&'k [KeyFailures]) -> Option<i64> + Send + Sync),
    ) -> StoreResult<Option<i64>>;
    /// Takes back an attempt that was never judged (the server was busy).
    async fn forget_attempt(&self, attempt: &str) -> StoreResult<()>;
    /// Forgets every failure of these keys (a right password, a reset).
    async fn clear_failures(&self, keys: &[String]) -> StoreResult<()>;

    async fn create_token(
        &self,
        id: &str,
        account: &str,
        name: &str,
        token_hash: &str,
        expires_at: Option<&str>,
    ) -> StoreResult<()>;
    /// The account of a live token (not revoked, not expired); notes its use.
    async fn token_account(&self, token_hash: &str) -> StoreResult<Option<Account>>;
    async fn tokens(&self, account: &str) -> StoreResult<Vec<TokenInfo>>;
    /// False when the account has no such live token.
    async fn revoke_token(&self, account: &str, id: &str) -> StoreResult<bool>;
    /// Ends every token of the account (its password was reset).
    async fn revoke_tokens(&self, account: &str) -> StoreResult<()>;

    async fn create_reset_link(
        &self,
        token_hash: &str,
        account: &str,
        expires_ms: i64,
    ) -> StoreResult<()>;
    /// The account of an unused, unexpired reset link, marking it used (once only).
    async fn use_reset_link(&self, token_hash: &str, now_ms: i64) -> StoreResult<Option<String>>;
    /// The account of a live reset link, without using it.
    async fn reset_link_account(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<String>>;

    /// Every case and magazine in any status, of the given partners (`None`: all).
    async fn desk_items(&self, partners: Option<&[String]>) -> StoreResult<Vec<DeskItem>>;
    /// Status and partner (owner) of one item in any status.
    async fn item_owner(
        &self,
        kind: ItemKind,
        slug: &str,
    ) -> StoreResult<Option<(Status, Option<String>)>>;
    /// Every stored file text of one item in any status.
    async fn item_files(&self, kind: ItemKind, slug: &str) -> StoreResult<Vec<SourceFile>>;
    async fn set_magazine_partner(&self, slug: &str, partner: Option<&str>) -> StoreResult<()>;
    /// Every published case with the state of its translations, in slug order.
    async fn translation_items(&self) -> StoreResult<Vec<TranslationItem>>;
    /// The revisions of one file, oldest first, with their contents.
    async fn history(&self, path: &str) -> StoreResult<Vec<RevisionEntry>>;
    async fn workflow_events(&self, kind: ItemKind, slug: &str) -> StoreResult<Vec<WorkflowEvent>>;

    async fn save_draft(&self, account: &str, path: &str, content: &str) -> StoreResult<()>;
    async fn draft(&self, account: &str, path: &str) -> StoreResult<Option<(String, String)>>;
    async fn delete_draft(&self, account: &str, path: &str) -> StoreResult<()>;
}

/// Implements `Accounts` for `$store { pool }` in the SQL both databases accept.
macro_rules! accounts_store {
    ($store:ident, $db:ty) => {
        mod accounts_impl {
            use super::$store;
            use crate::domain::{ItemKind, Lang, Status};
            use crate::store::accounts::*;
            use crate::store::{SourceFile, StoreError, StoreResult, now};
            use app::account::Grant;

            /// 128 random bits: account ids are not secrets, but nothing should be guessed from them.
            fn new_id() -> String {
                use rand::RngCore;
                let mut buf = [0u8; 16];
                rand::rngs::OsRng.fill_bytes(&mut buf);
                hex::encode(buf)
            }

            async fn grants_of(pool: &sqlx::Pool<$db>, id: &str) -> StoreResult<Vec<Grant>> {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT role, partner FROM account_roles WHERE account_id = $1 ORDER BY role, partner",
                )
                .bind(id)
                .fetch_all(pool)
                .await?;
                Ok(rows.iter().filter_map(|(r, p)| Grant::from_parts(r, p)).collect())
            }

            type AccountRow = (String, String, String, i32, String);

            async fn account_of(pool: &sqlx::Pool<$db>, row: AccountRow) -> StoreResult<Account> {
                let (id, email, name, disabled, created_at) = row;
                let grants = grants_of(pool, &id).await?;
                Ok(Account { id, email, name, grants, disabled: disabled != 0, created_at })
            }

            const ACCOUNT_COLUMNS: &str = "id, email, name, disabled, created_at";

            fn lang_of(at: &str, code: &str) -> StoreResult<Lang> {
                code.parse().map_err(|e: app::lang::UnsupportedLang| StoreError::Corrupt {
                    at: at.to_string(),
                    message: e.to_string(),
                })
            }

            fn status_of(at: &str, code: &str) -> StoreResult<Status> {
                Status::parse(code).ok_or_else(|| StoreError::Corrupt {
                    at: at.to_string(),
                    message: format!("unknown status `{code}`"),
                })
            }

            #[async_trait::async_trait]
            impl Accounts for $store {
                async fn create_account(
                    &self,
                    email: &str,
                    name: &str,
                    password_hash: &str,
                    grants: &[Grant],
                ) -> StoreResult<Account> {
                    let id = new_id();
                    let mut tx = self.pool.begin().await?;
                    let taken: Option<(String,)> = sqlx::query_as("SELECT id FROM accounts WHERE email = $1")
                        .bind(email)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if taken.is_some() {
                        return Err(StoreError::Conflict(format!("an account with the email {email} exists")));
                    }
                    sqlx::query(
                        "INSERT INTO accounts (id, email, name, password_hash, created_at, disabled) VALUES ($1, $2, $3, $4, $5, 0)",
                    )
                    .bind(&id)
                    .bind(email)
                    .bind(name)
                    .bind(password_hash)
                    .bind(now())
                    .execute(&mut *tx)
                    .await?;
                    for g in grants {
                        let (role, partner) = g.parts();
                        sqlx::query("INSERT INTO account_roles (account_id, role, partner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                            .bind(&id)
                            .bind(role)
                            .bind(partner)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(self.account(&id).await?.expect("the account just written"))
                }

                async fn account(&self, id: &str) -> StoreResult<Option<Account>> {
                    let row: Option<AccountRow> =
                        sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"))
                            .bind(id)
                            .fetch_optional(&self.pool)
                            .await?;
                    match row {
                        Some(r) => Ok(Some(account_of(&self.pool, r).await?)),
                        None => Ok(None),
                    }
                }

                async fn account_by_email(&self, email: &str) -> StoreResult<Option<(Account, String)>> {
                    let row: Option<(String, String, String, i32, String, String)> = sqlx::query_as(&format!(
                        "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE email = $1"
                    ))
                    .bind(email)
                    .fetch_optional(&self.pool)
                    .await?;
                    match row {
                        Some((id, email, name, disabled, created_at, hash)) => Ok(Some((
                            account_of(&self.pool, (id, email, name, disabled, created_at)).await?,
                            hash,
                        ))),
                        None => Ok(None),
                    }
                }

                async fn all_accounts(&self) -> StoreResult<Vec<Account>> {
                    let rows: Vec<AccountRow> =
                        sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY email"))
                            .fetch_all(&self.pool)
                            .await?;
                    let mut out = Vec::with_capacity(rows.len());
                    for r in rows {
                        out.push(account_of(&self.pool, r).await?);
                    }
                    Ok(out)
                }

                async fn set_password(&self, id: &str, hash: &str, keep: Option<&str>) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                        .bind(hash)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id_hash <> $2")
                        .bind(id)
                        .bind(keep.unwrap_or(""))
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_grants(&self, id: &str, grants: &[Grant]) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query("DELETE FROM account_roles WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
                    for g in grants {
                        let (role, partner) = g.parts();
                        sqlx::query("INSERT INTO account_roles (account_id, role, partner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                            .bind(id)
                            .bind(role)
                            .bind(partner)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_disabled(&self, id: &str, disabled: bool) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await?;
                    sqlx::query("UPDATE accounts SET disabled = $1 WHERE id = $2")
                        .bind(i32::from(disabled))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if disabled {
                        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
                        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
                            .bind(now())
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn create_session(&self, id_hash: &str, account: &str, csrf: &str, now_ms: i64) -> StoreResult<()> {
                    sqlx::query("INSERT INTO sessions (id_hash, account_id, csrf, created_at, seen_at) VALUES ($1, $2, $3, $4, $4)")
                        .bind(id_hash)
                        .bind(account)
                        .bind(csrf)
                        .bind(now_ms)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRecord>> {
                    // Read on every signed-in request: the session and its account in one statement.
                    let row: Option<(String, String, String, i32, String, String, i64, i64)> = sqlx::query_as(
                        "SELECT a.id, a.email, a.name, a.disabled, a.created_at, s.csrf, s.created_at, s.seen_at \
                         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = $1",
                    )
                    .bind(id_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                    let Some((id, email, name, disabled, account_created, csrf, created_at, seen_at)) = row else {
                        return Ok(None);
                    };
                    if disabled != 0 {
                        return Ok(None);
                    }
                    let account = account_of(&self.pool, (id, email, name, disabled, account_created)).await?;
                    Ok(Some(SessionRecord { account, csrf, created_at, seen_at }))
                }

                async fn touch_session(&self, id_hash: &str, now_ms: i64) -> StoreResult<()> {
                    sqlx::query("UPDATE sessions SET seen_at = $1 WHERE id_hash = $2")
                        .bind(now_ms)
                        .bind(id_hash)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
                    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.pool).await?;
                    Ok(())
                }

                async fn count_attempt(
                    &self,
                    attempt: &str,
                    keys: &[String],
                    since_ms: i64,
                    now_ms: i64,
                    judge: &(dyn for<'k> Fn(&'k [KeyFailures]) -> Option<i64> + Send + Sync),
                ) -> StoreResult<Option<i64>> {
                    let mut tx = super::begin_write(&self.pool).await?;
                    // Old failures count for nothing, whatever their key: the table holds one window.
                    sqlx::query("DELETE FROM sign_in_failures WHERE at < $1").bind(since_ms).execute(&mut *tx).await?;
                    let mut counts = Vec::with_capacity(keys.len());
                    for key in keys {
                        let (count, last_at): (i64, Option<i64>) =
                            sqlx::query_as("SELECT COUNT(*), MAX(at) FROM sign_in_failures WHERE key = $1")
                                .bind(key)
                                .fetch_one(&mut *tx)
                                .await?;
                        counts.push(KeyFailures { count, last_at });
                    }
                    if let Some(wait) = judge(&counts) {
                        return Ok(Some(wait));
                    }
                    for key in keys {
                        sqlx::query("INSERT INTO sign_in_failures (key, at, attempt) VALUES ($1, $2, $3)")
                            .bind(key)
                            .bind(now_ms)
                            .bind(attempt)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(None)
                }

                async fn forget_attempt(&self, attempt: &str) -> StoreResult<()> {
                    sqlx::query("DELETE FROM sign_in_failures WHERE attempt = $1").bind(attempt).execute(&self.pool).await?;
                    Ok(())
                }

                async fn clear_failures(&self, keys: &[String]) -> StoreResult<()> {
                    for key in keys {
                        sqlx::query("DELETE FROM sign_in_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
                    }
                    Ok(())
                }

                async fn create_token(&self, id: &str, account: &str, name: &str, token_hash: &str, expires_at: Option<&str>) -> StoreResult<()> {
                    sqlx::query("INSERT INTO api_tokens (id, account_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(id)
                        .bind(account)
                        .bind(name)
                        .bind(token_hash)
                        .bind(now())
                        .bind(expires_at)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn token_account(&self, token_hash: &str) -> StoreResult<Option<Account>> {
                    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
                        "SELECT id, account_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL \
                         AND (expires_at IS NULL OR expires_at > $2)",
                    )
                    .bind(token_hash)
                    .bind(now())
                    .fetch_optional(&self.pool)
                    .await?;
                    let Some((id, account, last_used)) = row else { return Ok(None) };
                    // "Last used" to the minute: a client calling many times a second writes once a minute,
                    // not on every call (each write waits for SQLite's one writer).
                    let now = now();
                    if last_used.is_none_or(|at| at.get(..16) != now.get(..16)) {
                        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                            .bind(&now)
                            .bind(&id)
                            .execute(&self.pool)
                            .await?;
                    }
                    Ok(self.account(&account).await?.filter(|a| !a.disabled))
                }

                async fn tokens(&self, account: &str) -> StoreResult<Vec<TokenInfo>> {
                    let rows: Vec<(String, String, String, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
                        "SELECT id, name, created_at, last_used_at, revoked_at, expires_at FROM api_tokens WHERE account_id = $1 ORDER BY created_at, id",
                    )
                    .bind(account)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, name, created_at, last_used_at, revoked_at, expires_at)| TokenInfo {
                            id,
                            name,
                            created_at,
                            last_used_at,
                            revoked_at,
                            expires_at,
                        })
                        .collect())
                }

                async fn revoke_token(&self, account: &str, id: &str) -> StoreResult<bool> {
                    let done = sqlx::query(
                        "UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND id = $3 AND revoked_at IS NULL",
                    )
                    .bind(now())
                    .bind(account)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                    Ok(done.rows_affected() > 0)
                }

                async fn revoke_tokens(&self, account: &str) -> StoreResult<()> {
                    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
                        .bind(now())
                        .bind(account)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn create_reset_link(&self, token_hash: &str, account: &str, expires_ms: i64) -> StoreResult<()> {
                    sqlx::query("INSERT INTO reset_links (token_hash, account_id, expires_at, used) VALUES ($1, $2, $3, 0)")
                        .bind(token_hash)
                        .bind(account)
                        .bind(expires_ms)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn use_reset_link(&self, token_hash: &str, now_ms: i64) -> StoreResult<Option<String>> {
                    let mut tx = self.pool.begin().await?;
                    let row: Option<(String,)> = sqlx::query_as(
                        "SELECT account_id FROM reset_links WHERE token_hash = $1 AND used = 0 AND expires_at > $2",
                    )
                    .bind(token_hash)
                    .bind(now_ms)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some((account,)) = row else { return Ok(None) };
                    let done = sqlx::query("UPDATE reset_links SET used = 1 WHERE token_hash = $1 AND used = 0")
                        .bind(token_hash)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok((done.rows_affected() == 1).then_some(account))
                }

                async fn reset_link_account(&self, token_hash: &str, now_ms: i64) -> StoreResult<Option<String>> {
                    let row: Option<(String,)> = sqlx::query_as(
                        "SELECT account_id FROM reset_links WHERE token_hash = $1 AND used = 0 AND expires_at > $2",
                    )
                    .bind(token_hash)
                    .bind(now_ms)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(|r| r.0))
                }

                async fn desk_items(&self, partners: Option<&[String]>) -> StoreResult<Vec<DeskItem>> {
                    let cases: Vec<(String, String, String, String, String)> = sqlx::query_as(
                        "SELECT c.slug, c.status, c.partner, c.source_lang, COALESCE(t.title, c.slug) FROM cases c \
                         LEFT JOIN case_texts t ON t.case_slug = c.slug AND t.lang = c.source_lang ORDER BY c.slug",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    let magazines: Vec<(String, String, Option<String>, String, String)> = sqlx::query_as(
                        "SELECT m.slug, m.status, m.partner, m.source_lang, COALESCE(t.title, m.slug) FROM magazines m \
                         LEFT JOIN magazine_texts t ON t.magazine_slug = m.slug AND t.lang = m.source_lang ORDER BY m.slug",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    let case_langs: Vec<(String, String)> =
                        sqlx::query_as("SELECT case_slug, lang FROM case_texts ORDER BY lang").fetch_all(&self.pool).await?;
                    let magazine_langs: Vec<(String, String)> =
                        sqlx::query_as("SELECT magazine_slug, lang FROM magazine_texts ORDER BY lang")
                            .fetch_all(&self.pool)
                            .await?;
                    let wanted = |p: &Option<String>| match partners {
                        None => true,
                        Some(list) => p.as_ref().is_some_and(|p| list.contains(p)),
                    };
                    let mut langs_of: std::collections::HashMap<(ItemKind, String), Vec<String>> = Default::default();
                    for (kind, rows) in [(ItemKind::Case, case_langs), (ItemKind::Magazine, magazine_langs)] {
                        for (slug, lang) in rows {
                            langs_of.entry((kind, slug)).or_default().push(lang);
                        }
                    }
                    let mut out = Vec::new();
                    let rows = cases
                        .into_iter()
                        .map(|(s, st, p, l, t)| (ItemKind::Case, s, st, Some(p), l, t))
                        .chain(magazines.into_iter().map(|(s, st, p, l, t)| (ItemKind::Magazine, s, st, p, l, t)));
                    for (kind, slug, status, partner, lang, title) in rows {
                        if !wanted(&partner) {
                            continue;
                        }
                        let at = format!("{}/{slug}", kind.dir());
                        let languages = langs_of
                            .remove(&(kind, slug.clone()))
                            .unwrap_or_default()
                            .iter()
                            .map(|l| lang_of(&at, l))
                            .collect::<StoreResult<Vec<_>>>()?;
                        out.push(DeskItem {
                            kind,
                            status: status_of(&at, &status)?,
                            source_lang: lang_of(&at, &lang)?,
                            slug,
                            title,
                            partner,
                            languages,
                        });
                    }
                    Ok(out)
                }

                async fn item_owner(&self, kind: ItemKind, slug: &str) -> StoreResult<Option<(Status, Option<String>)>> {
                    let row: Option<(String, Option<String>)> = match kind {
                        ItemKind::Case => sqlx::query_as("SELECT status, partner FROM cases WHERE slug = $1"),
                        ItemKind::Magazine => sqlx::query_as("SELECT status, partner FROM magazines WHERE slug = $1"),
                    }
                    .bind(slug)
                    .fetch_optional(&self.pool)
                    .await?;
                    let at = format!("{}/{slug}", kind.dir());
                    row.map(|(s, p)| Ok((status_of(&at, &s)?, p))).transpose()
                }

                async fn item_files(&self, kind: ItemKind, slug: &str) -> StoreResult<Vec<SourceFile>> {
                    let (table, owner) = match kind {
                        ItemKind::Case => ("case_texts", "case_slug"),
                        ItemKind::Magazine => ("magazine_texts", "magazine_slug"),
                    };
                    let rows: Vec<crate::store::FileRow> = sqlx::query_as(&format!(
                        "SELECT {owner}, lang, raw, source_hash, hash FROM {table} WHERE {owner} = $1 ORDER BY lang"
                    ))
                    .bind(slug)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(|r| crate::store::source_file_of(kind, r)).collect()
                }

                async fn translation_items(&self) -> StoreResult<Vec<TranslationItem>> {
                    let heads: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
                        "SELECT c.slug, c.partner, c.source_lang, c.published, s.title, s.hash, s.written_at FROM cases c \
                         JOIN case_texts s ON s.case_slug = c.slug AND s.lang = c.source_lang \
                         WHERE c.status = 'published' ORDER BY c.slug",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    let texts: Vec<(String, String, Option<String>)> = sqlx::query_as(
                        "SELECT t.case_slug, t.lang, t.source_hash FROM case_texts t JOIN cases c ON c.slug = t.case_slug \
                         WHERE c.status = 'published' AND t.lang <> c.source_lang",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    let themes: Vec<(String, String)> = sqlx::query_as("SELECT case_slug, theme FROM case_themes")
                        .fetch_all(&self.pool)
                        .await?;
                    let mut by_case: std::collections::HashMap<String, Vec<(Lang, Option<String>)>> = Default::default();
                    for (slug, lang, follows) in texts {
                        let lang = lang_of(&format!("cases/{slug}"), &lang)?;
                        by_case.entry(slug).or_default().push((lang, follows));
                    }
                    let mut themes_of: std::collections::HashMap<String, Vec<String>> = Default::default();
                    for (slug, theme) in themes {
                        themes_of.entry(slug).or_default().push(theme);
                    }
                    heads
                        .into_iter()
                        .map(|(slug, partner, source, published, title, source_hash, source_written_at)| {
                            Ok(TranslationItem {
                                source_lang: lang_of(&format!("cases/{slug}"), &source)?,
                                translations: by_case.remove(&slug).unwrap_or_default(),
                                themes: themes_of.remove(&slug).unwrap_or_default(),
                                slug,
                                partner,
                                published,
                                title,
                                source_hash,
                                source_written_at,
                            })
                        })
                        .collect()
                }

                async fn set_magazine_partner(&self, slug: &str, partner: Option<&str>) -> StoreResult<()> {
                    sqlx::query("UPDATE magazines SET partner = $1 WHERE slug = $2")
                        .bind(partner)
                        .bind(slug)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn history(&self, path: &str) -> StoreResult<Vec<RevisionEntry>> {
                    let rows: Vec<(i64, String, String, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
                        "SELECT revision, hash, created_at, author, note, content FROM revisions WHERE path = $1 ORDER BY revision",
                    )
                    .bind(path)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(revision, hash, created_at, author, note, content)| RevisionEntry {
                            revision,
                            hash,
                            created_at,
                            author,
                            note,
                            content,
                        })
                        .collect())
                }

                async fn workflow_events(&self, kind: ItemKind, slug: &str) -> StoreResult<Vec<WorkflowEvent>> {
                    let rows: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
                        "SELECT from_status, to_status, author, note, created_at FROM workflow_events \
                         WHERE kind = $1 AND slug = $2 ORDER BY id",
                    )
                    .bind(kind.dir())
                    .bind(slug)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(from, to, author, note, created_at)| WorkflowEvent { from, to, author, note, created_at })
                        .collect())
                }

                async fn save_draft(&self, account: &str, path: &str, content: &str) -> StoreResult<()> {
                    sqlx::query(
                        "INSERT INTO drafts (account_id, path, content, saved_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (account_id, path) DO UPDATE SET content = excluded.content, saved_at = excluded.saved_at",
                    )
                    .bind(account)
                    .bind(path)
                    .bind(content)
                    .bind(now())
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                }

                async fn draft(&self, account: &str, path: &str) -> StoreResult<Option<(String, String)>> {
                    Ok(sqlx::query_as("SELECT content, saved_at FROM drafts WHERE account_id = $1 AND path = $2")
                        .bind(account)
                        .bind(path)
                        .fetch_optional(&self.pool)
                        .await?)
                }

                async fn delete_draft(&self, account: &str, path: &str) -> StoreResult<()> {
                    sqlx::query("DELETE FROM drafts WHERE account_id = $1 AND path = $2")
                        .bind(account)
                        .bind(path)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }
            }
        }
    };
}

pub(crate) use accounts_store;
