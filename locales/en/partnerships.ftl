## Partnership requests (issue 14): the provider's requests on its Resellers page, the link a
## reseller opens, acceptance and sign-up.

partnership-request-state-pending = Pending
partnership-request-state-accepted = Accepted
partnership-request-state-revoked = Revoked
partnership-request-state-expired = Expired

activity-op-partnership-requested = Partnership requested
activity-op-partnership-request-revoked = Partnership request revoked
activity-op-partnership-accepted = Partnership accepted
activity-value-partnership-request-for = for { $note }
activity-value-request-pending = pending
activity-value-request-revoked = revoked
activity-value-partnership-none = no partnership
activity-value-partnership-pending = pending

partnership-request-heading = Invite a reseller
partnership-request-help = Make a one-time link and send it to the indirect reseller. Its Global admin opens it and accepts, or signs their organization up to partnerdesk; the partnership is then active at once.
partnership-request-note = For whom (optional)
partnership-request-note-help = A note for your list, such as the person you send the link to; at most { $max } characters.
partnership-request-submit = Make a partnership link
partnership-request-note-invalid = The note is at most { $max } characters, without control characters.
partnership-request-expires-in-days = The link works once, for { $days ->
        [one] { $days } day
       *[other] { $days } days
    } after it is made.
partnership-request-new-link-heading = Your new partnership link
partnership-request-new-link-once = Copy it now: it is shown only this once and cannot be shown again.
partnership-request-new-link-label = Partnership link
partnership-request-new-link-expires = It works once, until { $expires }.
partnership-requests-heading = Partnership requests
partnership-requests-empty = You have made no partnership requests yet.
partnership-requests-caption = { $count ->
        [one] { $count } partnership request, newest first
       *[other] { $count } partnership requests, newest first
    }
partnership-requests-col-created = Made
partnership-requests-col-created-by = Made by
partnership-requests-col-note = For
partnership-requests-col-expires = Expires
partnership-requests-col-state = State
partnership-requests-col-actions = Actions
partnership-requests-accepted-by = by { $reseller }
partnership-requests-revoke = Revoke
partnership-request-revoked = Partnership request revoked: its link no longer works.
partnership-request-revoke-refused-accepted = This request cannot be revoked: a reseller has already accepted it. End the partnership from the list above instead.
partnership-request-revoke-refused-revoked = This request was already revoked.
partnership-request-revoke-refused-expired = This request has expired: its link no longer works, there is nothing to revoke.
partnership-request-revoke-failed = This request could not be revoked. Reload the page and try again.

partnership-link-unknown-title = Partnership link not valid
partnership-link-revoked-title = Partnership request revoked
partnership-link-used-title = Partnership link already used
partnership-link-expired-title = Partnership link expired
partnership-link-unknown-heading = This partnership link is not valid
partnership-link-unknown-why = No partnership request has this link. Check that it was copied whole, or ask the provider for a new one.
partnership-link-revoked-heading = This partnership request was revoked
partnership-link-revoked-why = { $provider } revoked this request on { $at }.
partnership-link-used-heading = This partnership link was already used
partnership-link-used-by-you-why = Your organization accepted this request from { $provider } on { $at }: the partnership is active.
partnership-link-used-why = This request from { $provider } was used on { $at }. A link works only once.
partnership-link-expired-heading = This partnership link has expired
partnership-link-expired-why = This request from { $provider } expired on { $at }.
partnership-link-ask-again = Ask { $provider } for a new link if you still want the partnership.
partnership-link-nothing-changed = Nothing was changed.

partnership-offer-title = Partnership request from { $provider }
partnership-offer-lead = { $provider }, an indirect provider, asks your organization to become its indirect reseller.
partnership-fact-provider = Indirect provider
partnership-fact-partner-id = PartnerID
partnership-fact-country = Country
partnership-fact-valid-until = Valid until
partnership-offer-grants = Once you accept, the partnership with { $provider } is active: { $provider } can make your organization the designated support contact of its customers' subscriptions where you have a relationship with the customer.
partnership-offer-already-active = Your organization already has an active partnership with { $provider }. Accepting only uses this link up.
partnership-accept = Accept the partnership
partnership-not-now = Not now
partnership-accepted = Partnership with { $provider } accepted: it is active now.
partnership-accepted-already-active = Your partnership with { $provider } was already active; the link is now used.

partnership-sign-in-heading = Your organization is already in partnerdesk
partnership-sign-in-help = Sign in as your organization's Global admin, and you come back here to accept.
partnership-sign-in = Sign in to accept
partnership-sign-up-heading = New to partnerdesk? Sign your organization up
partnership-sign-up-help = Add your indirect reseller organization and its first Global admin. The partnership with { $provider } is active as soon as you sign up, and you are signed in.
sign-up-invalid = Some fields need correcting. Nothing was saved.
sign-up-organization = Your organization
sign-up-name = Organization name
sign-up-partner-id = PartnerID
sign-up-partner-id-help = Your MPN ID, 6 or 7 digits, like 4200001.
sign-up-tenant-id = Tenant id
sign-up-tenant-id-help = Your organization's Microsoft tenant id, a GUID.
sign-up-country = Country
sign-up-country-help = Two-letter code, like PL or US.
sign-up-admin = Your first Global admin
sign-up-email = Email
sign-up-display-name = Name
sign-up-password = Password
sign-up-password-help = At least { $min } characters, and not your email address.
sign-up-password-again = Password again
sign-up-submit = Sign up and accept the partnership
sign-up-email-invalid = Enter an email address, like admin@fabrikam.example.
sign-up-email-taken = A user with email { $email } is already in partnerdesk: sign in instead, or use another address.
sign-up-display-name-invalid = Enter a name of 1 to { $max } characters, without control characters.
sign-up-password-length = The password must have at least { $min } characters (and at most { $max } bytes).
sign-up-password-is-email = The password must not be your email address.
sign-up-passwords-differ = The two passwords differ: type the same password twice.
sign-up-signed-in = You are signed in: sign out first to sign a new organization up, or accept the request with your own organization.
sign-up-done = Welcome to partnerdesk. Your partnership with { $provider } is active.
