-- The sign-in throttle's counters (issue 17), PostgreSQL. Keep in step with the other backend's
-- migrations. Kept in the database so that every app instance on it counts the same failures: two
-- instances must not each allow their own burst, and a restart forgets nothing.
--
-- One row per counter (an account, a client address, or an account from one address; its id is a
-- hash, so no email or address is stored), holding the instant its failures will all have drained
-- at its rate: a leaky bucket in one timestamp. A row whose instant has passed counts nothing and
-- is deleted by the periodic purge, along with expired sessions.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    drained_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_drained_idx ON login_failures (drained_at);
