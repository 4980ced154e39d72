-- Several senders on one outbox (instances on one PostgreSQL database) and a sender that crashes mid-delivery:
-- a delivery is claimed with a lease before it is sent (another sender skips it until the lease
-- ends), and a message of several cards keeps on its row how many went out and the first one's
-- id, so that whoever sends it next neither repeats nor loses a card.
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
ALTER TABLE outbox ADD COLUMN cards_sent INTEGER NOT NULL DEFAULT 0 CHECK (cards_sent >= 0);
ALTER TABLE outbox ADD COLUMN first_message_id {bigint};
