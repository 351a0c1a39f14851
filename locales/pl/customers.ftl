# Klienci, subskrypcje, wyznaczony kontakt pomocy technicznej, strona pomocy technicznej klienta.

search-control-characters = Szukany tekst nie może zawierać znaków sterujących.
search-too-long = Szukany tekst może mieć najwyżej { $max } znaków.
reseller-filter-invalid = Filtr odsprzedawcy musi być identyfikatorem PartnerID z 6 lub 7 cyfr.
assign-only-seller = Wyznaczony kontakt pomocy technicznej tej subskrypcji może zmienić tylko { $seller }, który ją sprzedał.
assign-role-read-only = Twoja rola ({ $role }) pozwala wyświetlać wyznaczone kontakty pomocy technicznej, ale nie zmieniać ich. Mogą to robić administratorzy globalni, agenci administracyjni i agenci pomocy technicznej.
bought-from-microsoft = Kupiona bezpośrednio od firmy Microsoft: pomocy technicznej udziela Microsoft.
