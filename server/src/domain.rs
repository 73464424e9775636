//! The domain model: partners, themes, cases, magazines and their texts, as the library knows them. It knows
//! neither files nor databases: `content` reads and writes the file format, `store` keeps these in a
//! database, and both depend on this module, never on each other.
//!
//! The closed vocabularies (languages, stages, partner kinds) live in the `app` crate because the browser
//! build needs them too; they are re-exported here so the backend has one place to import the model from.

pub use app::lang::Lang;
pub use app::model::{AdoptionStage, ItemKind, PartnerKind, Stage, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub kind: PartnerKind,
    pub website: String,
    /// ISO 639-1 codes of the languages the partner works in: any language, not only the five the
    /// interface speaks (a Finnish partner works in `fi`).
    pub languages: Vec<String>,
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

/// Whom to ask about a case. The name and role are language (a translation may give its own); the e-mail
/// address is a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    /// What the contact does in the case ("Project lead").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
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

impl CaseMeta {
    /// The contact as readers of `text` see it: with the translation's own name and role where it gives them.
    pub fn contact_in(&self, text: &Text) -> Option<Contact> {
        let own = &text.translated;
        self.contact.as_ref().map(|c| Contact {
            name: own.contact_name.clone().unwrap_or_else(|| c.name.clone()),
            email: c.email.clone(),
            role: own.contact_role.clone().or_else(|| c.role.clone()),
        })
    }

    /// The links readers of `text` see: the translation's own list, or the source's when it gives none.
    pub fn links_in<'a>(&'a self, text: &'a Text) -> &'a [Link] {
        if text.translated.links.is_empty() {
            &self.links
        } else {
            &text.translated.links
        }
    }
}

/// Who took a case up: a partner of the library, or any other organisation by name and country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Organisation {
    Partner(String),
    Named {
        name: String,
        /// ISO 3166-1 alpha-2, upper case.
        country: String,
        website: Option<String>,
    },
}

/// An organisation's adoption of a case (docs/content-format.md#adoptions). A case has at most one per
/// organisation: recording it again updates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adoption {
    pub organisation: Organisation,
    pub stage: AdoptionStage,
    pub year: i32,
    /// A short note, in any of the five languages.
    pub note: BTreeMap<Lang, String>,
    /// The adopter's own case in the library, adapted from this one.
    pub case: Option<String>,
}

impl Adoption {
    /// Names the adoption among a case's adoptions (and in `DELETE …/adoptions/{id}`): a partner's slug, or
    /// the organisation's name made a slug with its country (`emmen-nl`).
    pub fn id(&self) -> String {
        match &self.organisation {
            Organisation::Partner(slug) => slug.clone(),
            Organisation::Named { name, country, .. } => {
                let mut id = String::new();
                // Letters the slug cannot spell (Greek, Cyrillic, ł, č …): the name's hash keeps two such
                // organisations apart.
                let mut lost = false;
                for c in name.chars().flat_map(char::to_lowercase) {
                    let c = match c {
                        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'æ' => 'a',
                        'ç' => 'c',
                        'è' | 'é' | 'ê' | 'ë' => 'e',
                        'ì' | 'í' | 'î' | 'ï' => 'i',
                        'ñ' => 'n',
                        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'œ' => 'o',
                        'ù' | 'ú' | 'û' | 'ü' => 'u',
                        'ý' | 'ÿ' => 'y',
                        'ß' => 's',
                        c => c,
                    };
                    if c.is_ascii_alphanumeric() {
                        id.push(c);
                    } else {
                        lost |= c.is_alphanumeric();
                        if !id.is_empty() && !id.ends_with('-') {
                            id.push('-');
                        }
                    }
                }
                let mut id = id.trim_end_matches('-').to_string();
                if id.is_empty() {
                    id.push_str("organisation");
                }
                if lost {
                    use sha2::Digest;
                    let hash = hex::encode(sha2::Sha256::digest(name.trim().as_bytes()));
                    id = format!("{id}-{}", &hash[..8]);
                }
                format!("{id}-{}", country.to_ascii_lowercase())
            }
        }
    }

    /// The adoption as the JSON API writes it: `{"id", "organisation": {"partner"} | {"name", "country",
    /// "website"?}, "stage", "year", "note", "case"}` (the shape `POST …/adoptions` takes, with its id).
    pub fn to_json(&self) -> serde_json::Value {
        let organisation = match &self.organisation {
            Organisation::Partner(p) => serde_json::json!({ "partner": p }),
            Organisation::Named {
                name,
                country,
                website,
            } => {
                let mut o = serde_json::json!({ "name": name, "country": country });
                if let Some(w) = website {
                    o["website"] = serde_json::json!(w);
                }
                o
            }
        };
        serde_json::json!({
            "id": self.id(),
            "organisation": organisation,
            "stage": self.stage.code(),
            "year": self.year,
            "note": self.note.iter().map(|(l, n)| (l.code().to_string(), n.clone())).collect::<BTreeMap<String, String>>(),
            "case": self.case,
        })
    }

    /// Whether two adoptions are of the same organisation (a partner by slug; any other by name, whatever
    /// its case, and country).
    pub fn same_organisation(&self, other: &Adoption) -> bool {
        match (&self.organisation, &other.organisation) {
            (Organisation::Partner(a), Organisation::Partner(b)) => a == b,
            (
                Organisation::Named {
                    name: a,
                    country: ca,
                    ..
                },
                Organisation::Named {
                    name: b,
                    country: cb,
                    ..
                },
            ) => a.trim().to_lowercase() == b.trim().to_lowercase() && ca == cb,
            _ => false,
        }
    }

    /// The partner that took the case up, if a partner did.
    pub fn partner(&self) -> Option<&str> {
        match &self.organisation {
            Organisation::Partner(p) => Some(p),
            Organisation::Named { .. } => None,
        }
    }
}

/// What a translation of a case says in its own language beside its words: its contact's name and role, and
/// its own list of links (the pages that exist in its language). Empty in a source, whose own are in its
/// [`CaseMeta`], and in a magazine; what a translation leaves empty, its readers see as the source has it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranslatedMeta {
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
    pub links: Vec<Link>,
}

/// One language of a case or magazine: its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub translated_from: Option<Lang>,
    /// A translation's `source_hash`: the first 12 hex digits of the SHA-256 of the source file it follows.
    /// As parsed it may be absent (the file follows its source as imported); as stored it always names the
    /// source state the translation was made from, so a later change of the source shows it outdated.
    pub source_hash: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<String>,
    /// Alt text of the case image or magazine cover in this language.
    pub image_alt: Option<String>,
    /// A case translation's own contact name and role, and links.
    #[serde(default)]
    pub translated: TranslatedMeta,
    /// The Markdown body: a case's story or a magazine's editorial.
    pub body: String,
}

/// The length of a translation's `source_hash`: the first 12 hex digits of the SHA-256 of its source file.
pub const SOURCE_HASH_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MagazineMeta {
    pub number: i64,
    pub published: String,
    pub cases: Vec<String>,
    pub cover: Option<String>,
}

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

/// The names of the smaller copies Likewise makes of PNG and JPEG pictures (`map.png` → `map.w480.png`), for
/// `srcset`: a naming rule the catalog, the media handler, import and export share. Making them is
/// `content::pictures`.
pub mod picture_copies {
    /// The widths of the copies, in pixels: a phone's column at 1× and 2×, and the reading column of a wide screen.
    pub const WIDTHS: [u32; 2] = [480, 960];

    /// The extensions that get copies.
    fn resizable(ext: &str) -> bool {
        matches!(ext, "png" | "jpg" | "jpeg")
    }

    fn split(name: &str) -> Option<(&str, &str)> {
        let (stem, ext) = name.rsplit_once('.')?;
        Some((stem, ext))
    }

    /// The name of the copy of `name` at `width` (`map.png` → `map.w480.png`), for pictures that get copies.
    pub fn variant_name(name: &str, width: u32) -> Option<String> {
        let (stem, ext) = split(name)?;
        resizable(&ext.to_ascii_lowercase()).then(|| format!("{stem}.w{width}.{ext}"))
    }

    /// The picture a copy's name stands for, and its width: `map.w480.png` → (`map.png`, 480).
    pub fn original_of(name: &str) -> Option<(String, u32)> {
        let (stem, ext) = split(name)?;
        let (base, width) = stem.rsplit_once(".w")?;
        let width: u32 = width.parse().ok()?;
        (WIDTHS.contains(&width) && !base.is_empty()).then(|| (format!("{base}.{ext}"), width))
    }

    /// Whether `name` is the name of a copy (such names are not for partners' own files).
    pub fn is_variant(name: &str) -> bool {
        original_of(name).is_some()
    }

    /// The `srcset` of a picture's address, for pictures that get copies.
    pub fn srcset(url: &str) -> Option<String> {
        let (folder, name) = url.rsplit_once('/')?;
        let widths: Vec<String> = WIDTHS
            .iter()
            .map(|w| variant_name(name, *w).map(|v| format!("{folder}/{v} {w}w")))
            .collect::<Option<_>>()?;
        Some(widths.join(", "))
    }
}
