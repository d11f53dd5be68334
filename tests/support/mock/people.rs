//! The mock's people and their memberships, as the 2025-02-19 endpoints keep them: org
//! roles and teams per organization, roles per project. createOrgUser and addGroupUsers
//! add to them, the lookups answer from them, and the four additive calls
//! (addOrgUserRole, addGroupUserRole, addOrgTeamUser, and addGroupUsers for an existing
//! member) change them, refusing what a user already has as Atlas does.

use std::collections::BTreeMap;

use miniserde::json::{self, Value};

/// One person's memberships.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memberships {
    /// Organization id to (org roles, team ids).
    pub orgs: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Project id to project roles.
    pub groups: BTreeMap<String, Vec<String>>,
}

/// A person the mock knows.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub username: String,
    pub status: &'static str,
    pub m: Memberships,
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| json::to_string(&Value::String(s.clone())))
        .collect::<Vec<_>>()
        .join(",")
}

impl Person {
    /// OrgUserResponse for `org`: its org roles and teams, and every project role.
    pub fn org_answer(&self, org: &str) -> String {
        let (roles, teams) = self.m.orgs.get(org).cloned().unwrap_or_default();
        let groups: Vec<String> = self
            .m
            .groups
            .iter()
            .map(|(g, r)| format!(r#"{{"groupId":"{g}","groupRoles":[{}]}}"#, list(r)))
            .collect();
        format!(
            r#"{{"id":"{}","orgMembershipStatus":"{}","roles":{{"groupRoleAssignments":[{}],"orgRoles":[{}]}},"teamIds":[{}],"username":{}{}}}"#,
            self.id,
            self.status,
            groups.join(","),
            list(&roles),
            list(&teams),
            json::to_string(&Value::String(self.username.clone())),
            self.invitation()
        )
    }

    /// GroupUserResponse for `group`.
    pub fn group_answer(&self, group: &str) -> String {
        let roles = self.m.groups.get(group).cloned().unwrap_or_default();
        format!(
            r#"{{"id":"{}","orgMembershipStatus":"{}","roles":[{}],"username":{}{}}}"#,
            self.id,
            self.status,
            list(&roles),
            json::to_string(&Value::String(self.username.clone())),
            self.invitation()
        )
    }

    /// A pending user's invitation fields, as the answers carry them.
    fn invitation(&self) -> &'static str {
        match self.status {
            "PENDING" => {
                r#","invitationCreatedAt":"2026-08-10T03:07:30Z","invitationExpiresAt":"2026-09-09T03:07:30Z","inviterUsername":"admin@example.com""#
            }
            _ => "",
        }
    }
}

/// What an additive call asks for, parsed from its path.
pub enum Addition {
    OrgRole { org: String, user: String },
    GroupRole { group: String, user: String },
    Team { org: String, team: String },
}

fn hex24(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The additive call `path` names, if it is one.
pub fn addition(path: &str) -> Option<Addition> {
    let rest = path.strip_prefix("/api/atlas/v2/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        ["orgs", org, "users", user] if user.ends_with(":addRole") => Some(Addition::OrgRole {
            org: org.to_string(),
            user: user.trim_end_matches(":addRole").to_string(),
        }),
        ["groups", group, "users", user] if user.ends_with(":addRole") => {
            Some(Addition::GroupRole {
                group: group.to_string(),
                user: user.trim_end_matches(":addRole").to_string(),
            })
        }
        ["orgs", org, "teams", team] if team.ends_with(":addUser") => Some(Addition::Team {
            org: org.to_string(),
            team: team.trim_end_matches(":addUser").to_string(),
        }),
        _ => None,
    }
    .filter(|a| match a {
        Addition::OrgRole { org, user } => hex24(org) && hex24(user),
        Addition::GroupRole { group, user } => hex24(group) && hex24(user),
        Addition::Team { org, team } => hex24(org) && hex24(team),
    })
}

/// Why an additive call is refused: its status, errorCode and detail.
pub type Refusal = (u16, &'static str, String);

/// Gives `role` to a member who lacks it; 409 USER_ALREADY_HAS_ROLE, as Atlas answers,
/// when they have it.
fn grant(roles: &mut Vec<String>, role: String) -> Result<(), Refusal> {
    if roles.contains(&role) {
        return Err((
            409,
            "USER_ALREADY_HAS_ROLE",
            format!("The user already has {role}."),
        ));
    }
    roles.push(role);
    Ok(())
}

/// The one string field `key` of a body that must hold nothing else.
fn only(body: &str, key: &str) -> Result<String, Refusal> {
    let bad = || {
        (
            400,
            "INVALID_ATTRIBUTE",
            format!("The body must be {{\"{key}\": ...}} alone."),
        )
    };
    let Ok(Value::Object(o)) = json::from_str::<Value>(body) else {
        return Err(bad());
    };
    match o.get(key) {
        Some(Value::String(v)) if o.len() == 1 => Ok(v.clone()),
        _ => Err(bad()),
    }
}

/// Applies an additive call to `people`; the answer body on success.
pub fn apply(people: &mut [Person], a: &Addition, body: &str) -> Result<String, Refusal> {
    let not_found = |what: &str| (404, "RESOURCE_NOT_FOUND", format!("No {what}."));
    match a {
        Addition::OrgRole { org, user } => {
            let role = only(body, "orgRole")?;
            if !role.starts_with("ORG_") {
                return Err((
                    400,
                    "INVALID_ATTRIBUTE",
                    format!("{role} is not an organization role."),
                ));
            }
            let p = people
                .iter_mut()
                .find(|p| p.id == *user)
                .ok_or_else(|| not_found("such user"))?;
            let (roles, _) =
                p.m.orgs
                    .get_mut(org)
                    .ok_or_else(|| not_found("such organization member"))?;
            grant(roles, role)?;
            Ok(p.org_answer(org))
        }
        Addition::GroupRole { group, user } => {
            let role = only(body, "groupRole")?;
            if !role.starts_with("GROUP_") {
                return Err((
                    400,
                    "INVALID_ATTRIBUTE",
                    format!("{role} is not a project role."),
                ));
            }
            let p = people
                .iter_mut()
                .find(|p| p.id == *user)
                .ok_or_else(|| not_found("such user"))?;
            let roles =
                p.m.groups
                    .get_mut(group)
                    .ok_or_else(|| not_found("such project member"))?;
            grant(roles, role)?;
            Ok(p.group_answer(group))
        }
        Addition::Team { org, team } => {
            let id = only(body, "id")?;
            let p = people
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| not_found("such user"))?;
            let (_, teams) =
                p.m.orgs
                    .get_mut(org)
                    .ok_or_else(|| not_found("such organization member"))?;
            if teams.contains(team) {
                return Err((
                    400,
                    "USER_ALREADY_IN_TEAM",
                    "The user is in the team already.".into(),
                ));
            }
            teams.push(team.clone());
            Ok(p.org_answer(org))
        }
    }
}
