-- One-time set-password links (issue 14), PostgreSQL. Keep in step with the other backend's migrations.
-- A Global admin makes one for a new user (who has no usable password yet) or for a user who lost
-- theirs. Only the SHA-256 of the link's token is stored. A link is used once (used_at), stops at
-- expires_at, and is superseded (superseded_at) when a newer link is made for the same user.
CREATE TABLE password_links (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    superseded_at TIMESTAMP
);
CREATE INDEX password_links_user_idx ON password_links (user_id, created_at);
