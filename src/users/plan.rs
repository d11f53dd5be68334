//! What each user's invite sends: createUser's body (2023-01-01, the official CLI's bytes)
//! and the 2025-02-19 calls that replace it after the 2027-07-01 sunset.
//!
//! The same roles map onto createOrgUser and addGroupUsers: roles for one organization
//! become one createOrgUser (project roles riding along as its `groupRoleAssignments`);
//! roles for several organizations become one createOrgUser each, then one addGroupUsers
//! per project; project roles alone become addGroupUsers calls. Those carry only the
//! username and roles.

use crate::api::members::{Call, Target};
use crate::error::Error;
use crate::json::Writer;
use crate::users::roles::{Role, Scope, Team};

/// The user to create, validated.
#[derive(Debug, Clone)]
pub(crate) struct NewUser {
    pub(crate) country: String,
    pub(crate) email: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) mobile: Option<String>,
    /// `None` until read from stdin or a prompt.
    pub(crate) password: Option<String>,
    /// Org roles first, then project roles, each in flag order.
    pub(crate) roles: Vec<Role>,
    /// Teams to join (2025-02-19 only), each with its organization.
    pub(crate) teams: Vec<Team>,
    pub(crate) username: String,
}

impl NewUser {
    /// The JSON request body, fields in the official order, absent mobile number omitted.
    pub(crate) fn body(&self) -> String {
        self.body_showing(self.password.as_deref().unwrap_or_default())
    }

    /// The body with `password` in the password's place (`[redacted]` for a dry run).
    pub(crate) fn body_showing(&self, password: &str) -> String {
        let mut w = Writer::new(0);
        w.open('{');
        w.field("country", &self.country);
        w.field("emailAddress", &self.email);
        w.field("firstName", &self.first_name);
        w.field("lastName", &self.last_name);
        if let Some(m) = &self.mobile {
            w.field("mobileNumber", m);
        }
        w.field("password", password);
        w.key("roles");
        w.open('[');
        for r in &self.roles {
            w.open('{');
            match r.scope {
                Scope::Project => w.field("groupId", &r.id),
                Scope::Org => w.field("orgId", &r.id),
            }
            w.field("roleName", &r.name);
            w.close('}');
        }
        w.close(']');
        w.field("username", &self.username);
        w.close('}');
        w.finish()
    }
}

/// Why there are no 2025-02-19 calls for a user.
pub(crate) const NO_ROLE: &str = "the 2025-02-19 endpoints need an organization or project role: give --orgRole ID:ROLE or --projectRole ID:ROLE (or use --apiVersion 2023-01-01)";

/// Where `calls` would send `roles` (to organizations, to projects), without building
/// the bodies; `None` when there is no role.
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

/// The calls that invite `username` with `roles` (org roles first, then project roles,
/// each in flag order), or why there are none.
pub(crate) fn calls(username: &str, roles: &[Role], teams: &[Team]) -> Result<Vec<Call>, Error> {
    let orgs = grouped(roles, Scope::Org);
    let projects = grouped(roles, Scope::Project);
    let teams_of = |org: &str| -> Vec<&str> {
        teams
            .iter()
            .filter(|t| t.org == org)
            .map(|t| t.id.as_str())
            .collect()
    };
    match orgs.as_slice() {
        [] if projects.is_empty() => Err(Error::usage(NO_ROLE)),
        [(org, org_roles)] => Ok(vec![Call {
            target: Target::Org(org.to_string()),
            body: org_body(username, org_roles, &projects, &teams_of(org)),
        }]),
        _ => {
            let calls = orgs.iter().map(|(org, org_roles)| Call {
                target: Target::Org(org.to_string()),
                body: org_body(username, org_roles, &[], &teams_of(org)),
            });
            let adds = projects.iter().map(|(group, group_roles)| Call {
                target: Target::Group(group.to_string()),
                body: group_body(username, group_roles),
            });
            Ok(calls.chain(adds).collect())
        }
    }
}

/// Roles of `scope` grouped by id, ids in order of first appearance.
fn grouped(roles: &[Role], scope: Scope) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in roles.iter().filter(|r| r.scope == scope) {
        match out.iter_mut().find(|(id, _)| *id == r.id) {
            Some((_, names)) if names.contains(&r.name.as_str()) => {}
            Some((_, names)) => names.push(&r.name),
            None => out.push((&r.id, vec![&r.name])),
        }
    }
    out
}

/// OrgUserRequest: `{"username", "roles": {"orgRoles", "groupRoleAssignments"},
/// "teamIds"}`.
fn org_body(
    username: &str,
    org_roles: &[&str],
    projects: &[(&str, Vec<&str>)],
    teams: &[&str],
) -> String {
    let mut w = Writer::new(0);
    w.open('{');
    w.field("username", username);
    w.key("roles");
    w.open('{');
    strings(&mut w, "orgRoles", org_roles);
    if !projects.is_empty() {
        w.key("groupRoleAssignments");
        w.open('[');
        for (group, roles) in projects {
            w.open('{');
            w.field("groupId", group);
            strings(&mut w, "groupRoles", roles);
            w.close('}');
        }
        w.close(']');
    }
    w.close('}');
    if !teams.is_empty() {
        strings(&mut w, "teamIds", teams);
    }
    w.close('}');
    w.finish()
}

/// GroupUserRequest: `{"username", "roles"}`.
fn group_body(username: &str, roles: &[&str]) -> String {
    let mut w = Writer::new(0);
    w.open('{');
    w.field("username", username);
    strings(&mut w, "roles", roles);
    w.close('}');
    w.finish()
}

fn strings(w: &mut Writer, key: &str, items: &[&str]) {
    w.key(key);
    w.open('[');
    for s in items {
        w.str(s);
    }
    w.close(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::members::Target;
    use crate::users::roles::parse;

    const O1: &str = "5dd56c847a3e5a1f363d424d";
    const O2: &str = "5dd56c847a3e5a1f363d424e";
    const P1: &str = "5f71e5255afec75a3d0f96dc";
    const P2: &str = "5f71e5255afec75a3d0f96dd";

    fn roles(org: &[&str], project: &[&str]) -> Vec<Role> {
        let o = org.iter().map(|v| parse(Scope::Org, v).unwrap());
        let p = project.iter().map(|v| parse(Scope::Project, v).unwrap());
        o.chain(p).collect()
    }

    #[test]
    fn one_org_carries_the_projects() {
        let planned = calls(
            "u@example.com",
            &roles(
                &[&format!("{O1}:ORG_MEMBER"), &format!("{O1}:org_read_only")],
                &[
                    &format!("{P1}:GROUP_READ_ONLY"),
                    &format!("{P2}:GROUP_OWNER"),
                    &format!("{P1}:GROUP_OWNER"),
                ],
            ),
            &[],
        )
        .unwrap();
        assert_eq!(planned.len(), 1);
        assert_eq!(planned[0].path(), format!("api/atlas/v2/orgs/{O1}/users"));
        assert_eq!(
            planned[0].body,
            format!(
                r#"{{"username":"u@example.com","roles":{{"orgRoles":["ORG_MEMBER","ORG_READ_ONLY"],"groupRoleAssignments":[{{"groupId":"{P1}","groupRoles":["GROUP_READ_ONLY","GROUP_OWNER"]}},{{"groupId":"{P2}","groupRoles":["GROUP_OWNER"]}}]}}}}"#
            )
        );
    }

    #[test]
    fn several_orgs_then_projects_and_projects_alone() {
        let planned = calls(
            "u@example.com",
            &roles(
                &[&format!("{O1}:ORG_MEMBER"), &format!("{O2}:ORG_OWNER")],
                &[&format!("{P1}:GROUP_READ_ONLY")],
            ),
            &[],
        )
        .unwrap();
        let targets: Vec<&Target> = planned.iter().map(|c| &c.target).collect();
        assert_eq!(
            targets,
            [
                &Target::Org(O1.into()),
                &Target::Org(O2.into()),
                &Target::Group(P1.into())
            ]
        );
        assert_eq!(
            planned[1].body,
            r#"{"username":"u@example.com","roles":{"orgRoles":["ORG_OWNER"]}}"#
        );
        assert_eq!(
            planned[2].body,
            r#"{"username":"u@example.com","roles":["GROUP_READ_ONLY"]}"#
        );
        let planned = calls(
            "u@example.com",
            &roles(&[], &[&format!("{P2}:GROUP_OWNER")]),
            &[],
        )
        .unwrap();
        assert_eq!(planned[0].path(), format!("api/atlas/v2/groups/{P2}/users"));
        assert!(calls("u@example.com", &[], &[])
            .unwrap_err()
            .to_string()
            .contains("need an organization or project role"));
    }
}
