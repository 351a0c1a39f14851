-- Partnership requests (issue 14): an indirect provider's single-use link asking a reseller to
-- become its partner, sqlite. Keep in step with the other backend's migrations. Only the SHA-256 of
-- the token is stored; the note says whom the provider sent it to (for its own list).
CREATE TABLE partnership_requests (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES partners (id),
    token_hash TEXT NOT NULL UNIQUE,
    note TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    accepted_reseller_id TEXT REFERENCES partners (id),
    revoked_at TIMESTAMP
);
CREATE INDEX partnership_requests_provider_idx ON partnership_requests (provider_id, created_at);
