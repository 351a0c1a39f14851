# Dziennik aktywności.

## Strona

activity-lead = Co zrobiła Twoja organizacja i co zrobili inni w sprawach, które jej dotyczą: przypisania kontaktów pomocy technicznej, zaproszenia, relacje i partnerstwa. Od najnowszych; godziny w czasie UTC.
activity-filters-label = Filtruj dziennik aktywności
activity-from = Od
activity-to = Do
activity-dates-help = Dni według czasu UTC; oba dni są uwzględniane. Pozostaw datę pustą, aby nie ograniczać zakresu. Jeśli przeglądarka pokazuje pole tekstowe, wpisz datę w postaci RRRR-MM-DD, na przykład 2026-01-31.
activity-customer = Klient
activity-customer-help = Identyfikator Microsoft klienta (identyfikator dzierżawy) lub początek nazwy firmy (na przykład „Adatum”). Pozostaw puste, aby pokazać wszystkich klientów.
activity-customer-choices = Klienci do wyboru
activity-customer-shown = Zdarzenia dotyczące klienta { $name } (identyfikator Microsoft { $tenant }).
activity-operation = Operacja
activity-operation-all = Wszystkie operacje
activity-filter = Filtruj
activity-clear = Wyczyść filtry
activity-unknown-customer = Żadne zdarzenie Twojej organizacji nie dotyczy klienta o identyfikatorze Microsoft { $tenant }.
activity-show-all = Pokaż całą aktywność

## Wiersz podsumowania (liczba zdarzeń)

activity-count-none = Brak pasujących zdarzeń.
activity-count-none-yet = Brak zdarzeń.
activity-count-all = { $count ->
        [one] { $count } zdarzenie, widoczne poniżej
        [few] { $count } zdarzenia, wszystkie widoczne poniżej
       *[many] { $count } zdarzeń, wszystkie widoczne poniżej
    }
activity-count-page = { $count ->
        [one] { $count } zdarzenie, pokazano { $first }–{ $last }
        [few] { $count } zdarzenia, pokazano { $first }–{ $last }
       *[many] { $count } zdarzeń, pokazano { $first }–{ $last }
    }
activity-count-past-end = { $count ->
        [one] { $count } zdarzenie, brak na tej stronie
        [few] { $count } zdarzenia, brak na tej stronie
       *[many] { $count } zdarzeń, brak na tej stronie
    }
activity-count-more-page = { $bound ->
        [one] Ponad { $bound } zdarzenie, pokazano { $first }–{ $last }
        [few] Ponad { $bound } zdarzenia, pokazano { $first }–{ $last }
       *[many] Ponad { $bound } zdarzeń, pokazano { $first }–{ $last }
    }
activity-count-more-deep = Ponad { $bound } { $bound ->
        [one] zdarzenie
        [few] zdarzenia
       *[many] zdarzeń
    }; pokazano { $shown } { $shown ->
        [one] zdarzenie
        [few] zdarzenia
       *[many] zdarzeń
    } dalej w dzienniku
activity-count-more-past-end = { $bound ->
        [one] Ponad { $bound } zdarzenie, brak na tej stronie
        [few] Ponad { $bound } zdarzenia, brak na tej stronie
       *[many] Ponad { $bound } zdarzeń, brak na tej stronie
    }
activity-csv-link = Pobierz jako CSV
activity-csv-note = wszystkie pasujące zdarzenia, nie tylko ta strona
activity-csv-note-filtered = wszystkie zdarzenia pasujące do tych filtrów, nie tylko ta strona

## Puste stany

activity-empty-past-end = Po stronie, z której przechodzisz, nie ma już zdarzeń.
activity-first-page = Przejdź do najnowszych zdarzeń
activity-empty-yet = W Twojej organizacji nic się jeszcze nie wydarzyło. Gdy ktoś przypisze wyznaczony kontakt pomocy technicznej, wyśle zaproszenie do relacji lub usunie relację, pojawi się to tutaj.
activity-empty-filtered = Żadne zdarzenie nie pasuje do tych filtrów. Poszerz zakres dat (lub pozostaw daty puste), pozostaw pole klienta puste albo wybierz „Wszystkie operacje”.
activity-empty-clear = Wyczyść wszystkie filtry i pokaż cały dziennik

## Stronicowanie

activity-pager-newest = Najnowsze
activity-pager-newer = Nowsze
activity-pager-older = Starsze

## Tabela

activity-caption = Dziennik aktywności, od najnowszych
activity-col-when = Kiedy
activity-col-who = Kto
activity-col-customer = Klient
activity-col-subscription = Subskrypcja
activity-col-what = Operacja
activity-col-change = Przed → Po
activity-change = { $old } → { $new }
activity-none = brak

## Kto działał, operacje i wartości

activity-name = { $name }
activity-who-system = System
activity-who-unknown = Nieznany użytkownik
activity-op-support-contact-assigned = Przypisanie wyznaczonego kontaktu pomocy technicznej
activity-op-support-contact-reverted = Przywrócenie sprzedawcy jako kontaktu pomocy technicznej
activity-op-support-default-set = Ustawienie domyślnego kontaktu pomocy technicznej dla nowych subskrypcji
activity-op-support-default-cleared = Usunięcie domyślnego kontaktu pomocy technicznej dla nowych subskrypcji
activity-op-invitation-created = Utworzenie zaproszenia
activity-op-invitation-revoked = Odwołanie zaproszenia
activity-op-relationship-accepted = Zaakceptowanie relacji
activity-op-delegated-admin-removed = Usunięcie delegowanych uprawnień administratora
activity-op-relationship-removed = Usunięcie relacji
activity-op-partnership-removed = Zakończenie partnerstwa
activity-op-user-created = Utworzenie użytkownika
activity-op-organization-created = Dodanie organizacji
activity-op-unknown = { $name }
activity-value-microsoft = Microsoft
activity-value-invitation-reseller = relacja odsprzedawcy
activity-value-invitation-delegated-admin = relacja odsprzedawcy z delegowanymi uprawnieniami administratora
activity-value-invitation-pending = oczekujące
activity-value-invitation-revoked = odwołane
activity-value-relationship-none = brak relacji
activity-value-relationship-active = aktywna
activity-value-relationship-active-delegated-admin = aktywna, z delegowanymi uprawnieniami administratora
activity-value-relationship-removed = usunięta
activity-value-delegated-admin-granted = przyznane
activity-value-delegated-admin-removed = usunięte
activity-value-partnership-active = aktywne
activity-value-partnership-ended = zakończone
activity-value-user = { $email } ({ $role })
activity-value-other = { $value }

## Eksport CSV: nagłówki kolumn

activity-csv-when = Czas (UTC)
activity-csv-user = Użytkownik
activity-csv-organization = Organizacja
activity-csv-customer = Klient
activity-csv-tenant = Identyfikator Microsoft klienta
activity-csv-subscription = Identyfikator subskrypcji
activity-csv-product = Produkt
activity-csv-operation = Operacja
activity-csv-old = Przed
activity-csv-new = Po

## Błędy filtrów

activity-filter-errors-title = Sprawdź filtry
activity-filter-errors-next = Popraw filtr zgodnie z komunikatem obok niego i ponownie wybierz Filtruj.
activity-from-date-invalid = Data „od” musi mieć postać RRRR-MM-DD, na przykład 2026-01-31.
activity-to-date-invalid = Data „do” musi mieć postać RRRR-MM-DD, na przykład 2026-01-31.
activity-dates-reversed = Data „od” ({ $from }) jest późniejsza niż data „do” ({ $to }). Wybierz datę początkową nie późniejszą niż końcowa.
activity-customer-invalid = Filtr klienta musi być identyfikatorem Microsoft klienta (identyfikatorem dzierżawy), czyli identyfikatorem GUID, takim jak 6f9619ff-8b86-d011-b42d-00c04fc964ff, albo początkiem nazwy firmy, mieć najwyżej { $max } znaków i nie zawierać podziałów wiersza.
activity-customer-no-match = Żaden klient Twojej organizacji nie ma nazwy firmy zaczynającej się od „{ $typed }”. Wpisz początek nazwy tak, jak jest zapisana, albo identyfikator Microsoft klienta (identyfikator dzierżawy).
activity-customer-several = Nazwy kilku klientów zaczynają się od „{ $typed }”. Wybierz jednego lub wpisz dłuższy fragment nazwy.
activity-customer-many = Nazwy wielu klientów zaczynają się od „{ $typed }”; oto pierwsi z nich ({ $shown }). Wybierz jednego albo wpisz dłuższy fragment nazwy lub identyfikator Microsoft klienta.
activity-cursor-invalid = Ten link do strony jest uszkodzony lub niepełny. Zacznij od najnowszych zdarzeń.
activity-operation-invalid = Filtr operacji musi mieć jedną z wartości: { $known }. Wybierz ją z listy na stronie dziennika aktywności.

## Issue 15: przyczyny, więcej filtrów, szybkie zakresy, linki

activity-cause-delegated-admin-removed = ponieważ klient { $customer } usunął delegowane uprawnienia administratora partnera { $partner }
activity-cause-relationship-removed = ponieważ partner { $actor } zakończył relację partnera { $partner } z klientem { $customer }
activity-cause-relationship-ended-own = ponieważ partner { $partner } zakończył swoją relację z klientem { $customer }
activity-cause-partnership-removed = ponieważ partner { $actor } zakończył partnerstwo z partnerem { $partner }
activity-cause-other = z powodu: { $what }
activity-cause-link = Pokaż przyczynę
activity-batch-link = Przypisanie zbiorcze
activity-user = Użytkownik
activity-user-all = Wszyscy użytkownicy
activity-user-unknown = Filtr użytkownika musi wskazywać jednego z użytkowników Twojej organizacji. Wybierz go z listy.
activity-reseller = Odsprzedawca
activity-reseller-help = Jego PartnerID lub część nazwy. Pokazuje zdarzenia między Twoją organizacją a tym odsprzedawcą.
activity-reseller-choices = Pasujący odsprzedawcy
activity-reseller-invalid = Filtr odsprzedawcy musi być identyfikatorem PartnerID (6 lub 7 cyfr) lub częścią nazwy odsprzedawcy, w najwyżej { $max } znakach bez podziałów wiersza.
activity-reseller-no-match = Żaden z odsprzedawców Twojej organizacji nie ma identyfikatora PartnerID ani nazwy zawierającej „{ $typed }”.
activity-reseller-several = Nazwy kilku odsprzedawców zawierają „{ $typed }” (wymieniono pierwszych { $shown }). Wybierz jednego lub wpisz więcej nazwy.
activity-subscription = Identyfikator subskrypcji
activity-subscription-invalid = Filtr subskrypcji musi być identyfikatorem subskrypcji, czyli identyfikatorem GUID, na przykład 6f9619ff-8b86-d011-b42d-00c04fc964ff.
activity-ranges-label = Szybkie zakresy dat
activity-range-days = Ostatnie { $days } dni
activity-range-invalid = Szybki zakres musi obejmować ostatnie 7, 30 lub 90 dni. Wybierz jeden z linków.
activity-range-and-dates = Wybierz szybki zakres albo daty, nie oba naraz. Wyczyść daty „od” i „do” lub wybierz daty bez szybkiego zakresu.
activity-event-invalid = Ten link do zdarzenia jest uszkodzony: identyfikator zdarzenia to identyfikator GUID. Otwórz dziennik i ponownie użyj linku.
