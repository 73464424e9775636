//! What an admin does to accounts on the admin screen (new accounts, roles, disabling, reset links),
//! decided here once: who may, what is refused and why. The web layer only reads the form and shows the
//! answer. (The partners and themes files of the same screen are content: `editorial::library_files`.)

use super::{Auth, AuthError};
use app::account::{Action, Grant, Viewer};
use serde::Deserialize;

/// One action of the admin screen, as its forms send it (`action=…` names the variant).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum AdminAction {
    CreateAccount {
        #[serde(default)]
        email: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        roles: String,
    },
    Roles {
        id: String,
        #[serde(default)]
        roles: String,
    },
    Disable {
        id: String,
    },
    Enable {
        id: String,
    },
    ResetLink {
        id: String,
    },
}

/// What an action did, for the screen to say.
#[derive(Debug)]
pub enum AdminDone {
    /// A new account, with its one-time password when none was given.
    Account {
        password: Option<String>,
    },
    Roles,
    /// A one-time reset link's secret, to be shown once.
    ResetLink(String),
}

/// Roles as the admin screen writes them: `editor:groningen, translator`.
pub fn parse_roles(text: &str, partners: &[String]) -> Result<Vec<Grant>, AuthError> {
    let invalid = |message: String| AuthError::Invalid {
        field: "roles",
        message,
    };
    let mut grants = Vec::new();
    for code in text
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != "member")
    {
        let g = Grant::parse(code).ok_or_else(|| invalid(format!("unknown role `{code}`")))?;
        if let Grant::Editor(p) = &g
            && !partners.contains(p)
        {
            return Err(invalid(format!("there is no partner `{p}`")));
        }
        grants.push(g);
    }
    grants.sort();
    grants.dedup();
    Ok(grants)
}

impl Auth {
    /// Carries out one admin action for `viewer`, who must be an admin.
    pub async fn administer(
        &self,
        viewer: &Viewer,
        action: AdminAction,
    ) -> Result<AdminDone, AuthError> {
        if !viewer.may(&Action::Administer) {
            return Err(AuthError::Forbidden);
        }
        let accounts = self.store.accounts();
        let partners = || async {
            Ok::<_, AuthError>(
                self.store
                    .partners()
                    .await?
                    .into_iter()
                    .map(|p| p.slug)
                    .collect::<Vec<_>>(),
            )
        };
        let not_yourself = |id: &str, message: &str| {
            (id == viewer.account_id)
                .then(|| AuthError::Invalid {
                    field: "roles",
                    message: message.into(),
                })
                .map_or(Ok(()), Err)
        };
        match action {
            AdminAction::CreateAccount { email, name, roles } => {
                let grants = parse_roles(&roles, &partners().await?)?;
                let (_, password) = self.create_account(&email, &name, None, &grants).await?;
                Ok(AdminDone::Account { password })
            }
            AdminAction::Roles { id, roles } => {
                let grants = parse_roles(&roles, &partners().await?)?;
                if !grants.contains(&Grant::Admin) {
                    not_yourself(&id, "you cannot take the admin role from yourself")?;
                }
                accounts.set_grants(&id, &grants).await?;
                Ok(AdminDone::Roles)
            }
            AdminAction::Disable { id } => {
                not_yourself(&id, "you cannot disable your own account")?;
                accounts.set_disabled(&id, true).await?;
                Ok(AdminDone::Roles)
            }
            AdminAction::Enable { id } => {
                accounts.set_disabled(&id, false).await?;
                Ok(AdminDone::Roles)
            }
            AdminAction::ResetLink { id } => {
                Ok(AdminDone::ResetLink(self.issue_reset_link(&id).await?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_and_checked_against_the_partners() {
        let partners = vec!["groningen".to_string()];
        assert_eq!(
            parse_roles("editor:groningen, translator, member", &partners).unwrap(),
            vec![Grant::Editor("groningen".into()), Grant::Translator]
        );
        assert!(parse_roles("editor:nowhere", &partners).is_err());
        assert!(parse_roles("root", &partners).is_err());
    }

    #[test]
    fn admin_actions_are_read_from_their_form() {
        let a: AdminAction =
            serde_urlencoded::from_str("_csrf=x&action=reset-link&id=abc").unwrap();
        assert!(matches!(a, AdminAction::ResetLink { id } if id == "abc"));
        assert!(serde_urlencoded::from_str::<AdminAction>("action=root").is_err());
    }
}
