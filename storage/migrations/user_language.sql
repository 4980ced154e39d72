-- The language the coach speaks to each user (issue 12): taken from Telegram's language_code on
-- first contact, then changed in /settings. Users from before it get what their first contact
-- would have given them (any Portuguese is Brazil's; anything but Russian, Spanish and Portuguese
-- is English). No CHECK on the value: a language added later needs no table rebuild, and a value
-- the code does not know is spoken as English.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
UPDATE users SET language = CASE
    WHEN lower(language_code) LIKE 'ru%' THEN 'ru'
    WHEN lower(language_code) LIKE 'es%' THEN 'es'
    WHEN lower(language_code) LIKE 'pt%' THEN 'pt_BR'
    ELSE 'en'
END;
