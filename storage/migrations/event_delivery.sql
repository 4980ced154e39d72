-- The delivery whose preparation made a coaching mark (a month reviewed, a comeback offered, a
-- milestone's date passed). A delivery can be prepared more than once: sent again after Telegram
-- refused it, released half-way by a sender that stopped leading, taken up by another instance.
-- Each time it must say the same things, so a mark made for this very delivery counts as new
-- for it again (and for no other). Marks from before, and the win path's own, carry none.
ALTER TABLE coach_events ADD COLUMN delivery_id {bigint};
