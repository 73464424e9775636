//! Markdown to safe HTML, in one place: pulldown-cmark renders, ammonia removes anything that could run.
//! Heading ids and in-page links get a common prefix so content can never clash with the page's own ids.

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

const ID_PREFIX: &str = "c-";

/// The version of this pipeline. Stored HTML records the version that made it; raise this whenever a change
/// here changes the output, and every stored text is rendered anew at the next start.
pub const RENDERER: i32 = 3;

/// Renders Markdown to sanitised HTML. `media_base` (e.g. `/media/cases/a-case/`) resolves relative image
/// and link URLs to the files stored beside the Markdown.
pub fn render(markdown: &str, media_base: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events = with_heading_ids(Parser::new_ext(markdown, options).collect());
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    sanitizer(media_base).clean(&unsafe_html).to_string()
}

/// Gives every heading an id from its text ("Lessons for other towns" → `lessons-for-other-towns`) and turns
/// task list markers into text, since a bare checkbox is a form control without a label.
fn with_heading_ids(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let mut id = slugify(&text);
                if id.is_empty() {
                    id = "section".into();
                }
                let n = used.entry(id.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    id = format!("{id}-{n}");
                }
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::TaskListMarker(done) => {
                out.push(Event::Text(CowStr::from(if *done {
                    "☑ "
                } else {
                    "☐ "
                })));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out
}

pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
            dash = false;
        } else if !dash && !slug.is_empty() {
            slug.push('-');
            dash = true;
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Resolves relative URLs in content against the folder of files stored beside it.
struct MediaUrls {
    base: String,
}

impl<'a> ammonia::UrlRelativeEvaluate<'a> for MediaUrls {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        // `//host/path` is an absolute address on another host (with the page's scheme), not a path of
        // this site: it is written out as the https address it is.
        if let Some(rest) = url.strip_prefix("//").or_else(|| url.strip_prefix("\\\\")) {
            return Some(Cow::Owned(format!("https://{rest}")));
        }
        if url.starts_with('#') {
            return Some(Cow::Borrowed(url));
        }
        // Checked as a server would read it: `%2e%2e` is `..`, `%3a` is `:`, `\` is `/`.
        let decoded = percent_decoded(url).replace('\\', "/");
        if let Some(rest) = decoded.strip_prefix("//") {
            return Some(Cow::Owned(format!("https://{rest}")));
        }
        if decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
            || decoded.contains("..")
            || decoded.contains(':')
        {
            return None;
        }
        if url.starts_with('/') {
            return Some(Cow::Borrowed(url));
        }
        Some(Cow::Owned(format!("{}{url}", self.base)))
    }
}

/// `url` with every `%XX` decoded, repeatedly, so `%252e` cannot hide a `.` either.
fn percent_decoded(url: &str) -> String {
    let mut current = url.to_string();
    for _ in 0..3 {
        let bytes = current.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%'
                && i + 2 < bytes.len()
                && let (Some(h), Some(l)) = (
                    (bytes[i + 1] as char).to_digit(16),
                    (bytes[i + 2] as char).to_digit(16),
                )
            {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn sanitizer(media_base: &str) -> Builder<'static> {
    let base = media_base.to_string();
    let mut b = Builder::default();
    let tags: HashSet<&str> = ["sup", "section"].into_iter().collect();
    b.add_tags(tags)
        .add_generic_attributes(["id"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("img", ["width", "height"])
        // Pictures in a text sit below its title and summary: fetched when the reader gets near them.
        .set_tag_attribute_value("img", "loading", "lazy")
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .url_relative(UrlRelative::Custom(Box::new(MediaUrls { base })))
        .attribute_filter(|_element, attribute, value| match attribute {
            "id" => Some(Cow::Owned(format!("{ID_PREFIX}{value}"))),
            "href" if value.starts_with('#') => {
                Some(Cow::Owned(format!("#{ID_PREFIX}{}", &value[1..])))
            }
            // Table alignment is the only style pulldown-cmark writes; nothing else may pass.
            "style" => match value {
                "text-align: left" | "text-align: center" | "text-align: right" => {
                    Some(Cow::Owned(value.to_string()))
                }
                _ => None,
            },
            _ => Some(Cow::Owned(value.to_string())),
        });
    b
}

/// The text of a Markdown document without markup, for feeds and descriptions.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::BlockQuote(_))
            | Event::End(TagEnd::CodeBlock) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
