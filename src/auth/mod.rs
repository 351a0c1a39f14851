//! Authentication: password hashing, the server-side session store, typed extractors for the
//! signed-in user, and CSRF protection.

pub mod csrf;
pub mod extract;
pub mod password;
pub mod session;
pub mod throttle;
