//! The server-side session store behind actix-session (a `sessions` table on either backend), and
//! the typed keys kept in a session.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use rand::Rng;
use rand::distr::Alphanumeric;

use crate::blocking::RunBlocking;
use crate::db::Db;
use crate::db::models::session as rows;

/// Session keys: the signed-in user, when they signed in, and the CSRF token.
pub mod keys {
    /// The signed-in user's id.
    pub const USER_ID: &str = "uid";
    /// Unix seconds of sign-in, for the absolute lifetime.
    pub const SIGNED_IN_AT: &str = "at";
    /// The per-session CSRF token.
    pub const CSRF: &str = "csrf";
    /// A one-time message for the next page (Post/Redirect/Get).
    pub const FLASH: &str = "flash";
}

/// The keys that make a session someone's: never carried into a session that was not theirs.
const SIGNED_IN_KEYS: [&str; 4] = [keys::USER_ID, keys::SIGNED_IN_AT, keys::CSRF, keys::FLASH];

/// How far a session's expiry may lag behind its last request before a request writes the new
/// one: requests in the same minute cost no write.
const TOUCH_SLACK_SECONDS: i64 = 60;

/// Sessions stored in the database: a session is valid only while its row exists, so sign-out and
/// expiry hold even against a replayed cookie, and all app instances on one database share them.
///
/// A request writes only when it changes the session. The idle limit is kept here, on the server:
/// loading a session pushes its expiry out (at most one write a minute), so the cookie itself
/// needs no `Max-Age` and is not sent again on every response.
#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    idle: chrono::TimeDelta,
}

impl DbSessionStore {
    /// A store over this pool; a session ends after `idle` without a request.
    pub fn new(db: Db, idle: chrono::TimeDelta) -> Self {
        Self { db, idle }
    }

    /// Runs `f` on a blocking thread. A connection found dead under it (the server ended it) is
    /// discarded and `f` runs once more on another, since a store failure fails the whole request.
    /// Every store operation is safe to repeat: a read, an UPDATE or DELETE of one row, and an
    /// INSERT of a new random key (should the first attempt's commit have landed before the
    /// connection died, the second finds its key taken and fails: an error, never a doubled or a
    /// lost session).
    async fn run<T: Send + 'static>(
        &self,
        f: impl Fn(&mut crate::db::DbConn) -> diesel::QueryResult<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let db = self.db.clone();
        crate::blocking::run(move || {
            let attempt = || db.with(|conn| f(conn).map_err(StoreError::Query));
            match attempt() {
                Err(StoreError::Unavailable(crate::db::Unavailable::Lost)) => attempt(),
                result => result,
            }
        })
        .await
        .map_err(anyhow::Error::from)
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
enum StoreError {
    #[error(transparent)]
    Unavailable(#[from] crate::db::Unavailable),
    #[error(transparent)]
    Query(diesel::result::Error),
    #[error("session store task: {0}")]
    Blocking(#[from] actix_web::error::BlockingError),
}

fn expiry(ttl: &Duration) -> chrono::NaiveDateTime {
    crate::db::now() + chrono::TimeDelta::seconds(ttl.whole_seconds())
}

fn new_key() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(64)
        .map(char::from)
        .collect()
}

impl SessionStore for DbSessionStore {
    async fn load(
        &self,
        session_key: &SessionKey,
    ) -> Result<Option<HashMap<String, String>>, LoadError> {
        let key = session_key.as_ref().to_owned();
        let idle = self.idle;
        let state = self
            .run(move |conn| {
                let now = crate::db::now();
                let Some((state, expires)) = rows::load(conn, &key, now)? else {
                    return Ok(None);
                };
                let slack = chrono::TimeDelta::seconds(TOUCH_SLACK_SECONDS);
                if expires < now + idle - slack {
                    rows::touch(conn, &key, now + idle, slack)?;
                }
                Ok(Some(state))
            })
            .await
            .map_err(LoadError::Other)?;
        state
            .map(|s| serde_json::from_str(&s).map_err(|e| LoadError::Deserialization(e.into())))
            .transpose()
    }

    async fn save(
        &self,
        session_state: HashMap<String, String>,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        let state = serde_json::to_string(&session_state)
            .map_err(|e| SaveError::Serialization(e.into()))?;
        let key = new_key();
        let expires = expiry(ttl);
        let stored = key.clone();
        // Expired sessions are deleted by the periodic purge (`housekeeping`), not here.
        self.run(move |conn| rows::insert(conn, &stored, &state, expires))
            .await
            .map_err(SaveError::Other)?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        session_key: SessionKey,
        session_state: HashMap<String, String>,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let state = serde_json::to_string(&session_state)
            .map_err(|e| UpdateError::Serialization(e.into()))?;
        let key = session_key.as_ref().to_owned();
        let expires = expiry(ttl);
        let changed = self
            .run(move |conn| rows::update(conn, &key, &state, expires))
            .await
            .map_err(UpdateError::Other)?;
        if changed == 1 {
            return Ok(session_key);
        }
        // Deleted meanwhile (signed out, or expired) by another request while this one ran: never
        // bring it back. What is left once it is no one's (the chosen language) starts an
        // anonymous session; when nothing is left, the new key names no record at all, so the
        // cookie it goes out in is as good as none.
        let mut session_state = session_state;
        for key in SIGNED_IN_KEYS {
            session_state.remove(key);
        }
        if session_state.is_empty() {
            return SessionKey::try_from(new_key()).map_err(|e| UpdateError::Other(e.into()));
        }
        self.save(session_state, ttl).await.map_err(|e| match e {
            SaveError::Serialization(e) => UpdateError::Serialization(e),
            SaveError::Other(e) => UpdateError::Other(e),
        })
    }

    async fn update_ttl(
        &self,
        session_key: &SessionKey,
        ttl: &Duration,
    ) -> Result<(), anyhow::Error> {
        let key = session_key.as_ref().to_owned();
        let expires = expiry(ttl);
        self.run(move |conn| rows::touch(conn, &key, expires, chrono::TimeDelta::seconds(60)))
            .await
            .map(|_| ())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        let key = session_key.as_ref().to_owned();
        self.run(move |conn| rows::delete(conn, &key))
            .await
            .map(|_| ())
    }
}

/// How many sessions are live now (not expired: signed in, or holding only a chosen language).
pub async fn live_count(db: &Db) -> Result<i64, crate::error::AppError> {
    db.run(|conn| rows::count_live(conn, crate::db::now()).map_err(Into::into))
        .await
}
