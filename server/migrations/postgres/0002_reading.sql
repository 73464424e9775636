-- Reading at static-site speed: what pages list, filter and sort on becomes typed columns; every text keeps
-- its body rendered to sanitised HTML once, at write time, with the version of the renderer that made it (a
-- newer renderer re-renders at start-up); case counts are kept as the cases change, so no page counts the
-- whole library; and every change writes a record to the change log, which page caches and the search
-- indexer drain.
ALTER TABLE case_texts ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE case_texts ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE case_texts ADD COLUMN image_alt TEXT;
ALTER TABLE case_texts ADD COLUMN updated TEXT;
ALTER TABLE case_texts ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE case_texts ADD COLUMN renderer INTEGER NOT NULL DEFAULT 0;
UPDATE case_texts SET title = CAST(doc AS jsonb)->>'title', summary = CAST(doc AS jsonb)->>'summary', image_alt = CAST(doc AS jsonb)->>'image_alt', updated = CAST(doc AS jsonb)->>'updated';
ALTER TABLE magazine_texts ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN image_alt TEXT;
ALTER TABLE magazine_texts ADD COLUMN updated TEXT;
ALTER TABLE magazine_texts ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN renderer INTEGER NOT NULL DEFAULT 0;
UPDATE magazine_texts SET title = CAST(doc AS jsonb)->>'title', summary = CAST(doc AS jsonb)->>'summary', image_alt = CAST(doc AS jsonb)->>'image_alt', updated = CAST(doc AS jsonb)->>'updated';
ALTER TABLE cases ADD COLUMN stage TEXT;
UPDATE cases SET stage = CAST(meta AS jsonb)->>'stage';
CREATE INDEX case_texts_renderer ON case_texts (renderer);
CREATE INDEX magazine_texts_renderer ON magazine_texts (renderer);

CREATE TABLE case_counts (
    kind  TEXT NOT NULL,
    slug  TEXT NOT NULL,
    cases BIGINT NOT NULL,
    PRIMARY KEY (kind, slug)
);
INSERT INTO case_counts (kind, slug, cases) SELECT 'partner', partner, COUNT(*) FROM cases GROUP BY partner;
INSERT INTO case_counts (kind, slug, cases) SELECT 'theme', theme, COUNT(*) FROM case_themes GROUP BY theme;
INSERT INTO case_counts (kind, slug, cases) SELECT 'all', '', COUNT(*) FROM cases;

CREATE TABLE changes (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,
    slug       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
