//! The Customers workspace: list and account page.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::db::ids::{MpnId, TenantId};
use crate::domain::customers::{self, CustomerAccount, CustomerList, CustomerQuery};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, PageLink, Section, ok, pager};

/// Longest search text accepted.
const MAX_SEARCH_LEN: usize = 200;

/// `?q=&reseller=&page=`, as typed: parsed here so that bad values get a clear message.
#[derive(Deserialize)]
pub struct ListParams {
    q: Option<String>,
    reseller: Option<String>,
    page: Option<String>,
}

impl ListParams {
    fn parse(&self) -> Result<CustomerQuery, AppError> {
        let search = self
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned);
        if search
            .as_ref()
            .is_some_and(|q| q.chars().any(char::is_control))
        {
            return Err(AppError::BadRequest(Msg::new("search-control-characters")));
        }
        if search
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_SEARCH_LEN)
        {
            return Err(AppError::BadRequest(
                Msg::new("search-too-long").arg("max", MAX_SEARCH_LEN),
            ));
        }
        let reseller = match self
            .reseller
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(raw) => Some(
                MpnId::parse(raw)
                    .ok_or_else(|| AppError::BadRequest(Msg::new("reseller-filter-invalid")))?,
            ),
            None => None,
        };
        let page = match self
            .page
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(raw) => crate::web::page_number(raw)
                .ok_or_else(|| AppError::BadRequest(Msg::new("page-number-invalid")))?,
            None => 1,
        };
        Ok(CustomerQuery {
            search,
            reseller,
            page,
        })
    }
}

/// The customer list page.
#[derive(Template)]
#[template(path = "customers/list.html")]
pub struct ListPage {
    layout: Layout,
    list: CustomerList,
    search: String,
    reseller: String,
    pager: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    first_row: i64,
    last_row: i64,
    /// The list without the search text (the reseller filter kept).
    clear_search_href: String,
    /// The first page of the same search.
    first_page_href: String,
    /// The filtering reseller's name, when it is one of the organization's resellers.
    reseller_name: Option<String>,
    /// The user may send relationship requests (the empty list links to them).
    can_invite: bool,
}

impl ListPage {
    /// A search text or a reseller filter narrows the list.
    pub fn filtered(&self) -> bool {
        !self.search.is_empty() || !self.reseller.is_empty()
    }
}

fn list_href(search: &str, reseller: &str, page: i64) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !search.is_empty() {
        query.append_pair("q", search);
    }
    if !reseller.is_empty() {
        query.append_pair("reseller", reseller);
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        "/customers".to_owned()
    } else {
        format!("/customers?{query}")
    }
}

/// `GET /customers`.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.parse()?;
    let actor = user.actor().clone();
    let q = query.clone();
    let list = state
        .db
        .run(move |conn| customers::customer_list(conn, &actor, &q))
        .await?;
    let search = query.search.unwrap_or_default();
    let reseller = query.reseller.map(|r| r.to_string()).unwrap_or_default();
    let page = list.page;
    let first_row = if list.rows.is_empty() {
        0
    } else {
        (page - 1) * customers::PAGE_SIZE + 1
    };
    let last_row = first_row + i64::try_from(list.rows.len()).unwrap_or(0) - 1;
    let reseller_name = list
        .resellers
        .iter()
        .find(|r| r.mpn_id.to_string() == reseller)
        .map(|r| r.name.clone());
    ok(&ListPage {
        layout: Layout::for_user("customers-title", &user, Section::Customers),
        pager: pager(page, list.pages, |n| list_href(&search, &reseller, n)),
        prev: (page > 1).then(|| list_href(&search, &reseller, (page - 1).min(list.pages))),
        next: (page < list.pages).then(|| list_href(&search, &reseller, page + 1)),
        first_row,
        last_row: last_row.max(0),
        clear_search_href: list_href("", &reseller, 1),
        first_page_href: list_href(&search, &reseller, 1),
        reseller_name,
        can_invite: user.actor().invitations_partner().is_ok(),
        list,
        search,
        reseller,
    })
}

/// The customer account page.
#[derive(Template)]
#[template(path = "customers/show.html")]
pub struct ShowPage {
    layout: Layout,
    account: CustomerAccount,
}

/// A tenant id from the path; anything that is not a GUID is a missing page.
pub fn tenant_from_path(raw: &str) -> Result<TenantId, AppError> {
    TenantId::parse(raw).ok_or(AppError::NotFound)
}

/// `GET /customers/{tenant_id}`.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let tenant = tenant_from_path(&path)?;
    let actor = user.actor().clone();
    let account = state
        .db
        .run(move |conn| customers::customer_account(conn, &actor, &tenant))
        .await?;
    ok(&ShowPage {
        layout: Layout::for_user_titled(
            account.customer.company_name.clone(),
            &user,
            Section::Customers,
        ),
        account,
    })
}

#[cfg(test)]
mod tests {
    use super::list_href;
    use crate::i18n::{IntoArg, Lang};

    #[test]
    fn list_links_keep_the_search_and_the_filter() {
        assert_eq!(list_href("", "", 1), "/customers");
        assert_eq!(list_href("", "", 2), "/customers?page=2");
        assert_eq!(
            list_href("a&b c", "4200001", 3),
            "/customers?q=a%26b+c&reseller=4200001&page=3"
        );
    }

    #[test]
    fn customer_counts_take_the_plural_of_each_language() {
        let count = |lang: Lang, n: i64| lang.t_with("customers-count", &[("count", n.into_arg())]);
        assert_eq!(count(Lang::En, 1), "1 customer");
        assert_eq!(count(Lang::En, 1202), "1,202 customers");
        for (n, words) in [
            (1, "1 klient"),
            (2, "2 klientów"),
            (5, "5 klientów"),
            (22, "22 klientów"),
            (201, "201 klientów"),
        ] {
            assert_eq!(count(Lang::Pl, n), words, "{n}");
        }
    }
}
