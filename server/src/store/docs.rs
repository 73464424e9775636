//! How the domain model is kept as JSON documents. The stored shape is written down here, apart from the Rust
//! types the rest of the code uses: renaming a field of the domain model changes the conversion below, not
//! the rows already stored. Every document carries a version (`v`); a reader accepts every version it has
//! ever written, and fields missing from older documents take their defaults instead of failing the row.

use crate::domain::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version written today.
pub const VERSION: u32 = 1;

fn v1() -> u32 {
    1
}

#[derive(Serialize, Deserialize)]
pub struct PartnerDoc {
    #[serde(default = "v1")]
    v: u32,
    slug: String,
    name: String,
    country: String,
    kind: PartnerKind,
    website: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default)]
    lead: bool,
    #[serde(default)]
    descriptions: BTreeMap<Lang, String>,
}

impl From<&Partner> for PartnerDoc {
    fn from(p: &Partner) -> Self {
        PartnerDoc {
            v: VERSION,
            slug: p.slug.clone(),
            name: p.name.clone(),
            country: p.country.clone(),
            kind: p.kind,
            website: p.website.clone(),
            languages: p.languages.clone(),
            region: p.region.clone(),
            lead: p.lead,
            descriptions: p.descriptions.clone(),
        }
    }
}

impl From<PartnerDoc> for Partner {
    fn from(d: PartnerDoc) -> Self {
        Partner {
            slug: d.slug,
            name: d.name,
            country: d.country,
            kind: d.kind,
            website: d.website,
            languages: d.languages,
            region: d.region,
            lead: d.lead,
            descriptions: d.descriptions,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub struct ThemeDoc {
    #[serde(default = "v1")]
    v: u32,
    slug: String,
    #[serde(default)]
    names: BTreeMap<Lang, String>,
    #[serde(default)]
    descriptions: BTreeMap<Lang, String>,
}

impl From<&Theme> for ThemeDoc {
    fn from(t: &Theme) -> Self {
        ThemeDoc {
            v: VERSION,
            slug: t.slug.clone(),
            names: t.names.clone(),
            descriptions: t.descriptions.clone(),
        }
    }
}

impl From<ThemeDoc> for Theme {
    fn from(d: ThemeDoc) -> Self {
        Theme {
            slug: d.slug,
            names: d.names,
            descriptions: d.descriptions,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ContactDoc {
    name: String,
    email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct LinkDoc {
    title: String,
    url: String,
}

impl From<&Link> for LinkDoc {
    fn from(l: &Link) -> Self {
        LinkDoc {
            title: l.title.clone(),
            url: l.url.clone(),
        }
    }
}

impl From<LinkDoc> for Link {
    fn from(l: LinkDoc) -> Self {
        Link {
            title: l.title,
            url: l.url,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ImageDoc {
    src: String,
    #[serde(default)]
    alt: String,
}

#[derive(Serialize, Deserialize)]
pub struct CaseMetaDoc {
    #[serde(default = "v1")]
    v: u32,
    partner: String,
    #[serde(default)]
    themes: Vec<String>,
    published: String,
    #[serde(default)]
    stage: Option<Stage>,
    #[serde(default)]
    started: Option<i32>,
    #[serde(default)]
    cost_eur: Option<i64>,
    #[serde(default)]
    contact: Option<ContactDoc>,
    #[serde(default)]
    links: Vec<LinkDoc>,
    #[serde(default)]
    image: Option<ImageDoc>,
}

impl From<&CaseMeta> for CaseMetaDoc {
    fn from(m: &CaseMeta) -> Self {
        CaseMetaDoc {
            v: VERSION,
            partner: m.partner.clone(),
            themes: m.themes.clone(),
            published: m.published.clone(),
            stage: m.stage,
            started: m.started,
            cost_eur: m.cost_eur,
            contact: m.contact.as_ref().map(|c| ContactDoc {
                name: c.name.clone(),
                email: c.email.clone(),
                role: c.role.clone(),
            }),
            links: m.links.iter().map(LinkDoc::from).collect(),
            image: m.image.as_ref().map(|i| ImageDoc {
                src: i.src.clone(),
                alt: i.alt.clone(),
            }),
        }
    }
}

impl From<CaseMetaDoc> for CaseMeta {
    fn from(d: CaseMetaDoc) -> Self {
        CaseMeta {
            partner: d.partner,
            themes: d.themes,
            published: d.published,
            stage: d.stage,
            started: d.started,
            cost_eur: d.cost_eur,
            contact: d.contact.map(|c| Contact {
                name: c.name,
                email: c.email,
                role: c.role,
            }),
            links: d.links.into_iter().map(Link::from).collect(),
            image: d.image.map(|i| Image {
                src: i.src,
                alt: i.alt,
            }),
        }
    }
}

#[derive(Serialize, Deserialize)]
pub struct MagazineMetaDoc {
    #[serde(default = "v1")]
    v: u32,
    number: i64,
    published: String,
    #[serde(default)]
    cases: Vec<String>,
    #[serde(default)]
    cover: Option<String>,
}

impl From<&MagazineMeta> for MagazineMetaDoc {
    fn from(m: &MagazineMeta) -> Self {
        MagazineMetaDoc {
            v: VERSION,
            number: m.number,
            published: m.published.clone(),
            cases: m.cases.clone(),
            cover: m.cover.clone(),
        }
    }
}

impl From<MagazineMetaDoc> for MagazineMeta {
    fn from(d: MagazineMetaDoc) -> Self {
        MagazineMeta {
            number: d.number,
            published: d.published,
            cases: d.cases,
            cover: d.cover,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub struct TextDoc {
    #[serde(default = "v1")]
    v: u32,
    lang: Lang,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    translated_from: Option<Lang>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    image_alt: Option<String>,
    /// A case translation's own contact name and role, and links (absent in sources, magazines and texts
    /// stored before translations had them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contact_role: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    links: Vec<LinkDoc>,
    #[serde(default)]
    body: String,
}

impl From<&Text> for TextDoc {
    fn from(t: &Text) -> Self {
        TextDoc {
            v: VERSION,
            lang: t.lang,
            title: t.title.clone(),
            summary: t.summary.clone(),
            translated_from: t.translated_from,
            updated: t.updated.clone(),
            tags: t.tags.clone(),
            image_alt: t.image_alt.clone(),
            contact_name: t.translated.contact_name.clone(),
            contact_role: t.translated.contact_role.clone(),
            links: t.translated.links.iter().map(LinkDoc::from).collect(),
            body: t.body.clone(),
        }
    }
}

impl From<TextDoc> for Text {
    fn from(d: TextDoc) -> Self {
        Text {
            lang: d.lang,
            title: d.title,
            summary: d.summary,
            translated_from: d.translated_from,
            // Kept in its own column (`source_hash`), which the read sets.
            source_hash: None,
            updated: d.updated,
            tags: d.tags,
            image_alt: d.image_alt,
            translated: TranslatedMeta {
                contact_name: d.contact_name,
                contact_role: d.contact_role,
                links: d.links.into_iter().map(Link::from).collect(),
            },
            body: d.body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_written_before_versions_still_read() {
        // A case as the first release stored it: no `v`, no `links`, no `image`.
        let old = r#"{"partner":"p","themes":["t"],"published":"2019-01-02","stage":"pilot"}"#;
        let meta: CaseMeta = serde_json::from_str::<CaseMetaDoc>(old).unwrap().into();
        assert_eq!(meta.stage, Some(Stage::Pilot));
        assert!(meta.links.is_empty());
        let text = r#"{"lang":"en","title":"T","summary":"S"}"#;
        let text: Text = serde_json::from_str::<TextDoc>(text).unwrap().into();
        assert_eq!(text.body, "");
        assert_eq!(text.translated, TranslatedMeta::default());
    }

    #[test]
    fn a_translations_own_contact_and_links_are_kept() {
        let doc = r#"{"v":1,"lang":"nl","title":"T","summary":"S","translated_from":"en","updated":null,"tags":[],"image_alt":null,"contact_name":"Team","contact_role":"Leiding","links":[{"title":"Pagina","url":"https://example.org/nl"}],"body":"B"}"#;
        let text: Text = serde_json::from_str::<TextDoc>(doc).unwrap().into();
        assert_eq!(text.translated.contact_name.as_deref(), Some("Team"));
        assert_eq!(text.translated.links[0].title, "Pagina");
        let back = serde_json::to_string(&TextDoc::from(&text)).unwrap();
        assert_eq!(back, doc);
        // A text without them stores none of the keys.
        let plain = r#"{"v":1,"lang":"en","title":"T","summary":"S","translated_from":null,"updated":null,"tags":[],"image_alt":null,"body":"B"}"#;
        let text: Text = serde_json::from_str::<TextDoc>(plain).unwrap().into();
        assert_eq!(serde_json::to_string(&TextDoc::from(&text)).unwrap(), plain);
    }

    #[test]
    fn documents_carry_their_version() {
        let t = Theme {
            slug: "t".into(),
            names: Default::default(),
            descriptions: Default::default(),
        };
        let json = serde_json::to_value(ThemeDoc::from(&t)).unwrap();
        assert_eq!(json["v"], 1);
    }
}
