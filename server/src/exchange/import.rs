//! `likewise import DIR`: validates every file of a content tree, stores everything valid, and reports per
//! file what happened. Running it twice changes nothing; a rejected file never blocks the valid ones.

use crate::content::MAX_FILE_BYTES;
use crate::content::markdown;
use crate::content::parse::{self, Doc, Problem};
use crate::domain::*;
use crate::store::{Asset, NewText, Outcome, Store, StoreError};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Added,
    Updated,
    Unchanged,
    Rejected,
}

impl From<Outcome> for Status {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Added => Status::Added,
            Outcome::Updated => Status::Updated,
            Outcome::Unchanged => Status::Unchanged,
        }
    }
}

/// What happened to one file, or to one entry of `partners.toml` / `themes.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    /// The file's path inside the tree, with `#slug` for an entry of a TOML list.
    pub path: String,
    pub status: Status,
    pub line: Option<usize>,
    /// The front-matter key a rejection is about, where it is about one.
    pub key: Option<String>,
    pub reason: Option<String>,
}

impl fmt::Display for ReportLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = match self.status {
            Status::Added => "added",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
            Status::Rejected => "rejected",
        };
        write!(f, "{status:<9} {}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(reason) = &self.reason {
            write!(f, ": {reason}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub lines: Vec<ReportLine>,
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        self.lines.iter().filter(|l| l.status == status).count()
    }
    pub fn rejected(&self) -> impl Iterator<Item = &ReportLine> {
        self.lines.iter().filter(|l| l.status == Status::Rejected)
    }
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} updated, {} unchanged, {} rejected",
            self.count(Status::Added),
            self.count(Status::Updated),
            self.count(Status::Unchanged),
            self.count(Status::Rejected)
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the content folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports the tree at `dir`; `progress` sees each line as it is decided.
pub async fn import_dir(
    store: &dyn Store,
    dir: &Path,
    progress: &mut (dyn FnMut(&ReportLine) + Send + Sync),
) -> Result<Report, ImportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Io { path, source }
    };
    let meta = std::fs::metadata(dir).map_err(io(dir))?;
    if !meta.is_dir() {
        return Err(ImportError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other("not a folder"),
        });
    }
    let mut run = Run {
        store,
        dir,
        report: Report::default(),
        progress,
    };
    for name in list(dir).map_err(io(dir))? {
        let path = dir.join(&name);
        match name.as_str() {
            "partners.toml" | "themes.toml" if path.is_file() => {}
            "cases" | "magazines" if path.is_dir() => {}
            _ => run.reject(&name, None, "not part of a content tree (expected partners.toml, themes.toml, cases/ and magazines/)"),
        }
    }
    if let Some(raw) = run.read_text("partners.toml") {
        run.import_list(
            "partners.toml",
            parse::parse_partners(&raw),
            |s, p: Partner| Box::pin(async move { s.put_partner(&p).await }),
        )
        .await?;
    }
    if let Some(raw) = run.read_text("themes.toml") {
        run.import_list("themes.toml", parse::parse_themes(&raw), |s, t: Theme| {
            Box::pin(async move { s.put_theme(&t).await })
        })
        .await?;
    }
    run.import_folders("cases").await?;
    run.import_folders("magazines").await?;
    // After every case: an adoption may name the adopter's own case, imported in the same run.
    run.import_adoptions().await?;
    let mut report = run.report;
    report.lines.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

/// One file of a case or magazine, parsed once: the editor and the write API parse it to decide who may
/// write it, then import it from memory, exactly as a tree holding only that file would be imported.
pub enum Parsed {
    Case(Doc<CaseMeta>),
    Magazine(Doc<MagazineMeta>),
}

impl Parsed {
    pub fn parse(kind: ItemKind, slug: &str, lang: Lang, raw: &str) -> Result<Parsed, Problem> {
        Ok(match kind {
            ItemKind::Case => Parsed::Case(parse::parse_case(slug, lang.code(), raw)?),
            ItemKind::Magazine => Parsed::Magazine(parse::parse_magazine(slug, lang.code(), raw)?),
        })
    }

    /// Whether it is the source file (it has the item's metadata), and the partner a case names.
    pub fn source_of(&self) -> (bool, Option<&str>) {
        match self {
            Parsed::Case(d) => (
                d.meta.is_some(),
                d.meta.as_ref().map(|m| m.partner.as_str()),
            ),
            Parsed::Magazine(d) => (d.meta.is_some(), None),
        }
    }
}

fn folder_of<M>(slug: &str, rel: String, doc: Doc<M>) -> Folder<M> {
    let is_source = doc.text.translated_from.is_none();
    let one = vec![(rel, doc)];
    let (sources, translations) = if is_source {
        (one, vec![])
    } else {
        (vec![], one)
    };
    Folder {
        slug: slug.to_string(),
        images: vec![],
        sources,
        translations,
    }
}

/// Imports one parsed file of item `slug`; the report line says what became of it.
pub async fn import_parsed(
    store: &dyn Store,
    slug: &str,
    parsed: Parsed,
) -> Result<ReportLine, ImportError> {
    let mut quiet = |_: &ReportLine| {};
    let mut run = Run {
        store,
        dir: Path::new(""),
        report: Report::default(),
        progress: &mut quiet,
    };
    let rel = match parsed {
        Parsed::Case(doc) => {
            let rel = format!("cases/{slug}/{}.md", doc.text.lang);
            let (partners, themes) = run.known().await?;
            let folder = folder_of(slug, rel.clone(), doc);
            run.import_case(folder, &partners, &themes).await?;
            rel
        }
        Parsed::Magazine(doc) => {
            let rel = format!("magazines/{slug}/{}.md", doc.text.lang);
            run.import_magazine(folder_of(slug, rel.clone(), doc))
                .await?;
            rel
        }
    };
    let line = run.report.lines.into_iter().find(|l| l.path == rel);
    Ok(line.unwrap_or_else(|| ReportLine {
        path: rel,
        status: Status::Rejected,
        line: None,
        key: None,
        reason: Some("the file was not read".into()),
    }))
}

fn list(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

type PutFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Outcome, StoreError>> + Send + 'a>>;

struct Run<'a> {
    store: &'a dyn Store,
    dir: &'a Path,
    report: Report,
    progress: &'a mut (dyn FnMut(&ReportLine) + Send + Sync),
}

/// A case or magazine folder after parsing: its images and its valid files, source first.
struct Folder<M> {
    slug: String,
    images: Vec<(String, Vec<u8>)>,
    sources: Vec<(String, Doc<M>)>,
    translations: Vec<(String, Doc<M>)>,
}

impl Run<'_> {
    fn push(&mut self, line: ReportLine) {
        (self.progress)(&line);
        self.report.lines.push(line);
    }

    fn reject(&mut self, path: &str, line: Option<usize>, reason: impl Into<String>) {
        self.reject_problem(path, Problem::new(line, reason));
    }

    fn reject_problem(&mut self, path: &str, problem: Problem) {
        self.push(ReportLine {
            path: path.to_string(),
            status: Status::Rejected,
            line: problem.line,
            key: problem.key,
            reason: Some(problem.message),
        });
    }

    fn done(&mut self, path: &str, outcome: Outcome) {
        self.push(ReportLine {
            path: path.to_string(),
            status: outcome.into(),
            line: None,
            key: None,
            reason: None,
        });
    }

    /// Reads a file of the tree, rejecting it when it is too big or unreadable.
    fn read_bytes(&mut self, rel: &str) -> Option<Vec<u8>> {
        let path = self.dir.join(rel);
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                self.reject(
                    rel,
                    None,
                    format!("file is {} bytes, over the 1 MiB limit", m.len()),
                );
                return None;
            }
            Ok(_) => {}
            Err(e) => {
                self.reject(rel, None, format!("cannot read: {e}"));
                return None;
            }
        }
        match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) => {
                self.reject(rel, None, format!("cannot read: {e}"));
                None
            }
        }
    }

    fn read_text(&mut self, rel: &str) -> Option<String> {
        if !self.dir.join(rel).exists() {
            return None;
        }
        let bytes = self.read_bytes(rel)?;
        match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(_) => {
                self.reject(rel, None, "not valid UTF-8 text");
                None
            }
        }
    }

    async fn import_list<T>(
        &mut self,
        file: &str,
        entries: Result<Vec<parse::Entry<T>>, Problem>,
        put: impl for<'s> Fn(&'s dyn Store, T) -> PutFuture<'s>,
    ) -> Result<(), ImportError> {
        let entries = match entries {
            Ok(e) => e,
            Err(p) => {
                self.reject_problem(file, p);
                return Ok(());
            }
        };
        let mut seen = HashSet::new();
        for (i, (slug, result)) in entries.into_iter().enumerate() {
            let path = format!(
                "{file}#{}",
                slug.clone().unwrap_or_else(|| format!("entry-{}", i + 1))
            );
            match result {
                Err(p) => self.reject_problem(&path, p),
                Ok(_) if slug.as_ref().is_some_and(|s| !seen.insert(s.clone())) => {
                    self.reject(&path, None, "this slug appears twice in the file")
                }
                Ok(item) => {
                    let outcome = put(self.store, item).await?;
                    self.done(&path, outcome);
                }
            }
        }
        Ok(())
    }

    /// Reads `cases/` or `magazines/`: one folder per item, one Markdown file per language, images beside.
    fn read_folder<M>(
        &mut self,
        kind: &str,
        slug: &str,
        parse: fn(&str, &str, &str) -> Result<Doc<M>, Problem>,
    ) -> Folder<M> {
        let mut folder = Folder {
            slug: slug.to_string(),
            images: vec![],
            sources: vec![],
            translations: vec![],
        };
        let dir = self.dir.join(kind).join(slug);
        let names = match list(&dir) {
            Ok(n) => n,
            Err(e) => {
                self.reject(
                    &format!("{kind}/{slug}"),
                    None,
                    format!("cannot read folder: {e}"),
                );
                return folder;
            }
        };
        if let Err(m) = parse::check_slug(
            if kind == "cases" {
                "case slug"
            } else {
                "magazine slug"
            },
            slug,
        ) {
            for name in &names {
                self.reject(&format!("{kind}/{slug}/{name}"), None, m.clone());
            }
            return folder;
        }
        for name in names {
            let rel = format!("{kind}/{slug}/{name}");
            if let Some(code) = name.strip_suffix(".md") {
                let Some(raw) = self.read_text(&rel) else {
                    continue;
                };
                match parse(slug, code, &raw) {
                    Ok(doc) if doc.meta.is_some() => folder.sources.push((rel, doc)),
                    Ok(doc) => folder.translations.push((rel, doc)),
                    Err(p) => self.reject_problem(&rel, p),
                }
            } else if kind == "cases" && name == crate::content::adoptions::FILE_NAME {
                // Read once every case is in (`import_adoptions`).
            } else if parse::media_type(&name).is_some() {
                match parse::check_asset_name(&name) {
                    Ok(()) => {
                        if let Some(bytes) = self.read_bytes(&rel) {
                            folder.images.push((name, bytes));
                        }
                    }
                    Err(why) => self.reject(&rel, None, why),
                }
            } else {
                self.reject(&rel, None, "unsupported file: expected <lang>.md files and images (svg, png, jpg, webp, gif)");
            }
        }
        if folder.sources.len() > 1 {
            let names: Vec<String> = folder
                .sources
                .iter()
                .map(|(p, _)| p.rsplit('/').next().unwrap_or(p).to_string())
                .collect();
            for (rel, _) in std::mem::take(&mut folder.sources) {
                self.reject(&rel, None, format!("two source files ({}): exactly one file of an item has no `translated_from`", names.join(", ")));
            }
        }
        folder
    }

    async fn put_images(
        &mut self,
        kind: &str,
        folder: &Folder<impl Sized>,
    ) -> Result<HashSet<String>, ImportError> {
        let mut stored = HashSet::new();
        for (name, bytes) in &folder.images {
            let path = format!("{kind}/{}/{name}", folder.slug);
            let content_type = parse::media_type(name)
                .unwrap_or("application/octet-stream")
                .to_string();
            // An SVG is text that can carry scripts: what is stored is the drawing rebuilt from an
            // allowlist, as for an upload, or nothing.
            let bytes = if content_type == "image/svg+xml" {
                let text = std::str::from_utf8(bytes).unwrap_or_default();
                match crate::content::svg::sanitise(text) {
                    Ok(clean) => clean.into_bytes(),
                    Err(why) => {
                        self.reject(&path, None, format!("this SVG is refused: {why}"));
                        continue;
                    }
                }
            } else {
                bytes.clone()
            };
            // The smaller copies for srcset, made once here; a change of the picture makes them anew.
            for (width, copy) in crate::content::pictures::variants(&content_type, &bytes) {
                if let Some(variant) = crate::content::pictures::variant_name(name, width) {
                    self.store
                        .put_asset(&Asset {
                            path: format!("{kind}/{}/{variant}", folder.slug),
                            content_type: content_type.clone(),
                            bytes: copy,
                        })
                        .await?;
                }
            }
            let outcome = self
                .store
                .put_asset(&Asset {
                    path: path.clone(),
                    content_type,
                    bytes,
                })
                .await?;
            self.done(&path, outcome);
            stored.insert(name.clone());
        }
        Ok(stored)
    }

    async fn image_exists(
        &self,
        kind: &str,
        slug: &str,
        name: &str,
        here: &HashSet<String>,
    ) -> Result<bool, ImportError> {
        Ok(here.contains(name)
            || self
                .store
                .asset(&format!("{kind}/{slug}/{name}"))
                .await?
                .is_some())
    }

    async fn import_folders(&mut self, kind: &str) -> Result<(), ImportError> {
        let root = self.dir.join(kind);
        if !root.is_dir() {
            return Ok(());
        }
        let names = list(&root).map_err(|source| ImportError::Io {
            path: root.clone(),
            source,
        })?;
        let (partners, themes) = self.known().await?;
        for slug in names {
            if !root.join(&slug).is_dir() {
                self.reject(
                    &format!("{kind}/{slug}"),
                    None,
                    format!("expected a folder per item: {kind}/<slug>/<lang>.md"),
                );
                continue;
            }
            if kind == "cases" {
                let folder = self.read_folder(kind, &slug, parse::parse_case);
                self.import_case(folder, &partners, &themes).await?;
            } else {
                let folder = self.read_folder(kind, &slug, parse::parse_magazine);
                self.import_magazine(folder).await?;
            }
        }
        Ok(())
    }

    /// Every `cases/<slug>/adoptions.toml` of the tree, each checked whole and stored as one revision.
    async fn import_adoptions(&mut self) -> Result<(), ImportError> {
        use crate::content::adoptions;
        let root = self.dir.join("cases");
        if !root.is_dir() {
            return Ok(());
        }
        let names = list(&root).map_err(|source| ImportError::Io {
            path: root.clone(),
            source,
        })?;
        for slug in names {
            let rel = format!("cases/{slug}/{}", adoptions::FILE_NAME);
            if !self.dir.join(&rel).is_file() || parse::check_slug("case slug", &slug).is_err() {
                continue;
            }
            let Some(raw) = self.read_text(&rel) else {
                continue;
            };
            let list = match adoptions::parse_file(&raw) {
                Ok(list) => list,
                Err(p) => {
                    self.reject_problem(&rel, p);
                    continue;
                }
            };
            if self
                .store
                .accounts()
                .item_owner(ItemKind::Case, &slug)
                .await?
                .is_none()
            {
                self.reject(
                    &rel,
                    None,
                    format!("there is no case `{slug}`: its Markdown was not imported"),
                );
                continue;
            }
            let checked = super::adoptions::check_names(self.store, &slug, &list, |i, key| {
                format!("adoptions[{}].{key}", i + 1)
            })
            .await?;
            if let Err(r) = checked {
                self.reject_problem(
                    &rel,
                    Problem {
                        line: None,
                        key: Some(r.key),
                        message: r.message,
                    },
                );
                continue;
            }
            let outcome = self.store.put_adoptions(&slug, &list, &raw, None).await?;
            self.done(&rel, outcome);
        }
        Ok(())
    }

    /// The partners and themes a case may name: those the store holds (a tree's own lists are stored first).
    async fn known(&self) -> Result<(HashSet<String>, HashSet<String>), ImportError> {
        let mut read = self.store.read().await?;
        let partners = read.partners().await?.into_iter().map(|p| p.slug).collect();
        let themes = read.themes().await?.into_iter().map(|t| t.slug).collect();
        Ok((partners, themes))
    }

    async fn import_case(
        &mut self,
        folder: Folder<CaseMeta>,
        partners: &HashSet<String>,
        themes: &HashSet<String>,
    ) -> Result<(), ImportError> {
        let images = self.put_images("cases", &folder).await?;
        let mut problem = None;
        if let Some((rel, doc)) = folder.sources.last() {
            let meta = doc.meta.as_ref().expect("a source has metadata");
            if !partners.contains(&meta.partner) {
                problem = Some(("partner", format!("unknown partner `{}`", meta.partner)));
            } else if let Some(t) = meta.themes.iter().find(|t| !themes.contains(*t)) {
                problem = Some(("themes", format!("unknown theme `{t}`")));
            } else if let Some(img) = &meta.image
                && !self
                    .image_exists("cases", &folder.slug, &img.src, &images)
                    .await?
            {
                problem = Some((
                    "image",
                    format!("image `{}` is missing: put it beside {rel}", img.src),
                ));
            }
        }
        self.import_texts(folder, problem).await
    }

    async fn import_magazine(&mut self, folder: Folder<MagazineMeta>) -> Result<(), ImportError> {
        let images = self.put_images("magazines", &folder).await?;
        let mut problem = None;
        if let Some((rel, doc)) = folder.sources.last() {
            let meta = doc.meta.as_ref().expect("a source has metadata");
            let stored = self.store.read().await?.cases_by_slugs(&meta.cases).await?;
            if let Some(case) = meta
                .cases
                .iter()
                .find(|c| !stored.iter().any(|s| &s.slug == *c))
            {
                problem = Some(("cases", format!("unknown case `{case}`")));
            } else if let Some(cover) = &meta.cover
                && !self
                    .image_exists("magazines", &folder.slug, cover, &images)
                    .await?
            {
                problem = Some((
                    "cover",
                    format!("cover `{cover}` is missing: put it beside {rel}"),
                ));
            }
        }
        self.import_texts(folder, problem).await
    }

    /// Stores a folder's source text (or rejects it for `problem`), then its translations.
    async fn import_texts<M: Owner>(
        &mut self,
        mut folder: Folder<M>,
        problem: Option<(&'static str, String)>,
    ) -> Result<(), ImportError> {
        let mut source = None;
        if let Some((rel, doc)) = folder.sources.pop() {
            match problem {
                Some((key, reason)) => {
                    let line = frontmatter_line(&doc.raw, key);
                    self.reject_problem(&rel, Problem::about(key, line, reason));
                }
                None => {
                    let meta = doc.meta.as_ref().expect("a source has metadata");
                    let text = new_text(M::KIND, &folder.slug, doc.text.clone(), doc.raw);
                    let outcome = meta.put_source(self.store, &folder.slug, &text).await?;
                    self.done(&rel, outcome);
                    source = Some(Source {
                        lang: doc.text.lang,
                        keys: doc.item_keys,
                    });
                }
            }
        }
        if source.is_none() && !folder.translations.is_empty() {
            source = match self.store.source_file(M::KIND, &folder.slug).await? {
                Some(file) => Some(Source {
                    lang: file.lang,
                    // The stored source passed this parser when it was imported.
                    keys: M::parse(&folder.slug, file.lang.code(), &file.raw)
                        .map(|d| d.item_keys)
                        .unwrap_or_default(),
                }),
                None => None,
            };
        }
        let translations = std::mem::take(&mut folder.translations);
        self.import_translations::<M>(&folder.slug, source, translations)
            .await
    }

    async fn import_translations<M: Owner>(
        &mut self,
        slug: &str,
        source: Option<Source>,
        translations: Vec<(String, Doc<M>)>,
    ) -> Result<(), ImportError> {
        for (rel, doc) in translations {
            let from = doc
                .text
                .translated_from
                .expect("a translation names its source");
            let Some(Source {
                lang: source,
                keys: source_keys,
            }) = &source
            else {
                self.reject_problem(
                    &rel,
                    Problem::about(
                        "translated_from",
                        frontmatter_line(&doc.raw, "translated_from"),
                        format!("translation of a missing source: no valid {from}.md for `{slug}`"),
                    ),
                );
                continue;
            };
            let source = *source;
            if from != source {
                self.reject_problem(
                    &rel,
                    Problem::about(
                        "translated_from",
                        frontmatter_line(&doc.raw, "translated_from"),
                        format!(
                            "`translated_from` is `{from}`, but the source of `{slug}` is in `{source}`"
                        ),
                    ),
                );
                continue;
            }
            if doc.text.lang == source {
                self.reject(&rel, None, format!("`{source}` is the source language of `{slug}`; its file has no `translated_from`"));
                continue;
            }
            if let Some(conflict) = conflicting_key(&doc.item_keys, source_keys) {
                let line = frontmatter_line(&doc.raw, &conflict.key);
                let message = conflict.message(&format!("{}/{slug}/{source}.md", M::KIND.dir()));
                self.reject_problem(&rel, Problem::about(&conflict.key, line, message));
                continue;
            }
            let text = new_text(M::KIND, slug, doc.text, doc.raw);
            let outcome = self.store.put_translation(M::KIND, slug, &text).await?;
            self.done(&rel, outcome);
        }
        Ok(())
    }
}

/// A stored or imported source file, as its translations are checked against it.
struct Source {
    lang: Lang,
    keys: Map<String, Value>,
}

/// The text to store for a file: its words, the file, and its body rendered once, now.
pub fn new_text(kind: ItemKind, slug: &str, text: Text, raw: String) -> NewText {
    let html = markdown::render(&text.body, &kind.media_base(slug));
    NewText {
        text,
        raw,
        html,
        renderer: markdown::RENDERER,
    }
}

/// A metadata key a translation repeats with a value other than its source's.
struct Conflict {
    key: String,
    here: String,
    source: Option<String>,
}

impl Conflict {
    fn message(&self, source_file: &str) -> String {
        match &self.source {
            Some(theirs) => format!(
                "key `{}` is {} here but {} in the source {source_file}; a translation may repeat the source's metadata only with the same values",
                self.key, self.here, theirs
            ),
            None => format!(
                "key `{}` is {} here but the source {source_file} has no `{}`; metadata belongs in the source",
                self.key, self.here, self.key
            ),
        }
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// The first fact `here` repeats with a value other than `source`'s. What is language in the metadata is the
/// translation's own: a contact's name and role, link titles and the list of links (a translation lists the
/// pages that exist in its language), an image's alt text. The facts in them are compared: the contact's
/// e-mail address (named `contact.email`), the image file (`src`).
fn conflicting_key(here: &Map<String, Value>, source: &Map<String, Value>) -> Option<Conflict> {
    here.iter().find_map(|(key, value)| {
        let theirs = source.get(key);
        let differs = |key: &str, value: &Value, theirs: Option<&Value>| Conflict {
            key: key.to_string(),
            here: show(value),
            source: theirs.map(show),
        };
        match (key.as_str(), theirs) {
            ("links", _) => None,
            ("contact", Some(t)) => {
                let email = value.get("email")?;
                (Some(email) != t.get("email"))
                    .then(|| differs("contact.email", email, t.get("email")))
            }
            ("image", Some(t)) => {
                (value.get("src") != t.get("src")).then(|| differs(key, value, theirs))
            }
            ("themes", Some(t)) => {
                (as_set(value) != as_set(t)).then(|| differs(key, value, theirs))
            }
            (_, Some(t)) => (value != t).then(|| differs(key, value, theirs)),
            (_, None) => Some(differs(key, value, None)),
        }
    })
}

fn as_set(list: &Value) -> Option<std::collections::BTreeSet<String>> {
    list.as_array()
        .map(|l| l.iter().map(|v| v.to_string()).collect())
}

fn frontmatter_line(raw: &str, key: &str) -> Option<usize> {
    let split = crate::content::frontmatter::split(raw).ok()?;
    crate::content::frontmatter::line_of_key(&split, key)
}

/// What tells the import of a case from that of a magazine, once each is checked.
trait Owner: Sized {
    const KIND: ItemKind;
    fn parse(slug: &str, lang: &str, raw: &str) -> Result<Doc<Self>, Problem>;
    /// Send, so an import can run inside a request (the editor and the write API import one file).
    fn put_source<'a>(
        &'a self,
        store: &'a dyn Store,
        slug: &'a str,
        text: &'a NewText,
    ) -> impl std::future::Future<Output = Result<Outcome, StoreError>> + Send + 'a;
}

impl Owner for CaseMeta {
    const KIND: ItemKind = ItemKind::Case;
    fn parse(slug: &str, lang: &str, raw: &str) -> Result<Doc<Self>, Problem> {
        parse::parse_case(slug, lang, raw)
    }
    async fn put_source(
        &self,
        store: &dyn Store,
        slug: &str,
        text: &NewText,
    ) -> Result<Outcome, StoreError> {
        store.put_case_source(slug, self, text).await
    }
}

impl Owner for MagazineMeta {
    const KIND: ItemKind = ItemKind::Magazine;
    fn parse(slug: &str, lang: &str, raw: &str) -> Result<Doc<Self>, Problem> {
        parse::parse_magazine(slug, lang, raw)
    }
    async fn put_source(
        &self,
        store: &dyn Store,
        slug: &str,
        text: &NewText,
    ) -> Result<Outcome, StoreError> {
        store.put_magazine_source(slug, self, text).await
    }
}
