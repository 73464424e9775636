-- Safe to put online: sign-in attempts counted before they are judged (each row one attempt, under a hash
-- of its key, so a made-up e-mail is never stored), API tokens that may end, and files uploaded to an item
-- that does not exist yet belonging to the uploader's partner until the item is created.
DELETE FROM sign_in_failures;
ALTER TABLE sign_in_failures ADD COLUMN attempt TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
CREATE INDEX sign_in_failures_attempt ON sign_in_failures (attempt);
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE assets ADD COLUMN owner TEXT;
