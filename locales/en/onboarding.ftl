# Onboarding: invitations naming a customer, a customer's first Global admin, customer sign-up.

## The partner's invitation form and list.
onboard-invite-tenant-label = Customer's tenant ID (optional)
onboard-invite-tenant-help = To invite a customer that is in partnerdesk already, or that will sign up with this tenant ID, enter its tenant ID (Microsoft ID). Only that customer can then use the link. Leave it empty for a new customer.
onboard-invite-note-label = Sent to (optional)
onboard-invite-note-help = A note for your list of whom you sent the link to, up to { $max } characters. The customer does not see it.
onboard-note-invalid = The note has at most { $max } characters and no control characters.
onboard-invite-this-customer = Request a relationship with this customer (an invitation naming it)
onboard-col-for = For
onboard-for-any = Any customer
onboard-sent-to = Sent to: { $note }

## Opened by someone not signed in.
onboard-grants-relationship = { $partner } can sell your organization subscriptions and may be designated as your support contact for them.
onboard-grants-delegated-admin = The admin agents of { $partner } can administer your tenant on your behalf: users, licences, settings and support requests. You can remove these privileges at any time under Partners.
onboard-first-admin-title = Create your Global admin
onboard-first-admin-lead = { $partner } invites your organization (tenant ID { $tenant }) to partnerdesk. Your organization has no users here yet: create its first Global admin, who accepts the invitation.
onboard-first-admin-help = You are signed in as this Global admin afterwards, and the invitation is accepted. You then manage your organization's users under Settings.
onboard-first-admin-submit = Create the Global admin and accept
onboard-sign-up-title = Join partnerdesk
onboard-sign-up-lead = { $partner } invites your organization to a partner relationship in partnerdesk.
onboard-have-account-heading = Already in partnerdesk?
onboard-have-account = If your organization already uses partnerdesk, sign in as its Global admin to accept this invitation.
onboard-sign-in-to-accept = Sign in to accept
onboard-sign-up-heading = Sign up your organization
onboard-sign-up-help = Your organization, its first Global admin and the relationship are created together, and you are signed in. An organization already in partnerdesk cannot sign up again.
onboard-sign-up-submit = Sign up and accept
onboard-customer-legend = Your organization
onboard-admin-legend = Your organization's first Global admin
onboard-field-company-name = Company name
onboard-field-domain = Primary domain
onboard-field-tenant-id = Tenant ID
onboard-field-country = Country (two-letter code)
onboard-field-email = Email
onboard-field-admin-name = Name
onboard-field-password = Password
onboard-field-password-again = Password again
onboard-password-help = At least { $min } characters, not your email address.
onboard-tenant-fixed-help = The partner sent this invitation for this tenant ID.

## Why a form was refused.
onboard-email-invalid = Enter an email address, for example admin@adatum.example.
onboard-email-taken = A user with this email is already in partnerdesk. Sign in instead, or use another email.
onboard-admin-name-invalid = A name has 1 to { $max } characters and no control characters.
onboard-password-short = The password must have at least { $min } characters.
onboard-password-long = The password must have at most { $max } bytes.
onboard-password-is-email = The password must not be the email address.
onboard-password-mismatch = The two passwords are not the same.
onboard-tenant-taken = An organization with tenant ID { $tenant } is already in partnerdesk, so it cannot sign up again. To join it, ask the partner for an invitation that names your tenant ID, or sign in if you have an account.
onboard-domain-taken = A customer with primary domain { $domain } is already in partnerdesk, so it cannot sign up again. To join it, ask the partner for an invitation that names your tenant ID, or sign in if you have an account.

## The invitation leads elsewhere now.
onboard-elsewhere-title = Invitation link
onboard-elsewhere-heading = This invitation now leads elsewhere
onboard-elsewhere-sign-in = Your organization already has a Global admin in partnerdesk. Sign in as a Global admin to accept the invitation from { $partner }.
onboard-elsewhere-other-form = This form does not fit the invitation from { $partner } any more. Open the invitation link again to see what to do.
onboard-open-invitation = Open the invitation

## A signed-in Global admin of another customer.
onboard-other-customer-title = Invitation for another organization
onboard-other-customer-heading = This invitation is for another organization
onboard-other-customer-why = { $partner } sent this invitation for a different customer tenant than yours, so your organization cannot accept it.
onboard-other-customer-next = If you think it is meant for you, ask { $partner } for an invitation that names your tenant ID.
