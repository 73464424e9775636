//! Markdown (CommonMark with tables, footnotes and strikethrough) turned into
//! typst markup for the magazine PDF.
//!
//! Nothing from the input is ever written as typst syntax: every piece of text
//! becomes a typst *string literal* embedded in markup (`#"text";`), in which
//! only `"` and `\` need escaping. Everything else this module writes is a
//! fixed call (`#strong[...]`, `#list(...)`, ...) whose arguments are again
//! string literals, numbers or content built the same way, so no input can
//! reach typst's parser as code or markup. Raw HTML is reduced to its text.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Deepest nesting of Markdown containers (quotes, lists, emphasis, ...) that
/// is kept; deeper ones are flattened, because typst limits the depth of
/// nested layout (and a hostile document must never fail the PDF).
const MAX_NESTING: usize = 10;

/// Width of the text column in cm (A4 less the template's margins); used to
/// size pictures relative to the column.
pub(super) const COLUMN_CM: f64 = 16.6;

/// Tallest a picture in a body may be, in cm.
const BODY_IMAGE_MAX_CM: f64 = 11.0;

/// An image the PDF's world can serve, with its intrinsic size in px.
pub(super) struct ImageRef {
    /// Path of the image in the typst world, e.g. `/a/3.png`.
    pub path: String,
    pub width: f64,
    pub height: f64,
}

/// What the conversion needs from the document around it.
pub(super) struct Context<'a> {
    /// Public base URL without trailing slash; prefixes links starting with `/`.
    pub base_url: &'a str,
    /// Level given to the body's highest headings (2 below a case's title).
    pub top_heading_level: u8,
    /// Unique within the whole PDF; makes footnote labels unique.
    pub label_prefix: &'a str,
    /// Gives the image behind an address written in Markdown, if it can be shown.
    pub images: &'a mut dyn FnMut(&str) -> Option<ImageRef>,
}

/// A typst string literal holding `s` exactly (control characters other
/// than newline and tab are dropped).
pub(super) fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markup showing `s` as plain text.
pub(super) fn text(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("#{};", lit(s))
    }
}

/// `url` made absolute: a link starting with `/` gets `base_url` in front.
pub(super) fn absolute_url(base_url: &str, url: &str) -> String {
    let url = url.trim();
    if url.starts_with('/') {
        format!("{}{}", base_url.trim_end_matches('/'), url)
    } else {
        url.to_owned()
    }
}

/// Whether `url` may become a clickable link in the PDF.
pub(super) fn is_linkable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url.chars().any(char::is_whitespace)
}

/// Markup showing `url` as text, clickable where that is safe.
pub(super) fn url_markup(url: &str) -> String {
    if is_linkable(url) {
        format!("#link({})[{}];", lit(url), text(url))
    } else {
        text(url)
    }
}

/// The width, as a percentage of the column, at which a picture of `width` ×
/// `height` px is shown: at most its natural size (96 px per inch), the
/// column, and `max_height_cm` high.
pub(super) fn picture_percent(width: f64, height: f64, max_height_cm: f64) -> f64 {
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return 50.0;
    }
    let natural_cm = width * 2.54 / 96.0;
    let by_height_cm = max_height_cm * width / height;
    let cm = natural_cm.min(by_height_cm).min(COLUMN_CM);
    (cm / COLUMN_CM * 100.0).clamp(1.0, 100.0)
}

/// Markup for a picture already served by the world.
pub(super) fn image_markup(image: &ImageRef, alt: &str, max_height_cm: f64) -> String {
    let alt = if alt.trim().is_empty() { "Image" } else { alt };
    format!(
        "image({}, width: {:.1}%, alt: {})",
        lit(&image.path),
        picture_percent(image.width, image.height, max_height_cm),
        lit(alt)
    )
}

/// Converts `markdown` into typst markup (markup mode; meant to sit inside a
/// content block).
pub(super) fn markdown_to_typst(markdown: &str, cx: &mut Context<'_>) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();

    let mut footnotes = HashMap::new();
    let mut min_heading = 6u8;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let end = matching_end(&events, i);
                footnotes.entry(label.to_string()).or_insert((i + 1, end));
                i = end;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                min_heading = min_heading.min(*level as u8);
            }
            _ => {}
        }
        i += 1;
    }

    let sanitized_prefix: String = cx
        .label_prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut converter = Converter {
        cx,
        footnotes,
        used_footnotes: HashMap::new(),
        rendering: HashSet::new(),
        in_footnote: false,
        label_prefix: sanitized_prefix,
        min_heading,
        next_label: 0,
    };
    converter.render(&events, 0, events.len())
}

/// Index of the `End` that closes the `Start` at `start`.
fn matching_end(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

struct Converter<'c, 'a> {
    cx: &'c mut Context<'a>,
    /// Footnote label → range of its definition's inner events.
    footnotes: HashMap<String, (usize, usize)>,
    /// Footnote label → typst label of its first use.
    used_footnotes: HashMap<String, String>,
    rendering: HashSet<String>,
    in_footnote: bool,
    label_prefix: String,
    min_heading: u8,
    next_label: usize,
}

enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    BlockQuote,
    List(Option<u64>),
    Item,
    Table(Vec<Alignment>),
    TableRow {
        head: bool,
    },
    TableCell,
    Inline(&'static str),
    Link(String),
    CodeBlock(String),
    HtmlBlock,
    /// Nested too deep: its content is passed on unwrapped.
    Flat {
        block: bool,
    },
}

struct Frame {
    kind: Kind,
    /// Markup written so far.
    out: String,
    /// Text not yet written as a literal (adjacent text is merged).
    pending: String,
    /// Plain text of the frame (for links, to spot autolinks).
    plain: String,
    /// List items or table cells.
    parts: Vec<String>,
    /// Table: header cells and body rows.
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// List / item: whether some item holds paragraphs.
    loose: bool,
    /// Code or HTML block: its source, unescaped.
    raw: String,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Frame {
            kind,
            out: String::new(),
            pending: String::new(),
            plain: String::new(),
            parts: Vec::new(),
            header: Vec::new(),
            rows: Vec::new(),
            loose: false,
            raw: String::new(),
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.out.push_str(&text(&self.pending));
            self.pending.clear();
        }
    }

    fn push_text(&mut self, s: &str) {
        self.pending.push_str(s);
        self.plain.push_str(s);
    }

    fn inline(&mut self, markup: &str) {
        self.flush();
        self.out.push_str(markup);
    }

    fn block(&mut self, markup: &str) {
        self.flush();
        if markup.trim().is_empty() {
            return;
        }
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push_str("\n\n");
        }
        self.out.push_str(markup);
    }

    fn finish(mut self) -> (Kind, String, String, Frame) {
        self.flush();
        let out = std::mem::take(&mut self.out);
        let plain = std::mem::take(&mut self.plain);
        let kind = std::mem::replace(&mut self.kind, Kind::Root);
        (kind, out, plain, self)
    }
}

impl Converter<'_, '_> {
    /// Renders `events[start..end]` (balanced) into markup.
    fn render(&mut self, events: &[Event<'_>], start: usize, end: usize) -> String {
        let mut stack = vec![Frame::new(Kind::Root)];
        let mut i = start;
        while i < end {
            match &events[i] {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    // Rendered where it is referenced.
                    i = matching_end(events, i);
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let close = matching_end(events, i).min(end.saturating_sub(1));
                    let alt = plain_text(&events[i + 1..close]);
                    let alone = i > start
                        && matches!(events[i - 1], Event::Start(Tag::Paragraph))
                        && matches!(events.get(close + 1), Some(Event::End(TagEnd::Paragraph)));
                    let markup = self.image(dest_url, &alt, alone);
                    let top = stack.last_mut().expect("root frame");
                    top.plain.push_str(&alt);
                    top.inline(&markup);
                    i = close;
                }
                Event::Start(tag) => {
                    let frame = self.open(tag, &stack);
                    stack.push(frame);
                }
                Event::End(_) => {
                    if stack.len() > 1 {
                        let frame = stack.pop().expect("frame");
                        let parent = stack.last_mut().expect("root frame");
                        self.close(frame, parent);
                    }
                }
                Event::Text(s) => {
                    let top = top(&mut stack);
                    if matches!(top.kind, Kind::CodeBlock(_)) {
                        top.raw.push_str(s);
                    } else {
                        top.push_text(s);
                    }
                }
                Event::Code(s) => {
                    let top = top(&mut stack);
                    top.plain.push_str(s);
                    top.inline(&format!("#raw({});", lit(s)));
                }
                Event::InlineMath(s) => top(&mut stack).push_text(&format!("${s}$")),
                Event::DisplayMath(s) => top(&mut stack).push_text(&format!("$${s}$$")),
                Event::Html(s) | Event::InlineHtml(s) => {
                    let top = top(&mut stack);
                    if matches!(top.kind, Kind::HtmlBlock) {
                        top.raw.push_str(s);
                    } else {
                        top.push_text(&html_text(s));
                    }
                }
                Event::FootnoteReference(label) => {
                    let markup = self.footnote(events, label);
                    top(&mut stack).inline(&markup);
                }
                Event::SoftBreak => top(&mut stack).push_text(" "),
                Event::HardBreak => top(&mut stack).inline("#linebreak();"),
                Event::Rule => top(&mut stack).block("#line(length: 100%, stroke: 0.5pt + gray);"),
                Event::TaskListMarker(done) => {
                    top(&mut stack).push_text(if *done { "[x] " } else { "[ ] " })
                }
            }
            i += 1;
        }
        // Close whatever a truncated range left open.
        while stack.len() > 1 {
            let frame = stack.pop().expect("frame");
            let parent = stack.last_mut().expect("root frame");
            self.close(frame, parent);
        }
        let (_, out, _, _) = stack.pop().expect("root frame").finish();
        out
    }

    fn open(&mut self, tag: &Tag<'_>, stack: &[Frame]) -> Frame {
        let parent_flat = matches!(stack.last().map(|f| &f.kind), Some(Kind::Flat { .. }));
        let depth = stack
            .iter()
            .filter(|f| {
                !matches!(
                    f.kind,
                    Kind::Root | Kind::Item | Kind::TableRow { .. } | Kind::TableCell
                )
            })
            .count();
        let too_deep = depth >= MAX_NESTING;
        let kind = match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, .. } => Kind::Heading(*level as u8),
            Tag::CodeBlock(kind) => Kind::CodeBlock(match kind {
                CodeBlockKind::Fenced(info) => info
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
                CodeBlockKind::Indented => String::new(),
            }),
            Tag::HtmlBlock => Kind::HtmlBlock,
            // Containers: flattened when nested too deep.
            Tag::BlockQuote(_) if too_deep => Kind::Flat { block: true },
            Tag::BlockQuote(_) => Kind::BlockQuote,
            Tag::List(_) if too_deep => Kind::Flat { block: true },
            Tag::List(start) => Kind::List(*start),
            Tag::Item if parent_flat => Kind::Flat { block: true },
            Tag::Item => Kind::Item,
            Tag::Table(_) if too_deep => Kind::Flat { block: true },
            Tag::Table(aligns) => Kind::Table(aligns.clone()),
            Tag::TableHead | Tag::TableRow if parent_flat => Kind::Flat { block: true },
            Tag::TableHead => Kind::TableRow { head: true },
            Tag::TableRow => Kind::TableRow { head: false },
            Tag::TableCell if parent_flat => Kind::Flat { block: false },
            Tag::TableCell => Kind::TableCell,
            Tag::Link { .. } | Tag::Emphasis | Tag::Strong | Tag::Strikethrough if too_deep => {
                Kind::Flat { block: false }
            }
            Tag::Superscript | Tag::Subscript if too_deep => Kind::Flat { block: false },
            Tag::Emphasis => Kind::Inline("emph"),
            Tag::Strong => Kind::Inline("strong"),
            Tag::Strikethrough => Kind::Inline("strike"),
            Tag::Superscript => Kind::Inline("super"),
            Tag::Subscript => Kind::Inline("sub"),
            Tag::Link { dest_url, .. } => Kind::Link(absolute_url(self.cx.base_url, dest_url)),
            // Not enabled; kept as plain content if they ever appear.
            Tag::FootnoteDefinition(_)
            | Tag::Image { .. }
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Kind::Flat { block: true },
        };
        Frame::new(kind)
    }

    fn close(&mut self, frame: Frame, parent: &mut Frame) {
        let loose = frame.loose;
        let (kind, out, plain, rest) = frame.finish();
        match kind {
            Kind::Root => parent.block(&out),
            Kind::Paragraph => {
                if matches!(parent.kind, Kind::Item) {
                    parent.loose = true;
                }
                parent.plain.push_str(&plain);
                parent.block(&out);
            }
            Kind::Heading(level) => {
                let relative = level.saturating_sub(self.min_heading);
                let level = (self.cx.top_heading_level.max(1) + relative).min(6);
                parent.plain.push_str(&plain);
                parent.block(&format!(
                    "#heading(level: {level}, outlined: false, bookmarked: false)[{out}];"
                ));
            }
            Kind::BlockQuote => parent.block(&format!("#quote(block: true)[{out}];")),
            Kind::List(start) => {
                let items: String = rest.parts.iter().map(|p| format!(", [{p}]")).collect();
                let tight = !loose;
                let call = match start {
                    Some(n) => format!("#enum(tight: {tight}, start: {n}{items});"),
                    None => format!("#list(tight: {tight}{items});"),
                };
                parent.block(&call);
            }
            Kind::Item => {
                if loose {
                    parent.loose = true;
                }
                parent.parts.push(out);
            }
            Kind::Table(aligns) => parent.block(&table(&aligns, &rest.header, &rest.rows)),
            Kind::TableRow { head } => {
                if head {
                    parent.header = rest.parts;
                } else {
                    parent.rows.push(rest.parts);
                }
            }
            Kind::TableCell => parent.parts.push(out),
            Kind::Inline(function) => {
                parent.plain.push_str(&plain);
                if !out.is_empty() {
                    parent.inline(&format!("#{function}[{out}];"));
                }
            }
            Kind::Link(url) => {
                parent.plain.push_str(&plain);
                parent.inline(&self.link(&url, &out, &plain));
            }
            Kind::CodeBlock(lang) => {
                let code = rest.pending_code();
                let lang = if lang.is_empty() {
                    String::new()
                } else {
                    format!("lang: {}, ", lit(&lang))
                };
                parent.block(&format!("#raw(block: true, {lang}{});", lit(&code)));
            }
            Kind::HtmlBlock => {
                let text_only = collapse_whitespace(&html_text(&rest.pending_code()));
                parent.plain.push_str(&text_only);
                parent.block(&text(&text_only));
            }
            Kind::Flat { block } => {
                parent.plain.push_str(&plain);
                if block {
                    parent.block(&out);
                } else {
                    parent.inline(&out);
                }
            }
        }
    }

    fn link(&mut self, url: &str, content: &str, plain: &str) -> String {
        if url.is_empty() {
            return content.to_owned();
        }
        let bare = url.strip_prefix("mailto:").unwrap_or(url);
        if plain.trim().is_empty() || plain == url || plain == bare {
            // An autolink, or a link without text: the address is the text.
            return url_markup(url);
        }
        if self.in_footnote {
            return format!("{content}{}", text(&format!(" ({url})")));
        }
        let shown = if is_linkable(url) {
            format!("#link({})[{content}];", lit(url))
        } else {
            content.to_owned()
        };
        format!("{shown}#footnote[{}];", url_markup(url))
    }

    fn image(&mut self, dest: &str, alt: &str, alone: bool) -> String {
        match (self.cx.images)(dest) {
            Some(image) if alone => format!(
                "#align(center, {});",
                image_markup(&image, alt, BODY_IMAGE_MAX_CM)
            ),
            Some(image) => format!("#box({});", image_markup(&image, alt, BODY_IMAGE_MAX_CM)),
            None if alt.trim().is_empty() => String::new(),
            None => format!("#emph[{}];", text(alt)),
        }
    }

    fn footnote(&mut self, events: &[Event<'_>], label: &str) -> String {
        let marker = || format!("#super[{}];", text(label));
        if self.in_footnote || self.rendering.contains(label) {
            return marker();
        }
        if let Some(typst_label) = self.used_footnotes.get(label) {
            return format!("#footnote(<{typst_label}>);");
        }
        let Some(&(start, end)) = self.footnotes.get(label) else {
            return text(&format!("[^{label}]"));
        };
        self.rendering.insert(label.to_owned());
        self.in_footnote = true;
        let body = self.render(events, start, end);
        self.in_footnote = false;
        self.rendering.remove(label);
        self.next_label += 1;
        let typst_label = format!("lw-{}-fn-{}", self.label_prefix, self.next_label);
        self.used_footnotes
            .insert(label.to_owned(), typst_label.clone());
        format!("#footnote[{body}]<{typst_label}>")
    }
}

impl Frame {
    /// Source collected by a code or HTML block, without trailing newlines.
    fn pending_code(&self) -> String {
        self.raw.trim_end_matches('\n').to_owned()
    }
}

fn top(stack: &mut [Frame]) -> &mut Frame {
    stack.last_mut().expect("root frame")
}

fn table(aligns: &[Alignment], header: &[String], rows: &[Vec<String>]) -> String {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([aligns.len(), header.len(), 1])
        .max()
        .unwrap_or(1);
    let align: Vec<&str> = (0..columns)
        .map(|i| match aligns.get(i) {
            Some(Alignment::Center) => "center",
            Some(Alignment::Right) => "right",
            Some(Alignment::Left) => "left",
            _ => "start",
        })
        .collect();
    let cells = |row: &[String]| -> String {
        (0..columns)
            .map(|i| format!(", [{}]", row.get(i).map(String::as_str).unwrap_or("")))
            .collect()
    };
    let mut out = format!("#table(columns: {columns}, align: ({},)", align.join(", "));
    if !header.is_empty() {
        let head = cells(header);
        let _ = write!(out, ", table.header({})", &head[2..]);
    }
    for row in rows {
        out.push_str(&cells(row));
    }
    out.push_str(");");
    out
}

/// Plain text of a run of events (an image's alt text).
fn plain_text(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(s) | Event::Code(s) | Event::InlineMath(s) | Event::DisplayMath(s) => {
                out.push_str(s)
            }
            Event::InlineHtml(s) | Event::Html(s) => out.push_str(&html_text(s)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The text of an HTML fragment: tags and comments dropped, common entities
/// decoded. Nothing is interpreted.
pub(super) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if rest.starts_with('<')
            && rest[1..]
                .starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?')
        {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if rest.starts_with('&') {
            match decode_entity(rest) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    // Look only a few bytes ahead: a long run of `&` must stay linear.
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control())?
        }
    };
    Some((c, end + 1))
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(markdown: &str) -> String {
        let mut images = |src: &str| {
            (src == "ok.png").then(|| ImageRef {
                path: "/a/0.png".into(),
                width: 100.0,
                height: 50.0,
            })
        };
        let mut cx = Context {
            base_url: "https://likewise.example",
            top_heading_level: 2,
            label_prefix: "t",
            images: &mut images,
        };
        markdown_to_typst(markdown, &mut cx)
    }

    /// Every string literal in `markup` and the markup outside them.
    fn split_literals(markup: &str) -> (Vec<String>, String) {
        let mut literals = Vec::new();
        let mut outside = String::new();
        let mut chars = markup.chars();
        while let Some(c) = chars.next() {
            if c == '"' {
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => {
                            let escaped = chars.next().expect("escape");
                            literal.push(match escaped {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                        Some('"') => break,
                        Some(c) => literal.push(c),
                        None => panic!("unterminated literal in {markup}"),
                    }
                }
                literals.push(literal);
                outside.push_str("\"\"");
            } else {
                outside.push(c);
            }
        }
        (literals, outside)
    }

    #[test]
    fn literal_escapes_quotes_and_backslashes() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny\u{0}z"), r#""x\nyz""#);
        assert_eq!(text(""), "");
    }

    #[test]
    fn hostile_text_only_ever_appears_inside_literals() {
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
            "#set text(red)",
            "\"; #panic(); \"",
            "]; #panic(); [",
            "\\ \"#panic()",
        ];
        for h in hostile {
            let out = convert(&format!("Before {h} after"));
            let (literals, outside) = split_literals(&out);
            let joined: String = literals.concat();
            assert!(joined.contains(h), "{h:?} lost in {out}");
            assert!(
                !outside.contains("panic"),
                "{h:?} escaped into markup: {out}"
            );
            assert!(
                !outside.contains("import"),
                "{h:?} escaped into markup: {out}"
            );
            assert!(
                !outside.contains("read"),
                "{h:?} escaped into markup: {out}"
            );
            // Outside the literals only our own fixed syntax remains.
            assert!(
                outside.chars().all(|c| "#\";\n ".contains(c)),
                "unexpected markup for {h:?}: {outside:?}"
            );
        }
    }

    #[test]
    fn structure_becomes_calls() {
        let out = convert("# Title\n\nSome *em* and **strong** and ~~gone~~ and `code`.\n");
        assert!(
            out.contains("#heading(level: 2, outlined: false, bookmarked: false)[#\"Title\";];")
        );
        assert!(out.contains("#emph[#\"em\";];"));
        assert!(out.contains("#strong[#\"strong\";];"));
        assert!(out.contains("#strike[#\"gone\";];"));
        assert!(out.contains("#raw(\"code\");"));
    }

    #[test]
    fn headings_are_demoted_relative_to_the_highest() {
        let out = convert("### Three\n\n#### Four\n\n###### Six\n");
        assert!(out.contains("#heading(level: 2,"));
        assert!(out.contains("#heading(level: 3,"));
        assert!(out.contains("#heading(level: 5,"));
        assert!(!out.contains("outlined: true"));
    }

    #[test]
    fn links_get_their_url_as_footnote() {
        let out = convert("See [the page](/case/x) and [mail](mailto:a@b.c) and <https://x.org>.");
        assert!(out.contains(
            "#link(\"https://likewise.example/case/x\")[#\"the page\";];#footnote[#link(\"https://likewise.example/case/x\")[#\"https://likewise.example/case/x\";];];"
        ));
        assert!(out.contains("#footnote[#link(\"mailto:a@b.c\")"));
        assert!(!out.contains("#footnote[#link(\"https://x.org\")"));
        let js = convert("[click](javascript:alert(1))");
        assert!(!js.contains("#link("), "{js}");
        assert!(js.contains("#footnote[#\"javascript:alert(1)\";];"), "{js}");
    }

    #[test]
    fn images_resolve_or_fall_back_to_alt_text() {
        let out = convert(
            "![A chart](ok.png)\n\nText ![inline](ok.png) more\n\n![Missing *pic*](nope.png)",
        );
        assert!(out.contains("#align(center, image(\"/a/0.png\", width: "));
        assert!(out.contains("alt: \"A chart\")"));
        assert!(out.contains("#box(image(\"/a/0.png\""));
        assert!(out.contains("#emph[#\"Missing pic\";];"));
    }

    #[test]
    fn html_keeps_only_text() {
        let out = convert(
            "<div class=\"x\">\n<script>alert(1)</script> Hello &amp; bye\n</div>\n\nA <b>bold</b> word <!-- hidden -->.",
        );
        let (literals, outside) = split_literals(&out);
        let joined = literals.concat();
        assert!(joined.contains("alert(1) Hello & bye"), "{out}");
        assert!(joined.contains("A bold word ."), "{out}");
        assert!(!joined.contains('<'));
        assert!(!outside.contains("alert"));
    }

    #[test]
    fn footnotes_tables_lists_and_code() {
        let md = "Text[^a] again[^a] and[^b].\n\n[^a]: Note *one* [link](https://x.org).\n[^b]: Two[^a].\n\n\
                  | A | B |\n|:--|--:|\n| 1 | 2 |\n| 3 |\n\n\
                  1. one\n2. two\n   - nested\n\nBetween.\n\n0. zero\n\n\
                  ```rust\nfn main() { \"#x\" }\n```\n\n---\n";
        let out = convert(md);
        assert!(out.contains("#footnote[#\"Note \";#emph[#\"one\";];#\" \";#\"link\";#\" (https://x.org)\";#\".\";]<lw-t-fn-1>"), "{out}");
        assert!(out.contains("#footnote(<lw-t-fn-1>);"), "{out}");
        assert!(out.contains("#\"Two\";#super[#\"a\";];"), "{out}");
        assert!(out.contains("#table(columns: 2, align: (left, right,), table.header([#\"A\";], [#\"B\";]), [#\"1\";], [#\"2\";], [#\"3\";], [])"), "{out}");
        assert!(out.contains("#enum(tight: true, start: 1, [#\"one\";], [#\"two\";\n\n#list(tight: true, [#\"nested\";]);]);"), "{out}");
        assert!(
            out.contains("#enum(tight: true, start: 0, [#\"zero\";]);"),
            "{out}"
        );
        assert!(
            out.contains("#raw(block: true, lang: \"rust\", \"fn main() { \\\"#x\\\" }\");"),
            "{out}"
        );
        assert!(out.contains("#line(length: 100%"));
    }

    #[test]
    fn huge_inputs_stay_linear() {
        let started = std::time::Instant::now();
        let ampersands = "&".repeat(200_000);
        let out = convert(&format!("<div>\n{ampersands}\n</div>\n\n{ampersands} <b"));
        assert!(out.matches('&').count() >= 400_000);
        let brackets = "[a](".repeat(20_000) + &"*_`".repeat(20_000);
        convert(&brackets);
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let quotes = format!("{} deep", ">".repeat(200));
        let out = convert(&quotes);
        assert!(out.matches("#quote(").count() <= MAX_NESTING);
        assert!(out.contains("deep"));
        let emphasis = format!("{}x{}", "*".repeat(300), "*".repeat(300));
        let out = convert(&emphasis);
        assert!(out.matches("#emph[").count() + out.matches("#strong[").count() <= MAX_NESTING);
        let mut lists = String::new();
        for depth in 0..100 {
            lists.push_str(&"  ".repeat(depth));
            lists.push_str("- item\n");
        }
        let out = convert(&lists);
        assert!(out.matches("#list(").count() <= MAX_NESTING);
        assert_eq!(out.matches("item").count(), 100);
    }
}
