//! Subscriptions, and who sells, earns on and supports each.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, ProductId, SubscriptionId};
use crate::db::models::product::Product;
use crate::db::schema::{products, subscriptions};
use crate::db::sql::Sql;
use crate::db::words::text_enum;

text_enum! {
    /// A subscription's status (`subscriptions.status`), as Partner Center reports it.
    pub enum SubscriptionStatus {
        /// In use.
        Active = "active" => "subscription-status-active",
        /// Paused (unpaid, or by the partner).
        Suspended = "suspended" => "subscription-status-suspended",
        /// Its term ended.
        Expired = "expired" => "subscription-status-expired",
        /// Cancelled.
        Deleted = "deleted" => "subscription-status-deleted",
    }
}

/// A subscription. `reseller_of_record_id` (who earns incentives) and `support_contact_id` (who
/// supports the customer) are different things and are never merged.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: SubscriptionId,
    pub customer_id: CustomerId,
    pub product_id: ProductId,
    pub quantity: i32,
    pub status: SubscriptionStatus,
    /// The direct-bill partner or indirect provider that sold it; `None`: bought from Microsoft.
    pub seller_id: Option<PartnerId>,
    pub reseller_of_record_id: Option<PartnerId>,
    /// The designated support contact; `None` exactly when there is no seller.
    pub support_contact_id: Option<PartnerId>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A subscription to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = subscriptions, treat_none_as_default_value = false)]
pub struct NewSubscription<'a> {
    pub id: &'a SubscriptionId,
    pub customer_id: &'a CustomerId,
    pub product_id: &'a ProductId,
    pub quantity: i32,
    pub status: SubscriptionStatus,
    pub seller_id: Option<&'a PartnerId>,
    pub reseller_of_record_id: Option<&'a PartnerId>,
    pub support_contact_id: Option<&'a PartnerId>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts a subscription.
pub fn insert(conn: &mut DbConn, row: &NewSubscription<'_>) -> QueryResult<()> {
    diesel::insert_into(subscriptions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts subscriptions in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewSubscription<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(11)) {
        inserted += crate::db::insert_rows!(conn, subscriptions::table, chunk)?;
    }
    Ok(inserted)
}

/// Inserts subscriptions: multi-row INSERTs on SQLite, one COPY on PostgreSQL; returns how many.
pub fn insert_bulk(conn: &mut DbConn, rows: &[NewSubscription<'_>]) -> QueryResult<usize> {
    crate::db::bulk::insert_bulk!(conn, subscriptions::table, rows, columns = 11)
}

/// The subscriptions a partner sees: those it sold, earns on (reseller of record) or supports.
type VisibleToPartner<'a> = diesel::dsl::Or<
    diesel::dsl::Or<
        diesel::dsl::Eq<subscriptions::seller_id, &'a str>,
        diesel::dsl::Eq<subscriptions::reseller_of_record_id, &'a str>,
    >,
    diesel::dsl::Eq<subscriptions::support_contact_id, &'a str>,
>;

fn visible_to_partner(partner: &str) -> VisibleToPartner<'_> {
    subscriptions::seller_id
        .eq(partner)
        .or(subscriptions::reseller_of_record_id.eq(partner))
        .or(subscriptions::support_contact_id.eq(partner))
}

/// A customer's subscriptions that `partner` sees, with their products, by product name.
pub fn list_visible_to_partner(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner: &PartnerId,
) -> QueryResult<Vec<(Subscription, Product)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer.as_str()))
        .filter(visible_to_partner(partner.as_str()))
        .order((products::name.asc(), subscriptions::id.asc()))
        .select((Subscription::as_select(), Product::as_select()))
        .load(conn)
}

/// How many subscriptions of each of these customers `partner` sees, in one query: one row per
/// customer that has any, counted by the database.
pub fn count_visible_by_customer(
    conn: &mut DbConn,
    customers: &[&str],
    partner: &PartnerId,
) -> QueryResult<Vec<(String, i64)>> {
    if customers.is_empty() {
        return Ok(Vec::new());
    }
    let among = customer_among(conn, customers);
    visible_counts_of_customers(among, partner.as_str().to_owned()).load(conn)
}

/// A condition on subscriptions.
pub(crate) type Condition = crate::db::sql::Condition<subscriptions::table>;

/// The subscription's customer is one of these. On SQLite the list is one bound JSON array
/// (`json_each`), so that the statement is the same for every page and stays prepared in the
/// cache: an `IN (?, ?, …)` list is parsed and planned again each time (a fifth of the count's
/// cost). PostgreSQL plans every statement diesel sends unprepared anyway.
pub(crate) fn customer_among(conn: &DbConn, customers: &[&str]) -> Condition {
    match conn {
        DbConn::Sqlite(_) => {
            let mut sql = Sql::new("subscriptions.customer_id IN (SELECT value FROM json_each(");
            sql.text(serde_json::Value::from(customers.to_vec()).to_string())
                .sql("))");
            Box::new(sql.condition())
        }
        DbConn::Postgres(_) => Box::new(
            subscriptions::customer_id.eq_any(
                customers
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect::<Vec<_>>(),
            ),
        ),
    }
}

diesel::define_sql_function! {
    /// SQL `coalesce()` of a nullable text and a text.
    fn coalesce(x: Nullable<Text>, y: Text) -> Text;
}

/// The subscriptions that `partner` sees among these customers', counted per customer. Read by
/// `subscriptions_customer_idx`, which holds the three partners too (no row is read): the
/// partner columns are compared through `coalesce`, which no index answers, since with plain
/// comparisons SQLite's planner prefers the three partner indexes (a multi-index OR), which for a
/// distributor reads every subscription it sold (800,000) to count those of one page.
#[diesel::dsl::auto_type(no_type_alias)]
pub(crate) fn visible_counts_of_customers(among: Condition, partner: String) -> _ {
    let empty: &'static str = "";
    let sold: coalesce<subscriptions::seller_id, &'static str> =
        coalesce(subscriptions::seller_id, empty);
    let earned: coalesce<subscriptions::reseller_of_record_id, &'static str> =
        coalesce(subscriptions::reseller_of_record_id, empty);
    let supported: coalesce<subscriptions::support_contact_id, &'static str> =
        coalesce(subscriptions::support_contact_id, empty);
    let (seller, reseller): (String, String) = (partner.clone(), partner.clone());
    subscriptions::table
        .filter(among)
        .filter(
            sold.eq(seller)
                .or(earned.eq(reseller))
                .or(supported.eq(partner)),
        )
        .group_by(subscriptions::customer_id)
        .select((subscriptions::customer_id, diesel::dsl::count_star()))
}

/// One subscription of a customer, if `partner` sees it.
pub fn find_visible_to_partner(
    conn: &mut DbConn,
    customer: &CustomerId,
    id: &SubscriptionId,
    partner: &PartnerId,
) -> QueryResult<Option<(Subscription, Product)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::id.eq(id.as_str()))
        .filter(subscriptions::customer_id.eq(customer.as_str()))
        .filter(visible_to_partner(partner.as_str()))
        .select((Subscription::as_select(), Product::as_select()))
        .first(conn)
        .optional()
}

/// Every subscription of a customer, with its product, by product name (the customer's own view).
pub fn list_for_customer(
    conn: &mut DbConn,
    customer: &CustomerId,
) -> QueryResult<Vec<(Subscription, Product)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer.as_str()))
        .order((products::name.asc(), subscriptions::id.asc()))
        .select((Subscription::as_select(), Product::as_select()))
        .load(conn)
}

/// Sets the designated support contact if the row is still at `expected_version`, bumping the
/// version. Returns the number of rows changed: 0 means someone changed it meanwhile.
pub fn update_support_contact(
    conn: &mut DbConn,
    id: &SubscriptionId,
    expected_version: i32,
    contact: &PartnerId,
) -> QueryResult<usize> {
    // Written out: diesel prepares every DSL `UPDATE` anew (its changesets may skip fields), and
    // this one is the assignment's hot statement; the text below is fixed, so it stays prepared.
    let mut sql = Sql::new("UPDATE subscriptions SET support_contact_id = ");
    sql.text(contact.as_str())
        .sql(", version = ")
        .int(i64::from(expected_version) + 1)
        .sql(", updated_at = ")
        .time(crate::db::now())
        .sql(" WHERE id = ")
        .text(id.as_str())
        .sql(" AND version = ")
        .int(i64::from(expected_version));
    sql.execute(conn)
}

/// Which subscriptions a support-contact query covers.
#[derive(Debug, Clone, Copy)]
pub enum ContactScope<'a> {
    /// One customer's subscriptions.
    Customer(&'a CustomerId),
    /// Subscriptions sold by one partner, for every customer.
    Seller(&'a PartnerId),
}

/// The subscriptions in `scope` whose designated support contact is `contact` and whose seller is
/// another partner, with their products, by product name.
pub fn supported_by_other_than_seller(
    conn: &mut DbConn,
    scope: ContactScope<'_>,
    contact: &PartnerId,
) -> QueryResult<Vec<(Subscription, Product)>> {
    let mut query = subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::support_contact_id.eq(contact.as_str()))
        .filter(subscriptions::seller_id.ne(contact.as_str()))
        .into_boxed::<crate::db::MultiBackend>();
    query = match scope {
        ContactScope::Customer(customer) => {
            query.filter(subscriptions::customer_id.eq(customer.as_str()))
        }
        ContactScope::Seller(seller) => query.filter(subscriptions::seller_id.eq(seller.as_str())),
    };
    query
        .order((
            subscriptions::customer_id.asc(),
            products::name.asc(),
            subscriptions::id.asc(),
        ))
        .select((Subscription::as_select(), Product::as_select()))
        .load(conn)
}

/// A customer's subscriptions sold by `seller` that are active, with their products.
pub fn active_sold_by(
    conn: &mut DbConn,
    customer: &CustomerId,
    seller: &PartnerId,
) -> QueryResult<Vec<(Subscription, Product)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer.as_str()))
        .filter(subscriptions::seller_id.eq(seller.as_str()))
        .filter(subscriptions::status.eq(SubscriptionStatus::Active))
        .order((products::name.asc(), subscriptions::id.asc()))
        .select((Subscription::as_select(), Product::as_select()))
        .load(conn)
}

/// Rule 3: hands a subscription's support back to its seller, if `from` is still the contact;
/// bumps the version so that an open assignment form sees the change. Returns the rows changed.
pub fn revert_support_contact_to_seller(
    conn: &mut DbConn,
    id: &SubscriptionId,
    from: &PartnerId,
) -> QueryResult<usize> {
    diesel::update(
        subscriptions::table
            .filter(subscriptions::id.eq(id.as_str()))
            .filter(subscriptions::support_contact_id.eq(from.as_str()))
            .filter(subscriptions::seller_id.is_not_null()),
    )
    .set((
        subscriptions::support_contact_id.eq(subscriptions::seller_id),
        subscriptions::version.eq(subscriptions::version + 1),
        subscriptions::updated_at.eq(crate::db::now()),
    ))
    .execute(conn)
}

/// For each partner other than `seller` that supports some of `seller`'s subscriptions: how many.
pub fn supported_by_resellers_of_seller(
    conn: &mut DbConn,
    seller: &PartnerId,
) -> QueryResult<Vec<(String, i64)>> {
    subscriptions::table
        .filter(subscriptions::seller_id.eq(seller.as_str()))
        .filter(subscriptions::support_contact_id.ne(seller.as_str()))
        .filter(subscriptions::support_contact_id.is_not_null())
        .group_by(subscriptions::support_contact_id)
        .select((
            subscriptions::support_contact_id.assume_not_null(),
            diesel::dsl::count_star(),
        ))
        .load(conn)
}
