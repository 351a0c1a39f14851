DROP TRIGGER customers_fts_delete;
DROP TRIGGER customers_fts_update;
DROP TRIGGER customers_fts_insert;
DROP TABLE customers_fts;
DROP TABLE customers_fts_keys;
DROP TRIGGER customers_search_required_update;
DROP TRIGGER customers_search_required_insert;
ALTER TABLE customers DROP COLUMN search;

DROP TRIGGER customer_relationships_count_delete;
DROP TRIGGER customer_relationships_count_update;
DROP TRIGGER customer_relationships_count_insert;
DROP TRIGGER partners_customer_count;
DROP TABLE partner_customer_counts;

DROP TRIGGER customers_company_name_update;
DROP TRIGGER customer_relationships_company_name_update;
DROP TRIGGER customer_relationships_company_name_insert;
DROP INDEX customer_relationships_partner_idx;
ALTER TABLE customer_relationships DROP COLUMN company_name;
CREATE INDEX customer_relationships_partner_idx ON customer_relationships (partner_id, state);
