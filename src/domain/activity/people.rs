//! The log's filters by who: a user of the organization, a reseller (by PartnerID or name).

use crate::db::DbConn;
use crate::db::ids::{MpnId, PartnerId, UserId};
use crate::db::models::partner::{self, Partner};
use crate::db::models::user::{self, UserOrg};
use crate::error::AppError;

use super::CustomerProblem;

/// The reseller filter as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResellerQuery {
    /// A PartnerID.
    Mpn(MpnId),
    /// Part of a reseller's name.
    Name(String),
}

/// Most resellers offered when a typed name matches several.
pub const RESELLER_CHOICES: usize = 10;

/// A reseller the filter found or offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogReseller {
    /// Its PartnerID (what the filter takes).
    pub mpn_id: MpnId,
    /// Its name.
    pub name: String,
}

/// Why the reseller filter cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResellerProblem {
    /// No reseller of the organization has that PartnerID, or a name holding that text.
    NoMatch {
        /// What was typed.
        typed: String,
    },
    /// Several resellers' names hold the text (the first [`RESELLER_CHOICES`], by name).
    Several {
        /// What was typed.
        typed: String,
        /// The resellers to choose from.
        choices: Vec<LogReseller>,
    },
}

/// Why a filter of the log cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterProblem {
    /// The customer filter matches no customer, or several.
    Customer(CustomerProblem),
    /// The user filter names no user of the organization.
    UnknownUser,
    /// The reseller filter matches no reseller, or several.
    Reseller(ResellerProblem),
}

/// A user of the organization, for the user filter's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogUser {
    /// Its id (what the filter takes).
    pub id: UserId,
    /// Display name.
    pub display_name: String,
    /// Email, which tells apart users of the same name.
    pub email: String,
}

/// Whether `id` is one of the partner's users (another organization's is as unknown as none).
pub(super) fn check_user(
    conn: &mut DbConn,
    partner: &PartnerId,
    id: &UserId,
) -> Result<bool, AppError> {
    Ok(user::find_in_org(conn, UserOrg::Partner(partner), id)?.is_some())
}

/// The organization's users, for the user filter (tens of rows).
pub(super) fn users_of(conn: &mut DbConn, partner: &PartnerId) -> Result<Vec<LogUser>, AppError> {
    Ok(user::list_for_org(conn, UserOrg::Partner(partner))?
        .into_iter()
        .map(|u| LogUser {
            id: u.id,
            display_name: u.display_name,
            email: u.email,
        })
        .collect())
}

/// The reseller the filter names among the partner's resellers (any partnership, current or
/// ended: the log goes back further than today's resellers): by PartnerID, or by a name that
/// is typed in full or held by only one of them (a few hundred at most).
pub(super) fn find_reseller(
    conn: &mut DbConn,
    provider: &PartnerId,
    wanted: &ResellerQuery,
) -> Result<Result<Partner, ResellerProblem>, AppError> {
    let resellers = partner::resellers_of(conn, provider)?
        .into_iter()
        .map(|(_, reseller)| reseller);
    let (typed, mut found): (String, Vec<Partner>) = match wanted {
        ResellerQuery::Mpn(mpn) => (
            mpn.to_string(),
            resellers.filter(|r| r.mpn_id == *mpn).collect(),
        ),
        ResellerQuery::Name(text) => {
            let needle = text.to_lowercase();
            let found: Vec<Partner> = resellers
                .filter(|r| r.name.to_lowercase().contains(&needle))
                .collect();
            if let Some(exact) = found.iter().position(|r| r.name.to_lowercase() == needle) {
                let mut found = found;
                return Ok(Ok(found.swap_remove(exact)));
            }
            (text.clone(), found)
        }
    };
    Ok(match found.len() {
        0 => Err(ResellerProblem::NoMatch { typed }),
        1 => Ok(found.remove(0)),
        _ => {
            found.truncate(RESELLER_CHOICES);
            Err(ResellerProblem::Several {
                typed,
                choices: found
                    .into_iter()
                    .map(|r| LogReseller {
                        mpn_id: r.mpn_id,
                        name: r.name,
                    })
                    .collect(),
            })
        }
    })
}
