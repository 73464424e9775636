//! The partners and themes files an admin edits in place on the admin screen: parsed by the content
//! format's own rules, every valid entry stored with its author, every refused one reported by line.

use super::{EditError, Editorial};
use crate::content::parse;
use crate::store::{Edit, as_author};
use app::account::{Action, Viewer};
use serde::Deserialize;

/// One of the two files, as the admin screen's forms send it (`action=partners|themes`).
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum LibraryFile {
    Partners {
        #[serde(default)]
        partners_toml: String,
    },
    Themes {
        #[serde(default)]
        themes_toml: String,
    },
}

impl LibraryFile {
    /// The form field the file was typed into.
    pub fn field(&self) -> &'static str {
        match self {
            LibraryFile::Partners { .. } => "partners_toml",
            LibraryFile::Themes { .. } => "themes_toml",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            LibraryFile::Partners { partners_toml } => partners_toml,
            LibraryFile::Themes { themes_toml } => themes_toml,
        }
    }
}

/// The valid entries of a file and the refused ones, each as `line N: reason`.
fn split<T>(parsed: Result<Vec<parse::Entry<T>>, parse::Problem>) -> (Vec<T>, Vec<String>) {
    let line = |p: parse::Problem| match p.line {
        Some(l) => format!("line {l}: {}", p.message),
        None => p.message,
    };
    match parsed {
        Err(p) => (vec![], vec![line(p)]),
        Ok(entries) => {
            let (mut valid, mut refused) = (vec![], vec![]);
            for (_, entry) in entries {
                match entry {
                    Ok(item) => valid.push(item),
                    Err(p) => refused.push(line(p)),
                }
            }
            (valid, refused)
        }
    }
}

impl Editorial {
    /// Stores every valid entry of `file` for an admin; returns the refused ones by line.
    pub async fn put_library_file(
        &self,
        viewer: &Viewer,
        file: &LibraryFile,
    ) -> Result<Vec<String>, EditError> {
        if !viewer.may(&Action::Administer) {
            return Err(EditError::Forbidden(
                "only an administrator may change the partners and themes".into(),
            ));
        }
        let edit = Edit::by(&viewer.email);
        let refused = match file {
            LibraryFile::Partners { partners_toml } => {
                let (valid, refused) = split(parse::parse_partners(partners_toml));
                for p in valid {
                    as_author(edit.clone(), self.store.put_partner(&p)).await?;
                }
                refused
            }
            LibraryFile::Themes { themes_toml } => {
                let (valid, refused) = split(parse::parse_themes(themes_toml));
                for t in valid {
                    as_author(edit.clone(), self.store.put_theme(&t)).await?;
                }
                refused
            }
        };
        Ok(refused)
    }
}
