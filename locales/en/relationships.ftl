# Relationships, invitations, removals, partnerships, the customer's Partners page.

## Shared by this area's pages

relationships-breadcrumb = Breadcrumb
relationship-state-active = Active
relationship-state-removed = Removed
partnership-state-pending = Pending
partnership-state-active = Active
partnership-state-removed = Ended
removal-what-changes = What changes
removal-cancel = Cancel
affected-heading = Designated support contacts
affected-none = No designated support contact changes: every subscription keeps its support contact.
affected-count = { $count ->
        [one] { $count } subscription gets its seller back as designated support contact:
       *[other] { $count } subscriptions get their seller back as designated support contact:
    }
affected-col-subscription = Subscription
affected-col-now = Designated support contact now
affected-col-after = After
affected-seller = { $seller } (seller)

## The partner's Invitations page

invitations-heading = Invitations
invitations-lead = Request a relationship with a customer: create an invitation link, then send it to the customer's Global admin. Once they accept, the customer appears under Customers.
invitations-new-link-heading = Your invitation link
invitations-new-link-once = Copy this link now: it is shown only this once.
invitations-new-link-no-copy = partnerdesk keeps no copy it could show again; if you lose it, revoke the invitation and create a new one.
invitations-new-link-label = Invitation link
invitations-new-link-help = Send it to the customer's Global admin, for example by email. They sign in, read what your organization asks for, and accept.
invitations-new-link-expires = The link works once and expires on { $expires }.
invitations-expires-in-days = An invitation can be accepted once, and expires { $days ->
        [one] { $days } day
       *[other] { $days } days
    } after you create it.
invitations-create-heading = Request a relationship
invitations-ask-delegated-admin = Ask for delegated admin privileges
invitations-delegated-admin-help = Delegated admin privileges let your organization's admin agents administer the customer's tenant on its behalf: users, licences, settings and support requests.
invitations-delegated-admin-help-eligibility = An indirect reseller also needs them to be chosen as a customer's designated support contact.
invitations-delegated-admin-help-unticked = Leave this unticked to ask only for a reseller relationship, which lets you sell the customer subscriptions. The customer sees exactly what you ask for before accepting, and can remove delegated admin privileges at any time.
invitations-create-submit = Create the invitation link
invitations-list-heading = Your organization's invitations
invitations-empty = Your organization has not created any invitations yet.
invitations-empty-next = To invite a customer, use Request a relationship above: create an invitation link, then send it to the Global admin of the customer you want to work with.
invitations-caption = { $count ->
        [one] { $count } invitation, newest first
       *[other] { $count } invitations, newest first
    }
invitations-col-created = Created
invitations-col-created-by = Created by
invitations-col-asks-for = Asks for
invitations-col-expires = Expires
invitations-col-state = State
invitations-col-actions = Actions
invitations-asks-delegated-admin = Reseller relationship with delegated admin privileges
invitations-asks-relationship = Reseller relationship
invitation-state-pending = Pending
invitation-state-accepted = Accepted
invitation-state-revoked = Revoked
invitation-state-expired = Expired
invitations-accepted-by = by { $customer }
invitations-accepted-by-unknown = by a customer
invitations-revoke = Revoke
invitations-revoke-label = Revoke the invitation created on { $created } by { $name }
invitation-revoked = Invitation revoked: its link no longer works. Nothing else changed.
invitation-revoke-refused-accepted = The invitation of { $created } was already accepted by { $customer } on { $accepted }, so it cannot be revoked; nothing changed. To end the relationship, remove it from the customer's page.
invitation-revoke-refused-accepted-unknown = The invitation of { $created } was already accepted by a customer on { $accepted }, so it cannot be revoked; nothing changed. To end the relationship, remove it from the customer's page.
invitation-revoke-refused-revoked = The invitation of { $created } was already revoked on { $revoked }; nothing changed.
invitation-revoke-refused-expired = The invitation of { $created } expired on { $expired }; its link no longer works, so there is nothing to revoke. Nothing changed.
invitation-revoke-failed = The invitation could not be revoked. Reload the page and try again.

## A customer's Global admin opens an invitation link

invitation-offer-title = Relationship request from { $partner }
invitation-offer-lead = { $partner } asks { $customer } for a partner relationship. Read what accepting grants, then accept, or leave this page to decline.
invitation-fact-partner = Partner
invitation-fact-partner-id = PartnerID
invitation-fact-kind = Partner type
invitation-fact-customer = Request for
invitation-fact-valid-until = Link valid until
invitation-grants-heading = What accepting grants
invitation-grants-relationship-title = A reseller relationship.
invitation-grants-relationship = { $partner } can sell { $customer } subscriptions and may be designated as your support contact for them.
invitation-grants-delegated-admin-title = Delegated admin privileges.
invitation-grants-delegated-admin = The admin agents of { $partner } can administer your tenant ({ $domain }) on your behalf: users, licences, settings and support requests. You can remove these privileges at any time under Partners.
invitation-grants-no-delegated-admin-title = No delegated admin privileges.
invitation-grants-no-delegated-admin = This request does not ask for delegated admin privileges: { $partner } gets no administrative access to your tenant through it.
invitation-grants-keeps-delegated-admin = { $partner } keeps the delegated admin privileges you granted earlier.
invitation-change-heading = What changes
invitation-change-new = { $customer } has no relationship with { $partner } yet. Accepting creates it, without delegated admin privileges.
invitation-change-new-delegated = { $customer } has no relationship with { $partner } yet. Accepting creates it, with delegated admin privileges.
invitation-change-reactivated = Your earlier relationship with { $partner } was removed. Accepting makes it active again, without delegated admin privileges.
invitation-change-reactivated-delegated = Your earlier relationship with { $partner } was removed. Accepting makes it active again, with delegated admin privileges.
invitation-change-grants-delegated-admin = You already work with { $partner }. Accepting grants it delegated admin privileges; the reseller relationship stays as it is.
invitation-change-nothing = You already work with { $partner }. Accepting changes nothing; it only uses up this link.
invitation-change-nothing-delegated = You already work with { $partner }, with delegated admin privileges. Accepting changes nothing; it only uses up this link.
invitation-accept-help = Only a Global admin can accept. The link works once.
invitation-accept = Accept the relationship request
invitation-not-now = Not now
invitation-accepted = Invitation accepted. You now have { $delegated ->
        [yes] an active reseller relationship with delegated admin privileges
       *[no] an active reseller relationship, without delegated admin privileges
    } with { $partner }.
invitation-accepted-unchanged = Invitation accepted. You already had { $delegated ->
        [yes] an active reseller relationship with delegated admin privileges
       *[no] an active reseller relationship, without delegated admin privileges
    } with { $partner }; nothing changed.
invitation-for-customer-admin = This invitation link is meant for a customer's Global admin: the customer it was sent to must open it and accept it. Partner staff cannot accept relationship invitations.
invitation-global-admin-only = Only your Global admin can accept a partner's relationship invitation. Forward this link to your organization's Global admin.

## An invitation link that cannot be used

invitation-not-valid-title = Invitation link not valid
invitation-not-valid-heading = This invitation link is not valid
invitation-not-valid-why = No relationship invitation has this link. Check that you opened the whole link from the partner's message, without missing or extra characters.
invitation-not-valid-next = If it still does not work, ask the partner for a new invitation link.
invitation-nothing-changed = Nothing changed.
invitation-revoked-title = Invitation revoked
invitation-revoked-heading = This invitation was revoked
invitation-revoked-why = { $partner } withdrew this invitation on { $at }, so it can no longer be accepted.
invitation-revoked-next = Nothing changed. If you want to work with { $partner }, ask them for a new invitation link.
invitation-used-title = Invitation already used
invitation-used-heading = This invitation was already used
invitation-used-by-you-why = Your organization accepted this invitation from { $partner } on { $at }. Each link works once; your relationship with { $partner } is listed under Partners.
invitation-used-why = This invitation from { $partner } was accepted on { $at }. Each link works once.
invitation-used-next = Nothing changed. If you need another relationship request, ask { $partner } for a new invitation link.
invitation-expired-title = Invitation expired
invitation-expired-heading = This invitation has expired
invitation-expired-why = This invitation from { $partner } expired on { $at } and can no longer be accepted.
invitation-expired-next = Nothing changed. Ask { $partner } for a new invitation link.
invitation-see-partners = Go to your partners

## The customer's Partners page

partners-heading = Partners
partners-lead = The partners { $customer } works with, what they may do in your tenant, and which of your subscriptions they support.
partners-read-only = You can view these relationships. Only a Global admin can change them.
partners-empty = { $customer } has no partner relationships yet.
partners-empty-next = To work with a partner, ask it for a relationship request link. Your Global admin opens the link, reads what it grants and accepts.
partners-fact-partner-id = PartnerID
partners-fact-kind = Partner type
partners-fact-relationship = Relationship
partners-since = since
partners-fact-delegated-admin = Delegated admin privileges
partners-delegated-admin-granted = Granted
partners-delegated-admin-not-granted = Not granted
partners-supports-heading = Designated support contact
partners-supports-none = { $partner } is not the designated support contact for any of your subscriptions.
partners-supports = { $count ->
        [one] { $partner } is the designated support contact for one of your subscriptions:
       *[other] { $partner } is the designated support contact for { $count } of your subscriptions:
    }
partners-remove-delegated-admin = Remove delegated admin privileges
partners-remove-delegated-admin-label = Remove delegated admin privileges from { $partner }

## Removing delegated admin privileges (customer)

remove-delegated-admin-heading = Remove the delegated admin privileges of { $partner }?
remove-delegated-admin-lead = { $partner } will no longer be able to administer your tenant. The relationship itself stays: { $partner } can still sell you subscriptions.
remove-delegated-admin-no-access = The admin agents of { $partner } lose administrative access to your tenant ({ $domain }).
remove-delegated-admin-relationship-stays = Your reseller relationship with { $partner } stays active.
remove-delegated-admin-undo = To grant these privileges again later, ask { $partner } for a new relationship request that asks for them.
remove-delegated-admin-confirm = Remove delegated admin privileges
delegated-admin-removed = Delegated admin privileges removed from { $partner }.

## Removing a relationship (partner)

remove-own-relationship-heading = Remove your relationship with { $customer }?
remove-reseller-relationship-heading = Remove the relationship between { $partner } and { $customer }?
remove-relationship-blocked = { $count ->
        [one] You cannot remove this relationship while your organization has an active subscription for { $customer }. Cancel it or let it end first:
       *[other] You cannot remove this relationship while your organization has active subscriptions for { $customer }. Cancel them or let them end first:
    }
remove-relationship-back = Back to { $customer }
remove-own-relationship-lead = Your organization will no longer see { $customer } or work for it.
remove-reseller-relationship-lead = { $partner } will no longer see { $customer } or work for it.
remove-own-relationship-no-access = { $customer } disappears from your Customers list, for every user of your organization.
remove-reseller-relationship-no-access = { $customer } disappears from the Customers list of { $partner }, and { $partner } can no longer be its designated support contact.
remove-relationship-undo = To work together again, the Global admin of { $customer } must accept a new relationship request from { $partner }.
remove-relationship-affected-elsewhere = { $count ->
        [one] { $count } subscription sold by another partner gets its seller back as designated support contact too.
       *[other] { $count } subscriptions sold by other partners get their sellers back as designated support contact too.
    }
remove-relationship-confirm = Remove the relationship
forbidden-reseller-removes-relationship = Indirect resellers cannot remove customer relationships here: ask your indirect provider to do it.
own-relationship-removed = Your relationship with this customer was removed ({ $partner }).
reseller-relationship-removed = The relationship of { $partner } with this customer was removed.

## The provider's resellers and ending a partnership

resellers-heading = Resellers
resellers-lead = Your indirect resellers. An active partnership is one of the conditions for a reseller to be a designated support contact for the subscriptions you sell.
resellers-empty = You have no indirect resellers yet.
resellers-empty-next = An indirect reseller appears here once it has a partnership with your organization.
resellers-caption = { $count ->
        [one] { $count } indirect reseller
       *[other] { $count } indirect resellers
    }
resellers-col-reseller = Reseller
resellers-col-partner-id = PartnerID
resellers-col-partnership = Partnership
resellers-col-since = Since
resellers-col-supports = Subscriptions it supports
resellers-col-actions = Actions
resellers-end-partnership = End partnership
resellers-end-partnership-label = End partnership with { $partner }
end-partnership-heading = End your partnership with { $partner }?
end-partnership-lead = { $partner } will no longer resell your offers or support your customers' subscriptions.
end-partnership-not-eligible = { $partner } can no longer be chosen as the designated support contact for the subscriptions you sell.
end-partnership-relationships-stay = The relationships of { $partner } with customers do not change.
end-partnership-affected-count = { $count ->
        [one] { $count } subscription gets you back as designated support contact:
       *[other] { $count } subscriptions get you back as designated support contact:
    }
end-partnership-col-customer = Customer
end-partnership-confirm = End the partnership with { $partner }
partnership-ended = The partnership with { $partner } has ended.

## After a removal

removal-done-nothing-reverted = { $what } No designated support contact changed.
removal-done-reverted = { $what } { $count ->
        [one] { $count } subscription is
       *[other] { $count } subscriptions are
    } now supported by the seller again: { $list }.
