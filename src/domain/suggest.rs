//! Suggestions for the searchable filters (the typeahead): the organization's resellers and the
//! customers it sees, a few at a time, each with the value the filter reads.

use crate::db::DbConn;
use crate::db::models::customer::fold_case;
use crate::db::models::partner;
use crate::domain::Ctx;
use crate::domain::customers::{self, CustomerQuery};
use crate::error::AppError;

/// Most suggestions answered.
pub const SUGGESTIONS: usize = 10;

/// Longest text a suggestion is asked for.
pub const MAX_SUGGEST_LEN: usize = 100;

/// One suggestion: what the user reads, and what goes into the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    /// The name, with the id that tells it apart.
    pub label: String,
    /// What the filter reads: a PartnerID, a tenant id.
    pub value: String,
}

/// The actor's organization's resellers with an active partnership whose name or PartnerID holds
/// `text`, by name, at most [`SUGGESTIONS`]; value: the PartnerID. A reseller or a direct-bill
/// partner has no resellers: none. (A provider has at most a few hundred resellers: they are
/// read whole, as the customer list's reseller filter reads them.)
pub fn reseller_suggestions(
    conn: &mut DbConn,
    ctx: &Ctx,
    text: &str,
) -> Result<Vec<Suggestion>, AppError> {
    let partner_id = ctx.actor.customer_workspace()?;
    let needle = fold_case(text.trim());
    if needle.is_empty() {
        return Ok(Vec::new());
    }
    Ok(partner::active_resellers_of(conn, partner_id)?
        .into_iter()
        .filter(|r| fold_case(&r.name).contains(&needle) || r.mpn_id.to_string().contains(&needle))
        .take(SUGGESTIONS)
        .map(|r| Suggestion {
            label: format!("{} ({})", r.name, r.mpn_id),
            value: r.mpn_id.to_string(),
        })
        .collect())
}

/// The customers the actor's organization sees (rule 9) whose company name, domain or tenant id
/// holds `text`, by company name, at most [`SUGGESTIONS`]; value: the tenant id. The customer
/// list's own search (its trigram index, or a bounded look through), so that it costs what the
/// list's first page costs at any size.
pub fn customer_suggestions(
    conn: &mut DbConn,
    ctx: &Ctx,
    text: &str,
) -> Result<Vec<Suggestion>, AppError> {
    ctx.actor.customer_workspace()?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let query = CustomerQuery {
        search: Some(text.to_owned()),
        ..CustomerQuery::default()
    };
    let list = customers::customer_list(conn, ctx, &query)?;
    Ok(list
        .rows
        .into_iter()
        .take(SUGGESTIONS)
        .map(|row| Suggestion {
            label: format!("{} ({})", row.customer.company_name, row.customer.domain),
            value: row.customer.tenant_id.to_string(),
        })
        .collect())
}
