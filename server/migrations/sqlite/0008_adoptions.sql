-- Reuse and impact: the organisations that took up a case (a partner, or any organisation by name and
-- country), one row per organisation and case, in the order of the case's `adoptions.toml`, whose text is
-- kept beside them for history and export. `adopter_case` names the adopter's own case in the library
-- (adapted from this one); it is not a foreign key, so either case may be deleted on its own.
CREATE TABLE adoptions (
    case_slug    TEXT NOT NULL REFERENCES cases (slug),
    id           TEXT NOT NULL,
    position     INTEGER NOT NULL,
    partner      TEXT REFERENCES partners (slug),
    name         TEXT,
    country      TEXT,
    website      TEXT,
    stage        TEXT NOT NULL,
    year         INTEGER NOT NULL,
    note         TEXT NOT NULL,
    adopter_case TEXT,
    PRIMARY KEY (case_slug, id)
);
CREATE INDEX adoptions_adopter_case ON adoptions (adopter_case);
CREATE INDEX adoptions_partner ON adoptions (partner);

CREATE TABLE adoption_files (
    case_slug TEXT PRIMARY KEY REFERENCES cases (slug),
    raw       TEXT NOT NULL,
    hash      TEXT NOT NULL
);
