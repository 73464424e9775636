//! `likewise generate DIR --cases N [--seed S]`: writes a synthetic content tree for benchmarks.
//!
//! The tree follows docs/content-format.md and imports with no rejections: `partners.toml`, `themes.toml`,
//! `cases/<slug>/<lang>.md` (one source file and zero to four translations each) and
//! `magazines/<slug>/<lang>.md`. The text is built from small per-language vocabularies, so every word is a
//! real Dutch, English, German, Danish or French word and search finds it. Nothing here uses more than the
//! standard library: a splitmix64 generator seeded from `seed` makes the same options give a byte-identical
//! tree, and each case draws from its own stream (seed, case number), so a case can be planned again
//! without keeping the others in memory. Files are written one by one.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// What to generate: how many cases, and the seed that makes the tree reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub cases: usize,
    pub seed: u64,
}

/// What was written: entries per kind, and the number of files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    pub partners: usize,
    pub themes: usize,
    pub cases: usize,
    pub magazines: usize,
    pub files: usize,
}

/// Writes a synthetic library of `opts.cases` cases into `dir`, which must be missing or empty.
pub fn generate(dir: &Path, opts: &GenerateOptions) -> io::Result<GenerateSummary> {
    prepare_dir(dir)?;
    let partners = build_partners(opts.seed, partner_count(opts.cases));
    let mut summary = GenerateSummary::default();
    let mut buf = String::with_capacity(64 * 1024);

    write_partners(&mut buf, &partners);
    fs::write(dir.join("partners.toml"), buf.as_bytes())?;
    summary.partners = partners.len();
    summary.files += 1;

    buf.clear();
    write_themes(&mut buf);
    fs::write(dir.join("themes.toml"), buf.as_bytes())?;
    summary.themes = THEMES.len();
    summary.files += 1;

    if opts.cases > 0 {
        let root = dir.join("cases");
        fs::create_dir(&root)?;
        for i in 0..opts.cases {
            let plan = CasePlan::new(opts.seed, i, &partners);
            let folder = root.join(&plan.slug);
            fs::create_dir(&folder)?;
            for file in plan.files() {
                buf.clear();
                write_case_file(&mut buf, &plan, &partners[plan.partner], &file);
                fs::write(
                    folder.join(format!("{}.md", file.lang.code())),
                    buf.as_bytes(),
                )?;
                summary.files += 1;
            }
            summary.cases += 1;
        }
    }

    let magazines = magazine_count(opts.cases);
    if magazines > 0 {
        let root = dir.join("magazines");
        fs::create_dir(&root)?;
        for k in 0..magazines {
            let plan = MagazinePlan::new(opts.seed, k, magazines, opts.cases, &partners);
            let folder = root.join(&plan.slug);
            fs::create_dir(&folder)?;
            for (lang, yaml) in plan.files() {
                buf.clear();
                write_magazine_file(&mut buf, &plan, &partners, lang, yaml);
                fs::write(folder.join(format!("{}.md", lang.code())), buf.as_bytes())?;
                summary.files += 1;
            }
            summary.magazines += 1;
        }
    }
    Ok(summary)
}

/// Creates `dir`, or accepts it when it is an empty folder.
fn prepare_dir(dir: &Path) -> io::Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a folder", dir.display()),
        )),
        Ok(_) => {
            if fs::read_dir(dir)?.next().is_some() {
                Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{} is not empty: generate writes into a new or empty folder",
                        dir.display()
                    ),
                ))
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir),
        Err(e) => Err(e),
    }
}

/// About thirty partners; big libraries get one partner per 300 cases, at most 200.
fn partner_count(cases: usize) -> usize {
    BASE_PARTNERS.len().max((cases / 300).min(200))
}

/// One magazine issue per 25 cases, at least one when there is a case to feature.
fn magazine_count(cases: usize) -> usize {
    if cases == 0 { 0 } else { (cases / 25).max(1) }
}

// ---------------------------------------------------------------------------------------------------------
// Randomness and dates

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// splitmix64: tiny, fast and good enough to pick words.
#[derive(Debug, Clone)]
struct Rng(u64);

/// Independent streams of one seed, so each part of the tree draws its own numbers.
const STREAM_PARTNERS: u64 = 1;
const STREAM_CASE: u64 = 2;
const STREAM_MAGAZINE: u64 = 4;

impl Rng {
    fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        let a = mix(seed.wrapping_add(GOLDEN.wrapping_mul(stream.wrapping_add(1))));
        Rng(mix(a ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03)))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A day, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(i64);

impl Day {
    fn from_ymd(y: i64, m: u32, d: u32) -> Day {
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = i64::from((m + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    fn year(self) -> i64 {
        self.ymd().0
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn first_day() -> Day {
    Day::from_ymd(2016, 1, 1)
}

fn last_day() -> Day {
    Day::from_ymd(2026, 10, 31)
}

// ---------------------------------------------------------------------------------------------------------
// Languages

/// The five languages a case or magazine file may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Nl,
    De,
    Da,
    Fr,
}

const LANGS: [Lang; 5] = [Lang::En, Lang::Nl, Lang::De, Lang::Da, Lang::Fr];

impl Lang {
    /// Index into the per-language vocabulary arrays, which are all in the order en, nl, de, da, fr.
    fn idx(self) -> usize {
        self as usize
    }

    fn code(self) -> &'static str {
        ["en", "nl", "de", "da", "fr"][self.idx()]
    }

    fn from_code(code: &str) -> Option<Lang> {
        LANGS.into_iter().find(|l| l.code() == code)
    }
}

/// One phrase in each of the five languages (en, nl, de, da, fr).
type Five = [&'static str; 5];

// ---------------------------------------------------------------------------------------------------------
// Partners

struct Partner {
    slug: String,
    name: String,
    /// The place name that stands for the partner in running text.
    short: String,
    country: &'static str,
    kind: &'static str,
    website: String,
    languages: Vec<&'static str>,
    region: Option<String>,
    lead: bool,
}

impl Partner {
    /// The first of the partner's languages that cases can be written in; English otherwise.
    fn home(&self) -> Lang {
        self.languages
            .iter()
            .find_map(|c| Lang::from_code(c))
            .unwrap_or(Lang::En)
    }
}

type BasePartner = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
);

/// (slug, name, place, country, kind, website, languages, region)
#[rustfmt::skip]
const BASE_PARTNERS: &[BasePartner] = &[
    ("leeuwarden", "Gemeente Leeuwarden", "Leeuwarden", "NL", "municipality", "https://www.leeuwarden.nl", &["nl", "fy", "en"], Some("Friesland")),
    ("zwolle", "Gemeente Zwolle", "Zwolle", "NL", "municipality", "https://www.zwolle.nl", &["nl", "en"], Some("Overijssel")),
    ("den-helder", "Gemeente Den Helder", "Den Helder", "NL", "municipality", "https://www.denhelder.nl", &["nl", "en"], Some("Noord-Holland")),
    ("provincie-fryslan", "Provinsje Fryslân", "Fryslân", "NL", "province", "https://www.fryslan.frl", &["fy", "nl", "en"], None),
    ("hanze-university", "Hanzehogeschool Groningen", "Hanze", "NL", "university", "https://www.hanze.nl", &["nl", "en"], None),
    ("gent", "Stad Gent", "Gent", "BE", "municipality", "https://stad.gent", &["nl", "en", "fr"], Some("East Flanders")),
    ("brugge", "Stad Brugge", "Brugge", "BE", "municipality", "https://www.brugge.be", &["nl", "fr", "en"], Some("West Flanders")),
    ("west-vlaanderen", "Provincie West-Vlaanderen", "West-Vlaanderen", "BE", "province", "https://www.west-vlaanderen.be", &["nl", "fr"], None),
    ("oldenburg", "Stadt Oldenburg", "Oldenburg", "DE", "municipality", "https://www.oldenburg.de", &["de", "en"], Some("Lower Saxony")),
    ("bremerhaven", "Stadt Bremerhaven", "Bremerhaven", "DE", "municipality", "https://www.bremerhaven.de", &["de", "en"], Some("Bremen")),
    ("landkreis-friesland", "Landkreis Friesland", "Friesland", "DE", "county", "https://www.friesland.de", &["de", "en"], Some("Lower Saxony")),
    ("kiel-university", "Christian-Albrechts-Universität zu Kiel", "Kiel", "DE", "university", "https://www.uni-kiel.de", &["de", "en"], Some("Schleswig-Holstein")),
    ("esbjerg", "Esbjerg Kommune", "Esbjerg", "DK", "municipality", "https://www.esbjerg.dk", &["da", "en"], Some("Southern Denmark")),
    ("hjorring", "Hjørring Kommune", "Hjørring", "DK", "municipality", "https://hjoerring.dk", &["da", "en", "de"], Some("North Jutland")),
    ("region-nordjylland", "Region Nordjylland", "Nordjylland", "DK", "region", "https://rn.dk", &["da", "en"], None),
    ("aarhus-university", "Aarhus Universitet", "Aarhus", "DK", "university", "https://www.au.dk", &["da", "en"], None),
    ("aberdeen", "Aberdeen City Council", "Aberdeen", "GB", "municipality", "https://www.aberdeencity.gov.uk", &["en"], Some("Scotland")),
    ("norfolk", "Norfolk County Council", "Norfolk", "GB", "county", "https://www.norfolk.gov.uk", &["en"], Some("East of England")),
    ("hull", "Hull City Council", "Hull", "GB", "municipality", "https://www.hull.gov.uk", &["en"], Some("Yorkshire and the Humber")),
    ("lincolnshire", "Lincolnshire County Council", "Lincolnshire", "GB", "county", "https://www.lincolnshire.gov.uk", &["en"], None),
    ("edinburgh-napier", "Edinburgh Napier University", "Edinburgh", "GB", "university", "https://www.napier.ac.uk", &["en"], Some("Scotland")),
    ("dunkerque", "Ville de Dunkerque", "Dunkerque", "FR", "municipality", "https://www.ville-dunkerque.fr", &["fr", "en", "nl"], Some("Hauts-de-France")),
    ("calais", "Ville de Calais", "Calais", "FR", "municipality", "https://www.calais.fr", &["fr", "en"], Some("Hauts-de-France")),
    ("hauts-de-france", "Région Hauts-de-France", "Hauts-de-France", "FR", "region", "https://www.hautsdefrance.fr", &["fr", "en"], None),
    ("stavanger", "Stavanger kommune", "Stavanger", "NO", "municipality", "https://www.stavanger.kommune.no", &["nb", "en"], Some("Rogaland")),
    ("bergen", "Bergen kommune", "Bergen", "NO", "municipality", "https://www.bergen.kommune.no", &["nb", "nn", "en"], Some("Vestland")),
    ("goteborg", "Göteborgs Stad", "Göteborg", "SE", "municipality", "https://goteborg.se", &["sv", "en"], Some("Västra Götaland")),
    ("vaasa", "City of Vaasa", "Vaasa", "FI", "municipality", "https://www.vaasa.fi", &["fi", "sv", "en"], Some("Ostrobothnia")),
    ("girona", "Ajuntament de Girona", "Girona", "ES", "municipality", "https://www.girona.cat", &["ca", "es", "en"], Some("Catalonia")),
    ("digitaliseringsstyrelsen", "Digitaliseringsstyrelsen", "København", "DK", "agency", "https://digst.dk", &["da", "en"], None),
];

/// How invented partners of a country are named: syllables, the name around the place, the web domain
/// and the languages.
struct CountryStyle {
    country: &'static str,
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    /// `{}` is the place.
    name: &'static str,
    /// `{}` is the place's slug.
    website: &'static str,
    languages: &'static [&'static str],
}

#[rustfmt::skip]
const COUNTRY_STYLES: &[CountryStyle] = &[
    CountryStyle {
        country: "NL",
        prefixes: &["Wester", "Ooster", "Noorder", "Zuider", "Hoog", "Nieuw", "Oud", "Berg", "Zand", "Veen", "Klooster", "Mid"],
        suffixes: &["wolde", "dam", "dijk", "hoven", "meer", "horst", "broek", "zijl", "wijk", "veld", "sloot", "kerk"],
        name: "Gemeente {}",
        website: "https://www.{}.nl",
        languages: &["nl", "en"],
    },
    CountryStyle {
        country: "BE",
        prefixes: &["Ooster", "Wester", "Zonne", "Lange", "Hoog", "Meren", "Kort", "Brede", "Beve", "Sint-Ro"],
        suffixes: &["kerke", "beke", "gem", "hout", "zele", "dorp", "rode", "lo", "hem", "mare"],
        name: "Gemeente {}",
        website: "https://www.{}.be",
        languages: &["nl", "fr", "en"],
    },
    CountryStyle {
        country: "DE",
        prefixes: &["Nord", "Süd", "Alt", "Neu", "Hohen", "Oster", "Wester", "Kirch", "Mühl", "Lin", "Brem", "Sand"],
        suffixes: &["hausen", "burg", "stedt", "feld", "dorf", "hagen", "heide", "brück", "kamp", "ohe", "siel", "moor"],
        name: "Stadt {}",
        website: "https://www.{}.de",
        languages: &["de", "en"],
    },
    CountryStyle {
        country: "DK",
        prefixes: &["Nør", "Sønder", "Vester", "Øster", "Lang", "Hav", "Skov", "Strand", "Bjerg", "Lille", "Fjord", "Sand"],
        suffixes: &["by", "borg", "lev", "sted", "rup", "bæk", "strup", "holm", "vig", "høj", "løse", "ager"],
        name: "{} Kommune",
        website: "https://www.{}.dk",
        languages: &["da", "en"],
    },
    CountryStyle {
        country: "GB",
        prefixes: &["North", "South", "East", "West", "Upper", "Kings", "Market", "Stan", "Ash", "Bar", "Sea", "Brook"],
        suffixes: &["ton", "ford", "bury", "ham", "wick", "field", "mouth", "ley", "by", "stead", "well", "cliffe"],
        name: "{} Council",
        website: "https://www.{}.gov.uk",
        languages: &["en"],
    },
    CountryStyle {
        country: "FR",
        prefixes: &["Mont", "Beau", "Val", "Ville", "Bel", "Roche", "Fonte", "Haut", "Clair", "Grand"],
        suffixes: &["ville", "court", "mont", "fort", "lieu", "mer", "pré", "bourg", "val", "champ"],
        name: "Ville de {}",
        website: "https://www.ville-{}.fr",
        languages: &["fr", "en"],
    },
    CountryStyle {
        country: "NO",
        prefixes: &["Nord", "Sør", "Øst", "Vest", "Fjell", "Strand", "Hav", "Berg", "Lys", "Elve"],
        suffixes: &["vik", "nes", "dal", "stad", "fjord", "øy", "sund", "berg", "heim", "land"],
        name: "{} kommune",
        website: "https://www.{}.kommune.no",
        languages: &["nb", "en"],
    },
    CountryStyle {
        country: "SE",
        prefixes: &["Norr", "Söder", "Väster", "Öster", "Sjö", "Berg", "Strand", "Lind", "Ek", "Hav"],
        suffixes: &["köping", "berg", "holm", "vik", "hamn", "by", "sund", "torp", "hult", "näs"],
        name: "{} kommun",
        website: "https://www.{}.se",
        languages: &["sv", "en"],
    },
    CountryStyle {
        country: "FI",
        prefixes: &["Järvi", "Koski", "Mäki", "Ranta", "Saari", "Laakso", "Metsä", "Kallio", "Lumi", "Harju"],
        suffixes: &["kylä", "niemi", "salo", "vaara", "joki", "lahti", "mäki", "linna", "vesi", "pää"],
        name: "City of {}",
        website: "https://www.{}.fi",
        languages: &["fi", "sv", "en"],
    },
    CountryStyle {
        country: "ES",
        prefixes: &["Vila", "Castell", "Torre", "Roca", "Puig", "Mont", "Riu", "Sant Martí de ", "Palau", "Cal"],
        suffixes: &["nova", "fort", "seca", "alta", "mar", "blanca", "ribes", "bella", "clara", "verd"],
        name: "Ajuntament de {}",
        website: "https://www.{}.cat",
        languages: &["ca", "es", "en"],
    },
];

/// The first thirty partners are fixed; more are invented per country from syllables.
fn build_partners(seed: u64, count: usize) -> Vec<Partner> {
    let mut partners: Vec<Partner> = BASE_PARTNERS
        .iter()
        .enumerate()
        .map(
            |(i, &(slug, name, short, country, kind, website, languages, region))| Partner {
                slug: slug.to_string(),
                name: name.to_string(),
                short: short.to_string(),
                country,
                kind,
                website: website.to_string(),
                languages: languages.to_vec(),
                region: region.map(str::to_string),
                lead: i == 0,
            },
        )
        .collect();
    let mut r = Rng::derive(seed, STREAM_PARTNERS, 0);
    let mut seen: std::collections::HashSet<String> =
        partners.iter().map(|p| p.slug.clone()).collect();
    while partners.len() < count {
        let style = &COUNTRY_STYLES[r.below(COUNTRY_STYLES.len())];
        let mut place = String::new();
        let mut slug = String::new();
        for attempt in 0.. {
            place = format!(
                "{}{}",
                style.prefixes[r.below(style.prefixes.len())],
                style.suffixes[r.below(style.suffixes.len())]
            );
            slug = slugify(&place);
            if attempt >= 20 {
                slug = format!("{slug}-{}", partners.len() + 1);
            }
            if seen.insert(slug.clone()) {
                break;
            }
        }
        let kind = match r.below(10) {
            0 => "county",
            1 => "region",
            _ => "municipality",
        };
        let name = match kind {
            "county" => format!("County of {place}"),
            "region" => format!("Region {place}"),
            _ => style.name.replace("{}", &place),
        };
        partners.push(Partner {
            website: style.website.replace("{}", &slug),
            slug,
            name,
            short: place,
            country: style.country,
            kind,
            languages: style.languages.to_vec(),
            region: None,
            lead: false,
        });
    }
    partners
}

/// A slug from a place name: ASCII letters and digits, accents folded, anything else a single hyphen.
fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'æ' | 'ä' => "ae",
            'ø' | 'ö' => "oe",
            'å' => "aa",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' => "o",
            'ú' | 'ù' | 'û' => "u",
            'ç' => "c",
            _ => "-",
        };
        if folded == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(folded);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `country` in running text, with its preposition.
#[rustfmt::skip]
fn country_phrase(country: &str, lang: Lang) -> &'static str {
    let row: Five = match country {
        "NL" => ["in the Netherlands", "in Nederland", "in den Niederlanden", "i Nederlandene", "aux Pays-Bas"],
        "BE" => ["in Belgium", "in België", "in Belgien", "i Belgien", "en Belgique"],
        "DE" => ["in Germany", "in Duitsland", "in Deutschland", "i Tyskland", "en Allemagne"],
        "DK" => ["in Denmark", "in Denemarken", "in Dänemark", "i Danmark", "au Danemark"],
        "GB" => ["in the United Kingdom", "in het Verenigd Koninkrijk", "im Vereinigten Königreich", "i Storbritannien", "au Royaume-Uni"],
        "FR" => ["in France", "in Frankrijk", "in Frankreich", "i Frankrig", "en France"],
        "NO" => ["in Norway", "in Noorwegen", "in Norwegen", "i Norge", "en Norvège"],
        "SE" => ["in Sweden", "in Zweden", "in Schweden", "i Sverige", "en Suède"],
        "FI" => ["in Finland", "in Finland", "in Finnland", "i Finland", "en Finlande"],
        _ => ["in Spain", "in Spanje", "in Spanien", "i Spanien", "en Espagne"],
    };
    row[lang.idx()]
}

/// The partner's kind with an indefinite article.
#[rustfmt::skip]
fn kind_phrase(kind: &str, lang: Lang) -> &'static str {
    let row: Five = match kind {
        "municipality" => ["a municipality", "een gemeente", "eine Kommune", "en kommune", "une commune"],
        "province" => ["a province", "een provincie", "eine Provinz", "en provins", "une province"],
        "region" => ["a region", "een regio", "eine Region", "en region", "une région"],
        "county" => ["a county council", "een graafschap", "ein Landkreis", "et amt", "un comté"],
        "university" => ["a university", "een universiteit", "eine Universität", "et universitet", "une université"],
        _ => ["a government agency", "een overheidsdienst", "eine Behörde", "en styrelse", "une agence publique"],
    };
    row[lang.idx()]
}

#[rustfmt::skip]
const PARTNER_DESCRIPTION: Five = [
    "{name} is {kind} {country}. It shares its work on digital public services with partners around the North Sea.",
    "{name} is {kind} {country}. De organisatie deelt haar werk aan digitale publieke diensten met partners rond de Noordzee.",
    "{name} ist {kind} {country}. Die Organisation teilt ihre Arbeit an digitalen öffentlichen Diensten mit Partnern rund um die Nordsee.",
    "{name} er {kind} {country}. Organisationen deler sit arbejde med digitale offentlige services med partnere omkring Nordsøen.",
    "{name} est {kind} {country}. L'organisation partage son travail sur les services publics numériques avec des partenaires autour de la mer du Nord.",
];

fn write_partners(out: &mut String, partners: &[Partner]) {
    out.push_str("# Synthetic partners written by `likewise generate`, for benchmarks.\n");
    for p in partners {
        out.push_str("\n[[partners]]\n");
        let _ = writeln!(out, "slug = {}", toml_str(&p.slug));
        let _ = writeln!(out, "name = {}", toml_str(&p.name));
        let _ = writeln!(out, "country = {}", toml_str(p.country));
        let _ = writeln!(out, "kind = {}", toml_str(p.kind));
        let _ = writeln!(out, "website = {}", toml_str(&p.website));
        let _ = writeln!(
            out,
            "languages = {}",
            toml_list(p.languages.iter().copied())
        );
        if let Some(region) = &p.region {
            let _ = writeln!(out, "region = {}", toml_str(region));
        }
        if p.lead {
            out.push_str("lead = true\n");
        }
        out.push_str("\n[partners.descriptions]\n");
        let mut langs = vec![Lang::En];
        if p.home() != Lang::En {
            langs.push(p.home());
        }
        for lang in langs {
            let text = PARTNER_DESCRIPTION[lang.idx()]
                .replace("{name}", &p.name)
                .replace("{kind}", kind_phrase(p.kind, lang))
                .replace("{country}", country_phrase(p.country, lang));
            let _ = writeln!(out, "{} = {}", lang.code(), toml_str(&text));
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Themes

struct ThemeDef {
    slug: &'static str,
    names: Five,
    descriptions: Five,
}

#[rustfmt::skip]
const THEMES: &[ThemeDef] = &[
    ThemeDef {
        slug: "smarter-services",
        names: ["Smarter services", "Slimmere dienstverlening", "Smartere Dienstleistungen", "Smartere service", "Services plus intelligents"],
        descriptions: [
            "Public services that are easier to find, understand and use, online and at the counter.",
            "Publieke diensten die makkelijker te vinden, te begrijpen en te gebruiken zijn, online en aan de balie.",
            "Öffentliche Dienste, die online und am Schalter leichter zu finden, zu verstehen und zu nutzen sind.",
            "Offentlige services, der er lettere at finde, forstå og bruge, både online og ved skranken.",
            "Des services publics plus faciles à trouver, à comprendre et à utiliser, en ligne comme au guichet.",
        ],
    },
    ThemeDef {
        slug: "chatbots",
        names: ["Chatbots", "Chatbots", "Chatbots", "Chatbots", "Chatbots"],
        descriptions: [
            "Chat programs that answer common questions at any hour and pass the harder ones to a person.",
            "Chatprogramma's die veelgestelde vragen op elk uur beantwoorden en lastige vragen doorgeven aan een mens.",
            "Chatprogramme, die häufige Fragen rund um die Uhr beantworten und schwierige an einen Menschen weitergeben.",
            "Chatprogrammer, der besvarer almindelige spørgsmål døgnet rundt og sender de svære videre til en medarbejder.",
            "Des programmes de discussion qui répondent à toute heure aux questions courantes et transmettent les plus difficiles à une personne.",
        ],
    },
    ThemeDef {
        slug: "data-dashboards",
        names: ["Data & dashboards", "Data & dashboards", "Daten & Dashboards", "Data & dashboards", "Données & tableaux de bord"],
        descriptions: [
            "Making public data visible and useful, with dashboards built together with the people who use them.",
            "Overheidsdata zichtbaar en bruikbaar maken, met dashboards die samen met de gebruikers worden gebouwd.",
            "Öffentliche Daten sichtbar und nützlich machen, mit Dashboards, die gemeinsam mit ihren Nutzern entstehen.",
            "Offentlige data gøres synlige og brugbare med dashboards, der bygges sammen med brugerne.",
            "Rendre les données publiques visibles et utiles, avec des tableaux de bord conçus avec leurs utilisateurs.",
        ],
    },
    ThemeDef {
        slug: "digital-democracy",
        names: ["Digital democracy", "Digitale democratie", "Digitale Demokratie", "Digitalt demokrati", "Démocratie numérique"],
        descriptions: [
            "Online tools that let residents share ideas, give their views and help make local decisions.",
            "Online middelen waarmee inwoners ideeën delen, hun mening geven en meebeslissen over lokale keuzes.",
            "Online-Werkzeuge, mit denen Einwohner Ideen einbringen, ihre Meinung sagen und mitentscheiden.",
            "Digitale værktøjer, hvor borgerne deler idéer, siger deres mening og er med til at beslutte.",
            "Des outils en ligne pour que les habitants proposent des idées, donnent leur avis et participent aux décisions locales.",
        ],
    },
    ThemeDef {
        slug: "innovation-culture",
        names: ["Innovation culture", "Innovatiecultuur", "Innovationskultur", "Innovationskultur", "Culture de l'innovation"],
        descriptions: [
            "Helping civil servants learn new skills and try new ideas together, with room to learn from mistakes.",
            "Ambtenaren helpen nieuwe vaardigheden te leren en samen ideeën te proberen, met ruimte om van fouten te leren.",
            "Beschäftigte der Verwaltung lernen Neues und erproben gemeinsam Ideen, mit Raum, aus Fehlern zu lernen.",
            "Medarbejdere lærer nye færdigheder og afprøver idéer sammen, med plads til at lære af fejl.",
            "Aider les agents à acquérir de nouvelles compétences et à tester ensemble des idées, avec le droit à l'erreur.",
        ],
    },
    ThemeDef {
        slug: "iot-sensors",
        names: ["IoT & sensors", "IoT & sensoren", "IoT & Sensoren", "IoT & sensorer", "Objets connectés & capteurs"],
        descriptions: [
            "Connected sensors that measure traffic, air, noise or full bins, so that services can act in time.",
            "Verbonden sensoren die verkeer, lucht, geluid of volle afvalbakken meten, zodat diensten op tijd kunnen handelen.",
            "Vernetzte Sensoren, die Verkehr, Luft, Lärm oder volle Mülleimer messen, damit Dienste rechtzeitig handeln.",
            "Forbundne sensorer, der måler trafik, luft, støj eller fyldte skraldespande, så kommunen kan handle i tide.",
            "Des capteurs connectés qui mesurent la circulation, l'air, le bruit ou les poubelles pleines, pour agir à temps.",
        ],
    },
    ThemeDef {
        slug: "inclusion-accessibility",
        names: ["Inclusion & accessibility", "Inclusie & toegankelijkheid", "Inklusion & Barrierefreiheit", "Inklusion & tilgængelighed", "Inclusion & accessibilité"],
        descriptions: [
            "Making sure everyone can use public services, including people with few digital skills.",
            "Zorgen dat iedereen publieke diensten kan gebruiken, ook mensen met weinig digitale vaardigheden.",
            "Dafür sorgen, dass alle öffentliche Dienste nutzen können, auch Menschen mit wenig digitaler Erfahrung.",
            "At sikre, at alle kan bruge offentlige services, også borgere med få digitale færdigheder.",
            "Faire en sorte que chacun puisse utiliser les services publics, y compris les personnes peu à l'aise avec le numérique.",
        ],
    },
    ThemeDef {
        slug: "open-source-reuse",
        names: ["Open source & reuse", "Open source & hergebruik", "Open Source & Wiederverwendung", "Open source & genbrug", "Open source & réutilisation"],
        descriptions: [
            "Sharing software and methods openly, so that other councils can reuse them instead of building them again.",
            "Software en methoden open delen, zodat andere gemeenten ze kunnen hergebruiken in plaats van opnieuw te bouwen.",
            "Software und Methoden offen teilen, damit andere Kommunen sie nachnutzen können, statt sie neu zu bauen.",
            "Software og metoder deles åbent, så andre kommuner kan genbruge dem i stedet for at bygge dem igen.",
            "Partager logiciels et méthodes en toute ouverture, pour que d'autres communes puissent les réutiliser.",
        ],
    },
    ThemeDef {
        slug: "mobility-parking",
        names: ["Mobility & parking", "Mobiliteit & parkeren", "Mobilität & Parken", "Mobilitet & parkering", "Mobilité & stationnement"],
        descriptions: [
            "Smarter ways to travel and park, from on-demand buses to parking sensors.",
            "Slimmer reizen en parkeren, van buurtbussen op afroep tot parkeersensoren.",
            "Klüger unterwegs sein und parken, vom Rufbus bis zum Parksensor.",
            "Smartere transport og parkering, fra telebusser til parkeringssensorer.",
            "Se déplacer et stationner plus intelligemment, du transport à la demande aux capteurs de stationnement.",
        ],
    },
    ThemeDef {
        slug: "climate-environment",
        names: ["Climate & environment", "Klimaat & milieu", "Klima & Umwelt", "Klima & miljø", "Climat & environnement"],
        descriptions: [
            "Digital tools that help save energy, reduce waste and keep the air clean.",
            "Digitale middelen die helpen energie te besparen, afval te verminderen en de lucht schoon te houden.",
            "Digitale Werkzeuge, die helfen, Energie zu sparen, Abfall zu vermeiden und die Luft sauber zu halten.",
            "Digitale værktøjer, der hjælper med at spare energi, mindske affald og holde luften ren.",
            "Des outils numériques pour économiser l'énergie, réduire les déchets et garder l'air propre.",
        ],
    },
    ThemeDef {
        slug: "permits-licensing",
        names: ["Permits & licences", "Vergunningen", "Genehmigungen", "Tilladelser", "Permis & autorisations"],
        descriptions: [
            "Applying for permits and licences online, with clear steps and fewer forms.",
            "Vergunningen online aanvragen, met duidelijke stappen en minder formulieren.",
            "Genehmigungen online beantragen, mit klaren Schritten und weniger Formularen.",
            "Ansøg om tilladelser online, med klare trin og færre blanketter.",
            "Demander permis et autorisations en ligne, avec des étapes claires et moins de formulaires.",
        ],
    },
    ThemeDef {
        slug: "care-wellbeing",
        names: ["Care & wellbeing", "Zorg & welzijn", "Pflege & Wohlbefinden", "Omsorg & trivsel", "Soins & bien-être"],
        descriptions: [
            "Technology that supports care at home and helps people stay independent for longer.",
            "Technologie die zorg thuis ondersteunt en mensen helpt langer zelfstandig te blijven.",
            "Technik, die die Pflege zu Hause unterstützt und Menschen hilft, länger selbstständig zu bleiben.",
            "Teknologi, der støtter plejen i hjemmet og hjælper borgerne med at klare sig selv længere.",
            "Des technologies qui soutiennent les soins à domicile et aident chacun à rester autonome plus longtemps.",
        ],
    },
];

fn write_themes(out: &mut String) {
    out.push_str("# Synthetic themes written by `likewise generate`, for benchmarks. Names are required in all five languages.\n");
    for t in THEMES {
        out.push_str("\n[[themes]]\n");
        let _ = writeln!(out, "slug = {}", toml_str(t.slug));
        out.push_str("\n[themes.names]\n");
        for lang in LANGS {
            let _ = writeln!(out, "{} = {}", lang.code(), toml_str(t.names[lang.idx()]));
        }
        out.push_str("\n[themes.descriptions]\n");
        for lang in LANGS {
            let _ = writeln!(
                out,
                "{} = {}",
                lang.code(),
                toml_str(t.descriptions[lang.idx()])
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary. Every list below is parallel across languages (en, nl, de, da, fr): entry i means the same in
// each, so a translation says what its source says.

/// What a case is about. Each language gives `bare|definite|definite object` (the last only where German
/// needs the accusative); templates use them where the grammar of every language holds.
struct Topic {
    slug: &'static str,
    themes: &'static [usize],
    forms: Five,
}

#[rustfmt::skip]
const TOPICS: &[Topic] = &[
    Topic { slug: "chatbot", themes: &[1, 0], forms: ["chatbot|the chatbot", "chatbot|de chatbot", "Chatbot|der Chatbot|den Chatbot", "chatbot|chatbotten", "chatbot|le chatbot"] },
    Topic { slug: "neighbourhood-dashboard", themes: &[2], forms: ["neighbourhood dashboard|the neighbourhood dashboard", "wijkdashboard|het wijkdashboard", "Quartiersdashboard|das Quartiersdashboard", "bydelsdashboard|bydelsdashboardet", "tableau de bord de quartier|le tableau de bord de quartier"] },
    Topic { slug: "open-data-portal", themes: &[2, 7], forms: ["open data portal|the open data portal", "open-dataportaal|het open-dataportaal", "Open-Data-Portal|das Open-Data-Portal", "portal for åbne data|portalen for åbne data", "portail de données ouvertes|le portail de données ouvertes"] },
    Topic { slug: "sensor-network", themes: &[5], forms: ["sensor network|the sensor network", "sensornetwerk|het sensornetwerk", "Sensornetz|das Sensornetz", "sensornetværk|sensornetværket", "réseau de capteurs|le réseau de capteurs"] },
    Topic { slug: "participation-platform", themes: &[3], forms: ["participation platform|the participation platform", "participatieplatform|het participatieplatform", "Beteiligungsplattform|die Beteiligungsplattform", "deltagelsesplatform|deltagelsesplatformen", "plateforme de participation|la plateforme de participation"] },
    Topic { slug: "digital-counter", themes: &[0], forms: ["digital counter|the digital counter", "digitale balie|de digitale balie", "digitaler Schalter|der digitale Schalter|den digitalen Schalter", "digital skranke|den digitale skranke", "guichet numérique|le guichet numérique"] },
    Topic { slug: "online-permits", themes: &[10, 0], forms: ["online permit application|the online permit application", "online vergunningaanvraag|de online vergunningaanvraag", "Online-Bauantrag|der Online-Bauantrag|den Online-Bauantrag", "digital byggeansøgning|den digitale byggeansøgning", "demande de permis en ligne|la demande de permis en ligne"] },
    Topic { slug: "smart-parking", themes: &[8, 5], forms: ["smart parking system|the smart parking system", "slim parkeersysteem|het slimme parkeersysteem", "intelligentes Parksystem|das intelligente Parksystem", "smart parkeringssystem|det smarte parkeringssystem", "système de stationnement intelligent|le système de stationnement intelligent"] },
    Topic { slug: "smart-waste-collection", themes: &[9, 5], forms: ["smart waste collection|the smart waste collection", "slimme afvalinzameling|de slimme afvalinzameling", "intelligente Müllabfuhr|die intelligente Müllabfuhr", "smart affaldsindsamling|den smarte affaldsindsamling", "collecte intelligente des déchets|la collecte intelligente des déchets"] },
    Topic { slug: "energy-monitor", themes: &[9, 2], forms: ["energy monitor|the energy monitor", "energiemonitor|de energiemonitor", "Energiemonitor|der Energiemonitor|den Energiemonitor", "energimonitor|energimonitoren", "suivi énergétique|le suivi énergétique"] },
    Topic { slug: "service-lab", themes: &[0, 6], forms: ["service lab|the service lab", "dienstverleningslab|het dienstverleningslab", "Servicelabor|das Servicelabor", "servicelaboratorium|servicelaboratoriet", "laboratoire de services|le laboratoire de services"] },
    Topic { slug: "digital-help-desk", themes: &[6], forms: ["digital help desk|the digital help desk", "digitaal spreekuur|het digitale spreekuur", "digitale Sprechstunde|die digitale Sprechstunde", "digital hjælpecafé|den digitale hjælpecafé", "permanence numérique|la permanence numérique"] },
    Topic { slug: "plain-language", themes: &[6, 0], forms: ["plain language programme|the plain language programme", "programma voor begrijpelijke taal|het programma voor begrijpelijke taal", "Programm für einfache Sprache|das Programm für einfache Sprache", "program for klart sprog|programmet for klart sprog", "programme de langage clair|le programme de langage clair"] },
    Topic { slug: "data-literacy-course", themes: &[4, 2], forms: ["data literacy course|the data literacy course", "cursus datageletterdheid|de cursus datageletterdheid", "Datenkompetenzkurs|der Datenkompetenzkurs|den Datenkompetenzkurs", "kursus i datakompetencer|kurset i datakompetencer", "formation aux données|la formation aux données"] },
    Topic { slug: "innovation-academy", themes: &[4], forms: ["innovation academy|the innovation academy", "innovatieacademie|de innovatieacademie", "Innovationsakademie|die Innovationsakademie", "innovationsakademi|innovationsakademiet", "académie de l'innovation|l'académie de l'innovation"] },
    Topic { slug: "participatory-budget", themes: &[3], forms: ["participatory budget|the participatory budget", "burgerbegroting|de burgerbegroting", "Bürgerhaushalt|der Bürgerhaushalt|den Bürgerhaushalt", "borgerbudget|borgerbudgettet", "budget participatif|le budget participatif"] },
    Topic { slug: "online-consultation", themes: &[3], forms: ["online consultation|the online consultation", "online raadpleging|de online raadpleging", "Online-Befragung|die Online-Befragung", "digital høring|den digitale høring", "consultation en ligne|la consultation en ligne"] },
    Topic { slug: "street-reporting-app", themes: &[0, 5], forms: ["street reporting app|the street reporting app", "meldingen-app|de meldingen-app", "Mängelmelder-App|die Mängelmelder-App", "app til fejlmeldinger|appen til fejlmeldinger", "application de signalement|l'application de signalement"] },
    Topic { slug: "telecare-service", themes: &[11, 6], forms: ["telecare service|the telecare service", "zorg op afstand|de zorg op afstand", "Telepflegedienst|der Telepflegedienst|den Telepflegedienst", "digital hjemmepleje|den digitale hjemmepleje", "service de téléassistance|le service de téléassistance"] },
    Topic { slug: "digital-twin", themes: &[2, 8], forms: ["digital twin|the digital twin", "digitale tweeling|de digitale tweeling", "digitaler Zwilling|der digitale Zwilling|den digitalen Zwilling", "digital tvilling|den digitale tvilling", "jumeau numérique|le jumeau numérique"] },
    Topic { slug: "citizen-account", themes: &[0], forms: ["citizen account|the citizen account", "digitaal burgerloket|het digitale burgerloket", "digitales Bürgerkonto|das digitale Bürgerkonto", "digital borgerkonto|den digitale borgerkonto", "compte citoyen numérique|le compte citoyen numérique"] },
    Topic { slug: "smart-street-lighting", themes: &[9, 5], forms: ["smart street lighting|the smart street lighting", "slimme straatverlichting|de slimme straatverlichting", "intelligente Straßenbeleuchtung|die intelligente Straßenbeleuchtung", "intelligent gadebelysning|den intelligente gadebelysning", "éclairage public intelligent|l'éclairage public intelligent"] },
    Topic { slug: "open-source-forms", themes: &[7, 0], forms: ["open-source form builder|the open-source form builder", "open-source formulierenbouwer|de open-source formulierenbouwer", "Open-Source-Formularbaukasten|der Open-Source-Formularbaukasten|den Open-Source-Formularbaukasten", "open source-formularværktøj|open source-formularværktøjet", "générateur de formulaires libre|le générateur de formulaires libre"] },
    Topic { slug: "on-demand-bus", themes: &[8], forms: ["on-demand bus|the on-demand bus", "buurtbus op afroep|de buurtbus op afroep", "Rufbus|der Rufbus|den Rufbus", "telebus|telebussen", "transport à la demande|le transport à la demande"] },
    Topic { slug: "shared-code-library", themes: &[7, 4], forms: ["shared code library|the shared code library", "gedeelde codebibliotheek|de gedeelde codebibliotheek", "gemeinsame Code-Bibliothek|die gemeinsame Code-Bibliothek", "fælles kodebibliotek|det fælles kodebibliotek", "bibliothèque de code partagée|la bibliothèque de code partagée"] },
    Topic { slug: "care-appointment-app", themes: &[11], forms: ["care appointment app|the care appointment app", "zorgafspraken-app|de zorgafspraken-app", "Pflegetermin-App|die Pflegetermin-App", "app til plejeaftaler|appen til plejeaftaler", "application de rendez-vous de soins|l'application de rendez-vous de soins"] },
    Topic { slug: "event-permit-portal", themes: &[10], forms: ["event permit portal|the event permit portal", "evenementenloket|het evenementenloket", "Veranstaltungsportal|das Veranstaltungsportal", "arrangementsportal|arrangementsportalen", "portail des autorisations d'événements|le portail des autorisations d'événements"] },
];

/// The people a case serves (plural, no article).
#[rustfmt::skip]
const GROUPS: &[Five] = &[
    ["residents", "inwoners", "Einwohner", "borgere", "habitants"],
    ["older residents", "ouderen", "Seniorinnen und Senioren", "ældre borgere", "personnes âgées"],
    ["young people", "jongeren", "Jugendliche", "unge", "jeunes"],
    ["entrepreneurs", "ondernemers", "Unternehmen", "virksomheder", "entrepreneurs"],
    ["people with a disability", "mensen met een beperking", "Menschen mit Behinderung", "borgere med handicap", "personnes en situation de handicap"],
    ["villagers", "dorpsbewoners", "Dorfbewohner", "landsbyboere", "habitants des villages"],
    ["students", "studenten", "Studierende", "studerende", "étudiants"],
    ["families with children", "gezinnen met kinderen", "Familien mit Kindern", "børnefamilier", "familles avec enfants"],
    ["newcomers", "nieuwkomers", "Neuzugezogene", "tilflyttere", "nouveaux arrivants"],
    ["visitors", "bezoekers", "Besucher", "besøgende", "visiteurs"],
    ["carers", "mantelzorgers", "pflegende Angehörige", "pårørende", "aidants"],
];

/// Things people deal with (plural, no article).
#[rustfmt::skip]
const OBJECTS: &[Five] = &[
    ["forms", "formulieren", "Formulare", "blanketter", "formulaires"],
    ["letters", "brieven", "Briefe", "breve", "courriers"],
    ["questions", "vragen", "Fragen", "spørgsmål", "questions"],
    ["reports", "meldingen", "Meldungen", "henvendelser", "signalements"],
    ["applications", "aanvragen", "Anträge", "ansøgninger", "demandes"],
    ["complaints", "klachten", "Beschwerden", "klager", "réclamations"],
    ["appointments", "afspraken", "Termine", "aftaler", "rendez-vous"],
    ["datasets", "datasets", "Datensätze", "datasæt", "jeux de données"],
    ["ideas", "ideeën", "Ideen", "idéer", "idées"],
    ["payments", "betalingen", "Zahlungen", "betalinger", "paiements"],
];

/// Adjectives in the form that fits the templates' subjects (predicative; Danish common gender; French
/// masculine).
#[rustfmt::skip]
const ADJECTIVES: &[Five] = &[
    ["simple", "eenvoudig", "einfach", "enkel", "simple"],
    ["useful", "nuttig", "nützlich", "nyttig", "utile"],
    ["clear", "duidelijk", "verständlich", "tydelig", "clair"],
    ["reliable", "betrouwbaar", "zuverlässig", "pålidelig", "fiable"],
    ["cheap", "goedkoop", "günstig", "billig", "économique"],
    ["fast", "snel", "schnell", "hurtig", "rapide"],
    ["accessible", "toegankelijk", "barrierefrei", "tilgængelig", "accessible"],
    ["popular", "populair", "beliebt", "populær", "populaire"],
];

/// Sentence templates. Slots: {c} place, {f} French "de/d' place", {t} topic, {d} the topic, {k} the topic
/// as object, {u} second topic, {e} the second topic, {g} group, {h} second group, {o} things, {a}
/// adjective, {n} small number, {m} larger number, {p} percentage, {y} year, {w} months or weeks.
#[rustfmt::skip]
const SENTENCES: &[Five] = &[
    ["{c} wanted to make {o} easier for {g}.", "{c} wilde {o} makkelijker maken voor {g}.", "{c} wollte {o} für {g} einfacher machen.", "{c} ville gøre {o} lettere for {g}.", "{c} voulait simplifier les {o} pour les {g}."],
    ["Many {g} found the old process slow and confusing.", "Veel {g} vonden de oude werkwijze traag en verwarrend.", "Viele {g} fanden das alte Verfahren langsam und verwirrend.", "Mange {g} syntes, at den gamle proces var langsom og forvirrende.", "Une partie des {g} trouvait l'ancienne procédure lente et compliquée."],
    ["The team started with a small pilot in {y}.", "Het team begon in {y} met een kleine proef.", "Das Team begann {y} mit einem kleinen Pilotprojekt.", "Holdet begyndte med et lille forsøg i {y}.", "L'équipe a commencé par un petit projet pilote en {y}."],
    ["Within {w} months, {n} departments were involved.", "Binnen {w} maanden deden er {n} afdelingen mee.", "Innerhalb von {w} Monaten machten {n} Fachbereiche mit.", "Inden for {w} måneder var {n} afdelinger med.", "En {w} mois, {n} services municipaux y ont participé."],
    ["{d} now handles about {m} {o} a year.", "{d} verwerkt nu zo'n {m} {o} per jaar.", "{d} bearbeitet heute rund {m} {o} im Jahr.", "{d} håndterer nu omkring {m} {o} om året.", "{d} traite aujourd'hui environ {m} {o} par an."],
    ["About {p} percent of users said the new service was {a}.", "Ongeveer {p} procent van de gebruikers vond de nieuwe dienst {a}.", "Etwa {p} Prozent der Befragten fanden den neuen Dienst {a}.", "Omkring {p} procent af brugerne syntes, at den nye løsning var {a}.", "Environ {p} % des personnes interrogées ont trouvé le nouveau service {a}."],
    ["The project team and {g} designed {k} together.", "Het projectteam en {g} ontwierpen {k} samen.", "Das Projektteam und {g} entwickelten {k} gemeinsam.", "Projektgruppen og {g} udviklede {k} sammen.", "L'équipe du projet et les {g} ont conçu {k} ensemble."],
    ["The first version was tested with {n} {g}.", "De eerste versie werd getest met {n} {g}.", "Die erste Version wurde mit {n} Testpersonen erprobt.", "Den første version blev testet med {n} {g}.", "La première version a été testée avec {n} {g}."],
    ["Not everything worked at once.", "Niet alles werkte meteen.", "Nicht alles funktionierte sofort.", "Ikke alt virkede med det samme.", "Tout n'a pas fonctionné tout de suite."],
    ["Some {g} still preferred to call or to visit the town hall.", "Sommige {g} belden liever of kwamen naar het stadhuis.", "Manche {g} riefen lieber an oder kamen ins Rathaus.", "Nogle {g} foretrak stadig at ringe eller komme på rådhuset.", "Certains usagers préféraient encore téléphoner ou se rendre à la mairie."],
    ["The project team published the results as open data.", "Het projectteam publiceerde de resultaten als open data.", "Das Projektteam veröffentlichte die Ergebnisse als offene Daten.", "Projektgruppen offentliggjorde resultaterne som åbne data.", "L'équipe du projet a publié les résultats en données ouvertes."],
    ["The costs were lower than expected.", "De kosten waren lager dan verwacht.", "Die Kosten waren niedriger als erwartet.", "Udgifterne var lavere end ventet.", "Les coûts ont été plus faibles que prévu."],
    ["Other municipalities can reuse the code and the manuals.", "Andere gemeenten kunnen de code en de handleidingen hergebruiken.", "Andere Kommunen können den Code und die Handbücher nachnutzen.", "Andre kommuner kan genbruge koden og vejledningerne.", "D'autres communes peuvent réutiliser le code et les guides."],
    ["The idea came from a workshop with {g} and {h}.", "Het idee kwam uit een werksessie met {g} en {h}.", "Die Idee entstand in einem Workshop für {g} und {h}.", "Idéen opstod på en workshop med {g} og {h}.", "L'idée est née d'un atelier avec des {g} et des {h}."],
    ["The service turned out to be {a}.", "De dienst bleek {a}.", "Der Dienst erwies sich als {a}.", "Løsningen viste sig at være {a}.", "Le service s'est révélé {a}."],
    ["Privacy was discussed early, with the data protection officer at the table.", "Privacy kwam vroeg aan bod, met de functionaris gegevensbescherming aan tafel.", "Der Datenschutz wurde früh besprochen, mit der Datenschutzbeauftragten am Tisch.", "Databeskyttelse blev drøftet tidligt, med databeskyttelsesrådgiveren ved bordet.", "La protection des données a été abordée dès le début, avec le délégué à la protection des données."],
    ["{d} and {e} now share the same data.", "{d} en {e} delen nu dezelfde gegevens.", "{d} und {e} nutzen inzwischen dieselben Daten.", "{d} og {e} deler nu de samme data.", "{d} et {e} partagent désormais les mêmes données."],
    ["Staff received a short training of {n} hours.", "Medewerkers kregen een korte training van {n} uur.", "Die Beschäftigten erhielten eine kurze Schulung von {n} Stunden.", "Medarbejderne fik et kort kursus på {n} timer.", "Le personnel a suivi une courte formation de {n} heures."],
    ["The number of phone calls fell by {p} percent.", "Het aantal telefoontjes daalde met {p} procent.", "Die Zahl der Anrufe sank um {p} Prozent.", "Antallet af telefonopkald faldt med {p} procent.", "Le nombre d'appels téléphoniques a baissé de {p} %."],
    ["Feedback from {g} led to {n} small improvements.", "Reacties van {g} leidden tot {n} kleine verbeteringen.", "Die Rückmeldungen führten zu {n} kleinen Verbesserungen.", "Tilbagemeldinger fra {g} førte til {n} små forbedringer.", "Les retours des usagers ont conduit à {n} petites améliorations."],
    ["In {y} the council decided to continue the service.", "In {y} besloot de gemeenteraad om de dienst voort te zetten.", "Im Jahr {y} beschloss der Rat, den Dienst fortzuführen.", "I {y} besluttede kommunalbestyrelsen at fortsætte med løsningen.", "En {y}, le conseil municipal a décidé de poursuivre le service."],
    ["Plain language and clear buttons mattered more than new technology.", "Eenvoudige taal en duidelijke knoppen bleken belangrijker dan nieuwe technologie.", "Einfache Sprache und klare Schaltflächen waren wichtiger als neue Technik.", "Klart sprog og tydelige knapper betød mere end ny teknologi.", "Un langage clair et des boutons lisibles ont compté davantage que la technologie."],
    ["The team measured how long it took to complete a task.", "Het team mat hoe lang het duurde om een taak af te ronden.", "Das Team maß, wie lange es dauerte, eine Aufgabe zu erledigen.", "Holdet målte, hvor lang tid det tog at løse en opgave.", "L'équipe a mesuré le temps nécessaire pour accomplir une démarche."],
    ["A supplier built the first prototype in {w} weeks.", "Een leverancier bouwde het eerste prototype in {w} weken.", "Ein Dienstleister baute den ersten Prototyp in {w} Wochen.", "En leverandør byggede den første prototype på {w} uger.", "Un prestataire a construit le premier prototype en {w} semaines."],
    ["Everything was tested in the library and in community centres.", "Alles werd getest in de bibliotheek en in buurthuizen.", "Getestet wurde in der Bibliothek und in Stadtteilzentren.", "Alt blev testet på biblioteket og i medborgerhuse.", "Tout a été testé à la médiathèque et dans les maisons de quartier."],
    ["{g} can now follow the status of their {o} online.", "{g} kunnen de status van hun {o} nu online volgen.", "{g} können den Stand ihrer {o} jetzt online verfolgen.", "{g} kan nu følge status for deres {o} online.", "Les {g} peuvent désormais suivre l'état de leurs {o} en ligne."],
    ["The most important lesson: start small and involve {g} from the first day.", "De belangrijkste les: begin klein en betrek {g} vanaf de eerste dag.", "Die wichtigste Lehre: klein anfangen und {g} vom ersten Tag an einbeziehen.", "Den vigtigste lære: start i det små, og inddrag {g} fra første dag.", "La principale leçon : commencer petit et associer les {g} dès le premier jour."],
    ["The project was part of a European partnership around the North Sea.", "Het project maakte deel uit van een Europees partnerschap rond de Noordzee.", "Das Projekt war Teil einer europäischen Partnerschaft rund um die Nordsee.", "Projektet var en del af et europæisk partnerskab omkring Nordsøen.", "Le projet faisait partie d'un partenariat européen autour de la mer du Nord."],
    ["Several {g} joined a panel that meets every {w} weeks.", "Een aantal {g} zit in een panel dat elke {w} weken bijeenkomt.", "Einige {g} sitzen in einem Beirat, der alle {w} Wochen tagt.", "En række {g} sidder i et panel, der mødes hver {w}. uge.", "Plusieurs {g} font partie d'un panel qui se réunit toutes les {w} semaines."],
    ["The waiting time at the counter dropped by {p} percent.", "De wachttijd aan de balie daalde met {p} procent.", "Die Wartezeit am Schalter sank um {p} Prozent.", "Ventetiden ved skranken faldt med {p} procent.", "Le temps d'attente au guichet a diminué de {p} %."],
    ["In the first year, {m} people used {k}.", "In het eerste jaar gebruikten {m} mensen {k}.", "Im ersten Jahr nutzten {m} Menschen {k}.", "Det første år brugte {m} personer {k}.", "La première année, {m} personnes ont utilisé {k}."],
    ["{c} chose open standards so that it can change suppliers later.", "{c} koos open standaarden, zodat de gemeente later van leverancier kan wisselen.", "{c} setzte auf offene Standards, um später den Anbieter wechseln zu können.", "{c} valgte åbne standarder, så kommunen senere kan skifte leverandør.", "{c} a choisi des standards ouverts pour pouvoir changer de prestataire plus tard."],
];

/// The first sentence of a summary.
#[rustfmt::skip]
const SUMMARY_OPENERS: &[Five] = &[
    ["{c} introduced {k} for {g}.", "{c} voerde {k} in voor {g}.", "{c} führte {k} für {g} ein.", "{c} indførte {k} for {g}.", "{c} a mis en place {k} pour les {g}."],
    ["{c} tested {k} with {g}.", "{c} testte {k} met {g}.", "{c} erprobte {k} für {g}.", "{c} testede {k} med {g}.", "{c} a testé {k} avec des {g}."],
    ["With {k}, {c} wanted to help {g} faster.", "Met {k} wilde {c} {g} sneller helpen.", "{c} setzte {k} ein, damit {g} schneller Antworten bekommen.", "Med {k} ville {c} hjælpe {g} hurtigere.", "Avec {k}, {c} voulait aider les {g} plus rapidement."],
    ["{c} worked with {g} on {k}.", "{c} werkte met {g} aan {k}.", "{c} entwickelte {k} zusammen mit Fachleuten und {g}.", "{c} arbejdede sammen med {g} om {k}.", "{c} a travaillé avec des {g} sur {k}."],
];

/// Case titles; `{t}` starts with a capital when it opens the title.
#[rustfmt::skip]
const TITLES: &[Five] = &[
    ["{t} for {g} in {c}", "{t} voor {g} in {c}", "{t} für {g} in {c}", "{t} til {g} i {c}", "{t} pour les {g} à {c}"],
    ["How {c} built {k}", "Hoe {c} {k} bouwde", "Wie {c} {k} aufgebaut hat", "Sådan byggede {c} {k}", "Comment {c} a construit {k}"],
    ["{t}: lessons from {c}", "{t}: lessen uit {c}", "{t}: Erfahrungen aus {c}", "{t}: erfaringer fra {c}", "{t} : les leçons {f}"],
    ["{c} tests {k} with {g}", "{c} test {k} met {g}", "{c} erprobt {k} für {g}", "{c} tester {k} med {g}", "{c} teste {k} avec des {g}"],
    ["What {c} learned about {k}", "Wat {c} leerde over {k}", "Was {c} über {k} gelernt hat", "Hvad {c} lærte om {k}", "Ce que {c} a appris sur {k}"],
    ["From pilot to practice: {t} in {c}", "Van proef naar praktijk: {t} in {c}", "Vom Pilotprojekt zur Praxis: {t} in {c}", "Fra forsøg til drift: {t} i {c}", "Du pilote à la pratique : {t} à {c}"],
    ["{t} and {u} in {c}", "{t} en {u} in {c}", "{t} und {u} in {c}", "{t} og {u} i {c}", "{t} et {u} à {c}"],
    ["Simpler {o} with {k} in {c}", "Eenvoudiger {o} met {k} in {c}", "Einfachere {o} in {c}", "Enklere {o} med {k} i {c}", "Des {o} plus simples à {c}"],
];

#[rustfmt::skip]
const HEADINGS: &[Five] = &[
    ["Challenge", "Uitdaging", "Herausforderung", "Udfordring", "Le défi"],
    ["Approach", "Aanpak", "Vorgehen", "Tilgang", "La démarche"],
    ["Results", "Resultaten", "Ergebnisse", "Resultater", "Les résultats"],
    ["Lessons for other municipalities", "Lessen voor andere gemeenten", "Lehren für andere Kommunen", "Erfaringer for andre kommuner", "Leçons pour d'autres communes"],
    ["Costs and funding", "Kosten en financiering", "Kosten und Finanzierung", "Udgifter og finansiering", "Coûts et financement"],
    ["Technology", "Techniek", "Technik", "Teknologi", "La technique"],
    ["Working with residents", "Samenwerken met inwoners", "Zusammenarbeit mit den Einwohnern", "Samarbejde med borgerne", "Travailler avec les habitants"],
    ["Next steps", "Volgende stappen", "Nächste Schritte", "Næste skridt", "Prochaines étapes"],
    ["Privacy and security", "Privacy en beveiliging", "Datenschutz und Sicherheit", "Databeskyttelse og sikkerhed", "Protection des données et sécurité"],
    ["What we would do differently", "Wat we anders zouden doen", "Was wir anders machen würden", "Hvad vi ville gøre anderledes", "Ce que nous ferions autrement"],
];

#[rustfmt::skip]
const LIST_INTRO: Five = [
    "The team worked by a few simple rules:",
    "Het team hield zich aan een paar eenvoudige regels:",
    "Das Team hielt sich an einige einfache Regeln:",
    "Holdet fulgte nogle få enkle regler:",
    "L'équipe a suivi quelques règles simples :",
];

#[rustfmt::skip]
const LIST_ITEMS: &[Five] = &[
    ["Start with one service that many {g} use.", "Begin met één dienst die veel {g} gebruiken.", "Mit einem Dienst beginnen, den viele {g} nutzen.", "Start med én service, som mange {g} bruger.", "Commencer par un service que beaucoup d'usagers utilisent."],
    ["Test with real users, not only with colleagues.", "Test met echte gebruikers, niet alleen met collega's.", "Mit echten Nutzern testen, nicht nur mit Kollegen.", "Test med rigtige brugere, ikke kun med kolleger.", "Tester avec de vrais usagers, pas seulement avec des collègues."],
    ["Write in plain language.", "Schrijf in eenvoudige taal.", "In einfacher Sprache schreiben.", "Skriv i et klart sprog.", "Écrire dans un langage clair."],
    ["Measure before and after.", "Meet vooraf en achteraf.", "Vorher und nachher messen.", "Mål før og efter.", "Mesurer avant et après."],
    ["Publish the source code under an open licence.", "Publiceer de broncode onder een open licentie.", "Den Quellcode unter einer offenen Lizenz veröffentlichen.", "Offentliggør kildekoden under en åben licens.", "Publier le code source sous une licence libre."],
    ["Keep the counter open for people who need it.", "Houd de balie open voor wie dat nodig heeft.", "Den Schalter für alle offen halten, die ihn brauchen.", "Hold skranken åben for dem, der har brug for det.", "Garder le guichet ouvert pour celles et ceux qui en ont besoin."],
    ["Agree on who owns the data.", "Spreek af wie eigenaar is van de data.", "Klären, wem die Daten gehören.", "Aftal, hvem der ejer data.", "Décider qui est propriétaire des données."],
    ["Plan time to train staff.", "Plan tijd in om medewerkers te trainen.", "Zeit für die Schulung der Beschäftigten einplanen.", "Sæt tid af til at uddanne medarbejderne.", "Prévoir du temps pour former le personnel."],
    ["Share the results with {g} and other councils.", "Deel de resultaten met {g} en andere gemeenten.", "Die Ergebnisse offen teilen, auch mit anderen Kommunen.", "Del resultaterne med {g} og andre kommuner.", "Partager les résultats avec les {g} et d'autres communes."],
    ["Ask the data protection officer early.", "Vraag de functionaris gegevensbescherming vroeg om advies.", "Die Datenschutzbeauftragte früh fragen.", "Spørg databeskyttelsesrådgiveren tidligt.", "Consulter tôt le délégué à la protection des données."],
    ["Budget for maintenance, not only for the launch.", "Maak een budget voor beheer, niet alleen voor de lancering.", "Ein Budget für den Betrieb einplanen, nicht nur für den Start.", "Afsæt budget til drift, ikke kun til lanceringen.", "Prévoir un budget pour la maintenance, pas seulement pour le lancement."],
    ["Choose open standards so that you can change suppliers.", "Kies open standaarden, zodat u van leverancier kunt wisselen.", "Offene Standards wählen, um den Anbieter wechseln zu können.", "Vælg åbne standarder, så I kan skifte leverandør.", "Choisir des standards ouverts pour pouvoir changer de prestataire."],
];

#[rustfmt::skip]
const TABLE_INTRO: Five = [
    "The main figures, before and after:",
    "De belangrijkste cijfers, voor en na:",
    "Die wichtigsten Zahlen, vorher und nachher:",
    "De vigtigste tal, før og efter:",
    "Les principaux chiffres, avant et après :",
];

#[rustfmt::skip]
const TABLE_HEAD: [[&str; 3]; 5] = [
    ["Measure", "Before", "After"],
    ["Meting", "Voor", "Na"],
    ["Kennzahl", "Vorher", "Nachher"],
    ["Måling", "Før", "Efter"],
    ["Indicateur", "Avant", "Après"],
];

/// Table rows, and whether the figure is a percentage that should rise (otherwise a count that falls).
#[rustfmt::skip]
const METRICS: &[(Five, bool)] = &[
    (["Average handling time (minutes)", "Gemiddelde behandeltijd (minuten)", "Durchschnittliche Bearbeitungszeit (Minuten)", "Gennemsnitlig sagsbehandlingstid (minutter)", "Temps de traitement moyen (minutes)"], false),
    (["Phone calls per week", "Telefoontjes per week", "Anrufe pro Woche", "Telefonopkald om ugen", "Appels par semaine"], false),
    (["Satisfied users (%)", "Tevreden gebruikers (%)", "Zufriedene Nutzer (%)", "Tilfredse brugere (%)", "Usagers satisfaits (%)"], true),
    (["Applications made online (%)", "Online aanvragen (%)", "Online gestellte Anträge (%)", "Ansøgninger indsendt online (%)", "Demandes faites en ligne (%)"], true),
    (["Complaints per month", "Klachten per maand", "Beschwerden pro Monat", "Klager om måneden", "Réclamations par mois"], false),
];

#[rustfmt::skip]
const QUOTES: &[Five] = &[
    ["We learned more in one afternoon with residents than in a year of meetings.", "We leerden in één middag met inwoners meer dan in een jaar vergaderen.", "An einem Nachmittag mit Einwohnern haben wir mehr gelernt als in einem Jahr voller Sitzungen.", "Vi lærte mere på én eftermiddag med borgerne end på et år med møder.", "Nous avons appris davantage en un après-midi avec les habitants qu'en un an de réunions."],
    ["The technology was the easy part. Changing how we work took longer.", "De techniek was het makkelijke deel. Onze manier van werken veranderen duurde langer.", "Die Technik war der leichte Teil. Unsere Arbeitsweise zu ändern, dauerte länger.", "Teknologien var den nemme del. Det tog længere tid at ændre vores måde at arbejde på.", "La technique était la partie facile. Changer notre façon de travailler a pris plus de temps."],
    ["People do not care whether a service is digital. It simply has to work.", "Het maakt mensen niet uit of een dienst digitaal is. Hij moet gewoon werken.", "Den Menschen ist egal, ob ein Dienst digital ist. Er muss einfach funktionieren.", "Folk er ligeglade med, om en service er digital. Den skal bare virke.", "Peu importe aux gens qu'un service soit numérique. Il doit simplement fonctionner."],
    ["Start small, but start.", "Begin klein, maar begin.", "Klein anfangen, aber anfangen.", "Start i det små, men start.", "Commencer petit, mais commencer."],
    ["Because we built it together, people trust it.", "Omdat we het samen hebben gebouwd, vertrouwen mensen het.", "Weil wir es gemeinsam gebaut haben, vertrauen die Menschen darauf.", "Fordi vi byggede det sammen, har folk tillid til det.", "Parce que nous l'avons construit ensemble, les gens lui font confiance."],
];

#[rustfmt::skip]
const QUOTE_ROLES: &[Five] = &[
    ["project leader", "projectleider", "Projektleiterin", "projektleder", "cheffe de projet"],
    ["civil servant", "ambtenaar", "Mitarbeiter der Verwaltung", "medarbejder", "agent municipal"],
    ["resident", "inwoner", "Einwohnerin", "borger", "habitante"],
    ["alderman", "wethouder", "Bürgermeister", "rådmand", "adjoint au maire"],
];

#[rustfmt::skip]
const LINK_SENTENCE: Five = [
    "Read more on the [project page]({url}).",
    "Meer informatie staat op de [projectpagina]({url}).",
    "Mehr dazu steht auf der [Projektseite]({url}).",
    "Læs mere på [projektsiden]({url}).",
    "Plus d'informations sur la [page du projet]({url}).",
];

/// Titles of the source file's `links`, and what each adds to the project address.
#[rustfmt::skip]
const LINKS: &[(Five, &str)] = &[
    (["Project page", "Projectpagina", "Projektseite", "Projektside", "Page du projet"], ""),
    (["Source code", "Broncode", "Quellcode", "Kildekode", "Code source"], "/code"),
    (["Final report", "Eindrapport", "Abschlussbericht", "Slutrapport", "Rapport final"], "/report"),
    (["Council decision", "Raadsbesluit", "Ratsbeschluss", "Byrådsbeslutning", "Délibération du conseil"], "/decision"),
    (["User research", "Gebruikersonderzoek", "Nutzerforschung", "Brugerundersøgelse", "Étude auprès des usagers"], "/research"),
];

const CONTACT_NAME: Five = [
    "{t} team, {c}",
    "Team {t}, {c}",
    "Projektteam {t}, {c}",
    "Projektgruppen for {t}, {c}",
    "Équipe {t}, {c}",
];

/// Tags that fit any case, in the file's language.
#[rustfmt::skip]
const TAGS: &[Five] = &[
    ["service design", "dienstontwerp", "Servicedesign", "servicedesign", "conception de services"],
    ["plain language", "eenvoudige taal", "einfache Sprache", "klart sprog", "langage clair"],
    ["open source", "open source", "Open Source", "open source", "logiciel libre"],
    ["user testing", "gebruikerstests", "Nutzertests", "brugertest", "tests utilisateurs"],
    ["co-creation", "cocreatie", "Co-Creation", "samskabelse", "co-construction"],
    ["pilot", "proef", "Pilotprojekt", "forsøg", "projet pilote"],
    ["open data", "open data", "offene Daten", "åbne data", "données ouvertes"],
    ["privacy", "privacy", "Datenschutz", "databeskyttelse", "protection des données"],
    ["accessibility", "toegankelijkheid", "Barrierefreiheit", "tilgængelighed", "accessibilité"],
    ["reuse", "hergebruik", "Nachnutzung", "genbrug", "réutilisation"],
    ["training", "training", "Schulung", "uddannelse", "formation"],
    ["smart city", "slimme stad", "Smart City", "smart by", "ville intelligente"],
];

// Magazines

#[rustfmt::skip]
const MAG_TITLES: &[Five] = &[
    ["{x}: stories from around the North Sea", "{x}: verhalen van rond de Noordzee", "{x}: Geschichten rund um die Nordsee", "{x}: historier fra hele Nordsøen", "{x} : des histoires autour de la mer du Nord"],
    ["Issue {n}: {x}", "Nummer {n}: {x}", "Ausgabe {n}: {x}", "Nummer {n}: {x}", "Numéro {n} : {x}"],
    ["Learning together: {x}", "Samen leren: {x}", "Gemeinsam lernen: {x}", "Vi lærer sammen: {x}", "Apprendre ensemble : {x}"],
    ["{x} in practice", "{x} in de praktijk", "{x} in der Praxis", "{x} i praksis", "{x} en pratique"],
];

#[rustfmt::skip]
const MAG_SUMMARY: Five = [
    "This issue collects {n} cases on the theme “{x}”. They come from {c} and other partners around the North Sea. Each case tells what worked, what did not, and what it cost.",
    "Dit nummer verzamelt {n} cases over het thema “{x}”. Ze komen uit {c} en van andere partners rond de Noordzee. Elke case vertelt wat werkte, wat niet, en wat het kostte.",
    "Diese Ausgabe versammelt {n} Fälle zum Thema „{x}“. Sie kommen aus {c} und von anderen Partnern rund um die Nordsee. Jeder Fall erzählt, was funktioniert hat, was nicht und was es gekostet hat.",
    "Dette nummer samler {n} cases om temaet »{x}«. De kommer fra {c} og andre partnere omkring Nordsøen. Hver case fortæller, hvad der virkede, hvad der ikke gjorde, og hvad det kostede.",
    "Ce numéro réunit {n} cas autour du thème « {x} ». Ils viennent {f} et d'autres partenaires autour de la mer du Nord. Chaque cas raconte ce qui a marché, ce qui n'a pas marché et ce que cela a coûté.",
];

#[rustfmt::skip]
const MAG_HEADINGS: &[Five] = &[
    ["Why this issue", "Waarom dit nummer", "Warum diese Ausgabe", "Hvorfor dette nummer", "Pourquoi ce numéro"],
    ["The cases", "De cases", "Die Fälle", "Casene", "Les cas"],
    ["What links them", "Wat ze verbindt", "Was sie verbindet", "Hvad der forbinder dem", "Ce qui les relie"],
    ["Looking ahead", "Vooruitblik", "Ausblick", "Et blik fremad", "Perspectives"],
];

#[rustfmt::skip]
const MAG_SENTENCES: &[Five] = &[
    ["This issue brings together {n} cases on the theme “{x}”.", "Dit nummer brengt {n} cases samen rond het thema “{x}”.", "Diese Ausgabe versammelt {n} Fälle zum Thema „{x}“.", "Dette nummer samler {n} cases om temaet »{x}«.", "Ce numéro réunit {n} cas autour du thème « {x} »."],
    ["Each case was written by the people who did the work.", "Elke case is geschreven door de mensen die het werk deden.", "Jeder Fall wurde von den Menschen geschrieben, die die Arbeit gemacht haben.", "Hver case er skrevet af dem, der gjorde arbejdet.", "Chaque cas a été écrit par les personnes qui ont fait le travail."],
    ["We chose cases that other municipalities can learn from.", "We kozen cases waar andere gemeenten van kunnen leren.", "Wir haben Fälle ausgewählt, von denen andere Kommunen lernen können.", "Vi valgte cases, som andre kommuner kan lære af.", "Nous avons choisi des cas dont d'autres communes peuvent s'inspirer."],
    ["Some projects are still pilots; others have been in use for years.", "Sommige projecten zijn nog een proef; andere draaien al jaren.", "Manche Projekte sind noch Pilotprojekte, andere laufen seit Jahren.", "Nogle projekter er stadig forsøg; andre har været i brug i årevis.", "Certains projets sont encore des pilotes ; d'autres sont en service depuis des années."],
    ["Read them in any order, or start with the one closest to your own work.", "Lees ze in willekeurige volgorde, of begin bij de case die het dichtst bij uw eigen werk ligt.", "Lesen Sie sie in beliebiger Reihenfolge oder beginnen Sie mit dem Fall, der Ihrer Arbeit am nächsten ist.", "Læs dem i vilkårlig rækkefølge, eller begynd med den, der ligger tættest på dit eget arbejde.", "Lisez-les dans l'ordre que vous voulez, ou commencez par celui qui est le plus proche de votre travail."],
    ["We thank all partners for sharing their successes and their mistakes.", "We danken alle partners voor het delen van hun successen en hun fouten.", "Wir danken allen Partnern dafür, dass sie ihre Erfolge und ihre Fehler teilen.", "Vi takker alle partnere for at dele deres succeser og deres fejl.", "Nous remercions tous les partenaires d'avoir partagé leurs réussites et leurs erreurs."],
    ["Not every project worked out as planned, and we say so.", "Niet elk project liep zoals gepland, en dat zeggen we ook.", "Nicht jedes Projekt lief wie geplant, und das sagen wir auch.", "Ikke alle projekter gik som planlagt, og det siger vi også.", "Tous les projets ne se sont pas déroulés comme prévu, et nous le disons."],
    ["The next issue will look at new themes and new partners.", "Het volgende nummer kijkt naar nieuwe thema's en nieuwe partners.", "Die nächste Ausgabe widmet sich neuen Themen und neuen Partnern.", "Næste nummer ser på nye temaer og nye partnere.", "Le prochain numéro portera sur de nouveaux thèmes et de nouveaux partenaires."],
];

/// One sentence about a featured case; slots as in `SENTENCES`, filled from that case.
#[rustfmt::skip]
const MAG_MENTIONS: &[Five] = &[
    ["In {c}, {d} helps {g} every day.", "In {c} helpt {d} elke dag {g}.", "In {c} ist {d} für {g} jeden Tag im Einsatz.", "I {c} hjælper {d} hver dag {g}.", "À {c}, {d} aide chaque jour les {g}."],
    ["{c} shows what {d} can do for {g}.", "{c} laat zien wat {d} voor {g} kan doen.", "{c} zeigt, was {d} für {g} leisten kann.", "{c} viser, hvad {d} kan gøre for {g}.", "{c} montre ce que {d} peut apporter aux {g}."],
    ["The story from {c} is about {k} and the people behind it.", "Het verhaal uit {c} gaat over {k} en de mensen erachter.", "Im Beitrag aus {c} geht es um {k} und die Menschen dahinter.", "Historien fra {c} handler om {k} og menneskene bag.", "Le récit {f} porte sur {k} et sur les personnes qui le font vivre."],
];

// ---------------------------------------------------------------------------------------------------------
// Case plans

const STAGES: &[&str] = &["idea", "pilot", "in-use", "stopped"];

/// Everything about case `index` that is the same in every language, drawn from its own stream.
struct CasePlan {
    index: usize,
    slug: String,
    partner: usize,
    topic: usize,
    other: usize,
    group: usize,
    themes: Vec<usize>,
    published: Day,
    updated: Option<Day>,
    stage: Option<&'static str>,
    started: Option<i64>,
    cost_eur: Option<i64>,
    contact: bool,
    links: Vec<usize>,
    source: Lang,
    source_yaml: bool,
    /// Translation languages, with their own `updated` and syntax.
    translations: Vec<(Lang, Option<Day>, bool)>,
    text_seed: u64,
}

/// One file of a case: its language, whether it is the source, its `updated` and its syntax.
struct CaseFile {
    lang: Lang,
    source: bool,
    updated: Option<Day>,
    yaml: bool,
}

impl CasePlan {
    fn new(seed: u64, index: usize, partners: &[Partner]) -> CasePlan {
        let mut r = Rng::derive(seed, STREAM_CASE, index as u64);
        // A handful of partners are busier than the rest.
        let partner = if r.chance(30) {
            r.below(partners.len().min(8))
        } else {
            r.below(partners.len())
        };
        let p = &partners[partner];
        let topic = r.below(TOPICS.len());
        let other = (topic + 1 + r.below(TOPICS.len() - 1)) % TOPICS.len();
        let group = r.below(GROUPS.len());

        let mut themes: Vec<usize> = Vec::with_capacity(3);
        let primary = TOPICS[topic].themes;
        themes.push(primary[0]);
        if primary.len() > 1 && r.chance(60) {
            themes.push(primary[1]);
        }
        if r.chance(25) {
            let extra = r.below(THEMES.len());
            if !themes.contains(&extra) {
                themes.push(extra);
            }
        }

        let (first, last) = (first_day(), last_day());
        let published = Day(r.range(first.0, last.0));
        let updated = if r.chance(35) && published < last {
            Some(Day((published.0 + r.range(14, 900)).min(last.0)))
        } else {
            None
        };
        let stage = if r.chance(85) {
            Some(match r.below(100) {
                0..=9 => STAGES[0],
                10..=39 => STAGES[1],
                40..=84 => STAGES[2],
                _ => STAGES[3],
            })
        } else {
            None
        };
        let started = if r.chance(75) {
            Some(published.year() - r.range(0, 3))
        } else {
            None
        };
        let cost_eur = if r.chance(70) {
            if r.chance(5) {
                Some(0)
            } else {
                // Mostly tens of thousands, now and then far more.
                let x = r.below(1000) as i64;
                Some(5_000 + (x * x * 750 / 1000) / 1000 * 1000)
            }
        } else {
            None
        };
        let contact = r.chance(80);
        let mut links = Vec::new();
        if r.chance(70) {
            links.push(0);
            let mut extra: Vec<usize> = (1..LINKS.len()).collect();
            r.shuffle(&mut extra);
            links.extend(extra.into_iter().take(r.below(3)));
        }

        let home = p.home();
        let source = if r.chance(80) {
            home
        } else if home != Lang::En && r.chance(50) {
            Lang::En
        } else {
            LANGS[r.below(LANGS.len())]
        };
        let count = match r.below(100) {
            0..=39 => 0,
            40..=69 => 1,
            70..=89 => 2,
            _ => 3 + r.below(2),
        };
        // Order the other languages: English first (usually), then the partner's, then the rest.
        let mut others: Vec<Lang> = LANGS.into_iter().filter(|l| *l != source).collect();
        r.shuffle(&mut others);
        let english_first = r.chance(70);
        others.sort_by_key(|l| {
            if *l == Lang::En && english_first {
                0
            } else if p.languages.contains(&l.code()) {
                1
            } else {
                2
            }
        });
        let mut translations = Vec::with_capacity(count);
        for &lang in others.iter().take(count) {
            let t_updated = if r.chance(20) {
                Some(match updated {
                    Some(u) => u,
                    None => Day(r.range(published.0, last.0)),
                })
            } else {
                None
            };
            translations.push((lang, t_updated, r.chance(10)));
        }
        let source_yaml = r.chance(10);
        let text_seed = r.next();

        let slug = format!("{}-{}-{}", p.slug, TOPICS[topic].slug, index + 1);
        CasePlan {
            index,
            slug,
            partner,
            topic,
            other,
            group,
            themes,
            published,
            updated,
            stage,
            started,
            cost_eur,
            contact,
            links,
            source,
            source_yaml,
            translations,
            text_seed,
        }
    }

    /// The case's files, source first.
    fn files(&self) -> Vec<CaseFile> {
        let mut files = vec![CaseFile {
            lang: self.source,
            source: true,
            updated: self.updated,
            yaml: self.source_yaml,
        }];
        for &(lang, updated, yaml) in &self.translations {
            files.push(CaseFile {
                lang,
                source: false,
                updated,
                yaml,
            });
        }
        files
    }

    fn project_url(&self, partner: &Partner) -> String {
        format!("https://example.org/{}/{}", partner.slug, self.slug)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Text

/// A topic's forms in one language.
#[derive(Clone, Copy)]
struct Forms {
    bare: &'static str,
    the: &'static str,
    object: &'static str,
}

impl Forms {
    fn of(topic: usize, lang: Lang) -> Forms {
        let mut parts = TOPICS[topic].forms[lang.idx()].split('|');
        let bare = parts.next().unwrap_or("");
        let the = parts.next().unwrap_or(bare);
        let object = parts.next().unwrap_or(the);
        Forms { bare, the, object }
    }
}

/// What the slots of a template are filled with, for one case in one language.
struct Cx<'a> {
    lang: Lang,
    place: &'a str,
    topic: Forms,
    other: Forms,
    group: usize,
    /// The year `{y}` is close to: the year the work started.
    year: i64,
    last_year: i64,
    /// A theme name, for magazines.
    theme: &'a str,
}

impl<'a> Cx<'a> {
    fn for_case(plan: &CasePlan, partner: &'a Partner, lang: Lang) -> Cx<'a> {
        let last_year = plan.published.year();
        Cx {
            lang,
            place: &partner.short,
            topic: Forms::of(plan.topic, lang),
            other: Forms::of(plan.other, lang),
            group: plan.group,
            year: plan.started.unwrap_or(last_year - 1),
            last_year,
            theme: "",
        }
    }
}

/// The numbers and second choices of one sentence, drawn the same way in every language.
struct Vals {
    n: usize,
    m: usize,
    p: usize,
    y: i64,
    w: usize,
    h: usize,
    o: usize,
    a: usize,
}

impl Vals {
    fn draw(r: &mut Rng) -> Vals {
        Vals {
            n: 2 + r.below(39),
            m: (100 + r.below(8900)) / 10 * 10,
            p: 5 + r.below(86),
            y: r.below(3) as i64,
            w: 2 + r.below(11),
            h: r.below(GROUPS.len()),
            o: r.below(OBJECTS.len()),
            a: r.below(ADJECTIVES.len()),
        }
    }
}

/// French "de Gent" or "d'Aalborg".
fn french_of(place: &str) -> String {
    let first = place
        .chars()
        .next()
        .map(|c| c.to_lowercase().next().unwrap_or(c));
    match first {
        Some(
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à' | 'â' | 'é' | 'è' | 'ê' | 'î' | 'ô' | 'ø' | 'å'
            | 'æ' | 'ö' | 'ä',
        ) => {
            format!("d'{place}")
        }
        _ => format!("de {place}"),
    }
}

/// Appends `tpl` with its slots filled, the first letter in upper case.
fn fill(out: &mut String, tpl: &str, cx: &Cx, v: &Vals) {
    let start = out.len();
    let l = cx.lang.idx();
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        match &after[..close] {
            "c" => out.push_str(cx.place),
            "f" => out.push_str(&french_of(cx.place)),
            "t" => out.push_str(cx.topic.bare),
            "d" => out.push_str(cx.topic.the),
            "k" => out.push_str(cx.topic.object),
            "u" => out.push_str(cx.other.bare),
            "e" => out.push_str(cx.other.the),
            "g" => out.push_str(GROUPS[cx.group][l]),
            "h" => {
                let h = if v.h == cx.group {
                    (v.h + 1) % GROUPS.len()
                } else {
                    v.h
                };
                out.push_str(GROUPS[h][l]);
            }
            "o" => out.push_str(OBJECTS[v.o][l]),
            "a" => out.push_str(ADJECTIVES[v.a][l]),
            "n" => {
                let _ = write!(out, "{}", v.n);
            }
            "m" => {
                let _ = write!(out, "{}", v.m);
            }
            "p" => {
                let _ = write!(out, "{}", v.p);
            }
            "y" => {
                let _ = write!(out, "{}", (cx.year + v.y).min(cx.last_year));
            }
            "w" => {
                let _ = write!(out, "{}", v.w);
            }
            "x" => out.push_str(cx.theme),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    capitalize_at(out, start);
}

fn capitalize_at(s: &mut String, at: usize) {
    if let Some(c) = s[at..].chars().next()
        && c.is_lowercase()
    {
        let upper: String = c.to_uppercase().collect();
        s.replace_range(at..at + c.len_utf8(), &upper);
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A title of 4 to 9 words: the drawn template, or the next one that fits.
fn case_title(choice: usize, cx: &Cx, v: &Vals) -> String {
    let mut title = String::new();
    for step in 0..TITLES.len() {
        title.clear();
        fill(
            &mut title,
            TITLES[(choice + step) % TITLES.len()][cx.lang.idx()],
            cx,
            v,
        );
        if (4..=9).contains(&words(&title)) {
            break;
        }
    }
    title
}

/// A summary of 25 to 60 words: an opening sentence, then short sentences until it is long enough.
fn case_summary(opener: usize, picks: &[(usize, Vals)], cx: &Cx, v: &Vals, want: usize) -> String {
    let l = cx.lang.idx();
    let mut out = String::new();
    fill(&mut out, SUMMARY_OPENERS[opener][l], cx, v);
    let mut sentence = String::new();
    let extra = (0..SENTENCES.len())
        .filter(|i| picks.iter().all(|(p, _)| p != i))
        .map(|i| (i, v));
    let candidates = picks.iter().map(|(i, v)| (*i, v)).chain(extra);
    for (i, v) in candidates {
        if words(&out) >= want {
            break;
        }
        sentence.clear();
        fill(&mut sentence, SENTENCES[i][l], cx, v);
        if words(&out) + words(&sentence) <= 60 {
            out.push(' ');
            out.push_str(&sentence);
        }
    }
    out
}

/// The case's text in one language: title, summary, tags and body. Every draw comes from `r`, which starts
/// the same for each language, so all files of a case tell the same story.
struct CaseText {
    title: String,
    summary: String,
    tags: Vec<String>,
}

/// Builds the title, summary and tags, and writes the body into `body`.
fn case_text(plan: &CasePlan, partner: &Partner, lang: Lang, body: &mut String) -> CaseText {
    let mut r = Rng(plan.text_seed);
    let cx = Cx::for_case(plan, partner, lang);
    let l = lang.idx();

    let title_choice = r.below(TITLES.len());
    let title_vals = Vals::draw(&mut r);
    let title = case_title(title_choice, &cx, &title_vals);

    let opener = r.below(SUMMARY_OPENERS.len());
    let want = 28 + r.below(20);
    let mut deck: Vec<usize> = (0..SENTENCES.len()).collect();
    r.shuffle(&mut deck);
    let picks: Vec<(usize, Vals)> = deck[..8].iter().map(|&i| (i, Vals::draw(&mut r))).collect();
    let summary = case_summary(opener, &picks, &cx, &title_vals, want);

    let mut tags: Vec<String> = Vec::with_capacity(6);
    let n_tags = 2 + r.below(5);
    let with_group = r.chance(50);
    let with_other = r.chance(25);
    let mut pool: Vec<usize> = (0..TAGS.len()).collect();
    r.shuffle(&mut pool);
    let mut push_tag = |tag: String| {
        if tags.len() < n_tags && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    };
    push_tag(tag_case(cx.topic.bare, lang));
    if with_group {
        push_tag(GROUPS[plan.group][l].to_string());
    }
    if with_other {
        push_tag(tag_case(cx.other.bare, lang));
    }
    for i in pool {
        push_tag(TAGS[i][l].to_string());
    }

    body.clear();
    write_case_body(body, &mut r, &cx, &plan.project_url(partner));
    CaseText {
        title,
        summary,
        tags,
    }
}

/// Tags are lower case, except in German, where nouns keep their capital.
fn tag_case(s: &str, lang: Lang) -> String {
    if lang == Lang::De {
        s.to_string()
    } else {
        s.to_lowercase()
    }
}

/// The Markdown story of a case: 3 to 6 sections of paragraphs, a list, sometimes a table or a quote,
/// and a link; 400 to 1,500 words.
fn write_case_body(out: &mut String, r: &mut Rng, cx: &Cx, url: &str) {
    let l = cx.lang.idx();
    // French runs about 15% longer than English with the same sentences; this keeps both within 400..=1500.
    let target_words = 450 + r.below(680);
    let sections = 3 + r.below(4);
    let mut extras: Vec<usize> = (3..HEADINGS.len()).collect();
    r.shuffle(&mut extras);
    extras.truncate(sections - 3);
    extras.sort_unstable();
    let headings: Vec<usize> = [0, 1, 2].into_iter().chain(extras).collect();
    let list_section = 1 + r.below(sections - 1);
    let ordered_list = r.chance(20);
    let table = r.chance(35);
    let quote_section = if r.chance(40) {
        Some(r.below(sections))
    } else {
        None
    };
    let quote = r.below(QUOTES.len());
    let role = r.below(QUOTE_ROLES.len());

    // About eleven words a sentence.
    let total = target_words / 11;
    let mut deck: Vec<usize> = Vec::new();
    for (s, &heading) in headings.iter().enumerate() {
        let _ = write!(out, "## {}\n\n", HEADINGS[heading][l]);
        let share = total / sections + r.below(5);
        let mut left = share.max(3);
        let mut paragraph = 0;
        while left > 0 {
            let len = (2 + r.below(4)).min(left);
            left -= len;
            for k in 0..len {
                if deck.is_empty() {
                    deck = (0..SENTENCES.len()).collect();
                    r.shuffle(&mut deck);
                }
                let i = deck.pop().unwrap_or(0);
                let v = Vals::draw(r);
                if k > 0 {
                    out.push(' ');
                }
                fill(out, SENTENCES[i][l], cx, &v);
            }
            out.push_str("\n\n");
            if paragraph == 0 {
                if s == list_section {
                    write_list(out, r, cx, ordered_list);
                }
                if table && heading == 2 {
                    write_table(out, r, l);
                }
                if quote_section == Some(s) {
                    let _ = write!(
                        out,
                        "> {}\n>\n> — {}, {}\n\n",
                        QUOTES[quote][l], QUOTE_ROLES[role][l], cx.place
                    );
                }
            }
            paragraph += 1;
        }
        if s == sections - 1 {
            out.push_str(&LINK_SENTENCE[l].replace("{url}", url));
            out.push('\n');
        }
    }
}

fn write_list(out: &mut String, r: &mut Rng, cx: &Cx, ordered: bool) {
    let l = cx.lang.idx();
    out.push_str(LIST_INTRO[l]);
    out.push_str("\n\n");
    let mut items: Vec<usize> = (0..LIST_ITEMS.len()).collect();
    r.shuffle(&mut items);
    let n = 3 + r.below(4);
    let v = Vals::draw(r);
    for (k, &i) in items.iter().take(n).enumerate() {
        if ordered {
            let _ = write!(out, "{}. ", k + 1);
        } else {
            out.push_str("- ");
        }
        fill(out, LIST_ITEMS[i][l], cx, &v);
        out.push('\n');
    }
    out.push('\n');
}

fn write_table(out: &mut String, r: &mut Rng, l: usize) {
    out.push_str(TABLE_INTRO[l]);
    out.push_str("\n\n");
    let head = TABLE_HEAD[l];
    let _ = write!(
        out,
        "| {} | {} | {} |\n|---|---:|---:|\n",
        head[0], head[1], head[2]
    );
    let mut rows: Vec<usize> = (0..METRICS.len()).collect();
    r.shuffle(&mut rows);
    for &i in rows.iter().take(2 + r.below(3)) {
        let (label, rising) = METRICS[i];
        let (before, after) = if rising {
            let b = 10 + r.below(50);
            (b, (b + 5 + r.below(35)).min(99))
        } else {
            let b = 20 + r.below(380);
            (b, b * (40 + r.below(50)) / 100)
        };
        let _ = writeln!(out, "| {} | {before} | {after} |", label[l]);
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Front matter

/// Writes front matter in TOML (`+++`) or YAML (`---`).
struct Front<'a> {
    out: &'a mut String,
    yaml: bool,
}

impl<'a> Front<'a> {
    fn open(out: &'a mut String, yaml: bool) -> Front<'a> {
        out.push_str(if yaml { "---\n" } else { "+++\n" });
        Front { out, yaml }
    }

    fn close(self) {
        self.out
            .push_str(if self.yaml { "---\n\n" } else { "+++\n\n" });
    }

    fn str(&mut self, key: &str, value: &str) {
        if self.yaml {
            let _ = writeln!(self.out, "{key}: {}", yaml_str(value));
        } else {
            let _ = writeln!(self.out, "{key} = {}", toml_str(value));
        }
    }

    fn date(&mut self, key: &str, day: Day) {
        let sep = if self.yaml { ":" } else { " =" };
        let _ = writeln!(self.out, "{key}{sep} {day}");
    }

    fn int(&mut self, key: &str, value: i64) {
        let sep = if self.yaml { ":" } else { " =" };
        let _ = writeln!(self.out, "{key}{sep} {value}");
    }

    /// A list on one line in TOML; one item a line in YAML, or in TOML when `multiline`.
    fn list<S: AsRef<str>>(&mut self, key: &str, items: &[S], multiline: bool) {
        if self.yaml {
            let _ = writeln!(self.out, "{key}:");
            for item in items {
                let _ = writeln!(self.out, "  - {}", yaml_str(item.as_ref()));
            }
        } else if multiline {
            let _ = writeln!(self.out, "{key} = [");
            for item in items {
                let _ = writeln!(self.out, "  {},", toml_str(item.as_ref()));
            }
            self.out.push_str("]\n");
        } else {
            let _ = writeln!(
                self.out,
                "{key} = {}",
                toml_list(items.iter().map(AsRef::as_ref))
            );
        }
    }

    fn contact(&mut self, name: &str, email: &str) {
        if self.yaml {
            let _ = write!(
                self.out,
                "contact:\n  name: {}\n  email: {}\n",
                yaml_str(name),
                yaml_str(email)
            );
        } else {
            let _ = writeln!(
                self.out,
                "contact = {{ name = {}, email = {} }}",
                toml_str(name),
                toml_str(email)
            );
        }
    }

    fn links(&mut self, links: &[(String, String)]) {
        if self.yaml {
            self.out.push_str("links:\n");
            for (title, url) in links {
                let _ = write!(
                    self.out,
                    "  - title: {}\n    url: {}\n",
                    yaml_str(title),
                    yaml_str(url)
                );
            }
        } else {
            let items: Vec<String> = links
                .iter()
                .map(|(title, url)| {
                    format!("{{ title = {}, url = {} }}", toml_str(title), toml_str(url))
                })
                .collect();
            let _ = writeln!(self.out, "links = [{}]", items.join(", "));
        }
    }
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<String> = items.map(toml_str).collect();
    format!("[{}]", items.join(", "))
}

/// A YAML scalar: plain when that cannot be misread, double-quoted otherwise.
fn yaml_str(s: &str) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    let plain = s.chars().next().is_some_and(|c| c.is_alphabetic())
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -.,()'&/".contains(c))
        && !reserved.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------------------
// Writing cases and magazines

fn write_case_file(out: &mut String, plan: &CasePlan, partner: &Partner, file: &CaseFile) {
    let mut body = String::with_capacity(12 * 1024);
    let text = case_text(plan, partner, file.lang, &mut body);
    let mut f = Front::open(out, file.yaml);
    f.str("title", &text.title);
    f.str("summary", &text.summary);
    if file.source {
        f.str("partner", &partner.slug);
        let themes: Vec<&str> = plan.themes.iter().map(|&t| THEMES[t].slug).collect();
        f.list("themes", &themes, false);
        f.date("published", plan.published);
        if let Some(u) = file.updated {
            f.date("updated", u);
        }
        if let Some(stage) = plan.stage {
            f.str("stage", stage);
        }
        if let Some(year) = plan.started {
            f.int("started", year);
        }
        if let Some(cost) = plan.cost_eur {
            f.int("cost_eur", cost);
        }
        f.list("tags", &text.tags, false);
        if plan.contact {
            let cx = Cx::for_case(plan, partner, file.lang);
            let mut name = String::new();
            fill(
                &mut name,
                CONTACT_NAME[file.lang.idx()],
                &cx,
                &Vals::draw(&mut Rng(plan.text_seed)),
            );
            let email = format!("{}.{}@example.org", TOPICS[plan.topic].slug, partner.slug);
            f.contact(&name, &email);
        }
        if !plan.links.is_empty() {
            let base = plan.project_url(partner);
            let links: Vec<(String, String)> = plan
                .links
                .iter()
                .map(|&i| {
                    (
                        LINKS[i].0[file.lang.idx()].to_string(),
                        format!("{base}{}", LINKS[i].1),
                    )
                })
                .collect();
            f.links(&links);
        }
    } else {
        f.str("translated_from", plan.source.code());
        f.list("tags", &text.tags, false);
        if let Some(u) = file.updated {
            f.date("updated", u);
        }
    }
    f.close();
    out.push_str(&body);
}

/// A magazine issue: its number, date, theme, featured cases and languages.
struct MagazinePlan {
    number: usize,
    slug: String,
    theme: usize,
    published: Day,
    cases: Vec<CasePlan>,
    source: Lang,
    source_yaml: bool,
    translations: Vec<(Lang, bool)>,
    text_seed: u64,
}

impl MagazinePlan {
    /// Issue `k` of `count`: issues come out in number order between mid-2016 and the end of October 2026,
    /// and feature 6 to 12 cases, preferably on the issue's theme and published before it.
    fn new(seed: u64, k: usize, count: usize, cases: usize, partners: &[Partner]) -> MagazinePlan {
        let mut r = Rng::derive(seed, STREAM_MAGAZINE, k as u64);
        let start = Day::from_ymd(2016, 6, 1).0;
        let span = last_day().0 - start;
        let published = Day(start + span * (k as i64 + 1) / (count as i64 + 1).max(1));
        let theme = r.below(THEMES.len());
        let want = (6 + r.below(7)).min(cases);
        let mut chosen: Vec<CasePlan> = Vec::with_capacity(want);
        let mut fallback: Vec<usize> = Vec::new();
        for _ in 0..(want * 40).min(cases * 4 + 40) {
            if chosen.len() >= want {
                break;
            }
            let i = r.below(cases);
            if chosen.iter().any(|c| c.index == i) {
                continue;
            }
            let plan = CasePlan::new(seed, i, partners);
            if plan.published <= published && plan.themes.contains(&theme) {
                chosen.push(plan);
            } else if fallback.len() < 64 && !fallback.contains(&i) {
                fallback.push(i);
            }
        }
        for i in fallback {
            if chosen.len() >= want {
                break;
            }
            if !chosen.iter().any(|c| c.index == i) {
                chosen.push(CasePlan::new(seed, i, partners));
            }
        }
        // Small libraries: take cases in order until the issue is full.
        let mut i = 0;
        while chosen.len() < want && i < cases {
            if !chosen.iter().any(|c| c.index == i) {
                chosen.push(CasePlan::new(seed, i, partners));
            }
            i += 1;
        }
        let source = if r.chance(60) {
            Lang::En
        } else {
            LANGS[r.below(LANGS.len())]
        };
        let mut others: Vec<Lang> = LANGS.into_iter().filter(|l| *l != source).collect();
        r.shuffle(&mut others);
        let n = match r.below(10) {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let translations = others
            .into_iter()
            .take(n)
            .map(|l| (l, r.chance(10)))
            .collect();
        let number = k + 1;
        MagazinePlan {
            number,
            slug: format!("issue-{number}-{}", THEMES[theme].slug),
            theme,
            published,
            cases: chosen,
            source,
            source_yaml: r.chance(10),
            translations,
            text_seed: r.next(),
        }
    }

    fn files(&self) -> Vec<(Lang, bool)> {
        let mut files = vec![(self.source, self.source_yaml)];
        files.extend(self.translations.iter().copied());
        files
    }
}

fn write_magazine_file(
    out: &mut String,
    plan: &MagazinePlan,
    partners: &[Partner],
    lang: Lang,
    yaml: bool,
) {
    let l = lang.idx();
    let mut r = Rng(plan.text_seed);
    let theme = THEMES[plan.theme].names[l];
    let lead = &plan.cases[0];
    let mut cx = Cx::for_case(lead, &partners[lead.partner], lang);
    cx.theme = theme;
    let mut v = Vals::draw(&mut r);
    v.n = plan.cases.len();

    let mut title = String::new();
    let choice = r.below(MAG_TITLES.len());
    let mut tv = Vals::draw(&mut r);
    tv.n = plan.number;
    fill(&mut title, MAG_TITLES[choice][l], &cx, &tv);
    let mut summary = String::new();
    fill(&mut summary, MAG_SUMMARY[l], &cx, &v);

    let source = lang == plan.source;
    let mut f = Front::open(out, yaml);
    f.str("title", &title);
    if source {
        f.int("number", plan.number as i64);
        f.date("published", plan.published);
    }
    f.str("summary", &summary);
    if source {
        let slugs: Vec<&str> = plan.cases.iter().map(|c| c.slug.as_str()).collect();
        f.list("cases", &slugs, true);
    } else {
        f.str("translated_from", plan.source.code());
    }
    f.close();

    // Why this issue
    let _ = write!(out, "## {}\n\n", MAG_HEADINGS[0][l]);
    fill(out, MAG_SENTENCES[0][l], &cx, &v);
    for i in [1, 2, 3] {
        out.push(' ');
        fill(out, MAG_SENTENCES[i][l], &cx, &v);
    }
    out.push_str("\n\n");
    // The cases, one sentence each, three to a paragraph
    let _ = write!(out, "## {}\n\n", MAG_HEADINGS[1][l]);
    let first_mention = r.below(MAG_MENTIONS.len());
    for (k, case) in plan.cases.iter().enumerate() {
        let ccx = Cx::for_case(case, &partners[case.partner], lang);
        let mention = (first_mention + k) % MAG_MENTIONS.len();
        if k > 0 {
            out.push_str(if k % 3 == 0 { "\n\n" } else { " " });
        }
        fill(out, MAG_MENTIONS[mention][l], &ccx, &v);
    }
    out.push_str("\n\n");
    let _ = write!(out, "## {}\n\n", MAG_HEADINGS[2][l]);
    fill(out, MAG_SENTENCES[4][l], &cx, &v);
    out.push(' ');
    fill(out, MAG_SENTENCES[6][l], &cx, &v);
    out.push(' ');
    fill(out, MAG_SENTENCES[5][l], &cx, &v);
    out.push_str("\n\n");
    if r.chance(50) {
        let _ = write!(out, "## {}\n\n", MAG_HEADINGS[3][l]);
        fill(out, MAG_SENTENCES[7][l], &cx, &v);
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    /// A fresh folder under the system temp folder, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let path = std::env::temp_dir().join(format!(
                "likewise-generate-{name}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = fs::remove_dir_all(&path);
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// Every file of a tree by its relative path.
    fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.insert(rel, fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(root, root, &mut out);
        out
    }

    fn is_slug(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
    }

    /// The front matter of a file as (key, value) pairs of its top-level lines, and the body.
    fn front(text: &str) -> (Vec<(String, String)>, String) {
        let yaml = text.starts_with("---\n");
        let fence = if yaml { "---" } else { "+++" };
        assert!(text.starts_with(fence), "no front matter: {text:.80}");
        let rest = &text[4..];
        let end = rest
            .find(&format!("\n{fence}\n"))
            .expect("front matter is closed");
        let sep = if yaml { ':' } else { '=' };
        let pairs = rest[..end + 1]
            .lines()
            .filter(|line| !line.starts_with(' ') && !line.starts_with(']') && !line.is_empty())
            .map(|line| {
                let (k, v) = line.split_once(sep).expect("key and value");
                (k.trim().to_string(), v.trim().trim_matches('"').to_string())
            })
            .collect();
        (pairs, rest[end + 5..].to_string())
    }

    fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn generate_into(dir: &TempDir, cases: usize, seed: u64) -> GenerateSummary {
        generate(&dir.0, &GenerateOptions { cases, seed }).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_tree() {
        let (a, b, c) = (
            TempDir::new("same-a"),
            TempDir::new("same-b"),
            TempDir::new("same-c"),
        );
        let sa = generate_into(&a, 120, 7);
        let sb = generate_into(&b, 120, 7);
        generate_into(&c, 120, 8);
        assert_eq!(sa, sb);
        let (ta, tb, tc) = (read_tree(&a.0), read_tree(&b.0), read_tree(&c.0));
        assert!(ta == tb, "two runs with seed 7 differ");
        assert!(ta != tc, "seeds 7 and 8 give the same tree");
    }

    #[test]
    fn the_file_count_matches_the_summary() {
        let dir = TempDir::new("count");
        let s = generate_into(&dir, 200, 1);
        let tree = read_tree(&dir.0);
        assert_eq!(s.files, tree.len());
        assert_eq!(s.cases, 200);
        assert_eq!(s.themes, 12);
        assert_eq!(s.partners, 30);
        assert_eq!(s.magazines, 8);
        let case_dirs = fs::read_dir(dir.0.join("cases")).unwrap().count();
        assert_eq!(case_dirs, 200);
        let magazine_dirs = fs::read_dir(dir.0.join("magazines")).unwrap().count();
        assert_eq!(magazine_dirs, 8);
        let md = tree.keys().filter(|k| k.ends_with(".md")).count();
        assert_eq!(md + 2, s.files);
    }

    #[test]
    fn every_case_has_exactly_one_source_and_valid_translations() {
        let dir = TempDir::new("sources");
        generate_into(&dir, 300, 42);
        let mut translations = 0;
        for entry in fs::read_dir(dir.0.join("cases")).unwrap() {
            let folder = entry.unwrap().path();
            let mut sources = Vec::new();
            let mut from = Vec::new();
            for file in fs::read_dir(&folder).unwrap() {
                let path = file.unwrap().path();
                let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(Lang::from_code(&lang).is_some(), "{}", path.display());
                let (pairs, body) = front(&fs::read_to_string(&path).unwrap());
                let n = words(&body);
                assert!(
                    (400..=1500).contains(&n),
                    "{} has {n} words",
                    path.display()
                );
                let summary = words(get(&pairs, "summary").unwrap());
                assert!(
                    (25..=60).contains(&summary),
                    "{}: summary of {summary} words",
                    path.display()
                );
                let title = words(get(&pairs, "title").unwrap());
                assert!(
                    (4..=9).contains(&title),
                    "{}: title of {title} words",
                    path.display()
                );
                match get(&pairs, "translated_from") {
                    None => {
                        for key in ["partner", "themes", "published"] {
                            assert!(get(&pairs, key).is_some(), "{} lacks {key}", path.display());
                        }
                        let published = get(&pairs, "published").unwrap().to_string();
                        if let Some(updated) = get(&pairs, "updated") {
                            assert!(updated > published.as_str(), "{}", path.display());
                        }
                        sources.push(lang);
                    }
                    Some(src) => {
                        for (key, _) in &pairs {
                            assert!(
                                [
                                    "title",
                                    "summary",
                                    "translated_from",
                                    "tags",
                                    "updated",
                                    "image_alt"
                                ]
                                .contains(&key.as_str()),
                                "{} carries `{key}`",
                                path.display()
                            );
                        }
                        assert_ne!(src, lang);
                        from.push(src.to_string());
                        translations += 1;
                    }
                }
            }
            assert_eq!(sources.len(), 1, "{}", folder.display());
            assert!(
                from.iter().all(|f| *f == sources[0]),
                "{}",
                folder.display()
            );
        }
        assert!(translations > 150, "only {translations} translations");
    }

    #[test]
    fn slugs_are_valid_and_references_resolve() {
        let dir = TempDir::new("slugs");
        generate_into(&dir, 1500, 3);
        let partners = fs::read_to_string(dir.0.join("partners.toml")).unwrap();
        let partner_slugs: Vec<String> = partners
            .lines()
            .filter_map(|l| l.strip_prefix("slug = "))
            .map(|s| s.trim_matches('"').to_string())
            .collect();
        assert_eq!(partner_slugs.len(), 30);
        let themes = fs::read_to_string(dir.0.join("themes.toml")).unwrap();
        let theme_slugs: Vec<String> = themes
            .lines()
            .filter_map(|l| l.strip_prefix("slug = "))
            .map(|s| s.trim_matches('"').to_string())
            .collect();
        for slug in partner_slugs.iter().chain(&theme_slugs) {
            assert!(is_slug(slug), "{slug}");
        }
        let mut dedup = partner_slugs.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), partner_slugs.len());
        let mut cases = std::collections::HashSet::new();
        for entry in fs::read_dir(dir.0.join("cases")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(is_slug(&name), "{name}");
            cases.insert(name);
        }
        assert_eq!(cases.len(), 1500);
        for entry in fs::read_dir(dir.0.join("magazines")).unwrap() {
            let folder = entry.unwrap().path();
            let name = folder.file_name().unwrap().to_string_lossy().into_owned();
            assert!(is_slug(&name), "{name}");
            for file in fs::read_dir(&folder).unwrap() {
                let text = fs::read_to_string(file.unwrap().path()).unwrap();
                if text.contains("translated_from") {
                    continue;
                }
                let listed: Vec<&str> = text
                    .lines()
                    .filter_map(|l| {
                        l.strip_prefix("  \"")
                            .map(|s| s.trim_end_matches("\",").trim_end_matches('"'))
                            .or_else(|| l.strip_prefix("  - "))
                    })
                    .collect();
                assert!((6..=12).contains(&listed.len()), "{name}: {listed:?}");
                for c in listed {
                    assert!(cases.contains(c), "{name} names unknown case {c}");
                }
            }
        }
        // Every case front matter names a known partner and known themes.
        for entry in fs::read_dir(dir.0.join("cases")).unwrap().take(500) {
            for file in fs::read_dir(entry.unwrap().path()).unwrap() {
                let (pairs, _) = front(&fs::read_to_string(file.unwrap().path()).unwrap());
                if let Some(p) = get(&pairs, "partner") {
                    assert!(partner_slugs.iter().any(|s| s == p), "{p}");
                }
            }
        }
    }

    #[test]
    fn big_libraries_get_more_partners_with_unique_slugs() {
        assert_eq!(partner_count(10), 30);
        assert_eq!(partner_count(10_000), 33);
        assert_eq!(partner_count(30_000), 100);
        assert_eq!(partner_count(1_000_000), 200);
        let partners = build_partners(9, 200);
        let mut slugs: Vec<&str> = partners.iter().map(|p| p.slug.as_str()).collect();
        assert!(slugs.iter().all(|s| is_slug(s)), "{slugs:?}");
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 200);
        assert!(partners.iter().all(|p| p.website.starts_with("https://")));
    }

    #[test]
    fn a_non_empty_folder_is_refused() {
        let dir = TempDir::new("refuse");
        fs::create_dir_all(&dir.0).unwrap();
        fs::write(dir.0.join("keep.txt"), "mine").unwrap();
        let err = generate(&dir.0, &GenerateOptions { cases: 3, seed: 1 }).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(dir.0.join("keep.txt")).unwrap(), "mine");
    }

    #[test]
    fn tiny_libraries_still_get_a_magazine() {
        let dir = TempDir::new("tiny");
        let s = generate_into(&dir, 2, 5);
        assert_eq!((s.cases, s.magazines), (2, 1));
        let s0 = generate_into(&TempDir::new("empty"), 0, 5);
        assert_eq!((s0.cases, s0.magazines, s0.files), (0, 0, 2));
    }

    #[test]
    fn dates_round_trip() {
        for (y, m, d) in [(2016, 1, 1), (2020, 2, 29), (2026, 10, 31), (1999, 12, 31)] {
            let day = Day::from_ymd(y, m, d);
            assert_eq!(day.ymd(), (y, m, d));
        }
        assert_eq!(Day::from_ymd(1970, 1, 1), Day(0));
        assert_eq!(
            Day::from_ymd(2016, 3, 1).0 - Day::from_ymd(2016, 2, 28).0,
            2
        );
        assert_eq!(Day::from_ymd(2024, 5, 7).to_string(), "2024-05-07");
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(toml_str(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(yaml_str("Plain words"), "Plain words");
        assert_eq!(yaml_str("Title: with colon"), "\"Title: with colon\"");
        assert_eq!(yaml_str("no"), "\"no\"");
        assert_eq!(yaml_str("- dash"), "\"- dash\"");
        assert_eq!(yaml_str("2019"), "\"2019\"");
        assert_eq!(yaml_str("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(slugify("Sønderbæk"), "soenderbaek");
        assert_eq!(slugify("Sant Martí de Mar"), "sant-marti-de-mar");
    }
}
