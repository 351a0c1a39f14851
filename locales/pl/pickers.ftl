# Wybór kontaktu pomocy technicznej, podpowiedzi, tabela na stronie klienta, łącza strony
# przeglądu, bloki partnerów na stronie Pomoc techniczna i kopiowanie identyfikatora dzierżawy.

picker-find-label = Znajdź partnera
picker-find-submit = Szukaj
picker-find-help = Nazwa lub PartnerID.
picker-found = { $count ->
        [one] „{ $text }”: pasuje { $count } partner, którego można wybrać.
        [few] „{ $text }”: pasuje { $count } partnerów, których można wybrać.
       *[many] „{ $text }”: pasuje { $count } partnerów, których można wybrać.
    }
picker-show-all = Pokaż wszystkich partnerów
picker-none-eligible = Żaden partner, którego można wybrać, nie pasuje do wyszukiwania.
picker-eligible-hidden = { $count ->
        [one] Jeszcze { $count } partner, którego można wybrać, nie pasuje do wyszukiwania.
       *[other] Jeszcze { $count } partnerów, których można wybrać, nie pasuje do wyszukiwania.
    }
picker-why-not = Dlaczego nie mogę wybrać { $count ->
        [one] pozostałego odsprzedawcy
       *[other] pozostałych odsprzedawców ({ $count })
    }?
picker-ineligible-more = Jeszcze { $count }: wyszukaj po nazwie lub PartnerID, aby znaleźć konkretnego.
picker-ineligible-hidden = { $count ->
        [one] Jeszcze { $count } odsprzedawca nie pasuje do wyszukiwania.
       *[other] Jeszcze { $count } odsprzedawców nie pasuje do wyszukiwania.
    }
suggest-none = Brak podpowiedzi
customer-page-not-seller = nie jest sprzedawcą
customer-page-change = Zmień
customer-page-change-label = Zmień wyznaczony kontakt pomocy technicznej dla: { $product }
customer-page-just-changed = właśnie zmieniono
review-change-another = Zmień inną subskrypcję klienta { $customer }
review-change-another-many = Klient { $customer } ma jeszcze { $count } subskrypcji, które możesz przypisać: wybierz jedną na stronie klienta.
review-change-another-contact = teraz { $contact }
support-page-partner-supports = Obsługuje
support-page-partner-count = { $count ->
        [one] { $count } subskrypcja
        [few] { $count } subskrypcje
       *[many] { $count } subskrypcji
    }
tenant-id-copy = Kopiuj
tenant-id-copied = Skopiowano
tenant-id-copy-label = Kopiuj identyfikator dzierżawy { $tenant }
