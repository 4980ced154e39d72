-- The history of a habit's daily size (comeback at the minimum, steps back up, scale-ups) and
-- the coach's one-off moments (offers and celebrations that must never repeat).

CREATE TABLE target_levels (
    level_id        {generated_key},
    goal_id         {bigint} NOT NULL,
    user_id         {bigint} NOT NULL,
    effective_from  TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('full', 'mva', 'ramp', 'scaled_up')),
    text            TEXT    NOT NULL,
    target_quantity {double},
    target_unit     TEXT,
    step            INTEGER CHECK (step IS NULL OR step >= 1),
    steps           INTEGER CHECK (steps IS NULL OR steps >= 1),
    created_at      TEXT    NOT NULL,
    CHECK ((target_quantity IS NULL) = (target_unit IS NULL)),
    FOREIGN KEY (goal_id, user_id) REFERENCES goals (goal_id, user_id) ON DELETE CASCADE
);

CREATE INDEX target_levels_by_goal ON target_levels (goal_id, effective_from, level_id);

CREATE TABLE coach_events (
    goal_id    {bigint} NOT NULL,
    user_id    {bigint} NOT NULL,
    kind       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (goal_id, kind, key),
    FOREIGN KEY (goal_id, user_id) REFERENCES goals (goal_id, user_id) ON DELETE CASCADE
);
