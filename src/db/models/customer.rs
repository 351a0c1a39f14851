//! Customer tenants, found only through the partner relationships that make them visible.
//!
//! The customer list is read by index at any size (issue 12):
//! - a partner's active customers come in (company name, id) order from
//!   `customer_relationships_partner_idx` (partner, state, company name, customer): the company
//!   name is copied onto each relationship by triggers, so no page sorts the whole list;
//! - a page starts after (or before) a [`SortKey`] (keyset paging), never at an offset;
//! - a partner's number of active customers is a counter (`partner_customer_counts`) kept by
//!   triggers in the transaction of every relationship change;
//! - a search of at least [`TRIGRAM_RUN`] letters or digits in a row finds its candidates through a
//!   trigram index over [`search_text`] (SQLite FTS5, PostgreSQL pg_trgm), at most
//!   [`CANDIDATE_LIMIT`] of them; shorter or commoner searches look through the ordered list a
//!   bounded window at a time ([`Matching::Scan`]).

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::ids::{CustomerId, PartnerId, TenantId};
use crate::db::schema::{customer_relationships, customers, partner_customer_counts};
use crate::db::sql::{Condition, Sql};
use crate::db::{DbConn, MultiBackend, like_pattern};

/// A customer tenant.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: CustomerId,
    pub tenant_id: TenantId,
    pub company_name: String,
    pub domain: String,
    pub country: String,
    pub created_at: NaiveDateTime,
}

impl Customer {
    /// Where this customer stands in the customer list.
    pub fn sort_key(&self) -> SortKey {
        SortKey {
            company_name: self.company_name.clone(),
            customer_id: self.id.clone(),
        }
    }
}

/// A customer to insert. Not `Insertable` itself: [`insert`] and [`insert_many`] add the search
/// text, which the database refuses to go without.
#[derive(Debug)]
pub struct NewCustomer<'a> {
    pub id: &'a str,
    pub tenant_id: &'a str,
    pub company_name: &'a str,
    pub domain: &'a str,
    pub country: &'a str,
    pub created_at: NaiveDateTime,
}

/// The row as written, with its search text.
#[derive(Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct CustomerRow<'a> {
    id: &'a str,
    tenant_id: &'a str,
    company_name: &'a str,
    domain: &'a str,
    country: &'a str,
    created_at: NaiveDateTime,
    search: String,
}

impl<'a> From<&NewCustomer<'a>> for CustomerRow<'a> {
    fn from(c: &NewCustomer<'a>) -> Self {
        Self {
            id: c.id,
            tenant_id: c.tenant_id,
            company_name: c.company_name,
            domain: c.domain,
            country: c.country,
            created_at: c.created_at,
            search: search_text(c.company_name, c.domain, c.tenant_id),
        }
    }
}

/// Separates the fields of [`search_text`]; a search text cannot contain it (control characters are
/// refused), so no match spans two fields.
const SEARCH_SEPARATOR: char = '\n';

/// Lowercases character by character (Unicode, the same on both backends: SQLite's `lower()` knows
/// only ASCII, PostgreSQL's follows the database's locale). Character by character, not with
/// `str::to_lowercase`'s final-sigma rule, so that the lowercase of a part is a part of the
/// lowercase of the whole.
pub fn fold_case(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// What a search matches for a customer: company name, domain and tenant id, case-folded
/// ([`fold_case`]), one per line. Stored in `customers.search`, under the trigram indexes.
pub fn search_text(company_name: &str, domain: &str, tenant_id: &str) -> String {
    let mut text = fold_case(company_name);
    for part in [domain, tenant_id] {
        text.push(SEARCH_SEPARATOR);
        text.push_str(&fold_case(part));
    }
    text
}

/// Inserts a customer.
pub fn insert(conn: &mut DbConn, row: &NewCustomer<'_>) -> QueryResult<()> {
    diesel::insert_into(customers::table)
        .values(CustomerRow::from(row))
        .execute(conn)
        .map(|_| ())
}

/// Inserts customers in multi-row statements under the bound-parameter limit, each with its
/// search text; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewCustomer<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(7)) {
        let chunk: Vec<CustomerRow<'_>> = chunk.iter().map(CustomerRow::from).collect();
        inserted += crate::db::insert_rows!(conn, customers::table, &chunk)?;
    }
    Ok(inserted)
}

/// Changes a customer's company name, domain and country, with its search text; its relationships'
/// copy of the name follows in the same statement (a trigger). Returns the rows changed.
pub fn update_details(
    conn: &mut DbConn,
    customer: &Customer,
    company_name: &str,
    domain: &str,
    country: &str,
) -> QueryResult<usize> {
    diesel::update(customers::table.find(customer.id.as_str()))
        .set((
            customers::company_name.eq(company_name),
            customers::domain.eq(domain),
            customers::country.eq(country),
            customers::search.eq(search_text(
                company_name,
                domain,
                customer.tenant_id.as_str(),
            )),
        ))
        .execute(conn)
}

/// Writes the search text of customers that have none: those that existed before the migration
/// that added it (SQL cannot lowercase Unicode the same way on both backends). Run after the
/// migrations; a no-op once done. Returns the rows written.
pub fn fill_missing_search_text(conn: &mut DbConn) -> QueryResult<usize> {
    let mut written = 0;
    loop {
        let batch: Vec<(String, String, String, String)> = customers::table
            .filter(customers::search.eq(""))
            .select((
                customers::id,
                customers::company_name,
                customers::domain,
                customers::tenant_id,
            ))
            .limit(1000)
            .load(conn)?;
        if batch.is_empty() {
            return Ok(written);
        }
        crate::db::write_transaction(conn, |conn| {
            for (id, name, domain, tenant) in &batch {
                diesel::update(customers::table.find(id))
                    .set(customers::search.eq(search_text(name, domain, tenant)))
                    .execute(conn)?;
            }
            QueryResult::Ok(())
        })?;
        written += batch.len();
    }
}

/// A customer by internal id (for the customer's own users).
pub fn find(conn: &mut DbConn, id: &CustomerId) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id.as_str())
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// A customer by tenant id, with no partner scope: only for the command line and the demo loader.
pub fn find_by_tenant_unscoped(
    conn: &mut DbConn,
    tenant: &TenantId,
) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::tenant_id.eq(tenant.as_str()))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer with this tenant id, if `partner` has an active relationship with it.
pub fn find_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    tenant: &TenantId,
) -> QueryResult<Option<Customer>> {
    // The customer by its tenant id, then its relationship with the partner by (customer,
    // partner): two index lookups whatever the partner's size (an `id IN (the partner's
    // customers)` would list all of them first).
    visible_customer_query(partner.as_str(), tenant.as_str())
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// See [`find_visible_to_partner`].
#[diesel::dsl::auto_type(no_type_alias)]
fn visible_customer_query<'a>(partner: &'a str, tenant: &'a str) -> _ {
    let active: &'static str = super::relationship::state::ACTIVE;
    customers::table
        .filter(customers::tenant_id.eq(tenant))
        .filter(diesel::dsl::exists(
            customer_relationships::table
                .filter(customer_relationships::customer_id.eq(customers::id))
                .filter(customer_relationships::partner_id.eq(partner))
                .filter(customer_relationships::state.eq(active)),
        ))
}

/// The customers with these ids, in one query (no partner scope: callers pass ids they already
/// reached through a scoped query).
pub fn find_many(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<Customer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    customers::table
        .filter(customers::id.eq_any(ids))
        .select(Customer::as_select())
        .load(conn)
}

// ---------------------------------------------------------------------------------------------
// The customer list, by index.

/// A search needs this many letters or digits in a row to use the trigram indexes: PostgreSQL's
/// pg_trgm takes its trigrams from runs of letters and digits only, and the same rule on SQLite
/// keeps both backends paging a search the same way.
pub const TRIGRAM_RUN: usize = 3;

/// Most candidates a trigram search takes from the index (over all organizations); with more, the
/// search is looked through instead ([`Matching::Scan`]).
pub const CANDIDATE_LIMIT: i64 = 1000;

/// Whether a search can use the trigram indexes ([`TRIGRAM_RUN`]).
pub fn trigram_searchable(search: &str) -> bool {
    let mut run = 0;
    for ch in search.chars() {
        run = if ch.is_alphanumeric() { run + 1 } else { 0 };
        if run >= TRIGRAM_RUN {
            return true;
        }
    }
    false
}

/// A position in the customer list: company name, then id (ties on the name never skip nor
/// repeat a row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// The customer's company name.
    pub company_name: String,
    /// The customer's internal id.
    pub customer_id: CustomerId,
}

/// Which way a page runs through the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Company name A to Z.
    Forward,
    /// Z to A (the rows of a "previous" page, nearest first).
    Backward,
}

impl Direction {
    /// The other way.
    pub fn reverse(self) -> Self {
        match self {
            Self::Forward => Self::Backward,
            Self::Backward => Self::Forward,
        }
    }
}

/// Whose customers: those of `walk`, read in order from its relationships' index, and when
/// `probe` is set only those that `probe` also has an active relationship with (looked up by the
/// unique (customer, partner) index). Walk the partner with fewer active customers.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The partner whose ordered index is read.
    pub walk: &'a PartnerId,
    /// The other partner, checked for each row.
    pub probe: Option<&'a PartnerId>,
}

/// Which of the scope's customers.
#[derive(Debug, Clone, Copy)]
pub enum Matching<'a> {
    /// All of them.
    All,
    /// Those among these candidates (from [`search_candidates`]; at most [`CANDIDATE_LIMIT`]).
    Among(&'a [CustomerId]),
    /// Those whose search text contains this text (case-folded here), looked through in list
    /// order: bound the walk with a [`Range`] (see [`window_end`]).
    Scan(&'a str),
}

/// The part of the list a query reads: in `direction`, strictly beyond `after` (from the start
/// when `None`), and not beyond `through` (inclusive; to the end when `None`).
#[derive(Debug, Clone, Copy)]
pub struct Range<'a> {
    /// Which way.
    pub direction: Direction,
    /// Exclusive start.
    pub after: Option<&'a SortKey>,
    /// Inclusive end.
    pub through: Option<&'a SortKey>,
}

/// A partner's number of customers with an active relationship (a counter, not a count).
pub fn active_customer_count(conn: &mut DbConn, partner: &PartnerId) -> QueryResult<i64> {
    Ok(partner_customer_counts::table
        .find(partner.as_str())
        .select(partner_customer_counts::active_customers)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

/// How many of a search's words are looked up to find its rarest ([`search_candidates`]).
const WORD_PROBES: usize = 4;

/// A word in at most this many customers' text is rare enough to find a search's candidates by
/// ([`search_candidates`]); counting stops one further.
const RARE_WORD: i64 = 100;

/// The customers (of any organization) whose search text contains `search` (case-folded here),
/// found through the trigram index: `None` when there may be more than [`CANDIDATE_LIMIT`] (list
/// those by walking instead). Only for [`trigram_searchable`] text.
///
/// The index is asked for a part of the search it answers cheaply, then each row it gives is
/// compared with the whole search, exactly and literally (`instr`, `strpos`). Asking for the whole
/// search at once reads the whole index entry of each of its trigrams, and some trigrams are in
/// every row (".onmicrosoft"): "-4242.onmicrosoft" costs 0.7 ms at 1,000 customers and 12 ms at
/// 100,000 (SQLite; PostgreSQL's GIN likewise). So the search's words (runs of 3 letters or
/// digits or more, the longest [`WORD_PROBES`]) are each counted first, no further than
/// [`RARE_WORD`] + 1 (a common word stops early, and PostgreSQL rechecks no more rows than
/// that); the rarest, if rare, gives the candidates ("4242": 65 rows). When no word is rare, the
/// whole search is asked for ("coho labs 99": its words are common, together rare). Known cost
/// left: a search with no rare word that holds text found in nearly every row ("labs.onmicrosoft")
/// still reads the index entries of that text whole.
pub fn search_candidates(
    conn: &mut DbConn,
    search: &str,
    limit: i64,
) -> QueryResult<Option<Vec<CustomerId>>> {
    if matches!(conn, DbConn::Sqlite(_)) {
        return find_candidates(conn, search, limit);
    }
    // PostgreSQL: diesel keeps its statements prepared, and after five runs PostgreSQL may plan
    // them once for any value ("generic plan"), where a LIKE of unknown text looks selective: it
    // then reads the trigram index for text found in every row (100 ms a search for
    // "onmicrosoft" at 100,000 customers) where the plan for the actual text stops after a few
    // rows. These few statements are planned for their values every time.
    conn.batch_execute("SET plan_cache_mode = force_custom_plan")?;
    let found = find_candidates(conn, search, limit);
    let reset = conn.batch_execute("RESET plan_cache_mode");
    let found = found?;
    reset?;
    Ok(found)
}

fn find_candidates(
    conn: &mut DbConn,
    search: &str,
    limit: i64,
) -> QueryResult<Option<Vec<CustomerId>>> {
    let needle = fold_case(search);
    if needle.contains(SEARCH_SEPARATOR) {
        return Ok(Some(Vec::new()));
    }
    let words = indexed_words(&needle);
    if words.is_empty() {
        return Ok(None);
    }
    let counts = word_counts(conn, &words)?;
    if counts.contains(&0) {
        // A word of the search is in no customer's text.
        return Ok(Some(Vec::new()));
    }
    let rarest = counts
        .iter()
        .zip(&words)
        .filter(|(n, _)| **n <= RARE_WORD)
        .min_by_key(|(n, _)| **n)
        .map(|(_, w)| w.as_str());
    let piece = rarest.unwrap_or(&needle);
    let found: Vec<CustomerId> = match conn {
        DbConn::Sqlite(sqlite) => {
            // The index alone first (one evaluation of the phrase): more rows than the limit are
            // then not joined to their customers only to be set aside.
            #[derive(QueryableByName)]
            struct Row {
                #[diesel(sql_type = BigInt)]
                rowid: i64,
            }
            let rows: Vec<i64> = diesel::sql_query(FTS_ROWS)
                .bind::<Text, _>(fts_phrase(piece))
                .bind::<BigInt, _>(limit)
                .load::<Row>(sqlite)?
                .into_iter()
                .map(|r| r.rowid)
                .collect();
            if rows.is_empty() {
                return Ok(Some(Vec::new()));
            }
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) > CANDIDATE_LIMIT {
                return Ok(None);
            }
            #[derive(QueryableByName)]
            struct Candidate {
                #[diesel(sql_type = Text)]
                customer_id: CustomerId,
            }
            let keys = vec!["?"; rows.len()].join(", ");
            let mut query = diesel::sql_query(format!(
                "SELECT k.customer_id AS customer_id FROM customers_fts_keys k \
                 JOIN customers c ON c.id = k.customer_id \
                 WHERE k.id IN ({keys}) AND instr(c.search, ?) > 0"
            ))
            .into_boxed::<diesel::sqlite::Sqlite>();
            for row in rows {
                query = query.bind::<BigInt, _>(row);
            }
            query
                .bind::<Text, _>(&needle)
                .load::<Candidate>(sqlite)?
                .into_iter()
                .map(|c| c.customer_id)
                .collect()
        }
        DbConn::Postgres(_) => trigram_candidates(piece, &needle, limit).load(conn)?,
    };
    let within = i64::try_from(found.len()).unwrap_or(i64::MAX) <= CANDIDATE_LIMIT;
    Ok(within.then_some(found))
}

/// The search's words that both indexes can look up: runs of at least [`TRIGRAM_RUN`] letters or
/// digits (pg_trgm takes its trigrams from such runs), each once, the longest [`WORD_PROBES`].
fn indexed_words(needle: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in needle.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() >= TRIGRAM_RUN && !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.truncate(WORD_PROBES);
    words
}

/// How many customers hold each word, counting no further than [`RARE_WORD`] + 1 (one statement;
/// each count stops at its limit).
fn word_counts(conn: &mut DbConn, words: &[String]) -> QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        i: i64,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let cap = RARE_WORD + 1;
    let mut counts: Vec<Count> = match conn {
        DbConn::Sqlite(sqlite) => {
            let sql = (0..words.len())
                .map(|i| {
                    format!(
                        "SELECT {i} AS i, count(*) AS n FROM (SELECT rowid FROM customers_fts \
                         WHERE customers_fts MATCH ? LIMIT {cap})"
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            let mut query = diesel::sql_query(sql).into_boxed::<diesel::sqlite::Sqlite>();
            for word in words {
                query = query.bind::<Text, _>(fts_phrase(word));
            }
            query.load(sqlite)?
        }
        DbConn::Postgres(pg) => {
            let sql = (0..words.len())
                .map(|i| {
                    format!(
                        "SELECT {i}::bigint AS i, count(*) AS n FROM (SELECT 1 FROM customers \
                         WHERE search LIKE ${} ESCAPE '\\' LIMIT {cap}) t{i}",
                        i + 1
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            let mut query = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>();
            for word in words {
                query = query.bind::<Text, _>(like_pattern(word));
            }
            query.load(pg)?
        }
    };
    counts.sort_by_key(|c| c.i);
    Ok(counts.into_iter().map(|c| c.n).collect())
}

/// SQLite: the FTS5 trigram index finds the rows holding a part of the search (a phrase: the
/// part as it is written); then `instr` keeps those whose text holds the whole search (the exact,
/// literal match PostgreSQL makes too).
const FTS_ROWS: &str = "SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?";

/// An FTS5 phrase matching `text` literally (inside double quotes only `"` is special).
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

diesel::define_sql_function! {
    /// PostgreSQL's `strpos()`: where a literal text starts in another (0: nowhere). Not
    /// answered by the trigram index, so the index is asked only for the part chosen.
    fn strpos(haystack: Text, needle: Text) -> diesel::sql_types::Integer;
}

/// PostgreSQL: pg_trgm's GIN index finds the rows holding a part of the search, `strpos` keeps
/// those whose text holds the whole search.
fn trigram_candidates(
    piece: &str,
    needle: &str,
    limit: i64,
) -> customers::BoxedQuery<'static, MultiBackend, Text> {
    customers::table
        .filter(customers::search.like(like_pattern(piece)).escape('\\'))
        .filter(strpos(customers::search, needle.to_owned()).gt(0))
        .select(customers::id)
        .limit(limit)
        .into_boxed()
}

/// `(columns) op (name, id)`: a row-value comparison, which both backends answer as a range of
/// the ordered index (an `OR` of the two columns would not bound the index scan).
fn key_compared<QS>(columns: &'static str, op: &'static str, key: &SortKey) -> Condition<QS> {
    let mut sql = Sql::default();
    sql.sql("(")
        .sql(columns)
        .sql(") ")
        .sql(op)
        .sql(" (")
        .text(key.company_name.as_str())
        .sql(", ")
        .text(key.customer_id.as_str())
        .sql(")");
    Box::new(sql.condition())
}

/// `EXISTS` an active relationship of `partner` with the customer in `customer_column`, by the
/// unique (customer, partner) index.
fn has_active_relationship<QS>(
    customer_column: &'static str,
    partner: &PartnerId,
) -> Condition<QS> {
    let mut sql = Sql::new("EXISTS (SELECT 1 FROM customer_relationships p WHERE p.customer_id = ");
    sql.sql(customer_column)
        .sql(" AND p.partner_id = ")
        .text(partner.as_str())
        .sql(" AND p.state = 'active')");
    Box::new(sql.condition())
}

type WalkQuery = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Select<
        diesel::dsl::InnerJoin<customer_relationships::table, customers::table>,
        diesel::dsl::AsSelect<Customer, MultiBackend>,
    >,
    MultiBackend,
>;

type AmongQuery = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Select<customers::table, diesel::dsl::AsSelect<Customer, MultiBackend>>,
    MultiBackend,
>;

const WALK_KEY: &str = "customer_relationships.company_name, customer_relationships.customer_id";
const AMONG_KEY: &str = "customers.company_name, customers.id";

/// Beyond `after` and up to `through`, in the range's direction.
fn range_ops(direction: Direction) -> (&'static str, &'static str) {
    match direction {
        Direction::Forward => (">", "<="),
        Direction::Backward => ("<", ">="),
    }
}

/// Which backend a query is written for, where the SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of(conn: &DbConn) -> Self {
        match conn {
            DbConn::Sqlite(_) => Self::Sqlite,
            DbConn::Postgres(_) => Self::Postgres,
        }
    }
}

/// The customer's search text holds `needle` (case-folded here) literally: `instr` (SQLite) or
/// `strpos` (PostgreSQL). Not `LIKE`: PostgreSQL estimates a LIKE of rare text from its statistics
/// and would then read every customer for it rather than walk the partner's list in order (58 ms
/// for "zq" at 100,000 customers); a function's result it cannot estimate, and walks.
fn search_holds<QS>(dialect: Dialect, needle: &str) -> Condition<QS> {
    let function = match dialect {
        Dialect::Sqlite => "instr",
        Dialect::Postgres => "strpos",
    };
    let mut sql = Sql::new(function);
    sql.sql("(customers.search, ")
        .text(fold_case(needle))
        .sql(") > 0");
    Box::new(sql.condition())
}

/// The walk of `scope.walk`'s ordered index: the partner's active relationships in (company name,
/// customer) order, joined to their customers.
fn walk_query(
    dialect: Dialect,
    scope: Scope<'_>,
    search: Option<&str>,
    range: Range<'_>,
) -> WalkQuery {
    let active: &'static str = super::relationship::state::ACTIVE;
    let mut query = customer_relationships::table
        .inner_join(customers::table)
        .select(Customer::as_select())
        .into_boxed()
        .filter(customer_relationships::partner_id.eq(scope.walk.as_str().to_owned()))
        .filter(customer_relationships::state.eq(active));
    let (beyond, up_to) = range_ops(range.direction);
    if let Some(after) = range.after {
        query = query.filter(key_compared(WALK_KEY, beyond, after));
    }
    if let Some(through) = range.through {
        query = query.filter(key_compared(WALK_KEY, up_to, through));
    }
    if let Some(other) = scope.probe {
        query = query.filter(has_active_relationship(
            "customer_relationships.customer_id",
            other,
        ));
    }
    if let Some(needle) = search {
        query = query.filter(search_holds(dialect, needle));
    }
    match range.direction {
        Direction::Forward => query.order((
            customer_relationships::company_name.asc(),
            customer_relationships::customer_id.asc(),
        )),
        Direction::Backward => query.order((
            customer_relationships::company_name.desc(),
            customer_relationships::customer_id.desc(),
        )),
    }
}

/// [`walk_query`] without the customers: their ids only, in no order (for counting).
fn relationships_walk(
    scope: Scope<'_>,
    range: Range<'_>,
) -> customer_relationships::BoxedQuery<'static, MultiBackend, Text> {
    let active: &'static str = super::relationship::state::ACTIVE;
    let mut query = customer_relationships::table
        .select(customer_relationships::customer_id)
        .into_boxed()
        .filter(customer_relationships::partner_id.eq(scope.walk.as_str().to_owned()))
        .filter(customer_relationships::state.eq(active));
    let (beyond, up_to) = range_ops(range.direction);
    if let Some(after) = range.after {
        query = query.filter(key_compared(WALK_KEY, beyond, after));
    }
    if let Some(through) = range.through {
        query = query.filter(key_compared(WALK_KEY, up_to, through));
    }
    if let Some(other) = scope.probe {
        query = query.filter(has_active_relationship(
            "customer_relationships.customer_id",
            other,
        ));
    }
    query
}

/// The candidates of a search that the scope sees, in list order: at most [`CANDIDATE_LIMIT`]
/// rows by primary key, each checked by the unique (customer, partner) index, then sorted.
fn among_query(scope: Scope<'_>, ids: &[CustomerId], range: Range<'_>) -> AmongQuery {
    let ids: Vec<String> = ids.iter().map(|id| id.as_str().to_owned()).collect();
    let mut query = customers::table
        .select(Customer::as_select())
        .into_boxed()
        .filter(customers::id.eq_any(ids))
        .filter(has_active_relationship("customers.id", scope.walk));
    if let Some(other) = scope.probe {
        query = query.filter(has_active_relationship("customers.id", other));
    }
    let (beyond, up_to) = range_ops(range.direction);
    if let Some(after) = range.after {
        query = query.filter(key_compared(AMONG_KEY, beyond, after));
    }
    if let Some(through) = range.through {
        query = query.filter(key_compared(AMONG_KEY, up_to, through));
    }
    match range.direction {
        Direction::Forward => query.order((customers::company_name.asc(), customers::id.asc())),
        Direction::Backward => query.order((customers::company_name.desc(), customers::id.desc())),
    }
}

/// Up to `limit` customers of the scope that match, in the range's direction (nearest first).
pub fn list_range(
    conn: &mut DbConn,
    scope: Scope<'_>,
    matching: Matching<'_>,
    range: Range<'_>,
    limit: i64,
) -> QueryResult<Vec<Customer>> {
    match matching {
        Matching::All => walk_query(Dialect::of(conn), scope, None, range)
            .limit(limit)
            .load(conn),
        Matching::Scan(needle) => walk_query(Dialect::of(conn), scope, Some(needle), range)
            .limit(limit)
            .load(conn),
        Matching::Among([]) => Ok(Vec::new()),
        Matching::Among(ids) => among_query(scope, ids, range).limit(limit).load(conn),
    }
}

/// How many customers of the scope match in the range, counting no further than `cap`.
pub fn count_range(
    conn: &mut DbConn,
    scope: Scope<'_>,
    matching: Matching<'_>,
    range: Range<'_>,
    cap: i64,
) -> QueryResult<i64> {
    let ids: Vec<CustomerId> = match matching {
        // The relationships alone: the customers' rows are not needed to count them.
        Matching::All => relationships_walk(scope, range).limit(cap).load(conn)?,
        Matching::Scan(needle) => walk_query(Dialect::of(conn), scope, Some(needle), range)
            .select(customers::id)
            .limit(cap)
            .load(conn)?,
        Matching::Among([]) => Vec::new(),
        Matching::Among(ids) => among_query(scope, ids, range)
            .select(customers::id)
            .limit(cap)
            .load(conn)?,
    };
    Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
}

/// The end of a window of `size` rows of `partner`'s ordered list, in `direction` beyond `after`:
/// the key of its last row and whether rows follow it; `None` when fewer than `size` rows remain
/// (the window reaches the end of the list). Reads at most `size + 1` index entries.
pub fn window_end(
    conn: &mut DbConn,
    partner: &PartnerId,
    direction: Direction,
    after: Option<&SortKey>,
    size: i64,
) -> QueryResult<Option<(SortKey, bool)>> {
    let keys: Vec<(String, CustomerId)> =
        window_query(partner, direction, after, size).load(conn)?;
    let more = keys.len() > 1;
    Ok(keys.into_iter().next().map(|(company_name, customer_id)| {
        (
            SortKey {
                company_name,
                customer_id,
            },
            more,
        )
    }))
}

fn window_query(
    partner: &PartnerId,
    direction: Direction,
    after: Option<&SortKey>,
    size: i64,
) -> customer_relationships::BoxedQuery<'static, MultiBackend, (Text, Text)> {
    let active: &'static str = super::relationship::state::ACTIVE;
    let mut query = customer_relationships::table
        .select((
            customer_relationships::company_name,
            customer_relationships::customer_id,
        ))
        .into_boxed()
        .filter(customer_relationships::partner_id.eq(partner.as_str().to_owned()))
        .filter(customer_relationships::state.eq(active));
    let (beyond, _) = range_ops(direction);
    if let Some(after) = after {
        query = query.filter(key_compared(WALK_KEY, beyond, after));
    }
    let query = match direction {
        Direction::Forward => query.order((
            customer_relationships::company_name.asc(),
            customer_relationships::customer_id.asc(),
        )),
        Direction::Backward => query.order((
            customer_relationships::company_name.desc(),
            customer_relationships::customer_id.desc(),
        )),
    };
    query.offset(size.max(1) - 1).limit(2)
}

// ---------------------------------------------------------------------------------------------
// Query plans, for the test that keeps the list on its indexes.

/// The query plans of the customer list's key queries, built by the same code as the list, for
/// `partner`'s customers (and `reseller`'s, for the filter), from `key` onwards where a query
/// starts at a position: (what the query is, its plan). On PostgreSQL sequential scans are turned
/// off for the session first, so that the plans of a small test database are those of a large one.
pub fn list_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    reseller: &PartnerId,
    key: &SortKey,
    candidates: &[CustomerId],
) -> QueryResult<Vec<(&'static str, String)>> {
    crate::db::plan::planned_as_large(conn, &["enable_seqscan"], |conn| {
        key_query_plans(conn, partner, reseller, key, candidates)
    })
}

fn key_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    reseller: &PartnerId,
    key: &SortKey,
    candidates: &[CustomerId],
) -> QueryResult<Vec<(&'static str, String)>> {
    let dialect = Dialect::of(conn);
    let own = Scope {
        walk: partner,
        probe: None,
    };
    let filtered = Scope {
        walk: reseller,
        probe: Some(partner),
    };
    let first = Range {
        direction: Direction::Forward,
        after: None,
        through: None,
    };
    let deep = Range {
        after: Some(key),
        ..first
    };
    let back = Range {
        direction: Direction::Backward,
        after: Some(key),
        through: None,
    };
    let window = Range {
        through: Some(key),
        ..first
    };
    let mut plans = vec![
        (
            "first page",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, None, first).limit(26))?,
        ),
        (
            "page after a cursor",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, None, deep).limit(26))?,
        ),
        (
            "page before a cursor",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, None, back).limit(26))?,
        ),
        (
            "reseller filter",
            crate::db::plan::plan_of(conn, walk_query(dialect, filtered, None, deep).limit(26))?,
        ),
        (
            "short search, one window",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, Some("a"), window).limit(26))?,
        ),
        (
            "reseller filter, counted",
            crate::db::plan::plan_of(conn, relationships_walk(filtered, first).limit(1001))?,
        ),
        (
            "window end",
            crate::db::plan::plan_of(
                conn,
                window_query(partner, Direction::Forward, Some(key), 1000),
            )?,
        ),
        (
            "search candidates, listed",
            crate::db::plan::plan_of(conn, among_query(own, candidates, deep).limit(26))?,
        ),
        (
            "search candidates, listed, reseller filter",
            crate::db::plan::plan_of(conn, among_query(filtered, candidates, deep).limit(26))?,
        ),
        (
            "subscription counts of a page",
            crate::db::plan::plan_of(
                conn,
                super::subscription::visible_counts_of_customers(
                    super::subscription::customer_among(
                        conn,
                        &candidates
                            .iter()
                            .map(CustomerId::as_str)
                            .collect::<Vec<_>>(),
                    ),
                    partner.as_str().to_owned(),
                ),
            )?,
        ),
        (
            "customer page: the customer",
            crate::db::plan::plan_of(
                conn,
                visible_customer_query(partner.as_str(), "00000000-0000-0000-0000-000000000000"),
            )?,
        ),
        (
            "customer page: relationships",
            crate::db::plan::plan_of(
                conn,
                super::relationship::with_partner_and_resellers_query(
                    key.customer_id.as_str(),
                    partner.as_str(),
                ),
            )?,
        ),
        (
            "active customer count",
            crate::db::plan::plan_of(
                conn,
                partner_customer_counts::table
                    .find(partner.as_str().to_owned())
                    .select(partner_customer_counts::active_customers)
                    .into_boxed::<MultiBackend>(),
            )?,
        ),
    ];
    let candidates_plan = match conn {
        DbConn::Sqlite(sqlite) => {
            #[derive(QueryableByName)]
            struct Line {
                #[diesel(sql_type = Text)]
                detail: String,
            }
            diesel::sql_query(format!("EXPLAIN QUERY PLAN {FTS_ROWS}"))
                .bind::<Text, _>(fts_phrase("coho"))
                .bind::<BigInt, _>(CANDIDATE_LIMIT + 1)
                .load::<Line>(sqlite)?
                .into_iter()
                .map(|l| l.detail)
                .collect::<Vec<_>>()
                .join("\n")
        }
        DbConn::Postgres(_) => crate::db::plan::plan_of(
            conn,
            trigram_candidates("coho", "coho labs", CANDIDATE_LIMIT + 1),
        )?,
    };
    plans.push(("search candidates, from the trigram index", candidates_plan));
    Ok(plans)
}

#[cfg(test)]
mod tests {
    use super::{fold_case, indexed_words, search_text, trigram_searchable};

    #[test]
    fn search_text_folds_case_per_character_on_every_field() {
        assert_eq!(
            search_text("ŁÓDŹ Straße ÉCOLE", "Lodz.Example", "ABC-1"),
            "łódź straße école\nlodz.example\nabc-1"
        );
        // A part's fold is a part of the whole's fold (no final-sigma rule).
        let whole = fold_case("ΟΔΟΣ ΑΒ");
        assert!(whole.contains(&fold_case("ΟΔΟΣ")));
    }

    #[test]
    fn a_search_is_looked_up_by_its_longest_words_of_three_letters_or_digits() {
        assert_eq!(indexed_words("-4242.onmicrosoft"), ["onmicrosoft", "4242"]);
        assert_eq!(indexed_words("coho labs 99"), ["coho", "labs"]);
        assert_eq!(indexed_words("łódź sp. z o.o."), ["łódź"]);
        assert_eq!(indexed_words("abc abc ab"), ["abc"]);
        assert_eq!(
            indexed_words("aaa bbbb ccccc dddddd eeeeeee"),
            ["eeeeeee", "dddddd", "ccccc", "bbbb"]
        );
        assert!(indexed_words("ab.cd %%%").is_empty());
    }

    #[test]
    fn trigram_search_needs_three_letters_or_digits_in_a_row() {
        for yes in ["abc", "a.abc", "łód", "99x", "coho labs"] {
            assert!(trigram_searchable(yes), "{yes}");
        }
        for no in ["", "ab", "a b c", "%%%", "a_a%", "ab.cd", "Łó"] {
            assert!(!trigram_searchable(no), "{no}");
        }
    }
}
