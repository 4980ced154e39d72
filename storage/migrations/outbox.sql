-- The outbox: every scheduled message, unique per (user, kind, local date) so that a tick that
-- runs twice, or a restart during catch-up, never sends the same nudge twice.

CREATE TABLE outbox (
    delivery_id         {generated_key},
    user_id             {bigint} NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    kind                TEXT    NOT NULL CHECK (kind <> ''),
    local_date          TEXT    NOT NULL,
    due_at              TEXT    NOT NULL,
    expires_at          TEXT,
    status              TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    payload             TEXT    NOT NULL DEFAULT '{}',  -- JSON object
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     TEXT,
    last_error          TEXT,
    sent_at             TEXT,
    telegram_message_id {bigint},
    created_at          TEXT    NOT NULL,
    UNIQUE (user_id, kind, local_date)
);

-- The dispatcher asks "pending deliveries due by now, earliest first"; finished rows (the vast
-- majority over time) stay out of the index.
CREATE INDEX outbox_pending_due_idx ON outbox (due_at) WHERE status = 'pending';
