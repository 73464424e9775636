//! The library's content after validation: what the store keeps and the pages show.

use app::lang::Lang;
use app::model::{PartnerKind, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub kind: PartnerKind,
    pub website: String,
    pub languages: Vec<Lang>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptions: BTreeMap<Lang, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub slug: String,
    pub names: BTreeMap<Lang, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptions: BTreeMap<Lang, String>,
}

impl Theme {
    pub fn name(&self, lang: Lang) -> &str {
        self.names
            .get(&lang)
            .or_else(|| self.names.get(&Lang::En))
            .map(String::as_str)
            .unwrap_or(&self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
}

/// What a case is, whatever the language: held by its source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseMeta {
    pub partner: String,
    pub themes: Vec<String>,
    pub published: String,
    pub stage: Option<Stage>,
    pub started: Option<i32>,
    pub cost_eur: Option<i64>,
    pub contact: Option<Contact>,
    pub links: Vec<Link>,
    pub image: Option<Image>,
}

/// One language of a case or magazine: its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub translated_from: Option<Lang>,
    pub updated: Option<String>,
    pub tags: Vec<String>,
    /// Alt text of the case image or magazine cover in this language.
    pub image_alt: Option<String>,
    /// The Markdown body: a case's story or a magazine's editorial.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MagazineMeta {
    pub number: i64,
    pub published: String,
    pub cases: Vec<String>,
    pub cover: Option<String>,
}

/// A validated Markdown file of a case or magazine, with the exact text it came from (kept for history and
/// export, so an exported tree reads back to the same state).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc<M> {
    pub slug: String,
    /// Present in the source file only.
    pub meta: Option<M>,
    pub text: Text,
    pub raw: String,
}

pub type CaseDoc = Doc<CaseMeta>;
pub type MagazineDoc = Doc<MagazineMeta>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_name_falls_back_to_english_then_to_its_slug() {
        let mut theme = Theme {
            slug: "iot".into(),
            names: BTreeMap::new(),
            descriptions: BTreeMap::new(),
        };
        assert_eq!(theme.name(Lang::Da), "iot");
        theme.names.insert(Lang::En, "IoT & sensors".into());
        assert_eq!(theme.name(Lang::Da), "IoT & sensors");
        theme.names.insert(Lang::Da, "IoT & sensorer".into());
        assert_eq!(theme.name(Lang::Da), "IoT & sensorer");
    }
}
