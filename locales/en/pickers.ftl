# The support contact picker, the typeahead, the customer page's table, the review page's links,
# the Support page's partner blocks and the tenant id's copy button (issue 15, item 4 and part of 6).

picker-find-label = Find a partner
picker-find-submit = Search
picker-find-help = Name or PartnerID.
picker-found = { $count ->
        [one] { $count } eligible partner matches “{ $text }”.
       *[other] { $count } eligible partners match “{ $text }”.
    }
picker-show-all = Show all partners
picker-none-eligible = No eligible partner matches the search.
picker-eligible-hidden = { $count ->
        [one] { $count } more eligible partner does not match the search.
       *[other] { $count } more eligible partners do not match the search.
    }
picker-why-not = Why can't I choose { $count ->
        [one] the other reseller
       *[other] the other { $count } resellers
    }?
picker-ineligible-more = { $count } more: search by name or PartnerID to find one.
picker-ineligible-hidden = { $count ->
        [one] { $count } more reseller does not match the search.
       *[other] { $count } more resellers do not match the search.
    }
suggest-none = No suggestions
customer-page-not-seller = not the seller
customer-page-change = Change
customer-page-change-label = Change the designated support contact of { $product }
customer-page-just-changed = just changed
review-change-another = Change another subscription of { $customer }
review-change-another-many = { $customer } has { $count } more subscriptions you can assign: choose one on the customer's page.
review-change-another-contact = now { $contact }
support-page-partner-supports = Supports
support-page-partner-count = { $count ->
        [one] { $count } subscription
       *[other] { $count } subscriptions
    }
tenant-id-copy = Copy
tenant-id-copy-label = Copy the tenant id { $tenant }
tenant-id-copied = Copied
