-- A customer's default designated support contact for new subscriptions, per seller (issue 15,
-- rule 1), postgres. Keep in step with the other backend's migrations. No row: the seller itself.
-- Rule 3 clears a row when its partner stops being eligible: looked up by customer + partner (a
-- relationship or its delegated admin ends) and by seller + partner (a partnership ends).
CREATE TABLE customer_support_defaults (
    customer_id TEXT NOT NULL REFERENCES customers (id),
    seller_id TEXT NOT NULL REFERENCES partners (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    set_by TEXT REFERENCES users (id),
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_id, seller_id)
);
CREATE INDEX customer_support_defaults_customer_partner_idx
    ON customer_support_defaults (customer_id, partner_id);
CREATE INDEX customer_support_defaults_seller_partner_idx
    ON customer_support_defaults (seller_id, partner_id);
