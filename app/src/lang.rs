//! The five languages Likewise speaks, shared by content, pages and the API.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language of the interface and of the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Nl,
    De,
    Da,
    Fr,
}

impl Lang {
    /// Every language, in the order the language switcher shows them.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Nl, Lang::De, Lang::Da, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
            Lang::De => "de",
            Lang::Da => "da",
            Lang::Fr => "fr",
        }
    }

    /// The language's name in itself, as a reader of that language looks for it in a switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nl => "Nederlands",
            Lang::De => "Deutsch",
            Lang::Da => "Dansk",
            Lang::Fr => "Français",
        }
    }

    /// Picks the best supported language from an HTTP `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            if let Ok(lang) = primary.parse::<Lang>()
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code that Likewise does not support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedLang(pub String);

impl fmt::Display for UnsupportedLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported language code `{}` (expected one of nl, en, de, da, fr)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedLang {}

impl FromStr for Lang {
    type Err = UnsupportedLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "nl" => Ok(Lang::Nl),
            "de" => Ok(Lang::De),
            "da" => Ok(Lang::Da),
            "fr" => Ok(Lang::Fr),
            other => Err(UnsupportedLang(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_supported_code_and_rejects_others() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert!("es".parse::<Lang>().is_err());
        assert!("EN".parse::<Lang>().is_err());
    }

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_language() {
        assert_eq!(
            Lang::from_accept_language("es;q=1.0, de-DE;q=0.8, nl;q=0.9"),
            Some(Lang::Nl)
        );
        assert_eq!(Lang::from_accept_language("da"), Some(Lang::Da));
        assert_eq!(Lang::from_accept_language("es, it"), None);
        assert_eq!(Lang::from_accept_language("fr;q=0"), None);
    }
}
