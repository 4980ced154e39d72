-- Never twice (issue 15): the sender writes on the row which card it is about to send before the
-- request leaves (`sending`), and clears it once Telegram's answer is recorded. A row found with
-- `sending` set (the bot died mid-send), or a send whose answer was lost, is 'uncertain': it may
-- have reached the user and is never sent again.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'uncertain'));
ALTER TABLE outbox ADD COLUMN sending INTEGER CHECK (sending >= 0);
