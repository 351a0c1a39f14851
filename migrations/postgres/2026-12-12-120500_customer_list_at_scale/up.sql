-- The customer list at a distributor's size (issue 12), PostgreSQL. Keep in step with migrations/sqlite.
-- Every copy and counter below is kept by triggers, so that no code path can forget it.

-- 1. A partner's customers in (company name, id) order from one index. The customer's company name
-- is copied onto each of its relationships; the index replaces the old (partner_id, state) one,
-- which is its prefix, under the same name.
ALTER TABLE customer_relationships ADD COLUMN company_name TEXT;
UPDATE customer_relationships r SET company_name = c.company_name FROM customers c WHERE c.id = r.customer_id;
ALTER TABLE customer_relationships ALTER COLUMN company_name SET NOT NULL;
DROP INDEX customer_relationships_partner_idx;
CREATE INDEX customer_relationships_partner_idx
    ON customer_relationships (partner_id, state, company_name, customer_id);

-- (An unknown customer leaves '' and the foreign key refuses the row, as before.)
CREATE FUNCTION customer_relationships_company_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.company_name := coalesce((SELECT c.company_name FROM customers c WHERE c.id = NEW.customer_id), '');
    RETURN NEW;
END
$$;
CREATE TRIGGER customer_relationships_company_name
BEFORE INSERT OR UPDATE OF customer_id, company_name ON customer_relationships
FOR EACH ROW EXECUTE FUNCTION customer_relationships_company_name();

CREATE FUNCTION customers_company_name_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customer_relationships SET company_name = NEW.company_name WHERE customer_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_company_name_update
AFTER UPDATE OF company_name ON customers
FOR EACH ROW WHEN (NEW.company_name IS DISTINCT FROM OLD.company_name)
EXECUTE FUNCTION customers_company_name_update();

-- 2. Each partner's number of active customers, exact in the transaction of every change. Every
-- partner has its row from its insert on, so that a change only ever updates one. One update per
-- partner per statement (transition tables), not one per row: a batched insert of many
-- relationships of one partner would otherwise pile up versions of its counter row.
CREATE TABLE partner_customer_counts (
    partner_id TEXT PRIMARY KEY NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    active_customers BIGINT NOT NULL CHECK (active_customers >= 0)
);
INSERT INTO partner_customer_counts (partner_id, active_customers)
SELECT p.id, (SELECT count(*) FROM customer_relationships r WHERE r.partner_id = p.id AND r.state = 'active')
FROM partners p;

CREATE FUNCTION partner_customer_counts_create() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO partner_customer_counts (partner_id, active_customers)
    SELECT id, 0 FROM new_partners ON CONFLICT (partner_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER partners_customer_count
AFTER INSERT ON partners REFERENCING NEW TABLE AS new_partners
FOR EACH STATEMENT EXECUTE FUNCTION partner_customer_counts_create();

CREATE FUNCTION partner_customer_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE partner_customer_counts t SET active_customers = t.active_customers + d.delta
        FROM (SELECT partner_id, count(*) AS delta FROM new_rows WHERE state = 'active' GROUP BY partner_id) d
        WHERE t.partner_id = d.partner_id;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE partner_customer_counts t SET active_customers = t.active_customers + d.delta
        FROM (
            SELECT partner_id, sum(delta) AS delta FROM (
                SELECT partner_id, 1 AS delta FROM new_rows WHERE state = 'active'
                UNION ALL
                SELECT partner_id, -1 AS delta FROM old_rows WHERE state = 'active'
            ) changes
            GROUP BY partner_id HAVING sum(delta) <> 0
        ) d
        WHERE t.partner_id = d.partner_id;
    ELSE
        UPDATE partner_customer_counts t SET active_customers = t.active_customers - d.delta
        FROM (SELECT partner_id, count(*) AS delta FROM old_rows WHERE state = 'active' GROUP BY partner_id) d
        WHERE t.partner_id = d.partner_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_relationships_count_insert
AFTER INSERT ON customer_relationships REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION partner_customer_counts_apply();
CREATE TRIGGER customer_relationships_count_update
AFTER UPDATE ON customer_relationships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION partner_customer_counts_apply();
CREATE TRIGGER customer_relationships_count_delete
AFTER DELETE ON customer_relationships REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION partner_customer_counts_apply();

-- 3. Substring search by index. `search` holds the company name, domain and tenant id, lowercased
-- by the application (Unicode, the same on both backends) and separated by line feeds, which a
-- search cannot contain. Rows that exist before this migration get theirs from the application
-- right after it (db::run_migrations); a new row without one is refused (no default, and the
-- check holds for every row written from now on).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE customers ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ALTER COLUMN search DROP DEFAULT;
ALTER TABLE customers ADD CONSTRAINT customers_search_set CHECK (search <> '') NOT VALID;
CREATE INDEX customers_search_trgm_idx ON customers USING gin (search gin_trgm_ops);
