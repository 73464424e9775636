-- A number raised by every write to what the moderation queue shows (comments, their reports and log, the
-- moderation settings, account names), whoever makes it: another instance, `likewise` on the command line,
-- a script. A moderator's queue page, kept per person, is served again only while it is unchanged.
CREATE TABLE comment_version (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    n   BIGINT NOT NULL
);
INSERT INTO comment_version (one, n) VALUES (1, 0);

CREATE FUNCTION raise_comment_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE comment_version SET n = n + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER comments_changed AFTER INSERT OR UPDATE OR DELETE ON comments
    FOR EACH STATEMENT EXECUTE FUNCTION raise_comment_version();
CREATE TRIGGER reports_changed AFTER INSERT OR UPDATE OR DELETE ON comment_reports
    FOR EACH STATEMENT EXECUTE FUNCTION raise_comment_version();
CREATE TRIGGER moderation_logged AFTER INSERT ON moderation_log
    FOR EACH STATEMENT EXECUTE FUNCTION raise_comment_version();
CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION raise_comment_version();
CREATE TRIGGER partner_settings_changed AFTER INSERT OR UPDATE OR DELETE ON partner_settings
    FOR EACH STATEMENT EXECUTE FUNCTION raise_comment_version();
CREATE TRIGGER account_names_changed AFTER UPDATE OF name ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION raise_comment_version();
