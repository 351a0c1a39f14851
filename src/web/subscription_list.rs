//! `GET /subscriptions` (every subscription the organization sees, across customers) and
//! `GET /subscriptions.csv` (its export, streamed).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::blocking::RunBlocking;
use crate::db::Db;
use crate::db::ids::{MpnId, ProductId};
use crate::db::models::subscription::SubscriptionStatus;
use crate::db::models::subscription_list::{ListKey, SortColumn};
use crate::domain::customers::{ListTotal, ResellerChoice, ResellerFilter};
use crate::domain::paging::PageSize;
use crate::domain::subscription_list::{
    self, ListCursor, SubscriptionEntry, SubscriptionList, SubscriptionQuery,
};
use crate::domain::support_contact::BATCH_LIMIT;
use crate::domain::{Ctx, Permission};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::csv::CsvBuf;
use crate::web::{Layout, Section, ok, paths};

/// Longest customer text accepted.
const MAX_CUSTOMER_LEN: usize = 200;

/// Longest partner name text accepted by the support contact and reseller filters.
const MAX_PARTNER_LEN: usize = 100;

/// The query string of `/subscriptions` (contract C2), as typed: parsed here so that bad values
/// get a clear message. The `all_matching` form of the bulk assignment carries the same fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubscriptionListParams {
    pub contact: Option<String>,
    pub reseller: Option<String>,
    pub product: Option<String>,
    pub customer: Option<String>,
    pub status: Option<String>,
    pub not_seller: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub size: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// A parameter that was given a value.
fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A partner filter as typed: digits are a PartnerID, anything else part of a name.
fn partner_filter(raw: Option<&str>, invalid: &str) -> Result<Option<ResellerFilter>, AppError> {
    Ok(match raw {
        Some(raw) if raw.chars().all(|c| c.is_ascii_digit()) => Some(ResellerFilter::Mpn(
            MpnId::parse(raw).ok_or_else(|| AppError::BadRequest(Msg::new(invalid)))?,
        )),
        Some(raw) if raw.chars().any(char::is_control) => {
            return Err(AppError::BadRequest(Msg::new("search-control-characters")));
        }
        Some(raw) if raw.chars().count() > MAX_PARTNER_LEN => {
            return Err(AppError::BadRequest(
                Msg::new("subscriptions-filter-too-long").arg("max", MAX_PARTNER_LEN),
            ));
        }
        Some(raw) => Some(ResellerFilter::Name(raw.to_owned())),
        None => None,
    })
}

impl SubscriptionListParams {
    /// The domain's query, or the message of the first field that does not read.
    pub fn parse(&self) -> Result<SubscriptionQuery, AppError> {
        let bad = |id: &str| AppError::BadRequest(Msg::new(id));
        let contact = partner_filter(given(&self.contact), "subscriptions-contact-invalid")?;
        let reseller = partner_filter(given(&self.reseller), "reseller-filter-invalid")?;
        let product = match given(&self.product) {
            Some(raw) => Some(
                ProductId::parse(raw)
                    .filter(|p| p.as_str() == raw)
                    .ok_or_else(|| bad("subscriptions-product-invalid"))?,
            ),
            None => None,
        };
        let customer = match given(&self.customer) {
            Some(raw) if raw.chars().any(char::is_control) => {
                return Err(bad("search-control-characters"));
            }
            Some(raw) if raw.chars().count() > MAX_CUSTOMER_LEN => {
                return Err(AppError::BadRequest(
                    Msg::new("search-too-long").arg("max", MAX_CUSTOMER_LEN),
                ));
            }
            Some(raw) => Some(raw.to_owned()),
            None => None,
        };
        let status = match given(&self.status) {
            Some(raw) => Some(
                SubscriptionStatus::parse(raw)
                    .ok_or_else(|| bad("subscriptions-status-invalid"))?,
            ),
            None => None,
        };
        let not_seller = match given(&self.not_seller) {
            None | Some("0") => false,
            Some("1" | "on" | "true") => true,
            Some(_) => return Err(bad("subscriptions-not-seller-invalid")),
        };
        let id_prefix = match given(&self.q) {
            Some(raw) => {
                let id = raw.to_ascii_lowercase();
                let hex = id.chars().filter(char::is_ascii_hexdigit).count();
                let shaped = id.len() <= 36
                    && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
                    && id.chars().take(8).all(|c| c.is_ascii_hexdigit());
                if !shaped || hex < 8 {
                    return Err(bad("subscriptions-id-invalid"));
                }
                Some(id)
            }
            None => None,
        };
        let sort = match given(&self.sort) {
            Some(raw) => SortColumn::parse(raw).ok_or_else(|| bad("subscriptions-sort-invalid"))?,
            None => SortColumn::default(),
        };
        let descending = match given(&self.dir) {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(bad("subscriptions-sort-invalid")),
        };
        let size = PageSize::parse(self.size.as_deref()).ok_or_else(|| bad("page-size-invalid"))?;
        let bad_cursor = || bad("list-cursor-invalid");
        let cursor = match (given(&self.after), given(&self.before)) {
            (None, None) => None,
            (Some(token), None) => Some(ListCursor::After(
                ListCursor::parse_token(sort, token).ok_or_else(bad_cursor)?,
            )),
            (None, Some(token)) => Some(ListCursor::Before(
                ListCursor::parse_token(sort, token).ok_or_else(bad_cursor)?,
            )),
            (Some(_), Some(_)) => return Err(bad_cursor()),
        };
        Ok(SubscriptionQuery {
            contact,
            reseller,
            product,
            customer,
            status,
            not_seller,
            id_prefix,
            sort,
            descending,
            size,
            cursor,
        })
    }
}

/// The filter fields of a list as its links carry them (a resolved partner filter as its
/// PartnerID), in contract C2's names: (name, value), only those that are set.
#[derive(Debug, Clone, Default)]
struct Fields {
    filter: Vec<(&'static str, String)>,
    sort: SortColumn,
    descending: bool,
    size: PageSize,
}

/// Where a link starts.
enum Position<'a> {
    First,
    After(&'a str),
    Before(&'a str),
}

impl Fields {
    fn href(&self, sort: SortColumn, descending: bool, size: PageSize, at: Position<'_>) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.filter {
            query.append_pair(name, value);
        }
        if sort != SortColumn::default() {
            query.append_pair("sort", sort.param());
        }
        if descending {
            query.append_pair("dir", "desc");
        }
        if let Some(size) = size.param() {
            query.append_pair("size", size);
        }
        match at {
            Position::First => {}
            Position::After(token) => {
                query.append_pair("after", token);
            }
            Position::Before(token) => {
                query.append_pair("before", token);
            }
        }
        paths::subscriptions_with(&query.finish())
    }

    fn first(&self) -> String {
        self.href(self.sort, self.descending, self.size, Position::First)
    }

    fn filter_query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.filter {
            query.append_pair(name, value);
        }
        if self.sort != SortColumn::default() {
            query.append_pair("sort", self.sort.param());
        }
        if self.descending {
            query.append_pair("dir", "desc");
        }
        query.finish()
    }
}

/// A partner offered when a typed name matches several: its name, PartnerID and the list
/// filtered by it.
pub type Choice = (String, MpnId, String);

/// One sortable column header: its label's message id, the link that sorts by it (ascending, or
/// the other way when it is the current sort), and `aria-sort` when it is current.
pub struct SortHeader {
    pub label: &'static str,
    pub href: String,
    pub aria_sort: Option<&'static str>,
}

/// The page.
#[derive(Template)]
#[template(path = "subscriptions/list.html")]
pub struct ListPage {
    layout: Layout,
    list: SubscriptionList,
    /// The fields as typed, for the form.
    contact: String,
    reseller: String,
    product: String,
    customer: String,
    status: String,
    not_seller: bool,
    q: String,
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    headers: Vec<SortHeader>,
    sizes: Vec<(i64, String, bool)>,
    csv_href: String,
    /// This page's URL (the selection's `back`).
    here: String,
    /// Hidden inputs of "select all matching": the filter and sort fields.
    hidden: Vec<(&'static str, String)>,
    /// When the names typed match several partners: (name, PartnerID, the list filtered by it).
    contact_choices: Vec<Choice>,
    reseller_choices: Vec<Choice>,
    /// The user may assign support contacts (the selection is offered).
    can_assign: bool,
    statuses: Vec<(String, &'static str)>,
    batch_limit: usize,
}

impl ListPage {
    /// Any filter narrows the list.
    pub fn filtered(&self) -> bool {
        !self.hidden.iter().all(|(n, _)| *n == "sort" || *n == "dir")
    }

    /// The exact number of matches, when known.
    pub fn exact_total(&self) -> Option<i64> {
        match self.list.total {
            ListTotal::Exact(n) => Some(n),
            _ => None,
        }
    }

    /// "More than this many" match.
    pub fn more_than(&self) -> Option<i64> {
        match self.list.total {
            ListTotal::MoreThan(n) => Some(n),
            _ => None,
        }
    }

    /// "Select all N matching" is offered: the count is known and within a batch.
    pub fn select_all(&self) -> Option<i64> {
        self.exact_total().filter(|n| {
            *n > i64::try_from(self.list.rows.len()).unwrap_or(i64::MAX)
                && usize::try_from(*n).is_ok_and(|n| n <= self.batch_limit)
        })
    }

    /// There is more than one page.
    pub fn paged(&self) -> bool {
        self.first.is_some() || self.prev.is_some() || self.next.is_some()
    }

    /// A partner filter named nothing single: what to say.
    pub fn unresolved(&self) -> Option<Msg> {
        let say = |choice: &ResellerChoice, typed: &str| match choice {
            ResellerChoice::UnknownMpn(mpn) => {
                Some(Msg::new("subscriptions-unknown-partner").arg("mpn", mpn.to_string()))
            }
            ResellerChoice::NoName(name) => {
                Some(Msg::new("subscriptions-partner-no-name").arg("name", name.as_str()))
            }
            ResellerChoice::Several(_) => {
                Some(Msg::new("subscriptions-partner-several").arg("name", typed))
            }
            _ => None,
        };
        say(&self.list.contact, &self.contact).or_else(|| say(&self.list.reseller, &self.reseller))
    }

    /// The choices of the partner filters that match several partners: (label, choices).
    pub fn choice_lists(&self) -> Vec<(&'static str, &[Choice])> {
        [
            (
                "subscriptions-filter-contact",
                self.contact_choices.as_slice(),
            ),
            (
                "subscriptions-filter-reseller",
                self.reseller_choices.as_slice(),
            ),
        ]
        .into_iter()
        .filter(|(_, found)| !found.is_empty())
        .collect()
    }

    /// The row's status words.
    pub fn status_words(&self, entry: &SubscriptionEntry) -> String {
        self.layout.t(entry.row.status.label_key())
    }
}

/// The filter fields that links carry: a resolved partner filter as its PartnerID, others as
/// typed (trimmed).
fn link_fields(
    params: &SubscriptionListParams,
    query: &SubscriptionQuery,
    list: &SubscriptionList,
) -> Fields {
    let mut filter = Vec::new();
    let partner = |choice: &ResellerChoice, raw: &Option<String>| match choice {
        ResellerChoice::Reseller(p) => Some(p.mpn_id.to_string()),
        _ => given(raw).map(str::to_owned),
    };
    if let Some(v) = partner(&list.contact, &params.contact) {
        filter.push(("contact", v));
    }
    if let Some(v) = partner(&list.reseller, &params.reseller) {
        filter.push(("reseller", v));
    }
    if let Some(p) = &query.product {
        filter.push(("product", p.as_str().to_owned()));
    }
    if let Some(c) = &query.customer {
        filter.push(("customer", c.clone()));
    }
    if let Some(s) = &query.status {
        filter.push(("status", s.as_str().to_owned()));
    }
    if query.not_seller {
        filter.push(("not_seller", "1".to_owned()));
    }
    if let Some(q) = &query.id_prefix {
        filter.push(("q", q.clone()));
    }
    Fields {
        filter,
        sort: query.sort,
        descending: query.descending,
        size: query.size,
    }
}

fn choices(choice: &ResellerChoice, fields: &Fields, name: &'static str) -> Vec<Choice> {
    let ResellerChoice::Several(found) = choice else {
        return Vec::new();
    };
    found
        .iter()
        .map(|p| {
            let mut f = fields.clone();
            f.filter.retain(|(n, _)| *n != name);
            f.filter.push((name, p.mpn_id.to_string()));
            (p.name.clone(), p.mpn_id, f.first())
        })
        .collect()
}

/// `GET /subscriptions`.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<SubscriptionListParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.parse()?;
    let q = query.clone();
    let list = user
        .run(&state, move |conn, ctx| {
            subscription_list::subscription_list(conn, ctx, &q)
        })
        .await?;
    let fields = link_fields(&params, &query, &list);
    let (sort, descending, size) = (query.sort, query.descending, query.size);
    let token = |key: &ListKey| ListCursor::token(sort, key);
    let prev = list
        .previous
        .as_ref()
        .map(|key| fields.href(sort, descending, size, Position::Before(&token(key))));
    let next = list
        .next
        .as_ref()
        .map(|key| fields.href(sort, descending, size, Position::After(&token(key))));
    let first = (!list.first_page).then(|| fields.first());
    let here = match &query.cursor {
        None => fields.first(),
        Some(ListCursor::After(key)) => {
            fields.href(sort, descending, size, Position::After(&token(key)))
        }
        Some(ListCursor::Before(key)) => {
            fields.href(sort, descending, size, Position::Before(&token(key)))
        }
    };
    let headers = [
        (SortColumn::Customer, "subscriptions-col-customer"),
        (SortColumn::Product, "subscriptions-col-product"),
        (SortColumn::Contact, "subscriptions-col-contact"),
        (SortColumn::Status, "subscriptions-col-status"),
        (SortColumn::Updated, "subscriptions-col-updated"),
    ]
    .into_iter()
    .map(|(column, label)| {
        let current = column == sort;
        SortHeader {
            label,
            href: fields.href(column, current && !descending, size, Position::First),
            aria_sort: current.then_some(if descending {
                "descending"
            } else {
                "ascending"
            }),
        }
    })
    .collect();
    let sizes = PageSize::ALL
        .into_iter()
        .map(|s| {
            (
                s.rows(),
                fields.href(sort, descending, s, Position::First),
                s == size,
            )
        })
        .collect();
    let csv_query = fields.filter_query();
    let csv_href = if csv_query.is_empty() {
        paths::SUBSCRIPTIONS_CSV.to_owned()
    } else {
        format!("{}?{csv_query}", paths::SUBSCRIPTIONS_CSV)
    };
    let mut hidden = fields.filter.clone();
    if sort != SortColumn::default() {
        hidden.push(("sort", sort.param().to_owned()));
    }
    if descending {
        hidden.push(("dir", "desc".to_owned()));
    }
    let contact_choices = choices(&list.contact, &fields, "contact");
    let reseller_choices = choices(&list.reseller, &fields, "reseller");
    ok(&ListPage {
        layout: Layout::for_user("subscriptions-title", &user, Section::Subscriptions),
        contact: given(&params.contact).unwrap_or_default().to_owned(),
        reseller: given(&params.reseller).unwrap_or_default().to_owned(),
        product: query
            .product
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        customer: query.customer.clone().unwrap_or_default(),
        status: query
            .status
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        not_seller: query.not_seller,
        q: query.id_prefix.clone().unwrap_or_default(),
        first,
        prev,
        next,
        headers,
        sizes,
        csv_href,
        here,
        hidden,
        contact_choices,
        reseller_choices,
        can_assign: user.actor().may(Permission::AssignSupportContacts),
        statuses: SubscriptionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.label_key()))
            .collect(),
        batch_limit: BATCH_LIMIT,
        list,
    })
}

/// The export's header row, in the reader's language.
fn csv_header(csv: &mut CsvBuf, lang: Lang) -> Result<(), AppError> {
    let cells = [
        lang.t("subscriptions-csv-customer"),
        lang.t("subscriptions-csv-tenant"),
        lang.t("subscriptions-csv-subscription"),
        lang.t("subscriptions-csv-product"),
        lang.t("subscriptions-csv-seller"),
        lang.t("subscriptions-csv-reseller"),
        lang.t("subscriptions-csv-contact"),
        lang.t("subscriptions-csv-status"),
        lang.t("subscriptions-csv-updated"),
    ];
    csv.line(cells.iter().map(String::as_str))
}

fn csv_rows(csv: &mut CsvBuf, rows: &[SubscriptionEntry], lang: Lang) -> Result<(), AppError> {
    let name = |p: &Option<crate::db::models::partner::Partner>| {
        p.as_ref()
            .map_or_else(String::new, |p| format!("{} ({})", p.name, p.mpn_id))
    };
    for entry in rows {
        let row = &entry.row;
        let status = lang.t(row.status.label_key());
        let seller = match &entry.seller {
            Some(_) => name(&entry.seller),
            None => "Microsoft".to_owned(),
        };
        csv.line([
            row.company_name.as_str(),
            row.tenant_id.as_str(),
            row.id.as_str(),
            row.product_name.as_str(),
            seller.as_str(),
            name(&entry.reseller_of_record).as_str(),
            name(&entry.support_contact).as_str(),
            status.as_str(),
            row.updated_at
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
                .as_str(),
        ])?;
    }
    Ok(())
}

/// The byte order mark: Excel reads a CSV file without it in a legacy code page.
const UTF8_BOM: &str = "\u{feff}";

struct Export {
    db: Db,
    ctx: Ctx,
    query: SubscriptionQuery,
    lang: Lang,
    first: Option<Bytes>,
    next: Option<ListKey>,
}

/// `GET /subscriptions.csv`: every row of the filtered list in its order (not only a page),
/// streamed in chunks of [`subscription_list::CSV_CHUNK`], each read in its own database call.
pub async fn export_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<SubscriptionListParams>,
) -> Result<HttpResponse, AppError> {
    let mut query = params.parse()?;
    query.cursor = None;
    let lang = user.lang;
    let q = query.clone();
    let first = user
        .run(&state, move |conn, ctx| {
            subscription_list::csv_chunk(conn, ctx, &q, None)
        })
        .await?;
    let mut csv = CsvBuf::with_capacity(first.rows.len() * 256 + 256);
    csv_header(&mut csv, lang)?;
    csv_rows(&mut csv, &first.rows, lang)?;
    let mut bytes = UTF8_BOM.as_bytes().to_vec();
    bytes.extend_from_slice(&csv.into_bytes()?);
    let export = Export {
        db: state.db.clone(),
        ctx: user.ctx(&state),
        query,
        lang,
        first: Some(Bytes::from(bytes)),
        next: first.next,
    };
    let stream = futures_util::stream::try_unfold(export, |mut export| async move {
        if let Some(bytes) = export.first.take() {
            return Ok(Some((bytes, export)));
        }
        let Some(after) = export.next.take() else {
            return Ok(None);
        };
        let (ctx, query) = (export.ctx.clone(), export.query.clone());
        let chunk = export
            .db
            .run(move |conn| subscription_list::csv_chunk(conn, &ctx, &query, Some(&after)))
            .await
            .inspect_err(|e| tracing::error!(error = ?e, "subscription export stopped"))?;
        export.next = chunk.next;
        let mut csv = CsvBuf::with_capacity(chunk.rows.len() * 256);
        csv_rows(&mut csv, &chunk.rows, export.lang)?;
        Ok::<_, AppError>(Some((Bytes::from(csv.into_bytes()?), export)))
    });
    let file = format!(
        "subscriptions-{}.csv",
        chrono::Utc::now().date_naive().format("%Y-%m-%d")
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(stream))
}
