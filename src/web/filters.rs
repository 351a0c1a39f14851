//! The app's own askama filters: how a value is shown, for the templates (`{{ row|seller_name }}`).
//! A template finds them as `filters::…` from the module of its page struct, so each module whose
//! templates use one imports this module (`use crate::web::filters;`). Their output is escaped
//! like any other value.

use crate::domain::customers::SubscriptionRow;

/// The seller of a subscription row by name: Microsoft when there is no partner.
#[askama::filter_fn]
pub fn seller_name<'a>(
    row: &'a SubscriptionRow,
    _: &dyn askama::Values,
) -> askama::Result<&'a str> {
    Ok(row.seller.as_ref().map_or("Microsoft", |s| s.name.as_str()))
}

/// A phone number as a `tel:` link's target: the digits and a leading `+`, without the spaces
/// and punctuation people write for reading (RFC 3966 allows none of the spaces).
#[askama::filter_fn]
pub fn tel_target<T: AsRef<str>>(phone: T, _: &dyn askama::Values) -> askama::Result<String> {
    let phone = phone.as_ref().trim();
    let mut target: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.starts_with('+') {
        target.insert(0, '+');
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::tel_target;

    /// The filter as a template applies it.
    fn tel(phone: &str) -> String {
        tel_target::default()
            .execute(phone, askama::NO_VALUES)
            .unwrap_or_else(|e| panic!("tel_target failed on {phone:?}: {e}"))
    }

    #[test]
    fn tel_links_keep_only_the_plus_and_the_digits() {
        assert_eq!(tel("+1 425 555 0142"), "+14255550142");
        assert_eq!(tel(" +44 (20) 7946-0958 "), "+442079460958");
        assert_eq!(tel("0800 123 456"), "0800123456");
        assert_eq!(tel(""), "");
    }
}
