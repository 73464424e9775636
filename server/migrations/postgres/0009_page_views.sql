-- Page views counted without cookies or personal data: one counter per case or magazine page and day,
-- nothing about who read it (docs/privacy in the accessibility statement). Instances add their counts
-- every minute.
CREATE TABLE page_views (
    item_kind TEXT NOT NULL,
    item_slug TEXT NOT NULL,
    day       TEXT NOT NULL,
    views     BIGINT NOT NULL,
    PRIMARY KEY (item_kind, item_slug, day)
);
