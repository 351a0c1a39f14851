-- partnerdesk core schema (PostgreSQL). Keep in step with migrations/sqlite.
CREATE TABLE partners (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct_bill', 'indirect_provider', 'indirect_reseller')),
    name TEXT NOT NULL,
    mpn_id INTEGER NOT NULL UNIQUE CHECK (mpn_id BETWEEN 100000 AND 9999999),
    tenant_id TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    support_email TEXT NOT NULL,
    support_phone TEXT NOT NULL,
    support_website TEXT NOT NULL,
    support_hours TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE partnerships (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES partners (id),
    reseller_id TEXT NOT NULL REFERENCES partners (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'removed')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (provider_id, reseller_id)
);
CREATE INDEX partnerships_reseller_idx ON partnerships (reseller_id);

CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL UNIQUE,
    company_name TEXT NOT NULL,
    domain TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX customers_company_name_idx ON customers (company_name);

CREATE TABLE customer_relationships (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    state TEXT NOT NULL CHECK (state IN ('active', 'removed')),
    delegated_admin BOOLEAN NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('new_customer', 'invitation')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (customer_id, partner_id)
);
CREATE INDEX customer_relationships_partner_idx ON customer_relationships (partner_id, state);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    partner_id TEXT REFERENCES partners (id),
    customer_id TEXT REFERENCES customers (id),
    role TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    CHECK ((partner_id IS NULL) <> (customer_id IS NULL))
);
CREATE INDEX users_partner_idx ON users (partner_id);
CREATE INDEX users_customer_idx ON users (customer_id);

CREATE TABLE relationship_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    token_hash TEXT NOT NULL UNIQUE,
    delegated_admin BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    accepted_customer_id TEXT REFERENCES customers (id),
    revoked_at TIMESTAMP
);
CREATE INDEX relationship_invitations_partner_idx ON relationship_invitations (partner_id, created_at);

CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    offer_id TEXT NOT NULL UNIQUE,
    commerce_type TEXT NOT NULL CHECK (commerce_type IN ('legacy', 'new_commerce'))
);

CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    product_id TEXT NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'expired', 'deleted')),
    seller_id TEXT REFERENCES partners (id),
    reseller_of_record_id TEXT REFERENCES partners (id),
    support_contact_id TEXT REFERENCES partners (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Bought directly from Microsoft: no seller and no partner support contact.
    CHECK ((seller_id IS NULL) = (support_contact_id IS NULL))
);
CREATE INDEX subscriptions_customer_idx ON subscriptions (customer_id);
CREATE INDEX subscriptions_seller_idx ON subscriptions (seller_id);
CREATE INDEX subscriptions_support_contact_idx ON subscriptions (support_contact_id);
CREATE INDEX subscriptions_reseller_of_record_idx ON subscriptions (reseller_of_record_id);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_user_id TEXT REFERENCES users (id),
    actor_partner_id TEXT REFERENCES partners (id),
    actor_customer_id TEXT REFERENCES customers (id),
    -- The partner organization the event concerns besides the actor (the seller of a reverted
    -- subscription, the partner of a relationship, the reseller of a partnership): it sees the event too.
    subject_partner_id TEXT REFERENCES partners (id),
    customer_id TEXT REFERENCES customers (id),
    subscription_id TEXT REFERENCES subscriptions (id),
    operation TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_events_actor_partner_idx ON audit_events (actor_partner_id, occurred_at);
CREATE INDEX audit_events_subject_partner_idx ON audit_events (subject_partner_id, occurred_at);
CREATE INDEX audit_events_customer_idx ON audit_events (customer_id, occurred_at);
CREATE INDEX audit_events_subscription_idx ON audit_events (subscription_id, occurred_at);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
