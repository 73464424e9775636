//! `likewise export DIR`: writes the store back as a content tree that `import` reads to the same state.
//! Markdown files are written exactly as they were stored, so an export of an import is the original text;
//! the one addition is the `source_hash` of a translation whose source changed after it was imported.

use crate::content::frontmatter;
use crate::content::parse::SOURCE_HASH_LEN;
use crate::domain::{ItemKind, Partner, Theme};
use crate::store::{SourceFile, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    pub partners: usize,
    pub themes: usize,
    pub cases: usize,
    pub magazines: usize,
    pub files: usize,
}

#[derive(Serialize)]
struct PartnersFile<'a> {
    partners: Vec<PartnerOut<'a>>,
}

/// `partners.toml` entry in the order the format documents.
#[derive(Serialize)]
struct PartnerOut<'a> {
    slug: &'a str,
    name: &'a str,
    country: &'a str,
    kind: &'a str,
    website: &'a str,
    languages: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    lead: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    descriptions: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct ThemesFile<'a> {
    themes: Vec<ThemeOut<'a>>,
}

#[derive(Serialize)]
struct ThemeOut<'a> {
    slug: &'a str,
    names: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    descriptions: BTreeMap<&'a str, &'a str>,
}

fn partner_out(p: &Partner) -> PartnerOut<'_> {
    PartnerOut {
        slug: &p.slug,
        name: &p.name,
        country: &p.country,
        kind: p.kind.code(),
        website: &p.website,
        languages: p.languages.iter().map(String::as_str).collect(),
        region: p.region.as_deref(),
        lead: p.lead,
        descriptions: p
            .descriptions
            .iter()
            .map(|(l, d)| (l.code(), d.as_str()))
            .collect(),
    }
}

fn theme_out(t: &Theme) -> ThemeOut<'_> {
    ThemeOut {
        slug: &t.slug,
        names: t
            .names
            .iter()
            .map(|(l, n)| (l.code(), n.as_str()))
            .collect(),
        descriptions: t
            .descriptions
            .iter()
            .map(|(l, d)| (l.code(), d.as_str()))
            .collect(),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)
}

/// `partners.toml` for these partners (export, and the admin screen's editor of it).
pub fn partners_toml(partners: &[Partner]) -> String {
    let file = PartnersFile {
        partners: partners.iter().map(partner_out).collect(),
    };
    toml::to_string(&file).expect("partners serialise to TOML")
}

/// `themes.toml` for these themes.
pub fn themes_toml(themes: &[Theme]) -> String {
    let file = ThemesFile {
        themes: themes.iter().map(theme_out).collect(),
    };
    toml::to_string(&file).expect("themes serialise to TOML")
}

/// A file as stored, with `source_hash` written into an outdated translation whose file does not say
/// which source state it follows (it was imported without the key, and its source changed since): without
/// it an import would take the translation as current.
fn with_status<'a>(file: &'a SourceFile, source: Option<&SourceFile>) -> std::borrow::Cow<'a, str> {
    let (Some(follows), Some(source)) = (&file.follows, source) else {
        return file.raw.as_str().into();
    };
    let current = &source.hash[..source.hash.len().min(SOURCE_HASH_LEN)];
    if follows == current || says_source_hash(&file.raw) {
        return file.raw.as_str().into();
    }
    match frontmatter::set_string_key(&file.raw, "source_hash", follows) {
        Ok(text) => text.into(),
        Err(_) => file.raw.as_str().into(),
    }
}

fn says_source_hash(raw: &str) -> bool {
    frontmatter::split(raw)
        .ok()
        .is_some_and(|s| frontmatter::line_of_key(&s, "source_hash").is_some())
}

pub async fn export_dir(
    store: &dyn Store,
    dir: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut put =
        |rel: &str, bytes: &[u8], summary: &mut ExportSummary| -> Result<(), ExportError> {
            write(&dir.join(rel), bytes)?;
            summary.files += 1;
            progress(rel);
            Ok(())
        };
    let (partners, themes) = {
        let mut read = store.read().await?;
        (read.partners().await?, read.themes().await?)
    };
    if !partners.is_empty() {
        put(
            "partners.toml",
            partners_toml(&partners).as_bytes(),
            &mut summary,
        )?;
        summary.partners = partners.len();
    }
    if !themes.is_empty() {
        put("themes.toml", themes_toml(&themes).as_bytes(), &mut summary)?;
        summary.themes = themes.len();
    }
    for kind in [ItemKind::Case, ItemKind::Magazine] {
        let files = store.files(kind).await?;
        for item in files.chunk_by(|a, b| a.slug == b.slug) {
            let source = item.iter().find(|f| f.follows.is_none());
            for file in item {
                let rel = format!("{}/{}/{}.md", kind.dir(), file.slug, file.lang);
                put(&rel, with_status(file, source).as_bytes(), &mut summary)?;
            }
            match kind {
                ItemKind::Case => summary.cases += 1,
                ItemKind::Magazine => summary.magazines += 1,
            }
        }
    }
    for (slug, raw) in store.adoption_files().await? {
        put(
            &format!("cases/{slug}/{}", crate::content::adoptions::FILE_NAME),
            raw.as_bytes(),
            &mut summary,
        )?;
    }
    for path in store.asset_paths().await? {
        // The smaller copies of pictures are made on import, not written out.
        if path
            .rsplit('/')
            .next()
            .is_some_and(crate::domain::picture_copies::is_variant)
        {
            continue;
        }
        if let Some(asset) = store.asset(&path).await? {
            put(&path, &asset.bytes, &mut summary)?;
        }
    }
    Ok(summary)
}
