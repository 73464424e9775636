//! A magazine issue typeset as a PDF with typst, used as a library.
//!
//! The typst source is generated in memory (every piece of the issue's text is
//! a string literal, see `typst_markup`), fonts come from `typst-assets`, and
//! pictures are virtual files: the typst world below has no file system and no
//! network. Rendering is CPU-bound and synchronous; call it from a blocking
//! thread.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use typst::comemo::Track;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::visualize::{ImageFormat, RasterFormat, RasterImage, SvgImage, VectorFormat};
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::typst_markup::{self as markup, ImageRef, lit, text};

/// One language's fixed words, translated by the caller.
pub struct Labels {
    pub issue: String,
    pub editorial: String,
    pub contents: String,
    /// "Case {n} of {total}"; `{n}` and `{total}` are replaced.
    pub case_of: String,
    pub read_online: String,
    pub scan_to_read: String,
    pub links: String,
    pub page: String,
}

pub struct Picture {
    pub bytes: Vec<u8>,
    pub alt: String,
}

pub struct CaseDocument {
    pub title: String,
    pub summary: String,
    /// ISO 639-1 code of the text shown.
    pub lang: String,
    /// Absolute address of the case's page; also encoded in its QR code.
    pub url: String,
    /// Shown (boxed) when the case is in another language than the issue.
    pub fallback_notice: Option<String>,
    /// Translated label/value pairs: Partner, Country, Themes, Stage, ...
    pub facts: Vec<(String, String)>,
    /// (title, absolute url)
    pub links: Vec<(String, String)>,
    pub body_markdown: String,
    pub image: Option<Picture>,
    /// Where the case's own files are (`/media/cases/{slug}/`): a relative image address in its Markdown
    /// is one of them, as on its page.
    pub media_base: String,
}

pub struct IssueDocument {
    /// The reader's language (document language).
    pub lang: String,
    pub site_name: String,
    pub labels: Labels,
    pub number: i32,
    pub title: String,
    pub summary: String,
    /// "2018-12-06"
    pub published: String,
    /// Absolute address of the magazine page (QR code on the cover).
    pub url: String,
    /// Public base URL without trailing slash, for relative links in Markdown.
    pub base_url: String,
    pub editorial_lang: String,
    pub editorial_markdown: String,
    pub editorial_notice: Option<String>,
    pub cover: Option<Picture>,
    /// Where the magazine's own files are (`/media/magazines/{slug}/`), for its editorial's images.
    pub media_base: String,
    pub cases: Vec<CaseDocument>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// typst could not lay the issue out; its diagnostics, joined.
    #[error("typesetting the issue failed: {0}")]
    Typeset(String),
    /// The laid-out issue could not be written as PDF.
    #[error("writing the PDF failed: {0}")]
    Export(String),
}

/// Typesets `doc` as an A4 PDF. `images` gives the bytes behind an image
/// address written in Markdown (e.g. "/media/case/x/a.png"); an image it
/// cannot give, or that cannot be decoded, is replaced by its alt text.
///
/// Synchronous and CPU-bound (tens of milliseconds for a typical issue in a
/// release build): call it on a blocking thread.
pub fn render(
    doc: &IssueDocument,
    images: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, PdfError> {
    let result = match render_with(doc, Some(images)) {
        // Pictures are checked with typst's own decoders before use; should
        // one still trip typst up, the issue is printed without pictures
        // rather than not at all.
        Err((_, true)) => render_with(doc, None).map_err(|(err, _)| err),
        other => other.map_err(|(err, _)| err),
    };
    // Bound typst's global memoization cache across renders.
    typst::comemo::evict(4);
    result
}

/// A4 with a text column of 16.6 cm (`typst_markup::COLUMN_CM`, which sizes
/// pictures).
const PAGE_SETUP: &str =
    "#set page(paper: \"a4\", margin: (x: 2.2cm, top: 2.4cm, bottom: 2.6cm), numbering: \"1\")";
const COVER_PICTURE_MAX_CM: f64 = 9.0;
const CASE_PICTURE_MAX_CM: f64 = 9.0;
/// Virtual files per PDF (pictures and QR codes); paths are interned by typst
/// for the life of the process, so their number is bounded.
const MAX_ASSETS: usize = 1000;

/// Gives the bytes behind an image address written in Markdown.
type ImageSource<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// Renders once; the error says whether any picture was used.
fn render_with(
    doc: &IssueDocument,
    images: Option<ImageSource<'_>>,
) -> Result<Vec<u8>, (PdfError, bool)> {
    let mut assets = Assets {
        files: HashMap::new(),
        next: 0,
        pictures: images.is_some(),
        used_pictures: false,
    };
    let no_images = |_: &str| None;
    let images = images.unwrap_or(&no_images);
    let source = issue_markup(doc, images, &mut assets);
    let used_pictures = assets.used_pictures;
    let world = MagazineWorld {
        main: Source::new(main_id(), source),
        files: assets.files,
    };

    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| (PdfError::Typeset(describe(&world, &errors)), used_pictures))?;

    let ident = format!("{}#{}#{}", doc.url, doc.number, doc.lang);
    let options = |standards: PdfStandards| PdfOptions {
        ident: Smart::Custom(ident.clone()),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    // PDF/UA-1 where the content allows it, else a plain tagged PDF.
    if let Ok(ua) = PdfStandards::new(&[PdfStandard::Ua_1])
        && let Ok(pdf) = typst_pdf::pdf(&document, &options(ua))
    {
        return Ok(pdf);
    }
    typst_pdf::pdf(&document, &options(PdfStandards::default()))
        .map_err(|errors| (PdfError::Export(describe(&world, &errors)), used_pictures))
}

fn describe(world: &MagazineWorld, errors: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for error in errors {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&error.message);
        if let Some(range) = world.range(error.span) {
            let text = world.main.text();
            let line = text[..range.start.min(text.len())].matches('\n').count() + 1;
            let snippet: String = text
                .get(range.clone())
                .unwrap_or("")
                .chars()
                .take(80)
                .collect();
            let _ = write!(out, " (line {line}: `{snippet}`)");
        }
        for hint in &error.hints {
            let _ = write!(out, " [hint: {}]", hint.v);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The document template.

fn issue_markup(doc: &IssueDocument, images: ImageSource<'_>, assets: &mut Assets) -> String {
    let labels = &doc.labels;
    let lang = lang_code(&doc.lang);
    let issue_line = format!("{} {}", labels.issue, doc.number);
    let mut s = String::with_capacity(64 * 1024);

    // Document set-up.
    let title = format!("{} — {}: {}", doc.site_name, issue_line, doc.title);
    let date = parse_date(&doc.published).map_or("none".to_owned(), |(y, m, d)| {
        format!("datetime(year: {y}, month: {m}, day: {d})")
    });
    let _ = writeln!(
        s,
        "#set document(title: {}, author: {}, date: {date})",
        lit(&title),
        lit(&doc.site_name)
    );
    s.push_str(PAGE_SETUP);
    s.push('\n');
    let _ = writeln!(
        s,
        "#set page(footer: context {{\n  set text(size: 8.5pt, fill: luma(90))\n  [{} · {}]\n  h(1fr)\n  [{} #counter(page).display(\"1\")]\n}})",
        text(&doc.site_name),
        text(&issue_line),
        text(&labels.page)
    );
    let _ = writeln!(
        s,
        "#set text(font: (\"Libertinus Serif\", \"New Computer Modern\"), size: 11pt, lang: {})",
        lit(&lang)
    );
    s.push_str(TEMPLATE_RULES);

    // Cover.
    s.push_str("#page(footer: none)[\n#set par(justify: false)\n");
    let _ = writeln!(
        s,
        "#text(size: 13pt, weight: \"semibold\", tracking: 0.12em)[#upper({})]\n\n#text(size: 12pt)[{} · {}]\n#v(1.4cm)\n#text(size: 28pt, weight: \"bold\")[{}]\n#v(0.5em)\n#text(size: 14pt, style: \"italic\")[{}]\n#v(1fr)",
        lit(&doc.site_name),
        text(&issue_line),
        text(&doc.published),
        text(&doc.title),
        text(&doc.summary)
    );
    if let Some(cover) = &doc.cover
        && let Some(image) = assets.picture(cover.bytes.clone())
    {
        let _ = writeln!(
            s,
            "#align(center, {})\n#v(1fr)",
            markup::image_markup(&image, &cover.alt, COVER_PICTURE_MAX_CM)
        );
    }
    let _ = writeln!(
        s,
        "#block(width: 3.4cm)[{}]\n]",
        qr_block(assets, &doc.url, &labels.read_online)
    );

    // Editorial.
    let editorial_lang = lang_code(&doc.editorial_lang);
    let _ = writeln!(
        s,
        "#pagebreak(weak: true)\n#[\n#set text(lang: {})\n#heading(level: 1, outlined: false, bookmarked: true)[{}]",
        lit(&editorial_lang),
        text(&labels.editorial)
    );
    if let Some(notice) = &doc.editorial_notice {
        s.push_str(&notice_box(notice));
    }
    s.push_str(&body(
        doc,
        "ed",
        &doc.editorial_markdown,
        &doc.media_base,
        images,
        assets,
    ));
    s.push_str("\n]\n");

    // Contents.
    let _ = writeln!(
        s,
        "#pagebreak(weak: true)\n#outline(title: [{}], depth: 1)",
        text(&labels.contents)
    );

    // Cases.
    let total = doc.cases.len();
    for (index, case) in doc.cases.iter().enumerate() {
        let case_of = labels
            .case_of
            .replace("{n}", &(index + 1).to_string())
            .replace("{total}", &total.to_string());
        let _ = writeln!(
            s,
            "#pagebreak(weak: true)\n#[\n#set text(lang: {})\n#heading(level: 1)[{}]\n#text(size: 10pt, fill: luma(80), tracking: 0.04em)[{}]\n\n#text(size: 12.5pt, style: \"italic\")[{}]\n",
            lit(&lang_code(&case.lang)),
            text(&case.title),
            text(&case_of),
            text(&case.summary)
        );
        if let Some(notice) = &case.fallback_notice {
            s.push_str(&notice_box(notice));
        }
        // Facts on the left, the QR code of the case's page on the right.
        s.push_str("#block(above: 1em, below: 1.2em, grid(columns: (1fr, 3.4cm), column-gutter: 1.2em, grid(columns: (auto, 1fr), column-gutter: 1.2em, row-gutter: 0.5em");
        for (label, value) in &case.facts {
            let _ = write!(s, ", [#strong[{}]], [{}]", text(label), text(value));
        }
        let _ = writeln!(
            s,
            "), [{}]))",
            qr_block(assets, &case.url, &labels.scan_to_read)
        );
        if let Some(picture) = &case.image
            && let Some(image) = assets.picture(picture.bytes.clone())
        {
            let _ = writeln!(
                s,
                "#align(center, {})\n",
                markup::image_markup(&image, &picture.alt, CASE_PICTURE_MAX_CM)
            );
        }
        s.push_str(&body(
            doc,
            &format!("c{index}"),
            &case.body_markdown,
            &case.media_base,
            images,
            assets,
        ));
        s.push('\n');
        if !case.links.is_empty() {
            let _ = write!(
                s,
                "\n#heading(level: 2, outlined: false, bookmarked: false)[{}]\n#list(tight: true",
                text(&labels.links)
            );
            for (title, url) in &case.links {
                let url = markup::absolute_url(&doc.base_url, url);
                let _ = write!(s, ", [{} — {}]", text(title), markup::url_markup(&url));
            }
            s.push_str(")\n");
        }
        s.push_str("]\n");
    }
    s
}

/// Set and show rules after the page and text set-up.
const TEMPLATE_RULES: &str = r##"#set par(justify: true, leading: 0.62em, spacing: 1.05em)
#show heading: set par(justify: false)
#show heading: set text(hyphenate: false)
#show heading.where(level: 1): set text(size: 22pt)
#show heading.where(level: 1): set block(below: 0.5em)
#show heading.where(level: 2): set text(size: 14pt)
#show heading.where(level: 2): set block(above: 1.4em, below: 0.7em)
#show heading.where(level: 3): set text(size: 12pt)
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
#show raw.where(block: true): set par(justify: false)
#show raw.where(block: true): block.with(fill: luma(245), inset: 6pt, radius: 2pt, width: 100%)
#set table(stroke: 0.5pt + luma(170), inset: 5pt)
#show table: set par(justify: false)
#show table.cell.where(y: 0): set text(weight: "bold")
#show grid: set par(justify: false)
#show link: set text(fill: rgb("#1d4e89"))
#show outline.entry.where(level: 1): set block(above: 0.9em)
"##;

/// A case or editorial body converted from Markdown.
fn body(
    doc: &IssueDocument,
    prefix: &str,
    markdown: &str,
    media_base: &str,
    images: ImageSource<'_>,
    assets: &mut Assets,
) -> String {
    let mut resolve = |src: &str| {
        if !assets.pictures {
            return None;
        }
        images(&media_address(media_base, src)?).and_then(|bytes| assets.picture(bytes))
    };
    let mut cx = markup::Context {
        base_url: &doc.base_url,
        top_heading_level: 2,
        label_prefix: prefix,
        images: &mut resolve,
    };
    markup::markdown_to_typst(markdown, &mut cx)
}

/// The address of an image as its page shows it: relative names are files beside the item; anything that
/// climbs out of a folder or names another scheme is no file of ours.
fn media_address(media_base: &str, src: &str) -> Option<String> {
    if src.contains("..") || src.contains(':') || src.contains('\\') || src.starts_with("//") {
        return None;
    }
    if src.starts_with('/') {
        Some(src.to_string())
    } else {
        Some(format!("{media_base}{src}"))
    }
}

fn notice_box(notice: &str) -> String {
    format!(
        "#block(fill: luma(238), stroke: 0.5pt + luma(200), inset: 8pt, radius: 3pt, width: 100%, above: 1em, below: 1em)[{}]\n",
        text(notice)
    )
}

/// The QR code of `url` (3 cm wide) with `caption` and the address printed
/// under it.
fn qr_block(assets: &mut Assets, url: &str, caption: &str) -> String {
    let words = format!(
        "#text(size: 7.5pt)[{}#linebreak(){}]",
        text(caption),
        markup::url_markup(url)
    );
    match assets.qr(url) {
        Some(path) => format!(
            "#set par(justify: false)\n#image({}, width: 3cm, alt: {})\n#v(0.1em, weak: true)\n{words}",
            lit(&path),
            lit(&format!("QR code: {url}"))
        ),
        None => words,
    }
}

/// An ISO 639 code typst accepts; "en" for anything else.
fn lang_code(lang: &str) -> String {
    let code = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        code
    } else {
        "en".to_owned()
    }
}

fn parse_date(date: &str) -> Option<(i32, u8, u8)> {
    let mut parts = date.get(..10)?.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Datetime::from_ymd(year, month, day)?;
    Some((year, month, day))
}

// ---------------------------------------------------------------------------
// Pictures and QR codes as virtual files.

struct Assets {
    files: HashMap<FileId, Bytes>,
    next: usize,
    /// Whether pictures may be used at all (false in the fallback render).
    pictures: bool,
    used_pictures: bool,
}

impl Assets {
    fn reserve(&mut self, extension: &str) -> Option<(String, FileId)> {
        if self.next >= MAX_ASSETS {
            return None;
        }
        let path = format!("/a/{}.{extension}", self.next);
        self.next += 1;
        let id = file_id(&path)?;
        Some((path, id))
    }

    /// Registers a picture if typst can decode it.
    fn picture(&mut self, bytes: Vec<u8>) -> Option<ImageRef> {
        if !self.pictures {
            return None;
        }
        let bytes = Bytes::new(bytes);
        let (path, id, width, height) = match ImageFormat::detect(&bytes)? {
            ImageFormat::Raster(RasterFormat::Exchange(format)) => {
                // The same decoder (memoized) that typst uses when laying out.
                let image = RasterImage::plain(bytes.clone(), format).ok()?;
                let extension = match format {
                    typst::visualize::ExchangeFormat::Png => "png",
                    typst::visualize::ExchangeFormat::Jpg => "jpg",
                    typst::visualize::ExchangeFormat::Gif => "gif",
                    typst::visualize::ExchangeFormat::Webp => "webp",
                };
                let (path, id) = self.reserve(extension)?;
                (
                    path,
                    id,
                    f64::from(image.width()),
                    f64::from(image.height()),
                )
            }
            ImageFormat::Vector(VectorFormat::Svg) => {
                let (path, id) = self.reserve("svg")?;
                let (width, height) = check_svg(&bytes, id)?;
                (path, id, width, height)
            }
            // PDF pages as pictures and raw pixel data are not accepted.
            _ => return None,
        };
        self.files.insert(id, bytes);
        self.used_pictures = true;
        Some(ImageRef {
            path,
            width,
            height,
        })
    }

    fn qr(&mut self, url: &str) -> Option<String> {
        let svg = qr_svg(url)?;
        let (path, id) = self.reserve("svg")?;
        self.files.insert(id, Bytes::from_string(svg));
        Some(path)
    }
}

/// Decodes an SVG exactly as typst will (with fonts, and resolving linked
/// images, which a lone SVG cannot have), giving its size.
fn check_svg(bytes: &Bytes, id: FileId) -> Option<(f64, f64)> {
    let world = MagazineWorld {
        main: Source::new(main_id(), String::new()),
        files: HashMap::from([(id, bytes.clone())]),
    };
    let world: &dyn World = &world;
    let svg = SvgImage::with_fonts_images(
        bytes.clone(),
        world.track(),
        &["libertinus serif", "new computer modern"],
        Some(id),
    )
    .ok()?;
    Some((svg.width(), svg.height()))
}

/// A QR code of `data` as SVG (the same drawing the site serves).
fn qr_svg(data: &str) -> Option<String> {
    super::qr::svg(data, data)
}

// ---------------------------------------------------------------------------
// The typst world: one in-memory source, virtual pictures, bundled fonts.

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// The fonts bundled with typst-assets (Libertinus Serif, New Computer
/// Modern, DejaVu Sans Mono), parsed once; the data itself is static.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn main_id() -> FileId {
    static MAIN: LazyLock<FileId> =
        LazyLock::new(|| file_id("/issue.typ").expect("a valid virtual path"));
    *MAIN
}

struct MagazineWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for MagazineWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn labels() -> Labels {
        Labels {
            issue: "Issue".into(),
            editorial: "Editorial".into(),
            contents: "Contents".into(),
            case_of: "Case {n} of {total}".into(),
            read_online: "Read online".into(),
            scan_to_read: "Scan to read this case online".into(),
            links: "Links".into(),
            page: "Page".into(),
        }
    }

    const CASE_TITLES: [&str; 8] = [
        "Community fiber networks in rural Jutland",
        "Affordable office floors: a shared workspace",
        "Wohnungsbau für alle: Genossenschaft in Köln",
        "Le café réparation de Lyon",
        "Coöperatieve zorg in de Achterhoek",
        "Efficient waffle bakeries and their influence",
        "Fjordens økologiske færgeri",
        "Cycling schools for newcomers",
    ];

    fn body(i: usize) -> String {
        format!(
            "The project started in {year} when neighbours met in the village hall. \
             They wanted *faster* internet and **fair** prices, and they found that \
             nobody else would build it. Over three winters they dug trenches, \
             negotiated with the municipality and learned more about fibre than they \
             ever expected.\n\n\
             ## How it works\n\n\
             Members pay a one-off fee and a small monthly contribution:\n\n\
             - a board of five volunteers\n- an annual general meeting\n- open books, published [online](/case/{i}/books)\n\n\
             1. sign up\n2. dig\n3. connect\n\n\
             | Year | Members | Fee |\n|:-----|--------:|----:|\n| 2016 | 120 | 300 |\n| 2017 | 340 | 280 |\n| 2018 | 610 | 250 |\n\n\
             > We did not know we could do it until we had done it.\n\n\
             Read more on [the project's website](https://example.org/project-{i}) or in the \
             local newspaper[^press]. Quotes: „Anführungszeichen“, «guillemets», \"straight\".\n\n\
             [^press]: Dagbladet, 3 March {year}.\n\n\
             Further paragraphs follow with everyday words: Straße, Øresund, æble, \
             garçon, cœur, België, naïve, façade. {filler}\n",
            year = 2010 + i,
            filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(6)
        )
    }

    fn issue() -> IssueDocument {
        let cases = CASE_TITLES
            .iter()
            .enumerate()
            .map(|(i, title)| CaseDocument {
                title: (*title).to_owned(),
                summary: format!("How citizens organised themselves, case {}.", i + 1),
                lang: if i == 4 { "nl".into() } else { "en".into() },
                url: format!("https://likewise.example/en/case/case-{i}"),
                fallback_notice: (i == 4)
                    .then(|| "This case is not yet available in English; shown in Dutch.".into()),
                facts: vec![
                    ("Partner".into(), "Likewise Network".into()),
                    ("Country".into(), "Denmark".into()),
                    ("Themes".into(), "Energy, Housing".into()),
                    ("Stage".into(), "Running".into()),
                ],
                links: vec![
                    ("Project site".into(), format!("https://example.org/p{i}")),
                    ("Report (PDF)".into(), "/media/report.pdf".into()),
                ],
                body_markdown: body(i),
                image: None,
                media_base: format!("/media/cases/c{i}/"),
            })
            .collect();
        IssueDocument {
            lang: "en".into(),
            site_name: "Likewise".into(),
            labels: labels(),
            number: 7,
            title: "Citizens who build".into(),
            summary: "Eight cases of people organising what the market and the state did not."
                .into(),
            published: "2018-12-06".into(),
            url: "https://likewise.example/en/magazine/7".into(),
            base_url: "https://likewise.example".into(),
            editorial_lang: "en".into(),
            editorial_markdown:
                "Welcome to this issue.\n\nWe travelled far. See [our map](/map).\n".into(),
            editorial_notice: None,
            cover: None,
            media_base: "/media/magazines/m/".into(),
            cases,
        }
    }

    fn no_images(_: &str) -> Option<Vec<u8>> {
        None
    }

    /// Keeps a rendered PDF for looking at, when LIKEWISE_PDF_DUMP names a folder.
    fn dump(name: &str, pdf: &[u8]) {
        if let Some(dir) = std::env::var_os("LIKEWISE_PDF_DUMP") {
            std::fs::write(std::path::Path::new(&dir).join(name), pdf).expect("dump written");
        }
    }

    struct Parsed {
        pages: usize,
        /// The text with runs of whitespace made one space.
        text: String,
        /// The text without any whitespace (addresses wrap in narrow columns).
        compact: String,
        /// Every stream, decompressed (for `/ActualText` spans).
        content: Vec<u8>,
    }

    fn parse(pdf: &[u8]) -> Parsed {
        let document = lopdf::Document::load_mem(pdf).expect("a readable PDF");
        let pages: Vec<u32> = document.get_pages().keys().copied().collect();
        let text = document.extract_text(&pages).expect("extractable text");
        let mut content = Vec::new();
        for object in document.objects.values() {
            if let Ok(stream) = object.as_stream() {
                content.extend(stream.decompressed_content().unwrap_or_default());
            }
        }
        Parsed {
            pages: pages.len(),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            compact: text.split_whitespace().collect(),
            content,
        }
    }

    #[test]
    fn realistic_issue_renders_with_every_title_as_text() {
        let doc = issue();
        let started = Instant::now();
        LazyLock::force(&FONTS);
        LazyLock::force(&LIBRARY);
        println!("fonts and library: {} ms", started.elapsed().as_millis());
        let started = Instant::now();
        let pdf = render(&doc, &no_images).expect("renders");
        let elapsed = started.elapsed();
        println!(
            "8-case issue: {} ms, {} bytes",
            elapsed.as_millis(),
            pdf.len()
        );
        let started = Instant::now();
        let again = render(&doc, &no_images).expect("renders again");
        println!("second render: {} ms", started.elapsed().as_millis());
        assert!(pdf == again, "same input, same bytes");

        dump("issue.pdf", &pdf);
        let parsed = parse(&pdf);
        assert!(parsed.pages >= 11, "only {} pages", parsed.pages);
        for title in CASE_TITLES {
            assert!(parsed.text.contains(title), "{title:?} not found in text");
        }
        for url in [
            "https://likewise.example/en/magazine/7",
            "https://likewise.example/en/case/case-2",
            "https://likewise.example/case/1/books",
            "https://likewise.example/media/report.pdf",
            "https://example.org/project-5",
        ] {
            assert!(parsed.compact.contains(url), "{url:?} not found");
        }
        for expected in [
            "Issue 7",
            "Case 3 of 8",
            "Scan to read this case online",
            "Straße, Øresund, æble, garçon, cœur, België, naïve, façade",
            "„Anführungszeichen“, «guillemets»",
            "not yet available in English",
            "Dagbladet",
        ] {
            assert!(parsed.text.contains(expected), "{expected:?} not found");
        }
        assert!(pdf.windows(9).any(|w| w == b"/StructTr"), "tagged PDF");
        assert!(pdf.windows(5).any(|w| w == b"/Lang"), "document language");
        assert!(
            pdf.windows(15).any(|w| w == b"pdfuaid:part>1<"),
            "PDF/UA-1 for ordinary content"
        );
    }

    #[test]
    fn glyphs_exist_for_all_five_languages() {
        // Every character the issue uses must be in Libertinus Serif, so that
        // nothing is shown as tofu.
        let font = FONTS
            .fonts
            .iter()
            .find(|f| f.info().family == "Libertinus Serif")
            .expect("Libertinus Serif bundled");
        for c in "æøåÆØÅßäöüÄÖÜéèêçëïœŒàâîôûù„“”‚‘’«»–—€".chars()
        {
            assert!(
                font.info().coverage.contains(u32::from(c)),
                "no glyph for {c:?}"
            );
        }
    }

    #[test]
    fn hostile_input_is_printed_literally() {
        let hostile = [
            "#",
            "$",
            "\\",
            "\"",
            "[",
            "]",
            "*",
            "_",
            "`",
            "<",
            ">",
            "@",
            "=",
            "-",
            "+",
            "/",
            "//",
            "/*",
            "~",
            "'",
            "#import \"x\"",
            "#read(\"/etc/passwd\")",
            "*/",
            "#}",
            "\"; #panic(\"x\"); \"",
        ];
        let mut doc = issue();
        doc.cases.truncate(2);
        let joined = hostile.join(" ");
        doc.title = format!("Title {joined}");
        doc.site_name = "Like#wise \"]".into();
        doc.labels.case_of = "Case {n} of {total} #strong[x]".into();
        doc.cases[0].title = "Zürich #read(\"/etc/passwd\") // $x$ \\ [a] <b> @c".into();
        doc.cases[0].lang = "de\"); #panic(\"x".into();
        doc.cases[0].facts = vec![("#set text(red)".into(), "[*x*]".into())];
        doc.cases[0].links = vec![("]#x[".into(), "javascript:alert(\"x\")".into())];
        doc.cases[0].body_markdown = hostile
            .iter()
            .map(|h| format!("Start {h} end\n\n"))
            .collect::<String>()
            + "# `#import \"x\"`\n\n<script>#read(\"/etc/passwd\")</script>\n\n\
               [#read(\"/etc/passwd\")](/x\"y) ![#panic()](/nothing.png)\n\n\
               ```typ\n#read(\"/etc/passwd\")\n```\n\n\
               Dansk: æøå ÆØÅ. Deutsch: Straße Grüße. Français: ça, élève, cœur. Nederlands: ëi, ĳ. \
               Emoji: 🎉👍🏽.\n\n"
            + &"Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(12)
            + "\n\n"
            + &"0123456789abcdef".repeat(20)
            + "\n\n"
            + &format!("{}deep", ">".repeat(120))
            + "\n\n"
            + &(0..60)
                .map(|depth| format!("{}- nest {depth}\n", "  ".repeat(depth)))
                .collect::<String>()
            + "\n\n"
            + &format!("{}x{}", "*".repeat(200), "*".repeat(200))
            + "\n\n"
            + &format!("{}y{}", "[".repeat(100), "](/z)".repeat(100));
        doc.cases[1].body_markdown = "*unclosed **mess [link( ![img](".into();
        let pdf = render(&doc, &no_images).expect("hostile input renders");
        dump("hostile.pdf", &pdf);
        let parsed = parse(&pdf);
        for h in hostile {
            assert!(
                parsed.text.contains(&format!("Start {h} end")),
                "{h:?} not printed literally"
            );
        }
        for expected in [
            "Zürich #read(\"/etc/passwd\") // $x$ \\ [a] <b> @c",
            "Case 1 of 2 #strong[x]",
            "#set text(red)",
            "[*x*]",
            "]#x[",
            "javascript:alert(\"x\")",
            "#panic()",
            "Dansk: æøå ÆØÅ. Deutsch: Straße Grüße. Français: ça, élève, cœur. Nederlands: ëi, ĳ.",
        ] {
            assert!(parsed.text.contains(expected), "{expected:?} not found");
        }
        assert!(parsed.compact.contains(&"0123456789abcdef".repeat(20)));
        assert!(parsed.text.contains("nest 0") && parsed.text.contains("nest 59"));
        // No bundled font has emoji: they are drawn as boxes (.notdef), which
        // must not fail the PDF. Their text survives only in part: krilla keeps
        // the second and later distinct ones as `/ActualText`, not the first.
        assert!(parsed.text.contains("Emoji:"));
        let thumbs: Vec<u8> = "👍".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let hex: String = thumbs.iter().map(|b| format!("{b:02X}")).collect();
        assert!(
            parsed
                .content
                .windows(hex.len())
                .any(|w| w == hex.as_bytes())
        );
    }

    /// A valid PNG of `width` × `height` grey pixels, encoded by hand (stored
    /// deflate blocks).
    fn png(width: u32, height: u32) -> Vec<u8> {
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = 0xffff_ffffu32;
            for &byte in data {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xedb8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend(data);
            out.extend(&body);
            out.extend(crc32(&body).to_be_bytes());
        }
        let mut raw = Vec::new();
        for y in 0..height {
            raw.push(0); // filter: none
            for x in 0..width {
                raw.push(((x + y) * 7 % 256) as u8);
            }
        }
        let mut zlib = vec![0x78, 0x01];
        let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
        for (i, block) in blocks.iter().enumerate() {
            zlib.push(u8::from(i + 1 == blocks.len()));
            let len = block.len() as u16;
            zlib.extend(len.to_le_bytes());
            zlib.extend((!len).to_le_bytes());
            zlib.extend(*block);
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &raw {
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }
        zlib.extend(((b << 16) | a).to_be_bytes());

        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = Vec::new();
        header.extend(width.to_be_bytes());
        header.extend(height.to_be_bytes());
        header.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
        chunk(&mut out, b"IHDR", &header);
        chunk(&mut out, b"IDAT", &zlib);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect width="200" height="100" fill="#3a7"/><circle cx="50" cy="50" r="40" fill="#fff"/></svg>"##;

    #[test]
    fn pictures_and_broken_pictures() {
        assert!(
            RasterImage::plain(
                Bytes::new(png(64, 48)),
                typst::visualize::ExchangeFormat::Png
            )
            .is_ok()
        );
        let mut doc = issue();
        doc.cases.truncate(2);
        doc.cover = Some(Picture {
            bytes: png(300, 200),
            alt: "Cover".into(),
        });
        doc.cases[0].image = Some(Picture {
            bytes: SVG.as_bytes().to_vec(),
            alt: "A green card".into(),
        });
        doc.cases[1].image = Some(Picture {
            bytes: b"\x89PNG\r\n\x1a\ngarbage".to_vec(),
            alt: "Broken".into(),
        });
        doc.cases[0].body_markdown = "Before ![tiny](/media/chart.png) inline\n\n![A chart](/media/chart.png)\n\n![Vector](/media/v.svg)\n\n![Linked](/media/linked.svg)\n\n![Garbage](/media/garbage.jpg)\n\n![Text file](/media/notes.txt)\n\nAfter\n".into();
        let resolver = |src: &str| -> Option<Vec<u8>> {
            match src {
                "/media/chart.png" => Some(png(120, 80)),
                "/media/v.svg" => Some(SVG.as_bytes().to_vec()),
                "/media/linked.svg" => Some(
                    br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="/etc/passwd" width="10" height="10"/><image xlink:href="secret.png" width="10" height="10"/></svg>"#
                        .to_vec(),
                ),
                "/media/garbage.jpg" => Some(b"\xff\xd8\xff\xe0 not really a jpeg".to_vec()),
                "/media/notes.txt" => Some(b"hello".to_vec()),
                _ => None,
            }
        };
        let pdf = render(&doc, &resolver).expect("renders with pictures");
        dump("pictures.pdf", &pdf);
        let parsed = parse(&pdf);
        assert!(parsed.pages >= 5);
        for alt in ["Linked", "Garbage", "Text file"] {
            assert!(parsed.text.contains(alt), "alt text {alt:?} missing");
        }
        assert!(
            !parsed.text.contains("A chart"),
            "decodable image replaced by alt"
        );
        assert!(
            pdf.windows(14).any(|w| w == b"/Subtype/Image"),
            "raster image embedded"
        );

        let garbage = |_: &str| Some(b"garbage bytes \x00\x01\x02".to_vec());
        let mut doc = issue();
        doc.cases.truncate(1);
        doc.cases[0].body_markdown = "![Alt one](/a.png) and ![Alt two](/b.svg)".into();
        let pdf = render(&doc, &garbage).expect("garbage images do not fail the render");
        let parsed = parse(&pdf);
        assert!(parsed.text.contains("Alt one") && parsed.text.contains("Alt two"));
    }

    #[test]
    fn empty_and_odd_issues_render() {
        let mut doc = issue();
        doc.cases.clear();
        doc.title.clear();
        doc.summary.clear();
        doc.published = "not a date".into();
        doc.editorial_markdown.clear();
        doc.lang = "??".into();
        doc.url = "x".repeat(4000); // too long for a QR code
        let pdf = render(&doc, &no_images).expect("an empty issue renders");
        assert!(parse(&pdf).pages >= 3);

        let mut doc = issue();
        doc.cases.truncate(1);
        doc.cases[0].facts.clear();
        doc.cases[0].links.clear();
        doc.cases[0].body_markdown = "# A[^n] heading with a [link](/l)\n\n\
            | Table[^n] | [link](https://x.org/ü) |\n|---|---|\n| `code` | ![alt](/none) |\n\n\
            [Text[^m]](https://x.org) and again[^n] and[^missing].\n\n\
            [^n]: Note n with [a link](/f).\n[^m]: Note m[^n].\n\n\
            - [ ] task\n- [x] done\n\n\
            Line one  \nline two\\\nline three\n\n***\n\n    indented code\n"
            .into();
        let pdf = render(&doc, &no_images).expect("footnotes everywhere render");
        let parsed = parse(&pdf);
        assert!(
            parsed
                .text
                .contains("Note n with a link (https://likewise.example/f)")
        );
        assert!(parsed.text.contains("[^missing]"));
        assert!(parsed.text.contains("indented code"));
    }

    #[test]
    fn ligature_titles_are_extractable() {
        let mut doc = issue();
        doc.cases.truncate(2);
        doc.cases[0].title = "The first affluent office of waffles".into();
        doc.cases[1].title = "Fjord fish: efficient flows, baffling profits".into();
        let pdf = render(&doc, &no_images).expect("renders");
        let parsed = parse(&pdf);
        assert!(
            parsed.text.contains("The first affluent office of waffles"),
            "{}",
            parsed.text
        );
        assert!(
            parsed
                .text
                .contains("Fjord fish: efficient flows, baffling profits")
        );
    }

    #[test]
    fn qr_code_is_a_valid_svg() {
        let svg = qr_svg("https://likewise.example/en/magazine/7").expect("encodes");
        assert!(SvgImage::new(Bytes::from_string(svg)).is_ok());
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }

    #[test]
    fn languages_are_sanitized() {
        assert_eq!(lang_code("nl"), "nl");
        assert_eq!(lang_code("de-CH"), "de");
        assert_eq!(lang_code("x\"); #panic("), "en");
        assert_eq!(parse_date("2018-12-06"), Some((2018, 12, 6)));
        assert_eq!(parse_date("2018-13-06"), None);
    }
}
