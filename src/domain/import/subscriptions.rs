//! A subscriptions file: each row a subscription of a customer the importer has an active
//! relationship with. A new subscription is opened with the importer as its seller (and so, by
//! rule 1, its designated support contact, through [`crate::domain::subscriptions::open_many`]);
//! an existing one of the importer's gets the file's product, quantity, status and reseller of
//! record, and keeps its designated support contact. Another seller's subscription is refused.
//! Nothing is ever deleted: a subscription missing from the file stays as it was.

use std::collections::HashMap;
use std::io::Read;

use chrono::{NaiveDate, NaiveDateTime};

use super::customers::{duplicate, uuid_key};
use super::headers::{self, Column, Layout};
use super::parse::{Row, Rows};
use super::{Importer, Report, Stop, read_failed};
use crate::db::DbConn;
use crate::db::ids::{CustomerId, MpnId, PartnerId, ProductId, SubscriptionId, TenantId};
use crate::db::models::import::{self, SubscriptionChange};
use crate::db::models::partner;
use crate::db::models::product::{CommerceType, NewProduct};
use crate::db::models::subscription::{Subscription, SubscriptionStatus};
use crate::domain::organizations::{check_name, check_tenant_id};
use crate::domain::subscriptions::{OpenSubscription, OpenWithId, open_many};
use crate::i18n::Msg;

/// A row's fields, checked.
struct Checked {
    line: u64,
    id: SubscriptionId,
    tenant: TenantId,
    offer_name: String,
    offer_id: String,
    quantity: i32,
    status: SubscriptionStatus,
    commerce: CommerceType,
    reseller: Option<PartnerId>,
    created_at: Option<NaiveDateTime>,
}

fn refused(key: &str, column: Column, value: &str) -> Msg {
    Msg::new(key)
        .arg("column", column.english())
        .arg("value", value.chars().take(80).collect::<String>())
}

/// A date as Partner Center and Excel write it (ISO, Polish `dd.mm.yyyy`, US `m/d/yyyy`), with or
/// without a time; midnight UTC when only the day is given.
fn date(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim().trim_end_matches('Z');
    const TIMES: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
    ];
    const DAYS: &[&str] = &["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y"];
    TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .or_else(|| {
            DAYS.iter()
                .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

fn check(row: &Row, layout: &Layout, resellers: &HashMap<i32, PartnerId>) -> Result<Checked, Msg> {
    let get = |c| row.get(layout, c);
    let raw_id = get(Column::SubscriptionId);
    let id = SubscriptionId::parse(raw_id)
        .filter(|_| raw_id.trim().trim_matches(['{', '}']).len() == 36)
        .ok_or_else(|| refused("import-row-subscription-id", Column::SubscriptionId, raw_id))?;
    let tenant = check_tenant_id(get(Column::TenantId))
        .map_err(|e| super::customers::field(Column::TenantId, &e))?;
    let offer_name = check_name(get(Column::OfferName))
        .map_err(|e| super::customers::field(Column::OfferName, &e))?;
    let offer_id = get(Column::OfferId).trim();
    if offer_id.is_empty() || offer_id.len() > 100 || offer_id.chars().any(char::is_control) {
        return Err(refused("import-row-offer-id", Column::OfferId, offer_id));
    }
    let raw = get(Column::Quantity);
    let quantity = raw
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|q| *q > 0 && raw.trim().bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| refused("import-row-quantity", Column::Quantity, raw))?;
    let raw = get(Column::Status);
    let status =
        headers::status(raw).ok_or_else(|| refused("import-row-status", Column::Status, raw))?;
    let raw = get(Column::CommerceType);
    let commerce = headers::commerce_type(raw)
        .ok_or_else(|| refused("import-row-commerce-type", Column::CommerceType, raw))?;
    let raw = get(Column::ResellerPartnerId).trim();
    let reseller = if raw.is_empty() {
        None
    } else {
        let mpn = MpnId::parse(raw).ok_or_else(|| {
            refused(
                "import-row-reseller-invalid",
                Column::ResellerPartnerId,
                raw,
            )
        })?;
        Some(
            resellers
                .get(&mpn.get())
                .cloned()
                .ok_or_else(|| refused("import-row-reseller", Column::ResellerPartnerId, raw))?,
        )
    };
    let raw = get(Column::CreatedDate);
    let created_at = if raw.trim().is_empty() {
        None
    } else {
        Some(
            date(raw)
                .ok_or_else(|| refused("import-row-created-date", Column::CreatedDate, raw))?,
        )
    };
    Ok(Checked {
        line: row.line,
        id,
        tenant,
        offer_name,
        offer_id: offer_id.to_owned(),
        quantity,
        status,
        commerce,
        reseller,
        created_at,
    })
}

/// Reads, checks and (unless a row is refused) writes every row of a subscriptions file.
pub(super) fn import(
    conn: &mut DbConn,
    importer: &Importer,
    rows: &mut Rows<impl Read>,
    report: &mut Report,
) -> Result<(), Stop> {
    let resellers: HashMap<i32, PartnerId> = partner::active_resellers_of(conn, &importer.partner)?
        .into_iter()
        .map(|p| (p.mpn_id.get(), p.id))
        .collect();
    let mut products: HashMap<String, ProductId> = import::all_products(conn)?
        .into_iter()
        .map(|p| (p.offer_id, p.id))
        .collect();
    let mut seen: HashMap<u128, u64> = HashMap::new();
    let mut chunks = 0usize;
    loop {
        if chunks.is_multiple_of(super::STATISTICS_EVERY) {
            import::refresh_statistics(conn)?;
        }
        chunks += 1;
        let chunk = rows
            .next_chunk(report)
            .map_err(|e| Stop::Failed(read_failed(e)))?;
        if chunk.is_empty() {
            return Ok(());
        }
        let mut checked = Vec::with_capacity(chunk.len());
        for row in &chunk {
            match check(row, &rows.layout, &resellers) {
                Ok(c) => match seen.insert(uuid_key(c.id.as_str()), c.line) {
                    Some(first) => report.refuse(c.line, duplicate(Column::SubscriptionId, first)),
                    None => checked.push(c),
                },
                Err(why) => report.refuse(row.line, why),
            }
        }
        write_chunk(conn, importer, &checked, &mut products, report)?;
    }
}

fn write_chunk(
    conn: &mut DbConn,
    importer: &Importer,
    checked: &[Checked],
    products: &mut HashMap<String, ProductId>,
    report: &mut Report,
) -> Result<(), Stop> {
    let tenants: Vec<&str> = checked.iter().map(|c| c.tenant.as_str()).collect();
    let customers: HashMap<String, CustomerId> =
        import::related_customers(conn, &importer.partner, &tenants)?
            .into_iter()
            .collect();
    let ids: Vec<&str> = checked.iter().map(|c| c.id.as_str()).collect();
    let existing: HashMap<String, Subscription> = import::subscriptions_by_id(conn, &ids)?
        .into_iter()
        .map(|s| (s.id.to_string(), s))
        .collect();

    let mut new_products: Vec<(ProductId, &Checked)> = Vec::new();
    let mut opened: Vec<(&Checked, &CustomerId, ProductId)> = Vec::new();
    let mut changes: Vec<(&Checked, ProductId)> = Vec::new();
    for c in checked {
        let Some(customer) = customers.get(c.tenant.as_str()) else {
            report.refuse(
                c.line,
                Msg::new("import-row-customer-not-related").arg("tenant", c.tenant.as_str()),
            );
            continue;
        };
        let product = match products.get(&c.offer_id) {
            Some(p) => p.clone(),
            None => {
                let id = ProductId::generate();
                products.insert(c.offer_id.clone(), id.clone());
                new_products.push((id.clone(), c));
                id
            }
        };
        match existing.get(c.id.as_str()) {
            Some(s) if s.seller_id.as_ref() != Some(&importer.partner) => {
                report.refuse(c.line, Msg::new("import-row-other-seller"));
            }
            Some(s) if &s.customer_id != customer => {
                report.refuse(c.line, Msg::new("import-row-other-customer"));
            }
            Some(s) => {
                if s.product_id != product
                    || s.quantity != c.quantity
                    || s.status != c.status
                    || s.reseller_of_record_id != c.reseller
                {
                    report.changed += 1;
                    changes.push((c, product));
                } else {
                    report.unchanged += 1;
                }
            }
            None => {
                report.new += 1;
                opened.push((c, customer, product));
            }
        }
    }
    if report.is_refused() {
        return Ok(());
    }
    let rows: Vec<NewProduct<'_>> = new_products
        .iter()
        .map(|(id, c)| NewProduct {
            id,
            name: &c.offer_name,
            offer_id: &c.offer_id,
            commerce_type: c.commerce,
        })
        .collect();
    import::insert_products(conn, &rows)?;
    let now = crate::db::now();
    let rows: Vec<OpenWithId<'_>> = opened
        .iter()
        .map(|(c, customer, product)| OpenWithId {
            id: &c.id,
            created_at: c.created_at.unwrap_or(now),
            open: OpenSubscription {
                customer,
                product,
                quantity: c.quantity,
                status: c.status,
                seller: Some(&importer.partner),
                reseller_of_record: c.reseller.as_ref(),
            },
        })
        .collect();
    open_many(conn, importer.rule, &rows)?;
    let rows: Vec<SubscriptionChange<'_>> = changes
        .iter()
        .map(|(c, product)| SubscriptionChange {
            id: c.id.as_str(),
            product_id: product.as_str(),
            quantity: c.quantity,
            status: c.status,
            reseller_of_record_id: c.reseller.as_ref().map(PartnerId::as_str),
        })
        .collect();
    import::update_subscriptions(conn, &rows, now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_excel_writes_them() {
        for raw in [
            "2026-03-01",
            "01.03.2026",
            "3/1/2026",
            "2026-03-01T00:00:00Z",
        ] {
            assert_eq!(
                super::date(raw).map(|d| d.date().to_string()).as_deref(),
                Some("2026-03-01"),
                "{raw}"
            );
        }
        assert_eq!(super::date("yesterday"), None);
    }
}
