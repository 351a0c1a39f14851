//! Assignment throughput, for `bench/run`: many clients signed in as Contoso's helpdesk agent
//! submit the Designated support contact form (`POST …/support-contact`, each change with its
//! audit event) as fast as the server takes them, each on subscriptions of its own, flipping
//! between the seller and an eligible reseller. Prints the changes per second and the refusals.
//!
//! `cargo run --release --example bench-assign -- BASE_URL DATABASE_URL [SECONDS] [CLIENTS]`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use diesel::prelude::*;
use partnerdesk::db::schema::subscriptions as sub;
use partnerdesk::db::schema::{customer_relationships as rel, customers, partners, partnerships};
use partnerdesk::db::{Db, PoolOptions};

const PASSWORD: &str = "demo-password-1";

/// A subscription a client flips: where to post, and the two contacts it goes between.
struct Target {
    path: String,
    version: i32,
    contacts: [i32; 2],
    next: usize,
}

/// Contoso's subscriptions whose customer has a reseller of Contoso eligible to support them (an
/// active partnership, an active relationship with delegated admin), currently supported by one
/// of the two.
fn targets(database_url: &str, wanted: i64) -> Vec<Target> {
    let db = Db::connect(database_url, &PoolOptions::default()).expect("database");
    let mut conn = db.get().expect("connection");
    let contoso: (String, i32) = partners::table
        .filter(partners::mpn_id.eq(4_100_001))
        .select((partners::id, partners::mpn_id))
        .first(&mut *conn)
        .expect("Contoso");
    let rows: Vec<(String, String, Option<String>, i32, String, i32)> = sub::table
        .inner_join(customers::table)
        .inner_join(rel::table.on(rel::customer_id.eq(sub::customer_id)))
        .inner_join(partnerships::table.on(partnerships::reseller_id.eq(rel::partner_id)))
        .inner_join(partners::table.on(partners::id.eq(rel::partner_id)))
        .filter(sub::seller_id.eq(&contoso.0))
        .filter(partnerships::provider_id.eq(&contoso.0))
        .filter(partnerships::state.eq("active"))
        .filter(rel::state.eq("active"))
        .filter(rel::delegated_admin.eq(true))
        .select((
            customers::tenant_id,
            sub::id,
            sub::support_contact_id,
            sub::version,
            partners::id,
            partners::mpn_id,
        ))
        .limit(wanted * 4)
        .load(&mut *conn)
        .expect("subscriptions");
    let mut seen = std::collections::HashSet::new();
    rows.into_iter()
        .filter(|(_, id, ..)| seen.insert(id.clone()))
        .filter_map(|(tenant, id, contact, version, reseller, reseller_mpn)| {
            let contacts = [contoso.1, reseller_mpn];
            // Start with the one that is not designated now.
            let next = match contact.as_deref() {
                Some(c) if c == contoso.0 => 1,
                Some(c) if c == reseller => 0,
                _ => return None,
            };
            Some(Target {
                path: format!("/customers/{tenant}/subscriptions/{id}/support-contact"),
                version,
                contacts,
                next,
            })
        })
        .take(usize::try_from(wanted).unwrap_or(usize::MAX))
        .collect()
}

async fn signed_in(base: &str) -> (reqwest::Client, String) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let token = |html: &str| {
        let marker = "name=\"csrf_token\" value=\"";
        let start = html.find(marker).expect("a CSRF field") + marker.len();
        html[start..start + html[start..].find('"').expect("end")].to_owned()
    };
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("GET /login");
    let login_token = token(&page.text().await.expect("page"));
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("email", "helpdesk@contoso.example"),
            ("password", PASSWORD),
            ("csrf_token", &login_token),
        ])
        .send()
        .await
        .expect("POST /login");
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "sign-in failed");
    let page = client
        .get(format!("{base}/customers"))
        .send()
        .await
        .expect("GET");
    let csrf = token(&page.text().await.expect("page"));
    (client, csrf)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(database_url)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: bench-assign BASE_URL DATABASE_URL [SECONDS] [CLIENTS]");
        std::process::exit(2);
    };
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let clients: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(16);
    let mut all = targets(database_url, i64::try_from(clients * 40).unwrap_or(640));
    if all.len() < clients {
        eprintln!(
            "only {} subscriptions with an eligible reseller: load more customers",
            all.len()
        );
        std::process::exit(1);
    }
    let per_client = all.len() / clients;
    // Every client signs in first, so that the clock measures assignments only; one after the
    // other, since the sign-in throttle counts an account's sign-ins in flight.
    let mut sessions = Vec::with_capacity(clients);
    for _ in 0..clients {
        sessions.push(signed_in(base).await);
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (client, csrf) in sessions {
        let mut mine: Vec<Target> = all.drain(..per_client).collect();
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let (mut changed, mut refused) = (0u64, 0u64);
            let mut i = 0;
            while Instant::now() < deadline {
                let target = &mut mine[i % per_client];
                i += 1;
                let contact = target.contacts[target.next].to_string();
                let version = target.version.to_string();
                let r = client
                    .post(format!("{base}{}", target.path))
                    .form(&[
                        ("support_contact", contact.as_str()),
                        ("version", version.as_str()),
                        ("csrf_token", csrf.as_str()),
                    ])
                    .send()
                    .await
                    .expect("POST");
                if r.status() == reqwest::StatusCode::SEE_OTHER {
                    changed += 1;
                    target.version += 1;
                    target.next = 1 - target.next;
                } else {
                    refused += 1;
                }
            }
            (changed, refused)
        }));
    }
    let (mut changed, mut refused) = (0, 0);
    for task in tasks {
        let (c, r) = task.await.expect("client");
        changed += c;
        refused += r;
    }
    let elapsed = started.elapsed().as_secs_f64().max(f64::EPSILON);
    println!(
        "{:.0}\t{changed}\t{refused}",
        f64::from(u32::try_from(changed).unwrap_or(u32::MAX)) / elapsed
    );
}
