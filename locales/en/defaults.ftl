# A customer's default support contact for new subscriptions (issue 15, rule 1), and its clearing
# by rule 3.

default-title = Support contact for new subscriptions
default-heading = Support contact for new subscriptions of { $customer }
default-saved = Saved: new subscriptions of { $customer } are now supported by { $partner }.
default-now-partner = New subscriptions that { $seller } opens for { $customer } are supported by { $partner }.
default-now-seller = New subscriptions that { $seller } opens for { $customer } are supported by { $seller }, the seller.
default-help = This applies to subscriptions { $seller } opens from now on, imported ones included, while the partner stays eligible. Existing subscriptions keep their contact unless you apply it to them below.
default-heading-read-only = Support contact for new subscriptions (read-only)
default-form-heading = Change the support contact for new subscriptions
default-error-heading = The support contact for new subscriptions was not changed
default-legend = Support contact for new subscriptions
default-form-help = Only partners eligible for { $customer } are listed: your organization, and your resellers with an active partnership and relationship with the customer (and delegated admin privileges, where required). Choose your organization to go back to the seller.
default-choice-seller = the seller
default-submit = Submit
default-apply-heading = Existing subscriptions
default-apply-none = Every subscription { $seller } sells to this customer is already supported by { $partner }.
default-apply-summary = { $count ->
        [one] { $count } subscription that { $seller } sells to this customer is
       *[other] { $count } subscriptions that { $seller } sells to this customer are
    } not supported by { $partner }:
default-apply-col-customer = Customer
default-apply-col-product = Product
default-apply-col-contact = Current support contact
default-apply-submit = { $count ->
        [one] Also apply to this subscription
       *[other] Also apply to these { $count } subscriptions
    }
default-section-heading = Support contact for new subscriptions
default-section-partner = { $partner } ({ $mpn }).
default-section-seller = The seller, { $seller }.
default-section-change = Change
default-section-view = View
default-section-change-label = Change the support contact for new subscriptions
default-reseller-forbidden = Only the seller (an indirect provider or a direct-bill partner) sets the support contact for a customer's new subscriptions; resellers cannot.
default-role-read-only = Your role ({ $role }) can view but not change the support contact for new subscriptions. Global admins, admin agents and helpdesk agents can.
default-unknown-partner = PartnerID { $mpn } is neither { $seller } nor one of its resellers. Choose one of the partners listed.
default-ineligible = { $partner } cannot be the support contact for new subscriptions of { $customer }: { $reason }. To fix: { $fix }
default-already = { $partner } is already the support contact for new subscriptions. Choose another partner to change it.
default-stale = { $who } changed the support contact for new subscriptions to { $to } on { $when } while you were editing. Your change was not saved: check the current choice below and submit again if you still want to change it.
default-stale-unknown = Someone else changed the support contact for new subscriptions (now { $to }) while you were editing. Your change was not saved: check it below and submit again.
default-malformed-partner = Choose a partner: the choice sent was not a PartnerID (6 or 7 digits).
default-malformed-current = The form was incomplete (the current choice was missing). Nothing was changed: submit the form again.
default-cleared-heading = Support contacts for new subscriptions that will be cleared
default-cleared-none = No customer's support contact for new subscriptions names this partner.
default-cleared-count = { $count ->
        [one] { $count } customer default names this partner; new subscriptions will be supported by the seller again:
       *[other] { $count } customer defaults name this partner; new subscriptions will be supported by the seller again:
    }
default-cleared-item = { $customer }: new subscriptions from { $seller } were supported by { $partner }
removal-done-defaults-cleared = { $done } { $count ->
        [one] { $count } support contact for new subscriptions was cleared
       *[other] { $count } support contacts for new subscriptions were cleared
    } (back to the seller): { $list }.
