-- An event may name the event that caused it (a rule 3 revert names the removal that ended the
-- contact's eligibility) and the batch it belongs to (a bulk assignment's events share one id).
ALTER TABLE audit_events ADD COLUMN cause_id TEXT;
ALTER TABLE audit_events ADD COLUMN batch_id TEXT;
CREATE INDEX audit_events_cause_idx ON audit_events (cause_id) WHERE cause_id IS NOT NULL;
CREATE INDEX audit_events_batch_idx ON audit_events (batch_id) WHERE batch_id IS NOT NULL;
