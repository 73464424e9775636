-- Translate and comment: which state of its source each translation follows and when each text was
-- written; comments with their earlier wordings, reports, the moderation log, notifications, and the
-- moderation settings of the site and of each partner.
ALTER TABLE case_texts ADD COLUMN source_hash TEXT;
ALTER TABLE case_texts ADD COLUMN written_at TEXT NOT NULL DEFAULT '';
ALTER TABLE magazine_texts ADD COLUMN source_hash TEXT;
ALTER TABLE magazine_texts ADD COLUMN written_at TEXT NOT NULL DEFAULT '';
-- Translations stored before this follow their sources as they are now.
UPDATE case_texts SET source_hash = (
    SELECT substr(s.hash, 1, 12) FROM cases c JOIN case_texts s ON s.case_slug = c.slug AND s.lang = c.source_lang
    WHERE c.slug = case_texts.case_slug)
WHERE lang <> (SELECT c.source_lang FROM cases c WHERE c.slug = case_texts.case_slug);
UPDATE magazine_texts SET source_hash = (
    SELECT substr(s.hash, 1, 12) FROM magazines m JOIN magazine_texts s ON s.magazine_slug = m.slug AND s.lang = m.source_lang
    WHERE m.slug = magazine_texts.magazine_slug)
WHERE lang <> (SELECT m.source_lang FROM magazines m WHERE m.slug = magazine_texts.magazine_slug);

CREATE TABLE comments (
    id            BIGSERIAL PRIMARY KEY,
    item_kind     TEXT NOT NULL,
    item_slug     TEXT NOT NULL,
    parent_id     BIGINT REFERENCES comments (id),
    author        TEXT NOT NULL REFERENCES accounts (id),
    body          TEXT NOT NULL,
    html          TEXT NOT NULL,
    state         TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    by_moderator  INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT,
    fingerprint   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_ms    BIGINT NOT NULL,
    edited_at     TEXT
);
CREATE INDEX comments_item ON comments (item_kind, item_slug, id);
CREATE INDEX comments_state ON comments (state, id);
CREATE INDEX comments_author ON comments (author, created_ms);
CREATE INDEX comments_parent ON comments (parent_id);

CREATE TABLE comment_edits (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    body       TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX comment_edits_comment ON comment_edits (comment_id);

CREATE TABLE comment_reports (
    id         BIGSERIAL PRIMARY KEY,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    reporter   TEXT NOT NULL REFERENCES accounts (id),
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    resolved   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comment_reports_open ON comment_reports (resolved, comment_id);
CREATE INDEX comment_reports_reporter ON comment_reports (reporter, created_ms);

CREATE TABLE moderation_log (
    id         BIGSERIAL PRIMARY KEY,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX moderation_log_comment ON moderation_log (comment_id, id);

CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    created_at TEXT NOT NULL,
    seen       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, comment_id)
);
CREATE INDEX notifications_account ON notifications (account_id, seen, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE partner_settings (
    partner    TEXT PRIMARY KEY,
    moderation TEXT NOT NULL
);
