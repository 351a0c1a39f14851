# Organizations: the fields of a partner or a customer, wherever they are typed.

org-kind-invalid = Choose a kind of partner: direct-bill partner, indirect provider or indirect reseller.
org-name-invalid = A name has 1 to { $max } characters and no control characters.
org-partner-id-invalid = A PartnerID is a number of 6 or 7 digits, for example 4100001.
org-tenant-id-invalid = A tenant ID is a GUID, for example 0f8fad5b-d9cb-469f-a165-70867728950e.
org-country-invalid = A country is a two-letter code, for example PL or US.
org-domain-invalid = A primary domain is a domain name, for example adatum.onmicrosoft.com.
org-partner-id-taken = A partner with PartnerID { $partner_id } is already in partnerdesk.
org-tenant-id-taken = An organization with tenant ID { $tenant } is already in partnerdesk.
org-domain-taken = A customer with primary domain { $domain } is already in partnerdesk.
