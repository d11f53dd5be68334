//! The 2025-02-19 org and project user endpoints that replace createUser after its
//! 2027-07-01 sunset: createOrgUser (`POST /api/atlas/v2/orgs/{orgId}/users`) and
//! addGroupUsers (`POST /api/atlas/v2/groups/{groupId}/users`).
//!
//! Their answers (OrgUserResponse, GroupUserResponse) decode into `Member`s; a lookup or a
//! page of a whole organization's or project's read is a list of them.

use miniserde::json::Value;
use miniserde::Deserialize;

use crate::json::go_decode_value;

/// Media type of both endpoints, for `Accept` and `Content-Type`.
pub(crate) const MEDIA_TYPE: &str = "application/vnd.atlas.2025-02-19+json";

/// Which endpoint a call goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// createOrgUser for this organization.
    Org(String),
    /// addGroupUsers for this project.
    Group(String),
}

impl Target {
    /// `organization <id>` or `project <id>`, for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Target::Org(id) => format!("organization {id}"),
            Target::Group(id) => format!("project {id}"),
        }
    }
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
    /// Decodes a 2xx answer of the endpoint `target` names, as Go reads it.
    pub(crate) fn decode(target: &Target, body: &str) -> Option<Member> {
        Member::from_value(
            target,
            &crate::json::read::parse(body, crate::json::read::GO).ok()?,
        )
    }

    /// The member a value read with Go's rules describes.
    fn from_value(target: &Target, v: &Value) -> Option<Member> {
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
        let head: Head = go_decode_value(v)?;
        let person: Person = go_decode_value(v)?;
        let roles = match target {
            Target::Org(_) => Roles::Org(go_decode_value::<OrgShape>(v)?.roles.unwrap_or_default()),
            Target::Group(_) => Roles::Group(go_decode_value::<GroupShape>(v)?.roles),
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

impl Member {
    /// `orgMembershipStatus`: PENDING, ACTIVE, INVITATION_EXPIRED or INVITATION_REJECTED.
    pub(crate) fn status(&self) -> &str {
        self.org_membership_status.as_deref().unwrap_or_default()
    }

    /// Whether the invitation expired or was rejected: Atlas keeps such a user, but they
    /// are no member, and createOrgUser or addGroupUsers invites them afresh.
    pub(crate) fn lapsed(&self) -> bool {
        matches!(self.status(), "INVITATION_EXPIRED" | "INVITATION_REJECTED")
    }

    /// The org roles of an organization's answer (none for a project's).
    pub(crate) fn org_roles(&self) -> &[String] {
        match &self.roles {
            Roles::Org(o) => o.org_roles.as_deref().unwrap_or_default(),
            Roles::Group(_) => &[],
        }
    }

    /// The roles in `group`: a project's own answer, or an organization's assignment.
    pub(crate) fn group_roles(&self, group: &str) -> Option<&[String]> {
        match &self.roles {
            Roles::Group(roles) => Some(roles.as_deref().unwrap_or_default()),
            Roles::Org(o) => o
                .group_role_assignments
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|a| a.group_id.as_deref() == Some(group))
                .map(|a| a.group_roles.as_deref().unwrap_or_default()),
        }
    }

    /// The projects an organization's answer lists the member in.
    pub(crate) fn projects(&self) -> impl Iterator<Item = &str> {
        let assignments = match &self.roles {
            Roles::Org(o) => o.group_role_assignments.as_deref().unwrap_or_default(),
            Roles::Group(_) => &[],
        };
        assignments.iter().filter_map(|a| a.group_id.as_deref())
    }

    /// A project's answer's roles.
    pub(crate) fn group_roles_owned(&self) -> Option<Vec<String>> {
        match &self.roles {
            Roles::Group(roles) => Some(roles.clone().unwrap_or_default()),
            Roles::Org(_) => None,
        }
    }

    /// Sets `group`'s roles in an organization's answer (after an addition there).
    pub(crate) fn set_group_roles(&mut self, group: &str, roles: Vec<String>) {
        let Roles::Org(o) = &mut self.roles else {
            return;
        };
        let assignments = o.group_role_assignments.get_or_insert_with(Vec::new);
        match assignments
            .iter_mut()
            .find(|a| a.group_id.as_deref() == Some(group))
        {
            Some(a) => a.group_roles = Some(roles),
            None => assignments.push(GroupRoles {
                group_id: Some(group.to_string()),
                group_roles: Some(roles),
            }),
        }
    }

    /// The teams of an organization's answer.
    pub(crate) fn teams(&self) -> &[String] {
        self.team_ids.as_deref().unwrap_or_default()
    }
}

/// The members of a listOrgUsers or listGroupUsers answer (`{"results": [...]}`), in the
/// answer's order, read as Go reads them; `None` when the answer is not such a list.
pub(crate) fn page(target: &Target, body: &str) -> Option<Vec<Member>> {
    let Ok(Value::Object(page)) = crate::json::read::parse(body, crate::json::read::GO) else {
        return None;
    };
    let Some(Value::Array(results)) = page.get("results") else {
        return None;
    };
    results
        .iter()
        .map(|r| Member::from_value(target, r))
        .collect()
}

/// The member called `username` in a lookup's answer: only that username confirms
/// anything (were Atlas to ignore the filter, a stranger is not the user).
pub(crate) fn find(target: &Target, body: &str, username: &str) -> Option<Member> {
    page(target, body)?.into_iter().find(|m| {
        m.username
            .as_deref()
            .is_some_and(|u| super::same_username(u, username))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A listOrgUsers or listGroupUsers page with these usernames, ids numbered from 1.
    fn page(target: &Target, names: &[&str]) -> String {
        let roles = match target {
            Target::Org(_) => r#"{"orgRoles":["ORG_MEMBER"]}"#,
            Target::Group(_) => r#"["GROUP_READ_ONLY"]"#,
        };
        let results: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                format!(
                    r#"{{"id":"5e000000000000000000000{}","orgMembershipStatus":"ACTIVE","roles":{roles},"username":"{name}"}}"#,
                    i + 1
                )
            })
            .collect();
        format!(
            r#"{{"links":[],"results":[{}],"totalCount":{}}}"#,
            results.join(","),
            names.len()
        )
    }

    #[test]
    fn find_takes_the_user_asked_for_and_nobody_else() {
        for target in [Target::Org("o".into()), Target::Group("g".into())] {
            let id = |names: &[&str], asked: &str| {
                find(&target, &page(&target, names), asked).map(|m| m.id.unwrap_or_default())
            };
            let asked = "user@example.com";
            assert_eq!(id(&["other@example.com", "x@example.com"], asked), None);
            assert_eq!(id(&[], asked), None);
            assert_eq!(id(&["user@example.co"], asked), None);
            assert_eq!(
                id(&["other@example.com", "User@Example.com"], asked).as_deref(),
                Some("5e0000000000000000000002")
            );
            // Atlas's rule: Unicode lower case, not ASCII's alone.
            assert_eq!(
                id(&["ünal@example.com"], "ÜNAL@example.com").as_deref(),
                Some("5e0000000000000000000001")
            );
            let nameless = page(&target, &["x"]).replace(r#","username":"x""#, "");
            assert!(find(&target, &nameless, asked).is_none());
        }
    }
}
