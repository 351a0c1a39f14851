//! Relationship invitations: the partner's list, creating and revoking them, and a customer
//! admin's acceptance.
