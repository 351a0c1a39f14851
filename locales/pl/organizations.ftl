# Organizacje: pola partnera lub klienta, gdziekolwiek są wpisywane.

org-kind-invalid = Wybierz rodzaj partnera: partner bezpośredni, dostawca pośredni lub odsprzedawca pośredni.
org-name-invalid = Nazwa ma od 1 do { $max } znaków i nie zawiera znaków sterujących.
org-partner-id-invalid = PartnerID to liczba z 6 lub 7 cyfr, na przykład 4100001.
org-tenant-id-invalid = Identyfikator dzierżawy to identyfikator GUID, na przykład 0f8fad5b-d9cb-469f-a165-70867728950e.
org-country-invalid = Kraj to dwuliterowy kod, na przykład PL lub US.
org-domain-invalid = Domena podstawowa to nazwa domeny, na przykład adatum.onmicrosoft.com.
org-partner-id-taken = Partner o PartnerID { $partner_id } jest już w partnerdesk.
org-tenant-id-taken = Organizacja o identyfikatorze dzierżawy { $tenant } jest już w partnerdesk.
org-domain-taken = Klient z domeną podstawową { $domain } jest już w partnerdesk.
