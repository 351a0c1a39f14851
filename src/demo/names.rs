//! Names of generated companies.

/// The part of a domain made from a company name: its letters and digits, Polish letters folded
/// to ASCII, lowercased.
pub(super) fn slug(name: &str) -> String {
    name.chars()
        .map(fold_polish)
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn fold_polish(c: char) -> char {
    match c {
        'ą' | 'Ą' => 'a',
        'ć' | 'Ć' => 'c',
        'ę' | 'Ę' => 'e',
        'ł' | 'Ł' => 'l',
        'ń' | 'Ń' => 'n',
        'ó' | 'Ó' => 'o',
        'ś' | 'Ś' => 's',
        'ź' | 'Ź' | 'ż' | 'Ż' => 'z',
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_polish_letters_and_drop_the_rest() {
        assert_eq!(slug("Zakłady Mięsne Łódź"), "zakladymiesnelodz");
        assert_eq!(slug("Coho Labs 99"), "coholabs99");
        assert_eq!(slug("Margie's Travel & Co."), "margiestravelco");
        assert_eq!(slug("Żółć Ąę Śń Ć Ź"), "zolcaesncz");
    }
}
