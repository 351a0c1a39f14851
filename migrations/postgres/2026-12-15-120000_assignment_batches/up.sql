-- Bulk assignments of a designated support contact (issue 15): a batch is made from a selection
-- (draft), previewed once a partner is chosen (the versions seen are stored on its items), and
-- confirmed once (done); the items then hold what became of each subscription. Drafts left for a
-- day are purged (src/housekeeping.rs).
CREATE TABLE assignment_batches (
    id TEXT PRIMARY KEY NOT NULL,
    seller_id TEXT NOT NULL REFERENCES partners (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    partner_id TEXT REFERENCES partners (id),
    all_or_nothing BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'done')),
    done_at TIMESTAMP,
    back TEXT
);
CREATE INDEX assignment_batches_draft_idx ON assignment_batches (state, created_at);

-- outcome: NULL until confirmed (or a refusal that stopped an all-or-nothing confirmation);
-- reason: why a row was refused, a word of the code (`stale`, `gone`, `partnership_not_active`,
-- `no_relationship`, `no_delegated_admin`), put into words again on the review page.
CREATE TABLE assignment_batch_items (
    batch_id TEXT NOT NULL REFERENCES assignment_batches (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    seen_version INTEGER,
    outcome TEXT CHECK (outcome IN ('assigned', 'already', 'refused')),
    reason TEXT,
    old_contact_id TEXT,
    event_id TEXT,
    PRIMARY KEY (batch_id, subscription_id)
);
