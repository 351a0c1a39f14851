# The activity log.

activity-from-date-invalid = The “from” date must be a date written YYYY-MM-DD, for example 2026-01-31.
activity-to-date-invalid = The “to” date must be a date written YYYY-MM-DD, for example 2026-01-31.
activity-dates-reversed = The “from” date ({ $from }) is after the “to” date ({ $to }). Choose a start date on or before the end date.
activity-customer-invalid = The customer filter must be a customer's Microsoft ID (tenant id), a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff.
activity-operation-invalid = The operation filter must be one of: { $known }. Choose one from the list on the activity log page.
