-- Accountability partners (rule 13): a user's personal invite links, who supports whom, what the
-- partners may hear, and on the outbox the other person a message is about or from (a partner's
-- news is about the user; a cheer is from the partner), so that erasing either of them erases the
-- messages between them too.

-- An invite's code is the secret of a deep link: single-use (used_at), it expires and can be
-- revoked. used_by is cleared when the friend erases their data; used_at keeps the code spent.
CREATE TABLE partner_invites (
    invite_id  {generated_key},
    user_id    {bigint} NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    code       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    revoked_at TEXT,
    used_at    TEXT,
    used_by    {bigint} REFERENCES users (user_id) ON DELETE SET NULL
);

CREATE INDEX partner_invites_user_idx ON partner_invites (user_id);
CREATE INDEX partner_invites_used_by_idx ON partner_invites (used_by) WHERE used_by IS NOT NULL;

-- user_id is the person supported, partner_id the partner; either one's erasure ends it.
CREATE TABLE partnerships (
    partnership_id {generated_key},
    user_id        {bigint} NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    partner_id     {bigint} NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at     TEXT    NOT NULL,
    UNIQUE (user_id, partner_id),
    CHECK (user_id <> partner_id)
);

CREATE INDEX partnerships_partner_idx ON partnerships (partner_id);

-- No row: the defaults (the digest, restarts and milestones on; goal names off).
CREATE TABLE partner_sharing (
    user_id       {bigint} PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    weekly_digest INTEGER NOT NULL DEFAULT 1 CHECK (weekly_digest IN (0, 1)),
    goal_names    INTEGER NOT NULL DEFAULT 0 CHECK (goal_names IN (0, 1)),
    restarts      INTEGER NOT NULL DEFAULT 1 CHECK (restarts IN (0, 1)),
    milestones    INTEGER NOT NULL DEFAULT 1 CHECK (milestones IN (0, 1)),
    updated_at    TEXT    NOT NULL
);

ALTER TABLE outbox ADD COLUMN about_user_id {bigint} REFERENCES users (user_id) ON DELETE CASCADE;

CREATE INDEX outbox_about_idx ON outbox (about_user_id) WHERE about_user_id IS NOT NULL;
