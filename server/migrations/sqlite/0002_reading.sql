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
UPDATE case_texts SET title = json_extract(doc, '$.title'), summary = json_extract(doc, '$.summary'), image_alt = json_extract(doc, '$.image_alt'), updated = json_extract(doc, '$.updated');
ALTER TABLE magazine_texts ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN image_alt TEXT;
ALTER TABLE magazine_texts ADD COLUMN updated TEXT;
ALTER TABLE magazine_texts ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN renderer INTEGER NOT NULL DEFAULT 0;
UPDATE magazine_texts SET title = json_extract(doc, '$.title'), summary = json_extract(doc, '$.summary'), image_alt = json_extract(doc, '$.image_alt'), updated = json_extract(doc, '$.updated');
ALTER TABLE cases ADD COLUMN stage TEXT;
UPDATE cases SET stage = json_extract(meta, '$.stage');
CREATE INDEX case_texts_renderer ON case_texts (renderer);
CREATE INDEX magazine_texts_renderer ON magazine_texts (renderer);

CREATE TABLE case_counts (
    kind  TEXT NOT NULL,
    slug  TEXT NOT NULL,
    cases INTEGER NOT NULL,
    PRIMARY KEY (kind, slug)
);
INSERT INTO case_counts (kind, slug, cases) SELECT 'partner', partner, COUNT(*) FROM cases GROUP BY partner;
INSERT INTO case_counts (kind, slug, cases) SELECT 'theme', theme, COUNT(*) FROM case_themes GROUP BY theme;
INSERT INTO case_counts (kind, slug, cases) SELECT 'all', '', COUNT(*) FROM cases;

CREATE TABLE changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    slug       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
