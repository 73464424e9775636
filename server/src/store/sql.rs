//! The SQL both stores share. SQLite and PostgreSQL each get their own `Store` type, pool, connection
//! settings and migrations; the statements are written once in the dialect both accept (`$n` parameters,
//! `ON CONFLICT`, `CAST`) and stamped into each type by `sql_store!`.

/// Implements `Store` for `$store { pool: sqlx::Pool<$db> }`. `$slug_list` is a subquery of the dialect
/// that turns the JSON array of strings bound as `$1` into rows.
macro_rules! sql_store {
    ($store:ident, $db:ty, $backend:literal, $slug_list:literal) => {
        use crate::content::model::*;
        use crate::store::{
            Asset, CaseFilter, CaseRecord, MagazineRecord, Outcome, Revision, Store, StoreError, StoreResult,
            StoredText, hash, now,
        };
        use app::lang::Lang;
        use sqlx::Transaction;

        type Tx<'a> = Transaction<'a, $db>;

        fn to_json<T: serde::Serialize>(value: &T) -> String {
            serde_json::to_string(value).expect("content model serialises")
        }

        fn from_json<T: serde::de::DeserializeOwned>(at: &str, json: &str) -> StoreResult<T> {
            serde_json::from_str(json)
                .map_err(|e| StoreError::Corrupt { at: at.to_string(), message: e.to_string() })
        }

        fn lang_of(at: &str, code: &str) -> StoreResult<Lang> {
            code.parse().map_err(|e: app::lang::UnsupportedLang| StoreError::Corrupt {
                at: at.to_string(),
                message: e.to_string(),
            })
        }

        async fn add_revision(
            tx: &mut Tx<'_>,
            path: &str,
            hash: &str,
            content: Option<&str>,
            bytes: Option<&[u8]>,
        ) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO revisions (path, revision, hash, content, bytes, created_at) \
                 VALUES ($1, (SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE path = $1), $2, $3, $4, $5)",
            )
            .bind(path)
            .bind(hash)
            .bind(content)
            .bind(bytes)
            .bind(now())
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Upserts one `(owner, lang)` text row of `case_texts` or `magazine_texts`.
        async fn put_text(tx: &mut Tx<'_>, table: &str, owner: &str, text: &StoredText, h: &str) -> StoreResult<()> {
            let (owner_col, dir) = if table == "case_texts" { ("case_slug", "cases") } else { ("magazine_slug", "magazines") };
            let sql = format!(
                "INSERT INTO {table} ({owner_col}, lang, doc, raw, hash) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT ({owner_col}, lang) DO UPDATE SET doc = excluded.doc, raw = excluded.raw, hash = excluded.hash"
            );
            sqlx::query(&sql)
                .bind(owner)
                .bind(text.text.lang.code())
                .bind(to_json(&text.text))
                .bind(&text.raw)
                .bind(h)
                .execute(&mut **tx)
                .await?;
            let path = format!("{dir}/{owner}/{}.md", text.text.lang);
            add_revision(tx, &path, h, Some(&text.raw), None).await
        }

        async fn text_hash(tx: &mut Tx<'_>, table: &str, owner: &str, lang: Lang) -> StoreResult<Option<String>> {
            let owner_col = if table == "case_texts" { "case_slug" } else { "magazine_slug" };
            let sql = format!("SELECT hash FROM {table} WHERE {owner_col} = $1 AND lang = $2");
            Ok(sqlx::query_as::<_, (String,)>(&sql)
                .bind(owner)
                .bind(lang.code())
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| r.0))
        }

        fn texts_from_rows(owner_at: &str, rows: Vec<(String, String)>, source: Lang) -> StoreResult<Vec<StoredText>> {
            let mut texts = rows
                .into_iter()
                .map(|(doc, raw)| Ok(StoredText { text: from_json::<Text>(owner_at, &doc)?, raw }))
                .collect::<StoreResult<Vec<_>>>()?;
            texts.sort_by_key(|t| (t.text.lang != source, t.text.lang));
            Ok(texts)
        }

        /// Upserts a partner or theme (`table`), kept as one JSON document, with a revision when it changed.
        async fn put_doc(pool: &sqlx::Pool<$db>, table: &str, slug: &str, doc: &str) -> StoreResult<Outcome> {
            let h = hash(doc.as_bytes());
            let mut tx = pool.begin().await?;
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
            tx.commit().await?;
            Ok(outcome)
        }

        /// What writing the source text hashed `h` in `lang` does to a case or magazine (`owners`): `None`
        /// when it is already stored as the source.
        async fn source_outcome(tx: &mut Tx<'_>, owners: &str, slug: &str, lang: Lang, h: &str) -> StoreResult<Option<Outcome>> {
            let texts = if owners == "cases" { "case_texts" } else { "magazine_texts" };
            let current: Option<(String,)> = sqlx::query_as(&format!("SELECT source_lang FROM {owners} WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(&mut **tx)
                .await?;
            let same_source = current.as_ref().is_some_and(|(l,)| l == lang.code());
            if same_source && text_hash(tx, texts, slug, lang).await?.as_deref() == Some(h) {
                return Ok(None);
            }
            Ok(Some(if current.is_some() { Outcome::Updated } else { Outcome::Added }))
        }

        /// Writes a translation of a case (`owners` = `cases`) or magazine (`magazines`) whose source is stored.
        async fn put_translation(pool: &sqlx::Pool<$db>, owners: &str, slug: &str, text: &StoredText) -> StoreResult<Outcome> {
            let (texts, noun) = if owners == "cases" { ("case_texts", "case") } else { ("magazine_texts", "magazine") };
            let h = hash(text.raw.as_bytes());
            let mut tx = pool.begin().await?;
            let source: Option<(String,)> = sqlx::query_as(&format!("SELECT source_lang FROM {owners} WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
            match source {
                None => return Err(StoreError::Conflict(format!("{noun} `{slug}` has no source text"))),
                Some((l,)) if l == text.text.lang.code() => {
                    return Err(StoreError::Conflict(format!("`{l}` is the source language of {noun} `{slug}`")));
                }
                Some(_) => {}
            }
            let outcome = match text_hash(&mut tx, texts, slug, text.text.lang).await? {
                Some(old) if old == h => return Ok(Outcome::Unchanged),
                Some(_) => Outcome::Updated,
                None => Outcome::Added,
            };
            put_text(&mut tx, texts, slug, text, &h).await?;
            tx.commit().await?;
            Ok(outcome)
        }

        const CASE_WHERE: &str = "(CAST($1 AS TEXT) IS NULL OR c.partner = $1) AND (CAST($2 AS TEXT) IS NULL OR \
             EXISTS (SELECT 1 FROM case_themes ct WHERE ct.case_slug = c.slug AND ct.theme = $2))";

        /// The slugs of the JSON array bound as `$1`, as rows: the one fragment the dialects write apart.
        const SLUG_LIST: &str = $slug_list;

        /// A case or magazine row joined with its texts.
        struct Joined {
            at: String,
            slug: String,
            source_lang: Lang,
            meta: String,
            texts: Vec<StoredText>,
        }

        /// Joins head rows `(slug, source_lang, meta)` with text rows `(slug, doc, raw)` of cases or magazines
        /// (`owners`), in the order of the heads.
        fn join_texts(
            owners: &str,
            heads: Vec<(String, String, String)>,
            texts: Vec<(String, String, String)>,
        ) -> StoreResult<Vec<Joined>> {
            let mut by_owner: std::collections::HashMap<String, Vec<(String, String)>> = Default::default();
            for (slug, doc, raw) in texts {
                by_owner.entry(slug).or_default().push((doc, raw));
            }
            heads
                .into_iter()
                .map(|(slug, source, meta)| {
                    let at = format!("{owners}/{slug}");
                    let source_lang = lang_of(&at, &source)?;
                    let texts = texts_from_rows(&at, by_owner.remove(&slug).unwrap_or_default(), source_lang)?;
                    if texts.is_empty() {
                        return Err(StoreError::Corrupt { at, message: "no texts stored".into() });
                    }
                    Ok(Joined { at, slug, source_lang, meta, texts })
                })
                .collect()
        }

        fn assemble_cases(
            heads: Vec<(String, String, String)>,
            texts: Vec<(String, String, String)>,
        ) -> StoreResult<Vec<CaseRecord>> {
            join_texts("cases", heads, texts)?
                .into_iter()
                .map(|j| Ok(CaseRecord { meta: from_json(&j.at, &j.meta)?, slug: j.slug, source_lang: j.source_lang, texts: j.texts }))
                .collect()
        }

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn health(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn put_partner(&self, partner: &Partner) -> StoreResult<Outcome> {
                put_doc(&self.pool, "partners", &partner.slug, &to_json(partner)).await
            }

            async fn put_theme(&self, theme: &Theme) -> StoreResult<Outcome> {
                put_doc(&self.pool, "themes", &theme.slug, &to_json(theme)).await
            }

            async fn put_case_source(&self, slug: &str, meta: &CaseMeta, text: &StoredText) -> StoreResult<Outcome> {
                let h = hash(text.raw.as_bytes());
                let lang = text.text.lang;
                let mut tx = self.pool.begin().await?;
                let Some(outcome) = source_outcome(&mut tx, "cases", slug, lang, &h).await? else {
                    return Ok(Outcome::Unchanged);
                };
                sqlx::query(
                    "INSERT INTO cases (slug, partner, source_lang, published, meta) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (slug) DO UPDATE SET partner = excluded.partner, source_lang = excluded.source_lang, \
                     published = excluded.published, meta = excluded.meta",
                )
                .bind(slug)
                .bind(&meta.partner)
                .bind(lang.code())
                .bind(&meta.published)
                .bind(to_json(meta))
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
                put_text(&mut tx, "case_texts", slug, text, &h).await?;
                tx.commit().await?;
                Ok(outcome)
            }

            async fn put_case_translation(&self, slug: &str, text: &StoredText) -> StoreResult<Outcome> {
                put_translation(&self.pool, "cases", slug, text).await
            }

            async fn put_magazine_source(&self, slug: &str, meta: &MagazineMeta, text: &StoredText) -> StoreResult<Outcome> {
                let h = hash(text.raw.as_bytes());
                let lang = text.text.lang;
                let mut tx = self.pool.begin().await?;
                let Some(outcome) = source_outcome(&mut tx, "magazines", slug, lang, &h).await? else {
                    return Ok(Outcome::Unchanged);
                };
                sqlx::query(
                    "INSERT INTO magazines (slug, number, published, source_lang, meta) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (slug) DO UPDATE SET number = excluded.number, published = excluded.published, \
                     source_lang = excluded.source_lang, meta = excluded.meta",
                )
                .bind(slug)
                .bind(meta.number)
                .bind(&meta.published)
                .bind(lang.code())
                .bind(to_json(meta))
                .execute(&mut *tx)
                .await?;
                put_text(&mut tx, "magazine_texts", slug, text, &h).await?;
                tx.commit().await?;
                Ok(outcome)
            }

            async fn put_magazine_translation(&self, slug: &str, text: &StoredText) -> StoreResult<Outcome> {
                put_translation(&self.pool, "magazines", slug, text).await
            }

            async fn put_asset(&self, asset: &Asset) -> StoreResult<Outcome> {
                let h = hash(&asset.bytes);
                let mut tx = self.pool.begin().await?;
                let current: Option<(String,)> = sqlx::query_as("SELECT hash FROM assets WHERE path = $1")
                    .bind(&asset.path)
                    .fetch_optional(&mut *tx)
                    .await?;
                let outcome = match current {
                    Some((old,)) if old == h => return Ok(Outcome::Unchanged),
                    Some(_) => Outcome::Updated,
                    None => Outcome::Added,
                };
                sqlx::query(
                    "INSERT INTO assets (path, content_type, bytes, hash) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (path) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, \
                     hash = excluded.hash",
                )
                .bind(&asset.path)
                .bind(&asset.content_type)
                .bind(&asset.bytes)
                .bind(&h)
                .execute(&mut *tx)
                .await?;
                add_revision(&mut tx, &asset.path, &h, None, Some(&asset.bytes)).await?;
                tx.commit().await?;
                Ok(outcome)
            }

            async fn partners(&self) -> StoreResult<Vec<Partner>> {
                let rows: Vec<(String, String)> = sqlx::query_as("SELECT slug, doc FROM partners ORDER BY slug")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|(slug, doc)| from_json(&format!("partners/{slug}"), doc)).collect()
            }

            async fn themes(&self) -> StoreResult<Vec<Theme>> {
                let rows: Vec<(String, String)> = sqlx::query_as("SELECT slug, doc FROM themes ORDER BY slug")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|(slug, doc)| from_json(&format!("themes/{slug}"), doc)).collect()
            }

            async fn cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>> {
                let limit = filter.limit.unwrap_or(i64::MAX);
                let heads: Vec<(String, String, String)> = sqlx::query_as(&format!(
                    "SELECT c.slug, c.source_lang, c.meta FROM cases c WHERE {CASE_WHERE} \
                     ORDER BY c.published DESC, c.slug LIMIT $3"
                ))
                .bind(&filter.partner)
                .bind(&filter.theme)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let texts: Vec<(String, String, String)> = sqlx::query_as(&format!(
                    "SELECT t.case_slug, t.doc, t.raw FROM case_texts t WHERE t.case_slug IN \
                     (SELECT c.slug FROM cases c WHERE {CASE_WHERE} ORDER BY c.published DESC, c.slug LIMIT $3)"
                ))
                .bind(&filter.partner)
                .bind(&filter.theme)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                assemble_cases(heads, texts)
            }

            async fn cases_by_slugs(&self, slugs: &[String]) -> StoreResult<Vec<CaseRecord>> {
                if slugs.is_empty() {
                    return Ok(Vec::new());
                }
                let wanted = to_json(&slugs);
                let heads: Vec<(String, String, String)> = sqlx::query_as(&format!(
                    "SELECT c.slug, c.source_lang, c.meta FROM cases c WHERE c.slug IN ({SLUG_LIST})"
                ))
                .bind(&wanted)
                .fetch_all(&self.pool)
                .await?;
                let texts: Vec<(String, String, String)> = sqlx::query_as(&format!(
                    "SELECT t.case_slug, t.doc, t.raw FROM case_texts t WHERE t.case_slug IN ({SLUG_LIST})"
                ))
                .bind(&wanted)
                .fetch_all(&self.pool)
                .await?;
                let mut found = assemble_cases(heads, texts)?;
                found.sort_by_key(|c| slugs.iter().position(|s| *s == c.slug));
                Ok(found)
            }

            async fn case(&self, slug: &str) -> StoreResult<Option<CaseRecord>> {
                let head: Option<(String, String)> =
                    sqlx::query_as("SELECT source_lang, meta FROM cases WHERE slug = $1")
                        .bind(slug)
                        .fetch_optional(&self.pool)
                        .await?;
                let Some((source, meta)) = head else { return Ok(None) };
                let rows: Vec<(String, String)> =
                    sqlx::query_as("SELECT doc, raw FROM case_texts WHERE case_slug = $1")
                        .bind(slug)
                        .fetch_all(&self.pool)
                        .await?;
                let at = format!("cases/{slug}");
                let source_lang = lang_of(&at, &source)?;
                let texts = texts_from_rows(&at, rows, source_lang)?;
                if texts.is_empty() {
                    return Err(StoreError::Corrupt { at, message: "no texts stored".into() });
                }
                Ok(Some(CaseRecord { slug: slug.to_string(), source_lang, meta: from_json(&at, &meta)?, texts }))
            }

            async fn case_counts(&self) -> StoreResult<(Vec<(String, i64)>, Vec<(String, i64)>)> {
                let partners: Vec<(String, i64)> =
                    sqlx::query_as("SELECT partner, COUNT(*) FROM cases GROUP BY partner ORDER BY partner")
                        .fetch_all(&self.pool)
                        .await?;
                let themes: Vec<(String, i64)> =
                    sqlx::query_as("SELECT theme, COUNT(*) FROM case_themes GROUP BY theme ORDER BY theme")
                        .fetch_all(&self.pool)
                        .await?;
                Ok((partners, themes))
            }

            async fn magazines(&self) -> StoreResult<Vec<MagazineRecord>> {
                let heads: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT slug, source_lang, meta FROM magazines ORDER BY number DESC, published DESC, slug",
                )
                .fetch_all(&self.pool)
                .await?;
                let rows: Vec<(String, String, String)> =
                    sqlx::query_as("SELECT magazine_slug, doc, raw FROM magazine_texts")
                        .fetch_all(&self.pool)
                        .await?;
                join_texts("magazines", heads, rows)?
                    .into_iter()
                    .map(|j| Ok(MagazineRecord { meta: from_json(&j.at, &j.meta)?, slug: j.slug, source_lang: j.source_lang, texts: j.texts }))
                    .collect()
            }

            async fn magazine(&self, slug: &str) -> StoreResult<Option<MagazineRecord>> {
                let head: Option<(String, String)> =
                    sqlx::query_as("SELECT source_lang, meta FROM magazines WHERE slug = $1")
                        .bind(slug)
                        .fetch_optional(&self.pool)
                        .await?;
                let Some((source, meta)) = head else { return Ok(None) };
                let rows: Vec<(String, String)> =
                    sqlx::query_as("SELECT doc, raw FROM magazine_texts WHERE magazine_slug = $1")
                        .bind(slug)
                        .fetch_all(&self.pool)
                        .await?;
                let at = format!("magazines/{slug}");
                let source_lang = lang_of(&at, &source)?;
                let texts = texts_from_rows(&at, rows, source_lang)?;
                if texts.is_empty() {
                    return Err(StoreError::Corrupt { at, message: "no texts stored".into() });
                }
                Ok(Some(MagazineRecord { slug: slug.to_string(), source_lang, meta: from_json(&at, &meta)?, texts }))
            }

            async fn asset(&self, path: &str) -> StoreResult<Option<Asset>> {
                let row: Option<(String, Vec<u8>)> =
                    sqlx::query_as("SELECT content_type, bytes FROM assets WHERE path = $1")
                        .bind(path)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(content_type, bytes)| Asset { path: path.to_string(), content_type, bytes }))
            }

            async fn asset_paths(&self) -> StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as("SELECT path FROM assets ORDER BY path")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
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
