-- The plan's own levels ('full', 'scaled_up') take the goal's current week and month (see
-- level_sizes.sql).
UPDATE target_levels AS t
SET text = COALESCE(g.daily, t.text),
    target_quantity = g.daily_quantity,
    target_unit = g.daily_unit,
    weekly_quantity = g.weekly_quantity,
    weekly_unit = g.weekly_unit,
    monthly_quantity = g.monthly_quantity,
    monthly_unit = g.monthly_unit
FROM goals AS g
WHERE g.goal_id = t.goal_id AND t.kind IN ('full', 'scaled_up');
