# Domyślny kontakt pomocy technicznej klienta dla nowych subskrypcji (zgłoszenie 15, reguła 1) i
# jego usuwanie przez regułę 3.

default-title = Kontakt pomocy technicznej dla nowych subskrypcji
default-heading = Kontakt pomocy technicznej dla nowych subskrypcji klienta { $customer }
default-saved = Zapisano: nowe subskrypcje klienta { $customer } będą teraz obsługiwane przez firmę { $partner }.
default-now-partner = Nowe subskrypcje, które firma { $seller } otwiera dla klienta { $customer }, obsługuje firma { $partner }.
default-now-seller = Nowe subskrypcje, które firma { $seller } otwiera dla klienta { $customer }, obsługuje sprzedawca, firma { $seller }.
default-help = Dotyczy to subskrypcji, które firma { $seller } otworzy od teraz, także importowanych, dopóki partner spełnia warunki. Istniejące subskrypcje zachowują swój kontakt, chyba że zastosujesz go do nich poniżej.
default-heading-read-only = Kontakt pomocy technicznej dla nowych subskrypcji (tylko do odczytu)
default-form-heading = Zmień kontakt pomocy technicznej dla nowych subskrypcji
default-error-heading = Nie zmieniono kontaktu pomocy technicznej dla nowych subskrypcji
default-legend = Kontakt pomocy technicznej dla nowych subskrypcji
default-form-help = Na liście są tylko partnerzy spełniający warunki dla klienta { $customer }: Twoja organizacja oraz Twoi odsprzedawcy z aktywnym partnerstwem i aktywną relacją z klientem (oraz, gdy są wymagane, delegowanymi uprawnieniami administratora). Wybierz swoją organizację, aby wrócić do sprzedawcy.
default-choice-seller = sprzedawca
default-submit = Prześlij
default-apply-heading = Istniejące subskrypcje
default-apply-none = Wszystkie subskrypcje, które firma { $seller } sprzedaje temu klientowi, są już obsługiwane przez firmę { $partner }.
default-apply-summary = { $count ->
        [one] { $count } subskrypcja, którą firma { $seller } sprzedaje temu klientowi, nie jest obsługiwana
        [few] { $count } subskrypcje, które firma { $seller } sprzedaje temu klientowi, nie są obsługiwane
       *[many] { $count } subskrypcji, które firma { $seller } sprzedaje temu klientowi, nie jest obsługiwanych
    } przez firmę { $partner }:
default-apply-col-customer = Klient
default-apply-col-product = Produkt
default-apply-col-contact = Bieżący kontakt pomocy technicznej
default-apply-submit = { $count ->
        [one] Zastosuj także do tej subskrypcji
        [few] Zastosuj także do tych { $count } subskrypcji
       *[many] Zastosuj także do tych { $count } subskrypcji
    }
default-section-heading = Kontakt pomocy technicznej dla nowych subskrypcji
default-section-partner = { $partner } ({ $mpn }).
default-section-seller = Sprzedawca, firma { $seller }.
default-section-change = Zmień
default-section-view = Wyświetl
default-section-change-label = Zmień kontakt pomocy technicznej dla nowych subskrypcji
default-reseller-forbidden = Kontakt pomocy technicznej dla nowych subskrypcji klienta ustala sprzedawca (dostawca pośredni lub partner bezpośredni); odsprzedawcy nie mogą tego robić.
default-role-read-only = Twoja rola ({ $role }) pozwala wyświetlać kontakt pomocy technicznej dla nowych subskrypcji, ale nie zmieniać go. Mogą to robić administratorzy globalni, agenci administracyjni i agenci pomocy technicznej.
default-unknown-partner = PartnerID { $mpn } nie należy ani do firmy { $seller }, ani do żadnego z jej odsprzedawców. Wybierz jednego z partnerów z listy.
default-ineligible = Firma { $partner } nie może być kontaktem pomocy technicznej dla nowych subskrypcji klienta { $customer }: { $reason }. Jak to naprawić: { $fix }
default-already = Firma { $partner } jest już kontaktem pomocy technicznej dla nowych subskrypcji. Wybierz innego partnera, aby go zmienić.
default-stale = Podczas Twojej edycji kontakt pomocy technicznej dla nowych subskrypcji zmieniono na { $to }. Autor zmiany: { $who }, czas: { $when }. Twoja zmiana nie została zapisana: sprawdź poniżej bieżący wybór i prześlij formularz ponownie, jeśli nadal chcesz go zmienić.
default-stale-unknown = Ktoś inny zmienił kontakt pomocy technicznej dla nowych subskrypcji (teraz { $to }) podczas Twojej edycji. Twoja zmiana nie została zapisana: sprawdź go poniżej i prześlij formularz ponownie.
default-malformed-partner = Wybierz partnera: przesłany wybór nie był identyfikatorem PartnerID (6 lub 7 cyfr).
default-malformed-current = Formularz był niekompletny (brakowało bieżącego wyboru). Niczego nie zmieniono: prześlij formularz ponownie.
default-cleared-heading = Kontakty pomocy technicznej dla nowych subskrypcji, które zostaną usunięte
default-cleared-none = Żaden kontakt pomocy technicznej dla nowych subskrypcji klienta nie wskazuje tego partnera.
default-cleared-count = { $count ->
        [one] { $count } ustawienie domyślne klienta wskazuje tego partnera; nowe subskrypcje znów będzie obsługiwał sprzedawca:
        [few] { $count } ustawienia domyślne klientów wskazują tego partnera; nowe subskrypcje znów będzie obsługiwał sprzedawca:
       *[many] { $count } ustawień domyślnych klientów wskazuje tego partnera; nowe subskrypcje znów będzie obsługiwał sprzedawca:
    }
default-cleared-item = { $customer }: nowe subskrypcje od firmy { $seller } obsługiwała firma { $partner }
removal-done-defaults-cleared = { $done } { $count ->
        [one] Usunięto { $count } kontakt pomocy technicznej dla nowych subskrypcji
        [few] Usunięto { $count } kontakty pomocy technicznej dla nowych subskrypcji
       *[many] Usunięto { $count } kontaktów pomocy technicznej dla nowych subskrypcji
    } (wraca sprzedawca): { $list }.
