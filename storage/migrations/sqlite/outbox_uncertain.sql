-- Never twice (issue 15): the sender writes on the row which card it is about to send before the
-- request leaves (`sending`), and clears it once Telegram's answer is recorded. A row found with
-- `sending` set (the bot died mid-send), or a send whose answer was lost, is 'uncertain': it may
-- have reached the user and is never sent again.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (the 12-step way; the
-- runner turns foreign keys off and checks them before committing). Ids are kept, and with them
-- AUTOINCREMENT's counter (RENAME carries it over).
CREATE TABLE outbox_new (
    delivery_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    kind                TEXT    NOT NULL CHECK (kind <> ''),
    local_date          TEXT    NOT NULL,
    due_at              TEXT    NOT NULL,
    expires_at          TEXT,
    status              TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'uncertain')),
    payload             TEXT    NOT NULL DEFAULT '{}',  -- JSON object
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     TEXT,
    last_error          TEXT,
    sent_at             TEXT,
    telegram_message_id INTEGER,
    created_at          TEXT    NOT NULL,
    claimed_until       TEXT,
    cards_sent          INTEGER NOT NULL DEFAULT 0 CHECK (cards_sent >= 0),
    first_message_id    INTEGER,
    sending             INTEGER CHECK (sending >= 0),
    UNIQUE (user_id, kind, local_date)
);

INSERT INTO outbox_new (
    delivery_id, user_id, kind, local_date, due_at, expires_at, status, payload, attempts,
    next_attempt_at, last_error, sent_at, telegram_message_id, created_at, claimed_until,
    cards_sent, first_message_id
)
SELECT
    delivery_id, user_id, kind, local_date, due_at, expires_at, status, payload, attempts,
    next_attempt_at, last_error, sent_at, telegram_message_id, created_at, claimed_until,
    cards_sent, first_message_id
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_pending_due_idx ON outbox (due_at) WHERE status = 'pending';
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE status = 'sent';
