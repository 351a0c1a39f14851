//! The subscription list across customers (`/subscriptions`): every subscription the actor's
//! organization sees (rule 9), filtered, sorted, in keyset pages, with a bounded count; the ids
//! of a filter's matches for a bulk assignment.

mod cursor;

pub use cursor::ListCursor;

use crate::db::DbConn;
use crate::db::ids::{PartnerId, ProductId, SubscriptionId};
use crate::db::models::partner::{self, Partner};
use crate::db::models::product::Product;
use crate::db::models::subscription::SubscriptionStatus;
use crate::db::models::subscription_list::{
    self as model, ListFilter, ListKey, ListRow, Range, Reading, SortColumn,
};
use crate::domain::Ctx;
use crate::domain::customers::{
    COUNT_LIMIT, ListTotal, RESELLER_CHOICES, ResellerChoice, ResellerFilter, resolve_reseller,
};
use crate::domain::paging::PageSize;
use crate::error::AppError;

/// What the list was asked for (contract C2), parsed from the query string by the caller.
#[derive(Debug, Clone, Default)]
pub struct SubscriptionQuery {
    /// Designated support contact: the organization itself or one of its resellers.
    pub contact: Option<ResellerFilter>,
    /// Reseller of record: one of the organization's resellers.
    pub reseller: Option<ResellerFilter>,
    /// Product.
    pub product: Option<ProductId>,
    /// Text of the customer's company name, domain or tenant id.
    pub customer: Option<String>,
    /// Status.
    pub status: Option<SubscriptionStatus>,
    /// Only subscriptions whose support contact is not their seller.
    pub not_seller: bool,
    /// The subscription id, whole or its beginning (lowercase).
    pub id_prefix: Option<String>,
    /// Sort column.
    pub sort: SortColumn,
    /// Sorted descending.
    pub descending: bool,
    /// Rows per page.
    pub size: PageSize,
    /// Where the page starts (`None`: the first page).
    pub cursor: Option<ListCursor>,
}

/// One row of the list with its partners.
#[derive(Debug, Clone)]
pub struct SubscriptionEntry {
    /// The row.
    pub row: ListRow,
    /// Seller (`None`: Microsoft).
    pub seller: Option<Partner>,
    /// Reseller of record.
    pub reseller_of_record: Option<Partner>,
    /// Designated support contact.
    pub support_contact: Option<Partner>,
}

impl SubscriptionEntry {
    /// The designated support contact is someone other than the seller.
    pub fn contact_not_seller(&self) -> bool {
        self.row.support_contact_id.is_some() && self.row.support_contact_id != self.row.seller_id
    }
}

/// A page of the list.
#[derive(Debug, Clone)]
pub struct SubscriptionList {
    /// The rows of this page, in the list's order.
    pub rows: Vec<SubscriptionEntry>,
    /// How many match in all (up to [`COUNT_LIMIT`]).
    pub total: ListTotal,
    /// This is the first page.
    pub first_page: bool,
    /// The Previous link's position, when something precedes.
    pub previous: Option<ListKey>,
    /// The Next link's position, when something follows.
    pub next: Option<ListKey>,
    /// What the support contact filter resolved to.
    pub contact: ResellerChoice,
    /// What the reseller of record filter resolved to.
    pub reseller: ResellerChoice,
    /// The products, for the product filter.
    pub products: Vec<Product>,
}

/// The filters resolved to partners, or the reason nothing can match.
enum Resolved {
    Filter(ListFilter, ResellerChoice, ResellerChoice),
    Nothing(ResellerChoice, ResellerChoice),
}

fn picked(choice: &ResellerChoice) -> Result<Option<PartnerId>, ()> {
    match choice {
        ResellerChoice::None => Ok(None),
        ResellerChoice::Reseller(p) => Ok(Some(p.id.clone())),
        _ => Err(()),
    }
}

fn resolve(
    conn: &mut DbConn,
    own: &PartnerId,
    query: &SubscriptionQuery,
) -> Result<Resolved, AppError> {
    let contact = resolve_contact(conn, own, query.contact.as_ref())?;
    let reseller = resolve_reseller(conn, own, query.reseller.as_ref())?;
    let (Ok(contact_id), Ok(reseller_id)) = (picked(&contact), picked(&reseller)) else {
        return Ok(Resolved::Nothing(contact, reseller));
    };
    let filter = ListFilter {
        contact: contact_id,
        reseller: reseller_id,
        product: query.product.clone(),
        customer: query.customer.clone(),
        status: query.status,
        not_seller: query.not_seller,
        id_prefix: query.id_prefix.clone(),
    };
    Ok(Resolved::Filter(filter, contact, reseller))
}

/// The support contact that the filter names: the organization itself or one of its resellers
/// (the partners that may support its subscriptions, rule 2), as the customer list's reseller
/// filter resolves names.
fn resolve_contact(
    conn: &mut DbConn,
    own: &PartnerId,
    filter: Option<&ResellerFilter>,
) -> Result<ResellerChoice, AppError> {
    let Some(filter) = filter else {
        return Ok(ResellerChoice::None);
    };
    let Some(me) = partner::find(conn, own)? else {
        return Err(AppError::NotFound);
    };
    Ok(match filter {
        ResellerFilter::Mpn(mpn) if me.mpn_id == *mpn => ResellerChoice::Reseller(Box::new(me)),
        ResellerFilter::Mpn(_) => resolve_reseller(conn, own, Some(filter))?,
        ResellerFilter::Name(text) => {
            let needle = text.to_lowercase();
            let mut found: Vec<Partner> = std::iter::once(me)
                .chain(partner::active_resellers_of(conn, own)?)
                .filter(|p| p.name.to_lowercase().contains(&needle))
                .collect();
            if let Some(exact) = found.iter().position(|p| p.name.to_lowercase() == needle) {
                return Ok(ResellerChoice::Reseller(Box::new(found.swap_remove(exact))));
            }
            match found.len() {
                0 => ResellerChoice::NoName(text.clone()),
                1 => ResellerChoice::Reseller(Box::new(found.remove(0))),
                _ => {
                    found.truncate(RESELLER_CHOICES);
                    ResellerChoice::Several(found)
                }
            }
        }
    })
}

/// The subscription list: the subscriptions of customers with an active relationship with the
/// actor's organization that it sold, earns on or supports, under the query's filters, one page
/// from its cursor in its sort order.
pub fn subscription_list(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &SubscriptionQuery,
) -> Result<SubscriptionList, AppError> {
    let own = ctx.actor.customer_workspace()?;
    let products = model::all_products(conn)?;
    let first_page = query.cursor.is_none();
    let (filter, contact, reseller) = match resolve(conn, own, query)? {
        Resolved::Filter(filter, contact, reseller) => (filter, contact, reseller),
        Resolved::Nothing(contact, reseller) => {
            return Ok(SubscriptionList {
                rows: Vec::new(),
                total: ListTotal::Exact(0),
                first_page,
                previous: None,
                next: None,
                contact,
                reseller,
                products,
            });
        }
    };
    let size = query.size.rows();
    let (reading, start) = match &query.cursor {
        None => (Reading::Forward, None),
        Some(ListCursor::After(key)) => (Reading::Forward, Some(key)),
        Some(ListCursor::Before(key)) => (Reading::Backward, Some(key)),
    };
    let range = Range {
        column: query.sort,
        descending: query.descending,
        reading,
        after: start,
    };
    let mut rows = model::list_range(conn, own, &filter, range, size + 1)?;
    let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) > size;
    rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    let onwards = if full {
        rows.last().map(ListRow::key)
    } else {
        None
    };
    // Back (the other way): only from a page reached through a cursor.
    let boundary = rows.first().map(ListRow::key).or_else(|| start.cloned());
    let back = match (start, boundary) {
        (Some(_), Some(boundary)) => {
            let other = Range {
                reading: match reading {
                    Reading::Forward => Reading::Backward,
                    Reading::Backward => Reading::Forward,
                },
                after: Some(&boundary),
                ..range
            };
            let there = !model::list_range(conn, own, &filter, other, 1)?.is_empty();
            there.then_some(boundary)
        }
        _ => None,
    };
    if reading == Reading::Backward {
        rows.reverse();
    }
    let (previous, next) = match reading {
        Reading::Forward => (back, onwards),
        Reading::Backward => (onwards, back),
    };
    let total = match model::count(conn, own, &filter, COUNT_LIMIT + 1)? {
        n if n > COUNT_LIMIT => ListTotal::MoreThan(COUNT_LIMIT),
        n => ListTotal::Exact(n),
    };
    Ok(SubscriptionList {
        rows: with_partners(conn, rows)?,
        total,
        first_page,
        previous,
        next,
        contact,
        reseller,
        products,
    })
}

/// At most `limit` ids of the subscriptions that match `query` (its filters; not its sort nor
/// its page), in the customer order: the lead's `all_matching` selection calls it with
/// [`crate::domain::support_contact::BATCH_LIMIT`] + 1 to refuse a larger one.
pub fn matching_ids(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &SubscriptionQuery,
    limit: usize,
) -> Result<Vec<SubscriptionId>, AppError> {
    let own = ctx.actor.customer_workspace()?;
    match resolve(conn, own, query)? {
        Resolved::Nothing(..) => Ok(Vec::new()),
        Resolved::Filter(filter, ..) => Ok(model::matching_ids(
            conn,
            own,
            &filter,
            i64::try_from(limit).unwrap_or(i64::MAX),
        )?),
    }
}

/// How many subscriptions match `query`, counted up to `cap` (past it: [`ListTotal::MoreThan`]).
pub fn matching_count(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &SubscriptionQuery,
    cap: i64,
) -> Result<ListTotal, AppError> {
    let own = ctx.actor.customer_workspace()?;
    Ok(match resolve(conn, own, query)? {
        Resolved::Nothing(..) => ListTotal::Exact(0),
        Resolved::Filter(filter, ..) => match model::count(conn, own, &filter, cap + 1)? {
            n if n > cap => ListTotal::MoreThan(cap),
            n => ListTotal::Exact(n),
        },
    })
}

/// Rows of the CSV export per chunk (one database call each).
pub const CSV_CHUNK: i64 = 1000;

/// A chunk of the CSV export: the rows after `after` in the query's order (its cursor and page
/// size are not read), and where the next chunk starts.
#[derive(Debug, Clone)]
pub struct CsvChunk {
    /// The rows.
    pub rows: Vec<SubscriptionEntry>,
    /// The next chunk's start; `None` after the last.
    pub next: Option<ListKey>,
}

/// The next chunk of the export of `query`, after `after` (from the start when `None`).
pub fn csv_chunk(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &SubscriptionQuery,
    after: Option<&ListKey>,
) -> Result<CsvChunk, AppError> {
    let own = ctx.actor.customer_workspace()?;
    let Resolved::Filter(filter, ..) = resolve(conn, own, query)? else {
        return Ok(CsvChunk {
            rows: Vec::new(),
            next: None,
        });
    };
    let range = Range {
        column: query.sort,
        descending: query.descending,
        reading: Reading::Forward,
        after,
    };
    let mut rows = model::list_range(conn, own, &filter, range, CSV_CHUNK + 1)?;
    let more = i64::try_from(rows.len()).unwrap_or(i64::MAX) > CSV_CHUNK;
    rows.truncate(usize::try_from(CSV_CHUNK).unwrap_or(usize::MAX));
    let next = if more {
        rows.last().map(ListRow::key)
    } else {
        None
    };
    Ok(CsvChunk {
        rows: with_partners(conn, rows)?,
        next,
    })
}

/// Attaches seller, reseller of record and support contact to each row, in one query.
fn with_partners(
    conn: &mut DbConn,
    rows: Vec<ListRow>,
) -> Result<Vec<SubscriptionEntry>, AppError> {
    let partners = {
        let mut ids: Vec<&str> = rows
            .iter()
            .flat_map(|r| {
                [
                    &r.seller_id,
                    &r.reseller_of_record_id,
                    &r.support_contact_id,
                ]
            })
            .flatten()
            .map(PartnerId::as_str)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        partner::find_many(conn, &ids)?
    };
    let pick = |id: &Option<PartnerId>| {
        id.as_ref()
            .and_then(|id| partners.iter().find(|p| &p.id == id).cloned())
    };
    Ok(rows
        .into_iter()
        .map(|row| SubscriptionEntry {
            seller: pick(&row.seller_id),
            reseller_of_record: pick(&row.reseller_of_record_id),
            support_contact: pick(&row.support_contact_id),
            row,
        })
        .collect())
}
