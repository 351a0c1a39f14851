//! Row structs and the queries that own them. Every query of tenant data takes the organization it is
//! scoped to; callers never pass a row id they got from a form without that scope.

pub mod audit;
pub mod batch;
pub mod customer;
pub mod import;
pub mod invitation;
pub mod login_failure;
pub mod partner;
pub mod partnership_request;
pub mod password_link;
pub mod product;
pub mod relationship;
pub mod session;
pub mod subscription;
pub mod subscription_list;
pub mod support_default;
pub mod user;
