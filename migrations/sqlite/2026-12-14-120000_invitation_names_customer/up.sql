-- An invitation may name the customer it is for (by tenant id: the customer may not be in
-- partnerdesk yet) and say whom it was sent to.
ALTER TABLE relationship_invitations ADD COLUMN customer_tenant_id TEXT;
ALTER TABLE relationship_invitations ADD COLUMN note TEXT;
