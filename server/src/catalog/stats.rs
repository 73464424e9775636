//! The statistics page's figures (`/{lang}/stats`, and a partner's page): counted from one snapshot of the
//! store, for the cases the filters select. Pages that show them are cached under the change log like every
//! library page, so the counting happens once per change, not per reader.

use super::{Catalog, Names, fail};
use crate::domain::*;
use crate::store::{CaseFilter, Window};
use app::components::charts::{Bar, Stacked};
use app::library::LibraryResult;
use app::stats::{Choice, StatsParams, StatsView};
use app::text::{adoption_stage_name, country_name, lang_name, stage_name};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// How many cases and magazines the "most viewed" charts name.
const MOST_VIEWED: usize = 15;

/// Counts per label, largest first (then by label), as chart rows.
fn ranked(counts: HashMap<String, (i64, Option<String>)>) -> Vec<Bar> {
    let mut bars: Vec<Bar> = counts
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(label, (value, href))| Bar { label, value, href })
        .collect();
    bars.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    bars
}

/// `YYYY-MM` months from the first to the last with a count, gaps as zero: a time axis that does not
/// skip quiet months.
fn months(counts: &BTreeMap<String, i64>) -> Vec<Bar> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // At most 50 years of months: a corrupt date cannot make the loop long.
    while (y, m) <= end && out.len() < 600 {
        let label = format!("{y:04}-{m:02}");
        out.push(Bar {
            value: counts.get(&label).copied().unwrap_or(0),
            label,
            href: None,
        });
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}

/// What the statistics count, as read from one snapshot.
pub(super) struct Facts {
    cases: Vec<crate::store::CaseListing>,
    states: Vec<(String, Lang, bool)>,
    adoptions: Vec<(String, Adoption, String)>,
    comment_months: Vec<(String, String, String, i64)>,
    view_months: Vec<(String, String, String, i64)>,
    magazines: Vec<crate::store::MagazineListing>,
}

/// The facts of the last read, until a change: one reader reads them, the others wait for that read.
#[derive(Default)]
pub(super) struct Kept {
    facts: std::sync::RwLock<Option<Arc<Facts>>>,
    /// Raised by every change: facts read before it are not kept.
    generation: std::sync::atomic::AtomicU64,
    reading: tokio::sync::Mutex<()>,
    /// Figures already counted from these facts, by language and filters: a filtered page asked again is
    /// not counted again. At most [`COUNTED`]; forgotten with the facts.
    counted: std::sync::Mutex<HashMap<(Lang, String), StatsView>>,
}

/// How many counted sets of figures are kept.
const COUNTED: usize = 64;

impl Kept {
    pub(super) fn forget(&self) {
        {
            let mut facts = self.facts.write().expect("stats lock");
            self.generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            *facts = None;
        }
        // After the facts are gone, and not under their lock (the counter takes the two the other way).
        self.counted.lock().expect("stats lock").clear();
    }

    fn get(&self) -> Option<Arc<Facts>> {
        self.facts.read().expect("stats lock").clone()
    }
}

impl Catalog {
    async fn stats_facts(&self) -> LibraryResult<(Arc<Facts>, Arc<Names>)> {
        if let (Some(facts), Some(names)) = (self.stats.get(), self.kept_names()) {
            return Ok((facts, names));
        }
        let _turn = self.stats.reading.lock().await;
        let generation = self
            .stats
            .generation
            .load(std::sync::atomic::Ordering::SeqCst);
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        if let Some(facts) = self.stats.get() {
            return Ok((facts, names));
        }
        let (cases, _) = read
            .cases(&CaseFilter::default(), Window::ALL)
            .await
            .map_err(fail)?;
        let facts = Arc::new(Facts {
            cases,
            states: read.text_states().await.map_err(fail)?,
            adoptions: read.all_adoptions().await.map_err(fail)?,
            comment_months: read.comment_months().await.map_err(fail)?,
            view_months: read.view_months().await.map_err(fail)?,
            magazines: read.magazines(Window::ALL).await.map_err(fail)?.0,
        });
        drop(read);
        // Kept unless a change came while they were read (compared under the lock `forget` takes too).
        let mut kept = self.stats.facts.write().expect("stats lock");
        if self
            .stats
            .generation
            .load(std::sync::atomic::Ordering::SeqCst)
            == generation
        {
            *kept = Some(facts.clone());
        }
        drop(kept);
        Ok((facts, names))
    }

    /// Every figure of the statistics page for `params`.
    pub async fn stats_view(&self, lang: Lang, params: StatsParams) -> LibraryResult<StatsView> {
        let (facts, names) = self.stats_facts().await?;
        let key = (lang, params.to_query());
        if let Some(view) = self.stats.counted.lock().expect("stats lock").get(&key) {
            return Ok(view.clone());
        }
        let f = &*facts;
        let view = count(
            lang,
            &names,
            params,
            &f.cases,
            &f.states,
            &f.adoptions,
            &f.comment_months,
            &f.view_months,
            &f.magazines,
        );
        // Only figures of the facts still kept: those of a forgotten state are not kept.
        let mut counted = self.stats.counted.lock().expect("stats lock");
        if self
            .stats
            .get()
            .is_some_and(|kept| Arc::ptr_eq(&kept, &facts))
        {
            if counted.len() >= COUNTED {
                counted.clear();
            }
            counted.insert(key, view.clone());
        }
        Ok(view)
    }
}

#[allow(clippy::too_many_arguments)]
fn count(
    lang: Lang,
    names: &Names,
    params: StatsParams,
    cases: &[crate::store::CaseListing],
    states: &[(String, Lang, bool)],
    adoptions: &[(String, Adoption, String)],
    comment_months: &[(String, String, String, i64)],
    view_months: &[(String, String, String, i64)],
    magazines: &[crate::store::MagazineListing],
) -> StatsView {
    let country_of = |partner: &str| {
        names
            .partners
            .get(partner)
            .map(|p| p.country.clone())
            .unwrap_or_default()
    };
    // The cases the theme, partner and country select; their events (adoptions, comments, views) count by
    // their own dates, the cases themselves by their publication.
    let of_filters: Vec<&crate::store::CaseListing> = cases
        .iter()
        .filter(|c| {
            (params.theme.is_empty() || c.meta.themes.contains(&params.theme))
                && (params.partner.is_empty() || c.meta.partner == params.partner)
                && (params.country.is_empty() || country_of(&c.meta.partner) == params.country)
        })
        .collect();
    let events_of: HashSet<&str> = of_filters.iter().map(|c| c.slug.as_str()).collect();
    let selected: Vec<&crate::store::CaseListing> = of_filters
        .into_iter()
        .filter(|c| year_of(&c.meta.published).is_some_and(|y| params.in_period(y)))
        .collect();
    let chosen: HashSet<&str> = selected.iter().map(|c| c.slug.as_str()).collect();
    // Magazines have no theme, country or partner: they are counted only when none is chosen.
    let whole_library =
        params.theme.is_empty() && params.partner.is_empty() && params.country.is_empty();

    let mut by_theme: HashMap<String, (i64, Option<String>)> = HashMap::new();
    let mut by_country: HashMap<String, (i64, Option<String>)> = HashMap::new();
    let mut by_partner: HashMap<String, (i64, Option<String>)> = HashMap::new();
    let mut by_stage: HashMap<String, (i64, Option<String>)> = HashMap::new();
    for c in &selected {
        for t in &c.meta.themes {
            let r = names.theme_ref(lang, t);
            by_theme
                .entry(r.name)
                .or_insert((0, Some(format!("/{lang}/themes/{t}"))))
                .0 += 1;
        }
        by_country
            .entry(country_name(lang, &country_of(&c.meta.partner)))
            .or_insert((0, None))
            .0 += 1;
        by_partner
            .entry(names.partner_name(&c.meta.partner).to_string())
            .or_insert((0, Some(format!("/{lang}/partners/{}", c.meta.partner))))
            .0 += 1;
        if let Some(s) = c.meta.stage {
            by_stage
                .entry(stage_name(lang, s).to_string())
                .or_insert((0, None))
                .0 += 1;
        }
    }

    // Per language: current, outdated, missing.
    let mut per_lang: BTreeMap<Lang, [i64; 3]> = Lang::ALL.iter().map(|l| (*l, [0; 3])).collect();
    let mut have: HashSet<(&str, Lang)> = HashSet::new();
    for (slug, l, current) in states {
        if chosen.contains(slug.as_str()) {
            have.insert((slug.as_str(), *l));
            per_lang.entry(*l).or_default()[if *current { 0 } else { 1 }] += 1;
        }
    }
    for c in &selected {
        for l in Lang::ALL {
            if !have.contains(&(c.slug.as_str(), l)) {
                per_lang.entry(l).or_default()[2] += 1;
            }
        }
    }
    let translations = Lang::ALL
        .iter()
        .map(|l| Stacked {
            label: lang_name(lang, *l).to_string(),
            parts: per_lang.get(l).map(|p| p.to_vec()).unwrap_or_default(),
        })
        .collect();

    let mut adoptions_by_year: BTreeMap<i32, i64> = BTreeMap::new();
    let mut between: HashMap<String, (i64, Option<String>)> = HashMap::new();
    let mut adoption_stage: HashMap<String, (i64, Option<String>)> = HashMap::new();
    let mut taken_up = 0;
    let partner_of: HashMap<&str, &str> = cases
        .iter()
        .map(|c| (c.slug.as_str(), c.meta.partner.as_str()))
        .collect();
    for (slug, a, adopter_country) in adoptions {
        if !events_of.contains(slug.as_str()) || !params.in_period(a.year) {
            continue;
        }
        *adoptions_by_year.entry(a.year).or_default() += 1;
        let from = partner_of
            .get(slug.as_str())
            .map(|p| country_of(p))
            .unwrap_or_default();
        between
            .entry(format!(
                "{} → {}",
                country_name(lang, &from),
                country_name(lang, adopter_country)
            ))
            .or_insert((0, None))
            .0 += 1;
        adoption_stage
            .entry(adoption_stage_name(lang, a.stage).to_string())
            .or_insert((0, None))
            .0 += 1;
        if a.stage.taken_up() {
            taken_up += 1;
        }
    }
    // Every year between the first and the last adoption, quiet years as zero.
    let adoptions_by_year = match (
        adoptions_by_year.keys().next().copied(),
        adoptions_by_year.keys().next_back().copied(),
    ) {
        (Some(first), Some(last)) => (first..=last)
            .map(|y| Bar {
                label: y.to_string(),
                value: adoptions_by_year.get(&y).copied().unwrap_or(0),
                href: None,
            })
            .collect(),
        _ => Vec::new(),
    };

    let counted = |kind: &str, slug: &str, month: &str| {
        let in_period = year_of(month).is_some_and(|y| params.in_period(y));
        in_period
            && match kind {
                "case" => events_of.contains(slug),
                _ => whole_library,
            }
    };
    let mut comments_by_month: BTreeMap<String, i64> = BTreeMap::new();
    let mut comments = 0;
    for (kind, slug, month, n) in comment_months {
        if counted(kind, slug, month) {
            *comments_by_month.entry(month.clone()).or_default() += n;
            comments += n;
        }
    }
    let mut views_by_month: BTreeMap<String, i64> = BTreeMap::new();
    let mut case_views: HashMap<&str, i64> = HashMap::new();
    let mut magazine_views: HashMap<&str, i64> = HashMap::new();
    let mut views = 0;
    for (kind, slug, month, n) in view_months {
        if counted(kind, slug, month) {
            *views_by_month.entry(month.clone()).or_default() += n;
            views += n;
            match kind.as_str() {
                "case" => *case_views.entry(slug.as_str()).or_default() += n,
                _ => *magazine_views.entry(slug.as_str()).or_default() += n,
            }
        }
    }
    // The most viewed first; only those few are looked up by title (an item no longer published drops out).
    let titled = |counts: HashMap<&str, i64>, title: &dyn Fn(&str) -> Option<String>, dir: &str| {
        let mut ranked: Vec<(&str, i64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        ranked
            .into_iter()
            .filter_map(|(slug, n)| {
                Some(Bar {
                    label: title(slug)?,
                    value: n,
                    href: Some(format!("/{lang}/{dir}/{slug}")),
                })
            })
            .take(MOST_VIEWED)
            .collect::<Vec<Bar>>()
    };
    let case_title = |slug: &str| {
        cases
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.text_or_source(lang).title.clone())
    };
    let magazine_title = |slug: &str| {
        magazines
            .iter()
            .find(|m| m.slug == slug)
            .map(|m| m.text_or_source(lang).title.clone())
    };

    let mut years: Vec<i32> = cases
        .iter()
        .filter_map(|c| year_of(&c.meta.published))
        .chain(adoptions.iter().map(|(_, a, _)| a.year))
        .chain(comment_months.iter().filter_map(|r| year_of(&r.2)))
        .chain(view_months.iter().filter_map(|r| year_of(&r.2)))
        .collect();
    years.sort_unstable();
    years.dedup();
    let years = match (years.first(), years.last()) {
        (Some(a), Some(b)) => (*a..=*b).collect(),
        _ => Vec::new(),
    };

    let mut themes: Vec<app::model::ThemeRef> = names
        .themes
        .keys()
        .map(|t| names.theme_ref(lang, t))
        .collect();
    themes.sort_by_key(|t| t.name.to_lowercase());
    let mut countries: Vec<Choice> = names
        .partners
        .values()
        .map(|p| p.country.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|c| Choice {
            label: country_name(lang, &c),
            value: c,
        })
        .collect();
    countries.sort_by(|a, b| a.label.cmp(&b.label));
    let mut partners: Vec<Choice> = names
        .partners
        .values()
        .map(|p| Choice {
            value: p.slug.clone(),
            label: p.name.clone(),
        })
        .collect();
    partners.sort_by(|a, b| a.label.cmp(&b.label));

    StatsView {
        themes,
        countries,
        partners,
        years,
        cases: selected.len() as i64,
        taken_up,
        comments,
        views,
        by_theme: ranked(by_theme),
        by_country: ranked(by_country),
        by_partner: ranked(by_partner),
        by_stage: ranked(by_stage),
        translations,
        adoptions_by_year,
        adoptions_between: ranked(between),
        adoptions_by_stage: ranked(adoption_stage),
        comments_by_month: months(&comments_by_month),
        views_by_month: months(&views_by_month),
        views_by_case: titled(case_views, &case_title, "cases"),
        views_by_magazine: titled(magazine_views, &magazine_title, "magazines"),
        params,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_months_are_zero_between_the_first_and_the_last() {
        let counts = BTreeMap::from([("2023-11".to_string(), 2), ("2024-02".to_string(), 1)]);
        let m = months(&counts);
        let labels: Vec<&str> = m.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(m.iter().map(|b| b.value).collect::<Vec<_>>(), [2, 0, 0, 1]);
        assert!(months(&BTreeMap::new()).is_empty());
    }
}
