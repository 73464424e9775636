-- A number raised by every write to what the moderation queue shows (comments, their reports and log, the
-- moderation settings, account names), whoever makes it: another instance, `likewise` on the command line,
-- a script. A moderator's queue page, kept per person, is served again only while it is unchanged.
CREATE TABLE comment_version (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    n   INTEGER NOT NULL
);
INSERT INTO comment_version (one, n) VALUES (1, 0);

CREATE TRIGGER comments_inserted AFTER INSERT ON comments BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER comments_updated AFTER UPDATE ON comments BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER comments_deleted AFTER DELETE ON comments BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER reports_inserted AFTER INSERT ON comment_reports BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER reports_updated AFTER UPDATE ON comment_reports BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER reports_deleted AFTER DELETE ON comment_reports BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER moderation_logged AFTER INSERT ON moderation_log BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER settings_inserted AFTER INSERT ON settings BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER settings_updated AFTER UPDATE ON settings BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER settings_deleted AFTER DELETE ON settings BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER partner_settings_inserted AFTER INSERT ON partner_settings BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER partner_settings_updated AFTER UPDATE ON partner_settings BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER partner_settings_deleted AFTER DELETE ON partner_settings BEGIN UPDATE comment_version SET n = n + 1; END;
CREATE TRIGGER account_names_updated AFTER UPDATE OF name ON accounts BEGIN UPDATE comment_version SET n = n + 1; END;
