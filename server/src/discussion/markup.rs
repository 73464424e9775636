//! The words of a comment: plain text with a small Markdown subset (emphasis, links, lists, quotes, inline
//! code), rendered and sanitised here. Anything else a member types is shown as the text it is: HTML as
//! its characters, an image as its description, a heading as a paragraph.

use ammonia::Builder;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// A comment rendered: its HTML and how many links it holds.
pub struct Rendered {
    pub html: String,
    pub links: usize,
}

pub fn render(body: &str) -> Rendered {
    let mut links = 0;
    let events: Vec<Event<'_>> = Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH)
        .filter_map(|e| match e {
            Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Link { .. }) => {
                links += 1;
                Some(e)
            }
            Event::Start(Tag::Table(_))
            | Event::Start(Tag::TableHead)
            | Event::Start(Tag::TableRow)
            | Event::Start(Tag::TableCell)
            | Event::End(TagEnd::Table)
            | Event::End(TagEnd::TableHead)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::TableCell) => None,
            other => Some(other),
        })
        .collect();
    let mut unsafe_html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    Rendered {
        html: sanitizer().clean(&unsafe_html).to_string(),
        // Bare addresses typed as text count too: spam is what the limit is for.
        links: links.max(count_addresses(body)),
    }
}

fn count_addresses(body: &str) -> usize {
    body.split_whitespace()
        .filter(|w| w.contains("://") || w.starts_with("www."))
        .count()
}

fn sanitizer() -> Builder<'static> {
    let mut b = Builder::empty();
    b.tags(HashSet::from([
        "p",
        "em",
        "strong",
        "del",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "br",
    ]))
    .tag_attributes(std::collections::HashMap::from([(
        "a",
        HashSet::from(["href"]),
    )]))
    .url_schemes(HashSet::from(["http", "https", "mailto"]))
    .link_rel(Some("nofollow ugc"))
    .url_relative(ammonia::UrlRelative::Deny);
    b
}

/// The words of a comment with case, spacing and punctuation set aside, hashed: the same text posted
/// twice is the same fingerprint however it was spaced.
pub fn fingerprint(body: &str) -> String {
    let normal: String = body
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    // Words of symbols alone ("👍", "…") are told apart by what they are.
    let normal = if normal.is_empty() {
        body.split_whitespace().collect::<String>()
    } else {
        normal
    };
    hex::encode(Sha256::digest(normal.as_bytes()))
}

/// A short plain-text excerpt for notifications and the queue.
pub fn excerpt(body: &str, chars: usize) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= chars {
        flat
    } else {
        let cut: String = flat.chars().take(chars).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_renders_and_everything_else_is_text() {
        let r = render("*yes* and [a link](https://example.org) \n\n> quoted\n\n- one\n- two");
        assert!(r.html.contains("<em>yes</em>"));
        assert!(r.html.contains("rel=\"nofollow ugc\""));
        assert!(r.html.contains("<blockquote>"));
        assert!(r.html.contains("<li>one</li>"));
        assert_eq!(r.links, 1);
        let r = render("<script>alert(1)</script> ![x](https://e.org/a.png) # title");
        assert!(!r.html.contains("<script"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("<img"));
        let r = render("[x](javascript:alert(1)) <a href=\"https://e.org\" onclick=\"x()\">y</a>");
        assert!(!r.html.contains("javascript:"));
        assert!(
            r.html.contains("&lt;a href"),
            "typed HTML is text: {}",
            r.html
        );
        assert!(!r.html.contains("<a href=\"https://e.org\" onclick"));
        let r = render("## Heading\n\nbody");
        assert!(!r.html.contains("<h2"));
    }

    #[test]
    fn fingerprints_ignore_case_and_spacing() {
        assert_eq!(fingerprint("Great idea!"), fingerprint("great   idea"));
        assert_ne!(fingerprint("Great idea"), fingerprint("Bad idea"));
        assert_ne!(fingerprint("👍"), fingerprint("👏"));
    }
}
