//! The SQL both stores share. SQLite and PostgreSQL each get their own `Store` type, pool, connection
//! settings and migrations; the statements are written once in the dialect both accept (`$n` parameters,
//! `ON CONFLICT`, `CAST`) and stamped into each type by `sql_store!`.

/// Implements `Store` for `$store { pool: sqlx::Pool<$db> }`. `$slug_list` is a subquery of the dialect
/// that turns the JSON array of strings bound as `$1` into rows; `$snapshot` is the statement that begins a
/// read transaction that sees one state of the database throughout (empty where a plain BEGIN does);
/// `$begin_write` and `$lock_write` start a write transaction that waits for every other writer.
macro_rules! sql_store {
    ($store:ident, $db:ty, $backend:literal, $slug_list:literal, $snapshot:literal, $begin_write:literal, $lock_write:literal, $migrator:ident) => {
        use crate::domain::*;
        use crate::store::docs::{CaseMetaDoc, MagazineMetaDoc, PartnerDoc, TextDoc, ThemeDoc};
        use crate::store::{
            Asset, CardText, CaseCounts, CaseFilter, CaseListing, CaseRecord, Change, ChangeKind, Item, ItemKind,
            MagazineListing, MagazineRecord, NewText, Outcome, Revision, Snapshot, SourceFile, StaleText, Store,
            StoreError, StoreResult, StoredText, Window, hash, now, FileRow, source_file_of,
        };
        use crate::domain::SOURCE_HASH_LEN;
        use sqlx::Transaction;

        type Tx<'a> = Transaction<'a, $db>;

        /// A write transaction. Writers take turns, across processes too (SQLite's `BEGIN IMMEDIATE`, a
        /// transaction-scoped advisory lock on PostgreSQL): counts recomputed inside are exact, a read followed
        /// by a write never fails for a concurrent commit, and change-log ids commit in the order given.
        async fn begin_write(pool: &sqlx::Pool<$db>) -> StoreResult<Tx<'static>> {
            let mut tx = pool.begin_with($begin_write).await?;
            if !$lock_write.is_empty() {
                sqlx::query($lock_write).execute(&mut *tx).await?;
            }
            Ok(tx)
        }

        fn to_json<T: serde::Serialize>(value: &T) -> String {
            serde_json::to_string(value).expect("stored documents serialise")
        }

        fn from_json<D: serde::de::DeserializeOwned>(at: &str, json: &str) -> StoreResult<D> {
            serde_json::from_str(json)
                .map_err(|e| StoreError::Corrupt { at: at.to_string(), message: e.to_string() })
        }

        fn lang_of(at: &str, code: &str) -> StoreResult<Lang> {
            code.parse().map_err(|e: app::lang::UnsupportedLang| StoreError::Corrupt {
                at: at.to_string(),
                message: e.to_string(),
            })
        }

        /// The tables of an item kind: its own, its texts', and the texts' owner column.
        fn tables(kind: ItemKind) -> (&'static str, &'static str, &'static str) {
            match kind {
                ItemKind::Case => ("cases", "case_texts", "case_slug"),
                ItemKind::Magazine => ("magazines", "magazine_texts", "magazine_slug"),
            }
        }

        fn noun(kind: ItemKind) -> &'static str {
            match kind {
                ItemKind::Case => "case",
                ItemKind::Magazine => "magazine",
            }
        }

        /// Refuses, inside the write transaction, a write whose writer decided on another state of the item
        /// than the one stored now (see `Expect`).
        async fn check_expected(tx: &mut Tx<'_>, kind: ItemKind, slug: &str) -> StoreResult<()> {
            use crate::store::Expect;
            let Some(edit) = crate::store::current_edit() else { return Ok(()) };
            if edit.expect == Expect::Anything {
                return Ok(());
            }
            let (owners, _, _) = tables(kind);
            let row: Option<(String, Option<String>)> =
                sqlx::query_as(&format!("SELECT status, partner FROM {owners} WHERE slug = $1"))
                    .bind(slug)
                    .fetch_optional(&mut **tx)
                    .await?;
            let noun = noun(kind);
            match (&edit.expect, row) {
                (Expect::Absent, None) => Ok(()),
                (Expect::Absent, Some(_)) => {
                    Err(StoreError::Conflict(format!("{noun} `{slug}` exists; use PUT to replace it")))
                }
                (Expect::Owner(o), Some((_, p))) if *o == p => Ok(()),
                (Expect::OwnerIn(o, status), Some((st, p))) if *o == p && st == status.code() => Ok(()),
                _ => Err(StoreError::Conflict(format!(
                    "{noun} `{slug}` changed while this was being decided; load it again"
                ))),
            }
        }

        async fn add_revision(
            tx: &mut Tx<'_>,
            path: &str,
            hash: &str,
            content: Option<&str>,
            bytes: Option<&[u8]>,
        ) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO revisions (path, revision, hash, content, bytes, created_at, author, note) \
                 VALUES ($1, (SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE path = $1), $2, $3, $4, $5, $6, $7)",
            )
            .bind(path)
            .bind(hash)
            .bind(content)
            .bind(bytes)
            .bind(now())
            .bind(crate::store::current_edit().map(|e| e.author))
            .bind(crate::store::current_edit().and_then(|e| e.note))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Writes a record to the change log, in the transaction of the change it records.
        async fn log_change(tx: &mut Tx<'_>, kind: ChangeKind, slug: &str) -> StoreResult<()> {
            sqlx::query("INSERT INTO changes (kind, slug, created_at) VALUES ($1, $2, $3)")
                .bind(kind.code())
                .bind(slug)
                .bind(now())
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// Logs a change of every case an adoption links with `slug` (it was adapted from them, or they from
        /// it): their pages name it, and must not name it once it is withdrawn or deleted.
        async fn log_linked(tx: &mut Tx<'_>, slug: &str) -> StoreResult<()> {
            let linked: Vec<(String,)> = sqlx::query_as(
                "SELECT case_slug FROM adoptions WHERE adopter_case = $1 \
                 UNION SELECT adopter_case FROM adoptions WHERE case_slug = $1 AND adopter_case IS NOT NULL",
            )
            .bind(slug)
            .fetch_all(&mut **tx)
            .await?;
            for (other,) in linked {
                if other != slug {
                    log_change(tx, ChangeKind::Case, &other).await?;
                }
            }
            Ok(())
        }

        /// Recounts the published cases of the given partners and themes and of the whole library, after a
        /// case moved between them or was published, withdrawn or deleted.
        async fn recount(tx: &mut Tx<'_>, partners: &[String], themes: &[String]) -> StoreResult<()> {
            let all = [String::new()];
            let counted = [
                ("partner", "SELECT COUNT(*) FROM cases WHERE partner = $1 AND status = 'published'", partners),
                (
                    "theme",
                    "SELECT COUNT(*) FROM case_themes ct JOIN cases c ON c.slug = ct.case_slug \
                     WHERE ct.theme = $1 AND c.status = 'published'",
                    themes,
                ),
                ("all", "SELECT COUNT(*) FROM cases WHERE status = 'published' AND $1 = ''", &all[..]),
            ];
            for (kind, count, slugs) in counted {
                for slug in slugs {
                    sqlx::query(&format!(
                        "INSERT INTO case_counts (kind, slug, cases) VALUES ('{kind}', $1, ({count})) \
                         ON CONFLICT (kind, slug) DO UPDATE SET cases = excluded.cases"
                    ))
                    .bind(slug)
                    .execute(&mut **tx)
                    .await?;
                }
            }
            Ok(())
        }

        /// Upserts one `(owner, lang)` text row of a case or magazine, with its revision.
        /// Whether readers see the change (it was logged).
        async fn put_text(tx: &mut Tx<'_>, kind: ItemKind, owner: &str, text: &NewText, h: &str) -> StoreResult<bool> {
            let (_, table, owner_col) = tables(kind);
            let sql = format!(
                "INSERT INTO {table} ({owner_col}, lang, doc, raw, hash, title, summary, image_alt, updated, html, renderer, source_hash, written_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 ON CONFLICT ({owner_col}, lang) DO UPDATE SET doc = excluded.doc, raw = excluded.raw, hash = excluded.hash, \
                 title = excluded.title, summary = excluded.summary, image_alt = excluded.image_alt, \
                 updated = excluded.updated, html = excluded.html, renderer = excluded.renderer, \
                 source_hash = excluded.source_hash, written_at = excluded.written_at"
            );
            let t = &text.text;
            sqlx::query(&sql)
                .bind(owner)
                .bind(t.lang.code())
                .bind(to_json(&TextDoc::from(t)))
                .bind(&text.raw)
                .bind(h)
                .bind(&t.title)
                .bind(&t.summary)
                .bind(&t.image_alt)
                .bind(&t.updated)
                .bind(&text.html)
                .bind(text.renderer)
                .bind(&t.source_hash)
                .bind(now())
                .execute(&mut **tx)
                .await?;
            let path = format!("{}/{owner}/{}.md", kind.dir(), t.lang);
            add_revision(tx, &path, h, Some(&text.raw), None).await?;
            // Only readers' pages and the search index follow the log, and they see published items only: a
            // save to a draft touches neither, and must not empty every instance's cached lists (20 editors
            // saving drafts would otherwise keep the home page uncached). Publishing and withdrawing log.
            let (owners, _, _) = tables(kind);
            let status: Option<(String,)> = sqlx::query_as(&format!("SELECT status FROM {owners} WHERE slug = $1"))
                .bind(owner)
                .fetch_optional(&mut **tx)
                .await?;
            let seen = status.is_none_or(|(s,)| s == "published");
            if seen {
                log_change(tx, kind.into(), owner).await?;
            }
            Ok(seen)
        }

        /// The columns of a stored text a reader needs, after its owner's slug.
        const TEXT_COLUMNS: &str = "doc, html, hash, source_hash, written_at";
        type TextRow = (String, String, String, String, Option<String>, String);

        fn stored_text(at: &str, (owner, doc, html, hash, source_hash, written_at): TextRow) -> StoreResult<(String, StoredText)> {
            let mut text: crate::domain::Text = from_json::<TextDoc>(at, &doc)?.into();
            if text.translated_from.is_some() {
                text.source_hash = source_hash;
            }
            Ok((owner, StoredText { text, html, hash, written_at }))
        }

        async fn text_hash(tx: &mut Tx<'_>, kind: ItemKind, owner: &str, lang: Lang) -> StoreResult<Option<String>> {
            let (_, table, owner_col) = tables(kind);
            let sql = format!("SELECT hash FROM {table} WHERE {owner_col} = $1 AND lang = $2");
            Ok(sqlx::query_as::<_, (String,)>(&sql)
                .bind(owner)
                .bind(lang.code())
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| r.0))
        }

        /// Upserts a partner or theme (`table`), kept as one JSON document, with a revision when it changed.
        async fn put_doc(pool: &sqlx::Pool<$db>, table: &str, kind: ChangeKind, slug: &str, doc: &str) -> StoreResult<Outcome> {
            let h = hash(doc.as_bytes());
            let mut tx = begin_write(pool).await?;
            let current: Option<(String,)> = sqlx::query_as(&format!("SELECT hash FROM {table} WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
            let outcome = match current {
                Some((old,)) if old == h => return Ok(Outcome::Unchanged),
                Some(_) => Outcome::Updated,
                None => Outcome::Added,
            };
            sqlx::query(&format!(
                "INSERT INTO {table} (slug, doc, hash) VALUES ($1, $2, $3) \
                 ON CONFLICT (slug) DO UPDATE SET doc = excluded.doc, hash = excluded.hash"
            ))
            .bind(slug)
            .bind(doc)
            .bind(&h)
            .execute(&mut *tx)
            .await?;
            add_revision(&mut tx, &format!("{table}/{slug}"), &h, Some(doc), None).await?;
            log_change(&mut tx, kind, slug).await?;
            tx.commit().await?;
            Ok(outcome)
        }

        /// What writing the source text hashed `h` in `lang` does to a case or magazine: `None` when it is
        /// already stored as the source.
        async fn source_outcome(tx: &mut Tx<'_>, kind: ItemKind, slug: &str, lang: Lang, h: &str) -> StoreResult<Option<Outcome>> {
            let (owners, _, _) = tables(kind);
            let current: Option<(String,)> = sqlx::query_as(&format!("SELECT source_lang FROM {owners} WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(&mut **tx)
                .await?;
            let same_source = current.as_ref().is_some_and(|(l,)| l == lang.code());
            if same_source && text_hash(tx, kind, slug, lang).await?.as_deref() == Some(h) {
                return Ok(None);
            }
            Ok(Some(if current.is_some() { Outcome::Updated } else { Outcome::Added }))
        }

        const CASE_WHERE: &str = "c.status = 'published' AND (CAST($1 AS TEXT) IS NULL OR c.partner = $1) AND (CAST($2 AS TEXT) IS NULL OR \
             EXISTS (SELECT 1 FROM case_themes ct WHERE ct.case_slug = c.slug AND ct.theme = $2))";

        /// The slugs of the JSON array bound as `$1`, as rows: the one fragment the dialects write apart.
        const SLUG_LIST: &str = $slug_list;

        type Head = (String, String, String);
        type CardRow = (String, String, String, String, Option<String>, Option<String>);

        /// Joins head rows `(slug, source_lang, meta)` with the card texts of the same items, in head order.
        fn join_cards<D: serde::de::DeserializeOwned, M: From<D>>(
            kind: ItemKind,
            heads: Vec<Head>,
            rows: Vec<CardRow>,
        ) -> StoreResult<Vec<Item<M, CardText>>> {
            let mut by_owner: std::collections::HashMap<String, Vec<CardText>> = Default::default();
            for (slug, lang, title, summary, image_alt, updated) in rows {
                let at = format!("{}/{slug}", kind.dir());
                let lang = lang_of(&at, &lang)?;
                by_owner.entry(slug).or_default().push(CardText { lang, title, summary, image_alt, updated });
            }
            heads
                .into_iter()
                .map(|(slug, source, meta)| {
                    let at = format!("{}/{slug}", kind.dir());
                    let source_lang = lang_of(&at, &source)?;
                    let mut texts = by_owner.remove(&slug).unwrap_or_default();
                    if texts.is_empty() {
                        return Err(StoreError::Corrupt { at, message: "no texts stored".into() });
                    }
                    texts.sort_by_key(|t| (t.lang != source_lang, t.lang));
                    let meta: D = from_json(&at, &meta)?;
                    Ok(Item { slug, source_lang, meta: meta.into(), texts })
                })
                .collect()
        }

        /// Reads the card texts of the items whose heads were read, in the same transaction.
        async fn cards<D: serde::de::DeserializeOwned, M: From<D>>(
            tx: &mut Tx<'static>,
            kind: ItemKind,
            heads: Vec<Head>,
        ) -> StoreResult<Vec<Item<M, CardText>>> {
            if heads.is_empty() {
                return Ok(Vec::new());
            }
            let (_, table, owner_col) = tables(kind);
            let slugs: Vec<&str> = heads.iter().map(|h| h.0.as_str()).collect();
            let rows: Vec<CardRow> = sqlx::query_as(&format!(
                "SELECT {owner_col}, lang, title, summary, image_alt, updated FROM {table} WHERE {owner_col} IN ({SLUG_LIST})"
            ))
            .bind(to_json(&slugs))
            .fetch_all(&mut **tx)
            .await?;
            join_cards::<D, M>(kind, heads, rows)
        }

        /// One case or magazine with all its texts.
        async fn whole<D: serde::de::DeserializeOwned, M: From<D>>(
            tx: &mut Tx<'static>,
            kind: ItemKind,
            slug: &str,
        ) -> StoreResult<Option<Item<M, StoredText>>> {
            let (owners, table, owner_col) = tables(kind);
            let head: Option<(String, String)> =
                sqlx::query_as(&format!("SELECT source_lang, meta FROM {owners} WHERE slug = $1 AND status = 'published'"))
                    .bind(slug)
                    .fetch_optional(&mut **tx)
                    .await?;
            let Some((source, meta)) = head else { return Ok(None) };
            let rows: Vec<TextRow> =
                sqlx::query_as(&format!("SELECT {owner_col}, {TEXT_COLUMNS} FROM {table} WHERE {owner_col} = $1"))
                    .bind(slug)
                    .fetch_all(&mut **tx)
                    .await?;
            let at = format!("{}/{slug}", kind.dir());
            let source_lang = lang_of(&at, &source)?;
            let mut texts = rows
                .into_iter()
                .map(|row| Ok(stored_text(&at, row)?.1))
                .collect::<StoreResult<Vec<_>>>()?;
            if texts.is_empty() {
                return Err(StoreError::Corrupt { at, message: "no texts stored".into() });
            }
            texts.sort_by_key(|t| (t.text.lang != source_lang, t.text.lang));
            let meta: D = from_json(&at, &meta)?;
            Ok(Some(Item { slug: slug.to_string(), source_lang, meta: meta.into(), texts }))
        }

        /// `(case, id, position, partner, name, country, website, stage, year, note, adopter_case)`.
        type AdoptionRow = (String, String, i32, Option<String>, Option<String>, Option<String>, Option<String>, String, i32, String, Option<String>);
        const ADOPTION_COLUMNS: &str =
            "a.case_slug, a.id, a.position, a.partner, a.name, a.country, a.website, a.stage, a.year, a.note, a.adopter_case";

        fn adoption_of(r: AdoptionRow) -> StoreResult<(String, Adoption)> {
            let at = format!("cases/{}/adoptions.toml#{}", r.0, r.1);
            let organisation = match (r.3, r.4) {
                (Some(partner), _) => Organisation::Partner(partner),
                (None, Some(name)) => Organisation::Named { name, country: r.5.unwrap_or_default(), website: r.6 },
                (None, None) => return Err(StoreError::Corrupt { at, message: "an adoption without an organisation".into() }),
            };
            let stage = AdoptionStage::parse(&r.7)
                .ok_or_else(|| StoreError::Corrupt { at: at.clone(), message: format!("unknown stage `{}`", r.7) })?;
            let note = from_json(&at, &r.9)?;
            Ok((r.0, Adoption { organisation, stage, year: r.8, note, case: r.10 }))
        }

        /// A read transaction: one state of the database for everything a page reads.
        pub struct SqlSnapshot {
            tx: Tx<'static>,
        }

        #[async_trait::async_trait]
        impl Snapshot for SqlSnapshot {
            async fn partners(&mut self) -> StoreResult<Vec<Partner>> {
                let rows: Vec<(String, String)> = sqlx::query_as("SELECT slug, doc FROM partners ORDER BY slug")
                    .fetch_all(&mut *self.tx)
                    .await?;
                rows.iter()
                    .map(|(slug, doc)| Ok(from_json::<PartnerDoc>(&format!("partners/{slug}"), doc)?.into()))
                    .collect()
            }

            async fn themes(&mut self) -> StoreResult<Vec<Theme>> {
                let rows: Vec<(String, String)> = sqlx::query_as("SELECT slug, doc FROM themes ORDER BY slug")
                    .fetch_all(&mut *self.tx)
                    .await?;
                rows.iter()
                    .map(|(slug, doc)| Ok(from_json::<ThemeDoc>(&format!("themes/{slug}"), doc)?.into()))
                    .collect()
            }

            async fn case(&mut self, slug: &str) -> StoreResult<Option<CaseRecord>> {
                whole::<CaseMetaDoc, CaseMeta>(&mut self.tx, ItemKind::Case, slug).await
            }

            async fn cases(&mut self, filter: &CaseFilter, window: Window) -> StoreResult<(Vec<CaseListing>, i64)> {
                // One statement per filter shape, with only the conditions that apply: a condition that may be
                // switched off by a NULL parameter keeps the planner from walking the index in date order.
                let mut conditions = vec!["c.status = 'published'".to_string()];
                let mut binds = Vec::new();
                if let Some(p) = &filter.partner {
                    binds.push(p.as_str());
                    conditions.push(format!("c.partner = ${}", binds.len()));
                }
                if let Some(t) = &filter.theme {
                    binds.push(t.as_str());
                    conditions.push(format!(
                        "EXISTS (SELECT 1 FROM case_themes ct WHERE ct.case_slug = c.slug AND ct.theme = ${})",
                        binds.len()
                    ));
                }
                let where_clause = format!("WHERE {}", conditions.join(" AND "));
                let sql = format!(
                    "SELECT c.slug, c.source_lang, c.meta FROM cases c {where_clause} \
                     ORDER BY c.published DESC, c.slug LIMIT ${} OFFSET ${}",
                    binds.len() + 1,
                    binds.len() + 2
                );
                let mut query = sqlx::query_as::<_, Head>(&sql);
                for b in &binds {
                    query = query.bind(*b);
                }
                let heads: Vec<Head> = query.bind(window.limit).bind(window.offset).fetch_all(&mut *self.tx).await?;
                // Totals come from the kept counts, so a list's cost does not grow with the library.
                let total: Option<(i64,)> = match (&filter.partner, &filter.theme) {
                    (Some(_), Some(_)) => Some(
                        sqlx::query_as(&format!("SELECT COUNT(*) FROM cases c WHERE {CASE_WHERE}"))
                            .bind(&filter.partner)
                            .bind(&filter.theme)
                            .fetch_one(&mut *self.tx)
                            .await?,
                    ),
                    (Some(p), None) => sqlx::query_as("SELECT cases FROM case_counts WHERE kind = 'partner' AND slug = $1")
                        .bind(p)
                        .fetch_optional(&mut *self.tx)
                        .await?,
                    (None, Some(t)) => sqlx::query_as("SELECT cases FROM case_counts WHERE kind = 'theme' AND slug = $1")
                        .bind(t)
                        .fetch_optional(&mut *self.tx)
                        .await?,
                    (None, None) => sqlx::query_as("SELECT cases FROM case_counts WHERE kind = 'all'")
                        .fetch_optional(&mut *self.tx)
                        .await?,
                };
                let list = cards::<CaseMetaDoc, CaseMeta>(&mut self.tx, ItemKind::Case, heads).await?;
                Ok((list, total.map(|t| t.0).unwrap_or(0)))
            }

            async fn cases_by_slugs(&mut self, slugs: &[String]) -> StoreResult<Vec<CaseListing>> {
                if slugs.is_empty() {
                    return Ok(Vec::new());
                }
                let heads: Vec<Head> = sqlx::query_as(&format!(
                    "SELECT c.slug, c.source_lang, c.meta FROM cases c WHERE c.status = 'published' AND c.slug IN ({SLUG_LIST})"
                ))
                .bind(to_json(&slugs))
                .fetch_all(&mut *self.tx)
                .await?;
                let mut found = cards::<CaseMetaDoc, CaseMeta>(&mut self.tx, ItemKind::Case, heads).await?;
                found.sort_by_key(|c| slugs.iter().position(|s| *s == c.slug));
                Ok(found)
            }

            async fn case_counts(&mut self) -> StoreResult<CaseCounts> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as("SELECT kind, slug, cases FROM case_counts")
                    .fetch_all(&mut *self.tx)
                    .await?;
                let mut counts = CaseCounts::default();
                for (kind, slug, n) in rows {
                    match kind.as_str() {
                        "partner" => {
                            counts.partners.insert(slug, n);
                        }
                        "theme" => {
                            counts.themes.insert(slug, n);
                        }
                        _ => counts.all = n,
                    }
                }
                Ok(counts)
            }

            async fn case_slugs(&mut self, window: Window) -> StoreResult<Vec<(String, String)>> {
                let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
                    "SELECT c.slug, c.published, (SELECT MAX(t.updated) FROM case_texts t WHERE t.case_slug = c.slug) \
                     FROM cases c WHERE c.status = 'published' ORDER BY c.slug LIMIT $1 OFFSET $2",
                )
                .bind(window.limit)
                .bind(window.offset)
                .fetch_all(&mut *self.tx)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(slug, published, updated)| {
                        let last = updated.filter(|u| *u > published).unwrap_or(published);
                        (slug, last)
                    })
                    .collect())
            }

            async fn magazines(&mut self, window: Window) -> StoreResult<(Vec<MagazineListing>, i64)> {
                let heads: Vec<Head> = sqlx::query_as(
                    "SELECT slug, source_lang, meta FROM magazines WHERE status = 'published' ORDER BY number DESC, published DESC, slug LIMIT $1 OFFSET $2",
                )
                .bind(window.limit)
                .bind(window.offset)
                .fetch_all(&mut *self.tx)
                .await?;
                let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM magazines WHERE status = 'published'").fetch_one(&mut *self.tx).await?;
                let list = cards::<MagazineMetaDoc, MagazineMeta>(&mut self.tx, ItemKind::Magazine, heads).await?;
                Ok((list, total))
            }

            async fn magazine(&mut self, slug: &str) -> StoreResult<Option<MagazineRecord>> {
                whole::<MagazineMetaDoc, MagazineMeta>(&mut self.tx, ItemKind::Magazine, slug).await
            }

            async fn comment_counts(&mut self, kind: ItemKind, slugs: &[String]) -> StoreResult<std::collections::HashMap<String, i64>> {
                if slugs.is_empty() {
                    return Ok(Default::default());
                }
                let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
                    "SELECT c.item_slug, COUNT(*) FROM comments c WHERE c.item_kind = $2 AND {} \
                     AND c.item_slug IN ({SLUG_LIST}) GROUP BY c.item_slug",
                    crate::store::comments::VISIBLE
                ))
                .bind(to_json(&slugs))
                .bind(kind.code())
                .fetch_all(&mut *self.tx)
                .await?;
                Ok(rows.into_iter().collect())
            }

            async fn text_states(&mut self) -> StoreResult<Vec<(String, Lang, bool)>> {
                let rows: Vec<(String, String, String, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT t.case_slug, t.lang, c.source_lang, t.source_hash, s.hash FROM case_texts t \
                     JOIN cases c ON c.slug = t.case_slug AND c.status = 'published' \
                     LEFT JOIN case_texts s ON s.case_slug = t.case_slug AND s.lang = c.source_lang",
                )
                .fetch_all(&mut *self.tx)
                .await?;
                rows.into_iter()
                    .map(|(slug, lang, source, follows, source_hash)| {
                        let at = format!("cases/{slug}");
                        let current = lang == source
                            || match (follows, source_hash) {
                                (Some(f), Some(h)) => h.get(..SOURCE_HASH_LEN).is_some_and(|h| h.eq_ignore_ascii_case(&f)),
                                _ => true,
                            };
                        Ok((slug, lang_of(&at, &lang)?, current))
                    })
                    .collect()
            }

            async fn comment_months(&mut self) -> StoreResult<Vec<(String, String, String, i64)>> {
                Ok(sqlx::query_as(&format!(
                    "SELECT c.item_kind, c.item_slug, substr(c.created_at, 1, 7), COUNT(*) FROM comments c \
                     WHERE {} GROUP BY c.item_kind, c.item_slug, substr(c.created_at, 1, 7)",
                    crate::store::comments::VISIBLE
                ))
                .fetch_all(&mut *self.tx)
                .await?)
            }

            async fn view_months(&mut self) -> StoreResult<Vec<(String, String, String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT item_kind, item_slug, substr(day, 1, 7), CAST(SUM(views) AS BIGINT) FROM page_views \
                     GROUP BY item_kind, item_slug, substr(day, 1, 7)",
                )
                .fetch_all(&mut *self.tx)
                .await?)
            }

            async fn adoptions(&mut self, case: &str) -> StoreResult<Vec<Adoption>> {
                let rows: Vec<AdoptionRow> = sqlx::query_as(&format!(
                    "SELECT {ADOPTION_COLUMNS} FROM adoptions a WHERE a.case_slug = $1 ORDER BY a.position"
                ))
                .bind(case)
                .fetch_all(&mut *self.tx)
                .await?;
                rows.into_iter().map(|r| Ok(adoption_of(r)?.1)).collect()
            }

            async fn adapted_from(&mut self, case: &str) -> StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT a.case_slug FROM adoptions a JOIN cases c ON c.slug = a.case_slug AND c.status = 'published' \
                     WHERE a.adopter_case = $1 ORDER BY a.case_slug",
                )
                .bind(case)
                .fetch_all(&mut *self.tx)
                .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }

            async fn taken_up_counts(&mut self, slugs: &[String]) -> StoreResult<std::collections::HashMap<String, i64>> {
                if slugs.is_empty() {
                    return Ok(Default::default());
                }
                let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
                    "SELECT case_slug, COUNT(*) FROM adoptions WHERE stage IN ('piloting', 'adopted', 'adapted') \
                     AND case_slug IN ({SLUG_LIST}) GROUP BY case_slug"
                ))
                .bind(to_json(&slugs))
                .fetch_all(&mut *self.tx)
                .await?;
                Ok(rows.into_iter().collect())
            }

            async fn all_adoptions(&mut self) -> StoreResult<Vec<(String, Adoption, String)>> {
                let rows: Vec<(String, String, i32, Option<String>, Option<String>, Option<String>, Option<String>, String, i32, String, Option<String>, Option<String>)> =
                    sqlx::query_as(&format!(
                        "SELECT {ADOPTION_COLUMNS}, p.doc FROM adoptions a JOIN cases c ON c.slug = a.case_slug AND c.status = 'published' \
                         LEFT JOIN partners p ON p.slug = a.partner ORDER BY a.case_slug, a.position"
                    ))
                    .fetch_all(&mut *self.tx)
                    .await?;
                rows.into_iter()
                    .map(|r| {
                        let partner_doc = r.11.clone();
                        let (slug, a) = adoption_of((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10))?;
                        let country = match (&a.organisation, partner_doc) {
                            (Organisation::Named { country, .. }, _) => country.clone(),
                            (Organisation::Partner(p), Some(doc)) => {
                                let partner: crate::store::docs::PartnerDoc = from_json(&format!("partners/{p}"), &doc)?;
                                Partner::from(partner).country
                            }
                            (Organisation::Partner(_), None) => String::new(),
                        };
                        Ok((slug, a, country))
                    })
                    .collect()
            }

            async fn case_records(&mut self, after: &str, limit: i64) -> StoreResult<Vec<CaseRecord>> {
                let heads: Vec<Head> = sqlx::query_as(
                    "SELECT slug, source_lang, meta FROM cases WHERE status = 'published' AND slug > $1 ORDER BY slug LIMIT $2",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(&mut *self.tx)
                .await?;
                if heads.is_empty() {
                    return Ok(Vec::new());
                }
                let slugs: Vec<&str> = heads.iter().map(|h| h.0.as_str()).collect();
                let rows: Vec<TextRow> = sqlx::query_as(&format!(
                    "SELECT case_slug, {TEXT_COLUMNS} FROM case_texts WHERE case_slug IN ({SLUG_LIST})"
                ))
                .bind(to_json(&slugs))
                .fetch_all(&mut *self.tx)
                .await?;
                let mut by_owner: std::collections::HashMap<String, Vec<StoredText>> = Default::default();
                for row in rows {
                    let (slug, text) = stored_text("cases", row)?;
                    by_owner.entry(slug).or_default().push(text);
                }
                heads
                    .into_iter()
                    .map(|(slug, source, meta)| {
                        let at = format!("cases/{slug}");
                        let source_lang = lang_of(&at, &source)?;
                        let mut texts = by_owner.remove(&slug).unwrap_or_default();
                        if texts.is_empty() {
                            return Err(StoreError::Corrupt { at, message: "no texts stored".into() });
                        }
                        texts.sort_by_key(|t| (t.text.lang != source_lang, t.text.lang));
                        let meta: CaseMetaDoc = from_json(&at, &meta)?;
                        Ok(Item { slug, source_lang, meta: meta.into(), texts })
                    })
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            fn accounts(&self) -> &dyn crate::store::accounts::Accounts {
                self
            }

            fn comments(&self) -> &dyn crate::store::comments::Comments {
                self
            }

            async fn health(&self) -> StoreResult<()> {
                // Reachable, and its schema at least the one this binary was built for: after a rolling
                // upgrade began, an old instance stays ready on the newer schema; a new instance whose
                // migrations another instance is still applying is not ready yet.
                let applied: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(version) FROM _sqlx_migrations WHERE success",
                )
                .fetch_one(&self.pool)
                .await?;
                let known = $migrator.iter().map(|m| m.version).max().unwrap_or(0);
                match applied {
                    Some(v) if v >= known => Ok(()),
                    other => Err(StoreError::SchemaBehind { applied: other.unwrap_or(0), known }),
                }
            }

            fn write_count(&self) -> crate::store::WriteCount {
                self.writes.clone()
            }

            fn pool_in_use(&self) -> (u32, u32) {
                let size = self.pool.size();
                (size.saturating_sub(self.pool.num_idle() as u32), size)
            }

            async fn read(&self) -> StoreResult<Box<dyn Snapshot>> {
                // One statement that begins the transaction and says its isolation: a round trip less for
                // every page on PostgreSQL.
                let tx = if $snapshot.is_empty() {
                    self.pool.begin().await?
                } else {
                    self.pool.begin_with($snapshot).await?
                };
                Ok(Box::new(SqlSnapshot { tx }))
            }

            async fn put_partner(&self, partner: &Partner) -> StoreResult<Outcome> {
                let outcome = put_doc(&self.pool, "partners", ChangeKind::Partner, &partner.slug, &to_json(&PartnerDoc::from(partner))).await?;
                self.writes.raise();
                Ok(outcome)
            }

            async fn put_theme(&self, theme: &Theme) -> StoreResult<Outcome> {
                let outcome = put_doc(&self.pool, "themes", ChangeKind::Theme, &theme.slug, &to_json(&ThemeDoc::from(theme))).await?;
                self.writes.raise();
                Ok(outcome)
            }

            async fn put_case_source(&self, slug: &str, meta: &CaseMeta, text: &NewText) -> StoreResult<Outcome> {
                let h = hash(text.raw.as_bytes());
                let lang = text.text.lang;
                let mut tx = begin_write(&self.pool).await?;
                check_expected(&mut tx, ItemKind::Case, slug).await?;
                let Some(outcome) = source_outcome(&mut tx, ItemKind::Case, slug, lang, &h).await? else {
                    return Ok(Outcome::Unchanged);
                };
                let old_partner: Option<(String,)> = sqlx::query_as("SELECT partner FROM cases WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?;
                let old_themes: Vec<(String,)> = sqlx::query_as("SELECT theme FROM case_themes WHERE case_slug = $1")
                    .bind(slug)
                    .fetch_all(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO cases (slug, partner, source_lang, published, stage, meta, status) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (slug) DO UPDATE SET partner = excluded.partner, source_lang = excluded.source_lang, \
                     published = excluded.published, stage = excluded.stage, meta = excluded.meta",
                )
                .bind(slug)
                .bind(&meta.partner)
                .bind(lang.code())
                .bind(&meta.published)
                .bind(meta.stage.map(|s| s.code()))
                .bind(to_json(&CaseMetaDoc::from(meta)))
                .bind(crate::store::new_item_status().code())
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM case_themes WHERE case_slug = $1").bind(slug).execute(&mut *tx).await?;
                for theme in &meta.themes {
                    sqlx::query("INSERT INTO case_themes (case_slug, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(slug)
                        .bind(theme)
                        .execute(&mut *tx)
                        .await?;
                }
                let mut partners = vec![meta.partner.clone()];
                partners.extend(old_partner.map(|p| p.0).filter(|p| *p != meta.partner));
                let mut themes = meta.themes.clone();
                themes.extend(old_themes.into_iter().map(|t| t.0).filter(|t| !meta.themes.contains(t)));
                recount(&mut tx, &partners, &themes).await?;
                let seen = put_text(&mut tx, ItemKind::Case, slug, text, &h).await?;
                tx.commit().await?;
                if seen {
                    self.writes.raise();
                }
                Ok(outcome)
            }

            async fn put_magazine_source(&self, slug: &str, meta: &MagazineMeta, text: &NewText) -> StoreResult<Outcome> {
                let h = hash(text.raw.as_bytes());
                let lang = text.text.lang;
                let mut tx = begin_write(&self.pool).await?;
                check_expected(&mut tx, ItemKind::Magazine, slug).await?;
                let Some(outcome) = source_outcome(&mut tx, ItemKind::Magazine, slug, lang, &h).await? else {
                    return Ok(Outcome::Unchanged);
                };
                sqlx::query(
                    "INSERT INTO magazines (slug, number, published, source_lang, meta, status, partner) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (slug) DO UPDATE SET number = excluded.number, published = excluded.published, \
                     source_lang = excluded.source_lang, meta = excluded.meta",
                )
                .bind(slug)
                .bind(meta.number)
                .bind(&meta.published)
                .bind(lang.code())
                .bind(to_json(&MagazineMetaDoc::from(meta)))
                .bind(crate::store::new_item_status().code())
                .bind(crate::store::current_edit().and_then(|e| e.owner))
                .execute(&mut *tx)
                .await?;
                let seen = put_text(&mut tx, ItemKind::Magazine, slug, text, &h).await?;
                tx.commit().await?;
                if seen {
                    self.writes.raise();
                }
                Ok(outcome)
            }

            async fn put_translation(&self, kind: ItemKind, slug: &str, text: &NewText) -> StoreResult<Outcome> {
                let (owners, _, _) = tables(kind);
                let noun = noun(kind);
                let h = hash(text.raw.as_bytes());
                let mut tx = begin_write(&self.pool).await?;
                check_expected(&mut tx, kind, slug).await?;
                let source: Option<(String,)> = sqlx::query_as(&format!("SELECT source_lang FROM {owners} WHERE slug = $1"))
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?;
                let source_lang = match source {
                    None => return Err(StoreError::Conflict(format!("{noun} `{slug}` has no source text"))),
                    Some((l,)) if l == text.text.lang.code() => {
                        return Err(StoreError::Conflict(format!("`{l}` is the source language of {noun} `{slug}`")));
                    }
                    Some((l,)) => lang_of(&format!("{}/{slug}", kind.dir()), &l)?,
                };
                let outcome = match text_hash(&mut tx, kind, slug, text.text.lang).await? {
                    Some(old) if old == h => return Ok(Outcome::Unchanged),
                    Some(_) => Outcome::Updated,
                    None => Outcome::Added,
                };
                // A file that names no source state follows the source as it is now
                // (docs/design.md#content-format: absent means current); storing that state is what lets a
                // later change of the source show it outdated.
                let mut text = text.clone();
                if text.text.source_hash.is_none() {
                    let source_hash = text_hash(&mut tx, kind, slug, source_lang).await?.unwrap_or_default();
                    text.text.source_hash = Some(source_hash[..source_hash.len().min(SOURCE_HASH_LEN)].to_string());
                }
                let seen = put_text(&mut tx, kind, slug, &text, &h).await?;
                tx.commit().await?;
                if seen {
                    self.writes.raise();
                }
                Ok(outcome)
            }

            async fn put_asset(&self, asset: &Asset) -> StoreResult<Outcome> {
                let h = hash(&asset.bytes);
                let mut tx = begin_write(&self.pool).await?;
                let item = asset.path.split_once('/').and_then(|(dir, rest)| {
                    Some((ItemKind::from_dir(dir)?, rest.split('/').next()?.to_string()))
                });
                if let Some((kind, slug)) = &item {
                    check_expected(&mut tx, *kind, slug).await?;
                }
                let current: Option<(String, Option<String>)> =
                    sqlx::query_as("SELECT hash, owner FROM assets WHERE path = $1")
                        .bind(&asset.path)
                        .fetch_optional(&mut *tx)
                        .await?;
                // A file beside an item not created yet belongs to its uploader's partner until then.
                let edit = crate::store::current_edit();
                let pending = edit.as_ref().is_some_and(|e| e.expect == crate::store::Expect::Absent);
                let owner = edit.and_then(|e| e.owner).filter(|_| pending);
                if pending && let Some((_, theirs)) = &current && *theirs != owner {
                    return Err(StoreError::Conflict(format!(
                        "`{}` was uploaded by another partner for an item not created yet", asset.path
                    )));
                }
                let outcome = match current {
                    Some((old, _)) if old == h => return Ok(Outcome::Unchanged),
                    Some(_) => Outcome::Updated,
                    None => Outcome::Added,
                };
                sqlx::query(
                    "INSERT INTO assets (path, content_type, bytes, hash, owner) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (path) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, \
                     hash = excluded.hash, owner = excluded.owner",
                )
                .bind(&asset.path)
                .bind(&asset.content_type)
                .bind(&asset.bytes)
                .bind(&h)
                .bind(&owner)
                .execute(&mut *tx)
                .await?;
                add_revision(&mut tx, &asset.path, &h, None, Some(&asset.bytes)).await?;
                log_change(&mut tx, ChangeKind::Asset, &asset.path).await?;
                tx.commit().await?;
                self.writes.raise();
                Ok(outcome)
            }

            async fn stale_texts(&self, renderer: i32, limit: i64) -> StoreResult<Vec<StaleText>> {
                let mut out = Vec::new();
                for kind in [ItemKind::Case, ItemKind::Magazine] {
                    let (_, table, owner_col) = tables(kind);
                    let left = limit - out.len() as i64;
                    if left <= 0 {
                        break;
                    }
                    let rows: Vec<(String, String, String)> = sqlx::query_as(&format!(
                        "SELECT {owner_col}, lang, doc FROM {table} WHERE renderer < $1 ORDER BY {owner_col}, lang LIMIT $2"
                    ))
                    .bind(renderer)
                    .bind(left)
                    .fetch_all(&self.pool)
                    .await?;
                    for (slug, lang, doc) in rows {
                        let at = format!("{}/{slug}", kind.dir());
                        let text: Text = from_json::<TextDoc>(&at, &doc)?.into();
                        out.push(StaleText { kind, slug, lang: lang_of(&at, &lang)?, body: text.body });
                    }
                }
                Ok(out)
            }

            async fn put_html(&self, kind: ItemKind, slug: &str, lang: Lang, html: &str, renderer: i32) -> StoreResult<()> {
                let (_, table, owner_col) = tables(kind);
                let mut tx = begin_write(&self.pool).await?;
                sqlx::query(&format!("UPDATE {table} SET html = $1, renderer = $2 WHERE {owner_col} = $3 AND lang = $4"))
                    .bind(html)
                    .bind(renderer)
                    .bind(slug)
                    .bind(lang.code())
                    .execute(&mut *tx)
                    .await?;
                log_change(&mut tx, kind.into(), slug).await?;
                tx.commit().await?;
                self.writes.raise();
                Ok(())
            }

            async fn status(&self, kind: ItemKind, slug: &str) -> StoreResult<Option<Status>> {
                let (owners, _, _) = tables(kind);
                let row: Option<(String,)> = sqlx::query_as(&format!("SELECT status FROM {owners} WHERE slug = $1"))
                    .bind(slug)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(code,)| {
                    Status::parse(&code).ok_or_else(|| StoreError::Corrupt {
                        at: format!("{}/{slug}", kind.dir()),
                        message: format!("unknown status `{code}`"),
                    })
                })
                .transpose()
            }

            async fn set_status(&self, kind: ItemKind, slug: &str, status: Status) -> StoreResult<Outcome> {
                let (owners, _, _) = tables(kind);
                let mut tx = begin_write(&self.pool).await?;
                check_expected(&mut tx, kind, slug).await?;
                let current: Option<(String, Option<String>)> = match kind {
                    ItemKind::Case => sqlx::query_as("SELECT status, partner FROM cases WHERE slug = $1"),
                    ItemKind::Magazine => sqlx::query_as("SELECT status, NULL FROM magazines WHERE slug = $1"),
                }
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((old, partner)) = current else {
                    return Err(StoreError::Conflict(format!("there is no {} `{slug}`", noun(kind))));
                };
                if old == status.code() {
                    return Ok(Outcome::Unchanged);
                }
                sqlx::query(&format!("UPDATE {owners} SET status = $1 WHERE slug = $2"))
                    .bind(status.code())
                    .bind(slug)
                    .execute(&mut *tx)
                    .await?;
                let edit = crate::store::current_edit();
                sqlx::query(
                    "INSERT INTO workflow_events (kind, slug, from_status, to_status, author, note, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(kind.dir())
                .bind(slug)
                .bind(&old)
                .bind(status.code())
                .bind(edit.as_ref().map(|e| e.author.as_str()).unwrap_or("system"))
                .bind(edit.as_ref().and_then(|e| e.note.as_deref()))
                .bind(now())
                .execute(&mut *tx)
                .await?;
                if kind == ItemKind::Case {
                    // Its adoptions go with it; adoptions elsewhere that name it as an adopter's case keep the
                    // name, and pages show only cases that exist.
                    log_linked(&mut tx, slug).await?;
                    sqlx::query("DELETE FROM adoptions WHERE case_slug = $1").bind(slug).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM adoption_files WHERE case_slug = $1").bind(slug).execute(&mut *tx).await?;
                    let themes: Vec<(String,)> = sqlx::query_as("SELECT theme FROM case_themes WHERE case_slug = $1")
                        .bind(slug)
                        .fetch_all(&mut *tx)
                        .await?;
                    let themes: Vec<String> = themes.into_iter().map(|t| t.0).collect();
                    recount(&mut tx, &partner.into_iter().collect::<Vec<_>>(), &themes).await?;
                }
                if kind == ItemKind::Case {
                    log_linked(&mut tx, slug).await?;
                }
                log_change(&mut tx, kind.into(), slug).await?;
                tx.commit().await?;
                self.writes.raise();
                Ok(Outcome::Updated)
            }

            async fn delete(&self, kind: ItemKind, slug: &str) -> StoreResult<bool> {
                let (owners, table, owner_col) = tables(kind);
                let mut tx = begin_write(&self.pool).await?;
                let partner: Option<(Option<String>,)> = match kind {
                    ItemKind::Case => sqlx::query_as("SELECT partner FROM cases WHERE slug = $1"),
                    ItemKind::Magazine => sqlx::query_as("SELECT NULL FROM magazines WHERE slug = $1"),
                }
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((partner,)) = partner else { return Ok(false) };
                sqlx::query(&format!("DELETE FROM {table} WHERE {owner_col} = $1")).bind(slug).execute(&mut *tx).await?;
                if kind == ItemKind::Case {
                    let themes: Vec<(String,)> = sqlx::query_as("DELETE FROM case_themes WHERE case_slug = $1 RETURNING theme")
                        .bind(slug)
                        .fetch_all(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM cases WHERE slug = $1").bind(slug).execute(&mut *tx).await?;
                    let themes: Vec<String> = themes.into_iter().map(|t| t.0).collect();
                    recount(&mut tx, &partner.into_iter().collect::<Vec<_>>(), &themes).await?;
                } else {
                    sqlx::query(&format!("DELETE FROM {owners} WHERE slug = $1")).bind(slug).execute(&mut *tx).await?;
                }
                log_change(&mut tx, kind.into(), slug).await?;
                tx.commit().await?;
                self.writes.raise();
                Ok(true)
            }

            async fn take_lease(&self, name: &str, holder: &str, ttl_ms: i64) -> StoreResult<bool> {
                let now = chrono::Utc::now().timestamp_millis();
                let mut tx = begin_write(&self.pool).await?;
                sqlx::query(
                    "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
                     WHERE leases.holder = excluded.holder OR leases.expires_at < $4",
                )
                .bind(name)
                .bind(holder)
                .bind(now + ttl_ms)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let (current,): (String,) = sqlx::query_as("SELECT holder FROM leases WHERE name = $1")
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(current == holder)
            }

            async fn release_lease(&self, name: &str, holder: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
                    .bind(name)
                    .bind(holder)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn changes_waiting(&self, after: i64) -> StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM changes WHERE id > $1")
                    .bind(after)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n)
            }

            async fn changes_since(&self, after: i64, limit: i64) -> StoreResult<Vec<Change>> {
                let rows: Vec<(i64, String, String)> =
                    sqlx::query_as("SELECT id, kind, slug FROM changes WHERE id > $1 ORDER BY id LIMIT $2")
                        .bind(after)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter()
                    .map(|(id, kind, slug)| {
                        let kind = ChangeKind::of_record(&kind, &slug).ok_or_else(|| StoreError::Corrupt {
                            at: format!("changes/{id}"),
                            message: format!("unknown change kind `{kind}`"),
                        })?;
                        Ok(Change { id, kind, slug })
                    })
                    .collect()
            }

            async fn last_change(&self) -> StoreResult<i64> {
                let (id,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM changes").fetch_one(&self.pool).await?;
                Ok(id.unwrap_or(0))
            }

            async fn source_file(&self, kind: ItemKind, slug: &str) -> StoreResult<Option<SourceFile>> {
                let (owners, table, owner_col) = tables(kind);
                let row: Option<FileRow> = sqlx::query_as(&format!(
                    "SELECT t.{owner_col}, t.lang, t.raw, t.source_hash, t.hash FROM {owners} o \
                     JOIN {table} t ON t.{owner_col} = o.slug AND t.lang = o.source_lang WHERE o.slug = $1"
                ))
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| source_file_of(kind, r)).transpose()
            }

            async fn files(&self, kind: ItemKind) -> StoreResult<Vec<SourceFile>> {
                let (_, table, owner_col) = tables(kind);
                let rows: Vec<FileRow> = sqlx::query_as(&format!(
                    "SELECT {owner_col}, lang, raw, source_hash, hash FROM {table} ORDER BY {owner_col}, lang"
                ))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(|r| source_file_of(kind, r)).collect()
            }

            async fn asset(&self, path: &str) -> StoreResult<Option<Asset>> {
                let row: Option<(String, Vec<u8>)> =
                    sqlx::query_as("SELECT content_type, bytes FROM assets WHERE path = $1")
                        .bind(path)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(content_type, bytes)| Asset { path: path.to_string(), content_type, bytes }))
            }

            async fn asset_owner(&self, path: &str) -> StoreResult<Option<String>> {
                let row: Option<(Option<String>,)> = sqlx::query_as("SELECT owner FROM assets WHERE path = $1")
                    .bind(path)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.and_then(|r| r.0))
            }

            async fn asset_paths(&self) -> StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as("SELECT path FROM assets ORDER BY path")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }

            async fn put_adoptions(&self, case: &str, adoptions: &[Adoption], raw: &str, expected: Option<Option<String>>) -> StoreResult<Outcome> {
                let h = hash(raw.as_bytes());
                let mut tx = begin_write(&self.pool).await?;
                let known: Option<(String,)> = sqlx::query_as("SELECT slug FROM cases WHERE slug = $1")
                    .bind(case)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_none() {
                    return Err(StoreError::Conflict(format!("there is no case `{case}`")));
                }
                let current: Option<(String,)> = sqlx::query_as("SELECT hash FROM adoption_files WHERE case_slug = $1")
                    .bind(case)
                    .fetch_optional(&mut *tx)
                    .await?;
                let current = current.map(|c| c.0);
                if let Some(expected) = expected
                    && expected != current
                {
                    return Err(StoreError::Conflict(format!(
                        "the adoptions of `{case}` changed meanwhile; read them again and retry"
                    )));
                }
                if current.as_deref() == Some(h.as_str()) {
                    return Ok(Outcome::Unchanged);
                }
                let before: Vec<(Option<String>,)> = sqlx::query_as("DELETE FROM adoptions WHERE case_slug = $1 RETURNING adopter_case")
                    .bind(case)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut touched: std::collections::BTreeSet<String> = before.into_iter().filter_map(|r| r.0).collect();
                for (position, a) in adoptions.iter().enumerate() {
                    let (partner, name, country, website) = match &a.organisation {
                        Organisation::Partner(p) => (Some(p.as_str()), None, None, None),
                        Organisation::Named { name, country, website } => (None, Some(name.as_str()), Some(country.as_str()), website.as_deref()),
                    };
                    sqlx::query(
                        "INSERT INTO adoptions (case_slug, id, position, partner, name, country, website, stage, year, note, adopter_case) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(case)
                    .bind(a.id())
                    .bind(position as i32)
                    .bind(partner)
                    .bind(name)
                    .bind(country)
                    .bind(website)
                    .bind(a.stage.code())
                    .bind(a.year)
                    .bind(to_json(&a.note))
                    .bind(a.case.as_deref())
                    .execute(&mut *tx)
                    .await?;
                    touched.extend(a.case.clone());
                }
                sqlx::query(
                    "INSERT INTO adoption_files (case_slug, raw, hash) VALUES ($1, $2, $3) \
                     ON CONFLICT (case_slug) DO UPDATE SET raw = excluded.raw, hash = excluded.hash",
                )
                .bind(case)
                .bind(raw)
                .bind(&h)
                .execute(&mut *tx)
                .await?;
                add_revision(&mut tx, &format!("cases/{case}/adoptions.toml"), &h, Some(raw), None).await?;
                log_change(&mut tx, ChangeKind::Case, case).await?;
                touched.remove(case);
                for other in &touched {
                    log_change(&mut tx, ChangeKind::Case, other).await?;
                }
                tx.commit().await?;
                self.writes.raise();
                Ok(if current.is_none() { Outcome::Added } else { Outcome::Updated })
            }

            async fn add_page_views(&self, views: &[(ItemKind, String, String, i64)]) -> StoreResult<()> {
                if views.is_empty() {
                    return Ok(());
                }
                let mut tx = begin_write(&self.pool).await?;
                for (kind, slug, day, n) in views {
                    sqlx::query(
                        "INSERT INTO page_views (item_kind, item_slug, day, views) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (item_kind, item_slug, day) DO UPDATE SET views = page_views.views + excluded.views",
                    )
                    .bind(kind.code())
                    .bind(slug)
                    .bind(day)
                    .bind(*n)
                    .execute(&mut *tx)
                    .await?;
                }
                log_change(&mut tx, ChangeKind::Views, crate::store::VIEWS_SLUG).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn adoption_file(&self, case: &str) -> StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as("SELECT raw, hash FROM adoption_files WHERE case_slug = $1")
                    .bind(case)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn adoption_files(&self) -> StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT case_slug, raw FROM adoption_files ORDER BY case_slug")
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn revisions(&self, path: &str) -> StoreResult<Vec<Revision>> {
                let rows: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT revision, hash, created_at FROM revisions WHERE path = $1 ORDER BY revision",
                )
                .bind(path)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(revision, hash, created_at)| Revision { path: path.to_string(), revision, hash, created_at })
                    .collect())
            }
        }
    };
}

pub(crate) use sql_store;
