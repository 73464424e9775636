//! Recording who took a case up: the rules of docs/design.md#roles (`Action::RecordAdoption`), the checks
//! of what an adoption names (a partner, the adopter's own case), and the write of the case's whole
//! `adoptions.toml` as one revision. The write API and the import both come through here.

use super::{EditError, Editorial};
use crate::content::adoptions as format;
use crate::domain::{Adoption, ItemKind};
use crate::store::{Edit, Outcome, Store, StoreError, as_author};
use app::account::{Action, Viewer};

/// How often a write is tried again when another write of the same case's adoptions came between its read
/// and its write.
const RETRIES: usize = 3;

/// Checks what the adoptions name against the store (`exchange::adoptions::check_names`), a refusal as the
/// form's or request's field.
pub async fn check_names(
    store: &dyn Store,
    case: &str,
    adoptions: &[Adoption],
    key_of: impl Fn(usize, &str) -> String,
) -> Result<(), EditError> {
    match crate::exchange::adoptions::check_names(store, case, adoptions, key_of).await? {
        Ok(()) => Ok(()),
        Err(r) => Err(EditError::invalid_key(r.key, r.message)),
    }
}

impl Editorial {
    /// The partner a case belongs to, or 404.
    async fn case_partner(&self, case: &str) -> Result<String, EditError> {
        match self.owner(ItemKind::Case, case).await? {
            Some((_, Some(partner))) => Ok(partner),
            _ => Err(EditError::NotFound(format!("there is no case `{case}`"))),
        }
    }

    /// The stored adoptions of a case and the hash of their file (`None`: the case has none yet).
    async fn stored_adoptions(
        &self,
        case: &str,
    ) -> Result<(Vec<Adoption>, Option<String>), EditError> {
        match self.store.adoption_file(case).await? {
            None => Ok((Vec::new(), None)),
            Some((raw, hash)) => {
                let list = format::parse_file(&raw).map_err(|p| {
                    EditError::Store(StoreError::Corrupt {
                        at: format!("cases/{case}/adoptions.toml"),
                        message: p.message,
                    })
                })?;
                Ok((list, Some(hash)))
            }
        }
    }

    fn check_may(
        viewer: &Viewer,
        case: &str,
        case_partner: &str,
        adoption: &Adoption,
    ) -> Result<(), EditError> {
        if viewer.may(&Action::RecordAdoption {
            case_partner,
            adopter: adoption.partner(),
        }) {
            Ok(())
        } else {
            Err(EditError::Forbidden(format!(
                "you may record adoptions of your own partner's cases, and your own partner's adoptions of any case; not `{}` of `{case}`",
                adoption.id()
            )))
        }
    }

    /// Records an adoption of `case`, or updates the one of the same organisation. Returns whether it was
    /// added or updated (or changed nothing), with the adoption as stored.
    pub async fn record_adoption(
        &self,
        viewer: &Viewer,
        case: &str,
        adoption: Adoption,
        note: Option<String>,
    ) -> Result<Outcome, EditError> {
        let case_partner = self.case_partner(case).await?;
        Self::check_may(viewer, case, &case_partner, &adoption)?;
        // Naming a partner's own case puts "adapted from" on that case's page: its editors decide that.
        if adoption.case.is_some()
            && let Some(adopter) = adoption.partner()
            && !viewer.edits_for(adopter)
        {
            return Err(EditError::Forbidden(
                "only an editor of the adopting partner may name its own case as adapted from this one"
                    .into(),
            ));
        }
        check_names(
            &*self.store,
            case,
            std::slice::from_ref(&adoption),
            |_, key| {
                if key == "partner" {
                    "organisation.partner".into()
                } else {
                    key.into()
                }
            },
        )
        .await?;
        let id = adoption.id();
        self.rewrite(viewer, case, note, |list| {
            match list.iter_mut().find(|a| a.id() == id) {
                Some(old) if !old.same_organisation(&adoption) => Err(EditError::Conflict(format!(
                    "another organisation of case `{case}` has the id `{id}`; give the name as it is recorded"
                ))),
                Some(old) => {
                    *old = adoption.clone();
                    Ok(false)
                }
                None => {
                    if list.len() >= format::MAX_ADOPTIONS {
                        return Err(EditError::Conflict(format!(
                            "case `{case}` lists {} adoptions, the most one case may",
                            format::MAX_ADOPTIONS
                        )));
                    }
                    list.push(adoption.clone());
                    Ok(true)
                }
            }
        })
        .await
        .map(|(outcome, added)| match outcome {
            Outcome::Unchanged => Outcome::Unchanged,
            _ if added => Outcome::Added,
            _ => Outcome::Updated,
        })
    }

    /// Removes the adoption `id` of `case`; 404 when there is none.
    pub async fn remove_adoption(
        &self,
        viewer: &Viewer,
        case: &str,
        id: &str,
        note: Option<String>,
    ) -> Result<(), EditError> {
        let case_partner = self.case_partner(case).await?;
        let (list, _) = self.stored_adoptions(case).await?;
        let Some(existing) = list.iter().find(|a| a.id() == id) else {
            return Err(EditError::NotFound(format!(
                "case `{case}` has no adoption `{id}`"
            )));
        };
        Self::check_may(viewer, case, &case_partner, existing)?;
        self.rewrite(viewer, case, note, |list| {
            let before = list.len();
            list.retain(|a| a.id() != id);
            if list.len() == before {
                return Err(EditError::NotFound(format!(
                    "case `{case}` has no adoption `{id}`"
                )));
            }
            Ok(())
        })
        .await
        .map(|_| ())
    }

    /// Reads the case's adoptions, lets `change` change the list, and writes the whole file back as the
    /// viewer's revision; tried again when another write came between.
    async fn rewrite<T>(
        &self,
        viewer: &Viewer,
        case: &str,
        note: Option<String>,
        mut change: impl FnMut(&mut Vec<Adoption>) -> Result<T, EditError>,
    ) -> Result<(Outcome, T), EditError> {
        let mut tries = 0;
        loop {
            let (mut list, hash) = self.stored_adoptions(case).await?;
            let said = change(&mut list)?;
            let raw = format::write_file(&list);
            let edit = Edit {
                note: note.clone(),
                ..Edit::by(&viewer.account_id)
            };
            let written = as_author(
                edit,
                self.store.put_adoptions(case, &list, &raw, Some(hash)),
            )
            .await;
            match written {
                Ok(outcome) => return Ok((outcome, said)),
                Err(StoreError::Conflict(_)) if tries < RETRIES => tries += 1,
                Err(e) => return Err(e.into()),
            }
        }
    }
}
