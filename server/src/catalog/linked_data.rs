//! The library as linked data for metadata portals (docs/linked-data.md): a DCAT-AP 3.0 catalogue with one
//! `dcat:Dataset` per published case, each with a distribution per language (its page) and one for the JSON
//! API (its Markdown source in every language). The catalogue is built once as RDF triples and written from
//! those as Turtle (by oxttl, which escapes literals and IRIs) or as JSON-LD (below, by serde_json), so the two
//! formats always say the same. The pages' own schema.org JSON-LD is made from their views, in the app
//! (`app::components::chrome::Json`).

use super::{Catalog, Names, fail};
use crate::domain::{Lang, PartnerKind};
use crate::store::{CaseFilter, CaseListing, Window};
use app::library::LibraryResult;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{Literal, NamedNode, Term, Triple};
use std::collections::{BTreeSet, HashMap};

/// The vocabularies the catalogue uses, with the prefixes both formats write them with.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dcat", DCAT),
    ("dct", DCT),
    ("foaf", FOAF),
    ("vcard", VCARD),
    ("skos", SKOS),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("language", EU_LANGUAGE),
    ("country", EU_COUNTRY),
    ("filetype", EU_FILE_TYPE),
    ("datatheme", EU_DATA_THEME),
];

pub const DCAT: &str = "http://www.w3.org/ns/dcat#";
pub const DCT: &str = "http://purl.org/dc/terms/";
pub const FOAF: &str = "http://xmlns.com/foaf/0.1/";
pub const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// The EU Publications Office's authority tables, which DCAT-AP asks for languages, countries, file
/// types, data themes and access rights.
const EU_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/";
pub const EU_LANGUAGE: &str = "http://publications.europa.eu/resource/authority/language/";
pub const EU_COUNTRY: &str = "http://publications.europa.eu/resource/authority/country/";
pub const EU_FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
pub const EU_DATA_THEME: &str = "http://publications.europa.eu/resource/authority/data-theme/";
const IANA_MEDIA_TYPE: &str = "http://www.iana.org/assignments/media-types/";
const ADMS_PUBLISHER_TYPE: &str = "http://purl.org/adms/publishertype/";

/// Where the catalogue is served, below the public address: also its IRI, and the base of the IRIs of what
/// it describes (`…/api/v1/catalog#case-{slug}`).
pub const CATALOG_PATH: &str = "/api/v1/catalog";

/// What the catalogue needs to know of the site beyond the library.
pub struct Site<'a> {
    /// `LIKEWISE_PUBLIC_URL`, without a trailing slash.
    pub public_url: &'a str,
    /// `LIKEWISE_CONTENT_LICENSE`.
    pub license: &'a str,
}

/// The catalogue as RDF: triples in the order they are written, each subject's together.
#[derive(Debug, Default)]
pub struct Graph {
    pub triples: Vec<Triple>,
}

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

/// `vocabulary` + `local`, for the constant names of the vocabularies.
fn term(vocabulary: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{vocabulary}{local}"))
}

/// An IRI made from outside data (an address, a web site, a licence): `None`, and left out, when it is not
/// a valid IRI rather than a catalogue no portal can read.
fn checked(s: &str) -> Option<NamedNode> {
    match NamedNode::new(s) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!("catalogue: `{s}` is not an IRI, left out: {e}");
            None
        }
    }
}

fn text(lang: Lang, value: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(value, lang.code())
}

/// A date of the content (`2018-04-10`) as `xsd:date`; anything else is left out.
fn date(value: &str) -> Option<Literal> {
    let b = value.as_bytes();
    let plain = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    plain.then(|| Literal::new_typed_literal(value, xsd::DATE))
}

/// The EU language authority's code of one of the five languages.
pub fn eu_language(lang: Lang) -> NamedNode {
    let code = match lang {
        Lang::En => "ENG",
        Lang::Nl => "NLD",
        Lang::De => "DEU",
        Lang::Da => "DAN",
        Lang::Fr => "FRA",
    };
    term(EU_LANGUAGE, code)
}

/// The EU country authority's code (ISO 3166-1 alpha-3) of a partner's country (alpha-2), for the countries
/// of Europe; `None` for others.
pub fn eu_country(alpha2: &str) -> Option<NamedNode> {
    const COUNTRIES: &[(&str, &str)] = &[
        ("AT", "AUT"),
        ("BE", "BEL"),
        ("BG", "BGR"),
        ("CH", "CHE"),
        ("CY", "CYP"),
        ("CZ", "CZE"),
        ("DE", "DEU"),
        ("DK", "DNK"),
        ("EE", "EST"),
        ("EL", "GRC"),
        ("ES", "ESP"),
        ("FI", "FIN"),
        ("FO", "FRO"),
        ("FR", "FRA"),
        ("GB", "GBR"),
        ("GL", "GRL"),
        ("GR", "GRC"),
        ("HR", "HRV"),
        ("HU", "HUN"),
        ("IE", "IRL"),
        ("IS", "ISL"),
        ("IT", "ITA"),
        ("LI", "LIE"),
        ("LT", "LTU"),
        ("LU", "LUX"),
        ("LV", "LVA"),
        ("MT", "MLT"),
        ("NL", "NLD"),
        ("NO", "NOR"),
        ("PL", "POL"),
        ("PT", "PRT"),
        ("RO", "ROU"),
        ("SE", "SWE"),
        ("SI", "SVN"),
        ("SK", "SVK"),
        ("UK", "GBR"),
    ];
    COUNTRIES
        .iter()
        .find(|(a2, _)| *a2 == alpha2)
        .map(|(_, a3)| term(EU_COUNTRY, a3))
}

/// The ADMS publisher type of a kind of partner, where one fits.
fn publisher_type(kind: PartnerKind) -> Option<NamedNode> {
    let t = match kind {
        PartnerKind::Municipality => "LocalAuthority",
        PartnerKind::Province | PartnerKind::Region | PartnerKind::County => "RegionalAuthority",
        PartnerKind::University => "Academia-ScientificOrganisation",
        PartnerKind::Agency => return None,
    };
    Some(term(ADMS_PUBLISHER_TYPE, t))
}

/// The catalogue's title and description in each language.
fn catalog_text(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => (
            "Likewise: best practices of municipalities and regions",
            "Case studies that municipalities and regions share: what they tried, how, and what came of it, in up to five languages.",
        ),
        Lang::Nl => (
            "Likewise: goede voorbeelden van gemeenten en regio's",
            "Praktijkvoorbeelden die gemeenten en regio's met elkaar delen: wat ze probeerden, hoe, en wat het opleverde, in maximaal vijf talen.",
        ),
        Lang::De => (
            "Likewise: Praxisbeispiele von Kommunen und Regionen",
            "Praxisbeispiele, die Kommunen und Regionen teilen: was sie versucht haben, wie, und was daraus wurde, in bis zu fünf Sprachen.",
        ),
        Lang::Da => (
            "Likewise: gode eksempler fra kommuner og regioner",
            "Cases, som kommuner og regioner deler: hvad de prøvede, hvordan, og hvad der kom ud af det, på op til fem sprog.",
        ),
        Lang::Fr => (
            "Likewise : bonnes pratiques des communes et des régions",
            "Des pratiques que communes et régions partagent : ce qu'elles ont essayé, comment, et ce qui en est sorti, dans jusqu'à cinq langues.",
        ),
    }
}

fn themes_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Themes of Likewise",
        Lang::Nl => "Thema's van Likewise",
        Lang::De => "Themen von Likewise",
        Lang::Da => "Temaer i Likewise",
        Lang::Fr => "Thèmes de Likewise",
    }
}

/// Adds triples subject by subject.
struct Writer {
    graph: Graph,
}

impl Writer {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.graph.triples.push(Triple::new(s.clone(), p, o.into()));
    }

    fn kind(&mut self, s: &NamedNode, class: NamedNode) {
        self.add(s, rdf::TYPE.into_owned(), class);
    }
}

/// The addresses of the site the catalogue names.
struct Addresses<'a> {
    base: &'a str,
    catalog: String,
}

impl Addresses<'_> {
    /// Something the catalogue describes: `…/api/v1/catalog#{fragment}`.
    fn node(&self, fragment: &str) -> Option<NamedNode> {
        checked(&format!("{}#{fragment}", self.catalog))
    }
    /// A page or file of the site.
    fn at(&self, path: &str) -> Option<NamedNode> {
        checked(&format!("{}{path}", self.base))
    }
}

/// The newest of the case's dates: its texts' last changes, else its publication.
fn modified(case: &CaseListing) -> &str {
    case.texts
        .iter()
        .filter_map(|t| t.updated.as_deref())
        .filter(|u| date(u).is_some())
        .max()
        .unwrap_or(&case.meta.published)
}

fn build(names: &Names, cases: &[CaseListing], site: &Site) -> Graph {
    let a = Addresses {
        base: site.public_url,
        catalog: format!("{}{CATALOG_PATH}", site.public_url),
    };
    let mut w = Writer {
        graph: Graph::default(),
    };
    let dcat = |l: &str| term(DCAT, l);
    let dct = |l: &str| term(DCT, l);
    let foaf = |l: &str| term(FOAF, l);
    let Some(catalog) = checked(&a.catalog) else {
        return w.graph;
    };
    let license = checked(site.license);
    let themes_scheme = a.node("themes");
    let public = iri(&format!("{EU_AUTHORITY}access-right/PUBLIC"));
    let government = term(EU_DATA_THEME, "GOVE");

    // Partners in a fixed order (lead first, then by name), and the one that publishes the catalogue.
    let mut partners: Vec<_> = names.partners.values().collect();
    partners.sort_by(|x, y| y.lead.cmp(&x.lead).then_with(|| x.name.cmp(&y.name)));
    let agent = |slug: &str| a.node(&format!("partner-{slug}"));
    let mut themes: Vec<_> = names.themes.values().collect();
    themes.sort_by(|x, y| x.slug.cmp(&y.slug));

    // The catalogue.
    w.kind(&catalog, dcat("Catalog"));
    for lang in Lang::ALL {
        w.add(&catalog, dct("title"), text(lang, catalog_text(lang).0));
    }
    for lang in Lang::ALL {
        w.add(
            &catalog,
            dct("description"),
            text(lang, catalog_text(lang).1),
        );
    }
    let lead = partners.first().filter(|p| p.lead);
    let publisher = match lead {
        Some(lead) => agent(&lead.slug),
        None => a.node("likewise"),
    };
    if let Some(p) = &publisher {
        w.add(&catalog, dct("publisher"), p.clone());
    }
    if let Some(home) = a.at("/") {
        w.add(&catalog, foaf("homepage"), home);
    }
    for lang in Lang::ALL {
        w.add(&catalog, dct("language"), eu_language(lang));
    }
    if let Some(l) = &license {
        w.add(&catalog, dct("license"), l.clone());
    }
    if let Some(scheme) = &themes_scheme {
        w.add(&catalog, dcat("themeTaxonomy"), scheme.clone());
    }
    w.add(
        &catalog,
        dcat("themeTaxonomy"),
        iri(&format!("{EU_AUTHORITY}data-theme")),
    );
    let countries: BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| names.partners.get(&c.meta.partner))
        .map(|p| p.country.as_str())
        .collect();
    for country in countries.iter().filter_map(|c| eu_country(c)) {
        w.add(&catalog, dct("spatial"), country);
    }
    if let Some(first) = cases
        .iter()
        .map(|c| c.meta.published.as_str())
        .filter(|d| date(d).is_some())
        .min()
        .and_then(date)
    {
        w.add(&catalog, dct("issued"), first);
    }
    if let Some(last) = cases.iter().map(modified).max().and_then(date) {
        w.add(&catalog, dct("modified"), last);
    }
    let datasets: Vec<NamedNode> = cases
        .iter()
        .filter_map(|c| a.node(&format!("case-{}", c.slug)))
        .collect();
    for d in &datasets {
        w.add(&catalog, dcat("dataset"), d.clone());
    }

    // Who publishes: the partners (and the site itself when no partner leads).
    if lead.is_none()
        && let Some(me) = &publisher
    {
        w.kind(me, foaf("Agent"));
        w.kind(me, foaf("Organization"));
        w.add(me, foaf("name"), Literal::new_simple_literal("Likewise"));
        if let Some(home) = a.at("/") {
            w.add(me, foaf("homepage"), home);
        }
    }
    for p in &partners {
        let Some(me) = agent(&p.slug) else { continue };
        w.kind(&me, foaf("Agent"));
        w.kind(&me, foaf("Organization"));
        w.add(&me, foaf("name"), Literal::new_simple_literal(&p.name));
        if let Some(t) = publisher_type(p.kind) {
            w.add(&me, dct("type"), t);
        }
        if let Some(site) = checked(&p.website) {
            w.add(&me, foaf("homepage"), site);
        }
        if let Some(country) = eu_country(&p.country) {
            w.add(&me, dct("spatial"), country);
        }
    }

    // The themes, as a concept scheme of their own.
    if let Some(scheme) = &themes_scheme {
        w.kind(scheme, term(SKOS, "ConceptScheme"));
        for lang in Lang::ALL {
            w.add(scheme, term(DCT, "title"), text(lang, themes_label(lang)));
        }
        for t in &themes {
            let Some(concept) = a.node(&format!("theme-{}", t.slug)) else {
                continue;
            };
            w.kind(&concept, term(SKOS, "Concept"));
            w.add(&concept, term(SKOS, "inScheme"), scheme.clone());
            for (lang, name) in &t.names {
                w.add(&concept, term(SKOS, "prefLabel"), text(*lang, name));
            }
            if let Some(page) = a.at(&format!("/en/themes/{}", t.slug)) {
                w.add(&concept, foaf("page"), page);
            }
        }
    }

    // A dataset per case.
    for (case, dataset) in cases.iter().zip(&datasets) {
        let d = dataset;
        let slug = &case.slug;
        w.kind(d, dcat("Dataset"));
        w.add(
            d,
            dct("identifier"),
            Literal::new_simple_literal(d.as_str()),
        );
        for t in &case.texts {
            w.add(d, dct("title"), text(t.lang, &t.title));
        }
        for t in &case.texts {
            w.add(d, dct("description"), text(t.lang, &t.summary));
        }
        for slug in &case.meta.themes {
            if let Some(theme) = names.themes.get(slug) {
                for (lang, name) in &theme.names {
                    w.add(d, dcat("keyword"), text(*lang, name));
                }
            }
        }
        w.add(d, dcat("theme"), government.clone());
        for slug in &case.meta.themes {
            if names.themes.contains_key(slug)
                && let Some(concept) = a.node(&format!("theme-{slug}"))
            {
                w.add(d, dcat("theme"), concept);
            }
        }
        if let Some(p) = names
            .partners
            .get(&case.meta.partner)
            .and_then(|p| agent(&p.slug))
        {
            w.add(d, dct("publisher"), p);
        }
        if let Some(country) = names
            .partners
            .get(&case.meta.partner)
            .and_then(|p| eu_country(&p.country))
        {
            w.add(d, dct("spatial"), country);
        }
        for t in &case.texts {
            if let Some(page) = a.at(&format!("/{}/cases/{slug}", t.lang)) {
                w.add(d, dcat("landingPage"), page);
            }
        }
        for t in &case.texts {
            w.add(d, dct("language"), eu_language(t.lang));
        }
        if let Some(issued) = date(&case.meta.published) {
            w.add(d, dct("issued"), issued);
        }
        if let Some(changed) = date(modified(case)) {
            w.add(d, dct("modified"), changed);
        }
        w.add(d, dct("accessRights"), public.clone());
        let contact = case.meta.contact.as_ref().and_then(|c| {
            let node = a.node(&format!("case-{slug}-contact"))?;
            let mail = checked(&format!("mailto:{}", c.email))?;
            Some((node, c, mail))
        });
        if let Some((node, _, _)) = &contact {
            w.add(d, dcat("contactPoint"), node.clone());
        }
        let html: Vec<(Lang, NamedNode)> = case
            .texts
            .iter()
            .filter_map(|t| Some((t.lang, a.node(&format!("case-{slug}-{}", t.lang))?)))
            .collect();
        let json = a.node(&format!("case-{slug}-json"));
        for (_, dist) in &html {
            w.add(d, dcat("distribution"), dist.clone());
        }
        if let Some(j) = &json {
            w.add(d, dcat("distribution"), j.clone());
        }
        if let Some((node, c, mail)) = contact {
            w.kind(&node, term(VCARD, "Kind"));
            w.add(
                &node,
                term(VCARD, "fn"),
                Literal::new_simple_literal(&c.name),
            );
            w.add(&node, term(VCARD, "hasEmail"), mail);
        }
        // The page in each language.
        for ((lang, dist), t) in html.iter().zip(&case.texts) {
            w.kind(dist, dcat("Distribution"));
            w.add(dist, dct("title"), text(*lang, &t.title));
            if let Some(page) = a.at(&format!("/{lang}/cases/{slug}")) {
                w.add(dist, dcat("accessURL"), page);
            }
            w.add(dist, dct("language"), eu_language(*lang));
            w.add(dist, dcat("mediaType"), term(IANA_MEDIA_TYPE, "text/html"));
            w.add(dist, dct("format"), term(EU_FILE_TYPE, "HTML"));
            if let Some(l) = &license {
                w.add(dist, dct("license"), l.clone());
            }
        }
        // The JSON API's document: metadata, Markdown source and HTML of every language.
        if let Some(j) = &json {
            w.kind(j, dcat("Distribution"));
            w.add(
                j,
                dct("title"),
                text(
                    Lang::En,
                    "Metadata, Markdown source and HTML of every language (JSON)",
                ),
            );
            if let Some(api) = a.at(&format!("/api/v1/cases/{slug}")) {
                w.add(j, dcat("accessURL"), api.clone());
                w.add(j, dcat("downloadURL"), api);
            }
            for t in &case.texts {
                w.add(j, dct("language"), eu_language(t.lang));
            }
            w.add(
                j,
                dcat("mediaType"),
                term(IANA_MEDIA_TYPE, "application/json"),
            );
            w.add(j, dct("format"), term(EU_FILE_TYPE, "JSON"));
            if let Some(spec) = a.at("/api/v1/openapi.json") {
                w.add(j, dct("conformsTo"), spec);
            }
            if let Some(l) = &license {
                w.add(j, dct("license"), l.clone());
            }
        }
    }
    w.graph
}

impl Catalog {
    /// The library as a DCAT-AP catalogue: every published case, read in one snapshot.
    pub async fn dcat(&self, site: &Site<'_>) -> LibraryResult<Graph> {
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        let (cases, _) = read
            .cases(&CaseFilter::default(), Window::ALL)
            .await
            .map_err(fail)?;
        Ok(build(&names, &cases, site))
    }
}

impl Graph {
    /// As Turtle, with the vocabularies' prefixes.
    pub fn turtle(&self, site: &Site) -> String {
        let mut serializer = oxttl::TurtleSerializer::new();
        for (prefix, namespace) in PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *namespace)
                .expect("the vocabularies' namespaces are IRIs");
        }
        if let Ok(s) = serializer
            .clone()
            .with_prefix("lw", format!("{}{CATALOG_PATH}#", site.public_url))
        {
            serializer = s;
        }
        let mut out = serializer.for_writer(Vec::new());
        for t in &self.triples {
            out.serialize_triple(t)
                .expect("writing to memory cannot fail");
        }
        let bytes = out.finish().expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("Turtle is written as UTF-8")
    }

    /// As JSON-LD: a `@graph` of one object per subject, keys written with the prefixes of its `@context`.
    pub fn json_ld(&self) -> String {
        use serde_json::{Map, Value, json};
        let compact = |iri: &str| -> String {
            for (prefix, namespace) in PREFIXES {
                if let Some(local) = iri.strip_prefix(namespace)
                    && !local.is_empty()
                    && local
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                {
                    return format!("{prefix}:{local}");
                }
            }
            iri.to_string()
        };
        let mut order: Vec<String> = Vec::new();
        let mut nodes: HashMap<String, Map<String, Value>> = HashMap::new();
        for t in &self.triples {
            let subject = match &t.subject {
                oxrdf::NamedOrBlankNode::NamedNode(n) => n.as_str(),
                oxrdf::NamedOrBlankNode::BlankNode(_) => continue,
            };
            let node = nodes.entry(subject.to_string()).or_insert_with(|| {
                order.push(subject.to_string());
                let mut m = Map::new();
                m.insert("@id".into(), Value::String(subject.to_string()));
                m
            });
            let (key, value) = if t.predicate.as_ref() == rdf::TYPE {
                match &t.object {
                    Term::NamedNode(n) => ("@type".to_string(), Value::String(compact(n.as_str()))),
                    _ => continue,
                }
            } else {
                let value = match &t.object {
                    Term::NamedNode(n) => json!({ "@id": n.as_str() }),
                    Term::Literal(l) => match l.language() {
                        Some(lang) => json!({ "@value": l.value(), "@language": lang }),
                        None if l.datatype() == xsd::STRING => Value::String(l.value().into()),
                        None => {
                            json!({ "@value": l.value(), "@type": compact(l.datatype().as_str()) })
                        }
                    },
                    _ => continue,
                };
                (compact(t.predicate.as_str()), value)
            };
            match node.get_mut(&key) {
                Some(Value::Array(values)) => values.push(value),
                _ => {
                    node.insert(key, Value::Array(vec![value]));
                }
            }
        }
        let context: Map<String, Value> = PREFIXES
            .iter()
            .map(|(p, n)| (p.to_string(), Value::String(n.to_string())))
            .collect();
        let graph: Vec<Value> = order
            .into_iter()
            .filter_map(|s| nodes.remove(&s).map(Value::Object))
            .collect();
        serde_json::to_string(&json!({ "@context": context, "@graph": graph }))
            .expect("JSON serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_codes_of_the_authorities() {
        assert!(date("2018-04-10").is_some());
        assert!(date("2018-4-10").is_none() && date("soon").is_none());
        assert_eq!(
            eu_country("NL").unwrap().as_str(),
            "http://publications.europa.eu/resource/authority/country/NLD"
        );
        assert!(eu_country("US").is_none());
        assert_eq!(
            eu_language(Lang::Da).as_str(),
            "http://publications.europa.eu/resource/authority/language/DAN"
        );
    }

    #[test]
    fn turtle_escapes_what_it_writes() {
        let site = Site {
            public_url: "https://likewise.example",
            license: "https://creativecommons.org/licenses/by/4.0/",
        };
        let s = iri("https://likewise.example/api/v1/catalog#case-x");
        let graph = Graph {
            triples: vec![Triple::new(
                s,
                term(DCT, "title"),
                text(Lang::En, "Quotes \" and \\ and\nlines </script>"),
            )],
        };
        let ttl = graph.turtle(&site);
        let parsed: Vec<_> = oxttl::TurtleParser::new()
            .for_slice(ttl.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(parsed, graph.triples, "{ttl}");
        let ld: serde_json::Value = serde_json::from_str(&graph.json_ld()).unwrap();
        assert_eq!(
            ld["@graph"][0]["dct:title"][0]["@value"],
            "Quotes \" and \\ and\nlines </script>"
        );
    }
}
