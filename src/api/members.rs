//! The 2025-02-19 org and project user endpoints that replace createUser after its
//! 2027-07-01 sunset: createOrgUser (`POST /api/atlas/v2/orgs/{orgId}/users`) and
//! addGroupUsers (`POST /api/atlas/v2/groups/{groupId}/users`).
//!
//! The same flags map onto them: roles for one organization become one createOrgUser
//! (project roles riding along as its `groupRoleAssignments`); roles for several
//! organizations become one createOrgUser each, then one addGroupUsers per project;
//! project roles alone become addGroupUsers calls. They carry only the username and roles.

use miniserde::Deserialize;

use crate::error::Error;
use crate::input::roles::{Role, Scope};
use crate::render::json::Writer;

/// Media type of both endpoints, for `Accept` and `Content-Type`.
pub(crate) const MEDIA_TYPE: &str = "application/vnd.atlas.2025-02-19+json";

/// Which endpoint a call goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// createOrgUser for this organization.
    Org(String),
    /// addGroupUsers for this project.
    Group(String),
}

/// One membership to create: the endpoint and the request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    pub(crate) target: Target,
    pub(crate) body: String,
}

impl Call {
    /// The path below the base URL.
    pub(crate) fn path(&self) -> String {
        match &self.target {
            Target::Org(id) => format!("api/atlas/v2/orgs/{id}/users"),
            Target::Group(id) => format!("api/atlas/v2/groups/{id}/users"),
        }
    }

    /// listOrgUsers or listGroupUsers for `username`: the lookup that confirms a 409.
    pub(crate) fn lookup_path(&self, username: &str) -> String {
        format!(
            "{}?username={}",
            self.path(),
            crate::gofmt::query_escape(username)
        )
    }

    /// `organization <id>` or `project <id>`, for messages.
    pub(crate) fn describe(&self) -> String {
        match &self.target {
            Target::Org(id) => format!("organization {id}"),
            Target::Group(id) => format!("project {id}"),
        }
    }
}

/// The calls that invite `username` with `roles` (org roles first, then project roles,
/// each in flag order), or why there are none.
pub(crate) fn plan(username: &str, roles: &[Role]) -> Result<Vec<Call>, Error> {
    let orgs = grouped(roles, Scope::Org);
    let projects = grouped(roles, Scope::Project);
    match orgs.as_slice() {
        [] if projects.is_empty() => Err(Error::usage(
            "the 2025-02-19 endpoints need an organization or project role: give --orgRole ID:ROLE or --projectRole ID:ROLE (or use --apiVersion 2023-01-01)",
        )),
        [(org, org_roles)] => Ok(vec![Call {
            target: Target::Org(org.to_string()),
            body: org_body(username, org_roles, &projects),
        }]),
        _ => {
            let calls = orgs.iter().map(|(org, org_roles)| Call {
                target: Target::Org(org.to_string()),
                body: org_body(username, org_roles, &[]),
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

/// OrgUserRequest: `{"username", "roles": {"orgRoles", "groupRoleAssignments"}}`.
fn org_body(username: &str, org_roles: &[&str], projects: &[(&str, Vec<&str>)]) -> String {
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

/// A project role assignment in an answer.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GroupRoles {
    #[serde(rename = "groupId")]
    pub(crate) group_id: Option<String>,
    #[serde(rename = "groupRoles")]
    pub(crate) group_roles: Option<Vec<String>>,
}

/// An organization member's roles in an answer (OrgUserRolesResponse).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct OrgRoles {
    #[serde(rename = "groupRoleAssignments")]
    pub(crate) group_role_assignments: Option<Vec<GroupRoles>>,
    #[serde(rename = "orgRoles")]
    pub(crate) org_roles: Option<Vec<String>>,
}

/// The fields both answers share after their roles.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Person {
    #[serde(rename = "invitationCreatedAt")]
    pub(crate) invitation_created_at: Option<String>,
    #[serde(rename = "invitationExpiresAt")]
    pub(crate) invitation_expires_at: Option<String>,
    #[serde(rename = "inviterUsername")]
    pub(crate) inviter_username: Option<String>,
    pub(crate) country: Option<String>,
    #[serde(rename = "createdAt")]
    pub(crate) created_at: Option<String>,
    #[serde(rename = "firstName")]
    pub(crate) first_name: Option<String>,
    #[serde(rename = "lastAuth")]
    pub(crate) last_auth: Option<String>,
    #[serde(rename = "lastName")]
    pub(crate) last_name: Option<String>,
    #[serde(rename = "mobileNumber")]
    pub(crate) mobile_number: Option<String>,
}

/// The roles of a membership answer: an organization's, or a project's list.
#[derive(Debug, Clone)]
pub(crate) enum Roles {
    Org(OrgRoles),
    Group(Option<Vec<String>>),
}

/// A created membership as Atlas answers it: OrgUserResponse or GroupUserResponse.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) id: Option<String>,
    pub(crate) org_membership_status: Option<String>,
    pub(crate) roles: Roles,
    /// OrgUserResponse only.
    pub(crate) team_ids: Option<Vec<String>>,
    pub(crate) username: Option<String>,
    pub(crate) person: Person,
}

impl Member {
    /// Decodes a 2xx answer of the endpoint `target` names.
    pub(crate) fn decode(target: &Target, body: &str) -> Option<Member> {
        #[derive(Deserialize)]
        struct Head {
            id: Option<String>,
            #[serde(rename = "orgMembershipStatus")]
            org_membership_status: Option<String>,
            #[serde(rename = "teamIds")]
            team_ids: Option<Vec<String>>,
            username: Option<String>,
        }
        #[derive(Deserialize)]
        struct OrgShape {
            roles: Option<OrgRoles>,
        }
        #[derive(Deserialize)]
        struct GroupShape {
            roles: Option<Vec<String>>,
        }
        let head: Head = miniserde::json::from_str(body).ok()?;
        let person: Person = miniserde::json::from_str(body).ok()?;
        let roles = match target {
            Target::Org(_) => Roles::Org(
                miniserde::json::from_str::<OrgShape>(body)
                    .ok()?
                    .roles
                    .unwrap_or_default(),
            ),
            Target::Group(_) => {
                Roles::Group(miniserde::json::from_str::<GroupShape>(body).ok()?.roles)
            }
        };
        Some(Member {
            id: head.id,
            org_membership_status: head.org_membership_status,
            roles,
            team_ids: head.team_ids,
            username: head.username,
            person,
        })
    }
}

/// The member called `username` in a listOrgUsers or listGroupUsers answer
/// (`{"results": [...]}`), compared without regard to case.
pub(crate) fn find(target: &Target, body: &str, username: &str) -> Option<Member> {
    let Ok(miniserde::json::Value::Object(page)) = miniserde::json::from_str(body) else {
        return None;
    };
    let Some(miniserde::json::Value::Array(results)) = page.get("results") else {
        return None;
    };
    results
        .iter()
        .filter_map(|r| Member::decode(target, &miniserde::json::to_string(r)))
        .find(|m| {
            m.username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(username))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::roles::parse;

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
        let calls = plan(
            "u@example.com",
            &roles(
                &[&format!("{O1}:ORG_MEMBER"), &format!("{O1}:org_read_only")],
                &[
                    &format!("{P1}:GROUP_READ_ONLY"),
                    &format!("{P2}:GROUP_OWNER"),
                    &format!("{P1}:GROUP_OWNER"),
                ],
            ),
        )
        .unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].path(), format!("api/atlas/v2/orgs/{O1}/users"));
        assert_eq!(
            calls[0].body,
            format!(
                r#"{{"username":"u@example.com","roles":{{"orgRoles":["ORG_MEMBER","ORG_READ_ONLY"],"groupRoleAssignments":[{{"groupId":"{P1}","groupRoles":["GROUP_READ_ONLY","GROUP_OWNER"]}},{{"groupId":"{P2}","groupRoles":["GROUP_OWNER"]}}]}}}}"#
            )
        );
    }

    #[test]
    fn several_orgs_then_projects_and_projects_alone() {
        let calls = plan(
            "u@example.com",
            &roles(
                &[&format!("{O1}:ORG_MEMBER"), &format!("{O2}:ORG_OWNER")],
                &[&format!("{P1}:GROUP_READ_ONLY")],
            ),
        )
        .unwrap();
        let targets: Vec<&Target> = calls.iter().map(|c| &c.target).collect();
        assert_eq!(
            targets,
            [
                &Target::Org(O1.into()),
                &Target::Org(O2.into()),
                &Target::Group(P1.into())
            ]
        );
        assert_eq!(
            calls[1].body,
            r#"{"username":"u@example.com","roles":{"orgRoles":["ORG_OWNER"]}}"#
        );
        assert_eq!(
            calls[2].body,
            r#"{"username":"u@example.com","roles":["GROUP_READ_ONLY"]}"#
        );
        let calls = plan(
            "u@example.com",
            &roles(&[], &[&format!("{P2}:GROUP_OWNER")]),
        )
        .unwrap();
        assert_eq!(calls[0].path(), format!("api/atlas/v2/groups/{P2}/users"));
        assert!(plan("u@example.com", &[])
            .unwrap_err()
            .to_string()
            .contains("need an organization or project role"));
    }
}
