//! The activity log and its CSV export.
