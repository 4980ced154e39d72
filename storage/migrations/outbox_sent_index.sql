-- The health check asks "when was a delivery last sent?" every few seconds: an index on the sent
-- rows' times answers it without reading the outbox's whole history.
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE status = 'sent';
