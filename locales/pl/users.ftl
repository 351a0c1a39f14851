# Użytkownicy organizacji (ustawienia) i linki do ustawienia hasła.

users-tab = Użytkownicy
users-title = Użytkownicy
users-heading = Użytkownicy
users-lead = Osoby, które logują się w imieniu Twojej organizacji, ich role i to, czy mogą się zalogować. Nowy użytkownik sam ustawia hasło za pomocą jednorazowego linku, który mu wysyłasz.
users-new-link-heading = Link do ustawienia hasła dla { $email }
users-new-link-once = Ten link jest wyświetlany tylko raz.
users-new-link-no-copy = partnerdesk nie przechowuje jego kopii: skopiuj go teraz i wyślij użytkownikowi. Jeśli zginie, utwórz nowy.
users-new-link-label = Link do ustawienia hasła
users-new-link-expires = Działa jednokrotnie, do { $expires }.
users-list-heading = Użytkownicy Twojej organizacji
users-caption = { $count ->
        [one] { $count } użytkownik, według nazwy
        [few] { $count } użytkownicy, według nazwy
       *[many] { $count } użytkowników, według nazwy
    }
users-col-name = Nazwa
users-col-email = Adres e-mail
users-col-role = Rola
users-col-state = Stan
users-col-actions = Akcje
users-you = Ty
users-role-of = Rola użytkownika { $name }
users-role-change = Zmień rolę
users-role-change-label = Zmień rolę użytkownika { $name }
users-disable = Wyłącz
users-disable-label = Wyłącz użytkownika { $name }
users-enable = Włącz
users-enable-label = Włącz użytkownika { $name }
users-new-link = Nowy link do ustawienia hasła
users-new-link-for = Nowy link do ustawienia hasła dla { $name }
users-add-heading = Dodaj użytkownika
users-field-email = Adres e-mail
users-field-display-name = Nazwa wyświetlana
users-field-display-name-help = Opcjonalna; gdy jest pusta, wyświetlany jest adres e-mail.
users-field-role = Rola
users-add-help = Użytkownik nie dostaje hasła: otrzymasz link do ustawienia hasła, który mu wyślesz, ważny przez { $days ->
        [one] { $days } dzień
       *[other] { $days } dni
    }.
users-add-submit = Dodaj użytkownika
users-state-active = Aktywny
users-state-disabled = Wyłączony
users-state-invited = Zaproszony: nie ustawił jeszcze hasła, link wygasa { $expires }
users-state-invited-expired = Zaproszony: nie ustawił jeszcze hasła, żaden link już nie działa (utwórz nowy)
users-email-invalid = Wpisz adres e-mail, np. nazwa@example.com.
users-email-taken = Użytkownik z adresem { $email } już istnieje w partnerdesk.
users-display-name-invalid = Nazwa wyświetlana może mieć najwyżej { $max } znaków i nie może zawierać znaków sterujących.
users-role-invalid = Wybierz jedną z wymienionych ról.
users-last-global-admin = { $email } jest ostatnim aktywnym administratorem globalnym Twojej organizacji: najpierw nadaj rolę administratora globalnego innemu użytkownikowi. Niczego nie zmieniono.
users-role-changed = { $email } ma teraz rolę: { $role }.
users-disabled = Użytkownik { $email } jest wyłączony: jego sesje zostały zakończone i nie może się zalogować.
users-enabled = Użytkownik { $email } jest włączony i może znów się zalogować.
users-unchanged = Nie ma czego zmieniać dla { $email }.
users-link-disabled = Użytkownik { $email } jest wyłączony: włącz go przed utworzeniem linku do ustawienia hasła.

activity-op-user-role-changed = Zmiana roli użytkownika
activity-op-user-disabled = Wyłączenie użytkownika
activity-op-user-enabled = Włączenie użytkownika
activity-op-user-password-link-created = Utworzenie linku do ustawienia hasła
activity-op-user-password-set = Ustawienie hasła

password-title = Ustaw hasło
password-heading = Ustaw hasło dla { $email }
password-lead = Ten link ustawia hasło użytkownika { $name } w organizacji { $org }. Działa jednokrotnie.
password-account = Konto (adres e-mail do logowania)
password-organization = Organizacja
password-link-valid-until = Link ważny do
password-new = Nowe hasło
password-help = Co najmniej { $min } znaków; nie Twój adres e-mail.
password-confirm = Powtórz nowe hasło
password-submit = Ustaw hasło i zaloguj się
password-too-short = Hasło musi mieć co najmniej { $min } znaków.
password-too-long = Hasło może mieć najwyżej { $max } bajtów.
password-is-email = Hasło nie może być Twoim adresem e-mail.
password-mismatch = Hasła się różnią: wpisz dwa razy to samo hasło.
password-set = Hasło zostało ustawione. Jesteś zalogowany.
password-link-unknown-title = Ten link do ustawienia hasła jest nieprawidłowy
password-link-unknown = Żaden link do ustawienia hasła nie ma tego adresu. Sprawdź, czy skopiowano go w całości.
password-link-used-title = Ten link do ustawienia hasła został już użyty
password-link-used = Link działa jednokrotnie i hasło zostało już nim ustawione. Zaloguj się tym hasłem.
password-link-superseded-title = Ten link do ustawienia hasła został zastąpiony
password-link-superseded = Dla tego konta utworzono nowszy link; działa tylko najnowszy.
password-link-expired-title = Ten link do ustawienia hasła wygasł
password-link-expired = Link był ważny tylko przez określony czas.
password-link-disabled-title = To konto jest wyłączone
password-link-disabled = Konto, którego dotyczy ten link, jest wyłączone, więc nie można ustawić jego hasła.
password-link-ask-admin = Poproś administratora globalnego swojej organizacji o nowy link.
