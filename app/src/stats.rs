//! The statistics page's question and answer (`/{lang}/stats`): which cases to count (theme, country,
//! partner, years), and every figure as the rows of a chart, in the reader's language. The same rows make
//! the SVG, the table under it and its CSV download, so the three never disagree.

use crate::components::charts::{Bar, Stacked};
use crate::lang::Lang;
use crate::model::{ThemeRef, decode_component, encode_component};
use serde::{Deserialize, Serialize};

/// The filters of the statistics page, as in its address: `theme=…&country=NL&partner=…&from=2020&to=2024`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsParams {
    pub theme: String,
    /// ISO 3166-1 alpha-2 of the case's partner.
    pub country: String,
    pub partner: String,
    /// Years, inclusive: a case by its publication, an adoption by its year, a comment and a page view by
    /// their day.
    pub from: Option<i32>,
    pub to: Option<i32>,
}

fn slug_like(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 100
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl StatsParams {
    /// Reads a query string; values that cannot be filters are left out (a plain form may send empties).
    pub fn from_query(query: &str) -> StatsParams {
        let mut p = StatsParams::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|s| !s.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode_component(v);
            let year = || v.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y));
            match decode_component(k).as_str() {
                "theme" if slug_like(&v) => p.theme = v,
                "partner" if slug_like(&v) => p.partner = v,
                "country" if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) => {
                    p.country = v
                }
                "from" => p.from = year(),
                "to" => p.to = year(),
                _ => {}
            }
        }
        p
    }

    /// The query string (without `?`), empty filters left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("theme", &self.theme),
            ("country", &self.country),
            ("partner", &self.partner),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", encode_component(v)));
            }
        }
        if let Some(y) = self.from {
            parts.push(format!("from={y}"));
        }
        if let Some(y) = self.to {
            parts.push(format!("to={y}"));
        }
        parts.join("&")
    }

    /// Whether a year (of publication, adoption, a comment or a view) is within the period.
    pub fn in_period(&self, year: i32) -> bool {
        self.from.is_none_or(|f| year >= f) && self.to.is_none_or(|t| year <= t)
    }
}

/// A value a filter can take, with its name in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Every figure of the statistics page for one set of filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub params: StatsParams,
    pub themes: Vec<ThemeRef>,
    pub countries: Vec<Choice>,
    pub partners: Vec<Choice>,
    /// The years the library has data for, oldest first.
    pub years: Vec<i32>,
    /// Published cases the filters select.
    pub cases: i64,
    /// Organisations that took up one of them (piloting, adopted, adapted), counted once per case.
    pub taken_up: i64,
    pub comments: i64,
    pub views: i64,
    pub by_theme: Vec<Bar>,
    pub by_country: Vec<Bar>,
    pub by_partner: Vec<Bar>,
    pub by_stage: Vec<Bar>,
    /// Per language: current, outdated, missing.
    pub translations: Vec<Stacked>,
    pub adoptions_by_year: Vec<Bar>,
    /// "Netherlands → Denmark": adoptions from a case's country to the adopter's.
    pub adoptions_between: Vec<Bar>,
    pub adoptions_by_stage: Vec<Bar>,
    pub comments_by_month: Vec<Bar>,
    pub views_by_month: Vec<Bar>,
    /// The most viewed cases and magazines in the period.
    pub views_by_case: Vec<Bar>,
    pub views_by_magazine: Vec<Bar>,
}

/// The charts of the page, by the id in their address (`/{lang}/stats/{id}.csv`).
pub const CHARTS: [&str; 13] = [
    "cases-by-theme",
    "cases-by-country",
    "cases-by-partner",
    "cases-by-stage",
    "translations",
    "adoptions-by-year",
    "adoptions-between-countries",
    "adoptions-by-stage",
    "comments-by-month",
    "views-by-month",
    "views-by-case",
    "views-by-magazine",
    "totals",
];

/// One field of a CSV file: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`,
/// `@`, tab or carriage return is prefixed with `'` so a spreadsheet does not run it as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv_of(rows: Vec<Vec<String>>) -> String {
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

impl StatsView {
    /// A bar chart's rows by id.
    pub fn bars(&self, id: &str) -> Option<&[Bar]> {
        Some(match id {
            "cases-by-theme" => &self.by_theme,
            "cases-by-country" => &self.by_country,
            "cases-by-partner" => &self.by_partner,
            "cases-by-stage" => &self.by_stage,
            "adoptions-by-year" => &self.adoptions_by_year,
            "adoptions-between-countries" => &self.adoptions_between,
            "adoptions-by-stage" => &self.adoptions_by_stage,
            "comments-by-month" => &self.comments_by_month,
            "views-by-month" => &self.views_by_month,
            "views-by-case" => &self.views_by_case,
            "views-by-magazine" => &self.views_by_magazine,
            _ => return None,
        })
    }

    /// The CSV of a chart (RFC 4180, a header row in the reader's language), or `None` for no such chart.
    pub fn csv(&self, lang: Lang, id: &str) -> Option<String> {
        use crate::tr;
        if id == "translations" {
            let mut rows = vec![vec![
                tr!(lang, stats_language).to_string(),
                tr!(lang, stats_current).to_string(),
                tr!(lang, stats_outdated).to_string(),
                tr!(lang, stats_missing).to_string(),
            ]];
            for s in &self.translations {
                let mut row = vec![s.label.clone()];
                row.extend(s.parts.iter().map(|n| n.to_string()));
                rows.push(row);
            }
            return Some(csv_of(rows));
        }
        if id == "totals" {
            return Some(csv_of(vec![
                vec![
                    tr!(lang, stats_figure).to_string(),
                    tr!(lang, stats_value).to_string(),
                ],
                vec![
                    tr!(lang, stats_total_cases).to_string(),
                    self.cases.to_string(),
                ],
                vec![
                    tr!(lang, stats_total_taken_up).to_string(),
                    self.taken_up.to_string(),
                ],
                vec![
                    tr!(lang, stats_total_comments).to_string(),
                    self.comments.to_string(),
                ],
                vec![
                    tr!(lang, stats_total_views).to_string(),
                    self.views.to_string(),
                ],
            ]));
        }
        let bars = self.bars(id)?;
        let (label, unit) = headers(lang, id);
        let mut rows = vec![vec![label.to_string(), unit.to_string()]];
        rows.extend(
            bars.iter()
                .map(|b| vec![b.label.clone(), b.value.to_string()]),
        );
        Some(csv_of(rows))
    }
}

/// A bar chart's column headers: what its rows are, and what is counted.
pub fn headers(lang: Lang, id: &str) -> (&'static str, &'static str) {
    use crate::tr;
    let label = match id {
        "cases-by-theme" => tr!(lang, stats_theme),
        "cases-by-country" => tr!(lang, country),
        "cases-by-partner" => tr!(lang, partner),
        "cases-by-stage" | "adoptions-by-stage" => tr!(lang, stage),
        "adoptions-by-year" => tr!(lang, stats_year),
        "adoptions-between-countries" => tr!(lang, stats_from_to),
        "comments-by-month" | "views-by-month" => tr!(lang, stats_month),
        "views-by-magazine" => tr!(lang, stats_magazine),
        _ => tr!(lang, stats_case),
    };
    let unit = match id {
        "cases-by-theme" | "cases-by-country" | "cases-by-partner" | "cases-by-stage" => {
            tr!(lang, stats_unit_cases)
        }
        "adoptions-by-year" | "adoptions-between-countries" | "adoptions-by-stage" => {
            tr!(lang, stats_unit_adoptions)
        }
        "comments-by-month" => tr!(lang, stats_unit_comments),
        _ => tr!(lang, stats_unit_views),
    };
    (label, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_read_back_from_their_query() {
        let p = StatsParams::from_query("theme=chatbots&country=NL&from=2020&to=2024&partner=x-y");
        assert_eq!(StatsParams::from_query(&p.to_query()), p);
        let junk = StatsParams::from_query("theme=%3Cscript%3E&country=nl&from=1066&to=abc&x=1");
        assert_eq!(junk, StatsParams::default());
        assert!(p.in_period(2020) && p.in_period(2024) && !p.in_period(2019) && !p.in_period(2025));
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("\t=1"), "'\t=1");
        assert_eq!(csv_field("plain"), "plain");
    }
}
