# Customers, subscriptions, the designated support contact, the customer's support page.

search-control-characters = Search text cannot contain control characters.
search-too-long = Search text can be at most { $max } characters.
reseller-filter-invalid = The reseller filter must be a PartnerID of 6 or 7 digits.
assign-only-seller = Only { $seller }, which sold this subscription, can change its designated support contact.
assign-role-read-only = Your role ({ $role }) can view but not change designated support contacts. Global admins, admin agents and helpdesk agents can.
bought-from-microsoft = Bought directly from Microsoft: Microsoft supports it.
