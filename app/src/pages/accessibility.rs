//! The accessibility statement EU public-sector sites publish (Directive (EU) 2016/2102, model statement
//! of Implementing Decision (EU) 2018/1523), in the reader's language. Static text: no server data.

use crate::components::chrome::PageMeta;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;

/// Where readers report accessibility problems; each language's `a11y_feedback` names it in its text.
const CONTACT_EMAIL: &str = "accessibility@likewise.eu";
const CONTACT_MAILTO: &str = "mailto:accessibility@likewise.eu";
/// The Dutch government's site on digital accessibility, named in `a11y_enforcement`.
const ENFORCEMENT_SITE: &str = "digitoegankelijk.nl";
const ENFORCEMENT_URL: &str = "https://www.digitoegankelijk.nl/";

/// A paragraph whose text names `needle`: that part becomes a link to `href`. Should a translation not
/// contain it, the link follows the text, so the contact is never lost.
fn linked_paragraph(
    text: &'static str,
    needle: &'static str,
    href: &'static str,
    hreflang: Option<&'static str>,
    test: &'static str,
) -> impl IntoView {
    match text.split_once(needle) {
        Some((before, after)) => view! {
            <p>{before}<a href=href hreflang=hreflang data-test=test>{needle}</a>{after}</p>
        }
        .into_any(),
        None => view! {
            <p>{text} " " <a href=href hreflang=hreflang data-test=test>{needle}</a></p>
        }
        .into_any(),
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageMeta
            lang
            title=tr!(lang, accessibility_title).to_string()
            description=tr!(lang, accessibility_description).to_string()
        />
        <article class="statement" data-test="accessibility-statement">
            <h1>{tr!(lang, accessibility_title)}</h1>
            <p class="lead">{tr!(lang, a11y_intro)}</p>
            <p>{tr!(lang, a11y_scope)}</p>

            <section aria-labelledby="a11y-status">
                <h2 id="a11y-status">{tr!(lang, a11y_status_heading)}</h2>
                <p>{tr!(lang, a11y_status)}</p>
            </section>

            <section aria-labelledby="a11y-features">
                <h2 id="a11y-features">{tr!(lang, a11y_features_heading)}</h2>
                <p>{tr!(lang, a11y_features)}</p>
            </section>

            <section aria-labelledby="privacy" data-test="privacy">
                <h2 id="privacy">{tr!(lang, a11y_privacy_heading)}</h2>
                <p>{tr!(lang, a11y_privacy)}</p>
            </section>

            <section aria-labelledby="a11y-gaps">
                <h2 id="a11y-gaps">{tr!(lang, a11y_gaps_heading)}</h2>
                <ul>
                    <li>{tr!(lang, a11y_gap_translations)}</li>
                    <li>{tr!(lang, a11y_gap_images)}</li>
                    <li>{tr!(lang, a11y_gap_pdf)}</li>
                </ul>
            </section>

            <section aria-labelledby="a11y-prepared">
                <h2 id="a11y-prepared">{tr!(lang, a11y_prepared_heading)}</h2>
                <p>{tr!(lang, a11y_prepared)}</p>
            </section>

            <section aria-labelledby="a11y-feedback">
                <h2 id="a11y-feedback">{tr!(lang, a11y_feedback_heading)}</h2>
                {linked_paragraph(tr!(lang, a11y_feedback), CONTACT_EMAIL, CONTACT_MAILTO, None, "a11y-contact")}
            </section>

            <section aria-labelledby="a11y-enforcement">
                <h2 id="a11y-enforcement">{tr!(lang, a11y_enforcement_heading)}</h2>
                {linked_paragraph(
                    tr!(lang, a11y_enforcement),
                    ENFORCEMENT_SITE,
                    ENFORCEMENT_URL,
                    Some("nl"),
                    "a11y-enforcement",
                )}
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn every_language_names_the_contact_address_and_the_enforcement_site() {
        for lang in Lang::ALL {
            assert!(
                tr!(lang, a11y_feedback).contains(CONTACT_EMAIL),
                "{lang}: no contact address"
            );
            assert!(
                tr!(lang, a11y_enforcement).contains(ENFORCEMENT_SITE),
                "{lang}: no enforcement site"
            );
        }
        assert_eq!(CONTACT_MAILTO, format!("mailto:{CONTACT_EMAIL}"));
    }
}
