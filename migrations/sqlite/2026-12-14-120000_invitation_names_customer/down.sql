ALTER TABLE relationship_invitations DROP COLUMN note;
ALTER TABLE relationship_invitations DROP COLUMN customer_tenant_id;
