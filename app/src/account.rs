//! Who is signed in and what they may do: the roles of docs/design.md#roles as the pages and the server
//! both see them. The rule of who may do what lives here once, so a page shows exactly the buttons the
//! server will honour.

use serde::{Deserialize, Serialize};

/// One role an account holds. Every account is a member (may comment and report); the rest are granted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grant {
    /// Creates, edits and publishes the cases and magazines of one partner.
    Editor(String),
    /// Adds and updates translations of any case.
    Translator,
    /// Hides, restores and answers comments; acts on reports.
    Moderator,
    /// Manages partners, themes, accounts and roles (and may do what an editor may, for every partner).
    Admin,
}

impl Grant {
    /// `editor:<partner>`, `translator`, `moderator`, `admin`: how a role is written in forms and the CLI.
    pub fn code(&self) -> String {
        match self {
            Grant::Editor(p) => format!("editor:{p}"),
            Grant::Translator => "translator".into(),
            Grant::Moderator => "moderator".into(),
            Grant::Admin => "admin".into(),
        }
    }

    pub fn parse(code: &str) -> Option<Grant> {
        match code {
            "translator" => Some(Grant::Translator),
            "moderator" => Some(Grant::Moderator),
            "admin" => Some(Grant::Admin),
            _ => code
                .strip_prefix("editor:")
                .filter(|p| !p.is_empty())
                .map(|p| Grant::Editor(p.to_string())),
        }
    }

    /// The stored role name and its partner (empty but for editors).
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            Grant::Editor(p) => ("editor", p),
            Grant::Translator => ("translator", ""),
            Grant::Moderator => ("moderator", ""),
            Grant::Admin => ("admin", ""),
        }
    }

    pub fn from_parts(role: &str, partner: &str) -> Option<Grant> {
        match role {
            "editor" if !partner.is_empty() => Some(Grant::Editor(partner.to_string())),
            "translator" => Some(Grant::Translator),
            "moderator" => Some(Grant::Moderator),
            "admin" => Some(Grant::Admin),
            _ => None,
        }
    }
}

/// The signed-in person, as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub account_id: String,
    pub email: String,
    pub name: String,
    pub grants: Vec<Grant>,
    /// The form token of this session: every form that changes something carries it back.
    pub csrf: String,
    /// Notifications not seen yet (the header shows the number).
    #[serde(default)]
    pub unseen: i64,
}

/// A write someone may ask for. What an item belongs to travels with the request, so the rule needs no
/// database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Create, edit, upload files for, send to review or publish a case of `partner`.
    EditCase { partner: &'a str },
    /// The same for a magazine; `owner` is the partner it belongs to (none: the library's own).
    EditMagazine { owner: Option<&'a str> },
    /// Add or update a translation of a case or magazine of `partner` (`None` for the library's own).
    Translate { partner: Option<&'a str> },
    /// Record, change or remove an adoption of a case of `case_partner` by `adopter` (a partner of the
    /// library, or `None` for any other organisation).
    RecordAdoption {
        case_partner: &'a str,
        adopter: Option<&'a str>,
    },
    /// Write or report a comment.
    Comment,
    /// Hide, restore or answer comments; act on reports.
    Moderate,
    /// Partners, themes, accounts and roles.
    Administer,
}

impl Viewer {
    pub fn has(&self, grant: &Grant) -> bool {
        self.grants.contains(grant)
    }

    pub fn is_admin(&self) -> bool {
        self.has(&Grant::Admin)
    }

    /// The partners this person edits for (all of them for an admin: `None`).
    pub fn edited_partners(&self) -> Option<Vec<String>> {
        if self.is_admin() {
            return None;
        }
        Some(
            self.grants
                .iter()
                .filter_map(|g| match g {
                    Grant::Editor(p) => Some(p.clone()),
                    _ => None,
                })
                .collect(),
        )
    }

    pub fn edits_for(&self, partner: &str) -> bool {
        self.is_admin() || self.has(&Grant::Editor(partner.to_string()))
    }

    pub fn may_edit_anything(&self) -> bool {
        self.grants
            .iter()
            .any(|g| matches!(g, Grant::Admin | Grant::Editor(_) | Grant::Translator))
    }

    /// docs/design.md#roles, the one place it is decided.
    pub fn may(&self, action: &Action<'_>) -> bool {
        match action {
            Action::EditCase { partner } => self.edits_for(partner),
            Action::EditMagazine { owner } => match owner {
                Some(p) => self.edits_for(p),
                None => self.is_admin(),
            },
            Action::Translate { partner } => {
                self.has(&Grant::Translator)
                    || self.is_admin()
                    || partner.is_some_and(|p| self.edits_for(p))
            }
            // An editor speaks for their own partner's adoptions of any case, and for who took up their
            // own partner's cases.
            Action::RecordAdoption {
                case_partner,
                adopter,
            } => self.edits_for(case_partner) || adopter.is_some_and(|p| self.edits_for(p)),
            Action::Comment => true,
            Action::Moderate => self.has(&Grant::Moderator) || self.is_admin(),
            Action::Administer => self.is_admin(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(grants: Vec<Grant>) -> Viewer {
        Viewer {
            account_id: "a".into(),
            email: "a@example.org".into(),
            name: "A".into(),
            grants,
            csrf: String::new(),
            unseen: 0,
        }
    }

    #[test]
    fn an_editor_of_one_partner_touches_only_that_partners_cases() {
        let v = viewer(vec![Grant::Editor("groningen".into())]);
        assert!(v.may(&Action::EditCase {
            partner: "groningen"
        }));
        assert!(!v.may(&Action::EditCase { partner: "aalborg" }));
        assert!(!v.may(&Action::EditMagazine { owner: None }));
        assert!(!v.may(&Action::Administer));
        assert!(v.may(&Action::Translate {
            partner: Some("groningen")
        }));
        assert!(!v.may(&Action::Translate {
            partner: Some("aalborg")
        }));
    }

    #[test]
    fn adoptions_are_recorded_by_the_adopter_or_the_case_owner() {
        let groningen = viewer(vec![Grant::Editor("groningen".into())]);
        let own_case_by_anyone = Action::RecordAdoption {
            case_partner: "groningen",
            adopter: None,
        };
        let own_adoption_of_other_case = Action::RecordAdoption {
            case_partner: "aalborg",
            adopter: Some("groningen"),
        };
        let others = Action::RecordAdoption {
            case_partner: "aalborg",
            adopter: Some("drenthe"),
        };
        let others_by_name = Action::RecordAdoption {
            case_partner: "aalborg",
            adopter: None,
        };
        assert!(groningen.may(&own_case_by_anyone));
        assert!(groningen.may(&own_adoption_of_other_case));
        assert!(!groningen.may(&others));
        assert!(!groningen.may(&others_by_name));
        for g in [Grant::Translator, Grant::Moderator] {
            assert!(!viewer(vec![g]).may(&own_case_by_anyone));
        }
        assert!(viewer(vec![]).may(&Action::Comment));
        assert!(!viewer(vec![]).may(&own_case_by_anyone));
        assert!(viewer(vec![Grant::Admin]).may(&others));
    }

    #[test]
    fn roles_read_back_from_their_codes() {
        for g in [
            Grant::Editor("a-b".into()),
            Grant::Translator,
            Grant::Moderator,
            Grant::Admin,
        ] {
            assert_eq!(Grant::parse(&g.code()), Some(g.clone()));
            let (role, partner) = g.parts();
            assert_eq!(Grant::from_parts(role, partner), Some(g.clone()));
        }
        assert_eq!(Grant::parse("editor:"), None);
        assert_eq!(Grant::parse("root"), None);
    }
}
