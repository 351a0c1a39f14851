DROP INDEX subscriptions_customer_idx;
CREATE INDEX subscriptions_customer_idx ON subscriptions (customer_id);
