-- Core tables: users, their goals, milestones with steps, and the append-only daily log.
--
-- Conventions (the same on both engines, so that one set of SQL statements serves both):
--   * timestamps: TEXT, UTC, fixed width 'YYYY-MM-DDTHH:MM:SS.ffffffZ', so text order is time order;
--   * local dates: TEXT 'YYYY-MM-DD'; wall-clock times: TEXT 'HH:MM';
--   * a Measure is two columns, <level>_quantity (a double) and <level>_unit TEXT, both set or
--     both NULL;
--   * flags are INTEGER 0/1; enums are TEXT with a CHECK listing the values of the matching
--     bot.coach.models enum;
--   * Telegram ids are bigints (chat ids of groups pass 2^31), and so are generated ids and every
--     column that refers to one;
--   * owned rows carry user_id and reference their parent together with it, so the database
--     itself guarantees a row's owner is its parent's owner.

CREATE TABLE users (
    user_id         {bigint} PRIMARY KEY,  -- the Telegram user id, never generated
    chat_id         {bigint} NOT NULL,
    first_name      TEXT    NOT NULL DEFAULT '',
    language_code   TEXT,
    timezone        TEXT,
    nudge_time      TEXT,
    evening_enabled INTEGER NOT NULL DEFAULT 1 CHECK (evening_enabled IN (0, 1)),
    evening_time    TEXT    NOT NULL DEFAULT '20:00',
    quiet_start     TEXT    NOT NULL DEFAULT '22:00',
    quiet_end       TEXT    NOT NULL DEFAULT '07:00',
    review_weekday  INTEGER NOT NULL DEFAULT 6 CHECK (review_weekday BETWEEN 0 AND 6),
    review_time     TEXT    NOT NULL DEFAULT '18:00',
    birthday        TEXT,
    paused_until    TEXT,
    status          TEXT    NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'blocked', 'deleted')),
    dialog          TEXT,
    next_due_at     TEXT,
    last_seen_at    TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

-- The scheduler tick asks "active users due by now, earliest first"; only those rows are indexed.
CREATE INDEX users_due_idx ON users (next_due_at)
    WHERE status = 'active' AND next_due_at IS NOT NULL;

CREATE TABLE goals (
    goal_id          {generated_key},
    user_id          {bigint} NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    status           TEXT    NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'active', 'paused', 'archived')),
    priority         INTEGER NOT NULL CHECK (priority >= 1),
    vision           TEXT    NOT NULL DEFAULT '',
    outcome          TEXT,
    outcome_quantity {double},
    outcome_unit     TEXT,
    outcome_due      TEXT,
    monthly          TEXT,
    monthly_quantity {double},
    monthly_unit     TEXT,
    weekly           TEXT,
    weekly_quantity  {double},
    weekly_unit      TEXT,
    daily            TEXT,
    daily_quantity   {double},
    daily_unit       TEXT,
    mva              TEXT,
    mva_quantity     {double},
    mva_unit         TEXT,
    identity         TEXT,
    start_date       TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    -- Lets children reference (goal_id, user_id) so a child's owner is always the goal's owner.
    UNIQUE (goal_id, user_id),
    CHECK ((outcome_quantity IS NULL) = (outcome_unit IS NULL)),
    CHECK ((monthly_quantity IS NULL) = (monthly_unit IS NULL)),
    CHECK ((weekly_quantity IS NULL) = (weekly_unit IS NULL)),
    CHECK ((daily_quantity IS NULL) = (daily_unit IS NULL)),
    CHECK ((mva_quantity IS NULL) = (mva_unit IS NULL))
);

CREATE INDEX goals_user_priority_idx ON goals (user_id, priority);

CREATE TABLE milestones (
    milestone_id {generated_key},
    goal_id      {bigint} NOT NULL,
    user_id      {bigint} NOT NULL,
    title        TEXT    NOT NULL,
    position     INTEGER NOT NULL CHECK (position >= 1),
    due_date     TEXT,
    done_at      TEXT,
    created_at   TEXT    NOT NULL,
    FOREIGN KEY (goal_id, user_id) REFERENCES goals (goal_id, user_id) ON DELETE CASCADE
);

CREATE INDEX milestones_goal_position_idx ON milestones (goal_id, position);

CREATE TABLE milestone_steps (
    step_id      {generated_key},
    milestone_id {bigint} NOT NULL REFERENCES milestones (milestone_id) ON DELETE CASCADE,
    title        TEXT    NOT NULL,
    position     INTEGER NOT NULL CHECK (position >= 1),
    done_at      TEXT
);

CREATE INDEX milestone_steps_milestone_position_idx ON milestone_steps (milestone_id, position);

-- Append-only: rows are never updated except to set undone_at, and never deleted except with
-- their goal. Streaks and scores are derived from this log.
CREATE TABLE daily_entries (
    entry_id        {generated_key},
    goal_id         {bigint} NOT NULL,
    user_id         {bigint} NOT NULL,
    local_date      TEXT    NOT NULL,
    status          TEXT    NOT NULL
                    CHECK (status IN ('done', 'mva', 'skip', 'paused', 'missed')),
    quantity        {double},
    target_quantity {double},
    target_unit     TEXT,
    recorded_at     TEXT    NOT NULL,
    undone_at       TEXT,
    CHECK ((target_quantity IS NULL) = (target_unit IS NULL)),
    FOREIGN KEY (goal_id, user_id) REFERENCES goals (goal_id, user_id) ON DELETE CASCADE
);

CREATE INDEX daily_entries_goal_date_idx ON daily_entries (goal_id, local_date);
