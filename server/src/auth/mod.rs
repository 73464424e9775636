//! Accounts and sessions: sign-in with rate limits, server-side sessions with idle and absolute time-outs,
//! personal API tokens, admin-issued one-time reset links. Who may do what once signed in is decided in
//! `app::account` (one rule for pages and server).

pub mod admin;
mod limits;
pub mod password;
pub mod secret;
pub mod unseen;

use crate::store::accounts::{Account, TokenInfo};
use crate::store::{SharedStore, StoreError};
use app::account::{Grant, Viewer};
use password::Weakness;
use std::time::Duration;

/// A session unused this long ends.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(2 * 3600);
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 3600);
/// A use of a session is written down at most this often (each request would otherwise be a write).
const TOUCH_EVERY_MS: i64 = 60_000;
pub use limits::{ACCOUNT_FAILURES, ADDRESS_FAILURES, FAILURE_WINDOW};
/// How long an admin-issued reset link works.
pub const RESET_LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The longest a token with an end may last.
pub const MAX_TOKEN_DAYS: u32 = 366;
/// API tokens start with this, so a leaked one is easy to recognise (and to search for in code).
pub const TOKEN_PREFIX: &str = "lw_";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the email address or the password is wrong")]
    BadCredentials,
    #[error("too many failed sign-ins; try again in {seconds} seconds")]
    RateLimited { seconds: u64 },
    /// Every password check the machine can run at once is running: try again in a moment.
    #[error("the server is busy checking passwords; try again in a moment")]
    Busy,
    #[error("only an administrator may do this")]
    Forbidden,

    #[error("{}", .0.message())]
    Weak(Weakness),
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("this link is not valid any more; ask an administrator for a new one")]
    LinkExpired,
    #[error("no such account")]
    NoAccount,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AuthError {
    /// The form field a refusal is about, if one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            AuthError::Invalid { field, .. } => Some(field),
            AuthError::Weak(_) => Some("new"),
            AuthError::Store(StoreError::Conflict(_)) => Some("email"),
            _ => None,
        }
    }
}

/// A fresh session: the cookie value (shown to the browser once, stored only hashed) and who it is for.
pub struct NewSession {
    pub id: String,
    pub viewer: Viewer,
}

pub struct Auth {
    store: SharedStore,
    limits: limits::Limits,
    refusals: Refusals,
    unseen: std::sync::Arc<unseen::UnseenCounts>,
}

/// Sign-ins refused since the process started, by why: for `/metrics` (a rise in wrong passwords or
/// limits reached is someone guessing).
#[derive(Default)]
pub struct Refusals {
    pub bad_credentials: std::sync::atomic::AtomicU64,
    pub rate_limited: std::sync::atomic::AtomicU64,
    pub busy: std::sync::atomic::AtomicU64,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Lower-case, trimmed, and plausibly an address.
pub fn normalise_email(email: &str) -> Result<String, AuthError> {
    // Capped before anything else is done with it: a form may send megabytes.
    let e = if email.len() <= 1024 {
        email.trim().to_lowercase()
    } else {
        String::new()
    };
    let valid = e.len() <= 254
        && e.split('@').count() == 2
        && e.split('@').all(|p| !p.is_empty())
        && e.rsplit('@').next().is_some_and(|d| d.contains('.'))
        && !e.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(e)
    } else {
        Err(AuthError::Invalid {
            field: "email",
            message: "this is not an email address".into(),
        })
    }
}

/// The signed-in person an account is, with the form token of their session (none for a token or a tool).
pub fn viewer_of(account: Account, csrf: String) -> Viewer {
    Viewer {
        account_id: account.id,
        email: account.email,
        name: account.name,
        grants: account.grants,
        csrf,
        unseen: 0,
    }
}

/// Runs the slow password work where it cannot stall other requests.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .expect("password hashing does not panic")
}

impl Auth {
    pub fn new(store: SharedStore) -> Self {
        Auth {
            store,
            limits: limits::Limits::new(),
            refusals: Refusals::default(),
            unseen: Default::default(),
        }
    }

    /// Checks email and password; on success ends `old_session` (a new id on every sign-in, so a planted
    /// id never becomes a signed-in one) and starts a new session. The attempt is counted before it is
    /// judged (see `limits`), and judged only while a password check can run now.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: Option<std::net::IpAddr>,
        old_session: Option<&str>,
    ) -> Result<NewSession, AuthError> {
        let outcome = self
            .check_sign_in(email, password, address, old_session)
            .await;
        let counter = match &outcome {
            Err(AuthError::BadCredentials) => Some(&self.refusals.bad_credentials),
            Err(AuthError::RateLimited { .. }) => Some(&self.refusals.rate_limited),
            Err(AuthError::Busy) => Some(&self.refusals.busy),
            _ => None,
        };
        if let Some(c) = counter {
            c.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        outcome
    }

    pub fn refusals(&self) -> &Refusals {
        &self.refusals
    }

    /// The kept counts of unseen notifications, for the writes that change them.
    pub fn unseen_counts(&self) -> std::sync::Arc<unseen::UnseenCounts> {
        self.unseen.clone()
    }

    /// Every notification of `account` seen.
    pub async fn mark_seen(&self, account: &str) -> Result<(), StoreError> {
        self.store.comments().mark_seen(account).await?;
        self.unseen.forget(account);
        Ok(())
    }

    async fn check_sign_in(
        &self,
        email: &str,
        password: &str,
        address: Option<std::net::IpAddr>,
        old_session: Option<&str>,
    ) -> Result<NewSession, AuthError> {
        let accounts = self.store.accounts();
        let email = normalise_email(email)?;
        let attempt = self.limits.count(&*self.store, &email, address).await?;
        let Some(permit) = self.limits.hashing().await else {
            accounts.forget_attempt(&attempt.id).await?;
            return Err(AuthError::Busy);
        };
        let found = accounts.account_by_email(&email).await?;
        let stored = found.as_ref().map(|(_, h)| h.clone());
        let given = password.to_string();
        // The dummy hash is made on first use: there too, off the async threads.
        let matches = blocking(move || {
            let _permit = permit;
            password::verify(&given, stored.as_deref().unwrap_or(&password::DUMMY_HASH))
        })
        .await;
        let account = match found {
            Some((account, _)) if matches && !account.disabled => account,
            _ => return Err(AuthError::BadCredentials),
        };
        // A right password was no failure: its own rows go, and the account's count starts again.
        accounts.forget_attempt(&attempt.id).await?;
        accounts.clear_failures(&attempt.cleared_by_success).await?;
        if let Some(old) = old_session {
            accounts.delete_session(&secret::digest(old)).await?;
        }
        let id = secret::random_hex(16);
        let csrf = secret::random_hex(16);
        accounts
            .create_session(&secret::digest(&id), &account.id, &csrf, now_ms())
            .await?;
        Ok(NewSession {
            id,
            viewer: viewer_of(account, csrf),
        })
    }

    /// Who a session cookie belongs to, while the session lives; an expired one is ended here.
    pub async fn session_viewer(&self, id: &str) -> Result<Option<Viewer>, StoreError> {
        let accounts = self.store.accounts();
        let key = secret::digest(id);
        let Some(session) = accounts.session(&key).await? else {
            return Ok(None);
        };
        let now = now_ms();
        if now - session.seen_at > IDLE_TIMEOUT.as_millis() as i64
            || now - session.created_at > ABSOLUTE_TIMEOUT.as_millis() as i64
        {
            accounts.delete_session(&key).await?;
            return Ok(None);
        }
        if now - session.seen_at > TOUCH_EVERY_MS {
            accounts.touch_session(&key, now).await?;
        }
        let mut viewer = viewer_of(session.account, session.csrf);
        // The header of every page a signed-in person sees shows it: one indexed count.
        viewer.unseen = match self.unseen.get(&viewer.account_id) {
            Some(n) => n,
            None => {
                let n = self.store.comments().unseen(&viewer.account_id).await?;
                self.unseen.put(&viewer.account_id, n);
                n
            }
        };
        Ok(Some(viewer))
    }

    /// Who an API token belongs to, while it is not revoked. A token carries its account's roles.
    pub async fn token_viewer(&self, token: &str) -> Result<Option<Viewer>, StoreError> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        Ok(self
            .store
            .accounts()
            .token_account(&secret::digest(token))
            .await?
            .map(|a| viewer_of(a, String::new())))
    }

    pub async fn sign_out(&self, id: &str) -> Result<(), StoreError> {
        self.store
            .accounts()
            .delete_session(&secret::digest(id))
            .await
    }

    /// Creates an account; without a password, one is made up and returned (to be shown once).
    pub async fn create_account(
        &self,
        email: &str,
        name: &str,
        password: Option<&str>,
        grants: &[Grant],
    ) -> Result<(Account, Option<String>), AuthError> {
        let email = normalise_email(email)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(AuthError::Invalid {
                field: "name",
                message: "a name of 1 to 120 characters is needed".into(),
            });
        }
        let (password, generated) = match password {
            Some(p) => {
                password::check(p, &email, name).map_err(AuthError::Weak)?;
                (p.to_string(), None)
            }
            None => {
                let p = secret::random_hex(12);
                (p.clone(), Some(p))
            }
        };
        let hash = blocking(move || password::hash(&password)).await;
        let account = self
            .store
            .accounts()
            .create_account(&email, name, &hash, grants)
            .await?;
        Ok((account, generated))
    }

    /// Replaces the password of the signed-in person after checking the current one; every other session
    /// of theirs ends.
    pub async fn change_password(
        &self,
        viewer: &Viewer,
        session: Option<&str>,
        current: &str,
        new: &str,
    ) -> Result<(), AuthError> {
        let accounts = self.store.accounts();
        let Some((account, stored)) = accounts.account_by_email(&viewer.email).await? else {
            return Err(AuthError::NoAccount);
        };
        let given = current.to_string();
        if !blocking(move || password::verify(&given, &stored)).await {
            return Err(AuthError::Invalid {
                field: "current",
                message: "the current password is wrong".into(),
            });
        }
        password::check(new, &account.email, &account.name).map_err(AuthError::Weak)?;
        let new = new.to_string();
        let hash = blocking(move || password::hash(&new)).await;
        let keep = session.map(secret::digest);
        accounts
            .set_password(&account.id, &hash, keep.as_deref())
            .await?;
        Ok(())
    }

    /// A one-time link for setting a new password, for an admin to hand over (there is no email here).
    pub async fn issue_reset_link(&self, account_id: &str) -> Result<String, AuthError> {
        let accounts = self.store.accounts();
        if accounts.account(account_id).await?.is_none() {
            return Err(AuthError::NoAccount);
        }
        let token = secret::random_hex(24);
        accounts
            .create_reset_link(
                &secret::digest(&token),
                account_id,
                now_ms() + RESET_LINK_LIFETIME.as_millis() as i64,
            )
            .await?;
        Ok(token)
    }

    pub async fn reset_link_live(&self, token: &str) -> Result<bool, StoreError> {
        Ok(self
            .store
            .accounts()
            .reset_link_account(&secret::digest(token), now_ms())
            .await?
            .is_some())
    }

    /// Sets a new password through a reset link (once); every session of the account ends.
    pub async fn reset_password(&self, token: &str, new: &str) -> Result<(), AuthError> {
        let accounts = self.store.accounts();
        let key = secret::digest(token);
        let Some(id) = accounts.reset_link_account(&key, now_ms()).await? else {
            return Err(AuthError::LinkExpired);
        };
        let account = accounts.account(&id).await?.ok_or(AuthError::NoAccount)?;
        // The policy is checked before the link is spent, so a refused password can be corrected.
        password::check(new, &account.email, &account.name).map_err(AuthError::Weak)?;
        if accounts.use_reset_link(&key, now_ms()).await?.is_none() {
            return Err(AuthError::LinkExpired);
        }
        let new = new.to_string();
        let hash = blocking(move || password::hash(&new)).await;
        accounts.set_password(&id, &hash, None).await?;
        // A reset says the old password may be known: tokens made with it end too.
        accounts.revoke_tokens(&id).await?;
        accounts
            .clear_failures(&limits::account_keys(&account.email))
            .await?;
        Ok(())
    }

    /// A new personal API token that works until it is revoked or the password is reset; the whole token
    /// is returned once and never again.
    pub async fn create_token(&self, viewer: &Viewer, name: &str) -> Result<String, AuthError> {
        self.create_token_for(viewer, name, None).await
    }

    /// [`Auth::create_token`] that also ends after `days` days.
    pub async fn create_token_for(
        &self,
        viewer: &Viewer,
        name: &str,
        days: Option<u32>,
    ) -> Result<String, AuthError> {
        if days.is_some_and(|d| !(1..=MAX_TOKEN_DAYS).contains(&d)) {
            return Err(AuthError::Invalid {
                field: "expires",
                message: format!("a token may last 1 to {MAX_TOKEN_DAYS} days"),
            });
        }
        let expires_at = days.map(|d| {
            (chrono::Utc::now() + chrono::Duration::days(d.into()))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        });
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AuthError::Invalid {
                field: "name",
                message: "a name of 1 to 80 characters is needed".into(),
            });
        }
        let token = format!("{TOKEN_PREFIX}{}", secret::random_hex(24));
        self.store
            .accounts()
            .create_token(
                &secret::random_hex(8),
                &viewer.account_id,
                name,
                &secret::digest(&token),
                expires_at.as_deref(),
            )
            .await?;
        Ok(token)
    }

    pub async fn tokens(&self, viewer: &Viewer) -> Result<Vec<TokenInfo>, StoreError> {
        self.store.accounts().tokens(&viewer.account_id).await
    }

    pub async fn revoke_token(&self, viewer: &Viewer, id: &str) -> Result<bool, StoreError> {
        self.store
            .accounts()
            .revoke_token(&viewer.account_id, id)
            .await
    }
}
