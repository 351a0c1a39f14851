//! Words for the names of generated customers. Each list is one string, `|`-separated, so that a
//! few hundred words take a few lines. The standard demo uses the first [`STANDARD_WORDS`] of
//! [`ROOTS`] and of [`TRADES`].

/// How many of [`ROOTS`] and [`TRADES`] the standard demo uses: changing them changes its names.
pub(super) const STANDARD_WORDS: usize = 34;

/// First words of English company names.
pub(super) const ROOTS: &str = "Aspen|Bayview|Beacon|Bluebird|Brightwater|Cascade|Cedar Point|\
    Copperfield|Crescent|Evergreen|Falcon|Granite|Harbor|Highland|Horizon|Ironbridge|Juniper|\
    Keystone|Lakeshore|Maple Leaf|Meridian|Oakridge|Pacific Rim|Pinnacle|Prairie|Red Rock|\
    Riverbend|Silverline|Sterling|Stonegate|Summit|Sunrise|Twin Oaks|Willow Creek|Coho|Alpine|\
    Tailwind|Lucerne|Wingtip|Fourth Street|Wide World|Blue Yonder|Humongous|Proseware|Lamna|\
    Relecloud|VanArsdel|Woodland|Silver Lake|Ember|Atlas|Bright Harbor|Cobalt|Driftwood|Foxglove|\
    Golden Gate|Hillcrest|Ivy Lane|Kingfisher|Lighthouse|Moonstone|North Star|Orchard|\
    Pebble Beach|Quarry|Rosewood|Sandstone|Thistle|Union Square|Vantage|Westbrook|Yellowstone";

/// Last words of English company names.
pub(super) const TRADES: &str = "Holdings|Logistics|Dental Group|Airlines|Winery|Publishing|\
    Insurance|Healthcare|Travel|Consulting|Architects|Law Partners|Engineering|Foods|\
    Manufacturing|Bakery|Outfitters|Realty|Accounting|Veterinary Clinic|Credit Union|Pharmacy|\
    Motors|Hotels|Studios|Labs|Energy|Construction|Academy|Ski House|Brewing Company|\
    Medical Center|Freight|Marine|Robotics|Analytics|Software|Pet Care|Fitness|Florists|Printing|\
    Plumbing|Electric|Roofing|Design|Media|Capital|Partners|Clinic|Dairy|Farms|Textiles|\
    Furniture|Optics|Security|Solar|Water|Transport|Tours|Catering|Coffee|Cycles|Toys|Books";

/// Countries of English-named customers and resellers, weighted by repetition.
pub(super) const COUNTRIES: &str = "US|US|US|US|US|US|CA|CA|GB|GB|IE|DE|FR|NL|PL|SE|ES|AU";

/// The words of a list.
pub(super) fn list(words: &'static str) -> Vec<&'static str> {
    words.split('|').collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn lists_hold_clean_distinct_words() {
        let weighted = [COUNTRIES];
        for words in [ROOTS, TRADES, COUNTRIES] {
            let items = list(words);
            assert!(items.len() > 1);
            for item in &items {
                assert!(!item.is_empty() && item.trim() == *item, "{item:?}");
                assert!(!item.contains("  "), "{item:?}");
            }
            let distinct: HashSet<&str> = items.iter().copied().collect();
            if !weighted.contains(&words) {
                assert_eq!(distinct.len(), items.len(), "repeated word in {words}");
            }
        }
    }

    #[test]
    fn no_word_is_a_cast_name() {
        let cast = [
            "Contoso",
            "Fabrikam",
            "Trey",
            "Northwind",
            "Litware",
            "Tailspin",
            "Adatum",
            "Woodgrove",
        ];
        for word in list(ROOTS).into_iter().chain(list(TRADES)) {
            assert!(!cast.iter().any(|c| word.contains(c)), "{word}");
        }
    }
}
