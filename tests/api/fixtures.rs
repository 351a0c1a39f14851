//! Rows a test needs, built through the application's model insert functions
//! (`partnerdesk::db::models::*::insert`) as the demo loader builds its own, so that a test says
//! what it needs instead of bending the demo's rows with SQL:
//!
//! ```ignore
//! let reseller = PartnerBuilder::reseller("Pending Reseller")
//!     .partnership(cast::CONTOSO, PartnershipState::Pending)
//!     .build(&app);
//! let customer = CustomerBuilder::new("Pending Co")
//!     .relationship(cast::CONTOSO, Rel::DelegatedAdmin)
//!     .relationship(reseller.mpn, Rel::DelegatedAdmin)
//!     .subscription(Sub::sold_by(O365, cast::CONTOSO))
//!     .build(&app);
//! ```
//!
//! Every insert of a test fixture is in this file, each model's in one function (`insert_*`
//! below): when the insert structs change, this file changes alone.

// Shared by every test module; not each uses every builder.
#![allow(dead_code)]

use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, Ordering};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::r2d2::PooledConnection;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::ids::{
    AuditEventId, CustomerId, InvitationId, PartnerId, PartnershipId, ProductId, RelationshipId,
    SubscriptionId, TenantId, UserId,
};
use partnerdesk::db::models::audit::{self, NewAuditEvent, Operation};
use partnerdesk::db::models::customer::{self, NewCustomer};
use partnerdesk::db::models::invitation::{self, NewInvitation};
use partnerdesk::db::models::partner::{
    self, NewPartner, NewPartnership, PartnerKind, PartnershipState,
};
use partnerdesk::db::models::relationship::{
    self, NewRelationship, RelationshipOrigin, RelationshipState,
};
use partnerdesk::db::models::subscription::{self, NewSubscription, SubscriptionStatus};
use partnerdesk::db::models::user::{self, NewUser};
use partnerdesk::db::schema::{customers, partners, products, users};
use partnerdesk::db::{ConnectionManager, Db, DbConn};
use partnerdesk::domain::Role;

use crate::helpers::{PASSWORD, TEST_ARGON2, TestApp};

/// Where builders write: a test app's database, or a pool of a test's own.
pub trait Database {
    fn connection(&self) -> PooledConnection<ConnectionManager>;
}

impl Database for TestApp {
    fn connection(&self) -> PooledConnection<ConnectionManager> {
        self.conn()
    }
}

impl Database for Db {
    fn connection(&self) -> PooledConnection<ConnectionManager> {
        self.get().expect("conn")
    }
}

/// Runs `f` in one write transaction (one commit for all of a builder's rows).
fn write<R>(db: &impl Database, f: impl FnOnce(&mut DbConn) -> R) -> R {
    let mut conn = db.connection();
    partnerdesk::db::write_transaction(&mut conn, |conn| Ok::<_, diesel::result::Error>(f(conn)))
        .expect("commit")
}

/// PartnerIDs of the demo's partners.
pub mod cast {
    pub const CONTOSO: i32 = 4_100_001;
    pub const LITWARE: i32 = 4_100_002;
    pub const FABRIKAM: i32 = 4_200_001;
    pub const TREY: i32 = 4_200_002;
    pub const NORTHWIND: i32 = 4_200_003;
    pub const TAILSPIN: i32 = 4_300_001;
}

/// A customer's relationship with a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// In force, without delegated admin privileges.
    Active,
    /// In force, with delegated admin privileges.
    DelegatedAdmin,
    /// Ended.
    Removed,
}

/// A subscription of a [`CustomerBuilder`].
#[derive(Debug, Clone)]
pub struct Sub {
    product: String,
    seller: Option<i32>,
    reseller_of_record: Option<i32>,
    support_contact: Option<i32>,
    status: SubscriptionStatus,
    quantity: i32,
}

impl Sub {
    /// Sold by `seller` (a direct-bill partner or indirect provider), which supports it (rule 1).
    pub fn sold_by(product: &str, seller: i32) -> Self {
        Self {
            product: product.to_owned(),
            seller: Some(seller),
            reseller_of_record: None,
            support_contact: Some(seller),
            status: SubscriptionStatus::Active,
            quantity: 1,
        }
    }

    /// Bought from Microsoft: no seller, no partner contact.
    pub fn direct(product: &str) -> Self {
        Self {
            product: product.to_owned(),
            seller: None,
            reseller_of_record: None,
            support_contact: None,
            status: SubscriptionStatus::Active,
            quantity: 1,
        }
    }

    /// With this reseller of record (who earns on it).
    pub fn reseller_of_record(mut self, mpn: i32) -> Self {
        self.reseller_of_record = Some(mpn);
        self
    }

    /// Supported by `mpn` instead of its seller.
    pub fn supported_by(mut self, mpn: i32) -> Self {
        self.support_contact = Some(mpn);
        self
    }

    /// In this status.
    pub fn status(mut self, status: SubscriptionStatus) -> Self {
        self.status = status;
        self
    }
}

/// A user of a built organization.
#[derive(Debug, Clone)]
struct NewUserSpec {
    email: String,
    display_name: Option<String>,
    role: Role,
}

/// A customer with its relationships, subscriptions and users.
#[derive(Debug, Clone)]
pub struct CustomerBuilder {
    name: String,
    domain: Option<String>,
    country: String,
    relationships: Vec<(i32, Rel)>,
    subscriptions: Vec<Sub>,
    users: Vec<NewUserSpec>,
}

/// What [`CustomerBuilder::build`] made.
#[derive(Debug, Clone)]
pub struct BuiltCustomer {
    pub id: String,
    pub tenant: String,
    pub name: String,
    /// Ids of its subscriptions, in the order they were added.
    pub subscriptions: Vec<String>,
}

impl BuiltCustomer {
    /// The page of its `i`-th subscription.
    pub fn subscription_path(&self, i: usize) -> String {
        format!(
            "/customers/{}/subscriptions/{}",
            self.tenant, self.subscriptions[i]
        )
    }

    /// Its page.
    pub fn path(&self) -> String {
        format!("/customers/{}", self.tenant)
    }
}

impl CustomerBuilder {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            domain: None,
            country: "GB".to_owned(),
            relationships: Vec::new(),
            subscriptions: Vec::new(),
            users: Vec::new(),
        }
    }

    /// Its domain (else one made from its name).
    pub fn domain(mut self, domain: &str) -> Self {
        self.domain = Some(domain.to_owned());
        self
    }

    pub fn country(mut self, country: &str) -> Self {
        self.country = country.to_owned();
        self
    }

    /// A relationship with the partner with this PartnerID.
    pub fn relationship(mut self, mpn: i32, rel: Rel) -> Self {
        self.relationships.push((mpn, rel));
        self
    }

    /// Active relationships without delegated admin with each of these partners.
    pub fn partners(mut self, mpns: &[i32]) -> Self {
        self.relationships
            .extend(mpns.iter().map(|mpn| (*mpn, Rel::Active)));
        self
    }

    pub fn subscription(mut self, subscription: Sub) -> Self {
        self.subscriptions.push(subscription);
        self
    }

    /// A user of the customer, with [`PASSWORD`], named after its email.
    pub fn user(mut self, email: &str, role: Role) -> Self {
        self.users.push(NewUserSpec {
            email: email.to_owned(),
            display_name: None,
            role,
        });
        self
    }

    pub fn build(self, db: &impl Database) -> BuiltCustomer {
        write(db, |conn| self.insert(conn))
    }

    fn insert(self, conn: &mut DbConn) -> BuiltCustomer {
        let id = CustomerId::generate();
        let tenant = TenantId::generate();
        let now = partnerdesk::db::now();
        let domain = self
            .domain
            .unwrap_or_else(|| format!("{}.example", slug(&self.name)));
        insert_customers(
            conn,
            &[NewCustomer {
                id: &id,
                tenant_id: &tenant,
                company_name: &self.name,
                domain: &domain,
                country: &self.country,
                created_at: now,
            }],
        );
        for (mpn, rel) in &self.relationships {
            let partner = partner_id(conn, *mpn);
            insert_relationship(conn, &id, &partner, *rel, now);
        }
        let subscriptions = self
            .subscriptions
            .iter()
            .map(|s| insert_subscription(conn, &id, s, now))
            .collect();
        for u in &self.users {
            insert_user(conn, u, Org::Customer(&id), now);
        }
        BuiltCustomer {
            id: id.to_string(),
            tenant: tenant.to_string(),
            name: self.name,
            subscriptions,
        }
    }
}

/// A partner organization, with its partnerships (as a reseller) and users.
#[derive(Debug, Clone)]
pub struct PartnerBuilder {
    kind: PartnerKind,
    name: String,
    mpn: Option<i32>,
    partnerships: Vec<(i32, PartnershipState)>,
    customers: Vec<(String, Rel)>,
    users: Vec<NewUserSpec>,
}

/// What [`PartnerBuilder::build`] made.
#[derive(Debug, Clone)]
pub struct BuiltPartner {
    pub id: String,
    pub mpn: i32,
    pub name: String,
}

impl BuiltPartner {
    /// Its PartnerID as written in forms and paths.
    pub fn mpn_text(&self) -> String {
        self.mpn.to_string()
    }
}

impl PartnerBuilder {
    pub fn new(kind: PartnerKind, name: &str) -> Self {
        Self {
            kind,
            name: name.to_owned(),
            mpn: None,
            partnerships: Vec::new(),
            customers: Vec::new(),
            users: Vec::new(),
        }
    }

    /// An indirect reseller.
    pub fn reseller(name: &str) -> Self {
        Self::new(PartnerKind::IndirectReseller, name)
    }

    /// Its PartnerID (else a new one).
    pub fn mpn(mut self, mpn: i32) -> Self {
        self.mpn = Some(mpn);
        self
    }

    /// A partnership with the indirect provider with this PartnerID, in `state`.
    pub fn partnership(mut self, provider: i32, state: PartnershipState) -> Self {
        self.partnerships.push((provider, state));
        self
    }

    /// A relationship with the existing customer of this name.
    pub fn relationship(mut self, company: &str, rel: Rel) -> Self {
        self.customers.push((company.to_owned(), rel));
        self
    }

    /// A user of the partner, with [`PASSWORD`], named after its email.
    pub fn user(mut self, email: &str, role: Role) -> Self {
        self.users.push(NewUserSpec {
            email: email.to_owned(),
            display_name: None,
            role,
        });
        self
    }

    pub fn build(self, db: &impl Database) -> BuiltPartner {
        write(db, |conn| self.insert(conn))
    }

    fn insert(self, conn: &mut DbConn) -> BuiltPartner {
        // PartnerIDs no demo partner has; one counter for the whole test process.
        static NEXT_MPN: AtomicI32 = AtomicI32::new(4_700_001);
        let mpn = self
            .mpn
            .unwrap_or_else(|| NEXT_MPN.fetch_add(1, Ordering::Relaxed));
        let id = PartnerId::generate();
        let tenant = TenantId::generate();
        let now = partnerdesk::db::now();
        let slug = slug(&self.name);
        insert_partner(
            conn,
            &NewPartner {
                id: &id,
                kind: self.kind,
                name: &self.name,
                mpn_id: mpn,
                tenant_id: &tenant,
                country: "GB",
                support_email: &format!("support@{slug}.example"),
                support_phone: "+44 20 7946 0000",
                support_website: &format!("https://{slug}.example/support"),
                support_hours: "Mon-Fri 9:00-17:00",
                created_at: now,
            },
        );
        for (provider, state) in &self.partnerships {
            let provider = partner_id(conn, *provider);
            insert_partnership(conn, &provider, &id, *state, now);
        }
        for (company, rel) in &self.customers {
            let customer = customer_id(conn, company);
            insert_relationship(conn, &customer, &id, *rel, now);
        }
        for u in &self.users {
            insert_user(conn, u, Org::Partner(&id), now);
        }
        BuiltPartner {
            id: id.to_string(),
            mpn,
            name: self.name,
        }
    }
}

/// A user of an existing organization (the demo's or a built one).
#[derive(Debug, Clone)]
pub struct UserBuilder {
    spec: NewUserSpec,
}

impl UserBuilder {
    /// A user with [`PASSWORD`], named after its email.
    pub fn new(email: &str, role: Role) -> Self {
        Self {
            spec: NewUserSpec {
                email: email.to_owned(),
                display_name: None,
                role,
            },
        }
    }

    pub fn named(mut self, display_name: &str) -> Self {
        self.spec.display_name = Some(display_name.to_owned());
        self
    }

    /// Of the partner with this PartnerID; returns the user's id.
    pub fn of_partner(self, db: &impl Database, mpn: i32) -> String {
        let mut conn = db.connection();
        let partner = partner_id(&mut conn, mpn);
        insert_user(
            &mut conn,
            &self.spec,
            Org::Partner(&partner),
            partnerdesk::db::now(),
        )
    }

    /// Of the customer with this name; returns the user's id.
    pub fn of_customer(self, db: &impl Database, company: &str) -> String {
        let mut conn = db.connection();
        let customer = customer_id(&mut conn, company);
        insert_user(
            &mut conn,
            &self.spec,
            Org::Customer(&customer),
            partnerdesk::db::now(),
        )
    }
}

/// An invitation of a partner, made by one of its users, with a token of its own.
#[derive(Debug, Clone)]
pub struct InvitationBuilder {
    partner: i32,
    created_by: String,
    delegated_admin: bool,
    created_at: Option<NaiveDateTime>,
    expires_at: Option<NaiveDateTime>,
}

impl InvitationBuilder {
    /// By `created_by` (an email) of the partner with this PartnerID, valid for 30 days, for a
    /// relationship without delegated admin.
    pub fn new(partner: i32, created_by: &str) -> Self {
        Self {
            partner,
            created_by: created_by.to_owned(),
            delegated_admin: false,
            created_at: None,
            expires_at: None,
        }
    }

    pub fn delegated_admin(mut self) -> Self {
        self.delegated_admin = true;
        self
    }

    /// Made 31 days ago, expired yesterday.
    pub fn expired(mut self) -> Self {
        let now = partnerdesk::db::now();
        self.created_at = Some(now - chrono::TimeDelta::days(31));
        self.expires_at = Some(now - chrono::TimeDelta::days(1));
        self
    }

    /// Returns the token of its link.
    pub fn build(self, db: &impl Database) -> String {
        let mut conn = db.connection();
        let conn: &mut DbConn = &mut conn;
        let now = partnerdesk::db::now();
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let partner = partner_id(conn, self.partner);
        let created_by = user_id(conn, &self.created_by);
        let id = InvitationId::generate();
        insert_invitation(
            conn,
            &NewInvitation {
                id: &id,
                partner_id: &partner,
                token_hash: &partnerdesk::domain::invitations::token_hash(&token),
                delegated_admin: self.delegated_admin,
                created_by: &created_by,
                created_at: self.created_at.unwrap_or(now),
                expires_at: self.expires_at.unwrap_or(now + chrono::TimeDelta::days(30)),
            },
        );
        token
    }
}

/// An audit event to insert directly, as the domain would write it.
#[derive(Debug, Default)]
pub struct Event<'a> {
    pub at: NaiveDateTime,
    pub user: Option<&'a str>,
    pub actor_partner: Option<&'a str>,
    pub actor_customer: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub customer: Option<&'a str>,
    pub subscription: Option<&'a str>,
    pub op: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

/// Inserts an event; returns its id.
pub fn insert_event(conn: &mut DbConn, e: &Event<'_>) -> AuditEventId {
    fn typed<T: From<String>>(raw: Option<&str>) -> Option<T> {
        raw.map(|id| T::from(id.to_owned()))
    }
    let id = AuditEventId::generate();
    let (user, actor_partner, actor_customer): (
        Option<UserId>,
        Option<PartnerId>,
        Option<CustomerId>,
    ) = (
        typed(e.user),
        typed(e.actor_partner),
        typed(e.actor_customer),
    );
    let (subject, customer, subscription): (
        Option<PartnerId>,
        Option<CustomerId>,
        Option<SubscriptionId>,
    ) = (typed(e.subject), typed(e.customer), typed(e.subscription));
    audit::insert(
        conn,
        &NewAuditEvent {
            id: &id,
            occurred_at: e.at,
            actor_user_id: user.as_ref(),
            actor_partner_id: actor_partner.as_ref(),
            actor_customer_id: actor_customer.as_ref(),
            subject_partner_id: subject.as_ref(),
            customer_id: customer.as_ref(),
            subscription_id: subscription.as_ref(),
            // A stored name this version does not know is kept as it is.
            operation: Operation::from_stored(e.op.to_owned()),
            old_value: e.old,
            new_value: e.new,
        },
    )
    .expect("insert audit event");
    id
}

/// A subscription of the existing customer of this name; returns its id.
pub fn add_subscription(db: &impl Database, company: &str, subscription: Sub) -> String {
    write(db, |conn| {
        let customer = customer_id(conn, company);
        insert_subscription(conn, &customer, &subscription, partnerdesk::db::now())
    })
}

/// A session row with an empty state, expiring at `expires_at`.
pub fn add_session(db: &impl Database, id: &str, expires_at: NaiveDateTime) {
    partnerdesk::db::models::session::insert(&mut db.connection(), id, "{}", expires_at)
        .expect("insert session");
}

/// A customer with active relationships (no delegated admin) with `partners` (PartnerIDs) and no
/// subscription; returns its tenant id.
pub fn add_customer(db: &impl Database, name: &str, domain: &str, partners: &[i32]) -> String {
    CustomerBuilder::new(name)
        .domain(domain)
        .country("PL")
        .partners(partners)
        .build(db)
        .tenant
}

/// `count` customers of the partner with PartnerID `mpn` at once (the batched insert, in
/// multi-row statements), named `prefix 0000` and up, each with an active relationship with it.
pub fn add_many_customers(db: &impl Database, mpn: i32, prefix: &str, count: usize) {
    write(db, |conn| {
        let partner = partner_id(conn, mpn);
        let rows: Vec<(CustomerId, TenantId, String, String)> = (0..count)
            .map(|i| {
                (
                    CustomerId::generate(),
                    TenantId::generate(),
                    format!("{prefix} {i:04}"),
                    format!(
                        "{}-{i}.onmicrosoft.com",
                        prefix.to_lowercase().replace(' ', "")
                    ),
                )
            })
            .collect();
        let now = partnerdesk::db::now();
        let customers: Vec<NewCustomer<'_>> = rows
            .iter()
            .map(|(id, tenant, name, domain)| NewCustomer {
                id,
                tenant_id: tenant,
                company_name: name,
                domain,
                country: "GB",
                created_at: now,
            })
            .collect();
        insert_customers(conn, &customers);
        let ids: Vec<RelationshipId> = rows.iter().map(|_| RelationshipId::generate()).collect();
        let relationships: Vec<NewRelationship<'_>> = rows
            .iter()
            .zip(&ids)
            .map(|((customer, ..), id)| NewRelationship {
                id,
                customer_id: customer,
                partner_id: &partner,
                state: RelationshipState::Active,
                delegated_admin: false,
                origin: RelationshipOrigin::NewCustomer,
                created_at: now,
                updated_at: now,
            })
            .collect();
        relationship::insert_many(conn, &relationships).expect("insert relationships");
    });
}

// ---------------------------------------------------------------------------------------------
// The inserts, one function a model.

/// Whose user.
#[derive(Clone, Copy)]
enum Org<'a> {
    Partner(&'a PartnerId),
    Customer(&'a CustomerId),
}

/// One customer through `insert`, several through `insert_many` (multi-row statements).
fn insert_customers(conn: &mut DbConn, rows: &[NewCustomer<'_>]) {
    match rows {
        [one] => customer::insert(conn, one).expect("insert customer"),
        many => {
            customer::insert_many(conn, many).expect("insert customers");
        }
    }
}

fn insert_relationship(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner: &PartnerId,
    rel: Rel,
    now: NaiveDateTime,
) {
    let (state, delegated_admin) = match rel {
        Rel::Active => (RelationshipState::Active, false),
        Rel::DelegatedAdmin => (RelationshipState::Active, true),
        Rel::Removed => (RelationshipState::Removed, false),
    };
    relationship::insert(
        conn,
        &NewRelationship {
            id: &RelationshipId::generate(),
            customer_id: customer,
            partner_id: partner,
            state,
            delegated_admin,
            origin: RelationshipOrigin::Invitation,
            created_at: now,
            updated_at: now,
        },
    )
    .expect("insert relationship");
}

/// Returns the subscription's id.
fn insert_subscription(
    conn: &mut DbConn,
    customer: &CustomerId,
    s: &Sub,
    now: NaiveDateTime,
) -> String {
    let product = product_id(conn, &s.product);
    let mut partner = |mpn: Option<i32>| mpn.map(|m| partner_id(conn, m));
    let (seller, reseller_of_record, contact) = (
        partner(s.seller),
        partner(s.reseller_of_record),
        partner(s.support_contact),
    );
    let id = SubscriptionId::generate();
    subscription::insert(
        conn,
        &NewSubscription {
            id: &id,
            customer_id: customer,
            product_id: &product,
            quantity: s.quantity,
            status: s.status,
            seller_id: seller.as_ref(),
            reseller_of_record_id: reseller_of_record.as_ref(),
            support_contact_id: contact.as_ref(),
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )
    .expect("insert subscription");
    id.to_string()
}

fn insert_partner(conn: &mut DbConn, row: &NewPartner<'_>) {
    partner::insert(conn, row).expect("insert partner");
}

fn insert_partnership(
    conn: &mut DbConn,
    provider: &PartnerId,
    reseller: &PartnerId,
    state: PartnershipState,
    now: NaiveDateTime,
) {
    partner::insert_partnership(
        conn,
        &NewPartnership {
            id: &PartnershipId::generate(),
            provider_id: provider,
            reseller_id: reseller,
            state,
            created_at: now,
            updated_at: now,
        },
    )
    .expect("insert partnership");
}

/// Returns the user's id.
fn insert_user(conn: &mut DbConn, spec: &NewUserSpec, org: Org<'_>, now: NaiveDateTime) -> String {
    // One hash for every built user, as for the demo's.
    static HASH: OnceLock<String> = OnceLock::new();
    let hash = HASH.get_or_init(|| {
        PasswordHasher::new(TEST_ARGON2)
            .and_then(|h| h.hash(PASSWORD))
            .expect("hash")
    });
    let (partner_id, customer_id) = match org {
        Org::Partner(id) => (Some(id), None),
        Org::Customer(id) => (None, Some(id)),
    };
    let id = UserId::generate();
    let default_name = spec.email.split('@').next().unwrap_or_default().to_owned();
    user::insert(
        conn,
        &NewUser {
            id: &id,
            email: &user::normalize_email(&spec.email),
            display_name: spec.display_name.as_deref().unwrap_or(&default_name),
            password_hash: hash,
            partner_id,
            customer_id,
            role: spec.role,
            disabled: false,
            created_at: now,
        },
    )
    .expect("insert user");
    id.to_string()
}

fn insert_invitation(conn: &mut DbConn, row: &NewInvitation<'_>) {
    invitation::insert(conn, row).expect("insert invitation");
}

// ---------------------------------------------------------------------------------------------
// The rows builders refer to by their words.

fn partner_id(conn: &mut DbConn, mpn: i32) -> PartnerId {
    partners::table
        .filter(partners::mpn_id.eq(mpn))
        .select(partners::id)
        .first::<String>(conn)
        .map(PartnerId::from)
        .unwrap_or_else(|e| panic!("no partner {mpn}: {e}"))
}

fn product_id(conn: &mut DbConn, name: &str) -> ProductId {
    products::table
        .filter(products::name.eq(name))
        .select(products::id)
        .first::<String>(conn)
        .map(ProductId::from)
        .unwrap_or_else(|e| panic!("no product {name}: {e}"))
}

fn customer_id(conn: &mut DbConn, company: &str) -> CustomerId {
    customers::table
        .filter(customers::company_name.eq(company))
        .select(customers::id)
        .first::<String>(conn)
        .map(CustomerId::from)
        .unwrap_or_else(|e| panic!("no customer {company}: {e}"))
}

fn user_id(conn: &mut DbConn, email: &str) -> UserId {
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first::<String>(conn)
        .map(UserId::from)
        .unwrap_or_else(|e| panic!("no user {email}: {e}"))
}

/// Lowercase letters and digits of a name, for made-up domains.
fn slug(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
