//! From install to real use (issue 14's "done when"), on an empty database, through the real
//! binary and the pages only: `org add` → `user add` → sign in → support profile → a helpdesk agent
//! added on the users page sets a password and signs in → a new reseller signs up through a
//! partnership link (and a second, added by `org add`, accepts one signed in) → customers and
//! subscriptions imported from the sample files on the import page → the reseller invites an
//! imported customer with delegated admin, naming it, and the customer's first Global admin is
//! created through that invitation → the helpdesk agent assigns the reseller → that admin sees
//! it on Support, beside the provider's own support profile.

use reqwest::StatusCode;

use crate::helpers::{Spawn, TestApp, attr, csrf_token, location, run_cli, text};

const PROVIDER_TENANT: &str = "5c0a1e2b-3d4f-4a5b-8c6d-7e8f9a0b1c2d";
const GA: &str = "anna@zielona.example";
const GA_PASSWORD: &str = "zielona-global-admin-1";
const HELPDESK: &str = "piotr@zielona.example";
const HELPDESK_PASSWORD: &str = "piotr-helpdesk-agent-1";
/// The first reseller of the sample subscriptions file (its reseller of record).
const WINGTIP: &str = "4200001";
/// The second one.
const TREY: &str = "4200002";
/// The sample customer the walk follows, and its subscription bought without a reseller.
const ALPINE_TENANT: &str = "6a0f4e5c-1d2b-4c3a-9e8f-0a1b2c3d4e01";
const ALPINE_STANDARD: &str = "7b1e0000-0000-4000-8000-000000000002";

fn sample(name: &str) -> Vec<u8> {
    let path = format!("{}/docs/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The one-time link a page shows once (`#new-link`), as a path.
fn shown_link(html: &str, prefix: &str) -> String {
    let url = attr(html, "#new-link", "value").expect("the new link is shown");
    let at = url
        .find(prefix)
        .unwrap_or_else(|| panic!("{url} has no {prefix}"));
    url[at..].to_owned()
}

fn value(html: &str, name: &str) -> String {
    attr(html, &format!("input[name={name}]"), "value").unwrap_or_default()
}

/// Uploads a sample on the import page, reads the preview, confirms it.
async fn import(admin: &TestApp, kind: &str, file: &str, new_rows: &str) {
    let (status, page) = admin.get_html("/settings/import").await;
    assert_eq!(status, StatusCode::OK);
    let token = csrf_token(&page);
    let r = crate::import::upload(admin, &token, kind, &sample(file)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "uploading {file}");
    let preview = location(&r);
    let (status, page) = admin.get_html(&preview).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        crate::helpers::text_of(&page, "#count-new").as_deref(),
        Some(new_rows),
        "{file}: {}",
        text(&page)
    );
    assert_eq!(
        crate::helpers::text_of(&page, "#count-refused").as_deref(),
        Some("0"),
        "{file}: {}",
        text(&page)
    );
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "confirming {file}");
}

#[tokio::test]
async fn from_an_empty_database_to_a_customer_seeing_its_reseller_on_support() {
    let app = TestApp::spawn_with(Spawn {
        no_demo: true,
        ..Spawn::default()
    })
    .await;
    let db = &app.database;

    // The command line: the provider and its first Global admin.
    let org = run_cli(
        db,
        &[
            "org",
            "add",
            "--kind",
            "indirect_provider",
            "--name",
            "Zielona Dystrybucja",
            "--partner-id",
            "5100001",
            "--tenant-id",
            PROVIDER_TENANT,
            "--country",
            "PL",
        ],
        "",
    );
    assert!(
        org.success,
        "org add: {} {} {}",
        org.status, org.stderr, org.stdout
    );
    let user = run_cli(
        db,
        &[
            "user",
            "add",
            "--org",
            "5100001",
            "--role",
            "global_admin",
            "--email",
            GA,
        ],
        &format!("{GA_PASSWORD}\n"),
    );
    assert!(
        user.success,
        "user add: {} {} {}",
        user.status, user.stderr, user.stdout
    );

    // The Global admin signs in and sets the support profile customers will see.
    let ga = app.new_session();
    let r = ga.try_login(GA, GA_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = ga.get_html("/settings/support-profile").await;
    assert_eq!(status, StatusCode::OK);
    let mut form: Vec<(String, String)> = ["old_email", "old_phone", "old_website", "old_hours"]
        .iter()
        .map(|f| ((*f).to_owned(), value(&page, f)))
        .collect();
    form.extend(
        [
            ("email", "pomoc@zielona.example"),
            ("phone", "+48 22 123 45 67"),
            ("website", "https://pomoc.zielona.example"),
            ("hours", "Pn–Pt 8–18"),
            ("csrf_token", &csrf_token(&page)),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = ga.post_form("/settings/support-profile", &pairs).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "saving the support profile"
    );

    // The users page: a helpdesk agent, who sets a password through the link and signs in.
    let (_, page) = ga.get_html("/settings/users").await;
    let r = ga
        .post_form(
            "/settings/users",
            &[
                ("email", HELPDESK),
                ("display_name", "Piotr Kowalski"),
                ("role", "helpdesk_agent"),
                ("csrf_token", &csrf_token(&page)),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "adding the helpdesk agent"
    );
    let (_, page) = ga.get_html("/settings/users").await;
    let link = shown_link(&page, "/password/");
    let newcomer = app.new_session();
    let (status, page) = newcomer.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let r = newcomer
        .post_form(
            &link,
            &[
                ("password", HELPDESK_PASSWORD),
                ("password_confirm", HELPDESK_PASSWORD),
                ("csrf_token", &csrf_token(&page)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "setting the password");
    let helpdesk = app.new_session();
    let r = helpdesk.try_login(HELPDESK, HELPDESK_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the agent signs in");

    // A partnership link: a reseller new to partnerdesk signs up through it.
    let request = |note: &'static str| {
        let ga = &ga;
        async move {
            let (_, page) = ga.get_html("/resellers").await;
            let r = ga
                .post_form(
                    "/resellers/requests",
                    &[("note", note), ("csrf_token", &csrf_token(&page))],
                )
                .await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "a partnership request");
            let (_, page) = ga.get_html("/resellers").await;
            shown_link(&page, "/partnerships/")
        }
    };
    let link = request("Wanda at Wingtip").await;
    let wingtip = app.new_session();
    let (status, page) = wingtip.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let r = wingtip
        .post_form(
            &format!("{link}/sign-up"),
            &[
                ("name", "Wingtip Resale"),
                ("partner_id", WINGTIP),
                ("tenant_id", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
                ("country", "PL"),
                ("email", "wanda@wingtip.example"),
                ("display_name", "Wanda Wiśniewska"),
                ("password", "wingtip-global-admin-1"),
                ("password_again", "wingtip-global-admin-1"),
                ("csrf_token", &csrf_token(&page)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the reseller signs up");

    // A second reseller, brought in from the command line, accepts its link signed in.
    let org = run_cli(
        db,
        &[
            "org",
            "add",
            "--kind",
            "indirect_reseller",
            "--name",
            "Trey Resale",
            "--partner-id",
            TREY,
            "--tenant-id",
            "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            "--country",
            "PL",
        ],
        "",
    );
    assert!(
        org.success,
        "org add: {} {} {}",
        org.status, org.stderr, org.stdout
    );
    let user = run_cli(
        db,
        &[
            "user",
            "add",
            "--org",
            TREY,
            "--role",
            "global_admin",
            "--email",
            "tomasz@trey.example",
        ],
        "trey-global-admin-1\n",
    );
    assert!(
        user.success,
        "user add: {} {} {}",
        user.status, user.stderr, user.stdout
    );
    let link = request("Tomasz at Trey").await;
    let trey = app.new_session();
    let r = trey
        .try_login("tomasz@trey.example", "trey-global-admin-1")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = trey.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let r = trey
        .post_form(
            &format!("{link}/accept"),
            &[("csrf_token", &csrf_token(&page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the reseller accepts");
    let (_, page) = ga.get_html("/resellers").await;
    let resellers = text(&page);
    for name in ["Wingtip Resale", "Trey Resale"] {
        assert!(
            resellers.contains(name),
            "{name} on the Resellers page: {resellers}"
        );
    }

    // The sample files, through the import page.
    import(&ga, "customers", "customers.csv", "3").await;
    import(&ga, "subscriptions", "subscriptions.csv", "4").await;

    // Wingtip invites Alpine Ski House, which it cannot see yet, asking for delegated admin.
    let (_, page) = wingtip.get_html("/relationships/invitations").await;
    let r = wingtip
        .post_form(
            "/relationships/invitations",
            &[
                ("tenant_id", ALPINE_TENANT),
                ("note", "it@alpineskihouse.example"),
                ("delegated_admin", "yes"),
                ("csrf_token", &csrf_token(&page)),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the reseller's invitation"
    );
    let (_, page) = wingtip.get_html("/relationships/invitations").await;
    let link = shown_link(&page, "/invitations/");

    // Opened by someone not signed in: Alpine has no users, so its first Global admin is made.
    let alpine = app.new_session();
    let (status, page) = alpine.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let r = alpine
        .post_form(
            &format!("{link}/first-admin"),
            &[
                ("email", "it@alpineskihouse.example"),
                ("admin_name", "Alpine IT"),
                ("password", "alpine-global-admin-1"),
                ("password_again", "alpine-global-admin-1"),
                ("csrf_token", &csrf_token(&page)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the first admin accepts");

    // The helpdesk agent assigns Wingtip, now eligible, to Alpine's Office 365 Business Standard.
    let subscription = format!("/customers/{ALPINE_TENANT}/subscriptions/{ALPINE_STANDARD}");
    let r = helpdesk.assign(&subscription, WINGTIP).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the assignment");
    let (status, review) = helpdesk.get_html(&location(&r)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&review).contains("Wingtip Resale"),
        "{}",
        text(&review)
    );

    // Alpine's first Global admin sees it on Support, and the provider's profile beside it.
    let (status, page) = alpine.get_html("/admin/support").await;
    assert_eq!(status, StatusCode::OK);
    let support = text(&page);
    for seen in [
        "Office 365 Business Standard",
        "Wingtip Resale",
        "Microsoft 365 Business Premium",
        "Zielona Dystrybucja",
        "pomoc@zielona.example",
        "+48 22 123 45 67",
    ] {
        assert!(support.contains(seen), "{seen} on Support: {support}");
    }
}
