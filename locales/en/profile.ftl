## The support profile settings page (issue 14) and its audit event.

settings-tab-support-profile = Support profile
support-profile-title = Support profile
support-profile-lead = What your customers see on their Support page for every subscription your organization supports: whom to write to, call or visit, and when.
support-profile-stale = Someone changed the support profile while you were editing it. The form now shows their values; nothing of yours was saved. Make your change again if it is still needed.
support-profile-invalid = Some fields need correcting. Nothing was saved.
support-profile-field-email = Support email
support-profile-field-phone = Support phone
support-profile-field-website = Support website
support-profile-field-hours = Support hours
support-profile-email-help = Required. Customers write to this address.
support-profile-phone-help = In international format: a plus sign and 8 to 15 digits, for example +48 22 123 45 67. Leave empty for none.
support-profile-website-help = An https:// address, for example https://support.contoso.example. Leave empty for none.
support-profile-hours-help = Free text, at most { $max } characters, for example "Monday to Friday, 8:00-18:00 CET".
support-profile-save = Save the support profile
support-profile-preview-heading = What your customers see now
support-profile-preview-help = A subscription you support shows this card on the customer's Support page. It shows the profile as saved.
support-profile-preview-product = Example subscription
support-profile-saved = Support profile saved. Customers see it on their next visit to their Support page.
support-profile-unchanged = The support profile already had these values: nothing changed.
support-profile-email-invalid = Enter the support email address, like support@contoso.example.
support-profile-phone-invalid = Enter the phone in international format: a plus sign, then 8 to 15 digits (spaces, hyphens and parentheses allowed), like +48 22 123 45 67.
support-profile-website-invalid = Enter a website address that starts with https:// and names a real host, like https://support.contoso.example.
support-profile-hours-invalid = Support hours are at most { $max } characters, without control characters.

activity-op-support-profile-changed = Support profile changed
activity-value-profile-field = { $field }: { $value }
activity-value-profile-empty = (none)
activity-value-list = { $first }; { $next }
