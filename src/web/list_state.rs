//! Where in the customer list a customer's page was opened from: the list's own parameters
//! (search, reseller filter, cursor, page size), carried by the list's row links and by the
//! customer page's links to its subscriptions, so that the "Customers" breadcrumb goes back to
//! the same list page. Read strictly and written again: a parameter that is not the list's, or a
//! value the list would refuse, is dropped, and the link always starts with `/customers`.

use serde::Deserialize;

use crate::domain::customers::ListCursor;
use crate::domain::paging::PageSize;
use crate::web::paths;

/// Longest search text kept (the list's own limit).
const MAX_SEARCH_LEN: usize = 200;
/// Longest reseller filter text kept (the list's own limit).
const MAX_RESELLER_LEN: usize = 100;

/// The list's parameters, as received (each validated when written again).
#[derive(Debug, Default, Deserialize)]
pub struct ListState {
    q: Option<String>,
    reseller: Option<String>,
    after: Option<String>,
    before: Option<String>,
    size: Option<String>,
}

fn text(raw: &Option<String>, max: usize) -> Option<&str> {
    raw.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.chars().count() <= max && !v.chars().any(char::is_control))
}

fn cursor(raw: &Option<String>) -> Option<&str> {
    raw.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty() && ListCursor::parse_token(t).is_some())
}

impl ListState {
    /// The state of a list page: its search, reseller filter (as linked), cursor and size.
    pub fn of_list(
        search: &str,
        reseller: &str,
        after: Option<&str>,
        before: Option<&str>,
        size: Option<&str>,
    ) -> Self {
        let owned = |v: Option<&str>| v.map(str::to_owned);
        Self {
            q: Some(search.to_owned()),
            reseller: Some(reseller.to_owned()),
            after: owned(after),
            before: owned(before),
            size: owned(size),
        }
    }

    /// The valid parameters, in a fixed order (`after` and `before` together: neither).
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = Vec::new();
        if let Some(q) = text(&self.q, MAX_SEARCH_LEN) {
            pairs.push(("q", q));
        }
        if let Some(r) = text(&self.reseller, MAX_RESELLER_LEN) {
            pairs.push(("reseller", r));
        }
        match (cursor(&self.after), cursor(&self.before)) {
            (Some(a), None) => pairs.push(("after", a)),
            (None, Some(b)) => pairs.push(("before", b)),
            _ => {}
        }
        if let Some(size) = PageSize::parse(self.size.as_deref()).and_then(PageSize::param) {
            pairs.push(("size", size));
        }
        pairs
    }

    /// `?q=…&…` (empty when there is nothing to keep).
    pub fn query(&self) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            query.append_pair(name, value);
        }
        format!("?{}", query.finish())
    }

    /// The customer list page it came from.
    pub fn list_href(&self) -> String {
        format!("{}{}", paths::CUSTOMERS, self.query())
    }
}

#[cfg(test)]
mod tests {
    use super::ListState;

    fn state(pairs: &str) -> ListState {
        serde_urlencoded::from_str(pairs).unwrap_or_default()
    }

    #[test]
    fn only_the_lists_own_valid_parameters_are_kept() {
        assert_eq!(state("").list_href(), "/customers");
        assert_eq!(
            state("q=a%26b+c&reseller=4200001&size=50&next=//evil.example").list_href(),
            "/customers?q=a%26b+c&reseller=4200001&size=50"
        );
        assert_eq!(state("size=25").list_href(), "/customers");
        assert_eq!(state("size=7&after=zz&q=a%0Ax").list_href(), "/customers");
        assert_eq!(
            state(&format!("q={}", "x".repeat(201))).list_href(),
            "/customers"
        );
    }
}
