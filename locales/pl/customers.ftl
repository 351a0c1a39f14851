# Klienci, subskrypcje, wyznaczony kontakt pomocy technicznej, strona pomocy technicznej klienta.

search-control-characters = Szukany tekst nie może zawierać znaków sterujących.
search-too-long = Szukany tekst może mieć najwyżej { $max } znaków.
page-size-invalid = Strona może mieć 25, 50 lub 100 wierszy.
page-size-label = Wierszy na stronie
reseller-filter-invalid = PartnerID w filtrze odsprzedawcy ma 6 lub 7 cyfr.
reseller-filter-too-long = Filtr odsprzedawcy może mieć najwyżej { $max } znaków.
assign-only-seller = Wyznaczony kontakt pomocy technicznej tej subskrypcji może zmienić tylko firma { $seller }, która ją sprzedała.
assign-role-read-only = Twoja rola ({ $role }) pozwala wyświetlać wyznaczone kontakty pomocy technicznej, ale nie zmieniać ich. Mogą to robić administratorzy globalni, agenci administracyjni i agenci pomocy technicznej.
bought-from-microsoft = Kupiona bezpośrednio od firmy Microsoft: pomocy technicznej udziela Microsoft.

## Lista klientów

customers-title = Klienci
customers-lead = Klienci, z którymi Twoja organizacja ma aktywną relację. Otwórz klienta, aby zobaczyć jego subskrypcje i ich kontakty pomocy technicznej.
customers-breadcrumb = Ścieżka nawigacji
customers-search-region = Znajdź klientów
customers-search-label = Szukaj
customers-search-help = Fragment nazwy firmy, domeny lub identyfikatora Microsoft (identyfikatora dzierżawy).
customers-reseller-label = Współpracuje z odsprzedawcą
customers-reseller-help = PartnerID lub fragment nazwy jednego z Twoich odsprzedawców pośrednich: pokazani zostaną tylko klienci, którzy mają również relację z nim.
customers-reseller-choices = Odsprzedawcy o pasujących nazwach
customers-search-submit = Szukaj
customers-clear = Wyczyść wyszukiwanie i filtr
customers-count = { $count ->
        [one] { $count } klient
        [few] { $count } klientów
       *[many] { $count } klientów
    }
customers-count-range = { $count ->
        [one] { $count } klient
        [few] { $count } klientów
       *[many] { $count } klientów
    } · wyświetlono { $first }–{ $last }
customers-none-match-search = Brak klientów pasujących do „{ $search }”.
customers-none-match-search-reseller = Wśród klientów współpracujących z firmą { $reseller } brak pasujących do „{ $search }”.
customers-filtered-by-reseller = Tylko ci, którzy współpracują również z firmą { $reseller }.
customers-none-with-reseller = Żaden z Twoich klientów nie współpracuje jeszcze z firmą { $reseller }.
customers-none-yet = Twoja organizacja nie ma jeszcze klientów.
customers-unknown-reseller = PartnerID { $mpn } nie należy do żadnego z Twoich odsprzedawców pośrednich, dlatego nie pokazano żadnych klientów.
customers-reseller-no-name = Żaden z Twoich odsprzedawców pośrednich nie ma w nazwie „{ $name }”, dlatego nie pokazano żadnych klientów.
customers-reseller-several = Kilku Twoich odsprzedawców pośrednich ma w nazwie „{ $name }”: wybierz jednego.
customers-show-all = Pokaż wszystkich klientów
customers-empty-search-hint = Sprawdź pisownię albo wyszukaj fragment nazwy firmy, domeny lub identyfikatora Microsoft.
customers-empty-clear-search = Wyczyść wyszukiwanie
customers-empty-reseller-hint = Klient pojawi się tutaj, gdy zaakceptuje żądanie relacji od firmy { $reseller }.
customers-empty-none-hint = Klient pojawi się tutaj, gdy jego administrator globalny zaakceptuje żądanie relacji od Twojej organizacji.
customers-empty-request = Zażądaj relacji
customers-count-between = { $count ->
        [one] { $count } klient
        [few] { $count } klientów
       *[many] { $count } klientów
    } · wyświetlono od { $from } do { $to }
customers-count-more = Ponad { $count ->
        [one] { $count } klienta
       *[other] { $count } klientów
    }
customers-count-more-range = Ponad { $count ->
        [one] { $count } klienta
       *[other] { $count } klientów
    } · wyświetlono { $first }–{ $last }
customers-count-more-between = Ponad { $count ->
        [one] { $count } klienta
       *[other] { $count } klientów
    } · wyświetlono od { $from } do { $to }
customers-scan-status = { $shown ->
        [one] { $shown } pasujący klient
        [few] { $shown } pasujących klientów
       *[many] { $shown } pasujących klientów
    }, od { $from } do { $to }
customers-scan-none-here = Wśród klientów przejrzanych dla tej strony brak pasujących do „{ $search }”.
customers-scan-short = Wyszukiwanie krótsze niż 3 litery lub cyfry z rzędu nie może korzystać z indeksu wyszukiwania, dlatego każda strona przegląda { $window } klientów według nazwy firmy i nie podaje ich liczby. Wpisz co najmniej 3 litery lub cyfry z rzędu, aby przeszukać od razu wszystkich klientów.
customers-scan-common = To wyszukiwanie pasuje do tak wielu klientów, że każda strona przegląda { $window } Twoich klientów według nazwy firmy i nie podaje ich liczby. Wpisz więcej, aby je zawęzić.
customers-scan-stopped = Ta strona przejrzała listę do „{ $name }”; przycisk Następna szuka dalej.
customers-page-empty = W tę stronę nie ma już więcej klientów: lista mogła się zmienić od czasu utworzenia tego linku.
customers-go-first-page = Przejdź do pierwszej strony
customers-table-caption = Klienci
customers-table-caption-range = Klienci od { $from } do { $to }
customers-col-company = Firma
customers-col-domain = Domena
customers-col-tenant = Identyfikator Microsoft
customers-col-country = Kraj
customers-col-subscriptions = Subskrypcje

## Strona klienta

customer-page-domain = Domena
customer-page-tenant = Identyfikator Microsoft (identyfikator dzierżawy)
customer-page-country = Kraj
customer-page-subscriptions = Subskrypcje
customer-page-subscriptions-help = Subskrypcje, które Twoja organizacja sprzedała, za które otrzymuje zachęty lub dla których zapewnia pomoc techniczną. Otwórz subskrypcję, aby zobaczyć lub zmienić jej wyznaczony kontakt pomocy technicznej.
customer-page-subscriptions-caption = Subskrypcje klienta { $customer }
customer-page-no-subscriptions = Twoja organizacja nie sprzedała żadnej subskrypcji klienta { $customer }, nie otrzymuje za nie zachęt ani nie zapewnia dla nich pomocy technicznej. Subskrypcja pojawi się tutaj, gdy Twoja organizacja ją sprzeda albo zostanie jej odsprzedawcą rejestrowym lub wyznaczonym kontaktem pomocy technicznej.
customer-page-col-product = Produkt
customer-page-col-licences = Licencje
customer-page-col-status = Stan
customer-page-col-seller = Sprzedawca
customer-page-col-reseller-of-record = Odsprzedawca rejestrowy
customer-page-col-support-contact = Wyznaczony kontakt pomocy technicznej
customer-page-none = Brak
customer-page-relationships = Relacje
customer-page-relationships-help = Relacje klienta { $customer } z Twoją organizacją i z Twoimi odsprzedawcami pośrednimi.
customer-page-relationships-caption = Relacje klienta { $customer }
customer-page-no-relationships = Klient { $customer } nie ma relacji z Twoją organizacją ani z Twoimi odsprzedawcami.
customer-page-col-partner = Partner
customer-page-col-kind = Rodzaj
customer-page-col-state = Stan
customer-page-col-delegated-admin = Delegowane uprawnienia administratora
customer-page-col-since = Od
customer-page-col-actions = Akcje
customer-page-relationship-active = Aktywna
customer-page-relationship-removed = Usunięta
customer-page-delegated-admin-granted = Przyznane
customer-page-delegated-admin-not-granted = Nieprzyznane
customer-page-remove-own = Usuń relację
customer-page-end-reseller = Zakończ relację

## Strona subskrypcji i formularz wyznaczonego kontaktu pomocy technicznej

subscription-page-customer = Klient
subscription-page-id = Identyfikator subskrypcji
subscription-page-licences = Licencje
subscription-page-status = Stan
subscription-page-commerce = Środowisko handlowe
subscription-page-seller = Sprzedawca
subscription-page-reseller-of-record = Odsprzedawca rejestrowy
subscription-page-reseller-of-record-help = Otrzymuje zachęty partnerskie za tę subskrypcję. Nie decyduje o tym, kto zapewnia klientowi pomoc techniczną.
subscription-page-support-contact = Wyznaczony kontakt pomocy technicznej
subscription-page-support-contact-help = Partner, którego administratorzy klienta { $customer } widzą przy tym produkcie na swojej stronie Pomoc techniczna i do którego dzwonią, gdy coś przestaje działać.
subscription-page-none = Brak
assign-heading = Zmień wyznaczony kontakt pomocy technicznej
assign-heading-read-only = Kto może go zmienić
assign-legend = Wybierz wyznaczony kontakt pomocy technicznej
assign-help = Twoja organizacja lub jeden z Twoich odsprzedawców pośrednich, który ma aktywną relację z klientem { $customer }.
assign-help-delegated-admin = Twoja organizacja lub jeden z Twoich odsprzedawców pośrednich, który ma aktywną relację z klientem { $customer } i delegowane uprawnienia administratora.
assign-help-disabled = Odsprzedawcy, których nie można jeszcze wybrać, są wymienieni wraz z powodem i z tym, co trzeba zrobić, aby stali się dostępni.
assign-choice-own = Twoja organizacja, sprzedawca
assign-choice-reseller = odsprzedawca pośredni
assign-choice-current = bieżący kontakt
assign-not-available = Nie można wybrać: { $reason }.
assign-to-fix = Jak to naprawić: { $fix }
assign-submit = Prześlij
assign-back = Wróć do klienta { $customer }
assign-error-heading = Wyznaczony kontakt pomocy technicznej nie został zmieniony.
assign-reason-partnership-not-active = partnerstwo nie jest aktywne
assign-reason-no-relationship = brak relacji z tym klientem
assign-reason-no-delegated-admin = brak delegowanych uprawnień administratora
assign-fix-partnership-pending = Firma { $reseller } nie zaakceptowała jeszcze partnerstwa odsprzedawcy pośredniego z firmą { $provider }. Gdy to zrobi, ta opcja stanie się dostępna.
assign-fix-partnership-removed = Partnerstwo między firmami { $provider } i { $reseller } zostało usunięte. Trzeba je odnowić, zanim firma { $reseller } będzie mogła zapewniać pomoc techniczną Twoim klientom.
assign-fix-no-relationship = Firma { $reseller } wysyła klientowi { $customer } żądanie relacji (Zażądaj relacji), a administrator globalny klienta { $customer } je akceptuje.
assign-fix-no-delegated-admin = Administrator globalny klienta { $customer } przyznaje firmie { $reseller } delegowane uprawnienia administratora, akceptując wysłane przez nią żądanie relacji, które o nie prosi.
assign-malformed-partner = Wybierz partnera z listy: kontakt pomocy technicznej musi być identyfikatorem PartnerID z 6 lub 7 cyfr.
assign-bad-version = Formularz jest uszkodzony (brak prawidłowej wersji). Odśwież stronę i spróbuj ponownie.
assign-unknown-partner = PartnerID { $mpn } nie należy ani do firmy { $seller }, ani do żadnego z jej odsprzedawców: wybierz partnera z listy.
assign-ineligible = Firma { $partner } nie może być wyznaczonym kontaktem pomocy technicznej klienta { $customer }: { $reason }. Jak to naprawić: { $fix }
assign-already-contact = Firma { $partner } jest już wyznaczonym kontaktem pomocy technicznej. Wybierz innego partnera albo wróć do klienta.
assign-stale = Podczas Twojej edycji wyznaczony kontakt pomocy technicznej zmieniono na { $to }. Autor zmiany: { $who }, czas: { $when }. Twoja zmiana nie została zapisana: sprawdź poniżej bieżący kontakt i prześlij formularz ponownie, jeśli nadal chcesz go zmienić.
assign-stale-unknown = Ktoś inny zmienił tę subskrypcję podczas Twojej edycji. Twoja zmiana nie została zapisana: sprawdź ją poniżej i prześlij formularz ponownie.
assign-another-partner = innego partnera
assign-actor-user-org = { $name } ({ $org })
assign-actor-name = { $name }
assign-actor-someone = nieznany użytkownik

## Przegląd po zmianie

assign-review-heading = Wyznaczony kontakt pomocy technicznej został zmieniony
assign-review-lead = Administratorzy klienta { $customer } widzą teraz firmę { $contact } jako kontakt pomocy technicznej dla produktu { $product }.
assign-review-superseded = W międzyczasie kontakt zmieniono ponownie: obecnie jest to { $contact }.
assign-review-customer = Klient
assign-review-subscription = Subskrypcja
assign-review-before = Przed
assign-review-after = Po
assign-review-changed-by = Autor zmiany
assign-review-when = Kiedy
assign-review-customer-sees = Co widzi teraz klient { $customer }
assign-review-customer-sees-help = Tę kartę administratorzy klienta { $customer } widzą na swojej stronie Pomoc techniczna:
assign-review-close = Zamknij

## Strona Pomoc techniczna klienta i jej karty

support-page-lead = Kto zapewnia pomoc techniczną dla poszczególnych subskrypcji organizacji { $customer } i jak się z nim skontaktować.
support-page-how = Kontakt pomocy technicznej dla subskrypcji wybiera partner, który ją sprzedał. Aby zmienić, kto zapewnia pomoc techniczną dla subskrypcji, zwróć się do tego partnera.
support-page-empty = Organizacja { $customer } nie ma jeszcze subskrypcji.
support-page-empty-hint = Gdy Twoja organizacja kupi subskrypcję od partnera lub bezpośrednio od firmy Microsoft, pojawi się tutaj jej kontakt pomocy technicznej.
support-card-contact = Kontakt pomocy technicznej
support-card-email = E-mail
support-card-phone = Telefon
support-card-website = Witryna internetowa
support-card-hours = Godziny pracy
support-card-microsoft-lead = Kupiona bezpośrednio od firmy Microsoft: utwórz żądanie obsługi w centrum administracyjnym platformy Microsoft 365.
support-card-microsoft-hours = Całą dobę, 7 dni w tygodniu
