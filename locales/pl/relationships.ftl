# Relacje, zaproszenia, usuwanie, partnerstwa, strona Partnerzy klienta.

## Wspólne dla stron tego obszaru

relationships-breadcrumb = Ścieżka nawigacji
relationship-state-active = Aktywna
relationship-state-removed = Usunięta
partnership-state-pending = Oczekujące
partnership-state-active = Aktywne
partnership-state-removed = Zakończone
removal-what-changes = Co się zmieni
removal-cancel = Anuluj
affected-heading = Wyznaczone kontakty pomocy technicznej
affected-none = Żaden wyznaczony kontakt pomocy technicznej się nie zmieni: każda subskrypcja zachowa swój kontakt.
affected-count = { $count ->
        [one] { $count } subskrypcja znów będzie mieć sprzedawcę jako wyznaczony kontakt pomocy technicznej:
        [few] { $count } subskrypcje znów będą mieć sprzedawcę jako wyznaczony kontakt pomocy technicznej:
       *[many] { $count } subskrypcji znów będzie mieć sprzedawcę jako wyznaczony kontakt pomocy technicznej:
    }
affected-col-subscription = Subskrypcja
affected-col-now = Wyznaczony kontakt pomocy technicznej teraz
affected-col-after = Po zmianie
affected-seller = { $seller } (sprzedawca)

## Strona Zaproszenia partnera

invitations-heading = Zaproszenia
invitations-lead = Zażądaj relacji z klientem: utwórz link zaproszenia, a potem wyślij go administratorowi globalnemu klienta. Gdy zaakceptuje zaproszenie, klient pojawi się w sekcji Klienci.
invitations-new-link-heading = Twój link zaproszenia
invitations-new-link-once = Skopiuj ten link teraz: jest wyświetlany tylko ten jeden raz.
invitations-new-link-no-copy = partnerdesk nie przechowuje jego kopii, którą mógłby pokazać ponownie; jeśli go zgubisz, odwołaj zaproszenie i utwórz nowe.
invitations-new-link-label = Link zaproszenia
invitations-new-link-help = Wyślij go administratorowi globalnemu klienta, na przykład e-mailem. Administrator loguje się, czyta, o co prosi Twoja organizacja, i akceptuje zaproszenie.
invitations-new-link-expires = Link działa jeden raz i wygasa { $expires }.
invitations-expires-in-days = Zaproszenie można zaakceptować jeden raz; wygasa po { $days ->
        [one] { $days } dniu
        [few] { $days } dniach
       *[many] { $days } dniach
    } od utworzenia.
invitations-create-heading = Zażądaj relacji
invitations-ask-delegated-admin = Poproś o delegowane uprawnienia administratora
invitations-delegated-admin-help = Delegowane uprawnienia administratora pozwalają agentom administracyjnym Twojej organizacji zarządzać dzierżawą klienta w jego imieniu: użytkownikami, licencjami, ustawieniami i zgłoszeniami do pomocy technicznej.
invitations-delegated-admin-help-eligibility = Odsprzedawca pośredni potrzebuje ich również po to, aby można go było wybrać jako wyznaczony kontakt pomocy technicznej klienta.
invitations-delegated-admin-help-unticked = Pozostaw to pole niezaznaczone, aby poprosić tylko o relację odsprzedawcy, która pozwala sprzedawać klientowi subskrypcje. Przed akceptacją klient widzi dokładnie, o co prosisz, i może w każdej chwili usunąć delegowane uprawnienia administratora.
invitations-create-submit = Utwórz link zaproszenia
invitations-list-heading = Zaproszenia Twojej organizacji
invitations-empty = Twoja organizacja nie utworzyła jeszcze żadnych zaproszeń.
invitations-empty-next = Aby zaprosić klienta, użyj formularza Zażądaj relacji powyżej: utwórz link zaproszenia i wyślij go administratorowi globalnemu klienta, z którym chcesz współpracować.
invitations-caption = { $count ->
        [one] { $count } zaproszenie, od najnowszego
        [few] { $count } zaproszenia, od najnowszego
       *[many] { $count } zaproszeń, od najnowszego
    }
invitations-col-created = Utworzono
invitations-col-created-by = Utworzone przez
invitations-col-asks-for = Prośba o
invitations-col-expires = Wygasa
invitations-col-state = Stan
invitations-col-actions = Akcje
invitations-asks-delegated-admin = Relacja odsprzedawcy z delegowanymi uprawnieniami administratora
invitations-asks-relationship = Relacja odsprzedawcy
invitation-state-pending = Oczekujące
invitation-state-accepted = Zaakceptowane
invitation-state-revoked = Odwołane
invitation-state-expired = Wygasłe
invitations-accepted-by = przez klienta { $customer }
invitations-accepted-by-unknown = przez klienta
invitations-revoke = Odwołaj
invitations-revoke-label = Odwołaj zaproszenie utworzone { $created } przez użytkownika { $name }
invitation-revoked = Zaproszenie odwołane: jego link już nie działa. Nic więcej się nie zmieniło.
invitation-revoke-refused-accepted = Zaproszenie z dnia { $created } zostało już zaakceptowane przez klienta { $customer } ({ $accepted }), więc nie można go odwołać; nic się nie zmieniło. Aby zakończyć relację, usuń ją na stronie klienta.
invitation-revoke-refused-accepted-unknown = Zaproszenie z dnia { $created } zostało już zaakceptowane przez klienta ({ $accepted }), więc nie można go odwołać; nic się nie zmieniło. Aby zakończyć relację, usuń ją na stronie klienta.
invitation-revoke-refused-revoked = Zaproszenie z dnia { $created } zostało już odwołane ({ $revoked }); nic się nie zmieniło.
invitation-revoke-refused-expired = Zaproszenie z dnia { $created } wygasło { $expired }; jego link już nie działa, więc nie ma czego odwoływać. Nic się nie zmieniło.
invitation-revoke-failed = Nie udało się odwołać zaproszenia. Odśwież stronę i spróbuj ponownie.

## Administrator globalny klienta otwiera link zaproszenia

invitation-offer-title = Żądanie relacji od partnera { $partner }
invitation-offer-lead = Partner { $partner } prosi organizację { $customer } o relację partnerską. Przeczytaj, co daje akceptacja, a następnie zaakceptuj żądanie albo opuść tę stronę, aby je odrzucić.
invitation-fact-partner = Partner
invitation-fact-partner-id = PartnerID
invitation-fact-kind = Typ partnera
invitation-fact-customer = Żądanie dla
invitation-fact-valid-until = Link ważny do
invitation-grants-heading = Co daje akceptacja
invitation-grants-relationship-title = Relacja odsprzedawcy.
invitation-grants-relationship = Partner { $partner } może sprzedawać organizacji { $customer } subskrypcje i może zostać wyznaczonym kontaktem pomocy technicznej dla tych subskrypcji.
invitation-grants-delegated-admin-title = Delegowane uprawnienia administratora.
invitation-grants-delegated-admin = Agenci administracyjni partnera { $partner } mogą zarządzać Twoją dzierżawą ({ $domain }) w Twoim imieniu: użytkownikami, licencjami, ustawieniami i zgłoszeniami do pomocy technicznej. Możesz w każdej chwili usunąć te uprawnienia w sekcji Partnerzy.
invitation-grants-no-delegated-admin-title = Bez delegowanych uprawnień administratora.
invitation-grants-no-delegated-admin = To żądanie nie obejmuje delegowanych uprawnień administratora: partner { $partner } nie uzyskuje dzięki niemu dostępu administracyjnego do Twojej dzierżawy.
invitation-grants-keeps-delegated-admin = Partner { $partner } zachowuje delegowane uprawnienia administratora przyznane wcześniej.
invitation-change-heading = Co się zmieni
invitation-change-new = Organizacja { $customer } nie ma jeszcze relacji z partnerem { $partner }. Akceptacja ją utworzy, bez delegowanych uprawnień administratora.
invitation-change-new-delegated = Organizacja { $customer } nie ma jeszcze relacji z partnerem { $partner }. Akceptacja ją utworzy, z delegowanymi uprawnieniami administratora.
invitation-change-reactivated = Twoja wcześniejsza relacja z partnerem { $partner } została usunięta. Akceptacja znów ją aktywuje, bez delegowanych uprawnień administratora.
invitation-change-reactivated-delegated = Twoja wcześniejsza relacja z partnerem { $partner } została usunięta. Akceptacja znów ją aktywuje, z delegowanymi uprawnieniami administratora.
invitation-change-grants-delegated-admin = Już współpracujesz z partnerem { $partner }. Akceptacja przyzna mu delegowane uprawnienia administratora; relacja odsprzedawcy pozostanie bez zmian.
invitation-change-nothing = Już współpracujesz z partnerem { $partner }. Akceptacja niczego nie zmieni; jedynie wykorzysta ten link.
invitation-change-nothing-delegated = Już współpracujesz z partnerem { $partner }, z delegowanymi uprawnieniami administratora. Akceptacja niczego nie zmieni; jedynie wykorzysta ten link.
invitation-accept-help = Zaakceptować może tylko administrator globalny. Link działa jeden raz.
invitation-accept = Zaakceptuj żądanie relacji
invitation-not-now = Nie teraz
invitation-accepted = Zaproszenie zaakceptowane. Masz teraz z partnerem { $partner } { $delegated ->
        [yes] aktywną relację odsprzedawcy z delegowanymi uprawnieniami administratora
       *[no] aktywną relację odsprzedawcy, bez delegowanych uprawnień administratora
    }.
invitation-accepted-unchanged = Zaproszenie zaakceptowane. Masz już z partnerem { $partner } { $delegated ->
        [yes] aktywną relację odsprzedawcy z delegowanymi uprawnieniami administratora
       *[no] aktywną relację odsprzedawcy, bez delegowanych uprawnień administratora
    }; nic się nie zmieniło.
invitation-for-customer-admin = Ten link zaproszenia jest przeznaczony dla administratora globalnego klienta: musi go otworzyć i zaakceptować klient, do którego je wysłano. Pracownicy partnerów nie mogą akceptować zaproszeń do relacji.
invitation-global-admin-only = Zaproszenie partnera do relacji może zaakceptować tylko administrator globalny. Przekaż ten link administratorowi globalnemu swojej organizacji.

## Link zaproszenia, którego nie można użyć

invitation-not-valid-title = Nieprawidłowy link zaproszenia
invitation-not-valid-heading = Ten link zaproszenia jest nieprawidłowy
invitation-not-valid-why = Żadne zaproszenie do relacji nie ma takiego linku. Sprawdź, czy otwarto cały link z wiadomości partnera, bez brakujących lub dodatkowych znaków.
invitation-not-valid-next = Jeśli nadal nie działa, poproś partnera o nowy link zaproszenia.
invitation-nothing-changed = Nic się nie zmieniło.
invitation-revoked-title = Zaproszenie odwołane
invitation-revoked-heading = To zaproszenie zostało odwołane
invitation-revoked-why = Partner { $partner } wycofał to zaproszenie { $at }, więc nie można go już zaakceptować.
invitation-revoked-next = Nic się nie zmieniło. Jeśli chcesz współpracować z partnerem { $partner }, poproś go o nowy link zaproszenia.
invitation-used-title = Zaproszenie już wykorzystane
invitation-used-heading = To zaproszenie zostało już wykorzystane
invitation-used-by-you-why = Twoja organizacja zaakceptowała to zaproszenie od partnera { $partner } { $at }. Każdy link działa jeden raz; relacja z partnerem { $partner } jest widoczna w sekcji Partnerzy.
invitation-used-why = To zaproszenie od partnera { $partner } zostało zaakceptowane { $at }. Każdy link działa jeden raz.
invitation-used-next = Nic się nie zmieniło. Jeśli potrzebujesz kolejnego żądania relacji, poproś partnera { $partner } o nowy link zaproszenia.
invitation-expired-title = Zaproszenie wygasło
invitation-expired-heading = To zaproszenie wygasło
invitation-expired-why = To zaproszenie od partnera { $partner } wygasło { $at } i nie można go już zaakceptować.
invitation-expired-next = Nic się nie zmieniło. Poproś partnera { $partner } o nowy link zaproszenia.
invitation-see-partners = Przejdź do swoich partnerów

## Strona Partnerzy klienta

partners-heading = Partnerzy
partners-lead = Partnerzy, z którymi współpracuje organizacja { $customer }, co mogą robić w Twojej dzierżawie i które z Twoich subskrypcji obsługują.
partners-read-only = Możesz przeglądać te relacje. Zmieniać je może tylko administrator globalny.
partners-empty = Organizacja { $customer } nie ma jeszcze relacji z partnerami.
partners-empty-next = Aby współpracować z partnerem, poproś go o link z żądaniem relacji. Administrator globalny otwiera link, czyta, co daje akceptacja, i akceptuje żądanie.
partners-fact-partner-id = PartnerID
partners-fact-kind = Typ partnera
partners-fact-relationship = Relacja
partners-since = od
partners-fact-delegated-admin = Delegowane uprawnienia administratora
partners-delegated-admin-granted = Przyznane
partners-delegated-admin-not-granted = Nieprzyznane
partners-supports-heading = Wyznaczony kontakt pomocy technicznej
partners-supports-none = Partner { $partner } nie jest wyznaczonym kontaktem pomocy technicznej żadnej z Twoich subskrypcji.
partners-supports = { $count ->
        [one] Partner { $partner } jest wyznaczonym kontaktem pomocy technicznej dla jednej z Twoich subskrypcji:
        [few] Partner { $partner } jest wyznaczonym kontaktem pomocy technicznej dla { $count } Twoich subskrypcji:
       *[many] Partner { $partner } jest wyznaczonym kontaktem pomocy technicznej dla { $count } Twoich subskrypcji:
    }
partners-remove-delegated-admin = Usuń delegowane uprawnienia administratora
partners-remove-delegated-admin-label = Usuń delegowane uprawnienia administratora partnera { $partner }

## Usuwanie delegowanych uprawnień administratora (klient)

remove-delegated-admin-heading = Usunąć delegowane uprawnienia administratora partnera { $partner }?
remove-delegated-admin-lead = Partner { $partner } nie będzie już mógł zarządzać Twoją dzierżawą. Sama relacja pozostaje: partner { $partner } nadal może sprzedawać Ci subskrypcje.
remove-delegated-admin-no-access = Agenci administracyjni partnera { $partner } tracą dostęp administracyjny do Twojej dzierżawy ({ $domain }).
remove-delegated-admin-relationship-stays = Twoja relacja odsprzedawcy z partnerem { $partner } pozostaje aktywna.
remove-delegated-admin-undo = Aby później ponownie przyznać te uprawnienia, poproś partnera { $partner } o nowe żądanie relacji, które o nie prosi.
remove-delegated-admin-confirm = Usuń delegowane uprawnienia administratora
delegated-admin-removed = Usunięto delegowane uprawnienia administratora partnera { $partner }.

## Usuwanie relacji (partner)

remove-own-relationship-heading = Usunąć relację z klientem { $customer }?
remove-reseller-relationship-heading = Usunąć relację partnera { $partner } z klientem { $customer }?
remove-relationship-blocked = { $count ->
        [one] Nie możesz usunąć tej relacji, dopóki Twoja organizacja ma aktywną subskrypcję klienta { $customer }. Najpierw ją anuluj lub poczekaj, aż się zakończy:
       *[other] Nie możesz usunąć tej relacji, dopóki Twoja organizacja ma aktywne subskrypcje klienta { $customer }. Najpierw je anuluj lub poczekaj, aż się zakończą:
    }
remove-relationship-back = Wróć do klienta { $customer }
remove-own-relationship-lead = Twoja organizacja nie będzie już widzieć klienta { $customer } ani dla niego pracować.
remove-reseller-relationship-lead = Partner { $partner } nie będzie już widzieć klienta { $customer } ani dla niego pracować.
remove-own-relationship-no-access = Klient { $customer } zniknie z listy Klienci wszystkich użytkowników Twojej organizacji.
remove-reseller-relationship-no-access = Klient { $customer } zniknie z listy Klienci partnera { $partner }, a partner { $partner } nie będzie już mógł być jego wyznaczonym kontaktem pomocy technicznej.
remove-relationship-undo = Aby znów współpracować, administrator globalny klienta { $customer } musi zaakceptować nowe żądanie relacji od partnera { $partner }.
remove-relationship-affected-elsewhere = { $count ->
        [one] Również { $count } subskrypcja sprzedana przez innego partnera znów będzie mieć sprzedawcę jako wyznaczony kontakt pomocy technicznej.
        [few] Również { $count } subskrypcje sprzedane przez innych partnerów znów będą mieć swoich sprzedawców jako wyznaczony kontakt pomocy technicznej.
       *[many] Również { $count } subskrypcji sprzedanych przez innych partnerów znów będzie mieć swoich sprzedawców jako wyznaczony kontakt pomocy technicznej.
    }
remove-relationship-confirm = Usuń relację
forbidden-reseller-removes-relationship = Odsprzedawcy pośredni nie mogą tu usuwać relacji z klientami: poproś o to swojego dostawcę pośredniego.
own-relationship-removed = Usunięto Twoją relację z tym klientem ({ $partner }).
reseller-relationship-removed = Usunięto relację partnera { $partner } z tym klientem.

## Odsprzedawcy dostawcy i kończenie partnerstwa

resellers-heading = Odsprzedawcy
resellers-lead = Twoi odsprzedawcy pośredni. Aktywne partnerstwo to jeden z warunków, by odsprzedawca mógł być wyznaczonym kontaktem pomocy technicznej dla sprzedawanych przez Ciebie subskrypcji.
resellers-empty = Nie masz jeszcze odsprzedawców pośrednich.
resellers-empty-next = Odsprzedawca pośredni pojawi się tutaj, gdy nawiąże partnerstwo z Twoją organizacją.
resellers-caption = { $count ->
        [one] { $count } odsprzedawca pośredni
        [few] { $count } odsprzedawcy pośredni
       *[many] { $count } odsprzedawców pośrednich
    }
resellers-col-reseller = Odsprzedawca
resellers-col-partner-id = PartnerID
resellers-col-partnership = Partnerstwo
resellers-col-since = Od
resellers-col-supports = Obsługiwane subskrypcje
resellers-col-actions = Akcje
resellers-end-partnership = Zakończ partnerstwo
resellers-end-partnership-label = Zakończ partnerstwo z odsprzedawcą { $partner }
end-partnership-heading = Zakończyć partnerstwo z odsprzedawcą { $partner }?
end-partnership-lead = Odsprzedawca { $partner } nie będzie już odsprzedawać Twoich ofert ani obsługiwać subskrypcji Twoich klientów.
end-partnership-not-eligible = Odsprzedawcy { $partner } nie będzie już można wybrać jako wyznaczonego kontaktu pomocy technicznej dla sprzedawanych przez Ciebie subskrypcji.
end-partnership-relationships-stay = Relacje odsprzedawcy { $partner } z klientami się nie zmienią.
end-partnership-affected-count = { $count ->
        [one] { $count } subskrypcja znów będzie mieć Twoją organizację jako wyznaczony kontakt pomocy technicznej:
        [few] { $count } subskrypcje znów będą mieć Twoją organizację jako wyznaczony kontakt pomocy technicznej:
       *[many] { $count } subskrypcji znów będzie mieć Twoją organizację jako wyznaczony kontakt pomocy technicznej:
    }
end-partnership-col-customer = Klient
end-partnership-confirm = Zakończ partnerstwo z odsprzedawcą { $partner }
partnership-ended = Partnerstwo z odsprzedawcą { $partner } zostało zakończone.

## Po usunięciu

removal-done-nothing-reverted = { $what } Żaden wyznaczony kontakt pomocy technicznej się nie zmienił.
removal-done-reverted = { $what } { $count ->
        [one] { $count } subskrypcja ma
        [few] { $count } subskrypcje mają
       *[many] { $count } subskrypcji ma
    } teraz znów pomoc techniczną sprzedawcy: { $list }.
