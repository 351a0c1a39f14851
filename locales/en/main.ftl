# The frame of every page, sign-in, errors, roles. One file per area: main, customers,
# relationships, activity. Keep locales/pl/*.ftl in step (a test compares the ids).

skip-to-content = Skip to content
footer = partnerdesk · designated support contacts for the cloud-reseller channel
nav-label = Main
nav-customers = Customers
nav-invitations = Invitations
nav-resellers = Resellers
nav-activity = Activity log
nav-support = Support
nav-partners = Partners
nav-settings = Settings
settings-tabs-label = Settings pages
language-switch = Change the language
language-unknown = partnerdesk speaks English (en) and Polish (pl). Choose one of them.

## Sign-in

sign-in = Sign in
sign-out = Sign out
sign-in-lead = Partner staff and customer admins sign in with their work email.
sign-in-email = Email
sign-in-password = Password
sign-in-failed = Email or password is incorrect.
sign-in-throttled = Too many sign-in attempts. Wait { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and try again.

## Home of a role that opens no pages

home-title = Home
home-welcome = Welcome
home-signed-in-as = You are signed in to { $org } as { $role }.
home-no-pages = Your role opens no pages in partnerdesk. If you need to see customers, support contacts or partner relationships, ask your organization's Global admin for another role.

## Roles

role-global-admin = Global admin
role-admin-agent = Admin agent
role-helpdesk-agent = Helpdesk agent
role-sales-agent = Sales agent
role-billing-admin = Billing admin
role-user = User

## Paging and counts

pager-label = Pages
pager-first = First page
pager-previous = Previous
pager-next = Next
pager-page = Page { $page }
subscriptions-count = { $count ->
        [one] { $count } subscription
       *[other] { $count } subscriptions
    }

## Forms

form-too-large = The form sent more data than partnerdesk accepts. Shorten the input and try again.
form-unreadable = The form could not be read. Try again.
form-nul = The form contains a character that is not allowed (NUL). Remove it and try again.
form-malformed = The form is incomplete or malformed ({ $detail }). Reload the page and try again.
page-number-invalid = The page number must be a whole number, 1 or more.
list-cursor-invalid = This page link is damaged or incomplete. Start again from the first page of the list.

## Permissions

forbidden-billing-admin-workspace = Billing admins have no access to the Customers workspace. Ask your Global admin for another role if you need it.
forbidden-customer-workspace = The Customers workspace is for partner staff. Your organization's pages are under Support.
forbidden-customer-admin-pages = Only your organization's Global admins and billing admins can open the admin pages.
forbidden-partner-admin-center = The admin center is for customer admins. Your pages are under Customers.
forbidden-invitations = Only Global admins, admin agents and sales agents can manage relationship invitations.
forbidden-remove-relationships = Only Global admins, admin agents and sales agents can remove relationships.
forbidden-end-partnership = Only an indirect provider's Global admin can end a partnership with a reseller.
forbidden-activity = Only Global admins and admin agents can read the activity log.
forbidden-customer-global-admin = Only your organization's Global admins can do this. Billing admins can view partner relationships.
forbidden-partner-not-customer = This is for a customer's Global admin, not for partner staff.
forbidden-manage-users = Only your organization's Global admins can manage its users.
forbidden-support-profile = Only Global admins and admin agents can edit the support profile.
forbidden-import = Only the Global admins and admin agents of an indirect provider or a direct-bill partner can import customers and subscriptions.
forbidden-accept-partnership = Only an indirect reseller's Global admin can accept a partnership request.

## Error pages

error-status = Error { $status }
error-reference = Reference to quote to support:
error-home = Go to the home page
error-400-title = Bad request
error-400-message = The request could not be understood. Check the address or the form and try again.
error-403-title = Access denied
error-403-message = Your role does not give access to this page. Ask your organization's Global admin if you need it.
error-404-title = Page not found
error-404-message = There is no such page, or it belongs to another organization. Check the address, or start again from the home page.
error-405-title = Method not allowed
error-405-message = This page cannot be used that way. Start again from the home page.
error-408-title = Request timeout
error-408-message = The request took too long to arrive. Try again.
error-409-title = Conflict
error-409-message = Someone else changed this meanwhile. Reload the page and try again.
error-413-title = Request too large
error-413-message = The form sent more data than partnerdesk accepts. Shorten the input and try again.
error-415-title = Unsupported form
error-415-message = The form was sent in a format partnerdesk does not accept.
error-422-title = Check the form
error-422-message = Some fields need attention.
error-429-title = Too many attempts
error-429-message = Wait a moment and try again.
error-503-title = Service unavailable
error-503-message = partnerdesk cannot reach its database right now. Try again in a minute.
health-database-unreachable = The database is unreachable. partnerdesk keeps trying, and serves again as soon as it answers.
health-migrations-pending = { $count ->
        [one] One database migration is not applied yet
       *[other] { $count } database migrations are not applied yet
    }: run `partnerdesk migrate`, or start `partnerdesk serve` again, which applies them.
error-500-title = Something went wrong
error-500-message = partnerdesk could not complete the request. Try again; if it keeps happening, contact your administrator.
error-other-title = Request failed
error-other-message = The request could not be completed.
error-csrf-title = Form expired
error-csrf-message = This form was opened in another session or from another site, or it is too old. Go back, reload the page and submit again.

## Page titles that are not a navigation section

review-title = Review
remove-relationship-title = Remove a relationship
end-partnership-title = End a partnership
remove-delegated-admin-title = Remove delegated admin privileges

## Kinds of partner, commerce, subscription status (shared by several pages)

kind-direct-bill = Direct-bill partner
kind-indirect-provider = Indirect provider
kind-indirect-reseller = Indirect reseller
commerce-new = New commerce
commerce-legacy = Legacy
subscription-status-active = Active
subscription-status-suspended = Suspended
subscription-status-expired = Expired
subscription-status-deleted = Deleted
licences-count = { $count ->
        [one] { $count } licence
       *[other] { $count } licences
    }
