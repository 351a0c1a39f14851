DROP INDEX audit_events_batch_idx;
DROP INDEX audit_events_cause_idx;
ALTER TABLE audit_events DROP COLUMN batch_id;
ALTER TABLE audit_events DROP COLUMN cause_id;
