-- Publishing: accounts with roles, server-side sessions, sign-in failures (rate limits), personal API
-- tokens, one-time password-reset links, the author and note of every revision, workflow events, autosaved
-- drafts, and which partner owns a magazine. Secrets (session ids, tokens, reset links) are kept as SHA-256
-- hashes only: a copy of the database signs nobody in.
CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE account_roles (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    role       TEXT NOT NULL,
    partner    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, role, partner)
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE TABLE reset_links (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    expires_at BIGINT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE revisions ADD COLUMN author TEXT;
ALTER TABLE revisions ADD COLUMN note TEXT;

CREATE TABLE workflow_events (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,
    slug       TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status  TEXT NOT NULL,
    author     TEXT NOT NULL,
    note       TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX workflow_events_item ON workflow_events (kind, slug, id);

CREATE TABLE drafts (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    path       TEXT NOT NULL,
    content    TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, path)
);

ALTER TABLE magazines ADD COLUMN partner TEXT;
