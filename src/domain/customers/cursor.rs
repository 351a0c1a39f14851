//! Where a page of the customer list starts, as an opaque token for its links.

use crate::db::ids::CustomerId;
use crate::db::models::customer::SortKey;

/// Where a page of the list starts: right after or right before a customer (the Next and Previous
/// links). Carried in links as an opaque token ([`ListCursor::token`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListCursor {
    /// The page of the customers after this one.
    After(SortKey),
    /// The page of the customers before this one.
    Before(SortKey),
}

/// Longest cursor token accepted (a company name of 1,000 characters or so).
const MAX_TOKEN_LEN: usize = 8192;

impl ListCursor {
    /// The position, as a token for a link: hex of the customer id and its company name (a link
    /// keeps working when rows are added or removed around it, and says nothing a page does not).
    pub fn token(key: &SortKey) -> String {
        hex::encode(format!(
            "{}\n{}",
            key.customer_id.as_str(),
            key.company_name
        ))
    }

    /// The position in a token from a link; `None` for anything [`ListCursor::token`] did not
    /// write.
    pub fn parse_token(token: &str) -> Option<SortKey> {
        if token.len() > MAX_TOKEN_LEN {
            return None;
        }
        let text = String::from_utf8(hex::decode(token).ok()?).ok()?;
        let (id, company_name) = text.split_once('\n')?;
        let customer_id = CustomerId::parse(id).filter(|parsed| parsed.as_str() == id)?;
        Some(SortKey {
            company_name: company_name.to_owned(),
            customer_id,
        })
    }
}
