//! Sequences many tests go through, each written once: sign in and open a page, assign a support
//! contact (and read the review), create and accept an invitation, page through a list.

use reqwest::StatusCode;

use super::{PASSWORD, TestApp, csrf_token, form_version, linked_tenants, location, rel_link};

/// The partner side's list of invitations.
pub const INVITATIONS: &str = "/relationships/invitations";

impl TestApp {
    /// A new session on the same app, signed in as `email` through the real form.
    pub async fn signed_in(&self, email: &str) -> TestApp {
        let session = self.new_session();
        session.login(email).await;
        session
    }

    /// Signs in as `email` in a new session and GETs `path`: the session, the status and the page.
    pub async fn get_html_as(&self, email: &str, path: &str) -> (TestApp, StatusCode, String) {
        let session = self.signed_in(email).await;
        let (status, html) = session.get_html(path).await;
        (session, status, html)
    }

    /// Opens a subscription page and submits its assignment form choosing `mpn`, with the page's
    /// version and CSRF token.
    pub async fn assign(&self, subscription_path: &str, mpn: &str) -> reqwest::Response {
        let (status, page) = self.get_html(subscription_path).await;
        assert_eq!(status, StatusCode::OK, "opening {subscription_path}");
        self.submit_support_contact(
            subscription_path,
            mpn,
            &form_version(&page),
            &csrf_token(&page),
        )
        .await
    }

    /// Submits the assignment form of an open subscription page choosing `mpn`; the change must go
    /// through, to its review page: (the review's path, the review page).
    pub async fn assign_and_review(
        &self,
        subscription_path: &str,
        page: &str,
        mpn: &str,
    ) -> (String, String) {
        let r = self
            .submit_support_contact(
                subscription_path,
                mpn,
                &form_version(page),
                &csrf_token(page),
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "assigning {mpn}");
        let review_path = location(&r);
        assert!(
            review_path.starts_with(&format!("{subscription_path}/support-contact/changes/")),
            "{review_path}"
        );
        let (status, review) = self.get_html(&review_path).await;
        assert_eq!(status, StatusCode::OK, "{review_path}");
        (review_path, review)
    }

    /// Accepts an invitation from its page, already open in this session.
    pub async fn accept_invitation(&self, token: &str, page: &str) -> reqwest::Response {
        self.post_form(
            &format!("/invitations/{token}/accept"),
            &[("csrf_token", &csrf_token(page))],
        )
        .await
    }

    /// Opens an invitation's page (it must answer 200) and accepts it.
    pub async fn open_and_accept_invitation(&self, token: &str) -> reqwest::Response {
        let (status, page) = self.get_html(&format!("/invitations/{token}")).await;
        assert_eq!(status, StatusCode::OK, "opening the invitation");
        self.accept_invitation(token, &page).await
    }
}

/// The invitation link shown on the list page, if any.
pub fn shown_link(html: &str) -> Option<String> {
    super::attr(html, "#new-link", "value")
}

/// Creates an invitation as the signed-in partner user through the form; returns the token taken
/// from the link the list shows once.
pub async fn create_invitation(app: &TestApp, delegated_admin: bool) -> String {
    let token = app.csrf(INVITATIONS).await;
    let mut form = vec![("csrf_token", token.as_str())];
    if delegated_admin {
        form.push(("delegated_admin", "yes"));
    }
    let r = app.post_form(INVITATIONS, &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), INVITATIONS);
    let (status, html) = app.get_html(INVITATIONS).await;
    assert_eq!(status, StatusCode::OK);
    let link = shown_link(&html).expect("the new link is shown");
    let prefix = format!("{}/invitations/", app.address);
    assert!(link.starts_with(&prefix), "{link}");
    link[prefix.len()..].to_owned()
}

/// Opens an invitation link signed out, signs in as `email` from the page it leads to, comes back
/// to the link, and returns the invitation page.
pub async fn sign_in_through_link(user: &TestApp, token: &str, email: &str) -> String {
    let link = format!("/invitations/{token}");
    let r = user.get(&link).await;
    // An invitation naming a customer with users sends to sign-in; one naming none offers sign-in
    // beside the sign-up form.
    let to_login = if r.status() == StatusCode::SEE_OTHER {
        location(&r)
    } else {
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.expect("body");
        super::attr(&page, "a[href^='/login?next=']", "href").expect("a sign-in link")
    };
    assert_eq!(to_login, format!("/login?next=%2Finvitations%2F{token}"));
    let (status, login) = user.get_html(&to_login).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        super::attr(&login, "form[action='/login'] input[name=next]", "value").as_deref(),
        Some(link.as_str())
    );
    let r = user
        .post_form(
            "/login",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("next", &link),
                ("csrf_token", &csrf_token(&login)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), link);
    let (status, page) = user.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    page
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
