//! The demo data of DESIGN.md §6: six partners, Adatum Corporation and Woodgrove Bank, and 200
//! generated customers of Contoso, loaded by `serve --demo` into an empty database.
//!
//! Several app instances may load at the same moment: everything happens in one write transaction
//! whose first statement inserts Contoso Distribution (PartnerID 4100001, unique). A second loader
//! waits on that insert (the SQLite write lock, the PostgreSQL unique index) until the first one
//! commits, then fails on the unique PartnerID and reports [`DemoOutcome::AlreadyLoaded`].

use std::collections::HashSet;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::ids::{
    CustomerId, MpnId, PartnerId, PartnershipId, ProductId, RelationshipId, SubscriptionId,
    TenantId, UserId,
};
use crate::db::models::partner::{
    self, NewPartner, NewPartnership, PartnerKind, partnership_state,
};
use crate::db::models::relationship::{self, NewRelationship, origin};
use crate::db::models::{customer, product, subscription, user};
use crate::db::schema::{customers, partners, products, users};
use crate::db::{DbConn, write_transaction};
use crate::domain::Role;

/// What loading the demo data did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo data was loaded into an empty database.
    Loaded {
        /// Customers created (the two named ones and the generated ones).
        customers: usize,
        /// Subscriptions created.
        subscriptions: usize,
        /// Users created.
        users: usize,
    },
    /// The demo data was already there (loaded earlier, or by another instance just now): nothing
    /// changed.
    AlreadyLoaded,
    /// The database holds other data: nothing changed.
    NotEmpty,
}

/// The demo sign-ins, printed by `serve --demo` and used in the README: (email, role words,
/// organization name). Every one has the password [`DEMO_PASSWORD`].
pub const DEMO_USERS: &[(&str, &str, &str)] = &[
    (
        "globaladmin@contoso.example",
        "Global admin",
        "Contoso Distribution",
    ),
    (
        "admin@contoso.example",
        "Admin agent",
        "Contoso Distribution",
    ),
    (
        "helpdesk@contoso.example",
        "Helpdesk agent",
        "Contoso Distribution",
    ),
    (
        "sales@contoso.example",
        "Sales agent",
        "Contoso Distribution",
    ),
    (
        "billing@contoso.example",
        "Billing admin",
        "Contoso Distribution",
    ),
    (
        "admin@fabrikam.example",
        "Admin agent",
        "Fabrikam Solutions",
    ),
    ("admin@treyresearch.example", "Admin agent", "Trey Research"),
    (
        "admin@litware.example",
        "Admin agent",
        "Litware Distribution",
    ),
    ("admin@tailspin.example", "Admin agent", "Tailspin Direct"),
    ("admin@adatum.example", "Global admin", "Adatum Corporation"),
    (
        "billing@adatum.example",
        "Billing admin",
        "Adatum Corporation",
    ),
    ("user@adatum.example", "User", "Adatum Corporation"),
    ("admin@woodgrove.example", "Global admin", "Woodgrove Bank"),
];

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "demo-password-1";

/// Loads the demo data into an empty database, in one transaction. `hash_password` is called once
/// per user (each hash gets its own salt), before the transaction begins so that the write lock is
/// held only for the inserts.
///
/// Returns [`DemoOutcome::AlreadyLoaded`] when Contoso Distribution (PartnerID 4100001) exists, and
/// [`DemoOutcome::NotEmpty`] when the database holds any other partner, customer, user or product.
pub fn load(
    conn: &mut DbConn,
    hash_password: &dyn Fn(&str) -> anyhow::Result<String>,
) -> anyhow::Result<DemoOutcome> {
    // Fast path, outside any transaction: a restart of `serve --demo` need not hash passwords. The
    // transaction below checks again, since another instance may be loading right now.
    if partner::find_by_mpn(conn, MpnId::from(CONTOSO_MPN))?.is_some() {
        return Ok(DemoOutcome::AlreadyLoaded);
    }
    if !holds_only_partners(conn, 0)? {
        return Ok(DemoOutcome::NotEmpty);
    }

    let hashes = USERS
        .iter()
        .map(|_| hash_password(DEMO_PASSWORD))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let plan = customer_plan();

    match write_transaction(conn, |conn| insert_all(conn, &plan, &hashes)) {
        Ok(outcome) => Ok(outcome),
        Err(LoadError::AlreadyLoaded) => Ok(DemoOutcome::AlreadyLoaded),
        Err(LoadError::NotEmpty) => Ok(DemoOutcome::NotEmpty),
        Err(LoadError::Database(e)) => Err(anyhow::Error::new(e).context("loading the demo data")),
    }
}

/// Why the loading transaction ended without committing. The first two are not failures: they
/// roll the transaction back and become a [`DemoOutcome`].
#[derive(Debug)]
enum LoadError {
    /// Contoso's PartnerID is taken: the demo data is there already.
    AlreadyLoaded,
    /// The database holds other data.
    NotEmpty,
    /// A real database error.
    Database(DieselError),
}

impl From<DieselError> for LoadError {
    fn from(e: DieselError) -> Self {
        Self::Database(e)
    }
}

/// Whether the database holds exactly `expected_partners` partners and no customer, user or
/// product.
fn holds_only_partners(conn: &mut DbConn, expected_partners: i64) -> QueryResult<bool> {
    Ok(
        partners::table.count().get_result::<i64>(conn)? == expected_partners
            && customers::table.count().get_result::<i64>(conn)? == 0
            && users::table.count().get_result::<i64>(conn)? == 0
            && products::table.count().get_result::<i64>(conn)? == 0,
    )
}

/// Everything the transaction does. The first statement must be the insert of Contoso.
fn insert_all(
    conn: &mut DbConn,
    plan: &[CustomerPlan],
    hashes: &[String],
) -> Result<DemoOutcome, LoadError> {
    let now = crate::db::now();
    let partner_ids: [PartnerId; ORG_COUNT] = std::array::from_fn(|_| PartnerId::generate());
    let pid = |org: Org| partner_ids[org as usize].as_str();

    // First statement: takes the write lock (SQLite) or waits on the unique PartnerID (PostgreSQL)
    // while another loader is at work. On PostgreSQL a failed statement aborts the transaction,
    // so nothing else may run after this error: it ends the transaction at once.
    for (i, seed) in PARTNERS.iter().enumerate() {
        let tenant = TenantId::generate();
        let row = NewPartner {
            id: pid(seed.org),
            kind: seed.kind.as_str(),
            name: seed.name,
            mpn_id: seed.mpn_id,
            tenant_id: tenant.as_str(),
            country: seed.country,
            support_email: seed.support_email,
            support_phone: seed.support_phone,
            support_website: seed.support_website,
            support_hours: seed.support_hours,
            created_at: now,
        };
        match partner::insert(conn, &row) {
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) if i == 0 => {
                return Err(LoadError::AlreadyLoaded);
            }
            other => other?,
        }
        if i == 0 && !holds_only_partners(conn, 1)? {
            return Err(LoadError::NotEmpty);
        }
    }

    for reseller in [Org::Fabrikam, Org::Trey, Org::Northwind] {
        let id = PartnershipId::generate();
        partner::insert_partnership(
            conn,
            &NewPartnership {
                id: id.as_str(),
                provider_id: pid(Org::Contoso),
                reseller_id: pid(reseller),
                state: partnership_state::ACTIVE,
                created_at: now,
                updated_at: now,
            },
        )?;
    }

    let product_ids: Vec<ProductId> = PRODUCTS.iter().map(|_| ProductId::generate()).collect();
    for (seed, id) in PRODUCTS.iter().zip(&product_ids) {
        product::insert(
            conn,
            &product::NewProduct {
                id: id.as_str(),
                name: seed.name,
                offer_id: seed.offer_id,
                commerce_type: seed.commerce_type,
            },
        )?;
    }

    let mut customer_ids = Vec::with_capacity(plan.len());
    let mut subscriptions = 0;
    for planned in plan {
        let customer_id = CustomerId::generate();
        let tenant = TenantId::generate();
        customer::insert(
            conn,
            &customer::NewCustomer {
                id: customer_id.as_str(),
                tenant_id: tenant.as_str(),
                company_name: &planned.company_name,
                domain: &planned.domain,
                country: planned.country,
                created_at: now,
            },
        )?;
        for rel in &planned.relationships {
            let id = RelationshipId::generate();
            relationship::insert(
                conn,
                &NewRelationship {
                    id: id.as_str(),
                    customer_id: customer_id.as_str(),
                    partner_id: pid(rel.partner),
                    state: relationship::state::ACTIVE,
                    delegated_admin: rel.delegated_admin,
                    origin: rel.origin,
                    created_at: now,
                    updated_at: now,
                },
            )?;
        }
        for sub in &planned.subscriptions {
            let id = SubscriptionId::generate();
            subscription::insert(
                conn,
                &subscription::NewSubscription {
                    id: id.as_str(),
                    customer_id: customer_id.as_str(),
                    product_id: product_ids[sub.product].as_str(),
                    quantity: sub.quantity,
                    status: sub.status,
                    seller_id: sub.seller.map(pid),
                    reseller_of_record_id: sub.reseller_of_record.map(pid),
                    support_contact_id: sub.support_contact.map(pid),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            subscriptions += 1;
        }
        customer_ids.push(customer_id);
    }

    let mut users = 0;
    for (seed, hash) in USERS.iter().zip(hashes) {
        let id = UserId::generate();
        let (partner_id, customer_id) = match seed.home {
            Home::Partner(org) => (Some(pid(org)), None),
            Home::Customer(index) => (None, customer_ids.get(index).map(CustomerId::as_str)),
        };
        user::insert(
            conn,
            &user::NewUser {
                id: id.as_str(),
                email: seed.email,
                display_name: seed.display_name,
                password_hash: hash,
                partner_id,
                customer_id,
                role: seed.role.as_str(),
                disabled: false,
                created_at: now,
            },
        )?;
        users += 1;
    }

    Ok(DemoOutcome::Loaded {
        customers: customer_ids.len(),
        subscriptions,
        users,
    })
}

// ---------------------------------------------------------------------------------------------
// The cast.

const CONTOSO_MPN: i32 = 4_100_001;

/// The demo partners, indexing `[PartnerId; ORG_COUNT]` with `org as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Org {
    Contoso,
    Fabrikam,
    Trey,
    Northwind,
    Litware,
    Tailspin,
}

const ORG_COUNT: usize = 6;

/// Contoso's indirect resellers.
const CONTOSO_RESELLERS: [Org; 3] = [Org::Fabrikam, Org::Trey, Org::Northwind];

struct PartnerSeed {
    org: Org,
    kind: PartnerKind,
    name: &'static str,
    mpn_id: i32,
    country: &'static str,
    support_email: &'static str,
    support_phone: &'static str,
    support_website: &'static str,
    support_hours: &'static str,
}

/// Contoso first: its insert is the transaction's first statement.
static PARTNERS: [PartnerSeed; ORG_COUNT] = [
    PartnerSeed {
        org: Org::Contoso,
        kind: PartnerKind::IndirectProvider,
        name: "Contoso Distribution",
        mpn_id: CONTOSO_MPN,
        country: "US",
        support_email: "support@contoso.example",
        support_phone: "+1 425 555 0100",
        support_website: "https://support.contoso.example",
        support_hours: "Mon–Fri 07:00–19:00 (UTC−05:00)",
    },
    PartnerSeed {
        org: Org::Fabrikam,
        kind: PartnerKind::IndirectReseller,
        name: "Fabrikam Solutions",
        mpn_id: 4_200_001,
        country: "US",
        support_email: "support@fabrikam.example",
        support_phone: "+1 425 555 0142",
        support_website: "https://support.fabrikam.example",
        support_hours: "Mon–Fri 08:00–18:00 (UTC−08:00)",
    },
    PartnerSeed {
        org: Org::Trey,
        kind: PartnerKind::IndirectReseller,
        name: "Trey Research",
        mpn_id: 4_200_002,
        country: "US",
        support_email: "helpdesk@treyresearch.example",
        support_phone: "+1 312 555 0177",
        support_website: "https://www.treyresearch.example/support",
        support_hours: "Mon–Fri 09:00–17:00 (UTC−06:00)",
    },
    PartnerSeed {
        org: Org::Northwind,
        kind: PartnerKind::IndirectReseller,
        name: "Northwind IT",
        mpn_id: 4_200_003,
        country: "CA",
        support_email: "support@northwindit.example",
        support_phone: "+1 604 555 0163",
        support_website: "https://support.northwindit.example",
        support_hours: "24/7, every day",
    },
    PartnerSeed {
        org: Org::Litware,
        kind: PartnerKind::IndirectProvider,
        name: "Litware Distribution",
        mpn_id: 4_100_002,
        country: "GB",
        support_email: "support@litware.example",
        support_phone: "+44 20 7946 0958",
        support_website: "https://support.litware.example",
        support_hours: "Mon–Fri 08:30–17:30 (UTC+00:00)",
    },
    PartnerSeed {
        org: Org::Tailspin,
        kind: PartnerKind::DirectBill,
        name: "Tailspin Direct",
        mpn_id: 4_300_001,
        country: "US",
        support_email: "care@tailspin.example",
        support_phone: "+1 206 555 0199",
        support_website: "https://tailspin.example/support",
        support_hours: "Mon–Sat 06:00–22:00 (UTC−08:00)",
    },
];

struct ProductSeed {
    name: &'static str,
    offer_id: &'static str,
    commerce_type: &'static str,
}

const LEGACY: &str = "legacy";
const NEW_COMMERCE: &str = "new_commerce";

const O365_BUSINESS_STANDARD: usize = 0;
const M365_E3: usize = 1;
const M365_E5: usize = 2;
const M365_BUSINESS_PREMIUM: usize = 3;
const POWER_BI_PRO: usize = 5;

/// The catalogue; the constants above index it.
static PRODUCTS: [ProductSeed; 11] = [
    ProductSeed {
        name: "Office 365 Business Standard",
        offer_id: "031C9E47-4802-4248-838E-778FB1D2CC05",
        commerce_type: LEGACY,
    },
    ProductSeed {
        name: "Microsoft 365 E3",
        offer_id: "CFQ7TTC0LFLX:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft 365 E5",
        offer_id: "CFQ7TTC0LFLZ:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft 365 Business Premium",
        offer_id: "CFQ7TTC0LCHC:0002",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft 365 Business Basic",
        offer_id: "CFQ7TTC0LH18:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Power BI Pro",
        offer_id: "CFQ7TTC0L3PB:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Exchange Online (Plan 1)",
        offer_id: "195416C1-3447-423A-B37B-EE59A99A19C4",
        commerce_type: LEGACY,
    },
    ProductSeed {
        name: "Microsoft Teams Essentials",
        offer_id: "CFQ7TTC0RQN3:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Visio Plan 2",
        offer_id: "4AE4E6A6-5F7B-4C2B-9E0D-2B8E1C4F7A31",
        commerce_type: LEGACY,
    },
    ProductSeed {
        name: "Project Plan 3",
        offer_id: "CFQ7TTC0HDN1:0002",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft Defender for Business",
        offer_id: "CFQ7TTC0LHVD:0001",
        commerce_type: NEW_COMMERCE,
    },
];

/// The organization a demo user belongs to.
#[derive(Debug, Clone, Copy)]
enum Home {
    Partner(Org),
    /// An index into [`customer_plan`].
    Customer(usize),
}

struct UserSeed {
    email: &'static str,
    display_name: &'static str,
    role: Role,
    home: Home,
}

/// Indexes of the named customers in [`customer_plan`].
const ADATUM: usize = 0;
const WOODGROVE: usize = 1;

/// The users, in the order of [`DEMO_USERS`].
static USERS: [UserSeed; 13] = [
    UserSeed {
        email: "globaladmin@contoso.example",
        display_name: "Dana Whitfield",
        role: Role::GlobalAdmin,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "admin@contoso.example",
        display_name: "Marcus Oyelaran",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "helpdesk@contoso.example",
        display_name: "Priya Raman",
        role: Role::HelpdeskAgent,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "sales@contoso.example",
        display_name: "Tomás Herrera",
        role: Role::SalesAgent,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "billing@contoso.example",
        display_name: "Grace Liu",
        role: Role::BillingAdmin,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "admin@fabrikam.example",
        display_name: "Jonas Becker",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Fabrikam),
    },
    UserSeed {
        email: "admin@treyresearch.example",
        display_name: "Olivia Brennan",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Trey),
    },
    UserSeed {
        email: "admin@litware.example",
        display_name: "Katarzyna Nowak",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Litware),
    },
    UserSeed {
        email: "admin@tailspin.example",
        display_name: "Samir Haddad",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Tailspin),
    },
    UserSeed {
        email: "admin@adatum.example",
        display_name: "Elena Petrova",
        role: Role::GlobalAdmin,
        home: Home::Customer(ADATUM),
    },
    UserSeed {
        email: "billing@adatum.example",
        display_name: "Robert Kim",
        role: Role::BillingAdmin,
        home: Home::Customer(ADATUM),
    },
    UserSeed {
        email: "user@adatum.example",
        display_name: "Ava Thompson",
        role: Role::User,
        home: Home::Customer(ADATUM),
    },
    UserSeed {
        email: "admin@woodgrove.example",
        display_name: "Henrik Larsen",
        role: Role::GlobalAdmin,
        home: Home::Customer(WOODGROVE),
    },
];

// ---------------------------------------------------------------------------------------------
// The customers: the two named ones and the generated ones.

const ACTIVE: &str = "active";
const SUSPENDED: &str = "suspended";

/// How many customers of Contoso are generated.
const GENERATED_CUSTOMERS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
struct CustomerPlan {
    company_name: String,
    domain: String,
    country: &'static str,
    relationships: Vec<RelationshipSeed>,
    subscriptions: Vec<SubscriptionSeed>,
}

/// An active relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RelationshipSeed {
    partner: Org,
    delegated_admin: bool,
    origin: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SubscriptionSeed {
    /// An index into [`PRODUCTS`].
    product: usize,
    quantity: i32,
    status: &'static str,
    seller: Option<Org>,
    reseller_of_record: Option<Org>,
    support_contact: Option<Org>,
}

fn rel(partner: Org, delegated_admin: bool, origin: &'static str) -> RelationshipSeed {
    RelationshipSeed {
        partner,
        delegated_admin,
        origin,
    }
}

fn sold(
    product: usize,
    quantity: i32,
    seller: Org,
    support: Org,
    reseller_of_record: Option<Org>,
) -> SubscriptionSeed {
    SubscriptionSeed {
        product,
        quantity,
        status: ACTIVE,
        seller: Some(seller),
        reseller_of_record,
        support_contact: Some(support),
    }
}

/// Every customer to create: Adatum Corporation, Woodgrove Bank, then the generated ones.
fn customer_plan() -> Vec<CustomerPlan> {
    let adatum = CustomerPlan {
        company_name: "Adatum Corporation".to_owned(),
        domain: "adatum.onmicrosoft.com".to_owned(),
        country: "US",
        relationships: vec![
            rel(Org::Contoso, true, origin::NEW_CUSTOMER),
            rel(Org::Fabrikam, true, origin::INVITATION),
            rel(Org::Trey, false, origin::INVITATION),
            rel(Org::Tailspin, true, origin::INVITATION),
        ],
        subscriptions: vec![
            sold(O365_BUSINESS_STANDARD, 25, Org::Contoso, Org::Contoso, None),
            sold(
                M365_E3,
                40,
                Org::Contoso,
                Org::Fabrikam,
                Some(Org::Fabrikam),
            ),
            sold(
                M365_BUSINESS_PREMIUM,
                12,
                Org::Tailspin,
                Org::Tailspin,
                None,
            ),
            // Bought directly from Microsoft: no seller, Microsoft support.
            SubscriptionSeed {
                product: POWER_BI_PRO,
                quantity: 10,
                status: ACTIVE,
                seller: None,
                reseller_of_record: None,
                support_contact: None,
            },
        ],
    };
    let woodgrove = CustomerPlan {
        company_name: "Woodgrove Bank".to_owned(),
        domain: "woodgrove.onmicrosoft.com".to_owned(),
        country: "US",
        relationships: vec![rel(Org::Litware, true, origin::NEW_CUSTOMER)],
        subscriptions: vec![sold(M365_E5, 250, Org::Litware, Org::Litware, None)],
    };
    let mut plan = vec![adatum, woodgrove];
    plan.extend(generated_customers());
    plan
}

/// A tiny deterministic generator (xorshift64*), so that the demo looks the same on every machine.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        Self(0x5EED_0FC0_4705_0A11)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        // The high bits of xorshift64* are the good ones.
        ((self.next() >> 32) % n) as usize
    }

    /// True with this chance, in percent.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len())).copied()
        }
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Well-known fictitious company names, used as they are.
const CLASSIC_NAMES: &[&str] = &[
    "Alpine Ski House",
    "Blue Yonder Airlines",
    "Coho Winery",
    "Fourth Coffee",
    "Lucerne Publishing",
    "Margie's Travel",
    "Wingtip Toys",
    "Wide World Importers",
    "Relecloud",
    "Humongous Insurance",
    "Lamna Healthcare Company",
    "Munson's Pickles and Preserves Farm",
    "Nod Publishers",
    "Southridge Video",
    "Bellows College",
    "Best For You Organics Company",
    "City Power & Light",
    "Consolidated Messenger",
    "Graphic Design Institute",
    "VanArsdel",
    "Adventure Works Cycles",
    "First Up Consultants",
    "Proseware",
    "School of Fine Art",
];

/// First words of generated names.
const NAME_ROOTS: &[&str] = &[
    "Aspen",
    "Bayview",
    "Beacon",
    "Bluebird",
    "Brightwater",
    "Cascade",
    "Cedar Point",
    "Copperfield",
    "Crescent",
    "Evergreen",
    "Falcon",
    "Granite",
    "Harbor",
    "Highland",
    "Horizon",
    "Ironbridge",
    "Juniper",
    "Keystone",
    "Lakeshore",
    "Maple Leaf",
    "Meridian",
    "Oakridge",
    "Pacific Rim",
    "Pinnacle",
    "Prairie",
    "Red Rock",
    "Riverbend",
    "Silverline",
    "Sterling",
    "Stonegate",
    "Summit",
    "Sunrise",
    "Twin Oaks",
    "Willow Creek",
];

/// Last words of generated names.
const NAME_TRADES: &[&str] = &[
    "Holdings",
    "Logistics",
    "Dental Group",
    "Airlines",
    "Winery",
    "Publishing",
    "Insurance",
    "Healthcare",
    "Travel",
    "Consulting",
    "Architects",
    "Law Partners",
    "Engineering",
    "Foods",
    "Manufacturing",
    "Bakery",
    "Outfitters",
    "Realty",
    "Accounting",
    "Veterinary Clinic",
    "Credit Union",
    "Pharmacy",
    "Motors",
    "Hotels",
    "Studios",
    "Labs",
    "Energy",
    "Construction",
    "Academy",
    "Ski House",
    "Brewing Company",
    "Medical Center",
    "Freight",
    "Marine",
];

/// Customer countries, weighted by repetition.
const COUNTRIES: &[&str] = &[
    "US", "US", "US", "US", "US", "US", "CA", "CA", "GB", "GB", "IE", "DE", "FR", "NL", "PL", "SE",
    "ES", "AU",
];

/// The part of an `onmicrosoft.com` domain made from a company name: its letters and digits,
/// lowercased.
fn slug(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `count` distinct (company name, domain) pairs: the classic names first, then root × trade
/// combinations in a shuffled order. Names and domains are unique, and never those of Adatum or
/// Woodgrove.
fn company_names(rng: &mut Rng, count: usize) -> Vec<(String, String)> {
    let mut combos: Vec<(usize, usize)> = (0..NAME_ROOTS.len())
        .flat_map(|r| (0..NAME_TRADES.len()).map(move |t| (r, t)))
        .collect();
    rng.shuffle(&mut combos);
    let candidates = CLASSIC_NAMES.iter().map(|name| (*name).to_owned()).chain(
        combos
            .into_iter()
            .map(|(r, t)| format!("{} {}", NAME_ROOTS[r], NAME_TRADES[t])),
    );

    let mut seen: HashSet<String> = ["adatum", "woodgrove"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut names = Vec::with_capacity(count);
    for name in candidates {
        if names.len() == count {
            break;
        }
        let slug = slug(&name);
        if !slug.is_empty() && seen.insert(slug.clone()) {
            names.push((name, format!("{slug}.onmicrosoft.com")));
        }
    }
    names
}

/// The generated customers of Contoso: always the same names, relationships and subscriptions.
fn generated_customers() -> Vec<CustomerPlan> {
    let mut rng = Rng::new();
    let names = company_names(&mut rng, GENERATED_CUSTOMERS);
    let mut plan = Vec::with_capacity(names.len());
    for (i, (company_name, domain)) in names.into_iter().enumerate() {
        let country = rng.pick(COUNTRIES).unwrap_or("US");

        let contoso_origin = if rng.chance(80) {
            origin::NEW_CUSTOMER
        } else {
            origin::INVITATION
        };
        let mut relationships = vec![rel(Org::Contoso, rng.chance(90), contoso_origin)];
        if i % 3 == 0 {
            relationships.push(rel(Org::Fabrikam, rng.chance(80), origin::INVITATION));
        }
        if i % 5 == 1 || i % 7 == 3 {
            relationships.push(rel(Org::Trey, rng.chance(50), origin::INVITATION));
        }
        if i % 17 == 5 {
            relationships.push(rel(Org::Northwind, rng.chance(75), origin::INVITATION));
        }
        let resellers: Vec<Org> = relationships
            .iter()
            .filter(|r| CONTOSO_RESELLERS.contains(&r.partner))
            .map(|r| r.partner)
            .collect();
        // Eligible designated support contacts besides Contoso: resellers with delegated admin.
        let eligible: Vec<Org> = relationships
            .iter()
            .filter(|r| CONTOSO_RESELLERS.contains(&r.partner) && r.delegated_admin)
            .map(|r| r.partner)
            .collect();

        let mut products: Vec<usize> = (0..PRODUCTS.len()).collect();
        rng.shuffle(&mut products);
        products.truncate(2 + rng.below(4));
        products.sort_unstable();

        let subscriptions = products
            .into_iter()
            .map(|product| {
                let seats = if rng.chance(25) {
                    1 + rng.below(300)
                } else {
                    1 + rng.below(60)
                };
                let quantity = i32::try_from(seats).unwrap_or(1);
                let status = if rng.chance(12) { SUSPENDED } else { ACTIVE };
                let support = match rng.pick(&eligible) {
                    Some(reseller) if rng.chance(45) => reseller,
                    _ => Org::Contoso,
                };
                let reseller_of_record = if support != Org::Contoso && rng.chance(70) {
                    Some(support)
                } else if rng.chance(30) {
                    rng.pick(&resellers)
                } else {
                    None
                };
                SubscriptionSeed {
                    product,
                    quantity,
                    status,
                    seller: Some(Org::Contoso),
                    reseller_of_record,
                    support_contact: Some(support),
                }
            })
            .collect();

        plan.push(CustomerPlan {
            company_name,
            domain,
            country,
            relationships,
            subscriptions,
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner_seed(org: Org) -> Option<&'static PartnerSeed> {
        PARTNERS.iter().find(|p| p.org == org)
    }

    #[test]
    fn generator_gives_200_distinct_names_and_domains() {
        let generated = generated_customers();
        assert_eq!(generated.len(), GENERATED_CUSTOMERS);
        let names: HashSet<&str> = generated.iter().map(|c| c.company_name.as_str()).collect();
        let domains: HashSet<&str> = generated.iter().map(|c| c.domain.as_str()).collect();
        assert_eq!(names.len(), GENERATED_CUSTOMERS);
        assert_eq!(domains.len(), GENERATED_CUSTOMERS);
        for c in &generated {
            let label = c
                .domain
                .strip_suffix(".onmicrosoft.com")
                .unwrap_or_default();
            assert!(
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{}",
                c.domain
            );
            assert!(!c.company_name.contains("Adatum") && !c.company_name.contains("Woodgrove"));
        }
    }

    #[test]
    fn the_whole_plan_has_distinct_names_and_domains() {
        let plan = customer_plan();
        assert_eq!(plan.len(), GENERATED_CUSTOMERS + 2);
        let names: HashSet<&str> = plan.iter().map(|c| c.company_name.as_str()).collect();
        let domains: HashSet<&str> = plan.iter().map(|c| c.domain.as_str()).collect();
        assert_eq!(names.len(), plan.len());
        assert_eq!(domains.len(), plan.len());
    }

    #[test]
    fn generator_is_deterministic() {
        assert_eq!(generated_customers(), generated_customers());
    }

    #[test]
    fn generated_customers_follow_the_rules() {
        let generated = generated_customers();
        let mut suspended = 0;
        let mut reseller_supported = 0;
        let mut with_reseller_of_record = 0;
        let mut with_fabrikam = 0;
        let mut with_trey = 0;
        let mut with_northwind = 0;
        for c in &generated {
            let orgs: Vec<Org> = c.relationships.iter().map(|r| r.partner).collect();
            assert_eq!(orgs.first(), Some(&Org::Contoso), "{}", c.company_name);
            let distinct: HashSet<usize> = orgs.iter().map(|o| *o as usize).collect();
            assert_eq!(distinct.len(), orgs.len(), "{}", c.company_name);
            with_fabrikam += usize::from(orgs.contains(&Org::Fabrikam));
            with_trey += usize::from(orgs.contains(&Org::Trey));
            with_northwind += usize::from(orgs.contains(&Org::Northwind));

            assert!(
                (2..=5).contains(&c.subscriptions.len()),
                "{}",
                c.company_name
            );
            let products: HashSet<usize> = c.subscriptions.iter().map(|s| s.product).collect();
            assert_eq!(products.len(), c.subscriptions.len(), "{}", c.company_name);
            for s in &c.subscriptions {
                assert!(s.product < PRODUCTS.len());
                assert!((1..=300).contains(&s.quantity));
                assert!(s.status == ACTIVE || s.status == SUSPENDED);
                suspended += usize::from(s.status == SUSPENDED);
                assert_eq!(s.seller, Some(Org::Contoso));
                let support = s.support_contact.unwrap_or(Org::Litware);
                if support != Org::Contoso {
                    reseller_supported += 1;
                    assert!(
                        c.relationships
                            .iter()
                            .any(|r| r.partner == support && r.delegated_admin),
                        "{}: support contact not eligible",
                        c.company_name
                    );
                }
                if let Some(ror) = s.reseller_of_record {
                    with_reseller_of_record += 1;
                    assert!(CONTOSO_RESELLERS.contains(&ror));
                    assert!(
                        orgs.contains(&ror),
                        "{}: reseller of record without relationship",
                        c.company_name
                    );
                }
            }
        }
        assert!(suspended > 0 && reseller_supported > 0 && with_reseller_of_record > 0);
        assert!(with_fabrikam >= 60 && with_trey >= 40 && (5..=20).contains(&with_northwind));
    }

    #[test]
    fn adatum_and_woodgrove_are_as_designed() {
        let plan = customer_plan();
        let adatum = &plan[ADATUM];
        assert_eq!(
            (adatum.company_name.as_str(), adatum.domain.as_str()),
            ("Adatum Corporation", "adatum.onmicrosoft.com")
        );
        assert_eq!(
            adatum.relationships,
            vec![
                rel(Org::Contoso, true, origin::NEW_CUSTOMER),
                rel(Org::Fabrikam, true, origin::INVITATION),
                rel(Org::Trey, false, origin::INVITATION),
                rel(Org::Tailspin, true, origin::INVITATION),
            ]
        );
        let by_name = |name: &str| {
            adatum
                .subscriptions
                .iter()
                .find(|s| PRODUCTS[s.product].name == name)
                .copied()
        };
        let o365 = by_name("Office 365 Business Standard");
        assert_eq!(
            o365.map(|s| (s.seller, s.support_contact)),
            Some((Some(Org::Contoso), Some(Org::Contoso)))
        );
        let e3 = by_name("Microsoft 365 E3");
        assert_eq!(
            e3.map(|s| (s.seller, s.support_contact, s.reseller_of_record)),
            Some((Some(Org::Contoso), Some(Org::Fabrikam), Some(Org::Fabrikam)))
        );
        let premium = by_name("Microsoft 365 Business Premium");
        assert_eq!(
            premium.map(|s| (s.seller, s.support_contact)),
            Some((Some(Org::Tailspin), Some(Org::Tailspin)))
        );
        let power_bi = by_name("Power BI Pro");
        assert_eq!(
            power_bi.map(|s| (s.seller, s.support_contact)),
            Some((None, None))
        );

        let woodgrove = &plan[WOODGROVE];
        assert_eq!(woodgrove.company_name, "Woodgrove Bank");
        assert_eq!(woodgrove.domain, "woodgrove.onmicrosoft.com");
        assert_eq!(woodgrove.relationships.len(), 1);
        assert_eq!(woodgrove.relationships[0].partner, Org::Litware);
        assert_eq!(woodgrove.subscriptions.len(), 1);
        assert_eq!(
            PRODUCTS[woodgrove.subscriptions[0].product].name,
            "Microsoft 365 E5"
        );
        assert_eq!(
            woodgrove.subscriptions[0].support_contact,
            Some(Org::Litware)
        );
    }

    #[test]
    fn partners_are_as_designed() {
        assert_eq!(PARTNERS[0].mpn_id, CONTOSO_MPN);
        assert_eq!(PARTNERS[0].org, Org::Contoso);
        let expected = [
            (
                Org::Contoso,
                "Contoso Distribution",
                PartnerKind::IndirectProvider,
                4_100_001,
            ),
            (
                Org::Fabrikam,
                "Fabrikam Solutions",
                PartnerKind::IndirectReseller,
                4_200_001,
            ),
            (
                Org::Trey,
                "Trey Research",
                PartnerKind::IndirectReseller,
                4_200_002,
            ),
            (
                Org::Northwind,
                "Northwind IT",
                PartnerKind::IndirectReseller,
                4_200_003,
            ),
            (
                Org::Litware,
                "Litware Distribution",
                PartnerKind::IndirectProvider,
                4_100_002,
            ),
            (
                Org::Tailspin,
                "Tailspin Direct",
                PartnerKind::DirectBill,
                4_300_001,
            ),
        ];
        for (org, name, kind, mpn) in expected {
            let seed = partner_seed(org).map(|p| (p.name, p.kind, p.mpn_id));
            assert_eq!(seed, Some((name, kind, mpn)));
            assert!(MpnId::parse(&mpn.to_string()).is_some());
        }
        let orgs: HashSet<usize> = PARTNERS.iter().map(|p| p.org as usize).collect();
        assert_eq!(orgs.len(), ORG_COUNT);
        assert!(orgs.iter().all(|i| *i < ORG_COUNT));
        let fields: [fn(&PartnerSeed) -> &'static str; 4] = [
            |p: &PartnerSeed| p.support_email,
            |p: &PartnerSeed| p.support_phone,
            |p: &PartnerSeed| p.support_website,
            |p: &PartnerSeed| p.support_hours,
        ];
        for field in fields {
            let values: HashSet<&str> = PARTNERS.iter().map(field).collect();
            assert_eq!(values.len(), ORG_COUNT, "support profiles must differ");
        }
        assert_eq!(
            partner_seed(Org::Fabrikam).map(|p| p.support_email),
            Some("support@fabrikam.example")
        );
    }

    #[test]
    fn products_are_distinct_and_valid() {
        let names: HashSet<&str> = PRODUCTS.iter().map(|p| p.name).collect();
        let offers: HashSet<&str> = PRODUCTS.iter().map(|p| p.offer_id).collect();
        assert_eq!(names.len(), PRODUCTS.len());
        assert_eq!(offers.len(), PRODUCTS.len());
        assert!(
            PRODUCTS
                .iter()
                .all(|p| p.commerce_type == LEGACY || p.commerce_type == NEW_COMMERCE)
        );
        assert_eq!(
            PRODUCTS[O365_BUSINESS_STANDARD].name,
            "Office 365 Business Standard"
        );
        assert_eq!(PRODUCTS[M365_E3].name, "Microsoft 365 E3");
        assert_eq!(PRODUCTS[M365_E5].name, "Microsoft 365 E5");
        assert_eq!(
            PRODUCTS[M365_BUSINESS_PREMIUM].name,
            "Microsoft 365 Business Premium"
        );
        assert_eq!(PRODUCTS[POWER_BI_PRO].name, "Power BI Pro");
    }

    #[test]
    fn demo_users_match_the_seeds() {
        assert_eq!(DEMO_USERS.len(), USERS.len());
        let plan = customer_plan();
        for ((email, role, org), seed) in DEMO_USERS.iter().zip(&USERS) {
            assert_eq!(*email, seed.email);
            assert_eq!(user::normalize_email(email), *email);
            assert_eq!(*role, crate::i18n::Lang::En.t(seed.role.label_key()));
            let (home, for_partner) = match seed.home {
                Home::Partner(o) => (partner_seed(o).map(|p| p.name.to_owned()), true),
                Home::Customer(i) => (plan.get(i).map(|c| c.company_name.clone()), false),
            };
            assert_eq!(home.as_deref(), Some(*org), "{email}");
            assert_eq!(
                Role::parse(seed.role.as_str(), for_partner),
                Some(seed.role),
                "{email}"
            );
        }
        let emails: HashSet<&str> = DEMO_USERS.iter().map(|u| u.0).collect();
        assert_eq!(emails.len(), DEMO_USERS.len());
    }
}
