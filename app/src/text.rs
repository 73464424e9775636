//! Interface text: the bridge from our `Lang` to leptos_i18n's generated locales, and the names of the
//! closed vocabularies (stages, kinds, countries, languages) in the reader's language.

use crate::i18n::*;
use crate::lang::Lang;
use crate::model::{AdoptionStage, PartnerKind, Stage};

pub fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::En => Locale::en,
        Lang::Nl => Locale::nl,
        Lang::De => Locale::de,
        Lang::Da => Locale::da,
        Lang::Fr => Locale::fr,
    }
}

/// Looks up an interface string in the given language: `tr!(lang, key)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:ident) => {
        $crate::i18n::td_string!($crate::text::locale($lang), $key)
    };
}

pub fn stage_name(lang: Lang, stage: Stage) -> &'static str {
    let l = locale(lang);
    match stage {
        Stage::Idea => td_string!(l, stage_idea),
        Stage::Pilot => td_string!(l, stage_pilot),
        Stage::InUse => td_string!(l, stage_in_use),
        Stage::Stopped => td_string!(l, stage_stopped),
    }
}

pub fn adoption_stage_name(lang: Lang, stage: AdoptionStage) -> &'static str {
    let l = locale(lang);
    match stage {
        AdoptionStage::Considering => td_string!(l, adoption_considering),
        AdoptionStage::Piloting => td_string!(l, adoption_piloting),
        AdoptionStage::Adopted => td_string!(l, adoption_adopted),
        AdoptionStage::Adapted => td_string!(l, adoption_adapted),
        AdoptionStage::Stopped => td_string!(l, adoption_stopped),
    }
}

pub fn kind_name(lang: Lang, kind: PartnerKind) -> &'static str {
    let l = locale(lang);
    match kind {
        PartnerKind::Municipality => td_string!(l, kind_municipality),
        PartnerKind::Province => td_string!(l, kind_province),
        PartnerKind::Region => td_string!(l, kind_region),
        PartnerKind::County => td_string!(l, kind_county),
        PartnerKind::University => td_string!(l, kind_university),
        PartnerKind::Agency => td_string!(l, kind_agency),
    }
}

/// The name of a language in the reader's language ("Dutch" for an English reader).
pub fn lang_name(lang: Lang, of: Lang) -> &'static str {
    let l = locale(lang);
    match of {
        Lang::En => td_string!(l, lang_en),
        Lang::Nl => td_string!(l, lang_nl),
        Lang::De => td_string!(l, lang_de),
        Lang::Da => td_string!(l, lang_da),
        Lang::Fr => td_string!(l, lang_fr),
    }
}

/// The name of a language a partner works in: one of the five in the reader's language, any other by its
/// own name (its endonym), or its ISO 639-1 code when we have none.
pub fn language_name(lang: Lang, code: &str) -> String {
    if let Ok(of) = code.parse::<Lang>() {
        return lang_name(lang, of).to_string();
    }
    let endonym = match code {
        "fi" => "suomi",
        "sv" => "svenska",
        "no" | "nb" => "norsk",
        "nn" => "nynorsk",
        "is" => "íslenska",
        "fy" => "Frysk",
        "lb" => "Lëtzebuergesch",
        "ca" => "català",
        "es" => "español",
        "eu" => "euskara",
        "gl" => "galego",
        "it" => "italiano",
        "pt" => "português",
        "pl" => "polski",
        "et" => "eesti",
        "lv" => "latviešu",
        "lt" => "lietuvių",
        "ga" => "Gaeilge",
        "gd" => "Gàidhlig",
        "cy" => "Cymraeg",
        "se" => "davvisámegiella",
        _ => return code.to_uppercase(),
    };
    endonym.to_string()
}

/// A country's name for the partners' countries; other codes are shown as they are.
pub fn country_name(lang: Lang, code: &str) -> String {
    let l = locale(lang);
    match code {
        "NL" => td_string!(l, country_nl).to_string(),
        "DE" => td_string!(l, country_de).to_string(),
        "DK" => td_string!(l, country_dk).to_string(),
        "GB" => td_string!(l, country_gb).to_string(),
        "BE" => td_string!(l, country_be).to_string(),
        other => other.to_string(),
    }
}

/// Formats whole euros the way the reader's language groups thousands.
pub fn euros(lang: Lang, amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let sep = match lang {
        Lang::En => ',',
        Lang::Fr => '\u{202f}',
        _ => '.',
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    match lang {
        Lang::En => format!("{sign}€{grouped}"),
        _ => format!("{sign}{grouped} €"),
    }
}

/// Writes `s` as HTML or XML text, or as an attribute value in either kind of quotes: the one escaper of
/// the project (pages, feeds, sitemaps, snippets, rebuilt SVG). Control characters XML forbids are dropped.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
}

/// [`escape_into`] a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_interface_text() {
        let texts: Vec<&str> = Lang::ALL.iter().map(|l| tr!(*l, skip_to_content)).collect();
        for (i, a) in texts.iter().enumerate() {
            assert!(!a.is_empty());
            for b in &texts[i + 1..] {
                assert_ne!(a, b, "two languages share the skip-link text");
            }
        }
    }

    #[test]
    fn a_partner_language_is_named_in_the_reader_language_or_its_own() {
        assert_eq!(language_name(Lang::En, "nl"), "Dutch");
        assert_eq!(language_name(Lang::En, "fi"), "suomi");
        assert_eq!(language_name(Lang::En, "xh"), "XH");
    }

    #[test]
    fn unknown_countries_fall_back_to_their_code() {
        assert_eq!(country_name(Lang::En, "NL"), "Netherlands");
        assert_eq!(country_name(Lang::De, "XK"), "XK");
    }

    #[test]
    fn euros_group_thousands_per_language() {
        assert_eq!(euros(Lang::En, 45000), "€45,000");
        assert_eq!(euros(Lang::Nl, 1250000), "1.250.000 €");
        assert_eq!(euros(Lang::Da, 900), "900 €");
    }
}
