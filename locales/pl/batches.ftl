# Przypisanie zbiorcze: partia subskrypcji, jej partner, podgląd, potwierdzenie i przegląd.

batch-none-selected = Zaznacz subskrypcje, którym chcesz przypisać kontakt pomocy technicznej, i spróbuj ponownie.
batch-over-limit = Jedna partia obejmuje najwyżej { $limit } subskrypcji; zaznaczono { $count }. Zawęź wybór.
batch-subscription-malformed = Jeden z zaznaczonych identyfikatorów nie jest identyfikatorem subskrypcji.
batch-partner-unknown = { $partner } nie jest ani { $seller }, ani jednym z jego odsprzedawców: wybierz partnera poniżej.
batch-partner-empty = Wpisz PartnerID albo część nazwy partnera.
batch-partner-none = Żaden partner nie pasuje do „{ $partner }”: wpisz PartnerID lub nazwę { $seller } albo jednego z jego odsprzedawców.
batch-partner-several = Pasuje kilku partnerów: wybierz jednego
batch-already-confirmed = Ta partia została już potwierdzona: nic więcej się nie zmieniło.
batch-no-partner = Przed potwierdzeniem wybierz partnera.
batch-done = { $count ->
        [one] Zmieniono { $count } subskrypcję.
        [few] Zmieniono { $count } subskrypcje.
       *[many] Zmieniono { $count } subskrypcji.
    }
batch-stopped = { $count ->
        [one] Nic nie zmieniono: odmówiono { $count } subskrypcji, a wybrano „wszystko albo nic”.
        [few] Nic nie zmieniono: odmówiono { $count } subskrypcjom, a wybrano „wszystko albo nic”.
       *[many] Nic nie zmieniono: odmówiono { $count } subskrypcjom, a wybrano „wszystko albo nic”.
    }
batch-choose-title = Przypisz kontakt pomocy technicznej wielu subskrypcjom
batch-choose-lead = { $count ->
        [one] Zaznaczono { $count } subskrypcję. Wybierz partnera, który będzie ją wspierał.
        [few] Zaznaczono { $count } subskrypcje. Wybierz partnera, który będzie je wspierał.
       *[many] Zaznaczono { $count } subskrypcji. Wybierz partnera, który będzie je wspierał.
    }
batch-partner-label = Wyznaczony kontakt pomocy technicznej
batch-partner-help = PartnerID lub część nazwy { $seller } albo jednego z jego odsprzedawców pośrednich.
batch-partner-submit = Podgląd
batch-partner-seller = Podgląd z { $seller }
batch-back = Wróć do wyboru
batch-col-customer = Klient
batch-col-product = Produkt
batch-col-contact = Obecny kontakt pomocy technicznej
batch-col-verdict = Co się stanie
batch-col-why = Dlaczego
batch-verdict-change = Zmieni się na { $partner }
batch-verdict-already = { $partner } już ją wspiera
batch-changed-since = Zmieniona po utworzeniu podglądu: potwierdzenie jej odmówi. Utwórz podgląd ponownie, aby ją uwzględnić.
batch-stopped-row = Zatrzymała potwierdzenie: { $reason }
batch-more-rows = …i { $count } więcej.
batch-preview-title = Podgląd przypisania
batch-preview-heading = Podgląd: { $partner } jako wyznaczony kontakt pomocy technicznej
batch-counts = Podsumowanie
batch-count-change = { $count ->
        [one] { $count } zmieni się
        [few] { $count } zmienią się
       *[many] { $count } zmieni się
    }
batch-count-already = { $count ->
        [one] { $count } już wspierana
        [few] { $count } już wspierane
       *[many] { $count } już wspieranych
    }
batch-count-cannot = { $count ->
        [one] { $count } nie może się zmienić
        [few] { $count } nie mogą się zmienić
       *[many] { $count } nie może się zmienić
    }
batch-stopped-lead = { $count ->
        [one] Ostatnie potwierdzenie niczego nie zmieniło: zatrzymał je { $count } wiersz (oznaczony poniżej).
        [few] Ostatnie potwierdzenie niczego nie zmieniło: zatrzymały je { $count } wiersze (oznaczone poniżej).
       *[many] Ostatnie potwierdzenie niczego nie zmieniło: zatrzymało je { $count } wierszy (oznaczone poniżej).
    }
batch-changed-since-lead = { $count ->
        [one] { $count } subskrypcja zmieniła się od utworzenia tego podglądu.
        [few] { $count } subskrypcje zmieniły się od utworzenia tego podglądu.
       *[many] { $count } subskrypcji zmieniło się od utworzenia tego podglądu.
    }
batch-gone = { $count ->
        [one] { $count } zaznaczonej subskrypcji nie możesz już przypisać.
        [few] { $count } zaznaczonych subskrypcji nie możesz już przypisać.
       *[many] { $count } zaznaczonych subskrypcji nie możesz już przypisać.
    }
batch-cannot-heading = { $partner } nie może wspierać tych subskrypcji
batch-cannot-caption = Subskrypcje klientów, dla których partner nie kwalifikuje się, z powodem i sposobem naprawy
batch-change-heading = Te się zmienią
batch-change-caption = Subskrypcje, których wyznaczony kontakt pomocy technicznej się zmieni
batch-already-heading = { $partner } już wspiera te subskrypcje
batch-already-caption = Subskrypcje, które partner już wspiera
batch-all-or-nothing = Wszystko albo nic
batch-all-or-nothing-help = Jeśli przy potwierdzeniu którakolwiek subskrypcja zostanie odrzucona (zmieniona w międzyczasie lub partner przestał się kwalifikować), nie zmieniaj żadnej.
batch-confirm = { $count ->
        [one] Potwierdź: zmień { $count } subskrypcję
        [few] Potwierdź: zmień { $count } subskrypcje
       *[many] Potwierdź: zmień { $count } subskrypcji
    }
batch-change-partner = Wybierz innego partnera
batch-preview-again = Utwórz podgląd ponownie
batch-review-title = Przegląd przypisania
batch-review-heading = Zmieniono kontakty pomocy technicznej
batch-review-lead = { $count ->
        [one] { $partner } jest teraz wyznaczonym kontaktem pomocy technicznej kolejnej { $count } subskrypcji.
        [few] { $partner } jest teraz wyznaczonym kontaktem pomocy technicznej kolejnych { $count } subskrypcji.
       *[many] { $partner } jest teraz wyznaczonym kontaktem pomocy technicznej kolejnych { $count } subskrypcji.
    }
batch-count-changed = { $count ->
        [one] { $count } zmieniona
        [few] { $count } zmienione
       *[many] { $count } zmienionych
    }
batch-count-refused = { $count ->
        [one] { $count } odrzucona
        [few] { $count } odrzucone
       *[many] { $count } odrzuconych
    }
batch-changed-heading = Co się zmieniło
batch-refused-heading = Czego odmówiono i dlaczego
batch-customers-see = Co teraz widzi każdy klient
batch-customers-see-help = Karty, które administratorzy każdego klienta widzą na stronie Pomoc techniczna dla zmienionych produktów.
batch-reason-stale = zmieniła się po utworzeniu podglądu
batch-reason-gone = nie możesz jej już przypisać
batch-select-legend = Zaznacz subskrypcje
batch-select-row = Zaznacz { $product }
batch-select-submit = Przypisz kontakt pomocy technicznej zaznaczonym
