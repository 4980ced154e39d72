-- The scheduler claims due users in (due time, user id) order, a batch at one due time at a time.
-- SQLite's index on the due time keeps its entries in that order already (the row id, which is
-- the user id, ends every index entry); PostgreSQL's needs the user id spelled out, or each
-- batch would sort every user due at that instant.
DROP INDEX users_due_idx;
CREATE INDEX users_due_idx ON users (next_due_at, user_id)
    WHERE status = 'active' AND next_due_at IS NOT NULL;
