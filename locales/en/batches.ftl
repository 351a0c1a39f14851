# Bulk assignment: a batch of subscriptions, its partner, preview, confirmation and review.

batch-none-selected = Select the subscriptions to assign a support contact to, then try again.
batch-over-limit = One batch holds at most { $limit } subscriptions; { $count } were selected. Narrow the selection.
batch-subscription-malformed = A selected subscription id is not a subscription id.
batch-partner-unknown = { $partner } is neither { $seller } nor one of its resellers: choose the partner below.
batch-partner-empty = Type a PartnerID or part of a partner's name.
batch-partner-none = No partner matches “{ $partner }”: type the PartnerID or name of { $seller } or one of its resellers.
batch-partner-several = Several partners match: choose one
batch-already-confirmed = This batch was confirmed already: nothing more changed.
batch-no-partner = Choose the partner before confirming.
batch-done = { $count ->
        [one] { $count } subscription changed.
       *[other] { $count } subscriptions changed.
    }
batch-stopped = { $count ->
        [one] Nothing changed: { $count } subscription was refused, and you asked for all or nothing.
       *[other] Nothing changed: { $count } subscriptions were refused, and you asked for all or nothing.
    }
batch-choose-title = Assign a support contact to many subscriptions
batch-choose-lead = { $count ->
        [one] { $count } subscription selected. Choose the partner that supports it.
       *[other] { $count } subscriptions selected. Choose the partner that supports them.
    }
batch-partner-label = Designated support contact
batch-partner-help = The PartnerID or part of the name of { $seller } or of one of its indirect resellers.
batch-partner-submit = Preview
batch-partner-seller = Preview with { $seller }
batch-back = Back to the selection
batch-col-customer = Customer
batch-col-product = Product
batch-col-contact = Support contact now
batch-col-verdict = What happens
batch-col-why = Why
batch-verdict-change = Changes to { $partner }
batch-verdict-already = { $partner } already supports it
batch-changed-since = Changed since the preview: confirming refuses it. Preview again to include it.
batch-stopped-row = Stopped the confirmation: { $reason }
batch-more-rows = …and { $count } more.
batch-preview-title = Preview of the assignment
batch-preview-heading = Preview: { $partner } as designated support contact
batch-counts = Summary
batch-count-change = { $count ->
        [one] { $count } will change
       *[other] { $count } will change
    }
batch-count-already = { $count ->
        [one] { $count } already supported
       *[other] { $count } already supported
    }
batch-count-cannot = { $count ->
        [one] { $count } cannot change
       *[other] { $count } cannot change
    }
batch-stopped-lead = { $count ->
        [one] The last confirmation changed nothing: { $count } row stopped it (marked below).
       *[other] The last confirmation changed nothing: { $count } rows stopped it (marked below).
    }
batch-changed-since-lead = { $count ->
        [one] { $count } subscription changed since this preview was made.
       *[other] { $count } subscriptions changed since this preview was made.
    }
batch-gone = { $count ->
        [one] { $count } selected subscription is no longer yours to assign.
       *[other] { $count } selected subscriptions are no longer yours to assign.
    }
batch-cannot-heading = { $partner } cannot support these
batch-cannot-caption = Subscriptions whose customer the partner is not eligible for, with the reason and the fix
batch-change-heading = These will change
batch-change-caption = Subscriptions whose designated support contact will change
batch-already-heading = { $partner } already supports these
batch-already-caption = Subscriptions the partner already supports
batch-all-or-nothing = All or nothing
batch-all-or-nothing-help = If any subscription is refused at confirmation (changed meanwhile, or the partner no longer eligible), change none.
batch-confirm = { $count ->
        [one] Confirm: change { $count } subscription
       *[other] Confirm: change { $count } subscriptions
    }
batch-change-partner = Choose another partner
batch-preview-again = Preview again
batch-review-title = Assignment review
batch-review-heading = Support contacts changed
batch-review-lead = { $count ->
        [one] { $partner } is now the designated support contact of { $count } more subscription.
       *[other] { $partner } is now the designated support contact of { $count } more subscriptions.
    }
batch-count-changed = { $count ->
        [one] { $count } changed
       *[other] { $count } changed
    }
batch-count-refused = { $count ->
        [one] { $count } refused
       *[other] { $count } refused
    }
batch-changed-heading = What changed
batch-refused-heading = What was refused, and why
batch-customers-see = What each customer now sees
batch-customers-see-help = The cards each customer's admins find on their Support page for the changed products.
batch-reason-stale = it changed after the preview
batch-reason-gone = it is no longer yours to assign
batch-select-legend = Select subscriptions
batch-select-row = Select { $product }
batch-select-submit = Assign support contact to selected
