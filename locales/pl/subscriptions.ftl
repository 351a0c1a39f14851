# Lista subskrypcji wszystkich klientów (/subscriptions) i jej eksport CSV.
nav-subscriptions = Subskrypcje
subscriptions-title = Subskrypcje
subscriptions-lead = Wszystkie subskrypcje, które widzi Twoja organizacja, u wszystkich klientów, z wyznaczonym kontaktem pomocy technicznej.
subscriptions-filter-region = Filtruj subskrypcje
subscriptions-filter-contact = Kontakt pomocy technicznej
subscriptions-filter-reseller = Odsprzedawca rejestrowy
subscriptions-filter-partner-help = PartnerID lub część nazwy.
subscriptions-filter-customer = Klient
subscriptions-filter-product = Produkt
subscriptions-filter-any = Dowolny
subscriptions-filter-status = Stan
subscriptions-filter-id = Identyfikator subskrypcji
subscriptions-filter-id-help = Cały identyfikator albo co najmniej 8 jego pierwszych znaków.
subscriptions-filter-not-seller = Kontakt pomocy technicznej nie jest sprzedawcą
subscriptions-filter-submit = Filtruj
subscriptions-clear = Wyczyść filtry
subscriptions-show-all = Pokaż wszystkie subskrypcje
subscriptions-none-match = Żadna subskrypcja nie pasuje do tych filtrów.
subscriptions-none-yet = Nie ma jeszcze subskrypcji.
subscriptions-list-count = { $count ->
        [one] { $count } subskrypcja
        [few] { $count } subskrypcje
       *[many] { $count } subskrypcji
    }
subscriptions-list-count-more = Ponad { $count } subskrypcji
subscriptions-csv = Pobierz CSV
subscriptions-caption = Subskrypcje
subscriptions-col-select = Zaznacz
subscriptions-col-customer = Klient
subscriptions-col-product = Produkt
subscriptions-col-seller = Sprzedawca
subscriptions-col-reseller = Odsprzedawca rejestrowy
subscriptions-col-contact = Kontakt pomocy technicznej
subscriptions-col-status = Stan
subscriptions-col-updated = Ostatnia zmiana
subscriptions-select-row = Zaznacz { $product } klienta { $customer }
subscriptions-not-seller-mark = nie sprzedawca
subscriptions-assign-selected = Przypisz kontakt pomocy technicznej zaznaczonym
subscriptions-select-all = Zaznacz wszystkie pasujące ({ $count })
subscriptions-unknown-partner = PartnerID { $mpn } nie należy do Twojej organizacji ani do żadnego z jej odsprzedawców.
subscriptions-partner-no-name = Nazwa żadnego partnera nie zawiera „{ $name }”.
subscriptions-partner-several = Nazwy kilku partnerów zawierają „{ $name }”: wybierz jednego.
subscriptions-filter-too-long = Nazwa partnera w filtrze może mieć najwyżej { $max } znaków.
subscriptions-contact-invalid = PartnerID w filtrze kontaktu pomocy technicznej ma 6 lub 7 cyfr.
subscriptions-product-invalid = Nie znamy takiego produktu.
subscriptions-status-invalid = Stan to active, suspended, expired albo deleted.
subscriptions-not-seller-invalid = „Kontakt pomocy technicznej nie jest sprzedawcą” jest włączony (1) albo wyłączony.
subscriptions-id-invalid = Szukany identyfikator subskrypcji to cały identyfikator albo co najmniej 8 jego pierwszych cyfr szesnastkowych.
subscriptions-sort-invalid = Listę można sortować według klienta, produktu, kontaktu, stanu lub ostatniej zmiany, rosnąco lub malejąco.
subscriptions-csv-customer = Klient
subscriptions-csv-tenant = Identyfikator dzierżawy
subscriptions-csv-subscription = Identyfikator subskrypcji
subscriptions-csv-product = Produkt
subscriptions-csv-seller = Sprzedawca
subscriptions-csv-reseller = Odsprzedawca rejestrowy
subscriptions-csv-contact = Wyznaczony kontakt pomocy technicznej
subscriptions-csv-status = Stan
subscriptions-csv-updated = Ostatnia zmiana (UTC)
resellers-supports-link = { $count ->
        [one] { $count } subskrypcja obsługiwana przez { $partner }
        [few] { $count } subskrypcje obsługiwane przez { $partner }
       *[many] { $count } subskrypcji obsługiwanych przez { $partner }
    }
