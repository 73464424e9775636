//! An issue as readers take it along: its PDF, made once per issue, language and state of its texts, and
//! the list of what its offline copy holds. Both are versioned by a hash of what they show, so a change of the
//! magazine, one of its cases, a picture or a partner's name makes a new one and nothing else does.

use super::pdf::{self, CaseDocument, IssueDocument, Labels, Picture};
use crate::store::{SharedStore, StoreError};
use app::lang::Lang;
use app::library::{Library, LibraryError};
use app::model::{CaseView, IssueView};
use app::text::{country_name, euros, stage_name};
use app::tr;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum PublicationError {
    #[error("the library cannot be read: {0}")]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the PDF could not be made: {0}")]
    Pdf(#[from] pdf::PdfError),
    #[error("too many PDFs are being made; try again in a minute")]
    Busy,
}

/// How many PDFs one instance keeps (each a few hundred KB): every issue in a language or two.
const KEPT: usize = 40;
/// How long a request waits for a turn to typeset before it is told to come back.
const WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// A PDF as made: the version it shows and its bytes.
#[derive(Clone)]
pub struct MadePdf {
    pub version: String,
    pub bytes: Bytes,
}

/// Which PDF: a magazine in a language.
type PdfKey = (String, Lang);

/// Makes and keeps issue PDFs. Typesetting runs on the blocking pool, at most one per core at a time; two
/// requests for the same PDF wait for one typesetting, not two.
pub struct PdfMaker {
    permits: Semaphore,
    kept: Mutex<Vec<(PdfKey, MadePdf)>>,
    flights: Mutex<HashMap<PdfKey, Arc<tokio::sync::Mutex<()>>>>,
}

impl Default for PdfMaker {
    fn default() -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        PdfMaker {
            permits: Semaphore::new(cores),
            kept: Mutex::new(Vec::new()),
            flights: Mutex::new(HashMap::new()),
        }
    }
}

impl PdfMaker {
    fn kept(&self, key: &PdfKey, version: &str) -> Option<MadePdf> {
        let kept = self.kept.lock().expect("pdf cache lock");
        kept.iter()
            .find(|(k, made)| k == key && made.version == version)
            .map(|(_, made)| made.clone())
    }

    fn keep(&self, key: PdfKey, made: MadePdf) {
        let mut kept = self.kept.lock().expect("pdf cache lock");
        kept.retain(|(k, _)| *k != key);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((key, made));
    }

    /// The PDF of `magazine` in `lang`, or `None` when no such magazine is published. Reads what it shows
    /// each time (cheap), typesets only when that changed.
    pub async fn pdf(
        &self,
        library: &dyn Library,
        store: &SharedStore,
        public_url: &str,
        lang: Lang,
        magazine: &str,
    ) -> Result<Option<MadePdf>, PublicationError> {
        let Some(source) = IssueSource::load(library, store, lang, magazine).await? else {
            return Ok(None);
        };
        let key = (magazine.to_string(), lang);
        let version = source.version();
        if let Some(made) = self.kept(&key, &version) {
            return Ok(Some(made));
        }
        let flight = {
            let mut flights = self.flights.lock().expect("pdf flights lock");
            flights.entry(key.clone()).or_default().clone()
        };
        let _turn = flight.lock().await;
        if let Some(made) = self.kept(&key, &version) {
            return Ok(Some(made));
        }
        let _permit = tokio::time::timeout(WAIT, self.permits.acquire())
            .await
            .map_err(|_| PublicationError::Busy)?
            .map_err(|_| PublicationError::Busy)?;
        let document = source.document(lang, public_url);
        let images = source.images;
        let bytes = tokio::task::spawn_blocking(move || {
            pdf::render(&document, &|address| images.get(address).cloned())
        })
        .await
        .map_err(|e| pdf::PdfError::Typeset(format!("the typesetter stopped: {e}")))??;
        let made = MadePdf {
            version,
            bytes: Bytes::from(bytes),
        };
        self.keep(key, made.clone());
        Ok(Some(made))
    }
}

/// Everything an issue's PDF shows, read from one consistent view of the library: the pages' views for
/// titles, names and facts, the stored Markdown for the texts, and the bytes of its pictures.
struct IssueSource {
    issue: IssueView,
    editorial_markdown: String,
    /// Each case's Markdown in the language shown, by slug.
    bodies: HashMap<String, String>,
    /// Picture bytes by the addresses the texts and views use (`/media/cases/x/a.png`).
    images: HashMap<String, Vec<u8>>,
}

impl IssueSource {
    async fn load(
        library: &dyn Library,
        store: &SharedStore,
        lang: Lang,
        magazine: &str,
    ) -> Result<Option<IssueSource>, PublicationError> {
        let Some(issue) = library.issue(lang, magazine).await? else {
            return Ok(None);
        };
        let Some(record) = store.magazine(magazine).await? else {
            return Ok(None);
        };
        let editorial_markdown = record.text_or_source(lang).text.body.clone();
        let mut bodies = HashMap::new();
        for case in &issue.cases {
            if let Some(record) = store.case(&case.card.slug).await? {
                bodies.insert(
                    case.card.slug.clone(),
                    record.text_or_source(lang).text.body.clone(),
                );
            }
        }
        // The files beside the magazine and its cases: their pictures and the images their texts show.
        let prefixes: Vec<String> = std::iter::once(format!("magazines/{magazine}/"))
            .chain(
                issue
                    .cases
                    .iter()
                    .map(|c| format!("cases/{}/", c.card.slug)),
            )
            .collect();
        let mut images = HashMap::new();
        for path in store.asset_paths().await? {
            let copy = path
                .rsplit('/')
                .next()
                .is_some_and(crate::domain::picture_copies::is_variant);
            if !copy
                && prefixes.iter().any(|p| path.starts_with(p))
                && let Some(asset) = store.asset(&path).await?
                && asset.content_type.starts_with("image/")
            {
                images.insert(format!("/media/{path}"), asset.bytes);
            }
        }
        Ok(Some(IssueSource {
            issue,
            editorial_markdown,
            bodies,
            images,
        }))
    }

    /// A hash of everything shown: the views (titles, names, facts), the Markdown and the pictures. Comment
    /// counts are on the views but not in the PDF: a new comment makes no new PDF.
    fn version(&self) -> String {
        let mut shown = self.issue.clone();
        shown.magazine.card.comments = 0;
        for card in &mut shown.magazine.cases {
            card.comments = 0;
        }
        for case in &mut shown.cases {
            case.card.comments = 0;
        }
        let mut hash = Sha256::new();
        hash.update(serde_json::to_vec(&shown).unwrap_or_default());
        hash.update(self.editorial_markdown.as_bytes());
        let mut bodies: Vec<_> = self.bodies.iter().collect();
        bodies.sort();
        for (slug, body) in bodies {
            hash.update(slug.as_bytes());
            hash.update(body.as_bytes());
        }
        let mut images: Vec<_> = self.images.iter().collect();
        images.sort_by(|a, b| a.0.cmp(b.0));
        for (address, bytes) in images {
            hash.update(address.as_bytes());
            hash.update(Sha256::digest(bytes));
        }
        hex::encode(&hash.finalize()[..12])
    }

    fn picture(&self, image: &Option<app::model::ImageView>) -> Option<Picture> {
        let image = image.as_ref()?;
        Some(Picture {
            bytes: self.images.get(&image.url)?.clone(),
            alt: image.alt.clone(),
        })
    }

    fn document(&self, lang: Lang, public_url: &str) -> IssueDocument {
        let m = &self.issue.magazine;
        let fallback = |shown: Lang| {
            (shown != lang).then(|| {
                format!(
                    "{} {}: {}.",
                    tr!(lang, fallback_notice),
                    tr!(lang, original_language),
                    app::text::lang_name(lang, shown)
                )
            })
        };
        IssueDocument {
            lang: lang.code().to_string(),
            site_name: tr!(lang, site_name).to_string(),
            labels: Labels {
                issue: tr!(lang, magazine_issue).to_string(),
                editorial: tr!(lang, editorial).to_string(),
                contents: tr!(lang, issue_contents).to_string(),
                case_of: tr!(lang, issue_position).to_string(),
                read_online: tr!(lang, pdf_read_online).to_string(),
                scan_to_read: tr!(lang, pdf_scan_to_read).to_string(),
                links: tr!(lang, links).to_string(),
                page: tr!(lang, pdf_page).to_string(),
            },
            number: m.card.number,
            title: m.card.title.clone(),
            summary: m.card.summary.clone(),
            published: m.card.published.clone(),
            url: format!("{public_url}/{lang}/magazines/{}", m.card.slug),
            base_url: public_url.to_string(),
            editorial_lang: m.card.lang.code().to_string(),
            editorial_markdown: self.editorial_markdown.clone(),
            editorial_notice: fallback(m.card.lang),
            cover: self.picture(&m.card.cover),
            media_base: format!("/media/magazines/{}/", m.card.slug),
            cases: self
                .issue
                .cases
                .iter()
                .map(|c| CaseDocument {
                    title: c.card.title.clone(),
                    summary: c.card.summary.clone(),
                    lang: c.card.lang.code().to_string(),
                    url: format!("{public_url}/{lang}/cases/{}", c.card.slug),
                    fallback_notice: fallback(c.card.lang),
                    facts: facts(lang, c),
                    links: c
                        .links
                        .iter()
                        .map(|l| (l.title.clone(), l.url.clone()))
                        .collect(),
                    body_markdown: self.bodies.get(&c.card.slug).cloned().unwrap_or_default(),
                    image: self.picture(&c.card.image),
                    media_base: format!("/media/cases/{}/", c.card.slug),
                })
                .collect(),
        }
    }
}

/// The facts of a case as its page lists them, translated.
fn facts(lang: Lang, case: &CaseView) -> Vec<(String, String)> {
    let card = &case.card;
    let mut facts = vec![
        (tr!(lang, partner).to_string(), card.partner.name.clone()),
        (
            tr!(lang, country).to_string(),
            country_name(lang, &card.partner.country),
        ),
    ];
    if !card.themes.is_empty() {
        let themes: Vec<&str> = card.themes.iter().map(|t| t.name.as_str()).collect();
        facts.push((tr!(lang, themes).to_string(), themes.join(", ")));
    }
    if let Some(stage) = card.stage {
        facts.push((
            tr!(lang, stage).to_string(),
            stage_name(lang, stage).to_string(),
        ));
    }
    if let Some(year) = case.started {
        facts.push((tr!(lang, started).to_string(), year.to_string()));
    }
    if let Some(cost) = case.cost_eur {
        facts.push((tr!(lang, cost).to_string(), euros(lang, cost)));
    }
    if let Some(contact) = &case.contact {
        let mut who = contact.name.clone();
        if let Some(role) = &contact.role {
            who.push_str(&format!(", {role}"));
        }
        who.push_str(&format!(" <{}>", contact.email));
        facts.push((tr!(lang, contact).to_string(), who));
    }
    facts.push((tr!(lang, published).to_string(), card.published.clone()));
    facts
}

/// What an issue's offline copy holds, for `/{lang}/magazines/{slug}/offline.json`.
#[derive(Debug, serde::Serialize)]
pub struct OfflineManifest {
    /// The magazine page's path.
    pub issue: String,
    pub lang: String,
    pub title: String,
    /// Changes whenever anything the copy holds changes (texts, pictures, the front end).
    pub version: String,
    /// The issue's pages: the magazine, each case inside the issue, the print view.
    pub pages: Vec<String>,
    /// What those pages load: the hashed front end, scripts, pictures, the QR code.
    pub files: Vec<String>,
}

impl OfflineManifest {
    /// `front_end` lists the site's own files every page loads (hashed stylesheet, scripts, icon).
    pub fn of(issue: &IssueView, lang: Lang, front_end: &[String]) -> OfflineManifest {
        let m = &issue.magazine;
        let base = format!("/{lang}/magazines/{}", m.card.slug);
        let mut pages = vec![base.clone()];
        pages.extend(
            issue
                .cases
                .iter()
                .map(|c| format!("{base}/{}", c.card.slug)),
        );
        pages.push(format!("{base}/print"));
        let mut files: Vec<String> = front_end.to_vec();
        files.push(format!("{base}/qr.svg"));
        files.push(format!("/{lang}/manifest.webmanifest"));
        let mut pictures: Vec<String> = Vec::new();
        pictures.extend(m.card.cover.iter().map(|i| i.url.clone()));
        for case in &issue.cases {
            pictures.extend(case.card.image.iter().map(|i| i.url.clone()));
            pictures.extend(media_in_html(&case.body_html));
        }
        pictures.extend(media_in_html(&m.editorial_html));
        for p in pictures {
            if !files.contains(&p) {
                files.push(p);
            }
        }
        let mut hash = Sha256::new();
        hash.update(serde_json::to_vec(issue).unwrap_or_default());
        for f in &files {
            hash.update(f.as_bytes());
        }
        OfflineManifest {
            issue: base,
            lang: lang.code().to_string(),
            title: m.card.title.clone(),
            version: hex::encode(&hash.finalize()[..12]),
            pages,
            files,
        }
    }
}

/// The addresses of this site's media that rendered HTML shows (`src="/media/…"`).
fn media_in_html(html: &str) -> Vec<String> {
    html.split("src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|src| src.starts_with("/media/"))
        .map(|src| src.replace("&amp;", "&"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::media_in_html;

    #[test]
    fn media_of_rendered_html_are_found() {
        let html =
            r#"<p><img src="/media/cases/a/x.png" alt=""> <img src="https://e.org/y.png"></p>"#;
        assert_eq!(media_in_html(html), vec!["/media/cases/a/x.png"]);
    }
}
