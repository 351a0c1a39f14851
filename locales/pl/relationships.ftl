# Relacje, zaproszenia, usuwanie, partnerstwa, strona Partnerzy klienta.

invitation-revoked = Zaproszenie odwołane: jego link już nie działa. Nic więcej się nie zmieniło.
invitation-not-valid-title = Nieprawidłowy link zaproszenia
invitation-gone-title = Zaproszenie jest już nieważne
invitation-offer-title = Żądanie relacji od { $partner }
invitation-accepted = Zaproszenie przyjęte. Masz teraz z { $partner } { $delegated ->
        [yes] aktywną relację odsprzedawcy z delegowanymi uprawnieniami administratora
       *[no] aktywną relację odsprzedawcy, bez delegowanych uprawnień administratora
    }.
invitation-accepted-unchanged = Zaproszenie przyjęte. Masz już z { $partner } { $delegated ->
        [yes] aktywną relację odsprzedawcy z delegowanymi uprawnieniami administratora
       *[no] aktywną relację odsprzedawcy, bez delegowanych uprawnień administratora
    }; nic się nie zmieniło.
invitation-for-customer-admin = Ten link zaproszenia jest przeznaczony dla administratora globalnego klienta: musi go otworzyć i przyjąć klient, do którego je wysłano. Pracownicy partnerów nie mogą przyjmować zaproszeń do relacji.
invitation-global-admin-only = Zaproszenie partnera do relacji może przyjąć tylko administrator globalny. Przekaż ten link administratorowi globalnemu swojej organizacji.
forbidden-reseller-removes-relationship = Odsprzedawcy pośredni nie mogą tu usuwać relacji z klientami: poproś o to swojego dostawcę pośredniego.
delegated-admin-removed = Usunięto delegowane uprawnienia administratora partnera { $partner }.
own-relationship-removed = Usunięto Twoją relację z tym klientem ({ $partner }).
reseller-relationship-removed = Usunięto relację partnera { $partner } z tym klientem.
partnership-ended = Partnerstwo z { $partner } zostało zakończone.
removal-done-nothing-reverted = { $what } Żaden wyznaczony kontakt pomocy technicznej się nie zmienił.
removal-done-reverted = { $what } { $count ->
        [one] { $count } subskrypcja ma
        [few] { $count } subskrypcje mają
       *[many] { $count } subskrypcji ma
    } teraz znów pomoc techniczną sprzedawcy: { $list }.
