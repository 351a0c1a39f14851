# The activity log.

## The page

activity-lead = What your organization did, and what others did that concerns it: support contact assignments, invitations, relationships and partnerships. Newest first; times are in UTC.
activity-filters-label = Filter the activity log
activity-from = From
activity-to = To
activity-dates-help = Days in UTC; both days are included. Leave a date empty for no limit. If your browser shows a text box, write the date as YYYY-MM-DD, for example 2026-01-31.
activity-customer = Customer
activity-customer-help = A customer's Microsoft ID (tenant ID), or the start of its company name (for example “Adatum”). Leave it empty for all customers.
activity-customer-choices = Customers to choose from
activity-customer-shown = Events about { $name } (Microsoft ID { $tenant }).
activity-operation = Operation
activity-operation-all = All operations
activity-filter = Filter
activity-clear = Clear filters
activity-unknown-customer = No event of your organization concerns the customer with Microsoft ID { $tenant }.
activity-show-all = Show all activity

## The summary line (the count of events)

activity-count-none = No events match.
activity-count-none-yet = No events yet.
activity-count-all = { $count ->
        [one] { $count } event, shown below
       *[other] { $count } events, all shown below
    }
activity-count-page = { $count ->
        [one] { $count } event, showing { $first }–{ $last }
       *[other] { $count } events, showing { $first }–{ $last }
    }
activity-count-past-end = { $count ->
        [one] { $count } event, none on this page
       *[other] { $count } events, none on this page
    }
activity-count-more-page = { $bound ->
        [one] More than { $bound } event, showing { $first }–{ $last }
       *[other] More than { $bound } events, showing { $first }–{ $last }
    }
activity-count-more-deep = More than { $bound } { $bound ->
        [one] event
       *[other] events
    }; showing { $shown } further down the log
activity-count-more-past-end = { $bound ->
        [one] More than { $bound } event, none on this page
       *[other] More than { $bound } events, none on this page
    }
activity-csv-link = Download as CSV
activity-csv-note = every matching event, not only this page
activity-csv-note-filtered = every event that matches these filters, not only this page

## Empty states

activity-empty-past-end = No event comes after the page you came from.
activity-first-page = Go to the newest events
activity-empty-yet = Nothing has happened in your organization yet. When someone assigns a designated support contact, sends a relationship invitation or removes a relationship, it will appear here.
activity-empty-filtered = No event matches these filters. Widen the dates (or leave them empty), leave the customer empty, or choose “All operations”.
activity-empty-clear = Clear all filters and show the whole log

## Paging

activity-pager-newest = Newest
activity-pager-newer = Newer
activity-pager-older = Older

## The table

activity-caption = Activity log, newest first
activity-col-when = When
activity-col-who = Who
activity-col-customer = Customer
activity-col-subscription = Subscription
activity-col-what = Operation
activity-col-change = Before → After
activity-change = { $old } → { $new }
activity-none = none

## Who acted, operations and values

activity-name = { $name }
activity-who-system = System
activity-who-unknown = Unknown user
activity-op-support-contact-assigned = Designated support contact assigned
activity-op-support-contact-reverted = Support contact reverted to the seller
activity-op-support-default-set = Default support contact for new subscriptions set
activity-op-support-default-cleared = Default support contact for new subscriptions cleared
activity-op-invitation-created = Invitation created
activity-op-invitation-revoked = Invitation revoked
activity-op-relationship-accepted = Relationship accepted
activity-op-delegated-admin-removed = Delegated admin privileges removed
activity-op-relationship-removed = Relationship removed
activity-op-partnership-removed = Partnership ended
activity-op-user-created = User created
activity-op-organization-created = Organization added
activity-op-unknown = { $name }
activity-value-microsoft = Microsoft
activity-value-invitation-reseller = reseller relationship
activity-value-invitation-delegated-admin = reseller relationship with delegated admin privileges
activity-value-invitation-pending = pending
activity-value-invitation-revoked = revoked
activity-value-relationship-none = no relationship
activity-value-relationship-active = active
activity-value-relationship-active-delegated-admin = active, with delegated admin privileges
activity-value-relationship-removed = removed
activity-value-delegated-admin-granted = granted
activity-value-delegated-admin-removed = removed
activity-value-partnership-active = active
activity-value-partnership-ended = ended
activity-value-user = { $email } ({ $role })
activity-value-other = { $value }

## The CSV export: column headers

activity-csv-when = Time (UTC)
activity-csv-user = User
activity-csv-organization = Organization
activity-csv-customer = Customer
activity-csv-tenant = Customer Microsoft ID
activity-csv-subscription = Subscription ID
activity-csv-product = Product
activity-csv-operation = Operation
activity-csv-old = Before
activity-csv-new = After

## Filter errors

activity-filter-errors-title = Check the filters
activity-filter-errors-next = Correct the filter as the message next to it says, then choose Filter again.
activity-from-date-invalid = The “from” date must be a date written YYYY-MM-DD, for example 2026-01-31.
activity-to-date-invalid = The “to” date must be a date written YYYY-MM-DD, for example 2026-01-31.
activity-dates-reversed = The “from” date ({ $from }) is after the “to” date ({ $to }). Choose a start date on or before the end date.
activity-customer-invalid = The customer filter must be a customer's Microsoft ID (tenant ID), a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff, or the start of its company name, in at most { $max } characters without line breaks.
activity-customer-no-match = No customer of your organization has a company name that starts with “{ $typed }”. Type the start of the name as it is written, or the customer's Microsoft ID (tenant ID).
activity-customer-several = Several customers' names start with “{ $typed }”. Choose one, or type more of the name.
activity-customer-many = Many customers' names start with “{ $typed }”; here are the first { $shown }. Choose one, or type more of the name or the customer's Microsoft ID.
activity-cursor-invalid = This page link is damaged or incomplete. Start again from the newest events.
activity-operation-invalid = The operation filter must be one of: { $known }. Choose one from the list on the activity log page.

## Issue 15: causes, more filters, quick ranges, links

activity-cause-delegated-admin-removed = because { $customer } removed { $partner }{ $ends ->
        [s] '
       *[other] 's
    } delegated admin privileges
activity-cause-relationship-removed = because { $actor } ended { $partner }{ $ends ->
        [s] '
       *[other] 's
    } relationship with { $customer }
activity-cause-relationship-ended-own = because { $partner } ended its relationship with { $customer }
activity-cause-partnership-removed = because { $actor } ended its partnership with { $partner }
activity-cause-other = because of: { $what }
activity-cause-link = Show the cause
activity-batch-link = Bulk assignment
activity-user = User
activity-user-all = All users
activity-user-unknown = The user filter must be one of your organization's users. Choose one from the list.
activity-reseller = Reseller
activity-reseller-help = Its PartnerID or part of its name. Shows the events between your organization and that reseller.
activity-reseller-choices = Resellers that match
activity-reseller-invalid = The reseller filter must be a PartnerID (6 or 7 digits) or part of a reseller's name, in at most { $max } characters without line breaks.
activity-reseller-no-match = None of your organization's resellers has the PartnerID or a name holding “{ $typed }”.
activity-reseller-several = Several resellers' names hold “{ $typed }” (the first { $shown } are listed). Choose one, or type more of the name.
activity-subscription = Subscription ID
activity-subscription-invalid = The subscription filter must be a subscription ID, a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff.
activity-ranges-label = Quick date ranges
activity-range-days = Last { $days } days
activity-range-invalid = The quick range must be the last 7, 30 or 90 days. Choose one of the links.
activity-range-and-dates = Choose either a quick range or dates, not both. Clear the “from” and “to” dates, or choose the dates without the quick range.
activity-event-invalid = This event link is damaged: an event ID is a GUID. Open the log and follow the link again.
