-- The customer index of subscriptions also holds their three partners (issue 12), SQLite. Keep in
-- step with the other backend's migrations.
--
-- The customer list counts, for each customer of a page, the subscriptions the partner sees
-- (sold, earns on or supports). With the partners in the index, that count reads the index
-- alone instead of a row lookup per subscription: at 100,000 customers the lookups of a page's
-- 200 subscriptions were a quarter of the list's time.
DROP INDEX subscriptions_customer_idx;
CREATE INDEX subscriptions_customer_idx
    ON subscriptions (customer_id, seller_id, reseller_of_record_id, support_contact_id);
