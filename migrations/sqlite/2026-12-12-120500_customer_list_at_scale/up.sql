-- The customer list at a distributor's size (issue 12), SQLite. Keep in step with migrations/postgres.
-- Every copy and counter below is kept by triggers, so that no code path can forget it.

-- 1. A partner's customers in (company name, id) order from one index. The customer's company name
-- is copied onto each of its relationships; the index replaces the old (partner_id, state) one,
-- which is its prefix, under the same name.
ALTER TABLE customer_relationships ADD COLUMN company_name TEXT NOT NULL DEFAULT '';
UPDATE customer_relationships
SET company_name = (SELECT c.company_name FROM customers c WHERE c.id = customer_relationships.customer_id);
DROP INDEX customer_relationships_partner_idx;
CREATE INDEX customer_relationships_partner_idx
    ON customer_relationships (partner_id, state, company_name, customer_id);

-- SQLite cannot change NEW in a BEFORE trigger: the new row is corrected right after its insert.
-- (An unknown customer leaves '' and the foreign key refuses the row, as before.)
CREATE TRIGGER customer_relationships_company_name_insert
AFTER INSERT ON customer_relationships
WHEN NEW.company_name IS NOT coalesce((SELECT c.company_name FROM customers c WHERE c.id = NEW.customer_id), '')
BEGIN
    UPDATE customer_relationships
    SET company_name = coalesce((SELECT c.company_name FROM customers c WHERE c.id = NEW.customer_id), '')
    WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER customer_relationships_company_name_update
AFTER UPDATE OF customer_id, company_name ON customer_relationships
WHEN NEW.company_name IS NOT coalesce((SELECT c.company_name FROM customers c WHERE c.id = NEW.customer_id), '')
BEGIN
    UPDATE customer_relationships
    SET company_name = coalesce((SELECT c.company_name FROM customers c WHERE c.id = NEW.customer_id), '')
    WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER customers_company_name_update
AFTER UPDATE OF company_name ON customers
WHEN NEW.company_name IS NOT OLD.company_name
BEGIN
    UPDATE customer_relationships SET company_name = NEW.company_name WHERE customer_id = NEW.id;
END;

-- 2. Each partner's number of active customers, exact in the transaction of every change. Every
-- partner has its row from its insert on, so that a change only ever updates one.
CREATE TABLE partner_customer_counts (
    partner_id TEXT PRIMARY KEY NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    active_customers BIGINT NOT NULL CHECK (active_customers >= 0)
);
INSERT INTO partner_customer_counts (partner_id, active_customers)
SELECT p.id, (SELECT count(*) FROM customer_relationships r WHERE r.partner_id = p.id AND r.state = 'active')
FROM partners p;

CREATE TRIGGER partners_customer_count
AFTER INSERT ON partners
BEGIN
    INSERT OR IGNORE INTO partner_customer_counts (partner_id, active_customers) VALUES (NEW.id, 0);
END;

CREATE TRIGGER customer_relationships_count_insert
AFTER INSERT ON customer_relationships
WHEN NEW.state = 'active'
BEGIN
    UPDATE partner_customer_counts SET active_customers = active_customers + 1
    WHERE partner_id = NEW.partner_id;
END;

CREATE TRIGGER customer_relationships_count_update
AFTER UPDATE OF state, partner_id ON customer_relationships
WHEN OLD.state IS NOT NEW.state OR OLD.partner_id IS NOT NEW.partner_id
BEGIN
    UPDATE partner_customer_counts SET active_customers = active_customers - 1
    WHERE OLD.state = 'active' AND partner_id = OLD.partner_id;
    UPDATE partner_customer_counts SET active_customers = active_customers + 1
    WHERE NEW.state = 'active' AND partner_id = NEW.partner_id;
END;

CREATE TRIGGER customer_relationships_count_delete
AFTER DELETE ON customer_relationships
WHEN OLD.state = 'active'
BEGIN
    UPDATE partner_customer_counts SET active_customers = active_customers - 1
    WHERE partner_id = OLD.partner_id;
END;

-- 3. Substring search by index. `search` holds the company name, domain and tenant id, lowercased
-- by the application (Unicode, the same on both backends) and separated by line feeds, which a
-- search cannot contain. Rows that exist before this migration get theirs from the application
-- right after it (db::run_migrations); a new row without one is refused.
ALTER TABLE customers ADD COLUMN search TEXT NOT NULL DEFAULT '';

CREATE TRIGGER customers_search_required_insert
BEFORE INSERT ON customers
WHEN NEW.search = ''
BEGIN
    SELECT RAISE(ABORT, 'customers.search must be set: insert customers through db::models::customer');
END;

CREATE TRIGGER customers_search_required_update
BEFORE UPDATE OF search ON customers
WHEN NEW.search = ''
BEGIN
    SELECT RAISE(ABORT, 'customers.search must be set: update customers through db::models::customer');
END;

-- The trigram index over `search` (FTS5, contentless: the text stays in customers). FTS5 rows are
-- keyed by integers, and customers' own rowid may change on VACUUM (its key is text), so each
-- customer gets a stable integer key here.
CREATE TABLE customers_fts_keys (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL UNIQUE
);
INSERT INTO customers_fts_keys (customer_id) SELECT id FROM customers;

CREATE VIRTUAL TABLE customers_fts USING fts5 (
    search,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER customers_fts_insert
AFTER INSERT ON customers
BEGIN
    INSERT INTO customers_fts_keys (customer_id) VALUES (NEW.id);
    INSERT INTO customers_fts (rowid, search)
    SELECT k.id, NEW.search FROM customers_fts_keys k WHERE k.customer_id = NEW.id;
END;

CREATE TRIGGER customers_fts_update
AFTER UPDATE OF search ON customers
BEGIN
    DELETE FROM customers_fts
    WHERE rowid = (SELECT k.id FROM customers_fts_keys k WHERE k.customer_id = OLD.id);
    INSERT INTO customers_fts (rowid, search)
    SELECT k.id, NEW.search FROM customers_fts_keys k WHERE k.customer_id = OLD.id;
END;

CREATE TRIGGER customers_fts_delete
AFTER DELETE ON customers
BEGIN
    DELETE FROM customers_fts
    WHERE rowid = (SELECT k.id FROM customers_fts_keys k WHERE k.customer_id = OLD.id);
    DELETE FROM customers_fts_keys WHERE customer_id = OLD.id;
END;
