//! Names of the large demo's generated companies, English ("Coho Labs 99") and Polish ("Zakłady
//! Mięsne Łódź sp. z o.o."), each unique by the label of its domain (`coholabs99`,
//! `zakladymiesnelodz`), which is unique in turn.

use std::collections::HashSet;

use super::rng::Rng;
use super::words::{self, list};

/// A generated company's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CompanyName {
    /// As shown: "Zakłady Mięsne Łódź sp. z o.o.".
    pub(super) name: String,
    /// Lowercase ASCII letters and digits, unique: "zakladymiesnelodz". Customers' domains are
    /// `<label>.onmicrosoft.com`.
    pub(super) label: String,
    /// ISO country code.
    pub(super) country: &'static str,
}

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

/// Draws of distinct company names.
pub(super) struct NameBook {
    roots: Vec<&'static str>,
    trades: Vec<&'static str>,
    countries: Vec<&'static str>,
    kinds: Vec<&'static str>,
    places: Vec<&'static str>,
    surnames: Vec<&'static str>,
    forms: Vec<&'static str>,
    reseller_trades: Vec<&'static str>,
    polish_reseller_trades: Vec<&'static str>,
    /// The labels given out (and the ones reserved).
    seen: HashSet<String>,
    /// Numbers from 1000 up, for the rare name that needs one to be unique: unbounded, so that a
    /// draw always ends.
    next_fallback: usize,
}

/// How many collisions in a row before a draw falls back to a numbered name.
const ATTEMPTS: usize = 64;

impl NameBook {
    /// A book that never gives out the `reserved` labels.
    pub(super) fn new(reserved: &[&str]) -> Self {
        Self {
            roots: list(words::ROOTS),
            trades: list(words::TRADES),
            countries: list(words::COUNTRIES),
            kinds: list(words::POLISH_KINDS),
            places: list(words::POLISH_PLACES),
            surnames: list(words::POLISH_SURNAMES),
            forms: list(words::POLISH_FORMS),
            reseller_trades: list(words::RESELLER_TRADES),
            polish_reseller_trades: list(words::POLISH_RESELLER_TRADES),
            seen: reserved.iter().map(|label| slug(label)).collect(),
            next_fallback: 1000,
        }
    }

    /// A customer's name, not given out before: two in three English, one in three Polish.
    pub(super) fn customer(&mut self, rng: &mut Rng) -> CompanyName {
        self.unique(rng, false)
    }

    /// A reseller's name, not given out before.
    pub(super) fn reseller(&mut self, rng: &mut Rng) -> CompanyName {
        self.unique(rng, true)
    }

    fn unique(&mut self, rng: &mut Rng, reseller: bool) -> CompanyName {
        for _ in 0..ATTEMPTS {
            let candidate = if reseller {
                self.draw_reseller(rng)
            } else {
                self.draw_customer(rng)
            };
            if self.seen.insert(candidate.label.clone()) {
                return candidate;
            }
        }
        loop {
            let trades = if reseller {
                &self.reseller_trades
            } else {
                &self.trades
            };
            let base = self.english(rng, trades);
            let name = format!("{} {}", base.name, self.next_fallback);
            self.next_fallback += 1;
            let label = slug(&name);
            if self.seen.insert(label.clone()) {
                return CompanyName {
                    name,
                    label,
                    ..base
                };
            }
        }
    }

    fn draw_customer(&self, rng: &mut Rng) -> CompanyName {
        if rng.chance(34) {
            let kind = self.word(rng, &self.kinds);
            let base = match rng.below(10) {
                0..=2 => format!("{kind} {}", self.word(rng, &self.places)),
                3..=5 => format!("{kind} {}", self.word(rng, &self.surnames)),
                _ => {
                    let first = self.word(rng, &self.surnames);
                    let second = self.word(rng, &self.surnames);
                    format!("{kind} {first}-{second}")
                }
            };
            self.polish(rng, base)
        } else {
            let plain = self.english(rng, &self.trades);
            if rng.chance(40) {
                plain
            } else {
                let name = format!("{} {}", plain.name, rng.between(2, 999));
                CompanyName {
                    label: slug(&name),
                    name,
                    ..plain
                }
            }
        }
    }

    fn draw_reseller(&self, rng: &mut Rng) -> CompanyName {
        if rng.chance(40) {
            let trade = self.word(rng, &self.polish_reseller_trades);
            let base = if rng.chance(50) {
                format!("{trade} {}", self.word(rng, &self.places))
            } else {
                format!("{} {trade}", self.word(rng, &self.surnames))
            };
            self.polish(rng, base)
        } else {
            self.english(rng, &self.reseller_trades)
        }
    }

    /// "Root Trade", in one of the English-speaking (mostly) countries.
    fn english(&self, rng: &mut Rng, trades: &[&'static str]) -> CompanyName {
        let name = format!("{} {}", self.word(rng, &self.roots), self.word(rng, trades));
        CompanyName {
            label: slug(&name),
            name,
            country: self.word(rng, &self.countries),
        }
    }

    /// A Polish firm: the legal form follows the name and stays out of the label.
    fn polish(&self, rng: &mut Rng, base: String) -> CompanyName {
        let form = self.word(rng, &self.forms);
        CompanyName {
            label: slug(&base),
            name: format!("{base} {form}"),
            country: "PL",
        }
    }

    fn word(&self, rng: &mut Rng, words: &[&'static str]) -> &'static str {
        rng.pick(words).unwrap_or_default()
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

    #[test]
    fn twenty_thousand_customer_names_are_distinct_and_varied() {
        let mut rng = Rng::seeded(11);
        let mut book = NameBook::new(&["adatum", "woodgrove"]);
        let names: Vec<CompanyName> = (0..20_000).map(|_| book.customer(&mut rng)).collect();
        let distinct_names: HashSet<&str> = names.iter().map(|n| n.name.as_str()).collect();
        let distinct_labels: HashSet<&str> = names.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(distinct_names.len(), names.len());
        assert_eq!(distinct_labels.len(), names.len());
        for n in &names {
            assert!(!n.label.is_empty(), "{n:?}");
            assert!(
                n.label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{n:?}"
            );
            assert!(n.label != "adatum" && n.label != "woodgrove");
            assert_eq!(n.country.len(), 2, "{n:?}");
        }
        let polish = names
            .iter()
            .filter(|n| n.name.contains("sp. z o.o."))
            .count();
        let numbered = names
            .iter()
            .filter(|n| n.name.ends_with(|c: char| c.is_ascii_digit()))
            .count();
        let diacritics = names.iter().filter(|n| !n.name.is_ascii()).count();
        assert!(polish > 2_000 && numbered > 5_000 && diacritics > 3_000);
    }

    #[test]
    fn resellers_get_their_own_distinct_names() {
        let mut rng = Rng::seeded(12);
        let mut book = NameBook::new(&[]);
        let names: Vec<CompanyName> = (0..1_000).map(|_| book.reseller(&mut rng)).collect();
        let labels: HashSet<&str> = names.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels.len(), names.len());
        assert!(names.iter().any(|n| n.country == "PL"));
        assert!(names.iter().any(|n| n.country != "PL"));
    }

    #[test]
    fn a_full_book_still_gives_out_new_names() {
        let mut rng = Rng::seeded(13);
        let mut book = NameBook::new(&[]);
        // Far more resellers than their plain word pairs: the numbered fallback takes over.
        let labels: HashSet<String> = (0..5_000).map(|_| book.reseller(&mut rng).label).collect();
        assert_eq!(labels.len(), 5_000);
    }
}
