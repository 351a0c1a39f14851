# Customers, subscriptions, the designated support contact, the customer's support page.

search-control-characters = Search text cannot contain control characters.
search-too-long = Search text can be at most { $max } characters.
page-size-invalid = A page holds 25, 50 or 100 rows.
page-size-label = Rows per page
reseller-filter-invalid = A PartnerID in the reseller filter has 6 or 7 digits.
reseller-filter-too-long = The reseller filter can be at most { $max } characters.
assign-only-seller = Only { $seller }, which sold this subscription, can change its designated support contact.
assign-role-read-only = Your role ({ $role }) can view but not change designated support contacts. Global admins, admin agents and helpdesk agents can.
bought-from-microsoft = Bought directly from Microsoft: Microsoft supports it.

## The customer list

customers-title = Customers
customers-lead = The customers your organization has an active relationship with. Open one to see its subscriptions and who supports them.
customers-breadcrumb = Breadcrumb
customers-search-region = Find customers
customers-search-label = Search
customers-search-help = Part of the company name, the domain or the Microsoft ID (tenant ID).
customers-reseller-label = Works with reseller
customers-reseller-help = A PartnerID or part of the name of one of your indirect resellers: only the customers that also have a relationship with it are shown.
customers-reseller-choices = Resellers whose names match
customers-search-submit = Search
customers-clear = Clear search and filter
customers-count = { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    }
customers-count-range = { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    } · showing { $first }–{ $last }
customers-none-match-search = No customers match “{ $search }”.
customers-none-match-search-reseller = No customers match “{ $search }” among those that work with { $reseller }.
customers-filtered-by-reseller = Only those that also work with { $reseller }.
customers-none-with-reseller = None of your customers works with { $reseller } yet.
customers-none-yet = Your organization has no customers yet.
customers-unknown-reseller = PartnerID { $mpn } is not one of your indirect resellers, so no customers are shown.
customers-reseller-no-name = None of your indirect resellers has “{ $name }” in its name, so no customers are shown.
customers-reseller-several = Several of your indirect resellers have “{ $name }” in their names: choose one.
customers-show-all = Show all customers
customers-empty-search-hint = Check the spelling, or search for part of the company name, the domain or the Microsoft ID.
customers-empty-clear-search = Clear the search
customers-empty-reseller-hint = A customer appears here once it has accepted a relationship request from { $reseller }.
customers-empty-none-hint = A customer appears here once its Global admin accepts your organization's relationship request.
customers-empty-request = Request a relationship
customers-count-between = { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    } · showing { $from } to { $to }
customers-count-more = More than { $count } customers
customers-count-more-range = More than { $count } customers · showing { $first }–{ $last }
customers-count-more-between = More than { $count } customers · showing { $from } to { $to }
customers-scan-status = { $shown ->
        [one] { $shown } matching customer
       *[other] { $shown } matching customers
    }, from { $from } to { $to }
customers-scan-none-here = No customers match “{ $search }” among those this page looked through.
customers-scan-short = A search of fewer than 3 letters or digits in a row cannot use the search index, so each page looks through { $window } customers, by company name, and shows no count. Type at least 3 letters or digits in a row to search all your customers at once.
customers-scan-common = This search matches so many customers that each page looks through { $window } of yours, by company name, and shows no count. Type more to narrow it.
customers-scan-stopped = This page looked as far as “{ $name }”; Next looks further.
customers-page-empty = There are no more customers this way: the list may have changed since this link was made.
customers-go-first-page = Go to the first page
customers-table-caption = Customers
customers-table-caption-range = Customers from { $from } to { $to }
customers-col-company = Company
customers-col-domain = Domain
customers-col-tenant = Microsoft ID
customers-col-country = Country
customers-col-subscriptions = Subscriptions

## A customer's page

customer-page-domain = Domain
customer-page-tenant = Microsoft ID (tenant ID)
customer-page-country = Country
customer-page-subscriptions = Subscriptions
customer-page-subscriptions-help = The subscriptions your organization sold, earns incentives on, or supports. Open one to see or change its designated support contact.
customer-page-subscriptions-caption = Subscriptions of { $customer }
customer-page-no-subscriptions = Your organization sells, earns incentives on or supports none of { $customer }'s subscriptions. A subscription appears here when your organization sells it, or becomes its reseller of record or its designated support contact.
customer-page-col-product = Product
customer-page-col-licences = Licences
customer-page-col-status = Status
customer-page-col-seller = Seller
customer-page-col-reseller-of-record = Reseller of record
customer-page-col-support-contact = Designated support contact
customer-page-none = None
customer-page-relationships = Relationships
customer-page-relationships-help = { $customer }'s relationships with your organization and with your indirect resellers.
customer-page-relationships-caption = Relationships of { $customer }
customer-page-no-relationships = { $customer } has no relationships with your organization or your resellers.
customer-page-col-partner = Partner
customer-page-col-kind = Kind
customer-page-col-state = State
customer-page-col-delegated-admin = Delegated admin privileges
customer-page-col-since = Since
customer-page-col-actions = Actions
customer-page-relationship-active = Active
customer-page-relationship-removed = Removed
customer-page-delegated-admin-granted = Granted
customer-page-delegated-admin-not-granted = Not granted
customer-page-remove-own = Remove relationship
customer-page-end-reseller = End relationship

## A subscription's page and the designated support contact form

subscription-page-customer = Customer
subscription-page-id = Subscription ID
subscription-page-licences = Licences
subscription-page-status = Status
subscription-page-commerce = Commerce
subscription-page-seller = Seller
subscription-page-reseller-of-record = Reseller of record
subscription-page-reseller-of-record-help = Earns the partner incentives on this subscription. It does not decide who supports the customer.
subscription-page-support-contact = Designated support contact
subscription-page-support-contact-help = The partner { $customer }'s admins see on their Support page for this product, and call when something breaks.
subscription-page-none = None
assign-heading = Change the designated support contact
assign-heading-read-only = Who can change it
assign-legend = Choose the designated support contact
assign-help = Your organization, or one of your indirect resellers that has an active relationship with { $customer }.
assign-help-delegated-admin = Your organization, or one of your indirect resellers that has an active relationship with { $customer } and delegated admin privileges.
assign-help-disabled = Resellers that cannot be chosen yet are listed with the reason and what would make them available.
assign-choice-own = your organization, the seller
assign-choice-reseller = indirect reseller
assign-choice-current = current contact
assign-not-available = Not available: { $reason }.
assign-to-fix = To fix: { $fix }
assign-submit = Submit
assign-back = Back to { $customer }
assign-error-heading = The designated support contact was not changed.
assign-reason-partnership-not-active = partnership not active
assign-reason-no-relationship = no relationship with this customer
assign-reason-no-delegated-admin = no delegated admin privileges
assign-fix-partnership-pending = { $reseller } has not yet accepted its indirect reseller partnership with { $provider }; once it does, this option opens.
assign-fix-partnership-removed = The partnership between { $provider } and { $reseller } was removed; it must be re-established before { $reseller } can support your customers.
assign-fix-no-relationship = { $reseller } sends { $customer } a relationship request (Request a relationship), and { $customer }'s Global admin accepts it.
assign-fix-no-delegated-admin = { $customer }'s Global admin grants { $reseller } delegated admin privileges by accepting a relationship request from { $reseller } that asks for them.
assign-malformed-partner = Choose a partner from the list: the support contact must be a PartnerID of 6 or 7 digits.
assign-bad-version = The form is damaged (no valid version). Reload the page and try again.
assign-unknown-partner = PartnerID { $mpn } is neither { $seller } nor one of its resellers: choose a partner from the list.
assign-ineligible = { $partner } cannot be the designated support contact for { $customer }: { $reason }. To fix: { $fix }
assign-already-contact = { $partner } is already the designated support contact. Choose another partner, or go back to the customer.
assign-stale = { $who } changed the designated support contact to { $to } on { $when } while you were editing. Your change was not saved: check the current contact below and submit again if you still want to change it.
assign-stale-unknown = Someone else changed this subscription while you were editing. Your change was not saved: check it below and submit again.
assign-another-partner = another partner
assign-actor-user-org = { $name } ({ $org })
assign-actor-name = { $name }
assign-actor-someone = Someone

## The review after a change

assign-review-heading = Designated support contact changed
assign-review-lead = { $customer }'s admins now see { $contact } as the support contact for { $product }.
assign-review-superseded = The contact has been changed again since: it is now { $contact }.
assign-review-customer = Customer
assign-review-subscription = Subscription
assign-review-before = Before
assign-review-after = After
assign-review-changed-by = Changed by
assign-review-when = When
assign-review-customer-sees = What { $customer } now sees
assign-review-customer-sees-help = The card { $customer }'s admins find on their Support page:
assign-review-close = Close

## The customer's support page and its cards

support-page-lead = Who supports each of { $customer }'s subscriptions, and how to reach them.
support-page-how = The partner that sold a subscription chooses its support contact. To change who supports a subscription, ask that partner.
support-page-empty = { $customer } has no subscriptions yet.
support-page-empty-hint = When your organization buys a subscription from a partner or from Microsoft, its support contact appears here.
support-card-contact = Support contact
support-card-email = Email
support-card-phone = Phone
support-card-website = Website
support-card-hours = Hours
support-card-microsoft-lead = Bought directly from Microsoft: open a support request in the Microsoft 365 admin center.
support-card-microsoft-hours = 24 hours a day, 7 days a week
