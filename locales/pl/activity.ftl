# Dziennik aktywności.

activity-from-date-invalid = Data „od” musi mieć postać RRRR-MM-DD, na przykład 2026-01-31.
activity-to-date-invalid = Data „do” musi mieć postać RRRR-MM-DD, na przykład 2026-01-31.
activity-dates-reversed = Data „od” ({ $from }) jest późniejsza niż data „do” ({ $to }). Wybierz datę początkową nie późniejszą niż końcowa.
activity-customer-invalid = Filtr klienta musi być identyfikatorem Microsoft klienta (identyfikatorem dzierżawy), czyli identyfikatorem GUID, takim jak 6f9619ff-8b86-d011-b42d-00c04fc964ff.
activity-operation-invalid = Filtr operacji musi mieć jedną z wartości: { $known }. Wybierz ją z listy na stronie dziennika aktywności.
