-- The library: partners, themes, cases and magazines, each language of a case or magazine as its own row,
-- the files stored beside them, and every revision of everything.
CREATE TABLE partners (
    slug TEXT PRIMARY KEY,
    doc  TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE themes (
    slug TEXT PRIMARY KEY,
    doc  TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE cases (
    slug        TEXT PRIMARY KEY,
    partner     TEXT NOT NULL REFERENCES partners (slug),
    source_lang TEXT NOT NULL,
    published   TEXT NOT NULL,
    meta        TEXT NOT NULL
);
CREATE INDEX cases_published ON cases (published DESC, slug);
CREATE INDEX cases_partner ON cases (partner);

CREATE TABLE case_themes (
    case_slug TEXT NOT NULL REFERENCES cases (slug),
    theme     TEXT NOT NULL REFERENCES themes (slug),
    PRIMARY KEY (case_slug, theme)
);
CREATE INDEX case_themes_theme ON case_themes (theme);

CREATE TABLE case_texts (
    case_slug TEXT NOT NULL REFERENCES cases (slug),
    lang      TEXT NOT NULL,
    doc       TEXT NOT NULL,
    raw       TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (case_slug, lang)
);

CREATE TABLE magazines (
    slug        TEXT PRIMARY KEY,
    number      BIGINT NOT NULL,
    published   TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    meta        TEXT NOT NULL
);

CREATE TABLE magazine_texts (
    magazine_slug TEXT NOT NULL REFERENCES magazines (slug),
    lang          TEXT NOT NULL,
    doc           TEXT NOT NULL,
    raw           TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (magazine_slug, lang)
);

CREATE TABLE assets (
    path         TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    hash         TEXT NOT NULL
);

CREATE TABLE revisions (
    id         BIGSERIAL PRIMARY KEY,
    path       TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    hash       TEXT NOT NULL,
    content    TEXT,
    bytes      BYTEA,
    created_at TEXT NOT NULL,
    UNIQUE (path, revision)
);
