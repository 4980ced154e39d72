-- The week and the month in force with each target level (bot.coach.levels): a change to one
-- level of the plan (a comeback step, next week's goal, an edit) carries to the others, and the
-- history keeps all three so that a past week is judged against its own target.
--
-- Rows of the plan's own size ('full', 'scaled_up') used to stand for "the plan as it is now":
-- they take the plan's current levels, which is what they meant until now. Comeback steps
-- ('mva', 'ramp') keep NULL here and have their week and month worked out from their day.

ALTER TABLE target_levels ADD COLUMN weekly_quantity REAL;
ALTER TABLE target_levels ADD COLUMN weekly_unit TEXT;
ALTER TABLE target_levels ADD COLUMN monthly_quantity REAL;
ALTER TABLE target_levels ADD COLUMN monthly_unit TEXT;

UPDATE target_levels
SET text = COALESCE((SELECT g.daily FROM goals g WHERE g.goal_id = target_levels.goal_id), text),
    target_quantity = (SELECT g.daily_quantity FROM goals g WHERE g.goal_id = target_levels.goal_id),
    target_unit = (SELECT g.daily_unit FROM goals g WHERE g.goal_id = target_levels.goal_id),
    weekly_quantity = (SELECT g.weekly_quantity FROM goals g WHERE g.goal_id = target_levels.goal_id),
    weekly_unit = (SELECT g.weekly_unit FROM goals g WHERE g.goal_id = target_levels.goal_id),
    monthly_quantity = (SELECT g.monthly_quantity FROM goals g WHERE g.goal_id = target_levels.goal_id),
    monthly_unit = (SELECT g.monthly_unit FROM goals g WHERE g.goal_id = target_levels.goal_id)
WHERE kind IN ('full', 'scaled_up');
