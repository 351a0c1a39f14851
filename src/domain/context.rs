//! What every domain action is given besides its own input: who acts, and what the deployment
//! decided for the rules. One value, built once per request by the signed-in user's `run`, so a
//! handler never threads the actor and the settings through separately.

use crate::config::{EligibilityRule, Settings};
use crate::domain::Actor;

/// The context of one domain action.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Who is acting; every action checks it before touching data.
    pub actor: Actor,
    /// Rule 2's variant (with or without delegated admin).
    pub rule: EligibilityRule,
    /// Days a new relationship invitation stays valid.
    pub invitation_days: u32,
}

impl Ctx {
    /// The context of `actor` under the deployment's `settings`.
    pub fn new(actor: Actor, settings: &Settings) -> Self {
        Self {
            actor,
            rule: settings.eligibility,
            invitation_days: settings.invitation_days,
        }
    }
}
