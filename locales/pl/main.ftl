# Ramka każdej strony, logowanie, błędy, role. Terminy jak w polskim Partner Center.

skip-to-content = Przejdź do treści
footer = partnerdesk · wyznaczone kontakty pomocy technicznej w kanale odsprzedaży usług w chmurze
nav-label = Nawigacja główna
nav-customers = Klienci
nav-invitations = Zaproszenia
nav-resellers = Odsprzedawcy
nav-activity = Dziennik aktywności
nav-support = Pomoc techniczna
nav-partners = Partnerzy
nav-settings = Ustawienia
settings-tabs-label = Strony ustawień
language-switch = Zmień język
language-unknown = partnerdesk mówi po angielsku (en) i po polsku (pl). Wybierz jeden z nich.

## Logowanie

sign-in = Zaloguj się
sign-out = Wyloguj się
sign-in-lead = Pracownicy partnerów i administratorzy klientów logują się służbowym adresem e-mail.
sign-in-email = Adres e-mail
sign-in-password = Hasło
sign-in-failed = Adres e-mail lub hasło jest nieprawidłowe.
sign-in-throttled = Zbyt wiele prób logowania. Odczekaj { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    } i spróbuj ponownie.

## Strona główna roli, która nie otwiera żadnych stron

home-title = Strona główna
home-welcome = Witamy
home-signed-in-as = Zalogowano w organizacji { $org } z rolą: { $role }.
home-no-pages = Twoja rola nie otwiera żadnych stron w partnerdesk. Jeśli potrzebujesz dostępu do klientów, kontaktów pomocy technicznej lub relacji z partnerami, poproś administratora globalnego swojej organizacji o inną rolę.

## Role

role-global-admin = Administrator globalny
role-admin-agent = Agent administracyjny
role-helpdesk-agent = Agent pomocy technicznej
role-sales-agent = Agent sprzedaży
role-billing-admin = Administrator rozliczeń
role-user = Użytkownik

## Stronicowanie i liczby

pager-label = Strony
pager-first = Pierwsza strona
pager-previous = Poprzednia
pager-next = Następna
pager-page = Strona { $page }
subscriptions-count = { $count ->
        [one] { $count } subskrypcja
        [few] { $count } subskrypcje
        [many] { $count } subskrypcji
       *[other] { $count } subskrypcji
    }

## Formularze

form-too-large = Formularz przesłał więcej danych, niż partnerdesk przyjmuje. Skróć dane i spróbuj ponownie.
form-unreadable = Nie udało się odczytać formularza. Spróbuj ponownie.
form-nul = Formularz zawiera niedozwolony znak (NUL). Usuń go i spróbuj ponownie.
form-malformed = Formularz jest niekompletny lub uszkodzony ({ $detail }). Odśwież stronę i spróbuj ponownie.
page-number-invalid = Numer strony musi być liczbą całkowitą, 1 lub większą.
list-cursor-invalid = Ten link do strony jest uszkodzony lub niepełny. Zacznij od pierwszej strony listy.

## Uprawnienia

forbidden-billing-admin-workspace = Administratorzy rozliczeń nie mają dostępu do obszaru Klienci. Jeśli go potrzebujesz, poproś administratora globalnego o inną rolę.
forbidden-customer-workspace = Obszar Klienci jest przeznaczony dla pracowników partnerów. Strony Twojej organizacji znajdziesz w sekcji Pomoc techniczna.
forbidden-customer-admin-pages = Strony administracyjne mogą otwierać tylko administratorzy globalni i administratorzy rozliczeń Twojej organizacji.
forbidden-partner-admin-center = Centrum administracyjne jest przeznaczone dla administratorów klientów. Twoje strony znajdziesz w sekcji Klienci.
forbidden-invitations = Zaproszeniami do relacji mogą zarządzać tylko administratorzy globalni, agenci administracyjni i agenci sprzedaży.
forbidden-remove-relationships = Relacje mogą usuwać tylko administratorzy globalni, agenci administracyjni i agenci sprzedaży.
forbidden-end-partnership = Partnerstwo z odsprzedawcą może zakończyć tylko administrator globalny dostawcy pośredniego.
forbidden-activity = Dziennik aktywności mogą czytać tylko administratorzy globalni i agenci administracyjni.
forbidden-customer-global-admin = Może to zrobić tylko administrator globalny Twojej organizacji. Administratorzy rozliczeń mogą przeglądać relacje z partnerami.
forbidden-partner-not-customer = To działanie jest przeznaczone dla administratora globalnego klienta, nie dla pracowników partnera.
forbidden-manage-users = Użytkownikami organizacji mogą zarządzać tylko jej administratorzy globalni.
forbidden-support-profile = Profil pomocy technicznej mogą edytować tylko administratorzy globalni i agenci administracyjni.
forbidden-import = Klientów i subskrypcje mogą importować tylko administratorzy globalni i agenci administracyjni dostawcy pośredniego lub partnera bezpośredniego.
forbidden-accept-partnership = Prośbę o partnerstwo może zaakceptować tylko administrator globalny odsprzedawcy pośredniego.

## Strony błędów

error-status = Błąd { $status }
error-reference = Identyfikator do podania pomocy technicznej:
error-home = Przejdź do strony głównej
error-400-title = Nieprawidłowe żądanie
error-400-message = Nie udało się zrozumieć żądania. Sprawdź adres lub formularz i spróbuj ponownie.
error-403-title = Brak dostępu
error-403-message = Twoja rola nie daje dostępu do tej strony. Jeśli jej potrzebujesz, poproś administratora globalnego swojej organizacji.
error-404-title = Nie znaleziono strony
error-404-message = Taka strona nie istnieje albo należy do innej organizacji. Sprawdź adres lub zacznij od strony głównej.
error-405-title = Niedozwolona metoda
error-405-message = Tej strony nie można użyć w ten sposób. Zacznij od strony głównej.
error-408-title = Przekroczono czas żądania
error-408-message = Żądanie docierało zbyt długo. Spróbuj ponownie.
error-409-title = Konflikt
error-409-message = Ktoś inny zmienił to w międzyczasie. Odśwież stronę i spróbuj ponownie.
error-413-title = Żądanie jest zbyt duże
error-413-message = Formularz przesłał więcej danych, niż partnerdesk przyjmuje. Skróć dane i spróbuj ponownie.
error-415-title = Nieobsługiwany formularz
error-415-message = Formularz został przesłany w formacie, którego partnerdesk nie przyjmuje.
error-422-title = Sprawdź formularz
error-422-message = Niektóre pola wymagają poprawy.
error-429-title = Zbyt wiele prób
error-429-message = Odczekaj chwilę i spróbuj ponownie.
error-503-title = Usługa niedostępna
error-503-message = partnerdesk nie może teraz połączyć się ze swoją bazą danych. Spróbuj ponownie za minutę.
health-database-unreachable = Baza danych jest nieosiągalna. partnerdesk ponawia próby i znów zacznie działać, gdy tylko baza odpowie.
health-migrations-pending = { $count ->
        [one] Jedna migracja bazy danych nie została jeszcze zastosowana
        [few] { $count } migracje bazy danych nie zostały jeszcze zastosowane
       *[many] { $count } migracji bazy danych nie zostało jeszcze zastosowanych
    }: uruchom `partnerdesk migrate` albo ponownie `partnerdesk serve`, który je zastosuje.
error-500-title = Coś poszło nie tak
error-500-message = partnerdesk nie mógł wykonać żądania. Spróbuj ponownie; jeśli błąd się powtarza, skontaktuj się z administratorem.
error-other-title = Żądanie nie powiodło się
error-other-message = Nie udało się wykonać żądania.
error-csrf-title = Formularz wygasł
error-csrf-message = Ten formularz otwarto w innej sesji lub z innej witryny albo jest zbyt stary. Wróć, odśwież stronę i prześlij go ponownie.

## Tytuły stron, które nie są sekcją nawigacji

review-title = Przegląd
remove-relationship-title = Usuń relację
end-partnership-title = Zakończ partnerstwo
remove-delegated-admin-title = Usuń delegowane uprawnienia administratora

## Rodzaje partnerów, handel, stan subskrypcji (wspólne dla kilku stron)

kind-direct-bill = Partner bezpośredni
kind-indirect-provider = Dostawca pośredni
kind-indirect-reseller = Odsprzedawca pośredni
commerce-new = Nowe środowisko handlowe
commerce-legacy = Starsze środowisko handlowe
subscription-status-active = Aktywna
subscription-status-suspended = Zawieszona
subscription-status-expired = Wygasła
subscription-status-deleted = Usunięta
licences-count = { $count ->
        [one] { $count } licencja
        [few] { $count } licencje
       *[many] { $count } licencji
    }
