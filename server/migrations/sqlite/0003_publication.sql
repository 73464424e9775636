-- Search and publishing: every case and magazine has a publication status. Readers, the API, the feeds and
-- the search index see only `published` ones; what was stored before this migration was published.
ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE magazines ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
CREATE INDEX cases_status ON cases (status, published DESC, slug);
