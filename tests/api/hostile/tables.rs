//! The database, table by table, for the before/after comparison.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use partnerdesk::db::DbConn;
use partnerdesk::db::schema::{
    audit_events, customer_relationships, customers, import_upload_chunks, import_uploads,
    partner_customer_counts, partners, partnership_requests, partnerships, password_links,
    products, relationship_invitations, subscriptions, users,
};

use crate::helpers::TestApp;

type Dump = BTreeMap<&'static str, Vec<String>>;
type Ts = NaiveDateTime;
type Txt = Option<String>;

macro_rules! rows {
    ($conn:expr, $table:ident, $row:ty) => {
        $table::table
            .order($table::id.asc())
            .load::<$row>($conn)
            .unwrap_or_else(|e| panic!("dumping {}: {e}", stringify!($table)))
            .iter()
            .map(|row| format!("{row:?}"))
            .collect::<Vec<String>>()
    };
}

/// Every row of every table but the sessions.
pub(super) fn dump(app: &TestApp) -> Dump {
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let mut dump = Dump::new();
    // Two tuples: Debug stops at twelve fields.
    dump.insert(
        "audit_events",
        audit_events::table
            .order(audit_events::id.asc())
            .select((
                (
                    audit_events::id,
                    audit_events::occurred_at,
                    audit_events::actor_user_id,
                    audit_events::actor_partner_id,
                    audit_events::actor_customer_id,
                    audit_events::subject_partner_id,
                    audit_events::customer_id,
                    audit_events::subscription_id,
                    audit_events::operation,
                    audit_events::old_value,
                    audit_events::new_value,
                ),
                (audit_events::cause_id, audit_events::batch_id),
            ))
            .load::<(
                (String, Ts, Txt, Txt, Txt, Txt, Txt, Txt, String, Txt, Txt),
                (Txt, Txt),
            )>(conn)
            .unwrap_or_else(|e| panic!("dumping audit_events: {e}"))
            .iter()
            .map(|row| format!("{row:?}"))
            .collect(),
    );
    dump.insert(
        "customer_relationships",
        rows!(
            conn,
            customer_relationships,
            (String, String, String, String, bool, String, Ts, Ts, String)
        ),
    );
    dump.insert(
        "customers",
        rows!(
            conn,
            customers,
            (String, String, String, String, String, Ts, String)
        ),
    );
    dump.insert(
        "partner_customer_counts",
        partner_customer_counts::table
            .order(partner_customer_counts::partner_id.asc())
            .load::<(String, i64)>(conn)
            .expect("dumping partner_customer_counts")
            .iter()
            .map(|row| format!("{row:?}"))
            .collect(),
    );
    if let DbConn::Sqlite(sqlite) = conn {
        // SQLite's trigram index of customers.search: its keys here, its index not (FTS5's own
        // tables, written only by the triggers that follow customers).
        #[derive(QueryableByName)]
        struct Key {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
            #[diesel(sql_type = diesel::sql_types::Text)]
            customer_id: String,
        }
        dump.insert(
            "customers_fts_keys",
            diesel::sql_query("SELECT id, customer_id FROM customers_fts_keys ORDER BY id")
                .load::<Key>(sqlite)
                .expect("dumping customers_fts_keys")
                .iter()
                .map(|row| format!("{} {}", row.id, row.customer_id))
                .collect(),
        );
    }
    dump.insert(
        "import_uploads",
        rows!(
            conn,
            import_uploads,
            (String, String, String, String, i64, String, Ts)
        ),
    );
    dump.insert(
        "import_upload_chunks",
        import_upload_chunks::table
            .order((import_upload_chunks::upload_id, import_upload_chunks::seq))
            .load::<(String, i32, Vec<u8>)>(conn)
            .expect("dumping import_upload_chunks")
            .iter()
            .map(|row| format!("{row:?}"))
            .collect(),
    );
    dump.insert(
        "partners",
        rows!(
            conn,
            partners,
            (
                String, String, String, i32, String, String, String, String, String, String, Ts
            )
        ),
    );
    dump.insert(
        "partnerships",
        rows!(conn, partnerships, (String, String, String, String, Ts, Ts)),
    );
    dump.insert(
        "partnership_requests",
        rows!(
            conn,
            partnership_requests,
            (
                String,
                String,
                String,
                Txt,
                String,
                Ts,
                Ts,
                Option<Ts>,
                Txt,
                Option<Ts>
            )
        ),
    );
    dump.insert(
        "password_links",
        rows!(
            conn,
            password_links,
            (
                String,
                String,
                String,
                String,
                Ts,
                Ts,
                Option<Ts>,
                Option<Ts>
            )
        ),
    );
    dump.insert(
        "products",
        rows!(conn, products, (String, String, String, String)),
    );
    dump.insert(
        "relationship_invitations",
        rows!(
            conn,
            relationship_invitations,
            (
                String,
                String,
                String,
                bool,
                String,
                Ts,
                Ts,
                Option<Ts>,
                Txt,
                Option<Ts>,
                Txt,
                Txt
            )
        ),
    );
    dump.insert(
        "subscriptions",
        rows!(
            conn,
            subscriptions,
            (
                String, String, String, i32, String, Txt, Txt, Txt, i32, Ts, Ts
            )
        ),
    );
    // Issue 15 (H3): the customers' default support contacts (no `id` column).
    {
        use partnerdesk::db::schema::customer_support_defaults as def;
        dump.insert(
            "customer_support_defaults",
            def::table
                .order((def::customer_id.asc(), def::seller_id.asc()))
                .load::<(String, String, String, Txt, Ts)>(conn)
                .expect("dumping customer_support_defaults")
                .iter()
                .map(|row| format!("{row:?}"))
                .collect(),
        );
    }
    dump.insert(
        "users",
        rows!(
            conn,
            users,
            (String, String, String, String, Txt, Txt, String, bool, Ts)
        ),
    );
    // Issue 15 (helper "activity"): the events shared with a partner besides their actor and
    // subject.
    dump.insert(
        "audit_event_viewers",
        partnerdesk::db::schema::audit_event_viewers::table
            .order((
                partnerdesk::db::schema::audit_event_viewers::partner_id.asc(),
                partnerdesk::db::schema::audit_event_viewers::event_id.asc(),
            ))
            .load::<(String, String, Ts)>(conn)
            .unwrap_or_else(|e| panic!("dumping audit_event_viewers: {e}"))
            .iter()
            .map(|row| format!("{row:?}"))
            .collect(),
    );
    batch_tables(conn, &mut dump);
    dump
}

/// Bulk assignment's tables (issue 15): batches and their items.
fn batch_tables(conn: &mut DbConn, dump: &mut Dump) {
    use partnerdesk::db::schema::{assignment_batch_items, assignment_batches};
    dump.insert(
        "assignment_batches",
        rows!(
            conn,
            assignment_batches,
            (
                String,
                String,
                String,
                Ts,
                Txt,
                bool,
                String,
                Option<Ts>,
                Txt
            )
        ),
    );
    dump.insert(
        "assignment_batch_items",
        assignment_batch_items::table
            .order((
                assignment_batch_items::batch_id,
                assignment_batch_items::subscription_id,
            ))
            .load::<(String, String, String, Option<i32>, Txt, Txt, Txt, Txt)>(conn)
            .expect("dumping assignment_batch_items")
            .iter()
            .map(|row| format!("{row:?}"))
            .collect(),
    );
}

/// The tables the database has, so that a new one cannot escape the comparison.
pub(super) fn table_names(app: &TestApp) -> BTreeSet<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .expect("table names")
        .into_iter()
        .map(|n| n.name)
        .filter(|name| !crate::helpers::is_fts5_index_table(name))
        .collect()
}

/// What changed between two dumps, table by table.
pub(super) fn differences(before: &Dump, after: &Dump) -> Vec<String> {
    let mut out = Vec::new();
    for (table, rows) in before {
        let after_rows = &after[table];
        if rows == after_rows {
            continue;
        }
        let (old, new): (HashSet<&String>, HashSet<&String>) =
            (rows.iter().collect(), after_rows.iter().collect());
        for row in old.difference(&new) {
            out.push(format!("{table}: - {row}"));
        }
        for row in new.difference(&old) {
            out.push(format!("{table}: + {row}"));
        }
    }
    out
}
