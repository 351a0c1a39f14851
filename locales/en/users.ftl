# The organization's users (settings) and set-password links.

users-tab = Users
users-title = Users
users-heading = Users
users-lead = The people who sign in for your organization, their roles, and whether they can sign in. A new user sets their own password through a one-time link that you send them.
users-new-link-heading = Set-password link for { $email }
users-new-link-once = This link is shown only once.
users-new-link-no-copy = partnerdesk keeps no copy of it: copy it now and send it to the user. If it is lost, make a new one.
users-new-link-label = Set-password link
users-new-link-expires = It works once, until { $expires }.
users-list-heading = Your organization's users
users-caption = { $count ->
        [one] { $count } user, by name
       *[other] { $count } users, by name
    }
users-col-name = Name
users-col-email = Email
users-col-role = Role
users-col-state = State
users-col-actions = Actions
users-you = you
users-role-of = Role of { $name }
users-role-change = Change role
users-role-change-label = Change role of { $name }
users-disable = Disable
users-disable-label = Disable { $name }
users-enable = Enable
users-enable-label = Enable { $name }
users-new-link = New set-password link
users-new-link-for = New set-password link for { $name }
users-add-heading = Add a user
users-field-email = Email
users-field-display-name = Display name
users-field-display-name-help = Optional; the email is shown when it is empty.
users-field-role = Role
users-add-help = The user gets no password: you get a set-password link to send them, valid for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
users-add-submit = Add user
users-state-active = Active
users-state-disabled = Disabled
users-state-invited = Invited: has not set a password yet, link expires { $expires }
users-state-invited-expired = Invited: has not set a password yet, no link works any more (make a new one)
users-email-invalid = Enter an email address, like name@example.com.
users-email-taken = A user with email { $email } already exists in partnerdesk.
users-display-name-invalid = The display name may have at most { $max } characters and no control characters.
users-role-invalid = Choose one of the roles listed.
users-last-global-admin = { $email } is the last active Global admin of your organization: make another user Global admin first. Nothing was changed.
users-role-changed = { $email } is now { $role }.
users-disabled = { $email } is disabled: their sessions have ended and they cannot sign in.
users-enabled = { $email } is enabled and can sign in again.
users-unchanged = Nothing to change for { $email }.
users-link-disabled = { $email } is disabled: enable them before making a set-password link.

activity-op-user-role-changed = User role changed
activity-op-user-disabled = User disabled
activity-op-user-enabled = User enabled
activity-op-user-password-link-created = Set-password link created
activity-op-user-password-set = Password set

password-title = Set your password
password-heading = Set the password of { $email }
password-lead = This link sets the password of { $name } at { $org }. It works once.
password-account = Account (sign-in email)
password-organization = Organization
password-link-valid-until = Link valid until
password-new = New password
password-help = At least { $min } characters; not your email address.
password-confirm = New password again
password-submit = Set password and sign in
password-too-short = The password must have at least { $min } characters.
password-too-long = The password may have at most { $max } bytes.
password-is-email = The password must not be your email address.
password-mismatch = The two passwords differ: type the same password twice.
password-set = Your password is set. You are signed in.
password-link-unknown-title = This set-password link is not valid
password-link-unknown = No set-password link has this address. Check that you copied all of it.
password-link-used-title = This set-password link has been used
password-link-used = The link works once and the password has been set with it already. Sign in with that password.
password-link-superseded-title = This set-password link was replaced
password-link-superseded = A newer link was made for this account; only the newest one works.
password-link-expired-title = This set-password link has expired
password-link-expired = The link was valid for a limited time only.
password-link-disabled-title = This account is disabled
password-link-disabled = The account this link is for is disabled, so its password cannot be set.
password-link-ask-admin = Ask a Global admin of your organization for a new link.
