-- The activity log's subject indexes also hold actor_partner_id (issue 12), PostgreSQL. Keep in step with
-- the other backend's migrations.
--
-- The subject branch of a partner's log leaves out the events the partner acted in (those come
-- from the actor indexes); with actor_partner_id in the index, the branch's count and its page
-- read the index alone instead of a row per entry. Measured at 1,000,000 events: a page after a
-- cursor counted 2 x 1,001 entries of this branch, each a row lookup, most of its time.
DROP INDEX audit_events_subject_partner_idx;
CREATE INDEX audit_events_subject_partner_idx
    ON audit_events (subject_partner_id, occurred_at, id, actor_partner_id)
    WHERE subject_partner_id IS NOT NULL;
DROP INDEX audit_events_subject_partner_operation_idx;
CREATE INDEX audit_events_subject_partner_operation_idx
    ON audit_events (subject_partner_id, operation, occurred_at, id, actor_partner_id)
    WHERE subject_partner_id IS NOT NULL;
