//! The server-side session store behind actix-session (a `sessions` table on either backend), and
//! the typed keys kept in a session.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use rand::Rng;
use rand::distr::Alphanumeric;

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

/// Sessions stored in the database: a session is valid only while its row exists, so sign-out and
/// expiry hold even against a replayed cookie, and all app instances on one database share them.
#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    /// A store over this pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut crate::db::DbConn) -> diesel::QueryResult<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let db = self.db.clone();
        actix_web::web::block(move || {
            let mut conn = db.get()?;
            f(&mut conn).map_err(anyhow::Error::from)
        })
        .await
        .map_err(|e| anyhow::anyhow!("session store task: {e}"))?
    }
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
        let state = self
            .run(move |conn| rows::load(conn, &key, crate::db::now()))
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
        self.run(move |conn| {
            let now = crate::db::now();
            rows::purge_expired(conn, now)?;
            rows::insert(conn, &stored, &state, expires)
        })
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
        // Deleted meanwhile (signed out elsewhere, or expired): never resurrect it, start a new one.
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
