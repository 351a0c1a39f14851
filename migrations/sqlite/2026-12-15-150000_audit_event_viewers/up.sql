-- Partners that see an event besides its actor and subject (issue 15): a rule 3 revert's cause
-- (a customer removing a reseller's delegated admin, say) concerns the customer and the reseller,
-- but the seller whose subscriptions reverted sees the revert and must see why. Written in the
-- transaction of the event that names the cause; the log reads a partner's range of the index in
-- its order (occurred_at copied from the event), so a page stays one bounded range per branch.
CREATE TABLE audit_event_viewers (
    partner_id TEXT NOT NULL REFERENCES partners (id),
    event_id TEXT NOT NULL REFERENCES audit_events (id),
    occurred_at TIMESTAMP NOT NULL,
    PRIMARY KEY (partner_id, event_id)
);
CREATE INDEX audit_event_viewers_partner_idx
    ON audit_event_viewers (partner_id, occurred_at, event_id);
-- The log's user filter reads one user's range; its reseller filter the pairs (actor, subject).
CREATE INDEX audit_events_actor_user_idx
    ON audit_events (actor_user_id, occurred_at, id) WHERE actor_user_id IS NOT NULL;
CREATE INDEX audit_events_actor_subject_idx
    ON audit_events (actor_partner_id, subject_partner_id, occurred_at, id)
    WHERE actor_partner_id IS NOT NULL AND subject_partner_id IS NOT NULL;
