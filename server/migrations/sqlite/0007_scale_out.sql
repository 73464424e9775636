-- Scale-out: the moderation queue's lists, counted and paged by keyset from one index (a comment's state,
-- whether it is deleted, its id) instead of visiting each row. Only an index: the release before reads the
-- same tables.
CREATE INDEX comments_queue ON comments (state, deleted, id);
-- Comment counts on cards (approved, not deleted, replies under an approved comment) from the index alone,
-- whatever number of comments wait beside them.
CREATE INDEX comments_visible ON comments (item_kind, item_slug, state, deleted, parent_id);
