//! Words for the names of generated customers and resellers, English and Polish. Each list is one
//! string, `|`-separated, so that a few hundred words take a few lines. The standard demo uses the
//! first [`STANDARD_WORDS`] of [`ROOTS`] and of [`TRADES`]; the large one uses every list.

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

/// Kinds of Polish businesses, as they begin a company name.
pub(super) const POLISH_KINDS: &str = "Zakłady Mięsne|Przedsiębiorstwo Handlowe|\
    Przedsiębiorstwo Budowlane|Biuro Rachunkowe|Hurtownia Spożywcza|Hurtownia Budowlana|\
    Piekarnia|Cukiernia|Drukarnia|Kancelaria Prawna|Kancelaria Notarialna|Apteka|\
    Spółdzielnia Mleczarska|Studio Projektowe|Fabryka Mebli|Przychodnia|Szkoła Językowa|\
    Transport i Spedycja|Usługi Remontowe|Pracownia Architektoniczna|Gabinet Stomatologiczny|\
    Zakład Energetyczny|Browar|Wytwórnia Opakowań|Tłocznia Soków|Centrum Medyczne|Biuro Podróży|\
    Agencja Reklamowa|Serwis Samochodowy|Gospodarstwo Ogrodnicze";

/// Polish towns.
pub(super) const POLISH_PLACES: &str = "Łódź|Kraków|Gdańsk|Poznań|Wrocław|Szczecin|Lublin|\
    Białystok|Rzeszów|Katowice|Toruń|Bydgoszcz|Opole|Kielce|Olsztyn|Zielona Góra|Gdynia|\
    Częstochowa|Radom|Sosnowiec|Gliwice|Bielsko-Biała|Elbląg|Płock|Tarnów|Koszalin|Legnica|\
    Słupsk|Nowy Sącz|Zamość|Łomża|Piła|Żory|Świnoujście|Gorzów Wielkopolski|Kalisz|Przemyśl|\
    Suwałki|Zakopane|Sopot|Mielec|Oświęcim|Jelenia Góra|Warszawa|Piaseczno|Pruszków";

/// Polish surnames, as they appear in firm names.
pub(super) const POLISH_SURNAMES: &str = "Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|\
    Lewandowski|Zieliński|Szymański|Woźniak|Dąbrowski|Kozłowski|Jankowski|Mazur|Kwiatkowski|\
    Krawczyk|Piotrowski|Grabowski|Nowakowski|Pawłowski|Michalski|Nowicki|Adamczyk|Dudek|Zając|\
    Wieczorek|Jabłoński|Król|Majewski|Olszewski|Jaworski|Wróbel|Malinowski|Pawlak|Witkowski|\
    Walczak|Stępień|Górski|Rutkowski|Michalak|Sikora|Ostrowski|Baran|Duda|Szewczyk|Tomaszewski|\
    Pietrzak|Marciniak|Wróblewski|Zalewski|Jakubowski|Jasiński|Zawadzki|Sadowski|Bąk|\
    Chmielewski|Włodarczyk|Borkowski|Czarnecki|Sawicki|Sokołowski|Urbański|Kubiak|Maciejewski|\
    Szczepański|Kucharski|Wilk|Kalinowski|Lis|Mazurek|Wysocki|Adamski|Kaźmierczak|Wasilewski|\
    Sobczak|Czerwiński|Andrzejewski|Cieślak|Głowacki|Zakrzewski|Kołodziej|Sikorski|Krajewski|\
    Gajewski|Szymczak|Szulc|Baranowski|Laskowski|Brzeziński|Makowski|Ziółkowski|Przybylski";

/// Polish legal forms, weighted by repetition (most firms are limited companies).
pub(super) const POLISH_FORMS: &str =
    "sp. z o.o.|sp. z o.o.|sp. z o.o.|sp. z o.o.|sp. z o.o.|S.A.|sp.j.|sp.j.|s.c.|s.c.|sp.k.";

/// How English resellers' names end.
pub(super) const RESELLER_TRADES: &str = "IT Solutions|Cloud Services|Technology Partners|\
    Systems|Networks|Managed IT|Computing|Digital|Tech|Cloud|IT Consulting|Data Services|\
    Infrastructure|IT Group|Microsoft Partners|Cyber Security";

/// How Polish resellers' names begin (with a town) or end (after a surname).
pub(super) const POLISH_RESELLER_TRADES: &str = "Systemy Informatyczne|Serwis Komputerowy|\
    Usługi IT|Informatyka|Technologie Chmurowe|Sieci Komputerowe|Integrator IT|Centrum Danych";

/// Support hours of generated resellers.
pub(super) const SUPPORT_HOURS: &str = "Mon–Fri 08:00–16:00|Mon–Fri 09:00–17:00|\
    Mon–Fri 08:00–18:00|Mon–Sat 07:00–20:00|24/7, every day|pon.–pt. 8:00–16:00|\
    pon.–pt. 9:00–17:00|pon.–sob. 8:00–20:00";

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
        let weighted = [COUNTRIES, POLISH_FORMS];
        for words in [
            ROOTS,
            TRADES,
            COUNTRIES,
            POLISH_KINDS,
            POLISH_PLACES,
            POLISH_SURNAMES,
            POLISH_FORMS,
            RESELLER_TRADES,
            POLISH_RESELLER_TRADES,
            SUPPORT_HOURS,
        ] {
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
