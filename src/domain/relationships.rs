//! Relationships: the customer's partners and delegated admin removal, and the partner-side
//! removals, each with its impact preview and confirmation (rule 3).
