//! One error type for the whole app, and the conversions into it. How it answers (its status,
//! the error page) is the web layer's: `web::error`.

use crate::i18n::Msg;

/// Everything that can go wrong while answering a request.
#[derive(thiserror::Error)]
pub enum AppError {
    /// No such record, or one the user may not see (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// The user is signed in but their role or organization may not do this.
    #[error("forbidden: {}", .0.english())]
    Forbidden(Msg),
    /// Not signed in; `next` is where to come back after signing in.
    #[error("sign-in required")]
    Unauthenticated {
        /// Path (and query) to return to.
        next: Option<String>,
    },
    /// Missing or wrong CSRF token, or a foreign Origin.
    #[error("request forgery check failed")]
    Csrf,
    /// The request cannot be understood (malformed form, id or number); the message says why.
    #[error("bad request: {}", .0.english())]
    BadRequest(Msg),
    /// The database is unreachable or the pool is exhausted.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; logged with its cause chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// By hand, so that no log line holds what `next` may carry (an invitation link's token, a query).
impl std::fmt::Debug for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound => f.write_str("NotFound"),
            Self::Forbidden(why) => f.debug_tuple("Forbidden").field(why).finish(),
            Self::Unauthenticated { next } => f
                .debug_struct("Unauthenticated")
                .field("next", &next.as_ref().map(|_| "[redacted]"))
                .finish(),
            Self::Csrf => f.write_str("Csrf"),
            Self::BadRequest(why) => f.debug_tuple("BadRequest").field(why).finish(),
            Self::Unavailable(cause) => f.debug_tuple("Unavailable").field(cause).finish(),
            Self::Internal(cause) => f.debug_tuple("Internal").field(cause).finish(),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> Self {
        match e {
            crate::db::DbError::Query(e) => e.into(),
            inconsistent @ crate::db::DbError::Inconsistent(_) => {
                Self::Internal(anyhow::Error::new(inconsistent))
            }
        }
    }
}

impl From<crate::db::Unavailable> for AppError {
    fn from(e: crate::db::Unavailable) -> Self {
        Self::Unavailable(e.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(anyhow::Error::new(e).context("rendering a template"))
    }
}
