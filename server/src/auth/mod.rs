//! Accounts and sessions: sign-in with rate limits, server-side sessions with idle and absolute time-outs,
//! personal API tokens, admin-issued one-time reset links. Who may do what once signed in is decided in
//! `app::account` (one rule for pages and server).

pub mod password;
pub mod secret;

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
/// Failed sign-ins allowed per account, and per address, within [`FAILURE_WINDOW`].
pub const ACCOUNT_FAILURES: i64 = 5;
pub const ADDRESS_FAILURES: i64 = 20;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long an admin-issued reset link works.
pub const RESET_LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// API tokens start with this, so a leaked one is easy to recognise (and to search for in code).
pub const TOKEN_PREFIX: &str = "lw_";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the email address or the password is wrong")]
    BadCredentials,
    #[error("too many failed sign-ins; try again in {minutes} minutes")]
    RateLimited { minutes: u64 },
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

/// A fresh session: the cookie value (shown to the browser once, stored only hashed) and who it is for.
pub struct NewSession {
    pub id: String,
    pub viewer: Viewer,
}

pub struct Auth {
    store: SharedStore,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Lower-case, trimmed, and plausibly an address.
pub fn normalise_email(email: &str) -> Result<String, AuthError> {
    let e = email.trim().to_lowercase();
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
        Auth { store }
    }

    /// Checks email and password; on success ends `old_session` (a new id on every sign-in, so a planted
    /// id never becomes a signed-in one) and starts a new session.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
        old_session: Option<&str>,
    ) -> Result<NewSession, AuthError> {
        let accounts = self.store.accounts();
        let email = email.trim().to_lowercase();
        let now = now_ms();
        let since = now - FAILURE_WINDOW.as_millis() as i64;
        let account_key = format!("account:{email}");
        let address_key = format!("address:{address}");
        if accounts.failures_since(&account_key, since).await? >= ACCOUNT_FAILURES
            || accounts.failures_since(&address_key, since).await? >= ADDRESS_FAILURES
        {
            return Err(AuthError::RateLimited {
                minutes: FAILURE_WINDOW.as_secs() / 60,
            });
        }
        let found = accounts.account_by_email(&email).await?;
        let stored = found.as_ref().map(|(_, h)| h.clone());
        let given = password.to_string();
        // The dummy hash is made on first use: there too, off the async threads.
        let matches = blocking(move || {
            password::verify(&given, stored.as_deref().unwrap_or(&password::DUMMY_HASH))
        })
        .await;
        let account = match found {
            Some((account, _)) if matches && !account.disabled => account,
            _ => {
                accounts.record_failure(&account_key, now).await?;
                accounts.record_failure(&address_key, now).await?;
                return Err(AuthError::BadCredentials);
            }
        };
        accounts.clear_failures(&account_key).await?;
        if let Some(old) = old_session {
            accounts.delete_session(&secret::digest(old)).await?;
        }
        let id = secret::random_hex(16);
        let csrf = secret::random_hex(16);
        accounts
            .create_session(&secret::digest(&id), &account.id, &csrf, now)
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
        viewer.unseen = self.store.comments().unseen(&viewer.account_id).await?;
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
        accounts
            .clear_failures(&format!("account:{}", account.email))
            .await?;
        Ok(())
    }

    /// A new personal API token; the whole token is returned once and never again.
    pub async fn create_token(&self, viewer: &Viewer, name: &str) -> Result<String, AuthError> {
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
