//! The accepted columns of each kind of file, by their English and Polish names (as Partner
//! Center writes them; docs/import.md lists them), and the accepted words for statuses and
//! commerce types.

use crate::db::models::import::ImportKind;
use crate::db::models::product::CommerceType;
use crate::db::models::subscription::SubscriptionStatus;

/// A column an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Customers: the company name.
    CompanyName,
    /// Customers: the primary domain.
    Domain,
    /// Customers: the tenant id ("Microsoft ID"); subscriptions: the customer's.
    TenantId,
    /// Customers: the country.
    Country,
    /// Subscriptions: the subscription id.
    SubscriptionId,
    /// Subscriptions: the offer's name.
    OfferName,
    /// Subscriptions: the offer id.
    OfferId,
    /// Subscriptions: licences.
    Quantity,
    /// Subscriptions: status.
    Status,
    /// Subscriptions: legacy or new commerce.
    CommerceType,
    /// Subscriptions: the reseller of record's PartnerID (optional).
    ResellerPartnerId,
    /// Subscriptions: when it was created (optional).
    CreatedDate,
}

/// The columns of a kind of file: (column, required, its accepted names). Names are compared
/// case-insensitively, with runs of white space as one space.
pub fn columns(kind: ImportKind) -> &'static [(Column, bool, &'static [&'static str])] {
    match kind {
        ImportKind::Customers => &[
            (
                Column::CompanyName,
                true,
                &[
                    "company name",
                    "customer name",
                    "nazwa firmy",
                    "nazwa klienta",
                ],
            ),
            (
                Column::Domain,
                true,
                &[
                    "primary domain",
                    "primary domain name",
                    "domain",
                    "domena podstawowa",
                    "nazwa domeny podstawowej",
                    "domena",
                ],
            ),
            (
                Column::TenantId,
                true,
                &[
                    "microsoft id",
                    "tenant id",
                    "identyfikator microsoft",
                    "identyfikator dzierżawy",
                ],
            ),
            (
                Column::Country,
                true,
                &["country", "country/region", "kraj", "kraj/region"],
            ),
        ],
        ImportKind::Subscriptions => &[
            (
                Column::SubscriptionId,
                true,
                &["subscription id", "identyfikator subskrypcji"],
            ),
            (
                Column::TenantId,
                true,
                &[
                    "customer tenant id",
                    "microsoft id",
                    "identyfikator dzierżawy klienta",
                    "identyfikator microsoft",
                ],
            ),
            (Column::OfferName, true, &["offer name", "nazwa oferty"]),
            (Column::OfferId, true, &["offer id", "identyfikator oferty"]),
            (
                Column::Quantity,
                true,
                &["quantity", "ilość", "liczba licencji"],
            ),
            (Column::Status, true, &["status", "stan"]),
            (
                Column::CommerceType,
                true,
                &["commerce type", "typ handlu", "typ commerce"],
            ),
            (
                Column::ResellerPartnerId,
                false,
                &[
                    "reseller partnerid",
                    "reseller partner id",
                    "reseller mpn id",
                    "reseller of record",
                    "partnerid odsprzedawcy",
                    "identyfikator partnera odsprzedawcy",
                    "odsprzedawca rejestrowy",
                ],
            ),
            (
                Column::CreatedDate,
                false,
                &["created date", "creation date", "data utworzenia"],
            ),
        ],
    }
}

/// A header or word as compared: trimmed, lowercase, runs of white space as one space.
pub fn fold(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The header row read: each file column's [`Column`] (`None` for a column not read).
#[derive(Debug)]
pub struct Layout {
    /// Index of each column in the file's records.
    pub at: Vec<(Column, usize)>,
    /// Fields per record.
    pub width: usize,
}

impl Layout {
    /// Where `column` is in a record, if the file has it.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.at.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }
}

/// Reads a header row: unknown, repeated and missing columns are named.
pub fn read_header<'a>(
    kind: ImportKind,
    header: impl Iterator<Item = &'a str>,
) -> Result<Layout, HeaderProblem> {
    let accepted = columns(kind);
    let mut at = Vec::new();
    let mut unknown = Vec::new();
    let mut width = 0;
    for (i, raw) in header.enumerate() {
        width = i + 1;
        let name = fold(raw);
        if name.is_empty() {
            unknown.push(format!("#{}", i + 1));
            continue;
        }
        match accepted
            .iter()
            .find(|(_, _, names)| names.contains(&name.as_str()))
        {
            Some((column, _, _)) if at.iter().any(|(c, _)| c == column) => {
                unknown.push(raw.trim().to_owned())
            }
            Some((column, _, _)) => at.push((*column, i)),
            None => unknown.push(raw.trim().to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(HeaderProblem::Unknown(unknown));
    }
    let missing: Vec<String> = accepted
        .iter()
        .filter(|(c, required, _)| *required && !at.iter().any(|(a, _)| a == c))
        .map(|(c, _, _)| c.english().to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(HeaderProblem::Missing(missing));
    }
    Ok(Layout { at, width })
}

impl Column {
    /// Its English header, as docs/import.md writes it.
    pub fn english(self) -> &'static str {
        match self {
            Self::CompanyName => "Company name",
            Self::Domain => "Primary domain",
            Self::TenantId => "Microsoft ID",
            Self::Country => "Country",
            Self::SubscriptionId => "Subscription ID",
            Self::OfferName => "Offer name",
            Self::OfferId => "Offer ID",
            Self::Quantity => "Quantity",
            Self::Status => "Status",
            Self::CommerceType => "Commerce type",
            Self::ResellerPartnerId => "Reseller PartnerID",
            Self::CreatedDate => "Created date",
        }
    }
}

/// What is wrong with a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    /// Columns partnerdesk does not read (or a column given twice).
    Unknown(Vec<String>),
    /// Required columns that are not there (by their English names).
    Missing(Vec<String>),
}

/// A status as Partner Center writes it, in English or Polish.
pub fn status(raw: &str) -> Option<SubscriptionStatus> {
    Some(match fold(raw).as_str() {
        "active" | "aktywna" | "aktywne" | "aktywny" => SubscriptionStatus::Active,
        "suspended" | "zawieszona" | "zawieszone" | "wstrzymana" => SubscriptionStatus::Suspended,
        "expired" | "wygasła" | "wygasłe" => SubscriptionStatus::Expired,
        "deleted" | "cancelled" | "canceled" | "usunięta" | "usunięte" | "anulowana" => {
            SubscriptionStatus::Deleted
        }
        _ => return None,
    })
}

/// A commerce type as Partner Center writes it, in English or Polish.
pub fn commerce_type(raw: &str) -> Option<CommerceType> {
    Some(match fold(raw).as_str() {
        "legacy" | "starsza wersja" | "starszy" | "starsza" => CommerceType::Legacy,
        "new commerce"
        | "new_commerce"
        | "nce"
        | "new commerce experience"
        | "nowy handel"
        | "nowe środowisko handlowe"
        | "nowe środowisko commerce" => CommerceType::NewCommerce,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_read_in_both_languages() {
        let en = ["Company name", "Primary domain", "Microsoft ID", "Country"];
        assert!(read_header(ImportKind::Customers, en.into_iter()).is_ok());
        let pl = [
            "Nazwa firmy",
            "DOMENA  podstawowa",
            "Identyfikator Microsoft",
            "Kraj",
        ];
        assert!(read_header(ImportKind::Customers, pl.into_iter()).is_ok());
        assert_eq!(
            read_header(
                ImportKind::Customers,
                ["Company name", "Colour"].into_iter()
            )
            .err(),
            Some(HeaderProblem::Unknown(vec!["Colour".to_owned()]))
        );
        assert_eq!(
            read_header(
                ImportKind::Customers,
                ["Company name", "Country"].into_iter()
            )
            .err(),
            Some(HeaderProblem::Missing(vec![
                "Primary domain".to_owned(),
                "Microsoft ID".to_owned()
            ]))
        );
        assert_eq!(status("Aktywna"), Some(SubscriptionStatus::Active));
        assert_eq!(
            commerce_type("New commerce"),
            Some(CommerceType::NewCommerce)
        );
        assert_eq!(status("maybe"), None);
    }
}
