//! The editor's form and the content format, both ways: the fields become a file in the format of
//! docs/design.md#content-format (TOML front matter and the Markdown body), which then goes through the
//! import's validation; a stored file fills the fields again.

use crate::content::parse;
use crate::domain::{ItemKind, Lang};
use app::desk::EditForm;

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| quoted(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A number field as TOML: bare when it is one, quoted otherwise (so the import names the key it is in).
fn number(s: &str) -> String {
    let t = s.trim();
    if t.parse::<i64>().is_ok() {
        t.to_string()
    } else {
        quoted(t)
    }
}

fn split_list(s: &str, separator: char) -> Vec<String> {
    s.split(separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Number fields that are not whole numbers, named by field: told apart before the file is composed, so
/// the message names the field the person typed in.
pub fn number_errors(kind: ItemKind, form: &EditForm) -> Vec<(&'static str, String)> {
    let fields: &[(&'static str, &str)] = match (kind, form.translated_from) {
        (_, Some(_)) => &[],
        (ItemKind::Case, None) => &[("started", &form.started), ("cost_eur", &form.cost_eur)],
        (ItemKind::Magazine, None) => &[("number", &form.number)],
    };
    fields
        .iter()
        .filter(|(_, v)| !v.trim().is_empty() && v.trim().parse::<i64>().is_err())
        .map(|(k, v)| {
            (
                *k,
                format!("`{k}` must be a whole number, not `{}`", v.trim()),
            )
        })
        .collect()
}

/// The file the form describes. Empty optional fields are left out.
pub fn compose(kind: ItemKind, form: &EditForm) -> String {
    let mut front = Vec::new();
    let mut put = |key: &str, value: String| front.push(format!("{key} = {value}"));
    put("title", quoted(form.title.trim()));
    put("summary", quoted(form.summary.trim()));
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    if let Some(from) = form.translated_from {
        put("translated_from", quoted(from.code()));
        if let Ok(h) = parse::check_source_hash(&form.source_hash) {
            put("source_hash", quoted(&h));
        }
        if let Some(u) = opt(&form.updated) {
            put("updated", quoted(&u));
        }
        let tags = split_list(&form.tags, ',');
        if !tags.is_empty() {
            put("tags", list(&tags));
        }
        let alt_key = if kind == ItemKind::Case {
            "image_alt"
        } else {
            "cover_alt"
        };
        if let Some(a) = opt(&form.image_alt) {
            put(alt_key, quoted(&a));
        }
    } else {
        match kind {
            ItemKind::Case => {
                put("partner", quoted(form.partner.trim()));
                put("themes", list(&form.themes));
                put("published", quoted(form.published.trim()));
                if let Some(u) = opt(&form.updated) {
                    put("updated", quoted(&u));
                }
                let tags = split_list(&form.tags, ',');
                if !tags.is_empty() {
                    put("tags", list(&tags));
                }
                if let Some(s) = opt(&form.stage) {
                    put("stage", quoted(&s));
                }
                if let Some(s) = opt(&form.started) {
                    put("started", number(&s));
                }
                if let Some(c) = opt(&form.cost_eur) {
                    put("cost_eur", number(&c));
                }
                if opt(&form.contact_name).is_some() || opt(&form.contact_email).is_some() {
                    put(
                        "contact",
                        format!(
                            "{{ name = {}, email = {} }}",
                            quoted(form.contact_name.trim()),
                            quoted(form.contact_email.trim())
                        ),
                    );
                }
                let links: Vec<String> = form
                    .links
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        let (title, url) = l.rsplit_once('|').unwrap_or(("", l));
                        format!(
                            "{{ title = {}, url = {} }}",
                            quoted(title.trim()),
                            quoted(url.trim())
                        )
                    })
                    .collect();
                if !links.is_empty() {
                    put("links", format!("[{}]", links.join(", ")));
                }
                if let Some(src) = opt(&form.image) {
                    put(
                        "image",
                        format!(
                            "{{ src = {}, alt = {} }}",
                            quoted(&src),
                            quoted(form.image_alt.trim())
                        ),
                    );
                }
            }
            ItemKind::Magazine => {
                put("number", number(&form.number));
                put("published", quoted(form.published.trim()));
                put(
                    "cases",
                    list(&split_list(&form.cases.replace(',', "\n"), '\n')),
                );
                if let Some(c) = opt(&form.image) {
                    put("cover", quoted(&c));
                }
                if let Some(a) = opt(&form.image_alt) {
                    put("cover_alt", quoted(&a));
                }
            }
        }
    }
    let body = form.body.replace("\r\n", "\n");
    format!("+++\n{}\n+++\n\n{}\n", front.join("\n"), body.trim_end())
}

/// The form a stored file fills; `None` when the file cannot be read (it was valid when stored).
pub fn decompose(kind: ItemKind, slug: &str, lang: Lang, raw: &str) -> Option<EditForm> {
    let mut form = EditForm {
        slug: slug.to_string(),
        ..EditForm::default()
    };
    let text = match kind {
        ItemKind::Case => {
            let doc = parse::parse_case(slug, lang.code(), raw).ok()?;
            if let Some(m) = doc.meta {
                form.partner = m.partner;
                form.themes = m.themes;
                form.published = m.published;
                form.stage = m.stage.map(|s| s.code().to_string()).unwrap_or_default();
                form.started = m.started.map(|s| s.to_string()).unwrap_or_default();
                form.cost_eur = m.cost_eur.map(|s| s.to_string()).unwrap_or_default();
                if let Some(c) = m.contact {
                    form.contact_name = c.name;
                    form.contact_email = c.email;
                }
                form.links = m
                    .links
                    .iter()
                    .map(|l| format!("{} | {}", l.title, l.url))
                    .collect::<Vec<_>>()
                    .join("\n");
                if let Some(img) = m.image {
                    form.image = img.src;
                    form.image_alt = img.alt;
                }
            }
            doc.text
        }
        ItemKind::Magazine => {
            let doc = parse::parse_magazine(slug, lang.code(), raw).ok()?;
            if let Some(m) = doc.meta {
                form.number = m.number.to_string();
                form.published = m.published;
                form.cases = m.cases.join("\n");
                form.image = m.cover.unwrap_or_default();
            }
            doc.text
        }
    };
    form.title = text.title;
    form.summary = text.summary;
    form.updated = text.updated.unwrap_or_default();
    form.tags = text.tags.join(", ");
    if let Some(alt) = text.image_alt {
        form.image_alt = alt;
    }
    form.body = text.body.trim().to_string();
    form.translated_from = text.translated_from;
    form.source_hash = text.source_hash.unwrap_or_default();
    Some(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_becomes_a_valid_file_and_back() {
        let form = EditForm {
            slug: "a-case".into(),
            title: "A \"quoted\" title".into(),
            summary: "What it is.".into(),
            partner: "groningen".into(),
            themes: vec!["chatbots".into()],
            published: "2019-03-01".into(),
            stage: "pilot".into(),
            started: "2018".into(),
            tags: "a, b".into(),
            links: "Project page | https://example.org/p".into(),
            body: "## Challenge\r\n\r\nText.".into(),
            ..EditForm::default()
        };
        let raw = compose(ItemKind::Case, &form);
        let doc = parse::parse_case("a-case", "en", &raw).expect("valid");
        assert_eq!(doc.text.title, "A \"quoted\" title");
        let back = decompose(ItemKind::Case, "a-case", Lang::En, &raw).unwrap();
        assert_eq!(back.partner, "groningen");
        assert_eq!(back.started, "2018");
        assert_eq!(back.links, "Project page | https://example.org/p");
        assert_eq!(back.body, "## Challenge\n\nText.");
    }

    #[test]
    fn a_wrong_number_is_refused_naming_its_key() {
        let form = EditForm {
            started: "last year".into(),
            cost_eur: "12000".into(),
            ..EditForm::default()
        };
        let errors = number_errors(ItemKind::Case, &form);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "started");
        assert!(errors[0].1.contains("last year"));
    }
}
