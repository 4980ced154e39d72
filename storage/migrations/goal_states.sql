-- Each goal's streak checkpoint (bot.coach.models.StreakState): the fold of its log through
-- judged_through, a past day. Written in the same transaction as the entry that moves it, so a
-- win reads this row and the last days of the log instead of the whole history. A derived
-- cache: deleting a row loses nothing (the next read folds the whole log and writes it again).

CREATE TABLE goal_states (
    goal_id        {bigint} PRIMARY KEY,
    user_id        {bigint} NOT NULL,
    judged_through TEXT,
    run            INTEGER NOT NULL DEFAULT 0 CHECK (run >= 0),
    best           INTEGER NOT NULL DEFAULT 0 CHECK (best >= 0),
    votes          INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
    rest_days      INTEGER NOT NULL DEFAULT 0 CHECK (rest_days >= 0),
    paused_days    INTEGER NOT NULL DEFAULT 0 CHECK (paused_days >= 0),
    missed_days    INTEGER NOT NULL DEFAULT 0 CHECK (missed_days >= 0),
    missed_run     INTEGER NOT NULL DEFAULT 0 CHECK (missed_run >= 0),
    last_kept      TEXT,
    strength       {double}    NOT NULL DEFAULT 0,
    week_skips     INTEGER NOT NULL DEFAULT 0 CHECK (week_skips >= 0),
    amount         {double},
    updated_at     TEXT    NOT NULL,
    FOREIGN KEY (goal_id, user_id) REFERENCES goals (goal_id, user_id) ON DELETE CASCADE
);
