-- The activity log at a distributor's size (issue 12), SQLite. Keep in step with migrations/postgres.
--
-- A partner's log is the events it acted in OR that concern it. One index cannot serve an OR of two
-- columns in order, so the log reads two ordered index ranges, one per column, and merges them
-- (db::models::audit). Each index ends with `id`, the tie-break of the log's order
-- (occurred_at DESC, id DESC), so that a page after a cursor starts inside the index and stops
-- after one page, even among events of the same instant. The partner indexes skip the rows whose
-- column is empty (no query asks for those); the `operation` ones serve the operation filter,
-- which would otherwise read a partner's whole log to find a rare operation.
DROP INDEX audit_events_actor_partner_idx;
CREATE INDEX audit_events_actor_partner_idx
    ON audit_events (actor_partner_id, occurred_at, id) WHERE actor_partner_id IS NOT NULL;
DROP INDEX audit_events_subject_partner_idx;
CREATE INDEX audit_events_subject_partner_idx
    ON audit_events (subject_partner_id, occurred_at, id) WHERE subject_partner_id IS NOT NULL;
CREATE INDEX audit_events_actor_partner_operation_idx
    ON audit_events (actor_partner_id, operation, occurred_at, id) WHERE actor_partner_id IS NOT NULL;
CREATE INDEX audit_events_subject_partner_operation_idx
    ON audit_events (subject_partner_id, operation, occurred_at, id) WHERE subject_partner_id IS NOT NULL;
DROP INDEX audit_events_customer_idx;
CREATE INDEX audit_events_customer_idx ON audit_events (customer_id, occurred_at, id);
DROP INDEX audit_events_subscription_idx;
CREATE INDEX audit_events_subscription_idx ON audit_events (subscription_id, occurred_at, id);

-- The log's customer filter finds a customer by the start of its company name, case-insensitively
-- (lower() folds ASCII letters in SQLite), in name order.
CREATE INDEX customers_company_name_lower_idx ON customers (lower(company_name), id);
