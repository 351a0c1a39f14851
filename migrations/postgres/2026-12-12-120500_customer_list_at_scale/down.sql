-- pg_trgm stays: other schemas of the database may use it, and it holds no data.
DROP INDEX customers_search_trgm_idx;
ALTER TABLE customers DROP CONSTRAINT customers_search_set;
ALTER TABLE customers DROP COLUMN search;

DROP TRIGGER customer_relationships_count_delete ON customer_relationships;
DROP TRIGGER customer_relationships_count_update ON customer_relationships;
DROP TRIGGER customer_relationships_count_insert ON customer_relationships;
DROP FUNCTION partner_customer_counts_apply();
DROP TRIGGER partners_customer_count ON partners;
DROP FUNCTION partner_customer_counts_create();
DROP TABLE partner_customer_counts;

DROP TRIGGER customers_company_name_update ON customers;
DROP FUNCTION customers_company_name_update();
DROP TRIGGER customer_relationships_company_name ON customer_relationships;
DROP FUNCTION customer_relationships_company_name();
DROP INDEX customer_relationships_partner_idx;
ALTER TABLE customer_relationships DROP COLUMN company_name;
CREATE INDEX customer_relationships_partner_idx ON customer_relationships (partner_id, state);
