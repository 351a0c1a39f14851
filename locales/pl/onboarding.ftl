# Dołączanie: zaproszenia wskazujące klienta, pierwszy administrator globalny klienta, rejestracja klienta.

## Formularz i lista zaproszeń partnera.
onboard-invite-tenant-label = Identyfikator dzierżawy klienta (opcjonalnie)
onboard-invite-tenant-help = Aby zaprosić klienta, który jest już w partnerdesk albo zarejestruje się z tym identyfikatorem dzierżawy, wpisz jego identyfikator dzierżawy (identyfikator Microsoft). Tylko ten klient będzie mógł użyć linku. Zostaw puste dla nowego klienta.
onboard-invite-note-label = Wysłano do (opcjonalnie)
onboard-invite-note-help = Notatka na Twojej liście, do kogo wysłano link, do { $max } znaków. Klient jej nie widzi.
onboard-note-invalid = Notatka ma najwyżej { $max } znaków i nie zawiera znaków sterujących.
onboard-invite-this-customer = Zażądaj relacji z tym klientem (zaproszenie wskazujące tego klienta)
onboard-col-for = Dla
onboard-for-any = Dowolny klient
onboard-sent-to = Wysłano do: { $note }

## Otwarte przez kogoś niezalogowanego.
onboard-grants-relationship = { $partner } może sprzedawać Twojej organizacji subskrypcje i może zostać wyznaczony jako kontakt pomocy technicznej dla nich.
onboard-grants-delegated-admin = Agenci administracyjni { $partner } mogą administrować Twoją dzierżawą w Twoim imieniu: użytkownikami, licencjami, ustawieniami i zgłoszeniami do pomocy technicznej. Możesz w każdej chwili usunąć te uprawnienia w sekcji Partnerzy.
onboard-first-admin-title = Utwórz administratora globalnego
onboard-first-admin-lead = { $partner } zaprasza Twoją organizację (identyfikator dzierżawy { $tenant }) do partnerdesk. Twoja organizacja nie ma tu jeszcze użytkowników: utwórz jej pierwszego administratora globalnego, który zaakceptuje zaproszenie.
onboard-first-admin-help = Potem zostaniesz zalogowany jako ten administrator globalny, a zaproszenie zostanie zaakceptowane. Użytkownikami organizacji zarządzasz następnie w Ustawieniach.
onboard-first-admin-submit = Utwórz administratora globalnego i zaakceptuj
onboard-sign-up-title = Dołącz do partnerdesk
onboard-sign-up-lead = { $partner } zaprasza Twoją organizację do relacji z partnerem w partnerdesk.
onboard-have-account-heading = Już korzystasz z partnerdesk?
onboard-have-account = Jeśli Twoja organizacja już korzysta z partnerdesk, zaloguj się jako jej administrator globalny, aby zaakceptować to zaproszenie.
onboard-sign-in-to-accept = Zaloguj się, aby zaakceptować
onboard-sign-up-heading = Zarejestruj swoją organizację
onboard-sign-up-help = Twoja organizacja, jej pierwszy administrator globalny i relacja zostaną utworzone razem, a Ty zostaniesz zalogowany. Organizacja, która już jest w partnerdesk, nie może zarejestrować się ponownie.
onboard-sign-up-submit = Zarejestruj się i zaakceptuj
onboard-customer-legend = Twoja organizacja
onboard-admin-legend = Pierwszy administrator globalny Twojej organizacji
onboard-field-company-name = Nazwa firmy
onboard-field-domain = Domena podstawowa
onboard-field-tenant-id = Identyfikator dzierżawy
onboard-field-country = Kraj (kod dwuliterowy)
onboard-field-email = Adres e-mail
onboard-field-admin-name = Imię i nazwisko
onboard-field-password = Hasło
onboard-field-password-again = Powtórz hasło
onboard-password-help = Co najmniej { $min } znaków, inne niż Twój adres e-mail.
onboard-tenant-fixed-help = Partner wysłał to zaproszenie dla tego identyfikatora dzierżawy.

## Dlaczego formularz odrzucono.
onboard-email-invalid = Wpisz adres e-mail, na przykład admin@adatum.example.
onboard-email-taken = Użytkownik z tym adresem e-mail jest już w partnerdesk. Zaloguj się albo użyj innego adresu.
onboard-admin-name-invalid = Imię i nazwisko ma od 1 do { $max } znaków i nie zawiera znaków sterujących.
onboard-password-short = Hasło musi mieć co najmniej { $min } znaków.
onboard-password-long = Hasło może mieć najwyżej { $max } bajtów.
onboard-password-is-email = Hasło nie może być adresem e-mail.
onboard-password-mismatch = Oba hasła nie są takie same.
onboard-tenant-taken = Organizacja o identyfikatorze dzierżawy { $tenant } jest już w partnerdesk, więc nie może zarejestrować się ponownie. Aby do niej dołączyć, poproś partnera o zaproszenie wskazujące Twój identyfikator dzierżawy albo zaloguj się, jeśli masz konto.
onboard-domain-taken = Klient z domeną podstawową { $domain } jest już w partnerdesk, więc nie może zarejestrować się ponownie. Aby do niego dołączyć, poproś partnera o zaproszenie wskazujące Twój identyfikator dzierżawy albo zaloguj się, jeśli masz konto.

## Zaproszenie prowadzi teraz gdzie indziej.
onboard-elsewhere-title = Link zaproszenia
onboard-elsewhere-heading = To zaproszenie prowadzi teraz gdzie indziej
onboard-elsewhere-sign-in = Twoja organizacja ma już administratora globalnego w partnerdesk. Zaloguj się jako administrator globalny, aby zaakceptować zaproszenie od { $partner }.
onboard-elsewhere-other-form = Ten formularz nie pasuje już do zaproszenia od { $partner }. Otwórz link zaproszenia ponownie, aby zobaczyć, co zrobić.
onboard-open-invitation = Otwórz zaproszenie

## Zalogowany administrator globalny innego klienta.
onboard-other-customer-title = Zaproszenie dla innej organizacji
onboard-other-customer-heading = To zaproszenie jest dla innej organizacji
onboard-other-customer-why = { $partner } wysłał to zaproszenie dla innej dzierżawy klienta niż Twoja, więc Twoja organizacja nie może go zaakceptować.
onboard-other-customer-next = Jeśli uważasz, że jest przeznaczone dla Ciebie, poproś { $partner } o zaproszenie wskazujące Twój identyfikator dzierżawy.
