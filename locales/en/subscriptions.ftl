# The subscription list across customers (/subscriptions) and its CSV export.
nav-subscriptions = Subscriptions
subscriptions-title = Subscriptions
subscriptions-lead = Every subscription your organization sees, across customers, with its designated support contact.
subscriptions-filter-region = Filter subscriptions
subscriptions-filter-contact = Support contact
subscriptions-filter-reseller = Reseller of record
subscriptions-filter-partner-help = PartnerID or part of the name.
subscriptions-filter-customer = Customer
subscriptions-filter-product = Product
subscriptions-filter-any = Any
subscriptions-filter-status = Status
subscriptions-filter-id = Subscription ID
subscriptions-filter-id-help = The whole ID or its first 8 characters or more.
subscriptions-filter-not-seller = Support contact is not the seller
subscriptions-filter-submit = Filter
subscriptions-clear = Clear filters
subscriptions-show-all = Show all subscriptions
subscriptions-none-match = No subscription matches these filters.
subscriptions-none-yet = No subscriptions yet.
subscriptions-list-count = { $count ->
        [one] { $count } subscription
       *[other] { $count } subscriptions
    }
subscriptions-list-count-more = More than { $count } subscriptions
subscriptions-csv = Download CSV
subscriptions-caption = Subscriptions
subscriptions-col-select = Select
subscriptions-col-customer = Customer
subscriptions-col-product = Product
subscriptions-col-seller = Seller
subscriptions-col-reseller = Reseller of record
subscriptions-col-contact = Support contact
subscriptions-col-status = Status
subscriptions-col-updated = Last change
subscriptions-select-row = Select { $product } of { $customer }
subscriptions-not-seller-mark = not the seller
subscriptions-assign-selected = Assign support contact to selected
subscriptions-select-all = Select all { $count } matching
subscriptions-unknown-partner = PartnerID { $mpn } is not your organization nor one of its resellers.
subscriptions-partner-no-name = No partner's name contains “{ $name }”.
subscriptions-partner-several = Several partners' names contain “{ $name }”: choose one.
subscriptions-filter-too-long = A partner name in a filter can be at most { $max } characters.
subscriptions-contact-invalid = A PartnerID in the support contact filter has 6 or 7 digits.
subscriptions-product-invalid = That product is not known.
subscriptions-status-invalid = The status is one of active, suspended, expired or deleted.
subscriptions-not-seller-invalid = “Support contact is not the seller” is either on (1) or off.
subscriptions-id-invalid = A subscription ID search is the whole ID or its first 8 hex digits or more.
subscriptions-sort-invalid = The list sorts by customer, product, contact, status or updated, ascending or descending.
subscriptions-csv-customer = Customer
subscriptions-csv-tenant = Tenant ID
subscriptions-csv-subscription = Subscription ID
subscriptions-csv-product = Product
subscriptions-csv-seller = Seller
subscriptions-csv-reseller = Reseller of record
subscriptions-csv-contact = Designated support contact
subscriptions-csv-status = Status
subscriptions-csv-updated = Last change (UTC)
resellers-supports-link = { $count ->
        [one] { $count } subscription supported by { $partner }
       *[other] { $count } subscriptions supported by { $partner }
    }
