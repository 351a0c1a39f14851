//! Pages, errors, CSRF, sign-in and sessions, security headers.

use std::collections::HashSet;

use diesel::prelude::*;
use partnerdesk::db::schema::{customer_relationships, customers};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, ORIGIN};

use crate::helpers::{
    TestApp, attrs, csrf_token, form_version, has, linked_tenants, location, read, rel_link, text,
    walk_list,
};

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const FABRIKAM: &str = "4200001";

/// Tenant ids of the customers with an active relationship with every one of these partners.
fn tenants_related_to_all(app: &TestApp, mpns: &[i32]) -> HashSet<String> {
    let mut result: Option<HashSet<String>> = None;
    for mpn in mpns {
        let partner = app.partner_id_of(*mpn);
        let tenants: HashSet<String> = customer_relationships::table
            .inner_join(customers::table)
            .filter(customer_relationships::partner_id.eq(&partner))
            .filter(customer_relationships::state.eq("active"))
            .select(customers::tenant_id)
            .load::<String>(&mut *app.conn())
            .expect("relationships")
            .into_iter()
            .collect();
        result = Some(match result {
            Some(previous) => previous.intersection(&tenants).cloned().collect(),
            None => tenants,
        });
    }
    result.unwrap_or_default()
}

fn assert_html(r: &reqwest::Response) {
    let content_type = r
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("text/html"),
        "expected an HTML page, got {content_type:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The customer list.

#[tokio::test]
async fn customer_search_matches_name_case_insensitively_domain_and_tenant_id() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let tenant = app.tenant_of(ADATUM);
    for q in [
        "aDaTuM cOrP",
        "datum",
        "adatum.onmicrosoft",
        &tenant,
        &tenant[..8],
        &tenant.to_uppercase(),
    ] {
        let (status, page) = app
            .get_html(&format!("/customers?q={}", urlencode(q)))
            .await;
        assert_eq!(status, StatusCode::OK, "q={q}");
        assert_eq!(
            linked_tenants(&page),
            vec![tenant.clone()],
            "q={q} must find exactly Adatum"
        );
        assert!(text(&page).contains("1 customer"), "q={q}: {}", text(&page));
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn customer_list_filters_by_reseller_with_its_count() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let expected = tenants_related_to_all(&app, &[4_100_001, 4_200_001]);
    assert!(expected.contains(&app.tenant_of(ADATUM)));
    assert!(
        expected.len() > 25,
        "the demo gives Fabrikam more than a page of Contoso customers"
    );

    let (status, page) = app
        .get_html(&format!("/customers?reseller={FABRIKAM}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&page).contains(&format!("{} customers", expected.len())),
        "{}",
        text(&page)
    );
    let rows = linked_tenants(&page);
    assert_eq!(rows.len(), 25);
    for tenant in &rows {
        assert!(
            expected.contains(tenant),
            "{tenant} has no Fabrikam relationship"
        );
    }

    let (status, page) = app
        .get_html(&format!("/customers?reseller={FABRIKAM}&q=adatum"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(linked_tenants(&page), vec![app.tenant_of(ADATUM)]);
    // The same reseller by (part of) its name, in any case; the pages' links carry its PartnerID.
    for name in ["fabrikam", "Fabrikam Solutions", "FABRIKAM SOL"] {
        let (status, by_name) = app
            .get_html(&format!("/customers?reseller={}", name.replace(' ', "+")))
            .await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert_eq!(linked_tenants(&by_name), rows, "{name}");
        let next = rel_link(&by_name, "next").unwrap_or_default();
        assert!(
            next.contains(&format!("reseller={FABRIKAM}&after=")),
            "{name}: the Next link filters by PartnerID: {next}"
        );
    }
    // Woodgrove works with Litware only.
    let (status, page) = app
        .get_html(&format!("/customers?reseller={FABRIKAM}&q=woodgrove"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains("No customers match"));
}

/// A reseller's name that matches several resellers offers them to choose from, one that matches
/// none says so; neither lists customers. A partner without resellers is not offered the filter.
#[tokio::test]
async fn the_reseller_filter_by_name_offers_choices_or_says_none_matches() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let (status, page) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(has(&page, "#reseller"), "Contoso has resellers");

    // "i": Fabrikam Solutions and Northwind IT, not Trey Research.
    let (status, page) = app.get_html("/customers?reseller=i").await;
    assert_eq!(status, StatusCode::OK);
    assert!(linked_tenants(&page).is_empty());
    assert!(text(&page).contains("Several of your indirect resellers have “i” in their names"));
    let choices = attrs(&page, "a[href^='/customers?reseller=']", "href");
    assert!(
        choices.contains(&"/customers?reseller=4200001".to_owned()),
        "{choices:?}"
    );
    assert!(
        choices.contains(&"/customers?reseller=4200003".to_owned()),
        "{choices:?}"
    );
    assert!(
        !choices.contains(&"/customers?reseller=4200002".to_owned()),
        "{choices:?}"
    );
    assert!(text(&page).contains("Northwind IT"));

    let (status, page) = app.get_html("/customers?reseller=Tailspin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(linked_tenants(&page).is_empty());
    assert!(
        text(&page).contains("None of your indirect resellers has “Tailspin” in its name"),
        "a partner that is no reseller of Contoso's is not found by name: {}",
        text(&page)
    );

    let (_, status, page) = app
        .get_html_as("admin@fabrikam.example", "/customers")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!has(&page, "#reseller"), "Fabrikam has no resellers");
}

#[tokio::test]
async fn customer_list_pages_through_all_customers() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let all = tenants_related_to_all(&app, &[4_100_001]);
    let pages = all.len().div_ceil(25);

    let (status, first) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&first).contains(&format!("{} customers · showing 1–25", all.len())),
        "{}",
        text(&first)
    );
    let next = rel_link(&first, "next").expect("a Next link");
    assert!(next.starts_with("/customers?after="), "{next}");
    assert!(
        rel_link(&first, "prev").is_none(),
        "no Previous on the first page"
    );
    assert!(
        !first.contains("First page"),
        "no First link on the first page"
    );
    assert!(!first.contains("page="), "no page numbers");

    let (status, second) = app.get_html(&next).await;
    assert_eq!(status, StatusCode::OK);
    let first_rows: HashSet<String> = linked_tenants(&first).into_iter().collect();
    let second_rows: HashSet<String> = linked_tenants(&second).into_iter().collect();
    assert_eq!(first_rows.len(), 25);
    assert_eq!(second_rows.len(), 25);
    assert!(
        first_rows.is_disjoint(&second_rows),
        "page 2 must show other customers"
    );
    // After a cursor the position in the list is not known: the total, and the names shown.
    assert!(
        text(&second).contains(&format!("{} customers · showing ", all.len())),
        "{}",
        text(&second)
    );
    assert!(
        second.contains("First page"),
        "a First link after the first page"
    );
    assert!(
        rel_link(&second, "prev").is_some(),
        "a Previous link on page 2"
    );

    // Every customer appears exactly once across the pages, forwards and backwards.
    let forwards = walk_list(&app, "/customers", "next", pages + 1).await;
    assert_eq!(forwards.len(), pages);
    let mut seen = HashSet::new();
    for tenant in forwards.iter().flatten() {
        assert!(seen.insert(tenant.clone()), "{tenant} shown twice");
    }
    assert_eq!(seen, all);

    // From the last page back along Previous: the same pages in reverse order.
    let mut at = "/customers".to_owned();
    let last_page = loop {
        let (_, html) = app.get_html(&at).await;
        match rel_link(&html, "next") {
            Some(next) => at = next,
            None => break html,
        }
    };
    assert!(rel_link(&last_page, "next").is_none());
    let back_start = rel_link(&last_page, "prev").expect("Previous on the last page");
    let mut backwards = walk_list(&app, &back_start, "prev", pages + 1).await;
    backwards.reverse();
    assert_eq!(backwards.concat(), forwards[..pages - 1].concat());
}

#[tokio::test]
async fn customer_list_answers_bad_parameters_with_a_400_page() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let (_, first) = app.get_html("/customers").await;
    let next = rel_link(&first, "next").expect("a Next link");
    let token = next.trim_start_matches("/customers?after=");
    let no_newline: String = "no-newline".bytes().map(|b| format!("{b:02x}")).collect();
    let not_a_uuid: String = "not-a-uuid\nName"
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    for query in [
        "after=abc".to_owned(),
        "after=zz".to_owned(),
        "before=%FF".to_owned(),
        format!("after={no_newline}"),
        format!("before={not_a_uuid}"),
        format!("after={token}&before={token}"),
        format!("after={}", "ab".repeat(5000)),
        "reseller=42".to_owned(),
        "reseller=12345678".to_owned(),
        format!("reseller={}", "x".repeat(101)),
        "reseller=Fabri%07kam".to_owned(),
    ] {
        let r = app.get(&format!("/customers?{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_html(&r);
        let body = r.text().await.expect("body");
        assert!(
            text(&body).contains("Bad request"),
            "{query}: {}",
            text(&body)
        );
        if query.starts_with("after") || query.starts_with("before") {
            assert!(
                text(&body).contains("This page link is damaged or incomplete"),
                "{query}: {}",
                text(&body)
            );
        }
    }
    // Page numbers of old links are no longer read: they open the first page.
    let (status, old) = app.get_html("/customers?page=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(linked_tenants(&old), linked_tenants(&first));
}

#[tokio::test]
async fn customer_search_treats_like_wildcards_literally() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    for q in ["%%%", "%", "_", "a_a%", "\\"] {
        let (status, page) = app
            .get_html(&format!("/customers?q={}", urlencode(q)))
            .await;
        assert_eq!(status, StatusCode::OK, "q={q}");
        assert!(linked_tenants(&page).is_empty(), "q={q:?} matched rows");
        assert!(text(&page).contains("No customers match"), "q={q:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[tokio::test]
async fn unknown_routes_and_malformed_ids_are_404_pages() {
    let app = TestApp::spawn().await;
    let r = app.get("/no-such-page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_html(&r);
    assert!(text(&r.text().await.expect("body")).contains("Page not found"));

    app.login("helpdesk@contoso.example").await;
    let tenant = app.tenant_of(ADATUM);
    for path in [
        "/customers/not-a-guid".to_owned(),
        format!("/customers/{tenant}/subscriptions/not-a-guid"),
        "/customers/not-a-guid/subscriptions/not-a-guid".to_owned(),
        format!(
            "/customers/{tenant}/subscriptions/{}/support-contact/changes/nope",
            app.subscription_of(ADATUM, O365)
        ),
        "/static/nothing.css".to_owned(),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert_html(&r);
        assert!(
            text(&r.text().await.expect("body")).contains("Page not found"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn wrong_method_is_a_405_page() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let mut answers = Vec::new();
    for path in ["/healthz", "/customers", "/admin/support"] {
        let r = app
            .client
            .post(app.url(path))
            .form(&[("a", "b")])
            .send()
            .await
            .expect("POST");
        let status = r.status();
        assert!(!status.is_server_error(), "POST {path}: {status}");
        assert_html(&r);
        let title = text(&r.text().await.expect("body"));
        answers.push((path, status, title.contains("Method not allowed")));
    }
    let expected: Vec<_> = answers
        .iter()
        .map(|(path, _, _)| (*path, StatusCode::METHOD_NOT_ALLOWED, true))
        .collect();
    assert_eq!(
        answers, expected,
        "(path, status, page says \"Method not allowed\")"
    );
}

#[tokio::test]
async fn an_oversized_form_is_refused_without_a_server_error() {
    let app = TestApp::spawn().await;
    let (_, login) = app.get_html("/login").await;
    let big = "x".repeat(100 * 1024);
    let r = app
        .post_form(
            "/login",
            &[
                ("email", "helpdesk@contoso.example"),
                ("password", &big),
                ("csrf_token", &csrf_token(&login)),
            ],
        )
        .await;
    assert!(
        matches!(
            r.status(),
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::BAD_REQUEST
        ),
        "got {}",
        r.status()
    );
    assert_html(&r);

    app.login("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let (_, page) = app.get_html(&path).await;
    let before = app.snapshot(ADATUM, O365);
    let r = app
        .post_form(
            &format!("{path}/support-contact"),
            &[
                ("support_contact", FABRIKAM),
                ("version", &form_version(&page)),
                ("csrf_token", &csrf_token(&page)),
                ("pad", &big),
            ],
        )
        .await;
    assert!(
        matches!(
            r.status(),
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::BAD_REQUEST
        ),
        "got {}",
        r.status()
    );
    assert_html(&r);
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

// ---------------------------------------------------------------------------------------------
// CSRF.

#[tokio::test]
async fn support_contact_post_without_a_valid_token_or_from_another_site_is_refused() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let action = format!("{path}/support-contact");
    let (_, page) = app.get_html(&path).await;
    let (version, token) = (form_version(&page), csrf_token(&page));
    let before = app.snapshot(ADATUM, O365);

    let r = app
        .post_form(
            &action,
            &[("support_contact", FABRIKAM), ("version", &version)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "missing token");
    assert!(text(&r.text().await.expect("body")).contains("Form expired"));
    assert_eq!(app.snapshot(ADATUM, O365), before);

    let wrong = "0".repeat(token.len());
    let r = app
        .post_form(
            &action,
            &[
                ("support_contact", FABRIKAM),
                ("version", &version),
                ("csrf_token", &wrong),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "wrong token");
    assert_eq!(app.snapshot(ADATUM, O365), before);

    let form = [
        ("support_contact", FABRIKAM),
        ("version", version.as_str()),
        ("csrf_token", token.as_str()),
    ];
    let r = app
        .client
        .post(app.url(&action))
        .header(ORIGIN, "http://evil.example")
        .form(&form)
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "foreign Origin");
    assert_eq!(app.snapshot(ADATUM, O365), before);

    // The same request from this site's own origin goes through: the check is not blanket.
    let r = app
        .client
        .post(app.url(&action))
        .header(ORIGIN, app.address.as_str())
        .form(&form)
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_post_without_a_token_is_refused() {
    let app = TestApp::spawn().await;
    let _ = app.get_html("/login").await;
    let r = app
        .post_form(
            "/login",
            &[
                ("email", "helpdesk@contoso.example"),
                ("password", "demo-password-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "not signed in");
}

// ---------------------------------------------------------------------------------------------
// Sign-in, sign-out, sessions.

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let (wrong_status, _, wrong) = read(
        app.try_login("helpdesk@contoso.example", "not-the-password")
            .await,
    )
    .await;
    let (unknown_status, _, unknown) = read(
        app.try_login("nobody@contoso.example", "demo-password-1")
            .await,
    )
    .await;
    assert_eq!(wrong_status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_status, StatusCode::UNAUTHORIZED);
    assert!(text(&wrong).contains("Email or password is incorrect."));
    assert!(text(&unknown).contains("Email or password is incorrect."));
    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "still signed out");
}

#[tokio::test]
async fn anonymous_pages_redirect_to_sign_in_and_back() {
    let app = TestApp::spawn().await;
    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=%2Fcustomers");

    let r = app.get("/customers?q=adatum").await;
    assert_eq!(location(&r), "/login?next=%2Fcustomers%3Fq%3Dadatum");

    let (status, login) = app.get_html("/login?next=%2Fcustomers%3Fq%3Dadatum").await;
    assert_eq!(status, StatusCode::OK);
    let r = app
        .post_form(
            "/login",
            &[
                ("email", "helpdesk@contoso.example"),
                ("password", "demo-password-1"),
                ("next", "/customers?q=adatum"),
                ("csrf_token", &csrf_token(&login)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/customers?q=adatum");
    let (status, _) = app.get_html("/customers?q=adatum").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    for next in ["https://evil.example", "//evil.example", "/\\evil.example"] {
        let session = app.new_session();
        let (_, login) = session.get_html("/login").await;
        let r = session
            .post_form(
                "/login",
                &[
                    ("email", "helpdesk@contoso.example"),
                    ("password", "demo-password-1"),
                    ("next", next),
                    ("csrf_token", &csrf_token(&login)),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "next={next}");
        assert_eq!(location(&r), "/", "next={next}");
    }
}

#[tokio::test]
async fn home_sends_each_user_to_their_start_page() {
    let app = TestApp::spawn().await;
    let r = app.get("/").await;
    assert_eq!(
        (r.status(), location(&r)),
        (StatusCode::SEE_OTHER, "/login".to_owned())
    );

    app.login("helpdesk@contoso.example").await;
    let r = app.get("/").await;
    assert_eq!(
        (r.status(), location(&r)),
        (StatusCode::SEE_OTHER, "/customers".to_owned())
    );

    let customer = app.signed_in("admin@adatum.example").await;
    let r = customer.get("/").await;
    assert_eq!(
        (r.status(), location(&r)),
        (StatusCode::SEE_OTHER, "/admin/support".to_owned())
    );
}

#[tokio::test]
async fn sign_out_ends_the_session_even_for_a_replayed_cookie() {
    let app = TestApp::spawn().await;
    let r = app
        .try_login("helpdesk@contoso.example", "demo-password-1")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("partnerdesk="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie at sign-in")
        .to_owned();

    // The captured cookie works on its own while the session lasts.
    let replay = app.new_session();
    let r = replay
        .client
        .get(app.url("/customers"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("GET");
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the captured cookie should be a live session"
    );

    let token = app.csrf("/customers").await;
    let r = app.post_form("/logout", &[("csrf_token", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");

    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"), "{}", location(&r));

    let replay = app.new_session();
    let r = replay
        .client
        .get(app.url("/customers"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("GET");
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "a signed-out session must not come back"
    );
    assert!(location(&r).starts_with("/login"), "{}", location(&r));
}

// ---------------------------------------------------------------------------------------------
// Health and headers.

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_html("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn security_headers_are_on_pages_and_errors() {
    let app = TestApp::spawn().await;
    for path in ["/login", "/no-such-page"] {
        let r = app.get(path).await;
        let header = |name: &str| {
            r.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{path}: no {name}"))
                .to_owned()
        };
        let csp = header("content-security-policy");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
    }
}

/// `partnerdesk::web::all_routes()` (the list the access tests enumerate) agrees with what is served:
/// each listed method is routed, and the other method on the same path answers 405 unless listed.
#[tokio::test]
async fn the_route_list_matches_the_served_routes() {
    let app = TestApp::spawn().await;
    let fill = |path: &str| {
        path.replace("{tenant_id}", "00000000-0000-0000-0000-000000000001")
            .replace("{subscription_id}", "00000000-0000-0000-0000-000000000002")
            .replace("{change_id}", "00000000-0000-0000-0000-000000000003")
            .replace("{name}", "app.css")
    };
    let routes = partnerdesk::web::all_routes();
    for (method, path) in &routes {
        let url = app.url(&fill(path));
        let (listed, other) = match *method {
            "GET" => (app.client.get(&url), app.client.post(&url)),
            _ => (app.client.post(&url), app.client.get(&url)),
        };
        let status = listed.send().await.expect("request").status();
        assert_ne!(
            status,
            reqwest::StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path} is not routed"
        );
        let other_method = if *method == "GET" { "POST" } else { "GET" };
        let other_listed = routes.contains(&(other_method, *path));
        let status = other.send().await.expect("request").status();
        assert_eq!(
            status == reqwest::StatusCode::METHOD_NOT_ALLOWED,
            !other_listed,
            "{other_method} {path}: {status} (listed: {other_listed})"
        );
    }
}

/// A route's path with sample values in its parameters.
fn sample_path(path: &str) -> String {
    path.replace("{tenant_id}", "00000000-0000-0000-0000-000000000001")
        .replace("{subscription_id}", "00000000-0000-0000-0000-000000000002")
        .replace("{change_id}", "00000000-0000-0000-0000-000000000003")
        .replace("{name}", "app.css")
}

/// Every GET route answers HEAD as it answers GET (RFC 9110 §9.3.2: same status and headers, no
/// body), anonymously and signed in; `/healthz` too, which load balancers often probe with HEAD.
#[tokio::test]
async fn every_get_route_answers_head_as_it_answers_get_without_a_body() {
    let app = TestApp::spawn().await;
    let signed_in = app.signed_in("helpdesk@contoso.example").await;
    let mut problems = Vec::new();
    for (who, client) in [("anonymous", &app), ("helpdesk", &signed_in)] {
        for (method, path) in partnerdesk::web::all_routes() {
            if method != "GET" {
                continue;
            }
            let url = client.url(&sample_path(path));
            let get = client.client.get(&url).send().await.expect("GET");
            let (get_status, get_location) = (get.status(), location(&get));
            let get_type = get.headers().get(CONTENT_TYPE).cloned();
            let get_length = get.bytes().await.expect("body").len();
            let head = client.client.head(&url).send().await.expect("HEAD");
            let head_status = head.status();
            let head_type = head.headers().get(CONTENT_TYPE).cloned();
            let head_length = head
                .headers()
                .get(reqwest::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
            let head_location = location(&head);
            let head_body = head.bytes().await.expect("body");
            if head_status != get_status || head_location != get_location || head_type != get_type {
                problems.push(format!(
                    "{who} HEAD {path}: {head_status} {head_location:?} {head_type:?}, \
                     GET: {get_status} {get_location:?} {get_type:?}"
                ));
            }
            if !head_body.is_empty() {
                problems.push(format!("{who} HEAD {path}: a body of {}", head_body.len()));
            }
            // A fixed answer announces the length its GET sends.
            if matches!(path, "/healthz" | "/static/{name}") && head_length != Some(get_length) {
                problems.push(format!(
                    "{who} HEAD {path}: Content-Length {head_length:?}, GET sends {get_length}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A 405 names the methods the address does allow (RFC 9110 §15.5.6), HEAD wherever GET is: for
/// every path of `all_routes()`, asked with a method none of them takes.
#[tokio::test]
async fn a_405_lists_the_methods_the_address_allows() {
    let app = TestApp::spawn().await;
    let routes = partnerdesk::web::all_routes();
    let mut paths: Vec<&str> = routes.iter().map(|(_, path)| *path).collect();
    paths.sort_unstable();
    paths.dedup();
    let mut problems = Vec::new();
    for path in paths {
        let mut expected: Vec<String> = routes
            .iter()
            .filter(|(_, p)| *p == path)
            .map(|(method, _)| (*method).to_owned())
            .collect();
        if expected.iter().any(|m| m == "GET") {
            expected.push("HEAD".to_owned());
        }
        expected.sort();
        expected.dedup();
        let r = app
            .client
            .request(reqwest::Method::PATCH, app.url(&sample_path(path)))
            .send()
            .await
            .expect("PATCH");
        let status = r.status();
        let mut allowed: Vec<String> = r
            .headers()
            .get(reqwest::header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(',')
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty())
            .collect();
        allowed.sort();
        let html = r
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if status != StatusCode::METHOD_NOT_ALLOWED || allowed != expected || !html {
            problems.push(format!(
                "PATCH {path}: {status}, Allow {allowed:?} (expected {expected:?}), HTML page: {html}"
            ));
        }
    }
    // HEAD where only POST is routed.
    let r = app
        .client
        .head(app.url("/logout"))
        .send()
        .await
        .expect("HEAD");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        r.headers()
            .get(reqwest::header::ALLOW)
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The patterns the route registration (`partnerdesk::web::routes`, as the app configures it)
/// gives actix, read from actix's own resource map: exactly the paths of `all_routes()`, each once
/// (one resource per path, so that another method answers 405). A route registered there beside
/// the table would be served yet escape the access matrix and the hostile-input test.
#[actix_web::test]
async fn every_registered_path_comes_from_the_route_table() {
    use actix_web::{App, HttpRequest, HttpResponse, test, web};
    let app = test::init_service(
        App::new()
            .configure(partnerdesk::web::routes)
            .default_service(web::to(|req: HttpRequest| async move {
                // `ResourceMap` lists its resources only in its Debug form.
                HttpResponse::Ok().body(format!("{:?}", req.resource_map()))
            })),
    )
    .await;
    let request = test::TestRequest::get()
        .uri("/no-such-path/asking-for-the-resource-map")
        .to_request();
    let map =
        String::from_utf8(test::call_and_read_body(&app, request).await.to_vec()).expect("UTF-8");
    let mut served: Vec<String> = Vec::new();
    for (marker, end) in [("patterns: Single(\"", "\")"), ("patterns: List([", "])")] {
        for (at, _) in map.match_indices(marker) {
            let rest = &map[at + marker.len()..];
            let pattern = &rest[..rest.find(end).expect("end of the pattern")];
            // The application's root is the empty prefix.
            if !pattern.is_empty() {
                served.push(pattern.to_owned());
            }
        }
    }
    assert!(
        !served.is_empty(),
        "no pattern read from the resource map (has its Debug form changed?):\n{map}"
    );
    served.sort();
    let mut listed: Vec<String> = partnerdesk::web::all_routes()
        .into_iter()
        .map(|(_, path)| path.to_owned())
        .collect();
    listed.sort();
    listed.dedup();
    assert_eq!(served, listed, "registered resources vs the route table");
}

/// No code registers a route but the route table's registration (`src/web/mod.rs`) and the
/// metrics listener's own server (`src/web/metrics.rs`): elsewhere, `App` is configured only with
/// `web::routes` (or `metrics::own_routes`, for that listener) and a default service (the 404).
/// With the test above, every route the main address serves is in `all_routes()`.
#[test]
fn no_route_is_registered_outside_the_route_table() {
    const REGISTERING: &[&str] = &[
        ".service(",
        ".route(",
        ".external_resource(",
        "web::resource(",
        "web::scope(",
        "web::route(",
        "web::get(",
        "web::post(",
        "web::put(",
        "web::patch(",
        "web::delete(",
        "web::head(",
        "web::method(",
        "Resource::new(",
        "Scope::new(",
        "#[get(",
        "#[post(",
        "#[put(",
        "#[patch(",
        "#[delete(",
        "#[head(",
        "#[route(",
        "#[routes",
    ];
    const REGISTRATION: &[&str] = &["src/web/routes.rs", "src/web/metrics.rs"];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(
        files.len() > 20,
        "found only {} files under src/",
        files.len()
    );
    let mut found = Vec::new();
    for file in files {
        let name = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        // Unit tests build apps of their own (a test module, or a module's `tests.rs`); they
        // serve nothing of the application's.
        if name.ends_with("/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let served = text.split("\n#[cfg(test)]\n").next().unwrap_or_default();
        for (number, line) in served.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let registers = !REGISTRATION.contains(&name.as_str())
                && REGISTERING.iter().any(|call| code.contains(call));
            let configures = code.match_indices(".configure(").any(|(at, _)| {
                let argument = code[at + ".configure(".len()..].split(')').next();
                !argument.is_some_and(|a| {
                    a.trim() == "crate::web::routes"
                        || a.trim() == "crate::web::metrics::own_routes"
                })
            });
            if registers || configures {
                found.push(format!("{name}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "routes registered outside the route table (add them to partnerdesk::web::ROUTES, \
         which the access matrix and the hostile-input test enumerate):\n{}",
        found.join("\n")
    );
}

/// A path value that does not read as its type (a tenant or subscription id that is no UUID, a
/// PartnerID that is no number, a change or invitation id that is no UUID) is the 404 page, as a
/// missing record is, for GET and POST (with a valid CSRF token) alike, before any role check.
#[tokio::test]
async fn a_malformed_id_in_any_path_is_the_404_page() {
    let app = TestApp::spawn().await;
    app.login("globaladmin@contoso.example").await;
    let csrf = app.csrf("/customers").await;
    let valid = |param: &str| match param {
        "tenant_id" => app.tenant_of(ADATUM),
        "subscription_id" => app.subscription_of(ADATUM, O365),
        "mpn_id" => FABRIKAM.to_owned(),
        _ => "00000000-0000-0000-0000-000000000003".to_owned(),
    };
    let mut checked = 0;
    let mut problems = Vec::new();
    for (method, path) in partnerdesk::web::all_routes() {
        let params: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .filter(|p| ["tenant_id", "subscription_id", "change_id", "mpn_id", "id"].contains(p))
            .collect();
        for malformed in &params {
            for bad in ["not-an-id", "12345", "%00", "4200001%2F..", "a%20b"] {
                let mut url = path.to_owned();
                for param in &params {
                    let value = if param == malformed {
                        bad.to_owned()
                    } else {
                        valid(param)
                    };
                    url = url.replace(&format!("{{{param}}}"), &value);
                }
                let r = match method {
                    "GET" => app.get(&url).await,
                    _ => app.post_form(&url, &[("csrf_token", &csrf)]).await,
                };
                let status = r.status();
                let html = r
                    .headers()
                    .get(CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("text/html"));
                let page = text(&r.text().await.expect("body"));
                if status != StatusCode::NOT_FOUND || !html || !page.contains("Page not found") {
                    problems.push(format!("{method} {url}: {status}, HTML {html}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} requests");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
