-- Uploaded import files, kept between the preview and the confirmation: in the database, so that
-- the confirmation may reach another instance behind the load balancer. The bytes are stored in
-- chunks (import_upload_chunks) so that no single value is the size of the file.
CREATE TABLE import_uploads (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    kind TEXT NOT NULL CHECK (kind IN ('customers', 'subscriptions')),
    file_name TEXT NOT NULL,
    byte_count BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX import_uploads_created_idx ON import_uploads (created_at);

CREATE TABLE import_upload_chunks (
    upload_id TEXT NOT NULL REFERENCES import_uploads (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
