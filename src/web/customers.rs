//! The Customers workspace: list and account page.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::db::ids::SubscriptionId;
use crate::db::ids::{MpnId, TenantId};
use crate::domain::Permission;
use crate::domain::customers::{
    self, CustomerAccount, CustomerList, CustomerQuery, ListCursor, ListTotal, ResellerChoice,
    ResellerFilter, SubscriptionRow,
};
use crate::domain::paging::PageSize;
use crate::domain::support_contact::customer_default::{self, DefaultSummary};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::list_state::ListState;
use crate::web::{Layout, Section, ok, paths};

/// Longest search text accepted.
const MAX_SEARCH_LEN: usize = 200;

/// Longest reseller name text accepted by the reseller filter.
const MAX_RESELLER_LEN: usize = 100;

/// `?q=&reseller=&after=|before=`, as typed: parsed here so that bad values get a clear message.
/// (`page=` of old links is no longer read: they open the first page.)
#[derive(Deserialize)]
pub struct ListParams {
    q: Option<String>,
    reseller: Option<String>,
    after: Option<String>,
    before: Option<String>,
    size: Option<String>,
}

/// A parameter that was given a value.
fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ListParams {
    fn parse(&self) -> Result<CustomerQuery, AppError> {
        let search = given(&self.q).map(str::to_owned);
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
        let reseller = match given(&self.reseller) {
            // Digits are a PartnerID, which has 6 or 7 of them.
            Some(raw) if raw.chars().all(|c| c.is_ascii_digit()) => {
                Some(ResellerFilter::Mpn(MpnId::parse(raw).ok_or_else(|| {
                    AppError::BadRequest(Msg::new("reseller-filter-invalid"))
                })?))
            }
            Some(raw) if raw.chars().any(char::is_control) => {
                return Err(AppError::BadRequest(Msg::new("search-control-characters")));
            }
            Some(raw) if raw.chars().count() > MAX_RESELLER_LEN => {
                return Err(AppError::BadRequest(
                    Msg::new("reseller-filter-too-long").arg("max", MAX_RESELLER_LEN),
                ));
            }
            Some(raw) => Some(ResellerFilter::Name(raw.to_owned())),
            None => None,
        };
        let bad_cursor = || AppError::BadRequest(Msg::new("list-cursor-invalid"));
        let cursor = match (given(&self.after), given(&self.before)) {
            (None, None) => None,
            (Some(token), None) => Some(ListCursor::After(
                ListCursor::parse_token(token).ok_or_else(bad_cursor)?,
            )),
            (None, Some(token)) => Some(ListCursor::Before(
                ListCursor::parse_token(token).ok_or_else(bad_cursor)?,
            )),
            (Some(_), Some(_)) => return Err(bad_cursor()),
        };
        let size = PageSize::parse(self.size.as_deref())
            .ok_or_else(|| AppError::BadRequest(Msg::new("page-size-invalid")))?;
        Ok(CustomerQuery {
            search,
            reseller,
            cursor,
            size,
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
    /// The First, Previous and Next links (`_cursor_pager.html`).
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    /// The list without the search text (the reseller filter kept).
    clear_search_href: String,
    /// The first page of the same search.
    first_page_href: String,
    /// The filtering reseller's name, when it is one of the organization's resellers.
    reseller_name: Option<String>,
    /// When the typed name matches several resellers: each one's name, PartnerID and the list
    /// filtered by it.
    reseller_choices: Vec<(String, MpnId, String)>,
    /// The user may send relationship requests (the empty list links to them).
    can_invite: bool,
    /// The page size picker: (rows, the first page at that size, current).
    sizes: Vec<(i64, String, bool)>,
    /// This page's place in the list (`?q=…`), carried by the row links for the breadcrumb.
    state_query: String,
}

impl ListPage {
    /// A search text or a reseller filter narrows the list.
    pub fn filtered(&self) -> bool {
        !self.search.is_empty() || !self.reseller.is_empty()
    }

    /// The exact number of matching customers, when it is known.
    pub fn exact_total(&self) -> Option<i64> {
        match self.list.total {
            ListTotal::Exact(n) => Some(n),
            _ => None,
        }
    }

    /// "More than this many" customers match.
    pub fn more_than(&self) -> Option<i64> {
        match self.list.total {
            ListTotal::MoreThan(n) => Some(n),
            _ => None,
        }
    }

    /// Nothing matches at all (not merely on this page).
    pub fn none_at_all(&self) -> bool {
        self.list.total == ListTotal::Exact(0)
    }

    /// The known total is more than this page holds.
    pub fn more_than_shown(&self) -> bool {
        self.exact_total().is_some_and(|n| n > self.shown())
    }

    /// Rows shown on this page.
    pub fn shown(&self) -> i64 {
        i64::try_from(self.list.rows.len()).unwrap_or(i64::MAX)
    }

    /// The company names of the page's first and last rows.
    pub fn first_name(&self) -> &str {
        self.list
            .rows
            .first()
            .map_or("", |r| r.customer.company_name.as_str())
    }

    /// See [`ListPage::first_name`].
    pub fn last_name(&self) -> &str {
        self.list
            .rows
            .last()
            .map_or("", |r| r.customer.company_name.as_str())
    }

    /// The reseller filter's PartnerID is not one of the organization's resellers.
    pub fn unknown_mpn(&self) -> Option<String> {
        match &self.list.reseller {
            ResellerChoice::UnknownMpn(mpn) => Some(mpn.to_string()),
            _ => None,
        }
    }

    /// No reseller's name holds the reseller filter's text.
    pub fn no_reseller_named(&self) -> Option<&str> {
        match &self.list.reseller {
            ResellerChoice::NoName(text) => Some(text),
            _ => None,
        }
    }

    /// The reseller filter names no single reseller, so nothing is listed.
    pub fn reseller_unresolved(&self) -> bool {
        matches!(
            self.list.reseller,
            ResellerChoice::UnknownMpn(_) | ResellerChoice::NoName(_) | ResellerChoice::Several(_)
        )
    }

    /// There is more than this page (a pager is shown).
    pub fn paged(&self) -> bool {
        self.first.is_some() || self.prev.is_some() || self.next.is_some()
    }
}

/// Which position a link starts at.
enum Position<'a> {
    First,
    After(&'a str),
    Before(&'a str),
}

#[cfg(test)]
fn list_href(search: &str, reseller: &str, position: Position<'_>) -> String {
    list_href_sized(search, reseller, PageSize::default(), position)
}

fn list_href_sized(search: &str, reseller: &str, size: PageSize, position: Position<'_>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !search.is_empty() {
        query.append_pair("q", search);
    }
    if !reseller.is_empty() {
        query.append_pair("reseller", reseller);
    }
    if let Some(size) = size.param() {
        query.append_pair("size", size);
    }
    match position {
        Position::First => {}
        Position::After(token) => {
            query.append_pair("after", token);
        }
        Position::Before(token) => {
            query.append_pair("before", token);
        }
    }
    let query = query.finish();
    if query.is_empty() {
        paths::CUSTOMERS.to_owned()
    } else {
        format!("{}?{query}", paths::CUSTOMERS)
    }
}

/// `GET /customers`.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.parse()?;
    let q = query.clone();
    let list = user
        .run(&state, move |conn, ctx| {
            customers::customer_list(conn, ctx, &q)
        })
        .await?;
    let size = query.size;
    let search = query.search.unwrap_or_default();
    let list_href = |search: &str, reseller: &str, position: Position<'_>| {
        list_href_sized(search, reseller, size, position)
    };
    // As typed, for the field; links carry the PartnerID of the reseller it resolved to.
    let reseller = given(&params.reseller).unwrap_or_default().to_owned();
    let (reseller_name, linked) = match &list.reseller {
        ResellerChoice::Reseller(r) => (Some(r.name.clone()), r.mpn_id.to_string()),
        _ => (None, reseller.clone()),
    };
    let reseller_choices = match &list.reseller {
        ResellerChoice::Several(found) => found
            .iter()
            .map(|r| {
                let href = list_href(&search, &r.mpn_id.to_string(), Position::First);
                (r.name.clone(), r.mpn_id, href)
            })
            .collect(),
        _ => Vec::new(),
    };
    let prev = list.previous.as_ref().map(|key| {
        let token = ListCursor::token(key);
        list_href(&search, &linked, Position::Before(&token))
    });
    let next = list.next.as_ref().map(|key| {
        let token = ListCursor::token(key);
        list_href(&search, &linked, Position::After(&token))
    });
    let first = (!list.first_page).then(|| list_href(&search, &linked, Position::First));
    let state_query = ListState::of_list(
        &search,
        &linked,
        given(&params.after),
        given(&params.before),
        None,
    )
    .query();
    ok(&ListPage {
        state_query,
        layout: Layout::for_user("customers-title", &user, Section::Customers),
        first,
        prev,
        next,
        clear_search_href: list_href("", &linked, Position::First),
        first_page_href: list_href(&search, &linked, Position::First),
        reseller_name,
        reseller_choices,
        can_invite: user.actor().may(Permission::Invitations),
        sizes: PageSize::ALL
            .into_iter()
            .map(|s| {
                let href = list_href_sized(&search, &linked, s, Position::First);
                (s.rows(), href, s == size)
            })
            .collect(),
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
    /// The invitation form, with this customer's tenant id filled in, when the user may invite.
    invite_href: Option<String>,
    /// The list page this customer was opened from (the breadcrumb).
    back: String,
    /// That list position (`?q=…`), carried by the links to the subscriptions.
    state_query: String,
    /// The subscription whose contact was just changed (the review's Close): its row is marked.
    changed: Option<SubscriptionId>,
    /// The user's role assigns support contacts (rule 4): its organization's rows get a checkbox
    /// for a bulk assignment.
    can_assign: bool,
    /// The customer's default support contact for the organization's new subscriptions (issue
    /// 15; `None` for a reseller, which sells nothing).
    support_default: Option<DefaultSummary>,
}

impl ShowPage {
    /// Whether the row's designated support contact is not its seller (the table marks it).
    pub fn contact_not_seller(&self, row: &SubscriptionRow) -> bool {
        row.support_contact.as_ref().map(|p| &p.id) != row.seller.as_ref().map(|p| &p.id)
    }

    /// Whether this row is the one just changed.
    pub fn is_changed(&self, id: &SubscriptionId) -> bool {
        self.changed.as_ref() == Some(id)
    }
}

/// `?changed=` and the list's state.
#[derive(Deserialize)]
pub struct ShowParams {
    #[serde(flatten)]
    state: ListState,
    changed: Option<String>,
}

impl ShowPage {
    /// Whether this row gets a checkbox for a bulk assignment (the actor may assign it, rule 4).
    pub fn selectable(&self, row: &SubscriptionRow) -> bool {
        self.can_assign && row.subscription.seller_id.as_ref() == Some(&self.account.own_partner)
    }

    /// Whether any row gets a checkbox.
    pub fn any_selectable(&self) -> bool {
        self.account
            .subscriptions
            .iter()
            .any(|row| self.selectable(row))
    }
}

/// `GET /customers/{tenant_id}`.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<TenantId>,
    params: web::Query<ShowParams>,
) -> Result<HttpResponse, AppError> {
    let tenant = path.into_inner();
    let params = params.into_inner();
    let (account, support_default) = user
        .run(&state, move |conn, ctx| {
            let account = customers::customer_account(conn, ctx, &tenant)?;
            let default = customer_default::default_summary(conn, ctx, &account.customer)?;
            Ok((account, default))
        })
        .await?;
    ok(&ShowPage {
        support_default,
        layout: Layout::for_user_titled(
            account.customer.company_name.clone(),
            &user,
            Section::Customers,
        ),
        invite_href: user
            .actor()
            .may(Permission::Invitations)
            .then(|| paths::invitations_for(&account.customer.tenant_id)),
        back: params.state.list_href(),
        state_query: params.state.query(),
        changed: params.changed.as_deref().and_then(SubscriptionId::parse),
        can_assign: user.actor().may_assign_support_contacts(),
        account,
    })
}

#[cfg(test)]
mod tests {
    use super::{Position, list_href};
    use crate::db::ids::CustomerId;
    use crate::db::models::customer::SortKey;
    use crate::domain::customers::ListCursor;
    use crate::i18n::{IntoArg, Lang};

    #[test]
    fn list_links_keep_the_search_and_the_filter() {
        assert_eq!(list_href("", "", Position::First), "/customers");
        assert_eq!(
            list_href("", "", Position::After("ab12")),
            "/customers?after=ab12"
        );
        assert_eq!(
            list_href("a&b c", "4200001", Position::Before("ab12")),
            "/customers?q=a%26b+c&reseller=4200001&before=ab12"
        );
    }

    #[test]
    fn a_cursor_token_reads_back_and_nothing_else_does() {
        let key = SortKey {
            company_name: "Łódź & Co\n \"x\"".to_owned(),
            customer_id: CustomerId::generate(),
        };
        let token = ListCursor::token(&key);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        assert_eq!(ListCursor::parse_token(&token), Some(key.clone()));
        let upper_id = hex::encode(format!("{}\nX", key.customer_id.as_str().to_uppercase()));
        for bad in [
            "",
            "zz",
            "abc",
            &hex::encode("no newline"),
            &hex::encode("not-a-uuid\nName"),
            &upper_id,
            &hex::encode([0xff, 0xfe]),
            &"ab".repeat(5000),
        ] {
            assert_eq!(ListCursor::parse_token(bad), None, "{bad}");
        }
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
