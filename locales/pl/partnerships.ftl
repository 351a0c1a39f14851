## Prośby o partnerstwo (zgłoszenie 14): prośby dostawcy na jego stronie Odsprzedawcy, link
## otwierany przez odsprzedawcę, akceptacja i rejestracja.

partnership-request-state-pending = Oczekująca
partnership-request-state-accepted = Zaakceptowana
partnership-request-state-revoked = Odwołana
partnership-request-state-expired = Wygasła

activity-op-partnership-requested = Prośba o partnerstwo
activity-op-partnership-request-revoked = Odwołanie prośby o partnerstwo
activity-op-partnership-accepted = Akceptacja partnerstwa
activity-value-partnership-request-for = dla: { $note }
activity-value-request-pending = oczekująca
activity-value-request-revoked = odwołana
activity-value-partnership-none = brak partnerstwa
activity-value-partnership-pending = oczekujące

partnership-request-heading = Zaproś odsprzedawcę
partnership-request-help = Utwórz jednorazowy link i wyślij go odsprzedawcy pośredniemu. Jego administrator globalny otwiera link i akceptuje albo rejestruje swoją organizację w partnerdesk; partnerstwo od razu staje się aktywne.
partnership-request-note = Dla kogo (opcjonalnie)
partnership-request-note-help = Notatka do Twojej listy, na przykład osoba, której wysyłasz link; najwyżej { $max } znaków.
partnership-request-submit = Utwórz link partnerstwa
partnership-request-note-invalid = Notatka ma najwyżej { $max } znaków, bez znaków sterujących.
partnership-request-expires-in-days = Link działa jeden raz, przez { $days ->
        [one] { $days } dzień
       *[other] { $days } dni
    } od utworzenia.
partnership-request-new-link-heading = Twój nowy link partnerstwa
partnership-request-new-link-once = Skopiuj go teraz: jest widoczny tylko ten jeden raz i nie da się go pokazać ponownie.
partnership-request-new-link-label = Link partnerstwa
partnership-request-new-link-expires = Działa jeden raz, do { $expires }.
partnership-requests-heading = Prośby o partnerstwo
partnership-requests-empty = Nie utworzono jeszcze żadnej prośby o partnerstwo.
partnership-requests-caption = { $count ->
        [one] { $count } prośba o partnerstwo, od najnowszej
        [few] { $count } prośby o partnerstwo, od najnowszej
       *[many] { $count } próśb o partnerstwo, od najnowszej
    }
partnership-requests-col-created = Utworzono
partnership-requests-col-created-by = Utworzył(a)
partnership-requests-col-note = Dla
partnership-requests-col-expires = Wygasa
partnership-requests-col-state = Stan
partnership-requests-col-actions = Akcje
partnership-requests-accepted-by = przez { $reseller }
partnership-requests-revoke = Odwołaj
partnership-request-revoked = Odwołano prośbę o partnerstwo: jej link już nie działa.
partnership-request-revoke-refused-accepted = Nie można odwołać tej prośby: odsprzedawca już ją zaakceptował. Zamiast tego zakończ partnerstwo na liście powyżej.
partnership-request-revoke-refused-revoked = Ta prośba została już odwołana.
partnership-request-revoke-refused-expired = Ta prośba wygasła: jej link już nie działa, nie ma czego odwoływać.
partnership-request-revoke-failed = Nie udało się odwołać tej prośby. Odśwież stronę i spróbuj ponownie.

partnership-link-unknown-title = Nieprawidłowy link partnerstwa
partnership-link-revoked-title = Prośba o partnerstwo odwołana
partnership-link-used-title = Link partnerstwa już wykorzystany
partnership-link-expired-title = Link partnerstwa wygasł
partnership-link-unknown-heading = Ten link partnerstwa jest nieprawidłowy
partnership-link-unknown-why = Żadna prośba o partnerstwo nie ma tego linku. Sprawdź, czy skopiowano go w całości, albo poproś dostawcę o nowy.
partnership-link-revoked-heading = Ta prośba o partnerstwo została odwołana
partnership-link-revoked-why = { $provider } odwołał tę prośbę { $at }.
partnership-link-used-heading = Ten link partnerstwa został już wykorzystany
partnership-link-used-by-you-why = Twoja organizacja zaakceptowała tę prośbę od { $provider } { $at }: partnerstwo jest aktywne.
partnership-link-used-why = Tę prośbę od { $provider } wykorzystano { $at }. Link działa tylko raz.
partnership-link-expired-heading = Ten link partnerstwa wygasł
partnership-link-expired-why = Ta prośba od { $provider } wygasła { $at }.
partnership-link-ask-again = Poproś { $provider } o nowy link, jeśli nadal chcesz partnerstwa.
partnership-link-nothing-changed = Niczego nie zmieniono.

partnership-offer-title = Prośba o partnerstwo od { $provider }
partnership-offer-lead = { $provider }, dostawca pośredni, prosi Twoją organizację o zostanie jego odsprzedawcą pośrednim.
partnership-fact-provider = Dostawca pośredni
partnership-fact-partner-id = PartnerID
partnership-fact-country = Kraj
partnership-fact-valid-until = Ważna do
partnership-offer-grants = Po akceptacji partnerstwo z { $provider } jest aktywne: { $provider } może wyznaczać Twoją organizację jako kontakt pomocy technicznej dla subskrypcji swoich klientów, z którymi masz relację.
partnership-offer-already-active = Twoja organizacja ma już aktywne partnerstwo z { $provider }. Akceptacja jedynie wykorzysta ten link.
partnership-accept = Zaakceptuj partnerstwo
partnership-not-now = Nie teraz
partnership-accepted = Zaakceptowano partnerstwo z { $provider }: jest teraz aktywne.
partnership-accepted-already-active = Partnerstwo z { $provider } było już aktywne; link został wykorzystany.

partnership-sign-in-heading = Twoja organizacja jest już w partnerdesk
partnership-sign-in-help = Zaloguj się jako administrator globalny swojej organizacji, a wrócisz tutaj, aby zaakceptować.
partnership-sign-in = Zaloguj się, aby zaakceptować
partnership-sign-up-heading = Nowy w partnerdesk? Zarejestruj swoją organizację
partnership-sign-up-help = Dodaj swoją organizację odsprzedawcy pośredniego i jej pierwszego administratora globalnego. Partnerstwo z { $provider } będzie aktywne od razu po rejestracji, a Ty zostaniesz zalogowany.
sign-up-invalid = Niektóre pola wymagają poprawy. Niczego nie zapisano.
sign-up-organization = Twoja organizacja
sign-up-name = Nazwa organizacji
sign-up-partner-id = PartnerID
sign-up-partner-id-help = Twój identyfikator MPN, 6 lub 7 cyfr, na przykład 4200001.
sign-up-tenant-id = Identyfikator dzierżawy
sign-up-tenant-id-help = Identyfikator dzierżawy Microsoft Twojej organizacji (GUID).
sign-up-country = Kraj
sign-up-country-help = Dwuliterowy kod, na przykład PL lub US.
sign-up-admin = Twój pierwszy administrator globalny
sign-up-email = Adres e-mail
sign-up-display-name = Imię i nazwisko
sign-up-password = Hasło
sign-up-password-help = Co najmniej { $min } znaków i nie Twój adres e-mail.
sign-up-password-again = Powtórz hasło
sign-up-submit = Zarejestruj się i zaakceptuj partnerstwo
sign-up-email-invalid = Podaj adres e-mail, na przykład admin@fabrikam.example.
sign-up-email-taken = Użytkownik z adresem { $email } już jest w partnerdesk: zaloguj się albo użyj innego adresu.
sign-up-display-name-invalid = Podaj imię i nazwisko od 1 do { $max } znaków, bez znaków sterujących.
sign-up-password-length = Hasło musi mieć co najmniej { $min } znaków (i najwyżej { $max } bajtów).
sign-up-password-is-email = Hasło nie może być Twoim adresem e-mail.
sign-up-passwords-differ = Hasła się różnią: wpisz dwa razy to samo hasło.
sign-up-signed-in = Jesteś zalogowany: wyloguj się, aby zarejestrować nową organizację, albo zaakceptuj prośbę jako własna organizacja.
sign-up-done = Witamy w partnerdesk. Partnerstwo z { $provider } jest aktywne.
