//! Where a page of the subscription list starts, as an opaque token for its links.

use chrono::NaiveDateTime;

use crate::db::ids::{CustomerId, SubscriptionId};
use crate::db::models::subscription_list::{ListKey, SortColumn};

/// Where a page of the list starts: right after or right before a row (the Next and Previous
/// links), in the order of one sort column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListCursor {
    /// The page of the rows after this one.
    After(ListKey),
    /// The page of the rows before this one.
    Before(ListKey),
}

/// Longest cursor token accepted (names of 1,000 characters or so).
const MAX_TOKEN_LEN: usize = 16384;

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

impl ListCursor {
    /// The position in `column`'s order, as a token for a link: hex of the row's sort values
    /// (a link keeps working when rows are added or removed around it, and says nothing the page
    /// does not).
    pub fn token(column: SortColumn, key: &ListKey) -> String {
        let values = [
            column.param().to_owned(),
            key.company_name.clone(),
            key.customer_id.as_str().to_owned(),
            key.product_name.clone(),
            key.contact_name.clone(),
            key.status.clone(),
            key.updated_at.format(TIME_FORMAT).to_string(),
            key.id.as_str().to_owned(),
        ];
        hex::encode(serde_json::to_string(&values).unwrap_or_default())
    }

    /// The position in a token from a link of the same sort column; `None` for anything
    /// [`ListCursor::token`] did not write for `column`.
    pub fn parse_token(column: SortColumn, token: &str) -> Option<ListKey> {
        if token.len() > MAX_TOKEN_LEN {
            return None;
        }
        let text = String::from_utf8(hex::decode(token).ok()?).ok()?;
        let values: Vec<String> = serde_json::from_str(&text).ok()?;
        let [
            sort,
            company,
            customer,
            product,
            contact,
            status,
            updated,
            id,
        ] = <[String; 8]>::try_from(values).ok()?;
        if sort != column.param() {
            return None;
        }
        let customer_id = CustomerId::parse(&customer).filter(|c| c.as_str() == customer)?;
        let id = SubscriptionId::parse(&id).filter(|s| s.as_str() == id)?;
        let updated_at = NaiveDateTime::parse_from_str(&updated, TIME_FORMAT).ok()?;
        Some(ListKey {
            company_name: company,
            customer_id,
            product_name: product,
            contact_name: contact,
            status,
            updated_at,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ListCursor;
    use crate::db::ids::{CustomerId, SubscriptionId};
    use crate::db::models::subscription_list::{ListKey, SortColumn};

    #[test]
    fn a_token_reads_back_in_its_own_sort_only() {
        let key = ListKey {
            company_name: "Łódź & Co\n\"x\"".to_owned(),
            customer_id: CustomerId::generate(),
            product_name: "Microsoft 365 E3".to_owned(),
            contact_name: String::new(),
            status: "active".to_owned(),
            updated_at: chrono::DateTime::from_timestamp(1_700_000_000, 123_456_000)
                .map(|t| t.naive_utc())
                .unwrap_or_default(),
            id: SubscriptionId::generate(),
        };
        let token = ListCursor::token(SortColumn::Updated, &key);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            ListCursor::parse_token(SortColumn::Updated, &token),
            Some(key)
        );
        assert_eq!(ListCursor::parse_token(SortColumn::Customer, &token), None);
        for bad in ["", "zz", "abc", &hex::encode("[]"), &"ab".repeat(9000)] {
            assert_eq!(ListCursor::parse_token(SortColumn::Customer, bad), None);
        }
    }
}
