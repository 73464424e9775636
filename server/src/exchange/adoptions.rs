//! What an adoption names, checked against the store: the import and the editor's services refuse the same
//! adoptions for the same reasons.

use crate::content::adoptions::Refusal;
use crate::domain::{Adoption, ItemKind, Organisation};
use crate::store::{Store, StoreError};

/// Checks what the adoptions of `case` name against the store: every partner exists; an adopter's own
/// case exists, is not `case` itself and belongs to the adopting partner. The refusal names the key
/// (`key_of(index, key)`).
pub async fn check_names(
    store: &dyn Store,
    case: &str,
    adoptions: &[Adoption],
    key_of: impl Fn(usize, &str) -> String,
) -> Result<Result<(), Refusal>, StoreError> {
    let partners: std::collections::HashSet<String> = store
        .read()
        .await?
        .partners()
        .await?
        .into_iter()
        .map(|p| p.slug)
        .collect();
    let owner = store
        .accounts()
        .item_owner(ItemKind::Case, case)
        .await?
        .and_then(|(_, p)| p);
    for (i, a) in adoptions.iter().enumerate() {
        if let Organisation::Partner(p) = &a.organisation
            && owner.as_deref() == Some(p.as_str())
        {
            return Ok(Err(Refusal::new(
                key_of(i, "partner"),
                format!("`{p}` wrote this case: an adoption is another organisation's"),
            )));
        }
        if let Organisation::Partner(p) = &a.organisation
            && !partners.contains(p)
        {
            return Ok(Err(Refusal::new(
                key_of(i, "partner"),
                format!("there is no partner `{p}`"),
            )));
        }
        let Some(own) = &a.case else { continue };
        let key = key_of(i, "case");
        if own == case {
            return Ok(Err(Refusal::new(
                key,
                "a case cannot be adapted from itself",
            )));
        }
        let Some(adopter) = a.partner() else {
            return Ok(Err(Refusal::new(
                key,
                "only a partner of the library has its own cases here: give `partner` to name one",
            )));
        };
        match store.accounts().item_owner(ItemKind::Case, own).await? {
            None => {
                return Ok(Err(Refusal::new(key, format!("there is no case `{own}`"))));
            }
            Some((_, owner)) if owner.as_deref() != Some(adopter) => {
                return Ok(Err(Refusal::new(
                    key,
                    format!("case `{own}` is not one of {adopter}'s cases"),
                )));
            }
            Some(_) => {}
        }
    }
    Ok(Ok(()))
}
