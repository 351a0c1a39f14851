//! The hop from the async workers to a blocking thread, for the synchronous database work (diesel
//! with r2d2) of the handlers, the extractors, the session store and the periodic purge.
//!
//! A crate-level module rather than `web::` or `db::`: its callers sit in `web`, `auth` and
//! `housekeeping`, and `web` already depends on `auth`, so `auth` reaching into `web` for it would
//! run a layer backwards; and `db` knows nothing of actix, whose blocking pool this is (sized per
//! worker by `worker_max_blocking_threads`, to the connection pool: see `startup`).

use std::future::Future;

use actix_web::error::BlockingError;

use crate::db::{Db, DbConn};
use crate::error::AppError;

/// Runs `f` on one of the worker's blocking threads and answers what it answers; a blocking pool
/// that is gone (the server is stopping) is an `E` made from [`BlockingError`].
pub async fn run<T, E, F>(f: F) -> Result<T, E>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<BlockingError> + Send + 'static,
{
    actix_web::web::block(f).await?
}

/// `db.run(|conn| …)`: the one database call of a handler, on a blocking thread.
pub trait RunBlocking {
    /// Runs `f` with a pooled connection on a blocking thread, off the async workers; a
    /// connection found dead under it is discarded and reported as unavailable
    /// ([`Db::with`]).
    fn run<T, F>(&self, f: F) -> impl Future<Output = Result<T, AppError>> + Send
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static;
}

impl RunBlocking for Db {
    fn run<T, F>(&self, f: F) -> impl Future<Output = Result<T, AppError>> + Send
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        run(move || db.with(f))
    }
}
