//! The customer list: keyset pages of a partner's customers, searched and filtered by reseller, with a bounded count.

use super::cursor::ListCursor;
use crate::db::DbConn;
use crate::db::ids::{MpnId, PartnerId};
use crate::db::models::customer::{
    self, CANDIDATE_LIMIT, Customer, Direction, Matching, Range, Scope, SortKey,
};
use crate::db::models::partner::{self, Partner};
use crate::db::models::subscription;
use crate::domain::Ctx;
use crate::error::AppError;

/// Customers per page by default (the reader may pick another [`crate::domain::paging::PageSize`]).
pub const PAGE_SIZE: i64 = 25;

/// A filtered list is counted up to this many matches; beyond, it says "more than".
pub const COUNT_LIMIT: i64 = 1000;

/// A search that cannot use the trigram index looks through this many customers of the list per
/// page (in list order), so that its cost does not grow with the list. A list of at most this many
/// customers is searched whole, with its count.
pub const SCAN_WINDOW: i64 = 1000;

/// What the list was asked for, parsed from the query string by the caller.
#[derive(Debug, Clone, Default)]
pub struct CustomerQuery {
    /// Search text (company name, domain or tenant id).
    pub search: Option<String>,
    /// Only customers that also work with this reseller.
    pub reseller: Option<ResellerFilter>,
    /// Where the page starts (`None`: the first page).
    pub cursor: Option<ListCursor>,
    /// Rows per page (`size=`).
    pub size: crate::domain::paging::PageSize,
}

/// The reseller filter as typed: a PartnerID, or (part of) a reseller's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResellerFilter {
    /// The reseller with this PartnerID.
    Mpn(MpnId),
    /// The reseller whose name holds this text (case and accents as typed are folded by
    /// Unicode lowercase).
    Name(String),
}

/// How the reseller filter resolved.
#[derive(Debug, Clone, Default)]
pub enum ResellerChoice {
    /// No reseller filter.
    #[default]
    None,
    /// One of the organization's resellers: the list is narrowed to its customers.
    Reseller(Box<Partner>),
    /// The PartnerID is not one of the organization's resellers: nothing is listed.
    UnknownMpn(MpnId),
    /// No reseller's name holds the text: nothing is listed.
    NoName(String),
    /// Several resellers' names hold the text (at most [`RESELLER_CHOICES`], by name): the user
    /// picks one; nothing is listed meanwhile.
    Several(Vec<Partner>),
}

/// Most resellers offered when a typed name matches several.
pub const RESELLER_CHOICES: usize = 20;

/// One row of the customer list.
#[derive(Debug, Clone)]
pub struct CustomerRow {
    /// The customer.
    pub customer: Customer,
    /// Subscriptions the actor's organization sees.
    pub subscriptions: i64,
}

/// How many customers the list holds, as far as it can be told without reading them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListTotal {
    /// Exactly this many.
    Exact(i64),
    /// More than this many ([`COUNT_LIMIT`]).
    MoreThan(i64),
    /// Not counted: the search was looked through a window at a time.
    Unknown,
}

/// Why a search was looked through a window at a time, and how far this page looked.
#[derive(Debug, Clone)]
pub struct ScanInfo {
    /// The search has fewer than three letters or digits in a row (else: it matched too many
    /// customers to list by index).
    pub short: bool,
    /// Customers looked through per page.
    pub window: i64,
    /// Fewer matches than a page were found and the window ended here, before the end of the
    /// list: the company name it reached.
    pub stopped_at: Option<String>,
}

/// A page of the customer list.
#[derive(Debug, Clone)]
pub struct CustomerList {
    /// The rows of this page, by company name.
    pub rows: Vec<CustomerRow>,
    /// How many customers match in all.
    pub total: ListTotal,
    /// This is the first page (no cursor).
    pub first_page: bool,
    /// The Previous link's position (`before`), when there is something before.
    pub previous: Option<SortKey>,
    /// The Next link's position (`after`), when there is something after.
    pub next: Option<SortKey>,
    /// Set when the search was looked through a window at a time.
    pub scan: Option<ScanInfo>,
    /// The actor's organization has resellers (active partnerships): the filter is offered.
    pub has_resellers: bool,
    /// What the reseller filter resolved to.
    pub reseller: ResellerChoice,
}

/// The customer list: customers with an active relationship with the actor's organization,
/// optionally narrowed by search text and by one of its resellers, by company name, one page
/// from a cursor. Every query reads a bounded part of an index, whatever the number of customers
/// (see [`crate::db::models::customer`]).
pub fn customer_list(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &CustomerQuery,
) -> Result<CustomerList, AppError> {
    let actor = &ctx.actor;
    let partner_id = actor.customer_workspace()?;
    let reseller = resolve_reseller(conn, partner_id, query.reseller.as_ref())?;
    let with_partner = match &reseller {
        ResellerChoice::None => None,
        ResellerChoice::Reseller(r) => Some(r.id.clone()),
        ResellerChoice::UnknownMpn(_) | ResellerChoice::NoName(_) | ResellerChoice::Several(_) => {
            return Ok(CustomerList {
                rows: Vec::new(),
                total: ListTotal::Exact(0),
                first_page: query.cursor.is_none(),
                previous: None,
                next: None,
                scan: None,
                has_resellers: true,
                reseller,
            });
        }
    };
    let has_resellers = with_partner.is_some() || partner::has_active_resellers(conn, partner_id)?;
    // Walk the side with fewer customers; the other is looked up for each row.
    let scope = match &with_partner {
        Some(reseller)
            if customer::active_customer_count(conn, reseller)?
                <= customer::active_customer_count(conn, partner_id)? =>
        {
            Scope {
                walk: reseller,
                probe: Some(partner_id),
            }
        }
        Some(reseller) => Scope {
            walk: partner_id,
            probe: Some(reseller),
        },
        None => Scope {
            walk: partner_id,
            probe: None,
        },
    };
    let candidates;
    let (matching, scan_short) = match query.search.as_deref() {
        None => (Matching::All, false),
        Some(search) if customer::trigram_searchable(search) => {
            match customer::search_candidates(conn, search, CANDIDATE_LIMIT + 1)? {
                Some(found)
                    if i64::try_from(found.len()).unwrap_or(i64::MAX) <= CANDIDATE_LIMIT =>
                {
                    candidates = found;
                    (Matching::Among(&candidates), false)
                }
                _ => (Matching::Scan(search), false),
            }
        }
        Some(search) => (Matching::Scan(search), true),
    };
    let page = read_page(
        conn,
        scope,
        matching,
        query.cursor.as_ref(),
        query.size.rows(),
    )?;
    let total = match matching {
        Matching::All if scope.probe.is_none() => {
            ListTotal::Exact(customer::active_customer_count(conn, partner_id)?)
        }
        Matching::Scan(_) if !(query.cursor.is_none() && page.window_covers_all) => {
            ListTotal::Unknown
        }
        _ => {
            let whole = Range {
                direction: Direction::Forward,
                after: None,
                through: None,
            };
            match customer::count_range(conn, scope, matching, whole, COUNT_LIMIT + 1)? {
                n if n > COUNT_LIMIT => ListTotal::MoreThan(COUNT_LIMIT),
                n => ListTotal::Exact(n),
            }
        }
    };
    let ids: Vec<&str> = page.customers.iter().map(|c| c.id.as_str()).collect();
    let counts = subscription::count_visible_by_customer(conn, &ids, partner_id)?;
    let rows = page
        .customers
        .into_iter()
        .map(|customer| {
            let subscriptions = counts
                .iter()
                .find(|(id, _)| id == customer.id.as_str())
                .map_or(0, |(_, n)| *n);
            CustomerRow {
                customer,
                subscriptions,
            }
        })
        .collect();
    Ok(CustomerList {
        rows,
        total,
        first_page: query.cursor.is_none(),
        previous: page.previous,
        next: page.next,
        scan: matches!(matching, Matching::Scan(_)).then(|| ScanInfo {
            short: scan_short,
            window: SCAN_WINDOW,
            stopped_at: page.stopped_at,
        }),
        has_resellers,
        reseller,
    })
}

/// The reseller that the filter names, among `provider`'s resellers: by PartnerID, one index
/// lookup; by name, among all of them (a few hundred at most, and only when a name is typed).
pub fn resolve_reseller(
    conn: &mut DbConn,
    provider: &PartnerId,
    filter: Option<&ResellerFilter>,
) -> Result<ResellerChoice, AppError> {
    Ok(match filter {
        None => ResellerChoice::None,
        Some(ResellerFilter::Mpn(mpn)) => {
            match partner::find_active_reseller(conn, provider, *mpn)? {
                Some(r) => ResellerChoice::Reseller(Box::new(r)),
                None => ResellerChoice::UnknownMpn(*mpn),
            }
        }
        Some(ResellerFilter::Name(text)) => {
            let needle = text.to_lowercase();
            let mut found: Vec<Partner> = partner::active_resellers_of(conn, provider)?
                .into_iter()
                .filter(|r| r.name.to_lowercase().contains(&needle))
                .collect();
            // A name typed in full picks that reseller even when others' names hold it too.
            if let Some(exact) = found.iter().position(|r| r.name.to_lowercase() == needle) {
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

/// One page's rows (by company name) and the positions of its neighbours.
struct Page {
    customers: Vec<Customer>,
    previous: Option<SortKey>,
    next: Option<SortKey>,
    /// A looked-through search ended its window short of a page here.
    stopped_at: Option<String>,
    /// A looked-through search's window reached the end of the list.
    window_covers_all: bool,
}

/// Reads the page that starts at `cursor`, a page and one row in its direction (to know whether
/// another follows), and looks one row the other way (to know whether one precedes).
fn read_page(
    conn: &mut DbConn,
    scope: Scope<'_>,
    matching: Matching<'_>,
    cursor: Option<&ListCursor>,
    page_size: i64,
) -> Result<Page, AppError> {
    let (direction, start) = match cursor {
        None => (Direction::Forward, None),
        Some(ListCursor::After(key)) => (Direction::Forward, Some(key)),
        Some(ListCursor::Before(key)) => (Direction::Backward, Some(key)),
    };
    // A looked-through search reads at most one window of the walked partner's list.
    let window = match matching {
        Matching::Scan(_) => customer::window_end(conn, scope.walk, direction, start, SCAN_WINDOW)?,
        _ => None,
    };
    let range = Range {
        direction,
        after: start,
        through: window.as_ref().map(|(end, _)| end),
    };
    let mut customers = customer::list_range(conn, scope, matching, range, page_size + 1)?;
    let full = i64::try_from(customers.len()).unwrap_or(i64::MAX) > page_size;
    customers.truncate(usize::try_from(page_size).unwrap_or(usize::MAX));
    let window_more = window.as_ref().is_some_and(|(_, more)| *more);
    // Onwards (in the page's direction): from the page's last row, or where the window stopped.
    let mut stopped_at = None;
    let onwards = if full {
        customers.last().map(Customer::sort_key)
    } else if window_more {
        let end = window.as_ref().map(|(end, _)| end.clone());
        stopped_at = end.as_ref().map(|e| e.company_name.clone());
        end
    } else {
        None
    };
    // Back (the other way): only from a page that was reached through a cursor.
    let boundary = customers
        .first()
        .map(Customer::sort_key)
        .or_else(|| start.cloned());
    let back = match (start, boundary) {
        (Some(_), Some(boundary)) => {
            let there = match matching {
                // Unread rows the other way are a reason to look there.
                Matching::Scan(_) => {
                    customer::window_end(conn, scope.walk, direction.reverse(), Some(&boundary), 1)?
                        .is_some()
                }
                _ => !customer::list_range(
                    conn,
                    scope,
                    matching,
                    Range {
                        direction: direction.reverse(),
                        after: Some(&boundary),
                        through: None,
                    },
                    1,
                )?
                .is_empty(),
            };
            there.then_some(boundary)
        }
        _ => None,
    };
    let window_covers_all = !window_more;
    if direction == Direction::Backward {
        customers.reverse();
    }
    let (previous, next) = match direction {
        Direction::Forward => (back, onwards),
        Direction::Backward => (onwards, back),
    };
    Ok(Page {
        customers,
        previous,
        next,
        stopped_at,
        window_covers_all,
    })
}
