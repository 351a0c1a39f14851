//! Authentication: password hashing, the server-side session store, typed extractors for the
//! signed-in user, CSRF protection, and who the client is behind a reverse proxy.

pub mod client;
pub mod csrf;
pub mod extract;
pub mod password;
pub mod session;
pub mod throttle;
