-- Search and publishing: every case and magazine has a publication status. Readers, the API, the feeds and
-- the search index see only `published` ones; what was stored before this migration was published.
ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE magazines ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
CREATE INDEX cases_status ON cases (status, published DESC, slug);

-- Where the search index is shared (Meilisearch), one instance at a time drains the change log into it: the
-- holder of this lease, renewed while it lives and taken over by another instance when it expires.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
