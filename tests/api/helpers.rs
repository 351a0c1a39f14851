//! The test harness: the real application on a random port over a fresh database (a temp SQLite
//! file, or with `TEST_DATABASE_URL=postgres://…` a fresh PostgreSQL database), loaded with the
//! demo data, and a cookie-keeping HTTP client that does not follow redirects.

// Shared by every test module; not each uses every helper.
#![allow(dead_code)]

use std::sync::{Mutex, OnceLock};

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::config::{Argon2Settings, EligibilityRule, Secret, Settings};
use partnerdesk::db::schema::{audit_events, customers, partners, products, subscriptions};
use partnerdesk::db::{Db, DbConn, PoolOptions};
use partnerdesk::startup::Application;
use reqwest::StatusCode;

pub const PASSWORD: &str = "demo-password-1";

/// Cheap hashing: tests measure behaviour, not cost.
pub const TEST_ARGON2: Argon2Settings = Argon2Settings {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

/// A fresh database for one test; dropped (PostgreSQL) or deleted (SQLite) afterwards.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

/// The PostgreSQL server the tests use, if `TEST_DATABASE_URL` names one.
fn postgres_base() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres://") || base.starts_with("postgresql://") => {
            Some(base)
        }
        Ok(other) if !other.is_empty() => {
            panic!("TEST_DATABASE_URL must be a postgres:// URL, got {other}")
        }
        _ => None,
    }
}

fn pg_admin(base: &str) -> PgConnection {
    PgConnection::establish(base).unwrap_or_else(|e| {
        panic!("TEST_DATABASE_URL is set but PostgreSQL is not reachable at {base}: {e}")
    })
}

fn execute(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Migrates a database and loads the demo data into it, over one connection of its own that is
/// closed on return: a pool would keep background threads that may still be connecting to it.
fn load_demo(url: &str) {
    let mut conn = partnerdesk::db::connect_once(url, &PoolOptions::default()).expect("connect");
    partnerdesk::db::run_migrations(&mut conn).expect("migrate");
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    partnerdesk::demo::load(&mut conn, &|p| hasher.hash(p)).expect("demo data");
    if let DbConn::Sqlite(_) = &mut conn {
        // Fold the WAL into the main file, which is what gets copied.
        diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .expect("checkpoint");
    }
}

/// A migrated database holding the demo data, built once per test process and copied for each
/// test (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL): loading the demo
/// data for every test dominated the suite's time.
enum DemoTemplate {
    Sqlite(std::path::PathBuf),
    /// A database marked as a template that accepts no connections: PostgreSQL copies a database
    /// only while no other session is connected to it, so none may ever be.
    Postgres(String),
}

fn demo_template() -> &'static DemoTemplate {
    static TEMPLATE: OnceLock<DemoTemplate> = OnceLock::new();
    TEMPLATE.get_or_init(|| match postgres_base() {
        Some(base) => {
            let name = format!(
                "pd_tpl_{}_{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            );
            let mut admin = pg_admin(&base);
            execute(&mut admin, &format!("CREATE DATABASE {name}"));
            load_demo(&replace_db_name(&base, &name));
            execute(
                &mut admin,
                &format!("ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"),
            );
            drop_stale_templates(&mut admin, &name);
            DemoTemplate::Postgres(name)
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir").keep();
            let path = dir.join("template.db");
            load_demo(&format!("sqlite://{}", path.display()));
            DemoTemplate::Sqlite(path)
        }
    })
}

/// Templates of earlier test runs whose process is gone (named pd_tpl_<pid>_…).
fn drop_stale_templates(admin: &mut PgConnection, keep: &str) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query(
        "SELECT datname::text AS datname FROM pg_database WHERE datname LIKE 'pd_tpl_%'",
    )
    .load(admin)
    .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if datname != keep && !alive {
            // A template cannot be dropped.
            let _ = diesel::sql_query(format!("ALTER DATABASE {datname} IS_TEMPLATE false"))
                .execute(admin);
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
                .execute(admin);
        }
    }
}

impl TestDatabase {
    /// A fresh database holding the demo data.
    pub fn with_demo() -> Self {
        match demo_template() {
            DemoTemplate::Postgres(template) => {
                let base = postgres_base().expect("TEST_DATABASE_URL");
                Self::postgres(&base, Some(template))
            }
            DemoTemplate::Sqlite(template) => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("test.db");
                std::fs::copy(template, &path).expect("copy the demo template");
                Self {
                    url: format!("sqlite://{}", path.display()),
                    _dir: Some(dir),
                    pg_admin: None,
                }
            }
        }
    }

    fn postgres(base: &str, template: Option<&str>) -> Self {
        // Copies of the template one at a time: the tests of this process are the only ones that
        // copy it, and nothing else can connect to it (`DemoTemplate::Postgres`).
        static COPYING: Mutex<()> = Mutex::new(());
        let name = format!("pd_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = pg_admin(base);
        match template {
            Some(t) => {
                let _one_at_a_time = COPYING.lock().unwrap_or_else(|e| e.into_inner());
                execute(&mut admin, &format!("CREATE DATABASE {name} TEMPLATE {t}"));
            }
            None => execute(&mut admin, &format!("CREATE DATABASE {name}")),
        }
        Self {
            url: replace_db_name(base, &name),
            _dir: None,
            pg_admin: Some((base.to_owned(), name)),
        }
    }

    /// A fresh, empty database (no tables).
    pub fn create() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(base) if base.starts_with("postgres://") || base.starts_with("postgresql://") => {
                let name = format!("pd_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = pg_admin(&base);
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
                let url = replace_db_name(&base, &name);
                Self {
                    url,
                    _dir: None,
                    pg_admin: Some((base, name)),
                }
            }
            Ok(other) if !other.is_empty() => {
                panic!("TEST_DATABASE_URL must be a postgres:// URL, got {other}")
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                Self {
                    url,
                    _dir: Some(dir),
                    pg_admin: None,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg_admin.is_some()
    }
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let prefix_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[prefix_end..].find('/').map(|i| prefix_end + i);
    let root = path_start.map_or(base, |i| &base[..i]);
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.pg_admin
            && let Ok(mut admin) = PgConnection::establish(base)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

pub fn test_session_key() -> Secret {
    static KEY: OnceLock<String> = OnceLock::new();
    Secret::new(KEY.get_or_init(|| "ab".repeat(64)).clone())
}

pub fn test_settings(database_url: &str) -> Settings {
    Settings {
        database_url: database_url.to_owned(),
        bind: "127.0.0.1:0".to_owned(),
        session_key: Some(test_session_key()),
        cookie_secure: Some(false),
        argon2: TEST_ARGON2,
        pool_size: 4,
        ..Settings::default()
    }
}

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub client: reqwest::Client,
    /// The client's cookies.
    pub cookies: std::sync::Arc<reqwest::cookie::Jar>,
    pub database: TestDatabase,
    /// `http://127.0.0.1:<port>` of the `metrics_bind` listener, when the settings ask for one.
    pub metrics_address: Option<String>,
}

/// Options for spawning.
#[derive(Default)]
pub struct Spawn {
    pub eligibility: Option<EligibilityRule>,
    pub no_demo: bool,
    /// Reuse this database (a second app instance).
    pub database_url: Option<String>,
    /// Changes to the test settings.
    pub configure: Option<fn(&mut Settings)>,
}

impl TestApp {
    /// The app over a fresh database with the demo data.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Spawn::default()).await
    }

    pub async fn spawn_with(options: Spawn) -> TestApp {
        let database = if options.no_demo {
            TestDatabase::create()
        } else {
            TestDatabase::with_demo()
        };
        let url = options
            .database_url
            .clone()
            .unwrap_or_else(|| database.url.clone());
        let (address, db, metrics_address) = Self::start(&url, &options).await;
        let (client, jar) = new_client();
        TestApp {
            address,
            db,
            client: client.clone(),
            cookies: jar.clone(),
            database,
            metrics_address,
        }
    }

    /// Another instance of the app, as a second server would run it: over this app's database,
    /// with these options (their database is this one's), and a client of its own.
    pub async fn another_instance(&self, options: Spawn) -> TestApp {
        let (address, db, metrics_address) = Self::start(&self.database.url, &options).await;
        let (client, cookies) = new_client();
        TestApp {
            address,
            db,
            client,
            cookies,
            metrics_address,
            database: TestDatabase {
                url: self.database.url.clone(),
                _dir: None,
                pg_admin: None,
            },
        }
    }

    /// Starts the app over the database at `url`, as `partnerdesk serve` does
    /// (`Application::build`: migrations applied, `127.0.0.1:0` bound): its address, its pool,
    /// and the address of its `metrics_bind` listener when it has one.
    async fn start(url: &str, options: &Spawn) -> (String, Db, Option<String>) {
        let mut settings = test_settings(url);
        if let Some(rule) = options.eligibility {
            settings.eligibility = rule;
        }
        if let Some(configure) = options.configure {
            configure(&mut settings);
        }
        let app = Application::build(settings).expect("build app");
        let db = app.db();
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = app
            .metrics_port()
            .map(|port| format!("http://127.0.0.1:{port}"));
        tokio::spawn(app.run_until_stopped());
        (address, db, metrics_address)
    }

    pub fn conn(&self) -> diesel::r2d2::PooledConnection<partnerdesk::db::ConnectionManager> {
        self.db.get().expect("conn")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    /// GET a page as a browser that asks for `accept_language`.
    pub async fn get_html_in(&self, path: &str, accept_language: &str) -> (StatusCode, String) {
        let r = self
            .client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .expect("GET");
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// Signs in through the real form; panics unless it succeeds.
    pub async fn login(&self, email: &str) {
        let r = self.try_login(email, PASSWORD).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed"
        );
    }

    pub async fn try_login(&self, email: &str, password: &str) -> reqwest::Response {
        let (_, html) = self.get_html("/login").await;
        let token = csrf_token(&html);
        self.post_form(
            "/login",
            &[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
            ],
        )
        .await
    }

    /// A fresh client (no cookies) on the same app.
    pub fn new_session(&self) -> TestApp {
        let (client, jar) = new_client();
        TestApp {
            address: self.address.clone(),
            db: self.db.clone(),
            client: client.clone(),
            cookies: jar.clone(),
            database: TestDatabase {
                url: self.database.url.clone(),
                _dir: None,
                pg_admin: None,
            },
            metrics_address: self.metrics_address.clone(),
        }
    }

    /// A fresh client (no cookies) on the same app, connecting from another loopback address
    /// (127.0.0.2 and up: every 127/8 address is this machine's).
    pub fn new_session_from(&self, local: std::net::IpAddr) -> TestApp {
        let mut app = self.new_session();
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        app.client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .local_address(local)
            .build()
            .expect("client");
        app.cookies = jar;
        app
    }

    /// The CSRF token of the current session, read from a page.
    pub async fn csrf(&self, path: &str) -> String {
        let (_, html) = self.get_html(path).await;
        csrf_token(&html)
    }

    pub fn tenant_of(&self, company: &str) -> String {
        customers::table
            .filter(customers::company_name.eq(company))
            .select(customers::tenant_id)
            .first::<String>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no customer {company}: {e}"))
    }

    pub fn subscription_of(&self, company: &str, product: &str) -> String {
        subscriptions::table
            .inner_join(customers::table)
            .inner_join(products::table)
            .filter(customers::company_name.eq(company))
            .filter(products::name.eq(product))
            .select(subscriptions::id)
            .first::<String>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no subscription {product} of {company}: {e}"))
    }

    pub fn subscription_path(&self, company: &str, product: &str) -> String {
        format!(
            "/customers/{}/subscriptions/{}",
            self.tenant_of(company),
            self.subscription_of(company, product)
        )
    }

    /// (support contact name, version) of a subscription.
    pub fn support_contact(&self, company: &str, product: &str) -> (Option<String>, i32) {
        let id = self.subscription_of(company, product);
        let (contact, version): (Option<String>, i32) = subscriptions::table
            .find(&id)
            .select((subscriptions::support_contact_id, subscriptions::version))
            .first(&mut *self.conn())
            .expect("subscription");
        let name = contact.map(|c| {
            partners::table
                .find(c)
                .select(partners::name)
                .first::<String>(&mut *self.conn())
                .expect("partner")
        });
        (name, version)
    }

    pub fn audit_count(&self) -> i64 {
        audit_events::table
            .count()
            .get_result(&mut *self.conn())
            .expect("count")
    }

    pub fn run_sql(&self, sql: &str) {
        let mut conn = self.conn();
        let conn: &mut DbConn = &mut conn;
        diesel::sql_query(sql)
            .execute(conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

fn new_client() -> (reqwest::Client, std::sync::Arc<reqwest::cookie::Jar>) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    (client, jar)
}

/// The value of the first `csrf_token` hidden field in a page.
pub fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("no csrf_token field in page");
    let end = html[start..].find('"').expect("unterminated value") + start;
    html[start..end].to_owned()
}

/// The value of the hidden `version` field.
pub fn form_version(html: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("no version field in page");
    let end = html[start..].find('"').expect("unterminated value") + start;
    html[start..end].to_owned()
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// HTML text with tags removed and whitespace folded, for assertions on what a person reads.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Helpers for the rule, web, database and command-line tests.

impl TestApp {
    /// Internal id of the partner with this PartnerID.
    pub fn partner_id_of(&self, mpn: i32) -> String {
        partners::table
            .filter(partners::mpn_id.eq(mpn))
            .select(partners::id)
            .first::<String>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no partner {mpn}: {e}"))
    }

    /// Internal id of a customer.
    pub fn customer_id_of(&self, company: &str) -> String {
        customers::table
            .filter(customers::company_name.eq(company))
            .select(customers::id)
            .first::<String>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no customer {company}: {e}"))
    }

    /// (id, display name) of a user.
    pub fn user_of(&self, email: &str) -> (String, String) {
        use partnerdesk::db::schema::users;
        users::table
            .filter(users::email.eq(email))
            .select((users::id, users::display_name))
            .first::<(String, String)>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no user {email}: {e}"))
    }

    /// Posts the Designated support contact form of a subscription page.
    pub async fn submit_support_contact(
        &self,
        subscription_path: &str,
        support_contact: &str,
        version: &str,
        csrf_token: &str,
    ) -> reqwest::Response {
        self.post_form(
            &format!("{subscription_path}/support-contact"),
            &[
                ("support_contact", support_contact),
                ("version", version),
                ("csrf_token", csrf_token),
            ],
        )
        .await
    }

    /// What a refused request must leave alone: (contact, version) of a subscription and the
    /// number of audit events.
    pub fn snapshot(&self, company: &str, product: &str) -> ((Option<String>, i32), i64) {
        (self.support_contact(company, product), self.audit_count())
    }
}

/// Status, `Location` and body of a response.
pub async fn read(r: reqwest::Response) -> (StatusCode, String, String) {
    let status = r.status();
    let location = location(&r);
    (status, location, r.text().await.expect("body"))
}

/// The `<input>` tag of the `support_contact` radio button for this PartnerID, if the page has one.
pub fn radio(html: &str, mpn: &str) -> Option<String> {
    let value = format!("value=\"{mpn}\"");
    html.match_indices("<input").find_map(|(start, _)| {
        let end = html[start..].find('>')? + start + 1;
        let tag = &html[start..end];
        (tag.contains("name=\"support_contact\"") && tag.contains(&value)).then(|| tag.to_owned())
    })
}

/// The whole list item (`<li>…</li>`) of the form's choice for this PartnerID.
pub fn choice(html: &str, mpn: &str) -> Option<String> {
    let tag = radio(html, mpn)?;
    let at = html.find(&tag)?;
    let start = html[..at].rfind("<li")?;
    let end = html[at..].find("</li>")? + at;
    Some(html[start..end].to_owned())
}

/// Tenant ids of the customer rows linked from a page, in page order.
pub fn linked_tenants(html: &str) -> Vec<String> {
    let marker = "href=\"/customers/";
    html.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &html[i + marker.len()..];
            let end = rest.find('"')?;
            let id = &rest[..end];
            (id.len() == 36 && !id.contains('/')).then(|| id.to_owned())
        })
        .collect()
}

/// SQLite's FTS5 trigram index of `customers.search` (the virtual table and the shadow tables
/// FTS5 makes for it): written only by the triggers that follow `customers`, queried only by
/// `db::models::customer`, and absent from `schema.rs` and PostgreSQL (whose trigram index is an
/// ordinary index). `customers_fts_keys`, the stable integer key of each customer in it, is not
/// one of them.
pub fn is_fts5_index_table(name: &str) -> bool {
    name == "customers_fts"
        || ["data", "idx", "docsize", "config", "content"]
            .iter()
            .any(|shadow| name == format!("customers_fts_{shadow}"))
}

/// The `href` of the page's link with this `rel` (`next`, `prev`), HTML entities undone.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    let marker = format!("rel=\"{rel}\"");
    html.match_indices("<a ").find_map(|(start, _)| {
        let end = html[start..].find('>')? + start;
        let tag = &html[start..end];
        if !tag.contains(&marker) {
            return None;
        }
        let href_start = tag.find("href=\"")? + "href=\"".len();
        let href_end = tag[href_start..].find('"')? + href_start;
        Some(
            tag[href_start..href_end]
                .replace("&amp;", "&")
                .replace("&#38;", "&")
                .replace("&#x26;", "&"),
        )
    })
}

/// Every customer a list shows, page after page from `start` along its `rel` links (`next` or
/// `prev`), each page's rows in page order; panics past `max_pages`.
pub async fn walk_list(
    app: &TestApp,
    start: &str,
    rel: &str,
    max_pages: usize,
) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut at = Some(start.to_owned());
    while let Some(path) = at {
        assert!(
            pages.len() < max_pages,
            "more than {max_pages} pages from {start}"
        );
        let (status, html) = app.get_html(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        pages.push(linked_tenants(&html));
        at = rel_link(&html, rel);
    }
    pages
}

/// A customer inserted through the model's functions, with active relationships with `partners`
/// (PartnerIDs); returns its tenant id.
pub fn add_customer(app: &TestApp, name: &str, domain: &str, partners: &[i32]) -> String {
    let partner_ids: Vec<partnerdesk::db::ids::PartnerId> = partners
        .iter()
        .map(|p| app.partner_id_of(*p).into())
        .collect();
    let mut conn = app.conn();
    let id = partnerdesk::db::ids::CustomerId::generate();
    let tenant = partnerdesk::db::ids::TenantId::generate();
    let now = partnerdesk::db::now();
    partnerdesk::db::models::customer::insert(
        &mut conn,
        &partnerdesk::db::models::customer::NewCustomer {
            id: &id,
            tenant_id: &tenant,
            company_name: name,
            domain,
            country: "PL",
            created_at: now,
        },
    )
    .expect("insert customer");
    for partner in &partner_ids {
        partnerdesk::db::models::relationship::insert(
            &mut conn,
            &partnerdesk::db::models::relationship::NewRelationship {
                id: &partnerdesk::db::ids::RelationshipId::generate(),
                customer_id: &id,
                partner_id: partner,
                state: partnerdesk::db::models::relationship::RelationshipState::Active,
                delegated_admin: false,
                origin: partnerdesk::db::models::relationship::RelationshipOrigin::Invitation,
                created_at: now,
                updated_at: now,
            },
        )
        .expect("insert relationship");
    }
    tenant.as_str().to_owned()
}

/// The real binary, `partnerdesk serve` over `database` with these environment variables besides
/// (they win over the defaults here), its standard output and error kept in a file for failure
/// messages; killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    log: std::path::PathBuf,
    /// `host:port`.
    pub address: String,
    _dir: tempfile::TempDir,
}

impl Served {
    pub async fn start(database: &TestDatabase, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("partnerdesk.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let address = format!("127.0.0.1:{port}");
        let file = std::fs::File::create(&log).expect("log file");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
        command
            .args(["serve", "--bind", &address])
            .env("DATABASE_URL", &database.url)
            .env("PARTNERDESK_CONFIG", "/nonexistent/partnerdesk.toml")
            .env("PARTNERDESK_SESSION_KEY", test_session_key().expose())
            .env("PARTNERDESK_COOKIE_SECURE", "false")
            .env("PARTNERDESK_ARGON2__MEMORY_KIB", "64")
            .env("PARTNERDESK_ARGON2__ITERATIONS", "1")
            .stdin(std::process::Stdio::null())
            .stdout(file.try_clone().expect("log file"))
            .stderr(file);
        for (name, value) in env {
            command.env(name, value);
        }
        let served = Self {
            child: command.spawn().expect("run partnerdesk serve"),
            log,
            address,
            _dir: dir,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let client = reqwest::Client::new();
        loop {
            if let Ok(r) = client
                .get(format!("http://{}/healthz", served.address))
                .send()
                .await
                && r.status().is_success()
            {
                return served;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not start: {}",
                served.log()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// What it has written so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
