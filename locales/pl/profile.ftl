## Strona ustawień profilu pomocy technicznej (zgłoszenie 14) i jej zdarzenie w dzienniku.

settings-tab-support-profile = Profil pomocy technicznej
support-profile-title = Profil pomocy technicznej
support-profile-lead = To widzą Twoi klienci na stronie Pomoc techniczna przy każdej subskrypcji, którą wspiera Twoja organizacja: gdzie pisać, dzwonić lub zajrzeć i kiedy.
support-profile-stale = Ktoś zmienił profil pomocy technicznej w trakcie Twojej edycji. Formularz pokazuje teraz jego wartości; Twoich zmian nie zapisano. Wprowadź je ponownie, jeśli nadal są potrzebne.
support-profile-invalid = Niektóre pola wymagają poprawy. Niczego nie zapisano.
support-profile-field-email = Adres e-mail pomocy technicznej
support-profile-field-phone = Telefon pomocy technicznej
support-profile-field-website = Witryna pomocy technicznej
support-profile-field-hours = Godziny pracy pomocy technicznej
support-profile-email-help = Wymagany. Na ten adres piszą klienci.
support-profile-phone-help = W formacie międzynarodowym: znak plus i od 8 do 15 cyfr, na przykład +48 22 123 45 67. Pozostaw puste, jeśli brak.
support-profile-website-help = Adres zaczynający się od https://, na przykład https://support.contoso.example. Pozostaw puste, jeśli brak.
support-profile-hours-help = Dowolny tekst, najwyżej { $max } znaków, na przykład „od poniedziałku do piątku, 8:00–18:00 CET”.
support-profile-save = Zapisz profil pomocy technicznej
support-profile-preview-heading = Co teraz widzą Twoi klienci
support-profile-preview-help = Subskrypcja, którą wspierasz, pokazuje tę kartę na stronie Pomoc techniczna klienta. Karta pokazuje zapisany profil.
support-profile-preview-product = Przykładowa subskrypcja
support-profile-saved = Zapisano profil pomocy technicznej. Klienci zobaczą go przy następnej wizycie na stronie Pomoc techniczna.
support-profile-unchanged = Profil pomocy technicznej miał już te wartości: nic się nie zmieniło.
support-profile-email-invalid = Podaj adres e-mail pomocy technicznej, na przykład support@contoso.example.
support-profile-phone-invalid = Podaj telefon w formacie międzynarodowym: znak plus, a po nim od 8 do 15 cyfr (dozwolone spacje, łączniki i nawiasy), na przykład +48 22 123 45 67.
support-profile-website-invalid = Podaj adres witryny zaczynający się od https:// i wskazujący prawdziwy host, na przykład https://support.contoso.example.
support-profile-hours-invalid = Godziny pracy mają najwyżej { $max } znaków, bez znaków sterujących.

activity-op-support-profile-changed = Zmiana profilu pomocy technicznej
activity-value-profile-field = { $field }: { $value }
activity-value-profile-empty = (brak)
activity-value-list = { $first }; { $next }
