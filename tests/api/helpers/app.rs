//! The application on a random port over a [`TestDatabase`], and a cookie-keeping HTTP client that
//! does not follow redirects; with lookups of the rows tests name by their words.

use std::sync::{Arc, OnceLock};

use diesel::prelude::*;
use partnerdesk::config::{EligibilityRule, Secret, Settings};
use partnerdesk::db::schema::{audit_events, customers, partners, products, subscriptions, users};
use partnerdesk::db::{Db, DbConn};
use partnerdesk::startup::Application;
use reqwest::StatusCode;

use super::{PASSWORD, TEST_ARGON2, TestDatabase, csrf_token};

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
    pub cookies: Arc<reqwest::cookie::Jar>,
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

    /// The app over a fresh database with the demo data, with these changes to the test settings.
    pub async fn spawn_configured(configure: fn(&mut Settings)) -> TestApp {
        Self::spawn_with(Spawn {
            configure: Some(configure),
            ..Spawn::default()
        })
        .await
    }

    /// The app over a fresh database with the demo data, deciding eligibility by `rule`.
    pub async fn spawn_with_rule(rule: EligibilityRule) -> TestApp {
        Self::spawn_with(Spawn {
            eligibility: Some(rule),
            ..Spawn::default()
        })
        .await
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
        let (client, cookies) = new_client();
        TestApp {
            address,
            db,
            client,
            cookies,
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
            database: self.database.shared(),
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

    /// A fresh client (no cookies) on the same app.
    pub fn new_session(&self) -> TestApp {
        let (client, cookies) = new_client();
        TestApp {
            address: self.address.clone(),
            db: self.db.clone(),
            client,
            cookies,
            database: self.database.shared(),
            metrics_address: self.metrics_address.clone(),
        }
    }

    /// A fresh client (no cookies) on the same app, connecting from another loopback address
    /// (127.0.0.2 and up: every 127/8 address is this machine's).
    pub fn new_session_from(&self, local: std::net::IpAddr) -> TestApp {
        let mut app = self.new_session();
        let jar = Arc::new(reqwest::cookie::Jar::default());
        app.client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .local_address(local)
            .build()
            .expect("client");
        app.cookies = jar;
        app
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

    /// The CSRF token of the current session, read from a page.
    pub async fn csrf(&self, path: &str) -> String {
        let (_, html) = self.get_html(path).await;
        csrf_token(&html)
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

    pub fn run_sql(&self, sql: &str) {
        let mut conn = self.conn();
        let conn: &mut DbConn = &mut conn;
        diesel::sql_query(sql)
            .execute(conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

fn new_client() -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    (client, jar)
}

/// Status, `Location` and body of a response.
pub async fn read(r: reqwest::Response) -> (StatusCode, String, String) {
    let status = r.status();
    let location = location(&r);
    (status, location, r.text().await.expect("body"))
}

// ---------------------------------------------------------------------------------------------
// Rows named by their words (company, product, PartnerID, email), demo's or built.

impl TestApp {
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

    /// What a refused request must leave alone: (contact, version) of a subscription and the
    /// number of audit events.
    pub fn snapshot(&self, company: &str, product: &str) -> ((Option<String>, i32), i64) {
        (self.support_contact(company, product), self.audit_count())
    }

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

    /// Internal id of a product.
    pub fn product_id_of(&self, name: &str) -> String {
        products::table
            .filter(products::name.eq(name))
            .select(products::id)
            .first::<String>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no product {name}: {e}"))
    }

    /// (id, display name) of a user.
    pub fn user_of(&self, email: &str) -> (String, String) {
        users::table
            .filter(users::email.eq(email))
            .select((users::id, users::display_name))
            .first::<(String, String)>(&mut *self.conn())
            .unwrap_or_else(|e| panic!("no user {email}: {e}"))
    }
}

/// The `Location` header of a response (empty without one).
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
