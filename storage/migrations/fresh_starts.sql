-- Fresh starts: a date the user picked with /freshstart, and the last landmark the bot
-- prompted them on (so that steady users get at most one a month).

ALTER TABLE users ADD COLUMN fresh_start_on TEXT;
ALTER TABLE users ADD COLUMN fresh_start_prompted_on TEXT;
