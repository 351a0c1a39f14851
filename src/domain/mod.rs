//! The rules of DESIGN.md: who may do what, eligibility, assignment, visibility. Synchronous, over
//! a `&mut DbConn`; every write and its audit event commit in one transaction. Knows nothing of
//! actix-web or askama.

pub mod accounts;
pub mod activity;
pub mod customers;
pub mod import;
pub mod invitations;
pub mod one_time;
pub mod organizations;
pub mod paging;
pub mod partnerships;
pub mod permissions;
pub mod relationships;
pub mod subscription_list;
pub mod subscriptions;
pub mod suggest;
pub mod support_contact;
pub mod support_page;
pub mod support_profile;
pub mod users;

mod context;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, BatchId, CustomerId, PartnerId, SubscriptionId, UserId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::db::models::partner::PartnerKind;
use crate::error::AppError;

pub use context::Ctx;
pub use permissions::{OrgKind, Permission, Side};

pub use crate::db::models::user::Role;

impl Role {
    /// Whether organizations of `side` have this role (DESIGN.md §3): partners have no plain
    /// users, customers no agents.
    pub fn fits(self, side: Side) -> bool {
        match side {
            Side::Partner => !matches!(self, Self::User),
            Side::Customer => matches!(self, Self::GlobalAdmin | Self::BillingAdmin | Self::User),
        }
    }

    /// Parses a role for an organization of `side`; a role that side does not have is `None`.
    pub fn parse_for(raw: &str, side: Side) -> Option<Self> {
        Self::parse(raw).filter(|role| role.fits(side))
    }
}

/// The organization a user acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Org {
    /// Partner staff.
    Partner {
        /// The partner.
        id: PartnerId,
        /// Its kind.
        kind: PartnerKind,
    },
    /// A customer's admins and users.
    Customer {
        /// The customer.
        id: CustomerId,
    },
}

/// Who is acting: the signed-in user, their organization and role. Every domain function takes
/// one and checks it before touching data.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The user.
    pub user_id: UserId,
    /// Their organization.
    pub org: Org,
    /// Their role in it.
    pub role: Role,
}

impl Actor {
    /// The kind of organization this actor works for, as the permission table reads it.
    pub fn org_kind(&self) -> OrgKind {
        match &self.org {
            Org::Partner { kind, .. } => OrgKind::Partner(*kind),
            Org::Customer { .. } => OrgKind::Customer,
        }
    }

    /// Whether this actor's role, in its organization, has the permission (DESIGN.md §3).
    pub fn may(&self, permission: Permission) -> bool {
        permissions::allows(self.org_kind(), self.role, permission)
    }

    /// Every permission this actor has, in [`Permission::ALL`]'s order.
    pub fn permissions(&self) -> impl Iterator<Item = Permission> {
        permissions::granted(self.org_kind(), self.role)
    }

    /// The partner this actor acts for, if it has the permission there; else the permission's
    /// refusal (403).
    pub fn partner_allowed(&self, permission: Permission) -> Result<&PartnerId, AppError> {
        match &self.org {
            Org::Partner { id, .. } if self.may(permission) => Ok(id),
            _ => Err(self.refused(permission)),
        }
    }

    /// The customer this actor acts for, if it has the permission there; else the permission's
    /// refusal (403).
    pub fn customer_allowed(&self, permission: Permission) -> Result<&CustomerId, AppError> {
        match &self.org {
            Org::Customer { id } if self.may(permission) => Ok(id),
            _ => Err(self.refused(permission)),
        }
    }

    fn refused(&self, permission: Permission) -> AppError {
        AppError::Forbidden(permission.refusal(self.org_kind().side()))
    }

    // The checks below name what their many callers need; each is one permission of the table.

    /// The partner whose Customers workspace this actor may use (read): partner staff other than
    /// billing admins.
    pub fn customer_workspace(&self) -> Result<&PartnerId, AppError> {
        self.partner_allowed(Permission::CustomerWorkspace)
    }

    /// Whether the role lets this actor assign designated support contacts (rule 4; the seller
    /// check is separate).
    pub fn may_assign_support_contacts(&self) -> bool {
        self.may(Permission::AssignSupportContacts)
    }

    /// The customer whose admin pages this actor may read: its Global admins and billing admins.
    pub fn customer_admin(&self) -> Result<&CustomerId, AppError> {
        self.customer_allowed(Permission::AdminCenter)
    }

    /// The partner whose relationship invitations this actor may create, list and revoke: Global
    /// admins, admin agents and sales agents of any partner kind.
    pub fn invitations_partner(&self) -> Result<&PartnerId, AppError> {
        self.partner_allowed(Permission::Invitations)
    }

    /// The partner whose customer relationships this actor may remove: Global admins, admin
    /// agents and sales agents.
    pub fn relationship_remover(&self) -> Result<&PartnerId, AppError> {
        self.partner_allowed(Permission::RemoveRelationships)
    }

    /// The provider whose reseller partnerships this actor may end: an indirect provider's Global
    /// admin.
    pub fn partnership_manager(&self) -> Result<&PartnerId, AppError> {
        self.partner_allowed(Permission::ManagePartnerships)
    }

    /// The partner whose activity log this actor may read: Global admins and admin agents.
    pub fn activity_partner(&self) -> Result<&PartnerId, AppError> {
        self.partner_allowed(Permission::ActivityLog)
    }

    /// The customer for which this actor may accept invitations and remove delegated admin: the
    /// customer's Global admins.
    pub fn customer_global_admin(&self) -> Result<&CustomerId, AppError> {
        self.customer_allowed(Permission::ManagePartnerRelationships)
    }

    /// The partner this actor works for, if any.
    pub fn partner_id(&self) -> Option<&PartnerId> {
        match &self.org {
            Org::Partner { id, .. } => Some(id),
            Org::Customer { .. } => None,
        }
    }
}

/// What an audit event concerns, besides who acted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Concerning<'a> {
    /// The partner the event concerns besides the actor's own organization (it sees the event).
    pub partner: Option<&'a PartnerId>,
    /// The customer.
    pub customer: Option<&'a CustomerId>,
    /// The subscription.
    pub subscription: Option<&'a SubscriptionId>,
}

/// What an audit event links to besides its subject: the event that caused it and the batch it
/// is part of.
#[derive(Debug, Clone, Copy, Default)]
pub struct EventLinks<'a> {
    /// The event that caused this one (a rule 3 revert names the removal that ended eligibility).
    pub cause: Option<&'a AuditEventId>,
    /// The bulk assignment this event is part of.
    pub batch: Option<&'a BatchId>,
}

impl Actor {
    /// Writes an audit event of this actor's, inside the caller's transaction (rule 7); returns
    /// its id.
    pub fn record(
        &self,
        conn: &mut DbConn,
        operation: Operation,
        concerning: Concerning<'_>,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<AuditEventId, AppError> {
        self.record_linked(conn, operation, concerning, old, new, EventLinks::default())
    }

    /// [`Actor::record`] with the event's cause and batch.
    pub fn record_linked(
        &self,
        conn: &mut DbConn,
        operation: Operation,
        concerning: Concerning<'_>,
        old: Option<&str>,
        new: Option<&str>,
        links: EventLinks<'_>,
    ) -> Result<AuditEventId, AppError> {
        let id = AuditEventId::generate();
        let actor_customer = match &self.org {
            Org::Customer { id } => Some(id),
            Org::Partner { .. } => None,
        };
        audit::insert(
            conn,
            &NewAuditEvent {
                id: &id,
                occurred_at: crate::db::now(),
                actor_user_id: Some(&self.user_id),
                actor_partner_id: self.partner_id(),
                actor_customer_id: actor_customer,
                subject_partner_id: concerning.partner,
                customer_id: concerning.customer,
                subscription_id: concerning.subscription,
                operation,
                old_value: old,
                new_value: new,
                cause_id: links.cause,
                batch_id: links.batch,
            },
        )?;
        // Whoever sees an event sees its cause (the seller whose subscription reverted sees the
        // customer's removal that caused it), written in the same transaction.
        if let Some(cause) = links.cause {
            for partner in [self.partner_id(), concerning.partner]
                .into_iter()
                .flatten()
            {
                audit::share_with(conn, cause, partner)?;
            }
        }
        Ok(id)
    }
}
