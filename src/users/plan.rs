//! Where a user's 2025-02-19 invitations would go, judged while validating (the calls
//! themselves are planned in `crate::plan` and built in `crate::api::calls`).

pub(crate) use crate::api::NewUser;
use crate::users::roles::{Role, Scope};

/// Why a user has no 2025-02-19 invitation.
pub(crate) const NO_ROLE: &str = "the 2025-02-19 endpoints need an organization or project role: give --orgRole ID:ROLE or --projectRole ID:ROLE (or use --apiVersion 2023-01-01)";

/// Where the 2025-02-19 invitations of `roles` go (to organizations, to projects), without
/// building them; `None` when there is no role.
pub(crate) fn targets(roles: &[Role]) -> Option<(bool, bool)> {
    let mut orgs = roles
        .iter()
        .filter(|r| r.scope == Scope::Org)
        .map(|r| &r.id);
    let first = orgs.next();
    let several = orgs.any(|id| Some(id) != first);
    let projects = roles.iter().any(|r| r.scope == Scope::Project);
    match (first, several) {
        (None, _) if !projects => None,
        (None, _) => Some((false, true)),
        // One organization carries the project roles in its own call.
        (Some(_), false) => Some((true, false)),
        (Some(_), true) => Some((true, projects)),
    }
}
