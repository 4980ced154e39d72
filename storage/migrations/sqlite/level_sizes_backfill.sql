-- The plan's own levels ('full', 'scaled_up') take the goal's current week and month (see
-- level_sizes.sql): one subquery per column, as SQLite before 3.33 has no UPDATE ... FROM.
UPDATE target_levels
SET text = COALESCE((SELECT g.daily FROM goals g WHERE g.goal_id = target_levels.goal_id), text),
    target_quantity = (SELECT g.daily_quantity FROM goals g WHERE g.goal_id = target_levels.goal_id),
    target_unit = (SELECT g.daily_unit FROM goals g WHERE g.goal_id = target_levels.goal_id),
    weekly_quantity = (SELECT g.weekly_quantity FROM goals g WHERE g.goal_id = target_levels.goal_id),
    weekly_unit = (SELECT g.weekly_unit FROM goals g WHERE g.goal_id = target_levels.goal_id),
    monthly_quantity = (SELECT g.monthly_quantity FROM goals g WHERE g.goal_id = target_levels.goal_id),
    monthly_unit = (SELECT g.monthly_unit FROM goals g WHERE g.goal_id = target_levels.goal_id)
WHERE kind IN ('full', 'scaled_up');
