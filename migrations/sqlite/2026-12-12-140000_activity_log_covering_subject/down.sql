DROP INDEX audit_events_subject_partner_operation_idx;
CREATE INDEX audit_events_subject_partner_operation_idx
    ON audit_events (subject_partner_id, operation, occurred_at, id) WHERE subject_partner_id IS NOT NULL;
DROP INDEX audit_events_subject_partner_idx;
CREATE INDEX audit_events_subject_partner_idx
    ON audit_events (subject_partner_id, occurred_at, id) WHERE subject_partner_id IS NOT NULL;
