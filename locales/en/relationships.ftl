# Relationships, invitations, removals, partnerships, the customer's Partners page.

invitation-revoked = Invitation revoked: its link no longer works. Nothing else changed.
invitation-not-valid-title = Invitation link not valid
invitation-gone-title = Invitation no longer valid
invitation-offer-title = Relationship request from { $partner }
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
forbidden-reseller-removes-relationship = Indirect resellers cannot remove customer relationships here: ask your indirect provider to do it.
delegated-admin-removed = Delegated admin privileges removed from { $partner }.
own-relationship-removed = Your relationship with this customer was removed ({ $partner }).
reseller-relationship-removed = { $partner }'s relationship with this customer was removed.
partnership-ended = The partnership with { $partner } has ended.
removal-done-nothing-reverted = { $what } No designated support contact changed.
removal-done-reverted = { $what } { $count ->
        [one] { $count } subscription is
       *[other] { $count } subscriptions are
    } now supported by the seller again: { $list }.
